//! The list pane: one row per visible article — unread dot, bookmark star, date,
//! source, title, and tags where there is room.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::text::{fit, pad, visible, width};
use super::theme::Theme;
use crate::app::{AppState, Focus};

/// The list of articles the filter keeps.
pub struct ListPane<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

/// `Jul 04 14:11` this year, `2023-07-04` before (in the display zone).
pub fn compact_date(state: &AppState, d: chrono::DateTime<chrono::Utc>) -> String {
    let local = state.zone.from_utc(d);
    if local.year() == state.zone.from_utc(state.now).year() {
        local.format("%b %d %H:%M").to_string()
    } else {
        local.format("%Y-%m-%d").to_string()
    }
}

/// The columns before the title: unread dot, star, date and a space.
const FIXED: usize = 2 + 2 + 12 + 1;
/// The title's room before the source column gets any.
const TITLE_ROOM: usize = 40;
/// The widest the source column gets.
const SOURCE_MAX: usize = 14;
/// What the pane says while it waits for a fetch with nothing loaded yet:
/// "fetching 1 feed…".
pub fn waiting(state: &AppState) -> Option<String> {
    let p = state.notices.fetching()?;
    state
        .lib
        .articles
        .is_empty()
        .then(|| format!("fetching {}…", crate::model::count(p.total, "feed")))
}

impl Widget for &ListPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (state, theme) = (self.state, self.theme);
        let focused = state.focus == Focus::List;
        let mut pos = if state.list.visible().is_empty() {
            // Nothing yet: the pane says why, not a bare count.
            if waiting(state).is_some() {
                String::new()
            } else {
                "0/0".to_string()
            }
        } else {
            format!("{}/{}", state.list.cursor() + 1, state.list.visible().len())
        };
        if state.layout.timeline != crate::config::TimelineMode::Full {
            // The timeline's title, which counts them, is not shown.
            pos = format!(
                "{pos} · {} unread · {} loaded",
                state.list.unread_matching(),
                state.lib.articles.len()
            );
        }
        let block = theme
            .pane_block(focused)
            .title(Line::from(vec![
                Span::styled(" 1 Articles ", theme.title),
                Span::styled(format!("· {} ", state.list.sort().label()), theme.dim),
            ]))
            .title_bottom(
                Line::from(if pos.is_empty() {
                    String::new()
                } else {
                    format!(" {pos} ")
                })
                .right_aligned(),
            );
        let inner = block.inner(area);
        block.render(area, buf);
        if state.list.visible().is_empty() {
            let msg = match waiting(state) {
                Some(text) => text,
                None if state.lib.articles.is_empty() => "no articles loaded".to_string(),
                None => "no articles match the filter (c clears it)".to_string(),
            };
            Paragraph::new(Span::styled(msg, theme.dim)).render(inner, buf);
            return;
        }
        let w = usize::from(inner.width);
        let rows = usize::from(inner.height);
        for (row, (pos, &idx)) in state
            .list
            .visible()
            .iter()
            .enumerate()
            .skip(state.list.offset())
            .take(rows)
            .enumerate()
        {
            let a = &state.lib.articles[idx];
            let date = a.date().map(|d| compact_date(state, d)).unwrap_or_default();
            let source = state.lib.source_of(a).map_or("", |s| s.title.as_str());
            // Titles first: the source column takes only what is left beyond
            // `TITLE_ROOM` columns of title, and goes before it gets too narrow to read.
            let src_w = match w.saturating_sub(FIXED + TITLE_ROOM) {
                n @ 6.. => n.min(SOURCE_MAX),
                _ => 0,
            };
            let unread = !state.marks.read(&a.id);
            let mut spans = vec![
                Span::styled(if unread { "● " } else { "  " }, theme.unread),
                Span::styled(
                    if state.marks.bookmarked(&a.id) {
                        "★ "
                    } else {
                        "  "
                    },
                    theme.star,
                ),
                Span::styled(pad(&date, 12), theme.date),
                Span::raw(" "),
            ];
            if src_w > 0 {
                spans.push(Span::styled(pad(source, src_w), theme.source));
                spans.push(Span::raw(" "));
            }
            let used: usize = spans.iter().map(|s| width(&s.content)).sum();
            let rest = w.saturating_sub(used);
            let tags: Vec<String> = state
                .marks
                .effective_tags(a)
                .iter()
                // As the filter spells them (`+"long read"`).
                .map(|t| crate::query::Term::Tag(t.0.to_string()).to_string())
                .collect();
            let tags = tags.join(" ");
            let title = visible(&a.title);
            let title_w = width(&title);
            if !tags.is_empty() && title_w + 2 + width(&tags) <= rest {
                spans.push(Span::raw(title.into_owned()));
                spans.push(Span::raw("  "));
                spans.push(Span::styled(tags, theme.tags));
            } else if !tags.is_empty() && rest > title_w + 6 {
                spans.push(Span::raw(title.into_owned()));
                spans.push(Span::raw("  "));
                spans.push(Span::styled(fit(&tags, rest - title_w - 2), theme.tags));
            } else {
                spans.push(Span::raw(fit(&title, rest)));
            }
            let line = Line::from(spans);
            let y = inner.y + row as u16;
            let r = Rect::new(inner.x, y, inner.width, 1);
            let style = theme.row(pos == state.list.cursor(), focused);
            buf.set_style(r, style);
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }
}
