//! Measuring and cutting text by display width (CJK and emoji take two columns).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters that take no column but which terminals draw differently: zero-width
/// spaces and joiners, soft hyphens, bidi marks and overrides, word joiners, the BOM.
/// Without them an emoji ZWJ sequence is its emoji side by side, as wide as we count.
fn invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `s` without the characters terminals disagree about (see `invisible`); one-line
/// cells show this, so that what is measured is what is drawn.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(invisible) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !invisible(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Display width of `s`.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending in `…` when cut; never splits a wide char.
pub fn fit(s: &str, max: usize) -> String {
    let s = &*visible(s);
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `cols` columns.
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_by_columns() {
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("hello", 5), "hello");
        assert_eq!(fit("日本語のタイトル", 7), "日本語…");
        assert_eq!(width(&fit("日本語のタイトル", 6)), 5);
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(fit("🚋 tram", 3), "🚋…");
    }

    #[test]
    fn invisible_characters_are_dropped_so_cells_line_up() {
        let family = "👨\u{200d}👩\u{200d}👧 at\u{200b} sea\u{ad}";
        assert_eq!(visible(family), "👨👩👧 at sea");
        assert_eq!(width(&fit(family, 40)), 13);
        assert_eq!(pad(family, 16), "👨👩👧 at sea   ");
        assert_eq!(fit("a\u{202e}b", 5), "ab");
    }
}
