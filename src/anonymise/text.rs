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

/// A byte that separates the chunks `windows` counts: a blank. A line break ends a window.
fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_line_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// The start of the chunk (run of non-blank bytes) holding byte `i`, then `back` chunks further
/// back, never past a line break. Stops early at any position at or before `floor`: the caller
/// only needs to know that the start is there (it joins the window to the last one), and the
/// text before `floor` was walked already for that window.
fn chunks_back(bytes: &[u8], mut i: usize, back: usize, floor: usize) -> usize {
    let mut n = 0;
    loop {
        // The start only moves back, so once it reaches `floor` the answer is at or before it.
        while i > floor && !is_blank(bytes[i - 1]) && !is_line_break(bytes[i - 1]) {
            i -= 1;
        }
        if i <= floor || n == back {
            return i;
        }
        let mut j = i;
        while j > 0 && is_blank(bytes[j - 1]) {
            j -= 1;
        }
        if j == 0 || is_line_break(bytes[j - 1]) || j == i {
            return i;
        }
        i = j;
        n += 1;
    }
}

/// The end of the chunk that ends at or runs on from byte `i`, then `fwd` chunks further on and
/// the blanks after them, never past a line break.
fn chunks_fwd(bytes: &[u8], mut i: usize, fwd: usize) -> usize {
    let len = bytes.len();
    let mut n = 0;
    loop {
        while i < len && !is_blank(bytes[i]) && !is_line_break(bytes[i]) {
            i += 1;
        }
        while i < len && is_blank(bytes[i]) {
            i += 1;
        }
        if n == fwd || i == len || is_line_break(bytes[i]) {
            return i;
        }
        n += 1;
    }
}

/// Byte ranges of `text` around the `triggers` (sorted by start): from `back` blank-separated
/// chunks before a trigger to `fwd` chunks after it (with the blanks that follow), within its
/// line; overlapping or touching ranges are joined. A pattern whose every match holds a trigger
/// and spans at most that many chunks on either side of it finds the same matches in these
/// ranges as in the whole text, which lets a detector skip the text between them.
pub(crate) fn windows(
    text: &str,
    triggers: impl IntoIterator<Item = (usize, usize)>,
    back: usize,
    fwd: usize,
) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    // The end of the last trigger: its window's end is already taken into the last window.
    let mut last_e = usize::MAX;
    for (s, e) in triggers {
        // A trigger that starts inside the last window extends it; where its own window would
        // start does not matter then.
        if let Some(last) = out.last_mut()
            && s <= last.1
        {
            // Ending in the same chunk as the last trigger ("06-12345678", "12.345"), it reaches
            // exactly as far: no need to walk the chunks again.
            let same_chunk = last_e <= e
                && !bytes[last_e..e]
                    .iter()
                    .any(|&b| is_blank(b) || is_line_break(b));
            if !same_chunk {
                last.1 = last.1.max(chunks_fwd(bytes, e, fwd));
            }
            last_e = e;
            continue;
        }
        last_e = e;
        let ws = chunks_back(bytes, s, back, out.last().map_or(0, |last| last.1));
        let we = chunks_fwd(bytes, e, fwd);
        match out.last_mut() {
            Some(last) if ws <= last.1 => last.1 = last.1.max(we),
            _ => out.push((ws, we)),
        }
    }
    out
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `x` that is an ASCII digit (no carry crosses a byte: the
/// additions see only the low seven bits, and non-ASCII bytes are masked out at the end).
pub(crate) fn digit_bits(x: u64) -> u64 {
    let low = x & !HIGH;
    let at_least_0 = low.wrapping_add(0x50 * ONES);
    let above_9 = low.wrapping_add(0x46 * ONES);
    at_least_0 & !above_9 & !x & HIGH
}

/// Nonzero when some byte of `x` is `b`.
pub(crate) fn byte_bits(x: u64, b: u8) -> u64 {
    let v = x ^ (u64::from(b) * ONES);
    v.wrapping_sub(ONES) & !v & HIGH
}

/// The first `i` (stepping eight bytes at a time) whose eight bytes `interesting` accepts, or
/// from which fewer than eight bytes are left: everything skipped holds nothing of interest.
pub(crate) fn skip_words(bytes: &[u8], mut i: usize, interesting: impl Fn(u64) -> bool) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        if interesting(u64::from_le_bytes(w)) {
            break;
        }
        i += 8;
    }
    i
}

