//! The command line: options shared by every command, the non-interactive subcommands
//! and their exit codes. Data goes to stdout, diagnostics to stderr.

// Every line the commands print goes through these three macros, which sanitize it
// whole: the lines quote feed text, file names, server errors and OPML titles, which
// may carry terminal escape sequences. (`export` and `state export` clean their fields
// before serialising.)

/// `println!` that tolerates a closed stdout (`tidings fetch | head`): output stops,
/// nothing panics. Escape sequences and control characters are removed.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = $crate::ingest::html::sanitize(&format!($($arg)*));
        let _ = writeln!(std::io::stdout().lock(), "{line}");
    }};
}

/// `print!` that tolerates a closed stdout; sanitized like [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = $crate::ingest::html::sanitize(&format!($($arg)*));
        let _ = write!(std::io::stdout().lock(), "{text}");
    }};
}

/// `eprintln!` for diagnostics, sanitized like [`outln!`].
macro_rules! errln {
    ($($arg:tt)*) => {{
        eprintln!("{}", $crate::ingest::html::sanitize(&format!($($arg)*)));
    }};
}

pub mod export;
pub mod feeds;
mod marks_cmd;
mod reader;
mod subscriptions;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::library::load_library;
use crate::model::Library;
use crate::query::Query;

/// A terminal news reader for plain-text articles, RSS, Atom and JSON Feed.
#[derive(Debug, Parser)]
#[command(
    name = "tidings",
    version,
    about,
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    // A help string, not a doc comment: clap prints doc comments' markdown as written.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        help = "Read this config file instead of $XDG_CONFIG_HOME/tidings/config.toml"
    )]
    pub config: Option<PathBuf>,
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help = "Keep bookmarks, read marks and the cache here instead of $XDG_DATA_HOME/tidings"
    )]
    pub state_dir: Option<PathBuf>,
    /// Pretend the time is this RFC 3339 instant (for tests and demos).
    #[arg(long, global = true, hide = true, value_parser = parse_now)]
    pub now: Option<DateTime<Utc>>,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or folders to read instead of the configured sources.
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<PathBuf>,
    /// Start with this filter query.
    #[arg(long, value_name = "QUERY")]
    pub filter: Option<String>,
    /// Draw the first complete frame, restore the terminal and exit (for measurements).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the matching articles, newest first.
    Export {
        /// Files or folders to read; default: the configured sources, else the sample data.
        #[arg(value_name = "SOURCE")]
        sources: Vec<PathBuf>,
        /// Only articles matching this query (see the README's filter language).
        #[arg(long, value_name = "QUERY")]
        filter: Option<String>,
        /// Only articles in this saved view (from [[views]], or All, Unread, Bookmarked,
        /// New); with --filter, both apply.
        #[arg(long, value_name = "NAME")]
        view: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = export::Format::Json)]
        format: export::Format,
    },
    /// Print the bookmarked articles, most recently bookmarked first.
    Bookmarks {
        /// Output format; default: a readable list on a terminal, JSON otherwise.
        #[arg(long, value_enum)]
        format: Option<export::Format>,
    },
    /// Bookmark an article (by id, as tidings export prints it; a unique prefix will do).
    Bookmark { id: String },
    /// Remove an article's bookmark.
    Unbookmark { id: String },
    /// Add tags to an article.
    Tag {
        id: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Remove tags from an article (tags from the feed or folder are hidden, not lost).
    Untag {
        id: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Mark an article read (by id; a unique prefix will do).
    Read { id: String },
    /// Mark an article unread.
    Unread { id: String },
    /// Sync with every [[sync]] server: marks queued here go up, new items and the
    /// server's read and saved state come down; one line per server.
    Sync,
    /// Fetch every URL source into the cache; one line per feed.
    Fetch {
        /// Print only failures.
        #[arg(long)]
        quiet: bool,
    },
    /// List every configured source: title, kind, articles, unread, last fetch (in the
    /// display zone) and status.
    Sources {
        /// table (aligned, with a header) or json (for scripts).
        #[arg(long, value_enum, default_value_t = feeds::SourcesFormat::Table)]
        format: feeds::SourcesFormat,
    },
    /// Subscribe to a feed URL (appends to your config file, keeping its comments).
    Add {
        url: String,
        #[arg(long)]
        title: Option<String>,
        /// A tag for every article of the feed (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Add the URL as given, without fetching it first (by default a web page is
        /// replaced by the first feed it names).
        #[arg(long)]
        no_check: bool,
    },
    /// Unsubscribe, by URL or title.
    Remove { what: String },
    /// Subscribe to every feed of an OPML file (folders become tags; duplicates skipped).
    ImportOpml { file: PathBuf },
    /// Print the subscriptions as OPML 2.0.
    ExportOpml,
    /// Move bookmarks, read marks and tags between machines.
    State {
        #[command(subcommand)]
        command: StateCommand,
    },
}

/// `tidings state ...`
#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// Write every mark to FILE as JSON (- for stdout).
    Export { file: PathBuf },
    /// Merge the marks in FILE into this state (matched by id, then link, then title and date).
    Import { file: PathBuf },
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| format!("expected an RFC 3339 time such as 2026-11-28T12:00:00Z: {e}"))
}

