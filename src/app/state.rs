//! `AppState`: the loaded library and everything the reader shows about it, in
//! parts, each in its own file: the list (`list`: the applied filter, what it keeps,
//! the sort and the selection), the prompt (`prompt`), the overlays (`overlays`), the
//! timeline (`timeline`) and what the reader says (`notices`). `AppState` keeps the
//! library, the marks, the rendered article and the search index, and recomputes
//! derived data (the visible list, the histogram, the rendered article) when its
//! inputs change, never per frame.

mod list;
mod notices;
mod overlays;
mod prompt;
mod sidebar;
mod timeline;

use std::collections::VecDeque;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;

pub use list::{ListState, Sort};
pub use notices::{Level, Notice, Notices, Progress};
pub use overlays::{Overlay, Overlays};
pub use prompt::{Prompt, PromptKind, PromptState};
pub use sidebar::{Entry, SideLine, SidebarState};
pub use timeline::TimelineState;

use super::article::{self, Rendered};
use super::index::{IndexJob, IndexMaker, IndexReady};
use crate::config::{LayoutConfig, MarkRead, SidebarMode, View};
use crate::keymap::Keymap;
use crate::layout::{self, Panes};
use crate::marks::{Change, Marks, NotSaved};
use crate::model::Library;
use crate::query::{Query, SearchIndex};
use crate::zone::Zone;

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Article,
    Timeline,
    /// The sidebar of views, sources and tags (while it is shown).
    Sidebar,
}

/// A step on screen that the store has not committed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub step: Vec<Change>,
    /// The step undoes an earlier one (`u`): if it fails, that one can be undone again.
    pub undoes: bool,
}

/// Everything the reader knows.
pub struct AppState {
    /// Shared with the thread that builds `search`.
    pub lib: Arc<Library>,
    /// The tag and word index of `lib`, once built (filters walk the articles until
    /// then, with the same results).
    search: Option<SearchIndex>,
    /// The build of `search` under way (its generation), if any: queued in
    /// `index_job` or running in the loop.
    indexing: Option<u64>,
    /// Builds started so far: each new one's generation.
    index_builds: u64,
    /// The index build waiting for the loop to run it (`take_index_job`).
    index_job: Option<IndexJob>,
    /// How the index is made; `None`: built from scratch.
    pub index_maker: Option<IndexMaker>,
    /// Bookmarks, read marks and tags, as shown: `committed` with `pending` applied.
    pub marks: Marks,
    /// The marks as the store has them (as loaded, and each step once committed).
    committed: Marks,
    /// Steps shown but not committed yet, oldest first: each went out as an
    /// `Effect::Persist`, and its outcome comes back, in order, to `write_done`.
    pub pending: VecDeque<Pending>,
    /// Steps `u` can undo, newest last.
    pub undo: Vec<Vec<Change>>,
    pub keymap: Keymap,
    pub now: DateTime<Utc>,
    pub zone: Zone,
    /// The applied filter, its matches in order, the selection.
    pub list: ListState,
    /// The bottom prompt and the filter's error.
    pub prompt: PromptState,
    pub focus: Focus,
    pub article: Rendered,
    /// An article for the loop to render (its body stored, to be read, or big, to be
    /// rendered off the input thread); the loop takes it (`take_render_job`) after
    /// each message, as an effect raised deep inside one.
    render_job: Option<article::Job>,
    /// Big articles rendered before, by article, width and tags.
    render_cache: article::Cache,
    pub(in crate::app) article_scroll: usize,
    pub timeline: TimelineState,
    /// Each article's calendar day in the display zone, computed once.
    days: Vec<Option<chrono::NaiveDate>>,
    /// Help, messages or the tag picker over the panes.
    pub overlays: Overlays,
    /// The status bar, the messages view and the fetch under way.
    pub notices: Notices,
    pub area: Rect,
    pub mouse: bool,
    /// The widest the article text gets, in columns.
    pub reading_width: u16,
    /// The article pane's styles: the theme's (`ui::theme::Theme::article`), set by
    /// the reader at start.
    pub article_styles: article::ArticleStyles,
    /// When an article counts as read.
    pub mark_read: MarkRead,
    /// The article in the article pane and since when (the loop's clock), for
    /// `mark_read = "shown"`.
    pub(in crate::app) shown: Option<(usize, std::time::Instant)>,
    /// The panes' arrangement, as configured and then changed by keys.
    pub layout: LayoutConfig,
    /// The saved views: built-in, then configured, then saved this session.
    pub views: Vec<View>,
    /// The sidebar: whether it is shown, its lines and counts, its cursor.
    pub sidebar: SidebarState,
}

