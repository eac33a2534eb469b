//! Refreshing feeds: the selected article's feed, or every subscribed one.

use super::Effect;
use crate::app::state::{AppState, Level, Progress};
use crate::model::is_http_url;

/// Asks the loop to fetch the selected article's feed, or (`all`) every feed.
pub(super) fn refresh(state: &mut AppState, all: bool) -> Effect {
    if state.notices.fetching.is_some() {
        state.say(Level::Info, "already fetching");
        return Effect::None;
    }
    let urls: Vec<String> = if all {
        state
            .lib
            .sources
            .iter()
            .map(|s| s.location.clone())
            .filter(|l| is_http_url(l))
            .collect()
    } else {
        state
            .selected()
            .and_then(|i| state.lib.source_of(&state.lib.articles[i]))
            .map(|s| s.location.clone())
            .filter(|l| is_http_url(l))
            .into_iter()
            .collect()
    };
    if urls.is_empty() {
        state.say(
            Level::Info,
            "no feed to fetch: files and folders are read at start",
        );
        return Effect::None;
    }
    state.notices.fetching = Some(Progress {
        done: 0,
        total: urls.len(),
        failed: 0,
    });
    Effect::Fetch(urls)
}
