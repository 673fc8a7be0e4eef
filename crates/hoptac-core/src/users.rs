//! People who sign in, and their sessions. Passwords are hashed with argon2id; session tokens are
//! random and stored only as their SHA-256, so a copy of the database opens no session.

use crate::audit::{self, Action, Actor, Change};
use crate::error::is_unique_violation;
use crate::sql::Tx;
use crate::Context;
use crate::FieldErrors;
use crate::{on_pool, Arg, Db, StoreError, StoreResult};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
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
    let mut tx = Tx::begin(db).await?;
    let id = create_in(&mut tx, username, display_name, password, is_admin, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates an account inside a transaction the caller commits (accepting an invitation).
pub async fn create_in(
    tx: &mut Tx<'_>,
    username: &str,
    display_name: &str,
    password: &str,
    is_admin: bool,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let username = username.trim().to_lowercase();
    let mut errors = FieldErrors::new();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._-@".contains(c);
    if username.is_empty() || username.len() > 64 || !username.chars().all(allowed) {
        errors.add("username", "invalid_username");
    }
    check_new_password(&mut errors, "password", password);
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    let hash = hash_password(password)?;
    let display_name = match display_name.trim() {
        "" => username.clone(),
        name => name.to_owned(),
    };
    let sql = "INSERT INTO users (username, display_name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4, $5)";
    let args = [
        Arg::Text(username),
        Arg::Text(display_name),
        Arg::Text(hash),
        Arg::Bool(is_admin),
        Arg::Time(now),
    ];
    tx.insert_returning_id(sql, &args).await.map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Conflict(FieldErrors::single("username", "username_taken"))
        } else {
            StoreError::from(e)
        }
    })
}

/// Records `password_too_short` on `field` when a new password is too short.
fn check_new_password(errors: &mut FieldErrors, field: &str, password: &str) {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add_with(
            field,
            "password_too_short",
            vec![("min", MIN_PASSWORD_CHARS.to_string())],
        );
    }
}

/// Sets a password without asking for the old one (a reset link), closing every session and
/// revoking every API token: whoever held them held them with the lost password.
pub async fn set_password_in(
    tx: &mut Tx<'_>,
    user_id: i64,
    field: &str,
    password: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut errors = FieldErrors::new();
    check_new_password(&mut errors, field, password);
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    let hash = hash_password(password)?;
    tx.execute(
        "UPDATE users SET password_hash = $1 WHERE id = $2",
        &[Arg::Text(hash), Arg::I64(user_id)],
    )
    .await?;
    tx.execute("DELETE FROM sessions WHERE user_id = $1", &[Arg::I64(user_id)])
        .await?;
    revoke_all_tokens(tx, user_id, now).await?;
    Ok(())
}

/// Revokes every live token of the user; returns how many.
async fn revoke_all_tokens(tx: &mut Tx<'_>, user_id: i64, now: DateTime<Utc>) -> StoreResult<u64> {
    Ok(tx
        .execute(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            &[Arg::Time(now), Arg::I64(user_id)],
        )
        .await?)
}

/// The longest username kept on the trail for a failed sign-in: what was typed, cut.
const TYPED_USERNAME_MAX_CHARS: usize = 64;

