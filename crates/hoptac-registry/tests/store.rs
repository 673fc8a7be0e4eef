//! The store's conformance suite: every test runs on SQLite, and on PostgreSQL when
//! HOPTAC_TEST_DATABASE_URL is set (CI sets it), with the same assertions.
// Helpers outside #[test] functions unwrap too: a broken fixture should stop the test loudly.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, TimeZone, Utc};
use hoptac_core::admin::Era;
use hoptac_core::audit::{self, Actor, AuditFilter};
use hoptac_core::testing::TestDb;
use hoptac_core::Context;
use hoptac_core::{admin_units, users, Db, Paging, StoreError};
use hoptac_registry::domain::members::MemberInput;
use hoptac_registry::domain::organisation::{
    OrgKind, OrgStatus, OrganisationInput, Sector, StatusChangeInput,
};
use hoptac_registry::domain::yearly::YearlyFiguresInput;
use hoptac_registry::store::organisations::{self, OrganisationFilter};
use hoptac_registry::{store::demo, store::figures, store::members};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap()
}

/// The administrator acting today.
fn cx(db: &Db) -> Context {
    Context::on(db, &actor(), today(), now())
}

/// The writer of the tests' changes, as the audit trail records it.
fn actor() -> Actor {
    Actor {
        address: Some("127.0.0.1".into()),
        ..Actor::system("officer")
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A cooperative founded in 2022 in a commune of Bắc Kạn (2008 era).
fn bac_kan_htx() -> OrganisationInput {
    OrganisationInput {
        kind: "htx".into(),
        name: "HTX Tiến Linh".into(),
        tax_code: Some("0101248141".into()),
        founding_date: "2022-03-15".into(),
        sectors: vec!["agriculture".into()],
        commune_era: Some("2008".into()),
        commune: "01834".into(),
        charter_capital: Some("1.000.000.000".into()),
        ..Default::default()
    }
}

fn codes(err: &StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Validation(e) | StoreError::Conflict(e) => {
            e.iter().map(|f| (f.field.clone(), f.code)).collect()
        }
        other => panic!("expected field errors, got {other}"),
    }
}

#[tokio::test]
async fn both_eras_of_units_are_loaded() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    assert_eq!(admin_units::provinces(db, Era::Y2008).await.unwrap().len(), 63);
    assert_eq!(admin_units::provinces(db, Era::Y2025).await.unwrap().len(), 34);
    let bac_kan = admin_units::province(db, Era::Y2008, "06")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bac_kan.name, "Tỉnh Bắc Kạn");
    assert_eq!(bac_kan.successor_code.as_deref(), Some("19"));
    let new_communes: usize = {
        let mut n = 0;
        for p in admin_units::provinces(db, Era::Y2025).await.unwrap() {
            n += admin_units::communes(db, Era::Y2025, &p.code)
                .await
                .unwrap()
                .len();
        }
        n
    };
    assert_eq!(new_communes, 3321);
    let merged: Vec<String> = admin_units::predecessors(db, "19")
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.code)
        .collect();
    assert_eq!(merged, vec!["06", "19"]);
    // A second start does not load the units again.
    db.prepare(&[&hoptac_registry::store::SCHEMA]).await.unwrap();
    assert_eq!(admin_units::provinces(db, Era::Y2025).await.unwrap().len(), 34);
    t.cleanup().await;
}

