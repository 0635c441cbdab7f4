//! The web pages: server-rendered HTML beside the JSON API, from the same `service` use cases.
//! One file per page group; cookies, anti-forgery tokens, forms and error pages in their own files.
//! Every page works without JavaScript.
//!
//! Anti-forgery: every POST carries a `csrf` field. With a session it is HMAC(service secret,
//! session token hash) (a synchronizer token needing no storage); on the pre-login forms (`/login`,
//! `/invite`) it is HMAC(service secret, nonce) with the nonce in a `SameSite=Strict`, `HttpOnly`
//! cookie set by the form page (a signed double-submit cookie).

mod accounts;
mod assets;
pub mod chart;
mod consent_choices;
mod cookies;
mod errors;
mod excerpts;
mod feed;
mod form;
mod guardian;
mod home;
mod i18n;
mod labels;
mod local_time;
mod login;
mod me;
mod me_excerpt;
mod me_receipts;
mod overview;
mod participant_guardians;
mod participants;
mod qr;
mod renewal_cards;
mod second_factor;
mod stories;
mod suggestions;
mod text;
mod visitor;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::{Error, HttpRequest, HttpResponse, Scope, web};

pub use cookies::CookiePolicy;
pub use i18n::{Lang, Texts};

const CSP: &str = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// All pages, under one scope that adds the security headers to every answer it gives.
pub fn pages() -> Scope<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    web::scope("")
        .app_data(web::PayloadConfig::new(form::FORM_LIMIT))
        .wrap(from_fn(page_headers))
        // First: the busiest page (the router tries routes in this order).
        .service(feed::feed)
        .service(assets::asset)
        .service(home::start)
        .service(home::language)
        .service(login::login_page)
        .service(login::login)
        .service(login::logout)
        .service(login::invite_page)
        .service(login::invite)
        .service(me::home)
        .service(me::access_log)
        .service(me::export)
        .service(me::erase_page)
        .service(me::erase)
        .service(me_excerpt::excerpt_page)
        .service(me_excerpt::review)
        .service(me_excerpt::consent)
        .service(me_receipts::receipts_page)
        .service(me_receipts::receipt_download)
        .service(me_receipts::renew)
        .service(guardian::home)
        .service(guardian::excerpt_page)
        .service(guardian::consent)
        .service(guardian::renew)
        .service(participants::list)
        .service(participants::new_page)
        .service(participants::create)
        .service(participants::detail)
        .service(participants::new_invite)
        .service(participant_guardians::new_page)
        .service(participant_guardians::create)
        .service(stories::new_page)
        .service(stories::create)
        .service(stories::story_page)
        .service(stories::create_excerpt)
        .service(excerpts::excerpt_page)
        .service(excerpts::edit)
        .service(excerpts::submit)
        .service(suggestions::decide)
        .service(feed::feed_item)
        .service(overview::overview)
        .service(accounts::list)
        .service(accounts::create)
        .service(accounts::disable)
        .service(second_factor::status_page)
        .service(second_factor::start)
        .service(second_factor::confirm)
        .default_service(web::to(unmatched))
}

/// A path that names nothing: 405 for a path of the API with another method, the JSON 404 under
/// `/api/`, the 404 page elsewhere.
async fn unmatched(req: HttpRequest) -> HttpResponse {
    use actix_web::ResponseError;
    if let Some(response) = crate::http::error::method_not_allowed(&req) {
        return response;
    }
    if req.path().starts_with("/api/") {
        crate::error::AppError::NotFound.error_response()
    } else {
        errors::not_found(visitor::lang_of(&req))
    }
}

async fn page_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // Pages hold personal content: never stored by a browser or proxy. Assets set their own.
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}
