//! People and their roles. Accounts are made by invitation: an administrator or an officer issues
//! a one-time link for a person, carrying the role they will hold (shown to pass on by e-mail,
//! message or on paper), and the person chooses a username and password with it. The same kind of
//! link resets a forgotten password. Roles are granted to existing accounts and revoked here too.

use crate::confirm::ConfirmedForm;
use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody, PageError, StoreOutcome};
use crate::extract::{ApiJson, HtmlForm, NoFields};
use crate::extract::{Path, Query};
use crate::ui::{Chrome, FormErrors, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use hoptac_core::access::{GrantInput, Role, ScopeKind};
use hoptac_core::admin::Era;
use hoptac_core::invitations::{self, Invitation};
use hoptac_core::numbers::format_date;
use hoptac_core::roles::{self, GrantRecord, NewGrant};
use hoptac_core::StoreError;
use hoptac_core::{admin_units, users};
use hoptac_core::{FieldErrors, Lang};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An invitation: who it is for and the role they will hold.
#[derive(Deserialize, ToSchema, Default, Clone)]
pub struct NewInvitation {
    /// E-mail address or phone number the link will be passed on to.
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub display_name: String,
    /// The role the person receives on accepting; administrators may leave `role` empty.
    #[serde(flatten)]
    pub role: GrantInput,
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

/// A role and where it applies, in words.
pub fn grant_text(g: &GrantRecord, lang: Lang) -> String {
    let t = Tr::new(lang);
    let scope = match g.scope {
        hoptac_core::access::Scope::Country => t.s("access-whole_country").to_owned(),
        _ => g.scope_name.clone(),
    };
    format!("{} — {}", g.role.label(lang), scope)
}

/// Who holds a grant: the account's name and username, or a note that the invitation waits.
pub fn holder_text(g: &GrantRecord, lang: Lang) -> String {
    match (&g.display_name, &g.username) {
        (Some(name), Some(username)) => format!("{name} ({username})"),
        _ => Tr::new(lang).s("access-pending").to_owned(),
    }
}

struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    is_admin: bool,
    roles: Vec<String>,
    created: String,
}

struct GrantRow {
    id: i64,
    holder: String,
    role: String,
    granted: String,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    t: Tr,
    chrome: Chrome,
    /// Administrators see every account.
    users: Vec<UserRow>,
    grants: Vec<GrantRow>,
    open: Vec<(String, String, String, String, String)>,
    issued: Option<(String, String)>,
    roles: Vec<(&'static str, &'static str)>,
    provinces: Vec<(String, String)>,
    invite_errors: FormErrors,
    invite: NewInvitation,
    grant_errors: FormErrors,
    grant: NewGrant,
}

/// What the people page keeps from a rejected form.
#[derive(Default)]
struct Typed {
    invite: NewInvitation,
    invite_errors: FieldErrors,
    grant: NewGrant,
    grant_errors: FieldErrors,
}

/// The people page: invite, grant and revoke roles; administrators also see every account. For
/// anyone who grants nothing it does not exist.
async fn users_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    issued: Option<(String, String)>,
    typed: Typed,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let lang = ctx.lang;
    if !ctx.access.grants_anything() {
        return Err(PageError::NotFound(lang));
    }
    let t = Tr::new(lang);
    let db = state.db();
    let actor = ctx.actor();
    let manageable = roles::manageable(db, &actor).await.or_page(lang)?;
    let mut users_rows = Vec::new();
    if ctx.access.admin {
        // An administrator manages every grant, so each account's roles are among them.
        let mut held: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
        for g in &manageable {
            if let Some(user_id) = g.user_id {
                held.entry(user_id).or_default().push(grant_text(g, lang));
            }
        }
        for u in users::list(db, &actor).await.or_page(lang)? {
            let roles = held.remove(&u.id).unwrap_or_default();
            users_rows.push(UserRow {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                is_admin: u.is_admin,
                roles,
                created: hoptac_core::numbers::format_day_of(u.created_at),
            });
        }
    }
    let grants = manageable
        .into_iter()
        .map(|g| GrantRow {
            id: g.id,
            holder: holder_text(&g, lang),
            role: grant_text(&g, lang),
            granted: hoptac_core::numbers::format_day_of(g.granted_at),
        })
        .collect();
    let open = invitations::list_open(db, &actor, state.clock().now())
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
    let status = if typed.invite_errors.is_empty() && typed.grant_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    // The roles this person can hand out somewhere; council members are assigned in their round.
    let roles = Role::ALL
        .iter()
        .filter(|r| r.scope_kind() != ScopeKind::Round)
        .filter(|r| ctx.access.admin || ctx.access.grants.iter().any(|g| r.granted_by().contains(&g.role)))
        .map(|r| (r.as_str(), r.label(lang)))
        .collect();
    let provinces = if ctx.access.admin {
        admin_units::provinces(db, Era::Y2025)
            .await
            .or_page(lang)?
            .into_iter()
            .map(|p| (p.code, p.name))
            .collect()
    } else {
        Vec::new()
    };
    let page = UsersPage {
        t,
        chrome: Chrome::new(ctx),
        users: users_rows,
        grants,
        open: open
            .into_iter()
            .map(|i| {
                let kind = t.s(if i.kind == "reset" {
                    "users-kind_reset"
                } else {
                    "users-kind_invitation"
                });
                let role = i
                    .grants
                    .iter()
                    .map(|g| grant_text(g, lang))
                    .collect::<Vec<_>>()
                    .join("; ");
                (
                    kind.to_owned(),
                    i.contact,
                    i.display_name,
                    role,
                    format_date(i.expires_at.date_naive()),
                )
            })
            .collect(),
        issued: issued.map(|(what, link)| (what, format!("{scheme}://{host}{link}"))),
        roles,
        provinces,
        invite_errors: FormErrors::new(lang, typed.invite_errors),
        invite: typed.invite,
        grant_errors: FormErrors::new(lang, typed.grant_errors),
        grant: typed.grant,
    };
    let html = page
        .render()
        .map_err(|e| PageError::Internal(lang, e.to_string()))?;
    Ok((status, Html(html)).into_response())
}

