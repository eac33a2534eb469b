//! Starting the interactive reader: keymap, library, log and state store, then the
//! terminal loop. A state database that cannot be used does not stop the reader: it
//! starts without state and says why.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use super::{BAD_USAGE, fail, load_keymap, parse_query};
use crate::app::AppState;
use crate::app::state::Level;
use crate::config::Config;
use crate::library::load_library_with;
use crate::logfile::Log;
use crate::store::Store;

/// Runs the reader over `sources` (or the configured ones).
pub fn run(
    sources: &[PathBuf],
    filter: Option<&str>,
    first_frame_only: bool,
    config: &Config,
    state_dir: Option<&Path>,
    now: DateTime<Utc>,
) -> ExitCode {
    // A --filter, else the configured start view.
    let start = filter.map(str::to_string).or_else(|| {
        let name = config.start_view.as_ref()?;
        let v = config.views.iter().find(|v| &v.name == name)?;
        Some(v.filter.clone())
    });
    let query = match parse_query(start.as_deref()) {
        Ok(q) => q,
        Err(code) => return code,
    };
    let keymap = match load_keymap(config) {
        Ok(k) => k,
        Err(e) => {
            errln!("tidings: {e}");
            errln!("tidings: fix the [keys] table of the config file; the reader did not start");
            return ExitCode::from(BAD_USAGE);
        }
    };
    let mut problems = Vec::new();
    let mut log = Log::default();
    let mut store = None;
    match state_dir {
        Some(dir) => {
            match Log::open(dir) {
                Ok(l) => log = l,
                Err(e) => problems.push(format!("cannot write the log in {}: {e}", dir.display())),
            }
            match Store::open(dir) {
                Ok(s) => store = Some(s),
                Err(e) => problems.push(format!(
                    "{e} — bookmarks and read marks are off for this session"
                )),
            }
        }
        None => problems.push("no state folder: set --state-dir or XDG_DATA_HOME".to_string()),
    }
    // Local files and folders are watched from before they are read: a change while
    // they are read is not missed.
    let local = crate::tui::Local {
        roots: crate::library::local_roots(config, sources),
        zone: config.timezone,
        snapshots: crate::library::snapshot_dir(state_dir),
        watch: !first_frame_only,
        ignore: state_dir
            .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf()))
            .into_iter()
            .collect(),
    };
    let watching = crate::tui::watch_local(&local);
    // A named URL with nothing cached is fetched before the reader starts only when
    // the reader will not fetch it in the background (`refresh_on_start = 0`); then at
    // the real time, not `now` (which `--now` may set).
    let fetch_missing = config.refresh_on_start.is_none();
    let lib = load_library_with(
        config,
        sources,
        store.as_mut(),
        state_dir,
        Utc::now(),
        fetch_missing,
    );
    // Feeds with nothing cached, or last fetched too long ago, are fetched after the
    // first frame (as at `now`, the time the reader's fetches are recorded at).
    let urls: Vec<String> = lib
        .sources
        .iter()
        .map(|s| s.location.clone())
        .filter(|l| crate::model::is_http_url(l))
        .collect();
    let due = store.as_ref().map_or_else(Vec::new, |s| {
        crate::refresh::stale(s, &urls, now, config.refresh_on_start)
    });
    // Sync servers never synced, or last synced too long ago, likewise.
    let sync_due: Vec<crate::config::SyncConfig> = store.as_ref().map_or_else(Vec::new, |s| {
        crate::sync::stale(
            s,
            &crate::sync::servers(config),
            now,
            config.refresh_on_start,
        )
        .into_iter()
        .cloned()
        .collect()
    });
    log.line(
        "info",
        &format!(
            "start: {} articles from {} sources",
            lib.articles.len(),
            lib.sources.len()
        ),
    );
    for s in &lib.sources {
        if let Some(e) = &s.error {
            log.line("error", e);
        }
        for w in &s.warnings {
            log.line("warn", w);
        }
    }
    let marks = match store.as_ref().map(Store::load) {
        Some(Ok(m)) => m,
        Some(Err(e)) => {
            problems.push(format!("{e} — starting without state"));
            store = None;
            crate::marks::Marks::default()
        }
        None => crate::marks::Marks::default(),
    };
    // This start: what arrived since the previous one is `is:new`. Recorded (sorted,
    // merged and written to disk) on a thread of its own while the state is made.
    let arrivals = state_dir.map(|dir| {
        let hashes = lib
            .articles
            .iter()
            .map(|a| crate::marks::id_hash(&a.id))
            .collect();
        let dir = dir.to_path_buf();
        std::thread::spawn(move || crate::store::arrivals::begin(&dir, hashes))
    });
    let area = ratatui::layout::Rect::new(0, 0, 120, 40);
    let mut state = AppState::with_marks(lib, marks, keymap, query, now, config.timezone, area);
    if let (Some(job), Some(dir)) = (arrivals, state_dir) {
        let (arrivals, err) = job.join().unwrap_or_else(|_| {
            let e = std::io::Error::other("recording it stopped");
            (crate::marks::Arrivals::default(), Some(e))
        });
        if let Some(e) = err {
            problems.push(format!(
                "cannot record this start in {}: {e} — is:new will count these articles again next time",
                dir.display()
            ));
        }
        state.set_arrivals(std::sync::Arc::new(arrivals));
    }
    state.mouse = config.mouse;
    state.mark_read = config.mark_read;
    state.layout = config.layout;
    state.views.clone_from(&config.views);
    if let Some(dir) = state_dir {
        let path = dir.join("index.bin");
        state.index_maker = Some(std::sync::Arc::new(move |lib| {
            crate::store::index_file::load_or_build(lib, &path)
        }));
    }
    state.reading_width = config.reading_width;
    // NO_COLOR (https://no-color.org): set and not empty.
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = crate::ui::theme::Theme::from_config(&config.theme, no_color);
    state.article_styles = theme.article;
    if sources.is_empty() && config.sources.is_empty() {
        // The bundled sample data: say so, and how to read your own.
        let file = config.user_file_name();
        state.hint(
            "sample articles · add yours: tidings add URL",
            format!(
                "These are tidings' bundled sample articles. Add your own feeds with \
                 `tidings add URL`, or files, folders and feeds as [[sources]] in {file}."
            ),
        );
    }
    for p in problems {
        log.line("error", &p);
        state.say(Level::Error, p);
    }
    let refresh = crate::tui::Refresh {
        state_dir: state_dir.map(Path::to_path_buf),
        limits: config.fetch.clone(),
        every: config.auto_refresh,
        keep_days: config.keep_days,
        zones: crate::refresh::Zones::of_config(config),
        configured: config
            .sources
            .iter()
            .filter_map(|s| match &s.location {
                crate::config::SourceLocation::Url(u) => {
                    Some((u.clone(), (s.title.clone(), s.tags.clone())))
                }
                crate::config::SourceLocation::Path(_) => None,
            })
            .collect(),
        config_file: config.file.clone().or_else(crate::config::default_path),
        stale: due,
        local,
        sync: crate::sync::servers(config).into_iter().cloned().collect(),
        sync_due,
        syncing: std::sync::Arc::default(),
    };
    let browser = crate::tui::browser::Browser {
        command: config.browser.clone(),
    };
    let result = crate::tui::run(
        state,
        store,
        &refresh,
        watching,
        &browser,
        &theme,
        first_frame_only,
    );
    log.line("info", &format!("exit: {result:?}"));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}
