//! Writing rows on either engine: a transaction over whichever pool is live, and the SQL text for
//! inserts and updates built from one list of columns, so a record's columns are named once.
//!
//! A transaction reads as well as writes, so that the checks a write depends on (a round still
//! open, an application not withdrawn) see the rows the write will change, not a state from before
//! `BEGIN`. On SQLite every transaction begins `IMMEDIATE`: it takes the database's one write lock
//! at once, so two writers queue (within the busy timeout) instead of one failing when it moves
//! from reading to writing. On PostgreSQL a transaction locks the rows its checks read with
//! [`Tx::lock`]. Inside a transaction, read through it only: a second connection from the pool may
//! have to wait for the very lock the transaction holds, and the pool may have no connection left.

use crate::{bind_args, Arg, Db, Pool};
#[cfg(feature = "postgres")]
use sqlx::postgres::PgRow;
#[cfg(feature = "sqlite")]
use sqlx::sqlite::SqliteRow;

/// A row type that reads from the rows of every engine compiled in.
#[cfg(all(feature = "sqlite", feature = "postgres"))]
pub trait Record:
    for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin
{
}
#[cfg(all(feature = "sqlite", feature = "postgres"))]
impl<T> Record for T where
    T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin
{
}

/// A row type that reads from SQLite's rows.
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
pub trait Record: for<'r> sqlx::FromRow<'r, SqliteRow> + Send + Unpin {}
#[cfg(all(feature = "sqlite", not(feature = "postgres")))]
impl<T> Record for T where T: for<'r> sqlx::FromRow<'r, SqliteRow> + Send + Unpin {}

/// A row type that reads from PostgreSQL's rows.
#[cfg(all(feature = "postgres", not(feature = "sqlite")))]
pub trait Record: for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}
#[cfg(all(feature = "postgres", not(feature = "sqlite")))]
impl<T> Record for T where T: for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}

/// One page of the rows `select` reads under `conditions` (its `WHERE`, at `{where}`, and its
/// `ORDER BY` already written), with how many rows there are in all, which `count` reads under
/// the same conditions (also at `{where}`).
pub async fn fetch_page<T: Record>(
    db: &crate::Db,
    select: &str,
    count: &str,
    conditions: &crate::Conditions,
    paging: crate::Paging,
) -> Result<crate::Page<T>, sqlx::Error> {
    let where_sql = conditions.where_sql();
    let n = conditions.next_placeholder();
    let sql = format!(
        "{} LIMIT ${n} OFFSET ${}",
        select.replace("{where}", &where_sql),
        n + 1
    );
    let count_sql = count.replace("{where}", &where_sql);
    let args = &conditions.args;
    let (items, total) = crate::on_pool!(db, |pool| {
        let items = crate::bind_args!(sqlx::query_as::<_, T>(&sql), args)
            .bind(paging.per_page)
            .bind(paging.offset())
            .fetch_all(pool)
            .await?;
        let total: i64 = crate::bind_args!(sqlx::query_scalar(&count_sql), args)
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((items, total))
    })?;
    Ok(crate::Page::new(items, total, paging))
}

