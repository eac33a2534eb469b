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
const BUILD: &str = concat!(env!("CARGO_PKG_VERSION"), "/snapshot-9");

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

/// What the plain bodies of one file are packed against: the start of its first
/// bodies (see [`dictionary`]), or nothing.
type Dict = Option<Arc<[u8]>>;

/// A file's bodies are packed against a dictionary once they come to this much text:
/// below it the dictionary would cost more than it saves.
const DICT_FROM: usize = 32 * 1024;

/// The dictionary's size. lz4 reads the whole dictionary for each body it packs, so a
/// larger one costs time on every body: at 100k articles, 4 KiB packed the bodies to
/// 76 MB instead of 94 MB (no dictionary) for a tenth more packing time; 64 KiB to 73 MB
/// for three and a half times the time.
const DICT_LEN: usize = 4 * 1024;

/// The dictionary for the plain bodies `texts` of one file: the first [`DICT_LEN`]
/// bytes of them, end to end, when they come to [`DICT_FROM`] or more. The bodies of a
/// feed share words, names and boilerplate ("Continue reading", a byline) that one
/// body alone is too short to repeat; packed against its first bodies, each body still
/// unpacks alone.
fn dictionary<'a>(texts: impl Iterator<Item = &'a str> + Clone) -> Dict {
    if texts.clone().map(str::len).sum::<usize>() < DICT_FROM {
        return None;
    }
    let mut dict = Vec::with_capacity(DICT_LEN);
    for t in texts {
        let take = t.len().min(DICT_LEN - dict.len());
        dict.extend_from_slice(&t.as_bytes()[..take]);
        if dict.len() == DICT_LEN {
            break;
        }
    }
    Some(dict.into())
}

/// Plain bodies kept compressed in a snapshot file: each is the body's length (a
/// little-endian u32), then the body as an lz4 block, packed against the dictionary of
/// its file (one store per such file) or alone.
pub struct PackedTexts {
    file: Arc<FileTexts>,
    dict: Dict,
    /// Where the dictionary is in the file.
    dict_at: Option<(u64, u32)>,
}

impl TextStore for PackedTexts {
    fn read(&self, at: u64, len: u32) -> std::io::Result<String> {
        unpack(&read_at(&self.file.0, at, len)?, self.dict.as_deref())
    }

    fn packed(&self, at: u64, len: u32) -> Option<std::io::Result<Vec<u8>>> {
        Some(read_at(&self.file.0, at, len))
    }
}

/// A plain body packed in memory (see [`pack_bodies`]), until a snapshot keeps it.
struct PackedBytes(Box<[u8]>, Dict);

impl TextStore for PackedBytes {
    fn read(&self, _: u64, _: u32) -> std::io::Result<String> {
        unpack(&self.0, self.1.as_deref())
    }

    fn packed(&self, _: u64, _: u32) -> Option<std::io::Result<Vec<u8>>> {
        Some(Ok(self.0.to_vec()))
    }
}

/// The dictionary a stored text was packed against, when it is a packed body:
/// `Some(None)` for one packed alone, `None` for any other text.
fn dict_of(text: &Text) -> Option<&Dict> {
    let Text::Stored(t) = text else { return None };
    let store: &dyn std::any::Any = &*t.store;
    if let Some(p) = store.downcast_ref::<PackedTexts>() {
        Some(&p.dict)
    } else {
        store.downcast_ref::<PackedBytes>().map(|p| &p.1)
    }
}

/// Whether two dictionaries are the same (the same one shared, or equal bytes).
fn same_dict(a: &Dict, b: &Dict) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
        _ => false,
    }
}

/// A body packed as [`PackedTexts`] keeps it.
fn pack(text: &str, dict: Option<&[u8]>) -> Vec<u8> {
    match dict {
        Some(d) => lz4_flex::block::compress_prepend_size_with_dict(text.as_bytes(), d),
        None => lz4_flex::block::compress_prepend_size(text.as_bytes()),
    }
}

/// The text of a packed body. A damaged one is an error: its length is checked
/// against what lz4 can expand to before anything is allocated for it.
fn unpack(packed: &[u8], dict: Option<&[u8]>) -> std::io::Result<String> {
    let damaged = || std::io::Error::other("a stored body is damaged");
    let (n, block) = packed.split_first_chunk::<4>().ok_or_else(damaged)?;
    let n = u32::from_le_bytes(*n) as usize;
    // lz4 expands a byte to at most 255.
    if n > block.len().saturating_mul(255) {
        return Err(damaged());
    }
    let text = match dict {
        Some(d) => lz4_flex::block::decompress_with_dict(block, n, d),
        None => lz4_flex::block::decompress(block, n),
    }
    .map_err(std::io::Error::other)?;
    String::from_utf8(text).map_err(std::io::Error::other)
}

