//! The store against real `SQLite` files in temporary folders.

use super::*;
use crate::model::{Article, Library, Source, SourceKind};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn key(n: &str) -> ArticleKey {
    ArticleKey {
        id: ArticleId(n.into()),
        link: Some(format!("https://example.org/{n}")),
        title: format!("Title {n}"),
        published: Some(now()),
    }
}

#[test]
fn changes_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    s.apply(&Change::Bookmark {
        articles: vec![key("a"), key("b")],
        on: true,
        at: now(),
    })
    .unwrap();
    s.apply(&Change::Read {
        articles: vec![key("a")],
        on: true,
        at: now(),
    })
    .unwrap();
    s.apply(&Change::Tag {
        article: key("a"),
        tag: "Mine".into(),
        op: TagOp::Add,
    })
    .unwrap();
    s.apply(&Change::Tag {
        article: key("b"),
        tag: "Feed".into(),
        op: TagOp::Hide,
    })
    .unwrap();
    s.apply(&Change::Bookmark {
        articles: vec![key("b")],
        on: false,
        at: now(),
    })
    .unwrap();
    drop(s);
    let m = Store::open(dir.path()).unwrap().load().unwrap();
    let a = m.get(&ArticleId("a".into())).unwrap();
    assert_eq!(a.bookmarked, Some(now()));
    assert_eq!(a.read, Some(now()));
    assert_eq!(a.added, vec![Tag("Mine".into())]);
    let b = m.get(&ArticleId("b".into())).unwrap();
    assert_eq!(b.bookmarked, None);
    assert_eq!(b.hidden, vec![Tag("Feed".into())]);
}

#[test]
fn the_schema_is_versioned() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let conn = Connection::open(dir.path().join("tidings.db")).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let page: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page, super::PAGE_SIZE, "a new database has large pages");
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    assert!(matches!(
        Store::open(dir.path()),
        Err(StoreError::TooNew { found: 99, .. })
    ));
}

#[test]
fn a_corrupt_file_is_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tidings.db");
    let garbage = b"this is not a database, it is a shopping list: eggs, milk".repeat(100);
    std::fs::write(&db, &garbage).unwrap();
    let err = Store::open(dir.path())
        .err()
        .expect("a corrupt file is an error");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("tidings.db") && msg.contains("move it aside"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "the file is untouched"
    );
}

/// A database of another program at `<dir>/tidings.db`: its bytes.
fn foreign(dir: &Path, sql: &str) -> Vec<u8> {
    let conn = Connection::open(dir.join("tidings.db")).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    std::fs::read(dir.join("tidings.db")).unwrap()
}

#[test]
fn another_programs_database_is_refused_by_name_and_never_modified() {
    for (sql, detail) in [
        (
            "CREATE TABLE people (name); CREATE TABLE notes (body); INSERT INTO notes VALUES ('x');",
            "(it has tables notes, people)",
        ),
        (
            "CREATE TABLE photos (x); PRAGMA user_version = 1;",
            "(it has tables photos, and schema version 1)",
        ),
        // A schema version tidings never wrote, without tidings' tables: not "newer".
        (
            "CREATE TABLE photos (x); PRAGMA user_version = 42;",
            "(it has tables photos, and schema version 42)",
        ),
        (
            "PRAGMA user_version = 7;",
            "(it has no tables, and schema version 7)",
        ),
        // Our marks tables alone, without a version, are someone else's too.
        (
            "CREATE TABLE articles (id); CREATE TABLE tags (id);",
            "(it has tables articles, tags)",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let bytes = foreign(dir.path(), sql);
        for open in [
            |d: &Path| Store::open(d).err(),
            |d: &Path| Store::open_for_reading(d).err(),
        ] {
            let err = open(dir.path()).expect("refused");
            assert!(matches!(err, StoreError::Foreign { .. }), "{sql}: {err}");
            let msg = err.to_string();
            let db = dir.path().join("tidings.db");
            assert!(
                msg.starts_with(&format!(
                    "{} is not a tidings database {detail}",
                    db.display()
                )) && msg.contains("move it away or choose another --state-dir"),
                "{sql}: {msg}"
            );
        }
        assert_eq!(
            std::fs::read(dir.path().join("tidings.db")).unwrap(),
            bytes,
            "{sql}"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["tidings.db"], "{sql}: nothing left beside it");
    }
}

#[test]
fn an_empty_file_or_empty_database_becomes_a_new_store() {
    for make in [
        |db: &Path| std::fs::write(db, b"").unwrap(),
        |db: &Path| {
            Connection::open(db)
                .unwrap()
                .execute_batch("PRAGMA user_version = 0;")
                .unwrap();
        },
    ] {
        let dir = tempfile::tempdir().unwrap();
        make(&dir.path().join("tidings.db"));
        let mut s = Store::open(dir.path()).unwrap();
        s.apply(&Change::Bookmark {
            articles: vec![key("a")],
            on: true,
            at: now(),
        })
        .unwrap();
        assert!(s.load().unwrap().bookmarked(&ArticleId("a".into())));
    }
}

#[test]
fn threads_opening_one_new_database_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let barrier = std::sync::Barrier::new(8);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    Store::open(dir.path()).map(drop)
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap().unwrap();
        }
    });
    let conn = Connection::open(dir.path().join("tidings.db")).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
}

