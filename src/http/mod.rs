//! HTTP: parse and validate input, call the service, map the result to JSON. Routes, the OpenAPI
//! document and the request log live here.

mod account;
mod accounts;
mod api_contract;
mod api_doc;
mod api_routes;
mod auth;
mod catalogue;
pub mod client_addr;
mod consent;
pub mod error;
mod excerpts;
mod feed;
mod guardians;
mod ids;
mod integers;
mod json;
pub mod json_body;
mod me;
pub mod metrics;
mod ops;
mod overview;
mod participants;
mod renewal;
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
use utoipa_actix_web::{AppExt, UtoipaApp, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::service::Service;

#[derive(OpenApi)]
#[openapi(
    info(title = "storyvault", version = "1", description = "Stories of young people in youth care: encrypted at rest, published only as anonymised excerpts with per-audience consent."),
    components(schemas(error::ErrorBody, error::ErrorDetail, error::ErrorSpan)),
    modifiers(&BearerAuth),
    tags((name = "sessions"), (name = "accounts"), (name = "participants"), (name = "invites"), (name = "stories"),
         (name = "excerpts"), (name = "consent"), (name = "guardians"), (name = "feed"), (name = "me"), (name = "policies"), (name = "operations"))
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
    let svc = service.clone();
    let (app, api) = routes(
        App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .app_data(service)
            .app_data(metrics),
    )
    .split_for_parts();
    let api = api_contract::complete(api, svc.policies(), current_year());
    let api_routes = web::Data::new(api_routes::ApiRoutes::of(&api));
    app.app_data(api_routes)
        .service(SwaggerUi::new("/docs/{_:.*}").url("/api/openapi.json", api))
        // The web pages last: their scope answers every path the API did not take.
        .service(crate::web::pages())
        .default_service(web::to(error::no_route))
        .wrap(from_fn(request_log::request_log))
}

fn current_year() -> i32 {
    crate::domain::time::Millis::now().to_datetime().year()
}

/// The document as the routes' annotations give it, before the shared responses are added.
fn raw_document() -> utoipa::openapi::OpenApi {
    routes(App::new().into_utoipa_app().openapi(ApiDoc::openapi()))
        .split_for_parts()
        .1
}

/// The OpenAPI document the service serves (with the built-in policies), built from the same
/// routes without running anything.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    match crate::policies::Policies::load(None) {
        Ok(policies) => api_contract::complete(raw_document(), &policies, current_year()),
        Err(_) => raw_document(),
    }
}

/// `storyvault openapi`: the document as pretty JSON.
pub fn openapi_json() -> String {
    openapi_document()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".into())
}

/// `storyvault openapi --markdown`: the API reference `docs/api.md`.
pub fn api_markdown() -> String {
    api_doc::markdown(&serde_json::to_value(openapi_document()).unwrap_or_default())
}

/// Every route, in one list that both the server and the document use.
fn routes<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = Error, InitError = ()>,
{
    app.service(ops::healthz).service(ops::readyz).service(
        scope::scope("/api/v1")
            // First: the router tries routes in this order, and the feed is the busiest by far
            // (matching the routes with `{id}` segments before it cost ~3% of a page).
            .service(feed::feed)
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
            .service(renewal::renew_consent)
            .service(renewal::my_renewals)
            .service(renewal::receipts)
            .service(renewal::receipt_key)
            .service(guardians::add_guardian)
            .service(guardians::list_guardians)
            .service(guardians::guardian_excerpts)
            .service(guardians::set_guardian_consent)
            .service(renewal::renew_guardian_consent)
            .service(renewal::guardian_renewals)
            // Before `/feed/{id}`, which would otherwise take "overview" for an id.
            .service(overview::overview)
            .service(feed::feed_item)
            .service(me::my_excerpts)
            .service(me::my_stories)
            .service(me::my_access_log)
            .service(me::my_export)
            .service(me::erase_me)
            .service(catalogue::audiences)
            .service(catalogue::themes),
    )
}
