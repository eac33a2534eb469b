//! The article pane's text: title, meta line, link, body re-wrapped to a width (HTML
//! bodies rendered with html2text: lists, tables, numbered links), extra metadata and
//! credits. Built once per (article, width) by `update`, then only drawn.

mod bound;
mod job;

pub use job::{Cache, Done, IN_BACKGROUND, Job};

use std::borrow::Cow;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::ingest::html::{clean, has_control_reference, sanitize, sanitize_html};
use crate::model::{Article, Html, Source, Tag};
use crate::zone::Zone;

/// The styles of the article pane's parts, in one place. (The app layer renders the
/// pane's text and does not see `ui::theme`, so they live here.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleStyles {
    pub title: Style,
    /// The date, source and authors line.
    pub meta: Style,
    pub tags: Style,
    pub link: Style,
    /// The body when it is plain text (an HTML body is rendered unstyled).
    pub body: Style,
    pub attachment: Style,
    /// Extra metadata (`key: value`).
    pub extra: Style,
    pub credits: Style,
    /// A quoted passage of an HTML body.
    pub quote: Style,
    /// Code in an HTML body.
    pub code: Style,
    /// A heading in an HTML body.
    pub heading: Style,
}

impl ArticleStyles {
    pub const DEFAULT: Self = Self {
        title: Style::new().add_modifier(Modifier::BOLD),
        meta: Style::new().add_modifier(Modifier::DIM),
        tags: Style::new().fg(Color::Cyan),
        link: Style::new()
            .fg(Color::Blue)
            .add_modifier(Modifier::UNDERLINED),
        body: Style::new(),
        attachment: Style::new().add_modifier(Modifier::DIM),
        extra: Style::new().add_modifier(Modifier::DIM),
        credits: Style::new()
            .add_modifier(Modifier::ITALIC)
            .add_modifier(Modifier::DIM),
        quote: Style::new().add_modifier(Modifier::ITALIC),
        code: Style::new().fg(Color::Yellow),
        heading: Style::new().add_modifier(Modifier::BOLD),
    };
}

impl Default for ArticleStyles {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How the pane is set: the zone dates are shown in, its width, the widest the text is
/// wrapped, and the styles (the theme's, see `ui::theme::Theme::article`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pane {
    pub zone: Zone,
    pub width: u16,
    pub max_width: u16,
    pub styles: ArticleStyles,
}

/// The lines of one article at one width.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Index of the article in the library.
    pub article: Option<usize>,
    pub width: u16,
    pub lines: Vec<Line<'static>>,
}

/// Every text of the pane passes here (or through `sanitize`): feed text may carry
/// escape sequences, controls and bidi overrides.
fn wrap_into(lines: &mut Vec<Line<'static>>, text: &str, width: usize, style: Style) {
    let text = clean(text);
    for para in text.split("\n\n") {
        let para = para.trim_matches('\n');
        if para.is_empty() {
            continue;
        }
        // Line breaks inside a paragraph are kept; each line is wrapped on its own.
        for raw in para.lines() {
            for w in textwrap::wrap(raw, width.max(10)) {
                lines.push(Line::from(Span::styled(w.into_owned(), style)));
            }
        }
        lines.push(Line::default());
    }
}

