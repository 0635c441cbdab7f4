//! Forms of letters, notes and files rather than of speech: "Postbus 1234", abbreviated streets
//! ("Molenstr. 12", "Beukenln 4", "Kerkwg 7"), streets whose name opens with a title
//! ("burgemeester falkenaweg 12"), ages as a note writes them ("Patiënte, 15 jr,", "van 12-14
//! jaar"), court and file numbers of youth protection ("C/16/301723 / JE RK 22-871"), licence
//! plates of every Dutch sidecode ("85-KX-6"), and bare runs of 7 to 14 digits. A bare digit run
//! with a word before it that names a number ("BSN", "dossier") is sure; without one it is an
//! identifier the engine is unsure of, so it is proposed as a suggestion.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{
    beyond_ascii_gates, byte_bits, char_after, char_before, digit_bits, is_word_char, re,
    skip_words, starts_word,
};
use super::{Candidate, Label, priority};

// Word boundaries are ASCII ones, `(?-u:\b)`: a Unicode `\b` makes the lazy DFA give up on any
// non-ASCII text and fall back to a slow engine (the detectors check Unicode word starts in code
// where a letter such as "é" may border a match).
static POSTBUS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?-u:\b)postbus[ \t]+\d{1,6}(?-u:\b)"));

/// A street with an abbreviated ending, or any street ending after a title word, and a house
/// number with an optional letter or addition.
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?:burgemeester|burg\.|prinses|prins|koningin|koning|dokter|dr\.|pastoor|sint|st\.|van(?:[ \t]+(?:de|den|der))?|oude|nieuwe|korte|lange|kleine|grote|graaf|gravin|generaal|professor|prof\.)[ \t]+){0,3}\p{L}[\p{L}'’-]*?(?:str|ln|wg|pln|plnts|pl|sngl|gr|kd|dk|drf|dyk|hf|mrkt|pd|prk|stg|straat|strjitte|laan|leane|weg|wei|plein|singel|gracht|kade|dijk|steeg|dreef|hof|pad|ring|diep|haven|markt|park|plantsoen|wal|burg|veld|erf|baan|bolwerk|dam)\.?[ \t]+\d{1,5}(?:[ \t]?[a-z](?-u:\b)|-\d{1,3}(?-u:\b)|[ \t]+(?:bis|hs|huis|bg|[A-Z])(?-u:\b))?",
    )
});

/// "Patiënte, 15 jr," "(15 jaar)", "15 jr." in a note: a number of years between commas or
/// brackets, or a range ("van 12-14 jaar", "12 tot 14 jaar").
static NOTE_AGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:[,(:][ \t]*|(?-u:\b)leeftijd[ \t]+)(\d{1,2})[ \t]*(?:jr\.?|jaar|j\.)(?:[ \t]*[,;)]|\.?[ \t]*$|\.[ \t])",
    )
});
static AGE_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:van|tussen|tussen de|leeftijd)[ \t]+(\d{1,2})[ \t]*(?:-|–|tot|en)[ \t]*(\d{1,2})[ \t]+(?:jaar|jr)(?-u:\b)",
    )
});

/// Court file numbers ("C/16/301723"), their rekest numbers ("JE RK 22-871"), and numbers of
/// youth-protection files ("JB-622827" is found by the id detector).
static COURT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u:\b)[A-Z]/\d{2}/\d{3,8}(?:[ \t]*/[ \t]*(?:[A-Z]{2}[ \t]){1,2}\d{2}-\d{1,6})?|(?-u:\b)(?:JE|FA|RK|JE RK|FA RK|KG ZA|KG RK)[ \t]\d{2}-\d{1,6}(?-u:\b)",
    )
});

/// Dutch licence plates: three groups of letters and digits, six characters in all.
static PLATE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u:\b)(?:[A-Z]{1,3}|\d{1,3})-(?:[A-Z]{1,3}|\d{1,3})-(?:[A-Z]{1,3}|\d{1,3})(?-u:\b)")
});

