//! The OCOP programme on both engines: the shipped scorecards, a product's self-assessment, a round
//! from applications to certificates, expiry and re-recognition over time, and the bad input that
//! must change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use hoptac_core::access::{Grant, Role, Scope};
use hoptac_core::audit::Actor;
use hoptac_core::Context;
use hoptac_ocop::domain::certificate::{CertificateState, Outcome};
use hoptac_ocop::domain::inputs::{
    ApplicationInput, CertificateNumberInput, DecisionInput, ProductInput, RoundInput, SheetInput,
};
use hoptac_ocop::store::{certificates, products, rounds, scorecards, star_rules};
use hoptac_registry::domain::organisation::OrganisationInput;

use hoptac_core::{gate, users, Db, StoreError};
use hoptac_registry::store::organisations;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    let d = date(s);
    Utc.from_utc_datetime(&d.and_hms_opt(3, 0, 0).unwrap())
}

fn codes(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Validation(e) | StoreError::Conflict(e) => {
            e.iter().map(|f| (f.field.clone(), f.code)).collect()
        }
        other => panic!("expected field errors, got {other}"),
    }
}

async fn person(db: &Db, username: &str, grants: Vec<Grant>) -> Actor {
    let id = users::create(db, username, username, "mat-khau-dai-du", false, at("2026-01-01"))
        .await
        .unwrap();
    let mut access = gate::access_of(db, id, false).await.unwrap();
    access.grants.extend(grants);
    Actor {
        user_id: Some(id),
        name: username.into(),
        address: None,
        access,
    }
}

/// The alliance officer of Thái Nguyên (19), who runs its OCOP rounds.
async fn thai_nguyen_officer(db: &Db) -> Actor {
    person(
        db,
        "lienminh",
        vec![Grant {
            role: Role::AllianceOfficer,
            scope: Scope::Province("19".into()),
        }],
    )
    .await
}

async fn refreshed(db: &Db, actor: &Actor) -> Actor {
    Actor {
        access: gate::access_of(db, actor.user_id.unwrap(), false).await.unwrap(),
        ..actor.clone()
    }
}

/// A cooperative of Bắc Kạn (a 2008 commune), now in Thái Nguyên (19).
async fn cooperative(db: &Db, name: &str, tax_code: &str) -> i64 {
    let input = OrganisationInput {
        kind: "htx".into(),
        name: name.into(),
        tax_code: Some(tax_code.into()),
        founding_date: "2020-03-15".into(),
        sectors: vec!["agriculture".into()],
        commune_era: Some("2008".into()),
        commune: "01834".into(),
        ..Default::default()
    };
    organisations::create(
        &Context::on(db, &Actor::system("test"), date("2026-01-02"), at("2026-01-02")),
        &input,
    )
    .await
    .unwrap()
}

fn product(organisation_id: i64, name: &str, group: &str, set: Option<i64>) -> ProductInput {
    ProductInput {
        organisation_id: Some(organisation_id.to_string()),
        name: name.into(),
        product_group: group.into(),
        product_set_id: set.map(|s| s.to_string()),
        ..Default::default()
    }
}

fn sheet(points: &[(&str, u32)]) -> SheetInput {
    SheetInput {
        scorecard_id: None,
        points: points
            .iter()
            .map(|(c, p)| ((*c).to_owned(), serde_json::json!(p)))
            .collect(),
    }
}

/// A council member's sheet on the card by parts.
async fn score(
    db: &Db,
    member: &Actor,
    application: i64,
    parts: [u32; 3],
    when: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let [a, b, c] = parts;
    rounds::score(
        &Context::at(db, member, when),
        application,
        &sheet(&[("A", a), ("B", b), ("C", c)]),
    )
    .await
}

