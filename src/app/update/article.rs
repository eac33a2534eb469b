//! The article pane's keys: scrolling, and the page key at the end of an article
//! going on to the next one.

use super::Effect;
use crate::action::Action;
use crate::app::state::AppState;

/// A key for the article pane.
pub(super) fn action(state: &mut AppState, a: Action) -> Effect {
    let page = state.article_rows().saturating_sub(2).max(1);
    let max = state
        .article
        .lines
        .len()
        .saturating_sub(state.article_rows());
    let s = state.article_scroll;
    if a == Action::PageDown && s >= max {
        // At the end already: on to the next article, as newsboat's space does.
        return super::reading::step(state, true);
    }
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
    Effect::None
}
