//! Remembering what a folder held, so that unchanged files are not parsed again at the
//! next start. One snapshot file per source root, in the state folder's `snapshots/`,
//! holds what each file gave (articles, warnings, errors) keyed by its path, size and
//! modification time. HTML bodies go in a section of their own that is not read at
//! start: articles point into it and read their HTML when it is shown or exported.
//! An HTML body whose bytes lie as they are in a local feed file (XML text that the
//! reader could place, see `FeedDoc::html_spans`) is not copied: the snapshot notes
//! where it lies in that file, and `FeedFileTexts` reads it from there while the file
//! keeps the size and time it had.
//!
//! Layout: `MAGIC`, the HTML section, the index (postcard), then a trailer of the index
//! offset and length (two little-endian u64) and `MAGIC` again. A snapshot that is
//! missing, damaged, or written for another build, zone or root is ignored: the files
//! are parsed as on a first start and a new snapshot replaces it. Writes go to a
//! temporary file that is renamed over the old one, so a reader never sees half a file.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::feed::{FeedDoc, html_at};
use crate::model::{Article, Html, SourceKind, StoredText, Text, TextStore, stable_id, text_sum};

const MAGIC: &[u8; 8] = b"TDSNAP01";
/// Parsers change between builds: a snapshot is only trusted by the build that wrote it
/// (the suffix is raised whenever what a parser gives changes).
const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "/snapshot-7");

/// A file of texts read by offset and length.
pub struct FileTexts(File);

impl TextStore for FileTexts {
    fn read(&self, at: u64, len: u32) -> std::io::Result<String> {
        let buf = read_at(&self.0, at, len)?;
        String::from_utf8(buf).map_err(std::io::Error::other)
    }
}

/// `len` bytes of `file` at `at`.
fn read_at(file: &File, at: u64, len: u32) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![0; len as usize];
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(&mut buf, at)?;
    }
    #[cfg(not(unix))]
    {
        let mut f = file;
        f.seek(SeekFrom::Start(at))?;
        f.read_exact(&mut buf)?;
    }
    Ok(buf)
}

/// A local feed file the HTML bodies of its items are read from, by where their text
/// lies in it (`FeedDoc::html_spans`), as long as it has the size and modification
/// time it had when it was parsed. A file changed or gone since gives an error, never
/// other bytes (it is parsed again at the next start, or by the watcher at once).
pub struct FeedFileTexts {
    path: PathBuf,
    stamp: Stamp,
}

impl TextStore for FeedFileTexts {
    fn read(&self, at: u64, len: u32) -> std::io::Result<String> {
        let changed = || {
            std::io::Error::other(format!(
                "{} changed since it was read; it is read again at the next start",
                self.path.display()
            ))
        };
        let cannot = |e: std::io::Error| {
            std::io::Error::new(
                e.kind(),
                format!("{} cannot be read: {e}", self.path.display()),
            )
        };
        // The file as it is at its path now (removed or changed: an error), read
        // through a handle kept open when it is that same file.
        let meta = std::fs::metadata(&self.path).map_err(cannot)?;
        if Stamp::new(meta.len(), meta.modified().ok()) != self.stamp {
            return Err(changed());
        }
        let file = open_feed_file(&self.path, &meta).map_err(cannot)?;
        html_at(&read_at(&file, at, len)?).ok_or_else(changed)
    }

    fn is_source_file(&self) -> bool {
        true
    }
}

/// Feed files kept open for reading bodies, most recent last: an export reads every
/// article's HTML, newest first across all feeds, and opening the file for each one
/// cost a tenth of the time. A few dozen handles, whatever the number of feeds.
static OPEN_FEEDS: std::sync::Mutex<Vec<(PathBuf, Arc<File>)>> = std::sync::Mutex::new(Vec::new());

/// How many feed files stay open.
const KEEP_OPEN: usize = 32;

/// The feed file at `path` (whose metadata is `now`), open for reading: a handle kept
/// open when it is still that file, else opened now.
fn open_feed_file(path: &Path, now: &std::fs::Metadata) -> std::io::Result<Arc<File>> {
    let mut open = OPEN_FEEDS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(i) = open.iter().position(|(p, _)| p == path) {
        let entry = open.remove(i);
        if same_file(&entry.1, now) {
            let file = Arc::clone(&entry.1);
            open.push(entry);
            return Ok(file);
        }
    }
    let file = Arc::new(File::open(path)?);
    if open.len() >= KEEP_OPEN {
        open.remove(0);
    }
    open.push((path.to_path_buf(), Arc::clone(&file)));
    Ok(file)
}

