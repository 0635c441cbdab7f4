//! Showing an excerpt as it will be published: its text cut at the redactions, each one marked and
//! named, and small formatting helpers the pages share.

use crate::domain::time::Millis;
use crate::service::Redaction;

use super::i18n::Texts;

/// A run of excerpt text; `label` is set when the run is a placeholder the anonymiser (or the
/// worker) put in, and names its kind in the visitor's language.
pub struct Segment {
    pub text: String,
    pub label: Option<String>,
    /// Only a suggestion of the anonymiser, still to be accepted or rejected by the worker.
    pub suggested: bool,
}

/// Cuts `text` at the redactions (code-point offsets, sorted, not overlapping). Offsets outside
/// the text are ignored rather than trusted.
pub fn segments(t: &Texts, text: &str, redactions: &[Redaction]) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for r in redactions {
        if r.start < at || r.end > chars.len() || r.end <= r.start {
            continue;
        }
        if r.start > at {
            out.push(Segment {
                text: chars[at..r.start].iter().collect(),
                label: None,
                suggested: false,
            });
        }
        out.push(Segment {
            text: chars[r.start..r.end].iter().collect(),
            label: Some(t.get(&format!("redaction-{}", r.label.to_lowercase()))),
            suggested: r.suggested,
        });
        at = r.end;
    }
    if at < chars.len() {
        out.push(Segment {
            text: chars[at..].iter().collect(),
            label: None,
            suggested: false,
        });
    }
    out
}

/// A moment as people read it: `2026-03-14 15:04 UTC`.
pub fn when(m: Millis) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    m.to_datetime().format(&format).unwrap_or_default()
}

/// The first words of a text, for lists.
pub fn preview(text: &str) -> String {
    const MAX: usize = 140;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX).collect();
    cut.push('…');
    cut
}

/// Browsers send textarea line breaks as CR LF and show them as LF; the stored text uses LF so
/// that offsets picked in the page match the text.
pub fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;

    #[test]
    fn redactions_become_marked_segments_in_between_the_rest() {
        let t = Texts::new(Lang::Nl);
        let text = "Ik ben [naam 1] uit [plaats 1].";
        let r = |start, end, label: &str| Redaction {
            start,
            end,
            label: label.into(),
            suggested: false,
        };
        let segs = segments(
            &t,
            text,
            &[r(7, 15, "PERSON"), r(20, 30, "LOCATION"), r(25, 99, "X")],
        );
        let texts: Vec<_> = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Ik ben ", "[naam 1]", " uit ", "[plaats 1]", "."]);
        assert_eq!(segs[1].label.as_deref(), Some("naam"));
        assert!(segs[0].label.is_none());
    }
}
