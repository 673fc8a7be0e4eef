//! The indicators counted from the records, for a set of organisations grouped into buckets (the
//! parts of a province, or its communes). Reports know no area's tables: they ask every area's
//! counter (`hoptac_core::counting`) and read the answers into the catalogue of indicators.

use crate::domain::{Indicator, Period};
use chrono::NaiveDate;
use hoptac_core::counting::{self, Question};
use hoptac_core::{Db, StoreResult};
use std::collections::HashMap;

pub(crate) use hoptac_core::counting::{province_part_key, Days, Filter, Grouping};

/// Values per bucket key.
pub(crate) type Buckets = HashMap<String, HashMap<Indicator, i64>>;

/// The days a report of `period` looks at, asked on `today`.
pub(crate) fn days_of(period: &Period, today: NaiveDate) -> Days {
    Days {
        as_of: period.as_of(today),
        start: period.start,
        end: period.end,
        year: period.plan_year(),
    }
}

/// Every record-based indicator (all but ratios) for the filtered organisations, per bucket; with
/// `stocks_only`, only the stocks of organisations and OCOP products that charts over years show.
pub(crate) async fn compute(question: &Question, db: &Db) -> StoreResult<Buckets> {
    let counts = counting::count(db, question).await?;
    let mut buckets = Buckets::with_capacity(counts.len());
    for (bucket, values) in counts {
        let indicators = buckets.entry(bucket).or_default();
        for (code, value) in values {
            match Indicator::parse(code) {
                Some(indicator) => *indicators.entry(indicator).or_insert(0) += value,
                None => tracing::warn!(code, "an area counted an indicator the catalogue does not have"),
            }
        }
    }
    Ok(buckets)
}
