//! The theme overview for policy makers and the council: how many excerpts their audience may see,
//! per theme and per quarter of recording, as rounded counts only. Nothing is decrypted and no
//! raw count leaves this module.

use std::collections::HashMap;

use super::{Caller, Service};
use crate::domain::time::Millis;
use crate::domain::visibility::{VisibilityFacts, is_visible};
use crate::domain::{Quarter, RecordedOn, RoundedCount};
use crate::error::{AppError, AppResult};
use crate::policies::access::Action;
use crate::store::OverviewRow;

/// How many quarters the overview shows, ending with the current one. A fixed window (not the
/// span of the data) so that the shape of the answer says nothing about when anyone spoke.
pub const OVERVIEW_QUARTERS: usize = 8;

pub struct ThemeOverview {
    /// Oldest first; the same for every theme.
    pub quarters: Vec<Quarter>,
    /// Every theme of the policy, in its order, whether or not anything is published for it.
    pub themes: Vec<ThemeCounts>,
}

pub struct ThemeCounts {
    pub theme: String,
    /// All visible excerpts with this theme, whenever recorded.
    pub total: RoundedCount,
    /// One per entry of `ThemeOverview::quarters`.
    pub per_quarter: Vec<RoundedCount>,
}

impl Service {
    pub async fn theme_overview(&self, caller: &Caller) -> AppResult<ThemeOverview> {
        let audience = self.authorize_audience(caller, Action::ReadThemeOverview)?;
        let now = Millis::now();
        let rows = self.inner.store.overview_rows(audience, now).await?;
        let text_version = self.inner.policies.consent_text_version(audience);
        let mut totals: HashMap<&str, u64> = HashMap::new();
        let mut cells: HashMap<(&str, Quarter), u64> = HashMap::new();
        for row in rows.iter().filter(|r| visible_now(r, now, text_version)) {
            let quarter = recorded_quarter(row)?;
            for theme in &row.themes {
                *totals.entry(theme).or_default() += 1;
                *cells.entry((theme, quarter)).or_default() += 1;
            }
        }
        let quarters = last_quarters(Quarter::of(now.to_datetime().date()));
        let themes = self
            .inner
            .policies
            .themes
            .iter()
            .map(|t| ThemeCounts {
                theme: t.id.clone(),
                total: RoundedCount::from_raw(totals.get(t.id.as_str()).copied().unwrap_or(0)),
                per_quarter: quarters
                    .iter()
                    .map(|q| {
                        RoundedCount::from_raw(
                            cells.get(&(t.id.as_str(), *q)).copied().unwrap_or(0),
                        )
                    })
                    .collect(),
            })
            .collect();
        Ok(ThemeOverview { quarters, themes })
    }
}

/// The one visibility rule, applied to an overview row.
fn visible_now(row: &OverviewRow, now: Millis, consent_text_version: i64) -> bool {
    let facts = VisibilityFacts {
        status: row.status,
        current_version: row.version,
        current_consent_text_version: consent_text_version,
        birth_year: row.birth_year,
        youth: Some(row.youth),
        guardian: row.guardian,
    };
    is_visible(&facts, now)
}

fn recorded_quarter(row: &OverviewRow) -> AppResult<Quarter> {
    RecordedOn::parse(&row.recorded_on, time::Date::MAX)
        .map(|d| Quarter::of(d.date()))
        .map_err(|_| AppError::Internal("stored recording date is invalid".into()))
}

/// The `OVERVIEW_QUARTERS` quarters ending with `current`, oldest first.
fn last_quarters(current: Quarter) -> Vec<Quarter> {
    let mut first = current;
    for _ in 1..OVERVIEW_QUARTERS {
        first = first.previous();
    }
    Quarter::range(first, current)
}
