//! Names of people and places found from capitalisation, word lists and context.
//!
//! - A capitalised word in mid-sentence that is not a common capitalised word ("Nederland",
//!   "WhatsApp") is taken for a name, together with the capitalised words and tussenvoegsels that
//!   follow it ("Kevin van der Veen", "A. de Bruin").
//! - At the start of a sentence capitals say nothing, so a word there is only taken when the lists
//!   know it as a name or a place.
//! - Lowercase words are taken when the lists know them as given names and they are not also
//!   ordinary words, or when the context says a name follows ("ik heet", "mijn zus").
//! - The label is a location when a preposition of place comes before ("in", "uit"), the word ends
//!   like a street, or the lists know it as a place; otherwise a person.

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::Lexicon;
use super::text::{char_after, ends_number};
use super::{Candidate, Label, priority};

// Constant pattern; a failure to compile is a programming error caught by the unit tests.
#[allow(clippy::expect_used)]
static HOUSE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]+\d{1,4}(?:[ \t]?[a-zA-Z](?:[^\p{L}\p{N}]|$)|[-/]\d{1,3})?")
        .expect("constant pattern compiles")
});

pub(crate) fn warm_up() {
    LazyLock::force(&HOUSE_NUMBER);
}

use super::cues::{
    ABBREVIATIONS, NAME_CUES, PARTICLES, PLACE_PREPOSITIONS, STREET_ENDINGS, STRONG_STREET_ENDINGS,
};

/// A word of the text with its lowercase form, computed once per token into one shared buffer.
#[derive(Clone, Copy)]
struct Token<'a> {
    start: usize,
    end: usize,
    lo: &'a str,
}

fn lower<'a>(_text: &str, t: Token<'a>) -> &'a str {
    t.lo
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (U+0300..U+036F and friends) that follow a letter in decomposed text.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Splits the text into words, initials ("J.") and "'t", in one pass without a regex: the same
/// tokens as `[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:[-'’][\p{L}\p{M}\p{N}]+)*`, `\p{Lu}\.`, `['’]t`.
fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_uppercase() && bytes.get(i + c.len_utf8()) == Some(&b'.') {
            iter.next();
            out.push((i, i + c.len_utf8() + 1));
        } else if c.is_alphabetic() || is_mark(c) {
            let mut end = i + c.len_utf8();
            loop {
                match iter.peek() {
                    Some(&(j, d)) if is_token_char(d) => {
                        end = j + d.len_utf8();
                        iter.next();
                    }
                    Some(&(j, d @ ('-' | '\'' | '’')))
                        if text[j + d.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(is_token_char) =>
                    {
                        end = j + d.len_utf8();
                        iter.next();
                    }
                    _ => break,
                }
            }
            out.push((i, end));
        } else if matches!(c, '\'' | '’') && bytes.get(i + c.len_utf8()) == Some(&b't') {
            iter.next();
            out.push((i, i + c.len_utf8() + 1));
        }
    }
    out
}

fn is_initial(text: &str, t: Token) -> bool {
    t.end - t.start <= 4 && text[t.start..t.end].ends_with('.')
}

