//! An unknown username and a wrong password must take the same time, or timing tells whether an
//! account exists. Measured as the median of 200 logins of each kind, interleaved (so a busy
//! machine slows both alike), on a service whose limits allow that many attempts.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::helpers::TestApp;

fn policies_with_generous_limits() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    for entry in std::fs::read_dir(&shipped).expect("policies") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let name = path.file_name().expect("name");
            std::fs::copy(&path, dir.path().join(name)).expect("copy policy");
        }
    }
    let rules = dir.path().join("rules.toml");
    let text = std::fs::read_to_string(&rules).expect("rules");
    let text = text.replace("max_failures = 10", "max_failures = 100000");
    assert!(text.contains("max_failures = 100000"));
    std::fs::write(&rules, text).expect("write rules");
    dir
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[test]
// Prints measured figures (no content), as the benchmarks do.
#[allow(clippy::disallowed_macros)]
fn unknown_user_and_wrong_password_take_the_same_time_within_ten_percent() {
    // Arrange
    let policies = policies_with_generous_limits();
    let dir = policies.path().to_str().expect("utf-8").to_owned();
    let app = TestApp::spawn_with_env(&[("STORYVAULT_POLICIES_DIR", &dir)]);
    let peer = app.create_account("peer");
    let timed = |username: &str| {
        let started = Instant::now();
        let response = app.post_session(username, "niet-het-wachtwoord-123");
        let took = started.elapsed();
        assert_eq!(response.status(), 401);
        took
    };
    for _ in 0..5 {
        timed("niemand-bekend");
        timed(&peer.username);
    }

    // Act
    let (mut unknown, mut wrong) = (Vec::new(), Vec::new());
    for i in 0..200 {
        if i % 2 == 0 {
            unknown.push(timed("niemand-bekend"));
            wrong.push(timed(&peer.username));
        } else {
            wrong.push(timed(&peer.username));
            unknown.push(timed("niemand-bekend"));
        }
    }

    // Assert
    let (unknown, wrong) = (median(unknown), median(wrong));
    println!("median login: unknown user {unknown:?}, wrong password {wrong:?}");
    let (low, high) = if unknown < wrong {
        (unknown, wrong)
    } else {
        (wrong, unknown)
    };
    assert!(
        high.as_secs_f64() <= low.as_secs_f64() * 1.10,
        "unknown user {unknown:?} vs wrong password {wrong:?}"
    );
}
