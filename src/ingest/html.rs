//! Untrusted text made safe and plain: `sanitize` strips control characters and
//! terminal escape sequences; `to_plain` is the fast HTML → text extraction used at load
//! time for search and export (tags dropped, entities decoded, blocks as paragraphs).
//! Rich rendering for the article pane happens elsewhere, only for what is shown.

use std::borrow::Cow;

/// Removes what must never reach a terminal: escape sequences (CSI, OSC, DCS and other
/// ESC forms), C0 controls but `\n` and `\t`, C1 controls, and bidi overrides. Line ends
/// become `\n`.
pub fn sanitize(text: &str) -> String {
    clean(text).into_owned()
}

/// [`sanitize`] without the copy when the text is clean already: for outputs that
/// check every field (export, the CLI's lines).
pub fn clean(text: &str) -> Cow<'_, str> {
    // Almost all text is clean: one byte scan (the profile showed the char-by-char
    // path as the top cost of loading).
    if is_clean(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(strip(text))
}

/// [`clean`] for an HTML document: character references that stand for control
/// characters (`&#27;`, `&#x1B;`, `&#7;`…) count as the characters, so an escape
/// sequence written with them is removed whole, not left as `[2J` once a renderer
/// decodes the reference and drops the ESC. References HTML maps to printable
/// characters (`&#150;` is an en dash) and `\t`, `\n`, `\r` stay as written.
pub fn sanitize_html(html: &str) -> Cow<'_, str> {
    if !has_control_reference(html) {
        return clean(html);
    }
    let mut decoded = String::with_capacity(html.len());
    let mut changed = false;
    let mut rest = html;
    while let Some(at) = rest.find("&#") {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((c, len)) = control_reference(rest) {
            decoded.push(c);
            rest = &rest[len..];
            changed = true;
        } else {
            decoded.push_str("&#");
            rest = &rest[2..];
        }
    }
    if !changed {
        return clean(html);
    }
    decoded.push_str(rest);
    Cow::Owned(strip(&decoded))
}

/// Whether `html` has a numeric character reference to a control character (one
/// scan, no allocation: the common answer is no).
pub fn has_control_reference(html: &str) -> bool {
    memchr::memmem::find_iter(html.as_bytes(), b"&#")
        .any(|at| control_reference(&html[at..]).is_some())
}

/// The control character a numeric character reference at the start of `s` stands for
/// (`&#27;`, `&#x1b`, with or without `;`) and the reference's length; `None` for any
/// other text.
fn control_reference(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    let hex = matches!(b.get(2), Some(b'x' | b'X'));
    let start = if hex { 3 } else { 2 };
    let digits = b[start..]
        .iter()
        .take_while(|d| {
            if hex {
                d.is_ascii_hexdigit()
            } else {
                d.is_ascii_digit()
            }
        })
        .count();
    // Long runs of digits (leading zeros aside) are no control character.
    if digits == 0 || digits > 12 {
        return None;
    }
    let n = u32::from_str_radix(&s[start..start + digits], if hex { 16 } else { 10 }).ok()?;
    let c = char::from_u32(n)?;
    // HTML reads most of 0x80–0x9F as windows-1252 (printable); these five stay C1.
    let control = matches!(
        n,
        0x01..=0x08
            | 0x0b
            | 0x0c
            | 0x0e..=0x1f
            | 0x7f
            | 0x81
            | 0x8d
            | 0x8f
            | 0x90
            | 0x9d
            | 0x202a..=0x202e
            | 0x2066..=0x2069
    );
    let len = start + digits + usize::from(b.get(start + digits) == Some(&b';'));
    control.then_some((c, len))
}

fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI / OSC / DCS introducers carry a sequence too.
            '\u{9b}' => skip_until_final(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// No byte that `sanitize` would change: C0 controls but `\n` and `\t`, DEL, C1
/// controls (UTF-8 `C2 80`–`C2 9F`) and bidi overrides (`E2 80 AA`–`AE`,
/// `E2 81 A6`–`A9`).
fn is_clean(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' | b'\t' => {}
            0..0x20 | 0x7f => return false,
            0xc2 if b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)) => return false,
            0xe2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9)) => return false,
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    true
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_until_final(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // Two-byte forms (ESC c, ESC 7, ESC ( B ...): drop the next char, and for the
        // charset designators one more.
        Some('(' | ')' | '*' | '+' | '#' | '%') => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI: parameters and intermediates up to a final byte in `@`..`~`.
fn skip_until_final(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/...: up to BEL or ST (`ESC \`).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// HTML's void elements (`<br>`, `<img>` …): they never hold content, so they never
/// nest, closed or not.
pub fn is_void_element(name: &str) -> bool {
    // Runs for every tag of every article shown: compared without allocating.
    const VOID: &[&str] = &[
        "br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "param",
        "source", "track", "wbr",
    ];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// A cheap guess whether `s` is HTML rather than plain text.
pub fn looks_like_html(s: &str) -> bool {
    const TAGS: &[&str] = &[
        "<p>",
        "<p ",
        "<br",
        "<div",
        "<a ",
        "<li",
        "<ul",
        "<ol",
        "<em>",
        "<strong",
        "<img",
        "<b>",
        "<i>",
        "<h1",
        "<h2",
        "<h3",
        "<table",
        "<blockquote",
        "<pre",
        "<span",
        "</",
    ];
    let lower = s.get(..s.len().min(4096)).unwrap_or(s).to_ascii_lowercase();
    TAGS.iter().any(|t| lower.contains(t))
}

/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "table",
    "section",
    "article",
    "hr",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "address",
];

/// Elements whose content is never text.
const HIDDEN: &[&str] = &["script", "style", "head", "template", "noscript", "svg"];

/// Plain text of an HTML fragment: paragraphs separated by blank lines, white space
/// collapsed (kept inside `<pre>`), entities decoded, control characters removed.
pub fn to_plain(html: &str) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut pre = 0usize;
    let mut hidden: Option<String> = None;
    let mut rest = html;
    let flush = |cur: &mut String, paras: &mut Vec<String>| {
        let decoded = html_escape::decode_html_entities(cur.trim()).into_owned();
        let clean = sanitize(&decoded);
        let clean = clean.trim();
        if !clean.is_empty() {
            paras.push(clean.to_string());
        }
        cur.clear();
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if hidden.is_none() {
                push_text(&mut cur, rest, pre > 0);
            }
            break;
        };
        if hidden.is_none() {
            push_text(&mut cur, &rest[..lt], pre > 0);
        }
        rest = &rest[lt..];
        // A `<` that does not open a tag is text.
        if !rest[1..]
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?')
        {
            if hidden.is_none() {
                cur.push('<');
            }
            rest = &rest[1..];
            continue;
        }
        // Comments and declarations.
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // A stray `<` with no end: it is text.
            if hidden.is_none() {
                push_text(&mut cur, rest, pre > 0);
            }
            break;
        };
        let inner = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            if hidden.is_none() && !inner.starts_with('!') && !inner.starts_with('?') {
                push_text(&mut cur, &format!("<{inner}>"), pre > 0);
            }
            continue;
        }
        if let Some(h) = &hidden {
            if closing && *h == name {
                hidden = None;
            }
            continue;
        }
        if HIDDEN.contains(&name.as_str()) && !closing && !inner.ends_with('/') {
            hidden = Some(name);
            continue;
        }
        match name.as_str() {
            "br" => cur.push('\n'),
            "pre" => {
                flush(&mut cur, &mut paras);
                pre = if closing {
                    pre.saturating_sub(1)
                } else {
                    pre + 1
                };
            }
            "td" | "th" if !closing && !cur.is_empty() && !cur.ends_with(' ') => {
                cur.push_str(" | ");
            }
            n if BLOCKS.contains(&n) => flush(&mut cur, &mut paras),
            _ => {}
        }
    }
    flush(&mut cur, &mut paras);
    paras.join("\n\n")
}

fn push_text(cur: &mut String, text: &str, keep_lines: bool) {
    if keep_lines {
        cur.push_str(text);
        return;
    }
    // Whitespace runs become one space (none at the start of a line). Whitespace is
    // ASCII, so the byte positions are character boundaries.
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if b[i].is_ascii_whitespace() {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if !cur.is_empty() && !cur.ends_with([' ', '\n']) {
                cur.push(' ');
            }
        } else {
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            cur.push_str(&text[start..i]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sanitize_strips_escapes_and_controls() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(sanitize("x\u{1b}]0;evil title\u{7}y"), "xy");
        assert_eq!(
            sanitize("x\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\y"),
            "xlinky"
        );
        assert_eq!(sanitize("bell\u{7} nul\u{0} del\u{7f}"), "bell nul del");
        assert_eq!(sanitize("c1\u{9b}31m ok"), "c1 ok");
        assert_eq!(sanitize("rtl\u{202e}txt"), "rtltxt");
        assert_eq!(sanitize("a\r\nb\rc\td"), "a\nb\nc\td");
        assert_eq!(sanitize("日本 🚋 Привет"), "日本 🚋 Привет");
    }

    #[test]
    fn clean_borrows_clean_text() {
        assert!(matches!(clean("plain «text»\n"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{1b}[2Jb"), "ab");
    }

    #[test]
    fn html_references_to_controls_are_removed_with_their_sequences() {
        assert_eq!(sanitize_html("<p>&#27;[2J&#27;]52;c;x&#7;</p>"), "<p></p>");
        assert_eq!(sanitize_html("a&#x1B;[31mred&#X1b;[0m"), "ared");
        assert_eq!(
            sanitize_html("a&#0027;]0;t&#x07;b &#x81;c&#8238;d"),
            "ab cd"
        );
        // Printable references, whitespace and text that only looks like one stay.
        let kept = "&#150; &#8217; &#9; &#10; &#13; &#; &#x; &#99999999999999; AT&#T";
        assert!(matches!(sanitize_html(kept), Cow::Borrowed(_)));
        assert_eq!(sanitize_html("<b>\u{9b}31mx</b>"), "<b>x</b>");
    }

    #[test]
    fn whitespace_runs_become_one_space() {
        let run = |cur: &str, text: &str| {
            let mut c = cur.to_string();
            push_text(&mut c, text, false);
            c
        };
        assert_eq!(run("x", " a \t\n b "), "x a b ");
        assert_eq!(run("", "  a"), "a");
        assert_eq!(run("x\n", " a"), "x\na");
        assert_eq!(run("x ", "\u{a0}é  ü"), "x \u{a0}é ü");
        let mut kept = String::from("p");
        push_text(&mut kept, " a  b\n", true);
        assert_eq!(kept, "p a  b\n");
    }

    #[test]
    fn plain_text_of_html() {
        let html = "<h1>Title</h1><p>One &amp; <em>two</em>&nbsp;three &#8217;s &mdash;</p>\
                    <ul><li>first</li><li>second</li></ul><script>alert(1)</script>\
                    <table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>\
                    <p>line<br>break</p><pre>keep   this\n  indent</pre><!-- note --><p>a < b</p>";
        let text = to_plain(html);
        assert_eq!(
            text,
            "Title\n\nOne & two\u{a0}three \u{2019}s \u{2014}\n\nfirst\n\nsecond\n\nA | B\n\n1 | 2\n\nline\nbreak\n\nkeep   this\n  indent\n\na < b"
        );
    }

    #[test]
    fn html_guess() {
        assert!(looks_like_html("<p>hi</p>"));
        assert!(looks_like_html("a <A HREF=\"x\">b</a>"));
        assert!(!looks_like_html("3 < 4 and 5 > 2"));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = to_plain(&s);
            let _ = sanitize(&s);
        }

        #[test]
        fn the_fast_path_agrees_with_the_slow_one(s in "\\PC{0,60}|[\u{0}-\u{ff}\u{2060}-\u{2070}\u{2028}-\u{2030}a-z]{0,60}") {
            let out = sanitize(&s);
            prop_assert!(!out.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)), "{out:?}");
            if is_clean(s.as_bytes()) {
                prop_assert_eq!(out, s);
            }
        }

        #[test]
        fn never_panics_on_tag_soup(s in "[<>/a-z!\\-& ;#0-9\"=]{0,120}") {
            let out = to_plain(&s);
            prop_assert!(!out.contains(char::from(27)));
        }
    }
}
