//! The audit trail. Every write through the store records who made it, when, from which address,
//! and the record before and after, in the same transaction as the write: a change and its record
//! stand or fall together. The table refuses updates and deletes (see the migration), and nothing
//! in the application offers either.

use crate::access::{Access, Permission};
use crate::sql::{insert_sql, Tx};
use crate::{bind_args, on_pool, Arg, Conditions, Db, Page, Paging, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;

/// Who is reading or writing, with what they may do: the trail records the first three, the
/// gate ([`crate::gate`]) asks the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The signed-in account; `None` for a visitor and for the command line.
    pub user_id: Option<i64>,
    pub name: String,
    /// The client's address, when the request came over the network.
    pub address: Option<String>,
    pub access: Access,
}

impl Actor {
    /// The account itself acting, from where `by` acts: who signs in, or accepts an invitation.
    pub fn account(user_id: i64, username: &str, by: &Actor) -> Actor {
        Actor {
            user_id: Some(user_id),
            name: username.to_owned(),
            address: by.address.clone(),
            access: by.access.clone(),
        }
    }

    /// The operator at the command line, or the system itself: the machine's owner reaches
    /// everything, as they could through the database file.
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            name: name.to_owned(),
            address: None,
            access: Access::administrator(),
        }
    }

    /// A visitor who has not signed in.
    pub fn visitor(address: Option<String>) -> Actor {
        Actor {
            user_id: None,
            name: String::new(),
            address,
            access: Access::public(),
        }
    }
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
    /// A change of an organisation's status.
    Status,
    /// A sign-in with the right password (the session it opened).
    SignIn,
    /// A sign-in refused: wrong password or unknown account.
    SignInFailed,
    /// A password changed by its owner, or set through a reset link.
    PasswordChange,
    /// A token or link withdrawn before its end.
    Revoke,
    /// An invitation or reset link used.
    Accept,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Status => "status",
            Action::SignIn => "sign_in",
            Action::SignInFailed => "sign_in_failed",
            Action::PasswordChange => "password_change",
            Action::Revoke => "revoke",
            Action::Accept => "accept",
        }
    }
}

/// The kinds of record of the core on the trail; each area names its own (`Area::audited` of
/// `hoptac-web`). Account events (sign-ins, password changes) are the `account`'s.
pub const ENTITIES: [&str; 4] = ["role_grant", "account", "api_token", "invitation"];

/// One write about to be recorded.
pub struct Change {
    pub action: Action,
    /// The kind of record: one of [`ENTITIES`] or of an area's.
    pub entity: &'static str,
    pub entity_id: String,
    pub organisation_id: Option<i64>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The JSON of a record for the trail.
pub fn snapshot<T: Serialize>(value: &T) -> Option<Value> {
    serde_json::to_value(value).ok()
}

const COLUMNS: [&str; 10] = [
    "at",
    "user_id",
    "actor",
    "address",
    "action",
    "entity",
    "entity_id",
    "organisation_id",
    "before_json",
    "after_json",
];

/// Writes the change's record inside the caller's transaction.
pub async fn record(
    tx: &mut Tx<'_>,
    actor: &Actor,
    change: Change,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        &insert_sql("audit_events", &COLUMNS),
        &event_args(actor, change, now),
    )
    .await?;
    Ok(())
}

/// Writes many changes' records inside the caller's transaction, in a few statements: a bulk
/// write (an import's new records) is on the trail as each of its records would be.
pub async fn record_many(
    tx: &mut Tx<'_>,
    actor: &Actor,
    changes: Vec<Change>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<Arg>> = changes
        .into_iter()
        .map(|change| event_args(actor, change, now))
        .collect();
    tx.insert_many("audit_events", &COLUMNS, &rows).await
}

