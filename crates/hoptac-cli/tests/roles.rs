//! Roles against actions on the registry, the market and its trade promotion, through the API and the pages: each role tries to read
//! and change records inside and outside its scope, and each case asserts the exact answer.
// Tests: a failure should stop the test loudly, so unwrapping is the point.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hoptac_web::testing::{cooperative, Browser, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

const PASSWORD: &str = "a long enough passphrase";

/// The records one role is tried against, created fresh so that each role starts from the same
/// state: `inside` is a 2022 cooperative of old Bắc Kạn (now part of Thái Nguyên, 19), `outside`
/// one in Hà Nội, `enterprise` a business in Thái Nguyên.
struct Records {
    inside: i64,
    outside: i64,
    enterprise: i64,
    /// An OCOP product of `inside`, to list on the market.
    inside_product: i64,
}

fn organisation(name: &str, kind: &str, era: &str, commune: &str) -> Value {
    let mut org = cooperative();
    org["name"] = json!(name);
    org["kind"] = json!(kind);
    org["tax_code"] = Value::Null;
    org["commune_era"] = json!(era);
    org["commune"] = json!(commune);
    if kind == "enterprise" {
        org["is_new_model"] = json!(false);
    }
    org
}

async fn create(app: &TestApp, org: &Value) -> i64 {
    let (status, body) = app.post_json("/api/v1/organisations", org).await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().unwrap()
}

async fn records(app: &TestApp, n: usize) -> Records {
    let inside = create(
        app,
        &organisation(&format!("HTX Bắc Kạn {n}"), "htx", "2008", "01834"),
    )
    .await;
    let product =
        json!({"organisation_id": inside, "name": format!("Chè búp {n}"), "product_group": "drinks"});
    let (status, body) = app.post_json("/api/v1/ocop/products", &product).await;
    assert_eq!(status, 201, "{body}");
    Records {
        inside,
        inside_product: body["id"].as_i64().unwrap(),
        outside: create(
            app,
            &organisation(&format!("HTX Hoàn Kiếm {n}"), "htx", "2025", "00070"),
        )
        .await,
        enterprise: create(
            app,
            &organisation(&format!("Công ty Thái Nguyên {n}"), "enterprise", "2008", "01834"),
        )
        .await,
    }
}

/// Who tries, and with which role granted by the administrator.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Visitor,
    NoRole,
    NationalOfficer,
    ProvinceOfficer,
    CommuneOfficer,
    Manager,
    Buyer,
    /// A council member of an OCOP round in Thái Nguyên: no rights over the registry.
    Evaluator,
}

/// A browser signed in as a new account holding the role (none for a visitor).
async fn person(app: &TestApp, who: Who, r: &Records, n: usize) -> Browser {
    let browser = app.browser();
    if who == Who::Visitor {
        return browser;
    }
    let username = format!("user{n}");
    hoptac_core::users::create(
        &app.db.db,
        &username,
        "",
        PASSWORD,
        false,
        hoptac_web::testing::now(),
    )
    .await
    .unwrap();
    let grant = match who {
        Who::NationalOfficer => Some(json!({"role": "alliance_officer", "province": ""})),
        Who::ProvinceOfficer => Some(json!({"role": "alliance_officer", "province": "19"})),
        Who::CommuneOfficer => {
            Some(json!({"role": "commune_officer", "commune": "01834", "commune_era": "2008"}))
        }
        Who::Manager => Some(json!({"role": "manager", "organisation_id": r.inside})),
        Who::Buyer => Some(json!({"role": "buyer", "organisation_id": r.enterprise})),
        Who::Visitor | Who::NoRole | Who::Evaluator => None,
    };
    if who == Who::Evaluator {
        let round = json!({"province": "19", "name": format!("Đợt {n}"), "opened_on": "2026-11-01"});
        let (status, body) = app.post_json("/api/v1/ocop/rounds", &round).await;
        assert_eq!(status, 201, "{body}");
        let council = format!("/api/v1/ocop/rounds/{}/council", body["id"]);
        let (status, body) = app.post_json(&council, &json!({"username": username})).await;
        assert_eq!(status, 201, "{body}");
    }
    if let Some(mut grant) = grant {
        grant["username"] = json!(username);
        let (status, body) = app.post_json("/api/v1/grants", &grant).await;
        assert_eq!(status, 201, "{who:?}: {body}");
    }
    browser.sign_in_as(&username, PASSWORD).await;
    browser
}

