//! What officers enter for reports: an indicator's value for a place and period with the document
//! it came from, and the year's plan targets. Saving again for the same indicator, place and
//! period (or year) replaces the value; every change is in the audit trail.

use super::{find_place, EntryMap, PlaceInfo};
use crate::domain::{
    Entered, Entry, EntryInput, Indicator, Period, PeriodKind, ReportPlace, Target, TargetInput,
};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::Permission;
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::error::is_unique_violation;
use hoptac_core::gate;
use hoptac_core::sql::Record;
use hoptac_core::sql::{insert_sql, update_sql, Tx};
use hoptac_core::Context;
use hoptac_core::FieldErrors;
use hoptac_core::{on_pool, Arg, Db, StoreError, StoreResult};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// An entered value as stored.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct EntryRow {
    pub id: i64,
    pub indicator: String,
    pub place_level: String,
    pub place_era: String,
    pub place_code: String,
    pub period_kind: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub value: i64,
    pub source: String,
    pub entered_at: DateTime<Utc>,
}

impl EntryRow {
    pub fn place(&self) -> Option<ReportPlace> {
        ReportPlace::from_parts(&self.place_level, &self.place_era, &self.place_code)
    }

    pub fn indicator(&self) -> Option<Indicator> {
        Indicator::parse(&self.indicator)
    }

    pub fn period(&self) -> Period {
        let kind = match self.period_kind.as_str() {
            "month" => PeriodKind::Month,
            "quarter" => PeriodKind::Quarter,
            "half" => PeriodKind::Half,
            "year" => PeriodKind::Year,
            _ => PeriodKind::Days,
        };
        Period {
            kind,
            start: self.period_start,
            end: self.period_end,
        }
    }
}

/// A plan target as stored.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct TargetRow {
    pub id: i64,
    pub indicator: String,
    pub place_level: String,
    pub place_era: String,
    pub place_code: String,
    pub year: i32,
    pub target: i64,
    pub note: Option<String>,
    pub entered_at: DateTime<Utc>,
}

impl TargetRow {
    pub fn indicator(&self) -> Option<Indicator> {
        Indicator::parse(&self.indicator)
    }
}

fn kind_code(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Month => "month",
        PeriodKind::Quarter => "quarter",
        PeriodKind::Half => "half",
        PeriodKind::Year => "year",
        PeriodKind::Days => "days",
    }
}

const ENTRY_SELECT: &str =
    "SELECT id, indicator, place_level, place_era, place_code, period_kind, period_start, \
     period_end, value, source, entered_at FROM report_entries";
const TARGET_SELECT: &str = "SELECT id, indicator, place_level, place_era, place_code, year, target, note, \
     entered_at FROM report_targets";

/// The values entered for exactly this period anywhere in the place's province (everywhere, for
/// the country), by indicator and place.
pub(super) async fn for_period(db: &Db, info: &PlaceInfo, period: &Period) -> StoreResult<EntryMap> {
    let mut sql = format!("{ENTRY_SELECT} WHERE period_start = $1 AND period_end = $2");
    if info.province_code.is_some() {
        sql.push_str(" AND province_code = $3");
    }
    let rows: Vec<EntryRow> = on_pool!(db, |pool| {
        let mut q = sqlx::query_as(&sql).bind(period.start).bind(period.end);
        if let Some(code) = &info.province_code {
            q = q.bind(code.as_str());
        }
        q.fetch_all(pool).await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let key = (row.indicator()?, row.place()?);
            Some((
                key,
                Entered {
                    value: row.value,
                    source: row.source,
                },
            ))
        })
        .collect())
}

/// The plan targets of a place for a year.
pub(super) async fn targets_of(
    db: &Db,
    place: &ReportPlace,
    year: i32,
) -> StoreResult<HashMap<Indicator, i64>> {
    let rows = targets_where(db, place, Some(year)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r.indicator()?, r.target)))
        .collect())
}

async fn targets_where(db: &Db, place: &ReportPlace, year: Option<i32>) -> StoreResult<Vec<TargetRow>> {
    let (era, code) = place.era_and_code();
    let mut sql = format!("{TARGET_SELECT} WHERE place_level = $1 AND place_era = $2 AND place_code = $3");
    if year.is_some() {
        sql.push_str(" AND year = $4");
    }
    sql.push_str(" ORDER BY year DESC, id");
    Ok(on_pool!(db, |pool| {
        let mut q = sqlx::query_as(&sql).bind(place.level()).bind(era).bind(code);
        if let Some(year) = year {
            q = q.bind(year);
        }
        q.fetch_all(pool).await
    })?)
}

