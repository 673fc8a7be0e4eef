//! The market on both engines: who may list and post, stars that come and go with the OCOP
//! certificate, the catalogue's search and filters, a demand matched across provinces, and the
//! bad input that must change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{at, codes, date, organisation, person, product};

use hoptac_core::access::{Role, Scope};
use hoptac_core::audit::Actor;
use hoptac_core::{on_pool, Context, Db, Paging, StoreError};
use hoptac_market::domain::inputs::{DemandInput, ListingInput};
use hoptac_market::domain::matching::{Exclusion, Reason};
use hoptac_market::domain::ListingState;
use hoptac_market::store::listings::{self, ListingFilter};
use hoptac_market::store::{demands, matches_for_demand, matches_for_listing};

const TODAY: &str = "2026-12-07";

fn cx(db: &Db, actor: &Actor) -> Context {
    Context::on(db, actor, date(TODAY), at(TODAY))
}

/// An OCOP certificate of `stars` stars for a product, as a decision would issue it.
async fn certify(db: &Db, product_id: i64, stars: i32, issued: &str, expires: &str) {
    let sql = "INSERT INTO ocop_certificates (number, verification_code, product_id, stars, issued_on, \
               expires_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_pool!(db, |pool| sqlx::query(sql)
        .bind(format!("{product_id}/QĐ-UBND"))
        .bind(format!("code-{product_id}"))
        .bind(product_id)
        .bind(stars)
        .bind(date(issued))
        .bind(date(expires))
        .bind(at(issued))
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
}

fn listing(product_id: i64, months: &[u32], unit: &str, monthly: i64, price: i64) -> ListingInput {
    ListingInput {
        product_id: Some(product_id.to_string()),
        season: months.iter().map(u32::to_string).collect(),
        unit: unit.into(),
        monthly_volume: Some(monthly.to_string()),
        price_min: Some(price.to_string()),
        ..ListingInput::default()
    }
}

const ALL_YEAR: [u32; 12] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

#[tokio::test]
async fn a_manager_lists_the_products_of_their_own_cooperative_only() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let tea_htx = organisation(db, "htx", "HTX Chè Tân Cương", "2008", "01834").await;
    let rice_htx = organisation(db, "htx", "HTX Gạo Kim Sơn", "2025", "14638").await;
    let tea = product(db, tea_htx, "Chè búp Tân Cương", "drinks").await;
    let rice = product(db, rice_htx, "Gạo hữu cơ Kim Sơn", "food").await;
    let manager = person(db, "giamdoc", Role::Manager, Scope::Organisation(tea_htx)).await;
    let id = listings::create(&cx(db, &manager), &listing(tea, &[3, 4, 5], "kg", 600, 250_000))
        .await
        .unwrap();
    let saved = listings::get(db, id, date(TODAY)).await.unwrap();
    assert_eq!(saved.organisation_id, tea_htx);
    assert_eq!(saved.season, vec![3, 4, 5]);
    assert_eq!((saved.price_min, saved.price_max), (250_000, 250_000));
    assert!(saved.delivers_nationwide);
    // Another cooperative's product is not the manager's to sell.
    let other = listings::create(
        &cx(db, &manager),
        &listing(rice, &ALL_YEAR, "tonne", 15, 24_000_000),
    )
    .await;
    assert_eq!(
        codes(other.unwrap_err()),
        vec![("product_id".into(), "cannot_trade_for")]
    );
    // A commune officer keeps the registry but does not trade.
    let commune = person(db, "canboxa", Role::CommuneOfficer, Scope::Commune(1)).await;
    let refused = listings::create(&cx(db, &commune), &listing(tea, &[3], "kg", 600, 250_000)).await;
    assert_eq!(
        codes(refused.unwrap_err()),
        vec![("product_id".into(), "cannot_trade_for")]
    );
    // Ninh Bình's alliance officer lists for a cooperative of Ninh Bình that asks.
    let officer = person(
        db,
        "lienminh37",
        Role::AllianceOfficer,
        Scope::Province("37".into()),
    )
    .await;
    listings::create(
        &cx(db, &officer),
        &listing(rice, &ALL_YEAR, "tonne", 15, 24_000_000),
    )
    .await
    .unwrap();
    // A product that does not exist is named; nothing is saved.
    let unknown = listings::create(&cx(db, &officer), &listing(9_999, &ALL_YEAR, "kg", 1, 1)).await;
    assert_eq!(
        codes(unknown.unwrap_err()),
        vec![("product_id".into(), "invalid_choice")]
    );
    let all = listings::list(
        db,
        &ListingFilter::default(),
        Paging::new(None, None),
        date(TODAY),
    )
    .await
    .unwrap();
    assert_eq!(all.total, 2);
    t.cleanup().await;
}

