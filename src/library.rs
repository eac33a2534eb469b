//! Assembling the `Library` that the reader and the commands work on: which sources
//! to read (those named, else the configured ones, else the bundled sample data),
//! local files and folders through `ingest` (with their snapshots in the state
//! folder), URL sources from the fetch cache (a named URL with nothing cached is
//! fetched first, through `refresh`), and the feeds of the sync servers from the cache
//! (`sync`). Also the local roots the reader keeps current
//! (`local_roots`) and reading them again (`reread`).
//!
//! It prints nothing and reads no command-line options or clock: problems stay in each
//! source's `error` and `warnings` for the caller to show, and "now" is a parameter.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::ingest::{self, SourceSpec};
use crate::model::Library;
use crate::refresh;

/// The sources to read: those named, else the configured ones, else the sample data.
/// URL sources come from the fetch cache in `store`; a named URL with nothing cached
/// is fetched first, as at `now`. Problems are in each source's `error` and `warnings`.
pub fn load_library(
    config: &Config,
    named: &[PathBuf],
    store: Option<&mut crate::store::Store>,
    state_dir: Option<&Path>,
    now: DateTime<Utc>,
) -> Library {
    load_library_with(config, named, store, state_dir, now, true)
}

/// The URL sources to read: (url, configured title, configured tags).
type UrlSources = Vec<(String, Option<String>, Vec<String>)>;

/// The files and folders to read (with the size limit of `[fetch]`), and the URL
/// sources: of those named, else of the configured ones, else the sample data.
fn sources_of(config: &Config, named: &[PathBuf]) -> (Vec<SourceSpec>, UrlSources) {
    let mut urls: UrlSources = Vec::new();
    let mut specs: Vec<SourceSpec> = if named.is_empty() {
        let configured: Vec<_> = config.sources.iter().filter(|s| s.enabled).collect();
        if configured.is_empty() && crate::sync::servers(config).is_empty() {
            ingest::sample_specs()
        } else {
            configured
                .iter()
                .filter_map(|s| {
                    if let crate::config::SourceLocation::Url(u) = &s.location {
                        urls.push((u.clone(), s.title.clone(), s.tags.clone()));
                    }
                    SourceSpec::from_config(s)
                })
                .collect()
        }
    } else {
        named
            .iter()
            .filter(|p| {
                let t = p.to_string_lossy();
                let is_url = crate::model::is_http_url(&t);
                if is_url {
                    urls.push((t.into_owned(), None, Vec::new()));
                }
                !is_url
            })
            .map(SourceSpec::path)
            .collect()
    };
    // Local files have the size limit of fetched feeds (`max_mb`).
    for spec in &mut specs {
        spec.max_bytes = config.fetch.max_bytes;
    }
    (specs, urls)
}

/// As [`load_library`]; `fetch_missing`: whether a named URL with nothing cached is
/// fetched first (the reader may leave that to its background refresh instead).
pub fn load_library_with(
    config: &Config,
    named: &[PathBuf],
    mut store: Option<&mut crate::store::Store>,
    state_dir: Option<&Path>,
    now: DateTime<Utc>,
    fetch_missing: bool,
) -> Library {
    let (specs, urls) = sources_of(config, named);
    if fetch_missing
        && !named.is_empty()
        && let Some(s) = store.as_deref_mut()
    {
        let missing: Vec<String> = urls
            .iter()
            .map(|u| u.0.clone())
            .filter(|u| s.feed(u).ok().flatten().is_none())
            .collect();
        if !missing.is_empty() {
            refresh::refresh(
                s,
                &missing,
                &refresh::Zones::of_config(config),
                &config.fetch,
                now,
                config.keep_days,
                |_| {},
            );
        }
    }
    // Folders unchanged since the last run are read from their snapshots.
    // (In the state folder even when its database cannot be used.)
    let snapshots =
        snapshot_dir(state_dir.or_else(|| store.as_deref().map(crate::store::Store::dir)));
    let mut lib = ingest::load(&specs, config.timezone, snapshots.as_deref());
    // The sync servers' feeds, from the cache, when the configured sources are read.
    let synced = named.is_empty() && !crate::sync::servers(config).is_empty();
    if !urls.is_empty() || synced {
        let (mut sources, mut articles) = (
            std::mem::take(&mut lib.sources),
            std::mem::take(&mut lib.articles),
        );
        // One pass over the cache for every feed.
        let mut cached = store
            .as_deref()
            .and_then(|s| s.cached_all().ok())
            .unwrap_or_default();
        for (url, title, tags) in &urls {
            let items = cached.remove(url).unwrap_or_default();
            let (s, a) =
                refresh::source_of_cached(store.as_deref(), url, title.as_deref(), tags, items);
            sources.push(s);
            articles.extend(a.into_iter().map(Box::new));
        }
        if synced {
            let (s, a) = crate::sync::cached_sources(store.as_deref(), config, &mut cached);
            sources.extend(s);
            articles.extend(a.into_iter().map(Box::new));
        }
        lib = Library::new(sources, articles);
    }
    lib
}

/// Where folder snapshots are kept in the state folder `state_dir`.
pub fn snapshot_dir(state_dir: Option<&Path>) -> Option<PathBuf> {
    state_dir.map(|d| d.join("snapshots"))
}

/// A file or folder source on disk that the reader keeps current: what to read, the
/// location its sources are named by, and whether it is a folder.
#[derive(Debug, Clone)]
pub struct LocalRoot {
    /// How to read it again (its path made absolute, so that it reads as at start).
    pub spec: SourceSpec,
    /// The file or folder, as `ingest` names its source (the canonical path).
    pub path: PathBuf,
    pub folder: bool,
}

impl LocalRoot {
    /// The location of the root's source; its other sources (feed documents in a
    /// folder) are below it.
    pub fn location(&self) -> String {
        self.path.display().to_string()
    }
}

/// The files and folders on disk among the sources [`load_library`] reads (not the
/// bundled sample data), in the same order. A root that cannot be read now is left out.
pub fn local_roots(config: &Config, named: &[PathBuf]) -> Vec<LocalRoot> {
    sources_of(config, named)
        .0
        .into_iter()
        .filter_map(|mut spec| {
            let ingest::Origin::Path(p) = &spec.origin else {
                return None;
            };
            let path = std::fs::canonicalize(p).ok()?;
            let folder = std::fs::metadata(&path).ok()?.is_dir();
            spec.origin = ingest::Origin::Path(path.clone());
            Some(LocalRoot { spec, path, folder })
        })
        .collect()
}

/// Roots that must be read together with `roots[i]`: every root one of them lies in or
/// holds (a folder configured inside another is read by both), `i` included, in order.
pub fn read_together(roots: &[LocalRoot], i: usize) -> Vec<usize> {
    let mut group = vec![i];
    let mut k = 0;
    while let Some(&g) = group.get(k) {
        for (j, r) in roots.iter().enumerate() {
            let overlaps = r.path.starts_with(&roots[g].path) || roots[g].path.starts_with(&r.path);
            if overlaps && !group.contains(&j) {
                group.push(j);
            }
        }
        k += 1;
    }
    group.sort_unstable();
    group
}

/// Reads `roots` again (files unchanged since the snapshot in `snapshots` are not
/// parsed again, and the snapshot is renewed), in the default zone `zone`.
pub fn reread(roots: &[&LocalRoot], zone: crate::zone::Zone, snapshots: Option<&Path>) -> Library {
    let specs: Vec<SourceSpec> = roots.iter().map(|r| r.spec.clone()).collect();
    ingest::load(&specs, zone, snapshots)
}