impl AppState {
    /// A reader over `lib` at `area`, with `query` applied.
    pub fn new(
        lib: Library,
        keymap: Keymap,
        query: Query,
        now: DateTime<Utc>,
        zone: Zone,
        area: Rect,
    ) -> Self {
        Self::with_marks(lib, Marks::default(), keymap, query, now, zone, area)
    }

    /// [`AppState::new`] with the stored `marks` (the query applied once, with them).
    pub fn with_marks(
        lib: Library,
        marks: Marks,
        keymap: Keymap,
        query: Query,
        now: DateTime<Utc>,
        zone: Zone,
        area: Rect,
    ) -> Self {
        let days = crate::timeline::local_days(&lib.dates(), zone);
        let notices = Notices::of_sources(&lib, now);
        let lib = Arc::new(lib);
        let mut s = Self {
            days,
            search: None,
            // Started after the first frame (`start_indexing`): the index must not
            // compete with drawing it.
            indexing: None,
            index_builds: 0,
            index_job: None,
            index_maker: None,
            lib,
            marks: marks.clone(),
            committed: marks,
            pending: VecDeque::new(),
            undo: Vec::new(),
            keymap,
            now,
            zone,
            list: ListState::new(query),
            prompt: PromptState::default(),
            focus: Focus::List,
            article: Rendered::default(),
            render_job: None,
            render_cache: article::Cache::default(),
            article_scroll: 0,
            timeline: TimelineState::new(zone),
            overlays: Overlays::default(),
            notices,
            area,
            mouse: true,
            reading_width: 90,
            article_styles: article::ArticleStyles::DEFAULT,
            mark_read: MarkRead::Open,
            shown: None,
            layout: LayoutConfig::default(),
            views: crate::config::BUILT_IN_VIEWS
                .iter()
                .map(|(n, f)| View {
                    name: (*n).to_string(),
                    filter: (*f).to_string(),
                })
                .collect(),
            sidebar: SidebarState::default(),
        };
        let errors = s.notices.errors();
        if errors > 0 {
            let text = format!(
                "{errors} source(s) could not be read — press {} to see why",
                s.keymap.hint(super::Action::Messages)
            );
            // In the status bar only: the errors are in the messages already.
            s.notices.status = Some(Notice {
                level: Level::Error,
                text,
                at: now,
                count: 1,
            });
        }
        s.refilter();
        s
    }

    /// The panes of the current frame.
    pub fn panes(&self) -> Panes {
        self.panes_in(self.area)
    }

    /// The panes for a frame of `area`: the one layout the view draws (with the
    /// frame's own size) and the update reasons about.
    pub fn panes_in(&self, area: Rect) -> Panes {
        let how = layout::Arrange {
            article_first: self.focus == Focus::Article,
            prompt_lines: self.prompt.lines(),
            split: self.layout.split,
            list_share: self.layout.list_share,
            timeline: self.layout.timeline,
            sidebar: self.sidebar_shown_at(area.width),
            sidebar_beside_from: if self.layout.sidebar == SidebarMode::Shown {
                layout::WIDE
            } else {
                layout::SIDEBAR_WIDE
            },
        };
        layout::panes(area, &how)
    }

    /// Whether the sidebar is shown on a terminal `width` columns wide: as toggled by
    /// its key, else as configured (`auto`: beside the panes from
    /// `layout::SIDEBAR_WIDE` columns; `shown`: beside them from `layout::WIDE`).
    pub fn sidebar_shown_at(&self, width: u16) -> bool {
        self.sidebar.open.unwrap_or(match self.layout.sidebar {
            SidebarMode::Auto => width >= layout::SIDEBAR_WIDE,
            SidebarMode::Shown => width >= layout::WIDE,
            SidebarMode::Hidden => false,
        })
    }

    /// Whether the sidebar is on screen now.
    pub fn sidebar_shown(&self) -> bool {
        self.sidebar_shown_at(self.area.width)
    }

