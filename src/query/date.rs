//! Date terms: `@7d`, `@2024-07-04`, `@2024-07`, `@2024`, `@today` …, and ranges
//! `@A..B` / `@A--B`. Parsing with positions, printing, and resolution to UTC
//! intervals against a given "now" and display zone (days are days in that zone).

use std::fmt;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};

use super::ParseError;
use crate::zone::Zone;

/// The unit of a relative span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

/// One side of a date term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePoint {
    /// `7d`: from that long before now.
    Ago(u32, Unit),
    Day(NaiveDate),
    Month(i32, u32),
    Year(i32),
    Today,
    Yesterday,
    ThisWeek,
    LastWeek,
    ThisMonth,
    LastMonth,
}

/// A date term: one point (its whole interval) or an inclusive range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSpec {
    Point(DatePoint),
    /// Either side may be open.
    Range(Option<DatePoint>, Option<DatePoint>),
}

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Ago(n, u) => {
                let c = match u {
                    Unit::Hours => 'h',
                    Unit::Days => 'd',
                    Unit::Weeks => 'w',
                    Unit::Months => 'm',
                    Unit::Years => 'y',
                };
                write!(f, "{n}{c}")
            }
            Self::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Self::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Self::Year(y) => write!(f, "{y:04}"),
            Self::Today => f.write_str("today"),
            Self::Yesterday => f.write_str("yesterday"),
            Self::ThisWeek => f.write_str("this-week"),
            Self::LastWeek => f.write_str("last-week"),
            Self::ThisMonth => f.write_str("this-month"),
            Self::LastMonth => f.write_str("last-month"),
        }
    }
}

/// Printed without the `@`.
impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Point(p) => write!(f, "{p}"),
            Self::Range(a, b) => {
                if let Some(a) = a {
                    write!(f, "{a}")?;
                }
                f.write_str("..")?;
                if let Some(b) = b {
                    write!(f, "{b}")?;
                }
                Ok(())
            }
        }
    }
}

const FORMS: &str = "use @7d, @12h, @2w, @3m, @1y, @2024-07-04, @2024-07, @2024, @today, @this-week, or a range @2024-01..2024-06";

fn bad(pos: usize, len: usize, message: String, hint: &str) -> ParseError {
    ParseError {
        position: pos,
        len: len.max(1),
        message,
        hint: hint.to_string(),
    }
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// Reads one side; `pos` is its byte offset in the whole input.
fn parse_point(s: &str, pos: usize) -> Result<DatePoint, ParseError> {
    let lower = s.to_ascii_lowercase();
    let named = match lower.as_str() {
        "today" => Some(DatePoint::Today),
        "yesterday" => Some(DatePoint::Yesterday),
        "this-week" => Some(DatePoint::ThisWeek),
        "last-week" => Some(DatePoint::LastWeek),
        "this-month" => Some(DatePoint::ThisMonth),
        "last-month" => Some(DatePoint::LastMonth),
        _ => None,
    };
    if let Some(p) = named {
        return Ok(p);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let year = |y: &str| -> Result<i32, ParseError> {
        y.parse::<i32>()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(|| {
                bad(
                    pos,
                    s.len(),
                    format!("{s:?}: the year must have four digits"),
                    FORMS,
                )
            })
    };
    let month = |y: i32, m: &str| -> Result<u32, ParseError> {
        let mm: u32 = m.parse().unwrap_or(0);
        if (1..=12).contains(&mm) {
            Ok(mm)
        } else {
            Err(bad(
                pos + 5,
                m.len(),
                format!("{s:?}: month {m} is not 01–12"),
                &format!("try @{y}-12, or a range such as @{y}-01..{y}-06"),
            ))
        }
    };
    match parts.as_slice() {
        [y] if digits(y, 4) => return Ok(DatePoint::Year(year(y)?)),
        [y, m] if digits(y, 4) && digits(m, 2) => {
            let y = year(y)?;
            return Ok(DatePoint::Month(y, month(y, m)?));
        }
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            let yy = year(y)?;
            let mm = month(yy, m)?;
            let dd: u32 = d.parse().unwrap_or(0);
            return NaiveDate::from_ymd_opt(yy, mm, dd)
                .map(DatePoint::Day)
                .ok_or_else(|| {
                    bad(
                        pos + 8,
                        2,
                        format!("{s:?}: {y}-{m} has no day {d}"),
                        "check the day of the month",
                    )
                });
        }
        _ => {}
    }
    if let Some(unit) = s.chars().last() {
        let num = &s[..s.len() - unit.len_utf8()];
        if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) {
            let unit = match unit.to_ascii_lowercase() {
                'h' => Unit::Hours,
                'd' => Unit::Days,
                'w' => Unit::Weeks,
                'm' => Unit::Months,
                'y' => Unit::Years,
                other => {
                    return Err(bad(
                        pos + num.len(),
                        1,
                        format!("{s:?}: unknown unit {other:?}"),
                        "units are h (hours), d (days), w (weeks), m (months), y (years)",
                    ));
                }
            };
            return num
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= 100_000)
                .map(|n| DatePoint::Ago(n, unit))
                .ok_or_else(|| {
                    bad(
                        pos,
                        s.len(),
                        format!("{s:?}: the number is too large"),
                        FORMS,
                    )
                });
        }
    }
    Err(bad(
        pos,
        s.len(),
        format!("cannot read the date {s:?}"),
        FORMS,
    ))
}

