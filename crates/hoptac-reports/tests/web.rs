//! Reports through the API and the pages, over the fixture province of
//! `hoptac_reports::fixture`: an officer reads the province's report with its
//! narrative, plan and disagreement; the communes side by side; entering figures and targets,
//! refused input named and kept; who may see what.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hoptac_reports::domain::Indicator;
use hoptac_reports::fixture;
use hoptac_web::testing::{field_codes, person, Browser, TestApp};
use serde_json::{json, Value};

/// The areas these tests run.
fn areas() -> Vec<hoptac_web::Area> {
    vec![
        hoptac_registry::web::area(),
        hoptac_ocop::web::area(),
        hoptac_market::web::area(),
        hoptac_reports::web::area(),
    ]
}

fn figure<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["indicator"] == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

/// The fixture province on a running server, with Thái Nguyên's alliance officer signed in.
async fn province_officer() -> (TestApp, Browser) {
    let app = TestApp::spawn(areas()).await;
    fixture::load(&app.db.db).await.unwrap();
    app.sign_in().await;
    let officer = person(
        &app,
        "lienminh",
        Some(json!({"role": "alliance_officer", "province": "19"})),
    )
    .await;
    (app, officer)
}

#[tokio::test]
async fn the_province_report_through_the_api() {
    let (app, officer) = province_officer().await;

    let (status, report) = officer
        .get_json("/api/v1/reports?place=province-19&period=2024")
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["place_name"], "Tỉnh Thái Nguyên");
    assert_eq!(report["as_of"], "2024-12-31");
    assert_eq!(report["previous_period"]["label"], "năm 2023");
    let founded = figure(&report, "htx_founded");
    assert_eq!(
        (
            &founded["value"],
            &founded["target"],
            &founded["achievement_percent"]
        ),
        (&json!(1), &json!(2), &json!(50.0))
    );
    let active = figure(&report, "htx_active");
    assert_eq!(
        (&active["value"], &active["source"], &active["disagrees"]),
        (&json!(2), &json!("computed"), &json!(true))
    );
    assert_eq!(active["entered"]["value"], 5);
    let unions = figure(&report, "lhhtx_active");
    assert_eq!(
        (&unions["value"], &unions["source"]),
        (&json!(1), &json!("entered"))
    );
    assert_eq!(figure(&report, "revenue")["value"], 3_000_000_000i64);
    assert!(report["narrative"][0]
        .as_str()
        .unwrap()
        .starts_with("Tính đến ngày 31/12/2024, toàn tỉnh có 2 tổ hợp tác (THT) với 5 thành viên"));

    // A half-year by its days, and the communes.
    let (status, half) = officer
        .get_json("/api/v1/reports?place=province-19&from=2024-01-01&to=2024-06-30")
        .await;
    assert_eq!(status, 200, "{half}");
    assert_eq!(figure(&half, "htx_active")["value"], 3);
    let (status, communes) = officer
        .get_json("/api/v1/reports/communes?place=province-19&period=2024")
        .await;
    assert_eq!(status, 200);
    let names: Vec<&str> = communes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Phường Nguyễn Thị Minh Khai",
            "Phường Quán Triều",
            "Phường Quang Vinh"
        ]
    );

    // Bad queries are named; another province's officer is told nothing exists.
    let (status, body) = officer
        .get_json("/api/v1/reports?place=province-19&from=2024-06-30&to=2024-01-01")
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("to".into(), "period_end_before_start".into())])
    );
    let (status, body) = officer
        .get_json("/api/v1/reports?place=province-19&period=2027")
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("period".into(), "period_in_future".into())])
    );
    // A report as of a meeting's day: a day to come, or one outside the period, is named.
    for (as_of, code) in [
        ("2026-12-01", "as_of_in_future"),
        ("2024-07-01", "as_of_outside_period"),
        ("15/13/2024", "invalid_date"),
    ] {
        let (status, body) = officer
            .get_json(&format!(
                "/api/v1/reports?place=province-19&period=2024-H1&as_of={as_of}"
            ))
            .await;
        assert_eq!(
            (status, field_codes(&body)),
            (422, vec![("as_of".into(), code.into())])
        );
    }
    let (status, body) = officer
        .get_json("/api/v1/reports?place=province-19&period=2024-H1&as_of=15/06/2024")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["as_of"], "2024-06-15");
    assert_eq!(body["period"]["code"], "2024-H1..2024-06-15");
    assert_eq!(
        body["period"]["label"],
        "6 tháng đầu năm 2024 (tính đến ngày 15/06/2024)"
    );
    assert_eq!(body["previous_period"]["code"], "2023-H1..2023-06-15");
    assert!(
        body["narrative"][0]
            .as_str()
            .unwrap()
            .starts_with("Tính đến ngày 15/06/2024,"),
        "{body}"
    );
    // The page keeps what was typed and names the fault.
    let (status, page) = officer
        .get_html("/reports?place=province-19&period=2024-H1&as_of=2024-07-01")
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("value=\"2024-07-01\""), "{page}");
    assert!(
        page.contains("ngày này nằm ngoài kỳ báo cáo (từ 01/01/2024 đến 30/06/2024)"),
        "{page}"
    );
    let ha_noi = person(
        &app,
        "hanoi",
        Some(json!({"role": "alliance_officer", "province": "01"})),
    )
    .await;
    let (status, _) = ha_noi
        .get_json("/api/v1/reports?place=province-19&period=2024")
        .await;
    assert_eq!(status, 404);
    let visitor = app.browser();
    let (status, _) = visitor
        .get_json("/api/v1/reports?place=province-19&period=2024")
        .await;
    assert_eq!(status, 401);
    let (status, catalogue) = visitor.get_json("/api/v1/reports/indicators").await;
    assert_eq!(status, 200);
    assert!(catalogue
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["code"] == "ocop_4_stars"));
    app.stop().await;
}

