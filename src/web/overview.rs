//! The theme overview for policy makers and the council: how many published excerpts their
//! audience may read, per theme and per quarter of recording. A chart drawn on the server (SVG, no
//! script) and the same numbers in a table beside it for screen readers. The same use case as
//! `GET /api/v1/feed/overview`: only rounded counts ever reach this page, so "fewer than 10" is all
//! a small number can say. Peers get the 403 page: the overview is for policy, and the menu does
//! not offer it to them.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get};
use askama::Template;

use super::chart::{Bar, ChartText, bar_chart};
use super::errors::{WebError, html};
use super::i18n::Texts;
use super::labels::{self, ThemeLabel};
use super::visitor::{Chrome, Visitor};
use crate::domain::{Quarter, Role, RoundedCount};

const READERS: &[Role] = &[Role::PolicyMaker, Role::Council];

pub struct ThemeRow {
    pub id: String,
    pub label: ThemeLabel,
    pub total: String,
    pub per_quarter: Vec<String>,
}

#[derive(Template)]
#[template(path = "reader/overview.html")]
struct OverviewPage {
    c: Chrome,
    chart: String,
    quarters: Vec<String>,
    rows: Vec<ThemeRow>,
}

/// A count as the page says it: "minder dan 10", or the rounded number.
fn shown(t: &Texts, count: RoundedCount) -> String {
    match count.rounded() {
        Some(n) => n.to_string(),
        None => t.get("overview-fewer-than-ten"),
    }
}

/// `2026-Q4` as the months it spans, "okt–dec 2026": plain words, no abbreviation to explain.
fn quarter_name(t: &Texts, q: Quarter) -> String {
    t.with(
        &format!("overview-quarter-{}", q.number()),
        "year",
        &q.year().to_string(),
    )
}

#[get("/overview")]
pub async fn overview(v: Visitor) -> Result<HttpResponse, WebError> {
    let caller = v.require(READERS)?;
    let overview = v.svc.theme_overview(&caller).await.map_err(v.fail())?;
    let t = v.texts();
    let rows: Vec<ThemeRow> = overview
        .themes
        .iter()
        .map(|counts| ThemeRow {
            id: counts.theme.clone(),
            label: labels::theme(v.svc.policies(), v.lang, &counts.theme),
            total: shown(&t, counts.total),
            per_quarter: counts.per_quarter.iter().map(|c| shown(&t, *c)).collect(),
        })
        .collect();
    let bars: Vec<Bar<'_>> = overview
        .themes
        .iter()
        .zip(&rows)
        .map(|(counts, row)| Bar {
            label: &row.label.label,
            count: counts.total,
        })
        .collect();
    let title = t.get("overview-chart-title");
    let description = t.get("overview-chart-description");
    let fewer = t.get("overview-fewer-than-ten");
    let chart = bar_chart(
        &bars,
        &ChartText {
            id: "overview-chart",
            title: &title,
            description: &description,
            fewer_than_ten: &fewer,
        },
    );
    let page = OverviewPage {
        c: v.chrome(),
        chart,
        quarters: overview
            .quarters
            .iter()
            .map(|q| quarter_name(&t, *q))
            .collect(),
        rows,
    };
    Ok(html(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::Lang;

    #[test]
    fn small_counts_say_fewer_than_ten_and_others_their_rounded_number() {
        let nl = Texts::new(Lang::Nl);
        assert_eq!(shown(&nl, RoundedCount::from_raw(3)), "minder dan 10");
        assert_eq!(shown(&nl, RoundedCount::from_raw(0)), "minder dan 10");
        assert_eq!(shown(&nl, RoundedCount::from_raw(23)), "25");
        assert_eq!(
            shown(&Texts::new(Lang::En), RoundedCount::from_raw(9)),
            "fewer than 10"
        );
    }

    #[test]
    fn a_quarter_is_named_by_its_months() {
        let q = Quarter::of(time::macros::date!(2026 - 11 - 28));
        assert_eq!(quarter_name(&Texts::new(Lang::Nl), q), "okt–dec 2026");
        assert_eq!(quarter_name(&Texts::new(Lang::En), q), "Oct–Dec 2026");
    }
}
