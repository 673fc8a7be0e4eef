//! The application's areas, listed once: the `hoptac` command serves them, prepares databases for
//! them, and the tests of the whole application run them.

use hoptac_web::Area;

/// Every area of hoptac, in the order of the navigation.
pub fn areas() -> Vec<Area> {
    vec![
        hoptac_registry::web::area(),
        hoptac_ocop::web::area(),
        hoptac_reports::web::area(),
        hoptac_import::web::area(),
    ]
}
