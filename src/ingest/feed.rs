//! RSS 0.90–2.0, Atom 0.3/1.0 and JSON Feed 1.0/1.1 documents: recognising a feed by
//! its first bytes, and turning one document into articles plus warnings.
//!
//! Real feeds are often not well-formed XML, and one flaw must not cost the whole feed.
//! So XML is read by our own recovering reader (`xml`), which repairs as libxml2's
//! recover mode does and counts what it repaired; RSS and Atom are mapped from its tree
//! (`rss`, `atom`), JSON Feed from a `serde_json::Value` (`json`), and all three meet in
//! `item`, which makes articles. feed-rs was the reader before: it rejects a feed for a
//! bare `&`, an HTML entity, a missing `version` or an Atom 0.3 MIME type, and has no
//! way to go on after an error; a repair pass in front of it would have needed this
//! same tolerant tokenizer anyway, then paid for a second parse. The tree reader is
//! also faster on clean feeds (README, Speed). A parse runs under `catch_unwind`, so
//! even a bug here costs one document, never the program.

mod atom;
mod entities;
mod item;
mod json;
mod repairs;
mod rss;
pub mod xml;

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::encoding;
use crate::model::{Article, SourceId, SourceKind};
use crate::zone::Zone;

thread_local! {
    /// Set while this thread runs a feed parse under `catch_unwind`.
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
    pub articles: Vec<Box<Article>>,
    /// What was repaired or assumed, and problems with single items, each naming the
    /// document (and the item).
    pub warnings: Vec<String>,
    /// For each article (when known), where the raw text of its HTML body lies in the
    /// document's bytes, offset and length: reading those bytes back with
    /// [`html_at`] gives its HTML. Empty when the document's text is not its bytes
    /// (transcoded) or nothing could be placed; not kept in any store.
    #[serde(skip)]
    pub html_spans: Vec<Option<(u64, u32)>>,
}

/// The HTML body that was read from `raw`, the bytes of a span in
/// [`FeedDoc::html_spans`]: the element's text decoded as the XML reader does and made
/// safe as every HTML body is. `None` when the bytes are not such a span.
pub fn html_at(raw: &[u8]) -> Option<String> {
    let text = xml::text_of_span(std::str::from_utf8(raw).ok()?)?;
    Some(super::html::sanitize_html(&text).into_owned())
}

/// Where a document's decoded text starts in its bytes, when it is those bytes (valid
/// UTF-8, borrowed, perhaps after a byte order mark).
fn text_offset(bytes: &[u8], decoded: &encoding::Decoded<'_>) -> Option<usize> {
    let t: &str = match &decoded.text {
        std::borrow::Cow::Borrowed(t) => t,
        std::borrow::Cow::Owned(_) => return None,
    };
    let at = (t.as_ptr() as usize).checked_sub(bytes.as_ptr() as usize)?;
    (at.checked_add(t.len())? <= bytes.len()).then_some(at)
}

/// A document that is not a readable feed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("not a valid feed: {0}")]
    Invalid(String),
    #[error("the feed parser crashed on this document (it is malformed)")]
    Crashed,
}

/// Root elements of feeds (local names, lower case).
const FEED_ROOTS: &[&str] = &["rss", "rdf", "feed", "channel"];

/// How far into a document its root element is looked for.
const HEAD: usize = 16 * 1024;

/// The head of a document as text, whatever its encoding (UTF-16 included).
fn head(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let cut = &bytes[..bytes.len().min(HEAD)];
    if encoding::is_utf16(cut) {
        return std::borrow::Cow::Owned(encoding::decode_xml(cut, None).text.into_owned());
    }
    String::from_utf8_lossy(cut.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(cut))
}

