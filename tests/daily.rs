//! The daily reading loop as message sequences and screens: when an article counts as
//! read (`mark_read`), unread only (`U`), the sidebar of views, sources and tags (its
//! counts, Enter on its lines), saving a view, and the room the panes get (the list's
//! share, the stacked split, the timeline's size).

mod support;

use std::time::{Duration, Instant};

use insta::assert_snapshot;
use support::*;
use tidings::app::state::Entry;
use tidings::app::{Action, AppState, Background, Effect, Focus, Msg, update};
use tidings::config::{MarkRead, Split, TimelineMode, View};
use tidings::query::Query;

/// The reader at `w`x`h` after its first frame (when the sidebar starts counting).
fn started(w: u16, h: u16) -> AppState {
    let mut s = state(w, h);
    update(&mut s, Msg::Background(Background::FirstFrame));
    s
}

fn tick(s: &mut AppState, at: Instant) -> Effect {
    update(
        s,
        Msg::Background(Background::Tick {
            at,
            wall: support::now(),
        }),
    )
}

fn read(s: &AppState) -> bool {
    let i = s.selected().unwrap();
    s.marks.read(&s.lib.articles[i].id)
}

fn status(s: &AppState) -> String {
    s.notices
        .status()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

#[test]
fn mark_read_open_reads_on_enter_and_manual_never() {
    let mut s = state(120, 40);
    update(&mut s, Msg::Action(Action::Open));
    assert!(read(&s), "open (the default): Enter reads");

    let mut s = state(120, 40);
    s.mark_read = MarkRead::Manual;
    let e = update(&mut s, Msg::Action(Action::Open));
    assert_eq!(e, Effect::None);
    assert!(!read(&s));
    let t0 = Instant::now();
    tick(&mut s, t0);
    tick(&mut s, t0 + Duration::from_secs(5));
    assert!(!read(&s), "manual: time in the pane does not read it");
    update(&mut s, Msg::Action(Action::NextArticle));
    update(&mut s, Msg::Action(Action::PrevArticle));
    assert!(!read(&s), "nor do the reading keys");
    update(&mut s, Msg::Action(Action::ToggleRead));
    assert!(read(&s), "only m does");
}

#[test]
fn mark_read_shown_reads_after_a_second_in_the_article_pane() {
    // 120 columns: the article pane shows the selected article beside the list.
    let mut s = state(120, 40);
    s.mark_read = MarkRead::Shown;
    let t0 = Instant::now();
    assert_eq!(tick(&mut s, t0), Effect::None);
    assert_eq!(
        tick(&mut s, t0 + Duration::from_millis(600)),
        Effect::None,
        "not yet a second"
    );
    assert!(!read(&s));
    // Moving on before the second is up starts the clock again for the next one.
    update(&mut s, Msg::Action(Action::Next));
    let first = s.list.visible()[0];
    assert_eq!(tick(&mut s, t0 + Duration::from_millis(1200)), Effect::None);
    assert!(!s.marks.read(&s.lib.articles[first].id));
    assert!(!read(&s));
    let e = tick(&mut s, t0 + Duration::from_millis(2300));
    assert!(matches!(e, Effect::Persist(_)), "{e:?}");
    assert!(read(&s));
    // Enter does not read by itself in this mode.
    update(&mut s, Msg::Action(Action::Next));
    update(&mut s, Msg::Action(Action::Open));
    assert!(!read(&s));

    // 80 columns: the list alone is on screen, so nothing is shown, nothing read.
    let mut s = state(80, 24);
    s.mark_read = MarkRead::Shown;
    tick(&mut s, t0);
    tick(&mut s, t0 + Duration::from_secs(3));
    assert!(!read(&s));
    update(&mut s, Msg::Action(Action::Open));
    tick(&mut s, t0 + Duration::from_secs(4));
    let e = tick(&mut s, t0 + Duration::from_secs(6));
    assert!(matches!(e, Effect::Persist(_)));
    assert!(read(&s));
}

#[test]
fn marking_read_in_the_article_pane_keeps_its_scroll() {
    let mut s = state(80, 24);
    s.mark_read = MarkRead::Shown;
    update(&mut s, Msg::Action(Action::Open));
    update(&mut s, Msg::Action(Action::Next));
    let scrolled = s.article_scroll();
    let t0 = Instant::now();
    tick(&mut s, t0);
    tick(&mut s, t0 + Duration::from_secs(2));
    assert!(read(&s));
    assert_eq!(s.article_scroll(), scrolled);
}

#[test]
fn u_toggles_unread_only_like_b_toggles_bookmarks() {
    let mut s = state(120, 40);
    act(&mut s, &[Action::ToggleRead]);
    let all = s.list.visible().len();
    update(&mut s, Msg::Action(Action::UnreadOnly));
    assert_eq!(s.list.query().to_string(), "is:unread");
    assert_eq!(s.list.visible().len(), all - 1);
    update(&mut s, Msg::Action(Action::UnreadOnly));
    assert!(s.list.query().is_empty());
    assert_eq!(s.list.visible().len(), all);
}

/// Sidebar lines with their label, for assertions.
fn sidebar_lines(s: &AppState) -> Vec<(String, usize, usize)> {
    s.sidebar
        .lines()
        .iter()
        .map(|l| {
            let label = match &l.entry {
                Entry::Heading(h) => format!("# {h}"),
                Entry::View(i) => format!("view {}", s.views[*i].name),
                Entry::Source(t) => format!("={t}"),
                Entry::Tag(t) => format!("+{t}"),
            };
            (label, l.unread, l.total)
        })
        .collect()
}

/// What a filter keeps, and how many of those are unread (as `tidings export
/// --filter` counts them).
fn filter_counts(s: &AppState, q: &str) -> (usize, usize) {
    let picked = Query::parse(q)
        .unwrap()
        .compile(s.now, s.zone)
        .select(&s.lib, &s.marks);
    let unread = picked
        .iter()
        .filter(|&&i| !s.marks.read(&s.lib.articles[i].id))
        .count();
    (unread, picked.len())
}

fn select_line(s: &mut AppState, label: &str) {
    update(s, Msg::Action(Action::First));
    for _ in 0..s.sidebar.lines().len() {
        if sidebar_lines(s)[s.sidebar.cursor()].0 == label {
            return;
        }
        update(s, Msg::Action(Action::Next));
    }
    panic!("no sidebar line {label}: {:?}", sidebar_lines(s));
}

#[test]
fn the_sidebar_shows_from_160_columns_and_its_counts_are_the_filters() {
    let mut s = started(200, 60);
    assert!(s.sidebar_shown(), "shown by default at 200 columns");
    let s80 = state(120, 40);
    assert!(!s80.sidebar_shown(), "hidden by default below 160");
    // Counted when shown.
    update(&mut s, Msg::Action(Action::ToggleRead));
    let lines = sidebar_lines(&s);
    assert!(lines.iter().any(|l| l.0 == "# Views"));
    assert!(lines.iter().any(|l| l.0 == "# Sources"));
    assert!(lines.iter().any(|l| l.0 == "# Tags"));
    for (label, unread, total) in &lines {
        let q = match label.split_once(' ') {
            Some(("view", name)) => s
                .views
                .iter()
                .find(|v| v.name == name)
                .unwrap()
                .filter
                .clone(),
            _ if label.starts_with('#') => continue,
            _ => {
                // The term Enter writes, as the filter language spells it.
                let (kind, rest) = label.split_at(1);
                let term = if kind == "=" {
                    tidings::query::Term::Source(rest.to_string())
                } else {
                    tidings::query::Term::Tag(rest.to_string())
                };
                term.to_string()
            }
        };
        assert_eq!(
            (*unread, *total),
            filter_counts(&s, &q),
            "{label} counts as `{q}` does"
        );
    }
    let all = lines.iter().find(|l| l.0 == "view All").unwrap();
    assert_eq!(all.2, s.lib.articles.len());
    assert_eq!(all.1, s.lib.articles.len() - 1, "one was marked read");
}

#[test]
fn sidebar_counts_follow_marks_and_enter_applies_a_line() {
    let mut s = started(200, 60);
    update(&mut s, Msg::Action(Action::FocusPrev));
    assert_eq!(
        s.focus,
        Focus::Sidebar,
        "Shift-Tab from the list reaches the sidebar"
    );
    select_line(&mut s, "=Test Dev Log");
    let before = sidebar_lines(&s)[s.sidebar.cursor()].clone();
    update(&mut s, Msg::Action(Action::Open));
    assert_eq!(s.list.query().to_string(), "=\"Test Dev Log\"");
    assert_eq!(s.list.visible().len(), before.2);
    assert_eq!(s.timeline.hist.filtered.iter().sum::<u32>() as usize, {
        s.list
            .matching()
            .iter()
            .filter(|&&i| s.lib.articles[i].date().is_some())
            .count()
    });
    // Marking one read: the source's line counts one fewer unread, at once.
    update(&mut s, Msg::Action(Action::FocusList));
    update(&mut s, Msg::Action(Action::ToggleRead));
    let after = sidebar_lines(&s)
        .into_iter()
        .find(|l| l.0 == "=Test Dev Log")
        .unwrap();
    assert_eq!((after.1, after.2), (before.1 - 1, before.2));
    // A tag replaces nothing of another kind: both terms apply.
    update(&mut s, Msg::Action(Action::FocusNext));
    update(&mut s, Msg::Action(Action::FocusNext));
    update(&mut s, Msg::Action(Action::FocusNext));
    assert_eq!(s.focus, Focus::Sidebar);
    select_line(&mut s, "+rust");
    update(&mut s, Msg::Action(Action::Open));
    assert_eq!(s.list.query().to_string(), "=\"Test Dev Log\" +rust");
    // Enter on the applied tag takes it away again.
    update(&mut s, Msg::Action(Action::Open));
    assert_eq!(s.list.query().to_string(), "=\"Test Dev Log\"");
    // A view applies its whole filter.
    select_line(&mut s, "view Unread");
    update(&mut s, Msg::Action(Action::Open));
    assert_eq!(s.list.query().to_string(), "is:unread");
    select_line(&mut s, "view All");
    update(&mut s, Msg::Action(Action::Open));
    assert!(s.list.query().is_empty());
}

#[test]
fn below_160_columns_the_sidebar_is_an_overlay_that_closes_after_enter() {
    let mut s = started(80, 24);
    update(&mut s, Msg::Action(Action::Sidebar));
    assert!(s.sidebar_shown() && s.panes().sidebar_over);
    assert_eq!(s.focus, Focus::Sidebar);
    select_line(&mut s, "+grid");
    update(&mut s, Msg::Action(Action::Open));
    assert_eq!(s.list.query().to_string(), "+grid");
    assert!(!s.sidebar_shown(), "the overlay made way for the list");
    assert_eq!(s.focus, Focus::List);
    // q leaves it too, without applying anything.
    update(&mut s, Msg::Action(Action::Sidebar));
    update(&mut s, Msg::Action(Action::Back));
    assert!(!s.sidebar_shown());
    assert_eq!(s.list.query().to_string(), "+grid");
}

#[test]
fn saving_a_view_asks_for_a_name_and_hands_it_to_the_loop() {
    let mut s = state(120, 40);
    update(&mut s, Msg::Action(Action::SaveView));
    assert!(!s.prompt.is_open(), "nothing to save without a filter");
    assert!(status(&s).contains("no filter to save"));
    act(&mut s, &[Action::EditFilter]);
    type_text(&mut s, "is:unread +grid");
    key(&mut s, crossterm::event::KeyCode::Enter);
    update(&mut s, Msg::Action(Action::SaveView));
    assert!(s.prompt.is_open());
    type_text(&mut s, "Grid watch");
    let e = update(
        &mut s,
        Msg::PromptKey(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    let view = View {
        name: "Grid watch".into(),
        filter: "is:unread +grid".into(),
    };
    assert_eq!(e, Effect::SaveView(view.clone()));
    assert!(s.views.contains(&view), "in the sidebar at once");
    update(
        &mut s,
        Msg::Background(Background::ViewSaved {
            name: view.name.clone(),
            outcome: Ok("/home/me/config.toml".into()),
        }),
    );
    assert!(status(&s).contains("saved in /home/me/config.toml"));
    update(
        &mut s,
        Msg::Background(Background::ViewSaved {
            name: view.name,
            outcome: Err("disk full".into()),
        }),
    );
    assert!(status(&s).contains("this session only: disk full"));
}

#[test]
fn widen_and_narrow_move_the_split_within_limits() {
    let mut s = state(120, 40);
    let w0 = s.panes().list.unwrap().width;
    update(&mut s, Msg::Action(Action::WidenList));
    let w1 = s.panes().list.unwrap().width;
    assert!(w1 > w0);
    for _ in 0..20 {
        update(&mut s, Msg::Action(Action::NarrowList));
    }
    assert_eq!(s.layout.list_share, 20);
    assert!(status(&s).contains("at its limit"));
    assert_eq!(s.panes().list.unwrap().width, 24);
}

#[test]
fn the_timeline_cycles_full_compact_hidden() {
    let mut s = state(80, 24);
    let rows = |s: &AppState| s.panes().list.unwrap().height;
    let full = rows(&s);
    update(&mut s, Msg::Action(Action::CycleTimeline));
    assert_eq!(s.layout.timeline, TimelineMode::Compact);
    assert_eq!(rows(&s), full + 5);
    update(&mut s, Msg::Action(Action::CycleTimeline));
    assert_eq!(s.layout.timeline, TimelineMode::Hidden);
    assert_eq!(rows(&s), full + 7);
    // Focusing the hidden timeline shows it (compact).
    update(&mut s, Msg::Action(Action::FocusTimeline));
    assert_eq!(s.layout.timeline, TimelineMode::Compact);
    assert_eq!(s.focus, Focus::Timeline);
}

// Screens.

#[test]
fn sidebar_beside_200x60() {
    let mut s = started(200, 60);
    update(&mut s, Msg::Action(Action::ToggleRead));
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn sidebar_overlay_80x24() {
    let mut s = started(80, 24);
    update(&mut s, Msg::Action(Action::Sidebar));
    update(&mut s, Msg::Action(Action::Next));
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn stacked_120x40() {
    let mut s = state(120, 40);
    s.layout.split = Split::Stacked;
    s.layout.list_share = 40;
    update(&mut s, Msg::Resize(120, 40));
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn stacked_80x24_compact_timeline() {
    let mut s = state(80, 24);
    s.layout.split = Split::Stacked;
    s.layout.timeline = TimelineMode::Compact;
    update(&mut s, Msg::Resize(80, 24));
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn compact_timeline_200x60() {
    let mut s = started(200, 60);
    s.layout.timeline = TimelineMode::Compact;
    update(&mut s, Msg::Resize(200, 60));
    update(&mut s, Msg::Action(Action::FocusTimeline));
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn hidden_timeline_80x24() {
    let mut s = state(80, 24);
    s.layout.timeline = TimelineMode::Hidden;
    update(&mut s, Msg::Resize(80, 24));
    assert_snapshot!(draw(&s).backend());
}

#[test]
fn a_source_whose_fetch_failed_is_marked_until_one_works() {
    use tidings::app::FeedDone;
    let mut s = started(200, 60);
    let location = s.lib.sources[0].location.clone();
    let title = s.lib.sources[0].title.clone();
    let failed = |s: &AppState| {
        s.sidebar
            .lines()
            .iter()
            .find(|l| l.entry == Entry::Source(title.clone()))
            .unwrap()
            .failed
    };
    assert!(!failed(&s));
    let done = |why: Option<&str>| {
        Msg::Background(Background::Fetched(Box::new(FeedDone {
            url: location.clone(),
            failed: why.map(str::to_string),
            moved_to: None,
            merged: None,
        })))
    };
    update(&mut s, done(Some("HTTP 500")));
    assert!(failed(&s));
    update(&mut s, done(None));
    assert!(!failed(&s));
}

#[test]
fn counting_a_step_piecemeal_gives_what_a_full_count_gives() {
    let mut s = started(200, 60);
    // A view with terms of every kind the steps below touch.
    s.views.push(View {
        name: "Grid unread".into(),
        filter: "is:unread +grid -is:bookmarked".into(),
    });
    update(&mut s, Msg::Action(Action::ClearFilter));
    s.set_marks(s.marks.clone());
    let steps: Vec<Vec<Action>> = vec![
        vec![Action::ToggleRead],
        vec![Action::Next, Action::Bookmark],
        vec![
            Action::Next,
            Action::Next,
            Action::Next,
            Action::Next,
            Action::Next,
            Action::Next,
            Action::ToggleRead,
        ],
        vec![Action::Bookmark],
        vec![Action::Undo],
        vec![Action::Undo],
        vec![Action::First, Action::ToggleRead],
    ];
    let full = |s: &AppState| {
        let mut t = started(200, 60);
        t.views = s.views.clone();
        t.set_marks(s.marks.clone());
        t.sidebar.lines().to_vec()
    };
    for step in steps {
        act(&mut s, &step);
        assert_eq!(s.sidebar.lines(), full(&s).as_slice(), "after {step:?}");
    }
    // A tag new to the library: counted in full, with its own line.
    update(&mut s, Msg::Action(Action::AddTags));
    type_text(&mut s, "fresh");
    key(&mut s, crossterm::event::KeyCode::Enter);
    assert!(
        s.sidebar
            .lines()
            .iter()
            .any(|l| l.entry == Entry::Tag("fresh".into()) && l.total == 1)
    );
    assert_eq!(s.sidebar.lines(), full(&s).as_slice());
    // Mark all shown read (a confirmed bulk step).
    update(&mut s, Msg::Action(Action::MarkAllRead));
    key(&mut s, crossterm::event::KeyCode::Char('y'));
    assert_eq!(s.sidebar.lines(), full(&s).as_slice());
    assert!(s.sidebar.lines().iter().all(|l| l.unread == 0));
}

#[test]
fn sidebar_shown_in_the_config_sits_beside_the_panes_from_100_columns() {
    use tidings::config::SidebarMode;
    let mut s = started(120, 40);
    s.layout.sidebar = SidebarMode::Shown;
    update(&mut s, Msg::Resize(120, 40));
    assert!(s.sidebar_shown() && !s.panes().sidebar_over);
    assert!(!s.sidebar.lines().is_empty(), "counted once shown");
    update(&mut s, Msg::Resize(80, 24));
    assert!(!s.sidebar_shown(), "below 100 columns only S opens it");
    update(&mut s, Msg::Action(Action::Sidebar));
    assert!(s.sidebar_shown() && s.panes().sidebar_over);
}
