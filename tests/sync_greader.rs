//! Sync with a Google Reader API server. There is no such server to install for the
//! tests: `support/greader.rs` is a fake that follows the published API (`FreshRSS`'s
//! and Inoreader's documentation), on 127.0.0.1.

#[path = "support/greader.rs"]
mod greader;
#[path = "support/http.rs"]
mod http;
mod support;

use std::path::Path;

use greader::GReader;
use serde_json::Value;

const VAR: &str = "TIDINGS_TEST_GREADER_PASSWORD";

fn configure(home: &Path, server: &GReader) {
    let dir = home.join("config/tidings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[fetch]\nrefresh_on_start = 0\n\n[[sync]]\nkind = \"greader\"\nurl = \"{}\"\nuser = \"{}\"\npassword_env = \"{VAR}\"\n",
            server.url(),
            server.user
        ),
    )
    .unwrap();
}

fn tidings(home: &Path, password: &str, args: &[&str]) -> (String, i32) {
    let out = support::command(home)
        .env(VAR, password)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        out.status.code().unwrap_or(-1),
    )
}

fn articles(home: &Path) -> Vec<Value> {
    let (out, code) = tidings(home, "", &["export", "--format", "json"]);
    assert_eq!(code, 0);
    serde_json::from_str::<Value>(&out).unwrap()["articles"]
        .as_array()
        .unwrap()
        .clone()
}

fn find<'a>(list: &'a [Value], title: &str) -> &'a Value {
    list.iter().find(|a| a["title"] == title).unwrap()
}

