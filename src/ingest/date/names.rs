//! The words of dates: month and weekday names in the languages feeds are written in,
//! zone abbreviations, the CJK year/month/day markers, and filler words. Every lookup
//! takes a word folded by [`Norm`]: lower case, accents and Greek tonos dropped.

/// A word folded for lookup, kept on the stack: lower case, without accents (so `März`,
/// `MÄRZ` and `Marz` all read `marz`, `Μαΐ` and `Μάι` read `μαι`). A word too long
/// for the buffer folds to the empty string, which names nothing.
pub(super) struct Norm {
    buf: [u8; 48],
    len: usize,
}

impl Norm {
    pub(super) fn new(word: &str) -> Self {
        let mut n = Self {
            buf: [0; 48],
            len: 0,
        };
        for c in word.chars().flat_map(char::to_lowercase) {
            if is_combining(c) {
                continue;
            }
            let c = fold(c);
            let end = n.len + c.len_utf8();
            if end > n.buf.len() {
                n.len = 0;
                break;
            }
            c.encode_utf8(&mut n.buf[n.len..end]);
            n.len = end;
        }
        n
    }

    pub(super) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

/// Combining diacritical marks (decomposed accents).
pub(super) fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// A lower-case letter without its accent.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' => 'υ',
        'ώ' => 'ω',
        'ς' => 'σ',
        'ё' => 'е',
        _ => c,
    }
}

/// The month a name means: English, German, French, Spanish, Italian, Dutch,
/// Portuguese, Hungarian, Russian and Greek, full and abbreviated (genitive forms too).
pub(super) fn month(w: &str) -> Option<u32> {
    Some(match w {
        "jan"
        | "january"
        | "januar"
        | "janvier"
        | "janv"
        | "enero"
        | "ene"
        | "gennaio"
        | "gen"
        | "januari"
        | "janeiro"
        | "января"
        | "январь"
        | "янв"
        | "ιανουαριου"
        | "ιανουαριος"
        | "ιαν" => 1,
        "feb"
        | "february"
        | "februar"
        | "fevrier"
        | "fevr"
        | "fev"
        | "febrero"
        | "febbraio"
        | "februari"
        | "fevereiro"
        | "febr"
        | "февраля"
        | "февраль"
        | "фев"
        | "февр"
        | "φεβρουαριου"
        | "φεβρουαριος"
        | "φεβ" => 2,
        "mar" | "march" | "marz" | "mrz" | "mars" | "marzo" | "maart" | "mrt" | "marco"
        | "marc" | "marcius" | "марта" | "март" | "мар" | "μαρτιου" | "μαρτιος" | "μαρ" => {
            3
        }
        "apr" | "april" | "avril" | "avr" | "abril" | "abr" | "aprile" | "aprilis" | "апреля"
        | "апрель" | "апр" | "απριλιου" | "απριλιος" | "απρ" => 4,
        "may" | "mai" | "mayo" | "maggio" | "mag" | "mei" | "maio" | "majus" | "maj" | "мая"
        | "май" | "μαιου" | "μαιος" | "μαι" => 5,
        "jun" | "june" | "juni" | "juin" | "junio" | "giugno" | "giu" | "junho" | "junius"
        | "июня" | "июнь" | "июн" | "ιουνιου" | "ιουνιος" | "ιουν" => {
            6
        }
        "jul" | "july" | "juli" | "juillet" | "juil" | "julio" | "luglio" | "lug" | "julho"
        | "julius" | "июля" | "июль" | "июл" | "ιουλιου" | "ιουλιος" | "ιουλ" => {
            7
        }
        "aug" | "august" | "aout" | "agosto" | "ago" | "augustus" | "augusztus" | "августа"
        | "август" | "авг" | "αυγουστου" | "αυγουστος" | "αυγ" => 8,
        "sep"
        | "sept"
        | "september"
        | "septembre"
        | "septiembre"
        | "setiembre"
        | "set"
        | "settembre"
        | "setembro"
        | "szeptember"
        | "szept"
        | "сентября"
        | "сентябрь"
        | "сен"
        | "сент"
        | "σεπτεμβριου"
        | "σεπτεμβριος"
        | "σεπ"
        | "σεπτ" => 9,
        "oct" | "october" | "oktober" | "octobre" | "octubre" | "ottobre" | "ott" | "okt"
        | "outubro" | "октября" | "октябрь" | "окт" | "οκτωβριου" | "οκτωβριος" | "οκτ" => {
            10
        }
        "nov" | "november" | "novembre" | "noviembre" | "novembro" | "ноября" | "ноябрь"
        | "ноя" | "нояб" | "νοεμβριου" | "νοεμβριος" | "νοε" | "νοεμ" => {
            11
        }
        "dec"
        | "december"
        | "dezember"
        | "dez"
        | "decembre"
        | "diciembre"
        | "dic"
        | "dicembre"
        | "dezembro"
        | "декабря"
        | "декабрь"
        | "дек"
        | "δεκεμβριου"
        | "δεκεμβριος"
        | "δεκ" => 12,
        _ => return None,
    })
}

