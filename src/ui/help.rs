//! Overlays: the help (every action with its keys, generated from the keymap), the
//! messages view (every warning and error since start) and the tag picker. The key
//! hints in their borders come from the keymap too.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::action::Action;
use crate::app::AppState;
use crate::app::state::Level;
use crate::keymap::Keymap;

/// The help overlay.
pub struct HelpOverlay<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

/// The messages overlay.
pub struct MessagesOverlay<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(r);
    r
}

/// A border hint such as " j/k scroll · any other key closes ": each part is the first
/// key of each of its actions (joined by "/") and a label; a part whose actions are
/// all unbound is left out, a part without actions is only its label.
fn footer(keymap: &Keymap, parts: &[(&[Action], &str)]) -> String {
    let parts: Vec<String> = parts
        .iter()
        .filter_map(|(actions, label)| {
            let keys: Vec<String> = actions
                .iter()
                .map(|a| keymap.hint(*a))
                .filter(|k| !k.is_empty())
                .collect();
            if actions.is_empty() {
                Some((*label).to_string())
            } else {
                (!keys.is_empty()).then(|| format!("{} {label}", keys.join("/")))
            }
        })
        .collect();
    format!(" {} ", parts.join(" · "))
}

/// The border of the scrolling overlays (help, messages).
fn frame_block<'a>(title: &'a str, state: &AppState, theme: &Theme) -> Block<'a> {
    let hint = footer(
        &state.keymap,
        &[
            (&[Action::Next, Action::Prev], "scroll"),
            (&[], "any other key closes"),
        ],
    );
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border_focused)
        .title(Span::styled(title, theme.title))
        .title_bottom(Line::from(hint).right_aligned())
}

impl Widget for &HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let rows = self.state.keymap.help_rows();
        let key_w = rows
            .iter()
            .map(|(_, k, _)| k.len())
            .max()
            .unwrap_or(0)
            .min(24);
        let mut lines: Vec<Line> = rows
            .into_iter()
            .map(|(_, keys, desc)| {
                Line::from(vec![
                    Span::styled(format!(" {keys:<key_w$}  "), self.theme.key),
                    Span::raw(desc),
                ])
            })
            .collect();
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            " Filter: +tag -tag @7d @2024-07 @A..B =source is:unread ~regex word !term #N",
            self.theme.dim,
        )));
        let r = centered(area, 84, lines.len() as u16 + 2);
        Clear.render(r, buf);
        Paragraph::new(lines)
            .block(frame_block(" Help — keys ", self.state, self.theme))
            .scroll((
                self.state.overlays.scroll().min(u16::MAX as usize) as u16,
                0,
            ))
            .render(r, buf);
    }
}

impl Widget for &MessagesOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let msgs = self.state.notices.messages();
        let lines: Vec<Line> = if msgs.is_empty() {
            vec![Line::from(Span::styled(
                " no warnings or errors",
                self.theme.dim,
            ))]
        } else {
            // Newest first, each with its time of day (in the display zone) and how
            // many times it came.
            let zone = self.state.zone;
            msgs.iter()
                .rev()
                .map(|m| {
                    let (tag, style) = match m.level {
                        Level::Error => ("error  ", self.theme.error),
                        Level::Warning => ("warning", self.theme.warning),
                        Level::Info => ("info   ", self.theme.info),
                    };
                    let time = zone.from_utc(m.at).format("%H:%M:%S").to_string();
                    let repeat = if m.count > 1 {
                        format!(" ×{}", m.count)
                    } else {
                        String::new()
                    };
                    Line::from(vec![
                        Span::styled(format!("{time} "), self.theme.dim),
                        Span::styled(tag, style),
                        Span::styled(repeat, self.theme.key),
                        Span::raw(format!(" {}", m.text)),
                    ])
                })
                .collect()
        };
        let r = centered(
            area,
            area.width.saturating_sub(4),
            area.height.saturating_sub(2),
        );
        Clear.render(r, buf);
        let title = format!(" Messages — {} ", msgs.len());
        Paragraph::new(lines)
            .block(frame_block(&title, self.state, self.theme))
            .wrap(Wrap { trim: false })
            .scroll((
                self.state.overlays.scroll().min(u16::MAX as usize) as u16,
                0,
            ))
            .render(r, buf);
    }
}

/// The picker of `T`: the article's tags; Enter removes the highlighted one.
pub struct TagPicker<'a> {
    pub state: &'a AppState,
    pub theme: &'a Theme,
    pub article: usize,
}

impl Widget for &TagPicker<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let a = &self.state.lib.articles[self.article];
        let tags = self.state.marks.effective_tags(a);
        let mark = self.state.marks.get(&a.id);
        let lines: Vec<Line> = tags
            .iter()
            .enumerate()
            .map(|(i, t)| {
                // What Enter will do with it.
                let user = mark.is_some_and(|m| m.added.contains(t));
                let note = if user {
                    "  yours: Enter removes it"
                } else {
                    "  from the source: Enter hides it"
                };
                let style = if i == self.state.overlays.scroll() {
                    self.theme.selected
                } else {
                    ratatui::style::Style::default()
                };
                Line::from(vec![
                    Span::styled(
                        format!(" {} ", crate::query::Term::Tag(t.0.to_string())),
                        style,
                    ),
                    Span::styled(note, self.theme.dim),
                ])
            })
            .collect();
        let hint = footer(
            &self.state.keymap,
            &[(&[Action::Open], "removes"), (&[Action::Cancel], "closes")],
        );
        let r = centered(area, 60, lines.len() as u16 + 2);
        Clear.render(r, buf);
        Paragraph::new(lines)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_type(BorderType::Rounded)
                    .border_style(self.theme.border_focused)
                    .title(Span::styled(" Remove a tag ", self.theme.title))
                    .title_bottom(Line::from(hint).right_aligned()),
            )
            .render(r, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_hints_name_the_default_keys() {
        let km = Keymap::load(crate::config::DEFAULT_TOML, None).unwrap();
        let scroll: &[(&[Action], &str)] = &[
            (&[Action::Next, Action::Prev], "scroll"),
            (&[], "any other key closes"),
        ];
        assert_eq!(footer(&km, scroll), " j/k scroll · any other key closes ");
        let picker: &[(&[Action], &str)] =
            &[(&[Action::Open], "removes"), (&[Action::Cancel], "closes")];
        assert_eq!(footer(&km, picker), " enter removes · esc closes ");
        let user = Keymap::load(
            crate::config::DEFAULT_TOML,
            Some(("[keys]\nopen = []\n", "u")),
        )
        .unwrap();
        assert_eq!(footer(&user, picker), " esc closes ");
    }
}
