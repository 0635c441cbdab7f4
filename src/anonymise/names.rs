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
//!
//! `tokens` splits the text and looks every word up once; `chain` handles capitalised names and
//! their labels; `lowercase` handles chat-style and context-announced names and repeats.

mod chain;
mod lowercase;
mod tokens;

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{Lexicon, bits};
use super::{Candidate, Label, priority};
use chain::{
    accept_chain, extend_chain, known_acronym_org, label_chain, name_like, with_house_number,
    with_particles,
};
use lowercase::{lowercase_name, propagate};

pub(crate) fn warm_up() {
    chain::warm_up();
    LazyLock::force(&PROVINCE_AFTER);
}

/// A province's abbreviation after a place name, with or without brackets.
// Constant pattern; a failure to compile is a programming error caught by the unit tests.
#[allow(clippy::expect_used)]
static PROVINCE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t]+(?:\((?:NH|ZH|NB|Gld|Gr|Fr|Dr|Ov|Ut|Fl|Zl|Z|L|nh|zh|nb)\)|(?:NH|ZH|NB|Gld)(?-u:\b))",
    )
    .expect("constant pattern compiles")
});

/// "A" as the Dutch article-like word or a list letter ("A en B") is no initial: only a capital
/// letter directly before a capitalised word or a tussenvoegsel is.
fn at_start_of_word_pair(text: &str, tokens: &[tokens::Token], i: usize) -> bool {
    tokens
        .get(i + 1)
        .is_none_or(|n| &text[tokens[i].end..n.start] != " ")
}

/// The lists that make a word a name, place or organisation.
const NAME_LISTS: u8 =
    bits::FIRST_NAME | bits::SURNAME | bits::PLACE | bits::ORGANISATION | bits::NAME_WORD;

pub(crate) fn detect(text: &str, lex: &Lexicon, out: &mut Vec<Candidate>) {
    let mut buf = String::new();
    let tokens = tokens::tokenize(text, lex, &mut buf);
    // Words found as names somewhere in the text, so that the same word is also hidden where the
    // rules alone would not take it ("Ben. Ben en ik ..." at a sentence start).
    let mut seen: Vec<(&str, Label)> = Vec::new();
    let first_out = out.len();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        // "dr. A", "Dr ABC": after a title a capital letter or an acronym is a name. The title
        // is looked for last: comparing every word before every token with the eight titles
        // cost more than the rest of this test.
        let capital_letter = t.chars == 1 && text[t.start..t.end].chars().all(char::is_uppercase);
        let after_title = || {
            i > 0
                && matches!(
                    tokens[i - 1].lo.trim_end_matches('.'),
                    "dr" | "drs" | "prof" | "mw" | "mevr" | "dhr" | "mr" | "ir"
                )
        };
        if (t.all_caps || capital_letter) && t.chars <= 4 && after_title() {
            out.push(Candidate {
                start: t.start,
                end: t.end,
                label: Label::Person,
                priority: priority::HEURISTIC,
            });
            i += 1;
            continue;
        }
        // "Bovenkerk (NH)", "Bovenkerk ZH": a listed place with a province's abbreviation.
        if t.capitalised
            && t.has(bits::PLACE)
            && let Some(m) = PROVINCE_AFTER.find(&text[t.end..])
        {
            out.push(Candidate {
                start: t.start,
                end: t.end + m.end(),
                label: Label::Location,
                priority: priority::LEXICON,
            });
            i += 1;
            continue;
        }
        // "A Visser", "A de Jong": a capital letter without its dot before a listed surname.
        if capital_letter && !at_start_of_word_pair(text, &tokens, i) {
            let (j, end) = extend_chain(text, &tokens, i, lex);
            if j > i && tokens[i + 1..=j].iter().any(|n| n.has(bits::SURNAME)) {
                out.push(Candidate {
                    start: t.start,
                    end,
                    label: Label::Person,
                    priority: priority::HEURISTIC,
                });
                i = j + 1;
                continue;
            }
        }
        if t.all_caps {
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
        if let Some(k) = capitalised_particle_name(text, &tokens, i) {
            out.push(Candidate {
                start: t.start,
                end: tokens[k].end,
                label: Label::Person,
                priority: priority::HEURISTIC,
            });
            i = k + 1;
            continue;
        }
        // "Gezinsvoogd Esmee Brouwer", "Plaatsing Lindenhout": an ordinary word that opens a
        // sentence only has its capital from there; the name starts after it.
        if t.capitalised
            && t.flags & NAME_LISTS == 0
            && tokens.get(i + 1).is_some_and(|n| {
                n.capitalised && &text[t.end..n.start] == " " && name_like(text, *n, lex)
            })
            && tokens::at_sentence_start(text, &tokens, i)
            && lex.is_word(t.lo)
        {
            i += 1;
            continue;
        }
        if !t.lowercase && name_like(text, t, lex) {
            let (j, end) = extend_chain(text, &tokens, i, lex);
            if accept_chain(text, &tokens, i, j, end, lex) {
                let (label, end) = label_chain(text, &tokens, i, j, end, lex);
                let start = if label == Label::Person {
                    with_particles(text, &tokens, i)
                } else {
                    t.start
                };
                for tk in &tokens[i..=j] {
                    if tk.capitalised && !tk.initial {
                        seen.push((tk.lo, label));
                    }
                }
                let priority = if chain::is_guess(text, &tokens, i, j, end, label) {
                    priority::GUESS
                } else {
                    priority::HEURISTIC
                };
                out.push(Candidate {
                    start,
                    end,
                    label,
                    priority,
                });
            }
            i = j + 1;
            continue;
        }
        if t.lowercase
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
        propagate(&tokens, &seen, lex, first_out, out);
    }
}

