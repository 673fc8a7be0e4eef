//! Plans and reports: the catalogue of indicators, a place's figures for a period counted from the
//! records (with entered figures where the records hold nothing), plan targets and achievement,
//! the same period a year earlier, the narrative written the way provincial reports are, and the
//! report as a workbook, a CSV table or a PDF.
//!
//! `domain` holds the rules, free of I/O; `store` counts and keeps; `render` writes the documents.

pub mod domain;
pub mod render;
pub mod store;
pub mod web;

/// The fixture province of the report tests, every figure worked out by hand in its comments.
#[cfg(feature = "testing")]
pub mod fixture;

/// The words of this area's pages, fields and checks, in `locales/`.
pub const TRANSLATIONS: hoptac_core::i18n::Translations = hoptac_core::translations!();

/// Fresh databases for tests, with the tables reports count.
#[cfg(feature = "testing")]
pub mod testing {
    use hoptac_core::testing::TestDb;

    /// A new database with the OCOP and report tables, the units and the shipped scorecard.
    pub async fn db() -> hoptac_core::StoreResult<TestDb> {
        let db = TestDb::new(&[&hoptac_ocop::store::SCHEMA, &crate::store::SCHEMA]).await?;
        hoptac_ocop::prepare(&db.db).await?;
        Ok(db)
    }
}
