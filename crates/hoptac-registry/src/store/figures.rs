//! Yearly figures of an organisation, one row per year.

use crate::domain::yearly::{YearlyFigures, YearlyFiguresInput, YearlyRating};
use chrono::Datelike;
use chrono::{DateTime, Utc};
use hoptac_core::access::Permission;
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::gate;
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::Context;
use hoptac_core::FieldErrors;
use hoptac_core::{on_pool, Arg, Db, StoreError, StoreResult};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct YearlyFiguresRow {
    pub organisation_id: i64,
    pub year: i32,
    pub members: Option<i64>,
    pub regular_workers: Option<i64>,
    /// Đồng.
    pub charter_capital: Option<i64>,
    /// Đồng.
    pub revenue: Option<i64>,
    /// Đồng; negative for a loss.
    pub profit: Option<i64>,
    /// Đồng per worker per year.
    pub average_income: Option<i64>,
    #[sqlx(try_from = "hoptac_core::i18n::OptionalCode")]
    pub rating: Option<YearlyRating>,
    pub source: Option<String>,
    /// Raised by every edit; send it back with an edit (`version`, or `If-Match`).
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl YearlyFiguresRow {
    /// The stored row as validated figures.
    pub fn figures(&self) -> YearlyFigures {
        YearlyFigures {
            year: self.year,
            members: self.members,
            regular_workers: self.regular_workers,
            charter_capital: self.charter_capital,
            revenue: self.revenue,
            profit: self.profit,
            average_income: self.average_income,
            rating: self.rating,
            source: self.source.clone(),
        }
    }

    /// The year's figures as an edit form shows them, carrying their version and what it showed
    /// (`original`).
    pub fn to_input(&self) -> YearlyFiguresInput {
        let input = self.figures().to_input();
        YearlyFiguresInput {
            version: Some(self.version),
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }
}

/// The columns of a year's figures, as the bulk loader writes them.
pub(crate) const COLUMNS: [&str; 11] = [
    "organisation_id",
    "year",
    "members",
    "regular_workers",
    "charter_capital",
    "revenue",
    "profit",
    "average_income",
    "rating",
    "source",
    "updated_at",
];

/// The values of [`COLUMNS`] for one organisation's figures of a year.
pub(crate) fn row_args(organisation_id: i64, y: &YearlyFigures, now: DateTime<Utc>) -> Vec<Arg> {
    vec![
        Arg::I64(organisation_id),
        Arg::I32(y.year),
        Arg::OptI64(y.members),
        Arg::OptI64(y.regular_workers),
        Arg::OptI64(y.charter_capital),
        Arg::OptI64(y.revenue),
        Arg::OptI64(y.profit),
        Arg::OptI64(y.average_income),
        Arg::OptText(y.rating.map(|r| r.as_str().to_owned())),
        Arg::OptText(y.source.clone()),
        Arg::Time(now),
    ]
}

const SELECT: &str =
    "SELECT organisation_id, year, members, regular_workers, charter_capital, revenue, profit, \
                      average_income, rating, source, version, updated_at FROM yearly_figures";

/// All years recorded for an organisation, latest first. Not published: only those who may
/// read the organisation's full record see them.
pub async fn list(db: &Db, actor: &Actor, organisation_id: i64) -> StoreResult<Vec<YearlyFiguresRow>> {
    gate::authorize(db, actor, Permission::ReadPrivate, organisation_id).await?;
    let sql = format!("{SELECT} WHERE organisation_id = $1 ORDER BY year DESC");
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(organisation_id)
        .fetch_all(pool)
        .await)?)
}

/// One year's figures, for those who may read the organisation's full record.
pub async fn get(db: &Db, actor: &Actor, organisation_id: i64, year: i32) -> StoreResult<YearlyFiguresRow> {
    gate::authorize(db, actor, Permission::ReadPrivate, organisation_id).await?;
    fetch(db, organisation_id, year).await
}

