//! The three cookies of the pages: the session (the same token as the API's bearer token), the
//! nonce that binds the pre-login forms, and the chosen language. None holds content.

use actix_web::HttpRequest;
use actix_web::cookie::time::Duration;
use actix_web::cookie::{Cookie, SameSite};

use super::i18n::Lang;

pub const SESSION: &str = "storyvault_session";
pub const FORM_NONCE: &str = "storyvault_form";
pub const LANGUAGE: &str = "storyvault_lang";

/// How the cookies are set: `Secure` only when the service runs behind TLS.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    fn strict(&self, name: &'static str, value: String) -> Cookie<'static> {
        Cookie::build(name, value)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(self.secure)
            .finish()
    }

    /// A browser-session cookie: the server ends the session after its idle or absolute lifetime
    /// anyway, and closing the browser ends it on this side too.
    pub fn session(&self, token: &str) -> Cookie<'static> {
        self.strict(SESSION, token.to_string())
    }

    pub fn form_nonce(&self, nonce: String) -> Cookie<'static> {
        self.strict(FORM_NONCE, nonce)
    }

    /// The language is no secret and must survive a link from elsewhere: `Lax`, a year.
    pub fn language(&self, lang: Lang) -> Cookie<'static> {
        Cookie::build(LANGUAGE, lang.code())
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .max_age(Duration::days(365))
            .finish()
    }

    /// A cookie that tells the browser to forget `name`.
    pub fn removal(&self, name: &'static str) -> Cookie<'static> {
        let mut cookie = self.strict(name, String::new());
        cookie.make_removal();
        cookie
    }
}

pub fn value(req: &HttpRequest, name: &str) -> Option<String> {
    req.cookie(name)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}
