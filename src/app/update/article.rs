//! The article pane's keys: scrolling.

use crate::action::Action;
use crate::app::state::AppState;

/// A key for the article pane.
pub(super) fn action(state: &mut AppState, a: Action) {
    let page = state.article_rows().saturating_sub(2).max(1);
    let max = state
        .article
        .lines
        .len()
        .saturating_sub(state.article_rows());
    let s = state.article_scroll;
    state.article_scroll = match a {
        Action::Next => s + 1,
        Action::Prev => s.saturating_sub(1),
        Action::First => 0,
        Action::Last => max,
        Action::PageDown => s + page,
        Action::PageUp => s.saturating_sub(page),
        _ => s,
    }
    .min(max);
}
