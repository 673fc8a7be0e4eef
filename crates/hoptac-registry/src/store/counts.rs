//! The registry's answer to reports (`hoptac_core::counting`): organisations active, founded and
//! dissolved by kind, their members, and the sums of their yearly figures. Each value is keyed by
//! the code of the indicator of the reports' catalogue that it counts.

use crate::domain::organisation::OrgKind;
use crate::store::organisations::{status_on_args, STATUS_ON};
use hoptac_core::counting::{add, add_columns, Counter, Counts, Grouped, Question};
use hoptac_core::org::Sector;
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
        sectors(db, question, &mut counts).await?;
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

/// The indicators of one kind of organisation the report's first section counts.
struct KindIndicators {
    kind: OrgKind,
    active: &'static str,
    /// Members of active organisations: from the member register where the organisation keeps
    /// one, otherwise from its yearly figures.
    members: &'static str,
    /// The part of `members` taken from yearly figures.
    members_reported: &'static str,
    /// Active organisations with neither a register nor yearly figures of members.
    without_members: &'static str,
    founded: &'static str,
    dissolved: &'static str,
    workers: &'static str,
}

const KIND_INDICATORS: [KindIndicators; 3] = [
    KindIndicators {
        kind: OrgKind::Tht,
        active: "tht_active",
        members: "tht_members",
        members_reported: "tht_members_reported",
        without_members: "tht_without_members",
        founded: "tht_founded",
        dissolved: "tht_dissolved",
        workers: "tht_workers",
    },
    KindIndicators {
        kind: OrgKind::Htx,
        active: "htx_active",
        members: "htx_members",
        members_reported: "htx_members_reported",
        without_members: "htx_without_members",
        founded: "htx_founded",
        dissolved: "htx_dissolved",
        workers: "htx_workers",
    },
    KindIndicators {
        kind: OrgKind::Lhhtx,
        active: "lhhtx_active",
        members: "lhhtx_members",
        members_reported: "lhhtx_members_reported",
        without_members: "lhhtx_without_members",
        founded: "lhhtx_founded",
        dissolved: "lhhtx_dissolved",
        workers: "lhhtx_workers",
    },
];

fn kind_indicators(kind: &str) -> Option<&'static KindIndicators> {
    KIND_INDICATORS.iter().find(|k| k.kind.as_str() == kind)
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
        if let Some(k) = kind_indicators(&kind) {
            add(counts, &bucket, k.active, v[0]);
            add(counts, &bucket, k.founded, v[1]);
        }
        if kind == OrgKind::Htx.as_str() {
            add(counts, &bucket, "htx_new_model", v[2]);
            add(counts, &bucket, "htx_value_chain", v[3]);
        }
        add(counts, &bucket, "on_ecommerce", v[4]);
    }
    // Every bucket with organisations of a kind counts its dissolutions, even as zero, and the
    // members of none active as zero; `members` replaces that zero where some are active.
    for values in counts.values_mut() {
        for k in &KIND_INDICATORS {
            if let Some(&active) = values.get(k.active) {
                values.entry(k.dissolved).or_insert(0);
                if active == 0 {
                    values.entry(k.members).or_insert(0);
                }
            }
        }
    }
    Ok(())
}

/// The fields cooperatives and unions are grouped by, in the order that decides the main field of
/// one working in several: a cooperative that farms and sells counts as an agricultural one, as
/// provincial reports class "HTX nông nghiệp".
const SECTOR_INDICATORS: [(Sector, &str); 8] = [
    (Sector::Agriculture, "coops_agriculture"),
    (Sector::IndustryHandicraft, "coops_industry_handicraft"),
    (Sector::TradeServices, "coops_trade_services"),
    (Sector::Transport, "coops_transport"),
    (Sector::Construction, "coops_construction"),
    (Sector::Credit, "coops_credit"),
    (Sector::Environment, "coops_environment"),
    (Sector::Other, "coops_other"),
];

/// Active cooperatives and unions by main field (every organisation has one: the registry requires
/// it). A bucket with cooperatives or unions founded by the period's end counts every field, even
/// as zero.
async fn sectors(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let rank: String = SECTOR_INDICATORS
        .iter()
        .enumerate()
        .map(|(i, (sector, _))| format!(" WHEN '{}' THEN {i}", sector.as_str()))
        .collect();
    let select = format!(
        "CAST((SELECT MIN(CASE s.sector{rank} END) FROM organisation_sectors s \
               WHERE s.organisation_id = o.id) AS TEXT), \
         CAST(SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS BIGINT)",
        active_on()
    );
    let mut args: Vec<Arg> = status_on_args(question.days.as_of).into();
    args.push(Arg::Date(question.days.end));
    let from = "FROM organisations o WHERE o.kind IN ('htx', 'lhhtx') AND o.founding_date <= ?";
    for (bucket, rank, v) in Grouped::new(question, &select, from, args).rows(db).await? {
        let values = counts.entry(bucket).or_default();
        for (_, indicator) in SECTOR_INDICATORS {
            values.entry(indicator).or_insert(0);
        }
        let field = rank
            .and_then(|r| r.parse::<usize>().ok())
            .and_then(|r| SECTOR_INDICATORS.get(r))
            .map_or("coops_other", |(_, indicator)| indicator);
        *values.entry(field).or_insert(0) += v[0].unwrap_or(0);
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
        if let Some(k) = kind.as_deref().and_then(kind_indicators) {
            add(counts, &bucket, k.dissolved, v[0]);
        }
    }
    Ok(())
}

