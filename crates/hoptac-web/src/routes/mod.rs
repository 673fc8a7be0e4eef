//! The platform's routes (sign-in, accounts, people and roles, the audit trail, units, the home
//! page, health), and the composition of the areas' routes with them.

pub mod account;
pub mod audit;
pub mod auth;
pub mod home;
pub mod invitations;
pub mod notifications;
mod system;
pub mod units;

use crate::error::{PageError, StoreOutcome};
use crate::AppState;
use askama::Template;
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use hoptac_core::admin::Era;
use hoptac_core::admin_units;
use hoptac_core::Lang;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A page as HTML.
pub fn render(page: impl Template) -> Result<Response, PageError> {
    page.render()
        .map(|html| Html(html).into_response())
        .map_err(|e| PageError::Internal(Lang::Vi, e.to_string()))
}

/// A part of a page (an area's section of another's page) as HTML.
pub fn render_fragment(lang: Lang, part: impl Template) -> Result<String, PageError> {
    part.render()
        .map_err(|e| PageError::Internal(lang, e.to_string()))
}

/// A page of forms, answered 422 when one of them is shown again with the reasons it was refused
/// (`refused`), so that a browser, a script and a test can all tell a refused post from a page.
pub fn render_form(refused: bool, page: impl Template) -> Result<Response, PageError> {
    let status = if refused {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, render(page)?).into_response())
}

/// Why an edit form is shown again.
pub enum Refusal {
    /// It is not: the form as first opened (200).
    None,
    /// The reasons the store refused the fields for (422).
    Errors(hoptac_core::FieldErrors),
    /// Someone saved the record since the form was opened (409).
    Saved(Conflict),
}

