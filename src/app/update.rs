//! `update`: the one place state changes. A message (an action from the keymap, a key
//! typed into the prompt, a resize or a mouse event) goes in; the state changes; an
//! `Effect` may come out for the event loop to carry out (open a link, copy, quit).

use crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use super::action::Action;
use super::state::{AppState, Focus, Level, Overlay, Prompt, PromptKind};
use crate::marks::{Change, Key, TagOp};
use crate::query::{IsKind, Query};
use crate::timeline::BucketSize;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

/// IO for the event loop to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    OpenLink(String),
    CopyLink(String),
    /// Changes to commit to the state store, now.
    Persist(Vec<Change>),
    /// Fetch these feed URLs in the background.
    Fetch(Vec<String>),
}

/// Whether a link may be handed to a browser: http(s) only.
pub fn is_web_link(link: &str) -> bool {
    let l = link.trim().to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://")) && !link.chars().any(char::is_control)
}

/// Changes `state` for `msg`.
pub fn update(state: &mut AppState, msg: Msg) -> Effect {
    match msg {
        Msg::Resize(w, h) => {
            state.area = Rect::new(0, 0, w, h);
            state.rebuild_timeline();
            state.scroll_list_to_cursor();
            state.rerender_article();
            Effect::None
        }
        Msg::PromptKey(key) => prompt_key(state, key),
        Msg::Click { column, row } => {
            click(state, column, row);
            Effect::None
        }
        Msg::Wheel { column, row, down } => {
            if state.mouse {
                wheel(state, column, row, down);
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
            let is_url = |l: &str| l.starts_with("http://") || l.starts_with("https://");
            let urls: Vec<String> = if a == Action::RefreshAll {
                state
                    .lib
                    .sources
                    .iter()
                    .map(|s| s.location.clone())
                    .filter(|l| is_url(l))
                    .collect()
            } else {
                state
                    .selected()
                    .and_then(|i| state.lib.source_of(&state.lib.articles[i]))
                    .map(|s| s.location.clone())
                    .filter(|l| is_url(l))
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
            let articles = vec![Key::of(a)];
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
            let unread: Vec<Key> = state
                .visible
                .iter()
                .map(|&i| &state.lib.articles[i])
                .filter(|a| !state.marks.read(&a.id))
                .map(Key::of)
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
                for c in &inverse {
                    state.marks.apply(c);
                }
                after_marks(state);
                state.say(Level::Info, format!("undone: {}", describe(&step)));
                return Effect::Persist(inverse);
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

/// The tag picker: move, Enter removes the highlighted tag (a user tag is deleted, a
/// feed or folder tag is hidden), anything else closes it.
fn picker_action(state: &mut AppState, i: usize, a: Action) -> Effect {
    let tags = state.marks.effective_tags(&state.lib.articles[i]);
    let last = tags.len().saturating_sub(1);
    match a {
        Action::Quit => return Effect::Quit,
        Action::Next => state.overlay_scroll = (state.overlay_scroll + 1).min(last),
        Action::Prev => state.overlay_scroll = state.overlay_scroll.saturating_sub(1),
        Action::First => state.overlay_scroll = 0,
        Action::Last => state.overlay_scroll = last,
        Action::Open => {
            state.overlay = Overlay::None;
            let Some(tag) = tags.get(state.overlay_scroll) else {
                return Effect::None;
            };
            let a = &state.lib.articles[i];
            let user = state
                .marks
                .get(&a.id)
                .is_some_and(|m| m.added.contains(tag));
            let change = Change::Tag {
                article: Key::of(a),
                tag: tag.0.clone(),
                op: if user { TagOp::Remove } else { TagOp::Hide },
            };
            return commit(state, vec![change]);
        }
        _ => state.overlay = Overlay::None,
    }
    Effect::None
}

fn focus(state: &mut AppState, f: Focus) {
    state.focus = f;
    if f == Focus::Timeline && state.timeline.cursor.is_none() {
        state.timeline.cursor = state
            .selected_bucket()
            .or_else(|| state.timeline.hist.len().checked_sub(1));
    }
    state.scroll_list_to_cursor();
    state.rerender_article();
}

fn move_cursor(state: &mut AppState, to: usize) {
    state.cursor = to.min(state.visible.len().saturating_sub(1));
    state.chosen = state.selected();
    state.scroll_list_to_cursor();
    state.rerender_article();
}

fn list_action(state: &mut AppState, a: Action) -> Effect {
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
                        articles: vec![Key::of(a)],
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

fn article_action(state: &mut AppState, a: Action) {
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

fn timeline_action(state: &mut AppState, a: Action) {
    let len = state.timeline.hist.len();
    if len == 0 {
        return;
    }
    let cur = state.timeline.cursor.unwrap_or(len - 1);
    let to = match a {
        Action::Left | Action::Prev => Some(cur.saturating_sub(1)),
        Action::Right | Action::Next => Some((cur + 1).min(len - 1)),
        Action::First => Some(0),
        Action::Last => Some(len - 1),
        Action::PageUp => Some(cur.saturating_sub(10)),
        Action::PageDown => Some((cur + 10).min(len - 1)),
        Action::Range => {
            state.timeline.anchor = match state.timeline.anchor {
                Some(_) => None,
                None => Some(cur),
            };
            None
        }
        Action::Open => {
            let (a, b) = state.timeline.range().unwrap_or((cur, cur));
            let term = state.timeline.hist.date_term(a, b);
            state.timeline.anchor = None;
            match Query::parse(&format!("@{term}")) {
                Ok(q) => {
                    let spec = q.date_term().copied();
                    let next = state.query.with_date_term(spec);
                    set_query(state, next);
                }
                Err(e) => state.say(Level::Error, format!("timeline: {e}")),
            }
            None
        }
        Action::Cancel => {
            state.timeline.anchor = None;
            let next = state.query.with_date_term(None);
            set_query(state, next);
            None
        }
        _ => None,
    };
    if let Some(to) = to {
        state.timeline.cursor = Some(to);
        jump_to_bucket(state, to);
    }
}

/// Selects the newest visible article in bucket `b`.
fn jump_to_bucket(state: &mut AppState, b: usize) {
    let (hist, zone) = (&state.timeline.hist, state.zone);
    let arts = &state.lib.articles;
    let best = state
        .visible
        .iter()
        .enumerate()
        .filter_map(|(pos, &i)| {
            let d = arts[i].date()?;
            (hist.bucket_of(d, zone) == Some(b)).then_some((d, pos))
        })
        .max_by_key(|(d, _)| *d);
    if let Some((_, pos)) = best {
        move_cursor(state, pos);
    }
}

/// Applies a user step: marks change now, the store commits it, `u` can undo it.
fn commit(state: &mut AppState, step: Vec<Change>) -> Effect {
    if step.is_empty() {
        return Effect::None;
    }
    for c in &step {
        state.marks.apply(c);
    }
    after_marks(state);
    state.say(Level::Info, describe(&step));
    state.undo.push(step.clone());
    Effect::Persist(step)
}

/// The list keeps its rows (an article marked read under `is:unread` stays until the
/// filter changes); counts and the article's tags follow the marks.
fn after_marks(state: &mut AppState) {
    state.recount();
    state.article = super::article::Rendered::default();
    state.rerender_article();
}

fn describe(step: &[Change]) -> String {
    step.iter()
        .map(Change::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Applies a new valid query.
pub fn set_query(state: &mut AppState, q: Query) {
    state.query = q;
    state.refilter();
}

fn prompt_key(state: &mut AppState, key: KeyEvent) -> Effect {
    let Some(prompt) = state.prompt.as_mut() else {
        return Effect::None;
    };
    match &prompt.kind {
        PromptKind::Filter { .. } => {}
        PromptKind::Confirm { step, .. } => {
            let step = step.clone();
            state.prompt = None;
            if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                return commit(state, step);
            }
            state.say(Level::Info, "cancelled");
            return Effect::None;
        }
        PromptKind::AddTags { article } => {
            let article = *article;
            return tag_prompt_key(state, article, key);
        }
    }
    let PromptKind::Filter { previous } = &prompt.kind else {
        return Effect::None;
    };
    match key.code {
        KeyCode::Enter => {
            if state.filter_error.is_some() {
                state.say(
                    Level::Warning,
                    "the filter has an error: fix it, or press Esc to go back",
                );
            } else {
                state.prompt = None;
                state.rerender_article();
            }
        }
        KeyCode::Esc => {
            let previous = previous.clone();
            state.prompt = None;
            state.filter_error = None;
            set_query(state, previous);
        }
        _ => {
            if let Some(req) = to_input_request(&Event::Key(key)) {
                prompt.input.handle(req);
                let text = prompt.input.value().to_string();
                match Query::parse(&text) {
                    Ok(q) => {
                        state.filter_error = None;
                        if q != state.query {
                            set_query(state, q);
                        }
                    }
                    Err(e) => state.filter_error = Some(e),
                }
            }
        }
    }
    Effect::None
}

/// The add-tags prompt: Tab completes the last word from the known tags, Enter adds
/// every word (commas or spaces separate them), Esc cancels.
fn tag_prompt_key(state: &mut AppState, article: usize, key: KeyEvent) -> Effect {
    let Some(prompt) = state.prompt.as_mut() else {
        return Effect::None;
    };
    match key.code {
        KeyCode::Esc => state.prompt = None,
        KeyCode::Tab => {
            let text = prompt.input.value().to_string();
            let start = text.rfind([' ', ',']).map_or(0, |i| i + 1);
            let word = text[start..].to_lowercase();
            if !word.is_empty() {
                let known = state.marks.known_tags(state.lib.articles.iter());
                if let Some(m) = known.iter().find(|t| t.to_lowercase().starts_with(&word)) {
                    prompt.input = Input::new(format!("{}{m} ", &text[..start]));
                }
            }
        }
        KeyCode::Enter => {
            let text = prompt.input.value().to_string();
            state.prompt = None;
            let a = &state.lib.articles[article];
            let mark = state.marks.get(&a.id);
            let effective = state.marks.effective_tags(a);
            let mut step = Vec::new();
            for raw in text.split([',', ' ']).filter(|t| !t.trim().is_empty()) {
                let Some(tag) = crate::model::Tag::new(raw) else {
                    continue;
                };
                let hidden = mark.is_some_and(|m| m.hidden.contains(&tag));
                let op = if hidden {
                    TagOp::Unhide
                } else if effective.contains(&tag) || step.iter().any(|c| matches!(c, Change::Tag { tag: t, .. } if t.eq_ignore_ascii_case(&tag.0))) {
                    continue;
                } else {
                    TagOp::Add
                };
                step.push(Change::Tag {
                    article: Key::of(a),
                    tag: tag.0,
                    op,
                });
            }
            return commit(state, step);
        }
        _ => {
            if let Some(req) = to_input_request(&Event::Key(key)) {
                prompt.input.handle(req);
            }
        }
    }
    Effect::None
}

fn click(state: &mut AppState, column: u16, row: u16) {
    if !state.mouse || state.overlay != Overlay::None {
        return;
    }
    let p = Position::new(column, row);
    let panes = state.panes();
    if let Some(list) = panes.list.filter(|r| r.contains(p)) {
        state.focus = Focus::List;
        if row > list.y && row < list.bottom() - 1 {
            move_cursor(state, state.list_offset + usize::from(row - list.y - 1));
        }
    } else if panes.article.is_some_and(|r| r.contains(p)) {
        focus(state, Focus::Article);
    } else if panes.timeline.contains(p) {
        focus(state, Focus::Timeline);
        let inner_x = column.saturating_sub(panes.timeline.x + 1);
        if let Some(b) = crate::ui::timeline::bucket_at(
            &state.timeline.hist,
            panes.timeline,
            inner_x,
            state.timeline.cursor,
        ) {
            state.timeline.cursor = Some(b);
            jump_to_bucket(state, b);
        }
    }
}

fn wheel(state: &mut AppState, column: u16, row: u16, down: bool) {
    let p = Position::new(column, row);
    let panes = state.panes();
    let a = if down { Action::Next } else { Action::Prev };
    if panes.list.is_some_and(|r| r.contains(p)) {
        for _ in 0..3 {
            let _ = list_action(state, a);
        }
    } else if panes.article.is_some_and(|r| r.contains(p)) {
        for _ in 0..3 {
            article_action(state, a);
        }
    } else if panes.timeline.contains(p) {
        timeline_action(state, if down { Action::Right } else { Action::Left });
    }
}
