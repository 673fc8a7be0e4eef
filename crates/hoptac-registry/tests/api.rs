//! The JSON API against a running server.

use hoptac_core::Context;
use hoptac_web::testing::{cooperative, field_codes, person, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

/// The areas these tests run: the registry alone.
fn areas() -> Vec<hoptac_web::Area> {
    vec![hoptac_registry::web::area()]
}

#[tokio::test]
async fn writes_need_a_session() {
    let app = TestApp::spawn(areas()).await;
    let (status, body) = app.post_json("/api/v1/organisations", &cooperative()).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthenticated");
    let (status, _) = app.get_json("/api/v1/auth/me").await;
    assert_eq!(status, 401);
    let (status, body) = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": "officer", "password": "wrong one"}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    app.sign_in().await;
    let (status, me) = app.get_json("/api/v1/auth/me").await;
    assert_eq!((status, me["username"].as_str()), (200, Some("officer")));
    let r = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (status, _) = app.post_json("/api/v1/organisations", &cooperative()).await;
    assert_eq!(status, 401, "a closed session no longer writes");
    app.stop().await;
}

#[tokio::test]
async fn an_organisation_from_create_to_count() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let r = app
        .client
        .post(app.url("/api/v1/organisations"))
        .json(&cooperative())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let created: Value = r.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/organisations/{id}"));
    assert_eq!(created["province_code"], "19");
    assert_eq!(created["old_province_code"], "06");
    assert_eq!(created["old_province_name"], "Tỉnh Bắc Kạn");
    assert_eq!(created["statuses"][0]["status"], "active");
    assert_eq!(created["compliance"][0]["code"], "too_few_members");

    let (_, found) = app.get_json("/api/v1/organisations?q=htx%20tien%20linh").await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["name"], "HTX Tiến Linh");
    for (query, expected) in [
        ("province=19", 1),
        ("old_province=06", 1),
        ("province=06", 0),
        ("kind=htx&new_model=true", 1),
        ("kind=tht", 0),
        ("sector=agriculture&founded_year=2022", 1),
        ("commune=01834&commune_era=2008", 1),
    ] {
        let (status, page) = app.get_json(&format!("/api/v1/organisations?{query}")).await;
        assert_eq!((status, page["total"].as_i64()), (200, Some(expected)), "{query}");
    }

    let mut edit = cooperative();
    edit["short_name"] = json!("Tiến Linh");
    edit["sectors"] = json!(["agriculture", "trade_services"]);
    let (status, updated) = app
        .send_json(Method::PUT, &format!("/api/v1/organisations/{id}"), &edit)
        .await;
    assert_eq!(status, 200);
    assert_eq!(updated["sectors"], json!(["agriculture", "trade_services"]));

    let (status, _) = app
        .post_json(
            &format!("/api/v1/organisations/{id}/statuses"),
            &json!({"status": "suspended", "effective_date": "2023-05-01", "reason": "thiếu vốn"}),
        )
        .await;
    assert_eq!(status, 201);
    let count = |on: &'static str| {
        let app = &app;
        async move {
            let (_, body) = app
                .get_json(&format!(
                    "/api/v1/organisations/count?kind=htx&status=active&on={on}"
                ))
                .await;
            body["count"].as_i64().unwrap()
        }
    };
    assert_eq!(count("2022-12-31").await, 1);
    assert_eq!(count("2023-12-31").await, 0);
    let (status, body) = app.get_json("/api/v1/organisations/count?on=31-12-22").await;
    assert_eq!(status, 422);
    assert_eq!(field_codes(&body), vec![("on".into(), "invalid_date".into())]);
    app.stop().await;
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let mut bad = cooperative();
    bad["tax_code"] = json!("0101248142");
    bad["founding_date"] = json!("2030-01-01");
    bad["name"] = json!("x".repeat(256));
    let (status, body) = app.post_json("/api/v1/organisations", &bad).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(
        field_codes(&body),
        vec![
            ("name".into(), "too_long".into()),
            ("tax_code".into(), "tax_code_check_digit".into()),
            ("founding_date".into(), "in_future".into()),
        ]
    );
    assert!(body["error"]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("Tên: dài quá 255"));

    let mut empty = cooperative();
    empty["name"] = json!("   ");
    let (_, body) = app.post_json("/api/v1/organisations", &empty).await;
    assert_eq!(field_codes(&body), vec![("name".into(), "required".into())]);

    let mut unknown = cooperative();
    unknown["commune"] = json!("99999");
    let (status, body) = app.post_json("/api/v1/organisations", &unknown).await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("commune".into(), "unknown_commune".into())])
    );

    let r = app
        .client
        .post(app.url("/api/v1/organisations"))
        .header("content-type", "application/json")
        .header("accept-language", "en")
        .body("{\"kind\": \"htx\", \"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(field_codes(&body), vec![("body".into(), "malformed".into())]);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Request body: the data sent could not be read"));

    let (_, page) = app.get_json("/api/v1/organisations").await;
    assert_eq!(page["total"], 0, "nothing half-written");

    assert_eq!(
        app.post_json("/api/v1/organisations", &cooperative()).await.0,
        201
    );
    let mut same_tax = cooperative();
    same_tax["name"] = json!("HTX Khác");
    let (status, body) = app.post_json("/api/v1/organisations", &same_tax).await;
    assert_eq!((status, body["error"]["code"].as_str()), (409, Some("conflict")));
    assert_eq!(
        field_codes(&body),
        vec![("tax_code".into(), "duplicate_tax_code".into())]
    );
    let (_, page) = app.get_json("/api/v1/organisations").await;
    assert_eq!(page["total"], 1);
    let (status, body) = app.get_json("/api/v1/organisations/999999").await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")));
    let (status, body) = app.get_json("/api/v1/no-such-thing").await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")));
    let (status, body) = app.get_json("/api/v1/organisations?kind=bank&per_page=0").await;
    assert_eq!(status, 422);
    assert_eq!(
        field_codes(&body),
        vec![
            ("kind".into(), "invalid_choice".into()),
            ("per_page".into(), "invalid_number".into())
        ]
    );
    app.stop().await;
}

