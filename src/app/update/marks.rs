//! Steps on the marks: committing one (marks change, the store is asked to save it,
//! `u` can undo it) and the tag picker of `T`.

use super::Effect;
use crate::action::Action;
use crate::app::state::{AppState, Level, Overlay, Pending};
use crate::marks::{ArticleKey, Change};

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
    for c in &step {
        state.marks.apply(c);
    }
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
    state.recount();
    state.article = crate::app::article::Rendered::default();
    state.rerender_article();
}

pub(super) fn describe(step: &[Change]) -> String {
    step.iter()
        .map(Change::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tag picker: move, Enter removes the highlighted tag (a user tag is deleted, a
/// feed or folder tag is hidden), anything else closes it.
pub(super) fn picker_action(state: &mut AppState, i: usize, a: Action) -> Effect {
    let tags = state.marks.effective_tags(&state.lib.articles[i]);
    let last = tags.len().saturating_sub(1);
    match a {
        Action::Quit => return Effect::Quit,
        Action::Next => state.overlay_scroll = (state.overlay_scroll + 1).min(last),
        Action::Prev => state.overlay_scroll = state.overlay_scroll.saturating_sub(1),
        Action::First => state.overlay_scroll = 0,
        Action::Last => state.overlay_scroll = last,
        Action::Open => {
            state.overlay = Overlay::None;
            let Some(tag) = tags.get(state.overlay_scroll) else {
                return Effect::None;
            };
            let a = &state.lib.articles[i];
            let Some(op) = state.marks.remove_tag_op(a, tag) else {
                return Effect::None;
            };
            let change = Change::Tag {
                article: ArticleKey::of(a),
                tag: tag.0.clone(),
                op,
            };
            return commit(state, vec![change]);
        }
        _ => state.overlay = Overlay::None,
    }
    Effect::None
}
