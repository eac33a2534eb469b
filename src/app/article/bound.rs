//! Keeps the HTML the article pane renders within what a screen can use. html2text's
//! work grows with the square of the nesting depth (10,000 nested `<div>`s took a
//! second, 200,000 never finished), and a feed decides the depth: tags nested deeper
//! than `MAX_DEPTH` are dropped (their text stays), and a body over `MAX_BYTES` is cut.
//! Pure, linear, and it copies nothing when the HTML is already within bounds.

use std::borrow::Cow;

use crate::ingest::html::is_void_element;

/// Deeper than any real article; shallow enough that rendering stays instant.
pub const MAX_DEPTH: usize = 48;
/// Far more than a screen can show of one article.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// One tag found at the start of `s` (which begins with `<`): its length, name and
/// kind; `None` when `<` starts no tag.
fn tag(s: &str) -> Option<(usize, &str, bool, bool)> {
    let b = s.as_bytes();
    let closing = b.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_len = b[start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
        .count();
    let end = memchr::memchr(b'>', b)? + 1;
    let self_closing = b[..end].ends_with(b"/>");
    Some((end, &s[start..start + name_len], closing, self_closing))
}

/// `html` with tags below `MAX_DEPTH` dropped and cut to `MAX_BYTES`.
pub fn bounded(html: &str) -> Cow<'_, str> {
    let html = if html.len() > MAX_BYTES {
        let mut cut = MAX_BYTES;
        while !html.is_char_boundary(cut) {
            cut -= 1;
        }
        &html[..cut]
    } else {
        html
    };
    let mut out: Option<String> = None;
    let mut depth = 0usize;
    let mut copied = 0;
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &html.as_bytes()[i..]) {
        let at = i + p;
        let Some((len, name, closing, self_closing)) = tag(&html[at..]) else {
            i = at + 1;
            continue;
        };
        let nests = !self_closing && !is_void_element(name);
        let drop = if closing {
            let d = depth > MAX_DEPTH;
            depth = depth.saturating_sub(1);
            d
        } else if nests {
            depth += 1;
            depth > MAX_DEPTH
        } else {
            false
        };
        if drop {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..at]);
            copied = at + len;
        }
        i = at + len;
    }
    match out {
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_html_is_left_alone() {
        let html = "<div><p>One <b>two</b><br>three</p><img src=x></div>";
        assert!(matches!(bounded(html), Cow::Borrowed(h) if h == html));
    }

    #[test]
    fn deep_nesting_keeps_its_text_and_loses_its_tags() {
        let n = 100_000;
        let html = format!("{}deep text{}", "<div>".repeat(n), "</div>".repeat(n));
        let b = bounded(&html);
        assert_eq!(b.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(b.matches("</div>").count(), MAX_DEPTH);
        assert!(b.contains("deep text"));
        // And html2text now renders it (it never finished at this depth before).
        let text = html2text::from_read(b.as_bytes(), 80).unwrap();
        assert!(text.contains("deep text"));
    }

    #[test]
    fn huge_bodies_are_cut_on_a_character_boundary() {
        let html = "é".repeat(MAX_BYTES);
        assert!(bounded(&html).len() <= MAX_BYTES);
    }
}
