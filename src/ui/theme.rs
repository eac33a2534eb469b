//! Colours and text styles of every pane, in one place.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType, Borders};

use super::timeline::TimelineStyles;
use crate::config::theme::{ThemeConfig, ThemeName};

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
        Self::dark()
    }
}

impl Theme {
    /// A list row's style: the selection's (focused or not) on the selected row.
    pub fn row(&self, selected: bool, focused: bool) -> Style {
        match (selected, focused) {
            (true, true) => self.selected,
            (true, false) => self.selected_unfocused,
            (false, _) => Style::default(),
        }
    }

    /// The built-in dark theme (for dark terminal backgrounds; the default).
    pub fn dark() -> Self {
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

    /// The built-in light theme (for light terminal backgrounds): darker colours,
    /// a light status bar.
    pub fn light() -> Self {
        let mut t = Self::dark();
        t.border = Style::new().fg(Color::Gray);
        t.border_focused = Style::new().fg(Color::Blue);
        t.selected = Style::new().bg(Color::LightBlue).fg(Color::Black);
        t.selected_unfocused = Style::new().bg(Color::Indexed(252)).fg(Color::Black);
        t.unread = Style::new().fg(Color::Indexed(28));
        t.star = Style::new().fg(Color::Indexed(130));
        t.date = Style::new().fg(Color::Indexed(240));
        t.source = Style::new().fg(Color::Indexed(90));
        t.tags = Style::new().fg(Color::Indexed(244));
        t.dim = Style::new().fg(Color::Indexed(244));
        t.warning = Style::new().fg(Color::Indexed(130));
        t.info = Style::new().fg(Color::Indexed(240));
        t.key = Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD);
        t.status = Style::new().bg(Color::Indexed(254)).fg(Color::Black);
        t.prompt = Style::new().fg(Color::Indexed(130));
        t.timeline.border = Style::new().fg(Color::Gray);
        t.timeline.border_focused = Style::new().fg(Color::Blue);
        t.timeline.bar = Style::new().fg(Color::Blue);
        t.timeline.faint = Style::new().fg(Color::Indexed(250));
        t.timeline.selected = Style::new().fg(Color::Indexed(130));
        t.timeline.cursor = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);
        t.timeline.range = Style::new().bg(Color::Indexed(253));
        t.timeline.axis = Style::new().fg(Color::Indexed(240));
        t.article.tags = Style::new().fg(Color::Indexed(30));
        t.article.link = Style::new()
            .fg(Color::Blue)
            .add_modifier(Modifier::UNDERLINED);
        t.article.code = Style::new().fg(Color::Indexed(130));
        t
    }

    /// The theme the config asks for: the named one with the user's styles on top;
    /// with `no_color` (the `NO_COLOR` convention), without any colour, every state
    /// shown by bold, reverse, underline or dim instead.
    pub fn from_config(cfg: &ThemeConfig, no_color: bool) -> Self {
        let mut t = match cfg.name {
            ThemeName::Dark => Self::dark(),
            ThemeName::Light => Self::light(),
        };
        for (element, style) in &cfg.styles {
            if let Some(slot) = t.slot(element) {
                *slot = *style;
            }
        }
        if no_color { t.without_colour() } else { t }
    }

    /// The style of a `[theme]` element.
    fn slot(&mut self, element: &str) -> Option<&mut Style> {
        Some(match element {
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "title" => &mut self.title,
            "selection" => &mut self.selected,
            "selection_unfocused" => &mut self.selected_unfocused,
            "unread" => &mut self.unread,
            "bookmark" => &mut self.star,
            "date" => &mut self.date,
            "source" => &mut self.source,
            "tags" => &mut self.tags,
            "dim" => &mut self.dim,
            "status" => &mut self.status,
            "prompt" => &mut self.prompt,
            "key" => &mut self.key,
            "info" => &mut self.info,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            "article_title" => &mut self.article.title,
            "article_meta" => &mut self.article.meta,
            "article_tags" => &mut self.article.tags,
            "link" => &mut self.article.link,
            "quote" => &mut self.article.quote,
            "code" => &mut self.article.code,
            "heading" => &mut self.article.heading,
            "timeline_bars" => &mut self.timeline.bar,
            "timeline_faint" => &mut self.timeline.faint,
            "timeline_selected" => &mut self.timeline.selected,
            "timeline_cursor" => &mut self.timeline.cursor,
            "timeline_range" => &mut self.timeline.range,
            "timeline_axis" => &mut self.timeline.axis,
            _ => return None,
        })
    }

    /// The same theme without colours: what a terminal shows under `NO_COLOR`, with
    /// every state that colour alone told apart given a modifier (the selection
    /// reversed, errors reversed and bold, focus and unread bold, the timeline's
    /// cursor and selected bucket drawn with their own shading).
    #[must_use]
    pub fn without_colour(mut self) -> Self {
        fn plain(s: &mut Style) {
            s.fg = None;
            s.bg = None;
            s.underline_color = None;
        }
        for e in crate::config::theme::ELEMENTS {
            if let Some(s) = self.slot(e) {
                plain(s);
            }
        }
        for s in [
            &mut self.timeline.border,
            &mut self.timeline.border_focused,
            &mut self.article.body,
            &mut self.article.attachment,
            &mut self.article.extra,
            &mut self.article.credits,
        ] {
            plain(s);
        }
        let m = |m: Modifier| Style::new().add_modifier(m);
        self.selected = m(Modifier::REVERSED | Modifier::BOLD);
        self.selected_unfocused = m(Modifier::REVERSED);
        self.error = m(Modifier::REVERSED | Modifier::BOLD);
        self.warning = self.warning.add_modifier(Modifier::BOLD);
        self.unread = self.unread.add_modifier(Modifier::BOLD);
        self.star = self.star.add_modifier(Modifier::BOLD);
        self.border_focused = self.border_focused.add_modifier(Modifier::BOLD);
        self.timeline.border_focused = self.timeline.border_focused.add_modifier(Modifier::BOLD);
        self.status = m(Modifier::REVERSED);
        self.key = self.key.add_modifier(Modifier::BOLD);
        self.timeline.faint = m(Modifier::DIM);
        self.timeline.cursor = m(Modifier::BOLD);
        self.timeline.selected = m(Modifier::BOLD);
        self.timeline.range = m(Modifier::UNDERLINED);
        self.timeline.shaded = true;
        self.article.link = self.article.link.add_modifier(Modifier::UNDERLINED);
        self
    }
}
