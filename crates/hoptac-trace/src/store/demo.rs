//! `serve --demo`'s traceability: the Tân Cương tea that `giamdoc`'s cooperative makes, with a
//! GTIN, its tea hill and roasting workshop, and one lot's journey over the last three weeks:
//! picked on the hill, roasted into packed tea, shipped to the Hà Nội buyer, received in its
//! warehouse. Its code opens the consumer's page at `/01/08935001234562/10/{lot}`.
//!
//! The GTIN and GLNs carry the demo company prefix 8935001 (893 is GS1 Vietnam's): they are
//! examples, not numbers GS1 Vietnam gave anyone.

use super::{events, places};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hoptac_core::audit::Actor;
use hoptac_core::{on_pool, Context, Db, StoreError, StoreResult};
use serde_json::{json, Value};

/// The demo product's GTIN (GTIN-13 written as 14 digits).
pub const TEA_GTIN: &str = "08935001234562";

/// What the demo loaded: the address of the packed lot's page.
pub struct TraceDemo {
    pub events: usize,
    pub lot_path: String,
}

async fn id_of(db: &Db, sql: &str, name: &str) -> StoreResult<i64> {
    let found: Option<i64> = on_pool!(db, |pool| sqlx::query_scalar(sql)
        .bind(name)
        .fetch_optional(pool)
        .await)?;
    found.ok_or_else(|| {
        StoreError::Config(format!(
            "the traceability demo needs «{name}»; load the OCOP and market demos first"
        ))
    })
}

/// Loads the demo into a database holding the OCOP and market demos.
pub async fn load(db: &Db, today: NaiveDate, now: DateTime<Utc>) -> StoreResult<TraceDemo> {
    let cx = Context::on(db, &Actor::system("demo"), today, now);
    let tea = id_of(
        db,
        "SELECT id FROM ocop_products WHERE name = $1 ORDER BY id LIMIT 1",
        "Chè búp Tân Cương",
    )
    .await?;
    let maker = id_of(
        db,
        "SELECT organisation_id FROM ocop_products WHERE name = $1 ORDER BY id LIMIT 1",
        "Chè búp Tân Cương",
    )
    .await?;
    let buyer = id_of(
        db,
        "SELECT id FROM organisations WHERE name = $1 ORDER BY id LIMIT 1",
        "Công ty Cổ phần Thực phẩm Sạch Thủ Đô",
    )
    .await?;
    places::set_gtin(&cx, tea, TEA_GTIN).await?;
    let place = |organisation_id: i64, name: &str, gln: Option<&str>| places::PlaceInput {
        organisation_id,
        name: name.into(),
        gln: gln.map(str::to_owned),
        commune_code: None,
    };
    places::add(
        &cx,
        &place(maker, "Đồi chè số 3, xóm Nam Thái", Some("8935001000013")),
    )
    .await?;
    places::add(
        &cx,
        &place(maker, "Xưởng sao chè của hợp tác xã", Some("8935001000020")),
    )
    .await?;
    let warehouse = places::add(&cx, &place(buyer, "Kho hàng Long Biên", None)).await?;

    let day = |days_ago: i64, time: &str| format!("{}T{time}+07:00", today - Duration::days(days_ago));
    let leaves = format!("CHE-{}", (today - Duration::days(20)).format("%y%m%d"));
    let packed = format!("B{}", (today - Duration::days(19)).format("%y%m%d"));
    let leaves_class = format!("https://id.gs1.org/01/{TEA_GTIN}/10/{leaves}");
    let packed_class = format!("https://id.gs1.org/01/{TEA_GTIN}/10/{packed}");
    let hill = json!({"id": "https://id.gs1.org/414/8935001000013"});
    let workshop = json!({"id": "https://id.gs1.org/414/8935001000020"});
    let cooperative_events = vec![
        json!({
            "type": "ObjectEvent", "eventTime": day(20, "06:30:00"), "eventTimeZoneOffset": "+07:00",
            "action": "ADD", "bizStep": "commissioning", "disposition": "active",
            "quantityList": [{"epcClass": leaves_class, "quantity": 420.5, "uom": "KGM"}],
            "readPoint": hill, "bizLocation": hill,
            "ilmd": {"vn:harvestDate": (today - Duration::days(20)).to_string(), "vn:picking": "một tôm hai lá"}
        }),
        json!({
            "type": "TransformationEvent", "eventTime": day(19, "14:00:00"), "eventTimeZoneOffset": "+07:00",
            "bizStep": "commissioning", "disposition": "active",
            "inputQuantityList": [{"epcClass": leaves_class, "quantity": 420.5, "uom": "KGM"}],
            "outputQuantityList": [{"epcClass": packed_class, "quantity": 400}],
            "readPoint": workshop, "bizLocation": workshop,
            "ilmd": {"vn:processing": "sao suốt, đóng túi 200 g"}
        }),
        json!({
            "type": "ObjectEvent", "eventTime": day(15, "09:00:00"), "eventTimeZoneOffset": "+07:00",
            "action": "OBSERVE", "bizStep": "inspecting", "disposition": "conformant",
            "quantityList": [{"epcClass": packed_class, "quantity": 2}],
            "readPoint": workshop
        }),
        json!({
            "type": "ObjectEvent", "eventTime": day(12, "07:00:00"), "eventTimeZoneOffset": "+07:00",
            "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
            "quantityList": [{"epcClass": packed_class, "quantity": 300}],
            "readPoint": workshop,
            "destinationList": [{"type": "owning_party", "destination": format!("urn:hoptac:organisation:{buyer}")}]
        }),
    ];
    let buyer_events = vec![json!({
        "type": "ObjectEvent", "eventTime": day(11, "16:20:00"), "eventTimeZoneOffset": "+07:00",
        "action": "OBSERVE", "bizStep": "receiving", "disposition": "sellable_accessible",
        "quantityList": [{"epcClass": packed_class, "quantity": 300}],
        "readPoint": {"id": format!("{}{warehouse}", places::LOCAL_LOCATION)}
    })];
    let document = |list: Vec<Value>| {
        json!({
            "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": now.to_rfc3339(),
            "epcisBody": {"eventList": list}
        })
    };
    let made = events::capture(&cx, maker, &document(cooperative_events))
        .await?
        .ids
        .len()
        + events::capture(&cx, buyer, &document(buyer_events))
            .await?
            .ids
            .len();
    Ok(TraceDemo {
        events: made,
        lot_path: format!("/01/{TEA_GTIN}/10/{packed}"),
    })
}
