//! Persistence of what the user marked: `SQLite` at `<state-dir>/tidings.db` (WAL, a
//! busy timeout, a versioned schema with forward migrations). Every change is
//! committed the moment it is made. A file that is not a healthy tidings database is
//! never written to: opening it is an error that names it and says what to do.

pub mod arrivals;
mod cache;
pub mod index_file;
mod sync_state;
mod transfer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, params};

use crate::marks::{ArticleKey, Change, Marks, TagOp};
use crate::model::{ArticleId, Tag};

pub use cache::{FeedMeta, FeedRow};
pub use sync_state::{MarkKind, Queued, SyncFeed, SyncRow, SyncedItem};
pub use transfer::{ImportReport, StateFile};

/// The page size of a new database.
const PAGE_SIZE: i64 = 65536;

/// How long a connection waits for another's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The schema this build writes.
const SCHEMA_VERSION: i64 = 4;

/// Forward migrations: entry `n` moves a database from version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        link TEXT,
        title TEXT NOT NULL DEFAULT '',
        published TEXT,
        bookmarked_at TEXT,
        read_at TEXT
    );
    CREATE TABLE tags (
        id TEXT NOT NULL,
        tag TEXT NOT NULL,
        tag_key TEXT NOT NULL,
        hidden INTEGER NOT NULL,
        PRIMARY KEY (id, tag_key)
    );
    CREATE INDEX articles_link ON articles(link);
",
    "
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        kind TEXT,
        link TEXT,
        description TEXT,
        etag TEXT,
        last_modified TEXT,
        last_fetch TEXT,
        last_ok TEXT,
        last_error TEXT,
        moved_to TEXT
    );
    CREATE TABLE cache (
        id TEXT PRIMARY KEY,
        feed_url TEXT NOT NULL,
        json TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        last_seen TEXT NOT NULL
    );
    CREATE INDEX cache_feed ON cache(feed_url);
",
    // Cached articles as compact binary (`data`, without the HTML) and their HTML in
    // a table of its own (by the cache row), read only when shown: 100k articles load
    // several times faster than as JSON. Rows written before keep `json` until their
    // feed brings them again.
    "
    ALTER TABLE cache ADD COLUMN data BLOB;
    ALTER TABLE cache ADD COLUMN has_html INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE cache_html (row INTEGER PRIMARY KEY, html TEXT NOT NULL);
",
    // Sync servers (`[[sync]]`, `sync_state.rs`): their state, feeds, which cached
    // article is which server item, and the marks waiting to go up, in order.
    "
    CREATE TABLE sync_servers (
        url TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        cursor TEXT,
        last_sync TEXT,
        last_ok TEXT,
        last_error TEXT
    );
    CREATE TABLE sync_feeds (
        server TEXT NOT NULL,
        remote TEXT NOT NULL,
        location TEXT NOT NULL,
        title TEXT NOT NULL,
        link TEXT,
        tags TEXT NOT NULL,
        PRIMARY KEY (server, remote)
    );
    CREATE TABLE sync_items (
        id TEXT PRIMARY KEY,
        server TEXT NOT NULL,
        remote TEXT NOT NULL,
        title TEXT NOT NULL,
        link TEXT,
        published TEXT
    );
    CREATE INDEX sync_items_server ON sync_items(server, remote);
    CREATE TABLE sync_queue (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        server TEXT NOT NULL,
        remote TEXT NOT NULL,
        what TEXT NOT NULL,
        on_ INTEGER NOT NULL,
        at TEXT NOT NULL
    );
",
];

/// Why the state store cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the state folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the state database {path} is damaged or is not a tidings database ({detail}). It was left untouched: move it aside (for example to tidings.db.bad) to start with empty state, or put a backup in its place"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{path} is not a tidings database ({detail}). It was left untouched: move it away or choose another --state-dir"
    )]
    Foreign { path: PathBuf, detail: String },
    #[error(
        "the state database {path} was written by a newer tidings (schema {found}; this one knows {SCHEMA_VERSION}); upgrade tidings"
    )]
    TooNew { path: PathBuf, found: i64 },
    #[error("state database {path}: {detail}")]
    Sql { path: PathBuf, detail: String },
}

/// The open state database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// A second, read-only connection that cached articles read their HTML through.
    html: std::sync::OnceLock<Option<std::sync::Arc<cache::HtmlRows>>>,
}

fn ts(d: DateTime<Utc>) -> String {
    d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn parse_ts(s: Option<String>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&Utc))
}

