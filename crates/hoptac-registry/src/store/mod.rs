//! The registry's records: organisations with their status history and search text, members,
//! yearly figures, and the demo and national-scale data.

pub mod counts;
pub mod demo;
pub mod figures;
pub mod members;
pub mod organisations;
pub mod proposals;

/// The registry's own tables beside the foundation's: proposals of a new legal identity and the
/// versions of organisations (migration 10), names' keys in Vietnamese order (12).
pub static SCHEMA: hoptac_core::db::Schema = hoptac_core::db::Schema {
    area: "registry",
    sqlite: &SQLITE_MIGRATIONS,
    postgres: &POSTGRES_MIGRATIONS,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
