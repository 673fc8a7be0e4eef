//! Health, the OpenAPI document, static files and the not-found page.

use crate::ctx::Ctx;
use crate::error::{ApiError, PageError};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::Json;

/// 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db().ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// The OpenAPI document of every area's API, composed once at start.
pub async fn openapi(document: std::sync::Arc<utoipa::openapi::OpenApi>) -> impl IntoResponse {
    Json(document)
}

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.css"),
    )
}

pub async fn js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/app.js"),
    )
}

/// Unknown addresses: JSON under the API, a page elsewhere.
/// An address that does not take the request's method. A browser that opens a form's address
/// (switching language or reloading after a rejected form) is sent to the page the form belongs to,
/// the address without its last part; anything else is told the method is not allowed.
pub async fn method_not_allowed(ctx: Ctx, method: Method, uri: axum::http::Uri) -> axum::response::Response {
    let path = uri.path();
    if path.starts_with("/api/") {
        let message = crate::ui::Tr::new(ctx.lang).s("error-method_not_allowed");
        let error = ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", message);
        return ApiError {
            lang: ctx.lang,
            ..error
        }
        .into_response();
    }
    if method == Method::GET || method == Method::HEAD {
        let page = match path.trim_end_matches('/').rsplit_once('/') {
            Some((parent, _)) if !parent.is_empty() => parent,
            _ => "/",
        };
        return Redirect::to(page).into_response();
    }
    PageError::MethodNotAllowed(ctx.lang).into_response()
}

pub async fn not_found(ctx: Ctx, uri: axum::http::Uri) -> axum::response::Response {
    if uri.path().starts_with("/api/") {
        ApiError::not_found(ctx.lang).into_response()
    } else {
        PageError::NotFound(ctx.lang).into_response()
    }
}
