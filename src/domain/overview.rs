//! Counts that may be shown to readers of the theme overview. A small count could point to one
//! young person, so a raw number never leaves the service: only a `RoundedCount`, which is either
//! "fewer than 10" or a multiple of 5 that is at least 10.

use std::fmt;

use time::Date;

/// Below this, a count is only ever shown as "fewer than 10".
pub const SMALL_COUNT_LIMIT: u64 = 10;
/// Counts at or above the limit are rounded to the nearest multiple of this.
pub const ROUNDING_STEP: u64 = 5;

/// A published-excerpt count fit to show: it cannot hold a raw small number. Built only by
/// `RoundedCount::from_raw`; the rounded variant's field is private.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RoundedCount {
    /// Zero to nine: deliberately indistinguishable.
    FewerThanTen,
    /// A multiple of 5, at least 10.
    About(Multiple),
}

/// A multiple of 5 that is at least 10: the only number a `RoundedCount` can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Multiple(u64);

impl Multiple {
    pub fn get(self) -> u64 {
        self.0
    }
}

impl RoundedCount {
    /// Under 10 becomes "fewer than 10"; anything else the nearest multiple of 5 (x.5 cannot occur
    /// for whole numbers, and 10 to 12 round to 10, never below the limit).
    pub fn from_raw(count: u64) -> Self {
        if count < SMALL_COUNT_LIMIT {
            return RoundedCount::FewerThanTen;
        }
        let rounded = (count + ROUNDING_STEP / 2) / ROUNDING_STEP * ROUNDING_STEP;
        RoundedCount::About(Multiple(rounded.max(SMALL_COUNT_LIMIT)))
    }

    /// The number to show, or `None` for "fewer than 10".
    pub fn rounded(self) -> Option<u64> {
        match self {
            RoundedCount::FewerThanTen => None,
            RoundedCount::About(m) => Some(m.get()),
        }
    }
}

/// A calendar quarter, from the month an interview was recorded (`2026-Q1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    /// 1 to 4.
    number: u8,
}

impl Quarter {
    pub fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            number: (u8::from(date.month()) - 1) / 3 + 1,
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 to 4.
    pub fn number(self) -> u8 {
        self.number
    }

    /// The quarter after this one.
    pub fn next(self) -> Self {
        if self.number == 4 {
            Self {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Self {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    /// The quarter before this one.
    pub fn previous(self) -> Self {
        if self.number == 1 {
            Self {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Self {
                year: self.year,
                number: self.number - 1,
            }
        }
    }

    /// Every quarter from `first` to `last`, both included (empty if `last` is before `first`).
    pub fn range(first: Quarter, last: Quarter) -> Vec<Quarter> {
        let mut quarters = Vec::new();
        let mut q = first;
        while q <= last {
            quarters.push(q);
            q = q.next();
        }
        quarters
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn every_count_under_ten_is_the_same_fewer_than_ten() {
        for n in 0..10 {
            assert_eq!(RoundedCount::from_raw(n), RoundedCount::FewerThanTen, "{n}");
            assert_eq!(RoundedCount::from_raw(n).rounded(), None);
        }
    }

    #[test]
    fn counts_from_ten_round_to_the_nearest_five() {
        let cases = [
            (10, 10),
            (11, 10),
            (12, 10),
            (13, 15),
            (17, 15),
            (18, 20),
            (22, 20),
            (1003, 1005),
        ];
        for (raw, shown) in cases {
            assert_eq!(RoundedCount::from_raw(raw).rounded(), Some(shown), "{raw}");
        }
    }

    #[test]
    fn a_shown_number_is_always_a_multiple_of_five_of_at_least_ten() {
        for n in 0..500 {
            if let Some(shown) = RoundedCount::from_raw(n).rounded() {
                assert!(shown >= 10 && shown % 5 == 0, "{n} -> {shown}");
                assert!(shown.abs_diff(n) <= 2, "{n} -> {shown}");
            }
        }
    }

    #[test]
    fn quarters_follow_the_month_of_recording() {
        assert_eq!(Quarter::of(date!(2026 - 01 - 01)).to_string(), "2026-Q1");
        assert_eq!(Quarter::of(date!(2026 - 03 - 31)).to_string(), "2026-Q1");
        assert_eq!(Quarter::of(date!(2026 - 04 - 01)).to_string(), "2026-Q2");
        assert_eq!(Quarter::of(date!(2026 - 12 - 14)).to_string(), "2026-Q4");
    }

    #[test]
    fn a_range_of_quarters_crosses_years_and_leaves_no_gaps() {
        let first = Quarter::of(date!(2025 - 11 - 01));
        let last = Quarter::of(date!(2026 - 05 - 01));
        let names: Vec<String> = Quarter::range(first, last)
            .iter()
            .map(|q| q.to_string())
            .collect();
        assert_eq!(names, ["2025-Q4", "2026-Q1", "2026-Q2"]);
        assert!(Quarter::range(last, first).is_empty());
        assert_eq!(first.previous().next(), first);
        assert_eq!(
            Quarter::of(date!(2026 - 02 - 01)).previous().to_string(),
            "2025-Q4"
        );
    }
}
