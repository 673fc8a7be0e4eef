//! Reports on both engines, over the fixture province of `hoptac_reports::fixture`:
//! every indicator against the figures worked out by hand there, the old-era provinces inside the
//! merged one, the communes, entered values and plans, who may read and write, and bad input that
//! must save nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use hoptac_core::access::{Access, Grant, Role, Scope};
use hoptac_core::audit::Actor;
use hoptac_core::numbers::Fixed;
use hoptac_core::Context;
use hoptac_reports::domain::{EntryInput, Indicator, Period, PeriodInput, ReportPlace, Source, TargetInput};
use hoptac_reports::fixture::{self, today};
use hoptac_reports::store::{self as reports, entries, Report};

use hoptac_core::{Db, StoreError};
use Indicator::*;

fn year(y: i32) -> Period {
    Period::year(y).unwrap()
}

fn place(code: &str) -> ReportPlace {
    ReportPlace::parse(code).unwrap()
}

async fn report_of(db: &Db, code: &str, period: Period) -> Report {
    reports::report(db, &Actor::system("test"), &place(code), period, today())
        .await
        .unwrap()
}

/// The stated value and its source, for each indicator asked.
fn values(report: &Report, indicators: &[Indicator]) -> Vec<(Indicator, Option<(i64, Source)>)> {
    indicators
        .iter()
        .map(|&i| {
            (
                i,
                report
                    .figure(i)
                    .and_then(|f| f.value)
                    .map(|v| (v.value, v.source)),
            )
        })
        .collect()
}

fn computed(indicators: &[(Indicator, i64)]) -> Vec<(Indicator, Option<(i64, Source)>)> {
    indicators
        .iter()
        .map(|&(i, v)| (i, Some((v, Source::Computed))))
        .collect()
}

fn officer(role: Role, scope: Scope) -> Actor {
    Actor {
        user_id: None,
        name: "officer".into(),
        address: None,
        access: Access {
            admin: false,
            grants: vec![Grant { role, scope }],
        },
    }
}

fn codes(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Validation(e) => e.iter().map(|f| (f.field.clone(), f.code)).collect(),
        other => panic!("expected field errors, got {other}"),
    }
}

#[tokio::test]
async fn every_indicator_of_the_fixture_province_matches_the_hand_count() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let r = report_of(&t.db, "province-19", year(2024)).await;
    assert_eq!(r.as_of, year(2024).end);
    assert_eq!(r.place.name, "Tỉnh Thái Nguyên");
    let registry = [
        (ThtActive, 2),
        (ThtMembers, 5),
        (ThtFounded, 1),
        (ThtDissolved, 0),
        (HtxActive, 2),
        (HtxMembers, 11),
        (HtxFounded, 1),
        (HtxDissolved, 1),
        (HtxNewModel, 1),
        (HtxValueChain, 1),
        (OnEcommerce, 1),
    ];
    assert_eq!(values(&r, &registry.map(|(i, _)| i)), computed(&registry));
    // Cooperatives and unions together: two counted, Bắc Kạn's union entered; by main field, the
    // transport and trade cooperative counts under trade and services.
    assert_eq!(
        values(
            &r,
            &[CoopsActive, CoopsAgriculture, CoopsTradeServices, CoopsTransport]
        ),
        [
            (CoopsActive, Some((3, Source::Mixed))),
            (CoopsAgriculture, Some((1, Source::Computed))),
            (CoopsTradeServices, Some((1, Source::Computed))),
            (CoopsTransport, Some((0, Source::Computed))),
        ]
    );
    assert!(!CoopsActive.may_be_entered());
    let business = [
        (Workers, 19),
        (CoopsReporting, 2),
        (Revenue, 3_000_000_000),
        (RevenuePerCoop, 1_500_000_000),
        (Profit, 150_000_000),
        (ProfitPerCoop, 75_000_000),
        (AverageIncome, 53_100_000),
        // The Bắc Kạn group's own business, apart from the cooperatives'.
        (ThtRevenue, 450_000_000),
        (ThtProfit, 45_000_000),
        (ThtProfitPerTht, 45_000_000),
        (FarmsActive, 1),
        (FarmCapital, 3_000_000_000),
        (FarmCapitalPerFarm, 3_000_000_000),
    ];
    assert_eq!(values(&r, &business.map(|(i, _)| i)), computed(&business));
    let ocop = [
        (OcopProducts, 4),
        (Ocop3Stars, 1),
        (Ocop4Stars, 3),
        (Ocop5Stars, 0),
        (OcopSubjects, 3),
        (OcopByHtx, 2),
        (OcopByTht, 1),
        (OcopByEnterprise, 1),
        (OcopByHousehold, 0),
        // The subjects by kind: one HTX holds two products.
        (OcopSubjectsHtx, 1),
        (OcopSubjectsTht, 1),
        (OcopSubjectsEnterprise, 1),
        (OcopSubjectsHousehold, 0),
        // The 2024 round: three first evaluations (3 stars, 4 stars, not recognised) and an
        // upgrade from 3 to 4 stars.
        (OcopAppliedFirst, 3),
        (OcopAppliedRerecognition, 0),
        (OcopAppliedUpgrade, 1),
        (OcopRecognised3Stars, 1),
        (OcopRecognised4Stars, 1),
        (OcopRecognised5Stars, 0),
        (OcopRerecognised3Stars, 0),
        (OcopUpgraded3To4, 1),
        (OcopUpgraded4To5, 0),
        (OcopRecognised, 2),
        (OcopRerecognised, 0),
        (OcopUpgraded, 1),
        (OcopNotRecognised, 1),
        (OcopPotentialFive, 1),
        (ProductsTraceability, 1),
        (ProductsValueChain, 1),
        (ProductsQualityDeclaration, 2),
        (ProductsIp, 1),
    ];
    assert_eq!(values(&r, &ocop.map(|(i, _)| i)), computed(&ocop));
    // The union is known only from Bắc Kạn's entered report; nothing counts its members.
    assert_eq!(
        values(&r, &[LhhtxActive, LhhtxMembers, LhhtxFounded]),
        [
            (LhhtxActive, Some((1, Source::Entered))),
            (LhhtxMembers, None),
            (LhhtxFounded, None)
        ]
    );
    // Hidden parts of ratios are not lines of the report.
    assert!(r.figure(IncomePaid).is_none());
}

