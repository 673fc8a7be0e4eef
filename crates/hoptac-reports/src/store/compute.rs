//! The indicators counted from the records, for a set of organisations grouped into buckets (the
//! parts of a province, or its communes). One grouped query per kind of record: organisations,
//! their status history, member registers, yearly figures, OCOP certificates, round decisions and
//! the product register. A bucket that holds no records of a kind gets no value for the indicators
//! counted from it, so the report can tell "none counted" from "nothing known".

use crate::domain::{Indicator, Period};
use chrono::NaiveDate;
use hoptac_core::{on_pool, Arg, Db, StoreResult};
use hoptac_ocop::store::certificates::holds_on;
use hoptac_registry::domain::organisation::OrgKind;
use hoptac_registry::store::organisations::{status_on_args, STATUS_ON};
use sqlx::Row;
use std::collections::HashMap;

/// Which organisations a computation reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Filter {
    Everything,
    /// A 2025 province, with the 2008 provinces that merged into it.
    Province(String),
    /// A 2008 province.
    OldProvince(String),
    Commune(i64),
}

/// How organisations are put into buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Grouping {
    /// `{2025 province}/{2008 province or empty}`: the parts of provinces across the merger.
    ProvincePart,
    /// The commune's id: for drilling down into a province.
    Commune,
}

impl Grouping {
    fn key_sql(self) -> &'static str {
        match self {
            Grouping::ProvincePart => "o.province_code || '/' || COALESCE(o.old_province_code, '')",
            Grouping::Commune => "CAST(o.commune_id AS TEXT)",
        }
    }
}

/// The key of a bucket of [`Grouping::ProvincePart`].
pub(crate) fn province_part_key(province: &str, old_province: Option<&str>) -> String {
    format!("{province}/{}", old_province.unwrap_or(""))
}

/// Values per bucket key.
pub(crate) type Buckets = HashMap<String, HashMap<Indicator, i64>>;

/// The days a computation looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Days {
    /// Stocks are counted on this day.
    pub as_of: NaiveDate,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The year of the yearly figures.
    pub year: i32,
}

impl Days {
    pub fn of(period: &Period, today: NaiveDate) -> Days {
        Days {
            as_of: period.as_of(today),
            start: period.start,
            end: period.end,
            year: period.plan_year(),
        }
    }
}

/// Per row: the bucket, the tag and the values.
type Rows = Vec<(String, Option<String>, Vec<Option<i64>>)>;

/// A query of the form `SELECT key, tag, v1, v2, ... FROM ...` built with `?` placeholders.
struct Grouped {
    sql: String,
    args: Vec<Arg>,
}

impl Grouped {
    /// `select` names the tag and value columns; `from_where` follows it with `?` placeholders
    /// for `args`; the filter's condition and the grouping are added.
    fn new(grouping: Grouping, filter: &Filter, select: &str, from_where: &str, args: Vec<Arg>) -> Grouped {
        let key = grouping.key_sql();
        let mut sql = format!("SELECT {key} AS bucket, {select} {from_where}");
        let mut args = args;
        match filter {
            Filter::Everything => {}
            Filter::Province(code) => {
                sql.push_str(" AND o.province_code = ?");
                args.push(Arg::Text(code.clone()));
            }
            Filter::OldProvince(code) => {
                sql.push_str(" AND o.old_province_code = ?");
                args.push(Arg::Text(code.clone()));
            }
            Filter::Commune(id) => {
                sql.push_str(" AND o.commune_id = ?");
                args.push(Arg::I64(*id));
            }
        }
        sql.push_str(" GROUP BY 1, 2");
        Grouped {
            sql: number_placeholders(&sql),
            args,
        }
    }

