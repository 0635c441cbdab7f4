//! Timestamps are stored as Unix milliseconds (portable across SQLite and PostgreSQL, and exact to
//! compare) and shown as RFC 3339 UTC.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Millis(i64);

impl Millis {
    pub fn now() -> Self {
        Self::from_datetime(OffsetDateTime::now_utc())
    }
    pub fn from_datetime(t: OffsetDateTime) -> Self {
        Self((t.unix_timestamp_nanos() / 1_000_000) as i64)
    }
    pub fn from_raw(ms: i64) -> Self {
        Self(ms)
    }
    pub fn raw(self) -> i64 {
        self.0
    }
    pub fn plus_minutes(self, minutes: i64) -> Self {
        Self(self.0.saturating_add(minutes.saturating_mul(60_000)))
    }
    pub fn minus_days(self, days: i64) -> Self {
        Self(self.0.saturating_sub(days.saturating_mul(86_400_000)))
    }
    pub fn to_datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
    pub fn to_rfc3339(self) -> String {
        self.to_datetime().format(&Rfc3339).unwrap_or_default()
    }
}

/// Stored timestamps decode straight into `Millis`.
impl From<i64> for Millis {
    fn from(ms: i64) -> Self {
        Self(ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_format_as_rfc3339_utc() {
        assert_eq!(Millis::from_raw(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Millis::from_raw(1_500).to_rfc3339(),
            "1970-01-01T00:00:01.5Z"
        );
    }

    #[test]
    fn minutes_and_days_move_the_clock() {
        assert_eq!(Millis::from_raw(0).plus_minutes(2).raw(), 120_000);
        assert_eq!(Millis::from_raw(86_400_000).minus_days(1).raw(), 0);
    }
}
