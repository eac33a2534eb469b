//! Reading input: one module per format, the walk over a source's files and folders
//! (`walk`), the snapshot of what each file gave last time (`snapshot`), and (here) the
//! loading that turns configured sources into a `Library`: walk, take what the
//! snapshot remembers, parse the rest on every core, assemble. A folder's plain-text
//! articles form one source; each feed document is a source of its own. Nothing here
//! panics on bad input: every problem becomes a source error or a warning naming the
//! file.

pub mod date;
pub mod encoding;
pub mod feed;
pub mod html;
pub mod opml;
pub mod snapshot;
pub mod text;
mod walk;

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::{Config, SourceConfig, SourceLocation};
use crate::model::{Article, Library, Source, SourceId, SourceKind, Tag, Text, push_tag};
use crate::zone::Zone;
use snapshot::{FileOutcome, Snapshot};
use walk::{Data, Entry, Place, Root, walk_root};

/// The bundled sample data, embedded so that `tidings` works from any folder.
pub static SAMPLE_DATA: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/sample-data");

/// Where a source's files are.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A file or folder on disk.
    Path(PathBuf),
    /// A file or folder of the bundled sample data (path below `sample-data/`).
    Bundled(String),
}

/// A source to load, as configured or named on the command line.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    pub origin: Origin,
    pub title: Option<String>,
    pub tags: Vec<String>,
    /// The zone for dates without an offset; `None`: the default zone.
    pub zone: Option<Zone>,
    /// How text articles that are not valid UTF-8 are read; `None`: detected.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Files larger than this are skipped with a warning, unread (`max_mb` in `[fetch]`).
    pub max_bytes: u64,
}

impl SourceSpec {
    /// A file or folder given on the command line.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self {
            origin: Origin::Path(path.into()),
            title: None,
            tags: Vec::new(),
            zone: None,
            encoding: None,
            max_bytes: crate::config::DEFAULT_MAX_BYTES,
        }
    }

    /// A configured source; `None` for sources that are not files (URLs).
    pub fn from_config(cfg: &SourceConfig) -> Option<Self> {
        match &cfg.location {
            SourceLocation::Path(p) => Some(Self {
                origin: Origin::Path(p.clone()),
                title: cfg.title.clone(),
                tags: cfg.tags.clone(),
                zone: cfg.timezone,
                encoding: cfg.encoding,
                max_bytes: crate::config::DEFAULT_MAX_BYTES,
            }),
            SourceLocation::Url(_) => None,
        }
    }
}

/// The bundled sample sources, as declared in `sample-data/sources.toml`.
pub fn sample_specs() -> Vec<SourceSpec> {
    let text = SAMPLE_DATA
        .get_file("sources.toml")
        .and_then(|f| f.contents_utf8())
        .unwrap_or_default();
    let cfg = Config::parse(text, "sample-data/sources.toml", None)
        .expect("the bundled sources.toml is valid");
    cfg.sources
        .iter()
        .filter_map(|s| match &s.location {
            SourceLocation::Path(p) => Some(SourceSpec {
                origin: Origin::Bundled(p.to_string_lossy().into_owned()),
                title: s.title.clone(),
                tags: s.tags.clone(),
                zone: s.timezone,
                encoding: s.encoding,
                max_bytes: crate::config::DEFAULT_MAX_BYTES,
            }),
            SourceLocation::Url(_) => None,
        })
        .collect()
}

/// A size for messages: bytes, or megabytes (MiB, as `max_mb` counts) with one decimal.
fn size_text(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes < MB {
        format!("{bytes} bytes")
    } else {
        format!("{}.{} MB", bytes / MB, bytes % MB * 10 / MB)
    }
}

/// The warning for a file over the size limit.
fn too_large(location: &str, size: Option<u64>, max: u64) -> String {
    let size = size.map_or_else(|| "it has grown".to_string(), size_text);
    format!(
        "{location}: skipped: {size}, over the size limit of {} (max_mb in [fetch])",
        size_text(max)
    )
}

