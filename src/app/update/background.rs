//! Messages from background work, handled here like keys so that `update` stays the
//! one place state changes: the feeds to fetch at start, a refresh's feeds and its
//! end, a sync server's outcome and sources, local sources read again, the marks writer's outcomes and checks, a slow save,
//! the first frame, an article rendered, the search index built. The event loop only
//! turns what its threads report into these messages (reading what a refreshed feed
//! now holds from the store, or what a changed folder now holds from the disk, first:
//! that is IO, and stays there).

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

/// Local sources read again, as the loop hands them over: a file changed under them,
/// or `R` asked.
#[derive(Debug, Clone, Default)]
pub struct Reread {
    /// The roots read again (file or folder locations, as their sources are named):
    /// every source at one of them or below it is replaced.
    pub roots: Vec<String>,
    /// What they hold now.
    pub sources: Vec<Source>,
    pub articles: Vec<Box<Article>>,
}

/// One sync server synced (or not), as the loop hands it over.
#[derive(Debug, Clone)]
pub struct SyncDone {
    /// How it went, as `tidings sync` prints it.
    pub line: String,
    pub failed: bool,
    /// The server's sources as cached now (under the server's root location).
    pub sources: Reread,
}

/// What background work reports.
#[derive(Debug)]
pub enum Background {
    /// The reader has started: fetch these feeds (nothing cached, or not fetched for
    /// `refresh_on_start` minutes), as `R` would.
    Stale(Vec<String>),
    /// Local sources were read again.
    Reread(Box<Reread>),
    /// The reading again that `R` asked for is over: this many roots were read.
    RereadDone(usize),
    /// One feed of a refresh is done.
    Fetched(Box<FeedDone>),
    /// The refresh is over.
    FetchDone,
    /// A sync server was synced (`R`, `refresh_on_start`, `auto_refresh`).
    Synced(Box<SyncDone>),
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
    /// The loop's clock, every half second (and after each key with `mark_read =
    /// "shown"`): an article shown long enough counts as read; messages are stamped
    /// with the time of day.
    Tick {
        at: std::time::Instant,
        wall: chrono::DateTime<chrono::Utc>,
    },
    /// A view was written to the config file (the file), or could not be (why).
    ViewSaved {
        name: String,
        outcome: Result<String, String>,
    },
}

/// Applies one report of background work.
pub fn apply(state: &mut AppState, b: Background) -> Effect {
    match b {
        Background::Tick { at, wall } => {
            state.notices.clock = wall;
            return super::reading::shown_tick(state, at);
        }
        Background::ViewSaved { name, outcome } => super::views::saved(state, &name, outcome),
        Background::Stale(urls) => return super::feeds::fetch(state, urls),
        Background::Reread(r) => reread(state, *r),
        Background::RereadDone(roots) => reread_done(state, roots),
        Background::Fetched(f) => fetched(state, *f),
        Background::Synced(d) => {
            let SyncDone {
                line,
                failed,
                sources,
            } = *d;
            reread(state, sources);
            let level = if failed { Level::Error } else { Level::Info };
            state.say(level, line);
        }
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
                let feeds = crate::model::count(p.total, "feed");
                state.say(level, format!("fetched {feeds}{failed}"));
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

/// Whether a source at `location` is one of `roots` or below one of them.
fn under_roots(location: &str, roots: &[String]) -> bool {
    roots.iter().any(|r| {
        location
            .strip_prefix(r.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Puts what the roots hold now in place of what they held; the selection stays.
fn reread(state: &mut AppState, r: Reread) {
    let Reread {
        roots,
        sources,
        articles,
    } = r;
    state.replace_sources(|s| under_roots(&s.location, &roots), sources, articles);
}

/// Says how the reading again that `R` asked for went.
fn reread_done(state: &mut AppState, roots: usize) {
    // A fetch or a sync says how it went itself.
    let fetching = state.notices.fetching.is_some() || super::feeds::syncs(state);
    match roots {
        0 if fetching => {}
        0 => state.say(
            Level::Info,
            "nothing to refresh: no feeds, and no files or folders on disk",
        ),
        n => state.say(
            Level::Info,
            format!("read {} again", crate::model::count(n, "local source")),
        ),
    }
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
        // The feed's title, where it has one, rather than its address.
        let name = state
            .lib
            .sources
            .iter()
            .find(|s| s.location == f.url && !s.title.is_empty() && s.title != f.url)
            .map_or_else(|| f.url.clone(), |s| format!("{} ({})", s.title, f.url));
        state.notices.push(Level::Error, format!("{name}: {why}"));
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