#[tokio::test]
async fn members_and_yearly_figures() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = org["id"].as_i64().unwrap();
    let members = format!("/api/v1/organisations/{id}/members");
    let member = |name: &str, capital: i64| {
        json!({"kind": "person", "full_name": name, "membership": "official", "joined_on": "2022-04-01",
               "birth_date": "1980-01-01", "capital_contribution": capital})
    };
    let (status, created) = app
        .post_json(&members, &member("Nguyễn Văn An", 100_000_000))
        .await;
    assert_eq!(status, 201);
    let member_id = created["id"].as_i64().unwrap();
    let (status, body) = app
        .post_json(&members, &member("Trần Văn Bình", 300_000_001))
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (
            422,
            vec![("capital_contribution".into(), "capital_cap_exceeded".into())]
        )
    );
    let (_, list) = app.get_json(&members).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    let mut left = member("Nguyễn Văn An", 100_000_000);
    left["left_on"] = json!("2024-06-30");
    let (status, updated) = app
        .send_json(Method::PUT, &format!("/api/v1/members/{member_id}"), &left)
        .await;
    assert_eq!((status, updated["left_on"].as_str()), (200, Some("2024-06-30")));
    let r = app
        .client
        .delete(app.url(&format!("/api/v1/members/{member_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (status, _) = app.get_json(&format!("/api/v1/members/{member_id}")).await;
    assert_eq!(status, 404);

    let figures = format!("/api/v1/organisations/{id}/figures");
    let year = json!({"year": 2024, "members": 12, "regular_workers": 8, "revenue": 2_500_000_000i64,
                      "profit": -30_000_000, "average_income": 72_000_000, "rating": "fair", "source": "BCTC 2024"});
    let (status, row) = app.post_json(&figures, &year).await;
    assert_eq!((status, row["profit"].as_i64()), (201, Some(-30_000_000)));
    let (status, body) = app.post_json(&figures, &year).await;
    assert_eq!(
        (status, field_codes(&body)),
        (409, vec![("year".into(), "duplicate_year".into())])
    );
    let mut next = year.clone();
    next["year"] = json!(2027);
    let (status, body) = app.post_json(&figures, &next).await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("year".into(), "year_out_of_range".into())])
    );
    let mut fix = year.clone();
    fix["revenue"] = json!("2.600.000.000");
    let (status, row) = app.send_json(Method::PUT, &format!("{figures}/2024"), &fix).await;
    assert_eq!((status, row["revenue"].as_i64()), (200, Some(2_600_000_000)));
    let r = app
        .client
        .delete(app.url(&format!("{figures}/2024")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let (_, rows) = app.get_json(&figures).await;
    assert_eq!(rows, json!([]));
    app.stop().await;
}

#[tokio::test]
async fn administrative_units_of_both_eras() {
    let app = TestApp::spawn(areas()).await;
    let (_, provinces) = app.get_json("/api/v1/admin-units/provinces").await;
    assert_eq!(provinces.as_array().unwrap().len(), 34);
    let (_, old) = app.get_json("/api/v1/admin-units/provinces?era=2008").await;
    let old = old.as_array().unwrap();
    assert_eq!(old.len(), 63);
    let bac_kan = old.iter().find(|p| p["code"] == "06").unwrap();
    assert_eq!(bac_kan["successor_code"], "19");
    let (_, communes) = app
        .get_json("/api/v1/admin-units/communes?era=2025&province=19")
        .await;
    assert!(communes
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["current_province_code"] == "19"));
    let (_, old_communes) = app
        .get_json("/api/v1/admin-units/communes?era=2008&province=06")
        .await;
    assert!(old_communes
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["current_province_code"] == "19"));
    let (status, body) = app
        .get_json("/api/v1/admin-units/communes?era=1999&province=19")
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("era".into(), "invalid_choice".into())])
    );
    // The refusal quotes what was asked, with the field's name.
    let (status, body) = app.get_json("/api/v1/admin-units/communes?province=zz").await;
    assert_eq!(status, 422);
    assert_eq!(
        body["error"]["fields"][0]["message"],
        "Tỉnh/thành phố (từ 1/7/2025): giá trị «zz» không có trong danh mục."
    );
    app.stop().await;
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_and_address() {
    /// Runs the futures at once and waits for all of them.
    async fn futures_join_all<F: std::future::Future + Send + 'static>(
        futures: impl Iterator<Item = F>,
    ) -> Vec<F::Output>
    where
        F::Output: Send + 'static,
    {
        let handles: Vec<_> = futures.map(tokio::spawn).collect();
        let mut outputs = Vec::new();
        for handle in handles {
            outputs.push(handle.await.unwrap());
        }
        outputs
    }

    let app = TestApp::spawn(areas()).await;
    let attempt = |username: &'static str, password: &'static str| {
        let browser = app.browser();
        async move {
            browser
                .post_json(
                    "/api/v1/auth/login",
                    &json!({"username": username, "password": password}),
                )
                .await
        }
    };
    // 50 wrong passwords at once: each attempt is counted before its password is checked, so only
    // the free ones are checked and the rest wait.
    let answers = futures_join_all((0..50).map(|_| attempt("officer", "not the password"))).await;
    let checked = answers.iter().filter(|(status, _)| *status == 401).count();
    let waiting = answers.iter().filter(|(status, _)| *status == 429).count();
    assert_eq!((checked, waiting), (5, 45));
    // Now even the right password waits from this address, and the answer says for how long.
    let (status, body) = attempt("officer", hoptac_web::testing::PASSWORD).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (429, Some("too_many_attempts"))
    );
    assert!(
        body["error"]["message"].as_str().unwrap().contains("1 phút"),
        "{body}"
    );
    // An account that does not exist is throttled the same way: the answer reveals nothing.
    for _ in 0..5 {
        assert_eq!(attempt("nobody", "x").await.0, 401);
    }
    assert_eq!(attempt("nobody", "x").await.0, 429);
    // The trail holds every checked attempt, and no more.
    hoptac_core::users::create(
        &app.db.db,
        "auditor",
        "Kiểm tra",
        "a long enough passphrase",
        true,
        hoptac_web::testing::now(),
    )
    .await
    .unwrap();
    app.clock
        .set(hoptac_web::testing::now() + chrono::Duration::minutes(20));
    app.sign_in_as("auditor", "a long enough passphrase").await;
    let trail = app.trail("entity=account").await;
    let count = |action: &str| trail.iter().filter(|(_, a, _)| a == action).count();
    assert_eq!((count("sign_in_failed"), count("sign_in")), (10, 1), "{trail:?}");
    // The sign-in page says the same in words.
    for _ in 0..6 {
        attempt("officer", "not the password").await;
    }
    let r = app
        .post_form(
            "/login",
            &[
                ("username", "officer"),
                ("password", hoptac_web::testing::PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(r.status(), 429);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Quá nhiều lần đăng nhập không thành công"));
    app.stop().await;
}

#[tokio::test]
async fn the_trail_through_the_api() {
    let app = TestApp::spawn(areas()).await;
    let (status, _) = app.get_json("/api/v1/audit").await;
    assert_eq!(status, 401);
    app.sign_in().await;
    let (_, org) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = org["id"].as_i64().unwrap();
    let mut edit = cooperative();
    edit["name"] = json!("HTX Tiến Linh Mới");
    app.send_json(Method::PUT, &format!("/api/v1/organisations/{id}"), &edit)
        .await;

    let (status, history) = app.get_json(&format!("/api/v1/organisations/{id}/history")).await;
    assert_eq!((status, history["total"].as_i64()), (200, Some(2)));
    let latest = &history["items"][0];
    assert_eq!(
        (latest["action"].as_str(), latest["actor"].as_str()),
        (Some("update"), Some("officer"))
    );
    assert_eq!(latest["address"], "127.0.0.1");
    assert_eq!(
        latest["changes"],
        json!([{"field": "name", "before": "HTX Tiến Linh", "after": "HTX Tiến Linh Mới"}])
    );

    let (status, trail) = app
        .get_json("/api/v1/audit?actor=officer&entity=organisation&from=2026-11-22&to=2026-11-22")
        .await;
    assert_eq!((status, trail["total"].as_i64()), (200, Some(2)));
    let (status, body) = app.get_json("/api/v1/audit?from=yesterday").await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("from".into(), "invalid_date".into())])
    );

    // A user who is not an administrator is told the trail does not exist.
    hoptac_core::users::create(
        &app.db.db,
        "viewer",
        "",
        "a long enough password",
        false,
        hoptac_web::testing::now(),
    )
    .await
    .unwrap();
    let viewer = app.client();
    let r = viewer
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "viewer", "password": "a long enough password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = viewer.get(app.url("/api/v1/audit")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn personal_tokens_for_integrations() {
    let app = TestApp::spawn(areas()).await;
    let (status, _) = app
        .post_json("/api/v1/account/tokens", &json!({"name": "Kế toán"}))
        .await;
    assert_eq!(status, 401);
    app.sign_in().await;
    let (status, body) = app
        .post_json("/api/v1/account/tokens", &json!({"name": "  "}))
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("token_name".into(), "required".into())])
    );
    let (status, created) = app
        .post_json("/api/v1/account/tokens", &json!({"name": "Phần mềm kế toán"}))
        .await;
    assert_eq!(status, 201);
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(
        secret.starts_with("hoptac_") && created["prefix"].as_str().is_some_and(|p| secret.starts_with(p))
    );
    let (_, list) = app.get_json("/api/v1/account/tokens").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0].get("secret").is_none(), "a list never shows the secret");

    // Another program, with no cookies, writes with the token; the trail names the user.
    let program = app.client();
    let write = |token: String| {
        let program = program.clone();
        let url = app.url("/api/v1/organisations");
        async move {
            program
                .post(url)
                .bearer_auth(token)
                .json(&cooperative())
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(write(secret.clone()).await, 201);
    let (_, trail) = app
        .get_json("/api/v1/audit?actor=officer&entity=organisation")
        .await;
    assert_eq!(trail["total"], 1);
    assert_eq!(write("hoptac_not_a_token".into()).await, 401);

    let id = created["id"].as_i64().unwrap();
    let r = app
        .client
        .delete(app.url(&format!("/api/v1/account/tokens/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(write(secret).await, 401, "revoked from the next request on");
    let r = app
        .client
        .delete(app.url(&format!("/api/v1/account/tokens/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "already revoked");
    app.stop().await;
}

#[tokio::test]
async fn changing_the_password_closes_other_sessions() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let other = app.client();
    let r = other
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": hoptac_web::testing::USERNAME, "password": hoptac_web::testing::PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let change = |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let (status, body) = app
        .post_json(
            "/api/v1/account/password",
            &change("wrong", "a brand new passphrase"),
        )
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("current_password".into(), "wrong_password".into())])
    );
    let (status, body) = app
        .post_json(
            "/api/v1/account/password",
            &change(hoptac_web::testing::PASSWORD, "short"),
        )
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("new_password".into(), "password_too_short".into())])
    );
    let (status, _) = app
        .post_json(
            "/api/v1/account/password",
            &change(hoptac_web::testing::PASSWORD, "a brand new passphrase"),
        )
        .await;
    assert_eq!(status, 204);
    let (status, _) = app.get_json("/api/v1/auth/me").await;
    assert_eq!(status, 200, "the session that changed it stays");
    let r = other.get(app.url("/api/v1/auth/me")).send().await.unwrap();
    assert_eq!(r.status(), 401, "the other session is closed");
    let (status, _) = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": hoptac_web::testing::USERNAME, "password": hoptac_web::testing::PASSWORD}),
        )
        .await;
    assert_eq!(status, 401, "the old password no longer works");
    app.stop().await;
}

