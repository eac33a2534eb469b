//! Plain data for articles and their sources: what every reader of input produces and
//! every consumer (filter, export, screens) reads. No IO and no parsing live here.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
pub use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A stable identity derived from stable inputs (source + link, or source + path).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub CompactString);

/// A source's identity, derived from its location.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceId(pub CompactString);

/// Hashes the parts (separated so that `("ab","c")` and `("a","bc")` differ) into a
/// short lowercase hex id. 16 hex digits (64 bits) keeps collisions out of reach for
/// millions of articles while staying readable on a command line.
pub fn stable_id(parts: &[&str]) -> CompactString {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    digest[..8]
        .iter()
        .fold(CompactString::default(), |mut s, b| {
            use std::fmt::Write;
            let _ = write!(s, "{b:02x}");
            s
        })
}

impl ArticleId {
    /// The id of an article of `source` identified within it by `key` (a link, a
    /// feed entry id, or a path relative to the source root).
    pub fn derive(source: &SourceId, key: &str) -> Self {
        Self(stable_id(&[&source.0, key]))
    }
}

impl SourceId {
    /// The id of the source found at `location` (a path or a URL).
    pub fn derive(location: &str) -> Self {
        Self(stable_id(&[location]))
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `s` is an http(s) address: it starts with `http://` or `https://` exactly
/// as written (callers that accept more trim or lowercase first). The one such test.
pub fn is_http_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// Whether a link may be handed to a browser: http(s) only (in any case, around
/// spaces) and no control characters.
pub fn is_web_link(link: &str) -> bool {
    is_http_url(&link.trim().to_ascii_lowercase()) && !link.chars().any(char::is_control)
}

/// A tag as written by its author; compared case-insensitively.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tag(pub CompactString);

impl Tag {
    /// A trimmed tag, or `None` when nothing is left.
    pub fn new(raw: &str) -> Option<Self> {
        let t = raw.trim();
        (!t.is_empty()).then(|| Self(t.into()))
    }

    /// Whether this tag is `other`, ignoring case. Runs for every article on every
    /// filter keystroke, so ASCII tags compare without allocating.
    pub fn is(&self, other: &str) -> bool {
        if self.0.is_ascii() && other.is_ascii() {
            return self.0.eq_ignore_ascii_case(other);
        }
        self.0.to_lowercase() == other.to_lowercase()
    }
}

impl PartialEq for Tag {
    fn eq(&self, other: &Self) -> bool {
        self.is(&other.0)
    }
}

impl Eq for Tag {}

/// `n` and the noun, singular for one: "1 article", "3 articles".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Tags kept per article from its source: real articles have a handful; a hostile one
/// with 100,000 would make every later step (folding duplicates, the index, the
/// screen) crawl. Readers keep the first ones and warn.
pub const MAX_TAGS: usize = 64;

/// Adds `tag` unless an equal one (ignoring case) is there already.
pub fn push_tag(tags: &mut Vec<Tag>, tag: Tag) {
    if !tags.contains(&tag) {
        tags.push(tag);
    }
}

/// A person credited as an author.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// Inline when short (most names are): one heap block fewer per article.
    pub name: CompactString,
    pub email: Option<String>,
    pub uri: Option<String>,
}

/// A media file attached to an article (podcast audio, an image).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enclosure {
    pub url: String,
    pub mime: Option<String>,
    pub length: Option<u64>,
}

/// A text kept in memory, or outside it in a [`TextStore`] and read when asked: an
/// article's HTML body (see [`Html`]) or its plain body. Articles read from a folder
/// snapshot leave both in the snapshot file: listing, filtering by tags and dates, and
/// word searches the index answers need neither, so 100k bodies need not sit in memory.
///
/// Serialised alone, a stored text is written empty: a store of articles (a snapshot,
/// the feed cache) keeps the texts apart and says where each one is.
#[derive(Clone)]
pub enum Text {
    Owned(String),
    Stored(StoredText),
}

/// An article's original HTML body: in memory, in a folder snapshot, in the feed file
/// it was parsed from, or in the state database.
pub type Html = Text;

impl Default for Text {
    fn default() -> Self {
        Self::Owned(String::new())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Self::Owned(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Self::Owned(s.to_string())
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.in_memory().unwrap_or(""))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::Owned)
    }
}

