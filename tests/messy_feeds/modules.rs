//! Dublin Core, DCTERMS and other namespaces; guid permalinks; JSON Feed.

#[allow(clippy::wildcard_imports)]
use super::*;

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
    assert_eq!(
        doc.articles[0].plain().trim(),
        "Low water at six, calm seas."
    );
    let doc = load("dublin-core/rss1-dc.xml");
    assert_eq!(
        doc.articles[0].plain().trim(),
        "Ink on linen, slightly faded."
    );
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
    assert_eq!(a.plain().trim(), "Come and see the restored rowing boats.");
}

#[test]
fn media_description_alone_is_the_body() {
    let doc = load("dublin-core/media-description-only.xml");
    let a = &doc.articles[0];
    assert_eq!(a.title, "Night ferry timelapse");
    assert!(
        a.plain()
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
        a.plain()
            .contains("Why the fog horn sounds twice a minute."),
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
    assert_eq!(a.plain().trim(), "Written the 1.0 way.");
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
        doc.articles[0].plain().trim(),
        "First note with neither id nor url nor title."
    );
    assert_eq!(doc.articles[1].plain().trim(), "Second note, equally bare.");
    assert_eq!(doc.articles[1].published, Some(at("2024-04-05T08:00:00Z")));
}
