//! One-time links: an invitation to create an account, and a password reset issued by an
//! administrator. A link carries a random secret; only its SHA-256 is stored. It works once, until it
//! expires, and an unknown, used or expired link all get the same answer.

use crate::access::{Grant, GrantInput};
use crate::audit::{self, Action, Actor, Change};
use crate::gate::require_admin;
use crate::roles::{self, GrantRecord, Holder};
use crate::sql::Tx;
use crate::text::{is_email, is_phone};
use crate::users;
use crate::Context;
use crate::FieldErrors;
use crate::{on_pool, Arg, Db, StoreError, StoreResult};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::OsRng;
use rand::RngCore;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How long an invitation stays open.
pub const INVITATION_DAYS: i64 = 7;
/// How long a password reset link stays open.
pub const RESET_HOURS: i64 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Invitation,
    Reset,
}

impl LinkKind {
    fn as_str(self) -> &'static str {
        match self {
            LinkKind::Invitation => "invitation",
            LinkKind::Reset => "reset",
        }
    }
}

/// An open or used link, as administrators see it (never the secret).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Invitation {
    pub id: i64,
    /// `invitation` or `reset`.
    pub kind: String,
    pub contact: String,
    pub display_name: String,
    pub user_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    /// The role the invited person receives on accepting.
    #[sqlx(skip)]
    pub grants: Vec<GrantRecord>,
}

fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// What a new link is for.
struct NewLink<'a> {
    kind: LinkKind,
    contact: &'a str,
    display_name: &'a str,
    /// The account a reset is for.
    user_id: Option<i64>,
    expires_at: DateTime<Utc>,
    /// The role an invitation carries.
    grant: Option<Grant>,
}

async fn issue(
    db: &Db,
    link: NewLink<'_>,
    by: &Actor,
    now: DateTime<Utc>,
) -> StoreResult<(Invitation, String)> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    let sql = "INSERT INTO invitations (kind, token_hash, contact, display_name, user_id, invited_by, created_at, expires_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let args = [
        Arg::Text(link.kind.as_str().into()),
        Arg::Text(secret_hash(&secret)),
        Arg::Text(link.contact.to_owned()),
        Arg::Text(link.display_name.to_owned()),
        Arg::OptI64(link.user_id),
        Arg::OptI64(by.user_id),
        Arg::Time(now),
        Arg::Time(link.expires_at),
    ];
    let mut tx = Tx::begin(db).await?;
    let id = tx.insert_returning_id(sql, &args).await?;
    if let Some(grant) = &link.grant {
        roles::insert(&mut tx, grant, Holder::Invitation(id), by, now).await?;
    }
    let change = Change {
        action: Action::Create,
        entity: "invitation",
        entity_id: id.to_string(),
        organisation_id: None,
        before: None,
        after: Some(serde_json::json!({
            "kind": link.kind.as_str(),
            "contact": link.contact,
            "display_name": link.display_name,
            "user_id": link.user_id,
            "expires_at": link.expires_at,
        })),
    };
    audit::record(&mut tx, by, change, now).await?;
    tx.commit().await?;
    let invitation = get(db, id).await?;
    Ok((invitation, secret))
}

async fn get(db: &Db, id: i64) -> StoreResult<Invitation> {
    let sql = "SELECT id, kind, contact, display_name, user_id, created_at, expires_at, used_at FROM invitations WHERE id = $1";
    let invitation: Invitation =
        on_pool!(db, |pool| sqlx::query_as(sql).bind(id).fetch_optional(pool).await)?
            .ok_or(StoreError::NotFound)?;
    with_grants(db, invitation).await
}

async fn with_grants(db: &Db, mut invitation: Invitation) -> StoreResult<Invitation> {
    invitation.grants = roles::of_invitation(db, invitation.id).await?;
    Ok(invitation)
}

/// Invites someone, reached at an e-mail address or a phone number, to create an account, with
/// the role they will hold. Administrators may invite without a role; anyone else invites to a
/// role they may grant.
pub async fn invite(
    cx: &Context,
    contact: &str,
    display_name: &str,
    role: &GrantInput,
) -> StoreResult<(Invitation, String)> {
    let (db, by, now) = (&cx.db, &cx.actor, cx.now);
    if !by.access.grants_anything() {
        return Err(StoreError::NotFound);
    }
    let contact = contact.trim();
    let mut errors = FieldErrors::new();
    let grant = if role.role.trim().is_empty() {
        if !by.access.admin {
            errors.add("role", "required");
        }
        None
    } else {
        match roles::checked_grant(db, by, role).await {
            Ok(grant) => Some(grant),
            Err(StoreError::Validation(e)) => {
                errors.extend(e);
                None
            }
            Err(other) => return Err(other),
        }
    };
    if contact.is_empty() {
        errors.add("contact", "required");
    } else if !is_email(contact) && !is_phone(contact) {
        errors.add("contact", "invalid_contact");
    }
    if display_name.trim().chars().count() > 120 {
        errors.add_with("display_name", "too_long", vec![("max", "120".into())]);
    }
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    let link = NewLink {
        kind: LinkKind::Invitation,
        contact,
        display_name: display_name.trim(),
        user_id: None,
        expires_at: now + Duration::days(INVITATION_DAYS),
        grant,
    };
    issue(db, link, by, now).await
}