/// A short hash of a text, the same whether it is in memory or stored: what the search
/// index's fingerprint takes of a body, without reading a stored one.
pub fn text_sum(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x7469_6469_6e67_7478).hash_one(text)
}
/// Somewhere texts are kept outside memory: a folder snapshot file, the state
/// database. `at` and `len` mean what the store makes of them (an offset and a length,
/// or a row).
///
/// `Any`: a snapshot recognises the stores of its own packed bodies.
pub trait TextStore: Send + Sync + std::any::Any {
    fn read(&self, at: u64, len: u32) -> std::io::Result<String>;

    /// Whether this is the file the texts were parsed from (a local feed file): a
    /// snapshot points there again instead of copying them.
    fn is_source_file(&self) -> bool {
        false
    }

    /// The text at `at` as the store keeps it compressed, when it does (a snapshot
    /// copies it so, without unpacking and packing it again).
    fn packed(&self, _at: u64, _len: u32) -> Option<std::io::Result<Vec<u8>>> {
        None
    }
}

/// A text kept in a [`TextStore`]. The store is shared (a snapshot file stays readable
/// for the articles that point into it even when a newer one is renamed over it).
#[derive(Clone)]
pub struct StoredText {
    pub(crate) store: Arc<dyn TextStore>,
    pub(crate) at: u64,
    pub(crate) len: u32,
    /// The text's [`text_sum`], when the store noted it (0: not noted).
    pub(crate) sum: u64,
}

impl StoredText {
    pub fn new(store: Arc<dyn TextStore>, at: u64, len: u32) -> Self {
        Self {
            store,
            at,
            len,
            sum: 0,
        }
    }

    /// The same, with the text's [`text_sum`] noted (so that it need not be read for it).
    #[must_use]
    pub fn with_sum(self, sum: u64) -> Self {
        Self { sum, ..self }
    }

    fn read(&self) -> std::io::Result<String> {
        self.store.read(self.at, self.len)
    }
}

impl Text {
    /// The text; `None` when a stored text cannot be read back (for an HTML body the
    /// caller falls back to the plain body).
    pub fn text(&self) -> Option<Cow<'_, str>> {
        self.try_text().ok()
    }

    /// The text, or why a stored text cannot be read back (its file changed or is
    /// gone).
    pub fn try_text(&self) -> std::io::Result<Cow<'_, str>> {
        match self {
            Self::Owned(s) => Ok(Cow::Borrowed(s)),
            Self::Stored(t) => t.read().map(Cow::Owned),
        }
    }

    /// The text's size in bytes (as stored: for a stored text, its stored length).
    pub fn len(&self) -> usize {
        match self {
            Self::Owned(s) => s.len(),
            Self::Stored(t) => t.len as usize,
        }
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the text is held in memory.
    pub fn is_owned(&self) -> bool {
        matches!(self, Self::Owned(_))
    }

    /// The text when it is held in memory (`None` for a stored one: nothing is read).
    pub fn in_memory(&self) -> Option<&str> {
        match self {
            Self::Owned(s) => Some(s),
            Self::Stored(_) => None,
        }
    }

    /// The text, or nothing when a stored one cannot be read back.
    pub fn or_empty(&self) -> Cow<'_, str> {
        self.text().unwrap_or_default()
    }

    /// The text's [`text_sum`]: noted for a stored text, else worked out (reading a
    /// stored text only when its store did not note it).
    pub fn sum(&self) -> u64 {
        match self {
            Self::Stored(t) if t.sum != 0 => t.sum,
            _ => text_sum(&self.or_empty()),
        }
    }
}

/// Reads a stored text to compare (tests and rare checks; equality between two texts
/// does not read).
impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.text().is_some_and(|t| t == *other)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.text().is_some_and(|t| t == other)
    }
}

/// The text (a stored one read back; nothing when it cannot be).
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.or_empty())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Owned(s) => s.fmt(f),
            Self::Stored(t) => write!(f, "<stored {} bytes at {}>", t.len, t.at),
        }
    }
}

/// Compares without reading: texts in memory by their contents, stored texts by where
/// they are (the same store, offset and length). A text in memory never equals a
/// stored one, even with the same contents: compare `text()` for that.
impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Owned(a), Self::Owned(b)) => a == b,
            (Self::Stored(a), Self::Stored(b)) => {
                Arc::ptr_eq(&a.store, &b.store) && a.at == b.at && a.len == b.len
            }
            _ => false,
        }
    }
}