#[tokio::test]
async fn an_old_commune_counts_in_the_new_province_and_the_old_one() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let id = organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();
    let org = organisations::get(db, id).await.unwrap();
    assert_eq!(org.commune_era, "2008");
    assert_eq!(org.province_code, "19");
    assert_eq!(org.province_name, "Tỉnh Thái Nguyên");
    assert_eq!(org.old_province_code.as_deref(), Some("06"));
    assert_eq!(org.old_province_name.as_deref(), Some("Tỉnh Bắc Kạn"));
    assert_eq!(org.sectors, vec![Sector::Agriculture]);

    let count = |filter: OrganisationFilter| async move { organisations::count(db, &filter).await.unwrap() };
    assert_eq!(
        count(OrganisationFilter {
            province: Some("19".into()),
            ..Default::default()
        })
        .await,
        1
    );
    assert_eq!(
        count(OrganisationFilter {
            old_province: Some("06".into()),
            ..Default::default()
        })
        .await,
        1
    );
    assert_eq!(
        count(OrganisationFilter {
            old_province: Some("19".into()),
            ..Default::default()
        })
        .await,
        0
    );
    assert_eq!(
        count(OrganisationFilter {
            province: Some("01".into()),
            ..Default::default()
        })
        .await,
        0
    );
    let commune = OrganisationFilter {
        commune: Some((Era::Y2008, "01834".into())),
        ..Default::default()
    };
    assert_eq!(count(commune).await, 1);
    t.cleanup().await;
}

#[tokio::test]
async fn a_new_commune_knows_its_old_province_only_when_unambiguous() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    // Cao Bằng (04) was formed from one province; Thái Nguyên (19) from two.
    let cao_bang = admin_units::communes(db, Era::Y2025, "04")
        .await
        .unwrap()
        .remove(0);
    let thai_nguyen = admin_units::communes(db, Era::Y2025, "19")
        .await
        .unwrap()
        .remove(0);
    let mut input = bac_kan_htx();
    input.commune_era = Some("2025".into());
    input.commune = cao_bang.code.clone();
    input.tax_code = None;
    let a = organisations::create(&cx(db), &input).await.unwrap();
    input.commune = thai_nguyen.code.clone();
    let b = organisations::create(&cx(db), &input).await.unwrap();
    assert_eq!(
        organisations::get(db, a)
            .await
            .unwrap()
            .old_province_code
            .as_deref(),
        Some("04")
    );
    assert_eq!(organisations::get(db, b).await.unwrap().old_province_code, None);
    t.cleanup().await;
}

#[tokio::test]
async fn bad_input_is_refused_whole() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();

    let mut unknown = bac_kan_htx();
    unknown.tax_code = None;
    unknown.commune = "99999".into();
    let err = organisations::create(&cx(db), &unknown).await.unwrap_err();
    assert_eq!(codes(&err), vec![("commune".into(), "unknown_commune")]);

    let err = organisations::create(&cx(db), &bac_kan_htx()).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)));
    assert_eq!(codes(&err), vec![("tax_code".into(), "duplicate_tax_code")]);

    let mut future = bac_kan_htx();
    future.founding_date = "2027-01-01".into();
    future.name = String::new();
    let err = organisations::create(&cx(db), &future).await.unwrap_err();
    assert_eq!(
        codes(&err),
        vec![("name".into(), "required"), ("founding_date".into(), "in_future")]
    );

    assert_eq!(
        organisations::count(db, &OrganisationFilter::default())
            .await
            .unwrap(),
        1
    );
    t.cleanup().await;
}

#[tokio::test]
async fn communes_can_be_named_within_a_province() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let commune = admin_units::commune_by_code(db, Era::Y2008, "01834")
        .await
        .unwrap()
        .unwrap();
    let mut input = bac_kan_htx();
    // Typed without diacritics and in lower case.
    input.commune = hoptac_core::text::fold(&commune.name);
    let id = organisations::create(
        &cx(db),
        &OrganisationInput {
            commune_province: Some("06".into()),
            ..input
        },
    )
    .await
    .unwrap();
    assert_eq!(organisations::get(db, id).await.unwrap().commune_code, "01834");
    t.cleanup().await;
}