    /// Counts the sidebar's lines again, if it is shown and something changed since
    /// (the library, the marks, the views); a hidden sidebar is counted when shown,
    /// and none before the first frame is drawn (`Background::FirstFrame`).
    pub fn recount_sidebar(&mut self) {
        if self.sidebar.ready && self.sidebar_shown() && self.sidebar.dirty {
            self.sidebar.rebuild(
                &self.lib,
                &self.marks,
                self.search.as_ref(),
                &self.views,
                self.now,
                self.zone,
            );
        }
    }

    /// Rows of articles the list pane shows (inside its border).
    pub fn list_rows(&self) -> usize {
        self.panes()
            .list
            .map_or(10, |r| usize::from(r.height.saturating_sub(2)).max(1))
    }

    /// Lines the article pane shows (inside its border).
    pub fn article_rows(&self) -> usize {
        self.panes()
            .article
            .map_or(10, |r| usize::from(r.height.saturating_sub(2)).max(1))
    }

    /// Every feed URL of the library (its sources fetched over http(s)).
    pub fn feed_urls(&self) -> Vec<String> {
        self.lib
            .sources
            .iter()
            .map(|s| s.location.clone())
            .filter(|l| crate::model::is_http_url(l))
            .collect()
    }

    /// The selected article (index into `lib.articles`).
    pub fn selected(&self) -> Option<usize> {
        self.list.selected()
    }

