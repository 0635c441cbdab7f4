//! The connection to PostgreSQL can be encrypted: with `sslmode=require` in the URL every
//! connection of the service uses TLS (checked on the server side, in `pg_stat_ssl`).

use sqlx::{Connection, PgConnection, Row};

use crate::helpers::{TestApp, expect_status};

#[test]
fn with_sslmode_require_the_service_talks_to_postgresql_over_tls() {
    // Arrange
    let mut app = TestApp::spawn();
    app.stop();
    let url = app
        .env_value("STORYVAULT_DATABASE_URL")
        .expect("database url");
    let name = url.rsplit('/').next().expect("database name").to_owned();
    app.set_env("STORYVAULT_DATABASE_URL", &format!("{url}?sslmode=require"));

    // Act
    app.start().expect("serve starts over TLS");
    expect_status(
        app.get("/api/v1/participants", &app.create_worker().token),
        200,
    );

    // Assert: every server connection to this database is encrypted
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    let (total, encrypted): (i64, i64) = runtime.block_on(async {
        let mut db = PgConnection::connect(&url).await.expect("connect");
        let row = sqlx::query(
            "SELECT count(*), count(*) FILTER (WHERE s.ssl) FROM pg_stat_activity a \
             JOIN pg_stat_ssl s ON s.pid = a.pid WHERE a.datname = $1 AND a.pid <> pg_backend_pid()",
        )
        .bind(&name)
        .fetch_one(&mut db)
        .await
        .expect("query");
        (row.get(0), row.get(1))
    });
    assert!(total > 0, "the service holds no connection to its database");
    assert_eq!(total, encrypted, "some connections are not encrypted");
}
