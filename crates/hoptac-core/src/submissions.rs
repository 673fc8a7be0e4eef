//! Writes that may arrive twice (a double click, a request retried after a lost answer) carry a
//! key: a form its one-time submission token, an API call its `Idempotency-Key`. The first request
//! with a key claims it and is carried out; its answer is kept, and a repeat gets that answer
//! instead of making a second record. A refused request (4xx, 5xx) gives its key back, so the
//! corrected form can be sent again. Keys are kept for [`KEPT_HOURS`] hours.

use crate::sql::{insert_sql, Tx};
use crate::{on_pool, Arg, Db, StoreResult};
use chrono::{DateTime, Duration, Utc};

/// How long an answer is kept for a repeat, in hours.
pub const KEPT_HOURS: i64 = 24;

/// An answer kept for the repeats of its request.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Kept {
    pub status: i32,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: Option<String>,
}

/// What a request with a key finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new: carry the request out, then [`keep`] its answer or [`release`] the key.
    First,
    /// The request was carried out: this is its answer.
    Done(Kept),
    /// The first request with this key is still being carried out.
    InProgress,
}

/// Claims `key` for a request, or finds what became of the request that claimed it.
pub async fn claim(db: &Db, key: &str, method: &str, path: &str, now: DateTime<Utc>) -> StoreResult<Claim> {
    let mut tx = Tx::begin(db).await?;
    let existing: Option<(Option<i32>,)> = tx
        .fetch_optional(
            "SELECT status FROM submissions WHERE key = $1",
            &[Arg::Text(key.to_owned())],
        )
        .await?;
    if existing.is_none() {
        let columns = ["key", "method", "path", "created_at"];
        let args = [
            Arg::Text(key.to_owned()),
            Arg::Text(method.to_owned()),
            Arg::Text(path.to_owned()),
            Arg::Time(now),
        ];
        // Two first requests at once on PostgreSQL: one inserts, the other meets its key.
        return match tx.execute(&insert_sql("submissions", &columns), &args).await {
            Ok(_) => {
                tx.commit().await?;
                Ok(Claim::First)
            }
            Err(e) if crate::error::is_unique_violation(&e) => Ok(Claim::InProgress),
            Err(e) => Err(e.into()),
        };
    }
    let kept: Option<Kept> = tx
        .fetch_optional(
            "SELECT status, location, content_type, body FROM submissions WHERE key = $1 AND status IS NOT NULL",
            &[Arg::Text(key.to_owned())],
        )
        .await?;
    tx.commit().await?;
    Ok(kept.map_or(Claim::InProgress, Claim::Done))
}

/// Keeps the answer of the request that claimed `key`.
pub async fn keep(db: &Db, key: &str, kept: &Kept) -> StoreResult<()> {
    let mut tx = Tx::begin(db).await?;
    tx.execute(
        "UPDATE submissions SET status = $1, location = $2, content_type = $3, body = $4 WHERE key = $5",
        &[
            Arg::I32(kept.status),
            Arg::OptText(kept.location.clone()),
            Arg::OptText(kept.content_type.clone()),
            Arg::OptText(kept.body.clone()),
            Arg::Text(key.to_owned()),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives a key back: its request was refused and may be sent again.
pub async fn release(db: &Db, key: &str) -> StoreResult<()> {
    let mut tx = Tx::begin(db).await?;
    tx.execute(
        "DELETE FROM submissions WHERE key = $1",
        &[Arg::Text(key.to_owned())],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Forgets the answers older than [`KEPT_HOURS`]; returns how many.
pub async fn forget_old(db: &Db, now: DateTime<Utc>) -> StoreResult<u64> {
    let before = now - Duration::hours(KEPT_HOURS);
    Ok(on_pool!(db, |pool| sqlx::query(
        "DELETE FROM submissions WHERE created_at < $1"
    )
    .bind(before)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?)
}
