//! Moving through articles as a reader does: the next or previous unread article,
//! the next or previous article from any pane, and (from the article pane) the page
//! key that goes on to the next article at the end of this one. From the list these
//! only select; from the article pane they show the article, which reads it.

use super::Effect;
use super::list::{move_cursor, open};
use super::marks::read_now;
use crate::action::Action;
use crate::app::state::{AppState, Focus, Level};
use crate::config::MarkRead;

/// A reading key: `next_unread`, `prev_unread`, `next_article`, `prev_article`.
pub(super) fn action(state: &mut AppState, a: Action) -> Effect {
    match a {
        Action::NextUnread => unread(state, true),
        Action::PrevUnread => unread(state, false),
        Action::NextArticle => step(state, true),
        Action::PrevArticle => step(state, false),
        _ => Effect::None,
    }
}

/// The next (or previous) unread article in the list's order.
fn unread(state: &mut AppState, forward: bool) -> Effect {
    let visible = state.list.visible();
    let c = state.list.cursor;
    let is_unread = |p: &usize| !state.marks.read(&state.lib.articles[visible[*p]].id);
    let found = if forward {
        (c + 1..visible.len()).find(is_unread)
    } else {
        (0..c.min(visible.len())).rev().find(is_unread)
    };
    if let Some(p) = found {
        return go(state, p);
    }
    let text = if forward {
        "no unread article after this one"
    } else {
        "no unread article before this one"
    };
    state.say(Level::Info, text);
    Effect::None
}

/// The next (or previous) article.
pub(super) fn step(state: &mut AppState, forward: bool) -> Effect {
    let c = state.list.cursor;
    let len = state.list.visible().len();
    let to = if forward { c + 1 } else { c.wrapping_sub(1) };
    if to >= len {
        let text = if forward {
            "this is the last article"
        } else {
            "this is the first article"
        };
        state.say(Level::Info, text);
        return Effect::None;
    }
    go(state, to)
}

/// How long an article is in the article pane before it counts as read, with
/// `mark_read = "shown"`.
pub const SHOWN_FOR: std::time::Duration = std::time::Duration::from_secs(1);

/// The loop's clock: with `mark_read = "shown"`, the article in the article pane
/// since `SHOWN_FOR` is marked read.
pub(super) fn shown_tick(state: &mut AppState, at: std::time::Instant) -> Effect {
    if state.mark_read != MarkRead::Shown {
        return Effect::None;
    }
    let on_screen = state
        .selected()
        .filter(|&i| state.panes().article.is_some() && state.article.article == Some(i));
    let Some(i) = on_screen else {
        state.shown = None;
        return Effect::None;
    };
    match state.shown {
        Some((j, since)) if j == i => {
            if at.saturating_duration_since(since) < SHOWN_FOR {
                return Effect::None;
            }
        }
        _ => {
            state.shown = Some((i, at));
            return Effect::None;
        }
    }
    read_now(state, i)
}

/// Selects row `pos`; from the article pane, shows (and so reads) it.
fn go(state: &mut AppState, pos: usize) -> Effect {
    move_cursor(state, pos);
    if state.focus == Focus::Article {
        open(state)
    } else {
        Effect::None
    }
}
