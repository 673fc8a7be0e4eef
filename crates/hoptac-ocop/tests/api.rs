//! The OCOP programme through the API: a subject registers and self-assesses a product, an officer
//! runs a round with a council of two, the decision issues a certificate anyone can verify, and
//! time runs on to the expiry notice and the day the certificate stops counting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use hoptac_core::testing::FakeSmtp;
use hoptac_ocop::notices;
use hoptac_web::testing::{cooperative, person, Browser, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// The areas these tests run.
fn areas() -> Vec<hoptac_web::Area> {
    vec![hoptac_registry::web::area(), hoptac_ocop::web::area()]
}

fn fields(body: &Value) -> Vec<(String, String)> {
    body["error"]["fields"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A council member's sheet on the card by parts.
async fn score(b: &Browser, application: i64, a: u32, b_points: u32, c: u32) -> (u16, Value) {
    let path = format!("/api/v1/ocop/applications/{application}/sheet");
    b.send_json(
        Method::PUT,
        &path,
        &json!({"points": {"A": a, "B": b_points, "C": c}}),
    )
    .await
}

/// The item of a JSON list with this id.
fn with_id(list: &Value, id: i64) -> Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
        .clone()
}

fn pair(field: &str, code: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), code.to_owned())]
}

#[tokio::test]
async fn a_round_from_self_assessment_to_a_verified_certificate_and_its_expiry() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let mut subject = cooperative();
    subject["email"] = json!("htx.tienlinh@example.vn");
    let (_, htx) = app.post_json("/api/v1/organisations", &subject).await;
    let htx = htx["id"].as_i64().unwrap();
    let mut other = cooperative();
    other["name"] = json!("HTX Hoàn Kiếm");
    other["tax_code"] = Value::Null;
    other["commune_era"] = json!("2025");
    other["commune"] = json!("00070");
    let (_, other) = app.post_json("/api/v1/organisations", &other).await;
    let other = other["id"].as_i64().unwrap();

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
        Some(json!({"role": "manager", "organisation_id": other})),
    )
    .await;
    let first = person(&app, "thanhvien1", None).await;
    let second = person(&app, "thanhvien2", None).await;

    // The subject registers its products; someone else's manager cannot.
    let tea = json!({"organisation_id": htx, "name": "Chè búp Tân Cương", "product_group": "drinks",
                     "has_quality_declaration": true, "ip_protection": "collective_mark"});
    let (status, body) = stranger.post_json("/api/v1/ocop/products", &tea).await;
    assert_eq!(
        (status, fields(&body)),
        (422, pair("organisation_id", "outside_scope"))
    );
    let (status, body) = app.browser().post_json("/api/v1/ocop/products", &tea).await;
    assert_eq!(status, 401, "{body}");
    let (status, body) = manager.post_json("/api/v1/ocop/products", &tea).await;
    assert_eq!(status, 201, "{body}");
    let tea = body["id"].as_i64().unwrap();
    assert_eq!(body["stars"], Value::Null);
    let (_, rice) = manager
        .post_json(
            "/api/v1/ocop/products",
            &json!({"organisation_id": htx, "name": "Gạo Bao thai", "product_group": "food"}),
        )
        .await;
    let rice = rice["id"].as_i64().unwrap();

    // Self-assessment on Decision 148's card by parts: a score above a part's maximum is named.
    let (status, card) = manager
        .get_json(&format!("/api/v1/ocop/products/{tea}/scorecard"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(card["card"]["criteria"].as_array().unwrap().len(), 3);
    let path = format!("/api/v1/ocop/products/{tea}/self-assessment");
    let (status, body) = manager
        .post_json(&path, &json!({"points": {"A": 41, "B": 20, "C": 20}}))
        .await;
    assert_eq!((status, fields(&body)), (422, pair("points.A", "above_max")));
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Tiêu chí A: vượt điểm tối đa 40"));
    let (status, body) = manager
        .post_json(&path, &json!({"points": {"A": 30, "B": 18, "C": 20}}))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["rating"]["stars"], 3);
    assert_eq!(body["next_star"]["stars"], 4);
    assert_eq!(body["next_star"]["points_needed"], 2);
    assert_eq!(stranger.get_json(&path).await.0, 404);

    // The officer opens a round; a manager cannot.
    let round = json!({"province": "19", "name": "Đợt 2 năm 2026", "opened_on": "2026-11-01"});
    assert_eq!(manager.post_json("/api/v1/ocop/rounds", &round).await.0, 403);
    let (status, body) = officer.post_json("/api/v1/ocop/rounds", &round).await;
    assert_eq!(status, 201, "{body}");
    let round = body["id"].as_i64().unwrap();

    // Applications.
    let apply = format!("/api/v1/ocop/rounds/{round}/applications");
    let (status, body) = manager
        .post_json(&apply, &json!({"product_id": tea, "kind": "first"}))
        .await;
    assert_eq!(status, 201, "{body}");
    let tea_app = body["id"].as_i64().unwrap();
    let (status, body) = manager
        .post_json(&apply, &json!({"product_id": tea, "kind": "first"}))
        .await;
    assert_eq!(
        (status, fields(&body)),
        (409, pair("product_id", "already_applied"))
    );
    let (status, body) = manager
        .post_json(&apply, &json!({"product_id": 999_999, "kind": "first"}))
        .await;
    assert_eq!(
        (status, fields(&body)),
        (422, pair("product_id", "unknown_product"))
    );
    let (status, body) = officer
        .post_json(&apply, &json!({"product_id": rice, "kind": "first"}))
        .await;
    assert_eq!(status, 201, "{body}");
    let rice_app = body["id"].as_i64().unwrap();

    // The council: two members, scoring independently.
    let council = format!("/api/v1/ocop/rounds/{round}/council");
    for member in ["thanhvien1", "thanhvien2"] {
        let (status, body) = officer.post_json(&council, &json!({"username": member})).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["role"], "evaluator");
    }
    // The council's seats are named by their round and lie in its province.
    let (status, seats) = officer.get_json(&council).await;
    assert_eq!(status, 200, "{seats}");
    let seats = seats.as_array().unwrap();
    assert_eq!(seats.len(), 2);
    assert!(
        seats.iter().all(|s| s["scope_name"] == "Đợt 2 năm 2026"),
        "{seats:?}"
    );
    assert_eq!(
        manager
            .post_json(&council, &json!({"username": "giamdoc"}))
            .await
            .0,
        403
    );
    assert_eq!(score(&manager, tea_app, 30, 20, 25).await.0, 403);
    let (status, body) = score(&first, tea_app, 30, 20, 25).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["points"]["A"], 30);
    assert_eq!(score(&second, tea_app, 28, 18, 24).await.0, 200);
    let (status, mine) = first.get_json(&apply).await;
    assert_eq!(status, 200);
    let mine_tea = with_id(&mine, tea_app);
    assert_eq!(
        (mine_tea["own_total"].clone(), mine_tea["assessment"].clone()),
        (json!(75), Value::Null)
    );
    let (_, seen) = officer.get_json(&apply).await;
    let seen_tea = with_id(&seen, tea_app);
    assert_eq!(seen_tea["assessment"]["score"], 72.5);
    assert_eq!(seen_tea["assessment"]["consolidated"]["lowest"], 70);
    assert_eq!(seen_tea["assessment"]["consolidated"]["highest"], 75);
    assert_eq!(seen_tea["assessment"]["rating"]["stars"], 4);
    assert_eq!(manager.get_json(&apply).await.0, 403);

    // The decision: refused while the rice is unscored, with nothing written.
    let decision = format!("/api/v1/ocop/rounds/{round}/decision");
    let body = json!({"number": "2150/QĐ-UBND", "date": "2026-11-22", "signer": "Phó Chủ tịch UBND tỉnh",
                      "certificates": [{"application_id": tea_app, "number": "15/2026/OCOP-TN"}]});
    let (status, refused) = officer.post_json(&decision, &body).await;
    assert_eq!(
        (status, fields(&refused)),
        (422, pair("round", "unscored_applications"))
    );
    assert!(refused["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Gạo Bao thai"));
    assert_eq!(
        app.get_json(&format!("/api/v1/ocop/rounds/{round}")).await.1["decision_number"],
        Value::Null
    );
    assert_eq!(score(&first, rice_app, 20, 10, 15).await.0, 200);
    assert_eq!(manager.post_json(&decision, &body).await.0, 403);
    let (status, decided) = officer.post_json(&decision, &body).await;
    assert_eq!(status, 201, "{decided}");
    assert_eq!(decided["decision_number"], "2150/QĐ-UBND");
    let summary = &decided["summary"][0];
    assert_eq!(summary["kind"], "first");
    assert_eq!(summary["submitted"], 2);
    assert_eq!(
        summary["succeeded"],
        json!([{"from_stars": null, "stars": 4, "count": 1}])
    );
    assert_eq!(summary["not_recognised"], 1);
    // After the decision nothing more is scored, and results are public.
    assert_eq!(score(&first, rice_app, 40, 25, 35).await.0, 409);
    let (status, public) = app.browser().get_json(&apply).await;
    assert_eq!(status, 200);
    assert!(public
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["assessment"].is_null()));

    // The product holds four stars; anyone verifies its certificate.
    let (_, product) = app
        .browser()
        .get_json(&format!("/api/v1/ocop/products/{tea}"))
        .await;
    assert_eq!(product["stars"], 4);
    let certificate = &product["certificates"][0];
    assert_eq!(certificate["number"], "15/2026/OCOP-TN");
    assert_eq!(certificate["expires_on"], "2029-11-22");
    let verify = format!(
        "/api/v1/ocop/certificates/verify/{}",
        certificate["verification_code"].as_str().unwrap()
    );
    let (status, verified) = app.browser().get_json(&verify).await;
    assert_eq!((status, verified["state"].clone()), (200, json!("valid")));
    assert_eq!(verified["product_name"], "Chè búp Tân Cương");
    assert_eq!(
        app.browser()
            .get_json("/api/v1/ocop/certificates/verify/khongcoma")
            .await
            .0,
        404
    );
    let (_, listed) = app
        .browser()
        .get_json("/api/v1/ocop/products?stars=4&q=che%20tan%20cuong")
        .await;
    assert_eq!(listed["total"], 1);

    // Thirty days before expiry the subject is told; on the day the product stops counting.
    let notice_day = Utc.with_ymd_and_hms(2029, 10, 23, 3, 0, 0).unwrap();
    app.clock.set(notice_day);
    // The hourly run writes the notice and e-mails it; a mail server that refuses leaves it for
    // the next run, which sends it once.
    let refusing = FakeSmtp::start(false).await.unwrap();
    let run = notices::run_notices(&app.db.db, Some(&refusing.settings()), &app.clock, None)
        .await
        .unwrap();
    assert_eq!(
        run,
        notices::NoticeRun {
            created: 1,
            emailed: 0,
            failed: 1
        }
    );
    let accepting = FakeSmtp::start(true).await.unwrap();
    let public = Some("https://ocop.example.vn");
    let run = notices::run_notices(&app.db.db, Some(&accepting.settings()), &app.clock, public)
        .await
        .unwrap();
    assert_eq!(
        run,
        notices::NoticeRun {
            created: 0,
            emailed: 1,
            failed: 0
        }
    );
    let mail = accepting.received().await;
    assert!(mail.contains("RCPT TO:<htx.tienlinh@example.vn>"), "{mail}");
    assert!(mail.contains("15/2026/OCOP-TN"), "{mail}");
    let run = notices::run_notices(&app.db.db, Some(&accepting.settings()), &app.clock, public)
        .await
        .unwrap();
    assert_eq!(run, notices::NoticeRun::default(), "nothing is sent twice");
    // Three years on, the sessions have expired.
    manager
        .sign_in_as("giamdoc", hoptac_web::testing::PERSON_PASSWORD)
        .await;
    stranger
        .sign_in_as("hoankiem", hoptac_web::testing::PERSON_PASSWORD)
        .await;
    let (_, mine) = manager.get_json("/api/v1/ocop/notices").await;
    assert_eq!(mine[0]["product_name"], "Chè búp Tân Cương");
    assert_eq!(stranger.get_json("/api/v1/ocop/notices").await.1, json!([]));
    // The manager's home page asks for re-recognition, once for the certificate.
    let (_, home) = manager.get_html("/").await;
    assert_eq!(
        home.matches(&format!("<a href=\"/ocop/products/{tea}#apply\">Giấy chứng nhận"))
            .count(),
        1,
        "{home}"
    );
    assert!(!stranger
        .get_html("/")
        .await
        .1
        .contains(&format!("/ocop/products/{tea}#apply")));
    // Once re-recognition is applied for, the notice has been answered: it asks no more.
    officer
        .sign_in_as("lienminh", hoptac_web::testing::PERSON_PASSWORD)
        .await;
    let (status, again) = officer
        .post_json(
            "/api/v1/ocop/rounds",
            &json!({"province": "19", "name": "Đợt 3 năm 2029", "opened_on": "2029-10-23"}),
        )
        .await;
    assert_eq!(status, 201, "{again}");
    let (status, applied) = manager
        .post_json(
            &format!("/api/v1/ocop/rounds/{}/applications", again["id"]),
            &json!({"product_id": tea.to_string(), "kind": "rerecognition"}),
        )
        .await;
    assert_eq!(status, 201, "{applied}");
    assert!(!manager
        .get_html("/")
        .await
        .1
        .contains(&format!("/ocop/products/{tea}#apply")));
    assert_eq!(manager.get_json("/api/v1/ocop/notices").await.1, json!([]));
    let withdraw = format!("/api/v1/ocop/applications/{}/withdraw", applied["id"]);
    assert_eq!(manager.post_json(&withdraw, &json!({})).await.0, 204);
    assert!(manager
        .get_html("/")
        .await
        .1
        .contains(&format!("/ocop/products/{tea}#apply")));
    // Withdrawn, it may come back to the same round while it receives applications.
    let (status, again_applied) = manager
        .post_json(
            &format!("/api/v1/ocop/rounds/{}/applications", again["id"]),
            &json!({"product_id": tea.to_string(), "kind": "rerecognition"}),
        )
        .await;
    assert_eq!(
        (status, &again_applied["id"]),
        (201, &applied["id"]),
        "{again_applied}"
    );
    assert_eq!(again_applied["withdrawn_on"], Value::Null);
    assert!(!manager
        .get_html("/")
        .await
        .1
        .contains(&format!("/ocop/products/{tea}#apply")));
    assert_eq!(app.browser().get_json(&verify).await.1["state"], "expiring_soon");
    app.clock
        .set(Utc.with_ymd_and_hms(2029, 11, 22, 3, 0, 0).unwrap());
    assert_eq!(app.browser().get_json(&verify).await.1["state"], "expired");
    let (_, product) = app
        .browser()
        .get_json(&format!("/api/v1/ocop/products/{tea}"))
        .await;
    assert_eq!(product["stars"], Value::Null);
    let (_, listed) = app
        .browser()
        .get_json("/api/v1/ocop/products?certified=true")
        .await;
    assert_eq!(listed["total"], 0);
    app.stop().await;
}

