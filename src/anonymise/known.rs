//! The participant's own identifiers, which must be found in every case: as given, as their
//! parts ("Sanne Bakker" also hides "Bakker"), in any letter case, and with a Dutch possessive or
//! diminutive suffix ("Sannes", "Sanne's", "Sannetje"), but never inside an unrelated longer word.

use regex::{Regex, RegexBuilder};

use super::fold::{Folded, fold};
use super::lexicon::Lexicon;
use super::text::{char_before, is_word_char};
use super::{Candidate, Label, Span, priority};

/// Suffixes that keep a word the same name: possessive s, diminutives, chat spellings.
const SUFFIX: &str = r"(?:['’`]s|s|je|tje|pje|kje|etje|\p{Ll}etje|tjes|jes|ie|ke|tjuh|y)?";

/// Parts too common to hide on their own ("van", "de").
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "el", "al", "la", "le", "du",
    "da", "von", "bin", "ben", "en", "'t", "’t",
];

/// A compiled matcher for one request's known identifiers.
#[derive(Debug, Default)]
pub struct KnownIdentifiers {
    /// (regex, label); one regex for all variants when it compiles, else one per variant.
    matchers: Vec<(Regex, Label)>,
    /// Name parts of five letters or more, lowercase, for near-miss matching.
    fuzzy: Vec<(Vec<char>, Label)>,
}

struct Variant {
    text: String,
    label: Label,
}

impl KnownIdentifiers {
    pub fn empty() -> Self {
        Self::default()
    }

    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> Self {
        let lexicon = Lexicon::get();
        let mut variants: Vec<Variant> = Vec::new();
        let mut fuzzy: Vec<(Vec<char>, Label)> = Vec::new();
        for item in items {
            let item = item.as_ref().trim();
            if item.chars().count() < 2 {
                continue;
            }
            let lower = item.to_lowercase();
            let whole_label = if lexicon.places.contains(&lower) {
                Label::Location
            } else {
                Label::Person
            };
            variants.push(Variant {
                text: fold(item),
                label: whole_label,
            });
            for part in item.split(|c: char| c.is_whitespace() || c == ',') {
                let p = part.trim_matches(|c: char| !c.is_alphanumeric());
                let pl = p.to_lowercase();
                if p.chars().count() < 2 || PARTICLES.contains(&pl.as_str()) {
                    continue;
                }
                let label = if lexicon.places.contains(&pl) {
                    Label::Location
                } else {
                    Label::Person
                };
                if p.chars().count() >= 5 && p.chars().all(char::is_alphabetic) {
                    fuzzy.push((pl.chars().collect(), label));
                }
                variants.push(Variant {
                    text: fold(p),
                    label,
                });
            }
        }
        // Longest first, so that the regex's leftmost-first choice prefers "Sanne Bakker" over
        // "Sanne".
        variants.retain(|v| v.text.chars().count() >= 2);
        variants.sort_by_key(|v| std::cmp::Reverse(v.text.chars().count()));
        variants.dedup_by(|a, b| a.text == b.text);
        let mut matchers = Vec::new();
        for label in [Label::Person, Label::Location] {
            let group: Vec<&Variant> = variants.iter().filter(|v| v.label == label).collect();
            if group.is_empty() {
                continue;
            }
            let alternatives: Vec<String> = group.iter().map(|v| pattern_for(&v.text)).collect();
            match build(&alternatives.join("|")) {
                Some(re) => matchers.push((re, label)),
                // A huge or odd list: fall back to one regex per variant, skipping any that fail.
                None => {
                    for alt in &alternatives {
                        if let Some(re) = build(alt) {
                            matchers.push((re, label));
                        }
                    }
                }
            }
        }
        fuzzy.dedup_by(|a, b| a.0 == b.0);
        KnownIdentifiers { matchers, fuzzy }
    }

    /// Whether no identifier was given (nothing to look for).
    pub fn is_empty(&self) -> bool {
        self.matchers.is_empty() && self.fuzzy.is_empty()
    }

    /// Where the identifiers (or a spelling one edit away) still stand in `text`, in code points.
    /// The service refuses to send an excerpt for review while this finds anything.
    pub fn find(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        self.detect(text, Lexicon::get(), &mut out);
        let merged = super::merge::merge(text, out);
        super::text::to_char_spans(text, &merged)
    }

