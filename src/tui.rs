//! The terminal edge: set-up and restore, the event loop (draw → event → keymap →
//! update → effect), and the effects that touch the outside world (a browser, the
//! clipboard). Terminal events are read on a thread and arrive over one channel, as do
//! signals: SIGTERM, SIGHUP, SIGINT, SIGQUIT and SIGUSR1 leave the terminal as a quit
//! does and exit with 128 + the signal's number; SIGTSTP and Ctrl-z suspend the reader
//! (the terminal restored) until SIGCONT.
//!
//! Marks are committed by a writer thread with its own connection (`Writer`), so a
//! database another program holds never stops the keys. Every half second the loop
//! asks it whether anyone else committed since it last looked, and reloads the marks
//! when so.
//!
//! Before each frame the loop runs the jobs the state queued (`run_jobs`): an article
//! whose body is stored is read and rendered then and there, a big one on a thread,
//! and the search index (queued after the first frame, and after a refresh changed
//! the library) on a thread; what the threads finish comes back as messages.
//!
//! After the first frame the loop fetches the feeds that are stale (`Refresh::stale`).
//! The local files and folders are watched (`watch_local`, started before the library
//! is read): a root that changed is read again on a thread of its own (`Rereader`,
//! which also does it for `R`), and what it holds now comes back as a message.

pub mod browser;

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
use ratatui::DefaultTerminal;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP, SIGUSR1};

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::time::Instant;

use crate::app::state::Level;
use crate::app::update::background::Reread;
use crate::app::{AppState, Background, Effect, FeedDone, IndexReady, Msg, update};
use crate::config::MarkRead;
use crate::library::LocalRoot;
use crate::marks::{Change, Marks, NotSaved};
use crate::refresh as feeds;
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
    /// A sync server was synced in the background.
    Synced(Box<crate::app::SyncDone>),
    /// A signal arrived (one of `ENDING`, SIGTSTP or SIGCONT).
    Signal(i32),
    /// The writer did a job.
    Written(Report),
    /// A big article was rendered in the background.
    Rendered(crate::app::article::Done),
    /// The search index was built in the background.
    Indexed(IndexReady),
    /// The loop's own clock (`Background::Tick`).
    Tick,
    /// What the watcher of the local roots reports.
    Watched(Watched),
    /// Local roots were read again.
    Reread(Box<Reread>),
    /// The reading again that `R` asked for is over: this many roots were read.
    RereadDone(usize),
}

/// How often the loop looks for marks changed elsewhere (and for slow saves, and
/// whether an automatic refresh is due), whatever the keys.
const TICK: Duration = Duration::from_millis(500);

/// How long the loop waits for a step to be committed before it draws: a commit
/// takes a few milliseconds, so a ★ on screen is one that is saved. A step still
/// waiting after this (the database is busy) is noted in the status bar instead.
const GRACE: Duration = Duration::from_millis(100);

/// What the writer did, reported in the order it did it.
#[derive(Debug)]
pub enum Report {
    /// A step's outcome.
    Saved(Result<(), NotSaved>),
    /// A check's outcome: the marks, when someone else committed to the database
    /// since the last check (another reader, the command line, a refresh); `None`
    /// when nobody did.
    Checked(Option<Result<Marks, String>>),
}

/// What the writer is asked to do.
enum Job {
    Save(Vec<Change>),
    Check,
}

/// Commits steps of marks on a thread of its own, in the order they are sent, with
/// its own connection to the state database: a database another program holds (up
/// to the 10 s busy timeout per step) delays the saving, never the keys. It also
/// looks for other connections' commits, through that connection's `data_version`:
/// its own commits leave that unchanged (so they cause no reload) and every other
/// commit changes it, before or after its own (so none is missed).
pub struct Writer {
    tx: Option<mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    /// Starts the thread; the database in `dir` is opened at the first job (and again
    /// at the next when that failed). Everything it does is reported to `done`.
    pub fn spawn(dir: PathBuf, mut done: impl FnMut(Report) + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel::<Job>();
        let thread = std::thread::spawn(move || {
            let mut store: Option<Store> = None;
            // The version at the last check; the first check always reloads (the
            // marks shown were loaded before this connection was opened).
            let mut seen: Option<i64> = None;
            for job in rx {
                if store.is_none() {
                    match Store::open(&dir) {
                        Ok(s) => store = Some(s),
                        Err(e) => {
                            done(match job {
                                Job::Save(_) => Report::Saved(Err(NotSaved {
                                    committed: 0,
                                    error: e.to_string(),
                                })),
                                Job::Check => Report::Checked(None),
                            });
                            continue;
                        }
                    }
                }
                let Some(s) = store.as_mut() else { continue };
                done(match job {
                    Job::Save(step) => Report::Saved(save(s, &step)),
                    Job::Check => Report::Checked(check(s, &mut seen)),
                });
            }
        });
        Self {
            tx: Some(tx),
            thread: Some(thread),
        }
    }

