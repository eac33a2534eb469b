//! Bookmarks, read marks, tags and undo in the reader, as message sequences on
//! `AppState`: each change updates the screen state at once and asks to be persisted.
//! Then the saving: a writer thread commits the steps (a locked database never
//! blocks `update`), a failed step is taken back, and a reader's check picks up what
//! another reader committed.

mod support;

use crossterm::event::KeyCode;
use support::*;
use tidings::app::{Action, Effect, Msg, Overlay, update};
use tidings::marks::{Change, TagOp};

fn press(s: &mut tidings::app::AppState, a: Action) -> Effect {
    update(s, Msg::Action(a))
}

/// The selected article's tags as the reader shows them (the user's changes applied).
fn shown_tags(s: &tidings::app::AppState) -> Vec<String> {
    let a = &s.lib.articles[s.selected().unwrap()];
    s.marks
        .effective_tags(a)
        .into_iter()
        .map(|t| t.0.to_string())
        .collect()
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
    assert_eq!(s.list.query().to_string(), "is:bookmarked");
    assert_eq!(s.list.matching().len(), 2);
    press(&mut s, Action::BookmarksOnly);
    assert!(s.list.query().is_empty());
}

#[test]
fn opening_reads_and_m_toggles_read() {
    let mut s = state(120, 40);
    assert_eq!(s.list.unread_total(), 14);
    let c = persisted(press(&mut s, Action::Open));
    assert!(matches!(&c[..], [Change::Read { on: true, .. }]));
    assert_eq!(s.list.unread_total(), 13);
    press(&mut s, Action::Back);
    persisted(press(&mut s, Action::ToggleRead));
    assert_eq!(s.list.unread_total(), 14);
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
    assert_eq!(s.list.unread_total(), 14);
    press(&mut s, Action::MarkAllRead);
    let c = persisted(update(
        &mut s,
        Msg::PromptKey(crossterm::event::KeyEvent::from(KeyCode::Char('y'))),
    ));
    assert!(matches!(&c[..], [Change::Read { articles, on: true, .. }] if articles.len() == 6));
    assert_eq!(s.list.unread_total(), 8);
    assert_eq!(s.list.unread_matching(), 0);
    // u undoes the whole bulk step.
    let c = persisted(press(&mut s, Action::Undo));
    assert!(matches!(&c[..], [Change::Read { articles, on: false, .. }] if articles.len() == 6));
    assert_eq!(s.list.unread_total(), 14);
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
        s.prompt.current().unwrap().input.value(),
        "favourite, energy "
    );
    let c = persisted(update(
        &mut s,
        Msg::PromptKey(crossterm::event::KeyEvent::from(KeyCode::Enter)),
    ));
    assert_eq!(c.len(), 2);
    let tags = shown_tags(&s);
    assert_eq!(tags, ["rust", "favourite", "energy"]);
    // The picker: the feed's "rust" is hidden, the user's "favourite" removed.
    press(&mut s, Action::RemoveTag);
    assert_eq!(
        s.overlays.current(),
        Overlay::TagPicker(s.selected().unwrap())
    );
    let c = persisted(press(&mut s, Action::Open));
    assert!(matches!(&c[..], [Change::Tag { op: TagOp::Hide, tag, .. }] if tag == "rust"));
    press(&mut s, Action::RemoveTag);
    let c = persisted(press(&mut s, Action::Open));
    assert!(matches!(&c[..], [Change::Tag { op: TagOp::Remove, tag, .. }] if tag == "favourite"));
    let tags = shown_tags(&s);
    assert_eq!(tags, ["energy"]);
    // The filter sees effective tags.
    press(&mut s, Action::EditFilter);
    type_text(&mut s, "+rust");
    assert_eq!(s.list.matching().len(), 0);
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

// ---- Saving off the input thread, and other readers' changes ----

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use tidings::app::AppState;
use tidings::app::state::Level;
use tidings::marks::NotSaved;
use tidings::model::ArticleId;
use tidings::store::Store;
use tidings::tui::{Report, Writer};

type Reports = mpsc::Receiver<Report>;

/// A writer into `dir`; what it does is reported on the receiver.
fn writer(dir: &Path) -> (Writer, Reports) {
    let (tx, rx) = mpsc::channel();
    let w = Writer::spawn(dir.to_path_buf(), move |report| {
        let _ = tx.send(report);
    });
    (w, rx)
}

/// The next step's outcome from a writer (waiting up to 15 s).
fn outcome(rx: &Reports) -> Result<(), NotSaved> {
    match rx.recv_timeout(Duration::from_secs(15)) {
        Ok(Report::Saved(o)) => o,
        other => panic!("expected a step's outcome, got {other:?}"),
    }
}