/// Whether a cheap gate that looks at ASCII only could miss a match in `text`: `\d` in a pattern
/// is any Unicode decimal digit, and `(?i)` lets the Kelvin sign stand for "k" and the long s for
/// "s". With such a character in the text, a detector runs every pattern.
pub(crate) fn beyond_ascii_gates(text: &str) -> bool {
    non_ascii_chars(text).any(|c| c.is_numeric() || matches!(c, '\u{212A}' | 'ſ'))
}

/// The characters of `text` beyond ASCII, skipping eight ASCII bytes at a time.
fn non_ascii_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        i = skip_words(bytes, i, |x| x & HIGH != 0);
        let s = i + bytes.get(i..)?.iter().position(|&b| b >= 0x80)?;
        let c = text.get(s..)?.chars().next()?;
        i = s + c.len_utf8();
        Some(c)
    })
}

/// The maximal runs of ASCII digits in `text`, as byte ranges.
pub(crate) fn digit_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        i = skip_words(bytes, i, |x| digit_bits(x) != 0);
        let s = i + bytes.get(i..)?.iter().position(u8::is_ascii_digit)?;
        let e = s + bytes[s..].iter().take_while(|b| b.is_ascii_digit()).count();
        i = e;
        Some((s, e))
    })
}

/// The matches of `re` inside the windows, as byte ranges of the whole text.
pub(crate) fn find_in<'a>(
    re: &'a regex::Regex,
    text: &'a str,
    wins: &'a [(usize, usize)],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    wins.iter().flat_map(move |&(ws, we)| {
        re.find_iter(&text[ws..we])
            .map(move |m| (ws + m.start(), ws + m.end()))
    })
}

/// The first capture group of every match of `re` inside the windows (matches without it are
/// skipped), as byte ranges of the whole text.
pub(crate) fn group_in<'a>(
    re: &'a regex::Regex,
    text: &'a str,
    wins: &'a [(usize, usize)],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    wins.iter().flat_map(move |&(ws, we)| {
        re.captures_iter(&text[ws..we])
            .filter_map(move |c| c.get(1).map(|g| (ws + g.start(), ws + g.end())))
    })
}

/// True when a full stop is glued to what follows it ("www.x", "sanne.b", "weg.De"): the one
/// shape of '.' that an address or a handle needs and ordinary prose rarely has.
pub(crate) fn glued_dot_at(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'.'
        && bytes
            .get(i + 1)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b >= 0x80 || b == b'.' || b == b'_')
}

/// Converts merged byte-offset candidates (sorted, disjoint, on char boundaries) to code-point
/// spans in a single pass over the text.
pub(crate) fn to_char_spans(text: &str, merged: &[Candidate]) -> Vec<Span> {
    let mut spans = Vec::with_capacity(merged.len());
    let bytes = text.as_bytes();
    let mut char_idx = 0;
    let mut byte_pos = 0;
    // Advances to `target` bytes and returns its code-point index: the number of code points
    // that start before it, counted as the bytes that are not UTF-8 continuation bytes.
    let mut seek = |target: usize| -> usize {
        let target = target.min(bytes.len());
        if byte_pos < target {
            char_idx += bytes[byte_pos..target]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count();
            byte_pos = target;
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
                suggested: c.priority <= super::priority::GUESS,
            });
        }
    }
    spans
}

/// Compiles one of the detectors' constant patterns. A pattern that fails to compile is a
/// programming error that every detector's unit tests catch at once, so `expect` is the accepted
/// exception to the no-panic rule here; the patterns are built once, in `LazyLock`s.
#[allow(clippy::expect_used)]
pub(super) fn re(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("constant pattern compiles")
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
    fn windows_take_chunks_around_triggers_within_a_line() {
        let t = "een twee drie 15 vier vijf zes\nzeven 8 acht";
        let w = windows(t, digit_runs(t), 1, 1);
        assert_eq!(
            w.iter().map(|&(s, e)| &t[s..e]).collect::<Vec<_>>(),
            vec!["drie 15 vier ", "zeven 8 acht"]
        );
        let w = windows(t, digit_runs(t), 9, 0);
        assert_eq!(&t[w[0].0..w[0].1], "een twee drie 15 ");
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
