//! storyvault: stories of young people in youth care, encrypted at rest, published only as anonymised
//! excerpts with explicit per-audience consent.
//!
//! Data flows one way: `http` → `service` → (`store`, `vault`, `anonymise`), with `domain` types
//! shared by all and `policies` loaded once at start.

pub mod anonymise;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod http;
pub mod policies;
pub mod rotation;
pub mod service;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod vault;
pub mod web;
