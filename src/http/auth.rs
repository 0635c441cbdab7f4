//! Who may call: roles as typed extractors. A handler that needs a worker takes a `WorkerCaller`;
//! a caller of another role gets 403 before any object is looked up, a missing or dead token 401.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::domain::{Role, SessionToken};
use crate::error::AppError;
use crate::service::{Caller, Service};

/// Any authenticated caller, whatever the role.
pub struct AnyCaller(pub Caller);

fn bearer(req: &HttpRequest) -> Option<SessionToken> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    (!token.is_empty() && token.len() <= 128).then(|| SessionToken::from_header(token))
}

/// Any live session, also an enrolment-only one: for the second-factor enrolment calls alone.
pub struct EnrollingCaller(pub Caller);

impl FromRequest for EnrollingCaller {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let service = req.app_data::<web::Data<Service>>().cloned();
        Box::pin(async move {
            let token = token.ok_or(AppError::Unauthorized)?;
            let service =
                service.ok_or_else(|| AppError::Internal("service not configured".into()))?;
            service.authenticate(&token).await.map(EnrollingCaller)
        })
    }
}

impl FromRequest for AnyCaller {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let enrolling = EnrollingCaller::from_request(req, payload);
        Box::pin(async move {
            let EnrollingCaller(caller) = enrolling.await?;
            if caller.enrolment_only {
                return Err(AppError::MfaEnrolmentRequired);
            }
            Ok(AnyCaller(caller))
        })
    }
}

macro_rules! role_caller {
    ($(#[$doc:meta])* $name:ident, $($role:path),+) => {
        $(#[$doc])*
        pub struct $name(pub Caller);

        impl FromRequest for $name {
            type Error = AppError;
            type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

            fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let any = AnyCaller::from_request(req, payload);
                Box::pin(async move {
                    let AnyCaller(caller) = any.await?;
                    match caller.role {
                        $($role)|+ => Ok($name(caller)),
                        _ => Err(AppError::Forbidden),
                    }
                })
            }
        }
    };
}

role_caller!(
    /// Manages accounts.
    AdminCaller, Role::Admin
);
role_caller!(
    /// A youth worker.
    WorkerCaller, Role::Worker
);
role_caller!(
    /// A young person.
    YouthCaller, Role::Youth
);
role_caller!(
    /// Someone who may see a participant's content if they are its worker or owner.
    ContentCaller, Role::Worker, Role::Youth
);
role_caller!(
    /// A reader of one audience's feed.
    AudienceCaller, Role::Peer, Role::PolicyMaker, Role::Council
);
role_caller!(
    /// A guardian of one participant under 16.
    GuardianCaller, Role::Guardian
);