#[tokio::test]
async fn the_shipped_trees_options_are_in_both_languages_even_where_stored_before() {
    use hoptac_core::Lang;
    let t = hoptac_ocop::testing::db().await.unwrap();
    let db = &t.db;
    let shipped = |versions: &[scorecards::ScorecardVersion]| {
        let tree = versions.iter().find(|v| v.product_set.is_some()).unwrap();
        let option = tree.card.criterion("A1.1").unwrap().options[0].clone();
        (tree.id, option)
    };
    let (id, option) = shipped(&scorecards::list(db).await.unwrap());
    assert_eq!(
        (option.label(Lang::Vi), option.label(Lang::En)),
        ("dưới 50% nguyên liệu trong tỉnh", "under 50% from the province")
    );
    // A tree installed before the Vietnamese words: one `label` an option, in English. The next
    // start gives it the words, and changes nothing else.
    let tree: String = hoptac_core::on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT tree FROM ocop_scorecards WHERE id = $1"
    )
    .bind(id)
    .fetch_one(pool)
    .await)
    .unwrap();
    let mut old: serde_json::Value = serde_json::from_str(&tree).unwrap();
    for criterion in old["criteria"].as_array_mut().unwrap() {
        for option in criterion["options"].as_array_mut().unwrap() {
            let en = option["label_en"].take();
            let option = option.as_object_mut().unwrap();
            option.remove("label_vi");
            option.remove("label_en");
            option.insert("label".into(), en);
        }
    }
    hoptac_core::on_pool!(db, |pool| sqlx::query(
        "UPDATE ocop_scorecards SET tree = $1 WHERE id = $2"
    )
    .bind(old.to_string())
    .bind(id)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    let (_, before) = shipped(&scorecards::list(db).await.unwrap());
    assert_eq!(before.label(Lang::Vi), "under 50% from the province");
    hoptac_ocop::prepare(db).await.unwrap();
    let versions = scorecards::list(db).await.unwrap();
    assert_eq!(versions.len(), 3);
    let (_, after) = shipped(&versions);
    assert_eq!(after, option);
}

