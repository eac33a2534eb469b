//! Each feed format through `parse`, malformed documents, and ids.

use super::*;
use crate::model::{ArticleId, Tag};
use proptest::prelude::*;

const RSS2: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Wire</title><link>https://example.org/</link><description>News</description>
<item><title>First &amp; best</title><link>https://example.org/1</link><guid>g1</guid>
<pubDate>Mon, 05 May 2025 10:00:00 +0200</pubDate><category>Space</category><category>space</category>
<author>desk@example.org (Lena Park)</author><description>Short.</description>
<content:encoded><![CDATA[<p>Long <b>body</b></p><ul><li>a</li></ul>]]></content:encoded>
<enclosure url="https://example.org/ep1.mp3" type="audio/mpeg" length="1234"/></item>
<item><title>Second</title><link>https://example.org/2</link><description>Plain text only.</description></item>
</channel></rss>"#;

const RSS091: &str = r#"<rss version="0.91"><channel><title>Old</title><link>https://example.org</link><description>d</description>
<item><title>Legacy item</title><link>https://example.org/legacy</link><description>Hello</description></item></channel></rss>"#;

const RSS1: &str = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://example.org/"><title>RDF wire</title><link>https://example.org/</link><description>d</description></channel>
<item rdf:about="https://example.org/r1"><title>RDF item</title><link>https://example.org/r1</link><dc:date>2024-02-03T04:05:06Z</dc:date><description>Body</description></item>
</rdf:RDF>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Dev</title><id>urn:x</id><updated>2025-06-01T12:00:00Z</updated>
<link href="https://example.com/" rel="alternate"/>
<entry><title>HTML entry</title><id>urn:x:1</id><link href="https://example.com/1"/><published>2025-06-01T12:00:00Z</published>
<author><name>Sam</name><email>sam@example.com</email><uri>https://example.com/sam</uri></author><category term="rust" label="Rust"/>
<content type="html">&lt;p&gt;Escaped &lt;a href="https://example.com/d"&gt;html&lt;/a&gt;&lt;/p&gt;</content></entry>
<entry><title>XHTML entry</title><id>urn:x:2</id><updated>2025-06-02T12:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Inline <em>xhtml</em></p></div></content></entry>
</feed>"#;

const ATOM03: &str = r#"<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old atom</title>
<link rel="alternate" type="text/html" href="https://example.net/"/><modified>2005-01-01T00:00:00Z</modified>
<entry><title>Atom 0.3 entry</title><link rel="alternate" type="text/html" href="https://example.net/1"/><id>tag:x,2005:1</id>
<issued>2005-01-01T00:00:00Z</issued><modified>2005-01-01T00:00:00Z</modified><summary>Sum</summary></entry></feed>"#;

const JSON11: &str = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Kiln","home_page_url":"https://example.net/",
"items":[{"id":"k1","url":"https://example.net/k1","title":"Glaze","content_html":"<p>Ten tiles</p>","summary":"Tiles",
"date_published":"2025-02-14T16:30:00+01:00","tags":["ceramics"],"authors":[{"name":"Jun"}]},
{"id":"k2","title":"Text","content_text":"Just text","date_published":"2025-02-15T10:00:00Z"}]}"#;

const JSON10: &str = r#"{"version":"https://jsonfeed.org/version/1","title":"J1","items":[{"id":"a","title":"One","content_text":"x","author":{"name":"Ann"},"date_published":"2024-01-01T00:00:00Z"}]}"#;

fn src() -> SourceId {
    SourceId::derive("/feeds")
}

