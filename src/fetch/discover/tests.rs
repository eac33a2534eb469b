//! Feed discovery: attribute orders and quoting, case, relative addresses, `<base>`,
//! entities, what is not a feed link, and garbage that must never panic.

use super::*;
use proptest::prelude::*;

const PAGE: &str = "https://example.org/blog/post.html?x=1#top";

fn urls(html: &str) -> Vec<String> {
    discover(html, PAGE).into_iter().map(|d| d.url).collect()
}

#[test]
fn a_typical_head_names_its_feeds_in_order() {
    let html = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Posts" href="https://example.org/feed.xml">
<link rel="alternate" type="application/atom+xml" title="Comments" href="/comments.atom">
<link rel="alternate" type="application/feed+json" href="/feed.json">
</head><body><p>hi</p></body></html>"#;
    let found = discover(html, PAGE);
    assert_eq!(
        found,
        vec![
            Discovered {
                url: "https://example.org/feed.xml".into(),
                title: Some("Posts".into()),
                kind: FeedKind::Rss,
            },
            Discovered {
                url: "https://example.org/comments.atom".into(),
                title: Some("Comments".into()),
                kind: FeedKind::Atom,
            },
            Discovered {
                url: "https://example.org/feed.json".into(),
                title: None,
                kind: FeedKind::Json,
            },
        ]
    );
}

#[test]
fn attributes_in_any_order_any_quoting_any_case() {
    for html in [
        r#"<link href="/a.xml" type="application/rss+xml" rel="alternate">"#,
        r"<link type='application/rss+xml' href='/a.xml' rel='alternate'>",
        r"<link rel=alternate type=application/rss+xml href=/a.xml>",
        r"<link rel=alternate type=application/rss+xml href=/a.xml />",
        r#"<LINK REL="Alternate" TYPE="Application/RSS+XML" HREF="/a.xml">"#,
        "<link\n\trel = \"alternate\"\n\ttype = \"application/rss+xml; charset=utf-8\"\n\thref = \"/a.xml\" />",
        r#"<link rel="home alternate  me" type="application/rss+xml" href="/a.xml">"#,
        r#"<link/rel="alternate"/type="application/rss+xml"/href="/a.xml">"#,
    ] {
        assert_eq!(urls(html), ["https://example.org/a.xml"], "{html}");
    }
    // An unquoted value ends at white space or '>', and keeps a '/' inside or at its end.
    assert_eq!(
        urls("<link rel=alternate type=application/rss+xml href=/a.xml/>"),
        ["https://example.org/a.xml/"]
    );
    assert_eq!(
        urls("<link rel=alternate type=application/atom+xml href=feeds/all.atom>"),
        ["https://example.org/blog/feeds/all.atom"]
    );
}

