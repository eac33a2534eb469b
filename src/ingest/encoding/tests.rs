//! Each legacy encoding declared in a prolog, the order of BOM, HTTP charset and
//! prolog, detection of undeclared text, and the zero-copy path for clean UTF-8. Every
//! sample sentence is invented here and encoded with `encoding_rs`.

use super::*;

const RUSSIAN: &str = "Городской совет утвердил новый маршрут трамвая через северный район";
const RUSSIAN_LONG: &str = "Городской совет утвердил новый маршрут трамвая через северный \
    район. Строительство начнётся весной, а первые вагоны выйдут на линию к концу \
    следующего года. Жители просили добавить остановку возле рынка и школы, и депутаты \
    согласились с этим предложением почти единогласно.";
const FRENCH_LONG: &str = "Le café du marché rouvre ses portes à sept heures après les \
    travaux de l'été. Les élèves du lycée voisin y prennent déjà leur goûter près de la \
    fenêtre, et le patron promet une crème brûlée à chaque fête du quartier.";

fn label(name: &str) -> &'static Encoding {
    Encoding::for_label(name.as_bytes()).unwrap()
}

/// `text` encoded in `enc`, which must hold every character.
fn encoded(enc: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, used, unmappable) = enc.encode(text);
    assert_eq!(used, enc, "encode fell back for {}", enc.name());
    assert!(!unmappable, "{} cannot hold {text:?}", enc.name());
    bytes.into_owned()
}

fn rss(prolog_label: &str, title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"{prolog_label}\"?>\n\
         <rss version=\"2.0\"><channel><title>{title}</title></channel></rss>\n"
    )
}

#[test]
fn every_legacy_encoding_declared_in_the_prolog() {
    let cases = [
        ("windows-1251", RUSSIAN),
        ("koi8-r", RUSSIAN),
        (
            "ISO-8859-2",
            "Rada miejska zatwierdziła nową linię: żółte wagony, źdźbła trawy",
        ),
        (
            "iso-8859-15",
            "Le budget de l'œuvre au cœur de la ville : 40 € par habitant",
        ),
        ("Shift_JIS", "市議会は新しい路面電車の路線を承認しました"),
        ("euc-jp", "来春から北区で新しい路線の工事が始まります"),
        ("Big5", "市議會批准了新的電車路線，明年春天開工"),
        ("gbk", "市议会批准了新的电车线路，明年春天开工"),
        ("gb2312", "北区居民希望在市场附近增加一个车站"),
        ("euc-kr", "시의회가 새로운 전차 노선을 승인했습니다"),
    ];
    for (name, title) in cases {
        let bytes = encoded(label(name), &rss(name, title));
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{name}: sample is ASCII"
        );
        let d = decode_xml(&bytes, None);
        assert!(
            d.text.contains(&format!("<title>{title}</title>")),
            "{name}: {}",
            d.text
        );
        assert_eq!(d.note, None, "{name}");
    }
}

#[test]
fn the_http_charset_overrides_the_prolog() {
    let bytes = encoded(label("koi8-r"), &rss("windows-1251", RUSSIAN));
    let d = decode_xml(&bytes, Some("KOI8-R"));
    assert!(d.text.contains(RUSSIAN), "{}", d.text);
    assert_eq!(d.note, None);
    // Without it, the prolog is believed: the same bytes read as windows-1251.
    assert!(!decode_xml(&bytes, None).text.contains(RUSSIAN));
}

#[test]
fn a_bom_overrides_the_http_charset_and_the_prolog() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(rss("windows-1251", RUSSIAN).as_bytes());
    let d = decode_xml(&bytes, Some("koi8-r"));
    assert!(
        d.text.starts_with("<?xml"),
        "the BOM is kept: {:?}",
        &d.text[..8]
    );
    assert!(d.text.contains(RUSSIAN));
    assert!(matches!(d.text, Cow::Borrowed(_)));
    assert_eq!(d.note, None);
}

#[test]
fn utf16_with_a_bom_and_without() {
    let doc = rss("UTF-16", RUSSIAN);
    let le: Vec<u8> = doc.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = doc.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (what, bytes) in [
        ("LE with BOM", [&b"\xFF\xFE"[..], &le].concat()),
        ("BE with BOM", [&b"\xFE\xFF"[..], &be].concat()),
        ("LE without BOM", le.clone()),
        ("BE without BOM", be.clone()),
    ] {
        let d = decode_xml(&bytes, Some("windows-1251"));
        assert_eq!(d.text, doc, "{what}");
        assert_eq!(d.note, None, "{what}");
    }
}