#[tokio::test]
async fn members_are_not_published() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = org["id"].as_i64().unwrap();
    let member = json!({"kind": "person", "full_name": "Nguyễn Văn An", "membership": "official",
                        "joined_on": "2022-04-01", "id_number": "001089012345", "birth_date": "1980-01-01"});
    let (_, created) = app
        .post_json(&format!("/api/v1/organisations/{id}/members"), &member)
        .await;
    let visitor = app.client();
    for path in [
        format!("/api/v1/organisations/{id}/members"),
        format!("/api/v1/members/{}", created["id"]),
    ] {
        let r = visitor.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path}");
    }
    let html = visitor
        .get(app.url(&format!("/organisations/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Nguyễn Văn An") && !html.contains("001089012345"));
    assert!(html.contains("Danh sách thành viên chỉ hiện với người được giao quản lý tổ chức này."));
    let (_, listed) = app.get_json(&format!("/api/v1/organisations/{id}/members")).await;
    assert_eq!(
        listed["items"][0]["id_number"], "001089012345",
        "a signed-in officer sees them"
    );
    app.stop().await;
}

#[tokio::test]
async fn accounts_by_invitation_and_reset_links() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (status, body) = app
        .post_json("/api/v1/invitations", &json!({"contact": "not contact"}))
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("contact".into(), "invalid_contact".into())])
    );
    let (status, issued) = app
        .post_json(
            "/api/v1/invitations",
            &json!({"contact": "giamdoc@htx.vn", "display_name": "Giám đốc HTX"}),
        )
        .await;
    assert_eq!(status, 201);
    let link = issued["link"].as_str().unwrap().to_owned();
    let secret = link.trim_start_matches("/invite/").to_owned();

    let newcomer = app.client();
    let accept = |secret: String, username: &'static str, password: &'static str| {
        let client = newcomer.clone();
        let url = app.url("/api/v1/invitations/accept");
        async move {
            let r = client
                .post(url)
                .json(&json!({"secret": secret, "username": username, "password": password}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<serde_json::Value>().await.unwrap_or_default())
        }
    };
    let (status, body) = accept(secret.clone(), "giamdoc", "short").await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("password".into(), "password_too_short".into())])
    );
    let (status, body) = accept(secret.clone(), "officer", "a long enough passphrase").await;
    assert_eq!(
        (status, field_codes(&body)),
        (409, vec![("username".into(), "username_taken".into())])
    );
    let (status, me) = accept(secret.clone(), "giamdoc", "a long enough passphrase").await;
    assert_eq!(
        (status, me["display_name"].as_str(), me["is_admin"].as_bool()),
        (201, Some("Giám đốc HTX"), Some(false))
    );
    let r = newcomer.get(app.url("/api/v1/auth/me")).send().await.unwrap();
    assert_eq!(r.status(), 200, "signed in on accepting");
    // Used once: the same link, an unknown one and an expired one all get the same answer.
    let (status, body) = accept(secret, "giamdoc2", "a long enough passphrase").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("link_not_valid"))
    );
    let (status, _) = accept("0".repeat(64), "x.y", "a long enough passphrase").await;
    assert_eq!(status, 404);
    let admin = hoptac_core::audit::Actor::system("officer");
    let long_ago = hoptac_web::testing::now() - chrono::Duration::days(8);
    let no_role = Default::default();
    let (_, expired) = hoptac_core::invitations::invite(
        &Context::at(&app.db.db, &admin, long_ago),
        "0912345678",
        "",
        &no_role,
    )
    .await
    .unwrap();
    let (status, _) = accept(expired, "late.user", "a long enough passphrase").await;
    assert_eq!(status, 404);

    // The newcomer is not an administrator: account management does not exist for them.
    let r = newcomer
        .post(app.url("/api/v1/invitations"))
        .json(&json!({"contact": "a@b.vn"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // A reset link sets a new password and closes the user's sessions.
    let new_id = me["id"].as_i64().unwrap();
    let (status, reset) = app
        .post_json(&format!("/api/v1/users/{new_id}/password-reset"), &json!({}))
        .await;
    assert_eq!(status, 201);
    let secret = reset["link"]
        .as_str()
        .unwrap()
        .trim_start_matches("/invite/")
        .to_owned();
    let r = app
        .client()
        .post(app.url("/api/v1/invitations/accept"))
        .json(&json!({"secret": secret, "password": "another long passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = newcomer.get(app.url("/api/v1/auth/me")).send().await.unwrap();
    assert_eq!(r.status(), 401, "the old session is closed");
    let (status, _) = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"username": "giamdoc", "password": "another long passphrase"}),
        )
        .await;
    assert_eq!(status, 200);
    app.stop().await;
}

/// Dates as people type them and pages counted from 1, with messages that say what is wrong.
#[tokio::test]
async fn dates_and_pages_as_people_type_them() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (status, _) = app.post_json("/api/v1/organisations", &cooperative()).await;
    assert_eq!(status, 201);
    let (_, iso) = app.get_json("/api/v1/organisations/count?on=2022-12-31").await;
    let (status, typed) = app.get_json("/api/v1/organisations/count?on=31/12/2022").await;
    assert_eq!((status, &typed), (200, &iso));
    let (status, body) = app.get_json("/api/v1/organisations?per_page=0").await;
    assert_eq!(status, 422);
    assert_eq!(
        body["error"]["fields"][0]["message"],
        "Số dòng mỗi trang: phải là số nguyên từ 1 trở lên."
    );
    let (status, _) = app.get_json("/api/v1/audit?from=01/01/2026").await;
    assert_eq!(status, 200);
    app.stop().await;
}

#[tokio::test]
async fn a_new_password_ends_tokens_and_every_account_event_is_on_the_trail() {
    /// A new API token of the signed-in `browser`: its id and secret.
    async fn new_token(browser: &hoptac_web::testing::Browser, name: &str) -> (i64, String) {
        let (status, created) = browser
            .post_json("/api/v1/account/tokens", &json!({"name": name}))
            .await;
        assert_eq!(status, 201, "{created}");
        (
            created["id"].as_i64().unwrap(),
            created["secret"].as_str().unwrap().to_owned(),
        )
    }

    /// Whether a program holding `secret` can still read the API.
    async fn token_works(app: &TestApp, secret: &str) -> bool {
        let r = app
            .client()
            .get(app.url("/api/v1/auth/me"))
            .bearer_auth(secret)
            .send()
            .await
            .unwrap();
        r.status() == 200
    }

    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let clerk = hoptac_web::testing::person(&app, "clerk", None).await;
    // A password change revokes the tokens unless the person keeps them.
    let (_, kept) = new_token(&clerk, "kept").await;
    let change = |keep: bool, from: &str, to: &str| json!({"current_password": from, "new_password": to, "keep_tokens": keep});
    let (status, _) = clerk
        .post_json(
            "/api/v1/account/password",
            &change(true, hoptac_web::testing::PERSON_PASSWORD, "second passphrase"),
        )
        .await;
    assert_eq!(status, 204);
    assert!(token_works(&app, &kept).await, "kept by choice");
    let (status, _) = clerk
        .post_json(
            "/api/v1/account/password",
            &change(false, "second passphrase", "third passphrase"),
        )
        .await;
    assert_eq!(status, 204);
    assert!(!token_works(&app, &kept).await, "ended with the password");
    // So does a reset by an administrator, once the link is used.
    let (revoked_id, revoked) = new_token(&clerk, "revoked").await;
    let (status, _) = clerk
        .send_json(
            Method::DELETE,
            &format!("/api/v1/account/tokens/{revoked_id}"),
            &Value::Null,
        )
        .await;
    assert_eq!(status, 204);
    let (_, survivor) = new_token(&clerk, "before the reset").await;
    assert!(!token_works(&app, &revoked).await);
    let (_, me) = clerk.get_json("/api/v1/auth/me").await;
    let clerk_id = me["id"].as_i64().unwrap();
    let (status, link) = app
        .post_json(&format!("/api/v1/users/{clerk_id}/password-reset"), &json!({}))
        .await;
    assert_eq!(status, 201, "{link}");
    let secret = link["link"]
        .as_str()
        .unwrap()
        .trim_start_matches("/invite/")
        .to_owned();
    assert!(
        token_works(&app, &survivor).await,
        "a reset link alone changes nothing"
    );
    let (status, _) = app
        .browser()
        .post_json(
            "/api/v1/invitations/accept",
            &json!({"secret": secret, "password": "fourth passphrase"}),
        )
        .await;
    assert_eq!(status, 201);
    assert!(!token_works(&app, &survivor).await, "ended with the reset");
    // An invitation issued and accepted.
    let (status, invitation) = app
        .post_json(
            "/api/v1/invitations",
            &json!({"contact": "new@example.vn", "display_name": "Người mới", "role": ""}),
        )
        .await;
    assert_eq!(status, 201, "{invitation}");
    let secret = invitation["link"]
        .as_str()
        .unwrap()
        .trim_start_matches("/invite/")
        .to_owned();
    let (status, _) = app
        .browser()
        .post_json(
            "/api/v1/invitations/accept",
            &json!({"secret": secret, "username": "nguoi.moi", "password": "a long enough passphrase"}),
        )
        .await;
    assert_eq!(status, 201);
    // Every one of these is on the trail, with who and what.
    let events: Vec<(String, String, String)> = app
        .trail("")
        .await
        .into_iter()
        .filter(|(_, _, entity)| entity != "organisation")
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("officer", "sign_in", "account"),
        ("clerk", "sign_in", "account"),
        ("clerk", "create", "api_token"),
        ("clerk", "password_change", "account"),
        ("clerk", "password_change", "account"),
        ("clerk", "create", "api_token"),
        ("clerk", "revoke", "api_token"),
        ("clerk", "create", "api_token"),
        ("officer", "create", "invitation"),
        ("clerk", "accept", "invitation"),
        ("officer", "create", "invitation"),
        ("nguoi.moi", "accept", "invitation"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(events, expected);
    app.stop().await;
}

/// A manager cannot move their cooperative out of the province officer's reach, nor change its
/// legal identity: the change waits as a proposal, the rest of the edit is saved, and an officer in
/// scope accepts it (only where they act) or rejects it with a reason.
#[tokio::test]
async fn a_manager_proposes_a_new_identity_and_an_officer_in_scope_decides() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, created) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = created["id"].as_i64().unwrap();
    let org = format!("/api/v1/organisations/{id}");
    let manager = person(
        &app,
        "giamdoc",
        Some(json!({"role": "manager", "organisation_id": id})),
    )
    .await;
    let officer = person(
        &app,
        "thainguyen",
        Some(json!({"role": "alliance_officer", "province": "19"})),
    )
    .await;
    let hanoi = person(
        &app,
        "hanoi",
        Some(json!({"role": "alliance_officer", "province": "01"})),
    )
    .await;

    // The manager moves it to Hà Nội, changes its tax code, and renames it.
    let mut moved = cooperative();
    moved["commune_era"] = json!("2025");
    moved["commune"] = json!("00070");
    moved["tax_code"] = json!("0300588569");
    moved["name"] = json!("HTX Tiến Linh Mới");
    let (status, detail) = manager.send_json(Method::PUT, &org, &moved).await;
    assert_eq!(status, 202, "{detail}");
    assert_eq!(
        detail["name"], "HTX Tiến Linh Mới",
        "the rest of the edit is saved"
    );
    assert_eq!(
        (detail["commune_code"].as_str(), detail["tax_code"].as_str()),
        (Some("01834"), Some("0101248141"))
    );
    assert_eq!(detail["identity_proposal"]["proposed"]["commune"], "00070");
    // It stays in the province officer's reach, and out of the other province's.
    assert_eq!(officer.get_json(&format!("{org}/members")).await.0, 200);
    assert_eq!(hanoi.get_json(&format!("{org}/members")).await.0, 404);
    let proposal = detail["identity_proposal"]["id"].as_i64().unwrap();
    let decide = |who: &str| format!("/api/v1/identity-proposals/{proposal}/{who}");
    // The officer finds it waiting on their home page; the manager and the other province do not.
    let waiting = format!("<a href=\"/organisations/{id}#proposal\">");
    let (_, home) = officer.get_html("/").await;
    assert!(
        home.contains(&waiting) && home.contains("(do giamdoc gửi)"),
        "{home}"
    );
    assert!(!manager.get_html("/").await.1.contains(&waiting));
    assert!(!hanoi.get_html("/").await.1.contains(&waiting));
    // The manager cannot accept it; the officer cannot accept a move out of their province.
    assert_eq!(manager.post_json(&decide("accept"), &json!({})).await.0, 403);
    let (status, body) = officer.post_json(&decide("accept"), &json!({})).await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("commune".into(), "outside_scope".into())])
    );
    // A rejection needs a reason.
    let (status, body) = officer
        .post_json(&decide("reject"), &json!({"reason": " "}))
        .await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("reason".into(), "required".into())])
    );
    assert_eq!(
        officer
            .post_json(
                &decide("reject"),
                &json!({"reason": "Chưa có giấy chứng nhận mới"})
            )
            .await
            .0,
        204
    );
    let (_, detail) = manager.get_json(&org).await;
    assert!(detail.get("identity_proposal").is_none(), "{detail}");

    // A move inside the province with a new tax code, proposed again and accepted.
    let mut within = detail.clone();
    within["commune_era"] = json!("2008");
    within["commune"] = json!("01837");
    within["tax_code"] = json!("0300588569");
    within["sectors"] = json!(["agriculture"]);
    let (status, detail) = manager.send_json(Method::PUT, &org, &within).await;
    assert_eq!(status, 202, "{detail}");
    let proposal = detail["identity_proposal"]["id"].as_i64().unwrap();
    let (status, body) = officer
        .post_json(
            &format!("/api/v1/identity-proposals/{proposal}/accept"),
            &json!({}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (_, detail) = officer.get_json(&org).await;
    assert_eq!(
        (detail["commune_code"].as_str(), detail["tax_code"].as_str()),
        (Some("01837"), Some("0300588569"))
    );
    assert!(detail.get("identity_proposal").is_none());
    // The officer's own move out of their province is refused too.
    let (status, body) = officer.send_json(Method::PUT, &org, &moved).await;
    assert_eq!(
        (status, field_codes(&body)),
        (422, vec![("commune".into(), "outside_scope".into())])
    );
    // Each step is on the organisation's history.
    let steps: Vec<(String, String, String)> = app
        .trail(&format!("organisation={id}&entity=identity_proposal"))
        .await;
    let actions: Vec<&str> = steps.iter().map(|(_, action, _)| action.as_str()).collect();
    assert_eq!(actions, ["create", "update", "create", "update"]);
    app.stop().await;
}

/// Two people save the same record from the same version: the second is refused (409) instead of
/// undoing the first; the form shows both versions and keeps what was typed.
#[tokio::test]
async fn a_stale_save_is_refused_and_both_versions_shown() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, created) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = created["id"].as_i64().unwrap();
    let org = format!("/api/v1/organisations/{id}");
    let r = app.client.get(app.url(&org)).send().await.unwrap();
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, "\"1\"");
    let save = |name: &str| {
        let mut edit = cooperative();
        edit["name"] = json!(name);
        app.client
            .put(app.url(&org))
            .header("if-match", etag.clone())
            .json(&edit)
            .send()
    };
    let first = save("HTX Tiến Linh A").await.unwrap();
    assert_eq!(
        (first.status().as_u16(), first.headers()["etag"].to_str().unwrap()),
        (200, "\"2\"")
    );
    let second = save("HTX Tiến Linh B").await.unwrap();
    assert_eq!(second.status(), 409);
    let body: Value = second.json().await.unwrap();
    assert_eq!(field_codes(&body), vec![("version".into(), "stale".into())]);
    assert_eq!(app.get_json(&org).await.1["name"], "HTX Tiến Linh A");
    // The form sent from version 1 comes back with both versions and what was typed.
    let mut fields = vec![
        ("version", "1"),
        ("kind", "htx"),
        ("name", "HTX Tiến Linh C"),
        ("founding_date", "2022-03-15"),
        ("sectors", "agriculture"),
        ("commune_era", "2008"),
        ("commune", "01834"),
        ("tax_code", "0101248141"),
    ];
    let r = app.post_form(&format!("/organisations/{id}/edit"), &fields).await;
    assert_eq!(r.status(), 409);
    let html = r.text().await.unwrap();
    assert!(html.contains("Hồ sơ vừa được người khác lưu"), "{html}");
    assert!(
        html.contains("<td>HTX Tiến Linh A</td><td>HTX Tiến Linh C</td>"),
        "{html}"
    );
    assert!(
        html.contains("name=\"version\" value=\"2\""),
        "saving again is from the saved version"
    );
    fields[0] = ("version", "2");
    let r = app.post_form(&format!("/organisations/{id}/edit"), &fields).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.get_json(&org).await.1["name"], "HTX Tiến Linh C");
    app.stop().await;
}

