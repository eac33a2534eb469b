//! What every feed format is read into before it becomes articles: a channel of items
//! with their text still as written (HTML or plain) and their dates as strings. The one
//! place that turns those into `Article`s: texts made plain and safe, dates read with
//! the source's zone, titles found, and a warning for each item that needed help.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};

use super::super::date;
use super::super::html::{looks_like_html, sanitize, to_plain};
use crate::model::{
    Article, ArticleId, Author, Enclosure, Html, MAX_TAGS, SourceId, SourceKind, Tag, push_tag,
};
use crate::zone::Zone;
use url::Url;

use super::xml::Element;

/// The base for relative links below `el`: its `xml:base` resolved against `base`.
pub fn rebase(base: Option<&Url>, el: &Element) -> Option<Url> {
    match el.attrs.iter().find(|(k, _)| k == "xml:base") {
        Some((_, b)) => match base {
            Some(u) => u.join(b.trim()).ok().or_else(|| Some(u.clone())),
            None => Url::parse(b.trim()).ok(),
        },
        None => base.cloned(),
    }
}

/// A link made absolute against `base` when it is relative and there is a base.
pub fn absolute(base: Option<&Url>, href: &str) -> String {
    let href = href.trim();
    match base {
        Some(b) if Url::parse(href).is_err() => {
            b.join(href).map_or_else(|_| href.to_string(), String::from)
        }
        _ => href.to_string(),
    }
}

/// The document's own address as a base, when it has one on the web.
pub fn web_base(location: &str) -> Option<Url> {
    Url::parse(location)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

/// A text as the feed wrote it: HTML (escaped or inline markup) or plain.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub value: String,
    pub html: bool,
    /// Where `value` lies in the document's text, when it can be read back from
    /// there (`xml::text_of_span`): the element's `span`.
    pub span: Option<(usize, usize)>,
}

impl Content {
    pub fn plain(value: String) -> Self {
        Self {
            value,
            html: false,
            span: None,
        }
    }

    pub fn html(value: String) -> Self {
        Self {
            value,
            html: true,
            span: None,
        }
    }

    /// This text, read from `el` as written: its span kept when it is the element's
    /// text (not markup written back).
    pub fn placed_in(mut self, el: &Element, markup: bool) -> Self {
        if !markup {
            self.span = el.span;
        }
        self
    }

    fn is_blank(&self) -> bool {
        self.value.trim().is_empty()
    }
}

/// One item, as read.
#[derive(Debug, Default)]
pub struct Item {
    /// The feed's own id (guid, Atom id, JSON id).
    pub id: Option<String>,
    pub title: Option<Content>,
    pub link: Option<String>,
    /// The link as written, before it was made absolute: what ids were derived from.
    pub link_as_written: Option<String>,
    pub published: Vec<String>,
    pub updated: Vec<String>,
    pub authors: Vec<Author>,
    pub tags: Vec<String>,
    pub summary: Option<Content>,
    pub content: Option<Content>,
    pub rights: Option<Content>,
    pub enclosures: Vec<Enclosure>,
}

/// A document, as read.
#[derive(Debug)]
pub struct Channel {
    pub kind: SourceKind,
    pub title: Option<Content>,
    pub link: Option<String>,
    pub description: Option<Content>,
    pub items: Vec<Item>,
}

/// Keeps the first text that is not blank.
pub fn first(slot: &mut Option<Content>, c: Option<Content>) {
    if slot.as_ref().is_none_or(Content::is_blank)
        && let Some(c) = c.filter(|c| !c.is_blank())
    {
        *slot = Some(c);
    }
}

