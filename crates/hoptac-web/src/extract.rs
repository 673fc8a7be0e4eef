//! What a request carries, read so that what cannot be read comes back as our own error page or
//! body in the person's language: HTML forms (with repeated keys for checkboxes), JSON, the
//! address's parameters and the query string.

use crate::ctx::lang_of;
use crate::error::{ApiError, PageError};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use hoptac_core::FieldErrors;
use serde::de::DeserializeOwned;

/// A JSON body; a malformed one is a 422 that says where it broke.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = lang_of(req.headers());
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let malformed = |detail: String| {
            let mut e = FieldErrors::new();
            e.add_with("body", "malformed", vec![("detail", detail)]);
            ApiError::fields(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", e, lang)
        };
        if !is_json {
            return Err(malformed("Content-Type must be application/json".into()));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| malformed(e.body_text()))?;
        serde_json::from_slice(&bytes)
            .map(ApiJson)
            .map_err(|e| malformed(e.to_string()))
    }
}

/// An `application/x-www-form-urlencoded` body, where a key may repeat (`sectors=a&sectors=b`),
/// accepted only with this site's anti-forgery token (see [`crate::csrf`]).
pub struct HtmlForm<T>(pub T);

/// The body of a form that sends nothing but its token (sign out, delete).
#[derive(serde::Deserialize)]
pub struct NoFields {}

#[derive(serde::Deserialize)]
struct TokenField {
    csrf_token: Option<String>,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for HtmlForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = lang_of(req.headers());
        let headers = req.headers().clone();
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| PageError::BadRequest(lang))?;
        let token: TokenField =
            serde_html_form::from_bytes(&bytes).map_err(|_| PageError::BadRequest(lang))?;
        if !crate::csrf::verify(&headers, token.csrf_token.as_deref()) {
            return Err(PageError::FormNotAccepted(lang));
        }
        serde_html_form::from_bytes(&bytes)
            .map(HtmlForm)
            .map_err(|_| PageError::BadRequest(lang))
    }
}

/// What the address says (`/organisations/{id}`), as axum's `Path` reads it; an address it cannot
/// read (`/organisations/abc`) names no record, so it is the not-found page or JSON error in the
/// person's language rather than a line of plain text naming a Rust type.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = axum::response::Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => {
                let lang = lang_of(&parts.headers);
                Err(if parts.uri.path().starts_with("/api/") {
                    ApiError::not_found(lang).into_response()
                } else {
                    PageError::NotFound(lang).into_response()
                })
            }
        }
    }
}

/// A query string, as axum's `Query` reads it; one it cannot read is a 400 that says so in the
/// person's language, as a JSON error under the API and a page elsewhere.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = axum::response::Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => {
                let lang = lang_of(&parts.headers);
                Err(if parts.uri.path().starts_with("/api/") {
                    let mut e = FieldErrors::new();
                    e.add_with("query", "malformed", vec![("detail", rejection.body_text())]);
                    ApiError::fields(StatusCode::BAD_REQUEST, "bad_request", e, lang).into_response()
                } else {
                    PageError::BadRequest(lang).into_response()
                })
            }
        }
    }
}
