//! A write is carried out once however often it arrives. Every form of the pages carries a one-time
//! submission token (`submission`, new with each page), and API clients may send an
//! `Idempotency-Key` header; a repeat of a write with the same key (a double click, a retry after a
//! lost answer) gets the answer of the first instead of making a second record. The keys and the
//! answers are kept by `hoptac_core::submissions`.
//!
//! A key belongs to whoever sent it (their session or token, hashed), to the address it was sent to
//! and to what was sent, so that two people's keys, one key sent to two addresses, or one key sent
//! again with other content (a form changed after going back) never meet.

use crate::cookies;
use crate::ctx::lang_of;
use crate::error::{ApiError, PageError};
use crate::ui::Tr;
use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hoptac_core::submissions::{self, Claim, Kept};
use sha2::{Digest, Sha256};

/// The form field that carries a page's one-time submission token.
pub const FORM_FIELD: &str = "submission";
/// The header that carries an API client's key.
pub const HEADER: &str = "idempotency-key";
/// The longest key accepted, in characters.
pub const KEY_MAX_CHARS: usize = 200;
/// The largest answer kept for a repeat, in bytes; a larger one is kept without its body.
const KEPT_BODY_MAX: usize = 256 * 1024;
/// How long a repeat waits for the first request to finish, in tenths of a second.
const WAIT_TENTHS: u32 = 50;

/// A new one-time submission token for the forms of a page.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    hex::encode(bytes)
}

#[derive(serde::Deserialize)]
struct SubmissionField {
    submission: Option<String>,
}

/// Carries a keyed write out once (see the module's note).
pub async fn once(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let writes = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if !writes {
        return next.run(request).await;
    }
    let lang = lang_of(request.headers());
    let (parts, body) = request.into_parts();
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let header_key = parts
        .headers
        .get(HEADER)
        .map(|v| v.to_str().unwrap_or("").to_owned());
    // A form's body is read here to find its token, and handed on unchanged.
    let (body, form_key) = if is_form && header_key.is_none() {
        match axum::body::to_bytes(body, crate::extract::BODY_LIMIT_MEGABYTES * 1024 * 1024).await {
            Ok(bytes) => {
                let key = serde_html_form::from_bytes::<SubmissionField>(&bytes)
                    .ok()
                    .and_then(|f| f.submission)
                    .filter(|k| !k.is_empty());
                (Body::from(bytes), key)
            }
            Err(_) => return PageError::TooLarge(lang).into_response(),
        }
    } else {
        (body, None)
    };
    let Some(raw) = header_key.or(form_key) else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    // The body belongs to the key too: a key sent again with other content is another request,
    // carried out, never answered with the first one's result (which would drop the new content).
    let bytes = match axum::body::to_bytes(body, crate::extract::BODY_LIMIT_MEGABYTES * 1024 * 1024).await {
        Ok(bytes) => bytes,
        Err(_) => return PageError::TooLarge(lang).into_response(),
    };
    let body = Body::from(bytes.clone());
    if raw.is_empty() || raw.chars().count() > KEY_MAX_CHARS || raw.chars().any(char::is_control) {
        let mut e = hoptac_core::FieldErrors::new();
        let detail = format!("1–{KEY_MAX_CHARS}, no control characters");
        e.add_with("Idempotency-Key", "malformed", vec![("detail", detail)]);
        return ApiError::fields(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", e, lang)
            .into_response();
    }
    let key = scoped_key(&parts, &raw, &bytes);
    let for_page = !parts.uri.path().starts_with("/api/");
    let (db, now) = (state.db().clone(), state.clock().now());
    let method = parts.method.to_string();
    let path = parts.uri.path().to_owned();
    let mut waited = 0;
    loop {
        match submissions::claim(&db, &key, &method, &path, now).await {
            Ok(Claim::First) => break,
            Ok(Claim::Done(kept)) => return replay(kept),
            Ok(Claim::InProgress) if waited < WAIT_TENTHS => {
                waited += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            // A page is answered with a page, the API in JSON: a form sent again while its first
            // sending is still carried out, or a database too busy to tell, is worth a retry.
            Ok(Claim::InProgress) if for_page => return PageError::Busy(lang).into_response(),
            Ok(Claim::InProgress) => {
                let message = Tr::new(lang).s("error-submission_in_progress");
                return ApiError {
                    lang,
                    ..ApiError::new(StatusCode::CONFLICT, "submission_in_progress", message)
                }
                .into_response();
            }
            Err(e) if for_page => return PageError::from_store(e, lang).into_response(),
            Err(e) => return crate::error::ApiError::from_store(e, lang).into_response(),
        }
    }
    let response = next.run(Request::from_parts(parts, body)).await;
    let status = response.status();
    // An answer that sets a cookie (a sign-in's session) is not kept: the cookie is a secret the
    // store must not hold, and a repeat without it would leave the person signed out. Such writes
    // (signing in or out, choosing a language) do no harm done twice.
    let sets_cookie = response.headers().contains_key(header::SET_COOKIE);
    if !(status.is_success() || status.is_redirection()) || sets_cookie {
        if let Err(e) = submissions::release(&db, &key).await {
            tracing::warn!(error = %e, "could not give a submission key back");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let kept = Kept {
        status: i32::from(status.as_u16()),
        location: text(header::LOCATION),
        content_type: text(header::CONTENT_TYPE),
        body: (bytes.len() <= KEPT_BODY_MAX)
            .then(|| String::from_utf8(bytes.to_vec()).ok())
            .flatten(),
    };
    if let Err(e) = submissions::keep(&db, &key, &kept).await {
        tracing::warn!(error = %e, "could not keep a submission's answer");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The key as stored: whoever sent it, where to, the key itself and what was sent, hashed together.
fn scoped_key(parts: &axum::http::request::Parts, raw: &str, body: &[u8]) -> String {
    let who = cookies::read(&parts.headers, cookies::SESSION)
        .or_else(|| {
            parts
                .headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let mut hash = Sha256::new();
    for part in [
        who.as_bytes(),
        parts.method.as_str().as_bytes(),
        parts.uri.path().as_bytes(),
        raw.as_bytes(),
        body,
    ] {
        hash.update(part);
        hash.update([0]);
    }
    hex::encode(hash.finalize())
}

/// The first request's answer, again.
fn replay(kept: Kept) -> Response {
    let status = u16::try_from(kept.status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = (status, Bytes::from(kept.body.unwrap_or_default())).into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::LOCATION, kept.location),
        (header::CONTENT_TYPE, kept.content_type),
    ] {
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(name, value);
        }
    }
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}
