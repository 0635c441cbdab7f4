//! A first, pure Dutch anonymiser: text in, spans out, no I/O.
//!
//! The engine is a set of independent detectors (one per kind of identifying information), each
//! proposing candidate spans in byte offsets, followed by one merge step that resolves overlaps.
//! Only at the very end are byte offsets turned into code-point offsets, because that is what the
//! service, the CLI and the scorer speak. A later, fuller engine can add detectors without touching
//! the merge or the public types.

pub mod cli;
mod contact;
mod cues;
mod dates;
mod fold;
mod gazetteer;
mod ids;
mod known;
mod letters;
mod lexicon;
mod merge;
mod names;
mod numbers;
mod orgs;
mod redact;
mod text;

use serde::{Deserialize, Serialize};

pub use known::KnownIdentifiers;

/// What kind of identifying information a span holds (the labels of the annotation guidelines).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Label {
    Person,
    Location,
    Organisation,
    Date,
    Age,
    Phone,
    Email,
    Url,
    Social,
    Id,
}

impl Label {
    /// The Dutch word of this kind's placeholder; `redact` numbers it ("[naam 1]"). These are the
    /// words the service recognises in an excerpt, so they must not change.
    pub fn word(self) -> &'static str {
        let p = self.placeholder();
        &p[1..p.len() - 1]
    }

    /// The Dutch placeholder, unnumbered, for a span of this kind.
    pub fn placeholder(self) -> &'static str {
        match self {
            Label::Person => "[naam]",
            Label::Location => "[plaats]",
            Label::Organisation => "[organisatie]",
            Label::Date => "[datum]",
            Label::Age => "[leeftijd]",
            Label::Phone => "[telefoonnummer]",
            Label::Email => "[e-mail]",
            Label::Url => "[url]",
            Label::Social => "[account]",
            Label::Id => "[nummer]",
        }
    }
}

/// A range of the input to redact, in Unicode code points (Rust `char` index), end exclusive.
///
/// `suggested`: the engine is unsure (an unknown capitalised word, a bare number that may be an
/// age). It still redacts, but a person must decide. Left out of the JSON when false, so the
/// command line's output stays as the scorer reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    #[serde(default, skip_serializing_if = "is_false")]
    pub suggested: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A placeholder in a redacted text, in code points of the new text, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    #[serde(default, skip_serializing_if = "is_false")]
    pub suggested: bool,
}

/// A text with its spans replaced by placeholders, and where those placeholders are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redacted {
    pub text: String,
    pub redactions: Vec<Redaction>,
}

/// A candidate span from one detector, in byte offsets of the input.
///
/// `priority` breaks ties between candidates of equal length when the merge step picks a label:
/// a well-formed pattern (an e-mail address) says more than a capitalisation guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub priority: u8,
}

/// Priorities of the detectors, highest wins a tie.
pub(crate) mod priority {
    pub const PATTERN: u8 = 50;
    pub const KNOWN: u8 = 40;
    pub const ORGANISATION: u8 = 30;
    pub const LEXICON: u8 = 20;
    pub const HEURISTIC: u8 = 10;
    /// A guess the engine is unsure of: redacted, but shown as a suggestion unless a surer
    /// candidate overlaps it.
    pub const GUESS: u8 = 5;
}

/// The anonymiser. Built once at start-up (it compiles its patterns and loads its word lists) and
/// shared between threads; `detect` takes `&self` and keeps no state between calls.
pub struct Anonymiser {
    // The word lists are immutable and loaded once per process, so every `Anonymiser` shares them.
    lexicon: &'static lexicon::Lexicon,
}

impl Default for Anonymiser {
    fn default() -> Self {
        Self::new()
    }
}

impl Anonymiser {
    pub fn new() -> Self {
        // Touch every lazily built pattern now, so the first request does not pay for it.
        contact::warm_up();
        ids::warm_up();
        dates::warm_up();
        numbers::warm_up();
        names::warm_up();
        orgs::warm_up();
        gazetteer::warm_up();
        letters::warm_up();
        Anonymiser {
            lexicon: lexicon::Lexicon::get(),
        }
    }

