//! Editing subscriptions in the user's config file (through `config::edit`: comments and
//! layout kept): `tidings add`, `tidings remove` and `tidings import-opml` (the OPML itself is
//! read by [`crate::ingest::opml`]).

use std::path::Path;
use std::process::ExitCode;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use crate::config::edit::{read_doc, write_doc};

use super::fail;
use crate::config::{Config, SourceLocation};
use crate::ingest::opml::parse_opml;
use crate::model::is_http_url;

fn sources_mut(doc: &mut DocumentMut) -> Option<&mut ArrayOfTables> {
    if !doc.contains_key("sources") {
        doc.insert("sources", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    doc["sources"].as_array_of_tables_mut()
}

fn same_url(a: &str, b: &str) -> bool {
    a.trim()
        .trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim().trim_end_matches('/'))
}

fn source_table(url: &str, title: Option<&str>, tags: &[String]) -> Table {
    let mut t = Table::new();
    t["url"] = value(url);
    if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
        t["title"] = value(title.trim());
    }
    if !tags.is_empty() {
        t["tags"] = value(tags.iter().map(String::as_str).collect::<Array>());
    }
    t
}

fn subscribed(config: &Config, url: &str) -> bool {
    config
        .sources
        .iter()
        .any(|s| matches!(&s.location, SourceLocation::Url(u) if same_url(u, url)))
}

/// What to subscribe to after looking at the address.
struct Choice {
    url: String,
    /// The feed's own title, when it could be read.
    feed_title: Option<String>,
}

/// Keeps a line free of terminal escape sequences and control characters (text from
/// the network).
fn printable(s: &str) -> String {
    crate::ingest::html::sanitize(s).replace(['\n', '\t'], " ")
}

/// The first bytes of a body, quoted, for a message.
fn preview(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(64)]);
    let head: String = text.chars().take(40).collect();
    let more = if head.len() < text.len() || body.len() > 64 {
        "…"
    } else {
        ""
    };
    format!("{head:?}{more}")
}

/// Fetches `url` once and decides what `tidings add` subscribes to: the feed itself,
/// the first feed a web page names, or (unchecked, with a note) the address as given.
/// `Err` when there is nothing to add; the reason is already printed.
fn check(path: &Path, config: &Config, url: &str) -> Result<Choice, ExitCode> {
    use crate::fetch::{Outcome, Validators, agent, discover, fetch_one};
    let as_given = || Choice {
        url: url.to_string(),
        feed_title: None,
    };
    let fetched = fetch_one(
        &agent(&config.fetch),
        url,
        &Validators::default(),
        &config.fetch,
    );
    let (body, content_type) = match fetched.result {
        Ok(Outcome::Fetched {
            body, content_type, ..
        }) => (body, content_type),
        Ok(Outcome::NotModified) => {
            errln!(
                "tidings: could not check {url} now: the server answered 304 Not Modified; added as given"
            );
            return Ok(as_given());
        }
        Err(e) => {
            errln!("tidings: could not check {url} now: {e}; added as given");
            return Ok(as_given());
        }
    };
    if crate::ingest::feed::sniff(&body).is_some() {
        let sid = crate::model::SourceId::derive(url);
        let charset = content_type
            .as_deref()
            .and_then(crate::ingest::encoding::charset_of);
        let feed_title =
            crate::ingest::feed::parse_http(&body, charset, &sid, url, config.timezone)
                .ok()
                .and_then(|doc| doc.title)
                .map(|t| printable(&t))
                .filter(|t| !t.trim().is_empty());
        return Ok(Choice {
            url: url.to_string(),
            feed_title,
        });
    }
    // Relative links resolve against where the page is now, if it moved for good.
    let page_url = fetched.moved_to.as_deref().unwrap_or(url);
    let found = discover::discover(&String::from_utf8_lossy(&body), page_url);
    if found.is_empty() {
        if discover::looks_like_html(&body) {
            return Err(fail(&format!(
                "{url} is a web page, not a feed, and it names no feed (<link rel=\"alternate\">)"
            )));
        }
        let what = if body.is_empty() {
            "the response is empty".to_string()
        } else {
            format!("it starts with {}", preview(&body))
        };
        errln!("tidings: warning: {url} does not look like a feed ({what}); added as given");
        return Ok(as_given());
    }
    let count = found.len();
    outln!(
        "{url} is a web page; it names {}:",
        crate::model::count(count, "feed")
    );
    let titles: Vec<String> = found
        .iter()
        .map(|d| {
            d.title
                .clone()
                .unwrap_or_else(|| format!("(untitled {})", d.kind.label()))
        })
        .collect();
    let width = titles
        .iter()
        .map(|t| unicode_width::UnicodeWidthStr::width(t.as_str()))
        .max()
        .unwrap_or(0)
        .min(40);
    for (n, (d, title)) in found.iter().zip(&titles).enumerate() {
        let mark = if n == 0 { '*' } else { ' ' };
        let pad = width.saturating_sub(unicode_width::UnicodeWidthStr::width(title.as_str()));
        let known = if subscribed(config, &d.url) {
            "  (already a source)"
        } else {
            ""
        };
        outln!("{mark} {title}{}  {}{known}", " ".repeat(pad), d.url);
    }
    let first = &found[0];
    if subscribed(config, &first.url) {
        return Err(fail(&format!(
            "{} (named by {url}) is already a source in {}",
            first.url,
            path.display()
        )));
    }
    Ok(Choice {
        url: first.url.clone(),
        feed_title: None,
    })
}

