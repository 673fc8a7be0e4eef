//! Members of an organisation: list, add, edit, remove, and the compliance of the whole membership
//! with the law.

use crate::domain::members::{
    self, ComplianceIssue, Gender, MemberContext, MemberFacts, MemberFields, MemberInput, MemberKind,
    Membership,
};
use crate::store::organisations::{self, Organisation};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::Permission;
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::gate;
use hoptac_core::sql::{insert_sql, update_sql, Tx};
use hoptac_core::Context;
use hoptac_core::{bind_args, on_pool, Arg, Conditions, Db, Page, Paging, StoreError, StoreResult};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Member {
    pub id: i64,
    pub organisation_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: MemberKind,
    pub full_name: String,
    pub id_number: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// The birth date's year, or the year alone when the day is not known.
    pub birth_year: Option<i32>,
    /// `male` or `female`, for a person, when recorded.
    #[sqlx(try_from = "hoptac_core::i18n::OptionalCode")]
    pub gender: Option<Gender>,
    pub phone: Option<String>,
    pub address: Option<String>,
    #[sqlx(try_from = "String")]
    pub membership: Membership,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    /// Đồng.
    pub capital_contribution: i64,
    /// Raised by every edit; send it back with an edit (`version`, or `If-Match`).
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl Member {
    /// The member as an edit form shows it, carrying its version and what it showed (`original`).
    pub fn to_input(&self) -> MemberInput {
        let input = MemberInput {
            kind: self.kind.as_str().to_owned(),
            full_name: self.full_name.clone(),
            id_number: self.id_number.clone(),
            birth_date: self.birth_date.map(|d| d.to_string()),
            birth_year: self.birth_year.map(|y| y.to_string()),
            gender: self.gender.map(|g| g.as_str().to_owned()),
            phone: self.phone.clone(),
            address: self.address.clone(),
            membership: self.membership.as_str().to_owned(),
            joined_on: self.joined_on.to_string(),
            left_on: self.left_on.map(|d| d.to_string()),
            capital_contribution: Some(self.capital_contribution.to_string()),
            version: Some(self.version),
            original: None,
        };
        MemberInput {
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }

    pub fn facts(&self) -> MemberFacts {
        MemberFacts {
            id: self.id,
            full_name: self.full_name.clone(),
            kind: self.kind,
            membership: self.membership,
            joined_on: self.joined_on,
            left_on: self.left_on,
            birth_date: self.birth_date,
            birth_year: self.birth_year,
            capital_contribution: self.capital_contribution,
        }
    }
}

const SELECT: &str =
    "SELECT id, organisation_id, kind, full_name, id_number, birth_date, birth_year, gender, phone, address, membership, \
                      joined_on, left_on, capital_contribution, version, updated_at FROM members";

/// One page of the organisation's members, current ones first, then by name in Vietnamese order;
/// `query`: words of the name, without diacritics if you like. For an
/// organisation of thousands of members, only the page's rows are read whole.
pub async fn page(
    db: &Db,
    actor: &Actor,
    organisation_id: i64,
    query: Option<&str>,
    paging: Paging,
) -> StoreResult<Page<Member>> {
    gate::authorize(db, actor, Permission::ReadPrivate, organisation_id).await?;
    let mut c = Conditions::default();
    c.push("organisation_id = ?", [Arg::I64(organisation_id)]);
    for term in query.map(hoptac_core::text::search_terms).unwrap_or_default() {
        c.push("search_text LIKE ?", [Arg::Text(format!("%{term}%"))]);
    }
    let sql = format!("SELECT id, full_name, left_on FROM members {}", c.where_sql());
    let mut names: Vec<(i64, String, Option<NaiveDate>)> =
        on_pool!(db, |pool| bind_args!(sqlx::query_as(&sql), &c.args)
            .fetch_all(pool)
            .await)?;
    names.sort_by(|a, b| {
        a.2.is_some()
            .cmp(&b.2.is_some())
            .then_with(|| hoptac_core::text::compare_names(&a.1, &b.1))
            .then(a.0.cmp(&b.0))
    });
    let total = names.len() as i64;
    let ids: Vec<i64> = names
        .iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(0))
        .take(usize::try_from(paging.per_page).unwrap_or(0))
        .map(|(id, _, _)| *id)
        .collect();
    let mut items = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(200) {
        let mut c = Conditions::default();
        let placeholders: Vec<&str> = chunk.iter().map(|_| "?").collect();
        c.push(
            &format!("id IN ({})", placeholders.join(", ")),
            chunk.iter().map(|id| Arg::I64(*id)),
        );
        let sql = format!("{SELECT} {}", c.where_sql());
        let rows: Vec<Member> = on_pool!(db, |pool| bind_args!(sqlx::query_as(&sql), &c.args)
            .fetch_all(pool)
            .await)?;
        items.extend(rows);
    }
    let position: std::collections::HashMap<i64, usize> =
        ids.iter().enumerate().map(|(at, id)| (*id, at)).collect();
    items.sort_by_key(|m| position.get(&m.id).copied());
    Ok(Page::new(items, total, paging))
}

/// Every member the organisation has had, current ones first, then by name. Members are people
/// with identity numbers and birth dates: only those who may read the full record see them.
pub async fn list(db: &Db, actor: &Actor, organisation_id: i64) -> StoreResult<Vec<Member>> {
    gate::authorize(db, actor, Permission::ReadPrivate, organisation_id).await?;
    let sql = format!("{SELECT} WHERE organisation_id = $1 ORDER BY id");
    let mut members: Vec<Member> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(organisation_id)
        .fetch_all(pool)
        .await)?;
    in_list_order(&mut members);
    Ok(members)
}