/// Exit codes: 0 when a source loaded, 1 when none did (or the state cannot be used),
/// 2 for bad usage, a bad config or a bad query.
const FAILED: u8 = 1;
const BAD_USAGE: u8 = 2;

/// Prints `tidings: MSG` on stderr; the exit code of a failed command.
pub(crate) fn fail(msg: &str) -> ExitCode {
    errln!("tidings: {msg}");
    ExitCode::from(FAILED)
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    // `add` and `import-opml` create the config file they were pointed at.
    let creates = matches!(
        cli.command,
        Some(Command::Add { .. } | Command::ImportOpml { .. })
    );
    let fresh = creates && cli.config.as_deref().is_some_and(|p| !p.exists());
    let loaded = if fresh {
        Ok(Config::defaults())
    } else {
        Config::discover(cli.config.as_deref())
    };
    let config = match loaded {
        Ok(c) => c,
        Err(e) => {
            errln!("tidings: {e}");
            return ExitCode::from(BAD_USAGE);
        }
    };
    let now = cli.now.unwrap_or_else(Utc::now);
    let state_dir = crate::logfile::state_dir(cli.state_dir.as_deref());
    match cli.command {
        Some(Command::Export {
            sources,
            filter,
            view,
            format,
        }) => {
            let filter = match view_filter(&config, view.as_deref(), filter) {
                Ok(f) => f,
                Err(code) => return code,
            };
            let query = match parse_query(filter.as_deref()) {
                Ok(q) => q,
                Err(code) => return code,
            };
            let (mut store, marks) = match marks_cmd::read_with_marks(state_dir.as_deref()) {
                Ok(pair) => pair,
                Err(code) => return code,
            };
            // Named URLs are fetched at the real time, not `--now`.
            let lib = load_library(&config, &sources, Some(&mut store), None, Utc::now());
            report_problems(&lib);
            let filt = query.compile(now, config.timezone);
            let picked = filt.select(&lib, &marks);
            write_out(format, &lib, &marks, &picked, config.timezone)
                .unwrap_or_else(|| loaded_code(&lib))
        }
        Some(Command::Bookmarks { format }) => {
            // People get a list; scripts (stdout not a terminal) JSON.
            let format = format.unwrap_or_else(|| {
                if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                    export::Format::List
                } else {
                    export::Format::Json
                }
            });
            marks_cmd::bookmarks(&config, state_dir.as_deref(), format)
        }
        Some(Command::Bookmark { id }) => {
            marks_cmd::bookmark(&config, state_dir.as_deref(), &id, true, now)
        }
        Some(Command::Unbookmark { id }) => {
            marks_cmd::bookmark(&config, state_dir.as_deref(), &id, false, now)
        }
        Some(Command::Read { id }) => {
            marks_cmd::read(&config, state_dir.as_deref(), &id, true, now)
        }
        Some(Command::Unread { id }) => {
            marks_cmd::read(&config, state_dir.as_deref(), &id, false, now)
        }
        Some(Command::Sync) => match marks_cmd::open_store(state_dir.as_deref()) {
            Ok(mut store) => feeds::sync_cmd(&config, &mut store, now),
            Err(code) => code,
        },
        Some(Command::Tag { id, tags }) => {
            marks_cmd::tag(&config, state_dir.as_deref(), &id, &tags, true)
        }
        Some(Command::Untag { id, tags }) => {
            marks_cmd::tag(&config, state_dir.as_deref(), &id, &tags, false)
        }
        Some(Command::State { command }) => {
            marks_cmd::state(&config, state_dir.as_deref(), command)
        }
        Some(Command::Fetch { quiet }) => match marks_cmd::open_store(state_dir.as_deref()) {
            Ok(mut store) => feeds::fetch_cmd(&config, &mut store, quiet, now),
            Err(code) => code,
        },
        Some(Command::Sources { format }) => {
            match marks_cmd::read_with_marks(state_dir.as_deref()) {
                Ok((mut store, marks)) => feeds::sources_cmd(
                    &config,
                    Some(&mut store),
                    state_dir.as_deref(),
                    &marks,
                    format,
                ),
                Err(code) => code,
            }
        }
        Some(Command::Add {
            url,
            title,
            tags,
            no_check,
        }) => match feeds::config_path(cli.config.as_deref()) {
            Some(p) => subscriptions::add(&p, &config, &url, title.as_deref(), &tags, !no_check),
            None => ExitCode::from(FAILED),
        },
        Some(Command::Remove { what }) => match feeds::config_path(cli.config.as_deref()) {
            Some(p) => {
                // The titles `tidings sources` shows (a feed's own, when the config
                // gives none).
                let titles: Vec<String> = match marks_cmd::read_with_marks(state_dir.as_deref()) {
                    Ok((mut store, marks)) => crate::overview::source_rows(
                        &config,
                        Some(&mut store),
                        state_dir.as_deref(),
                        &marks,
                        Utc::now(),
                    )
                    .into_iter()
                    .map(|r| r.title)
                    .collect(),
                    Err(_) => Vec::new(),
                };
                subscriptions::remove(&p, &config, &what, &titles)
            }
            None => ExitCode::from(FAILED),
        },
        Some(Command::ImportOpml { file }) => match feeds::config_path(cli.config.as_deref()) {
            Some(p) => subscriptions::import_opml(&p, &config, &file),
            None => ExitCode::from(FAILED),
        },
        Some(Command::ExportOpml) => {
            let store = state_dir
                .as_deref()
                .and_then(|d| crate::store::Store::open_for_reading(d).ok())
                .map(|(s, _)| s);
            let titles = |u: &str| {
                store
                    .as_ref()
                    .and_then(|s| s.feed(u).ok().flatten())
                    .and_then(|r| r.title)
            };
            out!("{}", crate::ingest::opml::export_opml(&config, &titles));
            ExitCode::SUCCESS
        }
        None => reader::run(
            &cli.sources,
            cli.filter.as_deref(),
            cli.exit_after_first_frame,
            &config,
            state_dir.as_deref(),
            now,
        ),
    }
}