/// What the event loop does with a step: the writer commits it, the outcome goes
/// back to the state.
fn save(s: &mut AppState, w: &Writer, rx: &Reports, e: Effect) {
    w.send(persisted(e));
    let o = outcome(rx);
    assert_eq!(o, Ok(()));
    s.write_done(o);
}

/// What the event loop does on its timer: the writer checks for other connections'
/// commits, and the marks are reloaded when there were any. Whether there were.
fn check(s: &mut AppState, w: &Writer, rx: &Reports) -> bool {
    w.check();
    match rx.recv_timeout(Duration::from_secs(15)) {
        Ok(Report::Checked(None)) => false,
        Ok(Report::Checked(Some(marks))) => {
            s.set_marks(marks.unwrap());
            true
        }
        other => panic!("expected a check's outcome, got {other:?}"),
    }
}

fn selected_id(s: &AppState) -> ArticleId {
    s.lib.articles[s.selected().unwrap()].id.clone()
}

fn bookmarked(s: &AppState) -> usize {
    s.lib
        .articles
        .iter()
        .filter(|a| s.marks.bookmarked(&a.id))
        .count()
}

#[test]
fn another_readers_bookmarks_all_show_at_the_next_check() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("state");
    let (mut a, mut b) = (state(120, 40), state(120, 40));
    let ((wa, ra), (wb, rb)) = (writer(&dir), writer(&dir));
    assert!(check(&mut b, &wb, &rb), "the first check loads");
    assert!(!check(&mut b, &wb, &rb), "nothing changed since");
    let mut ids = Vec::new();
    for _ in 0..10 {
        ids.push(selected_id(&a));
        let e = press(&mut a, Action::Bookmark);
        save(&mut a, &wa, &ra, e);
        press(&mut a, Action::Next);
    }
    assert!(a.pending.is_empty());
    assert!(check(&mut b, &wb, &rb), "B's next check sees A's commits");
    assert!(ids.iter().all(|id| b.marks.bookmarked(id)));
    assert_eq!(bookmarked(&b), 10);
}

#[test]
fn a_readers_own_writes_never_hide_another_readers() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("state");
    let (mut a, mut b) = (state(120, 40), state(120, 40));
    let ((wa, ra), (wb, rb)) = (writer(&dir), writer(&dir));
    check(&mut b, &wb, &rb);

    // B's own write: nothing to reload.
    let e = press(&mut b, Action::Bookmark);
    save(&mut b, &wb, &rb, e);
    assert!(!check(&mut b, &wb, &rb), "B's own commit needs no reload");

    // B writes, then A: B's next check has both.
    press(&mut b, Action::Next);
    let e = press(&mut b, Action::Bookmark);
    save(&mut b, &wb, &rb, e);
    act(&mut a, &[Action::Next, Action::Next]);
    let from_a = selected_id(&a);
    let e = press(&mut a, Action::Bookmark);
    save(&mut a, &wa, &ra, e);
    assert!(check(&mut b, &wb, &rb));
    assert!(b.marks.bookmarked(&from_a), "A's bookmark reached B");
    assert_eq!(bookmarked(&b), 3);

    // A writes, then B, before B's next check: A's write is not taken for B's own.
    press(&mut a, Action::Next);
    let read_by_a = selected_id(&a);
    let e = press(&mut a, Action::ToggleRead);
    save(&mut a, &wa, &ra, e);
    act(&mut b, &[Action::Last]);
    let e = press(&mut b, Action::Bookmark);
    save(&mut b, &wb, &rb, e);
    assert!(!b.marks.read(&read_by_a));
    assert!(check(&mut b, &wb, &rb));
    assert!(b.marks.read(&read_by_a), "A's read mark reached B");
    assert_eq!(bookmarked(&b), 4);
}

