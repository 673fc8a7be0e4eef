//! The OCOP programme: products and their stars, self-assessment, evaluation rounds, council
//! scoring, decisions, certificates and their public verification.

pub mod api;
pub mod application_pages;
pub mod pages;
pub mod round_pages;
pub mod view;

use crate::domain::ProductGroup;
use crate::store::products::ProductFilter;
use axum::routing::{get, post};
use hoptac_core::admin::is_province_code;
use hoptac_core::FieldErrors;
use hoptac_core::Paging;
use hoptac_web::routes::blank;
use hoptac_web::ui::Tr;
use hoptac_web::AppState;
use hoptac_web::{Area, NavLink};
use serde::Deserialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The filters of a product list, from the page's form or the API's query string. Blank means any.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    /// Words of the product's or the subject's name, without diacritics if you like.
    pub q: Option<String>,
    /// A 2025 province code.
    pub province: Option<String>,
    /// A product group code.
    pub group: Option<String>,
    /// 3, 4 or 5: products holding a certificate of that many stars.
    pub stars: Option<String>,
    /// `true`: only products holding a certificate ("OCOP products").
    pub certified: Option<String>,
    pub organisation_id: Option<String>,
    pub page: Option<String>,
    /// 1 to 200; 25 by default.
    pub per_page: Option<String>,
}

impl ProductQuery {
    pub fn to_filter(&self) -> Result<(ProductFilter, Paging), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut invalid = |field: &str, value: &str| {
            errors.add_with(field, "invalid_choice", vec![("value", value.to_owned())]);
        };
        let mut filter = ProductFilter {
            query: blank(&self.q).map(str::to_owned),
            certified_only: blank(&self.certified) == Some("true"),
            ..ProductFilter::default()
        };
        if let Some(code) = blank(&self.province) {
            if is_province_code(code) {
                filter.province = Some(code.to_owned());
            } else {
                invalid("province", code);
            }
        }
        if let Some(group) = blank(&self.group) {
            match ProductGroup::parse(group) {
                Some(g) => filter.group = Some(g),
                None => invalid("group", group),
            }
        }
        if let Some(stars) = blank(&self.stars) {
            match stars.parse::<i32>() {
                Ok(s) if (3..=5).contains(&s) => filter.stars = Some(s),
                _ => invalid("stars", stars),
            }
        }
        if let Some(id) = blank(&self.organisation_id) {
            match id.parse::<i64>() {
                Ok(id) => filter.organisation_id = Some(id),
                Err(_) => invalid("organisation_id", id),
            }
        }
        let number = |v: &Option<String>| blank(v).and_then(|v| v.parse::<i64>().ok());
        let paging = Paging::new(number(&self.page), number(&self.per_page));
        errors.into_result((filter, paging))
    }
}

/// The words of the OCOP pages, falling back on the platform's.
pub(crate) fn tr(lang: hoptac_core::Lang) -> Tr {
    Tr::with(lang, &[crate::TRANSLATIONS])
}

