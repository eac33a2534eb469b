//! Links: open the selected article's link in the browser or copy it, or, in the
//! article pane when the body shown has numbered links, ask which to open
//! (`PromptKind::OpenLink`: Enter the article's link, a number one of the body's, as
//! in newsboat's URL view). Only http(s) links open.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use super::Effect;
use crate::app::state::{AppState, Focus, Level, PromptKind};
use crate::model::is_web_link;

/// The open key (`open`) or the copy key. In the article pane, opening asks for a
/// number first when the body shown has numbered links; elsewhere (the list, the
/// timeline) it opens the article's link at once.
pub(super) fn action(state: &mut AppState, open: bool) -> Effect {
    let selected = state.selected();
    let link = selected.and_then(|i| state.lib.articles[i].link.clone());
    let reading = state.focus == Focus::Article && state.article.article == selected;
    if open && selected.is_some() && reading {
        let links = state.article.links.clone();
        if !links.is_empty() {
            state
                .prompt
                .open(String::new(), PromptKind::OpenLink { link, links });
            state.rerender_article();
            return Effect::None;
        }
    }
    hand_over(state, link, open)
}

/// Opens or copies `link`: http(s) only; anything else is said.
fn hand_over(state: &mut AppState, link: Option<String>, open: bool) -> Effect {
    match link {
        Some(l) if is_web_link(&l) => {
            let l = l.trim().to_string();
            if open {
                return Effect::OpenLink(l);
            }
            state.say(Level::Info, format!("copied {l}"));
            return Effect::CopyLink(l);
        }
        Some(l) => state.say(
            Level::Warning,
            format!("not an http(s) link, not opened: {l}"),
        ),
        None => state.say(Level::Info, "this article has no link"),
    }
    Effect::None
}

/// A key typed into the link prompt: Enter opens the article's link (or the number
/// typed), a digit opens that link at once when there are fewer than ten, Esc
/// cancels. A number out of range is said and the prompt stays.
pub(super) fn number_key(state: &mut AppState, key: KeyEvent) -> Effect {
    let Some(prompt) = state.prompt.current.as_mut() else {
        return Effect::None;
    };
    let PromptKind::OpenLink { link, links } = &prompt.kind else {
        return Effect::None;
    };
    let count = links.len();
    let typed = prompt.input.value().trim().to_string();
    match key.code {
        KeyCode::Esc => {
            close(state);
            state.say(Level::Info, "cancelled");
            Effect::None
        }
        KeyCode::Enter if typed.is_empty() => {
            if link.is_none() {
                state.say(
                    Level::Info,
                    format!("this article has no link of its own: type 1–{count}, or Esc"),
                );
                return Effect::None;
            }
            let link = link.clone();
            close(state);
            hand_over(state, link, true)
        }
        KeyCode::Enter => pick(state, &typed),
        KeyCode::Char(c) if c.is_ascii_digit() => {
            if count < 10 && typed.is_empty() {
                return pick(state, &c.to_string());
            }
            if let Some(req) = to_input_request(&Event::Key(key)) {
                prompt.input.handle(req);
            }
            Effect::None
        }
        KeyCode::Char(_) => {
            state.say(Level::Warning, range(count));
            Effect::None
        }
        _ => {
            if let Some(req) = to_input_request(&Event::Key(key)) {
                prompt.input.handle(req);
            }
            Effect::None
        }
    }
}

/// Opens numbered link `typed`, or says it has no such link (the prompt stays, empty).
fn pick(state: &mut AppState, typed: &str) -> Effect {
    let Some(prompt) = state.prompt.current.as_mut() else {
        return Effect::None;
    };
    let PromptKind::OpenLink { links, .. } = &prompt.kind else {
        return Effect::None;
    };
    let chosen = typed
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| links.get(i))
        .cloned();
    if let Some(url) = chosen {
        close(state);
        return hand_over(state, Some(url), true);
    }
    let text = format!("no link {typed}: {}", range(links.len()));
    prompt.input = Input::default();
    state.say(Level::Warning, text);
    Effect::None
}

/// What the prompt takes, for a message.
fn range(count: usize) -> String {
    if count == 1 {
        "type 1, Enter for the article's link, or Esc".to_string()
    } else {
        format!("type 1–{count}, Enter for the article's link, or Esc")
    }
}

fn close(state: &mut AppState) {
    state.prompt.close();
    state.rerender_article();
}
