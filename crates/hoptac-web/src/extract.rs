//! Request bodies: HTML forms (with repeated keys for checkboxes) and JSON whose errors come back as
//! our own error body, naming what could not be read.

use crate::ctx::lang_of;
use crate::error::{ApiError, PageError};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
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
