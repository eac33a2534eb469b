//! The bottom prompt: the live filter (every keystroke re-filters, a bad term is kept
//! aside while the last valid filter stays), tags to add with completion, and the
//! yes/no before a bulk change; a view's name and a link's number go to their own
//! children (`views`, `links`).

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use super::{Effect, marks::commit, set_query};
use crate::app::state::{AppState, Level, PromptKind};
use crate::marks::{ArticleKey, Change, TagOp};
use crate::query::Query;

/// A key typed while the bottom prompt is open: the filter, tags to add, a yes/no, a
/// view's name or a link's number.
pub(super) fn key(state: &mut AppState, key: KeyEvent) -> Effect {
    let Some(prompt) = state.prompt.current.as_mut() else {
        return Effect::None;
    };
    match &prompt.kind {
        PromptKind::Filter { .. } => {}
        PromptKind::Confirm { step, .. } => {
            let step = step.clone();
            state.prompt.close();
            if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                return commit(state, step);
            }
            state.say(Level::Info, "cancelled");
            return Effect::None;
        }
        PromptKind::AddTags { article } => {
            let article = *article;
            return tag_key(state, article, key);
        }
        PromptKind::ViewName => return super::views::name_key(state, key),
        PromptKind::OpenLink { .. } => return super::links::number_key(state, key),
    }
    let PromptKind::Filter { previous } = &prompt.kind else {
        return Effect::None;
    };
    match key.code {
        KeyCode::Enter => {
            if state.prompt.filter_error.is_some() {
                state.say(
                    Level::Warning,
                    "the filter has an error: fix it, or press Esc to go back",
                );
            } else {
                state.prompt.close();
                state.rerender_article();
            }
        }
        KeyCode::Esc => {
            let previous = previous.clone();
            state.prompt.close();
            state.prompt.filter_error = None;
            set_query(state, previous);
        }
        _ => {
            if let Some(req) = to_input_request(&Event::Key(key)) {
                prompt.input.handle(req);
                let text = prompt.input.value().to_string();
                match Query::parse(&text) {
                    Ok(q) => {
                        state.prompt.filter_error = None;
                        if q != state.list.query {
                            set_query(state, q);
                        }
                    }
                    Err(e) => state.prompt.filter_error = Some(e),
                }
            }
        }
    }
    Effect::None
}

/// The add-tags prompt: Tab completes the last word from the known tags, Enter adds
/// every word (commas or spaces separate them), Esc cancels.
fn tag_key(state: &mut AppState, article: usize, key: KeyEvent) -> Effect {
    let Some(prompt) = state.prompt.current.as_mut() else {
        return Effect::None;
    };
    match key.code {
        KeyCode::Esc => state.prompt.close(),
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
            state.prompt.close();
            let a = &state.lib.articles[article];
            let mut step = Vec::new();
            for raw in text.split([',', ' ']).filter(|t| !t.trim().is_empty()) {
                let Some(tag) = crate::model::Tag::new(raw) else {
                    continue;
                };
                let op = match state.marks.add_tag_op(a, &tag) {
                    Some(TagOp::Add) if step.iter().any(|c| matches!(c, Change::Tag { tag: t, .. } if t.eq_ignore_ascii_case(&tag.0))) => continue,
                    Some(op) => op,
                    None => continue,
                };
                step.push(Change::Tag {
                    article: ArticleKey::of(a),
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