#[tokio::test]
async fn stars_come_with_the_certificate_and_go_when_it_expires() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let htx = organisation(db, "htx", "HTX Chè Tân Cương", "2008", "01834").await;
    let tea = product(db, htx, "Chè búp Tân Cương", "drinks").await;
    certify(db, tea, 4, "2024-01-15", "2027-01-15").await;
    let admin = Actor::system("test");
    let id = listings::create(&cx(db, &admin), &listing(tea, &ALL_YEAR, "kg", 600, 250_000))
        .await
        .unwrap();
    let today = listings::get(db, id, date(TODAY)).await.unwrap();
    assert_eq!(
        (today.stars, today.expires_on),
        (Some(4), Some(date("2027-01-15")))
    );
    let after = listings::get(db, id, date("2027-01-15")).await.unwrap();
    assert_eq!(after.stars, None);
    let certified = ListingFilter {
        certified: true,
        min_stars: Some(4),
        ..ListingFilter::default()
    };
    let paging = Paging::new(None, None);
    assert_eq!(
        listings::list(db, &certified, paging, date(TODAY))
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(
        listings::list(db, &certified, paging, date("2027-02-01"))
            .await
            .unwrap()
            .total,
        0
    );
    t.cleanup().await;
}

#[tokio::test]
async fn the_catalogue_finds_without_diacritics_and_filters_by_season_and_delivery() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let admin = Actor::system("test");
    let tea_htx = organisation(db, "htx", "HTX Chè Tân Cương", "2008", "01834").await;
    let orange_htx = organisation(db, "htx", "HTX Cam Quang Thuận", "2008", "01834").await;
    let tea = product(db, tea_htx, "Chè búp Tân Cương", "drinks").await;
    let oranges = product(db, orange_htx, "Cam sành Bắc Kạn", "food").await;
    listings::create(
        &cx(db, &admin),
        &listing(tea, &[3, 4, 5, 6, 7, 8, 9, 10, 11], "kg", 600, 250_000),
    )
    .await
    .unwrap();
    let local_oranges = ListingInput {
        delivers_to: vec!["19".into(), "01".into()],
        ..listing(oranges, &[10, 11, 12, 1], "kg", 8_000, 25_000)
    };
    listings::create(&cx(db, &admin), &local_oranges).await.unwrap();
    let names = |filter: ListingFilter| async move {
        listings::list(db, &filter, Paging::new(None, None), date(TODAY))
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|l| l.product_name)
            .collect::<Vec<_>>()
    };
    let search = |q: &str| ListingFilter {
        query: Some(q.into()),
        ..ListingFilter::default()
    };
    assert_eq!(names(search("che tan cuong")).await, vec!["Chè búp Tân Cương"]);
    assert_eq!(names(search("CAM SANH")).await, vec!["Cam sành Bắc Kạn"]);
    // In season in January: the oranges only.
    let january = ListingFilter {
        month: Some(1),
        ..ListingFilter::default()
    };
    assert_eq!(names(january).await, vec!["Cam sành Bắc Kạn"]);
    // Delivers to Cà Mau: the tea goes anywhere, the oranges to Thái Nguyên and Hà Nội only.
    let ca_mau = ListingFilter {
        delivers_to: Some("96".into()),
        ..ListingFilter::default()
    };
    assert_eq!(names(ca_mau).await, vec!["Chè búp Tân Cương"]);
    let hanoi = ListingFilter {
        delivers_to: Some("01".into()),
        ..ListingFilter::default()
    };
    assert_eq!(names(hanoi).await.len(), 2);
    // A count that stops early says one more than it counts to.
    let counted = |up_to| ListingFilter {
        count_up_to: Some(up_to),
        ..ListingFilter::default()
    };
    let total = |filter: ListingFilter| async move {
        listings::list(db, &filter, Paging::new(None, None), date(TODAY))
            .await
            .unwrap()
            .total
    };
    assert_eq!(total(counted(1)).await, 2);
    assert_eq!(total(counted(5)).await, 2);
    // The search follows a product renamed and a producer renamed or moved, whatever path
    // changed them.
    let rename =
        "UPDATE ocop_products SET name = 'Chè móc câu Tân Cương', search_name = 'che moc cau tan cuong', \
                  product_group = 'food' WHERE id = $1";
    on_pool!(db, |pool| sqlx::query(rename)
        .bind(tea)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
    assert_eq!(names(search("moc cau")).await, vec!["Chè móc câu Tân Cương"]);
    assert_eq!(names(search("che bup")).await, Vec::<String>::new());
    let moved =
        "UPDATE organisations SET search_text = 'htx che la xanh', province_code = '01' WHERE id = $1";
    on_pool!(db, |pool| sqlx::query(moved)
        .bind(tea_htx)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
    assert_eq!(names(search("la xanh")).await, vec!["Chè móc câu Tân Cương"]);
    let in_hanoi_food = ListingFilter {
        province: Some("01".into()),
        group: Some(hoptac_ocop::domain::ProductGroup::Food),
        ..ListingFilter::default()
    };
    assert_eq!(names(in_hanoi_food).await, vec!["Chè móc câu Tân Cương"]);
    t.cleanup().await;
}

#[tokio::test]
async fn a_demand_is_matched_across_provinces_and_each_match_explained() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let admin = Actor::system("test");
    let buyer_org = organisation(db, "enterprise", "Công ty Thực phẩm Sạch Thủ Đô", "2025", "00070").await;
    let tan_cuong = organisation(db, "htx", "HTX Chè Tân Cương", "2008", "01834").await;
    let la_bang = organisation(db, "htx", "HTX Chè La Bằng", "2008", "01834").await;
    let kim_son = organisation(db, "htx", "HTX Chè Kim Sơn", "2025", "14638").await;
    let expiring = product(db, tan_cuong, "Chè búp Tân Cương", "drinks").await;
    let lasting = product(db, la_bang, "Chè búp La Bằng", "drinks").await;
    let ninh_binh = product(db, kim_son, "Chè búp Kim Sơn", "drinks").await;
    certify(db, expiring, 5, "2024-01-15", "2027-03-01").await;
    certify(db, lasting, 4, "2025-06-01", "2028-06-01").await;
    certify(db, ninh_binh, 4, "2025-06-01", "2028-06-01").await;
    for id in [expiring, lasting, ninh_binh] {
        listings::create(&cx(db, &admin), &listing(id, &ALL_YEAR, "kg", 500, 200_000))
            .await
            .unwrap();
    }
    let buyer = person(db, "nguoimua", Role::Buyer, Scope::Organisation(buyer_org)).await;
    let wanted = DemandInput {
        buyer_id: Some(buyer_org.to_string()),
        product: "Chè búp".into(),
        quantity: Some("6".into()),
        unit: "tonne".into(),
        starts_on: "2027-01-01".into(),
        ends_on: "2027-06-30".into(),
        delivery_province: "01".into(),
        min_stars: Some("4".into()),
        certificate_through_period: true,
        price_ceiling: Some("250000000".into()),
        ..DemandInput::default()
    };
    let id = demands::create(&cx(db, &buyer), &wanted).await.unwrap();
    // A visitor sees the open demand and its matches.
    let found = matches_for_demand(db, &Actor::visitor(None), id, date(TODAY))
        .await
        .unwrap();
    let ranked: Vec<(&str, u32, i64)> = found
        .matches
        .iter()
        .map(|m| (m.listing.product_name.as_str(), m.score, m.supply))
        .collect();
    // Each gives 500 kg × 6 months = 3,000 kg of 6,000: 20 points; 4 stars 16; price 15 (the
    // same); Thái Nguyên's 15 × (1 − 62/1500) against Ninh Bình's 15 × (1 − 87/1500); neither
    // has delivered under a contract.
    let points = |from: &str| {
        let km = f64::from(hoptac_market::domain::distance::between_provinces(from, "01").unwrap());
        (20.0 + 16.0 + 15.0 * (1.0 - km / 1_500.0) + 15.0).round() as u32
    };
    assert_eq!(
        ranked,
        vec![
            ("Chè búp La Bằng", points("19"), 3_000),
            ("Chè búp Kim Sơn", points("37"), 3_000),
        ]
    );
    assert!(found.matches[0].reasons.contains(&Reason::Supply {
        percent: 50,
        quantity: 3_000,
        unit: hoptac_market::domain::Unit::Kg
    }));
    // The five-star tea's certificate ends on 1 March, before the deliveries end.
    assert_eq!(found.excluded.len(), 1);
    assert_eq!(
        found.excluded[0].1,
        Exclusion::ExpiresInPeriod {
            expires_on: date("2027-03-01")
        }
    );
    // Together, the two meet the six tonnes.
    let together = found.together.unwrap();
    assert!(together.covers);
    assert_eq!(together.supply, 6_000);
    // The listing's keeper sees the demand among those it answers; others may not ask.
    let keeper = person(db, "giamdoc", Role::Manager, Scope::Organisation(la_bang)).await;
    let la_bang_listing = found.matches[0].listing.id;
    let answered = matches_for_listing(db, &keeper, la_bang_listing, date(TODAY))
        .await
        .unwrap();
    assert_eq!(answered.iter().map(|m| m.demand.id).collect::<Vec<_>>(), vec![id]);
    let stranger = matches_for_listing(db, &buyer, la_bang_listing, date(TODAY)).await;
    assert!(matches!(stranger, Err(StoreError::NotFound)), "{stranger:?}");
    t.cleanup().await;
}

