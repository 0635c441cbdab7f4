//! Word lists, compiled into the binary (no I/O at run time) and loaded once per process.
//! Where each list comes from, and under what licence, is in `data/SOURCES.md`.
//!
//! The name and place sets borrow their entries from the embedded text, so loading allocates
//! only the hash tables. The large Dutch word list is not loaded at all: it is kept sorted in
//! the binary and searched in place.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// The multiply-rotate hash of rustc's FxHash: far cheaper than SipHash on short words, and the
/// keys are our own lists, so there is no flooding to defend against.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of lowercase entries from one or more embedded lists.
pub(crate) struct WordSet(HashSet<&'static str, BuildHasherDefault<FxHasher>>);

impl WordSet {
    fn from(lists: &[&'static str]) -> Self {
        let mut set = HashSet::default();
        for data in lists {
            set.extend(
                data.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#')),
            );
        }
        WordSet(set)
    }

    pub(crate) fn contains(&self, lower: &str) -> bool {
        self.0.contains(lower)
    }

    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &&'static str> {
        self.0.iter()
    }

    /// Bytes held by the table itself (the entries live in the binary).
    fn heap_bytes(&self) -> usize {
        self.0.capacity() * (std::mem::size_of::<&str>() + 1)
    }
}

pub(crate) struct Lexicon {
    /// Given names, lowercase.
    pub first_names: WordSet,
    /// Family names, lowercase.
    pub surnames: WordSet,
    /// Towns, villages, municipalities, lowercase.
    pub places: WordSet,
    /// Named organisations (care providers, schools, chains), lowercase.
    pub organisations: WordSet,
    /// Names and places that are also ordinary Dutch words ("roos", "echt", "loon"): only taken
    /// as names when capitalised in mid-sentence or in a context that says so.
    pub name_words: WordSet,
    /// Capitalised words that are not names: countries, languages, national services, platforms.
    pub not_names: WordSet,
    /// Common Dutch function words: never a name, whatever their case.
    pub stopwords: WordSet,
    /// Ordinary Dutch words (OpenTaal), sorted by bytes, one a line.
    words: &'static str,
}

// The lists are lowercase on disk (generate.py writes them so; the hand lists are kept so), which
// lets the sets borrow from the binary instead of allocating a lowercase copy of each entry.
static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon {
    first_names: WordSet::from(&[
        include_str!("data/first_names.txt"),
        include_str!("data/names_extra.txt"),
    ]),
    surnames: WordSet::from(&[include_str!("data/surnames.txt")]),
    places: WordSet::from(&[
        include_str!("data/places.txt"),
        include_str!("data/places_extra.txt"),
    ]),
    organisations: WordSet::from(&[include_str!("data/organisations.txt")]),
    name_words: WordSet::from(&[include_str!("data/name_words.txt")]),
    not_names: WordSet::from(&[include_str!("data/not_names.txt")]),
    stopwords: WordSet::from(&[include_str!("data/stopwords.txt")]),
    words: include_str!("data/words.txt"),
});

impl Lexicon {
    pub(crate) fn get() -> &'static Lexicon {
        &LEXICON
    }

    /// A given or family name from the lists.
    pub(crate) fn is_name(&self, lower: &str) -> bool {
        self.first_names.contains(lower) || self.surnames.contains(lower)
    }

    /// A word that is never a name, capitalised or not.
    pub(crate) fn is_not_name(&self, lower: &str) -> bool {
        self.stopwords.contains(lower) || self.not_names.contains(lower)
    }

    /// An ordinary Dutch word (lowercase) according to OpenTaal. Binary search over the sorted,
    /// embedded list: no start-up cost and no memory beyond the binary's own pages.
    pub(crate) fn is_word(&self, lower: &str) -> bool {
        let data = self.words.as_bytes();
        let key = lower.as_bytes();
        let (mut lo, mut hi) = (0usize, data.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            // The line containing `mid`: [start, end).
            let start = data[..mid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let end = data[mid..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(data.len(), |p| mid + p);
            match data[start..end].cmp(key) {
                std::cmp::Ordering::Equal => return true,
                std::cmp::Ordering::Less => lo = end + 1,
                std::cmp::Ordering::Greater => hi = start,
            }
        }
        false
    }

    /// Heap bytes of the loaded tables, for the benchmark's memory report.
    pub(crate) fn heap_bytes(&self) -> usize {
        [
            &self.first_names,
            &self.surnames,
            &self.places,
            &self.organisations,
            &self.name_words,
            &self.not_names,
            &self.stopwords,
        ]
        .iter()
        .map(|s| s.heap_bytes())
        .sum()
    }

    /// Bytes of list data embedded in the binary.
    pub(crate) fn embedded_bytes(&self) -> usize {
        self.words.len()
            + [
                include_str!("data/first_names.txt"),
                include_str!("data/names_extra.txt"),
                include_str!("data/surnames.txt"),
                include_str!("data/places.txt"),
                include_str!("data/places_extra.txt"),
                include_str!("data/organisations.txt"),
                include_str!("data/name_words.txt"),
                include_str!("data/not_names.txt"),
                include_str!("data/stopwords.txt"),
            ]
            .iter()
            .map(|s| s.len())
            .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_loaded_lowercase_without_comments() {
        let l = Lexicon::get();
        assert!(l.first_names.contains("sanne"));
        assert!(l.places.contains("assen"));
        assert!(l.stopwords.contains("de"));
        for set in [&l.first_names, &l.surnames, &l.places, &l.not_names] {
            assert!(!set.iter().any(|n| n.starts_with('#')));
            assert!(
                set.iter().all(|n| n.to_lowercase() == **n),
                "uppercase entry"
            );
        }
    }

    #[test]
    fn the_word_list_is_sorted_so_it_can_be_searched() {
        let l = Lexicon::get();
        let lines: Vec<&str> = l.words.lines().collect();
        assert!(lines.windows(2).all(|w| w[0] < w[1]));
        assert!(l.is_word("huis") && l.is_word("toen") && l.is_word(lines[0]));
        assert!(l.is_word(lines[lines.len() - 1]));
        assert!(!l.is_word("zwerwin") && !l.is_word("") && !l.is_word("zzzzzzzz"));
    }

    #[test]
    fn ordinary_words_are_not_in_the_name_lists_without_being_flagged() {
        let l = Lexicon::get();
        for w in l.first_names.iter() {
            assert!(
                !l.stopwords.contains(w),
                "{w} is both a name and a stopword"
            );
        }
    }
}
