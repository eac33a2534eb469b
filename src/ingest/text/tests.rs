//! The format rules of `article-text.md`, one case each, as a table of inputs and the
//! fields they must give.

use super::*;
use proptest::prelude::*;

const SPEC_EXAMPLE: &str = "Posted: 12.03.2025 09:30:00

Regional council approves new tram line

The city council voted on Tuesday to fund a 14-kilometre tram line.

Construction is planned to start next spring.
The line will have 18 stops.

Opponents argued the motion; it passed 31 to 9.

photos: press office of the city council
";

fn minsk() -> Zone {
    "Europe/Minsk".parse().unwrap()
}

fn src() -> SourceId {
    SourceId::derive("/news")
}

fn read(rel: &str, text: &str) -> Result<Parsed, String> {
    read_bytes(rel, text.as_bytes())
}

fn read_bytes(rel: &str, bytes: &[u8]) -> Result<Parsed, String> {
    let modified = DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")
        .unwrap()
        .with_timezone(&Utc);
    parse(
        TextFile {
            rel_path: rel,
            location: "/news/x.txt",
            bytes,
            modified: Some(modified),
            encoding: None,
        },
        &src(),
        minsk(),
    )
}

fn rfc(d: Option<DateTime<Utc>>) -> String {
    d.map(|d| d.to_rfc3339()).unwrap_or_default()
}

#[test]
fn the_spec_example_gives_every_field() {
    let p = read("council/tram.txt", SPEC_EXAMPLE).unwrap();
    let a = &p.article;
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(a.title, "Regional council approves new tram line");
    assert_eq!(
        a.summary.as_deref(),
        Some("The city council voted on Tuesday to fund a 14-kilometre tram line.")
    );
    assert_eq!(
        a.body,
        "The city council voted on Tuesday to fund a 14-kilometre tram line.\n\n\
         Construction is planned to start next spring.\nThe line will have 18 stops.\n\n\
         Opponents argued the motion; it passed 31 to 9."
    );
    assert_eq!(a.credits, vec!["photos: press office of the city council"]);
    // 09:30 in Minsk (UTC+3) is 06:30 UTC.
    assert_eq!(rfc(a.published), "2025-03-12T06:30:00+00:00");
    assert!(!a.date_guessed);
    assert_eq!(a.tags, vec![Tag("council".into())]);
}

#[test]
fn every_date_form() {
    let cases = [
        ("12.03.2025 09:30:00", "2025-03-12T06:30:00+00:00"),
        ("12.03.2025 09:30", "2025-03-12T06:30:00+00:00"),
        ("12.03.2025", "2025-03-11T21:00:00+00:00"),
        ("2025-03-12T09:30:00+01:00", "2025-03-12T08:30:00+00:00"),
        ("2025-03-12T09:30:00Z", "2025-03-12T09:30:00+00:00"),
        ("2025-03-12T09:30:00", "2025-03-12T06:30:00+00:00"),
        ("2025-03-12 09:30", "2025-03-12T06:30:00+00:00"),
        ("2025-03-12", "2025-03-11T21:00:00+00:00"),
        (
            "Wed, 12 Mar 2025 09:30:00 +0100",
            "2025-03-12T08:30:00+00:00",
        ),
        ("Wed, 12 Mar 2025 09:30:00 GMT", "2025-03-12T09:30:00+00:00"),
    ];
    for (form, want) in cases {
        let p = read("a.txt", &format!("Posted: {form}\n\nTitle\n\nLead.\n")).unwrap();
        assert_eq!(rfc(p.article.published), want, "form {form:?}");
        assert!(p.warnings.is_empty(), "form {form:?}: {:?}", p.warnings);
    }
}

#[test]
fn missing_or_bad_posted_falls_back_to_mtime_with_a_warning() {
    for text in [
        "Title only\n\nLead.\n",
        "Posted: yesterday-ish\n\nTitle\n\nLead.\n",
    ] {
        let p = read("a.txt", text).unwrap();
        assert!(p.article.date_guessed, "{text:?}");
        assert_eq!(rfc(p.article.published), "2026-01-02T03:04:05+00:00");
        assert_eq!(p.warnings.len(), 1, "{text:?}");
    }
    let p = read("a.txt", "Posted: 31.02.2025\n\nTitle\n").unwrap();
    assert!(p.warnings[0].contains("31.02.2025"), "{:?}", p.warnings);
}

#[test]
fn header_keys() {
    let text = "POSTED: 2025-03-12\nUpdated: 2025-03-13T10:00:00Z\nTags: Energy, housing ,, Energy\n\
                Author: Ada Brook, Tim Vale\nSource: Harbour Gazette\nLink: https://example.org/a\n\
                Lang: en\nDesk: Night news\n\nTitle\n\nLead.\n";
    let a = read("city/a.txt", text).unwrap().article;
    assert_eq!(rfc(a.updated), "2025-03-13T10:00:00+00:00");
    let tags: Vec<&str> = a.tags.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(tags, ["Energy", "housing", "city"]);
    assert_eq!(a.authors.len(), 2);
    assert_eq!(a.authors[1].name, "Tim Vale");
    assert_eq!(a.link.as_deref(), Some("https://example.org/a"));
    assert_eq!(a.extra["Publisher"], "Harbour Gazette");
    assert_eq!(a.extra["Lang"], "en");
    assert_eq!(a.extra["Desk"], "Night news");
    // URL works like Link.
    let b = read("a.txt", "Url: https://example.org/b\n\nT\n")
        .unwrap()
        .article;
    assert_eq!(b.link.as_deref(), Some("https://example.org/b"));
}

