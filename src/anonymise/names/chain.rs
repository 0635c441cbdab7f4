//! Chains of capitalised words: how far a name runs, whether it is taken, and what it is.

use std::sync::LazyLock;

use regex::Regex;

use super::super::Label;
use super::super::cues::{
    NAME_CUES, PARTICLES, PLACE_PREPOSITIONS, STREET_ENDINGS, STRONG_STREET_ENDINGS,
};
use super::super::lexicon::{Lexicon, bits};
use super::super::text::{char_after, ends_number};
use super::lowercase::is_given_name_form;
use super::tokens::{Token, at_sentence_start};

// Constant pattern; a failure to compile is a programming error caught by the unit tests.
#[allow(clippy::expect_used)]
static HOUSE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]+\d{1,4}(?:[ \t]?[a-zA-Z](?:[^\p{L}\p{N}]|$)|[-/]\d{1,3})?")
        .expect("constant pattern compiles")
});

pub(super) fn warm_up() {
    LazyLock::force(&HOUSE_NUMBER);
}

pub(super) fn ends_with_any(word: &str, endings: &[&str]) -> bool {
    endings
        .iter()
        .any(|e| word.len() >= e.len() + 2 && word.ends_with(e))
}

/// `word` without its trailing "'s" and then its trailing "’s", as `trim_end_matches` of each
/// would leave it, by plain suffix comparisons: `trim_end_matches` with a string builds a
/// substring searcher on every call (about 200 instructions), for every capitalised token.
fn without_possessives(word: &str) -> &str {
    let mut base = word;
    while let Some(b) = base.strip_suffix("'s") {
        base = b;
    }
    while let Some(b) = base.strip_suffix("’s") {
        base = b;
    }
    base
}

/// A capitalised token that may be (part of) a name.
pub(super) fn name_like(text: &str, t: Token, lex: &Lexicon) -> bool {
    if t.initial {
        return true;
    }
    if !t.capitalised || t.end - t.start < 2 {
        return false;
    }
    // "ISK-klas", "Halt-traject": a compound ending in a lowercase word is a thing; hyphenated
    // names capitalise every part ("Al-Masri", "Nieuw-Buinen").
    if let Some((_, tail)) = text[t.start..t.end].rsplit_once('-')
        && tail.chars().next().is_some_and(char::is_lowercase)
        && !t.has(bits::PLACE)
    {
        return false;
    }
    if t.is_not_name() {
        return false;
    }
    // "Lottes" is a name even though "lotte" + s is not in the lists: strip a possessive.
    let base = without_possessives(t.lo);
    base.len() == t.lo.len() || !lex.is_not_name(base)
}

/// "UMCG", "COC Drenthe": an acronym the organisation list knows, alone or with the next word.
pub(super) fn known_acronym_org(
    text: &str,
    tokens: &[Token],
    i: usize,
    lex: &Lexicon,
) -> Option<usize> {
    let t = tokens[i];
    if let Some(&next) = tokens.get(i + 1) {
        let gap = &text[t.end..next.start];
        if gap == " " {
            let two = text[t.start..next.end].to_lowercase();
            if lex.organisations.contains(&two) {
                return Some(next.end);
            }
            if t.has(bits::ORGANISATION) && next.capitalised {
                // An organisation's branch: "COC Drenthe", "VNN Assen".
                return Some(next.end);
            }
        }
    }
    t.has(bits::ORGANISATION).then_some(t.end)
}

/// Moves the start of a person's name back over lowercase tussenvoegsels before it ("meneer de
/// Hoop", "die van der Molen"), which belong to the name.
pub(super) fn with_particles(text: &str, tokens: &[Token], i: usize) -> usize {
    let mut start = tokens[i].start;
    let mut k = i;
    while k > 0 {
        let p = tokens[k - 1];
        let gap = &text[p.end..start];
        let pl = p.lo;
        if gap != " " || !PARTICLES.contains(&pl) || !p.lowercase {
            break;
        }
        // A lone "van" is usually the preposition ("de moeder van Lotte"); it belongs to the name
        // only after a title or cue ("meneer van Dijk").
        if pl == "van" && k == i {
            let before = k.checked_sub(2).map(|b| tokens[b].lo);
            let cue =
                before.is_some_and(|w| NAME_CUES.contains(&w) || matches!(w, "me" | "mij" | "die"));
            if !cue {
                break;
            }
        }
        start = p.start;
        k -= 1;
    }
    start
}

