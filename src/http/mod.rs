//! HTTP: parse and validate input, call the service, map the result to JSON. Routes, the OpenAPI
//! document and the request log live here.

mod account;
mod accounts;
mod auth;
mod catalogue;
pub mod client_addr;
mod consent;
pub mod error;
mod excerpts;
mod feed;
mod ids;
mod json;
mod me;
pub mod metrics;
mod ops;
mod participants;
mod request_log;
mod resets;
mod sessions;
mod state;
mod stories;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{App, Error, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::service::Service;

#[derive(OpenApi)]
#[openapi(
    info(title = "storyvault", version = "1", description = "Stories of young people in youth care: encrypted at rest, published only as anonymised excerpts with per-audience consent."),
    components(schemas(error::ErrorBody, error::ErrorDetail)),
    modifiers(&BearerAuth),
    tags((name = "sessions"), (name = "accounts"), (name = "participants"), (name = "invites"), (name = "stories"),
         (name = "excerpts"), (name = "consent"), (name = "feed"), (name = "me"), (name = "policies"), (name = "operations"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The whole application: routes, OpenAPI document and docs page, request log, JSON 404s.
pub fn app(
    service: web::Data<Service>,
    metrics: web::Data<metrics::Metrics>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Response = ServiceResponse<impl MessageBody>,
        Config = (),
        InitError = (),
        Error = Error,
    >,
> {
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(service)
        .app_data(metrics)
        .service(ops::healthz)
        .service(ops::readyz)
        .service(metrics::metrics)
        .service(
            scope::scope("/api/v1")
                .service(sessions::login)
                .service(sessions::logout)
                .service(account::begin_totp)
                .service(account::confirm_totp)
                .service(account::recover)
                .service(account::reset)
                .service(resets::request_reset)
                .service(resets::open_reset_requests)
                .service(resets::approve_reset)
                .service(resets::reset_code)
                .service(me::my_security_events)
                .service(me::my_held_grants)
                .service(me::confirm_held_grants)
                .service(accounts::create_account)
                .service(accounts::list_accounts)
                .service(accounts::disable_account)
                .service(participants::create_participant)
                .service(participants::list_participants)
                .service(participants::new_invite)
                .service(participants::redeem_invite)
                .service(stories::create_story)
                .service(stories::list_stories)
                .service(stories::get_story)
                .service(stories::delete_story)
                .service(excerpts::create_excerpt)
                .service(excerpts::edit_excerpt)
                .service(excerpts::submit_excerpt)
                .service(excerpts::get_excerpt)
                .service(excerpts::review_excerpt)
                .service(consent::set_consent)
                .service(consent::consent_history)
                .service(feed::feed)
                .service(feed::feed_item)
                .service(me::my_excerpts)
                .service(me::my_stories)
                .service(me::my_access_log)
                .service(me::my_export)
                .service(me::erase_me)
                .service(catalogue::audiences)
                .service(catalogue::themes),
        )
        .split_for_parts();
    app.service(SwaggerUi::new("/docs/{_:.*}").url("/api/openapi.json", api))
        .default_service(web::to(error::no_route))
        .wrap(from_fn(request_log::request_log))
}
