//! The article pane's text: title, meta line, link, body re-wrapped to a width (HTML
//! bodies laid out by html2text and styled by `rich`: emphasis, code, headings,
//! quotes, lists, tables, links with their numbers and the numbered list of their
//! URLs), extra metadata and credits. Built once per (article, width) by `update`,
//! then only drawn. No line is wider than the width: long URLs are cut into pieces.

mod bound;
mod job;
mod rich;

pub use job::{Cache, Done, IN_BACKGROUND, Job};

use std::borrow::Cow;

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

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
    /// The body's text (an HTML body's styles go on top).
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
    /// The URLs of the body's numbered links, in number order: `[n]` is
    /// `links[n - 1]` (cleaned, not checked: only http(s) ones may be opened).
    pub links: Vec<String>,
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
        article.html.as_ref().is_none_or(Html::is_owned)
            && (article.html.is_some() || article.body.is_owned()),
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
        // As the filter spells them (`+"long read"`).
        let tags: Vec<String> = tags
            .iter()
            .map(|t| crate::query::Term::Tag(t.0.to_string()).to_string())
            .collect();
        wrap_into(&mut lines, &tags.join(" "), w, styles.tags);
        lines.pop();
    }
    if let Some(link) = &article.link {
        for piece in pieces(&sanitize(link), w) {
            lines.push(Line::from(Span::styled(piece, styles.link)));
        }
    }
    lines.push(Line::default());

    let mut numbered = Vec::new();
    match article.html.as_ref().and_then(Html::in_memory) {
        Some(html) => {
            // Bounded first: a feed chooses how deep its HTML nests (see `bound`).
            let html = bound::bounded(html);
            // Cleaned before rendering: html2text decodes `&#27;` and drops the ESC,
            // which would leave the rest of the sequence (`[2J`) as text, and `rich`
            // marks its own prefixes with control characters. The reference scan
            // comes first: it finds nothing in almost every body, and then only the
            // byte scan of `clean` remains (neither allocates).
            let dirty = has_control_reference(&html) || matches!(clean(&html), Cow::Owned(_));
            let html = if dirty {
                Cow::Owned(sanitize_html(&html).into_owned())
            } else {
                html
            };
            match rich::render(&html, w, styles) {
                Some(body) => {
                    lines.extend(body.lines);
                    lines.push(Line::default());
                    link_list(&mut lines, &body.links, w, styles);
                    numbered = body.links;
                }
                None => wrap_into(&mut lines, &article.plain(), w, styles.body),
            }
        }
        None => wrap_into(&mut lines, &article.plain(), w, styles.body),
    }
    for e in &article.enclosures {
        let text = format!("attachment: {} {}", e.url, e.mime.as_deref().unwrap_or(""));
        wrap_into(&mut lines, text.trim_end(), w, styles.attachment);
        lines.pop();
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
        lines: fit(lines, w),
        links: numbered,
    }
}

/// The numbered links at the end of the body: `[n]: URL`, a long URL cut into pieces
/// under itself.
fn link_list(lines: &mut Vec<Line<'static>>, urls: &[String], w: usize, styles: &ArticleStyles) {
    if urls.is_empty() {
        return;
    }
    for (i, url) in urls.iter().enumerate() {
        let label = format!("[{}]: ", i + 1);
        let indent = label.len();
        for (k, piece) in pieces(url, w.saturating_sub(indent))
            .into_iter()
            .enumerate()
        {
            let head = if k == 0 {
                Span::styled(label.clone(), rich::number_style(styles))
            } else {
                Span::raw(" ".repeat(indent))
            };
            lines.push(Line::from(vec![head, Span::styled(piece, styles.link)]));
        }
    }
    lines.push(Line::default());
}

/// `text` (one line, no spaces to wrap at: a URL) cut into pieces at most `width`
/// columns wide; at least one piece.
fn pieces(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = vec![String::new()];
    let mut used = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > width && used > 0 {
            out.push(String::new());
            used = 0;
        }
        used += cw;
        out.last_mut().expect("one piece at least").push(c);
    }
    out
}

