//! The reader's behaviour as sequences of messages on `AppState`, without a terminal.

mod support;

use crossterm::event::KeyCode;
use support::*;
use tidings::app::{Action, Focus, Msg, Sort, update};

#[test]
fn a_filter_keeps_the_selection_when_it_still_matches() {
    let mut s = state(120, 40);
    // Select the grid upgrade article, then filter to energy: it stays selected.
    while selected_title(&s) != "Grid upgrade finished early" {
        act(&mut s, &[Action::Next]);
    }
    act(&mut s, &[Action::EditFilter]);
    type_text(&mut s, "+energy");
    assert_eq!(selected_title(&s), "Grid upgrade finished early");
    assert_eq!(s.list.matching().len(), 6);
    key(&mut s, KeyCode::Enter);
    assert!(s.prompt.current().is_none());
    assert_eq!(s.list.query().to_string(), "+energy");
}

#[test]
fn the_live_filter_updates_per_keystroke_and_esc_restores() {
    let mut s = state(120, 40);
    let all = s.list.matching().len();
    act(&mut s, &[Action::EditFilter]);
    type_text(&mut s, "+housing");
    assert_eq!(s.list.matching().len(), 2);
    // A bad term: the last valid filter stays applied, the error is kept with its position.
    type_text(&mut s, " @2024-13");
    assert_eq!(s.list.matching().len(), 2);
    assert_eq!(s.prompt.filter_error().unwrap().position, 9);
    // Enter with an error keeps the prompt open.
    key(&mut s, KeyCode::Enter);
    assert!(s.prompt.current().is_some());
    key(&mut s, KeyCode::Esc);
    assert!(s.prompt.current().is_none() && s.prompt.filter_error().is_none());
    assert_eq!(s.list.matching().len(), all);
}

#[test]
fn a_timeline_cursor_move_jumps_the_list() {
    let mut s = state(120, 40);
    act(&mut s, &[Action::FocusTimeline]);
    assert_eq!(s.focus, Focus::Timeline);
    let start = s.timeline.cursor.unwrap();
    act(&mut s, &[Action::Left]);
    let b = s.timeline.cursor.unwrap();
    assert!(b < start);
    // Move left until a bucket with articles: the selection is the newest article in it.
    while s.timeline.hist.filtered[s.timeline.cursor.unwrap()] == 0 {
        act(&mut s, &[Action::Left]);
    }
    let b = s.timeline.cursor.unwrap();
    assert_eq!(s.selected_bucket(), Some(b));
}

#[test]
fn enter_on_a_bucket_writes_the_date_term() {
    let mut s = state(120, 40);
    act(
        &mut s,
        &[
            Action::FocusTimeline,
            Action::Zoom,
            Action::Zoom,
            Action::Zoom,
        ],
    );
    // month buckets now
    assert_eq!(s.timeline.hist.size.label(), "month");
    act(&mut s, &[Action::First]);
    act(&mut s, &[Action::Open]);
    assert_eq!(s.list.query().to_string(), "@2023-12");
    assert_eq!(selected_title(&s), "Winter grid plan published");
    assert_eq!(s.list.matching().len(), 1);
    act(&mut s, &[Action::Cancel]);
    assert!(s.list.query().is_empty());
}

#[test]
fn a_range_selection_filters_to_the_range() {
    let mut s = state(120, 40);
    act(
        &mut s,
        &[
            Action::FocusTimeline,
            Action::Zoom,
            Action::Zoom,
            Action::Zoom,
        ],
    );
    act(&mut s, &[Action::First, Action::Right, Action::Range]);
    for _ in 0..5 {
        act(&mut s, &[Action::Right]);
    }
    assert_eq!(s.timeline.range(), Some((1, 6)));
    act(&mut s, &[Action::Open]);
    assert_eq!(s.list.query().to_string(), "@2024-01..2024-06");
    assert_eq!(s.list.matching().len(), 6);
    assert!(s.timeline.range().is_none());
}

#[test]
fn sort_cycles_and_keeps_the_selection() {
    let mut s = state(120, 40);
    act(&mut s, &[Action::Next, Action::Next]);
    let title = selected_title(&s);
    for want in [Sort::Oldest, Sort::Source, Sort::Title, Sort::Newest] {
        act(&mut s, &[Action::CycleSort]);
        assert_eq!(s.list.sort(), want);
        assert_eq!(selected_title(&s), title);
    }
    act(
        &mut s,
        &[
            Action::CycleSort,
            Action::CycleSort,
            Action::CycleSort,
            Action::First,
        ],
    );
    assert_eq!(selected_title(&s), "A celadon glaze that finally behaves");
}

#[test]
fn resize_relays_out_and_rewraps() {
    let mut s = state(120, 40);
    act(&mut s, &[Action::Open]);
    let wide = s.article.lines.len();
    update(&mut s, Msg::Resize(60, 20));
    assert_eq!(s.article.width, 56);
    assert!(s.article.lines.len() >= wide);
    assert!(
        s.panes().list.is_none(),
        "narrow: the open article takes the screen"
    );
    act(&mut s, &[Action::Back]);
    assert!(s.panes().article.is_none() && s.panes().list.is_some());
}

#[test]
fn q_goes_back_then_quits() {
    let mut s = state(120, 40);
    act(&mut s, &[Action::Open]);
    assert_eq!(s.focus, Focus::Article);
    assert_eq!(
        update(&mut s, Msg::Action(Action::Back)),
        tidings::app::Effect::None
    );
    assert_eq!(s.focus, Focus::List);
    assert_eq!(
        update(&mut s, Msg::Action(Action::Back)),
        tidings::app::Effect::Quit
    );
}