    /// Posts a message to the status bar and the messages view.
    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.notices.say(level, text);
    }

    /// A hint: `short` in the status bar (until the next key), `full` kept in the
    /// messages view.
    pub fn hint(&mut self, short: impl Into<String>, full: impl Into<String>) {
        self.notices.push(Level::Info, full);
        self.notices.say(Level::Info, short);
    }

    /// The first line the article pane shows.
    pub fn article_scroll(&self) -> usize {
        self.article_scroll
    }

    /// Builds the search index here and now, in the caller's thread, unless it is
    /// built (for measurements and tests; the reader itself never waits, and a build
    /// the loop is running is not waited for: this one replaces it).
    pub fn wait_for_index(&mut self) {
        if self.search.is_some() {
            return;
        }
        self.indexing = None;
        self.index_job = None;
        self.start_indexing();
        if let Some(job) = self.take_index_job() {
            self.index_ready(job.run());
        }
    }

    /// Asks the loop to build the search index (`take_index_job`), unless it is
    /// built or being built.
    pub fn start_indexing(&mut self) {
        if self.search.is_none() && self.indexing.is_none() {
            self.index_builds += 1;
            self.indexing = Some(self.index_builds);
            self.index_job = Some(IndexJob {
                lib: Arc::clone(&self.lib),
                make: self.index_maker.clone(),
                generation: self.index_builds,
            });
        }
    }

    /// The index build waiting to be run off the input thread, if any: it arises
    /// inside messages (the first frame, a refreshed feed), so it waits here for the
    /// loop, like `take_render_job`.
    pub fn take_index_job(&mut self) -> Option<IndexJob> {
        self.index_job.take()
    }

    /// A finished index build: used from the next filter on, if it is of the
    /// library shown (a refresh since then started another).
    pub fn index_ready(&mut self, ready: IndexReady) {
        if self.indexing == Some(ready.generation) {
            self.indexing = None;
            self.search = Some(ready.index);
        }
    }

    /// Filters without the search index from now on, as in the first second after
    /// start (for measurements).
    pub fn stop_indexing(&mut self) {
        self.indexing = None;
        self.index_job = None;
        self.search = None;
    }

    /// Whether the search index is built and in use.
    pub fn has_index(&self) -> bool {
        self.search.is_some()
    }

    /// Applies the list's query again: matches, order, timeline, keeping the
    /// selection.
    pub fn refilter(&mut self) {
        let keep = self.list.chosen.or_else(|| self.selected());
        let filter = self.list.query.compile(self.now, self.zone);
        self.list.matching = filter.select_with(&self.lib, &self.marks, self.search.as_ref());
        self.recount();
        self.resort(keep);
        self.rebuild_timeline();
    }

    /// Counts unread articles (after a filter or a mark changes).
    pub fn recount(&mut self) {
        self.list.recount(&self.lib, &self.marks);
    }

    /// The marks changed in full (loaded again, a step taken back): every count
    /// follows.
    pub fn marks_changed(&mut self) {
        self.recount();
        self.sidebar.dirty = true;
        self.recount_sidebar();
    }

    /// Applies a step of changes to the marks shown; the sidebar counts the articles
    /// it touches again (all of it when the step is big).
    pub fn apply_step(&mut self, step: &[Change]) {
        let touched = self.sidebar.uncount_before(&self.lib, &self.marks, step);
        for c in step {
            self.marks.apply(c);
        }
        self.sidebar.count_after(&self.lib, &self.marks, touched);
        self.recount();
        self.recount_sidebar();
    }

    /// Puts a refreshed source and its articles in the library, replacing what it
    /// had; the selection stays on the same article.
    pub fn merge_source(
        &mut self,
        source: crate::model::Source,
        articles: Vec<impl Into<Box<crate::model::Article>>>,
    ) {
        let id = source.id.clone();
        self.replace_sources(|s| s.id == id, vec![source], articles);
    }

    /// Takes the sources for which `gone` holds out of the library, with their
    /// articles, and puts `sources` and `articles` in (where the first one taken out
    /// was, else at the end); the selection stays on the same article when it is
    /// still there.
    pub fn replace_sources(
        &mut self,
        gone: impl Fn(&crate::model::Source) -> bool,
        sources: Vec<crate::model::Source>,
        articles: Vec<impl Into<Box<crate::model::Article>>>,
    ) {
        let selected = self.selected().map(|i| self.lib.articles[i].id.clone());
        let chosen = self.list.chosen.map(|i| self.lib.articles[i].id.clone());
        let lib = Arc::try_unwrap(std::mem::take(&mut self.lib)).unwrap_or_else(|l| (*l).clone());
        let (old, mut all) = (lib.sources, lib.articles);
        let at = old.iter().position(&gone).unwrap_or(old.len());
        let (taken, mut kept): (Vec<_>, Vec<_>) = old.into_iter().partition(|s| gone(s));
        let taken: std::collections::HashSet<_> = taken.into_iter().map(|s| s.id).collect();
        all.retain(|a| !taken.contains(&a.source));
        all.extend(articles.into_iter().map(Into::into));
        let at = at.min(kept.len());
        kept.splice(at..at, sources);
        self.lib = Arc::new(Library::new(kept, all));
        // The index of the old library is of no use: start on the new one (the
        // build of the old one, if running, is ignored when it reports).
        self.search = None;
        self.indexing = None;
        self.index_job = None;
        self.start_indexing();
        self.days = crate::timeline::local_days(&self.lib.dates(), self.zone);
        let find = |id: Option<crate::model::ArticleId>| id.and_then(|id| self.lib.position(&id));
        let keep = find(selected.clone()).or_else(|| find(chosen.clone()));
        let remember = find(chosen).or(keep);
        // The old positions point into the old library: refilter from scratch,
        // keeping the selected article, then restore what the user last chose.
        self.list.visible.clear();
        self.article = Rendered::default();
        self.render_cache.clear();
        self.render_job = None;
        self.list.chosen = keep;
        self.sidebar.dirty = true;
        self.refilter();
        self.recount_sidebar();
        self.list.chosen = remember;
    }

    /// Replaces the marks with what the store has (loaded at start, or changed by
    /// another instance); steps not committed yet stay on top.
    pub fn set_marks(&mut self, mut marks: Marks) {
        if marks.arrivals.is_none() {
            // The store holds no arrivals: they stay as the start recorded them.
            marks.arrivals = self.committed.arrivals.take();
        }
        self.committed = marks;
        self.reshow();
    }

    /// The arrivals this start recorded (`is:new`), when they come after the state was
    /// made: a filter that asks for them is applied again.
    pub fn set_arrivals(&mut self, arrivals: Arc<crate::marks::Arrivals>) {
        self.committed.arrivals = Some(Arc::clone(&arrivals));
        self.marks.arrivals = Some(arrivals);
        if self
            .list
            .query
            .terms
            .iter()
            .any(crate::query::Term::asks_new)
        {
            self.refilter();
        }
    }

    /// Shows the committed marks with the pending steps applied.
    fn reshow(&mut self) {
        self.marks = self.committed.clone();
        for p in &self.pending {
            for c in &p.step {
                self.marks.apply(c);
            }
        }
        self.marks_changed();
        self.article = Rendered::default();
        self.rerender_article();
    }

    /// The outcome of the oldest pending step. Committed: it is part of the stored
    /// marks. Not (wholly) committed: what was not is taken off the screen and out of
    /// the undo history, and the status bar says so.
    pub fn write_done(&mut self, outcome: Result<(), NotSaved>) {
        let Some(p) = self.pending.pop_front() else {
            return;
        };
        let saving = self.notices.saving();
        let failed = match outcome {
            Ok(()) => {
                for c in &p.step {
                    self.committed.apply(c);
                }
                if saving && self.pending.is_empty() {
                    self.say(Level::Info, "saved");
                }
                return;
            }
            Err(e) => e,
        };
        let n = failed.committed.min(p.step.len());
        for c in &p.step[..n] {
            self.committed.apply(c);
        }
        let lost = &p.step[n..];
        if p.undoes {
            // What was not undone can be undone again.
            self.undo
                .push(lost.iter().rev().map(Change::inverse).collect());
        } else if let Some(i) = self.undo.iter().rposition(|s| *s == p.step) {
            if n == 0 {
                self.undo.remove(i);
            } else {
                self.undo[i].truncate(n);
            }
        }
        self.reshow();
        let what = lost
            .iter()
            .map(Change::describe)
            .collect::<Vec<_>>()
            .join(", ");
        self.say(
            Level::Error,
            format!("not saved, taken back: {what} ({})", failed.error),
        );
    }

    /// Says that steps are waiting for the database (unless an error is showing).
    pub fn note_slow_save(&mut self) {
        self.notices.note_saving(self.pending.len());
    }

    /// Orders the matches into the list, keeping `keep` selected when it is there.
    pub fn resort(&mut self, keep: Option<usize>) {
        self.list.order(&self.lib, keep);
        self.scroll_list_to_cursor();
        self.rerender_article();
    }

    /// Keeps the cursor row on screen.
    pub fn scroll_list_to_cursor(&mut self) {
        let rows = self.list_rows();
        self.list.scroll_to_cursor(rows);
    }

    /// Recomputes the histogram for the current matches and width.
    pub fn rebuild_timeline(&mut self) {
        let slots = layout::slots_for_width(self.area.width);
        self.timeline
            .rebuild(&self.days, &self.list.matching, slots);
    }

    /// The bucket the selected article falls in.
    pub fn selected_bucket(&self) -> Option<usize> {
        let d = self.lib.articles.get(self.selected()?)?.date()?;
        self.timeline.hist.bucket_of(d, self.zone)
    }

    /// Renders the selected article for the article pane's width, when either changed.
    pub fn rerender_article(&mut self) {
        let width = self
            .panes()
            .article
            .map_or(self.area.width, |r| r.width.saturating_sub(4));
        let sel = self.selected();
        if self.article.article == sel && self.article.width == width {
            return;
        }
        if self.article.article != sel {
            self.article_scroll = 0;
        }
        self.render_job = None;
        let pane = article::Pane {
            zone: self.zone,
            width,
            max_width: self.reading_width,
            styles: self.article_styles,
        };
        self.article = match sel {
            Some(i) => {
                let a = &self.lib.articles[i];
                let tags = self.marks.effective_tags(a);
                if let Some(r) = self.render_cache.get(i, width, &tags) {
                    r
                } else if article::Job::needed(a) {
                    // A stored body is read, and a big one rendered, by the loop.
                    let job = article::Job {
                        index: i,
                        article: (**a).clone(),
                        tags,
                        source: self.lib.source_of(a).cloned(),
                        pane,
                    };
                    let placeholder = job.placeholder();
                    self.render_job = Some(job);
                    placeholder
                } else {
                    article::render(i, a, &tags, self.lib.source_of(a), &pane)
                }
            }
            None => Rendered {
                article: None,
                width,
                ..Rendered::default()
            },
        };
    }

    /// The article waiting to be rendered by the loop (its body stored, or big), if
    /// any: an effect that arises inside many messages, so it waits here for the loop.
    pub fn take_render_job(&mut self) -> Option<article::Job> {
        self.render_job.take()
    }

    /// An article rendered by the loop: shown if it is still the one the pane wants,
    /// and kept when it was big.
    pub fn rendered(&mut self, done: article::Done) {
        let fits = self.article.article == done.rendered.article
            && self.article.width == done.rendered.width
            && self
                .selected()
                .is_some_and(|i| self.marks.effective_tags(&self.lib.articles[i]) == done.tags);
        if fits {
            self.article = done.rendered.clone();
        }
        if done.keep {
            self.render_cache.put(done);
        }
    }
}