/// A transaction on the live engine.
pub enum Tx<'a> {
    #[cfg(feature = "sqlite")]
    Sqlite(sqlx::Transaction<'a, sqlx::Sqlite>),
    #[cfg(feature = "postgres")]
    Postgres(sqlx::Transaction<'a, sqlx::Postgres>),
}

impl Tx<'static> {
    pub async fn begin(db: &Db) -> Result<Tx<'static>, sqlx::Error> {
        Ok(match db.pool() {
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            #[cfg(feature = "postgres")]
            Pool::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}

impl Tx<'_> {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite(tx) => tx.commit().await,
            #[cfg(feature = "postgres")]
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    /// Reads rows inside the transaction.
    pub async fn fetch_all<T>(&mut self, sql: &str, args: &[Arg]) -> Result<Vec<T>, sqlx::Error>
    where
        T: Record,
    {
        match self {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite(tx) => bind_args!(sqlx::query_as(sql), args).fetch_all(&mut **tx).await,
            #[cfg(feature = "postgres")]
            Tx::Postgres(tx) => bind_args!(sqlx::query_as(sql), args).fetch_all(&mut **tx).await,
        }
    }

    /// Reads one row, if there is one, inside the transaction.
    pub async fn fetch_optional<T>(&mut self, sql: &str, args: &[Arg]) -> Result<Option<T>, sqlx::Error>
    where
        T: Record,
    {
        match self {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite(tx) => {
                bind_args!(sqlx::query_as(sql), args)
                    .fetch_optional(&mut **tx)
                    .await
            }
            #[cfg(feature = "postgres")]
            Tx::Postgres(tx) => {
                bind_args!(sqlx::query_as(sql), args)
                    .fetch_optional(&mut **tx)
                    .await
            }
        }
    }

    /// Holds a row against other writers until the transaction ends; false when there is no such
    /// row. PostgreSQL locks the row (`FOR UPDATE`); SQLite's transaction holds the whole
    /// database's write lock from its start, so there is nothing more to take.
    pub async fn lock(&mut self, table: &str, id: i64) -> Result<bool, sqlx::Error> {
        let found: Option<(i64,)> = match self {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite(tx) => {
                sqlx::query_as(&format!("SELECT id FROM {table} WHERE id = $1"))
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            #[cfg(feature = "postgres")]
            Tx::Postgres(tx) => {
                sqlx::query_as(&format!("SELECT id FROM {table} WHERE id = $1 FOR UPDATE"))
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?
            }
        };
        Ok(found.is_some())
    }

    /// Runs a statement; returns the rows it touched.
    pub async fn execute(&mut self, sql: &str, args: &[Arg]) -> Result<u64, sqlx::Error> {
        Ok(match self {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite(tx) => bind_args!(sqlx::query(sql), args)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            #[cfg(feature = "postgres")]
            Tx::Postgres(tx) => bind_args!(sqlx::query(sql), args)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
        })
    }

    /// Runs an INSERT ... RETURNING id.
    pub async fn insert_returning_id(&mut self, sql: &str, args: &[Arg]) -> Result<i64, sqlx::Error> {
        let sql = format!("{sql} RETURNING id");
        match self {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite(tx) => {
                bind_args!(sqlx::query_scalar(&sql), args)
                    .fetch_one(&mut **tx)
                    .await
            }
            #[cfg(feature = "postgres")]
            Tx::Postgres(tx) => {
                bind_args!(sqlx::query_scalar(&sql), args)
                    .fetch_one(&mut **tx)
                    .await
            }
        }
    }

    /// Makes the transactions that name `key` wait for each other, until this one ends: on
    /// PostgreSQL a transaction-scoped advisory lock on the key's hash; SQLite's transaction holds
    /// the database's one write lock from its start ([`Tx::begin`]), which is more already.
    pub async fn serialise(&mut self, key: &str) -> Result<(), sqlx::Error> {
        match self {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite(_) => {
                let _ = key;
                Ok(())
            }
            #[cfg(feature = "postgres")]
            Tx::Postgres(tx) => sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind(key)
                .execute(&mut **tx)
                .await
                .map(|_| ()),
        }
    }

    /// `n` new ids for rows of `table` (whose key is `id`), so that many rows can be inserted in
    /// one statement and still be known by their ids. SQLite's transaction holds the database's
    /// write lock from its start ([`Tx::begin`]), so the ids after the highest are free until it
    /// ends, as SQLite would give them: after the highest the table holds or, for a table whose
    /// key never takes a number twice (AUTOINCREMENT), ever held. PostgreSQL draws them from the
    /// table's sequence, which never gives one twice.
    pub async fn reserve_ids(&mut self, table: &str, n: usize) -> Result<Vec<i64>, sqlx::Error> {
        if n == 0 {
            return Ok(Vec::new());
        }
        match self {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite(tx) => {
                let highest: i64 = sqlx::query_scalar(&format!(
                    "SELECT MAX(COALESCE((SELECT MAX(id) FROM {table}), 0), \
                     COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0))"
                ))
                .fetch_one(&mut **tx)
                .await?;
                Ok((1..=n as i64).map(|i| highest + i).collect())
            }
            #[cfg(feature = "postgres")]
            Tx::Postgres(tx) => {
                let mut ids: Vec<i64> = sqlx::query_scalar(&format!(
                    "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)"
                ))
                .bind(n as i64)
                .fetch_all(&mut **tx)
                .await?;
                ids.sort_unstable();
                Ok(ids)
            }
        }
    }

    /// Inserts many rows of `columns` values each, in statements that stay within both engines'
    /// limits on bound values.
    pub async fn insert_many(
        &mut self,
        table: &str,
        columns: &[&str],
        rows: &[Vec<Arg>],
    ) -> Result<(), sqlx::Error> {
        let per_statement = (30_000 / columns.len().max(1)).min(1000);
        // SQLite finds a named parameter ($27000) by a linear search of its parameter list, so
        // binding thousands of them costs the square of their number; anonymous `?` costs nothing.
        let style = match self {
            #[cfg(feature = "sqlite")]
            Tx::Sqlite(_) => Placeholder::Anonymous,
            #[cfg(feature = "postgres")]
            Tx::Postgres(_) => Placeholder::Numbered,
        };
        for chunk in rows.chunks(per_statement) {
            let values = placeholders(columns.len(), chunk.len(), style);
            let sql = format!("INSERT INTO {table} ({}) VALUES {values}", columns.join(", "));
            let args: Vec<&Arg> = chunk.iter().flatten().collect();
            match self {
                #[cfg(feature = "sqlite")]
                Tx::Sqlite(tx) => bind_args!(sqlx::query(&sql), args.iter().copied())
                    .execute(&mut **tx)
                    .await?
                    .rows_affected(),
                #[cfg(feature = "postgres")]
                Tx::Postgres(tx) => bind_args!(sqlx::query(&sql), args.iter().copied())
                    .execute(&mut **tx)
                    .await?
                    .rows_affected(),
            };
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placeholder {
    /// `$1, $2`: both engines; what hand-written SQL uses.
    Numbered,
    /// `?, ?`: SQLite only, and fast with many values.
    Anonymous,
}

/// The rows `sql` reads for the ids `ids`, a few hundred a statement: `sql` names the list as
/// `{ids}` (`SELECT ... WHERE o.id IN {ids} ORDER BY o.id`), the order holding within each
/// statement. What a batch of records (an import's) reads instead of one query a record.
pub async fn fetch_for_ids<T: Record>(db: &Db, sql: &str, ids: &[i64]) -> Result<Vec<T>, sqlx::Error> {
    let mut rows = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let sql = sql.replace("{ids}", &value_list(chunk.len()));
        let args: Vec<Arg> = chunk.iter().map(|id| Arg::I64(*id)).collect();
        let found: Vec<T> = crate::on_pool!(db, |pool| bind_args!(sqlx::query_as(&sql), &args)
            .fetch_all(pool)
            .await)?;
        rows.extend(found);
    }
    Ok(rows)
}

/// `($1, $2, ..., $n)`: a list of `n` values, as `IN` takes it.
pub fn value_list(n: usize) -> String {
    placeholders(n, 1, Placeholder::Numbered)
}

/// The pattern of `LIKE ... ESCAPE '\'` that finds `words` anywhere in a text: `%` and `_`
/// typed by a person are letters, not wildcards.
pub fn like_contains(words: &str) -> String {
    let mut pattern = String::with_capacity(words.len() + 2);
    pattern.push('%');
    for c in words.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `($1, $2), ($3, $4)` (or `(?, ?), (?, ?)`) for `rows` rows of `columns` values.
fn placeholders(columns: usize, rows: usize, style: Placeholder) -> String {
    (0..rows)
        .map(|row| {
            let marks: Vec<String> = (1..=columns)
                .map(|c| match style {
                    Placeholder::Numbered => format!("${}", row * columns + c),
                    Placeholder::Anonymous => "?".to_owned(),
                })
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `INSERT INTO table (a, b) VALUES ($1, $2)`.
pub fn insert_sql(table: &str, columns: &[&str]) -> String {
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        placeholders(columns.len(), 1, Placeholder::Numbered)
    )
}

/// `UPDATE table SET a = $1, b = $2 WHERE id = $3`: the id is bound after the columns.
pub fn update_sql(table: &str, columns: &[&str]) -> String {
    let sets: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    format!(
        "UPDATE {table} SET {} WHERE id = ${}",
        sets.join(", "),
        columns.len() + 1
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_list_of_values_is_numbered_from_one() {
        assert_eq!(super::value_list(3), "($1, $2, $3)");
    }

    use super::*;

    #[test]
    fn statements_number_their_placeholders() {
        assert_eq!(
            insert_sql("t", &["a", "b"]),
            "INSERT INTO t (a, b) VALUES ($1, $2)"
        );
        assert_eq!(
            update_sql("t", &["a", "b"]),
            "UPDATE t SET a = $1, b = $2 WHERE id = $3"
        );
        assert_eq!(placeholders(2, 2, Placeholder::Numbered), "($1, $2), ($3, $4)");
        assert_eq!(placeholders(2, 2, Placeholder::Anonymous), "(?, ?), (?, ?)");
    }
}