/// Twenty edits of one record at once: none fails, and each audit event's "before" is the record
/// as the previous edit left it.
#[tokio::test]
async fn simultaneous_edits_keep_an_unbroken_trail() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, created) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = created["id"].as_i64().unwrap();
    let edits: Vec<_> = (0..20)
        .map(|n| {
            let (client, url) = (
                app.client.clone(),
                app.url(&format!("/api/v1/organisations/{id}")),
            );
            let mut edit = cooperative();
            edit["name"] = json!(format!("HTX Tiến Linh {n}"));
            tokio::spawn(async move {
                client
                    .put(url)
                    .json(&edit)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    for edit in edits {
        assert_eq!(edit.await.unwrap(), 200);
    }
    let (_, history) = app
        .get_json(&format!("/api/v1/organisations/{id}/history?per_page=100"))
        .await;
    let mut events: Vec<&Value> = history["items"].as_array().unwrap().iter().collect();
    events.reverse();
    assert_eq!(events.len(), 21);
    for pair in events.windows(2) {
        let name_after = |e: &Value| {
            e["changes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["field"] == "name")
                .map(|c| c["after"].clone())
        };
        let name_before = pair[1]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == "name")
            .map(|c| c["before"].clone());
        assert_eq!(name_before, name_after(pair[0]), "{pair:?}");
    }
    app.stop().await;
}

/// A form sent twice (a double click) and an API call retried with its `Idempotency-Key` each make
/// one organisation; the repeat gets the first answer.
#[tokio::test]
async fn a_write_sent_twice_is_carried_out_once() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, form) = app.get_html("/organisations/new").await;
    let token = form
        .split("name=\"submission\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let fields = [
        ("submission", token.as_str()),
        ("kind", "htx"),
        ("name", "HTX Chè Tân Cương"),
        ("founding_date", "2022-03-15"),
        ("sectors", "agriculture"),
        ("commune_era", "2008"),
        ("commune", "01834"),
    ];
    let (first, second) = tokio::join!(
        app.post_form("/organisations", &fields),
        app.post_form("/organisations", &fields)
    );
    let location = |r: &reqwest::Response| r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        (first.status(), second.status()),
        (303.try_into().unwrap(), 303.try_into().unwrap())
    );
    assert_eq!(location(&first), location(&second));
    let (_, list) = app.get_json("/api/v1/organisations?q=tan+cuong").await;
    assert_eq!(list["total"], 1);

    let send = |key: &'static str| {
        let mut coop = cooperative();
        coop["tax_code"] = json!("0300588569");
        app.client
            .post(app.url("/api/v1/organisations"))
            .header("idempotency-key", key)
            .json(&coop)
            .send()
    };
    let first = send("them-2026-11-22-001").await.unwrap();
    assert_eq!(first.status(), 201);
    let id = first.json::<Value>().await.unwrap()["id"].clone();
    let again = send("them-2026-11-22-001").await.unwrap();
    assert_eq!(again.status(), 201, "the same answer, not a conflict");
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap()["id"], id);
    // A new key is a new request: this one meets the tax code in use.
    assert_eq!(send("them-2026-11-22-002").await.unwrap().status(), 409);
    let (_, list) = app.get_json("/api/v1/organisations?q=0300588569").await;
    assert_eq!(list["total"], 1);
    // The same key with other content is another request, carried out, not answered with the
    // first one's result.
    let mut other = cooperative();
    other["name"] = json!("HTX Khác");
    other.as_object_mut().unwrap().remove("tax_code");
    let r = app
        .client
        .post(app.url("/api/v1/organisations"))
        .header("idempotency-key", "them-2026-11-22-001")
        .json(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert!(r.headers().get("idempotent-replayed").is_none());
    assert_ne!(r.json::<Value>().await.unwrap()["id"], id);
    app.stop().await;
}