/// [`list`] for many organisations, a few hundred a statement: what an import compares its rows
/// with. Organisations whose private record `actor` may not read are left out.
pub async fn list_many(
    db: &Db,
    actor: &Actor,
    organisation_ids: &[i64],
) -> StoreResult<HashMap<i64, Vec<Member>>> {
    let places = gate::places_of(db, organisation_ids).await?;
    let readable: Vec<i64> = places
        .iter()
        .filter(|(_, place)| gate::check(actor, Permission::ReadPrivate, place).is_ok())
        .map(|(id, _)| *id)
        .collect();
    let mut lists: HashMap<i64, Vec<Member>> = readable.iter().map(|id| (*id, Vec::new())).collect();
    let sql = format!("{SELECT} WHERE organisation_id IN {{ids}} ORDER BY id");
    let members: Vec<Member> = hoptac_core::sql::fetch_for_ids(db, &sql, &readable).await?;
    for member in members {
        lists.entry(member.organisation_id).or_default().push(member);
    }
    lists.values_mut().for_each(|list| in_list_order(list));
    Ok(lists)
}

/// Current members before those who left, each group by name in Vietnamese alphabetical order,
/// which neither engine's own order gives.
fn in_list_order(members: &mut [Member]) {
    members.sort_by(|a, b| {
        a.left_on
            .is_some()
            .cmp(&b.left_on.is_some())
            .then_with(|| hoptac_core::text::compare_names(&a.full_name, &b.full_name))
    });
}

/// How many members an organisation has on a day: a published figure, unlike who they are.
pub async fn count_current(db: &Db, organisation_id: i64, on: NaiveDate) -> StoreResult<i64> {
    let sql = "SELECT COUNT(*) FROM members WHERE organisation_id = $1 AND joined_on <= $2 \
               AND (left_on IS NULL OR left_on > $2)";
    Ok(on_pool!(db, |pool| sqlx::query_scalar(sql)
        .bind(organisation_id)
        .bind(on)
        .fetch_one(pool)
        .await)?)
}

/// One member, for those who may read the organisation's full record.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> StoreResult<Member> {
    let member = fetch(db, id).await?;
    gate::authorize(db, actor, Permission::ReadPrivate, member.organisation_id).await?;
    Ok(member)
}

async fn fetch(db: &Db, id: i64) -> StoreResult<Member> {
    let sql = format!("{SELECT} WHERE id = $1");
    on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?
    .ok_or(StoreError::NotFound)
}

/// The member as it stands inside a writing transaction, held against other writers until it
/// ends: what the audit's "before" must be.
async fn held(tx: &mut Tx<'_>, id: i64) -> StoreResult<Member> {
    if !tx.lock("members", id).await? {
        return Err(StoreError::NotFound);
    }
    tx.fetch_optional(&format!("{SELECT} WHERE id = $1"), &[Arg::I64(id)])
        .await?
        .ok_or(StoreError::NotFound)
}