/// A text made plain for a title, a summary or a description.
pub fn plain(c: Option<&Content>) -> Option<String> {
    let c = c?;
    let s = if c.html || looks_like_html(&c.value) {
        to_plain(&c.value)
    } else {
        sanitize(c.value.trim())
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Dates outside 1970–2200 are almost always broken feeds.
fn plausible(d: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    d.filter(|d| (1970..=2200).contains(&d.year()))
}

/// `mail@host (Name)`, `Name <mail@host>`, `mail@host`, or just a name.
pub fn person(raw: &str) -> Option<Author> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let clean = |s: &str| sanitize(s.trim());
    if let Some((left, right)) = raw.split_once('(')
        && let Some(name) = right.strip_suffix(')')
        && left.contains('@')
        && !name.contains(['(', ')'])
    {
        return Some(Author {
            name: clean(name).into(),
            email: Some(clean(left)),
            uri: None,
        });
    }
    if let Some((name, right)) = raw.split_once('<')
        && let Some(mail) = right.strip_suffix('>')
        && mail.contains('@')
    {
        let name = clean(name);
        return Some(Author {
            name: if name.is_empty() { clean(mail) } else { name }.into(),
            email: Some(clean(mail)),
            uri: None,
        });
    }
    let name = raw
        .strip_prefix('(')
        .and_then(|n| n.strip_suffix(')'))
        .filter(|n| !n.contains(['(', ')']))
        .unwrap_or(raw);
    let email = (!name.contains(' ') && name.contains('@')).then(|| clean(name));
    Some(Author {
        name: clean(name).into(),
        email,
        uri: None,
    })
}

/// Turns a channel into articles of `source`, with a warning per item that needed help,
/// and for each article the span of the document's text its HTML body was read from
/// (`Content::span`), when it has one.
pub fn articles(
    ch: &Channel,
    source: &SourceId,
    location: &str,
    zone: Zone,
    warnings: &mut Vec<String>,
) -> (Vec<Article>, Vec<Option<(usize, usize)>>) {
    let mut out = Vec::with_capacity(ch.items.len());
    let mut spans = Vec::with_capacity(ch.items.len());
    let mut notes = Notes::default();
    for (n, item) in ch.items.iter().enumerate() {
        let (a, span) = article(item, n + 1, source, location, zone, &mut notes);
        out.push(a);
        spans.push(span);
    }
    for (lines, more) in [
        (notes.untitled, "items without a title"),
        (notes.unreadable, "unreadable dates"),
        (notes.undated, "items without a date"),
        (notes.tags_cut, "items with too many categories"),
    ] {
        let total = lines.len();
        for l in lines.iter().take(SHOWN) {
            warnings.push(format!("{location}: {l}"));
        }
        if total > SHOWN {
            warnings.push(format!("{location}: and {} more {more}", total - SHOWN));
        }
    }
    (out, spans)
}

/// How many of one kind of item problem are listed before the rest are counted.
const SHOWN: usize = 5;

/// Problems with single items, by kind, so that a feed of a thousand undated items
/// gives a few lines and a count, not a thousand lines.
#[derive(Default)]
struct Notes {
    untitled: Vec<String>,
    unreadable: Vec<String>,
    undated: Vec<String>,
    tags_cut: Vec<String>,
}

/// A title as quoted in a warning: at most 60 characters.
fn quoted(title: &str) -> String {
    let mut t: String = title.chars().take(60).collect();
    if t.len() < title.len() {
        t.push('…');
    }
    format!("{t:?}")
}

/// The first of `raw` that reads as a date, and the strings that did not.
fn date_of<'a>(raw: &'a [String], zone: Zone, bad: &mut Vec<&'a str>) -> Option<DateTime<Utc>> {
    for r in raw {
        match plausible(date::parse(r, zone)) {
            Some(d) => return Some(d),
            None if !r.trim().is_empty() => bad.push(r.trim()),
            None => {}
        }
    }
    None
}

