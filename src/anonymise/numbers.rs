//! Ages: "ik ben 15", "Jongere (15)", "vijftien jaar oud", "15-jarige", "op mijn dertiende".
//!
//! A number next to "jaar" is as often a duration ("twee jaar in een pleeggezin") as an age, so a
//! number is taken as an age only in a context that says so: a copula before it ("ik ben", "toen
//! was ik"), "oud" after it, brackets after a name, or "-jarige". Only the number is marked, as the
//! guidelines ask, except for whole tokens such as "15-jarige" and "21e".

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use super::text::re;

use super::text::{ends_number, is_whole_word, starts_word, windows};
use super::{Candidate, Label, priority};

/// Ages as digits (up to 99) or Dutch words (up to 25; older people are rarely written out).
/// Longer words come first: the regex takes the first alternative that matches ("zes" in
/// "zestien").
const NUM: &str = r"\d{1,2}|eenentwintig|tweeëntwintig|drieëntwintig|vierentwintig|vijfentwintig|twintig|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|twaalf|elf|tien|twee|drie|vier|vijf|zes|zeven|acht|negen";

const ORDINAL: &str = r"\d{1,2}(?:ste|de|e)|eenentwintigste|twintigste|twaalfde|dertiende|veertiende|vijftiende|zestiende|zeventiende|achttiende|negentiende|tiende|elfde|negende|achtste";

/// A copula and up to two adverbs before the number: "ik ben nu 17", "toen was ik acht".
static COPULA: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:ben|is|was|werd|wordt|word|zijn|waren|bent)(?:[ \t]+(?:ik|hij|zij|ze|nu|toen|pas|al|net|bijna|ongeveer|inmiddels|ook|nog|maar|dan|daar|zelf|sinds kort)){{0,2}}[ \t]+({NUM})(?:[ \t]+(?:jaar|jr\.?)(?:[ \t]+oud)?)?"
    ))
});

/// An age, a half ("6,5") or a range of ages ("11-12", "11-12,5"): only where "oud",
/// "leeftijd" or "-jarige" says it is one, since "2-1" is also a score.
const RANGE: &str = r"\d{1,2}(?:,\d)?(?:[ \t]*-[ \t]*\d{1,2}(?:,\d)?)?";

static YEARS_OLD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)({RANGE}|{NUM})[ \t]+(?:jaar|jr\.?)[ \t]+oud"
    ))
});

/// "Jongere (15)", "Moeder (41 jaar)", "M.K. (17)".
static BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| re(r"[\p{L}.][ \t]*\((\d{1,2})(?:[ \t]*(?:jaar|jr\.?|j\.?))?[,)]"));

/// "ik ben isa, zestien, en ...": an age in apposition after a name.
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:ik ben|ik heet|heet|naam is)[ \t]+\p{{L}}+,[ \t]*({NUM})(?:[ \t]+jaar)?[ \t]*(?:,|\.|$|en[ \t])"
    ))
});

static JARIGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:(?:{RANGE})(?:[ \t]*-[ \t]*|[ \t]+)|(?:{NUM}))jarigen?"
    ))
});

/// "toen ik twaalf was", "toen hij 8 werd".
static WHEN_I_WAS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)toen[ \t]+(?:ik|hij|zij|ze)[ \t]+(?:pas[ \t]+|nog[ \t]+|net[ \t]+|al[ \t]+)?({NUM})(?:[ \t]+jaar)?[ \t]+(?:was|werd|ben|geworden)"
    ))
});

/// "op mijn dertiende", "tot mijn 21e".
static ORDINAL_AGE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:op|tot|vanaf|sinds|na|voor|rond|met|vóór)[ \t]+(?:mijn|zijn|haar|z'n|m'n)[ \t]+({ORDINAL})"
    ))
});

/// "een meisje van 15", "mijn broertje Maksym van negen", "leeftijd: 15".
static NOUN_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:iemand|broer|broertje|zus|zusje|zoon|dochter|kind|kindje|jongen|meisje|meid|jongere|neef|neefje|nicht|nichtje|baby|vriend|vriendin|vriendje|jongetje)(?:[ \t]+\p{{Lu}}\p{{Ll}}+)?[ \t]+van[ \t]+({NUM})(?:[ \t]+jaar)?|leeftijd(?:[ \t]+van|:)?[ \t]*({RANGE}|{NUM})"
    ))
});

/// The number words of `NUM` and `ORDINAL`, and "jarig": every age pattern holds one of these
/// or a digit, which is what lets `detect` look only at the text around them.
#[allow(clippy::expect_used)]
static TRIGGERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let words = NUM
        .split('|')
        .chain(ORDINAL.split('|'))
        .filter(|w| !w.starts_with('\\'))
        .chain(["jarig"]);
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(words)
        .expect("constant word list builds")
});

/// How many blank-separated chunks an age pattern reaches before and after its number: a
/// copula and two adverbs ("was ik sinds kort 15"), and "jaar oud" or "jaar en" after it.
const BACK: usize = 5;
const FWD: usize = 3;

