//! Saving a sheet as a job. A province's registry of thousands of rows takes longer to check and
//! save than a page may wait, so "save" queues a job (a table, so that it outlives a restart) that a
//! worker of the server takes; the officer watches its progress (rows done, rows per second) and
//! finds the import it made. A job runs as the officer who asked for it, with their rights as they
//! are when it runs, and saves only the plan the officer saw (its fingerprint).

use crate::plan::{SaveError, Saving, SourceFile};
use crate::sheets::{self, SheetPlan};
use crate::{store, workbook};
use chrono::{DateTime, Duration, Utc};
use hoptac_core::audit::Actor;
use hoptac_core::clock::Clock;
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::{on_pool, Arg, Context, Db, Lang, StoreError, StoreResult};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// How long a server may hold a job before another takes it for dead: longer than the largest
/// save takes (a national registry's province in minutes), short enough that a job of a server that
/// died is not lost for long.
const LEASE_MINUTES: i64 = 30;

/// How often a worker looks for jobs queued by another server.
const POLL: std::time::Duration = std::time::Duration::from_secs(2);

hoptac_core::vocabulary! {
    /// Where a job stands.
    JobState {
        Queued = "queued";
        Running = "running";
        Done = "done";
        Failed = "failed";
    }
}

/// A job as stored.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Job {
    pub id: i64,
    pub upload_id: i64,
    pub sheet: String,
    pub valid_rows_only: bool,
    #[serde(skip)]
    pub plan_digest: Option<String>,
    #[serde(skip)]
    pub user_id: i64,
    #[serde(skip)]
    pub lang: String,
    #[sqlx(try_from = "String")]
    pub state: JobState,
    /// The import it made, once done.
    pub import_id: Option<i64>,
    /// Why it saved nothing, once failed (or, done, that there was nothing to save): kept in
    /// every language the site speaks, given in the reader's ([`Job::told_in`]).
    pub refusal: Option<String>,
    /// The record rows of the sheet, once read.
    pub rows_total: Option<i64>,
    pub queued_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl Job {
    /// The job as `lang`'s reader is told it: its refusal in their words. (A job recorded before
    /// refusals were kept in every language keeps the words it had.)
    pub fn told_in(mut self, lang: Lang) -> Job {
        self.refusal = self.refusal.map(|kept| {
            serde_json::from_str::<std::collections::BTreeMap<String, String>>(&kept)
                .ok()
                .and_then(|words| words.get(lang.code()).cloned())
                .unwrap_or(kept)
        });
        self
    }
}

/// Why a job saved nothing, or that there was nothing to save, as words of the catalogue: kept in
/// every language, since whoever reads the job later (the officer in another language, a
/// colleague, the API) is told it in theirs.
enum Why {
    Word(&'static str),
    Formatted(&'static str, Vec<(&'static str, String)>),
    /// A problem with the file, named by the file's name.
    File(hoptac_core::FieldError, String),
    /// A row the registry refused, with its reasons.
    Row(usize, hoptac_core::FieldErrors),
}

impl Why {
    fn text(&self, lang: Lang) -> String {
        use hoptac_core::i18n;
        match self {
            Why::Word(id) => i18n::word(lang, id).to_owned(),
            Why::Formatted(id, args) => {
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                i18n::format(lang, id, &args).unwrap_or_default()
            }
            Why::File(error, file_name) => i18n::error_message_as(error, file_name, lang),
            Why::Row(row, errors) => {
                let message = i18n::errors_message(errors, lang);
                i18n::format(
                    lang,
                    "import-at_row",
                    &[("row", &row.to_string()), ("message", &message)],
                )
                .unwrap_or(message)
            }
        }
    }

    /// The words in every language, as the job keeps them: `{"en": "…", "vi": "…"}`.
    fn kept(&self) -> String {
        let words: std::collections::BTreeMap<&str, String> = Lang::ALL
            .iter()
            .map(|lang| (lang.code(), self.text(*lang)))
            .collect();
        serde_json::to_string(&words).unwrap_or_default()
    }
}

const SELECT: &str = "SELECT id, upload_id, sheet, valid_rows_only, plan_digest, user_id, lang, state, \
                      import_id, refusal, rows_total, queued_at, started_at, finished_at FROM import_jobs";

