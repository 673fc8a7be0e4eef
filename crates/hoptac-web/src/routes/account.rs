//! A user's own account: changing the password, and personal API tokens for integrations.

use crate::confirm::ConfirmedForm;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody, PageError, StoreOutcome};
use crate::extract::Path;
use crate::extract::{ApiJson, HtmlForm, NoFields};
use crate::ui::{Chrome, FormErrors, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use hoptac_core::users::{self, ApiToken};
use hoptac_core::FieldErrors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema, Default)]
pub struct PasswordChange {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
    /// Keep the account's API tokens working; by default a new password revokes them, since
    /// whoever had the old password may have made one.
    #[serde(default, deserialize_with = "hoptac_core::form::flag")]
    pub keep_tokens: bool,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct NewToken {
    #[serde(default)]
    pub name: String,
}

/// A token just created: the secret is shown this once.
#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub token: ApiToken,
    /// Send it as `Authorization: Bearer <secret>`. It is not stored and cannot be shown again.
    pub secret: String,
}

struct TokenRow {
    id: i64,
    name: String,
    prefix: String,
    created: String,
    last_used: String,
    revoked: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    t: Tr,
    chrome: Chrome,
    username: String,
    display_name: String,
    tokens: Vec<TokenRow>,
    new_secret: Option<String>,
    password_changed: bool,
    password_errors: FormErrors,
    token_errors: FormErrors,
    token_name: String,
}

/// What the account page shows besides the account itself.
#[derive(Default)]
struct Outcome {
    new_secret: Option<String>,
    password_changed: bool,
    password_errors: FieldErrors,
    token_errors: FieldErrors,
    token_name: String,
}

async fn account_page(state: &AppState, ctx: &Ctx, outcome: Outcome) -> Result<Response, PageError> {
    let user = ctx.page_user()?;
    let lang = ctx.lang;
    let tokens = users::tokens(state.db(), user.id).await.or_page(lang)?;
    let date = |d: Option<chrono::DateTime<chrono::Utc>>| {
        d.map(hoptac_core::numbers::format_day_of).unwrap_or_default()
    };
    let status = if outcome.password_errors.is_empty() && outcome.token_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = AccountPage {
        t: Tr::new(lang),
        chrome: Chrome::new(ctx),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        tokens: tokens
            .into_iter()
            .map(|t| TokenRow {
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                created: date(Some(t.created_at)),
                last_used: date(t.last_used_at),
                revoked: date(t.revoked_at),
            })
            .collect(),
        new_secret: outcome.new_secret,
        password_changed: outcome.password_changed,
        password_errors: FormErrors::new(lang, outcome.password_errors),
        token_errors: FormErrors::new(lang, outcome.token_errors),
        token_name: outcome.token_name,
    };
    let html = page
        .render()
        .map_err(|e| PageError::Internal(lang, e.to_string()))?;
    Ok((status, Html(html)).into_response())
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    account_page(&state, &ctx, Outcome::default()).await
}

pub async fn change_password_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    HtmlForm(form): HtmlForm<PasswordChange>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let session = crate::cookies::read(&headers, crate::cookies::SESSION);
    let result = users::change_password(
        &state.context(&actor),
        &form.current_password,
        &form.new_password,
        session.as_deref(),
        form.keep_tokens,
    )
    .await;
    let outcome = match result.or_form(ctx.lang)? {
        Ok(()) => Outcome {
            password_changed: true,
            ..Default::default()
        },
        Err(errors) => Outcome {
            password_errors: errors,
            ..Default::default()
        },
    };
    account_page(&state, &ctx, outcome).await
}

pub async fn create_token_form(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(form): HtmlForm<NewToken>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let outcome = match users::create_token(&state.context(&actor), &form.name)
        .await
        .or_form(ctx.lang)?
    {
        Ok((_, secret)) => Outcome {
            new_secret: Some(secret),
            ..Default::default()
        },
        Err(errors) => Outcome {
            token_errors: errors,
            token_name: form.name,
            ..Default::default()
        },
    };
    account_page(&state, &ctx, outcome).await
}

pub async fn revoke_token_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _: ConfirmedForm<NoFields>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    users::revoke_token(&state.context(&actor), id)
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to("/account#tokens").into_response())
}

/// Changes the signed-in user's password; the user's other sessions are closed.
#[utoipa::path(post, path = "/api/v1/account/password", tag = "auth", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiJson(change): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    let session = crate::cookies::read(&headers, crate::cookies::SESSION);
    users::change_password(
        &state.context(&actor),
        &change.current_password,
        &change.new_password,
        session.as_deref(),
        change.keep_tokens,
    )
    .await
    .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user's personal API tokens.
#[utoipa::path(get, path = "/api/v1/account/tokens", tag = "auth",
    responses((status = 200, body = Vec<ApiToken>), (status = 401, body = ErrorBody)))]
pub async fn api_tokens(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<ApiToken>>, ApiError> {
    let user = ctx.api_user()?;
    Ok(Json(users::tokens(state.db(), user.id).await.or_api(ctx.lang)?))
}

/// Creates a personal API token; the secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/account/tokens", tag = "auth", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(new): ApiJson<NewToken>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?;
    let (token, secret) = users::create_token(&state.context(&actor), &new.name)
        .await
        .or_api(ctx.lang)?;
    Ok((StatusCode::CREATED, Json(CreatedToken { token, secret })).into_response())
}

/// Revokes one of the signed-in user's tokens, from the next request on.
#[utoipa::path(delete, path = "/api/v1/account/tokens/{id}", tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    users::revoke_token(&state.context(&actor), id)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}