#[test]
fn a_utf16_label_on_an_ascii_document_means_utf8() {
    let doc = rss("utf-16", "Quay notes");
    let d = decode_xml(doc.as_bytes(), None);
    assert!(matches!(d.text, Cow::Borrowed(_)));
    assert_eq!(d.note, None);
    let bytes = encoded(label("windows-1251"), &rss("utf-16", RUSSIAN));
    let d = decode_xml(&bytes, None);
    assert!(d.text.contains(RUSSIAN), "{}", d.text);
    assert!(d.note.unwrap().contains("windows-1251 (detected)"));
}

#[test]
fn undeclared_windows_1251_is_detected() {
    let doc = format!(
        "<?xml version=\"1.0\"?>\n<rss><channel><title>{RUSSIAN_LONG}</title></channel></rss>"
    );
    let bytes = encoded(label("windows-1251"), &doc);
    let d = decode_xml(&bytes, None);
    assert_eq!(d.text, doc);
    assert_eq!(
        d.note.as_deref(),
        Some("not valid UTF-8: read as windows-1251 (detected)")
    );
}

#[test]
fn undeclared_latin1_french_is_detected() {
    let bytes = encoded(label("iso-8859-1"), FRENCH_LONG);
    let d = decode_text(&bytes, None);
    assert_eq!(d.text, FRENCH_LONG);
    assert_eq!(
        d.note.as_deref(),
        Some(
            "not UTF-8: read as windows-1252 (detected); \
             set encoding = \"windows-1252\" on the source to be sure"
        )
    );
    let d = decode_xml(&bytes, None);
    assert_eq!(d.text, FRENCH_LONG);
    assert!(d.note.unwrap().contains("windows-1252 (detected)"));
}

#[test]
fn undeclared_russian_text_is_detected() {
    let bytes = encoded(label("windows-1251"), RUSSIAN_LONG);
    let d = decode_text(&bytes, None);
    assert_eq!(d.text, RUSSIAN_LONG);
    assert!(
        d.note.as_deref().unwrap().starts_with(
            "not UTF-8: read as windows-1251 (detected); set encoding = \"windows-1251\""
        ),
        "{:?}",
        d.note
    );
    let bytes = encoded(label("koi8-r"), RUSSIAN_LONG);
    let d = decode_text(&bytes, None);
    assert_eq!(d.text, RUSSIAN_LONG);
    // KOI8-U is a superset of KOI8-R, the same for Russian.
    assert!(
        d.note.as_deref().unwrap().contains("KOI8-")
            && d.note.as_deref().unwrap().contains("(detected)"),
        "{:?}",
        d.note
    );
}

#[test]
fn valid_utf8_is_borrowed() {
    let doc = rss("utf-8", RUSSIAN);
    for charset in [None, Some("utf-8"), Some("UTF8")] {
        let d = decode_xml(doc.as_bytes(), charset);
        assert!(matches!(d.text, Cow::Borrowed(_)), "{charset:?}");
        assert_eq!(d.text, doc);
        assert_eq!(d.note, None);
    }
    let d = decode_text(RUSSIAN.as_bytes(), None);
    assert!(matches!(d.text, Cow::Borrowed(_)));
    assert_eq!(d.note, None);
    // An ASCII document that declares an ASCII-compatible encoding reads the same.
    let ascii = rss("windows-1251", "Quay notes");
    let d = decode_xml(ascii.as_bytes(), Some("iso-8859-2"));
    assert!(matches!(d.text, Cow::Borrowed(_)));
    assert_eq!(d.note, None);
}

#[test]
fn valid_utf8_wins_over_a_legacy_label_with_a_note() {
    let doc = rss("utf-8", RUSSIAN);
    let d = decode_xml(doc.as_bytes(), Some("ISO-8859-1"));
    assert!(matches!(d.text, Cow::Borrowed(_)));
    assert_eq!(
        d.note.as_deref(),
        Some("the HTTP charset says windows-1252, but the bytes are valid UTF-8: read as UTF-8")
    );
}

