//! Names written in lowercase (chat style: "met pieter en fatima"), names announced by context
//! ("ik heet dewi"), and the other occurrences of words already found as names.

use super::super::cues::{STRONG_STREET_ENDINGS, cue};
use super::super::lexicon::{Lexicon, bits};
use super::super::{Candidate, Label, priority};
use super::chain::{ends_with_any, with_house_number};
use super::tokens::Token;

/// `word` without the ending `suffix`, if it has it. Compared byte by byte in line: the endings
/// are a few bytes long, too short for a call to `memcmp` to pay off.
fn strip_suffix<'a>(word: &'a str, suffix: &str) -> Option<&'a str> {
    let (w, x) = (word.as_bytes(), suffix.as_bytes());
    let cut = w.len().checked_sub(x.len())?;
    let same = w[cut..].iter().zip(x).all(|(a, b)| a == b);
    // Equal bytes after `cut` make `cut` a char boundary, since `suffix` is a whole `str`.
    if same { word.get(..cut) } else { None }
}

/// True when `lower` (whose lexicon flags are `flags`) is a given name from the lists, or one
/// with a possessive or diminutive ending ("lottes", "jantje", "sannetje").
pub(super) fn is_given_name_form(lower: &str, flags: u8, lex: &Lexicon) -> bool {
    if flags & bits::FIRST_NAME != 0 {
        return true;
    }
    const ENDINGS: &[&str] = &["'s", "’s", "s", "tje", "pje", "kje", "etje", "je", "ie"];
    ENDINGS.iter().any(|e| {
        strip_suffix(lower, e).is_some_and(|stem| {
            let stem = stem
                .strip_suffix(|c: char| c.is_alphabetic() && *e == "etje")
                .unwrap_or(stem);
            if stem.chars().count() < 2 {
                return false;
            }
            let f = lex.flags(stem);
            f & bits::FIRST_NAME != 0 && f & bits::NAME_WORD == 0
        })
    })
}

/// A lowercase token that is a name (or a place) all the same.
pub(super) fn lowercase_name(
    text: &str,
    tokens: &[Token],
    i: usize,
    lex: &Lexicon,
) -> Option<Label> {
    let t = tokens[i];
    let l = t.lo;
    if t.chars < 2 || t.has(bits::STOPWORD) {
        return None;
    }
    // The cues of the one, two and three words before (0 before the first word): bits read with
    // each token's lists, instead of comparing strings with lists here on every lowercase word.
    let cues_at = |back: usize| i.checked_sub(back).map_or(0, |p| tokens[p].cues);
    let (prev, prev2) = (cues_at(1), cues_at(2));
    let name_word = t.has(bits::NAME_WORD);
    if t.has(bits::FIRST_NAME) {
        let cue = prev & cue::NAME_CUE != 0
            || (prev & cue::IS != 0 && prev2 & cue::NAAM != 0)
            || (prev & cue::BEN != 0 && prev2 & cue::IK != 0)
            || (prev & cue::IK != 0 && prev2 & cue::HEET != 0);
        if !name_word || cue {
            return Some(Label::Person);
        }
    }
    if !name_word && is_given_name_form(l, t.flags, lex) {
        return Some(Label::Person);
    }
    // A lowercase place: after a preposition of place, or anywhere when the name is long enough
    // not to be a word ("kloosterveen", but not "leek").
    if t.has(bits::PLACE)
        && !name_word
        && (prev & cue::PLACE_PREPOSITION_OR_BIJ != 0 || t.chars >= 5)
    {
        return Some(Label::Location);
    }
    // "ze woont in haren", "verhuizen naar lemmer": a listed place that is also a word, after a
    // verb of living or moving and a preposition of place.
    // "woont nu in haren": one adverb may stand between the verb and the preposition.
    let verb = if prev2 & cue::ADVERB != 0 {
        cues_at(3)
    } else {
        prev2
    };
    if t.has(bits::PLACE) && prev & cue::INTO_OR_FROM != 0 && verb & cue::LIVING_VERB != 0 {
        return Some(Label::Location);
    }
    if ends_with_any(l, STRONG_STREET_ENDINGS) && with_house_number(text, t.end) > t.end {
        return Some(Label::Location);
    }
    // "mijn trainer gerlof", "mijn zus ecrin": after a word that announces a name, a lowercase
    // word that is no ordinary Dutch word is a name.
    if prev & cue::NAME_CUE != 0
        && t.chars >= 3
        && !t.is_not_name()
        && !name_word
        && !lex.is_word(l)
        && t.flags & (bits::PLACE | bits::ORGANISATION) == 0
    {
        return Some(Label::Person);
    }
    // "meneer brinkman", "MEVROUW HOFSTRA": after a title, a listed surname or any word that is
    // no ordinary word is a name.
    if prev & cue::TITLE != 0
        && !t.is_not_name()
        && (t.has(bits::SURNAME | bits::FIRST_NAME) || !lex.is_word(l))
    {
        return Some(Label::Person);
    }
    // "ik heet dewi", "mijn naam is mo": whatever follows is a name unless it is a common word.
    // "dat heet netwerkpleegzorg" names a thing: "heet" is a cue only after a person.
    let person_before = prev2 & cue::PERSON != 0;
    let strong_cue = (prev & cue::HEET_OR_HEETTE != 0 && person_before)
        || prev & cue::GENAAMD != 0
        || (prev & cue::IS != 0 && prev2 & cue::NAAM != 0)
        || (prev & cue::IK != 0 && prev2 & cue::HEET != 0);
    if strong_cue && !name_word && !t.is_not_name() {
        return Some(Label::Person);
    }
    None
}

