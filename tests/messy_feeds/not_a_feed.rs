//! Documents that are not feeds, alone and in folders.

#[allow(clippy::wildcard_imports)]
use super::*;

// ---------------------------------------------------------------------------------
// 9. Not a feed

/// Files in not-a-feed/ that are neither a feed nor an article.
const NOT_FEEDS: &[&str] = &[
    "page.html",
    "commented-page.html",
    "drawing-svg.xml",
    "subscriptions-opml.xml",
    "settings-config.xml",
    "inventory.json",
    "numbers.json",
];

fn copy_into(dir: &Path, names: &[&str]) {
    for name in names {
        std::fs::copy(messy().join("not-a-feed").join(name), dir.join(name))
            .unwrap_or_else(|e| panic!("copy {name}: {e}"));
    }
}

fn all_warnings(lib: &Library) -> Vec<&str> {
    lib.sources
        .iter()
        .flat_map(|s| s.warnings.iter().map(String::as_str))
        .collect()
}

#[test]
fn html_pages_are_not_feeds() {
    for name in ["page.html", "commented-page.html"] {
        let b = bytes(&format!("not-a-feed/{name}"));
        assert_eq!(feed::sniff(&b), None, "{name}");
    }
}

#[test]
fn xml_documents_of_other_kinds_are_not_feeds() {
    for name in [
        "drawing-svg.xml",
        "subscriptions-opml.xml",
        "settings-config.xml",
    ] {
        let b = bytes(&format!("not-a-feed/{name}"));
        assert_eq!(feed::sniff(&b), None, "{name}");
    }
}

#[test]
fn json_that_is_not_a_json_feed_is_not_a_feed() {
    for name in ["inventory.json", "numbers.json"] {
        let b = bytes(&format!("not-a-feed/{name}"));
        assert_eq!(feed::sniff(&b), None, "{name}");
    }
}

#[test]
fn a_folder_skips_non_feeds_with_a_warning_and_loads_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    copy_into(dir.path(), NOT_FEEDS);
    copy_into(
        dir.path(),
        &["article.txt", "titled-article.txt", "real-feed.xml"],
    );
    let lib = ingest::load(&[SourceSpec::path(dir.path())], support::utc(), None);
    let warnings = all_warnings(&lib);
    for name in NOT_FEEDS {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(name) && w.contains("not a feed or article")),
            "{name} not skipped with a warning: {warnings:#?}"
        );
        assert!(
            !lib.articles.iter().any(|a| a.location.contains(name)),
            "{name} became an article"
        );
        assert!(
            !lib.sources.iter().any(|s| s.location.ends_with(name)
                || s.error.as_deref().is_some_and(|e| e.contains(name))),
            "{name} became a source or a source error: {:#?}",
            lib.sources
        );
    }
    let mut got: Vec<&str> = lib.articles.iter().map(|a| a.title.as_str()).collect();
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "Gulls steal a whole picnic on the pier",
            "Harbour wall inspection finished",
            "Pier closed for painting",
        ]
    );
    let text = lib
        .sources
        .iter()
        .find(|s| s.kind == SourceKind::Text)
        .expect("a text source");
    assert_eq!(text.error, None);
    let rss = lib
        .sources
        .iter()
        .find(|s| s.kind == SourceKind::Rss)
        .expect("the real feed's source");
    assert_eq!(rss.title, "Pier Notices");
    assert_eq!(rss.error, None);
    let wall = lib
        .articles
        .iter()
        .find(|a| a.title == "Harbour wall inspection finished")
        .unwrap();
    assert_eq!(author_names(wall), ["Lene Strand"]);
    let pier = lib
        .articles
        .iter()
        .find(|a| a.title == "Pier closed for painting")
        .unwrap();
    assert_eq!(pier.link.as_deref(), Some("https://example.org/pier/paint"));
}

#[test]
fn a_plain_text_article_whose_first_line_is_its_title_is_an_article() {
    let b = bytes("not-a-feed/titled-article.txt");
    assert_eq!(feed::sniff(&b), None);
    let dir = tempfile::tempdir().unwrap();
    copy_into(dir.path(), &["titled-article.txt"]);
    let lib = ingest::load(&[SourceSpec::path(dir.path())], support::utc(), None);
    assert_eq!(lib.sources.len(), 1);
    assert_eq!(lib.sources[0].kind, SourceKind::Text);
    assert_eq!(lib.sources[0].error, None);
    assert!(
        !all_warnings(&lib)
            .iter()
            .any(|w| w.contains("not a feed or article")),
        "{:#?}",
        all_warnings(&lib)
    );
    assert_eq!(lib.articles.len(), 1);
    let a = &lib.articles[0];
    assert_eq!(a.title, "Gulls steal a whole picnic on the pier");
    assert_eq!(
        a.body,
        "Witnesses say the birds worked in pairs.\n\nNobody was hurt, but the sandwiches are gone."
    );
}
