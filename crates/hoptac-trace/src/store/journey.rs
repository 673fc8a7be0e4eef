//! What a consumer who scans a code is shown: the product a GTIN names, and the journey of a lot
//! or an item from field to shelf, read from the events that name it and, through the
//! transformations that made it, from the events of what it was made from. Events declared wrong
//! are left out of the journey (they stay in the record).

use super::places;
use crate::domain::epcis::zone_offset_seconds;
use crate::domain::identifiers::ItemKey;
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::sql::value_list;
use hoptac_core::{on_pool, Db, StoreError, StoreResult};
use hoptac_ocop::store::products::{self, Producer, Product};

/// The product a GTIN names, with its producer and its certificate on `today`.
pub struct Scanned {
    pub product: Product,
    pub producer: Producer,
}

/// The product a GTIN names; [`StoreError::NotFound`] when no product has it.
pub async fn product_of(db: &Db, gtin: &str, today: NaiveDate) -> StoreResult<Scanned> {
    let id: Option<i64> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT product_id FROM trace_products WHERE gtin = $1"
    )
    .bind(gtin)
    .fetch_optional(pool)
    .await)?;
    let product = products::get(db, id.ok_or(StoreError::NotFound)?, today).await?;
    let producer = products::producer(db, product.organisation_id).await?;
    Ok(Scanned { product, producer })
}

/// One step of a journey, as the consumer's page tells it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Step {
    pub event_time: DateTime<Utc>,
    pub event_type: String,
    pub biz_step: Option<String>,
    pub disposition: Option<String>,
    pub read_point: Option<String>,
    pub biz_location: Option<String>,
    /// The name of its read point or else its business location, when the place is known.
    #[sqlx(skip)]
    pub place: Option<String>,
    /// The organisation whose event it is.
    pub organisation: String,
    pub body: String,
}

impl Step {
    /// The time a clock showed where it happened (Vietnam's when the event does not say).
    pub fn local_time(&self) -> chrono::NaiveDateTime {
        let offset = serde_json::from_str::<serde_json::Value>(&self.body)
            .ok()
            .and_then(|b| b["eventTimeZoneOffset"].as_str().and_then(zone_offset_seconds));
        match offset {
            Some(seconds) => (self.event_time + chrono::Duration::seconds(seconds)).naive_utc(),
            None => hoptac_core::clock::vietnam_time(self.event_time),
        }
    }
}

/// How far back through transformations a journey is followed.
const MOST_GENERATIONS: usize = 5;

/// The most steps a journey shows.
pub const MOST_STEPS: usize = 200;

/// The journey of what `key` names, the earliest step first: the events naming it (its lot's
/// too, for an item of a known lot), then, for each transformation that produced it, the
/// journey of its inputs, up to [`MOST_GENERATIONS`] back.
pub async fn journey(db: &Db, key: &ItemKey) -> StoreResult<Vec<Step>> {
    let mut things = vec![key.digital_link_path()];
    if key.serial.is_some() && key.lot.is_some() {
        things.push(
            ItemKey {
                serial: None,
                ..key.clone()
            }
            .digital_link_path(),
        );
    }
    let mut seen: std::collections::HashSet<String> = things.iter().cloned().collect();
    let mut steps = Vec::new();
    let mut generation = things;
    for _ in 0..MOST_GENERATIONS {
        if generation.is_empty() {
            break;
        }
        steps.extend(steps_of(db, &generation).await?);
        let inputs = inputs_of(db, &generation).await?;
        generation = inputs.into_iter().filter(|t| seen.insert(t.clone())).collect();
    }
    steps.sort_by_key(|s| s.event_time);
    steps.dedup_by(|a, b| a.body == b.body);
    steps.truncate(MOST_STEPS);
    let keys: Vec<String> = steps
        .iter()
        .flat_map(|s| [s.read_point.clone(), s.biz_location.clone()])
        .flatten()
        .collect();
    let names = places::names(db, &keys).await?;
    for step in &mut steps {
        let named = |key: &Option<String>| key.as_ref().and_then(|k| names.get(k).cloned());
        step.place = named(&step.read_point).or_else(|| named(&step.biz_location));
    }
    Ok(steps)
}

/// The events naming any of `things`, less those declared wrong and the declarations.
async fn steps_of(db: &Db, things: &[String]) -> StoreResult<Vec<Step>> {
    let sql = format!(
        "SELECT e.event_time, e.event_type, e.biz_step, e.disposition, e.read_point, e.biz_location, \
         o.name AS organisation, e.body \
         FROM trace_events e JOIN organisations o ON o.id = e.organisation_id \
         WHERE e.id IN (SELECT t.event_id FROM trace_event_things t WHERE t.thing IN {}) \
         AND e.declares_wrong IS NULL \
         AND NOT EXISTS (SELECT 1 FROM trace_events d WHERE d.declares_wrong = e.id) \
         ORDER BY e.event_time LIMIT {MOST_STEPS}",
        value_list(things.len())
    );
    Ok(on_pool!(db, |pool| {
        let mut query = sqlx::query_as::<_, Step>(&sql);
        for thing in things {
            query = query.bind(thing.as_str());
        }
        query.fetch_all(pool).await
    })?)
}

/// What the transformations that produced any of `things` consumed.
async fn inputs_of(db: &Db, things: &[String]) -> StoreResult<Vec<String>> {
    let sql = format!(
        "SELECT DISTINCT i.thing FROM trace_event_things o \
         JOIN trace_event_things i ON i.event_id = o.event_id AND i.role = 'input' \
         WHERE o.role = 'output' AND o.thing IN {} \
         AND NOT EXISTS (SELECT 1 FROM trace_events d WHERE d.declares_wrong = o.event_id)",
        value_list(things.len())
    );
    Ok(on_pool!(db, |pool| {
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for thing in things {
            query = query.bind(thing.as_str());
        }
        query.fetch_all(pool).await
    })?)
}
