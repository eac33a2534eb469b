//! The terminal edge: set-up and restore, the event loop (draw → event → keymap →
//! update → effect), and the effects that touch the outside world (a browser, the
//! clipboard). Terminal events are read on a thread and arrive over one channel.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use base64::Engine;
use crossterm::event::{
    self, Event, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::execute;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use crate::app::state::Level;
use crate::app::{AppState, Effect, Msg, update};
use crate::cli::feeds;
use crate::store::Store;
use crate::ui::{self, theme::Theme};

/// What the event-reading thread sends.
enum Incoming {
    Term(Event),
    Failed(String),
    /// One feed of a background refresh finished.
    Fetched(feeds::Report),
    /// The background refresh is over.
    FetchDone,
}

/// What the reader needs to refresh feeds in the background.
#[derive(Debug, Clone, Default)]
pub struct Refresh {
    /// Where the state database is (the refresh thread opens its own connection).
    pub state_dir: Option<PathBuf>,
    pub limits: crate::fetch::Limits,
    pub every: Option<Duration>,
    /// Days cached articles stay after leaving their feed (`None`: forever).
    pub keep_days: Option<u32>,
    /// Configured title and tags per subscribed URL.
    pub configured: HashMap<String, (Option<String>, Vec<String>)>,
    /// The zone of each subscribed URL's dates without an offset.
    pub zones: crate::cli::feeds::Zones,
}

/// Turns a terminal event into a message for `update`, through the keymap.
pub fn translate(state: &AppState, ev: &Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
                return Some(Msg::Action(crate::app::Action::Quit));
            }
            if state.prompt.is_some() {
                return Some(Msg::PromptKey(*k));
            }
            state.keymap.action(k).map(Msg::Action)
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Msg::Wheel {
                column: m.column,
                row: m.row,
                down: m.kind == MouseEventKind::ScrollDown,
            }),
            _ => None,
        },
        Event::Resize(w, h) => Some(Msg::Resize(*w, *h)),
        _ => None,
    }
}