/// A change's record as the trail's columns hold it.
fn event_args(actor: &Actor, change: Change, now: DateTime<Utc>) -> Vec<Arg> {
    let json = |v: Option<Value>| Arg::OptText(v.map(|v| v.to_string()));
    vec![
        Arg::Time(now),
        Arg::OptI64(actor.user_id),
        Arg::Text(actor.name.clone()),
        Arg::OptText(actor.address.clone()),
        Arg::Text(change.action.as_str().into()),
        Arg::Text(change.entity.into()),
        Arg::Text(change.entity_id),
        Arg::OptI64(change.organisation_id),
        json(change.before),
        json(change.after),
    ]
}

/// A recorded write.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub actor: String,
    pub address: Option<String>,
    /// `create`, `update`, `delete` or `status`.
    pub action: String,
    /// The kind of record (`organisation`, `member`, `ocop_round`...), as the filter `entity`
    /// takes it.
    pub entity: String,
    pub entity_id: String,
    pub organisation_id: Option<i64>,
    #[serde(skip)]
    pub before_json: Option<String>,
    #[serde(skip)]
    pub after_json: Option<String>,
    /// The fields that changed, with their values before and after.
    #[sqlx(skip)]
    pub changes: Vec<FieldChange>,
}

/// One field's value before and after a write; `null` where the record did not exist.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FieldChange {
    pub field: String,
    #[schema(value_type = Object)]
    pub before: Value,
    #[schema(value_type = Object)]
    pub after: Value,
}

/// A record whose last write was its deletion, as the trail keeps it: what it was, and who removed
/// it when. What an undo puts back.
#[derive(Debug, Clone)]
pub struct Deletion {
    pub at: DateTime<Utc>,
    pub user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// The record as it was, as its area's snapshot wrote it.
    pub before: Value,
}

/// A record's last entry on the trail, as [`deleted`] reads it.
#[derive(sqlx::FromRow)]
struct LastEntry {
    at: DateTime<Utc>,
    user_id: Option<i64>,
    organisation_id: Option<i64>,
    action: String,
    before_json: Option<String>,
}

/// The deletion of the record `entity`/`entity_id`, when that is the last the trail holds of it:
/// `None` for a record that exists, was never deleted, or was put back since.
pub async fn deleted(db: &crate::Db, entity: &str, entity_id: &str) -> Result<Option<Deletion>, sqlx::Error> {
    let last: Option<LastEntry> = crate::on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT at, user_id, organisation_id, action, before_json FROM audit_events \
             WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(entity)
        .bind(entity_id)
        .fetch_optional(pool)
        .await
    })?;
    Ok(last.and_then(|last| {
        let before = serde_json::from_str(last.before_json.as_deref()?).ok()?;
        (last.action == Action::Delete.as_str()).then_some(Deletion {
            at: last.at,
            user_id: last.user_id,
            organisation_id: last.organisation_id,
            before,
        })
    }))
}

/// True when a write would change nothing the trail shows: an edit that is then neither written,
/// nor versioned, nor recorded, so that it cannot make someone else's next save stale.
pub fn unchanged<T: Serialize>(before: &T, after: &T) -> bool {
    diff(snapshot(before).as_ref(), snapshot(after).as_ref()).is_empty()
}

/// A field's value in a snapshot, `None` when not given: empty text and null both mean that.
pub fn given(value: Option<&Value>) -> Option<Value> {
    value
        .cloned()
        .filter(|v| !v.is_null() && v != &Value::String(String::new()))
}

/// The fields whose values differ between two snapshots, by field name. Empty text and null are
/// the same: both mean "not given".
pub fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let object = |v: Option<&Value>| v.and_then(Value::as_object).unwrap_or(&empty).clone();
    let (before, after) = (object(before), object(after));
    let mut fields: Vec<&String> = after.keys().chain(before.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter_map(|field| {
            let (b, a) = (given(before.get(field)), given(after.get(field)));
            (b != a).then(|| FieldChange {
                field: field.clone(),
                before: b.unwrap_or(Value::Null),
                after: a.unwrap_or(Value::Null),
            })
        })
        .collect()
}

