//! Functions on the hot path of imports and bulk loads: folding names for search, checking a tax
//! code, validating an organisation and a member as typed. Run with `cargo bench -p hoptac-registry`.

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use hoptac_core::text::{fold, searchable};
use hoptac_registry::domain::members::{MemberContext, MemberInput};
use hoptac_registry::domain::organisation::{OrgKind, OrganisationInput};
use hoptac_registry::domain::tax_code::TaxCode;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

fn cooperative() -> OrganisationInput {
    OrganisationInput {
        kind: "htx".into(),
        name: "Hợp tác xã Dịch vụ Nông nghiệp Tổng hợp Đồng Hỷ".into(),
        short_name: Some("HTX Đồng Hỷ".into()),
        tax_code: Some("0101248141-001".into()),
        founding_date: "15/03/2019".into(),
        registration_date: Some("2019-03-20".into()),
        sectors: vec!["agriculture".into(), "trade_services".into()],
        commune_era: Some("2008".into()),
        commune: "01834".into(),
        representative_name: Some("Nguyễn Văn An".into()),
        phone: Some("0912 345 678".into()),
        email: Some("htx.dongHy@example.vn".into()),
        charter_capital: Some("1.500.000.000".into()),
        ..Default::default()
    }
}

fn bench(c: &mut Criterion) {
    let name = "Hợp tác xã Dịch vụ Nông nghiệp Tổng hợp Đồng Hỷ";
    c.bench_function("fold a cooperative's name", |b| b.iter(|| fold(black_box(name))));
    c.bench_function("searchable text of a name", |b| {
        b.iter(|| searchable(black_box(name)))
    });
    c.bench_function("parse a branch tax code", |b| {
        b.iter(|| TaxCode::parse(black_box("0101248141-001")))
    });
    let input = cooperative();
    c.bench_function("validate an organisation", |b| {
        b.iter(|| black_box(&input).validate(today()))
    });
    let member = MemberInput {
        kind: "person".into(),
        full_name: "Trần Thị Bình".into(),
        birth_date: Some("1980-05-05".into()),
        membership: "official".into(),
        joined_on: "2019-04-01".into(),
        capital_contribution: Some("150.000.000".into()),
        ..Default::default()
    };
    let context = MemberContext {
        org_kind: OrgKind::Htx,
        founding_date: NaiveDate::from_ymd_opt(2019, 3, 15).unwrap_or_default(),
        charter_capital: Some(1_500_000_000),
        ended_on: None,
    };
    c.bench_function("validate a member", |b| {
        b.iter(|| black_box(&member).validate(context, today()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