/// The answers of one person to every action, in the order of [`ACTIONS`].
async fn answers(b: &Browser, r: &Records) -> Vec<u16> {
    let mut out = Vec::new();
    for (target, action) in ACTIONS {
        let id = match target {
            Target::Inside => r.inside,
            Target::Outside => r.outside,
            Target::Enterprise => r.enterprise,
        };
        let status = match action {
            Act::ReadPublic => b.get_json(&format!("/api/v1/organisations/{id}")).await.0,
            Act::ReadMembers => b.get_json(&format!("/api/v1/organisations/{id}/members")).await.0,
            Act::ReadFigures => b.get_json(&format!("/api/v1/organisations/{id}/figures")).await.0,
            Act::ReadHistory => b.get_json(&format!("/api/v1/organisations/{id}/history")).await.0,
            Act::Edit => {
                let mut org = organisation("Tên đã sửa", "htx", "2008", "01834");
                if target == Target::Outside {
                    org = organisation("Tên đã sửa", "htx", "2025", "00070");
                }
                if target == Target::Enterprise {
                    org = organisation("Tên đã sửa", "enterprise", "2008", "01834");
                }
                b.send_json(Method::PUT, &format!("/api/v1/organisations/{id}"), &org)
                    .await
                    .0
            }
            Act::ChangeStatus => {
                let body = json!({"status": "suspended", "effective_date": "2026-11-01"});
                b.post_json(&format!("/api/v1/organisations/{id}/statuses"), &body)
                    .await
                    .0
            }
            Act::AddMember => {
                let member = json!({"kind": "person", "full_name": "Lò Văn Mới", "membership": "official",
                                    "birth_date": "1990-01-01", "joined_on": "2026-01-10"});
                b.post_json(&format!("/api/v1/organisations/{id}/members"), &member)
                    .await
                    .0
            }
            Act::AddFigures => {
                let figures = json!({"year": 2025, "members": 9, "revenue": 1_500_000_000i64});
                b.post_json(&format!("/api/v1/organisations/{id}/figures"), &figures)
                    .await
                    .0
            }
            Act::ListProduct => {
                let listing = json!({"product_id": r.inside_product, "season": [3, 4, 5], "unit": "kg",
                                     "monthly_volume": 500, "price_min": 200000});
                b.post_json("/api/v1/market/listings", &listing).await.0
            }
            Act::PostDemand => {
                let demand = json!({"buyer_id": id, "product": "Chè búp", "quantity": 2, "unit": "tonne",
                                    "starts_on": "2027-01-01", "ends_on": "2027-06-30", "delivery_province": "01"});
                b.post_json("/api/v1/market/demands", &demand).await.0
            }
            Act::ProposeProgramme => {
                let (proposer, partner) = if target == Target::Outside {
                    ("01", "19")
                } else {
                    ("19", "01")
                };
                let programme = json!({"name": "Chương trình phối hợp", "kind": "cooperation",
                                       "proposer_province": proposer, "partner_province": partner,
                                       "valid_from": "2027-01-01"});
                b.post_json("/api/v1/market/programmes", &programme).await.0
            }
            Act::RecordShop => {
                let shop = json!({"name": "Điểm bán OCOP", "kind": "point_of_sale", "province_code": "19",
                                  "address": "Số 1 đường Cách Mạng Tháng Tám", "operator_id": id.to_string()});
                b.post_json("/api/v1/market/shops", &shop).await.0
            }
            Act::RecordFair => {
                let fair = json!({"name": "Hội chợ OCOP", "kind": "fair", "organiser_province": "19",
                                  "venue_province": "19", "opening_day": "2026-10-06", "closing_day": "2026-10-09"});
                b.post_json("/api/v1/market/fairs", &fair).await.0
            }
            Act::CreateHere => {
                let org = match target {
                    Target::Outside => organisation("HTX mới", "htx", "2025", "00070"),
                    _ => organisation("HTX mới", "htx", "2008", "01834"),
                };
                b.post_json("/api/v1/organisations", &org).await.0
            }
        };
        out.push(status);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    Inside,
    Outside,
    Enterprise,
}

#[derive(Debug, Clone, Copy)]
enum Act {
    ReadPublic,
    ReadMembers,
    ReadFigures,
    ReadHistory,
    Edit,
    ChangeStatus,
    AddMember,
    AddFigures,
    CreateHere,
    /// List the organisation's product on the market.
    ListProduct,
    /// Post a demand in the organisation's name.
    PostDemand,
    /// Propose a programme for the target's province (Thái Nguyên inside, Hà Nội outside).
    ProposeProgramme,
    /// Record a point of sale in Thái Nguyên run by the organisation.
    RecordShop,
    /// Record a fair organised by Thái Nguyên's alliance.
    RecordFair,
}

use Act::*;
use Target::*;

/// The areas these tests run.
fn areas() -> Vec<hoptac_web::Area> {
    hoptac_cli::areas()
}

const ACTIONS: [(Target, Act); 23] = [
    (Inside, ReadPublic),
    (Inside, ReadMembers),
    (Inside, ReadFigures),
    (Inside, ReadHistory),
    (Inside, Edit),
    (Inside, ChangeStatus),
    (Inside, AddMember),
    (Inside, AddFigures),
    (Inside, CreateHere),
    (Outside, ReadPublic),
    (Outside, ReadMembers),
    (Outside, Edit),
    (Outside, ChangeStatus),
    (Outside, CreateHere),
    (Enterprise, ReadMembers),
    (Enterprise, Edit),
    (Enterprise, ChangeStatus),
    (Inside, ListProduct),
    (Enterprise, PostDemand),
    (Inside, ProposeProgramme),
    (Outside, ProposeProgramme),
    (Inside, RecordShop),
    (Inside, RecordFair),
];

#[tokio::test]
async fn each_role_reaches_its_scope_and_nothing_else_through_the_api() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    // Answers in the order of ACTIONS. 404: out of reach, told apart from nothing; 403: in reach
    // but not allowed to the role; 422: the new organisation's commune is outside the scope, or
    // the organisation is not the person's to trade for (the registry is public, so the form names
    // the field instead of hiding the record).
    #[rustfmt::skip]
    let expected: [(Who, [u16; 23]); 8] = [
        //                      inside:                                        outside:                  enterprise:      market:    promotion:
        //                      pub  mem  fig  his  edit stat mem+ fig+ new    pub  mem  edit stat new   mem  edit stat   list post  pr19 pr01 shop fair
        (Who::Visitor,         [200, 401, 401, 401, 401, 401, 401, 401, 401,  200, 401, 401, 401, 401,  401, 401, 401,  401, 401,  401, 401, 401, 401]),
        (Who::NoRole,          [200, 404, 404, 404, 404, 404, 404, 404, 403,  200, 404, 404, 404, 403,  404, 404, 404,  422, 422,  422, 422, 422, 422]),
        (Who::NationalOfficer, [200, 200, 200, 200, 200, 201, 201, 201, 201,  200, 200, 200, 201, 201,  200, 200, 201,  201, 201,  201, 201, 201, 201]),
        (Who::ProvinceOfficer, [200, 200, 200, 200, 200, 201, 201, 201, 201,  200, 404, 404, 404, 422,  200, 200, 201,  201, 201,  201, 422, 201, 201]),
        (Who::CommuneOfficer,  [200, 200, 200, 200, 200, 201, 201, 201, 201,  200, 404, 404, 404, 422,  200, 200, 201,  422, 422,  422, 422, 422, 422]),
        (Who::Manager,         [200, 200, 200, 200, 200, 403, 201, 201, 403,  200, 404, 404, 404, 403,  404, 404, 404,  201, 422,  422, 422, 201, 422]),
        (Who::Buyer,           [200, 404, 404, 404, 404, 404, 404, 404, 403,  200, 404, 404, 404, 403,  200, 200, 403,  422, 201,  422, 422, 422, 422]),
        (Who::Evaluator,       [200, 404, 404, 404, 404, 404, 404, 404, 403,  200, 404, 404, 404, 403,  404, 404, 404,  422, 422,  422, 422, 422, 422]),
    ];
    for (n, (who, want)) in expected.iter().enumerate() {
        let r = records(&app, n).await;
        let browser = person(&app, *who, &r, n).await;
        let got = answers(&browser, &r).await;
        let mismatches: Vec<String> = ACTIONS
            .iter()
            .zip(got.iter().zip(want.iter()))
            .filter(|(_, (g, w))| g != w)
            .map(|((target, act), (g, w))| format!("{target:?} {act:?}: got {g}, want {w}"))
            .collect();
        assert!(mismatches.is_empty(), "{who:?}:\n{}", mismatches.join("\n"));
    }
    app.stop().await;
}