static DIGITS: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)\d{7,14}(?-u:\b)"));

/// Words just before a digit run that say it identifies someone or something.
const ID_CUES: &[&str] = &[
    "bsn",
    "burgerservicenummer",
    "nummer",
    "nr",
    "dossier",
    "dossiernummer",
    "cliëntnummer",
    "clientnummer",
    "zaaknummer",
    "kenmerk",
    "referentie",
    "patiëntnummer",
    "patientnummer",
    "registratienummer",
    "leerlingnummer",
    "studentnummer",
    "polisnummer",
    "id",
    "is",
];

pub(crate) fn warm_up() {
    for r in [
        &POSTBUS, &STREET, &NOTE_AGE, &AGE_RANGE, &COURT, &PLATE, &DIGITS,
    ] {
        LazyLock::force(r);
    }
}

fn push(out: &mut Vec<Candidate>, start: usize, end: usize, label: Label, priority: u8) {
    out.push(Candidate {
        start,
        end,
        label,
        priority,
    });
}

/// The street endings of `STREET`, lowercase: one of them stands right before the blanks (and
/// an optional full stop) before every street's house number.
const STREET_ENDINGS: &[&str] = &[
    "str",
    "ln",
    "wg",
    "pln",
    "plnts",
    "pl",
    "sngl",
    "gr",
    "kd",
    "dk",
    "drf",
    "dyk",
    "hf",
    "mrkt",
    "pd",
    "prk",
    "stg",
    "straat",
    "strjitte",
    "laan",
    "leane",
    "weg",
    "wei",
    "plein",
    "singel",
    "gracht",
    "kade",
    "dijk",
    "steeg",
    "dreef",
    "hof",
    "pad",
    "ring",
    "diep",
    "haven",
    "markt",
    "park",
    "plantsoen",
    "wal",
    "burg",
    "veld",
    "erf",
    "baan",
    "bolwerk",
    "dam",
];

/// Every byte with bit 0x20 set: or-ed into eight bytes, it lowercases ASCII letters, so one
/// comparison finds "j" and "J" (and no other byte that is a letter becomes one).
const ONES_20: u64 = 0x2020_2020_2020_2020;

/// Which patterns can match at all, from one cheap look at the text: most texts hold no street,
/// court number, plate or long digit run, and a pattern that cannot match is not run. Each test
/// is a necessary condition of its pattern, so skipping never loses a match.
struct Gates {
    postbus: bool,
    street: bool,
    age: bool,
    court: bool,
    plate: bool,
    digits: bool,
}