/// [`get`] for many (organisation, year) pairs, a few hundred a statement: what an import
/// compares its rows with. Pairs not recorded, or of organisations whose private record `actor` may
/// not read, are left out.
pub async fn get_many(
    db: &Db,
    actor: &Actor,
    pairs: &[(i64, i32)],
) -> StoreResult<HashMap<(i64, i32), YearlyFiguresRow>> {
    let ids: Vec<i64> = pairs.iter().map(|(id, _)| *id).collect();
    let places = gate::places_of(db, &ids).await?;
    let readable: Vec<i64> = places
        .iter()
        .filter(|(_, place)| gate::check(actor, Permission::ReadPrivate, place).is_ok())
        .map(|(id, _)| *id)
        .collect();
    let wanted: std::collections::HashSet<&(i64, i32)> = pairs.iter().collect();
    // An organisation has a row a year at most: its years are read, the ones asked for kept.
    let sql = format!("{SELECT} WHERE organisation_id IN {{ids}}");
    let rows: Vec<YearlyFiguresRow> = hoptac_core::sql::fetch_for_ids(db, &sql, &readable).await?;
    let found = rows
        .into_iter()
        .map(|row| ((row.organisation_id, row.year), row))
        .filter(|(key, _)| wanted.contains(key))
        .collect();
    Ok(found)
}

async fn fetch(db: &Db, organisation_id: i64, year: i32) -> StoreResult<YearlyFiguresRow> {
    let sql = format!("{SELECT} WHERE organisation_id = $1 AND year = $2");
    on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(organisation_id)
        .bind(year)
        .fetch_optional(pool)
        .await)?
    .ok_or(StoreError::NotFound)
}

/// Holds the organisation against other writers of its figures until `tx` ends, so that a year's
/// row read in `tx` is the one its write replaces (and the audit's "before" is true).
async fn hold_organisation(tx: &mut Tx<'_>, organisation_id: i64) -> StoreResult<()> {
    if tx.lock("organisations", organisation_id).await? {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// Whether a save may add a year, replace one, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveMode {
    /// Adds a year; refuses one that exists.
    Create,
    /// Replaces the figures of `year`, which must exist; the input's year must match it.
    Replace(i32),
}

/// Validates and saves the figures of one year. Replacing them from an older version than the
/// year's is refused ([`StoreError::Stale`]); the year is read, checked and written in one
/// transaction.
pub async fn save(
    cx: &Context,
    organisation_id: i64,
    input: &YearlyFiguresInput,
    mode: SaveMode,
) -> StoreResult<i32> {
    let db = &cx.db;
    gate::authorize(db, &cx.actor, Permission::EditFigures, organisation_id).await?;
    if let SaveMode::Replace(year) = mode {
        fetch(db, organisation_id, year).await?;
    }
    if !input.unusual_checked {
        ask_about_the_unusual(db, cx, organisation_id, input, mode).await?;
    }
    let founded = super::organisations::get(db, organisation_id)
        .await?
        .founding_date;
    let mut tx = Tx::begin(db).await?;
    let year = save_in(&mut tx, cx, organisation_id, founded, input, mode).await?;
    tx.commit().await?;
    Ok(year)
}

/// Refuses figures a hundredfold apart from the year before's until the person says they checked
/// them (`unusual_checked`): what a person enters is asked about, an import's rows are not.
async fn ask_about_the_unusual(
    db: &Db,
    cx: &Context,
    organisation_id: i64,
    input: &YearlyFiguresInput,
    mode: SaveMode,
) -> StoreResult<()> {
    let mut input = input.clone();
    if let SaveMode::Replace(year) = mode {
        input.year = Some(year.to_string());
    }
    // Figures that fail their own checks are refused by them in the save.
    let Ok(figures) = input.validate(cx.today.year()) else {
        return Ok(());
    };
    let held = |year: i32| async move {
        match fetch(db, organisation_id, year).await {
            Ok(row) => Ok(Some(row.figures())),
            Err(StoreError::NotFound) => Ok(None),
            Err(other) => Err(other),
        }
    };
    // Set against the years on either side; an edit is asked only about the fields it changes.
    let stored = held(figures.year)
        .await?
        .filter(|_| matches!(mode, SaveMode::Replace(_)));
    let mut unusual = FieldErrors::new();
    for neighbour in [held(figures.year - 1).await?, held(figures.year + 1).await?]
        .into_iter()
        .flatten()
    {
        for e in figures.implausible_against(&neighbour).0 {
            let unchanged = stored
                .as_ref()
                .is_some_and(|s| s.implausible_against(&neighbour).for_field(&e.field).is_some());
            if !unchanged && unusual.for_field(&e.field).is_none() {
                unusual.0.push(e);
            }
        }
    }
    if unusual.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Validation(unusual))
    }
}