#[tokio::test]
async fn each_role_meets_the_same_rule_on_the_pages() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    // (who, edit form, status form posted, members shown) for the cooperative inside; the edit
    // form of the one outside. 303 to /login for a visitor; 303 back to the page on success.
    let cases = [
        (Who::Visitor, 303, 303, false, 303),
        (Who::NoRole, 404, 404, false, 404),
        (Who::ProvinceOfficer, 200, 303, true, 404),
        (Who::CommuneOfficer, 200, 303, true, 404),
        (Who::Manager, 200, 403, true, 404),
        (Who::Buyer, 404, 404, false, 404),
    ];
    for (n, (who, edit, status, members, outside_edit)) in cases.into_iter().enumerate() {
        let r = records(&app, n).await;
        let (code, _) = app
            .post_json(
                &format!("/api/v1/organisations/{}/members", r.inside),
                &json!({"kind": "person", "full_name": "Hà Thị Riêng", "membership": "official",
                        "birth_date": "1980-02-02", "id_number": "001180012345", "joined_on": "2023-01-01"}),
            )
            .await;
        assert_eq!(code, 201);
        let b = person(&app, who, &r, n + 100).await;
        let page = |path: String| {
            let b = &b;
            async move { b.client.get(b.url(&path)).send().await.unwrap() }
        };
        let form = page(format!("/organisations/{}/edit", r.inside)).await;
        assert_eq!(form.status(), edit, "{who:?} edit form");
        if who == Who::Visitor {
            let to = form.headers()["location"].to_str().unwrap();
            assert!(to.starts_with("/login?next="), "{to}");
        }
        let posted = b
            .post_form(
                &format!("/organisations/{}/status", r.inside),
                &[
                    ("status", "suspended"),
                    ("effective_date", "2026-11-01"),
                    ("reason", ""),
                ],
            )
            .await;
        assert_eq!(posted.status(), status, "{who:?} status form");
        let detail = page(format!("/organisations/{}", r.inside)).await;
        assert_eq!(detail.status(), 200, "the register entry is public");
        let html = detail.text().await.unwrap();
        assert_eq!(html.contains("Hà Thị Riêng"), members, "{who:?} members shown");
        assert_eq!(html.contains("001180012345"), members, "{who:?} identity number");
        let outside = page(format!("/organisations/{}/edit", r.outside)).await;
        assert_eq!(outside.status(), outside_edit, "{who:?} edit form outside");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_revoked_or_moved_role_ends_at_the_next_request() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let first = records(&app, 1).await;
    let second = records(&app, 2).await;
    let manager = person(&app, Who::Manager, &first, 1).await;
    let members = |id: i64| format!("/api/v1/organisations/{id}/members");
    assert_eq!(manager.get_json(&members(first.inside)).await.0, 200);
    // Moved to the second cooperative: the grant on the first is revoked, one on the second made.
    let (_, grants) = app
        .get_json(&format!("/api/v1/organisations/{}/grants", first.inside))
        .await;
    let grant_id = grants[0]["id"].as_i64().unwrap();
    assert_eq!(grants[0]["username"], "user1");
    let (status, _) = app
        .send_json(Method::DELETE, &format!("/api/v1/grants/{grant_id}"), &json!({}))
        .await;
    assert_eq!(status, 204);
    let (status, _) = app
        .post_json(
            "/api/v1/grants",
            &json!({"username": "user1", "role": "manager", "organisation_id": second.inside}),
        )
        .await;
    assert_eq!(status, 201);
    // Same session, next request: the first is out of reach, the second in.
    assert_eq!(manager.get_json(&members(first.inside)).await.0, 404);
    assert_eq!(manager.get_json(&members(second.inside)).await.0, 200);
    let (_, me) = manager.get_json("/api/v1/auth/me").await;
    assert_eq!(me["roles"].as_array().unwrap().len(), 1);
    assert_eq!(
        me["roles"][0]["scope"],
        json!({"kind": "organisation", "id": second.inside})
    );
    // Revoking twice finds nothing.
    let (status, _) = app
        .send_json(Method::DELETE, &format!("/api/v1/grants/{grant_id}"), &json!({}))
        .await;
    assert_eq!(status, 404);
    // Both changes are in the trail.
    let actions: Vec<String> = app
        .trail("entity=role_grant")
        .await
        .into_iter()
        .map(|(_, action, _)| action)
        .collect();
    assert_eq!(actions, ["create", "delete", "create"]);
    app.stop().await;
}

