//! RSS in all its versions (0.90, 0.91–0.94, 1.0, 2.0, the `UserLand` namespace, no
//! version at all) from the element tree, with the modules real feeds lean on: Dublin
//! Core and DCTERMS, `content:encoded`, Media RSS, iTunes, and `atom:link`. Elements
//! are matched by local name, ignoring case; any RSS namespace counts as RSS's own.

use url::Url;

use super::item::{Channel, Content, Item, absolute, first, person, rebase};
use super::xml::{Element, Ns};
use crate::model::{Enclosure, SourceKind, is_http_url};

/// Which elements are the document's own: no namespace, an RSS one, or the root's.
struct Ctx {
    root: Ns,
}

impl Ctx {
    fn main(&self, e: &Element, name: &str) -> bool {
        (e.ns == Ns::Main || e.ns == self.root) && e.name.eq_ignore_ascii_case(name)
    }
}

/// Text that is HTML in practice (descriptions): escaped or written as markup.
fn html(e: &Element) -> Option<Content> {
    let (v, markup) = e.text_or_markup();
    (!v.trim().is_empty()).then(|| Content::html(v).placed_in(e, markup))
}

/// Titles and such: plain unless they carry markup.
fn text(e: &Element) -> Option<Content> {
    let (mut v, markup) = e.text_or_markup();
    // RSS titles are escaped twice in practice (`AT&amp;amp;T`, or `&amp;` inside
    // CDATA): what is left of an entity after XML is decoded too.
    if !markup && v.contains('&') {
        v = html_escape::decode_html_entities(&v).into_owned();
    }
    (!v.trim().is_empty()).then_some(Content {
        value: v,
        html: markup,
        span: None,
    })
}

fn is_url(s: &str) -> bool {
    let l = s.trim_start().get(..8).unwrap_or("").to_ascii_lowercase();
    is_http_url(&l)
}

/// An `atom:link` that points at the item itself.
fn atom_alternate(e: &Element) -> Option<String> {
    let rel = e.attr("rel").unwrap_or("alternate").trim();
    (e.is(&Ns::Atom, "link") && rel.eq_ignore_ascii_case("alternate"))
        .then(|| e.attr("href").map(str::trim).filter(|h| !h.is_empty()))
        .flatten()
        .map(str::to_string)
}

/// `media:content` or `enclosure`: a URL, a type and a size.
pub(super) fn media_content(e: &Element, out: &mut Vec<Enclosure>) {
    if let Some(url) = e.attr("url").map(str::trim).filter(|u| !u.is_empty())
        && !out.iter().any(|x| x.url == url)
    {
        out.push(Enclosure {
            url: url.to_string(),
            mime: e.attr("type").map(|t| t.trim().to_string()),
            length: e
                .attr("fileSize")
                .or_else(|| e.attr("length"))
                .and_then(|l| l.trim().parse().ok()),
        });
    }
}

/// Reads an RSS document whose root is `rss`, `RDF` or `channel`.
pub fn read(root: &Element, doc_base: Option<&Url>) -> Channel {
    let ctx = Ctx {
        root: root.ns.clone(),
    };
    let channel = if ctx.main(root, "channel") {
        Some(root)
    } else {
        root.elements().find(|e| ctx.main(e, "channel"))
    };
    let mut out = Channel {
        kind: SourceKind::Rss,
        title: None,
        link: None,
        description: None,
        items: Vec::new(),
    };
    let mut atom_link = None;
    let mut other_text = None;
    if let Some(ch) = channel {
        for e in ch.elements() {
            if ctx.main(e, "title") {
                first(&mut out.title, text(e));
            } else if ctx.main(e, "link") {
                if out.link.is_none() {
                    out.link = e.trimmed_text();
                }
            } else if ctx.main(e, "description") {
                first(&mut out.description, html(e));
            } else if e.is(&Ns::Dc, "title") {
                first(&mut other_text, text(e));
            } else if e.is(&Ns::Dc, "description")
                || e.is(&Ns::Itunes, "summary")
                || e.is(&Ns::Itunes, "subtitle")
            {
                first(&mut out.description, html(e));
            } else if atom_link.is_none() {
                atom_link = atom_alternate(e);
            }
        }
    }
    first(&mut out.title, other_text);
    if out.link.is_none() {
        out.link = atom_link;
    }
    let mut base = rebase(doc_base, root);
    if let Some(ch) = channel.filter(|c| !std::ptr::eq(*c, root)) {
        base = rebase(base.as_ref(), ch);
    }
    out.link = out.link.map(|l| absolute(base.as_ref(), &l));
    // Items' relative links are read against the site when nothing else says.
    let base = base.or_else(|| out.link.as_deref().and_then(|l| Url::parse(l).ok()));
    // RSS 0.90 and 1.0 put items beside the channel; some feeds do so in 2.0 too.
    let beside = root.elements().filter(|e| ctx.main(e, "item"));
    let inside = channel
        .filter(|c| !std::ptr::eq(*c, root))
        .into_iter()
        .flat_map(|c| c.elements().filter(|e| ctx.main(e, "item")));
    out.items = inside
        .chain(beside)
        .map(|e| item(&ctx, e, rebase(base.as_ref(), e).as_ref()))
        .collect();
    out
}

