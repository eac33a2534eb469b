//! Turning a document's bytes into text: a BOM first, then what the document or the
//! transport declares (XML prolog, HTTP `Content-Type`), then detection.
//!
//! Clean UTF-8 is the common case and stays borrowed: it is checked first, and nothing
//! else is looked at unless a declaration names another encoding. Whatever was assumed
//! (a detected encoding, an unknown label, replaced bytes) comes back as a note in
//! plain words for the source's warnings.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, REPLACEMENT, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, with a note when the encoding was assumed or repaired.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// Said as a warning on the source: what was assumed or replaced.
    pub note: Option<String>,
}

/// How much of a document detection reads: plenty to decide, bounded for large feeds.
const DETECT_BYTES: usize = 1 << 20;

/// How far into a document its XML declaration is looked for.
const PROLOG_BYTES: usize = 1024;

const REPLACED: &str = "; undecodable bytes were replaced with \u{fffd}";

/// Decodes an XML document. `charset` is the HTTP `Content-Type` charset, if any.
///
/// Precedence: a BOM, then `charset`, then the prolog's `encoding="…"` (or the
/// `<\0?\0` pattern of UTF-16 without a BOM), then valid UTF-8, then detection. Two
/// exceptions where a label cannot be right: bytes that are valid UTF-8 *with*
/// non-ASCII characters are read as UTF-8 whatever a label says (with a note; legacy
/// text is practically never valid UTF-8, while servers that label every response
/// `ISO-8859-1` are common), and the UTF-16 pattern beats an ASCII-based charset.
pub fn decode_xml<'a>(bytes: &'a [u8], charset: Option<&str>) -> Decoded<'a> {
    let valid = std::str::from_utf8(bytes).ok();
    let utf16 = utf16_pattern(bytes);
    if let Some(s) = valid
        && utf16.is_none()
    {
        // The hot path: clean UTF-8 is only ever borrowed.
        if let Some(rest) = s.strip_prefix('\u{feff}') {
            return borrowed(rest, None);
        }
        let (enc, via, unknown) = resolve(bytes, charset, None);
        return match enc {
            None => borrowed(s, unknown.map(|u| format!("{u}; read as UTF-8"))),
            Some(e) if e == UTF_8 || (e.is_ascii_compatible() && s.is_ascii()) => {
                borrowed(s, unknown.map(|u| format!("{u}; read as UTF-8")))
            }
            Some(e) if !s.is_ascii() => {
                let note = format!(
                    "{via} says {}, but the bytes are valid UTF-8: read as UTF-8",
                    e.name()
                );
                borrowed(s, Some(joined(unknown, note)))
            }
            Some(e) => declared(e, bytes, via, unknown),
        };
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return declared(enc, &bytes[bom..], Via::Bom, None);
    }
    match resolve(bytes, charset, utf16) {
        (Some(enc), via, unknown) => declared(enc, bytes, via, unknown),
        (None, _, unknown) => undeclared(bytes, unknown.as_deref()),
    }
}

/// Decodes a plain-text article, which declares nothing: a BOM, then valid UTF-8,
/// then `forced` (the source's `encoding`), then detection. Valid UTF-8 comes before
/// `forced` (`article-text.md`: text that is *not* valid UTF-8 is read in the encoding
/// the source names), so a folder of mixed UTF-8 and legacy files reads right; legacy
/// text with non-ASCII letters is practically never valid UTF-8.
pub fn decode_text<'a>(bytes: &'a [u8], forced: Option<&'static Encoding>) -> Decoded<'a> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return borrowed(s.strip_prefix('\u{feff}').unwrap_or(s), None);
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return declared(enc, &bytes[bom..], Via::Bom, None);
    }
    if let Some(enc) = forced {
        return declared(enc, bytes, Via::Forced, None);
    }
    if let Some(d) = damaged_utf8(bytes, None) {
        return d;
    }
    let enc = detect(bytes);
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    let name = enc.name();
    let mut note = format!(
        "not UTF-8: read as {name} (detected); set encoding = \"{}\" on the source to be sure",
        name.to_ascii_lowercase()
    );
    if errors {
        note.push_str(REPLACED);
    }
    Decoded {
        text,
        note: Some(note),
    }
}

/// The charset parameter of a `Content-Type` header value
/// (`text/xml; Charset="windows-1251"` → `windows-1251`).
pub fn charset_of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value)
            .trim();
        (!value.is_empty()).then_some(value)
    })
}

/// Where an encoding was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Bom,
    Http,
    Utf16Pattern,
    Prolog,
    Forced,
}

impl std::fmt::Display for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Via::Bom => "the byte order mark",
            Via::Http => "the HTTP charset",
            Via::Utf16Pattern => "the document's first bytes",
            Via::Prolog => "the XML declaration",
            Via::Forced => "the source's encoding setting",
        })
    }
}

fn borrowed(s: &str, note: Option<String>) -> Decoded<'_> {
    Decoded {
        text: Cow::Borrowed(s),
        note,
    }
}

fn joined(first: Option<String>, then: String) -> String {
    match first {
        Some(f) => format!("{f}; {then}"),
        None => then,
    }
}