#[tokio::test]
async fn the_shipped_tree_loads_and_its_minimums_hold_a_product_back() {
    let t = hoptac_ocop::testing::db().await.unwrap();
    let db = &t.db;
    let versions = scorecards::list(db).await.unwrap();
    assert_eq!(versions.len(), 3);
    let tree = versions.iter().find(|v| v.product_set.is_some()).unwrap();
    assert_eq!(tree.card.criteria.len(), 31);
    assert_eq!(tree.product_set.as_ref().unwrap().name, "Rau củ quả hạt tươi");
    let maxima: u32 = tree.card.criteria.iter().map(|c| c.max).sum();
    assert_eq!(maxima, 100);

    let htx = cooperative(db, "HTX Rau sạch Bằng Vân", "0101248141").await;
    let set = tree.product_set.as_ref().unwrap().id;
    let admin = Actor::system("test");
    let id = products::create(
        &Context::at(db, &admin, at("2026-02-01")),
        &product(htx, "Rau cải ngọt", "1048_food", Some(set)),
    )
    .await
    .unwrap();
    // Every criterion at its maximum but the declared standard (a 3-star minimum) at 0.
    let mut points: Vec<(&str, u32)> = tree
        .card
        .criteria
        .iter()
        .map(|c| (c.code.as_str(), c.max))
        .collect();
    for p in points.iter_mut().filter(|p| p.0 == "C2.1") {
        p.1 = 0;
    }
    products::self_assess(&Context::at(db, &admin, at("2026-02-02")), id, &sheet(&points))
        .await
        .unwrap();
    let rules = star_rules(db).await.unwrap();
    let assessed = products::latest_self_assessment(db, &admin, id, &rules, date("2026-02-02"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(assessed.consolidated.total.sum, 98);
    assert_eq!(assessed.rating.stars_by_total, 5);
    assert_eq!(assessed.rating.stars, 2);
    assert_eq!(assessed.rating.missed_minimums[0].criterion, "C2.1");
    let next = assessed.next_star.unwrap();
    assert_eq!((next.stars, next.points_needed), (3, 0));
    assert_eq!(next.missed_minimums[0].criterion, "C2.1");

    // A score not among a criterion's options is refused, naming it; nothing is saved.
    let mut wrong = points.clone();
    for p in wrong.iter_mut().filter(|p| p.0 == "B1.1") {
        p.1 = 4;
    }
    let err = products::self_assess(&Context::at(db, &admin, at("2026-02-03")), id, &sheet(&wrong))
        .await
        .unwrap_err();
    assert_eq!(codes(err), vec![("points.B1.1".into(), "not_an_option")]);
    // A set of the 1048 food group does not fit a product of the 148 drinks group.
    let err = products::create(
        &Context::at(db, &admin, at("2026-02-01")),
        &product(htx, "Trà", "drinks", Some(set)),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("product_set_id".into(), "set_not_in_group")]);
}

#[tokio::test]
async fn a_round_from_applications_to_certificates_then_expiry_and_rerecognition() {
    let t = hoptac_ocop::testing::db().await.unwrap();
    let db = &t.db;
    let officer = thai_nguyen_officer(db).await;
    let htx = cooperative(db, "HTX Chè Tân Cương", "0101248141").await;
    let admin = Actor::system("test");
    let tea = products::create(
        &Context::at(db, &admin, at("2026-02-01")),
        &product(htx, "Chè búp Tân Cương", "drinks", None),
    )
    .await
    .unwrap();
    let honey = products::create(
        &Context::at(db, &admin, at("2026-02-01")),
        &product(htx, "Mật ong bạc hà", "food", None),
    )
    .await
    .unwrap();
    let rice = products::create(
        &Context::at(db, &admin, at("2026-02-01")),
        &product(htx, "Gạo Bao thai", "food", None),
    )
    .await
    .unwrap();

    // An officer of Hà Nội cannot open a round in Thái Nguyên.
    let hanoi = person(
        db,
        "hanoi",
        vec![Grant {
            role: Role::AllianceOfficer,
            scope: Scope::Province("01".into()),
        }],
    )
    .await;
    let input = RoundInput {
        province: "19".into(),
        name: "Đợt 1 năm 2026".into(),
        opened_on: "2026-03-01".into(),
        closes_on: Some("2026-04-30".into()),
    };
    let err = rounds::open(
        &Context::on(db, &hanoi, date("2026-03-01"), at("2026-03-01")),
        &input,
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("province".into(), "outside_scope")]);
    // No star rules applied before the first decision on them (2019): such a round cannot be rated.
    let too_early = RoundInput {
        opened_on: "1900-01-01".into(),
        closes_on: None,
        ..input.clone()
    };
    let err = rounds::open(
        &Context::on(db, &officer, date("2026-03-01"), at("2026-03-01")),
        &too_early,
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("opened_on".into(), "before_star_rules")]);
    let round = rounds::open(
        &Context::on(db, &officer, date("2026-03-01"), at("2026-03-01")),
        &input,
    )
    .await
    .unwrap();

    let apply = |product: i64, kind: &str| ApplicationInput {
        product_id: Some(product.to_string()),
        kind: kind.into(),
    };
    for p in [tea, honey, rice] {
        rounds::apply(
            &Context::on(db, &admin, date("2026-03-10"), at("2026-03-10")),
            round,
            &apply(p, "first"),
        )
        .await
        .unwrap();
    }
    let err = rounds::apply(
        &Context::on(db, &admin, date("2026-03-11"), at("2026-03-11")),
        round,
        &apply(tea, "first"),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("product_id".into(), "already_applied")]);
    let err = rounds::apply(
        &Context::on(db, &admin, date("2026-03-11"), at("2026-03-11")),
        round,
        &apply(9999, "first"),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("product_id".into(), "unknown_product")]);
    let err = rounds::apply(
        &Context::on(db, &admin, date("2026-03-11"), at("2026-03-11")),
        round,
        &apply(tea, "upgrade"),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("kind".into(), "no_certificate")]);

    let first = person(db, "thanhvien1", vec![]).await;
    let second = person(db, "thanhvien2", vec![]).await;
    rounds::assign_member(&Context::at(db, &officer, at("2026-03-12")), round, "thanhvien1")
        .await
        .unwrap();
    rounds::assign_member(&Context::at(db, &officer, at("2026-03-12")), round, "ThanhVien2")
        .await
        .unwrap();
    let err = rounds::assign_member(&Context::at(db, &officer, at("2026-03-12")), round, "thanhvien2")
        .await
        .unwrap_err();
    assert_eq!(codes(err), vec![("username".into(), "already_granted")]);
    assert_eq!(rounds::council(db, &officer, round).await.unwrap().len(), 2);
    let (first, second) = (refreshed(db, &first).await, refreshed(db, &second).await);

    let apps = rounds::applications(db, &officer, round).await.unwrap();
    let app_of = |product: i64| apps.iter().find(|a| a.product_id == product).unwrap().id;
    let when = at("2026-04-01");
    score(db, &first, app_of(tea), [30, 20, 25], when).await.unwrap();
    score(db, &second, app_of(tea), [28, 18, 24], when).await.unwrap();
    score(db, &first, app_of(honey), [40, 25, 30], when)
        .await
        .unwrap();
    score(db, &second, app_of(honey), [38, 24, 30], when)
        .await
        .unwrap();
    // Out of range, and by someone outside the council: refused.
    let err = score(db, &first, app_of(rice), [41, 20, 20], when)
        .await
        .unwrap_err();
    assert_eq!(codes(err), vec![("points.A".into(), "above_max")]);
    let err = score(db, &officer, app_of(rice), [20, 20, 20], when)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden));

    // The officer sees the spread; a member sees their own total only.
    let seen = rounds::applications(db, &officer, round).await.unwrap();
    let tea_seen = seen
        .iter()
        .find(|a| a.product_id == tea)
        .unwrap()
        .assessment
        .clone()
        .unwrap();
    assert_eq!(
        (tea_seen.consolidated.lowest, tea_seen.consolidated.highest),
        (70, 75)
    );
    assert_eq!(tea_seen.score, 72.5);
    assert_eq!(tea_seen.rating.stars, 4);
    let mine = rounds::applications(db, &first, round).await.unwrap();
    let tea_mine = mine.iter().find(|a| a.product_id == tea).unwrap();
    assert_eq!(
        (tea_mine.own_total, tea_mine.assessment.is_none()),
        (Some(75), true)
    );

    let decision = |number: &str, certificates: Vec<CertificateNumberInput>| DecisionInput {
        number: number.into(),
        date: "2026-06-30".into(),
        signer: "Phó Chủ tịch UBND tỉnh".into(),
        certificates,
    };
    // The rice is not scored: the decision changes nothing.
    let err = rounds::decide(
        &Context::on(db, &officer, date("2026-07-01"), at("2026-07-01")),
        round,
        &decision("1234/QĐ-UBND", vec![]),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("round".into(), "unscored_applications")]);
    assert!(!rounds::get(db, round).await.unwrap().is_decided());
    rounds::withdraw(
        &Context::on(db, &admin, date("2026-06-01"), at("2026-06-01")),
        app_of(rice),
    )
    .await
    .unwrap();

    let numbered = vec![CertificateNumberInput {
        application_id: Some(app_of(tea).to_string()),
        number: "01/2026/OCOP-TN".into(),
    }];
    // A decision (and the certificates it dates) before the applications it decides is refused.
    let early = DecisionInput {
        date: "2026-03-05".into(),
        ..decision("1234/QĐ-UBND", numbered.clone())
    };
    let err = rounds::decide(
        &Context::on(db, &officer, date("2026-07-01"), at("2026-07-01")),
        round,
        &early,
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("date".into(), "before_applications")]);
    let issued = rounds::decide(
        &Context::on(db, &officer, date("2026-07-01"), at("2026-07-01")),
        round,
        &decision("1234/QĐ-UBND", numbered.clone()),
    )
    .await
    .unwrap();
    assert_eq!(issued.len(), 2);
    let err = rounds::decide(
        &Context::on(db, &officer, date("2026-07-01"), at("2026-07-01")),
        round,
        &decision("1234/QĐ-UBND", vec![]),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("round".into(), "round_decided")]);

    let results = rounds::applications(db, &Actor::visitor(None), round)
        .await
        .unwrap();
    let outcome = |p: i64| {
        let a = results.iter().find(|a| a.product_id == p).unwrap();
        (a.outcome(), a.stars, a.potential_five_stars)
    };
    assert_eq!(outcome(tea), (Some(Outcome::Recognised), Some(4), false));
    // 93.5 at province level: four stars here, potential five for the national council.
    assert_eq!(outcome(honey), (Some(Outcome::Recognised), Some(4), true));
    assert_eq!(outcome(rice), (Some(Outcome::Withdrawn), None, false));
    let summary = rounds::summary(db, round).await.unwrap();
    assert_eq!(summary.len(), 1);
    assert_eq!((summary[0].submitted, summary[0].withdrawn), (3, 1));
    assert_eq!(summary[0].succeeded[0].count, 2);

    let tea_certs = certificates::of_product(db, tea, date("2026-07-01"))
        .await
        .unwrap();
    assert_eq!(tea_certs[0].number, "01/2026/OCOP-TN");
    assert_eq!(tea_certs[0].expires_on, date("2029-06-30"));
    let honey_certs = certificates::of_product(db, honey, date("2026-07-01"))
        .await
        .unwrap();
    assert_eq!(honey_certs[0].number, "1234/QĐ-UBND-002");

    // Verification: valid, then expired on the day; unknown codes find nothing.
    let code = tea_certs[0].verification_code.clone();
    let check = |d: &str| {
        let code = code.clone();
        let d = date(d);
        async move {
            certificates::verify(db, &code, d)
                .await
                .unwrap()
                .unwrap()
                .state
                .unwrap()
        }
    };
    assert_eq!(check("2027-01-01").await, CertificateState::Valid);
    assert_eq!(check("2029-06-29").await, CertificateState::ExpiringSoon);
    assert_eq!(check("2029-06-30").await, CertificateState::Expired);
    assert!(certificates::verify(db, "khong-co-ma-nay", date("2027-01-01"))
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        products::get(db, tea, date("2029-06-29")).await.unwrap().stars,
        Some(4)
    );
    assert_eq!(
        products::get(db, tea, date("2029-06-30")).await.unwrap().stars,
        None
    );

    // Notices 30 days ahead, once.
    assert!(
        certificates::notify_expiring(db, date("2029-05-30"), at("2029-05-30"))
            .await
            .unwrap()
            .is_empty()
    );
    let notices = certificates::notify_expiring(db, date("2029-05-31"), at("2029-05-31"))
        .await
        .unwrap();
    assert_eq!(notices.len(), 2);
    assert!(
        certificates::notify_expiring(db, date("2029-06-01"), at("2029-06-01"))
            .await
            .unwrap()
            .is_empty()
    );

    // Re-recognition in a later round: a new certificate replaces the old one.
    let later = RoundInput {
        name: "Đợt 1 năm 2029".into(),
        opened_on: "2029-05-01".into(),
        closes_on: None,
        ..input.clone()
    };
    let round2 = rounds::open(
        &Context::on(db, &officer, date("2029-05-01"), at("2029-05-01")),
        &later,
    )
    .await
    .unwrap();
    let err = rounds::apply(
        &Context::on(db, &admin, date("2029-05-02"), at("2029-05-02")),
        round2,
        &apply(tea, "first"),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(err), vec![("kind".into(), "already_certified")]);
    let again = rounds::apply(
        &Context::on(db, &admin, date("2029-05-02"), at("2029-05-02")),
        round2,
        &apply(tea, "rerecognition"),
    )
    .await
    .unwrap();
    rounds::assign_member(&Context::at(db, &officer, at("2029-05-03")), round2, "thanhvien1")
        .await
        .unwrap();
    let first = refreshed(db, &first).await;
    score(db, &first, again, [25, 15, 20], at("2029-05-10"))
        .await
        .unwrap();
    let mut d2 = decision("77/QĐ-UBND", vec![]);
    d2.date = "2029-06-15".into();
    // A certificate number already in use is refused, and nothing is written.
    d2.certificates = numbered
        .iter()
        .map(|c| CertificateNumberInput {
            application_id: Some(again.to_string()),
            ..c.clone()
        })
        .collect();
    let err = rounds::decide(
        &Context::on(db, &officer, date("2029-06-15"), at("2029-06-15")),
        round2,
        &d2,
    )
    .await
    .unwrap_err();
    assert_eq!(
        codes(err),
        vec![("certificates".into(), "duplicate_certificate_number")]
    );
    assert!(!rounds::get(db, round2).await.unwrap().is_decided());
    d2.certificates.clear();
    rounds::decide(
        &Context::on(db, &officer, date("2029-06-15"), at("2029-06-15")),
        round2,
        &d2,
    )
    .await
    .unwrap();
    let history = certificates::of_product(db, tea, date("2029-07-01"))
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[0].stars, history[0].state),
        (3, Some(CertificateState::Valid))
    );
    assert_eq!(history[1].state, Some(CertificateState::Replaced));
    assert_eq!(
        products::get(db, tea, date("2029-07-01")).await.unwrap().stars,
        Some(3)
    );
    let summary = rounds::summary(db, round2).await.unwrap();
    assert_eq!(
        summary[0].kind,
        hoptac_ocop::domain::ApplicationKind::Rerecognition
    );
}

