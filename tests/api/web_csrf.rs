//! Every form post carries the anti-forgery token of its page; without it, or with another
//! session's, nothing happens.

use crate::helpers::{Browser, PASSWORD, TestApp};

#[test]
fn a_form_post_without_the_token_or_with_another_sessions_token_is_refused() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let browser = Browser::new(&app);
    browser.login(&worker.username, PASSWORD);
    let other = Browser::new(&app);
    other.login(&app.create_worker().username, PASSWORD);
    let foreign = other.get("/participants").csrf();
    assert!(!foreign.is_empty());

    for token in [None, Some(""), Some("garbage"), Some(foreign.as_str())] {
        let mut fields = vec![("birth_year", "2008"), ("identifiers", "Sanne")];
        if let Some(token) = token {
            fields.push(("csrf", token));
        }
        let page = browser.post("/participants/new", &fields);
        assert_eq!(page.status, 403, "token {token:?}");
    }
    // Nothing was registered.
    let list = app.get("/api/v1/participants", &worker.token);
    let list: serde_json::Value = list.json().unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);

    // With the page's own token it works.
    let page = browser.submit(
        "/participants/new",
        "/participants/new",
        &[("birth_year", "2008"), ("identifiers", "Sanne")],
    );
    assert_eq!(page.status, 201, "{}", page.body);
}

#[test]
fn the_login_form_needs_the_nonce_cookie_its_page_set() {
    let app = TestApp::spawn();
    // A reader: no second factor, so the password alone logs in once the nonce is right.
    let worker = app.create_account("council");

    // A post from elsewhere: no cookie from the login page, whatever token it brings.
    let stranger = Browser::new(&app);
    let fields = [
        ("csrf", "made-up"),
        ("username", worker.username.as_str()),
        ("password", PASSWORD),
    ];
    assert_eq!(stranger.post("/login", &fields).status, 403);

    // A token from one visitor's login page does not work for another visitor.
    let first = Browser::new(&app);
    let token = first.get("/login").csrf();
    let second = Browser::new(&app);
    second.get("/login");
    let fields = [
        ("csrf", token.as_str()),
        ("username", worker.username.as_str()),
        ("password", PASSWORD),
    ];
    assert_eq!(second.post("/login", &fields).status, 403);
    assert_eq!(first.post("/login", &fields).status, 303);
}

#[test]
fn logout_without_the_token_does_not_end_the_session() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let browser = Browser::new(&app);
    browser.login(&worker.username, PASSWORD);
    assert_eq!(browser.post("/logout", &[]).status, 403);
    assert_eq!(browser.get("/participants").status, 200);
}
