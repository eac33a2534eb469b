//! Real-world messy feeds, written test-first for the tolerant feed reader: odd RSS
//! roots, HTML entities, ill-formed XML, Atom 0.3 and odd Atom, RSS 1.0 without links,
//! Dublin Core, guid permalinks, loose JSON Feeds, things that are not feeds, declared
//! encodings and the date forms found in the wild. Fixtures live under
//! tests/fixtures/messy/<class>/; every test reads one (or a few) and checks fields.

mod support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tidings::ingest::feed::{self, FeedDoc, FeedFormat};
use tidings::ingest::{self, SourceSpec};
use tidings::model::{Article, Library, SourceId, SourceKind};

// ---------------------------------------------------------------------------------
// Helpers

fn messy() -> PathBuf {
    support::fixtures().join("messy")
}

/// The bytes of `tests/fixtures/messy/<rel>`.
fn bytes(rel: &str) -> Vec<u8> {
    let path = messy().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Parses `tests/fixtures/messy/<rel>` in UTC; a rejected document fails the test.
fn load(rel: &str) -> FeedDoc {
    let b = bytes(rel);
    match feed::parse(&b, &SourceId::derive(rel), rel, support::utc()) {
        Ok(doc) => doc,
        Err(e) => panic!("{rel} was rejected: {e}"),
    }
}

fn titles(doc: &FeedDoc) -> Vec<&str> {
    doc.articles.iter().map(|a| a.title.as_str()).collect()
}

fn links(doc: &FeedDoc) -> Vec<Option<&str>> {
    doc.articles.iter().map(|a| a.link.as_deref()).collect()
}

/// `&nbsp;` may come out as U+00A0 or as a plain space: both are accepted.
fn nbsp(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad expectation {s:?}: {e}"))
        .with_timezone(&Utc)
}

fn assert_repaired(doc: &FeedDoc) {
    assert!(
        doc.warnings.iter().any(|w| w.contains("repaired")),
        "no warning says `repaired`: {:#?}",
        doc.warnings
    );
}

fn author_names(a: &Article) -> Vec<&str> {
    a.authors.iter().map(|p| p.name.as_str()).collect()
}

fn tag_names(a: &Article) -> Vec<&str> {
    a.tags.iter().map(|t| t.0.as_str()).collect()
}

/// An RSS document: its kind, title, link and every item's title and link.
fn assert_rss(doc: &FeedDoc, title: &str, link: &str, items: &[(&str, &str)]) {
    assert_eq!(doc.kind, SourceKind::Rss);
    assert_eq!(doc.title.as_deref(), Some(title));
    assert_eq!(doc.link.as_deref(), Some(link));
    assert_eq!(
        titles(doc),
        items.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        "item titles"
    );
    assert_eq!(
        links(doc),
        items.iter().map(|(_, l)| Some(*l)).collect::<Vec<_>>(),
        "item links"
    );
}

fn find<'a>(doc: &'a FeedDoc, title: &str) -> &'a Article {
    doc.articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no item titled {title:?} in {:?}", titles(doc)))
}

// ---------------------------------------------------------------------------------
// 1. RSS root variants

#[test]
fn rss_root_without_version_loads() {
    let doc = load("rss-roots/no-version.xml");
    assert_rss(
        &doc,
        "Quarry Lane Bulletin",
        "https://example.org/quarry/",
        &[
            ("Bins moved to Thursday", "https://example.org/quarry/bins"),
            (
                "Streetlight fixed at last",
                "https://example.org/quarry/light",
            ),
        ],
    );
}

#[test]
fn rss_root_version_093_loads() {
    let doc = load("rss-roots/v093.xml");
    assert_rss(
        &doc,
        "Orchard Hill Almanac",
        "https://example.org/orchard/",
        &[
            (
                "Pear blossom early this year",
                "https://example.org/orchard/pears",
            ),
            (
                "Cider press open Saturdays",
                "https://example.org/orchard/press",
            ),
            ("Frost warning lifted", "https://example.org/orchard/frost"),
        ],
    );
}

