//! `[theme]`: a built-in theme by name (`dark`, `light`) and any element's style on
//! top of it. A style is written as modifiers and colours, `"bold yellow"`,
//! `"white on blue"`, `"#ffaa00 on 236"`, `"reverse"`; colours are names (`red`,
//! `light-blue`, `dark-gray`), `#rrggbb` or a 256-colour index. A bad element name or
//! style is an error with the file and line.

use ratatui::style::{Color, Modifier, Style};

/// The built-in themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
}

/// Every element a theme styles, by its name in `[theme]`.
pub const ELEMENTS: &[&str] = &[
    "border",
    "border_focused",
    "title",
    "selection",
    "selection_unfocused",
    "unread",
    "bookmark",
    "date",
    "source",
    "tags",
    "dim",
    "status",
    "prompt",
    "key",
    "info",
    "warning",
    "error",
    "article_title",
    "article_meta",
    "article_tags",
    "link",
    "quote",
    "code",
    "heading",
    "timeline_bars",
    "timeline_faint",
    "timeline_selected",
    "timeline_cursor",
    "timeline_range",
    "timeline_axis",
];

/// The `[theme]` table, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThemeConfig {
    pub name: ThemeName,
    /// Styles set by the user, by element name (one of `ELEMENTS`), in file order.
    pub styles: Vec<(String, Style)>,
}

/// Reads a style as written (`"bold white on blue"`).
pub fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_none() {
        return Err("an empty style: write colours or modifiers, e.g. \"bold yellow\"".into());
    }
    let mut fg_set = false;
    while let Some(w) = words.next() {
        let lower = w.to_ascii_lowercase();
        let modifier = match lower.as_str() {
            "bold" => Some(Modifier::BOLD),
            "dim" => Some(Modifier::DIM),
            "italic" => Some(Modifier::ITALIC),
            "underline" | "underlined" => Some(Modifier::UNDERLINED),
            "reverse" | "reversed" => Some(Modifier::REVERSED),
            "crossed" | "strikethrough" => Some(Modifier::CROSSED_OUT),
            _ => None,
        };
        if let Some(m) = modifier {
            style = style.add_modifier(m);
            continue;
        }
        if lower == "on" {
            let Some(bg) = words.next() else {
                return Err(format!("{text:?}: a colour is needed after \"on\""));
            };
            style = style.bg(colour(bg)?);
            continue;
        }
        if fg_set {
            return Err(format!(
                "{text:?}: two colours for the text; write \"FG on BG\" for a background"
            ));
        }
        style = style.fg(colour(w)?);
        fg_set = true;
    }
    Ok(style)
}

fn colour(word: &str) -> Result<Color, String> {
    if word.eq_ignore_ascii_case("default") || word.eq_ignore_ascii_case("none") {
        return Ok(Color::Reset);
    }
    word.parse::<Color>().map_err(|_| {
        format!(
            "unknown colour {word:?}: expected a name (red, light-blue, dark-gray…), #rrggbb or a number 0–255"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_read_as_written() {
        assert_eq!(
            parse_style("bold white on blue").unwrap(),
            Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            parse_style("#ffaa00 on 236").unwrap(),
            Style::new()
                .fg(Color::Rgb(255, 170, 0))
                .bg(Color::Indexed(236))
        );
        assert_eq!(
            parse_style("reverse").unwrap(),
            Style::new().add_modifier(Modifier::REVERSED)
        );
        assert_eq!(
            parse_style("light-blue underline").unwrap(),
            Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::UNDERLINED)
        );
        for bad in ["", "purple-ish", "red green", "red on", "#12345"] {
            assert!(parse_style(bad).is_err(), "{bad:?}");
        }
    }
}
