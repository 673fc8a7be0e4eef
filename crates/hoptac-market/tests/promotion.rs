//! Trade promotion on both engines: a programme proposed by one province's alliance and signed by
//! the other's, with its activities; OCOP shops and the products they carry; a fair with its
//! participants and totals; who may do each, and bad input that changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{codes, cx_on, date, organisation, person, product};
use hoptac_core::access::{Access, Role, Scope};
use hoptac_core::audit::Actor;
use hoptac_core::{on_pool, Db, Paging, StoreError};
use hoptac_market::domain::fairs::{FairInput, ParticipantInput};
use hoptac_market::domain::programmes::{ActivityInput, AnswerInput, ProgrammeInput, ProgrammeState};
use hoptac_market::domain::shops::{ShopInput, ShopProductsInput, ShopState};
use hoptac_market::store::fairs::{self, FairFilter};
use hoptac_market::store::programmes::{self, ProgrammeFilter};
use hoptac_market::store::shops::{self, ShopFilter};

const TODAY: &str = "2026-12-07";

async fn officer_of(db: &Db, name: &str, province: &str) -> Actor {
    person(db, name, Role::AllianceOfficer, Scope::Province(province.into())).await
}

fn programme(proposer: &str, partner: &str) -> ProgrammeInput {
    ProgrammeInput {
        name: "Chương trình phối hợp tiêu thụ sản phẩm HTX".into(),
        kind: "cooperation".into(),
        proposer_province: proposer.into(),
        partner_province: partner.into(),
        valid_from: "2027-01-01".into(),
        valid_until: Some("2030-12-31".into()),
        ..ProgrammeInput::default()
    }
}

fn answer(state: &str) -> AnswerInput {
    AnswerInput {
        state: state.into(),
        ..AnswerInput::default()
    }
}

async fn trail(db: &Db, entity: &str) -> i64 {
    on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE entity = $1"
    )
    .bind(entity)
    .fetch_one(pool)
    .await)
    .unwrap()
}

