//! Colours and text styles of every pane, in one place.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType, Borders};

use super::timeline::TimelineStyles;

/// The styles the view uses.
#[derive(Debug, Clone)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub unread: Style,
    pub star: Style,
    pub date: Style,
    pub source: Style,
    pub tags: Style,
    pub dim: Style,
    pub error: Style,
    pub warning: Style,
    pub info: Style,
    pub key: Style,
    pub status: Style,
    pub prompt: Style,
    pub timeline: TimelineStyles,
    /// The article pane's text (built in `app`, which takes these from here).
    pub article: crate::app::article::ArticleStyles,
}

impl Theme {
    /// The bordered block of a pane: thick and coloured when it has focus.
    pub fn pane_block(&self, focused: bool) -> Block<'static> {
        Block::default()
            .borders(Borders::ALL)
            .border_type(if focused {
                BorderType::Thick
            } else {
                BorderType::Plain
            })
            .border_style(if focused {
                self.border_focused
            } else {
                self.border
            })
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            title: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().bg(Color::Blue).fg(Color::White),
            selected_unfocused: Style::new().bg(Color::DarkGray),
            unread: Style::new().fg(Color::Green),
            star: Style::new().fg(Color::Yellow),
            date: Style::new().fg(Color::Gray),
            source: Style::new().fg(Color::Magenta),
            tags: Style::new().fg(Color::DarkGray),
            dim: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::White).bg(Color::Red),
            warning: Style::new().fg(Color::Yellow),
            info: Style::new().fg(Color::Gray),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            status: Style::new().bg(Color::Black),
            prompt: Style::new().fg(Color::Yellow),
            timeline: TimelineStyles::default(),
            article: crate::app::article::ArticleStyles::DEFAULT,
        }
    }
}
