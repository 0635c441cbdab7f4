//! Timing tests, in a binary of their own so that nothing else runs beside them: cargo runs test
//! binaries one after another, and a test of whether two logins take the same time measured
//! noise when five other tests' servers shared the two cores with it (the hashing thread runs at
//! a lower priority, so its share of the CPU swung with their load).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

/// This binary runs the service on its embedded SQLite database.
const BACKEND: helpers::Backend = helpers::Backend::Sqlite;

// Most helpers serve the main suite only.
#[allow(dead_code, unused_imports)]
#[path = "../api/helpers/mod.rs"]
mod helpers;
#[path = "../api/login_timing.rs"]
mod login_timing;
