//! Steps on the marks: the keys that make one (bookmark, read, mark all read, undo),
//! and committing one (marks change, the store is asked to save it, `u` can undo
//! it).

use super::Effect;
use crate::action::Action;
use crate::app::state::{AppState, Level, Pending, PromptKind};
use crate::marks::{ArticleKey, Change};

/// Bookmark, toggle read, mark all read (after a yes), undo.
pub(super) fn action(state: &mut AppState, a: Action) -> Effect {
    match a {
        Action::Bookmark | Action::ToggleRead => {
            let Some(i) = state.selected() else {
                return Effect::None;
            };
            let art = &state.lib.articles[i];
            let articles = vec![ArticleKey::of(art)];
            let at = state.now;
            let change = if a == Action::Bookmark {
                Change::Bookmark {
                    articles,
                    on: !state.marks.bookmarked(&art.id),
                    at,
                }
            } else {
                Change::Read {
                    articles,
                    on: !state.marks.read(&art.id),
                    at,
                }
            };
            return commit(state, vec![change]);
        }
        Action::MarkAllRead => mark_all_read(state),
        Action::Undo => match state.undo.pop() {
            Some(step) => {
                let inverse: Vec<Change> = step.iter().rev().map(Change::inverse).collect();
                state.say(Level::Info, format!("undone: {}", describe(&step)));
                return persist(state, inverse, true);
            }
            None => state.say(Level::Info, "nothing to undo"),
        },
        _ => {}
    }
    Effect::None
}

/// Asks before marking every unread article of the list read.
fn mark_all_read(state: &mut AppState) {
    let unread: Vec<ArticleKey> = state
        .list
        .visible
        .iter()
        .map(|&i| &state.lib.articles[i])
        .filter(|a| !state.marks.read(&a.id))
        .map(|a| ArticleKey::of(a))
        .collect();
    if unread.is_empty() {
        state.say(Level::Info, "nothing unread here");
        return;
    }
    let n = unread.len();
    let question = format!("Mark {} as read? (y/n)", crate::model::count(n, "article"));
    let step = vec![Change::Read {
        articles: unread,
        on: true,
        at: state.now,
    }];
    state
        .prompt
        .open(String::new(), PromptKind::Confirm { question, step });
}

/// Marks article `i` read (a user step, undoable), unless it is read already.
pub(super) fn read_now(state: &mut AppState, i: usize) -> Effect {
    let a = &state.lib.articles[i];
    if state.marks.read(&a.id) {
        return Effect::None;
    }
    let change = Change::Read {
        articles: vec![crate::marks::ArticleKey::of(a)],
        on: true,
        at: state.now,
    };
    commit(state, vec![change])
}

/// Applies a user step: marks change now, the store commits it, `u` can undo it.
pub(super) fn commit(state: &mut AppState, step: Vec<Change>) -> Effect {
    if step.is_empty() {
        return Effect::None;
    }
    state.say(Level::Info, describe(&step));
    state.undo.push(step.clone());
    persist(state, step, false)
}

/// Shows a step at once and hands it to the event loop to commit (off the input
/// thread: the database may be busy); it is pending until `AppState::write_done`.
pub(super) fn persist(state: &mut AppState, step: Vec<Change>, undoes: bool) -> Effect {
    state.apply_step(&step);
    after_marks(state);
    state.pending.push_back(Pending {
        step: step.clone(),
        undoes,
    });
    Effect::Persist(step)
}

/// The list keeps its rows (an article marked read under `is:unread` stays until the
/// filter changes); counts and the article's tags follow the marks.
fn after_marks(state: &mut AppState) {
    // The article is drawn again (its tags may have changed), where it was scrolled.
    let scroll = state.article_scroll;
    state.article = crate::app::article::Rendered::default();
    state.rerender_article();
    state.article_scroll = scroll;
}

pub(super) fn describe(step: &[Change]) -> String {
    step.iter()
        .map(Change::describe)
        .collect::<Vec<_>>()
        .join(", ")
}
