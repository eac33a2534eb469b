//! Assembling the `Library` that the reader and the commands work on: which sources
//! to read (those named, else the configured ones, else the bundled sample data),
//! local files and folders through `ingest` (with their snapshots in the state
//! folder), URL sources from the fetch cache (a named URL with nothing cached is
//! fetched first, through `refresh`).
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
    mut store: Option<&mut crate::store::Store>,
    state_dir: Option<&Path>,
    now: DateTime<Utc>,
) -> Library {
    let mut urls: Vec<(String, Option<String>, Vec<String>)> = Vec::new();
    let specs: Vec<SourceSpec> = if named.is_empty() {
        let configured: Vec<_> = config.sources.iter().filter(|s| s.enabled).collect();
        if configured.is_empty() {
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
    if !named.is_empty()
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
    let snapshots = state_dir
        .or_else(|| store.as_deref().map(crate::store::Store::dir))
        .map(|d| d.join("snapshots"));
    // Local files have the size limit of fetched feeds (`max_mb`).
    let mut specs = specs;
    for spec in &mut specs {
        spec.max_bytes = config.fetch.max_bytes;
    }
    let mut lib = ingest::load(&specs, config.timezone, snapshots.as_deref());
    if !urls.is_empty() {
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
            articles.extend(a);
        }
        lib = Library::new(sources, articles);
    }
    lib
}
