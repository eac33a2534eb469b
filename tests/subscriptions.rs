//! Subscriptions end to end with the real binary and a feed server on 127.0.0.1:
//! add/remove keep the config's comments, fetch reports per feed with the right exit
//! code, 304s on the second run, changed feeds update in place, the cache serves
//! everything with the server gone, and OPML round-trips. `tidings add` checks the URL
//! first: a web page is replaced by the first feed it names, a feed shows its title, an
//! unreachable URL is added with a note, and `--no-check` makes no request.

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

/// Runs `c`: (stdout, stderr, exit code).
fn run(c: &mut assert_cmd::Command) -> (String, String, i32) {
    let out = c.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn config_text(home: &Path) -> String {
    std::fs::read_to_string(home.join("config.toml")).unwrap_or_default()
}

/// A site: `/` names two feeds, `/plain` names none, `/feed` is one, `/data` is neither.
fn site() -> Server {
    Server::start(|r| match r.path.as_str() {
        "/" => Response::ok(
            r#"<!DOCTYPE html><html><head><title>Gazette</title>
<!-- <link rel="alternate" type="application/rss+xml" href="/old.xml"> -->
<LINK REL="alternate stylesheet" TYPE="text/css" HREF="/dark.css" title="Dark">
<link href='news/rss.xml' type='application/rss+xml' rel='alternate' title='News &amp; views'>
<link rel=alternate type=application/atom+xml href=/comments.atom title="Comments">
</head><body><p>Welcome</p></body></html>"#,
        )
        .header("Content-Type", "text/html; charset=utf-8"),
        "/plain" => Response::ok(
            "<!doctype html><html><head><title>No feeds</title></head><body>hi</body></html>",
        ),
        "/feed" => Response::ok(rss("The Gazette", &[("g1", "One", "x")])),
        "/data" => Response::ok("%PDF-1.7 binary stuff"),
        _ => Response::status(404),
    })
}

#[test]
fn add_a_web_page_subscribes_to_the_first_feed_it_names() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let s = site();
    let (out, err, code) = run(cli(h).args(["add", &s.url("/"), "--tag", "news"]));
    assert_eq!(code, 0, "{out}{err}");
    let news = s.url("/news/rss.xml");
    let comments = s.url("/comments.atom");
    assert!(
        out.contains(&format!("{} is a web page; it names 2 feeds:", s.url("/"))),
        "{out}"
    );
    assert!(
        out.contains(&format!("* News & views  {news}"))
            && out.contains(&format!("  Comments      {comments}"))
            && out.contains(&format!("added {news} to ")),
        "{out}"
    );
    assert!(
        !out.contains("old.xml") && !out.contains("dark.css"),
        "{out}"
    );
    let cfg = config_text(h);
    assert!(
        cfg.contains(&format!("url = \"{news}\"")) && cfg.contains("tags = [\"news\"]"),
        "{cfg}"
    );
    assert!(!cfg.contains(&format!("url = \"{}\"", s.url("/"))), "{cfg}");
    assert_eq!(s.hits("/"), 1);
    assert_eq!(s.hits("/news/rss.xml"), 0, "the feed itself is not fetched");

    // The page again: its first feed is already a source.
    let before = config_text(h);
    let (out, err, code) = run(cli(h).args(["add", &s.url("/")]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("(already a source)"), "{out}");
    assert!(
        err.contains(&format!(
            "{news} (named by {}) is already a source",
            s.url("/")
        )),
        "{err}"
    );
    assert_eq!(config_text(h), before);
}

#[test]
fn add_a_web_page_without_feeds_fails_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::write(h.join("config.toml"), "# mine\n").unwrap();
    let s = site();
    let (out, err, code) = run(cli(h).args(["add", &s.url("/plain")]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(&format!(
            "{} is a web page, not a feed, and it names no feed (<link rel=\"alternate\">)",
            s.url("/plain")
        )),
        "{err}"
    );
    assert_eq!(config_text(h), "# mine\n");
}

#[test]
fn add_a_feed_says_its_title() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let s = site();
    let (out, err, code) = run(cli(h).args(["add", &s.url("/feed")]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("added {} (The Gazette) to ", s.url("/feed"))),
        "{out}"
    );
    assert!(config_text(h).contains(&s.url("/feed")));

    // Neither a feed nor a page: added, with a warning.
    let (out, err, code) = run(cli(h).args(["add", &s.url("/data")]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains(&format!("{} does not look like a feed", s.url("/data")))
            && err.contains("%PDF-1.7"),
        "{err}"
    );
    assert!(config_text(h).contains(&s.url("/data")));
}

#[test]
fn add_while_offline_adds_the_url_with_a_note() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // A port nothing listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/feed.xml");
    let (out, err, code) = run(cli(h).args(["add", &url]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains(&format!("could not check {url} now: ")) && err.contains("; added as given"),
        "{err}"
    );
    assert!(out.contains(&format!("added {url} to ")), "{out}");
    assert!(config_text(h).contains(&url));
}

#[test]
fn add_no_check_makes_no_request() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let s = site();
    let (out, err, code) = run(cli(h).args(["add", "--no-check", &s.url("/")]));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&format!("added {} to ", s.url("/"))), "{out}");
    assert!(config_text(h).contains(&format!("url = \"{}\"", s.url("/"))));
    assert_eq!(s.requests.lock().unwrap().len(), 0);
}

