//! A tolerant date reader for the dates feeds and text articles carry: RFC 822/2822 and
//! its sloppy variants, asctime, W3C-DTF/ISO 8601/RFC 3339 (extended, basic and
//! partial), `31.12.2003 10:14`, Hungarian `2004. július 8.`, Korean/Japanese
//! `2004년 7월 8일 오후 11:56`, month and weekday names in a dozen languages, and zone
//! abbreviations. It splits the text into numbers, words and punctuation once and reads
//! the fields from those, without allocating; it returns `None` for anything it cannot
//! read or that is out of range (years outside 1..=9999, a 31st of April), and never
//! panics, whatever the input.

mod names;
#[cfg(test)]
mod tests;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::zone::Zone;
use names::{Marker, Norm};

/// Dates longer than this are not dates (a JavaScript `Date` string is about 70 bytes).
const MAX_LEN: usize = 256;
/// The most tokens a date may have.
const MAX_TOKENS: usize = 40;

/// Reads a date as feeds and text articles write it. Forms without an offset are
/// wall-clock times in `zone`. Returns `None` for anything unreadable or out of range
/// (years outside 1..=9999, days a month does not have); never panics.
pub fn parse(raw: &str, zone: Zone) -> Option<DateTime<Utc>> {
    if raw.len() > MAX_LEN {
        return None;
    }
    let mut buf = [Tok::Sep(' '); MAX_TOKENS];
    let n = tokenize(raw, &mut buf)?;
    let toks = &buf[..n];
    let mut f = Fields::default();
    let mut i = 0;
    while let Some(&tok) = toks.get(i) {
        i = match tok {
            Tok::Num(d) => f.number(toks, i, d)?,
            Tok::Word(w) => f.word(toks, i, w)?,
            Tok::Sep(c) => f.sep(toks, i, c)?,
        };
    }
    f.finish(zone)
}

/// A run of ASCII digits, a run of letters, or one punctuation character. Whitespace
/// only separates tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok<'a> {
    Num(&'a str),
    Word(&'a str),
    Sep(char),
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || names::is_combining(c)
}

/// Splits `s` into `out`; `None` for a character no date has, or too many tokens.
fn tokenize<'a>(s: &'a str, out: &mut [Tok<'a>; MAX_TOKENS]) -> Option<usize> {
    let mut n = 0;
    let mut pos = 0;
    while let Some(c) = s[pos..].chars().next() {
        let start = pos;
        let run_end =
            |run: fn(char) -> bool| s[start..].find(|x| !run(x)).map_or(s.len(), |k| start + k);
        pos += c.len_utf8();
        let tok = if c.is_ascii_digit() {
            pos = run_end(|x| x.is_ascii_digit());
            Tok::Num(&s[start..pos])
        } else if is_letter(c) {
            pos = run_end(is_letter);
            Tok::Word(&s[start..pos])
        } else if c.is_whitespace() {
            continue;
        } else {
            Tok::Sep(match c {
                '+' | '-' | ':' | '.' | ',' | '/' | '(' | ')' => c,
                '\u{2212}' | '\u{2013}' => '-',
                '[' => '(',
                ']' => ')',
                _ => return None,
            })
        };
        *out.get_mut(n)? = tok;
        n += 1;
    }
    Some(n)
}

fn num_at<'a>(toks: &[Tok<'a>], i: usize) -> Option<&'a str> {
    match toks.get(i) {
        Some(Tok::Num(d)) => Some(d),
        _ => None,
    }
}