/// Packs the plain bodies of `outcome`'s articles in memory, as a snapshot keeps them:
/// done where the file was parsed (on every core), so that writing the snapshot only
/// copies bytes.
pub fn pack_bodies(outcome: &mut FileOutcome) {
    let texts = || outcome.articles().iter().filter_map(|a| a.body.in_memory());
    let dict = dictionary(texts());
    for a in outcome.articles_mut() {
        let Some(text) = a.body.in_memory().filter(|t| !t.is_empty()) else {
            continue;
        };
        let bytes = pack(text, dict.as_deref());
        let (sum, len) = (text_sum(text), bytes.len());
        let Ok(len) = u32::try_from(len) else {
            continue;
        };
        let store = Arc::new(PackedBytes(bytes.into_boxed_slice(), dict.clone()));
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
    /// Where the dictionary the bodies were packed against is.
    dict: Option<(u64, u32)>,
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
    dict: Option<(u64, u32)>,
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
            packed: Arc::new(PackedTexts {
                file: Arc::clone(&file),
                dict: None,
                dict_at: None,
            }),
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
    /// The same file, for the compressed plain bodies packed alone (each file whose
    /// bodies are packed against a dictionary has a store of its own).
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
        // The dictionary the bodies are packed against: the one the first packed body
        // was packed with (where it was parsed, or in another snapshot). A body packed
        // otherwise is packed again.
        let dict: Dict = match outcome.articles().iter().find_map(|a| dict_of(&a.body)) {
            Some(d) => d.clone(),
            None => dictionary(outcome.articles().iter().filter_map(|a| a.body.in_memory())),
        };
        let dict_at = match &dict {
            Some(d) => match self.put_bytes(d) {
                Some(at) => Some(at),
                None => return,
            },
            None => None,
        };
        let mut places = Vec::new();
        for a in outcome.articles_mut().iter() {
            let html = if in_source(a) { None } else { a.html_text() };
            let html = html.and_then(|t| self.put_bytes(t.as_bytes()));
            // The plain body, compressed: copied when it is packed already against the
            // same dictionary, else packed now.
            let body = match &a.body {
                b if b.is_empty() => None,
                Text::Stored(t)
                    if t.sum != 0 && dict_of(&a.body).is_some_and(|d| same_dict(d, &dict)) =>
                {
                    match t.store.packed(t.at, t.len) {
                        Some(Ok(bytes)) => self
                            .put_bytes(&bytes)
                            .map(|(at, n)| BodyPlace(at, n, t.sum)),
                        _ => self.put_text(&a.body, dict.as_deref()),
                    }
                }
                b => self.put_text(b, dict.as_deref()),
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
        let packed: Arc<dyn TextStore> = match dict {
            Some(_) => Arc::new(PackedTexts {
                file: Arc::clone(&self.file),
                dict,
                dict_at,
            }),
            None => Arc::clone(&self.packed) as Arc<dyn TextStore>,
        };
        for (a, (html, body)) in outcome.articles_mut().iter_mut().zip(places) {
            if let Some((offset, len)) = html {
                a.html = Some(Html::Stored(StoredText::new(ours(), offset, len)));
            }
            if let Some(BodyPlace(offset, len, sum)) = body {
                let packed = Arc::clone(&packed);
                a.body = Text::Stored(StoredText::new(packed, offset, len).with_sum(sum));
            }
        }
    }

    /// Adds `body` packed (see [`PackedTexts`]) to what goes to the file next, and
    /// says where it will be; `None` when it cannot be read or packed.
    fn put_text(&mut self, body: &Text, dict: Option<&[u8]>) -> Option<BodyPlace> {
        let text = body.text()?;
        let bytes = pack(&text, dict);
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
        let _compact = crate::model::date_form::compact();
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
            // Where each article's plain body is, in this snapshot, and the dictionary
            // they were packed against. A body left out of it (too large for one) is in
            // the article, written with it.
            let mut dict = None;
            let body = outcome
                .articles()
                .iter()
                .map(|a| {
                    let Text::Stored(t) = &a.body else {
                        return None;
                    };
                    let p = (&*t.store as &dyn std::any::Any).downcast_ref::<PackedTexts>()?;
                    if !Arc::ptr_eq(&p.file, &self.file) {
                        return None;
                    }
                    dict = dict.or(p.dict_at);
                    Some(BodyPlace(t.at, t.len, t.sum))
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
                dict,
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

/// The bytes of the next length-framed value (read as they come: a damaged length
/// reads no more than the file has).
fn next_frame(r: &mut impl Read) -> Option<Vec<u8>> {
    let mut n = [0u8; 4];
    r.read_exact(&mut n).ok()?;
    let n = u64::from(u32::from_le_bytes(n));
    let mut frame = Vec::new();
    if r.take(n).read_to_end(&mut frame).ok()? as u64 != n {
        return None;
    }
    Some(frame)
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
    let alone: Arc<dyn TextStore> = Arc::new(PackedTexts {
        file: Arc::clone(&file),
        dict: None,
        dict_at: None,
    });
    let mut reader = std::io::BufReader::with_capacity(1 << 20, (&file.0).take(index_len));
    let mut buf = Vec::new();
    let head: Head = next_framed(&mut reader, &mut buf)?;
    if head.build != BUILD || head.zone != zone || head.root != root {
        return None;
    }
    let count = usize::try_from(head.records).ok()?;
    let at = Texts {
        file: &file,
        html: &texts,
        alone: &alone,
        end: index_at,
    };
    let mut out = HashMap::with_capacity(count.min(1 << 20));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    // Decoding the records is most of a later start's time: it is shared with other
    // cores. This thread reads the frames, hands each to a helper that is free, and
    // decodes it itself when none is (so one helper per other core is enough, and each
    // thread's heap holds its own share; with one core, no helper and this thread
    // decodes them all). A few frames wait at a time, so the index is still never
    // whole in memory.
    let (frames, waiting) = std::sync::mpsc::sync_channel::<Vec<u8>>(workers - 1);
    let waiting = std::sync::Mutex::new(waiting);
    let (done, results) = std::sync::mpsc::channel();
    let decode = |frame: &[u8]| {
        let _compact = crate::model::date_form::compact();
        postcard::from_bytes::<Record>(frame)
            .ok()
            .and_then(|r| at.settle(r))
    };
    std::thread::scope(|scope| {
        for _ in 1..workers {
            let (waiting, done, decode) = (&waiting, done.clone(), &decode);
            scope.spawn(move || {
                while let Ok(frame) = waiting
                    .lock()
                    .map_err(drop)
                    .and_then(|w| w.recv().map_err(drop))
                {
                    if done.send(decode(&frame)).is_err() {
                        break;
                    }
                }
            });
        }
        let mut whole = (0..count)
            .try_for_each(|_| {
                let frame = next_frame(&mut reader)?;
                match frames.try_send(frame) {
                    Ok(()) => Some(()),
                    Err(std::sync::mpsc::TrySendError::Full(frame)) => {
                        done.send(decode(&frame)).ok()
                    }
                    Err(std::sync::mpsc::TrySendError::Disconnected(_)) => None,
                }
            })
            .is_some();
        drop(frames);
        drop(done);
        for settled in results {
            match settled {
                Some((rel, stamp, outcome)) => {
                    out.insert(rel, (stamp, outcome));
                }
                None => whole = false,
            }
        }
        (whole && out.len() == count).then_some(out)
    })
}

/// What the articles of a snapshot's records point into.
struct Texts<'a> {
    file: &'a Arc<FileTexts>,
    /// The snapshot's HTML.
    html: &'a Arc<dyn TextStore>,
    /// Its plain bodies packed alone.
    alone: &'a Arc<dyn TextStore>,
    /// Where the index starts: every text lies before it.
    end: u64,
}

impl Texts<'_> {
    /// A record read back: its path, stamp and outcome, each article pointing at its
    /// HTML and plain body. `None` when a place is out of the file or the record does
    /// not hold together.
    fn settle(&self, mut r: Record) -> Option<(String, Stamp, FileOutcome)> {
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
                    if offset.checked_add(u64::from(n))? > self.end {
                        return None;
                    }
                    StoredText::new(Arc::clone(self.html), offset, n)
                }
                Some(Place::Source(offset, n)) => {
                    StoredText::new(Arc::clone(source.as_ref()?), offset, n)
                }
                None => continue,
            };
            a.html = Some(Html::Stored(text));
        }
        // The plain bodies, compressed in the snapshot (against the file's dictionary).
        let packed = match r.dict {
            Some((offset, n)) => {
                if offset.checked_add(u64::from(n))? > self.end || n as usize > DICT_LEN {
                    return None;
                }
                let dict: Arc<[u8]> = read_at(&self.file.0, offset, n).ok()?.into();
                Arc::new(PackedTexts {
                    file: Arc::clone(self.file),
                    dict: Some(dict),
                    dict_at: Some((offset, n)),
                }) as Arc<dyn TextStore>
            }
            None => Arc::clone(self.alone),
        };
        for (a, place) in r.outcome.articles_mut().iter_mut().zip(&r.body) {
            if let Some(BodyPlace(offset, n, sum)) = *place {
                if offset.checked_add(u64::from(n))? > self.end {
                    return None;
                }
                let text = StoredText::new(Arc::clone(&packed), offset, n).with_sum(sum);
                a.body = Text::Stored(text);
            }
        }
        Some((r.rel, r.stamp, r.outcome))
    }
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

    /// A feed of `n` articles whose bodies share a feed's words but each differ.
    fn feed_of(n: usize) -> FileOutcome {
        let words = [
            "harbour", "ferry", "tide", "council", "lantern", "market", "bridge", "storm",
        ];
        let articles = (0..n)
            .map(|i| {
                let mut a = Article::sample(&format!("a{i}"), &format!("Notes {i}"));
                let text: Vec<String> = (0..60)
                    .map(|j| format!("{} {}", words[(i * 7 + j * j) % 8], i * 31 + j))
                    .collect();
                // What a feed repeats in every item: a byline and a closing line.
                a.body = format!(
                    "By the harbour desk of the Gazette, with reporting from the quays. {} \
                     This note appeared first in the Harbour Gazette's evening edition; \
                     write to the desk with corrections.",
                    text.join(" ")
                )
                .into();
                Box::new(a)
            })
            .collect();
        FileOutcome::Feed(FeedDoc {
            kind: SourceKind::Rss,
            title: Some("Harbour Gazette".into()),
            link: None,
            description: None,
            articles,
            warnings: Vec::new(),
            html_spans: Vec::new(),
        })
    }

    /// The plain bodies of an outcome's articles (read back when stored).
    fn plains(outcome: &FileOutcome) -> Vec<String> {
        outcome
            .articles()
            .iter()
            .map(|a| a.plain().into_owned())
            .collect()
    }

    #[test]
    fn a_feeds_bodies_are_packed_against_its_first_ones_and_read_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let plain = plains(&feed_of(60));
        let alone: usize = plain.iter().map(|t| pack(t, None).len()).sum();

        let mut outcome = feed_of(60);
        pack_bodies(&mut outcome);
        let stamp = Stamp { size: 1, mtime: 7 };
        let snap = Snapshot::open(dir.path(), "/news", "UTC");
        let mut w = snap.writer().unwrap();
        w.keep(&mut outcome, None);
        w.finish(&snap, [("feed.xml", stamp, None, &outcome)].into_iter())
            .unwrap();
        let packed: usize = outcome.articles().iter().map(|a| a.body.len()).sum();
        assert!(
            packed + DICT_LEN < alone * 9 / 10,
            "against the dictionary {packed} + {DICT_LEN}, alone {alone}"
        );

        // Read back from the file, and written again into a new snapshot (copied as
        // packed, with its dictionary).
        let mut snap = Snapshot::open(dir.path(), "/news", "UTC");
        let mut again = snap.take("feed.xml", stamp).expect("the snapshot is read");
        assert_eq!(plains(&again), plain);
        let mut w = snap.writer().unwrap();
        w.keep(&mut again, None);
        w.finish(&snap, [("feed.xml", stamp, None, &again)].into_iter())
            .unwrap();
        let mut snap = Snapshot::open(dir.path(), "/news", "UTC");
        let third = snap.take("feed.xml", stamp).expect("read again");
        assert_eq!(plains(&third), plain);
        let sums: Vec<u64> = third.articles().iter().map(|a| a.body.sum()).collect();
        let want: Vec<u64> = plain.iter().map(|t| text_sum(t)).collect();
        assert_eq!(sums, want);
    }

    #[test]
    fn a_small_feed_packs_its_bodies_alone() {
        let mut outcome = feed_of(3);
        pack_bodies(&mut outcome);
        for a in outcome.articles() {
            assert!(matches!(dict_of(&a.body), Some(None)));
        }
        let mut big = feed_of(60);
        pack_bodies(&mut big);
        assert!(
            big.articles()
                .iter()
                .all(|a| matches!(dict_of(&a.body), Some(Some(_))))
        );
    }

    #[test]
    fn a_damaged_packed_body_is_an_error() {
        let mut packed = pack("Harbour notes for the week.", None);
        assert_eq!(
            unpack(&packed, None).unwrap(),
            "Harbour notes for the week."
        );
        // A length far beyond what the block can expand to: refused, nothing allocated.
        packed[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(unpack(&packed, None).is_err());
        let n = packed.len();
        assert!(unpack(&packed[..3], None).is_err());
        let mut cut = pack("Harbour notes for the week.", None);
        cut.truncate(n - 5);
        assert!(unpack(&cut, None).is_err());
    }
}
