//! Fuzzes the whole engine: any UTF-8 text with any known identifiers must give well-formed
//! spans, and redacting them must give placeholders exactly where the redactions say.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
#[path = "../../src/anonymise/mod.rs"]
#[allow(dead_code)]
mod anonymise;

use anonymise::{Anonymiser, KnownIdentifiers, redact};

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    text: &'a str,
    known: Vec<&'a str>,
}

fuzz_target!(|input: Input| {
    // One engine per process: building it per input would measure start-up, not detection.
    static ENGINE: std::sync::OnceLock<Anonymiser> = std::sync::OnceLock::new();
    let engine = ENGINE.get_or_init(Anonymiser::new);
    let known = KnownIdentifiers::new(input.known.iter().take(8));
    let spans = engine.detect(input.text, &known);
    let n = input.text.chars().count();
    let mut last = 0;
    for s in &spans {
        assert!(
            s.start >= last && s.start < s.end && s.end <= n,
            "bad span {s:?}"
        );
        last = s.end;
    }
    let r = redact(input.text, &spans);
    assert_eq!(r.redactions.len(), spans.len());
    let chars: Vec<char> = r.text.chars().collect();
    for red in &r.redactions {
        let got: String = chars[red.start..red.end].iter().collect();
        assert!(got.starts_with('[') && got.ends_with(']'), "{got:?}");
    }
});
