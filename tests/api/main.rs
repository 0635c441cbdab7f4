//! Integration tests: each starts the real `storyvault` binary on a free port with a fresh data
//! directory and talks to it over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

/// This binary runs the service on its embedded SQLite database.
const BACKEND: helpers::Backend = helpers::Backend::Sqlite;

mod access_matrix;
mod accounts;
mod backup;
mod backup_integrity;
mod bad_input;
mod canary;
mod consent;
mod crash_loop;
mod erasure_on_disk;
mod excerpts;
mod feed;
mod health;
// Some helpers serve only the PostgreSQL-only modules of tests/api_postgres (second instance).
#[allow(dead_code)]
mod helpers;
mod invites;
mod keys;
mod life_of_a_story;
mod me;
mod openapi;
mod operations;
mod participants;
mod restore_journal;
mod retention;
mod rotation;
mod sessions;
mod stories;
mod tamper;
mod visibility_model;
