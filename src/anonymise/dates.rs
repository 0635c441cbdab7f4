//! Specific days: "12 maart", "3 feb. '25", "12-03-2025", "2024-11-04", "op 12/5".
//! A year or a month alone is not identifying and is left alone.

use std::sync::LazyLock;

use regex::Regex;

mod gate;

use super::text::re;

use super::text::{find_in, group_in, is_whole_number, windows};
use super::{Candidate, Label, priority};

/// Full names first, so "jun" does not cut "juni" short; only an abbreviation takes a dot, so a
/// full stop after "12 maart." stays outside the span.
const MONTHS: &str = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|(?:jan|febr|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec)\\.?";

/// Day and month name, optionally a range start ("2 op 3 maart") and a year ("'25", "2024").
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\d{{1,2}}[ \t]*(?:op|en|t/m|tot|-|–)[ \t]*)?\d{{1,2}}(?:e|ste|de)?(?:[ \t]+|[ \t]*[-.][ \t]*)(?:{MONTHS})(?:[ \t]*[-.]?[ \t]*(?:['’`]\d{{2}}|(?:19|20)\d{{2}}))?"
    ))
});

/// Year first with a month name: "2019 augustus 1", "1928.jan.15", "'11 mei 17".
static YEAR_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:(?:19|20)\d{{2}}|['’`]\d{{2}})(?:[ \t]+|[ \t]*[-.][ \t]*)(?:{MONTHS})[ \t]*[-.]?[ \t]*(\d{{1,2}})"
    ))
});

/// Numeric dates separated by blanks, only with a four-digit year: "23 10 2011", "2011 10 23".
static SPACED: LazyLock<Regex> =
    LazyLock::new(|| re(r"\d{1,2} \d{1,2} (?:19|20)\d{2}|(?:19|20)\d{2} \d{1,2} \d{1,2}"));

/// All-numeric dates with a year, and ISO dates.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}|['’`]\d{2})|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
});

/// "op de 9e": a bare ordinal day after "de", only where nothing follows it (no noun: "de 2e
/// klas", "de 3e keer" are no dates).
static ORDINAL_DAY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)de[ \t]+(\d{1,2}(?:e|ste|de))[ \t]*(?:[,.;:!?)]|$)"));

/// A holiday with a year is one specific day: "tweede kerstdag 2022", "Koningsdag 2024".
const HOLIDAYS: &str = "kerstdag|kerstavond|kerstmis|kerst|oudejaarsavond|oudjaarsavond|oudjaar|nieuwjaarsdag|nieuwjaar|paasdag|pasen|pinksterdag|pinksteren|koningsdag|sinterklaasavond|sinterklaas|pakjesavond|suikerfeest|offerfeest|bevrijdingsdag|hemelvaartsdag|hemelvaart|carnaval|halloween|valentijnsdag|moederdag|vaderdag";

static HOLIDAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:(?:eerste|tweede)[ \t]+)?(?:{HOLIDAYS})[ \t]+(?:19|20)\d{{2}}"
    ))
});

/// Day/month without a year only after a word that announces a date, since "1/3" is also a
/// fraction.
static SHORT_WITH_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:op|tot|vanaf|per|sinds|voor|na|t/m|tm|datum|geb\.|geboren|d\.d\.)[ \t]+(\d{1,2}/\d{1,2})",
    )
});

pub(crate) fn warm_up() {
    for r in [
        &DAY_MONTH,
        &NUMERIC,
        &SHORT_WITH_CONTEXT,
        &ORDINAL_DAY,
        &HOLIDAY_YEAR,
        &YEAR_MONTH_DAY,
        &SPACED,
    ] {
        LazyLock::force(r);
    }
}

fn valid_day_month(day: u32, month: u32) -> bool {
    (1..=31).contains(&day) && (1..=12).contains(&month)
}

fn push(out: &mut Vec<Candidate>, start: usize, end: usize) {
    out.push(Candidate {
        start,
        end,
        label: Label::Date,
        priority: priority::PATTERN,
    });
}