/// Council sheets race the decision: each sheet is either counted in the decision or refused
/// because the round is decided, never written after it nor left out of it. The check and the
/// write it guards run in one transaction that holds the round.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sheet_racing_the_decision_is_counted_or_refused() {
    let t = hoptac_ocop::testing::db().await.unwrap();
    let db = &t.db;
    let officer = thai_nguyen_officer(db).await;
    let htx = cooperative(db, "HTX Chè Tân Cương", "0101248141").await;
    let admin = Actor::system("test");
    let input = RoundInput {
        province: "19".into(),
        name: "Đợt tranh chấp".into(),
        opened_on: "2026-03-01".into(),
        closes_on: Some("2026-04-30".into()),
    };
    let round = rounds::open(
        &Context::on(db, &officer, date("2026-03-01"), at("2026-03-01")),
        &input,
    )
    .await
    .unwrap();
    for n in 0..8 {
        let name = format!("Chè búp số {n}");
        let tea = products::create(
            &Context::at(db, &admin, at("2026-02-01")),
            &product(htx, &name, "drinks", None),
        )
        .await
        .unwrap();
        let apply = ApplicationInput {
            product_id: Some(tea.to_string()),
            kind: "first".into(),
        };
        rounds::apply(
            &Context::on(db, &admin, date("2026-03-10"), at("2026-03-10")),
            round,
            &apply,
        )
        .await
        .unwrap();
    }
    let first = person(db, "thanhvien1", vec![]).await;
    let second = person(db, "thanhvien2", vec![]).await;
    for member in ["thanhvien1", "thanhvien2"] {
        rounds::assign_member(&Context::at(db, &officer, at("2026-03-12")), round, member)
            .await
            .unwrap();
    }
    let (first, second) = (refreshed(db, &first).await, refreshed(db, &second).await);
    let apps: Vec<i64> = rounds::applications(db, &officer, round)
        .await
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    let when = at("2026-04-01");
    for app in &apps {
        score(db, &first, *app, [30, 20, 25], when).await.unwrap();
    }

    let mut sheets = Vec::new();
    for app in apps.clone() {
        let (db, second) = (db.clone(), second.clone());
        sheets.push(tokio::spawn(async move {
            score(&db, &second, app, [28, 18, 24], when).await
        }));
    }
    let decision = DecisionInput {
        number: "123/QĐ-UBND".into(),
        date: "2026-06-30".into(),
        signer: "Phó Chủ tịch UBND tỉnh".into(),
        certificates: vec![],
    };
    let decided = {
        let (db, officer) = (db.clone(), officer.clone());
        tokio::spawn(async move {
            rounds::decide(
                &Context::on(&db, &officer, date("2026-06-30"), at("2026-06-30")),
                round,
                &decision,
            )
            .await
        })
    };
    decided.await.unwrap().unwrap();
    for sheet in sheets {
        match sheet.await.unwrap() {
            Ok(_) => {}
            Err(err) => assert_eq!(codes(err), vec![("round".into(), "round_decided")]),
        }
    }
    for app in rounds::applications(db, &officer, round).await.unwrap() {
        assert_eq!(
            app.score_count.map(i64::from),
            Some(app.sheets),
            "application {}: every sheet on record is counted in the decision",
            app.id
        );
    }
}