#[tokio::test]
async fn entries_and_targets_through_the_api() {
    let (app, officer) = province_officer().await;
    let entry = json!({
        "indicator": "farms_active", "place": "province-2008-06", "period": "2022",
        "value": 41, "source": "Báo cáo tổng kết năm 2022 của tỉnh Bắc Kạn"
    });
    let (status, row) = officer.post_json("/api/v1/reports/entries", &entry).await;
    assert_eq!(status, 201, "{row}");
    assert_eq!(
        (&row["value"], &row["period_start"]),
        (&json!(41), &json!("2022-01-01"))
    );
    // Bắc Kạn's farms are known only by its 2022 total: Thái Nguyên's 2022 report adds them to the
    // one farm the records hold in the former Thái Nguyên.
    let (_, report) = officer
        .get_json("/api/v1/reports?place=province-19&period=2022")
        .await;
    let farms = figure(&report, "farms_active");
    assert_eq!((&farms["value"], &farms["source"]), (&json!(42), &json!("mixed")));

    let (status, body) = officer
        .post_json(
            "/api/v1/reports/entries",
            &json!({"indicator": "htx_active", "place": "province-19", "period": "2024", "value": -4, "source": "x"}),
        )
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("value".into(), "negative".into())])
    );
    let (status, body) = officer
        .post_json(
            "/api/v1/reports/targets",
            &json!({"indicator": "htx_magic", "place": "province-19", "year": 2026, "target": 20}),
        )
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("indicator".into(), "unknown_indicator".into())])
    );
    let (status, target) = officer
        .post_json(
            "/api/v1/reports/targets",
            &json!({"indicator": "htx_founded", "place": "province-19", "year": 2026, "target": 20}),
        )
        .await;
    assert_eq!(status, 201, "{target}");
    let (_, targets) = officer
        .get_json("/api/v1/reports/targets?place=province-19")
        .await;
    assert_eq!(targets.as_array().unwrap().len(), 3);
    let id = target["id"].as_i64().unwrap();
    let ha_noi = person(
        &app,
        "hanoi",
        Some(json!({"role": "alliance_officer", "province": "01"})),
    )
    .await;
    let (status, _) = ha_noi
        .send_json(
            reqwest::Method::DELETE,
            &format!("/api/v1/reports/targets/{id}"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = officer
        .send_json(
            reqwest::Method::DELETE,
            &format!("/api/v1/reports/targets/{id}"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204);
    app.stop().await;
}

#[tokio::test]
async fn the_report_pages_as_an_officer_uses_them() {
    let (app, officer) = province_officer().await;

    // The first visit shows the officer's province for this year; asking for 2024 shows the table.
    let (status, page) = officer.get_html("/reports").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Báo cáo kinh tế tập thể năm 2026 — Tỉnh Thái Nguyên"),
        "{page}"
    );
    let (status, page) = officer.get_html("/reports?place=province-19&period=2024").await;
    assert_eq!(status, 200);
    assert!(page.contains("toàn tỉnh có 2 tổ hợp tác (THT) với 5 thành viên"));
    assert!(page.contains("Số liệu nhập khác: 5 (Báo cáo số 12/BC-UBND)"));
    assert!(page.contains("50,0%"));
    assert!(page.contains("Tính từ sổ đăng ký"));
    let (status, page) = officer
        .get_html("/reports?place=province-19&from=2024-06-30&to=2024-01-01")
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Đến ngày: ngày kết thúc trước ngày bắt đầu 30/06/2024."),
        "{page}"
    );
    assert!(page.contains("value=\"2024-06-30\""));

    let (status, page) = officer
        .get_html("/reports/communes?place=province-19&period=2024")
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Phường Quán Triều"));
    assert!(
        page.contains("/reports?place=commune-2008-05431&#38;period=2024"),
        "{page}"
    );

    // A rejected entry comes back with what was typed; a good one is listed.
    let (status, page) = officer.get_html("/reports/entries?place=province-2008-06").await;
    assert_eq!(status, 200);
    assert!(page.contains("Tỉnh Bắc Kạn"));
    let typed = [
        ("place", "province-2008-06"),
        ("indicator", "htx_active"),
        ("period", "2022"),
        ("value", "-12"),
        ("source", "Báo cáo số 99/BC-LMHTX"),
    ];
    let response = officer.post_form("/reports/entries", &typed).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Giá trị: không được âm."), "{page}");
    assert!(page.contains("value=\"Báo cáo số 99/BC-LMHTX\""));
    let mut good = typed.to_vec();
    good[3] = ("value", "12");
    let response = officer.post_form("/reports/entries", &good).await;
    assert_eq!(response.status(), 303);
    let (_, page) = officer.get_html("/reports/entries?place=province-2008-06").await;
    assert!(page.contains("Báo cáo số 99/BC-LMHTX"));

    // Someone without a report scope reads no report.
    let manager = person(&app, "giamdoc", None).await;
    let (status, page) = manager.get_html("/reports").await;
    assert_eq!(status, 200);
    assert!(page.contains("chưa được giao quyền xem báo cáo"));
    let (status, _) = manager
        .get_html("/reports/communes?place=province-19&period=2024")
        .await;
    assert_eq!(status, 404);
    let (status, page) = app.browser().get_html("/reports/indicators").await;
    assert_eq!(status, 200);
    assert!(page.contains("htx_founded"));
    app.stop().await;
}

