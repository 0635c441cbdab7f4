//! Exact gates for the date patterns: for each window, which patterns can match in it at all.
//!
//! Every date pattern ran on every window around digits, which on a text with many numbers is
//! seven regex searches per window, most of them finding nothing. Each bit below stands for a
//! condition that every match of its pattern meets (a month word, a number of digits, a
//! separator); a window that fails it cannot hold a match, so skipping it changes nothing.
//! The conditions look at ASCII only: `\d` also matches other scripts' digits and `(?i)` lets the
//! Kelvin sign stand for "k" and the long s for "s", so a text holding such a character opens
//! every gate (`text::beyond_ascii_gates`).

use super::super::text::beyond_ascii_gates;
use super::HOLIDAYS;
#[cfg(test)]
use super::MONTHS;

/// A month word right after a digit run.
pub(super) const DAY_MONTH: u8 = 1;
/// A month word right after a digit run ("'24 mei 3").
pub(super) const YEAR_MONTH_DAY: u8 = 1 << 1;
/// Six digits ("1 2 2024").
pub(super) const SPACED: u8 = 1 << 2;
/// A '-', '/' or '.' right after a digit run, and four digits ("1-2-24").
pub(super) const NUMERIC: u8 = 1 << 3;
/// A digit right before "e", "ste" or "de" in any case ("de 9e").
pub(super) const ORDINAL_DAY: u8 = 1 << 4;
/// A holiday, blanks and a run of four digits or more from 19 or 20 ("kerst 2022").
pub(super) const HOLIDAY_YEAR: u8 = 1 << 5;
/// A '/' right after a digit run, and two digits ("12/5").
pub(super) const SHORT_WITH_CONTEXT: u8 = 1 << 6;

/// The first three letters of every month alternative of `MONTHS` ("maa" for "maart").
const MONTH_STEMS: [&[u8; 3]; 13] = [
    b"jan", b"feb", b"maa", b"mrt", b"apr", b"mei", b"jun", b"jul", b"aug", b"sep", b"okt", b"nov",
    b"dec",
];

/// Bytes that may stand between the digits and the month in `DAY_MONTH` ("3e-", "1ste ") and
/// `YEAR_MONTH_DAY` ("2024 "): an ordinal ending, blanks, a dash or a full stop.
fn between_number_and_month(b: u8) -> bool {
    matches!(
        b,
        b'e' | b'E' | b's' | b'S' | b't' | b'T' | b'd' | b'D' | b' ' | b'\t' | b'-' | b'.'
    )
}

/// True when a month word can start right after the digit run ending at `e`: both patterns put
/// the month there, after at most an ordinal ending and a separator. The month may start at any
/// byte of that stretch, and "sep", "dec" begin with letters of an ordinal ending, so each
/// position of it is tried, and the one after it. (`| 0x20` maps exactly the ASCII capitals, and
/// nothing else, onto the lowercase letters the stems are made of.)
fn month_after(b: &[u8], e: usize) -> bool {
    let mut q = e;
    loop {
        let stem = b
            .get(q..q + 3)
            .map(|w| [w[0] | 0x20, w[1] | 0x20, w[2] | 0x20]);
        if stem.is_some_and(|w| MONTH_STEMS.iter().any(|m| **m == w)) {
            return true;
        }
        match b.get(q) {
            Some(&c) if between_number_and_month(c) => q += 1,
            _ => return false,
        }
    }
}

/// True when a holiday word and blanks come right before the digit run starting at `s`: where
/// `HOLIDAY_YEAR` puts them before its year.
fn holiday_before(text: &str, s: usize) -> bool {
    let before = &text.as_bytes()[..s];
    let Some(last) = before.iter().rposition(|&c| c != b' ' && c != b'\t') else {
        return false;
    };
    if last + 1 == s {
        return false;
    }
    let head = &before[..=last];
    HOLIDAYS.split('|').any(|h| {
        head.len() >= h.len() && head[head.len() - h.len()..].eq_ignore_ascii_case(h.as_bytes())
    })
}

