//! Word lists, compiled into the binary (no I/O at run time) and loaded once per process.
//! Where each list comes from is in `data/SOURCES.md`.

use std::collections::HashSet;
use std::sync::LazyLock;

pub(crate) struct Lexicon {
    /// Given names, lowercase.
    pub first_names: HashSet<String>,
    /// Family names, lowercase.
    pub surnames: HashSet<String>,
    /// Towns, villages, neighbourhoods, lakes, lowercase.
    pub places: HashSet<String>,
    /// Named organisations (care providers, schools, chains), lowercase.
    pub organisations: HashSet<String>,
    /// Names and places that are also ordinary Dutch words ("roos", "bas", "echt", "loon"): only
    /// taken as names when capitalised in mid-sentence or in a context that says so.
    pub name_words: HashSet<String>,
    /// Capitalised words that are not names: countries, languages, national services, platforms.
    pub not_names: HashSet<String>,
    /// Common Dutch function words: never a name, whatever their case.
    pub stopwords: HashSet<String>,
}

fn list(data: &str) -> HashSet<String> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon {
    first_names: list(include_str!("data/first_names.txt")),
    surnames: list(include_str!("data/surnames.txt")),
    places: list(include_str!("data/places.txt")),
    organisations: list(include_str!("data/organisations.txt")),
    name_words: list(include_str!("data/name_words.txt")),
    not_names: list(include_str!("data/not_names.txt")),
    stopwords: list(include_str!("data/stopwords.txt")),
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
        assert!(!l.first_names.iter().any(|n| n.starts_with('#')));
    }

    #[test]
    fn ordinary_words_are_not_in_the_name_lists_without_being_flagged() {
        let l = Lexicon::get();
        for w in &l.first_names {
            assert!(
                !l.stopwords.contains(w),
                "{w} is both a name and a stopword"
            );
        }
    }
}
