//! Keys that change what the list shows: editing or clearing the filter, bookmarks
//! only, unread only, and the sort.

use crate::action::Action;
use crate::app::state::{AppState, Level, PromptKind};
use crate::query::{IsKind, Query};

/// Edit filter, clear filter, bookmarks only, cycle sort.
pub(super) fn action(state: &mut AppState, a: Action) {
    match a {
        Action::EditFilter => {
            let query = &state.list.query;
            let text = if query.is_empty() {
                String::new()
            } else {
                format!("{query} ")
            };
            let previous = query.clone();
            state.prompt.open(text, PromptKind::Filter { previous });
            state.rerender_article();
        }
        Action::ClearFilter => set_query(state, Query::default()),
        Action::BookmarksOnly => {
            let next = state.list.query.toggle_is(IsKind::Bookmarked);
            set_query(state, next);
        }
        Action::UnreadOnly => {
            let next = state.list.query.toggle_is(IsKind::Unread);
            set_query(state, next);
        }
        Action::CycleSort => {
            state.list.sort = state.list.sort.next();
            let keep = state.selected();
            state.resort(keep);
            let label = state.list.sort.label();
            state.say(Level::Info, format!("sorted by {label}"));
        }
        _ => {}
    }
}

/// Applies a new valid query.
pub fn set_query(state: &mut AppState, q: Query) {
    state.list.query = q;
    state.refilter();
}
