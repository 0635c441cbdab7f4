use crate::helpers::{
    ADMIN_USERNAME, PASSWORD, TestApp, expect_error, expect_status, unique_username,
};

#[test]
fn an_admin_creates_accounts_of_every_role_but_youth() {
    // Arrange
    let app = TestApp::spawn();

    for role in ["admin", "worker", "peer", "policy_maker", "council"] {
        // Act
        let username = unique_username(role);
        let created = expect_status(app.post_account(&username, PASSWORD, role), 201);

        // Assert
        assert!(created["id"].is_string());
        assert_eq!(created["username"], username.as_str());
        assert_eq!(created["role"], role);
        assert!(created.get("password").is_none());
        app.login(&username, PASSWORD);
    }
}

#[test]
fn youth_accounts_cannot_be_created_by_an_admin() {
    let app = TestApp::spawn();

    let response = app.post_account(&unique_username("jongere"), PASSWORD, "youth");

    expect_error(response, 400);
}

#[test]
fn an_unknown_role_is_a_validation_error() {
    let app = TestApp::spawn();

    let response = app.post_account(&unique_username("x"), PASSWORD, "superuser");

    expect_error(response, 400);
}

#[test]
fn a_password_shorter_than_12_characters_is_a_validation_error_on_password() {
    let app = TestApp::spawn();

    let error = expect_error(
        app.post_account(&unique_username("w"), "elf-tekens!", "worker"),
        400,
    );

    assert_eq!(error["code"], "validation");
    assert!(error["fields"]["password"].is_array(), "{error}");
}

#[test]
fn a_password_of_exactly_12_characters_is_accepted() {
    let app = TestApp::spawn();

    let response = app.post_account(&unique_username("w"), "twaalf-teken", "worker");

    expect_status(response, 201);
}

#[test]
fn a_taken_username_is_a_409() {
    let app = TestApp::spawn();
    let username = unique_username("worker");
    expect_status(app.post_account(&username, PASSWORD, "worker"), 201);

    let response = app.post_account(&username, PASSWORD, "peer");

    expect_error(response, 409);
}

#[test]
fn the_account_list_shows_every_account_with_its_role_and_state() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let council = app.create_account("council");

    // Act
    let list = expect_status(app.get("/api/v1/accounts", &app.admin_token), 200);

    // Assert
    let items = list["items"].as_array().expect("items");
    for (account, role) in [(&worker, "worker"), (&council, "council")] {
        let item = items
            .iter()
            .find(|item| item["id"] == account.id.as_str())
            .expect("account listed");
        assert_eq!(item["username"], account.username.as_str());
        assert_eq!(item["role"], role);
        assert_eq!(item["disabled"], false);
    }
    assert!(items.iter().all(|item| item.get("password").is_none()));
}

#[test]
fn disabling_an_account_ends_its_sessions_at_once() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();

    // Act
    let response = app.post_empty(
        &format!("/api/v1/accounts/{}/disable", worker.id),
        &app.admin_token,
    );

    // Assert
    assert_eq!(response.status(), 204);
    expect_error(app.get("/api/v1/participants", &worker.token), 401);
}

#[test]
fn a_disabled_account_gets_the_same_401_as_a_wrong_password() {
    // Arrange
    let app = TestApp::spawn();
    let worker = app.create_worker();
    let disable = format!("/api/v1/accounts/{}/disable", worker.id);
    expect_status(app.post_empty(&disable, &app.admin_token), 204);

    // Act
    let disabled = expect_error(app.post_session(&worker.username, PASSWORD), 401);
    let wrong_password = expect_error(
        app.post_session(&worker.username, "niet-het-wachtwoord"),
        401,
    );

    // Assert
    assert_eq!(disabled, wrong_password);
    let list = expect_status(app.get("/api/v1/accounts", &app.admin_token), 200);
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == worker.id.as_str())
        .cloned()
        .expect("still listed");
    assert_eq!(item["disabled"], true);
}

#[test]
fn disabling_an_unknown_account_is_a_404() {
    let app = TestApp::spawn();

    let path = format!("/api/v1/accounts/{}/disable", uuid::Uuid::new_v4());
    let response = app.post_empty(&path, &app.admin_token);

    expect_error(response, 404);
}

/// The id of the admin every test app starts with, from the account list.
fn first_admin_id(app: &TestApp) -> String {
    let list = expect_status(app.get("/api/v1/accounts", &app.admin_token), 200);
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["username"] == ADMIN_USERNAME)
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .expect("the first admin is listed")
}

#[test]
fn the_last_active_admin_cannot_be_disabled() {
    // Arrange
    let app = TestApp::spawn();
    let own_id = first_admin_id(&app);

    // Act
    let response = app.post_empty(
        &format!("/api/v1/accounts/{own_id}/disable"),
        &app.admin_token,
    );

    // Assert
    let body = expect_error(response, 409);
    assert_eq!(body["code"], "last_active_admin");
    expect_status(app.get("/api/v1/accounts", &app.admin_token), 200);
}

#[test]
fn an_admin_cannot_disable_their_own_account_but_may_disable_another_admin() {
    // Arrange
    let app = TestApp::spawn();
    let own_id = first_admin_id(&app);
    let other = app.create_account("admin");

    // Act
    let own = app.post_empty(
        &format!("/api/v1/accounts/{own_id}/disable"),
        &app.admin_token,
    );
    let another = app.post_empty(
        &format!("/api/v1/accounts/{}/disable", other.id),
        &app.admin_token,
    );

    // Assert
    let body = expect_error(own, 409);
    assert_eq!(body["code"], "cannot_disable_self");
    expect_status(another, 204);
    expect_status(app.get("/api/v1/accounts", &app.admin_token), 200);
    expect_error(app.get("/api/v1/accounts", &other.token), 401);
}
