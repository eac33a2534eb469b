//! Keys that work in every pane: quit, back, moving the focus, and the overlays
//! (help, messages) with their scrolling.

use super::{Effect, tags};
use crate::action::Action;
use crate::app::state::{AppState, Focus, Overlay};

/// Quit, back, help, messages and the focus keys.
pub(super) fn action(state: &mut AppState, a: Action) -> Effect {
    match a {
        Action::Quit => return Effect::Quit,
        Action::Back => {
            if state.notices.showing_error() {
                state.notices.status = None;
            } else if state.focus == Focus::List {
                return Effect::Quit;
            } else if state.focus == Focus::Sidebar {
                super::sidebar::leave(state);
            } else {
                state.focus = Focus::List;
                state.rerender_article();
            }
        }
        Action::Help => state.overlays.open(Overlay::Help),
        Action::Messages => {
            if state.notices.messages().is_empty() {
                state.say(crate::app::state::Level::Info, "no messages");
            } else {
                state.overlays.open(Overlay::Messages);
            }
        }
        Action::FocusNext | Action::FocusPrev => {
            let mut order = vec![Focus::List, Focus::Article];
            if state.layout.timeline != crate::config::TimelineMode::Hidden {
                order.push(Focus::Timeline);
            }
            if state.sidebar_shown() {
                order.insert(0, Focus::Sidebar);
            }
            let n = order.len();
            let i = order.iter().position(|f| *f == state.focus).unwrap_or(0);
            let next = if a == Action::FocusNext {
                i + 1
            } else {
                i + n - 1
            };
            focus(state, order[next % n]);
        }
        Action::FocusList => focus(state, Focus::List),
        Action::FocusArticle => focus(state, Focus::Article),
        Action::FocusTimeline => focus(state, Focus::Timeline),
        _ => {}
    }
    Effect::None
}

/// A key while an overlay is open: scroll it, switch it, or close it.
pub(super) fn overlay_action(state: &mut AppState, a: Action) -> Effect {
    if let Overlay::TagPicker(i) = state.overlays.current {
        return tags::picker_action(state, i, a);
    }
    let o = &mut state.overlays;
    match a {
        Action::Quit => return Effect::Quit,
        Action::Next => o.scroll += 1,
        Action::Prev => o.scroll = o.scroll.saturating_sub(1),
        Action::PageDown => o.scroll += 10,
        Action::PageUp => o.scroll = o.scroll.saturating_sub(10),
        Action::First => o.scroll = 0,
        Action::Help if o.current != Overlay::Help => o.open(Overlay::Help),
        Action::Messages if o.current != Overlay::Messages => o.open(Overlay::Messages),
        _ => o.close(),
    }
    Effect::None
}

/// Moves the focus to `f` (the timeline's cursor starts on the selected article).
pub(super) fn focus(state: &mut AppState, f: Focus) {
    // The sidebar over the list closes when the focus leaves it; a hidden timeline
    // shows when focused.
    let mut moved = false;
    if f != Focus::Sidebar && state.focus == Focus::Sidebar && state.panes().sidebar_over {
        state.sidebar.open = Some(false);
        moved = true;
    }
    if f == Focus::Timeline && state.layout.timeline == crate::config::TimelineMode::Hidden {
        state.layout.timeline = crate::config::TimelineMode::Compact;
        moved = true;
    }
    state.focus = f;
    if moved {
        state.rebuild_timeline();
    }
    if f == Focus::Timeline && state.timeline.cursor.is_none() {
        state.timeline.cursor = state
            .selected_bucket()
            .or_else(|| state.timeline.hist.len().checked_sub(1));
    }
    state.scroll_list_to_cursor();
    state.rerender_article();
}