#[tokio::test]
async fn search_ignores_diacritics() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();
    let mut other = bac_kan_htx();
    other.name = "HTX Đặc sản Gạo tám".into();
    other.tax_code = None;
    organisations::create(&cx(db), &other).await.unwrap();

    let search = |q: &str| {
        let filter = OrganisationFilter {
            query: Some(q.into()),
            ..Default::default()
        };
        async move {
            let page = organisations::list(db, &filter, Paging::new(None, None))
                .await
                .unwrap();
            page.items.into_iter().map(|o| o.name).collect::<Vec<_>>()
        }
    };
    assert_eq!(search("htx tien linh").await, vec!["HTX Tiến Linh"]);
    assert_eq!(search("TIẾN").await, vec!["HTX Tiến Linh"]);
    assert_eq!(search("dac san gao tam").await, vec!["HTX Đặc sản Gạo tám"]);
    assert_eq!(search("0101248141").await, vec!["HTX Tiến Linh"]);
    assert_eq!(search("htx").await.len(), 2);
    assert!(search("100%").await.is_empty());

    // The index follows edits: the old name is gone, the new one and a branch tax code are found.
    let id = organisations::list(
        db,
        &OrganisationFilter {
            query: Some("tien linh".into()),
            ..Default::default()
        },
        Paging::new(None, None),
    )
    .await
    .unwrap()
    .items[0]
        .id;
    let mut edit = organisations::get(db, id).await.unwrap().to_input();
    edit.name = "HTX Hoa Sen".into();
    edit.tax_code = Some("0101248141-002".into());
    organisations::update(&cx(db), id, &edit).await.unwrap();
    assert!(search("tien linh").await.is_empty());
    assert_eq!(search("hoa sen").await, vec!["HTX Hoa Sen"]);
    assert_eq!(search("0101248141-002").await, vec!["HTX Hoa Sen"]);
    t.cleanup().await;
}

#[tokio::test]
async fn status_history_answers_counts_at_a_date() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let id = organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();
    let change = |status: &str, date: &str| StatusChangeInput {
        status: status.into(),
        effective_date: date.into(),
        reason: Some("test".into()),
    };
    organisations::change_status(&cx(db), id, &change("suspended", "2023-03-01"))
        .await
        .unwrap();
    organisations::change_status(&cx(db), id, &change("active", "2024-01-10"))
        .await
        .unwrap();
    organisations::change_status(&cx(db), id, &change("dissolved", "2025-06-30"))
        .await
        .unwrap();
    let err = organisations::change_status(&cx(db), id, &change("active", "2026-01-01"))
        .await
        .unwrap_err();
    assert_eq!(codes(&err), vec![("status".into(), "status_final")]);

    let active_on = |d: &str| {
        let filter = OrganisationFilter {
            kinds: vec![OrgKind::Htx],
            status: Some(OrgStatus::Active),
            on: Some(date(d)),
            ..Default::default()
        };
        async move { organisations::count(db, &filter).await.unwrap() }
    };
    assert_eq!(active_on("2021-12-31").await, 0, "not founded yet");
    assert_eq!(active_on("2022-12-31").await, 1);
    assert_eq!(active_on("2023-12-31").await, 0, "suspended");
    assert_eq!(active_on("2024-12-31").await, 1);
    assert_eq!(active_on("2025-12-31").await, 0, "dissolved");
    let org = organisations::get(db, id).await.unwrap();
    assert_eq!(
        (org.status, org.status_since),
        (OrgStatus::Dissolved, date("2025-06-30"))
    );
    assert_eq!(organisations::status_history(db, id).await.unwrap().len(), 4);

    // The founding date cannot move past a recorded change.
    let mut edit = org.to_input();
    edit.founding_date = "2023-06-01".into();
    let err = organisations::update(&cx(db), id, &edit).await.unwrap_err();
    assert_eq!(codes(&err), vec![("founding_date".into(), "after_status_change")]);
    t.cleanup().await;
}