    /// The spans of `text` that identify someone: sorted, non-overlapping, within bounds, in
    /// code-point offsets. `known` holds the participant's own identifiers, which are always found.
    pub fn detect(&self, text: &str, known: &KnownIdentifiers) -> Vec<Span> {
        let mut candidates = Vec::new();
        // Four detectors look around the runs of digits: the runs are found once for all.
        let digit_runs: Vec<(usize, usize)> = text::digit_runs(text).collect();
        contact::detect(text, &digit_runs, &mut candidates);
        ids::detect(text, &digit_runs, &mut candidates);
        dates::detect(text, &digit_runs, &mut candidates);
        numbers::detect(text, &digit_runs, &mut candidates);
        orgs::detect(text, self.lexicon, &mut candidates);
        gazetteer::detect(text, &mut candidates);
        letters::detect(text, &mut candidates);
        names::detect(text, self.lexicon, &mut candidates);
        known.detect(text, self.lexicon, &mut candidates);
        let merged = merge::merge(text, candidates);
        text::to_char_spans(text, &merged)
    }
}

/// Memory of the word lists: (bytes of hash tables on the heap, bytes of list data embedded in
/// the binary). For the benchmark's report.
pub fn lexicon_memory() -> (usize, usize) {
    let lex = lexicon::Lexicon::get();
    (lex.heap_bytes(), lex.embedded_bytes())
}

