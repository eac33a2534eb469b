//! Local files that must not be read whole or at all: files over the size limit
//! (`max_mb` in `[fetch]`), named pipes and devices given as sources or as the config
//! file, and config files too large to be one.

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;
use tidings::config::Config;
use tidings::ingest::{self, SourceSpec};
use tidings::model::Library;

const ARTICLE: &str = "Posted: 12.03.2025 09:30:00\n\nA small article\n\nIt fits.\n";

fn load(spec: SourceSpec) -> Library {
    ingest::load(&[spec], "UTC".parse().unwrap(), None)
}

/// An RSS document of about `size` bytes, with one item.
fn big_rss(size: usize) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>\
         <item><title>Huge</title><guid>h</guid><description>{}</description></item>\
         </channel></rss>",
        "x".repeat(size)
    )
}

fn mkfifo(path: &Path) {
    let ok = Process::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// Writes `text` into the named pipe `path` on another thread, for a reader that
/// should not come (before the fix, the code under test read it and succeeded). The
/// returned function lets the writer finish and waits for it: opened for reading and
/// writing, a pipe never blocks (Linux), and the writer's open then goes through.
fn feed_the_pipe(path: &Path, text: String) -> impl FnOnce() {
    let p = path.to_path_buf();
    let writer = std::thread::spawn(move || {
        // Blocks until someone opens the pipe for reading.
        let _ = fs::write(&p, text);
    });
    let p = path.to_path_buf();
    move || {
        let end = fs::OpenOptions::new().read(true).write(true).open(&p);
        writer.join().unwrap();
        drop(end);
    }
}

#[test]
fn a_file_over_the_limit_is_skipped_and_the_rest_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    fs::create_dir(&news).unwrap();
    fs::write(news.join("small.txt"), ARTICLE).unwrap();
    let big = big_rss(3000);
    fs::write(news.join("big.rss"), &big).unwrap();
    let mut spec = SourceSpec::path(&news);
    spec.max_bytes = 1000;
    let lib = load(spec);
    let titles: Vec<&str> = lib.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["A small article"]);
    assert_eq!(lib.sources.len(), 1, "{:?}", lib.sources);
    let warnings = lib.sources[0].warnings.join("\n");
    assert!(warnings.contains("big.rss: skipped"), "{warnings}");
    let size = format!(
        "skipped: {} bytes, over the size limit of 1000 bytes",
        big.len()
    );
    assert!(warnings.contains(&size), "{warnings}");
    // A single file over the limit is the source's error.
    let mut spec = SourceSpec::path(news.join("big.rss"));
    spec.max_bytes = 1000;
    let lib = load(spec);
    assert!(lib.articles.is_empty());
    let error = lib.sources[0].error.clone().unwrap_or_default();
    assert!(error.contains("big.rss: skipped"), "{error}");
    // Within the limit (the default), it loads.
    let lib = load(SourceSpec::path(news.join("big.rss")));
    assert_eq!(lib.articles.len(), 1);
}

#[test]
fn max_mb_from_the_config_limits_local_files() {
    let tmp = tempfile::tempdir().unwrap();
    let news = tmp.path().join("news");
    fs::create_dir(&news).unwrap();
    fs::write(news.join("small.txt"), ARTICLE).unwrap();
    fs::write(news.join("big.rss"), big_rss(1024 * 1024 + 512 * 1024)).unwrap();
    let cfg = tmp.path().join("config.toml");
    fs::write(
        &cfg,
        "[general]\ntimezone = \"UTC\"\n\n[fetch]\nmax_mb = 1\n\n[[sources]]\npath = \"news\"\n",
    )
    .unwrap();
    let out = Command::cargo_bin("tidings")
        .unwrap()
        .env_clear()
        .env("HOME", tmp.path())
        .env("XDG_CONFIG_HOME", tmp.path().join("xdg-config"))
        .env("XDG_DATA_HOME", tmp.path().join("data"))
        .env("TZ", "UTC")
        .arg("--config")
        .arg(&cfg)
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let titles: Vec<&str> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["A small article"]);
    let warnings = v["sources"].to_string();
    for needle in ["big.rss: skipped", "1.5 MB", "limit of 1.0 MB", "max_mb"] {
        assert!(warnings.contains(needle), "{needle}: {warnings}");
        assert!(stderr.contains(needle), "{needle}: {stderr}");
    }
}

#[test]
fn a_named_pipe_or_a_device_as_a_source_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("feed.rss");
    mkfifo(&fifo);
    let finish = feed_the_pipe(&fifo, big_rss(10));
    let lib = load(SourceSpec::path(&fifo));
    finish();
    assert!(lib.articles.is_empty(), "the pipe was read");
    let error = lib.sources[0].error.clone().unwrap_or_default();
    assert!(
        error.contains("feed.rss") && error.contains("a named pipe"),
        "{error}"
    );
    let lib = load(SourceSpec::path("/dev/null"));
    let error = lib.sources[0].error.clone().unwrap_or_default();
    assert!(
        error.contains("/dev/null") && error.contains("a character device"),
        "{error}"
    );
    // In a folder, a pipe is passed over.
    let lib = load(SourceSpec::path(tmp.path()));
    assert!(lib.articles.is_empty());
}

#[test]
fn a_config_file_must_be_a_small_regular_file() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("config.toml");
    mkfifo(&fifo);
    let finish = feed_the_pipe(&fifo, "[general]\ntimezone = \"UTC\"\n".into());
    let loaded = Config::load(&fifo);
    finish();
    let e = loaded.expect_err("a named pipe is refused").to_string();
    assert!(
        e.contains("config.toml") && e.contains("a named pipe"),
        "{e}"
    );
    let e = Config::load(Path::new("/dev/null"))
        .expect_err("a device is refused")
        .to_string();
    assert!(
        e.contains("/dev/null") && e.contains("a character device"),
        "{e}"
    );
    // Comments only, but more than 1 MB.
    let big = tmp.path().join("big.toml");
    fs::write(&big, "# a comment line\n".repeat(70_000)).unwrap();
    let e = Config::load(&big).expect_err("too large").to_string();
    assert!(e.contains("big.toml") && e.contains("too large"), "{e}");
    let ok = tmp.path().join("ok.toml");
    fs::write(&ok, "# a comment line\n".repeat(1000)).unwrap();
    assert!(Config::load(&ok).is_ok());
    // Through the command line: a clear error, exit 2.
    let out = Command::cargo_bin("tidings")
        .unwrap()
        .env_clear()
        .env("HOME", tmp.path())
        .env("XDG_CONFIG_HOME", tmp.path().join("xdg-config"))
        .env("XDG_DATA_HOME", tmp.path().join("data"))
        .args(["--config", "/dev/null", "export"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read config file /dev/null"),
        "{stderr}"
    );
}
