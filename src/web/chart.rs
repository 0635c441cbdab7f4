//! An accessible bar chart drawn on the server as SVG, from rounded counts only.
//!
//! No script and no `style` attributes (a strict `style-src 'self'` blocks those): only SVG
//! presentation attributes (`fill`, `stroke`, `font-size`), which the CSP allows. The SVG is one
//! image to assistive technology (`role="img"` with its `<title>` and `<desc>`); the page puts the
//! same numbers in a table beside it. Every bar is labelled in text, so colour carries nothing on
//! its own, and "fewer than 10" is drawn as a dashed outline, not a shorter bar that could be read
//! as a number.

use std::fmt::Write;

use crate::domain::RoundedCount;

/// Bars: Rijkshuisstijl dark blue, 10.5:1 against white (WCAG 1.4.11 asks 3:1 for graphics).
pub const BAR_COLOUR: &str = "#154273";
/// Labels and numbers: near-black on white, 16.6:1 (WCAG 1.4.3 asks 4.5:1).
pub const TEXT_COLOUR: &str = "#1f1f1f";
pub const BACKGROUND_COLOUR: &str = "#ffffff";

// Narrow on purpose, with each label on its own line above its bar: the SVG scales to its
// column, and at 640 units wide with labels beside the bars a 340 px phone column drew 15-unit
// text at 8 px. At 360 units it is drawn at about 14 px there, and the page caps the chart's
// width on a desktop so the text does not grow past about 20 px.
const WIDTH: u32 = 360;
const VALUE_WIDTH: u32 = 120;
const LABEL_HEIGHT: u32 = 20;
const BAR_HEIGHT: u32 = 20;
const ROW_HEIGHT: u32 = LABEL_HEIGHT + BAR_HEIGHT + 14;
const FONT_SIZE: u32 = 15;

/// One bar: its label (already in the reader's language) and its count.
pub struct Bar<'a> {
    pub label: &'a str,
    pub count: RoundedCount,
}

/// The chart's texts, from the message files: no sentence is written here.
pub struct ChartText<'a> {
    /// Prefix for the element ids, unique on the page (`[a-z0-9-]`).
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// What a count under 10 says, e.g. "minder dan 10".
    pub fewer_than_ten: &'a str,
}

/// The SVG document of a horizontal bar chart, one row per bar, in the order given.
pub fn bar_chart(bars: &[Bar<'_>], text: &ChartText<'_>) -> String {
    let rows = u32::try_from(bars.len()).unwrap_or(u32::MAX).max(1);
    let height = rows.saturating_mul(ROW_HEIGHT) + 8;
    let id = safe_id(text.id);
    let scale_max = bars
        .iter()
        .filter_map(|b| b.count.rounded())
        .max()
        .unwrap_or(10)
        .max(10);
    let bar_room = WIDTH - VALUE_WIDTH;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="inherit" font-size="{FONT_SIZE}">"#
    );
    let _ = write!(
        svg,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(text.title),
        escape(text.description)
    );
    let _ = write!(
        svg,
        r#"<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="{BACKGROUND_COLOUR}"/>"#
    );
    for (row, bar) in (0u32..).zip(bars) {
        let top = 4 + row * ROW_HEIGHT;
        let label_baseline = top + FONT_SIZE;
        let bar_top = top + LABEL_HEIGHT + 2;
        let baseline = bar_top + BAR_HEIGHT / 2 + FONT_SIZE / 3;
        let _ = write!(
            svg,
            r#"<text x="0" y="{label_baseline}" fill="{TEXT_COLOUR}">{}</text>"#,
            escape(bar.label)
        );
        let (length, value) = match bar.count.rounded() {
            Some(n) => {
                let length = scaled(n, scale_max, bar_room);
                let _ = write!(
                    svg,
                    r#"<rect x="1" y="{bar_top}" width="{length}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>"#
                );
                (length, n.to_string())
            }
            None => {
                // An outline as long as 10 would be: "somewhere below here", never a length.
                let length = scaled(10, scale_max, bar_room);
                let _ = write!(
                    svg,
                    r#"<rect x="1" y="{bar_top}" width="{length}" height="{BAR_HEIGHT}" fill="none" stroke="{BAR_COLOUR}" stroke-width="2" stroke-dasharray="5 4"/>"#
                );
                (length, escape(text.fewer_than_ten))
            }
        };
        let _ = write!(
            svg,
            r#"<text x="{}" y="{baseline}" fill="{TEXT_COLOUR}">{value}</text>"#,
            length + 8
        );
    }
    svg.push_str("</svg>");
    svg
}