/// `digit_runs`: the runs of ASCII digits of `text` (`text::digit_runs`).
pub(crate) fn detect(text: &str, digit_runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    // Every pattern holds a digit, with at most two chunks before it ("2 op 3 maart") and two
    // after ("3 maart 2025").
    let wins = windows(text, digit_runs.iter().copied(), 2, 2);
    if wins.is_empty() {
        return;
    }
    // Each pattern searches only the windows whose gate it passes (`gate`).
    let masks = gate::masks(text, digit_runs, &wins);
    let only = |bit: u8| -> Vec<(usize, usize)> {
        wins.iter()
            .zip(&masks)
            .filter(|&(_, m)| m & bit != 0)
            .map(|(w, _)| *w)
            .collect()
    };
    for (ms, me) in find_in(&DAY_MONTH, text, &only(gate::DAY_MONTH)) {
        let day_ok = text[ms..me]
            .split(|c: char| !c.is_ascii_digit())
            .find(|s| !s.is_empty())
            .and_then(|s| s.parse::<u32>().ok())
            .is_some_and(|d| (1..=31).contains(&d));
        // "mei" must not swallow the start of "meiden": the match must end a word.
        if day_ok && super::text::is_whole_word(text, ms, me) {
            push(out, ms, me);
        }
    }
    for (ms, me) in find_in(&NUMERIC, text, &only(gate::NUMERIC)) {
        let parts: Vec<u32> = text[ms..me]
            .split(['-', '/', '.'])
            .filter_map(|p| p.trim_start_matches(['\'', '’', '`']).parse().ok())
            .collect();
        let ok = match parts.as_slice() {
            [y, mo, d] if *y > 999 => valid_day_month(*d, *mo),
            [d, mo, _] => valid_day_month(*d, *mo),
            _ => false,
        };
        if ok && is_whole_number(text, ms, me) {
            // "'02-04-12": a quote before a two-digit year belongs to the date.
            let start = if text[..ms].ends_with(['\'', '’', '`']) {
                ms - text[..ms].chars().next_back().map_or(0, char::len_utf8)
            } else {
                ms
            };
            push(out, start, me);
        }
    }
    for c in only(gate::YEAR_MONTH_DAY).into_iter().flat_map(|(ws, we)| {
        YEAR_MONTH_DAY
            .captures_iter(&text[ws..we])
            .map(move |c| (ws, c))
    }) {
        let (ws, c) = c;
        let (Some(m), Some(day)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let d: u32 = day.as_str().parse().unwrap_or(0);
        if (1..=31).contains(&d) && is_whole_number(text, ws + m.start(), ws + m.end()) {
            push(out, ws + m.start(), ws + m.end());
        }
    }
    for (ms, me) in find_in(&SPACED, text, &only(gate::SPACED)) {
        let parts: Vec<u32> = text[ms..me]
            .split(' ')
            .filter_map(|p| p.parse().ok())
            .collect();
        let ok = match parts.as_slice() {
            [y, mo, d] if *y > 999 => valid_day_month(*d, *mo),
            [d, mo, _] => valid_day_month(*d, *mo),
            _ => false,
        };
        if ok && is_whole_number(text, ms, me) {
            push(out, ms, me);
        }
    }
    for (ds, de) in group_in(&ORDINAL_DAY, text, &only(gate::ORDINAL_DAY)) {
        let day: Option<u32> = text[ds..de]
            .trim_end_matches(|c: char| c.is_alphabetic())
            .parse()
            .ok();
        if day.is_some_and(|d| (1..=31).contains(&d)) {
            push(out, ds, de);
        }
    }
    for (ms, me) in find_in(&HOLIDAY_YEAR, text, &only(gate::HOLIDAY_YEAR)) {
        if super::text::is_whole_word(text, ms, me) {
            push(out, ms, me);
        }
    }
    for (ds, de) in group_in(&SHORT_WITH_CONTEXT, text, &only(gate::SHORT_WITH_CONTEXT)) {
        let parts: Vec<u32> = text[ds..de]
            .split('/')
            .filter_map(|p| p.parse().ok())
            .collect();
        if let [day, month] = parts.as_slice()
            && valid_day_month(*day, *month)
            && is_whole_number(text, ds, de)
        {
            push(out, ds, de);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let runs: Vec<(usize, usize)> = super::super::text::digit_runs(text).collect();
        detect(text, &runs, &mut out);
        out.iter().map(|c| &text[c.start..c.end]).collect()
    }

    #[test]
    fn day_and_month_name_with_or_without_year_are_dates() {
        assert_eq!(found("op 12 maart kwam ze"), vec!["12 maart"]);
        assert_eq!(found("sinds 1 januari 2023 hier"), vec!["1 januari 2023"]);
        assert_eq!(found("op 3 feb. '25 was het"), vec!["3 feb. '25"]);
        assert_eq!(found("de nacht van 2 op 3 maart"), vec!["2 op 3 maart"]);
    }

    #[test]
    fn numeric_dates_are_checked_for_a_real_day_and_month() {
        assert_eq!(
            found("op 12-03-2025 en 23.10.2024"),
            vec!["12-03-2025", "23.10.2024"]
        );
        assert_eq!(found("geboren 2024-11-04."), vec!["2024-11-04"]);
        assert!(found("score 45-13-2020").is_empty());
    }

    #[test]
    fn a_short_date_needs_a_word_that_announces_it() {
        assert_eq!(found("ik kan op 12/5 langskomen"), vec!["12/5"]);
        assert!(found("1/3 van de klas").is_empty());
    }

    #[test]
    fn other_orders_two_digit_years_ordinals_and_holidays_with_a_year_are_dates() {
        assert_eq!(
            found("op 2024/09/02, 3-5-'24 en 12.03.25"),
            vec!["2024/09/02", "3-5-'24", "12.03.25"]
        );
        assert_eq!(found("mijn verjaardag, de 9e, kwam niemand"), vec!["9e"]);
        assert!(found("in de 2e klas en de 3e keer").is_empty());
        assert_eq!(
            found("op tweede kerstdag 2022 en Koningsdag 2024"),
            vec!["tweede kerstdag 2022", "Koningsdag 2024"]
        );
        assert!(found("met kerst en in 2022").is_empty());
        assert_eq!(found("op 2019 augustus 1"), vec!["2019 augustus 1"]);
        assert_eq!(
            found("op 15.jan.1928 en 17-mei-2011"),
            vec!["15.jan.1928", "17-mei-2011"]
        );
        assert_eq!(found("op 23 10 2011"), vec!["23 10 2011"]);
        assert_eq!(found("op '02-04-12"), vec!["'02-04-12"]);
    }

    #[test]
    fn a_month_or_year_alone_is_not_a_date() {
        assert!(found("in maart 2024 en in de zomer van 2023").is_empty());
        assert!(found("3 meiden uit de klas").is_empty());
    }
}
