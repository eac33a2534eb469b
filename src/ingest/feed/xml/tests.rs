//! The recovering reader: well-formed input read exactly, each kind of damage repaired
//! and counted, and no input that panics or loses the scan.

use super::*;
use proptest::prelude::*;

fn root(src: &str) -> (Element, Vec<String>) {
    let d = read(src);
    (d.root.expect("a root"), d.repairs.summary())
}

fn child<'a>(e: &'a Element, name: &str) -> &'a Element {
    e.elements()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", e.name))
}

#[test]
fn well_formed_documents_read_exactly_and_without_repairs() {
    let (r, repairs) = root(
        r#"<?xml version="1.0"?><!-- hi --><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>A &amp; B</title><item><dc:creator>Ann</dc:creator>
        <description><![CDATA[<p>x & y</p>]]></description></item></channel></rss>"#,
    );
    assert!(repairs.is_empty(), "{repairs:?}");
    assert_eq!(r.name, "rss");
    assert_eq!(r.attr("version"), Some("2.0"));
    let ch = child(&r, "channel");
    assert_eq!(child(ch, "title").text(), "A & B");
    let item = child(ch, "item");
    assert_eq!(child(item, "creator").ns, Ns::Dc);
    assert_eq!(child(item, "description").text(), "<p>x & y</p>");
}

#[test]
fn namespaces_resolve_by_uri_not_prefix() {
    let (r, repairs) = root(
        r#"<r:rss xmlns:r="http://backend.userland.com/rss2" xmlns:x="http://purl.org/dc/elements/1.1/">
        <r:channel><x:creator>Bo</x:creator></r:channel></r:rss>"#,
    );
    assert!(repairs.is_empty(), "{repairs:?}");
    assert_eq!(r.ns, Ns::Main);
    assert_eq!(child(child(&r, "channel"), "creator").ns, Ns::Dc);
}

#[test]
fn undeclared_customary_prefixes_are_understood_and_noted() {
    let (r, repairs) = root("<rss><item><dc:creator>Cy</dc:creator><zz:odd/></item></rss>");
    let item = child(&r, "item");
    assert_eq!(child(item, "creator").ns, Ns::Dc);
    assert_eq!(child(item, "odd").ns, Ns::Other("zz".into()));
    assert!(
        repairs.iter().any(|r| r.contains("never declared")),
        "{repairs:?}"
    );
}

#[test]
fn bare_ampersands_and_html_entities_are_text() {
    let (r, repairs) = root(r#"<a href="/x?a=1&b=2">Fish & chips&nbsp;&hellip;</a>"#);
    assert_eq!(r.attr("href"), Some("/x?a=1&b=2"));
    assert_eq!(r.text(), "Fish & chips\u{a0}…");
    assert!(
        repairs.iter().any(|r| r.contains("bare `&`")),
        "{repairs:?}"
    );
    assert!(
        repairs.iter().any(|r| r.contains("HTML entity")),
        "{repairs:?}"
    );
}

#[test]
fn a_misspelt_end_tag_closes_the_leaf_it_ends() {
    let (r, repairs) = root("<item><title>Alpha</titel><link>https://e.org/1</link></item>");
    assert_eq!(child(&r, "title").text(), "Alpha");
    assert_eq!(child(&r, "link").text(), "https://e.org/1");
    assert!(
        repairs.iter().any(|r| r.contains("mismatched end tag")),
        "{repairs:?}"
    );
}

#[test]
fn a_stray_end_tag_inside_text_is_dropped() {
    let (r, repairs) =
        root("<item><description>Hello</b> world</description><link>x</link></item>");
    assert_eq!(child(&r, "description").text(), "Hello world");
    assert_eq!(child(&r, "link").text(), "x");
    assert!(
        repairs.iter().any(|r| r.contains("without a start tag")),
        "{repairs:?}"
    );
}

#[test]
fn an_item_left_open_is_closed_by_the_next() {
    let (r, repairs) =
        root("<channel><item><title>A</title><item><title>B</title></item></channel>");
    let titles: Vec<String> = r.elements().map(|i| child(i, "title").text()).collect();
    assert_eq!(titles, ["A", "B"]);
    assert!(
        repairs.iter().any(|r| r.contains("left open")),
        "{repairs:?}"
    );
}

#[test]
fn an_unclosed_element_is_closed_by_its_parents_end() {
    let (r, repairs) = root("<c><item><title>One</item><item><title>Two</title></item></c>");
    let items: Vec<_> = r.elements().collect();
    assert_eq!(items.len(), 2);
    assert_eq!(child(items[0], "title").text(), "One");
    assert!(
        repairs.iter().any(|r| r.contains("left open")),
        "{repairs:?}"
    );
}

#[test]
fn a_truncated_document_keeps_what_came_before() {
    let (r, repairs) = root("<rss><channel><item><title>One</title></item><item><title>Tw");
    let ch = child(&r, "channel");
    let items: Vec<_> = ch.elements().collect();
    assert_eq!(items.len(), 2);
    assert_eq!(child(items[1], "title").text(), "Tw");
    assert!(
        repairs.iter().any(|r| r.contains("truncated")),
        "{repairs:?}"
    );
    // Cut inside a tag, an attribute, a comment, CDATA.
    for cut in [
        "<rss><item><a href=\"x",
        "<rss><item><a",
        "<rss><!-- x",
        "<rss><![CDATA[ x",
    ] {
        assert_eq!(read(cut).root.expect("root").name, "rss", "{cut}");
    }
}

#[test]
fn junk_doctype_and_bom_before_the_root_are_skipped() {
    let src = "\u{feff}PHP Warning: something\n<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//N//DTD RSS 0.91//EN\" \"http://e.org/rss.dtd\" [<!ENTITY own \"Ours\">]>\n<rss><title>&own; &eacute;</title></rss>";
    let (r, repairs) = root(src);
    assert_eq!(child(&r, "title").text(), "Ours é");
    assert!(
        repairs.iter().any(|r| r.contains("before the root")),
        "{repairs:?}"
    );
}

#[test]
fn markup_children_are_written_back() {
    let (r, _) =
        root(r#"<title type="html">Fish <b class="x">and</b> chips &amp; <br> peas</title>"#);
    assert_eq!(
        r.inner_markup(),
        "Fish <b class=\"x\">and</b> chips &amp; <br> peas"
    );
}

#[test]
fn a_stray_lt_is_text() {
    let (r, repairs) = root("<t>1 < 2 and 3 <= 4</t>");
    assert_eq!(r.text(), "1 < 2 and 3 <= 4");
    assert!(!repairs.is_empty());
}

#[test]
fn deep_nesting_is_bounded() {
    let src = "<a>".repeat(100_000);
    let d = read(&src);
    assert!(d.root.is_some());
    assert!(d.repairs.summary().iter().any(|r| r.contains("too deep")));
}

proptest! {
    #[test]
    fn any_text_reads_without_panicking(s in "\\PC{0,300}") {
        let _ = read(&s);
    }

    #[test]
    fn markup_soup_reads_without_panicking(parts in proptest::collection::vec(
        prop_oneof![
            Just("<a>"), Just("</a>"), Just("<b x='1'>"), Just("</b>"), Just("<c/>"),
            Just("&"), Just("&amp;"), Just("&nbsp"), Just("<!--"), Just("-->"),
            Just("<![CDATA["), Just("]]>"), Just("<?x"), Just("?>"), Just("<!DOCTYPE ["),
            Just("]>"), Just("\""), Just("'"), Just("<"), Just(">"), Just("text"), Just("é"),
        ], 0..60)) {
        let s: String = parts.concat();
        let _ = read(&s);
    }
}