/// What a running job is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Reading the file.
    Reading,
    /// Checking each row against the rules and the registry.
    Checking,
    /// Writing the rows, in one transaction.
    Saving,
}

/// How far a running job has come, as the server running it knows.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct Progress {
    pub phase: Phase,
    /// Rows done in this phase.
    pub done: usize,
    /// Rows in all in this phase.
    pub total: usize,
    /// Rows per second in this phase so far.
    pub rows_per_second: f64,
    #[serde(skip)]
    since: std::time::Instant,
}

/// The progress of the jobs this server runs. Saving is one transaction, which on SQLite holds the
/// database's only writer: progress is kept in memory, not written.
static PROGRESS: LazyLock<Mutex<HashMap<i64, Progress>>> = LazyLock::new(Default::default);

/// Wakes the worker when a job is queued on this server.
static QUEUED: LazyLock<tokio::sync::Notify> = LazyLock::new(tokio::sync::Notify::new);

/// How long a phase runs before its rate is told.
const MEASURED_SECONDS: f64 = 0.5;

fn report(job: i64, phase: Phase, done: usize, total: usize) {
    let Ok(mut all) = PROGRESS.lock() else {
        return;
    };
    let since = match all.get(&job) {
        Some(p) if p.phase == phase => p.since,
        _ => std::time::Instant::now(),
    };
    let seconds = since.elapsed().as_secs_f64();
    all.insert(
        job,
        Progress {
            phase,
            done,
            total,
            // A rate over less than half a second says nothing (1 row in 2 µs is not 500,000 a second).
            rows_per_second: if seconds >= MEASURED_SECONDS {
                done as f64 / seconds
            } else {
                0.0
            },
            since,
        },
    );
}

/// How far the job has come, when this server runs it.
pub fn progress(job: i64) -> Option<Progress> {
    PROGRESS.lock().ok()?.get(&job).copied()
}

fn forget_progress(job: i64) {
    if let Ok(mut all) = PROGRESS.lock() {
        all.remove(&job);
    }
}

/// Queues the saving of the upload's sheet `sheet` for the upload's own officer; `plan`: the
/// fingerprint of the preview the officer saw. A job of that sheet already waiting or running is
/// that job: pressing save twice queues once.
pub async fn enqueue(
    cx: &Context,
    upload_id: i64,
    sheet: &str,
    valid_rows_only: bool,
    plan: Option<&str>,
    lang: Lang,
) -> StoreResult<i64> {
    store::check_uploader(cx, upload_id).await?;
    let user_id = cx.actor.user_id.ok_or(StoreError::Forbidden)?;
    let mut tx = Tx::begin(&cx.db).await?;
    let waiting: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT id FROM import_jobs WHERE upload_id = $1 AND sheet = $2 AND state IN ('queued', 'running')",
            &[Arg::I64(upload_id), Arg::Text(sheet.to_owned())],
        )
        .await?;
    if let Some((id,)) = waiting {
        return Ok(id);
    }
    let id = tx
        .insert_returning_id(
            &insert_sql(
                "import_jobs",
                &[
                    "upload_id",
                    "sheet",
                    "valid_rows_only",
                    "plan_digest",
                    "user_id",
                    "lang",
                    "state",
                    "queued_at",
                ],
            ),
            &[
                Arg::I64(upload_id),
                Arg::Text(sheet.to_owned()),
                Arg::Bool(valid_rows_only),
                Arg::OptText(plan.map(str::to_owned)),
                Arg::I64(user_id),
                Arg::Text(lang.code().to_owned()),
                Arg::Text(JobState::Queued.as_str().to_owned()),
                Arg::Time(cx.now),
            ],
        )
        .await?;
    tx.commit().await?;
    QUEUED.notify_one();
    Ok(id)
}

/// A job, for the officer who asked for it or an administrator (anyone else: not found).
pub async fn job(cx: &Context, id: i64) -> StoreResult<Job> {
    let found: Job = on_pool!(&cx.db, |pool| sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await)?
    .ok_or(StoreError::NotFound)?;
    if cx.actor.access.admin || cx.actor.user_id == Some(found.user_id) {
        Ok(found)
    } else {
        Err(StoreError::NotFound)
    }
}

