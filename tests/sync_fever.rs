//! Sync with a real Fever API server: coldsweat 0.10.2 on 127.0.0.1 (installed from
//! `PyPI` into the target folder on first use, see `support/coldsweat.rs`), reading
//! feeds from a loopback HTTP server.

#[path = "support/coldsweat.rs"]
mod coldsweat;
#[path = "support/http.rs"]
mod http;

use coldsweat::Coldsweat;
use http::{Response, Server, rss};

/// A feed server with `/tech` (3 items) and `/life` (2 items).
fn feeds() -> Server {
    Server::start(|r| match r.path.as_str() {
        "/tech" => Response::ok(rss(
            "Tech News",
            &[
                (
                    "t1",
                    "Rust 2027",
                    "&lt;p&gt;Editions &lt;b&gt;again&lt;/b&gt;&lt;/p&gt;",
                ),
                ("t2", "SQLite tricks", "WAL and more"),
                ("t3", "Terminal colours", "ANSI"),
            ],
        )),
        "/life" => Response::ok(rss(
            "Life",
            &[("l1", "Bread", "Flour"), ("l2", "Walks", "Parks")],
        )),
        _ => Response::status(404),
    })
}

/// coldsweat subscribed to both feeds (group "Reading"), fetched and running.
fn server(dir: &std::path::Path, feeds: &Server) -> Coldsweat {
    let mut cs = Coldsweat::setup(
        &dir.join("coldsweat"),
        &coldsweat::opml(
            "Reading",
            &[
                ("Tech News", &feeds.url("/tech")),
                ("Life", &feeds.url("/life")),
            ],
        ),
    );
    cs.fetch();
    cs.start();
    cs
}

#[test]
fn the_harness_serves_the_fever_api() {
    let tmp = tempfile::tempdir().unwrap();
    let f = feeds();
    let cs = server(tmp.path(), &f);
    let v = cs.api("groups&feeds").unwrap();
    assert_eq!(v["auth"], 1);
    assert_eq!(v["groups"][0]["title"], "Reading");
    assert_eq!(v["feeds"].as_array().unwrap().len(), 2);
    let items = cs.items();
    assert_eq!(items.len(), 5);
    assert_eq!(cs.ids("unread_item_ids").len(), 5);
    let id = items[0]["id"].as_u64().unwrap().to_string();
    cs.post("", &[("mark", "item"), ("as", "read"), ("id", &id)])
        .unwrap();
    assert_eq!(cs.ids("unread_item_ids").len(), 4);
}

mod support;

use support::pty::children;

use std::path::{Path, PathBuf};

use serde_json::Value;

const PASSWORD_VAR: &str = "TIDINGS_TEST_SYNC_PASSWORD";

/// The config of a home that syncs with `cs` (its password from a variable).
fn configure(home: &Path, cs: &Coldsweat) {
    let dir = home.join("config/tidings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[fetch]\nrefresh_on_start = 0\ntimeout = 10\n\n[[sync]]\nkind = \"fever\"\nurl = \"{}\"\nuser = \"{}\"\npassword_env = \"{PASSWORD_VAR}\"\n",
            cs.url(),
            cs.email
        ),
    )
    .unwrap();
}

