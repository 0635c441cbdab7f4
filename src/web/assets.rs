//! Stylesheets and the one script, compiled into the binary. Their URLs carry a hash of their
//! content, so they can be cached for a year and still change with a new release.

use std::sync::LazyLock;

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, get, web};
use sha2::{Digest, Sha256};

use super::errors;
use super::visitor::lang_of;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "utrecht-component-library.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../../static/vendor/utrecht-component-library.css"),
    },
    Asset {
        name: "voorbeeld-design-tokens.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../../static/vendor/voorbeeld-design-tokens.css"),
    },
    Asset {
        name: "LICENCE.md",
        content_type: "text/plain; charset=utf-8",
        body: include_str!("../../static/vendor/LICENCE.md"),
    },
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../../static/app.css"),
    },
    Asset {
        name: "select.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../../static/select.js"),
    },
];

/// The first 12 hex digits of each asset's SHA-256, in the order of `ASSETS`.
static HASHES: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| crate::vault::to_hex(&Sha256::digest(a.body.as_bytes())[..6]))
        .collect()
});

/// The URL of an asset, `/static/{hash}/{name}`.
pub fn url(name: &str) -> String {
    match ASSETS.iter().position(|a| a.name == name) {
        Some(i) => format!("/static/{}/{}", HASHES[i], name),
        None => format!("/static/missing/{name}"),
    }
}

#[get("/static/{hash}/{name}")]
pub async fn asset(req: HttpRequest, path: web::Path<(String, String)>) -> HttpResponse {
    let (hash, name) = path.into_inner();
    let Some(i) = ASSETS.iter().position(|a| a.name == name) else {
        return errors::not_found(lang_of(&req));
    };
    // An old hash still gets the file, but not for a year.
    let cache = if HASHES[i] == hash {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, ASSETS[i].content_type))
        .insert_header((CACHE_CONTROL, cache))
        .body(ASSETS[i].body)
}