#[test]
fn sources_is_a_table_and_remove_takes_any_title_it_prints() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let s = server(Arc::new(Mutex::new(vec![
        ("a1", "First", "one"),
        ("a2", "Second", "two"),
    ])));
    let folder = h.join("press");
    std::fs::create_dir_all(&folder).unwrap();
    for (name, title) in [("1.txt", "One"), ("2.txt", "Two"), ("3.txt", "Three")] {
        std::fs::write(
            folder.join(name),
            format!(
                "Posted: 2026-11-2{}T10:00:00Z\n\n{title}\n\nBody.\n",
                name.len()
            ),
        )
        .unwrap();
    }
    std::fs::write(
        h.join("config.toml"),
        format!(
            "# mine\n[general]\ntimezone = \"+02:00\"\n\n[[sources]]\nurl = \"{}\"\n\n[[sources]]\npath = \"{}\"\n",
            s.url("/a"),
            folder.display()
        ),
    )
    .unwrap();
    let (out, code) = stdout(cli(h).arg("sources"));
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("TITLE"), "a header: {out}");
    for col in ["KIND", "ARTICLES", "UNREAD", "LAST FETCH", "STATUS"] {
        assert!(lines[0].contains(col), "{out}");
    }
    assert!(lines[1].contains("not fetched yet"), "{out}");
    // The folder counts what it holds.
    let folder_line = lines.iter().find(|l| l.starts_with("press")).unwrap();
    assert!(folder_line.contains("folder"), "{out}");
    let numbers: Vec<&str> = folder_line.split_whitespace().skip(2).take(2).collect();
    assert_eq!(numbers, ["3", "3"], "{out}");
    // Columns line up: STATUS starts at the same column on every line.
    let col = lines[0][..lines[0].find("STATUS").unwrap()].chars().count();
    let status: String = lines[2].chars().skip(col).collect();
    assert_eq!(status, "ok", "{out}");

    cli(h).arg("fetch").assert().success();
    let (out, _) = stdout(cli(h).arg("sources"));
    let feed = out.lines().find(|l| l.starts_with("Alpha")).unwrap();
    // Fetched at --now (12:00 UTC), shown in the configured zone (+02:00).
    assert!(feed.contains("2026-11-28 14:00"), "{feed}");
    assert!(feed.contains(" 2 ") && feed.ends_with("ok"), "{feed}");
    // JSON for scripts.
    let (json, _) = stdout(cli(h).args(["sources", "--format", "json"]));
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["title"], "Alpha");
    assert_eq!(v[0]["articles"], 2);
    assert_eq!(v[1]["kind"], "folder");
    assert_eq!(v[1]["unread"], 3);

    // The feed's own title (the config gives none) removes it.
    let (out, code) = stdout(cli(h).args(["remove", "alpha"]));
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(h.join("config.toml")).unwrap();
    assert!(!text.contains("/a\""), "{text}");
    assert!(text.starts_with("# mine"), "{text}");
    // So does the folder's name, as printed.
    cli(h).args(["remove", "press"]).assert().success();
    let text = std::fs::read_to_string(h.join("config.toml")).unwrap();
    assert!(!text.contains("[[sources]]\npath"), "{text}");
}

#[test]
fn sources_without_a_config_says_the_sample_data_is_in_use() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.toml"), "# nothing yet\n").unwrap();
    let out = cli(home.path()).arg("sources").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bundled sample data"), "{err}");
    assert!(
        err.contains("tidings add URL") && err.contains("config.toml"),
        "{err}"
    );
}
