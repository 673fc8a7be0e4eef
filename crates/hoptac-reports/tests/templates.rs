//! Report templates on both engines: the six-month review of the fixture province as it reads,
//! the yearly review's closing section with the next year's targets, who may save a template
//! where, and bad templates that save nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use hoptac_core::access::{Access, Grant, Role, Scope};
use hoptac_core::audit::Actor;
use hoptac_core::{Context, StoreError};
use hoptac_reports::domain::{
    Period, ReportPlace, ReportQuery, ReportTemplate, SectionInput, TargetInput, TemplateInput,
};
use hoptac_reports::fixture::{self, today};
use hoptac_reports::store::templates::{self, Asked};
use hoptac_reports::store::{self as reports, entries};

fn officer(scope: Scope) -> Actor {
    Actor {
        user_id: None,
        name: "officer".into(),
        address: None,
        access: Access {
            admin: false,
            grants: vec![Grant {
                role: Role::AllianceOfficer,
                scope,
            }],
        },
    }
}

fn context(db: &hoptac_core::Db, actor: &Actor) -> Context {
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap();
    Context::on(db, actor, today(), now)
}

fn codes(err: StoreError) -> Vec<(String, &'static str)> {
    match err {
        StoreError::Validation(e) => e.iter().map(|f| (f.field.clone(), f.code)).collect(),
        other => panic!("expected field errors, got {other}"),
    }
}

/// A short six-month review of Thái Nguyên's alliance.
fn thai_nguyen_review() -> TemplateInput {
    TemplateInput {
        code: "so-ket-thai-nguyen".into(),
        name: "Sơ kết 6 tháng (Thái Nguyên)".into(),
        kind: "six_month".into(),
        title: "Báo cáo sơ kết 6 tháng đầu năm {year}".into(),
        sections: vec![SectionInput {
            heading: "I. Hợp tác xã".into(),
            indicators: vec!["htx_active".into(), "htx_founded".into()],
        }],
        outlook: SectionInput {
            heading: "II. Nhiệm vụ 6 tháng cuối năm {year}".into(),
            indicators: vec!["htx_founded".into()],
        },
        province: Some("19".into()),
    }
}

