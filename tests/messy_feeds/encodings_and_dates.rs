//! Declared encodings, dates in every form, and the command line.

#[allow(clippy::wildcard_imports)]
use super::*;

// ---------------------------------------------------------------------------------
// 10. Encodings declared in the XML prolog

fn assert_decoded(rel: &str, channel: &str, item: &str, body: &str) {
    let doc = load(rel);
    assert_eq!(doc.kind, SourceKind::Rss, "{rel}");
    assert_eq!(doc.title.as_deref(), Some(channel), "{rel}");
    assert_eq!(doc.articles.len(), 1, "{rel}");
    assert_eq!(doc.articles[0].title, item, "{rel}");
    assert_eq!(doc.articles[0].plain().trim(), body, "{rel}");
}

#[test]
fn windows_1251_declared_in_the_prolog_is_decoded() {
    assert_decoded(
        "encodings/windows-1251.xml",
        "Новости гавани",
        "Паром задерживается до полудня",
        "Туман над проливом рассеется к обеду.",
    );
}

#[test]
fn koi8_r_declared_in_the_prolog_is_decoded() {
    assert_decoded(
        "encodings/koi8-r.xml",
        "Северный маяк",
        "Смотритель маяка вернулся с отпуска",
        "Лампа снова горит каждую ночь.",
    );
}

#[test]
fn iso_8859_1_declared_in_the_prolog_is_decoded() {
    assert_decoded(
        "encodings/iso-8859-1.xml",
        "Café du port",
        "Crème brûlée à la carte, élégante",
        "Le chef prépare un dessert très réussi.",
    );
}

#[test]
fn shift_jis_declared_in_the_prolog_is_decoded() {
    assert_decoded(
        "encodings/shift_jis.xml",
        "港のニュース",
        "フェリーは正午に出発します",
        "霧は昼までに晴れる見込みです。",
    );
}

#[test]
fn utf16le_with_a_bom_is_decoded() {
    assert_decoded(
        "encodings/utf-16le-bom.xml",
        "Ünïcode Wide Harbour",
        "Ωmega tide: привет, 港, café",
        "Two bytes per letter.",
    );
}

#[test]
fn utf16_without_a_bom_in_a_folder_is_a_feed_not_a_binary_file() {
    let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel>\
<title>Wide</title><item><title>Ωmega tide</title></item></channel></rss>";
    for (name, bytes) in [
        (
            "le.xml",
            doc.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ),
        (
            "be.xml",
            doc.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let lib = ingest::load(&[SourceSpec::path(dir.path())], support::utc(), None);
        let titles: Vec<&str> = lib.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Ωmega tide"], "{name}: {:?}", lib.sources);
    }
}

// ---------------------------------------------------------------------------------
// 11. Dates

/// Compares every article's `published` with the `expect: <RFC 3339>` its text carries;
/// reports every mismatch at once.
fn check_expected_dates(rel: &str, count: usize) {
    let doc = load(rel);
    assert_eq!(doc.articles.len(), count, "{rel}: {:?}", titles(&doc));
    let mut wrong = Vec::new();
    for a in &doc.articles {
        let text = format!("{} {}", a.summary.as_deref().unwrap_or(""), a.body);
        let Some(expect) = text
            .split("expect: ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
        else {
            wrong.push(format!("{}: no expectation in {text:?}", a.title));
            continue;
        };
        let want = at(expect);
        if a.published != Some(want) {
            wrong.push(format!(
                "{}: got {:?}, want {want}",
                a.title,
                a.published.map(|d| d.to_rfc3339())
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{rel}: {} of {count} dates wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn rss_and_dc_date_forms_give_the_expected_instants() {
    check_expected_dates("dates/rss-dates.xml", 29);
}

#[test]
fn atom_published_forms_give_the_expected_instants() {
    check_expected_dates("dates/atom-dates.xml", 6);
}

#[test]
fn an_unreadable_date_keeps_the_item_and_warns_with_the_text() {
    let doc = load("dates/bad-dates.xml");
    assert_eq!(
        titles(&doc),
        ["Unreadable date", "Far future year", "Ordinary date"]
    );
    assert_eq!(
        doc.articles[0].link.as_deref(),
        Some("https://example.org/baddates/1")
    );
    assert!(
        doc.warnings.iter().any(|w| w.contains("not a date at all")),
        "{:#?}",
        doc.warnings
    );
    assert_eq!(doc.articles[2].published, Some(at("2004-07-08T23:56:58Z")));
}

#[test]
fn a_five_digit_year_keeps_the_item() {
    let doc = load("dates/bad-dates.xml");
    let a = find(&doc, "Far future year");
    assert_eq!(a.link.as_deref(), Some("https://example.org/baddates/2"));
    assert_eq!(a.plain().trim(), "Five-digit year.");
}

#[test]
fn in_a_folder_items_without_a_readable_date_take_the_files_time_as_a_guess() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad-dates.xml");
    std::fs::copy(messy().join("dates/bad-dates.xml"), &path).unwrap();
    let mtime: DateTime<Utc> = std::fs::metadata(&path).unwrap().modified().unwrap().into();
    let lib = ingest::load(&[SourceSpec::path(dir.path())], support::utc(), None);
    let get = |t: &str| lib.articles.iter().find(|a| a.title == t).unwrap();
    let unreadable = get("Unreadable date");
    assert_eq!(unreadable.published, Some(mtime));
    assert!(unreadable.date_guessed);
    let ordinary = get("Ordinary date");
    assert_eq!(ordinary.published, Some(at("2004-07-08T23:56:58Z")));
    assert!(!ordinary.date_guessed);
}

// ---------------------------------------------------------------------------------
// The command line

#[test]
fn export_reports_a_repaired_feed_in_its_source_warnings() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("feeds");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        messy().join("illformed/bare-ampersand.xml"),
        dir.join("kitchen.xml"),
    )
    .unwrap();
    let out = Command::cargo_bin("tidings")
        .unwrap()
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("TZ", "UTC")
        .arg("--now=2026-11-28T12:00:00Z")
        .arg("--config")
        .arg(support::fixtures().join("utc.toml"))
        .args(["export", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"));
    let sources = v["sources"].as_array().unwrap();
    let feed = sources
        .iter()
        .find(|s| {
            s["location"]
                .as_str()
                .is_some_and(|l| l.ends_with("kitchen.xml"))
        })
        .unwrap_or_else(|| panic!("no source for kitchen.xml: {v:#}"));
    assert_eq!(feed["kind"], "rss", "{feed:#}");
    assert!(feed["error"].is_null(), "{feed:#}");
    let warnings = feed["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().is_some_and(|w| w.contains("repaired"))),
        "{feed:#}"
    );
    let mut titles: Vec<&str> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    titles.sort_unstable();
    assert_eq!(titles, ["Fish & chips", "Mushy peas, explained"]);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
