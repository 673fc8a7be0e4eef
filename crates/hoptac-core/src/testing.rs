//! Fresh databases for tests: a new SQLite file each, or, when `HOPTAC_TEST_DATABASE_URL` names a
//! PostgreSQL server, a new database cloned from a template that holds the migrations and the
//! administrative units (built once, shared by every test process).

use crate::{Db, StoreResult};
#[cfg(feature = "postgres")]
use sha2::{Digest, Sha256};

/// The environment variable that points the tests at PostgreSQL.
pub const TEST_DATABASE_URL: &str = "HOPTAC_TEST_DATABASE_URL";

pub struct TestDb {
    pub db: Db,
    // Keeps the SQLite file's folder alive while the test runs.
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// A database of `areas`: their migrations, what they load and their counters (see
    /// [`crate::area::prepare`]).
    pub async fn of(areas: &[&crate::area::Area]) -> StoreResult<TestDb> {
        let db = TestDb::new(&crate::area::schemas(areas)).await?;
        crate::area::load(&db.db, areas).await?;
        Ok(db)
    }

    /// A database with migrations and units applied and nothing else.
    pub async fn new(areas: &[&crate::db::Schema]) -> StoreResult<TestDb> {
        match std::env::var(TEST_DATABASE_URL).ok().filter(|u| !u.is_empty()) {
            Some(url) => Self::postgres(&url, areas).await,
            None => {
                let dir = tempfile::tempdir().map_err(|e| crate::StoreError::Config(e.to_string()))?;
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                let db = Db::connect(&url).await?;
                db.prepare(areas).await?;
                Ok(TestDb {
                    db,
                    _dir: Some(dir),
                    postgres: None,
                })
            }
        }
    }

    #[cfg(not(feature = "postgres"))]
    async fn postgres(_: &str, _: &[&crate::db::Schema]) -> StoreResult<TestDb> {
        Err(crate::StoreError::Config(format!(
            "{TEST_DATABASE_URL} is set but this build has no PostgreSQL (feature `postgres`)"
        )))
    }

    #[cfg(feature = "postgres")]
    async fn postgres(admin_url: &str, areas: &[&crate::db::Schema]) -> StoreResult<TestDb> {
        let admin = Db::connect(admin_url).await?;
        let crate::Pool::Postgres(pool) = admin.pool() else {
            return Err(crate::StoreError::Config(format!(
                "{TEST_DATABASE_URL} must be a postgres:// URL"
            )));
        };
        let template = template_name(areas)?;
        // One process builds the template; the others wait on the lock and find it built.
        let mut conn = pool.acquire().await?;
        sqlx::query("SELECT pg_advisory_lock(7270201)")
            .execute(&mut *conn)
            .await?;
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&template)
            .fetch_one(&mut *conn)
            .await?;
        if !exists {
            let building = format!("{template}_build");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {building}"))
                .execute(&mut *conn)
                .await?;
            sqlx::query(&format!("CREATE DATABASE {building}"))
                .execute(&mut *conn)
                .await?;
            let db = Db::connect(&with_database(admin_url, &building)).await?;
            db.prepare(areas).await?;
            db.close().await;
            sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {template}"))
                .execute(&mut *conn)
                .await?;
        }
        let name = format!("hoptac_t_{}", hex::encode(rand::random::<[u8; 6]>()));
        let created = sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .execute(&mut *conn)
            .await;
        sqlx::query("SELECT pg_advisory_unlock(7270201)")
            .execute(&mut *conn)
            .await?;
        created?;
        drop(conn);
        admin.close().await;
        let db = Db::connect(&with_database(admin_url, &name)).await?;
        Ok(TestDb {
            db,
            _dir: None,
            postgres: Some((admin_url.to_owned(), name)),
        })
    }

    /// Drops a PostgreSQL test database; a SQLite file goes with its folder.
    pub async fn cleanup(self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.postgres {
            if let Ok(admin) = Db::connect(&admin_url).await {
                let _ = crate::on_pool!(&admin, |pool| sqlx::query(&format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                ))
                .execute(pool)
                .await
                .map(|r| r.rows_affected()));
                admin.close().await;
            }
        }
    }
}

