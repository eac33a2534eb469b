//! RSS root variants and HTML entities.

#[allow(clippy::wildcard_imports)]
use super::*;

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
        doc.articles[1].plain().trim(),
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
    assert_eq!(doc.articles[0].plain().trim(), "Fog over the strait.");
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
        nbsp(doc.articles[0].plain().trim()),
        "Tickets cost 5€ each. © 2024 Harbour Desk"
    );
    assert_eq!(
        doc.articles[1].plain().trim(),
        "Espresso for 2€… and a view."
    );
}

#[test]
fn legacy_entities_decode_without_a_semicolon() {
    let doc = load("entities/legacy.xml");
    assert_eq!(doc.articles.len(), 1);
    assert_eq!(doc.articles[0].title, "Ink & paper © 1999");
    assert_eq!(
        nbsp(doc.articles[0].plain().trim()),
        "Café au lait served at the counter."
    );
}

#[test]
fn unknown_entity_names_stay_literal() {
    let doc = load("entities/unknown.xml");
    assert_eq!(doc.articles.len(), 1);
    assert_eq!(doc.articles[0].title, "Keep &notanentity; as written");
    assert_eq!(
        doc.articles[0].plain().trim(),
        "The text &notanentity; stays literal."
    );
}

#[test]
fn numeric_character_references_decode() {
    let doc = load("entities/numeric.xml");
    assert_eq!(doc.articles[0].title, "It\u{2019}s the keeper\u{2019}s day");
    assert_eq!(
        doc.articles[0].plain().trim(),
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
    // Its only text, a summary, is its body (not kept twice).
    assert_eq!(a.plain(), "Seats with a view…");
    assert_eq!(a.summary, None);
}
