//! Health, the OpenAPI document, static files and the not-found page.

use crate::ctx::Ctx;
use crate::error::{ApiError, PageError};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
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
pub async fn not_found(ctx: Ctx, uri: axum::http::Uri) -> axum::response::Response {
    if uri.path().starts_with("/api/") {
        ApiError::not_found(ctx.lang).into_response()
    } else {
        PageError::NotFound(ctx.lang).into_response()
    }
}
