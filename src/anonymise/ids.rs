//! Numbers that identify a person: BSN, IBAN, licence plates, case and client numbers, and postal
//! codes (a postcode narrows an address to a street, so it is marked as a location).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;

use super::text::re;

use super::text::{beyond_ascii_gates, find_in, group_in, is_whole_number, is_whole_word, windows};
use super::{Candidate, Label, priority};

/// Nine digits, plain or grouped as 123.456.789 / 1234.56.789 / 123 456 789.
static NINE_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| re(r"\d{9}|\d{3}[. ]\d{3}[. ]\d{3}|\d{4}\.\d{2}\.\d{3}"));

/// A BSN after its name need not pass the 11-test: a typo in it still identifies.
static BSN_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:bsn|burgerservicenummer|sofinummer|sofi-nummer)[:.]?[ \t]*(?:nummer|nr\.?)?[ \t]*:?[ \t]*(\d[\d. ]{6,10}\d)",
    )
});

static IBAN: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"));

/// Dutch licence plates: the side codes in use, always with dashes.
static PLATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3}|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d",
    )
});

/// A number introduced by a word that says it is a case, client or student number.
static NUMBER_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:dossier|dossiernummer|dossiernr|cli[eë]ntnummer|cli[eë]ntnr|zaaknummer|zaaknr|kenmerk|referentie|registratienummer|leerlingnummer|studentnummer|klantnummer|polisnummer|pasnummer|kenteken|nummer|nr)\.?(?:[ \t]+(?:is|was|nummer|nr\.?))?[ \t]*[:#]?[ \t]*([A-Z0-9][A-Z0-9/-]{3,20})",
    )
});

/// Case numbers with a letter prefix (`JH-558214`) or a year prefix (`2024-0183`).
static CODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Z]{1,4}-?\d{5,10}|(?:19|20)\d{2}[-/]\d{3,6}"));

static POSTCODE: LazyLock<Regex> = LazyLock::new(|| re(r"[1-9]\d{3} ?[A-Z]{2}"));

/// Youth-protection court numbers as court letters print them: "JE RK 24-1182", "JE 24/01873",
/// "C/19/298741" (court code, year or district, sequence).
static COURT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:JE|JZ|FA|RK)(?:[ \t]+RK)?[ \t]+\d{2}[-/]\d{3,6}|C/\d{2}/\d{3,7}(?:[ \t]*/[ \t]*[A-Z]{2}[ \t]+RK[ \t]+\d{2}[-/]\d{3,6})?",
    )
});

/// A bare run of 7 to 14 digits: a patient, client or registration number even without a word
/// that announces it (a count or an amount is shorter or has separators).
static LONG_DIGITS: LazyLock<Regex> = LazyLock::new(|| re(r"\d{7,14}"));

pub(crate) fn warm_up() {
    for r in [
        &NINE_DIGITS,
        &BSN_CONTEXT,
        &IBAN,
        &PLATE,
        &NUMBER_CONTEXT,
        &CODE,
        &POSTCODE,
        &COURT,
        &LONG_DIGITS,
    ] {
        LazyLock::force(r);
    }
    LazyLock::force(&KEYWORD_SEARCH);
}

/// The BSN "11-test": 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11.
pub(crate) fn passes_eleven_test(digits: &[u32]) -> bool {
    if digits.len() != 9 || digits.iter().all(|&d| d == 0) {
        return false;
    }
    let mut sum: i64 = 0;
    for (i, &d) in digits[..8].iter().enumerate() {
        sum += i64::from(d) * (9 - i as i64);
    }
    sum -= i64::from(digits[8]);
    sum % 11 == 0
}

/// ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 is 1.
pub(crate) fn is_valid_iban(raw: &str) -> bool {
    let compact: Vec<char> = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 15 || compact.len() > 34 {
        return false;
    }
    let mut rem: u32 = 0;
    for c in compact[4..].iter().chain(&compact[..4]) {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

/// NL, two check digits, a four-letter bank code and ten digits: a shape no Dutch word has, so an
/// account number with a typo in it (which fails mod-97) is still hidden.
fn is_dutch_iban_shape(raw: &str) -> bool {
    let compact: Vec<char> = raw.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() == 18
        && compact[..2] == ['N', 'L']
        && compact[2..4].iter().all(char::is_ascii_digit)
        && compact[4..8].iter().all(char::is_ascii_uppercase)
        && compact[8..].iter().all(char::is_ascii_digit)
}

fn push(out: &mut Vec<Candidate>, start: usize, end: usize, label: Label) {
    out.push(Candidate {
        start,
        end,
        label,
        priority: priority::PATTERN,
    });
}

/// Which patterns can match at all, from one look at the digit runs and the words that announce
/// a number: in most texts with digits only one or two of the nine can. Each test is a necessary
/// condition of its pattern, so skipping a pattern never loses a match.
struct Gates {
    nine: bool,
    bsn: bool,
    iban: bool,
    plate: bool,
    context: bool,
    code: bool,
    court: bool,
    long: bool,
    postcode: bool,
}

/// The words every `BSN_CONTEXT` match holds (the first three) and every `NUMBER_CONTEXT` match
/// holds (the others), found in one pass in any ASCII letter case.
const KEYWORDS: [&str; 9] = [
    "bsn",
    "burgerservicenummer",
    "sofi",
    "nr",
    "nummer",
    "dossier",
    "kenmerk",
    "referentie",
    "kenteken",
];

/// `None` if the search could not be built: then both context patterns always run.
static KEYWORD_SEARCH: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(KEYWORDS)
        .ok()
});

impl Gates {
    fn new(text: &str, digit_runs: &[(usize, usize)]) -> Gates {
        if beyond_ascii_gates(text) {
            return Gates {
                nine: true,
                bsn: true,
                iban: true,
                plate: true,
                context: true,
                code: true,
                court: true,
                long: true,
                postcode: true,
            };
        }
        let b = text.as_bytes();
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        let upper = |i: Option<usize>| i.is_some_and(|i| at(i).is_ascii_uppercase());
        let mut g = Gates {
            nine: false,
            bsn: false,
            iban: false,
            plate: false,
            context: false,
            code: false,
            court: false,
            long: false,
            postcode: false,
        };
        for &(s, e) in digit_runs {
            let run = e - s;
            let next = at(e);
            let digit_after_next = at(e + 1).is_ascii_digit();
            let before = s.checked_sub(1);
            let before2 = s.checked_sub(2);
            g.nine |= run >= 9 || (run >= 3 && matches!(next, b'.' | b' ') && digit_after_next);
            g.iban |= run >= 2 && upper(before) && upper(before2);
            g.plate |= (matches!(next, b'-') && (at(e + 1).is_ascii_alphanumeric()))
                || (before.is_some_and(|i| at(i) == b'-')
                    && (upper(before2) || before2.is_some_and(|i| at(i).is_ascii_digit())));
            g.code |= (run >= 5
                && (upper(before) || (before.is_some_and(|i| at(i) == b'-') && upper(before2))))
                || (run >= 4 && matches!(next, b'-' | b'/') && digit_after_next);
            g.court |= (matches!(next, b'-' | b'/') && digit_after_next)
                || before.is_some_and(|i| at(i) == b'/');
            g.long |= run >= 7;
            g.postcode |= run >= 4
                && if next == b' ' {
                    at(e + 1).is_ascii_uppercase() && at(e + 2).is_ascii_uppercase()
                } else {
                    next.is_ascii_uppercase() && at(e + 1).is_ascii_uppercase()
                };
        }
        match KEYWORD_SEARCH.as_ref() {
            Some(search) => {
                for m in search.find_overlapping_iter(text) {
                    if m.pattern().as_usize() < 3 {
                        g.bsn = true;
                    } else {
                        g.context = true;
                    }
                }
            }
            None => (g.bsn, g.context) = (true, true),
        }
        g
    }
}

