//! One pass over the text for the literal words that the organisation patterns hold: the kind
//! words of `BY_KIND` (any letter case), the name endings of `BY_ENDING` and the endings of
//! `COMPOUND` (exact case). Each pattern only needs a look at the text around its words.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};

use super::{COMPOUND_ENDINGS, ENDINGS, KINDS};

/// What a word of the search stands for.
#[derive(Default)]
struct Roles {
    /// A kind word of `BY_KIND`, in any ASCII letter case.
    kind: bool,
    /// The whole kind word (not a stand-in such as "caf"), so a blank must follow it.
    whole_kind: bool,
    /// A name ending of `BY_ENDING`, in exactly this case.
    ending: Option<&'static str>,
    /// A compound ending, in exactly this (lower) case.
    compound: Option<&'static str>,
}

struct Search {
    words: AhoCorasick,
    roles: Vec<Roles>,
}

// Constant word lists; a failure to build is a programming error caught by the unit tests.
#[allow(clippy::expect_used)]
static SEARCH: LazyLock<Search> = LazyLock::new(|| {
    let mut words: Vec<String> = Vec::new();
    let mut roles: Vec<Roles> = Vec::new();
    let mut slot = |word: &str| -> usize {
        let lower = word.to_ascii_lowercase();
        match words.iter().position(|w| *w == lower) {
            Some(i) => i,
            None => {
                words.push(lower);
                roles.push(Roles::default());
                words.len() - 1
            }
        }
    };
    // "café" stands as "caf" because its "é" may be in either case.
    let kinds: Vec<(usize, bool)> = KINDS
        .split('|')
        .map(|k| {
            if k.is_ascii() {
                (slot(k), true)
            } else {
                (slot(&k[..3]), false)
            }
        })
        .collect();
    // "Gezin" stands for "Jeugd & Gezin", which every such match holds.
    let endings: Vec<(usize, &'static str)> = ENDINGS
        .split('|')
        .map(|e| if e.contains('(') { "Gezin" } else { e })
        .map(|e| (slot(e), e))
        .collect();
    let compounds: Vec<(usize, &'static str)> =
        COMPOUND_ENDINGS.iter().map(|&c| (slot(c), c)).collect();
    for (i, whole) in kinds {
        roles[i].kind = true;
        roles[i].whole_kind |= whole;
    }
    for (i, e) in endings {
        roles[i].ending = Some(e);
    }
    for (i, c) in compounds {
        roles[i].compound = Some(c);
    }
    // A full DFA without a prefilter: the kind words are short, common letter sequences ("so",
    // "zorg"), on which a prefilter finds too many false starts to pay off.
    let words = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .prefilter(false)
        .build(&words)
        .expect("constant word list builds");
    Search { words, roles }
});

pub(super) fn warm_up() {
    LazyLock::force(&SEARCH);
}

/// Where the literal words are in one text, each list sorted by start: only the occurrences in
/// the place a match needs them.
pub(super) struct Hits {
    /// Kind words; `None` when the text holds a character that case-folds onto an ASCII letter
    /// (the Kelvin sign, the long s), which the ASCII-only search would miss: search it whole.
    pub kinds: Option<Vec<(usize, usize)>>,
    pub endings: Vec<(usize, usize)>,
    pub compounds: Vec<(usize, usize)>,
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// True when blanks follow byte `e` and then a capital, maybe after an article and blanks: what
/// follows the kind word in every `BY_KIND` match.
fn capital_follows(text: &str, e: usize) -> bool {
    let Some(rest) = text.get(e..) else {
        return false;
    };
    if !rest.starts_with([' ', '\t']) {
        return false;
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    let capital = |r: &str| r.chars().next().is_some_and(char::is_uppercase);
    capital(rest)
        || ["De", "de", "Het", "het", "'t", "’t"]
            .iter()
            .any(|article| {
                rest.strip_prefix(article).is_some_and(|r| {
                    r.starts_with([' ', '\t']) && capital(r.trim_start_matches([' ', '\t']))
                })
            })
}

/// True when the chunk before the blanks before byte `s` holds a capital (any non-ASCII byte
/// counts as one): the name word that comes before the ending in every `BY_ENDING` match.
fn capital_before(bytes: &[u8], s: usize) -> bool {
    let mut i = s;
    while i > 0 && is_blank(bytes[i - 1]) {
        i -= 1;
    }
    while i > 0 && !is_blank(bytes[i - 1]) && bytes[i - 1] != b'\n' && bytes[i - 1] != b'\r' {
        i -= 1;
        if bytes[i] >= 0x80 || bytes[i].is_ascii_uppercase() {
            return true;
        }
    }
    false
}

/// Every occurrence of every word, overlapping ones included, so that no word hides another.
pub(super) fn find(text: &str) -> Hits {
    let search = &*SEARCH;
    let bytes = text.as_bytes();
    let mut kinds = Vec::new();
    let mut endings = Vec::new();
    let mut compounds = Vec::new();
    for m in search.words.find_overlapping_iter(text) {
        let Some(roles) = search.roles.get(m.pattern().as_usize()) else {
            continue;
        };
        let (s, e) = (m.start(), m.end());
        let blank_before = s > 0 && is_blank(bytes[s - 1]);
        // In `BY_KIND` blanks follow the kind word; in `BY_ENDING` blanks come before the ending
        // word; in `COMPOUND` a lowercase letter comes before the ending.
        if roles.kind && (!roles.whole_kind || capital_follows(text, e)) {
            kinds.push((s, e));
        }
        let ending = roles.ending.filter(|&w| &text[s..e] == w);
        if blank_before && ending.is_some_and(|w| w == "Gezin" || capital_before(bytes, s)) {
            endings.push((s, e));
        }
        let lower_before = s > 0 && (bytes[s - 1] >= 0x80 || bytes[s - 1].is_ascii_lowercase());
        if lower_before && roles.compound.is_some_and(|w| &text[s..e] == w) {
            compounds.push((s, e));
        }
    }
    // Overlapping matches come in order of their ends.
    for v in [&mut kinds, &mut endings, &mut compounds] {
        v.sort_unstable();
    }
    let exotic = text.contains(['\u{212A}', '\u{17F}']);
    Hits {
        kinds: (!exotic).then_some(kinds),
        endings,
        compounds,
    }
}
