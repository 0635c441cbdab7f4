//! The tokenizer of the name detector: words, initials ("J.") and "'t", each with its lowercase
//! form, its shape and the word lists it is in, all computed once per token.

use super::super::cues::ABBREVIATIONS;
use super::super::lexicon::{Lexicon, bits};

/// A word of the text with its lowercase form (in one buffer shared by all tokens), its shape and
/// its lexicon flags (`lexicon::bits`).
#[derive(Clone, Copy)]
pub(super) struct Token<'a> {
    pub start: usize,
    pub end: usize,
    pub lo: &'a str,
    /// The lists the lowercase form is in.
    pub flags: u8,
    /// The cues the lowercase form gives to the words after it (`cues::cue`).
    pub cues: u16,
    /// An initial such as "J." (at most four bytes, ending in a full stop).
    pub initial: bool,
    /// A capital first letter and at least one lowercase letter after it.
    pub capitalised: bool,
    /// No uppercase letter at all.
    pub lowercase: bool,
    /// Two characters or more, all uppercase letters or hyphens.
    pub all_caps: bool,
    /// Length in code points of the lowercase form.
    pub chars: usize,
}

impl Token<'_> {
    pub fn has(&self, bit: u8) -> bool {
        self.flags & bit != 0
    }

    /// In neither the stopwords nor the list of capitalised non-names.
    pub fn is_not_name(&self) -> bool {
        self.has(bits::STOPWORD | bits::NOT_NAME)
    }
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (U+0300..U+036F and friends) that follow a letter in decomposed text.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// The char at byte `i` of `text` (on a char boundary), if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|t| t.chars().next())
}

/// The end of the word whose first character ends at byte `end`: letters, marks and digits, and
/// a hyphen or apostrophe that has one of those after it. ASCII bytes are looked at directly.
fn word_end(text: &str, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii_alphanumeric() {
            end += 1;
            continue;
        }
        let d = if b < 0x80 {
            char::from(b)
        } else {
            match char_at(text, end) {
                Some(d) => d,
                None => break,
            }
        };
        let len = d.len_utf8();
        // A letter, mark or digit, or a hyphen or apostrophe with one of those after it.
        let continues = (b >= 0x80 && is_token_char(d))
            || (matches!(d, '-' | '\'' | '’')
                && char_at(text, end + len).is_some_and(is_token_char));
        if !continues {
            break;
        }
        end += len;
    }
    end
}

/// The next token at or after byte `i`, without a regex: the same tokens as
/// `[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:[-'’][\p{L}\p{M}\p{N}]+)*`, `\p{Lu}\.`, `['’]t`.
/// Returns the token's start and end, or `None` at the end of the text.
fn next_token(text: &str, mut i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        let c = if b < 0x80 {
            char::from(b)
        } else {
            char_at(text, i)?
        };
        let len = c.len_utf8();
        let next = bytes.get(i + len).copied();
        if c.is_uppercase() && next == Some(b'.') {
            return Some((i, i + len + 1));
        } else if c.is_alphabetic() || is_mark(c) {
            return Some((i, word_end(text, i + len)));
        } else if matches!(c, '\'' | '’') && next == Some(b't') {
            return Some((i, i + len + 1));
        }
        i += len;
    }
    None
}

/// The word at `start`, which begins with an ASCII letter that is not an initial, read in one
/// pass over its bytes that finds its end, writes its lowercase form to `buf` and takes its
/// shape. The general path (`word_end`, `shape`) looks at each byte three or four times; most
/// words are ASCII, so this is where the tokenizer spends its time. Gives `None` and leaves
/// `buf` as it was when the word holds a byte beyond ASCII, or a hyphen or apostrophe followed
/// by one: the general path reads those.
fn ascii_word(bytes: &[u8], start: usize, buf: &mut String) -> Option<(usize, Shape)> {
    let from = buf.len();
    let first = *bytes.get(start)?;
    let first_upper = first.is_ascii_uppercase();
    buf.push(char::from(first.to_ascii_lowercase()));
    let (mut lower_after, mut any_upper, mut caps_or_dash) = (false, first_upper, true);
    let mut end = start + 1;
    while let Some(&b) = bytes.get(end) {
        if b.is_ascii_alphanumeric() {
            let up = b.is_ascii_uppercase();
            any_upper |= up;
            lower_after |= b.is_ascii_lowercase();
            caps_or_dash &= up;
            buf.push(char::from(b.to_ascii_lowercase()));
            end += 1;
            continue;
        }
        if b >= 0x80 {
            buf.truncate(from);
            return None;
        }
        // A hyphen or apostrophe continues the word when a letter or digit follows it.
        if b == b'-' || b == b'\'' {
            match bytes.get(end + 1) {
                Some(n) if n.is_ascii_alphanumeric() => {
                    caps_or_dash &= b == b'-';
                    buf.push(char::from(b));
                    end += 1;
                    continue;
                }
                Some(n) if *n >= 0x80 => {
                    buf.truncate(from);
                    return None;
                }
                _ => {}
            }
        }
        break;
    }
    let shape = (
        first_upper,
        lower_after,
        any_upper,
        caps_or_dash,
        end - start,
    );
    Some((end, shape))
}

/// (first letter uppercase, a lowercase letter after it, any uppercase letter, everything after
/// the first letter uppercase or '-', length in code points).
type Shape = (bool, bool, bool, bool, usize);