#[test]
fn greader_round_trips_with_continuations_and_incremental_downloads() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let server = GReader::start("reader", "s3cret", greader::data(1200, 1_796_000_000));
    server.set("Item 0", |i| i.read = true);
    server.set("Item 1", |i| i.starred = true);
    configure(home, &server);

    // Down: 1200 items over three pages, two marks.
    let (out, code) = tidings(home, &server.password, &["sync"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        format!("synced: 1200 new, 0 marks up, 2 down  {}", server.url())
    );
    let log = server.data.lock().unwrap().log.clone();
    assert!(
        log.iter()
            .any(|l| l.contains("reading-list") && l.contains("c=1000")),
        "{log:#?}"
    );
    let list = articles(home);
    assert_eq!(list.len(), 1200);
    let item0 = find(&list, "Item 0");
    assert_eq!(item0["source_title"], "Tech News");
    assert_eq!(item0["link"], "https://example.org/0");
    assert!(
        item0["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "Reading")
    );
    assert_eq!(item0["read"], true);
    assert_eq!(find(&list, "Item 1")["source_title"], "Life");
    assert_eq!(find(&list, "Item 1")["bookmarked"], true);
    assert_eq!(find(&list, "Item 1")["read"], false);

    // Up: marks made here reach the server through edit-tag.
    let id5 = find(&list, "Item 5")["id"].as_str().unwrap().to_string();
    let id1 = find(&list, "Item 1")["id"].as_str().unwrap().to_string();
    assert_eq!(tidings(home, "", &["read", &id5]).1, 0);
    assert_eq!(tidings(home, "", &["unbookmark", &id1]).1, 0);
    let (out, code) = tidings(home, &server.password, &["sync"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        format!("synced: 0 new, 2 marks up, 0 down  {}", server.url())
    );
    assert!(server.item("Item 5").read);
    assert!(!server.item("Item 1").starred);

    // Incremental: only items crawled since the newest seen are asked for.
    {
        let mut d = server.data.lock().unwrap();
        let mut extra = greader::data(3, 1_797_000_000).items;
        for (k, mut item) in std::mem::take(&mut extra) {
            item.title = format!("Later {}", k % 10);
            item.id = k + 10_000;
            d.items.insert(item.id, item);
        }
        d.log.clear();
    }
    server.set("Item 7", |i| i.starred = true);
    let (out, code) = tidings(home, &server.password, &["sync"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        format!("synced: 3 new, 0 marks up, 1 down  {}", server.url())
    );
    let log = server.data.lock().unwrap().log.clone();
    assert!(
        log.iter()
            .any(|l| l.contains("reading-list") && l.contains("ot=1796001199")),
        "{log:#?}"
    );
    let list = articles(home);
    assert_eq!(list.len(), 1203);
    assert_eq!(find(&list, "Item 7")["bookmarked"], true);
}

#[test]
fn greader_wrong_password_and_marks_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let server = GReader::start("reader", "s3cret", greader::data(4, 1_796_000_000));
    configure(home, &server);
    assert_eq!(tidings(home, &server.password, &["sync"]).1, 0);
    let id = articles(home)[0]["id"].as_str().unwrap().to_string();
    assert_eq!(tidings(home, "", &["bookmark", &id]).1, 0);
    let (out, code) = tidings(home, "wrong", &["sync"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!(
            "failed: the server refused the user name or password (1 mark kept for the next sync)  {}",
            server.url()
        )
    );
    let (out, code) = tidings(home, &server.password, &["sync"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        format!("synced: 0 new, 1 marks up, 0 down  {}", server.url())
    );
    let starred = server
        .data
        .lock()
        .unwrap()
        .items
        .values()
        .filter(|i| i.starred)
        .count();
    assert_eq!(starred, 1);
}

#[test]
fn nothing_a_server_sends_reaches_the_terminal_unsanitized() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let mut data = greader::data(2, 1_796_000_000);
    data.feeds[0].title = "Tech\u{1b}]0;pwned\u{7} News\u{202e}".into();
    data.feeds[0].label = "Read\u{1b}[31ming".into();
    let item = data.items.values_mut().next().unwrap();
    item.title = "Evil\u{1b}[2J\u{9b}31m title\u{7}".into();
    item.html = "<p>body\u{1b}]8;;http://x\u{1b}\\link&#27;[2J</p>".into();
    item.link = "javascript:alert(1)".into();
    let server = GReader::start("reader", "s3cret", data);
    configure(home, &server);
    assert_eq!(tidings(home, &server.password, &["sync"]).1, 0);
    let bad = |s: &str| {
        s.chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}')
    };
    for format in ["list", "md", "csv"] {
        let (out, code) = tidings(home, "", &["export", "--format", format]);
        assert_eq!(code, 0);
        assert!(!bad(&out), "{format}: {out:?}");
        assert!(out.contains("Evil title"), "{format}: {out}");
    }
    let list = articles(home);
    let evil = find(&list, "Evil title");
    assert_eq!(evil["source_title"], "Tech News");
    assert!(
        evil["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "Reading")
    );
    // Only http(s) links are kept.
    assert_eq!(evil["link"], Value::Null);
    for (k, v) in evil.as_object().unwrap() {
        assert!(!bad(&v.to_string().replace("\\n", " ")), "{k}: {v}");
        if let Some(s) = v.as_str() {
            assert!(!bad(s), "{k}: {s:?}");
        }
    }
    let (out, _) = tidings(home, "", &["sources"]);
    assert!(!bad(&out), "{out:?}");
    // Stored clean, not only printed clean.
    let db = rusqlite::Connection::open(home.join("data/tidings/tidings.db")).unwrap();
    let stored: Vec<String> = db
        .prepare(
            "SELECT title || tags FROM sync_feeds UNION ALL SELECT title FROM sync_items
             UNION ALL SELECT html FROM cache_html",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        stored.iter().any(|t| t.contains("Evil title")),
        "{stored:?}"
    );
    for t in &stored {
        assert!(!bad(t) && !t.contains("&#27;"), "{t:?}");
    }
}

#[test]
fn shift_r_with_only_sync_servers_says_it_syncs() {
    use tidings::app::{Action, Background, Effect, Msg, update};
    use tidings::model::{Library, Source, SourceKind};
    let source = Source::new(
        "greader:http://127.0.0.1:1/api/greader.php#feed/feed/1",
        "Tech News",
        SourceKind::Rss,
    );
    let lib = Library::new(vec![source], Vec::<tidings::model::Article>::new());
    let mut s = support::reader(lib, 120, 40);
    assert_eq!(
        update(&mut s, Msg::Action(Action::RefreshAll)),
        Effect::RefreshAll(Vec::new())
    );
    assert_eq!(s.notices.status().unwrap().text, "syncing…");
    // No local files: the rereading finds none, and says nothing (the sync reports).
    update(&mut s, Msg::Background(Background::RereadDone(0)));
    assert_eq!(s.notices.status().unwrap().text, "syncing…");
}