/// Lists by name follow Vietnamese alphabetical order on either engine: a ă â ... d đ, tones after
/// the letter, whatever order the records were made in.
#[tokio::test]
async fn names_are_listed_in_vietnamese_order() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    for name in ["Đông", "Em", "Ân", "Dương", "An", "Dũng", "Ăn"] {
        let mut coop = cooperative();
        coop["name"] = json!(format!("HTX {name}"));
        coop.as_object_mut().unwrap().remove("tax_code");
        let (status, body) = app.post_json("/api/v1/organisations", &coop).await;
        assert_eq!(status, 201, "{body}");
    }
    let (_, list) = app.get_json("/api/v1/organisations?sort=name").await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "HTX An",
            "HTX Ăn",
            "HTX Ân",
            "HTX Dũng",
            "HTX Dương",
            "HTX Đông",
            "HTX Em"
        ]
    );
    app.stop().await;
}

/// Members and yearly figures carry versions as organisations do: an edit or a deletion from an
/// older version is refused (409) through the API and the forms, and the form shows both versions.
#[tokio::test]
async fn stale_edits_of_members_and_figures_are_refused() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, created) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = created["id"].as_i64().unwrap();
    let send = |method: Method, path: String, version: &'static str, body: Option<Value>| {
        let request = app
            .client
            .request(method, app.url(&path))
            .header("if-match", version);
        match body {
            Some(body) => request.json(&body).send(),
            None => request.send(),
        }
    };

    // A member.
    let member = json!({"kind": "person", "full_name": "Lò Văn Sáng", "membership": "official",
                        "joined_on": "2023-01-05", "birth_date": "1979-06-01"});
    let (status, body) = app
        .post_json(&format!("/api/v1/organisations/{id}/members"), &member)
        .await;
    assert_eq!(status, 201, "{body}");
    let path = format!("/api/v1/members/{}", body["id"]);
    let r = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.headers()["etag"], "\"1\"");
    let renamed = |name: &str| {
        let mut m = member.clone();
        m["full_name"] = json!(name);
        Some(m)
    };
    let r = send(Method::PUT, path.clone(), "\"1\"", renamed("Lò Văn Sáng A"))
        .await
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), r.headers()["etag"].to_str().unwrap()),
        (200, "\"2\"")
    );
    let r = send(Method::PUT, path.clone(), "\"1\"", renamed("Lò Văn Sáng B"))
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(
        field_codes(&r.json().await.unwrap()),
        vec![("version".into(), "stale".into())]
    );
    let r = send(Method::DELETE, path.clone(), "\"1\"", None).await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(app.get_json(&path).await.1["full_name"], "Lò Văn Sáng A");
    let member_id = body["id"].as_i64().unwrap();
    let r = app
        .post_form(
            &format!("/members/{member_id}/edit"),
            &[
                ("version", "1"),
                ("kind", "person"),
                ("full_name", "Lò Văn Sáng C"),
                ("membership", "official"),
                ("joined_on", "05/01/2023"),
                ("birth_date", "01/06/1979"),
            ],
        )
        .await;
    assert_eq!(r.status(), 409);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("<td>Lò Văn Sáng A</td><td>Lò Văn Sáng C</td>"),
        "{html}"
    );
    assert!(html.contains("name=\"version\" value=\"2\""), "{html}");

    // A year's figures.
    let figures = format!("/api/v1/organisations/{id}/figures");
    let (status, body) = app
        .post_json(&figures, &json!({"year": 2024, "revenue": 1_200_000_000i64}))
        .await;
    assert_eq!((status, body["version"].as_i64()), (201, Some(1)), "{body}");
    let year = format!("{figures}/2024");
    let r = app.client.get(app.url(&year)).send().await.unwrap();
    assert_eq!(r.headers()["etag"], "\"1\"");
    let revenue = |amount: i64| Some(json!({"year": 2024, "revenue": amount}));
    let r = send(Method::PUT, year.clone(), "\"1\"", revenue(1_300_000_000))
        .await
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), r.headers()["etag"].to_str().unwrap()),
        (200, "\"2\"")
    );
    let r = send(Method::PUT, year.clone(), "\"1\"", revenue(1_400_000_000))
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let r = app
        .post_form(
            &format!("/organisations/{id}/figures/2024/edit"),
            &[("version", "1"), ("year", "2024"), ("revenue", "1.500.000.000")],
        )
        .await;
    assert_eq!(r.status(), 409);
    let html = r.text().await.unwrap();
    assert!(html.contains("Hồ sơ vừa được người khác lưu"), "{html}");
    assert!(html.contains("name=\"version\" value=\"2\""), "{html}");
    let r = send(Method::DELETE, year.clone(), "\"1\"", None).await.unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(app.get_json(&year).await.1["revenue"], 1_300_000_000i64);
    // Saving what is there already makes no new version (nor a stale form for anyone else).
    let r = send(Method::PUT, year.clone(), "*", revenue(1_300_000_000))
        .await
        .unwrap();
    assert_eq!(
        (r.status().as_u16(), r.headers()["etag"].to_str().unwrap()),
        (200, "\"2\"")
    );
    // If-Match and the body's version must agree.
    let mut sent = revenue(1_300_000_000).unwrap();
    sent["version"] = json!(1);
    let r = send(Method::PUT, year.clone(), "\"2\"", Some(sent))
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = send(Method::DELETE, year.clone(), "\"2\"", None).await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(app.get_json(&year).await.0, 404);
    // The year entered again goes on from its old versions: an edit made from the deleted row is
    // stale.
    let (status, body) = app
        .post_json(&figures, &json!({"year": 2024, "revenue": 900_000_000}))
        .await;
    assert_eq!(status, 201, "{body}");
    assert!(body["version"].as_i64().unwrap() > 2, "{body}");
    for stale in ["\"1\"", "\"2\""] {
        let r = send(Method::PUT, year.clone(), stale, revenue(1)).await.unwrap();
        assert_eq!(r.status(), 409);
    }
    app.stop().await;
}

