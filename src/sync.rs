//! Syncing with self-hosted aggregators (`[[sync]]`): the Fever API (`fever`) and the
//! Google Reader API (`greader`). One sync of a server, in this order:
//!
//! 1. the marks queued since the last sync go up, oldest first, each dropped from the
//!    queue once the server took it (a server that stops answering keeps the rest);
//! 2. the server's feeds and groups come down (sources, and tags on them);
//! 3. new items come down incrementally and are cached like fetched feeds (a page at
//!    a time; the cursor is kept after each page);
//! 4. the server's unread and saved/starred state comes down as read marks and
//!    bookmarks.
//!
//! Conflicts: a mark changed here since the last sync went up in step 1, before the
//! server's state is read in step 4, so the local change wins over a change made on the
//! server meanwhile. Neither API tells when a mark was set on the server (Fever has no
//! times at all; Google Reader's item times are the item's, not the mark's), so "the
//! later one wins" cannot be decided, and the change the user made on this machine is
//! kept. A mark still queued (its upload failed) is never overwritten by the server's.
//!
//! Everything a server sends is sanitized before it is stored or shown. It prints
//! nothing: each server's [`Report`] goes to a callback.

mod fever;
mod greader;
mod sources;

pub use sources::{article_id, cached_sources, feed_location, root, server_sources, stale};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Utc};

use crate::config::{Config, Limits, PasswordSource, SyncConfig, SyncKind};
use crate::ingest::html::sanitize;
use crate::model::{Article, SourceKind};
use crate::store::{FeedMeta, MarkKind, Queued, Store, SyncFeed, SyncedItem};

/// Why a sync failed, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("password: {0}")]
    Password(String),
    #[error("the server refused the user name or password")]
    Auth,
    #[error("not a {0} API: {1}")]
    NotApi(&'static str, String),
    #[error("{0}")]
    Http(String),
    #[error("{0}")]
    Store(String),
}

/// What one sync moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Items new to the cache.
    pub new: usize,
    /// Queued marks the server took.
    pub up: usize,
    /// Local marks changed to the server's.
    pub down: usize,
}

/// How the sync of one server went: one line of `tidings sync`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub url: String,
    pub result: Result<Counts, SyncError>,
    /// Marks still waiting to go up.
    pub queued: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.result {
            Ok(c) => write!(
                f,
                "synced: {} new, {} marks up, {} down  {}",
                c.new, c.up, c.down, self.url
            ),
            Err(e) => {
                write!(f, "failed: {e}")?;
                if self.queued > 0 {
                    write!(
                        f,
                        " ({} kept for the next sync)",
                        crate::model::count(self.queued, "mark")
                    )?;
                }
                write!(f, "  {}", self.url)
            }
        }
    }
}

/// A feed as a server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemoteFeed {
    pub id: String,
    pub title: String,
    pub site: Option<String>,
    pub groups: Vec<String>,
}

/// An item as a server sends it (not yet sanitized).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemoteItem {
    pub id: String,
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    pub html: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

/// What a client of one API does.
pub(crate) trait Client {
    /// Checks the credentials (and that this is the API).
    fn login(&mut self) -> Result<(), SyncError>;
    /// Sends one mark. `Ok(false)`: the server no longer has the item.
    fn send(&mut self, q: &Queued) -> Result<bool, SyncError>;
    fn feeds(&mut self) -> Result<Vec<RemoteFeed>, SyncError>;
    /// The next page of items after `cursor`, and the cursor after it; an empty page
    /// at the end.
    fn items(
        &mut self,
        cursor: Option<&str>,
    ) -> Result<(Vec<RemoteItem>, Option<String>), SyncError>;
    /// The ids of the unread items and of the saved (starred) ones.
    fn states(&mut self) -> Result<(HashSet<String>, HashSet<String>), SyncError>;
}