/// Members of the organisations active on the day stocks are counted. An organisation that keeps
/// a member register (someone on it joined by that day) gives the members on it that day; one that
/// keeps none gives the members of its yearly figures for the report's year; one with neither is
/// counted among those without members, and a bucket whose active organisations all have neither
/// knows no members at all (none, not zero).
async fn members(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let days = question.days;
    let select = "o.kind, \
                  CAST(SUM(CASE WHEN o.keeps_register THEN o.on_register END) AS BIGINT), \
                  CAST(SUM(CASE WHEN o.keeps_register THEN NULL ELSE o.reported END) AS BIGINT), \
                  CAST(SUM(CASE WHEN NOT o.keeps_register AND o.reported IS NULL THEN 1 ELSE 0 END) AS BIGINT)";
    let active = active_on();
    // The organisations' own columns the grouping and the filter read, beside what each knows of
    // its members; the planner folds the filter into the inner query.
    let from = format!(
        "FROM (SELECT o.kind, o.province_code, o.old_province_code, o.commune_id, \
                (SELECT COUNT(*) FROM members m WHERE m.organisation_id = o.id \
                 AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?)) AS on_register, \
                EXISTS (SELECT 1 FROM members m WHERE m.organisation_id = o.id AND m.joined_on <= ?) \
                 AS keeps_register, \
                (SELECT y.members FROM yearly_figures y WHERE y.organisation_id = o.id AND y.year = ?) \
                 AS reported \
              FROM organisations o WHERE o.kind IN ('tht', 'htx', 'lhhtx') AND {active}) o WHERE 1 = 1"
    );
    let mut args = vec![
        Arg::Date(days.as_of),
        Arg::Date(days.as_of),
        Arg::Date(days.as_of),
        Arg::I32(days.year),
    ];
    args.extend(status_on_args(days.as_of));
    for (bucket, kind, v) in Grouped::new(question, select, &from, args).rows(db).await? {
        let Some(k) = kind.as_deref().and_then(kind_indicators) else {
            continue;
        };
        let (on_registers, reported, without) = (v[0], v[1], v[2].unwrap_or(0));
        if on_registers.is_some() || reported.is_some() {
            let members = on_registers.unwrap_or(0).saturating_add(reported.unwrap_or(0));
            let values = counts.entry(bucket.clone()).or_default();
            values.insert(k.members, members);
        }
        add(counts, &bucket, k.members_reported, reported);
        add(counts, &bucket, k.without_members, Some(without));
    }
    Ok(())
}

/// Sums of the yearly figures of the period's year. A sum over no reported value stays empty.
async fn yearly_figures(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let coop = "o.kind IN ('htx', 'lhhtx')";
    let group = "o.kind IN ('tht', 'htx', 'lhhtx')";
    let select = format!(
        "o.kind, \
         CAST(SUM(CASE WHEN {group} THEN y.regular_workers END) AS BIGINT), \
         CAST(SUM(CASE WHEN {coop} AND y.revenue IS NOT NULL THEN 1 END) AS BIGINT), \
         CAST(SUM(CASE WHEN {coop} THEN y.revenue END) AS BIGINT), \
         CAST(SUM(CASE WHEN {coop} AND y.profit IS NOT NULL THEN 1 END) AS BIGINT), \
         CAST(SUM(CASE WHEN {coop} THEN y.profit END) AS BIGINT), \
         CAST(SUM(CASE WHEN {group} THEN y.average_income * y.regular_workers END) AS BIGINT), \
         CAST(SUM(CASE WHEN {group} AND y.average_income IS NOT NULL THEN y.regular_workers END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.kind = 'farm' THEN y.charter_capital END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.kind = 'farm' AND y.charter_capital IS NOT NULL THEN 1 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.kind = 'tht' THEN y.revenue END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.kind = 'tht' AND y.profit IS NOT NULL THEN 1 END) AS BIGINT), \
         CAST(SUM(CASE WHEN o.kind = 'tht' THEN y.profit END) AS BIGINT)"
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
        "farms_reporting_capital",
        "tht_revenue",
        "tht_reporting_profit",
        "tht_profit",
    ];
    let rows = query.rows(db).await?;
    // The same workers once more under their kind of organisation.
    for (bucket, kind, values) in &rows {
        if let Some(k) = kind.as_deref().and_then(kind_indicators) {
            add(counts, bucket, k.workers, values[0]);
        }
    }
    add_columns(counts, rows, &columns);
    Ok(())
}
