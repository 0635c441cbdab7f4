//! Who may call: typed extractors at the door. A handler that needs a worker takes a `WorkerCaller`:
//! a caller whose role the access policy (`policies/access.cedar`) lets do none of the worker's
//! actions gets 403 before any object is looked up or any body read, a missing or dead token 401.
//! The use case then asks the policy again about the exact action and object.

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::domain::SessionToken;
use crate::error::AppError;
use crate::policies::access::Action;
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
    ($(#[$doc:meta])* $name:ident, [$($action:ident),+ $(,)?]) => {
        $(#[$doc])*
        pub struct $name(pub Caller);

        impl FromRequest for $name {
            type Error = AppError;
            type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

            fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let any = AnyCaller::from_request(req, payload);
                let service = req.app_data::<web::Data<Service>>().cloned();
                Box::pin(async move {
                    let AnyCaller(caller) = any.await?;
                    let service = service
                        .ok_or_else(|| AppError::Internal("service not configured".into()))?;
                    let access = &service.policies().access;
                    if [$(Action::$action),+]
                        .into_iter()
                        .any(|action| access.role_may(Some(caller.role), action))
                    {
                        Ok($name(caller))
                    } else {
                        Err(AppError::Forbidden)
                    }
                })
            }
        }
    };
}

role_caller!(
    /// Manages accounts.
    AdminCaller,
    [CreateAccount, ListAccounts, DisableAccount, ListResetRequests, ApproveReset]
);
role_caller!(
    /// A youth worker.
    WorkerCaller,
    [
        CreateParticipant,
        ListParticipants,
        InviteParticipant,
        AddGuardian,
        ListGuardians,
        RequestReset,
        CollectResetCode,
        CreateStory,
        CreateExcerpt,
        EditExcerpt,
        SubmitExcerpt,
    ]
);
role_caller!(
    /// A young person.
    YouthCaller,
    [
        ReviewExcerpt,
        AnswerConsent,
        RenewConsent,
        ReadReceipts,
        ListOwnContent,
        ReadOwnAccessLog,
        ExportOwnData,
        EraseOwnData,
        ReadOwnHeldItems,
        ConfirmHeldGrants,
        ReadOwnSecurityEvents,
        ListRenewals,
    ]
);
role_caller!(
    /// Someone who may see a participant's content if they are its worker or owner.
    ContentCaller,
    [
        ListStories,
        ReadStory,
        DeleteStory,
        ReadExcerpt,
        ListExcerptSummaries,
        ReadConsentHistory,
    ]
);
role_caller!(
    /// A reader of one audience's feed.
    AudienceCaller,
    [ReadFeed, ReadFeedItem, ReadThemeOverview]
);
role_caller!(
    /// A guardian of one participant under 16.
    GuardianCaller,
    [
        ReadGuardianExcerpts,
        AnswerGuardianConsent,
        RenewGuardianConsent,
        ListGuardianRenewals,
    ]
);
