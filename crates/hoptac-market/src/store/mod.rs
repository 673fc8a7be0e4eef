//! The market in the store: listings, demands, and the matches between them read on demand
//! (matching is computed each time from the records as they stand, never stored stale).

pub mod contracts;
pub mod conversations;
pub mod counts;
pub mod demands;
pub mod demo;
pub mod fairs;
pub mod listings;
pub mod programmes;
pub mod shops;
pub mod volume;

use crate::domain::matching::{self, Exclusion, Reason, Together};
use chrono::NaiveDate;
use demands::Demand;
use hoptac_core::access::{Access, Permission};
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::gate::Reach;
use hoptac_core::notifications::{self, Notice};
use hoptac_core::numbers::format_date;
use hoptac_core::sql::{update_sql, Record, Tx};
use hoptac_core::Arg;
use hoptac_core::{gate, Db, StoreError, StoreResult};
use listings::Listing;
use std::collections::HashMap;

/// The market's tables (migrations 31 to 35).
pub static SCHEMA: hoptac_core::db::Schema = hoptac_core::db::Schema {
    area: "market",
    sqlite: &SQLITE_MIGRATIONS,
    postgres: &POSTGRES_MIGRATIONS,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Refuses, on `field`, an organisation the actor may not trade for. The organisations of the
/// registry are public, so the refusal names the field rather than hiding the record, and the
/// form keeps what was typed; an organisation not in the registry is named as unknown.
async fn may_trade_for(cx: &hoptac_core::Context, organisation_id: i64, field: &str) -> StoreResult<()> {
    let place = match gate::place_of(&cx.db, organisation_id).await {
        Ok(place) => place,
        Err(StoreError::NotFound) => {
            let value = organisation_id.to_string();
            return Err(refused(field, "unknown_organisation", vec![("value", value)]));
        }
        Err(other) => return Err(other),
    };
    if cx.actor.access.allows(Permission::Trade, &place) {
        Ok(())
    } else {
        Err(refused(field, "cannot_trade_for", Vec::new()))
    }
}

/// The organisations whose trade records a person reaches: those it may read or trade for.
pub(crate) fn reach(access: &Access) -> Reach {
    gate::reach(access, &[Permission::ReadPrivate, Permission::Trade])
}

pub(crate) fn refused(field: &str, code: &'static str, params: Vec<(&'static str, String)>) -> StoreError {
    let mut errors = hoptac_core::FieldErrors::new();
    errors.add_with(field, code, params);
    StoreError::Validation(errors)
}

/// An edit of a versioned record (one with `version` and `updated_at` columns), as
/// [`save_edit`] writes it.
pub(crate) struct Edit<'a, F> {
    pub table: &'static str,
    /// The audit trail's name for the record.
    pub entity: &'static str,
    pub id: i64,
    /// The query that reads the record as it stands, and its arguments.
    pub select: String,
    pub select_args: Vec<Arg>,
    /// The version the edit was made from, when it says.
    pub from_version: Option<i64>,
    pub fields: &'a F,
    /// The columns written and their values (`updated_at` among them), in order.
    pub columns: Vec<&'static str>,
    pub values: Vec<Arg>,
    pub organisation_id: Option<i64>,
}

