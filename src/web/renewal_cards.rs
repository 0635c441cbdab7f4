//! Grants that need renewing, grouped per excerpt for a home page (the young person's and the
//! guardian's): what lapses or lapsed, when, and one "Verlengen" button that renews them all.

use std::collections::BTreeMap;

use super::local_time::local_date;
use super::text::preview;
use super::visitor::Chrome;
use crate::domain::ExcerptId;
use crate::service::Renewal;

/// One audience's grant on a renewal card: the audience and what is the matter, in words.
pub struct RenewalLine {
    pub audience: String,
    pub state: String,
}

/// One excerpt whose grants need renewal, with the form that renews them in one step.
pub struct RenewalCard {
    pub action: String,
    pub open: String,
    pub version: i64,
    pub preview: String,
    pub lines: Vec<RenewalLine>,
}

/// Groups `renewals` per excerpt, lapsed ones first; `text_of` gives the excerpt's text (cards of
/// excerpts without one are left out: nothing to show, nothing to renew from this page).
pub fn renewal_cards(
    c: &Chrome,
    renewals: &[Renewal],
    base: &str,
    text_of: impl Fn(ExcerptId) -> Option<String>,
) -> Vec<RenewalCard> {
    let mut grouped: BTreeMap<String, (i64, i64, Vec<RenewalLine>, Option<String>)> =
        BTreeMap::new();
    for r in renewals {
        let Some(text) = text_of(r.excerpt_id) else {
            continue;
        };
        let entry = grouped
            .entry(r.excerpt_id.to_string())
            .or_insert_with(|| (r.version.get(), i64::MAX, Vec::new(), Some(text)));
        entry.1 = entry.1.min(r.expires_at.raw());
        entry.2.push(RenewalLine {
            audience: c.t(&format!("audience-name-{}", r.audience.as_str())),
            state: c.t1(
                &format!("renewal-{}", r.reason.as_str()),
                "date",
                &local_date(c.lang, r.expires_at),
            ),
        });
    }
    let mut cards: Vec<(i64, RenewalCard)> = grouped
        .into_iter()
        .map(|(id, (version, soonest, lines, text))| {
            (
                soonest,
                RenewalCard {
                    action: format!("{base}/{id}/renew"),
                    open: format!("{base}/{id}"),
                    version,
                    preview: preview(&text.unwrap_or_default()),
                    lines,
                },
            )
        })
        .collect();
    cards.sort_by_key(|(soonest, _)| *soonest);
    cards.into_iter().map(|(_, card)| card).collect()
}