/// The fields a link to the people page may fill in ahead: `/users?organisation_id=12&role=manager`
/// from an organisation's page.
#[derive(Deserialize, Default)]
pub struct Prefill {
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisation_id: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(prefill): Query<Prefill>,
) -> Result<Response, PageError> {
    let role = GrantInput {
        role: prefill.role,
        organisation_id: prefill.organisation_id,
        ..GrantInput::default()
    };
    let typed = Typed {
        invite: NewInvitation {
            role: role.clone(),
            ..NewInvitation::default()
        },
        grant: NewGrant {
            grant: role,
            ..NewGrant::default()
        },
        ..Typed::default()
    };
    users_page(&state, &ctx, &headers, None, typed).await
}

pub async fn invite_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    HtmlForm(input): HtmlForm<NewInvitation>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let result = invitations::invite(
        &state.context(&actor),
        &input.contact,
        &input.display_name,
        &input.role,
    )
    .await;
    match result.or_form(ctx.lang)? {
        Ok((invitation, secret)) => {
            let issued = Some((invitation.contact, link_of(&secret)));
            users_page(&state, &ctx, &headers, issued, Typed::default()).await
        }
        Err(errors) => {
            let typed = Typed {
                invite: input,
                invite_errors: errors,
                ..Typed::default()
            };
            users_page(&state, &ctx, &headers, None, typed).await
        }
    }
}

pub async fn grant_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    HtmlForm(input): HtmlForm<NewGrant>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match roles::grant(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(Redirect::to("/users#roles").into_response()),
        Err(errors) => {
            let typed = Typed {
                grant: input,
                grant_errors: errors,
                ..Typed::default()
            };
            users_page(&state, &ctx, &headers, None, typed).await
        }
    }
}

/// Where to go back to after revoking: a path of this site, else the people page.
#[derive(Deserialize, Default)]
pub struct BackTo {
    #[serde(default)]
    next: String,
}

