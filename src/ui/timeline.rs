//! The timeline pane: a bar chart of articles per bucket, the unfiltered count drawn
//! faintly behind the filtered bars, the selected article's bucket highlighted, the
//! cursor and a range shown when focused, and date labels along the bottom.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Widget};

use super::text::width;
use crate::layout::columns;
use crate::timeline::Histogram;

/// Colours of the timeline.
#[derive(Debug, Clone)]
pub struct TimelineStyles {
    pub border: Style,
    pub border_focused: Style,
    pub bar: Style,
    pub faint: Style,
    pub selected: Style,
    pub cursor: Style,
    pub range: Style,
    pub axis: Style,
    /// Without colour: the cursor's bucket is drawn `▓` and the selected article's
    /// `▒`, so that they stand out, and no cell gets a colour of its own.
    pub shaded: bool,
}

impl Default for TimelineStyles {
    fn default() -> Self {
        Self {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            bar: Style::new().fg(Color::Cyan),
            faint: Style::new().fg(Color::DarkGray),
            selected: Style::new().fg(Color::Yellow),
            cursor: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            range: Style::new().bg(Color::Indexed(237)),
            axis: Style::new().fg(Color::Gray),
            shaded: false,
        }
    }
}

/// What the pane shows.
pub struct TimelineView<'a> {
    pub hist: &'a Histogram,
    /// The bucket of the selected article.
    pub selected: Option<usize>,
    /// The cursor, when the pane has focus.
    pub cursor: Option<usize>,
    /// A range (inclusive) being selected.
    pub range: Option<(usize, usize)>,
    pub focused: bool,
    pub title: String,
    pub styles: TimelineStyles,
    /// Two rows without a border: one row of bars, the axis.
    pub compact: bool,
}

const BLOCKS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

impl Widget for &TimelineView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let st = &self.styles;
        if self.compact {
            // The same columns as inside the border (one column of margin each side),
            // so that a click lands on the same bucket.
            let inner = Rect::new(
                area.x + 1,
                area.y,
                area.width.saturating_sub(2),
                area.height,
            );
            self.draw(inner, buf);
            return;
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_type(if self.focused {
                BorderType::Thick
            } else {
                BorderType::Plain
            })
            .border_style(if self.focused {
                st.border_focused
            } else {
                st.border
            })
            .title(Span::styled(
                format!(" 3{}", self.title.trim_end()),
                Style::new().add_modifier(Modifier::BOLD),
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        self.draw(inner, buf);
    }
}

impl TimelineView<'_> {
    /// The bars and the axis inside `inner`.
    fn draw(&self, inner: Rect, buf: &mut Buffer) {
        let st = &self.styles;
        if inner.height < 2 || inner.width < 2 {
            return;
        }
        let hist = self.hist;
        if hist.is_empty() {
            let msg = "no dated articles";
            let x = inner.x + (inner.width.saturating_sub(msg.len() as u16)) / 2;
            buf.set_string(x, inner.y + inner.height / 2, msg, st.faint);
            return;
        }
        let bars_h = usize::from(inner.height - 1);
        let (offset, cw) = columns(hist, usize::from(inner.width), self.cursor);
        let bar_w = if cw >= 2 { cw - 1 } else { cw };
        let max = hist.total.iter().copied().max().unwrap_or(1).max(1) as usize;
        let eighths = |count: u32| -> usize {
            if count == 0 {
                0
            } else {
                ((count as usize * bars_h * 8) / max).max(1)
            }
        };
        let axis_y = inner.bottom() - 1;
        let mut next_free = 0usize;
        let mut last_year: Option<i32> = None;
        let right = usize::from(inner.right());
        // ▲ under the bucket, its label to the right, or to the left where the
        // pane ends.
        let cursor_label = self.cursor.filter(|&c| c >= offset).map(|c| {
            let label = hist.full_label(c);
            let x = usize::from(inner.x) + (c - offset) * cw;
            let w = width(&label) + 1;
            if x + w <= right {
                (x, format!("▲{label}"))
            } else {
                (
                    (x + 1).saturating_sub(w).max(usize::from(inner.x)),
                    format!("{label}▲"),
                )
            }
        });
        for (col, b) in (offset..hist.len()).enumerate() {
            let x0 = usize::from(inner.x) + col * cw;
            if x0 + bar_w > usize::from(inner.right()) {
                break;
            }
            let in_range = self.range.is_some_and(|(a, z)| (a..=z).contains(&b));
            let colour = if self.cursor == Some(b) {
                st.cursor
            } else if self.selected == Some(b) {
                st.selected
            } else {
                st.bar
            };
            let (t8, f8) = (eighths(hist.total[b]), eighths(hist.filtered[b]));
            for row in 0..bars_h {
                let y = axis_y - 1 - row as u16;
                let t = t8.saturating_sub(row * 8).min(8);
                let f = f8.saturating_sub(row * 8).min(8);
                let (sym, mut style) = if f > 0 {
                    let mut s = colour;
                    if t == 8 && f < 8 && !st.shaded {
                        s = s.bg(st.faint.fg.unwrap_or(Color::DarkGray));
                    }
                    (BLOCKS[f], s)
                } else {
                    (BLOCKS[t], st.faint)
                };
                if in_range {
                    style = style.patch(st.range);
                    if f > 0 && t == 8 && f < 8 && !st.shaded {
                        style = style.bg(st.faint.fg.unwrap_or(Color::DarkGray));
                    }
                }
                // Without colour, the marked buckets are shaded (a part cell too).
                let sym = match (st.shaded, f) {
                    (true, 1..) if self.cursor == Some(b) => "▓",
                    (true, 1..) if self.selected == Some(b) => "▒",
                    _ => sym,
                };
                for dx in 0..bar_w {
                    let cell = &mut buf[((x0 + dx) as u16, y)];
                    cell.set_symbol(sym).set_style(style);
                }
            }
            // Axis: labels where they fit, clear of the cursor's own label; days and
            // weeks name their year at the first label and where it changes.
            let year = hist.starts[b].year();
            let label = hist.axis_label(b, last_year != Some(year));
            let lw = width(&label);
            let clear = cursor_label
                .as_ref()
                .is_none_or(|(cx, cl)| x0 + lw < *cx || x0 > cx + width(cl));
            if x0 >= next_free && x0 + lw <= usize::from(inner.right()) && clear {
                buf.set_string(x0 as u16, axis_y, &label, st.axis);
                next_free = x0 + lw + 2;
                last_year = Some(year);
            }
        }
        // The cursor: ▲ and its bucket's label with the year, where the bucket is
        // (moved left to fit): what Enter applies.
        if let Some((cx, text)) = &cursor_label {
            buf.set_line(
                *cx as u16,
                axis_y,
                &Line::from(Span::styled(text.clone(), st.cursor)),
                inner.width,
            );
        }
    }
}
