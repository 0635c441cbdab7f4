//! The `storyvault anonymise` command: JSONL `{"id","text"}` in, `{"id","spans"}` out, one line
//! out per line in, in order. Input text is never echoed, not even in an error.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use super::{Anonymiser, KnownIdentifiers, Label};

#[derive(Deserialize)]
struct Input {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
}

#[derive(Serialize)]
struct Output<'a> {
    id: &'a serde_json::Value,
    spans: &'a [OutSpan],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'static str>,
}

/// A span as the README's format has it: start, end, label. A suggestion is a redaction here too
/// (the scorer counts it as one), so the flag is not printed.
#[derive(Serialize)]
struct OutSpan {
    start: usize,
    end: usize,
    label: Label,
}

pub fn run(input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    let anonymiser = Anonymiser::new();
    let known = KnownIdentifiers::empty();
    let null = serde_json::Value::Null;
    for line in input.lines() {
        let line = line?;
        let parsed: Result<Input, _> = serde_json::from_str(&line);
        let (id, spans, error) = match &parsed {
            Ok(item) => (&item.id, anonymiser.detect(&item.text, &known), None),
            Err(_) => (&null, Vec::new(), Some("invalid_input")),
        };
        let spans: Vec<OutSpan> = spans
            .iter()
            .map(|s| OutSpan {
                start: s.start,
                end: s.end,
                label: s.label,
            })
            .collect();
        let out = Output {
            id,
            spans: &spans,
            error,
        };
        serde_json::to_writer(&mut output, &out)?;
        output.write_all(b"\n")?;
    }
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(input: &str) -> String {
        let mut out = Vec::new();
        let result = run(input.as_bytes(), &mut out);
        assert!(result.is_ok());
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn each_input_line_gets_one_output_line_in_order() {
        let out = run_on(
            "{\"id\":\"a\",\"text\":\"bel 0612345678\"}\n{\"id\":\"b\",\"text\":\"niets\"}\n",
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            r#"{"id":"a","spans":[{"start":4,"end":14,"label":"PHONE"}]}"#
        );
        assert_eq!(lines[1], r#"{"id":"b","spans":[]}"#);
    }

    #[test]
    fn an_invalid_line_gets_an_error_without_echoing_the_text() {
        let out = run_on("not json with Sanne Bakker\n");
        assert_eq!(
            out,
            "{\"id\":null,\"spans\":[],\"error\":\"invalid_input\"}\n"
        );
    }
}
