//! Refreshing: the selected article's feed, or every subscribed feed and every local
//! file and folder; and the feeds the reader fetches when it starts.

use super::Effect;
use crate::app::state::{AppState, Level, Progress};
use crate::model::is_http_url;

/// Asks the loop to fetch the selected article's feed, or (`all`) to read the local
/// sources again and fetch every feed.
pub(super) fn refresh(state: &mut AppState, all: bool) -> Effect {
    if state.notices.fetching.is_some() {
        state.say(Level::Info, "already fetching");
        return Effect::None;
    }
    let urls: Vec<String> = if all {
        state.feed_urls()
    } else {
        state
            .selected()
            .and_then(|i| state.lib.source_of(&state.lib.articles[i]))
            .map(|s| s.location.clone())
            .filter(|l| is_http_url(l))
            .into_iter()
            .collect()
    };
    if all {
        // The local sources are read again whatever there is to fetch; the loop
        // reports how many (`Background::RereadDone`). Sync servers are synced too,
        // and report each (`Background::Synced`).
        if urls.is_empty() && syncs(state) {
            state.say(Level::Info, "syncing…");
        } else if urls.is_empty() {
            state.say(Level::Info, "reading local files and folders again…");
        } else {
            start(state, urls.len());
        }
        return Effect::RefreshAll(urls);
    }
    if urls.is_empty() {
        state.say(
            Level::Info,
            "no feed to fetch: this article is from a file (R reads files and folders again)",
        );
        return Effect::None;
    }
    fetch(state, urls)
}

/// Whether the library has sources of sync servers (which `R` syncs).
pub(super) fn syncs(state: &AppState) -> bool {
    state
        .lib
        .sources
        .iter()
        .any(|s| crate::config::SyncKind::is_sync_location(&s.location))
}

/// Asks the loop to fetch `urls` (unless a fetch is under way, or there are none),
/// with the status bar's gauge.
pub(super) fn fetch(state: &mut AppState, urls: Vec<String>) -> Effect {
    if urls.is_empty() || state.notices.fetching.is_some() {
        return Effect::None;
    }
    start(state, urls.len());
    Effect::Fetch(urls)
}

/// Shows the gauge of a fetch of `total` feeds.
fn start(state: &mut AppState, total: usize) {
    state.notices.fetching = Some(Progress {
        done: 0,
        total,
        failed: 0,
    });
}
