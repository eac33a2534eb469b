//! Character references in feed text: XML's five names, numeric references, every
//! HTML5 name (feeds are written by HTML tools and use `&nbsp;`, `&eacute;`, `&hellip;`
//! freely), the legacy names HTML reads without `;`, and names a DOCTYPE declares. What
//! is not a reference (a bare `&`, an unknown name) stays as written. Pure; never panics.

use html_escape::NAMED_ENTITIES;

use super::repairs::Repairs;

/// The names HTML reads even without the closing `;` (`&copy 2024`, `&eacute`): the
/// Latin-1 set and the four markup characters.
const LEGACY: &[&str] = &[
    "AElig", "AMP", "Aacute", "Acirc", "Agrave", "Aring", "Atilde", "Auml", "COPY", "Ccedil",
    "ETH", "Eacute", "Ecirc", "Egrave", "Euml", "GT", "Iacute", "Icirc", "Igrave", "Iuml", "LT",
    "Ntilde", "Oacute", "Ocirc", "Ograve", "Oslash", "Otilde", "Ouml", "QUOT", "REG", "THORN",
    "Uacute", "Ucirc", "Ugrave", "Uuml", "Yacute", "aacute", "acirc", "acute", "aelig", "agrave",
    "amp", "aring", "atilde", "auml", "brvbar", "ccedil", "cedil", "cent", "copy", "curren", "deg",
    "divide", "eacute", "ecirc", "egrave", "eth", "euml", "frac12", "frac14", "frac34", "gt",
    "iacute", "icirc", "iexcl", "igrave", "iquest", "iuml", "laquo", "lt", "macr", "micro",
    "middot", "nbsp", "not", "ntilde", "oacute", "ocirc", "ograve", "ordf", "ordm", "oslash",
    "otilde", "ouml", "para", "plusmn", "pound", "quot", "raquo", "reg", "sect", "shy", "sup1",
    "sup2", "sup3", "szlig", "thorn", "times", "uacute", "ucirc", "ugrave", "uml", "uuml",
    "yacute", "yen", "yuml",
];

/// What numeric references to 0x80–0x9F mean in practice: windows-1252 (as in HTML).
const CP1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn named(name: &str) -> Option<&'static str> {
    NAMED_ENTITIES
        .binary_search_by(|(n, _)| (*n).cmp(name.as_bytes()))
        .ok()
        .map(|i| NAMED_ENTITIES[i].1)
}

fn numeric(digits: &str, hex: bool) -> Option<char> {
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let n = u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok()?;
    Some(match n {
        0 => '\u{fffd}',
        0x80..=0x9f => CP1252[(n - 0x80) as usize],
        _ => char::from_u32(n).unwrap_or('\u{fffd}'),
    })
}

/// Entities declared in a DOCTYPE's internal subset, with a budget for what their
/// expansion may add to a document: declarations that refer to each other (the
/// "billion laughs") would otherwise grow a small file into gigabytes.
#[derive(Debug, Default)]
pub struct Declared {
    list: Vec<(String, String)>,
    spent: std::cell::Cell<usize>,
}

/// What declared entities may add to one document, in all.
const EXPANSION_BUDGET: usize = 1 << 20;
/// The longest value one declaration keeps.
const MAX_VALUE: usize = 64 * 1024;

impl Declared {
    /// Whether no entity was declared.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Declares `name`; its value is cut to `MAX_VALUE` bytes. At most 256 names.
    pub fn declare(&mut self, name: &str, mut value: String) {
        if self.list.len() >= 256 || self.list.iter().any(|(n, _)| n == name) {
            return;
        }
        if value.len() > MAX_VALUE {
            let mut cut = MAX_VALUE;
            while !value.is_char_boundary(cut) {
                cut -= 1;
            }
            value.truncate(cut);
        }
        self.list.push((name.to_string(), value));
    }

    /// The value of `name`, if declared and the budget allows it.
    fn expand(&self, name: &str) -> Option<Result<&str, ()>> {
        let (_, v) = self.list.iter().find(|(n, _)| n == name)?;
        let spent = self.spent.get() + v.len();
        if spent > EXPANSION_BUDGET {
            return Some(Err(()));
        }
        self.spent.set(spent);
        Some(Ok(v))
    }
}

/// Appends `raw` to `out` with references decoded. `line` is where `raw` starts, for
/// the repair notes.
pub fn decode_into(out: &mut String, raw: &str, declared: &Declared, repairs: &mut Repairs) {
    let mut rest = raw;
    while let Some(at) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (consumed, ok) = reference(out, after, declared, repairs);
        if !ok {
            out.push('&');
            repairs.note("bare `&` read as text", || snippet(after));
        }
        rest = &after[consumed..];
    }
    out.push_str(rest);
}