#[tokio::test]
async fn a_demand_withdrawn_is_seen_by_its_buyer_only_and_bad_input_saves_nothing() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let buyer_org = organisation(db, "enterprise", "Công ty Thực phẩm Sạch Thủ Đô", "2025", "00070").await;
    let other_org = organisation(db, "enterprise", "Công ty Nông sản Hà Nội", "2025", "00070").await;
    let buyer = person(db, "nguoimua", Role::Buyer, Scope::Organisation(buyer_org)).await;
    let wanted = DemandInput {
        buyer_id: Some(buyer_org.to_string()),
        product: "Cam sành".into(),
        quantity: Some("30".into()),
        unit: "tonne".into(),
        starts_on: "2027-01-01".into(),
        ends_on: "2027-02-28".into(),
        delivery_province: "01".into(),
        ..DemandInput::default()
    };
    // For another enterprise: refused, named on the field.
    let theirs = DemandInput {
        buyer_id: Some(other_org.to_string()),
        ..wanted.clone()
    };
    assert_eq!(
        codes(demands::create(&cx(db, &buyer), &theirs).await.unwrap_err()),
        vec![("buyer_id".into(), "cannot_trade_for")]
    );
    let unknown = DemandInput {
        buyer_id: Some("99999".into()),
        ..wanted.clone()
    };
    assert_eq!(
        codes(demands::create(&cx(db, &buyer), &unknown).await.unwrap_err()),
        vec![("buyer_id".into(), "unknown_organisation")]
    );
    // A period that ends before it starts, a quantity of nothing.
    let wrong = DemandInput {
        quantity: Some("0".into()),
        ends_on: "2026-12-31".into(),
        ..wanted.clone()
    };
    assert_eq!(
        codes(demands::create(&cx(db, &buyer), &wrong).await.unwrap_err()),
        vec![
            ("quantity".into(), "not_positive"),
            ("ends_on".into(), "before_start")
        ]
    );
    let id = demands::create(&cx(db, &buyer), &wanted).await.unwrap();
    let saved = demands::get(db, &buyer, id).await.unwrap();
    let withdrawn = DemandInput {
        state: Some("withdrawn".into()),
        ..saved.to_input()
    };
    demands::update(&cx(db, &buyer), id, &withdrawn).await.unwrap();
    // The same edit again, from the version it was made from: refused as stale.
    let stale = demands::update(&cx(db, &buyer), id, &withdrawn).await;
    assert!(matches!(stale, Err(StoreError::Stale { .. })), "{stale:?}");
    assert!(demands::get(db, &buyer, id).await.is_ok());
    let visitor = Actor::visitor(None);
    assert!(matches!(
        demands::get(db, &visitor, id).await,
        Err(StoreError::NotFound)
    ));
    let open = demands::list(db, &visitor, &Default::default(), Paging::new(None, None))
        .await
        .unwrap();
    assert_eq!(open.total, 0);
    let filter = demands::DemandFilter {
        buyer_id: Some(buyer_org),
        ..Default::default()
    };
    let own = demands::list(db, &buyer, &filter, Paging::new(None, None))
        .await
        .unwrap();
    assert_eq!(own.total, 1);
    // Exactly one demand was saved, and its trail holds its creation and its withdrawal.
    let trail: i64 = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE entity = 'market_demand'"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(trail, 2);
    t.cleanup().await;
}

