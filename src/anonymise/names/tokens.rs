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

/// Splits the text into words, initials ("J.") and "'t", in one pass without a regex: the same
/// tokens as `[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:[-'’][\p{L}\p{M}\p{N}]+)*`, `\p{Lu}\.`, `['’]t`.
fn split(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_uppercase() && bytes.get(i + c.len_utf8()) == Some(&b'.') {
            iter.next();
            out.push((i, i + c.len_utf8() + 1));
        } else if c.is_alphabetic() || is_mark(c) {
            let mut end = i + c.len_utf8();
            loop {
                match iter.peek() {
                    Some(&(j, d)) if is_token_char(d) => {
                        end = j + d.len_utf8();
                        iter.next();
                    }
                    Some(&(j, d @ ('-' | '\'' | '’')))
                        if text[j + d.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(is_token_char) =>
                    {
                        end = j + d.len_utf8();
                        iter.next();
                    }
                    _ => break,
                }
            }
            out.push((i, end));
        } else if matches!(c, '\'' | '’') && bytes.get(i + c.len_utf8()) == Some(&b't') {
            iter.next();
            out.push((i, i + c.len_utf8() + 1));
        }
    }
    out
}

/// The tokens of `text`; their lowercase forms are written into `buf`.
pub(super) fn tokenize<'a>(text: &str, lex: &Lexicon, buf: &'a mut String) -> Vec<Token<'a>> {
    let spans = split(text);
    buf.clear();
    buf.reserve(text.len() + 16);
    let mut ranges = Vec::with_capacity(spans.len());
    for &(s, e) in &spans {
        let from = buf.len();
        let word = &text[s..e];
        if word.is_ascii() {
            buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            buf.extend(word.chars().flat_map(char::to_lowercase));
        }
        ranges.push((from, buf.len()));
    }
    let buf: &'a String = buf;
    spans
        .iter()
        .zip(&ranges)
        .map(|(&(start, end), &(a, b))| {
            let word = &text[start..end];
            let lo = &buf[a..b];
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
            Token {
                start,
                end,
                lo,
                flags: lex.flags(lo),
                initial: end - start <= 4 && word.ends_with('.'),
                capitalised: first_upper && lower_after,
                lowercase: !any_upper,
                all_caps: n >= 2 && first_upper && caps_or_dash,
                chars: if lo.is_ascii() {
                    lo.len()
                } else {
                    lo.chars().count()
                },
            }
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
