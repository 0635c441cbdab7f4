//! The start page and the language switch.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use serde::Deserialize;

use super::errors::{WebError, html};
use super::i18n::Lang;
use super::visitor::{Chrome, Visitor, home_of};

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    c: Chrome,
    home: Option<&'static str>,
}

#[get("/")]
pub async fn start(v: Visitor) -> Result<HttpResponse, WebError> {
    let page = StartPage {
        home: v.caller.map(|c| home_of(c.role)),
        c: v.chrome(),
    };
    Ok(html(StatusCode::OK, &page))
}

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// A local path to come back to: one leading slash, then no scheme or host tricks.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.contains('\\')
            && n.len() <= 200
            && n.bytes().all(|b| b.is_ascii_graphic())
    })
    .unwrap_or_else(|| "/".into())
}

/// `GET /language/{nl|en}?next=/path`: keeps the choice in a cookie and goes back.
#[get("/language/{code}")]
pub async fn language(
    v: Visitor,
    code: web::Path<String>,
    next: web::Query<Next>,
) -> Result<HttpResponse, WebError> {
    let Some(lang) = Lang::parse(&code) else {
        return Ok(super::errors::not_found(v.lang));
    };
    Ok(HttpResponse::SeeOther()
        .cookie(v.cookies.language(lang))
        .insert_header((LOCATION, safe_next(next.into_inner().next)))
        .finish())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/me/excerpts/1".into())), "/me/excerpts/1");
        for bad in ["//evil.example", "https://evil.example", "/\\evil", "me"] {
            assert_eq!(safe_next(Some(bad.into())), "/");
        }
        assert_eq!(safe_next(None), "/");
    }
}