/// Whether an open handle is the file whose metadata is `now` (not one replaced
/// since under the same name).
fn same_file(file: &File, now: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        file.metadata()
            .is_ok_and(|m| m.ino() == now.ino() && m.dev() == now.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = (file, now);
        false
    }
}

/// Where an article's HTML is: in the snapshot's own HTML section, or in the feed file
/// it was parsed from (offset and length either way).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
enum Place {
    Here(u64, u32),
    Source(u64, u32),
}

/// Where an article's plain body is in the snapshot, compressed (offset and length
/// of what is stored, and the body's `text_sum`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct BodyPlace(u64, u32, u64);

/// Plain bodies kept compressed in a snapshot file: each is the body's length (a
/// little-endian u32), then the body as an lz4 block.
pub struct PackedTexts(Arc<FileTexts>);

impl TextStore for PackedTexts {
    fn read(&self, at: u64, len: u32) -> std::io::Result<String> {
        unpack(&read_at(&(self.0).0, at, len)?)
    }

    fn packed(&self, at: u64, len: u32) -> Option<std::io::Result<Vec<u8>>> {
        Some(read_at(&(self.0).0, at, len))
    }
}

/// A plain body packed in memory (see [`pack_bodies`]), until a snapshot keeps it.
struct PackedBytes(Box<[u8]>);

impl TextStore for PackedBytes {
    fn read(&self, _: u64, _: u32) -> std::io::Result<String> {
        unpack(&self.0)
    }

    fn packed(&self, _: u64, _: u32) -> Option<std::io::Result<Vec<u8>>> {
        Some(Ok(self.0.to_vec()))
    }
}

/// A body packed as [`PackedTexts`] keeps it.
fn pack(text: &str) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(text.as_bytes())
}

/// The text of a packed body. A damaged one is an error: its length is checked
/// against what lz4 can expand to before anything is allocated for it.
fn unpack(packed: &[u8]) -> std::io::Result<String> {
    let damaged = || std::io::Error::other("a stored body is damaged");
    let (n, block) = packed.split_first_chunk::<4>().ok_or_else(damaged)?;
    let n = u32::from_le_bytes(*n) as usize;
    // lz4 expands a byte to at most 255.
    if n > block.len().saturating_mul(255) {
        return Err(damaged());
    }
    let text = lz4_flex::block::decompress(block, n).map_err(std::io::Error::other)?;
    String::from_utf8(text).map_err(std::io::Error::other)
}

/// Packs the plain bodies of `outcome`'s articles in memory, as a snapshot keeps them:
/// done where the file was parsed (on every core), so that writing the snapshot only
/// copies bytes.
pub fn pack_bodies(outcome: &mut FileOutcome) {
    for a in outcome.articles_mut() {
        let Some(text) = a.body.in_memory().filter(|t| !t.is_empty()) else {
            continue;
        };
        let bytes = pack(text);
        let (sum, len) = (text_sum(text), bytes.len());
        let Ok(len) = u32::try_from(len) else {
            continue;
        };
        let store = Arc::new(PackedBytes(bytes.into_boxed_slice()));
        a.body = Text::Stored(StoredText::new(store, 0, len).with_sum(sum));
    }
}

/// How long a snapshot nobody reads is kept.
pub const UNUSED_FOR: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// Removes from `dir` the snapshots not read for [`UNUSED_FOR`] (folders named once on
/// the command line, folders no longer configured) and temporary files left by a
/// run that stopped half-way. Problems are ignored: this only frees disk space.
pub fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let age = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok());
        let stale = match name.rsplit_once('.') {
            Some((_, "snap")) => age.is_some_and(|a| a > UNUSED_FOR),
            Some((_, ext)) if ext.starts_with("tmp") => {
                age.is_some_and(|a| a > std::time::Duration::from_secs(24 * 3600))
            }
            _ => false,
        };
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// What one file gave.
#[derive(Debug, Serialize, Deserialize)]
pub enum FileOutcome {
    /// Not text: skipped with a warning.
    Binary,
    /// Markup or JSON that is neither a feed nor an article (an HTML page, an SVG):
    /// skipped with a warning saying what it is.
    NotFeed(String),
    /// A plain-text article, with warnings already naming the file.
    Text(Box<Article>, Vec<String>),
    /// A file that is not a readable article.
    TextError(String),
    /// A feed document.
    Feed(FeedDoc),
    /// A file that looked like a feed but is not readable: the kind guessed, and why.
    FeedError(SourceKind, String),
}

