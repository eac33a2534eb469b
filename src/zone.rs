//! Time zones as the user writes them ("local", "Europe/Minsk", "+03:00") and the two
//! conversions the rest of the program needs: a local wall-clock time to a UTC instant
//! (dates written without an offset), and a UTC instant to the display zone.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Local, LocalResult, NaiveDateTime, TimeZone, Utc};

/// A time zone: the machine's, a fixed offset, or an IANA zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Local,
    Fixed(FixedOffset),
    Named(chrono_tz::Tz),
}

/// A zone name that is neither `local`, an offset, nor an IANA name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown time zone {0:?}: expected \"local\", an IANA name such as \"Europe/Minsk\", or an offset such as \"+03:00\""
)]
pub struct ZoneError(pub String);

impl FromStr for Zone {
    type Err = ZoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("local") {
            return Ok(Self::Local);
        }
        if t.eq_ignore_ascii_case("utc") || t == "Z" {
            return Ok(Self::Fixed(FixedOffset::east_opt(0).expect("zero offset")));
        }
        if let Some(off) = parse_offset(t) {
            return Ok(Self::Fixed(off));
        }
        t.parse::<chrono_tz::Tz>()
            .map(Self::Named)
            .map_err(|_| ZoneError(s.to_string()))
    }
}

/// `+03:00`, `-0530`, `+3` → an offset.
fn parse_offset(s: &str) -> Option<FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 4 {
        return None;
    }
    let (h, m) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits[..split].parse::<i32>().ok()?,
            digits[split..].parse::<i32>().ok()?,
        )
    };
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Local => f.write_str("local"),
            Self::Fixed(off) => write!(f, "{off}"),
            Self::Named(tz) => f.write_str(tz.name()),
        }
    }
}

fn pick<T: TimeZone>(r: LocalResult<DateTime<T>>) -> Option<DateTime<Utc>> {
    // An ambiguous time (clocks going back) takes the earlier instant; a time that does
    // not exist (clocks going forward) has no instant and the caller falls back.
    r.earliest().map(|d| d.with_timezone(&Utc))
}

impl Zone {
    /// The UTC instant of a wall-clock time in this zone. A time skipped by a daylight
    /// saving change is read one hour later, as clocks show it.
    pub fn to_utc(self, naive: NaiveDateTime) -> DateTime<Utc> {
        let first = match self {
            Self::Local => pick(Local.from_local_datetime(&naive)),
            Self::Fixed(off) => pick(off.from_local_datetime(&naive)),
            Self::Named(tz) => pick(tz.from_local_datetime(&naive)),
        };
        first.unwrap_or_else(|| {
            let later = naive + chrono::Duration::hours(1);
            match self {
                Self::Local => pick(Local.from_local_datetime(&later)),
                Self::Fixed(off) => pick(off.from_local_datetime(&later)),
                Self::Named(tz) => pick(tz.from_local_datetime(&later)),
            }
            .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
        })
    }

    /// The wall-clock time of `t` in this zone, with its offset.
    pub fn from_utc(self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self {
            Self::Local => t.with_timezone(&Local).fixed_offset(),
            Self::Fixed(off) => t.with_timezone(&off),
            Self::Named(tz) => t.with_timezone(&tz).fixed_offset(),
        }
    }

    /// The zone's short name at `t` for display (`EET`, `+03:00`).
    pub fn abbreviation(self, t: DateTime<Utc>) -> String {
        match self {
            Self::Named(tz) => t.with_timezone(&tz).format("%Z").to_string(),
            _ => self.from_utc(t).format("%:z").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn naive(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    #[test]
    fn parses_every_form() {
        assert_eq!("local".parse::<Zone>().unwrap(), Zone::Local);
        assert_eq!(
            "+03:00".parse::<Zone>().unwrap(),
            Zone::Fixed(FixedOffset::east_opt(3 * 3600).unwrap())
        );
        assert_eq!(
            "-0530".parse::<Zone>().unwrap(),
            Zone::Fixed(FixedOffset::west_opt(5 * 3600 + 1800).unwrap())
        );
        assert_eq!(
            "Europe/Minsk".parse::<Zone>().unwrap(),
            Zone::Named(chrono_tz::Europe::Minsk)
        );
        assert!("Mars/Olympus".parse::<Zone>().is_err());
        assert!("+25:00".parse::<Zone>().is_err());
    }

    #[test]
    fn converts_wall_clock_to_utc() {
        let minsk: Zone = "Europe/Minsk".parse().unwrap();
        assert_eq!(
            minsk.to_utc(naive(2025, 3, 12, 9, 30)).to_rfc3339(),
            "2025-03-12T06:30:00+00:00"
        );
        let berlin: Zone = "Europe/Berlin".parse().unwrap();
        // 02:30 on 2025-03-30 does not exist in Berlin; read as 03:30 CEST.
        assert_eq!(
            berlin.to_utc(naive(2025, 3, 30, 2, 30)).to_rfc3339(),
            "2025-03-30T01:30:00+00:00"
        );
    }
}
