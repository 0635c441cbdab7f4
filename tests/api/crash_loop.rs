//! Crash loop (SQLite): the real binary is killed with SIGKILL again and again while a worker
//! keeps writing stories. Every story whose 201 arrived is in the database afterwards, and the
//! database passes `PRAGMA integrity_check`.
//!
//! Cycles: 100 as issue 7 asks when `CRASH_LOOP_CYCLES=100` is set (CI). By default 20: a cycle
//! is dominated by the binary's start (policies, anonymiser lexicon, the dummy Argon2 hash), and
//! on the shared 2-core machine under load 100 cycles took 270 s; 20 keep the suite's run time
//! bounded while still killing mid-write many times. Each cycle waits for a first acknowledged
//! write, so every kill lands while writes are in flight.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::helpers::{TestApp, id_of, with_database};

const DEFAULT_CYCLES: usize = 20;

fn cycles() -> usize {
    std::env::var("CRASH_LOOP_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CYCLES)
}

/// Writes stories until `stop` or the service stops answering; returns the ids acknowledged.
fn write_until_killed(
    app: &TestApp,
    worker: &str,
    participant: &str,
    stop: &AtomicBool,
    first: &AtomicBool,
) -> Vec<String> {
    let mut acknowledged = Vec::new();
    let body = serde_json::json!({
        "title": "Tijdens de crash", "body": "Een verhaal dat er na de crash nog moet zijn.",
        "themes": ["pleegzorg"], "recorded_on": "2026-03-14",
    });
    let path = format!("/api/v1/participants/{participant}/stories");
    while !stop.load(Ordering::SeqCst) {
        match app
            .client
            .post(app.url(&path))
            .bearer_auth(worker)
            .json(&body)
            .send()
        {
            Ok(response) if response.status() == 201 => {
                let story: serde_json::Value = response.json().expect("the 201 has a body");
                acknowledged.push(id_of(&story));
                first.store(true, Ordering::SeqCst);
            }
            _ => break,
        }
    }
    acknowledged
}

fn integrity(app: &TestApp) -> String {
    with_database(app, async |db| {
        sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(db)
            .await
            .expect("integrity check")
    })
}

#[test]
fn every_acknowledged_write_survives_repeated_kill_9_and_the_database_stays_sound() {
    // Arrange
    let cycles = cycles();
    let mut app = TestApp::spawn();
    let line = app.storyline();
    let began = Instant::now();
    let mut acknowledged = BTreeSet::new();

    // Act: start, write, kill -9 at a varying moment, again and again.
    for cycle in 0..cycles {
        if cycle > 0 {
            app.start().expect("the service starts after a crash");
        }
        let (stop, first) = (AtomicBool::new(false), AtomicBool::new(false));
        let written = std::thread::scope(|scope| {
            let writer = scope.spawn(|| {
                write_until_killed(
                    &app,
                    &line.worker.token,
                    &line.participant.id,
                    &stop,
                    &first,
                )
            });
            let deadline = Instant::now() + Duration::from_secs(20);
            while !first.load(Ordering::SeqCst) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(2));
            }
            std::thread::sleep(Duration::from_millis((cycle as u64 * 7) % 40));
            app.send_sigkill();
            stop.store(true, Ordering::SeqCst);
            writer.join().expect("writer")
        });
        app.kill();
        acknowledged.extend(written);
        if cycle % 25 == 24 {
            assert_eq!(integrity(&app), "ok", "after cycle {cycle}");
        }
    }

    // Assert
    assert!(acknowledged.len() >= cycles, "writes were in flight");
    assert_eq!(integrity(&app), "ok");
    let present: BTreeSet<String> = with_database(&app, async |db| {
        let rows: Vec<Vec<u8>> = sqlx::query_scalar("SELECT id FROM stories")
            .fetch_all(db)
            .await
            .expect("stories");
        rows.into_iter()
            .map(|b| uuid::Uuid::from_slice(&b).expect("uuid").to_string())
            .collect()
    });
    let lost: Vec<_> = acknowledged.difference(&present).collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    eprintln!(
        "crash loop: {cycles} cycles, {} acknowledged writes, {:.1} s",
        acknowledged.len(),
        began.elapsed().as_secs_f64()
    );
}
