//! Account management (admin).

use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::auth::AdminCaller;
use super::error::ErrorBody;
use super::ids::parse_id;
use super::json::ApiJson;
use super::state::Svc;
use crate::domain::{AccountId, Role};
use crate::error::AppError;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccountRequest {
    pub username: String,
    /// At least 12 characters.
    #[schema(format = Password, min_length = 12)]
    pub password: String,
    /// admin, worker, peer, policy_maker or council (youth accounts come from invites).
    pub role: String,
}

#[derive(Serialize, ToSchema)]
pub struct AccountCreated {
    #[schema(value_type = String, format = Uuid)]
    pub id: AccountId,
    pub username: String,
    pub role: Role,
}

#[derive(Serialize, ToSchema)]
pub struct AccountListItem {
    #[schema(value_type = String, format = Uuid)]
    pub id: AccountId,
    pub username: String,
    pub role: Role,
    pub disabled: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AccountList {
    pub items: Vec<AccountListItem>,
}

#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = NewAccountRequest, responses(
    (status = 201, body = AccountCreated), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
    (status = 409, body = ErrorBody)))]
#[post("/accounts")]
pub async fn create_account(
    svc: Svc,
    caller: AdminCaller,
    body: ApiJson<NewAccountRequest>,
) -> Result<HttpResponse, AppError> {
    let NewAccountRequest {
        username,
        password,
        role,
    } = body.0;
    let a = svc
        .create_account(Some(&caller.0), username, password, role)
        .await?;
    Ok(HttpResponse::Created().json(AccountCreated {
        id: a.id,
        username: a.username,
        role: a.role,
    }))
}

/// Staff accounts (youth accounts belong to the young people and are not listed).
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses(
    (status = 200, body = AccountList), (status = 403, body = ErrorBody)))]
#[get("/accounts")]
pub async fn list_accounts(svc: Svc, caller: AdminCaller) -> Result<HttpResponse, AppError> {
    let items = svc
        .list_accounts(&caller.0)
        .await?
        .into_iter()
        .map(|a| AccountListItem {
            id: a.id,
            username: a.username,
            role: a.role,
            disabled: a.disabled,
        })
        .collect();
    Ok(HttpResponse::Ok().json(AccountList { items }))
}

/// Disables an account; its sessions end at once. An admin cannot disable their own account
/// (409 `cannot_disable_self`) nor the last active admin (409 `last_active_admin`).
#[utoipa::path(tag = "accounts", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
    (status = 409, body = ErrorBody)))]
#[post("/accounts/{id}/disable")]
pub async fn disable_account(
    svc: Svc,
    caller: AdminCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    svc.disable_account(&caller.0, parse_id(&id)?).await?;
    Ok(HttpResponse::NoContent().finish())
}
