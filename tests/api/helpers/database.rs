//! Direct access to the stopped service's SQLite file, for tamper and erasure tests.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use uuid::Uuid;

use super::TestApp;

/// Runs `f` on a connection to the stopped service's SQLite file.
pub fn with_database<T>(app: &TestApp, f: impl AsyncFnOnce(&mut SqliteConnection) -> T) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let options = SqliteConnectOptions::new().filename(app.database_file());
        let mut connection = SqliteConnection::connect_with(&options)
            .await
            .expect("open database");
        let result = f(&mut connection).await;
        connection.close().await.expect("close database");
        result
    })
}

pub fn blob_id(id: &str) -> Vec<u8> {
    Uuid::parse_str(id).expect("uuid").as_bytes().to_vec()
}

/// Moves every stored consent expiry of an excerpt (both sides, and their copies in the feed
/// table) into the past, on whichever database the running service uses: a lapse without waiting
/// two years.
pub fn lapse_consents(app: &TestApp, excerpt_id: &str) {
    let id = Uuid::parse_str(excerpt_id).expect("uuid");
    let statements = [
        "UPDATE consents SET expires_at = 1 WHERE excerpt_id = $1",
        "UPDATE guardian_consents SET expires_at = 1 WHERE excerpt_id = $1",
        "UPDATE feed_items SET expires_at = 1, guardian_expires_at = \
         CASE WHEN guardian_expires_at IS NULL THEN NULL ELSE 1 END WHERE excerpt_id = $1",
    ];
    if let Some(url) = app.postgres_url() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
            for sql in statements {
                sqlx::query(sql)
                    .bind(id)
                    .execute(&mut c)
                    .await
                    .expect("lapse");
            }
        });
        return;
    }
    with_database(app, async |c| {
        for sql in statements {
            sqlx::query(sql)
                .bind(id.as_bytes().to_vec())
                .execute(&mut *c)
                .await
                .expect("lapse");
        }
    });
}
