//! What the import's tests share.

/// A new database with every area an import writes to: the registry, OCOP, the reports' figures and
/// the imports themselves.
pub async fn db() -> hoptac_core::testing::TestDb {
    hoptac_core::testing::TestDb::of(&[
        &hoptac_registry::area(),
        &hoptac_ocop::area(),
        &hoptac_reports::area(),
        &hoptac_import::area(),
    ])
    .await
    .expect("a test database")
}
