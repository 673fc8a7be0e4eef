//! A province with known records for the report tests: Thái Nguyên (19) with organisations in the
//! former Thái Nguyên and the former Bắc Kạn, members, yearly figures, two OCOP rounds, a year of the market (listing, demand, memorandum, delivery, fair), entered
//! totals and plan targets. Every figure the tests expect follows by hand from what is written
//! here; the comments give the sums.
//!
//! | organisation | where (2008 commune) | founded | fate | members (joined; left) |
//! |---|---|---|---|---|
//! | HTX Tân Cương (new model, value chain, e-commerce) | Quán Triều, TN | 2019-05-10 | active | 7 (2019); 1 left 2024-06-01 |
//! | HTX Quang Vinh | Quang Vinh, TN | 2024-03-01 | active | 5 (2024-03-01) |
//! | HTX Sông Cầu | Nguyễn Thị Minh Khai, BK | 2018-01-15 | dissolved 2024-09-30 | 5 (2018) |
//! | THT chè Quán Triều | Quán Triều, TN | 2024-02-01 | active | 3 (2024-02-01) |
//! | THT miến dong | Nguyễn Thị Minh Khai, BK | 2015-06-01 | active | 2 (2015) |
//! | Trang trại Quang Vinh | Quang Vinh, TN | 2020-01-01 | active | |
//! | Công ty chè Thái Nguyên (enterprise) | Quán Triều, TN | 2010-01-01 | active | |
//! | HTX Phan Đình Phùng | Phan Đình Phùng (2025 commune) | 2025-09-01 | active | 5 (2025-09-01) |

use crate::domain::{EntryInput, PeriodInput, TargetInput};
use crate::store::entries;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use hoptac_core::audit::Actor;
use hoptac_core::Context;
use hoptac_core::{gate, users, Db, StoreResult};
use hoptac_ocop::domain::inputs::{ApplicationInput, DecisionInput, ProductInput, RoundInput, SheetInput};
use hoptac_ocop::store::{products, rounds};
use hoptac_registry::domain::members::MemberInput;
use hoptac_registry::domain::organisation::{OrganisationInput, StatusChangeInput};
use hoptac_registry::domain::yearly::YearlyFiguresInput;
use hoptac_registry::{store::figures, store::figures::SaveMode};
use hoptac_registry::{store::members, store::organisations};

/// The day the fixture is written.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

fn at(date: &str) -> DateTime<Utc> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_default();
    Utc.from_utc_datetime(&day.and_hms_opt(3, 0, 0).unwrap_or_default())
}

fn day(date: &str) -> NaiveDate {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap_or_default()
}

/// The ids the tests look things up by.
#[derive(Debug, Clone)]
pub struct ReportFixture {
    pub htx_tan_cuong: i64,
    pub htx_song_cau: i64,
    /// The entered value that disagrees with the records (HTX active in 2024: 5 entered, 2 counted).
    pub disagreeing_entry: i64,
}

struct Org<'a> {
    kind: &'a str,
    name: &'a str,
    tax_code: Option<&'a str>,
    era: &'a str,
    commune: &'a str,
    founded: &'a str,
    flags: bool,
    sectors: &'a [&'a str],
}

async fn organisation(db: &Db, operator: &Actor, org: Org<'_>) -> StoreResult<i64> {
    let input = OrganisationInput {
        kind: org.kind.into(),
        name: org.name.into(),
        tax_code: org.tax_code.map(str::to_owned),
        founding_date: org.founded.into(),
        sectors: org.sectors.iter().map(|s| (*s).to_owned()).collect(),
        commune_era: Some(org.era.into()),
        commune: org.commune.into(),
        is_new_model: org.flags,
        is_value_chain: org.flags,
        is_on_ecommerce: org.flags,
        ..OrganisationInput::default()
    };
    organisations::create(&Context::on(db, operator, today(), at("2026-01-02")), &input).await
}

async fn add_members(
    db: &Db,
    operator: &Actor,
    organisation_id: i64,
    count: usize,
    joined_on: &str,
) -> StoreResult<Vec<i64>> {
    let mut ids = Vec::new();
    for i in 1..=count {
        let input = MemberInput {
            kind: "person".into(),
            full_name: format!("Thành viên số {i}"),
            membership: "official".into(),
            joined_on: joined_on.into(),
            ..MemberInput::default()
        };
        ids.push(
            members::create(
                &Context::on(db, operator, today(), at("2026-01-02")),
                organisation_id,
                &input,
            )
            .await?,
        );
    }
    Ok(ids)
}