/// A number in a workbook cell, or `None` for an empty one.
fn cell_number(range: &calamine::Range<calamine::Data>, row: u32, col: u32) -> Option<f64> {
    match range.get_value((row, col)) {
        Some(calamine::Data::Float(v)) => Some(*v),
        Some(calamine::Data::Int(v)) => Some(*v as f64),
        Some(calamine::Data::Empty) | None => None,
        other => panic!("({row}, {col}) holds {other:?}"),
    }
}

fn cell_text(range: &calamine::Range<calamine::Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(calamine::Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

#[tokio::test]
async fn the_exports_hold_what_the_report_says() {
    use calamine::Reader;
    let (app, officer) = province_officer().await;
    let query = "place=province-19&period=2024";
    let (_, report) = officer.get_json(&format!("/api/v1/reports?{query}")).await;

    // The workbook, read back cell by cell against the report's figures.
    let (status, kind, disposition, bytes) = officer
        .get_file(&format!("/api/v1/reports/export/xlsx?{query}"))
        .await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("application/vnd.openxmlformats"), "{kind}");
    assert_eq!(
        disposition,
        "attachment; filename=\"bao-cao-province-19-2024.xlsx\""
    );
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheets = book.sheet_names();
    assert_eq!(sheets[0], "Báo cáo");
    assert!(sheets.contains(&"Biểu đồ".to_owned()), "{sheets:?}");
    let summary = book.worksheet_range("Báo cáo").unwrap();
    assert_eq!(
        cell_text(&summary, 0, 0),
        "Báo cáo kinh tế tập thể năm 2024 — Tỉnh Thái Nguyên"
    );
    for (i, paragraph) in report["narrative"].as_array().unwrap().iter().enumerate() {
        assert_eq!(cell_text(&summary, 3 + i as u32, 0), paragraph.as_str().unwrap());
    }
    let mut lines = 0;
    for sheet in sheets
        .iter()
        .filter(|s| !["Báo cáo", "Biểu đồ", "Độ đầy đủ số liệu"].contains(&s.as_str()))
    {
        let table = book.worksheet_range(sheet).unwrap();
        let mut row = 4;
        while !cell_text(&table, row, 0).is_empty() {
            let code = cell_text(&table, row, 0);
            let f = figure(&report, &code);
            let unit = Indicator::parse(&code).unwrap().unit();
            let in_table_unit = |v: &Value| v.as_i64().map(|v| unit.stated(v).to_f64());
            assert_eq!(cell_number(&table, row, 3), f["stated"].as_f64(), "{code}");
            assert_eq!(cell_text(&table, row, 1), f["name"].as_str().unwrap());
            assert_eq!(cell_number(&table, row, 3), in_table_unit(&f["value"]), "{code}");
            assert_eq!(cell_number(&table, row, 5), in_table_unit(&f["target"]), "{code}");
            assert_eq!(
                cell_number(&table, row, 7),
                in_table_unit(&f["previous"]),
                "{code}"
            );
            assert_eq!(cell_number(&table, row, 8), f["stated_change"].as_f64(), "{code}");
            let achievement = cell_number(&table, row, 6).map(|a| (a * 1000.0).round() / 10.0);
            assert_eq!(achievement, f["achievement_percent"].as_f64(), "{code}");
            let source = cell_text(&table, row, 4);
            match f["source"].as_str() {
                Some("computed") => assert_eq!(source, "Tính từ sổ đăng ký"),
                Some("entered") => assert_eq!(source, "Số liệu nhập"),
                Some(other) => assert_eq!(other, "mixed"),
                None => assert_eq!(source, ""),
            }
            row += 1;
            lines += 1;
        }
    }
    // Every figure with a value is in a sheet: here the founded cooperatives against the plan.
    let with_value = report["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["value"].is_null())
        .count();
    assert!(lines >= with_value, "{lines} lines, {with_value} values");
    // The completeness sheet gives each line's parts as the API does.
    let coverage = book.worksheet_range("Độ đầy đủ số liệu").unwrap();
    let parts = &report["completeness"]["parts"];
    assert_eq!(parts[0]["name"], "Tỉnh Bắc Kạn");
    assert_eq!(parts[1]["place"], "province-2008-19");
    let mut row = 4;
    while !cell_text(&coverage, row, 0).is_empty() {
        let code = cell_text(&coverage, row, 0);
        let of_code = report["completeness"]["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["indicator"] == code.as_str())
            .unwrap_or_else(|| panic!("{code}"));
        assert_eq!(
            cell_number(&coverage, row, 2),
            of_code["expected"].as_f64(),
            "{code}"
        );
        assert_eq!(
            cell_number(&coverage, row, 3),
            of_code["with_data"].as_f64(),
            "{code}"
        );
        assert_eq!(
            cell_number(&coverage, row, 4),
            of_code["computed"].as_f64(),
            "{code}"
        );
        let missing: Vec<&str> = of_code["missing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                if m == "province-2008-06" {
                    "Tỉnh Bắc Kạn"
                } else {
                    "Tỉnh Thái Nguyên"
                }
            })
            .collect();
        assert_eq!(cell_text(&coverage, row, 6), missing.join(", "), "{code}");
        row += 1;
    }
    assert_eq!(row - 4, lines as u32, "a completeness line for each figure's");

    // The CSV file has the same lines; the PDF carries the narrative.
    let (status, kind, _, bytes) = officer
        .get_file(&format!("/api/v1/reports/export/csv?{query}"))
        .await;
    assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
    let csv = String::from_utf8(bytes).unwrap();
    assert_eq!(csv.lines().count(), lines + 1);
    assert!(csv.contains(",htx_founded,Hợp tác xã thành lập mới,HTX,1,Tính từ sổ đăng ký,2,50.0,"));
    let (status, kind, _, pdf) = officer
        .get_file(&format!("/api/v1/reports/export/pdf?{query}"))
        .await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed for this test (Debian: poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Báo cáo kinh tế tập thể năm 2024"), "{text}");
    assert!(text.contains("toàn tỉnh có 2 tổ hợp tác (THT)"), "{text}");
    assert!(text.contains("Trang 1/"), "{text}");
    assert!(text.contains("Mức độ đầy đủ của số liệu"), "{text}");
    assert!(text.contains("chưa có số liệu"), "{text}");

    // The page offers the files and draws the charts; bad requests are named.
    let (status, page) = officer.get_html(&format!("/reports?{query}")).await;
    assert_eq!(status, 200);
    // The completeness table marks the farms, known in Thái Nguyên alone.
    assert!(page.contains("<h2 id=\"completeness-h\">Mức độ đầy đủ của số liệu</h2>"));
    assert!(
        page.contains(
            "<tr id=\"c-farms_active\" class=\"incomplete\"><th scope=\"row\">Trang trại đang hoạt động</th>\
             <td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">0</td>\
             <td>Tỉnh Bắc Kạn</td></tr>"
        ),
        "{page}"
    );
    assert!(page.contains("/reports/export/xlsx?place=province-19&#38;period=2024"));
    assert!(
        page.contains(
            "<title id=\"chart-0-title\">Tổ hợp tác, hợp tác xã, liên hiệp HTX qua các năm</title>"
        ),
        "{page}"
    );
    assert!(page.contains("Sản phẩm OCOP theo hạng sao — năm 2024"));
    let (status, _, _, bytes) = officer.get_file(&format!("/reports/export/pdf?{query}")).await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"%PDF"));
    // A link with a period not begun leads back to the form, which says so and keeps it.
    for path in [
        "/reports/export/pdf?place=province-19&period=2031",
        "/reports/communes?place=province-19&period=2031",
    ] {
        let response = officer.client.get(officer.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 303, "{path}");
        assert_eq!(
            response.headers()["location"],
            "/reports?place=province-19&period=2031"
        );
    }
    let (_, page) = officer.get_html("/reports?place=province-19&period=2031").await;
    assert!(
        page.contains("Kỳ báo cáo: kỳ báo cáo bắt đầu ngày 01/01/2031, chưa đến."),
        "{page}"
    );
    let (status, _, _, _) = officer
        .get_file(&format!("/api/v1/reports/export/docx?{query}"))
        .await;
    assert_eq!(status, 404);
    let (status, body) = officer
        .get_json("/api/v1/reports/export/xlsx?place=province-19&period=2031")
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("period".into(), "period_in_future".into())])
    );
    let (status, _) = app
        .browser()
        .get_json(&format!("/api/v1/reports/export/xlsx?{query}"))
        .await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[tokio::test]
