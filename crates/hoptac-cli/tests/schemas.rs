//! The two engines hold the same schema: every table with the same columns, of the same kind and
//! nullability, the same indexes and the same triggers, after every area's migrations. Runs when
//! `HOPTAC_TEST_DATABASE_URL` names a PostgreSQL server (as CI does): the SQLite side is made here.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Both engines are needed to compare them.
#![cfg(all(feature = "sqlite", feature = "postgres"))]

use hoptac_core::testing::{TestDb, TEST_DATABASE_URL};
use hoptac_core::{Db, Pool};
use std::collections::BTreeSet;

/// (table, column, kind, not null)
type Columns = BTreeSet<(String, String, &'static str, bool)>;

/// What a column holds, as both engines can say it: SQLite keeps dates, times and JSON as text,
/// and booleans as the integers 0 and 1.
fn kind(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") || t.contains("bool") {
        "integer"
    } else if t.contains("real") || t.contains("double") || t.contains("numeric") {
        "real"
    } else {
        "text"
    }
}

struct Shape {
    columns: Columns,
    indexes: BTreeSet<String>,
    /// (table, event) that a trigger guards: the engines name and split triggers differently.
    triggers: BTreeSet<(String, String)>,
}

async fn sqlite_shape(db: &Db) -> Shape {
    let Pool::Sqlite(pool) = db.pool() else {
        panic!("not SQLite")
    };
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    // Full-text search is where the engines truly differ: SQLite's FTS5 table and its shadow
    // tables have no counterpart on PostgreSQL, which searches the folded text with an index.
    let virtual_tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let tables: Vec<String> = tables
        .into_iter()
        .filter(|t| {
            !virtual_tables
                .iter()
                .any(|v| t == v || t.starts_with(&format!("{v}_")))
        })
        .collect();
    let mut columns = Columns::new();
    for table in tables {
        let rows: Vec<(String, String, bool, i64)> = sqlx::query_as(&format!(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')"
        ))
        .fetch_all(pool)
        .await
        .unwrap();
        for (name, declared, not_null, pk) in rows {
            // A primary key is never null, whether or not SQLite was told.
            columns.insert((table.clone(), name, kind(&declared), not_null || pk > 0));
        }
    }
    let indexes: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            .fetch_all(pool)
            .await
            .unwrap();
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            .fetch_all(pool)
            .await
            .unwrap();
    let mut triggers = BTreeSet::new();
    for (table, sql) in rows {
        // Those that keep the full-text table in step are part of SQLite's way of searching.
        if virtual_tables.iter().any(|v| sql.contains(v.as_str())) {
            continue;
        }
        let head = sql.split(" ON ").next().unwrap_or_default().to_ascii_uppercase();
        for event in ["INSERT", "UPDATE", "DELETE"] {
            if head.contains(event) {
                triggers.insert((table.clone(), event.to_owned()));
            }
        }
    }
    Shape {
        columns,
        indexes: indexes.into_iter().collect(),
        triggers,
    }
}

async fn postgres_shape(db: &Db) -> Shape {
    let Pool::Postgres(pool) = db.pool() else {
        panic!("not PostgreSQL")
    };
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let columns = rows
        .into_iter()
        .map(|(table, name, declared, nullable)| (table, name, kind(&declared), nullable == "NO"))
        .collect();
    // Indexes made by hand, not those behind a primary key or a UNIQUE constraint.
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT i.indexname::text FROM pg_indexes i WHERE i.schemaname = 'public' AND NOT EXISTS \
         (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT event_object_table::text, event_manipulation::text FROM information_schema.triggers \
         WHERE trigger_schema = 'public'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    Shape {
        columns,
        indexes: indexes.into_iter().collect(),
        triggers: triggers.into_iter().collect(),
    }
}

#[tokio::test]
async fn sqlite_and_postgresql_hold_the_same_schema() {
    if std::env::var(TEST_DATABASE_URL).is_err() {
        eprintln!("{TEST_DATABASE_URL} is not set: the PostgreSQL side is compared in CI");
        return;
    }
    let areas = hoptac_cli::areas();
    let schemas = hoptac_core::area::schemas(&hoptac_web::area::cores(&areas));
    let postgres = TestDb::new(&schemas).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Db::connect(&format!("sqlite://{}", dir.path().join("schema.db").display()))
        .await
        .unwrap();
    sqlite.prepare(&schemas).await.unwrap();
    let (lite, mut pg) = (sqlite_shape(&sqlite).await, postgres_shape(&postgres.db).await);
    // PostgreSQL's counterparts of SQLite's full-text tables (left out above): indexes on the
    // folded text.
    for index in [
        "organisations_search",
        "market_listings_search",
        "market_listings_products",
    ] {
        assert!(pg.indexes.remove(index), "the search index {index} is missing");
    }
    let only = |a: &Columns, b: &Columns| a.difference(b).cloned().collect::<Vec<_>>();
    assert_eq!(
        (only(&lite.columns, &pg.columns), only(&pg.columns, &lite.columns)),
        (vec![], vec![]),
        "columns only on SQLite, only on PostgreSQL"
    );
    assert_eq!(lite.indexes, pg.indexes, "indexes");
    assert_eq!(lite.triggers, pg.triggers, "triggers");
    sqlite.close().await;
    postgres.cleanup().await;
}
