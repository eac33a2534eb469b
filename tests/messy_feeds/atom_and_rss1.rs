//! Atom 0.3 and odd Atom; RSS 1.0 items without a link.

#[allow(clippy::wildcard_imports)]
use super::*;

// ---------------------------------------------------------------------------------
// 4. Atom 0.3 and odd Atom

#[test]
fn atom03_tagline_is_the_description() {
    let doc = load("atom/atom03-basic.xml");
    assert_eq!(doc.kind, SourceKind::Atom);
    assert_eq!(doc.title.as_deref(), Some("Signal Box Journal"));
    assert_eq!(doc.link.as_deref(), Some("https://example.org/signal/"));
    assert_eq!(
        doc.description.as_deref(),
        Some("Notes from a disused railway signal box")
    );
}

#[test]
fn atom03_person_url_is_the_author_uri() {
    let doc = load("atom/atom03-basic.xml");
    let a = find(&doc, "Levers oiled");
    assert_eq!(a.authors.len(), 1, "{:?}", a.authors);
    assert_eq!(a.authors[0].name, "Wren Ashdown");
    assert_eq!(a.authors[0].email.as_deref(), Some("wren@example.org"));
    assert_eq!(
        a.authors[0].uri.as_deref(),
        Some("https://example.org/~wren")
    );
}

#[test]
fn atom03_issued_and_modified_are_published_and_updated() {
    let doc = load("atom/atom03-basic.xml");
    let a = find(&doc, "Levers oiled");
    assert_eq!(a.published, Some(at("2004-06-01T08:30:00Z")));
    assert_eq!(a.updated, Some(at("2004-06-02T10:00:00Z")));
    assert_eq!(a.link.as_deref(), Some("https://example.org/signal/levers"));
}

#[test]
fn atom03_created_is_published_when_there_is_no_issued() {
    let doc = load("atom/atom03-basic.xml");
    let a = find(&doc, "Stove relit");
    assert_eq!(a.published, Some(at("2004-05-20T07:15:00Z")));
    assert_eq!(a.updated, Some(at("2004-05-21T08:00:00Z")));
}

#[test]
fn atom03_mime_type_attributes_are_accepted() {
    let doc = load("atom/atom03-types.xml");
    assert_eq!(doc.kind, SourceKind::Atom);
    assert_eq!(doc.title.as_deref(), Some("Typed Text Review"));
    assert_eq!(
        titles(&doc),
        ["Plain title", "Escaped html title", "Inline xhtml"]
    );
    assert_eq!(doc.articles[0].plain().trim(), "Just words, no markup.");
    assert_eq!(doc.articles[1].plain().trim(), "Hello world");
    assert_eq!(doc.articles[2].plain().trim(), "Inline markup body");
}

#[test]
fn atom10_odd_type_attributes_are_accepted() {
    let doc = load("atom/atom10-odd-types.xml");
    assert_eq!(doc.kind, SourceKind::Atom);
    assert_eq!(doc.title.as_deref(), Some("Odd Types Monthly"));
    assert_eq!(
        titles(&doc),
        [
            "MIME plain title",
            "MIME html title",
            "Empty type title",
            "Octet stream content",
            "Xhtml MIME title"
        ]
    );
    assert_eq!(
        links(&doc),
        (1..=5)
            .map(|n| format!("https://example.org/odd/{n}"))
            .collect::<Vec<_>>()
            .iter()
            .map(|l| Some(l.as_str()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        doc.articles[0].plain().trim(),
        "A summary typed like a MIME type."
    );
    assert_eq!(doc.articles[1].plain().trim(), "Paragraph bold here");
    assert_eq!(doc.articles[2].plain().trim(), "Empty type summary.");
    assert_eq!(doc.articles[4].plain().trim(), "Body in xhtml");
}

#[test]
fn atom03_base64_content_is_decoded() {
    let doc = load("atom/atom03-modes.xml");
    let a = find(&doc, "Base64 body");
    assert_eq!(a.plain().trim(), "Tide tables for the week.");
}

#[test]
fn atom03_escaped_content_is_read_as_html() {
    let doc = load("atom/atom03-modes.xml");
    let a = find(&doc, "Escaped body");
    assert_eq!(a.plain().trim(), "Hi there");
}

#[test]
fn an_atom_author_with_only_a_uri_is_kept() {
    let doc = load("atom/author-uri-only.xml");
    let a = &doc.articles[0];
    assert_eq!(a.title, "Written by a homepage");
    assert_eq!(a.authors.len(), 1, "{:?}", a.authors);
    assert_eq!(
        a.authors[0].uri.as_deref(),
        Some("https://example.org/~nobody")
    );
}

#[test]
fn an_html_atom_title_with_unescaped_child_markup_is_whole() {
    let doc = load("atom/html-title-markup.xml");
    assert_eq!(doc.articles.len(), 1);
    assert_eq!(doc.articles[0].title, "Fish and chips");
    assert_eq!(doc.articles[0].plain().trim(), "Friday special.");
}

// ---------------------------------------------------------------------------------
// 5. RSS 1.0 items without a link

#[test]
fn rss1_items_without_a_link_are_kept() {
    let doc = load("rss1/no-link.xml");
    assert_eq!(doc.kind, SourceKind::Rss);
    assert_eq!(doc.title.as_deref(), Some("Tide Ledger"));
    assert_eq!(
        titles(&doc),
        [
            "High water at noon",
            "Low water at dusk",
            "Moon in its last quarter"
        ]
    );
    assert_eq!(
        links(&doc),
        [Some("https://example.org/ledger/high"), None, None]
    );
    assert_eq!(doc.articles[1].plain().trim(), "No page for this one.");
}

#[test]
fn rss1_items_with_only_a_title_are_kept() {
    let doc = load("rss1/only-titles.xml");
    assert_eq!(doc.kind, SourceKind::Rss);
    assert_eq!(
        titles(&doc),
        ["Gulls nest on the town hall", "Harbour master on holiday"]
    );
    assert_eq!(links(&doc), [None, None]);
}
