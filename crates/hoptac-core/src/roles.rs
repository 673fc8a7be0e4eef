//! Granting and revoking roles. Administrators grant any role; an alliance officer grants commune
//! officers, managers and buyers inside their province; a commune officer grants managers and
//! buyers of organisations in their communes (the rule is [`Access::may_grant`]). A grant is made
//! to an account, or travels with an invitation until the invited person accepts. Both grants and
//! revocations go into the audit trail.
//!
//! [`Access::may_grant`]: crate::access::Access::may_grant

use crate::access::{Grant, GrantInput, Permission, Place, Role, Scope, ScopeRef};
use crate::admin::Era;
use crate::admin_units;
use crate::audit::{self, Action, Actor, Change};
use crate::gate::{self, ScopeColumns, SCOPE_COLUMNS};
use crate::org::OrgKind;
use crate::sql::{insert_sql, Tx};
use crate::Context;
use crate::FieldErrors;
use crate::{on_pool, Arg, BoxFuture, Db, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

/// A grant as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GrantRecord {
    pub id: i64,
    /// The holder; `None` while the grant waits on an invitation.
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub invitation_id: Option<i64>,
    pub role: Role,
    /// `{"kind": "province", "id": "19"}`, `{"kind": "country"}`, `{"kind": "commune", "id": 7}`,
    /// `{"kind": "organisation", "id": 12}`, `{"kind": "round", "id": 3}`.
    #[schema(value_type = Object)]
    pub scope: Scope,
    /// The scope's name: the province, the commune and its province, or the organisation; empty
    /// for the whole country.
    pub scope_name: String,
    /// For a commune scope, the commune's code and era.
    pub commune_code: Option<String>,
    pub commune_era: Option<String>,
    pub granted_at: DateTime<Utc>,
    pub granted_by: Option<String>,
    /// Where the scope lies, for deciding who may revoke the grant.
    #[serde(skip)]
    pub place: Place,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: i64,
    user_id: Option<i64>,
    username: Option<String>,
    display_name: Option<String>,
    invitation_id: Option<i64>,
    #[sqlx(flatten)]
    scope: ScopeColumns,
    province_name: Option<String>,
    commune_name: Option<String>,
    commune_code: Option<String>,
    commune_era: Option<String>,
    commune_province_name: Option<String>,
    organisation_name: Option<String>,
    organisation_commune_id: Option<i64>,
    /// The 2025 province of the scope's commune or organisation.
    scope_province_code: Option<String>,
    granted_at: DateTime<Utc>,
    granted_by: Option<String>,
}

impl GrantRow {
    fn record(self) -> Option<GrantRecord> {
        let Grant { role, scope } = self.scope.grant()?;
        let scope_name = match &scope {
            Scope::Country => String::new(),
            // Named by the area that keeps rounds (see `RoundPlaces`).
            Scope::Round(_) => String::new(),
            Scope::Province(_) => self.province_name.unwrap_or_default(),
            Scope::Commune(_) => format!(
                "{}, {}",
                self.commune_name.unwrap_or_default(),
                self.commune_province_name.unwrap_or_default()
            ),
            Scope::Organisation(_) => self.organisation_name.unwrap_or_default(),
        };
        let place = Place {
            organisation_id: self.scope.organisation_id,
            commune_id: self.scope.commune_id.or(self.organisation_commune_id),
            current_commune_id: None,
            province_code: self
                .scope_province_code
                .or(self.scope.province_code.clone())
                .unwrap_or_default(),
            round_id: self.scope.round_id,
        };
        Some(GrantRecord {
            id: self.id,
            user_id: self.user_id,
            username: self.username,
            display_name: self.display_name,
            invitation_id: self.invitation_id,
            role,
            scope,
            scope_name,
            commune_code: self.commune_code,
            commune_era: self.commune_era,
            granted_at: self.granted_at,
            granted_by: self.granted_by,
            place,
        })
    }
}

