//! The theme overview for policy makers and the council: rounded counts only.

use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::AudienceCaller;
use super::error::ErrorBody;
use super::state::Svc;
use crate::domain::RoundedCount;
use crate::error::AppError;
use crate::service::{ThemeCounts, ThemeOverview};

/// A count fit to show: under 10 is only "fewer than 10", anything else is rounded to 5.
#[derive(Serialize, ToSchema)]
pub struct RoundedCountResponse {
    /// True for every count from 0 to 9; `rounded` is then null.
    pub fewer_than_10: bool,
    /// The count rounded to the nearest multiple of 5 (at least 10), or null.
    pub rounded: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct ThemeCountsResponse {
    /// A theme id (`GET /api/v1/themes`).
    pub theme: String,
    /// All excerpts with this theme the caller's audience may read, whenever recorded.
    pub total: RoundedCountResponse,
    /// One count per entry of `quarters`, in the same order.
    pub per_quarter: Vec<RoundedCountResponse>,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewResponse {
    /// The last eight quarters of recording (`YYYY-Qn`), oldest first, whatever the data.
    pub quarters: Vec<String>,
    /// Every theme, in the policy's order.
    pub themes: Vec<ThemeCountsResponse>,
}

impl From<RoundedCount> for RoundedCountResponse {
    fn from(c: RoundedCount) -> Self {
        Self {
            fewer_than_10: c.rounded().is_none(),
            rounded: c.rounded(),
        }
    }
}

impl From<ThemeCounts> for ThemeCountsResponse {
    fn from(t: ThemeCounts) -> Self {
        Self {
            theme: t.theme,
            total: t.total.into(),
            per_quarter: t.per_quarter.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<ThemeOverview> for OverviewResponse {
    fn from(o: ThemeOverview) -> Self {
        Self {
            quarters: o.quarters.iter().map(ToString::to_string).collect(),
            themes: o.themes.into_iter().map(Into::into).collect(),
        }
    }
}

/// How many excerpts the caller's audience may read, per theme and per quarter of recording.
/// Policy makers and the council only; peers get 403.
#[utoipa::path(tag = "feed", security(("bearer" = [])), responses(
    (status = 200, body = OverviewResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/feed/overview")]
pub async fn overview(svc: Svc, caller: AudienceCaller) -> Result<HttpResponse, AppError> {
    let overview = svc.theme_overview(&caller.0).await?;
    Ok(HttpResponse::Ok().json(OverviewResponse::from(overview)))
}
