//! The state subcommands: `bookmarks`, `bookmark`/`unbookmark`, `read`/`unread`,
//! `tag`/`untag` and
//! `state export`/`import`. Each opens the store, does its change in one commit, and
//! exits non-zero naming the database when it cannot be used.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use super::{StateCommand, export, fail, report_problems, write_out};
use crate::config::Config;
use crate::ingest::html::sanitize;
use crate::library::load_library;
use crate::marks::{ArticleKey, Change};
use crate::model::{Article, Library, Tag};
use crate::store::{StateFile, Store};

/// Opens the store, or reports why not.
pub fn open_store(dir: Option<&Path>) -> Result<Store, ExitCode> {
    let Some(dir) = dir else {
        return Err(fail(
            "no state folder: pass --state-dir DIR or set XDG_DATA_HOME",
        ));
    };
    Store::open(dir).map_err(|e| fail(&e.to_string()))
}

/// The store for a command that only reads: read-only, with a warning, when the state
/// folder cannot be written.
pub fn open_store_for_reading(dir: Option<&Path>) -> Result<Store, ExitCode> {
    let Some(dir) = dir else {
        return open_store(None);
    };
    match Store::open_for_reading(dir) {
        Ok((store, None)) => Ok(store),
        Ok((store, Some(why))) => {
            errln!("tidings: warning: {why} — opened read-only for this command");
            Ok(store)
        }
        Err(e) => Err(fail(&e.to_string())),
    }
}

/// [`open_store_for_reading`] and everything marked in it.
pub fn read_with_marks(dir: Option<&Path>) -> Result<(Store, crate::marks::Marks), ExitCode> {
    let store = open_store_for_reading(dir)?;
    let mut marks = store.load().map_err(|e| fail(&e.to_string()))?;
    // `is:new` as the reader's last start recorded it.
    marks.arrivals = Some(std::sync::Arc::new(crate::store::arrivals::load(
        store.dir(),
    )));
    Ok((store, marks))
}

/// The store and everything marked in it.
pub fn open_with_marks(dir: Option<&Path>) -> Result<(Store, crate::marks::Marks), ExitCode> {
    let store = open_store(dir)?;
    let marks = store.load().map_err(|e| fail(&e.to_string()))?;
    Ok((store, marks))
}

/// The article with this id, or the only one whose id starts with it.
fn find<'a>(lib: &'a Library, id: &str) -> Result<&'a Article, String> {
    if let Some(i) = lib.position(&crate::model::ArticleId(id.into())) {
        return Ok(&lib.articles[i]);
    }
    let hits: Vec<&Article> = lib
        .articles
        .iter()
        .filter(|a| !id.is_empty() && a.id.0.starts_with(id))
        .map(|a| &**a)
        .collect();
    match hits.as_slice() {
        [a] => Ok(a),
        [] => Err(format!(
            "no article with id {id:?} in the loaded sources (ids are listed by `tidings export`)"
        )),
        _ => Err(format!(
            "{} articles have ids starting with {id:?}: give more of the id",
            hits.len()
        )),
    }
}

/// `tidings bookmarks`
pub fn bookmarks(config: &Config, dir: Option<&Path>, format: export::Format) -> ExitCode {
    let (mut store, marks) = match read_with_marks(dir) {
        Ok(pair) => pair,
        Err(c) => return c,
    };
    let lib = load_library(config, &[], Some(&mut store), None, Utc::now());
    report_problems(&lib);
    let mut picked: Vec<usize> = (0..lib.articles.len())
        .filter(|&i| marks.bookmarked(&lib.articles[i].id))
        .collect();
    picked.sort_by_key(|&i| {
        std::cmp::Reverse(marks.get(&lib.articles[i].id).and_then(|m| m.bookmarked))
    });
    let missing = marks
        .iter()
        .filter(|(id, m)| m.bookmarked.is_some() && lib.position(id).is_none())
        .count();
    if missing > 0 {
        errln!("tidings: {missing} bookmark(s) refer to articles not in the loaded sources");
    }
    write_out(format, &lib, &marks, &picked, config.timezone).unwrap_or(ExitCode::SUCCESS)
}

/// `tidings bookmark ID` / `tidings unbookmark ID`
pub fn bookmark(
    config: &Config,
    dir: Option<&Path>,
    id: &str,
    on: bool,
    now: DateTime<Utc>,
) -> ExitCode {
    change_one(
        config,
        dir,
        id,
        |a| Change::Bookmark {
            articles: vec![a],
            on,
            at: now,
        },
        |a| {
            let done = if on { "bookmarked" } else { "unbookmarked" };
            format!("{done} {} “{}”", a.id, a.title)
        },
    )
}

/// `tidings read ID` / `tidings unread ID`
pub fn read(
    config: &Config,
    dir: Option<&Path>,
    id: &str,
    on: bool,
    now: DateTime<Utc>,
) -> ExitCode {
    change_one(
        config,
        dir,
        id,
        |a| Change::Read {
            articles: vec![a],
            on,
            at: now,
        },
        |a| {
            let state = if on { "read" } else { "unread" };
            format!("marked {} “{}” {state}", a.id, a.title)
        },
    )
}