/// The local name of the first element of an XML-ish text, skipping the prolog,
/// comments, a DOCTYPE and (before `<?xml`) junk. `None` when the text does not start
/// like markup.
fn first_element(text: &str) -> Option<String> {
    let mut t = text.trim_start();
    if !t.starts_with('<') {
        // Junk (a server's warning) before the prolog: only with a real prolog.
        let at = t.find("\n<?xml").or_else(|| t.find("<?xml "))?;
        t = t[at..].trim_start();
    }
    for _ in 0..64 {
        t = t.trim_start();
        if let Some(r) = t.strip_prefix("<!--") {
            t = &r[r.find("-->")? + 3..];
        } else if let Some(r) = t.strip_prefix("<?") {
            t = &r[r.find("?>")? + 2..];
        } else if let Some(r) = t.strip_prefix("<!") {
            let close = match (r.find('['), r.find('>')) {
                (Some(b), Some(g)) if b < g => r.find("]>").map(|p| p + 1)?,
                (_, g) => g?,
            };
            t = &r[close + 1..];
        } else if let Some(r) = t.strip_prefix('<') {
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(r.len());
            let name = &r[..end];
            if name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                return None;
            }
            let local = name.rsplit(':').next().unwrap_or(name);
            return Some(local.to_ascii_lowercase());
        } else {
            return None;
        }
    }
    None
}

/// Whether a JSON text names itself a JSON Feed (`jsonfeed.org/version`, also written
/// with escaped slashes).
fn names_json_feed(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"jsonfeed.org").is_some()
}

/// What a file is, from its first bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// A feed document in this format.
    Feed(FeedFormat),
    /// Markup or JSON that is not a feed (an HTML page, an SVG, other JSON): what it is,
    /// for the warning that skips it.
    NotAFeed(String),
    /// Anything else, such as a text article.
    Other,
}

/// Tells a feed from a document that is not one and from anything else, reading the
/// head of the bytes once (a folder's every file passes here).
///
/// A feed is an XML document whose root is `rss`, `feed`, `rdf:RDF` or `channel`
/// (after any prolog, comments and DOCTYPE), or a JSON object naming a jsonfeed.org
/// version. A title such as `[Update] Council votes` or `<Untitled>` is a text
/// article: only what really is JSON or XML is set aside as not a feed.
pub fn classify(bytes: &[u8]) -> Sniffed {
    let text = head(bytes);
    let t = text.trim_start();
    if t.starts_with('{') && names_json_feed(bytes) {
        // JSON keys have no order: the version may come after the items.
        return Sniffed::Feed(FeedFormat::Json);
    }
    if t.starts_with('{') || t.starts_with('[') {
        let object = t.starts_with('{') && t[1..].trim_start().starts_with(['"', '}']);
        let json = object || serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
        return if json {
            Sniffed::NotAFeed("JSON that is not a JSON Feed".to_string())
        } else {
            Sniffed::Other
        };
    }
    let root = first_element(t);
    if root.as_deref().is_some_and(|r| FEED_ROOTS.contains(&r)) {
        return Sniffed::Feed(FeedFormat::Xml);
    }
    if !t.starts_with('<') {
        return Sniffed::Other;
    }
    let lower = t.get(..t.len().min(512)).unwrap_or(t).to_ascii_lowercase();
    if lower.starts_with("<!doctype html") {
        return Sniffed::NotAFeed("an HTML page".to_string());
    }
    match root {
        Some(root) if matches!(root.as_str(), "html" | "head" | "body") => {
            Sniffed::NotAFeed("an HTML page".to_string())
        }
        Some(root)
            if t.starts_with("<?xml")
                || t.starts_with("<!")
                || text.to_ascii_lowercase().contains(&format!("</{root}"))
                || lower.contains("xmlns") =>
        {
            Sniffed::NotAFeed(format!("an XML document of another kind (<{root}>)"))
        }
        None if t.starts_with("<?xml") => {
            Sniffed::NotAFeed("markup without a feed in it".to_string())
        }
        _ => Sniffed::Other,
    }
}

/// Recognises a feed by its first bytes (see `classify`); anything else is not a feed.
pub fn sniff(bytes: &[u8]) -> Option<FeedFormat> {
    match classify(bytes) {
        Sniffed::Feed(format) => Some(format),
        _ => None,
    }
}

