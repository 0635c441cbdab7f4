//! A fresh PostgreSQL database per test, for the suite's PostgreSQL run.
//!
//! The server is taken from `STORYVAULT_TEST_POSTGRES_URL` (default: the local server with trust
//! authentication, `postgres://postgres@127.0.0.1:5432/postgres`).

use sqlx::{Connection, Executor, PgConnection};

/// Which database a test binary runs the service on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn admin_url() -> String {
    std::env::var("STORYVAULT_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned())
}

fn run(sql: String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut admin = PgConnection::connect(&admin_url())
            .await
            .expect("connect to the test PostgreSQL server (STORYVAULT_TEST_POSTGRES_URL)");
        admin
            .execute(sqlx::AssertSqlSafe(sql))
            .await
            .expect("run admin statement");
        admin.close().await.expect("close admin connection");
    });
}

/// An empty database that is dropped with this value.
pub struct TestDatabase {
    name: String,
    pub url: String,
}

impl TestDatabase {
    pub fn create() -> TestDatabase {
        let name = format!("storyvault_test_{}", uuid::Uuid::new_v4().simple());
        run(format!("CREATE DATABASE {name}"));
        let base = admin_url();
        let server = base
            .rsplit_once('/')
            .map_or(base.as_str(), |(server, _)| server);
        TestDatabase {
            url: format!("{server}/{name}"),
            name,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        run(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}