/// Whether a word names a weekday. `mar` (Spanish and Italian Tuesday) is also March:
/// the parser decides by whether another month name follows.
pub(super) fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        // English
        "mon" | "monday" | "tue" | "tues" | "tuesday" | "wed" | "weds" | "wednesday"
            | "thu" | "thur" | "thurs" | "thursday" | "fri" | "friday" | "sat" | "saturday"
            | "sun" | "sunday"
            // German
            | "mo" | "di" | "mi" | "do" | "fr" | "sa" | "so" | "montag" | "dienstag"
            | "mittwoch" | "donnerstag" | "freitag" | "samstag" | "sonnabend" | "sonntag"
            // French
            | "lun" | "mar" | "mer" | "jeu" | "ven" | "sam" | "dim" | "lundi" | "mardi"
            | "mercredi" | "jeudi" | "vendredi" | "samedi" | "dimanche"
            // Spanish
            | "mie" | "jue" | "vie" | "sab" | "dom" | "lunes" | "martes" | "miercoles"
            | "jueves" | "viernes" | "sabado" | "domingo"
            // Italian
            | "gio" | "lunedi" | "martedi" | "mercoledi" | "giovedi" | "venerdi" | "sabato"
            | "domenica"
            // Dutch
            | "ma" | "wo" | "vr" | "za" | "zo" | "maandag" | "dinsdag" | "woensdag"
            | "donderdag" | "vrijdag" | "zaterdag" | "zondag"
            // Hungarian
            | "hetfo" | "kedd" | "szerda" | "csutortok" | "pentek" | "szombat" | "vasarnap"
            // Russian
            | "пн" | "вт" | "ср" | "чт" | "пт" | "сб" | "вс" | "понедельник" | "вторник"
            | "среда" | "четверг" | "пятница" | "суббота" | "воскресенье"
            // Greek
            | "κυρ" | "δευ" | "τρι" | "τετ" | "πεμ" | "παρ" | "σαβ" | "κυριακη" | "δευτερα"
            | "τριτη" | "τεταρτη" | "πεμπτη" | "παρασκευη" | "σαββατο"
            // Korean, Japanese, Chinese
            | "월" | "화" | "수" | "목" | "금" | "토" | "일" | "월요일" | "화요일" | "수요일"
            | "목요일" | "금요일" | "토요일" | "일요일" | "月" | "火" | "水" | "木" | "金"
            | "土" | "日" | "月曜" | "火曜" | "水曜" | "木曜" | "金曜" | "土曜" | "日曜"
            | "月曜日" | "火曜日" | "水曜日" | "木曜日" | "金曜日" | "土曜日" | "日曜日"
            | "星期一" | "星期二" | "星期三" | "星期四" | "星期五" | "星期六" | "星期日"
            | "星期天" | "周一" | "周二" | "周三" | "周四" | "周五" | "周六" | "周日"
    )
}

/// The offset in seconds east of UTC of a zone name. Single military letters are in
/// [`military`]. Ambiguous abbreviations are left out on purpose, so that the source's
/// zone applies: `IST` (India +05:30, Ireland +01:00, Israel +02:00) and `AST` (Atlantic
/// -04:00, Arabia +03:00). `CST` is the US Central zone, as RFC 822 defines it, and
/// `BST` British Summer Time.
pub(super) fn zone(w: &str) -> Option<i32> {
    let minutes = match w {
        "nst" => -(3 * 60 + 30),
        "ndt" => -(2 * 60 + 30),
        "hst" => -10 * 60,
        "akst" => -9 * 60,
        "pst" | "akdt" => -8 * 60,
        "mst" | "pdt" => -7 * 60,
        "cst" | "mdt" => -6 * 60,
        "est" | "cdt" => -5 * 60,
        "edt" | "adt" => -4 * 60,
        "z" | "ut" | "utc" | "gmt" | "wet" | "wez" => 0,
        "west" | "wesz" | "bst" | "cet" | "met" | "mez" | "wat" => 60,
        "cest" | "mest" | "mesz" | "eet" | "cat" | "sast" => 2 * 60,
        "eest" | "msk" | "мск" | "eat" => 3 * 60,
        "msd" => 4 * 60,
        "pkt" => 5 * 60,
        "ict" | "wib" => 7 * 60,
        "hkt" | "sgt" | "awst" | "pht" => 8 * 60,
        "jst" | "kst" => 9 * 60,
        "acst" => 9 * 60 + 30,
        "aest" => 10 * 60,
        "acdt" => 10 * 60 + 30,
        "aedt" => 11 * 60,
        "nzst" => 12 * 60,
        "nzdt" => 13 * 60,
        _ => return None,
    };
    Some(minutes * 60)
}

/// A military zone letter, in seconds east of UTC. This follows RFC 1123 and RFC 5322,
/// not RFC 822, which had the signs reversed: `A`–`I` are +1 to +9 hours, `K`–`M` +10
/// to +12, `N`–`Y` -1 to -12, `Z` is UTC; `J` (local time) names no offset.
pub(super) fn military(w: &str) -> Option<i32> {
    let &[c] = w.as_bytes() else { return None };
    let hours = match c {
        b'a'..=b'i' => i32::from(c - b'a') + 1,
        b'k'..=b'm' => i32::from(c - b'k') + 10,
        b'n'..=b'y' => -(i32::from(c - b'n') + 1),
        b'z' => 0,
        _ => return None,
    };
    Some(hours * 3600)
}

/// Which field a CJK marker after a number fills (`2004년 7월 8일`, `2004年7月8日`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    Year,
    Month,
    Day,
}

pub(super) fn marker(w: &str) -> Option<Marker> {
    match w {
        "년" | "年" => Some(Marker::Year),
        "월" | "月" => Some(Marker::Month),
        "일" | "日" => Some(Marker::Day),
        _ => None,
    }
}

/// Words around dates that carry nothing: prepositions (`4 de enero de 2004`,
/// `am 4. Januar um 16:29 Uhr`, `à 16:29`), English ordinal suffixes, `2004 г.`.
pub(super) fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "a" | "am"
            | "um"
            | "uhr"
            | "den"
            | "de"
            | "del"
            | "du"
            | "le"
            | "el"
            | "er"
            | "the"
            | "of"
            | "at"
            | "on"
            | "om"
            | "alle"
            | "ore"
            | "kl"
            | "klo"
            | "st"
            | "nd"
            | "rd"
            | "th"
            | "г"
            | "года"
            | "в"
    )
}
