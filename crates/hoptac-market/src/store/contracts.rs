//! Linkage contracts and memoranda in the store. A contract is read by its parties' keepers (those
//! who may trade for, or read the private records of, its buyer or one of its sellers: their
//! managers and buyers, the officers of their places); anyone else is told it does not exist. Its
//! parties write it: new versions of its terms, their own signature, moves between states and
//! deliveries. Every write is on the audit trail, in the transaction that makes it.

use crate::domain::contracts::{
    fulfilment, ContractKind, ContractState, Delivered, DeliveryFields, DeliveryInput, Fulfilment, Terms,
    TermsInput,
};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::{Access, Permission, Place};
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::errors::check;
use hoptac_core::form::amount_text;
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::{gate, on_pool, Arg, Conditions, Context, Db, FieldErrors, StoreError, StoreResult};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// A contract as typed when it is first written: who buys, what kind, and its first terms.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ContractInput {
    /// `contract` or `memorandum`.
    pub kind: String,
    pub name: String,
    /// The number the parties gave it ("05/2026/HĐLK").
    pub contract_number: Option<String>,
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub buyer_id: Option<String>,
    /// The demand it answers, when it came of one.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub demand_id: Option<String>,
    pub terms: TermsInput,
}

/// A contract with its latest terms' period and value.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Contract {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: ContractKind,
    pub number: Option<String>,
    pub title: String,
    pub buyer_id: i64,
    pub buyer_name: String,
    pub demand_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub state: ContractState,
    pub latest_version: i64,
    /// The version every party signed; `None` before.
    pub signed_version: Option<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The latest terms' value in đồng.
    pub value: i64,
    /// Raised by every write; send it back as `If-Match` (or `version`).
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A version of a contract's terms, never edited.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TermsVersion {
    pub number: i64,
    pub terms: Terms,
    pub note: Option<String>,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    number: i64,
    terms: String,
    note: Option<String>,
    created_by_name: String,
    created_at: DateTime<Utc>,
}

/// A party's signature of a version.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Signature {
    pub version_number: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub signed_by_name: String,
    pub signed_at: DateTime<Utc>,
}

/// A move of the contract to a state.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct StateChange {
    #[sqlx(try_from = "String")]
    pub state: ContractState,
    pub reason: Option<String>,
    pub changed_by_name: String,
    pub changed_at: DateTime<Utc>,
}

/// A delivery recorded against a line of the signed terms.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Delivery {
    pub id: i64,
    /// From 1.
    pub line: i64,
    pub delivered_on: NaiveDate,
    /// In the line's unit.
    pub quantity: i64,
    /// Đồng.
    pub value: i64,
    pub note: Option<String>,
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
}

/// A party of a contract.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Party {
    pub organisation_id: i64,
    pub name: String,
    /// `buyer` or `seller`.
    pub role: String,
    pub province_code: String,
}

/// Everything about a contract its parties' keepers read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractDetail {
    pub contract: Contract,
    pub parties: Vec<Party>,
    /// Newest first.
    pub versions: Vec<TermsVersion>,
    /// The signatures of the latest version.
    pub signatures: Vec<Signature>,
    /// Oldest first.
    pub states: Vec<StateChange>,
    /// Oldest first.
    pub deliveries: Vec<Delivery>,
    /// Delivered against the signed terms; `None` before they are signed.
    pub fulfilment: Option<Fulfilment>,
}

impl ContractDetail {
    /// The latest terms.
    pub fn latest(&self) -> Option<&TermsVersion> {
        self.versions.first()
    }

    /// The terms every party signed.
    pub fn signed(&self) -> Option<&TermsVersion> {
        let number = self.contract.signed_version?;
        self.versions.iter().find(|v| v.number == number)
    }
}

const SELECT: &str = "SELECT c.id, c.kind, c.number, c.title, c.buyer_id, o.name AS buyer_name, c.demand_id, c.state, \
     c.latest_version, c.signed_version, v.starts_on, v.ends_on, v.value, c.version, c.created_at, c.updated_at \
     FROM market_contracts c \
     JOIN organisations o ON o.id = c.buyer_id \
     JOIN market_contract_versions v ON v.contract_id = c.id AND v.number = c.latest_version";

async fn find(db: &Db, id: i64) -> StoreResult<Contract> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    let found: Option<Contract> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    found.ok_or(StoreError::NotFound)
}

