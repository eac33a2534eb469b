//! The walk over a source root: the files of a folder (on disk, or in the bundled
//! sample data) or the one file named, each with its size and time for the snapshot,
//! and the root's snapshot, opened while a folder is walked. Hidden files and folders
//! are skipped; a folder symlink is not followed. A root that cannot be read becomes a
//! source with its error.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use include_dir::Dir;

use super::snapshot::{Snapshot, Stamp};
use super::{Origin, SAMPLE_DATA, SourceSpec, apply_spec, default_title};
use crate::model::{Source, SourceKind};

/// One file found below a source root.
pub(super) struct Entry {
    /// Path below the root with `/` separators; the file name alone for a file root.
    pub(super) rel: String,
    pub(super) location: String,
    pub(super) data: Data,
    pub(super) stamp: Stamp,
    pub(super) modified: Option<DateTime<Utc>>,
}

impl Entry {
    /// The file's path on disk and its stamp (`None` for the bundled sample data): where
    /// a snapshot may read its feed items' HTML from.
    pub(super) fn origin(&self) -> Option<(&Path, Stamp)> {
        match &self.data {
            Data::Disk(path) => Some((path.as_path(), self.stamp)),
            Data::Bundled(_) => None,
        }
    }
}

/// Where a file's bytes are: read only when the snapshot does not know the file.
pub(super) enum Data {
    Disk(PathBuf),
    Bundled(&'static [u8]),
}

/// What a walk found: the files, and problems with files it could not read.
#[derive(Default)]
pub(super) struct Walk {
    pub(super) entries: Vec<Entry>,
    pub(super) problems: Vec<String>,
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
        // A folder symlink is not followed, to avoid loops; a file symlink is.
        let Ok(ft) = item.file_type() else { continue };
        if ft.is_dir() {
            walk_disk(root, &path, walk);
            continue;
        }
        let meta = if ft.is_symlink() {
            std::fs::metadata(&path)
        } else {
            item.metadata()
        };
        match meta {
            Ok(m) if m.is_file() => walk.entries.push(disk_entry(root, path, &m)),
            Ok(_) => {}
            Err(e) => walk
                .problems
                .push(format!("{}: cannot read: {e}", path.display())),
        }
    }
}

fn disk_entry(root: &Path, path: PathBuf, meta: &std::fs::Metadata) -> Entry {
    let modified = meta.modified().ok();
    Entry {
        rel: rel_path(root, &path),
        location: path.display().to_string(),
        stamp: Stamp::new(meta.len(), modified),
        modified: modified.map(DateTime::<Utc>::from),
        data: Data::Disk(path),
    }
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn bundled_entry(rel: String, location: String, bytes: &'static [u8]) -> Entry {
    Entry {
        rel,
        location,
        stamp: Stamp::new(bytes.len() as u64, None),
        modified: None,
        data: Data::Bundled(bytes),
    }
}

fn walk_bundled(dir: &Dir<'static>, root: &str, walk: &mut Walk) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().into_owned();
        let name = path.rsplit('/').next().unwrap_or(&path);
        if is_hidden(name) || path == "sources.toml" || path == "README.md" {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .trim_start_matches('/')
            .to_string();
        walk.entries.push(bundled_entry(
            rel,
            format!("sample-data/{path}"),
            file.contents(),
        ));
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

/// Where a source's files are: its display location, and whether it is a single file
/// (else a folder).
pub(super) struct Place {
    pub(super) location: String,
    pub(super) single_file: bool,
}

impl Place {
    /// The location of the source a feed document at `entry` becomes: the root's own
    /// when the root is that one file.
    pub(super) fn feed_location(&self, entry: &Entry) -> String {
        if self.single_file {
            self.location.clone()
        } else {
            entry.location.clone()
        }
    }

    /// A problem with one file: the source's error when it is the only file, else a
    /// warning.
    pub(super) fn problem(&self, msg: String, source: &mut Source) {
        if self.single_file {
            source.error = Some(msg);
        } else {
            source.warnings.push(msg);
        }
    }
}

/// A source root, walked: where it is, the files found, and the snapshot of what they
/// gave last time (for roots on disk, when there is a snapshot folder).
pub(super) struct Root {
    pub(super) place: Place,
    pub(super) walk: Walk,
    pub(super) snapshot: Option<Snapshot>,
}

/// Finds the files of `spec`'s root and opens its snapshot (in `snapshots`, made under
/// `settings`). `Err`: the source, with its error, when the root cannot be read.
pub(super) fn walk_root(
    spec: &SourceSpec,
    snapshots: Option<&Path>,
    settings: &str,
) -> Result<Root, Box<Source>> {
    let mut walk = Walk::default();
    let mut snapshot = None;
    let open_snapshot =
        |location: &str| snapshots.map(|dir| Snapshot::open(dir, location, settings));
    let failed = |location: &str, error: String, with_spec: bool| {
        let mut s = Source::new(location, &default_title(spec, location), SourceKind::Text);
        s.error = Some(error);
        if with_spec {
            apply_spec(&mut s, spec);
        }
        Box::new(s)
    };
    // The root's display location, and whether it is a single file.
    let (location, single_file) = match &spec.origin {
        Origin::Path(p) => {
            let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            let location = abs.display().to_string();
            match std::fs::metadata(&abs) {
                Ok(m) if m.is_dir() => {
                    // The folder is walked on a second core while the snapshot is read
                    // here (a thread's own allocator arena grows slowly for 100k
                    // articles; the walk allocates little).
                    std::thread::scope(|scope| {
                        let walking = scope.spawn(|| {
                            let mut walk = Walk::default();
                            walk_disk(&abs, &abs, &mut walk);
                            walk
                        });
                        snapshot = open_snapshot(&location);
                        walk = walking.join().unwrap_or_default();
                    });
                    (location, false)
                }
                // A named pipe or a device would be read without end.
                Ok(m) if !m.is_file() => {
                    let error = format!(
                        "cannot read {location}: it is {}, not a file or folder",
                        crate::config::special_kind(m.file_type())
                    );
                    return Err(failed(&location, error, true));
                }
                Ok(m) => {
                    let root = abs.parent().map_or_else(PathBuf::new, Path::to_path_buf);
                    walk.entries.push(disk_entry(&root, abs, &m));
                    snapshot = open_snapshot(&location);
                    (location, true)
                }
                Err(e) => {
                    let error = format!("cannot read {location}: {e}");
                    return Err(failed(&location, error, true));
                }
            }
        }
        Origin::Bundled(rel) => {
            let location = format!("sample-data/{rel}");
            if let Some(dir) = SAMPLE_DATA.get_dir(rel) {
                walk_bundled(dir, rel, &mut walk);
                (location, false)
            } else if let Some(file) = SAMPLE_DATA.get_file(rel) {
                let name = rel.rsplit('/').next().unwrap_or(rel).to_string();
                walk.entries
                    .push(bundled_entry(name, location.clone(), file.contents()));
                (location, true)
            } else {
                let error = format!("{location} is not in the bundled sample data");
                return Err(failed(&location, error, false));
            }
        }
    };
    Ok(Root {
        place: Place {
            location,
            single_file,
        },
        walk,
        snapshot,
    })
}
