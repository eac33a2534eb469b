//! JSON Feed 1.0 and 1.1, read from a `serde_json::Value` so that a field of the wrong
//! type costs that field, not the feed: 1.0's `author` and 1.1's `authors` (the feed's
//! apply to items without their own), ids as strings or numbers, or none at all.

use serde_json::Value;

use super::item::{Channel, Content, Item};
use crate::model::{Author, Enclosure, SourceKind};

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn authors(o: &serde_json::Map<String, Value>) -> Vec<Author> {
    let one = |a: &Value| {
        let name = string(a.get("name"));
        let url = string(a.get("url"));
        (name.is_some() || url.is_some()).then(|| Author {
            name: name
                .map(|n| super::super::html::sanitize(n.trim()))
                .unwrap_or_default()
                .into(),
            email: None,
            uri: url.map(|u| super::super::html::sanitize(u.trim())),
        })
    };
    match o.get("authors") {
        Some(Value::Array(list)) if !list.is_empty() => list.iter().filter_map(one).collect(),
        _ => o.get("author").and_then(one).into_iter().collect(),
    }
}

/// Whether a parsed JSON value is a JSON Feed: an object whose `version` names
/// jsonfeed.org (http or https, any version), or which has an `items` list and no
/// version at all.
pub fn is_json_feed(v: &Value) -> bool {
    let Some(o) = v.as_object() else { return false };
    match o.get("version") {
        Some(Value::String(s)) => s.to_ascii_lowercase().contains("jsonfeed.org/version"),
        None => o.get("items").is_some_and(Value::is_array),
        _ => false,
    }
}

/// Reads a JSON Feed document; `None` when it is not one.
pub fn read(v: &Value) -> Option<Channel> {
    if !is_json_feed(v) {
        return None;
    }
    let o = v.as_object()?;
    let feed_authors = authors(o);
    let items = match o.get("items") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_object)
            .map(|i| item(i, &feed_authors))
            .collect(),
        _ => Vec::new(),
    };
    Some(Channel {
        kind: SourceKind::Json,
        title: string(o.get("title")).map(Content::plain),
        link: string(o.get("home_page_url")),
        description: string(o.get("description")).map(Content::plain),
        items,
    })
}

fn item(i: &serde_json::Map<String, Value>, feed_authors: &[Author]) -> Item {
    let mut it = Item {
        id: string(i.get("id")),
        title: string(i.get("title")).map(Content::plain),
        link: string(i.get("url")).or_else(|| string(i.get("external_url"))),
        summary: string(i.get("summary")).map(Content::plain),
        content: string(i.get("content_html"))
            .map(Content::html)
            .or_else(|| string(i.get("content_text")).map(Content::plain)),
        ..Item::default()
    };
    it.published.extend(string(i.get("date_published")));
    it.updated.extend(string(i.get("date_modified")));
    it.authors = authors(i);
    if it.authors.is_empty() {
        it.authors = feed_authors.to_vec();
    }
    if let Some(Value::Array(tags)) = i.get("tags") {
        it.tags = tags.iter().filter_map(|t| string(Some(t))).collect();
    }
    if let Some(Value::Array(att)) = i.get("attachments") {
        for a in att {
            if let Some(url) = string(a.get("url")) {
                it.enclosures.push(Enclosure {
                    url,
                    mime: string(a.get("mime_type")),
                    length: a.get("size_in_bytes").and_then(Value::as_u64),
                });
            }
        }
    }
    it
}
