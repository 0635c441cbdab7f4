//! Contact details: e-mail addresses, web addresses, phone numbers and social media handles.

use std::sync::LazyLock;

use regex::Regex;

use super::text::re;

use super::text::{
    beyond_ascii_gates, byte_bits, char_before, find_in, glued_dot_at, is_whole_number,
    is_word_char, skip_words, windows,
};
use super::{Candidate, Label, priority};

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}"));

/// `http(s)://...`, `www....`, and bare domains with a common top-level domain (`linktr.ee/x`).
static URL: LazyLock<Regex> = LazyLock::new(|| {
    // The top-level domain is lowercase-only so that a missing space after a full stop
    // ("weg.De politie") is not taken for a domain.
    re(
        r"(?i:https?://|www\.)[^\s<>]+|[a-zA-Z0-9][a-zA-Z0-9-]*(?:\.[a-zA-Z0-9-]+)*\.(?:nl|com|org|net|be|eu|ee|io|info|app|tv|uk|gg|ly|link|online|site)(?:/[^\s<>]*)?",
    )
});

/// Dutch numbers: ten digits starting with 0, or +31/0031 and nine digits, in any grouping of
/// spaces, dots and dashes (`050 - 318 74 42`), or an area code in brackets ("(06)-5555 5555";
/// ten digits in all, checked in code).
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\+|00)31[ \t.-]*(?:\(0\)[ \t.-]*)?[1-9](?:[ \t]*[-.]?[ \t]*\d){8}|0[1-9](?:[ \t]*[-.]?[ \t]*\d){8}|\(0\d{1,3}\)[ \t]*-?[ \t]*\d(?:[ \t.-]?\d){4,8}",
    )
});

/// Numbers that are a phone number by their shape though not ten digits long: service numbers
/// ("0800 5555", "0900-1234567") and an area code split off by a dash from a local part one digit
/// short or long ("046-555555", "088-75 555555"); nine to eleven digits, checked in code.
static PHONE_SHORT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"0[89]0[069][ \t]*[-.]?[ \t]*\d{4}(?:\d{3})?|0[1-9]\d{0,2}[ \t]*-[ \t]*\d(?:[ \t]?\d){4,8}")
});

static HANDLE: LazyLock<Regex> = LazyLock::new(|| re(r"@[\p{L}\p{N}_.]{2,30}"));

/// "mijn snap is kevv_07", "insta: sanne.b", "op tiktok als xXdylanXx_07".
static PLATFORM_HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:snap|snapchat|insta|instagram|ig|tiktok|tik tok|twitter|discord|twitch|psn|xbox|steam|gamertag|youtube|yt|telegram|fortnite|roblox|facebook|fb|threads|bereal)(?:[ -]?(?:naam|name|account|tag|id))?[ \t]*(?:is|:|=|als|heet|->)[ \t]*(@?[\p{L}\p{N}_.]{2,30})",
    )
});

/// A token with an underscore or with letters glued to a digit suffix after a dot or underscore
/// is almost always a username in Dutch prose (`emre.k_07`).
static HANDLE_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"[\p{L}\p{N}.]*[\p{L}\p{N}]_[\p{L}\p{N}_.]*|[\p{L}]{2,}[._][\p{L}]*\d{2,}")
});

pub(crate) fn warm_up() {
    for r in [
        &EMAIL,
        &URL,
        &PHONE,
        &PHONE_SHORT,
        &HANDLE,
        &PLATFORM_HANDLE,
        &HANDLE_SHAPE,
    ] {
        LazyLock::force(r);
    }
}

fn push(out: &mut Vec<Candidate>, start: usize, end: usize, label: Label) {
    out.push(Candidate {
        start,
        end,
        label,
        priority: priority::PATTERN,
    });
}

/// Drops punctuation that ends a sentence rather than an address.
fn trim_trailing_punctuation(text: &str, start: usize, mut end: usize) -> usize {
    while end > start {
        match text[start..end].chars().next_back() {
            Some(c @ ('.' | ',' | ';' | ':' | '!' | '?' | ')' | '\'' | '"' | '’' | '”')) => {
                end -= c.len_utf8()
            }
            _ => break,
        }
    }
    end
}

