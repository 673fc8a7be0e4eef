//! From a match to a contract: a buyer's demand tells the cooperative whose tea fits it, the two
//! talk through the pages and the API, each message tells the other side in the application and
//! by e-mail, and no one else reads or writes in their conversation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{areas, created, setting};
use hoptac_core::mail::Mailer;
use hoptac_core::notifications::{self, MailRun};
use hoptac_core::testing::FakeSmtp;
use hoptac_web::testing::{cooperative, field_codes, person, Browser, TestApp};
use serde_json::{json, Value};

/// The texts of a person's notifications, the newest first, and how many are unread.
async fn told(who: &Browser) -> (Vec<String>, i64) {
    let (status, body) = who.get_json("/api/v1/notifications").await;
    assert_eq!(status, 200, "{body}");
    let texts = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_owned())
        .collect();
    (texts, body["unread"].as_i64().unwrap())
}

#[tokio::test]
async fn a_match_becomes_a_conversation_told_to_each_side() {
    let app = TestApp::spawn(areas()).await;
    let (htx, tea, buyer_org) = setting(&app).await;
    let manager = person(
        &app,
        "giamdoc",
        Some(json!({"role": "manager", "organisation_id": htx})),
    )
    .await;
    let buyer = person(
        &app,
        "nguoimua",
        Some(json!({"role": "buyer", "organisation_id": buyer_org})),
    )
    .await;
    let listing = created(
        &manager,
        "/api/v1/market/listings",
        &json!({"product_id": tea, "season": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "unit": "kg",
                "monthly_volume": 1000, "price_min": 200000, "price_max": 300000}),
    )
    .await;
    assert_eq!(told(&manager).await, (Vec::new(), 0), "no demand yet");

    // A demand the tea answers tells its maker, and tells the buyer what answers it.
    let demand = created(
        &buyer,
        "/api/v1/market/demands",
        &json!({"buyer_id": buyer_org, "product": "Chè búp", "quantity": 2, "unit": "tonne",
                "starts_on": "2027-01-01", "ends_on": "2027-06-30", "delivery_province": "01"}),
    )
    .await;
    let (texts, unread) = told(&manager).await;
    assert_eq!(unread, 1);
    assert!(
        texts[0].starts_with("Công ty Thực phẩm Sạch Thủ Đô cần mua «Chè búp» giao tại Thành phố Hà Nội từ 01/01/2027 đến 30/06/2027: sản phẩm Chè búp Tân Cương của đơn vị phù hợp"),
        "{texts:?}"
    );
    let (texts, _) = told(&buyer).await;
    assert!(
        texts[0].starts_with("Nhu cầu «Chè búp» có 1 sản phẩm chào bán phù hợp; phù hợp nhất: Chè búp Tân Cương của HTX Tiến Linh"),
        "{texts:?}"
    );
    let (_, home) = manager.get_html("/").await;
    assert!(
        home.contains(r#"href="/notifications" class="bell">Thông báo <span class="badge">1"#),
        "{home}"
    );

    // The buyer opens the talk from the match; an empty message is refused and nothing is opened.
    let demand_text = demand.to_string();
    let listing_text = listing.to_string();
    let mut form = vec![
        ("listing_id", listing_text.as_str()),
        ("demand_id", demand_text.as_str()),
        ("message", "  \n "),
    ];
    let refused = buyer.post_form("/market/conversations", &form).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Tin nhắn: bắt buộc nhập."));
    let (_, none) = buyer.get_json("/api/v1/market/conversations").await;
    assert_eq!(none["total"], 0);
    form[2] = (
        "message",
        "Chào anh chị,\nBên em cần 2 tấn chè búp loại một, giao Hà Nội.",
    );
    let opened = buyer.post_form("/market/conversations", &form).await;
    assert_eq!(opened.status(), 303);
    let location = opened.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = location
        .trim_start_matches("/market/conversations/")
        .trim_end_matches("#last")
        .parse()
        .unwrap();
    // Opening it again adds to the same conversation.
    let (status, again) = buyer
        .post_json(
            "/api/v1/market/conversations",
            &json!({"listing_id": listing, "demand_id": demand, "message": "Anh chị báo giá giúp em."}),
        )
        .await;
    assert_eq!(status, 201, "{again}");
    assert_eq!(again["id"], id);
    assert_eq!(again["messages"].as_array().unwrap().len(), 2);
    assert_eq!(again["messages"][0]["author"], "nguoimua");
    assert_eq!(
        again["messages"][0]["body"],
        "Chào anh chị,\nBên em cần 2 tấn chè búp loại một, giao Hà Nội."
    );

    // The cooperative is told, reads and answers through the page.
    let (texts, unread) = told(&manager).await;
    assert_eq!(unread, 3);
    assert_eq!(
        texts[0],
        "Tin nhắn mới của Công ty Thực phẩm Sạch Thủ Đô về Chè búp Tân Cương: “Anh chị báo giá giúp em.”"
    );
    let (status, page) = manager.get_html(&format!("/market/conversations/{id}")).await;
    assert_eq!(status, 200);
    let contract_link = format!("/market/contracts/new?demand_id={demand}&#38;listing_id={listing}");
    assert!(page.contains(&contract_link), "{page}");
    let answered = manager
        .post_form(
            &format!("/market/conversations/{id}/messages"),
            &[("message", "Giá 220.000 đồng/kg, giao theo tháng.")],
        )
        .await;
    assert_eq!(answered.status(), 303);
    let (texts, _) = told(&buyer).await;
    assert_eq!(
        texts[0],
        "Tin nhắn mới của HTX Tiến Linh về Chè búp Tân Cương: “Giá 220.000 đồng/kg, giao theo tháng.”"
    );
    // A refused message keeps what was typed.
    let hidden = "Giá\u{202E}tốt";
    let refused = manager
        .post_form(
            &format!("/market/conversations/{id}/messages"),
            &[("message", hidden)],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains(hidden));

    // Opening a notification marks it read and leads to its page; another's is not found.
    let (_, list) = manager.get_json("/api/v1/notifications").await;
    let newest = list["items"][0]["id"].as_i64().unwrap();
    let opened = manager
        .client
        .get(manager.url(&format!("/notifications/{newest}")))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    assert_eq!(
        opened.headers()["location"].to_str().unwrap(),
        list["items"][0]["link"].as_str().unwrap()
    );
    assert_eq!(told(&manager).await.1, 2);
    let (_, theirs) = buyer.get_json("/api/v1/notifications").await;
    let theirs = theirs["items"][0]["id"].as_i64().unwrap();
    let (status, _) = manager
        .post_json("/api/v1/notifications/read", &json!({"id": theirs}))
        .await;
    assert_eq!(status, 404);
    let (status, _) = manager.post_json("/api/v1/notifications/read", &json!({})).await;
    assert_eq!(status, 204);
    assert_eq!(told(&manager).await.1, 0);
    assert_eq!(told(&buyer).await.1, 2, "each reads for itself");

    // Someone trading for neither side neither reads nor writes.
    let mut other = cooperative();
    other["name"] = json!("HTX Chè Khe Cốc");
    other["tax_code"] = Value::Null;
    let other = created(&app, "/api/v1/organisations", &other).await;
    let outsider = person(
        &app,
        "ngoai",
        Some(json!({"role": "manager", "organisation_id": other})),
    )
    .await;
    let (status, _) = outsider
        .get_json(&format!("/api/v1/market/conversations/{id}"))
        .await;
    assert_eq!(status, 404);
    let (status, _) = outsider
        .post_json(
            &format!("/api/v1/market/conversations/{id}/messages"),
            &json!({"message": "Xin chào"}),
        )
        .await;
    assert_eq!(status, 404);
    let (_, theirs) = outsider.get_json("/api/v1/market/conversations").await;
    assert_eq!(theirs["total"], 0);
    // A seller may not open a talk with itself as buyer.
    let (status, body) = manager
        .post_json(
            "/api/v1/market/conversations",
            &json!({"listing_id": listing, "buyer_id": htx, "message": "Thử"}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        field_codes(&body),
        vec![("buyer_id".to_owned(), "same_as_seller".to_owned())]
    );

    // The cooperative has an address: its notifications are e-mailed once, with a whole link.
    let smtp = FakeSmtp::start(true).await.unwrap();
    let mailer = Mailer::new(&smtp.settings()).unwrap();
    let now = app.clock.now();
    let run = notifications::mail_waiting(&app.db.db, &mailer, now, Some("https://hoptac.example.vn/"))
        .await
        .unwrap();
    assert_eq!(
        run,
        MailRun {
            emailed: 3,
            failed: 0
        }
    );
    let mail = smtp.received().await;
    assert!(mail.contains("RCPT TO:<htx.tienlinh@example.vn>"), "{mail}");
    assert!(
        mail.contains(&format!("https://hoptac.example.vn/market/demands/{demand}")),
        "{mail}"
    );
    let run = notifications::mail_waiting(&app.db.db, &mailer, now, None)
        .await
        .unwrap();
    assert_eq!(run, MailRun::default(), "each is mailed once");
    app.stop().await;
}
