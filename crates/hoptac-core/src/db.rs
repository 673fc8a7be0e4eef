//! The database handle: [`Db`] holds a native sqlx pool for SQLite (the embedded default) or
//! PostgreSQL (the path past one machine), and the areas' repositories run the same SQL text on
//! whichever is live, branching only where the engines truly differ.
//!
//! Repositories live in each area (`hoptac_registry::store::organisations`...) and enforce the
//! rules that need the database: references that must exist, values that must be unique, and
//! writes that must happen together or not at all.

use crate::admin_units;
use crate::error::{StoreError, StoreResult};
use sqlx::migrate::{Migration, Migrator};

#[cfg(feature = "postgres")]
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
#[cfg(feature = "sqlite")]
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
#[cfg(any(feature = "sqlite", feature = "postgres"))]
use std::{str::FromStr, time::Duration};

#[cfg(not(any(feature = "sqlite", feature = "postgres")))]
compile_error!("hoptac needs at least one database engine: the feature `sqlite` or `postgres`");

/// The tables an area keeps: its migrations, one folder per engine, numbered in the one sequence
/// every area shares (the next free number is the next migration's, whichever area writes it).
#[derive(Debug)]
pub struct Schema {
    pub area: &'static str,
    pub sqlite: &'static Migrator,
    pub postgres: &'static Migrator,
}

/// The foundation every area stands on: administrative units, organisations with their members,
/// statuses and yearly figures, accounts, sessions and tokens, invitations, roles and the audit
/// trail (migrations 1 to 6).
pub static SCHEMA: Schema = Schema {
    area: "core",
    sqlite: &SQLITE_MIGRATIONS,
    postgres: &POSTGRES_MIGRATIONS,
};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The core's migrations and those of `areas`, as one sequence for the live engine, in order of
/// their numbers. Two areas may not use the same number.
pub fn migrations(backend: Backend, areas: &[&Schema]) -> StoreResult<Vec<Migration>> {
    let mut all: Vec<(&str, Migration)> = Vec::new();
    let areas = areas.iter().copied().filter(|s| s.area != SCHEMA.area);
    for schema in std::iter::once(&SCHEMA).chain(areas) {
        let migrator = match backend {
            Backend::Sqlite => schema.sqlite,
            Backend::Postgres => schema.postgres,
        };
        for migration in migrator.iter() {
            if let Some((other, _)) = all.iter().find(|(_, m)| m.version == migration.version) {
                return Err(StoreError::Config(format!(
                    "migration {} belongs to both {other} and {}",
                    migration.version, schema.area
                )));
            }
            all.push((schema.area, migration.clone()));
        }
    }
    all.sort_by_key(|(_, m)| m.version);
    Ok(all.into_iter().map(|(_, m)| m).collect())
}

/// A live database: SQLite or PostgreSQL, with what the process remembers of it.
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    /// What the areas keep of this database between requests (a cache of counted figures...),
    /// one value per type.
    kept: std::sync::Arc<Kept>,
}

/// The connections of one engine.
#[derive(Clone, Debug)]
pub enum Pool {
    #[cfg(feature = "sqlite")]
    Sqlite(SqlitePool),
    #[cfg(feature = "postgres")]
    Postgres(PgPool),
}

/// Runs the same block against whichever pool is live. Inside, `$pool` is the concrete pool, so
/// one SQL text and one chain of binds serve both engines. Defined once per set of engines compiled
/// in, because the macro expands in the areas' crates, where this crate's features cannot be asked.
#[cfg(all(feature = "sqlite", feature = "postgres"))]
#[macro_export]
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db.pool() {
            $crate::db::Pool::Sqlite($pool) => $body,
            $crate::db::Pool::Postgres($pool) => $body,
        }
    };
}

/// Runs the block against the SQLite pool, the one engine compiled in.
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
#[macro_export]
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db.pool() {
            $crate::db::Pool::Sqlite($pool) => $body,
        }
    };
}

