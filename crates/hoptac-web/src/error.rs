//! Errors as the user sees them: JSON with a machine-readable code for the API, a page in the user's
//! language for the browser. Internal errors are logged with their detail and shown without it.

use crate::ui::Tr;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use hoptac_core::i18n::error_message;
use hoptac_core::StoreError;
use hoptac_core::{FieldErrors, Lang};
use serde::Serialize;

/// An error of the JSON API.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Option<FieldErrors>,
    pub lang: Lang,
}

/// The JSON body of every API error.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// `validation_failed`, `conflict`, `not_found`, `forbidden`, `unauthenticated`, `bad_request`,
    /// `stale` (the record changed since it was read), `too_large`, `unsupported_media_type`,
    /// `too_many_attempts`, `busy` or `internal`.
    pub code: String,
    pub message: String,
    /// One entry per failing field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMessage>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldMessage {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            fields: None,
            lang: Lang::Vi,
        }
    }

    pub fn not_found(lang: Lang) -> ApiError {
        ApiError {
            lang,
            ..ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                Tr::new(lang).s("error-not_found"),
            )
        }
    }

    pub fn forbidden(lang: Lang) -> ApiError {
        ApiError {
            lang,
            ..ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                Tr::new(lang).s("error-forbidden"),
            )
        }
    }

    pub fn unauthenticated(lang: Lang) -> ApiError {
        ApiError {
            lang,
            ..ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                Tr::new(lang).s("error-sign_in_required"),
            )
        }
    }

    /// A body in another format than JSON.
    pub fn unsupported_media_type(lang: Lang) -> ApiError {
        ApiError {
            lang,
            ..ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                Tr::new(lang).s("error-unsupported_media_type"),
            )
        }
    }

    /// A body over [`crate::extract::BODY_LIMIT_MEGABYTES`].
    pub fn too_large(lang: Lang) -> ApiError {
        ApiError {
            lang,
            ..ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                too_large_message(lang),
            )
        }
    }

    pub fn fields(status: StatusCode, code: &'static str, fields: FieldErrors, lang: Lang) -> ApiError {
        let message = hoptac_core::i18n::errors_message(&fields, lang);
        ApiError {
            status,
            code,
            message,
            fields: Some(fields),
            lang,
        }
    }

    pub fn from_store(error: StoreError, lang: Lang) -> ApiError {
        match error {
            StoreError::Validation(f) => {
                ApiError::fields(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", f, lang)
            }
            StoreError::Conflict(f) => ApiError::fields(StatusCode::CONFLICT, "conflict", f, lang),
            StoreError::Stale { current } => {
                ApiError::fields(StatusCode::CONFLICT, "stale", stale(current), lang)
            }
            StoreError::NotFound => ApiError::not_found(lang),
            StoreError::Forbidden => ApiError::forbidden(lang),
            StoreError::Busy => ApiError {
                lang,
                ..ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    Tr::new(lang).s("error-busy"),
                )
            },
            other => ApiError::internal(lang, &other.to_string()),
        }
    }

    /// A failure that is not the asker's: logged with its detail, answered without it.
    pub fn internal(lang: Lang, detail: &str) -> ApiError {
        tracing::error!(error = %detail, "request failed");
        ApiError {
            lang,
            ..ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                Tr::new(lang).s("error-internal"),
            )
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let lang = self.lang;
        let fields = self
            .fields
            .map(|f| {
                f.iter()
                    .map(|e| FieldMessage {
                        field: e.field.clone(),
                        code: e.code.to_owned(),
                        message: error_message(e, lang),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
                fields,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        retry_soon(&mut response);
        response
    }
}

/// How long a client should wait before trying a busy database again, in seconds.
pub const RETRY_AFTER_SECONDS: u32 = 2;

/// A 503 says when to come back.
fn retry_soon(response: &mut Response) {
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS.into());
    }
}

/// A write from an old version, as the error of its `version` (or `If-Match`).
fn stale(current: i64) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.add_with("version", "stale", vec![("current", current.to_string())]);
    errors
}

fn too_large_message(lang: Lang) -> String {
    Tr::new(lang).f(
        "error-too_large",
        &[
            ("megabytes", &crate::extract::BODY_LIMIT_MEGABYTES),
            ("upload", &crate::extract::UPLOAD_LIMIT_MEGABYTES),
        ],
    )
}

/// An error while serving a page.
#[derive(Debug)]
pub enum PageError {
    NotFound(Lang),
    /// The user sees the record but may not do this to it.
    Forbidden(Lang),
    /// A form without this site's anti-forgery token.
    FormNotAccepted(Lang),
    /// An invitation or reset link that is unknown, used or expired (not told apart).
    LinkNotValid(Lang),
    /// A request body that is not a form.
    BadRequest(Lang),
    /// A request body over [`crate::extract::BODY_LIMIT_MEGABYTES`].
    TooLarge(Lang),
    /// The database could not take the work now: try again in a moment (503).
    Busy(Lang),
    /// An address that does not take this method.
    MethodNotAllowed(Lang),
    /// What was asked breaks a rule (422) or clashes with the records as they stand (409), outside
    /// a form that could show it again: a page that names every reason, as the API does.
    Refused {
        lang: Lang,
        status: StatusCode,
        errors: FieldErrors,
    },
    /// A write was attempted without signing in: go to the sign-in page, then back.
    SignIn {
        next: String,
    },
    Internal(Lang, String),
}