/// The API gives an organisation's members a page at a time, with a search by name.
#[tokio::test]
async fn members_come_a_page_at_a_time() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, created) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = created["id"].as_i64().unwrap();
    let members = format!("/api/v1/organisations/{id}/members");
    for name in ["Đinh Văn Đông", "Âu Thị Ân", "Bùi Văn An"] {
        let member = json!({"kind": "person", "full_name": name, "membership": "official",
                            "joined_on": "2023-01-05", "birth_date": "1979-06-01"});
        assert_eq!(app.post_json(&members, &member).await.0, 201);
    }
    let (status, page) = app.get_json(&format!("{members}?per_page=2")).await;
    assert_eq!((status, page["total"].as_i64()), (200, Some(3)));
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["full_name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&page), ["Âu Thị Ân", "Bùi Văn An"]);
    let (_, second) = app.get_json(&format!("{members}?per_page=2&page=2")).await;
    assert_eq!(names(&second), ["Đinh Văn Đông"]);
    let (_, found) = app.get_json(&format!("{members}?q=dong")).await;
    assert_eq!(names(&found), ["Đinh Văn Đông"]);
    let (status, body) = app.get_json(&format!("{members}?page=hai")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body)[0].0, "page");
    app.stop().await;
}

/// An organisation recorded in a commune from before 1 July 2025 counts in the 2025 commune its old
/// commune became part of: it is listed under that commune, and that commune's officer reaches it.
#[tokio::test]
async fn an_old_commune_counts_in_the_2025_commune_it_became_part_of() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    // Phường Sông Cầu (01837, Bắc Kạn) became part of Phường Bắc Kạn (01843, Thái Nguyên).
    let mut song_cau = cooperative();
    song_cau["commune"] = json!("01837");
    let (status, created) = app.post_json("/api/v1/organisations", &song_cau).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let listed = |query: &'static str| {
        let app = &app;
        async move {
            let (status, page) = app.get_json(&format!("/api/v1/organisations?{query}")).await;
            assert_eq!(status, 200, "{page}");
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed("commune=01843").await, vec![id]);
    assert_eq!(listed("commune=01837&commune_era=2008").await, vec![id]);
    assert_eq!(listed("commune=01840").await, Vec::<i64>::new());
    let officer_of = |username: &'static str, commune: &'static str| {
        person(
            &app,
            username,
            Some(json!({"role": "commune_officer", "commune": commune, "commune_era": "2025"})),
        )
    };
    let bac_kan = officer_of("canbo_backan", "01843").await;
    let duc_xuan = officer_of("canbo_ducxuan", "01840").await;
    let members = format!("/api/v1/organisations/{id}/members");
    assert_eq!(bac_kan.get_json(&members).await.0, 200);
    assert_eq!(duc_xuan.get_json(&members).await.0, 404);
    // A move to another old commune follows its successor.
    let mut moved = song_cau.clone();
    moved["commune"] = json!("01834");
    let (status, body) = app
        .send_json(Method::PUT, &format!("/api/v1/organisations/{id}"), &moved)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(listed("commune=01840").await, vec![id]);
    assert_eq!(bac_kan.get_json(&members).await.0, 404);
    app.stop().await;
}

