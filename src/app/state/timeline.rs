//! The timeline pane's state: the bucket size, the histogram of the matches, the
//! cursor and a range being selected.

use crate::timeline::{BucketSize, Histogram};
use crate::zone::Zone;

/// The timeline's own state.
#[derive(Debug, Clone)]
pub struct TimelineState {
    /// `None`: the size is picked to fit.
    pub forced: Option<BucketSize>,
    pub hist: Histogram,
    pub cursor: Option<usize>,
    /// Where a range selection started.
    pub anchor: Option<usize>,
}

impl TimelineState {
    /// An empty timeline (built by `AppState::refilter`).
    pub(in crate::app) fn new(zone: Zone) -> Self {
        Self {
            forced: None,
            hist: Histogram::build(&[], &[], zone, None, 1),
            cursor: None,
            anchor: None,
        }
    }

    /// The range being selected (inclusive), if any.
    pub fn range(&self) -> Option<(usize, usize)> {
        let (a, c) = (self.anchor?, self.cursor?);
        Some((a.min(c), a.max(c)))
    }

    /// Recomputes the histogram of `matching` (their `days`) for `slots` columns;
    /// the cursor and the range go when the buckets change.
    pub(in crate::app) fn rebuild(
        &mut self,
        days: &[Option<chrono::NaiveDate>],
        matching: &[usize],
        slots: usize,
    ) {
        let old_len = self.hist.len();
        self.hist = Histogram::build_days(days, matching, self.forced, slots);
        let len = self.hist.len();
        if len != old_len {
            self.anchor = None;
            self.cursor = None;
        }
        if let Some(c) = self.cursor {
            self.cursor = Some(c.min(len.saturating_sub(1)));
        }
    }

    /// Forces the next bucket size (day, week, … year, then fit again); the cursor
    /// and the range go. The caller rebuilds.
    pub(in crate::app) fn zoom(&mut self) -> Option<BucketSize> {
        let next = match self.forced {
            None => Some(BucketSize::Day),
            Some(BucketSize::Year) => None,
            Some(s) => BucketSize::ALL
                .iter()
                .skip_while(|x| **x != s)
                .nth(1)
                .copied(),
        };
        self.forced = next;
        self.cursor = None;
        self.anchor = None;
        next
    }
}
