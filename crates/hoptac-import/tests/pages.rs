//! Importing through the pages, as an alliance officer does: upload the province's workbook, read
//! what saving would do, save the valid rows, find the import's record.
// Helpers of the tests fail the test that calls them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hoptac_web::testing::{multipart_body, person, TestApp};
use serde_json::json;

const SAMPLE: &[u8] = hoptac_import::demo::SAMPLE;

fn areas() -> Vec<hoptac_web::Area> {
    vec![
        hoptac_registry::web::area(),
        hoptac_ocop::web::area(),
        hoptac_reports::web::area(),
        hoptac_import::web::area(),
    ]
}

/// Sends the upload form as `who`: the fields and the workbook.
async fn send_upload(
    who: &hoptac_web::testing::Browser,
    fields: &[(&str, &str)],
    file_name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    who.post_upload("/imports", fields, "workbook", file_name, bytes)
        .await
}

/// The job a save queued (the save's answer goes to its page), once it has finished, as the API
/// gives it.
async fn finished(who: &hoptac_web::testing::Browser, saved: &reqwest::Response) -> serde_json::Value {
    assert_eq!(saved.status(), 303);
    let page = saved.headers()["location"].to_str().unwrap().to_owned();
    let id = page.strip_prefix("/imports/jobs/").expect("the job's page");
    wait_for(who, id.parse().unwrap()).await
}