/// Where a handle after a platform name may be: an '@', '_', digit or glued full stop, the only
/// handles `detect` accepts there. A run of digits is one mark: every digit of it gives the same
/// window (they share a chunk), and the digit runs are already found, so only the other marks
/// are looked for here, byte by byte only in the eight-byte words that hold one.
fn handle_marks(text: &str, digit_runs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut marks = Vec::with_capacity(digit_runs.len() + 8);
    let mut runs = digit_runs.iter().copied().peekable();
    let mut i = 0;
    loop {
        i = skip_words(bytes, i, |x| {
            byte_bits(x, b'@') | byte_bits(x, b'_') | byte_bits(x, b'.') != 0
        });
        let Some(&b) = bytes.get(i) else { break };
        i += 1;
        if matches!(b, b'@' | b'_') || glued_dot_at(bytes, i - 1) {
            // The runs before this mark come first: the marks go out sorted by start.
            while let Some(run) = runs.next_if(|&(s, _)| s < i - 1) {
                marks.push(run);
            }
            marks.push((i - 1, i));
        }
    }
    marks.extend(runs);
    marks
}

/// The fewest digits a match of `PHONE` or `PHONE_SHORT` holds: "(0" and a digit and four more
/// in an area code in brackets, or "0" and a digit and five more in a short number.
const PHONE_DIGITS: usize = 7;

/// The windows around digits in which a phone number can be: those with at least `PHONE_DIGITS`
/// ASCII digits. Most windows hold an age, a year or a house number, and skipping them saves two
/// regex searches each. `\d` also matches other scripts' digits, so a text with such a digit
/// keeps every window (`text::beyond_ascii_gates`).
fn phone_windows(text: &str, mut wins: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    if !beyond_ascii_gates(text) {
        wins.retain(|&(ws, we)| {
            text.as_bytes()[ws..we]
                .iter()
                .filter(|b| b.is_ascii_digit())
                .count()
                >= PHONE_DIGITS
        });
    }
    wins
}

