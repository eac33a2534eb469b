//! The sidebar: the views, the sources and the tags, each line with its unread and
//! total counts; the line the filter applies now is bold, a source whose last read
//! or fetch failed is marked `!`. Beside the panes on wide terminals, over the list on
//! narrower ones.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::text::{fit, visible, width};
use super::theme::Theme;
use crate::app::state::{Entry, SideLine};
use crate::app::{AppState, Focus};

/// The sidebar pane.
pub struct SidebarPane<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

/// `unread/total`, or just the total when nothing is unread.
fn counts(l: &SideLine) -> String {
    if l.unread > 0 {
        format!("{}/{}", l.unread, l.total)
    } else {
        l.total.to_string()
    }
}

impl Widget for &SidebarPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (state, theme) = (self.state, self.theme);
        let focused = state.focus == Focus::Sidebar;
        Clear.render(area, buf);
        let block = theme
            .pane_block(focused)
            .title(Span::styled(" Views · Sources · Tags ", theme.title));
        let inner = block.inner(area);
        block.render(area, buf);
        let lines = state.sidebar.lines();
        if lines.is_empty() {
            Paragraph::new(Span::styled("counting…", theme.dim)).render(inner, buf);
            return;
        }
        let w = usize::from(inner.width);
        let rows = usize::from(inner.height);
        for (row, (i, l)) in lines
            .iter()
            .enumerate()
            .skip(state.sidebar.offset())
            .take(rows)
            .enumerate()
        {
            let y = inner.y + row as u16;
            let r = Rect::new(inner.x, y, inner.width, 1);
            let line = match &l.entry {
                Entry::Heading(name) => Line::from(Span::styled(
                    fit(name, w),
                    theme.dim.add_modifier(Modifier::BOLD),
                )),
                entry => {
                    let label = match entry {
                        Entry::View(v) => state
                            .views
                            .get(*v)
                            .map_or("", |v| v.name.as_str())
                            .to_string(),
                        Entry::Source(t) => visible(t).into_owned(),
                        // As the filter spells it (`+"long read"`).
                        Entry::Tag(t) => {
                            visible(&crate::query::Term::Tag(t.clone()).to_string()).into_owned()
                        }
                        Entry::Heading(_) => String::new(),
                    };
                    let count = counts(l);
                    let mark = if l.failed { "!" } else { " " };
                    // " label…  12/40": the counts keep their place, the label is cut.
                    let room = w.saturating_sub(width(&count) + 3);
                    let label = fit(&label, room);
                    let gap = w.saturating_sub(2 + width(&label) + width(&count));
                    let applied = crate::app::update::is_applied(state, entry);
                    let mut label_style = Style::default();
                    if applied {
                        label_style = label_style.add_modifier(Modifier::BOLD);
                    }
                    let count_style = if l.unread > 0 {
                        theme.unread
                    } else {
                        theme.dim
                    };
                    Line::from(vec![
                        Span::styled(mark, theme.error),
                        Span::raw(if applied { "›" } else { " " }),
                        Span::styled(label, label_style),
                        Span::raw(" ".repeat(gap)),
                        Span::styled(count, count_style),
                    ])
                }
            };
            let style = theme.row(i == state.sidebar.cursor(), focused);
            buf.set_style(r, style);
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }
}