fn article(
    e: &Item,
    n: usize,
    source: &SourceId,
    location: &str,
    zone: Zone,
    notes: &mut Notes,
) -> (Article, Option<(usize, usize)>) {
    // A summary is kept apart only beside a content: an item with only a summary
    // (most RSS items, whose `description` is the whole text) has it as its body, and
    // holding the same text twice would double what 100k articles keep.
    let summary = e.content.as_ref().and_then(|_| plain(e.summary.as_ref()));
    // HTML is kept (for rich rendering) only when it has markup; HTML-typed text
    // without tags is just decoded.
    let html_body = |c: &Content| {
        if looks_like_html(&c.value) {
            // Character references to escapes (`&#27;[2J`) go with the escapes.
            let html = super::super::html::sanitize_html(&c.value).into_owned();
            (to_plain(&html), Some(Html::Owned(html)))
        } else if c.html {
            (to_plain(&c.value), None)
        } else {
            (sanitize(c.value.trim()), None)
        }
    };
    let (body, html, span) = match e.content.as_ref().or(e.summary.as_ref()) {
        Some(c) => {
            let (body, html) = html_body(c);
            let span = html.as_ref().and(c.span);
            (body, html, span)
        }
        None => (String::new(), None, None),
    };
    let mut title = plain(e.title.as_ref())
        .map(|t| one_line(&t))
        .unwrap_or_default();
    if title.is_empty() {
        let from: String = one_line(summary.as_deref().unwrap_or(&body))
            .chars()
            .take(80)
            .collect();
        title = if from.is_empty() {
            format!("(untitled item {n})")
        } else {
            from
        };
        notes
            .untitled
            .push(format!("item {n}: no title; using {}", quoted(&title)));
    }
    let mut bad = Vec::new();
    let updated = date_of(&e.updated, zone, &mut bad);
    let published = date_of(&e.published, zone, &mut bad).or(updated);
    for b in &bad {
        notes.unreadable.push(format!(
            "item {n} ({}): unreadable date {}",
            quoted(&title),
            quoted(b)
        ));
    }
    if published.is_none() && bad.is_empty() {
        notes
            .undated
            .push(format!("item {n} ({}): no usable date", quoted(&title)));
    }
    let mut tags = Vec::new();
    for t in &e.tags {
        if tags.len() == MAX_TAGS {
            notes.tags_cut.push(format!(
                "item {n} ({}): {} categories; the first {MAX_TAGS} kept as tags",
                quoted(&title),
                e.tags.len()
            ));
            break;
        }
        if let Some(t) = Tag::new(&sanitize(t)) {
            push_tag(&mut tags, t);
        }
    }
    let mut extra = BTreeMap::new();
    if let Some(r) = plain(e.rights.as_ref()) {
        extra.insert("Rights".to_string(), r);
    }
    let link = e.link.as_deref().map(|l| sanitize(l.trim()));
    let key = item_key(e);
    let article = Article {
        id: ArticleId::derive(source, &key),
        source: source.clone(),
        title,
        link,
        published,
        updated,
        date_guessed: false,
        authors: e.authors.clone(),
        tags,
        summary,
        body: body.into(),
        html,
        credits: Vec::new(),
        extra,
        enclosures: e.enclosures.clone(),
        location: location.to_string(),
    };
    (article, span)
}

/// The key an article id is derived from: the feed's own id; for items without one,
/// the key the first versions derived (link and title), so marks made then still find
/// their articles (the link as written, before it was made absolute); and when nothing
/// names the item, its text and date.
fn item_key(e: &Item) -> String {
    if let Some(id) = e.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        return id.to_string();
    }
    let title = e.title.as_ref().map_or("", |t| t.value.trim());
    let link = e
        .link_as_written
        .as_ref()
        .or(e.link.as_ref())
        .map(|l| sanitize(l.trim()))
        .unwrap_or_default();
    if !title.is_empty() || !link.is_empty() {
        return format!("tidings:{link}|{title}");
    }
    let text = e.content.as_ref().or(e.summary.as_ref());
    format!(
        "tidings:text|{}|{}",
        text.map_or("", |t| t.value.trim()),
        e.published.first().map_or("", String::as_str)
    )
}