impl Refusal {
    /// The answer's status, and the fields' reasons and the conflict to show in the form.
    pub fn into_parts(self) -> (axum::http::StatusCode, hoptac_core::FieldErrors, Option<Conflict>) {
        use axum::http::StatusCode;
        match self {
            Refusal::None => (StatusCode::OK, hoptac_core::FieldErrors::new(), None),
            Refusal::Errors(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
            Refusal::Saved(conflict) => (
                StatusCode::CONFLICT,
                hoptac_core::FieldErrors::new(),
                Some(conflict),
            ),
        }
    }
}

/// A version someone saved while another person edited the same record, merged with what that
/// person typed: the fields they left as the form showed them take the saved values, and those
/// both changed are set side by side (the form keeps what was typed there, and now carries the
/// saved version, so saving again is a choice made knowing the other's changes). Shown by
/// `_conflict.html`.
pub struct Conflict {
    /// When the saved version was saved, in Vietnam's time.
    pub when: String,
    /// The fields taken from the saved version into the form, by their labels.
    pub taken: Vec<&'static str>,
    /// (field, saved, typed) for each field both changed.
    pub differences: audit::Differences,
}

impl Conflict {
    /// Merges `typed` with `saved`, inputs of one kind in their stored spelling, `saved` as its
    /// edit form shows it (carrying its version and original). The fields `typed` left as its form
    /// showed them (its `original`) take the saved values; without an original every difference is
    /// left for the person to settle. Gives the input to show again, now an edit of the saved
    /// version, and the refusal that explains it.
    pub fn merge<T: hoptac_core::form::EditInput>(
        saved: &T,
        typed: T,
        saved_at: chrono::DateTime<chrono::Utc>,
        lang: Lang,
    ) -> (T, Refusal) {
        use hoptac_core::audit::{given, snapshot};
        let original: Option<serde_json::Value> = typed.original().and_then(|o| serde_json::from_str(o).ok());
        let (saved_view, typed_view) = (snapshot(saved), snapshot(&typed));
        let mut merged = typed_view.clone().unwrap_or_default();
        let mut taken = Vec::new();
        if let (Some(saved), Some(original), Some(fields)) = (
            saved_view.as_ref().and_then(|v| v.as_object()),
            original.as_ref().and_then(|v| v.as_object()),
            merged.as_object_mut(),
        ) {
            for (field, value) in fields.iter_mut() {
                let left_as_shown = given(Some(value)) == given(original.get(field));
                if left_as_shown && given(Some(value)) != given(saved.get(field)) {
                    *value = saved.get(field).cloned().unwrap_or_default();
                    taken.push(hoptac_core::i18n::field_label(field, lang));
                }
            }
        }
        let merged: T = serde_json::from_value(merged).unwrap_or_else(|_| typed.clone());
        let merged = merged.editing(saved);
        // Set side by side: the fields both changed; without the original, every difference.
        let changed_by_both = |mut view: Option<serde_json::Value>| {
            let original = original.as_ref().and_then(|v| v.as_object());
            let saved = saved_view.as_ref().and_then(|v| v.as_object());
            if let (Some(fields), Some(original), Some(saved)) =
                (view.as_mut().and_then(|v| v.as_object_mut()), original, saved)
            {
                fields.retain(|field, _| given(saved.get(field)) != given(original.get(field)));
            }
            view
        };
        let conflict = Conflict {
            when: hoptac_core::numbers::format_moment(saved_at),
            taken,
            differences: audit::differences(
                changed_by_both(saved_view.clone()).as_ref(),
                changed_by_both(snapshot(&merged)).as_ref(),
                lang,
            ),
        };
        (merged, Refusal::Saved(conflict))
    }
}

/// An edit form's page, answered with its refusal's status.
pub fn render_refused(status: axum::http::StatusCode, page: impl Template) -> Result<Response, PageError> {
    Ok((status, render(page)?).into_response())
}

/// A file to download: `attachment` (saved) or `inline` (shown by the browser, a PDF), named
/// `file_name`, which may be any name a person gave a file: it goes in both forms of RFC 6266, an
/// ASCII one for old browsers (letters without diacritics, anything else `_`) and the UTF-8 one
/// (RFC 8187) that every current browser prefers.
pub fn file_response(disposition: &str, content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    use axum::http::header;
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(disposition, file_name),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The `Content-Disposition` of a file named `file_name`.
fn content_disposition(disposition: &str, file_name: &str) -> String {
    // RFC 8187's attr-char: letters, digits and !#$&+-.^_`|~ go as they are.
    const ENCODED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'!')
        .remove(b'#')
        .remove(b'$')
        .remove(b'&')
        .remove(b'+')
        .remove(b'-')
        .remove(b'.')
        .remove(b'^')
        .remove(b'_')
        .remove(b'`')
        .remove(b'|')
        .remove(b'~');
    let ascii: String = hoptac_core::text::without_marks(file_name)
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if ascii == file_name {
        return format!("{disposition}; filename=\"{ascii}\"");
    }
    let encoded = percent_encoding::utf8_percent_encode(file_name, ENCODED);
    format!("{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// The XLSX media type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The provinces of an era as (code, name), for a select.
pub async fn province_options(
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

pub use hoptac_core::form::blank;

/// The platform's own pages and API.
fn platform() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(crate::openapi::platform())
        .route("/", get(home::page))
        .route("/search", get(home::search))
        .route("/units", get(units::page))
        .route("/audit", get(audit::trail_page))
        .route("/audit/export.csv", get(audit::trail_csv))
        .route("/users", get(invitations::page))
        .route("/users/invitations", post(invitations::invite_form))
        .route("/users/grants", post(invitations::grant_form))
        .route("/grants/{id}/revoke", post(invitations::revoke_form))
        .route("/users/{id}/password-reset", post(invitations::reset_form))
        .route(
            "/invite/{secret}",
            get(invitations::open_link).post(invitations::accept_form),
        )
        .route("/account", get(account::page))
        .route("/account/password", post(account::change_password_form))
        .route("/account/tokens", post(account::create_token_form))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token_form))
        .route("/notifications", get(notifications::page))
        .route("/notifications/read", post(notifications::read_all_form))
        .route("/notifications/{id}", get(notifications::open))
        .route("/login", get(auth::login_page).post(auth::login_form))
        .route("/logout", post(auth::logout_form))
        .route("/lang/{code}", get(auth::switch_language))
        .routes(routes!(audit::api_history))
        .routes(routes!(audit::api_trail))
        .routes(routes!(invitations::api_invite))
        .routes(routes!(invitations::api_grants, invitations::api_grant))
        .routes(routes!(invitations::api_revoke))
        .routes(routes!(invitations::api_organisation_grants))
        .routes(routes!(invitations::api_accept))
        .routes(routes!(invitations::api_reset))
        .routes(routes!(account::api_change_password))
        .routes(routes!(account::api_tokens, account::api_create_token))
        .routes(routes!(account::api_revoke_token))
        .routes(routes!(units::api_provinces))
        .routes(routes!(units::api_communes))
        .routes(routes!(auth::api_login))
        .routes(routes!(auth::api_logout))
        .routes(routes!(auth::api_me))
        .routes(routes!(notifications::api_list))
        .routes(routes!(notifications::api_mark_read))
}

/// The platform and the areas under one router, with the OpenAPI document of all their API
/// routes, and the state that knows the areas' links, home sections and jobs.
pub(crate) fn compose(state: AppState, areas: Vec<crate::Area>) -> (Router, AppState) {
    hoptac_core::i18n::install(&[crate::ui::TRANSLATIONS]);
    let cores = crate::area::cores(&areas);
    hoptac_core::area::attach(state.db(), &cores);
    let mut composed = crate::area::Composed {
        audited: hoptac_core::area::audited(&cores),
        ..Default::default()
    };
    let mut api = OpenApiRouter::with_openapi(crate::openapi::base()).merge(platform());
    for area in areas {
        api = api.merge(area.router);
        composed.nav.extend(area.nav);
        composed.home.extend(area.home);
        composed.search.extend(area.search);
        composed.organisation.extend(area.organisation);
        composed.hourly.extend(area.hourly);
        composed.workers.extend(area.worker);
    }
    composed.home.sort_by_key(|(rank, _)| *rank);
    composed.search.sort_by_key(|(rank, _)| *rank);
    composed.organisation.sort_by_key(|(rank, _)| *rank);
    let state = state.with_areas(composed);
    let (router, document) = api.split_for_parts();
    let document = std::sync::Arc::new(document);
    let request_id = HeaderName::from_static("x-request-id");
    let router = router
        .route("/api/v1/openapi.json", get(move || system::openapi(document.clone())))
        // operations
        .route("/healthz", get(system::healthz))
        .route("/static/app.css", get(system::css))
        .route("/static/app.js", get(system::js))
        .fallback(system::not_found)
        .method_not_allowed_fallback(system::method_not_allowed)
        .with_state(state.clone())
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::once::once))
        .layer(axum::middleware::from_fn(crate::extract::api_takes_json))
        .layer(axum::extract::DefaultBodyLimit::max(crate::extract::BODY_LIMIT_MEGABYTES * 1024 * 1024))
        .layer(axum::middleware::from_fn(crate::csrf::issue))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::cookies::mark_secure))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::ctx::site_language))
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
        // Pages and answers hold personal data: no browser or proxy keeps a copy. What may be kept
        // (the style sheet, the script) says so itself.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
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
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid));
    (router, state)
}

#[cfg(test)]
mod disposition_tests {
    #[test]
    fn a_vietnamese_name_goes_in_both_forms() {
        assert_eq!(
            super::content_disposition("inline", "Phiếu đăng ký \"OCOP\".pdf"),
            "inline; filename=\"Phieu dang ky _OCOP_.pdf\"; filename*=UTF-8''Phi%E1%BA%BFu%20%C4%91%C4%83ng%20k%C3%BD%20%22OCOP%22.pdf"
        );
        assert_eq!(
            super::content_disposition("attachment", "bao-cao.xlsx"),
            "attachment; filename=\"bao-cao.xlsx\""
        );
    }
}