/// `digit_runs`: the runs of ASCII digits of `text` (`text::digit_runs`).
pub(crate) fn detect(text: &str, digit_runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    // Every pattern holds a digit; the context words reach at most four chunks before it
    // ("dossiernummer is nummer: 12345"), and grouped digits chain their windows together.
    let wins = windows(text, digit_runs.iter().copied(), 4, 2);
    if wins.is_empty() {
        return;
    }
    let gates = Gates::new(text, digit_runs);
    let wins = wins.as_slice();
    // A pattern that cannot match gets no windows at all.
    let only = |open: bool| if open { wins } else { &[] };
    for (ms, me) in find_in(&NINE_DIGITS, text, only(gates.nine)) {
        let m_str = &text[ms..me];
        let digits: Vec<u32> = m_str.chars().filter_map(|c| c.to_digit(10)).collect();
        if is_whole_number(text, ms, me) && passes_eleven_test(&digits) {
            push(out, ms, me, Label::Id);
        }
    }
    for (ns, ne) in group_in(&BSN_CONTEXT, text, only(gates.bsn)) {
        let end = ns + text[ns..ne].trim_end().len();
        push(out, ns, end, Label::Id);
    }
    for (ms, me) in find_in(&IBAN, text, only(gates.iban)) {
        let m_str = &text[ms..me];
        if is_whole_word(text, ms, me) && (is_valid_iban(m_str) || is_dutch_iban_shape(m_str)) {
            push(out, ms, me, Label::Id);
        }
    }
    for (ms, me) in find_in(&PLATE, text, only(gates.plate)) {
        if is_whole_number(text, ms, me) {
            push(out, ms, me, Label::Id);
        }
    }
    for (ns, ne) in group_in(&NUMBER_CONTEXT, text, only(gates.context)) {
        let s = text[ns..ne].trim_end_matches(['-', '/']);
        // "nummer 5" or "nr 12" is a count; an identifier has several digits.
        if s.chars().filter(char::is_ascii_digit).count() >= 4
            && is_whole_word(text, ns, ns + s.len())
        {
            push(out, ns, ns + s.len(), Label::Id);
        }
    }
    for (ms, me) in find_in(&CODE, text, only(gates.code)) {
        let s = &text[ms..me];
        // A year range such as 2019-2021 is not a case number.
        let year_range = s.len() == 9
            && (s.starts_with("19") || s.starts_with("20"))
            && (s[5..].starts_with("19") || s[5..].starts_with("20"));
        if !year_range && is_whole_number(text, ms, me) {
            push(out, ms, me, Label::Id);
        }
    }
    for (ms, me) in find_in(&COURT, text, only(gates.court)) {
        if is_whole_word(text, ms, me) {
            push(out, ms, me, Label::Id);
        }
    }
    for (ms, me) in find_in(&LONG_DIGITS, text, only(gates.long)) {
        let s = &text[ms..me];
        // Ten digits from a 0 are a phone number: the contact detector labels those.
        let phone = s.len() == 10 && s.starts_with('0');
        // Nine digits that pass the 11-test are found above as a BSN.
        let bsn = s.len() == 9 && {
            let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
            passes_eleven_test(&digits)
        };
        if !phone && !bsn && is_whole_number(text, ms, me) && !preceded_by_plus(text, ms) {
            push(out, ms, me, Label::Id);
        }
    }
    for (ms, me) in find_in(&POSTCODE, text, only(gates.postcode)) {
        let m_str = &text[ms..me];
        let letters = &m_str[m_str.len() - 2..];
        // SA, SD and SS are never issued; requiring the match to stand alone keeps "2024 EN"
        // inside a sentence of capitals out.
        if !matches!(letters, "SA" | "SD" | "SS") && is_whole_number(text, ms, me) {
            out.push(Candidate {
                start: ms,
                end: me,
                label: Label::Location,
                priority: priority::PATTERN,
            });
        }
    }
}