#[tokio::test]
async fn edits_replace_fields_and_sectors() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let id = organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();
    let other = OrganisationInput {
        tax_code: Some("0300588569".into()),
        name: "HTX Khác".into(),
        ..bac_kan_htx()
    };
    organisations::create(&cx(db), &other).await.unwrap();

    let mut edit = organisations::get(db, id).await.unwrap().to_input();
    edit.sectors = vec!["trade_services".into(), "transport".into()];
    edit.founding_date = "2021-01-05".into();
    edit.is_new_model = true;
    organisations::update(&cx(db), id, &edit).await.unwrap();
    let org = organisations::get(db, id).await.unwrap();
    assert_eq!(org.sectors, vec![Sector::TradeServices, Sector::Transport]);
    assert!(org.is_new_model);
    assert_eq!(
        organisations::status_history(db, id).await.unwrap()[0].effective_date,
        date("2021-01-05")
    );

    // The same edit again is from an older version than the record's now.
    let err = organisations::update(&cx(db), id, &edit).await.unwrap_err();
    assert!(matches!(err, StoreError::Stale { current: 2 }), "{err:?}");
    edit.version = Some(org.version);
    edit.tax_code = Some("0300588569".into());
    let err = organisations::update(&cx(db), id, &edit).await.unwrap_err();
    assert_eq!(codes(&err), vec![("tax_code".into(), "duplicate_tax_code")]);
    assert_eq!(
        organisations::get(db, id).await.unwrap().tax_code.as_deref(),
        Some("0101248141")
    );
    t.cleanup().await;
}

#[tokio::test]
async fn members_follow_the_law() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let id = organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();
    let member = |name: &str, capital: &str| MemberInput {
        kind: "person".into(),
        full_name: name.into(),
        membership: "official".into(),
        joined_on: "2022-04-01".into(),
        capital_contribution: Some(capital.into()),
        ..Default::default()
    };
    for name in ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"] {
        members::create(&cx(db), id, &member(name, "100.000.000"))
            .await
            .unwrap();
    }
    let err = members::create(&cx(db), id, &member("Phạm Văn Dũng", "300.000.001"))
        .await
        .unwrap_err();
    assert_eq!(
        codes(&err),
        vec![("capital_contribution".into(), "capital_cap_exceeded")]
    );
    assert_eq!(members::list(db, &actor(), id).await.unwrap().len(), 3);

    let issues = members::compliance(
        &organisations::get(db, id).await.unwrap(),
        &members::list(db, &actor(), id).await.unwrap(),
        today(),
    );
    assert_eq!(
        issues.iter().map(|i| i.code).collect::<Vec<_>>(),
        vec!["too_few_members"]
    );

    // Lowering the registered capital leaves existing contributions above the cap: reported, not lost.
    let mut edit = organisations::get(db, id).await.unwrap().to_input();
    edit.charter_capital = Some("300.000.000".into());
    organisations::update(&cx(db), id, &edit).await.unwrap();
    let issues = members::compliance(
        &organisations::get(db, id).await.unwrap(),
        &members::list(db, &actor(), id).await.unwrap(),
        today(),
    );
    assert_eq!(
        issues.iter().filter(|i| i.code == "capital_cap_exceeded").count(),
        3
    );

    let first = members::list(db, &actor(), id).await.unwrap().remove(0);
    let mut left = first.to_input();
    left.left_on = Some("2024-01-01".into());
    left.capital_contribution = Some("0".into());
    members::update(&cx(db), first.id, &left).await.unwrap();
    assert_eq!(
        members::get(db, &actor(), first.id).await.unwrap().left_on,
        Some(date("2024-01-01"))
    );
    members::delete(&Context::at(db, &actor(), now()), first.id, None)
        .await
        .unwrap();
    assert!(matches!(
        members::get(db, &actor(), first.id).await,
        Err(StoreError::NotFound)
    ));
    t.cleanup().await;
}