pub(crate) fn warm_up() {
    LazyLock::force(&TRIGGERS);
    LazyLock::force(&NEEDLE_SEARCH);
    for r in [
        &COPULA,
        &YEARS_OLD,
        &BRACKETS,
        &JARIGE,
        &WHEN_I_WAS,
        &ORDINAL_AGE,
        &NOUN_OF,
        &APPOSITION,
    ] {
        LazyLock::force(r);
    }
}

/// Words that may follow an age; any other word after "ik ben twee" makes it a count ("twee keer").
const AFTER_AGE: &[&str] = &[
    "en",
    "maar",
    "toen",
    "nu",
    "dus",
    "want",
    "of",
    "geworden",
    "geweest",
    "oud",
    "ofzo",
    "ofzoiets",
    "haha",
    "al",
    "pas",
    "hoor",
    "bijna",
    "inmiddels",
    "ik",
    "hij",
    "zij",
    "ze",
    "jaar",
    "jr",
    "dan",
    "die",
    "dat",
    "nog",
    "enzo",
    "en",
    "toch",
    "gewoon",
    "ook",
    "wel",
    "geloof",
    "denk",
    "of",
    "zo",
    "lol",
    "btw",
    "jongen",
    "jongens",
    "meisje",
    "meiden",
];

/// True when the text after an age-like number ends the phrase or goes on with a word that an age
/// can stand before.
fn plausible_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let rest_trim = rest.trim_start_matches([' ', '\t']);
    match rest_trim.chars().next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => {
            // "15." ends a sentence, "7.5" is a grade.
            !(c == '.' || c == ',') || !rest_trim[1..].starts_with(|d: char| d.is_ascii_digit())
        }
        Some(_) => {
            let word: String = rest_trim
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            AFTER_AGE.contains(&word.as_str())
        }
    }
}

/// True when a unit follows the number ("van twee weken"), so that it is no age.
fn unit_follows(text: &str, end: usize) -> bool {
    const UNITS: &[&str] = &[
        "keer", "weken", "week", "maanden", "maand", "dagen", "dag", "uur", "minuten", "euro",
        "procent", "kilo", "meter", "kinderen", "mensen",
    ];
    let word: String = text[end..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    UNITS.contains(&word.as_str())
}

fn push(out: &mut Vec<Candidate>, start: usize, end: usize) {
    out.push(Candidate {
        start,
        end,
        label: Label::Age,
        priority: priority::PATTERN,
    });
}

/// Literals that every match of one of the patterns holds, lowercase, with their bits in a
/// window's mask: a window without any literal of a pattern cannot hold a match of it.
const NEEDLES: [&str; 18] = [
    "oud", "(", ",", "toen", "van", "leeftijd", "jarig", "ben", "is", "was", "werd", "word",
    "zijn", "waren", "mijn", "haar", "z'n", "m'n",
];
const OUD: u32 = 1;
const BRACKET: u32 = 1 << 1;
const COMMA: u32 = 1 << 2;
const TOEN: u32 = 1 << 3;
const NOUN: u32 = 1 << 4 | 1 << 5;
const JARIG: u32 = 1 << 6;
/// "ben", "is", "was", "werd", "word", "zijn", "waren": one is in every copula.
const COPULA_WORDS: u32 = 0b11_1111_1000_0000;
/// "zijn", "mijn", "haar", "z'n", "m'n": one is in every "op mijn dertiende".
const POSSESSIVES: u32 = 1 << 12 | 0b1111 << 14;

// A constant word list; a failure to build is a programming error caught by the unit tests.
#[allow(clippy::expect_used)]
static NEEDLE_SEARCH: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(NEEDLES)
        .expect("constant word list builds")
});

/// For every window, the bits of the `NEEDLES` it holds in any letter case. A text with a
/// character that case-folds onto an ASCII letter (the Kelvin sign, the long s) gets every bit,
/// since the ASCII-only search would miss it.
fn needle_masks(text: &str, wins: &[(usize, usize)]) -> Vec<u32> {
    if text.contains(['\u{212A}', '\u{17F}']) {
        return vec![u32::MAX; wins.len()];
    }
    wins.iter()
        .map(|&(ws, we)| {
            NEEDLE_SEARCH
                .find_overlapping_iter(&text[ws..we])
                .fold(0, |m, hit| m | 1 << hit.pattern().as_u32())
        })
        .collect()
}

/// Pushes capture `group` of every match in the windows that passes `accept`. A window whose mask
/// has none of the bits of `need` (the literals every match of `re` holds) is skipped.
fn each_group(
    re: &Regex,
    need: u32,
    text: &str,
    (wins, masks): (&[(usize, usize)], &[u32]),
    out: &mut Vec<Candidate>,
    accept: impl Fn(usize, usize) -> bool,
) {
    for (&(ws, we), &mask) in wins.iter().zip(masks) {
        if mask & need == 0 {
            continue;
        }
        let win = &text[ws..we];
        for c in re.captures_iter(win) {
            let Some(whole) = c.get(0) else { continue };
            let (ms, me) = (ws + whole.start(), ws + whole.end());
            for g in c.iter().skip(1).flatten() {
                let (gs, ge) = (ws + g.start(), ws + g.end());
                if is_whole_word(text, gs, ge) && accept(ms, me) {
                    push(out, gs, ge);
                }
            }
        }
    }
}