async fn the_home_page_is_the_officers_dashboard() {
    let (app, officer) = province_officer().await;
    let (status, page) = officer.get_html("/").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Số liệu của địa bàn: Tỉnh Thái Nguyên, năm 2026 (đến ngày 22/11/2026)"),
        "{page}"
    );
    // Tân Cương, Quang Vinh and Phan Đình Phùng are active today, as at the end of 2025.
    assert!(page.contains(
        "<span class=\"label\">Hợp tác xã đang hoạt động</span><span class=\"figure\">3</span>\n<span class=\"change\">0 so với cùng kỳ năm 2025 (tính đến ngày 22/11/2025)</span>"
    ), "{page}");
    assert!(page.contains(
        "<title id=\"dashboard-chart-0-title\">Tổ hợp tác, hợp tác xã, liên hiệp HTX qua các năm</title>"
    ));
    assert!(page.contains("href=\"/reports?place=province-19&#38;period=2026\""));
    // No dashboard for someone who reads no report, nor for a visitor.
    let manager = person(&app, "giamdoc", None).await;
    let (_, page) = manager.get_html("/").await;
    assert!(!page.contains("Số liệu của địa bàn"));
    let (_, page) = app.browser().get_html("/").await;
    assert!(!page.contains("Số liệu của địa bàn"));
    app.stop().await;
}

