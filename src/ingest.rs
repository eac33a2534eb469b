//! Reading input: one module per format, and (here) the walk over files and folders
//! that turns configured sources into a `Library`. A folder's plain-text articles form
//! one source; each feed document is a source of its own. Nothing here panics on bad
//! input: every problem becomes a source error or a warning naming the file.

pub mod feed;
pub mod html;
pub mod text;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use include_dir::{Dir, include_dir};

use crate::config::{Config, SourceConfig, SourceLocation};
use crate::model::{Article, Library, Source, SourceKind, Tag, push_tag};
use crate::zone::Zone;

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
}

impl SourceSpec {
    /// A file or folder given on the command line.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Self {
            origin: Origin::Path(path.into()),
            title: None,
            tags: Vec::new(),
            zone: None,
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
            }),
            SourceLocation::Url(_) => None,
        })
        .collect()
}

/// One file found below a source root.
struct Entry {
    /// Path below the root with `/` separators; the file name alone for a file root.
    rel: String,
    location: String,
    bytes: Vec<u8>,
    modified: Option<DateTime<Utc>>,
}

/// What a walk found: the files, and problems with files it could not read.
#[derive(Default)]
struct Walk {
    entries: Vec<Entry>,
    problems: Vec<String>,
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

fn walk_disk(root: &Path, dir: &Path, walk: &mut Walk) {
    let mut items: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(e) => {
            walk.problems
                .push(format!("{}: cannot read folder: {e}", dir.display()));
            return;
        }
    };
    items.sort_by_key(std::fs::DirEntry::file_name);
    for item in items {
        let name = item.file_name();
        if is_hidden(&name.to_string_lossy()) {
            continue;
        }
        let path = item.path();
        // `metadata` follows symlinks; a folder symlink is not followed, to avoid loops.
        let Ok(ft) = item.file_type() else { continue };
        if ft.is_dir() {
            walk_disk(root, &path, walk);
        } else if let Ok(meta) = std::fs::metadata(&path).and_then(|m| {
            if m.is_file() {
                Ok(m)
            } else {
                Err(std::io::Error::other("not a file"))
            }
        }) {
            match std::fs::read(&path) {
                Ok(bytes) => walk.entries.push(Entry {
                    rel: rel_path(root, &path),
                    location: path.display().to_string(),
                    bytes,
                    modified: meta.modified().ok().map(DateTime::<Utc>::from),
                }),
                Err(e) => walk
                    .problems
                    .push(format!("{}: cannot read: {e}", path.display())),
            }
        }
    }
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn walk_bundled(dir: &Dir<'static>, root: &str, walk: &mut Walk) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().into_owned();
        let name = path.rsplit('/').next().unwrap_or(&path);
        if is_hidden(name) || path == "sources.toml" || path == "README.md" {
            continue;
        }
        walk.entries.push(Entry {
            rel: path
                .strip_prefix(root)
                .unwrap_or(&path)
                .trim_start_matches('/')
                .to_string(),
            location: format!("sample-data/{path}"),
            bytes: file.contents().to_vec(),
            modified: None,
        });
    }
    for sub in dir.dirs() {
        let name = sub
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !is_hidden(&name) {
            walk_bundled(sub, root, walk);
        }
    }
}

/// Whether the bytes look like a binary file rather than text: a NUL byte early on.
fn is_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

/// Loads every source. Problems never stop the others.
pub fn load(specs: &[SourceSpec], default_zone: Zone) -> Library {
    let mut sources = Vec::new();
    let mut articles = Vec::new();
    for spec in specs {
        load_one(spec, default_zone, &mut sources, &mut articles);
    }
    Library::new(sources, articles)
}

