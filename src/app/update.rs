//! `update`: the one place state changes. A message (an action from the keymap, a key
//! typed into the prompt, a resize or a mouse event) goes in; the state changes; an
//! `Effect` may come out for the event loop to carry out (open a link, copy, save
//! marks, fetch, quit). `action` hands each action to the child for its concern:
//! `global` (quit, back, focus, overlays), `list` and `article` (the panes' keys),
//! `filter`, `marks` (bookmarks, read, undo), `tags`, `feeds` (refresh), `links`,
//! `timeline`, `sidebar` (views, sources, tags), `views` (saving one), `arrange`
//! (the list's share, the timeline's size); `prompt` takes keys typed into the prompt,
//! `mouse` clicks and the wheel, `background` what background work reports.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::state::{AppState, Focus};
use crate::action::Action;
use crate::marks::Change;

/// What happened.
#[derive(Debug)]
pub enum Msg {
    Action(Action),
    /// A key typed while the filter prompt is open.
    PromptKey(KeyEvent),
    Resize(u16, u16),
    Click {
        column: u16,
        row: u16,
    },
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    /// What background work reports (a refresh, the marks writer, a render).
    Background(background::Background),
}

/// IO for the event loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    OpenLink(String),
    CopyLink(String),
    /// Changes to commit to the state store, in order, off the input thread; the
    /// outcome goes back to `AppState::write_done`.
    Persist(Vec<Change>),
    /// Fetch these feed URLs in the background.
    Fetch(Vec<String>),
    /// Write a view into the config file (its outcome comes back as
    /// `Background::ViewSaved`).
    SaveView(crate::config::View),
    /// Read the local files and folders again, and fetch these feed URLs (`R`).
    RefreshAll(Vec<String>),
}

/// Changes `state` for `msg`.
pub fn update(state: &mut AppState, msg: Msg) -> Effect {
    match msg {
        Msg::Background(b) => background::apply(state, b),
        Msg::Resize(w, h) => {
            state.area = Rect::new(0, 0, w, h);
            if !state.sidebar_shown() && state.focus == Focus::Sidebar {
                state.focus = Focus::List;
            }
            state.recount_sidebar();
            sidebar::relayout(state);
            Effect::None
        }
        Msg::PromptKey(key) => prompt::key(state, key),
        Msg::Click { column, row } => {
            mouse::click(state, column, row);
            Effect::None
        }
        Msg::Wheel { column, row, down } => {
            if state.mouse {
                mouse::wheel(state, column, row, down);
            }
            Effect::None
        }
        Msg::Action(a) => action(state, a),
    }
}

/// Changes `state` for an action of the keymap.
fn action(state: &mut AppState, a: Action) -> Effect {
    // Notes and warnings last until the next key; errors until dismissed.
    state.notices.clear_note();
    if state.overlays.is_open() {
        return global::overlay_action(state, a);
    }
    match a {
        Action::Quit
        | Action::Back
        | Action::Help
        | Action::Messages
        | Action::FocusNext
        | Action::FocusPrev
        | Action::FocusList
        | Action::FocusArticle
        | Action::FocusTimeline => global::action(state, a),
        Action::EditFilter
        | Action::ClearFilter
        | Action::BookmarksOnly
        | Action::UnreadOnly
        | Action::CycleSort => {
            filter::action(state, a);
            Effect::None
        }
        Action::Sidebar => {
            sidebar::toggle(state);
            Effect::None
        }
        Action::SaveView => {
            views::ask_name(state);
            Effect::None
        }
        Action::WidenList | Action::NarrowList | Action::CycleTimeline => {
            arrange::action(state, a);
            Effect::None
        }
        Action::Refresh | Action::RefreshAll => feeds::refresh(state, a == Action::RefreshAll),
        Action::Bookmark | Action::ToggleRead | Action::MarkAllRead | Action::Undo => {
            marks::action(state, a)
        }
        Action::AddTags | Action::RemoveTag => {
            tags::action(state, a);
            Effect::None
        }
        Action::Zoom => {
            timeline::zoom(state);
            Effect::None
        }
        Action::OpenLink | Action::CopyLink => links::action(state, a == Action::OpenLink),
        Action::NextUnread | Action::PrevUnread | Action::NextArticle | Action::PrevArticle => {
            reading::action(state, a)
        }
        _ => match state.focus {
            Focus::List => list::action(state, a),
            Focus::Article => article::action(state, a),
            Focus::Timeline => {
                timeline::action(state, a);
                Effect::None
            }
            Focus::Sidebar => {
                sidebar::action(state, a);
                Effect::None
            }
        },
    }
}

mod arrange;
mod article;
pub mod background;
mod feeds;
mod filter;
mod global;
mod links;
mod list;
mod marks;
mod mouse;
mod prompt;
mod reading;
mod sidebar;
mod tags;
mod timeline;
mod views;

pub use filter::set_query;
pub use sidebar::is_applied;