/// Writes an export to stdout; `Some(code)` when writing failed.
fn write_out(
    format: export::Format,
    lib: &Library,
    marks: &crate::marks::Marks,
    picked: &[usize],
    zone: crate::zone::Zone,
) -> Option<ExitCode> {
    let mut out = std::io::stdout().lock();
    let written =
        export::write(&mut out, format, lib, marks, picked, zone).and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Some(fail(&format!("cannot write the export: {e}")))
        }
        _ => None,
    }
}

/// The filter of `--view NAME` and `--filter`, both applied.
fn view_filter(
    config: &Config,
    view: Option<&str>,
    filter: Option<String>,
) -> Result<Option<String>, ExitCode> {
    let Some(name) = view else {
        return Ok(filter);
    };
    let Some(v) = config
        .views
        .iter()
        .find(|v| v.name.eq_ignore_ascii_case(name.trim()))
    else {
        let names: Vec<&str> = config.views.iter().map(|v| v.name.as_str()).collect();
        errln!(
            "tidings: no view named {name:?}; the views are: {}",
            names.join(", ")
        );
        return Err(ExitCode::from(BAD_USAGE));
    };
    Ok(Some(match filter {
        Some(f) => format!("{} {f}", v.filter),
        None => v.filter.clone(),
    }))
}

pub(crate) fn parse_query(text: Option<&str>) -> Result<Query, ExitCode> {
    Query::parse(text.unwrap_or("")).map_err(|e| {
        errln!("tidings: invalid filter: {e}");
        if let Some(t) = text {
            errln!(
                "  {t}\n  {}^",
                " ".repeat(t[..e.position.min(t.len())].chars().count())
            );
        }
        ExitCode::from(BAD_USAGE)
    })
}

/// Prints the problems of every source on stderr.
fn report_problems(lib: &Library) {
    for s in &lib.sources {
        if let Some(e) = &s.error {
            errln!("tidings: error: {e}");
        }
        for w in &s.warnings {
            errln!("tidings: warning: {w}");
        }
    }
}

/// The keymap: the shipped default patched by the user's `[keys]`.
pub fn load_keymap(config: &Config) -> Result<crate::keymap::Keymap, crate::keymap::KeymapError> {
    let file = config
        .file
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let user = config.user_text.as_deref().map(|t| (t, file.as_str()));
    crate::keymap::Keymap::load(crate::config::DEFAULT_TOML, user)
}

pub(crate) fn loaded_code(lib: &Library) -> ExitCode {
    if lib.sources.iter().any(|s| s.error.is_none()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    }
}