/// Extends a name from token `i` over particles and further capitalised words; returns the last
/// token's index and the end byte.
pub(super) fn extend_chain(
    text: &str,
    tokens: &[Token],
    i: usize,
    lex: &Lexicon,
) -> (usize, usize) {
    let mut j = i;
    let mut end = tokens[i].end;
    // End of the last token looked at, particle or not: the gap is measured from there.
    let mut seen_end = end;
    let mut k = i + 1;
    while k < tokens.len() {
        let gap = &text[seen_end..tokens[k].start];
        // Only spaces (or a hyphen) may separate the parts of one name.
        if gap.len() > 3 || !gap.chars().all(|c| c == ' ' || c == '-') {
            break;
        }
        let t = tokens[k];
        if PARTICLES.contains(&t.lo) && !t.initial {
            // "Mevrouw Hoekstra van Ambiq", "Koen van Het Kompas": "van" before an organisation,
            // a capitalised article or an ordinary word is the preposition, not a tussenvoegsel.
            if t.lo == "van"
                && t.lowercase
                && tokens.get(k + 1).is_some_and(|n| {
                    n.capitalised
                        && (n.has(bits::ORGANISATION)
                            || matches!(n.lo, "het" | "de")
                            || (lex.is_word(n.lo) && !n.has(bits::SURNAME | bits::FIRST_NAME)))
                })
            {
                break;
            }
            seen_end = t.end;
            k += 1;
            continue;
        }
        if name_like(text, t, lex) && (t.capitalised || t.initial) {
            j = k;
            end = t.end;
            seen_end = end;
            k += 1;
            continue;
        }
        break;
    }
    (j, end)
}

pub(super) fn accept_chain(
    text: &str,
    tokens: &[Token],
    i: usize,
    j: usize,
    end: usize,
    lex: &Lexicon,
) -> bool {
    let first = tokens[i].lo;
    if !at_sentence_start(text, tokens, i) {
        return true;
    }
    if tokens[i].initial {
        // "J. vertelt" opens notes; "A." alone at a sentence start is rarely anything else.
        return true;
    }
    let base = without_possessives(first);
    let base_flags = if base.len() == first.len() {
        tokens[i].flags
    } else {
        lex.flags(base)
    };
    if base_flags & bits::NAME_WORD != 0 {
        // "Echt", "Wil", "Roos" open sentences as words; only a surname after them makes a name.
        return j > i && tokens[i + 1..=j].iter().any(|t| t.capitalised);
    }
    if base_flags & (bits::FIRST_NAME | bits::SURNAME | bits::PLACE | bits::ORGANISATION) != 0
        || is_given_name_form(first, tokens[i].flags, lex)
        || ends_with_any(base, STRONG_STREET_ENDINGS)
    {
        return true;
    }
    if j > i
        && tokens[i + 1..=j]
            .iter()
            .any(|t| t.has(bits::FIRST_NAME | bits::SURNAME))
    {
        return true;
    }
    // "Awet (18) heeft..." : a bracketed age after an unknown word marks it as a name, unless
    // the word is an ordinary one ("Jeugdige (15) verblijft").
    let rest = text[end..].trim_start();
    rest.starts_with('(')
        && rest[1..].starts_with(|c: char| c.is_ascii_digit())
        && !lex.is_word(base)
}

