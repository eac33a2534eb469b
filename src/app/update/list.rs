//! The list pane's keys: moving the selection and opening an article (which reads
//! it).

use super::{Effect, global::focus, marks::read_now};
use crate::action::Action;
use crate::app::state::{AppState, Focus};

/// Moves the selection to row `to` (the last row at most).
pub(super) fn move_cursor(state: &mut AppState, to: usize) {
    state.list.move_to(to);
    state.scroll_list_to_cursor();
    state.rerender_article();
}

/// A key for the list pane.
pub(super) fn action(state: &mut AppState, a: Action) -> Effect {
    let page = state.list_rows().saturating_sub(1).max(1);
    let c = state.list.cursor;
    match a {
        Action::Next => move_cursor(state, c + 1),
        Action::Prev => move_cursor(state, c.saturating_sub(1)),
        Action::First => move_cursor(state, 0),
        Action::Last => move_cursor(state, usize::MAX),
        Action::PageDown => move_cursor(state, c + page),
        Action::PageUp => move_cursor(state, c.saturating_sub(page)),
        Action::Open => return open(state),
        _ => {}
    }
    Effect::None
}

/// Opens the selected article in the article pane, which reads it (with `mark_read =
/// "open"`; with "shown" the loop's clock does, and with "manual" only the keys).
pub(super) fn open(state: &mut AppState) -> Effect {
    let Some(i) = state.selected() else {
        return Effect::None;
    };
    focus(state, Focus::Article);
    if state.mark_read != crate::config::MarkRead::Open {
        return Effect::None;
    }
    read_now(state, i)
}
