//! Plans and reports: the catalogue of indicators, a place's figures for a period counted from the
//! records (with entered figures where the records hold nothing), plan targets and achievement,
//! the same period a year earlier, the narrative written the way provincial reports are, and the
//! report as a workbook, a CSV table or a PDF.
//!
//! `domain` holds the rules, free of I/O; `store` counts and keeps; `render` writes the documents.

pub mod document;
pub mod domain;
pub mod export;
pub mod render;
pub mod store;
pub mod web;

/// The fixture province of the report tests, every figure worked out by hand in its comments.
#[cfg(feature = "testing")]
pub mod fixture;

/// The words of this area's pages, fields and checks, in `locales/`.
pub const TRANSLATIONS: hoptac_core::i18n::Translations = hoptac_core::translations!();

/// Plans and reports as every entry point knows them: their words, tables and the records they
/// audit. They count nothing of their own: they ask the other areas (`hoptac_core::counting`).
pub fn area() -> hoptac_core::area::Area {
    hoptac_core::area::Area {
        schema: Some(&store::SCHEMA),
        audited: &["report_entry", "report_target", "report_template"],
        trail_fields: &[hoptac_core::readable::FieldShape {
            field: "indicator",
            shape: hoptac_core::readable::Shape::Choice(&["Indicator"]),
        }],
        ..hoptac_core::area::Area::new(TRANSLATIONS)
    }
}

/// Fresh databases for tests, with the tables reports count.
#[cfg(feature = "testing")]
pub mod testing {
    use hoptac_core::testing::TestDb;

    /// A new database with the registry, the OCOP programme, the market and reports: their
    /// tables, the units, the shipped scorecard, and the counters reports ask.
    pub async fn db() -> hoptac_core::StoreResult<TestDb> {
        TestDb::of(&[
            &hoptac_registry::area(),
            &hoptac_ocop::area(),
            &hoptac_market::area(),
            &super::area(),
        ])
        .await
    }
}
