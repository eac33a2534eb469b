//! The list pane's state: the applied filter and what it keeps, their order, the
//! selection and the scroll, and the unread counts.

use crate::marks::Marks;
use crate::model::Library;
use crate::query::Query;

/// The list order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Newest,
    Oldest,
    Source,
    Title,
}

impl Sort {
    /// The next order in the cycle.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::Newest => Self::Oldest,
            Self::Oldest => Self::Source,
            Self::Source => Self::Title,
            Self::Title => Self::Newest,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
            Self::Source => "source",
            Self::Title => "title",
        }
    }
}

/// The filter's matches, as the list shows them.
#[derive(Debug, Clone)]
pub struct ListState {
    /// The applied (valid) filter.
    pub(in crate::app) query: Query,
    /// The filter's matches, newest first (indices into `lib.articles`).
    pub(in crate::app) matching: Vec<usize>,
    /// `matching` in the list's sort order.
    pub(in crate::app) visible: Vec<usize>,
    pub(in crate::app) sort: Sort,
    /// Position of the selection in `visible`.
    pub(in crate::app) cursor: usize,
    /// The article the user last chose (index into `lib.articles`): a filter that
    /// hides it for a moment (a half-typed query) gives it back when it matches again.
    pub(in crate::app) chosen: Option<usize>,
    /// First visible row of the list.
    pub(in crate::app) offset: usize,
    /// Unread articles among `matching`, and in all.
    pub(in crate::app) unread_matching: usize,
    pub(in crate::app) unread_total: usize,
}

impl ListState {
    /// An empty list for `query` (filled by `AppState::refilter`).
    pub(in crate::app) fn new(query: Query) -> Self {
        Self {
            query,
            matching: Vec::new(),
            visible: Vec::new(),
            sort: Sort::Newest,
            cursor: 0,
            chosen: None,
            offset: 0,
            unread_matching: 0,
            unread_total: 0,
        }
    }

    /// The applied filter.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// The filter's matches, newest first (indices into `lib.articles`).
    pub fn matching(&self) -> &[usize] {
        &self.matching
    }

    /// The matches in the list's order.
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// Position of the selection in `visible`.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// First visible row.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Unread articles among the matches.
    pub fn unread_matching(&self) -> usize {
        self.unread_matching
    }

    /// Unread articles in all.
    pub fn unread_total(&self) -> usize {
        self.unread_total
    }

    /// The selected article (index into `lib.articles`).
    pub fn selected(&self) -> Option<usize> {
        self.visible.get(self.cursor).copied()
    }

    /// Counts unread articles (after a filter or a mark changes).
    pub(in crate::app) fn recount(&mut self, lib: &Library, marks: &Marks) {
        let arts = &lib.articles;
        self.unread_matching = self
            .matching
            .iter()
            .filter(|&&i| !marks.read(&arts[i].id))
            .count();
        self.unread_total = arts.iter().filter(|a| !marks.read(&a.id)).count();
    }

    /// Orders `matching` into `visible`, keeping `keep` selected when it is there,
    /// else selecting the first row (never whatever article now sits at the old row
    /// number).
    pub(in crate::app) fn order(&mut self, lib: &Library, keep: Option<usize>) {
        let mut v = self.matching.clone();
        let arts = &lib.articles;
        match self.sort {
            Sort::Newest => {}
            Sort::Oldest => v.reverse(),
            Sort::Source => {
                let title = |i: usize| lib.source_of(&arts[i]).map(|s| s.title.to_lowercase());
                v.sort_by_cached_key(|&i| title(i));
            }
            Sort::Title => v.sort_by_cached_key(|&i| arts[i].title.to_lowercase()),
        }
        self.visible = v;
        self.cursor = keep
            .and_then(|k| self.visible.iter().position(|&i| i == k))
            .unwrap_or(0);
    }

    /// Keeps the cursor row on screen when the list shows `rows` rows.
    pub(in crate::app) fn scroll_to_cursor(&mut self, rows: usize) {
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + rows {
            self.offset = self.cursor + 1 - rows;
        }
        let max_offset = self.visible.len().saturating_sub(rows);
        self.offset = self.offset.min(max_offset);
    }

    /// Moves the selection to row `to` (the last row at most), and remembers the
    /// article as chosen.
    pub(in crate::app) fn move_to(&mut self, to: usize) {
        self.cursor = to.min(self.visible.len().saturating_sub(1));
        self.chosen = self.selected();
    }
}
