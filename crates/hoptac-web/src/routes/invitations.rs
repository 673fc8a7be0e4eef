//! Accounts are made by invitation: an administrator issues a one-time link for a person (shown to
//! pass on by e-mail, message or on paper), and the person chooses a username and password with it.
//! The same kind of link resets a forgotten password.

use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody, PageError, StoreOutcome};
use crate::extract::{ApiJson, HtmlForm, NoFields};
use crate::ui::{Chrome, FormErrors, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use hoptac_domain::numbers::format_date;
use hoptac_domain::FieldErrors;
use hoptac_store::invitations::{self, Invitation};
use hoptac_store::users;
use hoptac_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema, Default)]
pub struct NewInvitation {
    /// E-mail address or phone number the link will be passed on to.
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub display_name: String,
}

/// A link just issued: the address is in this answer only.
#[derive(Serialize, ToSchema)]
pub struct IssuedLink {
    #[serde(flatten)]
    pub invitation: Invitation,
    /// The one-time address to pass on, relative to the site (`/invite/...`).
    pub link: String,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct Acceptance {
    #[serde(default)]
    pub secret: String,
    /// For an invitation; ignored for a password reset.
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub password: String,
}

fn link_of(secret: &str) -> String {
    format!("/invite/{secret}")
}

/// A link just issued, as the API answers it.
fn issued_link((invitation, secret): (Invitation, String)) -> Response {
    (
        StatusCode::CREATED,
        Json(IssuedLink {
            invitation,
            link: link_of(&secret),
        }),
    )
        .into_response()
}

struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    is_admin: bool,
    created: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    t: Tr,
    chrome: Chrome,
    users: Vec<UserRow>,
    open: Vec<(String, String, String, String)>,
    issued: Option<(String, String)>,
    errors: FormErrors,
    input: NewInvitation,
}

async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    issued: Option<(String, String)>,
    input: NewInvitation,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    ctx.page_admin()?;
    let lang = ctx.lang;
    let t = Tr(lang);
    let all = users::list(state.db()).await.or_page(lang)?;
    let open = invitations::list_open(state.db(), state.clock().now())
        .await
        .or_page(lang)?;
    // The link shown in full, with this site's address, ready to copy.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    // Behind a TLS-terminating proxy the browser's address is https.
    let scheme = match headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) {
        Some("https") => "https",
        _ => "http",
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = UsersPage {
        t,
        chrome: Chrome::new(ctx),
        users: all
            .into_iter()
            .map(|u| UserRow {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                is_admin: u.is_admin,
                created: format_date(u.created_at.date_naive()),
            })
            .collect(),
        open: open
            .into_iter()
            .map(|i| {
                let kind = t.s(if i.kind == "reset" {
                    "users.kind_reset"
                } else {
                    "users.kind_invitation"
                });
                (
                    kind.to_owned(),
                    i.contact,
                    i.display_name,
                    format_date(i.expires_at.date_naive()),
                )
            })
            .collect(),
        issued: issued.map(|(what, link)| (what, format!("{scheme}://{host}{link}"))),
        errors: FormErrors::new(lang, errors),
        input,
    };
    let html = page
        .render()
        .map_err(|e| PageError::Internal(lang, e.to_string()))?;
    Ok((status, Html(html)).into_response())
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    users_page(
        &state,
        &ctx,
        &headers,
        None,
        NewInvitation::default(),
        FieldErrors::new(),
    )
    .await
}

pub async fn invite_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    HtmlForm(input): HtmlForm<NewInvitation>,
) -> Result<Response, PageError> {
    let admin = ctx.page_admin()?.clone();
    let result = invitations::invite(
        state.db(),
        &input.contact,
        &input.display_name,
        &admin,
        state.clock().now(),
    )
    .await;
    match result.or_form(ctx.lang)? {
        Ok((invitation, secret)) => {
            let issued = Some((invitation.contact, link_of(&secret)));
            users_page(
                &state,
                &ctx,
                &headers,
                issued,
                NewInvitation::default(),
                FieldErrors::new(),
            )
            .await
        }
        Err(errors) => users_page(&state, &ctx, &headers, None, input, errors).await,
    }
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(user_id): Path<i64>,
    _: HtmlForm<NoFields>,
) -> Result<Response, PageError> {
    let admin = ctx.page_admin()?.clone();
    let (invitation, secret) = invitations::reset_link(state.db(), user_id, &admin, state.clock().now())
        .await
        .or_page(ctx.lang)?;
    let issued = Some((invitation.display_name, link_of(&secret)));
    users_page(
        &state,
        &ctx,
        &headers,
        issued,
        NewInvitation::default(),
        FieldErrors::new(),
    )
    .await
}

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    t: Tr,
    chrome: Chrome,
    secret: String,
    is_reset: bool,
    display_name: String,
    username: String,
    errors: FormErrors,
}