/// Where an age may be: digits, number words standing alone, and words with "jarig".
fn triggers(text: &str, digit_runs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut t: Vec<(usize, usize)> = digit_runs.to_vec();
    let before = t.len();
    t.extend(
        TRIGGERS
            .find_iter(text)
            .filter(|m| {
                text[m.start()..m.end()].eq_ignore_ascii_case("jarig")
                    || is_whole_word(text, m.start(), m.end())
            })
            .map(|m| (m.start(), m.end())),
    );
    if before > 0 && t.len() > before {
        t.sort_unstable();
    }
    t
}

/// `digit_runs`: the runs of ASCII digits of `text` (`text::digit_runs`).
pub(crate) fn detect(text: &str, digit_runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let wins = windows(text, triggers(text, digit_runs), BACK, FWD);
    if wins.is_empty() {
        return;
    }
    let masks = needle_masks(text, &wins);
    let w = (wins.as_slice(), masks.as_slice());
    // The copula must start a word ("is" not in "crisis"), and the number must not run on into
    // "15.000" or "2-3".
    each_group(&COPULA, COPULA_WORDS, text, w, out, |ws, we| {
        starts_word(text, ws) && ends_number(text, we) && plausible_after(text, we)
    });
    each_group(&YEARS_OLD, OUD, text, w, out, |ws, _| starts_word(text, ws));
    each_group(&BRACKETS, BRACKET, text, w, out, |_, _| true);
    each_group(&APPOSITION, COMMA, text, w, out, |ws, _| {
        starts_word(text, ws)
    });
    each_group(&WHEN_I_WAS, TOEN, text, w, out, |ws, _| {
        starts_word(text, ws)
    });
    each_group(&ORDINAL_AGE, POSSESSIVES, text, w, out, |ws, _| {
        starts_word(text, ws)
    });
    // "mijn broertje van negen gaat" is an age whatever follows, unless a unit makes it a count.
    each_group(&NOUN_OF, NOUN, text, w, out, |ws, we| {
        starts_word(text, ws) && ends_number(text, we) && !unit_follows(text, we)
    });
    for (&(ws, we), &mask) in wins.iter().zip(&masks) {
        if mask & JARIG == 0 {
            continue;
        }
        for m in JARIGE.find_iter(&text[ws..we]) {
            let (s, e) = (ws + m.start(), ws + m.end());
            if is_whole_word(text, s, e) {
                push(out, s, e);
            }
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
        let mut v: Vec<&str> = out.iter().map(|c| &text[c.start..c.end]).collect();
        v.dedup();
        v
    }

    #[test]
    fn an_age_after_a_copula_is_found_as_the_number_only() {
        assert_eq!(found("Ik ben 15 en ik woon hier."), vec!["15"]);
        assert_eq!(found("Ik ben nu zestien."), vec!["zestien"]);
        assert_eq!(found("Nu ben ik 17 jaar oud."), vec!["17"]);
        assert_eq!(found("toen was ik acht."), vec!["acht"]);
    }

    #[test]
    fn halves_and_ranges_of_ages_are_found_where_the_context_says_age() {
        assert_eq!(found("patient is 6,5 jaar oud"), vec!["6,5"]);
        assert_eq!(found("op 12,5-jarige leeftijd"), vec!["12,5-jarige"]);
        assert_eq!(found("leeftijd 3-4 jaar"), vec!["3-4"]);
        assert_eq!(found("op 11-12 jarige leeftijd"), vec!["11-12 jarige"]);
        assert!(found("het was 2-1 voor ons").is_empty());
    }

    #[test]
    fn a_count_or_duration_is_not_an_age() {
        assert!(found("ik ben twee keer gepakt").is_empty());
        assert!(found("Ik woon nu twee jaar in een pleeggezin.").is_empty());
        assert!(found("er waren drie andere kids").is_empty());
        assert!(found("het is 10 uur").is_empty());
    }

    #[test]
    fn ages_in_brackets_and_jarige_tokens_are_found() {
        assert_eq!(found("Jongere (15) en moeder (41)."), vec!["15", "41"]);
        assert_eq!(found("een 15-jarige jongen"), vec!["15-jarige"]);
        assert_eq!(found("de vijftienjarige"), vec!["vijftienjarige"]);
    }

    #[test]
    fn ages_told_as_a_moment_in_life_are_found() {
        assert_eq!(found("toen ik twaalf was kwam ik hier"), vec!["twaalf"]);
        assert_eq!(found("Op mijn dertiende begon het"), vec!["dertiende"]);
        assert_eq!(found("begeleiding tot mijn 21e."), vec!["21e"]);
        assert_eq!(
            found("mijn broertje Maksym van negen gaat ook"),
            vec!["negen"]
        );
    }

    #[test]
    fn a_generic_age_limit_is_not_a_persons_age() {
        assert!(found("Maak het standaard tot je 21 bent.").is_empty());
    }
}
