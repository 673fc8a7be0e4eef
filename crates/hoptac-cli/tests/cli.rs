//! The `hoptac` command as an operator runs it.
// Helpers outside #[test] functions unwrap too: a broken fixture should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

fn hoptac() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hoptac"));
    command
        .env_remove("HOPTAC_DATABASE_URL")
        .env_remove("HOPTAC_ADMIN_PASSWORD")
        .env("HOPTAC_LOG", "info");
    command
}

#[test]
fn every_command_explains_itself() {
    let out = hoptac().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for command in ["serve", "migrate", "user", "demo", "bench", "ocop", "report"] {
        assert!(help.contains(command), "{command} missing from --help");
    }
    let out = hoptac().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--bind",
        "--data-dir",
        "--database-url",
        "--demo",
        "--language",
        "HOPTAC_BIND",
        "HOPTAC_DATA_DIR",
        "HOPTAC_LANGUAGE",
    ] {
        assert!(help.contains(flag), "{flag} missing from serve --help");
    }
}

#[test]
fn a_report_written_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let demo = hoptac()
        .args(["demo", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    let csv = dir.path().join("report.csv");
    let report = |period: &str, out: &std::path::Path| {
        hoptac()
            .args([
                "report",
                "--place",
                "province-19",
                "--period",
                period,
                "--format",
                "csv",
                "--data-dir",
            ])
            .arg(dir.path())
            .arg("--out")
            .arg(out)
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap()
    };
    let out = report("2024", &csv);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}Phần,Mã,Chỉ tiêu,"), "{text}");
    assert!(
        text.contains(",htx_active,Hợp tác xã đang hoạt động,HTX,"),
        "{text}"
    );
    // A period not begun is refused in the officer's words, and no file is written.
    let refused = dir.path().join("refused.csv");
    let out = report("2099", &refused);
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("Kỳ báo cáo: kỳ báo cáo bắt đầu ngày 01/01/2099, chưa đến."),
        "{message}"
    );
    assert!(!refused.exists());
    // A language hoptac does not speak is refused, not replaced by Vietnamese.
    let out = hoptac()
        .args([
            "report",
            "--place",
            "province-19",
            "--period",
            "2024",
            "--lang",
            "fr",
            "--data-dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("'fr'"));
}

#[test]
fn an_administrator_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let add = |password: &str| {
        let mut child = hoptac()
            .args(["user", "add-admin", "officer", "--data-dir"])
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{password}\n").as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    // Refusals are said in words, naming the field.
    let out = add("short");
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("Mật khẩu: cần ít nhất 10 ký tự."), "{message}");
    let out = add("a long enough passphrase");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("administrator officer created"));
    let out = add("a long enough passphrase");
    assert!(
        !out.status.success(),
        "a second account with the same name is refused"
    );
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("Tên đăng nhập: tên đăng nhập này đã có người dùng."),
        "{message}"
    );
    assert!(dir.path().join("hoptac.db").exists());
}