/// Reads a file of at most `max` bytes (`size`: as the walk saw it); `None` when it is
/// larger (it grew since).
fn read_at_most(path: &Path, size: u64, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(max)).unwrap_or(0) + 1);
    std::fs::File::open(path)?
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// Whether the bytes look like a binary file rather than text: a NUL byte early on
/// (UTF-16 text, which starts with its byte order mark, has plenty).
fn is_binary(bytes: &[u8]) -> bool {
    !encoding::is_utf16(bytes) && bytes.iter().take(8192).any(|&b| b == 0)
}

/// Loads every source. Problems never stop the others. With `snapshots` (a folder in
/// the state folder), files unchanged since the last run are not parsed again.
pub fn load(specs: &[SourceSpec], default_zone: Zone, snapshots: Option<&Path>) -> Library {
    let mut sources = Vec::new();
    let mut articles = Vec::new();
    for spec in specs {
        load_one(spec, default_zone, snapshots, &mut sources, &mut articles);
    }
    if let Some(dir) = snapshots {
        snapshot::prune(dir);
    }
    // Folder and file names are outside text too: what the screen and the CLI show
    // of a source is made safe once, here.
    for s in &mut sources {
        s.title = html::sanitize(&s.title);
        for w in &mut s.warnings {
            *w = html::sanitize(w);
        }
        if let Some(e) = s.error.as_mut() {
            *e = html::sanitize(e);
        }
    }
    Library::new(sources, articles)
}

/// Gives back the spare capacity of texts built piece by piece: 100k of them add up.
fn trimmed(mut outcome: FileOutcome) -> FileOutcome {
    for a in outcome.articles_mut() {
        if let Text::Owned(b) = &mut a.body {
            b.shrink_to_fit();
        }
        a.title.shrink_to_fit();
        if let Some(s) = a.summary.as_mut() {
            s.shrink_to_fit();
        }
    }
    outcome
}