/// An OCOP product carries a version: an edit from an older one is refused (409) through the API
/// and the form, which shows both versions; the product's history names only its own fields.
#[tokio::test]
async fn a_stale_edit_of_a_product_is_refused() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, htx) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let htx = htx["id"].as_i64().unwrap();
    let tea = |name: &str| json!({"organisation_id": htx, "name": name, "product_group": "drinks"});
    let (status, body) = app
        .post_json("/api/v1/ocop/products", &tea("Chè búp Tân Cương"))
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_i64().unwrap();
    let path = format!("/api/v1/ocop/products/{id}");
    let r = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.headers()["etag"], "\"1\"");
    let save = |name: &str| {
        app.client
            .put(app.url(&path))
            .header("if-match", "\"1\"")
            .json(&tea(name))
            .send()
    };
    let r = save("Chè móc câu Tân Cương").await.unwrap();
    assert_eq!(
        (r.status().as_u16(), r.headers()["etag"].to_str().unwrap()),
        (200, "\"2\"")
    );
    let r = save("Chè nõn Tân Cương").await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(fields(&r.json().await.unwrap()), pair("version", "stale"));
    let htx_text = htx.to_string();
    let r = app
        .post_form(
            &format!("/ocop/products/{id}/edit"),
            &[
                ("version", "1"),
                ("organisation_id", &htx_text),
                ("name", "Chè nõn Tân Cương"),
                ("product_group", "drinks"),
            ],
        )
        .await;
    assert_eq!(r.status(), 409);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("<td>Chè móc câu Tân Cương</td><td>Chè nõn Tân Cương</td>"),
        "{html}"
    );
    assert!(html.contains("name=\"version\" value=\"2\""), "{html}");
    assert_eq!(app.get_json(&path).await.1["name"], "Chè móc câu Tân Cương");
    // The edit's trail names the field that changed, and no column of the list's view.
    let (_, history) = app
        .get_json(&format!("/api/v1/organisations/{htx}/history"))
        .await;
    let edit = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entity"] == "ocop_product" && e["action"] == "update")
        .unwrap()
        .clone();
    let changed: Vec<&str> = edit["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["name"], "{edit}");
    app.stop().await;
}