/// A state folder next to whose database nothing can be created, even by root: the
/// WAL file's name is taken by a folder.
fn unwritable_beside(dir: &Path) {
    std::fs::create_dir(dir.join("tidings.db-wal")).unwrap();
}

#[test]
fn a_database_that_cannot_be_written_is_read_for_reading_commands() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    s.apply(&Change::Bookmark {
        articles: vec![key("a")],
        on: true,
        at: now(),
    })
    .unwrap();
    let url = "https://example.org/feed";
    let mut cached = article("c", None, "Ferry strike ends");
    cached.html = Some(crate::model::Html::Owned("<p>Crews return.</p>".into()));
    s.save_feed(
        url,
        &FeedMeta::default(),
        &[cached],
        &crate::fetch::Validators::default(),
        None,
        now(),
    )
    .unwrap();
    drop(s);
    let before = std::fs::read(dir.path().join("tidings.db")).unwrap();
    unwritable_beside(dir.path());
    // Opening for writing fails, naming the file.
    let err = Store::open(dir.path()).err().expect("cannot be written");
    assert!(err.to_string().contains("tidings.db"), "{err}");
    // Opening for reading falls back to a read-only connection and says why.
    let (mut s, why) = Store::open_for_reading(dir.path()).unwrap();
    assert!(why.is_some_and(|w| w.to_string().contains("tidings.db")));
    assert!(s.load().unwrap().bookmarked(&ArticleId("a".into())));
    assert_eq!(s.export().unwrap().articles.len(), 1);
    let back = s.cached(url).unwrap();
    assert_eq!(back[0].html_text().unwrap(), "<p>Crews return.</p>");
    // Writing through it is an error that names the file, and changes nothing.
    let err = s
        .apply(&Change::Read {
            articles: vec![key("a")],
            on: true,
            at: now(),
        })
        .expect_err("read-only");
    assert!(err.to_string().contains("tidings.db"), "{err}");
    drop(s);
    assert_eq!(
        std::fs::read(dir.path().join("tidings.db")).unwrap(),
        before
    );
    // A writable folder opens for reading as for writing.
    let fresh = tempfile::tempdir().unwrap();
    assert!(Store::open_for_reading(fresh.path()).unwrap().1.is_none());
    // No database and no way to make one: an error, naming it.
    let missing = tempfile::tempdir().unwrap();
    unwritable_beside(missing.path());
    let err = Store::open_for_reading(missing.path()).err().unwrap();
    assert!(err.to_string().contains("tidings.db"), "{err}");
}

#[test]
fn a_read_only_database_of_an_older_schema_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    schema_2_with_row(dir.path(), "x", "https://example.org/feed", "{}");
    unwritable_beside(dir.path());
    let err = Store::open_for_reading(dir.path())
        .err()
        .expect("too old to read");
    let msg = err.to_string();
    assert!(
        msg.contains("tidings.db") && msg.contains("must be upgraded"),
        "{msg}"
    );
}

#[test]
fn an_unwritable_state_dir_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let err = Store::open(&file.join("state")).err().unwrap();
    assert!(matches!(err, StoreError::Folder { .. }), "{err}");
    assert!(err.to_string().contains("plain-file"));
}

