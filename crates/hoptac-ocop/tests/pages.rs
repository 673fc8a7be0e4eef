//! The OCOP programme through its pages, as people use it: a subject registers a product and
//! self-assesses it, an officer opens a round and assigns the council, members score on their
//! sheets, the officer sees the spread and records the decision; the certificate is verified on the
//! public page (valid, unknown, expired) and downloaded as a PDF whose text carries the product's
//! name. Rejected forms come back with what was typed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use hoptac_web::testing::{cooperative, person, Browser, TestApp};
use serde_json::{json, Value};

/// The areas these tests run.
fn areas() -> Vec<hoptac_web::Area> {
    vec![hoptac_registry::web::area(), hoptac_ocop::web::area()]
}

/// Posts a page's form; returns the status, the redirect target and the page shown.
async fn submit(b: &Browser, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let r = b.post_form(path, fields).await;
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

/// The number at the end of a redirect target such as `/ocop/products/7`.
fn id_in(location: &str) -> i64 {
    location
        .split(['/', '#'])
        .filter_map(|part| part.parse().ok())
        .next_back()
        .unwrap()
}

#[tokio::test]
async fn a_round_through_the_pages_to_a_verified_certificate_and_its_pdf() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, htx) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let htx = htx["id"].as_i64().unwrap();
    let officer = person(
        &app,
        "lienminh",
        Some(json!({"role": "alliance_officer", "province": "19"})),
    )
    .await;
    let manager = person(
        &app,
        "giamdoc",
        Some(json!({"role": "manager", "organisation_id": htx})),
    )
    .await;
    let first = person(&app, "thanhvien1", None).await;
    let second = person(&app, "thanhvien2", None).await;
    let htx_text = htx.to_string();

    // Registering a product: a rejected form keeps what was typed.
    let (status, page) = manager.get_html("/ocop/products/new").await;
    assert_eq!(status, 200);
    assert!(page.contains("Đăng ký sản phẩm"));
    // The one cooperative its manager keeps is filled in.
    assert!(
        page.contains(&format!("value=\"HTX Tiến Linh (#{htx})\"")),
        "{page}"
    );
    let (_, page) = officer.get_html("/ocop/products/new").await;
    assert!(
        !page.contains("HTX Tiến Linh (#"),
        "an officer keeps many: nothing is filled in"
    );
    // The groups of the two decisions, which share names, are listed under their decision.
    let in_force = page.find("<optgroup label=\"Quyết định 148/QĐ-TTg (2023)\">");
    let older = page.find("<optgroup label=\"Quyết định 1048/QĐ-TTg (2019)\">");
    let old_food = page.find("<option value=\"1048_food\"");
    assert!(
        in_force < older && older < old_food && in_force.is_some(),
        "{page}"
    );
    let mut product = vec![
        ("organisation_id", htx_text.as_str()),
        ("name", ""),
        ("product_group", "drinks"),
        ("description", "Chè xanh sao suốt"),
        ("has_traceability", "true"),
    ];
    let (status, _, page) = submit(&manager, "/ocop/products", &product).await;
    assert_eq!(status, 422);
    assert!(page.contains("Tên: bắt buộc nhập."), "{page}");
    assert!(page.contains("<option value=\"drinks\" selected>"));
    assert!(page.contains("Chè xanh sao suốt"));
    product[1] = ("name", "Chè búp Tân Cương");
    let (status, location, _) = submit(&manager, "/ocop/products", &product).await;
    assert_eq!(status, 303);
    let tea = id_in(&location);
    let (_, page) = app.get_html(&format!("/ocop/products/{tea}")).await;
    assert!(
        page.contains("Chè búp Tân Cương") && page.contains("Chưa có giấy chứng nhận OCOP còn hiệu lực.")
    );

    // Self-assessment on the card by parts: an out-of-range part is named and kept; a good sheet
    // shows the projected stars and what the next star needs.
    let path = format!("/ocop/products/{tea}/self-assessment");
    let (status, page) = manager.get_html(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"points.A\""));
    // A part scored whole is named by its legend and its field, not again as a section.
    assert_eq!(
        page.matches("Tổ chức sản xuất và sức mạnh cộng đồng").count(),
        2,
        "{page}"
    );
    let (status, _, page) = submit(
        &manager,
        &path,
        &[("points.A", "41"), ("points.B", "20"), ("points.C", "25")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Tiêu chí A: vượt điểm tối đa 40."), "{page}");
    assert!(page.contains("value=\"41\""));
    let (status, _, _) = submit(
        &manager,
        &path,
        &[("points.A", "30"), ("points.B", "20"), ("points.C", "25")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = manager.get_html(&path).await;
    assert!(page.contains("<strong>75</strong>"), "{page}");
    assert!(page.contains("<span class=\"stars\">★★★★</span> 4 sao"));
    assert!(
        page.contains("Để đạt 5 sao") && page.contains("Cần thêm 15 điểm."),
        "{page}"
    );
    // The public does not see it on the product's page; the manager does.
    let (_, public) = app.browser().get_html(&format!("/ocop/products/{tea}")).await;
    assert!(!public.contains("Lần tự đánh giá gần nhất"));

    // A product of the shipped 1048 fresh-produce set is assessed on its criteria, whose answers
    // are offered in the reader's language.
    let sets = hoptac_ocop::store::scorecards::product_sets(&app.db.db)
        .await
        .unwrap();
    let set = sets
        .iter()
        .find(|s| s.name == "Rau củ quả hạt tươi")
        .unwrap()
        .id
        .to_string();
    let greens = [
        ("organisation_id", htx_text.as_str()),
        ("name", "Rau cải ngọt Tân Cương"),
        ("product_group", "1048_food"),
        ("product_set_id", set.as_str()),
    ];
    let (status, location, page) = submit(&manager, "/ocop/products", &greens).await;
    assert_eq!(status, 303, "{page}");
    let greens_path = format!("/ocop/products/{}/self-assessment", id_in(&location));
    let (status, page) = manager.get_html(&greens_path).await;
    assert_eq!(status, 200);
    assert!(page.contains("1: dưới 50% nguyên liệu trong tỉnh"), "{page}");
    assert!(!page.contains("under 50% from the province"));
    let (_, english) = manager.get_html_in(&greens_path, "en").await;
    assert!(english.contains("1: under 50% from the province"), "{english}");

    // The officer opens a round: a closing day before the opening is refused, the name kept.
    let round = [
        ("province", "19"),
        ("name", "Đợt 2 năm 2026"),
        ("opened_on", "2026-11-01"),
    ];
    let mut bad = round.to_vec();
    bad.push(("closes_on", "2026-10-01"));
    let (status, _, page) = submit(&officer, "/ocop/rounds", &bad).await;
    assert_eq!(status, 422);
    assert!(page.contains("value=\"Đợt 2 năm 2026\""));
    assert!(page.contains("aria-invalid=\"true\""));
    let (status, location, _) = submit(&officer, "/ocop/rounds", &round).await;
    assert_eq!(status, 303, "{location}");
    let round = id_in(&location);
    let (status, _, _) = submit(
        &manager,
        "/ocop/rounds",
        &[("province", "19"), ("name", "x"), ("opened_on", "2026-11-01")],
    )
    .await;
    assert_eq!(status, 403);

    // The subject applies from the product's page.
    let (_, page) = manager.get_html(&format!("/ocop/products/{tea}")).await;
    assert!(page.contains("Đợt 2 năm 2026"));
    let round_text = round.to_string();
    let apply = format!("/ocop/products/{tea}/apply");
    let (status, _, page) = submit(&manager, &apply, &[("round_id", ""), ("kind", "first")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("Đợt đánh giá: bắt buộc nhập."), "{page}");
    let (status, location, _) =
        submit(&manager, &apply, &[("round_id", &round_text), ("kind", "first")]).await;
    let (_, list) = officer
        .get_json(&format!("/api/v1/ocop/rounds/{round}/applications"))
        .await;
    let application = list[0]["id"].as_i64().unwrap();
    // The subject is taken to its application, where the dossier waits; the round's list is the
    // council's while it runs, and says so to the subject.
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            format!("/ocop/applications/{application}#documents").as_str()
        )
    );
    let (_, page) = manager.get_html(&format!("/ocop/rounds/{round}")).await;
    assert!(page.contains("Đợt đang có 1 hồ sơ"), "{page}");

    // The council: an unknown username is named on the page, members are assigned.
    let council = format!("/ocop/rounds/{round}/council");
    let (status, _, page) = submit(&officer, &council, &[("username", "khongco")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("value=\"khongco\""));
    for member in ["thanhvien1", "thanhvien2"] {
        let (status, _, _) = submit(&officer, &council, &[("username", member)]).await;
        assert_eq!(status, 303);
    }

    // Each member finds their sheet waiting on the home page, as the officer the round to decide.
    let sheet = format!("/ocop/applications/{application}/sheet");
    let (_, home) = first.get_html("/").await;
    assert!(
        home.contains(&format!(
            "<a href=\"{sheet}\">Chấm phiếu sản phẩm «Chè búp Tân Cương»"
        )),
        "{home}"
    );
    // The officer sees who has scored and which applications still lack sheets.
    let (_, page) = officer.get_html(&format!("/ocop/rounds/{round}")).await;
    assert_eq!(page.matches("đã chấm 0/1 hồ sơ").count(), 2, "{page}");
    assert!(
        page.contains("Còn thiếu phiếu chấm") && page.contains("Chè búp Tân Cương (0/2)"),
        "{page}"
    );
    let (_, home) = officer.get_html("/").await;
    assert!(
        home.contains(&format!("<a href=\"/ocop/rounds/{round}\">"))
            && home.contains("chờ quyết định công nhận"),
        "{home}"
    );
    // Each member scores on their own sheet.
    let (status, page) = first.get_html(&sheet).await;
    assert_eq!(status, 200);
    assert!(page.contains("Chè búp Tân Cương"));
    assert_eq!(manager.get_html(&sheet).await.0, 403);
    let (status, _, page) = submit(
        &first,
        &sheet,
        &[("points.A", "30"), ("points.B", "30"), ("points.C", "10")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Tiêu chí B: vượt điểm tối đa 25."));
    // Every fault of a sheet is named at once: a number that does not read beside one too high.
    let (status, _, page) = submit(
        &first,
        &sheet,
        &[("points.A", "45"), ("points.B", "20,5"), ("points.C", "10")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Tiêu chí A: vượt điểm tối đa 40."), "{page}");
    assert!(page.contains("Tiêu chí B:") && page.contains("20,5"), "{page}");
    for (member, a) in [(&first, "25"), (&second, "30")] {
        let (status, _, _) = submit(
            member,
            &sheet,
            &[("points.A", a), ("points.B", "20"), ("points.C", "25")],
        )
        .await;
        assert_eq!(status, 303);
    }
    let (_, home) = first.get_html("/").await;
    assert!(!home.contains(&sheet), "a scored sheet waits no more");
    let (_, page) = officer.get_html(&format!("/ocop/rounds/{round}")).await;
    assert_eq!(page.matches("đã chấm 1/1 hồ sơ").count(), 2, "{page}");
    assert!(!page.contains("Còn thiếu phiếu chấm"), "{page}");
    // The officer sees the consolidation and the spread; a member only their own total.
    let round_path = format!("/ocop/rounds/{round}");
    let (_, page) = officer.get_html(&round_path).await;
    assert!(page.contains("<strong>72,5</strong>"), "{page}");
    assert!(page.contains("70–75"));
    let (_, page) = first.get_html(&round_path).await;
    assert!(page.contains(">70 <a href=\"/ocop/applications/"), "{page}");
    assert!(!page.contains("72,5"));

    // The decision: a missing signer is named and the number typed is kept.
    let decision = format!("/ocop/rounds/{round}/decision");
    let number_field = format!("certificate.{application}");
    let (status, _, page) = submit(
        &officer,
        &decision,
        &[
            ("number", "2150/QĐ-UBND"),
            ("date", "2026-11-22"),
            ("signer", ""),
            (&number_field, "TN-2026-017"),
            ("confirmed", "yes"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Người ký: bắt buộc nhập."), "{page}");
    assert!(page.contains("value=\"2150/QĐ-UBND\"") && page.contains("value=\"TN-2026-017\""));
    let (status, _, _) = submit(
        &officer,
        &decision,
        &[
            ("number", "2150/QĐ-UBND"),
            ("date", "2026-11-22"),
            ("signer", "Nguyễn Văn An"),
            (&number_field, "TN-2026-017"),
        ],
    )
    .await;
    // Closing the round and issuing its certificates cannot be undone: it is asked first.
    assert_eq!(status, 200);
    let (status, _, _) = submit(
        &officer,
        &decision,
        &[
            ("number", "2150/QĐ-UBND"),
            ("date", "2026-11-22"),
            ("signer", "Nguyễn Văn An"),
            (&number_field, "TN-2026-017"),
            ("confirmed", "yes"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = app.browser().get_html(&round_path).await;
    assert!(
        page.contains("Kết quả đợt đánh giá") && page.contains("1 sản phẩm 4 sao"),
        "{page}"
    );
    // In English one product is one product.
    let (_, english) = app.browser().get_html_in(&round_path, "en").await;
    assert!(english.contains("1 product with 4 stars"), "{english}");

    // The certificate on the public verification page: valid, then an unknown code, then expired.
    let (_, detail) = app.get_json(&format!("/api/v1/ocop/products/{tea}")).await;
    let certificate: &Value = &detail["certificates"][0];
    assert_eq!(certificate["number"], "TN-2026-017");
    let code = certificate["verification_code"].as_str().unwrap();
    let visitor = app.browser();
    let (status, page) = visitor.get_html(&format!("/ocop/verify/{code}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Còn hiệu lực") && page.contains("Chè búp Tân Cương") && page.contains("HTX Tiến Linh")
    );
    assert!(page.contains("22/11/2029"), "{page}");
    assert!(!page.contains("verify-photo"), "no photo yet");
    // With a photo of the product, the page a consumer's scan opens shows it.
    let png = include_bytes!("../../hoptac-core/testdata/photo-with-exif.png");
    let added = manager
        .post_upload(
            &format!("/ocop/products/{tea}/photos"),
            &[],
            "photo",
            "che.png",
            png,
        )
        .await;
    assert_eq!(added.status(), 303);
    let (_, page) = visitor.get_html(&format!("/ocop/verify/{code}")).await;
    assert!(
        page.contains("<img class=\"verify-photo\" src=\"/ocop/files/"),
        "{page}"
    );

    // One search finds the producer, its product and the certificate, for anyone.
    let (status, page) = visitor.get_html("/search?q=tien+linh").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("<h2>Tổ chức (1)</h2>") && page.contains(">HTX Tiến Linh</a>"),
        "{page}"
    );
    assert!(
        page.contains("<h2>Sản phẩm OCOP (2)</h2>")
            && page.contains(&format!("<a href=\"/ocop/products/{tea}\">Chè búp Tân Cương</a>")),
        "{page}"
    );
    let (_, page) = visitor.get_html("/search?q=TN-2026").await;
    assert!(
        page.contains(&format!("<a href=\"/ocop/verify/{code}\">TN-2026-017</a>")),
        "{page}"
    );
    let (_, page) = visitor.get_html("/search?q=khong+co+gi").await;
    assert!(
        page.contains("Không tìm thấy gì khớp với «khong co gi»."),
        "{page}"
    );
    let (status, page) = visitor.get_html("/ocop/verify/khongphaima").await;
    assert_eq!(status, 404);
    assert!(page.contains("Không có giấy chứng nhận nào mang mã này."));
    let (status, page) = visitor
        .get_html(&format!("/ocop/verify?code={}", code.to_uppercase()))
        .await;
    assert_eq!(status, 200, "a code typed in capitals is found");
    assert!(page.contains("Còn hiệu lực"));

    // The PDF, for the subject: its text carries the product's name with its diacritics.
    let id = certificate["id"].as_i64().unwrap();
    let pdf_path = format!("/ocop/certificates/{id}/pdf");
    let r = manager.client.get(manager.url(&pdf_path)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let bytes = r.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("certificate.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", file.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (Debian: poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Chè búp Tân Cương") && text.contains("TN-2026-017"),
        "{text}"
    );
    assert!(
        text.contains(&format!("/ocop/verify/{code}")),
        "the QR's address is printed: {text}"
    );
    assert_eq!(
        visitor.get_html(&pdf_path).await.0,
        303,
        "a visitor is sent to sign in"
    );
    assert_eq!(
        first.get_html(&pdf_path).await.0,
        404,
        "out of a council member's reach"
    );

    // Thirty-six months on, the same page says the certificate has expired.
    app.clock
        .set(Utc.with_ymd_and_hms(2029, 11, 23, 3, 0, 0).unwrap());
    let (status, page) = visitor.get_html(&format!("/ocop/verify/{code}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Đã hết hạn"), "{page}");
    let (_, page) = visitor.get_html(&format!("/ocop/products/{tea}")).await;
    assert!(page.contains("Chưa có giấy chứng nhận OCOP còn hiệu lực."));
    app.stop().await;
}

#[tokio::test]
async fn a_scorecard_sheet_is_checked_before_it_is_saved() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let csv = include_str!("../../hoptac-ocop/data/ocop-scorecard-1048-fresh-produce.csv");
    let (status, page) = app.get_html("/ocop/scorecards").await;
    assert_eq!(status, 200);
    assert!(page.contains("Nạp phiên bản bộ tiêu chí"));

    // A broken line is named, and the text stays in the form.
    let broken = csv.replacen(",3,1:dưới 50%", ",3x,1:dưới 50%", 1);
    let (status, _, page) = submit(
        &app,
        "/ocop/scorecards",
        &[
            ("product_group", "1048_food"),
            ("csv", &broken),
            ("preview", "true"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("dòng 2"), "{page}");
    assert!(page.contains("3x,1:dưới 50%"));

    // Text damaged before it arrived (a file read in the wrong encoding) is refused, not stored.
    let damaged = csv.replacen("Nguồn nguyên liệu", "Ngu\u{fffd}n nguy\u{fffd}n li\u{fffd}u", 1);
    let (status, _, page) = submit(
        &app,
        "/ocop/scorecards",
        &[("product_group", "1048_food"), ("csv", &damaged)],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("chữ đã bị hỏng trước khi gửi lên"), "{page}");

    // A good sheet is previewed without being saved, then saved as the set's next version.
    let before = hoptac_ocop::store::scorecards::list(&app.db.db)
        .await
        .unwrap()
        .len();
    let (status, _, page) = submit(
        &app,
        "/ocop/scorecards",
        &[("product_group", "1048_food"), ("csv", csv), ("preview", "true")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Xem trước bộ tiêu chí") && page.contains("Nguồn nguyên liệu"),
        "{page}"
    );
    assert_eq!(
        hoptac_ocop::store::scorecards::list(&app.db.db)
            .await
            .unwrap()
            .len(),
        before
    );
    let (status, location, _) = submit(
        &app,
        "/ocop/scorecards",
        &[("product_group", "1048_food"), ("csv", csv)],
    )
    .await;
    assert_eq!(status, 303);
    let (status, page) = app.get_html(&location).await;
    assert_eq!(status, 200);
    assert!(page.contains("phiên bản 2") && page.contains("A1.1"), "{page}");

    // An officer of one province may not load scorecards.
    let officer = person(
        &app,
        "lienminh",
        Some(json!({"role": "alliance_officer", "province": "19"})),
    )
    .await;
    let (status, _, _) = submit(
        &officer,
        "/ocop/scorecards",
        &[("product_group", "1048_food"), ("csv", csv)],
    )
    .await;
    assert_eq!(status, 403);
    app.stop().await;
}

/// An application of a round under way is its council's, its officers' and its subject's: to
/// anyone else it does not exist (404, as any record out of reach), while its subject is told it
/// may not score it (403), and the published round's list is refused (403). A refusal on a page is the page of its reasons with the API's status,
/// never a server error: withdrawing twice answers 409.
#[tokio::test]
async fn refusals_on_pages_and_records_out_of_reach() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, htx) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let htx = htx["id"].as_i64().unwrap();
    let officer = person(
        &app,
        "lienminh",
        Some(json!({"role": "alliance_officer", "province": "19"})),
    )
    .await;
    let manager = person(
        &app,
        "giamdoc",
        Some(json!({"role": "manager", "organisation_id": htx})),
    )
    .await;
    let stranger = person(&app, "nguoila", None).await;
    let tea = json!({"organisation_id": htx, "name": "Chè búp Tân Cương", "product_group": "drinks"});
    let (status, tea) = manager.post_json("/api/v1/ocop/products", &tea).await;
    assert_eq!(status, 201, "{tea}");
    let round = json!({"province": "19", "name": "Đợt 3 năm 2026", "opened_on": "2026-11-01"});
    let (_, round) = officer.post_json("/api/v1/ocop/rounds", &round).await;
    let round = round["id"].as_i64().unwrap();
    let (status, application) = manager
        .post_json(
            &format!("/api/v1/ocop/rounds/{round}/applications"),
            &json!({"product_id": tea["id"], "kind": "first"}),
        )
        .await;
    assert_eq!(status, 201, "{application}");
    let application = application["id"].as_i64().unwrap();

    let sheet = format!("/ocop/applications/{application}/sheet");
    assert_eq!(
        stranger
            .get_json(&format!("/api/v1/ocop/applications/{application}"))
            .await
            .0,
        404
    );
    // The round itself is published: its list is refused, not hidden.
    assert_eq!(
        stranger
            .get_json(&format!("/api/v1/ocop/rounds/{round}/applications"))
            .await
            .0,
        403
    );
    assert_eq!(stranger.get_html(&sheet).await.0, 404);
    assert_eq!(stranger.get_json(&format!("/api/v1{sheet}")).await.0, 404);
    assert_eq!(manager.get_html(&sheet).await.0, 403);

    let withdraw = format!("/ocop/applications/{application}/withdraw");
    assert_eq!(submit(&manager, &withdraw, &[("confirmed", "yes")]).await.0, 303);
    let (status, _, page) = submit(&manager, &withdraw, &[("confirmed", "yes")]).await;
    assert_eq!(status, 409, "{page}");
    assert!(
        page.contains("Không thực hiện được") && page.contains("hồ sơ đã rút"),
        "{page}"
    );
    // The API refuses alike: hidden from the stranger, refused to the subject.
    let api_withdraw = format!("/api/v1/ocop/applications/{application}/withdraw");
    assert_eq!(stranger.post_json(&api_withdraw, &json!({})).await.0, 404);
    assert_eq!(manager.post_json(&api_withdraw, &json!({})).await.0, 409);
    // The published round's page shows to anyone, without the applications under way.
    let (status, page) = app.browser().get_html(&format!("/ocop/rounds/{round}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Đợt 3 năm 2026"), "{page}");

    // A decision recorded twice (a second tab, a double click): the second is refused with its
    // reason, although the decision form is no longer on the round's page.
    let decision = format!("/ocop/rounds/{round}/decision");
    let fields = [
        ("number", "77/QĐ-UBND"),
        ("date", "2026-11-22"),
        ("signer", "Phó Chủ tịch UBND tỉnh"),
        ("confirmed", "yes"),
    ];
    assert_eq!(submit(&officer, &decision, &fields).await.0, 303);
    let (status, _, page) = submit(&officer, &decision, &fields).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("đợt đã có quyết định công nhận"), "{page}");
    app.stop().await;
}

/// The subject of a product is named, not numbered: its name typed without diacritics finds it,
/// the form's suggestion ("name (#id)") is read as that organisation, a name several organisations
/// share lists them to choose from, and an unknown name is said; what was typed stays in the form.
#[tokio::test]
async fn a_products_subject_is_found_by_its_name() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, htx) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let htx = htx["id"].as_i64().unwrap();
    for name in ["HTX Chè Tân Cương", "HTX Chè Tân Cương Xanh"] {
        let other = json!({"kind": "htx", "name": name, "founding_date": "2020-01-10", "sectors": ["agriculture"],
            "commune_era": "2008", "commune": "01834"});
        assert_eq!(app.post_json("/api/v1/organisations", &other).await.0, 201);
    }
    let (_, form) = app.get_html("/ocop/products/new").await;
    assert!(form.contains("data-suggest=\"organisations\""), "{form}");
    let product = |subject: &'static str| {
        vec![
            ("organisation_id", subject),
            ("name", "Trà hoa vàng"),
            ("product_group", "drinks"),
        ]
    };

    let (status, location, _) = submit(&app, "/ocop/products", &product("htx tien linh")).await;
    assert_eq!(status, 303);
    let (_, made) = app
        .get_json(&format!("/api/v1/ocop/products/{}", id_in(&location)))
        .await;
    assert_eq!(made["organisation_id"], htx);

    // "HTX Chè Tân Cương" is exactly one name, though another holds its words.
    let (status, _, _) = submit(&app, "/ocop/products", &product("HTX Che Tan Cuong")).await;
    assert_eq!(status, 303);
    let (status, _, page) = submit(&app, "/ocop/products", &product("che tan")).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("có 2 tổ chức khớp với «che tan»") && page.contains("HTX Chè Tân Cương Xanh, "),
        "{page}"
    );
    assert!(page.contains("value=\"che tan\""), "what was typed stays: {page}");
    let (status, _, page) = submit(&app, "/ocop/products", &product("HTX Chè Tân Cương Xanh (#3)")).await;
    assert_eq!(status, 303, "{page}");
    let (status, _, page) = submit(&app, "/ocop/products", &product("htx khong co")).await;
    assert_eq!(status, 422);
    assert!(page.contains("không tìm thấy tổ chức «htx khong co»"), "{page}");
    // Typed wildcards are letters; a suggestion whose name is not its organisation's is a name; a
    // name has a length.
    let (status, _, page) = submit(&app, "/ocop/products", &product("%")).await;
    assert!(
        status == 422 && page.contains("không tìm thấy tổ chức «%»"),
        "{page}"
    );
    let (status, _, page) = submit(&app, "/ocop/products", &product("HTX Không Có (#1)")).await;
    assert!(
        status == 422 && page.contains("không tìm thấy tổ chức «HTX Không Có (#1)»"),
        "{page}"
    );
    let long = "a".repeat(301);
    let fields = [
        ("organisation_id", long.as_str()),
        ("name", "Trà"),
        ("product_group", "drinks"),
    ];
    let (status, _, page) = submit(&app, "/ocop/products", &fields).await;
    assert!(status == 422 && page.contains("dài quá 300 ký tự"), "{page}");
    app.stop().await;
}
