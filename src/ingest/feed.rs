//! RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 documents, through feed-rs:
//! recognising a feed by its first bytes, and turning one document into articles plus
//! per-item warnings. A fresh parser per document, guarded against panics.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::{DateTime, Datelike, Utc};
use feed_rs::model::{Entry, FeedType, Text};

use super::html::{looks_like_html, sanitize, to_plain};
use crate::model::{
    Article, ArticleId, Author, Enclosure, Html, SourceId, SourceKind, Tag, push_tag,
};
use crate::zone::Zone;

thread_local! {
    /// Set while this thread runs feed-rs under `catch_unwind`.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside a guarded feed parse, whose panics are expected,
/// caught and reported as a source error.
pub fn in_guarded_parse() -> bool {
    GUARDED.with(std::cell::Cell::get)
}

/// Wraps the current panic hook so that panics caught inside a guarded feed parse
/// print nothing and, in the reader, do not restore the terminal under the user.
/// Call it after anything else installs a hook.
pub fn quiet_guarded_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !in_guarded_parse() {
            previous(info);
        }
    }));
}

/// What a document looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    Xml,
    Json,
}

/// A parsed feed document.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FeedDoc {
    pub kind: SourceKind,
    pub title: Option<String>,
    pub link: Option<String>,
    pub description: Option<String>,
    pub articles: Vec<Article>,
    /// Problems with single items, each naming the item.
    pub warnings: Vec<String>,
}

/// A document that is not a readable feed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("not a valid feed: {0}")]
    Invalid(String),
    #[error("the feed parser crashed on this document (it is malformed)")]
    Crashed,
}

/// What every JSON Feed's `version` contains.
const JSON_FEED_MARK: &[u8] = b"jsonfeed.org/version";

/// Recognises a feed by its first bytes: an XML document whose first element is
/// `rss`, `feed` or `rdf:RDF` (or any `<?xml` document), or a JSON object naming a
/// jsonfeed.org version. Anything else is not a feed.
pub fn sniff(bytes: &[u8]) -> Option<FeedFormat> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let t = head.trim_start();
    if t.starts_with("<?xml")
        || t.starts_with("<rss")
        || t.starts_with("<feed")
        || t.starts_with("<rdf:RDF")
    {
        return Some(FeedFormat::Xml);
    }
    if t.starts_with("<!--") {
        let after = t.find("-->").map_or("", |i| t[i + 3..].trim_start());
        if after.starts_with("<rss") || after.starts_with("<feed") || after.starts_with("<rdf:RDF")
        {
            return Some(FeedFormat::Xml);
        }
    }
    // JSON keys have no order: the version may come after the items.
    if t.starts_with('{')
        && bytes
            .windows(JSON_FEED_MARK.len())
            .any(|w| w == JSON_FEED_MARK)
    {
        return Some(FeedFormat::Json);
    }
    None
}

fn text(t: Option<&Text>) -> Option<String> {
    let t = t?;
    let is_html = t.content_type.to_string().contains("html") || looks_like_html(&t.content);
    let s = if is_html {
        to_plain(&t.content)
    } else {
        sanitize(t.content.trim())
    };
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Dates outside 1970–2200 are almost always broken feeds.
fn plausible(d: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    d.filter(|d| (1970..=2200).contains(&d.year()))
}

/// Reads one feed document. Articles belong to `source`; their location is `location`.
pub fn parse(
    bytes: &[u8],
    source: &SourceId,
    location: &str,
    zone: Zone,
) -> Result<FeedDoc, FeedError> {
    // Dates in feeds carry offsets; `zone` is for the rare ones that do not.
    let _ = zone;
    let upgraded = upgrade_atom03(bytes);
    let bytes = upgraded.as_deref().unwrap_or(bytes);
    GUARDED.with(|g| g.set(true));
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        // Deterministic ids for items without one: never feed-rs's random UUIDs.
        feed_rs::parser::Builder::new()
            .id_generator(|links, title, _uri| {
                let link = links.first().map_or("", |l| l.href.as_str());
                let title = title.as_ref().map_or("", |t| t.content.as_str());
                format!("tidings:{link}|{title}")
            })
            .build()
            .parse(bytes)
    }));
    GUARDED.with(|g| g.set(false));
    let feed = match parsed {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => return Err(FeedError::Invalid(e.to_string())),
        Err(_) => return Err(FeedError::Crashed),
    };
    let kind = match feed.feed_type {
        FeedType::Atom => SourceKind::Atom,
        FeedType::JSON => SourceKind::Json,
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2 => SourceKind::Rss,
    };
    let mut warnings = Vec::new();
    let mut articles = Vec::with_capacity(feed.entries.len());
    for (n, entry) in feed.entries.iter().enumerate() {
        articles.push(article(entry, n + 1, source, location, &mut warnings));
    }
    Ok(FeedDoc {
        kind,
        title: text(feed.title.as_ref()).map(|t| one_line(&t)),
        link: alternate(&feed.links),
        description: text(feed.description.as_ref()),
        articles,
        warnings,
    })
}