/// Yearly figures: year, workers, revenue, profit, average income, capital.
type Year<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

async fn yearly(db: &Db, operator: &Actor, organisation_id: i64, year: Year<'_>) -> StoreResult<()> {
    let (year, workers, revenue, profit, income, capital) = year;
    let input = YearlyFiguresInput {
        year: Some(year.into()),
        regular_workers: workers.map(str::to_owned),
        revenue: revenue.map(str::to_owned),
        profit: profit.map(str::to_owned),
        average_income: income.map(str::to_owned),
        charter_capital: capital.map(str::to_owned),
        source: Some("Báo cáo tài chính".into()),
        ..YearlyFiguresInput::default()
    };
    figures::save(
        &Context::at(db, operator, at("2026-01-03")),
        organisation_id,
        &input,
        SaveMode::Create,
    )
    .await?;
    Ok(())
}

/// Writes into an empty database two cooperatives of the former Thái Nguyên that keep no member
/// register: Hợp tác xã Chè Tân Cương B, whose 2024 yearly figures give 40 members and 12 regular
/// workers, and Hợp tác xã Rau Quang Vinh B, with no figures at all.
pub async fn load_without_registers(db: &Db) -> StoreResult<()> {
    let operator = Actor::system("fixture");
    let cooperative = |name, commune| Org {
        kind: "htx",
        name,
        tax_code: None,
        era: "2008",
        commune,
        founded: "2020-03-01",
        flags: false,
        sectors: &["agriculture"],
    };
    let with_figures =
        organisation(db, &operator, cooperative("Hợp tác xã Chè Tân Cương B", "05431")).await?;
    organisation(db, &operator, cooperative("Hợp tác xã Rau Quang Vinh B", "05434")).await?;
    let input = YearlyFiguresInput {
        year: Some("2024".into()),
        members: Some("40".into()),
        regular_workers: Some("12".into()),
        source: Some("Báo cáo năm 2024 của HTX".into()),
        ..YearlyFiguresInput::default()
    };
    figures::save(
        &Context::at(db, &operator, at("2026-01-03")),
        with_figures,
        &input,
        SaveMode::Create,
    )
    .await?;
    Ok(())
}

