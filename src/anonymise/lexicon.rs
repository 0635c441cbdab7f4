//! Word lists, compiled into the binary (no I/O at run time) and loaded once per process.
//! Where each list comes from, and under what licence, is in `data/SOURCES.md`.
//!
//! The name and place sets borrow their entries from the embedded text, so loading allocates
//! only the hash tables. The large Dutch word list is not copied either: a hash table of line
//! offsets points into the embedded text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::cues::CUE_WORDS;

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
        // The last up to seven bytes as one word: one step instead of one per byte. The length
        // goes in the top byte so that trailing zero bytes still change the hash.
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            w[7] = rest.len() as u8;
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxBuild = BuildHasherDefault<FxHasher>;

/// Every entry of every list, lowercase, with one bit per list it is in: a token's lists are
/// known after a single hash lookup, instead of one lookup per list. The cue words of the name
/// rules (`cues::CUE_WORDS`) are in it too, so that the same look-up tells a token's cues.
struct Index(HashMap<&'static str, Entry, FxBuild>);

/// What the index knows of a word: the lists it is in (`bits`) and the cues it gives
/// (`cues::cue`). A cue word in no list has `lists` 0, as any unlisted word.
#[derive(Clone, Copy, Default)]
struct Entry {
    lists: u8,
    cues: u16,
}

/// The bits of `Index`, one per list.
pub(crate) mod bits {
    pub const FIRST_NAME: u8 = 1;
    pub const SURNAME: u8 = 2;
    pub const PLACE: u8 = 4;
    pub const ORGANISATION: u8 = 8;
    pub const NAME_WORD: u8 = 16;
    pub const NOT_NAME: u8 = 32;
    pub const STOPWORD: u8 = 64;
}

fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let lists: [(u8, &[&'static str]); 7] = [
        (
            bits::FIRST_NAME,
            &[
                include_str!("data/first_names.txt"),
                include_str!("data/names_extra.txt"),
                include_str!("data/names_origins.txt"),
            ],
        ),
        (bits::SURNAME, &[include_str!("data/surnames.txt")]),
        (
            bits::PLACE,
            &[
                include_str!("data/places.txt"),
                include_str!("data/places_extra.txt"),
                include_str!("data/places_geonames.txt"),
                include_str!("data/municipalities.txt"),
            ],
        ),
        (
            bits::ORGANISATION,
            &[
                include_str!("data/organisations.txt"),
                include_str!("data/care_providers.txt"),
            ],
        ),
        (bits::NAME_WORD, &[include_str!("data/name_words.txt")]),
        (bits::NOT_NAME, &[include_str!("data/not_names.txt")]),
        (bits::STOPWORD, &[include_str!("data/stopwords.txt")]),
    ];
    let mut map: HashMap<&'static str, Entry, FxBuild> =
        HashMap::with_capacity_and_hasher(16 * 1024, FxBuild::default());
    for (bit, datas) in lists {
        for data in datas {
            for e in entries(data) {
                map.entry(e).or_default().lists |= bit;
            }
        }
    }
    // The hand-written origin list is not filtered against OpenTaal as generate.py filters
    // Faker's names: a name there that is also a word ("helen", "maja") is a name only in context.
    // The same for the GeoNames districts and the municipalities ("son", "waterland"): a place
    // only in context. A district made of ordinary words only ("de haven", "het loo") would hide
    // everyday phrases in any letter case, so it too is a place only in context.
    let is_word = |w: &str| WORDS.contains(w);
    for (data, phrases) in [
        (include_str!("data/names_origins.txt"), false),
        (include_str!("data/places_geonames.txt"), true),
        (include_str!("data/municipalities.txt"), false),
    ] {
        for e in entries(data) {
            let all_words = phrases && e.split([' ', '-']).all(is_word);
            if is_word(e) || all_words {
                map.entry(e).or_default().lists |= bits::NAME_WORD;
            }
        }
    }
    for &(cue, words) in CUE_WORDS {
        for &w in words {
            map.entry(w).or_default().cues |= cue;
        }
    }
    Index(map)
});

/// One list of the index: a view that tests its bit.
pub(crate) struct WordSet {
    bit: u8,
}

impl WordSet {
    const fn of(bit: u8) -> Self {
        WordSet { bit }
    }

    pub(crate) fn contains(&self, lower: &str) -> bool {
        INDEX.0.get(lower).is_some_and(|f| f.lists & self.bit != 0)
    }

    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &&'static str> {
        INDEX
            .0
            .iter()
            .filter(|(_, f)| f.lists & self.bit != 0)
            .map(|(k, _)| k)
    }
}

// Some lists are read one at a time only by the unit tests; the detectors read `flags`.
#[allow(dead_code)]
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
static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    LazyLock::force(&INDEX);
    LazyLock::force(&WORDS);
    Lexicon {
        first_names: WordSet::of(bits::FIRST_NAME),
        surnames: WordSet::of(bits::SURNAME),
        places: WordSet::of(bits::PLACE),
        organisations: WordSet::of(bits::ORGANISATION),
        name_words: WordSet::of(bits::NAME_WORD),
        not_names: WordSet::of(bits::NOT_NAME),
        stopwords: WordSet::of(bits::STOPWORD),
        words: include_str!("data/words.txt"),
    }
});

