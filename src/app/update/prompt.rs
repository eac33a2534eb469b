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
        PromptKind::AddTags { article, .. } => {
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
                swap_reversed_range(state);
                state.rerender_article();
            }
        }
        KeyCode::Esc => {
            let previous = previous.clone();
            state.prompt.close();
            state.prompt.filter_error = None;
            // Nor does a warning about the error stay.
            state.notices.clear_note();
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

/// A date range written later end first gets its ends swapped (as elfeed does), and
/// the status bar says so: otherwise it would silently keep nothing.
fn swap_reversed_range(state: &mut AppState) {
    let Some(spec) = state.list.query.date_term().copied() else {
        return;
    };
    if !spec.is_reversed(state.now, state.zone) {
        return;
    }
    let fixed = spec.swapped();
    let next = state.list.query.with_date_term(Some(fixed));
    set_query(state, next);
    state.say(
        Level::Info,
        format!("@{spec} runs backwards: read as @{fixed}"),
    );
}

/// The add-tags prompt: Tab completes the last word from the known tags, Enter adds
/// every word (commas or spaces separate them), Esc cancels.
fn tag_key(state: &mut AppState, article: usize, key: KeyEvent) -> Effect {
    let Some(prompt) = state.prompt.current.as_mut() else {
        return Effect::None;
    };
    // Any key but Tab ends a round of completion.
    let completing = match &mut prompt.kind {
        PromptKind::AddTags { completing, .. } => {
            if key.code == KeyCode::Tab {
                completing.take()
            } else {
                *completing = None;
                None
            }
        }
        _ => None,
    };
    match key.code {
        KeyCode::Esc => state.prompt.close(),
        KeyCode::Tab => {
            // The last word completes to the first known tag it starts; Tab again
            // shows the next one, round to the first.
            let text = prompt.input.value().to_string();
            let (head, word, next) = if let Some((word, shown)) = completing {
                let head = text.trim_end();
                let start = head.rfind([' ', ',']).map_or(0, |i| i + 1);
                (text[..start].to_string(), word, shown + 1)
            } else {
                let start = text.rfind([' ', ',']).map_or(0, |i| i + 1);
                (text[..start].to_string(), text[start..].to_lowercase(), 0)
            };
            if !word.is_empty() {
                let known = state
                    .marks
                    .known_tags(state.lib.articles.iter().map(|a| &**a));
                let hits: Vec<&String> = known
                    .iter()
                    .filter(|t| t.to_lowercase().starts_with(&word))
                    .collect();
                if !hits.is_empty() {
                    let i = next % hits.len();
                    prompt.input = Input::new(format!("{head}{} ", hits[i]));
                    if let PromptKind::AddTags { completing, .. } = &mut prompt.kind {
                        *completing = Some((word, i));
                    }
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
                    tag: tag.0.into(),
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
