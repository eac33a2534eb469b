//! An HTML body as styled lines. html2text lays the body out (paragraphs, lists,
//! tables, wrapping) and our decorator (html2text's rich one, with each link tagged
//! by its number) tags each run of text with what it is; this module turns the tags
//! into the pane's styles: bold, italic, crossed out, code, links (underlined, each
//! followed by its number `[n]`), headings and quotes.
//!
//! - A link's number is written by the decorator at the link's end, glued to its
//!   last word so that it wraps with it, and so under the link's own tag: the last
//!   characters tagged `Link(n)` are `[n]` and are drawn as a number, not as link text.
//! - html2text has no tag for a heading or a quote line, only a prefix it puts before
//!   each of their lines, and the prefix merges with the text after it. So the
//!   decorator's prefixes are control characters (`HEADING`, `QUOTE`, `BULLET`): the
//!   HTML holds none by then (it was cleaned first, references included, and
//!   html2text drops any in the text), so a mark can only be ours. Each mark takes
//!   the one column its replacement takes, so html2text's layout stays right.
//! - Every run of text still passes `clean` on its way out.

use std::cell::RefCell;
use std::rc::Rc;

use html2text::render::TextDecorator;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::ArticleStyles;
use crate::ingest::html::clean;

/// Starts each line of a heading (dropped; the line takes the heading style).
const HEADING: char = '\u{1}';
/// Starts each line of a quote, once per level (drawn as `│`).
const QUOTE: char = '\u{2}';
/// Starts an item of a list without numbers (drawn as `•`).
const BULLET: char = '\u{3}';

/// What a run of text is (html2text's `RichAnnotation`, with links by number).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum Kind {
    #[default]
    Text,
    /// The text of link `n` (from 1), its number `[n]` at the end.
    Link(usize),
    Emphasis,
    Strong,
    Strikeout,
    Code,
    Preformat,
    /// An image's alternative text.
    Image,
}

/// The links of one body, numbered in the order they appear, shared by the
/// decorator and the copies html2text makes of it for nested blocks.
#[derive(Debug, Default)]
struct Links {
    urls: Vec<String>,
    /// The numbers of the links being written (HTML links do not nest, but a
    /// stack costs nothing and cannot go wrong).
    open: Vec<usize>,
}

/// html2text's rich decorator, with links by number and our marks for prefixes.
#[derive(Debug, Clone, Default)]
struct Decorator {
    links: Rc<RefCell<Links>>,
}

impl TextDecorator for Decorator {
    type Annotation = Kind;

    fn decorate_link_start(&mut self, url: &str) -> (String, Kind) {
        let mut links = self.links.borrow_mut();
        links.urls.push(url.trim().to_string());
        let n = links.urls.len();
        links.open.push(n);
        (String::new(), Kind::Link(n))
    }

    fn decorate_link_end(&mut self) -> String {
        self.links
            .borrow_mut()
            .open
            .pop()
            .map_or_else(String::new, |n| format!("[{n}]"))
    }

    fn decorate_em_start(&self) -> (String, Kind) {
        (String::new(), Kind::Emphasis)
    }

    fn decorate_em_end(&self) -> String {
        String::new()
    }

    fn decorate_strong_start(&self) -> (String, Kind) {
        (String::new(), Kind::Strong)
    }

    fn decorate_strong_end(&self) -> String {
        String::new()
    }

    fn decorate_strikeout_start(&self) -> (String, Kind) {
        (String::new(), Kind::Strikeout)
    }

    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }

    fn decorate_code_start(&self) -> (String, Kind) {
        (String::new(), Kind::Code)
    }

    fn decorate_code_end(&self) -> String {
        String::new()
    }

    fn decorate_preformat_first(&self) -> Kind {
        Kind::Preformat
    }

    fn decorate_preformat_cont(&self) -> Kind {
        Kind::Preformat
    }

    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, Kind) {
        (title.to_string(), Kind::Image)
    }

    fn header_prefix(&self, _level: usize) -> String {
        HEADING.to_string()
    }

    fn quote_prefix(&self) -> String {
        format!("{QUOTE} ")
    }

    fn unordered_item_prefix(&self) -> String {
        format!("{BULLET} ")
    }

    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }

    fn make_subblock_decorator(&self) -> Self {
        self.clone()
    }
}

/// A body laid out: its lines and its links in number order (link `n` is
/// `links[n - 1]`).
#[derive(Debug, Default)]
pub(super) struct Body {
    pub lines: Vec<Line<'static>>,
    pub links: Vec<String>,
}

