//! The bottom lines: the filter prompt (with a bad term marked under it) and the status
//! bar (filter, counts, key hints for the focused pane from the keymap, messages).

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::text::{fit, width};
use super::theme::Theme;
use crate::app::state::{Level, PromptKind};
use crate::app::{Action, AppState, Focus};

/// The status bar.
pub struct StatusBar<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

fn hints(state: &AppState) -> Vec<(String, &'static str)> {
    let actions: &[(Action, &str)] = match state.focus {
        Focus::List => &[
            (Action::Open, "open"),
            (Action::EditFilter, "filter"),
            (Action::FocusTimeline, "timeline"),
            (Action::CycleSort, "sort"),
            (Action::Help, "help"),
            (Action::Back, "quit"),
        ],
        Focus::Article => &[
            (Action::PageDown, "scroll"),
            (Action::OpenLink, "open link"),
            (Action::CopyLink, "copy"),
            (Action::Back, "back"),
            (Action::Help, "help"),
        ],
        Focus::Sidebar => &[
            (Action::Open, "apply"),
            (Action::SaveView, "save view"),
            (Action::Sidebar, "hide"),
            (Action::Back, "back"),
            (Action::Help, "help"),
        ],
        Focus::Timeline => &[
            (Action::Left, "older"),
            (Action::Right, "newer"),
            (Action::Open, "filter"),
            (Action::Range, "range"),
            (Action::Cancel, "undate"),
            (Action::Zoom, "zoom"),
            (Action::Back, "back"),
            (Action::Help, "help"),
        ],
    };
    actions
        .iter()
        .filter_map(|(a, label)| {
            let k = state.keymap.hint(*a);
            (!k.is_empty()).then_some((k, *label))
        })
        .collect()
}

/// The hints that fit in `room` columns, chosen by priority (help first, then quit
/// or back, then the pane's own keys in order) and shown in their usual order.
fn pick_hints(all: &[(String, &'static str)], room: usize) -> Vec<(String, &'static str)> {
    let rank = |label: &str| match label {
        "help" => 0,
        "quit" | "back" => 1,
        _ => 2,
    };
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| (rank(all[i].1), i));
    let mut keep = vec![false; all.len()];
    let mut used = 0;
    for i in order {
        let (k, label) = &all[i];
        let w = width(k) + width(label) + 3;
        if used + w <= room {
            used += w;
            keep[i] = true;
        }
    }
    all.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(h, _)| h.clone())
        .collect()
}

impl Widget for &StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (state, theme) = (self.state, self.theme);
        buf.set_style(area, theme.status);
        // Below 100 columns an empty filter is not named: the room goes to messages.
        let query = if state.list.query().is_empty() {
            (area.width >= 100).then(|| "all articles".to_string())
        } else {
            Some(state.list.query().to_string())
        };
        let query = query.map_or_else(String::new, |q| {
            format!("{} · ", fit(&q, usize::from(area.width / 3)))
        });
        let left = if super::list::waiting(state).is_some() {
            // Nothing loaded yet, a fetch under way (the gauge follows).
            format!(" {query}no articles yet ")
        } else {
            format!(
                " {query}{} of {} · {} unread ",
                state.list.matching().len(),
                state.lib.articles.len(),
                state.list.unread_matching()
            )
        };
        let mut spans = vec![Span::styled(left, theme.prompt), Span::raw("│ ")];
        if let Some(p) = state.notices.fetching() {
            // A gauge of ten cells: done/total, and failures so far.
            let filled = (p.done * 10).checked_div(p.total).unwrap_or(10);
            let bar: String = (0..10)
                .map(|i| if i < filled { '▰' } else { '▱' })
                .collect();
            spans.push(Span::styled(
                format!("fetching {bar} {}/{}", p.done, p.total),
                theme.key,
            ));
            if p.failed > 0 {
                spans.push(Span::styled(
                    format!(" · {} failed", p.failed),
                    theme.warning,
                ));
            }
            spans.push(Span::raw("  "));
        }
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let room = usize::from(area.width).saturating_sub(used);
        let all = hints(state);
        // `? help` is always there, at the right end when a message takes the rest.
        let help = all.iter().find(|(_, l)| *l == "help").cloned();
        let help_w = help.as_ref().map_or(0, |(k, l)| width(k) + width(l) + 1);
        if let Some(m) = state.notices.status() {
            let style = match m.level {
                Level::Error => theme.error,
                Level::Warning => theme.warning,
                Level::Info => theme.info,
            };
            // A message that does not fit ends with "…".
            let msg_room = room.saturating_sub(help_w + 2);
            let text = fit(&m.text, msg_room);
            let gap = room.saturating_sub(width(&text) + help_w);
            spans.push(Span::styled(text, style));
            if let Some((k, label)) = help {
                spans.push(Span::raw(" ".repeat(gap)));
                spans.push(Span::styled(k, theme.key));
                spans.push(Span::styled(format!(" {label}"), theme.dim));
            }
        } else {
            for (k, label) in pick_hints(&all, room) {
                spans.push(Span::styled(k, theme.key));
                spans.push(Span::styled(format!(" {label}  "), theme.dim));
            }
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}

/// Draws the prompt and the error line under it; returns where the cursor goes.
pub fn render_prompt(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    theme: &Theme,
) -> Option<Position> {
    let mut y = area.y;
    let mut cursor = None;
    let mut error_col = 0;
    if let Some(p) = state.prompt.current() {
        let prefix = match &p.kind {
            PromptKind::Filter { .. } => " / ".to_string(),
            PromptKind::AddTags { .. } => " add tags (Tab completes): ".to_string(),
            PromptKind::Confirm { question, .. } => format!(" {question} "),
            PromptKind::ViewName => " save the filter as view named: ".to_string(),
            PromptKind::OpenLink { link, links } => {
                let numbers = match links.len() {
                    1 => "1 = the numbered link".to_string(),
                    n => format!("1–{n} = a numbered link"),
                };
                match link {
                    Some(_) => {
                        format!(" open link: Enter = the article's link, {numbers}, Esc cancels: ")
                    }
                    None => format!(" open link: {numbers}, Esc cancels: "),
                }
            }
        };
        let prefix = prefix.as_str();
        let w = usize::from(area.width).saturating_sub(width(prefix) + 1);
        let scroll = p.input.visual_scroll(w);
        let value: String = p.input.value().chars().skip(scroll).collect();
        let line = Line::from(vec![Span::styled(prefix, theme.key), Span::raw(value)]);
        frame.render_widget(Paragraph::new(line), Rect::new(area.x, y, area.width, 1));
        let cx = (p.input.visual_cursor().saturating_sub(scroll) + width(prefix)) as u16;
        cursor = Some(Position::new(
            area.x + cx.min(area.width.saturating_sub(1)),
            y,
        ));
        error_col = width(prefix);
        y += 1;
    }
    if let (Some(e), true) = (state.prompt.filter_error(), y < area.bottom()) {
        let text = state.prompt.current().map_or("", |p| p.input.value());
        let col = error_col + width(text.get(..e.position.min(text.len())).unwrap_or(""));
        let msg = format!("{}^ {e}", " ".repeat(col));
        frame.render_widget(
            Paragraph::new(Span::styled(
                fit(&msg, usize::from(area.width)),
                theme.warning,
            )),
            Rect::new(area.x, y, area.width, 1),
        );
    }
    cursor
}
