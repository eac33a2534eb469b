//! Saving the current filter as a view: the name is asked for in the prompt, the view
//! joins the sidebar at once, and the loop writes it into the config file
//! (`Effect::SaveView`; the outcome comes back as `Background::ViewSaved`).

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::to_input_request;

use super::Effect;
use crate::app::state::{AppState, Level, PromptKind};
use crate::config::View;

/// The save-view key: asks for a name (a filter is needed to save).
pub(super) fn ask_name(state: &mut AppState) {
    if state.list.query.is_empty() {
        state.say(
            Level::Warning,
            "no filter to save: type one with / first (All shows everything)",
        );
        return;
    }
    state.prompt.open(String::new(), PromptKind::ViewName);
    state.rerender_article();
}

/// A key typed into the view-name prompt.
pub(super) fn name_key(state: &mut AppState, key: KeyEvent) -> Effect {
    let Some(prompt) = state.prompt.current.as_mut() else {
        return Effect::None;
    };
    match key.code {
        KeyCode::Esc => {
            state.prompt.close();
            state.say(Level::Info, "cancelled");
            state.rerender_article();
            Effect::None
        }
        KeyCode::Enter => {
            let name = prompt.input.value().trim().to_string();
            if name.is_empty() || name.chars().any(char::is_control) {
                state.say(Level::Warning, "a view needs a name (Esc cancels)");
                return Effect::None;
            }
            state.prompt.close();
            state.rerender_article();
            let view = View {
                name,
                filter: state.list.query.to_string(),
            };
            add(state, view.clone());
            Effect::SaveView(view)
        }
        _ => {
            if let Some(req) = to_input_request(&Event::Key(key)) {
                prompt.input.handle(req);
            }
            Effect::None
        }
    }
}

/// Puts `view` among the views (replacing one of the same name).
fn add(state: &mut AppState, view: View) {
    match state
        .views
        .iter_mut()
        .find(|v| v.name.eq_ignore_ascii_case(&view.name))
    {
        Some(v) => *v = view,
        None => state.views.push(view),
    }
    state.sidebar.dirty = true;
    state.recount_sidebar();
}

/// The loop wrote the view to the config file, or could not.
pub(super) fn saved(state: &mut AppState, name: &str, outcome: Result<String, String>) {
    match outcome {
        Ok(file) => state.say(Level::Info, format!("view {name:?} saved in {file}")),
        Err(e) => state.say(
            Level::Error,
            format!("view {name:?} is kept for this session only: {e}"),
        ),
    }
}
