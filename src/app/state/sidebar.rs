//! The sidebar's part of the state: its lines (the views, the sources, the tags, each
//! with unread and total counts), whether it is shown, and its cursor.
//!
//! Each line's counts are what Enter on it shows: a view's are its filter's, a
//! source's are those of the `=title` term it writes (which also keeps sources whose
//! title or address contains that title), a tag's those of `+tag`. They are counted
//! again only when the library or the marks change, and only while the sidebar is
//! shown (`dirty` until then), never per key or frame.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::config::View;
use crate::marks::Marks;
use crate::model::Library;
use crate::query::{Query, SearchIndex};
use crate::zone::Zone;

/// What a sidebar line stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A group's heading (not selectable).
    Heading(&'static str),
    /// The view at this index of `AppState::views`.
    View(usize),
    /// A source, by its title (what its `=` term says).
    Source(String),
    /// A tag, as first spelled.
    Tag(String),
}

/// One line of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideLine {
    pub entry: Entry,
    pub unread: usize,
    pub total: usize,
    /// A source that could not be read, or whose last fetch failed.
    pub failed: bool,
}

/// The sidebar's state.
#[derive(Debug)]
pub struct SidebarState {
    /// Shown or hidden by its key; `None`: as configured.
    pub(in crate::app) open: Option<bool>,
    pub(in crate::app) lines: Vec<SideLine>,
    /// The selected line (never a heading when there are other lines).
    pub(in crate::app) cursor: usize,
    /// The first line shown.
    pub(in crate::app) offset: usize,
    /// The counts are out of date.
    pub(in crate::app) dirty: bool,
    /// Feed URLs whose last fetch this session failed.
    pub(in crate::app) failed_urls: HashSet<String>,
    /// Feed URLs whose last fetch this session worked (a failure from before no
    /// longer counts).
    pub(in crate::app) succeeded_urls: HashSet<String>,
    /// The first frame is drawn: counting may start (it must not delay that frame).
    pub(in crate::app) ready: bool,
    /// Each view's filter as read at the last count (`None`: it does not parse), so
    /// that drawing and applying a view line read no query.
    view_queries: Vec<Option<Query>>,
    /// What counting a few articles again needs (after a mark changed), from the
    /// last full count; `None` when only a full count will do.
    counter: Option<Counter>,
}

/// Where each article counts, so that a mark change on a few articles is counted
/// again on those alone: their share is taken off before the change and put back
/// after it.
#[derive(Debug)]
struct Counter {
    /// The lines of each source (its own, and those whose `=` term also keeps it).
    source_lines: HashMap<crate::model::SourceId, Vec<usize>>,
    /// The line of each tag, by its lower-cased name.
    tag_lines: HashMap<String, usize>,
    /// Each view's line and compiled filter.
    views: Vec<(usize, crate::query::Filter)>,
}

fn tag_key(tag: &str) -> String {
    if tag.is_ascii() {
        tag.to_ascii_lowercase()
    } else {
        tag.to_lowercase()
    }
}

impl Counter {
    /// Adds (`sign` 1) or takes off (-1) article `i`'s share of the counts; `false`
    /// when a line it needs is not there (a tag new to the library).
    fn count(
        &self,
        lines: &mut [SideLine],
        lib: &Library,
        marks: &Marks,
        i: usize,
        sign: isize,
    ) -> bool {
        let a = &lib.articles[i];
        let unread = !marks.read(&a.id);
        let bump = |l: &mut SideLine| {
            l.total = l.total.saturating_add_signed(sign);
            if unread {
                l.unread = l.unread.saturating_add_signed(sign);
            }
        };
        for (line, f) in &self.views {
            if f.matches(lib, a, marks) {
                bump(&mut lines[*line]);
            }
        }
        for &line in self.source_lines.get(&a.source).into_iter().flatten() {
            bump(&mut lines[line]);
        }
        for t in marks.effective_tags(a) {
            match self.tag_lines.get(&tag_key(&t.0)) {
                Some(&line) => bump(&mut lines[line]),
                None => return false,
            }
        }
        true
    }
}

/// More articles than this in one step are counted again in full.
const RECOUNT_AT_MOST: usize = 2000;

impl Default for SidebarState {
    fn default() -> Self {
        Self {
            open: None,
            lines: Vec::new(),
            cursor: 0,
            offset: 0,
            dirty: true,
            failed_urls: HashSet::new(),
            succeeded_urls: HashSet::new(),
            ready: false,
            view_queries: Vec::new(),
            counter: None,
        }
    }
}

/// Unread and total counts.
#[derive(Debug, Clone, Copy, Default)]
struct Count {
    unread: usize,
    total: usize,
}

impl Count {
    fn add(&mut self, unread: bool) {
        self.total += 1;
        self.unread += usize::from(unread);
    }
}

