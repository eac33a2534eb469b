//! The fetch cache: each subscribed feed's last fetch (validators, time, error) and
//! every article it ever carried, so the reader starts at once and works offline.
//! Articles that leave a feed stay; one whose content changed is updated in place
//! (same id, so its marks stay).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, classify, parse_ts, ts};
use crate::fetch::Validators;
use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Article, Html, SourceKind, StoredText, TextStore};

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
        articles: &[impl std::borrow::Borrow<Article>],
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
        for a in articles.iter().map(std::borrow::Borrow::borrow) {
            let (data, html) = encode(a);
            let old: Option<(i64, Option<Vec<u8>>, bool, String)> = tx
                .query_row(
                    "SELECT rowid, data, has_html, json FROM cache WHERE id = ?1",
                    [a.id.0.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
                .map_err(e)?;
            let Some((row, old_data, old_has_html, json)) = old else {
                tx.execute(
                    "INSERT INTO cache (id, feed_url, json, data, has_html, first_seen, changed_at, last_seen) VALUES (?1, ?2, '', ?3, ?4, ?5, ?5, ?5)",
                    params![a.id.0.as_str(), url, data, html.is_some(), ts(now)],
                )
                .map_err(e)?;
                put_html(&tx, tx.last_insert_rowid(), html.as_deref()).map_err(e)?;
                new += 1;
                continue;
            };
            let binary = old_data.is_some();
            let same = match old_data {
                Some(d) => {
                    let old_html = if old_has_html {
                        html_row(&tx, row).optional().map_err(e)?
                    } else {
                        None
                    };
                    d == data && old_html == html
                }
                // A row from before schema 3 has only JSON: compared as such, rewritten.
                None => legacy(&json).as_ref() == Some(a),
            };
            if same && binary {
                tx.execute(
                    "UPDATE cache SET last_seen = ?2 WHERE rowid = ?1",
                    params![row, ts(now)],
                )
                .map_err(e)?;
                continue;
            }
            let at = if same { "changed_at" } else { "?4" };
            tx.execute(
                &format!(
                    "UPDATE cache SET json = '', data = ?2, has_html = ?3, feed_url = ?5, changed_at = {at}, last_seen = ?4 WHERE rowid = ?1"
                ),
                params![row, data, html.is_some(), ts(now), url],
            )
            .map_err(e)?;
            put_html(&tx, row, html.as_deref()).map_err(e)?;
            if !same {
                changed += 1;
            }
        }
        tx.commit().map_err(e)?;
        Ok((new, changed))
    }

    /// Drops cached articles of `url` last seen in the feed before `before` (they
    /// left it), unless bookmarked. Returns how many went.
    pub fn purge(&mut self, url: &str, before: DateTime<Utc>) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| classify(&path, &e);
        let tx = self.conn.transaction().map_err(e)?;
        let gone = "FROM cache WHERE feed_url = ?1 AND last_seen < ?2
                   AND id NOT IN (SELECT id FROM articles WHERE bookmarked_at IS NOT NULL)";
        tx.execute(
            &format!("DELETE FROM cache_html WHERE row IN (SELECT rowid {gone})"),
            params![url, ts(before)],
        )
        .map_err(e)?;
        let n = tx
            .execute(&format!("DELETE {gone}"), params![url, ts(before)])
            .map_err(e)?;
        tx.commit().map_err(e)?;
        Ok(n)
    }

    /// Records a fetch that changed nothing (304), or one that failed. The error is
    /// stored sanitized: it quotes server and feed text, and is printed later.
    pub fn record_fetch(
        &mut self,
        url: &str,
        error: Option<&str>,
        moved_to: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let ok = error.is_none().then(|| ts(now));
        let error = error.map(crate::ingest::html::clean);
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

    /// Every cached article of `url`. Their HTML stays in the database and is read when
    /// shown.
    pub fn cached(&self, url: &str) -> Result<Vec<Article>, StoreError> {
        let mut out = Vec::new();
        self.read_cache(
            "SELECT rowid, data, json, has_html, feed_url FROM cache WHERE feed_url = ?1",
            Some(url),
            |_, a| out.push(a),
        )?;
        Ok(out)
    }

    /// Every cached article, by feed: one pass over the table (the start-up path).
    pub fn cached_all(&self) -> Result<HashMap<String, Vec<Article>>, StoreError> {
        let mut out: HashMap<String, Vec<Article>> = HashMap::new();
        self.read_cache(
            "SELECT rowid, data, json, has_html, feed_url FROM cache",
            None,
            |url, a| {
                if let Some(v) = out.get_mut(url) {
                    v.push(a);
                } else {
                    out.insert(url.to_string(), vec![a]);
                }
            },
        )?;
        Ok(out)
    }

    fn read_cache(
        &self,
        sql: &str,
        url: Option<&str>,
        mut each: impl FnMut(&str, Article),
    ) -> Result<(), StoreError> {
        let html = self
            .html
            .get_or_init(|| HtmlRows::open(&self.path).ok().map(Arc::new))
            .clone();
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(&e))?;
        let mut rows = match url {
            Some(u) => stmt.query([u]),
            None => stmt.query([]),
        }
        .map_err(|e| self.err(&e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(&e))? {
            let rowid: i64 = r.get(0).map_err(|e| self.err(&e))?;
            let data = r.get_ref(1).map_err(|e| self.err(&e))?;
            let article = if let rusqlite::types::ValueRef::Blob(b) = data {
                let Ok(mut a) = postcard::from_bytes::<Article>(b) else {
                    continue;
                };
                let has_html: bool = r.get(3).map_err(|e| self.err(&e))?;
                if let (true, Ok(at)) = (has_html, u64::try_from(rowid)) {
                    // By row: rows keep their rowid (the cache is never vacuumed, and
                    // a row's HTML goes with it).
                    a.html = match &html {
                        Some(h) => Some(Html::Stored(StoredText::new(
                            Arc::clone(h) as Arc<dyn TextStore>,
                            at,
                            0,
                        ))),
                        // No second connection: read the HTML now.
                        None => self.html_of(rowid).map(Html::Owned),
                    };
                }
                a
            } else {
                let json: String = r.get(2).map_err(|e| self.err(&e))?;
                let Some(a) = legacy(&json) else {
                    continue;
                };
                a
            };
            let feed = r.get_ref(4).map_err(|e| self.err(&e))?;
            each(feed.as_str().unwrap_or_default(), article);
        }
        Ok(())
    }

    fn html_of(&self, rowid: i64) -> Option<String> {
        html_row(&self.conn, rowid).ok()
    }
}