#[tokio::test]
async fn yearly_figures_one_row_a_year() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let id = organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();
    let input = YearlyFiguresInput {
        year: Some("2024".into()),
        members: Some("12".into()),
        revenue: Some("2.500.000.000".into()),
        profit: Some("-30.000.000".into()),
        rating: Some("fair".into()),
        source: Some("Báo cáo tài chính 2024".into()),
        ..Default::default()
    };
    figures::save(
        &Context::at(db, &actor(), now()),
        id,
        &input,
        figures::SaveMode::Create,
    )
    .await
    .unwrap();
    let err = figures::save(
        &Context::at(db, &actor(), now()),
        id,
        &input,
        figures::SaveMode::Create,
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&err), vec![("year".into(), "duplicate_year")]);
    // Figures of a year before the founding (2022) describe no organisation.
    let before = YearlyFiguresInput {
        year: Some("2019".into()),
        ..input.clone()
    };
    let err = figures::save(
        &Context::at(db, &actor(), now()),
        id,
        &before,
        figures::SaveMode::Create,
    )
    .await
    .unwrap_err();
    assert_eq!(codes(&err), vec![("year".into(), "before_founding")]);
    let mut replace = input.clone();
    replace.revenue = Some("2.600.000.000".into());
    figures::save(
        &Context::at(db, &actor(), now()),
        id,
        &replace,
        figures::SaveMode::Replace(2024),
    )
    .await
    .unwrap();
    let rows = figures::list(db, &actor(), id).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].revenue, Some(2_600_000_000));
    assert_eq!(rows[0].profit, Some(-30_000_000));
    assert_eq!(
        rows[0].rating,
        Some(hoptac_registry::domain::yearly::YearlyRating::Fair)
    );
    assert!(matches!(
        figures::save(
            &Context::at(db, &actor(), now()),
            id,
            &input,
            figures::SaveMode::Replace(2019)
        )
        .await,
        Err(StoreError::NotFound)
    ));
    figures::delete(&Context::at(db, &actor(), now()), id, 2024, None)
        .await
        .unwrap();
    assert!(figures::list(db, &actor(), id).await.unwrap().is_empty());
    t.cleanup().await;
}

#[tokio::test]
async fn lists_filter_and_paginate() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let report = demo::load(db, &demo::Scale::demo_province(), 7, today(), now(), |_| {})
        .await
        .unwrap();
    let scale = demo::Scale::demo_province();
    assert_eq!(report.organisations, scale.total());
    assert!(report.members > 500, "{report:?}");

    let all = OrganisationFilter::default();
    let total = organisations::count(db, &all).await.unwrap();
    assert_eq!(total, scale.total() as i64);
    let page = organisations::list(db, &all, Paging::new(Some(2), Some(10)))
        .await
        .unwrap();
    assert_eq!(
        (page.items.len(), page.total, page.page_count()),
        (10, total, (total + 9) / 10)
    );

    let htx = OrganisationFilter {
        kinds: vec![OrgKind::Htx],
        ..Default::default()
    };
    assert_eq!(organisations::count(db, &htx).await.unwrap(), scale.htx as i64);
    // Every generated organisation lies in Thái Nguyên, old or new.
    let in_province = OrganisationFilter {
        province: Some("19".into()),
        ..Default::default()
    };
    assert_eq!(organisations::count(db, &in_province).await.unwrap(), total);
    let bac_kan = OrganisationFilter {
        old_province: Some("06".into()),
        ..Default::default()
    };
    let old_thai_nguyen = OrganisationFilter {
        old_province: Some("19".into()),
        ..Default::default()
    };
    let split = organisations::count(db, &bac_kan).await.unwrap()
        + organisations::count(db, &old_thai_nguyen).await.unwrap();
    assert!(split > 0 && split <= total);

    // Filters narrow, and combine.
    for filter in [
        OrganisationFilter {
            sector: Some(Sector::Agriculture),
            ..Default::default()
        },
        OrganisationFilter {
            is_new_model: Some(true),
            ..Default::default()
        },
        OrganisationFilter {
            status: Some(OrgStatus::Active),
            ..Default::default()
        },
        OrganisationFilter {
            founded_year: Some(2015),
            ..Default::default()
        },
    ] {
        let n = organisations::count(db, &filter).await.unwrap();
        assert!(n < total, "{filter:?} gave {n}");
        let combined = OrganisationFilter {
            kinds: vec![OrgKind::Htx],
            ..filter.clone()
        };
        assert!(organisations::count(db, &combined).await.unwrap() <= n);
    }
    let founded = OrganisationFilter {
        founded_year: Some(2015),
        ..Default::default()
    };
    for org in organisations::list(db, &founded, Paging::new(None, Some(200)))
        .await
        .unwrap()
        .items
    {
        assert_eq!(chrono::Datelike::year(&org.founding_date), 2015);
    }

    // The demo loads only into an empty registry.
    assert!(demo::load(db, &scale, 7, today(), now(), |_| {}).await.is_err());
    t.cleanup().await;
}

