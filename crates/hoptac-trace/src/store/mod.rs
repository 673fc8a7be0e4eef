//! Traceability's records behind the gate (`hoptac_core::gate`): the places and GTINs an
//! organisation keeps, and the EPCIS events captured for it.

pub mod demo;
pub mod events;
pub mod journey;
pub mod places;

/// The tables of traceability, migrated after the registry's and OCOP's.
pub static SCHEMA: hoptac_core::db::Schema = hoptac_core::db::Schema {
    area: "trace",
    sqlite: &SQLITE_MIGRATIONS,
    postgres: &POSTGRES_MIGRATIONS,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
