//! The integration suite again, with the service on PostgreSQL: every test gets a fresh database
//! (see `helpers::TestDatabase`). The modules are the very files of `tests/api`; only those that
//! inspect SQLite files on disk (canary, tamper, erasure on disk) stay SQLite-only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

/// This binary runs the service on PostgreSQL.
const BACKEND: helpers::Backend = helpers::Backend::Postgres;

#[path = "../api/access_matrix/mod.rs"]
mod access_matrix;
#[path = "../api/accounts.rs"]
mod accounts;
#[path = "../api/backup.rs"]
mod backup;
#[path = "../api/backup_integrity.rs"]
mod backup_integrity;
#[path = "../api/bad_input.rs"]
mod bad_input;
#[path = "../api/consent.rs"]
mod consent;
mod durability;
#[path = "../api/excerpts.rs"]
mod excerpts;
#[path = "../api/feed.rs"]
mod feed;
#[path = "../api/health.rs"]
mod health;
// Some helpers serve only the SQLite-only modules (file inspection), which this binary leaves out.
#[allow(dead_code, unused_imports)]
#[path = "../api/helpers/mod.rs"]
mod helpers;
mod instances;
#[path = "../api/invites.rs"]
mod invites;
#[path = "../api/key_cache.rs"]
mod key_cache;
#[path = "../api/keys.rs"]
mod keys;
#[path = "../api/life_of_a_story.rs"]
mod life_of_a_story;
#[path = "../api/limits.rs"]
mod limits;
#[path = "../api/me.rs"]
mod me;
mod moving;
#[path = "../api/openapi.rs"]
mod openapi;
#[path = "../api/operations.rs"]
mod operations;
#[path = "../api/participants.rs"]
mod participants;
mod readiness;
#[path = "../api/recovery.rs"]
mod recovery;
#[path = "../api/reseal.rs"]
mod reseal;
#[path = "../api/restore_journal.rs"]
mod restore_journal;
#[path = "../api/rotation.rs"]
mod rotation;
#[path = "../api/second_factor.rs"]
mod second_factor;
#[path = "../api/sessions.rs"]
mod sessions;
#[path = "../api/stories.rs"]
mod stories;
mod tls;
#[path = "../api/visibility_model.rs"]
mod visibility_model;