pub async fn revoke_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(grant_id): Path<i64>,
    ConfirmedForm(back): ConfirmedForm<BackTo>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    roles::revoke(&state.context(&actor), grant_id)
        .await
        .or_page(ctx.lang)?;
    let target = match crate::routes::auth::safe_next(&back.next) {
        home if home == "/" => "/users#roles".to_owned(),
        local => local,
    };
    Ok(Redirect::to(&target).into_response())
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(user_id): Path<i64>,
    _: HtmlForm<NoFields>,
) -> Result<Response, PageError> {
    ctx.page_admin()?;
    let (invitation, secret) = invitations::reset_link(&state.context(&ctx.actor()), user_id)
        .await
        .or_page(ctx.lang)?;
    let issued = Some((invitation.display_name, link_of(&secret)));
    users_page(&state, &ctx, &headers, issued, Typed::default()).await
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
        t: Tr::new(lang),
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
async fn accept(
    state: &AppState,
    ctx: &Ctx,
    secret: &str,
    a: &Acceptance,
) -> Result<(i64, String), StoreError> {
    let cx = state.context(&ctx.actor());
    invitations::accept(&cx, secret, &a.username, &a.display_name, &a.password).await
}

pub async fn accept_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(secret): Path<String>,
    HtmlForm(form): HtmlForm<Acceptance>,
) -> Result<Response, PageError> {
    match accept(&state, &ctx, &secret, &form).await {
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

/// Invites a person to create an account with a role: administrators any role (or none),
/// officers the roles they may grant inside their scope.
#[utoipa::path(post, path = "/api/v1/invitations", tag = "auth", request_body = NewInvitation,
    responses((status = 201, body = IssuedLink), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn api_invite(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<NewInvitation>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?;
    let issued = invitations::invite(
        &state.context(&actor),
        &input.contact,
        &input.display_name,
        &input.role,
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
    ctx.api_admin()?;
    let issued = invitations::reset_link(&state.context(&ctx.actor()), user_id)
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
    let (user_id, token) = accept(&state, &ctx, &a.secret, &a).await.map_err(|e| match e {
        StoreError::NotFound => ApiError {
            lang,
            ..ApiError::new(
                StatusCode::NOT_FOUND,
                "link_not_valid",
                Tr::new(lang).s("error-link_not_valid"),
            )
        },
        other => ApiError::from_store(other, lang),
    })?;
    let user = users::get(state.db(), user_id).await.or_api(lang)?;
    let cookie = crate::routes::auth::session_cookie(&token);
    Ok((
        StatusCode::CREATED,
        [(header::SET_COOKIE, cookie)],
        Json(crate::routes::auth::Me::of(&state, user, lang).await?),
    )
        .into_response())
}

/// The roles held now that the caller may revoke: every one for an administrator, those inside
/// an officer's scope for an officer.
#[utoipa::path(get, path = "/api/v1/grants", tag = "auth",
    responses((status = 200, body = Vec<GrantRecord>), (status = 401, body = ErrorBody)))]
pub async fn api_grants(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<GrantRecord>>, ApiError> {
    let actor = ctx.api_actor()?;
    Ok(Json(
        roles::manageable(state.db(), &actor).await.or_api(ctx.lang)?,
    ))
}

/// Grants a role to an account; the holder has it from their next request.
#[utoipa::path(post, path = "/api/v1/grants", tag = "auth", request_body = NewGrant,
    responses((status = 201, body = GrantRecord), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn api_grant(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<NewGrant>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?;
    let id = roles::grant(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let record = roles::get(state.db(), id).await.or_api(ctx.lang)?;
    Ok((StatusCode::CREATED, Json(record)).into_response())
}

/// Revokes a role; the holder loses it at their next request.
#[utoipa::path(delete, path = "/api/v1/grants/{id}", tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    roles::revoke(&state.context(&actor), id).await.or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who manages an organisation: accounts and pending invitations, for those who may read its
/// full record.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/grants", tag = "auth",
    responses((status = 200, body = Vec<GrantRecord>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_organisation_grants(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<GrantRecord>>, ApiError> {
    let actor = ctx.api_actor()?;
    Ok(Json(
        roles::of_organisation(state.db(), &actor, id)
            .await
            .or_api(ctx.lang)?,
    ))
}
