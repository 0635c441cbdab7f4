//! Replacing spans by numbered Dutch placeholders: "[naam 1]" is the same person everywhere in
//! one excerpt, "[naam 2]" another, so a reader can still follow who did what.

use super::{Label, Redacted, Redaction, Span};

/// The number given to each distinct entity of one label, by its normalised surface form.
#[derive(Default)]
struct Numbering {
    /// (label, normalised words joined by single spaces, how many words, number): one string per
    /// entity instead of one per word, since every span is normalised.
    seen: Vec<(Label, String, usize, usize)>,
    next: [usize; 10],
}

fn label_index(label: Label) -> usize {
    match label {
        Label::Person => 0,
        Label::Location => 1,
        Label::Organisation => 2,
        Label::Date => 3,
        Label::Age => 4,
        Label::Phone => 5,
        Label::Email => 6,
        Label::Url => 7,
        Label::Social => 8,
        Label::Id => 9,
    }
}

/// Lowercase words without a possessive ("Sanne's", "Sannes" and "sanne" are one person), joined
/// by single spaces (no word holds one), and how many words there are.
fn normalise(surface: &str) -> (String, usize) {
    let mut joined = String::with_capacity(surface.len());
    let mut count = 0;
    let mut last_start = 0;
    for w in surface
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if count > 0 {
            joined.push(' ');
        }
        last_start = joined.len();
        if w.is_ascii() {
            joined.push_str(w);
            joined[last_start..].make_ascii_lowercase();
        } else {
            joined.push_str(&w.to_lowercase());
        }
        count += 1;
    }
    if count > 0 {
        for suffix in ["'s", "’s", "`s"] {
            if joined[last_start..].ends_with(suffix) {
                joined.truncate(joined.len() - suffix.len());
            }
        }
    }
    (joined, count)
}

/// The words of a normalised form.
fn words_of(joined: &str, count: usize) -> impl Iterator<Item = &str> {
    joined.split(' ').take(count)
}

impl Numbering {
    fn number(&mut self, label: Label, surface: &str) -> usize {
        let (words, count) = normalise(surface);
        let same = |known: &str, known_count: usize| -> bool {
            if known_count == count && known == words {
                return true;
            }
            // A person named in full once and by one part elsewhere ("Sanne Bakker" ... "Sanne",
            // "Bakkers") is one person; a plain possessive s on one word is dropped too.
            if label != Label::Person {
                return false;
            }
            let ((short, short_count), (long, long_count)) = if known_count < count {
                ((known, known_count), (words.as_str(), count))
            } else {
                ((words.as_str(), count), (known, known_count))
            };
            let matches = |a: &str, b: &str| a == b || a.strip_suffix('s') == Some(b);
            if short_count != 1 {
                return false;
            }
            let one = short;
            words_of(long, long_count).any(|w| matches(one, w) || matches(w, one))
        };
        if let Some((_, _, _, n)) = self
            .seen
            .iter()
            .find(|(l, known, known_count, _)| *l == label && same(known, *known_count))
        {
            return *n;
        }
        let slot = &mut self.next[label_index(label)];
        *slot += 1;
        self.seen.push((label, words, count, *slot));
        *slot
    }
}

/// A code point of a text and its byte offset, moved forward only.
#[derive(Default)]
struct Cursor {
    chars: usize,
    bytes: usize,
}

impl Cursor {
    /// The byte offset of code point `target` (at most the text's length in code points, and
    /// not before the last one asked for).
    fn seek(&mut self, text: &str, target: usize) -> usize {
        let bytes = text.as_bytes();
        // Eight ASCII bytes are eight code points: most of a text is passed a word at a time.
        while self.chars + 8 <= target
            && let Some(word) = bytes.get(self.bytes..self.bytes + 8)
            && word.is_ascii()
        {
            self.bytes += 8;
            self.chars += 8;
        }
        while self.chars < target && self.bytes < bytes.len() {
            let b = bytes[self.bytes];
            // The length of a UTF-8 sequence from its first byte.
            self.bytes += match b {
                0..0x80 => 1,
                0x80..0xE0 => 2,
                0xE0..0xF0 => 3,
                _ => 4,
            };
            self.chars += 1;
        }
        self.bytes
    }
}

/// Appends `n` in decimal.
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

pub(crate) fn redact(text: &str, spans: &[Span]) -> Redacted {
    let mut sorted: Vec<Span> = spans.to_vec();
    sorted.sort_by_key(|s| (s.start, s.end));
    let n_chars = text.chars().count();
    // Byte offsets of code points, found by walking forward: the spans come in order.
    let mut cursor = Cursor::default();
    let mut byte_at = |c: usize| cursor.seek(text, c);
    let mut out = String::with_capacity(text.len());
    let mut redactions = Vec::with_capacity(sorted.len());
    let mut numbering = Numbering::default();
    let mut pos = 0; // next unread code point of the input
    let mut out_len = 0; // code points written so far
    for span in sorted {
        // Spans that are out of bounds, empty, or overlap an earlier one are skipped rather than
        // trusted: this function is public and the spans may not come from `detect`.
        if span.start < pos || span.start >= span.end || span.end > n_chars {
            continue;
        }
        let (from, start) = (byte_at(pos), byte_at(span.start));
        out.push_str(&text[from..start]);
        out_len += span.start - pos;
        let n = numbering.number(span.label, &text[start..byte_at(span.end)]);
        // Written straight into the output: a `format!` per span allocated a string only to
        // copy it.
        let before = out.len();
        out.push('[');
        out.push_str(span.label.word());
        out.push(' ');
        push_number(&mut out, n);
        out.push(']');
        let len = out[before..].chars().count();
        redactions.push(Redaction {
            start: out_len,
            end: out_len + len,
            label: span.label,
            suggested: span.suggested,
        });
        out_len += len;
        pos = span.end;
    }
    out.push_str(&text[byte_at(pos.min(n_chars))..]);
    Redacted {
        text: out,
        redactions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: Label) -> Span {
        Span {
            start,
            end,
            label,
            suggested: false,
        }
    }

    #[test]
    fn the_same_person_keeps_one_number_and_another_gets_the_next() {
        let text = "Sanne Bakker zag Kevin. Sannes fiets, zei Sanne tegen kevin in Assen.";
        let spans = [
            span(0, 12, Label::Person),
            span(17, 22, Label::Person),
            span(24, 30, Label::Person),
            span(42, 47, Label::Person),
            span(54, 59, Label::Person),
            span(63, 68, Label::Location),
        ];
        let r = redact(text, &spans);
        assert_eq!(
            r.text,
            "[naam 1] zag [naam 2]. [naam 1] fiets, zei [naam 1] tegen [naam 2] in [plaats 1]."
        );
    }

    #[test]
    fn different_labels_are_numbered_separately() {
        let r = redact(
            "Assen en Emmen en Assen",
            &[
                span(0, 5, Label::Location),
                span(9, 14, Label::Location),
                span(18, 23, Label::Location),
            ],
        );
        assert_eq!(r.text, "[plaats 1] en [plaats 2] en [plaats 1]");
    }
}