/// Marks every other occurrence of a word already found as a name, in any case and with a
/// possessive or diminutive ending. `seen` is sorted by word and has no duplicate words.
pub(super) fn propagate(
    tokens: &[Token],
    seen: &[(&str, Label)],
    lex: &Lexicon,
    first_out: usize,
    out: &mut Vec<Candidate>,
) {
    let mut covered: Vec<(usize, usize)> =
        out[first_out..].iter().map(|c| (c.start, c.end)).collect();
    covered.sort_unstable();
    // A lowercase occurrence only counts when the lists know the word as a name and not as an
    // ordinary word: "Ben" found as a name must not hide every "ben".
    let lowercase_ok: Vec<bool> = seen
        .iter()
        .map(|(w, _)| {
            let f = lex.flags(w);
            f & (bits::FIRST_NAME | bits::SURNAME | bits::PLACE) != 0 && f & bits::NAME_WORD == 0
        })
        .collect();
    let any_lowercase_ok = lowercase_ok.iter().any(|&b| b);
    // The first entry of `seen` (in its order) that `l` is, or is with an ending.
    let find = |l: &str, capitalised: bool| -> Option<usize> {
        let mut best: Option<usize> = None;
        let forms = std::iter::once(l).chain(
            ["s", "'s", "’s", "je", "tje"]
                .iter()
                .filter_map(|e| strip_suffix(l, e)),
        );
        for form in forms {
            if let Ok(k) = seen.binary_search_by(|(w, _)| (*w).cmp(form))
                && (capitalised || lowercase_ok[k])
            {
                best = Some(best.map_or(k, |b: usize| b.min(k)));
            }
        }
        best
    };
    let mut cov = 0;
    for t in tokens {
        // `covered` is sorted by start and tokens come in order: skip spans that end before.
        while cov < covered.len() && covered[cov].1 <= t.start && covered[cov].0 <= t.start {
            cov += 1;
        }
        if covered[cov..]
            .iter()
            .take_while(|&&(s, _)| s <= t.start)
            .any(|&(_, e)| t.end <= e)
        {
            continue;
        }
        if t.chars < 2 || t.has(bits::STOPWORD) {
            continue;
        }
        if !t.capitalised && !any_lowercase_ok {
            continue;
        }
        if let Some(k) = find(t.lo, t.capitalised) {
            out.push(Candidate {
                start: t.start,
                end: t.end,
                label: seen[k].1,
                priority: priority::HEURISTIC,
            });
        }
    }
}
