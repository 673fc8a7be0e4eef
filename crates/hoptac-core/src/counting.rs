//! What a report asks each area, and how an area answers: counts of its records for a set of
//! organisations grouped into buckets (the parts of a province, or its communes), keyed by the code
//! of the indicator they count (`tht_active`, `ocop_products`...). The reports area owns the
//! catalogue of indicators and asks every registered [`Counter`] through [`count`]; it knows no
//! area's tables.
//!
//! A bucket that holds no records of a kind gets no value for the indicators counted from it, so a
//! report can tell "none counted" from "nothing known".

use crate::db::{push_numbered, Arg};
use crate::{on_pool, BoxFuture, Db, StoreResult};
use chrono::NaiveDate;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

/// Which organisations a count reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Filter {
    Everything,
    /// A 2025 province, with the 2008 provinces that merged into it.
    Province(String),
    /// A 2008 province.
    OldProvince(String),
    Commune(i64),
}

/// How organisations are put into buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grouping {
    /// `{2025 province}/{2008 province or empty}`: the parts of provinces across the merger.
    ProvincePart,
    /// The commune's id: for drilling down into a province.
    Commune,
}

impl Grouping {
    /// The bucket of an organisation `o`, as SQL.
    fn key_sql(self) -> &'static str {
        match self {
            Grouping::ProvincePart => "o.province_code || '/' || COALESCE(o.old_province_code, '')",
            Grouping::Commune => "CAST(o.commune_id AS TEXT)",
        }
    }
}

/// The key of a bucket of [`Grouping::ProvincePart`].
pub fn province_part_key(province: &str, old_province: Option<&str>) -> String {
    format!("{province}/{}", old_province.unwrap_or(""))
}

/// The days a count looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Days {
    /// Stocks are counted on this day.
    pub as_of: NaiveDate,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The year of the yearly figures.
    pub year: i32,
}

/// One question to every area.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Question {
    pub filter: Filter,
    pub grouping: Grouping,
    pub days: Days,
    /// Only the stocks of organisations and products, which charts over years show, without the
    /// heavier member registers, yearly figures and rounds.
    pub stocks_only: bool,
}

/// Values per bucket, per indicator code.
pub type Counts = HashMap<String, HashMap<&'static str, i64>>;

/// Adds `value` to an indicator of a bucket; `None` (nothing known) adds nothing.
pub fn add(counts: &mut Counts, bucket: &str, indicator: &'static str, value: Option<i64>) {
    if let Some(value) = value {
        let values = counts.entry(bucket.to_owned()).or_default();
        *values.entry(indicator).or_insert(0) += value;
    }
}

/// Adds each row's values to the indicators of its columns, in order.
pub fn add_columns(counts: &mut Counts, rows: Rows, columns: &[&'static str]) {
    for (bucket, _, values) in rows {
        for (indicator, value) in columns.iter().zip(values) {
            add(counts, &bucket, indicator, value);
        }
    }
}

/// Per row: the bucket, the tag and the values.
pub type Rows = Vec<(String, Option<String>, Vec<Option<i64>>)>;

/// A query of the form `SELECT bucket, tag, v1, v2, ... FROM ... GROUP BY bucket, tag` over
/// organisations `o`, limited to the question's filter.
pub struct Grouped {
    sql: String,
    args: Vec<Arg>,
}

impl Grouped {
    /// `select` names the tag and value columns; `from_where` follows it, joins organisations as
    /// `o`, ends with a WHERE clause and takes `args` for its `?` placeholders.
    pub fn new(question: &Question, select: &str, from_where: &str, args: Vec<Arg>) -> Grouped {
        let key = question.grouping.key_sql();
        let (mut sql, mut bound) = (String::new(), Vec::new());
        push_numbered(
            &mut sql,
            &mut bound,
            &format!("SELECT {key} AS bucket, {select} {from_where}"),
            args,
        );
        let (condition, arg) = match &question.filter {
            Filter::Everything => ("", None),
            Filter::Province(code) => (" AND o.province_code = ?", Some(Arg::Text(code.clone()))),
            Filter::OldProvince(code) => (" AND o.old_province_code = ?", Some(Arg::Text(code.clone()))),
            Filter::Commune(id) => (" AND o.commune_id = ?", Some(Arg::I64(*id))),
        };
        push_numbered(&mut sql, &mut bound, condition, arg);
        sql.push_str(" GROUP BY 1, 2");
        Grouped { sql, args: bound }
    }

    /// Runs the query: per row, the bucket, the tag and the values.
    pub async fn rows(&self, db: &Db) -> StoreResult<Rows> {
        let read = |bucket: String, tag: Option<String>, values: Vec<Option<i64>>| (bucket, tag, values);
        Ok(on_pool!(db, |pool| {
            let rows = crate::bind_args!(sqlx::query(&self.sql), &self.args)
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

/// An area's answer to reports.
pub struct Counter {
    pub count: for<'a> fn(&'a Db, &'a Question) -> BoxFuture<'a, StoreResult<Counts>>,
    /// The tables it counts from whose last id changes whenever rows are added to them, by hoptac
    /// or by a bulk load; every other change goes through the audit trail.
    pub tables: &'static [&'static str],
}

/// The counters registered for a database.
#[derive(Default)]
struct Counters(RwLock<Vec<&'static Counter>>);

/// Makes `counter` answer the questions asked of `db`; registering it again changes nothing.
pub fn register(db: &Db, counter: &'static Counter) {
    let counters = db.kept::<Counters>();
    let mut list = counters.0.write().unwrap_or_else(PoisonError::into_inner);
    if !list.iter().any(|c| std::ptr::eq(*c, counter)) {
        list.push(counter);
    }
}

fn counters(db: &Db) -> Vec<&'static Counter> {
    db.kept::<Counters>()
        .0
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

/// Every registered area's counts for `question`, merged.
pub async fn count(db: &Db, question: &Question) -> StoreResult<Counts> {
    let mut all = Counts::new();
    for counter in counters(db) {
        for (bucket, values) in (counter.count)(db, question).await? {
            let merged = all.entry(bucket).or_default();
            for (indicator, value) in values {
                *merged.entry(indicator).or_insert(0) += value;
            }
        }
    }
    Ok(all)
}

/// The state of the counted records: the last id of the audit trail and of every table a registered
/// counter names. Counts made at one version hold until it changes.
pub async fn version(db: &Db) -> StoreResult<Vec<i64>> {
    let tables: Vec<&str> = counters(db)
        .iter()
        .flat_map(|c| c.tables.iter().copied())
        .collect();
    let columns: Vec<String> = std::iter::once("audit_events")
        .chain(tables)
        .map(|table| format!("(SELECT COALESCE(MAX(id), 0) FROM {table})"))
        .collect();
    let sql = format!("SELECT {}", columns.join(", "));
    let ids = on_pool!(db, |pool| {
        let row = sqlx::query(&sql).fetch_one(pool).await?;
        (0..row.len())
            .map(|i| row.try_get::<i64, _>(i))
            .collect::<Result<Vec<_>, sqlx::Error>>()
    })?;
    Ok(ids)
}
