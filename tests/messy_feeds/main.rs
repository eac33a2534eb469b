//! Real-world messy feeds, written test-first for the tolerant feed reader: odd RSS
//! roots, HTML entities, ill-formed XML, Atom 0.3 and odd Atom, RSS 1.0 without links,
//! Dublin Core, guid permalinks, loose JSON Feeds, things that are not feeds, declared
//! encodings and the date forms found in the wild. Fixtures live under
//! tests/fixtures/messy/<class>/; every test reads one (or a few) and checks fields.

#[path = "../support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tidings::ingest::feed::{self, FeedDoc, FeedFormat};
use tidings::ingest::{self, SourceSpec};
use tidings::model::{Article, Library, SourceId, SourceKind};

// ---------------------------------------------------------------------------------
// Helpers

fn messy() -> PathBuf {
    support::fixtures().join("messy")
}

/// The bytes of `tests/fixtures/messy/<rel>`.
fn bytes(rel: &str) -> Vec<u8> {
    let path = messy().join(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Parses `tests/fixtures/messy/<rel>` in UTC; a rejected document fails the test.
fn load(rel: &str) -> FeedDoc {
    let b = bytes(rel);
    match feed::parse(&b, &SourceId::derive(rel), rel, support::utc()) {
        Ok(doc) => doc,
        Err(e) => panic!("{rel} was rejected: {e}"),
    }
}

fn titles(doc: &FeedDoc) -> Vec<&str> {
    doc.articles.iter().map(|a| a.title.as_str()).collect()
}

fn links(doc: &FeedDoc) -> Vec<Option<&str>> {
    doc.articles.iter().map(|a| a.link.as_deref()).collect()
}

/// `&nbsp;` may come out as U+00A0 or as a plain space: both are accepted.
fn nbsp(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad expectation {s:?}: {e}"))
        .with_timezone(&Utc)
}

fn assert_repaired(doc: &FeedDoc) {
    assert!(
        doc.warnings.iter().any(|w| w.contains("repaired")),
        "no warning says `repaired`: {:#?}",
        doc.warnings
    );
}

fn author_names(a: &Article) -> Vec<&str> {
    a.authors.iter().map(|p| p.name.as_str()).collect()
}

fn tag_names(a: &Article) -> Vec<&str> {
    a.tags.iter().map(|t| t.0.as_str()).collect()
}

/// An RSS document: its kind, title, link and every item's title and link.
fn assert_rss(doc: &FeedDoc, title: &str, link: &str, items: &[(&str, &str)]) {
    assert_eq!(doc.kind, SourceKind::Rss);
    assert_eq!(doc.title.as_deref(), Some(title));
    assert_eq!(doc.link.as_deref(), Some(link));
    assert_eq!(
        titles(doc),
        items.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        "item titles"
    );
    assert_eq!(
        links(doc),
        items.iter().map(|(_, l)| Some(*l)).collect::<Vec<_>>(),
        "item links"
    );
}

fn find<'a>(doc: &'a FeedDoc, title: &str) -> &'a Article {
    doc.articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no item titled {title:?} in {:?}", titles(doc)))
}

mod atom_and_rss1;
mod encodings_and_dates;
mod illformed;
mod modules;
mod not_a_feed;
mod roots_and_entities;