    pub(crate) fn detect(&self, text: &str, lexicon: &Lexicon, out: &mut Vec<Candidate>) {
        let first = out.len();
        if self.matchers.is_empty() && self.fuzzy.is_empty() {
            return;
        }
        // Matched on the folded shadow (case, width, invisibles, look-alikes), reported in the
        // original's offsets.
        let folded = Folded::new(text);
        let shadow = folded.text.as_str();
        for (re, label) in &self.matchers {
            for m in re.find_iter(shadow) {
                // Whole words only: "Sanne" must not be hidden inside "Sannerweg". The suffix group
                // already took any possessive or diminutive ending.
                let before_ok = !char_before(shadow, m.start())
                    .is_some_and(|c| is_word_char(c) && starts_with_word_char(m.as_str()));
                let after_ok = !shadow[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(|c| is_word_char(c) && ends_with_word_char(m.as_str()));
                let original = folded.original(m.start(), m.end());
                if let (true, true, Some((start, end))) = (before_ok, after_ok, original) {
                    out.push(Candidate {
                        start,
                        end,
                        label: *label,
                        priority: priority::KNOWN,
                    });
                }
            }
        }
        if !self.fuzzy.is_empty() {
            let exact: Vec<(usize, usize)> =
                out[first..].iter().map(|c| (c.start, c.end)).collect();
            self.detect_near_misses(text, lexicon, &exact, out);
        }
    }
}

impl KnownIdentifiers {
    /// Words one edit away from a known name part of five letters or more ("Kevyn" for "Kevin",
    /// "Janssen" for "Jansen"): a worker or the young person may spell a name differently. A
    /// word the lexicon knows as ordinary Dutch is left alone ("Bakken" is not "Bakker").
    fn detect_near_misses(
        &self,
        text: &str,
        lexicon: &Lexicon,
        exact: &[(usize, usize)],
        out: &mut Vec<Candidate>,
    ) {
        // A word can only be one edit from a name when its length is within one of the name's.
        // `near[n]`: some name has a length within one of `n`.
        let max = self.fuzzy.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        let near: Vec<bool> = (0..max + 2)
            .map(|n| {
                self.fuzzy
                    .iter()
                    .any(|(name, _)| name.len().abs_diff(n) <= 1)
            })
            .collect();
        let mut word: Vec<char> = Vec::with_capacity(32);
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some((c, len)) = alphabetic_at(text, i) {
            if !c {
                i += len;
                continue;
            }
            let start = i;
            let mut end = i + len;
            // Whether the word is all ASCII, noted while walking it instead of in a second pass;
            // its ASCII letters, most of any word, are taken byte by byte without decoding.
            let mut ascii = len == 1;
            loop {
                match bytes.get(end) {
                    Some(b) if b.is_ascii_alphabetic() => end += 1,
                    Some(&b) if b >= 0x80 => match alphabetic_at(text, end) {
                        Some((true, l)) => {
                            end += l;
                            ascii = false;
                        }
                        _ => break,
                    },
                    _ => break,
                }
            }
            i = end;
            let raw = &text[start..end];
            // An ASCII word keeps its length in lowercase; others are measured after lowercasing.
            if ascii && (raw.len() < 4 || !near.get(raw.len()).copied().unwrap_or(false)) {
                continue;
            }
            word.clear();
            if ascii {
                word.extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                word.extend(raw.chars().flat_map(char::to_lowercase));
            }
            // Words the exact matcher already took (with their suffixes) are not looked at again.
            if word.len() >= 4 && !exact.iter().any(|&(s, e)| s <= start && end <= e) {
                let hit = self
                    .fuzzy
                    .iter()
                    .find(|(name, _)| within_one_edit(name, &word));
                if let Some(&(_, label)) = hit {
                    let lower: String = word.iter().collect();
                    if !lexicon.is_word(&lower) && !lexicon.is_not_name(&lower) {
                        out.push(Candidate {
                            start,
                            end,
                            label,
                            priority: priority::KNOWN,
                        });
                    }
                }
            }
        }
    }
}

/// Whether the char at byte `i` of `text` (a char boundary) is alphabetic, and its length in
/// bytes; `None` at the end. ASCII bytes are looked at directly.
fn alphabetic_at(text: &str, i: usize) -> Option<(bool, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b.is_ascii_alphabetic(), 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c.is_alphabetic(), c.len_utf8()))
}

/// Levenshtein distance (with adjacent transposition) of at most one.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if prefix == short.len() {
        return true; // equal, or one letter added at the end
    }
    if short.len() == long.len() {
        // One substitution, or two neighbours swapped.
        short[prefix + 1..] == long[prefix + 1..]
            || (prefix + 1 < short.len()
                && short[prefix] == long[prefix + 1]
                && short[prefix + 1] == long[prefix]
                && short[prefix + 2..] == long[prefix + 2..])
    } else {
        short[prefix..] == long[prefix + 1..] // one letter inserted
    }
}