/// Decodes `raw` into a new string; borrowed work is not worth it here, as almost
/// every text is stored anyway.
pub fn decode(raw: &str, declared: &Declared, repairs: &mut Repairs) -> String {
    let mut out = String::with_capacity(raw.len());
    decode_into(&mut out, raw, declared, repairs);
    out
}

fn snippet(after: &str) -> String {
    let end = after.char_indices().nth(12).map_or(after.len(), |(i, _)| i);
    format!("&{}", &after[..end])
}

/// Reads one reference after `&`: how many bytes it took and whether it was one.
fn reference(
    out: &mut String,
    after: &str,
    declared: &Declared,
    repairs: &mut Repairs,
) -> (usize, bool) {
    let b = after.as_bytes();
    if b.first() == Some(&b'#') {
        let hex = matches!(b.get(1), Some(b'x' | b'X'));
        let start = if hex { 2 } else { 1 };
        let len = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        let Some(c) = numeric(&after[start..start + len], hex) else {
            return (0, false);
        };
        out.push(c);
        let mut used = start + len;
        if b.get(used) == Some(&b';') {
            used += 1;
        } else {
            repairs.note("character reference without `;`", || snippet(after));
        }
        return (used, true);
    }
    let len = b
        .iter()
        .take(40)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if len == 0 {
        return (0, false);
    }
    let name = &after[..len];
    if b.get(len) == Some(&b';') {
        let xml = match name {
            "amp" => Some("&"),
            "lt" => Some("<"),
            "gt" => Some(">"),
            "quot" => Some("\""),
            "apos" => Some("'"),
            _ => None,
        };
        if let Some(v) = xml {
            out.push_str(v);
            return (len + 1, true);
        }
        match declared.expand(name) {
            Some(Ok(v)) => {
                out.push_str(v);
                return (len + 1, true);
            }
            Some(Err(())) => {
                repairs.note("declared entities expand too much; kept as text", || {
                    format!("&{name};")
                });
                out.push('&');
                return (0, true);
            }
            None => {}
        }
        if let Some(v) = named(name) {
            out.push_str(v);
            repairs.note("HTML entity that XML does not define", || {
                format!("&{name};")
            });
            return (len + 1, true);
        }
        repairs.note("unknown entity kept as text", || format!("&{name};"));
        out.push('&');
        return (0, true);
    }
    // Without `;`, as HTML reads attributes: only a whole legacy name not followed by
    // `=`, so `?a=1&copy=2` in a URL stays a URL.
    if LEGACY.binary_search(&name).is_ok()
        && b.get(len) != Some(&b'=')
        && let Some(v) = named(name)
    {
        out.push_str(v);
        repairs.note("entity without `;`", || format!("&{name}"));
        return (len, true);
    }
    (0, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> (String, Vec<String>) {
        let mut r = Repairs::default();
        let out = decode(s, &Declared::default(), &mut r);
        (out, r.summary())
    }

    #[test]
    fn legacy_names_are_sorted_for_binary_search() {
        assert!(LEGACY.windows(2).all(|w| w[0] < w[1]));
        assert!(
            LEGACY.iter().all(|n| named(n).is_some()),
            "every legacy name exists"
        );
    }

    #[test]
    fn references_decode() {
        assert_eq!(d("a &amp; b &lt;&gt;&quot;&apos;").0, "a & b <>\"'");
        assert_eq!(d("caf&eacute; &hellip;&mdash;&euro;").0, "café …—€");
        assert_eq!(d("&#8217;&#x2019;&#X41;&#150;").0, "’’A–");
        assert_eq!(d("&copy 2024 &eacutex &eacute").0, "© 2024 &eacutex é");
        assert_eq!(d("?a=1&copy=2").0, "?a=1&copy=2");
        assert_eq!(d("&nbsp;").0, "\u{a0}");
        assert_eq!(
            d("&#0;&#xD800;&#99999999999;").0,
            "\u{fffd}\u{fffd}&#99999999999;"
        );
    }

    #[test]
    fn declared_entities_cannot_blow_up() {
        let mut d = Declared::default();
        let mut r = Repairs::default();
        d.declare("a", "0123456789".repeat(10));
        for i in 1..12 {
            let v = decode(
                &format!("&{};", (b'a' + i - 1) as char).repeat(10),
                &d,
                &mut r,
            );
            d.declare(&((b'a' + i) as char).to_string(), v);
        }
        let out = decode(&"&l;".repeat(1000), &d, &mut r);
        assert!(out.len() <= EXPANSION_BUDGET + 4000, "{}", out.len());
        assert!(r.summary().iter().any(|n| n.contains("expand too much")));
    }

    #[test]
    fn what_is_not_a_reference_stays() {
        let (s, r) = d("Fish & chips &notanentity; a&b=2 &; &#;");
        assert_eq!(s, "Fish & chips &notanentity; a&b=2 &; &#;");
        assert!(r.iter().any(|n| n.contains("bare `&`")), "{r:?}");
        assert!(r.iter().any(|n| n.contains("unknown entity")), "{r:?}");
    }
}