/// A place that is well formed but unknown is refused on the entries page with its reason (422),
/// as the API refuses it, not answered with a server error.
#[tokio::test]
async fn an_unknown_place_on_the_entries_page_is_named() {
    let (app, officer) = province_officer().await;
    let (status, page) = officer.get_html("/reports/entries?place=province-99").await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("Không thực hiện được") && page.contains("province-99"),
        "{page}"
    );
    let (status, _) = officer
        .get_json("/api/v1/reports/entries?place=province-99")
        .await;
    assert_eq!(status, 422);
    app.stop().await;
}

/// The same figure saved by several requests at once (a double click, two officers): each is
/// answered as a save, one row remains with one of the values, and nothing fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_figure_saved_at_once_is_one_row() {
    let (app, officer) = province_officer().await;
    let officer = std::sync::Arc::new(officer);
    let mut saves = Vec::new();
    for (n, path, body) in (0..6).flat_map(|n| {
        [
            (
                n,
                "/api/v1/reports/entries",
                json!({"indicator": "htx_members", "place": "province-19", "period": "2016",
                       "value": 10 + n, "source": "Báo cáo năm 2016"}),
            ),
            (
                n,
                "/api/v1/reports/targets",
                json!({"indicator": "htx_members", "place": "province-19", "year": 2028, "target": 100 + n}),
            ),
        ]
    }) {
        let officer = officer.clone();
        saves.push(tokio::spawn(async move {
            let (status, body) = officer.post_json(path, &body).await;
            (n, status, body)
        }));
    }
    for save in saves {
        let (n, status, body) = save.await.unwrap();
        assert!(status == 200 || status == 201, "save {n}: {status} {body}");
    }
    let (_, entries) = officer
        .get_json("/api/v1/reports/entries?place=province-19&period=2016")
        .await;
    let ours: Vec<&serde_json::Value> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["indicator"] == "htx_members")
        .collect();
    assert_eq!(ours.len(), 1, "{entries}");
    let (_, targets) = officer
        .get_json("/api/v1/reports/targets?place=province-19")
        .await;
    let ours = targets
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["indicator"] == "htx_members" && t["year"] == 2028)
        .count();
    assert_eq!(ours, 1, "{targets}");
    app.stop().await;
}