/// "Van den Berg", "Ter Haar": a surname whose capitalised tussenvoegsel opens it (as it does
/// without a given name before it). The last part may be a common word ("Haar", "Berg"), so the
/// capitalised particle is what says a name follows. Returns the index of the last token.
fn capitalised_particle_name(text: &str, tokens: &[tokens::Token], i: usize) -> Option<usize> {
    let t = tokens[i];
    if !t.capitalised || !matches!(t.lo, "van" | "ter" | "ten" | "der" | "den" | "vander") {
        return None;
    }
    let mut k = i + 1;
    while let Some(n) = tokens.get(k) {
        if &text[tokens[k - 1].end..n.start] != " " {
            return None;
        }
        if n.capitalised || n.all_caps {
            return (n.chars >= 2).then_some(k);
        }
        if !matches!(
            n.lo,
            "de" | "den" | "der" | "het" | "'t" | "’t" | "la" | "le"
        ) {
            return None;
        }
        k += 1;
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
    fn a_role_opening_a_sentence_and_van_before_an_organisation_stay_outside_the_name() {
        assert_eq!(
            found("Gezinsvoogd Esmee Brouwer belde."),
            vec![("Esmee Brouwer", Label::Person)]
        );
        assert_eq!(
            found("toen belde mevrouw Hoekstra van Kwintes")[0],
            ("Hoekstra", Label::Person)
        );
        assert_eq!(
            found("toen belde Daan van Loon"),
            vec![("Daan van Loon", Label::Person)]
        );
    }

    #[test]
    fn initials_after_titles_and_places_with_a_province_are_found() {
        assert_eq!(
            found("gezien door dr. A vandaag"),
            vec![("A", Label::Person)]
        );
        assert_eq!(found("bij A Visser"), vec![("A Visser", Label::Person)]);
        assert_eq!(
            found("woont in Nieuwkoop (ZH) nu"),
            vec![("Nieuwkoop (ZH)", Label::Location)]
        );
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
    fn a_surname_opened_by_a_capitalised_particle_is_one_name() {
        assert_eq!(
            found("meneer Van den Berg en dhr. Ter Haar belden"),
            vec![("Van den Berg", Label::Person), ("Ter Haar", Label::Person)]
        );
        assert_eq!(found("van de week en Van de week"), vec![]);
    }

    #[test]
    fn countries_languages_and_abbreviations_are_not_names() {
        assert_eq!(
            found("we kwamen uit Syrië en spreken Arabisch, ik heb ADHD"),
            vec![]
        );
    }
}