/// One article, whatever format it came from. Serialisable for the caches (HTML aside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub source: SourceId,
    pub title: String,
    pub link: Option<String>,
    #[serde(with = "date_form")]
    pub published: Option<DateTime<Utc>>,
    #[serde(with = "date_form")]
    pub updated: Option<DateTime<Utc>>,
    /// The date was not given (or not readable) and was guessed, e.g. from the file's
    /// modification time.
    pub date_guessed: bool,
    pub authors: Vec<Author>,
    pub tags: Vec<Tag>,
    /// The lead or the feed's summary, as plain text.
    pub summary: Option<String>,
    /// The body as plain text, paragraphs separated by blank lines. For HTML bodies a
    /// fast extraction that serves search and export; the article pane renders `html`.
    /// In memory, or in the folder snapshot (read with [`Article::plain`]).
    pub body: Text,
    /// The original HTML body, when there was one: in memory, or in a folder snapshot
    /// or the feed cache. Every store of articles keeps it apart from the rest (and
    /// reads it only when shown), so it is not part of the serialised article.
    #[serde(skip)]
    pub html: Option<Html>,
    /// Trailer lines such as `photos: press office`.
    pub credits: Vec<String>,
    /// Header keys the format does not know, and other metadata worth showing.
    pub extra: BTreeMap<String, String>,
    pub enclosures: Vec<Enclosure>,
    /// Where the article was read from: a path (with the entry inside a feed) or a URL.
    pub location: String,
}

impl Article {
    /// The date used for sorting, filtering and the timeline.
    pub fn date(&self) -> Option<DateTime<Utc>> {
        self.published.or(self.updated)
    }

    /// Whether the article carries `tag` (ignoring case).
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.is(tag))
    }

    /// The plain body, read back from the snapshot if it is stored there (nothing
    /// when it cannot be read).
    pub fn plain(&self) -> Cow<'_, str> {
        self.body.or_empty()
    }

    /// The original HTML body, read back from the snapshot if it is stored there.
    pub fn html_text(&self) -> Option<Cow<'_, str>> {
        self.html.as_ref().and_then(Html::text)
    }
}

#[cfg(test)]
impl Article {
    /// A bare article for tests: the given id and title, nothing else set.
    pub(crate) fn sample(id: &str, title: &str) -> Self {
        Self {
            id: ArticleId(id.into()),
            source: SourceId::derive("/sample"),
            title: title.to_string(),
            link: None,
            published: None,
            updated: None,
            date_guessed: false,
            authors: Vec::new(),
            tags: Vec::new(),
            summary: None,
            body: Text::default(),
            html: None,
            credits: Vec::new(),
            extra: BTreeMap::new(),
            enclosures: Vec::new(),
            location: String::new(),
        }
    }
}

/// What kind of document a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Text,
    Rss,
    Atom,
    Json,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Rss => "rss",
            Self::Atom => "atom",
            Self::Json => "json",
        }
    }
}

/// A place articles come from: a folder of text articles, or one feed document.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: SourceId,
    pub title: String,
    pub kind: SourceKind,
    pub location: String,
    pub link: Option<String>,
    pub description: Option<String>,
    /// Tags added to every article of the source.
    pub tags: Vec<Tag>,
    /// The zone for dates written without an offset, as configured (`None`: default).
    pub timezone: Option<String>,
    /// Problems with single items or files; the rest of the source loaded.
    pub warnings: Vec<String>,
    /// Why the source could not be read at all.
    pub error: Option<String>,
    /// Its last fetch failed (a URL source showing what was cached before).
    pub fetch_failed: bool,
}

