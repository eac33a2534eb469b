//! A recovering XML reader for feeds: text in, an element tree out, whatever the
//! bytes. Real feeds carry bare `&`, HTML entities, mismatched or missing end tags,
//! junk before the root, undeclared prefixes; a strict parser (quick-xml, and feed-rs
//! on top of it) stops at the first of them and the whole feed is lost. This reader
//! scans by hand so that it owns every byte: each construct it cannot read becomes
//! text or is dropped, the scan always moves forward, and what it repaired is counted
//! in `Repairs` for the source's warnings. It does not validate and never panics.

use super::entities::{self, Declared};
pub use super::repairs::Repairs;
use crate::ingest::html::is_void_element;

/// Namespaces the feed readers care about; anything else is `Other`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ns {
    /// No namespace, or an RSS one (0.90, 1.0, UserLand): the document's own elements.
    Main,
    /// Atom 1.0 or 0.3.
    Atom,
    Rdf,
    Dc,
    Dcterms,
    Content,
    Media,
    Itunes,
    Xhtml,
    Other(String),
}

/// Namespace names as written (lower-cased, without a trailing `/` or `#`).
const KNOWN: &[(&str, Ns)] = &[
    ("http://purl.org/rss/1.0", Ns::Main),
    ("http://my.netscape.com/rdf/simple/0.9", Ns::Main),
    ("http://backend.userland.com/rss2", Ns::Main),
    ("http://backend.userland.com/rss", Ns::Main),
    ("http://www.w3.org/2005/atom", Ns::Atom),
    ("http://purl.org/atom/ns", Ns::Atom),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns", Ns::Rdf),
    ("http://purl.org/dc/elements/1.1", Ns::Dc),
    ("http://purl.org/dc/elements/1.0", Ns::Dc),
    ("http://purl.org/dc/terms", Ns::Dcterms),
    ("http://purl.org/rss/1.0/modules/content", Ns::Content),
    ("http://search.yahoo.com/mrss", Ns::Media),
    ("http://www.itunes.com/dtds/podcast-1.0.dtd", Ns::Itunes),
    ("https://www.itunes.com/dtds/podcast-1.0.dtd", Ns::Itunes),
    ("http://www.w3.org/1999/xhtml", Ns::Xhtml),
];

/// The usual prefixes, for documents that use them without declaring them.
const CUSTOMARY: &[(&str, Ns)] = &[
    ("dc", Ns::Dc),
    ("dcterms", Ns::Dcterms),
    ("content", Ns::Content),
    ("media", Ns::Media),
    ("itunes", Ns::Itunes),
    ("atom", Ns::Atom),
    ("rdf", Ns::Rdf),
    ("xhtml", Ns::Xhtml),
];

fn ns_of_uri(uri: &str) -> Ns {
    let u = uri.trim().to_ascii_lowercase();
    let u = u.trim_end_matches(['/', '#']);
    if u.is_empty() {
        return Ns::Main;
    }
    KNOWN
        .iter()
        .find(|(k, _)| *k == u)
        .map_or_else(|| Ns::Other(u.to_string()), |(_, ns)| ns.clone())
}

/// One element: its namespace, local name, attributes as written (qualified names,
/// decoded values) and children in order.
#[derive(Debug, Clone)]
pub struct Element {
    pub ns: Ns,
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// Where the text of this element lies in the source, start and end byte, when
    /// it holds only text and CDATA, ends with its own end tag and the document
    /// declares no entities: then [`text_of_span`] of those bytes is [`Element::text`].
    pub span: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// An attribute by local name (`isPermaLink`, `rdf:about` as `about`).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.rsplit(':').next() == Some(local))
            .map(|(_, v)| v.as_str())
    }

    /// Whether this is `name` (ignoring case: feeds write `pubdate`, `PubDate`) in `ns`.
    pub fn is(&self, ns: &Ns, name: &str) -> bool {
        self.ns == *ns && self.name.eq_ignore_ascii_case(name)
    }

    /// The text of a leaf, or the markup of the children when there are elements.
    pub fn text_or_markup(&self) -> (String, bool) {
        if self.has_elements() {
            (self.inner_markup(), true)
        } else {
            (self.text(), false)
        }
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn has_elements(&self) -> bool {
        self.elements().next().is_some()
    }

    /// The text, trimmed; `None` when blank. (One copy for the usual single text.)
    pub fn trimmed_text(&self) -> Option<String> {
        let t = match self.children.as_slice() {
            [Node::Text(t)] => std::borrow::Cow::Borrowed(t.trim()),
            _ => std::borrow::Cow::Owned(self.text().trim().to_string()),
        };
        (!t.is_empty()).then(|| t.into_owned())
    }

    /// All text below this element, in order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    fn push_text(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.push_text(out),
            }
        }
    }

    /// The children written back as markup (for HTML that arrived unescaped).
    pub fn inner_markup(&self) -> String {
        let mut out = String::new();
        for c in &self.children {
            write_node(c, &mut out);
        }
        out
    }
}

fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn write_node(n: &Node, out: &mut String) {
    match n {
        Node::Text(t) => escape_into(out, t, false),
        Node::Element(e) => {
            out.push('<');
            out.push_str(&e.name);
            for (k, v) in &e.attrs {
                if k == "xmlns" || k.starts_with("xmlns:") {
                    continue;
                }
                out.push(' ');
                out.push_str(k.rsplit(':').next().unwrap_or(k));
                out.push_str("=\"");
                escape_into(out, v, true);
                out.push('"');
            }
            out.push('>');
            for c in &e.children {
                write_node(c, out);
            }
            if is_void_element(&e.name) {
                return; // what an unclosed <br> swallowed follows it
            }
            out.push_str("</");
            out.push_str(&e.name);
            out.push('>');
        }
    }
}

/// A read document: its root element (if it has one) and the repairs.
#[derive(Debug, Default)]
pub struct Document {
    pub root: Option<Element>,
    pub repairs: Repairs,
}

/// Deeper elements are read as their text: no feed nests this deep, and a tree
/// without a depth limit is a stack overflow waiting for a hostile document.
const MAX_DEPTH: usize = 128;

struct Open<'a> {
    el: Element,
    /// The qualified name as written, for matching the end tag.
    qname: &'a str,
    /// Namespace declarations this element added, to drop when it closes.
    scoped: usize,
    /// Where its content starts in the source.
    content_at: usize,
    /// Whether its content so far is only text and CDATA.
    plain: bool,
}

struct Builder<'a> {
    src: &'a str,
    stack: Vec<Open<'a>>,
    /// In-scope prefix declarations, innermost last (`""` is the default namespace).
    scopes: Vec<(String, Ns)>,
    root: Option<Element>,
    declared: Declared,
    repairs: Repairs,
    /// Look-aheads for an element's own end tag still allowed (each reads up to 64
    /// KiB: a document of stray end tags must not make that quadratic).
    lookaheads: usize,
}