fn read(doc: &str) -> FeedDoc {
    parse(doc.as_bytes(), &src(), "/feeds/x", Zone::Local).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn rss2_keeps_everything() {
    let d = read(RSS2);
    assert_eq!(d.kind, SourceKind::Rss);
    assert_eq!(d.title.as_deref(), Some("Wire"));
    assert_eq!(d.link.as_deref(), Some("https://example.org/"));
    let a = &d.articles[0];
    assert_eq!(a.title, "First & best");
    assert_eq!(
        a.published.unwrap().to_rfc3339(),
        "2025-05-05T08:00:00+00:00"
    );
    assert_eq!(
        a.tags,
        vec![Tag("Space".into())],
        "duplicate categories fold"
    );
    assert_eq!(a.summary.as_deref(), Some("Short."));
    assert_eq!(a.body, "Long body\n\na");
    assert!(a.html_text().unwrap().contains("<ul>"));
    assert_eq!(a.enclosures[0].url, "https://example.org/ep1.mp3");
    assert_eq!(a.enclosures[0].mime.as_deref(), Some("audio/mpeg"));
    assert_eq!(a.enclosures[0].length, Some(1234));
    assert!(!a.authors.is_empty());
    let b = &d.articles[1];
    assert_eq!(b.body, "Plain text only.");
    assert!(b.html.is_none());
    assert!(
        d.warnings
            .iter()
            .any(|w| w.contains("item 2") && w.contains("no usable date")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn rss_091_and_rss1() {
    assert_eq!(read(RSS091).articles[0].title, "Legacy item");
    let d = read(RSS1);
    assert_eq!(d.kind, SourceKind::Rss);
    assert_eq!(
        d.articles[0].published.unwrap().to_rfc3339(),
        "2024-02-03T04:05:06+00:00"
    );
}

#[test]
fn atom_html_and_xhtml() {
    let d = read(ATOM);
    assert_eq!(d.kind, SourceKind::Atom);
    let a = &d.articles[0];
    assert_eq!(a.body, "Escaped html");
    assert_eq!(a.tags, vec![Tag("Rust".into())]);
    assert_eq!(a.authors[0].email.as_deref(), Some("sam@example.com"));
    assert_eq!(a.authors[0].uri.as_deref(), Some("https://example.com/sam"));
    assert_eq!(a.link.as_deref(), Some("https://example.com/1"));
    let b = &d.articles[1];
    assert!(b.plain().contains("Inline xhtml"), "{}", b.body);
    assert_eq!(
        b.published, b.updated,
        "updated stands in for a missing published date"
    );
    assert_eq!(read(ATOM03).articles[0].title, "Atom 0.3 entry");
}

#[test]
fn json_feeds() {
    let d = read(JSON11);
    assert_eq!(d.kind, SourceKind::Json);
    let a = &d.articles[0];
    assert_eq!(a.body, "Ten tiles");
    assert_eq!(a.summary.as_deref(), Some("Tiles"));
    assert_eq!(a.tags, vec![Tag("ceramics".into())]);
    assert_eq!(a.authors[0].name, "Jun");
    assert_eq!(
        a.published.unwrap().to_rfc3339(),
        "2025-02-14T15:30:00+00:00"
    );
    assert_eq!(d.articles[1].body, "Just text");
    let j = read(JSON10);
    assert_eq!(j.articles[0].authors[0].name, "Ann");
}

#[test]
fn sniffing() {
    assert_eq!(sniff(RSS2.as_bytes()), Some(FeedFormat::Xml));
    assert_eq!(
        sniff(b"\xEF\xBB\xBF  <rss version=\"2.0\">"),
        Some(FeedFormat::Xml)
    );
    assert_eq!(sniff(RSS1.as_bytes()), Some(FeedFormat::Xml));
    assert_eq!(
        sniff(b"<!-- hi -->\n<feed xmlns=\"x\">"),
        Some(FeedFormat::Xml)
    );
    assert_eq!(sniff(JSON11.as_bytes()), Some(FeedFormat::Json));
    assert_eq!(
        sniff(b"{\"version\": \"https://jsonfeed.org/version/1\", \"ite"),
        Some(FeedFormat::Json)
    );
    assert_eq!(sniff(b"{\"just\": \"json\"}"), None);
    let late = format!(
        "{{\"items\": [{}], \"version\": \"https://jsonfeed.org/version/1.1\"}}",
        "{\"id\": \"x\"},".repeat(200) + "{}"
    );
    assert_eq!(
        sniff(late.as_bytes()),
        Some(FeedFormat::Json),
        "the version may come last"
    );
    assert_eq!(sniff(b"Posted: 2025-01-01\n\nTitle"), None);
}

#[test]
fn what_is_not_a_feed_is_told_from_text_articles() {
    let is = |s: &str| not_a_feed(s.as_bytes());
    assert_eq!(
        is("<!DOCTYPE html><title>x</title>").as_deref(),
        Some("an HTML page")
    );
    assert_eq!(
        is("<!-- c --><html><body>x</body></html>").as_deref(),
        Some("an HTML page")
    );
    assert!(
        is("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")
            .unwrap()
            .contains("<svg>")
    );
    assert!(
        is("<?xml version=\"1.0\"?><opml version=\"2.0\"/>")
            .unwrap()
            .contains("<opml>")
    );
    assert_eq!(
        is("{\"name\": 1}").as_deref(),
        Some("JSON that is not a JSON Feed")
    );
    assert_eq!(
        is("[1, 2]").as_deref(),
        Some("JSON that is not a JSON Feed")
    );
    // Text articles whose first line only looks like markup or JSON.
    for text in [
        "[Update] Council votes\n\nThe vote was close.",
        "<Untitled> draft\n\nBody.",
        "{draft} notes\n\nBody.",
        "<3 for the harbour\n\nBody.",
        "Posted: 2025-01-01\n\nTitle",
    ] {
        assert_eq!(is(text), None, "{text}");
    }
    assert_eq!(is(RSS2), None, "a feed is not 'not a feed'");
}

#[test]
fn malformed_documents_are_errors() {
    for bad in [
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[",
        "<html><body>no</body></html>",
        "",
    ] {
        let e = parse(bad.as_bytes(), &src(), "x", Zone::Local).expect_err(bad);
        assert!(
            e.to_string().starts_with("not a valid feed") || matches!(e, FeedError::Crashed),
            "{e}"
        );
    }
}

#[test]
fn a_truncated_feed_keeps_its_items_and_says_it_was_repaired() {
    let cut = RSS2.find("<item><title>Second").unwrap() + 30;
    let d = read(&RSS2[..cut]);
    assert_eq!(d.articles.len(), 2);
    assert_eq!(d.articles[0].title, "First & best");
    assert_eq!(d.articles[1].title, "Second");
    assert!(
        d.warnings
            .iter()
            .any(|w| w.contains("repaired") && w.contains("truncated")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn ids_are_stable_and_per_source() {
    let a = read(RSS2);
    let b = read(RSS2);
    assert_eq!(a.articles[1].id, b.articles[1].id, "even without a guid");
    let other = parse(
        RSS2.as_bytes(),
        &SourceId::derive("/elsewhere"),
        "y",
        Zone::Local,
    )
    .unwrap();
    assert_ne!(a.articles[0].id, other.articles[0].id);
}

#[test]
fn rss_titles_escaped_twice_read_once() {
    let doc = RSS2
        .replace("First &amp; best", "<![CDATA[Fish &amp; chips]]>")
        .replace(
            "<title>Second</title>",
            "<title>AT&amp;amp;T &amp;eacute;t&amp;eacute;</title>",
        );
    let d = read(&doc);
    assert_eq!(d.articles[0].title, "Fish & chips");
    assert_eq!(d.articles[1].title, "AT&T été");
}

#[test]
fn relative_links_resolve_but_ids_keep_the_link_as_written() {
    let doc = r#"<rss version="2.0"><channel><title>R</title><link>https://example.org/</link>
<item><title>Rel</title><link>/p/1</link></item>
<item xml:base="https://cdn.example.net/a/"><title>Based</title><link>b.html</link>
<enclosure url="ep.mp3" type="audio/mpeg" length="1"/></item></channel></rss>"#;
    let d = parse(
        doc.as_bytes(),
        &src(),
        "https://feeds.example.com/x.xml",
        Zone::Local,
    )
    .unwrap();
    assert_eq!(
        d.articles[0].link.as_deref(),
        Some("https://feeds.example.com/p/1")
    );
    assert_eq!(
        d.articles[0].id,
        ArticleId::derive(&src(), "tidings:/p/1|Rel")
    );
    assert_eq!(
        d.articles[1].link.as_deref(),
        Some("https://cdn.example.net/a/b.html")
    );
    assert_eq!(
        d.articles[1].enclosures[0].url,
        "https://cdn.example.net/a/ep.mp3"
    );
    // A local file has no address: the channel's link is the base.
    let d = parse(doc.as_bytes(), &src(), "/feeds/x.xml", Zone::Local).unwrap();
    assert_eq!(
        d.articles[0].link.as_deref(),
        Some("https://example.org/p/1")
    );
}

#[test]
fn entries_without_an_author_have_the_feeds() {
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<author><name>Desk</name></author>
<entry><id>1</id><title>Mine</title><author><name>Ann</name></author></entry>
<entry><id>2</id><title>Inherited</title></entry></feed>"#;
    let d = read(atom);
    assert_eq!(d.articles[0].authors[0].name, "Ann");
    assert_eq!(d.articles[1].authors[0].name, "Desk");
    let json = r#"{"version":"https://jsonfeed.org/version/1.1","authors":[{"name":"Desk"}],
"items":[{"id":"1","title":"Inherited","content_text":"x",
"attachments":[{"url":"https://example.org/a.mp3","mime_type":"audio/mpeg","size_in_bytes":99}]}]}"#;
    let d = read(json);
    assert_eq!(d.articles[0].authors[0].name, "Desk");
    let e = &d.articles[0].enclosures[0];
    assert_eq!(
        (e.mime.as_deref(), e.length),
        (Some("audio/mpeg"), Some(99))
    );
}

#[test]
fn many_items_with_the_same_problem_give_a_few_lines_and_a_count() {
    let items: Vec<String> = (1..=12)
        .map(|i| format!("<item><title>{}</title></item>", "Long title ".repeat(i)))
        .collect();
    let items = items.concat();
    let d = read(&format!(
        "<rss><channel><title>U</title>{items}</channel></rss>"
    ));
    assert_eq!(d.articles.len(), 12);
    assert_eq!(d.warnings.len(), SHOWN_IN_TEST + 1, "{:#?}", d.warnings);
    assert!(d.warnings[0].contains("item 1 (\"Long title\"): no usable date"));
    assert!(
        d.warnings
            .last()
            .unwrap()
            .ends_with("and 7 more items without a date")
    );
    assert!(
        d.warnings.iter().all(|w| w.chars().count() < 120),
        "titles are cut"
    );
}

const SHOWN_IN_TEST: usize = 5;

#[test]
fn an_item_with_a_hundred_thousand_categories_keeps_64() {
    let cats: Vec<String> = (0..100_000)
        .map(|i| format!("<category>тег{i}</category>"))
        .collect();
    let doc = format!(
        "<rss><channel><item><title>Many</title>{}</item></channel></rss>",
        cats.concat()
    );
    let d = read(&doc);
    assert_eq!(d.articles[0].tags.len(), 64);
    assert_eq!(d.articles[0].tags[63].0, "тег63");
    assert!(
        d.warnings.iter().any(|w| w.contains("100000 categories")),
        "{:?}",
        d.warnings
    );
}

#[test]
fn escape_sequences_are_removed() {
    let doc = RSS2.replace("First &amp; best", "Evil &#27;[31mred&#7; title");
    let a = &read(&doc).articles[0];
    assert_eq!(a.title, "Evil red title");
}

proptest! {
    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse(&bytes, &src(), "x", Zone::Local);
    }

    #[test]
    fn never_panics_on_truncations(cut in 0usize..RSS2.len(), which in 0usize..4) {
        let doc = [RSS2, ATOM, JSON11, RSS1][which];
        let cut = cut.min(doc.len());
        let _ = parse(&doc.as_bytes()[..cut], &src(), "x", Zone::Local);
    }
}

#[test]
fn rss_authors_split_into_name_and_email() {
    let p = |s: &str| item::person(s).unwrap();
    let a = p("desk@example.org (Lena Park)");
    assert_eq!(
        (a.name.as_str(), a.email.as_deref()),
        ("Lena Park", Some("desk@example.org"))
    );
    assert_eq!(p("(Lena Park)").name, "Lena Park");
    assert_eq!(p("田辺 愛子 (Aiko Tanabe)").name, "田辺 愛子 (Aiko Tanabe)");
    assert_eq!(p("(a) and (b)").name, "(a) and (b)");
    let b = p("Sam Reed <sam@example.org>");
    assert_eq!(
        (b.name.as_str(), b.email.as_deref()),
        ("Sam Reed", Some("sam@example.org"))
    );
    assert_eq!(
        p("solo@example.org").email.as_deref(),
        Some("solo@example.org")
    );
    assert!(item::person("  ").is_none());
}
