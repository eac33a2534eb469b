//! Atom 1.0 and 0.3 from the element tree. 0.3's names map onto 1.0's (`tagline` →
//! subtitle, `issued`/`created` → published, `modified` → updated, person `url` → uri,
//! `copyright` → rights), and text constructs are read whatever `type` and `mode` say:
//! MIME types, an empty type, base64 and escaped content, HTML written as child markup.

use base64::Engine;

use url::Url;

use super::item::{Channel, Content, Item, absolute, first, rebase};
use super::xml::{Element, Ns};
use crate::model::{Author, Enclosure, SourceKind};

struct Ctx {
    root: Ns,
}

impl Ctx {
    /// Atom's own elements: the Atom namespace, none, or the root's.
    fn own(&self, e: &Element) -> bool {
        e.ns == Ns::Atom || e.ns == Ns::Main || e.ns == self.root
    }
}

/// How a text construct is to be read.
#[derive(PartialEq)]
enum Kind {
    Text,
    Html,
    Markup,
    Binary,
}

fn kind_of(ty: &str) -> Kind {
    let t = ty.trim().to_ascii_lowercase();
    match t.as_str() {
        "" | "text" | "text/plain" => Kind::Text,
        "html" | "text/html" => Kind::Html,
        "xhtml" | "application/xhtml+xml" => Kind::Markup,
        t if t.starts_with("text/") => Kind::Text,
        t if t.ends_with("+xml") || t.ends_with("/xml") => Kind::Markup,
        _ => Kind::Binary,
    }
}

fn unbase64(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.trim_end_matches('='))
        .or_else(|_| {
            base64::engine::general_purpose::STANDARD_NO_PAD.decode(compact.trim_end_matches('='))
        })
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// A text construct (`title`, `summary`, `content`, `rights`, `subtitle`).
pub fn construct(e: &Element) -> Option<Content> {
    if e.attr("src").is_some() && !e.has_elements() && e.text().trim().is_empty() {
        return None; // out-of-line content: nothing to show here
    }
    let kind = kind_of(e.attr("type").unwrap_or(""));
    let mode = e.attr("mode").unwrap_or("").trim().to_ascii_lowercase();
    let c = if mode == "base64" || (kind == Kind::Binary && !e.has_elements()) {
        let raw = e.text();
        match unbase64(&raw) {
            Some(v) => Content {
                html: kind == Kind::Html || kind == Kind::Markup,
                value: v,
                span: None,
            },
            None => Content::plain(raw),
        }
    } else if e.has_elements() {
        // XHTML in its `div`, or HTML written unescaped: markup either way.
        let only_div = {
            let mut els = e.elements();
            match (els.next(), els.next()) {
                (Some(d), None)
                    if d.name.eq_ignore_ascii_case("div")
                        && e.children.len() <= 3
                        && e.text().trim() == d.text().trim() =>
                {
                    Some(d)
                }
                _ => None,
            }
        };
        Content::html(only_div.map_or_else(|| e.inner_markup(), Element::inner_markup))
    } else {
        Content {
            value: e.text(),
            html: kind != Kind::Text,
            span: None,
        }
        .placed_in(e, false)
    };
    (!c.value.trim().is_empty()).then_some(c)
}

fn person(ctx: &Ctx, e: &Element) -> Option<Author> {
    let (mut name, mut email, mut uri) = (None, None, None);
    for c in e.elements().filter(|c| ctx.own(c)) {
        match c.name.to_ascii_lowercase().as_str() {
            "name" => name = name.or(c.trimmed_text()),
            "email" => email = email.or(c.trimmed_text()),
            "uri" | "url" => uri = uri.or(c.trimmed_text()),
            _ => {}
        }
    }
    if name.is_none() && email.is_none() && uri.is_none() {
        // `<author>Name</author>`, as some feeds write it.
        return e.trimmed_text().and_then(|n| super::item::person(&n));
    }
    let clean = |s: String| super::super::html::sanitize(&s);
    Some(Author {
        name: name.map(clean).unwrap_or_default().into(),
        email: email.map(clean),
        uri: uri.map(clean),
    })
}