pub(super) fn label_chain(
    text: &str,
    tokens: &[Token],
    i: usize,
    j: usize,
    end: usize,
    lex: &Lexicon,
) -> (Label, usize) {
    let whole_flags = if i == j {
        tokens[i].flags
    } else {
        lex.flags(&text[tokens[i].start..end].to_lowercase())
    };
    let last = tokens[j].lo;
    let prev = i.checked_sub(1).map_or("", |p| tokens[p].lo);
    let first_is_given = tokens[i].has(bits::FIRST_NAME);
    if ends_with_any(last, STREET_ENDINGS) {
        return (Label::Location, with_house_number(text, end));
    }
    if whole_flags & bits::ORGANISATION != 0 {
        return (Label::Organisation, end);
    }
    if whole_flags & bits::PLACE != 0 && whole_flags & bits::FIRST_NAME == 0 {
        return (Label::Location, end);
    }
    if PLACE_PREPOSITIONS.contains(&prev) && !first_is_given {
        return (Label::Location, end);
    }
    // "op de Dennenlaan 34", "aan de Kanaalweg": a house number after a name means an address.
    let with_number = with_house_number(text, end);
    if with_number > end && matches!(prev, "de" | "het") {
        return (Label::Location, with_number);
    }
    let prev2 = i.checked_sub(2).map(|p| tokens[p].lo);
    let after_cue =
        prev2.is_some_and(|w| NAME_CUES.contains(&w) || matches!(w, "me" | "mij" | "hem" | "haar"));
    if matches!(prev, "de" | "het" | "'t" | "’t")
        && !after_cue
        && !tokens[i].has(bits::FIRST_NAME | bits::SURNAME)
    {
        // "bij de Jumbo", "op het Nassau": an article before a proper noun means a business or
        // school, not a person.
        return (Label::Organisation, end);
    }
    (Label::Person, end)
}

/// Whether a taken chain rests on capitals alone: no word of it is a known name, place or
/// organisation, it has no street ending or house number, and no cue ("mijn zus", "meneer")
/// announces it. Such a chain is still redacted, but as a suggestion for a person to decide.
pub(super) fn is_guess(
    text: &str,
    tokens: &[Token],
    i: usize,
    j: usize,
    end: usize,
    label: Label,
) -> bool {
    let lists = bits::FIRST_NAME | bits::SURNAME | bits::PLACE | bits::ORGANISATION;
    if tokens[i..=j].iter().any(|t| t.has(lists) || t.initial) {
        return false;
    }
    if end > tokens[j].end || ends_with_any(tokens[j].lo, STREET_ENDINGS) {
        return false;
    }
    let prev = |k: usize| i.checked_sub(k).map_or("", |p| tokens[p].lo);
    let cue = |w: &str| NAME_CUES.contains(&w) || matches!(w, "heet" | "heten" | "genaamd");
    if cue(prev(1)) || cue(prev(2)) {
        return false;
    }
    // "Awet (18)": a bracketed age marks a person.
    let rest = text[end..].trim_start();
    if label == Label::Person && rest.starts_with('(') {
        return false;
    }
    // A multi-word proper name ("Hanzehof Noord") is rarely an ordinary word capitalised.
    j == i
}

/// Extends a street name over a house number ("Kerkstraat 14", "Vaart Zuidzijde 48a").
pub(super) fn with_house_number(text: &str, end: usize) -> usize {
    // Cheap test first: the pattern needs blanks and then a digit.
    let rest = text[end..].trim_start_matches([' ', '\t']);
    if rest.len() == text.len() - end || !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return end;
    }
    match HOUSE_NUMBER.find(&text[end..]) {
        Some(m) => {
            let mut e = end + m.end();
            // The letter group may have eaten the character after "48a"; give it back.
            let s = &text[end..e];
            if let Some(c) = s.chars().next_back()
                && !c.is_alphanumeric()
            {
                e -= c.len_utf8();
            }
            // "Dennenlaan 34 jaar" is not an address; the number must end there.
            if ends_number(text, e) || char_after(text, e).is_none() {
                e
            } else {
                end
            }
        }
        None => end,
    }
}