/// Takes the oldest queued job, leased to this server until it ends or the lease runs out.
async fn claim(db: &Db, now: DateTime<Utc>) -> StoreResult<Option<Job>> {
    loop {
        let next: Option<(i64,)> = on_pool!(db, |pool| sqlx::query_as(
            "SELECT id FROM import_jobs WHERE state = 'queued' ORDER BY id LIMIT 1"
        )
        .fetch_optional(pool)
        .await)?;
        let Some((id,)) = next else {
            return Ok(None);
        };
        let mut tx = Tx::begin(db).await?;
        // Another server may have taken it between the two statements: then the next one.
        let taken = tx
            .execute(
                "UPDATE import_jobs SET state = 'running', leased_until = $1, started_at = $2 \
                 WHERE id = $3 AND state = 'queued'",
                &[
                    Arg::Time(now + Duration::minutes(LEASE_MINUTES)),
                    Arg::Time(now),
                    Arg::I64(id),
                ],
            )
            .await?;
        tx.commit().await?;
        if taken == 1 {
            return Ok(Some(on_pool!(db, |pool| sqlx::query_as(&format!(
                "{SELECT} WHERE id = $1"
            ))
            .bind(id)
            .fetch_one(pool)
            .await)?));
        }
    }
}

/// Queues again the jobs whose server stopped while running them: every running job when
/// `all` (the only server, just started), else those whose lease ran out.
async fn requeue(db: &Db, now: DateTime<Utc>, all: bool) -> StoreResult<u64> {
    let mut tx = Tx::begin(db).await?;
    let done = if all {
        tx.execute(
            "UPDATE import_jobs SET state = 'queued', leased_until = NULL WHERE state = 'running'",
            &[],
        )
        .await?
    } else {
        tx.execute(
            "UPDATE import_jobs SET state = 'queued', leased_until = NULL \
             WHERE state = 'running' AND leased_until < $1",
            &[Arg::Time(now)],
        )
        .await?
    };
    tx.commit().await?;
    Ok(done)
}

/// How a job ended.
enum Ended {
    /// Saved as this import.
    Saved(i64),
    /// Nothing to save: every row is in the registry as written. Done, with this said.
    Nothing(Why),
    /// Nothing saved, for this reason.
    Refused(Why),
}

