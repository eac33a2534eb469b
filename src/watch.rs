//! Watching local sources for changes while the reader runs: files added, changed or
//! removed under a folder source, or a file source replaced. The operating system's
//! notices (inotify and the like, through `notify`) are debounced, so that a burst of
//! writes in one folder is one notice, and mapped to the roots they concern; the
//! caller gets the indices of the changed roots and reads them again itself.
//!
//! Ignored: files opened or read without being written (reading a folder again opens
//! its files), hidden files and folders (the walk skips them too, so editors' swap
//! files are among them), editors' backup and lock files, and the folders given as
//! `ignore` (the state folder, where snapshots are written).

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{self, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

/// How long a path must be quiet before its change is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(400);

/// A file or folder to watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Absolute (as the caller will compare paths): the notices name paths below it.
    pub path: PathBuf,
    /// A folder is watched with everything below it; a file, through its folder.
    pub folder: bool,
}

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// These targets changed (indices into the targets, each once, in order).
    Roots(Vec<usize>),
    /// The watcher missed notices (its queue overflowed) or failed: every target may
    /// have changed. The text says why.
    Lost(String),
}

/// A running watcher; it stops when dropped.
pub struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Watcher")
    }
}

/// Starts watching `targets`; each change goes to `report`, from the watcher's thread.
/// `Err`: why nothing can be watched. A target that cannot be watched (it is gone, or
/// the system's limit of watches is reached) is left out, and named among the
/// problems returned beside the watcher.
pub fn start(
    targets: &[Target],
    ignore: Vec<PathBuf>,
    mut report: impl FnMut(Change) + Send + 'static,
) -> Result<(Watcher, Vec<String>), String> {
    let watched = targets.to_vec();
    let handler = move |result: DebounceEventResult| match result {
        Ok(events) if events.iter().any(|e| e.need_rescan()) => {
            report(Change::Lost("the system dropped notices".into()));
        }
        Ok(events) => {
            let paths = events
                .iter()
                .filter(|e| is_change(&e.kind))
                .flat_map(|e| &e.paths);
            let roots = changed_roots(&watched, &ignore, paths);
            if !roots.is_empty() {
                report(Change::Roots(roots));
            }
        }
        Err(errors) => {
            let why = errors.iter().map(ToString::to_string).collect::<Vec<_>>();
            report(Change::Lost(why.join("; ")));
        }
    };
    // Folder symlinks are not followed, as the walk does not follow them (and
    // following them would look at every file to watch a folder).
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache> = new_debouncer_opt(
        DEBOUNCE,
        Some(DEBOUNCE / 2),
        handler,
        RecommendedCache::new(),
        config,
    )
    .map_err(|e| e.to_string())?;
    let mut problems = Vec::new();
    // A file is watched through its folder: editors replace a file by renaming another
    // over it, which a watch on the file itself would not survive. Each folder once.
    let mut folders: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    for t in targets {
        let (path, mode) = if t.folder {
            (t.path.clone(), RecursiveMode::Recursive)
        } else {
            match t.path.parent() {
                Some(p) => (p.to_path_buf(), RecursiveMode::NonRecursive),
                None => continue,
            }
        };
        match folders.iter_mut().find(|(p, _)| *p == path) {
            Some((_, m)) if mode == RecursiveMode::Recursive => *m = mode,
            Some(_) => {}
            None => folders.push((path, mode)),
        }
    }
    for (path, mode) in folders {
        if let Err(e) = debouncer.watch(&path, mode) {
            problems.push(format!("{}: {e}", path.display()));
        }
    }
    Ok((
        Watcher {
            _debouncer: debouncer,
        },
        problems,
    ))
}

/// Whether a notice of this kind may mean new contents: not a file opened, read or
/// closed unwritten (reading a folder again opens every file it parses).
pub fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        _ => true,
    }
}

/// The targets that the changed `paths` concern, each once, in order: a folder target
/// for a path below it, a file target for its own path. Paths under `ignore`, hidden
/// ones (below the target) and editors' temporary files concern none.
pub fn changed_roots<'a>(
    targets: &[Target],
    ignore: &[PathBuf],
    paths: impl IntoIterator<Item = &'a PathBuf>,
) -> Vec<usize> {
    let mut hit = vec![false; targets.len()];
    for path in paths {
        if ignore.iter().any(|i| path.starts_with(i)) {
            continue;
        }
        for (i, t) in targets.iter().enumerate() {
            let concerned = if t.folder {
                path.strip_prefix(&t.path).is_ok_and(|rel| !is_noise(rel))
            } else {
                *path == t.path
            };
            hit[i] |= concerned;
        }
    }
    (0..targets.len()).filter(|&i| hit[i]).collect()
}

/// Whether a path below a folder target is one the walk skips or an editor's scratch
/// file: a hidden part (`.git/…`, `.notes.txt.swp`), a backup (`notes.txt~`), an
/// autosave or lock (`#notes.txt#`), vim's write test (`4913`).
fn is_noise(rel: &Path) -> bool {
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    hidden
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Vec<Target> {
        vec![
            Target {
                path: "/news".into(),
                folder: true,
            },
            Target {
                path: "/news/press".into(),
                folder: true,
            },
            Target {
                path: "/feeds/wire.xml".into(),
                folder: false,
            },
            Target {
                path: "/newsroom".into(),
                folder: true,
            },
        ]
    }

    fn roots(paths: &[&str]) -> Vec<usize> {
        let ignore = [PathBuf::from("/news/state")];
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        changed_roots(&targets(), &ignore, &paths)
    }

    #[test]
    fn a_path_maps_to_the_roots_it_is_under() {
        assert_eq!(roots(&["/news/a.txt"]), [0]);
        assert_eq!(roots(&["/news/sport/b.txt"]), [0]);
        // A folder configured inside another: both read it.
        assert_eq!(roots(&["/news/press/c.txt"]), [0, 1]);
        // A sibling whose name starts the same is not below.
        assert_eq!(roots(&["/newsroom/d.txt"]), [3]);
        // A file root: its own path only, not its neighbours.
        assert_eq!(roots(&["/feeds/wire.xml"]), [2]);
        assert_eq!(roots(&["/feeds/other.xml"]), Vec::<usize>::new());
        // The folder itself (removed, renamed).
        assert_eq!(roots(&["/news"]), [0]);
        // Many paths, each root once, in order.
        assert_eq!(
            roots(&["/newsroom/x", "/news/a", "/news/b", "/feeds/wire.xml"]),
            [0, 2, 3]
        );
        assert_eq!(roots(&["/elsewhere/e.txt"]), Vec::<usize>::new());
    }

    #[test]
    fn reading_a_file_is_no_change() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind};
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Other,
        ] {
            assert!(!is_change(&kind), "{kind:?}");
        }
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Remove(RemoveKind::File),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Any,
        ] {
            assert!(is_change(&kind), "{kind:?}");
        }
    }

    #[test]
    fn hidden_files_scratch_files_and_the_state_folder_are_ignored() {
        for p in [
            "/news/.a.txt.swp",
            "/news/.git/index",
            "/news/sport/.hidden/b.txt",
            "/news/a.txt~",
            "/news/#a.txt#",
            "/news/4913",
            "/news/state/snapshots/1.snap",
        ] {
            assert_eq!(roots(&[p]), Vec::<usize>::new(), "{p}");
        }
        // Hidden above the root does not count: only the part below it.
        let t = [Target {
            path: "/home/u/.local/news".into(),
            folder: true,
        }];
        let p = [PathBuf::from("/home/u/.local/news/a.txt")];
        assert_eq!(changed_roots(&t, &[], &p), [0]);
    }
}
