//! A normalised shadow of a text for matching known identifiers, with a map back to the original.
//!
//! An edit can hide a name from a plain comparison in many ways: other letter case ("SANNE"),
//! invisible format characters inside it ("San\u{200b}ne", "Bei\u{00ad}len"), compatibility forms
//! (fullwidth "Ｓanne"), look-alike letters from other scripts (Cyrillic "Веilen") or accents.
//! Every character is folded on its own: NFKC, then its Unicode TR39 confusable skeleton, then
//! lowercase, with combining marks and format characters (category Cf) dropped. Identifiers and
//! text are folded the same way, so a match on the shadow is a match in the original, and each
//! shadow byte remembers the original character it came from.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_security::skeleton;

/// A folded text: `text`, and for each of its bytes the byte range of the original character.
pub(crate) struct Folded {
    pub text: String,
    origin: Vec<(u32, u32)>,
}

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut buf = String::new();
        let bytes = original.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // ASCII is only lowercased: folding ASCII look-alikes onto each other ("I" and "l")
            // would make ordinary words collide, and an edit that swaps ASCII letters changes the
            // word anyway. Most text is ASCII, so it takes this path without decoding a char.
            let run = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
            if run > 0 {
                let from = text.len();
                text.push_str(&original[i..i + run]);
                text[from..].make_ascii_lowercase();
                origin.extend((i as u32..(i + run) as u32).map(|k| (k, k + 1)));
                i += run;
                continue;
            }
            let Some(c) = original[i..].chars().next() else {
                break;
            };
            let range = (i as u32, (i + c.len_utf8()) as u32);
            let before = text.len();
            buf.clear();
            fold_char(c, &mut buf);
            text.push_str(&buf);
            origin.resize(origin.len() + (text.len() - before), range);
            i += c.len_utf8();
        }
        Folded { text, origin }
    }

    /// The original byte range of the shadow's byte range `start..end` (non-empty, in bounds).
    pub fn original(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.origin.get(start)?;
        let last = self.origin.get(end.checked_sub(1)?)?;
        Some((first.0 as usize, last.1 as usize))
    }
}

/// Folds an identifier (or any short string) to its shadow form.
pub(crate) fn fold(s: &str) -> String {
    Folded::new(s).text
}

fn fold_char(c: char, out: &mut String) {
    if is_invisible(c) {
        return;
    }
    let mut one = [0u8; 4];
    for n in c.encode_utf8(&mut one).nfkc() {
        if is_invisible(n) || is_combining_mark(n) {
            continue;
        }
        if n.is_ascii() {
            out.push(n.to_ascii_lowercase());
            continue;
        }
        let mut m = [0u8; 4];
        for s in skeleton(n.encode_utf8(&mut m)) {
            if is_combining_mark(s) || is_invisible(s) {
                continue;
            }
            // TR39 takes a capital I-like letter (Cyrillic "І") for "l"; in a name it stands for "I".
            if s == 'l' && n.is_uppercase() {
                out.push('i');
            } else {
                out.extend(s.to_lowercase());
            }
        }
    }
}

/// Format characters that render as nothing (zero-width space and joiners, soft hyphen, word
/// joiner, bidi marks, byte order mark, Mongolian vowel separator, tag characters).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
        | '\u{ffa0}' | '\u{e0000}'..='\u{e0fff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_width_invisibles_and_look_alikes_fold_to_the_same_form() {
        let plain = fold("Sanne");
        for v in ["sanne", "SANNE", "San\u{200b}ne", "Ｓanne", "San\u{00ad}ne"] {
            assert_eq!(fold(v), plain, "{v:?}");
        }
        assert_eq!(fold("Веilen"), fold("Beilen"));
        assert_eq!(fold("Bei\u{00ad}len"), fold("BEILEN"));
        assert_eq!(fold("Noël"), fold("Noel"));
    }

    #[test]
    fn different_names_stay_different() {
        assert_ne!(fold("Sanne"), fold("Sanna"));
        assert_ne!(fold("Beilen"), fold("Beilem"));
    }

    #[test]
    fn shadow_ranges_map_back_to_whole_original_characters() {
        let original = "zag San\u{200b}ne";
        let f = Folded::new(original);
        let start = f.text.find("sanne").unwrap_or(usize::MAX);
        let (s, e) = f.original(start, start + 5).unwrap_or((0, 0));
        assert_eq!(&original[s..e], "San\u{200b}ne");
        let fw = "Ｓanne!";
        let f = Folded::new(fw);
        let (s, e) = f
            .original(0, f.text.find('!').unwrap_or(0))
            .unwrap_or((0, 0));
        assert_eq!(&fw[s..e], "Ｓanne");
    }

    #[test]
    fn out_of_range_shadow_ranges_give_nothing() {
        let f = Folded::new("ab");
        assert_eq!(f.original(0, 0), None);
        assert_eq!(f.original(5, 9), None);
    }
}
