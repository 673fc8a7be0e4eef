//! Linkage contracts on both engines: a contract between a Hà Nội buyer and two cooperatives from
//! draft to completion, its versions and signatures, a revision that sends it back to be signed,
//! deliveries and fulfilment, the audit trail, and who may do what.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use hoptac_core::access::{Grant, Role, Scope};
use hoptac_core::audit::Actor;
use hoptac_core::{gate, on_pool, users, Context, Db, StoreError};
use hoptac_market::domain::contracts::{ContractState, DeliveryInput, DueInput, LineInput, TermsInput};
use hoptac_market::store::contracts::{self, ContractInput, StateInput};
use hoptac_registry::domain::organisation::OrganisationInput;
use hoptac_registry::store::organisations;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cx_on(db: &Db, actor: &Actor, day: &str) -> Context {
    let now: DateTime<Utc> = Utc.from_utc_datetime(&date(day).and_hms_opt(3, 0, 0).unwrap());
    Context::on(db, actor, date(day), now)
}

fn codes(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Validation(e) | StoreError::Conflict(e) => {
            e.iter().map(|f| (f.field.clone(), f.code)).collect()
        }
        other => panic!("expected field errors, got {other}"),
    }
}

async fn person(db: &Db, username: &str, role: Role, organisation: i64) -> Actor {
    let id = users::create(db, username, username, "mat-khau-dai-du", false, Utc::now())
        .await
        .unwrap();
    let mut access = gate::access_of(db, id, false).await.unwrap();
    access.grants.push(Grant {
        role,
        scope: Scope::Organisation(organisation),
    });
    Actor {
        user_id: Some(id),
        name: username.into(),
        address: None,
        access,
    }
}

async fn organisation(db: &Db, kind: &str, name: &str, era: &str, commune: &str) -> i64 {
    let input = OrganisationInput {
        kind: kind.into(),
        name: name.into(),
        founding_date: "2020-03-15".into(),
        sectors: vec!["agriculture".into()],
        commune_era: Some(era.into()),
        commune: commune.into(),
        ..Default::default()
    };
    organisations::create(&cx_on(db, &Actor::system("test"), "2026-12-01"), &input)
        .await
        .unwrap()
}

fn line(seller: i64, product: &str, quantity: i64, unit: &str, price: i64) -> LineInput {
    LineInput {
        seller_id: Some(seller.to_string()),
        product: product.into(),
        quantity: Some(quantity.to_string()),
        unit: unit.into(),
        price: Some(price.to_string()),
    }
}

fn due(line: usize, on: &str, quantity: i64) -> DueInput {
    DueInput {
        line: Some(line.to_string()),
        due_on: on.into(),
        quantity: Some(quantity.to_string()),
    }
}

