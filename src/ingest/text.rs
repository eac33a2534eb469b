//! The plain-text article format (`shared/formats/article-text.md`): an optional
//! `Key: value` header, a title line, paragraphs, and optional credit lines at the end.
//! Pure: takes the file's bytes and what is known about it, returns one article plus
//! warnings, or an error for a file that is not an article. Never panics on any bytes.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::encoding::decode_text;
use super::html::sanitize;
use crate::model::{Article, ArticleId, Author, MAX_TAGS, SourceId, Tag, push_tag};
use crate::zone::Zone;

/// One text file to read.
#[derive(Debug, Clone, Copy)]
pub struct TextFile<'a> {
    /// The path below the source root, with `/` separators (`politics/vote.txt`).
    pub rel_path: &'a str,
    /// Where the file is, for the article's `location`.
    pub location: &'a str,
    pub bytes: &'a [u8],
    /// The file's modification time: the date used when `Posted` is missing.
    pub modified: Option<DateTime<Utc>>,
    /// The source's `encoding`: how text that is not valid UTF-8 is read (`None`:
    /// detected, with a warning).
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// An article read from a text file, with what was odd about the file.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub article: Article,
    pub warnings: Vec<String>,
}

/// Header keys the format knows; a leading block only counts as a header when it has
/// at least one of them, so a title such as "Update: council votes" stays a title.
const KNOWN_KEYS: &[&str] = &[
    "posted", "updated", "tags", "author", "source", "link", "url", "lang",
];

/// Keys that make a line at the end of the file a credit.
const CREDIT_KEYS: &[&str] = &[
    "photos", "photo", "video", "source", "credits", "text", "author",
];

/// Splits `Key: value`; the key is a short run of letters, digits, spaces, `-` or `_`.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    let ok = !key.is_empty()
        && key.chars().count() <= 32
        && key.chars().next().is_some_and(char::is_alphabetic)
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_');
    ok.then(|| (key, value.trim()))
}

/// Reads a date in any of the forms the spec accepts (and the many more that
/// [`super::date::parse`] reads). Forms without an offset are wall-clock times in `zone`.
pub fn parse_date(raw: &str, zone: Zone) -> Option<DateTime<Utc>> {
    super::date::parse(raw, zone)
}

/// Decodes the bytes: BOM dropped, text that is not UTF-8 read in `forced` or the
/// detected encoding (with a warning saying which), line ends unified, control
/// characters and escape sequences removed.
fn decode(
    bytes: &[u8],
    forced: Option<&'static encoding_rs::Encoding>,
    warnings: &mut Vec<String>,
) -> String {
    let decoded = decode_text(bytes, forced);
    warnings.extend(decoded.note);
    sanitize(&decoded.text)
}

/// Splits lines into paragraphs at blank lines; lines inside a paragraph are kept.
fn paragraphs<'a>(lines: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut cur = Vec::new();
    for line in lines {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line.trim_end());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Reads one article. `zone` is the source's zone for dates without an offset;
/// `source` the id of the source it belongs to.
pub fn parse(file: TextFile<'_>, source: &SourceId, zone: Zone) -> Result<Parsed, String> {
    let mut warnings = Vec::new();
    let text = decode(file.bytes, file.encoding, &mut warnings);
    let all: Vec<&str> = text.lines().collect();
    let start = all
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(all.len());
    let lines = &all[start..];

    // The header: the leading block of `Key: value` lines, if it names a known key.
    let block_len = lines
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(lines.len());
    let pairs: Option<Vec<(&str, &str)>> =
        lines[..block_len].iter().map(|l| key_value(l)).collect();
    let header = pairs.filter(|p| {
        p.iter()
            .any(|(k, _)| KNOWN_KEYS.contains(&k.to_lowercase().as_str()))
    });
    let rest = if header.is_some() {
        &lines[block_len..]
    } else {
        lines
    };

    let Some(title_at) = rest.iter().position(|l| !l.trim().is_empty()) else {
        return Err(if header.is_some() {
            "not an article: it has a header but no title".to_string()
        } else {
            "not an article: the file is empty".to_string()
        });
    };
    let title = rest[title_at].trim().to_string();
    let mut body_lines: Vec<&str> = rest[title_at + 1..].to_vec();

    // The trailer: credit lines at the very end (blank lines between them allowed).
    let mut credits = Vec::new();
    while let Some(last) = body_lines.last() {
        if last.trim().is_empty() {
            body_lines.pop();
            continue;
        }
        match key_value(last) {
            Some((k, v)) if CREDIT_KEYS.contains(&k.to_lowercase().as_str()) && !v.is_empty() => {
                credits.push(format!("{k}: {v}"));
                body_lines.pop();
            }
            _ => break,
        }
    }
    credits.reverse();

    let paras = paragraphs(&body_lines);
    let summary = paras.first().map(|p| p.join("\n"));
    let body = paras
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n");

    let mut article = Article {
        id: ArticleId::derive(source, file.rel_path),
        source: source.clone(),
        title,
        link: None,
        published: None,
        updated: None,
        date_guessed: false,
        authors: Vec::new(),
        tags: Vec::new(),
        summary,
        body: body.into(),
        html: None,
        credits,
        extra: BTreeMap::new(),
        enclosures: Vec::new(),
        location: file.location.to_string(),
    };

    let mut posted_raw = None;
    for (key, value) in header.unwrap_or_default() {
        match key.to_lowercase().as_str() {
            "posted" => posted_raw = Some(value),
            "updated" => match parse_date(value, zone) {
                Some(d) => article.updated = Some(d),
                None => warnings.push(format!("Updated: cannot read the date {value:?}")),
            },
            "tags" => {
                // As for feed items: a handful is normal, thousands are an attack.
                for t in value.split(',').filter_map(Tag::new) {
                    if article.tags.len() == MAX_TAGS {
                        warnings.push(format!(
                            "Tags: more than {MAX_TAGS}; the first {MAX_TAGS} kept"
                        ));
                        break;
                    }
                    push_tag(&mut article.tags, t);
                }
            }
            "author" => article.authors.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(|n| Author {
                        name: n.into(),
                        ..Author::default()
                    }),
            ),
            "link" | "url" if !value.is_empty() => {
                article.id = ArticleId::derive(source, value);
                article.link = Some(value.to_string());
            }
            "source" => {
                article.extra.insert("Publisher".into(), value.to_string());
            }
            "lang" => {
                article.extra.insert("Lang".into(), value.to_string());
            }
            _ => {
                article.extra.insert(key.to_string(), value.to_string());
            }
        }
    }

    match posted_raw.map(|raw| (raw, parse_date(raw, zone))) {
        Some((_, Some(d))) => article.published = Some(d),
        found => {
            let why = match found {
                Some((raw, _)) => format!("Posted: cannot read the date {raw:?}"),
                None => "no Posted date".to_string(),
            };
            article.date_guessed = true;
            article.published = file.modified;
            warnings.push(match file.modified {
                Some(_) => format!("{why}; using the file's modification time"),
                None => format!("{why}; the article has no date"),
            });
        }
    }

    // Tags from the folders between the source root and the file.
    let dirs: Vec<&str> = file.rel_path.split('/').collect();
    for dir in &dirs[..dirs.len().saturating_sub(1)] {
        if let Some(t) = Tag::new(dir) {
            push_tag(&mut article.tags, t);
        }
    }

    Ok(Parsed { article, warnings })
}

#[cfg(test)]
mod tests;