/// Writes the fixture into an empty database.
pub async fn load(db: &Db) -> StoreResult<ReportFixture> {
    let operator = Actor::system("fixture");
    let org = |kind, name, tax_code, era, commune, founded| Org {
        kind,
        name,
        tax_code,
        era,
        commune,
        founded,
        flags: false,
        sectors: &["agriculture"],
    };
    let tan_cuong = organisation(
        db,
        &operator,
        Org {
            flags: true,
            ..org(
                "htx",
                "HTX chè Tân Cương",
                Some("4600100155"),
                "2008",
                "05431",
                "2019-05-10",
            )
        },
    )
    .await?;
    let quang_vinh = organisation(
        db,
        &operator,
        // A cooperative of transport and trade counts as one of trade and services.
        Org {
            sectors: &["transport", "trade_services"],
            ..org("htx", "HTX Quang Vinh", None, "2008", "05434", "2024-03-01")
        },
    )
    .await?;
    let song_cau = organisation(
        db,
        &operator,
        org("htx", "HTX Sông Cầu", None, "2008", "01834", "2018-01-15"),
    )
    .await?;
    let tht_tn = organisation(
        db,
        &operator,
        org("tht", "THT chè Quán Triều", None, "2008", "05431", "2024-02-01"),
    )
    .await?;
    let tht_bk = organisation(
        db,
        &operator,
        org("tht", "THT miến dong", None, "2008", "01834", "2015-06-01"),
    )
    .await?;
    let farm = organisation(
        db,
        &operator,
        org(
            "farm",
            "Trang trại Quang Vinh",
            None,
            "2008",
            "05434",
            "2020-01-01",
        ),
    )
    .await?;
    let enterprise = organisation(
        db,
        &operator,
        org(
            "enterprise",
            "Công ty TNHH chè Thái Nguyên",
            None,
            "2008",
            "05431",
            "2010-01-01",
        ),
    )
    .await?;
    // Founded after the merger: in no report of 2023 or 2024.
    let phan_dinh_phung = organisation(
        db,
        &operator,
        org("htx", "HTX Phan Đình Phùng", None, "2025", "05443", "2025-09-01"),
    )
    .await?;
    add_members(db, &operator, phan_dinh_phung, 5, "2025-09-01").await?;

    // Members. HTX on 31/12/2024: 6 + 5 = 11 (Sông Cầu dissolved); on 31/12/2023: 7 + 5 = 12.
    // THT on 31/12/2024: 3 + 2 = 5; on 31/12/2023: 2.
    let tan_cuong_members = add_members(db, &operator, tan_cuong, 7, "2019-05-10").await?;
    let mut leaving = members::get(db, &operator, tan_cuong_members[6])
        .await?
        .to_input();
    leaving.left_on = Some("2024-06-01".into());
    members::update(
        &Context::on(db, &operator, today(), at("2026-01-02")),
        tan_cuong_members[6],
        &leaving,
    )
    .await?;
    add_members(db, &operator, quang_vinh, 5, "2024-03-01").await?;
    add_members(db, &operator, song_cau, 5, "2018-01-15").await?;
    add_members(db, &operator, tht_tn, 3, "2024-02-01").await?;
    add_members(db, &operator, tht_bk, 2, "2015-06-01").await?;
    let dissolution = StatusChangeInput {
        status: "dissolved".into(),
        effective_date: "2024-09-30".into(),
        reason: Some("Đại hội thành viên quyết định giải thể".into()),
    };
    organisations::change_status(
        &Context::on(db, &operator, today(), at("2026-01-02")),
        song_cau,
        &dissolution,
    )
    .await?;

    // 2024: workers 10 + 6 + 3 = 19; revenue 2.000 + 1.000 = 3.000 million over 2 cooperatives;
    // profit 200 - 50 = 150 million over 2; income 60 million x 10 + 30 million x 3 over 13 workers
    // = 53.076.923 đồng; farm capital 3.000 million. The Bắc Kạn group: revenue 450 million, profit
    // 45 million (not the cooperatives').
    // 2023: workers 8 + 4 = 12; revenue 1.500 + 500 = 2.000 million.
    let million = |n: &str| Some(format!("{n}.000.000"));
    let y = |year, workers, revenue: Option<String>, profit: Option<String>, income: Option<String>| {
        (year, workers, revenue, profit, income)
    };
    for (id, (year, workers, revenue, profit, income), capital) in [
        (
            tan_cuong,
            y(
                "2024",
                Some("10"),
                million("2.000"),
                million("200"),
                million("60"),
            ),
            None,
        ),
        (
            tan_cuong,
            y("2023", Some("8"), million("1.500"), million("100"), million("50")),
            None,
        ),
        (
            quang_vinh,
            y(
                "2024",
                Some("6"),
                million("1.000"),
                Some("-50.000.000".into()),
                None,
            ),
            None,
        ),
        (song_cau, y("2023", Some("4"), million("500"), None, None), None),
        (
            tht_bk,
            y("2024", Some("3"), million("450"), million("45"), million("30")),
            None,
        ),
        (farm, y("2024", None, None, None, None), million("3.000")),
    ] {
        let year = (
            year,
            workers,
            revenue.as_deref(),
            profit.as_deref(),
            income.as_deref(),
            capital.as_deref(),
        );
        yearly(db, &operator, id, year).await?;
    }

    // OCOP products: 1 of Tân Cương with every feature, 2 of the enterprise with a quality
    // declaration, 3 of the Bắc Kạn group, 4 of Quang Vinh, 5 of Tân Cương.
    let product = |organisation_id: i64, name: &str, all: bool, declared: bool| ProductInput {
        organisation_id: Some(organisation_id.to_string()),
        name: name.into(),
        product_group: "food".into(),
        has_quality_declaration: declared,
        has_traceability: all,
        is_value_chain: all,
        ip_protection: all.then(|| "trademark".into()),
        ..ProductInput::default()
    };
    let now = at("2026-01-04");
    let p1 = products::create(
        &Context::at(db, &operator, now),
        &product(tan_cuong, "Chè đinh Tân Cương", true, true),
    )
    .await?;
    let p2 = products::create(
        &Context::at(db, &operator, now),
        &product(enterprise, "Chè búp Thái Nguyên", false, true),
    )
    .await?;
    let p3 = products::create(
        &Context::at(db, &operator, now),
        &product(tht_bk, "Miến dong Na Rì", false, false),
    )
    .await?;
    let p4 = products::create(
        &Context::at(db, &operator, now),
        &product(quang_vinh, "Gạo nếp Quang Vinh", false, false),
    )
    .await?;
    let p5 = products::create(
        &Context::at(db, &operator, now),
        &product(tan_cuong, "Trà hoa vàng Tân Cương", false, false),
    )
    .await?;

    let member_id = users::create(db, "hoidong.fixture", "Hội đồng", "mat-khau-dai-du", false, now).await?;
    // 2023: 1 at 75 points (4 stars), 2 at 60 (3 stars).
    let round_2023 = [(p1, "first", [30, 20, 25]), (p2, "first", [25, 15, 20])];
    run_round(
        db,
        &operator,
        member_id,
        "Đợt 1 năm 2023",
        "2023-04-01",
        "2023-06-15",
        &round_2023,
    )
    .await?;
    // 2024: 3 first at 55 (3 stars), 2 upgraded at 72 (4 stars), 4 not recognised at 40, 5 first
    // at 92 (4 stars at province level, potential 5 stars).
    let round_2024 = [
        (p3, "first", [22, 13, 20]),
        (p2, "upgrade", [30, 18, 24]),
        (p4, "first", [15, 10, 15]),
        (p5, "first", [38, 23, 31]),
    ];
    run_round(
        db,
        &operator,
        member_id,
        "Đợt 1 năm 2024",
        "2024-04-01",
        "2024-07-10",
        &round_2024,
    )
    .await?;

    // Entered totals. Bắc Kạn's one union is known only from its report; the province's report
    // said 5 HTX where the records count 2.
    let entry = |indicator: &str, place: &str, period: &str, value: &str, source: &str| EntryInput {
        indicator: indicator.into(),
        place: place.into(),
        period: PeriodInput {
            period: Some(period.into()),
            ..PeriodInput::default()
        },
        value: Some(value.into()),
        source: source.into(),
    };
    let bac_kan = "Báo cáo số 45/BC-LMHTX của Liên minh HTX tỉnh Bắc Kạn";
    entries::save(
        &Context::on(db, &operator, today(), now),
        &entry("lhhtx_active", "province-2008-06", "2024", "1", bac_kan),
    )
    .await?;
    let disagreeing_entry = entries::save(
        &Context::on(db, &operator, today(), now),
        &entry("htx_active", "province-19", "2024", "5", "Báo cáo số 12/BC-UBND"),
    )
    .await?
    .id;
    // Plans for 2024: 2 new HTX (1 founded: 50,0 %), 1 new THT (100,0 %).
    for (indicator, target) in [("htx_founded", "2"), ("tht_founded", "1")] {
        let input = TargetInput {
            indicator: indicator.into(),
            place: "province-19".into(),
            year: Some("2024".into()),
            target: Some(target.into()),
            note: Some("Kế hoạch phát triển kinh tế tập thể năm 2024".into()),
        };
        entries::save_target(&Context::on(db, &operator, today(), now), &input).await?;
    }
    market(db, &operator, tan_cuong, enterprise, p1).await?;
    Ok(ReportFixture {
        htx_tan_cuong: tan_cuong,
        htx_song_cau: song_cau,
        disagreeing_entry,
    })
}