#[tokio::test]
async fn a_contract_from_draft_to_completion_with_its_versions_signatures_and_deliveries() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let buyer_org = organisation(db, "enterprise", "Công ty Thực phẩm Sạch Thủ Đô", "2025", "00070").await;
    let oranges = organisation(db, "htx", "HTX Cam Quang Thuận", "2008", "01834").await;
    let tea = organisation(db, "htx", "HTX Chè Tân Cương", "2008", "01834").await;
    let stranger_org = organisation(db, "htx", "HTX Gạo Kim Sơn", "2025", "14638").await;
    let buyer = person(db, "nguoimua", Role::Buyer, buyer_org).await;
    let orange_keeper = person(db, "giamdoc_cam", Role::Manager, oranges).await;
    let tea_keeper = person(db, "giamdoc_che", Role::Manager, tea).await;
    let stranger = person(db, "giamdoc_gao", Role::Manager, stranger_org).await;

    // 10 tonnes of oranges and 2,000 kg of tea from January to June 2027.
    let terms = TermsInput {
        starts_on: "2027-01-01".into(),
        ends_on: "2027-06-30".into(),
        lines: vec![
            line(oranges, "Cam sành Bắc Kạn", 10, "tonne", 25_000_000),
            line(tea, "Chè búp Tân Cương", 2_000, "kg", 200_000),
        ],
        schedule: vec![
            due(1, "2027-01-15", 6),
            due(1, "2027-02-15", 4),
            due(2, "2027-03-01", 2_000),
        ],
        price_terms: Some("Giá cố định cả vụ; thanh toán 30 ngày sau mỗi lần giao.".into()),
        change_note: None,
    };
    let input = ContractInput {
        kind: "contract".into(),
        name: "Liên kết tiêu thụ cam và chè 2027".into(),
        contract_number: Some("05/2026/HĐLK".into()),
        buyer_id: Some(buyer_org.to_string()),
        demand_id: None,
        terms: terms.clone(),
    };
    // Someone of none of the parties may not write it in their name.
    assert_eq!(
        codes(
            contracts::create(&cx_on(db, &stranger, "2026-12-07"), &input)
                .await
                .unwrap_err()
        ),
        vec![("buyer_id".into(), "not_a_party")]
    );
    let id = contracts::create(&cx_on(db, &buyer, "2026-12-07"), &input)
        .await
        .unwrap();
    let detail = contracts::detail(db, &tea_keeper, id).await.unwrap();
    assert_eq!(detail.contract.state, ContractState::Draft);
    assert_eq!(detail.contract.value, 250_000_000 + 400_000_000);
    assert_eq!(detail.parties.len(), 3);
    // Not a party: as if it did not exist.
    assert!(matches!(
        contracts::detail(db, &stranger, id).await,
        Err(StoreError::NotFound)
    ));

    // Proposed, signed by the buyer and one seller; revised by the other, which sends it back.
    contracts::change_state(&cx_on(db, &buyer, "2026-12-08"), id, &state("proposed"), None)
        .await
        .unwrap();
    contracts::sign(&cx_on(db, &buyer, "2026-12-09"), id, buyer_org, None)
        .await
        .unwrap();
    contracts::sign(&cx_on(db, &orange_keeper, "2026-12-09"), id, oranges, None)
        .await
        .unwrap();
    // A party signs for itself only.
    assert_eq!(
        codes(
            contracts::sign(&cx_on(db, &orange_keeper, "2026-12-09"), id, stranger_org, None)
                .await
                .unwrap_err()
        ),
        vec![("organisation_id".into(), "not_a_party")]
    );
    let revised = TermsInput {
        lines: vec![
            line(oranges, "Cam sành Bắc Kạn", 10, "tonne", 25_000_000),
            line(tea, "Chè búp Tân Cương", 1_500, "kg", 210_000),
        ],
        schedule: vec![
            due(1, "2027-01-15", 6),
            due(1, "2027-02-15", 4),
            due(2, "2027-03-01", 1_500),
        ],
        change_note: Some("Chè: 1.500 kg, giá 210.000 đ/kg".into()),
        ..terms
    };
    assert_eq!(
        contracts::revise(&cx_on(db, &tea_keeper, "2026-12-10"), id, &revised, None)
            .await
            .unwrap(),
        2
    );
    let detail = contracts::detail(db, &buyer, id).await.unwrap();
    assert_eq!(detail.versions.len(), 2);
    assert_eq!(detail.versions[0].created_by_name, "giamdoc_che");
    assert!(
        detail.signatures.is_empty(),
        "signatures are of the version before"
    );
    // Everyone signs version 2 before its first day: signed, not yet in force.
    for (who, org) in [(&buyer, buyer_org), (&orange_keeper, oranges), (&tea_keeper, tea)] {
        contracts::sign(&cx_on(db, who, "2026-12-11"), id, org, None)
            .await
            .unwrap();
    }
    let detail = contracts::detail(db, &buyer, id).await.unwrap();
    assert_eq!(detail.contract.state, ContractState::Signed);
    assert_eq!(detail.contract.signed_version, Some(2));
    // In force only from 1 January.
    assert_eq!(
        codes(
            contracts::change_state(&cx_on(db, &buyer, "2026-12-20"), id, &state("in_force"), None)
                .await
                .unwrap_err()
        ),
        vec![("state".into(), "before_first_day")]
    );
    contracts::change_state(&cx_on(db, &buyer, "2027-01-02"), id, &state("in_force"), None)
        .await
        .unwrap();

    // Deliveries: 6 tonnes of oranges; more than the 4 that remain is refused.
    let delivery = |line: &str, on: &str, quantity: &str| DeliveryInput {
        line: Some(line.into()),
        delivered_on: on.into(),
        quantity: Some(quantity.into()),
        ..DeliveryInput::default()
    };
    contracts::deliver(
        &cx_on(db, &orange_keeper, "2027-01-16"),
        id,
        &delivery("1", "2027-01-15", "6"),
    )
    .await
    .unwrap();
    assert_eq!(
        codes(
            contracts::deliver(
                &cx_on(db, &orange_keeper, "2027-02-16"),
                id,
                &delivery("1", "2027-02-15", "5")
            )
            .await
            .unwrap_err()
        ),
        vec![("quantity".into(), "exceeds_remaining")]
    );
    // The tea's keeper records its own line; a stranger may not.
    contracts::deliver(
        &cx_on(db, &tea_keeper, "2027-03-02"),
        id,
        &delivery("2", "2027-03-01", "1500"),
    )
    .await
    .unwrap();
    // Each delivery is the seller's of its line: the record matching weighs counts it for the
    // cooperative that delivered, and only from the day asked.
    let records = hoptac_market::store::listings::delivery_records(
        db,
        &[oranges, tea, stranger_org],
        date("2027-01-01"),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            records.get(&oranges),
            records.get(&tea),
            records.get(&stranger_org)
        ),
        (Some(&1), Some(&1), None)
    );
    let later = hoptac_market::store::listings::delivery_records(db, &[oranges], date("2027-02-01"))
        .await
        .unwrap();
    assert!(later.is_empty());
    let refused = contracts::deliver(
        &cx_on(db, &stranger, "2027-03-02"),
        id,
        &delivery("1", "2027-03-01", "1"),
    )
    .await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    let detail = contracts::detail(db, &buyer, id).await.unwrap();
    let f = detail.fulfilment.clone().unwrap();
    // 6 tonnes × 25 million + 1,500 kg × 210,000 = 465 million of 565 million: 82 %.
    assert_eq!((f.value_delivered, f.value_agreed), (465_000_000, 565_000_000));
    assert_eq!(f.percent_by_value, 82);
    // 7,500 kg of 11,500 kg: 65 %.
    assert_eq!(f.percent_by_quantity, Some(65));

    // Terminating needs a reason; then nothing more changes.
    assert_eq!(
        codes(
            contracts::change_state(&cx_on(db, &buyer, "2027-03-05"), id, &state("terminated"), None)
                .await
                .unwrap_err()
        ),
        vec![("reason".into(), "required")]
    );
    let terminated = StateInput {
        state: "terminated".into(),
        reason: Some("Bên bán cam mất mùa do rét hại".into()),
    };
    contracts::change_state(&cx_on(db, &buyer, "2027-03-05"), id, &terminated, None)
        .await
        .unwrap();
    assert_eq!(
        codes(
            contracts::revise(&cx_on(db, &buyer, "2027-03-06"), id, &revised, None)
                .await
                .unwrap_err()
        ),
        vec![("state".into(), "contract_closed")]
    );
    let detail = contracts::detail(db, &buyer, id).await.unwrap();
    let states: Vec<ContractState> = detail.states.iter().map(|s| s.state).collect();
    use ContractState::*;
    // The revision of a proposal left it proposed; its signatures started over.
    assert_eq!(states, vec![Draft, Proposed, Signed, InForce, Terminated]);
    // The trail holds every write: the contract and its four moves (proposed, signed, in force,
    // terminated), its two versions, five signatures, two deliveries.
    let trail: Vec<(String, i64)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT entity, COUNT(*) FROM audit_events WHERE entity LIKE 'market_%' GROUP BY entity ORDER BY entity"
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    assert_eq!(
        trail,
        vec![
            ("market_contract".into(), 1 + 4),
            ("market_contract_signature".into(), 5),
            ("market_contract_version".into(), 2),
            ("market_delivery".into(), 2),
        ]
    );
    t.cleanup().await;
}