fn item(ctx: &Ctx, el: &Element, base: Option<&Url>) -> Item {
    let mut it = Item::default();
    let (mut dc_title, mut other_summary, mut media_summary) = (None, None, None);
    let (mut atom_link, mut guid_link) = (None, None);
    let (mut pub_date, mut dc_dates, mut term_dates, mut atom_dates) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut itunes_author = None;
    for e in el.elements() {
        match &e.ns {
            _ if ctx.main(e, "title") => first(&mut it.title, text(e)),
            _ if ctx.main(e, "link") && it.link.is_none() => it.link = e.trimmed_text(),
            _ if ctx.main(e, "link") => {}
            _ if ctx.main(e, "description") => first(&mut it.summary, html(e)),
            _ if ctx.main(e, "guid") => {
                if let Some(g) = e.trimmed_text() {
                    let permalink = e
                        .attr("isPermaLink")
                        .is_none_or(|p| !p.trim().eq_ignore_ascii_case("false"));
                    if permalink && is_url(&g) {
                        guid_link = Some(g.clone());
                    }
                    it.id.get_or_insert(g);
                }
            }
            _ if ctx.main(e, "pubDate") => pub_date.extend(e.trimmed_text()),
            _ if ctx.main(e, "author") => {
                it.authors.extend(e.trimmed_text().and_then(|a| person(&a)));
            }
            _ if ctx.main(e, "category") => it.tags.extend(e.trimmed_text()),
            _ if ctx.main(e, "enclosure") => media_content(e, &mut it.enclosures),
            Ns::Dc => match e.name.to_ascii_lowercase().as_str() {
                "title" => first(&mut dc_title, text(e)),
                "description" => first(&mut other_summary, html(e)),
                "subject" => it.tags.extend(e.trimmed_text()),
                "creator" => it.authors.extend(e.trimmed_text().and_then(|a| person(&a))),
                "rights" => first(&mut it.rights, text(e)),
                "date" => dc_dates.extend(e.trimmed_text()),
                _ => {}
            },
            Ns::Dcterms => match e.name.to_ascii_lowercase().as_str() {
                "issued" | "created" | "date" => term_dates.extend(e.trimmed_text()),
                "modified" => it.updated.extend(e.trimmed_text()),
                "rights" => first(&mut it.rights, text(e)),
                _ => {}
            },
            Ns::Content if e.name.eq_ignore_ascii_case("encoded") => {
                first(&mut it.content, html(e));
            }
            Ns::Atom => match e.name.to_ascii_lowercase().as_str() {
                "link" if atom_link.is_none() => atom_link = atom_alternate(e),
                "published" | "issued" => atom_dates.extend(e.trimmed_text()),
                "updated" | "modified" => it.updated.extend(e.trimmed_text()),
                _ => {}
            },
            Ns::Media => media(e, &mut it.enclosures, &mut media_summary),
            Ns::Itunes => match e.name.to_ascii_lowercase().as_str() {
                "summary" | "subtitle" => first(&mut other_summary, html(e)),
                "author" => itunes_author = e.trimmed_text(),
                _ => {}
            },
            _ => {}
        }
    }
    first(&mut it.title, dc_title);
    first(&mut it.summary, other_summary);
    first(&mut it.summary, media_summary);
    it.link_as_written = it.link.or(atom_link).or(guid_link);
    it.link = it.link_as_written.as_deref().map(|l| absolute(base, l));
    for e in &mut it.enclosures {
        e.url = absolute(base, &e.url);
    }
    it.published = [pub_date, dc_dates, term_dates, atom_dates].concat();
    if it.authors.is_empty() {
        it.authors.extend(itunes_author.and_then(|a| person(&a)));
    }
    it
}

/// Media RSS: `media:content` (also inside `media:group`) and its description.
fn media(e: &Element, enclosures: &mut Vec<Enclosure>, summary: &mut Option<Content>) {
    match e.name.to_ascii_lowercase().as_str() {
        "content" => {
            media_content(e, enclosures);
            for d in e.elements().filter(|d| d.is(&Ns::Media, "description")) {
                first(summary, media_description(d));
            }
        }
        "group" => {
            for c in e.elements().filter(|c| c.ns == Ns::Media) {
                media(c, enclosures, summary);
            }
        }
        "description" => first(summary, media_description(e)),
        _ => {}
    }
}

fn media_description(e: &Element) -> Option<Content> {
    let is_html = e
        .attr("type")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("html"));
    let (v, markup) = e.text_or_markup();
    (!v.trim().is_empty()).then(|| {
        Content {
            value: v,
            html: is_html || markup,
            span: None,
        }
        .placed_in(e, markup)
    })
}
