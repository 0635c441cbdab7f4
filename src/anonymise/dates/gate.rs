//! Exact gates for the date patterns: for each window, which patterns can match in it at all.
//!
//! Every date pattern ran on every window around digits, which on a text with many numbers is
//! seven regex searches per window, most of them finding nothing. Each bit below stands for a
//! condition that every match of its pattern meets (a month word, a number of digits, a
//! separator); a window that fails it cannot hold a match, so skipping it changes nothing.
//! The conditions look at ASCII only: `\d` also matches other scripts' digits and `(?i)` lets the
//! Kelvin sign stand for "k" and the long s for "s", so a text holding such a character opens
//! every gate (`text::beyond_ascii_gates`).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};

use super::super::text::beyond_ascii_gates;
use super::{HOLIDAYS, MONTHS};

/// A month word and a digit.
pub(super) const DAY_MONTH: u8 = 1;
/// A month word and three digits ("'24 mei 3").
pub(super) const YEAR_MONTH_DAY: u8 = 1 << 1;
/// Six digits ("1 2 2024").
pub(super) const SPACED: u8 = 1 << 2;
/// A '-', '/' or '.' and four digits ("1-2-24").
pub(super) const NUMERIC: u8 = 1 << 3;
/// A digit right before "e", "ste" or "de" in any case ("de 9e").
pub(super) const ORDINAL_DAY: u8 = 1 << 4;
/// A holiday and four digits ("kerst 2022").
pub(super) const HOLIDAY_YEAR: u8 = 1 << 5;
/// A '/' and two digits ("12/5").
pub(super) const SHORT_WITH_CONTEXT: u8 = 1 << 6;

/// Builds an any-case search for the alternatives of a pattern fragment.
// Constant word lists; a failure to build is a programming error caught by the unit tests.
#[allow(clippy::expect_used)]
fn words(alternatives: &str) -> AhoCorasick {
    // "(?:jan|...|dec)\.?": the abbreviations are alternatives like the full names.
    let plain = alternatives.replace("(?:", "").replace(")\\.?", "");
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(plain.split('|'))
        .expect("constant word list builds")
}

static MONTH_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| words(MONTHS));
static HOLIDAY_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| words(HOLIDAYS));

pub(super) fn warm_up() {
    LazyLock::force(&MONTH_WORDS);
    LazyLock::force(&HOLIDAY_WORDS);
}

/// The gate bits of every window (byte ranges of `text`).
pub(super) fn masks(text: &str, wins: &[(usize, usize)]) -> Vec<u8> {
    if beyond_ascii_gates(text) {
        return vec![u8::MAX; wins.len()];
    }
    wins.iter().map(|&(ws, we)| mask(&text[ws..we])).collect()
}

fn mask(win: &str) -> u8 {
    let bytes = win.as_bytes();
    let (mut digits, mut sep, mut slash, mut ordinal) = (0usize, false, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            digits += 1;
            ordinal |= bytes
                .get(i + 1)
                .is_some_and(|n| matches!(n, b'e' | b'E' | b's' | b'S' | b'd' | b'D'));
        } else {
            sep |= matches!(b, b'-' | b'/' | b'.');
            slash |= b == b'/';
        }
    }
    let mut m = 0;
    if digits >= 1 && MONTH_WORDS.is_match(win) {
        m |= DAY_MONTH;
        if digits >= 3 {
            m |= YEAR_MONTH_DAY;
        }
    }
    if digits >= 6 {
        m |= SPACED;
    }
    if sep && digits >= 4 {
        m |= NUMERIC;
    }
    if ordinal {
        m |= ORDINAL_DAY;
    }
    if digits >= 4 && HOLIDAY_WORDS.is_match(win) {
        m |= HOLIDAY_YEAR;
    }
    if slash && digits >= 2 {
        m |= SHORT_WITH_CONTEXT;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_month_and_holiday_alternative_is_a_gate_word() {
        for w in ["januari", "sept", "mrt", "Mei", "KERSTDAG", "pinksteren", "vaderdag"] {
            assert!(MONTH_WORDS.is_match(w) || HOLIDAY_WORDS.is_match(w), "{w}");
        }
    }

    #[test]
    fn a_window_opens_only_the_gates_its_text_allows() {
        assert_eq!(mask("op 12 maart"), DAY_MONTH);
        assert_eq!(mask("de 9e,"), ORDINAL_DAY);
        assert_eq!(mask("op 12/5"), SHORT_WITH_CONTEXT);
        assert_eq!(mask("ik ben 15"), 0);
    }
}
