//! The web pages answer on every path of WEB.md, with the security headers, the cookie flags and
//! the same 404 page for "absent" and "not yours".

use crate::helpers::{Browser, PASSWORD, Page, STORY_BODY, TestApp, id_of};

fn assert_page_headers(page: &Page, path: &str) {
    assert_eq!(
        page.header("content-security-policy"),
        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        "{path}"
    );
    assert_eq!(page.header("x-content-type-options"), "nosniff", "{path}");
    assert_eq!(page.header("referrer-policy"), "no-referrer", "{path}");
    assert_eq!(page.header("cache-control"), "no-store", "{path}");
}

fn assert_html_page(page: &Page, path: &str) {
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    assert_page_headers(page, path);
    assert!(page.body.starts_with("<!doctype html>"), "{path}");
    assert!(page.body.contains("<html lang=\"nl\""), "{path}");
    assert!(page.body.contains("href=\"#main\""), "{path}: no skip link");
    assert!(!page.body.contains("style=\""), "{path}: inline style");
    assert!(!page.body.contains("<script>"), "{path}: inline script");
}

#[test]
fn the_public_pages_answer_in_dutch_with_the_security_headers() {
    let app = TestApp::spawn();
    let browser = Browser::new(&app);
    for path in ["/", "/login", "/invite"] {
        assert_html_page(&browser.get(path), path);
    }
}

#[test]
fn a_page_behind_a_login_sends_a_visitor_without_a_session_to_the_login_page() {
    let app = TestApp::spawn();
    let browser = Browser::new(&app);
    for path in [
        "/me",
        "/me/access-log",
        "/me/export",
        "/me/erase",
        "/participants",
        "/participants/new",
        "/feed",
        "/accounts",
    ] {
        let page = browser.get(path);
        assert_eq!(page.status, 303, "{path}");
        assert_eq!(page.location(), "/login", "{path}");
    }
}

#[test]
fn every_page_of_every_role_answers_with_the_security_headers() {
    // Arrange: a story with an excerpt awaiting review, and one published to the council.
    let app = TestApp::spawn();
    let line = app.storyline();
    let awaiting = app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Ik wachtte.");
    let id = id_of(&awaiting);
    app.post_submit(&line.worker.token, &id, 1);
    let published =
        app.published_excerpt(&line, "Op school wist niemand ervan.", [true, true, true]);
    let council = app.create_account("council");
    let feed_id = app.feed_items(&council.token)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let worker = Browser::new(&app);
    worker.login(&line.worker.username, PASSWORD);
    let youth = Browser::new(&app);
    youth.login(&line.youth.username, PASSWORD);
    let reader = Browser::new(&app);
    reader.login(&council.username, PASSWORD);
    let admin = Browser::new(&app);
    admin.login(crate::helpers::ADMIN_USERNAME, PASSWORD);

    let pages: Vec<(&Browser, String)> = vec![
        (&youth, "/me".into()),
        (&youth, format!("/me/excerpts/{id}")),
        (&youth, format!("/me/excerpts/{}", id_of(&published))),
        (&youth, "/me/access-log".into()),
        (&youth, "/me/erase".into()),
        (&worker, "/participants".into()),
        (&worker, "/participants/new".into()),
        (&worker, format!("/participants/{}", line.participant.id)),
        (
            &worker,
            format!("/participants/{}/stories/new", line.participant.id),
        ),
        (&worker, format!("/stories/{}", line.story_id)),
        (&worker, format!("/excerpts/{id}")),
        (&reader, "/feed".into()),
        (&reader, "/feed?theme=pleegzorg".into()),
        (&reader, format!("/feed/{feed_id}")),
        (&admin, "/accounts".into()),
    ];
    for (browser, path) in &pages {
        assert_html_page(&browser.get(path), path);
    }

    // The story text is on the worker's story page, as it was recorded.
    let story = worker.get(&format!("/stories/{}", line.story_id));
    assert!(story.body.contains(STORY_BODY));
    // The export is a download.
    let export = youth.get("/me/export");
    assert_eq!(export.status, 200);
    assert!(
        export
            .header("content-disposition")
            .starts_with("attachment")
    );
    assert_eq!(export.header("cache-control"), "no-store");
}