/// Writes an edit under the record's lock. The record is read again under the lock (`read` gives
/// its version and fields), so that an edit made from an older version is refused as stale and
/// the trail's "before" is what the write replaced; an edit that changes nothing writes nothing;
/// otherwise the version is raised and the change audited.
pub(crate) async fn save_edit<R: Record, F: serde::Serialize + PartialEq>(
    cx: &hoptac_core::Context,
    edit: Edit<'_, F>,
    read: fn(&R) -> (i64, F),
) -> StoreResult<()> {
    let mut tx = Tx::begin(&cx.db).await?;
    if !tx.lock(edit.table, edit.id).await? {
        return Err(StoreError::NotFound);
    }
    let found: R = tx
        .fetch_optional(&edit.select, &edit.select_args)
        .await?
        .ok_or(StoreError::NotFound)?;
    let (version, before) = read(&found);
    hoptac_core::error::ensure_current(edit.from_version, version)?;
    if &before == edit.fields {
        return Ok(());
    }
    let mut columns = edit.columns;
    columns.push("version");
    let mut values = edit.values;
    values.extend([Arg::I64(version + 1), Arg::I64(edit.id)]);
    tx.execute(&update_sql(edit.table, &columns), &values).await?;
    let change = Change {
        action: Action::Update,
        entity: edit.entity,
        entity_id: edit.id.to_string(),
        organisation_id: edit.organisation_id,
        before: audit::snapshot(&before),
        after: audit::snapshot(edit.fields),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// The producers' records of delivering: the linkage contracts each delivered under in the
/// [`matching::RECORD_YEARS`] before `today`, by organisation.
async fn records(db: &Db, producers: &[i64], today: NaiveDate) -> StoreResult<HashMap<i64, u32>> {
    let mut producers = producers.to_vec();
    producers.sort_unstable();
    producers.dedup();
    let since = today
        .checked_sub_months(chrono::Months::new(12 * matching::RECORD_YEARS))
        .unwrap_or(today);
    listings::delivery_records(db, &producers, since).await
}

/// Offers with their producers' records of delivering filled in.
async fn with_records(
    db: &Db,
    found: Vec<(matching::Offer, i64)>,
    today: NaiveDate,
) -> StoreResult<Vec<matching::Offer>> {
    let producers: Vec<i64> = found.iter().map(|(_, producer)| *producer).collect();
    let records = records(db, &producers, today).await?;
    Ok(found
        .into_iter()
        .map(|(offer, producer)| matching::Offer {
            contracts_delivered: records.get(&producer).copied().unwrap_or(0),
            ..offer
        })
        .collect())
}

/// The most matches a demand's page and the API show: the best, as matching ranks them.
pub const MOST_MATCHES: usize = 50;

/// The most listings of the product asked that do not answer a demand, shown with why.
pub const MOST_EXCLUDED: usize = 50;

/// A listing that answers a demand, with its score out of 100, what its season gives over the
/// demand's period (in the measure's smallest unit: kg, litre, one) and why it ranks there.
#[derive(Debug, Clone)]
pub struct ListingMatch {
    pub listing: Listing,
    pub score: u32,
    pub supply: i64,
    pub reasons: Vec<Reason>,
}

/// A demand's supply, ranked across every province.
#[derive(Debug, Clone)]
pub struct DemandMatches {
    pub demand: Demand,
    /// The best [`MOST_MATCHES`] listings that answer, best first.
    pub matches: Vec<ListingMatch>,
    /// How many listings answer in all.
    pub answering: usize,
    /// Listings of the product asked that do not answer, and why: at most [`MOST_EXCLUDED`].
    pub excluded: Vec<(Listing, Exclusion)>,
    /// The best listings together, when no one covers the quantity.
    pub together: Option<Together>,
}

/// The listings that answer a demand, best first (see [`matching`]), their certificates read on
/// the demand's [`matching::check_day`]. Every listing of the product asked is weighed; only the
/// best are read whole.
pub async fn matches_for_demand(
    db: &Db,
    actor: &Actor,
    demand_id: i64,
    today: NaiveDate,
) -> StoreResult<DemandMatches> {
    let demand = demands::get(db, actor, demand_id).await?;
    let fields = demand.fields();
    let day = matching::check_day(&fields, today);
    let answering = listings::offers_for(db, &fields, day, true, i64::MAX).await?;
    let others = listings::offers_for(db, &fields, day, false, MOST_EXCLUDED as i64).await?;
    let ranking = matching::rank(&fields, &with_records(db, answering, today).await?);
    // Listings of another product that share a word are not excluded: they are not asked for.
    // A producer's record of delivering only scores: those that do not answer go without it.
    let others: Vec<matching::Offer> = others.into_iter().map(|(offer, _)| offer).collect();
    let refused = matching::rank(&fields, &others).excluded;
    let mut excluded = ranking.excluded;
    excluded.extend(refused);
    excluded.truncate(MOST_EXCLUDED);
    let count = ranking.matches.len();
    let mut shown: Vec<matching::Match> = ranking.matches;
    let together = ranking.together;
    let kept: std::collections::HashSet<i64> = together
        .iter()
        .flat_map(|t| t.listing_ids.iter().copied())
        .collect();
    let mut rank = 0;
    shown.retain(|m| {
        rank += 1;
        rank <= MOST_MATCHES || kept.contains(&m.listing_id)
    });
    let ids: Vec<i64> = shown
        .iter()
        .map(|m| m.listing_id)
        .chain(excluded.iter().map(|(id, _)| *id))
        .collect();
    let mut by_id: HashMap<i64, Listing> = listings::with_ids(db, &ids, day)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();
    let matches = shown
        .into_iter()
        .filter_map(|m| {
            Some(ListingMatch {
                listing: by_id.remove(&m.listing_id)?,
                score: m.score,
                supply: m.supply,
                reasons: m.reasons,
            })
        })
        .collect();
    let excluded = excluded
        .into_iter()
        .filter_map(|(id, why)| Some((by_id.remove(&id)?, why)))
        .collect();
    Ok(DemandMatches {
        demand,
        matches,
        answering: count,
        excluded,
        together,
    })
}

/// A demand a listing answers, with the listing's score for it.
#[derive(Debug, Clone)]
pub struct DemandMatch {
    pub demand: Demand,
    pub score: u32,
    pub supply: i64,
    pub reasons: Vec<Reason>,
}

/// The open demands a listing answers, best first: for whoever may trade for its organisation.
pub async fn matches_for_listing(
    db: &Db,
    actor: &Actor,
    listing_id: i64,
    today: NaiveDate,
) -> StoreResult<Vec<DemandMatch>> {
    let listing = listings::get(db, listing_id, today).await?;
    gate::authorize(db, actor, Permission::Trade, listing.organisation_id).await?;
    let records = records(db, &[listing.organisation_id], today).await?;
    let offer = matching::Offer {
        contracts_delivered: records.get(&listing.organisation_id).copied().unwrap_or(0),
        ..listing.offer()
    };
    let words: Vec<String> = offer
        .words
        .split(' ')
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_owned)
        .collect();
    let found = demands::candidates(db, &words, today).await?;
    let fields: Vec<_> = found.iter().map(Demand::fields).collect();
    let ranked = matching::rank_demands(&offer, &fields);
    Ok(ranked
        .into_iter()
        .filter_map(|(i, m)| {
            Some(DemandMatch {
                demand: found.get(i)?.clone(),
                score: m.score,
                supply: m.supply,
                reasons: m.reasons,
            })
        })
        .collect())
}

/// The most matches told about one new demand or listing: the best, as matching ranks them.
pub const MOST_TOLD: usize = 10;

/// Tells the makers of the best listings for a demand just posted that it fits their product,
/// and the buyer how many listings answer it. A failure is logged, never the poster's: the demand
/// is saved whatever the telling does.
pub async fn tell_matches_for_demand(cx: &hoptac_core::Context, demand_id: i64) {
    if let Err(e) = matches_told_for_demand(cx, demand_id).await {
        tracing::warn!(demand = demand_id, error = %e, "the demand's matches were not told");
    }
}

async fn matches_told_for_demand(cx: &hoptac_core::Context, demand_id: i64) -> StoreResult<()> {
    let found = matches_for_demand(&cx.db, &cx.actor, demand_id, cx.today).await?;
    let demand = &found.demand;
    let link = format!("/market/demands/{demand_id}");
    let mut notices: Vec<Notice> = found
        .matches
        .iter()
        .take(MOST_TOLD)
        .map(|m| Notice {
            organisation_id: m.listing.organisation_id,
            topic: format!("market-match:demand:{demand_id}:listing:{}", m.listing.id),
            message: "notify-market_demand_fits",
            args: vec![
                ("buyer", demand.buyer_name.clone()),
                ("demand", demand.product.clone()),
                ("province", demand.delivery_province_name.clone()),
                ("from", format_date(demand.starts_on)),
                ("until", format_date(demand.ends_on)),
                ("product", m.listing.product_name.clone()),
                ("score", m.score.to_string()),
            ],
            link: link.clone(),
        })
        .collect();
    if let Some(best) = found.matches.first() {
        notices.push(Notice {
            organisation_id: demand.buyer_id,
            topic: format!("market-matches:demand:{demand_id}"),
            message: "notify-market_matches",
            args: vec![
                ("demand", demand.product.clone()),
                ("count", found.matches.len().to_string()),
                ("best", best.listing.product_name.clone()),
                ("maker", best.listing.organisation_name.clone()),
                ("score", best.score.to_string()),
            ],
            link,
        });
    }
    notifications::tell_all(&cx.db, &notices, cx.now).await?;
    Ok(())
}

/// Tells the buyers of the open demands a listing just posted answers best that it fits them.
/// A failure is logged, as for a demand.
pub async fn tell_matches_for_listing(cx: &hoptac_core::Context, listing_id: i64) {
    if let Err(e) = matches_told_for_listing(cx, listing_id).await {
        tracing::warn!(listing = listing_id, error = %e, "the listing's matches were not told");
    }
}

async fn matches_told_for_listing(cx: &hoptac_core::Context, listing_id: i64) -> StoreResult<()> {
    let listing = listings::get(&cx.db, listing_id, cx.today).await?;
    let found = matches_for_listing(&cx.db, &cx.actor, listing_id, cx.today).await?;
    let notices: Vec<Notice> = found
        .iter()
        .take(MOST_TOLD)
        .map(|m| Notice {
            organisation_id: m.demand.buyer_id,
            topic: format!("market-match:demand:{}:listing:{listing_id}", m.demand.id),
            message: "notify-market_listing_fits",
            args: vec![
                ("demand", m.demand.product.clone()),
                ("product", listing.product_name.clone()),
                ("maker", listing.organisation_name.clone()),
                ("province", listing.province_name.clone()),
                ("score", m.score.to_string()),
            ],
            link: format!("/market/listings/{listing_id}"),
        })
        .collect();
    notifications::tell_all(&cx.db, &notices, cx.now).await?;
    Ok(())
}
