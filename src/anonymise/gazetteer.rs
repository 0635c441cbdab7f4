//! Names from the lists that a word-by-word look-up cannot see or that letter case hides:
//! multi-word places ("Bergen op Zoom", "capelle aan den ijssel") and organisations ("Amsterdam
//! UMC", "ROC FRIESE POORT"), and one-word organisations that are no ordinary Dutch word
//! ("timpaan", "KWINTES"). One Aho-Corasick pass over the text, in any ASCII letter case; a
//! match counts only as whole words.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::lexicon::{Lexicon, bits};
use super::text::is_word_char;
use super::{Candidate, Label, priority};

struct Gazetteer {
    search: Option<AhoCorasick>,
    labels: Vec<Label>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let lex = Lexicon::get();
    let mut entries: Vec<(&'static str, Label)> = Vec::new();
    for (word, flags) in lex.entries() {
        let multi = word.contains(' ');
        if flags & bits::ORGANISATION != 0 {
            // A one-word organisation that is also a word ("spirit", "action") is only found
            // capitalised, by the other detectors.
            if multi || (word.chars().count() >= 4 && !lex.is_word(word)) {
                entries.push((word, Label::Organisation));
            }
        } else if flags & bits::PLACE != 0 && flags & bits::NAME_WORD == 0 && multi {
            // A place of ordinary words only ("de groep", "de wijk") is left to the capitalised
            // name chains: in any case it would hide everyday phrases.
            entries.push((word, Label::Location));
        }
    }
    entries.sort_unstable_by_key(|(w, _)| *w);
    // A full DFA: it costs a few milliseconds and about a megabyte at start-up, and scans each
    // text with one table look-up a byte instead of the NFA's walk through failure links.
    let search = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(entries.iter().map(|(w, _)| *w))
        .ok();
    Gazetteer {
        search,
        labels: entries.into_iter().map(|(_, l)| l).collect(),
    }
});

pub(crate) fn warm_up() {
    LazyLock::force(&GAZETTEER);
}

/// Kind words that belong to a known organisation's name when they follow it ("Isala
/// ziekenhuis", "Altrecht kliniek"): the name alone is known, the kind word then is part of it.
const KIND_AFTER: [&str; 8] = [
    "ziekenhuis",
    "kliniek",
    "medisch centrum",
    "huisartsenpraktijk",
    "huisartspraktijk",
    "praktijk",
    "jeugdzorg",
    "college",
];

/// Bytes of `rest` taken by a blank and a kind word of `KIND_AFTER` (in any letter case), if
/// `rest` opens with them as a whole word; else 0.
fn kind_after(rest: &str) -> usize {
    let Some(after) = rest.strip_prefix(' ') else {
        return 0;
    };
    for k in KIND_AFTER {
        if after.len() >= k.len()
            && after.is_char_boundary(k.len())
            && after[..k.len()].eq_ignore_ascii_case(k)
            && !after[k.len()..].chars().next().is_some_and(is_word_char)
        {
            return 1 + k.len();
        }
    }
    0
}

pub(crate) fn detect(text: &str, out: &mut Vec<Candidate>) {
    let g = &*GAZETTEER;
    let Some(search) = g.search.as_ref() else {
        return;
    };
    for m in search.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        // "+" ends "Maastricht UMC+" but also may follow a name; only letters and digits join.
        if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
            continue;
        }
        let label = g.labels[m.pattern().as_usize()];
        let end = if label == Label::Organisation {
            m.end() + kind_after(&text[m.end()..])
        } else {
            m.end()
        };
        out.push(Candidate {
            start: m.start(),
            end,
            label,
            priority: priority::LEXICON,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Label)> {
        let mut out = Vec::new();
        detect(text, &mut out);
        out.iter()
            .map(|c| (&text[c.start..c.end], c.label))
            .collect()
    }

    #[test]
    fn multi_word_places_and_organisations_are_found_in_any_case() {
        assert_eq!(
            found("uit capelle aan den ijssel naar Amsterdam UMC"),
            vec![
                ("capelle aan den ijssel", Label::Location),
                ("Amsterdam UMC", Label::Organisation)
            ]
        );
        assert_eq!(
            found("IK ZAT BIJ KWINTES IN BERGEN OP ZOOM"),
            vec![
                ("KWINTES", Label::Organisation),
                ("BERGEN OP ZOOM", Label::Location)
            ]
        );
    }

    #[test]
    fn a_kind_word_after_a_known_organisation_joins_it() {
        assert_eq!(
            found("opgenomen in het Isala ziekenhuis, daarna"),
            vec![("Isala ziekenhuis", Label::Organisation)]
        );
        assert_eq!(
            found("isala ziekenhuisbed"),
            vec![("isala", Label::Organisation)]
        );
    }

    #[test]
    fn only_whole_words_count_and_ordinary_words_stay() {
        assert!(found("de timpaanweg en mijn karakter").is_empty());
    }
}