async fn validate(
    db: &Db,
    organisation_id: i64,
    input: &MemberInput,
    today: NaiveDate,
) -> StoreResult<MemberFields> {
    let org = organisations::get(db, organisation_id).await?;
    Ok(input.validate(member_context(&org), today)?)
}

/// What a member is checked against of their organisation.
pub fn member_context(org: &Organisation) -> MemberContext {
    MemberContext {
        org_kind: org.kind,
        founding_date: org.founding_date,
        charter_capital: org.charter_capital,
        ended_on: org.status.is_final().then_some(org.status_since),
    }
}

/// The columns a member's fields are written to, in the order of [`field_args`].
pub(crate) const FIELD_COLUMNS: [&str; 13] = [
    "kind",
    "full_name",
    "search_text",
    "id_number",
    "birth_date",
    "birth_year",
    "gender",
    "phone",
    "address",
    "membership",
    "joined_on",
    "left_on",
    "capital_contribution",
];

/// The values of [`FIELD_COLUMNS`] for a validated member.
pub(crate) fn field_args(m: &MemberFields) -> Vec<Arg> {
    vec![
        Arg::Text(m.kind.as_str().into()),
        Arg::Text(m.full_name.clone()),
        Arg::Text(m.search_text.clone()),
        Arg::OptText(m.id_number.clone()),
        Arg::OptDate(m.birth_date),
        Arg::OptI32(m.birth_year),
        Arg::OptText(m.gender.map(|g| g.as_str().to_owned())),
        Arg::OptText(m.phone.clone()),
        Arg::OptText(m.address.clone()),
        Arg::Text(m.membership.as_str().into()),
        Arg::Date(m.joined_on),
        Arg::OptDate(m.left_on),
        Arg::I64(m.capital_contribution),
    ]
}

pub async fn create(cx: &Context, organisation_id: i64, input: &MemberInput) -> StoreResult<i64> {
    let member = prepare(cx, organisation_id, input).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let id = insert_in(&mut tx, cx, organisation_id, &member).await?;
    tx.commit().await?;
    Ok(id)
}

/// A member of the organisation as it would be written: the writer's reach checked
/// (`EditMembers`), the input validated against the organisation. Nothing is written; see
/// [`insert_in`] and [`update_in`], which write it inside a transaction of the caller's.
pub async fn prepare(cx: &Context, organisation_id: i64, input: &MemberInput) -> StoreResult<MemberFields> {
    gate::authorize(&cx.db, &cx.actor, Permission::EditMembers, organisation_id).await?;
    validate(&cx.db, organisation_id, input, cx.today).await
}

/// [`prepare`] for many members (organisation id, member), each organisation's right and record
/// read once: an import's rows. The first refusal comes with the index of its member.
pub async fn prepare_many(
    cx: &Context,
    members: &[(i64, &MemberInput)],
) -> Result<Vec<MemberFields>, (usize, StoreError)> {
    let mut ids: Vec<i64> = members.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let all = |e| (0, e);
    let places = gate::places_of(&cx.db, &ids).await.map_err(all)?;
    let organisations = organisations::get_many(&cx.db, &ids).await.map_err(all)?;
    members
        .iter()
        .enumerate()
        .map(|(index, (organisation_id, input))| {
            let place = places.get(organisation_id).ok_or((index, StoreError::NotFound))?;
            gate::check(&cx.actor, Permission::EditMembers, place).map_err(|e| (index, e))?;
            let org = organisations
                .get(organisation_id)
                .ok_or((index, StoreError::NotFound))?;
            input
                .validate(member_context(org), cx.today)
                .map_err(|e| (index, StoreError::from(e)))
        })
        .collect()
}

