//! The selected article's link: open it in the browser or copy it (http(s) only).

use super::Effect;
use crate::app::state::{AppState, Level};
use crate::model::is_web_link;

/// Opens (`open`) or copies the selected article's link.
pub(super) fn action(state: &mut AppState, open: bool) -> Effect {
    let link = state
        .selected()
        .and_then(|i| state.lib.articles[i].link.clone());
    match link {
        Some(l) if is_web_link(&l) => {
            if open {
                return Effect::OpenLink(l);
            }
            state.say(Level::Info, format!("copied {l}"));
            return Effect::CopyLink(l);
        }
        Some(l) => state.say(
            Level::Warning,
            format!("not an http(s) link, not opened: {l}"),
        ),
        None => state.say(Level::Info, "this article has no link"),
    }
    Effect::None
}