/// The values entered for a place, latest period first.
pub async fn list(db: &Db, actor: &Actor, place: &ReportPlace) -> StoreResult<Vec<EntryRow>> {
    let info = find_place(db, place).await?;
    gate::check(actor, Permission::ReadReports, info.access_place())?;
    let (era, code) = place.era_and_code();
    let sql = format!(
        "{ENTRY_SELECT} WHERE place_level = $1 AND place_era = $2 AND place_code = $3 \
         ORDER BY period_end DESC, period_start, indicator"
    );
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(place.level())
        .bind(era)
        .bind(code)
        .fetch_all(pool)
        .await)?)
}

/// The plan targets of a place, latest year first.
pub async fn list_targets(db: &Db, actor: &Actor, place: &ReportPlace) -> StoreResult<Vec<TargetRow>> {
    let info = find_place(db, place).await?;
    gate::check(actor, Permission::ReadReports, info.access_place())?;
    targets_where(db, place, None).await
}

/// Checks a place typed in an entry or a target: it must exist, and the actor must keep its plans.
/// Errors of the rest of the input come with an unknown place, so the user sees them all.
async fn place_for_writing(
    db: &Db,
    actor: &Actor,
    typed: &str,
    errors: Option<FieldErrors>,
) -> StoreResult<PlaceInfo> {
    let place = ReportPlace::parse(typed);
    let found = match &place {
        Some(place) => Some(find_place(db, place).await),
        None => None,
    };
    match (found, errors) {
        (Some(Ok(info)), None) => {
            gate::check(actor, Permission::EditPlans, info.access_place())?;
            Ok(info)
        }
        (Some(Err(StoreError::Validation(mut place_errors))), Some(errors)) => {
            place_errors.extend(errors);
            Err(StoreError::Validation(place_errors))
        }
        (Some(Err(e)), _) => Err(e),
        // The input's own errors already name a place that cannot be read.
        (_, Some(errors)) => Err(StoreError::Validation(errors)),
        (None, None) => {
            let mut unreadable = FieldErrors::new();
            unreadable.add_with("place", "unknown_place", vec![("value", typed.to_owned())]);
            Err(StoreError::Validation(unreadable))
        }
    }
}

fn place_columns(info: &PlaceInfo) -> [Arg; 4] {
    let (era, code) = info.place.era_and_code();
    [
        Arg::Text(info.place.level().to_owned()),
        Arg::Text(era.to_owned()),
        Arg::Text(code.to_owned()),
        Arg::Text(info.province_code.clone().unwrap_or_default()),
    ]
}

async fn row_by_id<T>(db: &Db, select: &str, id: i64) -> StoreResult<T>
where
    T: Record,
{
    let sql = format!("{select} WHERE id = $1");
    on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?
    .ok_or(StoreError::NotFound)
}

/// Saves an entered value, replacing the one entered before for the same indicator, place and
/// period.
pub async fn save(cx: &Context, input: &EntryInput) -> StoreResult<EntryRow> {
    let checked = check_entry(cx, input).await?;
    let id = write(cx, &checked.info, entry_write(&checked.entry)).await?;
    row_by_id(&cx.db, ENTRY_SELECT, id).await
}

/// Saves a plan target, replacing the one set before for the same indicator, place and year.
pub async fn save_target(cx: &Context, input: &TargetInput) -> StoreResult<TargetRow> {
    let checked = check_target(cx, input).await?;
    let id = write(cx, &checked.info, target_write(&checked.target)).await?;
    row_by_id(&cx.db, TARGET_SELECT, id).await
}

/// An entered value that passed the checks: its rules, its place, and the actor's right to keep
/// that place's plans.
#[derive(Debug, Clone)]
pub struct CheckedEntry {
    info: PlaceInfo,
    pub entry: Entry,
}

/// A plan target that passed the checks, as [`CheckedEntry`].
#[derive(Debug, Clone)]
pub struct CheckedTarget {
    info: PlaceInfo,
    pub target: Target,
}

/// Checks an entered value before any transaction. Errors name every failing field, the place's
/// among them.
pub async fn check_entry(cx: &Context, input: &EntryInput) -> StoreResult<CheckedEntry> {
    let checked = input.validate(cx.today);
    let info = place_for_writing(&cx.db, &cx.actor, &input.place, checked.clone().err()).await?;
    let entry = checked.map_err(StoreError::Validation)?;
    Ok(CheckedEntry { info, entry })
}

/// Checks a plan target before any transaction, as [`check_entry`].
pub async fn check_target(cx: &Context, input: &TargetInput) -> StoreResult<CheckedTarget> {
    let checked = input.validate(cx.today);
    let info = place_for_writing(&cx.db, &cx.actor, &input.place, checked.clone().err()).await?;
    let target = checked.map_err(StoreError::Validation)?;
    Ok(CheckedTarget { info, target })
}

