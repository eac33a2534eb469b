//! What each configured source holds, for `tidings sources`: its title (as the reader
//! shows it), kind, articles, unread articles, last fetch and status; and each sync
//! server (its feeds' articles, last sync, status and marks queued). It reads the
//! sources as the reader does (`library`), so a folder counts the articles it holds
//! and a URL source those cached; it prints nothing.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::config::{Config, SourceLocation};
use crate::library::load_library;
use crate::marks::Marks;
use crate::store::Store;

/// One configured source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceRow {
    pub title: String,
    /// `folder`, `file` or the feed format (`rss`, `atom`, `json`, `text`); `url` for a
    /// URL never fetched.
    pub kind: String,
    /// The path or URL as configured.
    pub location: String,
    pub articles: usize,
    pub unread: usize,
    /// URL sources: when they were last fetched.
    pub last_fetch: Option<DateTime<Utc>>,
    /// `ok`, `disabled`, `not fetched yet` (`not synced yet`), or `error` with `error`
    /// set.
    pub status: String,
    pub error: Option<String>,
    /// Sync servers: the marks waiting to go up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queued: Option<usize>,
}

/// The rows of every configured source, in config order.
pub fn source_rows(
    config: &Config,
    store: Option<&mut Store>,
    state_dir: Option<&std::path::Path>,
    marks: &Marks,
    now: DateTime<Utc>,
) -> Vec<SourceRow> {
    let feed_rows =
        |store: Option<&Store>, url: &str| store.and_then(|s| s.feed(url).ok().flatten());
    let mut feeds = Vec::new();
    if let Some(s) = store.as_deref() {
        for c in &config.sources {
            if let SourceLocation::Url(u) = &c.location {
                feeds.push((u.clone(), feed_rows(Some(s), u)));
            }
        }
    }
    let sync_rows: Vec<Option<crate::store::SyncRow>> = config
        .sync
        .iter()
        .map(|sc| {
            store
                .as_deref()
                .and_then(|s| s.sync_row(&sc.url).ok().flatten())
        })
        .collect();
    let lib = load_library(config, &[], store, state_dir, now);
    let mut rows: Vec<SourceRow> = config
        .sources
        .iter()
        .map(|c| {
            let (location, is_url) = match &c.location {
                SourceLocation::Url(u) => (u.clone(), true),
                SourceLocation::Path(p) => (p.display().to_string(), false),
            };
            // The library's sources from this one: the URL's, or everything under the
            // path.
            let under = |loc: &str| {
                loc == location
                    || (!is_url
                        && loc
                            .strip_prefix(location.as_str())
                            .is_some_and(|r| r.starts_with(std::path::MAIN_SEPARATOR)))
            };
            let ids: Vec<&crate::model::Source> =
                lib.sources.iter().filter(|s| under(&s.location)).collect();
            let (mut articles, mut unread) = (0, 0);
            for a in &lib.articles {
                if ids.iter().any(|s| s.id == a.source) {
                    articles += 1;
                    unread += usize::from(!marks.read(&a.id));
                }
            }
            let feed = feeds
                .iter()
                .find(|(u, _)| *u == location)
                .and_then(|(_, r)| r.clone());
            let title = c
                .title
                .clone()
                .or_else(|| feed.as_ref().and_then(|f| f.title.clone()))
                .or_else(|| (ids.len() == 1).then(|| ids[0].title.clone()))
                .unwrap_or_else(|| {
                    std::path::Path::new(&location)
                        .file_name()
                        .map_or_else(|| location.clone(), |n| n.to_string_lossy().into_owned())
                });
            let kind = if is_url {
                feed.as_ref()
                    .and_then(|f| f.kind)
                    .map_or("url", crate::model::SourceKind::as_str)
                    .to_string()
            } else if std::path::Path::new(&location).is_dir() {
                "folder".to_string()
            } else {
                ids.first().map_or("file", |s| s.kind.as_str()).to_string()
            };
            let error = if is_url {
                feed.as_ref().and_then(|f| f.last_error.clone())
            } else {
                ids.iter().find_map(|s| s.error.clone())
            };
            let status = if !c.enabled {
                "disabled"
            } else if error.is_some() {
                "error"
            } else if is_url && feed.as_ref().and_then(|f| f.last_fetch).is_none() {
                "not fetched yet"
            } else {
                "ok"
            };
            SourceRow {
                title,
                kind,
                location,
                articles,
                unread,
                last_fetch: feed.as_ref().and_then(|f| f.last_fetch),
                status: status.to_string(),
                error,
                queued: None,
            }
        })
        .collect();
    // Each sync server: its sources' articles, its last sync and error.
    for (sc, row) in config.sync.iter().zip(sync_rows) {
        let root = crate::sync::root(sc);
        let ids: Vec<&crate::model::SourceId> = lib
            .sources
            .iter()
            .filter(|s| s.location.starts_with(&root))
            .map(|s| &s.id)
            .collect();
        let (mut articles, mut unread) = (0, 0);
        for a in &lib.articles {
            if ids.contains(&&a.source) {
                articles += 1;
                unread += usize::from(!marks.read(&a.id));
            }
        }
        let error = row.as_ref().and_then(|r| r.last_error.clone());
        let last = row.as_ref().and_then(|r| r.last_sync);
        let status = if !sc.enabled {
            "disabled"
        } else if error.is_some() {
            "error"
        } else if last.is_none() {
            "not synced yet"
        } else {
            "ok"
        };
        rows.push(SourceRow {
            title: sc.url.clone(),
            kind: sc.kind.as_str().to_string(),
            location: sc.url.clone(),
            articles,
            unread,
            last_fetch: last,
            status: status.to_string(),
            error,
            queued: Some(row.map_or(0, |r| r.queued)),
        });
    }
    rows
}
