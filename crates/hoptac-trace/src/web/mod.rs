//! Traceability's API: EPCIS capture and query, places and GTINs.

pub mod api;

use hoptac_web::Area;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Traceability as an area of the application.
pub fn area() -> Area {
    use api::*;
    let router = OpenApiRouter::with_openapi(ApiTags::openapi())
        .routes(routes!(capture))
        .routes(routes!(query_events))
        .routes(routes!(add_place))
        .routes(routes!(set_gtin));
    Area::new(crate::area(), router)
}

#[derive(utoipa::OpenApi)]
#[openapi(tags(
    (name = "trace", description = "Traceability: EPCIS 2.0 events captured and queried, the places they happen at and the GTINs of the products they name"),
))]
struct ApiTags;