/// Signs in: the account with this username and password, with a new session's token (given to
/// the browser once), or `None` for any mismatch. Either way the attempt is on the audit trail
/// (`sign_in` or `sign_in_failed` of an `account`, from the actor's address); a failure names the
/// account tried, by id when it exists, else by what was typed.
pub async fn sign_in(cx: &Context, username: &str, password: &str) -> StoreResult<Option<(User, String)>> {
    let typed: String = username
        .trim()
        .to_lowercase()
        .chars()
        .take(TYPED_USERNAME_MAX_CHARS)
        .collect();
    let user = authenticate(&cx.db, username, password).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let outcome = match user {
        Some(user) => {
            let token = open_session_in(&mut tx, user.id, cx.now).await?;
            let change = Change {
                action: Action::SignIn,
                entity: "account",
                entity_id: user.id.to_string(),
                organisation_id: None,
                before: None,
                after: None,
            };
            audit::record(
                &mut tx,
                &Actor::account(user.id, &user.username, &cx.actor),
                change,
                cx.now,
            )
            .await?;
            Some((user, token))
        }
        None => {
            let known: Option<(i64,)> = tx
                .fetch_optional(
                    "SELECT id FROM users WHERE username = $1",
                    &[Arg::Text(typed.clone())],
                )
                .await?;
            let change = Change {
                action: Action::SignInFailed,
                entity: "account",
                entity_id: known.map_or_else(|| typed.clone(), |(id,)| id.to_string()),
                organisation_id: None,
                before: None,
                after: None,
            };
            let actor = Actor {
                name: typed,
                ..cx.actor.clone()
            };
            audit::record(&mut tx, &actor, change, cx.now).await?;
            None
        }
    };
    tx.commit().await?;
    Ok(outcome)
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

/// The account of this name, if there is one.
pub async fn by_username(db: &Db, username: &str) -> StoreResult<Option<User>> {
    let sql = "SELECT id, username, display_name, is_admin, created_at FROM users WHERE username = $1";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(username)
        .fetch_optional(pool)
        .await)?)
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

/// Opens a session inside the caller's transaction and returns its token, to be given to the
/// browser once.
pub async fn open_session_in(tx: &mut Tx<'_>, user_id: i64, now: DateTime<Utc>) -> StoreResult<String> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let expires = now + Duration::hours(SESSION_HOURS);
    let sql = "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
    let args = [
        Arg::Text(token_hash(&token)),
        Arg::I64(user_id),
        Arg::Time(now),
        Arg::Time(expires),
    ];
    tx.execute(sql, &args).await?;
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

/// The signed-in account acting in `cx`, or not found for a visitor or the command line.
fn own_account(cx: &Context) -> StoreResult<i64> {
    cx.actor.user_id.ok_or(StoreError::NotFound)
}

/// The account's own password changed, given the current one. Every other session of the account
/// is closed (the one that asked, `keep_session`, stays open), and its API tokens are revoked
/// unless the person chooses to keep them (`keep_tokens`). On the audit trail as the account's
/// `password_change`, with how many sessions and tokens ended.
pub async fn change_password(
    cx: &Context,
    current: &str,
    new: &str,
    keep_session: Option<&str>,
    keep_tokens: bool,
) -> StoreResult<()> {
    let user = get(&cx.db, own_account(cx)?).await?;
    if authenticate(&cx.db, &user.username, current).await?.is_none() {
        return Err(StoreError::Validation(FieldErrors::single(
            "current_password",
            "wrong_password",
        )));
    }
    let mut errors = FieldErrors::new();
    check_new_password(&mut errors, "new_password", new);
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    let hash = hash_password(new)?;
    let kept = keep_session.map(token_hash).unwrap_or_default();
    let mut tx = Tx::begin(&cx.db).await?;
    tx.execute(
        "UPDATE users SET password_hash = $1 WHERE id = $2",
        &[Arg::Text(hash), Arg::I64(user.id)],
    )
    .await?;
    let sessions_closed = tx
        .execute(
            "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
            &[Arg::I64(user.id), Arg::Text(kept)],
        )
        .await?;
    let tokens_revoked = if keep_tokens {
        0
    } else {
        revoke_all_tokens(&mut tx, user.id, cx.now).await?
    };
    let change = Change {
        action: Action::PasswordChange,
        entity: "account",
        entity_id: user.id.to_string(),
        organisation_id: None,
        before: None,
        after: Some(serde_json::json!({
            "sessions_closed": sessions_closed,
            "tokens_revoked": tokens_revoked,
            "tokens_kept": keep_tokens,
        })),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// A personal API token as its owner sees it in a list (never the token itself).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Tokens start with this, so that a leaked one is recognisable in logs and code.
pub const TOKEN_PREFIX: &str = "hoptac_";

/// Creates a token of the signed-in account and returns it with the secret, which is shown to the
/// user once and not kept. On the audit trail with its name and prefix.
pub async fn create_token(cx: &Context, name: &str) -> StoreResult<(ApiToken, String)> {
    let (db, now, user_id) = (&cx.db, cx.now, own_account(cx)?);
    let name = crate::text::tidy(name);
    if name.is_empty() || name.chars().count() > 80 {
        let code = if name.is_empty() { "required" } else { "too_long" };
        let mut e = FieldErrors::new();
        e.add_with("token_name", code, vec![("max", "80".into())]);
        return Err(StoreError::Validation(e));
    }
    let mut bytes = [0u8; 24];
    OsRng.fill_bytes(&mut bytes);
    let secret = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
    let prefix: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
    let mut tx = Tx::begin(db).await?;
    let id = tx
        .insert_returning_id(
            "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[
                Arg::I64(user_id),
                Arg::Text(name.clone()),
                Arg::Text(token_hash(&secret)),
                Arg::Text(prefix.clone()),
                Arg::Time(now),
            ],
        )
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "api_token",
        entity_id: id.to_string(),
        organisation_id: None,
        before: None,
        after: Some(serde_json::json!({"name": name, "prefix": prefix})),
    };
    audit::record(&mut tx, &cx.actor, change, now).await?;
    tx.commit().await?;
    let token = tokens(db, user_id)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(StoreError::NotFound)?;
    Ok((token, secret))
}

/// The user's tokens, newest first, revoked ones included.
pub async fn tokens(db: &Db, user_id: i64) -> StoreResult<Vec<ApiToken>> {
    let sql = "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens \
               WHERE user_id = $1 ORDER BY created_at DESC, id DESC";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(user_id)
        .fetch_all(pool)
        .await)?)
}

