//! Pure bucketing of article dates into days, weeks, months, quarters or years in the
//! display zone: which size fits a width, the counts per bucket (filtered and all),
//! labels, and the query date term that selects a run of buckets. No UI, no "now".

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};

use crate::zone::Zone;

/// The span of one bucket. Weeks start on Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BucketSize {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl BucketSize {
    /// Every size, smallest first.
    pub const ALL: [BucketSize; 5] = [
        Self::Day,
        Self::Week,
        Self::Month,
        Self::Quarter,
        Self::Year,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The first day of the bucket holding `date`.
pub fn bucket_start(date: NaiveDate, size: BucketSize) -> NaiveDate {
    match size {
        BucketSize::Day => date,
        BucketSize::Week => date - Days::new(u64::from(date.weekday().num_days_from_monday())),
        BucketSize::Month => ymd(date.year(), date.month(), 1),
        BucketSize::Quarter => ymd(date.year(), (date.month() - 1) / 3 * 3 + 1, 1),
        BucketSize::Year => ymd(date.year(), 1, 1),
    }
}

/// The start of the bucket after the one starting at `start`.
pub fn next_bucket(start: NaiveDate, size: BucketSize) -> NaiveDate {
    match size {
        BucketSize::Day => start + Days::new(1),
        BucketSize::Week => start + Days::new(7),
        BucketSize::Month => start + Months::new(1),
        BucketSize::Quarter => start + Months::new(3),
        BucketSize::Year => start + Months::new(12),
    }
}

/// The last day of the bucket starting at `start`.
pub fn bucket_end(start: NaiveDate, size: BucketSize) -> NaiveDate {
    next_bucket(start, size) - Days::new(1)
}

/// Index of `date`'s bucket counted from the bucket starting at `first`.
fn index(first: NaiveDate, date: NaiveDate, size: BucketSize) -> i64 {
    let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    match size {
        BucketSize::Day => (date - first).num_days(),
        BucketSize::Week => (bucket_start(date, size) - first).num_days() / 7,
        BucketSize::Month => months(date) - months(first),
        BucketSize::Quarter => (months(date) - months(first)).div_euclid(3),
        BucketSize::Year => i64::from(date.year() - first.year()),
    }
}

/// The smallest size whose buckets over `[first, last]` fit in `slots`.
pub fn pick_size(first: NaiveDate, last: NaiveDate, slots: usize) -> BucketSize {
    BucketSize::ALL
        .into_iter()
        .find(|s| {
            let n = index(bucket_start(first, *s), last, *s) + 1;
            usize::try_from(n).unwrap_or(usize::MAX) <= slots.max(1)
        })
        .unwrap_or(BucketSize::Year)
}

/// The calendar day of each instant in `zone`.
pub fn local_days(all: &[Option<DateTime<Utc>>], zone: Zone) -> Vec<Option<NaiveDate>> {
    all.iter()
        .map(|d| d.map(|d| zone.from_utc(d).date_naive()))
        .collect()
}

/// Article counts per bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    pub size: BucketSize,
    /// Consecutive bucket starts, oldest first, spanning every dated article (not only
    /// the filtered ones, so the axis stays put while the filter changes).
    pub starts: Vec<NaiveDate>,
    /// Articles the filter keeps, per bucket.
    pub filtered: Vec<u32>,
    /// All articles, per bucket.
    pub total: Vec<u32>,
}

impl Histogram {
    /// Buckets `all` (None = undated, left out) by their day in `zone`; `matching`
    /// indexes into `all`. `size`: forced, else picked to fit `slots`.
    pub fn build(
        all: &[Option<DateTime<Utc>>],
        matching: &[usize],
        zone: Zone,
        size: Option<BucketSize>,
        slots: usize,
    ) -> Self {
        Self::build_days(&local_days(all, zone), matching, size, slots)
    }

