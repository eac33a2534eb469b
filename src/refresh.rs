//! The fetch-and-cache pipeline: fetching URL sources (conditionally, on the fetcher's
//! threads), parsing what arrives, saving it in the store's cache, and turning a cached
//! feed back into a source for the library. Used by `tidings fetch`, by the library
//! for named URLs with nothing cached, and by the reader's background refresh (which
//! at start takes the feeds [`stale`] picks).
//!
//! It owns the report of one feed's refresh ([`Report`]) and the zone of each URL
//! source's dates ([`Zones`]). It prints nothing and reads no command-line options:
//! reports go to a callback, and callers decide where they show.

use std::sync::mpsc;

use chrono::{DateTime, Utc};

use crate::config::{Config, SourceLocation};
use crate::fetch::{self, Fetched, Job, Limits, Outcome};
use crate::ingest::html::sanitize;
use crate::ingest::{encoding, feed};
use crate::model::{Article, Source, SourceId, SourceKind, Tag, push_tag};
use crate::store::{FeedMeta, Store};
use crate::zone::Zone;

/// How one feed's refresh went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Updated { new: usize, changed: usize },
    NotModified,
    Failed(String),
}

/// One line of `tidings fetch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub url: String,
    pub status: Status,
    pub moved_to: Option<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.status {
            Status::Updated { new, changed } => {
                write!(f, "new {new:>3}, updated {changed:>3}  {}", self.url)?;
            }
            Status::NotModified => write!(f, "unchanged (304)        {}", self.url)?,
            Status::Failed(why) => write!(f, "failed: {why}  {}", self.url)?,
        }
        if let Some(m) = &self.moved_to {
            write!(
                f,
                "\n  moved permanently to {m}: update the subscription (tidings remove … ; tidings add …)"
            )?;
        }
        Ok(())
    }
}

/// Parses and caches one fetch result.
fn settle(
    store: &mut Store,
    f: Fetched,
    zone: Zone,
    now: DateTime<Utc>,
    keep_days: Option<u32>,
) -> Report {
    let moved = f.moved_to.clone();
    let status = match f.result {
        Ok(Outcome::NotModified) => match store.record_fetch(&f.url, None, moved.as_deref(), now) {
            Ok(()) => Status::NotModified,
            Err(e) => Status::Failed(e.to_string()),
        },
        Ok(Outcome::Fetched {
            body,
            validators,
            content_type,
        }) => {
            let sid = SourceId::derive(&f.url);
            let charset = content_type.as_deref().and_then(encoding::charset_of);
            match feed::parse_http(&body, charset, &sid, &f.url, zone) {
                Ok(doc) => {
                    let meta = FeedMeta {
                        title: doc.title.clone(),
                        kind: Some(doc.kind),
                        link: doc.link.clone(),
                        description: doc.description.clone(),
                    };
                    match store.save_feed(
                        &f.url,
                        &meta,
                        &doc.articles,
                        &validators,
                        moved.as_deref(),
                        now,
                    ) {
                        Ok((new, changed)) => {
                            if let Some(days) = keep_days {
                                let _ = store
                                    .purge(&f.url, now - chrono::Duration::days(i64::from(days)));
                            }
                            Status::Updated { new, changed }
                        }
                        Err(e) => Status::Failed(e.to_string()),
                    }
                }
                Err(e) => {
                    let why = format!("parse: {e}");
                    let _ = store.record_fetch(&f.url, Some(&why), moved.as_deref(), now);
                    Status::Failed(why)
                }
            }
        }
        Err(e) => {
            let why = e.to_string();
            let _ = store.record_fetch(&f.url, Some(&why), moved.as_deref(), now);
            Status::Failed(why)
        }
    };
    // Errors quote server and feed text (an element's name): kept clean for every
    // place the report goes (stdout, the reader's status line).
    let status = match status {
        Status::Failed(why) => Status::Failed(sanitize(&why)),
        s => s,
    };
    Report {
        url: f.url,
        status,
        moved_to: moved,
    }
}

/// Fetches `urls` (conditionally), caches what arrives, and reports each feed as it
/// finishes.
pub fn refresh(
    store: &mut Store,
    urls: &[String],
    zones: &Zones,
    limits: &Limits,
    now: DateTime<Utc>,
    keep_days: Option<u32>,
    mut report: impl FnMut(&Report),
) {
    let jobs: Vec<Job> = urls
        .iter()
        .map(|u| Job {
            url: u.clone(),
            validators: store.validators(u).unwrap_or_default(),
        })
        .collect();
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            fetch::fetch_all(jobs, limits, |f| {
                let _ = tx.send(f);
            });
        });
        for f in rx {
            let zone = zones.of(&f.url);
            let r = settle(store, f, zone, now, keep_days);
            report(&r);
        }
    });
}