/// "+31612345678": the digits of an international phone number, not an identifier.
fn preceded_by_plus(text: &str, start: usize) -> bool {
    text[..start].ends_with('+')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gates_of(text: &str) -> Gates {
        let runs: Vec<(usize, usize)> = super::super::text::digit_runs(text).collect();
        Gates::new(text, &runs)
    }

    fn found(text: &str) -> Vec<(&str, Label)> {
        let mut out = Vec::new();
        let runs: Vec<(usize, usize)> = super::super::text::digit_runs(text).collect();
        detect(text, &runs, &mut out);
        out.iter()
            .map(|c| (&text[c.start..c.end], c.label))
            .collect()
    }

    #[test]
    fn court_numbers_and_bare_long_numbers_are_ids() {
        assert_eq!(
            found("zaak JE 24/01873 en JE RK 24-1182"),
            vec![("JE 24/01873", Label::Id), ("JE RK 24-1182", Label::Id)]
        );
        assert_eq!(found("pt 12345678 gezien"), vec![("12345678", Label::Id)]);
        assert!(found("bel 0612345678 of +31612345678").is_empty());
        assert!(found("ongeveer 250 euro en 123456").is_empty());
    }

    #[test]
    fn a_bsn_passing_the_eleven_test_is_an_id() {
        assert_eq!(
            found("getal 111222333 klopt"),
            vec![("111222333", Label::Id)]
        );
        // Failing the 11-test it is no BSN, but a bare run of nine digits is an id all the same.
        assert_eq!(
            found("getal 123456789 hier"),
            vec![("123456789", Label::Id)]
        );
    }

    #[test]
    fn a_bsn_after_its_name_is_an_id_even_without_the_eleven_test() {
        assert!(found("BSN: 123456789.").contains(&("123456789", Label::Id)));
    }

    #[test]
    fn a_valid_or_dutch_shaped_iban_is_an_id_and_another_is_not() {
        assert!(found("op DE63 RABO 0312 8450 67 graag").is_empty());
        assert!(
            found("op NL63 RABO 0312 8450 67 graag")
                .contains(&("NL63 RABO 0312 8450 67", Label::Id))
        );
        assert!(
            found("op NL91 ABNA 0417 1643 00 graag")
                .contains(&("NL91 ABNA 0417 1643 00", Label::Id))
        );
        assert!(found("op NL91ABNA0417164300.").contains(&("NL91ABNA0417164300", Label::Id)));
    }

    #[test]
    fn licence_plates_and_case_numbers_are_ids() {
        let got = found("Kenteken DKN-47-R, dossier 2024-0183, kenmerk JH-558214.");
        assert!(got.contains(&("DKN-47-R", Label::Id)));
        assert!(got.contains(&("2024-0183", Label::Id)));
        assert!(got.contains(&("JH-558214", Label::Id)));
    }

    #[test]
    fn a_year_range_is_not_a_case_number() {
        assert!(found("van 2019-2021 woonde ik daar").is_empty());
    }

    #[test]
    fn postcodes_with_and_without_space_are_locations() {
        let got = found("9401 HJ Assen en 9411AB Beilen");
        assert!(got.contains(&("9401 HJ", Label::Location)));
        assert!(got.contains(&("9411AB", Label::Location)));
    }

    #[test]
    fn the_gates_open_only_for_what_a_pattern_needs() {
        let g = gates_of("ik ben 15 en woon in 9401 HJ");
        assert!(g.postcode && !g.nine && !g.iban && !g.long && !g.bsn && !g.context);
        let g = gates_of("BSN 111.222.333, NL91 ABNA, dossiernr JH-558214");
        assert!(g.bsn && g.nine && g.iban && g.context && g.code && !g.postcode);
        // A digit beyond ASCII may be part of any match: every pattern runs.
        let g = gates_of("nummer ٣٣٣");
        assert!(g.nine && g.iban && g.plate && g.code && g.court && g.long && g.postcode);
    }
}
