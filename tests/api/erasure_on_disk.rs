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