async fn parties(db: &Db, id: i64) -> StoreResult<Vec<Party>> {
    Ok(on_pool!(db, |pool| sqlx::query_as(
        "SELECT p.organisation_id, o.name, p.role, o.province_code FROM market_contract_parties p \
         JOIN organisations o ON o.id = p.organisation_id WHERE p.contract_id = $1 \
         ORDER BY p.role, p.organisation_id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?)
}

/// Where each party sits.
async fn party_places(db: &Db, parties: &[Party]) -> StoreResult<Vec<Place>> {
    let ids: Vec<i64> = parties.iter().map(|p| p.organisation_id).collect();
    Ok(gate::places_of(db, &ids).await?.into_values().collect())
}

/// Reads a contract for `actor`: its parties' keepers only.
async fn reached(db: &Db, actor: &Actor, id: i64) -> StoreResult<(Contract, Vec<Party>)> {
    let contract = find(db, id).await?;
    let parties = parties(db, id).await?;
    let places = party_places(db, &parties).await?;
    let reads = |p: &Place| {
        actor.access.allows(Permission::ReadPrivate, p) || actor.access.allows(Permission::Trade, p)
    };
    if places.iter().any(reads) {
        Ok((contract, parties))
    } else {
        Err(StoreError::NotFound)
    }
}

/// Reads a contract for a write by one of its parties: out of reach is not found, in reach but not
/// a party's keeper is forbidden.
async fn written_by_party(db: &Db, actor: &Actor, id: i64) -> StoreResult<(Contract, Vec<Party>)> {
    let (contract, parties) = reached(db, actor, id).await?;
    let places = party_places(db, &parties).await?;
    if places.iter().any(|p| actor.access.allows(Permission::Trade, p)) {
        Ok((contract, parties))
    } else {
        Err(StoreError::Forbidden)
    }
}

async fn versions(db: &Db, id: i64) -> StoreResult<Vec<TermsVersion>> {
    let rows: Vec<VersionRow> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT number, terms, note, created_by_name, created_at FROM market_contract_versions \
         WHERE contract_id = $1 ORDER BY number DESC"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|r| {
            let terms: Terms = serde_json::from_str(&r.terms)
                .map_err(|e| StoreError::Config(format!("contract {id} version {}: {e}", r.number)))?;
            Ok(TermsVersion {
                number: r.number,
                terms,
                note: r.note,
                created_by_name: r.created_by_name,
                created_at: r.created_at,
            })
        })
        .collect()
}

async fn deliveries(db: &Db, id: i64) -> StoreResult<Vec<Delivery>> {
    Ok(on_pool!(db, |pool| sqlx::query_as(
        "SELECT id, line, delivered_on, quantity, value, note, recorded_by_name, recorded_at \
         FROM market_deliveries WHERE contract_id = $1 ORDER BY delivered_on, id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?)
}

fn delivered(deliveries: &[Delivery]) -> Vec<Delivered> {
    deliveries
        .iter()
        .map(|d| Delivered {
            line: usize::try_from(d.line).unwrap_or(0),
            quantity: d.quantity,
            value: d.value,
        })
        .collect()
}

/// A contract with its versions, signatures, states, deliveries and fulfilment, for its parties'
/// keepers.
pub async fn detail(db: &Db, actor: &Actor, id: i64) -> StoreResult<ContractDetail> {
    let (contract, parties) = reached(db, actor, id).await?;
    let versions = versions(db, id).await?;
    let signatures: Vec<Signature> = on_pool!(db, |pool| {
        sqlx::query_as(
        "SELECT s.version_number, s.organisation_id, o.name AS organisation_name, s.signed_by_name, s.signed_at \
         FROM market_contract_signatures s JOIN organisations o ON o.id = s.organisation_id \
         WHERE s.contract_id = $1 AND s.version_number = $2 ORDER BY s.signed_at"
    )
    .bind(id)
    .bind(contract.latest_version)
    .fetch_all(pool)
    .await
    })?;
    let states: Vec<StateChange> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT state, reason, changed_by_name, changed_at FROM market_contract_states \
         WHERE contract_id = $1 ORDER BY id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?;
    let deliveries = deliveries(db, id).await?;
    let mut detail = ContractDetail {
        contract,
        parties,
        versions,
        signatures,
        states,
        deliveries,
        fulfilment: None,
    };
    detail.fulfilment = detail
        .signed()
        .map(|v| fulfilment(&v.terms, &delivered(&detail.deliveries)));
    Ok(detail)
}

/// The contracts `access` reaches (those of organisations it may read or trade for), the newest
/// first, at most 200.
pub async fn list(db: &Db, access: &Access) -> StoreResult<Vec<Contract>> {
    let mut c = Conditions::default();
    match super::reach(access) {
        super::Reach::Everything => {}
        super::Reach::Nothing => return Ok(Vec::new()),
        super::Reach::Organisations { condition, args } => c.push(
            &format!(
                "c.id IN (SELECT p.contract_id FROM market_contract_parties p \
                 JOIN organisations o ON o.id = p.organisation_id WHERE {condition})"
            ),
            args,
        ),
    }
    let sql = format!("{SELECT} {} ORDER BY c.id DESC LIMIT 200", c.where_sql());
    Ok(on_pool!(db, |pool| hoptac_core::bind_args!(
        sqlx::query_as::<_, Contract>(&sql),
        &c.args
    )
    .fetch_all(pool)
    .await)?)
}

/// The contracts whose latest terms await the signature of one of `organisations` (a proposal, or
/// an amendment of signed terms), as (contract, its name, the organisation that has not signed),
/// the oldest first.
pub async fn awaiting_signature(db: &Db, organisations: &[i64]) -> StoreResult<Vec<(i64, String, String)>> {
    let sql = "SELECT c.id, c.title, o.name FROM market_contracts c \
               JOIN market_contract_parties p ON p.contract_id = c.id \
               JOIN organisations o ON o.id = p.organisation_id \
               WHERE p.organisation_id IN {ids} \
               AND (c.state = 'proposed' OR (c.state IN ('signed', 'in_force') \
                    AND (c.signed_version IS NULL OR c.signed_version <> c.latest_version))) \
               AND NOT EXISTS (SELECT 1 FROM market_contract_signatures s WHERE s.contract_id = c.id \
                    AND s.version_number = c.latest_version AND s.organisation_id = p.organisation_id) \
               ORDER BY c.id";
    Ok(hoptac_core::sql::fetch_for_ids(db, sql, organisations).await?)
}

fn refused(field: &str, code: &'static str) -> StoreError {
    StoreError::Validation(FieldErrors::single(field, code))
}

/// Checks that every seller is in the registry, and that the actor may trade for the buyer or
/// one of the sellers.
async fn check_parties(cx: &Context, buyer_id: i64, terms: &Terms) -> StoreResult<()> {
    let sellers = terms.sellers();
    let mut ids = sellers.clone();
    ids.push(buyer_id);
    let places = gate::places_of(&cx.db, &ids).await?;
    let mut errors = FieldErrors::new();
    if !places.contains_key(&buyer_id) {
        errors.add_with(
            "buyer_id",
            "unknown_organisation",
            vec![("value", buyer_id.to_string())],
        );
    }
    for (i, line) in terms.lines.iter().enumerate() {
        if !places.contains_key(&line.seller_id) {
            errors.add_with(
                &format!("lines[{i}].seller_id"),
                "unknown_organisation",
                vec![("value", line.seller_id.to_string())],
            );
        }
    }
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    if !places
        .values()
        .any(|p| cx.actor.access.allows(Permission::Trade, p))
    {
        return Err(refused("buyer_id", "not_a_party"));
    }
    Ok(())
}

/// Reads each line's seller as typed (its id, the form's suggestion or its name) into its id;
/// every line that names none is named in the refusal.
async fn settle_sellers(db: &Db, terms: &mut TermsInput) -> StoreResult<()> {
    let mut errors = FieldErrors::new();
    // Rows are numbered as the check numbers them: blank rows left out.
    let mut n = 0;
    for line in terms.lines.iter_mut() {
        let blank = line.seller_id.as_deref().unwrap_or("").trim().is_empty()
            && line.product.trim().is_empty()
            && line.quantity.as_deref().unwrap_or("").trim().is_empty()
            && line.price.as_deref().unwrap_or("").trim().is_empty();
        if blank {
            continue;
        }
        let field = format!("lines[{n}].seller_id");
        match hoptac_core::org::settle_typed_organisation(db, &field, &mut line.seller_id).await {
            Ok(()) => {}
            Err(StoreError::Validation(e)) => errors.extend(e),
            Err(other) => return Err(other),
        }
        n += 1;
    }
    errors.into_result(()).map_err(StoreError::Validation)
}

/// Refuses a demand that is not the buyer's own (or does not exist): a contract comes of a demand
/// its buyer posted.
async fn check_demand(db: &Db, demand_id: i64, buyer_id: i64) -> StoreResult<()> {
    let owner: Option<i64> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT buyer_id FROM market_demands WHERE id = $1"
    )
    .bind(demand_id)
    .fetch_optional(pool)
    .await)?;
    if owner == Some(buyer_id) {
        Ok(())
    } else {
        let mut errors = FieldErrors::new();
        errors.add_with(
            "demand_id",
            "not_the_buyers_demand",
            vec![("value", demand_id.to_string())],
        );
        Err(StoreError::Validation(errors))
    }
}

/// Writes a version of the terms and makes its sellers the contract's.
async fn write_version(
    tx: &mut Tx<'_>,
    cx: &Context,
    contract_id: i64,
    number: i64,
    buyer_id: i64,
    terms: &Terms,
    note: Option<String>,
) -> StoreResult<()> {
    let json = serde_json::to_string(terms).map_err(|e| StoreError::Config(e.to_string()))?;
    let columns = [
        "contract_id",
        "number",
        "terms",
        "starts_on",
        "ends_on",
        "value",
        "note",
        "created_by",
        "created_by_name",
        "created_at",
    ];
    tx.execute(
        &insert_sql("market_contract_versions", &columns),
        &[
            Arg::I64(contract_id),
            Arg::I64(number),
            Arg::Text(json),
            Arg::Date(terms.starts_on),
            Arg::Date(terms.ends_on),
            Arg::I64(terms.value()),
            Arg::OptText(note.clone()),
            Arg::OptI64(cx.actor.user_id),
            Arg::Text(cx.actor.name.clone()),
            Arg::Time(cx.now),
        ],
    )
    .await?;
    tx.execute(
        "DELETE FROM market_contract_parties WHERE contract_id = $1",
        &[Arg::I64(contract_id)],
    )
    .await?;
    let mut parties = vec![(buyer_id, "buyer")];
    parties.extend(terms.sellers().into_iter().map(|id| (id, "seller")));
    for (organisation_id, role) in parties {
        tx.execute(
            "INSERT INTO market_contract_parties (contract_id, organisation_id, role) VALUES ($1, $2, $3)",
            &[
                Arg::I64(contract_id),
                Arg::I64(organisation_id),
                Arg::Text(role.to_owned()),
            ],
        )
        .await?;
    }
    let change = Change {
        action: Action::Create,
        entity: "market_contract_version",
        entity_id: format!("{contract_id}/{number}"),
        organisation_id: Some(buyer_id),
        before: None,
        after: audit::snapshot(&serde_json::json!({"version": number, "terms": terms, "change_note": note})),
    };
    audit::record(tx, &cx.actor, change, cx.now).await?;
    Ok(())
}

async fn write_state(
    tx: &mut Tx<'_>,
    cx: &Context,
    contract: &Contract,
    state: ContractState,
    reason: Option<String>,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO market_contract_states (contract_id, state, reason, changed_by, changed_by_name, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            Arg::I64(contract.id),
            Arg::Text(state.as_str().to_owned()),
            Arg::OptText(reason.clone()),
            Arg::OptI64(cx.actor.user_id),
            Arg::Text(cx.actor.name.clone()),
            Arg::Time(cx.now),
        ],
    )
    .await?;
    let change = Change {
        action: Action::Status,
        entity: "market_contract",
        entity_id: contract.id.to_string(),
        organisation_id: Some(contract.buyer_id),
        before: audit::snapshot(&serde_json::json!({"state": contract.state})),
        after: audit::snapshot(&serde_json::json!({"state": state, "reason": reason})),
    };
    audit::record(tx, &cx.actor, change, cx.now).await?;
    tell_parties(tx, cx, contract, state).await
}

/// Tells every party of a contract that it was proposed to them, signed by all, or terminated.
async fn tell_parties(
    tx: &mut Tx<'_>,
    cx: &Context,
    contract: &Contract,
    state: ContractState,
) -> StoreResult<()> {
    let message = match state {
        ContractState::Proposed => "notify-market_contract_proposed",
        ContractState::Signed => "notify-market_contract_signed",
        ContractState::Terminated => "notify-market_contract_terminated",
        _ => return Ok(()),
    };
    let parties: Vec<(i64,)> = tx
        .fetch_all(
            "SELECT organisation_id FROM market_contract_parties WHERE contract_id = $1",
            &[Arg::I64(contract.id)],
        )
        .await?;
    for (organisation_id,) in parties {
        let notice = hoptac_core::notifications::Notice {
            organisation_id,
            topic: format!(
                "market-contract:{}:{}:{}",
                contract.id,
                state.as_str(),
                contract.version
            ),
            message,
            args: vec![("title", contract.title.clone()), ("by", cx.actor.name.clone())],
            link: format!("/market/contracts/{}", contract.id),
        };
        hoptac_core::notifications::tell(tx, &notice, cx.now).await?;
    }
    Ok(())
}

/// Writes a new contract as a draft with its first terms. The actor must trade for the buyer or one
/// of the sellers; every party must be in the registry; the buyer may not sell to itself.
pub async fn create(cx: &Context, input: &ContractInput) -> StoreResult<i64> {
    let mut input = input.clone();
    hoptac_core::org::settle_typed_organisation(&cx.db, "buyer_id", &mut input.buyer_id).await?;
    settle_sellers(&cx.db, &mut input.terms).await?;
    let input = &input;
    let mut errors = FieldErrors::new();
    let kind = match ContractKind::parse(&input.kind) {
        Some(kind) => Some(kind),
        None if input.kind.trim().is_empty() => Some(ContractKind::Contract),
        None => {
            errors.add_with(
                "kind",
                "invalid_choice",
                vec![("value", input.kind.trim().to_owned())],
            );
            None
        }
    };
    let title = check::required_text(&mut errors, "name", &input.name, 255);
    let number = check::optional_text(
        &mut errors,
        "contract_number",
        input.contract_number.as_deref(),
        100,
    );
    let buyer_id = match input
        .buyer_id
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .parse::<i64>()
    {
        Ok(id) if id > 0 => Some(id),
        _ if input.buyer_id.as_deref().unwrap_or("").trim().is_empty() => {
            errors.add("buyer_id", "required");
            None
        }
        _ => {
            let value = input.buyer_id.clone().unwrap_or_default();
            errors.add_with("buyer_id", "unknown_organisation", vec![("value", value)]);
            None
        }
    };
    let demand_id = match input.demand_id.as_deref().map(str::trim).unwrap_or("") {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                errors.add_with(
                    "demand_id",
                    "not_the_buyers_demand",
                    vec![("value", raw.to_owned())],
                );
                None
            }
        },
    };
    let terms = match input.terms.validate(buyer_id.unwrap_or(0)) {
        Ok(terms) => Some(terms),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let (Some(kind), Some(buyer_id), Some(terms)) = (kind, buyer_id, terms) else {
        return Err(StoreError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    check_parties(cx, buyer_id, &terms).await?;
    if let Some(demand) = demand_id {
        check_demand(&cx.db, demand, buyer_id).await?;
    }
    let mut tx = Tx::begin(&cx.db).await?;
    let columns = [
        "kind",
        "number",
        "title",
        "buyer_id",
        "demand_id",
        "state",
        "latest_version",
        "created_at",
        "updated_at",
    ];
    let id = tx
        .insert_returning_id(
            &insert_sql("market_contracts", &columns),
            &[
                Arg::Text(kind.as_str().to_owned()),
                Arg::OptText(number.clone()),
                Arg::Text(title.clone()),
                Arg::I64(buyer_id),
                Arg::OptI64(demand_id),
                Arg::Text(ContractState::Draft.as_str().to_owned()),
                Arg::I64(1),
                Arg::Time(cx.now),
                Arg::Time(cx.now),
            ],
        )
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "market_contract",
        entity_id: id.to_string(),
        organisation_id: Some(buyer_id),
        before: None,
        after: audit::snapshot(&serde_json::json!({
            "kind": kind, "name": title, "contract_number": number, "buyer_id": buyer_id, "demand_id": demand_id
        })),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    write_version(
        &mut tx,
        cx,
        id,
        1,
        buyer_id,
        &terms,
        input.terms.change_note.clone(),
    )
    .await?;
    tx.execute(
        "INSERT INTO market_contract_states (contract_id, state, changed_by, changed_by_name, changed_at) \
         VALUES ($1, $2, $3, $4, $5)",
        &[
            Arg::I64(id),
            Arg::Text(ContractState::Draft.as_str().to_owned()),
            Arg::OptI64(cx.actor.user_id),
            Arg::Text(cx.actor.name.clone()),
            Arg::Time(cx.now),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Locks the contract for a write and reads it again under the lock, so that what the write checks
/// is the contract as it stands; with `expected` (`If-Match`), refuses it when it changed since.
async fn locked(tx: &mut Tx<'_>, id: i64, expected: Option<i64>) -> StoreResult<Contract> {
    if !tx.lock("market_contracts", id).await? {
        return Err(StoreError::NotFound);
    }
    let sql = format!("{SELECT} WHERE c.id = $1");
    let current: Contract = tx
        .fetch_optional(&sql, &[Arg::I64(id)])
        .await?
        .ok_or(StoreError::NotFound)?;
    hoptac_core::error::ensure_current(expected, current.version)?;
    Ok(current)
}

/// The deliveries of a contract as fulfilment counts them, read inside `tx`.
async fn delivered_in(tx: &mut Tx<'_>, id: i64) -> StoreResult<Vec<Delivered>> {
    let rows: Vec<(i64, i64, i64)> = tx
        .fetch_all(
            "SELECT line, quantity, value FROM market_deliveries WHERE contract_id = $1",
            &[Arg::I64(id)],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(line, quantity, value)| Delivered {
            line: usize::try_from(line).unwrap_or(0),
            quantity,
            value,
        })
        .collect())
}

/// The terms of version `number`, read inside `tx`.
async fn terms_in(tx: &mut Tx<'_>, id: i64, number: i64) -> StoreResult<Terms> {
    let json: Option<(String,)> = tx
        .fetch_optional(
            "SELECT terms FROM market_contract_versions WHERE contract_id = $1 AND number = $2",
            &[Arg::I64(id), Arg::I64(number)],
        )
        .await?;
    let json = json.ok_or(StoreError::NotFound)?.0;
    serde_json::from_str(&json)
        .map_err(|e| StoreError::Config(format!("contract {id} version {number}: {e}")))
}

/// Writes new terms as the next version. Before signing, a revision; after, an amendment, which
/// the parties sign in their turn while the contract goes on under the terms they signed. An
/// amendment keeps every signed line (its seller, product and unit, and at least what was
/// delivered of it) and may add lines. Refused once the contract is completed or terminated.
pub async fn revise(cx: &Context, id: i64, input: &TermsInput, expected: Option<i64>) -> StoreResult<i64> {
    let (contract, _) = written_by_party(&cx.db, &cx.actor, id).await?;
    let mut input = input.clone();
    settle_sellers(&cx.db, &mut input).await?;
    let terms = input
        .validate(contract.buyer_id)
        .map_err(StoreError::Validation)?;
    check_parties(cx, contract.buyer_id, &terms).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let contract = locked(&mut tx, id, expected).await?;
    if !contract.state.takes_new_terms() {
        return Err(StoreError::Conflict(FieldErrors::single(
            "state",
            "contract_closed",
        )));
    }
    if let Some(signed) = contract.signed_version {
        let signed = terms_in(&mut tx, id, signed).await?;
        let done = fulfilment(&signed, &delivered_in(&mut tx, id).await?);
        signed
            .check_amendment(&terms, &done)
            .map_err(StoreError::Validation)?;
    }
    let number = contract.latest_version + 1;
    write_version(
        &mut tx,
        cx,
        id,
        number,
        contract.buyer_id,
        &terms,
        input.change_note.clone(),
    )
    .await?;
    tx.execute(
        "UPDATE market_contracts SET latest_version = $1, version = version + 1, updated_at = $2 WHERE id = $3",
        &[Arg::I64(number), Arg::Time(cx.now), Arg::I64(id)],
    )
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// A move to another state, as asked.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct StateInput {
    /// `proposed`, `draft`, `in_force`, `completed` or `terminated`.
    pub state: String,
    /// Why; required to terminate.
    pub reason: Option<String>,
}

/// Checks a move of `contract` as it stands: along the allowed paths
/// ([`ContractState::next`]), a termination with a reason, in force only inside its term.
fn check_move(
    contract: &Contract,
    input: &StateInput,
    today: NaiveDate,
) -> Result<(ContractState, Option<String>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let state = ContractState::parse(&input.state);
    let reason = check::optional_text(&mut errors, "reason", input.reason.as_deref(), 1000);
    match state {
        None => errors.add_with(
            "state",
            "invalid_choice",
            vec![("value", input.state.trim().to_owned())],
        ),
        Some(to) if !contract.state.next().contains(&to) => errors.add_with(
            "state",
            "not_from_here",
            vec![
                ("from", contract.state.as_str().to_owned()),
                ("to", to.as_str().to_owned()),
            ],
        ),
        Some(to) if to.needs_reason() && reason.is_none() => errors.add("reason", "required"),
        Some(ContractState::InForce) if today < contract.starts_on => errors.add_with(
            "state",
            "before_first_day",
            vec![("date", hoptac_core::numbers::format_date(contract.starts_on))],
        ),
        Some(ContractState::InForce) if today > contract.ends_on => errors.add_with(
            "state",
            "after_last_day",
            vec![("date", hoptac_core::numbers::format_date(contract.ends_on))],
        ),
        Some(_) => {}
    }
    match state {
        Some(state) if errors.is_empty() => Ok((state, reason)),
        _ => Err(errors),
    }
}

/// Moves a contract along its allowed paths, as it stands when the move is made.
pub async fn change_state(
    cx: &Context,
    id: i64,
    input: &StateInput,
    expected: Option<i64>,
) -> StoreResult<()> {
    written_by_party(&cx.db, &cx.actor, id).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let contract = locked(&mut tx, id, expected).await?;
    let (state, reason) = check_move(&contract, input, cx.today).map_err(StoreError::Validation)?;
    write_state(&mut tx, cx, &contract, state, reason).await?;
    tx.execute(
        "UPDATE market_contracts SET state = $1, version = version + 1, updated_at = $2 WHERE id = $3",
        &[
            Arg::Text(state.as_str().to_owned()),
            Arg::Time(cx.now),
            Arg::I64(id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Signs the latest version for `organisation_id`, one of the parties the actor trades for: a
/// proposed contract's terms, or an amendment of signed ones. When the last party signs, those
/// terms hold: a proposed contract becomes signed (and in force when its term has begun and not
/// ended); an amendment becomes the terms deliveries count against.
pub async fn sign(
    cx: &Context,
    id: i64,
    organisation_id: i64,
    expected: Option<i64>,
) -> StoreResult<ContractState> {
    let (_, parties) = reached(&cx.db, &cx.actor, id).await?;
    if !parties.iter().any(|p| p.organisation_id == organisation_id) {
        return Err(refused("organisation_id", "not_a_party"));
    }
    if gate::authorize(&cx.db, &cx.actor, Permission::Trade, organisation_id)
        .await
        .is_err()
    {
        return Err(refused("organisation_id", "cannot_trade_for"));
    }
    let mut tx = Tx::begin(&cx.db).await?;
    let contract = locked(&mut tx, id, expected).await?;
    let amending = matches!(contract.state, ContractState::Signed | ContractState::InForce)
        && contract.signed_version != Some(contract.latest_version);
    if contract.state != ContractState::Proposed && !amending {
        return Err(StoreError::Conflict(FieldErrors::single("state", "not_proposed")));
    }
    let already: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT organisation_id FROM market_contract_signatures \
             WHERE contract_id = $1 AND version_number = $2 AND organisation_id = $3",
            &[
                Arg::I64(id),
                Arg::I64(contract.latest_version),
                Arg::I64(organisation_id),
            ],
        )
        .await?;
    if already.is_some() {
        return Err(StoreError::Conflict(FieldErrors::single(
            "organisation_id",
            "signed_already",
        )));
    }
    tx.execute(
        "INSERT INTO market_contract_signatures (contract_id, version_number, organisation_id, signed_by, \
         signed_by_name, signed_at) VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            Arg::I64(id),
            Arg::I64(contract.latest_version),
            Arg::I64(organisation_id),
            Arg::OptI64(cx.actor.user_id),
            Arg::Text(cx.actor.name.clone()),
            Arg::Time(cx.now),
        ],
    )
    .await?;
    let change = Change {
        action: Action::Create,
        entity: "market_contract_signature",
        entity_id: format!("{id}/{}/{organisation_id}", contract.latest_version),
        organisation_id: Some(organisation_id),
        before: None,
        after: audit::snapshot(
            &serde_json::json!({"version": contract.latest_version, "organisation_id": organisation_id}),
        ),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    let signed: Vec<(i64,)> = tx
        .fetch_all(
            "SELECT organisation_id FROM market_contract_signatures WHERE contract_id = $1 AND version_number = $2",
            &[Arg::I64(id), Arg::I64(contract.latest_version)],
        )
        .await?;
    let everyone = parties
        .iter()
        .all(|p| signed.iter().any(|(s,)| *s == p.organisation_id));
    let mut state = contract.state;
    if everyone {
        if !amending {
            write_state(&mut tx, cx, &contract, ContractState::Signed, None).await?;
            state = ContractState::Signed;
            if cx.today >= contract.starts_on && cx.today <= contract.ends_on {
                let signed_contract = Contract {
                    state,
                    ..contract.clone()
                };
                write_state(&mut tx, cx, &signed_contract, ContractState::InForce, None).await?;
                state = ContractState::InForce;
            }
        }
        tx.execute(
            "UPDATE market_contracts SET signed_version = latest_version WHERE id = $1",
            &[Arg::I64(id)],
        )
        .await?;
    }
    tx.execute(
        "UPDATE market_contracts SET state = $1, version = version + 1, updated_at = $2 WHERE id = $3",
        &[
            Arg::Text(state.as_str().to_owned()),
            Arg::Time(cx.now),
            Arg::I64(id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(state)
}

/// Records a delivery against a line of the signed terms while the contract is in force, inside
/// their term, by a keeper of the buyer or of the line's seller. A delivery larger than what
/// remains of the line is refused, checked under the contract's lock.
pub async fn deliver(cx: &Context, id: i64, input: &DeliveryInput) -> StoreResult<i64> {
    let (_, parties) = written_by_party(&cx.db, &cx.actor, id).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let contract = locked(&mut tx, id, None).await?;
    let signed = match (contract.state, contract.signed_version) {
        (ContractState::InForce, Some(number)) => terms_in(&mut tx, id, number).await?,
        _ => return Err(StoreError::Conflict(FieldErrors::single("state", "not_in_force"))),
    };
    let done = fulfilment(&signed, &delivered_in(&mut tx, id).await?);
    let fields: DeliveryFields = input
        .validate(&signed, &done, cx.today)
        .map_err(StoreError::Validation)?;
    let seller = signed.lines[fields.line - 1].seller_id;
    let keepers: Vec<i64> = parties
        .iter()
        .map(|p| p.organisation_id)
        .filter(|id| *id == contract.buyer_id || *id == seller)
        .collect();
    let places: HashMap<i64, Place> = gate::places_of(&cx.db, &keepers).await?;
    if !places
        .values()
        .any(|p| cx.actor.access.allows(Permission::Trade, p))
    {
        return Err(StoreError::Forbidden);
    }
    let columns = [
        "contract_id",
        "line",
        "seller_id",
        "delivered_on",
        "quantity",
        "value",
        "note",
        "recorded_by",
        "recorded_by_name",
        "recorded_at",
    ];
    let delivery = tx
        .insert_returning_id(
            &insert_sql("market_deliveries", &columns),
            &[
                Arg::I64(id),
                Arg::I64(fields.line as i64),
                Arg::I64(seller),
                Arg::Date(fields.delivered_on),
                Arg::I64(fields.quantity),
                Arg::I64(fields.value),
                Arg::OptText(fields.remarks.clone()),
                Arg::OptI64(cx.actor.user_id),
                Arg::Text(cx.actor.name.clone()),
                Arg::Time(cx.now),
            ],
        )
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "market_delivery",
        entity_id: delivery.to_string(),
        organisation_id: Some(seller),
        before: None,
        after: audit::snapshot(&fields),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.execute(
        "UPDATE market_contracts SET version = version + 1, updated_at = $1 WHERE id = $2",
        &[Arg::Time(cx.now), Arg::I64(id)],
    )
    .await?;
    tx.commit().await?;
    Ok(delivery)
}