async fn invite_page(
    state: &AppState,
    ctx: &Ctx,
    secret: &str,
    typed: Acceptance,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    // Unknown, used and expired links get the same page: nothing tells them apart.
    let Some(link) = invitations::open(state.db(), secret, state.clock().now())
        .await
        .or_page(lang)?
    else {
        return Err(PageError::LinkNotValid(lang));
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = InvitePage {
        t: Tr(lang),
        chrome: Chrome::new(ctx),
        secret: secret.to_owned(),
        is_reset: link.kind == "reset",
        display_name: if typed.display_name.is_empty() {
            link.display_name
        } else {
            typed.display_name
        },
        username: typed.username,
        errors: FormErrors::new(lang, errors),
    };
    let html = page
        .render()
        .map_err(|e| PageError::Internal(lang, e.to_string()))?;
    Ok((status, Html(html)).into_response())
}

pub async fn open_link(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(secret): Path<String>,
) -> Result<Response, PageError> {
    invite_page(&state, &ctx, &secret, Acceptance::default(), FieldErrors::new()).await
}

/// Uses a link and opens a session for the account it made or reset.
async fn accept_and_sign_in(
    state: &AppState,
    secret: &str,
    a: &Acceptance,
) -> Result<(i64, String), StoreError> {
    let now = state.clock().now();
    let user_id =
        invitations::accept(state.db(), secret, &a.username, &a.display_name, &a.password, now).await?;
    let token = users::open_session(state.db(), user_id, now).await?;
    Ok((user_id, token))
}

pub async fn accept_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(secret): Path<String>,
    HtmlForm(form): HtmlForm<Acceptance>,
) -> Result<Response, PageError> {
    match accept_and_sign_in(&state, &secret, &form).await {
        Ok((_, token)) => {
            let cookie = crate::routes::auth::session_cookie(&token);
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
        }
        // Unknown, used or expired: the same page for all three.
        Err(StoreError::NotFound) => Err(PageError::LinkNotValid(ctx.lang)),
        Err(StoreError::Validation(errors) | StoreError::Conflict(errors)) => {
            invite_page(&state, &ctx, &secret, form, errors).await
        }
        Err(other) => Err(PageError::from_store(other, ctx.lang)),
    }
}

/// Invites a person to create an account. Administrators only.
#[utoipa::path(post, path = "/api/v1/invitations", tag = "auth", request_body = NewInvitation,
    responses((status = 201, body = IssuedLink), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn api_invite(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<NewInvitation>,
) -> Result<Response, ApiError> {
    let admin = ctx.api_admin()?.clone();
    let issued = invitations::invite(
        state.db(),
        &input.contact,
        &input.display_name,
        &admin,
        state.clock().now(),
    )
    .await
    .or_api(ctx.lang)?;
    Ok(issued_link(issued))
}

/// Issues a one-time link with which a user sets a new password. Administrators only.
#[utoipa::path(post, path = "/api/v1/users/{id}/password-reset", tag = "auth",
    responses((status = 201, body = IssuedLink), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(user_id): Path<i64>,
) -> Result<Response, ApiError> {
    let admin = ctx.api_admin()?.clone();
    let issued = invitations::reset_link(state.db(), user_id, &admin, state.clock().now())
        .await
        .or_api(ctx.lang)?;
    Ok(issued_link(issued))
}

/// Uses a link: creates the invited account or sets the new password, and signs in.
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "auth", request_body = Acceptance,
    responses((status = 201, body = crate::routes::auth::Me), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_accept(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(a): ApiJson<Acceptance>,
) -> Result<Response, ApiError> {
    let lang = ctx.lang;
    let (user_id, token) = accept_and_sign_in(&state, &a.secret, &a)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError {
                lang,
                ..ApiError::new(
                    StatusCode::NOT_FOUND,
                    "link_not_valid",
                    Tr(lang).s("error.link_not_valid"),
                )
            },
            other => ApiError::from_store(other, lang),
        })?;
    let user = users::get(state.db(), user_id).await.or_api(lang)?;
    let cookie = crate::routes::auth::session_cookie(&token);
    Ok((
        StatusCode::CREATED,
        [(header::SET_COOKIE, cookie)],
        Json(crate::routes::auth::Me::from(user)),
    )
        .into_response())
}