/// Adds many prepared members (organisation id, member) inside `tx`, each as [`insert_in`] adds
/// one, in a few statements for all of them; their ids, in order.
pub async fn insert_many_in(
    tx: &mut Tx<'_>,
    cx: &Context,
    members: &[(i64, &MemberFields)],
) -> Result<Vec<i64>, sqlx::Error> {
    let ids = tx.reserve_ids("members", members.len()).await?;
    let columns = [
        &["id", "organisation_id"][..],
        &FIELD_COLUMNS,
        &["created_at", "updated_at"],
    ]
    .concat();
    let (mut rows, mut changes) = (Vec::new(), Vec::new());
    for ((organisation_id, member), id) in members.iter().zip(&ids) {
        let mut args = vec![Arg::I64(*id), Arg::I64(*organisation_id)];
        args.extend(field_args(member));
        args.extend([Arg::Time(cx.now), Arg::Time(cx.now)]);
        rows.push(args);
        changes.push(created(*id, *organisation_id, member));
    }
    tx.insert_many("members", &columns, &rows).await?;
    continue_versions(tx, &ids).await?;
    audit::record_many(tx, &cx.actor, changes, cx.now).await?;
    Ok(ids)
}

/// Gives members just added the version that follows every write their ids have had. SQLite
/// gives a deleted member's id to the next one added; starting it at version 1 again would let a
/// removal decided on the old member (a form left open) remove the new one. Runs before the
/// members' own trail entries are written, so a new id starts at 1.
async fn continue_versions(tx: &mut Tx<'_>, ids: &[i64]) -> Result<(), sqlx::Error> {
    for chunk in ids.chunks(500) {
        let sql = format!(
            "UPDATE members SET version = 1 + (SELECT COUNT(*) FROM audit_events \
             WHERE entity = 'member' AND entity_id = CAST(members.id AS TEXT)) WHERE id IN {}",
            hoptac_core::sql::value_list(chunk.len())
        );
        let args: Vec<Arg> = chunk.iter().map(|id| Arg::I64(*id)).collect();
        tx.execute(&sql, &args).await?;
    }
    Ok(())
}

/// The trail's entry of a member added.
fn created(id: i64, organisation_id: i64, member: &MemberFields) -> Change {
    Change {
        action: Action::Create,
        entity: "member",
        entity_id: id.to_string(),
        organisation_id: Some(organisation_id),
        before: None,
        after: audit::snapshot(&member.to_input()),
    }
}

/// Adds a prepared member inside `tx`, on the audit trail; returns its id.
pub async fn insert_in(
    tx: &mut Tx<'_>,
    cx: &Context,
    organisation_id: i64,
    member: &MemberFields,
) -> StoreResult<i64> {
    insert_as(tx, cx, None, organisation_id, member).await
}

/// Adds a member under the id given (one removed, put back) or a new one.
async fn insert_as(
    tx: &mut Tx<'_>,
    cx: &Context,
    id: Option<i64>,
    organisation_id: i64,
    member: &MemberFields,
) -> StoreResult<i64> {
    let columns = [
        &["id", "organisation_id"][..],
        &FIELD_COLUMNS,
        &["created_at", "updated_at"],
    ]
    .concat();
    let mut args = vec![Arg::OptI64(id), Arg::I64(organisation_id)];
    args.extend(field_args(member));
    args.extend([Arg::Time(cx.now), Arg::Time(cx.now)]);
    let (columns, args) = match id {
        Some(_) => (&columns[..], &args[..]),
        None => (&columns[1..], &args[1..]),
    };
    let id = tx
        .insert_returning_id(&insert_sql("members", columns), args)
        .await?;
    continue_versions(tx, &[id]).await?;
    audit::record(tx, &cx.actor, created(id, organisation_id, member), cx.now).await?;
    Ok(id)
}

