//! Everything a user can ask the reader to do. The keymap maps keys to these; the help
//! overlay lists them with `describe`. Names are the `snake_case` keys of `[keys]`; the
//! default keys are in `config/default.toml`. Below both the keymap and the app.
//!
//! Adding an action is one row of the `actions!` table below (its doc, its place in
//! `Ord` and its help text) and its handler in `app::update`.

use serde::{Deserialize, Serialize};

/// Declares `Action` from one table: each row is the variant's doc, the variant with
/// its discriminant, and its help text. Rows are in help order (`Action::ALL`).
macro_rules! actions {
    ($( $(#[$doc:meta])* $variant:ident = $rank:literal, $describe:literal; )*) => {
        /// A user action. Pane-relative actions (`next`, `open`, `left`...) act on the
        /// focused pane.
        ///
        /// `Ord` follows the discriminant, not help order: it decides which of two
        /// actions a key conflict names first (`quit` and `back` before the rest). A new
        /// action takes the next free number.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action {
            $( $(#[$doc])* $variant = $rank, )*
        }

        impl Action {
            /// Every action, in the order the help overlay lists them.
            pub const ALL: [Action; [$(Action::$variant),*].len()] = [$(Self::$variant),*];

            /// A short description for the help overlay.
            pub fn describe(self) -> &'static str {
                match self {
                    $( Self::$variant => $describe, )*
                }
            }
        }
    };
}

actions! {
    /// Move down: next article, scroll the article, or the next bucket.
    Next = 2, "down / next";
    /// Move up: previous article, scroll back, or the previous bucket.
    Prev = 3, "up / previous";
    /// Go to the first article, the top of the article, or the first bucket.
    First = 4, "first / top";
    /// Go to the last article, the end of the article, or the last bucket.
    Last = 5, "last / end";
    /// One page down.
    PageDown = 6, "page down";
    /// One page up.
    PageUp = 7, "page up";
    /// Select the next unread article in the list's order (and show it, from the
    /// article pane).
    NextUnread = 35, "next unread article";
    /// Select the previous unread article.
    PrevUnread = 36, "previous unread article";
    /// The next article, also from the article pane (which then shows it).
    NextArticle = 37, "next article (from any pane)";
    /// The previous article, also from the article pane.
    PrevArticle = 38, "previous article (from any pane)";
    /// Open the selected article; in the timeline, filter to the bucket or range.
    Open = 8, "open article / apply bucket";
    /// Close the overlay or prompt, leave the article, or quit from the list.
    Back = 1, "back / close / quit";
    /// Timeline: the bucket to the left (older).
    Left = 9, "timeline: older bucket";
    /// Timeline: the bucket to the right (newer).
    Right = 10, "timeline: newer bucket";
    /// Timeline: start or stop selecting a range of buckets.
    Range = 11, "timeline: select a range";
    /// Timeline: remove the date term; elsewhere, close what is open.
    Cancel = 12, "timeline: remove date filter";
    /// Focus the next pane.
    FocusNext = 13, "next pane";
    /// Focus the previous pane.
    FocusPrev = 14, "previous pane";
    /// Focus the list.
    FocusList = 15, "focus list";
    /// Focus the article.
    FocusArticle = 16, "focus article";
    /// Focus the timeline.
    FocusTimeline = 17, "focus timeline";
    /// Edit the filter query.
    EditFilter = 18, "edit filter";
    /// Clear the filter query.
    ClearFilter = 19, "clear filter";
    /// Cycle the timeline's bucket size (auto, day, week, month, quarter, year).
    Zoom = 20, "timeline bucket size";
    /// Cycle the sort order (newest, oldest, source, title).
    CycleSort = 21, "cycle sort order";
    /// Open the article's link in the browser.
    OpenLink = 22, "open link in browser";
    /// Copy the article's link to the clipboard.
    CopyLink = 23, "copy link";
    /// Bookmark the selected article, or remove its bookmark.
    Bookmark = 24, "bookmark / unbookmark";
    /// Show bookmarked articles only (toggles `is:bookmarked` in the filter).
    BookmarksOnly = 25, "bookmarks only (is:bookmarked)";
    /// Show unread articles only (toggles `is:unread` in the filter).
    UnreadOnly = 39, "unread only (is:unread)";
    /// Show or hide the sidebar of views, sources and tags (focused when shown).
    Sidebar = 40, "sidebar: views, sources, tags";
    /// Save the current filter as a view (asks for its name).
    SaveView = 41, "save the filter as a view";
    /// Give the list more room.
    WidenList = 42, "widen the list";
    /// Give the list less room.
    NarrowList = 43, "narrow the list";
    /// Cycle the timeline between full, compact (two rows) and hidden.
    CycleTimeline = 44, "timeline: full / compact / hidden";
    /// Mark the selected article read or unread.
    ToggleRead = 26, "mark read / unread";
    /// Mark every article the filter shows as read (asks first).
    MarkAllRead = 27, "mark all shown as read";
    /// Undo the last bookmark, read or tag change.
    Undo = 28, "undo the last change";
    /// Add tags to the selected article.
    AddTags = 29, "add tags";
    /// Remove a tag from the selected article.
    RemoveTag = 30, "remove a tag";
    /// Fetch the selected article's feed again.
    Refresh = 31, "refresh this feed";
    /// Fetch every subscribed feed.
    RefreshAll = 32, "refresh all feeds, read local files again";
    /// Show every action and its keys.
    Help = 33, "help";
    /// Show every warning and error since start.
    Messages = 34, "messages";
    /// Quit at once.
    Quit = 0, "quit";
}

impl Action {
    /// The config name (`page_down`): the variant in `snake_case`, as serde spells it.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}