impl Gates {
    fn new(text: &str) -> Gates {
        if beyond_ascii_gates(text) {
            return Gates {
                postbus: true,
                street: true,
                age: true,
                court: true,
                plate: true,
                digits: true,
            };
        }
        let bytes = text.as_bytes();
        let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        let alnum_caps = |i: usize| {
            bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        };
        let (mut postbus, mut street, mut age, mut court, mut plate, mut digits) =
            (false, false, false, false, false, false);
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time past stretches without a byte any test looks at.
            let next = skip_words(bytes, i, |x| {
                digit_bits(x)
                    | byte_bits(x | ONES_20, b'j')
                    | byte_bits(x | ONES_20, b'p')
                    | byte_bits(x, b'/')
                    | byte_bits(x, b'-')
                    != 0
            });
            if next > i {
                run = 0;
                i = next;
                continue;
            }
            let b = bytes[i];
            if b.is_ascii_digit() {
                run += 1;
                digits |= run >= 7;
                // The first digit of a run after blanks: a house number after a street ending?
                if run == 1 && !street {
                    let before = text[..i].trim_end_matches([' ', '\t']);
                    if before.len() < i {
                        let word = before.strip_suffix('.').unwrap_or(before);
                        street = STREET_ENDINGS.iter().any(|e| {
                            word.len() >= e.len()
                                && word.as_bytes()[word.len() - e.len()..]
                                    .eq_ignore_ascii_case(e.as_bytes())
                        });
                    }
                }
                i += 1;
                continue;
            }
            run = 0;
            match b {
                b'j' | b'J' => {
                    age |= text[..i]
                        .trim_end_matches([' ', '\t'])
                        .bytes()
                        .next_back()
                        .is_some_and(|p| p.is_ascii_digit());
                }
                b'p' | b'P' => {
                    postbus |= bytes
                        .get(i..i + 7)
                        .is_some_and(|w| w.eq_ignore_ascii_case(b"postbus"));
                }
                b'/' => court |= digit(i + 1),
                b'-' => {
                    court |= i > 0 && digit(i - 1) && digit(i + 1);
                    plate |= i > 0 && alnum_caps(i - 1) && alnum_caps(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        Gates {
            postbus,
            street,
            age,
            court,
            plate,
            digits,
        }
    }
}

pub(crate) fn detect(text: &str, out: &mut Vec<Candidate>) {
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    if !has_digit {
        return;
    }
    let gates = Gates::new(text);
    if gates.postbus {
        for m in POSTBUS.find_iter(text) {
            push(out, m.start(), m.end(), Label::Location, priority::PATTERN);
        }
    }
    for m in gates
        .street
        .then(|| STREET.find_iter(text))
        .into_iter()
        .flatten()
    {
        // "in 2019 weg 3": the name part must hold a letter run of three or more. The start of a
        // word is checked here, not with a Unicode `\b` that would keep the regex engine off its
        // fast path on every text with an "é" or a curly quote.
        if starts_word(text, m.start())
            && m.as_str().chars().filter(|c| c.is_alphabetic()).count() >= 4
            && !char_after(text, m.end()).is_some_and(|c| c.is_ascii_digit())
        {
            push(
                out,
                m.start(),
                m.end(),
                Label::Location,
                priority::HEURISTIC,
            );
        }
    }
    for c in gates
        .age
        .then(|| NOTE_AGE.captures_iter(text))
        .into_iter()
        .flatten()
    {
        if let Some(g) = c.get(1) {
            push(out, g.start(), g.end(), Label::Age, priority::PATTERN);
        }
    }
    for c in gates
        .age
        .then(|| AGE_RANGE.captures_iter(text))
        .into_iter()
        .flatten()
    {
        for g in [c.get(1), c.get(2)].into_iter().flatten() {
            push(out, g.start(), g.end(), Label::Age, priority::PATTERN);
        }
    }
    for m in gates
        .court
        .then(|| COURT.find_iter(text))
        .into_iter()
        .flatten()
    {
        push(out, m.start(), m.end(), Label::Id, priority::PATTERN);
    }
    for m in gates
        .plate
        .then(|| PLATE.find_iter(text))
        .into_iter()
        .flatten()
    {
        let s = m.as_str();
        let alnum = s.chars().filter(|c| c.is_ascii_alphanumeric()).count();
        let letters = s.chars().any(|c| c.is_ascii_uppercase());
        let digits = s.chars().any(|c| c.is_ascii_digit());
        if alnum == 6 && letters && digits {
            push(out, m.start(), m.end(), Label::Id, priority::PATTERN);
        }
    }
    for m in gates
        .digits
        .then(|| DIGITS.find_iter(text))
        .into_iter()
        .flatten()
    {
        // Part of a longer number ("06-12345678", "12.345.678", "NL63 ...") is left to the
        // detectors of those forms.
        let joined = |c: Option<char>| {
            c.is_some_and(|c| is_word_char(c) || matches!(c, '-' | '.' | '/' | '+'))
        };
        let before = char_before(text, m.start());
        let after_dot_end = char_after(text, m.end()) == Some('.')
            && text[m.end() + 1..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_ascii_digit());
        if joined(before) || (joined(char_after(text, m.end())) && !after_dot_end) {
            continue;
        }
        let cue = text[..m.start()]
            .trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '.')
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| ID_CUES.contains(&w.to_lowercase().as_str()));
        let sure = cue || m.as_str().len() == 9;
        let priority = if sure {
            priority::PATTERN
        } else {
            priority::GUESS
        };
        push(out, m.start(), m.end(), Label::Id, priority);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Label, bool)> {
        let mut out = Vec::new();
        detect(text, &mut out);
        out.sort_by_key(|c| c.start);
        out.iter()
            .map(|c| {
                (
                    &text[c.start..c.end],
                    c.label,
                    c.priority <= priority::GUESS,
                )
            })
            .collect()
    }

    #[test]
    fn postbus_addresses_are_locations() {
        assert_eq!(
            found("Antwoord naar Postbus 1234, graag"),
            vec![("Postbus 1234", Label::Location, false)]
        );
    }

    #[test]
    fn abbreviated_and_titled_streets_take_their_house_number() {
        for (text, street) in [
            ("wonend Molenstr. 12 te", "Molenstr. 12"),
            ("op Beukenln 4a", "Beukenln 4a"),
            ("bij Molendrf 3 in", "Molendrf 3"),
            ("op Kerkprk 14", "Kerkprk 14"),
            ("adres Kerkwg 7-2.", "Kerkwg 7-2"),
            ("de Wilhelminapln 21 in", "Wilhelminapln 21"),
            (
                "op de burgemeester falkenaweg 123 ",
                "burgemeester falkenaweg 123",
            ),
            ("Van Harinxmaweg 83 A", "Van Harinxmaweg 83 A"),
        ] {
            let got = found(text);
            assert_eq!(got.first().map(|g| g.0), Some(street), "{text}");
        }
        assert!(found("ik was 2 weken weg en 3 dagen thuis").is_empty());
    }

    #[test]
    fn ages_as_notes_write_them() {
        let ages = |t| {
            found(t)
                .into_iter()
                .filter(|g| g.1 == Label::Age)
                .map(|g| g.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(ages("Patiënte, 15 jr, verwezen"), vec!["15"]);
        assert_eq!(ages("Jongere van 12-14 jaar, woonachtig"), vec!["12", "14"]);
        assert_eq!(ages("leeftijd 16 jaar."), vec!["16"]);
        assert!(ages("na 3 jaar wachten").is_empty());
    }

    #[test]
    fn court_numbers_plates_and_digit_runs_are_ids() {
        let ids = |t| {
            found(t)
                .into_iter()
                .filter(|g| g.1 == Label::Id)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids("zaak C/16/301723 / JE RK 22-871 van")[0].0,
            "C/16/301723 / JE RK 22-871"
        );
        assert_eq!(ids("kenteken 8-KXR-12.")[0].0, "8-KXR-12");
        assert!(
            ids("kenteken 85-KX-6").is_empty(),
            "five characters are no plate"
        );
        assert_eq!(ids("kenteken GH-123-T")[0].0, "GH-123-T");
        assert_eq!(ids("BSN 123456789"), vec![("123456789", Label::Id, false)]);
        assert_eq!(
            ids("dossier 14434803425777."),
            vec![("14434803425777", Label::Id, false)]
        );
        assert_eq!(
            ids("code 1443480342"),
            vec![("1443480342", Label::Id, true)]
        );
        assert!(ids("bel 06-12345678 of 2024-11-04").is_empty());
    }

    #[test]
    fn the_gates_open_only_for_what_a_pattern_needs() {
        let g = Gates::new("ik ben 15 en woon aan de Molenstr. 12");
        assert!(g.street && !g.court && !g.plate && !g.digits && !g.postbus && !g.age);
        let g = Gates::new("C/16/301723, 85-KX-6, 12345678, POSTBUS 12, (15 jr)");
        assert!(g.court && g.plate && g.digits && g.postbus && g.age && !g.street);
        // A digit beyond ASCII (`\d` matches it) or a long s (`(?i)` folds it to "s") opens all.
        let g = Gates::new("١٢٣ en ſtr 4");
        assert!(g.street && g.court && g.plate && g.digits && g.postbus && g.age);
    }
}