/// The password of a server, from its command or variable (the first line).
pub fn password(source: &PasswordSource) -> Result<String, SyncError> {
    let text = match source {
        PasswordSource::Env(var) => std::env::var(var).map_err(|_| {
            SyncError::Password(format!("the environment variable {var} is not set"))
        })?,
        PasswordSource::Command(argv) => {
            let out = std::process::Command::new(&argv[0])
                .args(&argv[1..])
                .stdin(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .output()
                .map_err(|e| SyncError::Password(format!("cannot run {}: {e}", argv[0])))?;
            if !out.status.success() {
                let err = String::from_utf8_lossy(&out.stderr);
                let first = err.lines().next().unwrap_or("").trim();
                return Err(SyncError::Password(sanitize(&format!(
                    "{} failed ({}){}",
                    argv.join(" "),
                    out.status,
                    if first.is_empty() {
                        String::new()
                    } else {
                        format!(": {first}")
                    }
                ))));
            }
            String::from_utf8_lossy(&out.stdout).into_owned()
        }
    };
    let line = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_string();
    if line.is_empty() {
        return Err(SyncError::Password("it is empty".into()));
    }
    Ok(line)
}

/// The enabled sync servers of the config.
pub fn servers(config: &Config) -> Vec<&SyncConfig> {
    config.sync.iter().filter(|s| s.enabled).collect()
}

/// Syncs every enabled server of `config`, reporting each as it finishes.
pub fn sync_all(
    store: &mut Store,
    config: &Config,
    now: DateTime<Utc>,
    mut report: impl FnMut(&Report),
) {
    for sc in servers(config) {
        let r = sync_one(store, sc, &config.fetch, now);
        report(&r);
    }
}

/// Syncs one server.
pub fn sync_one(store: &mut Store, sc: &SyncConfig, limits: &Limits, now: DateTime<Utc>) -> Report {
    let result = password(&sc.password).and_then(|pw| {
        let mut client: Box<dyn Client> = match sc.kind {
            SyncKind::Fever => Box::new(fever::Fever::new(&sc.url, &sc.user, &pw, limits)),
            SyncKind::GReader => Box::new(greader::GReader::new(&sc.url, &sc.user, &pw, limits)),
        };
        run(store, sc, client.as_mut(), now)
    });
    let result = result.map_err(|e| match e {
        // Errors quote what the server sent.
        SyncError::NotApi(k, why) => SyncError::NotApi(k, sanitize(&why)),
        SyncError::Http(why) => SyncError::Http(sanitize(&why)),
        other => other,
    });
    let error = result.as_ref().err().map(ToString::to_string);
    let _ = store.record_sync(&sc.url, sc.kind.as_str(), None, error.as_deref(), now);
    let queued = store.queued(&sc.url).map_or(0, |q| q.len());
    Report {
        url: sc.url.clone(),
        result,
        queued,
    }
}

fn store_err(e: &crate::store::StoreError) -> SyncError {
    SyncError::Store(e.to_string())
}

fn run(
    store: &mut Store,
    sc: &SyncConfig,
    client: &mut dyn Client,
    now: DateTime<Utc>,
) -> Result<Counts, SyncError> {
    let server = sc.url.as_str();
    let kind = sc.kind.as_str();
    let mut counts = Counts::default();
    client.login()?;

    // 1. Up, in order.
    for q in store.queued(server).map_err(|e| store_err(&e))? {
        let taken = client.send(&q)?;
        store.dequeue(q.seq).map_err(|e| store_err(&e))?;
        counts.up += usize::from(taken);
    }

    // 2. Feeds and groups.
    let remote_feeds = client.feeds()?;
    let feeds: Vec<SyncFeed> = remote_feeds
        .iter()
        .map(|f| SyncFeed {
            remote: f.id.clone(),
            location: feed_location(sc.kind, server, &f.id),
            title: {
                let t = sanitize(f.title.trim());
                if t.is_empty() {
                    format!("feed {}", f.id)
                } else {
                    t
                }
            },
            link: f
                .site
                .as_deref()
                .map(sanitize)
                .filter(|l| crate::model::is_web_link(l)),
            tags: f
                .groups
                .iter()
                .map(|g| sanitize(g.trim()))
                .filter(|g| !g.is_empty())
                .collect(),
        })
        .collect();
    store
        .save_sync_feeds(server, &feeds)
        .map_err(|e| store_err(&e))?;
    let by_id: HashMap<&str, &SyncFeed> = feeds.iter().map(|f| (f.remote.as_str(), f)).collect();

    // 3. Items, a page at a time.
    let mut cursor = store
        .sync_row(server)
        .map_err(|e| store_err(&e))?
        .and_then(|r| r.cursor);
    loop {
        let (page, next) = client.items(cursor.as_deref())?;
        if page.is_empty() {
            break;
        }
        let mut by_feed: BTreeMap<String, Vec<Article>> = BTreeMap::new();
        let mut synced = Vec::with_capacity(page.len());
        for item in &page {
            let location = by_id.get(item.feed.as_str()).map_or_else(
                || feed_location(sc.kind, server, &item.feed),
                |f| f.location.clone(),
            );
            let a = sources::article(server, &location, item);
            synced.push(SyncedItem {
                article: a.id.0.to_string(),
                remote: item.id.clone(),
                title: a.title.clone(),
                link: a.link.clone(),
                published: a.published,
            });
            by_feed.entry(location).or_default().push(a);
        }
        for (location, articles) in &by_feed {
            let f = feeds.iter().find(|f| &f.location == location);
            let meta = FeedMeta {
                title: f.map(|f| f.title.clone()),
                kind: Some(SourceKind::Rss),
                link: f.and_then(|f| f.link.clone()),
                description: None,
            };
            let (new, _) = store
                .save_feed(
                    location,
                    &meta,
                    articles,
                    &crate::fetch::Validators::default(),
                    None,
                    now,
                )
                .map_err(|e| store_err(&e))?;
            counts.new += new;
        }
        store
            .save_synced_items(server, &synced)
            .map_err(|e| store_err(&e))?;
        if next.is_none() || next == cursor {
            break;
        }
        cursor = next;
        if let Some(c) = &cursor {
            store
                .set_sync_cursor(server, kind, c)
                .map_err(|e| store_err(&e))?;
        }
    }

    // 4. Marks down (none of ours is queued any more, unless it was added meanwhile).
    let (unread, saved) = client.states()?;
    counts.down = store
        .apply_remote_marks(server, &unread, &saved, now)
        .map_err(|e| store_err(&e))?;
    Ok(counts)
}

/// The start of what a server answered, to quote in an error: sanitized, on one
/// line, in quotes, at most 60 characters.
pub(crate) fn quote(body: &str) -> String {
    let clean = sanitize(body);
    let words = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    let start: String = words.chars().take(60).collect();
    let more = if words.chars().count() > 60 {
        "…"
    } else {
        ""
    };
    format!("\"{start}{more}\"")
}

/// The kind of a mark for the APIs.
pub(crate) fn is_read(q: &Queued) -> bool {
    q.kind == MarkKind::Read
}

#[cfg(test)]
mod tests;