/// Runs the reader until the user quits. `first_frame_only`: draw once and leave (for
/// start-up measurements).
pub fn run(
    mut state: AppState,
    mut store: Option<Store>,
    refresh: &Refresh,
    theme: &Theme,
    first_frame_only: bool,
) -> io::Result<()> {
    if !std::io::IsTerminal::is_terminal(&io::stdout()) {
        return Err(io::Error::other(
            "the reader needs a terminal (stdout is not one); for scripts use `tidings export`",
        ));
    }
    let mouse = state.mouse;
    if mouse {
        // ratatui's hook restores raw mode and the screen; mouse reporting is ours.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(io::stdout(), event::DisableMouseCapture);
            previous(info);
        }));
    }
    let mut terminal = ratatui::try_init()?;
    // Outermost: a panic caught inside a feed parse must not restore the terminal.
    crate::ingest::feed::quiet_guarded_panics();
    if mouse {
        execute!(io::stdout(), event::EnableMouseCapture)?;
    }
    let size = terminal.size()?;
    update(&mut state, Msg::Resize(size.width, size.height));

    let paused = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let fetch_tx = tx.clone();
    let mut last_refresh = Instant::now();
    {
        let paused = Arc::clone(&paused);
        std::thread::spawn(move || {
            loop {
                if paused.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
                match event::poll(Duration::from_millis(100)) {
                    Ok(false) => {}
                    Ok(true) => match event::read() {
                        Ok(ev) => {
                            if tx.send(Incoming::Term(ev)).is_err() {
                                break;
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(Incoming::Failed(e.to_string()));
                            break;
                        }
                    },
                    Err(e) => {
                        let _ = tx.send(Incoming::Failed(e.to_string()));
                        break;
                    }
                }
            }
        });
    }

    let mut seen_version = store.as_ref().and_then(|s| s.data_version().ok());
    let result = (|| -> io::Result<()> {
        let mut drawn = false;
        loop {
            terminal.draw(|f| ui::render(f, &state, theme))?;
            if first_frame_only {
                return Ok(());
            }
            if !drawn {
                // The index must not compete with the first frame.
                drawn = true;
                state.start_indexing();
            }
            // A test hook: proves the terminal is restored after a panic.
            assert!(
                std::env::var_os("TIDINGS_DEBUG_PANIC").is_none(),
                "TIDINGS_DEBUG_PANIC is set: panicking on purpose"
            );
            let ev = match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(Incoming::Term(ev)) => ev,
                Ok(Incoming::Failed(e)) => return Err(io::Error::other(e)),
                Ok(Incoming::Fetched(report)) => {
                    apply_report(&mut state, store.as_ref(), refresh, &report);
                    continue;
                }
                Ok(Incoming::FetchDone) => {
                    if let Some(p) = state.fetching.take() {
                        let level = if p.failed > 0 {
                            Level::Warning
                        } else {
                            Level::Info
                        };
                        let failed = if p.failed > 0 {
                            format!(", {} failed (see !)", p.failed)
                        } else {
                            String::new()
                        };
                        state.say(level, format!("fetched {} feeds{failed}", p.total));
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Some(every) = refresh.every
                        && state.fetching.is_none()
                        && last_refresh.elapsed() >= every
                    {
                        last_refresh = Instant::now();
                        if let Effect::Fetch(urls) =
                            update(&mut state, Msg::Action(crate::app::Action::RefreshAll))
                        {
                            start_fetch(refresh, urls, fetch_tx.clone(), state.now);
                        }
                    }
                    // Another instance may have changed the marks: pick them up.
                    let version = store.as_ref().and_then(|s| s.data_version().ok());
                    if let Some(s) = store.as_ref()
                        && version != seen_version
                    {
                        seen_version = version;
                        match s.load() {
                            Ok(m) => state.set_marks(m),
                            Err(e) => state.say(Level::Error, e.to_string()),
                        }
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            };
            let Some(msg) = translate(&state, &ev) else {
                continue;
            };
            match update(&mut state, msg) {
                Effect::None => {}
                Effect::Quit => return Ok(()),
                Effect::Fetch(urls) => {
                    last_refresh = Instant::now();
                    start_fetch(refresh, urls, fetch_tx.clone(), state.now);
                }
                Effect::Persist(changes) => match store.as_mut() {
                    Some(s) => {
                        for c in &changes {
                            if let Err(e) = s.apply(c) {
                                state.say(Level::Error, format!("not saved: {e}"));
                                break;
                            }
                        }
                        seen_version = s.data_version().ok();
                    }
                    None => state.say(
                        Level::Warning,
                        "not saved: the state database could not be opened (see !)",
                    ),
                },
                Effect::CopyLink(url) => {
                    let b64 = base64::engine::general_purpose::STANDARD.encode(url.as_bytes());
                    let mut out = io::stdout();
                    write!(out, "\x1b]52;c;{b64}\x07")?;
                    out.flush()?;
                }
                Effect::OpenLink(url) => {
                    // A terminal browser takes over the screen: step aside until it exits.
                    paused.store(true, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(120));
                    ratatui::restore();
                    let opened = webbrowser::open(&url);
                    terminal = ratatui::try_init()?;
                    crate::ingest::feed::quiet_guarded_panics();
                    if mouse {
                        execute!(io::stdout(), event::EnableMouseCapture)?;
                    }
                    terminal.clear()?;
                    paused.store(false, Ordering::SeqCst);
                    if let Err(e) = opened {
                        state.say(
                            crate::app::state::Level::Error,
                            format!("cannot open {url}: {e}"),
                        );
                    }
                }
            }
        }
    })();
    if mouse {
        let _ = execute!(io::stdout(), event::DisableMouseCapture);
    }
    ratatui::restore();
    // The OS takes back the memory of 100k articles at once; freeing them one by one
    // would only delay the exit.
    std::mem::forget(state);
    result
}

/// Runs a refresh on its own thread with its own database connection; each feed's
/// result comes back over the event channel.
fn start_fetch(
    refresh: &Refresh,
    urls: Vec<String>,
    tx: mpsc::Sender<Incoming>,
    now: chrono::DateTime<chrono::Utc>,
) {
    let (dir, limits, keep_days, zones) = (
        refresh.state_dir.clone(),
        refresh.limits.clone(),
        refresh.keep_days,
        refresh.zones.clone(),
    );
    std::thread::spawn(move || {
        match dir.as_deref().map(Store::open) {
            Some(Ok(mut store)) => {
                feeds::refresh(&mut store, &urls, &zones, &limits, now, keep_days, |r| {
                    let _ = tx.send(Incoming::Fetched(r.clone()));
                });
            }
            Some(Err(e)) => {
                for url in urls {
                    let report = feeds::Report {
                        url,
                        status: feeds::Status::Failed(format!("not fetched: {e}")),
                        moved_to: None,
                    };
                    let _ = tx.send(Incoming::Fetched(report));
                }
            }
            None => {}
        }
        let _ = tx.send(Incoming::FetchDone);
    });
}

/// Counts a finished feed, reports a failure, and puts new articles in the list.
fn apply_report(
    state: &mut AppState,
    store: Option<&Store>,
    refresh: &Refresh,
    report: &feeds::Report,
) {
    if let Some(p) = state.fetching.as_mut() {
        p.done += 1;
    }
    match &report.status {
        feeds::Status::Failed(why) => {
            if let Some(p) = state.fetching.as_mut() {
                p.failed += 1;
            }
            state.messages.push(crate::app::state::Message {
                level: Level::Error,
                text: format!("{}: {why}", report.url),
            });
        }
        feeds::Status::Updated { new, changed } if new + changed > 0 => {
            let (title, tags) = refresh
                .configured
                .get(&report.url)
                .cloned()
                .unwrap_or_default();
            let (source, articles) =
                feeds::cached_source(store, &report.url, title.as_deref(), &tags);
            state.merge_source(source, articles);
        }
        _ => {}
    }
    if let Some(m) = &report.moved_to {
        state.messages.push(crate::app::state::Message {
            level: Level::Warning,
            text: format!(
                "{} moved permanently to {m}: update the subscription",
                report.url
            ),
        });
    }
}