fn line_of(src: &str, at: usize) -> usize {
    memchr::memchr_iter(b'\n', &src.as_bytes()[..at.min(src.len())]).count() + 1
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Reads a document. Never fails: the worst input gives a document without a root.
pub fn read(src: &str) -> Document {
    let mut b = Builder {
        src,
        stack: Vec::new(),
        scopes: Vec::new(),
        root: None,
        declared: Declared::default(),
        repairs: Repairs::default(),
        lookaheads: 256,
    };
    b.run();
    Document {
        root: b.root,
        repairs: b.repairs,
    }
}

impl<'a> Builder<'a> {
    fn run(&mut self) {
        let src = self.src;
        let bytes = src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let Some(lt) = memchr::memchr(b'<', &bytes[i..]).map(|p| i + p) else {
                self.text(&src[i..], i, true);
                break;
            };
            if lt > i {
                self.text(&src[i..lt], i, true);
            }
            i = self.markup(lt);
        }
        if !self.stack.is_empty() {
            let names: Vec<String> = self
                .stack
                .iter()
                .map(|o| format!("<{}>", o.qname))
                .collect();
            self.repairs
                .note("document ends before its elements do (truncated)", || {
                    format!("closed {}", names.join(" "))
                });
            while !self.stack.is_empty() {
                self.close_top();
            }
        }
    }

    /// Reads the construct at `lt` (a `<`) and returns where the scan goes on.
    fn markup(&mut self, lt: usize) -> usize {
        let src = self.src;
        let bytes = src.as_bytes();
        let rest = &bytes[lt..];
        // Only CDATA and end tags leave an element's text readable from its bytes
        // alone (an end tag that is not its own is seen to in `end_tag`).
        if !rest.starts_with(b"<![CDATA[") && !rest.starts_with(b"</") {
            self.taint();
        }
        if rest.starts_with(b"<!--") {
            if let Some(end) = find(bytes, lt + 4, b"-->") {
                return end + 3;
            }
            self.repairs.note("comment never closed", || {
                format!("line {}", line_of(src, lt))
            });
            return bytes.len();
        }
        if rest.starts_with(b"<![CDATA[") {
            let start = lt + 9;
            let (end, next) = if let Some(e) = find(bytes, start, b"]]>") {
                (e, e + 3)
            } else {
                self.repairs.note("CDATA section never closed", || {
                    format!("line {}", line_of(src, lt))
                });
                (bytes.len(), bytes.len())
            };
            self.text(&src[start..end], lt, false);
            return next;
        }
        if rest.starts_with(b"<!") {
            return self.declaration(lt);
        }
        if rest.starts_with(b"<?") {
            return find(bytes, lt + 2, b"?>").map_or_else(
                || memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |p| lt + p + 1),
                |e| e + 2,
            );
        }
        if rest.starts_with(b"</") {
            return self.end_tag(lt);
        }
        if rest.len() > 1 && is_name_start(rest[1]) {
            return self.start_tag(lt);
        }
        self.repairs
            .note("`<` that starts no tag read as text", || {
                format!("line {}", line_of(src, lt))
            });
        self.text("<", lt, false);
        lt + 1
    }

    /// `<!DOCTYPE …>` with an optional internal subset whose `<!ENTITY name "value">`
    /// lines are kept; any other `<!…>` is skipped.
    fn declaration(&mut self, lt: usize) -> usize {
        let bytes = self.src.as_bytes();
        let mut i = lt + 2;
        let mut quote = None;
        let mut depth = 0usize;
        while i < bytes.len() {
            let c = bytes[i];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    b'"' | b'\'' => quote = Some(c),
                    b'[' => depth += 1,
                    b']' => depth = depth.saturating_sub(1),
                    b'<' if depth > 0 && bytes[i..].starts_with(b"<!ENTITY") => {
                        i = self.entity_decl(i);
                        continue;
                    }
                    b'>' if depth == 0 => return i + 1,
                    _ => {}
                },
            }
            i += 1;
        }
        bytes.len()
    }

    /// `<!ENTITY name "value">`: general entities with a literal value.
    fn entity_decl(&mut self, at: usize) -> usize {
        let src = self.src;
        let end = memchr::memchr(b'>', &src.as_bytes()[at..]).map_or(src.len(), |p| at + p);
        let decl = &src[at + 8..end];
        let mut words = decl.split_whitespace();
        if let (Some(name), Some(rest)) = (words.next(), decl.split_whitespace().nth(1))
            && name != "%"
            && (rest.starts_with('"') || rest.starts_with('\''))
        {
            let q = rest.as_bytes()[0] as char;
            let from = decl.find(q).map_or(decl.len(), |p| p + 1);
            let value = &decl[from..];
            let value = value.find(q).map_or(value, |p| &value[..p]);
            let mut scratch = Repairs::default();
            let v = entities::decode(value, &self.declared, &mut scratch);
            self.declared.declare(name, v);
        }
        (end + 1).min(src.len())
    }

    fn end_tag(&mut self, lt: usize) -> usize {
        let src = self.src;
        let bytes = src.as_bytes();
        let start = lt + 2;
        let mut j = start;
        while j < bytes.len() && !is_space(bytes[j]) && bytes[j] != b'>' && bytes[j] != b'<' {
            j += 1;
        }
        let name = &src[start..j];
        let next = match memchr::memchr2(b'>', b'<', &bytes[j..]) {
            Some(p) if bytes[j + p] == b'>' => j + p + 1,
            Some(p) => j + p,
            None => bytes.len(),
        };
        if let Some(pos) = self.stack.iter().rposition(|o| o.qname == name) {
            if pos + 1 < self.stack.len() {
                let inner = &self.stack[pos + 1..];
                // HTML's empty elements (<br>, <img>) inside unescaped content are
                // closed without comment; anything else was left open.
                if inner.iter().any(|o| !is_void_element(&o.el.name)) {
                    self.repairs.note("element left open", || {
                        format!(
                            "<{}> closed by </{name}> on line {}",
                            self.stack.last().map_or("", |o| o.qname),
                            line_of(src, lt)
                        )
                    });
                }
            }
            while self.stack.len() > pos + 1 {
                self.close_top();
            }
            if pos + 1 == self.stack.len() {
                self.close_own(lt);
            }
        } else if self.stack.last().is_some_and(|o| !o.el.has_elements())
            && !self.own_end_follows(next)
        {
            // `<title>Alpha</titel>`: a misspelt end of the innermost element (and
            // not a stray `</b>` inside text whose own end tag comes later).
            self.repairs.note("mismatched end tag", || {
                format!(
                    "</{name}> for <{}> on line {}",
                    self.stack.last().map_or("", |o| o.qname),
                    line_of(src, lt)
                )
            });
            self.close_top();
        } else {
            self.repairs
                .note("end tag without a start tag dropped", || {
                    format!("</{name}> on line {}", line_of(src, lt))
                });
            self.taint();
        }
        next
    }

    /// Whether the innermost element's own end tag comes before its parent's, in the
    /// next 64 KiB: then a stray end tag inside it is junk, not its misspelt end.
    fn own_end_follows(&mut self, from: usize) -> bool {
        if self.lookaheads == 0 {
            return true;
        }
        self.lookaheads -= 1;
        let bytes = self.src.as_bytes();
        let window = &bytes[from..bytes.len().min(from + 64 * 1024)];
        let Some(top) = self.stack.last() else {
            return false;
        };
        let own = memchr::memmem::find(window, format!("</{}>", top.qname).as_bytes());
        let parent = self.stack.len().checked_sub(2).and_then(|i| {
            memchr::memmem::find(window, format!("</{}", self.stack[i].qname).as_bytes())
        });
        match (own, parent) {
            (Some(o), Some(p)) => o < p,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    fn start_tag(&mut self, lt: usize) -> usize {
        let src = self.src;
        let bytes = src.as_bytes();
        let mut j = lt + 1;
        while j < bytes.len() && !is_space(bytes[j]) && !matches!(bytes[j], b'>' | b'/' | b'<') {
            j += 1;
        }
        let qname = &src[lt + 1..j];
        let mut attrs: Vec<(String, String)> = Vec::new();
        let mut empty = false;
        let next;
        loop {
            while j < bytes.len() && is_space(bytes[j]) {
                j += 1;
            }
            if j >= bytes.len() {
                // Cut off inside a tag: the tag is lost, nothing else.
                self.repairs
                    .note("document ends inside a tag (truncated)", || {
                        format!("<{qname} on line {}", line_of(src, lt))
                    });
                return bytes.len();
            }
            match bytes[j] {
                b'>' => {
                    next = j + 1;
                    break;
                }
                b'/' if bytes.get(j + 1) == Some(&b'>') => {
                    empty = true;
                    next = j + 2;
                    break;
                }
                b'<' => {
                    self.repairs.note("tag without its `>`", || {
                        format!("<{qname} on line {}", line_of(src, lt))
                    });
                    next = j;
                    break;
                }
                _ => {}
            }
            let name_start = j;
            let ends_name = |j: usize| {
                j >= bytes.len()
                    || is_space(bytes[j])
                    || matches!(bytes[j], b'=' | b'>' | b'<')
                    || (bytes[j] == b'/' && bytes.get(j + 1) == Some(&b'>'))
            };
            while !ends_name(j) {
                j += 1;
            }
            if j == name_start {
                j += 1; // a stray `=`: skip it
                continue;
            }
            let name = &src[name_start..j];
            let mut k = j;
            while k < bytes.len() && is_space(bytes[k]) {
                k += 1;
            }
            let mut value = "";
            if k < bytes.len() && bytes[k] == b'=' {
                k += 1;
                while k < bytes.len() && is_space(bytes[k]) {
                    k += 1;
                }
                if k < bytes.len() && matches!(bytes[k], b'"' | b'\'') {
                    let q = bytes[k];
                    let from = k + 1;
                    let Some(p) = memchr::memchr(q, &bytes[from..]) else {
                        self.repairs.note("attribute value never closed", || {
                            format!("<{qname} on line {}", line_of(src, lt))
                        });
                        return bytes.len();
                    };
                    value = &src[from..from + p];
                    k = from + p + 1;
                } else {
                    let from = k;
                    while k < bytes.len() && !is_space(bytes[k]) && !matches!(bytes[k], b'>' | b'<')
                    {
                        k += 1;
                    }
                    value = &src[from..k];
                }
                j = k;
            }
            if attrs.len() < 64 && !attrs.iter().any(|(n, _)| n == name) {
                let v = entities::decode(value, &self.declared, &mut self.repairs);
                attrs.push((name.to_string(), v));
            }
        }
        let depth = self.stack.len();
        self.open(qname, attrs, empty);
        if self.stack.len() > depth
            && let Some(top) = self.stack.last_mut()
        {
            top.content_at = next;
        }
        next
    }

    fn open(&mut self, qname: &'a str, attrs: Vec<(String, String)>, empty: bool) {
        if self.root.is_some() && self.stack.is_empty() {
            self.repairs
                .note("content after the root element dropped", || {
                    format!("<{qname}>")
                });
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.repairs
                .note("elements nested too deep read as text", || {
                    format!("<{qname}>")
                });
            return;
        }
        // An item never holds an item: a new one closes the last, left open.
        if matches!(qname, "item" | "entry")
            && let Some(pos) = self.stack.iter().rposition(|o| o.qname == qname)
        {
            self.repairs.note("element left open", || {
                format!("<{qname}> closed by the next <{qname}>")
            });
            while self.stack.len() > pos {
                self.close_top();
            }
        }
        let before = self.scopes.len();
        for (k, v) in &attrs {
            if k == "xmlns" {
                self.scopes.push((String::new(), ns_of_uri(v)));
            } else if let Some(p) = k.strip_prefix("xmlns:") {
                self.scopes.push((p.to_string(), ns_of_uri(v)));
            }
        }
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) if !p.is_empty() && !l.is_empty() => (p, l),
            _ => ("", qname),
        };
        let ns = self.resolve(prefix);
        let el = Element {
            ns,
            name: local.to_string(),
            attrs,
            children: Vec::new(),
            span: None,
        };
        let scoped = self.scopes.len() - before;
        self.stack.push(Open {
            el,
            qname,
            scoped,
            content_at: usize::MAX,
            plain: true,
        });
        if empty {
            self.close_top();
        }
    }

    fn resolve(&mut self, prefix: &str) -> Ns {
        if let Some((_, ns)) = self.scopes.iter().rev().find(|(p, _)| p == prefix) {
            return ns.clone();
        }
        if prefix.is_empty() {
            return Ns::Main;
        }
        self.repairs
            .note("namespace prefix never declared", || format!("{prefix}:"));
        CUSTOMARY
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(prefix))
            .map_or_else(|| Ns::Other(prefix.to_string()), |(_, ns)| ns.clone())
    }

    /// The innermost open element holds more than text and CDATA (a comment, a child,
    /// a stray `<`): its text cannot be read back from the source alone.
    fn taint(&mut self) {
        if let Some(top) = self.stack.last_mut() {
            top.plain = false;
        }
    }

    /// Closes the innermost element by its own end tag at `lt`, noting where its text
    /// lies when it can be read back from there.
    fn close_own(&mut self, lt: usize) {
        let declared = !self.declared.is_empty();
        if let Some(top) = self.stack.last_mut()
            && top.plain
            && !declared
            && top.content_at <= lt
        {
            top.el.span = Some((top.content_at, lt));
        }
        self.close_top();
    }

    fn close_top(&mut self) {
        let Some(open) = self.stack.pop() else { return };
        self.scopes.truncate(self.scopes.len() - open.scoped);
        match self.stack.last_mut() {
            Some(parent) => parent.el.children.push(Node::Element(open.el)),
            None => self.root = Some(open.el),
        }
    }

    fn text(&mut self, raw: &str, at: usize, decode: bool) {
        let Some(top) = self.stack.last_mut() else {
            if !raw.trim().is_empty() {
                let kind = if self.root.is_some() {
                    "text after the root element dropped"
                } else {
                    "text before the root element dropped"
                };
                self.repairs
                    .note(kind, || format!("line {}", line_of(self.src, at)));
            }
            return;
        };
        let s = if decode {
            entities::decode(raw, &self.declared, &mut self.repairs)
        } else {
            raw.to_string()
        };
        match top.el.children.last_mut() {
            Some(Node::Text(t)) => t.push_str(&s),
            _ => top.el.children.push(Node::Text(s)),
        }
    }
}

/// The text of an element from the bytes of its content, as [`read`] gives it for an
/// element with a `span`: CDATA sections as written, character references decoded
/// between them. `None` when the bytes hold other markup (they are not such a span).
pub fn text_of_span(raw: &str) -> Option<String> {
    let declared = Declared::default();
    let mut scratch = Repairs::default();
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(lt) = rest.find('<') {
        entities::decode_into(&mut out, &rest[..lt], &declared, &mut scratch);
        let cdata = rest[lt..].strip_prefix("<![CDATA[")?;
        let end = cdata.find("]]>")?;
        out.push_str(&cdata[..end]);
        rest = &cdata[end + 3..];
    }
    entities::decode_into(&mut out, rest, &declared, &mut scratch);
    Some(out)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| from + p)
}

#[cfg(test)]
mod tests;