    /// Queues a step; never waits.
    pub fn send(&self, step: Vec<Change>) {
        self.job(Job::Save(step));
    }

    /// Queues a check for other connections' commits; never waits.
    pub fn check(&self) {
        self.job(Job::Check);
    }

    fn job(&self, job: Job) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(job);
        }
    }

    /// Takes no more jobs; those sent are still done.
    pub fn close(&mut self) {
        self.tx = None;
    }

    /// Whether the thread has ended (closed, and every job done).
    pub fn is_done(&self) -> bool {
        self.thread
            .as_ref()
            .is_none_or(std::thread::JoinHandle::is_finished)
    }

    /// Waits until every job sent is done.
    pub fn finish(mut self) {
        self.stop();
    }

    /// Lets the thread finish on its own (or end with the process).
    pub fn detach(mut self) {
        self.close();
        self.thread = None;
    }

    fn stop(&mut self) {
        self.close();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Commits one step, change by change.
fn save(store: &mut Store, step: &[Change]) -> Result<(), NotSaved> {
    for (i, c) in step.iter().enumerate() {
        store.apply(c).map_err(|e| NotSaved {
            committed: i,
            error: e.to_string(),
        })?;
    }
    Ok(())
}

/// The marks, when another connection committed since the version `seen`.
fn check(store: &Store, seen: &mut Option<i64>) -> Option<Result<Marks, String>> {
    let version = store.data_version().ok()?;
    if *seen == Some(version) {
        return None;
    }
    *seen = Some(version);
    Some(store.load().map_err(|e| e.to_string()))
}

/// The signals that end the reader the way a quit does. (SIGUSR1 ends a program that
/// does not handle it; so it ends this one, cleanly.)
const ENDING: [i32; 5] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1];

/// How the terminal loop ended.
enum End {
    Quit,
    /// A signal in `ENDING`: exit with 128 + its number.
    Signal(i32),
}

