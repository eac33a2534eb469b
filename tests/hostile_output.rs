//! Text from outside (feeds, file names, server answers, OPML files, state files) never
//! carries a terminal escape sequence, a control character or a bidi override to any
//! output: the commands' stdout and stderr in every format, the log file, the state
//! database. Local files and a server on 127.0.0.1 only.

#[path = "support/http.rs"]
mod http;
mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use http::{Response, Server};
use proptest::prelude::*;
use serde_json::Value;
use support::command as tidings;
use tidings::cli::export::{self, Format};
use tidings::ingest::{self, SourceSpec};

/// What an adversary writes: clipboard (OSC 52) and title (OSC 0) writes, a screen
/// clear, a C1 CSI, a bell and a right-to-left override.
const ESCAPES: &[&str] = &[
    "\u{1b}]52;c;ZXZpbA==\u{7}",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\u{7}",
    "\u{202e}",
];

fn bad() -> String {
    ESCAPES.join("|")
}

/// Not allowed in any output: controls but `\n` and `\t`, bidi overrides and isolates.
fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// No raw escape byte, bell, UTF-8 C1 or bidi override; no JSON-escaped control; and
/// nothing left of the sequences (their payloads go with them).
fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(!bytes.contains(&0x1b), "{what}: ESC in {text:?}");
    assert!(!bytes.contains(&0x07), "{what}: BEL in {text:?}");
    assert!(
        !bytes
            .windows(2)
            .any(|w| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1])),
        "{what}: C1 in {text:?}"
    );
    let found: Vec<char> = text.chars().filter(|&c| forbidden(c)).collect();
    assert!(found.is_empty(), "{what}: {found:?} in {text:?}");
    for leftover in [
        "pwned", "ZXZpbA", "[2J", "31m", "\\u001b", "\\u001B", "\\u0007", "\\u009b", "\\u202e",
    ] {
        assert!(!text.contains(leftover), "{what}: {leftover:?} in {text:?}");
    }
}

/// An RSS document with `bad` in every field, in the body (raw and as character
/// references) and in an element's name.
fn hostile_rss(bad: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Chan {bad}</title><link>https://example.org/{bad}</link><description>desc {bad}</description>
<item><title>Item {bad}</title><link>https://example.org/a{bad}</link>
<category>tag{bad}</category><author>me@example.org (Auth {bad})</author><dc:creator>Crea {bad}</dc:creator>
<guid>g1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate>
<description><![CDATA[<p>body {bad} &#27;]52;c;ZW50aXR5&#7; &#x1b;]0;ZW50aXR5&#x07;</p>]]></description>
</item>
<item><title>Second</title><guid>g2</guid><pubDate>Tue, 03 Nov 2026 10:00:00 +0000</pubDate>
<description>plain {bad}</description><b{bad}ad>x</notclosed></item>
</channel></rss>"#
    )
}

fn hostile_json_feed(bad: &str) -> String {
    let items = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": format!("Json {bad}"),
        "home_page_url": format!("https://example.org/{bad}"),
        "items": [{
            "id": "j1",
            "title": format!("Jitem {bad}"),
            "url": format!("https://example.org/j{bad}"),
            "date_published": "2026-11-04T10:00:00Z",
            "tags": [format!("jtag{bad}")],
            "authors": [{"name": format!("Jauth {bad}"), "url": format!("https://a.example/{bad}")}],
            "content_html": format!("<p>jbody {bad}</p>"),
            "summary": format!("jsum {bad}"),
        }]
    });
    items.to_string()
}

fn hostile_text(bad: &str) -> String {
    format!(
        "Posted: 2026-11-05T10:00:00Z\nAuthor: Tauth {bad}\nTags: ttag{bad}, plain\nLink: https://example.org/t{bad}\nPhoto: press {bad}\n\nText {bad}\n\nBody {bad}\n"
    )
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut o = String::from('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(o, "\\u{:04X}", u32::from(c));
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A folder (its name hostile too) of hostile files, named with escapes.
fn hostile_folder(root: &Path) -> PathBuf {
    let dir = root.join("news\u{1b}[2J\u{202e}");
    std::fs::create_dir_all(&dir).unwrap();
    let b = bad();
    std::fs::write(dir.join("feed\u{1b}]0;pwned\u{7}.xml"), hostile_rss(&b)).unwrap();
    std::fs::write(dir.join("j\u{9b}31m.json"), hostile_json_feed(&b)).unwrap();
    std::fs::write(dir.join("note\u{1b}[2J.txt"), hostile_text(&b)).unwrap();
    // Cut off inside an element whose name is hostile.
    std::fs::write(
        dir.join("cut\u{202e}.xml"),
        format!("<?xml version=\"1.0\"?><rss><channel><title>T</title><item><ti{b}tle>x</ti{b}tle"),
    )
    .unwrap();
    dir
}

/// Runs a command; checks its stdout and stderr; returns stdout.
fn run_clean(home: &Path, state: &Path, config: &Path, args: &[&str]) -> Vec<u8> {
    let out = tidings(home)
        .arg(format!("--config={}", config.display()))
        .arg(format!("--state-dir={}", state.display()))
        .args(args)
        .output()
        .unwrap();
    assert_clean(&format!("stdout of {args:?}"), &out.stdout);
    assert_clean(&format!("stderr of {args:?}"), &out.stderr);
    out.stdout
}

fn export_json(home: &Path, state: &Path, config: &Path) -> Value {
    let out = run_clean(home, state, config, &["export", "--format", "json"]);
    serde_json::from_slice(&out).unwrap()
}

/// Every string in a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings(x, out);
        }),
        _ => {}
    }
}

