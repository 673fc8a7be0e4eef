//! EPCIS events as captured for an organisation and as queried back. A capture document is kept
//! whole or not at all; an event is never edited or deleted (a correction is a new event that
//! declares it wrong, see [`crate::domain::epcis::ErrorDeclaration`]).

use super::places::LOCAL_LOCATION;
use crate::domain::epcis::{self, Event, EventType};
use crate::domain::identifiers::Epc;
use chrono::{DateTime, Utc};
use hoptac_core::access::Permission;
use hoptac_core::gate::{self, Reach};
use hoptac_core::sql::{value_list, Tx};
use hoptac_core::{bind_args, on_pool, Arg, Conditions, Context, Db, FieldErrors, StoreError, StoreResult};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// What a capture kept: the events' ids, in the document's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    pub ids: Vec<i64>,
}

/// Captures a document's events for `organisation_id`, all of them or none.
///
/// Refused, with every fault named by event and field (`eventList[2].readPoint.id`):
/// - [`StoreError::Validation`]: the document breaks EPCIS 2.0 or the CBV
///   ([`epcis::read_document`]); an event names a place that is not one of the organisation's
///   (`epcis_location_not_yours`, `epcis_location_unknown`), a product whose GTIN no product has
///   (`epcis_unknown_product`); an error declaration whose event is not there or is another
///   organisation's (`epcis_declared_event_unknown`) or was declared wrong already
///   (`epcis_declared_already`);
/// - [`StoreError::Conflict`]: an event captured before, or twice in the document
///   (`epcis_duplicate`, the canonical hash);
/// - [`StoreError::NotFound`]/[`StoreError::Forbidden`]: the gate's, for someone who may not
///   record the organisation's traceability.
pub async fn capture(cx: &Context, organisation_id: i64, document: &Value) -> StoreResult<Captured> {
    gate::authorize(&cx.db, &cx.actor, Permission::Trace, organisation_id).await?;
    let events = epcis::read_document(document)
        .map_err(StoreError::Validation)?
        .events;
    let hashes: Vec<String> = events.iter().map(Event::canonical_hash).collect();
    let mut tx = Tx::begin(&cx.db).await?;
    duplicates(&mut tx, organisation_id, &hashes).await?;
    let mut errors = FieldErrors::new();
    check_places(&mut tx, organisation_id, &events, &mut errors).await?;
    check_products(&mut tx, &events, &mut errors).await?;
    let declared = declared_events(&mut tx, organisation_id, &events, &mut errors).await?;
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    let ids = tx.reserve_ids("trace_events", events.len()).await?;
    let mut event_rows = Vec::with_capacity(events.len());
    let mut thing_rows = Vec::new();
    for (i, event) in events.iter().enumerate() {
        let mut body = event.body.clone();
        body.insert(
            "recordTime".into(),
            Value::String(cx.now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
        );
        if !body.contains_key("eventID") {
            body.insert("eventID".into(), Value::String(hashes[i].clone()));
        }
        event_rows.push(vec![
            Arg::I64(ids[i]),
            Arg::I64(organisation_id),
            Arg::Text(event.event_type.as_str().to_owned()),
            Arg::Time(event.event_time.with_timezone(&Utc)),
            Arg::Time(cx.now),
            Arg::Text(hashes[i].clone()),
            Arg::OptText(event.event_id.clone()),
            Arg::OptText(event.action.map(|a| a.as_str().to_owned())),
            Arg::OptText(event.biz_step.clone()),
            Arg::OptText(event.disposition.clone()),
            Arg::OptText(event.read_point.as_deref().map(place_key)),
            Arg::OptText(event.biz_location.as_deref().map(place_key)),
            Arg::OptI64(declared.get(&i).copied()),
            Arg::OptI64(cx.actor.user_id),
            Arg::Text(Value::Object(body).to_string()),
        ]);
        // One row a thing and role: an EPC listed twice in one list is named once.
        let mut seen = HashSet::new();
        for named in &event.named {
            let key = named.epc.key();
            if seen.insert((key.clone(), named.role)) {
                thing_rows.push(vec![
                    Arg::Text(key),
                    Arg::I64(ids[i]),
                    Arg::Text(named.role.as_str().to_owned()),
                    Arg::OptF64(named.quantity),
                    Arg::OptText(named.uom.clone()),
                ]);
            }
        }
    }
    tx.insert_many("trace_events", EVENT_COLUMNS, &event_rows).await?;
    tx.insert_many(
        "trace_event_things",
        &["thing", "event_id", "role", "quantity", "uom"],
        &thing_rows,
    )
    .await?;
    tx.commit().await?;
    Ok(Captured { ids })
}

const EVENT_COLUMNS: &[&str] = &[
    "id",
    "organisation_id",
    "event_type",
    "event_time",
    "record_time",
    "event_hash",
    "event_id",
    "action",
    "biz_step",
    "disposition",
    "read_point",
    "biz_location",
    "declares_wrong",
    "captured_by",
    "body",
];

/// Refuses the organisation's events captured before, and an event sent twice in one document.
/// Another organisation may record the same happening: its events are not these.
async fn duplicates(tx: &mut Tx<'_>, organisation_id: i64, hashes: &[String]) -> StoreResult<()> {
    let mut errors = FieldErrors::new();
    let mut first_at: HashMap<&str, usize> = HashMap::new();
    for (i, hash) in hashes.iter().enumerate() {
        if let Some(first) = first_at.insert(hash, i) {
            first_at.insert(hash, first);
            errors.add_with(
                &format!("eventList[{i}]"),
                "epcis_duplicate_in_document",
                vec![("first", format!("eventList[{first}]"))],
            );
        }
    }
    let mut kept: HashSet<String> = HashSet::new();
    for chunk in hashes.chunks(500) {
        let sql = format!(
            "SELECT event_hash FROM trace_events WHERE event_hash IN {} AND organisation_id = ${}",
            value_list(chunk.len()),
            chunk.len() + 1
        );
        let args: Vec<Arg> = chunk
            .iter()
            .map(|h| Arg::Text(h.clone()))
            .chain(std::iter::once(Arg::I64(organisation_id)))
            .collect();
        let found: Vec<(String,)> = tx.fetch_all(&sql, &args).await?;
        kept.extend(found.into_iter().map(|(h,)| h));
    }
    for (i, hash) in hashes.iter().enumerate() {
        if kept.contains(hash) {
            errors.add_with(
                &format!("eventList[{i}]"),
                "epcis_duplicate",
                vec![("hash", hash.clone())],
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Conflict(epcis::at_most_named(errors)))
    }
}

/// The key a place is kept and queried by: `/414/{gln}` for a GLN, the URI as sent otherwise.
fn place_key(uri: &str) -> String {
    Epc::parse(uri)
        .map(|epc| epc.key())
        .unwrap_or_else(|_| uri.to_owned())
}

/// Every read point and business location must be one of the organisation's places.
async fn check_places(
    tx: &mut Tx<'_>,
    organisation_id: i64,
    events: &[Event],
    errors: &mut FieldErrors,
) -> StoreResult<()> {
    let mut named: Vec<(String, &str, String)> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        for (field, uri) in [
            ("readPoint", &event.read_point),
            ("bizLocation", &event.biz_location),
        ] {
            if let Some(uri) = uri {
                named.push((format!("eventList[{i}].{field}.id"), uri.as_str(), place_key(uri)));
            }
        }
    }
    let keys: HashSet<&str> = named.iter().map(|(_, _, key)| key.as_str()).collect();
    let mut owners: HashMap<String, i64> = HashMap::new();
    for key in keys {
        let owner: Option<(i64,)> = if let Some(gln) = key.strip_prefix("/414/") {
            tx.fetch_optional(
                "SELECT organisation_id FROM trace_locations WHERE gln = $1",
                &[Arg::Text(gln.to_owned())],
            )
            .await?
        } else if let Some(id) = key
            .strip_prefix(LOCAL_LOCATION)
            .and_then(|id| id.parse::<i64>().ok())
        {
            tx.fetch_optional(
                "SELECT organisation_id FROM trace_locations WHERE id = $1",
                &[Arg::I64(id)],
            )
            .await?
        } else {
            None
        };
        if let Some((owner,)) = owner {
            owners.insert(key.to_owned(), owner);
        }
    }
    for (field, uri, key) in named {
        match owners.get(&key) {
            Some(owner) if *owner == organisation_id => {}
            Some(_) => errors.add_with(
                &field,
                "epcis_location_not_yours",
                vec![("value", uri.to_owned())],
            ),
            None => errors.add_with(&field, "epcis_location_unknown", vec![("value", uri.to_owned())]),
        }
    }
    Ok(())
}

/// Every GTIN an event names must be a product's.
async fn check_products(tx: &mut Tx<'_>, events: &[Event], errors: &mut FieldErrors) -> StoreResult<()> {
    let gtins: HashSet<String> = events
        .iter()
        .flat_map(|e| e.named.iter())
        .filter_map(|n| n.epc.gtin().map(|g| g.to_string()))
        .collect();
    let gtins: Vec<String> = gtins.into_iter().collect();
    let mut known: HashSet<String> = HashSet::new();
    for chunk in gtins.chunks(500) {
        let sql = format!(
            "SELECT gtin FROM trace_products WHERE gtin IN {}",
            value_list(chunk.len())
        );
        let args: Vec<Arg> = chunk.iter().map(|g| Arg::Text(g.clone())).collect();
        let found: Vec<(String,)> = tx.fetch_all(&sql, &args).await?;
        known.extend(found.into_iter().map(|(g,)| g));
    }
    for (i, event) in events.iter().enumerate() {
        for named in &event.named {
            if let Some(gtin) = named.epc.gtin() {
                if !known.contains(gtin.as_str()) {
                    errors.add_with(
                        &format!("eventList[{i}].{}", named.field),
                        "epcis_unknown_product",
                        vec![("value", gtin.to_string())],
                    );
                }
            }
        }
    }
    Ok(())
}

/// The events that the document's error declarations declare wrong, by the declaring event's
/// place in the document: each must be the organisation's, and declared wrong once.
async fn declared_events(
    tx: &mut Tx<'_>,
    organisation_id: i64,
    events: &[Event],
    errors: &mut FieldErrors,
) -> StoreResult<HashMap<usize, i64>> {
    let mut declared = HashMap::new();
    let mut targets = HashSet::new();
    for (i, event) in events.iter().enumerate() {
        let Some(hash) = event.declared_event_hash() else {
            continue;
        };
        let field = format!("eventList[{i}].errorDeclaration");
        // The event declared wrong is the organisation's that the declaration repeats, or the
        // one it names by its eventID.
        let by_id = event
            .event_id
            .clone()
            .map(Arg::Text)
            .unwrap_or(Arg::OptText(None));
        let found: Option<(i64, i64)> = tx
            .fetch_optional(
                "SELECT e.id, (SELECT COUNT(*) FROM trace_events d WHERE d.declares_wrong = e.id) \
                 FROM trace_events e WHERE e.organisation_id = $1 AND (e.event_hash = $2 OR e.event_id = $3) \
                 ORDER BY e.id LIMIT 1",
                &[Arg::I64(organisation_id), Arg::Text(hash), by_id],
            )
            .await?;
        match found {
            // Once: not before, nor earlier in this document.
            Some((id, 0)) if targets.insert(id) => {
                declared.insert(i, id);
            }
            Some(_) => errors.add(&field, "epcis_declared_already"),
            None => errors.add(&field, "epcis_declared_event_unknown"),
        }
    }
    Ok(declared)
}

/// The filters of the EPCIS 2.0 query interface this store answers (the REST binding's query
/// parameters: `eventType`, `GE_eventTime`, `LT_eventTime`, `EQ_bizStep`, `EQ_disposition`,
/// `EQ_readPoint`, `EQ_bizLocation`, `MATCH_anyEPC`). Blank means any; several values of one
/// filter mean any of them.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    pub event_types: Vec<EventType>,
    pub from: Option<DateTime<Utc>>,
    /// Before this time.
    pub until: Option<DateTime<Utc>>,
    /// CBV words bare, or URIs.
    pub biz_steps: Vec<String>,
    pub dispositions: Vec<String>,
    pub read_points: Vec<String>,
    pub biz_locations: Vec<String>,
    /// EPCs in any role (an instance, a lot, a class, a parent, an input, an output).
    pub any_epcs: Vec<String>,
    /// The events after this one, in the order they were captured: the page token.
    pub after: Option<i64>,
    pub limit: i64,
}

