//! The service answers as its OpenAPI document says (issue 7, defect 14): a method a path of the
//! API does not take is 405 with `Allow`, an integer written as `3.0` is the integer 3 (as JSON
//! Schema counts it), and a passage whose end is not after its start is refused only once the
//! story is known to be the caller's (an id that names nothing stays a 404).

use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, expect_error, expect_status};

#[test]
fn a_method_a_path_does_not_take_is_a_405_naming_the_methods_it_takes() {
    let app = TestApp::spawn();
    let worker = app.create_worker();

    let patch = app.request(Method::PATCH, "/api/v1/sessions", None, None);
    assert_eq!(patch.status().as_u16(), 405);
    assert_eq!(
        patch.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    let error = expect_error(patch, 405);
    assert_eq!(error["code"], "method_not_allowed");

    let story = app.request(
        Method::PUT,
        "/api/v1/stories/6f1c9a52-7d7e-4c35-9a44-2d3a1b0c9e11",
        Some(&worker.token),
        None,
    );
    assert_eq!(
        story.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET, DELETE")
    );
    expect_error(story, 405);

    let health = app.request(Method::DELETE, "/healthz", None, None);
    assert_eq!(
        health.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("GET")
    );
    expect_error(health, 405);

    // A path that is not one of the API stays a 404, with any method.
    expect_error(
        app.request(Method::PATCH, "/api/v1/nothing-here", None, None),
        404,
    );
}

#[test]
fn an_integral_float_is_an_integer_and_a_fraction_is_refused() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let excerpt = app.create_excerpt_from_text(&line.worker.token, &line.story_id, "Ik wachtte.");
    let submit = format!(
        "/api/v1/excerpts/{}/submit",
        excerpt["id"].as_str().unwrap()
    );

    let half = app.post(&submit, &line.worker.token, &json!({"version": 1.5}));
    assert_eq!(expect_error(half, 400)["code"], "invalid_body");
    let submitted = expect_status(
        app.post(&submit, &line.worker.token, &json!({"version": 1.0})),
        200,
    );
    assert_eq!(submitted["status"], "awaiting_review");
}

#[test]
fn offsets_out_of_order_are_a_400_for_ones_own_story_and_a_404_for_no_story() {
    let app = TestApp::spawn();
    let line = app.storyline();
    let backwards = json!({"start": 5, "end": 2});

    let own = app.post(
        &format!("/api/v1/stories/{}/excerpts", line.story_id),
        &line.worker.token,
        &backwards,
    );
    let error = expect_error(own, 400);
    assert_eq!(error["fields"]["end"][0], "not_after_start");

    let none = app.post(
        "/api/v1/stories/6f1c9a52-7d7e-4c35-9a44-2d3a1b0c9e11/excerpts",
        &line.worker.token,
        &backwards,
    );
    expect_error(none, 404);
}
