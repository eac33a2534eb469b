//! The feed commands: `tidings fetch` (every enabled URL source through
//! [`crate::refresh`], one printed line per feed) and `tidings sources` (every source
//! with its last fetch, article count and last error), and where the user's config
//! file is for the commands that edit it (`add`, `remove`, `import-opml`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use super::fail;
use crate::config::Config;
use crate::ingest::html::sanitize;
use crate::refresh::{Status, Zones, refresh, subscribed};
use crate::store::Store;

/// `tidings fetch`
pub fn fetch_cmd(config: &Config, store: &mut Store, quiet: bool, now: DateTime<Utc>) -> ExitCode {
    let urls = subscribed(config);
    if urls.is_empty() {
        errln!("tidings: no URL sources configured (add one with `tidings add URL`)");
        return ExitCode::SUCCESS;
    }
    let mut failed = 0;
    let zones = Zones::of_config(config);
    refresh(
        store,
        &urls,
        &zones,
        &config.fetch,
        now,
        config.keep_days,
        |r| {
            if matches!(r.status, Status::Failed(_)) {
                failed += 1;
                outln!("{r}");
            } else if !quiet {
                outln!("{r}");
            }
        },
    );
    if failed > 0 {
        fail(&format!(
            "{failed} of {} failed",
            crate::model::count(urls.len(), "feed")
        ))
    } else {
        ExitCode::SUCCESS
    }
}

/// `tidings sync`: one line per server; exit 1 when any failed.
pub fn sync_cmd(config: &Config, store: &mut Store, now: DateTime<Utc>) -> ExitCode {
    let servers = crate::sync::servers(config);
    if servers.is_empty() {
        errln!(
            "tidings: no sync servers configured (add a [[sync]] table to {})",
            config.user_file_name()
        );
        return ExitCode::SUCCESS;
    }
    let mut failed = 0;
    crate::sync::sync_all(store, config, now, |r| {
        failed += usize::from(r.result.is_err());
        outln!("{r}");
    });
    if failed > 0 {
        fail(&format!(
            "{failed} of {} failed",
            crate::model::count(servers.len(), "sync server")
        ))
    } else {
        ExitCode::SUCCESS
    }
}

/// How `tidings sources` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourcesFormat {
    /// An aligned table with a header.
    Table,
    /// One JSON array, for scripts.
    Json,
}

/// `tidings sources`
pub fn sources_cmd(
    config: &Config,
    store: Option<&mut Store>,
    state_dir: Option<&Path>,
    marks: &crate::marks::Marks,
    format: SourcesFormat,
) -> ExitCode {
    if config.sources.is_empty() && config.sync.is_empty() {
        let file = config.user_file_name();
        if format == SourcesFormat::Json {
            outln!("[]");
        }
        errln!("tidings: no sources configured: the reader shows the bundled sample data");
        errln!("tidings: add yours with `tidings add URL`, or as [[sources]] in {file}");
        return ExitCode::SUCCESS;
    }
    let rows = crate::overview::source_rows(config, store, state_dir, marks, Utc::now());
    if format == SourcesFormat::Json {
        match serde_json::to_string_pretty(&rows) {
            Ok(j) => outln!("{j}"),
            Err(e) => return fail(&format!("cannot write JSON: {e}")),
        }
        return ExitCode::SUCCESS;
    }
    let zone = config.timezone;
    let table: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let fetched = r.last_fetch.map_or_else(
                || "—".to_string(),
                |d| zone.from_utc(d).format("%Y-%m-%d %H:%M").to_string(),
            );
            let mut status = match &r.error {
                Some(e) => format!("error: {}", sanitize(e)),
                None => r.status.clone(),
            };
            if let Some(n) = r.queued.filter(|&n| n > 0) {
                status = format!("{status} ({} queued)", crate::model::count(n, "mark"));
            }
            [
                sanitize(&r.title),
                r.kind.clone(),
                r.articles.to_string(),
                r.unread.to_string(),
                fetched,
                status,
            ]
        })
        .collect();
    let header = [
        "TITLE",
        "KIND",
        "ARTICLES",
        "UNREAD",
        "LAST FETCH",
        "STATUS",
    ];
    let width = crate::ui::text::width;
    let mut w: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &table {
        for (i, cell) in row.iter().enumerate() {
            w[i] = w[i].max(width(cell));
        }
    }
    // Titles are cut at 40 columns; the status, last, is not padded.
    w[0] = w[0].min(40);
    let line = |cells: [&str; 6]| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let cell = if i == 0 {
                crate::ui::text::fit(cell, w[0])
            } else {
                (*cell).to_string()
            };
            let pad = w[i].saturating_sub(width(&cell));
            match i {
                // Numbers to the right.
                2 | 3 => {
                    out.push_str(&" ".repeat(pad));
                    out.push_str(&cell);
                    out.push_str("  ");
                }
                5 => out.push_str(&cell),
                _ => {
                    out.push_str(&cell);
                    out.push_str(&" ".repeat(pad + 2));
                }
            }
        }
        out.trim_end().to_string()
    };
    outln!("{}", line(header));
    for row in &table {
        outln!(
            "{}",
            line([&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]])
        );
    }
    ExitCode::SUCCESS
}

/// The user's config file: `--config`, else the XDG one (created when missing).
pub fn config_path(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(crate::config::default_path)
}
