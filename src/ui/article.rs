//! The article pane: the rendered article (built by `update` for the pane width),
//! scrolled, with where you are in it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use crate::app::{AppState, Focus};

/// The selected article.
pub struct ArticlePane<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

impl Widget for &ArticlePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (state, theme) = (self.state, self.theme);
        let focused = state.focus == Focus::Article;
        let total = state.article.lines.len();
        let rows = usize::from(area.height.saturating_sub(2));
        let scroll = state.article_scroll().min(total.saturating_sub(1));
        let pct = if total <= rows {
            "all".to_string()
        } else {
            format!("{}%", ((scroll + rows).min(total) * 100) / total)
        };
        let block = theme
            .pane_block(focused)
            .title(Span::styled(" 2 Article ", theme.title))
            .title_bottom(Line::from(format!(" {pct} ")).right_aligned());
        let inner = block.inner(area);
        block.render(area, buf);
        let padded = Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(2),
            inner.height,
        );
        if state.article.article.is_none() {
            Paragraph::new(Span::styled("no article selected", theme.dim)).render(padded, buf);
            return;
        }
        let lines: Vec<Line> = state
            .article
            .lines
            .iter()
            .skip(scroll)
            .take(rows)
            .cloned()
            .collect();
        Paragraph::new(lines).render(padded, buf);
    }
}
