//! Integration tests: each starts the real `storyvault` binary on a free port with a fresh data
//! directory and talks to it over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod access_matrix;
mod accounts;
mod bad_input;
mod canary;
mod consent;
mod excerpts;
mod feed;
mod health;
mod helpers;
mod invites;
mod keys;
mod life_of_a_story;
mod me;
mod openapi;
mod participants;
mod sessions;
mod stories;
mod tamper;
mod visibility_model;
