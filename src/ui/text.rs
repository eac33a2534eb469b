//! Measuring and cutting text by display width (CJK and emoji take two columns).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of `s`.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending in `…` when cut; never splits a wide char.
pub fn fit(s: &str, max: usize) -> String {
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
}