#[test]
fn rss_root_version_094_loads() {
    let doc = load("rss-roots/v094.xml");
    assert_rss(
        &doc,
        "Tannery Row Notes",
        "https://example.org/tannery/",
        &[
            (
                "Leather market returns",
                "https://example.org/tannery/market",
            ),
            ("Canal path resurfaced", "https://example.org/tannery/path"),
        ],
    );
}

#[test]
fn rss_090_rdf_with_items_beside_the_channel_loads() {
    let doc = load("rss-roots/rss090.xml");
    assert_rss(
        &doc,
        "Lantern Square Wire",
        "https://example.org/lantern/",
        &[
            (
                "Lantern festival dates set",
                "https://example.org/lantern/festival",
            ),
            (
                "Square fountain repaired",
                "https://example.org/lantern/fountain",
            ),
            (
                "New bakery on the corner",
                "https://example.org/lantern/bakery",
            ),
        ],
    );
}

#[test]
fn rss_20_in_the_userland_namespace_loads() {
    let doc = load("rss-roots/userland.xml");
    assert_rss(
        &doc,
        "Mill Stream Gazette",
        "https://example.org/mill/",
        &[
            ("Water wheel turns again", "https://example.org/mill/wheel"),
            ("Flour sale on Sunday", "https://example.org/mill/flour"),
        ],
    );
    assert_eq!(doc.articles[0].published, Some(at("2024-04-02T09:00:00Z")));
    assert_eq!(
        doc.articles[1].body.trim(),
        "Stone-ground, while stocks last."
    );
}

#[test]
fn rss_with_a_prefixed_root_and_prefixed_children_loads() {
    let doc = load("rss-roots/prefixed.xml");
    assert_rss(
        &doc,
        "Ferry Slip Dispatch",
        "https://example.org/ferry/",
        &[
            (
                "Morning crossing cancelled",
                "https://example.org/ferry/cancelled",
            ),
            (
                "Evening crossing runs late",
                "https://example.org/ferry/late",
            ),
        ],
    );
    assert_eq!(doc.articles[0].body.trim(), "Fog over the strait.");
}

// ---------------------------------------------------------------------------------
// 2. HTML entities that XML does not define

#[test]
fn html_named_entities_decode_in_titles() {
    let doc = load("entities/named.xml");
    assert_eq!(doc.kind, SourceKind::Rss);
    assert_eq!(
        doc.title.as_deref().map(nbsp).as_deref(),
        Some("Harbour Desk")
    );
    assert_eq!(
        nbsp(&doc.articles[0].title),
        "Málaga ferry reopens — at last…"
    );
    assert_eq!(doc.articles[1].title, "Café on pier three");
    assert_eq!(
        links(&doc),
        [
            Some("https://example.org/harbour/ferry"),
            Some("https://example.org/harbour/cafe")
        ]
    );
}

#[test]
fn html_named_entities_decode_in_text() {
    let doc = load("entities/named.xml");
    assert_eq!(doc.description.as_deref(), Some("Port news — daily."));
    assert_eq!(
        nbsp(doc.articles[0].body.trim()),
        "Tickets cost 5€ each. © 2024 Harbour Desk"
    );
    assert_eq!(doc.articles[1].body.trim(), "Espresso for 2€… and a view.");
}

#[test]
fn legacy_entities_decode_without_a_semicolon() {
    let doc = load("entities/legacy.xml");
    assert_eq!(doc.articles.len(), 1);
    assert_eq!(doc.articles[0].title, "Ink & paper © 1999");
    assert_eq!(
        nbsp(doc.articles[0].body.trim()),
        "Café au lait served at the counter."
    );
}

#[test]
fn unknown_entity_names_stay_literal() {
    let doc = load("entities/unknown.xml");
    assert_eq!(doc.articles.len(), 1);
    assert_eq!(doc.articles[0].title, "Keep &notanentity; as written");
    assert_eq!(
        doc.articles[0].body.trim(),
        "The text &notanentity; stays literal."
    );
}

#[test]
fn numeric_character_references_decode() {
    let doc = load("entities/numeric.xml");
    assert_eq!(doc.articles[0].title, "It\u{2019}s the keeper\u{2019}s day");
    assert_eq!(
        doc.articles[0].body.trim(),
        "Lighthouse\u{2019}s lamp, decimal and hex\u{2019}s alike."
    );
}

