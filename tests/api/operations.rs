//! The operations surface: metrics without anything personal, and a graceful shutdown.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::Duration;

use crate::helpers::{TestApp, expect_status};

#[test]
fn metrics_count_requests_by_route_template_and_status_with_nothing_personal() {
    // Arrange: traffic that carries ids, a username and a token
    let app = TestApp::spawn_with_env(&[("STORYVAULT_METRICS_ADDR", "127.0.0.1:0")]);
    let metrics_addr = app
        .logged_address("metrics listening")
        .expect("the metrics listener logs its address");
    let line = app.storyline();
    let story = format!("/api/v1/stories/{}", line.story_id);
    expect_status(app.get(&story, &line.worker.token), 200);
    expect_status(app.get(&story, &line.worker.token), 200);
    app.post_session(&line.youth.username, "wrong password 123");

    // Act
    let text = app
        .client
        .get(format!("http://{metrics_addr}/metrics"))
        .send()
        .expect("metrics")
        .text()
        .expect("body");

    // Assert
    let line_for_story = text
        .lines()
        .find(|l| {
            l.starts_with("http_requests_total{method=\"GET\",route=\"/api/v1/stories/{id}\"")
        })
        .unwrap_or_else(|| panic!("no series for the story route in:\n{text}"));
    assert!(line_for_story.ends_with(" 2") && line_for_story.contains("status=\"200\""));
    assert!(text.contains("route=\"/api/v1/sessions\",status=\"401\""));
    assert!(text.contains("http_request_duration_seconds_bucket{"));
    for secret in [
        &line.story_id,
        &line.youth.username,
        &line.worker.token,
        &line.participant.id,
    ] {
        assert!(
            !text.contains(secret.as_str()),
            "a metric label holds personal data"
        );
    }
}

#[test]
fn metrics_are_not_served_on_the_public_port() {
    // Off by default, and when on, only on their own listener.
    for env in [vec![], vec![("STORYVAULT_METRICS_ADDR", "127.0.0.1:0")]] {
        let app = TestApp::spawn_with_env(&env);
        expect_status(app.get("/api/v1/themes", &app.admin_token), 200);

        let response = app.client.get(app.url("/metrics")).send().expect("answer");

        assert_eq!(response.status(), 404);
        let body = response.text().expect("body");
        assert!(!body.contains("http_requests_total"), "{body}");
        assert_eq!(
            app.logged_address("metrics listening").is_some(),
            !env.is_empty()
        );
    }
}

#[test]
fn the_metrics_listener_serves_nothing_but_metrics() {
    let app = TestApp::spawn_with_env(&[("STORYVAULT_METRICS_ADDR", "127.0.0.1:0")]);
    let metrics_addr = app.logged_address("metrics listening").expect("address");

    let api = app
        .client
        .get(format!("http://{metrics_addr}/api/v1/themes"))
        .send()
        .expect("answer");

    assert_eq!(api.status(), 404);
}

#[test]
fn on_sigterm_a_request_in_flight_finishes_before_the_process_exits() {
    // Arrange: a story upload whose body is only half sent when SIGTERM arrives
    let mut app = TestApp::spawn();
    let line = app.storyline();
    let body = serde_json::json!({
        "title": "Halverwege", "body": "Ik vertel verder. ".repeat(2000),
        "themes": ["school"], "recorded_on": "2026-03-01",
    })
    .to_string();
    let addr = app.address.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&addr).expect("connect");
    let head = format!(
        "POST /api/v1/participants/{}/stories HTTP/1.1\r\nHost: {addr}\r\n\
         Authorization: Bearer {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        line.participant.id,
        line.worker.token,
        body.len()
    );
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(first))
        .expect("send");
    thread::sleep(Duration::from_millis(200));

    // Act: SIGTERM, and the rest of the body well after the server began shutting down
    app.send_sigterm();
    thread::sleep(Duration::from_millis(1500));
    stream.write_all(rest).expect("send the rest");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read the answer");

    // Assert: the request was served, then the process exited cleanly
    assert!(
        answer.starts_with("HTTP/1.1 201"),
        "in-flight request cut off: {answer:.80}"
    );
    let status = app.terminate();
    assert!(
        status.is_some_and(|s| s.success()),
        "exit status {status:?}"
    );
}