#[tokio::test]
async fn accounts_and_sessions() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let id = users::create(
        db,
        "Officer.One",
        "Cán bộ Một",
        "a long enough password",
        true,
        now(),
    )
    .await
    .unwrap();
    assert!(matches!(
        users::create(db, "officer.one", "", "another long password", false, now()).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(users::create(db, "short", "", "short", false, now())
        .await
        .is_err());
    assert!(users::authenticate(db, "officer.one", "wrong password!")
        .await
        .unwrap()
        .is_none());
    assert!(users::authenticate(db, "nobody", "a long enough password")
        .await
        .unwrap()
        .is_none());
    let user = users::authenticate(db, "OFFICER.ONE", "a long enough password")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((user.id, user.is_admin), (id, true));

    let visitor = hoptac_core::Context::at(db, &hoptac_core::audit::Actor::visitor(None), now());
    let (_, token) = users::sign_in(&visitor, "officer.one", "a long enough password")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        users::session_user(db, &token, now())
            .await
            .unwrap()
            .map(|u| u.id),
        Some(id)
    );
    let later = now() + chrono::Duration::hours(users::SESSION_HOURS + 1);
    assert!(
        users::session_user(db, &token, later).await.unwrap().is_none(),
        "expired"
    );
    users::close_session(db, &token).await.unwrap();
    assert!(
        users::session_user(db, &token, now()).await.unwrap().is_none(),
        "closed"
    );
    t.cleanup().await;
}

#[tokio::test]
async fn a_search_matching_many_names_reads_the_same_page_either_way() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let scale = demo::Scale {
        provinces: vec!["19".into()],
        htx: 0,
        tht: 1_200,
        lhhtx: 0,
        farms: 0,
        enterprises: 0,
        household_businesses: 0,
    };
    demo::load(db, &scale, 11, today(), now(), |_| {}).await.unwrap();
    // Every group's name begins "THT": over the threshold at which the name index is walked.
    let search_only = OrganisationFilter {
        query: Some("tht".into()),
        ..Default::default()
    };
    // All of them lie in province 19, so this matches the same set through the ordinary plan.
    let with_place = OrganisationFilter {
        province: Some("19".into()),
        ..search_only.clone()
    };
    for page in [1, 7, 48] {
        let fast = organisations::list(db, &search_only, Paging::new(Some(page), Some(25)))
            .await
            .unwrap();
        let plain = organisations::list(db, &with_place, Paging::new(Some(page), Some(25)))
            .await
            .unwrap();
        assert_eq!(fast.total, 1_200);
        assert_eq!(plain.total, 1_200);
        let ids = |p: &hoptac_core::Page<organisations::OrganisationSummary>| {
            p.items.iter().map(|o| o.id).collect::<Vec<_>>()
        };
        assert_eq!(ids(&fast), ids(&plain), "page {page}");
    }
    t.cleanup().await;
}

