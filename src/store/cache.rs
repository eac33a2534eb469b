//! The fetch cache: each subscribed feed's last fetch (validators, time, error) and
//! every article it ever carried, so the reader starts at once and works offline.
//! Articles that leave a feed stay; one whose content changed is updated in place
//! (same id, so its marks stay).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, classify, parse_ts, ts};
use crate::fetch::Validators;
use crate::model::{Article, SourceKind};

/// What is known about one subscribed feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRow {
    pub url: String,
    pub title: Option<String>,
    pub kind: Option<SourceKind>,
    pub link: Option<String>,
    pub description: Option<String>,
    pub last_fetch: Option<DateTime<Utc>>,
    pub last_ok: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub moved_to: Option<String>,
    pub articles: usize,
}

/// A feed's own description, as parsed.
#[derive(Debug, Clone, Default)]
pub struct FeedMeta {
    pub title: Option<String>,
    pub kind: Option<SourceKind>,
    pub link: Option<String>,
    pub description: Option<String>,
}

fn kind_str(k: Option<SourceKind>) -> Option<&'static str> {
    k.map(SourceKind::as_str)
}

fn kind_of(s: Option<&str>) -> Option<SourceKind> {
    match s {
        Some("rss") => Some(SourceKind::Rss),
        Some("atom") => Some(SourceKind::Atom),
        Some("json") => Some(SourceKind::Json),
        Some("text") => Some(SourceKind::Text),
        _ => None,
    }
}

impl Store {
    /// The validators of the last good fetch of `url`.
    pub fn validators(&self, url: &str) -> Result<Validators, StoreError> {
        let v = self
            .conn
            .query_row(
                "SELECT etag, last_modified FROM feeds WHERE url = ?1",
                [url],
                |r| {
                    Ok(Validators {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(&e))?;
        Ok(v.unwrap_or_default())
    }

    /// Stores a fetched feed; returns how many articles were new and how many changed.
    pub fn save_feed(
        &mut self,
        url: &str,
        meta: &FeedMeta,
        articles: &[Article],
        v: &Validators,
        moved_to: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(usize, usize), StoreError> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| classify(&path, &e);
        let tx = self.conn.transaction().map_err(e)?;
        tx.execute(
            "INSERT INTO feeds (url, title, kind, link, description, etag, last_modified, last_fetch, last_ok, last_error, moved_to)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, NULL, ?9)
             ON CONFLICT(url) DO UPDATE SET title = excluded.title, kind = excluded.kind, link = excluded.link,
               description = excluded.description, etag = excluded.etag, last_modified = excluded.last_modified,
               last_fetch = excluded.last_fetch, last_ok = excluded.last_ok, last_error = NULL, moved_to = excluded.moved_to",
            params![url, meta.title, kind_str(meta.kind), meta.link, meta.description, v.etag, v.last_modified, ts(now), moved_to],
        )
        .map_err(e)?;
        let (mut new, mut changed) = (0, 0);
        for a in articles {
            let json = serde_json::to_string(a).unwrap_or_default();
            let old: Option<String> = tx
                .query_row("SELECT json FROM cache WHERE id = ?1", [&a.id.0], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(e)?;
            match old {
                None => {
                    tx.execute(
                        "INSERT INTO cache (id, feed_url, json, first_seen, changed_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?4, ?4)",
                        params![a.id.0, url, json, ts(now)],
                    )
                    .map_err(e)?;
                    new += 1;
                }
                Some(o) if o != json => {
                    tx.execute(
                        "UPDATE cache SET json = ?2, feed_url = ?3, changed_at = ?4, last_seen = ?4 WHERE id = ?1",
                        params![a.id.0, json, url, ts(now)],
                    )
                    .map_err(e)?;
                    changed += 1;
                }
                Some(_) => {
                    tx.execute(
                        "UPDATE cache SET last_seen = ?2 WHERE id = ?1",
                        params![a.id.0, ts(now)],
                    )
                    .map_err(e)?;
                }
            }
        }
        tx.commit().map_err(e)?;
        Ok((new, changed))
    }

    /// Drops cached articles of `url` last seen in the feed before `before` (they
    /// left it), unless bookmarked. Returns how many went.
    pub fn purge(&mut self, url: &str, before: DateTime<Utc>) -> Result<usize, StoreError> {
        self.conn
            .execute(
                "DELETE FROM cache WHERE feed_url = ?1 AND last_seen < ?2
                   AND id NOT IN (SELECT id FROM articles WHERE bookmarked_at IS NOT NULL)",
                params![url, ts(before)],
            )
            .map_err(|e| self.err(&e))
    }

    /// Records a fetch that changed nothing (304), or one that failed.
    pub fn record_fetch(
        &mut self,
        url: &str,
        error: Option<&str>,
        moved_to: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let ok = error.is_none().then(|| ts(now));
        self.conn
            .execute(
                "INSERT INTO feeds (url, last_fetch, last_ok, last_error, moved_to) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(url) DO UPDATE SET last_fetch = excluded.last_fetch,
                   last_ok = coalesce(excluded.last_ok, last_ok), last_error = excluded.last_error,
                   moved_to = coalesce(excluded.moved_to, moved_to)",
                params![url, ts(now), ok, error, moved_to],
            )
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    /// What is known about `url`, if it was ever fetched.
    pub fn feed(&self, url: &str) -> Result<Option<FeedRow>, StoreError> {
        Ok(self.feed_rows(Some(url))?.pop())
    }

    /// Every feed in the cache.
    pub fn feeds(&self) -> Result<Vec<FeedRow>, StoreError> {
        self.feed_rows(None)
    }

    /// The rows of one feed (`Some(url)`) or of all, with their cached article counts.
    fn feed_rows(&self, url: Option<&str>) -> Result<Vec<FeedRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT f.url, f.title, f.kind, f.link, f.description, f.last_fetch, f.last_ok, f.last_error, f.moved_to,
                        (SELECT count(*) FROM cache c WHERE c.feed_url = f.url)
                 FROM feeds f WHERE ?1 IS NULL OR f.url = ?1 ORDER BY f.url",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([url], |r| {
                Ok(FeedRow {
                    url: r.get(0)?,
                    title: r.get(1)?,
                    kind: kind_of(r.get::<_, Option<String>>(2)?.as_deref()),
                    link: r.get(3)?,
                    description: r.get(4)?,
                    last_fetch: parse_ts(r.get(5)?),
                    last_ok: parse_ts(r.get(6)?),
                    last_error: r.get(7)?,
                    moved_to: r.get(8)?,
                    articles: r.get::<_, i64>(9)?.try_into().unwrap_or(0),
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(&e))
    }

    /// Every cached article of `url`.
    pub fn cached(&self, url: &str) -> Result<Vec<Article>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT json FROM cache WHERE feed_url = ?1")
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([url], |r| r.get::<_, String>(0))
            .map_err(|e| self.err(&e))?;
        let mut out = Vec::new();
        for json in rows {
            let json = json.map_err(|e| self.err(&e))?;
            if let Ok(a) = serde_json::from_str::<Article>(&json) {
                out.push(a);
            }
        }
        Ok(out)
    }
}
