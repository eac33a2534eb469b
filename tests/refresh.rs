//! Refreshing feeds in the reader, as messages on `AppState`: `r`/`R` ask for the
//! right URLs, a refresh in progress is shown, and articles that arrive do not move
//! the selection.

mod support;

use support::*;
use tidings::app::{Action, Background, Effect, FeedDone, Msg, update};
use tidings::model::{Article, Source, SourceKind};

fn feed_source() -> Source {
    Source::new(
        "https://feeds.example.org/wire.xml",
        "Wire",
        SourceKind::Rss,
    )
}

fn item(source: &Source, n: u32, day: u32) -> Article {
    let mut a = tidings::ingest::feed::parse(
        format!(
            "<rss version=\"2.0\"><channel><title>Wire</title><item><title>Wire {n}</title><guid>w{n}</guid><pubDate>{day:02} Nov 2026 09:00:00 +0000</pubDate><description>x</description></item></channel></rss>"
        )
        .as_bytes(),
        &source.id,
        &source.location,
        tidings::zone::Zone::Local,
    )
    .unwrap()
    .articles
    .remove(0);
    a.source = source.id.clone();
    *a
}

/// A feed of a refresh arrives with these articles, as the loop reports it.
fn arrive(s: &mut tidings::app::AppState, src: &Source, articles: Vec<Article>) {
    let done = FeedDone {
        url: src.location.clone(),
        failed: None,
        moved_to: None,
        merged: Some((src.clone(), articles)),
    };
    update(s, Msg::Background(Background::Fetched(Box::new(done))));
}

#[test]
fn a_refresh_runs_on_messages_alone() {
    let mut s = state(120, 40);
    let src = feed_source();
    arrive(&mut s, &src, vec![item(&src, 1, 20)]);
    let other = Source::new(
        "https://feeds.example.org/gone.xml",
        "Gone",
        SourceKind::Rss,
    );
    arrive(&mut s, &other, vec![item(&other, 9, 19)]);
    let Effect::RefreshAll(urls) = update(&mut s, Msg::Action(Action::RefreshAll)) else {
        panic!("a refresh asks for the feeds")
    };
    assert_eq!(urls.len(), 2);
    arrive(&mut s, &src, vec![item(&src, 1, 20), item(&src, 2, 28)]);
    let failed = FeedDone {
        url: other.location.clone(),
        failed: Some("HTTP 404 Not Found".into()),
        moved_to: Some("https://feeds.example.org/new.xml".into()),
        merged: None,
    };
    update(
        &mut s,
        Msg::Background(Background::Fetched(Box::new(failed))),
    );
    let p = s.notices.fetching().unwrap();
    assert_eq!((p.done, p.total, p.failed), (2, 2, 1));
    update(&mut s, Msg::Background(Background::FetchDone));
    assert!(s.notices.fetching().is_none());
    assert!(s.lib.articles.iter().any(|a| a.title == "Wire 2"));
    let texts: Vec<&str> = s
        .notices
        .messages()
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("gone.xml): HTTP 404")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("moved permanently")),
        "{texts:?}"
    );
    let frame = format!("{:?}", draw(&s).backend());
    assert!(frame.contains("fetched 2 feeds, 1 failed"), "{frame}");
}

#[test]
fn r_and_shift_r_fetch_feeds_and_shift_r_reads_files_again() {
    let mut s = state(120, 40);
    // The fixtures are files: nothing to fetch, they are read again (tests/fresh.rs).
    assert_eq!(
        update(&mut s, Msg::Action(Action::RefreshAll)),
        Effect::RefreshAll(Vec::new())
    );
    let src = feed_source();
    arrive(&mut s, &src, vec![item(&src, 1, 20)]);
    let Effect::RefreshAll(urls) = update(&mut s, Msg::Action(Action::RefreshAll)) else {
        panic!()
    };
    assert_eq!(urls, ["https://feeds.example.org/wire.xml"]);
    assert_eq!(s.notices.fetching().unwrap().total, 1);
    let frame = format!("{:?}", draw(&s).backend());
    assert!(frame.contains("fetching ▱▱▱▱▱▱▱▱▱▱ 0/1"), "{frame}");
    assert_eq!(
        update(&mut s, Msg::Action(Action::Refresh)),
        Effect::None,
        "one refresh at a time"
    );
}

#[test]
fn arriving_articles_do_not_move_the_selection() {
    let mut s = state(120, 40);
    let src = feed_source();
    arrive(&mut s, &src, vec![item(&src, 1, 20)]);
    act(&mut s, &[Action::Next, Action::Next]);
    let before = selected_title(&s);
    let total = s.lib.articles.len();
    // Two newer articles arrive at the top, and an old one is updated in place.
    let mut updated = item(&src, 1, 20);
    updated.title = "Wire 1 (updated)".into();
    arrive(
        &mut s,
        &src,
        vec![updated, item(&src, 2, 26), item(&src, 3, 27)],
    );
    assert_eq!(s.lib.articles.len(), total + 2);
    assert_eq!(selected_title(&s), before);
    assert!(s.lib.articles.iter().any(|a| a.title == "Wire 1 (updated)"));
}