#[tokio::test]
async fn every_write_is_in_the_trail_which_cannot_be_changed() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let id = organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();
    let mut edit = organisations::get(db, id).await.unwrap().to_input();
    edit.name = "HTX Tiến Linh Mới".into();
    edit.charter_capital = Some("1.200.000.000".into());
    organisations::update(&cx(db), id, &edit).await.unwrap();
    let member = MemberInput {
        kind: "person".into(),
        full_name: "Nguyễn Văn An".into(),
        membership: "official".into(),
        joined_on: "2022-04-01".into(),
        ..Default::default()
    };
    let member_id = members::create(&cx(db), id, &member).await.unwrap();
    members::delete(&Context::at(db, &actor(), now()), member_id, None)
        .await
        .unwrap();
    // A refused write leaves no trace.
    let mut bad = edit.clone();
    bad.founding_date = "2030-01-01".into();
    assert!(organisations::update(&cx(db), id, &bad).await.is_err());

    let trail = audit::list(
        db,
        &actor(),
        &AuditFilter {
            organisation_id: Some(id),
            ..Default::default()
        },
        Paging::new(None, None),
    )
    .await
    .unwrap();
    let summary: Vec<(String, String)> = trail
        .items
        .iter()
        .map(|e| (e.action.clone(), e.entity.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("delete".into(), "member".into()),
            ("create".into(), "member".into()),
            ("update".into(), "organisation".into()),
            ("create".into(), "organisation".into()),
        ]
    );
    let edit_event = &trail.items[2];
    assert_eq!(
        (edit_event.actor.as_str(), edit_event.address.as_deref()),
        ("officer", Some("127.0.0.1"))
    );
    let changed: Vec<(&str, serde_json::Value, serde_json::Value)> = edit_event
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.before.clone(), c.after.clone()))
        .collect();
    assert_eq!(
        changed,
        vec![
            ("charter_capital", "1000000000".into(), "1200000000".into()),
            ("name", "HTX Tiến Linh".into(), "HTX Tiến Linh Mới".into()),
        ],
        "only what changed, in stored form, by field name"
    );
    let deleted = &trail.items[0];
    assert_eq!(
        deleted
            .changes
            .iter()
            .find(|c| c.field == "full_name")
            .map(|c| c.before.clone()),
        Some("Nguyễn Văn An".into())
    );

    // Filters: by person, by record, by date.
    let by_actor = AuditFilter {
        actor: Some("Officer".into()),
        ..Default::default()
    };
    assert_eq!(
        audit::list(db, &actor(), &by_actor, Paging::new(None, None))
            .await
            .unwrap()
            .total,
        4
    );
    let nobody = AuditFilter {
        actor: Some("someone".into()),
        ..Default::default()
    };
    assert_eq!(
        audit::list(db, &actor(), &nobody, Paging::new(None, None))
            .await
            .unwrap()
            .total,
        0
    );
    let record = AuditFilter {
        entity: Some("member".into()),
        entity_id: Some(member_id.to_string()),
        ..Default::default()
    };
    assert_eq!(
        audit::list(db, &actor(), &record, Paging::new(None, None))
            .await
            .unwrap()
            .total,
        2
    );
    let later = AuditFilter {
        from: Some(date("2026-11-23")),
        ..Default::default()
    };
    assert_eq!(
        audit::list(db, &actor(), &later, Paging::new(None, None))
            .await
            .unwrap()
            .total,
        0
    );
    let that_day = AuditFilter {
        from: Some(date("2026-11-22")),
        to: Some(date("2026-11-22")),
        ..Default::default()
    };
    assert_eq!(
        audit::list(db, &actor(), &that_day, Paging::new(None, None))
            .await
            .unwrap()
            .total,
        4
    );

    // The database itself refuses to change or remove the trail.
    let update = hoptac_core::on_pool!(db, |pool| sqlx::query("UPDATE audit_events SET actor = 'x'")
        .execute(pool)
        .await
        .map(|_| ()));
    assert!(update.is_err());
    let delete = hoptac_core::on_pool!(db, |pool| sqlx::query("DELETE FROM audit_events")
        .execute(pool)
        .await
        .map(|_| ()));
    assert!(delete.is_err());
    assert_eq!(
        audit::list(db, &actor(), &AuditFilter::default(), Paging::new(None, None))
            .await
            .unwrap()
            .total,
        4
    );
    t.cleanup().await;
}