/// The shape of a word: (first letter uppercase, a lowercase letter after it, any uppercase
/// letter, everything after the first letter uppercase or '-', length in code points).
fn shape(word: &str) -> Shape {
    if word.is_ascii() {
        let bytes = word.as_bytes();
        let first_upper = bytes.first().is_some_and(u8::is_ascii_uppercase);
        let (mut lower_after, mut any_upper, mut caps_or_dash) = (false, first_upper, true);
        for &b in bytes.iter().skip(1) {
            let up = b.is_ascii_uppercase();
            any_upper |= up;
            lower_after |= b.is_ascii_lowercase();
            caps_or_dash &= up || b == b'-';
        }
        return (
            first_upper,
            lower_after,
            any_upper,
            caps_or_dash,
            bytes.len(),
        );
    }
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let (mut lower_after, mut any_upper, mut caps_or_dash, mut n) =
        (false, first_upper, true, 1usize);
    for c in chars {
        n += 1;
        let up = c.is_uppercase();
        any_upper |= up;
        lower_after |= c.is_lowercase();
        caps_or_dash &= up || c == '-';
    }
    (first_upper, lower_after, any_upper, caps_or_dash, n)
}

/// A token before its lowercase form is borrowed: where that form lies in the buffer.
struct Raw {
    start: usize,
    end: usize,
    lo: (usize, usize),
    flags: u8,
    cues: u16,
    initial: bool,
    capitalised: bool,
    lowercase: bool,
    all_caps: bool,
    chars: usize,
}

/// In shouted text ("IK WOON IN SNEEK") capitals say nothing, as in chat-style lowercase: an
/// all-caps word next to an all-caps function word is read as a lowercase word, so the same
/// lists and cues decide. An acronym in normal text ("ik heb ADHD") keeps its capitals.
fn unshout(raw: &mut [Raw], buf: &str, lex: &Lexicon) {
    // Most texts have no all-caps word at all.
    if !raw.iter().any(|r| r.all_caps) {
        return;
    }
    let shouted_stopword = |r: &Raw| {
        r.all_caps
            && (r.flags & bits::STOPWORD != 0
                || (r.flags == 0 && r.chars >= 2 && lex.is_word(&buf[r.lo.0..r.lo.1])))
    };
    let marks: Vec<bool> = (0..raw.len())
        .map(|i| {
            raw[i].all_caps
                && raw[i.saturating_sub(3)..(i + 4).min(raw.len())]
                    .iter()
                    .enumerate()
                    .any(|(k, r)| k + i.saturating_sub(3) != i && shouted_stopword(r))
        })
        .collect();
    for (r, shouted) in raw.iter_mut().zip(marks) {
        if shouted {
            r.all_caps = false;
            r.capitalised = false;
            r.lowercase = true;
        }
    }
}

/// The tokens of `text`; their lowercase forms are written into `buf`.
pub(super) fn tokenize<'a>(text: &str, lex: &Lexicon, buf: &'a mut String) -> Vec<Token<'a>> {
    let bytes = text.as_bytes();
    buf.clear();
    buf.reserve(text.len() + 16);
    let mut raw = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let from = buf.len();
        // An ASCII letter opens a word unless it is an uppercase initial ("J.").
        let b = bytes[i];
        let fast = if b.is_ascii_lowercase()
            || (b.is_ascii_uppercase() && bytes.get(i + 1) != Some(&b'.'))
        {
            ascii_word(bytes, i, buf)
        } else {
            None
        };
        let (start, end, shape, ascii) = match fast {
            Some((end, shape)) => (i, end, shape, true),
            None => {
                let Some((start, end)) = next_token(text, i) else {
                    break;
                };
                let word = &text[start..end];
                let ascii = word.is_ascii();
                if ascii {
                    buf.push_str(word);
                    buf[from..].make_ascii_lowercase();
                } else {
                    buf.extend(word.chars().flat_map(char::to_lowercase));
                }
                (start, end, shape(word), ascii)
            }
        };
        i = end;
        let lo = &buf[from..];
        let (first_upper, lower_after, any_upper, caps_or_dash, n) = shape;
        let (flags, cues) = lex.flags_and_cues(lo);
        raw.push(Raw {
            start,
            end,
            lo: (from, buf.len()),
            flags,
            cues,
            initial: end - start <= 4 && bytes[end - 1] == b'.',
            capitalised: first_upper && lower_after,
            lowercase: !any_upper,
            all_caps: n >= 2 && first_upper && caps_or_dash,
            chars: if ascii || lo.is_ascii() {
                lo.len()
            } else {
                lo.chars().count()
            },
        });
    }
    unshout(&mut raw, buf, lex);
    let buf: &'a String = buf;
    raw.into_iter()
        .map(|r| Token {
            start: r.start,
            end: r.end,
            lo: &buf[r.lo.0..r.lo.1],
            flags: r.flags,
            cues: r.cues,
            initial: r.initial,
            capitalised: r.capitalised,
            lowercase: r.lowercase,
            all_caps: r.all_caps,
            chars: r.chars,
        })
        .collect()
}

/// True when the token opens a sentence, so that its capital says nothing.
pub(super) fn at_sentence_start(text: &str, tokens: &[Token], i: usize) -> bool {
    let start = tokens[i].start;
    let before = text[..start].trim_end_matches([' ', '\t']);
    let Some(prev_char) = before.chars().next_back() else {
        return true;
    };
    match prev_char {
        '.' => {
            // "mw. Kramer" and "J. Jansen" continue a sentence; "ging weg. Toen" does not.
            match i.checked_sub(1).map(|j| tokens[j]) {
                Some(p) if p.end == before.len() - 1 || p.end == before.len() => {
                    let pl = p.lo.trim_end_matches('.');
                    !(ABBREVIATIONS.contains(&pl) || p.initial)
                }
                _ => true,
            }
        }
        '!' | '?' | ':' | ';' | '\n' | '\r' | '"' | '“' | '”' | '‘' | '\'' | '-' | '–' | '•'
        | '*' | '…' => true,
        c => !c.is_alphanumeric() && !matches!(c, ',' | '(' | ')' | '&' | '/'),
    }
}