#[test]
fn escaped_ampersand_in_an_atom_href_is_decoded() {
    let doc = load("entities/atom-href.xml");
    assert_eq!(doc.kind, SourceKind::Atom);
    assert_eq!(
        doc.link.as_deref(),
        Some("https://example.org/search?q=tide&page=1")
    );
    assert_eq!(
        doc.articles[0].link.as_deref(),
        Some("https://example.org/?a=1&b=2")
    );
}

#[test]
fn html_entities_decode_in_atom_attributes_and_text() {
    let doc = load("entities/atom-attr-entity.xml");
    assert_eq!(doc.kind, SourceKind::Atom);
    assert_eq!(doc.title.as_deref(), Some("Café Guide"));
    let a = &doc.articles[0];
    assert_eq!(nbsp(&a.title), "Where to sit — a guide");
    assert_eq!(
        a.link.as_deref(),
        Some("https://example.org/guide/sit?view=map&lang=fr")
    );
    assert_eq!(tag_names(a), ["Cafés", "Terraces & gardens"]);
    assert_eq!(a.summary.as_deref(), Some("Seats with a view…"));
}

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
        doc.articles[0].body.trim(),
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
    assert_eq!(doc.articles[1].body.trim(), "Second of three.");
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
    assert_eq!(bravo.body.trim(), "Second item, well formed.");
    assert_eq!(bravo.published, Some(at("2024-05-06T08:00:00Z")));
    let charlie = &doc.articles[2];
    assert_eq!(charlie.title, "Charlie");
    assert_eq!(
        charlie.link.as_deref(),
        Some("https://example.org/typo/charlie")
    );
    assert_eq!(charlie.body.trim(), "Third item, well formed.");
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
        doc.articles[0].body.trim(),
        "Ten years of string and paper."
    );
    assert_eq!(doc.articles[1].body.trim(), "Forty bags collected.");
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
    assert_eq!(doc.articles[0].body.trim(), "Just words, no markup.");
    assert_eq!(doc.articles[1].body.trim(), "Hello world");
    assert_eq!(doc.articles[2].body.trim(), "Inline markup body");
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
        doc.articles[0].body.trim(),
        "A summary typed like a MIME type."
    );
    assert_eq!(doc.articles[1].body.trim(), "Paragraph bold here");
    assert_eq!(doc.articles[2].body.trim(), "Empty type summary.");
    assert_eq!(doc.articles[4].body.trim(), "Body in xhtml");
}

#[test]
fn atom03_base64_content_is_decoded() {
    let doc = load("atom/atom03-modes.xml");
    let a = find(&doc, "Base64 body");
    assert_eq!(a.body.trim(), "Tide tables for the week.");
}

