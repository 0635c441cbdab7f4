use crate::helpers::{TestApp, expect_status};
use reqwest::Method;

/// The paths of the contract (API.md), with parameters written as `{}`.
const CONTRACT_PATHS: [(&str, &str); 37] = [
    ("post", "/api/v1/sessions"),
    ("delete", "/api/v1/sessions/current"),
    ("post", "/api/v1/accounts"),
    ("get", "/api/v1/accounts"),
    ("post", "/api/v1/accounts/{}/disable"),
    ("post", "/api/v1/participants"),
    ("get", "/api/v1/participants"),
    ("post", "/api/v1/participants/{}/invite"),
    ("post", "/api/v1/invites/redeem"),
    ("post", "/api/v1/participants/{}/stories"),
    ("get", "/api/v1/participants/{}/stories"),
    ("get", "/api/v1/stories/{}"),
    ("delete", "/api/v1/stories/{}"),
    ("post", "/api/v1/stories/{}/excerpts"),
    ("put", "/api/v1/excerpts/{}"),
    ("post", "/api/v1/excerpts/{}/submit"),
    ("get", "/api/v1/excerpts/{}"),
    ("post", "/api/v1/excerpts/{}/review"),
    ("put", "/api/v1/excerpts/{}/consent"),
    ("get", "/api/v1/excerpts/{}/consent/history"),
    ("get", "/api/v1/feed"),
    ("get", "/api/v1/feed/{}"),
    ("get", "/api/v1/feed/overview"),
    ("get", "/api/v1/me/excerpts"),
    ("get", "/api/v1/me/stories"),
    ("get", "/api/v1/me/access-log"),
    ("get", "/api/v1/me/export"),
    ("delete", "/api/v1/me"),
    ("post", "/api/v1/participants/{}/guardians"),
    ("get", "/api/v1/guardian/excerpts"),
    ("put", "/api/v1/guardian/excerpts/{}/consent"),
    ("post", "/api/v1/guardian/excerpts/{}/consent/renew"),
    ("get", "/api/v1/guardian/renewals"),
    ("get", "/api/v1/excerpts/{}/receipts"),
    ("get", "/api/v1/receipt-key"),
    ("get", "/api/v1/me/renewals"),
    ("post", "/api/v1/excerpts/{}/consent/renew"),
];

fn without_parameter_names(path: &str) -> String {
    let mut out = String::new();
    let mut in_parameter = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_parameter = true;
                out.push_str("{}");
            }
            '}' => in_parameter = false,
            _ if in_parameter => {}
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn the_openapi_document_is_public_openapi_3_1_and_lists_every_contract_path() {
    // Arrange
    let app = TestApp::spawn();

    // Act
    let document = expect_status(
        app.request(Method::GET, "/api/openapi.json", None, None),
        200,
    );

    // Assert
    let version = document["openapi"].as_str().expect("openapi version");
    assert!(version.starts_with("3.1"), "openapi is {version}");
    let paths = document["paths"].as_object().expect("paths");
    let listed: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, operations)| {
            let path = without_parameter_names(path);
            operations
                .as_object()
                .into_iter()
                .flat_map(|ops| ops.keys().cloned())
                .map(move |method| (method.to_lowercase(), path.clone()))
        })
        .collect();
    let missing: Vec<_> = CONTRACT_PATHS
        .iter()
        .filter(|(method, path)| !listed.iter().any(|(m, p)| m == method && p == path))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the OpenAPI document: {missing:?}"
    );
}

#[test]
fn the_openapi_document_lists_audiences_and_themes() {
    let app = TestApp::spawn();

    let document = expect_status(
        app.request(Method::GET, "/api/openapi.json", None, None),
        200,
    );

    let paths = document["paths"].as_object().expect("paths");
    assert!(paths.contains_key("/api/v1/audiences"));
    assert!(paths.contains_key("/api/v1/themes"));
}

#[test]
fn the_docs_page_works_without_any_external_url() {
    // Arrange
    let app = TestApp::spawn();

    // Act
    let response = app.request(Method::GET, "/docs/", None, None);

    // Assert
    assert_eq!(response.status(), 200);
    let page_url = response.url().clone();
    let html = response.text().expect("docs page");
    assert!(html.to_lowercase().contains("<html"), "not an HTML page");
    for external in [
        "http://",
        "https://",
        "//cdn",
        "unpkg.com",
        "jsdelivr",
        "googleapis",
    ] {
        assert!(
            !html.contains(external),
            "the docs page refers to {external}"
        );
    }
    // Everything the page loads comes from the service itself.
    for asset in referenced_assets(&html) {
        let asset_url = page_url.join(&asset).expect("asset url");
        assert_eq!(
            asset_url.host_str(),
            Some("127.0.0.1"),
            "{asset} is external"
        );
        let loaded = app.client.get(asset_url).send().expect("asset");
        assert_eq!(loaded.status(), 200, "{asset} does not load");
        if asset.ends_with("initializer.js") {
            let script = loaded.text().expect("initializer");
            assert!(!script.contains("http://") && !script.contains("https://"));
        }
    }
}

fn referenced_assets(html: &str) -> Vec<String> {
    let mut assets = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            let value = &rest[..end];
            if !value.is_empty() && !value.starts_with('#') && !value.starts_with("data:") {
                assets.push(value.to_owned());
            }
            rest = &rest[end..];
        }
    }
    assets
}