/// The article (compact binary, its plain body in it; the HTML is not part of it), and
/// its HTML.
fn encode(a: &Article) -> (Vec<u8>, Option<String>) {
    let html = a.html_text().map(std::borrow::Cow::into_owned);
    let data = if a.body.is_owned() {
        postcard::to_stdvec(a)
    } else {
        // A stored body would be written empty: the cache keeps its own copy.
        let owned = Article {
            body: a.plain().into_owned().into(),
            html: None,
            ..a.clone()
        };
        postcard::to_stdvec(&owned)
    };
    (data.unwrap_or_default(), html)
}

/// An article cached as JSON by schema 2, its HTML inline.
fn legacy(json: &str) -> Option<Article> {
    #[derive(serde::Deserialize)]
    struct Row {
        #[serde(flatten)]
        article: Article,
        html: Option<String>,
    }
    let row: Row = serde_json::from_str(json).ok()?;
    Some(Article {
        html: row.html.map(Html::Owned),
        ..row.article
    })
}

/// The cached HTML of cache row `row`.
fn html_row(conn: &rusqlite::Connection, row: i64) -> rusqlite::Result<String> {
    conn.query_row("SELECT html FROM cache_html WHERE row = ?1", [row], |r| {
        r.get(0)
    })
}

/// Stores (or, for `None`, removes) the HTML of cache row `row`.
fn put_html(conn: &rusqlite::Connection, row: i64, html: Option<&str>) -> rusqlite::Result<usize> {
    match html {
        Some(h) => conn.execute(
            "INSERT OR REPLACE INTO cache_html (row, html) VALUES (?1, ?2)",
            params![row, h],
        ),
        None => conn.execute("DELETE FROM cache_html WHERE row = ?1", [row]),
    }
}

/// Reads cached HTML by row, through a read-only connection of its own.
pub struct HtmlRows {
    conn: std::sync::Mutex<rusqlite::Connection>,
}

impl HtmlRows {
    fn open(path: &std::path::Path) -> rusqlite::Result<Self> {
        let conn = rusqlite::Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        Ok(Self {
            conn: std::sync::Mutex::new(conn),
        })
    }
}

impl TextStore for HtmlRows {
    fn read(&self, at: u64, _len: u32) -> std::io::Result<String> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| std::io::Error::other("the HTML reader failed before"))?;
        let rowid = i64::try_from(at).map_err(std::io::Error::other)?;
        html_row(&conn, rowid).map_err(std::io::Error::other)
    }
}
