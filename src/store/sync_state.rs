//! What is kept of each sync server (`[[sync]]`): its feeds (as sources, with their
//! groups as tags), which cached article is which server item, the state of the last
//! sync (cursor, time, error), and the durable queue of marks waiting to go up.
//!
//! The articles themselves are in the feed cache (`cache.rs`), under each server
//! feed's location. A read or bookmark change of a synced article is queued in the
//! same transaction that commits the mark ([`Store::apply`]), so a mark is never
//! committed without its upload waiting, even if the process dies at once.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, classify, parse_ts, ts};

/// The state of one sync server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncRow {
    pub url: String,
    pub kind: String,
    /// Where the next incremental download starts (the highest Fever item id, a
    /// Google Reader time).
    pub cursor: Option<String>,
    pub last_sync: Option<DateTime<Utc>>,
    pub last_ok: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Marks waiting to go up.
    pub queued: usize,
}

/// A feed of a sync server, as a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncFeed {
    /// The server's id of the feed.
    pub remote: String,
    /// The source's location (`fever:URL#feed-ID`): also the cache's feed key.
    pub location: String,
    pub title: String,
    /// The feed's web site.
    pub link: Option<String>,
    /// Its groups (categories, folders).
    pub tags: Vec<String>,
}

/// Which mark a queued change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Read,
    Saved,
}

impl MarkKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Saved => "saved",
        }
    }
}

/// One mark waiting to go up, in the order it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub seq: i64,
    /// The server's item id.
    pub remote: String,
    pub kind: MarkKind,
    pub on: bool,
    pub at: DateTime<Utc>,
}

/// An item as cached: which article it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncedItem {
    pub article: String,
    pub remote: String,
    pub title: String,
    pub link: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