#[tokio::test]
async fn the_narrative_reads_like_the_provinces_reports() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let r = report_of(&t.db, "province-19", year(2024)).await;
    let expected = [
        "Tính đến ngày 31/12/2024, toàn tỉnh có 2 tổ hợp tác (THT) với 5 thành viên, tăng 1 THT so với năm 2023; \
         thành lập mới 1 THT, đạt 100,0% so với kế hoạch năm 2024. Có 2 hợp tác xã (HTX) với 11 thành viên, bằng năm \
         2023; thành lập mới 1 HTX, đạt 50,0% so với kế hoạch năm 2024; giải thể 1 HTX. Có 1 liên hiệp hợp tác xã \
         (LHHTX). Tổng số HTX, LHHTX đang hoạt động là 3, phân theo lĩnh vực: nông, lâm nghiệp, thủy sản 1; \
         thương mại, dịch vụ 1; chưa có số liệu theo lĩnh vực 1. Trong số HTX đang hoạt động có 1 HTX kiểu mới, 1 HTX gắn với chuỗi giá trị. Có 1 tổ chức có \
         mặt trên sàn thương mại điện tử của Liên minh HTX Việt Nam. Tỉnh Thái Nguyên (cũ) chưa có số liệu về \
         liên hiệp hợp tác xã đang hoạt động.",
        "Các THT, HTX thu hút 19 lao động thường xuyên (THT 3, HTX 16), tăng 7 lao động so với năm 2023. Tổng doanh thu \
         của HTX, LHHTX đạt 3.000 triệu đồng, bình quân 1.500,0 triệu đồng/HTX (2/3 HTX, LHHTX đã báo cáo số liệu năm \
         2024), tăng 50,0% so với năm 2023; lợi nhuận đạt 150 triệu đồng, bình quân 75,0 triệu đồng/HTX (2/3 HTX, LHHTX \
         đã báo cáo số liệu năm 2024), tăng 50,0% so với năm 2023. Doanh thu của các THT đạt 450 triệu đồng; \
         lợi nhuận bình quân 45,0 triệu đồng/THT/năm. Thu nhập bình quân của người lao động đạt 53,1 triệu \
         đồng/người/năm. Tỉnh Bắc Kạn (cũ) chưa có số liệu về 6 chỉ tiêu (xem biểu mức độ đầy đủ của số \
         liệu); tỉnh Thái Nguyên (cũ) chưa có số liệu về 4 chỉ tiêu (xem biểu mức độ đầy đủ của số liệu).",
        // The farm is in Thái Nguyên; Bắc Kạn's are not known.
        "Tỉnh Thái Nguyên (cũ) có 1 trang trại với tổng vốn đầu tư 3.000 triệu đồng, bình quân 3.000,0 triệu \
         đồng/trang trại. Số liệu trên là số liệu của tỉnh Thái Nguyên (cũ); tỉnh Bắc Kạn (cũ) chưa có số \
         liệu.",
        "Toàn tỉnh có 4 sản phẩm OCOP từ 3 sao trở lên (1 sản phẩm 3 sao, 3 sản phẩm 4 sao) của 3 chủ thể, \
         trong đó 1 HTX có 2 sản phẩm, 1 THT có 1 sản phẩm, 1 doanh nghiệp có 1 sản phẩm; tăng 2 sản phẩm so \
         với năm 2023.",
        "Trong kỳ, có 4 sản phẩm tham gia đánh giá, phân hạng (3 sản phẩm đánh giá lần đầu, 1 sản phẩm đề nghị \
         nâng hạng). Kết quả: 2 sản phẩm OCOP mới được công nhận, trong đó có 1 sản phẩm 3 sao, 1 sản phẩm 4 \
         sao; 1 sản phẩm đủ điều kiện nâng hạng từ 3 sao lên 4 sao; 1 sản phẩm chưa đạt; 1 sản phẩm đạt từ 90 \
         điểm, tiềm năng 5 sao.",
        "Về chất lượng và thương hiệu, có 2 sản phẩm có công bố chất lượng, 1 sản phẩm được bảo hộ sở hữu trí \
         tuệ, 1 sản phẩm có truy xuất nguồn gốc, 1 sản phẩm sản xuất theo chuỗi giá trị.",
        // The fixture's market: its buyer is of the province, so nothing went outside it.
        "Về liên kết tiêu thụ, xúc tiến thương mại, toàn tỉnh có 1 sản phẩm chào bán trên sàn liên kết tiêu \
         thụ, 1 nhu cầu mua đang mở. Trong kỳ, ký 1 hợp đồng, biên bản ghi nhớ liên kết tiêu thụ (1 nhu cầu \
         mua có hợp đồng liên kết); 1 hợp đồng đang thực hiện; giá trị sản phẩm giao theo hợp đồng liên kết \
         đạt 150 triệu đồng; 1 tổ chức tham gia hội chợ, triển lãm, doanh thu tại hội chợ đạt 20 triệu đồng.",
    ];
    assert_eq!(r.narrative(), expected);
}

