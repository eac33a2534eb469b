//! Everything a user can ask the reader to do. The keymap maps keys to these; the help
//! overlay lists them with `describe`. Names are the `snake_case` keys of `[keys]`.

use serde::{Deserialize, Serialize};

/// A user action. Pane-relative actions (`next`, `open`, `left`...) act on the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Quit at once.
    Quit,
    /// Close the overlay or prompt, leave the article, or quit from the list.
    Back,
    /// Move down: next article, scroll the article, or the next bucket.
    Next,
    /// Move up: previous article, scroll back, or the previous bucket.
    Prev,
    /// Go to the first article, the top of the article, or the first bucket.
    First,
    /// Go to the last article, the end of the article, or the last bucket.
    Last,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Open the selected article; in the timeline, filter to the bucket or range.
    Open,
    /// Timeline: the bucket to the left (older).
    Left,
    /// Timeline: the bucket to the right (newer).
    Right,
    /// Timeline: start or stop selecting a range of buckets.
    Range,
    /// Timeline: remove the date term; elsewhere, close what is open.
    Cancel,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus the list.
    FocusList,
    /// Focus the article.
    FocusArticle,
    /// Focus the timeline.
    FocusTimeline,
    /// Edit the filter query.
    EditFilter,
    /// Clear the filter query.
    ClearFilter,
    /// Cycle the timeline's bucket size (auto, day, week, month, quarter, year).
    Zoom,
    /// Cycle the sort order (newest, oldest, source, title).
    CycleSort,
    /// Open the article's link in the browser.
    OpenLink,
    /// Copy the article's link to the clipboard.
    CopyLink,
    /// Bookmark the selected article, or remove its bookmark.
    Bookmark,
    /// Show bookmarked articles only (toggles `is:bookmarked` in the filter).
    BookmarksOnly,
    /// Mark the selected article read or unread.
    ToggleRead,
    /// Mark every article the filter shows as read (asks first).
    MarkAllRead,
    /// Undo the last bookmark, read or tag change.
    Undo,
    /// Add tags to the selected article.
    AddTags,
    /// Remove a tag from the selected article.
    RemoveTag,
    /// Fetch the selected article's feed again.
    Refresh,
    /// Fetch every subscribed feed.
    RefreshAll,
    /// Show every action and its keys.
    Help,
    /// Show every warning and error since start.
    Messages,
}

impl Action {
    /// Every action, in the order the help overlay lists them.
    pub const ALL: [Action; 35] = [
        Self::Next,
        Self::Prev,
        Self::First,
        Self::Last,
        Self::PageDown,
        Self::PageUp,
        Self::Open,
        Self::Back,
        Self::Left,
        Self::Right,
        Self::Range,
        Self::Cancel,
        Self::FocusNext,
        Self::FocusPrev,
        Self::FocusList,
        Self::FocusArticle,
        Self::FocusTimeline,
        Self::EditFilter,
        Self::ClearFilter,
        Self::Zoom,
        Self::CycleSort,
        Self::OpenLink,
        Self::CopyLink,
        Self::Bookmark,
        Self::BookmarksOnly,
        Self::ToggleRead,
        Self::MarkAllRead,
        Self::Undo,
        Self::AddTags,
        Self::RemoveTag,
        Self::Refresh,
        Self::RefreshAll,
        Self::Help,
        Self::Messages,
        Self::Quit,
    ];

    /// The config name (`page_down`).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// A short description for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::Back => "back / close / quit",
            Self::Next => "down / next",
            Self::Prev => "up / previous",
            Self::First => "first / top",
            Self::Last => "last / end",
            Self::PageDown => "page down",
            Self::PageUp => "page up",
            Self::Open => "open article / apply bucket",
            Self::Left => "timeline: older bucket",
            Self::Right => "timeline: newer bucket",
            Self::Range => "timeline: select a range",
            Self::Cancel => "timeline: remove date filter",
            Self::FocusNext => "next pane",
            Self::FocusPrev => "previous pane",
            Self::FocusList => "focus list",
            Self::FocusArticle => "focus article",
            Self::FocusTimeline => "focus timeline",
            Self::EditFilter => "edit filter",
            Self::ClearFilter => "clear filter",
            Self::Zoom => "timeline bucket size",
            Self::CycleSort => "cycle sort order",
            Self::OpenLink => "open link in browser",
            Self::CopyLink => "copy link",
            Self::Bookmark => "bookmark / unbookmark",
            Self::BookmarksOnly => "bookmarks only (is:bookmarked)",
            Self::ToggleRead => "mark read / unread",
            Self::MarkAllRead => "mark all shown as read",
            Self::Undo => "undo the last change",
            Self::AddTags => "add tags",
            Self::RemoveTag => "remove a tag",
            Self::Refresh => "refresh this feed",
            Self::RefreshAll => "refresh all feeds",
            Self::Help => "help",
            Self::Messages => "messages",
        }
    }
}