/// Applies the `change` made for the article `id` and prints what `said` makes of it.
fn change_one(
    config: &Config,
    dir: Option<&Path>,
    id: &str,
    change: impl FnOnce(ArticleKey) -> Change,
    said: impl FnOnce(&Article) -> String,
) -> ExitCode {
    let mut store = match open_store(dir) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let lib = load_library(config, &[], Some(&mut store), None, Utc::now());
    let a = match find(&lib, id) {
        Ok(a) => a,
        Err(e) => return fail(&e),
    };
    match store.apply(&change(ArticleKey::of(a))) {
        Ok(()) => {
            outln!("{}", said(a));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// `tidings tag ID TAG...` / `tidings untag ID TAG...`
pub fn tag(config: &Config, dir: Option<&Path>, id: &str, tags: &[String], add: bool) -> ExitCode {
    let (mut store, marks) = match open_with_marks(dir) {
        Ok(pair) => pair,
        Err(c) => return c,
    };
    let lib = load_library(config, &[], Some(&mut store), None, Utc::now());
    let a = match find(&lib, id) {
        Ok(a) => a,
        Err(e) => return fail(&e),
    };
    for raw in tags {
        let Some(t) = Tag::new(&sanitize(raw)) else {
            continue;
        };
        let op = if add {
            marks.add_tag_op(a, &t)
        } else {
            marks.remove_tag_op(a, &t)
        };
        let Some(op) = op else {
            if !add {
                errln!("tidings: {} is not tagged {}", a.id, t.0);
            }
            continue;
        };
        let change = Change::Tag {
            article: ArticleKey::of(a),
            tag: t.0.to_string(),
            op,
        };
        if let Err(e) = store.apply(&change) {
            return fail(&e.to_string());
        }
        outln!("{}: {}", a.id, change.describe());
    }
    ExitCode::SUCCESS
}

/// `tidings state export FILE` / `tidings state import FILE`
pub fn state(config: &Config, dir: Option<&Path>, command: StateCommand) -> ExitCode {
    let opened = match command {
        StateCommand::Export { .. } => open_store_for_reading(dir),
        StateCommand::Import { .. } => open_store(dir),
    };
    let mut store = match opened {
        Ok(s) => s,
        Err(c) => return c,
    };
    match command {
        StateCommand::Export { file } => {
            let mut data = match store.export() {
                Ok(d) => d,
                Err(e) => return fail(&e.to_string()),
            };
            // Titles and tags stored by an older version may be raw.
            clean_state(&mut data);
            let text = serde_json::to_string_pretty(&data).unwrap_or_default() + "\n";
            let written = if file.as_os_str() == "-" {
                std::io::stdout().lock().write_all(text.as_bytes())
            } else {
                std::fs::write(&file, text)
            };
            match written {
                Ok(()) => {
                    errln!(
                        "tidings: exported the marks of {}",
                        crate::model::count(data.articles.len(), "article")
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&format!("cannot write {}: {e}", file.display())),
            }
        }
        StateCommand::Import { file } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => return fail(&format!("cannot read {}: {e}", file.display())),
            };
            let mut data: StateFile = match serde_json::from_str(&text) {
                Ok(d) => d,
                Err(e) => {
                    return fail(&format!(
                        "{}: not a tidings state file: {e}",
                        file.display()
                    ));
                }
            };
            // The file may come from anywhere: its tags and titles are stored, then shown.
            clean_state(&mut data);
            let lib = load_library(config, &[], Some(&mut store), None, Utc::now());
            match store.import(&data, &lib) {
                Ok(r) => {
                    outln!(
                        "imported {}: {} by id, {} by link, {} by title and date, {} kept for later",
                        crate::model::count(data.articles.len(), "article"),
                        r.by_id,
                        r.by_link,
                        r.by_title,
                        r.unmatched
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e.to_string()),
            }
        }
    }
}

/// Sanitizes every text of a state file: what it carries is stored and printed.
fn clean_state(data: &mut StateFile) {
    let clean = |s: &mut String| {
        if let std::borrow::Cow::Owned(c) = crate::ingest::html::clean(s) {
            *s = c;
        }
    };
    for e in &mut data.articles {
        for s in [&mut e.id, &mut e.title]
            .into_iter()
            .chain(e.link.as_mut())
            .chain(e.published.as_mut())
            .chain(e.bookmarked.as_mut())
            .chain(e.read.as_mut())
            .chain(e.tags_added.iter_mut())
            .chain(e.tags_hidden.iter_mut())
        {
            clean(s);
        }
        // A tag that was nothing but controls is no tag.
        e.tags_added.retain(|t| !t.trim().is_empty());
        e.tags_hidden.retain(|t| !t.trim().is_empty());
    }
}