#[test]
fn the_bom_is_never_kept() {
    let text = [&b"\xEF\xBB\xBF"[..], RUSSIAN.as_bytes()].concat();
    assert_eq!(decode_text(&text, None).text, RUSSIAN);
    assert_eq!(decode_xml(&text, None).text, RUSSIAN);
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(RUSSIAN.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let d = decode_text(&le, Some(label("koi8-r")));
    assert_eq!(d.text, RUSSIAN);
    assert_eq!(d.note, None);
}

#[test]
fn an_unknown_declared_encoding_is_said() {
    let bytes = encoded(label("windows-1252"), &rss("x-foo", FRENCH_LONG));
    let d = decode_xml(&bytes, None);
    assert!(d.text.contains(FRENCH_LONG));
    assert_eq!(
        d.note.as_deref(),
        Some("declared encoding \"x-foo\" is unknown; read as windows-1252 (detected)")
    );
    // Unknown in HTTP, known in the prolog.
    let bytes = encoded(label("koi8-r"), &rss("koi8-r", RUSSIAN));
    let d = decode_xml(&bytes, Some("x-bar"));
    assert!(d.text.contains(RUSSIAN));
    assert_eq!(
        d.note.as_deref(),
        Some("HTTP charset \"x-bar\" is unknown; read as KOI8-R (named by the XML declaration)")
    );
    // Unknown on clean UTF-8.
    let doc = rss("x-foo", RUSSIAN);
    let d = decode_xml(doc.as_bytes(), None);
    assert!(matches!(d.text, Cow::Borrowed(_)));
    assert_eq!(
        d.note.as_deref(),
        Some("declared encoding \"x-foo\" is unknown; read as UTF-8")
    );
}

#[test]
fn declared_utf8_that_is_not_is_detected() {
    let doc = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><title>{RUSSIAN_LONG}</title></channel></rss>"
    );
    let bytes = encoded(label("windows-1251"), &doc);
    let d = decode_xml(&bytes, None);
    assert_eq!(d.text, doc);
    assert_eq!(
        d.note.as_deref(),
        Some(
            "the XML declaration says UTF-8, but the bytes are not valid UTF-8; \
             read as windows-1251 (detected)"
        )
    );
}

#[test]
fn damaged_utf8_is_repaired_not_redetected() {
    let mut bytes = RUSSIAN_LONG.as_bytes().to_vec();
    bytes.insert(10, 0xFF);
    let d = decode_text(&bytes, None);
    assert_eq!(d.text.replace('\u{fffd}', ""), RUSSIAN_LONG);
    assert_eq!(
        d.note.as_deref(),
        Some("invalid UTF-8 at byte 10: undecodable bytes were replaced with \u{fffd}")
    );
    let doc = [b"<?xml version=\"1.0\"?><r>".as_slice(), &bytes, b"</r>"].concat();
    let d = decode_xml(&doc, None);
    assert!(d.text.contains('\u{fffd}'));
    assert!(d.note.unwrap().starts_with("invalid UTF-8 at byte 34"));
}

#[test]
fn a_forced_encoding_is_used_for_text_that_is_not_utf8() {
    let bytes = encoded(label("koi8-r"), RUSSIAN);
    let d = decode_text(&bytes, Some(label("koi8-r")));
    assert_eq!(d.text, RUSSIAN);
    assert_eq!(d.note, None);
    // Valid UTF-8 stays UTF-8 whatever the source says (article-text.md).
    let d = decode_text(RUSSIAN.as_bytes(), Some(label("koi8-r")));
    assert_eq!(d.text, RUSSIAN);
    // Bytes the forced encoding cannot read are replaced, and said.
    let d = decode_text(b"caf\x81 \xff", Some(encoding_rs::SHIFT_JIS));
    assert!(d.text.contains('\u{fffd}'));
    assert_eq!(
        d.note.as_deref(),
        Some("bytes not valid in Shift_JIS were replaced with \u{fffd}")
    );
}

#[test]
fn charset_of_a_content_type() {
    let cases = [
        ("text/xml; charset=windows-1251", Some("windows-1251")),
        ("application/rss+xml;charset=\"KOI8-R\"", Some("KOI8-R")),
        ("text/xml ; Charset = 'utf-8' ", Some("utf-8")),
        (
            "text/xml; boundary=x; CHARSET=iso-8859-2",
            Some("iso-8859-2"),
        ),
        ("text/xml", None),
        ("text/xml; charset=", None),
        ("text/xml; charset=\"\"", None),
        ("charset=utf-8", None),
        ("", None),
    ];
    for (ct, want) in cases {
        assert_eq!(charset_of(ct), want, "{ct:?}");
    }
}

#[test]
fn prolog_forms() {
    let cases: [(&[u8], Option<&str>); 6] = [
        (
            b"<?xml version='1.0' encoding='koi8-r'?><a/>",
            Some("koi8-r"),
        ),
        (
            b"\n  <?xml version=\"1.0\"\n encoding = \"Big5\" ?>",
            Some("Big5"),
        ),
        (b"<?xml version=\"1.0\"?><a encoding=\"x\"/>", None),
        (b"<?xml-stylesheet encoding=\"x\"?>", None),
        (b"<rss encoding=\"x\">", None),
        (b"<?xml version=\"1.0\" encoding=\"koi8-r", None),
    ];
    for (bytes, want) in cases {
        assert_eq!(
            prolog_encoding(bytes),
            want,
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn never_panics_on_odd_bytes() {
    for bytes in [
        &b""[..],
        b"\xEF\xBB",
        b"\xFF\xFE\x00",
        b"<\0?\0x",
        b"<?xml encoding=\"",
        b"\x80\x81\x82",
    ] {
        let _ = decode_xml(bytes, Some("utf-16"));
        let _ = decode_xml(bytes, None);
        let _ = decode_text(bytes, None);
    }
}