#[test]
fn relative_and_protocol_relative_addresses_resolve_against_the_page() {
    let cases = [
        ("feed.xml", "https://example.org/blog/feed.xml"),
        ("./feed.xml", "https://example.org/blog/feed.xml"),
        ("../feed.xml", "https://example.org/feed.xml"),
        ("../../../feed.xml", "https://example.org/feed.xml"),
        ("/feed/", "https://example.org/feed/"),
        ("//cdn.example.net/f.rss", "https://cdn.example.net/f.rss"),
        (
            "?format=rss",
            "https://example.org/blog/post.html?format=rss",
        ),
        ("feed.xml#frag", "https://example.org/blog/feed.xml"),
        ("  /spaced.xml\n", "https://example.org/spaced.xml"),
        ("/a b.xml", "https://example.org/a%20b.xml"),
        ("/caf\u{e9}.xml", "https://example.org/caf%C3%A9.xml"),
        ("HTTP://Example.COM/Feed", "http://example.com/Feed"),
        ("https:feed.xml", "https://example.org/blog/feed.xml"),
        ("\\feed.xml", "https://example.org/feed.xml"),
    ];
    for (href, want) in cases {
        let html = format!(r#"<link rel="alternate" type="application/rss+xml" href="{href}">"#);
        assert_eq!(urls(&html), [want], "{href}");
    }
}

#[test]
fn base_href_sets_the_base_even_after_the_links() {
    let html = r#"<link rel="alternate" type="application/rss+xml" href="rss.xml">
<base href="https://static.example.com/site/"><base href="/ignored/">
<link rel="alternate" type="application/atom+xml" href="../atom.xml">"#;
    assert_eq!(
        urls(html),
        [
            "https://static.example.com/site/rss.xml",
            "https://static.example.com/atom.xml"
        ]
    );
    // A relative base resolves against the page; a base of another scheme is ignored.
    assert_eq!(
        urls(r#"<base href="/root/"><link rel=alternate type=application/rss+xml href=f>"#),
        ["https://example.org/root/f"]
    );
    assert_eq!(
        urls(r#"<base href="ftp://x/"><link rel=alternate type=application/rss+xml href=f>"#),
        ["https://example.org/blog/f"]
    );
    // A <base> without href does not count.
    assert_eq!(
        urls(
            r#"<base target=_blank><base href="/b/"><link rel=alternate type=application/rss+xml href=f>"#
        ),
        ["https://example.org/b/f"]
    );
}

#[test]
fn entities_in_href_and_title_are_decoded() {
    let html = r#"<link rel="alternate" type="application/rss+xml" title="Tom &amp; Jerry&#8217;s &lt;feed&gt;" href="/feed?a=1&amp;b=2&#x26;c=3">"#;
    let found = discover(html, PAGE);
    assert_eq!(found[0].url, "https://example.org/feed?a=1&b=2&c=3");
    assert_eq!(
        found[0].title.as_deref(),
        Some("Tom & Jerry\u{2019}s <feed>")
    );
}

#[test]
fn titles_are_one_line_without_control_characters() {
    let html = "<link rel=alternate type=application/rss+xml href=/f title=\"  A\n\tfeed \u{1b}[31mred\u{7} \">";
    assert_eq!(
        discover(html, PAGE)[0].title.as_deref(),
        Some("A feed red"),
        "the whole escape sequence goes, not only its ESC"
    );
    let html = r#"<link rel=alternate type=application/rss+xml href=/f title="   ">"#;
    assert_eq!(discover(html, PAGE)[0].title, None);
}

#[test]
fn only_http_feeds_are_kept() {
    for href in [
        "javascript:alert(1)",
        "data:application/rss+xml,<rss/>",
        "mailto:a@example.org",
        "ftp://example.org/feed.xml",
        "feed:https://example.org/feed.xml",
        "",
        "   ",
        "http://",
        "https:///nohost",
        "http://exa mple.org/f",
    ] {
        let html = format!(r#"<link rel="alternate" type="application/rss+xml" href="{href}">"#);
        assert!(urls(&html).is_empty(), "{href}: {:?}", urls(&html));
    }
}

#[test]
fn what_is_not_a_feed_link_is_ignored() {
    let html = r#"
<link rel="alternate stylesheet" type="text/css" href="/dark.css" title="Dark">
<link rel="stylesheet" type="application/rss+xml" href="/not-alternate.xml">
<link rel="alternate" hreflang="de" href="/de/">
<link rel="alternate" type="text/html" href="/mobile/">
<link rel="alternate" type="application/json+oembed" href="/oembed">
<link rel="alternate" type="application/rss+xml">
<a rel="alternate" type="application/rss+xml" href="/anchor.xml">feed</a>
<link rel="alternatex" type="application/rss+xml" href="/x.xml">
"#;
    assert!(urls(html).is_empty(), "{:?}", urls(html));
}

#[test]
fn links_inside_comments_scripts_and_styles_are_not_elements() {
    let html = r#"<head>
<!-- <link rel="alternate" type="application/rss+xml" href="/commented.xml"> -->
<!--[if IE]><link rel="alternate" type="application/rss+xml" href="/ie.xml"><![endif]-->
<script>document.write('<link rel="alternate" type="application/rss+xml" href="/script.xml">')</script>
<style>/* <link rel="alternate" type="application/rss+xml" href="/style.xml"> */</style>
<title><link rel="alternate" type="application/rss+xml" href="/title.xml"></title>
<!---->
<link rel="alternate" type="application/rss+xml" href="/real.xml">
<SCRIPT type="text/javascript">var s = "</scripty>";</SCRIPT >
<link rel="alternate" type="application/atom+xml" href="/after-script.xml">
</head>"#;
    assert_eq!(
        urls(html),
        [
            "https://example.org/real.xml",
            "https://example.org/after-script.xml"
        ]
    );
    // An abrupt empty comment does not swallow what follows.
    assert_eq!(
        urls("<!--><link rel=alternate type=application/rss+xml href=/a>"),
        ["https://example.org/a"]
    );
    // An unclosed comment or script hides the rest.
    assert!(urls("<!-- <link rel=alternate type=application/rss+xml href=/a>").is_empty());
    assert!(urls("<script><link rel=alternate type=application/rss+xml href=/a>").is_empty());
}

#[test]
fn duplicates_are_dropped_and_generic_json_comes_last() {
    let html = r#"
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="alternate" type="application/rss+xml" href="https://example.org/feed/#x">
<link rel="alternate" type="application/atom+xml" href="/feed/atom/">"#;
    let found = discover(html, PAGE);
    let got: Vec<(&str, FeedKind)> = found.iter().map(|d| (d.url.as_str(), d.kind)).collect();
    assert_eq!(
        got,
        [
            ("https://example.org/feed/", FeedKind::Rss),
            ("https://example.org/feed/atom/", FeedKind::Atom),
            ("https://example.org/wp-json/wp/v2/posts/1", FeedKind::Json),
        ]
    );
}

#[test]
fn truncated_and_broken_markup_is_survived() {
    for html in [
        "",
        "<",
        "<link",
        "<link rel=",
        "<link rel=\"alternate",
        "<link rel='alternate' type='application/rss+xml' href='/a'",
        "<!--",
        "<!",
        "</",
        "<base href=",
        "<base href=\"\u{e9}",
        "<<<<>>>>",
        "<link rel=alternate type=application/rss+xml href=/\u{1F600}>",
        "<\u{e9}link>",
        "<link \u{e9}=\u{e9} rel=alternate type=application/rss+xml href=/ok>",
    ] {
        let _ = discover(html, PAGE);
    }
    // The last complete tag still counts when the text is cut in the next one.
    assert_eq!(
        urls("<link rel=alternate type=application/rss+xml href=/a><link rel=alternate"),
        ["https://example.org/a"]
    );
    // A page address that is not http(s) yields only absolute feeds.
    let html = "<link rel=alternate type=application/rss+xml href=/rel><link rel=alternate type=application/rss+xml href=http://a.example/abs>";
    assert_eq!(
        discover(html, "not a url")
            .into_iter()
            .map(|d| d.url)
            .collect::<Vec<_>>(),
        ["http://a.example/abs"]
    );
}

#[test]
fn dot_segments_resolve() {
    assert_eq!(remove_dots("/a/b/c/./../../g"), "/a/g");
    assert_eq!(remove_dots("/a/b/.."), "/a/");
    assert_eq!(remove_dots("/.."), "/");
    assert_eq!(remove_dots("/a/%2E%2e/b"), "/b");
    assert_eq!(remove_dots("/a.b/c"), "/a.b/c");
}

#[test]
fn html_is_told_from_other_bodies() {
    assert!(looks_like_html(b"<!DOCTYPE html><p>x"));
    assert!(looks_like_html(b"\xEF\xBB\xBF\n  <html lang=en><head>"));
    assert!(looks_like_html(b"<!-- generated --><HTML>"));
    assert!(!looks_like_html(b"{\"a\": 1}"));
    assert!(!looks_like_html(b"plain text mentioning <html>"));
    assert!(!looks_like_html(b""));
    assert!(!looks_like_html(b"\xff\xfe<\x00h\x00"));
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(html in any::<String>(), page in any::<String>()) {
        let _ = discover(&html, &page);
        let _ = discover(&html, PAGE);
        let _ = looks_like_html(html.as_bytes());
        let _ = resolve(PAGE, &html);
        let _ = resolve(&page, &html);
    }

    #[test]
    fn html_like_text_never_panics(
        html in "(<link |<base |<LINK |<!--|-->|<script>|</script|<style>|<!|</|<|>|/|rel=|alternate |type=|application/rss\\+xml|application/json |href=|title=|[\"' =&;#.:?a-z]|\u{e9}|\u{1F600}|\\.\\./|//|&amp;|http:|https://h/)*",
    ) {
        for d in discover(&html, PAGE) {
            prop_assert!(d.url.starts_with("http://") || d.url.starts_with("https://"), "{}", d.url);
            prop_assert!(!d.url.contains(['#', ' ', '\n']), "{}", d.url);
        }
    }
}