impl Lexicon {
    pub(crate) fn get() -> &'static Lexicon {
        &LEXICON
    }

    /// The lists `lower` is in, as `bits`; 0 for a word in none of them.
    pub(crate) fn flags(&self, lower: &str) -> u8 {
        INDEX.0.get(lower).map_or(0, |e| e.lists)
    }

    /// The lists `lower` is in (`bits`) and the cues it gives (`cues::cue`), in one look-up.
    pub(crate) fn flags_and_cues(&self, lower: &str) -> (u8, u16) {
        INDEX.0.get(lower).map_or((0, 0), |e| (e.lists, e.cues))
    }

    /// Every listed word or phrase with its flags, for detectors that build their own search
    /// (the cue words that are in no list are not listed words).
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&'static str, u8)> {
        INDEX
            .0
            .iter()
            .filter(|(_, e)| e.lists != 0)
            .map(|(w, e)| (*w, e.lists))
    }

    /// A word that is never a name, capitalised or not.
    pub(crate) fn is_not_name(&self, lower: &str) -> bool {
        self.flags(lower) & (bits::STOPWORD | bits::NOT_NAME) != 0
    }

    /// An ordinary Dutch word (lowercase) according to OpenTaal.
    pub(crate) fn is_word(&self, lower: &str) -> bool {
        WORDS.contains(lower)
    }
}

/// The OpenTaal word list as an open-addressing hash table of line offsets into the embedded
/// text. A binary search over the 2.7 MB list cost about 2,400 instructions a call (each step
/// hunts for the line around its midpoint); a look-up here hashes the word once and compares
/// a line or two. The table takes 2 MB of heap, a quarter of a `HashSet<&str>` of the words.
struct WordTable {
    data: &'static str,
    /// Byte offset of a line's start, or `EMPTY`; a power of two long, under half full.
    slots: Vec<u32>,
}

impl WordTable {
    const EMPTY: u32 = u32::MAX;

    fn new(data: &'static str) -> Self {
        let lines = data.bytes().filter(|&b| b == b'\n').count() + 1;
        let mask = (lines * 2).next_power_of_two() - 1;
        let mut slots = vec![Self::EMPTY; mask + 1];
        // Each line is hashed where `split` finds it: one pass over the 2.7 MB at start-up.
        let mut start = 0usize;
        for word in data.split('\n') {
            let offset = start;
            start += word.len() + 1;
            // The list is a few MB, so every offset fits a u32; a longer one would be skipped.
            let Ok(offset) = u32::try_from(offset) else {
                continue;
            };
            if word.is_empty() {
                continue;
            }
            let mut i = hash(word) & mask;
            while slots[i] != Self::EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = offset;
        }
        WordTable { data, slots }
    }

    fn contains(&self, word: &str) -> bool {
        if word.is_empty() {
            return false;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash(word) & mask;
        loop {
            let offset = self.slots[i];
            if offset == Self::EMPTY {
                return false;
            }
            // The line at `offset` is `word` if it starts with it and ends right after it.
            let rest = &self.data.as_bytes()[offset as usize..];
            if rest.starts_with(word.as_bytes()) && rest.get(word.len()).is_none_or(|&b| b == b'\n')
            {
                return true;
            }
            i = (i + 1) & mask;
        }
    }
}

/// The table's hash of a word: the high half of FxHash, because its low bits depend only on the
/// low bytes of the input (a multiplication carries upwards), so words sharing their first
/// letters would share a slot.
fn hash(word: &str) -> usize {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    (h.finish() >> 32) as usize
}

static WORDS: LazyLock<WordTable> =
    LazyLock::new(|| WordTable::new(include_str!("data/words.txt")));

impl Lexicon {
    /// Heap bytes of the loaded table, for the benchmark's memory report.
    pub(crate) fn heap_bytes(&self) -> usize {
        INDEX.0.capacity() * (std::mem::size_of::<(&str, Entry)>() + 1)
            + WORDS.slots.len() * std::mem::size_of::<u32>()
    }

    /// Bytes of list data embedded in the binary.
    pub(crate) fn embedded_bytes(&self) -> usize {
        self.words.len()
            + [
                include_str!("data/first_names.txt"),
                include_str!("data/names_extra.txt"),
                include_str!("data/names_origins.txt"),
                include_str!("data/care_providers.txt"),
                include_str!("data/surnames.txt"),
                include_str!("data/places.txt"),
                include_str!("data/places_extra.txt"),
                include_str!("data/places_geonames.txt"),
                include_str!("data/municipalities.txt"),
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
        // A municipality that is no woonplaats, and a GeoNames district.
        assert!(l.places.contains("molenlanden") && l.places.contains("súdwest-fryslân"));
        assert!(l.places.contains("scheveningen"));
        // A district that is an ordinary word is a place only in context.
        assert!(l.places.contains("son") && l.name_words.contains("son"));
        assert!(l.name_words.contains("de haven"));
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