/// A figure's achievement as the report writes it: "50,0".
fn percent(figure: hoptac_reports::domain::Figure) -> Option<String> {
    figure.achievement().map(Fixed::vietnamese)
}

#[tokio::test]
async fn figures_compare_with_the_plan_the_year_before_and_what_was_entered() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let r = report_of(&t.db, "province-19", year(2024)).await;
    let figure = |i| r.figure(i).unwrap().clone();
    let founded = figure(HtxFounded);
    assert_eq!((founded.target, percent(founded)), (Some(2), Some("50,0".into())));
    assert_eq!(percent(figure(ThtFounded)).as_deref(), Some("100,0"));
    // 2023: THT 1 with 2 members, HTX 2 (Tân Cương and Sông Cầu) with 12, workers 12, revenue
    // 2.000 million, OCOP products 2.
    let previous = |i| figure(i).previous;
    assert_eq!(
        [
            ThtActive,
            ThtMembers,
            HtxActive,
            HtxMembers,
            Workers,
            Revenue,
            OcopProducts
        ]
        .map(previous),
        [
            Some(1),
            Some(2),
            Some(2),
            Some(12),
            Some(12),
            Some(2_000_000_000),
            Some(2)
        ]
    );
    assert_eq!(figure(ThtActive).change(), Some(Fixed::whole(1)));
    assert_eq!(figure(HtxMembers).change(), Some(Fixed::whole(-1)));
    // The province's report said 5 HTX; the records count 2, and the page must say so.
    let htx = figure(HtxActive);
    assert_eq!(htx.value.map(|v| v.value), Some(2));
    assert_eq!(
        htx.disagreement().map(|e| (e.value, e.source.as_str())),
        Some((5, "Báo cáo số 12/BC-UBND"))
    );
    assert_eq!(figure(ThtActive).disagreement(), None);
}

#[tokio::test]
async fn old_provinces_report_alone_and_roll_up_into_the_merged_one() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let bac_kan = report_of(&t.db, "province-2008-06", year(2024)).await;
    assert_eq!(bac_kan.place.successor.as_deref(), Some("19"));
    assert_eq!(
        values(
            &bac_kan,
            &[
                ThtActive,
                ThtMembers,
                HtxActive,
                HtxDissolved,
                LhhtxActive,
                Workers
            ]
        ),
        [
            (ThtActive, Some((1, Source::Computed))),
            (ThtMembers, Some((2, Source::Computed))),
            (HtxActive, Some((0, Source::Computed))),
            (HtxDissolved, Some((1, Source::Computed))),
            (LhhtxActive, Some((1, Source::Entered))),
            (Workers, Some((3, Source::Computed))),
        ]
    );
    let thai_nguyen_2008 = report_of(&t.db, "province-2008-19", year(2024)).await;
    assert_eq!(
        values(
            &thai_nguyen_2008,
            &[ThtActive, HtxActive, LhhtxActive, OcopProducts]
        ),
        [
            (ThtActive, Some((1, Source::Computed))),
            (HtxActive, Some((2, Source::Computed))),
            (LhhtxActive, None),
            (OcopProducts, Some((3, Source::Computed))),
        ]
    );
    // The country adds up its provinces: Thái Nguyên's cooperatives from the records, its union
    // from Bắc Kạn's entered report.
    let country = report_of(&t.db, "country", year(2024)).await;
    assert_eq!(
        values(&country, &[HtxActive, LhhtxActive]),
        [
            (HtxActive, Some((2, Source::Computed))),
            (LhhtxActive, Some((1, Source::Entered)))
        ]
    );
    // Before the records begin, nothing is stated.
    let early = report_of(&t.db, "province-19", year(2010)).await;
    assert_eq!(
        values(&early, &[HtxActive, OcopProducts]),
        [(HtxActive, None), (OcopProducts, None)]
    );
}

