//! Every route of the application, in one table.

pub mod account;
pub mod audit;
pub mod auth;
pub mod invitations;
pub mod ocop;
pub mod registry;
pub mod reports;
mod system;
pub mod units;

use crate::error::{PageError, StoreOutcome};
use crate::AppState;
use askama::Template;
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use hoptac_core::admin::Era;
use hoptac_core::admin_units;
use hoptac_core::Lang;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// A page as HTML.
pub(crate) fn render(page: impl Template) -> Result<Response, PageError> {
    page.render()
        .map(|html| Html(html).into_response())
        .map_err(|e| PageError::Internal(Lang::Vi, e.to_string()))
}

/// The provinces of an era as (code, name), for a select.
pub(crate) async fn province_options(
    state: &AppState,
    era: Era,
    lang: Lang,
) -> Result<Vec<(String, String)>, PageError> {
    Ok(admin_units::provinces(state.db(), era)
        .await
        .or_page(lang)?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect())
}

/// A query parameter with something in it: blank means "any".
pub(crate) fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

pub fn router(state: AppState) -> Router {
    use registry::{api, pages};
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        // pages
        .route("/", get(pages::home))
        .route("/organisations", get(pages::list).post(pages::create_organisation))
        .route("/organisations/new", get(pages::new_organisation))
        .route("/organisations/{id}", get(pages::detail))
        .route("/organisations/{id}/edit", get(pages::edit_organisation).post(pages::update_organisation))
        .route("/organisations/{id}/status", post(pages::change_status))
        .route("/organisations/{id}/members", post(pages::create_member))
        .route("/organisations/{id}/members/new", get(pages::new_member))
        .route("/members/{id}/edit", get(pages::edit_member).post(pages::update_member))
        .route("/members/{id}/delete", post(pages::delete_member))
        .route("/organisations/{id}/figures", post(pages::create_figures))
        .route("/organisations/{id}/figures/new", get(pages::new_figures))
        .route("/organisations/{id}/figures/{year}/edit", get(pages::edit_figures).post(pages::update_figures))
        .route("/organisations/{id}/figures/{year}/delete", post(pages::delete_figures))
        .route("/ocop", get(ocop::pages::products_page))
        .route("/ocop/products", post(ocop::pages::create_product))
        .route("/ocop/products/new", get(ocop::pages::new_product))
        .route("/ocop/products/{id}", get(ocop::pages::product))
        .route("/ocop/products/{id}/edit", get(ocop::pages::edit_product).post(ocop::pages::update_product))
        .route(
            "/ocop/products/{id}/self-assessment",
            get(ocop::pages::self_assessment).post(ocop::pages::save_self_assessment),
        )
        .route("/ocop/products/{id}/apply", post(ocop::pages::apply))
        .route("/ocop/rounds", get(ocop::round_pages::rounds_list).post(ocop::round_pages::open_round))
        .route("/ocop/rounds/{id}", get(ocop::round_pages::round))
        .route("/ocop/rounds/{id}/council", post(ocop::round_pages::assign_member))
        .route("/ocop/rounds/{id}/decision", post(ocop::round_pages::decide))
        .route("/ocop/applications/{id}/withdraw", post(ocop::round_pages::withdraw))
        .route("/ocop/applications/{id}/sheet", get(ocop::round_pages::sheet).post(ocop::round_pages::score))
        .route("/ocop/scorecards", get(ocop::round_pages::scorecards_list).post(ocop::round_pages::load_scorecard))
        .route("/ocop/scorecards/{id}", get(ocop::round_pages::scorecard))
        .route("/ocop/verify", get(ocop::pages::verify_form))
        .route("/ocop/verify/{code}", get(ocop::pages::verify))
        .route("/ocop/certificates/{id}/pdf", get(ocop::pages::certificate_pdf_file))
        .route("/reports", get(reports::pages::report))
        .route("/reports/communes", get(reports::pages::communes))
        .route("/reports/export/{format}", get(reports::export::page))
        .route("/reports/indicators", get(reports::pages::indicators))
        .route("/reports/entries", get(reports::pages::entries).post(reports::pages::save_entry))
        .route("/reports/entries/{id}/delete", post(reports::pages::delete_entry))
        .route("/reports/targets", post(reports::pages::save_target))
        .route("/reports/targets/{id}/delete", post(reports::pages::delete_target))
        .route("/units", get(units::page))
        .route("/audit", get(audit::trail_page))
        .route("/users", get(invitations::page))
        .route("/users/invitations", post(invitations::invite_form))
        .route("/users/grants", post(invitations::grant_form))
        .route("/grants/{id}/revoke", post(invitations::revoke_form))
        .route("/users/{id}/password-reset", post(invitations::reset_form))
        .route("/invite/{secret}", get(invitations::open_link).post(invitations::accept_form))
        .route("/account", get(account::page))
        .route("/account/password", post(account::change_password_form))
        .route("/account/tokens", post(account::create_token_form))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token_form))
        .route("/login", get(auth::login_page).post(auth::login_form))
        .route("/logout", post(auth::logout_form))
        .route("/lang/{code}", get(auth::switch_language))
        // API
        .route("/api/v1/organisations", get(api::list).post(api::create))
        .route("/api/v1/organisations/count", get(api::count))
        .route("/api/v1/organisations/{id}", get(api::get).put(api::update))
        .route("/api/v1/organisations/{id}/statuses", post(api::change_status))
        .route("/api/v1/organisations/{id}/members", get(api::list_members).post(api::create_member))
        .route("/api/v1/members/{id}", get(api::get_member).put(api::update_member).delete(api::delete_member))
        .route("/api/v1/organisations/{id}/figures", get(api::list_figures).post(api::create_figures))
        .route("/api/v1/organisations/{id}/figures/{year}", put(api::update_figures).delete(api::delete_figures))
        .route("/api/v1/organisations/{id}/history", get(audit::api_history))
        .route("/api/v1/audit", get(audit::api_trail))
        .route("/api/v1/invitations", post(invitations::api_invite))
        .route("/api/v1/grants", get(invitations::api_grants).post(invitations::api_grant))
        .route("/api/v1/grants/{id}", axum::routing::delete(invitations::api_revoke))
        .route("/api/v1/organisations/{id}/grants", get(invitations::api_organisation_grants))
        .route("/api/v1/invitations/accept", post(invitations::api_accept))
        .route("/api/v1/users/{id}/password-reset", post(invitations::api_reset))
        .route("/api/v1/account/password", post(account::api_change_password))
        .route("/api/v1/account/tokens", get(account::api_tokens).post(account::api_create_token))
        .route("/api/v1/account/tokens/{id}", axum::routing::delete(account::api_revoke_token))
        .route("/api/v1/admin-units/provinces", get(units::api_provinces))
        .route("/api/v1/admin-units/communes", get(units::api_communes))
        .route("/api/v1/auth/login", post(auth::api_login))
        .route("/api/v1/auth/logout", post(auth::api_logout))
        .route("/api/v1/auth/me", get(auth::api_me))
        .route("/api/v1/ocop/scorecards", get(ocop::api::list_scorecards).post(ocop::api::load_scorecard))
        .route("/api/v1/ocop/scorecards/{id}", get(ocop::api::get_scorecard))
        .route("/api/v1/ocop/product-sets", get(ocop::api::list_product_sets))
        .route("/api/v1/ocop/star-rules", get(ocop::api::list_star_rules))
        .route("/api/v1/ocop/products", get(ocop::api::list_products).post(ocop::api::create_product))
        .route("/api/v1/ocop/products/{id}", get(ocop::api::get_product).put(ocop::api::update_product))
        .route("/api/v1/ocop/products/{id}/scorecard", get(ocop::api::product_scorecard))
        .route(
            "/api/v1/ocop/products/{id}/self-assessment",
            get(ocop::api::get_self_assessment).post(ocop::api::self_assess),
        )
        .route("/api/v1/ocop/rounds", get(ocop::api::list_rounds).post(ocop::api::open_round))
        .route("/api/v1/ocop/rounds/{id}", get(ocop::api::get_round))
        .route("/api/v1/ocop/rounds/{id}/applications", get(ocop::api::list_applications).post(ocop::api::apply))
        .route("/api/v1/ocop/rounds/{id}/council", get(ocop::api::list_council).post(ocop::api::assign_member))
        .route("/api/v1/ocop/rounds/{id}/decision", post(ocop::api::decide))
        .route("/api/v1/ocop/applications/{id}", get(ocop::api::get_application))
        .route("/api/v1/ocop/applications/{id}/withdraw", post(ocop::api::withdraw))
        .route("/api/v1/ocop/applications/{id}/sheet", get(ocop::api::get_sheet).put(ocop::api::score))
        .route("/api/v1/ocop/certificates/verify/{code}", get(ocop::api::verify))
        .route("/api/v1/ocop/notices", get(ocop::api::list_notices))
        .route("/api/v1/reports", get(reports::api::report))
        .route("/api/v1/reports/indicators", get(reports::api::indicators))
        .route("/api/v1/reports/communes", get(reports::api::communes))
        .route("/api/v1/reports/export/{format}", get(reports::export::api))
        .route("/api/v1/reports/entries", get(reports::api::list_entries).post(reports::api::create_entry))
        .route("/api/v1/reports/entries/{id}", axum::routing::delete(reports::api::delete_entry))
        .route("/api/v1/reports/targets", get(reports::api::list_targets).post(reports::api::create_target))
        .route("/api/v1/reports/targets/{id}", axum::routing::delete(reports::api::delete_target))
        .route("/api/v1/openapi.json", get(system::openapi))
        // operations
        .route("/healthz", get(system::healthz))
        .route("/static/app.css", get(system::css))
        .route("/static/app.js", get(system::js))
        .fallback(system::not_found)
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(crate::csrf::issue))
        .layer(axum::middleware::from_fn_with_state(state, crate::cookies::mark_secure))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
                 form-action 'self'; frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}