impl FileOutcome {
    pub fn articles(&self) -> &[Box<Article>] {
        match self {
            Self::Text(a, _) => std::slice::from_ref(a),
            Self::Feed(doc) => &doc.articles,
            _ => &[],
        }
    }

    pub fn articles_mut(&mut self) -> &mut [Box<Article>] {
        match self {
            Self::Text(a, _) => std::slice::from_mut(a),
            Self::Feed(doc) => &mut doc.articles,
            _ => &mut [],
        }
    }
}

/// The key a file is remembered by, besides its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Modification time as nanoseconds since the epoch (0 when unknown).
    pub mtime: i128,
}

impl Stamp {
    pub fn new(size: u64, modified: Option<SystemTime>) -> Self {
        let mtime = modified.map_or(0, |t| match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        });
        Self { size, mtime }
    }
}

/// One file in the index, as read back.
#[derive(Deserialize)]
struct Record {
    rel: String,
    stamp: Stamp,
    /// The file's path, when HTML is read from it (`Place::Source`).
    origin: Option<String>,
    outcome: FileOutcome,
    /// Where each article's HTML is.
    html: Vec<Option<Place>>,
    /// Where each article's plain body is.
    body: Vec<Option<BodyPlace>>,
}

/// One file in the index, as written (the same fields, borrowed).
#[derive(Serialize)]
struct RecordOut<'a> {
    rel: &'a str,
    stamp: Stamp,
    origin: Option<&'a str>,
    outcome: &'a FileOutcome,
    html: Vec<Option<Place>>,
    body: Vec<Option<BodyPlace>>,
}

/// What comes before the records: who wrote the snapshot, for what, and how many.
#[derive(Serialize, Deserialize)]
struct Head {
    build: String,
    zone: String,
    root: String,
    records: u64,
}

/// The snapshot of one source root.
pub struct Snapshot {
    path: PathBuf,
    zone: String,
    root: String,
    /// What the last run remembered, by path below the root.
    old: HashMap<String, (Stamp, FileOutcome)>,
}

impl Snapshot {
    /// Opens the snapshot of `root` (a location) in `dir` for parsing under `zone`. A
    /// missing or unusable file gives an empty snapshot.
    pub fn open(dir: &Path, root: &str, zone: &str) -> Self {
        let path = dir.join(format!("{}.snap", stable_id(&[root])));
        let old = read(&path, root, zone).unwrap_or_default();
        Self {
            path,
            zone: zone.to_string(),
            root: root.to_string(),
            old,
        }
    }

    /// What `rel` gave last time, if the file is unchanged since (same size and time).
    pub fn take(&mut self, rel: &str, stamp: Stamp) -> Option<FileOutcome> {
        match self.old.remove(rel) {
            Some((s, outcome)) if s == stamp && stamp.mtime != 0 => Some(outcome),
            _ => None,
        }
    }

    /// Whether files remembered last time were not asked for (they were removed).
    pub fn has_leftovers(&self) -> bool {
        !self.old.is_empty()
    }

    /// Starts a replacement of this snapshot: a temporary file beside it.
    pub fn writer(&self) -> std::io::Result<Writer> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let tmp = self
            .path
            .with_extension(format!("tmp{}", std::process::id()));
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        if let Err(e) = file.write_all(MAGIC) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        let file = Arc::new(FileTexts(file));
        Ok(Writer {
            packed: Arc::new(PackedTexts(Arc::clone(&file))),
            file,
            tmp,
            at: MAGIC.len() as u64,
            failed: None,
            buf: Vec::new(),
        })
    }
}

/// A snapshot being written. HTML bodies go to the file as each file's outcome is kept,
/// so that a first start never holds them all in memory.
pub struct Writer {
    file: Arc<FileTexts>,
    /// The same file, for the compressed plain bodies.
    packed: Arc<PackedTexts>,
    tmp: PathBuf,
    /// Where the next HTML text goes.
    at: u64,
    failed: Option<std::io::Error>,
    buf: Vec<u8>,
}

