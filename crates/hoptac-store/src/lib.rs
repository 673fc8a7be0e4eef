//! Persistence for hoptac. One code base over two databases: [`Db`] holds a native sqlx pool for
//! SQLite (the embedded default) or PostgreSQL (the path past one machine), and the repositories run
//! the same SQL text on whichever is live, branching only where the engines truly differ.
//!
//! Repositories are shaped like the domain (`organisations::create`, `members::list`...) and
//! enforce the rules that need the database: references that must exist, values that must be unique,
//! and writes that must happen together or not at all.

pub mod access;
pub mod admin_units;
pub mod audit;
pub mod demo;
mod error;
pub mod figures;
pub mod invitations;
pub mod members;
pub mod ocop;
pub mod organisations;
pub mod reports;
pub mod roles;
mod sql;
#[cfg(feature = "testing")]
pub mod testing;
pub mod users;

pub use error::{StoreError, StoreResult};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A live database: SQLite or PostgreSQL, with what the process remembers of it.
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    /// Report figures already counted, kept while the records stay the same.
    reports: std::sync::Arc<reports::cache::ReportCache>,
}

/// The connections of one engine.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same block against whichever pool is live. Inside, `$pool` is the concrete pool, so
/// one SQL text and one chain of binds serve both engines.
#[macro_export]
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db.pool() {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}

/// Which engine a [`Db`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Db {
    fn of(pool: Pool) -> Db {
        Db {
            pool,
            reports: Default::default(),
        }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub(crate) fn report_cache(&self) -> &reports::cache::ReportCache {
        &self.reports
    }

    /// Connects by URL scheme: `postgres://` or `postgresql://` for PostgreSQL, `sqlite:` for a file.
    /// A SQLite file is created when missing.
    pub async fn connect(url: &str) -> StoreResult<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::of(Pool::Postgres(pool)))
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("cache_size", "-65536")
                // Reports scan whole tables; mapped pages are shared by the pool's connections.
                .pragma("mmap_size", "268435456")
                .pragma("temp_store", "memory");
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::of(Pool::Sqlite(pool)))
        } else {
            Err(StoreError::Config(format!(
                "database URL must start with sqlite: or postgres:// (got {})",
                url.split(':').next().unwrap_or("")
            )))
        }
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations of the live backend.
    pub async fn migrate(&self) -> StoreResult<()> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Migrations, then the administrative units of both eras when they are not loaded yet.
    pub async fn prepare(&self) -> StoreResult<()> {
        self.migrate().await?;
        admin_units::ensure_loaded(self).await?;
        ocop::scorecards::ensure_builtin(self).await?;
        self.optimize().await
    }

    /// Answers when the database does.
    pub async fn ping(&self) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Lets SQLite refresh the planner's statistics of tables that have grown or changed since they
    /// were last gathered; PostgreSQL's autovacuum does this by itself.
    pub async fn optimize(&self) -> StoreResult<()> {
        if let Pool::Sqlite(pool) = &self.pool {
            // 0x10002: look at every table, and limit the work on a large one.
            sqlx::query("PRAGMA optimize = 0x10002").execute(pool).await?;
        }
        Ok(())
    }

    /// Refreshes the planner's statistics after a bulk load.
    pub async fn analyze(&self) -> StoreResult<()> {
        on_pool!(self, |pool| sqlx::query("ANALYZE")
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn close(&self) {
        on_pool!(self, |pool| pool.close().await)
    }
}

/// A value bound to a placeholder of a query assembled at run time (list filters).
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    I64(i64),
    Text(String),
    Date(chrono::NaiveDate),
    Bool(bool),
    I32(i32),
    Time(chrono::DateTime<chrono::Utc>),
    OptI64(Option<i64>),
    OptText(Option<String>),
    OptDate(Option<chrono::NaiveDate>),
}

/// Binds every [`Arg`] in order to a sqlx query of either engine.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                $crate::Arg::I64(v) => query.bind(*v),
                $crate::Arg::Text(v) => query.bind(v.as_str()),
                $crate::Arg::Date(v) => query.bind(*v),
                $crate::Arg::Bool(v) => query.bind(*v),
                $crate::Arg::I32(v) => query.bind(*v),
                $crate::Arg::Time(v) => query.bind(*v),
                $crate::Arg::OptI64(v) => query.bind(*v),
                $crate::Arg::OptText(v) => query.bind(v.as_deref()),
                $crate::Arg::OptDate(v) => query.bind(*v),
            };
        }
        query
    }};
}
pub(crate) use bind_args;

/// Collects the WHERE clauses of a query built at run time, numbering placeholders as it goes.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    pub args: Vec<Arg>,
}

impl Conditions {
    /// Adds a clause whose `?` placeholders take `args` in order.
    pub fn push(&mut self, clause: &str, args: impl IntoIterator<Item = Arg>) {
        let mut text = String::with_capacity(clause.len() + 4);
        let mut args = args.into_iter();
        for c in clause.chars() {
            if c == '?' {
                if let Some(arg) = args.next() {
                    self.args.push(arg);
                    text.push_str(&format!("${}", self.args.len()));
                }
            } else {
                text.push(c);
            }
        }
        self.clauses.push(text);
    }

    /// The next placeholder number, for LIMIT and OFFSET after the conditions.
    pub fn next_placeholder(&self) -> usize {
        self.args.len() + 1
    }

    pub fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// A page of a longer list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// Page number and size, clamped to sane bounds.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
}

impl Paging {
    pub const MAX_PER_PAGE: i64 = 200;

    pub fn new(page: Option<i64>, per_page: Option<i64>) -> Self {
        Self {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(25).clamp(1, Self::MAX_PER_PAGE),
        }
    }

    pub fn offset(self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_number_placeholders_in_order() {
        let mut c = Conditions::default();
        c.push("a = ?", [Arg::I64(1)]);
        c.push("(b = ? OR c = ?)", [Arg::Text("x".into()), Arg::Bool(true)]);
        assert_eq!(c.where_sql(), "WHERE a = $1 AND (b = $2 OR c = $3)");
        assert_eq!(c.next_placeholder(), 4);
    }
}