impl AuditEvent {
    fn with_changes(mut self) -> AuditEvent {
        let parse = |text: &Option<String>| text.as_deref().and_then(|t| serde_json::from_str(t).ok());
        let (before, after): (Option<Value>, Option<Value>) =
            (parse(&self.before_json), parse(&self.after_json));
        self.changes = diff(before.as_ref(), after.as_ref());
        self
    }
}

/// What to look for in the trail. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// The actor's name, exactly.
    pub actor: Option<String>,
    pub organisation_id: Option<i64>,
    /// Words of an organisation's name, matched without diacritics ("htx che" finds the entries
    /// of "HTX Chè Ba Hàng"). Administrators only, as the whole trail is theirs.
    pub organisation_name: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// First and last day, inclusive, as days in Vietnam.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The trail, newest first. Administrators read all of it; others only the history of an
/// organisation whose full record they may read.
pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &AuditFilter,
    paging: Paging,
) -> StoreResult<Page<AuditEvent>> {
    match filter.organisation_id {
        _ if actor.access.admin => {}
        Some(id) => {
            crate::gate::authorize(db, actor, Permission::ReadPrivate, id).await?;
        }
        None => return Err(crate::StoreError::NotFound),
    }
    let mut c = Conditions::default();
    if let Some(actor) = &filter.actor {
        c.push("actor = ?", [Arg::Text(actor.trim().to_lowercase())]);
    }
    if let Some(id) = filter.organisation_id {
        c.push("organisation_id = ?", [Arg::I64(id)]);
    }
    if let Some(words) = filter.organisation_name.as_deref().filter(|_| actor.access.admin) {
        for word in crate::text::fold(words).split_whitespace() {
            c.push(
                "organisation_id IN (SELECT id FROM organisations WHERE search_text LIKE ? ESCAPE '\\')",
                [Arg::Text(crate::sql::like_contains(word))],
            );
        }
    }
    if let Some(entity) = &filter.entity {
        c.push("entity = ?", [Arg::Text(entity.clone())]);
    }
    if let Some(id) = &filter.entity_id {
        c.push("entity_id = ?", [Arg::Text(id.clone())]);
    }
    if let Some(from) = filter.from {
        c.push("at >= ?", [Arg::Time(crate::clock::vietnam_day_start(from))]);
    }
    if let Some(after) = filter.to.and_then(|d| d.succ_opt()) {
        c.push("at < ?", [Arg::Time(crate::clock::vietnam_day_start(after))]);
    }
    let where_sql = c.where_sql();
    let n = c.next_placeholder();
    let select = format!(
        "SELECT id, at, user_id, actor, address, action, entity, entity_id, organisation_id, before_json, after_json \
         FROM audit_events {where_sql} ORDER BY at DESC, id DESC LIMIT ${n} OFFSET ${}",
        n + 1
    );
    let count = format!("SELECT COUNT(*) FROM audit_events {where_sql}");
    let (items, total) = on_pool!(db, |pool| {
        let items: Vec<AuditEvent> = bind_args!(sqlx::query_as(&select), &c.args)
            .bind(paging.per_page)
            .bind(paging.offset())
            .fetch_all(pool)
            .await?;
        let total: i64 = bind_args!(sqlx::query_scalar(&count), &c.args)
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((items, total))
    })?;
    let items = items.into_iter().map(AuditEvent::with_changes).collect();
    Ok(Page::new(items, total, paging))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_diff_lists_changed_fields_only() {
        let before = json!({"name": "HTX A", "phone": null, "sectors": ["agriculture"], "email": ""});
        let after =
            json!({"name": "HTX B", "phone": null, "sectors": ["agriculture", "transport"], "email": null});
        let changes = diff(Some(&before), Some(&after));
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "sectors"]);
        assert_eq!(changes[0].before, json!("HTX A"));
        let created = diff(None, Some(&json!({"name": "HTX C", "phone": null})));
        assert_eq!(
            created,
            vec![FieldChange {
                field: "name".into(),
                before: Value::Null,
                after: json!("HTX C")
            }]
        );
    }
}