#[tokio::test]
async fn a_listing_edited_from_an_older_version_is_refused() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let htx = organisation(db, "htx", "HTX Chè Tân Cương", "2008", "01834").await;
    let tea = product(db, htx, "Chè búp Tân Cương", "drinks").await;
    let manager = person(db, "giamdoc", Role::Manager, Scope::Organisation(htx)).await;
    let id = listings::create(&cx(db, &manager), &listing(tea, &ALL_YEAR, "kg", 600, 250_000))
        .await
        .unwrap();
    let shown = listings::get(db, id, date(TODAY)).await.unwrap().to_input();
    let paused = ListingInput {
        state: Some("paused".into()),
        ..shown.clone()
    };
    listings::update(&cx(db, &manager), id, &paused).await.unwrap();
    let dearer = ListingInput {
        price_min: Some("300000".into()),
        price_max: Some("300000".into()),
        ..shown
    };
    let stale = listings::update(&cx(db, &manager), id, &dearer).await;
    assert!(
        matches!(stale, Err(StoreError::Stale { current: 2 })),
        "{stale:?}"
    );
    let saved = listings::get(db, id, date(TODAY)).await.unwrap();
    assert_eq!((saved.state, saved.price_min), (ListingState::Paused, 250_000));
    // A paused listing leaves the catalogue.
    let active = listings::list(
        db,
        &ListingFilter::default(),
        Paging::new(None, None),
        date(TODAY),
    )
    .await
    .unwrap();
    assert_eq!(active.total, 0);
    t.cleanup().await;
}

#[tokio::test]
async fn the_provinces_matching_knows_are_the_2025_provinces_of_the_reference_data() {
    let t = hoptac_market::testing::db().await.unwrap();
    let provinces = hoptac_core::admin_units::provinces(&t.db, hoptac_core::admin::Era::Y2025)
        .await
        .unwrap();
    let codes: Vec<String> = provinces.into_iter().map(|p| p.code).collect();
    assert_eq!(codes, hoptac_market::domain::distance::provinces_2025());
    t.cleanup().await;
}