    /// Runs the query: per row, the bucket, the tag and the values.
    async fn rows(&self, db: &Db) -> StoreResult<Rows> {
        let read = |bucket: String, tag: Option<String>, values: Vec<Option<i64>>| (bucket, tag, values);
        Ok(on_pool!(db, |pool| {
            let rows = hoptac_core::bind_args!(sqlx::query(&self.sql), &self.args)
                .fetch_all(pool)
                .await?;
            rows.iter()
                .map(|row| {
                    let values = (2..row.len())
                        .map(|i| row.try_get::<Option<i64>, _>(i))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(read(row.try_get(0)?, row.try_get(1)?, values))
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
        })?)
    }
}

/// Turns `?` into `$1`, `$2`... in order, as both engines read them.
fn number_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// True when the organisation was active on the day bound by [`active_args`]: the registry's one
/// spelling of the status on a day.
fn active_on() -> String {
    format!("({STATUS_ON} = 'active')")
}

fn active_args(day: NaiveDate) -> [Arg; 3] {
    status_on_args(day)
}

/// Organisation kinds whose counts the report's first section gives, with their indicators:
/// active, members, founded, dissolved.
const KIND_INDICATORS: [(OrgKind, [Indicator; 4]); 3] = [
    (
        OrgKind::Tht,
        [
            Indicator::ThtActive,
            Indicator::ThtMembers,
            Indicator::ThtFounded,
            Indicator::ThtDissolved,
        ],
    ),
    (
        OrgKind::Htx,
        [
            Indicator::HtxActive,
            Indicator::HtxMembers,
            Indicator::HtxFounded,
            Indicator::HtxDissolved,
        ],
    ),
    (
        OrgKind::Lhhtx,
        [
            Indicator::LhhtxActive,
            Indicator::LhhtxMembers,
            Indicator::LhhtxFounded,
            Indicator::LhhtxDissolved,
        ],
    ),
];

fn kind_indicators(kind: &str) -> Option<[Indicator; 4]> {
    KIND_INDICATORS
        .iter()
        .find(|(k, _)| k.as_str() == kind)
        .map(|(_, indicators)| *indicators)
}

/// Every record-based indicator (all but ratios) for the filtered organisations, per bucket.
pub(crate) async fn compute(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
) -> StoreResult<Buckets> {
    let mut buckets = Buckets::new();
    organisations(db, filter, grouping, days, &mut buckets).await?;
    dissolutions(db, filter, grouping, days, &mut buckets).await?;
    members(db, filter, grouping, days, &mut buckets).await?;
    yearly_figures(db, filter, grouping, days, &mut buckets).await?;
    certificates(db, filter, grouping, days, &mut buckets).await?;
    round_outcomes(db, filter, grouping, days, &mut buckets).await?;
    products(db, filter, grouping, days, &mut buckets).await?;
    Ok(buckets)
}

/// Only the stocks of organisations and OCOP products: what the charts over years show, without
/// the heavier member registers, yearly figures and rounds.
pub(crate) async fn stocks(db: &Db, filter: &Filter, grouping: Grouping, days: Days) -> StoreResult<Buckets> {
    let mut buckets = Buckets::new();
    organisations(db, filter, grouping, days, &mut buckets).await?;
    certificates(db, filter, grouping, days, &mut buckets).await?;
    Ok(buckets)
}

/// Adds each row's values to the indicators of its columns, in order.
fn set_columns(buckets: &mut Buckets, rows: Rows, columns: &[Indicator]) {
    for (bucket, _, values) in rows {
        for (indicator, value) in columns.iter().zip(values) {
            set(buckets, &bucket, *indicator, value);
        }
    }
}

fn set(buckets: &mut Buckets, bucket: &str, indicator: Indicator, value: Option<i64>) {
    if let Some(value) = value {
        let values = buckets.entry(bucket.to_owned()).or_default();
        *values.entry(indicator).or_insert(0) += value;
    }
}

/// Active, founded and flagged organisations of every kind the report counts. A bucket gets the
/// counts of a kind when it holds an organisation of that kind founded by the period's end.
async fn organisations(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
    buckets: &mut Buckets,
) -> StoreResult<()> {
    let active = active_on();
    let select = format!(
        "o.kind, \
         CAST(SUM(CASE WHEN {active} THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.founding_date >= ? THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.is_new_model AND {active} THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.is_value_chain AND {active} THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.is_on_ecommerce AND {active} THEN 1 ELSE 0 END) AS BIGINT)"
    );
    let mut args: Vec<Arg> = active_args(days.as_of).into();
    args.push(Arg::Date(days.start));
    for _ in 0..3 {
        args.extend(active_args(days.as_of));
    }
    args.push(Arg::Date(days.end));
    let from =
        "FROM organisations o WHERE o.kind IN ('tht', 'htx', 'lhhtx', 'farm') AND o.founding_date <= ?";
    let query = Grouped::new(grouping, filter, &select, from, args);
    for (bucket, kind, v) in query.rows(db).await? {
        let kind = kind.unwrap_or_default();
        if kind == OrgKind::Farm.as_str() {
            set(buckets, &bucket, Indicator::FarmsActive, v[0]);
            continue;
        }
        if let Some([active, _, founded, _]) = kind_indicators(&kind) {
            set(buckets, &bucket, active, v[0]);
            set(buckets, &bucket, founded, v[1]);
        }
        if kind == OrgKind::Htx.as_str() {
            set(buckets, &bucket, Indicator::HtxNewModel, v[2]);
            set(buckets, &bucket, Indicator::HtxValueChain, v[3]);
        }
        set(buckets, &bucket, Indicator::OnEcommerce, v[4]);
    }
    // Every bucket with organisations of a kind counts its dissolutions and members, even as zero.
    for values in buckets.values_mut() {
        for (_, [active, members, _, dissolved]) in KIND_INDICATORS {
            if values.contains_key(&active) {
                values.entry(members).or_insert(0);
                values.entry(dissolved).or_insert(0);
            }
        }
    }
    Ok(())
}

/// Organisations whose status became dissolved or bankrupt during the period.
async fn dissolutions(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
    buckets: &mut Buckets,
) -> StoreResult<()> {
    let from = "FROM organisation_statuses h JOIN organisations o ON o.id = h.organisation_id \
                WHERE h.status IN ('dissolved', 'bankrupt') AND h.effective_date BETWEEN ? AND ? \
                AND o.kind IN ('tht', 'htx', 'lhhtx')";
    let args = vec![Arg::Date(days.start), Arg::Date(days.end)];
    let query = Grouped::new(grouping, filter, "o.kind, COUNT(DISTINCT o.id)", from, args);
    for (bucket, kind, v) in query.rows(db).await? {
        if let Some([_, _, _, dissolved]) = kind.as_deref().and_then(kind_indicators) {
            set(buckets, &bucket, dissolved, v[0]);
        }
    }
    Ok(())
}

/// Members on the registers of active organisations on the day stocks are counted. Each active
/// organisation's register is counted from the index of members by dates, so that whether an
/// organisation was active is asked once per organisation rather than once per member.
async fn members(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
    buckets: &mut Buckets,
) -> StoreResult<()> {
    let select = "o.kind, CAST(SUM((SELECT COUNT(*) FROM members m WHERE m.organisation_id = o.id \
                  AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?))) AS BIGINT)";
    let active = active_on();
    let from = format!("FROM organisations o WHERE o.kind IN ('tht', 'htx', 'lhhtx') AND {active}");
    let mut args = vec![Arg::Date(days.as_of), Arg::Date(days.as_of)];
    args.extend(active_args(days.as_of));
    let query = Grouped::new(grouping, filter, select, &from, args);
    for (bucket, kind, v) in query.rows(db).await? {
        if let Some([_, members, _, _]) = kind.as_deref().and_then(kind_indicators) {
            // The zero set by `organisations` is replaced, not added to.
            if let Some(values) = buckets.get_mut(&bucket) {
                values.insert(members, v[0].unwrap_or(0));
            }
        }
    }
    Ok(())
}

/// Sums of the yearly figures of the period's year. A sum over no reported value stays empty.
async fn yearly_figures(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
    buckets: &mut Buckets,
) -> StoreResult<()> {
    let coop = "o.kind IN ('htx', 'lhhtx')";
    let group = "o.kind IN ('tht', 'htx', 'lhhtx')";
    let select = format!(
        "NULL, \
         CAST(SUM(CASE WHEN {group} THEN y.regular_workers END) AS BIGINT), \
         CAST(SUM(CASE WHEN {coop} AND y.revenue IS NOT NULL THEN 1 END) AS BIGINT), \
         CAST(SUM(CASE WHEN {coop} THEN y.revenue END) AS BIGINT), \
         CAST(SUM(CASE WHEN {coop} AND y.profit IS NOT NULL THEN 1 END) AS BIGINT), \
         CAST(SUM(CASE WHEN {coop} THEN y.profit END) AS BIGINT), \
         CAST(SUM(CASE WHEN {group} THEN y.average_income * y.regular_workers END) AS BIGINT), \
         CAST(SUM(CASE WHEN {group} AND y.average_income IS NOT NULL THEN y.regular_workers END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.kind = 'farm' THEN y.charter_capital END) AS BIGINT)"
    );
    let from = "FROM yearly_figures y JOIN organisations o ON o.id = y.organisation_id WHERE y.year = ?";
    let query = Grouped::new(grouping, filter, &select, from, vec![Arg::I32(days.year)]);
    let columns = [
        Indicator::Workers,
        Indicator::CoopsReporting,
        Indicator::Revenue,
        Indicator::CoopsReportingProfit,
        Indicator::Profit,
        Indicator::IncomePaid,
        Indicator::WorkersWithIncome,
        Indicator::FarmCapital,
    ];
    set_columns(buckets, query.rows(db).await?, &columns);
    Ok(())
}

/// OCOP products holding a certificate on the day stocks are counted, by stars and by the
/// subject's kind, and the subjects holding them. A bucket gets them when a certificate had been
/// issued in it by that day.
async fn certificates(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
    buckets: &mut Buckets,
) -> StoreResult<()> {
    let from = "FROM ocop_certificates c JOIN ocop_products p ON p.id = c.product_id \
                JOIN organisations o ON o.id = p.organisation_id WHERE c.issued_on <= ?";
    let day = Arg::Date(days.as_of);
    let select = format!(
        "o.kind || ':' || CAST(c.stars AS TEXT), CAST(SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS BIGINT)",
        holds_on("c", "?")
    );
    // The day of the certificate's test, then of the WHERE clause.
    let args = vec![day.clone(), day.clone(), day.clone(), day.clone()];
    let query = Grouped::new(grouping, filter, &select, from, args);
    for (bucket, tag, v) in query.rows(db).await? {
        let tag = tag.unwrap_or_default();
        let (kind, stars) = tag.split_once(':').unwrap_or(("", ""));
        let by_stars = match stars {
            "3" => Some(Indicator::Ocop3Stars),
            "4" => Some(Indicator::Ocop4Stars),
            "5" => Some(Indicator::Ocop5Stars),
            _ => None,
        };
        let by_kind = match OrgKind::parse(kind) {
            Some(OrgKind::Htx) => Some(Indicator::OcopByHtx),
            Some(OrgKind::Tht) => Some(Indicator::OcopByTht),
            Some(OrgKind::Enterprise) => Some(Indicator::OcopByEnterprise),
            Some(OrgKind::HouseholdBusiness) => Some(Indicator::OcopByHousehold),
            _ => None,
        };
        for indicator in [Some(Indicator::OcopProducts), by_stars, by_kind]
            .into_iter()
            .flatten()
        {
            set(buckets, &bucket, indicator, v[0]);
        }
    }
    // Buckets with certificates count every kind of subject, even as zero.
    for values in buckets.values_mut() {
        if values.contains_key(&Indicator::OcopProducts) {
            for indicator in [
                Indicator::Ocop3Stars,
                Indicator::Ocop4Stars,
                Indicator::Ocop5Stars,
                Indicator::OcopByHtx,
                Indicator::OcopByTht,
                Indicator::OcopByEnterprise,
                Indicator::OcopByHousehold,
                Indicator::OcopSubjects,
            ] {
                values.entry(indicator).or_insert(0);
            }
        }
    }
    let select = format!(
        "NULL, COUNT(DISTINCT CASE WHEN {} THEN o.id END)",
        holds_on("c", "?")
    );
    let query = Grouped::new(
        grouping,
        filter,
        &select,
        from,
        vec![day.clone(), day.clone(), day.clone(), day],
    );
    for (bucket, _, v) in query.rows(db).await? {
        if let Some(values) = buckets.get_mut(&bucket) {
            values.insert(Indicator::OcopSubjects, v[0].unwrap_or(0));
        }
    }
    Ok(())
}

/// Outcomes of the applications in round decisions signed during the period.
async fn round_outcomes(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
    buckets: &mut Buckets,
) -> StoreResult<()> {
    let from = "FROM ocop_applications a JOIN ocop_rounds r ON r.id = a.round_id \
                JOIN ocop_products p ON p.id = a.product_id JOIN organisations o ON o.id = p.organisation_id \
                WHERE r.decision_date BETWEEN ? AND ? AND a.outcome IS NOT NULL";
    let select =
        "a.outcome, COUNT(*), CAST(SUM(CASE WHEN a.potential_five_stars THEN 1 ELSE 0 END) AS BIGINT)";
    let args = vec![Arg::Date(days.start), Arg::Date(days.end)];
    let query = Grouped::new(grouping, filter, select, from, args);
    const OUTCOMES: [Indicator; 5] = [
        Indicator::OcopRecognised,
        Indicator::OcopRerecognised,
        Indicator::OcopUpgraded,
        Indicator::OcopNotRecognised,
        Indicator::OcopPotentialFive,
    ];
    for (bucket, outcome, v) in query.rows(db).await? {
        let values = buckets.entry(bucket).or_default();
        for indicator in OUTCOMES {
            values.entry(indicator).or_insert(0);
        }
        let counted = match outcome.as_deref() {
            Some("recognised") => Some(Indicator::OcopRecognised),
            Some("rerecognised") => Some(Indicator::OcopRerecognised),
            Some("upgraded") => Some(Indicator::OcopUpgraded),
            Some("not_recognised") => Some(Indicator::OcopNotRecognised),
            _ => None,
        };
        if let Some(indicator) = counted {
            *values.entry(indicator).or_insert(0) += v[0].unwrap_or(0);
        }
        *values.entry(Indicator::OcopPotentialFive).or_insert(0) += v[1].unwrap_or(0);
    }
    Ok(())
}

/// Features of the products in the OCOP register whose subject was founded by the period's end.
async fn products(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
    buckets: &mut Buckets,
) -> StoreResult<()> {
    let select = "NULL, \
         CAST(SUM(CASE WHEN p.has_traceability THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN p.is_value_chain THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN p.has_quality_declaration THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN p.ip_protection IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT)";
    let from =
        "FROM ocop_products p JOIN organisations o ON o.id = p.organisation_id WHERE o.founding_date <= ?";
    let query = Grouped::new(grouping, filter, select, from, vec![Arg::Date(days.end)]);
    let columns = [
        Indicator::ProductsTraceability,
        Indicator::ProductsValueChain,
        Indicator::ProductsQualityDeclaration,
        Indicator::ProductsIp,
    ];
    set_columns(buckets, query.rows(db).await?, &columns);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        assert_eq!(
            number_placeholders("a = ? AND b IN (?, ?)"),
            "a = $1 AND b IN ($2, $3)"
        );
    }
}