/// The one SQL spelling of "the certificate holds on the day" answers as the rule does
/// (`state_on(..).holds()`), on the days around issue, expiry and replacement.
#[tokio::test]
async fn the_sql_of_a_holding_certificate_is_the_rule() {
    use hoptac_ocop::domain::certificate::state_on;
    use hoptac_ocop::store::certificates::holds_on;
    let t = hoptac_ocop::testing::db().await.unwrap();
    let db = &t.db;
    let htx = cooperative(db, "HTX Chè Tân Cương", "0101248141").await;
    let admin = Actor::system("test");
    let tea = products::create(
        &Context::at(db, &admin, at("2026-02-01")),
        &product(htx, "Chè búp", "drinks", None),
    )
    .await
    .unwrap();
    // (issued, expires, replaced)
    let certificates = [
        ("2023-03-01", "2026-03-01", None),
        ("2024-06-30", "2027-06-30", Some("2025-09-15")),
        ("2025-09-15", "2028-09-15", None),
    ];
    for (n, (issued, expires, replaced)) in certificates.iter().enumerate() {
        let sql = "INSERT INTO ocop_certificates (number, verification_code, product_id, stars, issued_on, \
                   expires_on, replaced_on, created_at) VALUES ($1, $2, $3, 4, $4, $5, $6, $7)";
        hoptac_core::on_pool!(db, |pool| sqlx::query(sql)
            .bind(format!("{n}/QĐ-UBND"))
            .bind(format!("code-{n}"))
            .bind(tea)
            .bind(date(issued))
            .bind(date(expires))
            .bind(replaced.map(date))
            .bind(at("2026-01-01"))
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
        .unwrap();
    }
    let sql = format!(
        "SELECT c.issued_on FROM ocop_certificates c WHERE {} ORDER BY c.id",
        holds_on("c", "$1")
    );
    for day in [
        "2023-02-28",
        "2023-03-01",
        "2024-06-29",
        "2024-06-30",
        "2025-09-14",
        "2025-09-15",
        "2026-02-28",
        "2026-03-01",
        "2028-09-14",
        "2028-09-15",
    ] {
        let held: Vec<NaiveDate> = hoptac_core::on_pool!(db, |pool| sqlx::query_scalar(&sql)
            .bind(date(day))
            .fetch_all(pool)
            .await)
        .unwrap();
        let by_rule: Vec<NaiveDate> = certificates
            .iter()
            .filter(|(i, e, r)| state_on(date(i), date(e), r.map(date), date(day)).holds())
            .map(|(i, _, _)| date(i))
            .collect();
        assert_eq!(held, by_rule, "on {day}");
    }
}

/// The same person assigned to a round's council by several requests at once holds one seat.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_council_member_assigned_twice_at_once_holds_one_seat() {
    let t = hoptac_ocop::testing::db().await.unwrap();
    let db = &t.db;
    let officer = thai_nguyen_officer(db).await;
    let input = RoundInput {
        province: "19".into(),
        name: "Đợt 1 năm 2026".into(),
        opened_on: "2026-03-01".into(),
        closes_on: None,
    };
    let round = rounds::open(
        &Context::on(db, &officer, date("2026-03-01"), at("2026-03-01")),
        &input,
    )
    .await
    .unwrap();
    person(db, "thanhvien1", vec![]).await;
    let assigns = hoptac_core::testing::at_once(6, || {
        let (db, officer) = (db.clone(), officer.clone());
        async move {
            rounds::assign_member(&Context::at(&db, &officer, at("2026-03-12")), round, "thanhvien1").await
        }
    })
    .await;
    let mut seated = 0;
    for assign in assigns {
        match assign {
            Ok(_) => seated += 1,
            Err(err) => assert_eq!(codes(err), vec![("username".into(), "already_granted")]),
        }
    }
    assert_eq!(seated, 1);
    assert_eq!(rounds::council(db, &officer, round).await.unwrap().len(), 1);
}
