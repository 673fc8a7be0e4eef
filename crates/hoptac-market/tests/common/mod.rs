//! What the market's tests share: days, contexts, people with roles, organisations and products.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use hoptac_core::access::{Grant, Role, Scope};
use hoptac_core::audit::Actor;
use hoptac_core::{gate, users, Context, Db, StoreError};
use hoptac_ocop::domain::inputs::ProductInput;
use hoptac_registry::domain::organisation::OrganisationInput;
use hoptac_registry::store::organisations;
use hoptac_web::testing::{cooperative, Browser, TestApp};
use serde_json::{json, Value};

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn at(s: &str) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date(s).and_hms_opt(3, 0, 0).unwrap())
}

/// A context on `day` (YYYY-MM-DD), at three in the morning.
pub fn cx_on(db: &Db, actor: &Actor, day: &str) -> Context {
    Context::on(db, actor, date(day), at(day))
}

/// The fields and codes of a refusal.
pub fn codes(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Validation(e) | StoreError::Conflict(e) => {
            e.iter().map(|f| (f.field.clone(), f.code)).collect()
        }
        other => panic!("expected field errors, got {other}"),
    }
}

/// An account holding `role` in `scope`.
pub async fn person(db: &Db, username: &str, role: Role, scope: Scope) -> Actor {
    let id = users::create(db, username, username, "mat-khau-dai-du", false, at("2026-01-01"))
        .await
        .unwrap();
    let mut access = gate::access_of(db, id, false).await.unwrap();
    access.grants.push(Grant { role, scope });
    Actor {
        user_id: Some(id),
        name: username.into(),
        address: None,
        access,
    }
}

/// An organisation in a commune: 01834 is Bắc Kạn's old Phường Sông Cầu (2008), now in Thái
/// Nguyên (19); 00070 is Hà Nội's Phường Hoàn Kiếm (2025); 14638 Ninh Bình's Xã Kim Sơn (2025).
pub async fn organisation(db: &Db, kind: &str, name: &str, era: &str, commune: &str) -> i64 {
    let input = OrganisationInput {
        kind: kind.into(),
        name: name.into(),
        founding_date: "2020-03-15".into(),
        sectors: vec!["agriculture".into()],
        commune_era: Some(era.into()),
        commune: commune.into(),
        ..Default::default()
    };
    organisations::create(&cx_on(db, &Actor::system("test"), "2026-01-01"), &input)
        .await
        .unwrap()
}

/// An OCOP product of an organisation, not yet rated.
pub async fn product(db: &Db, organisation_id: i64, name: &str, group: &str) -> i64 {
    let input = ProductInput {
        organisation_id: Some(organisation_id.to_string()),
        name: name.into(),
        product_group: group.into(),
        ..Default::default()
    };
    hoptac_ocop::store::products::create(&cx_on(db, &Actor::system("test"), "2026-01-01"), &input)
        .await
        .unwrap()
}

/// The areas the market's pages and API stand on, for a `TestApp`.
pub fn areas() -> Vec<hoptac_web::Area> {
    vec![
        hoptac_registry::web::area(),
        hoptac_ocop::web::area(),
        hoptac_market::web::area(),
    ]
}

/// The id of a record created through the API by `who` (a person, or the app as its signed-in
/// administrator).
pub async fn created(who: &Browser, path: &str, body: &Value) -> i64 {
    let (status, body) = who.post_json(path, body).await;
    assert_eq!(status, 201, "{path}: {body}");
    body["id"].as_i64().unwrap()
}

/// Signs the test's administrator in and gives a tea cooperative of Thái Nguyên (with an e-mail
/// address) with its product, and a Hà Nội enterprise: (cooperative, product, enterprise).
pub async fn setting(app: &TestApp) -> (i64, i64, i64) {
    app.sign_in().await;
    let mut htx = cooperative();
    htx["email"] = json!("htx.tienlinh@example.vn");
    let htx = created(app, "/api/v1/organisations", &htx).await;
    let tea = created(
        app,
        "/api/v1/ocop/products",
        &json!({"organisation_id": htx, "name": "Chè búp Tân Cương", "product_group": "drinks"}),
    )
    .await;
    let mut enterprise = cooperative();
    enterprise["kind"] = json!("enterprise");
    enterprise["name"] = json!("Công ty Thực phẩm Sạch Thủ Đô");
    enterprise["tax_code"] = Value::Null;
    enterprise["is_new_model"] = json!(false);
    enterprise["commune_era"] = json!("2025");
    enterprise["commune"] = json!("00070");
    let buyer = created(app, "/api/v1/organisations", &enterprise).await;
    (htx, tea, buyer)
}