fn state(to: &str) -> StateInput {
    StateInput {
        state: to.into(),
        reason: None,
    }
}

#[tokio::test]
async fn an_amendment_keeps_the_signed_lines_and_the_contract_runs_on_until_it_is_signed() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let buyer_org = organisation(db, "enterprise", "Công ty Thực phẩm Sạch Thủ Đô", "2025", "00070").await;
    let tea = organisation(db, "htx", "HTX Chè Tân Cương", "2008", "01834").await;
    let rice = organisation(db, "htx", "HTX Gạo Kim Sơn", "2025", "14638").await;
    let buyer = person(db, "nguoimua", Role::Buyer, buyer_org).await;
    let tea_keeper = person(db, "giamdoc_che", Role::Manager, tea).await;
    let terms = TermsInput {
        starts_on: "2027-01-01".into(),
        ends_on: "2027-06-30".into(),
        lines: vec![line(tea, "Chè búp Tân Cương", 100, "kg", 200_000)],
        ..TermsInput::default()
    };
    let input = ContractInput {
        name: "Chè 2027".into(),
        buyer_id: Some(buyer_org.to_string()),
        terms: terms.clone(),
        ..ContractInput::default()
    };
    let id = contracts::create(&cx_on(db, &buyer, "2027-01-02"), &input)
        .await
        .unwrap();
    contracts::change_state(&cx_on(db, &buyer, "2027-01-02"), id, &state("proposed"), None)
        .await
        .unwrap();
    contracts::sign(&cx_on(db, &buyer, "2027-01-02"), id, buyer_org, None)
        .await
        .unwrap();
    // Signed inside its term: in force at once.
    assert_eq!(
        contracts::sign(&cx_on(db, &tea_keeper, "2027-01-03"), id, tea, None)
            .await
            .unwrap(),
        ContractState::InForce
    );
    let delivery = DeliveryInput {
        line: Some("1".into()),
        delivered_on: "2027-01-10".into(),
        quantity: Some("60".into()),
        ..DeliveryInput::default()
    };
    contracts::deliver(&cx_on(db, &tea_keeper, "2027-01-10"), id, &delivery)
        .await
        .unwrap();
    // A delivery dated outside the term is refused.
    let early = DeliveryInput {
        delivered_on: "2026-12-31".into(),
        quantity: Some("1".into()),
        ..delivery.clone()
    };
    assert_eq!(
        codes(
            contracts::deliver(&cx_on(db, &tea_keeper, "2027-01-10"), id, &early)
                .await
                .unwrap_err()
        ),
        vec![("delivered_on".into(), "outside_period")]
    );
    // The buyer may not drop the tea seller for another, nor cut below what was delivered.
    let swapped = TermsInput {
        lines: vec![line(rice, "Gạo hữu cơ", 10, "tonne", 25_000_000)],
        ..terms.clone()
    };
    assert_eq!(
        codes(
            contracts::revise(&cx_on(db, &buyer, "2027-01-11"), id, &swapped, None)
                .await
                .unwrap_err()
        ),
        vec![("lines[0].product".into(), "signed_line_changed")]
    );
    let cut = TermsInput {
        lines: vec![line(tea, "Chè búp Tân Cương", 50, "kg", 200_000)],
        ..terms.clone()
    };
    assert_eq!(
        codes(
            contracts::revise(&cx_on(db, &buyer, "2027-01-11"), id, &cut, None)
                .await
                .unwrap_err()
        ),
        vec![("lines[0].quantity".into(), "below_delivered")]
    );
    // Adding a rice line: the contract runs on under version 1 until all three sign version 2.
    let added = TermsInput {
        lines: vec![
            line(tea, "Chè búp Tân Cương", 100, "kg", 200_000),
            line(rice, "Gạo hữu cơ Kim Sơn", 10, "tonne", 25_000_000),
        ],
        ..terms
    };
    contracts::revise(&cx_on(db, &buyer, "2027-01-11"), id, &added, None)
        .await
        .unwrap();
    let detail = contracts::detail(db, &tea_keeper, id).await.unwrap();
    assert_eq!(detail.contract.state, ContractState::InForce);
    assert_eq!(detail.contract.signed_version, Some(1));
    assert_eq!(detail.parties.len(), 3, "the tea seller stays a party");
    let more = DeliveryInput {
        quantity: Some("10".into()),
        delivered_on: "2027-01-12".into(),
        ..delivery
    };
    contracts::deliver(&cx_on(db, &tea_keeper, "2027-01-12"), id, &more)
        .await
        .unwrap();
    let rice_keeper = person(db, "giamdoc_gao", Role::Manager, rice).await;
    for (who, org) in [(&buyer, buyer_org), (&tea_keeper, tea), (&rice_keeper, rice)] {
        contracts::sign(&cx_on(db, who, "2027-01-13"), id, org, None)
            .await
            .unwrap();
    }
    let detail = contracts::detail(db, &buyer, id).await.unwrap();
    assert_eq!(detail.contract.state, ContractState::InForce);
    assert_eq!(detail.contract.signed_version, Some(2));
    let f = detail.fulfilment.unwrap();
    assert_eq!(f.lines[0].delivered, 70);
    assert_eq!(f.lines[1].delivered, 0);
    t.cleanup().await;
}
