//! Where a sync server's feeds and items live in the library: their locations (not
//! http addresses, all below the server's root), article ids, items made into clean
//! articles, the servers to sync at start, and the servers' sources as the library
//! shows them, from the cache.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::{RemoteItem, servers};
use crate::config::{Config, SyncConfig, SyncKind};
use crate::ingest::html::{sanitize, sanitize_html, to_plain};
use crate::model::{Article, ArticleId, Author, Html, Source, SourceId, SourceKind, stable_id};
use crate::store::Store;

/// The location of server `server`'s feed `feed` as a source (and the cache's key):
/// not an http address, so that the feed refresh leaves it to the sync. Every feed of
/// a server is below its [`root`].
pub fn feed_location(kind: SyncKind, server: &str, feed: &str) -> String {
    format!("{}:{server}#feed/{feed}", kind.as_str())
}

/// The location every source of the server `sc` is at or below: the one source of a
/// server never synced, and the parent of its feeds.
pub fn root(sc: &SyncConfig) -> String {
    format!("{}:{}#feed", sc.kind.as_str(), sc.url)
}

/// The servers to sync when the reader starts, as at `now`: those never synced, and
/// those last synced `limit` or longer ago (`None`: none).
pub fn stale<'a>(
    store: &Store,
    servers: &[&'a SyncConfig],
    now: DateTime<Utc>,
    limit: Option<std::time::Duration>,
) -> Vec<&'a SyncConfig> {
    let Some(limit) = limit else {
        return Vec::new();
    };
    let limit = chrono::Duration::from_std(limit).unwrap_or(chrono::Duration::MAX);
    servers
        .iter()
        .filter(|sc| match store.sync_row(&sc.url).ok().flatten() {
            Some(r) => r.last_sync.is_none_or(|t| now - t >= limit),
            None => true,
        })
        .copied()
        .collect()
}

/// The id of server `server`'s item `item`.
pub fn article_id(server: &str, item: &str) -> ArticleId {
    ArticleId(stable_id(&[server, "item", item]))
}

/// A server item as an article of the source at `location`, sanitized.
pub(super) fn article(server: &str, location: &str, item: &RemoteItem) -> Article {
    let html = item
        .html
        .as_deref()
        .map(|h| sanitize_html(h).into_owned())
        .filter(|h| !h.trim().is_empty());
    let body = html.as_deref().map(to_plain).unwrap_or_default();
    // On one line; an untitled item is named by the start of its text.
    let title = {
        let t = sanitize(item.title.trim());
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() {
            let words = body.split_whitespace().collect::<Vec<_>>().join(" ");
            words.chars().take(80).collect()
        } else {
            t
        }
    };
    let link = item
        .link
        .as_deref()
        .map(|l| sanitize(l.trim()))
        .filter(|l| crate::model::is_web_link(l));
    let authors = item
        .author
        .as_deref()
        .map(|a| sanitize(a.trim()))
        .filter(|a| !a.is_empty())
        .map(|name| {
            vec![Author {
                name: name.into(),
                email: None,
                uri: None,
            }]
        })
        .unwrap_or_default();
    Article {
        id: article_id(server, &item.id),
        source: SourceId::derive(location),
        title,
        link: link.clone(),
        published: item.published,
        updated: None,
        date_guessed: false,
        authors,
        tags: Vec::new(),
        summary: None,
        body: body.into(),
        html: html.map(Html::Owned),
        credits: Vec::new(),
        extra: BTreeMap::new(),
        enclosures: Vec::new(),
        location: link.unwrap_or_else(|| format!("{location}/item-{}", item.id)),
    }
}

/// The sources of the sync servers of `config`, with their cached articles (taken
/// from `cached`, the cache by feed), as the library shows them. A server never synced
/// is one source with a note; one whose last sync failed carries the error.
pub fn cached_sources(
    store: Option<&Store>,
    config: &Config,
    cached: &mut HashMap<String, Vec<Article>, impl std::hash::BuildHasher>,
) -> (Vec<Source>, Vec<Article>) {
    let (mut sources, mut articles) = (Vec::new(), Vec::new());
    for sc in servers(config) {
        let (s, a) = server_sources(store, sc, |location| {
            cached.remove(location).unwrap_or_default()
        });
        sources.extend(s);
        articles.extend(a);
    }
    (sources, articles)
}

/// The sources of the sync server `sc` and their cached articles (`take` gives a
/// feed's, by location).
pub fn server_sources(
    store: Option<&Store>,
    sc: &SyncConfig,
    mut take: impl FnMut(&str) -> Vec<Article>,
) -> (Vec<Source>, Vec<Article>) {
    let (mut sources, mut articles) = (Vec::new(), Vec::new());
    {
        let feeds = store
            .and_then(|s| s.sync_feeds(&sc.url).ok())
            .unwrap_or_default();
        let row = store.and_then(|s| s.sync_row(&sc.url).ok().flatten());
        let error = row.as_ref().and_then(|r| r.last_error.clone());
        if feeds.is_empty() {
            let mut s = Source::new(&root(sc), &sc.url, SourceKind::Rss);
            match &error {
                Some(e) => {
                    s.error = Some(format!("{}: {}", sc.url, sanitize(e)));
                    s.fetch_failed = true;
                }
                None => s.warnings.push(format!(
                    "{}: not synced yet — run `tidings sync`, or press R in the reader",
                    sc.url
                )),
            }
            sources.push(s);
            return (sources, articles);
        }
        for f in feeds {
            let items = take(&f.location);
            let (mut s, a) = crate::refresh::source_of_cached(
                store,
                &f.location,
                Some(&f.title),
                &f.tags,
                items,
            );
            s.link.clone_from(&f.link);
            if let Some(e) = &error {
                s.fetch_failed = true;
                s.warnings.push(format!(
                    "{}: last sync failed ({}); showing the cached articles",
                    sc.url,
                    sanitize(e)
                ));
            }
            sources.push(s);
            articles.extend(a);
        }
    }
    (sources, articles)
}
