//! Moments as people in the Netherlands read them: Europe/Amsterdam local time, in words
//! ("28 november 2026, 14:05"), not UTC. The EU rule is fixed in law (Directive 2000/84/EC):
//! summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC both, so
//! no time-zone database is needed.

use time::{Date, Duration, Month, OffsetDateTime, UtcOffset};

use super::i18n::Lang;
use crate::domain::time::Millis;

const NL_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The last Sunday of a 31-day month, at 01:00 UTC: when EU clocks change.
fn change_at(year: i32, month: Month) -> Option<OffsetDateTime> {
    let last = Date::from_calendar_date(year, month, 31).ok()?;
    let back = i64::from(last.weekday().number_days_from_sunday());
    let sunday = last - Duration::days(back);
    Some(sunday.with_hms(1, 0, 0).ok()?.assume_utc())
}

/// The offset Amsterdam had at `utc`: +02:00 in summer time, +01:00 otherwise.
fn amsterdam_offset(utc: OffsetDateTime) -> UtcOffset {
    let year = utc.year();
    let summer = match (
        change_at(year, Month::March),
        change_at(year, Month::October),
    ) {
        (Some(start), Some(end)) => utc >= start && utc < end,
        _ => false,
    };
    let hours = if summer { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

fn in_amsterdam(m: Millis) -> OffsetDateTime {
    let utc = m.to_datetime();
    utc.to_offset(amsterdam_offset(utc))
}

fn month_name(lang: Lang, month: Month) -> &'static str {
    let names = match lang {
        Lang::Nl => &NL_MONTHS,
        Lang::En => &EN_MONTHS,
    };
    names[usize::from(u8::from(month)) - 1]
}

/// Date and time in Amsterdam: "28 november 2026, 14:05".
pub fn local_when(lang: Lang, m: Millis) -> String {
    let t = in_amsterdam(m);
    format!(
        "{} {} {}, {:02}:{:02}",
        t.day(),
        month_name(lang, t.month()),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// The date alone in Amsterdam: "28 november 2026".
pub fn local_date(lang: Lang, m: Millis) -> String {
    let t = in_amsterdam(m);
    format!("{} {} {}", t.day(), month_name(lang, t.month()), t.year())
}

/// An RFC 3339 moment (as in a receipt) in Amsterdam words; the raw text if it does not parse.
pub fn local_when_rfc3339(lang: Lang, raw: &str) -> String {
    match OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339) {
        Ok(t) => local_when(lang, Millis::from_datetime(t)),
        Err(_) => raw.to_string(),
    }
}

/// The date of an RFC 3339 moment in Amsterdam; the raw text if it does not parse.
pub fn local_date_rfc3339(lang: Lang, raw: &str) -> String {
    match OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339) {
        Ok(t) => local_date(lang, Millis::from_datetime(t)),
        Err(_) => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn at(t: OffsetDateTime) -> Millis {
        Millis::from_datetime(t)
    }

    #[test]
    fn winter_is_one_hour_ahead_of_utc_and_summer_two() {
        assert_eq!(
            local_when(Lang::Nl, at(datetime!(2026-11-28 13:05 UTC))),
            "28 november 2026, 14:05"
        );
        assert_eq!(
            local_when(Lang::Nl, at(datetime!(2026-07-01 12:00 UTC))),
            "1 juli 2026, 14:00"
        );
        assert_eq!(
            local_when(Lang::En, at(datetime!(2026-03-05 09:30 UTC))),
            "5 March 2026, 10:30"
        );
    }

    #[test]
    fn the_clocks_change_on_the_last_sundays_of_march_and_october_at_one_utc() {
        // 2026: 29 March and 25 October.
        let before = local_when(Lang::Nl, at(datetime!(2026-03-29 00:59 UTC)));
        let after = local_when(Lang::Nl, at(datetime!(2026-03-29 01:00 UTC)));
        assert_eq!(before, "29 maart 2026, 01:59");
        assert_eq!(after, "29 maart 2026, 03:00");
        let before = local_when(Lang::Nl, at(datetime!(2026-10-25 00:59 UTC)));
        let after = local_when(Lang::Nl, at(datetime!(2026-10-25 01:00 UTC)));
        assert_eq!(before, "25 oktober 2026, 02:59");
        assert_eq!(after, "25 oktober 2026, 02:00");
    }

    #[test]
    fn new_years_eve_in_utc_is_already_new_year_in_amsterdam() {
        assert_eq!(
            local_date(Lang::Nl, at(datetime!(2026-12-31 23:30 UTC))),
            "1 januari 2027"
        );
        assert_eq!(
            local_when_rfc3339(Lang::Nl, "2026-11-28T13:05:00Z"),
            "28 november 2026, 14:05"
        );
        assert_eq!(local_when_rfc3339(Lang::Nl, "not a date"), "not a date");
    }
}