/// Replaces every span by a numbered Dutch placeholder ("[naam 1]", "[plaats 2]"): the same
/// person or place keeps its number throughout the text. The redactions index the new text.
///
/// Spans that are out of bounds, empty, or overlap an earlier span are skipped rather than
/// trusted, because this function is public and the spans may not come from `detect`.
pub fn redact(text: &str, spans: &[Span]) -> Redacted {
    redact::redact(text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn found(text: &str, known: &KnownIdentifiers) -> Vec<(String, Label)> {
        let chars: Vec<char> = text.chars().collect();
        Anonymiser::new()
            .detect(text, known)
            .into_iter()
            .map(|s| (chars[s.start..s.end].iter().collect(), s.label))
            .collect()
    }

    fn assert_well_formed(text: &str, spans: &[Span]) {
        let n = text.chars().count();
        let mut last_end = 0;
        for s in spans {
            assert!(s.start < s.end, "empty span {s:?}");
            assert!(s.end <= n, "span {s:?} past end {n}");
            assert!(s.start >= last_end, "overlapping or unsorted {s:?}");
            last_end = s.end;
        }
    }

    #[test]
    fn labels_serialise_as_the_guideline_names() {
        assert_eq!(
            serde_json::to_string(&Label::Organisation).ok(),
            Some("\"ORGANISATION\"".to_string())
        );
        assert_eq!(
            serde_json::from_str::<Label>("\"PERSON\"").ok(),
            Some(Label::Person)
        );
    }

    #[test]
    fn every_label_has_a_dutch_placeholder() {
        assert_eq!(Label::Person.placeholder(), "[naam]");
        assert_eq!(Label::Id.placeholder(), "[nummer]");
        assert_eq!(Label::Social.placeholder(), "[account]");
    }

    #[test]
    fn offsets_are_code_points_not_bytes() {
        let text = "Héhé, mijn broer Kerem Aydın belt 06-12345678.";
        let spans = Anonymiser::new().detect(text, &KnownIdentifiers::empty());
        let chars: Vec<char> = text.chars().collect();
        let phone = spans.iter().find(|s| s.label == Label::Phone);
        let phone = phone.map(|s| chars[s.start..s.end].iter().collect::<String>());
        assert_eq!(phone.as_deref(), Some("06-12345678"));
    }

    #[test]
    fn a_story_loses_its_names_places_and_numbers() {
        let text = "Ik ben Noor en ik woon in Hoogeveen op de Stationsstraat 12. \
                    Mijn mentor meneer Jansen belt soms, mijn nummer is 06 1234 5678.";
        let got = found(text, &KnownIdentifiers::empty());
        let words: Vec<&str> = got.iter().map(|(w, _)| w.as_str()).collect();
        assert!(words.contains(&"Noor"), "{got:?}");
        assert!(words.contains(&"Hoogeveen"), "{got:?}");
        assert!(words.contains(&"Stationsstraat 12"), "{got:?}");
        assert!(words.contains(&"Jansen"), "{got:?}");
        assert!(words.contains(&"06 1234 5678"), "{got:?}");
    }

    #[test]
    fn a_text_without_identifiers_stays_untouched() {
        let text = "Ik vind dat de gemeente eerlijker moet zijn over wachtlijsten. \
                    Het wijkteam zei dat het een paar weken zou duren.";
        assert_eq!(found(text, &KnownIdentifiers::empty()), vec![]);
    }

    #[test]
    fn redact_replaces_spans_with_placeholders_at_new_offsets() {
        let text = "Ik ben Sanne uit Assen.";
        let spans = [
            Span {
                start: 7,
                end: 12,
                label: Label::Person,
                suggested: false,
            },
            Span {
                start: 17,
                end: 22,
                label: Label::Location,
                suggested: false,
            },
        ];
        let r = redact(text, &spans);
        assert_eq!(r.text, "Ik ben [naam 1] uit [plaats 1].");
        let chars: Vec<char> = r.text.chars().collect();
        let first: String = chars[r.redactions[0].start..r.redactions[0].end]
            .iter()
            .collect();
        assert_eq!(first, "[naam 1]");
        let second: String = chars[r.redactions[1].start..r.redactions[1].end]
            .iter()
            .collect();
        assert_eq!(second, "[plaats 1]");
    }

    #[test]
    fn redact_skips_spans_that_are_out_of_bounds_or_overlap() {
        let spans = [
            Span {
                start: 0,
                end: 3,
                label: Label::Person,
                suggested: false,
            },
            Span {
                start: 2,
                end: 4,
                label: Label::Person,
                suggested: false,
            },
            Span {
                start: 5,
                end: 99,
                label: Label::Person,
                suggested: false,
            },
        ];
        let r = redact("abcdef", &spans);
        assert_eq!(r.text, "[naam 1]def");
        assert_eq!(r.redactions.len(), 1);
    }

    #[test]
    fn the_anonymiser_can_be_shared_between_threads() {
        fn is_send_sync<T: Send + Sync>() {}
        is_send_sync::<Anonymiser>();
        is_send_sync::<KnownIdentifiers>();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn spans_are_sorted_disjoint_and_in_bounds_for_any_text(text in any::<String>()) {
            let spans = Anonymiser::new().detect(&text, &KnownIdentifiers::empty());
            assert_well_formed(&text, &spans);
        }

        #[test]
        fn spans_stay_well_formed_with_random_known_identifiers(
            text in "\\PC{0,80}",
            known in proptest::collection::vec("\\PC{0,12}", 0..4),
        ) {
            let known = KnownIdentifiers::new(known);
            let spans = Anonymiser::new().detect(&text, &known);
            assert_well_formed(&text, &spans);
        }

        #[test]
        fn known_names_inside_dutch_like_text_are_always_found(
            name in "[A-Z][a-zéë]{2,9}",
            before in "[a-z ]{0,20}",
            after in "[a-z ]{0,20}",
        ) {
            let text = format!("{before} {name} {after}");
            let known = KnownIdentifiers::new([name.as_str()]);
            let spans = Anonymiser::new().detect(&text, &known);
            let chars: Vec<char> = text.chars().collect();
            let start = before.chars().count() + 1;
            let end = start + name.chars().count();
            let covered = (start..end).all(|i| spans.iter().any(|s| s.start <= i && i < s.end));
            prop_assert!(covered, "{:?} in {:?}: {:?}", name, chars, spans);
        }

        #[test]
        fn redactions_cover_exactly_their_placeholders(
            text in "\\PC{0,60}",
            raw in proptest::collection::vec((0usize..70, 0usize..8, 0usize..10), 0..6),
        ) {
            let labels = [Label::Person, Label::Location, Label::Organisation, Label::Date,
                Label::Age, Label::Phone, Label::Email, Label::Url, Label::Social, Label::Id];
            let spans: Vec<Span> = raw.into_iter()
                .map(|(s, l, k)| Span { start: s, end: s + l, label: labels[k], suggested: false })
                .collect();
            let r = redact(&text, &spans);
            let chars: Vec<char> = r.text.chars().collect();
            let mut last_end = 0;
            for red in &r.redactions {
                prop_assert!(red.start >= last_end && red.end <= chars.len());
                let got: String = chars[red.start..red.end].iter().collect();
                let word = got.trim_start_matches('[').split(' ').next().unwrap_or("");
                prop_assert_eq!(word, red.label.word());
                prop_assert!(got.ends_with(']') && got.len() > word.len() + 3);
                last_end = red.end;
            }
        }

        #[test]
        fn redacting_detected_spans_never_panics(text in any::<String>()) {
            let spans = Anonymiser::new().detect(&text, &KnownIdentifiers::empty());
            let r = redact(&text, &spans);
            prop_assert_eq!(r.redactions.len(), spans.len());
        }
    }
}
