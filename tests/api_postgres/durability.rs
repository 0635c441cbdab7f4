//! Start-up refuses a PostgreSQL database that could lose acknowledged writes.

use sqlx::{Connection, Executor, PgConnection};

use crate::helpers::TestApp;

#[test]
fn the_service_refuses_to_start_when_synchronous_commit_is_off() {
    // Arrange: the test database, switched to asynchronous commit
    let mut app = TestApp::spawn();
    app.stop();
    let url = app
        .env_value("STORYVAULT_DATABASE_URL")
        .expect("database url");
    let name = url.rsplit('/').next().expect("database name").to_owned();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    runtime.block_on(async {
        let mut db = PgConnection::connect(&url).await.expect("connect");
        let sql = format!("ALTER DATABASE {name} SET synchronous_commit = off");
        db.execute(sqlx::AssertSqlSafe(sql)).await.expect("alter");
        db.close().await.expect("close");
    });

    // Act
    let refused = app
        .start()
        .expect_err("serve must refuse asynchronous commit");

    // Assert
    assert!(!refused.status.success());
    assert!(
        refused
            .output
            .iter()
            .any(|line| line.contains("synchronous_commit")),
        "the refusal names the setting: {:?}",
        refused.output
    );
}
