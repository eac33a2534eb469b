//! The command line as a user runs it: the real binary in a temporary home, reading
//! fixtures under tests/fixtures, never the real config or the network.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The binary with a throw-away home and XDG dirs, and a fixed "now".
fn tidings(home: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("tidings").unwrap();
    cmd.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("TZ", "UTC")
        .arg("--now=2026-11-28T12:00:00Z");
    cmd
}

fn export_json(args: &[&str]) -> (Value, String, i32) {
    let home = tempfile::tempdir().unwrap();
    let out = tidings(&home)
        .args(["--config"])
        .arg(fixtures().join("utc.toml"))
        .arg("export")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (json, stderr, out.status.code().unwrap_or(-1))
}

fn titles(v: &Value) -> Vec<String> {
    v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn bundled_sample_data_exports_without_errors() {
    let home = tempfile::tempdir().unwrap();
    let out = tidings(&home)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = v["sources"].as_array().unwrap();
    let articles = v["articles"].as_array().unwrap();
    assert!(articles.len() >= 60, "{} articles", articles.len());
    assert!(sources.len() >= 5, "{} sources", sources.len());
    for s in sources {
        assert!(s["error"].is_null(), "source error: {s}");
        assert!(
            s["warnings"].as_array().unwrap().is_empty(),
            "source warnings: {s}"
        );
    }
    let mut kinds: Vec<&str> = sources
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds, ["atom", "json", "rss", "text"]);
    let tags: std::collections::BTreeSet<String> = articles
        .iter()
        .flat_map(|a| {
            a["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_lowercase())
        })
        .collect();
    assert!(tags.len() >= 12, "{tags:?}");
    let dates: Vec<&str> = articles
        .iter()
        .filter_map(|a| a["published"].as_str())
        .collect();
    assert_eq!(
        dates.len(),
        articles.len(),
        "every sample article has a date"
    );
    let (newest, oldest) = (dates.iter().max().unwrap(), dates.iter().min().unwrap());
    let months = |d: &str| d[..4].parse::<i32>().unwrap() * 12 + d[5..7].parse::<i32>().unwrap();
    assert!(
        months(newest) - months(oldest) >= 18,
        "{oldest} .. {newest}"
    );
    let text = |a: &Value| format!("{} {}", a["title"], a["content"]);
    let all: String = articles.iter().map(text).collect();
    assert!(
        all.chars().any(|c| ('\u{0400}'..='\u{04ff}').contains(&c)),
        "Cyrillic"
    );
    assert!(
        all.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c)),
        "CJK"
    );
    assert!(all.chars().any(|c| c as u32 >= 0x1f300), "emoji");
    assert!(
        articles
            .iter()
            .any(|a| a["content"].as_str().unwrap().split_whitespace().count() >= 3000),
        "a long read"
    );
    let html: String = articles
        .iter()
        .filter_map(|a| a["content_html"].as_str())
        .collect();
    for tag in ["<ul>", "<ol>", "<table>", "<a href"] {
        assert!(html.contains(tag), "an HTML body with {tag}");
    }
}

#[test]
fn json_has_exactly_the_contract_keys() {
    let (v, _, code) = export_json(&[fixtures().join("mixed").to_str().unwrap()]);
    assert_eq!(code, 0);
    let keys = |o: &Value| {
        let mut k: Vec<String> = o.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["articles", "sources"]);
    let mut want_source = vec![
        "id",
        "title",
        "kind",
        "location",
        "link",
        "description",
        "error",
        "warnings",
    ];
    want_source.sort_unstable();
    for s in v["sources"].as_array().unwrap() {
        assert_eq!(keys(s), want_source);
    }
    let mut want_article = vec![
        "id",
        "source",
        "source_title",
        "title",
        "link",
        "published",
        "updated",
        "date_guessed",
        "authors",
        "tags",
        "summary",
        "content",
        "content_html",
        "credits",
        "location",
        "bookmarked",
        "read",
    ];
    want_article.sort_unstable();
    for a in v["articles"].as_array().unwrap() {
        assert_eq!(keys(a), want_article);
        for author in a["authors"].as_array().unwrap() {
            assert_eq!(keys(author), ["email", "name", "uri"]);
        }
    }
}

