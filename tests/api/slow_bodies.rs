//! A body that never arrives in full must not hold a connection: the service answers 408 and
//! closes the connection within a bound (issue 7, defect 12). Raw TCP, since an HTTP client will
//! not send a body shorter than it declares.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::helpers::TestApp;

/// The service gives up on a body after 10 s; this leaves room for a loaded machine.
const BOUND: Duration = Duration::from_secs(15);

/// Sends `head` and `partial_body`, then nothing; returns what came back until the service
/// closed the connection, and how long that took.
fn send_and_stall(app: &TestApp, head: &str, partial_body: &str) -> (String, Duration) {
    let addr = app.address.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&addr).expect("connect");
    stream
        .set_read_timeout(Some(BOUND + Duration::from_secs(5)))
        .expect("read timeout");
    let started = Instant::now();
    stream.write_all(head.as_bytes()).expect("write head");
    stream
        .write_all(partial_body.as_bytes())
        .expect("write part of the body");
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(e) => panic!(
                "the connection was still open after {:?} ({e}); got so far: {}",
                started.elapsed(),
                String::from_utf8_lossy(&answer)
            ),
        }
    }
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_body_shorter_than_its_content_length_gets_408_and_a_closed_connection() {
    let app = TestApp::spawn();
    let head = "POST /api/v1/sessions HTTP/1.1\r\nHost: localhost\r\n\
                Content-Type: application/json\r\nContent-Length: 100\r\n\r\n";

    let (answer, took) = send_and_stall(&app, head, "{\"username");

    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(took < BOUND, "closed only after {took:?}");
}

#[test]
fn a_cut_short_chunked_body_gets_408_and_a_closed_connection() {
    let app = TestApp::spawn();
    let head = "POST /api/v1/sessions HTTP/1.1\r\nHost: localhost\r\n\
                Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

    let (answer, took) = send_and_stall(&app, head, "a\r\n{\"username\r\n");

    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < BOUND, "closed only after {took:?}");
}

#[test]
fn a_complete_body_after_a_pause_is_still_served() {
    // The bound is on the whole body, not on each pause: a slow but complete client is answered.
    let app = TestApp::spawn();
    let addr = app.address.trim_start_matches("http://").to_owned();
    let body = "{\"username\":\"niemand-hier\",\"password\":\"fout-wachtwoord-123\"}";
    let mut stream = TcpStream::connect(&addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    let head = format!(
        "POST /api/v1/sessions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("write head");
    stream.write_all(&body.as_bytes()[..10]).expect("write");
    std::thread::sleep(Duration::from_secs(2));
    stream.write_all(&body.as_bytes()[10..]).expect("write");

    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);

    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
}
