//! Messages from background work, handled here like keys so that `update` stays the
//! one place state changes: a refresh's feeds and its end, the marks writer's
//! outcomes and checks, a slow save, the first frame, an article rendered, the search
//! index built. The event loop only turns what its threads report into these messages
//! (reading what a refreshed feed now holds from the store first: that is IO, and
//! stays there).

use super::super::article;
use super::super::index::IndexReady;
use super::super::state::{AppState, Level};
use super::Effect;
use crate::marks::{Marks, NotSaved};
use crate::model::{Article, Source};

/// One feed of a background refresh, as the loop hands it over.
#[derive(Debug, Clone)]
pub struct FeedDone {
    pub url: String,
    /// Why it failed, if it did.
    pub failed: Option<String>,
    /// Where it moved permanently, if it did.
    pub moved_to: Option<String>,
    /// The feed's source and articles as cached now, when it brought new or changed
    /// articles.
    pub merged: Option<(Source, Vec<Article>)>,
}

/// What background work reports.
#[derive(Debug)]
pub enum Background {
    /// One feed of a refresh is done.
    Fetched(Box<FeedDone>),
    /// The refresh is over.
    FetchDone,
    /// The writer committed (or could not commit) the oldest pending step.
    Saved(Result<(), NotSaved>),
    /// Someone else changed the marks: here they are as the store has them.
    MarksChanged(Box<Marks>),
    /// The check for others' changes could not read the store.
    MarksUnreadable(String),
    /// A step has been waiting longer than a commit takes.
    SaveSlow,
    /// The first frame is on screen: background work may start (the search index:
    /// `AppState::take_index_job`; the sidebar's counts).
    FirstFrame,
    /// The loop rendered an article (its body read from where it is stored, or big
    /// and rendered off the input thread).
    Rendered(Box<article::Done>),
    /// The loop built the search index.
    IndexReady(Box<IndexReady>),
    /// Something the loop itself has to say (a warning about signals, the database).
    Say(Level, String),
    /// The loop's clock, after each key and every half second: an article shown long
    /// enough counts as read (`mark_read = "shown"`).
    Tick(std::time::Instant),
    /// A view was written to the config file (the file), or could not be (why).
    ViewSaved {
        name: String,
        outcome: Result<String, String>,
    },
}

/// Applies one report of background work.
pub fn apply(state: &mut AppState, b: Background) -> Effect {
    match b {
        Background::Tick(at) => return super::reading::shown_tick(state, at),
        Background::ViewSaved { name, outcome } => super::views::saved(state, &name, outcome),
        Background::Fetched(f) => fetched(state, *f),
        Background::FetchDone => {
            if let Some(p) = state.notices.fetching.take() {
                let level = if p.failed > 0 {
                    Level::Warning
                } else {
                    Level::Info
                };
                let failed = if p.failed > 0 {
                    format!(", {} failed (see !)", p.failed)
                } else {
                    String::new()
                };
                state.say(level, format!("fetched {} feeds{failed}", p.total));
            }
        }
        Background::Saved(outcome) => state.write_done(outcome),
        Background::MarksChanged(marks) => state.set_marks(*marks),
        Background::MarksUnreadable(e) => state.say(Level::Error, e),
        Background::SaveSlow => state.note_slow_save(),
        Background::FirstFrame => {
            state.start_indexing();
            state.sidebar.ready = true;
            state.recount_sidebar();
        }
        Background::Rendered(done) => state.rendered(*done),
        Background::IndexReady(ready) => state.index_ready(*ready),
        Background::Say(level, text) => state.say(level, text),
    }
    Effect::None
}

/// Counts a finished feed, reports a failure or a move, and puts new articles in
/// the list.
fn fetched(state: &mut AppState, f: FeedDone) {
    if let Some(p) = state.notices.fetching.as_mut() {
        p.done += 1;
        if f.failed.is_some() {
            p.failed += 1;
        }
    }
    if let Some(why) = &f.failed {
        state
            .notices
            .push(Level::Error, format!("{}: {why}", f.url));
    }
    // The sidebar marks a source whose last fetch failed.
    let changed = if f.failed.is_some() {
        state.sidebar.succeeded_urls.remove(&f.url)
            | state.sidebar.failed_urls.insert(f.url.clone())
    } else {
        state.sidebar.failed_urls.remove(&f.url)
            | state.sidebar.succeeded_urls.insert(f.url.clone())
    };
    if changed {
        state.sidebar.dirty = true;
        state.recount_sidebar();
    }
    if let Some((source, articles)) = f.merged {
        state.merge_source(source, articles);
    }
    if let Some(m) = &f.moved_to {
        state.notices.push(
            Level::Warning,
            format!(
                "{} moved permanently to {m}: update the subscription",
                f.url
            ),
        );
    }
}