fn starts_with_word_char(s: &str) -> bool {
    s.chars().next().is_some_and(is_word_char)
}

fn ends_with_word_char(s: &str) -> bool {
    s.chars().next_back().is_some_and(is_word_char)
}

/// The pattern for one variant: its words with any whitespace between them, then a suffix when it
/// ends in a letter.
fn pattern_for(variant: &str) -> String {
    let words: Vec<String> = variant.split_whitespace().map(regex::escape).collect();
    let mut p = words.join(r"\s+");
    if variant.chars().next_back().is_some_and(char::is_alphabetic) {
        p.push_str(SUFFIX);
    }
    format!("(?:{p})")
}

fn build(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 24)
        .build()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(known: &[&str], text: &str) -> Vec<String> {
        let k = KnownIdentifiers::new(known.iter().copied());
        let mut out = Vec::new();
        k.detect(text, Lexicon::get(), &mut out);
        out.sort_by_key(|c| c.start);
        out.iter()
            .map(|c| text[c.start..c.end].to_string())
            .collect()
    }

    #[test]
    fn a_full_name_is_found_whole_and_by_its_parts() {
        let got = found(
            &["Sanne Bakker"],
            "Sanne Bakker zei dat sanne en mevrouw Bakker kwamen",
        );
        assert_eq!(got, vec!["Sanne Bakker", "sanne", "Bakker"]);
    }

    #[test]
    fn possessives_and_diminutives_of_a_known_name_are_found() {
        let got = found(&["Sanne"], "Sannes fiets, Sanne's jas en Sannetje");
        assert_eq!(got, vec!["Sannes", "Sanne's", "Sannetje"]);
    }

    #[test]
    fn a_known_name_inside_an_unrelated_word_is_left_alone() {
        assert!(found(&["Sanne"], "de Sannerweg en Susanne").is_empty());
    }

    #[test]
    fn a_known_place_is_labelled_as_a_location() {
        let k = KnownIdentifiers::new(["Assen"]);
        let mut out = Vec::new();
        k.detect("ik woon in Assen", Lexicon::get(), &mut out);
        assert_eq!(out.first().map(|c| c.label), Some(Label::Location));
    }

    #[test]
    fn particles_of_a_name_are_not_hidden_on_their_own() {
        assert_eq!(
            found(&["Kevin van der Veen"], "van de week zag ik Veen"),
            vec!["Veen"]
        );
    }

    #[test]
    fn near_misses_of_longer_names_are_found_but_not_of_short_ones_or_words() {
        assert_eq!(
            found(&["Kevin Jansen"], "Kevyn en Janssen en Kvein"),
            vec!["Kevyn", "Janssen", "Kvein"]
        );
        assert!(found(&["Daan"], "Daaf en Dan").is_empty());
        assert!(found(&["Bakker"], "we bakken").is_empty());
    }

    #[test]
    fn one_edit_means_one_insertion_deletion_substitution_or_swap() {
        let c = |s: &str| s.chars().collect::<Vec<char>>();
        assert!(within_one_edit(&c("sanne"), &c("sane")));
        assert!(within_one_edit(&c("sanne"), &c("sannes")));
        assert!(within_one_edit(&c("sanne"), &c("snane")));
        assert!(!within_one_edit(&c("sanne"), &c("snaen")));
        assert!(!within_one_edit(&c("sanne"), &c("susanne")));
    }

    #[test]
    fn disguised_spellings_of_a_known_identifier_are_found_in_original_offsets() {
        let known = ["Sanne", "Beilen"];
        for text in [
            "Sanne",
            "sanne",
            "BEILEN",
            "San\u{200b}ne",
            "Bei\u{00ad}len",
            "Ｓanne",
            "Веilen",
        ] {
            let line = format!("toen zei {text} iets");
            assert_eq!(found(&known, &line), vec![text.to_string()], "{text:?}");
        }
    }

    #[test]
    fn find_reports_code_point_spans() {
        let k = KnownIdentifiers::new(["Sanne"]);
        let spans = k.find("Één San\u{200b}ne");
        assert_eq!(spans.len(), 1);
        assert_eq!((spans[0].start, spans[0].end), (4, 10));
        assert!(k.find("niemand hier").is_empty());
    }

    #[test]
    fn identifiers_with_regex_characters_are_matched_literally() {
        assert_eq!(found(&["a.b (c)"], "zie a.b (c) hier"), vec!["a.b (c)"]);
        assert!(found(&["a.b"], "axb").is_empty());
    }
}