impl Writer {
    /// Moves the HTML of `outcome`'s articles out of memory: into the snapshot, or,
    /// for a feed parsed from `origin` (its path on disk and stamp) whose items' HTML
    /// lies there as written, nowhere (it is read from the file). They read it back from
    /// there from now on. After a failed write nothing more is moved into the snapshot
    /// (and the articles keep theirs in memory).
    pub fn keep(&mut self, outcome: &mut FileOutcome, origin: Option<(&Path, Stamp)>) {
        point_to_source(outcome, origin);
        if self.failed.is_some() {
            return;
        }
        self.buf.clear();
        let mut places = Vec::new();
        for a in outcome.articles_mut().iter() {
            let html = if in_source(a) { None } else { a.html_text() };
            let html = html.and_then(|t| self.put_bytes(t.as_bytes()));
            // The plain body, compressed: packed already (where it was parsed, or in
            // another snapshot), else packed now.
            let body = match &a.body {
                b if b.is_empty() => None,
                Text::Stored(t) if t.sum != 0 => match t.store.packed(t.at, t.len) {
                    Some(Ok(bytes)) => self
                        .put_bytes(&bytes)
                        .map(|(at, n)| BodyPlace(at, n, t.sum)),
                    _ => self.put_text(&a.body),
                },
                b => self.put_text(b),
            };
            places.push((html, body));
        }
        if !self.buf.is_empty() {
            if let Err(e) = (&self.file.0).write_all(&self.buf) {
                self.failed = Some(e);
                return;
            }
            self.at += self.buf.len() as u64;
        }
        let ours = || Arc::clone(&self.file) as Arc<dyn TextStore>;
        for (a, (html, body)) in outcome.articles_mut().iter_mut().zip(places) {
            if let Some((offset, len)) = html {
                a.html = Some(Html::Stored(StoredText::new(ours(), offset, len)));
            }
            if let Some(BodyPlace(offset, len, sum)) = body {
                let packed = Arc::clone(&self.packed) as Arc<dyn TextStore>;
                a.body = Text::Stored(StoredText::new(packed, offset, len).with_sum(sum));
            }
        }
    }

    /// Adds `body` packed (see [`PackedTexts`]) to what goes to the file next, and
    /// says where it will be; `None` when it cannot be read or packed.
    fn put_text(&mut self, body: &Text) -> Option<BodyPlace> {
        let text = body.text()?;
        let bytes = pack(&text);
        let (at, n) = self.put_bytes(&bytes)?;
        Some(BodyPlace(at, n, text_sum(&text)))
    }

    /// Adds `bytes` to what goes to the file next, and says where they will be.
    fn put_bytes(&mut self, bytes: &[u8]) -> Option<(u64, u32)> {
        let len = u32::try_from(bytes.len()).ok()?;
        let place = (self.at + self.buf.len() as u64, len);
        self.buf.extend_from_slice(bytes);
        Some(place)
    }

    /// Completes the replacement with the index of `files` (each of which went through
    /// [`Writer::keep`]: its path below the root, stamp, path on disk and outcome) and
    /// renames it over the old snapshot of `snapshot`.
    pub fn finish<'a>(
        self,
        snapshot: &Snapshot,
        files: impl ExactSizeIterator<Item = FileOut<'a>>,
    ) -> std::io::Result<()> {
        let result = self.write_index(snapshot, files);
        if result.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        result
    }

    fn write_index<'a>(
        &self,
        snapshot: &Snapshot,
        files: impl ExactSizeIterator<Item = FileOut<'a>>,
    ) -> std::io::Result<()> {
        if let Some(e) = &self.failed {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        let head = Head {
            build: BUILD.to_string(),
            zone: snapshot.zone.clone(),
            root: snapshot.root.clone(),
            records: files.len() as u64,
        };
        let mut out = BufWriter::with_capacity(1 << 20, &self.file.0);
        let mut buf = Vec::new();
        let mut index_len = write_framed(&mut out, &mut buf, &head)?;
        let ours = Arc::as_ptr(&self.file);
        let packed = Arc::as_ptr(&self.packed);
        for (rel, stamp, path, outcome) in files {
            let origin = path.and_then(Path::to_str);
            // Where each article's HTML is (the article itself is written without it).
            let html = outcome
                .articles()
                .iter()
                .map(|a| match &a.html {
                    Some(Html::Stored(t)) if std::ptr::addr_eq(Arc::as_ptr(&t.store), ours) => {
                        Some(Place::Here(t.at, t.len))
                    }
                    Some(Html::Stored(t)) if t.store.is_source_file() && origin.is_some() => {
                        Some(Place::Source(t.at, t.len))
                    }
                    _ => None,
                })
                .collect();
            let html: Vec<Option<Place>> = html;
            // Where each article's plain body is, in this snapshot. A body left out of
            // it (too large for one) is in the article, written with it.
            let body = outcome
                .articles()
                .iter()
                .map(|a| match &a.body {
                    Text::Stored(t) if std::ptr::addr_eq(Arc::as_ptr(&t.store), packed) => {
                        Some(BodyPlace(t.at, t.len, t.sum))
                    }
                    _ => None,
                })
                .collect();
            // The path only for a file HTML is read from.
            let origin =
                origin.filter(|_| html.iter().any(|p| matches!(p, Some(Place::Source(..)))));
            let record = RecordOut {
                rel,
                stamp,
                origin,
                outcome,
                html,
                body,
            };
            index_len += write_framed(&mut out, &mut buf, &record)?;
        }
        out.write_all(&self.at.to_le_bytes())?;
        out.write_all(&index_len.to_le_bytes())?;
        out.write_all(MAGIC)?;
        out.flush()?;
        drop(out);
        std::fs::rename(&self.tmp, &snapshot.path)
    }
}

