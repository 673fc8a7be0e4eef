//! People who sign in, and their sessions. Passwords are hashed with argon2id; session tokens are
//! random and stored only as their SHA-256, so a copy of the database opens no session.

use crate::error::is_unique_violation;
use crate::{on_pool, Db, StoreError, StoreResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use hoptac_domain::FieldErrors;
use rand::rngs::OsRng;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub is_admin: bool,
    pub created_at: DateTime<Utc>,
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// How long a session lasts from sign-in.
pub const SESSION_HOURS: i64 = 12;

fn hash_password(password: &str) -> StoreResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Hashing(e.to_string()))
}

/// Creates an account. The username is kept in lower case.
pub async fn create(
    db: &Db,
    username: &str,
    display_name: &str,
    password: &str,
    is_admin: bool,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let username = username.trim().to_lowercase();
    let mut errors = FieldErrors::new();
    if username.is_empty()
        || username.len() > 64
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c))
    {
        errors.add("username", "invalid_username");
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add_with(
            "password",
            "password_too_short",
            vec![("min", MIN_PASSWORD_CHARS.to_string())],
        );
    }
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    let hash = hash_password(password)?;
    let display_name = if display_name.trim().is_empty() {
        username.clone()
    } else {
        display_name.trim().to_owned()
    };
    let sql = "INSERT INTO users (username, display_name, password_hash, is_admin, created_at) \
               VALUES ($1, $2, $3, $4, $5) RETURNING id";
    let result: Result<i64, sqlx::Error> = on_pool!(db, |pool| {
        sqlx::query_scalar(sql)
            .bind(&username)
            .bind(&display_name)
            .bind(&hash)
            .bind(is_admin)
            .bind(now)
            .fetch_one(pool)
            .await
    });
    result.map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Conflict(FieldErrors::single("username", "username_taken"))
        } else {
            StoreError::Database(e)
        }
    })
}

/// The user with this username and password, or `None` for any mismatch, without saying which.
pub async fn authenticate(db: &Db, username: &str, password: &str) -> StoreResult<Option<User>> {
    let username = username.trim().to_lowercase();
    let sql = "SELECT id, password_hash FROM users WHERE username = $1";
    let row: Option<(i64, String)> = on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(&username)
        .fetch_optional(pool)
        .await)?;
    // Hash even for an unknown user so the answer takes as long either way.
    let stored = match &row {
        Some((_, hash)) => hash.clone(),
        None => dummy_hash().to_owned(),
    };
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false);
    match (row, ok) {
        (Some((id, _)), true) => Ok(Some(get(db, id).await?)),
        _ => Ok(None),
    }
}

pub async fn get(db: &Db, id: i64) -> StoreResult<User> {
    let sql = "SELECT id, username, display_name, is_admin, created_at FROM users WHERE id = $1";
    on_pool!(db, |pool| sqlx::query_as(sql).bind(id).fetch_optional(pool).await)?.ok_or(StoreError::NotFound)
}

pub async fn count(db: &Db) -> StoreResult<i64> {
    Ok(on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM users"
    )
    .fetch_one(pool)
    .await)?)
}

/// A hash that no password matches, verified against when the username is unknown.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("no account has this password").unwrap_or_default())
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Opens a session and returns its token, to be given to the browser once.
pub async fn open_session(db: &Db, user_id: i64, now: DateTime<Utc>) -> StoreResult<String> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let expires = now + Duration::hours(SESSION_HOURS);
    let sql = "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
    on_pool!(db, |pool| sqlx::query(sql)
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(now)
        .bind(expires)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(token)
}

/// The user of a live session.
pub async fn session_user(db: &Db, token: &str, now: DateTime<Utc>) -> StoreResult<Option<User>> {
    let sql = "SELECT u.id, u.username, u.display_name, u.is_admin, u.created_at FROM sessions s \
               JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(token_hash(token))
        .bind(now)
        .fetch_optional(pool)
        .await)?)
}

pub async fn close_session(db: &Db, token: &str) -> StoreResult<()> {
    on_pool!(db, |pool| sqlx::query(
        "DELETE FROM sessions WHERE token_hash = $1"
    )
    .bind(token_hash(token))
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