#[test]
fn a_colon_title_without_known_keys_is_a_title() {
    let a = read("a.txt", "Update: council votes again\n\nLead.\n")
        .unwrap()
        .article;
    assert_eq!(a.title, "Update: council votes again");
    assert_eq!(a.summary.as_deref(), Some("Lead."));
}

#[test]
fn bom_crlf_and_leading_blank_lines() {
    let text = "\u{feff}\r\n\r\nPosted: 2025-03-12\r\n\r\nTitle\r\n\r\nOne\r\ntwo\r\n\r\nThree\r\n";
    let a = read("a.txt", text).unwrap().article;
    assert_eq!(a.title, "Title");
    assert_eq!(a.body, "One\ntwo\n\nThree");
}

#[test]
fn latin1_is_detected_with_a_warning() {
    let p = read_bytes("a.txt", b"Posted: 2025-03-12\n\nCaf\xe9 opens\n\nLead.\n").unwrap();
    assert_eq!(p.article.title, "Caf\u{e9} opens");
    assert_eq!(p.warnings.len(), 1);
    assert!(p.warnings[0].contains("not UTF-8: read as windows-1252 (detected)"));
}

#[test]
fn damaged_utf8_is_lossy_with_a_warning() {
    let bytes = [
        "Posted: 2025-03-12\n\nCaf\u{e9} \u{2014} opens".as_bytes(),
        b"\xff\n\nLead.\n",
    ]
    .concat();
    let p = read_bytes("a.txt", &bytes).unwrap();
    assert_eq!(p.article.title, "Caf\u{e9} \u{2014} opens\u{fffd}");
    assert_eq!(p.warnings.len(), 1);
    assert!(p.warnings[0].contains("invalid UTF-8"));
}

#[test]
fn no_title_is_an_error() {
    assert!(read("a.txt", "").unwrap_err().contains("empty"));
    assert!(read("a.txt", "\n\n  \n").unwrap_err().contains("empty"));
    assert!(
        read("a.txt", "Posted: 2025-03-12\nTags: a\n")
            .unwrap_err()
            .contains("no title")
    );
}

#[test]
fn trailer_credits_only_at_the_very_end() {
    let text = "Posted: 2025-03-12\n\nT\n\nphotos: not a credit, it is in the middle\n\nBody.\n\n\
                Photos: Ann Lee\nvideo: City TV\n\nTEXT: desk\n\n";
    let a = read("a.txt", text).unwrap().article;
    assert_eq!(
        a.credits,
        ["Photos: Ann Lee", "video: City TV", "TEXT: desk"]
    );
    assert_eq!(a.body, "photos: not a credit, it is in the middle\n\nBody.");
    // A non-credit key at the end is body text.
    let b = read("a.txt", "T\n\nBody.\n\nNote: it rained\n")
        .unwrap()
        .article;
    assert!(b.credits.is_empty());
    assert!(b.plain().ends_with("Note: it rained"));
}

#[test]
fn title_only_article_has_no_summary() {
    let a = read("a.txt", "Posted: 2025-03-12\n\nJust a headline\n")
        .unwrap()
        .article;
    assert_eq!(a.summary, None);
    assert_eq!(a.body, "");
}

#[test]
fn ids_are_stable_and_follow_link_or_path() {
    let a = read("x/a.txt", "T\n\nOne.\n").unwrap().article;
    let edited = read("x/a.txt", "T2\n\nOne, edited.\n").unwrap().article;
    assert_eq!(a.id, edited.id, "editing the body keeps the id");
    let renamed = read("x/b.txt", "T\n\nOne.\n").unwrap().article;
    assert_ne!(a.id, renamed.id, "renaming makes a new article");
    let l1 = read("x/a.txt", "Link: https://example.org/1\n\nT\n")
        .unwrap()
        .article;
    let l2 = read("y/moved.txt", "Link: https://example.org/1\n\nT\n")
        .unwrap()
        .article;
    assert_eq!(l1.id, l2.id, "the link decides when present");
}

#[test]
fn folder_tags_from_every_level() {
    let a = read("world/europe/a.txt", "Tags: World\n\nT\n")
        .unwrap()
        .article;
    let tags: Vec<&str> = a.tags.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(tags, ["World", "europe"]);
}

#[test]
fn escape_sequences_never_survive() {
    let a = read(
        "a.txt",
        "T\u{1b}[31mred\u{7}\n\nBody \u{1b}]0;title\u{7}end\n",
    )
    .unwrap()
    .article;
    assert!(!a.title.contains('\u{1b}') && !a.title.contains('\u{7}'));
    assert!(!a.plain().contains('\u{1b}'));
}

proptest! {
    #[test]
    fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_bytes("p/q.txt", &bytes);
    }

    #[test]
    fn never_panics_on_header_like_text(s in "(([A-Za-z]{1,8}: [ -~]{0,20})?\n){0,8}[ -~\n]{0,80}") {
        if let Ok(p) = read("a.txt", &s) {
            prop_assert!(!p.article.title.trim().is_empty());
        }
    }
}