/// A year's figures added by several requests at once (a double click, two officers) are one
/// row and one record in the trail: one save creates, the others are told the year exists.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_year_added_twice_at_once_is_one_row_and_one_record() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let id = organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();
    let input = YearlyFiguresInput {
        year: Some("2023".into()),
        members: Some("10".into()),
        ..Default::default()
    };
    let saves = hoptac_core::testing::at_once(6, || {
        let (db, input) = (db.clone(), input.clone());
        async move {
            figures::save(
                &Context::at(&db, &actor(), now()),
                id,
                &input,
                figures::SaveMode::Create,
            )
            .await
        }
    })
    .await;
    let mut created = 0;
    for save in saves {
        match save {
            Ok(_) => created += 1,
            Err(err) => assert_eq!(codes(&err), vec![("year".into(), "duplicate_year")]),
        }
    }
    assert_eq!(created, 1);
    let filter = AuditFilter {
        entity: Some("yearly_figures".into()),
        entity_id: Some(format!("{id}/2023")),
        ..Default::default()
    };
    let trail = audit::list(db, &actor(), &filter, Paging::new(None, None))
        .await
        .unwrap();
    assert_eq!(trail.total, 1, "{:?}", trail.items);
}

/// The same role granted to the same person by several requests at once is one grant.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_role_granted_twice_at_once_is_one_grant() {
    use hoptac_core::access::GrantInput;
    use hoptac_core::roles::{self, NewGrant};
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let user = users::create(db, "lienminh", "Liên minh", "mat-khau-dai-du", false, now())
        .await
        .unwrap();
    let input = NewGrant {
        username: "lienminh".into(),
        grant: GrantInput {
            role: "alliance_officer".into(),
            province: "19".into(),
            ..Default::default()
        },
    };
    let grants = hoptac_core::testing::at_once(6, || {
        let (db, input) = (db.clone(), input.clone());
        async move { roles::grant(&Context::at(&db, &actor(), now()), &input).await }
    })
    .await;
    let mut granted = 0;
    for grant in grants {
        match grant {
            Ok(_) => granted += 1,
            Err(err) => assert_eq!(codes(&err), vec![("role".into(), "already_granted")]),
        }
    }
    assert_eq!(granted, 1);
    let access = hoptac_core::gate::access_of(db, user, false).await.unwrap();
    assert_eq!(access.grants.len(), 1);
}

/// Status changes sent at once follow one another: of ten dissolutions one is recorded, and a
/// dissolution is final even when suspensions race it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn status_changes_at_once_keep_one_history() {
    let t = TestDb::of(&[&hoptac_registry::area()]).await.unwrap();
    let db = &t.db;
    let id = organisations::create(&cx(db), &bac_kan_htx()).await.unwrap();
    let change = |status: &str| StatusChangeInput {
        status: status.into(),
        effective_date: "2024-05-01".into(),
        reason: None,
    };
    // Dissolutions and suspensions in turn.
    let sent = std::sync::atomic::AtomicUsize::new(0);
    let changes = hoptac_core::testing::at_once(10, || {
        let turn = sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let (db, input) = (db.clone(), change(["dissolved", "suspended"][turn % 2]));
        async move { organisations::change_status(&cx(&db), id, &input).await }
    })
    .await;
    let history = organisations::status_history(db, id).await.unwrap();
    let statuses: Vec<&str> = history.iter().map(|h| h.status.as_str()).collect();
    // Each accepted change follows the one before it: nothing after a dissolution, no repeats.
    for pair in statuses.windows(2) {
        assert_ne!(pair[0], pair[1], "{statuses:?}");
        assert_ne!(pair[0], "dissolved", "{statuses:?}");
    }
    let accepted = changes.iter().filter(|c| c.is_ok()).count();
    assert_eq!(accepted, statuses.len() - 1, "{statuses:?}");
    let organisation = organisations::get(db, id).await.unwrap();
    assert_eq!(
        Some(&organisation.status.as_str()),
        statuses.last(),
        "{statuses:?}"
    );
}