impl Store {
    /// The state of the sync server at `url`, if it was ever synced or has marks
    /// waiting.
    pub fn sync_row(&self, url: &str) -> Result<Option<SyncRow>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT url, kind, cursor, last_sync, last_ok, last_error,
                        (SELECT count(*) FROM sync_queue q WHERE q.server = s.url)
                 FROM sync_servers s WHERE url = ?1",
                [url],
                |r| {
                    Ok(SyncRow {
                        url: r.get(0)?,
                        kind: r.get(1)?,
                        cursor: r.get(2)?,
                        last_sync: parse_ts(r.get(3)?),
                        last_ok: parse_ts(r.get(4)?),
                        last_error: r.get(5)?,
                        queued: r.get::<_, i64>(6)?.try_into().unwrap_or(0),
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(&e))?;
        Ok(row)
    }

    /// Records the end of a sync of `url`: its time, its error (stored sanitized:
    /// it may quote what the server sent) and, when it went well, the new cursor.
    pub fn record_sync(
        &mut self,
        url: &str,
        kind: &str,
        cursor: Option<&str>,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let ok = error.is_none().then(|| ts(now));
        let error = error.map(crate::ingest::html::clean);
        self.conn
            .execute(
                "INSERT INTO sync_servers (url, kind, cursor, last_sync, last_ok, last_error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(url) DO UPDATE SET kind = excluded.kind,
                   cursor = coalesce(excluded.cursor, cursor), last_sync = excluded.last_sync,
                   last_ok = coalesce(excluded.last_ok, last_ok), last_error = excluded.last_error",
                params![url, kind, cursor, ts(now), ok, error],
            )
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    /// Keeps the cursor of an incremental download that got this far (the rest of
    /// the sync may still fail).
    pub fn set_sync_cursor(
        &mut self,
        url: &str,
        kind: &str,
        cursor: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO sync_servers (url, kind, cursor) VALUES (?1, ?2, ?3)
                 ON CONFLICT(url) DO UPDATE SET cursor = excluded.cursor",
                params![url, kind, cursor],
            )
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    /// Replaces the feeds of sync server `server`.
    pub fn save_sync_feeds(&mut self, server: &str, feeds: &[SyncFeed]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| classify(&path, &e);
        let tx = self.conn.transaction().map_err(e)?;
        tx.execute("DELETE FROM sync_feeds WHERE server = ?1", [server])
            .map_err(e)?;
        for f in feeds {
            let tags = serde_json::to_string(&f.tags).unwrap_or_else(|_| "[]".into());
            tx.execute(
                "INSERT OR REPLACE INTO sync_feeds (server, remote, location, title, link, tags)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![server, f.remote, f.location, f.title, f.link, tags],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// The feeds of sync server `server`, by title.
    pub fn sync_feeds(&self, server: &str) -> Result<Vec<SyncFeed>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT remote, location, title, link, tags FROM sync_feeds WHERE server = ?1
                 ORDER BY title, remote",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([server], |r| {
                let tags: String = r.get(4)?;
                Ok(SyncFeed {
                    remote: r.get(0)?,
                    location: r.get(1)?,
                    title: r.get(2)?,
                    link: r.get(3)?,
                    tags: serde_json::from_str(&tags).unwrap_or_default(),
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(&e))
    }

    /// Remembers which server item each cached article is.
    pub fn save_synced_items(
        &mut self,
        server: &str,
        items: &[SyncedItem],
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| classify(&path, &e);
        let tx = self.conn.transaction().map_err(e)?;
        for i in items {
            tx.execute(
                "INSERT OR REPLACE INTO sync_items (id, server, remote, title, link, published)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    i.article,
                    server,
                    i.remote,
                    i.title,
                    i.link,
                    i.published.map(ts)
                ],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// The marks of `server` waiting to go up, oldest first.
    pub fn queued(&self, server: &str) -> Result<Vec<Queued>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, remote, what, on_, at FROM sync_queue WHERE server = ?1 ORDER BY seq",
            )
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([server], |r| {
                let what: String = r.get(2)?;
                Ok(Queued {
                    seq: r.get(0)?,
                    remote: r.get(1)?,
                    kind: if what == "saved" {
                        MarkKind::Saved
                    } else {
                        MarkKind::Read
                    },
                    on: r.get(3)?,
                    at: parse_ts(r.get(4)?).unwrap_or_default(),
                })
            })
            .map_err(|e| self.err(&e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(&e))
    }

    /// Drops a queued mark once the server has it.
    pub fn dequeue(&mut self, seq: i64) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM sync_queue WHERE seq = ?1", [seq])
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    /// Brings the read marks and bookmarks of `server`'s cached items to the server's
    /// state: read unless in `unread`, bookmarked when in `saved`. A mark with a change
    /// still queued keeps the local state (it goes up next). Returns how many marks
    /// changed.
    pub fn apply_remote_marks(
        &mut self,
        server: &str,
        unread: &HashSet<String>,
        saved: &HashSet<String>,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| classify(&path, &e);
        let tx = self.conn.transaction().map_err(e)?;
        let mut pending: HashSet<(String, String)> = HashSet::new();
        {
            let mut stmt = tx
                .prepare("SELECT remote, what FROM sync_queue WHERE server = ?1")
                .map_err(e)?;
            let rows = stmt
                .query_map([server], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(e)?;
            for r in rows {
                pending.insert(r.map_err(e)?);
            }
        }
        let items: Vec<MarkRow> = {
            let mut stmt = tx
                .prepare(
                    "SELECT i.id, i.remote, i.title, i.link, i.published,
                            a.read_at IS NOT NULL, a.bookmarked_at IS NOT NULL
                     FROM sync_items i LEFT JOIN articles a ON a.id = i.id WHERE i.server = ?1",
                )
                .map_err(e)?;
            let rows = stmt
                .query_map([server], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get::<_, Option<bool>>(5)?.unwrap_or(false),
                        r.get::<_, Option<bool>>(6)?.unwrap_or(false),
                    ))
                })
                .map_err(e)?;
            rows.collect::<Result<_, _>>().map_err(e)?
        };
        let mut changed = 0;
        let stamp = ts(now);
        for (id, remote, title, link, published, read, bookmarked) in items {
            let want_read = !unread.contains(&remote);
            let want_saved = saved.contains(&remote);
            let mut set = |column: &str, what: MarkKind, on: bool| -> rusqlite::Result<()> {
                if pending.contains(&(remote.clone(), what.as_str().to_string())) {
                    return Ok(());
                }
                tx.execute(
                    "INSERT INTO articles (id, link, title, published) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(id) DO NOTHING",
                    params![id, link, title, published],
                )?;
                tx.execute(
                    &format!("UPDATE articles SET {column} = ?1 WHERE id = ?2"),
                    params![on.then_some(&stamp), id],
                )?;
                changed += 1;
                Ok(())
            };
            if want_read != read {
                set("read_at", MarkKind::Read, want_read).map_err(e)?;
            }
            if want_saved != bookmarked {
                set("bookmarked_at", MarkKind::Saved, want_saved).map_err(e)?;
            }
        }
        tx.commit().map_err(e)?;
        Ok(changed)
    }

    /// The server item ids of `server` that are cached, by article id.
    pub fn synced_ids(&self, server: &str) -> Result<HashMap<String, String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, remote FROM sync_items WHERE server = ?1")
            .map_err(|e| self.err(&e))?;
        let rows = stmt
            .query_map([server], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(&e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(&e))
    }
}

/// An item's id, server id, title, link, date, and whether it is read and bookmarked.
type MarkRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    bool,
    bool,
);

/// Queues, in the transaction that commits it, a read or bookmark change of the
/// article `id` for its sync server, if it came from one.
pub(super) fn enqueue(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    kind: MarkKind,
    on: bool,
    at: DateTime<Utc>,
) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO sync_queue (server, remote, what, on_, at)
         SELECT server, remote, ?2, ?3, ?4 FROM sync_items WHERE id = ?1",
        params![id, kind.as_str(), on, ts(at)],
    )
}

#[cfg(test)]
mod tests;