#[test]
fn only_web_links_open() {
    let mut s = state(120, 40);
    assert!(
        matches!(update(&mut s, Msg::Action(Action::OpenLink)), tidings::app::Effect::OpenLink(l) if l.starts_with("https://"))
    );
    assert!(!tidings::model::is_web_link("file:///etc/passwd"));
    assert!(!tidings::model::is_web_link("javascript:alert(1)"));
}

#[test]
fn mouse_clicks_select_rows_and_buckets_and_the_wheel_scrolls() {
    let mut s = state(120, 40);
    // Row 3 of the list (inside the border at y=1) is the third article.
    update(&mut s, Msg::Click { column: 10, row: 3 });
    assert_eq!(s.list.cursor(), 2);
    assert_eq!(s.focus, Focus::List);
    update(
        &mut s,
        Msg::Wheel {
            column: 10,
            row: 5,
            down: true,
        },
    );
    assert_eq!(s.list.cursor(), 5);
    // A click on the first bucket of the timeline moves the cursor there and the list
    // to the newest article in it.
    let t = s.panes().timeline;
    update(
        &mut s,
        Msg::Click {
            column: t.x + 1,
            row: t.y + 2,
        },
    );
    assert_eq!(s.focus, Focus::Timeline);
    assert_eq!(s.timeline.cursor, Some(0));
    assert_eq!(selected_title(&s), "Winter grid plan published");
    // With the mouse off, clicks do nothing.
    s.mouse = false;
    update(&mut s, Msg::Click { column: 10, row: 3 });
    assert_eq!(s.focus, Focus::Timeline);
}

/// A reader over one folder holding `feed` (an RSS document) at 100x30.
fn state_over(feed: &str) -> (tempfile::TempDir, tidings::app::AppState) {
    use tidings::ingest::{self, SourceSpec};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.xml"), feed).unwrap();
    let lib = ingest::load(&[SourceSpec::path(dir.path())], support::utc(), None);
    (dir, support::reader(lib, 100, 30))
}

#[test]
fn a_big_article_renders_in_the_background_and_is_kept() {
    // Deeply nested, over the size rendered at once: rendered off the input thread.
    let body = format!(
        "{}<p>Harbour wall report.</p>{}",
        "<div>".repeat(20_000),
        "</div>".repeat(20_000)
    );
    let feed = format!(
        "<rss><channel><title>Big</title>\
         <item><title>Big one</title><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate>\
         <description><![CDATA[{body}]]></description></item>\
         <item><title>Small one</title><pubDate>Sun, 29 Nov 2026 10:00:00 GMT</pubDate>\
         <description>Short.</description></item></channel></rss>"
    );
    let (_dir, mut s) = state_over(&feed);
    update(&mut s, Msg::Resize(100, 30));
    assert_eq!(support::selected_title(&s), "Big one");
    let job = s
        .take_render_job()
        .expect("a background job for the big article");
    let shown = pane_text(&s);
    assert!(
        shown.contains("Big one") && shown.contains("Rendering the article"),
        "{shown}"
    );
    // Keys work meanwhile: the small article renders at once.
    update(&mut s, Msg::Action(Action::Next));
    assert!(pane_text(&s).contains("Short."));
    assert!(s.take_render_job().is_none());
    // The job's result arrives late: kept, not shown over the small article.
    update(
        &mut s,
        Msg::Background(tidings::app::Background::Rendered(Box::new(job.run()))),
    );
    assert!(pane_text(&s).contains("Short."));
    // Back to the big one: from the cache, no new job.
    update(&mut s, Msg::Action(Action::Prev));
    assert!(s.take_render_job().is_none(), "rendered once, kept");
    assert!(
        pane_text(&s).contains("Harbour wall report."),
        "{}",
        pane_text(&s)
    );
}

/// The reader is made with the stored marks before this start's arrivals are known (they
/// are recorded on a thread of their own): an `is:new` filter is applied again when
/// they come, and other filters are left as they were.
#[test]
fn arrivals_that_come_after_the_state_apply_to_an_is_new_filter() {
    use ratatui::layout::Rect;
    use std::sync::Arc;
    use tidings::app::AppState;
    use tidings::config::DEFAULT_TOML;
    use tidings::ingest::{self, SourceSpec};
    use tidings::keymap::Keymap;
    use tidings::marks::{Arrivals, Marks, id_hash};
    use tidings::query::Query;
    let specs = [SourceSpec::path(fixtures().join("mixed"))];
    let lib = ingest::load(&specs, utc(), None);
    let all = lib.articles.len();
    assert!(all > 3);
    // The previous start saw every article but the first two.
    let seen = lib.articles[2..]
        .iter()
        .map(|a| (id_hash(&a.id), 1))
        .collect();
    let arrivals =
        Arrivals::from_parts(1, seen).begin(lib.articles.iter().map(|a| id_hash(&a.id)).collect());
    let keymap = Keymap::load(DEFAULT_TOML, None).unwrap();
    let mut s = AppState::with_marks(
        lib.clone(),
        Marks::default(),
        keymap.clone(),
        Query::parse("is:new").unwrap(),
        now(),
        utc(),
        Rect::new(0, 0, 120, 40),
    );
    // Not known yet: every article counts as new.
    assert_eq!(s.list.matching().len(), all);
    s.set_arrivals(Arc::new(arrivals.clone()));
    assert_eq!(s.list.matching(), &[0, 1]);

    let mut other = AppState::with_marks(
        lib,
        Marks::default(),
        keymap,
        Query::parse("!is:new").unwrap(),
        now(),
        utc(),
        Rect::new(0, 0, 120, 40),
    );
    assert!(other.list.matching().is_empty());
    other.set_arrivals(Arc::new(arrivals));
    assert_eq!(other.list.matching().len(), all - 2);
}