fn select_grants(condition: &str) -> String {
    let scope_columns = SCOPE_COLUMNS
        .split(", ")
        .map(|c| format!("g.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT g.id, g.user_id, u.username, u.display_name, g.invitation_id, {scope_columns}, \
         p.name AS province_name, c.name AS commune_name, c.code AS commune_code, c.era AS commune_era, cp.name AS commune_province_name, \
         o.name AS organisation_name, o.commune_id AS organisation_commune_id, \
         COALESCE(o.province_code, cp.successor_code, cp.code) AS scope_province_code, \
         g.granted_at, b.username AS granted_by \
         FROM role_grants g \
         LEFT JOIN users u ON u.id = g.user_id \
         LEFT JOIN users b ON b.id = g.granted_by \
         LEFT JOIN provinces p ON p.era = '2025' AND p.code = g.province_code \
         LEFT JOIN communes c ON c.id = g.commune_id \
         LEFT JOIN provinces cp ON cp.era = c.era AND cp.code = c.province_code \
         LEFT JOIN organisations o ON o.id = g.organisation_id \
         WHERE g.revoked_at IS NULL AND {condition} ORDER BY g.granted_at, g.id"
    )
}

async fn records(db: &Db, condition: &str, id: i64) -> StoreResult<Vec<GrantRecord>> {
    let sql = select_grants(condition);
    let rows: Vec<GrantRow> = on_pool!(db, |pool| sqlx::query_as(&sql).bind(id).fetch_all(pool).await)?;
    let mut records: Vec<GrantRecord> = rows.into_iter().filter_map(GrantRow::record).collect();
    let rounds: Vec<i64> = records.iter().filter_map(|r| r.place.round_id).collect();
    if rounds.is_empty() {
        return Ok(records);
    }
    let places = match *db
        .kept::<RoundPlacesOf>()
        .0
        .read()
        .unwrap_or_else(PoisonError::into_inner)
    {
        Some(places) => places,
        None => return Ok(records),
    };
    let found = places(db, &rounds).await?;
    for record in &mut records {
        if let Some((name, province_code)) = record.place.round_id.and_then(|id| found.get(&id)) {
            record.scope_name = name.clone();
            record.place.province_code = province_code.clone();
        }
    }
    Ok(records)
}

/// Per evaluation round among the ids asked, its name and its 2025 province code, as the area
/// that keeps rounds (OCOP) tells them: the core grants council seats by round but keeps no rounds.
pub type RoundPlaces =
    for<'a> fn(&'a Db, &'a [i64]) -> BoxFuture<'a, StoreResult<HashMap<i64, (String, String)>>>;

#[derive(Default)]
struct RoundPlacesOf(RwLock<Option<RoundPlaces>>);

/// Makes `places` name the rounds of the council grants listed from `db`.
pub fn register_round_places(db: &Db, places: RoundPlaces) {
    *db.kept::<RoundPlacesOf>()
        .0
        .write()
        .unwrap_or_else(PoisonError::into_inner) = Some(places);
}

/// One grant held now (or waiting on an invitation).
pub async fn get(db: &Db, grant_id: i64) -> StoreResult<GrantRecord> {
    records(db, "g.id = $1", grant_id)
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound)
}

/// The roles held now that the actor may revoke: all of them for an administrator, those inside
/// an officer's scope for an officer, none for anyone else.
pub async fn manageable(db: &Db, actor: &Actor) -> StoreResult<Vec<GrantRecord>> {
    if !actor.access.grants_anything() {
        return Ok(Vec::new());
    }
    // Grants are few (one per person and place), so the rule is applied to each here rather
    // than rewritten as SQL.
    let all = records(db, "g.id > $1", 0).await?;
    Ok(all
        .into_iter()
        .filter(|g| actor.access.may_grant(g.role, &g.place))
        .collect())
}

/// The roles an account holds now.
pub async fn of_user(db: &Db, user_id: i64) -> StoreResult<Vec<GrantRecord>> {
    records(db, "g.user_id = $1", user_id).await
}

/// The council of an evaluation round.
pub async fn of_round(db: &Db, round_id: i64) -> StoreResult<Vec<GrantRecord>> {
    records(db, "g.round_id = $1", round_id).await
}

