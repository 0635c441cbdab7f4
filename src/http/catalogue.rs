//! The signed policies, served as they were loaded: audiences with consent texts, and themes.

use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

use super::state::Svc;
use crate::policies::{AudiencePolicy, Theme};

#[derive(Serialize, ToSchema)]
pub struct AudienceList {
    pub items: Vec<AudiencePolicy>,
}

#[derive(Serialize, ToSchema)]
pub struct ThemeList {
    pub items: Vec<Theme>,
}

/// The audiences and the consent text (Dutch and English, versioned) a young person is shown.
#[utoipa::path(tag = "policies", responses((status = 200, body = AudienceList)))]
#[get("/audiences")]
pub async fn audiences(svc: Svc) -> HttpResponse {
    HttpResponse::Ok().json(AudienceList {
        items: svc.policies().audiences.clone(),
    })
}

/// The theme vocabulary.
#[utoipa::path(tag = "policies", responses((status = 200, body = ThemeList)))]
#[get("/themes")]
pub async fn themes(svc: Svc) -> HttpResponse {
    HttpResponse::Ok().json(ThemeList {
        items: svc.policies().themes.clone(),
    })
}
