//! A QR code drawn on the server as SVG (no script, no `style`): the `qrcode` crate's own SVG
//! renderer, black on white with its quiet zone, named for assistive technology.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

const XML_PROLOG: &str = r#"<?xml version="1.0" standalone="yes"?>"#;

/// The SVG element for `data`, ready to put inside a page; `None` if the data is too long for a
/// QR code (an otpauth URI is far shorter than that).
pub fn svg_element(data: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(232, 232)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    let element = image.strip_prefix(XML_PROLOG).unwrap_or(&image);
    Some(element.replacen(
        "<svg ",
        &format!(r#"<svg role="img" aria-label="{}" "#, escape(label)),
        1,
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_one_named_svg_image_without_script_or_style() {
        let svg = svg_element(
            "otpauth://totp/storyvault:anna?secret=JBSWY3DPEHPK3PXP&issuer=storyvault",
            "QR-code \"voor\" je app",
        )
        .expect("fits in a QR code");
        assert!(svg.starts_with(r#"<svg role="img" aria-label="QR-code &quot;voor&quot; je app" xmlns="http://www.w3.org/2000/svg""#));
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
        assert!(!svg.contains("script") && !svg.contains("style="));
        assert!(svg.contains(r##"<path fill="#000000" d="M"##));
    }

    #[test]
    fn data_too_long_for_a_code_gives_none() {
        assert!(svg_element(&"x".repeat(5000), "QR").is_none());
    }
}