#[test]
fn a_page_of_someone_elses_participant_story_or_excerpt_is_the_same_404_as_one_that_does_not_exist()
{
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Ik wachtte.");
    let other = app.create_worker();
    let browser = Browser::new(&app);
    browser.login(&other.username, PASSWORD);

    let absent = browser.get("/stories/00000000-0000-4000-8000-000000000000");
    assert_eq!(absent.status, 404);
    assert_page_headers(&absent, "absent story");
    for path in [
        format!("/participants/{}", line.participant.id),
        format!("/participants/{}/stories/new", line.participant.id),
        format!("/stories/{}", line.story_id),
        format!("/excerpts/{}", id_of(&excerpt)),
        "/stories/not-an-id".to_owned(),
        "/no-such-page".to_owned(),
    ] {
        let page = browser.get(&path);
        assert_eq!(page.status, 404, "{path}");
        assert_eq!(
            page.body, absent.body,
            "{path} differs from an absent story"
        );
    }

    // Another young person's excerpt, too.
    let stranger = app.storyline();
    let youth = Browser::new(&app);
    youth.login(&stranger.youth.username, PASSWORD);
    let page = youth.get(&format!("/me/excerpts/{}", id_of(&excerpt)));
    assert_eq!(page.status, 404);
}

#[test]
fn the_session_cookie_is_http_only_strict_and_secure_only_behind_tls() {
    for (behind_tls, secure) in [("false", false), ("true", true)] {
        let app = TestApp::spawn_with_env(&[("STORYVAULT_BEHIND_TLS", behind_tls)]);
        let worker = app.create_worker();
        let browser = Browser::new(&app);
        let page = browser.login(&worker.username, PASSWORD);
        assert_eq!(page.status, 303);
        assert_eq!(page.location(), "/participants");
        let session = page
            .set_cookies()
            .into_iter()
            .find(|c| c.starts_with("storyvault_session="))
            .expect("a session cookie");
        assert!(session.contains("HttpOnly"), "{session}");
        assert!(session.contains("SameSite=Strict"), "{session}");
        assert!(session.contains("Path=/"), "{session}");
        assert_eq!(session.contains("Secure"), secure, "{session}");
    }
}

#[test]
fn the_session_of_the_pages_is_the_api_session_and_logging_out_ends_it() {
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let browser = Browser::new(&app);
    let page = browser.login(&worker.username, PASSWORD);
    let token = page
        .set_cookies()
        .into_iter()
        .find_map(|c| {
            c.strip_prefix("storyvault_session=")
                .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
        })
        .expect("a session cookie");
    // The cookie's token works as a bearer token: it is the same session.
    assert_eq!(app.get("/api/v1/participants", &token).status(), 200);

    let out = browser.submit("/participants", "/logout", &[]);
    assert_eq!(out.status, 303);
    assert_eq!(app.get("/api/v1/participants", &token).status(), 401);
    assert_eq!(browser.get("/participants").location(), "/login");
}

#[test]
fn the_language_switch_keeps_english_in_a_cookie() {
    let app = TestApp::spawn();
    let browser = Browser::new(&app);
    let switched = browser.get("/language/en?next=/login");
    assert_eq!(switched.status, 303);
    assert_eq!(switched.location(), "/login");
    let page = browser.get("/login");
    assert!(page.body.contains("<html lang=\"en\""));
    assert!(page.body.contains("Log in"));
    // An outside address is never followed.
    assert_eq!(
        browser.get("/language/nl?next=//evil.example").location(),
        "/"
    );
}

#[test]
fn the_stylesheets_and_the_script_are_served_from_the_binary_with_long_caching() {
    let app = TestApp::spawn();
    let browser = Browser::new(&app);
    let start = browser.get("/");
    let mut assets = 0;
    for piece in start.body.split("href=\"/static/").skip(1) {
        let path = format!("/static/{}", &piece[..piece.find('"').unwrap()]);
        let asset = browser.get(&path);
        assert_eq!(asset.status, 200, "{path}");
        assert!(asset.header("cache-control").contains("max-age=31536000"));
        assert!(asset.header("content-type").starts_with("text/css"));
        assets += 1;
    }
    assert_eq!(assets, 3);
}
