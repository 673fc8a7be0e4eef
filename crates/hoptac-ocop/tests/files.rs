//! Files kept with OCOP records, through the pages and the API: a subject adds the documents of
//! its application's dossier and photos of its product; the council reads the dossier from its
//! sheets and the officer every member's sheet side by side; the public sees the photos, the
//! producer and its other products, never the dossier. A file's kind is read from its content.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hoptac_web::testing::{cooperative, field_codes, multipart_body, person, Browser, TestApp};
use serde_json::{json, Value};

fn areas() -> Vec<hoptac_web::Area> {
    vec![hoptac_registry::web::area(), hoptac_ocop::web::area()]
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
/// A photo of two by two pixels, with the EXIF a phone writes (kept without it).
const PNG: &[u8] = include_bytes!("../../hoptac-core/testdata/photo-with-exif.png");

/// Sends an upload form; returns the status, the redirect target and the page shown.
async fn upload(b: &Browser, path: &str, field: &str, name: &str, bytes: &[u8]) -> (u16, String, String) {
    let r = b.post_upload(path, &[], field, name, bytes).await;
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

/// The ids of the files a page links to, in order.
fn file_links(page: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = page
        .split("href=\"/ocop/files/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    ids.dedup();
    ids
}

struct Round {
    app: TestApp,
    officer: Browser,
    manager: Browser,
    member: Browser,
    stranger: Browser,
    htx: i64,
    tea: i64,
    round: i64,
    application: i64,
}

/// A tea cooperative of Thái Nguyên with its manager, a round of the province with a council of
/// two, the tea applying to it; and the manager of another cooperative.
async fn round_with_an_application() -> Round {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let mut htx = cooperative();
    htx["phone"] = json!("0208 3852 111");
    let (_, htx) = app.post_json("/api/v1/organisations", &htx).await;
    let htx = htx["id"].as_i64().unwrap();
    let mut other = cooperative();
    other["name"] = json!("HTX Hoàn Kiếm");
    other["tax_code"] = Value::Null;
    let (_, other) = app.post_json("/api/v1/organisations", &other).await;
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
    let stranger = person(
        &app,
        "hoankiem",
        Some(json!({"role": "manager", "organisation_id": other["id"]})),
    )
    .await;
    let member = person(&app, "thanhvien1", None).await;
    person(&app, "thanhvien2", None).await;
    let (_, tea) = manager
        .post_json(
            "/api/v1/ocop/products",
            &json!({"organisation_id": htx, "name": "Chè búp Tân Cương", "product_group": "drinks"}),
        )
        .await;
    let tea = tea["id"].as_i64().unwrap();
    let (status, round) = officer
        .post_json(
            "/api/v1/ocop/rounds",
            &json!({"province": "19", "name": "Đợt 2 năm 2026", "opened_on": "2026-11-01"}),
        )
        .await;
    assert_eq!(status, 201, "{round}");
    let round = round["id"].as_i64().unwrap();
    for username in ["thanhvien1", "thanhvien2"] {
        let (status, body) = officer
            .post_json(
                &format!("/api/v1/ocop/rounds/{round}/council"),
                &json!({"username": username}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, application) = manager
        .post_json(
            &format!("/api/v1/ocop/rounds/{round}/applications"),
            &json!({"product_id": tea.to_string(), "kind": "first"}),
        )
        .await;
    assert_eq!(status, 201, "{application}");
    Round {
        application: application["id"].as_i64().unwrap(),
        app,
        officer,
        manager,
        member,
        stranger,
        htx,
        tea,
        round,
    }
}

#[tokio::test]
async fn a_dossier_is_kept_by_its_subject_and_read_by_the_council_only() {
    let r = round_with_an_application().await;
    let page_path = format!("/ocop/applications/{}", r.application);
    let documents = format!("{page_path}/documents");

    // A page of HTML named as a PDF is refused by its content, the reason named on the page.
    let (status, _, page) = upload(
        &r.manager,
        &documents,
        "document",
        "phieu-dang-ky.pdf",
        b"<html><script>alert(1)</script>",
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Tài liệu hồ sơ: nội dung tệp không phải loại được nhận (PDF, JPEG, PNG, WebP)"),
        "{page}"
    );
    let (status, _, page) = upload(&r.manager, &documents, "document", "trong.pdf", b"").await;
    assert_eq!(status, 422);
    assert!(page.contains("Tài liệu hồ sơ: chưa chọn tệp."), "{page}");

    // The registration form, sent twice (a double tap), is kept once.
    for _ in 0..2 {
        let (status, location, _) =
            upload(&r.manager, &documents, "document", "Phiếu đăng ký.pdf", PDF).await;
        assert_eq!(
            (status, location.as_str()),
            (303, format!("{page_path}#documents").as_str())
        );
    }
    let (status, page) = r.manager.get_html(&page_path).await;
    assert_eq!(status, 200);
    let files = file_links(&page);
    assert_eq!(files.len(), 1, "{page}");
    assert!(
        page.contains("Phiếu đăng ký.pdf") && page.contains("1 KB"),
        "{page}"
    );
    let file = format!("/ocop/files/{}", files[0]);

    // The registration form comes filled in, for the subject to sign; nobody outside sees it.
    let form = format!("{page_path}/registration.pdf");
    let (status, kind, _, bytes) = r.manager.get_file(&form).await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(r.stranger.get_file(&form).await.0, 404);

    // The council member reads it from their sheet; the file is what was sent, as a PDF.
    let (_, sheet) = r
        .member
        .get_html(&format!("/ocop/applications/{}/sheet", r.application))
        .await;
    assert!(sheet.contains(&format!("href=\"{file}\"")), "{sheet}");
    let (status, kind, disposition, bytes) = r.member.get_file(&file).await;
    assert_eq!(
        (status, kind.as_str(), bytes.as_slice()),
        (200, "application/pdf", PDF)
    );
    assert!(
        disposition.contains("filename*=UTF-8''Phi%E1%BA%BFu%20%C4%91%C4%83ng%20k%C3%BD.pdf"),
        "{disposition}"
    );
    // Nobody else: not another cooperative's manager, not the public, not even after asking the
    // API; and the council does not add to the dossier.
    assert_eq!(r.stranger.get_file(&file).await.0, 404);
    assert_eq!(r.app.browser().get_file(&file).await.0, 404);
    assert_eq!(
        r.stranger
            .get_json(&format!("/api/v1/ocop/applications/{}/documents", r.application))
            .await
            .0,
        404
    );
    let (_, page) = r.app.browser().get_html(&page_path).await;
    assert!(!page.contains("Phiếu đăng ký.pdf"));
    assert_eq!(
        upload(&r.member, &documents, "document", "khac.pdf", b"%PDF-1.4 khac")
            .await
            .0,
        403
    );

    // The officer adds a document too, through the API with a personal token.
    let (_, token) = r
        .officer
        .post_json("/api/v1/account/tokens", &json!({"name": "Phần mềm"}))
        .await;
    let bearer = format!("Bearer {}", token["secret"].as_str().unwrap());
    let (content_type, body) = multipart_body(&[], "document", "ket-qua-kiem-nghiem.png", PNG);
    let sent = r
        .officer
        .client()
        .post(
            r.officer
                .url(&format!("/api/v1/ocop/applications/{}/documents", r.application)),
        )
        .header("authorization", &bearer)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201);
    let added: Value = sent.json().await.unwrap();
    assert_eq!(added["content_type"], "image/png");
    // A token that is not one acts as no one, whatever session cookie comes beside it: an upload
    // trusted for carrying a bearer token never falls back on the browser's session.
    let (content_type, body) = multipart_body(&[], "document", "gia-mao.pdf", b"%PDF-1.4 gia mao");
    let forged = r
        .manager
        .client
        .post(
            r.manager
                .url(&format!("/api/v1/ocop/applications/{}/documents", r.application)),
        )
        .header("authorization", "Bearer khong-phai-ma")
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    let (_, listed) = r
        .manager
        .get_json(&format!("/api/v1/ocop/applications/{}/documents", r.application))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");

    // The trail names each file kept.
    let trail = r.app.trail("entity=ocop_file").await;
    assert_eq!(
        trail,
        vec![
            ("giamdoc".to_owned(), "create".to_owned(), "ocop_file".to_owned()),
            ("lienminh".to_owned(), "create".to_owned(), "ocop_file".to_owned()),
        ]
    );

    // Removing asks first, then the document is gone; once withdrawn, the dossier is closed.
    let remove = format!("/ocop/files/{}/remove", added["id"]);
    let asked = [
        ("confirm", "confirm-q-remove_file"),
        ("confirm_subject", "ket-qua-kiem-nghiem.png"),
    ];
    let r1 = r.manager.post_form(&remove, &asked).await;
    assert_eq!(r1.status(), 200);
    let asking = r1.text().await.unwrap();
    assert!(
        asking.contains("Xóa tệp này?") && asking.contains("ket-qua-kiem-nghiem.png"),
        "{asking}"
    );
    let r2 = r.manager.post_form(&remove, &[("confirmed", "yes")]).await;
    assert_eq!(r2.status(), 303);
    assert_eq!(
        r.manager
            .post_form(&remove, &[("confirmed", "yes")])
            .await
            .status(),
        404
    );
    let withdraw = format!("/ocop/applications/{}/withdraw", r.application);
    assert_eq!(
        r.manager
            .post_form(&withdraw, &[("confirmed", "yes")])
            .await
            .status(),
        303
    );
    let (status, _, page) = upload(&r.manager, &documents, "document", "muon.pdf", b"%PDF-1.4 muon").await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("Hồ sơ đăng ký: hồ sơ đã rút."), "{page}");
    let (_, page) = r.manager.get_html(&page_path).await;
    assert!(
        !page.contains("enctype=\"multipart/form-data\""),
        "no upload form once withdrawn"
    );
    r.app.stop().await;
}

#[tokio::test]
async fn the_officer_reads_every_members_sheet_side_by_side() {
    let r = round_with_an_application().await;
    let path = format!("/ocop/applications/{}", r.application);
    let api = format!("/api/v1/ocop/applications/{}/sheets", r.application);
    let (status, body) = r
        .member
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/ocop/applications/{}/sheet", r.application),
            &json!({"points": {"A": 30, "B": 20, "C": 22}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, sheets) = r.officer.get_json(&api).await;
    assert_eq!(status, 200, "{sheets}");
    let members = sheets["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(
        (members[0]["name"].as_str(), members[0]["total"].as_i64()),
        (Some("thanhvien1 (thanhvien1)"), Some(72))
    );
    assert_eq!(
        (members[1]["name"].as_str(), &members[1]["points"]),
        (Some("thanhvien2 (thanhvien2)"), &Value::Null)
    );
    // No one judges their own product: the subject's manager is not seated on the council.
    let (status, refused) = r
        .officer
        .post_json(
            &format!("/api/v1/ocop/rounds/{}/council", r.round),
            &json!({"username": "giamdoc"}),
        )
        .await;
    assert_eq!(
        (status, field_codes(&refused)),
        (
            409,
            vec![("username".to_owned(), "conflict_of_interest".to_owned())]
        )
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("HTX Tiến Linh"),
        "{refused}"
    );
    // Read only, and the officer's alone: the council and the subject are refused, others told
    // nothing exists.
    assert_eq!(r.member.get_json(&api).await.0, 403);
    assert_eq!(r.manager.get_json(&api).await.0, 403);
    assert_eq!(r.stranger.get_json(&api).await.0, 404);
    let (_, page) = r.officer.get_html(&path).await;
    assert!(page.contains("Phiếu chấm của hội đồng"), "{page}");
    assert!(page.contains("Chưa chấm: thanhvien2"), "{page}");
    assert!(
        page.contains("<td class=\"num\">30</td><td class=\"num\">—</td>"),
        "{page}"
    );
    assert!(page.contains("<strong>72</strong>"), "{page}");
    assert!(
        !page.contains("name=\"points."),
        "the sheets are read only: {page}"
    );
    let (_, page) = r.member.get_html(&path).await;
    assert!(!page.contains("Phiếu chấm của hội đồng"));
    // A round still before its closing day receives applications: the officer's home says so,
    // rather than asking for its decision.
    let (_, later) = r
        .officer
        .post_json(
            "/api/v1/ocop/rounds",
            &json!({"province": "19", "name": "Đợt 3 năm 2026", "opened_on": "2026-11-01", "closes_on": "2027-01-31"}),
        )
        .await;
    let (_, other) = r
        .manager
        .post_json(
            "/api/v1/ocop/products",
            &json!({"organisation_id": r.htx, "name": "Chè móc câu", "product_group": "drinks"}),
        )
        .await;
    let (status, body) = r
        .manager
        .post_json(
            &format!("/api/v1/ocop/rounds/{}/applications", later["id"]),
            &json!({"product_id": other["id"].to_string(), "kind": "first"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (_, home) = r.officer.get_html("/").await;
    assert!(
        home.contains("Đợt 3 năm 2026 (") && home.contains("đang nhận hồ sơ, đã có 1 hồ sơ"),
        "{home}"
    );
    // The round's page leads to each application's page.
    let (_, round) = r.officer.get_html(&format!("/ocop/rounds/{}", r.round)).await;
    assert!(round.contains(&format!("href=\"{path}\"")), "{round}");
    r.app.stop().await;
}

#[tokio::test]
async fn a_products_photos_and_producer_are_public() {
    let r = round_with_an_application().await;
    let product = format!("/ocop/products/{}", r.tea);
    let photos = format!("{product}/photos");
    // A PDF is not a photo; nor is a photo larger than 5 MB.
    let (status, _, page) = upload(&r.manager, &photos, "photo", "anh.jpg", PDF).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("Ảnh sản phẩm: nội dung tệp không phải loại được nhận (JPEG, PNG, WebP)"),
        "{page}"
    );
    let big = [PNG, &vec![0u8; 5 * 1024 * 1024]].concat();
    let (status, _, page) = upload(&r.manager, &photos, "photo", "to.png", &big).await;
    assert_eq!(status, 422);
    assert!(page.contains("Ảnh sản phẩm: tệp lớn quá 5 MB."), "{page}");
    assert_eq!(upload(&r.stranger, &photos, "photo", "anh.png", PNG).await.0, 403);
    let (status, location, _) = upload(&r.manager, &photos, "photo", "doi-che.png", PNG).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("{product}#photos").as_str())
    );

    // Anyone sees the photo, the producer and how to reach them.
    let visitor = r.app.browser();
    let (_, page) = visitor.get_html(&product).await;
    let shown = file_links(&page);
    assert_eq!(shown.len(), 1, "{page}");
    assert!(
        page.contains(&format!("<img src=\"/ocop/files/{}\"", shown[0])),
        "{page}"
    );
    assert!(
        page.contains("Chủ thể sản xuất") && page.contains("<a href=\"tel:02083852111\">0208 3852 111</a>"),
        "{page}"
    );
    assert!(!page.contains("multipart/form-data"), "a visitor adds no photo");
    let (status, kind, _, bytes) = visitor.get_file(&format!("/ocop/files/{}", shown[0])).await;
    assert_eq!((status, kind.as_str()), (200, "image/png"));
    assert!(
        !bytes.windows(10).any(|w| w == b"PhoneMaker"),
        "shown without its EXIF"
    );
    let (_, listed) = visitor
        .get_json(&format!("/api/v1/ocop/products/{}/photos", r.tea))
        .await;
    assert_eq!(listed[0]["file_name"], "doi-che.png");

    // A second product: each product's page names the other, and the cooperative's page lists both.
    let (_, rice) = r
        .manager
        .post_json(
            "/api/v1/ocop/products",
            &json!({"organisation_id": r.htx, "name": "Chè móc câu", "product_group": "drinks"}),
        )
        .await;
    let (_, page) = visitor.get_html(&format!("/ocop/products/{}", rice["id"])).await;
    assert!(
        page.contains("Sản phẩm khác của chủ thể") && page.contains("Chè búp Tân Cương"),
        "{page}"
    );
    let (_, page) = visitor.get_html(&format!("/organisations/{}", r.htx)).await;
    assert!(
        page.contains("Sản phẩm tham gia Chương trình OCOP (2)") && page.contains("Chè móc câu"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"tel:02083852111\">0208 3852 111</a>"),
        "the producer's number to call: {page}"
    );

    // The producer removes the photo, once asked.
    let remove = format!("/ocop/files/{}/remove", shown[0]);
    assert_eq!(
        r.stranger
            .post_form(&remove, &[("confirmed", "yes")])
            .await
            .status(),
        403
    );
    let removed = r.manager.post_form(&remove, &[("confirmed", "yes")]).await;
    assert_eq!(removed.status(), 303);
    assert_eq!(
        visitor.get_file(&format!("/ocop/files/{}", shown[0])).await.0,
        404
    );
    let trail = r.app.trail("entity=ocop_file").await;
    assert_eq!(trail.last().map(|e| e.1.as_str()), Some("delete"));
    let (status, body) = r.stranger.get_json("/api/v1/ocop/files/999999").await;
    assert_eq!((status, field_codes(&body)), (404, vec![]));
    r.app.stop().await;
}
