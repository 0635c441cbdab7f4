//! Names the pages show for things stored as codes: themes (from `policies/themes.toml`, English
//! where the file has it) and months of recording (`2026-11` becomes "november 2026").

use super::i18n::{Lang, Texts};
use crate::policies::Policies;

/// A theme's label in the page's language, and the language it is really in (a theme without an
/// English label shows its Dutch one, marked `lang="nl"` for screen readers).
pub struct ThemeLabel {
    pub label: String,
    pub lang: &'static str,
}

pub fn theme(policies: &Policies, lang: Lang, id: &str) -> ThemeLabel {
    match policies.themes.iter().find(|t| t.id == id) {
        Some(t) => {
            let english = lang == Lang::En && t.en.is_some();
            ThemeLabel {
                label: t.label(lang == Lang::En).to_string(),
                lang: if english { "en" } else { "nl" },
            }
        }
        None => ThemeLabel {
            label: id.to_string(),
            lang: "nl",
        },
    }
}

/// `YYYY-MM` as the month's name and year in the page's language; anything else as it is.
pub fn month(t: &Texts, year_month: &str) -> String {
    let parsed = year_month
        .split_once('-')
        .filter(|(y, _)| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|(y, m)| m.parse::<u8>().ok().map(|m| (y, m)))
        .filter(|(_, m)| (1..=12).contains(m));
    match parsed {
        Some((year, number)) => t.with(&format!("month-{number}"), "year", year),
        None => year_month.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_named_in_the_pages_language() {
        assert_eq!(month(&Texts::new(Lang::Nl), "2026-11"), "november 2026");
        assert_eq!(month(&Texts::new(Lang::En), "2026-11"), "November 2026");
        assert_eq!(month(&Texts::new(Lang::Nl), "2027-01"), "januari 2027");
        assert_eq!(month(&Texts::new(Lang::Nl), "2026-13"), "2026-13");
        assert_eq!(month(&Texts::new(Lang::Nl), "nonsense"), "nonsense");
    }

    #[test]
    fn themes_are_english_where_the_policy_says_so_and_dutch_otherwise() {
        let policies = Policies::load(None).expect("built-in policies");
        let en = theme(&policies, Lang::En, "pleegzorg");
        assert_eq!((en.label.as_str(), en.lang), ("Foster care", "en"));
        let nl = theme(&policies, Lang::Nl, "pleegzorg");
        assert_eq!((nl.label.as_str(), nl.lang), ("Pleegzorg", "nl"));
        let mut without = policies.clone();
        for t in &mut without.themes {
            t.en = None;
        }
        let fallback = theme(&without, Lang::En, "pleegzorg");
        assert_eq!(
            (fallback.label.as_str(), fallback.lang),
            ("Pleegzorg", "nl")
        );
    }
}
