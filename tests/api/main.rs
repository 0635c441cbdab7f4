//! Integration tests: each starts the real `storyvault` binary on a free port with a fresh data
//! directory and talks to it over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

/// This binary runs the service on its embedded SQLite database.
const BACKEND: helpers::Backend = helpers::Backend::Sqlite;

mod access_matrix;
mod access_policy;
mod accounts;
mod backup;
mod backup_integrity;
mod bad_input;
mod canary;
mod consent;
mod crash_loop;
mod docs;
mod erasure_on_disk;
mod exact_document;
mod excerpt_checks;
mod excerpts;
mod feed;
mod guardians;
mod hashing_load;
mod health;
// Some helpers serve only the PostgreSQL-only modules of tests/api_postgres (second instance).
#[allow(dead_code)]
mod helpers;
mod invites;
mod key_cache;
mod keys;
mod life_of_a_story;
mod limits;
mod me;
mod openapi;
mod operations;
mod overview;
mod participants;
mod receipts;
mod recovery;
mod reseal;
mod restore_journal;
mod retention;
mod rotation;
mod second_factor;
mod sessions;
mod slow_bodies;
mod standalone;
mod stories;
mod tamper;
mod visibility_model;
mod web_canary;
mod web_csrf;
mod web_guardian;
mod web_journey;
mod web_pages;
mod web_staff;