/// Saves a [`check_entry`]ed value inside `tx` (an import's), replacing the one entered before;
/// returns its id.
pub async fn save_entry_in(tx: &mut Tx<'_>, cx: &Context, checked: &CheckedEntry) -> StoreResult<i64> {
    write_in(tx, cx, &checked.info, &entry_write(&checked.entry)).await
}

/// Saves a [`check_target`]ed target inside `tx`, as [`save_entry_in`].
pub async fn save_target_in(tx: &mut Tx<'_>, cx: &Context, checked: &CheckedTarget) -> StoreResult<i64> {
    write_in(tx, cx, &checked.info, &target_write(&checked.target)).await
}

/// The values entered for a place and exactly this period, by indicator.
pub async fn entered_rows(
    db: &Db,
    place: &ReportPlace,
    period: &Period,
) -> StoreResult<HashMap<Indicator, EntryRow>> {
    let (era, code) = place.era_and_code();
    let sql = format!(
        "{ENTRY_SELECT} WHERE place_level = $1 AND place_era = $2 AND place_code = $3 \
         AND period_start = $4 AND period_end = $5"
    );
    let rows: Vec<EntryRow> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(place.level())
        .bind(era)
        .bind(code)
        .bind(period.start)
        .bind(period.end)
        .fetch_all(pool)
        .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| Some((row.indicator()?, row)))
        .collect())
}

/// The plan targets of a place for a year, by indicator.
pub async fn target_rows(
    db: &Db,
    place: &ReportPlace,
    year: i32,
) -> StoreResult<HashMap<Indicator, TargetRow>> {
    let rows = targets_where(db, place, Some(year)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| Some((row.indicator()?, row)))
        .collect())
}

fn entry_write(entry: &Entry) -> Write<'static, EntryRow> {
    Write {
        table: "report_entries",
        entity: "report_entry",
        indicator: entry.indicator,
        key_columns: &["period_start", "period_end"],
        key: vec![Arg::Date(entry.period.start), Arg::Date(entry.period.end)],
        value_columns: &["period_kind", "value", "source"],
        values: vec![
            Arg::Text(kind_code(entry.period.kind).to_owned()),
            Arg::I64(entry.value),
            Arg::Text(entry.source.clone()),
        ],
        select: ENTRY_SELECT,
        id_of: |row: &EntryRow| row.id,
        after: json!({
            "indicator": entry.indicator, "place": entry.place.code(), "period": entry.period.code(),
            "value": entry.value, "source": entry.source,
        }),
    }
}

fn target_write(target: &Target) -> Write<'static, TargetRow> {
    Write {
        table: "report_targets",
        entity: "report_target",
        indicator: target.indicator,
        key_columns: &["year"],
        key: vec![Arg::I32(target.year)],
        value_columns: &["target", "note"],
        values: vec![Arg::I64(target.target), Arg::OptText(target.note.clone())],
        select: TARGET_SELECT,
        id_of: |row: &TargetRow| row.id,
        after: json!({
            "indicator": target.indicator, "place": target.place.code(), "year": target.year,
            "target": target.target, "note": target.note,
        }),
    }
}

/// One entered value or target to write: its table, its key after the indicator and the place,
/// its values, and how to read the row it replaces.
struct Write<'a, T> {
    table: &'static str,
    entity: &'static str,
    indicator: Indicator,
    key_columns: &'a [&'static str],
    key: Vec<Arg>,
    value_columns: &'a [&'static str],
    values: Vec<Arg>,
    /// The table's SELECT, to read the row replaced for the audit trail.
    select: &'static str,
    id_of: fn(&T) -> i64,
    after: serde_json::Value,
}