/// An old commune split between several new ones leaves its organisations unsettled until an
/// officer chooses, suggested from the address; the choice is kept through edits and counts in the
/// 2025 commune's list.
#[tokio::test]
async fn an_organisation_of_a_split_commune_is_settled_in_one_of_its_new_communes() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    // Phường Cống Vị (00007, Hà Nội) was split between Phường Ngọc Hà (00008) and Giảng Võ (00025).
    let mut cong_vi = cooperative();
    cong_vi["commune"] = json!("00007");
    cong_vi["commune_era"] = json!("2008");
    cong_vi["address"] = json!("Số 5 phố Giảng Võ");
    let (status, created) = app.post_json("/api/v1/organisations", &cong_vi).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let current = format!("/api/v1/organisations/{id}/current-commune");
    let (status, found) = app.get_json(&current).await;
    assert_eq!(status, 200, "{found}");
    assert!(found["settled"].is_null(), "{found}");
    let codes: Vec<&str> = found["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["00008", "00025"]);
    assert_eq!(found["suggested"], "00025");
    let (_, page) = app.get_json("/api/v1/organisations?commune=00025").await;
    assert_eq!(page["total"], 0, "unsettled, it counts in neither");
    let (_, html) = app.get_html(&format!("/organisations/{id}")).await;
    assert!(html.contains("Xã cũ đã chia cho nhiều xã mới"), "{html}");
    assert!(html.contains("<option value=\"00025\" selected>"), "{html}");

    let (status, refused) = app
        .send_json(Method::PUT, &current, &json!({"commune": "00004"}))
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        field_codes(&refused),
        vec![("commune".to_owned(), "not_a_successor".to_owned())]
    );
    let (status, _) = app
        .send_json(Method::PUT, &current, &json!({"commune": "00025"}))
        .await;
    assert_eq!(status, 204);
    let (_, found) = app.get_json(&current).await;
    assert_eq!(found["settled"]["code"], "00025", "{found}");
    let (_, page) = app.get_json("/api/v1/organisations?commune=00025").await;
    assert_eq!(page["total"], 1);
    // An edit that keeps the old commune keeps the choice.
    let (_, held) = app.get_json(&format!("/api/v1/organisations/{id}")).await;
    let mut edited = cong_vi.clone();
    edited["phone"] = json!("0243 823 4567");
    edited["version"] = held["version"].clone();
    let (status, body) = app
        .send_json(Method::PUT, &format!("/api/v1/organisations/{id}"), &edited)
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, found) = app.get_json(&current).await;
    assert_eq!(found["settled"]["code"], "00025", "{found}");
    // A commune's officer of the other new commune does not reach it.
    let ngoc_ha = person(
        &app,
        "canbo_ngocha",
        Some(json!({"role": "commune_officer", "commune": "00008", "commune_era": "2025"})),
    )
    .await;
    assert_eq!(
        ngoc_ha
            .get_json(&format!("/api/v1/organisations/{id}/members"))
            .await
            .0,
        404
    );
    app.stop().await;
}