/// Puts back a member removed by mistake (the undo of [`delete`]): the member as the trail kept
/// it, under the same id, checked again as a new member is; its history goes on where it stopped.
/// `NotFound` when the member's last write was not its removal (it was put back already, or never
/// removed), `Conflict` (`id_taken`) when another member has taken its number since.
pub async fn restore(cx: &Context, id: i64) -> StoreResult<i64> {
    let deletion = audit::deleted(&cx.db, "member", &id.to_string())
        .await?
        .ok_or(StoreError::NotFound)?;
    let organisation_id = deletion.organisation_id.ok_or(StoreError::NotFound)?;
    let input: MemberInput = serde_json::from_value(deletion.before)
        .map_err(|e| StoreError::Config(format!("the trail's member {id} does not read: {e}")))?;
    let member = prepare(cx, organisation_id, &input).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    // Two undos at once: the second waits on the organisation, then finds the member back.
    tx.lock("organisations", organisation_id).await?;
    if audit::deleted(&cx.db, "member", &id.to_string()).await?.is_none() {
        return Err(StoreError::NotFound);
    }
    if tx.lock("members", id).await? {
        return Err(StoreError::Conflict(hoptac_core::FieldErrors::single(
            "id", "id_taken",
        )));
    }
    insert_as(&mut tx, cx, Some(id), organisation_id, &member).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves an edit of a member. An edit made from an older version than the member's is refused
/// ([`StoreError::Stale`]); the member is read, checked and written in one transaction.
pub async fn update(cx: &Context, id: i64, input: &MemberInput) -> StoreResult<()> {
    let existing = fetch(&cx.db, id).await?;
    let member = prepare(cx, existing.organisation_id, input).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    update_in(&mut tx, cx, id, &member, input.version).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes a prepared edit of the member `id` inside `tx`: refused as [`StoreError::Stale`] when
/// `version` is older than the member's; not written (and `false`) when it changes nothing.
pub async fn update_in(
    tx: &mut Tx<'_>,
    cx: &Context,
    id: i64,
    member: &MemberFields,
    version: Option<i64>,
) -> StoreResult<bool> {
    let before = held(tx, id).await?;
    hoptac_core::error::ensure_current(version, before.version)?;
    if audit::unchanged(&before.to_input(), &member.to_input()) {
        return Ok(false);
    }
    let columns = [&FIELD_COLUMNS[..], &["updated_at"]].concat();
    let mut args = field_args(member);
    args.extend([Arg::Time(cx.now), Arg::I64(id)]);
    tx.execute(&update_sql("members", &columns), &args).await?;
    tx.execute(
        "UPDATE members SET version = version + 1 WHERE id = $1",
        &[Arg::I64(id)],
    )
    .await?;
    let change = Change {
        action: Action::Update,
        entity: "member",
        entity_id: id.to_string(),
        organisation_id: Some(before.organisation_id),
        before: audit::snapshot(&before.to_input()),
        after: audit::snapshot(&member.to_input()),
    };
    audit::record(tx, &cx.actor, change, cx.now).await?;
    Ok(true)
}

/// Removes a member entered by mistake. A member who left is recorded with a leaving date instead.
/// `version`: the version the removal was decided on; an older one is refused
/// ([`StoreError::Stale`]), so that no one removes a member someone has just corrected.
pub async fn delete(cx: &Context, id: i64, version: Option<i64>) -> StoreResult<Member> {
    let (db, actor, now) = (&cx.db, &cx.actor, cx.now);
    let found = fetch(db, id).await?;
    gate::authorize(db, actor, Permission::EditMembers, found.organisation_id).await?;
    let mut tx = Tx::begin(db).await?;
    let member = held(&mut tx, id).await?;
    hoptac_core::error::ensure_current(version, member.version)?;
    tx.execute("DELETE FROM members WHERE id = $1", &[Arg::I64(id)])
        .await?;
    let change = Change {
        action: Action::Delete,
        entity: "member",
        entity_id: id.to_string(),
        organisation_id: Some(member.organisation_id),
        before: audit::snapshot(&member.to_input()),
        after: None,
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    Ok(member)
}

/// The organisation's breaches of the membership rules on `on`, from its members as listed.
pub fn compliance(org: &Organisation, members: &[Member], on: NaiveDate) -> Vec<ComplianceIssue> {
    let facts: Vec<MemberFacts> = members.iter().map(Member::facts).collect();
    members::compliance(org.kind, org.charter_capital, &facts, on)
}

/// The breaches of the membership rules the actor may know of: `None` when the members are out of
/// the actor's reach, since judging an empty list would report breaches that are not there.
pub async fn compliance_seen_by(
    db: &Db,
    actor: &Actor,
    org: &Organisation,
    on: NaiveDate,
) -> StoreResult<Option<Vec<ComplianceIssue>>> {
    match list(db, actor, org.id).await {
        Ok(member_list) => Ok(Some(compliance(org, &member_list, on))),
        Err(StoreError::NotFound | StoreError::Forbidden) => Ok(None),
        Err(other) => Err(other),
    }
}