/// Gives the terminal back as the reader found it: mouse reporting off, raw mode
/// off, the main screen, the cursor shown. Errors are ignored (after SIGHUP the
/// terminal may be gone).
fn leave_terminal(mouse: bool) {
    let mut out = io::stdout();
    if mouse {
        let _ = execute!(out, event::DisableMouseCapture);
    }
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = execute!(
        out,
        crossterm::terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Takes the terminal again after `leave_terminal` (or after someone else changed its
/// modes while the reader was stopped): raw mode, the alternate screen, mouse
/// reporting, and a full redraw at the next frame.
fn enter_terminal(terminal: &mut DefaultTerminal, mouse: bool) -> io::Result<()> {
    // Raw mode again even if crossterm thinks it is on: a shell resets the modes of a
    // job it stopped.
    let _ = crossterm::terminal::disable_raw_mode();
    crossterm::terminal::enable_raw_mode()?;
    execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    if mouse {
        execute!(io::stdout(), event::EnableMouseCapture)?;
    }
    // Not `clear`: it asks the terminal where the cursor is, and waits for the answer.
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Stops reading the terminal (the input thread checks `paused` between its 100 ms
/// polls), so that someone else can have it.
fn pause_input(paused: &AtomicBool) {
    paused.store(true, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(120));
}

/// Ctrl-z or SIGTSTP: the terminal as it was found, the process stopped until SIGCONT
/// (`fg`), then the reader back on a fully redrawn screen.
fn suspend(terminal: &mut DefaultTerminal, mouse: bool, paused: &AtomicBool) -> io::Result<()> {
    pause_input(paused);
    leave_terminal(mouse);
    // SIGSTOP cannot be caught: this returns once the process is continued.
    signal_hook::low_level::raise(SIGSTOP)?;
    enter_terminal(terminal, mouse)?;
    paused.store(false, Ordering::SeqCst);
    Ok(())
}

/// Sends the signals the reader handles into the event channel, from a thread of
/// their own. A second ending signal while the first is handled (saving may wait on
/// a locked database) leaves at once; a signal after the loop ended does what it
/// would do by default.
fn watch_signals(tx: mpsc::Sender<Incoming>, mouse: bool) -> io::Result<()> {
    let mut signals =
        signal_hook::iterator::Signals::new(ENDING.iter().chain(&[SIGTSTP, SIGCONT]))?;
    std::thread::spawn(move || {
        let mut ending = false;
        for sig in signals.forever() {
            if ENDING.contains(&sig) {
                if ending {
                    leave_terminal(mouse);
                    std::process::exit(128 + sig);
                }
                ending = true;
            }
            if tx.send(Incoming::Signal(sig)).is_err() {
                let _ = signal_hook::low_level::emulate_default_handler(sig);
            }
        }
    });
    Ok(())
}

fn is_ctrl(ev: &Event, c: char) -> bool {
    matches!(ev, Event::Key(k) if k.kind != KeyEventKind::Release
        && k.code == KeyCode::Char(c)
        && k.modifiers.contains(KeyModifiers::CONTROL))
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
    pub zones: crate::refresh::Zones,
    /// The config file saved views are written to (the one loaded, else where the
    /// user's config goes).
    pub config_file: Option<PathBuf>,
    /// The feeds to fetch after the first frame (`refresh::stale`).
    pub stale: Vec<String>,
    /// The local files and folders to keep current.
    pub local: Local,
    /// The enabled sync servers (`R` and `auto_refresh` sync them all).
    pub sync: Vec<crate::config::SyncConfig>,
    /// The sync servers to sync after the first frame (`sync::stale`).
    pub sync_due: Vec<crate::config::SyncConfig>,
    /// Whether a sync is under way (one at a time).
    pub syncing: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

/// What the reader needs to keep its local sources current.
#[derive(Debug, Clone)]
pub struct Local {
    /// The files and folders on disk it reads (`library::local_roots`).
    pub roots: Vec<LocalRoot>,
    /// The default zone they are read in.
    pub zone: crate::zone::Zone,
    /// Where their snapshots are.
    pub snapshots: Option<PathBuf>,
    /// Whether to watch them for changes (else only `R` reads them again).
    pub watch: bool,
    /// Changes below these folders are not watched (the state folder).
    pub ignore: Vec<PathBuf>,
}

impl Default for Local {
    fn default() -> Self {
        Self {
            roots: Vec::new(),
            zone: crate::zone::Zone::Local,
            snapshots: None,
            watch: false,
            ignore: Vec::new(),
        }
    }
}

/// What the rereading thread is asked.
enum ReadJob {
    /// These roots changed (indices into `Local::roots`).
    Roots(Vec<usize>),
    /// `R`: every root, and a report when done.
    All,
}

/// Reads local roots again on a thread of its own, one job after another (so that two
/// never write a folder's snapshot at once); jobs that queue up meanwhile are done
/// together, a root once. What they hold now goes back over the event channel.
struct Rereader {
    jobs: Option<mpsc::Sender<ReadJob>>,
}

impl Rereader {
    fn spawn(local: &Local, tx: mpsc::Sender<Incoming>) -> Self {
        if local.roots.is_empty() {
            return Self { jobs: None };
        }
        let local = local.clone();
        let (jobs, rx) = mpsc::channel::<ReadJob>();
        std::thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                let n = local.roots.len();
                let mut wanted = vec![false; n];
                let mut asked = false;
                for job in std::iter::once(first).chain(rx.try_iter()) {
                    match job {
                        ReadJob::All => {
                            asked = true;
                            wanted.fill(true);
                        }
                        ReadJob::Roots(roots) => {
                            for i in roots {
                                // A root read with those it overlaps: both read the
                                // files they share.
                                for j in crate::library::read_together(&local.roots, i) {
                                    wanted[j] = true;
                                }
                            }
                        }
                    }
                }
                let roots: Vec<&LocalRoot> = (0..n)
                    .filter(|&i| wanted[i])
                    .map(|i| &local.roots[i])
                    .collect();
                let lib = crate::library::reread(&roots, local.zone, local.snapshots.as_deref());
                let reread = Reread {
                    roots: roots.iter().map(|r| r.location()).collect(),
                    sources: lib.sources,
                    articles: lib.articles,
                };
                if tx.send(Incoming::Reread(Box::new(reread))).is_err() {
                    break;
                }
                if asked {
                    let _ = tx.send(Incoming::RereadDone(roots.len()));
                }
            }
        });
        Self { jobs: Some(jobs) }
    }

    /// Asks for `job`; `false` when there are no local roots.
    fn ask(&self, job: ReadJob) -> bool {
        self.jobs.as_ref().is_some_and(|j| j.send(job).is_ok())
    }
}

/// What the watcher of the local roots reports.
pub enum Watched {
    /// It started (with the roots it could not watch), or could not start.
    Started(Result<(crate::watch::Watcher, Vec<String>), String>),
    /// Local roots changed on disk.
    Changed(crate::watch::Change),
}

/// The local roots being watched: what the watcher reports, until the loop takes it.
pub struct Watching(mpsc::Receiver<Watched>);

/// Starts watching the local roots on a thread (a deep folder takes a while to watch),
/// before the library is read, so that what changes while it is read is not missed:
/// the changes wait for the loop (`run`). `None`: nothing to watch.
pub fn watch_local(local: &Local) -> Option<Watching> {
    if !local.watch || local.roots.is_empty() {
        return None;
    }
    let (tx, rx) = mpsc::channel();
    let targets: Vec<crate::watch::Target> = local
        .roots
        .iter()
        .map(|r| crate::watch::Target {
            path: r.path.clone(),
            folder: r.folder,
        })
        .collect();
    let ignore = local.ignore.clone();
    std::thread::spawn(move || {
        let changes = tx.clone();
        let started = crate::watch::start(&targets, ignore, move |c| {
            let _ = changes.send(Watched::Changed(c));
        });
        let _ = tx.send(Watched::Started(started));
    });
    Some(Watching(rx))
}

/// Passes what the watcher reports into the loop's channel, from a thread of its own.
fn forward_watching(watching: Watching, tx: mpsc::Sender<Incoming>) {
    std::thread::spawn(move || {
        for w in watching.0 {
            if tx.send(Incoming::Watched(w)).is_err() {
                break;
            }
        }
    });
}

/// The warning when the local roots are watched only in part, or not at all.
fn not_watched(started: Result<Vec<String>, String>) -> Option<String> {
    let why = match started {
        Ok(problems) => {
            let first = problems.first()?;
            format!(
                "{} local folder(s) not watched for changes ({first})",
                problems.len()
            )
        }
        Err(e) => format!("local files and folders are not watched for changes ({e})"),
    };
    Some(format!("{why}; R reads them again"))
}

/// Turns a terminal event into a message for `update`, through the keymap.
pub fn translate(state: &AppState, ev: &Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) {
                return Some(Msg::Action(crate::app::Action::Quit));
            }
            if state.prompt.is_open() {
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
/// start-up measurements). An ending signal (`ENDING`) leaves the terminal as a quit
/// does and exits the process with 128 + the signal's number.
pub fn run(
    mut state: AppState,
    store: Option<Store>,
    refresh: &Refresh,
    watching: Option<Watching>,
    browser: &browser::Browser,
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
    let writer_tx = tx.clone();
    let jobs_tx = tx.clone();
    let rereader = Rereader::spawn(&refresh.local, tx.clone());
    let watch_tx = tx.clone();
    // Kept until the loop ends: dropping it stops the watching.
    let mut watcher = None;
    if !first_frame_only && let Err(e) = watch_signals(tx.clone(), mouse) {
        tell(
            &mut state,
            Background::Say(
                Level::Warning,
                format!("signals will not restore the terminal: {e}"),
            ),
        );
    }
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

    let mut writer = store.as_ref().filter(|_| !first_frame_only).map(|s| {
        let tx = writer_tx.clone();
        Writer::spawn(s.dir().to_path_buf(), move |report| {
            let _ = tx.send(Incoming::Written(report));
        })
    });
    // A check is with the writer: no other until it reports.
    let mut checking = false;
    // What arrived while the loop waited for a commit, to be handled next.
    let mut deferred: VecDeque<Incoming> = VecDeque::new();
    if let Some(w) = watching {
        // Started before the library was read, the watcher is usually ready by now;
        // it is waited for (a little) so that nothing changed after the first frame
        // is missed.
        let until = Instant::now() + Duration::from_secs(2);
        while let Ok(m) =
            w.0.recv_timeout(until.saturating_duration_since(Instant::now()))
        {
            let started = matches!(m, Watched::Started(_));
            deferred.push_back(Incoming::Watched(m));
            if started {
                break;
            }
        }
        forward_watching(w, watch_tx);
    }
    let mut next_tick = Instant::now() + TICK;
    // Set by our own suspend: the SIGCONT that ended it needs nothing more.
    let mut resumed = false;
    let result = (|| -> io::Result<End> {
        let mut drawn = false;
        loop {
            run_jobs(&mut state, &jobs_tx);
            terminal.draw(|f| ui::render(f, &state, theme))?;
            if first_frame_only {
                return Ok(End::Quit);
            }
            if !drawn {
                // The index must not compete with the first frame.
                drawn = true;
                tell(&mut state, Background::FirstFrame);
                run_jobs(&mut state, &jobs_tx);
                start_sync(
                    refresh,
                    refresh.sync_due.clone(),
                    fetch_tx.clone(),
                    state.now,
                );
                let due = Msg::Background(Background::Stale(refresh.stale.clone()));
                if let Effect::Fetch(urls) = update(&mut state, due) {
                    last_refresh = Instant::now();
                    start_fetch(refresh, urls, fetch_tx.clone(), state.now);
                    // The gauge at once.
                    continue;
                }
            }
            // A test hook: proves the terminal is restored after a panic.
            assert!(
                std::env::var_os("TIDINGS_DEBUG_PANIC").is_none(),
                "TIDINGS_DEBUG_PANIC is set: panicking on purpose"
            );
            let incoming = match deferred.pop_front() {
                Some(m) => Ok(m),
                None => rx.recv_timeout(next_tick.saturating_duration_since(Instant::now())),
            };
            if Instant::now() >= next_tick {
                // On a timer, busy or not: marks changed elsewhere, a slow save, an
                // automatic refresh.
                next_tick = Instant::now() + TICK;
                if let Some(w) = &writer
                    && !checking
                {
                    w.check();
                    checking = true;
                }
                if !state.pending.is_empty() {
                    tell(&mut state, Background::SaveSlow);
                }
                deferred.push_back(Incoming::Tick);
                if let Some(every) = refresh.every
                    && state.notices.fetching().is_none()
                    && last_refresh.elapsed() >= every
                {
                    last_refresh = Instant::now();
                    start_sync(refresh, refresh.sync.clone(), fetch_tx.clone(), state.now);
                    // The feeds only, quietly: the watcher keeps local sources current.
                    let urls = state.feed_urls();
                    let effect = update(&mut state, Msg::Background(Background::Stale(urls)));
                    refresh_effect(&mut state, effect, refresh, &rereader, &fetch_tx);
                }
            }
            let ev = match incoming {
                Ok(Incoming::Term(ev)) => Some(ev),
                Ok(Incoming::Tick) => None,
                Ok(Incoming::Failed(e)) => {
                    // A terminal that went away also sends SIGHUP: that is the end.
                    return match ending_signal(&rx, &mut deferred) {
                        Some(sig) => Ok(End::Signal(sig)),
                        None => Err(io::Error::other(e)),
                    };
                }
                Ok(Incoming::Written(report)) => {
                    written(&mut state, report, &mut checking);
                    continue;
                }
                Ok(Incoming::Rendered(done)) => {
                    tell(&mut state, Background::Rendered(Box::new(done)));
                    continue;
                }
                Ok(Incoming::Indexed(ready)) => {
                    tell(&mut state, Background::IndexReady(Box::new(ready)));
                    continue;
                }
                Ok(Incoming::Signal(SIGTSTP)) => {
                    suspend(&mut terminal, mouse, &paused)?;
                    resumed = true;
                    let size = terminal.size()?;
                    update(&mut state, Msg::Resize(size.width, size.height));
                    continue;
                }
                Ok(Incoming::Signal(SIGCONT)) => {
                    // Stopped by someone else (SIGSTOP): the shell may have reset the
                    // terminal's modes, so take it again.
                    if !std::mem::take(&mut resumed) {
                        enter_terminal(&mut terminal, mouse)?;
                        let size = terminal.size()?;
                        update(&mut state, Msg::Resize(size.width, size.height));
                    }
                    continue;
                }
                Ok(Incoming::Signal(sig)) => return Ok(End::Signal(sig)),
                Ok(Incoming::Fetched(report)) => {
                    let done = feed_done(store.as_ref(), refresh, report);
                    tell(&mut state, Background::Fetched(Box::new(done)));
                    continue;
                }
                Ok(Incoming::FetchDone) => {
                    tell(&mut state, Background::FetchDone);
                    continue;
                }
                Ok(Incoming::Synced(done)) => {
                    tell(&mut state, Background::Synced(done));
                    continue;
                }
                Ok(Incoming::Watched(Watched::Started(started))) => {
                    let problems = started.map(|(w, problems)| {
                        watcher = Some(w);
                        problems
                    });
                    if let Some(text) = not_watched(problems) {
                        tell(&mut state, Background::Say(Level::Warning, text));
                    }
                    continue;
                }
                Ok(Incoming::Watched(Watched::Changed(change))) => {
                    let roots = match change {
                        crate::watch::Change::Roots(roots) => roots,
                        // Notices were missed: any root may have changed.
                        crate::watch::Change::Lost(_) => (0..refresh.local.roots.len()).collect(),
                    };
                    rereader.ask(ReadJob::Roots(roots));
                    continue;
                }
                Ok(Incoming::Reread(r)) => {
                    tell(&mut state, Background::Reread(r));
                    continue;
                }
                Ok(Incoming::RereadDone(n)) => {
                    tell(&mut state, Background::RereadDone(n));
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(End::Quit),
            };
            let msg = match ev {
                // In raw mode Ctrl-z is a key, not a signal: suspend as SIGTSTP would.
                Some(ev) if is_ctrl(&ev, 'z') => {
                    suspend(&mut terminal, mouse, &paused)?;
                    resumed = true;
                    let size = terminal.size()?;
                    update(&mut state, Msg::Resize(size.width, size.height));
                    continue;
                }
                Some(ev) => match translate(&state, &ev) {
                    Some(msg) => {
                        // What the key put in the article pane starts its clock now.
                        if state.mark_read == MarkRead::Shown {
                            deferred.push_back(Incoming::Tick);
                        }
                        msg
                    }
                    None => continue,
                },
                None => Msg::Background(Background::Tick {
                    at: Instant::now(),
                    wall: chrono::Utc::now(),
                }),
            };
            match update(&mut state, msg) {
                Effect::None => {}
                Effect::Quit => return Ok(End::Quit),
                effect @ (Effect::Fetch(_) | Effect::RefreshAll(_)) => {
                    last_refresh = Instant::now();
                    if matches!(effect, Effect::RefreshAll(_)) {
                        start_sync(refresh, refresh.sync.clone(), fetch_tx.clone(), state.now);
                    }
                    refresh_effect(&mut state, effect, refresh, &rereader, &fetch_tx);
                }
                Effect::Persist(step) => {
                    let Some(w) = &writer else {
                        // No database this session: the marks live until quit.
                        tell(&mut state, Background::Saved(Ok(())));
                        tell(
                            &mut state,
                            Background::Say(
                                Level::Warning,
                                "not saved: the state database could not be opened (see !)".into(),
                            ),
                        );
                        continue;
                    };
                    w.send(step);
                    // Nothing else waiting: the database is free and the commit a
                    // matter of milliseconds; wait for it (briefly) before drawing.
                    let until = Instant::now() + GRACE;
                    while state.pending.len() == 1 {
                        match rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
                            // The writer's reports in their order; the rest later.
                            Ok(Incoming::Written(report)) => {
                                written(&mut state, report, &mut checking);
                            }
                            Ok(other) => deferred.push_back(other),
                            Err(_) => break,
                        }
                    }
                    if !state.pending.is_empty() {
                        tell(&mut state, Background::SaveSlow);
                    }
                }
                Effect::SaveView(view) => {
                    let outcome = match &refresh.config_file {
                        Some(path) => crate::config::edit::save_view(path, &view)
                            .map(|()| path.display().to_string()),
                        None => Err("there is no config file to write to (set --config)".into()),
                    };
                    tell(
                        &mut state,
                        Background::ViewSaved {
                            name: view.name,
                            outcome,
                        },
                    );
                }
                Effect::CopyLink(url) => {
                    let b64 = base64::engine::general_purpose::STANDARD.encode(url.as_bytes());
                    let mut out = io::stdout();
                    write!(out, "\x1b]52;c;{b64}\x07")?;
                    out.flush()?;
                }
                Effect::OpenLink(url) => {
                    // A terminal browser takes over the screen: step aside until it
                    // exits (a configured command is waited for).
                    pause_input(&paused);
                    leave_terminal(mouse);
                    let opened = browser.open(&url);
                    enter_terminal(&mut terminal, mouse)?;
                    paused.store(false, Ordering::SeqCst);
                    if let Err(e) = opened {
                        tell(
                            &mut state,
                            Background::Say(Level::Error, format!("cannot open {url}: {e}")),
                        );
                    }
                }
            }
        }
    })();
    // Whatever ended the loop, the steps still waiting are saved first (the status
    // bar says so when the database keeps them waiting; Ctrl-c or an ending signal
    // gives up on them).
    let mut result = result;
    let mut lost = Vec::new();
    if let Some(mut w) = writer.take() {
        w.close();
        let start = Instant::now();
        let mut noted = false;
        let mut given_up = false;
        while !state.pending.is_empty() {
            let next = match deferred.pop_front() {
                Some(m) => Ok(m),
                None => rx.recv_timeout(Duration::from_millis(50)),
            };
            match next {
                Ok(Incoming::Written(Report::Saved(outcome))) => {
                    if let Err(e) = &outcome {
                        lost.push(format!("a change was not saved: {}", e.error));
                    }
                    tell(&mut state, Background::Saved(outcome));
                }
                Ok(Incoming::Term(ev)) if is_ctrl(&ev, 'c') => given_up = true,
                Ok(Incoming::Signal(sig)) if ENDING.contains(&sig) => {
                    given_up = true;
                    if matches!(result, Ok(End::Quit)) {
                        result = Ok(End::Signal(sig));
                    }
                }
                Ok(_) => {}
                Err(_) if w.is_done() => break,
                Err(_) => {
                    if !noted && start.elapsed() >= GRACE {
                        noted = true;
                        tell(&mut state, Background::SaveSlow);
                        run_render_job(&mut state, &jobs_tx);
                        let _ = terminal.draw(|f| ui::render(f, &state, theme));
                    }
                }
            }
            if given_up {
                let n = state.pending.len();
                lost.push(format!(
                    "{n} change{} not saved: given up while the state database was busy",
                    if n == 1 { " was" } else { "s were" }
                ));
                break;
            }
        }
        if given_up {
            w.detach();
        } else {
            w.finish();
        }
    }
    leave_terminal(mouse);
    // Not dropped: its drop shows the cursor again, and reports a failure to (after
    // SIGHUP) a terminal that is gone, which panics.
    std::mem::forget(terminal);
    let mut err = io::stderr();
    for e in &lost {
        let _ = writeln!(err, "tidings: {e}");
    }
    // The OS takes back the memory of 100k articles at once; freeing them one by one
    // would only delay the exit.
    std::mem::forget(state);
    match result {
        Ok(End::Quit) => Ok(()),
        Ok(End::Signal(sig)) => {
            drop(store);
            let name = signal_hook::low_level::signal_name(sig).unwrap_or("a signal");
            if let Some(dir) = refresh.state_dir.as_deref()
                && let Ok(mut log) = crate::logfile::Log::open(dir)
            {
                log.line("info", &format!("exit: {name}"));
            }
            std::process::exit(128 + sig)
        }
        Err(e) => Err(e),
    }
}

/// An ending signal among what arrives in the next 200 ms, if any; the rest is kept
/// in `deferred`.
fn ending_signal(rx: &mpsc::Receiver<Incoming>, deferred: &mut VecDeque<Incoming>) -> Option<i32> {
    let until = Instant::now() + Duration::from_millis(200);
    while let Ok(m) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
        match m {
            Incoming::Signal(sig) if ENDING.contains(&sig) => return Some(sig),
            other => deferred.push_back(other),
        }
    }
    None
}

/// Hands background work's report to `update`.
fn tell(state: &mut AppState, b: Background) {
    update(state, Msg::Background(b));
}

/// Runs the jobs the state queued for the loop (see `run_render_job`); the search
/// index is built on a thread of its own and comes back over the event channel.
fn run_jobs(state: &mut AppState, tx: &mpsc::Sender<Incoming>) {
    run_render_job(state, tx);
    if let Some(job) = state.take_index_job() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(Incoming::Indexed(job.run()));
        });
    }
}

