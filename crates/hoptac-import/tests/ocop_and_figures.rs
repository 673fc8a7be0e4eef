//! The former Bắc Kạn's list of OCOP products and its table of 2024 indicators, read end to end
//! against a registry holding its cooperatives: what the preview counts, what saving writes (the
//! products, their certificate history, the entered values and the plan targets, under one import
//! record each), and the same file again changing nothing.
// The samples are part of the test: a helper that cannot read them should stop the test loudly.
#![allow(clippy::expect_used)]

mod common;
use hoptac_core::access::{Access, Grant, Role, Scope};
use hoptac_core::audit::Actor;
use hoptac_core::Context;
use hoptac_import::plan::Saving;
use hoptac_import::plan::{Counts, Outcome, Record, SaveError, SourceFile};
use hoptac_import::sheets::{self, SheetKind, SheetPlan};
use hoptac_import::workbook;

fn counts(new: usize, changed: usize, unchanged: usize, rejected: usize) -> Counts {
    Counts {
        new,
        changed,
        unchanged,
        rejected,
    }
}

async fn count(db: &hoptac_core::Db, sql: &str) -> i64 {
    hoptac_core::on_pool!(db, |pool| sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await)
        .expect("a count")
}

/// An alliance officer of a province.
fn officer(province: &str) -> Actor {
    Actor {
        user_id: None,
        name: format!("lienminh-{province}"),
        address: None,
        access: Access {
            admin: false,
            grants: vec![Grant {
                role: Role::AllianceOfficer,
                scope: Scope::Province(province.into()),
            }],
        },
    }
}

/// Every problem of a plan's rows: (row, field, code).
fn refusals<R: Record>(plan: &hoptac_import::plan::Plan<R>) -> Vec<(usize, &str, &'static str)> {
    plan.records
        .iter()
        .flat_map(|r| r.problems())
        .map(|p| (p.row, p.field.as_str(), p.problem.code))
        .collect()
}

/// The plan of the workbook's sheet of `kind`.
async fn plan_of(cx: &Context, sheets: &[workbook::Sheet], kind: SheetKind) -> SheetPlan {
    let found = sheets::importable(sheets);
    let importable = found
        .iter()
        .find(|i| i.kind == kind)
        .expect("a sheet of the kind");
    SheetPlan::of(cx, importable, "19").await.expect("a plan")
}