impl SidebarState {
    pub fn lines(&self) -> &[SideLine] {
        &self.lines
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// View `i`'s filter, as read at the last count.
    pub fn view_query(&self, i: usize) -> Option<&Query> {
        self.view_queries.get(i).and_then(Option::as_ref)
    }

    /// The selected line.
    pub fn current(&self) -> Option<&SideLine> {
        self.lines.get(self.cursor)
    }

    /// Counts every line again.
    pub(in crate::app) fn rebuild(
        &mut self,
        lib: &Library,
        marks: &Marks,
        index: Option<&SearchIndex>,
        views: &[View],
        now: DateTime<Utc>,
        zone: Zone,
    ) {
        let selected = self.current().map(|l| l.entry.clone());
        let mut lines = Vec::new();

        lines.push(heading("Views"));
        let mut compiled = Vec::new();
        let mut countable = true;
        self.view_queries = views.iter().map(|v| Query::parse(&v.filter).ok()).collect();
        for (i, q) in self.view_queries.iter().enumerate() {
            let c = match q {
                Some(q) => {
                    let f = q.compile(now, zone);
                    let picked = f.select_with(lib, marks, index);
                    // `#N` keeps the first N: one article's change can move another
                    // in or out, so such a view is only counted in full.
                    countable &= f.limit().is_none();
                    compiled.push((lines.len(), f));
                    let unread = picked
                        .iter()
                        .filter(|&&i| !marks.read(&lib.articles[i].id))
                        .count();
                    Count {
                        unread,
                        total: picked.len(),
                    }
                }
                None => Count::default(),
            };
            lines.push(SideLine {
                entry: Entry::View(i),
                unread: c.unread,
                total: c.total,
                failed: false,
            });
        }

        // One walk over the articles: counts per source and per tag as written.
        let mut per_source = vec![Count::default(); lib.sources.len()];
        let source_index: HashMap<&crate::model::SourceId, usize> = lib
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (&s.id, i))
            .collect();
        let mut per_tag: HashMap<String, (String, Count)> = HashMap::new();
        // Tags as written, counted per spelling first: a map lookup by &str costs no
        // allocation per article.
        let mut raw: HashMap<&str, Count> = HashMap::new();
        let mut retagged = Vec::new();
        for a in &lib.articles {
            let unread = !marks.read(&a.id);
            if let Some(&i) = source_index.get(&a.source) {
                per_source[i].add(unread);
            }
            let changed = marks
                .get(&a.id)
                .is_some_and(|m| !m.added.is_empty() || !m.hidden.is_empty());
            if changed {
                retagged.push((marks.effective_tags(a), unread));
            } else {
                for t in &a.tags {
                    raw.entry(t.0.as_str()).or_default().add(unread);
                }
            }
        }
        let mut count_tag = |tag: &str, c: Count| {
            let key = tag_key(tag);
            let e = per_tag
                .entry(key)
                .or_insert_with(|| (tag.to_string(), Count::default()));
            e.1.total += c.total;
            e.1.unread += c.unread;
        };
        // In a fixed order, so that the spelling shown for a tag written in several
        // ways is always the same one.
        let mut raw: Vec<(&str, Count)> = raw.into_iter().collect();
        raw.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (tag, c) in raw {
            count_tag(tag, c);
        }
        for (tags, unread) in retagged {
            for t in tags {
                let mut c = Count::default();
                c.add(unread);
                count_tag(&t.0, c);
            }
        }

        lines.push(heading("Sources"));
        // `=title` keeps every source whose title or address contains the title.
        let keys: Vec<(String, String)> = lib
            .sources
            .iter()
            .map(|s| (s.title.to_lowercase(), s.location.to_lowercase()))
            .collect();
        let first_source_line = lines.len();
        let mut sources: Vec<(usize, SideLine)> = lib
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let needle = &keys[i].0;
                let mut c = Count::default();
                for (j, (title, location)) in keys.iter().enumerate() {
                    if title.contains(needle.as_str()) || location.contains(needle.as_str()) {
                        c.total += per_source[j].total;
                        c.unread += per_source[j].unread;
                    }
                }
                let failed = s.error.is_some()
                    || if self.succeeded_urls.contains(&s.location) {
                        false
                    } else {
                        s.fetch_failed || self.failed_urls.contains(&s.location)
                    };
                (
                    i,
                    SideLine {
                        entry: Entry::Source(s.title.clone()),
                        unread: c.unread,
                        total: c.total,
                        failed,
                    },
                )
            })
            .collect();
        sources.sort_by_cached_key(|(i, _)| lib.sources[*i].title.to_lowercase());
        // Where each source counts: the line of every source whose title its title or
        // address contains.
        let line_of_source: Vec<usize> = {
            let mut v = vec![0; lib.sources.len()];
            for (pos, (i, _)) in sources.iter().enumerate() {
                v[*i] = first_source_line + pos;
            }
            v
        };
        let mut source_lines: HashMap<crate::model::SourceId, Vec<usize>> = HashMap::new();
        for (j, (title, location)) in keys.iter().enumerate() {
            let mut found = Vec::new();
            for (i, (needle, _)) in keys.iter().enumerate() {
                if title.contains(needle.as_str()) || location.contains(needle.as_str()) {
                    found.push(line_of_source[i]);
                }
            }
            source_lines.insert(lib.sources[j].id.clone(), found);
        }
        lines.extend(sources.into_iter().map(|(_, l)| l));

        let mut tags: Vec<(String, (String, Count))> = per_tag.into_iter().collect();
        tags.sort_by(|a, b| a.0.cmp(&b.0));
        if !tags.is_empty() {
            lines.push(heading("Tags"));
        }
        let mut tag_lines = HashMap::new();
        for (key, (name, c)) in tags {
            tag_lines.insert(key, lines.len());
            lines.push(SideLine {
                entry: Entry::Tag(name),
                unread: c.unread,
                total: c.total,
                failed: false,
            });
        }
        self.counter = countable.then(|| Counter {
            source_lines,
            tag_lines,
            views: compiled,
        });

        self.lines = lines;
        self.dirty = false;
        // The cursor stays on the same line when it is still there.
        self.cursor = selected
            .and_then(|e| self.lines.iter().position(|l| l.entry == e))
            .unwrap_or(1)
            .min(self.lines.len().saturating_sub(1));
    }

    /// Before a step of `changes` is applied to `marks`: takes the share of the
    /// articles it touches off the counts, and returns them for `count_after`.
    /// `None` (and a full count at the next `recount_sidebar`) when the counts are
    /// not kept up to date now, or the step is too big to count piecemeal.
    pub(in crate::app) fn uncount_before(
        &mut self,
        lib: &Library,
        marks: &Marks,
        changes: &[crate::marks::Change],
    ) -> Option<Vec<usize>> {
        let touched = (|| {
            let counter = self.counter.as_ref().filter(|_| !self.dirty)?;
            let mut touched = Vec::new();
            for c in changes {
                let keys: &[crate::marks::ArticleKey] = match c {
                    crate::marks::Change::Bookmark { articles, .. }
                    | crate::marks::Change::Read { articles, .. } => articles,
                    crate::marks::Change::Tag { article, .. } => std::slice::from_ref(article),
                };
                for k in keys {
                    let i = lib.position(&k.id)?;
                    touched.push(i);
                    if touched.len() > RECOUNT_AT_MOST {
                        return None;
                    }
                }
            }
            touched.sort_unstable();
            touched.dedup();
            for &i in &touched {
                if !counter.count(&mut self.lines, lib, marks, i, -1) {
                    return None;
                }
            }
            Some(touched)
        })();
        if touched.is_none() {
            self.dirty = true;
        }
        touched
    }

    /// After the step: puts the touched articles' share back, as the marks are now.
    pub(in crate::app) fn count_after(
        &mut self,
        lib: &Library,
        marks: &Marks,
        touched: Option<Vec<usize>>,
    ) {
        let (Some(touched), Some(counter)) = (touched, self.counter.as_ref()) else {
            self.dirty = true;
            return;
        };
        for i in touched {
            if !counter.count(&mut self.lines, lib, marks, i, 1) {
                self.dirty = true;
                return;
            }
        }
    }

    /// Moves the cursor by `delta` lines (skipping headings), within the lines.
    pub(in crate::app) fn step(&mut self, delta: isize) {
        if self.lines.is_empty() {
            return;
        }
        let last = self.lines.len() - 1;
        let mut c = self.cursor;
        let forward = delta > 0;
        for _ in 0..delta.unsigned_abs() {
            let mut n = c;
            loop {
                n = if forward {
                    if n >= last {
                        break;
                    }
                    n + 1
                } else {
                    match n.checked_sub(1) {
                        Some(n) => n,
                        None => break,
                    }
                };
                if !matches!(self.lines[n].entry, Entry::Heading(_)) {
                    c = n;
                    break;
                }
            }
        }
        self.cursor = c;
    }

    /// Puts the cursor on the first (or last) selectable line.
    pub(in crate::app) fn jump_to_end(&mut self, last: bool) {
        let pick = |l: &SideLine| !matches!(l.entry, Entry::Heading(_));
        let found = if last {
            self.lines.iter().rposition(pick)
        } else {
            self.lines.iter().position(pick)
        };
        self.cursor = found.unwrap_or(0);
    }

    /// Keeps the cursor within `rows` lines on screen.
    pub(in crate::app) fn scroll_to_cursor(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.cursor < self.offset {
            // Show the group heading above the first line of a group too.
            self.offset = self.cursor.saturating_sub(1);
        } else if self.cursor >= self.offset + rows {
            self.offset = self.cursor + 1 - rows;
        }
    }
}

fn heading(name: &'static str) -> SideLine {
    SideLine {
        entry: Entry::Heading(name),
        unread: 0,
        total: 0,
        failed: false,
    }
}
