//! OCOP records at the country's scale, for measuring the reports against the national registry
//! demo: about one product in six subjects, each recognised in its province's yearly round with
//! the stars the country's programme gives (three in four of 3 stars, about one in five of 4,
//! a few of 5), a few not recognised, and re-recognition three years on. Written in bulk, as the
//! registry's national demo is; the scores are totals only, without council sheets.

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use hoptac_core::sql::Tx;
use hoptac_core::text;
use hoptac_core::{on_pool, Arg, Db, StoreResult};
use std::collections::BTreeMap;

/// What was written.
#[derive(Debug, Default)]
pub struct OcopVolume {
    pub products: usize,
    pub rounds: usize,
    pub applications: usize,
    pub certificates: usize,
}

const GROUPS: [(&str, &str); 4] = [
    ("food", "Gạo"),
    ("drinks", "Chè"),
    ("food", "Mật ong"),
    ("herbs", "Cao dược liệu"),
];

/// The columns a bulk write of OCOP products fills, in the order of each row's values.
pub const PRODUCT_COLUMNS: [&str; 12] = [
    "id",
    "organisation_id",
    "name",
    "search_name",
    "name_key",
    "product_group",
    "has_quality_declaration",
    "ip_protection",
    "has_traceability",
    "is_value_chain",
    "created_at",
    "updated_at",
];

/// The stars a recognised product gets, drawn from a number in 0..100.
fn stars_for(draw: u32) -> i64 {
    match draw {
        0..=74 => 3,
        75..=97 => 4,
        _ => 5,
    }
}

