//! Bookmarks, read marks, tags and undo in the reader, as message sequences on
//! `AppState`: each change updates the screen state at once and asks to be persisted.

mod support;

use crossterm::event::KeyCode;
use support::*;
use tidings::app::{Action, Effect, Msg, Overlay, update};
use tidings::marks::{Change, TagOp};

fn press(s: &mut tidings::app::AppState, a: Action) -> Effect {
    update(s, Msg::Action(a))
}

fn persisted(e: Effect) -> Vec<Change> {
    match e {
        Effect::Persist(c) => c,
        other => panic!("expected changes to persist, got {other:?}"),
    }
}

#[test]
fn b_toggles_the_bookmark_and_asks_to_save_it() {
    let mut s = state(120, 40);
    let id = s.lib.articles[s.selected().unwrap()].id.clone();
    let c = persisted(press(&mut s, Action::Bookmark));
    assert!(matches!(&c[..], [Change::Bookmark { on: true, .. }]));
    assert!(s.marks.bookmarked(&id));
    let row = draw(&s).backend().buffer().content()[120 + 3]
        .symbol()
        .to_string();
    assert_eq!(row, "★", "the star shows in the list");
    let c = persisted(press(&mut s, Action::Bookmark));
    assert!(matches!(&c[..], [Change::Bookmark { on: false, .. }]));
    assert!(!s.marks.bookmarked(&id));
}

#[test]
fn shift_b_shows_bookmarks_only() {
    let mut s = state(120, 40);
    press(&mut s, Action::Bookmark);
    press(&mut s, Action::Next);
    press(&mut s, Action::Next);
    press(&mut s, Action::Bookmark);
    press(&mut s, Action::BookmarksOnly);
    assert_eq!(s.query.to_string(), "is:bookmarked");
    assert_eq!(s.matching.len(), 2);
    press(&mut s, Action::BookmarksOnly);
    assert!(s.query.is_empty());
}

#[test]
fn opening_reads_and_m_toggles_read() {
    let mut s = state(120, 40);
    assert_eq!(s.unread_total, 14);
    let c = persisted(press(&mut s, Action::Open));
    assert!(matches!(&c[..], [Change::Read { on: true, .. }]));
    assert_eq!(s.unread_total, 13);
    press(&mut s, Action::Back);
    persisted(press(&mut s, Action::ToggleRead));
    assert_eq!(s.unread_total, 14);
}

#[test]
fn shift_m_asks_with_the_count_then_marks_all_shown() {
    let mut s = state(120, 40);
    press(&mut s, Action::EditFilter);
    type_text(&mut s, "+energy");
    key(&mut s, KeyCode::Enter);
    assert_eq!(press(&mut s, Action::MarkAllRead), Effect::None);
    let frame = format!("{:?}", draw(&s).backend());
    assert!(frame.contains("Mark 6 articles as read? (y/n)"), "{frame}");
    // Anything but y cancels.
    update(
        &mut s,
        Msg::PromptKey(crossterm::event::KeyEvent::from(KeyCode::Char('n'))),
    );
    assert_eq!(s.unread_total, 14);
    press(&mut s, Action::MarkAllRead);
    let c = persisted(update(
        &mut s,
        Msg::PromptKey(crossterm::event::KeyEvent::from(KeyCode::Char('y'))),
    ));
    assert!(matches!(&c[..], [Change::Read { articles, on: true, .. }] if articles.len() == 6));
    assert_eq!(s.unread_total, 8);
    assert_eq!(s.unread_matching, 0);
    // u undoes the whole bulk step.
    let c = persisted(press(&mut s, Action::Undo));
    assert!(matches!(&c[..], [Change::Read { articles, on: false, .. }] if articles.len() == 6));
    assert_eq!(s.unread_total, 14);
}

#[test]
fn t_adds_tags_with_completion_and_shift_t_removes_or_hides() {
    let mut s = state(120, 40);
    // The first article is "Release 2.0 is out" with the feed tag "rust".
    assert_eq!(selected_title(&s), "Release 2.0 is out");
    press(&mut s, Action::AddTags);
    type_text(&mut s, "favourite, ener");
    key(&mut s, KeyCode::Tab);
    assert_eq!(
        s.prompt.as_ref().unwrap().input.value(),
        "favourite, energy "
    );
    let c = persisted(update(
        &mut s,
        Msg::PromptKey(crossterm::event::KeyEvent::from(KeyCode::Enter)),
    ));
    assert_eq!(c.len(), 2);
    let a = &s.lib.articles[s.selected().unwrap()];
    let tags: Vec<String> = s.marks.effective_tags(a).into_iter().map(|t| t.0).collect();
    assert_eq!(tags, ["rust", "favourite", "energy"]);
    // The picker: the feed's "rust" is hidden, the user's "favourite" removed.
    press(&mut s, Action::RemoveTag);
    assert_eq!(s.overlay, Overlay::TagPicker(s.selected().unwrap()));
    let c = persisted(press(&mut s, Action::Open));
    assert!(matches!(&c[..], [Change::Tag { op: TagOp::Hide, tag, .. }] if tag == "rust"));
    press(&mut s, Action::RemoveTag);
    let c = persisted(press(&mut s, Action::Open));
    assert!(matches!(&c[..], [Change::Tag { op: TagOp::Remove, tag, .. }] if tag == "favourite"));
    let a = &s.lib.articles[s.selected().unwrap()];
    let tags: Vec<String> = s.marks.effective_tags(a).into_iter().map(|t| t.0).collect();
    assert_eq!(tags, ["energy"]);
    // The filter sees effective tags.
    press(&mut s, Action::EditFilter);
    type_text(&mut s, "+rust");
    assert_eq!(s.matching.len(), 0);
}

#[test]
fn undo_walks_back_one_step_at_a_time() {
    let mut s = state(120, 40);
    press(&mut s, Action::Bookmark);
    press(&mut s, Action::ToggleRead);
    press(&mut s, Action::Undo);
    let id = s.lib.articles[s.selected().unwrap()].id.clone();
    assert!(s.marks.bookmarked(&id) && !s.marks.read(&id));
    press(&mut s, Action::Undo);
    assert!(!s.marks.bookmarked(&id));
    assert_eq!(
        press(&mut s, Action::Undo),
        Effect::None,
        "nothing left to undo"
    );
}