/// For a document that is not a feed but looks like markup or JSON, what it is (for
/// the warning that skips it); `None` for anything else, such as a text article.
pub fn not_a_feed(bytes: &[u8]) -> Option<String> {
    match classify(bytes) {
        Sniffed::NotAFeed(what) => Some(what),
        _ => None,
    }
}

/// Reads one feed document. Articles belong to `source`; their location is `location`;
/// dates written without an offset are in `zone`.
pub fn parse(
    bytes: &[u8],
    source: &SourceId,
    location: &str,
    zone: Zone,
) -> Result<FeedDoc, FeedError> {
    parse_http(bytes, None, source, location, zone)
}

/// `parse`, for a document fetched over HTTP whose `Content-Type` named `charset`.
pub fn parse_http(
    bytes: &[u8],
    charset: Option<&str>,
    source: &SourceId,
    location: &str,
    zone: Zone,
) -> Result<FeedDoc, FeedError> {
    GUARDED.with(|g| g.set(true));
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        let decoded = encoding::decode_xml(bytes, charset);
        let mut warnings: Vec<String> = decoded
            .note
            .iter()
            .map(|n| format!("{location}: {n}"))
            .collect();
        let channel = read(&decoded.text, location, &mut warnings)?;
        let (articles, spans) = item::articles(&channel, source, location, zone, &mut warnings);
        let html_spans = match text_offset(bytes, &decoded) {
            Some(base) if spans.iter().any(Option::is_some) => spans
                .into_iter()
                .map(|s| {
                    let (from, to) = s?;
                    let len = u32::try_from(to.checked_sub(from)?).ok()?;
                    Some(((base + from) as u64, len))
                })
                .collect(),
            _ => Vec::new(),
        };
        if cfg!(debug_assertions) {
            // What the snapshot will read back is what the parser made.
            for (a, span) in articles.iter().zip(&html_spans) {
                if let Some((at, len)) = *span {
                    let raw = bytes.get(at as usize..at as usize + len as usize);
                    let back = raw.and_then(html_at);
                    let made = a.html.as_ref().and_then(crate::model::Html::in_memory);
                    debug_assert_eq!(back.as_deref(), made, "{location}: HTML at {at}+{len}");
                }
            }
        }
        let title = item::plain(channel.title.as_ref()).map(|t| item::one_line(&t));
        Ok(FeedDoc {
            kind: channel.kind,
            title,
            link: channel
                .link
                .as_deref()
                .map(|l| super::html::sanitize(l.trim())),
            description: item::plain(channel.description.as_ref()),
            articles: articles.into_iter().map(Box::new).collect(),
            warnings,
            html_spans,
        })
    }));
    GUARDED.with(|g| g.set(false));
    parsed.unwrap_or(Err(FeedError::Crashed))
}

/// The channel of a decoded document, with what was repaired added to `warnings`.
fn read(
    text: &str,
    location: &str,
    warnings: &mut Vec<String>,
) -> Result<item::Channel, FeedError> {
    if text.trim_start().starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| FeedError::Invalid(format!("not valid JSON: {e}")))?;
        return json::read(&v).ok_or_else(|| {
            FeedError::Invalid("JSON, but not a JSON Feed (no jsonfeed.org version)".into())
        });
    }
    let doc = xml::read(text);
    let Some(root) = doc.root else {
        return Err(FeedError::Invalid(
            "no element could be read: the document is empty, cut off in its first tag, or not XML"
                .into(),
        ));
    };
    let name = root.name.to_ascii_lowercase();
    let base = item::web_base(location);
    let channel = match name.as_str() {
        "rss" | "rdf" | "channel" => rss::read(&root, base.as_ref()),
        "feed" => atom::read(&root, base.as_ref()),
        _ => {
            return Err(FeedError::Invalid(format!(
                "the document is <{}>, not RSS, Atom or JSON Feed",
                root.name
            )));
        }
    };
    warnings.extend(
        doc.repairs
            .summary()
            .into_iter()
            .map(|r| format!("{location}: {r}")),
    );
    Ok(channel)
}

#[cfg(test)]
mod tests;
