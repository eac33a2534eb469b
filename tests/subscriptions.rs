//! Subscriptions end to end with the real binary and a feed server on 127.0.0.1:
//! add/remove keep the config's comments, fetch reports per feed with the right exit
//! code, 304s on the second run, changed feeds update in place, the cache serves
//! everything with the server gone, and OPML round-trips.

#[path = "support/http.rs"]
mod http;

use std::path::Path;
use std::sync::{Arc, Mutex};

use http::{Response, Server, rss};
use serde_json::Value;

fn cli(home: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("tidings").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env("TZ", "UTC")
        .arg("--config")
        .arg(home.join("config.toml"))
        .arg("--state-dir")
        .arg(home.join("state"))
        .arg("--now=2026-11-28T12:00:00Z");
    c
}

fn stdout(c: &mut assert_cmd::Command) -> (String, i32) {
    let out = c.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The items of feed `/a`: (guid, title, body); tests change them between fetches.
type Items = Arc<Mutex<Vec<(&'static str, &'static str, &'static str)>>>;

/// A server with `/a` (`ETag`), `/b` (`Last-Modified`) and `/gone` (404).
fn server(items_a: Items) -> Server {
    Server::start(move |r| match r.path.as_str() {
        "/a" => {
            let items = items_a.lock().unwrap().clone();
            let body = rss("Alpha", &items);
            let tag = format!("\"{}\"", body.len());
            if r.headers.get("if-none-match") == Some(&tag) {
                Response::status(304)
            } else {
                Response::ok(body).header("ETag", &tag)
            }
        }
        "/b" => {
            if r.headers.contains_key("if-modified-since") {
                Response::status(304)
            } else {
                Response::ok(rss("Beta", &[("b1", "Beta one", "x")]))
                    .header("Last-Modified", "Tue, 24 Nov 2026 08:00:00 GMT")
            }
        }
        _ => Response::status(404),
    })
}

#[test]
fn subscribe_fetch_refetch_change_and_read_offline() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(
        h.join("config.toml"),
        "# my feeds, hand-written\n[general]\ntimezone = \"UTC\" # keep this comment\n",
    )
    .unwrap();
    let items = Arc::new(Mutex::new(vec![
        ("a1", "First", "one"),
        ("a2", "Second", "two"),
    ]));
    let s = server(Arc::clone(&items));
    cli(h)
        .args([
            "add",
            &s.url("/a"),
            "--title",
            "Alpha feed",
            "--tag",
            "alpha",
        ])
        .assert()
        .success();
    cli(h).args(["add", &s.url("/b")]).assert().success();
    cli(h).args(["add", &s.url("/a")]).assert().code(1);
    let cfg = std::fs::read_to_string(h.join("config.toml")).unwrap();
    assert!(
        cfg.contains("# my feeds, hand-written") && cfg.contains("# keep this comment"),
        "{cfg}"
    );
    assert!(
        cfg.contains("title = \"Alpha feed\"") && cfg.contains("tags = [\"alpha\"]"),
        "{cfg}"
    );

    let (out, code) = stdout(cli(h).args(["fetch"]));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("new   2, updated   0") && out.contains(&s.url("/a")),
        "{out}"
    );
    assert!(
        out.contains("new   1, updated   0") && out.contains(&s.url("/b")),
        "{out}"
    );

    let (out, code) = stdout(cli(h).args(["fetch"]));
    assert_eq!(code, 0);
    assert_eq!(out.matches("unchanged (304)").count(), 2, "{out}");

    // The feed changes: one item edited, one new.
    *items.lock().unwrap() = vec![
        ("a1", "First (corrected)", "one"),
        ("a2", "Second", "two"),
        ("a3", "Third", "three"),
    ];
    let (out, _) = stdout(cli(h).args(["fetch"]));
    assert!(out.contains("new   1, updated   1"), "{out}");

    let (out, _) = stdout(cli(h).args(["sources"]));
    assert!(
        out.contains("Alpha feed") && out.contains("    3  "),
        "{out}"
    );

    // A broken subscription: exit 1 and the reason, the others still fine.
    cli(h).args(["add", &s.url("/gone")]).assert().success();
    let (out, code) = stdout(cli(h).args(["fetch", "--quiet"]));
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().count(),
        1,
        "--quiet prints only failures: {out}"
    );
    assert!(
        out.contains("failed: HTTP 404 Not Found") && out.contains("/gone"),
        "{out}"
    );

    // Offline: the server is gone and everything still exports from the cache.
    s.stop();
    drop(s);
    let (out, code) = stdout(cli(h).args(["export", "--format", "json"]));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let titles: Vec<&str> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    for t in ["First (corrected)", "Second", "Third", "Beta one"] {
        assert!(titles.contains(&t), "{t} in {titles:?}");
    }
    let alpha: Vec<&Value> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["source_title"] == "Alpha feed")
        .collect();
    assert!(
        alpha
            .iter()
            .all(|a| a["tags"].as_array().unwrap().iter().any(|t| t == "alpha"))
    );
    cli(h).args(["remove", "Alpha feed"]).assert().success();
    let cfg = std::fs::read_to_string(h.join("config.toml")).unwrap();
    assert!(
        !cfg.contains("Alpha feed") && cfg.contains("# keep this comment"),
        "{cfg}"
    );
}

#[test]
fn a_changed_article_keeps_its_bookmark() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let items = Arc::new(Mutex::new(vec![("a1", "Before", "one")]));
    let s = server(Arc::clone(&items));
    cli(h).args(["add", &s.url("/a")]).assert().success();
    cli(h).args(["fetch"]).assert().success();
    let (out, _) = stdout(cli(h).args(["export", "--format", "jsonl"]));
    let id = serde_json::from_str::<Value>(out.lines().next().unwrap()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    cli(h).args(["bookmark", &id]).assert().success();
    *items.lock().unwrap() = vec![("a1", "After", "one, edited")];
    cli(h).args(["fetch"]).assert().success();
    let (out, _) = stdout(cli(h).args(["bookmarks", "--format", "jsonl"]));
    let a: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        (a["id"].as_str().unwrap(), a["title"].as_str().unwrap()),
        (id.as_str(), "After")
    );
}

#[test]
fn opml_import_then_export_round_trips() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let opml = r#"<?xml version="1.0"?>
<opml><body>
  <outline text="Science"><outline text="Lantern" xmlurl="https://lantern.example.org/rss"/>
    <outline text="Comets" xmlUrl="https://comets.example.org/atom"/></outline>
  <outline text="Local" xmlUrl="https://gazette.example.org/feed"/>
  <outline text="Dup" xmlUrl="https://gazette.example.org/feed/"/>
</body></opml>"#;
    std::fs::write(h.join("subs.opml"), opml).unwrap();
    let out = cli(h)
        .args(["import-opml"])
        .arg(h.join("subs.opml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped a duplicate"));
    let (exported, _) = stdout(cli(h).args(["export-opml"]));
    assert!(exported.contains("<opml version=\"2.0\">"), "{exported}");
    // Import the export into a fresh config: the same subscriptions and folders.
    let again = tempfile::tempdir().unwrap();
    std::fs::write(again.path().join("subs.opml"), &exported).unwrap();
    cli(again.path())
        .args(["import-opml"])
        .arg(again.path().join("subs.opml"))
        .assert()
        .success();
    let a = std::fs::read_to_string(h.join("config.toml")).unwrap();
    let b = std::fs::read_to_string(again.path().join("config.toml")).unwrap();
    assert_eq!(a, b);
    assert!(a.contains("tags = [\"science\"]"), "{a}");
    assert_eq!(a.matches("[[sources]]").count(), 3);
}