/// A capitalised word with at least one lowercase letter: all-caps tokens are abbreviations
/// ("ADHD", "PG") far more often than names.
fn is_capitalised(text: &str, t: Token) -> bool {
    let s = &text[t.start..t.end];
    let mut chars = s.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

fn is_lowercase_word(text: &str, t: Token) -> bool {
    text[t.start..t.end].chars().all(|c| !c.is_uppercase())
}

/// True when the token opens a sentence, so that its capital says nothing.
fn at_sentence_start(text: &str, tokens: &[Token], i: usize) -> bool {
    let start = tokens[i].start;
    let before = text[..start].trim_end_matches([' ', '\t']);
    let Some(prev_char) = before.chars().next_back() else {
        return true;
    };
    match prev_char {
        '.' => {
            // "mw. Kramer" and "J. Jansen" continue a sentence; "ging weg. Toen" does not.
            match i.checked_sub(1).map(|j| tokens[j]) {
                Some(p) if p.end == before.len() - 1 || p.end == before.len() => {
                    let pl = lower(text, p);
                    let pl = pl.trim_end_matches('.');
                    !(ABBREVIATIONS.contains(&pl) || is_initial(text, p))
                }
                _ => true,
            }
        }
        '!' | '?' | ':' | ';' | '\n' | '\r' | '"' | '“' | '”' | '‘' | '\'' | '-' | '–' | '•'
        | '*' | '…' => true,
        c => !c.is_alphanumeric() && !matches!(c, ',' | '(' | ')' | '&' | '/'),
    }
}

fn ends_with_any(word: &str, endings: &[&str]) -> bool {
    endings
        .iter()
        .any(|e| word.len() >= e.len() + 2 && word.ends_with(e))
}

/// True when `lower` is a given name from the lists, or one with a possessive or diminutive
/// ending ("lottes", "jantje", "sannetje").
fn is_given_name_form(lower: &str, lex: &Lexicon) -> bool {
    if lex.first_names.contains(lower) {
        return true;
    }
    const ENDINGS: &[&str] = &["'s", "’s", "s", "tje", "pje", "kje", "etje", "je", "ie"];
    ENDINGS.iter().any(|e| {
        lower.strip_suffix(e).is_some_and(|stem| {
            let stem = stem
                .strip_suffix(|c: char| c.is_alphabetic() && *e == "etje")
                .unwrap_or(stem);
            stem.chars().count() >= 2
                && lex.first_names.contains(stem)
                && !lex.name_words.contains(stem)
        })
    })
}

/// A capitalised token that may be (part of) a name.
fn name_like(text: &str, t: Token, lex: &Lexicon) -> bool {
    if is_initial(text, t) {
        return true;
    }
    if !is_capitalised(text, t) || t.end - t.start < 2 {
        return false;
    }
    let l = lower(text, t);
    // "ISK-klas", "Halt-traject": a compound ending in a lowercase word is a thing; hyphenated
    // names capitalise every part ("Al-Masri", "Nieuw-Buinen").
    if let Some((_, tail)) = text[t.start..t.end].rsplit_once('-')
        && tail.chars().next().is_some_and(char::is_lowercase)
        && !lex.places.contains(l)
    {
        return false;
    }
    // "Lottes" is a name even though "lotte" + s is not in the lists: strip a possessive.
    let base = l.trim_end_matches("'s").trim_end_matches("’s");
    !lex.is_not_name(l) && !lex.is_not_name(base)
}

pub(crate) fn detect(text: &str, lex: &Lexicon, out: &mut Vec<Candidate>) {
    let spans = tokenize(text);
    let mut buf = String::with_capacity(text.len() + 16);
    let mut ranges = Vec::with_capacity(spans.len());
    for &(s, e) in &spans {
        let from = buf.len();
        let word = &text[s..e];
        if word.is_ascii() {
            buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            buf.extend(word.chars().flat_map(char::to_lowercase));
        }
        ranges.push((from, buf.len()));
    }
    let tokens: Vec<Token> = spans
        .iter()
        .zip(&ranges)
        .map(|(&(start, end), &(a, b))| Token {
            start,
            end,
            lo: &buf[a..b],
        })
        .collect();
    // Words found as names somewhere in the text, so that the same word is also hidden where the
    // rules alone would not take it ("Ben. Ben en ik ..." at a sentence start).
    let mut seen: Vec<(&str, Label)> = Vec::new();
    let first_out = out.len();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if is_all_caps(text, t) {
            if let Some(end) = known_acronym_org(text, &tokens, i, lex) {
                out.push(Candidate {
                    start: t.start,
                    end,
                    label: Label::Organisation,
                    priority: priority::LEXICON,
                });
            }
            i += 1;
            continue;
        }
        if name_like(text, t, lex) && !is_lowercase_word(text, t) {
            let (j, end) = extend_chain(text, &tokens, i, lex);
            if accept_chain(text, &tokens, i, j, end, lex) {
                let (label, end) = label_chain(text, &tokens, i, j, end, lex);
                let start = if label == Label::Person {
                    with_particles(text, &tokens, i)
                } else {
                    t.start
                };
                for &tk in &tokens[i..=j] {
                    if is_capitalised(text, tk) && !is_initial(text, tk) {
                        seen.push((lower(text, tk), label));
                    }
                }
                out.push(Candidate {
                    start,
                    end,
                    label,
                    priority: priority::HEURISTIC,
                });
            }
            i = j + 1;
            continue;
        }
        if is_lowercase_word(text, t)
            && let Some(label) = lowercase_name(text, &tokens, i, lex)
        {
            let end = if label == Label::Location {
                with_house_number(text, t.end)
            } else {
                t.end
            };
            out.push(Candidate {
                start: t.start,
                end,
                label,
                priority: priority::LEXICON,
            });
        }
        i += 1;
    }
    if !seen.is_empty() {
        seen.sort_unstable_by(|a, b| a.0.cmp(b.0));
        seen.dedup_by(|a, b| a.0 == b.0);
        propagate(text, &tokens, &seen, lex, first_out, out);
    }
}

