//! Feed discovery on a web page, as browsers' feed readers do it: the page's
//! `<link rel="alternate" type="application/rss+xml" href="…" title="…">` elements,
//! found by a small lenient scanner (HTML is not XML: any attribute order, any quoting,
//! any case, unclosed tags) that skips comments and the raw text of `<script>`,
//! `<style>` and the like, then resolved against the page's address and its
//! `<base href>`. Only http(s) feeds are kept, each once. Pure (text in, URLs out), and it
//! never panics, whatever the input.

use std::fmt::Write as _;

/// What kind of feed a `<link>` announces (by its `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    Rss,
    Atom,
    /// `application/feed+json`, or the generic `application/json`.
    Json,
}

impl FeedKind {
    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Rss => "RSS",
            Self::Atom => "Atom",
            Self::Json => "JSON Feed",
        }
    }
}

/// One feed a page names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// Absolute http(s) address, fragment removed.
    pub url: String,
    /// The link's `title`, entities decoded, on one line, without control characters.
    pub title: Option<String>,
    pub kind: FeedKind,
}

/// Elements whose content is text, not markup: a `<link>` in there is no element.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// A cheap guess whether a response body is an HTML page: after a BOM, white space and
/// comments it starts with a tag, and its first 4 KiB hold a doctype or an `html`,
/// `head`, `body`, `meta`, `link` or `title` tag.
pub fn looks_like_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let head = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_ascii_lowercase();
    if !head.trim_start().starts_with('<') {
        return false;
    }
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<link",
        "<title",
    ]
    .iter()
    .any(|t| head.contains(t))
}

/// The feeds `html` names, in page order (a generic `application/json` link after the
/// specific feed types: on most sites it is an API, not a feed). Relative addresses are
/// resolved against `<base href>` if the page has one, else against `page_url`.
pub fn discover(html: &str, page_url: &str) -> Vec<Discovered> {
    let mut base: Option<String> = None;
    // (href, title, kind, generic json)
    let mut links: Vec<(&str, Option<&str>, FeedKind, bool)> = Vec::new();
    scan(html, |name, attrs| {
        let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
        match name {
            // The first <base> with an href sets the base for the whole page.
            "base" if base.is_none() => {
                if let Some(href) = get("href") {
                    base = Some(resolve(page_url, &decode(href)).unwrap_or_default());
                }
            }
            "link" => {
                let alternate = get("rel").is_some_and(|rel| {
                    rel.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("alternate"))
                });
                let Some(href) = get("href") else { return };
                let Some((kind, generic)) = get("type").and_then(kind_of) else {
                    return;
                };
                if alternate {
                    links.push((href, get("title"), kind, generic));
                }
            }
            _ => {}
        }
    });
    // A <base> that does not resolve to an http(s) address is ignored.
    let base = base.filter(|b| !b.is_empty());
    let base = base.as_deref().unwrap_or(page_url);
    let mut out: Vec<(Discovered, bool)> = Vec::new();
    for (href, title, kind, generic) in links {
        let href = decode(href);
        if href.trim().is_empty() {
            continue;
        }
        let Some(url) = resolve(base, &href) else {
            continue;
        };
        if out.iter().any(|(d, _)| d.url == url) {
            continue;
        }
        let title = title
            .map(|t| one_line(&decode(t)))
            .filter(|t| !t.is_empty());
        out.push((Discovered { url, title, kind }, generic));
    }
    out.sort_by_key(|(_, generic)| *generic);
    out.into_iter().map(|(d, _)| d).collect()
}

/// The kind of a feed MIME type (parameters and case ignored); `true` for the generic
/// `application/json`.
fn kind_of(mime: &str) -> Option<(FeedKind, bool)> {
    let essence = mime.split(';').next().unwrap_or("").trim();
    let is = |t: &str| essence.eq_ignore_ascii_case(t);
    if is("application/rss+xml") {
        Some((FeedKind::Rss, false))
    } else if is("application/atom+xml") {
        Some((FeedKind::Atom, false))
    } else if is("application/feed+json") {
        Some((FeedKind::Json, false))
    } else if is("application/json") {
        Some((FeedKind::Json, true))
    } else {
        None
    }
}