/// `value / max` of `room`, in whole pixels, at least 2 so that a bar is always visible.
fn scaled(value: u64, max: u64, room: u32) -> u32 {
    let length = value.saturating_mul(u64::from(room)) / max.max(1);
    u32::try_from(length).unwrap_or(room).clamp(2, room)
}

/// Text for SVG content and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Element ids keep to `[a-z0-9-]`; anything else becomes `-`.
fn safe_id(s: &str) -> String {
    let id: String = s
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    if id.is_empty() { "chart".into() } else { id }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: ChartText<'static> = ChartText {
        id: "thema",
        title: "Gepubliceerde stukjes per thema",
        description: "Aantallen onder 10 staan er als minder dan 10.",
        fewer_than_ten: "minder dan 10",
    };

    fn chart(counts: &[(&str, u64)]) -> String {
        let bars: Vec<Bar<'_>> = counts
            .iter()
            .map(|(label, n)| Bar {
                label,
                count: RoundedCount::from_raw(*n),
            })
            .collect();
        bar_chart(&bars, &TEXT)
    }

    #[test]
    fn the_chart_is_one_named_and_described_image() {
        let svg = chart(&[("School", 23)]);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-labelledby="thema-title thema-desc""#));
        assert!(svg.contains(r#"<title id="thema-title">Gepubliceerde stukjes per thema</title>"#));
        assert!(svg.contains(
            r#"<desc id="thema-desc">Aantallen onder 10 staan er als minder dan 10.</desc>"#
        ));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn every_bar_has_its_label_and_its_rounded_number_in_text() {
        let svg = chart(&[("School", 23), ("Wachttijd", 48)]);
        assert!(svg.contains(">School</text>"));
        assert!(svg.contains(">Wachttijd</text>"));
        assert!(svg.contains(">25</text>"));
        assert!(svg.contains(">50</text>"));
        assert!(!svg.contains(">23<") && !svg.contains(">48<"));
    }

    #[test]
    fn a_small_count_is_a_dashed_outline_saying_fewer_than_ten_never_its_number() {
        for n in 0..10 {
            let svg = chart(&[("Pleegzorg", n)]);
            assert!(svg.contains(">minder dan 10</text>"), "{n}");
            assert!(
                svg.contains(r#"fill="none""#) && svg.contains("stroke-dasharray"),
                "{n}"
            );
            assert!(!svg.contains(&format!(">{n}<")), "{n}");
        }
        // Every small count draws the very same picture.
        assert_eq!(chart(&[("Pleegzorg", 1)]), chart(&[("Pleegzorg", 9)]));
    }

    #[test]
    fn nothing_a_strict_csp_would_block_and_nothing_that_runs() {
        let svg = chart(&[("School", 40), ("Gezinshuis", 3)]);
        for forbidden in ["style=", "<style", "<script", "onload", "onclick", "href="] {
            assert!(!svg.contains(forbidden), "{forbidden}");
        }
    }

    #[test]
    fn labels_are_escaped() {
        let svg = chart(&[("<b>&\"x\"", 12)]);
        assert!(svg.contains(">&lt;b&gt;&amp;&quot;x&quot;</text>"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn bars_are_proportional_to_the_rounded_counts() {
        let svg = chart(&[("A", 100), ("B", 50)]);
        let room = WIDTH - VALUE_WIDTH;
        assert!(svg.contains(&format!(r#"width="{room}" height="{BAR_HEIGHT}""#)));
        assert!(svg.contains(&format!(r#"width="{}" height="{BAR_HEIGHT}""#, room / 2)));
    }

    #[test]
    fn the_colours_meet_aa_contrast_against_the_background() {
        assert!(contrast(TEXT_COLOUR, BACKGROUND_COLOUR) >= 4.5);
        assert!(contrast(BAR_COLOUR, BACKGROUND_COLOUR) >= 3.0);
        // The bar colour would even do for text.
        assert!(contrast(BAR_COLOUR, BACKGROUND_COLOUR) >= 4.5);
    }

    #[test]
    fn an_empty_chart_is_still_a_valid_image() {
        let svg = bar_chart(&[], &TEXT);
        assert!(svg.contains(r#"role="img""#) && svg.ends_with("</svg>"));
    }

    #[test]
    fn odd_ids_are_made_safe() {
        let svg = bar_chart(
            &[],
            &ChartText {
                id: "a\" onload=\"x",
                ..TEXT
            },
        );
        assert!(svg.contains(r#"id="a--onload--x-title""#));
    }

    /// WCAG 2.1 contrast ratio of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }
}
