//! The sync state against real `SQLite` files: the queue, marks coming down.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::super::Store;
use super::{MarkKind, SyncedItem};
use crate::marks::{ArticleKey, Change};
use crate::model::ArticleId;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn key(id: &str) -> ArticleKey {
    ArticleKey {
        id: ArticleId(id.into()),
        link: None,
        title: id.into(),
        published: None,
    }
}

fn set(ids: &[&str]) -> HashSet<String> {
    ids.iter().map(|s| (*s).to_string()).collect()
}

/// A store with two synced items (`a` = server item 1, `b` = 2) of server `S`.
fn store(dir: &std::path::Path) -> Store {
    let mut s = Store::open(dir).unwrap();
    let item = |id: &str, remote: &str| SyncedItem {
        article: id.into(),
        remote: remote.into(),
        title: id.into(),
        link: None,
        published: None,
    };
    s.save_synced_items("S", &[item("a", "1"), item("b", "2")])
        .unwrap();
    s
}

#[test]
fn marks_of_synced_articles_are_queued_in_order_and_others_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    let read = |on| Change::Read {
        articles: vec![key("a"), key("local")],
        on,
        at: now(),
    };
    s.apply(&read(true)).unwrap();
    s.apply(&Change::Bookmark {
        articles: vec![key("b")],
        on: true,
        at: now(),
    })
    .unwrap();
    s.apply(&read(false)).unwrap();
    let q = s.queued("S").unwrap();
    let got: Vec<(&str, MarkKind, bool)> = q
        .iter()
        .map(|q| (q.remote.as_str(), q.kind, q.on))
        .collect();
    assert_eq!(
        got,
        [
            ("1", MarkKind::Read, true),
            ("2", MarkKind::Saved, true),
            ("1", MarkKind::Read, false)
        ]
    );
    assert_eq!(s.sync_row("S").unwrap(), None);
    s.dequeue(q[0].seq).unwrap();
    assert_eq!(s.queued("S").unwrap().len(), 2);
    assert!(s.queued("other").unwrap().is_empty());
}

#[test]
fn the_server_state_comes_down_except_where_a_change_waits() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    // Read here, not yet sent: the server still says unread, and is not believed.
    s.apply(&Change::Read {
        articles: vec![key("a")],
        on: true,
        at: now(),
    })
    .unwrap();
    let changed = s
        .apply_remote_marks("S", &set(&["1"]), &set(&["2"]), now())
        .unwrap();
    assert_eq!(changed, 2, "b read and bookmarked; a left alone");
    let marks = s.load().unwrap();
    assert!(marks.read(&ArticleId("a".into())));
    assert!(marks.bookmarked(&ArticleId("b".into())));
    assert!(
        marks.read(&ArticleId("b".into())),
        "b is not in the unread list"
    );
    // Once sent, the server's state counts again.
    for q in s.queued("S").unwrap() {
        s.dequeue(q.seq).unwrap();
    }
    let changed = s
        .apply_remote_marks("S", &set(&["1", "2"]), &set(&[]), now())
        .unwrap();
    assert_eq!(changed, 3);
    let marks = s.load().unwrap();
    assert!(!marks.read(&ArticleId("a".into())));
    assert!(!marks.read(&ArticleId("b".into())));
    assert!(!marks.bookmarked(&ArticleId("b".into())));
    // Nothing to change: nothing changed.
    let changed = s
        .apply_remote_marks("S", &set(&["1", "2"]), &set(&[]), now())
        .unwrap();
    assert_eq!(changed, 0);
}

#[test]
fn a_sync_is_recorded_with_its_error_sanitized() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path());
    s.record_sync("S", "fever", Some("12"), None, now())
        .unwrap();
    s.record_sync("S", "fever", None, Some("HTTP 500 \u{1b}[2Jboom"), now())
        .unwrap();
    let row = s.sync_row("S").unwrap().unwrap();
    assert_eq!(row.cursor.as_deref(), Some("12"));
    assert_eq!(row.last_error.as_deref(), Some("HTTP 500 boom"));
    assert_eq!(row.last_ok, Some(now()));
}