pub async fn load(db: &Db, seed: u64, today: NaiveDate, now: DateTime<Utc>) -> StoreResult<OcopVolume> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let subjects: Vec<(i64, String, NaiveDate)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT id, province_code, founding_date FROM organisations \
         WHERE kind IN ('htx', 'tht', 'enterprise', 'household_business') ORDER BY id"
    )
    .fetch_all(pool)
    .await)?;
    let scorecard: i64 = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT MIN(id) FROM ocop_scorecards"
    )
    .fetch_one(pool)
    .await)?;
    let first_id = |table: &'static str| async move {
        let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
        on_pool!(db, |pool| sqlx::query_scalar::<_, i64>(&sql)
            .fetch_one(pool)
            .await)
    };
    let (mut product_id, mut round_id) = (first_id("ocop_products").await?, first_id("ocop_rounds").await?);
    let (mut application_id, mut certificate_id) = (
        first_id("ocop_applications").await?,
        first_id("ocop_certificates").await?,
    );
    let last_year = today.year() - 1;
    let years = 2021..=last_year;
    // One decided round per province and year, on 15 November.
    let mut rounds: BTreeMap<(String, i32), (i64, NaiveDate)> = BTreeMap::new();
    let mut round_rows = Vec::new();
    let mut provinces: Vec<&String> = subjects.iter().map(|(_, p, _)| p).collect();
    provinces.sort();
    provinces.dedup();
    for province in provinces {
        for year in years.clone() {
            let (Some(opened), Some(decided)) = (
                NaiveDate::from_ymd_opt(year, 3, 1),
                NaiveDate::from_ymd_opt(year, 11, 15),
            ) else {
                continue;
            };
            rounds.insert((province.clone(), year), (round_id, decided));
            round_rows.push(vec![
                Arg::I64(round_id),
                Arg::Text(province.clone()),
                Arg::Text(format!("Đánh giá, phân hạng sản phẩm OCOP năm {year}")),
                Arg::Date(opened),
                Arg::Date(decided),
                Arg::Text("province".into()),
                Arg::Text(format!("{round_id}/QĐ-UBND")),
                Arg::Date(decided),
                Arg::Time(now),
                Arg::Time(now),
            ]);
            round_id += 1;
        }
    }
    let mut products = Vec::new();
    let mut applications = Vec::new();
    let mut certificates = Vec::new();
    for (subject, province, founded) in &subjects {
        if rng.u32(0..6) != 0 {
            continue;
        }
        let first = (founded.year() + 1).max(2021);
        if first > last_year {
            continue;
        }
        let year = rng.i32(first..=last_year);
        let Some(&(round, decided)) = rounds.get(&(province.clone(), year)) else {
            continue;
        };
        let (group, kind) = GROUPS[rng.usize(0..GROUPS.len())];
        let name = format!("{kind} {product_id}");
        products.push(vec![
            Arg::I64(product_id),
            Arg::I64(*subject),
            Arg::Text(name.clone()),
            Arg::Text(text::searchable(&name)),
            Arg::Text(text::name_key(&name)),
            Arg::Text(group.into()),
            Arg::Bool(rng.u32(0..3) == 0),
            Arg::OptText((rng.u32(0..10) == 0).then(|| "trademark".to_owned())),
            Arg::Bool(rng.u32(0..4) == 0),
            Arg::Bool(rng.u32(0..5) == 0),
            Arg::Time(now),
            Arg::Time(now),
        ]);
        let (fails, stars, potential) = (
            rng.u32(0..12) == 0,
            stars_for(rng.u32(0..100)),
            rng.u32(0..10) == 0,
        );
        let mut application = |round: i64,
                               decided: NaiveDate,
                               (kind, outcome): (&str, &str),
                               stars: Option<i64>,
                               previous: Option<(i64, i64)>| {
            applications.push(vec![
                Arg::I64(application_id),
                Arg::I64(round),
                Arg::I64(product_id),
                Arg::Text(kind.into()),
                Arg::Date(decided - Months::new(6)),
                Arg::I64(scorecard),
                Arg::OptI64(previous.map(|p| p.0)),
                Arg::OptI64(previous.map(|p| p.1)),
                Arg::Text(outcome.into()),
                Arg::OptI64(stars),
                Arg::OptI64(stars.map(|s| 30 + 20 * s)),
                Arg::I64(1),
                Arg::Bool(stars == Some(4) && potential),
                Arg::Time(now),
            ]);
            application_id += 1;
            application_id - 1
        };
        // The first round; some products fall short of three stars.
        if fails {
            application(round, decided, ("first", "not_recognised"), None, None);
            product_id += 1;
            continue;
        }
        let applied = application(round, decided, ("first", "recognised"), Some(stars), None);
        let again = rounds.get(&(province.clone(), year + 3)).copied();
        let mut certificate = |application: i64, issued: NaiveDate, replaced: Option<NaiveDate>| {
            certificates.push(vec![
                Arg::I64(certificate_id),
                Arg::Text(format!("{certificate_id}/OCOP")),
                Arg::Text(format!("v{certificate_id:011}")),
                Arg::I64(product_id),
                Arg::I64(application),
                Arg::I64(stars),
                Arg::Date(issued),
                Arg::Date(issued + Months::new(36)),
                Arg::OptDate(replaced),
                Arg::Time(now),
            ]);
            certificate_id += 1;
            certificate_id - 1
        };
        let first_certificate = certificate(applied, decided, again.map(|(_, d)| d));
        // Re-recognised three years on, where that round has been held.
        if let Some((round, decided)) = again {
            let applied = application(
                round,
                decided,
                ("rerecognition", "rerecognised"),
                Some(stars),
                Some((first_certificate, stars)),
            );
            certificate(applied, decided, None);
        }
        product_id += 1;
    }
    let volume = OcopVolume {
        products: products.len(),
        rounds: round_rows.len(),
        applications: applications.len(),
        certificates: certificates.len(),
    };
    let mut tx = Tx::begin(db).await?;
    let round_columns = [
        "id",
        "province_code",
        "name",
        "opened_on",
        "closes_on",
        "level",
        "decision_number",
        "decision_date",
        "decided_at",
        "created_at",
    ];
    tx.insert_many("ocop_rounds", &round_columns, &round_rows).await?;
    tx.insert_many("ocop_products", &PRODUCT_COLUMNS, &products)
        .await?;
    let application_columns = [
        "id",
        "round_id",
        "product_id",
        "kind",
        "submitted_on",
        "scorecard_id",
        "previous_certificate_id",
        "previous_stars",
        "outcome",
        "stars",
        "score_sum",
        "score_count",
        "potential_five_stars",
        "created_at",
    ];
    tx.insert_many("ocop_applications", &application_columns, &applications)
        .await?;
    let certificate_columns = [
        "id",
        "number",
        "verification_code",
        "product_id",
        "application_id",
        "stars",
        "issued_on",
        "expires_on",
        "replaced_on",
        "created_at",
    ];
    tx.insert_many("ocop_certificates", &certificate_columns, &certificates)
        .await?;
    tx.commit().await?;
    Ok(volume)
}