fn decode(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

/// White space collapsed, control characters (terminal escapes) dropped.
fn one_line(s: &str) -> String {
    crate::ingest::html::sanitize(s)
        .split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Byte `i` of `b`, or 0 past the end.
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// Calls `on_tag(name, attributes)` for every start tag outside comments and raw text,
/// names lower-cased, the first of repeated attributes kept, values as written. A tag
/// cut off by the end of the text is dropped, as browsers do.
fn scan<'a>(html: &'a str, mut on_tag: impl FnMut(&str, &[(String, &'a str)])) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| memchr::memchr(b'<', r)) {
        let lt = i + off;
        let next = at(b, lt + 1);
        if b.get(lt + 1..).is_some_and(|r| r.starts_with(b"!--")) {
            i = comment_end(b, lt + 4);
        } else if next.is_ascii_alphabetic()
            || (next == b'/' && at(b, lt + 2).is_ascii_alphabetic())
        {
            let end_tag = next == b'/';
            let name_start = if end_tag { lt + 2 } else { lt + 1 };
            let mut p = name_start;
            while p < b.len() && !is_space(b[p]) && b[p] != b'/' && b[p] != b'>' {
                p += 1;
            }
            let name = html.get(name_start..p).unwrap_or("").to_ascii_lowercase();
            let mut attrs: Vec<(String, &'a str)> = Vec::new();
            let Some(after) = attributes(html, p, &mut attrs) else {
                return;
            };
            i = after;
            if !end_tag {
                on_tag(&name, &attrs);
                if name == "plaintext" {
                    return;
                }
                if RAW_TEXT.contains(&name.as_str()) {
                    i = raw_text_end(b, i, name.as_bytes());
                }
            }
        } else if matches!(next, b'!' | b'?' | b'/') {
            // A doctype, a processing instruction or a bogus comment: up to the next '>'.
            i = b
                .get(lt + 2..)
                .and_then(|r| memchr::memchr(b'>', r))
                .map_or(b.len(), |e| lt + 2 + e + 1);
        } else {
            i = lt + 1;
        }
    }
}

/// Where a comment whose text starts at `start` ends (`-->`, `--!>`, or the abrupt
/// `<!-->` and `<!--->`).
fn comment_end(b: &[u8], start: usize) -> usize {
    let rest = b.get(start..).unwrap_or(&[]);
    if rest.starts_with(b">") {
        return start + 1;
    }
    if rest.starts_with(b"->") {
        return start + 2;
    }
    let close = memchr::memmem::find(rest, b"-->").map(|e| e + 3);
    let bang = memchr::memmem::find(rest, b"--!>").map(|e| e + 4);
    match (close, bang) {
        (Some(a), Some(c)) => start + a.min(c),
        (Some(a), None) | (None, Some(a)) => start + a,
        (None, None) => b.len(),
    }
}

/// Where the raw text of element `name` that starts at `start` ends: at its end tag,
/// or the end of the text.
fn raw_text_end(b: &[u8], start: usize, name: &[u8]) -> usize {
    let mut i = start;
    while let Some(off) = b.get(i..).and_then(|r| memchr::memchr(b'<', r)) {
        let lt = i + off;
        let name_at = lt + 2;
        let name_end = name_at + name.len();
        if at(b, lt + 1) == b'/'
            && b.get(name_at..name_end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && (is_space(at(b, name_end)) || matches!(at(b, name_end), b'/' | b'>'))
        {
            return lt;
        }
        i = lt + 1;
    }
    b.len()
}

/// Reads a tag's attributes from `p` to its `>`; the position after it, or `None`
/// when the text ends first.
fn attributes<'a>(
    html: &'a str,
    mut p: usize,
    attrs: &mut Vec<(String, &'a str)>,
) -> Option<usize> {
    let b = html.as_bytes();
    loop {
        while p < b.len() && (is_space(b[p]) || b[p] == b'/') {
            p += 1;
        }
        if *b.get(p)? == b'>' {
            return Some(p + 1);
        }
        let name_start = p;
        p += 1;
        while p < b.len() && !is_space(b[p]) && !matches!(b[p], b'/' | b'>' | b'=') {
            p += 1;
        }
        let name = html.get(name_start..p).unwrap_or("").to_ascii_lowercase();
        while p < b.len() && is_space(b[p]) {
            p += 1;
        }
        let mut value = "";
        if at(b, p) == b'=' {
            p += 1;
            while p < b.len() && is_space(b[p]) {
                p += 1;
            }
            match *b.get(p)? {
                q @ (b'"' | b'\'') => {
                    let end = p + 1 + memchr::memchr(q, b.get(p + 1..)?)?;
                    value = html.get(p + 1..end).unwrap_or("");
                    p = end + 1;
                }
                b'>' => {}
                _ => {
                    let start = p;
                    while p < b.len() && !is_space(b[p]) && b[p] != b'>' {
                        p += 1;
                    }
                    value = html.get(start..p).unwrap_or("");
                }
            }
        }
        if !attrs.iter().any(|(n, _)| *n == name) {
            attrs.push((name, value));
        }
    }
}

/// The scheme of a URL (`http` in `http://…`), if it has one.
fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    let mut chars = s.chars();
    (chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(s)
}

/// A URL's parts (RFC 3986): scheme, authority, path and query; the fragment dropped.
struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
}

fn split(url: &str) -> Parts<'_> {
    let url = url.split('#').next().unwrap_or("");
    let scheme = scheme_of(url);
    let mut rest = scheme.map_or(url, |s| &url[s.len() + 1..]);
    let mut authority = None;
    if let Some(r) = rest.strip_prefix("//") {
        let end = r.find(['/', '?']).unwrap_or(r.len());
        authority = Some(&r[..end]);
        rest = &r[end..];
    }
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
    }
}

/// `.` and `..` segments resolved away (RFC 3986 5.2.4; `%2e` counts as a dot).
fn remove_dots(path: &str) -> String {
    if !path.contains('.') && !path.to_ascii_lowercase().contains("%2e") {
        return path.to_string();
    }
    let absolute = path.starts_with('/');
    let segs: Vec<&str> = path.split('/').skip(usize::from(absolute)).collect();
    let mut out: Vec<&str> = Vec::new();
    for (n, seg) in segs.iter().enumerate() {
        let last = n + 1 == segs.len();
        let lower = seg.to_ascii_lowercase();
        match lower.as_str() {
            "." | "%2e" => {
                if last {
                    out.push("");
                }
            }
            ".." | ".%2e" | "%2e." | "%2e%2e" => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            _ => out.push(seg),
        }
    }
    let joined = out.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Percent-encodes what cannot stand in a request line: controls, space, non-ASCII
/// and a few punctuation marks (`%` is left alone: it is already an escape).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &byte in s.as_bytes() {
        if byte <= b' ' || byte >= 0x7f || b"\"<>`{}|^\\".contains(&byte) {
            let _ = write!(out, "%{byte:02X}");
        } else {
            out.push(byte as char);
        }
    }
    out
}

/// `reference` (as written in an `href`) resolved against the absolute `base`: an
/// absolute http(s) URL without fragment, or `None` for another scheme or nonsense.
pub fn resolve(base: &str, reference: &str) -> Option<String> {
    // As browsers do: outer white space and controls trimmed, tabs and newlines dropped,
    // backslashes before the query read as slashes.
    let cleaned: String = reference
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cut = cleaned.find(['?', '#']).unwrap_or(cleaned.len());
    let reference = cleaned[..cut].replace('\\', "/") + &cleaned[cut..];

    let mut r = split(&reference);
    // The base is needed only for a relative reference.
    let b = split(base);
    let base_scheme = b
        .scheme
        .map(str::to_ascii_lowercase)
        .filter(|s| s == "http" || s == "https");
    let base_authority = b.authority.filter(|a| !a.is_empty());
    // `http:feed.xml` on an http page is relative (a quirk browsers keep).
    if r.authority.is_none()
        && r.scheme.is_some_and(|s| {
            base_scheme
                .as_deref()
                .is_some_and(|b| s.eq_ignore_ascii_case(b))
        })
    {
        r.scheme = None;
    }
    let (scheme, authority, path, query) = if let Some(s) = r.scheme {
        (
            s.to_ascii_lowercase(),
            r.authority?,
            remove_dots(r.path),
            r.query,
        )
    } else if let Some(a) = r.authority {
        (base_scheme?, a, remove_dots(r.path), r.query)
    } else {
        let (base_scheme, base_authority) = (base_scheme?, base_authority?);
        if r.path.is_empty() {
            (
                base_scheme,
                base_authority,
                b.path.to_string(),
                r.query.or(b.query),
            )
        } else if r.path.starts_with('/') {
            (base_scheme, base_authority, remove_dots(r.path), r.query)
        } else {
            let dir = b.path.rfind('/').map_or("", |i| &b.path[..=i]);
            let merged = if dir.is_empty() {
                format!("/{}", r.path)
            } else {
                format!("{dir}{}", r.path)
            };
            (base_scheme, base_authority, remove_dots(&merged), r.query)
        }
    };
    if scheme != "http" && scheme != "https" {
        return None;
    }
    // The host is what follows any user info; it must be there and be plain.
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let host = hostport.rsplit_once(':').map_or(hostport, |(h, port)| {
        if port.bytes().all(|c| c.is_ascii_digit()) {
            h
        } else {
            hostport
        }
    });
    if host.is_empty()
        || authority
            .bytes()
            .any(|c| c <= b' ' || b"\"<>`{}|^\\".contains(&c) || c == 0x7f)
    {
        return None;
    }
    let authority = match userinfo {
        Some(u) => format!("{u}@{}", hostport.to_ascii_lowercase()),
        None => hostport.to_ascii_lowercase(),
    };
    let path = if path.is_empty() {
        "/".to_string()
    } else {
        path
    };
    let mut out = format!("{scheme}://{authority}{}", encode(&path));
    if let Some(q) = query {
        out.push('?');
        out.push_str(&encode(q));
    }
    Some(out)
}

#[cfg(test)]
mod tests;
