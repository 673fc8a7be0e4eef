//! Traceability's pages and API: the GS1 Digital Link resolver with the consumer's page, EPCIS
//! capture and query, places and GTINs.

pub mod api;
pub mod pages;

use axum::routing::get;
use hoptac_web::ui::Tr;
use hoptac_web::Area;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The words of traceability's pages, falling back on the OCOP programme's and the platform's.
pub(crate) fn tr(lang: hoptac_core::Lang) -> Tr {
    Tr::with(lang, &[crate::TRANSLATIONS, hoptac_ocop::TRANSLATIONS])
}

/// Traceability as an area of the application.
pub fn area() -> Area {
    use api::*;
    let router = OpenApiRouter::with_openapi(ApiTags::openapi())
        // GS1 Digital Link: the primary key 01 (GTIN) and its qualifiers, on the site's root.
        .route("/01/{*qualifiers}", get(pages::resolve))
        .route("/trace/labels", get(pages::labels))
        .routes(routes!(capture))
        .routes(routes!(query_events))
        .routes(routes!(list_places, add_place))
        .routes(routes!(set_gtin));
    Area::new(crate::area(), router)
}

#[derive(utoipa::OpenApi)]
#[openapi(tags(
    (name = "trace", description = "Traceability: EPCIS 2.0 events captured and queried, the places they happen at and the GTINs of the products they name"),
))]
struct ApiTags;

#[cfg(test)]
mod template_tests {
    /// Every `t.s("...")` in this area's templates has words in both languages.
    #[test]
    fn every_template_key_is_translated() {
        let problems =
            hoptac_web::ui::area_word_problems(env!("CARGO_MANIFEST_DIR"), super::tr, crate::TRANSLATIONS);
        assert_eq!(problems, Vec::<String>::new());
    }
}