/// The report of the fixture province for `period` in the template `code`, as its parts read.
async fn written(db: &hoptac_core::Db, period: &str, code: &str) -> String {
    let query = ReportQuery {
        place: Some("province-19".into()),
        period: Some(period.into()),
        template: Some(code.into()),
        ..ReportQuery::default()
    };
    let Asked {
        place,
        period,
        template,
    } = templates::asked(db, &query, today()).await.unwrap();
    let report = reports::report(db, &Actor::system("test"), &place, period, today())
        .await
        .unwrap();
    report
        .narrative_in(template.as_ref())
        .into_iter()
        .map(|part| {
            format!(
                "## {}\n{}",
                part.heading.unwrap_or_default(),
                part.paragraphs.join("\n")
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[tokio::test]
async fn the_six_month_review_reads_section_by_section() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    insta::assert_snapshot!(written(&t.db, "2024-H1", "so-ket-6-thang").await);
}

#[tokio::test]
async fn the_yearly_review_closes_with_the_next_years_targets() {
    let t = hoptac_reports::testing::db().await.unwrap();
    fixture::load(&t.db).await.unwrap();
    let text = written(&t.db, "2024", "tong-ket-nam").await;
    assert!(
        text.ends_with(
            "## VII. Phương hướng, nhiệm vụ năm 2025\nChưa có kế hoạch năm 2025 về tổ hợp tác đang hoạt động, hợp \
             tác xã đang hoạt động, tổ hợp tác thành lập mới, hợp tác xã thành lập mới, liên hiệp hợp tác xã \
             thành lập mới, hợp tác xã kiểu mới, hợp tác xã gắn với chuỗi giá trị, sản phẩm OCOP từ 3 sao trở \
             lên, sản phẩm được công nhận lần đầu, tổng doanh thu của HTX, LHHTX, lao động thường xuyên."
        ),
        "{text}"
    );
    let operator = Actor::system("test");
    for (indicator, target) in [("htx_founded", "3"), ("revenue", "4000000000")] {
        let input = TargetInput {
            indicator: indicator.into(),
            place: "province-19".into(),
            year: Some("2025".into()),
            target: Some(target.into()),
            note: None,
        };
        entries::save_target(&context(&t.db, &operator), &input)
            .await
            .unwrap();
    }
    let text = written(&t.db, "2024", "tong-ket-nam").await;
    let closing = text.rsplit("## ").next().unwrap();
    assert!(
        closing.contains(
            "Phấn đấu thực hiện các chỉ tiêu kế hoạch năm 2025: hợp tác xã thành lập mới 3 HTX (năm 2024 đạt 1 \
             HTX); tổng doanh thu của HTX, LHHTX 4.000 triệu đồng (năm 2024 đạt 3.000 triệu đồng)."
        ),
        "{closing}"
    );
    // The planned figures leave the list of those without a plan.
    assert!(
        closing.ends_with(
            "Chưa có kế hoạch năm 2025 về tổ hợp tác đang hoạt động, hợp tác xã đang hoạt động, tổ hợp tác \
             thành lập mới, liên hiệp hợp tác xã thành lập mới, hợp tác xã kiểu mới, hợp tác xã gắn với chuỗi \
             giá trị, sản phẩm OCOP từ 3 sao trở lên, sản phẩm được công nhận lần đầu, lao động thường xuyên."
        ),
        "{closing}"
    );
}

#[tokio::test]
async fn a_report_in_an_unknown_or_unfitting_template_is_refused() {
    let t = hoptac_reports::testing::db().await.unwrap();
    let ask = |period: &str, template: &str| ReportQuery {
        place: Some("province-19".into()),
        period: Some(period.into()),
        template: Some(template.into()),
        ..ReportQuery::default()
    };
    let unknown = templates::asked(&t.db, &ask("2024", "bao-cao-khac"), today()).await;
    assert_eq!(
        codes(unknown.err().unwrap()),
        [("report_template".to_owned(), "unknown_template")]
    );
    let yearly_for_a_half = templates::asked(&t.db, &ask("2024-H1", "tong-ket-nam"), today()).await;
    assert_eq!(
        codes(yearly_for_a_half.err().unwrap()),
        [("report_template".to_owned(), "template_for_other_periods")]
    );
    // As of a meeting's day, the first half is still the six-month review's.
    let cut = ReportQuery {
        as_of: Some("2024-06-15".into()),
        ..ask("2024-H1", "so-ket-6-thang")
    };
    let asked = templates::asked(&t.db, &cut, today()).await.unwrap();
    assert_eq!(
        asked.period,
        Period::parse("2024-H1")
            .unwrap()
            .until(chrono::NaiveDate::from_ymd_opt(2024, 6, 15).unwrap())
            .unwrap()
    );
    assert_eq!(asked.place, ReportPlace::parse("province-19").unwrap());
}

#[tokio::test]
async fn a_template_with_an_unknown_indicator_saves_nothing() {
    let t = hoptac_reports::testing::db().await.unwrap();
    let thai_nguyen = officer(Scope::Province("19".into()));
    let mut bad = thai_nguyen_review();
    bad.sections[0].indicators.push("htx_khong_co".into());
    bad.outlook.indicators.push("profit_per_coop".into());
    let err = templates::save(&context(&t.db, &thai_nguyen), &bad)
        .await
        .unwrap_err();
    assert_eq!(
        codes(err),
        [
            ("sections".to_owned(), "section_unknown_indicator"),
            ("outlook".to_owned(), "section_indicator_derived")
        ]
    );
    assert_eq!(templates::list(&t.db).await.unwrap().len(), 2);
    assert_eq!(templates::find(&t.db, "so-ket-thai-nguyen").await.unwrap(), None);
    // A shipped template's code is not taken, nor a province that does not exist.
    let shipped_code = TemplateInput {
        code: "so-ket-6-thang".into(),
        province: Some("99".into()),
        ..thai_nguyen_review()
    };
    let err = templates::save(&context(&t.db, &Actor::system("test")), &shipped_code)
        .await
        .unwrap_err();
    assert_eq!(
        codes(err),
        [
            ("code".to_owned(), "template_code_shipped"),
            ("province".to_owned(), "unknown_province")
        ]
    );
}

#[tokio::test]
async fn an_alliance_keeps_its_own_provinces_templates_only() {
    let t = hoptac_reports::testing::db().await.unwrap();
    let thai_nguyen = officer(Scope::Province("19".into()));
    let ha_noi = officer(Scope::Province("01".into()));
    let saved = templates::save(&context(&t.db, &thai_nguyen), &thai_nguyen_review())
        .await
        .unwrap();
    assert_eq!(saved.province.as_deref(), Some("19"));
    let found = templates::find(&t.db, "so-ket-thai-nguyen")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.sections, saved.sections);
    assert!(!found.shipped);
    // Hà Nội neither replaces nor removes it, and no province saves one for every place.
    let err = templates::save(
        &context(&t.db, &ha_noi),
        &TemplateInput {
            province: Some("01".into()),
            name: "Của Hà Nội".into(),
            ..thai_nguyen_review()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden), "{err}");
    let err = templates::delete(&context(&t.db, &ha_noi), "so-ket-thai-nguyen")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden), "{err}");
    let everywhere = TemplateInput {
        code: "so-ket-chung".into(),
        province: None,
        ..thai_nguyen_review()
    };
    let err = templates::save(&context(&t.db, &thai_nguyen), &everywhere)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Forbidden), "{err}");
    let national = officer(Scope::Country);
    templates::save(&context(&t.db, &national), &everywhere)
        .await
        .unwrap();
    // Saving again replaces; removing leaves the shipped ones.
    let renamed = TemplateInput {
        name: "Sơ kết 6 tháng, bản sửa".into(),
        ..thai_nguyen_review()
    };
    templates::save(&context(&t.db, &thai_nguyen), &renamed)
        .await
        .unwrap();
    let names: Vec<String> = templates::list(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(
        names,
        [
            "Sơ kết 6 tháng đầu năm (mẫu chung)",
            "Tổng kết năm (mẫu chung)",
            "Sơ kết 6 tháng (Thái Nguyên)",
            "Sơ kết 6 tháng, bản sửa"
        ]
    );
    templates::delete(&context(&t.db, &thai_nguyen), "so-ket-thai-nguyen")
        .await
        .unwrap();
    templates::delete(&context(&t.db, &national), "so-ket-chung")
        .await
        .unwrap();
    assert_eq!(templates::list(&t.db).await.unwrap().len(), 2);
    let shipped = templates::delete(&context(&t.db, &national), "so-ket-6-thang")
        .await
        .unwrap_err();
    assert!(matches!(shipped, StoreError::NotFound), "{shipped}");
    assert!(ReportTemplate::shipped().iter().all(|t| t.shipped));
}
