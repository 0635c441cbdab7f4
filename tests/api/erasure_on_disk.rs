//! Erasure on disk (SQLite only): after `DELETE /me` and a clean stop, no file under the data
//! directory still holds the erased story's ciphertext (`secure_delete` overwrites freed pages).

use crate::helpers::{TestApp, blob_id, bytes_contain, expect_status, files_under, with_database};
use sqlx::Row;

#[test]
fn after_erasure_and_a_clean_stop_no_file_holds_the_sealed_story() {
    // Arrange: the sealed body as it lies on disk
    let mut app = TestApp::spawn();
    let line = app.storyline();
    app.stop();
    let sealed: Vec<u8> = with_database(&app, async |db| {
        sqlx::query("SELECT body_sealed FROM stories WHERE id = ?")
            .bind(blob_id(&line.story_id))
            .fetch_one(db)
            .await
            .expect("story row")
            .get(0)
    });
    let middle = sealed.len() / 2;
    let fragment = sealed[middle..middle + 32].to_vec();
    let holding = |app: &TestApp| {
        files_under(app.root_dir())
            .into_iter()
            .filter(|p| std::fs::read(p).is_ok_and(|b| bytes_contain(&b, &fragment)))
            .count()
    };
    assert!(
        holding(&app) > 0,
        "control: the sealed body is on disk before erasure"
    );
    app.start().expect("the service starts");

    // Act
    expect_status(app.delete("/api/v1/me", &line.youth.token), 204);
    app.stop();

    // Assert (secure_delete: erased rows are overwritten, not just unlinked)
    assert_eq!(
        holding(&app),
        0,
        "the erased story's ciphertext is still on disk"
    );
}

#[test]
fn right_after_erasure_the_running_service_keeps_no_wal_frame_or_page_of_the_sealed_story() {
    // Arrange: the sealed body as it lies on disk, and more writes so the WAL is in use.
    let mut app = TestApp::spawn();
    let line = app.storyline();
    app.stop();
    let sealed: Vec<u8> = with_database(&app, async |db| {
        sqlx::query("SELECT body_sealed FROM stories WHERE id = ?")
            .bind(blob_id(&line.story_id))
            .fetch_one(db)
            .await
            .expect("story row")
            .get(0)
    });
    let middle = sealed.len() / 2;
    let fragment = sealed[middle..middle + 32].to_vec();
    app.start().expect("the service starts");
    app.create_story(
        &line.worker.token,
        &line.participant.id,
        "Nog een",
        "Verhaal.",
    );
    let wal = app.data_dir().join("storyvault.db-wal");

    // Act: erase, and look while the service still runs (no clean stop to checkpoint for us).
    expect_status(app.delete("/api/v1/me", &line.youth.token), 204);

    // Assert: checkpointed and truncated; no file holds the ciphertext.
    let wal_size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal_size, 0, "the WAL was truncated after the erasure");
    let holding: Vec<_> = files_under(app.root_dir())
        .into_iter()
        .filter(|p| std::fs::read(p).is_ok_and(|b| bytes_contain(&b, &fragment)))
        .collect();
    assert!(holding.is_empty(), "still on disk in {holding:?}");
}

#[test]
fn a_database_file_from_before_an_erasure_is_erased_again_when_the_service_starts() {
    // Arrange: a copy of the database file (a snapshot), then the erasure.
    let mut app = TestApp::spawn();
    let line = app.storyline();
    app.stop();
    let snapshot = app.root_dir().join("snapshot.db");
    std::fs::copy(app.database_file(), &snapshot).unwrap();
    app.start().expect("the service starts");
    expect_status(app.delete("/api/v1/me", &line.youth.token), 204);
    app.stop();

    // Act: put the old file back (as restoring a disk snapshot would) and start.
    std::fs::copy(&snapshot, app.database_file()).unwrap();
    app.start().expect("the service starts on the old file");

    // Assert
    assert_eq!(
        app.post_session(&line.youth.username, crate::helpers::PASSWORD)
            .status(),
        401
    );
    app.stop();
    let rows: i64 = with_database(&app, async |db| {
        sqlx::query_scalar("SELECT COUNT(*) FROM participants WHERE id = ?")
            .bind(blob_id(&line.participant.id))
            .fetch_one(db)
            .await
            .expect("count")
    });
    assert_eq!(rows, 0, "the erased participant and their key came back");
}