fn is_all_caps(text: &str, t: Token) -> bool {
    let s = &text[t.start..t.end];
    s.chars().count() >= 2 && s.chars().all(|c| c.is_uppercase() || c == '-')
}

/// "UMCG", "COC Drenthe": an acronym the organisation list knows, alone or with the next word.
fn known_acronym_org(text: &str, tokens: &[Token], i: usize, lex: &Lexicon) -> Option<usize> {
    let t = tokens[i];
    if let Some(&next) = tokens.get(i + 1) {
        let gap = &text[t.end..next.start];
        if gap == " " {
            let two = text[t.start..next.end].to_lowercase();
            if lex.organisations.contains(&two) {
                return Some(next.end);
            }
            if lex.organisations.contains(lower(text, t)) && is_capitalised(text, next) {
                // An organisation's branch: "COC Drenthe", "VNN Assen".
                return Some(next.end);
            }
        }
    }
    lex.organisations.contains(lower(text, t)).then_some(t.end)
}

/// Moves the start of a person's name back over lowercase tussenvoegsels before it ("meneer de
/// Hoop", "die van der Molen"), which belong to the name.
fn with_particles(text: &str, tokens: &[Token], i: usize) -> usize {
    let mut start = tokens[i].start;
    let mut k = i;
    while k > 0 {
        let p = tokens[k - 1];
        let gap = &text[p.end..start];
        let pl = lower(text, p);
        if gap != " " || !PARTICLES.contains(&pl) || !is_lowercase_word(text, p) {
            break;
        }
        // A lone "van" is usually the preposition ("de moeder van Lotte"); it belongs to the name
        // only after a title or cue ("meneer van Dijk").
        if pl == "van" && k == i {
            let before = k.checked_sub(2).map(|b| lower(text, tokens[b]));
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

/// Marks every other occurrence of a word already found as a name, in any case and with a
/// possessive or diminutive ending.
fn propagate(
    text: &str,
    tokens: &[Token],
    seen: &[(&str, Label)],
    lex: &Lexicon,
    first_out: usize,
    out: &mut Vec<Candidate>,
) {
    let covered: Vec<(usize, usize)> = out[first_out..].iter().map(|c| (c.start, c.end)).collect();
    for &t in tokens {
        if covered.iter().any(|&(s, e)| s <= t.start && t.end <= e) {
            continue;
        }
        let l = lower(text, t);
        if l.chars().count() < 2 || lex.stopwords.contains(l) {
            continue;
        }
        let capitalised = is_capitalised(text, t);
        let hit = seen.iter().find(|(w, _)| {
            // A lowercase occurrence only counts when the lists know the word as a name and not
            // as an ordinary word: "Ben" found as a name must not hide every "ben".
            let lowercase_ok =
                (lex.is_name(w) || lex.places.contains(w)) && !lex.name_words.contains(w);
            (capitalised || lowercase_ok)
                && (l == *w
                    || ["s", "'s", "’s", "je", "tje"]
                        .iter()
                        .any(|e| l.strip_suffix(e) == Some(*w)))
        });
        if let Some(&(_, label)) = hit {
            out.push(Candidate {
                start: t.start,
                end: t.end,
                label,
                priority: priority::HEURISTIC,
            });
        }
    }
}

/// Extends a name from token `i` over particles and further capitalised words; returns the last
/// token's index and the end byte.
fn extend_chain(text: &str, tokens: &[Token], i: usize, lex: &Lexicon) -> (usize, usize) {
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
        let l = lower(text, t);
        if PARTICLES.contains(&l) && !is_initial(text, t) {
            seen_end = t.end;
            k += 1;
            continue;
        }
        if name_like(text, t, lex) && (is_capitalised(text, t) || is_initial(text, t)) {
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

fn accept_chain(
    text: &str,
    tokens: &[Token],
    i: usize,
    j: usize,
    end: usize,
    lex: &Lexicon,
) -> bool {
    let first = lower(text, tokens[i]);
    if !at_sentence_start(text, tokens, i) {
        return true;
    }
    if is_initial(text, tokens[i]) {
        // "J. vertelt" opens notes; "A." alone at a sentence start is rarely anything else.
        return true;
    }
    let base = first.trim_end_matches("'s").trim_end_matches("’s");
    if lex.name_words.contains(base) {
        // "Echt", "Wil", "Roos" open sentences as words; only a surname after them makes a name.
        return j > i && tokens[i + 1..=j].iter().any(|&t| is_capitalised(text, t));
    }
    if lex.is_name(base)
        || is_given_name_form(first, lex)
        || lex.places.contains(base)
        || lex.organisations.contains(base)
        || ends_with_any(base, STRONG_STREET_ENDINGS)
    {
        return true;
    }
    if j > i
        && tokens[i + 1..=j]
            .iter()
            .any(|&t| lex.is_name(lower(text, t)))
    {
        return true;
    }
    // "Awet (18) heeft..." : a bracketed age after an unknown word marks it as a name.
    let rest = text[end..].trim_start();
    rest.starts_with('(') && rest[1..].starts_with(|c: char| c.is_ascii_digit())
}

fn label_chain(
    text: &str,
    tokens: &[Token],
    i: usize,
    j: usize,
    end: usize,
    lex: &Lexicon,
) -> (Label, usize) {
    let whole = text[tokens[i].start..end].to_lowercase();
    let last = lower(text, tokens[j]);
    let prev = i.checked_sub(1).map(|p| lower(text, tokens[p]));
    let prev = prev.unwrap_or("");
    if ends_with_any(last, STREET_ENDINGS) {
        return (Label::Location, with_house_number(text, end));
    }
    if lex.organisations.contains(&whole) {
        return (Label::Organisation, end);
    }
    if lex.places.contains(&whole) && !lex.first_names.contains(&whole) {
        return (Label::Location, end);
    }
    if PLACE_PREPOSITIONS.contains(&prev) && !lex.first_names.contains(lower(text, tokens[i])) {
        return (Label::Location, end);
    }
    // "op de Dennenlaan 34", "aan de Kanaalweg": a house number after a name means an address.
    let with_number = with_house_number(text, end);
    if with_number > end && matches!(prev, "de" | "het") {
        return (Label::Location, with_number);
    }
    let prev2 = i.checked_sub(2).map(|p| lower(text, tokens[p]));
    let after_cue =
        prev2.is_some_and(|w| NAME_CUES.contains(&w) || matches!(w, "me" | "mij" | "hem" | "haar"));
    if matches!(prev, "de" | "het" | "'t" | "’t")
        && !after_cue
        && !lex.is_name(lower(text, tokens[i]))
    {
        // "bij de Jumbo", "op het Nassau": an article before a proper noun means a business or
        // school, not a person.
        return (Label::Organisation, end);
    }
    (Label::Person, end)
}

/// Extends a street name over a house number ("Kerkstraat 14", "Vaart Zuidzijde 48a").
fn with_house_number(text: &str, end: usize) -> usize {
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

/// A lowercase token that is a name (or a place) all the same.
fn lowercase_name(text: &str, tokens: &[Token], i: usize, lex: &Lexicon) -> Option<Label> {
    let t = tokens[i];
    let l = lower(text, t);
    if l.chars().count() < 2 || lex.stopwords.contains(l) {
        return None;
    }
    let prev = i.checked_sub(1).map(|p| lower(text, tokens[p]));
    let prev = prev.unwrap_or("");
    let prev2 = i.checked_sub(2).map(|p| lower(text, tokens[p]));
    let prev2 = prev2.unwrap_or("");
    let cue = NAME_CUES.contains(&prev)
        || (prev == "is" && prev2 == "naam")
        || (prev == "ben" && prev2 == "ik")
        || (prev == "ik" && prev2 == "heet");
    if lex.first_names.contains(l) && (!lex.name_words.contains(l) || cue) {
        return Some(Label::Person);
    }
    if is_given_name_form(l, lex) && !lex.name_words.contains(l) {
        return Some(Label::Person);
    }
    // A lowercase place: after a preposition of place, or anywhere when the name is long enough
    // not to be a word ("kloosterveen", but not "leek").
    if lex.places.contains(l)
        && !lex.name_words.contains(l)
        && (PLACE_PREPOSITIONS.contains(&prev) || prev == "bij" || l.chars().count() >= 5)
    {
        return Some(Label::Location);
    }
    if ends_with_any(l, STRONG_STREET_ENDINGS) && with_house_number(text, t.end) > t.end {
        return Some(Label::Location);
    }
    // "ik heet dewi", "mijn naam is mo": whatever follows is a name unless it is a common word.
    // "dat heet netwerkpleegzorg" names a thing: "heet" is a cue only after a person.
    let person_before = matches!(prev2, "ik" | "hij" | "zij" | "ze" | "je" | "jij" | "die");
    let strong_cue = (matches!(prev, "heet" | "heette") && person_before)
        || prev == "genaamd"
        || (prev == "is" && prev2 == "naam")
        || (prev == "ik" && prev2 == "heet");
    if strong_cue && !lex.name_words.contains(l) && !lex.is_not_name(l) {
        return Some(Label::Person);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Label)> {
        let mut out = Vec::new();
        detect(text, Lexicon::get(), &mut out);
        out.iter()
            .map(|c| (&text[c.start..c.end], c.label))
            .collect()
    }

    #[test]
    fn a_capitalised_word_in_mid_sentence_is_a_name() {
        assert_eq!(
            found("toen kwam mijn voogd Monique langs"),
            vec![("Monique", Label::Person)]
        );
    }

    #[test]
    fn names_with_tussenvoegsels_and_initials_are_one_span() {
        assert_eq!(
            found("jongere Daan van Loon en mw. A. de Bruin"),
            vec![
                ("Daan van Loon", Label::Person),
                ("A. de Bruin", Label::Person)
            ]
        );
    }

    #[test]
    fn a_sentence_start_is_only_a_name_when_the_lists_know_it() {
        assert_eq!(found("Toen ging het mis."), vec![]);
        assert_eq!(found("Daan ging weg."), vec![("Daan", Label::Person)]);
    }

    #[test]
    fn a_capitalised_word_after_in_or_uit_is_a_place() {
        assert_eq!(
            found("ik woon in Kloosterveen"),
            vec![("Kloosterveen", Label::Location)]
        );
    }

    #[test]
    fn a_street_takes_its_house_number() {
        assert_eq!(
            found("we woonden op de Dennenlaan 34 in Beilen"),
            vec![
                ("Dennenlaan 34", Label::Location),
                ("Beilen", Label::Location)
            ]
        );
    }

    #[test]
    fn lowercase_given_names_are_found_but_ordinary_words_are_not() {
        assert_eq!(
            found("met pieter en fatima gejat, de fleur was eraf"),
            vec![("pieter", Label::Person), ("fatima", Label::Person)]
        );
    }

    #[test]
    fn a_name_after_ik_heet_is_found_even_if_unknown() {
        assert_eq!(
            found("hoi ik heet zwerwin"),
            vec![("zwerwin", Label::Person)]
        );
    }

    #[test]
    fn countries_languages_and_abbreviations_are_not_names() {
        assert_eq!(
            found("we kwamen uit Syrië en spreken Arabisch, ik heb ADHD"),
            vec![]
        );
    }
}