/// Two people edit different fields of one member from the same version: the later save is
/// refused (409), its form takes in the other's change to the field it left alone, keeps its own,
/// and saving that keeps both.
#[tokio::test]
async fn a_stale_form_takes_in_the_other_persons_changes_to_fields_left_alone() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, created) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = created["id"].as_i64().unwrap();
    let member = json!({"kind": "person", "full_name": "Lò Thị Hoa", "membership": "official",
                        "joined_on": "2023-01-05", "birth_date": "1979-06-01"});
    let (_, body) = app
        .post_json(&format!("/api/v1/organisations/{id}/members"), &member)
        .await;
    let member_id = body["id"].as_i64().unwrap();
    let edit = format!("/members/{member_id}/edit");
    let (_, html) = app.get_html(&edit).await;
    let original = hidden_value(&html, "original");
    assert!(original.contains("Lò Thị Hoa"), "{original}");
    let form = |version: &'static str, address: &'static str, phone: &'static str| {
        vec![
            ("version", version.to_owned()),
            ("original", original.clone()),
            ("kind", "person".to_owned()),
            ("full_name", "Lò Thị Hoa".to_owned()),
            ("membership", "official".to_owned()),
            ("joined_on", "2023-01-05".to_owned()),
            ("birth_date", "1979-06-01".to_owned()),
            ("capital_contribution", "0".to_owned()),
            ("address", address.to_owned()),
            ("phone", phone.to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let edit = edit.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&edit, &fields).await
        }
    };
    // One person records the address, another (from the same page) the phone.
    assert_eq!(post(form("1", "Thôn Nà Pài", "")).await.status(), 303);
    let r = post(form("1", "", "0912345678")).await;
    assert_eq!(r.status(), 409);
    let html = r.text().await.unwrap();
    assert!(html.contains("đã được đưa vào biểu mẫu: Địa chỉ"), "{html}");
    assert!(html.contains("Không có trường nào cả hai cùng sửa"), "{html}");
    assert!(html.contains("value=\"Thôn Nà Pài\""), "{html}");
    assert!(html.contains("value=\"0912345678\""), "{html}");
    assert_eq!(hidden_value(&html, "version"), "2");
    // Saving the merged form keeps both changes.
    assert_eq!(post(form("2", "Thôn Nà Pài", "0912345678")).await.status(), 303);
    let (_, saved) = app.get_json(&format!("/api/v1/members/{member_id}")).await;
    assert_eq!(
        (saved["address"].as_str(), saved["phone"].as_str()),
        (Some("Thôn Nà Pài"), Some("0912345678"))
    );
    // A third, still on the first page, changes the address too: that field is set side by side,
    // the phone they left alone is taken in.
    let r = post(form("1", "Thôn Bản Lắc", "")).await;
    assert_eq!(r.status(), 409);
    let html = r.text().await.unwrap();
    assert!(html.contains("đã được đưa vào biểu mẫu: Điện thoại"), "{html}");
    assert!(
        html.contains("<th scope=\"row\">Địa chỉ</th><td>Thôn Nà Pài</td><td>Thôn Bản Lắc</td>"),
        "{html}"
    );
    assert!(html.contains("value=\"Thôn Bản Lắc\""), "{html}");
    app.stop().await;
}

/// The value of the hidden field `name` in a page, unescaped.
fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).map(|at| at + marker.len()).unwrap_or(0);
    let end = html[start..].find('"').map_or(start, |len| start + len);
    html[start..end]
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The form for a new year's figures offers the latest past year that has none yet.
#[tokio::test]
async fn the_new_figures_form_offers_the_latest_year_without_figures() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, created) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let id = created["id"].as_i64().unwrap();
    let form = format!("/organisations/{id}/figures/new");
    // Today is in 2026: the latest past year is 2025.
    assert!(app
        .get_html(&form)
        .await
        .1
        .contains("name=\"year\" value=\"2025\""));
    let (status, _) = app
        .post_json(
            &format!("/api/v1/organisations/{id}/figures"),
            &json!({"year": 2025}),
        )
        .await;
    assert_eq!(status, 201);
    assert!(app
        .get_html(&form)
        .await
        .1
        .contains("name=\"year\" value=\"2024\""));
    app.stop().await;
}

/// A member's number is never given again: a member added after one was removed takes a new
/// number, so the removal's undo still finds its own (a removed member's number once went to the
/// next member added, and the undo was lost).
#[tokio::test]
async fn a_removed_members_number_waits_for_its_undo() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let members = format!("/api/v1/organisations/{}/members", org["id"]);
    let person = |name: &str| json!({"kind": "person", "full_name": name, "membership": "official", "joined_on": "2022-04-01"});
    let (_, first) = app.post_json(&members, &person("Ma Thị Lan")).await;
    let removed = first["id"].as_i64().unwrap();
    let member = format!("/api/v1/members/{removed}");
    assert_eq!(app.send_json(Method::DELETE, &member, &Value::Null).await.0, 204);
    let (status, next) = app.post_json(&members, &person("Hà Văn Sơn")).await;
    assert_eq!(status, 201, "{next}");
    assert!(next["id"].as_i64().unwrap() > removed, "{next}");
    let (status, back) = app.post_json(&format!("{member}/restore"), &Value::Null).await;
    assert_eq!(
        (status, back["full_name"].as_str()),
        (201, Some("Ma Thị Lan")),
        "{back}"
    );
    let (_, listed) = app.get_json(&members).await;
    assert_eq!(listed["total"], 2, "{listed}");
    app.stop().await;
}
