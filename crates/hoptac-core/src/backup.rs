//! Backups: a consistent copy of the database taken while hoptac runs, and its restoration into an
//! empty database.
//!
//! - SQLite: `VACUUM INTO` writes the database as one read transaction sees it, so the copy is the
//!   database at one instant however many writes go on meanwhile; the copy is itself a SQLite file,
//!   and restoring puts it in the place of an empty database file.
//! - PostgreSQL: `pg_dump --format=custom` (PostgreSQL's client tools, which must be installed)
//!   dumps one snapshot; `pg_restore` loads it into an empty database.

use crate::{Backend, Db, StoreError, StoreResult};
use std::path::Path;

fn config(message: String) -> StoreError {
    StoreError::Config(message)
}

/// Writes a consistent copy of `db` (reached at `url`) to `out`, which must not exist yet.
pub async fn backup(db: &Db, url: &str, out: &Path) -> StoreResult<()> {
    if out.exists() {
        return Err(config(format!(
            "{} exists already: choose a new file",
            out.display()
        )));
    }
    match db.backend() {
        Backend::Sqlite => {
            let target = out
                .to_str()
                .ok_or_else(|| config(format!("{} is not a UTF-8 path", out.display())))?;
            crate::on_pool!(db, |pool| sqlx::query("VACUUM INTO $1")
                .bind(target)
                .execute(pool)
                .await
                .map(|_| ()))?;
            Ok(())
        }
        Backend::Postgres => run(
            "pg_dump",
            &[
                "--format=custom",
                "--no-owner",
                "--file",
                &out.to_string_lossy(),
                url,
            ],
        ),
    }
}

/// Loads the backup `file` into the empty database at `url`: a SQLite file that does not exist or
/// holds no table, or a PostgreSQL database with no table of hoptac's. A database with data is
/// refused, never overwritten.
pub async fn restore(url: &str, file: &Path) -> StoreResult<()> {
    if !file.is_file() {
        return Err(config(format!("{} is not a file", file.display())));
    }
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        let path = Path::new(path.split('?').next().unwrap_or(path));
        if path.exists() && !sqlite_is_empty(url).await? {
            return Err(config(format!(
                "{} holds data: restore into a new file",
                path.display()
            )));
        }
        for suffix in ["", "-wal", "-shm"] {
            let stale = format!("{}{suffix}", path.display());
            if Path::new(&stale).exists() {
                std::fs::remove_file(&stale).map_err(|e| config(format!("{stale}: {e}")))?;
            }
        }
        std::fs::copy(file, path).map_err(|e| config(format!("{}: {e}", path.display())))?;
        return Ok(());
    }
    let db = Db::connect(url).await?;
    let tables: i64 = crate::on_pool!(&db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    .fetch_one(pool)
    .await)?;
    db.close().await;
    if tables > 0 {
        return Err(config(
            "the database has tables: restore into an empty database".into(),
        ));
    }
    run(
        "pg_restore",
        &["--no-owner", "--dbname", url, &file.to_string_lossy()],
    )
}

/// Whether the SQLite database at `url` holds no table.
async fn sqlite_is_empty(url: &str) -> StoreResult<bool> {
    let db = Db::connect(url).await?;
    let tables: i64 = crate::on_pool!(&db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
    )
    .fetch_one(pool)
    .await)?;
    db.close().await;
    Ok(tables == 0)
}

/// Runs one of PostgreSQL's client tools, naming it when it is missing or fails.
fn run(tool: &str, args: &[&str]) -> StoreResult<()> {
    let output = std::process::Command::new(tool)
        .args(args)
        .output()
        .map_err(|e| config(format!("{tool} (PostgreSQL's client tools) is needed: {e}")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(config(format!(
            "{tool} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}
