//! Path ids: a malformed id names nothing, so it is a 404 like any other id the caller cannot see.

use std::str::FromStr;

use crate::error::AppError;

pub fn parse_id<T: FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}
