use crate::helpers::{TestApp, expect_status};
use reqwest::Method;

#[test]
fn healthz_answers_200_without_a_token() {
    // Arrange
    let app = TestApp::spawn();

    // Act
    let response = app.request(Method::GET, "/healthz", None, None);

    // Assert
    assert_eq!(response.status(), 200);
}

#[test]
fn readyz_answers_200_when_the_database_answers() {
    let app = TestApp::spawn();

    let response = app.request(Method::GET, "/readyz", None, None);

    assert_eq!(response.status(), 200);
}

#[test]
fn audiences_are_public_and_name_the_three_audiences() {
    let app = TestApp::spawn();

    let body = expect_status(
        app.request(Method::GET, "/api/v1/audiences", None, None),
        200,
    );

    let text = body.to_string();
    for audience in ["peers", "policy_makers", "council"] {
        assert!(
            text.contains(&format!("\"{audience}\"")),
            "{audience} missing in {text}"
        );
    }
}

#[test]
fn themes_are_public_and_hold_the_agreed_vocabulary() {
    let app = TestApp::spawn();

    let body = expect_status(app.request(Method::GET, "/api/v1/themes", None, None), 200);

    let text = body.to_string();
    for theme in [
        "ambulante-hulp",
        "wijkteam",
        "pleegzorg",
        "gezinshuis",
        "residentiele-jeugdhulp",
        "jeugd-ggz",
        "jeugdbescherming",
        "jeugdreclassering",
        "wachttijd",
        "school",
        "thuis",
        "vrije-tijd",
        "wonen-na-18",
        "geld",
        "inspraak",
    ] {
        assert!(
            text.contains(&format!("\"{theme}\"")),
            "{theme} missing in {text}"
        );
    }
}