#[test]
fn no_escape_sequence_reaches_any_output_of_the_commands() {
    let home = tempfile::tempdir().unwrap();
    let (home, state) = (home.path(), home.path().join("state"));
    let folder = hostile_folder(home);
    let b = bad();
    let feed = hostile_rss(&b);
    let server = Server::start(move |r| {
        match r.path.as_str() {
            "/feed" => Response::ok(feed.clone()),
            // Not a feed: the error quotes the root element's name.
            "/bad" => Response::ok(format!("<x{}y><item/></x{}y>", ESCAPES[1], ESCAPES[1])),
            _ => Response::status(404),
        }
    });
    let config = home.join("tidings.toml");
    std::fs::write(
        &config,
        format!(
            "[general]\ntimezone = \"UTC\"\n\n[[sources]]\npath = {}\n\n[[sources]]\nurl = \"{}\"\n\n[[sources]]\nurl = \"{}\"\n",
            toml_str(&folder.display().to_string()),
            server.url("/feed"),
            server.url("/bad"),
        ),
    )
    .unwrap();

    // The fetch fails for /bad: stdout names the error, the database stores it.
    let out = run_clean(home, &state, &config, &["fetch"]);
    let out = String::from_utf8_lossy(&out);
    assert!(out.contains("not RSS"), "{out}");
    let store = tidings::store::Store::open(&state).unwrap();
    let row = store.feed(&server.url("/bad")).unwrap().unwrap();
    let stored = row.last_error.unwrap();
    assert!(stored.contains("<xy>"), "{stored:?}");
    assert_clean("the stored error", stored.as_bytes());
    drop(store);

    let out = run_clean(home, &state, &config, &["sources"]);
    assert!(String::from_utf8_lossy(&out).contains("error: parse"));

    for format in ["json", "jsonl", "csv", "md"] {
        run_clean(home, &state, &config, &["export", "--format", format]);
        let named = folder.display().to_string();
        run_clean(
            home,
            &state,
            &config,
            &["export", "--format", format, &named],
        );
    }
    let v = export_json(home, &state, &config);
    let mut all = Vec::new();
    strings(&v, &mut all);
    for s in &all {
        assert!(!s.chars().any(forbidden), "{s:?}");
    }
    let articles = v["articles"].as_array().unwrap();
    let item = articles
        .iter()
        .find(|a| a["title"] == "Item |||||")
        .expect("the hostile item, cleaned");
    assert_eq!(item["tags"], serde_json::json!(["tag|||||"]));
    let html = item["content_html"].as_str().unwrap();
    assert!(html.starts_with("<p>body |||||"), "{html}");
    // Written as character references, the sequences go whole too.
    assert!(!html.contains("ZW50aXR5"), "{html}");

    // Marks: bookmarking prints the title; tags given on the command line and a
    // state file from elsewhere are cleaned before they are stored.
    let id = item["id"].as_str().unwrap();
    run_clean(home, &state, &config, &["bookmark", id]);
    run_clean(home, &state, &config, &["tag", id, &format!("mine{b}")]);
    let file = home.join("state.json");
    let entry = serde_json::json!({
        "version": 1,
        "articles": [
            {"id": id, "link": null, "title": format!("T {b}"), "published": null,
             "bookmarked": "2026-11-28T12:00:00Z", "read": null,
             "tags_added": [format!("imp{b}"), ESCAPES[1]], "tags_hidden": []},
            {"id": format!("gone{b}"), "link": format!("https://x.example/{b}"),
             "title": format!("Gone {b}"), "published": null, "bookmarked": null,
             "read": "2026-11-28T12:00:00Z", "tags_added": [format!("other{b}")], "tags_hidden": []},
        ]
    });
    std::fs::write(&file, entry.to_string()).unwrap();
    let f = file.display().to_string();
    run_clean(home, &state, &config, &["state", "import", &f]);
    let out = run_clean(home, &state, &config, &["state", "export", "-"]);
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.contains("\"mine|||||\"") && text.contains("\"imp|||||\""),
        "{text}"
    );
    for format in ["json", "jsonl", "csv", "md"] {
        let out = run_clean(home, &state, &config, &["bookmarks", "--format", format]);
        assert!(String::from_utf8_lossy(&out).contains("Item "));
    }

    // Subscriptions: a feed's title, an OPML file's titles, URLs and folders.
    let added = home.join("added.toml");
    let out = run_clean(home, &state, &added, &["add", &server.url("/feed")]);
    assert!(String::from_utf8_lossy(&out).contains("(Chan |||||)"));
    let opml = home.join("subs.opml");
    std::fs::write(
        &opml,
        format!(
            "<opml version=\"2.0\"><body><outline text=\"Folder {b}\">\
             <outline text=\"Sub {b}\" xmlUrl=\"https://o.example/feed{b}\"/>\
             <outline text=\"Ftp\" xmlUrl=\"ftp://o.example/{b}\"/>\
             <outline text=\"Dup\" xmlUrl=\"{}\"/></outline></body></opml>",
            server.url("/feed")
        ),
    )
    .unwrap();
    let o = opml.display().to_string();
    run_clean(home, &state, &added, &["import-opml", &o]);
    let cfg = std::fs::read_to_string(&added).unwrap();
    assert!(cfg.contains("Sub |||||") && !cfg.contains("\\u"), "{cfg}");
    run_clean(home, &state, &added, &["sources"]);
    run_clean(home, &state, &added, &["export-opml"]);

    // The reader's log names the files and the feeds' problems.
    let inner = format!(
        "stty cols 100 rows 30; exec {} --config {} --state-dir {} --now=2026-11-28T12:00:00Z --exit-after-first-frame",
        assert_cmd::cargo::cargo_bin("tidings").display(),
        config.display(),
        state.display(),
    );
    let status = Process::new("script")
        .args(["-qec", &inner, "/dev/null"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("TERM", "xterm-256color")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let log = std::fs::read(state.join("tidings.log")).expect("the reader writes its log");
    let text = String::from_utf8_lossy(&log);
    assert!(text.contains("cut.xml") && text.contains("<xy>"), "{text}");
    assert_clean("tidings.log", &log);
}

#[test]
fn the_feeds_a_page_names_are_listed_clean() {
    let home = tempfile::tempdir().unwrap();
    let (home, state) = (home.path(), home.path().join("state"));
    let server = Server::start(|r| {
        match r.path.as_str() {
        "/page" => Response::ok(format!(
            "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" title=\"Alt {}\" href=\"/feed\"></head></html>",
            bad()
        ))
        .header("Content-Type", "text/html"),
        "/feed" => Response::ok(hostile_rss(&bad())),
        _ => Response::status(404),
    }
    });
    let config = home.join("added.toml");
    let out = run_clean(home, &state, &config, &["add", &server.url("/page")]);
    assert!(String::from_utf8_lossy(&out).contains("* Alt |||||"));
}

/// Introducers without their sequence, other controls, references to controls.
const LONE: &[&str] = &[
    "\u{1b}", "\u{9b}", "\u{9d}", "\u{90}", "\u{1b}P", "\u{2066}", "\r", "\0", "\u{7f}", "&#27;",
    "&#x9b;", "&#155;",
];

/// Text with escape sequences, controls and stray bytes among ordinary characters.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 0..6),
        3 => "[a-z <>&;#\\[\\]]{0,6}".prop_map(String::into_bytes),
        3 => proptest::sample::select(ESCAPES).prop_map(|s| s.as_bytes().to_vec()),
        2 => proptest::sample::select(LONE).prop_map(|s| s.as_bytes().to_vec()),
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

fn splice(template: &str, hole: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut parts = template.split("@@").peekable();
    while let Some(p) = parts.next() {
        out.extend_from_slice(p.as_bytes());
        if parts.peek().is_some() {
            out.extend_from_slice(hole);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn exports_of_hostile_files_carry_no_control_characters(hole in hostile_bytes()) {
        let dir = tempfile::tempdir().unwrap();
        let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>C @@</title>\
            <item><title>I @@</title><link>https://e.example/@@</link><category>c@@</category>\
            <author>a@e.example (A @@)</author><guid>g@@</guid><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate>\
            <description><![CDATA[<p>b @@</p>]]></description><x@@y>z</x@@y></item></channel></rss>";
        std::fs::write(dir.path().join("f.xml"), splice(rss, &hole)).unwrap();
        let text = "Posted: 2026-11-05T10:00:00Z\nAuthor: A @@\nTags: t@@\n\nTitle @@\n\nBody @@\n";
        std::fs::write(dir.path().join("t.txt"), splice(text, &hole)).unwrap();
        let zone: tidings::zone::Zone = "UTC".parse().unwrap();
        let lib = ingest::load(&[SourceSpec::path(dir.path())], zone, None);
        let marks = tidings::marks::Marks::default();
        let picked: Vec<usize> = (0..lib.articles.len()).collect();
        for format in [Format::Json, Format::Jsonl, Format::Csv, Format::Md] {
            let mut out = Vec::new();
            export::write(&mut out, format, &lib, &marks, &picked, zone).unwrap();
            let s = String::from_utf8(out).unwrap();
            prop_assert!(!s.chars().any(forbidden), "{format:?}: {s:?}");
            if format == Format::Json {
                // The strings as a reader of the JSON sees them (escapes decoded).
                let v: Value = serde_json::from_str(&s).unwrap();
                let mut all = Vec::new();
                strings(&v, &mut all);
                for x in all {
                    prop_assert!(!x.chars().any(forbidden), "{x:?}");
                }
            }
        }
    }
}