/// The text `pdftotext` reads from a PDF.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed for this test (Debian: poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

/// A percentage and amounts whose rounding digit is a 5 read the same in every output: rounded
/// once, half away from zero, in a commune known only by entered figures. 23 HTX founded against a plan of 80 is 28,75 % (a binary division
/// gives 28,7499... and rounds down); 1.900.900.000 đồng of revenue over 2 cooperatives is
/// 950,45 triệu đồng each, and the revenue itself is 1.900,9 triệu đồng.
#[tokio::test]
async fn a_value_ending_in_five_is_rounded_alike_everywhere() {
    let (_app, officer) = province_officer().await;
    let source = "Báo cáo số 07/BC-LMHTX";
    for (indicator, value) in [
        ("htx_founded", 23_i64),
        ("coops_reporting", 2),
        ("revenue", 1_900_900_000),
    ] {
        let entry = json!({"indicator": indicator, "place": "commune-2008-05740", "period": "2024",
                           "value": value, "source": source});
        let (status, body) = officer.post_json("/api/v1/reports/entries", &entry).await;
        assert_eq!(status, 201, "{body}");
    }
    let target =
        json!({"indicator": "htx_founded", "place": "commune-2008-05740", "year": 2024, "target": 80});
    let (status, body) = officer.post_json("/api/v1/reports/targets", &target).await;
    assert_eq!(status, 201, "{body}");
    let query = "place=commune-2008-05740&period=2024";

    let (_, report) = officer.get_json(&format!("/api/v1/reports?{query}")).await;
    let founded = figure(&report, "htx_founded");
    assert_eq!(founded["achievement_percent"], json!(28.8), "{founded}");
    let per_coop = figure(&report, "revenue_per_coop");
    assert_eq!(
        (&per_coop["value"], &per_coop["stated"]),
        (&json!(950_500_000), &json!(950.5))
    );
    assert_eq!(figure(&report, "revenue")["stated"], json!(1901.0));
    let narrative = report["narrative"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        narrative.contains("thành lập mới 23 HTX, đạt 28,8% so với kế hoạch năm 2024"),
        "{narrative}"
    );
    assert!(
        narrative.contains("đạt 1.901 triệu đồng, bình quân 950,5 triệu đồng/HTX"),
        "{narrative}"
    );

    let (_, page) = officer.get_html(&format!("/reports?{query}")).await;
    for shown in ["28,8%", "950,5", "1.901"] {
        assert!(page.contains(shown), "{shown}: {page}");
    }
    let (_, _, _, csv) = officer
        .get_file(&format!("/api/v1/reports/export/csv?{query}"))
        .await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains(",htx_founded,Hợp tác xã thành lập mới,HTX,23,Số liệu nhập,80,28.8,"),
        "{csv}"
    );
    assert!(csv.contains(",revenue_per_coop,"), "{csv}");
    assert!(csv.contains(",950.5,"), "{csv}");
    assert!(csv.contains(",1901,"), "{csv}");
    let (_, _, _, pdf) = officer
        .get_file(&format!("/api/v1/reports/export/pdf?{query}"))
        .await;
    let text = pdf_text(&pdf);
    for shown in ["28,8%", "950,5", "1.901"] {
        assert!(text.contains(shown), "{shown}: {text}");
    }

    // The workbook's cells hold the stated numbers, which its formats show with one decimal.
    use calamine::Reader;
    let (_, _, _, bytes) = officer
        .get_file(&format!("/api/v1/reports/export/xlsx?{query}"))
        .await;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let mut found = Vec::new();
    for sheet in book.sheet_names() {
        let table = book.worksheet_range(&sheet).unwrap();
        for row in 4..table.height() as u32 {
            match cell_text(&table, row, 0).as_str() {
                "htx_founded" => found.push(("achievement", cell_number(&table, row, 6))),
                "revenue_per_coop" => found.push(("per_coop", cell_number(&table, row, 3))),
                "revenue" => found.push(("revenue", cell_number(&table, row, 3))),
                _ => {}
            }
        }
    }
    found.sort_by_key(|(what, _)| *what);
    assert_eq!(
        found,
        [
            ("achievement", Some(0.288)),
            ("per_coop", Some(950.5)),
            ("revenue", Some(1901.0))
        ]
    );
}

