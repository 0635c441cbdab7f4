//! A posted form (`application/x-www-form-urlencoded`), read by hand because checkbox groups
//! repeat a name. Its values are content: they never go into a log or an error message.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use super::errors::{Failure, WebError};
use super::visitor::lang_of;

/// Story bodies may be 200 KB of text; percent-encoding can triple that.
pub const FORM_LIMIT: usize = 1024 * 1024;

pub struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    pub fn parse(body: &[u8]) -> Self {
        Self {
            pairs: form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    /// The first value of `name`, if sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, or empty.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_string()
    }

    /// Every value of `name` (a checkbox group).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A checkbox: checked when sent with any value.
    pub fn checked(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The hidden `version` of an excerpt form; absent or garbage is version 0, which never
    /// matches and so answers with the "changed meanwhile" message.
    pub fn version(&self) -> i64 {
        self.get("version")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    }
}

impl FromRequest for Form {
    type Error = WebError;
    type Future = LocalBoxFuture<'static, Result<Self, WebError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_form = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let lang = lang_of(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bad = || WebError::new(lang, Failure::BadForm);
            if !is_form {
                return Err(bad());
            }
            let body = body.await.map_err(|_| bad())?;
            Ok(Form::parse(&body))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkbox_group_keeps_every_value() {
        let form = Form::parse(b"themes=school&themes=thuis&title=Hoi+daar");
        assert_eq!(form.all("themes"), ["school", "thuis"]);
        assert_eq!(form.text("title"), "Hoi daar");
        assert!(!form.checked("peers"));
    }

    #[test]
    fn a_missing_or_garbled_version_is_zero() {
        assert_eq!(Form::parse(b"version=x").version(), 0);
        assert_eq!(Form::parse(b"version=3").version(), 3);
    }
}