/// Saves the figures of one year inside `tx` (which the caller commits), the writer's right
/// checked already; `founded`: the organisation's founding date, before whose year no figures may
/// be. The year's row is read inside the transaction: two saves of one year at once are one
/// create and one refusal (or update), never two creates.
pub async fn save_in(
    tx: &mut Tx<'_>,
    cx: &Context,
    organisation_id: i64,
    founded: chrono::NaiveDate,
    input: &YearlyFiguresInput,
    mode: SaveMode,
) -> StoreResult<i32> {
    let (actor, current_year, now) = (&cx.actor, cx.today.year(), cx.now);
    let mut input = input.clone();
    if let SaveMode::Replace(year) = mode {
        input.year = Some(year.to_string());
    }
    let f = input.validate(current_year)?;
    if f.year < founded.year() {
        return Err(StoreError::Validation(FieldErrors::single(
            "year",
            "before_founding",
        )));
    }
    let duplicate = || {
        let mut e = FieldErrors::new();
        e.add_with("year", "duplicate_year", vec![("value", f.year.to_string())]);
        StoreError::Conflict(e)
    };
    hold_organisation(tx, organisation_id).await?;
    let existing: Option<YearlyFiguresRow> = tx
        .fetch_optional(
            &format!("{SELECT} WHERE organisation_id = $1 AND year = $2"),
            &[Arg::I64(organisation_id), Arg::I32(f.year)],
        )
        .await?;
    match (&existing, mode) {
        (Some(_), SaveMode::Create) => return Err(duplicate()),
        (Some(row), SaveMode::Replace(_)) => hoptac_core::error::ensure_current(input.version, row.version)?,
        (None, _) => {}
    }
    // Add, or (replacing) add or update in one statement: every column after the key takes the
    // new value. A create that meets a row inserted meanwhile writes nothing and is refused.
    let on_conflict = match mode {
        SaveMode::Create => "DO NOTHING".to_owned(),
        SaveMode::Replace(_) => {
            let mut updates: Vec<String> = COLUMNS[2..]
                .iter()
                .map(|c| format!("{c} = excluded.{c}"))
                .collect();
            updates.push("version = yearly_figures.version + 1".to_owned());
            format!("DO UPDATE SET {}", updates.join(", "))
        }
    };
    let sql = format!(
        "{} ON CONFLICT (organisation_id, year) {on_conflict}",
        insert_sql("yearly_figures", &COLUMNS)
    );
    if let Some(row) = &existing {
        if audit::unchanged(&row.to_input(), &f.to_input()) {
            return Ok(f.year);
        }
    }
    if tx.execute(&sql, &row_args(organisation_id, &f, now)).await? == 0 {
        return Err(duplicate());
    }
    if existing.is_none() {
        // A year deleted and entered again must not take back a version its old row had, or an
        // edit made from the old row would pass: its versions go on from every write it has had.
        tx.execute(
            "UPDATE yearly_figures SET version = 1 + (SELECT COUNT(*) FROM audit_events \
             WHERE entity = 'yearly_figures' AND entity_id = $1) WHERE organisation_id = $2 AND year = $3",
            &[
                Arg::Text(format!("{organisation_id}/{}", f.year)),
                Arg::I64(organisation_id),
                Arg::I32(f.year),
            ],
        )
        .await?;
    }
    let change = Change {
        action: if existing.is_some() {
            Action::Update
        } else {
            Action::Create
        },
        entity: "yearly_figures",
        entity_id: format!("{organisation_id}/{}", f.year),
        organisation_id: Some(organisation_id),
        before: existing
            .map(|row| row.to_input())
            .as_ref()
            .and_then(audit::snapshot),
        after: audit::snapshot(&f.to_input()),
    };
    audit::record(tx, actor, change, now).await?;
    Ok(f.year)
}

