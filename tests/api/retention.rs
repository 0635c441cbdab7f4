//! Retention (`[retention]` in `policies/rules.toml`), through the real binary: time is made to
//! pass by moving stored timestamps back (SQLite, service stopped); then `storyvault retention
//! --now`, and the service's own scheduled task, remove what is past its time and nothing else.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::helpers::{PASSWORD, TestApp, blob_id, expect_status, id_of, version_of, with_database};

const DAY_MS: i64 = 86_400_000;

fn days_ago(days: i64) -> i64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    now.as_millis() as i64 - days * DAY_MS
}

/// Moves every timestamp of a participant `days` into the past.
fn age_participant(app: &TestApp, participant: &str, days: i64) {
    let at = days_ago(days);
    with_database(app, async |db| {
        for sql in [
            "UPDATE participants SET created_at = ?1 WHERE id = ?2",
            "UPDATE invites SET created_at = ?1 WHERE participant_id = ?2",
            "UPDATE participant_activity SET last_active_at = ?1 WHERE participant_id = ?2",
            "UPDATE stories SET created_at = ?1 WHERE participant_id = ?2",
            "UPDATE excerpts SET created_at = ?1, updated_at = ?1 WHERE participant_id = ?2",
        ] {
            sqlx::query(sql)
                .bind(at)
                .bind(blob_id(participant))
                .execute(&mut *db)
                .await
                .unwrap();
        }
    });
}

fn count(app: &TestApp, sql: &'static str, id: &str) -> i64 {
    with_database(app, async |db| {
        sqlx::query_scalar(sql)
            .bind(blob_id(id))
            .fetch_one(db)
            .await
            .unwrap()
    })
}

const PARTICIPANT: &str = "SELECT COUNT(*) FROM participants WHERE id = ?";

#[test]
fn retention_removes_what_is_past_its_time_and_keeps_the_rest() {
    // Arrange: an invite never redeemed, an inactive young person, and an active one with an
    // old access-log entry and an ended consent whose ledger is old.
    let mut app = TestApp::spawn();
    let worker = app.create_worker();
    let unredeemed = app.create_participant(&worker.token, &["Sanne"]);
    let inactive = app.storyline();
    let active = app.storyline();
    expect_status(
        app.get(
            &format!("/api/v1/stories/{}", active.story_id),
            &active.worker.token,
        ),
        200,
    );
    let ended = app.published_excerpt(&active, "Ik wachtte een jaar.", [false, false, true]);
    expect_status(
        app.put_consent(
            &active.youth.token,
            &id_of(&ended),
            version_of(&ended),
            [false, false, false],
        ),
        200,
    );
    app.stop();
    age_participant(&app, &unredeemed.id, 91);
    age_participant(&app, &inactive.participant.id, 1096);
    with_database(&app, async |db| {
        let old = |days| days_ago(days);
        sqlx::query("UPDATE access_log SET at = ? WHERE participant_id = ?")
            .bind(old(731))
            .bind(blob_id(&active.participant.id))
            .execute(&mut *db)
            .await
            .unwrap();
        // The ledger refuses updates by design; time passing is simulated around that guard.
        sqlx::query("DROP TRIGGER consent_ledger_append_only")
            .execute(&mut *db)
            .await
            .unwrap();
        sqlx::query("UPDATE consent_ledger SET at = ? WHERE excerpt_id = ?")
            .bind(old(1826))
            .bind(blob_id(&id_of(&ended)))
            .execute(&mut *db)
            .await
            .unwrap();
    });
    let ledger = "SELECT COUNT(*) FROM consent_ledger WHERE excerpt_id = ?";
    let access = "SELECT COUNT(*) FROM access_log WHERE participant_id = ?";
    assert!(count(&app, ledger, &id_of(&ended)) >= 2, "control: ledger");
    assert!(
        count(&app, access, &active.participant.id) >= 1,
        "control: log"
    );

    // Act
    let output = app.run_command(&["retention", "--now"]);

    // Assert: the two participants past their time are erased, with their keys; the active
    // one stays, without the old log and ledger entries. The output holds counts only.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("2 participants erased"), "{stderr}");
    for id in [
        &unredeemed.id,
        &inactive.participant.id,
        &active.participant.id,
    ] {
        assert!(!stderr.contains(id.as_str()), "ids in the output: {stderr}");
    }
    assert_eq!(count(&app, PARTICIPANT, &unredeemed.id), 0);
    assert_eq!(count(&app, PARTICIPANT, &inactive.participant.id), 0);
    assert_eq!(count(&app, PARTICIPANT, &active.participant.id), 1);
    assert_eq!(count(&app, access, &active.participant.id), 0);
    assert_eq!(count(&app, ledger, &id_of(&ended)), 0);
    app.start().expect("the service starts");
    assert_eq!(
        app.post_session(&inactive.youth.username, PASSWORD)
            .status(),
        401
    );
    let youth = app.login(&active.youth.username, PASSWORD);
    expect_status(
        app.get(&format!("/api/v1/stories/{}", active.story_id), &youth),
        200,
    );
}

#[test]
fn the_service_enforces_retention_on_its_own_schedule() {
    // Arrange: an unredeemed participant past their time, a fresh one, and a short period.
    let mut app = TestApp::spawn();
    let worker = app.create_worker();
    let old = app.create_participant(&worker.token, &["Sanne"]);
    let fresh = app.create_participant(&worker.token, &["Daan"]);
    app.stop();
    age_participant(&app, &old.id, 91);
    app.set_env("STORYVAULT_RETENTION_INTERVAL_SECS", "1");

    // Act
    app.start().expect("the service starts");

    // Assert
    let path = |id: &str| format!("/api/v1/participants/{id}/stories");
    let worker_token = app.login(&worker.username, PASSWORD);
    let deadline = Instant::now() + Duration::from_secs(15);
    while app.get(&path(&old.id), &worker_token).status() != 404 {
        assert!(Instant::now() < deadline, "the scheduled run never erased");
        std::thread::sleep(Duration::from_millis(200));
    }
    expect_status(app.get(&path(&fresh.id), &worker_token), 200);
    assert!(app.logs.contains("retention enforced"));
}