/// Replaces the row of the same indicator, place and key, or inserts a new one, with who entered
/// it and when, and records the change in the audit trail, in one transaction that reads the row
/// it replaces. Two people saving the same figure at once both succeed, the later replacing the
/// earlier: a save that finds its row inserted meanwhile (a unique key clash) runs once more and
/// replaces it. Returns the row's id.
async fn write<T>(cx: &Context, info: &PlaceInfo, w: Write<'_, T>) -> StoreResult<i64>
where
    T: Serialize + Record,
{
    let once = || async {
        let mut tx = Tx::begin(&cx.db).await?;
        let id = write_in(&mut tx, cx, info, &w).await?;
        tx.commit().await?;
        Ok::<i64, StoreError>(id)
    };
    match once().await {
        Err(StoreError::Database(e)) if is_unique_violation(&e) => once().await,
        done => done,
    }
}

/// [`write`]'s work inside `tx`.
async fn write_in<T>(tx: &mut Tx<'_>, cx: &Context, info: &PlaceInfo, w: &Write<'_, T>) -> StoreResult<i64>
where
    T: Serialize + Record,
{
    let (actor, now) = (&cx.actor, cx.now);
    let mut key = vec![Arg::Text(w.indicator.as_str().to_owned())];
    key.extend(place_columns(info).into_iter().take(3));
    key.extend(w.key.iter().cloned());
    let mut conditions = vec![
        "indicator = $1".to_owned(),
        "place_level = $2".to_owned(),
        "place_era = $3".to_owned(),
        "place_code = $4".to_owned(),
    ];
    for (i, column) in w.key_columns.iter().enumerate() {
        conditions.push(format!("{column} = ${}", i + 5));
    }
    let mut value_columns = w.value_columns.to_vec();
    value_columns.extend(["entered_by", "entered_at"]);
    let mut values = w.values.clone();
    values.extend([Arg::OptI64(actor.user_id), Arg::Time(now)]);
    let sql = format!("{} WHERE {}", w.select, conditions.join(" AND "));
    let existing: Option<T> = tx.fetch_optional(&sql, &key).await?;
    let (id, action, before) = match existing {
        Some(row) => {
            let id = (w.id_of)(&row);
            values.push(Arg::I64(id));
            tx.execute(&update_sql(w.table, &value_columns), &values).await?;
            (id, Action::Update, audit::snapshot(&row))
        }
        None => {
            let mut columns = vec![
                "indicator",
                "place_level",
                "place_era",
                "place_code",
                "province_code",
            ];
            columns.extend(w.key_columns);
            columns.extend(&value_columns);
            let mut args = vec![Arg::Text(w.indicator.as_str().to_owned())];
            args.extend(place_columns(info));
            args.extend(w.key.iter().cloned());
            args.extend(values);
            let id = tx
                .insert_returning_id(&insert_sql(w.table, &columns), &args)
                .await?;
            (id, Action::Create, None)
        }
    };
    let change = Change {
        action,
        entity: w.entity,
        entity_id: id.to_string(),
        organisation_id: None,
        before,
        after: Some(w.after.clone()),
    };
    audit::record(tx, actor, change, now).await?;
    Ok(id)
}

/// Removes an entered value or a plan target of `place`, for those who keep the place's plans;
/// `before` is what the trail keeps of it, as its creation's entry has it.
async fn delete_row(
    cx: &Context,
    table: &'static str,
    entity: &'static str,
    id: i64,
    place: &ReportPlace,
    before: serde_json::Value,
) -> StoreResult<()> {
    let info = find_place(&cx.db, place).await?;
    gate::check(&cx.actor, Permission::EditPlans, info.access_place())?;
    let mut tx = Tx::begin(&cx.db).await?;
    // Two deletions at once: the second finds nothing to delete and records nothing.
    if tx
        .execute(&format!("DELETE FROM {table} WHERE id = $1"), &[Arg::I64(id)])
        .await?
        == 0
    {
        return Err(StoreError::NotFound);
    }
    let change = Change {
        action: Action::Delete,
        entity,
        entity_id: id.to_string(),
        organisation_id: None,
        before: Some(before),
        after: None,
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// The row `select` (an entry's or a target's) reads at `id`.
async fn row_at<T: hoptac_core::sql::Record>(db: &Db, select: &str, id: i64) -> StoreResult<T> {
    let sql = format!("{select} WHERE id = $1");
    let row: Option<T> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    row.ok_or(StoreError::NotFound)
}

pub async fn delete(cx: &Context, id: i64) -> StoreResult<()> {
    let row: EntryRow = row_at(&cx.db, ENTRY_SELECT, id).await?;
    let place = row.place().ok_or(StoreError::NotFound)?;
    let before = json!({
        "indicator": row.indicator, "place": place.code(), "period": row.period().code(),
        "value": row.value, "source": row.source,
    });
    delete_row(cx, "report_entries", "report_entry", id, &place, before).await
}

pub async fn delete_target(cx: &Context, id: i64) -> StoreResult<()> {
    let row: TargetRow = row_at(&cx.db, TARGET_SELECT, id).await?;
    let place = ReportPlace::from_parts(&row.place_level, &row.place_era, &row.place_code)
        .ok_or(StoreError::NotFound)?;
    let before = json!({
        "indicator": row.indicator, "place": place.code(), "year": row.year,
        "target": row.target, "note": row.note,
    });
    delete_row(cx, "report_targets", "report_target", id, &place, before).await
}
