//! Keys that rearrange the screen: the list's share of the room, and the timeline's
//! size (full, compact, hidden).

use super::sidebar::relayout;
use crate::action::Action;
use crate::app::state::{AppState, Focus, Level};
use crate::config::{LIST_SHARE_MAX, LIST_SHARE_MIN, TimelineMode};

/// How much one widen or narrow key moves the split, in percent.
const STEP: u16 = 5;

/// Widen list, narrow list, cycle timeline.
pub(super) fn action(state: &mut AppState, a: Action) {
    match a {
        Action::WidenList | Action::NarrowList => {
            let share = state.layout.list_share;
            let next = if a == Action::WidenList {
                share.saturating_add(STEP).min(LIST_SHARE_MAX)
            } else {
                share.saturating_sub(STEP).max(LIST_SHARE_MIN)
            };
            state.layout.list_share = next;
            relayout(state);
            let text = if next == share {
                format!("the list is at its limit ({next}%)")
            } else {
                format!("list {next}% of the room")
            };
            state.say(Level::Info, text);
        }
        Action::CycleTimeline => {
            let next = state.layout.timeline.next();
            state.layout.timeline = next;
            if next == TimelineMode::Hidden && state.focus == Focus::Timeline {
                state.focus = Focus::List;
            }
            relayout(state);
            state.say(Level::Info, format!("timeline: {}", next.label()));
        }
        _ => {}
    }
}