/// Runs the block against the PostgreSQL pool, the one engine compiled in.
#[cfg(all(feature = "postgres", not(feature = "sqlite")))]
#[macro_export]
macro_rules! on_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db.pool() {
            $crate::db::Pool::Postgres($pool) => $body,
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
            kept: Default::default(),
        }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The value of type `T` an area keeps for this database, made on first use. Clones of a `Db`
    /// share it; another database has its own.
    pub fn kept<T: Default + Send + Sync + 'static>(&self) -> std::sync::Arc<T> {
        self.kept.get_or_default::<T>()
    }

    /// Connects by URL scheme: `postgres://` or `postgresql://` for PostgreSQL, `sqlite:` for a file.
    /// A SQLite file is created when missing.
    pub async fn connect(url: &str) -> StoreResult<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Db::connect_postgres(url).await
        } else if url.starts_with("sqlite:") {
            Db::connect_sqlite(url).await
        } else {
            Err(StoreError::Config(format!(
                "database URL must start with sqlite: or postgres:// (got {})",
                url.split(':').next().unwrap_or("")
            )))
        }
    }

    #[cfg(feature = "postgres")]
    async fn connect_postgres(url: &str) -> StoreResult<Db> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Db::of(Pool::Postgres(pool)))
    }

    #[cfg(not(feature = "postgres"))]
    async fn connect_postgres(_: &str) -> StoreResult<Db> {
        Err(StoreError::Config(
            "this build of hoptac has no PostgreSQL (feature `postgres`)".into(),
        ))
    }

    #[cfg(not(feature = "sqlite"))]
    async fn connect_sqlite(_: &str) -> StoreResult<Db> {
        Err(StoreError::Config(
            "this build of hoptac has no SQLite (feature `sqlite`)".into(),
        ))
    }

    #[cfg(feature = "sqlite")]
    async fn connect_sqlite(url: &str) -> StoreResult<Db> {
        {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("cache_size", "-65536")
                // Reports scan whole tables; mapped pages are shared by the pool's connections.
                .pragma("mmap_size", "268435456")
                .pragma("temp_store", "memory")
                // Rows come from the connection's own thread through a channel: a deeper one lets
                // a read of thousands of rows (matching, reports) run ahead instead of waking the
                // reader for every fifty (sqlx's default), which costs more than the read itself.
                .row_buffer_size(1024);
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::of(Pool::Sqlite(pool)))
        }
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies the migrations of the core and of `areas` that the database has not had yet.
    pub async fn migrate(&self, areas: &[&Schema]) -> StoreResult<()> {
        let migrator = Migrator {
            migrations: std::borrow::Cow::Owned(migrations(self.backend(), areas)?),
            ..Migrator::DEFAULT
        };
        on_pool!(self, |pool| migrator.run(pool).await)?;
        Ok(())
    }

    /// The migrations of the core and of `areas`, then the administrative units of both eras when
    /// they are not loaded yet.
    pub async fn prepare(&self, areas: &[&Schema]) -> StoreResult<()> {
        self.migrate(areas).await?;
        admin_units::ensure_loaded(self).await?;
        admin_units::ensure_successors_loaded(self).await?;
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
        match &self.pool {
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(pool) => {
                // 0x10002: look at every table, and limit the work on a large one.
                sqlx::query("PRAGMA optimize = 0x10002").execute(pool).await?;
            }
            #[cfg(feature = "postgres")]
            Pool::Postgres(_) => {}
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
pub enum Arg {
    I64(i64),
    Text(String),
    Date(chrono::NaiveDate),
    Bool(bool),
    I32(i32),
    Time(chrono::DateTime<chrono::Utc>),
    OptI64(Option<i64>),
    OptI32(Option<i32>),
    OptText(Option<String>),
    OptDate(Option<chrono::NaiveDate>),
    /// A measured quantity (REAL on SQLite, DOUBLE PRECISION on PostgreSQL).
    OptF64(Option<f64>),
    /// A file's bytes (BLOB on SQLite, BYTEA on PostgreSQL).
    Bytes(Vec<u8>),
}

/// Binds every [`Arg`] in order to a sqlx query of either engine.
#[macro_export]
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                $crate::db::Arg::I64(v) => query.bind(*v),
                $crate::db::Arg::Text(v) => query.bind(v.as_str()),
                $crate::db::Arg::Date(v) => query.bind(*v),
                $crate::db::Arg::Bool(v) => query.bind(*v),
                $crate::db::Arg::I32(v) => query.bind(*v),
                $crate::db::Arg::Time(v) => query.bind(*v),
                $crate::db::Arg::OptI64(v) => query.bind(*v),
                $crate::db::Arg::OptI32(v) => query.bind(*v),
                $crate::db::Arg::OptText(v) => query.bind(v.as_deref()),
                $crate::db::Arg::OptDate(v) => query.bind(*v),
                $crate::db::Arg::OptF64(v) => query.bind(*v),
                $crate::db::Arg::Bytes(v) => query.bind(v.as_slice()),
            };
        }
        query
    }};
}

/// Appends `fragment` to `sql`, its `?` placeholders numbered `$n` after those of `bound` (both
/// engines read `$n`), and adds `args` to `bound`: the one place placeholders are numbered.
pub fn push_numbered(
    sql: &mut String,
    bound: &mut Vec<Arg>,
    fragment: &str,
    args: impl IntoIterator<Item = Arg>,
) {
    let mut args = args.into_iter();
    for c in fragment.chars() {
        if c == '?' {
            if let Some(arg) = args.next() {
                bound.push(arg);
                sql.push_str(&format!("${}", bound.len()));
            }
        } else {
            sql.push(c);
        }
    }
}

/// Collects the WHERE clauses of a query built at run time, numbering placeholders as it goes.
#[derive(Debug, Default)]
pub struct Conditions {
    clauses: Vec<String>,
    pub args: Vec<Arg>,
}

impl Conditions {
    /// Adds a clause whose `?` placeholders take `args` in order.
    pub fn push(&mut self, clause: &str, args: impl IntoIterator<Item = Arg>) {
        let mut text = String::with_capacity(clause.len() + 4);
        push_numbered(&mut text, &mut self.args, clause, args);
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

/// A page of a longer list: `items` of the `total`, page `page` (from 1) of `per_page` items.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    /// The page `paging` asked for, holding `items` of `total` in all.
    pub fn new(items: Vec<T>, total: i64, paging: Paging) -> Page<T> {
        Page {
            items,
            total,
            page: paging.page,
            per_page: paging.per_page,
        }
    }

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

/// Values of any type, one per type, shared by the clones of a [`Db`].
#[derive(Default)]
struct Kept(
    std::sync::Mutex<
        std::collections::HashMap<std::any::TypeId, std::sync::Arc<dyn std::any::Any + Send + Sync>>,
    >,
);

impl Kept {
    fn get_or_default<T: Default + Send + Sync + 'static>(&self) -> std::sync::Arc<T> {
        let mut values = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let value = values
            .entry(std::any::TypeId::of::<T>())
            .or_insert_with(|| std::sync::Arc::new(T::default()));
        match value.clone().downcast::<T>() {
            Ok(value) => value,
            // The map is keyed by the type, so the value is always a T; a fresh one keeps going.
            Err(_) => std::sync::Arc::new(T::default()),
        }
    }
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kept")
    }
}