/// The template's name changes whenever the migrations or the units do.
#[cfg(feature = "postgres")]
fn template_name(areas: &[&crate::db::Schema]) -> StoreResult<String> {
    let mut hasher = Sha256::new();
    for migration in crate::db::migrations(crate::Backend::Postgres, areas)? {
        hasher.update(&migration.checksum);
    }
    hasher.update(crate::admin_units::fingerprint().as_bytes());
    Ok(format!("hoptac_tpl_{}", &hex::encode(hasher.finalize())[..12]))
}

/// The same server URL pointing at another database.
#[cfg(feature = "postgres")]
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.rfind('/') {
        Some(slash) if slash > "postgres://".len() => &base[..slash],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

/// Runs `n` copies of a write at once on the runtime's threads, as a double click or two people
/// would, and returns each one's result: the race tests count how many were done and what the
/// others were told.
pub async fn at_once<T, F, Fut>(n: usize, write: F) -> Vec<StoreResult<T>>
where
    T: Send + 'static,
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = StoreResult<T>> + Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|_| tokio::spawn(write())).collect();
    let mut results = Vec::with_capacity(n);
    for task in tasks {
        results.push(
            task.await
                .unwrap_or_else(|e| Err(crate::StoreError::Config(format!("the write panicked: {e}")))),
        );
    }
    results
}

/// A mail server on loopback for tests of what hoptac mails: it speaks just enough SMTP, accepts
/// or refuses every recipient, and keeps what it was told.
pub struct FakeSmtp {
    pub port: u16,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl FakeSmtp {
    /// Starts listening on a free port; `accept` says whether recipients are taken or refused.
    pub async fn start(accept: bool) -> std::io::Result<FakeSmtp> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let kept = log.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                // A conversation that breaks off ends quietly; the test reads what was said.
                let _ = Self::converse(stream, accept, &kept).await;
            }
        });
        Ok(FakeSmtp { port, log })
    }

    async fn converse(
        stream: tokio::net::TcpStream,
        accept: bool,
        log: &std::sync::Mutex<String>,
    ) -> std::io::Result<()> {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 fake ESMTP\r\n").await?;
        let mut in_data = false;
        while let Some(line) = lines.next_line().await? {
            log.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push_str(&format!("{line}\n"));
            let reply: &[u8] = if in_data {
                if line != "." {
                    continue;
                }
                in_data = false;
                b"250 queued\r\n"
            } else if line.starts_with("RCPT") && !accept {
                b"550 no such mailbox\r\n"
            } else if line == "DATA" {
                in_data = true;
                b"354 go on\r\n"
            } else if line == "QUIT" {
                write.write_all(b"221 bye\r\n").await?;
                break;
            } else {
                b"250 ok\r\n"
            };
            write.write_all(reply).await?;
        }
        Ok(())
    }

    /// Settings that send through this server.
    pub fn settings(&self) -> crate::mail::MailSettings {
        crate::mail::MailSettings {
            url: format!("smtp://127.0.0.1:{}", self.port),
            from: "hoptac <hoptac@example.vn>".into(),
        }
    }

    /// What the server was told, once a letter is through or the client has said goodbye (at
    /// most a second's wait).
    pub async fn received(&self) -> String {
        let read = || {
            self.log
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone()
        };
        for _ in 0..100 {
            let log = read();
            if log.contains("QUIT") || log.contains("\n.\n") {
                return log;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        read()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(feature = "postgres")]
    fn swaps_the_database_in_a_url() {
        assert_eq!(
            super::with_database("postgres://root@127.0.0.1:5432/test", "x"),
            "postgres://root@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::with_database("postgres://h/test?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
    }
}