/// feed-rs knows only the Atom 1.0 namespace. An Atom 0.3 document is read as 1.0
/// after renaming its namespace and its two date elements (`issued` → `published`,
/// `modified` → `updated`); the rest of 0.3 maps onto 1.0 as it is.
fn upgrade_atom03(bytes: &[u8]) -> Option<Vec<u8>> {
    const NS03: &str = "http://purl.org/atom/ns#";
    let text = std::str::from_utf8(bytes).ok()?;
    if !text.get(..text.len().min(2048))?.contains(NS03) {
        return None;
    }
    let t = text
        .replace(NS03, "http://www.w3.org/2005/Atom")
        .replace("<issued>", "<published>")
        .replace("</issued>", "</published>")
        .replace("<modified>", "<updated>")
        .replace("</modified>", "</updated>");
    Some(t.into_bytes())
}

/// RSS writes `mail@host (Name)`; feed-rs leaves `(Name)`. Only a name wrapped whole
/// in parentheses loses them: `Aiko (Tanabe)` stays as written.
fn unwrap_parens(name: &str) -> &str {
    name.strip_prefix('(')
        .and_then(|n| n.strip_suffix(')'))
        .filter(|n| !n.contains(['(', ')']))
        .unwrap_or(name)
        .trim()
}

fn alternate(links: &[feed_rs::model::Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| links.first())
        .map(|l| sanitize(l.href.trim()))
}

fn article(
    e: &Entry,
    n: usize,
    source: &SourceId,
    location: &str,
    warnings: &mut Vec<String>,
) -> Article {
    let summary = text(e.summary.as_ref());
    // HTML is kept (for rich rendering) only when it has markup; HTML-typed text
    // without tags is just decoded.
    let html_body = |is_html: bool, b: &str| {
        if looks_like_html(b) {
            (to_plain(b), Some(Html::Owned(b.to_string())))
        } else if is_html {
            (to_plain(b), None)
        } else {
            (sanitize(b.trim()), None)
        }
    };
    let (body, html) = match e
        .content
        .as_ref()
        .and_then(|c| c.body.as_ref().map(|b| (c, b)))
    {
        Some((c, b)) => html_body(c.content_type.to_string().contains("html"), b),
        None => match &e.summary {
            Some(s) => html_body(s.content_type.to_string().contains("html"), &s.content),
            None => (String::new(), None),
        },
    };
    let mut title = text(e.title.as_ref())
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
        warnings.push(format!("{location}: item {n}: no title; using {title:?}"));
    }
    let published = plausible(e.published).or(plausible(e.updated));
    let updated = plausible(e.updated);
    if published.is_none() {
        warnings.push(format!("{location}: item {n} ({title:?}): no usable date"));
    }
    let mut tags = Vec::new();
    for c in &e.categories {
        let name = c
            .label
            .as_deref()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or(&c.term);
        if let Some(t) = Tag::new(&sanitize(name)) {
            push_tag(&mut tags, t);
        }
    }
    let authors = e
        .authors
        .iter()
        .map(|p| Author {
            name: sanitize(unwrap_parens(p.name.as_deref().unwrap_or("").trim())),
            email: p.email.as_deref().map(sanitize),
            uri: p.uri.as_deref().map(sanitize),
        })
        .collect();
    let mut enclosures: Vec<Enclosure> = Vec::new();
    for m in &e.media {
        for c in &m.content {
            if let Some(url) = &c.url {
                enclosures.push(Enclosure {
                    url: url.to_string(),
                    mime: c.content_type.as_ref().map(ToString::to_string),
                    length: c.size,
                });
            }
        }
    }
    for l in e
        .links
        .iter()
        .filter(|l| l.rel.as_deref() == Some("enclosure"))
    {
        if !enclosures.iter().any(|x| x.url == l.href) {
            enclosures.push(Enclosure {
                url: sanitize(&l.href),
                mime: l.media_type.clone(),
                length: l.length,
            });
        }
    }
    let mut extra = BTreeMap::new();
    if let Some(r) = text(e.rights.as_ref()) {
        extra.insert("Rights".to_string(), r);
    }
    Article {
        id: ArticleId::derive(source, &e.id),
        source: source.clone(),
        title,
        link: alternate(
            &e.links
                .iter()
                .filter(|l| l.rel.as_deref() != Some("enclosure"))
                .cloned()
                .collect::<Vec<_>>(),
        ),
        published,
        updated,
        date_guessed: false,
        authors,
        tags,
        summary,
        body,
        html,
        credits: Vec::new(),
        extra,
        enclosures,
        location: location.to_string(),
    }
}

#[cfg(test)]
mod tests;