#[test]
fn a_mixed_folder_loads_every_format_and_skips_hidden_files() {
    let (v, stderr, code) = export_json(&[fixtures().join("mixed").to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let mut kinds: Vec<&str> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["atom", "json", "rss", "text"]);
    let t = titles(&v);
    assert_eq!(t.len(), 6, "{t:?}");
    assert!(!t.iter().any(|x| x.contains("Hidden")));
    // Newest first.
    assert_eq!(t[0], "Release 2.0 is out");
    let festival = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Harbour festival returns in June")
        .unwrap();
    assert_eq!(festival["published"], "2025-04-02T16:00:00Z");
    assert_eq!(festival["tags"], serde_json::json!(["culture"]));
    assert_eq!(festival["link"], "https://example.org/culture/festival");
    let probe = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Probe reaches the outer belt")
        .unwrap();
    assert!(probe["content_html"].as_str().unwrap().contains("<ul>"));
    let content = probe["content"].as_str().unwrap();
    assert!(content.contains("first images & data."), "{content}");
    assert!(!content.contains('<'), "{content}");
    assert_eq!(probe["tags"], serde_json::json!(["Space"]));
}

#[test]
fn a_text_article_in_the_spec_shape_converts_from_the_source_zone() {
    let home = tempfile::tempdir().unwrap();
    let out = tidings(&home)
        .arg("--config")
        .arg(fixtures().join("minsk.toml"))
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &v["articles"][0];
    assert_eq!(a["title"], "Regional council approves new tram line");
    assert_eq!(
        a["published"], "2025-03-12T06:30:00Z",
        "09:30 in Minsk is 06:30 UTC"
    );
    assert_eq!(a["date_guessed"], false);
    assert_eq!(
        a["summary"],
        "The city council voted on Tuesday to fund a 14-kilometre tram line linking the northern districts with the central station."
    );
    let content = a["content"].as_str().unwrap();
    assert_eq!(content.split("\n\n").count(), 3, "{content}");
    assert!(
        content.contains("18 stops\nand is expected"),
        "line breaks kept: {content}"
    );
    assert_eq!(
        a["credits"],
        serde_json::json!(["photos: press office of the city council"])
    );
    assert_eq!(a["tags"], serde_json::json!(["Transport", "desk"]));
    assert_eq!(v["sources"][0]["title"], "Minsk desk");
}

#[test]
fn broken_inputs_are_reported_and_the_rest_loads() {
    let (v, stderr, code) = export_json(&[fixtures().join("broken").to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let t = titles(&v);
    assert!(t.contains(&"A good article".to_string()), "{t:?}");
    assert!(t.contains(&"Caf\u{e9} society".to_string()), "{t:?}");
    // The feed cut off inside its first item keeps that item, with a warning.
    assert!(t.contains(&"Half".to_string()), "{t:?}");
    assert_eq!(t.len(), 3, "{t:?}");
    let all = v["sources"].to_string();
    for needle in [
        "empty.txt",
        "picture.dat",
        "binary",
        "truncated.xml",
        "invalid.json",
        "latin1.txt",
        "UTF-8",
    ] {
        assert!(all.contains(needle), "{needle} not reported in {all}");
        assert!(stderr.contains(needle), "{needle} not on stderr: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn each_broken_file_alone_is_a_source_error_and_exit_1() {
    for name in ["empty.txt", "picture.dat", "invalid.json"] {
        let (v, stderr, code) =
            export_json(&[fixtures().join("broken").join(name).to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {stderr}");
        assert!(
            v["sources"][0]["error"]
                .as_str()
                .is_some_and(|e| e.contains(name)),
            "{name}: {v}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A truncated feed is not an error: what could be read loads, and the repair is
    // a warning.
    let (v, stderr, code) =
        export_json(&[fixtures().join("broken/truncated.xml").to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(titles(&v), ["Half"]);
    assert!(v["sources"][0]["error"].is_null(), "{v}");
    assert!(
        v["sources"][0]["warnings"]
            .to_string()
            .contains("truncated"),
        "{v}"
    );
    let (_, stderr, code) = export_json(&["/no/such/folder"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("/no/such/folder"), "{stderr}");
}

#[test]
fn the_filter_picks_what_a_person_would() {
    let (v, stderr, code) = export_json(&[
        fixtures().join("filter").to_str().unwrap(),
        "--filter",
        "+ENERGY @2024-01..2024-06 !storms",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        titles(&v),
        [
            "Grid upgrade finished early",
            "Budget doubles rooftop solar grants",
            "Solar farm opens on the ridge"
        ]
    );
}

#[test]
fn a_bad_filter_exits_2_and_says_where() {
    let (_, stderr, code) = export_json(&["--filter", "+energy @2024-13"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("2024-13"), "{stderr}");
    assert!(stderr.contains("byte 8"), "{stderr}");
}

#[test]
fn jsonl_csv_and_md() {
    let dir = fixtures().join("filter");
    let run = |fmt: &str| {
        let home = tempfile::tempdir().unwrap();
        let out = tidings(&home)
            .arg("export")
            .arg(&dir)
            .args(["--format", fmt, "--filter", "+housing"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let jsonl = run("jsonl");
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["title"], "Budget funds 300 new flats");
    let csv = run("csv");
    let mut rows = csv.lines();
    assert!(
        rows.next()
            .unwrap()
            .starts_with("id,published,updated,source,source_title,title")
    );
    assert_eq!(rows.count(), 2);
    let md = run("md");
    assert!(md.starts_with("# tidings digest: 2 articles"), "{md}");
    assert!(md.contains("## Rent cap extended"), "{md}");
}

#[test]
fn a_bad_config_line_is_named() {
    let home = tempfile::tempdir().unwrap();
    let cfg = home.path().join("bad.toml");
    std::fs::write(&cfg, "[general]\ntimezone = \"Nowhere/City\"\n").unwrap();
    let out = tidings(&home)
        .arg("--config")
        .arg(&cfg)
        .arg("export")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:2:"), "{err}");
    assert!(err.contains("Nowhere/City"), "{err}");
}

#[test]
fn configured_sources_from_the_xdg_config() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("config/tidings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[[sources]]\npath = {:?}\ntags = [\"mine\"]\n",
            fixtures().join("filter/housing")
        ),
    )
    .unwrap();
    let out = tidings(&home)
        .args(["export", "--filter", "+mine"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(titles(&v).len(), 2);
}

#[test]
fn an_author_that_crashed_the_old_parser_loads() {
    // feed-rs 3.0.0 panicked on an author like `é.a@b.cc`; our reader takes it as an
    // address, and nothing is printed about it.
    let (v, stderr, code) = export_json(&[fixtures().join("crash").to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let mut t = titles(&v);
    t.sort();
    assert_eq!(t, ["A neighbour that loads", "Crash"]);
    let crash = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Crash")
        .unwrap();
    assert_eq!(crash["authors"][0]["email"], "é.a@b.cc", "{crash}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_second_export_reads_the_folder_snapshot_and_gives_the_same_output() {
    let home = tempfile::tempdir().unwrap();
    let run = || {
        let out = tidings(&home)
            .args(["--config"])
            .arg(fixtures().join("utc.toml"))
            .args(["export", "--format", "jsonl"])
            .arg(fixtures().join("mixed"))
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let first = run();
    let snapshots = home.path().join("data/tidings/snapshots");
    let written: Vec<_> = std::fs::read_dir(&snapshots)
        .unwrap_or_else(|e| panic!("{}: {e}", snapshots.display()))
        .collect();
    assert_eq!(written.len(), 1, "one snapshot for the one folder");
    let second = run();
    assert_eq!(first, second);
    assert!(
        second.contains("\"content_html\":\"<"),
        "HTML bodies come back from the snapshot"
    );
}

#[test]
fn help_names_the_xdg_paths_plainly() {
    let home = tempfile::tempdir().unwrap();
    let out = tidings(&home).arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("instead of $XDG_CONFIG_HOME/tidings/config.toml"),
        "{text}"
    );
    assert!(!text.contains('`'), "no markdown in --help: {text}");
}

#[test]
fn bookmarks_as_a_readable_list() {
    let home = tempfile::tempdir().unwrap();
    let dir = fixtures().join("filter");
    let out = tidings(&home)
        .args(["--config"])
        .arg(fixtures().join("utc.toml"))
        .arg("export")
        .arg(&dir)
        .args(["--format", "jsonl", "--filter", "+grid"])
        .output()
        .unwrap();
    let first: Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    let id = first["id"].as_str().unwrap().to_string();
    let cfg = home.path().join("c.toml");
    std::fs::write(
        &cfg,
        format!(
            "[general]\ntimezone = \"UTC\"\n[[sources]]\npath = \"{}\"\n",
            dir.display()
        ),
    )
    .unwrap();
    tidings(&home)
        .arg("--config")
        .arg(&cfg)
        .args(["bookmark", &id])
        .assert()
        .success();
    let out = tidings(&home)
        .arg("--config")
        .arg(&cfg)
        .args(["bookmarks", "--format", "list"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].starts_with("2024-07-01 "), "{text}");
    assert!(lines[0].ends_with("July blackout drill"), "{text}");
    // Piped without --format: JSON, as scripts expect.
    let out = tidings(&home)
        .arg("--config")
        .arg(&cfg)
        .arg("bookmarks")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["articles"].as_array().unwrap().len(), 1);
}