#[tokio::test]
async fn communes_split_the_province_and_report_alone() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let lines = reports::communes(
        &t.db,
        &Actor::system("test"),
        &place("province-19"),
        year(2024),
        today(),
    )
    .await
    .unwrap();
    let table: Vec<(String, Option<i64>, Option<i64>)> = lines
        .iter()
        .map(|l| {
            let v = |i| l.values.get(&i).map(|s| s.value);
            (l.commune.code.clone(), v(HtxActive), v(ThtActive))
        })
        .collect();
    // By name: Nguyễn Thị Minh Khai (Bắc Kạn), Quán Triều, Quang Vinh (Thái Nguyên).
    assert_eq!(
        table,
        [
            ("01834".to_owned(), Some(0), Some(1)),
            ("05431".to_owned(), Some(1), Some(1)),
            ("05434".to_owned(), Some(1), None),
        ]
    );
    let commune = report_of(&t.db, "commune-2008-05431", year(2024)).await;
    assert_eq!(
        values(&commune, &[HtxActive, HtxMembers, ThtActive, OcopProducts]),
        computed(&[(HtxActive, 1), (HtxMembers, 6), (ThtActive, 1), (OcopProducts, 3)])
    );
}

#[tokio::test]
async fn officers_read_their_province_and_keep_its_plans() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let thai_nguyen = officer(Role::AllianceOfficer, Scope::Province("19".into()));
    let ha_noi = officer(Role::AllianceOfficer, Scope::Province("01".into()));
    let period = year(2024);
    assert!(
        reports::report(&t.db, &thai_nguyen, &place("province-2008-06"), period, today())
            .await
            .is_ok()
    );
    for (actor, code) in [(&ha_noi, "province-19"), (&thai_nguyen, "country")] {
        let err = reports::report(&t.db, actor, &place(code), period, today())
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound), "{code}: {err}");
    }
    let target = TargetInput {
        indicator: "htx_active".into(),
        place: "province-19".into(),
        year: Some("2026".into()),
        target: Some("40".into()),
        note: None,
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap();
    let err = entries::save_target(&Context::on(&t.db, &ha_noi, today(), now), &target)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
    let commune_officer = officer(Role::CommuneOfficer, Scope::Commune(1));
    assert!(
        entries::save_target(&Context::on(&t.db, &commune_officer, today(), now), &target)
            .await
            .is_err()
    );
    entries::save_target(&Context::on(&t.db, &thai_nguyen, today(), now), &target)
        .await
        .unwrap();
    // Saving again replaces the target.
    let again = TargetInput {
        target: Some("45".into()),
        ..target
    };
    entries::save_target(&Context::on(&t.db, &thai_nguyen, today(), now), &again)
        .await
        .unwrap();
    let targets = entries::list_targets(&t.db, &thai_nguyen, &place("province-19"))
        .await
        .unwrap();
    let htx: Vec<(i32, i64)> = targets
        .iter()
        .filter(|t| t.indicator == "htx_active")
        .map(|t| (t.year, t.target))
        .collect();
    assert_eq!(htx, [(2026, 45)]);
}

#[tokio::test]
async fn bad_entries_and_targets_are_named_and_save_nothing() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let operator = Actor::system("test");
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap();
    let entry = |indicator: &str, place: &str, from: &str, to: &str, value: &str| EntryInput {
        indicator: indicator.into(),
        place: place.into(),
        period: PeriodInput {
            period: None,
            from: Some(from.into()),
            to: Some(to.into()),
        },
        value: Some(value.into()),
        source: "Báo cáo".into(),
    };
    let before = entries::list(&t.db, &operator, &place("province-19"))
        .await
        .unwrap()
        .len();
    for (input, expected) in [
        (
            entry("htx_active", "province-19", "2024-06-30", "2024-01-01", "3"),
            vec![("to", "period_end_before_start")],
        ),
        (
            entry("htx_active", "province-19", "2027-01-01", "2027-12-31", "3"),
            vec![("from", "period_in_future")],
        ),
        (
            entry("htx_active", "province-19", "2024-01-01", "2024-12-31", "-3"),
            vec![("value", "negative")],
        ),
        (
            entry("htx_active", "province-99", "2024-01-01", "2024-12-31", "3"),
            vec![("place", "unknown_place")],
        ),
        (
            entry("htx_magic", "province-99", "2024-01-01", "2024-12-31", "3"),
            vec![("place", "unknown_place"), ("indicator", "unknown_indicator")],
        ),
        // A place that is not even written like one is named along with the rest.
        (
            entry("htx_magic", "nowhere", "2024-01-01", "2024-12-31", "3"),
            vec![("indicator", "unknown_indicator"), ("place", "unknown_place")],
        ),
    ] {
        let err = entries::save(&Context::on(&t.db, &operator, today(), now), &input)
            .await
            .unwrap_err();
        let expected: Vec<(String, &str)> = expected.into_iter().map(|(f, c)| (f.to_owned(), c)).collect();
        assert_eq!(codes(err), expected, "{input:?}");
    }
    assert_eq!(
        entries::list(&t.db, &operator, &place("province-19"))
            .await
            .unwrap()
            .len(),
        before
    );
    let target = |indicator: &str, place: &str| TargetInput {
        indicator: indicator.into(),
        place: place.into(),
        year: Some("2026".into()),
        target: Some("20".into()),
        note: None,
    };
    for (input, field, code) in [
        (
            target("htx_magic", "province-19"),
            "indicator",
            "unknown_indicator",
        ),
        (
            target("htx_founded", "commune-2025-99999"),
            "place",
            "unknown_place",
        ),
        (
            target("revenue_per_coop", "province-19"),
            "indicator",
            "indicator_derived",
        ),
    ] {
        let err = entries::save_target(&Context::on(&t.db, &operator, today(), now), &input)
            .await
            .unwrap_err();
        assert_eq!(codes(err), [(field.to_owned(), code)]);
    }
    // Only the fixture's two targets are there.
    let targets = entries::list_targets(&t.db, &operator, &place("province-19"))
        .await
        .unwrap();
    assert_eq!(targets.len(), 2);
}