#[test]
fn b_on_a_locked_database_returns_at_once_and_is_saved_when_the_lock_goes() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("state");
    drop(Store::open(&dir).unwrap());
    // Another program holds the write lock.
    let lock = rusqlite::Connection::open(dir.join("tidings.db")).unwrap();
    lock.execute_batch("BEGIN EXCLUSIVE").unwrap();

    let mut s = state(120, 40);
    let (w, rx) = writer(&dir);
    let first = selected_id(&s);
    // `update` does no IO: the write is an effect for the writer thread.
    let step = persisted(press(&mut s, Action::Bookmark));
    assert!(s.marks.bookmarked(&first), "shown at once");
    assert_eq!(s.pending.len(), 1, "pending until committed");
    w.send(step);
    // Keys go on while the writer waits for the lock.
    press(&mut s, Action::Next);
    let second = selected_id(&s);
    w.send(persisted(press(&mut s, Action::Bookmark)));
    assert_eq!(s.pending.len(), 2);
    let stored = |c: &rusqlite::Connection| -> i64 {
        c.query_row(
            "SELECT count(*) FROM articles WHERE bookmarked_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let reader = rusqlite::Connection::open(dir.join("tidings.db")).unwrap();
    assert_eq!(
        stored(&reader),
        0,
        "nothing can be committed under the lock"
    );

    lock.execute_batch("COMMIT").unwrap();
    for _ in 0..2 {
        let o = outcome(&rx);
        assert_eq!(o, Ok(()));
        s.write_done(o);
    }
    assert!(s.pending.is_empty());
    assert!(s.marks.bookmarked(&first) && s.marks.bookmarked(&second));
    assert_eq!(stored(&reader), 2);
}

fn locked() -> Result<(), NotSaved> {
    Err(NotSaved {
        committed: 0,
        error: "database is locked".into(),
    })
}

#[test]
fn a_failed_write_is_taken_back_off_the_screen_with_a_message() {
    let mut s = state(120, 40);
    let first = selected_id(&s);
    press(&mut s, Action::Bookmark);
    press(&mut s, Action::Next);
    let second = selected_id(&s);
    press(&mut s, Action::Bookmark);
    press(&mut s, Action::Bookmark);
    assert_eq!(s.pending.len(), 3);
    assert_eq!(s.undo.len(), 3);

    s.write_done(locked());
    assert!(!s.marks.bookmarked(&first), "taken back");
    let star = draw(&s).backend().buffer().content()[120 + 3]
        .symbol()
        .to_string();
    assert_eq!(star, " ", "no star in the list");
    let status = s.notices.status().cloned().unwrap();
    assert_eq!(status.level, Level::Error);
    assert!(
        status.text.contains("not saved") && status.text.contains("database is locked"),
        "{}",
        status.text
    );
    assert_eq!(s.undo.len(), 2, "what never happened cannot be undone");

    // On then off on the second article; the "on" fails, the "off" is saved: off.
    s.write_done(locked());
    assert!(!s.marks.bookmarked(&second));
    s.write_done(Ok(()));
    assert!(!s.marks.bookmarked(&second) && s.pending.is_empty());

    // An undo that fails: the mark comes back, and can be undone again.
    press(&mut s, Action::Bookmark);
    s.write_done(Ok(()));
    press(&mut s, Action::Undo);
    assert!(!s.marks.bookmarked(&second));
    s.write_done(locked());
    assert!(s.marks.bookmarked(&second));
    persisted(press(&mut s, Action::Undo));
    assert!(!s.marks.bookmarked(&second));
}

#[test]
fn a_step_saved_in_part_keeps_the_part_saved() {
    let mut s = state(120, 40);
    press(&mut s, Action::AddTags);
    type_text(&mut s, "one two");
    let step = persisted(update(
        &mut s,
        Msg::PromptKey(crossterm::event::KeyEvent::from(KeyCode::Enter)),
    ));
    assert_eq!(step.len(), 2);
    s.write_done(Err(NotSaved {
        committed: 1,
        error: "disk full".into(),
    }));
    let tags = shown_tags(&s);
    assert!(tags.contains(&"one".to_string()) && !tags.contains(&"two".to_string()));
    assert_eq!(s.undo.last().map(Vec::len), Some(1));
}

#[test]
fn a_database_that_cannot_be_opened_fails_each_step_and_takes_it_back() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let (w, rx) = writer(&file.join("state"));
    let mut s = state(120, 40);
    let id = selected_id(&s);
    w.send(persisted(press(&mut s, Action::Bookmark)));
    let o = outcome(&rx);
    assert!(
        matches!(&o, Err(NotSaved { committed: 0, error }) if error.contains("cannot create the state folder")),
        "{o:?}"
    );
    s.write_done(o);
    assert!(!s.marks.bookmarked(&id));
    assert_eq!(s.notices.status().unwrap().level, Level::Error);
}

#[test]
fn a_slow_save_is_noted_and_then_saved() {
    let mut s = state(120, 40);
    press(&mut s, Action::Bookmark);
    s.note_slow_save();
    assert!(s.notices.status().unwrap().text.starts_with("saving…"));
    s.write_done(Ok(()));
    assert_eq!(s.notices.status().unwrap().text, "saved");
}
