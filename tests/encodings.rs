//! Legacy encodings end to end: plain-text articles in windows-1251, KOI8-R and UTF-16
//! read from a folder, with and without the source's `encoding`, the setting parsed
//! from a config file, and a bad label reported at its line. Every sample text is
//! invented here and encoded with `encoding_rs`.

mod support;

use std::fs;
use std::path::Path;

use encoding_rs::{Encoding, KOI8_R, WINDOWS_1251};
use support::utc;
use tidings::config::{Config, SourceLocation};
use tidings::ingest::{self, SourceSpec};
use tidings::model::Library;

const TITLE: &str = "Городской совет открыл новую библиотеку на набережной";

fn article() -> String {
    format!(
        "Posted: 2026-11-12 09:30\nTags: город\n\n{TITLE}\n\n\
         Библиотека работает с понедельника по субботу, а читальный зал ждёт \
         школьников после уроков. Первые читатели получили открытки с видом реки.\n"
    )
}

fn encoded(enc: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, used, unmappable) = enc.encode(text);
    assert!(used == enc && !unmappable);
    bytes.into_owned()
}

/// A folder `news/` holding `council.txt` with `bytes`.
fn folder(bytes: &[u8]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("news")).unwrap();
    fs::write(tmp.path().join("news/council.txt"), bytes).unwrap();
    tmp
}

fn load(spec: SourceSpec, snapshots: Option<&Path>) -> Library {
    ingest::load(&[spec], utc(), snapshots)
}

fn only_title(lib: &Library) -> &str {
    assert_eq!(lib.articles.len(), 1, "{:?}", lib.sources);
    &lib.articles[0].title
}

#[test]
fn undeclared_windows_1251_is_detected_and_said() {
    let tmp = folder(&encoded(WINDOWS_1251, &article()));
    let lib = load(SourceSpec::path(tmp.path().join("news")), None);
    assert_eq!(only_title(&lib), TITLE);
    assert!(lib.articles[0].plain().starts_with("Библиотека работает"));
    let warnings = &lib.sources[0].warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("council.txt"), "{warnings:?}");
    assert!(
        warnings[0].contains("not UTF-8: read as windows-1251 (detected)"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("set encoding = \"windows-1251\""),
        "{warnings:?}"
    );
}

#[test]
fn the_source_encoding_is_used_without_a_warning() {
    let tmp = folder(&encoded(WINDOWS_1251, &article()));
    let mut spec = SourceSpec::path(tmp.path().join("news"));
    spec.encoding = Some(WINDOWS_1251);
    let lib = load(spec, None);
    assert_clean_title(&lib);
}

#[test]
fn koi8_r_from_a_config_file() {
    let tmp = folder(&encoded(KOI8_R, &article()));
    let text = "[[sources]]\npath = \"news\"\ntitle = \"Council\"\nencoding = \"koi8-r\"\n";
    let cfg = Config::parse(text, "my.toml", Some(tmp.path())).unwrap();
    assert_eq!(cfg.sources[0].encoding, Some(KOI8_R));
    assert_eq!(
        cfg.sources[0].location,
        SourceLocation::Path(tmp.path().join("news"))
    );
    let spec = SourceSpec::from_config(&cfg.sources[0]).unwrap();
    let lib = load(spec, None);
    assert_eq!(only_title(&lib), TITLE);
    assert_eq!(lib.sources[0].title, "Council");
    assert!(
        lib.sources[0].warnings.is_empty(),
        "{:?}",
        lib.sources[0].warnings
    );
}

#[test]
fn an_unknown_encoding_is_a_config_error_at_its_line() {
    let text = "[[sources]]\npath = \"news\"\n\nencoding = \"klingon-8\"\n";
    let e = Config::parse(text, "my.toml", None)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("my.toml:4: "), "{e}");
    assert!(e.contains("unknown encoding \"klingon-8\""), "{e}");
}

#[test]
fn utf16_text_with_a_bom_is_an_article_not_a_binary_file() {
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(article().encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let tmp = folder(&bytes);
    let lib = load(SourceSpec::path(tmp.path().join("news")), None);
    assert_clean_title(&lib);
}

#[test]
fn changing_the_encoding_reparses_a_remembered_folder() {
    let tmp = folder(&encoded(KOI8_R, &article()));
    let snaps = tmp.path().join("snapshots");
    let spec = |enc| {
        let mut s = SourceSpec::path(tmp.path().join("news"));
        s.encoding = Some(enc);
        s
    };
    // Read wrongly first; the snapshot must not keep that reading.
    let wrong = load(spec(WINDOWS_1251), Some(&snaps));
    assert_ne!(only_title(&wrong), TITLE);
    let right = load(spec(KOI8_R), Some(&snaps));
    assert_eq!(only_title(&right), TITLE);
    let again = load(spec(KOI8_R), Some(&snaps));
    assert_eq!(only_title(&again), TITLE);
}

#[test]
fn a_windows_1251_feed_in_a_folder_reads_by_its_declaration() {
    let rss = format!(
        "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rss version=\"2.0\"><channel>\
         <title>Вести набережной</title><link>https://quay.example/</link>\
         <item><title>{TITLE}</title><link>https://quay.example/library</link>\
         <pubDate>Tue, 10 Nov 2026 08:00:00 GMT</pubDate>\
         <description>Читальный зал ждёт школьников.</description></item>\
         </channel></rss>\n"
    );
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("quay.rss"), encoded(WINDOWS_1251, &rss)).unwrap();
    let lib = load(SourceSpec::path(tmp.path().join("quay.rss")), None);
    assert_eq!(only_title(&lib), TITLE);
    assert_eq!(lib.sources[0].title, "Вести набережной");
    assert!(
        lib.sources[0].warnings.is_empty(),
        "{:?}",
        lib.sources[0].warnings
    );
}

/// The article's title read right, and nothing to warn about.
fn assert_clean_title(lib: &Library) {
    assert_eq!(only_title(lib), TITLE);
    assert!(
        lib.sources[0].warnings.is_empty(),
        "{:?}",
        lib.sources[0].warnings
    );
}
