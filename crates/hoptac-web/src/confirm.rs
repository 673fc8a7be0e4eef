//! Asking before what cannot be undone: deleting a year's figures or a member, withdrawing an OCOP
//! application, revoking a role or a token, deleting an entered figure or a template. Such a form
//! is received as [`ConfirmedForm`]: unless it carries `confirmed=yes`, nothing is done and the
//! person gets a page that says what would happen, with a button that sends the same form again
//! confirmed and a way back. With JavaScript the page asks in a dialog first (`app.js`, from the
//! question the form carries in `data-confirm-question`) and sends the form confirmed, so the
//! extra page is only seen without it. The API is not asked: its callers are programs that decided
//! already. The template macro `_confirm.html` writes what a form needs.
//!
//! The form names its question with the field `confirm` (a key of the words, `confirm-…`) and the
//! record it acts on with `confirm_subject`; both only shape the question: whether the action is
//! carried out depends on `confirmed` alone.

use crate::ctx::{lang_of, Ctx};
use crate::error::PageError;
use crate::extract::{form_from_pairs, form_pairs};
use crate::ui::{Chrome, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::de::DeserializeOwned;

/// The field a confirmed form carries, with the value [`YES`].
pub const FIELD: &str = "confirmed";
/// The value of [`FIELD`] that confirms.
pub const YES: &str = "yes";

/// A form's fields as `T`, received only once confirmed (see the module's note).
pub struct ConfirmedForm<T>(pub T);

/// The page that asks.
#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    t: Tr,
    chrome: Chrome,
    question: String,
    subject: String,
    /// The page the removal leads to offers its undo.
    undoable: bool,
    action: String,
    /// The form's own fields, sent again with the confirmation (not its tokens: the page's own go).
    fields: Vec<(String, String)>,
    back: String,
}

/// The words of the question a form names, if they are a question's: another key asks the general
/// question, so a form cannot put arbitrary words of the catalogue in the page's heading.
fn question(t: &Tr, key: Option<&str>) -> String {
    key.filter(|k| k.starts_with("confirm-q-"))
        .and_then(|k| hoptac_core::i18n::text(t.lang(), k))
        .unwrap_or_else(|| t.s("confirm-q-generic"))
        .to_owned()
}

impl<T: DeserializeOwned> FromRequest<AppState> for ConfirmedForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = lang_of(req.headers());
        let (mut parts, body) = req.into_parts();
        let ctx = Ctx::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let action = parts.uri.path().to_owned();
        let pairs = form_pairs(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        if field(FIELD) == Some(YES) {
            return form_from_pairs(&pairs, lang)
                .map(ConfirmedForm)
                .map_err(IntoResponse::into_response);
        }
        let t = Tr::new(lang);
        // Back to the page the form was on; a browser that does not say which goes home.
        let sent_from = Some(ctx.here.as_str()).filter(|here| !here.starts_with(&action));
        let back = crate::routes::auth::safe_next(field("next").or(sent_from).unwrap_or("/"));
        let page = ConfirmPage {
            t,
            chrome: Chrome::new(&ctx),
            question: question(&t, field("confirm")),
            subject: field("confirm_subject").unwrap_or_default().to_owned(),
            undoable: field("confirm_undoable") == Some(YES),
            action,
            fields: pairs
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "csrf_token" | "submission" | FIELD))
                .cloned()
                .collect(),
            back,
        };
        Err(match page.render() {
            Ok(html) => (StatusCode::OK, Html(html)).into_response(),
            Err(e) => PageError::Internal(lang, e.to_string()).into_response(),
        })
    }
}