/// Renders the article the state asked for: a big one on a thread of its own (keys go
/// on meanwhile, `app::article::job`), the rest here and now, before the frame is drawn,
/// so that a body read back from a snapshot or the feed cache shows at once.
fn run_render_job(state: &mut AppState, tx: &mpsc::Sender<Incoming>) {
    let Some(job) = state.take_render_job() else {
        return;
    };
    if job.in_background() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(Incoming::Rendered(job.run()));
        });
    } else {
        tell(state, Background::Rendered(Box::new(job.run())));
    }
}

/// Passes on what the writer reports: a step's outcome, or marks someone else changed.
fn written(state: &mut AppState, report: Report, checking: &mut bool) {
    match report {
        Report::Saved(outcome) => tell(state, Background::Saved(outcome)),
        Report::Checked(found) => {
            *checking = false;
            match found {
                Some(Ok(marks)) => tell(state, Background::MarksChanged(Box::new(marks))),
                Some(Err(e)) => tell(state, Background::MarksUnreadable(e)),
                None => {}
            }
        }
    }
}

/// Carries out a refresh: reads the local roots again (`RefreshAll`, which reports
/// when done) and fetches the feeds asked for.
fn refresh_effect(
    state: &mut AppState,
    effect: Effect,
    refresh: &Refresh,
    rereader: &Rereader,
    tx: &mpsc::Sender<Incoming>,
) {
    let urls = match effect {
        Effect::Fetch(urls) => urls,
        Effect::RefreshAll(urls) => {
            if !rereader.ask(ReadJob::All) {
                tell(state, Background::RereadDone(0));
            }
            urls
        }
        _ => return,
    };
    if !urls.is_empty() {
        start_fetch(refresh, urls, tx.clone(), state.now);
    }
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

/// Syncs `servers` on a thread of its own with its own database connection (unless a
/// sync is under way); each server's outcome, with its sources as cached now, comes
/// back over the event channel.
fn start_sync(
    refresh: &Refresh,
    servers: Vec<crate::config::SyncConfig>,
    tx: mpsc::Sender<Incoming>,
    now: chrono::DateTime<chrono::Utc>,
) {
    use std::sync::atomic::Ordering;
    let Some(dir) = refresh.state_dir.clone() else {
        return;
    };
    if servers.is_empty() || refresh.syncing.swap(true, Ordering::SeqCst) {
        return;
    }
    let (limits, busy) = (
        refresh.limits.clone(),
        std::sync::Arc::clone(&refresh.syncing),
    );
    std::thread::spawn(move || {
        let mut store = Store::open(&dir);
        for sc in &servers {
            let (line, failed, sources) = match store.as_mut() {
                Ok(store) => {
                    let report = crate::sync::sync_one(store, sc, &limits, now);
                    let (sources, articles) =
                        crate::sync::server_sources(Some(store), sc, |location| {
                            store.cached(location).unwrap_or_default()
                        });
                    let roots = vec![crate::sync::root(sc)];
                    (
                        report.to_string(),
                        report.result.is_err(),
                        Some(Reread {
                            roots,
                            sources,
                            articles: articles.into_iter().map(Box::new).collect(),
                        }),
                    )
                }
                Err(e) => (format!("failed: not synced: {e}  {}", sc.url), true, None),
            };
            let done = crate::app::SyncDone {
                line,
                failed,
                sources: sources.unwrap_or_default(),
            };
            let _ = tx.send(Incoming::Synced(Box::new(done)));
        }
        busy.store(false, Ordering::SeqCst);
    });
}

/// One feed's report as a message: with its source and articles read back from the
/// store when it brought new or changed ones (IO, so here and not in `update`).
fn feed_done(store: Option<&Store>, refresh: &Refresh, report: feeds::Report) -> FeedDone {
    let merged = match &report.status {
        feeds::Status::Updated { new, changed } if new + changed > 0 => {
            let (title, tags) = refresh
                .configured
                .get(&report.url)
                .cloned()
                .unwrap_or_default();
            Some(feeds::cached_source(
                store,
                &report.url,
                title.as_deref(),
                &tags,
            ))
        }
        _ => None,
    };
    FeedDone {
        failed: match &report.status {
            feeds::Status::Failed(why) => Some(why.clone()),
            _ => None,
        },
        url: report.url,
        moved_to: report.moved_to,
        merged,
    }
}

#[cfg(test)]
mod tests {
    use super::not_watched;

    #[test]
    fn a_watcher_that_cannot_start_or_watch_everything_is_one_warning() {
        assert_eq!(not_watched(Ok(Vec::new())), None);
        let some = not_watched(Ok(vec!["/news: too many watches".into(), "/b: x".into()]));
        assert_eq!(
            some.as_deref(),
            Some(
                "2 local folder(s) not watched for changes (/news: too many watches); R reads them again"
            )
        );
        let none = not_watched(Err("inotify limit".into())).unwrap();
        assert!(
            none.contains("not watched for changes (inotify limit)"),
            "{none}"
        );
    }
}