fn load_one(
    spec: &SourceSpec,
    default_zone: Zone,
    sources: &mut Vec<Source>,
    articles: &mut Vec<Article>,
) {
    let zone = spec.zone.unwrap_or(default_zone);
    let mut walk = Walk::default();
    // The root's display location, whether it is a single file, and its default title.
    let (location, single_file) = match &spec.origin {
        Origin::Path(p) => {
            let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            let location = abs.display().to_string();
            match std::fs::metadata(&abs) {
                Ok(m) if m.is_dir() => {
                    walk_disk(&abs, &abs, &mut walk);
                    (location, false)
                }
                Ok(_) => {
                    let root = abs.parent().map_or_else(PathBuf::new, Path::to_path_buf);
                    walk_disk_file(&root, &abs, &mut walk);
                    (location, true)
                }
                Err(e) => {
                    let mut s =
                        Source::new(&location, &default_title(spec, &location), SourceKind::Text);
                    s.error = Some(format!("cannot read {location}: {e}"));
                    apply_spec(&mut s, spec);
                    sources.push(s);
                    return;
                }
            }
        }
        Origin::Bundled(rel) => {
            let location = format!("sample-data/{rel}");
            if let Some(dir) = SAMPLE_DATA.get_dir(rel) {
                walk_bundled(dir, rel, &mut walk);
                (location, false)
            } else if let Some(file) = SAMPLE_DATA.get_file(rel) {
                walk.entries.push(Entry {
                    rel: rel.rsplit('/').next().unwrap_or(rel).to_string(),
                    location: location.clone(),
                    bytes: file.contents().to_vec(),
                    modified: None,
                });
                (location, true)
            } else {
                let mut s =
                    Source::new(&location, &default_title(spec, &location), SourceKind::Text);
                s.error = Some(format!("{location} is not in the bundled sample data"));
                sources.push(s);
                return;
            }
        }
    };

    let mut text_source = Source::new(&location, &default_title(spec, &location), SourceKind::Text);
    apply_spec(&mut text_source, spec);
    text_source.warnings.append(&mut walk.problems);
    let mut text_articles = Vec::new();
    let mut feed_sources = Vec::new();

    for entry in &walk.entries {
        if is_binary(&entry.bytes) {
            let msg = format!(
                "{}: skipped: a binary file, not an article or a feed",
                entry.location
            );
            if single_file {
                text_source.error = Some(msg);
            } else {
                text_source.warnings.push(msg);
            }
            continue;
        }
        if let Some(format) = feed::sniff(&entry.bytes) {
            let feed_location = if single_file {
                location.clone()
            } else {
                entry.location.clone()
            };
            let (source, items) = load_feed(entry, format, &feed_location, spec, single_file, zone);
            feed_sources.push(source);
            articles.extend(items);
            continue;
        }
        let file = text::TextFile {
            rel_path: &entry.rel,
            location: &entry.location,
            bytes: &entry.bytes,
            modified: entry.modified,
        };
        match text::parse(file, &text_source.id, zone) {
            Ok(mut parsed) => {
                for w in parsed.warnings {
                    text_source
                        .warnings
                        .push(format!("{}: {w}", entry.location));
                }
                for t in &text_source.tags {
                    push_tag(&mut parsed.article.tags, t.clone());
                }
                text_articles.push(parsed.article);
            }
            Err(e) if single_file => text_source.error = Some(format!("{}: {e}", entry.location)),
            Err(e) => text_source
                .warnings
                .push(format!("{}: {e}", entry.location)),
        }
    }

    let keep_text = !text_articles.is_empty() || feed_sources.is_empty();
    if keep_text {
        if text_articles.is_empty() && text_source.error.is_none() && !single_file {
            text_source.error = Some(format!("no articles found in {location}"));
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

fn walk_disk_file(root: &Path, file: &Path, walk: &mut Walk) {
    match std::fs::read(file) {
        Ok(bytes) => walk.entries.push(Entry {
            rel: rel_path(root, file),
            location: file.display().to_string(),
            bytes,
            modified: std::fs::metadata(file)
                .and_then(|m| m.modified())
                .ok()
                .map(DateTime::<Utc>::from),
        }),
        Err(e) => walk
            .problems
            .push(format!("{}: cannot read: {e}", file.display())),
    }
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
fn load_feed(
    entry: &Entry,
    format: feed::FeedFormat,
    location: &str,
    spec: &SourceSpec,
    is_root: bool,
    zone: Zone,
) -> (Source, Vec<Article>) {
    let guessed_kind = match format {
        feed::FeedFormat::Json => SourceKind::Json,
        feed::FeedFormat::Xml
            if String::from_utf8_lossy(&entry.bytes[..entry.bytes.len().min(512)])
                .contains("<feed") =>
        {
            SourceKind::Atom
        }
        feed::FeedFormat::Xml => SourceKind::Rss,
    };
    let file_name = entry.rel.rsplit('/').next().unwrap_or(&entry.rel);
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let mut source = Source::new(location, stem, guessed_kind);
    apply_spec(&mut source, spec);
    let folder_tags: Vec<Tag> = if is_root {
        Vec::new()
    } else {
        let dirs: Vec<&str> = entry.rel.split('/').collect();
        dirs[..dirs.len() - 1]
            .iter()
            .filter_map(|d| Tag::new(d))
            .collect()
    };
    match feed::parse(&entry.bytes, &source.id, &entry.location, zone) {
        Ok(doc) => {
            source.kind = doc.kind;
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
        Err(e) => {
            if let (Some(t), true) = (&spec.title, is_root) {
                source.title.clone_from(t);
            }
            source.error = Some(format!("{}: {e}", entry.location));
            (source, Vec::new())
        }
    }
}