/// One file for [`Writer::finish`]: its path below the root, its stamp, its path on
/// disk (`None` for the bundled sample data) and what it gave.
pub type FileOut<'a> = (&'a str, Stamp, Option<&'a Path>, &'a FileOutcome);

/// Whether `a`'s HTML is read from the feed file it was parsed from.
fn in_source(a: &Article) -> bool {
    matches!(&a.html, Some(Html::Stored(t)) if t.store.is_source_file())
}

/// Points the HTML bodies of a feed parsed from `origin` (path and stamp) at that file
/// where the parser placed them (`FeedDoc::html_spans`), instead of holding them. Only
/// for files with a known modification time and a path a snapshot can name.
fn point_to_source(outcome: &mut FileOutcome, origin: Option<(&Path, Stamp)>) {
    let FileOutcome::Feed(doc) = outcome else {
        return;
    };
    let spans = std::mem::take(&mut doc.html_spans);
    let Some((path, stamp)) = origin else { return };
    if stamp.mtime == 0 || path.to_str().is_none() || spans.len() != doc.articles.len() {
        return;
    }
    let mut store: Option<Arc<dyn TextStore>> = None;
    for (a, span) in doc.articles.iter_mut().zip(spans) {
        if let (Some((at, len)), Some(Html::Owned(_))) = (span, &a.html) {
            let store = store.get_or_insert_with(|| {
                Arc::new(FeedFileTexts {
                    path: path.to_path_buf(),
                    stamp,
                })
            });
            a.html = Some(Html::Stored(StoredText::new(Arc::clone(store), at, len)));
        }
    }
}

fn write_framed<T: Serialize>(
    out: &mut impl Write,
    buf: &mut Vec<u8>,
    value: &T,
) -> std::io::Result<u64> {
    buf.clear();
    postcard::to_io(value, &mut *buf).map_err(std::io::Error::other)?;
    let n = u32::try_from(buf.len()).map_err(std::io::Error::other)?;
    out.write_all(&n.to_le_bytes())?;
    out.write_all(buf)?;
    Ok(4 + u64::from(n))
}

/// Reads the next length-framed value into `buf` and decodes it.
fn next_framed<T: serde::de::DeserializeOwned>(r: &mut impl Read, buf: &mut Vec<u8>) -> Option<T> {
    let mut n = [0u8; 4];
    r.read_exact(&mut n).ok()?;
    buf.resize(u32::from_le_bytes(n) as usize, 0);
    r.read_exact(buf).ok()?;
    postcard::from_bytes(buf).ok()
}