/// Revokes one of the signed-in account's tokens; another account's token is not found, and so is
/// one already revoked. On the audit trail as the token's `revoke`.
pub async fn revoke_token(cx: &Context, token_id: i64) -> StoreResult<()> {
    let user_id = own_account(cx)?;
    let mut tx = Tx::begin(&cx.db).await?;
    let changed = tx
        .execute(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
            &[Arg::Time(cx.now), Arg::I64(token_id), Arg::I64(user_id)],
        )
        .await?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    let change = Change {
        action: Action::Revoke,
        entity: "api_token",
        entity_id: token_id.to_string(),
        organisation_id: None,
        before: None,
        after: None,
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// The user a live token belongs to; records when it was last used.
pub async fn token_user(db: &Db, secret: &str, now: DateTime<Utc>) -> StoreResult<Option<User>> {
    if !secret.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let hash = token_hash(secret);
    let sql = "SELECT u.id, u.username, u.display_name, u.is_admin, u.created_at, t.last_used_at FROM api_tokens t \
               JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL";
    let row: Option<TokenOwner> = on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(&hash)
        .fetch_optional(pool)
        .await)?;
    let Some(row) = row else { return Ok(None) };
    // "Last used" is shown by the day; writing it on every request would make each API read a write.
    if row.last_used_at.is_none_or(|t| now - t > Duration::minutes(10)) {
        let mut tx = Tx::begin(db).await?;
        tx.execute(
            "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2",
            &[Arg::Time(now), Arg::Text(hash)],
        )
        .await?;
        tx.commit().await?;
    }
    Ok(Some(row.user))
}

/// A token's user and when the token was last used.
#[derive(sqlx::FromRow)]
struct TokenOwner {
    #[sqlx(flatten)]
    user: User,
    last_used_at: Option<DateTime<Utc>>,
}

/// Every account, by username, for administrators.
pub async fn list(db: &Db, actor: &crate::audit::Actor) -> StoreResult<Vec<User>> {
    crate::gate::require_admin(actor)?;
    let sql = "SELECT id, username, display_name, is_admin, created_at FROM users ORDER BY username";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql).fetch_all(pool).await)?)
}