/// A page of events, each as sent with its record time and event ID.
#[derive(Debug, Clone)]
pub struct EventPage {
    pub events: Vec<Value>,
    /// The token of the next page, when there is one.
    pub next: Option<i64>,
}

/// The events `access` reaches (those of organisations it may read or record traceability for)
/// that meet `query`, in the order they were captured.
///
/// Errors: a filter value that is not an identifier or vocabulary this store reads is named by
/// its parameter (`EQ_bizStep`, `MATCH_anyEPC`) in [`StoreError::Validation`].
pub async fn query(
    db: &Db,
    access: &hoptac_core::access::Access,
    query: &EventQuery,
) -> StoreResult<EventPage> {
    let mut c = Conditions::default();
    match gate::reach(access, &[Permission::ReadPrivate, Permission::Trace]) {
        Reach::Everything => {}
        Reach::Nothing => {
            return Ok(EventPage {
                events: Vec::new(),
                next: None,
            })
        }
        Reach::Organisations { condition, args } => c.push(
            &format!("e.organisation_id IN (SELECT o.id FROM organisations o WHERE {condition})"),
            args,
        ),
    }
    let any_of = |c: &mut Conditions, column: &str, values: Vec<String>| {
        if !values.is_empty() {
            let marks = vec!["?"; values.len()].join(", ");
            c.push(
                &format!("{column} IN ({marks})"),
                values.into_iter().map(Arg::Text),
            );
        }
    };
    any_of(
        &mut c,
        "e.event_type",
        query.event_types.iter().map(|t| t.as_str().to_owned()).collect(),
    );
    if let Some(from) = query.from {
        c.push("e.event_time >= ?", [Arg::Time(from)]);
    }
    if let Some(until) = query.until {
        c.push("e.event_time < ?", [Arg::Time(until)]);
    }
    // Vocabulary in its one spelling, as events keep it.
    let spelled = |field: &str, values: &[String], one_spelling: fn(&str) -> Option<String>| {
        values
            .iter()
            .map(|v| {
                one_spelling(v).ok_or_else(|| {
                    let mut errors = FieldErrors::new();
                    errors.add_with(field, "epcis_not_in_cbv", vec![("value", v.clone())]);
                    StoreError::Validation(errors)
                })
            })
            .collect::<StoreResult<Vec<String>>>()
    };
    let steps = spelled("EQ_bizStep", &query.biz_steps, epcis::business_step)?;
    let dispositions = spelled("EQ_disposition", &query.dispositions, epcis::disposition)?;
    any_of(&mut c, "e.biz_step", steps);
    any_of(&mut c, "e.disposition", dispositions);
    any_of(
        &mut c,
        "e.read_point",
        query.read_points.iter().map(|p| place_key(p)).collect(),
    );
    any_of(
        &mut c,
        "e.biz_location",
        query.biz_locations.iter().map(|p| place_key(p)).collect(),
    );
    if !query.any_epcs.is_empty() {
        // A trade item as a class (a GTIN alone, an `idpat` pattern) matches its lots and
        // instances too.
        let mut clauses = Vec::new();
        let mut args = Vec::new();
        for uri in &query.any_epcs {
            let epc = Epc::parse(uri)
                .map_err(|why| StoreError::Validation(FieldErrors::single("MATCH_anyEPC", why.code())))?;
            clauses.push("t.thing = ?");
            args.push(Arg::Text(epc.key()));
            if let Epc::Class(gtin) = &epc {
                clauses.push("t.thing LIKE ?");
                args.push(Arg::Text(format!("/01/{gtin}/%")));
            }
        }
        c.push(
            &format!(
                "e.id IN (SELECT t.event_id FROM trace_event_things t WHERE {})",
                clauses.join(" OR ")
            ),
            args,
        );
    }
    if let Some(after) = query.after {
        c.push("e.id > ?", [Arg::I64(after)]);
    }
    let n = c.next_placeholder();
    let sql = format!(
        "SELECT e.id, e.body FROM trace_events e {} ORDER BY e.id LIMIT ${n}",
        c.where_sql()
    );
    let limit = query.limit.clamp(1, MOST_PER_PAGE);
    let rows: Vec<(i64, String)> = on_pool!(db, |pool| bind_args!(sqlx::query_as(&sql), &c.args)
        .bind(limit + 1)
        .fetch_all(pool)
        .await)?;
    let more = rows.len() as i64 > limit;
    let rows = &rows[..rows.len().min(limit as usize)];
    Ok(EventPage {
        next: if more {
            rows.last().map(|(id, _)| *id)
        } else {
            None
        },
        events: rows
            .iter()
            .map(|(_, body)| serde_json::from_str(body).unwrap_or(Value::Null))
            .collect(),
    })
}

/// The most events one page of a query holds.
pub const MOST_PER_PAGE: i64 = 1000;