/// Saves the first figures of organisations registered in the same transaction (an import's new
/// records), each checked as [`save_in`] checks them, in a few statements for all: `(organisation,
/// founding date, figures)`. A new organisation has no figures nor any trail of them, so each year
/// is created at version 1. An error comes with the index of the figures it is about.
pub async fn create_many_in(
    tx: &mut Tx<'_>,
    cx: &Context,
    figures: &[(i64, chrono::NaiveDate, &YearlyFiguresInput)],
) -> Result<(), (usize, StoreError)> {
    let (actor, now) = (&cx.actor, cx.now);
    let (mut rows, mut changes) = (Vec::new(), Vec::new());
    for (index, (organisation_id, founded, input)) in figures.iter().enumerate() {
        let f = input.validate(cx.today.year()).map_err(|e| (index, e.into()))?;
        if f.year < founded.year() {
            let error = FieldErrors::single("year", "before_founding");
            return Err((index, StoreError::Validation(error)));
        }
        rows.push(row_args(*organisation_id, &f, now));
        changes.push(Change {
            action: Action::Create,
            entity: "yearly_figures",
            entity_id: format!("{organisation_id}/{}", f.year),
            organisation_id: Some(*organisation_id),
            before: None,
            after: audit::snapshot(&f.to_input()),
        });
    }
    let all = |e: sqlx::Error| (0, StoreError::from(e));
    tx.insert_many("yearly_figures", &COLUMNS, &rows)
        .await
        .map_err(all)?;
    audit::record_many(tx, actor, changes, now).await.map_err(all)?;
    Ok(())
}

/// Deletes a year's figures. `version`: the version the deletion was decided on; an older one is
/// refused ([`StoreError::Stale`]).
pub async fn delete(
    cx: &Context,
    organisation_id: i64,
    year: i32,
    version: Option<i64>,
) -> StoreResult<YearlyFiguresRow> {
    let (db, actor, now) = (&cx.db, &cx.actor, cx.now);
    gate::authorize(db, actor, Permission::EditFigures, organisation_id).await?;
    let mut tx = Tx::begin(db).await?;
    hold_organisation(&mut tx, organisation_id).await?;
    let row: YearlyFiguresRow = tx
        .fetch_optional(
            &format!("{SELECT} WHERE organisation_id = $1 AND year = $2"),
            &[Arg::I64(organisation_id), Arg::I32(year)],
        )
        .await?
        .ok_or(StoreError::NotFound)?;
    hoptac_core::error::ensure_current(version, row.version)?;
    tx.execute(
        "DELETE FROM yearly_figures WHERE organisation_id = $1 AND year = $2",
        &[Arg::I64(organisation_id), Arg::I32(year)],
    )
    .await?;
    let change = Change {
        action: Action::Delete,
        entity: "yearly_figures",
        entity_id: format!("{organisation_id}/{year}"),
        organisation_id: Some(organisation_id),
        before: audit::snapshot(&row.to_input()),
        after: None,
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    Ok(row)
}

/// Puts back a year's figures removed by mistake (the undo of [`delete`]): as the trail kept
/// them, saved as a new year's are (checked again, without asking about unusual values, which
/// were there before). `NotFound` when the year's last write was not its removal; a year entered
/// again since is `Conflict` as any second entry of a year is.
pub async fn restore(cx: &Context, organisation_id: i64, year: i32) -> StoreResult<i32> {
    let deletion = audit::deleted(&cx.db, "yearly_figures", &format!("{organisation_id}/{year}"))
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut input: YearlyFiguresInput = serde_json::from_value(deletion.before).map_err(|e| {
        StoreError::Config(format!(
            "the trail's figures {organisation_id}/{year} do not read: {e}"
        ))
    })?;
    input.unusual_checked = true;
    save(cx, organisation_id, &input, SaveMode::Create).await
}

/// The active organisations `user_id` manages that have no figures for `year` though they were
/// founded by its end, as (id, name) in name order: the figures a manager has still to enter.
pub async fn missing_for_manager(db: &Db, user_id: i64, year: i32) -> StoreResult<Vec<(i64, String)>> {
    let year_end = chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
    let mut rows: Vec<(i64, String)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT o.id, o.name FROM role_grants g JOIN organisations o ON o.id = g.organisation_id \
         WHERE g.user_id = $1 AND g.role = 'manager' AND g.revoked_at IS NULL AND o.status = 'active' \
         AND o.founding_date <= $2 \
         AND NOT EXISTS (SELECT 1 FROM yearly_figures y WHERE y.organisation_id = o.id AND y.year = $3)"
    )
    .bind(user_id)
    .bind(year_end)
    .bind(year)
    .fetch_all(pool)
    .await)?;
    rows.sort_by(|a, b| hoptac_core::text::compare_names(&a.1, &b.1));
    Ok(rows)
}
