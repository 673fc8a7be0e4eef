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
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
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

pub type StoreResult<T> = Result<T, StoreError>;

/// True when a database error is a violated unique constraint.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}