#[tokio::test]
async fn a_programme_is_proposed_by_one_alliance_and_signed_by_the_other() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let thai_nguyen = officer_of(db, "lienminh19", "19").await;
    let ninh_binh = officer_of(db, "lienminh37", "37").await;
    let ha_noi = officer_of(db, "lienminh01", "01").await;
    let cx = |a: &Actor| cx_on(db, a, TODAY);

    // Bad input first: nothing is saved.
    assert_eq!(
        codes(
            programmes::create(&cx(&thai_nguyen), &programme("19", "19"))
                .await
                .unwrap_err()
        ),
        vec![("partner_province".into(), "same_as_proposer")]
    );
    assert_eq!(
        codes(
            programmes::create(&cx(&ha_noi), &programme("19", "37"))
                .await
                .unwrap_err()
        ),
        vec![("proposer_province".into(), "cannot_promote_for")]
    );
    let everyone = programmes::list(
        db,
        &Access::administrator(),
        &ProgrammeFilter::default(),
        Paging::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(everyone.total, 0);

    let id = programmes::create(&cx(&thai_nguyen), &programme("19", "37"))
        .await
        .unwrap();
    // A proposal is the two alliances' only.
    assert!(matches!(
        programmes::get(db, &ha_noi.access, id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        programmes::get(db, &Access::public(), id).await,
        Err(StoreError::NotFound)
    ));
    let seen_by_partner = programmes::list(
        db,
        &ninh_binh.access,
        &ProgrammeFilter::default(),
        Paging::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(seen_by_partner.total, 1);
    let public = programmes::list(
        db,
        &Access::public(),
        &ProgrammeFilter::default(),
        Paging::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(public.total, 0);

    // The proposer does not sign its own proposal; an outsider cannot answer at all.
    assert_eq!(
        codes(
            programmes::answer(&cx(&thai_nguyen), id, &answer("signed"))
                .await
                .unwrap_err()
        ),
        vec![("state".into(), "not_your_side")]
    );
    assert!(matches!(
        programmes::answer(&cx(&ha_noi), id, &answer("signed")).await,
        Err(StoreError::NotFound)
    ));
    // No activity before it is signed.
    let visit = ActivityInput {
        kind: "study_visit".into(),
        name: "Tham quan mô hình lúa hữu cơ".into(),
        held_on: "2027-03-10".into(),
        cooperatives: Some("12".into()),
        ..ActivityInput::default()
    };
    assert_eq!(
        codes(
            programmes::add_activity(&cx(&ninh_binh), id, &visit)
                .await
                .unwrap_err()
        ),
        vec![("held_on".into(), "programme_not_signed")]
    );

    let signing = AnswerInput {
        signed_on: Some("2026-12-01".into()),
        ..answer("signed")
    };
    programmes::answer(&cx(&ninh_binh), id, &signing).await.unwrap();
    let signed = programmes::get(db, &Access::public(), id).await.unwrap();
    assert_eq!(
        (signed.state, signed.signed_on),
        (ProgrammeState::Signed, Some(date("2026-12-01")))
    );
    // A second answer finds it answered.
    assert_eq!(
        codes(
            programmes::answer(&cx(&thai_nguyen), id, &answer("withdrawn"))
                .await
                .unwrap_err()
        ),
        vec![("state".into(), "not_a_next_state")]
    );
    // Once answered, nobody edits it: what follows is recorded as activities; an outsider may
    // not add activities.
    let edited = ProgrammeInput {
        content: Some("Nội dung khác".into()),
        version: Some(signed.version),
        ..programme("19", "37")
    };
    assert_eq!(
        codes(
            programmes::update(&cx(&thai_nguyen), id, &edited)
                .await
                .unwrap_err()
        ),
        vec![("state".into(), "programme_answered")]
    );
    assert!(matches!(
        programmes::add_activity(&cx(&ha_noi), id, &visit).await,
        Err(StoreError::Forbidden)
    ));
    // An activity may be held from the signing day (1 December), before the term begins; not
    // before it.
    let early = ActivityInput {
        held_on: "2026-11-20".into(),
        ..visit.clone()
    };
    assert_eq!(
        codes(
            programmes::add_activity(&cx(&ninh_binh), id, &early)
                .await
                .unwrap_err()
        ),
        vec![("held_on".into(), "outside_programme")]
    );
    let signing = ActivityInput {
        kind: "conference".into(),
        name: "Hội nghị ký kết chương trình".into(),
        held_on: "2026-12-01".into(),
        ..ActivityInput::default()
    };
    programmes::add_activity(&cx(&thai_nguyen), id, &signing)
        .await
        .unwrap();
    let activity = programmes::add_activity(&cx(&ninh_binh), id, &visit)
        .await
        .unwrap();
    let with_results = ActivityInput {
        results: Some("Học cách cấp mã vùng trồng".into()),
        version: Some(1),
        ..visit.clone()
    };
    programmes::update_activity(&cx(&thai_nguyen), id, activity, &with_results)
        .await
        .unwrap();
    // An edit from the version before is refused.
    assert!(matches!(
        programmes::update_activity(&cx(&thai_nguyen), id, activity, &with_results).await,
        Err(StoreError::Stale { .. })
    ));
    // In the order they were held: the signing conference, then the visit.
    let activities = programmes::activities(db, &Access::public(), id).await.unwrap();
    assert_eq!(activities.len(), 2);
    assert_eq!(
        activities[1].results.as_deref(),
        Some("Học cách cấp mã vùng trồng")
    );
    assert_eq!(
        (
            trail(db, "market_programme").await,
            trail(db, "market_programme_activity").await
        ),
        (2, 3)
    );
    t.cleanup().await;
}

#[tokio::test]
async fn only_the_proposer_edits_a_proposal_and_the_partner_signs_what_it_read() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let thai_nguyen = officer_of(db, "lienminh19", "19").await;
    let ninh_binh = officer_of(db, "lienminh37", "37").await;
    let cx = |a: &Actor| cx_on(db, a, TODAY);
    let id = programmes::create(&cx(&thai_nguyen), &programme("19", "37"))
        .await
        .unwrap();
    let rewritten = ProgrammeInput {
        content: Some("Ninh Bình cam kết mua 100 tấn chè".into()),
        version: Some(1),
        ..programme("19", "37")
    };
    // The partner answers the proposal; it does not rewrite it.
    assert!(matches!(
        programmes::update(&cx(&ninh_binh), id, &rewritten).await,
        Err(StoreError::Forbidden)
    ));
    let moved = ProgrammeInput {
        partner_province: "01".into(),
        ..rewritten.clone()
    };
    assert_eq!(
        codes(
            programmes::update(&cx(&thai_nguyen), id, &moved)
                .await
                .unwrap_err()
        ),
        vec![("partner_province".into(), "fixed_after_creation")]
    );
    let far = ProgrammeInput {
        valid_until: Some("9999-12-31".into()),
        ..rewritten.clone()
    };
    assert_eq!(
        codes(programmes::update(&cx(&thai_nguyen), id, &far).await.unwrap_err()),
        vec![("valid_until".into(), "too_far_ahead")]
    );
    // The proposer changes it while the partner reads version 1: that answer is stale.
    programmes::update(&cx(&thai_nguyen), id, &rewritten)
        .await
        .unwrap();
    let read_before = AnswerInput {
        version: Some(1),
        ..answer("signed")
    };
    assert!(matches!(
        programmes::answer(&cx(&ninh_binh), id, &read_before).await,
        Err(StoreError::Stale { .. })
    ));
    let read_now = AnswerInput {
        version: Some(2),
        ..answer("signed")
    };
    programmes::answer(&cx(&ninh_binh), id, &read_now).await.unwrap();
    let signed = programmes::get(db, &Access::public(), id).await.unwrap();
    assert_eq!(
        signed.content.as_deref(),
        Some("Ninh Bình cam kết mua 100 tấn chè")
    );
    // "Proposed" is no answer.
    assert_eq!(
        codes(
            programmes::answer(&cx(&ninh_binh), id, &answer("proposed"))
                .await
                .unwrap_err()
        ),
        vec![("state".into(), "invalid_choice")]
    );
    t.cleanup().await;
}

#[tokio::test]
async fn of_two_answers_at_once_one_is_taken() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let thai_nguyen = officer_of(db, "lienminh19", "19").await;
    let ninh_binh = officer_of(db, "lienminh37", "37").await;
    let id = programmes::create(&cx_on(db, &thai_nguyen, TODAY), &programme("19", "37"))
        .await
        .unwrap();
    let (partner, proposer) = (cx_on(db, &ninh_binh, TODAY), cx_on(db, &thai_nguyen, TODAY));
    let sign = answer("signed");
    let withdraw = answer("withdrawn");
    let (a, b) = tokio::join!(
        programmes::answer(&partner, id, &sign),
        programmes::answer(&proposer, id, &withdraw)
    );
    assert_eq!([a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(), 1);
    let state = programmes::get(db, &Access::administrator(), id)
        .await
        .unwrap()
        .state;
    let expected = if a.is_ok() {
        ProgrammeState::Signed
    } else {
        ProgrammeState::Withdrawn
    };
    assert_eq!(state, expected);
    assert_eq!(trail(db, "market_programme").await, 2);
    t.cleanup().await;
}

fn shop(province: &str) -> ShopInput {
    ShopInput {
        name: "Cửa hàng OCOP Thái Nguyên".into(),
        kind: "ocop_shop".into(),
        province_code: province.into(),
        address: "Số 2 đường Hoàng Văn Thụ".into(),
        operator_name: Some("Trung tâm Xúc tiến thương mại".into()),
        ..ShopInput::default()
    }
}

#[tokio::test]
async fn a_shop_carries_products_and_is_kept_by_the_province_or_whoever_runs_it() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let thai_nguyen = officer_of(db, "lienminh19", "19").await;
    let ha_noi = officer_of(db, "lienminh01", "01").await;
    let tea_htx = organisation(db, "htx", "HTX Chè Tân Cương", "2008", "01834").await;
    let tea = product(db, tea_htx, "Chè búp Tân Cương", "drinks").await;
    let rice_htx = organisation(db, "htx", "HTX Nông nghiệp hữu cơ Kim Sơn", "2025", "14638").await;
    let rice = product(db, rice_htx, "Gạo hữu cơ Kim Sơn", "food").await;
    let manager = person(db, "giamdoc", Role::Manager, Scope::Organisation(tea_htx)).await;
    let other_manager = person(db, "kimson", Role::Manager, Scope::Organisation(rice_htx)).await;
    let cx = |a: &Actor| cx_on(db, a, TODAY);

    assert_eq!(
        codes(shops::create(&cx(&ha_noi), &shop("19")).await.unwrap_err()),
        vec![("province_code".into(), "cannot_promote_for")]
    );
    let nobody_runs_it = ShopInput {
        operator_name: None,
        ..shop("19")
    };
    assert_eq!(
        codes(
            shops::create(&cx(&thai_nguyen), &nobody_runs_it)
                .await
                .unwrap_err()
        ),
        vec![("operator_id".into(), "operator_required")]
    );
    let id = shops::create(&cx(&thai_nguyen), &shop("19")).await.unwrap();
    // A cooperative runs its own point of sale, in any province.
    let own_point = ShopInput {
        name: "Điểm bán chè Tân Cương".into(),
        kind: "point_of_sale".into(),
        operator_id: Some("HTX Chè Tân Cương".into()),
        operator_name: None,
        ..shop("01")
    };
    let point = shops::create(&cx(&manager), &own_point).await.unwrap();
    assert_eq!(shops::get(db, point).await.unwrap().operator_id, Some(tea_htx));
    assert!(matches!(
        shops::update(&cx(&other_manager), point, &own_point).await,
        Err(StoreError::Forbidden)
    ));
    // Naming a cooperative one does not trade for, in a province one does not promote in, is
    // refused on both fields.
    let not_mine = ShopInput {
        operator_id: Some(tea_htx.to_string()),
        operator_name: None,
        ..shop("01")
    };
    assert_eq!(
        codes(shops::create(&cx(&other_manager), &not_mine).await.unwrap_err()),
        vec![
            ("province_code".into(), "cannot_promote_for"),
            ("operator_id".into(), "cannot_trade_for")
        ]
    );

    // An unknown product changes nothing.
    let unknown = ShopProductsInput {
        product_ids: vec![tea.to_string(), "999999".into()],
        version: None,
    };
    assert_eq!(
        codes(
            shops::set_products(&cx(&thai_nguyen), id, &unknown)
                .await
                .unwrap_err()
        ),
        vec![("product_ids".into(), "invalid_choice")]
    );
    assert!(shops::products_of(db, id, date(TODAY)).await.unwrap().is_empty());
    let both = ShopProductsInput {
        product_ids: vec![tea.to_string(), rice.to_string()],
        version: Some(1),
    };
    shops::set_products(&cx(&thai_nguyen), id, &both).await.unwrap();
    // A list ticked on the shop as it was before is stale: it would undo the ticks since.
    let only_tea = ShopProductsInput {
        product_ids: vec![tea.to_string()],
        version: Some(1),
    };
    assert!(matches!(
        shops::set_products(&cx(&thai_nguyen), id, &only_tea).await,
        Err(StoreError::Stale { .. })
    ));
    let carried: Vec<String> = shops::products_of(db, id, date(TODAY))
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(carried, ["Chè búp Tân Cương", "Gạo hữu cơ Kim Sơn"]);
    assert_eq!(shops::get(db, id).await.unwrap().product_count, 2);
    // Where to buy the rice: the shop while it is open; found without diacritics.
    assert_eq!(shops::carrying(db, rice).await.unwrap().len(), 1);
    let found = shops::list(
        db,
        &ShopFilter {
            query: Some("hoang van thu".into()),
            ..ShopFilter::default()
        },
        Paging::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(found.total, 2);
    let saved = shops::get(db, id).await.unwrap();
    let closing = ShopInput {
        state: Some("closed".into()),
        ..saved.to_input()
    };
    shops::update(&cx(&thai_nguyen), id, &closing).await.unwrap();
    assert_eq!(shops::get(db, id).await.unwrap().state, ShopState::Closed);
    assert!(shops::carrying(db, rice).await.unwrap().is_empty());
    t.cleanup().await;
}

fn fair() -> FairInput {
    FairInput {
        name: "Hội chợ OCOP Thái Nguyên".into(),
        kind: "fair".into(),
        organiser_province: "19".into(),
        venue_province: "19".into(),
        opening_day: "2026-10-06".into(),
        closing_day: "2026-10-09".into(),
        ..FairInput::default()
    }
}

#[tokio::test]
async fn a_fair_counts_its_participants_products_and_sales() {
    let t = hoptac_market::testing::db().await.unwrap();
    let db = &t.db;
    let thai_nguyen = officer_of(db, "lienminh19", "19").await;
    let ha_noi = officer_of(db, "lienminh01", "01").await;
    let tea_htx = organisation(db, "htx", "HTX Chè Tân Cương", "2008", "01834").await;
    let tea = product(db, tea_htx, "Chè búp Tân Cương", "drinks").await;
    let rice_htx = organisation(db, "htx", "HTX Nông nghiệp hữu cơ Kim Sơn", "2025", "14638").await;
    let rice = product(db, rice_htx, "Gạo hữu cơ Kim Sơn", "food").await;
    let manager = person(db, "giamdoc", Role::Manager, Scope::Organisation(tea_htx)).await;
    let cx = |a: &Actor| cx_on(db, a, TODAY);

    assert_eq!(
        codes(fairs::create(&cx(&ha_noi), &fair()).await.unwrap_err()),
        vec![("organiser_province".into(), "cannot_promote_for")]
    );
    let id = fairs::create(&cx(&thai_nguyen), &fair()).await.unwrap();
    let part = |organisation: i64, product: i64, sales: &str| ParticipantInput {
        organisation_id: Some(organisation.to_string()),
        product_ids: vec![product.to_string()],
        sales: Some(sales.into()),
        ..ParticipantInput::default()
    };
    // A manager does not add their cooperative: the fair's keepers do.
    assert!(matches!(
        fairs::put_participant(&cx(&manager), id, &part(tea_htx, tea, "1000")).await,
        Err(StoreError::Forbidden)
    ));
    // Another organisation's product changes nothing.
    assert_eq!(
        codes(
            fairs::put_participant(&cx(&thai_nguyen), id, &part(tea_htx, rice, "1000"))
                .await
                .unwrap_err()
        ),
        vec![("product_ids".into(), "not_their_product")]
    );
    assert!(fairs::participants(db, id, date(TODAY)).await.unwrap().is_empty());
    fairs::put_participant(&cx(&thai_nguyen), id, &part(tea_htx, tea, "85.000.000"))
        .await
        .unwrap();
    fairs::put_participant(&cx(&thai_nguyen), id, &part(rice_htx, rice, "24.500.000"))
        .await
        .unwrap();
    // Once it takes part, its manager records its own figures.
    let signed_there = ParticipantInput {
        agreements: Some("1".into()),
        agreement_value: Some("450.000.000".into()),
        ..part(tea_htx, tea, "90.000.000")
    };
    fairs::put_participant(&cx(&manager), id, &signed_there)
        .await
        .unwrap();
    // Adding it again opens its part as it is; a record made from the part before is stale.
    let again = fairs::join(&cx(&thai_nguyen), id, &Some("HTX Chè Tân Cương".into()))
        .await
        .unwrap();
    assert_eq!(again, tea_htx);
    let stale = ParticipantInput {
        version: Some(1),
        ..part(tea_htx, tea, "1")
    };
    assert!(matches!(
        fairs::put_participant(&cx(&thai_nguyen), id, &stale).await,
        Err(StoreError::Stale { .. })
    ));
    let totals = fairs::get(db, id).await.unwrap();
    assert_eq!(
        (
            totals.participants,
            totals.products,
            totals.sales,
            totals.agreements,
            totals.agreement_value
        ),
        (2, 2, Some(114_500_000), Some(1), Some(450_000_000))
    );
    fairs::remove_participant(&cx(&thai_nguyen), id, rice_htx, None)
        .await
        .unwrap();
    let after = fairs::get(db, id).await.unwrap();
    assert_eq!(
        (after.participants, after.products, after.sales),
        (1, 1, Some(90_000_000))
    );
    let this_year = FairFilter {
        year: Some(2026),
        organisation_id: Some(tea_htx),
        ..FairFilter::default()
    };
    assert_eq!(
        fairs::list(db, &this_year, Paging::new(None, None))
            .await
            .unwrap()
            .total,
        1
    );
    let next_year = FairFilter {
        year: Some(2027),
        ..FairFilter::default()
    };
    assert_eq!(
        fairs::list(db, &next_year, Paging::new(None, None))
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(trail(db, "market_fair_participant").await, 4);
    t.cleanup().await;
}
