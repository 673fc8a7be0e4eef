//! The registry's answer to reports (`hoptac_core::counting`): organisations active, founded and
//! dissolved by kind, their members, and the sums of their yearly figures. Each value is keyed by
//! the code of the indicator of the reports' catalogue that it counts.

use crate::domain::organisation::OrgKind;
use crate::store::organisations::{status_on_args, STATUS_ON};
use hoptac_core::counting::{add, add_columns, Counter, Counts, Grouped, Question};
use hoptac_core::{Arg, Db, StoreResult};

/// The registry's counter.
pub static COUNTER: Counter = Counter {
    count: |db, question| Box::pin(count(db, question)),
    tables: &["organisations", "organisation_statuses", "members"],
};

async fn count(db: &Db, question: &Question) -> StoreResult<Counts> {
    let mut counts = Counts::new();
    organisations(db, question, &mut counts).await?;
    if !question.stocks_only {
        dissolutions(db, question, &mut counts).await?;
        members(db, question, &mut counts).await?;
        yearly_figures(db, question, &mut counts).await?;
    }
    Ok(counts)
}

/// True when the organisation was active on the day bound by [`status_on_args`]: the registry's
/// one spelling of the status on a day.
fn active_on() -> String {
    format!("({STATUS_ON} = 'active')")
}

/// Organisation kinds whose counts the report's first section gives, with their indicators:
/// active, members, founded, dissolved.
const KIND_INDICATORS: [(OrgKind, [&str; 4]); 3] = [
    (
        OrgKind::Tht,
        ["tht_active", "tht_members", "tht_founded", "tht_dissolved"],
    ),
    (
        OrgKind::Htx,
        ["htx_active", "htx_members", "htx_founded", "htx_dissolved"],
    ),
    (
        OrgKind::Lhhtx,
        [
            "lhhtx_active",
            "lhhtx_members",
            "lhhtx_founded",
            "lhhtx_dissolved",
        ],
    ),
];

fn kind_indicators(kind: &str) -> Option<[&'static str; 4]> {
    KIND_INDICATORS
        .iter()
        .find(|(k, _)| k.as_str() == kind)
        .map(|(_, indicators)| *indicators)
}

/// Active, founded and flagged organisations of every kind the report counts. A bucket gets the
/// counts of a kind when it holds an organisation of that kind founded by the period's end.
async fn organisations(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let days = question.days;
    let active = active_on();
    let select = format!(
        "o.kind, \
         CAST(SUM(CASE WHEN {active} THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.founding_date >= ? THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.is_new_model AND {active} THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.is_value_chain AND {active} THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.is_on_ecommerce AND {active} THEN 1 ELSE 0 END) AS BIGINT)"
    );
    let mut args: Vec<Arg> = status_on_args(days.as_of).into();
    args.push(Arg::Date(days.start));
    for _ in 0..3 {
        args.extend(status_on_args(days.as_of));
    }
    args.push(Arg::Date(days.end));
    let from =
        "FROM organisations o WHERE o.kind IN ('tht', 'htx', 'lhhtx', 'farm') AND o.founding_date <= ?";
    for (bucket, kind, v) in Grouped::new(question, &select, from, args).rows(db).await? {
        let kind = kind.unwrap_or_default();
        if kind == OrgKind::Farm.as_str() {
            add(counts, &bucket, "farms_active", v[0]);
            continue;
        }
        if let Some([active, _, founded, _]) = kind_indicators(&kind) {
            add(counts, &bucket, active, v[0]);
            add(counts, &bucket, founded, v[1]);
        }
        if kind == OrgKind::Htx.as_str() {
            add(counts, &bucket, "htx_new_model", v[2]);
            add(counts, &bucket, "htx_value_chain", v[3]);
        }
        add(counts, &bucket, "on_ecommerce", v[4]);
    }
    // Every bucket with organisations of a kind counts its dissolutions and members, even as zero.
    for values in counts.values_mut() {
        for (_, [active, members, _, dissolved]) in KIND_INDICATORS {
            if values.contains_key(active) {
                values.entry(members).or_insert(0);
                values.entry(dissolved).or_insert(0);
            }
        }
    }
    Ok(())
}

/// Organisations whose status became dissolved or bankrupt during the period.
async fn dissolutions(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let from = "FROM organisation_statuses h JOIN organisations o ON o.id = h.organisation_id \
                WHERE h.status IN ('dissolved', 'bankrupt') AND h.effective_date BETWEEN ? AND ? \
                AND o.kind IN ('tht', 'htx', 'lhhtx')";
    let args = vec![Arg::Date(question.days.start), Arg::Date(question.days.end)];
    let query = Grouped::new(question, "o.kind, COUNT(DISTINCT o.id)", from, args);
    for (bucket, kind, v) in query.rows(db).await? {
        if let Some([_, _, _, dissolved]) = kind.as_deref().and_then(kind_indicators) {
            add(counts, &bucket, dissolved, v[0]);
        }
    }
    Ok(())
}

/// Members on the registers of active organisations on the day stocks are counted. Each active
/// organisation's register is counted from the index of members by dates, so that whether an
/// organisation was active is asked once per organisation rather than once per member.
async fn members(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let as_of = question.days.as_of;
    let select = "o.kind, CAST(SUM((SELECT COUNT(*) FROM members m WHERE m.organisation_id = o.id \
                  AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?))) AS BIGINT)";
    let active = active_on();
    let from = format!("FROM organisations o WHERE o.kind IN ('tht', 'htx', 'lhhtx') AND {active}");
    let mut args = vec![Arg::Date(as_of), Arg::Date(as_of)];
    args.extend(status_on_args(as_of));
    for (bucket, kind, v) in Grouped::new(question, select, &from, args).rows(db).await? {
        if let Some([_, members, _, _]) = kind.as_deref().and_then(kind_indicators) {
            // The zero set by `organisations` is replaced, not added to.
            if let Some(values) = counts.get_mut(&bucket) {
                values.insert(members, v[0].unwrap_or(0));
            }
        }
    }
    Ok(())
}

/// Sums of the yearly figures of the period's year. A sum over no reported value stays empty.
async fn yearly_figures(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
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
    let query = Grouped::new(question, &select, from, vec![Arg::I32(question.days.year)]);
    let columns = [
        "workers",
        "coops_reporting",
        "revenue",
        "coops_reporting_profit",
        "profit",
        "income_paid",
        "workers_with_income",
        "farm_capital",
    ];
    add_columns(counts, query.rows(db).await?, &columns);
    Ok(())
}
