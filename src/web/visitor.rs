//! Who is looking at a page: their language and, when logged in, the same `Caller` the API would
//! see for their session token. Also the anti-forgery token their forms carry.

use actix_web::cookie::Cookie;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::future::LocalBoxFuture;

use super::cookies::{self, CookiePolicy};
use super::errors::{Failure, WebError};
use super::form::Form;
use super::i18n::{Lang, Texts};
use crate::domain::{Role, SessionToken};
use crate::error::AppError;
use crate::service::{Caller, Service};

pub struct Visitor {
    pub lang: Lang,
    pub caller: Option<Caller>,
    /// A session that may only enrol a second factor: it opens the enrolment page and nothing
    /// else (`caller` stays `None`, so every other page refuses it).
    pub enrolling: Option<Caller>,
    pub svc: web::Data<Service>,
    pub cookies: CookiePolicy,
    path: String,
    nonce: Option<String>,
}

pub fn lang_of(req: &HttpRequest) -> Lang {
    cookies::value(req, cookies::LANGUAGE)
        .and_then(|v| Lang::parse(&v))
        .unwrap_or_default()
}

impl FromRequest for Visitor {
    type Error = WebError;
    type Future = LocalBoxFuture<'static, Result<Self, WebError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let lang = lang_of(req);
        let token = cookies::value(req, cookies::SESSION);
        let nonce = cookies::value(req, cookies::FORM_NONCE);
        let svc = req.app_data::<web::Data<Service>>().cloned();
        let policy = req
            .app_data::<web::Data<CookiePolicy>>()
            .map(|p| *p.get_ref())
            .unwrap_or(CookiePolicy { secure: true });
        let path = req.path().to_string();
        Box::pin(async move {
            let svc = svc.ok_or_else(|| {
                WebError::app(lang, AppError::Internal("service not configured".into()))
            })?;
            let (caller, enrolling) = match token {
                Some(token) => match svc.authenticate(&SessionToken::from_header(&token)).await {
                    // A session that may only enrol a second factor opens no other page.
                    Ok(caller) if caller.enrolment_only => (None, Some(caller)),
                    Ok(caller) => (Some(caller), None),
                    Err(AppError::Unauthorized) => (None, None),
                    Err(e) => return Err(WebError::app(lang, e)),
                },
                None => (None, None),
            };
            Ok(Visitor {
                lang,
                caller,
                enrolling,
                svc,
                cookies: policy,
                path,
                nonce,
            })
        })
    }
}

impl Visitor {
    pub fn texts(&self) -> Texts {
        Texts::new(self.lang)
    }

    /// The caller, if their role is one of `roles`; otherwise the login page or a 403 page.
    pub fn require(&self, roles: &[Role]) -> Result<Caller, WebError> {
        match self.caller {
            None if self.enrolling.is_some() => Err(WebError::new(self.lang, Failure::EnrolFirst)),
            None => Err(WebError::new(self.lang, Failure::LoginFirst)),
            Some(c) if roles.contains(&c.role) => Ok(c),
            Some(_) => Err(WebError::app(self.lang, AppError::Forbidden)),
        }
    }

    /// Turns a use case's error into this visitor's error page.
    pub fn fail(&self) -> impl Fn(AppError) -> WebError + '_ {
        move |e| WebError::app(self.lang, e)
    }

    /// What every page needs: language, role, and the anti-forgery token of its forms.
    pub fn chrome(&self) -> Chrome {
        let session = self.caller.or(self.enrolling);
        let csrf = match (&session, &self.nonce) {
            (Some(c), _) => self.svc.form_token(&c.token_hash),
            (None, Some(nonce)) => self.svc.form_token(nonce.as_bytes()),
            (None, None) => String::new(),
        };
        Chrome {
            lang: self.lang,
            t: self.texts(),
            csrf,
            role: self.caller.map(|c| c.role),
            path: self.path.clone(),
        }
    }

    /// For the login and invite forms: a nonce cookie binds the form's token when there is no
    /// session yet (a double-submit cookie). Returns the cookie to set when it is new.
    pub fn pre_login_chrome(&mut self) -> (Chrome, Option<Cookie<'static>>) {
        let mut fresh = None;
        if self.caller.is_none() && self.nonce.is_none() {
            let mut bytes = [0u8; 32];
            rand::fill(&mut bytes[..]);
            let nonce = URL_SAFE_NO_PAD.encode(bytes);
            fresh = Some(self.cookies.form_nonce(nonce.clone()));
            self.nonce = Some(nonce);
        }
        (self.chrome(), fresh)
    }

    /// Every POST carries the token its form was rendered with; a forged one gets a 403 page.
    pub fn check_form(&self, form: &Form) -> Result<(), WebError> {
        let expected = self.chrome().csrf;
        let sent = form.get("csrf").unwrap_or_default();
        if !expected.is_empty() && constant_time_eq(expected.as_bytes(), sent.as_bytes()) {
            Ok(())
        } else {
            Err(WebError::new(self.lang, Failure::Forged))
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The parts of the layout every page shares.
pub struct Chrome {
    pub lang: Lang,
    pub t: Texts,
    pub csrf: String,
    pub role: Option<Role>,
    /// The current path, so the language switch can come back here.
    pub path: String,
}

impl Chrome {
    pub fn t(&self, id: &str) -> String {
        self.t.get(id)
    }

    pub fn t1(&self, id: &str, name: &str, value: &dyn std::fmt::Display) -> String {
        self.t.with(id, name, &value.to_string())
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang(&self) -> &'static str {
        self.lang.other().code()
    }

    pub fn is(&self, role: &str) -> bool {
        self.role.is_some_and(|r| r.as_str() == role)
    }

    pub fn logged_in(&self) -> bool {
        self.role.is_some()
    }

    pub fn asset(&self, name: &str) -> String {
        super::assets::url(name)
    }
}

/// Where each role starts after logging in.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Admin => "/accounts",
        Role::Worker => "/participants",
        Role::Youth => "/me",
        Role::Guardian => super::guardian::GUARDIAN_HOME,
        Role::Peer | Role::PolicyMaker | Role::Council => "/feed",
    }
}