/// Reads a snapshot; `None` when it is missing, damaged or not for this build, zone
/// and root.
fn read(path: &Path, root: &str, zone: &str) -> Option<HashMap<String, (Stamp, FileOutcome)>> {
    let mut file = File::open(path).ok()?;
    // Its modification time says when it was last used (see `prune`).
    let _ = file.set_modified(SystemTime::now());
    let len = file.metadata().ok()?.len();
    let trailer = 8 + 8 + MAGIC.len() as u64;
    if len < MAGIC.len() as u64 + trailer {
        return None;
    }
    let mut tail = [0u8; 24];
    file.seek(SeekFrom::Start(len - trailer)).ok()?;
    file.read_exact(&mut tail).ok()?;
    if &tail[16..] != MAGIC {
        return None;
    }
    let index_at = u64::from_le_bytes(tail[..8].try_into().ok()?);
    let index_len = u64::from_le_bytes(tail[8..16].try_into().ok()?);
    if index_at.checked_add(index_len)? != len - trailer || index_at < MAGIC.len() as u64 {
        return None;
    }
    file.seek(SeekFrom::Start(index_at)).ok()?;
    // Records are decoded one at a time from a small buffer: the index is never
    // whole in memory beside the articles it holds.
    let file = Arc::new(FileTexts(file));
    let texts: Arc<dyn TextStore> = file.clone();
    let packed: Arc<dyn TextStore> = Arc::new(PackedTexts(Arc::clone(&file)));
    let mut reader = std::io::BufReader::with_capacity(1 << 20, (&file.0).take(index_len));
    let mut buf = Vec::new();
    let head: Head = next_framed(&mut reader, &mut buf)?;
    if head.build != BUILD || head.zone != zone || head.root != root {
        return None;
    }
    let count = usize::try_from(head.records).ok()?;
    let mut out = HashMap::with_capacity(count.min(1 << 20));
    for _ in 0..count {
        let mut r: Record = next_framed(&mut reader, &mut buf)?;
        let source: Option<Arc<dyn TextStore>> = r.origin.take().map(|path| {
            Arc::new(FeedFileTexts {
                path: PathBuf::from(path),
                stamp: r.stamp,
            }) as Arc<dyn TextStore>
        });
        let articles = r.outcome.articles_mut();
        if articles.len() != r.html.len() || articles.len() != r.body.len() {
            return None;
        }
        for (a, place) in articles.iter_mut().zip(&r.html) {
            let text = match *place {
                Some(Place::Here(offset, n)) => {
                    if offset.checked_add(u64::from(n))? > index_at {
                        return None;
                    }
                    StoredText::new(Arc::clone(&texts), offset, n)
                }
                Some(Place::Source(offset, n)) => {
                    StoredText::new(Arc::clone(source.as_ref()?), offset, n)
                }
                None => continue,
            };
            a.html = Some(Html::Stored(text));
        }
        // The plain bodies, compressed in the snapshot.
        for (a, place) in r.outcome.articles_mut().iter_mut().zip(&r.body) {
            if let Some(BodyPlace(offset, n, sum)) = *place {
                if offset.checked_add(u64::from(n))? > index_at {
                    return None;
                }
                let text = StoredText::new(Arc::clone(&packed), offset, n).with_sum(sum);
                a.body = Text::Stored(text);
            }
        }
        out.insert(r.rel, (r.stamp, r.outcome));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_bodies_are_kept_compressed_and_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let snap = Snapshot::open(dir.path(), "/news", "UTC");
        let mut w = snap.writer().unwrap();
        let long = "The tide table for the week, with the ferry times beside it. ".repeat(40);
        let mut a = Article::sample("a", "Tides");
        a.body = long.clone().into();
        let mut b = Article::sample("b", "Short");
        b.body = "Brief.".into();
        let mut outcome = FileOutcome::Text(Box::new(a), Vec::new());
        w.keep(&mut outcome, None);
        let mut short = FileOutcome::Text(Box::new(b), Vec::new());
        w.keep(&mut short, None);
        let (a, b) = (&outcome.articles()[0], &short.articles()[0]);
        let Text::Stored(t) = &a.body else {
            panic!("the body went to the snapshot")
        };
        assert!(
            (t.len as usize) < long.len() / 4,
            "{} of {}",
            t.len,
            long.len()
        );
        assert_eq!(a.plain(), long);
        assert_eq!(a.body.sum(), text_sum(&long), "the sum is noted, not read");
        assert_eq!(b.plain(), "Brief.");
    }

    #[test]
    fn a_damaged_packed_body_is_an_error() {
        let mut packed = pack("Harbour notes for the week.");
        assert_eq!(unpack(&packed).unwrap(), "Harbour notes for the week.");
        // A length far beyond what the block can expand to: refused, nothing allocated.
        packed[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(unpack(&packed).is_err());
        let n = packed.len();
        assert!(unpack(&packed[..3]).is_err());
        let mut cut = pack("Harbour notes for the week.");
        cut.truncate(n - 5);
        assert!(unpack(&cut).is_err());
    }
}