    /// As [`Histogram::build`], from calendar days already in the display zone (the
    /// reader computes them once, not on every keystroke).
    pub fn build_days(
        days: &[Option<NaiveDate>],
        matching: &[usize],
        size: Option<BucketSize>,
        slots: usize,
    ) -> Self {
        let (Some(first), Some(last)) = (days.iter().flatten().min(), days.iter().flatten().max())
        else {
            return Self {
                size: size.unwrap_or(BucketSize::Month),
                starts: Vec::new(),
                filtered: Vec::new(),
                total: Vec::new(),
            };
        };
        let size = size.unwrap_or_else(|| pick_size(*first, *last, slots));
        let start = bucket_start(*first, size);
        let n = usize::try_from(index(start, *last, size) + 1).unwrap_or(1);
        let mut starts = Vec::with_capacity(n);
        let mut s = start;
        for _ in 0..n {
            starts.push(s);
            s = next_bucket(s, size);
        }
        let mut total = vec![0u32; n];
        let mut filtered = vec![0u32; n];
        let slot = |d: NaiveDate| {
            usize::try_from(index(start, d, size))
                .ok()
                .filter(|i| *i < n)
        };
        for d in days.iter().flatten() {
            if let Some(i) = slot(*d) {
                total[i] += 1;
            }
        }
        for &m in matching {
            if let Some(i) = days.get(m).copied().flatten().and_then(slot) {
                filtered[i] += 1;
            }
        }
        Self {
            size,
            starts,
            filtered,
            total,
        }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The bucket holding the instant `t`.
    pub fn bucket_of(&self, t: DateTime<Utc>, zone: Zone) -> Option<usize> {
        let first = *self.starts.first()?;
        let i = index(first, zone.from_utc(t).date_naive(), self.size);
        usize::try_from(i).ok().filter(|i| *i < self.len())
    }

    fn start_form(&self, i: usize) -> String {
        let s = self.starts[i];
        match self.size {
            BucketSize::Day | BucketSize::Week => s.format("%Y-%m-%d").to_string(),
            BucketSize::Month | BucketSize::Quarter => s.format("%Y-%m").to_string(),
            BucketSize::Year => s.format("%Y").to_string(),
        }
    }

    fn end_form(&self, i: usize) -> String {
        let e = bucket_end(self.starts[i], self.size);
        match self.size {
            BucketSize::Day | BucketSize::Week => e.format("%Y-%m-%d").to_string(),
            BucketSize::Month | BucketSize::Quarter => e.format("%Y-%m").to_string(),
            BucketSize::Year => e.format("%Y").to_string(),
        }
    }

    /// The date term (without `@`) selecting buckets `a..=b`.
    pub fn date_term(&self, a: usize, b: usize) -> String {
        let (a, b) = (a.min(b), a.max(b).min(self.len().saturating_sub(1)));
        if self.is_empty() {
            return String::new();
        }
        let (start, end) = (self.start_form(a), self.end_form(b));
        if start == end {
            start
        } else {
            format!("{start}..{end}")
        }
    }

    /// The label of bucket `i` with its year, for the cursor: what Enter filters to
    /// (`Sep 2026` is `@2026-09`; a week is named by its Monday).
    pub fn full_label(&self, i: usize) -> String {
        let s = self.starts[i];
        match self.size {
            BucketSize::Day => s.format("%a %d %b %Y").to_string(),
            BucketSize::Week => s.format("week of %d %b %Y").to_string(),
            _ => self.label(i),
        }
    }

    /// A short axis label for bucket `i`; days and weeks name their year when
    /// `with_year` (the first label, and where the year changes).
    pub fn axis_label(&self, i: usize, with_year: bool) -> String {
        match self.size {
            BucketSize::Day | BucketSize::Week if with_year => {
                self.starts[i].format("%b %d %Y").to_string()
            }
            _ => self.label(i),
        }
    }

    /// A short axis label for bucket `i`.
    pub fn label(&self, i: usize) -> String {
        let s = self.starts[i];
        match self.size {
            BucketSize::Day | BucketSize::Week => s.format("%b %d").to_string(),
            BucketSize::Month => s.format("%b %Y").to_string(),
            BucketSize::Quarter => format!("Q{} {}", s.month0() / 3 + 1, s.year()),
            BucketSize::Year => s.format("%Y").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn bucket_bounds_for_every_size() {
        use BucketSize::*;
        assert_eq!(bucket_start(d("2024-02-29"), Day), d("2024-02-29"));
        assert_eq!(bucket_end(d("2024-02-29"), Day), d("2024-02-29"));
        // 2025-01-01 is a Wednesday: its week starts in 2024.
        assert_eq!(bucket_start(d("2025-01-01"), Week), d("2024-12-30"));
        assert_eq!(bucket_end(d("2024-12-30"), Week), d("2025-01-05"));
        assert_eq!(bucket_start(d("2024-02-29"), Month), d("2024-02-01"));
        assert_eq!(bucket_end(d("2024-02-01"), Month), d("2024-02-29"));
        assert_eq!(bucket_end(d("2023-02-01"), Month), d("2023-02-28"));
        assert_eq!(bucket_start(d("2024-08-15"), Quarter), d("2024-07-01"));
        assert_eq!(bucket_end(d("2024-10-01"), Quarter), d("2024-12-31"));
        assert_eq!(bucket_start(d("2024-08-15"), Year), d("2024-01-01"));
        assert_eq!(next_bucket(d("2024-01-01"), Year), d("2025-01-01"));
    }

    #[test]
    fn picks_the_smallest_size_that_fits() {
        assert_eq!(
            pick_size(d("2024-01-01"), d("2024-01-31"), 100),
            BucketSize::Day
        );
        assert_eq!(
            pick_size(d("2024-01-01"), d("2025-06-30"), 100),
            BucketSize::Week
        );
        assert_eq!(
            pick_size(d("2024-01-01"), d("2025-06-30"), 40),
            BucketSize::Month
        );
        assert_eq!(
            pick_size(d("2010-01-01"), d("2025-06-30"), 40),
            BucketSize::Year
        );
    }

    #[test]
    fn counts_by_local_day() {
        let plus3: Zone = "+03:00".parse().unwrap();
        let all = [
            Some(t("2024-07-04T22:30:00Z")),
            Some(t("2024-07-04T10:00:00Z")),
            None,
            Some(t("2024-07-06T10:00:00Z")),
        ];
        let h = Histogram::build(&all, &[0, 2], plus3, Some(BucketSize::Day), 100);
        assert_eq!(
            h.starts,
            vec![d("2024-07-04"), d("2024-07-05"), d("2024-07-06")]
        );
        assert_eq!(h.total, vec![1, 1, 1]);
        assert_eq!(h.filtered, vec![0, 1, 0]);
        assert_eq!(h.bucket_of(t("2024-07-04T22:30:00Z"), plus3), Some(1));
        assert_eq!(h.bucket_of(t("2024-07-09T00:00:00Z"), plus3), None);
        let empty = Histogram::build(&[None], &[], plus3, None, 10);
        assert!(empty.is_empty());
    }

    #[test]
    fn terms_and_labels() {
        let utc: Zone = "UTC".parse().unwrap();
        let all = [
            Some(t("2024-01-10T00:00:00Z")),
            Some(t("2024-07-04T00:00:00Z")),
        ];
        let build = |s| Histogram::build(&all, &[], utc, Some(s), 10);
        let m = build(BucketSize::Month);
        assert_eq!(m.date_term(0, 0), "2024-01");
        assert_eq!(m.date_term(0, 5), "2024-01..2024-06");
        assert_eq!(m.label(6), "Jul 2024");
        let day = build(BucketSize::Day);
        assert_eq!(day.date_term(1, 1), "2024-01-11");
        assert_eq!(day.date_term(0, 2), "2024-01-10..2024-01-12");
        assert_eq!(day.label(0), "Jan 10");
        let w = build(BucketSize::Week);
        assert_eq!(w.date_term(0, 0), "2024-01-08..2024-01-14");
        let q = build(BucketSize::Quarter);
        assert_eq!(q.date_term(2, 2), "2024-07..2024-09");
        assert_eq!(q.label(2), "Q3 2024");
        let y = build(BucketSize::Year);
        assert_eq!(y.date_term(0, 0), "2024");
        assert_eq!(y.label(0), "2024");
    }
}