impl PageError {
    /// The same refusal as the API answers it: a form's reasons become the fields of a 422, a
    /// body that is not a form a 400.
    pub fn into_api(self, lang: Lang) -> ApiError {
        match self {
            PageError::Refused { status, errors, .. } => {
                ApiError::fields(status, "validation_failed", errors, lang)
            }
            PageError::TooLarge(_) => ApiError::too_large(lang),
            PageError::FormNotAccepted(_) => ApiError::forbidden(lang),
            PageError::NotFound(_) => ApiError::not_found(lang),
            PageError::Forbidden(_) => ApiError::forbidden(lang),
            _ => ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                Tr::new(lang).s("error-bad_request"),
            ),
        }
    }

    pub fn from_store(error: StoreError, lang: Lang) -> PageError {
        match error {
            StoreError::NotFound => PageError::NotFound(lang),
            StoreError::Forbidden => PageError::Forbidden(lang),
            StoreError::Validation(errors) => PageError::Refused {
                lang,
                status: StatusCode::UNPROCESSABLE_ENTITY,
                errors,
            },
            StoreError::Conflict(errors) => PageError::Refused {
                lang,
                status: StatusCode::CONFLICT,
                errors,
            },
            StoreError::Busy => PageError::Busy(lang),
            StoreError::Stale { current } => PageError::Refused {
                lang,
                status: StatusCode::CONFLICT,
                errors: stale(current),
            },
            other => PageError::Internal(lang, other.to_string()),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    t: Tr,
    title: &'static str,
    message: String,
    /// The reasons of a refusal, one per failing field.
    reasons: Vec<String>,
    status: u16,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut reasons = Vec::new();
        let (status, lang, title, message) = match self {
            PageError::SignIn { next } => {
                let target = format!("/login?next={}", crate::ui::url_encode(&next));
                return Redirect::to(&target).into_response();
            }
            PageError::NotFound(lang) => (
                StatusCode::NOT_FOUND,
                lang,
                "error-not_found_title",
                "error-not_found",
            ),
            PageError::Forbidden(lang) => (
                StatusCode::FORBIDDEN,
                lang,
                "error-forbidden_title",
                "error-forbidden",
            ),
            PageError::FormNotAccepted(lang) => (
                StatusCode::FORBIDDEN,
                lang,
                "error-form_not_accepted_title",
                "error-form_not_accepted",
            ),
            PageError::LinkNotValid(lang) => (
                StatusCode::NOT_FOUND,
                lang,
                "error-link_not_valid_title",
                "error-link_not_valid",
            ),
            PageError::BadRequest(lang) => (
                StatusCode::BAD_REQUEST,
                lang,
                "error-bad_request_title",
                "error-bad_request",
            ),
            PageError::TooLarge(lang) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                lang,
                "error-too_large_title",
                "error-too_large",
            ),
            PageError::Busy(lang) => (
                StatusCode::SERVICE_UNAVAILABLE,
                lang,
                "error-busy_title",
                "error-busy",
            ),
            PageError::MethodNotAllowed(lang) => (
                StatusCode::METHOD_NOT_ALLOWED,
                lang,
                "error-method_not_allowed_title",
                "error-method_not_allowed",
            ),
            PageError::Refused { lang, status, errors } => {
                reasons = errors.iter().map(|e| error_message(e, lang)).collect();
                (status, lang, "error-refused_title", "error-refused")
            }
            PageError::Internal(lang, detail) => {
                tracing::error!(error = %detail, "page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    lang,
                    "error-internal_title",
                    "error-internal",
                )
            }
        };
        let t = Tr::new(lang);
        let page = ErrorPage {
            t,
            title: t.s(title),
            message: if status == StatusCode::PAYLOAD_TOO_LARGE {
                too_large_message(lang)
            } else {
                t.s(message).to_owned()
            },
            reasons,
            status: status.as_u16(),
        };
        let mut response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => status.into_response(),
        };
        retry_soon(&mut response);
        response
    }
}

/// Turns a store result into what a page or an API handler returns.
pub trait StoreOutcome<T> {
    /// Any store error as an API error.
    fn or_api(self, lang: Lang) -> Result<T, ApiError>;
    /// Any store error as a page error.
    fn or_page(self, lang: Lang) -> Result<T, PageError>;
    /// For a form: input the store refused (`Ok(Err(errors))`) goes back to the form with its
    /// messages; anything else is a page error.
    fn or_form(self, lang: Lang) -> Result<Result<T, FieldErrors>, PageError>;
}

impl<T> StoreOutcome<T> for Result<T, StoreError> {
    fn or_api(self, lang: Lang) -> Result<T, ApiError> {
        self.map_err(|e| ApiError::from_store(e, lang))
    }

    fn or_page(self, lang: Lang) -> Result<T, PageError> {
        self.map_err(|e| PageError::from_store(e, lang))
    }

    fn or_form(self, lang: Lang) -> Result<Result<T, FieldErrors>, PageError> {
        match self {
            Ok(value) => Ok(Ok(value)),
            Err(StoreError::Validation(e) | StoreError::Conflict(e)) => Ok(Err(e)),
            Err(other) => Err(PageError::from_store(other, lang)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_database_is_a_503_that_says_when_to_come_back() {
        for response in [
            ApiError::from_store(StoreError::Busy, Lang::Vi).into_response(),
            PageError::from_store(StoreError::Busy, Lang::Vi).into_response(),
        ] {
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(response.headers()[axum::http::header::RETRY_AFTER], "2");
        }
    }
}
