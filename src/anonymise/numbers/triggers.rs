//! Where an age may be: digits, number words standing alone, and "jarig" anywhere.
//!
//! This was a leftmost-longest Aho-Corasick search of the number words over the whole text,
//! whose hits were kept when they were whole words or "jarig". One walk over the text's words
//! gives the same hits for less: every number word is letters only, so a hit that is a whole
//! word is a whole run of word characters, and no other hit can overlap it (that hit would hold
//! the non-word character before it); and no number word ends in a prefix of "jarig" or holds
//! it, so no hit can swallow the start of a "jarig" either.

use std::sync::LazyLock;

use super::{NUM, ORDINAL};

/// The number words of `NUM` and `ORDINAL` and "jarig", by length in bytes.
static BY_LEN: LazyLock<Vec<Vec<&'static str>>> = LazyLock::new(|| {
    let words: Vec<&'static str> = NUM
        .split('|')
        .chain(ORDINAL.split('|'))
        .filter(|w| !w.starts_with('\\'))
        .chain(["jarig"])
        .collect();
    let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
    let mut by_len = vec![Vec::new(); longest + 1];
    for w in words {
        by_len[w.len()].push(w);
    }
    by_len
});

pub(super) fn warm_up() {
    LazyLock::force(&BY_LEN);
}

/// A word character as `text::is_word_char` has it: alphanumeric or '_'.
fn word_char_at(text: &str, i: usize) -> Option<(bool, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b.is_ascii_alphanumeric() || b == b'_', 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c.is_alphanumeric(), c.len_utf8()))
}

/// A number word in any ASCII letter case (other bytes exactly, as the search had it).
fn is_number_word(word: &[u8]) -> bool {
    BY_LEN
        .get(word.len())
        .is_some_and(|ws| ws.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word)))
}

/// Pushes every "jarig" in `word` (at byte `at` of the text), in any ASCII letter case.
fn push_jarig(word: &[u8], at: usize, out: &mut Vec<(usize, usize)>) {
    let mut k = 0;
    while k + 5 <= word.len() {
        if word[k..k + 5].eq_ignore_ascii_case(b"jarig") {
            out.push((at + k, at + k + 5));
            k += 5;
        } else {
            k += 1;
        }
    }
}

/// The number words standing alone and the "jarig"s of `text`, in text order, appended to `out`.
pub(super) fn words(text: &str, out: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some((word, len)) = word_char_at(text, i) {
        if !word {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while let Some((true, l)) = word_char_at(text, i) {
            i += l;
        }
        let run = &bytes[start..i];
        if is_number_word(run) {
            out.push((start, i));
        } else if run.len() > 5 {
            push_jarig(run, start, out);
        }
    }
}