/// Opens a round in Thái Nguyên, scores each product by one council member on parts A, B and C,
/// and records the decision.
async fn run_round(
    db: &Db,
    operator: &Actor,
    member_id: i64,
    name: &str,
    opened: &str,
    decided: &str,
    applications: &[(i64, &str, [u32; 3])],
) -> StoreResult<()> {
    let input = RoundInput {
        province: "19".into(),
        name: name.into(),
        opened_on: opened.into(),
        closes_on: None,
    };
    let round = rounds::open(&Context::on(db, operator, day(opened), at(opened)), &input).await?;
    rounds::assign_member(&Context::at(db, operator, at(opened)), round, "hoidong.fixture").await?;
    let member = Actor {
        user_id: Some(member_id),
        name: "hoidong.fixture".into(),
        address: None,
        access: gate::access_of(db, member_id, false).await?,
    };
    for (product_id, kind, parts) in applications {
        let application = ApplicationInput {
            product_id: Some(product_id.to_string()),
            kind: (*kind).into(),
        };
        let id = rounds::apply(
            &Context::on(db, operator, day(opened), at(opened)),
            round,
            &application,
        )
        .await?;
        let points = ["A", "B", "C"]
            .into_iter()
            .zip(parts)
            .map(|(part, points)| (part.to_owned(), serde_json::json!(points)))
            .collect();
        let sheet = SheetInput {
            scorecard_id: None,
            points,
        };
        rounds::score(&Context::at(db, &member, at(opened)), id, &sheet).await?;
    }
    let decision = DecisionInput {
        number: format!("{}/QĐ-UBND", &decided[..4]),
        date: decided.into(),
        signer: "Phó Chủ tịch UBND tỉnh".into(),
        certificates: Vec::new(),
    };
    rounds::decide(
        &Context::on(db, operator, day(decided), at(decided)),
        round,
        &decision,
    )
    .await?;
    Ok(())
}

