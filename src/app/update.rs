//! `update`: the one place state changes. A message (an action from the keymap, a key
//! typed into the prompt, a resize or a mouse event) goes in; the state changes; an
//! `Effect` may come out for the event loop to carry out (open a link, copy, save
//! marks, fetch, quit). Children: `prompt`, `mouse`, `marks`, `timeline`.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use tui_input::Input;

use super::state::{AppState, Focus, Level, Overlay, Prompt, PromptKind};
use crate::action::Action;
use crate::marks::{ArticleKey, Change};
use crate::model::{is_http_url, is_web_link};
use crate::query::{IsKind, Query};
use crate::timeline::BucketSize;

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
}

/// Changes `state` for `msg`.
pub fn update(state: &mut AppState, msg: Msg) -> Effect {
    match msg {
        Msg::Background(b) => {
            background::apply(state, b);
            Effect::None
        }
        Msg::Resize(w, h) => {
            state.area = Rect::new(0, 0, w, h);
            state.rebuild_timeline();
            state.scroll_list_to_cursor();
            state.rerender_article();
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

fn action(state: &mut AppState, a: Action) -> Effect {
    // Notes and warnings last until the next key; errors until dismissed.
    if state
        .status
        .as_ref()
        .is_some_and(|m| m.level != Level::Error)
    {
        state.status = None;
    }
    if state.overlay != Overlay::None {
        return overlay_action(state, a);
    }
    match a {
        Action::Quit => return Effect::Quit,
        Action::Back => {
            if state
                .status
                .as_ref()
                .is_some_and(|m| m.level == Level::Error)
            {
                state.status = None;
            } else if state.focus == Focus::List {
                return Effect::Quit;
            } else {
                state.focus = Focus::List;
                state.rerender_article();
            }
        }
        Action::Help => open_overlay(state, Overlay::Help),
        Action::Messages => open_overlay(state, Overlay::Messages),
        Action::FocusNext | Action::FocusPrev => {
            let order = [Focus::List, Focus::Article, Focus::Timeline];
            let i = order.iter().position(|f| *f == state.focus).unwrap_or(0);
            let n = if a == Action::FocusNext { i + 1 } else { i + 2 };
            focus(state, order[n % 3]);
        }
        Action::FocusList => focus(state, Focus::List),
        Action::FocusArticle => focus(state, Focus::Article),
        Action::FocusTimeline => focus(state, Focus::Timeline),
        Action::EditFilter => {
            state.prompt = Some(Prompt {
                input: Input::new(if state.query.is_empty() {
                    String::new()
                } else {
                    format!("{} ", state.query)
                }),
                kind: PromptKind::Filter {
                    previous: state.query.clone(),
                },
            });
            state.rerender_article();
        }
        Action::Refresh | Action::RefreshAll => {
            if state.fetching.is_some() {
                state.say(Level::Info, "already fetching");
                return Effect::None;
            }
            let urls: Vec<String> = if a == Action::RefreshAll {
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
            state.fetching = Some(super::state::Progress {
                done: 0,
                total: urls.len(),
                failed: 0,
            });
            return Effect::Fetch(urls);
        }
        Action::BookmarksOnly => {
            let next = state.query.toggle_is(IsKind::Bookmarked);
            set_query(state, next);
        }
        Action::Bookmark | Action::ToggleRead => {
            let action_is_bookmark = a == Action::Bookmark;
            let Some(i) = state.selected() else {
                return Effect::None;
            };
            let a = &state.lib.articles[i];
            let articles = vec![ArticleKey::of(a)];
            let at = state.now;
            let change = if action_is_bookmark {
                Change::Bookmark {
                    articles,
                    on: !state.marks.bookmarked(&a.id),
                    at,
                }
            } else {
                Change::Read {
                    articles,
                    on: !state.marks.read(&a.id),
                    at,
                }
            };
            return commit(state, vec![change]);
        }
        Action::MarkAllRead => {
            let unread: Vec<ArticleKey> = state
                .visible
                .iter()
                .map(|&i| &state.lib.articles[i])
                .filter(|a| !state.marks.read(&a.id))
                .map(ArticleKey::of)
                .collect();
            if unread.is_empty() {
                state.say(Level::Info, "nothing unread here");
            } else {
                let n = unread.len();
                let question = format!(
                    "Mark {n} article{} as read? (y/n)",
                    if n == 1 { "" } else { "s" }
                );
                state.prompt = Some(Prompt {
                    input: Input::default(),
                    kind: PromptKind::Confirm {
                        question,
                        step: vec![Change::Read {
                            articles: unread,
                            on: true,
                            at: state.now,
                        }],
                    },
                });
            }
        }
        Action::Undo => match state.undo.pop() {
            Some(step) => {
                let inverse: Vec<Change> = step.iter().rev().map(Change::inverse).collect();
                state.say(Level::Info, format!("undone: {}", describe(&step)));
                return persist(state, inverse, true);
            }
            None => state.say(Level::Info, "nothing to undo"),
        },
        Action::AddTags => {
            if let Some(article) = state.selected() {
                state.prompt = Some(Prompt {
                    input: Input::default(),
                    kind: PromptKind::AddTags { article },
                });
            }
        }
        Action::RemoveTag => {
            if let Some(i) = state.selected() {
                if state
                    .marks
                    .effective_tags(&state.lib.articles[i])
                    .is_empty()
                {
                    state.say(Level::Info, "this article has no tags");
                } else {
                    open_overlay(state, Overlay::TagPicker(i));
                }
            }
        }
        Action::ClearFilter => set_query(state, Query::default()),
        Action::Zoom => {
            let next = match state.timeline.forced {
                None => Some(BucketSize::Day),
                Some(BucketSize::Year) => None,
                Some(s) => BucketSize::ALL
                    .iter()
                    .skip_while(|x| **x != s)
                    .nth(1)
                    .copied(),
            };
            state.timeline.forced = next;
            state.timeline.cursor = None;
            state.timeline.anchor = None;
            state.rebuild_timeline();
            let label = next.map_or("auto", BucketSize::label);
            state.say(Level::Info, format!("timeline: {label}"));
        }
        Action::CycleSort => {
            state.sort = state.sort.next();
            let keep = state.selected();
            state.resort(keep);
            state.say(Level::Info, format!("sorted by {}", state.sort.label()));
        }
        Action::OpenLink | Action::CopyLink => {
            let link = state
                .selected()
                .and_then(|i| state.lib.articles[i].link.clone());
            match link {
                Some(l) if is_web_link(&l) => {
                    return if a == Action::OpenLink {
                        Effect::OpenLink(l)
                    } else {
                        state.say(Level::Info, format!("copied {l}"));
                        Effect::CopyLink(l)
                    };
                }
                Some(l) => state.say(
                    Level::Warning,
                    format!("not an http(s) link, not opened: {l}"),
                ),
                None => state.say(Level::Info, "this article has no link"),
            }
        }
        _ => match state.focus {
            Focus::List => return list_action(state, a),
            Focus::Article => article_action(state, a),
            Focus::Timeline => timeline_action(state, a),
        },
    }
    Effect::None
}

fn open_overlay(state: &mut AppState, o: Overlay) {
    state.overlay = o;
    state.overlay_scroll = 0;
}

fn overlay_action(state: &mut AppState, a: Action) -> Effect {
    if let Overlay::TagPicker(i) = state.overlay {
        return picker_action(state, i, a);
    }
    match a {
        Action::Quit => return Effect::Quit,
        Action::Next => state.overlay_scroll += 1,
        Action::Prev => state.overlay_scroll = state.overlay_scroll.saturating_sub(1),
        Action::PageDown => state.overlay_scroll += 10,
        Action::PageUp => state.overlay_scroll = state.overlay_scroll.saturating_sub(10),
        Action::First => state.overlay_scroll = 0,
        Action::Help if state.overlay != Overlay::Help => open_overlay(state, Overlay::Help),
        Action::Messages if state.overlay != Overlay::Messages => {
            open_overlay(state, Overlay::Messages);
        }
        _ => state.overlay = Overlay::None,
    }
    Effect::None
}

pub(super) fn focus(state: &mut AppState, f: Focus) {
    state.focus = f;
    if f == Focus::Timeline && state.timeline.cursor.is_none() {
        state.timeline.cursor = state
            .selected_bucket()
            .or_else(|| state.timeline.hist.len().checked_sub(1));
    }
    state.scroll_list_to_cursor();
    state.rerender_article();
}

pub(super) fn move_cursor(state: &mut AppState, to: usize) {
    state.cursor = to.min(state.visible.len().saturating_sub(1));
    state.chosen = state.selected();
    state.scroll_list_to_cursor();
    state.rerender_article();
}

pub(super) fn list_action(state: &mut AppState, a: Action) -> Effect {
    let page = state.list_rows().saturating_sub(1).max(1);
    let c = state.cursor;
    match a {
        Action::Next => move_cursor(state, c + 1),
        Action::Prev => move_cursor(state, c.saturating_sub(1)),
        Action::First => move_cursor(state, 0),
        Action::Last => move_cursor(state, usize::MAX),
        Action::PageDown => move_cursor(state, c + page),
        Action::PageUp => move_cursor(state, c.saturating_sub(page)),
        Action::Open => {
            if let Some(i) = state.selected() {
                focus(state, Focus::Article);
                // Opening an article reads it.
                let a = &state.lib.articles[i];
                if !state.marks.read(&a.id) {
                    let change = Change::Read {
                        articles: vec![ArticleKey::of(a)],
                        on: true,
                        at: state.now,
                    };
                    return commit(state, vec![change]);
                }
            }
        }
        _ => {}
    }
    Effect::None
}

pub(super) fn article_action(state: &mut AppState, a: Action) {
    let page = state.article_rows().saturating_sub(2).max(1);
    let max = state
        .article
        .lines
        .len()
        .saturating_sub(state.article_rows());
    let s = state.article_scroll;
    state.article_scroll = match a {
        Action::Next => s + 1,
        Action::Prev => s.saturating_sub(1),
        Action::First => 0,
        Action::Last => max,
        Action::PageDown => s + page,
        Action::PageUp => s.saturating_sub(page),
        _ => s,
    }
    .min(max);
}

/// Applies a new valid query.
pub fn set_query(state: &mut AppState, q: Query) {
    state.query = q;
    state.refilter();
}

pub mod background;
mod marks;
mod mouse;
mod prompt;
mod timeline;

use marks::{commit, describe, persist, picker_action};
use timeline::{jump_to_bucket, timeline_action};
