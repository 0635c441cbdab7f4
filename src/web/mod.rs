//! Web pages for people: server-rendered HTML beside the JSON API, from the same service layer.

pub mod chart;