/// `link` elements: the first alternate, and enclosures.
fn link(
    e: &Element,
    base: Option<&Url>,
    alternate: &mut Option<String>,
    enclosures: &mut Vec<Enclosure>,
) {
    let Some(href) = e
        .attr("href")
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .or_else(|| e.trimmed_text())
    else {
        return;
    };
    let href = absolute(rebase(base, e).as_ref(), &href);
    let rel = e
        .attr("rel")
        .unwrap_or("alternate")
        .trim()
        .to_ascii_lowercase();
    match rel.as_str() {
        "alternate" | "" if alternate.is_none() => *alternate = Some(href),
        "enclosure" if !enclosures.iter().any(|x| x.url == href) => enclosures.push(Enclosure {
            url: href,
            mime: e.attr("type").map(|t| t.trim().to_string()),
            length: e.attr("length").and_then(|l| l.trim().parse().ok()),
        }),
        _ => {}
    }
}

/// Reads an Atom document whose root is `feed`.
pub fn read(root: &Element, doc_base: Option<&Url>) -> Channel {
    let base = rebase(doc_base, root);
    let ctx = Ctx {
        root: root.ns.clone(),
    };
    let mut out = Channel {
        kind: SourceKind::Atom,
        title: None,
        link: None,
        description: None,
        items: Vec::new(),
    };
    let mut ignored = Vec::new();
    let mut feed_authors = Vec::new();
    for e in root.elements() {
        if !ctx.own(e) {
            if e.is(&Ns::Dc, "title") {
                first(&mut out.title, construct(e));
            }
            continue;
        }
        match e.name.to_ascii_lowercase().as_str() {
            "title" => first(&mut out.title, construct(e)),
            "subtitle" | "tagline" => first(&mut out.description, construct(e)),
            "link" => link(e, base.as_ref(), &mut out.link, &mut ignored),
            "author" => feed_authors.extend(person(&ctx, e)),
            "entry" => out
                .items
                .push(entry(&ctx, e, rebase(base.as_ref(), e).as_ref())),
            _ => {}
        }
    }
    // An entry without an author has the feed's (RFC 4287, 4.2.1).
    for it in out.items.iter_mut().filter(|i| i.authors.is_empty()) {
        it.authors.clone_from(&feed_authors);
    }
    out
}

fn entry(ctx: &Ctx, el: &Element, base: Option<&Url>) -> Item {
    let mut it = Item::default();
    let (mut published, mut issued, mut created, mut dc_dates) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut dc_title, mut dc_summary) = (None, None);
    for e in el.elements() {
        if ctx.own(e) {
            match e.name.to_ascii_lowercase().as_str() {
                "id" => it.id = it.id.take().or(e.trimmed_text()),
                "title" => first(&mut it.title, construct(e)),
                "link" => link(e, base, &mut it.link, &mut it.enclosures),
                "published" => published.extend(e.trimmed_text()),
                "issued" => issued.extend(e.trimmed_text()),
                "created" => created.extend(e.trimmed_text()),
                "updated" | "modified" => it.updated.extend(e.trimmed_text()),
                "author" => it.authors.extend(person(ctx, e)),
                "category" => {
                    let label = e.attr("label").map(str::trim).filter(|l| !l.is_empty());
                    let term = e.attr("term").map(str::trim).filter(|t| !t.is_empty());
                    it.tags.extend(
                        label
                            .or(term)
                            .map(str::to_string)
                            .or_else(|| e.trimmed_text()),
                    );
                }
                "summary" => first(&mut it.summary, construct(e)),
                "content" => first(&mut it.content, construct(e)),
                "rights" | "copyright" => first(&mut it.rights, construct(e)),
                _ => {}
            }
            continue;
        }
        match &e.ns {
            Ns::Dc => match e.name.to_ascii_lowercase().as_str() {
                "title" => first(&mut dc_title, construct(e)),
                "description" => first(&mut dc_summary, construct(e)),
                "subject" => it.tags.extend(e.trimmed_text()),
                "creator" => it
                    .authors
                    .extend(e.trimmed_text().and_then(|a| super::item::person(&a))),
                "rights" => first(&mut it.rights, construct(e)),
                "date" => dc_dates.extend(e.trimmed_text()),
                _ => {}
            },
            Ns::Dcterms => match e.name.to_ascii_lowercase().as_str() {
                "issued" | "created" | "date" => dc_dates.extend(e.trimmed_text()),
                "modified" => it.updated.extend(e.trimmed_text()),
                _ => {}
            },
            Ns::Media if e.name.eq_ignore_ascii_case("content") => {
                super::rss::media_content(e, &mut it.enclosures);
            }
            _ => {}
        }
    }
    first(&mut it.title, dc_title);
    first(&mut it.summary, dc_summary);
    it.published = [published, issued, created, dc_dates].concat();
    it
}