#[test]
fn two_connections_see_each_other_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    drop(Store::open(&path).unwrap());
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&path).unwrap();
                for i in 0..150 {
                    let k = key(&format!("w{w}-{i}"));
                    s.apply(&Change::Bookmark {
                        articles: vec![k.clone()],
                        on: true,
                        at: now(),
                    })
                    .unwrap();
                    s.apply(&Change::Tag {
                        article: k,
                        tag: format!("t{w}"),
                        op: TagOp::Add,
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    let reader = Store::open(&path).unwrap();
    let before = reader.data_version().unwrap();
    for w in writers {
        w.join().unwrap();
    }
    assert_ne!(
        reader.data_version().unwrap(),
        before,
        "the other writers' commits are visible"
    );
    let m = reader.load().unwrap();
    assert_eq!(
        m.iter().filter(|(_, mk)| mk.bookmarked.is_some()).count(),
        300
    );
    assert_eq!(m.iter().filter(|(_, mk)| mk.added.len() == 1).count(), 300);
}

fn article(id: &str, link: Option<&str>, title: &str) -> Article {
    Article {
        link: link.map(String::from),
        published: Some(now()),
        ..Article::sample(id, title)
    }
}

#[test]
fn export_then_import_restores_everything_and_follows_changed_ids() {
    let a = tempfile::tempdir().unwrap();
    let mut s = Store::open(a.path()).unwrap();
    s.apply(&Change::Bookmark {
        articles: vec![key("x"), key("y"), key("z")],
        on: true,
        at: now(),
    })
    .unwrap();
    s.apply(&Change::Read {
        articles: vec![key("x")],
        on: true,
        at: now(),
    })
    .unwrap();
    s.apply(&Change::Tag {
        article: key("y"),
        tag: "keep".into(),
        op: TagOp::Add,
    })
    .unwrap();
    let file = s.export().unwrap();
    assert_eq!(file.articles.len(), 3);
    let text = serde_json::to_string(&file).unwrap();
    let back: StateFile = serde_json::from_str(&text).unwrap();

    // On the new machine: x has the same id, y's id changed but its link did not,
    // z's id and link changed but title and date match.
    let lib = Library::new(
        vec![Source::new("/s", "S", SourceKind::Text)],
        vec![
            article("x", Some("https://example.org/x"), "Title x"),
            article("y2", Some("https://example.org/y"), "Title y"),
            article("z2", Some("https://example.org/z-moved"), "Title z"),
        ],
    );
    let b = tempfile::tempdir().unwrap();
    let mut s2 = Store::open(b.path()).unwrap();
    let report = s2.import(&back, &lib).unwrap();
    assert_eq!(
        report,
        ImportReport {
            by_id: 1,
            by_link: 1,
            by_title: 1,
            unmatched: 0
        }
    );
    let m = s2.load().unwrap();
    assert!(m.bookmarked(&ArticleId("x".into())) && m.read(&ArticleId("x".into())));
    assert!(m.bookmarked(&ArticleId("y2".into())));
    assert_eq!(
        m.get(&ArticleId("y2".into())).unwrap().added,
        vec![Tag("keep".into())]
    );
    assert!(m.bookmarked(&ArticleId("z2".into())));
}

#[test]
fn the_cache_keeps_articles_that_left_unless_retention_says_otherwise() {
    use crate::fetch::Validators;
    use crate::store::FeedMeta;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let url = "https://example.org/feed";
    let (a, b, c) = (
        article("a", None, "A"),
        article("b", None, "B"),
        article("c", None, "C"),
    );
    let day = |d: i64| now() + chrono::Duration::days(d);
    let meta = FeedMeta::default();
    assert_eq!(
        s.save_feed(
            url,
            &meta,
            &[a.clone(), b.clone(), c.clone()],
            &Validators::default(),
            None,
            day(0)
        )
        .unwrap(),
        (3, 0)
    );
    s.apply(&Change::Bookmark {
        articles: vec![ArticleKey::of(&c)],
        on: true,
        at: now(),
    })
    .unwrap();
    // Ten days later only b is in the feed, and it changed.
    let mut b2 = b.clone();
    b2.title = "B, corrected".into();
    assert_eq!(
        s.save_feed(url, &meta, &[b2], &Validators::default(), None, day(10))
            .unwrap(),
        (0, 1)
    );
    assert_eq!(
        s.cached(url).unwrap().len(),
        3,
        "articles that left the feed stay"
    );
    // Retention of 5 days drops a, keeps c (bookmarked) and b (still in the feed).
    assert_eq!(s.purge(url, day(5)).unwrap(), 1);
    let mut left: Vec<String> = s
        .cached(url)
        .unwrap()
        .into_iter()
        .map(|x| x.title)
        .collect();
    left.sort();
    assert_eq!(left, ["B, corrected", "C"]);
}

#[test]
fn cached_articles_come_back_whole_with_their_html_read_when_asked() {
    use crate::fetch::Validators;
    use crate::model::Html;
    use crate::store::FeedMeta;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path()).unwrap();
    let url = "https://example.org/feed";
    let mut a = article("a", Some("https://example.org/a"), "Ferry strike ends");
    a.body = "Crews return on Monday.".into();
    a.html = Some(Html::Owned("<p>Crews return on <b>Monday</b>.</p>".into()));
    let b = article("b", None, "No HTML here");
    let meta = FeedMeta::default();
    let save = |s: &mut Store, items: &[Article]| {
        s.save_feed(url, &meta, items, &Validators::default(), None, now())
            .unwrap()
    };
    assert_eq!(save(&mut s, &[a.clone(), b.clone()]), (2, 0));
    assert_eq!(
        save(&mut s, &[a.clone(), b.clone()]),
        (0, 0),
        "nothing changed"
    );
    let mut back = s.cached(url).unwrap();
    back.sort_by(|x, y| x.id.cmp(&y.id));
    // The HTML compares by where it is kept: the texts are compared below.
    let bare = |a: &Article| Article {
        html: None,
        ..a.clone()
    };
    assert_eq!(
        back.iter().map(bare).collect::<Vec<_>>(),
        [bare(&a), bare(&b)]
    );
    let html = back[0].html.as_ref().unwrap();
    assert!(
        !html.is_owned(),
        "the HTML stays in the database until shown"
    );
    assert_eq!(
        back[0].html_text().unwrap(),
        "<p>Crews return on <b>Monday</b>.</p>"
    );
    assert!(back[1].html.is_none());
    // A changed HTML body is a change.
    a.html = Some(Html::Owned("<p>Crews return on <b>Tuesday</b>.</p>".into()));
    assert_eq!(save(&mut s, &[a, b]), (0, 1));
    let html_rows = |s: &Store| -> i64 {
        s.conn
            .query_row("SELECT count(*) FROM cache_html", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(html_rows(&s), 1);
    // The start-up path reads every feed in one pass, with the same articles.
    s.save_feed(
        "https://other.example/feed",
        &meta,
        &[article("c", None, "Elsewhere")],
        &Validators::default(),
        None,
        now(),
    )
    .unwrap();
    let all = s.cached_all().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[url].len(), 2);
    assert_eq!(all["https://other.example/feed"][0].title, "Elsewhere");
    assert_eq!(
        s.purge(
            "https://other.example/feed",
            now() + chrono::Duration::days(1)
        )
        .unwrap(),
        1
    );
    // Purged articles take their HTML with them.
    assert_eq!(s.purge(url, now() + chrono::Duration::days(1)).unwrap(), 2);
    assert_eq!(html_rows(&s), 0);
}

/// A database as schema 2 left it, with one cached row (JSON).
fn schema_2_with_row(dir: &Path, id: &str, url: &str, json: &str) {
    let conn = Connection::open(dir.join("tidings.db")).unwrap();
    conn.execute_batch(MIGRATIONS[0]).unwrap();
    conn.execute_batch(MIGRATIONS[1]).unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    conn.execute(
        "INSERT INTO cache (id, feed_url, json, first_seen, changed_at, last_seen) VALUES (?1, ?2, ?3, 'x', 'x', 'x')",
        rusqlite::params![id, url, json],
    )
    .unwrap();
}

#[test]
fn rows_cached_as_json_by_schema_2_still_load_and_are_rewritten() {
    use crate::fetch::Validators;
    use crate::store::FeedMeta;
    let dir = tempfile::tempdir().unwrap();
    let url = "https://example.org/feed";
    let a = article(
        "a",
        Some("https://example.org/a"),
        "Tide tables for December",
    );
    schema_2_with_row(
        dir.path(),
        &a.id.0,
        url,
        &serde_json::to_string(&a).unwrap(),
    );
    let mut s = Store::open(dir.path()).unwrap();
    assert_eq!(s.cached(url).unwrap(), std::slice::from_ref(&a));
    let meta = FeedMeta::default();
    assert_eq!(
        s.save_feed(
            url,
            &meta,
            std::slice::from_ref(&a),
            &Validators::default(),
            None,
            now()
        )
        .unwrap(),
        (0, 0),
        "the same article is not a change"
    );
    let data: Option<Vec<u8>> = s
        .conn
        .query_row(
            "SELECT data FROM cache WHERE id = ?1",
            [a.id.0.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(data.is_some(), "the row is in the binary form now");
    assert_eq!(s.cached(url).unwrap(), [a]);
}

#[test]
fn a_schema_2_row_keeps_its_inline_html() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://example.org/feed";
    let a = article("a", Some("https://example.org/a"), "Lock gates replaced");
    let mut json: serde_json::Value = serde_json::to_value(&a).unwrap();
    json["html"] = serde_json::Value::from("<p>New <b>gates</b> on Tuesday.</p>");
    schema_2_with_row(dir.path(), &a.id.0, url, &json.to_string());
    let s = Store::open(dir.path()).unwrap();
    let back = s.cached(url).unwrap();
    assert_eq!(back[0].title, "Lock gates replaced");
    assert_eq!(
        back[0].html_text().unwrap(),
        "<p>New <b>gates</b> on Tuesday.</p>"
    );
}