/// The OCOP programme as an area of the application: its pages and API, its link, the shipped
/// scorecard it loads, and the expiry notices it writes every hour.
pub fn area() -> Area {
    use api::*;
    // Photos and a dossier's documents are larger than a form: these routes take an upload's size
    // (the store then holds each file to its own limit).
    let uploads = OpenApiRouter::new()
        .route("/ocop/products/{id}/photos", post(application_pages::add_photo))
        .route(
            "/ocop/applications/{id}/documents",
            post(application_pages::add_document),
        )
        .routes(routes!(list_photos, add_photo))
        .routes(routes!(list_documents, add_document))
        .route_layer(axum::extract::DefaultBodyLimit::max(
            hoptac_web::extract::UPLOAD_LIMIT_MEGABYTES * 1024 * 1024,
        ));
    let router = OpenApiRouter::with_openapi(ApiTags::openapi())
        .merge(uploads)
        .route("/ocop", get(pages::products_page))
        .route("/ocop/products", post(pages::create_product))
        .route("/ocop/products/new", get(pages::new_product))
        .route("/ocop/products/{id}", get(pages::product))
        .route(
            "/ocop/products/{id}/edit",
            get(pages::edit_product).post(pages::update_product),
        )
        .route(
            "/ocop/products/{id}/self-assessment",
            get(pages::self_assessment).post(pages::save_self_assessment),
        )
        .route("/ocop/products/{id}/apply", post(pages::apply))
        .route(
            "/ocop/rounds",
            get(round_pages::rounds_list).post(round_pages::open_round),
        )
        .route("/ocop/rounds/{id}", get(round_pages::round))
        .route("/ocop/rounds/{id}/council", post(round_pages::assign_member))
        .route("/ocop/rounds/{id}/decision", post(round_pages::decide))
        .route("/ocop/applications/{id}", get(application_pages::application))
        .route(
            "/ocop/applications/{id}/registration.pdf",
            get(application_pages::registration_form),
        )
        .route("/ocop/applications/{id}/withdraw", post(round_pages::withdraw))
        .route("/ocop/files/{id}", get(application_pages::file))
        .route("/ocop/files/{id}/remove", post(application_pages::remove_file))
        .route(
            "/ocop/applications/{id}/sheet",
            get(round_pages::sheet).post(round_pages::score),
        )
        .route(
            "/ocop/scorecards",
            get(round_pages::scorecards_list).post(round_pages::load_scorecard),
        )
        .route("/ocop/scorecards/{id}", get(round_pages::scorecard))
        .route("/ocop/verify", get(pages::verify_form))
        .route("/ocop/verify/{code}", get(pages::verify))
        .route("/ocop/certificates/{id}/pdf", get(pages::certificate_pdf_file))
        .routes(routes!(list_scorecards, load_scorecard))
        .routes(routes!(get_scorecard))
        .routes(routes!(list_product_sets))
        .routes(routes!(list_star_rules))
        .routes(routes!(list_products, create_product))
        .routes(routes!(get_product, update_product))
        .routes(routes!(product_scorecard))
        .routes(routes!(get_self_assessment, self_assess))
        .routes(routes!(list_rounds, open_round))
        .routes(routes!(get_round))
        .routes(routes!(list_applications, apply))
        .routes(routes!(list_council, assign_member))
        .routes(routes!(decide))
        .routes(routes!(get_application))
        .routes(routes!(withdraw))
        .routes(routes!(get_sheet, score))
        .routes(routes!(council_sheets))
        .routes(routes!(get_file, remove_file))
        .routes(routes!(verify))
        .routes(routes!(list_notices));
    Area {
        nav: Some(NavLink {
            href: "/ocop",
            label: "nav-ocop",
            shown: NavLink::always,
        }),
        hourly: Some(notices_every_hour),
        home: vec![(6, round_pages::work_section)],
        search: vec![(20, pages::search_section)],
        organisation: vec![(10, pages::organisation_section)],
        ..Area::new(crate::area(), router)
    }
}

/// Writes today's expiry notices and mails them where the installation sends e-mail.
fn notices_every_hour(state: &AppState) -> hoptac_core::BoxFuture<'_, ()> {
    Box::pin(async move {
        let settings = state.settings();
        let run = crate::notices::run_notices(
            state.db(),
            settings.mail.as_ref(),
            state.clock(),
            settings.public_url.as_deref(),
        )
        .await;
        match run {
            Ok(run) if run == crate::notices::NoticeRun::default() => {}
            Ok(run) => tracing::info!(
                created = run.created,
                emailed = run.emailed,
                failed = run.failed,
                "OCOP expiry notices"
            ),
            Err(e) => tracing::error!(error = %e, "OCOP expiry notices failed"),
        }
    })
}

#[derive(utoipa::OpenApi)]
#[openapi(tags(
    (name = "ocop", description = "OCOP products, scorecards, evaluation rounds, decisions and certificates"),
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
        use crate::domain::certificate::{CertificateState, Outcome};
        use crate::domain::inputs::IpProtection;
        use crate::domain::{ApplicationKind, Level, ProductGroup, Scheme};
        let unlabelled = [
            IpProtection::unlabelled(),
            Scheme::unlabelled(),
            ProductGroup::unlabelled(),
            ApplicationKind::unlabelled(),
            Level::unlabelled(),
            CertificateState::unlabelled(),
            Outcome::unlabelled(),
        ];
        assert_eq!(unlabelled.concat(), Vec::<String>::new());
    }
}