/// `lines` with any line wider than `width` cut into lines that fit. html2text and
/// textwrap already keep within the width; this is the guard that makes it a rule
/// (a character wider than a narrow table cell, say).
fn fit(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    if lines.iter().all(|l| l.width() <= width) {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= width {
            out.push(line);
            continue;
        }
        let mut spans: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for span in line.spans {
            let mut piece = String::new();
            for c in span.content.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && used > 0 {
                    if !piece.is_empty() {
                        spans.push(Span::styled(std::mem::take(&mut piece), span.style));
                    }
                    out.push(Line::from(std::mem::take(&mut spans)));
                    used = 0;
                }
                used += cw;
                piece.push(c);
            }
            if !piece.is_empty() {
                spans.push(Span::styled(piece, span.style));
            }
        }
        out.push(Line::from(spans));
    }
    out
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
            .map(ToString::to_string)
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

    /// An article with `html` as its body, rendered `width` columns wide.
    fn html_article(html: &str, width: u16) -> Rendered {
        let mut a = Article::sample("a", "t");
        a.html = Some(Html::Owned(html.to_string()));
        let p = Pane {
            width,
            max_width: width,
            ..pane()
        };
        render(0, &a, &[], None, &p)
    }

    /// The first span whose text is `text`, and the line it is on.
    fn span<'a>(r: &'a Rendered, text: &str) -> (&'a Line<'static>, &'a Span<'static>) {
        r.lines
            .iter()
            .find_map(|l| l.spans.iter().find(|s| s.content == text).map(|s| (l, s)))
            .unwrap_or_else(|| panic!("no span {text:?} in {:#?}", r.lines))
    }

    fn has(style: Style, m: Modifier) -> bool {
        style.add_modifier.contains(m)
    }

    #[test]
    fn html_emphasis_shows_as_styles_not_as_markup() {
        let r = html_article(
            "<p>Hello <strong>world</strong>, <em>this</em> is <del>gone</del> and \
             <code>x = 1</code>.</p>",
            80,
        );
        let text = text_of(&r);
        assert!(
            text.contains("Hello world, this is gone and x = 1."),
            "{text}"
        );
        assert!(!text.contains("**") && !text.contains('`'), "{text}");
        let s = ArticleStyles::DEFAULT;
        assert!(has(span(&r, "world").1.style, Modifier::BOLD));
        assert!(has(span(&r, "this").1.style, Modifier::ITALIC));
        assert!(has(span(&r, "gone").1.style, Modifier::CROSSED_OUT));
        assert_eq!(
            span(&r, "gone").1.content.chars().count(),
            4,
            "no combining marks"
        );
        assert_eq!(span(&r, "x = 1").1.style, s.body.patch(s.code));
        assert_eq!(span(&r, "Hello ").1.style, s.body);
    }

    #[test]
    fn a_link_is_underlined_followed_by_its_number_and_listed_at_the_end() {
        let r = html_article(
            "<p>Read <a href=\"https://a.example/one\">the report</a> and \
             <a href=\"mailto:x@y.example\">write</a>, or <a href=\"https://a.example/one\">\
             again</a>.</p>",
            80,
        );
        let text = text_of(&r);
        assert!(
            text.contains("Read the report[1] and write[2], or again[3]."),
            "{text}"
        );
        let link = ArticleStyles::DEFAULT.link;
        let (_, s) = span(&r, "the report");
        assert!(has(s.style, Modifier::UNDERLINED));
        assert_eq!(s.style.fg, link.fg);
        let (_, n) = span(&r, "[1]");
        assert!(
            !has(n.style, Modifier::UNDERLINED),
            "the number is no link text"
        );
        assert_eq!(n.style.fg, link.fg);
        // Numbered as they come, each occurrence its own number, the URLs listed.
        assert_eq!(
            r.links,
            [
                "https://a.example/one",
                "mailto:x@y.example",
                "https://a.example/one"
            ]
        );
        assert!(
            text.ends_with(
                "[1]: https://a.example/one\n[2]: mailto:x@y.example\n[3]: https://a.example/one"
            ),
            "{text}"
        );
        assert!(has(
            span(&r, "mailto:x@y.example").1.style,
            Modifier::UNDERLINED
        ));
    }

    #[test]
    fn a_number_stays_a_number_when_the_link_holds_blocks_or_brackets() {
        let r = html_article(
            "<a href=\"https://a.example/\"><ul><li>item</li></ul><p>see [1]</p></a>",
            80,
        );
        assert_eq!(r.links, ["https://a.example/"]);
        assert!(has(span(&r, "see [1]").1.style, Modifier::UNDERLINED));
        let (line, n) = span(&r, "[1]");
        assert!(!has(n.style, Modifier::UNDERLINED), "{line:?}");
        assert!(text_of(&r).contains("• item"), "{}", text_of(&r));
    }

    #[test]
    fn headings_quotes_lists_and_code_blocks_are_readable() {
        let r = html_article(
            "<h2>The heading</h2><p>Body.</p><blockquote><p>Quoted words</p>\
             <blockquote><p>deeper</p></blockquote></blockquote>\
             <ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>\
             <pre>fn main() {\n    go();\n}</pre>",
            60,
        );
        let s = ArticleStyles::DEFAULT;
        let text = text_of(&r);
        for want in [
            "\nThe heading\n",
            "\n│ Quoted words\n",
            "\n│ │ deeper\n",
            "\n• one\n• two\n",
            "\n1. first\n2. second\n",
            "\nfn main() {\n    go();\n}",
        ] {
            assert!(text.contains(want), "{want:?} in {text}");
        }
        assert!(!text.contains('#') && !text.contains("> "), "{text}");
        let (line, _) = span(&r, "The heading");
        assert_eq!(line.spans.len(), 1, "{line:?}");
        assert_eq!(line.spans[0].style, s.body.patch(s.heading));
        // A quote is indented by its bar, and in the quote's style.
        let (line, words) = span(&r, " Quoted words");
        assert_eq!(line.spans[0].content, "│");
        assert_eq!(words.style, s.body.patch(s.quote));
        assert_eq!(span(&r, "    go();").1.style, s.body.patch(s.code));
    }

    #[test]
    fn long_urls_are_cut_to_the_width_everywhere() {
        let url = format!("https://long.example/{}", "segment/".repeat(30));
        let mut a = Article::sample("a", "t");
        a.link = Some(url.clone());
        a.html = Some(Html::Owned(format!(
            "<p>Text then {url} and <a href=\"{url}\">a link</a>.</p>\
             <table><tr><td>{url}</td><td>x</td></tr></table>"
        )));
        a.enclosures.push(crate::model::Enclosure {
            url: url.clone(),
            mime: None,
            length: None,
        });
        for width in [20u16, 37, 80] {
            let p = Pane {
                width,
                max_width: 200,
                ..pane()
            };
            let r = render(0, &a, &[], None, &p);
            for l in &r.lines {
                assert!(l.width() <= usize::from(width), "{width}: {l:?}");
            }
            // The URL is all there, in pieces: at the top, in the text, in the list.
            let joined: String = text_of(&r).split('\n').map(str::trim).collect();
            assert!(
                joined.matches(url.as_str()).count() >= 3,
                "{width}: {joined}"
            );
            assert_eq!(r.links, [url.as_str()]);
        }
    }

    #[test]
    fn plain_text_keeps_its_paragraphs_and_wraps_long_urls() {
        let mut a = Article::sample("a", "t");
        let url = format!("https://long.example/{}", "x".repeat(100));
        a.body = format!("First paragraph.\n\nSecond one, with {url} in it.\nA kept line.").into();
        let r = render(0, &a, &[], None, &pane());
        let text = text_of(&r);
        assert!(
            text.contains("First paragraph.\n\nSecond one, with"),
            "{text}"
        );
        assert!(text.contains("\nA kept line."), "{text}");
        assert!(r.lines.iter().all(|l| l.width() <= 80));
        assert!(r.links.is_empty());
    }

    #[test]
    fn hostile_html_in_every_styled_part_stays_clean() {
        let r = html_article(
            "<h1>&#27;[31mhead</h1><blockquote>q&#x1b;]0;t&#7;</blockquote>\
             <a href=\"https://e.example/&#27;[2J\">l&#155;2Jink</a><pre>\u{1b}[1mpre</pre>\
             <code>&#x202e;code</code>",
            60,
        );
        let text = text_of(&r);
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{text:?}"
        );
        for gone in ["[31m", "]0;t", "[2J"] {
            assert!(!text.contains(gone), "{gone} in {text:?}");
        }
        assert!(r.links.iter().all(|u| !u.chars().any(char::is_control)));
    }
}