/// Records how a job ended.
async fn finish(db: &Db, id: i64, now: DateTime<Utc>, ended: &Ended, rows: Option<usize>) -> StoreResult<()> {
    let (state, import_id, refusal) = match ended {
        Ended::Saved(import_id) => (JobState::Done, Some(*import_id), None),
        Ended::Nothing(note) => (JobState::Done, None, Some(note.kept())),
        Ended::Refused(refusal) => (JobState::Failed, None, Some(refusal.kept())),
    };
    let mut tx = Tx::begin(db).await?;
    tx.execute(
        "UPDATE import_jobs SET state = $1, import_id = $2, refusal = $3, rows_total = $4, \
         finished_at = $5, leased_until = NULL WHERE id = $6",
        &[
            Arg::Text(state.as_str().to_owned()),
            Arg::OptI64(import_id),
            Arg::OptText(refusal),
            Arg::OptI64(rows.map(|r| r as i64)),
            Arg::Time(now),
            Arg::I64(id),
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes and runs queued jobs for as long as the server lives. Started with the server: the jobs
/// a stopped server left running are queued again first.
pub async fn work(db: Db, clock: Clock) {
    let only_server = db.backend() == hoptac_core::Backend::Sqlite;
    if let Err(e) = requeue(&db, clock.now(), only_server).await {
        tracing::error!(error = %e, "queuing the interrupted import jobs again failed");
    }
    loop {
        if let Err(e) = requeue(&db, clock.now(), false).await {
            tracing::error!(error = %e, "queuing the import jobs of a stopped server failed");
        }
        match claim(&db, clock.now()).await {
            Ok(Some(job)) => run(&db, &clock, job).await,
            Ok(None) => {
                let _ = tokio::time::timeout(POLL, QUEUED.notified()).await;
            }
            Err(e) => {
                tracing::error!(error = %e, "taking an import job failed");
                tokio::time::sleep(POLL).await;
            }
        }
    }
}

async fn run(db: &Db, clock: &Clock, job: Job) {
    let id = job.id;
    let (ended, rows) = match execute(db, clock, &job).await {
        Ok((ended, rows)) => (ended, rows),
        Err(e) => {
            tracing::error!(job = id, error = %e, "an import job failed");
            (Ended::Refused(Why::Word("job-failed_internally")), None)
        }
    };
    if let Err(e) = finish(db, id, clock.now(), &ended, rows).await {
        tracing::error!(job = id, error = %e, "recording the end of an import job failed");
    }
    forget_progress(id);
}

/// Reads, checks and saves the job's sheet as its officer: the import made, or why nothing was
/// saved, and how many record rows the sheet has.
async fn execute(db: &Db, clock: &Clock, job: &Job) -> StoreResult<(Ended, Option<usize>)> {
    let user = hoptac_core::users::get(db, job.user_id).await?;
    let actor = Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        address: None,
        access: hoptac_core::gate::access_of(db, user.id, user.is_admin).await?,
    };
    let cx = Context::at(db, &actor, clock.now());
    report(job.id, Phase::Reading, 0, 0);
    let upload = store::upload(&cx, job.upload_id).await?;
    let content = upload.content.clone();
    let read = tokio::task::spawn_blocking(move || workbook::read(content))
        .await
        .map_err(|e| StoreError::Config(e.to_string()))?;
    let workbook = match read {
        Ok(sheets) => sheets,
        Err(e) => {
            let error = hoptac_core::FieldError {
                field: "workbook".into(),
                code: e.code(),
                params: e.args(),
            };
            return Ok((Ended::Refused(Why::File(error, upload.file_name.clone())), None));
        }
    };
    let found = sheets::importable_with(&workbook, |name| upload.mapping(name));
    let Some(importable) = found.iter().find(|i| i.sheet.name == job.sheet) else {
        return Ok((Ended::Refused(Why::Word("job-no_sheet")), None));
    };
    let id = job.id;
    let plan = SheetPlan::of_with(&cx, importable, &upload.province_code, &|done, total| {
        report(id, Phase::Checking, done, total)
    })
    .await?;
    let rows = plan.records().len();
    if job
        .plan_digest
        .as_deref()
        .is_some_and(|shown| shown != plan.digest())
    {
        return Ok((Ended::Refused(Why::Word("preview-outrun")), Some(rows)));
    }
    let file = SourceFile {
        name: upload.file_name.clone(),
        sha256: upload.sha256.clone(),
    };
    let saving = Saving {
        valid_rows_only: job.valid_rows_only,
        upload: Some(job.upload_id),
        sheet: Some(importable),
        ..Saving::of(&file, &upload.province_code)
    };
    // The writing starts now, though its first rows are told only once written.
    let counts = plan.counts();
    report(id, Phase::Saving, 0, counts.new + counts.changed);
    let saved = plan
        .save(&cx, &saving, |done, total| report(id, Phase::Saving, done, total))
        .await;
    Ok((
        match saved {
            Ok(saved) => Ended::Saved(saved.import_id),
            Err(SaveError::AlreadySaved(import_id)) => Ended::Saved(import_id),
            Err(SaveError::Nothing) => Ended::Nothing(Why::Word("preview-nothing")),
            Err(refused) => Ended::Refused(why(refused)?),
        },
        Some(rows),
    ))
}

/// Why a save saved nothing; a failure of the store itself stays one.
fn why(error: SaveError) -> StoreResult<Why> {
    Ok(match error {
        SaveError::Refused(_) => Why::Word("preview-all_or_nothing"),
        SaveError::Nothing => Why::Word("preview-nothing"),
        SaveError::Outrun => Why::Word("preview-outrun"),
        SaveError::AlreadySaved(id) => Why::Formatted("job-saved_already", vec![("id", id.to_string())]),
        SaveError::Row { row, error } => match error {
            StoreError::Validation(e) | StoreError::Conflict(e) => Why::Row(row, e),
            other => return Err(other),
        },
        SaveError::Store(e) => return Err(e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_just_begun_tells_no_rate_and_its_start_is_its_phase() {
        report(-1, Phase::Checking, 1, 10);
        let checking = progress(-1).expect("reported");
        assert_eq!(
            (checking.phase, checking.done, checking.rows_per_second),
            (Phase::Checking, 1, 0.0)
        );
        report(-1, Phase::Saving, 0, 10);
        assert_eq!(progress(-1).expect("reported").phase, Phase::Saving);
    }
}