#[tokio::test]
async fn a_report_in_a_template_on_the_page_in_the_files_and_the_api() {
    use calamine::Reader;
    let (app, officer) = province_officer().await;
    let query = "place=province-19&period=2024-H1&template=so-ket-6-thang";

    let (status, page) = officer.get_html(&format!("/reports?{query}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Báo cáo sơ kết tình hình kinh tế tập thể 6 tháng đầu năm 2024 — Tỉnh Thái Nguyên"),
        "{page}"
    );
    assert!(page.contains("<h3>VII. Phương hướng, nhiệm vụ 6 tháng cuối năm 2024</h3>"));
    assert!(page.contains("hợp tác xã thành lập mới 2 HTX (đã thực hiện 1 HTX, đạt 50,0%; còn 1 HTX)"));
    assert!(
        page.contains("/reports/export/pdf?place=province-19&#38;period=2024-H1&#38;template=so-ket-6-thang")
    );
    // The table follows the template's sections.
    let first = page.find("<h2>I. Tình hình phát triển").unwrap();
    let farms = page.find("<h2>III. Kinh tế trang trại").unwrap();
    assert!(first < farms);

    // A yearly review of a half year, or a template that does not exist: named, and the form kept.
    let (status, page) = officer
        .get_html("/reports?place=province-19&period=2024-H1&template=tong-ket-nam")
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains(
            "Mẫu báo cáo: mẫu «Tổng kết năm (mẫu chung)» dùng cho báo cáo tổng kết năm; hãy chọn kỳ báo cáo phù hợp"
        ),
        "{page}"
    );
    let (status, body) = officer
        .get_json("/api/v1/reports?place=province-19&period=2024&template=khong-co")
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        field_codes(&body),
        [("report_template".to_owned(), "unknown_template".to_owned())]
    );

    let (status, report) = officer.get_json(&format!("/api/v1/reports?{query}")).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["template"], "so-ket-6-thang");
    let outline = report["outline"].as_array().unwrap();
    assert_eq!(outline.len(), 7);
    assert_eq!(
        outline[5]["heading"],
        "VI. Liên kết tiêu thụ, xúc tiến thương mại"
    );
    assert_eq!(
        outline[6]["heading"],
        "VII. Phương hướng, nhiệm vụ 6 tháng cuối năm 2024"
    );

    // The workbook: the headings above their paragraphs, a sheet per section in order.
    let (status, _, _, bytes) = officer
        .get_file(&format!("/api/v1/reports/export/xlsx?{query}"))
        .await;
    assert_eq!(status, 200);
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheets = book.sheet_names();
    assert_eq!(
        sheets[..7],
        [
            "Báo cáo",
            "1. I. Tình hình phát triển tổ",
            "2. II. Kết quả sản xuất, kinh",
            "3. III. Kinh tế trang trại",
            "4. IV. Chương trình mỗi xã một",
            "5. V. Chất lượng, thương hiệu",
            "6. VI. Liên kết tiêu thụ, xúc"
        ]
    );
    let summary = book.worksheet_range("Báo cáo").unwrap();
    assert_eq!(cell_text(&summary, 3, 0), outline[0]["heading"].as_str().unwrap());
    assert_eq!(
        cell_text(&summary, 4, 0),
        outline[0]["paragraphs"][0].as_str().unwrap()
    );
    let farms = book.worksheet_range("3. III. Kinh tế trang trại").unwrap();
    assert_eq!(cell_text(&farms, 4, 0), "farms_active");
    let (status, _, _, pdf) = officer
        .get_file(&format!("/api/v1/reports/export/pdf?{query}"))
        .await;
    assert_eq!(status, 200);
    let text = pdf_text(&pdf);
    assert!(
        text.contains("VII. Phương hướng, nhiệm vụ 6 tháng cuối năm 2024"),
        "{text}"
    );

    // Saving a template: an unknown indicator is named and nothing is saved, on the API and the page.
    let (_, before) = officer.get_json("/api/v1/report-templates").await;
    assert_eq!(before.as_array().unwrap().len(), 2);
    let mut template = json!({
        "code": "ignored", "name": "Sơ kết 6 tháng (Thái Nguyên)", "kind": "six_month",
        "title": "Báo cáo sơ kết 6 tháng đầu năm {year}", "province": "19",
        "sections": [{"heading": "I. Hợp tác xã", "indicators": ["htx_active", "htx_khong_co"]}],
        "outlook": {"heading": "II. Nhiệm vụ", "indicators": ["htx_founded"]}
    });
    let (status, body) = officer
        .send_json(
            reqwest::Method::PUT,
            "/api/v1/report-templates/so-ket-tn",
            &template,
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.to_string()
            .contains("Mục 1: không có chỉ tiêu «htx_khong_co» trong danh mục"),
        "{body}"
    );
    let (_, after) = officer.get_json("/api/v1/report-templates").await;
    assert_eq!(after, before);
    template["sections"][0]["indicators"] = json!(["htx_active", "htx_founded"]);
    let (status, saved) = officer
        .send_json(
            reqwest::Method::PUT,
            "/api/v1/report-templates/so-ket-tn",
            &template,
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        (&saved["code"], &saved["shipped"]),
        (&json!("so-ket-tn"), &json!(false))
    );
    let (status, report) = officer
        .get_json("/api/v1/reports?place=province-19&period=2024-H1&template=so-ket-tn")
        .await;
    assert_eq!(status, 200);
    assert_eq!(report["outline"][0]["heading"], "I. Hợp tác xã");

    let typed = [
        ("code", "so-ket-tn-2"),
        ("name", "Bản thử"),
        ("kind", "six_month"),
        ("title", "Báo cáo {year}"),
        ("province", "19"),
        ("section_heading", "I. Trang trại"),
        ("section_indicators", "farms_active\nfarm_kho"),
        ("outlook_heading", "II. Nhiệm vụ"),
        ("outlook_indicators", "htx_founded"),
    ];
    let response = officer.post_form("/reports/templates", &typed).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Mục 1: không có chỉ tiêu «farm_kho» trong danh mục"),
        "{page}"
    );
    assert!(page.contains("value=\"I. Trang trại\""), "{page}");
    assert!(page.contains("farms_active\nfarm_kho</textarea>"), "{page}");
    let mut good = typed.to_vec();
    good[6] = ("section_indicators", "farms_active, farm_capital");
    let response = officer.post_form("/reports/templates", &good).await;
    assert_eq!(response.status(), 303);
    let (status, page) = officer.get_html("/reports/templates").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Bản thử") && page.contains("Sơ kết 6 tháng đầu năm (mẫu chung)"),
        "{page}"
    );
    let (status, page) = officer.get_html("/reports/templates/so-ket-tn-2").await;
    assert_eq!(status, 200);
    assert!(page.contains("farms_active\nfarm_capital</textarea>"), "{page}");

    // Another province's officer reads it but neither changes nor removes it.
    let ha_noi = person(
        &app,
        "hanoi",
        Some(json!({"role": "alliance_officer", "province": "01"})),
    )
    .await;
    let (status, _) = ha_noi
        .send_json(
            reqwest::Method::DELETE,
            "/api/v1/report-templates/so-ket-tn",
            &json!({}),
        )
        .await;
    assert_eq!(status, 403);
    let response = ha_noi
        .post_form("/reports/templates/so-ket-tn/delete", &[("confirmed", "yes")])
        .await;
    assert_eq!(response.status(), 403);
    // A form from elsewhere (no anti-forgery token) deletes nothing, even confirmed.
    let forged = officer
        .post_form_as_is("/reports/templates/so-ket-tn/delete", &[("confirmed", "yes")])
        .await;
    assert_eq!(forged.status(), 403);
    assert_eq!(
        officer.get_json("/api/v1/report-templates/so-ket-tn").await.0,
        200
    );
    let response = officer
        .post_form("/reports/templates/so-ket-tn/delete", &[("confirmed", "yes")])
        .await;
    assert_eq!(response.status(), 303);
    let (status, _) = officer.get_json("/api/v1/report-templates/so-ket-tn").await;
    assert_eq!(status, 404);
    app.stop().await;
}