fn sep_at(toks: &[Tok<'_>], i: usize) -> Option<char> {
    match toks.get(i) {
        Some(Tok::Sep(c)) => Some(*c),
        _ => None,
    }
}

fn is_word_at(toks: &[Tok<'_>], i: usize) -> bool {
    matches!(toks.get(i), Some(Tok::Word(_)))
}

/// The value of a run of digits; `u32::MAX` (out of every range) when it is too long.
fn value(d: &str) -> u32 {
    if d.len() > 9 {
        return u32::MAX;
    }
    d.bytes()
        .fold(0, |v, b| v * 10 + u32::from(b.wrapping_sub(b'0')))
}

/// A number of one or two digits.
fn small(d: &str) -> Option<u32> {
    (1..=2).contains(&d.len()).then(|| value(d))
}

/// A year as written: two digits are 2000–2049 or 1950–1999, three digits count from
/// 1900 (RFC 2822's obsolete form), more are the year itself.
fn year_value(d: &str) -> u32 {
    let v = value(d);
    match d.len() {
        1 | 2 if v < 50 => 2000 + v,
        1..=3 => 1900 + v,
        _ => v,
    }
}

/// The digits of a fraction of a second as nanoseconds; digits past the ninth are cut.
fn nanos(d: &str) -> u32 {
    let digits = &d[..d.len().min(9)];
    value(digits) * 10u32.pow(9 - digits.len() as u32)
}

#[derive(Clone, Copy, Default)]
struct Time {
    h: u32,
    m: u32,
    s: u32,
    nanos: u32,
}

/// The fields read so far. Values are kept as written and checked in `finish`.
#[derive(Default)]
struct Fields {
    year: Option<u32>,
    month: Option<u32>,
    day: Option<u32>,
    /// The year came before the month and day (ISO, Hungarian, CJK): bare numbers
    /// after it are the month, then the day.
    year_first: bool,
    time: Option<Time>,
    /// Seconds east of UTC.
    offset: Option<i32>,
    /// `Some(true)` after PM, `Some(false)` after AM.
    pm: Option<bool>,
    /// A `T` was just read: the number after it is a time, possibly in basic format.
    after_t: bool,
}

impl Fields {
    fn number(&mut self, toks: &[Tok<'_>], i: usize, d: &str) -> Option<usize> {
        let after_t = std::mem::take(&mut self.after_t);
        if sep_at(toks, i + 1) == Some(':') {
            return self.time(toks, i);
        }
        if after_t {
            return self.basic_time(toks, i, d);
        }
        if let Some(Tok::Word(w)) = toks.get(i + 1)
            && let Some(mark) = names::marker(w)
        {
            let (field, v) = match mark {
                Marker::Year => (&mut self.year, year_value(d)),
                Marker::Month => (&mut self.month, value(d)),
                Marker::Day => (&mut self.day, value(d)),
            };
            if field.replace(v).is_some() {
                return None;
            }
            self.year_first |= mark == Marker::Year && self.month.is_none();
            return Some(i + 2);
        }
        if self.year.is_none()
            && self.month.is_none()
            && self.day.is_none()
            && let Some(next) = self.numeric_date(toks, i, d)
        {
            return Some(next);
        }
        self.bare_number(d)?;
        Some(i + 1)
    }

    /// A date written in numbers alone: `2003-12-31`, `2003-12`, `2004/07/08`,
    /// `2004. 7. 8.`, `31.12.2003`, `20031231`. `None`: not one of these.
    fn numeric_date(&mut self, toks: &[Tok<'_>], i: usize, d: &str) -> Option<usize> {
        if d.len() == 8 && !matches!(sep_at(toks, i + 1), Some('-' | '/' | '.')) {
            self.year = Some(value(&d[..4]));
            self.month = Some(value(&d[4..6]));
            self.day = Some(value(&d[6..]));
            self.year_first = true;
            return Some(i + 1);
        }
        let sep = sep_at(toks, i + 1).filter(|c| matches!(c, '-' | '/' | '.'))?;
        let second = small(num_at(toks, i + 2)?)?;
        let third = if sep_at(toks, i + 3) == Some(sep) {
            num_at(toks, i + 4)
        } else {
            None
        };
        if d.len() >= 4 {
            self.year = Some(year_value(d));
            self.month = Some(second);
            self.year_first = true;
            return Some(match third.and_then(small) {
                Some(day) => {
                    self.day = Some(day);
                    i + 5
                }
                None => i + 3,
            });
        }
        let third = third.filter(|t| t.len() >= 2 && sep == '.' && d.len() <= 2)?;
        self.day = Some(value(d));
        self.month = Some(second);
        self.year = Some(year_value(third));
        Some(i + 5)
    }

    /// A number standing alone: the year if long, else the month (after a leading
    /// year), the day, or a two-digit year after the day and month.
    fn bare_number(&mut self, d: &str) -> Option<()> {
        let v = value(d);
        if d.len() >= 3 {
            if self.year.is_some() {
                return None;
            }
            self.year_first = self.month.is_none() && self.day.is_none();
            self.year = Some(year_value(d));
        } else if self.year_first && self.month.is_none() {
            self.month = Some(v);
        } else if self.day.is_none() && v <= 31 {
            self.day = Some(v);
        } else if self.year.is_none() && self.month.is_some() && self.day.is_some() {
            self.year = Some(year_value(d));
        } else {
            return None;
        }
        Some(())
    }

    /// `hh:mm[:ss[.fraction]]`, the fraction of any length.
    fn time(&mut self, toks: &[Tok<'_>], i: usize) -> Option<usize> {
        if self.time.is_some() {
            return None;
        }
        let h = small(num_at(toks, i)?)?;
        let m = small(num_at(toks, i + 2)?)?;
        let mut t = Time {
            h,
            m,
            ..Time::default()
        };
        let mut next = i + 3;
        if sep_at(toks, next) == Some(':') {
            t.s = small(num_at(toks, next + 1)?)?;
            next += 2;
            next = fraction(toks, next, &mut t);
        }
        self.time = Some(t);
        Some(next)
    }

    /// A time after `T` in ISO basic format: `hh`, `hhmm` or `hhmmss[.fraction]`.
    fn basic_time(&mut self, toks: &[Tok<'_>], i: usize, d: &str) -> Option<usize> {
        if self.time.is_some() || !matches!(d.len(), 2 | 4 | 6) {
            return None;
        }
        let part = |k: usize| d.get(k..k + 2).map_or(0, value);
        let mut t = Time {
            h: part(0),
            m: part(2),
            s: part(4),
            nanos: 0,
        };
        let next = if d.len() == 6 {
            fraction(toks, i + 1, &mut t)
        } else {
            i + 1
        };
        self.time = Some(t);
        Some(next)
    }

    /// An offset at the sign `toks[i]`: `+hh`, `+hhmm`, `+hh:mm`.
    fn numeric_offset(&mut self, toks: &[Tok<'_>], i: usize) -> Option<usize> {
        let sign = if sep_at(toks, i) == Some('-') { -1 } else { 1 };
        let d = num_at(toks, i + 1)?;
        let (h, m, next) = match d.len() {
            1 | 2 if sep_at(toks, i + 2) == Some(':') => {
                let m = num_at(toks, i + 3).filter(|m| m.len() == 2)?;
                (value(d), value(m), i + 4)
            }
            1 | 2 => (value(d), 0, i + 2),
            4 => (value(&d[..2]), value(&d[2..]), i + 2),
            _ => return None,
        };
        if h > 23 || m > 59 {
            return None;
        }
        self.offset = Some(sign * (h * 3600 + m * 60) as i32);
        Some(next)
    }

    fn sep(&mut self, toks: &[Tok<'_>], i: usize, c: char) -> Option<usize> {
        let by_word = is_word_at(toks, i + 1) || (i > 0 && is_word_at(toks, i - 1));
        match c {
            '.' | ',' | '(' | ')' => Some(i + 1),
            '+' | '-'
                if self.offset.is_none()
                    && (self.time.is_some()
                        || self.year.and(self.month).and(self.day).is_some())
                    && num_at(toks, i + 1).is_some() =>
            {
                self.numeric_offset(toks, i)
            }
            // `04-Jan-2004`, `04/Jan/2004`
            '-' | '/' if by_word => Some(i + 1),
            _ => None,
        }
    }

    fn word(&mut self, toks: &[Tok<'_>], i: usize, raw: &str) -> Option<usize> {
        let norm = Norm::new(raw);
        let w = norm.as_str();
        if w == "t" && self.time.is_none() && num_at(toks, i + 1).is_some() {
            self.after_t = true;
            return Some(i + 1);
        }
        // `a.m.`, `p.m.`
        if matches!(w, "a" | "p")
            && self.time.is_some()
            && sep_at(toks, i + 1) == Some('.')
            && matches!(toks.get(i + 2), Some(Tok::Word("m" | "M")))
        {
            self.pm = Some(w == "p");
            return Some(i + 3);
        }
        if let Some(m) = names::month(w) {
            let weekday_too = names::is_weekday(w);
            if self.month.is_none() && !(weekday_too && month_follows(toks, i + 1)) {
                self.month = Some(m);
                return Some(i + 1);
            }
            return weekday_too.then_some(i + 1);
        }
        if names::is_weekday(w) {
            return Some(i + 1);
        }
        let military = || self.time.and_then(|_| names::military(w));
        if let Some(off) = names::zone(w).or_else(military) {
            if self.offset.is_some() {
                // A comment after a numeric offset: `-0700 (PDT)`.
                return Some(i + 1);
            }
            // `GMT+2`, `UTC-05:00`
            if off == 0 && matches!(sep_at(toks, i + 1), Some('+' | '-')) {
                return self.numeric_offset(toks, i + 1);
            }
            self.offset = Some(off);
            return Some(i + 1);
        }
        match w {
            "am" if self.time.is_some() => self.pm = Some(false),
            "오전" | "午前" | "上午" => self.pm = Some(false),
            "pm" | "오후" | "午後" | "下午" => self.pm = Some(true),
            // After the time, an unknown word is a zone we do not know: the source's
            // zone applies.
            _ if names::is_filler(w) || self.time.is_some() => {}
            _ => return None,
        }
        Some(i + 1)
    }

    fn finish(&self, zone: Zone) -> Option<DateTime<Utc>> {
        let year = self.year.filter(|y| (1..=9999).contains(y))?;
        let (month, day) = match (self.month, self.day) {
            (None, Some(_)) => return None,
            (m, d) => (m.unwrap_or(1), d.unwrap_or(1)),
        };
        let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
        let t = self.time.unwrap_or_default();
        let h = match self.pm {
            Some(_) if !(1..=12).contains(&t.h) => return None,
            Some(pm) => t.h % 12 + if pm { 12 } else { 0 },
            None => t.h,
        };
        // A leap second is read as the second before it.
        let s = if t.s == 60 { 59 } else { t.s };
        let naive = date.and_time(NaiveTime::from_hms_nano_opt(h, t.m, s, t.nanos)?);
        match self.offset {
            Some(off) => FixedOffset::east_opt(off)?
                .from_local_datetime(&naive)
                .single()
                .map(|d| d.with_timezone(&Utc)),
            None => Some(zone.to_utc(naive)),
        }
    }
}

/// A fraction of a second at `toks[i]` (`.123`, `,5`) into `t`; the index after it.
fn fraction(toks: &[Tok<'_>], i: usize, t: &mut Time) -> usize {
    match (sep_at(toks, i), num_at(toks, i + 1)) {
        (Some('.' | ','), Some(f)) => {
            t.nanos = nanos(f);
            i + 2
        }
        _ => i,
    }
}

/// Whether a month name comes later: then a word that is both a weekday and a month
/// (`mar`) is the weekday.
fn month_follows(toks: &[Tok<'_>], from: usize) -> bool {
    toks.iter().skip(from).any(|t| match t {
        Tok::Word(w) => names::month(Norm::new(w).as_str()).is_some(),
        _ => false,
    })
}
