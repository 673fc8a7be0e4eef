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
use hoptac_core::{Db, StoreResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Which counts: all of them, or only the stocks the charts over years show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Part {
    All,
    Stocks,
}

type Key = (Filter, Grouping, Days, Part);

/// The last ids of the audit trail and of each counted table (`counting::version`).
type Version = Vec<i64>;

/// How many counts are kept; the oldest goes first. A national report with its year before and
/// five years of charts makes seven.
const CAPACITY: usize = 256;

#[derive(Debug, Default)]
pub struct ReportCache {
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    version: Version,
    counts: HashMap<Key, (u64, Arc<Buckets>)>,
    /// Ticks of use, for dropping the least recently used.
    clock: u64,
}

/// The counts of a filter, grouping and days: from the cache, or counted now.
pub(crate) async fn counts(
    db: &Db,
    filter: &Filter,
    grouping: Grouping,
    days: Days,
    part: Part,
) -> StoreResult<Arc<Buckets>> {
    let key = (filter.clone(), grouping, days, part);
    db.kept::<ReportCache>()
        .get_or_count(db, key, || async move {
            let question = Question {
                filter: filter.clone(),
                grouping,
                days,
                stocks_only: part == Part::Stocks,
            };
            compute::compute(&question, db).await
        })
        .await
}

impl ReportCache {
    /// The counts of `key`: kept ones when the records have not changed since, otherwise counted
    /// by `count` and kept.
    pub(crate) async fn get_or_count<F, Fut>(&self, db: &Db, key: Key, count: F) -> StoreResult<Arc<Buckets>>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = StoreResult<Buckets>>,
    {
        let now = counting::version(db).await?;
        {
            let mut kept = self.lock();
            if kept.version != now {
                kept.counts.clear();
                kept.version = now.clone();
            }
            kept.clock += 1;
            let tick = kept.clock;
            if let Some((used, buckets)) = kept.counts.get_mut(&key) {
                *used = tick;
                return Ok(buckets.clone());
            }
        }
        let buckets = Arc::new(count().await?);
        let mut kept = self.lock();
        // Another request saw newer records meanwhile: these counts are not kept.
        if kept.version == now {
            if kept.counts.len() >= CAPACITY {
                if let Some(oldest) = kept
                    .counts
                    .iter()
                    .min_by_key(|(_, (used, _))| *used)
                    .map(|(k, _)| k.clone())
                {
                    kept.counts.remove(&oldest);
                }
            }
            let tick = kept.clock;
            kept.counts.insert(key, (tick, buckets.clone()));
        }
        Ok(buckets)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        // A panic while holding the lock leaves plain data behind; it is still usable.
        self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