/// Lays `html` out `width` columns wide with `styles`; `None` when html2text cannot
/// (the caller shows the plain body). `html` must hold no control character, raw or
/// as a reference (see `ingest::html::sanitize_html`).
pub(super) fn render(html: &str, width: usize, styles: &ArticleStyles) -> Option<Body> {
    let decorator = Decorator::default();
    let numbering = Rc::clone(&decorator.links);
    let tagged = html2text::config::with_decorator(decorator)
        // Crossed out with a style, not with a combining character after each letter.
        .unicode_strikeout(false)
        .lines_from_read(html.as_bytes(), width)
        .ok()?;
    let urls = std::mem::take(&mut numbering.borrow_mut().urls);
    // How many characters each link's text has (its number included), to know
    // where its number starts; spaces are not counted (a table pads a cell with
    // the tag of its last character).
    let mut left = vec![0usize; urls.len() + 1];
    for line in &tagged {
        for ts in line.tagged_strings() {
            if let Some(count) = link_of(&ts.tag).and_then(|n| left.get_mut(n)) {
                *count += ts.s.chars().filter(|c| counts(*c)).count();
            }
        }
    }
    let mut lines = Vec::with_capacity(tagged.len());
    for line in &tagged {
        let mut out = LineBuilder::new(styles);
        for ts in line.tagged_strings() {
            out.push(&ts.s, &ts.tag, &mut left);
        }
        lines.push(out.finish());
    }
    Some(Body {
        lines,
        links: urls.into_iter().map(|u| clean(&u).into_owned()).collect(),
    })
}

/// One output line being built from html2text's runs of text.
struct LineBuilder<'a> {
    styles: &'a ArticleStyles,
    spans: Vec<Span<'static>>,
    /// The line's own style so far: the body's, a heading's, a quote's.
    base: Style,
}

impl<'a> LineBuilder<'a> {
    fn new(styles: &'a ArticleStyles) -> Self {
        Self {
            styles,
            spans: Vec::new(),
            base: styles.body,
        }
    }

    /// A run of `text` tagged with `tags` (outermost first). `left`: how many
    /// characters of each link's text are still to come, its number included.
    fn push(&mut self, text: &str, tags: &[Kind], left: &mut [usize]) {
        let styles = self.styles;
        let link = link_of(tags).filter(|n| *n < left.len());
        let number_len = link.map_or(0, |n| n.to_string().len() + 2);
        let mut run = String::new();
        let mut run_is_number = false;
        for c in text.chars() {
            match c {
                HEADING | QUOTE | BULLET => {
                    self.flush(&mut run, tags, run_is_number);
                    match c {
                        HEADING => self.base = self.base.patch(styles.heading),
                        QUOTE => {
                            self.base = self.base.patch(styles.quote);
                            self.spans.push(Span::styled("│", self.base));
                        }
                        _ => self.spans.push(Span::styled("•", self.base)),
                    }
                }
                c => {
                    let mut is_number = false;
                    if let Some(n) = link.filter(|_| counts(c)) {
                        is_number = left[n] <= number_len;
                        left[n] = left[n].saturating_sub(1);
                    }
                    if is_number != run_is_number {
                        self.flush(&mut run, tags, run_is_number);
                        run_is_number = is_number;
                    }
                    run.push(c);
                }
            }
        }
        self.flush(&mut run, tags, run_is_number);
    }

    /// Ends the current run of text with the style its tags give it.
    fn flush(&mut self, run: &mut String, tags: &[Kind], number: bool) {
        if run.is_empty() {
            return;
        }
        let style = if number {
            self.base.patch(number_style(self.styles))
        } else {
            tags.iter()
                .fold(self.base, |s, tag| s.patch(tag_style(tag, self.styles)))
        };
        self.spans
            .push(Span::styled(clean(run).into_owned(), style));
        run.clear();
    }

    fn finish(self) -> Line<'static> {
        Line::from(self.spans)
    }
}

/// A link's number `[n]`: the link's colour, not underlined.
pub(super) fn number_style(styles: &ArticleStyles) -> Style {
    styles.link.remove_modifier(Modifier::UNDERLINED)
}

/// Whether `c` is counted in a link's characters (see `render`).
fn counts(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, HEADING | QUOTE | BULLET)
}

/// The innermost link a run of text belongs to.
fn link_of(tags: &[Kind]) -> Option<usize> {
    tags.iter().rev().find_map(|t| match t {
        Kind::Link(n) => Some(*n),
        _ => None,
    })
}

/// The style a tag adds.
fn tag_style(tag: &Kind, styles: &ArticleStyles) -> Style {
    match tag {
        Kind::Text => Style::new(),
        Kind::Strong => Style::new().add_modifier(Modifier::BOLD),
        Kind::Emphasis => Style::new().add_modifier(Modifier::ITALIC),
        Kind::Strikeout => Style::new().add_modifier(Modifier::CROSSED_OUT),
        Kind::Code | Kind::Preformat => styles.code,
        Kind::Link(_) => styles.link,
        Kind::Image => styles.meta,
    }
}
