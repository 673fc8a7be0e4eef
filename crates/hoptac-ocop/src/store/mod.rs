//! The OCOP programme in the store: scorecard versions and product sets, products and their
//! self-assessments, evaluation rounds with their applications, council and sheets, the decision
//! that issues certificates, and the public verification of a certificate.

pub mod certificates;
pub mod counts;
pub mod demo;
pub mod files;
pub mod products;
pub mod rounds;
pub mod scorecards;
pub mod volume;

/// The OCOP programme's tables (migration 7): star rules, product sets, scorecards, products,
/// rounds, applications, sheets, certificates and notices.
pub static SCHEMA: hoptac_core::db::Schema = hoptac_core::db::Schema {
    area: "ocop",
    sqlite: &SQLITE_MIGRATIONS,
    postgres: &POSTGRES_MIGRATIONS,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

use crate::domain::inputs::SheetInput;
use crate::domain::rating::{self, Consolidated, NextStar, Rating, StarClass, StarRules};
use crate::domain::Level;
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::audit::Actor;
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::FieldErrors;
use hoptac_core::{on_pool, Arg, Db, StoreError, StoreResult};
use scorecards::ScorecardVersion;
use serde::Serialize;
use std::collections::BTreeMap;

/// Every star rule set, each from its date.
#[derive(Debug, Clone)]
pub struct StarRuleSets(pub Vec<StarRules>);

impl StarRuleSets {
    /// The set in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> StoreResult<&StarRules> {
        StarRules::in_force(&self.0, date)
            .ok_or_else(|| StoreError::Config(format!("no OCOP star rules in force on {date}")))
    }
}

#[derive(sqlx::FromRow)]
struct StarRuleRow {
    effective_from: NaiveDate,
    source: String,
    stars: i32,
    min_score: i32,
    validity_months: Option<i32>,
    level: String,
}

/// The star rules as configured.
pub async fn star_rules(db: &Db) -> StoreResult<StarRuleSets> {
    let sql = "SELECT effective_from, source, stars, min_score, validity_months, level \
               FROM ocop_star_rules ORDER BY effective_from, stars";
    let rows: Vec<StarRuleRow> = on_pool!(db, |pool| sqlx::query_as(sql).fetch_all(pool).await)?;
    let mut sets: Vec<StarRules> = Vec::new();
    for row in rows {
        let class = StarClass {
            stars: u8::try_from(row.stars).unwrap_or(0),
            min_score: u32::try_from(row.min_score).unwrap_or(0),
            validity_months: row.validity_months.and_then(|m| u32::try_from(m).ok()),
            level: Level::parse(&row.level)
                .ok_or_else(|| StoreError::Config(format!("unknown OCOP level {}", row.level)))?,
        };
        match sets.last_mut() {
            Some(set) if set.effective_from == row.effective_from => set.classes.push(class),
            _ => sets.push(StarRules {
                effective_from: row.effective_from,
                source: row.source,
                classes: vec![class],
            }),
        }
    }
    Ok(StarRuleSets(sets))
}

/// A part's points, averaged over the sheets.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PartScore {
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
    pub max: u32,
    pub points: f64,
}

/// One or more sheets of a product rated: a self-assessment, or a council's consolidated score.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Assessment {
    pub scorecard_id: i64,
    pub consolidated: Consolidated,
    /// The average total, e.g. 72.5.
    pub score: f64,
    pub parts: Vec<PartScore>,
    pub rating: Rating,
    /// For a single sheet: what stands between the product and the next star.
    pub next_star: Option<NextStar>,
    /// For a single sheet: its points by criterion.
    pub points: BTreeMap<String, u32>,
}

/// Rates sheets on a card. `projected` rates as the highest council would (a self-assessment).
pub(crate) fn assessment(
    card: &ScorecardVersion,
    sheets: &[BTreeMap<String, u32>],
    rules: &StarRules,
    projected: bool,
) -> Assessment {
    let consolidated = Consolidated::of(sheets).unwrap_or(Consolidated {
        total: rating::Score { sum: 0, count: 0 },
        by_criterion: BTreeMap::new(),
        lowest: 0,
        highest: 0,
    });
    let level = if projected {
        Level::Central
    } else {
        Level::Province
    };
    let rating = rating::rate(rules, &card.card, &consolidated, level);
    let count = f64::from(consolidated.total.count.max(1));
    let parts = card
        .card
        .parts()
        .iter()
        .map(|part| PartScore {
            code: part.code,
            name_vi: part.name_vi,
            name_en: part.name_en,
            max: part.max,
            points: f64::from(
                card.card
                    .criteria
                    .iter()
                    .filter(|c| c.part == part.code)
                    .map(|c| consolidated.by_criterion.get(&c.code).copied().unwrap_or(0))
                    .sum::<u32>(),
            ) / count,
        })
        .collect();
    let single = (sheets.len() == 1).then(|| sheets[0].clone());
    let next_star = single
        .as_ref()
        .and_then(|sheet| rating::next_star(rules, &card.card, sheet, &rating));
    Assessment {
        scorecard_id: card.id,
        score: consolidated.total.value(),
        consolidated,
        parts,
        rating,
        next_star,
        points: single.unwrap_or_default(),
    }
}

/// A sheet's points checked against the card it must be scored on.
pub(crate) fn checked_points(
    card: &ScorecardVersion,
    input: &SheetInput,
) -> StoreResult<BTreeMap<String, u32>> {
    let named = input
        .scorecard_id
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    if let Some(named) = named {
        if named != card.id.to_string() {
            let mut e = FieldErrors::new();
            e.add_with(
                "scorecard_id",
                "scorecard_mismatch",
                vec![("value", named.to_owned())],
            );
            return Err(StoreError::Validation(e));
        }
    }
    // Every fault at once: the card's checks on the points that read, beside those that did not
    // (which are not also called missing).
    let (points, mut errors) = input.read_points();
    if let Err(on_card) = card.card.check(&points) {
        for e in on_card.0 {
            if errors.for_field(&e.field).is_none() {
                errors.0.push(e);
            }
        }
    }
    errors.into_result(points).map_err(StoreError::Validation)
}

/// Writes a sheet: a self-assessment (no application) or a council member's.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_sheet(
    tx: &mut Tx<'_>,
    product_id: i64,
    application_id: Option<i64>,
    evaluator_id: Option<i64>,
    card: &ScorecardVersion,
    points: &BTreeMap<String, u32>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let total: u32 = points.values().sum();
    let names = [
        "product_id",
        "application_id",
        "evaluator_id",
        "scorecard_id",
        "points",
        "total",
        "submitted_at",
        "submitted_by",
    ];
    let args = [
        Arg::I64(product_id),
        Arg::OptI64(application_id),
        Arg::OptI64(evaluator_id),
        Arg::I64(card.id),
        Arg::Text(serde_json::to_string(points).map_err(|e| StoreError::Config(e.to_string()))?),
        Arg::I32(i32::try_from(total).unwrap_or(i32::MAX)),
        Arg::Time(now),
        Arg::OptI64(actor.user_id),
    ];
    Ok(tx
        .insert_returning_id(&insert_sql("ocop_sheets", &names), &args)
        .await?)
}