/// `tidings add URL [--title T] [--tag T]... [--no-check]`: with `check`, the address is
/// fetched first to see whether it is a feed or a web page that names one.
pub fn add(
    path: &Path,
    config: &Config,
    url: &str,
    title: Option<&str>,
    tags: &[String],
    check_first: bool,
) -> ExitCode {
    if !is_http_url(url) {
        return fail(&format!("{url:?}: expected an http:// or https:// address"));
    }
    if subscribed(config, url) {
        return fail(&format!("{url} is already a source in {}", path.display()));
    }
    // The config must be editable before anything is fetched.
    let mut doc = match read_doc(path) {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    let Some(list) = sources_mut(&mut doc) else {
        return fail(&format!(
            "{}: `sources` is not a list of [[sources]] tables",
            path.display()
        ));
    };
    let choice = if check_first {
        match check(path, config, url) {
            Ok(c) => c,
            Err(code) => return code,
        }
    } else {
        Choice {
            url: url.to_string(),
            feed_title: None,
        }
    };
    list.push(source_table(&choice.url, title, tags));
    match write_doc(path, &doc) {
        Ok(()) => {
            let title = choice
                .feed_title
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            outln!("added {}{title} to {}", choice.url, path.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

/// `tidings remove URL|TITLE|PATH`: `titles` are the titles `tidings sources` shows for
/// the configured sources (a feed's own title when the config gives none), in config
/// order, which is the order of the file's `[[sources]]` tables.
pub fn remove(path: &Path, config: &Config, what: &str, titles: &[String]) -> ExitCode {
    let mut doc = match read_doc(path) {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    let Some(list) = doc
        .get_mut("sources")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return fail(&format!("{} has no sources", path.display()));
    };
    let wanted = what.trim();
    let by_config = |i: usize| {
        let Some(c) = config.sources.get(i) else {
            return false;
        };
        let location = match &c.location {
            SourceLocation::Url(u) => same_url(u, wanted),
            SourceLocation::Path(p) => {
                p.display().to_string() == wanted
                    || std::path::Path::new(wanted)
                        .canonicalize()
                        .is_ok_and(|w| p.canonicalize().is_ok_and(|p| p == w))
            }
        };
        location
            || c.title
                .as_deref()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(wanted))
            || titles
                .get(i)
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(wanted))
    };
    let matches = |t: &Table| {
        let get = |k: &str| t.get(k).and_then(Item::as_str).unwrap_or("");
        same_url(get("url"), what)
            || get("title").eq_ignore_ascii_case(wanted)
            || (!get("path").is_empty() && get("path") == wanted)
    };
    // The file's tables are the config's sources, in order, when it is the file the
    // config was read from: then every title `sources` prints is known.
    let same_file = list.len() == config.sources.len();
    let hits: Vec<usize> = list
        .iter()
        .enumerate()
        .filter(|(i, t)| matches(t) || (same_file && by_config(*i)))
        .map(|(i, _)| i)
        .collect();
    match hits.as_slice() {
        [] => fail(&format!(
            "no source with the URL or title {what:?} in {}",
            path.display()
        )),
        [i] => {
            list.remove(*i);
            match write_doc(path, &doc) {
                Ok(()) => {
                    outln!("removed {what} from {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        _ => fail(&format!(
            "{} sources match {what:?}: give the URL",
            hits.len()
        )),
    }
}

/// `tidings import-opml FILE`
pub fn import_opml(path: &Path, config: &Config, file: &Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return fail(&format!("cannot read {}: {e}", file.display())),
    };
    let feeds = match parse_opml(&text) {
        Ok(f) => f,
        Err(e) => return fail(&format!("{}: {e}", file.display())),
    };
    let mut doc = match read_doc(path) {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    let mut known: Vec<String> = config
        .sources
        .iter()
        .filter_map(|s| match &s.location {
            SourceLocation::Url(u) => Some(u.clone()),
            SourceLocation::Path(_) => None,
        })
        .collect();
    let Some(list) = sources_mut(&mut doc) else {
        return fail(&format!(
            "{}: `sources` is not a list of [[sources]] tables",
            path.display()
        ));
    };
    let (mut added, mut skipped) = (0, 0);
    for mut f in feeds {
        // An OPML file comes from anywhere: what it names is written to the config,
        // then shown by `sources` and the reader.
        f.url = printable(&f.url);
        f.title = f.title.as_deref().map(printable);
        f.tags = f
            .tags
            .iter()
            .map(|t| printable(t))
            .filter(|t| !t.trim().is_empty())
            .collect();
        if !is_http_url(&f.url) {
            errln!("tidings: skipped {}: not an http(s) address", f.url);
            skipped += 1;
        } else if known.iter().any(|k| same_url(k, &f.url)) {
            errln!("tidings: skipped a duplicate: {}", f.url);
            skipped += 1;
        } else {
            let tags: Vec<String> = f.tags.iter().map(|t| t.to_lowercase()).collect();
            list.push(source_table(&f.url, f.title.as_deref(), &tags));
            known.push(f.url);
            added += 1;
        }
    }
    match write_doc(path, &doc) {
        Ok(()) => {
            outln!(
                "imported {added} feeds into {} ({skipped} skipped)",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}