impl Source {
    /// A source with no articles read yet.
    pub fn new(location: &str, title: &str, kind: SourceKind) -> Self {
        Self {
            id: SourceId::derive(location),
            title: title.to_string(),
            kind,
            location: location.to_string(),
            link: None,
            description: None,
            tags: Vec::new(),
            timezone: None,
            warnings: Vec::new(),
            error: None,
            fetch_failed: false,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_go_as_text_or_compact_and_come_back_the_same() {
        let mut a = Article::sample("d1", "Dated");
        a.published = DateTime::from_timestamp(1_764_000_123, 450_000_000);
        a.updated = DateTime::from_timestamp(-86_400 * 365 * 30, 0);
        let text = postcard::to_stdvec(&a).unwrap();
        let back: Article = postcard::from_bytes(&text).unwrap();
        assert_eq!((back.published, back.updated), (a.published, a.updated));
        let packed = {
            let _compact = date_form::compact();
            postcard::to_stdvec(&a).unwrap()
        };
        assert!(
            packed.len() + 20 < text.len(),
            "{} vs {}",
            packed.len(),
            text.len()
        );
        let back: Article = {
            let _compact = date_form::compact();
            postcard::from_bytes(&packed).unwrap()
        };
        assert_eq!((back.published, back.updated), (a.published, a.updated));
        // The guard is gone: text again (JSON says so in words).
        let json = serde_json::to_string(&a).unwrap();
        assert!(
            json.contains("\"published\":\"2025-11-24T16:02:03.450Z\""),
            "{json}"
        );
    }

    use super::*;

    #[test]
    fn ids_are_stable_and_distinguish_boundaries() {
        let a = stable_id(&["ab", "c"]);
        assert_eq!(a, stable_id(&["ab", "c"]));
        assert_ne!(a, stable_id(&["a", "bc"]));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn html_compares_without_reading() {
        struct Unreadable;
        impl TextStore for Unreadable {
            fn read(&self, _: u64, _: u32) -> std::io::Result<String> {
                panic!("read to compare")
            }
        }
        let store: Arc<dyn TextStore> = Arc::new(Unreadable);
        let at = |store: &Arc<dyn TextStore>, at| {
            Html::Stored(StoredText::new(Arc::clone(store), at, 5))
        };
        let a = at(&store, 0);
        assert_eq!(a, at(&store, 0));
        assert_ne!(a, at(&store, 5));
        assert_ne!(a, at(&(Arc::new(Unreadable) as Arc<dyn TextStore>), 0));
        assert_ne!(a, Html::Owned("hello".into()));
        assert_eq!(Html::Owned("hi".into()), Html::Owned("hi".into()));
        assert_ne!(Html::Owned("hi".into()), Html::Owned("ho".into()));
    }

    #[test]
    fn tags_compare_without_case() {
        let mut tags = vec![Tag::new(" Politics ").unwrap()];
        push_tag(&mut tags, Tag::new("politics").unwrap());
        push_tag(&mut tags, Tag::new("Energy").unwrap());
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].0, "Politics");
        assert!(Tag::new("  ").is_none());
    }
}

/// Everything loaded: sources and their articles, with a fast way from an article to
/// its source.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub sources: Vec<Source>,
    pub articles: Vec<Box<Article>>,
    by_id: std::collections::HashMap<SourceId, usize>,
    /// Some plain bodies are stored outside memory (a folder snapshot): a search that
    /// walks the articles reads them. Only a hint for choosing how to search.
    bodies_stored: bool,
    /// Each article's date, in the articles' order: date terms read these in a row
    /// instead of visiting 100k boxed articles.
    dates: Vec<Option<DateTime<Utc>>>,
    /// Orders of the articles' positions, made the first time they are asked for.
    orders: Orders,
}

/// A library's articles' positions in other orders than the library's: in the order
/// they lie in memory ([`Library::walk_order`]) and by id ([`Library::position`]). A
/// clone (whose articles lie elsewhere) makes its own.
#[derive(Debug, Default)]
struct Orders {
    walk: std::sync::OnceLock<Vec<u32>>,
    by_id: std::sync::OnceLock<Vec<u32>>,
}

impl Clone for Orders {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl Library {
    /// A library over these sources and articles; the articles are kept newest first
    /// (undated last, ties by title then id), the order filters and exports rely on.
    ///
    /// Each article is boxed: gathering 100k of them from the files they came from
    /// then moves pointers, and never holds two copies of every article (38 MB more at
    /// the start-up's peak); sorting moves pointers too.
    pub fn new<A: Into<Box<Article>>>(sources: Vec<Source>, articles: Vec<A>) -> Self {
        // Sorted by each one's date kept beside it: most comparisons then read no
        // article (at 100k, following the pointers was most of the sort's time); equal
        // dates compare titles then ids. Unstable: the order is total (ids are unique),
        // and a stable sort would hold a buffer of half of them.
        let mut keyed: Vec<(Option<DateTime<Utc>>, Box<Article>)> = articles
            .into_iter()
            .map(|a| {
                let a: Box<Article> = a.into();
                (a.date(), a)
            })
            .collect();
        keyed.sort_unstable_by(|(da, a), (db, b)| {
            db.cmp(da)
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.id.cmp(&b.id))
        });
        // Vectors of their own (collected in place, the keys' room would stay).
        let (dates, articles): (Vec<_>, Vec<_>) = keyed.into_iter().unzip();
        let by_id = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let bodies_stored = articles.iter().any(|a| !a.body.is_owned());
        Self {
            sources,
            articles,
            by_id,
            bodies_stored,
            dates,
            orders: Orders::default(),
        }
    }