#[tokio::test]
async fn a_deleted_entry_no_longer_fills_a_gap() {
    let t = hoptac_reports::testing::db().await.unwrap();
    let fixture = fixture::load(&t.db).await.unwrap();
    let operator = Actor::system("test");
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap();
    entries::delete(&Context::at(&t.db, &operator, now), fixture.disagreeing_entry)
        .await
        .unwrap();
    let r = report_of(&t.db, "province-19", year(2024)).await;
    assert_eq!(r.figure(HtxActive).unwrap().disagreement(), None);
    let bac_kan_union = entries::list(&t.db, &operator, &place("province-2008-06"))
        .await
        .unwrap();
    entries::delete(&Context::at(&t.db, &operator, now), bac_kan_union[0].id)
        .await
        .unwrap();
    let r = report_of(&t.db, "province-19", year(2024)).await;
    assert_eq!(r.figure(LhhtxActive).unwrap().value, None);
    let err = entries::delete(&Context::at(&t.db, &operator, now), bac_kan_union[0].id)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
    // The trail keeps what was deleted, as its creation's entry has it.
    let filter = hoptac_core::audit::AuditFilter {
        entity: Some("report_entry".into()),
        entity_id: Some(bac_kan_union[0].id.to_string()),
        ..Default::default()
    };
    let trail = hoptac_core::audit::list(&t.db, &operator, &filter, hoptac_core::Paging::new(None, None))
        .await
        .unwrap();
    let deleted = trail.items.iter().find(|e| e.action == "delete").unwrap();
    let fields: Vec<&str> = deleted.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        fields,
        ["indicator", "period", "place", "source", "value"],
        "{deleted:?}"
    );
}