#[tokio::test]
async fn officers_grant_and_invite_inside_their_scope_only() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let r = records(&app, 1).await;
    let officer = person(&app, Who::ProvinceOfficer, &r, 1).await;
    hoptac_core::users::create(
        &app.db.db,
        "giamdoc",
        "",
        PASSWORD,
        false,
        hoptac_web::testing::now(),
    )
    .await
    .unwrap();
    // A manager of a cooperative in the province: granted.
    let (status, body) = officer
        .post_json(
            "/api/v1/grants",
            &json!({"username": "giamdoc", "role": "manager", "organisation_id": r.inside}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["scope_name"], "HTX Bắc Kạn 1");
    // The same again is a clash; Hà Nội's cooperative, an alliance officer and a council member
    // are not the officer's to grant; a buyer must be an enterprise.
    let tries = [
        (
            json!({"username": "giamdoc", "role": "manager", "organisation_id": r.inside}),
            409,
            "role",
            "already_granted",
        ),
        (
            json!({"username": "giamdoc", "role": "manager", "organisation_id": r.outside}),
            422,
            "role",
            "not_grantable",
        ),
        (
            json!({"username": "giamdoc", "role": "alliance_officer", "province": "19"}),
            422,
            "role",
            "not_grantable",
        ),
        (
            json!({"username": "giamdoc", "role": "evaluator"}),
            422,
            "role",
            "assigned_in_round",
        ),
        (
            json!({"username": "giamdoc", "role": "buyer", "organisation_id": r.inside}),
            422,
            "organisation_id",
            "buyer_not_enterprise",
        ),
        (
            json!({"username": "nobody", "role": "manager", "organisation_id": r.inside}),
            422,
            "username",
            "unknown_account",
        ),
        (
            json!({"username": "giamdoc", "role": "manager", "organisation_id": 999999}),
            422,
            "organisation_id",
            "unknown_organisation",
        ),
    ];
    for (body, status, field, code) in tries {
        let (got, answer) = officer.post_json("/api/v1/grants", &body).await;
        assert_eq!(got, status, "{body}: {answer}");
        assert!(
            hoptac_web::testing::field_codes(&answer).contains(&(field.to_owned(), code.to_owned())),
            "{body}: {answer}"
        );
    }
    // An invitation carries the role; accepting it gives the new account that role at once.
    let (status, issued) = officer
        .post_json(
            "/api/v1/invitations",
            &json!({"contact": "0987654321", "role": "commune_officer", "commune": "01834", "commune_era": "2008"}),
        )
        .await;
    assert_eq!(status, 201, "{issued}");
    assert_eq!(issued["grants"][0]["role"], "commune_officer");
    let (status, refused) = officer
        .post_json(
            "/api/v1/invitations",
            &json!({"contact": "0987654321", "role": "commune_officer", "commune": "00070"}),
        )
        .await;
    assert_eq!(
        (status, hoptac_web::testing::field_codes(&refused)),
        (422, vec![("role".into(), "not_grantable".into())])
    );
    let secret = issued["link"].as_str().unwrap().trim_start_matches("/invite/");
    let newcomer = app.browser();
    let (status, me) = newcomer
        .post_json(
            "/api/v1/invitations/accept",
            &json!({"secret": secret, "username": "canboxa", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, 201, "{me}");
    assert_eq!(me["roles"][0]["role"], "commune_officer");
    assert_eq!(
        newcomer
            .get_json(&format!("/api/v1/organisations/{}/members", r.inside))
            .await
            .0,
        200
    );
    // The officer lists and may revoke the roles inside the province, not the administrator's.
    let (_, manageable) = officer.get_json("/api/v1/grants").await;
    let roles: Vec<&str> = manageable
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["manager", "commune_officer"]);
    app.stop().await;
}

#[tokio::test]
async fn the_people_page_offers_what_the_viewer_may_grant() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let r = records(&app, 1).await;
    let officer = person(&app, Who::ProvinceOfficer, &r, 1).await;
    let (_, home) = officer.get_html("/").await;
    assert!(
        home.contains(r#"<a href="/organisations?province=19">Cán bộ Liên minh HTX — "#),
        "{home}"
    );
    let (status, html) = officer.get_html("/users").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<option value="manager""#) && html.contains(r#"<option value="commune_officer""#)
    );
    assert!(
        !html.contains(r#"<option value="alliance_officer""#),
        "appointed by administrators only"
    );
    assert!(
        !html.contains("/password-reset"),
        "accounts are the administrators'"
    );
    // A rejected invitation keeps what was typed and names the field.
    let answer = officer
        .post_form(
            "/users/invitations",
            &[
                ("contact", "not a contact"),
                ("display_name", "Chị Hoa"),
                ("role", "manager"),
                ("organisation_id", &r.outside.to_string()),
            ],
        )
        .await;
    assert_eq!(answer.status(), 422);
    let html = answer.text().await.unwrap();
    assert!(html.contains("Chị Hoa") && html.contains("not a contact"));
    assert!(
        html.contains("bạn không được giao vai trò này ở phạm vi đã chọn"),
        "{html}"
    );
    // Appointed from the organisation's page, revoked from it.
    hoptac_core::users::create(
        &app.db.db,
        "giamdoc",
        "Ông Giám Đốc",
        PASSWORD,
        false,
        hoptac_web::testing::now(),
    )
    .await
    .unwrap();
    let (_, inside) = officer
        .get_json(&format!("/api/v1/organisations/{}", r.inside))
        .await;
    let suggestion = format!("{} (#{})", inside["name"].as_str().unwrap(), r.inside);
    let granted = officer
        .post_form(
            "/users/grants",
            &[
                ("username", "giamdoc"),
                ("role", "manager"),
                // As the form's suggestion gives it: the name with its number.
                ("organisation_id", &suggestion),
            ],
        )
        .await;
    assert_eq!(granted.status(), 303);
    let (_, page) = officer.get_html(&format!("/organisations/{}", r.inside)).await;
    assert!(page.contains("Ông Giám Đốc (giamdoc)"));
    let (_, grants) = officer
        .get_json(&format!("/api/v1/organisations/{}/grants", r.inside))
        .await;
    let id = grants[0]["id"].as_i64().unwrap();
    let back = format!("/organisations/{}", r.inside);
    let revoked = officer
        .post_form(
            &format!("/grants/{id}/revoke"),
            &[("next", &back), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(
        (
            revoked.status().as_u16(),
            revoked.headers()["location"].to_str().unwrap()
        ),
        (303, back.as_str())
    );
    let (_, page) = officer.get_html(&format!("/organisations/{}", r.inside)).await;
    assert!(!page.contains("Ông Giám Đốc (giamdoc)"));
    // Revoked once: a second revocation (another tab, another officer) finds nothing to revoke.
    let again = officer
        .post_form(
            &format!("/grants/{id}/revoke"),
            &[("next", &back), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(again.status(), 404);
    let (_, trail) = officer
        .get_json(&format!("/api/v1/organisations/{}/history", r.inside))
        .await;
    let revocations = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "role_grant" && e["action"] == "delete")
        .count();
    assert_eq!(revocations, 1, "{trail}");
    // Someone who grants nothing has no people page.
    let nobody = person(&app, Who::NoRole, &r, 2).await;
    assert_eq!(nobody.get_html("/users").await.0, 404);
    app.stop().await;
}
