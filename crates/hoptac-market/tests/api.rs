//! The market through the API and the pages: a cooperative's manager lists its tea, a Hà Nội buyer
//! posts a demand through the form, the demand's matches explain themselves in the reader's
//! language, and bad input is named field by field and keeps what was typed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{areas, created, setting};
use hoptac_web::testing::{cooperative, field_codes, person, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_listing_and_a_demand_meet_and_say_why() {
    let app = TestApp::spawn(areas()).await;
    let (htx, tea, buyer_org) = setting(&app).await;
    let manager = person(
        &app,
        "giamdoc",
        Some(json!({"role": "manager", "organisation_id": htx})),
    )
    .await;
    // Refused as a whole, each field named.
    let wrong = json!({"product_id": tea, "season": [0, 13], "unit": "kg", "monthly_volume": 0,
                       "price_min": 300000, "price_max": 200000});
    let (status, body) = manager.post_json("/api/v1/market/listings", &wrong).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_codes(&body),
        vec![
            ("season".to_owned(), "not_a_month".to_owned()),
            ("season".to_owned(), "not_a_month".to_owned()),
            ("monthly_volume".to_owned(), "not_positive".to_owned()),
            ("price_max".to_owned(), "below_price_min".to_owned()),
        ]
    );
    let (_, none) = app.get_json("/api/v1/market/listings").await;
    assert_eq!(none["total"], 0);
    let listing = json!({"product_id": tea, "season": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "unit": "kg",
                         "monthly_volume": 1000, "price_min": "200.000", "price_max": 300000,
                         "description": "Chè búp khô, túi 500 g"});
    let (status, body) = manager.post_json("/api/v1/market/listings", &listing).await;
    assert_eq!(status, 201, "{body}");
    let listing_id = body["id"].as_i64().unwrap();
    assert_eq!(body["season"].as_array().unwrap().len(), 12);
    assert_eq!(body["price_min"], 200_000);
    // Not signed in: no listing.
    let visitor = app.browser();
    let (status, _) = visitor.post_json("/api/v1/market/listings", &listing).await;
    assert_eq!(status, 401);

    // The buyer posts through the form; a refused form keeps what was typed.
    let buyer = person(
        &app,
        "nguoimua",
        Some(json!({"role": "buyer", "organisation_id": buyer_org})),
    )
    .await;
    let buyer_id = buyer_org.to_string();
    let mut form = vec![
        ("buyer_id", buyer_id.as_str()),
        ("product", "Chè búp loại một"),
        ("quantity", "0"),
        ("unit", "tonne"),
        ("starts_on", "01/01/2027"),
        ("ends_on", "30/06/2027"),
        ("delivery_province", "01"),
    ];
    let refused = buyer.post_form("/market/demands", &form).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Chè búp loại một"), "the typed product is kept");
    assert!(html.contains("Số lượng: phải lớn hơn 0."), "{html}");
    form[2] = ("quantity", "6");
    let saved = buyer.post_form("/market/demands", &form).await;
    assert_eq!(saved.status(), 303);
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    let demand_id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();

    // Anyone reads the open demand's matches, in the language asked.
    let r = visitor
        .client()
        .get(visitor.url(&format!("/api/v1/market/demands/{demand_id}/matches")))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let found: Value = r.json().await.unwrap();
    let matches = found["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 1, "{found}");
    assert_eq!(matches[0]["listing"]["id"], listing_id);
    assert_eq!(matches[0]["supply"], 6_000);
    assert_eq!(matches[0]["supply_unit"], "kg");
    let reasons: Vec<&str> = matches[0]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    // Numbers are written as the project writes them in both languages (thousands dotted).
    assert_eq!(
        reasons,
        vec![
            "The product's name matches 2 of 4 words",
            "Supplies 100% of the quantity (6.000 kg over the delivery period)",
            "No OCOP certificate holding on the first delivery day",
            "About 62 km from the delivery province (straight line)",
            "The cheapest of the listings that answer",
        ]
    );
    // The demand's page lists the supply in Vietnamese.
    let (status, page) = visitor.get_html(&format!("/market/demands/{demand_id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Đáp ứng 100% số lượng"), "{page}");
    // The manager sees the demand on the listing's page; the catalogue finds the tea without
    // diacritics; the cooperative's page shows its listing.
    let (_, listing_page) = manager.get_html(&format!("/market/listings/{listing_id}")).await;
    assert!(
        listing_page.contains(&format!("/market/demands/{demand_id}")),
        "{listing_page}"
    );
    let (_, catalogue) = visitor.get_html("/market?q=che+tan+cuong").await;
    assert!(
        catalogue.contains(&format!("/market/listings/{listing_id}")),
        "{catalogue}"
    );
    let (_, organisation) = visitor.get_html(&format!("/organisations/{htx}")).await;
    assert!(organisation.contains(&format!("/market/listings/{listing_id}")));
    // A visitor is asked to sign in to contact the seller; the manager is not.
    let (_, public_page) = visitor.get_html(&format!("/market/listings/{listing_id}")).await;
    assert!(
        public_page.contains("Đăng nhập để liên hệ bên bán"),
        "{public_page}"
    );
    assert!(!listing_page.contains("Đăng nhập để liên hệ bên bán"));

    // From the demand's match, a contract with that cooperative starts filled: its product, the
    // demand's quantity in the listing's unit, the asking price, the seller by name.
    let (status, form) = buyer
        .get_html(&format!(
            "/market/contracts/new?demand_id={demand_id}&listing_id={listing_id}"
        ))
        .await;
    assert_eq!(status, 200);
    assert!(
        form.contains(&format!("value=\"HTX Tiến Linh (#{htx})\"")),
        "{form}"
    );
    assert!(form.contains("value=\"Chè búp Tân Cương\"") && form.contains("value=\"6000\""));
    assert!(form.contains("value=\"200000\""));
    // The buyer marks the demand met; the public no longer sees it, the buyer does.
    let (status, demand) = buyer
        .get_json(&format!("/api/v1/market/demands/{demand_id}"))
        .await;
    assert_eq!(status, 200);
    let mut met = demand.clone();
    met["state"] = json!("met");
    met["version"] = demand["version"].clone();
    let (status, body) = buyer
        .send_json(Method::PUT, &format!("/api/v1/market/demands/{demand_id}"), &met)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["state"], "met");
    let (status, _) = visitor
        .get_json(&format!("/api/v1/market/demands/{demand_id}"))
        .await;
    assert_eq!(status, 404);
    // Sent again from the old version: refused.
    let (status, _) = buyer
        .send_json(Method::PUT, &format!("/api/v1/market/demands/{demand_id}"), &met)
        .await;
    assert_eq!(status, 409);
    // The manager may not post a demand in the enterprise's name.
    let mut theirs = met.clone();
    theirs["state"] = json!("open");
    let (status, body) = manager.post_json("/api/v1/market/demands", &theirs).await;
    assert_eq!(status, 422);
    assert_eq!(
        field_codes(&body),
        vec![("buyer_id".to_owned(), "cannot_trade_for".to_owned())]
    );
    let trail = app.trail("entity=market_demand").await;
    assert_eq!(trail.len(), 2, "{trail:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_contract_is_written_through_its_form_and_signed_through_the_api() {
    let app = TestApp::spawn(areas()).await;
    let (htx, _tea, buyer_org) = setting(&app).await;
    let buyer = person(
        &app,
        "nguoimua",
        Some(json!({"role": "buyer", "organisation_id": buyer_org})),
    )
    .await;
    let manager = person(
        &app,
        "giamdoc",
        Some(json!({"role": "manager", "organisation_id": htx})),
    )
    .await;
    let buyer_id = buyer_org.to_string();
    let seller = htx.to_string();
    // Two product rows, the second left blank; one delivery row too large for its line.
    let mut form = vec![
        ("kind", "contract"),
        ("name", "Chè búp Tân Cương 2027"),
        ("buyer_id", buyer_id.as_str()),
        ("starts_on", "01/01/2027"),
        ("ends_on", "30/06/2027"),
        ("line_seller_id", seller.as_str()),
        ("line_product", "Chè búp Tân Cương"),
        ("line_quantity", "1.000"),
        ("line_unit", "kg"),
        ("line_price", "210.000"),
        ("line_seller_id", ""),
        ("line_product", ""),
        ("line_quantity", ""),
        ("line_unit", "kg"),
        ("line_price", ""),
        ("due_line", "1"),
        ("due_on", "2027-03-01"),
        ("due_quantity", "1200"),
    ];
    let refused = buyer.post_form("/market/contracts", &form).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("Chè búp Tân Cương 2027"), "the typed name is kept");
    assert!(
        html.contains("Số lượng (Dòng hàng, dòng 1): lịch giao cộng lại 1200, nhiều hơn số lượng của dòng."),
        "{html}"
    );
    form[17] = ("due_quantity", "1000");
    let saved = buyer.post_form("/market/contracts", &form).await;
    assert_eq!(saved.status(), 303);
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
    let api = format!("/api/v1/market/contracts/{id}");
    let (status, detail) = manager.get_json(&api).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["contract"]["value"], 210_000_000);
    assert_eq!(
        detail["versions"][0]["terms"]["lines"].as_array().unwrap().len(),
        1
    );
    // A visitor and another organisation's keeper are told nothing.
    let (status, _) = app.browser().get_json(&api).await;
    assert_eq!(status, 401);
    let mut elsewhere = cooperative();
    elsewhere["name"] = json!("HTX Gạo Kim Sơn");
    elsewhere["tax_code"] = Value::Null;
    let elsewhere = created(&app, "/api/v1/organisations", &elsewhere).await;
    let other = person(
        &app,
        "nguoikhac",
        Some(json!({"role": "manager", "organisation_id": elsewhere})),
    )
    .await;
    let (status, _) = other.get_json(&api).await;
    assert_eq!(status, 404);
    // A draft's page offers to put it to the parties.
    let (_, draft) = buyer.get_html(&format!("/market/contracts/{id}")).await;
    assert!(draft.contains("Gửi các bên ký"), "{draft}");
    // Put to the parties, signed by both: in force on its first day.
    let (status, body) = buyer
        .post_json(&format!("{api}/state"), &json!({"state": "proposed"}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = buyer
        .post_json(
            &format!("{api}/signatures"),
            &json!({"organisation_id": buyer_org}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // The manager finds the contract waiting on the home page, and signs on the contract's page,
    // which asks first: sent without the confirmation, nothing is signed.
    let (_, home) = manager.get_html("/").await;
    assert!(
        home.contains("Hợp đồng liên kết chờ ký")
            && home.contains("«Chè búp Tân Cương 2027» chờ HTX Tiến Linh ký"),
        "{home}"
    );
    let sign = format!("/market/contracts/{id}/sign");
    let seller_id = htx.to_string();
    let asked = manager
        .post_form(&sign, &[("organisation_id", seller_id.as_str())])
        .await;
    assert_eq!(asked.status(), 200);
    let (_, unsigned) = manager.get_json(&api).await;
    assert_eq!(
        unsigned["signatures"].as_array().unwrap().len(),
        1,
        "the buyer's only"
    );
    let signed = manager
        .post_form(
            &sign,
            &[("organisation_id", seller_id.as_str()), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(signed.status(), 303);
    let (_, body) = manager.get_json(&api).await;
    assert_eq!(body["contract"]["state"], "signed");
    let (_, home) = manager.get_html("/").await;
    assert!(
        !home.contains("Hợp đồng liên kết chờ ký"),
        "signed: nothing waits"
    );
    assert_eq!(body["contract"]["signed_version"], 1);
    // Signed terms are not edited: an amendment is a new version for the parties to sign, while
    // the contract goes on under the version signed.
    let terms = json!({"starts_on": "2027-01-01", "ends_on": "2027-06-30", "change_note": "1.200 kg",
                       "lines": [{"seller_id": htx, "product": "Chè búp Tân Cương", "quantity": 1200, "unit": "kg", "price": 210000}]});
    let (status, body) = manager.post_json(&format!("{api}/versions"), &terms).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["contract"]["state"], "signed");
    assert_eq!(body["contract"]["latest_version"], 2);
    assert_eq!(body["contract"]["signed_version"], 1);
    assert_eq!(body["versions"][0]["note"], "1.200 kg");
    // Dropping the signed line is refused.
    let dropped = json!({"starts_on": "2027-01-01", "ends_on": "2027-06-30",
                         "lines": [{"seller_id": htx, "product": "Chè xanh", "quantity": 10, "unit": "kg", "price": 1000}]});
    let (status, body) = manager.post_json(&format!("{api}/versions"), &dropped).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_codes(&body),
        vec![("lines[0].product".to_owned(), "signed_line_changed".to_owned())]
    );
    // The contract's page shows both versions to its parties.
    let (status, page) = manager.get_html(&format!("/market/contracts/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Phiên bản 2") && page.contains("Phiên bản 1"),
        "{page}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_shops_products_are_ticked_on_its_page_and_a_search_keeps_the_ticks() {
    let app = TestApp::spawn(areas()).await;
    let (htx, tea, _) = setting(&app).await;
    let honey = created(
        &app,
        "/api/v1/ocop/products",
        &json!({"organisation_id": htx, "name": "Mật ong rừng", "product_group": "food"}),
    )
    .await;
    let shop = json!({"name": "Cửa hàng OCOP Thái Nguyên", "kind": "ocop_shop", "province_code": "19",
                      "address": "Số 2 đường Hoàng Văn Thụ", "operator_name": "Trung tâm Xúc tiến thương mại"});
    let (status, body) = app.post_json("/api/v1/market/shops", &shop).await;
    assert_eq!(status, 201, "{body}");
    let id = body["shop"]["id"].as_i64().unwrap();
    let path = format!("/market/shops/{id}/products");
    // The tea ticked, then a search for honey: the tea stays ticked and nothing is saved.
    let (tea, honey) = (tea.to_string(), honey.to_string());
    let found = app
        .post_form(
            &path,
            &[
                ("product_ids", &tea),
                ("version", "1"),
                ("q", "mat ong"),
                ("find", "1"),
            ],
        )
        .await;
    assert_eq!(found.status(), 200);
    let page = found.text().await.unwrap();
    assert!(page.contains(&format!("value=\"{tea}\" checked")), "{page}");
    assert!(page.contains("Mật ong rừng"), "{page}");
    let (_, saved) = app.get_json(&format!("/api/v1/market/shops/{id}")).await;
    assert_eq!(saved["products"], json!([]));
    // Both saved; a list ticked on the shop as it was before comes back as sent, with a note.
    let done = app
        .post_form(
            &path,
            &[("product_ids", &tea), ("product_ids", &honey), ("version", "1")],
        )
        .await;
    assert_eq!(done.status(), 303);
    let late = app
        .post_form(&path, &[("product_ids", &honey), ("version", "1")])
        .await;
    assert_eq!(late.status(), 422);
    let page = late.text().await.unwrap();
    assert!(page.contains("người khác vừa lưu phần này"), "{page}");
    assert!(page.contains(&format!("value=\"{honey}\" checked")), "{page}");
    assert!(!page.contains(&format!("value=\"{tea}\" checked")), "{page}");
    let (_, saved) = app.get_json(&format!("/api/v1/market/shops/{id}")).await;
    assert_eq!(saved["products"].as_array().unwrap().len(), 2);
    app.stop().await;
}

#[tokio::test]
async fn a_year_that_is_not_one_is_named() {
    let app = TestApp::spawn(areas()).await;
    let (status, body) = app.get_json("/api/v1/market/fairs?year=abc").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field_codes(&body), [("year".to_owned(), "not_a_year".to_owned())]);
    let (status, body) = app.get_json("/api/v1/market/fairs?year=2026").await;
    assert_eq!(status, 200, "{body}");
    app.stop().await;
}