/// The gate bits of every window (sorted, disjoint byte ranges of `text` around `digit_runs`),
/// from the digit runs alone: every pattern's separators, ordinal endings and month words stand
/// right next to a run of digits, so a few bytes around each run tell which patterns can match.
pub(super) fn masks(text: &str, digit_runs: &[(usize, usize)], wins: &[(usize, usize)]) -> Vec<u8> {
    if beyond_ascii_gates(text) {
        return vec![u8::MAX; wins.len()];
    }
    let b = text.as_bytes();
    let mut masks = vec![0u8; wins.len()];
    // What the runs of the current window hold: digits, and the patterns their surroundings let
    // match whatever the count of digits.
    let (mut w, mut digits, mut found) = (0usize, 0usize, 0u8);
    let mut close = |w: usize, digits: usize, found: u8| {
        if let Some(m) = masks.get_mut(w) {
            *m = window_bits(digits, found);
        }
    };
    for &(s, e) in digit_runs {
        // Each digit run lies inside one chunk, so inside one window: the first that ends after it.
        if wins.get(w).is_some_and(|&(_, we)| we < e) {
            close(w, digits, found);
            (digits, found) = (0, 0);
            while wins.get(w).is_some_and(|&(_, we)| we < e) {
                w += 1;
            }
        }
        digits += e - s;
        let next = b.get(e).copied().unwrap_or(0);
        if matches!(next, b'-' | b'/' | b'.') {
            found |= NUMERIC;
        }
        if next == b'/' {
            found |= SHORT_WITH_CONTEXT;
        }
        if matches!(next, b'e' | b'E' | b's' | b'S' | b'd' | b'D') {
            found |= ORDINAL_DAY;
        }
        if month_after(b, e) {
            found |= DAY_MONTH | YEAR_MONTH_DAY;
        }
        // "(?:19|20)\d{2}": four digits from 19 or 20, after the holiday and blanks.
        if e - s >= 4 && matches!(&b[s..s + 2], b"19" | b"20") && holiday_before(text, s) {
            found |= HOLIDAY_YEAR;
        }
    }
    close(w, digits, found);
    masks
}

/// The pattern bits of a window from the digits it holds and what was found around its runs:
/// each pattern also needs a few digits at least.
fn window_bits(digits: usize, found: u8) -> u8 {
    let mut m = found;
    if digits < 4 {
        m &= !(NUMERIC | HOLIDAY_YEAR);
    }
    if digits < 2 {
        m &= !SHORT_WITH_CONTEXT;
    }
    if digits >= 6 {
        m |= SPACED;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gates(text: &str) -> u8 {
        let runs: Vec<(usize, usize)> = super::super::super::text::digit_runs(text).collect();
        masks(text, &runs, &[(0, text.len())])[0]
    }

    #[test]
    fn every_month_alternative_starts_with_a_stem() {
        for month in MONTHS.replace("(?:", "").replace(")\\.?", "").split('|') {
            let stem = month.as_bytes()[..3].to_ascii_lowercase();
            assert!(MONTH_STEMS.iter().any(|m| m[..] == stem[..]), "{month}");
        }
    }

    #[test]
    fn a_window_opens_only_the_gates_its_text_allows() {
        assert_eq!(gates("op 12 maart"), DAY_MONTH | YEAR_MONTH_DAY);
        assert_eq!(
            gates("op 1ste-SEP"),
            DAY_MONTH | YEAR_MONTH_DAY | ORDINAL_DAY
        );
        assert_eq!(gates("de 9e,"), ORDINAL_DAY);
        assert_eq!(gates("op 12/5"), SHORT_WITH_CONTEXT);
        assert_eq!(gates("Kerstmis  2021"), HOLIDAY_YEAR);
        assert_eq!(gates("ik ben 15"), 0);
        assert_eq!(gates("mijn kerst 1800"), 0);
    }

    #[test]
    fn a_character_beyond_the_gates_opens_every_gate() {
        assert_eq!(gates("op 12 ſep"), u8::MAX);
    }
}
