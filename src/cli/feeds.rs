//! The feed commands: `tidings fetch` (every enabled URL source through
//! [`crate::refresh`], one printed line per feed) and `tidings sources` (every source
//! with its last fetch, article count and last error), and where the user's config
//! file is for the commands that edit it (`add`, `remove`, `import-opml`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use super::fail;
use crate::config::{Config, SourceLocation};
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
        fail(&format!("{failed} of {} feeds failed", urls.len()))
    } else {
        ExitCode::SUCCESS
    }
}

/// `tidings sources`
pub fn sources_cmd(config: &Config, store: &Store) -> ExitCode {
    for s in &config.sources {
        let (loc, row) = match &s.location {
            SourceLocation::Url(u) => (u.clone(), store.feed(u).ok().flatten()),
            SourceLocation::Path(p) => (p.display().to_string(), None),
        };
        // Cleaned before padding, so the columns line up (the line is cleaned again).
        let title = sanitize(
            &s.title
                .clone()
                .or_else(|| row.as_ref().and_then(|r| r.title.clone()))
                .unwrap_or_default(),
        );
        let fetched = row.as_ref().and_then(|r| r.last_fetch).map_or_else(
            || "never".to_string(),
            |d| d.format("%Y-%m-%d %H:%M").to_string(),
        );
        let count = row.as_ref().map_or(0, |r| r.articles);
        let err = row
            .as_ref()
            .and_then(|r| r.last_error.clone())
            .map(|e| format!("  error: {e}"))
            .unwrap_or_default();
        let off = if s.enabled { "" } else { "  (disabled)" };
        outln!("{title:<28} {fetched:<16} {count:>5}  {loc}{off}{err}");
    }
    ExitCode::SUCCESS
}

/// The user's config file: `--config`, else the XDG one (created when missing).
pub fn config_path(explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(crate::config::default_path)
}