#[tokio::test]
async fn the_provinces_ocop_products_and_indicators_imported_and_imported_again() {
    hoptac_core::i18n::install(&[
        hoptac_import::TRANSLATIONS,
        hoptac_ocop::TRANSLATIONS,
        hoptac_reports::TRANSLATIONS,
    ]);
    let t = common::db().await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("a day");
    let now = chrono::Utc::now();
    let lienminh = officer("19");
    let cx = Context::on(&t.db, &lienminh, today, now);
    // The registry the products belong to.
    let registry = workbook::read(hoptac_import::demo::SAMPLE.to_vec()).expect("the registry sample");
    let registry_plan = plan_of(&cx, &registry, SheetKind::Organisations).await;
    let file = SourceFile::of("registry.xlsx", hoptac_import::demo::SAMPLE);
    registry_plan
        .save(&cx, &Saving::of(&file, "19").only_valid_rows(), |_, _| {})
        .await
        .expect("the registry saved");

    let book = workbook::read(hoptac_import::demo::OCOP_SAMPLE.to_vec()).expect("the OCOP sample");
    let kinds: Vec<(String, SheetKind)> = sheets::importable(&book)
        .iter()
        .map(|i| (i.sheet.name.clone(), i.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("San pham OCOP".to_owned(), SheetKind::OcopProducts),
            ("Chi tieu 2024".to_owned(), SheetKind::ReportFigures)
        ]
    );
    let file = SourceFile::of("bac-kan-ocop-2024.xlsx", hoptac_import::demo::OCOP_SAMPLE);

    // Products: nine rows in five district sections; the 2-star product (no certificate) and the
    // subject the registry does not have are refused; the expiry a row leaves empty is 36 months
    // after its decision, and said so.
    let SheetPlan::OcopProducts(products) = plan_of(&cx, &book, SheetKind::OcopProducts).await else {
        panic!("a plan of products")
    };
    assert_eq!(products.counts(), counts(7, 0, 0, 2));
    let refused = refusals(&products);
    assert_eq!(
        refused,
        vec![
            (17, "stars", "not_certified_stars"),
            (22, "name", "organisation_not_in_registry")
        ]
    );
    let computed: Vec<(usize, String)> = products
        .records
        .iter()
        .flat_map(|r| r.notes.iter())
        .filter(|n| n.problem.code == "expiry_computed")
        .map(|n| (n.row, n.problem.args[0].1.clone()))
        .collect();
    assert_eq!(computed, vec![(12, "20/09/2026".to_owned())]);
    let tea = products
        .records
        .iter()
        .find(|r| r.product.name == "Chè Shan tuyết Đồng Tâm")
        .expect("the tea");
    assert_eq!(
        tea.certificate.as_ref().map(|c| c.stars),
        Some(4),
        "★★★★ is four stars"
    );
    assert_eq!(tea.product.product_group, "drinks");

    // All or nothing refuses; the valid rows save six products (the rice twice, as its history),
    // seven certificates, the first of the rice's replaced on the day of the second.
    let refused_all = SheetPlan::OcopProducts(products.clone())
        .save(&cx, &Saving::of(&file, "19"), |_, _| {})
        .await;
    assert!(
        matches!(refused_all, Err(SaveError::Refused(2))),
        "{refused_all:?}"
    );
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM ocop_products").await, 0);
    let saved = SheetPlan::OcopProducts(products)
        .save(&cx, &Saving::of(&file, "19").only_valid_rows(), |_, _| {})
        .await
        .expect("saved");
    assert_eq!((saved.created, saved.changed, saved.rejected), (7, 0, 2));
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM ocop_products").await, 6);
    assert_eq!(count(&t.db, "SELECT COUNT(*) FROM ocop_certificates").await, 7);
    let rice: Vec<(i32, Option<chrono::NaiveDate>, Option<String>)> = hoptac_core::on_pool!(&t.db, |pool| {
        sqlx::query_as(
            "SELECT c.stars, c.replaced_on, c.decision_number FROM ocop_certificates c \
             JOIN ocop_products p ON p.id = c.product_id WHERE p.name = 'Gạo Bao Thai Chợ Đồn' \
             ORDER BY c.issued_on",
        )
        .fetch_all(pool)
        .await
    })
    .expect("the rice's certificates");
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(
        rice,
        vec![
            (3, day(2023, 9, 20), Some("1250/QĐ-UBND".into())),
            (4, None, Some("1830/QĐ-UBND".into()))
        ]
    );
    let sql = format!(
        "SELECT COUNT(*) FROM import_records WHERE import_id = {} AND entity = 'ocop_certificate'",
        saved.import_id
    );
    assert_eq!(count(&t.db, &sql).await, 7);
    assert_eq!(
        count(
            &t.db,
            "SELECT COUNT(*) FROM audit_events WHERE entity = 'ocop_certificate'"
        )
        .await,
        7
    );
    // The certificate the public verifies carries the decision that issued it.
    let honey: Vec<hoptac_ocop::store::certificates::Certificate> =
        hoptac_ocop::store::certificates::of_province(&t.db, "19", today)
            .await
            .expect("certificates")
            .into_iter()
            .filter(|c| c.product_name == "Mật ong bạc hà Bắc Kạn")
            .collect();
    assert_eq!(honey.len(), 1);
    assert_eq!(honey[0].decision_number.as_deref(), Some("1520/QĐ-UBND"));
    // Without a number of its own, numbered by its decision and product, as no round numbers.
    assert_eq!(honey[0].number, format!("1520/QĐ-UBND/SP{}", honey[0].product_id));
    assert_eq!(honey[0].decision_date, day(2024, 8, 28));

    // Again: nothing changes.
    let again = plan_of(&cx, &book, SheetKind::OcopProducts).await;
    assert_eq!(again.counts(), counts(0, 0, 7, 2));
    let nothing = again
        .save(&cx, &Saving::of(&file, "19").only_valid_rows(), |_, _| {})
        .await;
    assert!(matches!(nothing, Err(SaveError::Nothing)), "{nothing:?}");

    // Indicators: of the former Bắc Kạn (the title names it; the year is before the 2025 change),
    // for 2024, amounts scaled from triệu đồng; the ratio and the unknown indicator refused.
    let SheetPlan::ReportFigures(figures) = plan_of(&cx, &book, SheetKind::ReportFigures).await else {
        panic!("a plan of figures")
    };
    assert_eq!(figures.year, Some(2024));
    assert_eq!(figures.counts(), counts(8, 0, 0, 2));
    let refused = refusals(&figures);
    assert_eq!(
        refused,
        vec![
            (14, "indicator", "indicator_derived"),
            (18, "indicator", "unknown_indicator_named")
        ]
    );
    let saved = SheetPlan::ReportFigures(figures)
        .save(&cx, &Saving::of(&file, "19").only_valid_rows(), |_, _| {})
        .await
        .expect("saved");
    assert_eq!((saved.created, saved.changed), (8, 0));
    let revenue: (String, i64, String) = hoptac_core::on_pool!(&t.db, |pool| {
        sqlx::query_as(
            "SELECT place_code, value, source FROM report_entries WHERE indicator = 'revenue' \
             AND place_era = '2008' AND period_start = '2024-01-01' AND period_end = '2024-12-31'",
        )
        .fetch_one(pool)
        .await
    })
    .expect("the revenue entered");
    assert_eq!(
        revenue,
        (
            "06".to_owned(),
            463_250_500_000,
            "Báo cáo số 152/BC-LMHTX ngày 20/12/2024 của Liên minh HTX tỉnh".to_owned()
        )
    );
    assert_eq!(
        count(
            &t.db,
            "SELECT target FROM report_targets WHERE indicator = 'htx_active' AND year = 2024"
        )
        .await,
        180
    );
    let sql = format!(
        "SELECT COUNT(*) FROM import_records WHERE import_id = {}",
        saved.import_id
    );
    assert_eq!(
        count(&t.db, &sql).await,
        16,
        "a value and a target for each of 8 rows"
    );
    let again = plan_of(&cx, &book, SheetKind::ReportFigures).await;
    assert_eq!(again.counts(), counts(0, 0, 8, 2));

    // A corrected figure changes only itself.
    hoptac_core::on_pool!(&t.db, |pool| {
        sqlx::query("UPDATE report_entries SET value = 170 WHERE indicator = 'htx_active'")
            .execute(pool)
            .await
            .map(|done| done.rows_affected())
    })
    .expect("an earlier value");
    let SheetPlan::ReportFigures(corrected) = plan_of(&cx, &book, SheetKind::ReportFigures).await else {
        panic!("a plan of figures")
    };
    assert_eq!(corrected.counts(), counts(0, 1, 7, 2));
    let changed = corrected
        .records
        .iter()
        .find(|r| matches!(r.outcome, Outcome::Changed { .. }))
        .expect("the changed row");
    assert_eq!(
        hoptac_import::plan::describe_changes(
            match &changed.outcome {
                Outcome::Changed { changes, .. } => changes,
                _ => unreachable!(),
            },
            hoptac_core::Lang::Vi
        ),
        "Giá trị: 170 → 176"
    );
    // Saving it writes the value alone: the target the registry holds as the row gives it stays.
    let saved = SheetPlan::ReportFigures(corrected)
        .save(&cx, &Saving::of(&file, "19").only_valid_rows(), |_, _| {})
        .await
        .expect("saved");
    let sql = format!(
        "SELECT COUNT(*) FROM import_records WHERE import_id = {} AND entity = 'report_entry'",
        saved.import_id
    );
    assert_eq!(count(&t.db, &sql).await, 1);
    let sql = format!(
        "SELECT COUNT(*) FROM import_records WHERE import_id = {}",
        saved.import_id
    );
    assert_eq!(
        count(&t.db, &sql).await,
        1,
        "the unchanged target is not written again"
    );

    // What the breaker found, each a kind: a decision already recorded for the product on another
    // day is the same decision mistyped; a name beside a tax code that names someone else is said;
    // one certificate number on two rows is caught in the preview, not at saving.
    let csv = "STT,Tên sản phẩm,Chủ thể,Mã số thuế,Nhóm sản phẩm,Hạng sao,Số quyết định,Ngày quyết định,Ngày hết hạn,Số giấy chứng nhận\n\
        1,Gạo Bao Thai Chợ Đồn,HTX Gạo Bao Thai Quyết Thắng,,Thực phẩm,4 sao,1830/QĐ-UBND,21/09/2023,21/09/2026,\n\
        2,Mật ong bạc hà,Hợp tác xã Mật ong Xanh,5398977857,Thực phẩm,4 sao,2001/QĐ-UBND,01/03/2025,01/03/2028,GCN-01\n\
        3,Chè Shan tuyết Đồng Tâm,HTX Chè Đồng Tâm,,Đồ uống,5 sao,2001/QĐ-UBND,01/03/2025,01/03/2028,GCN-01\n";
    let sheets = workbook::read(csv.as_bytes().to_vec()).expect("a CSV");
    let SheetPlan::OcopProducts(odd) = plan_of(&cx, &sheets, SheetKind::OcopProducts).await else {
        panic!("a plan of products")
    };
    let said = |plan: &hoptac_import::ocop::Plan| -> Vec<(usize, &'static str)> {
        let mut all: Vec<(usize, &'static str)> = plan
            .records
            .iter()
            .flat_map(|r| r.problems.iter().chain(r.notes.iter()))
            .map(|p| (p.row, p.problem.code))
            .collect();
        all.sort();
        all
    };
    assert_eq!(
        said(&odd),
        vec![
            (2, "certificate_differs"),
            (3, "name_differs_from_tax_code"),
            (4, "duplicate_in_file")
        ]
    );
    // Figures of a province outside the import's are refused whole; a figure beyond any the
    // sector reports is refused, not saturated.
    let csv = "UBND TỈNH CAO BẰNG,,,,\nKẾT QUẢ THỰC HIỆN NĂM 2024,,,,\n\
        STT,Chỉ tiêu,Đơn vị tính,Kế hoạch năm 2024,Thực hiện năm 2024\n\
        1,Số hợp tác xã đang hoạt động,HTX,10,12\n\
        2,Số trang trại,Trang trại,1,9.223.372.036.854.775.807\n";
    let sheets = workbook::read(csv.as_bytes().to_vec()).expect("a CSV");
    let SheetPlan::ReportFigures(foreign) = plan_of(&cx, &sheets, SheetKind::ReportFigures).await else {
        panic!("a plan of figures")
    };
    assert_eq!(foreign.counts().rejected, 2);
    let codes: Vec<(usize, &str)> = refusals(&foreign)
        .into_iter()
        .map(|(row, _, code)| (row, code))
        .collect();
    assert!(codes.contains(&(4, "figures_of_another_province")), "{codes:?}");
    assert!(codes.contains(&(5, "too_large")), "{codes:?}");

    // An officer of another province records neither certificates nor figures of Thái Nguyên.
    let stranger = officer("01");
    let cx = Context::on(&t.db, &stranger, today, now);
    let SheetPlan::ReportFigures(theirs) = plan_of(&cx, &book, SheetKind::ReportFigures).await else {
        panic!("a plan of figures")
    };
    assert_eq!(theirs.counts().rejected, 10);
    assert!(theirs
        .records
        .iter()
        .flat_map(|r| r.problems.iter())
        .any(|p| p.field == "place"));
    let theirs = plan_of(&cx, &book, SheetKind::OcopProducts).await;
    assert_eq!(theirs.counts().rejected, 9);
}