/// Which of `urls` to fetch when the reader starts, as at `now`: those never fetched or
/// with nothing cached, and those last fetched `limit` or longer ago. `limit` `None`
/// (`refresh_on_start = 0`): none. A feed the store cannot say anything about counts as
/// never fetched.
pub fn stale(
    store: &Store,
    urls: &[String],
    now: DateTime<Utc>,
    limit: Option<std::time::Duration>,
) -> Vec<String> {
    let Some(limit) = limit else {
        return Vec::new();
    };
    let limit = chrono::Duration::from_std(limit).unwrap_or(chrono::Duration::MAX);
    urls.iter()
        .filter(|u| match store.feed(u).ok().flatten() {
            Some(row) if row.articles > 0 => row.last_fetch.is_none_or(|t| now - t >= limit),
            _ => true,
        })
        .cloned()
        .collect()
}

/// The zone each URL source's dates without an offset are in: its own `timezone`, or
/// the config's.
#[derive(Debug, Clone, Default)]
pub struct Zones {
    by_url: std::collections::HashMap<String, Zone>,
    default: Option<Zone>,
}

impl Zones {
    pub fn of_config(config: &Config) -> Self {
        let by_url = config
            .sources
            .iter()
            .filter_map(|s| match &s.location {
                SourceLocation::Url(u) => Some((u.clone(), s.timezone.unwrap_or(config.timezone))),
                SourceLocation::Path(_) => None,
            })
            .collect();
        Self {
            by_url,
            default: Some(config.timezone),
        }
    }

    pub fn of(&self, url: &str) -> Zone {
        self.by_url
            .get(url)
            .copied()
            .or(self.default)
            .unwrap_or(Zone::Local)
    }
}

/// The enabled URL sources of the config.
pub fn subscribed(config: &Config) -> Vec<String> {
    config
        .sources
        .iter()
        .filter(|s| s.enabled)
        .filter_map(|s| match &s.location {
            SourceLocation::Url(u) => Some(u.clone()),
            SourceLocation::Path(_) => None,
        })
        .collect()
}

/// A URL source and its cached articles, for the library.
pub fn cached_source(
    store: Option<&Store>,
    url: &str,
    title: Option<&str>,
    tags: &[String],
) -> (Source, Vec<Article>) {
    let articles = store.and_then(|s| s.cached(url).ok()).unwrap_or_default();
    source_of_cached(store, url, title, tags, articles)
}

/// As [`cached_source`], with the cached articles read already.
pub fn source_of_cached(
    store: Option<&Store>,
    url: &str,
    title: Option<&str>,
    tags: &[String],
    mut articles: Vec<Article>,
) -> (Source, Vec<Article>) {
    let row = store.and_then(|s| s.feed(url).ok().flatten());
    let kind = row.as_ref().and_then(|r| r.kind).unwrap_or(SourceKind::Rss);
    let shown = title
        .map(str::to_string)
        .or_else(|| row.as_ref().and_then(|r| r.title.clone()))
        .unwrap_or_else(|| url.to_string());
    let mut source = Source::new(url, &sanitize(&shown), kind);
    source.tags = tags.iter().filter_map(|t| Tag::new(t)).collect();
    for a in &mut articles {
        a.source = source.id.clone();
        for t in &source.tags {
            push_tag(&mut a.tags, t.clone());
        }
    }
    match &row {
        None => source.warnings.push(format!(
            "{url}: not fetched yet — run `tidings fetch`, or press R in the reader"
        )),
        Some(r) => {
            source.link.clone_from(&r.link);
            source.description.clone_from(&r.description);
            // Stored by an older version, an error may quote feed text raw.
            if let Some(e) = r.last_error.as_deref().map(sanitize) {
                source.fetch_failed = true;
                if articles.is_empty() {
                    source.error = Some(format!("{url}: {e}"));
                } else {
                    source.warnings.push(format!(
                        "{url}: last fetch failed ({e}); showing the cached articles"
                    ));
                }
            }
        }
    }
    (source, articles)
}