impl Store {
    /// The state folder the database is in.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Opens (creating if needed) `<dir>/tidings.db`.
    ///
    /// Safe to run in many processes at once on an empty folder: the schema is created
    /// and migrated inside one `BEGIN IMMEDIATE` transaction that reads the schema
    /// version again once it holds the write lock, so the first process creates it and
    /// the others find it made. Nothing is written before the file is known to be a
    /// healthy tidings database (or an empty one).
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join("tidings.db");
        let sql = |e: rusqlite::Error| classify(&path, &e);
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        // Read before writing anything: a file that is not a database, or not ours,
        // fails here.
        let version = inspect(&conn, &path)?;
        if version == 0 {
            // Set before the first page is written (switching to WAL writes it): large
            // pages read 100k cached articles in a sixteenth of the reads. An existing
            // database keeps its page size; processes racing to create the file all
            // ask for the same size.
            conn.pragma_update(None, "page_size", PAGE_SIZE)
                .map_err(sql)?;
        }
        wal(&conn, &path)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql)?;
        let mut store = Self {
            conn,
            path,
            html: std::sync::OnceLock::new(),
        };
        if version < SCHEMA_VERSION {
            store.migrate()?;
        }
        Ok(store)
    }

    /// Opens `<dir>/tidings.db` for a command that only reads: as [`Store::open`] when
    /// that works, else (a read-only or full state folder) the existing database
    /// read-only, with the reason it could not be opened for writing. Writes through a
    /// store opened read-only fail with an error naming the file.
    pub fn open_for_reading(dir: &Path) -> Result<(Self, Option<StoreError>), StoreError> {
        match Self::open(dir) {
            Ok(s) => Ok((s, None)),
            Err(StoreError::Sql { path, detail }) if path.is_file() => {
                match Self::open_read_only(&path) {
                    Ok(s) => Ok((s, Some(StoreError::Sql { path, detail }))),
                    Err(StoreError::Sql { detail: ro, .. }) => Err(StoreError::Sql {
                        path,
                        detail: format!("{detail}; read-only: {ro}"),
                    }),
                    Err(other) => Err(other),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// The database at `path`, read-only. When its WAL index cannot be created (a
    /// read-only folder without one), it is opened as immutable: nothing can write to
    /// such a folder meanwhile.
    fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        let sql = |e: rusqlite::Error| classify(path, &e);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        let (conn, version, immutable) = match inspect(&conn, path) {
            Ok(v) => (conn, v, false),
            Err(StoreError::Sql { .. }) => {
                drop(conn);
                let conn = Connection::open_with_flags(
                    immutable_uri(path),
                    flags | OpenFlags::SQLITE_OPEN_URI,
                )
                .map_err(sql)?;
                let v = inspect(&conn, path)?;
                (conn, v, true)
            }
            Err(e) => return Err(e),
        };
        if version < SCHEMA_VERSION {
            let detail = if version == 0 {
                "it holds no state yet".to_string()
            } else {
                format!(
                    "it has schema {version} and must be upgraded to schema {SCHEMA_VERSION} once from a folder this tidings can write to"
                )
            };
            return Err(StoreError::Sql {
                path: path.to_path_buf(),
                detail,
            });
        }
        // An immutable connection is the only one: cached HTML is read through it.
        let html = if immutable {
            std::sync::OnceLock::from(None)
        } else {
            std::sync::OnceLock::new()
        };
        Ok(Self {
            conn,
            path: path.to_path_buf(),
            html,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: &rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }

    /// Brings the schema up to [`SCHEMA_VERSION`] in one transaction that holds the
    /// write lock from its start and reads the version again under it: of processes
    /// racing on a new database the first creates the schema, the rest do nothing.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql = |e: rusqlite::Error| classify(&path, &e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        let from = shape(&tx, &path)?;
        for v in from..SCHEMA_VERSION {
            let step = usize::try_from(v).unwrap_or(0);
            tx.execute_batch(MIGRATIONS[step]).map_err(sql)?;
        }
        if from < SCHEMA_VERSION {
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                .map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// Everything stored.
    pub fn load(&self) -> Result<Marks, StoreError> {
        let mut map = crate::marks::MarkMap::default();
        let mut rows = self
            .conn
            .prepare("SELECT id, bookmarked_at, read_at FROM articles WHERE bookmarked_at IS NOT NULL OR read_at IS NOT NULL")
            .map_err(|e| self.err(&e))?;
        let it = rows
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })
            .map_err(|e| self.err(&e))?;
        for row in it {
            let (id, b, r) = row.map_err(|e| self.err(&e))?;
            let m = map.entry(ArticleId(id.into())).or_default();
            m.bookmarked = parse_ts(b);
            m.read = parse_ts(r);
        }
        let mut rows = self
            .conn
            .prepare("SELECT id, tag, hidden FROM tags ORDER BY rowid")
            .map_err(|e| self.err(&e))?;
        let it = rows
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })
            .map_err(|e| self.err(&e))?;
        for row in it {
            let (id, tag, hidden) = row.map_err(|e| self.err(&e))?;
            let m = map.entry(ArticleId(id.into())).or_default();
            if let Some(t) = Tag::new(&tag) {
                if hidden {
                    m.hidden.push(t);
                } else {
                    m.added.push(t);
                }
            }
        }
        Ok(Marks::from_map(map))
    }

    /// A number that changes whenever another connection commits: cheap to poll.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(&e))
    }

    /// Commits one change (all its articles in one transaction).
    pub fn apply(&mut self, change: &Change) -> Result<(), StoreError> {
        let path = self.path.clone();
        let e = |e: rusqlite::Error| classify(&path, &e);
        let tx = self.conn.transaction().map_err(e)?;
        let upsert = |tx: &rusqlite::Transaction<'_>, k: &ArticleKey| {
            tx.execute(
                "INSERT INTO articles (id, link, title, published) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET link = excluded.link, title = excluded.title, published = excluded.published",
                params![k.id.0.as_str(), k.link, k.title, k.published.map(ts)],
            )
        };
        match change {
            Change::Bookmark { articles, on, at } | Change::Read { articles, on, at } => {
                let column = if matches!(change, Change::Bookmark { .. }) {
                    "bookmarked_at"
                } else {
                    "read_at"
                };
                let value = on.then(|| ts(*at));
                let kind = if column == "read_at" {
                    MarkKind::Read
                } else {
                    MarkKind::Saved
                };
                for k in articles {
                    upsert(&tx, k).map_err(e)?;
                    // An article from a sync server: its change goes up at the next sync.
                    sync_state::enqueue(&tx, &k.id.0, kind, *on, *at).map_err(e)?;
                    tx.execute(
                        &format!("UPDATE articles SET {column} = ?1 WHERE id = ?2"),
                        params![value, k.id.0.as_str()],
                    )
                    .map_err(e)?;
                }
            }
            Change::Tag { article, tag, op } => {
                upsert(&tx, article).map_err(e)?;
                let key = tag.trim().to_lowercase();
                match op {
                    TagOp::Add | TagOp::Hide => {
                        tx.execute(
                            "INSERT INTO tags (id, tag, tag_key, hidden) VALUES (?1, ?2, ?3, ?4)
                             ON CONFLICT(id, tag_key) DO UPDATE SET tag = excluded.tag, hidden = excluded.hidden",
                            params![article.id.0.as_str(), tag.trim(), key, *op == TagOp::Hide],
                        )
                        .map_err(e)?;
                    }
                    TagOp::Remove | TagOp::Unhide => {
                        tx.execute(
                            "DELETE FROM tags WHERE id = ?1 AND tag_key = ?2 AND hidden = ?3",
                            params![article.id.0.as_str(), key, *op == TagOp::Unhide],
                        )
                        .map_err(e)?;
                    }
                }
            }
        }
        tx.commit().map_err(e)
    }
}

