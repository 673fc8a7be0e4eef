//! Plans and reports: the report of a place and period (table, narrative, communes), the values
//! officers enter from documents and the year's plan targets, the catalogue of indicators.

pub mod api;
pub mod dashboard;
pub mod export;
pub mod pages;
pub mod templates;

use axum::routing::{get, post};
use hoptac_web::ui::Tr;
use hoptac_web::{Area, NavLink};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use crate::domain::ReportQuery;

/// The report page with the place and period as they were asked, where the form says what is
/// wrong with them: where the pages that follow from a report send a query they cannot read.
pub(crate) fn back_to_the_form(query: &ReportQuery) -> axum::response::Response {
    use axum::response::IntoResponse;
    let asked = serde_urlencoded::to_string(query).unwrap_or_default();
    axum::response::Redirect::to(&format!("/reports?{asked}")).into_response()
}

/// The words of the report pages, falling back on the platform's.
pub(crate) fn tr(lang: hoptac_core::Lang) -> Tr {
    Tr::with(lang, &[crate::TRANSLATIONS])
}

/// Plans and reports as an area of the application: pages and API, the link for those who read
/// reports, and the officer's dashboard on the home page.
pub fn area() -> Area {
    let router = OpenApiRouter::with_openapi(ApiTags::openapi())
        .route("/reports", get(pages::report))
        .route("/reports/communes", get(pages::communes))
        .route("/reports/export/{format}", get(export::page))
        .route("/reports/indicators", get(pages::indicators))
        .route("/reports/entries", get(pages::entries).post(pages::save_entry))
        .route("/reports/entries/{id}/delete", post(pages::delete_entry))
        .route("/reports/targets", post(pages::save_target))
        .route("/reports/targets/{id}/delete", post(pages::delete_target))
        .route("/reports/templates", get(templates::list).post(templates::save))
        .route("/reports/templates/new", get(templates::new))
        .route("/reports/templates/{code}", get(templates::show))
        .route("/reports/templates/{code}/delete", post(templates::remove))
        .routes(routes!(api::report))
        .routes(routes!(api::indicators))
        .routes(routes!(api::communes))
        .routes(routes!(export::api))
        .routes(routes!(api::list_entries, api::create_entry))
        .routes(routes!(api::delete_entry))
        .routes(routes!(api::list_targets, api::create_target))
        .routes(routes!(api::delete_target))
        .routes(routes!(templates::api_list))
        .routes(routes!(
            templates::api_show,
            templates::api_save,
            templates::api_delete
        ));
    Area {
        nav: Some(NavLink {
            href: "/reports",
            label: "nav-reports",
            shown: reads_reports,
        }),
        home: vec![(10, dashboard::home_section)],
        ..Area::new(crate::area(), router)
    }
}

/// Those who read some place's reports see the link.
fn reads_reports(access: &hoptac_core::access::Access) -> bool {
    access.allows_anywhere(hoptac_core::access::Permission::ReadReports)
}

#[derive(utoipa::OpenApi)]
#[openapi(tags(
    (name = "reports", description = "Indicators, a place's report for a period, entered figures and plan targets"),
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
        // Every value of the area's vocabularies is named in both languages.
        use crate::domain::Indicator;
        let unlabelled = [Indicator::unlabelled()];
        assert_eq!(unlabelled.concat(), Vec::<String>::new());
    }
}