/// `digit_runs`: the runs of ASCII digits of `text` (`text::digit_runs`), found once for the
/// detectors that look around digits.
pub(crate) fn detect(text: &str, digit_runs: &[(usize, usize)], out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let glued_dot = text.match_indices('.').any(|(i, _)| glued_dot_at(bytes, i));
    let underscore = bytes.contains(&b'_');
    if bytes.contains(&b'@') {
        for m in EMAIL.find_iter(text) {
            if !char_before(text, m.start()).is_some_and(is_word_char) {
                push(out, m.start(), m.end(), Label::Email);
            }
        }
        for m in HANDLE.find_iter(text) {
            // An '@' right after a word character belongs to an e-mail address, not a handle.
            if char_before(text, m.start()).is_some_and(|c| is_word_char(c) || c == '.') {
                continue;
            }
            let end = trim_trailing_punctuation(text, m.start(), m.end());
            if end > m.start() + 2 {
                push(out, m.start(), end, Label::Social);
            }
        }
    }
    // Every address has a full stop glued to a letter or digit ("www.", "linktr.ee") or "://".
    if glued_dot || text.contains("://") {
        for m in URL.find_iter(text) {
            if char_before(text, m.start()).is_some_and(|c| is_word_char(c) || c == '@' || c == '.')
            {
                continue;
            }
            let end = trim_trailing_punctuation(text, m.start(), m.end());
            // "www." with nothing after it, or an address glued to an e-mail, is no URL.
            if end > m.start() + 4 && !text[m.end()..].starts_with('@') {
                push(out, m.start(), end, Label::Url);
            }
        }
    }
    // A phone number is digits with at most one chunk before them ("+31") and single separators
    // between them, which chain the windows of its digit groups together.
    let digit_wins = phone_windows(text, windows(text, digit_runs.iter().copied(), 1, 2));
    let digits = |s: usize, e: usize| text[s..e].bytes().filter(u8::is_ascii_digit).count();
    for (s, e) in find_in(&PHONE, text, &digit_wins) {
        let bracketed = text[s..e].starts_with('(');
        if is_whole_number(text, s, e) && (!bracketed || digits(s, e) == 10) {
            push(out, s, e, Label::Phone);
        }
    }
    for (s, e) in find_in(&PHONE_SHORT, text, &digit_wins) {
        let service = text[s..e].starts_with("080") || text[s..e].starts_with("090");
        if is_whole_number(text, s, e) && (service || (9..=11).contains(&digits(s, e))) {
            push(out, s, e, Label::Phone);
        }
    }
    // The platform name, a word such as "naam" and "is" come at most four chunks before the
    // handle ("tik tok naam is ...").
    let handle_wins = windows(text, handle_marks(text, digit_runs), 4, 0);
    for &(ws, we) in &handle_wins {
        for c in PLATFORM_HANDLE.captures_iter(&text[ws..we]) {
            let Some(g) = c.get(1) else { continue };
            let (hs, he) = (ws + g.start(), ws + g.end());
            let end = trim_trailing_punctuation(text, hs, he);
            let handle = &text[hs..end];
            // "mijn insta is privé" names no account; a handle has no spaces and is not a
            // common word, so only accept shapes that words rarely have.
            let looks_like_handle = handle.starts_with('@')
                || handle
                    .chars()
                    .any(|c| c.is_ascii_digit() || c == '_' || c == '.');
            if looks_like_handle && end > hs {
                push(out, hs, end, Label::Social);
            }
        }
    }
    if underscore || glued_dot {
        for m in HANDLE_SHAPE.find_iter(text) {
            if char_before(text, m.start()).is_some_and(|c| is_word_char(c) || c == '@') {
                continue;
            }
            let end = trim_trailing_punctuation(text, m.start(), m.end());
            if end > m.start() + 2 {
                push(out, m.start(), end, Label::Social);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Label)> {
        let mut out = Vec::new();
        let runs: Vec<(usize, usize)> = super::super::text::digit_runs(text).collect();
        detect(text, &runs, &mut out);
        out.iter()
            .map(|c| (&text[c.start..c.end], c.label))
            .collect()
    }

    #[test]
    fn an_email_address_is_found_without_the_full_stop_after_it() {
        assert!(
            found("mail me: jesse.brouwer2006@gmail.com.")
                .contains(&("jesse.brouwer2006@gmail.com", Label::Email))
        );
    }

    #[test]
    fn urls_with_scheme_www_or_bare_domain_are_found() {
        let got = found(
            "kijk op https://www.youtube.com/@kimbo_vlogt, of linktr.ee/iris.schrijft en www.hethofje.nl.",
        );
        assert!(got.contains(&("https://www.youtube.com/@kimbo_vlogt", Label::Url)));
        assert!(got.contains(&("linktr.ee/iris.schrijft", Label::Url)));
        assert!(got.contains(&("www.hethofje.nl", Label::Url)));
    }

    #[test]
    fn dutch_phone_numbers_in_many_formats_are_found() {
        for number in [
            "06-12345678",
            "06 1234 5678",
            "0612345678",
            "+31 6 1482 7730",
            "0031 6 12345678",
            "0592-123456",
            "050 - 318 74 42",
            "06.12.34.56.78",
            "(0592) 123456",
            "(06)55555555",
            "(06)-5555 5555",
            "0800 5555",
            "0900-1234567",
            "046-555555",
            "088-75 555555",
        ] {
            let text = format!("bel {number} maar");
            assert!(found(&text).contains(&(number, Label::Phone)), "{number}");
        }
    }

    #[test]
    fn a_year_or_short_number_is_not_a_phone_number() {
        assert!(found("in 2023 was ik 15 en had ik 3 keer").is_empty());
        // A date with dashes, a time range and a short bracketed number are no phone numbers.
        assert!(found("op 06-12-2023 van 09-10 uur, zie (05) 1234").is_empty());
    }

    #[test]
    fn social_handles_are_found_with_at_sign_or_after_a_platform() {
        let got = found("volg @hannah.mulder_ en mijn snap is kevv_07. insta: emre.k_07");
        assert!(got.contains(&("@hannah.mulder_", Label::Social)));
        assert!(got.contains(&("kevv_07", Label::Social)));
        assert!(got.contains(&("emre.k_07", Label::Social)));
    }

    #[test]
    fn the_at_sign_inside_an_email_is_not_a_handle() {
        let got = found("m.koster@eschcollege.nl");
        assert_eq!(got, vec![("m.koster@eschcollege.nl", Label::Email)]);
    }
}
