//! Small helpers on text: word boundaries and the byte-to-code-point conversion.

use super::{Candidate, Span};

/// A letter, digit or underscore: what a whole-word match must not touch on either side.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|t| t.chars().next_back())
}

pub(crate) fn char_after(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|t| t.chars().next())
}

/// True when no word character comes right before byte `i`.
pub(crate) fn starts_word(text: &str, i: usize) -> bool {
    !char_before(text, i).is_some_and(is_word_char)
}

/// True when no word character comes right after byte `i`.
pub(crate) fn ends_word(text: &str, i: usize) -> bool {
    !char_after(text, i).is_some_and(is_word_char)
}

/// True when `text[start..end]` is not glued to a word character on either side. The patterns
/// check this in code instead of with `\b`, because a Unicode `\b` forces the regex engine off its
/// fast path on non-ASCII text.
pub(crate) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    starts_word(text, start) && ends_word(text, end)
}

/// A number starts at `i` if no word character and no "digit plus separator" (`12.` `06-`) precedes.
pub(crate) fn starts_number(text: &str, i: usize) -> bool {
    if !starts_word(text, i) {
        return false;
    }
    match char_before(text, i) {
        Some(c @ ('-' | '.' | '/' | ',' | '+')) => !text
            .get(..i - c.len_utf8())
            .and_then(|t| t.chars().next_back())
            .is_some_and(|d| d.is_ascii_digit()),
        _ => true,
    }
}

/// A number ends at `i` if no word character and no "separator plus digit" (`.5` `-34`) follows.
pub(crate) fn ends_number(text: &str, i: usize) -> bool {
    if !ends_word(text, i) {
        return false;
    }
    match char_after(text, i) {
        Some(c @ ('-' | '.' | '/' | ',')) => !text
            .get(i + c.len_utf8()..)
            .and_then(|t| t.chars().next())
            .is_some_and(|d| d.is_ascii_digit()),
        _ => true,
    }
}

/// Like `is_whole_word`, and also not part of a longer number such as `12.345` or `06-1234`.
pub(crate) fn is_whole_number(text: &str, start: usize, end: usize) -> bool {
    starts_number(text, start) && ends_number(text, end)
}

/// Converts merged byte-offset candidates (sorted, disjoint, on char boundaries) to code-point
/// spans in a single pass over the text.
pub(crate) fn to_char_spans(text: &str, merged: &[Candidate]) -> Vec<Span> {
    let mut spans = Vec::with_capacity(merged.len());
    let mut chars = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let mut char_idx = 0;
    let mut byte_pos = chars.next().unwrap_or(0);
    // Advances to `target` bytes and returns its code-point index.
    let mut seek = |target: usize| -> usize {
        while byte_pos < target {
            match chars.next() {
                Some(b) => {
                    byte_pos = b;
                    char_idx += 1;
                }
                None => break,
            }
        }
        char_idx
    };
    for c in merged {
        let start = seek(c.start);
        let end = seek(c.end);
        if start < end {
            spans.push(Span {
                start,
                end,
                label: c.label,
            });
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::super::Label;
    use super::*;

    #[test]
    fn a_name_inside_a_longer_word_is_not_a_whole_word() {
        let t = "Sannerweg";
        assert!(!is_whole_word(t, 0, 5));
        assert!(is_whole_word("(Sanne)", 1, 6));
    }

    #[test]
    fn digits_glued_by_a_dash_are_not_a_whole_number() {
        assert!(!is_whole_number("06-12345678", 3, 11));
        assert!(is_whole_number("ik ben 15.", 7, 9));
    }

    #[test]
    fn byte_offsets_become_code_point_offsets() {
        let text = "éé abc";
        let merged = [Candidate {
            start: 5,
            end: 8,
            label: Label::Person,
            priority: 0,
        }];
        let spans = to_char_spans(text, &merged);
        assert_eq!((spans[0].start, spans[0].end), (3, 6));
    }
}