/// A link with which the user sets a new password; an administrator passes it on.
pub async fn reset_link(cx: &Context, user_id: i64) -> StoreResult<(Invitation, String)> {
    let (db, by, now) = (&cx.db, &cx.actor, cx.now);
    require_admin(by)?;
    let user = users::get(db, user_id).await?;
    let link = NewLink {
        kind: LinkKind::Reset,
        contact: &user.username,
        display_name: &user.display_name,
        user_id: Some(user.id),
        expires_at: now + Duration::hours(RESET_HOURS),
        grant: None,
    };
    issue(db, link, by, now).await
}

/// The open link with this secret: not used, not expired.
pub async fn open(db: &Db, secret: &str, now: DateTime<Utc>) -> StoreResult<Option<Invitation>> {
    let sql =
        "SELECT id, kind, contact, display_name, user_id, created_at, expires_at, used_at FROM invitations \
               WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(secret_hash(secret))
        .bind(now)
        .fetch_optional(pool)
        .await)?)
}

/// Uses a link and signs in: creates the invited account, or sets the reset password (closing the
/// account's sessions and revoking its tokens), then opens a session for it; returns the account
/// and the session's token. The link is spent in the same transaction, so it works once. On the
/// audit trail as the link's `accept`, by the account.
pub async fn accept(
    cx: &Context,
    secret: &str,
    username: &str,
    display_name: &str,
    password: &str,
) -> StoreResult<(i64, String)> {
    let now = cx.now;
    let link = open(&cx.db, secret, now).await?.ok_or(StoreError::NotFound)?;
    let mut tx = Tx::begin(&cx.db).await?;
    let spent = tx
        .execute(
            "UPDATE invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL",
            &[Arg::Time(now), Arg::I64(link.id)],
        )
        .await?;
    if spent == 0 {
        return Err(StoreError::NotFound);
    }
    let user_id = match link.user_id {
        Some(user_id) => {
            users::set_password_in(&mut tx, user_id, "password", password, now).await?;
            user_id
        }
        None => {
            // The name the administrator gave stands unless the person gave another.
            let name = if display_name.trim().is_empty() {
                link.display_name.as_str()
            } else {
                display_name
            };
            let user_id = users::create_in(&mut tx, username, name, password, false, now).await?;
            tx.execute(
                "UPDATE role_grants SET user_id = $1 WHERE invitation_id = $2",
                &[Arg::I64(user_id), Arg::I64(link.id)],
            )
            .await?;
            user_id
        }
    };
    let token = users::open_session_in(&mut tx, user_id, now).await?;
    let (account,): (String,) = tx
        .fetch_optional("SELECT username FROM users WHERE id = $1", &[Arg::I64(user_id)])
        .await?
        .ok_or(StoreError::NotFound)?;
    let change = Change {
        action: Action::Accept,
        entity: "invitation",
        entity_id: link.id.to_string(),
        organisation_id: None,
        before: None,
        after: Some(serde_json::json!({"kind": link.kind, "user_id": user_id, "username": account})),
    };
    audit::record(
        &mut tx,
        &Actor::account(user_id, &account, &cx.actor),
        change,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((user_id, token))
}

/// Links not yet used, newest first: all of them for an administrator, one's own for anyone else.
pub async fn list_open(db: &Db, actor: &Actor, now: DateTime<Utc>) -> StoreResult<Vec<Invitation>> {
    let sql =
        "SELECT id, kind, contact, display_name, user_id, created_at, expires_at, used_at FROM invitations \
               WHERE used_at IS NULL AND expires_at > $1 AND ($2 OR invited_by = $3) ORDER BY created_at DESC, id DESC";
    let open: Vec<Invitation> = on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(now)
        .bind(actor.access.admin)
        .bind(actor.user_id.unwrap_or(0))
        .fetch_all(pool)
        .await)?;
    let mut listed = Vec::with_capacity(open.len());
    for invitation in open {
        listed.push(with_grants(db, invitation).await?);
    }
    Ok(listed)
}
