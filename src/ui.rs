//! The view: draws one frame from `&AppState`. Each pane is a widget over borrowed
//! state; nothing here changes the state or does IO.

pub mod article;
pub mod help;
pub mod list;
pub mod sidebar;
pub mod status;
pub mod text;
pub mod theme;
pub mod timeline;

use std::fmt::Write;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{AppState, Focus, Overlay};
use crate::layout;
use theme::Theme;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, state: &AppState, theme: &Theme) {
    let area = frame.area();
    let panes = state.panes_in(area);
    if panes.too_small {
        let msg = format!(
            "terminal too small: {}x{}\nneeds at least {}x{}\n(q quits)",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        let y = area.height / 2;
        let r = Rect::new(
            area.x,
            area.y + y.saturating_sub(1),
            area.width,
            3.min(area.height),
        );
        frame.render_widget(
            Paragraph::new(msg)
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true })
                .style(theme.error),
            r,
        );
        return;
    }
    if let Some(r) = panes.list {
        frame.render_widget(&list::ListPane { state, theme }, r);
    }
    if let Some(r) = panes.article {
        frame.render_widget(&article::ArticlePane { state, theme }, r);
    }
    if let Some(r) = panes.sidebar {
        frame.render_widget(&sidebar::SidebarPane { state, theme }, r);
    }
    if panes.timeline.height > 0 {
        let mut view = timeline_view(state, theme);
        view.compact = panes.timeline_compact;
        frame.render_widget(&view, panes.timeline);
    }
    if panes.prompt.height > 0
        && let Some(pos) = status::render_prompt(frame, panes.prompt, state, theme)
    {
        frame.set_cursor_position(pos);
    }
    frame.render_widget(&status::StatusBar { state, theme }, panes.status);
    match state.overlays.current() {
        Overlay::None => {}
        Overlay::Help => frame.render_widget(&help::HelpOverlay { state, theme }, area),
        Overlay::Messages => frame.render_widget(&help::MessagesOverlay { state, theme }, area),
        Overlay::TagPicker(i) => frame.render_widget(
            &help::TagPicker {
                state,
                theme,
                article: i,
            },
            area,
        ),
    }
}

fn timeline_view<'a>(state: &'a AppState, theme: &Theme) -> timeline::TimelineView<'a> {
    let t = &state.timeline;
    let hist = &t.hist;
    let size = match t.forced {
        Some(s) => s.label().to_string(),
        None => format!("{} (auto)", hist.size.label()),
    };
    let mut title = format!(" Timeline · {size}");
    if let Some(spec) = state.list.query().date_term() {
        let _ = write!(title, " · @{spec}");
    }
    if let Some((a, b)) = t.range() {
        let _ = write!(title, " · selecting @{}", hist.date_term(a, b));
    }
    match list::waiting(state) {
        // Nothing loaded yet: what is happening, not "0 of 0".
        Some(what) => {
            let _ = write!(title, " · {what} ");
        }
        None => {
            let _ = write!(
                title,
                " · {} of {} · {} unread ",
                state.list.matching().len(),
                crate::model::count(state.lib.articles.len(), "article"),
                state.list.unread_matching()
            );
        }
    }
    timeline::TimelineView {
        hist,
        selected: state.selected_bucket(),
        cursor: if state.focus == Focus::Timeline {
            t.cursor
        } else {
            None
        },
        range: t.range(),
        focused: state.focus == Focus::Timeline,
        title,
        styles: theme.timeline.clone(),
        compact: false,
    }
}