/// The application with its administrator signed in, and the alliance officer of Thái Nguyên (19).
async fn province_officer() -> (TestApp, hoptac_web::testing::Browser) {
    let app = TestApp::spawn(areas()).await;
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
async fn an_officer_imports_the_provinces_workbook_through_the_pages() {
    let (app, officer) = province_officer().await;
    let (status, page) = officer.get_html("/imports").await;
    assert_eq!(status, 200);
    assert!(page.contains("Nhập dữ liệu từ bảng tính"), "{page}");
    assert!(
        page.contains("<option value=\"19\""),
        "the officer's province is offered"
    );
    assert!(!page.contains("<option value=\"01\""), "no other province is");

    let upload = |province: &'static str, name: &'static str, bytes: &'static [u8]| {
        let officer = &officer;
        async move { send_upload(officer, &[("province", province)], name, bytes).await }
    };
    // What is not a workbook, or a province out of reach, is refused with the reason named.
    let r = upload("19", "anh.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("không đọc được như một bảng tính Excel (.xlsx, .xls), ODS hay tệp CSV"),
        "{page}"
    );
    // Text is read as CSV, and a CSV without known headings names the separator it was read with.
    let r = upload("19", "ghi-chu.txt", b"just some words").await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("không tìm thấy dòng tiêu đề cột đã biết")
            && page.contains("khi đọc tệp CSV với dấu phân cách «,»"),
        "{page}"
    );
    let r = upload(
        "19",
        "danh-sach.csv",
        "STT,Tªn hîp t¸c x·,M· sè thuÕ\n"
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect::<Vec<u8>>()
            .leak(),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("bảng mã TCVN3"));
    let r = upload("01", "bac-kan-htx-2024.xlsx", SAMPLE).await;
    assert_eq!(r.status(), 422);

    // The workbook: read, and what saving would do, row by row.
    let r = upload("19", "bac-kan-htx-2024.xlsx", SAMPLE).await;
    assert_eq!(r.status(), 303);
    let preview = r.headers()["location"].to_str().unwrap().to_owned();
    let (status, page) = officer.get_html(&preview).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Trang «DS HTX 2024», số liệu năm 2024: 49 dòng hồ sơ"),
        "{page}"
    );
    assert!(page.contains("<dt>Mới</dt><dd>47</dd>"), "{page}");
    assert!(page.contains("<dt>Bị từ chối</dt><dd>2</dd>"), "{page}");
    assert!(
        page.contains("Dòng 24, cột Mã số thuế: trùng với dòng 23 của tệp."),
        "{page}"
    );
    assert!(page.contains("Lưu 47 dòng mới hoặc thay đổi"), "{page}");
    // Another person does not see the upload.
    let other = person(
        &app,
        "lienminh2",
        Some(json!({"role": "alliance_officer", "province": "19"})),
    )
    .await;
    assert_eq!(other.get_html(&preview).await.0, 404);
    // Until it is saved, the officer's home page leads back to it; not another's.
    let (_, home) = officer.get_html("/").await;
    assert!(
        home.contains(&format!(
            "<a href=\"{preview}\">bac-kan-htx-2024.xlsx (tải lên ngày"
        )),
        "{home}"
    );
    assert!(!other.get_html("/").await.1.contains(&preview));

    // Everything at once is refused while rows are refused; the valid rows are saved on request,
    // from the preview as shown: a fingerprint of another plan is refused.
    // Saving is a job: its page follows it to the import it made, or says why nothing was saved.
    let save = format!("{preview}/save");
    let r = officer
        .post_form(
            &save,
            &[("valid_rows_only", "true"), ("plan", "not-what-was-shown")],
        )
        .await;
    let job = finished(&officer, &r).await;
    assert_eq!(job["state"], "failed", "{job}");
    let (_, page) = officer.get_html(&format!("/imports/jobs/{}", job["id"])).await;
    assert!(
        page.contains("Hệ thống đã thay đổi từ lúc bạn xem trước"),
        "{page}"
    );
    assert!(page.contains("Về trang xem trước"), "{page}");
    let r = officer.post_form(&save, &[("valid_rows_only", "false")]).await;
    let job = finished(&officer, &r).await;
    assert_eq!(job["state"], "failed", "{job}");
    assert!(
        job["refusal"].as_str().unwrap().contains("Còn dòng bị từ chối"),
        "{job}"
    );
    // Whoever reads the job later is told why in their language, not the one it was asked in.
    let (_, english) = officer
        .get_html_in(&format!("/imports/jobs/{}", job["id"]), "en")
        .await;
    assert!(
        english.contains("Some rows are refused, so not everything can be saved"),
        "{english}"
    );
    let r = officer.post_form(&save, &[("valid_rows_only", "true")]).await;
    let job = finished(&officer, &r).await;
    assert_eq!(job["state"], "done", "{job}");
    assert!(
        !officer.get_html("/").await.1.contains(&preview),
        "saved, it waits no more"
    );
    assert_eq!(job["rows_total"], 49, "{job}");
    let (_, page) = officer.get_html(&format!("/imports/jobs/{}", job["id"])).await;
    assert!(page.contains("Xem lần nhập đã lưu"), "{page}");
    assert!(
        !page.contains("data-refresh"),
        "a finished job's page stops updating: {page}"
    );
    let record = format!("/imports/{}", job["import_id"]);
    let (status, page) = officer.get_html(&record).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("47 mới, 0 thay đổi, 0 không đổi, 2 bị từ chối"),
        "{page}"
    );
    assert!(page.contains("Hợp tác xã Chăn nuôi An Khang"), "{page}");
    let (_, list) = officer.get_json("/api/v1/organisations?per_page=1").await;
    assert_eq!(list["total"], 47);
    // Saving again goes to the same import.
    let r = officer.post_form(&save, &[("valid_rows_only", "true")]).await;
    assert_eq!(r.headers()["location"].to_str().unwrap(), record);
    let (_, list) = officer.get_json("/api/v1/organisations?per_page=1").await;
    assert_eq!(list["total"], 47);

    // The refused rows of the registry sheet download as a workbook to correct.
    let r = officer
        .client
        .get(officer.url(&format!("{preview}/rejected.xlsx?sheet=DS%20HTX%202024")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let book = hoptac_import::workbook::read(r.bytes().await.unwrap().to_vec()).expect("a workbook");
    let refused = hoptac_import::layout::read(&book[0].rows).expect("its headings");
    assert_eq!(refused.records().len(), 2);

    // The workbook's second sheet lists the members of the cooperative its title names, now in the
    // registry: the preview offers it, and it is saved on its own.
    let (_, page) = officer.get_html(&preview).await;
    assert!(
        page.contains("Thanh vien HTX</a>: danh sách thành viên"),
        "{page}"
    );
    let members = format!("{preview}?sheet=Thanh%20vien%20HTX");
    let (status, page) = officer.get_html(&members).await;
    assert_eq!(status, 200);
    assert!(page.contains("<dt>Mới</dt><dd>19</dd>"), "{page}");
    assert!(
        page.contains("Dòng 5, cột Năm sinh / Nữ: thành viên là cá nhân phải đủ 18 tuổi khi gia nhập."),
        "{page}"
    );
    let r = officer
        .post_form(&save, &[("valid_rows_only", "true"), ("sheet", "Thanh vien HTX")])
        .await;
    let job = finished(&officer, &r).await;
    assert_eq!(job["state"], "done", "{job}");
    let members_record = format!("/imports/{}", job["import_id"]);
    assert_ne!(members_record, record);
    let (_, page) = officer.get_html(&members_record).await;
    assert!(
        page.contains("Nông Văn Hùng (Hợp tác xã Chăn nuôi An Khang)"),
        "{page}"
    );
    let (_, listed) = officer
        .get_json("/api/v1/organisations/1/members?per_page=1")
        .await;
    assert_eq!(listed["total"], 19);

    // The same workbook a month later: nothing to save, and the refused rows still to correct.
    let r = upload("19", "bac-kan-htx-2024.xlsx", SAMPLE).await;
    let again = r.headers()["location"].to_str().unwrap().to_owned();
    let (_, page) = officer.get_html(&again).await;
    assert!(
        page.contains("Không có gì để lưu: 47 dòng đã có trong hệ thống như trong tệp, 2 dòng bị từ chối"),
        "{page}"
    );
    assert!(page.contains("rejected.xlsx?sheet="), "{page}");

    // The list page offers its downloads with a year; an export names its file and year as the API
    // knows them; a stranger gets none.
    let (_, list) = officer.get_html("/organisations?province=19").await;
    assert!(list.contains("formaction=\"/exports/members.csv\""), "{list}");
    assert!(
        list.contains("<input type=\"hidden\" name=\"province\" value=\"19\">"),
        "{list}"
    );
    let status = |path: &'static str| {
        let officer = &officer;
        async move {
            officer
                .client
                .get(officer.url(path))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(status("/api/v1/exports/organisations.pdf").await, 422);
    assert_eq!(status("/api/v1/exports/organisations.csv?year=1066").await, 422);
    let r = reqwest::get(app.url("/api/v1/exports/members.csv"))
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // Round trip: the province's registry and members exported, in either format, read back as
    // the registry holds them: imported again, nothing would change.
    let actor = hoptac_core::audit::Actor::system("lienminh");
    let cx = hoptac_core::Context::at(&app.db.db, &actor, app.clock.now());
    for format in ["xlsx", "csv"] {
        for (path, expected) in [
            (
                format!("/exports/organisations.{format}?province=19&year=2024"),
                (0, 0, 47, 0),
            ),
            (
                format!("/api/v1/exports/members.{format}?province=19"),
                (0, 0, 19, 0),
            ),
        ] {
            let r = officer.client.get(officer.url(&path)).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
            let sheets =
                hoptac_import::workbook::read(r.bytes().await.unwrap().to_vec()).expect("a workbook");
            let found = hoptac_import::sheets::importable(&sheets);
            assert_eq!(found.len(), 1, "{path}");
            let plan = hoptac_import::sheets::SheetPlan::of(&cx, &found[0], "19")
                .await
                .expect("a plan");
            let c = plan.counts();
            assert_eq!((c.new, c.changed, c.unchanged, c.rejected), expected, "{path}");
        }
    }

    // A commune's officer registers in the commune only: no province's workbook.
    let commune = person(
        &app,
        "canboxa",
        Some(json!({"role": "commune_officer", "commune": "01843", "commune_era": "2025"})),
    )
    .await;
    assert_eq!(commune.get_html("/imports").await.0, 403);
    // A manager registers no organisations, so imports none.
    let manager = person(
        &app,
        "giamdoc",
        Some(json!({"role": "manager", "organisation_id": 1})),
    )
    .await;
    assert_eq!(manager.get_html("/imports").await.0, 403);
    assert_eq!(app.browser().get_html("/imports").await.0, 303);
    app.stop().await;
}

/// A column the importer does not know is read as the officer says, and the reading is kept as a
/// template that reads next month's file the same way from the start.
#[tokio::test]
async fn an_officer_corrects_a_column_and_keeps_the_reading_for_next_time() {
    let (_app, officer) = province_officer().await;
    const FILE: &[u8] = "STT;Tên HTX;Mã số thuế;Ngày thành lập;Địa bàn xã;Huyện\n\
        1;Hợp tác xã Chăn nuôi An Khang;0429057109;20/11/2012;Xã Phúc Lộc;Huyện Ba Bể\n\
        2;Hợp tác xã Chè Chợ Rã;;20/06/2022;Thị trấn Chợ Rã;Huyện Ba Bể\n"
        .as_bytes();
    let upload = |template: Option<String>| {
        let officer = &officer;
        async move {
            let template = template.unwrap_or_default();
            let fields = [("province", "19"), ("template", template.as_str())];
            let r = send_upload(officer, &fields, "danh-sach.csv", FILE).await;
            assert_eq!(r.status(), 303);
            r.headers()["location"].to_str().unwrap().to_owned()
        }
    };
    let preview = upload(None).await;
    let (_, page) = officer.get_html(&preview).await;
    // "Địa bàn xã" is not a heading hoptac knows: the communes are missing, every row refused.
    assert!(page.contains("<dt>Bị từ chối</dt><dd>2</dd>"), "{page}");
    assert!(page.contains("<label for=\"col-4\">Địa bàn xã</label>"), "{page}");
    // Two columns for one field are refused, and nothing is kept.
    let columns = format!("{preview}/columns");
    let r = officer
        .post_form(
            &columns,
            &[("sheet", "CSV"), ("col-1", "name"), ("col-4", "name")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("được chọn cho hai cột"));
    let all = [
        ("sheet", "CSV"),
        ("col-0", "seq"),
        ("col-1", "name"),
        ("col-2", "tax_code"),
        ("col-3", "founding_date"),
        ("col-4", "commune"),
        ("col-5", "district"),
        ("template_name", "Danh sách theo địa bàn"),
    ];
    let r = officer.post_form(&columns, &all).await;
    assert_eq!(r.status(), 303);
    let (_, page) = officer.get_html(&preview).await;
    assert!(page.contains("<dt>Mới</dt><dd>2</dd>"), "{page}");
    assert!(page.contains("<dt>Bị từ chối</dt><dd>0</dd>"), "{page}");
    assert!(
        page.contains("Danh sách theo địa bàn"),
        "the template is offered: {page}"
    );

    // Next month's file, read with the template from the upload on.
    let (_, imports) = officer.get_html("/imports").await;
    let template_id = imports
        .split("<option value=\"")
        .find_map(|part| {
            let (value, rest) = part.split_once('"')?;
            rest.contains("Danh sách theo địa bàn").then(|| value.to_owned())
        })
        .expect("the template is offered at upload");
    let next = upload(Some(template_id.clone())).await;
    let (_, page) = officer.get_html(&next).await;
    assert!(page.contains("<dt>Mới</dt><dd>2</dd>"), "{page}");

    // A province's templates are its importers': another province's officer neither sees, uses nor
    // removes them.
    let ha_noi = person(
        &_app,
        "canbohn",
        Some(json!({"role": "alliance_officer", "province": "01"})),
    )
    .await;
    let (_, imports) = ha_noi.get_html("/imports").await;
    assert!(!imports.contains("Danh sách theo địa bàn"), "{imports}");
    let r = send_upload(
        &ha_noi,
        &[("province", "01"), ("template", &template_id)],
        "danh-sach.csv",
        FILE,
    )
    .await;
    assert_eq!(r.status(), 422);
    let r = ha_noi
        .post_form(
            &format!("/imports/templates/{template_id}/delete"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(r.status(), 404);
    let r = officer
        .post_form(
            &format!("/imports/templates/{template_id}/delete"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, imports) = officer.get_html("/imports").await;
    assert!(!imports.contains("Danh sách theo địa bàn"), "{imports}");
}

/// Saving through the API is the same queued job; a job whose server stopped while running it is
/// taken again once its lease runs out, and saves once.
#[tokio::test]
async fn a_save_queued_through_the_api_and_a_job_left_running_are_carried_out() {
    let (app, officer) = province_officer().await;
    // Uploaded through the API with a personal token: its sheets, then what saving one would do,
    // row by row. A session's cookie alone does not upload (a cross-site form could send it).
    let (content_type, body) =
        multipart_body(&[("province", "19")], "workbook", "bac-kan-htx-2024.xlsx", SAMPLE);
    let r = officer
        .client
        .post(officer.url("/api/v1/import-uploads"))
        .header("content-type", content_type.clone())
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let (_, token) = officer
        .post_json(
            "/api/v1/account/tokens",
            &json!({"name": "Phần mềm của liên minh"}),
        )
        .await;
    let bearer = format!("Bearer {}", token["secret"].as_str().unwrap());
    let integration = officer.client();
    let r = integration
        .post(officer.url("/api/v1/import-uploads"))
        .header("authorization", &bearer)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let uploaded: serde_json::Value = r.json().await.unwrap();
    assert_eq!(uploaded["sheets"][0]["name"], "DS HTX 2024", "{uploaded}");
    assert_eq!(uploaded["sheets"][1]["lists"], "members", "{uploaded}");
    let upload = uploaded["id"].as_i64().unwrap();
    let (status, preview) = officer
        .get_json(&format!("/api/v1/import-uploads/{upload}?sheet=DS%20HTX%202024"))
        .await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(
        (preview["new"].as_i64(), preview["rejected"].as_i64()),
        (Some(47), Some(2))
    );
    let refused: Vec<&serde_json::Value> = preview["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "rejected")
        .collect();
    assert_eq!(
        refused[1]["problems"][0]["code"], "duplicate_in_file",
        "{preview}"
    );
    // A file that is not a spreadsheet is refused by the API as by the page, naming the field.
    let (content_type, body) = multipart_body(
        &[("province", "19")],
        "workbook",
        "anh.png",
        b"\x89PNG\r\n\x1a\n\0\0",
    );
    let r = integration
        .post(officer.url("/api/v1/import-uploads"))
        .header("authorization", &bearer)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let refusal: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        hoptac_web::testing::field_codes(&refusal),
        vec![("workbook".to_owned(), "not_a_spreadsheet".to_owned())]
    );
    let (status, refused) = officer
        .post_json(
            &format!("/api/v1/import-uploads/{upload}/jobs"),
            &json!({"sheet": "Nope"}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    let (status, job) = officer
        .post_json(
            &format!("/api/v1/import-uploads/{upload}/jobs"),
            &json!({"sheet": "DS HTX 2024", "valid_rows_only": true, "plan": preview["digest"]}),
        )
        .await;
    assert_eq!(status, 202, "{job}");
    assert!(job["state"] == "queued" || job["state"] == "running", "{job}");
    let done = wait_for(&officer, job["id"].as_i64().unwrap()).await;
    assert_eq!(done["state"], "done", "{done}");
    // Another person neither sees the job nor queues a save of the upload.
    let other = person(
        &app,
        "lienminh2",
        Some(json!({"role": "alliance_officer", "province": "19"})),
    )
    .await;
    assert_eq!(
        other
            .get_json(&format!("/api/v1/import-jobs/{}", job["id"]))
            .await
            .0,
        404
    );
    let (status, _) = other
        .post_json(
            &format!("/api/v1/import-uploads/{upload}/jobs"),
            &json!({"sheet": "Thanh vien HTX"}),
        )
        .await;
    assert_eq!(status, 404);

    // The members sheet's job, as a server that died left it: running, its lease run out.
    let user_id: i64 = hoptac_core::on_pool!(&app.db.db, |pool| sqlx::query_scalar(
        "SELECT id FROM users WHERE username = 'lienminh'"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    let long_ago = app.clock.now() - chrono::Duration::hours(2);
    let mut tx = hoptac_core::sql::Tx::begin(&app.db.db).await.unwrap();
    let left = tx
        .insert_returning_id(
            "INSERT INTO import_jobs (upload_id, sheet, valid_rows_only, user_id, lang, state, \
             leased_until, queued_at, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                hoptac_core::Arg::I64(upload),
                hoptac_core::Arg::Text("Thanh vien HTX".into()),
                hoptac_core::Arg::Bool(true),
                hoptac_core::Arg::I64(user_id),
                hoptac_core::Arg::Text("vi".into()),
                hoptac_core::Arg::Text("running".into()),
                hoptac_core::Arg::Time(long_ago),
                hoptac_core::Arg::Time(long_ago),
                hoptac_core::Arg::Time(long_ago),
            ],
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let done = wait_for(&officer, left).await;
    assert_eq!(done["state"], "done", "{done}");
    let (_, listed) = officer
        .get_json("/api/v1/organisations/1/members?per_page=1")
        .await;
    assert_eq!(listed["total"], 19);
    app.stop().await;
}

/// The job once it has finished, as the API gives it.
async fn wait_for(who: &hoptac_web::testing::Browser, id: i64) -> serde_json::Value {
    for _ in 0..400 {
        let (status, job) = who.get_json(&format!("/api/v1/import-jobs/{id}")).await;
        assert_eq!(status, 200, "{job}");
        if job["state"] == "done" || job["state"] == "failed" {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("job {id} did not finish");
}

#[tokio::test]
async fn a_workbook_of_two_kinds_of_sheet_asks_which_and_a_sheet_it_lacks_is_refused_at_once() {
    let (app, officer) = province_officer().await;
    let r = send_upload(
        &officer,
        &[("province", "19")],
        "bac-kan-ocop-2024.xlsx",
        hoptac_import::demo::OCOP_SAMPLE,
    )
    .await;
    assert_eq!(r.status(), 303);
    let preview = r.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = preview
        .strip_prefix("/imports/uploads/")
        .and_then(|rest| rest.split('?').next())
        .and_then(|n| n.parse().ok())
        .expect("the preview of the upload");
    // The page lists both sheets, each with what it lists, and asks for one.
    let (status, page) = officer.get_html(&format!("/imports/uploads/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Tệp có nhiều trang tính nhập được"), "{page}");
    assert!(page.contains("danh sách sản phẩm OCOP"), "{page}");
    assert!(
        page.contains("bảng chỉ tiêu, kế hoạch và kết quả thực hiện"),
        "{page}"
    );
    // So does the API, naming them.
    let (status, body) = officer.get_json(&format!("/api/v1/import-uploads/{id}")).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("choose_sheet"), "{body}");
    assert!(body.to_string().contains("San pham OCOP"), "{body}");
    // A save of a sheet the upload does not have is refused now, and queues no job.
    let r = officer
        .post_form(
            &format!("/imports/uploads/{id}/save"),
            &[("sheet", "Không có"), ("valid_rows_only", "true")],
        )
        .await;
    assert_eq!(r.status(), 404);
    let jobs: i64 = hoptac_core::on_pool!(&app.db.db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM import_jobs")
            .fetch_one(pool)
            .await
    })
    .unwrap();
    assert_eq!(jobs, 0);
    app.stop().await;
}
