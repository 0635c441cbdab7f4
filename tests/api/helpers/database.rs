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