/// The role an invitation carries, if any.
pub async fn of_invitation(db: &Db, invitation_id: i64) -> StoreResult<Vec<GrantRecord>> {
    records(db, "g.invitation_id = $1", invitation_id).await
}

/// Who manages an organisation, accounts and pending invitations alike, for those who may read
/// its full record.
pub async fn of_organisation(db: &Db, actor: &Actor, organisation_id: i64) -> StoreResult<Vec<GrantRecord>> {
    gate::authorize(db, actor, Permission::ReadPrivate, organisation_id).await?;
    records(db, "g.organisation_id = $1", organisation_id).await
}

fn invalid(field: &str, code: &'static str, value: &str) -> StoreError {
    let mut e = FieldErrors::new();
    e.add_with(field, code, vec![("value", value.to_owned())]);
    StoreError::Validation(e)
}

/// Finds what a grant input refers to and checks that the actor may grant it there.
pub async fn checked_grant(db: &Db, actor: &Actor, input: &GrantInput) -> StoreResult<Grant> {
    let mut input = input.clone();
    crate::org::settle_typed_organisation(db, "organisation_id", &mut input.organisation_id).await?;
    let (role, scope) = input.validate()?;
    let (scope, place) = match scope {
        ScopeRef::Country => (Scope::Country, Place::default()),
        ScopeRef::Province(code) => {
            if admin_units::province(db, Era::Y2025, &code).await?.is_none() {
                return Err(invalid("province", "invalid_choice", &code));
            }
            let place = Place {
                province_code: code.clone(),
                ..Place::default()
            };
            (Scope::Province(code), place)
        }
        ScopeRef::Commune {
            reference,
            province_hint,
        } => {
            let commune = admin_units::resolve(db, &reference, province_hint.as_deref(), "commune").await?;
            (Scope::Commune(commune.id), gate::place_in(&commune, None))
        }
        ScopeRef::Organisation(id) => {
            let place = match gate::place_of(db, id).await {
                Err(StoreError::NotFound) => {
                    return Err(invalid(
                        "organisation_id",
                        "unknown_organisation",
                        &id.to_string(),
                    ))
                }
                other => other?,
            };
            if role == Role::Buyer && kind_of(db, id).await? != Some(OrgKind::Enterprise) {
                return Err(invalid(
                    "organisation_id",
                    "buyer_not_enterprise",
                    &id.to_string(),
                ));
            }
            (Scope::Organisation(id), place)
        }
    };
    if !actor.access.may_grant(role, &place) {
        return Err(invalid("role", "not_grantable", role.as_str()));
    }
    Ok(Grant { role, scope })
}

async fn kind_of(db: &Db, organisation_id: i64) -> StoreResult<Option<OrgKind>> {
    let kind: Option<String> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT kind FROM organisations WHERE id = $1"
    )
    .bind(organisation_id)
    .fetch_optional(pool)
    .await)?;
    Ok(kind.as_deref().and_then(OrgKind::parse))
}

/// Who holds a grant: an account, or an invitation not yet accepted.
#[derive(Debug, Clone, Copy)]
pub enum Holder {
    Account(i64),
    Invitation(i64),
}

/// Writes a grant and its line in the trail inside the caller's transaction.
pub async fn insert(
    tx: &mut Tx<'_>,
    grant: &Grant,
    holder: Holder,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let columns = ScopeColumns::of(grant);
    let (user_id, invitation_id) = match holder {
        Holder::Account(id) => (Some(id), None),
        Holder::Invitation(id) => (None, Some(id)),
    };
    let names = [
        "user_id",
        "invitation_id",
        "role",
        "province_code",
        "commune_id",
        "organisation_id",
        "round_id",
        "granted_by",
        "granted_at",
    ];
    let args = [
        Arg::OptI64(user_id),
        Arg::OptI64(invitation_id),
        Arg::Text(columns.role),
        Arg::OptText(columns.province_code),
        Arg::OptI64(columns.commune_id),
        Arg::OptI64(columns.organisation_id),
        Arg::OptI64(columns.round_id),
        Arg::OptI64(actor.user_id),
        Arg::Time(now),
    ];
    let id = tx
        .insert_returning_id(&insert_sql("role_grants", &names), &args)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "role_grant",
        entity_id: id.to_string(),
        organisation_id: columns.organisation_id,
        before: None,
        after: Some(json!({
            "role": grant.role,
            "scope": grant.scope,
            "user_id": user_id,
            "invitation_id": invitation_id,
        })),
    };
    audit::record(tx, actor, change, now).await?;
    Ok(id)
}