/// The encoding that the HTTP charset, else the UTF-16 pattern (`utf16`), else the XML
/// declaration names, and where; with a note on unknown labels passed over.
fn resolve(
    bytes: &[u8],
    charset: Option<&str>,
    utf16: Option<&'static Encoding>,
) -> (Option<&'static Encoding>, Via, Option<String>) {
    let mut unknown = None;
    if let Some(label) = charset.map(str::trim).filter(|c| !c.is_empty()) {
        match (known(label, utf16), utf16) {
            // `<\0?\0` cannot start XML in an ASCII-based encoding: the bytes win.
            (Some(_), Some(enc)) => return (Some(enc), Via::Utf16Pattern, None),
            (Some(enc), None) => return (Some(enc), Via::Http, None),
            (None, _) => unknown = Some(format!("HTTP charset \"{label}\" is unknown")),
        }
    }
    if let Some(enc) = utf16 {
        return (Some(enc), Via::Utf16Pattern, unknown);
    }
    if let Some(label) = prolog_encoding(bytes) {
        if let Some(enc) = known(label, None) {
            return (Some(enc), Via::Prolog, unknown);
        }
        let also = format!("declared encoding \"{label}\" is unknown");
        unknown = Some(joined(unknown, also));
    }
    (None, Via::Prolog, unknown)
}

/// The encoding a label names: `None` for an unknown label (or one that `encoding_rs`
/// maps to "replacement"). A UTF-16 label counts only when the bytes look like UTF-16
/// (`utf16`); a document whose declaration reads as ASCII has been re-encoded since,
/// and is UTF-8 (as browsers take it).
fn known(label: &str, utf16: Option<&'static Encoding>) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.as_bytes()).filter(|&e| e != REPLACEMENT)?;
    if enc == UTF_16LE || enc == UTF_16BE {
        return Some(utf16.unwrap_or(UTF_8));
    }
    Some(enc)
}

/// Whether the bytes are UTF-16 text: a UTF-16 BOM, or XML whose `<?` is written in
/// UTF-16. (Such text holds NUL bytes, so it must not be taken for binary.)
pub fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || utf16_pattern(bytes).is_some()
}

/// UTF-16 without a BOM, recognised by how `<?` starts the document.
fn utf16_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.starts_with(b"<\0?\0") {
        Some(UTF_16LE)
    } else if bytes.starts_with(b"\0<\0?") {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The `encoding="…"` of an XML declaration at the start of the bytes (after
/// whitespace), read as ASCII.
fn prolog_encoding(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(PROLOG_BYTES)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = head[start..].strip_prefix(b"<?xml")?;
    if !decl.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let decl = &decl[..end];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = decl[at + 8..].trim_ascii_start();
    let rest = rest.strip_prefix(b"=")?.trim_ascii_start();
    let (&quote, rest) = rest.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let len = rest.iter().position(|&b| b == quote)?;
    let label = std::str::from_utf8(&rest[..len]).ok()?.trim();
    (!label.is_empty() && label.is_ascii()).then_some(label)
}

/// Decodes bytes (not valid UTF-8, or UTF-16) in the encoding `via` names; `unknown`
/// is a note on labels passed over on the way. A document that says UTF-8 but is not
/// goes on to repair or detection; a BOM or the source's setting is taken at its word.
fn declared<'a>(
    enc: &'static Encoding,
    bytes: &'a [u8],
    via: Via,
    unknown: Option<String>,
) -> Decoded<'a> {
    if enc == UTF_8 && matches!(via, Via::Http | Via::Prolog) {
        let said = joined(
            unknown,
            format!("{via} says UTF-8, but the bytes are not valid UTF-8"),
        );
        return undeclared(bytes, Some(&said));
    }
    let name = enc.name();
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    let mut note = unknown.map(|u| format!("{u}; read as {name} (named by {via})"));
    if errors {
        let replaced = format!("bytes not valid in {name} were replaced with \u{fffd}");
        note = Some(joined(note, replaced));
    }
    Decoded { text, note }
}

/// Invalid UTF-8 with no usable declaration: repaired when it is mostly UTF-8, else
/// read in the detected encoding. The note starts with `said`, if any.
fn undeclared<'a>(bytes: &'a [u8], said: Option<&str>) -> Decoded<'a> {
    if let Some(d) = damaged_utf8(bytes, said) {
        return d;
    }
    let enc = detect(bytes);
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    let name = enc.name();
    let mut note = match said {
        Some(said) => format!("{said}; read as {name} (detected)"),
        None => format!("not valid UTF-8: read as {name} (detected)"),
    };
    if errors {
        note.push_str(REPLACED);
    }
    Decoded {
        text,
        note: Some(note),
    }
}

/// UTF-8 with a few bad bytes (more valid non-ASCII characters than broken spots), read
/// with the bad bytes replaced: detection would turn all of it into mojibake. `None`
/// for text that looks like a legacy encoding.
fn damaged_utf8<'a>(bytes: &'a [u8], said: Option<&str>) -> Option<Decoded<'a>> {
    let mut good = 0usize;
    let mut bad = 0usize;
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if good <= bad {
        return None;
    }
    let at = std::str::from_utf8(bytes).err()?.valid_up_to();
    let repaired =
        format!("invalid UTF-8 at byte {at}: undecodable bytes were replaced with \u{fffd}");
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    Some(Decoded {
        text: String::from_utf8_lossy(bytes),
        note: Some(match said {
            Some(s) => format!("{s}; {repaired}"),
            None => repaired,
        }),
    })
}

/// chardetng's guess for bytes that are not UTF-8 (never UTF-8 itself).
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let prefix = &bytes[..bytes.len().min(DETECT_BYTES)];
    detector.feed(prefix, prefix.len() == bytes.len());
    detector.guess(None, Utf8Detection::Deny)
}

#[cfg(test)]
mod tests;