/// Parses one file. `feed_location` names the source a feed document becomes;
/// `encoding` is the source's, for text articles that are not valid UTF-8.
fn parse_entry(
    entry: &Entry,
    bytes: &[u8],
    feed_location: &str,
    text_source: &SourceId,
    zone: Zone,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> FileOutcome {
    if is_binary(bytes) {
        return FileOutcome::Binary;
    }
    let format = match feed::classify(bytes) {
        feed::Sniffed::Feed(format) => format,
        feed::Sniffed::NotAFeed(what) => return FileOutcome::NotFeed(what),
        feed::Sniffed::Other => return parse_text(entry, bytes, text_source, zone, encoding),
    };
    match feed::parse(
        bytes,
        &SourceId::derive(feed_location),
        &entry.location,
        zone,
    ) {
        Ok(mut doc) => {
            // Items with no readable date are placed at the file's time, as text
            // articles without `Posted` are, and marked as guessed.
            if let Some(m) = entry.modified {
                for a in doc.articles.iter_mut().filter(|a| a.date().is_none()) {
                    a.published = Some(m);
                    a.date_guessed = true;
                }
            }
            FileOutcome::Feed(doc)
        }
        Err(e) => {
            let kind = match format {
                feed::FeedFormat::Json => SourceKind::Json,
                feed::FeedFormat::Xml
                    if String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
                        .contains("<feed") =>
                {
                    SourceKind::Atom
                }
                feed::FeedFormat::Xml => SourceKind::Rss,
            };
            FileOutcome::FeedError(kind, format!("{}: {e}", entry.location))
        }
    }
}

/// Parses one file that is a text article (or tries to).
fn parse_text(
    entry: &Entry,
    bytes: &[u8],
    text_source: &SourceId,
    zone: Zone,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> FileOutcome {
    let file = text::TextFile {
        rel_path: &entry.rel,
        location: &entry.location,
        bytes,
        modified: entry.modified,
        encoding,
    };
    match text::parse(file, text_source, zone) {
        Ok(parsed) => {
            let warnings = parsed
                .warnings
                .into_iter()
                .map(|w| format!("{}: {w}", entry.location))
                .collect();
            FileOutcome::Text(Box::new(parsed.article), warnings)
        }
        Err(e) => FileOutcome::TextError(format!("{}: {e}", entry.location)),
    }
}

/// Reads and parses the files `todo` of `entries` into their `slots`, on every core;
/// each outcome goes through `done` (on this thread) as it arrives.
fn parse_all(
    entries: &[Entry],
    todo: &[usize],
    slots: &mut [Option<Result<FileOutcome, String>>],
    max_bytes: u64,
    mut done: impl FnMut(&Entry, &mut FileOutcome),
    parse: &(dyn Fn(&Entry, &[u8]) -> FileOutcome + Sync),
) {
    let one = |i: usize| -> Result<FileOutcome, String> {
        let e = &entries[i];
        match &e.data {
            Data::Disk(path) => match read_at_most(path, e.stamp.size, max_bytes) {
                Ok(Some(bytes)) => Ok(parse(e, &bytes)),
                Ok(None) => Err(too_large(&e.location, None, max_bytes)),
                Err(err) => Err(format!("{}: cannot read: {err}", e.location)),
            },
            Data::Bundled(bytes) => Ok(parse(e, bytes)),
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(todo.len() / 8);
    if workers <= 1 {
        for &i in todo {
            let mut r = one(i);
            if let Ok(o) = &mut r {
                done(&entries[i], o);
            }
            slots[i] = Some(r);
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        // A short queue: each waiting outcome holds a whole file's HTML in memory.
        let (tx, rx) = std::sync::mpsc::sync_channel(workers);
        for _ in 0..workers {
            let (tx, next, one) = (tx.clone(), &next, &one);
            scope.spawn(move || {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&i) = todo.get(k) else { break };
                    if tx.send((i, one(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, mut r) in rx {
            if let Ok(o) = &mut r {
                done(&entries[i], o);
            }
            slots[i] = Some(r);
        }
    });
}

/// What one file gave: `Ok` its outcome (remembered or parsed), `Err` why it was not
/// read; `None` while it waits to be parsed.
type Slot = Option<Result<FileOutcome, String>>;

/// Loads one source: walks its root, takes what the snapshot remembers, parses the
/// rest on every core, saves a new snapshot, and assembles the text source and the
/// feed sources into `sources` and `articles`.
// Boxed on purpose: gathering them moves pointers (see `Library::new`).
#[allow(clippy::vec_box)]
fn load_one(
    spec: &SourceSpec,
    default_zone: Zone,
    snapshots: Option<&Path>,
    sources: &mut Vec<Source>,
    articles: &mut Vec<Box<Article>>,
) {
    let zone = spec.zone.unwrap_or(default_zone);
    // What parsing depends on besides the bytes: a snapshot made under others is stale.
    let settings = match spec.encoding {
        Some(e) => format!("{zone} {}", e.name()),
        None => zone.to_string(),
    };
    let Root {
        place,
        mut walk,
        mut snapshot,
    } = match walk_root(spec, snapshots, &settings) {
        Ok(root) => root,
        Err(failed) => {
            sources.push(*failed);
            return;
        }
    };
    let location = &place.location;
    let mut text_source = Source::new(location, &default_title(spec, location), SourceKind::Text);
    apply_spec(&mut text_source, spec);
    text_source.warnings.append(&mut walk.problems);

    // What each file gave: remembered when unchanged, parsed otherwise.
    let entries = walk.entries;
    let mut slots = recall(&entries, snapshot.as_mut(), spec.max_bytes);
    let todo: Vec<usize> = (0..entries.len()).filter(|&i| slots[i].is_none()).collect();
    let (mut writer, mut write_error) =
        match start_snapshot(snapshot.as_ref(), !todo.is_empty(), &entries, &mut slots) {
            Ok(w) => (w, None),
            Err(e) => (None, Some(e)),
        };
    // Bodies going to a snapshot are packed where they are parsed, on every core.
    let pack = writer.is_some();
    parse_all(
        &entries,
        &todo,
        &mut slots,
        spec.max_bytes,
        |e, o| {
            if let Some(w) = writer.as_mut() {
                w.keep(o, e.origin());
            }
        },
        &|e: &Entry, bytes: &[u8]| {
            let mut o = trimmed(parse_entry(
                e,
                bytes,
                &place.feed_location(e),
                &text_source.id,
                zone,
                spec.encoding,
            ));
            if pack {
                snapshot::pack_bodies(&mut o);
            }
            o
        },
    );
    let kept = settle(entries, slots, &place, &mut text_source);
    if let (Some(s), Some(w)) = (&snapshot, writer)
        && let Err(e) = w.finish(
            s,
            kept.iter()
                .map(|(e, o)| (e.rel.as_str(), e.stamp, e.origin().map(|(p, _)| p), o)),
        )
    {
        write_error = Some(e);
    }
    if let Some(e) = write_error {
        text_source.warnings.push(format!(
            "{location}: cannot remember this folder for the next start: {e}"
        ));
    }
    drop(snapshot);

    assemble(kept, text_source, spec, &place, sources, articles);
}

/// The slot of each of `entries`: what `snapshot` remembers of the unchanged files, an
/// error for a file over the size limit (not read, nor taken from the snapshot), `None`
/// for the files to parse.
fn recall(entries: &[Entry], mut snapshot: Option<&mut Snapshot>, max_bytes: u64) -> Vec<Slot> {
    entries
        .iter()
        .map(|e| {
            if matches!(e.data, Data::Disk(_)) && e.stamp.size > max_bytes {
                return Some(Err(too_large(&e.location, Some(e.stamp.size), max_bytes)));
            }
            snapshot
                .as_deref_mut()
                .and_then(|s| s.take(&e.rel, e.stamp))
                .map(Ok)
        })
        .collect()
}

/// A writer for a new snapshot when anything changed (`changed`: files to parse; or
/// files remembered that are gone), with the HTML of the remembered outcomes in
/// `slots` already moved into it; each parsed outcome goes to it as it comes.
/// `Ok(None)`: no snapshot, or nothing to write.
fn start_snapshot(
    snapshot: Option<&Snapshot>,
    changed: bool,
    entries: &[Entry],
    slots: &mut [Slot],
) -> std::io::Result<Option<snapshot::Writer>> {
    let Some(s) = snapshot else { return Ok(None) };
    if !changed && !s.has_leftovers() {
        return Ok(None);
    }
    let mut w = s.writer()?;
    for (e, slot) in entries.iter().zip(slots.iter_mut()) {
        if let Some(Ok(o)) = slot {
            w.keep(o, e.origin());
        }
    }
    Ok(Some(w))
}

/// Pairs each entry with what it gave; an entry that was not read is a problem of
/// `text_source` instead.
fn settle(
    entries: Vec<Entry>,
    slots: Vec<Slot>,
    place: &Place,
    text_source: &mut Source,
) -> Vec<(Entry, FileOutcome)> {
    let mut kept = Vec::with_capacity(entries.len());
    for (entry, slot) in entries.into_iter().zip(slots) {
        match slot {
            Some(Ok(outcome)) => kept.push((entry, outcome)),
            Some(Err(msg)) => place.problem(msg, text_source),
            None => {}
        }
    }
    kept
}

/// Turns what each file gave into sources and articles: text articles join
/// `text_source`, each feed document is a source of its own. The text source is kept
/// when it has articles or there is no feed; otherwise its warnings go to the first
/// feed.
// Boxed on purpose: gathering them moves pointers (see `Library::new`).
#[allow(clippy::vec_box)]
fn assemble(
    kept: Vec<(Entry, FileOutcome)>,
    mut text_source: Source,
    spec: &SourceSpec,
    place: &Place,
    sources: &mut Vec<Source>,
    articles: &mut Vec<Box<Article>>,
) {
    let mut text_articles = Vec::new();
    let mut feed_sources = Vec::new();
    // The room for all of them at once: grown by doubling, the vector would keep up
    // to twice the room it needs (37 MB more at 100k), and hold two blocks while it
    // grows.
    articles.reserve_exact(kept.iter().map(|(_, o)| o.articles().len()).sum());
    for (entry, outcome) in kept {
        match outcome {
            FileOutcome::Binary => place.problem(
                format!(
                    "{}: skipped: a binary file, not an article or a feed",
                    entry.location
                ),
                &mut text_source,
            ),
            FileOutcome::NotFeed(what) => place.problem(
                format!(
                    "{}: skipped: not a feed or article ({what})",
                    entry.location
                ),
                &mut text_source,
            ),
            FileOutcome::TextError(msg) => place.problem(msg, &mut text_source),
            FileOutcome::Text(mut article, warnings) => {
                text_source.warnings.extend(warnings);
                for t in &text_source.tags {
                    push_tag(&mut article.tags, t.clone());
                }
                text_articles.push(article);
            }
            FileOutcome::Feed(doc) => {
                let (source, items) = feed_source(
                    &entry.rel,
                    &place.feed_location(&entry),
                    spec,
                    place.single_file,
                    Ok(doc),
                );
                feed_sources.push(source);
                articles.extend(items);
            }
            FileOutcome::FeedError(kind, msg) => {
                let parsed = Err((kind, msg));
                let (source, _) = feed_source(
                    &entry.rel,
                    &place.feed_location(&entry),
                    spec,
                    place.single_file,
                    parsed,
                );
                feed_sources.push(source);
            }
        }
    }

    let keep_text = !text_articles.is_empty() || feed_sources.is_empty();
    if keep_text {
        if text_articles.is_empty() && text_source.error.is_none() && !place.single_file {
            text_source.error = Some(format!("no articles found in {}", place.location));
        }
        sources.push(text_source);
    } else {
        // Only feeds: problems with other files go to the first feed's warnings.
        if let Some(first) = feed_sources.first_mut() {
            first.warnings.append(&mut text_source.warnings);
        }
    }
    sources.append(&mut feed_sources);
    articles.append(&mut text_articles);
}

fn default_title(spec: &SourceSpec, location: &str) -> String {
    spec.title.clone().unwrap_or_else(|| {
        let name = location
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(location);
        name.to_string()
    })
}

fn apply_spec(source: &mut Source, spec: &SourceSpec) {
    source.tags = spec.tags.iter().filter_map(|t| Tag::new(t)).collect();
    source.timezone = spec.zone.map(|z| z.to_string());
}

/// One feed document as its own source; folder tags and the spec's tags go on every item.
// Boxed on purpose: gathering them moves pointers (see `Library::new`).
#[allow(clippy::vec_box)]
fn feed_source(
    rel: &str,
    location: &str,
    spec: &SourceSpec,
    is_root: bool,
    parsed: Result<feed::FeedDoc, (SourceKind, String)>,
) -> (Source, Vec<Box<Article>>) {
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let kind = match &parsed {
        Ok(doc) => doc.kind,
        Err((kind, _)) => *kind,
    };
    let mut source = Source::new(location, stem, kind);
    apply_spec(&mut source, spec);
    let folder_tags: Vec<Tag> = if is_root {
        Vec::new()
    } else {
        let dirs: Vec<&str> = rel.split('/').collect();
        dirs[..dirs.len() - 1]
            .iter()
            .filter_map(|d| Tag::new(d))
            .collect()
    };
    match parsed {
        Ok(doc) => {
            source.title = match (&spec.title, is_root) {
                (Some(t), true) => t.clone(),
                _ => doc
                    .title
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or(source.title),
            };
            source.link = doc.link;
            source.description = doc.description;
            source.warnings = doc.warnings;
            let mut items = doc.articles;
            for a in &mut items {
                for t in source.tags.iter().chain(&folder_tags) {
                    push_tag(&mut a.tags, t.clone());
                }
            }
            (source, items)
        }
        Err((_, msg)) => {
            if let (Some(t), true) = (&spec.title, is_root) {
                source.title.clone_from(t);
            }
            source.error = Some(msg);
            (source, Vec::new())
        }
    }
}