/// A grant to an existing account, named by its username.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewGrant {
    pub username: String,
    #[serde(flatten)]
    pub grant: GrantInput,
}

/// Grants a role to an account. The holder has it from their next request.
pub async fn grant(cx: &Context, input: &NewGrant) -> StoreResult<i64> {
    let (db, actor, now) = (&cx.db, &cx.actor, cx.now);
    let username = input.username.trim().to_lowercase();
    let user_id: Option<i64> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM users WHERE username = $1"
    )
    .bind(&username)
    .fetch_optional(pool)
    .await)?;
    let grant = checked_grant(db, actor, &input.grant).await;
    let (user_id, grant) = match (user_id, grant) {
        (Some(id), Ok(grant)) => (id, grant),
        (None, other) => {
            // Report the unknown account together with anything wrong in the role.
            let mut errors = match other {
                Err(StoreError::Validation(e)) => e,
                Err(other) => return Err(other),
                Ok(_) => FieldErrors::new(),
            };
            errors.add_with("username", "unknown_account", vec![("value", username)]);
            return Err(StoreError::Validation(errors));
        }
        (Some(_), Err(e)) => return Err(e),
    };
    let mut tx = Tx::begin(db).await?;
    if holds(&mut tx, user_id, &grant).await? {
        return Err(StoreError::Conflict(FieldErrors::single(
            "role",
            "already_granted",
        )));
    }
    let id = insert(&mut tx, &grant, Holder::Account(user_id), actor, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Inside a write's transaction: whether the account holds the grant now. Holds the account's
/// row until the write commits, so two grants of the same role to the same person at once make one.
pub async fn holds(tx: &mut Tx<'_>, user_id: i64, grant: &Grant) -> StoreResult<bool> {
    tx.lock("users", user_id).await?;
    let held: Vec<ScopeColumns> = tx
        .fetch_all(
            &format!("SELECT {SCOPE_COLUMNS} FROM role_grants WHERE user_id = $1 AND revoked_at IS NULL"),
            &[Arg::I64(user_id)],
        )
        .await?;
    Ok(held.iter().filter_map(ScopeColumns::grant).any(|g| &g == grant))
}

/// Takes a role away. Whoever may grant the role there may revoke it; the holder loses it at
/// their next request.
pub async fn revoke(cx: &Context, grant_id: i64) -> StoreResult<()> {
    let (db, actor, now) = (&cx.db, &cx.actor, cx.now);
    let record = get(db, grant_id).await?;
    let place = &record.place;
    if !actor.access.may_grant(record.role, place) {
        // Someone who sees the organisation's managers learns they may not change them.
        return Err(if actor.access.allows(Permission::ReadPrivate, place) {
            StoreError::Forbidden
        } else {
            StoreError::NotFound
        });
    }
    let mut tx = Tx::begin(db).await?;
    // Two revocations at once: the second finds the grant revoked and changes nothing.
    let revoked = tx
        .execute(
            "UPDATE role_grants SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL",
            &[Arg::Time(now), Arg::OptI64(actor.user_id), Arg::I64(grant_id)],
        )
        .await?;
    if revoked == 0 {
        return Err(StoreError::NotFound);
    }
    let change = Change {
        action: Action::Delete,
        entity: "role_grant",
        entity_id: grant_id.to_string(),
        organisation_id: place.organisation_id,
        before: Some(json!({"role": record.role, "scope": record.scope, "user_id": record.user_id})),
        after: None,
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    Ok(())
}