/// A server process, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn serve_with_the_demo_province() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = hoptac()
        .args(["serve", "--demo", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _server = Server(child);
    // The log says where it listens; read it on a thread so a silent server fails the test in time.
    let (found, address) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(at) = line.find("listening on http://") {
                let _ = found.send(line[at + "listening on ".len()..].trim().to_owned());
            }
        }
    });
    let base = address
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the server logs its address");
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    let count: serde_json::Value = reqwest::get(format!("{base}/api/v1/organisations/count"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The demo province, the market demo's Hà Nội buyer and Ninh Bình rice cooperative, and the
    // former Bắc Kạn's workbook its alliance officer imported (47 of 49 rows valid).
    assert_eq!(count["count"], 99 + 2 + 47, "the demo province");
    let old: serde_json::Value = reqwest::get(format!("{base}/api/v1/organisations/count?old_province=06"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        old["count"].as_i64().unwrap() > 0,
        "the demo uses 2008-era communes of Bắc Kạn"
    );
    // Each demo account of the README signs in and holds its role.
    for (username, role) in [
        ("admin", None),
        ("lienminh", Some("alliance_officer")),
        ("canboxa", Some("commune_officer")),
        ("giamdoc", Some("manager")),
    ] {
        let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let login = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({"username": username, "password": "hoptac-demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200, "the demo account {username} of the README");
        let me: serde_json::Value = login.json().await.unwrap();
        assert_eq!(me["roles"][0]["role"].as_str(), role, "{username}");
        assert_eq!(me["is_admin"], role.is_none(), "{username}");
    }
    // The OCOP demo: certified products of several star classes, four rounds with the
    // 2022 one scored on the 1048 fresh-produce tree, and one round receiving applications.
    let get = |path: &str| {
        let url = format!("{base}{path}");
        async move {
            reqwest::get(url)
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let certified = get("/api/v1/ocop/products?certified=true").await;
    let stars: Vec<i64> = certified["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["stars"].as_i64().unwrap())
        .collect();
    assert!(stars.contains(&3) && stars.contains(&4), "{stars:?}");
    let rounds = get("/api/v1/ocop/rounds").await;
    let rounds = rounds.as_array().unwrap();
    assert_eq!(rounds.len(), 4);
    assert_eq!(
        rounds.iter().filter(|r| r["decision_number"].is_null()).count(),
        1
    );
    let first = rounds.iter().find(|r| r["name"] == "Đợt 1 năm 2022").unwrap();
    let applications = get(&format!("/api/v1/ocop/rounds/{}/applications", first["id"])).await;
    assert_eq!(applications[0]["product_name"], "Cam sành Bắc Kạn");
    assert_eq!(applications[0]["stars"], 4);
}

/// Every table of a SQLite database, each as one text of all its rows in order.
async fn tables_of(path: &std::path::Path) -> Vec<(String, String)> {
    use sqlx::ConnectOptions;
    let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut connection)
    .await
    .unwrap();
    let mut tables = Vec::new();
    for name in names {
        let columns: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{name}')"))
                .fetch_all(&mut connection)
                .await
                .unwrap();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let sql = format!("SELECT group_concat(r, ';') FROM (SELECT {row} AS r FROM \"{name}\" ORDER BY r)");
        let rows: Option<String> = sqlx::query_scalar(&sql).fetch_one(&mut connection).await.unwrap();
        tables.push((name, rows.unwrap_or_default()));
    }
    tables
}

/// A backup of the demo, taken while the database is open, restores into a new database with every
/// table the same; a database with data is never overwritten.
#[tokio::test]
async fn a_backup_restores_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let (live, restored) = (dir.path().join("live"), dir.path().join("restored"));
    let run = |args: &[&str], data: &std::path::Path| {
        hoptac().args(args).arg("--data-dir").arg(data).output().unwrap()
    };
    let demo = run(&["demo"], &live);
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    let file = dir.path().join("hoptac-backup.db");
    let backup = run(&["backup", "--out", file.to_str().unwrap()], &live);
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let again = run(&["backup", "--out", file.to_str().unwrap()], &live);
    assert!(!again.status.success(), "an existing file is not overwritten");
    let restore = run(&["restore", file.to_str().unwrap()], &restored);
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    let (before, after) = (
        tables_of(&live.join("hoptac.db")).await,
        tables_of(&restored.join("hoptac.db")).await,
    );
    assert!(before.len() > 20, "{} tables", before.len());
    assert!(before
        .iter()
        .any(|(name, rows)| name == "organisations" && !rows.is_empty()));
    assert_eq!(before, after);
    let over = run(&["restore", file.to_str().unwrap()], &live);
    assert!(!over.status.success(), "a database with data is refused");
    assert!(String::from_utf8_lossy(&over.stderr).contains("holds data"));
}

/// A province's workbook imported from the command line: what it would do, nothing saved while any
/// row is refused, the valid rows saved on request, and the same file again changing nothing.
#[test]
fn a_workbook_is_imported_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../hoptac-import/data/samples/bac-kan-htx-2024.xlsx"
    );
    let run = |extra: &[&str]| {
        let output = hoptac()
            .args(["import", sample, "--province", "19"])
            .args(extra)
            .arg("--data-dir")
            .arg(dir.path())
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, out, err) = run(&["--dry-run"]);
    assert!(ok, "{err}");
    assert!(out.contains("Trang «DS HTX 2024»: 49 dòng hồ sơ"), "{out}");
    assert!(
        out.contains("Mới 47, thay đổi 0, không đổi 0, bị từ chối 2."),
        "{out}"
    );
    assert!(
        out.contains("✗ Dòng 24, cột Mã số thuế: trùng với dòng 23 của tệp."),
        "{out}"
    );
    assert!(out.contains("Chạy thử: chưa lưu gì."), "{out}");
    let (ok, _, err) = run(&[]);
    assert!(!ok);
    assert!(err.contains("Không lưu gì: 2 dòng bị từ chối"), "{err}");
    let (ok, out, err) = run(&["--valid-rows-only"]);
    assert!(ok, "{err}");
    assert!(out.contains("Đã lưu: 47 hồ sơ mới, 0 hồ sơ thay đổi"), "{out}");
    // The second sheet: the members of the cooperative its title names.
    let (ok, out, err) = run(&["--kind", "members", "--valid-rows-only"]);
    assert!(ok, "{err}");
    assert!(out.contains("Trang «Thanh vien HTX»: 20 dòng hồ sơ"), "{out}");
    assert!(out.contains("Đã lưu: 19 hồ sơ mới, 0 hồ sơ thay đổi"), "{out}");
    let (ok, out, err) = run(&["--valid-rows-only", "--lang", "en"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("New 0, changed 0, unchanged 47, refused 2."),
        "{out}"
    );
    assert!(out.contains("Nothing to save."), "{out}");

    // Exported, the registry and its members read back as they are: nothing to change.
    for (kind, file) in [("organisations", "to-chuc.xlsx"), ("members", "thanh-vien.csv")] {
        let out_file = dir.path().join(file);
        let format = if file.ends_with("csv") { "csv" } else { "xlsx" };
        let exported = hoptac()
            .args([
                "export",
                kind,
                "--province",
                "19",
                "--year",
                "2024",
                "--format",
                format,
            ])
            .arg("--out")
            .arg(&out_file)
            .arg("--data-dir")
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            exported.status.success(),
            "{}",
            String::from_utf8_lossy(&exported.stderr)
        );
        let again = hoptac()
            .arg("import")
            .arg(&out_file)
            .args(["--province", "19", "--kind", kind, "--dry-run", "--data-dir"])
            .arg(dir.path())
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&again.stdout);
        let expected = if kind == "members" {
            "không đổi 19,"
        } else {
            "không đổi 47,"
        };
        assert!(
            out.contains(&format!("Mới 0, thay đổi 0, {expected} bị từ chối 0.")),
            "{kind}: {out}"
        );
        // Into another installation's empty registry, the organisations are new: the record
        // numbers it does not know are said, not refused.
        if kind == "organisations" {
            let empty = tempfile::tempdir().unwrap();
            let elsewhere = hoptac()
                .arg("import")
                .arg(&out_file)
                .args(["--province", "19", "--dry-run", "--data-dir"])
                .arg(empty.path())
                .output()
                .unwrap();
            let out = String::from_utf8_lossy(&elsewhere.stdout);
            assert!(
                out.contains("Mới 47, thay đổi 0, không đổi 0, bị từ chối 0."),
                "{out}"
            );
            assert!(out.contains("hồ sơ số «1» không có ở đây"), "{out}");
        }
        // The members' CSV imported as the default kind is told which kind it is, not that its
        // separator may be wrong.
        if kind == "members" {
            let as_organisations = hoptac()
                .arg("import")
                .arg(&out_file)
                .args(["--province", "19", "--dry-run", "--data-dir"])
                .arg(dir.path())
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&as_organisations.stderr);
            assert!(!as_organisations.status.success());
            assert!(err.contains("hãy nhập với --kind members"), "{err}");
        }
    }
}
