//! The OCOP programme (Mỗi xã một sản phẩm, Decision 148/QĐ-TTg of 2023 and the scorecards of
//! Decision 1048/QĐ-TTg): products, scorecards as data, self-assessment, evaluation rounds with
//! their council and sheets, the decision that issues 36-month certificates, expiry notices, and
//! the A4 certificate with the QR code of its public verification page.
//!
//! `domain` holds the rules, free of I/O; `store` keeps the records behind the gate
//! (`hoptac_core::gate`); `certificate_pdf` draws the certificate.

pub mod certificate_pdf;
pub mod domain;
pub mod notices;
pub mod registration_pdf;
pub mod store;
pub mod web;

/// The words of this area's pages, fields and checks, in `locales/`.
pub const TRANSLATIONS: hoptac_core::i18n::Translations = hoptac_core::translations!();

/// The OCOP programme as every entry point knows it: its words, tables, shipped scorecard, the
/// records it audits and its counts for reports.
use hoptac_core::readable::{FieldShape, Shape};

pub fn area() -> hoptac_core::area::Area {
    hoptac_core::area::Area {
        schema: Some(&store::SCHEMA),
        prepare: Some(|db| Box::pin(prepare(db))),
        audited: &[
            "ocop_scorecard",
            "ocop_product",
            "ocop_self_assessment",
            "ocop_round",
            "ocop_application",
            "ocop_sheet",
            "ocop_certificate",
            "ocop_file",
        ],
        trail_fields: &[
            FieldShape {
                field: "kind",
                shape: Shape::Choice(&["ApplicationKind"]),
            },
            FieldShape {
                field: "product_group",
                shape: Shape::Choice(&["ProductGroup"]),
            },
            FieldShape {
                field: "ip_protection",
                shape: Shape::Choice(&["IpProtection"]),
            },
            FieldShape {
                field: "product_id",
                shape: Shape::Named {
                    table: "ocop_products",
                    column: "name",
                },
            },
            FieldShape {
                field: "round_id",
                shape: Shape::Named {
                    table: "ocop_rounds",
                    column: "name",
                },
            },
            FieldShape {
                field: "byte_size",
                shape: Shape::Count,
            },
            FieldShape {
                field: "product_set_id",
                shape: Shape::Named {
                    table: "ocop_product_sets",
                    column: "name",
                },
            },
        ],
        counter: Some(&store::counts::COUNTER),
        round_places: Some(store::rounds::places),
        ..hoptac_core::area::Area::new(TRANSLATIONS)
    }
}

/// A database ready for the OCOP programme: the shipped scorecard (Decision 1048, fresh produce)
/// and its star rules loaded when missing, and every product's name keyed for Vietnamese order.
/// Safe to run any number of times.
pub async fn prepare(db: &hoptac_core::Db) -> hoptac_core::StoreResult<()> {
    store::scorecards::ensure_builtin(db).await?;
    store::products::key_names(db).await
}

/// Fresh databases for tests, with what the OCOP programme needs loaded.
#[cfg(feature = "testing")]
pub mod testing {
    use hoptac_core::testing::TestDb;

    /// A new database with the registry and the OCOP programme: their tables, the administrative
    /// units and the shipped scorecard.
    pub async fn db() -> hoptac_core::StoreResult<TestDb> {
        TestDb::of(&[&hoptac_registry::area(), &super::area()]).await
    }
}
