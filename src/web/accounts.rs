//! Account management (admin): create, list, disable. The same use cases as `POST/GET /accounts`
//! and `POST /accounts/{id}/disable`.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, get, post, web};
use askama::Template;

use super::errors::{FormErrors, WebError, html};
use super::form::Form;
use super::visitor::{Chrome, Visitor};
use crate::domain::{AccountId, Role};
use crate::error::AppError;

/// The roles an admin may create, in the order of the form.
const ROLES: [Role; 5] = [
    Role::Worker,
    Role::Peer,
    Role::PolicyMaker,
    Role::Council,
    Role::Admin,
];

pub struct AccountLine {
    pub id: String,
    pub username: String,
    pub role: String,
    pub disabled: bool,
}

pub struct RoleOption {
    pub id: &'static str,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "admin/accounts.html")]
struct AccountsPage {
    c: Chrome,
    items: Vec<AccountLine>,
    roles: Vec<RoleOption>,
    errors: FormErrors,
    username: String,
}

async fn render(
    v: &Visitor,
    errors: FormErrors,
    username: String,
    role: &str,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Admin])?;
    let accounts = v.svc.list_accounts(&caller).await.map_err(v.fail())?;
    let c = v.chrome();
    let page = AccountsPage {
        items: accounts
            .into_iter()
            .map(|a| AccountLine {
                id: a.id.to_string(),
                username: a.username,
                role: c.t(&format!("role-name-{}", a.role.as_str())),
                disabled: a.disabled,
            })
            .collect(),
        roles: ROLES
            .iter()
            .map(|r| RoleOption {
                id: r.as_str(),
                label: c.t(&format!("role-name-{}", r.as_str())),
                selected: r.as_str() == role,
            })
            .collect(),
        errors,
        username,
        c,
    };
    Ok(html(status, &page))
}

#[get("/accounts")]
pub async fn list(v: Visitor) -> Result<HttpResponse, WebError> {
    render(&v, FormErrors::none(), String::new(), "", StatusCode::OK).await
}

#[post("/accounts")]
pub async fn create(v: Visitor, form: Form) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Admin])?;
    v.check_form(&form)?;
    let username = form.text("username");
    let role = form.text("role");
    match v
        .svc
        .create_account(
            Some(&caller),
            username.clone(),
            form.text("password"),
            role.clone(),
        )
        .await
    {
        Ok(_) => Ok(HttpResponse::SeeOther()
            .insert_header((LOCATION, "/accounts"))
            .finish()),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "username").map_err(v.fail())?;
            render(&v, errors, username, &role, status).await
        }
    }
}

#[post("/accounts/{id}/disable")]
pub async fn disable(
    v: Visitor,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, WebError> {
    let caller = v.require(&[Role::Admin])?;
    let id: AccountId = id.parse().map_err(|_| v.fail()(AppError::NotFound))?;
    v.check_form(&form)?;
    v.svc.disable_account(&caller, id).await.map_err(v.fail())?;
    Ok(HttpResponse::SeeOther()
        .insert_header((LOCATION, "/accounts"))
        .finish())
}