/// `tidings ARGS` in `home` with the password `password`: (stdout, stderr, exit code).
fn tidings(home: &Path, password: &str, args: &[&str]) -> (String, String, i32) {
    let out = support::command(home)
        .env(PASSWORD_VAR, password)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// `tidings sync`, which must succeed: its one line.
fn sync_ok(home: &Path, cs: &Coldsweat) -> String {
    let (out, err, code) = tidings(home, &cs.password, &["sync"]);
    assert_eq!(code, 0, "tidings sync: {out}{err}");
    out.trim().to_string()
}

/// Every article as `tidings export` prints it.
fn articles(home: &Path, cs: &Coldsweat) -> Vec<Value> {
    let (out, err, code) = tidings(home, &cs.password, &["export", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Value>(&out).unwrap()["articles"]
        .as_array()
        .unwrap()
        .clone()
}

/// The exported article titled `title`.
fn article<'a>(list: &'a [Value], title: &str) -> &'a Value {
    list.iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no {title:?} in {list:#?}"))
}

/// The server's id of the item titled `title`.
fn item_id(cs: &Coldsweat, title: &str) -> u64 {
    cs.items()
        .iter()
        .find(|i| i["title"] == title)
        .and_then(|i| i["id"].as_u64())
        .unwrap()
}

/// A coldsweat with the test feeds, and a home whose config names it. The temporary
/// folder and the feed server live as long as the test keeps them.
fn setup() -> (tempfile::TempDir, Server, Coldsweat, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let f = feeds();
    let cs = server(tmp.path(), &f);
    let home = tmp.path().join("home");
    configure(&home, &cs);
    (tmp, f, cs, home)
}

#[test]
fn sync_down_then_marks_both_ways() {
    let (_tmp, _feeds, cs, home) = setup();

    let line = sync_ok(&home, &cs);
    assert_eq!(
        line,
        format!("synced: 5 new, 0 marks up, 0 down  {}", cs.url())
    );
    let list = articles(&home, &cs);
    assert_eq!(list.len(), 5, "{list:#?}");
    let rust = article(&list, "Rust 2027");
    assert_eq!(rust["source_title"], "Tech News");
    assert_eq!(rust["link"], "https://example.org/t1");
    assert!(
        rust["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "Reading"),
        "{rust}"
    );
    assert!(
        rust["content"].as_str().unwrap().contains("Editions again"),
        "{rust}"
    );
    assert_eq!(rust["read"], false);
    assert_eq!(article(&list, "Bread")["source_title"], "Life");

    // Up: read and bookmark here, see it through coldsweat's own Fever API.
    let id = rust["id"].as_str().unwrap().to_string();
    assert_eq!(tidings(&home, &cs.password, &["read", &id]).2, 0);
    assert_eq!(tidings(&home, &cs.password, &["bookmark", &id]).2, 0);
    let line = sync_ok(&home, &cs);
    assert_eq!(
        line,
        format!("synced: 0 new, 2 marks up, 0 down  {}", cs.url())
    );
    let remote = item_id(&cs, "Rust 2027");
    assert!(!cs.ids("unread_item_ids").contains(&remote));
    assert_eq!(cs.ids("saved_item_ids"), [remote]);

    // Down: marks made on the server arrive here; so does unreading.
    let bread = item_id(&cs, "Bread").to_string();
    cs.post("", &[("mark", "item"), ("as", "read"), ("id", &bread)])
        .unwrap();
    cs.post("", &[("mark", "item"), ("as", "saved"), ("id", &bread)])
        .unwrap();
    cs.post(
        "",
        &[
            ("mark", "item"),
            ("as", "unread"),
            ("id", &remote.to_string()),
        ],
    )
    .unwrap();
    let line = sync_ok(&home, &cs);
    assert_eq!(
        line,
        format!("synced: 0 new, 0 marks up, 3 down  {}", cs.url())
    );
    let list = articles(&home, &cs);
    assert_eq!(article(&list, "Bread")["read"], true);
    assert_eq!(article(&list, "Bread")["bookmarked"], true);
    assert_eq!(article(&list, "Rust 2027")["read"], false);
    assert_eq!(article(&list, "Rust 2027")["bookmarked"], true);
    assert_eq!(article(&list, "Walks")["read"], false);

    // A second sync with nothing new changes nothing.
    let line = sync_ok(&home, &cs);
    assert_eq!(
        line,
        format!("synced: 0 new, 0 marks up, 0 down  {}", cs.url())
    );
}

#[test]
fn marks_wait_in_the_queue_while_the_server_is_down() {
    let (_tmp, _feeds, mut cs, home) = setup();
    sync_ok(&home, &cs);
    let list = articles(&home, &cs);
    let (bread, walks) = (
        article(&list, "Bread")["id"].as_str().unwrap().to_string(),
        article(&list, "Walks")["id"].as_str().unwrap().to_string(),
    );

    cs.stop();
    assert_eq!(tidings(&home, &cs.password, &["read", &bread]).2, 0);
    assert_eq!(tidings(&home, &cs.password, &["bookmark", &walks]).2, 0);
    // Marked again and taken back: the last state is what the server ends with.
    assert_eq!(tidings(&home, &cs.password, &["read", &walks]).2, 0);
    assert_eq!(tidings(&home, &cs.password, &["unread", &walks]).2, 0);
    let (out, err, code) = tidings(&home, &cs.password, &["sync"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(
        out.trim(),
        format!(
            "failed: cannot connect: connection refused (4 marks kept for the next sync)  {}",
            cs.url()
        )
    );
    assert_eq!(out.lines().count(), 1);
    // The reader works from the cache, marks included.
    let list = articles(&home, &cs);
    assert_eq!(list.len(), 5);
    assert_eq!(article(&list, "Bread")["read"], true);
    let (out, _, code) = tidings(&home, &cs.password, &["sources"]);
    assert_eq!(code, 0);
    let line = out.lines().find(|l| l.starts_with(&cs.url())).unwrap();
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words[1..4], ["fever", "5", "4"], "{out}");
    assert!(
        line.ends_with("error: cannot connect: connection refused (4 marks queued)"),
        "{out}"
    );
    let (out, _, _) = tidings(&home, &cs.password, &["sources", "--format", "json"]);
    let rows: Value = serde_json::from_str(&out).unwrap();
    let row = &rows.as_array().unwrap()[0];
    assert_eq!(row["kind"], "fever");
    assert_eq!(row["status"], "error");
    assert_eq!(row["queued"], 4);
    assert_eq!(row["articles"], 5);

    cs.start();
    let line = sync_ok(&home, &cs);
    assert_eq!(
        line,
        format!("synced: 0 new, 4 marks up, 0 down  {}", cs.url())
    );
    let (bread_id, walks_id) = (item_id(&cs, "Bread"), item_id(&cs, "Walks"));
    let unread = cs.ids("unread_item_ids");
    assert!(!unread.contains(&bread_id), "{unread:?}");
    assert!(unread.contains(&walks_id), "{unread:?}");
    assert_eq!(cs.ids("saved_item_ids"), [walks_id]);
    let (out, _, _) = tidings(&home, &cs.password, &["sources"]);
    let line = out.lines().find(|l| l.starts_with(&cs.url())).unwrap();
    assert!(line.ends_with("  ok"), "{out}");
}

#[test]
fn a_wrong_password_is_one_clear_line_and_loses_nothing() {
    let (_tmp, _feeds, cs, home) = setup();
    sync_ok(&home, &cs);
    let id = articles(&home, &cs)[0]["id"].as_str().unwrap().to_string();
    assert_eq!(tidings(&home, "wrong password", &["read", &id]).2, 0);
    let (out, err, code) = tidings(&home, "wrong password", &["sync"]);
    assert_eq!(code, 1);
    assert_eq!(
        out.trim(),
        format!(
            "failed: the server refused the user name or password (1 mark kept for the next sync)  {}",
            cs.url()
        )
    );
    assert!(err.contains("1 of 1 sync server failed"), "{err}");
    assert_eq!(articles(&home, &cs).len(), 5);
    assert_eq!(cs.ids("unread_item_ids").len(), 5);
    // With the right one, the mark goes up.
    let line = sync_ok(&home, &cs);
    assert_eq!(
        line,
        format!("synced: 0 new, 1 marks up, 0 down  {}", cs.url())
    );
    assert_eq!(cs.ids("unread_item_ids").len(), 4);
}

#[test]
fn a_server_that_is_not_fever_is_named_as_such() {
    let tmp = tempfile::tempdir().unwrap();
    let f = Server::start(|r| {
        if r.path.starts_with("/page") {
            Response::ok("<!doctype html>\u{1b}]0;owned\u{7}\u{1b}[2J<title>A web page</title>")
        } else if r.path.starts_with("/slow") {
            Response::ok("{}").delay(std::time::Duration::from_secs(4))
        } else {
            Response::status(404)
        }
    });
    let home = tmp.path().join("home");
    let dir = home.join("config/tidings");
    std::fs::create_dir_all(&dir).unwrap();
    // The config names one Fever server at `url` (after `before`, other tables).
    let sync_with = |url: &str, before: &str| {
        std::fs::write(
            dir.join("config.toml"),
            format!(
                "{before}[[sync]]\nkind = \"fever\"\nurl = \"{url}\"\nuser = \"me\"\npassword_env = \"{PASSWORD_VAR}\"\n"
            ),
        )
        .unwrap();
        let (out, _, code) = tidings(&home, "x", &["sync"]);
        assert_eq!(code, 1, "{out}");
        out
    };
    let out = sync_with(&f.url("/page"), "");
    assert!(
        out.starts_with(
            "failed: not a Fever API: the answer is not JSON (\"<!doctype html><title>"
        ),
        "{out}"
    );
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    let url404 = f.url("/nothing");
    let out = sync_with(&url404, "");
    assert_eq!(out.trim(), format!("failed: HTTP 404 Not Found  {url404}"));
    // A server slower than [fetch] timeout.
    let slow = f.url("/slow");
    let out = sync_with(&slow, "[fetch]\ntimeout = 1\n\n");
    assert_eq!(out.trim(), format!("failed: timed out  {slow}"));
    // No password: said so, nothing sent.
    let o = support::command(&home).arg("sync").output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out.trim(),
        format!("failed: password: the environment variable {PASSWORD_VAR} is not set  {slow}")
    );
}

/// Marks queued in the state database of `home`.
fn queued(home: &Path) -> i64 {
    let db = home.join("data/tidings/tidings.db");
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.query_row("SELECT count(*) FROM sync_queue", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_mark_survives_sigkill_before_its_upload() {
    let (_tmp, _feeds, cs, home) = setup();
    sync_ok(&home, &cs);
    // The newest article is first in the list: "Terminal colours" (3 Nov).
    let newest = articles(&home, &cs)[0]["title"]
        .as_str()
        .unwrap()
        .to_string();

    let inner = format!(
        "stty cols 120 rows 40; {} --state-dir {} --now=2026-11-28T12:00:00Z",
        env!("CARGO_BIN_EXE_tidings"),
        home.join("data/tidings").display()
    );
    let mut pty = Reader(support::pty::Pty::spawn(&home, &inner));
    pty.wait_for(&newest, 1);
    pty.keys(b"b");
    pty.wait_until("the bookmark queued in the database", || queued(&home) == 1);
    let pid = tidings_pid(&pty);
    let status = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let _ = pty.script.wait();
    assert!(cs.ids("saved_item_ids").is_empty());

    let line = sync_ok(&home, &cs);
    assert_eq!(
        line,
        format!("synced: 0 new, 1 marks up, 0 down  {}", cs.url())
    );
    assert_eq!(cs.ids("saved_item_ids"), [item_id(&cs, &newest)]);
    assert_eq!(queued(&home), 0);
}

/// The reader in a pseudo-terminal. Dropped (also when a test fails), it is killed,
/// so that no reader outlives its test.
struct Reader(support::pty::Pty);

impl std::ops::Deref for Reader {
    type Target = support::pty::Pty;
    fn deref(&self) -> &support::pty::Pty {
        &self.0
    }
}

impl std::ops::DerefMut for Reader {
    fn deref_mut(&mut self) -> &mut support::pty::Pty {
        &mut self.0
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        if matches!(self.0.script.try_wait(), Ok(None)) {
            for pid in children(self.0.script.id()).into_iter().flat_map(children) {
                let _ = std::process::Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
            let _ = self.0.script.kill();
            let _ = self.0.script.wait();
        }
    }
}

/// The tidings process under the pseudo-terminal's shell.
fn tidings_pid(pty: &support::pty::Pty) -> u32 {
    let mut pid = None;
    pty.wait_until("tidings under script's shell", || {
        pid = children(pty.script.id())
            .into_iter()
            .flat_map(children)
            .find(|p| {
                std::fs::read_to_string(format!("/proc/{p}/comm"))
                    .is_ok_and(|c| c.trim() == "tidings")
            });
        pid.is_some()
    });
    pid.unwrap()
}

/// The reader's screen as a terminal shows it now.
fn screen(pty: &support::pty::Pty) -> String {
    let size = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut term = vt100::Parser::new(size(40), size(120), 0);
    term.process(&pty.bytes());
    term.screen().contents()
}

/// Waits until the screen shows `text`.
fn wait_screen(pty: &support::pty::Pty, text: &str) {
    let start = std::time::Instant::now();
    while !screen(pty).contains(text) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{text:?} never showed; the screen:\n{}",
            screen(pty)
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Ends the reader: `q`, and if it is still there after 5 s, SIGKILL.
fn finish(mut pty: Reader) {
    let pid = tidings_pid(&pty);
    pty.keys(b"q");
    for _ in 0..100 {
        if pty.script.try_wait().unwrap().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status();
    let _ = pty.script.wait();
}

/// The reader of `home` in a pseudo-terminal (its password from a file, through
/// `password_command`: the terminal's environment is empty).
fn reader(home: &Path, cs: &Coldsweat) -> Reader {
    let secret = home.join("secret");
    std::fs::create_dir_all(home).unwrap();
    std::fs::write(&secret, format!("{}\nsecond line\n", cs.password)).unwrap();
    let dir = home.join("config/tidings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[[sync]]\nkind = \"fever\"\nurl = \"{}\"\nuser = \"{}\"\npassword_command = \"cat '{}'\"\n",
            cs.url(),
            cs.email,
            secret.display()
        ),
    )
    .unwrap();
    let inner = format!(
        "stty cols 120 rows 40; {} --state-dir {} --now=2026-11-28T12:00:00Z",
        env!("CARGO_BIN_EXE_tidings"),
        home.join("data/tidings").display()
    );
    Reader(support::pty::Pty::spawn(home, &inner))
}

#[test]
fn the_reader_syncs_at_start_and_on_r() {
    let tmp = tempfile::tempdir().unwrap();
    let f = feeds();
    let cs = server(tmp.path(), &f);
    let home = tmp.path().join("home");
    // Never synced: refresh_on_start (the default, 60 minutes) syncs after the first
    // frame, and the articles arrive.
    let mut pty = reader(&home, &cs);
    pty.wait_for("Terminal colours", 1);
    wait_screen(&pty, "synced: 5 new, 0 marks up, 0 down");
    assert!(!screen(&pty).contains('★'));
    // Marked on the server, R brings it.
    let bread = item_id(&cs, "Bread").to_string();
    cs.post("", &[("mark", "item"), ("as", "saved"), ("id", &bread)])
        .unwrap();
    pty.keys(b"R");
    wait_screen(&pty, "synced: 0 new, 0 marks up, 1 down");
    // The reader picks the bookmark up from the database: ★ in the list.
    wait_screen(&pty, "★");
    finish(pty);
    let list = articles(&home, &cs);
    assert_eq!(article(&list, "Bread")["bookmarked"], true);
}

#[test]
fn the_reader_says_when_a_sync_fails_and_keeps_the_cache() {
    let (_tmp, _feeds, mut cs, home) = setup();
    sync_ok(&home, &cs);
    cs.stop();
    let mut pty = reader(&home, &cs);
    pty.wait_for("Terminal colours", 1);
    pty.keys(b"R");
    wait_screen(&pty, "failed: cannot connect: connection refused");
    // The sidebar marks the server's sources as failing, like failed feeds.
    assert!(!screen(&pty).contains("! Tech News"));
    pty.keys(b"S");
    wait_screen(&pty, "! Tech News");
    assert!(screen(&pty).contains("! Life"), "{}", screen(&pty));
    finish(pty);
}