#[test]
fn atom03_escaped_content_is_read_as_html() {
    let doc = load("atom/atom03-modes.xml");
    let a = find(&doc, "Escaped body");
    assert_eq!(a.body.trim(), "Hi there");
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
    assert_eq!(doc.articles[0].body.trim(), "Friday special.");
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
    assert_eq!(doc.articles[1].body.trim(), "No page for this one.");
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

// ---------------------------------------------------------------------------------
// 6. Dublin Core, DCTERMS and other namespaces as the only source of a field

#[test]
fn dc_title_is_the_item_title_when_there_is_no_title() {
    let doc = load("dublin-core/rss2-dc.xml");
    assert_eq!(doc.articles[0].title, "Morning tide report");
    assert_eq!(
        doc.articles[0].link.as_deref(),
        Some("https://example.org/station/tide")
    );
    let doc = load("dublin-core/rss1-dc.xml");
    assert_eq!(doc.articles[0].title, "Hand-drawn map of the bay");
    assert_eq!(
        doc.articles[0].link.as_deref(),
        Some("https://example.org/archive/map")
    );
}

#[test]
fn dc_description_is_the_body_when_there_is_no_description() {
    let doc = load("dublin-core/rss2-dc.xml");
    assert_eq!(doc.articles[0].body.trim(), "Low water at six, calm seas.");
    let doc = load("dublin-core/rss1-dc.xml");
    assert_eq!(doc.articles[0].body.trim(), "Ink on linen, slightly faded.");
}

#[test]
fn dc_subjects_are_tags() {
    let doc = load("dublin-core/rss2-dc.xml");
    assert_eq!(tag_names(&doc.articles[0]), ["Harbour", "Weather", "Tides"]);
    let doc = load("dublin-core/rss1-dc.xml");
    assert_eq!(tag_names(&doc.articles[0]), ["Maps", "Bay"]);
}

#[test]
fn dc_creator_is_the_author() {
    let doc = load("dublin-core/rss2-dc.xml");
    assert_eq!(author_names(&doc.articles[0]), ["Oda Brandt"]);
    let doc = load("dublin-core/rss1-dc.xml");
    assert_eq!(author_names(&doc.articles[0]), ["Ilse Varga"]);
}

#[test]
fn dc_rights_is_kept_as_rights() {
    let doc = load("dublin-core/rss2-dc.xml");
    assert_eq!(
        doc.articles[0].extra.get("Rights").map(String::as_str),
        Some("Copyright 2024 Weather Station Log")
    );
    let doc = load("dublin-core/rss1-dc.xml");
    assert_eq!(
        doc.articles[0].extra.get("Rights").map(String::as_str),
        Some("Public domain")
    );
}

#[test]
fn dc_date_is_published() {
    let doc = load("dublin-core/rss2-dc.xml");
    assert_eq!(doc.articles[0].published, Some(at("2024-03-05T06:30:00Z")));
    let doc = load("dublin-core/rss1-dc.xml");
    assert_eq!(doc.articles[0].published, Some(at("2023-11-14T13:45:00Z")));
}

#[test]
fn dcterms_issued_and_created_are_published() {
    let doc = load("dublin-core/rss2-dc.xml");
    let issued = find(&doc, "Wind gauge replaced");
    assert_eq!(issued.published, Some(at("2024-03-06T07:00:00Z")));
    let created = find(&doc, "Rain barrel overflows");
    assert_eq!(created.published, Some(at("2024-03-08T10:00:00Z")));
    let doc = load("dublin-core/rss1-dc.xml");
    let created = find(&doc, "Shipping ledger, volume two");
    assert_eq!(created.published, Some(at("2023-11-15T09:00:00Z")));
}

#[test]
fn dcterms_modified_is_updated() {
    let doc = load("dublin-core/rss2-dc.xml");
    let a = find(&doc, "Wind gauge replaced");
    assert_eq!(a.updated, Some(at("2024-03-07T09:15:00Z")));
    let doc = load("dublin-core/rss1-dc.xml");
    let a = find(&doc, "Shipping ledger, volume two");
    assert_eq!(a.updated, Some(at("2023-11-20T17:30:00Z")));
}

#[test]
fn content_encoded_alone_is_the_body() {
    let doc = load("dublin-core/content-encoded-only.xml");
    let a = &doc.articles[0];
    assert_eq!(a.title, "Boat shed open day");
    assert_eq!(a.body.trim(), "Come and see the restored rowing boats.");
}

#[test]
fn media_description_alone_is_the_body() {
    let doc = load("dublin-core/media-description-only.xml");
    let a = &doc.articles[0];
    assert_eq!(a.title, "Night ferry timelapse");
    assert!(
        a.body
            .contains("Six hours of crossings squeezed into a minute."),
        "body: {:?}",
        a.body
    );
}

#[test]
fn itunes_summary_alone_is_the_body() {
    let doc = load("dublin-core/itunes-summary-only.xml");
    let a = &doc.articles[0];
    assert_eq!(a.title, "Episode 7: the fog horn");
    assert!(
        a.body.contains("Why the fog horn sounds twice a minute."),
        "body: {:?}",
        a.body
    );
}

// ---------------------------------------------------------------------------------
// 7. guid permalinks

#[test]
fn a_guid_without_is_permalink_is_the_link() {
    let doc = load("guid/guid-default.xml");
    assert_eq!(doc.articles[0].title, "Guid without attribute");
    assert_eq!(
        doc.articles[0].link.as_deref(),
        Some("https://example.org/p/plain-1")
    );
}

#[test]
fn a_guid_with_is_permalink_true_is_the_link() {
    let doc = load("guid/guid-true.xml");
    assert_eq!(doc.articles[0].title, "Guid marked permalink");
    assert_eq!(
        doc.articles[0].link.as_deref(),
        Some("https://example.org/p/perma-1")
    );
}

#[test]
fn a_guid_with_is_permalink_false_is_not_a_link() {
    let doc = load("guid/guid-false.xml");
    assert_eq!(doc.articles[0].title, "Guid marked not a permalink");
    assert_eq!(doc.articles[0].link, None);
    assert_eq!(doc.articles[0].published, Some(at("2024-05-10T12:00:00Z")));
}

// ---------------------------------------------------------------------------------
// 8. JSON Feed

#[test]
fn json_feed_version_with_escaped_slashes_loads() {
    let doc = load("jsonfeed/v11-escaped-slashes.json");
    assert_eq!(doc.kind, SourceKind::Json);
    assert_eq!(doc.title.as_deref(), Some("Escaped Slashes Daily"));
    assert_eq!(doc.link.as_deref(), Some("https://example.org/slashes/"));
    let a = &doc.articles[0];
    assert_eq!(a.title, "Backslashes before every slash");
    assert_eq!(a.link.as_deref(), Some("https://example.org/slashes/one"));
    assert_eq!(author_names(a), ["Pim Okafor"]);
    assert_eq!(
        a.authors[0].uri.as_deref(),
        Some("https://example.org/~pim")
    );
}

#[test]
fn json_feed_version_with_escaped_slashes_is_sniffed() {
    assert_eq!(
        feed::sniff(&bytes("jsonfeed/v11-escaped-slashes.json")),
        Some(FeedFormat::Json)
    );
}

#[test]
fn json_feed_10_author_object_is_the_author() {
    assert_eq!(
        feed::sniff(&bytes("jsonfeed/v10-author.json")),
        Some(FeedFormat::Json)
    );
    let doc = load("jsonfeed/v10-author.json");
    assert_eq!(doc.kind, SourceKind::Json);
    let a = &doc.articles[0];
    assert_eq!(a.title, "Single author object");
    assert_eq!(author_names(a), ["Juno Halloran"]);
    assert_eq!(
        a.authors[0].uri.as_deref(),
        Some("https://example.org/~juno")
    );
    assert_eq!(a.body.trim(), "Written the 1.0 way.");
}

#[test]
fn json_feed_11_authors_array_gives_every_author() {
    let doc = load("jsonfeed/v11-authors.json");
    assert_eq!(doc.kind, SourceKind::Json);
    let a = &doc.articles[0];
    assert_eq!(author_names(a), ["Asha Lindqvist", "Bruno Tal"]);
    assert_eq!(
        a.authors[1].uri.as_deref(),
        Some("https://example.org/~bruno")
    );
}

#[test]
fn json_feed_items_without_ids_load_with_distinct_ids() {
    let doc = load("jsonfeed/no-ids.json");
    assert_eq!(doc.kind, SourceKind::Json);
    assert_eq!(doc.articles.len(), 2);
    assert_ne!(doc.articles[0].id, doc.articles[1].id);
    assert_eq!(
        doc.articles[0].body.trim(),
        "First note with neither id nor url nor title."
    );
    assert_eq!(doc.articles[1].body.trim(), "Second note, equally bare.");
    assert_eq!(doc.articles[1].published, Some(at("2024-04-05T08:00:00Z")));
}

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

// ---------------------------------------------------------------------------------
// 10. Encodings declared in the XML prolog

fn assert_decoded(rel: &str, channel: &str, item: &str, body: &str) {
    let doc = load(rel);
    assert_eq!(doc.kind, SourceKind::Rss, "{rel}");
    assert_eq!(doc.title.as_deref(), Some(channel), "{rel}");
    assert_eq!(doc.articles.len(), 1, "{rel}");
    assert_eq!(doc.articles[0].title, item, "{rel}");
    assert_eq!(doc.articles[0].body.trim(), body, "{rel}");
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
    assert_eq!(a.body.trim(), "Five-digit year.");
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
