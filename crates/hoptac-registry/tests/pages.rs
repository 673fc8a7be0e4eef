//! The HTML pages against a running server, as a browser without JavaScript uses them.

use hoptac_web::testing::{TestApp, PASSWORD, USERNAME};

/// The areas these tests run: the registry alone.
fn areas() -> Vec<hoptac_web::Area> {
    vec![hoptac_registry::web::area()]
}

async fn sign_in_by_form(app: &TestApp) {
    let r = app
        .post_form(
            "/login",
            &[
                ("username", USERNAME),
                ("password", PASSWORD),
                ("next", "/organisations"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/organisations");
}

/// The "add an organisation" button is offered only to those who may register one.
#[tokio::test]
async fn the_add_button_is_for_those_who_may_add() {
    let app = TestApp::spawn(areas()).await;
    let (status, body) = app
        .post_json("/api/v1/organisations", &hoptac_web::testing::cooperative())
        .await;
    assert_eq!(status, 401, "{body}");
    app.sign_in().await;
    let (status, body) = app
        .post_json("/api/v1/organisations", &hoptac_web::testing::cooperative())
        .await;
    assert_eq!(status, 201, "{body}");
    let grant = serde_json::json!({"role": "manager", "organisation_id": body["id"]});
    let manager = hoptac_web::testing::person(&app, "giamdoc", Some(grant)).await;
    let (_, page) = manager.get_html("/organisations").await;
    assert!(
        !page.contains("href=\"/organisations/new\""),
        "a manager is offered the add button"
    );
    let (_, page) = app.get_html("/organisations").await;
    assert!(
        page.contains("href=\"/organisations/new\""),
        "the administrator is not offered it"
    );
    app.stop().await;
}

#[tokio::test]
async fn signing_in() {
    let app = TestApp::spawn(areas()).await;
    let (status, html) = app.get_html("/login").await;
    assert_eq!(status, 200);
    assert!(html.contains("Đăng nhập"));
    let r = app
        .post_form(
            "/login",
            &[
                ("username", USERNAME),
                ("password", "not it at all"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(r.status(), 401);
    let html = r.text().await.unwrap();
    assert!(html.contains("Tên đăng nhập hoặc mật khẩu không đúng."));
    assert!(
        html.contains(&format!("value=\"{USERNAME}\"")),
        "the username typed is kept"
    );
    // Writing pages send a visitor to sign in and back.
    let r = app
        .client
        .get(app.url("/organisations/new"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=/organisations/new");
    sign_in_by_form(&app).await;
    let (status, html) = app.get_html("/organisations/new").await;
    assert_eq!(status, 200);
    assert!(html.contains("Cán bộ thử"));
    let r = app.post_form("/logout", &[]).await;
    assert_eq!(r.status(), 303);
    let r = app
        .client
        .get(app.url("/organisations/new"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    app.stop().await;
}

#[tokio::test]
async fn a_rejected_form_keeps_what_was_typed() {
    let app = TestApp::spawn(areas()).await;
    sign_in_by_form(&app).await;
    let r = app
        .post_form(
            "/organisations",
            &[
                ("kind", "htx"),
                ("name", "HTX Nông sản Đồng Hỷ"),
                ("tax_code", "0101248142"),
                ("founding_date", "2031-01-01"),
                ("sectors", "agriculture"),
                ("sectors", "trade_services"),
                ("commune_era", "2008"),
                ("commune", "xa khong co"),
                ("commune_province", "06"),
                ("phone", "0912 345 678"),
                ("charter_capital", "1.500.000.000"),
                ("is_value_chain", "true"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "a form shown again with its errors says so");
    let html = r.text().await.unwrap();
    for message in [
        "Mã số thuế: chữ số kiểm tra không đúng",
        "Ngày thành lập: không được sau ngày hôm nay.",
        "Xã/phường: không tìm thấy xã/phường «xa khong co» trong danh mục.",
    ] {
        assert!(html.contains(message), "missing message {message}");
    }
    for typed in [
        "value=\"HTX Nông sản Đồng Hỷ\"",
        "value=\"0101248142\"",
        "value=\"2031-01-01\"",
        "value=\"0912 345 678\"",
        "value=\"1.500.000.000\"",
        "value=\"xa khong co\"",
        "value=\"trade_services\" checked",
        "name=\"is_value_chain\" value=\"true\" checked",
    ] {
        assert!(html.contains(typed), "lost {typed}");
    }
    let (_, list) = app.get_html("/organisations").await;
    assert!(list.contains("Tìm thấy 0 tổ chức."));
    app.stop().await;
}

#[tokio::test]
async fn create_find_and_edit_through_the_pages() {
    let app = TestApp::spawn(areas()).await;
    sign_in_by_form(&app).await;
    let r = app
        .post_form(
            "/organisations",
            &[
                ("kind", "htx"),
                ("name", "HTX Chè Tân Cương"),
                ("founding_date", "15/03/2019"),
                ("sectors", "agriculture"),
                ("commune_era", "2008"),
                ("commune", "01834"),
                ("charter_capital", "1.000.000.000"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let (status, html) = app.get_html(&location).await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>HTX Chè Tân Cương</h1>"));
    assert!(html.contains("Tỉnh Bắc Kạn"), "the old province is shown");
    assert!(html.contains("Có 0 thành viên chính thức, ít hơn mức tối thiểu 5 theo luật."));

    let (_, list) = app.get_html("/organisations?q=che+tan+cuong").await;
    assert!(list.contains("HTX Chè Tân Cương") && list.contains("Tìm thấy 1 tổ chức."));
    let (_, list) = app.get_html("/organisations?q=tan+cuong&kind=tht").await;
    assert!(list.contains("Tìm thấy 0 tổ chức."));

    // A member above the cap is refused with the figures, and the form keeps the input.
    let add_member = |capital: &'static str| {
        let path = format!("{location}/members");
        let app = &app;
        async move {
            let fields = [
                ("kind", "person"),
                ("full_name", "Hoàng Văn Em"),
                ("membership", "official"),
                ("joined_on", "2020-01-01"),
                ("capital_contribution", capital),
            ];
            app.post_form(&path, &fields).await
        }
    };
    let r = add_member("400.000.000").await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("vượt mức tối đa 30% vốn điều lệ (300.000.000)"));
    assert!(html.contains("value=\"Hoàng Văn Em\""));
    assert_eq!(add_member("300.000.000").await.status(), 303);
    let r = app
        .post_form(
            &format!("{location}/figures"),
            &[("year", "2025"), ("revenue", "1.234.000.000"), ("rating", "good")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = app
        .post_form(
            &format!("{location}/status"),
            &[("status", "suspended"), ("effective_date", "2018-01-01")],
        )
        .await;
    assert_eq!(
        r.status(),
        422,
        "a status before the founding is refused on the page"
    );
    let (_, html) = app.get_html(&location).await;
    assert!(html.contains("Hoàng Văn Em") && html.contains("1.234.000.000") && html.contains("Tốt"));

    let (status, edit) = app.get_html(&format!("{location}/edit")).await;
    assert_eq!(status, 200);
    assert!(edit.contains("value=\"HTX Chè Tân Cương\""));
    let (status, _) = app.get_html("/organisations/987654").await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[tokio::test]
async fn english_on_a_switch() {
    let app = TestApp::spawn(areas()).await;
    let r = app
        .client
        .get(app.url("/lang/en?next=/organisations"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, html) = app.get_html("/organisations").await;
    assert!(html.contains("Registry of organisations") && html.contains("<html lang=\"en\">"));
    let (_, html) = app.get_html("/units").await;
    assert!(html.contains("Formed from") && html.contains("Tỉnh Bắc Kạn"));
    let r = app
        .client
        .get(app.url("/lang/vi?next=https://example.org"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/");
    let (_, html) = app.get_html("/").await;
    assert!(html.contains("Kinh tế tập thể trên địa bàn"));
    app.stop().await;
}

#[tokio::test]
async fn a_vietnamese_site_speaks_vietnamese_to_an_english_browser() {
    let settings = hoptac_web::Settings {
        language: Some(hoptac_core::Lang::Vi),
        ..Default::default()
    };
    let app = TestApp::spawn_with(areas(), settings).await;
    let (_, html) = app.get_html_in("/organisations", "en-GB,en;q=0.9").await;
    assert!(html.contains("<html lang=\"vi\">"), "{html}");
    // An integration asks for its language on purpose: the API answers in it.
    let r = app
        .client
        .get(app.url("/api/v1/organisations/987654"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        body["error"]["message"], "There is no such page or record.",
        "{body}"
    );
    // The visitor's own choice still wins.
    app.client
        .get(app.url("/lang/en?next=/organisations"))
        .send()
        .await
        .unwrap();
    let (_, html) = app.get_html_in("/organisations", "vi").await;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    app.stop().await;
}

#[tokio::test]
async fn a_form_from_elsewhere_is_refused() {
    let app = TestApp::spawn(areas()).await;
    sign_in_by_form(&app).await;
    let fields = [
        ("kind", "htx"),
        ("name", "HTX Giả mạo"),
        ("founding_date", "2019-03-15"),
        ("sectors", "agriculture"),
        ("commune_era", "2008"),
        ("commune", "01834"),
    ];
    // No token, then a token that is not this browser's: both refused, nothing written.
    let r = app.post_form_as_is("/organisations", &fields).await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("Biểu mẫu không được chấp nhận"));
    let someone_elses = "0".repeat(64);
    let forged = [&[("csrf_token", someone_elses.as_str())][..], &fields].concat();
    assert_eq!(app.post_form_as_is("/organisations", &forged).await.status(), 403);
    let r = app.post_form_as_is("/logout", &[]).await;
    assert_eq!(r.status(), 403, "signing out is a form too");
    let (_, list) = app.get_html("/organisations").await;
    assert!(list.contains("Tìm thấy 0 tổ chức."));
    // The same form from the site's own page goes through.
    assert_eq!(app.post_form("/organisations", &fields).await.status(), 303);
    app.stop().await;
}

#[tokio::test]
async fn changes_show_on_the_record_and_in_the_trail() {
    let app = TestApp::spawn(areas()).await;
    sign_in_by_form(&app).await;
    let fields = [
        ("kind", "htx"),
        ("name", "HTX Chè Tân Cương"),
        ("founding_date", "2019-03-15"),
        ("sectors", "agriculture"),
        ("commune_era", "2008"),
        ("commune", "01834"),
    ];
    let r = app.post_form("/organisations", &fields).await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let renamed = [
        &[("name", "HTX Chè Tân Cương Thái Nguyên")][..],
        &fields[0..1],
        &fields[2..],
    ]
    .concat();
    assert_eq!(
        app.post_form(&format!("{location}/edit"), &renamed)
            .await
            .status(),
        303
    );
    let (_, html) = app.get_html(&location).await;
    assert!(html.contains("Lịch sử cập nhật"));
    assert!(html.contains("Sửa tổ chức"), "the edit is listed");
    assert!(
        html.contains("<td>HTX Chè Tân Cương</td><td>HTX Chè Tân Cương Thái Nguyên</td>"),
        "with before and after"
    );
    let (status, trail) = app.get_html("/audit?actor=officer&entity=organisation").await;
    assert_eq!(status, 200);
    assert!(trail.contains("2 thay đổi.") && trail.contains("Thêm tổ chức"));
    let (status, _) = app.get_html("/audit?from=22-11-2026").await;
    assert_eq!(status, 200, "a bad filter is explained on the page");
    // Visitors who are not signed in see no history and cannot open the trail.
    let visitor = app.client();
    let html = visitor
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("Lịch sử cập nhật"));
    assert_eq!(visitor.get(app.url("/audit")).send().await.unwrap().status(), 303);
    app.stop().await;
}

#[tokio::test]
async fn the_account_page() {
    let app = TestApp::spawn(areas()).await;
    assert_eq!(
        app.client.get(app.url("/account")).send().await.unwrap().status(),
        303
    );
    sign_in_by_form(&app).await;
    let r = app
        .post_form("/account/tokens", &[("name", "Báo cáo tự động")])
        .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Hãy sao chép ngay") && html.contains("<code>hoptac_"));
    let r = app
        .post_form(
            "/account/password",
            &[("current_password", "wrong"), ("new_password", "a brand new one")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Mật khẩu hiện tại: không đúng."));
    let r = app
        .post_form(
            "/account/password",
            &[
                ("current_password", hoptac_web::testing::PASSWORD),
                ("new_password", "a brand new one"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Đã đổi mật khẩu") && html.contains("Báo cáo tự động"));
    app.stop().await;
}

#[tokio::test]
async fn an_invitation_through_the_pages() {
    let app = TestApp::spawn(areas()).await;
    sign_in_by_form(&app).await;
    let r = app
        .post_form(
            "/users/invitations",
            &[("contact", "truongthon@xa.vn"), ("display_name", "Trưởng thôn")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let at = html.find("/invite/").unwrap();
    let secret: String = html[at + "/invite/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(secret.len(), 64);
    // The invited person, in another browser.
    let newcomer = app.browser();
    let (status, page) = newcomer.get_html(&format!("/invite/{secret}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Tạo tài khoản") && page.contains("value=\"Trưởng thôn\""));
    let r = newcomer
        .post_form(
            &format!("/invite/{secret}"),
            &[
                ("username", "truong thon"),
                ("display_name", "Trưởng thôn"),
                ("password", "a long enough passphrase"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text().await.unwrap().contains("value=\"truong thon\""),
        "what was typed is kept"
    );
    let r = newcomer
        .post_form(
            &format!("/invite/{secret}"),
            &[
                ("username", "truongthon"),
                ("display_name", "Trưởng thôn"),
                ("password", "a long enough passphrase"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (status, page) = newcomer.get_html(&format!("/invite/{secret}")).await;
    assert_eq!(status, 404);
    assert!(page.contains("Đường dẫn này không dùng được"));
    assert_eq!(newcomer.get_html("/users").await.0, 404, "not an administrator");
    app.stop().await;
}

/// A visitor may not read members, so the page must not judge the membership rules on an empty
/// list: "below the legal minimum" would be said of every cooperative.
#[tokio::test]
async fn a_visitor_is_not_told_of_breaches_the_page_cannot_judge() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (status, body) = app
        .post_json("/api/v1/organisations", &hoptac_web::testing::cooperative())
        .await;
    assert_eq!(status, 201, "{body}");
    let page = format!("/organisations/{}", body["id"]);
    // Without members the cooperative breaches the minimum: an officer is told.
    let (_, html) = app.get_html(&page).await;
    assert!(html.contains("Chưa đáp ứng quy định"), "{html}");
    let visitor = app.browser();
    let (status, html) = visitor.get_html(&page).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Chưa đáp ứng quy định"), "{html}");
    let (_, detail) = visitor.get_json(&format!("/api/v1{page}")).await;
    assert!(detail["compliance"].is_null(), "{detail}");
    app.stop().await;
}

/// Behind a proxy that speaks HTTPS, every cookie hoptac sets is `Secure` and the browser is told
/// to keep to HTTPS; over plain HTTP neither (the browser would drop the cookie). Nothing with
/// personal data is kept in a cache.
#[tokio::test]
async fn cookies_are_secure_over_https() {
    let app = TestApp::spawn(areas()).await;
    let cookies = |r: &reqwest::Response| -> Vec<String> {
        r.headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    let login = serde_json::json!({"username": USERNAME, "password": PASSWORD});
    // The first proxy's word counts (the one the browser reached); RFC 7239's header as well.
    for (proto, secure) in [("https", true), ("https, http", true), ("http", false)] {
        let client = app.client();
        let page = client
            .get(app.url("/login"))
            .header("x-forwarded-proto", proto)
            .send()
            .await
            .unwrap();
        let session = client
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-proto", proto)
            .json(&login)
            .send()
            .await
            .unwrap();
        assert_eq!(session.status(), 200);
        let hsts = |r: &reqwest::Response| r.headers().contains_key("strict-transport-security");
        assert_eq!((hsts(&page), hsts(&session)), (secure, secure), "{proto}");
        for r in [&page, &session] {
            assert_eq!(r.headers()["cache-control"], "no-store");
        }
        let set: Vec<String> = cookies(&page).into_iter().chain(cookies(&session)).collect();
        assert!(set.iter().any(|c| c.starts_with("hoptac_session=")), "{set:?}");
        assert!(set.len() >= 2, "{set:?}");
        for cookie in set {
            let marked = cookie.split("; ").any(|attribute| attribute == "Secure");
            assert_eq!(marked, secure, "{proto}: {cookie}");
        }
    }
    app.stop().await;
}

/// An organisation of many members shows them a page at a time, in Vietnamese order, with a search
/// inside the organisation.
#[tokio::test]
async fn many_members_are_paged_and_searched() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app
        .post_json("/api/v1/organisations", &hoptac_web::testing::cooperative())
        .await;
    let id = org["id"].as_i64().unwrap();
    let members = format!("/api/v1/organisations/{id}/members");
    for n in 0..120 {
        let name = if n == 77 {
            "Đặng Thị Hoa".to_owned()
        } else {
            format!("Nguyễn Văn {n:03}")
        };
        let member = serde_json::json!({"kind": "person", "full_name": name, "membership": "official",
            "joined_on": "2022-04-01", "capital_contribution": 1_000_000});
        assert_eq!(app.post_json(&members, &member).await.0, 201);
    }
    let (status, html) = app.get_html(&format!("/organisations/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        html.matches("href=\"/members/").count(),
        50,
        "one page of members"
    );
    assert!(html.contains("Trang 1/3"));
    // Đ sorts after D and before E: before every Nguyễn.
    let first = html.find("Đặng Thị Hoa").unwrap();
    assert!(first < html.find("Nguyễn Văn 000").unwrap());
    let (_, last) = app.get_html(&format!("/organisations/{id}?members_page=3")).await;
    assert_eq!(last.matches("href=\"/members/").count(), 20);
    let (_, found) = app
        .get_html(&format!("/organisations/{id}?members_q=dang+hoa"))
        .await;
    assert_eq!(found.matches("href=\"/members/").count(), 1);
    assert!(found.contains("Tìm thấy 1 thành viên."));
    app.stop().await;
}

/// Removing a member or a year's figures cannot be undone: the first sending only asks, naming the
/// record, with a button that sends the same form confirmed and a way back; nothing is removed
/// until then.
#[tokio::test]
async fn what_cannot_be_undone_is_asked_first() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app
        .post_json("/api/v1/organisations", &hoptac_web::testing::cooperative())
        .await;
    let id = org["id"].as_i64().unwrap();
    let member = serde_json::json!({"kind": "person", "full_name": "Lục Thị Mai", "membership": "official",
        "joined_on": "2022-04-01"});
    let (status, member) = app
        .post_json(&format!("/api/v1/organisations/{id}/members"), &member)
        .await;
    assert_eq!(status, 201);
    let member_id = member["id"].as_i64().unwrap();
    let (_, form) = app.get_html(&format!("/members/{member_id}/edit")).await;
    assert!(
        form.contains("data-confirm-question data-undoable>Xóa thành viên này khỏi danh sách?"),
        "{form}"
    );

    let delete = format!("/members/{member_id}/delete");
    let asked = app
        .post_form(
            &delete,
            &[
                ("version", "1"),
                ("confirm", "confirm-q-delete_member"),
                ("confirm_subject", "Lục Thị Mai"),
                ("confirm_undoable", "yes"),
            ],
        )
        .await;
    assert_eq!(asked.status(), 200);
    let page = asked.text().await.unwrap();
    assert!(
        page.contains("<h1>Xóa thành viên này khỏi danh sách?</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<strong>Lục Thị Mai</strong>") && page.contains("trang sẽ cho phép hoàn tác"),
        "{page}"
    );
    assert!(
        page.contains(&format!("action=\"{delete}\"")) && page.contains("name=\"confirmed\" value=\"yes\"")
    );
    assert!(
        page.contains("name=\"version\" value=\"1\""),
        "the form's own fields go again: {page}"
    );
    assert_eq!(
        app.get_json(&format!("/api/v1/members/{member_id}")).await.0,
        200,
        "nothing removed yet"
    );
    // A question the catalogue does not hold as one is the general question.
    for key in ["auth-sign_in", "confirm-q-made_up"] {
        let asked = app
            .post_form(&delete, &[("version", "1"), ("confirm", key)])
            .await;
        let page = asked.text().await.unwrap();
        assert!(page.contains("<h1>Thực hiện thao tác này?</h1>"), "{key}: {page}");
    }

    let done = app
        .post_form(&delete, &[("version", "1"), ("confirmed", "yes")])
        .await;
    assert_eq!(done.status(), 303);
    let member_api = format!("/api/v1/members/{member_id}");
    assert_eq!(app.get_json(&member_api).await.0, 404);
    // The page it leads to says what was removed and offers to put it back, once.
    let back = done.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        back,
        format!("/organisations/{id}?removed=member-{member_id}#undo")
    );
    let (_, page) = app.get_html(&back).await;
    assert!(page.contains("Đã xóa thành viên «Lục Thị Mai»."), "{page}");
    let restore = format!("/members/{member_id}/restore");
    assert!(page.contains(&format!("action=\"{restore}\"")), "{page}");
    let (_, visitor) = app.browser().get_html(&back).await;
    assert!(
        !visitor.contains("Đã xóa thành viên"),
        "only who may put it back is offered to"
    );
    let undone = app.post_form(&restore, &[]).await;
    assert_eq!(undone.status(), 303);
    let back_again = undone.headers()["location"].to_str().unwrap().to_owned();
    let (_, page) = app.get_html(&back_again).await;
    assert!(page.contains("Đã khôi phục thành viên."), "{page}");
    let (status, restored) = app.get_json(&member_api).await;
    assert_eq!(
        (status, restored["full_name"].as_str()),
        (200, Some("Lục Thị Mai"))
    );
    assert_eq!(
        restored["version"], 3,
        "its history goes on: added, removed, put back"
    );
    assert_eq!(app.post_form(&restore, &[]).await.status(), 404, "put back once");
    let (_, page) = app.get_html(&back).await;
    assert!(!page.contains("Đã xóa thành viên"), "{page}");
    let trail = app.trail(&format!("entity=member&entity_id={member_id}")).await;
    let actions: Vec<&str> = trail.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(actions, vec!["create", "delete", "create"]);
    let (status, _) = app
        .send_json(reqwest::Method::DELETE, &member_api, &serde_json::Value::Null)
        .await;
    assert_eq!(status, 204);
    // The removal form left open elsewhere does not remove a member added since: the new member
    // takes a number of its own.
    let newcomer = serde_json::json!({"kind": "person", "full_name": "Người Mới", "membership": "official",
        "joined_on": "2023-01-01"});
    let (_, newcomer) = app
        .post_json(&format!("/api/v1/organisations/{id}/members"), &newcomer)
        .await;
    let stale = app
        .post_form(&delete, &[("version", "1"), ("confirmed", "yes")])
        .await;
    assert!(matches!(stale.status().as_u16(), 404 | 409), "{}", stale.status());
    assert_eq!(
        app.get_json(&format!("/api/v1/members/{}", newcomer["id"]))
            .await
            .0,
        200
    );

    // A year's figures alike.
    let figures = serde_json::json!({"year": 2024, "members": 12, "revenue": 1_500_000_000});
    assert_eq!(
        app.post_json(&format!("/api/v1/organisations/{id}/figures"), &figures)
            .await
            .0,
        201
    );
    let delete = format!("/organisations/{id}/figures/2024/delete");
    let asked = app
        .post_form(
            &delete,
            &[("version", "1"), ("confirm", "confirm-q-delete_figures")],
        )
        .await;
    assert_eq!(asked.status(), 200);
    assert!(asked.text().await.unwrap().contains("Xóa số liệu năm này?"));
    assert_eq!(
        app.get_json(&format!("/api/v1/organisations/{id}/figures/2024"))
            .await
            .0,
        200
    );
    assert_eq!(
        app.post_form(&delete, &[("version", "1"), ("confirmed", "yes")])
            .await
            .status(),
        303
    );
    let figures_api = format!("/api/v1/organisations/{id}/figures/2024");
    assert_eq!(app.get_json(&figures_api).await.0, 404);
    // Put back through the API, as the trail kept them.
    let (status, restored) = app
        .post_json(&format!("{figures_api}/restore"), &serde_json::Value::Null)
        .await;
    assert_eq!(
        (status, restored["revenue"].as_i64()),
        (201, Some(1_500_000_000)),
        "{restored}"
    );
    assert_eq!(
        app.post_json(&format!("{figures_api}/restore"), &serde_json::Value::Null)
            .await
            .0,
        404
    );
    app.stop().await;
}

/// The history reads as the forms do: kinds, statuses and sectors in words, days as dd/mm/yyyy,
/// money in đồng with its dots, names in place of ids; the whole trail is found by an
/// organisation's name typed without diacritics, counted in full and downloaded.
#[tokio::test]
async fn the_history_reads_as_the_forms_do() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app
        .post_json("/api/v1/organisations", &hoptac_web::testing::cooperative())
        .await;
    let id = org["id"].as_i64().unwrap();
    let member = serde_json::json!({"kind": "person", "full_name": "Hoàng Văn Tâm", "membership": "official",
        "joined_on": "2022-04-01", "capital_contribution": 25_000_000});
    assert_eq!(
        app.post_json(&format!("/api/v1/organisations/{id}/members"), &member)
            .await
            .0,
        201
    );
    let figures = serde_json::json!({"year": 2024, "members": 1250, "revenue": 4_713_000_000i64});
    assert_eq!(
        app.post_json(&format!("/api/v1/organisations/{id}/figures"), &figures)
            .await
            .0,
        201
    );

    let (_, page) = app.get_html(&format!("/organisations/{id}")).await;
    for shown in [
        "<td>—</td><td>Hợp tác xã</td>",
        "<td>—</td><td>15/03/2022</td>",
        "<td>—</td><td>1.000.000.000 đồng</td>",
        "<td>—</td><td>Nông, lâm, ngư nghiệp</td>",
        "<td>—</td><td>Thành viên chính thức</td>",
        "<td>—</td><td>25.000.000 đồng</td>",
        "<td>—</td><td>1.250</td>",
        "<td>—</td><td>4.713.000.000 đồng</td>",
        "Thêm thành viên «Hoàng Văn Tâm»",
        "3 thay đổi gần nhất trên tổng số 3 thay đổi.",
    ] {
        assert!(page.contains(shown), "{shown} in {page}");
    }
    assert!(!page.contains("Trường dữ liệu") && !page.contains(">htx<") && !page.contains("2022-03-15"));

    let (status, trail) = app.get_html("/audit?organisation=htx+tien+linh").await;
    assert_eq!(status, 200);
    assert!(
        trail.contains("3 thay đổi.") && trail.contains("href=\"/organisations/"),
        "{trail}"
    );
    assert!(
        trail.contains("· <a href=\"/organisations/") && trail.contains(">HTX Tiến Linh</a>"),
        "{trail}"
    );
    let (_, none) = app.get_html("/audit?organisation=htx+khong+co").await;
    assert!(none.contains("0 thay đổi."), "{none}");
    // Names of several records on one page are all read (two organisations, two communes).
    let other = serde_json::json!({"kind": "htx", "name": "HTX Chè Ba Hàng", "founding_date": "2020-01-10",
        "sectors": ["agriculture"], "commune_era": "2008", "commune": "01834"});
    assert_eq!(app.post_json("/api/v1/organisations", &other).await.0, 201);
    for (n, commune) in ["05533", "01843"].iter().enumerate() {
        let username = format!("canbo{n}");
        hoptac_core::users::create(
            &app.db.db,
            &username,
            "Cán bộ xã",
            "mot mat khau dai",
            false,
            hoptac_web::testing::now(),
        )
        .await
        .unwrap();
        let grant = serde_json::json!({"username": username, "role": "commune_officer", "commune": commune, "commune_era": "2025"});
        assert_eq!(app.post_json("/api/v1/grants", &grant).await.0, 201);
    }
    let (status, trail) = app.get_html("/audit?per_page=50").await;
    assert_eq!(status, 200);
    assert!(
        trail.contains(">HTX Tiến Linh</a>") && trail.contains("«HTX Chè Ba Hàng»"),
        "{trail}"
    );
    assert!(
        trail.contains("Phường Bắc Kạn") && !trail.contains("{&#34;id&#34;"),
        "{trail}"
    );
    let (status, kind, _, bytes) = app.get_file("/audit/export.csv?organisation=tien+linh").await;
    assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
    let csv = String::from_utf8(bytes).unwrap();
    assert!(csv.starts_with("\u{feff}Thời điểm,Người thực hiện,"), "{csv}");
    assert!(
        csv.contains("Thêm thành viên «Hoàng Văn Tâm»,HTX Tiến Linh,Vốn góp,—,25.000.000 đồng"),
        "{csv}"
    );
    // What people typed is written so that no spreadsheet runs it as a formula, and a trail longer
    // than a page downloads whole.
    for n in 0..210 {
        let member = serde_json::json!({"kind": "person", "full_name": format!("=HYPERLINK(\"x\";\"{n}\")"),
            "membership": "official", "joined_on": "2022-04-01"});
        assert_eq!(
            app.post_json(&format!("/api/v1/organisations/{id}/members"), &member)
                .await
                .0,
            201
        );
    }
    let (_, _, _, bytes) = app
        .get_file(&format!("/audit/export.csv?organisation={id}&entity=member"))
        .await;
    let csv = String::from_utf8(bytes).unwrap();
    // A row per field changed: each new member's name is one.
    assert_eq!(
        csv.matches(",Họ tên / tên thành viên,").count(),
        211,
        "every member's entry"
    );
    assert!(
        csv.contains(",\"'=HYPERLINK(") && !csv.contains(",\"=HYPERLINK(") && !csv.contains(",=HYPERLINK("),
        "{csv}"
    );
    app.stop().await;
}

/// Figures a hundredfold apart from the year before's (a unit or two zeros slipped) are asked
/// about at entry, on the form and through the API, and saved once the person says they checked.
#[tokio::test]
async fn figures_a_hundredfold_apart_from_last_years_are_asked_about() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app
        .post_json("/api/v1/organisations", &hoptac_web::testing::cooperative())
        .await;
    let id = org["id"].as_i64().unwrap();
    let figures = format!("/api/v1/organisations/{id}/figures");
    let last_year = serde_json::json!({"year": 2023, "members": 40, "revenue": 4_713_000_000i64});
    assert_eq!(app.post_json(&figures, &last_year).await.0, 201);

    // Revenue typed in thousand đồng as if it were đồng: a thousandth of last year's.
    let form = [("year", "2024"), ("members", "42"), ("revenue", "4.900.000")];
    let r = app
        .post_form(&format!("/organisations/{id}/figures"), &form)
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Doanh thu: 4.900.000 chênh hơn 100 lần so với số liệu năm 2023 (4.713.000.000)"),
        "{page}"
    );
    assert!(
        page.contains("name=\"unusual_checked\"") && page.contains("value=\"4.900.000\""),
        "{page}"
    );
    assert!(
        !page.contains("Số thành viên: "),
        "members within reason are not asked about"
    );
    let checked = [form.as_slice(), &[("unusual_checked", "true")]].concat();
    let r = app
        .post_form(&format!("/organisations/{id}/figures"), &checked)
        .await;
    assert_eq!(r.status(), 303);
    // An edit is asked about the fields it changes only.
    let edit = serde_json::json!({"year": 2024, "members": 43, "revenue": 4_900_000, "version": 1});
    let (status, body) = app
        .send_json(reqwest::Method::PUT, &format!("{figures}/2024"), &edit)
        .await;
    assert_eq!(status, 200, "{body}");
    // An earlier year is set against the year after it too.
    let earlier = serde_json::json!({"year": 2022, "members": 40, "revenue": 471_300_000_000i64});
    let (status, body) = app.post_json(&figures, &earlier).await;
    assert_eq!(
        (status, hoptac_web::testing::field_codes(&body)),
        (422, vec![("revenue".into(), "implausible_change".into())])
    );

    let (status, body) = app
        .post_json(&figures, &serde_json::json!({"year": 2025, "members": 4300}))
        .await;
    assert_eq!(
        (status, hoptac_web::testing::field_codes(&body)),
        (422, vec![("members".into(), "implausible_change".into())])
    );
    let (status, _) = app
        .post_json(
            &figures,
            &serde_json::json!({"year": 2025, "members": 4300, "unusual_checked": true}),
        )
        .await;
    assert_eq!(status, 201);
    app.stop().await;
}

/// A manager's home page asks for last year's figures of the cooperative they run, and stops once
/// they are entered.
#[tokio::test]
async fn a_managers_home_page_asks_for_last_years_figures() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app
        .post_json("/api/v1/organisations", &hoptac_web::testing::cooperative())
        .await;
    let id = org["id"].as_i64().unwrap();
    let manager = hoptac_web::testing::person(
        &app,
        "giamdoc",
        Some(serde_json::json!({"role": "manager", "organisation_id": id})),
    )
    .await;
    // The test clock stands in 2026: last year is 2025.
    let (_, home) = manager.get_html("/").await;
    assert!(
        home.contains(&format!(
            "<a href=\"/organisations/{id}/figures/new\">Nhập số liệu năm 2025 của HTX Tiến Linh</a>"
        )),
        "{home}"
    );
    let figures = serde_json::json!({"year": 2025, "members": 12});
    assert_eq!(
        manager
            .post_json(&format!("/api/v1/organisations/{id}/figures"), &figures)
            .await
            .0,
        201
    );
    let (_, home) = manager.get_html("/").await;
    assert!(!home.contains("Nhập số liệu năm 2025"), "{home}");
    // Someone who manages nothing has no such work.
    let (_, home) = app.get_html("/").await;
    assert!(!home.contains("Việc cần làm"));
    app.stop().await;
}