#[tokio::test]
async fn the_trend_counts_each_year_end_as_the_report_does() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let system = Actor::system("test");
    let trend = reports::trend(&t.db, &system, &place("province-19"), 2020..=2027, today())
        .await
        .unwrap();
    // 2027 has not begun; 2026 runs to today.
    let years: Vec<i32> = trend.iter().map(|y| y.year).collect();
    assert_eq!(years, [2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    let series = |indicator: Indicator| -> Vec<Option<i64>> {
        trend
            .iter()
            .map(|y| y.values.get(&indicator).map(|v| v.value))
            .collect()
    };
    // THT miến dong since 2015, THT chè from 2024; HTX Tân Cương and Sông Cầu until Sông Cầu is
    // dissolved in 2024, the year HTX Quang Vinh is founded; HTX Phan Đình Phùng from 2025.
    assert_eq!(series(ThtActive), [1, 1, 1, 1, 2, 2, 2].map(Some));
    assert_eq!(series(HtxActive), [2, 2, 2, 2, 2, 3, 3].map(Some));
    assert_eq!(series(FarmsActive), [1, 1, 1, 1, 1, 1, 1].map(Some));
    // The union is known only from the figure entered for 2024.
    assert_eq!(series(LhhtxActive), [None, None, None, None, Some(1), None, None]);
    // The year of a report agrees with the report.
    let report = report_of(&t.db, "province-19", year(2024)).await;
    let y2024 = &trend[4];
    for indicator in reports::TREND_INDICATORS {
        assert_eq!(
            y2024.values.get(&indicator).map(|v| v.value),
            report.figure(indicator).and_then(|f| f.value()),
            "{indicator:?}"
        );
    }
    // Years before any record are left out, and so is a reader without rights.
    let early = reports::trend(&t.db, &system, &place("province-19"), 2010..=2016, today())
        .await
        .unwrap();
    assert_eq!(early.iter().map(|y| y.year).collect::<Vec<_>>(), [2015, 2016]);
    let ha_noi = officer(Role::AllianceOfficer, Scope::Province("01".into()));
    assert!(matches!(
        reports::trend(&t.db, &ha_noi, &place("province-19"), 2024..=2024, today()).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn kept_counts_follow_every_change_of_the_records() {
    let t = hoptac_reports::testing::db().await.unwrap();
    let fixture = fixture::load(&t.db).await.unwrap();
    let counts = |r: &Report| {
        (
            r.figure(HtxActive).and_then(|f| f.value()),
            r.figure(HtxMembers).and_then(|f| f.value()),
        )
    };
    let first = report_of(&t.db, "province-19", year(2026)).await;
    // Tân Cương 6, Quang Vinh 5, Phan Đình Phùng 5.
    assert_eq!(counts(&first), (Some(3), Some(16)));
    assert_eq!(
        counts(&report_of(&t.db, "province-19", year(2026)).await),
        (Some(3), Some(16))
    );

    // A row written behind hoptac's back, as a bulk load by another process would, is counted.
    let sql = "INSERT INTO members (organisation_id, kind, full_name, search_text, membership, joined_on, \
               created_at, updated_at) VALUES ($1, 'individual', 'Nguyễn Văn Mới', 'nguyen van moi', 'official', \
               '2026-05-01', '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z')";
    hoptac_core::on_pool!(t.db, |p| sqlx::query(sql)
        .bind(fixture.htx_tan_cuong)
        .execute(p)
        .await
        .map(|_| ()))
    .unwrap();
    assert_eq!(
        counts(&report_of(&t.db, "province-19", year(2026)).await),
        (Some(3), Some(17))
    );

    // A change made through hoptac, written to the audit trail, is counted at once; the year
    // before stays as it was.
    let dissolution = hoptac_registry::domain::organisation::StatusChangeInput {
        status: "dissolved".into(),
        effective_date: "2026-03-01".into(),
        reason: None,
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap();
    hoptac_registry::store::organisations::change_status(
        &Context::on(&t.db, &Actor::system("test"), today(), now),
        fixture.htx_tan_cuong,
        &dissolution,
    )
    .await
    .unwrap();
    let after = report_of(&t.db, "province-19", year(2026)).await;
    assert_eq!(counts(&after), (Some(2), Some(10)));
    assert_eq!(after.figure(HtxActive).and_then(|f| f.previous), Some(3));
}

#[tokio::test]
async fn generated_ocop_records_are_counted_as_the_register_holds_them() {
    let t = hoptac_reports::testing::db().await.unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap();
    let scale = hoptac_registry::store::demo::Scale::demo_province();
    hoptac_registry::store::demo::load(&t.db, &scale, 7, today(), now, |_| {})
        .await
        .unwrap();
    let volume = hoptac_ocop::store::volume::load(&t.db, 7, today(), now)
        .await
        .unwrap();
    assert!(volume.products > 0 && volume.certificates > 0, "{volume:?}");
    // One decided round a year from 2021 to last year in the demo's one province.
    assert_eq!(volume.rounds, 5);
    let sql = "SELECT COUNT(*) FROM ocop_certificates WHERE issued_on <= $1 AND expires_on > $1 \
               AND (replaced_on IS NULL OR replaced_on > $1)";
    let as_of = year(2025).end;
    let holding: i64 =
        hoptac_core::on_pool!(t.db, |p| sqlx::query_scalar(sql).bind(as_of).fetch_one(p).await).unwrap();
    assert!(holding > 0);
    let report = report_of(&t.db, "country", year(2025)).await;
    let stars: i64 = [Ocop3Stars, Ocop4Stars, Ocop5Stars]
        .iter()
        .map(|&i| report.figure(i).and_then(|f| f.value()).unwrap_or(0))
        .sum();
    assert_eq!(report.figure(OcopProducts).and_then(|f| f.value()), Some(holding));
    assert_eq!(stars, holding);
}

/// Every value the areas' counters answer is an indicator of the catalogue, and every indicator
/// that is not worked out from others is answered by some area for the fixture's year (but the
/// union's: the fixture province has no union of cooperatives).
#[tokio::test]
async fn the_areas_count_exactly_the_catalogue() {
    use hoptac_core::counting::{count, Days, Filter, Grouping, Question};
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let period = year(2024);
    let question = Question {
        filter: Filter::Everything,
        grouping: Grouping::ProvincePart,
        days: Days {
            as_of: period.as_of(today()),
            start: period.start,
            end: period.end,
            year: 2024,
        },
        stocks_only: false,
    };
    let counts = count(&t.db, &question).await.unwrap();
    let answered: std::collections::BTreeSet<&str> =
        counts.values().flat_map(|v| v.keys().copied()).collect();
    let unknown: Vec<&&str> = answered
        .iter()
        .filter(|c| Indicator::parse(c).is_none())
        .collect();
    assert!(unknown.is_empty(), "not in the catalogue: {unknown:?}");
    let unanswered: Vec<&str> = Indicator::ALL
        .iter()
        .filter(|i| !i.definition().measure.is_derived())
        // Members from yearly figures: the fixture's organisations all keep registers, and
        // `an_empty_register_reads_the_yearly_figures_and_names_them` counts them.
        .filter(|i| !i.as_str().ends_with("_members_reported"))
        .filter(|i| !i.as_str().starts_with("lhhtx_") && !answered.contains(i.as_str()))
        .map(|i| i.as_str())
        .collect();
    assert!(unanswered.is_empty(), "no area counts: {unanswered:?}");
}

/// Cooperatives without member registers: members come from the yearly figures, the source is
/// named, and one with neither is said to have no member figures, never counted as zero.
#[tokio::test]
async fn an_empty_register_reads_the_yearly_figures_and_names_them() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load_without_registers(&t.db).await.unwrap();
    let report = report_of(&t.db, "province-2008-19", year(2024)).await;
    assert_eq!(
        values(&report, &[HtxActive, HtxMembers, HtxWorkers, Workers]),
        computed(&[(HtxActive, 2), (HtxMembers, 40), (HtxWorkers, 12), (Workers, 12)])
    );
    assert_eq!(
        report.narrative()[..2],
        [
            "Tính đến ngày 31/12/2024, toàn tỉnh có 2 hợp tác xã (HTX) với 40 thành viên (theo số liệu năm \
             2024 của các HTX; 1 HTX chưa có số liệu thành viên), bằng năm 2023. Phân theo lĩnh vực, số HTX, \
             LHHTX đang hoạt động gồm: nông, lâm nghiệp, thủy sản 2."
                .to_owned(),
            "Các HTX thu hút 12 lao động thường xuyên.".to_owned()
        ]
    );
    // A year whose figures are missing knows no members at all.
    let earlier = report_of(&t.db, "province-2008-19", year(2023)).await;
    assert_eq!(earlier.figure(HtxMembers).and_then(|f| f.value), None);
    assert_eq!(
        earlier.narrative()[0],
        "Tính đến ngày 31/12/2023, toàn tỉnh có 2 hợp tác xã (HTX) (chưa có số liệu thành viên), bằng năm \
         2022. Phân theo lĩnh vực, số HTX, LHHTX đang hoạt động gồm: nông, lâm nghiệp, thủy sản 2."
    );
}

/// A 2025 province whose records come from one of its former provinces is no whole: its report
/// names the part its figures are of, and the part without data, until the other part's figure
/// is entered.
#[tokio::test]
async fn a_merged_province_with_data_for_one_part_says_whose_figures_they_are() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load_without_registers(&t.db).await.unwrap();
    let report = report_of(&t.db, "province-19", year(2024)).await;
    let parts: Vec<String> = report.completeness.parts.iter().map(|p| p.place.code()).collect();
    assert_eq!(parts, ["province-2008-06", "province-2008-19"]);
    let htx = report.completeness.of_indicator(HtxActive).unwrap();
    assert_eq!(htx.parts, [None, Some(Source::Computed)]);
    assert_eq!((htx.expected(), htx.with_data(), htx.computed()), (2, 1, 1));
    assert_eq!(
        report.narrative()[..2],
        [
            "Tính đến ngày 31/12/2024, tỉnh Thái Nguyên (cũ) có 2 hợp tác xã (HTX) với 40 thành viên (theo số \
             liệu năm 2024 của các HTX; 1 HTX chưa có số liệu thành viên), bằng năm 2023. Phân theo lĩnh vực, \
             số HTX, LHHTX đang hoạt động gồm: nông, lâm nghiệp, thủy sản 2. Số liệu trên là số liệu của \
             tỉnh Thái Nguyên (cũ); tỉnh Bắc Kạn (cũ) chưa có số liệu."
                .to_owned(),
            "Các HTX thu hút 12 lao động thường xuyên. Số liệu trên là số liệu của tỉnh Thái Nguyên (cũ); \
             tỉnh Bắc Kạn (cũ) chưa có số liệu."
                .to_owned(),
        ]
    );
    // The former province reports on itself, whole.
    let old = report_of(&t.db, "province-2008-19", year(2024)).await;
    assert!(old.completeness.parts.is_empty());
    assert!(old.narrative()[0].starts_with("Tính đến ngày 31/12/2024, toàn tỉnh có 2 hợp tác xã"));

    // Bắc Kạn's cooperatives, from its own report, complete the count of cooperatives.
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap();
    let operator = Actor::system("test");
    let entry = EntryInput {
        indicator: "htx_active".into(),
        place: "province-2008-06".into(),
        period: PeriodInput {
            period: Some("2024".into()),
            from: None,
            to: None,
        },
        value: Some("5".into()),
        source: "Báo cáo số 20/BC-LMHTX của Liên minh HTX tỉnh Bắc Kạn".into(),
    };
    entries::save(&Context::on(&t.db, &operator, today(), now), &entry)
        .await
        .unwrap();
    let report = report_of(&t.db, "province-19", year(2024)).await;
    let htx = report.completeness.of_indicator(HtxActive).unwrap();
    assert_eq!(htx.parts, [Some(Source::Entered), Some(Source::Computed)]);
    assert_eq!((htx.with_data(), htx.computed(), htx.entered()), (2, 1, 1));
    // The members are still Thái Nguyên's alone, and the sentence says so.
    assert_eq!(
        report.narrative()[0],
        "Tính đến ngày 31/12/2024, toàn tỉnh có 7 hợp tác xã (HTX) với 40 thành viên (theo số liệu năm 2024 \
         của các HTX; 1 HTX chưa có số liệu thành viên), tăng 5 HTX so với năm 2023. Phân theo lĩnh vực, số \
         HTX, LHHTX đang hoạt động gồm: nông, lâm nghiệp, thủy sản 2. Tỉnh Bắc Kạn (cũ) chưa có số liệu về \
         thành viên hợp tác xã, HTX, LHHTX nông, lâm nghiệp, thủy sản."
    );
}

/// A report as of a day within its period counts stocks on that day and flows up to it, and
/// compares with the same days a year earlier.
#[tokio::test]
async fn a_report_as_of_a_day_counts_up_to_that_day() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let period = year(2024)
        .until(chrono::NaiveDate::from_ymd_opt(2024, 2, 15).unwrap())
        .unwrap();
    let r = reports::report(
        &t.db,
        &Actor::system("test"),
        &place("province-19"),
        period,
        today(),
    )
    .await
    .unwrap();
    assert_eq!(r.as_of.to_string(), "2024-02-15");
    assert_eq!(r.previous_period.code(), "2023..2023-02-15");
    // HTX Quang Vinh is founded on 1 March 2024: not yet there, nor among the year's foundings.
    let whole = report_of(&t.db, "province-19", year(2024)).await;
    let value = |r: &Report, i| r.figure(i).and_then(|f| f.value()).unwrap_or(-1);
    assert_eq!(value(&whole, HtxFounded) - value(&r, HtxFounded), 1);
    // On 15 February Sông Cầu (dissolved on 30 September) is still active and Quang Vinh is not
    // yet founded: two active either way, but no dissolution yet.
    assert_eq!((value(&r, HtxActive), value(&whole, HtxActive)), (2, 2));
    assert_eq!((value(&r, HtxDissolved), value(&whole, HtxDissolved)), (0, 1));
    assert!(r.narrative()[0].starts_with("Tính đến ngày 15/02/2024, toàn tỉnh có"));
}

/// How many times the counter below was asked.
static ASKED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A counter that only counts how often it is asked.
static COUNTING_ASKS: hoptac_core::counting::Counter = hoptac_core::counting::Counter {
    count: |_, _| {
        Box::pin(async {
            ASKED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            // Long enough for every request to arrive while the first count runs.
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            Ok(hoptac_core::counting::Counts::new())
        })
    },
    tables: &[],
};

/// Ten officers opening the same report at once wait for one count of each period, not ten.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_report_asked_at_once_is_counted_once() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    hoptac_core::counting::register(&t.db, &COUNTING_ASKS);
    let db = t.db.clone();
    let reports = hoptac_core::testing::at_once(10, || {
        let db = db.clone();
        async move {
            reports::report(
                &db,
                &Actor::system("test"),
                &place("province-19"),
                year(2024),
                today(),
            )
            .await
        }
    })
    .await;
    assert!(reports.iter().all(Result::is_ok));
    // The period and the same period a year before.
    assert_eq!(ASKED.load(std::sync::atomic::Ordering::SeqCst), 2);
}

/// While the year runs and only some cooperatives have reported its figures, what is read from
/// yearly figures is set against no earlier year, in the table as in the narrative.
#[tokio::test]
async fn a_year_partly_reported_is_not_compared_while_it_runs() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let running_on = chrono::NaiveDate::from_ymd_opt(2024, 12, 7).unwrap();
    let r = reports::report(
        &t.db,
        &Actor::system("test"),
        &place("province-19"),
        year(2024),
        running_on,
    )
    .await
    .unwrap();
    let revenue = r.figure(Revenue).unwrap();
    assert_eq!((revenue.value(), revenue.previous), (Some(3_000_000_000), None));
    assert!(
        r.figure(CoopsActive).unwrap().previous.is_some(),
        "counts from the registry compare"
    );
    let text = r.narrative().join(" ");
    assert!(
        text.contains("(mới có 2/3 HTX, LHHTX đã báo cáo số liệu năm 2024, chưa so sánh được với năm trước)"),
        "{text}"
    );
    // Once the year is over the same figures compare.
    let over = report_of(&t.db, "province-19", year(2024)).await;
    assert!(over.figure(Revenue).unwrap().previous.is_some());
    t.cleanup().await;
}