/// The schema version of the database, once it is known to be empty or a healthy
/// tidings database this build can use. Reads only, in one read transaction (the
/// version and the tables seen together, even while another process creates them).
fn inspect(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let sql = |e: rusqlite::Error| classify(path, &e);
    let conn = conn.unchecked_transaction().map_err(sql)?;
    let version = shape(&conn, path)?;
    // The user's marks are checked; the feed cache (most of a large database, and
    // rebuilt by the next fetch) is not read through at every start.
    let check: String = if version >= 1 {
        let marks: String = conn
            .query_row("PRAGMA quick_check(articles)", [], |r| r.get(0))
            .map_err(sql)?;
        if marks == "ok" {
            conn.query_row("PRAGMA quick_check(tags)", [], |r| r.get(0))
                .map_err(sql)?
        } else {
            marks
        }
    } else {
        conn.query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(sql)?
    };
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: check,
        });
    }
    Ok(version)
}

/// The schema version, once the tables say the file is empty or ours (a file that is
/// not a database fails here too), and not newer than this build.
fn shape(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let sql = |e: rusqlite::Error| classify(path, &e);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sql)?;
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )
        .map_err(sql)?;
    let tables = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(sql)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql)?;
    let ours = ["articles", "tags"]
        .iter()
        .all(|t| tables.iter().any(|n| n == t));
    let foreign = if version == 0 {
        !tables.is_empty()
    } else {
        version < 0 || !ours
    };
    if foreign {
        let has = if tables.is_empty() {
            "it has no tables".to_string()
        } else {
            format!("it has tables {}", tables.join(", "))
        };
        let detail = if version == 0 {
            has
        } else {
            format!("{has}, and schema version {version}")
        };
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            detail,
        });
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
        });
    }
    Ok(version)
}

/// Switches to WAL (a no-op when it already is). The switch of a new database needs
/// a lock of the whole file and can be refused as busy without waiting on the busy
/// timeout: it is retried for as long.
fn wal(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => return Ok(()),
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(classify(path, &e)),
        }
    }
}

/// `file:PATH?immutable=1`, the path percent-encoded.
fn immutable_uri(path: &Path) -> String {
    use std::fmt::Write as _;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn classify(path: &Path, e: &rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        _ => StoreError::Sql {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests;
