//! What can go wrong in the store, sorted by what the caller should tell the user.

use crate::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input breaks a rule that needed the database to check (an unknown commune...).
    #[error("validation failed: {0}")]
    Validation(FieldErrors),
    /// The input clashes with a record that exists (a tax code in use...).
    #[error("conflict: {0}")]
    Conflict(FieldErrors),
    /// The record changed since the asker read it: their write would undo another's. `current` is
    /// the version it is at now.
    #[error("stale: the record is at version {current}")]
    Stale { current: i64 },
    /// Not there, or not within the asker's reach (the two are not told apart).
    #[error("not found")]
    NotFound,
    /// The asker may see the record but not do this to it.
    #[error("forbidden")]
    Forbidden,
    #[error("configuration: {0}")]
    Config(String),
    /// The database could not take the work now (another write held it longer than the busy
    /// timeout, no connection came free): worth trying again in a moment.
    #[error("database busy")]
    Busy,
    #[error("database: {0}")]
    Database(sqlx::Error),
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("reference data: {0}")]
    ReferenceData(String),
    #[error("password hashing: {0}")]
    Hashing(String),
}

impl From<FieldErrors> for StoreError {
    fn from(errors: FieldErrors) -> Self {
        StoreError::Validation(errors)
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if is_busy(&error) {
            StoreError::Busy
        } else {
            StoreError::Database(error)
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Refuses an edit made from `expected`, an older version than the record's `current` one
/// ([`StoreError::Stale`]); an edit that names no version is taken as made from the current one.
/// Call it inside the write's transaction, with the record held.
pub fn ensure_current(expected: Option<i64>, current: i64) -> StoreResult<()> {
    match expected {
        Some(version) if version != current => Err(StoreError::Stale { current }),
        _ => Ok(()),
    }
}

/// True when a database error means "not now" rather than "wrong": SQLite's busy and locked
/// (result codes 5 and 6, with their extended codes 261, 262, 517), PostgreSQL's lock timeout
/// (55P03), serialization failure (40001) and deadlock (40P01), or no connection free in the pool
/// in time.
pub fn is_busy(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => matches!(
            db.code().as_deref(),
            Some("5" | "6" | "261" | "262" | "517" | "55P03" | "40001" | "40P01")
        ),
        _ => false,
    }
}

/// True when a database error is a violated unique constraint.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_now_is_told_from_wrong() {
        assert!(matches!(
            StoreError::from(sqlx::Error::PoolTimedOut),
            StoreError::Busy
        ));
        assert!(matches!(
            StoreError::from(sqlx::Error::RowNotFound),
            StoreError::Database(_)
        ));
    }
}