    /// Each article's date (`Article::date`) in the articles' order: kept since the
    /// library was made, or worked out again when its articles were changed since.
    pub fn dates(&self) -> Cow<'_, [Option<DateTime<Utc>>]> {
        if self.dates.len() == self.articles.len() {
            Cow::Borrowed(&self.dates)
        } else {
            Cow::Owned(self.articles.iter().map(|a| a.date()).collect())
        }
    }

    /// Every article's position, in the order the articles lie in memory: a filter
    /// that visits each article (before the search index is there) goes this way and
    /// reads memory in a row, where the library's order (by date) jumps about the heap
    /// for each one (a tag walk at 100k took half as long again). Made once; a
    /// library whose articles were changed since gets a new one.
    pub fn walk_order(&self) -> Cow<'_, [u32]> {
        let order = || {
            let mut order: Vec<u32> = (0..self.articles.len() as u32).collect();
            order.sort_unstable_by_key(|&i| &raw const *self.articles[i as usize] as usize);
            order
        };
        match self.orders.walk.get_or_init(order) {
            o if o.len() == self.articles.len() => Cow::Borrowed(o),
            _ => Cow::Owned(order()),
        }
    }

    /// The position of the article `id`: a binary search in the positions sorted by
    /// id, made once (4 bytes an article and no copy of an id, where a map from 100k
    /// ids held 2–5 MB). A library whose articles were changed since is searched in a
    /// row.
    pub fn position(&self, id: &ArticleId) -> Option<usize> {
        let by_id = self.orders.by_id.get_or_init(|| {
            let mut v: Vec<u32> = (0..self.articles.len() as u32).collect();
            v.sort_unstable_by(|&a, &b| {
                self.articles[a as usize]
                    .id
                    .cmp(&self.articles[b as usize].id)
            });
            v
        });
        if by_id.len() != self.articles.len() {
            return self.articles.iter().position(|a| a.id == *id);
        }
        let at = by_id
            .binary_search_by(|&i| self.articles[i as usize].id.cmp(id))
            .ok()?;
        Some(by_id[at] as usize)
    }

    /// Whether some plain bodies are stored outside memory (walking every article's
    /// text reads them back).
    pub fn bodies_stored(&self) -> bool {
        self.bodies_stored
    }

    /// The source an article came from.
    pub fn source_of(&self, article: &Article) -> Option<&Source> {
        self.by_id.get(&article.source).map(|&i| &self.sources[i])
    }
}

/// How an article's dates are written: RFC 3339 text (JSON, the feed cache), or, while
/// a [`date_form::compact`] guard is held on the thread (a folder snapshot reading or
/// writing its records), seconds and nanoseconds: reading 200k dates back as text was
/// a tenth of a later start.
pub mod date_form {
    use std::cell::Cell;

    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    thread_local! {
        static COMPACT: Cell<bool> = const { Cell::new(false) };
    }

    /// Dates are written compact on this thread until it is dropped.
    pub struct Compact(bool);

    #[must_use]
    pub fn compact() -> Compact {
        Compact(COMPACT.replace(true))
    }

    impl Drop for Compact {
        fn drop(&mut self) {
            COMPACT.set(self.0);
        }
    }

    pub fn serialize<S: Serializer>(d: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        if COMPACT.get() {
            d.map(|d| (d.timestamp(), d.timestamp_subsec_nanos()))
                .serialize(s)
        } else {
            d.serialize(s)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        if COMPACT.get() {
            Option::<(i64, u32)>::deserialize(d)?
                .map(|(secs, nanos)| {
                    DateTime::from_timestamp(secs, nanos)
                        .ok_or_else(|| serde::de::Error::custom("a date out of range"))
                })
                .transpose()
        } else {
            Option::<DateTime<Utc>>::deserialize(d)
        }
    }
}