/// Renders `article` for a pane `width` columns wide, capped at `max_width`. Reads
/// nothing: an HTML body must be in memory (`Job::run` reads a stored one first); a
/// stored one is shown as the plain body.
pub fn render(
    index: usize,
    article: &Article,
    tags: &[Tag],
    source: Option<&Source>,
    pane: &Pane,
) -> Rendered {
    let Pane {
        zone,
        width,
        max_width,
        styles,
    } = *pane;
    debug_assert!(
        article.html.as_ref().is_none_or(Html::is_owned),
        "a stored body is read before rendering"
    );
    let styles = &styles;
    let w = usize::from(width.min(max_width).max(10));
    let mut lines = Vec::new();
    wrap_into(&mut lines, &article.title, w, styles.title);
    lines.pop();
    let mut meta = Vec::new();
    if let Some(d) = article.date() {
        let local = zone.from_utc(d);
        let mut s = format!(
            "{} {}",
            local.format("%a %d %b %Y %H:%M"),
            zone.abbreviation(d)
        );
        if article.date_guessed {
            s.push_str(" (date guessed)");
        }
        meta.push(s);
    }
    if let Some(s) = source {
        meta.push(s.title.clone());
    }
    if !article.authors.is_empty() {
        let names: Vec<&str> = article.authors.iter().map(|a| a.name.as_str()).collect();
        meta.push(format!("by {}", names.join(", ")));
    }
    wrap_into(&mut lines, &meta.join(" · "), w, styles.meta);
    lines.pop();
    if !tags.is_empty() {
        let tags: Vec<String> = tags.iter().map(|t| format!("+{}", t.0)).collect();
        wrap_into(&mut lines, &tags.join(" "), w, styles.tags);
        lines.pop();
    }
    if let Some(link) = &article.link {
        lines.push(Line::from(Span::styled(sanitize(link), styles.link)));
    }
    lines.push(Line::default());

    match article.html.as_ref().and_then(Html::in_memory) {
        Some(html) => {
            // Sanitized before rendering too: html2text decodes `&#27;` and drops the
            // ESC, which would leave the rest of the sequence (`[2J`) as text.
            // Bounded first: a feed chooses how deep its HTML nests (see `bound`).
            let html = bound::bounded(html);
            // Raw escapes are removed from html2text's output below; only references
            // to control characters need the HTML itself cleaned first.
            let html = if has_control_reference(&html) {
                Cow::Owned(sanitize_html(&html).into_owned())
            } else {
                html
            };
            let text =
                html2text::from_read(html.as_bytes(), w).unwrap_or_else(|_| article.body.clone());
            for l in sanitize(&text).lines() {
                lines.push(Line::from(l.to_string()));
            }
            lines.push(Line::default());
        }
        None => wrap_into(&mut lines, &article.body, w, styles.body),
    }
    for e in &article.enclosures {
        lines.push(Line::from(Span::styled(
            sanitize(&format!(
                "attachment: {} {}",
                e.url,
                e.mime.as_deref().unwrap_or("")
            )),
            styles.attachment,
        )));
    }
    for (k, v) in &article.extra {
        wrap_into(&mut lines, &format!("{k}: {v}"), w, styles.extra);
        lines.pop();
    }
    for c in &article.credits {
        wrap_into(&mut lines, c, w, styles.credits);
        lines.pop();
    }
    while lines.last().is_some_and(|l| l.width() == 0) {
        lines.pop();
    }
    Rendered {
        article: Some(index),
        width,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pane() -> Pane {
        Pane {
            zone: Zone::Local,
            width: 80,
            max_width: 80,
            styles: ArticleStyles::DEFAULT,
        }
    }

    /// Every line of `r` as text.
    fn text_of(r: &Rendered) -> String {
        r.lines
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn entity_encoded_escapes_leave_nothing_behind() {
        let mut a = Article::sample("a", "t");
        a.html = Some(Html::Owned("<p>&#27;[2J&#27;]52;c;x&#7;</p>".to_string()));
        let r = render(0, &a, &[], None, &pane());
        let text = text_of(&r);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(!text.contains("[2J"), "{text:?}");
        assert!(!text.contains("52;c"), "{text:?}");
    }

    #[test]
    fn one_line_fields_lose_controls_and_bidi_overrides() {
        let mut a = Article::sample("a", "ti\u{202e}tle \u{1b}]0;pwned\u{7}x");
        a.link = Some("https://e.example/\u{1b}[2J".into());
        a.authors.push(crate::model::Author {
            name: "An\u{9b}31mna\u{2066}".into(),
            ..Default::default()
        });
        a.body = "plain \u{1b}[2Jbody".into();
        let source = Source::new("/x", "src\u{202d}\u{7}", crate::model::SourceKind::Text);
        let tags = [Tag("t\u{202e}ag".into())];
        let r = render(0, &a, &tags, Some(&source), &pane());
        let text = text_of(&r);
        assert!(
            !text.chars().any(|c| (c.is_control() && c != '\n')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "{text:?}"
        );
        for want in [
            "title x",
            "Anna",
            "src",
            "+tag",
            "plain body",
            "https://e.example/",
        ] {
            assert!(text.contains(want), "{want} in {text:?}");
        }
    }
}
