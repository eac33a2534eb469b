//! Whole screens on a `TestBackend` at fixed sizes with a fixed "now", as insta
//! snapshots, plus cell styles where colour carries meaning.

mod support;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use ratatui::style::{Color, Modifier};
use support::*;
use tidings::app::Action;
use tidings::app::state::Level;

#[test]
fn list_focused_120x40() {
    let s = state(120, 40);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn list_focused_80x24() {
    let s = state(80, 24);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn article_open_with_html_body_120x40() {
    let mut s = state(120, 40);
    while selected_title(&s) != "Probe reaches the outer belt" {
        act(&mut s, &[Action::Next]);
    }
    act(&mut s, &[Action::Open]);
    let t = draw(&s);
    assert_snapshot!(t.backend());
}

/// An article using most of HTML's styles (tests/fixtures/rich), open at 120x40: the
/// text as it reads, and the styles it is drawn with.
#[test]
fn article_with_styled_html_120x40() {
    let specs = [tidings::ingest::SourceSpec::path(fixtures().join("rich"))];
    let mut s = reader(tidings::ingest::load(&specs, utc(), None), 120, 40);
    act(&mut s, &[Action::Open]);
    let t = draw(&s);
    assert_snapshot!(t.backend());
    let buf = t.backend().buffer();
    let styles = tidings::app::article::ArticleStyles::DEFAULT;
    // The first cell of the first run of `text` on screen.
    let at = |text: &str| {
        let width = buf.area.width;
        (0..buf.area.height)
            .find_map(|y| {
                let row: String = (0..width).map(|x| buf[(x, y)].symbol()).collect();
                let col = row.find(text)?;
                let x = row[..col].chars().count();
                Some(&buf[(u16::try_from(x).unwrap(), y)])
            })
            .unwrap_or_else(|| panic!("{text:?} is not on screen"))
    };
    assert!(at("A storm in numbers").modifier.contains(Modifier::BOLD));
    assert!(at("1.9 m").modifier.contains(Modifier::BOLD));
    assert!(at("highest").modifier.contains(Modifier::ITALIC));
    assert!(at("2.4 m").modifier.contains(Modifier::CROSSED_OUT));
    let link = at("the raw");
    assert!(link.modifier.contains(Modifier::UNDERLINED));
    assert_eq!(Some(link.fg), styles.link.fg);
    assert!(!at("[1]").modifier.contains(Modifier::UNDERLINED));
    assert!(at("We moved").modifier.contains(Modifier::ITALIC));
    assert_eq!(Some(at("gauge --log").fg), styles.code.fg);
    assert_eq!(
        s.article.links,
        [
            "https://notes.example.org/data/gauge-2025.csv",
            "https://harbour.example.net/notices"
        ]
    );
}

#[test]
fn article_open_80x24() {
    let mut s = state(80, 24);
    act(&mut s, &[Action::Open]);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn timeline_focused_with_a_range_120x40() {
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
    act(
        &mut s,
        &[
            Action::First,
            Action::Right,
            Action::Range,
            Action::Right,
            Action::Right,
            Action::Right,
        ],
    );
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn timeline_focused_80x24() {
    let mut s = state(80, 24);
    act(&mut s, &[Action::FocusTimeline, Action::Left, Action::Left]);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn help_overlay_120x40() {
    let mut s = state(120, 40);
    act(&mut s, &[Action::Help]);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn help_overlay_80x24() {
    let mut s = state(80, 24);
    act(&mut s, &[Action::Help]);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn a_filter_error_120x40() {
    let mut s = state(120, 40);
    act(&mut s, &[Action::EditFilter]);
    type_text(&mut s, "+energy @2024-13");
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn a_filter_error_80x24() {
    let mut s = state(80, 24);
    act(&mut s, &[Action::EditFilter]);
    type_text(&mut s, "+energy @2024-13");
    key(&mut s, KeyCode::Left);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn messages_view_120x40() {
    let mut s = state(120, 40);
    s.say(
        Level::Warning,
        "feeds/old.xml: item 3 (“Untitled”): no date",
    );
    s.say(
        Level::Error,
        "feeds/broken.xml: not a valid feed: XML error at line 12",
    );
    act(&mut s, &[Action::Messages]);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn messages_view_80x24() {
    let mut s = state(80, 24);
    s.say(
        Level::Error,
        "config.toml:3: unknown action \"nxt\" in [keys]",
    );
    act(&mut s, &[Action::Messages]);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn too_small() {
    let s = state(40, 10);
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn the_unread_marker_and_the_selection_are_coloured() {
    let s = state(120, 40);
    let t = draw(&s);
    let buf = t.backend().buffer();
    // Row 1 is the first article (inside the border): a green unread dot, selected row.
    let dot = &buf[(1, 1)];
    assert_eq!(dot.symbol(), "●");
    assert_eq!(dot.fg, Color::Green);
    assert_eq!(
        buf[(20, 1)].bg,
        Color::Blue,
        "the focused selection is highlighted"
    );
    assert_ne!(buf[(20, 2)].bg, Color::Blue);
}

#[test]
fn the_selected_bucket_is_highlighted() {
    let s = state(120, 40);
    let bucket = s.selected_bucket().unwrap();
    let t = draw(&s);
    let buf = t.backend().buffer();
    let styles = tidings::ui::timeline::TimelineStyles::default();
    let want = styles.selected.fg.unwrap();
    let area = s.panes().timeline;
    let highlighted = (area.x..area.right())
        .flat_map(|x| (area.y..area.bottom()).map(move |y| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].fg == want && buf[(x, y)].symbol() != " ")
        .count();
    assert!(highlighted > 0, "bucket {bucket} has highlighted cells");
}
