//! Every form of the filter language: parsing, errors with positions, printing,
//! resolution against a fixed now and zone, and matching.

use super::*;
use crate::model::{Article, ArticleId, Library, Source, SourceId, SourceKind, Tag};
use crate::zone::Zone;
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;

fn q(s: &str) -> Query {
    Query::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn e(s: &str) -> ParseError {
    Query::parse(s).expect_err(s)
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    t("2026-11-28T12:00:00Z")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn every_term_kind_parses() {
    use DatePoint as P;
    let cases: Vec<(&str, Term)> = vec![
        ("+Politics", Term::Tag("Politics".into())),
        ("-sport", Term::NoTag("sport".into())),
        ("@7d", Term::Date(DateSpec::Point(P::Ago(7, Unit::Days)))),
        ("@12h", Term::Date(DateSpec::Point(P::Ago(12, Unit::Hours)))),
        ("@2w", Term::Date(DateSpec::Point(P::Ago(2, Unit::Weeks)))),
        ("@3m", Term::Date(DateSpec::Point(P::Ago(3, Unit::Months)))),
        ("@1y", Term::Date(DateSpec::Point(P::Ago(1, Unit::Years)))),
        (
            "@2024-07-04",
            Term::Date(DateSpec::Point(P::Day(day(2024, 7, 4)))),
        ),
        ("@2024-07", Term::Date(DateSpec::Point(P::Month(2024, 7)))),
        ("@2024", Term::Date(DateSpec::Point(P::Year(2024)))),
        ("@today", Term::Date(DateSpec::Point(P::Today))),
        ("@yesterday", Term::Date(DateSpec::Point(P::Yesterday))),
        ("@this-week", Term::Date(DateSpec::Point(P::ThisWeek))),
        ("@last-week", Term::Date(DateSpec::Point(P::LastWeek))),
        ("@this-month", Term::Date(DateSpec::Point(P::ThisMonth))),
        ("@last-month", Term::Date(DateSpec::Point(P::LastMonth))),
        (
            "@2024-01..2024-06",
            Term::Date(DateSpec::Range(
                Some(P::Month(2024, 1)),
                Some(P::Month(2024, 6)),
            )),
        ),
        (
            "@2024-01--2024-06",
            Term::Date(DateSpec::Range(
                Some(P::Month(2024, 1)),
                Some(P::Month(2024, 6)),
            )),
        ),
        (
            "@2024-03..",
            Term::Date(DateSpec::Range(Some(P::Month(2024, 3)), None)),
        ),
        (
            "@..2024-06-30",
            Term::Date(DateSpec::Range(None, Some(P::Day(day(2024, 6, 30))))),
        ),
        (
            "@30d..7d",
            Term::Date(DateSpec::Range(
                Some(P::Ago(30, Unit::Days)),
                Some(P::Ago(7, Unit::Days)),
            )),
        ),
        ("=gazette", Term::Source("gazette".into())),
        (
            "=\"Harbour Gazette\"",
            Term::Source("Harbour Gazette".into()),
        ),
        ("is:unread", Term::Is(IsKind::Unread)),
        ("IS:Read", Term::Is(IsKind::Read)),
        ("is:bookmarked", Term::Is(IsKind::Bookmarked)),
        ("is:tagged", Term::Is(IsKind::Tagged)),
        ("~tram(way)?", Term::Regex("tram(way)?".into())),
        ("council", Term::Word("council".into())),
        ("\"tram line\"", Term::Word("tram line".into())),
        ("\"+not a tag\"", Term::Word("+not a tag".into())),
        ("#20", Term::Limit(20)),
        ("!word", Term::Not(Box::new(Term::Word("word".into())))),
        ("!=press", Term::Not(Box::new(Term::Source("press".into())))),
        ("!is:read", Term::Not(Box::new(Term::Is(IsKind::Read)))),
        (
            "!@7d",
            Term::Not(Box::new(Term::Date(DateSpec::Point(P::Ago(7, Unit::Days))))),
        ),
        ("!\"a b\"", Term::Not(Box::new(Term::Word("a b".into())))),
        ("+\"multi word\"", Term::Tag("multi word".into())),
        ("\"say \\\"hi\\\"\"", Term::Word("say \"hi\"".into())),
    ];
    for (text, want) in cases {
        assert_eq!(q(text).terms, vec![want], "{text:?}");
    }
    assert_eq!(q("  +a   b \t@2024 ").terms.len(), 3);
    assert!(q("").is_empty());
}

#[test]
fn errors_name_the_position_and_give_a_hint() {
    let cases = [
        ("@2024-13", 0, "month 13"),
        ("+energy @2024-13", 8, "month 13"),
        ("@2024-02-30", 0, "no day 30"),
        ("@7x", 0, "unknown unit"),
        ("@soon", 0, "cannot read the date"),
        ("@..", 0, "at least one side"),
        ("a +", 2, "needs a tag"),
        ("-", 0, "needs a tag"),
        ("~(", 1, "bad regular expression"),
        ("x is:starred", 2, "unknown state"),
        ("#0", 1, "count of 1 or more"),
        ("#abc", 1, "count"),
        ("\"open", 0, "unterminated quote"),
        ("ok !", 3, "needs a term"),
        ("\"\"", 0, "empty phrase"),
        ("@24-01", 0, "cannot read the date"),
    ];
    for (text, pos, needle) in cases {
        let err = e(text);
        assert_eq!(err.position, pos, "{text:?}: {err}");
        assert!(err.to_string().contains(needle), "{text:?}: {err}");
        assert!(!err.hint.is_empty(), "{text:?} has a hint");
    }
    assert!(e("@2024-13").to_string().starts_with("at byte 0: "));
}

#[test]
fn printing_is_canonical() {
    assert_eq!(
        q("+a  -b @2024-01--2024-06 =\"x y\" !~z #5").to_string(),
        "+a -b @2024-01..2024-06 =\"x y\" !~z #5"
    );
    assert_eq!(q("\"+x\"").to_string(), "\"+x\"");
    assert_eq!(q("is:READ").to_string(), "is:read");
}

#[test]
fn date_terms_resolve_in_the_display_zone() {
    let utc: Zone = "UTC".parse().unwrap();
    let minsk: Zone = "Europe/Minsk".parse().unwrap();
    let spec = |s: &str| *q(s).date_term().unwrap();
    // A day in Minsk starts at 21:00 UTC the day before.
    assert_eq!(
        spec("@2024-07-05").interval(now(), minsk),
        (
            Some(t("2024-07-04T21:00:00Z")),
            Some(t("2024-07-05T21:00:00Z"))
        )
    );
    assert_eq!(
        spec("@2024-07").interval(now(), utc),
        (
            Some(t("2024-07-01T00:00:00Z")),
            Some(t("2024-08-01T00:00:00Z"))
        )
    );
    assert_eq!(
        spec("@2024").interval(now(), utc),
        (
            Some(t("2024-01-01T00:00:00Z")),
            Some(t("2025-01-01T00:00:00Z"))
        )
    );
    assert_eq!(
        spec("@7d").interval(now(), utc),
        (Some(t("2026-11-21T12:00:00Z")), None)
    );
    assert_eq!(
        spec("@12h").interval(now(), utc).0,
        Some(t("2026-11-28T00:00:00Z"))
    );
    assert_eq!(
        spec("@3m").interval(now(), utc).0,
        Some(t("2026-08-28T12:00:00Z"))
    );
    assert_eq!(
        spec("@today").interval(now(), utc),
        (
            Some(t("2026-11-28T00:00:00Z")),
            Some(t("2026-11-29T00:00:00Z"))
        )
    );
    assert_eq!(
        spec("@yesterday").interval(now(), utc).0,
        Some(t("2026-11-27T00:00:00Z"))
    );
    // 2026-11-28 is a Saturday: the week started on Monday the 23rd.
    assert_eq!(
        spec("@this-week").interval(now(), utc),
        (
            Some(t("2026-11-23T00:00:00Z")),
            Some(t("2026-11-30T00:00:00Z"))
        )
    );
    assert_eq!(
        spec("@last-week").interval(now(), utc).0,
        Some(t("2026-11-16T00:00:00Z"))
    );
    assert_eq!(
        spec("@this-month").interval(now(), utc),
        (
            Some(t("2026-11-01T00:00:00Z")),
            Some(t("2026-12-01T00:00:00Z"))
        )
    );
    assert_eq!(
        spec("@last-month").interval(now(), utc),
        (
            Some(t("2026-10-01T00:00:00Z")),
            Some(t("2026-11-01T00:00:00Z"))
        )
    );
    assert_eq!(
        spec("@2024-01..2024-06").interval(now(), utc),
        (
            Some(t("2024-01-01T00:00:00Z")),
            Some(t("2024-07-01T00:00:00Z"))
        )
    );
    assert_eq!(
        spec("@..2024").interval(now(), utc),
        (None, Some(t("2025-01-01T00:00:00Z")))
    );
    assert_eq!(
        spec("@30d..7d").interval(now(), utc),
        (
            Some(t("2026-10-29T12:00:00Z")),
            Some(t("2026-11-21T12:00:00Z"))
        )
    );
}

fn article(
    title: &str,
    date: Option<&str>,
    tags: &[&str],
    body: &str,
    source: &SourceId,
) -> Article {
    Article {
        id: ArticleId::derive(source, title),
        source: source.clone(),
        title: title.into(),
        link: None,
        published: date.map(t),
        updated: None,
        date_guessed: false,
        authors: vec![],
        tags: tags.iter().map(|x| Tag((*x).into())).collect(),
        summary: Some(format!("Summary of {title}")),
        body: body.into(),
        html: None,
        credits: vec![],
        extra: std::collections::BTreeMap::default(),
        enclosures: vec![],
        location: String::new(),
    }
}

fn library() -> Library {
    let gaz = Source::new("/news/gazette", "Harbour Gazette", SourceKind::Text);
    let press = Source::new("/news/press-office", "City press", SourceKind::Text);
    let wire = Source::new(
        "https://example.org/feed.xml",
        "Science Wire",
        SourceKind::Rss,
    );
    let arts = vec![
        article(
            "Tram line approved",
            Some("2024-03-12T09:00:00Z"),
            &["Transport", "politics"],
            "The council voted 31 to 9.",
            &gaz.id,
        ),
        article(
            "Budget for schools",
            Some("2024-06-30T22:30:00Z"),
            &["politics"],
            "Teachers welcome the plan.",
            &press.id,
        ),
        article(
            "Comet seen over the bay",
            Some("2026-11-25T20:00:00Z"),
            &["space"],
            "Астрономы наблюдали комету.",
            &wire.id,
        ),
        article("Old notes", None, &["archive"], "Undated.", &gaz.id),
        article(
            "Ferry timetable",
            Some("2026-11-28T06:00:00Z"),
            &["transport"],
            "Extra ferries at weekends.",
            &press.id,
        ),
    ];
    Library::new(vec![gaz, press, wire], arts)
}

struct Marks;
impl StateView for Marks {
    fn is_read(&self, a: &Article) -> bool {
        a.title.starts_with('T')
    }
    fn is_bookmarked(&self, a: &Article) -> bool {
        a.title.starts_with('B')
    }
    fn is_tagged(&self, a: &Article) -> bool {
        a.title.starts_with('C')
    }
}

fn pick(query: &str, zone: &str, state: &dyn StateView) -> Vec<String> {
    let lib = library();
    let f = q(query).compile(now(), zone.parse().unwrap());
    f.select(&lib, state)
        .into_iter()
        .map(|i| lib.articles[i].title.clone())
        .collect()
}

#[test]
fn matching_every_form() {
    let cases: &[(&str, &[&str])] = &[
        (
            "",
            &[
                "Ferry timetable",
                "Comet seen over the bay",
                "Budget for schools",
                "Tram line approved",
                "Old notes",
            ],
        ),
        ("+TRANSPORT", &["Ferry timetable", "Tram line approved"]),
        (
            "-politics",
            &["Ferry timetable", "Comet seen over the bay", "Old notes"],
        ),
        ("@2024", &["Budget for schools", "Tram line approved"]),
        ("@7d", &["Ferry timetable", "Comet seen over the bay"]),
        ("@today", &["Ferry timetable"]),
        (
            "!@2024",
            &["Ferry timetable", "Comet seen over the bay", "Old notes"],
        ),
        ("=gazette", &["Tram line approved", "Old notes"]),
        (
            "=gazette =press",
            &[
                "Ferry timetable",
                "Budget for schools",
                "Tram line approved",
                "Old notes",
            ],
        ),
        ("=example.org", &["Comet seen over the bay"]),
        (
            "!=gazette",
            &[
                "Ferry timetable",
                "Comet seen over the bay",
                "Budget for schools",
            ],
        ),
        ("~vot(ed|ing)", &["Tram line approved"]),
        ("~^comet", &["Comet seen over the bay"]),
        ("КОМЕТУ", &["Comet seen over the bay"]),
        ("\"summary of old\"", &["Old notes"]),
        ("#2", &["Ferry timetable", "Comet seen over the bay"]),
        ("+politics #1 #3", &["Budget for schools"]),
        ("is:read", &["Tram line approved"]),
        ("is:unread +politics", &["Budget for schools"]),
        ("is:bookmarked", &["Budget for schools"]),
        ("is:tagged", &["Comet seen over the bay"]),
        (
            "+politics @2024-01..2024-06 !teachers",
            &["Tram line approved"],
        ),
    ];
    for (query, want) in cases {
        assert_eq!(pick(query, "UTC", &Marks), *want, "{query:?}");
    }
}

#[test]
fn days_are_days_in_the_display_zone() {
    // 2024-06-30T22:30Z is already July 1st in Minsk.
    assert_eq!(pick("@2024-06", "UTC", &NoState), ["Budget for schools"]);
    assert!(pick("@2024-06", "Europe/Minsk", &NoState).is_empty());
    assert_eq!(
        pick("@2024-07-01", "+03:00", &NoState),
        ["Budget for schools"]
    );
}

#[test]
fn without_state_everything_is_unread_and_nothing_bookmarked() {
    assert_eq!(pick("is:unread", "UTC", &NoState).len(), 5);
    assert!(pick("is:bookmarked", "UTC", &NoState).is_empty());
}

#[test]
fn timeline_helpers() {
    let base = q("+a @2024 b");
    let changed = base.with_date_term(Some(*q("@2024-07").date_term().unwrap()));
    assert_eq!(changed.to_string(), "+a b @2024-07");
    assert_eq!(changed.with_date_term(None).to_string(), "+a b");
    let b = base.toggle_is(IsKind::Bookmarked);
    assert_eq!(b.to_string(), "+a @2024 b is:bookmarked");
    assert_eq!(b.toggle_is(IsKind::Bookmarked), base);
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}".prop_map(|w| format!("+{w}")),
        "[a-z]{1,8}".prop_map(|w| format!("-{w}")),
        "[a-zA-Z ]{1,12}".prop_map(|w| format!("=\"{w}\"")),
        (1u32..500, prop_oneof!["h", "d", "w", "m", "y"]).prop_map(|(n, u)| format!("@{n}{u}")),
        (2000i32..2030, 1u32..13).prop_map(|(y, m)| format!("@{y}-{m:02}")),
        (2000i32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("@{y}-{m:02}-{d:02}..")),
        (2000i32..2030, 2000i32..2030).prop_map(|(a, b)| format!("@{a}--{b}")),
        prop_oneof![
            "is:read",
            "is:unread",
            "is:bookmarked",
            "is:tagged",
            "@today",
            "@last-week"
        ]
        .prop_map(String::from),
        "[a-z]{1,6}".prop_map(|w| format!("~{w}.*")),
        "[a-zA-Zа-я日本 ]{1,10}".prop_map(|w| format!("\"{w}\"")),
        "[a-z]{1,10}",
        (1usize..100).prop_map(|n| format!("#{n}")),
    ]
}

proptest! {
    #[test]
    fn the_parser_never_panics(s in "\\PC{0,40}") {
        let _ = Query::parse(&s);
    }

    #[test]
    fn the_parser_never_panics_on_query_like_text(s in "[-+@=~!#\".a-z0-9: ]{0,30}") {
        if let Ok(parsed) = Query::parse(&s) {
            prop_assert_eq!(Query::parse(&parsed.to_string()).unwrap(), parsed);
        }
    }

    #[test]
    fn printing_and_parsing_again_gives_the_same_query(parts in proptest::collection::vec((any::<bool>(), piece()), 0..6)) {
        let text: Vec<String> = parts.into_iter().map(|(neg, p)| if neg { format!("!{p}") } else { p }).collect();
        let parsed = q(&text.join(" "));
        prop_assert_eq!(Query::parse(&parsed.to_string()).unwrap(), parsed);
    }
}
