//! Ill-formed XML: every readable item kept, the repairs reported.

#[allow(clippy::wildcard_imports)]
use super::*;

// ---------------------------------------------------------------------------------
// 3. Ill-formed XML

#[test]
fn bare_ampersands_are_repaired() {
    let doc = load("illformed/bare-ampersand.xml");
    assert_eq!(doc.kind, SourceKind::Rss);
    assert_eq!(doc.title.as_deref(), Some("Seafront Kitchen"));
    assert_eq!(doc.description.as_deref(), Some("Recipes & reviews."));
    assert_eq!(titles(&doc), ["Fish & chips", "Mushy peas, explained"]);
    assert_eq!(
        links(&doc),
        [
            Some("https://example.org/?a=1&b=2"),
            Some("https://example.org/kitchen/peas")
        ]
    );
    assert_eq!(
        doc.articles[0].plain().trim(),
        "Salt & vinegar, no exceptions."
    );
    assert_repaired(&doc);
}

#[test]
fn a_truncated_document_keeps_its_complete_items() {
    let doc = load("illformed/truncated.xml");
    assert_eq!(doc.kind, SourceKind::Rss);
    assert_eq!(doc.title.as_deref(), Some("Interrupted Transmission"));
    assert!((2..=3).contains(&doc.articles.len()), "{:?}", titles(&doc));
    assert_eq!(titles(&doc)[..2], ["Alpha report", "Beta report"]);
    assert_eq!(
        links(&doc)[..2],
        [
            Some("https://example.org/cut/1"),
            Some("https://example.org/cut/2")
        ]
    );
    assert_eq!(doc.articles[1].plain().trim(), "Second of three.");
    if let Some(third) = doc.articles.get(2) {
        assert_eq!(third.title, "Gamma report");
    }
    assert_repaired(&doc);
}

#[test]
fn a_mismatched_end_tag_keeps_every_item() {
    let doc = load("illformed/mismatched.xml");
    assert_eq!(doc.kind, SourceKind::Rss);
    assert_eq!(doc.articles.len(), 3, "{:?}", titles(&doc));
    assert!(
        doc.articles[0].title.starts_with("Alpha"),
        "{:?}",
        doc.articles[0].title
    );
    let bravo = &doc.articles[1];
    assert_eq!(bravo.title, "Bravo");
    assert_eq!(
        bravo.link.as_deref(),
        Some("https://example.org/typo/bravo")
    );
    assert_eq!(bravo.plain().trim(), "Second item, well formed.");
    assert_eq!(bravo.published, Some(at("2024-05-06T08:00:00Z")));
    let charlie = &doc.articles[2];
    assert_eq!(charlie.title, "Charlie");
    assert_eq!(
        charlie.link.as_deref(),
        Some("https://example.org/typo/charlie")
    );
    assert_eq!(charlie.plain().trim(), "Third item, well formed.");
    assert_eq!(charlie.published, Some(at("2024-05-07T08:00:00Z")));
    assert_repaired(&doc);
}

#[test]
fn a_netscape_doctype_is_ignored() {
    let doc = load("illformed/doctype.xml");
    assert_rss(
        &doc,
        "Dial-up Digest",
        "https://example.org/dialup/",
        &[
            ("Modem noises archived", "https://example.org/dialup/noises"),
            ("Guestbook reopened", "https://example.org/dialup/guestbook"),
        ],
    );
}

#[test]
fn comments_before_the_root_and_inside_items_are_ignored() {
    let doc = load("illformed/comments.xml");
    assert_rss(
        &doc,
        "Comment Section",
        "https://example.org/comments/",
        &[
            (
                "Kite shop anniversary",
                "https://example.org/comments/kites",
            ),
            (
                "Beach clean-up results",
                "https://example.org/comments/beach",
            ),
        ],
    );
    assert_eq!(
        doc.articles[0].plain().trim(),
        "Ten years of string and paper."
    );
    assert_eq!(doc.articles[1].plain().trim(), "Forty bags collected.");
}

#[test]
fn a_utf8_bom_is_ignored() {
    let doc = load("illformed/bom.xml");
    assert_rss(
        &doc,
        "Byte Order Times",
        "https://example.org/bom/",
        &[("Invisible marks explained", "https://example.org/bom/marks")],
    );
}

#[test]
fn whitespace_before_the_prolog_is_ignored() {
    let doc = load("illformed/leading-whitespace.xml");
    assert_rss(
        &doc,
        "Blank Start",
        "https://example.org/blank/",
        &[(
            "Empty lines cause trouble",
            "https://example.org/blank/lines",
        )],
    );
}

#[test]
fn junk_text_before_the_prolog_is_skipped() {
    let doc = load("illformed/junk-before.xml");
    assert_rss(
        &doc,
        "Script Output",
        "https://example.org/script/",
        &[
            (
                "Server upgrade tonight",
                "https://example.org/script/upgrade",
            ),
            ("Upgrade complete", "https://example.org/script/done"),
        ],
    );
}

/// A folder loads a file as a feed only when `sniff` says so: what comes before the
/// prolog must not hide the feed.
#[test]
fn bom_whitespace_and_junk_before_the_prolog_still_sniff_as_xml() {
    for rel in [
        "illformed/bom.xml",
        "illformed/leading-whitespace.xml",
        "illformed/junk-before.xml",
        "illformed/doctype.xml",
        "illformed/comments.xml",
    ] {
        assert_eq!(feed::sniff(&bytes(rel)), Some(FeedFormat::Xml), "{rel}");
    }
}

#[test]
fn undeclared_namespace_prefixes_are_repaired() {
    let doc = load("illformed/undeclared-prefix.xml");
    assert_eq!(doc.kind, SourceKind::Rss);
    assert_eq!(
        titles(&doc),
        ["Lighthouse keeper retires", "New keeper arrives"]
    );
    assert_eq!(author_names(&doc.articles[0]), ["Mara Quill"]);
    assert_eq!(author_names(&doc.articles[1]), ["Tomas Reyne"]);
    assert_eq!(
        doc.articles[0].link.as_deref(),
        Some("https://example.org/ns/keeper")
    );
    assert_repaired(&doc);
}
