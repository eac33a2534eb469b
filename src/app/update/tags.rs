//! Tags: the add-tags prompt of `t` (its keys are in `prompt`) and the tag picker of
//! `T`.

use super::{Effect, marks::commit};
use crate::action::Action;
use crate::app::state::{AppState, Level, Overlay, PromptKind};
use crate::marks::{ArticleKey, Change};

/// Add tags (opens the prompt) or remove one (opens the picker).
pub(super) fn action(state: &mut AppState, a: Action) {
    let Some(i) = state.selected() else {
        return;
    };
    match a {
        Action::AddTags => {
            state.prompt.open(
                String::new(),
                PromptKind::AddTags {
                    article: i,
                    completing: None,
                },
            );
        }
        Action::RemoveTag => {
            if state
                .marks
                .effective_tags(&state.lib.articles[i])
                .is_empty()
            {
                state.say(Level::Info, "this article has no tags");
            } else {
                state.overlays.open(Overlay::TagPicker(i));
            }
        }
        _ => {}
    }
}

/// The tag picker: move, Enter removes the highlighted tag (a user tag is deleted, a
/// feed or folder tag is hidden), anything else closes it.
pub(super) fn picker_action(state: &mut AppState, i: usize, a: Action) -> Effect {
    let tags = state.marks.effective_tags(&state.lib.articles[i]);
    let last = tags.len().saturating_sub(1);
    let o = &mut state.overlays;
    match a {
        Action::Quit => return Effect::Quit,
        Action::Next => o.scroll = (o.scroll + 1).min(last),
        Action::Prev => o.scroll = o.scroll.saturating_sub(1),
        Action::First => o.scroll = 0,
        Action::Last => o.scroll = last,
        Action::Open => {
            o.close();
            let Some(tag) = tags.get(o.scroll) else {
                return Effect::None;
            };
            let a = &state.lib.articles[i];
            let Some(op) = state.marks.remove_tag_op(a, tag) else {
                return Effect::None;
            };
            let change = Change::Tag {
                article: ArticleKey::of(a),
                tag: tag.0.to_string(),
                op,
            };
            return commit(state, vec![change]);
        }
        _ => o.close(),
    }
    Effect::None
}
