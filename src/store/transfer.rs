//! `tidings state export` / `import`: every mark as one JSON file, keyed by article id
//! and carrying link, title and date, so state moves to another machine and survives
//! an article whose id changed (matched by id, then link, then title and date).

use std::collections::HashMap;

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{Store, StoreError, classify};
use crate::model::Library;

/// The file format (version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateFile {
    pub version: u32,
    pub articles: Vec<Entry>,
}

/// One article's marks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub link: Option<String>,
    pub title: String,
    pub published: Option<String>,
    pub bookmarked: Option<String>,
    pub read: Option<String>,
    #[serde(default)]
    pub tags_added: Vec<String>,
    #[serde(default)]
    pub tags_hidden: Vec<String>,
}

/// How the entries of an import found their articles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub by_id: usize,
    pub by_link: usize,
    pub by_title: usize,
    /// Kept under their old id: they match when the article appears.
    pub unmatched: usize,
}

impl Store {
    /// Every article with a mark.
    pub fn export(&self) -> Result<StateFile, StoreError> {
        let e = |e: rusqlite::Error| classify(&self.path, &e);
        let mut tags: HashMap<String, (Vec<String>, Vec<String>)> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT id, tag, hidden FROM tags ORDER BY rowid")
            .map_err(e)?;
        for row in stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })
            .map_err(e)?
        {
            let (id, tag, hidden) = row.map_err(e)?;
            let slot = tags.entry(id).or_default();
            if hidden {
                slot.1.push(tag);
            } else {
                slot.0.push(tag);
            }
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, link, title, published, bookmarked_at, read_at FROM articles ORDER BY id")
            .map_err(e)?;
        let mut articles = Vec::new();
        for row in stmt
            .query_map([], |r| {
                Ok(Entry {
                    id: r.get(0)?,
                    link: r.get(1)?,
                    title: r.get(2)?,
                    published: r.get(3)?,
                    bookmarked: r.get(4)?,
                    read: r.get(5)?,
                    tags_added: Vec::new(),
                    tags_hidden: Vec::new(),
                })
            })
            .map_err(e)?
        {
            let mut entry = row.map_err(e)?;
            if let Some((added, hidden)) = tags.remove(&entry.id) {
                entry.tags_added = added;
                entry.tags_hidden = hidden;
            }
            if entry.bookmarked.is_some()
                || entry.read.is_some()
                || !entry.tags_added.is_empty()
                || !entry.tags_hidden.is_empty()
            {
                articles.push(entry);
            }
        }
        Ok(StateFile {
            version: 1,
            articles,
        })
    }

    /// Merges a state file in: marks it has are set; marks it lacks are kept.
    pub fn import(&mut self, file: &StateFile, lib: &Library) -> Result<ImportReport, StoreError> {
        let by_id: HashMap<&str, usize> = lib
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.0.as_str(), i))
            .collect();
        let mut by_link: HashMap<&str, usize> = HashMap::new();
        let mut by_title: HashMap<(String, Option<String>), usize> = HashMap::new();
        for (i, a) in lib.articles.iter().enumerate() {
            if let Some(l) = &a.link {
                by_link.entry(l.as_str()).or_insert(i);
            }
            by_title
                .entry((a.title.clone(), a.published.map(super::ts)))
                .or_insert(i);
        }
        let mut report = ImportReport::default();
        let path = self.path.clone();
        let e = |e: rusqlite::Error| classify(&path, &e);
        let tx = self.conn.transaction().map_err(e)?;
        for entry in &file.articles {
            let found = if let Some(&i) = by_id.get(entry.id.as_str()) {
                report.by_id += 1;
                Some(i)
            } else if let Some(&i) = entry.link.as_deref().and_then(|l| by_link.get(l)) {
                report.by_link += 1;
                Some(i)
            } else if let Some(&i) = by_title.get(&(entry.title.clone(), entry.published.clone())) {
                report.by_title += 1;
                Some(i)
            } else {
                report.unmatched += 1;
                None
            };
            let (id, link, title, published) = match found.map(|i| &lib.articles[i]) {
                Some(a) => (
                    a.id.0.to_string(),
                    a.link.clone(),
                    a.title.clone(),
                    a.published.map(super::ts),
                ),
                None => (
                    entry.id.clone(),
                    entry.link.clone(),
                    entry.title.clone(),
                    entry.published.clone(),
                ),
            };
            tx.execute(
                "INSERT INTO articles (id, link, title, published) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(id) DO UPDATE SET link = excluded.link, title = excluded.title, published = excluded.published",
                params![id, link, title, published],
            )
            .map_err(e)?;
            tx.execute(
                "UPDATE articles SET bookmarked_at = coalesce(?1, bookmarked_at), read_at = coalesce(?2, read_at) WHERE id = ?3",
                params![entry.bookmarked, entry.read, id],
            )
            .map_err(e)?;
            for (list, hidden) in [(&entry.tags_added, false), (&entry.tags_hidden, true)] {
                for tag in list {
                    tx.execute(
                        "INSERT INTO tags (id, tag, tag_key, hidden) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT(id, tag_key) DO UPDATE SET tag = excluded.tag, hidden = excluded.hidden",
                        params![id, tag.trim(), tag.trim().to_lowercase(), hidden],
                    )
                    .map_err(e)?;
                }
            }
        }
        tx.commit().map_err(e)?;
        Ok(report)
    }
}
