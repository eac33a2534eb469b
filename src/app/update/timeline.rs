//! The timeline pane's keys: moving the cursor (the list follows), selecting a range,
//! and writing or removing the query's date term.

use super::{list::move_cursor, set_query};
use crate::action::Action;
use crate::app::state::{AppState, Level};
use crate::query::Query;

/// A key for the timeline pane.
pub(super) fn action(state: &mut AppState, a: Action) {
    let len = state.timeline.hist.len();
    if len == 0 {
        return;
    }
    let cur = state.timeline.cursor.unwrap_or(len - 1);
    let to = match a {
        Action::Left | Action::Prev => Some(cur.saturating_sub(1)),
        Action::Right | Action::Next => Some((cur + 1).min(len - 1)),
        Action::First => Some(0),
        Action::Last => Some(len - 1),
        Action::PageUp => Some(cur.saturating_sub(10)),
        Action::PageDown => Some((cur + 10).min(len - 1)),
        Action::Range => {
            state.timeline.anchor = match state.timeline.anchor {
                Some(_) => None,
                None => Some(cur),
            };
            None
        }
        Action::Open => {
            let (a, b) = state.timeline.range().unwrap_or((cur, cur));
            let term = state.timeline.hist.date_term(a, b);
            state.timeline.anchor = None;
            match Query::parse(&format!("@{term}")) {
                Ok(q) => {
                    let spec = q.date_term().copied();
                    let next = state.list.query.with_date_term(spec);
                    set_query(state, next);
                }
                Err(e) => state.say(Level::Error, format!("timeline: {e}")),
            }
            None
        }
        Action::Cancel => {
            state.timeline.anchor = None;
            let next = state.list.query.with_date_term(None);
            set_query(state, next);
            None
        }
        _ => None,
    };
    if let Some(to) = to {
        state.timeline.cursor = Some(to);
        jump_to_bucket(state, to);
    }
}

/// Selects the newest visible article in bucket `b`.
pub(super) fn jump_to_bucket(state: &mut AppState, b: usize) {
    let (hist, zone) = (&state.timeline.hist, state.zone);
    let arts = &state.lib.articles;
    let best = state
        .list
        .visible
        .iter()
        .enumerate()
        .filter_map(|(pos, &i)| {
            let d = arts[i].date()?;
            (hist.bucket_of(d, zone) == Some(b)).then_some((d, pos))
        })
        .max_by_key(|(d, _)| *d);
    if let Some((_, pos)) = best {
        move_cursor(state, pos);
    }
}

/// Forces the next bucket size (or fits again after years).
pub(super) fn zoom(state: &mut AppState) {
    let next = state.timeline.zoom();
    state.rebuild_timeline();
    let label = next.map_or("auto", crate::timeline::BucketSize::label);
    state.say(Level::Info, format!("timeline: {label}"));
}