/// Reads the text after `@`. `offsets[i]` is the input byte offset of char `i` of `s`;
/// `at` the offset of the `@`.
pub fn parse_spec(s: &str, offsets: &[usize], at: usize) -> Result<DateSpec, ParseError> {
    let off = |byte: usize| {
        let ci = s[..byte.min(s.len())].chars().count();
        offsets.get(ci).copied().unwrap_or(at + 1 + byte)
    };
    let split = s
        .find("..")
        .map(|i| (i, 2))
        .or_else(|| s.find("--").map(|i| (i, 2)));
    let Some((i, n)) = split else {
        return parse_point(s, off(0)).map(DateSpec::Point);
    };
    let (left, right) = (&s[..i], &s[i + n..]);
    if left.is_empty() && right.is_empty() {
        return Err(bad(
            at,
            s.len() + 1,
            "a range needs at least one side".into(),
            "e.g. @2024-03.. or @..2024-06",
        ));
    }
    let a = (!left.is_empty())
        .then(|| parse_point(left, off(0)))
        .transpose()?;
    let b = (!right.is_empty())
        .then(|| parse_point(right, off(i + n)))
        .transpose()?;
    Ok(DateSpec::Range(a, b))
}

/// A UTC interval `[start, end)`; `None` is open.
pub type Interval = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

fn midnight(d: NaiveDate, zone: Zone) -> DateTime<Utc> {
    zone.to_utc(d.and_hms_opt(0, 0, 0).unwrap_or_default())
}

fn month_start(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default()
}

/// The days `[first, after)` of a calendar point.
fn days(p: DatePoint, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let week = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    let this_month = month_start(today.year(), today.month());
    Some(match p {
        DatePoint::Day(d) => (d, d + Days::new(1)),
        DatePoint::Month(y, m) => (month_start(y, m), month_start(y, m) + Months::new(1)),
        DatePoint::Year(y) => (month_start(y, 1), month_start(y + 1, 1)),
        DatePoint::Today => (today, today + Days::new(1)),
        DatePoint::Yesterday => (today - Days::new(1), today),
        DatePoint::ThisWeek => (week, week + Days::new(7)),
        DatePoint::LastWeek => (week - Days::new(7), week),
        DatePoint::ThisMonth => (this_month, this_month + Months::new(1)),
        DatePoint::LastMonth => (this_month - Months::new(1), this_month),
        DatePoint::Ago(..) => return None,
    })
}

fn ago(n: u32, u: Unit, now: DateTime<Utc>) -> DateTime<Utc> {
    let n64 = i64::from(n);
    match u {
        Unit::Hours => now - chrono::Duration::hours(n64),
        Unit::Days => now - chrono::Duration::days(n64),
        Unit::Weeks => now - chrono::Duration::weeks(n64),
        Unit::Months => now
            .checked_sub_months(Months::new(n))
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
        Unit::Years => now
            .checked_sub_months(Months::new(n.saturating_mul(12)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
    }
}

/// The interval of one point. A relative span (`@7d`) runs from that long ago on,
/// with no end, so slightly future-dated items (clock skew) still show.
fn point_interval(p: DatePoint, now: DateTime<Utc>, zone: Zone) -> Interval {
    if let DatePoint::Ago(n, u) = p {
        return (Some(ago(n, u, now)), None);
    }
    let today = zone.from_utc(now).date_naive();
    match days(p, today) {
        Some((a, b)) => (Some(midnight(a, zone)), Some(midnight(b, zone))),
        None => (None, None),
    }
}

impl DateSpec {
    /// Whether a range is written later end first (`@2025-03..2024-01`), as resolved
    /// at `now`.
    pub fn is_reversed(&self, now: DateTime<Utc>, zone: Zone) -> bool {
        match self {
            Self::Range(Some(a), Some(b)) => {
                let start = |p: DatePoint| match p {
                    DatePoint::Ago(n, u) => Some(ago(n, u, now)),
                    _ => point_interval(p, now, zone).0,
                };
                matches!((start(*a), start(*b)), (Some(x), Some(y)) if x > y)
            }
            _ => false,
        }
    }

    /// The range with its ends swapped.
    #[must_use]
    pub fn swapped(self) -> Self {
        match self {
            Self::Range(a, b) => Self::Range(b, a),
            p @ Self::Point(_) => p,
        }
    }

    /// The UTC interval this term keeps. In a range, a relative side is an instant:
    /// `@30d..7d` runs from 30 days ago to 7 days ago.
    pub fn interval(&self, now: DateTime<Utc>, zone: Zone) -> Interval {
        match self {
            Self::Point(p) => point_interval(*p, now, zone),
            Self::Range(a, b) => {
                let start = a.and_then(|p| point_interval(p, now, zone).0);
                let end = b.and_then(|p| match p {
                    DatePoint::Ago(n, u) => Some(ago(n, u, now)),
                    _ => point_interval(p, now, zone).1,
                });
                (start, end)
            }
        }
    }
}
