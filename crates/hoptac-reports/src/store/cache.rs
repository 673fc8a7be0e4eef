//! Report figures counted once and kept while the records they were counted from are unchanged.
//! Counting the whole country reads every organisation and member; officers read the same closed
//! periods over and over (the report, its exports, the dashboard), so the counts are kept.
//!
//! The records' state is named by the last ids of the audit trail and of the tables reports count
//! from. Every change made through hoptac writes the audit trail in the same transaction, and bulk
//! loads (the demo, imports) add rows to the counted tables, so a change in either, by this process
//! or another, makes every kept count stale. Entered figures and targets are read afresh each time.
//!
//! On PostgreSQL two writes may commit in another order than they took their ids; a report counted
//! between the two commits is then kept until the next write. SQLite writes one at a time.

use super::compute::{self, Buckets, Days, Filter, Grouping};
use hoptac_core::counting::{self, Question};
use hoptac_core::{Db, StoreError, StoreResult};
use std::sync::Arc;

/// Which counts: all of them, or only the stocks the charts over years show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Part {
    All,
    Stocks,
}

/// The state of the records (`counting::version`: the last ids of the audit trail and of each
/// counted table) and the question counted at that state.
type Key = (Vec<i64>, Question);

/// How many counts are kept; the least used go first. A national report with its year before and
/// five years of charts makes seven.
const CAPACITY: u64 = 256;

/// Counts kept per state of the records. Requests that ask the same question at once wait for one
/// count rather than each counting.
pub struct ReportCache {
    counts: moka::future::Cache<Key, Arc<Buckets>>,
}

impl Default for ReportCache {
    fn default() -> Self {
        ReportCache {
            counts: moka::future::Cache::new(CAPACITY),
        }
    }
}

/// The counts of a filter, grouping and days: kept ones when the records have not changed since,
/// otherwise counted now and kept. Counts of an older state are never read again and age out.
pub(crate) async fn counts(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
    part: Part,
) -> StoreResult<Arc<Buckets>> {
    let question = Question {
        filter: filter.clone(),
        grouping,
        days,
        stocks_only: part == Part::Stocks,
    };
    let version = counting::version(db).await?;
    let count = async { compute::compute(&question, db).await.map(Arc::new) };
    db.kept::<ReportCache>()
        .counts
        .try_get_with((version, question.clone()), count)
        .await
        // Those who waited on a count that failed share its error; the first asker gets it whole.
        .map_err(|shared| Arc::try_unwrap(shared).unwrap_or_else(|e| StoreError::Config(e.to_string())))
}
