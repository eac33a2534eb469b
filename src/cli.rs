//! The command line: options shared by every command, the non-interactive subcommands
//! and their exit codes. Data goes to stdout, diagnostics to stderr.

pub mod export;
mod marks_cmd;
mod reader;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::ingest::{self, SourceSpec};
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
    /// Print the bookmarked articles, most recently bookmarked first.
    Bookmarks {
        /// Output format.
        #[arg(long, value_enum, default_value_t = export::Format::Json)]
        format: export::Format,
    },
    /// Bookmark an article (by id, as `export` prints it; a unique prefix will do).
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
    /// Move bookmarks, read marks and tags between machines.
    State {
        #[command(subcommand)]
        command: StateCommand,
    },
}

/// `tidings state ...`
#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// Write every mark to FILE as JSON (`-` for stdout).
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
    let state_dir = crate::logfile::state_dir(cli.state_dir.as_deref());
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
            let store = match marks_cmd::open_store(state_dir.as_deref()) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let marks = match store.load() {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("tidings: {e}");
                    return ExitCode::from(FAILED);
                }
            };
            let lib = load_library(&config, &sources, true);
            let filt = query.compile(now, config.timezone);
            let picked = filt.select(&lib, &marks);
            write_out(format, &lib, &marks, &picked, config.timezone)
                .unwrap_or_else(|| loaded_code(&lib))
        }
        Some(Command::Bookmarks { format }) => {
            marks_cmd::bookmarks(&config, state_dir.as_deref(), format)
        }
        Some(Command::Bookmark { id }) => {
            marks_cmd::bookmark(&config, state_dir.as_deref(), &id, true, now)
        }
        Some(Command::Unbookmark { id }) => {
            marks_cmd::bookmark(&config, state_dir.as_deref(), &id, false, now)
        }
        Some(Command::Tag { id, tags }) => {
            marks_cmd::tag(&config, state_dir.as_deref(), &id, &tags, true)
        }
        Some(Command::Untag { id, tags }) => {
            marks_cmd::tag(&config, state_dir.as_deref(), &id, &tags, false)
        }
        Some(Command::State { command }) => {
            marks_cmd::state(&config, state_dir.as_deref(), command)
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
            eprintln!("tidings: cannot write the export: {e}");
            Some(ExitCode::from(FAILED))
        }
        _ => None,
    }
}

pub(crate) fn parse_query(text: Option<&str>) -> Result<Query, ExitCode> {
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

pub(crate) fn loaded_code(lib: &Library) -> ExitCode {
    if lib.sources.iter().any(|s| s.error.is_none()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    }
}
