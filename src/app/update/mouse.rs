//! Mouse input: clicks select rows and buckets, the wheel scrolls the pane under
//! the pointer (both off with `[general] mouse = false`).

use ratatui::layout::Position;

use super::list::move_cursor;
use super::timeline::jump_to_bucket;
use super::{Action, article, global::focus, list, timeline};
use crate::app::state::{AppState, Focus};

/// A left click: focus the pane under it, select the row or the bucket.
pub(super) fn click(state: &mut AppState, column: u16, row: u16) {
    if !state.mouse || state.overlays.is_open() {
        return;
    }
    let p = Position::new(column, row);
    let panes = state.panes();
    if let Some(list) = panes.list.filter(|r| r.contains(p)) {
        state.focus = Focus::List;
        if row > list.y && row < list.bottom() - 1 {
            move_cursor(state, state.list.offset + usize::from(row - list.y - 1));
        }
    } else if panes.article.is_some_and(|r| r.contains(p)) {
        focus(state, Focus::Article);
    } else if panes.timeline.contains(p) {
        focus(state, Focus::Timeline);
        let inner_x = column.saturating_sub(panes.timeline.x + 1);
        if let Some(b) = crate::layout::bucket_at(
            &state.timeline.hist,
            panes.timeline,
            inner_x,
            state.timeline.cursor,
        ) {
            state.timeline.cursor = Some(b);
            jump_to_bucket(state, b);
        }
    }
}

/// The wheel scrolls the pane under the pointer.
pub(super) fn wheel(state: &mut AppState, column: u16, row: u16, down: bool) {
    let p = Position::new(column, row);
    let panes = state.panes();
    let a = if down { Action::Next } else { Action::Prev };
    if panes.list.is_some_and(|r| r.contains(p)) {
        for _ in 0..3 {
            let _ = list::action(state, a);
        }
    } else if panes.article.is_some_and(|r| r.contains(p)) {
        for _ in 0..3 {
            article::action(state, a);
        }
    } else if panes.timeline.contains(p) {
        timeline::action(state, if down { Action::Right } else { Action::Left });
    }
}
