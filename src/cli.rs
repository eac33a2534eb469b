//! The command line: options shared by every command, the non-interactive subcommands
//! and their exit codes. Data goes to stdout, diagnostics to stderr.

pub mod export;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::ingest::{self, SourceSpec};
use crate::model::Library;
use crate::query::{NoState, Query};

/// A terminal news reader for plain-text articles, RSS, Atom and JSON Feed.
#[derive(Debug, Parser)]
#[command(
    name = "tidings",
    version,
    about,
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    /// Read this config file instead of $`XDG_CONFIG_HOME/tidings/config.toml`.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Keep bookmarks, read marks and the cache here instead of $`XDG_DATA_HOME/tidings`.
    #[arg(long, global = true, value_name = "DIR")]
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
        /// Output format.
        #[arg(long, value_enum, default_value_t = export::Format::Json)]
        format: export::Format,
    },
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| format!("expected an RFC 3339 time such as 2026-11-28T12:00:00Z: {e}"))
}

/// Exit codes: 0 when a source loaded, 1 when none did, 2 for bad usage or a bad query.
const NONE_LOADED: u8 = 1;
const BAD_USAGE: u8 = 2;

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let config = match Config::discover(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("tidings: {e}");
            return ExitCode::from(BAD_USAGE);
        }
    };
    let now = cli.now.unwrap_or_else(Utc::now);
    match cli.command {
        Some(Command::Export {
            sources,
            filter,
            format,
        }) => {
            let query = match parse_query(filter.as_deref()) {
                Ok(q) => q,
                Err(code) => return code,
            };
            let lib = load_library(&config, &sources, true);
            let filt = query.compile(now, config.timezone);
            let picked = filt.select(&lib, &NoState);
            let mut out = std::io::stdout().lock();
            let written = export::write(&mut out, format, &lib, &picked, config.timezone)
                .and_then(|()| out.flush());
            if let Err(e) = written
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                eprintln!("tidings: cannot write the export: {e}");
                return ExitCode::from(NONE_LOADED);
            }
            loaded_code(&lib)
        }
        None => {
            let query = match parse_query(cli.filter.as_deref()) {
                Ok(q) => q,
                Err(code) => return code,
            };
            let keymap = match load_keymap(&config) {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("tidings: {e}");
                    eprintln!(
                        "tidings: fix the [keys] table of the config file; the reader did not start"
                    );
                    return ExitCode::from(BAD_USAGE);
                }
            };
            let lib = load_library(&config, &cli.sources, false);
            let area = ratatui::layout::Rect::new(0, 0, 120, 40);
            let mut log = crate::logfile::Log::default();
            let log_problem = match crate::logfile::state_dir(cli.state_dir.as_deref()) {
                Some(dir) => match crate::logfile::Log::open(&dir) {
                    Ok(l) => {
                        log = l;
                        None
                    }
                    Err(e) => Some(format!("cannot write the log in {}: {e}", dir.display())),
                },
                None => Some("no state folder: set --state-dir or XDG_DATA_HOME".to_string()),
            };
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
            let mut state =
                crate::app::AppState::new(lib, keymap, query, now, config.timezone, area);
            state.mouse = config.mouse;
            state.reading_width = config.reading_width;
            if let Some(p) = log_problem {
                state.say(crate::app::state::Level::Warning, p);
            }
            let theme = crate::ui::theme::Theme::default();
            let result = crate::tui::run(state, &theme, cli.exit_after_first_frame);
            log.line("info", &format!("exit: {result:?}"));
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("tidings: terminal error: {e}");
                    ExitCode::from(NONE_LOADED)
                }
            }
        }
    }
}

fn parse_query(text: Option<&str>) -> Result<Query, ExitCode> {
    Query::parse(text.unwrap_or("")).map_err(|e| {
        eprintln!("tidings: invalid filter: {e}");
        if let Some(t) = text {
            eprintln!(
                "  {t}\n  {}^",
                " ".repeat(t[..e.position.min(t.len())].chars().count())
            );
        }
        ExitCode::from(BAD_USAGE)
    })
}

/// The sources to read: those named, else the configured ones, else the sample data.
/// With `report`, problems are also printed on stderr.
pub fn load_library(config: &Config, named: &[PathBuf], report: bool) -> Library {
    let specs: Vec<SourceSpec> = if named.is_empty() {
        let configured: Vec<_> = config.sources.iter().filter(|s| s.enabled).collect();
        if configured.is_empty() {
            ingest::sample_specs()
        } else {
            configured
                .iter()
                .filter_map(|s| {
                    let spec = SourceSpec::from_config(s);
                    if spec.is_none() {
                        eprintln!(
                            "tidings: warning: {:?}: URL sources are not fetched yet; skipped",
                            s.location
                        );
                    }
                    spec
                })
                .collect()
        }
    } else {
        named.iter().map(SourceSpec::path).collect()
    };
    let lib = ingest::load(&specs, config.timezone);
    for s in lib.sources.iter().filter(|_| report) {
        if let Some(e) = &s.error {
            eprintln!("tidings: error: {e}");
        }
        for w in &s.warnings {
            eprintln!("tidings: warning: {w}");
        }
    }
    lib
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

fn loaded_code(lib: &Library) -> ExitCode {
    if lib.sources.iter().any(|s| s.error.is_none()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(NONE_LOADED)
    }
}