/// The market in 2024: Tân Cương lists its tea (1 product on offer); the tea company asks for
/// 2 tonnes through 2025 (1 open demand) and signs a memorandum for it with Tân Cương on 10 June
/// (1 signed, 1 demand answered), in force from 1 July (1 in force at the year's end); Tân Cương
/// delivers 500 kg worth 150.000.000 đồng on 15 August, to a buyer of its own province (none
/// outside); and takes part in the province's fair on 5 October, selling 20.000.000 đồng.
async fn market(db: &Db, operator: &Actor, tan_cuong: i64, company: i64, tea: i64) -> StoreResult<()> {
    use hoptac_market::domain::contracts::{DeliveryInput, DueInput, LineInput, TermsInput};
    use hoptac_market::domain::fairs::{FairInput, ParticipantInput};
    use hoptac_market::domain::inputs::{DemandInput, ListingInput};
    use hoptac_market::store::contracts::{self, ContractInput, StateInput};
    use hoptac_market::store::{demands, fairs, listings};
    let on = |date: &str| Context::on(db, operator, day(date), at(date));
    let listing = ListingInput {
        product_id: Some(tea.to_string()),
        season: (3..=11).map(|m: u32| m.to_string()).collect(),
        unit: "kg".into(),
        monthly_volume: Some("300".into()),
        price_min: Some("300000".into()),
        ..ListingInput::default()
    };
    listings::create(&on("2024-03-01"), &listing).await?;
    let demand = DemandInput {
        buyer_id: Some(company.to_string()),
        product: "Chè đinh".into(),
        quantity: Some("2".into()),
        unit: "tonne".into(),
        starts_on: "2024-07-01".into(),
        ends_on: "2025-06-30".into(),
        delivery_province: "19".into(),
        ..DemandInput::default()
    };
    let demand = demands::create(&on("2024-05-02"), &demand).await?;
    let input = ContractInput {
        kind: "memorandum".into(),
        name: "Biên bản ghi nhớ tiêu thụ chè đinh".into(),
        contract_number: None,
        buyer_id: Some(company.to_string()),
        demand_id: Some(demand.to_string()),
        terms: TermsInput {
            starts_on: "2024-07-01".into(),
            ends_on: "2025-06-30".into(),
            lines: vec![LineInput {
                seller_id: Some(tan_cuong.to_string()),
                product: "Chè đinh Tân Cương".into(),
                quantity: Some("2000".into()),
                unit: "kg".into(),
                price: Some("300000".into()),
            }],
            schedule: vec![DueInput {
                line: Some("1".into()),
                due_on: "2024-08-15".into(),
                quantity: Some("500".into()),
            }],
            price_terms: None,
            change_note: None,
        },
    };
    let contract = contracts::create(&on("2024-06-01"), &input).await?;
    let state = |to: &str| StateInput {
        state: to.into(),
        reason: None,
    };
    contracts::change_state(&on("2024-06-03"), contract, &state("proposed"), None).await?;
    for party in [company, tan_cuong] {
        contracts::sign(&on("2024-06-10"), contract, party, None).await?;
    }
    contracts::change_state(&on("2024-07-01"), contract, &state("in_force"), None).await?;
    let delivery = DeliveryInput {
        line: Some("1".into()),
        delivered_on: "2024-08-15".into(),
        quantity: Some("500".into()),
        ..DeliveryInput::default()
    };
    contracts::deliver(&on("2024-08-15"), contract, &delivery).await?;
    let fair = FairInput {
        name: "Hội chợ OCOP Thái Nguyên 2024".into(),
        kind: "fair".into(),
        organiser_province: "19".into(),
        venue_province: "19".into(),
        opening_day: "2024-10-05".into(),
        closing_day: "2024-10-08".into(),
        ..FairInput::default()
    };
    let fair = fairs::create(&on("2024-09-01"), &fair).await?;
    let part = ParticipantInput {
        organisation_id: Some(tan_cuong.to_string()),
        product_ids: vec![tea.to_string()],
        sales: Some("20000000".into()),
        ..ParticipantInput::default()
    };
    fairs::put_participant(&on("2024-10-09"), fair, &part).await?;
    Ok(())
}
