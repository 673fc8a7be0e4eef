//! Signing in and out, by page and by API, and the language switch.

use crate::cookies;
use crate::ctx::Ctx;
use crate::error::StoreOutcome;
use crate::error::{ApiError, PageError};
use crate::extract::{ApiJson, HtmlForm, NoFields};
use crate::extract::{Path, Query};
use crate::ui::{Chrome, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use hoptac_core::roles::{self, GrantRecord};
use hoptac_core::users::{self, User, SESSION_HOURS};
use hoptac_core::Lang;
use hoptac_core::StoreError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

#[derive(Deserialize, Default)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The signed-in user, as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub is_admin: bool,
    /// The roles held now, each with its scope.
    pub roles: Vec<GrantRecord>,
}

impl Me {
    pub async fn of(state: &AppState, u: User, lang: Lang) -> Result<Me, ApiError> {
        let roles = roles::of_user(state.db(), u.id).await.or_api(lang)?;
        Ok(Me {
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            is_admin: u.is_admin,
            roles,
        })
    }
}

pub(crate) fn session_cookie(token: &str) -> String {
    cookies::session(token, SESSION_HOURS)
}

/// A path of this site to go on to, or the home page for anything else: another site (`//host`,
/// `/\\host`), and anything a browser could read as one once decoded (`/%09/host`: browsers drop
/// tabs and line breaks from addresses, so a path with any control character, or with one
/// percent-encoded, is not followed).
///
/// The path comes back as an address can carry it in a `Location` header: letters outside ASCII
/// and spaces percent-encoded.
pub(crate) fn safe_next(next: &str) -> String {
    /// What an address in a header may not hold as it is.
    const NOT_IN_AN_ADDRESS: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`');
    let decoded = percent_encoding::percent_decode_str(next).decode_utf8_lossy();
    let local = |path: &str| {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path.contains('\\')
            && !path.chars().any(char::is_control)
    };
    if local(next) && local(&decoded) {
        percent_encoding::utf8_percent_encode(next, NOT_IN_AN_ADDRESS).to_string()
    } else {
        "/".to_owned()
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    t: Tr,
    chrome: Chrome,
    next: String,
    username: String,
    /// Why the last attempt did not sign in.
    problem: Option<String>,
}

fn login_page_with(
    ctx: &Ctx,
    next: String,
    username: String,
    problem: Option<(StatusCode, String)>,
) -> Result<Response, PageError> {
    let status = problem.as_ref().map_or(StatusCode::OK, |(status, _)| *status);
    let page = LoginPage {
        t: Tr::new(ctx.lang),
        chrome: Chrome::new(ctx),
        next,
        username,
        problem: problem.map(|(_, m)| m),
    };
    let html = page
        .render()
        .map_err(|e| PageError::Internal(ctx.lang, e.to_string()))?;
    Ok((status, Html(html)).into_response())
}

pub async fn login_page(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    let next = q.next.unwrap_or_else(|| "/".into());
    login_page_with(&ctx, safe_next(&next), String::new(), None)
}

/// What came of a sign-in attempt.
enum SignIn {
    Opened {
        user: User,
        token: String,
    },
    WrongCredentials,
    /// Too many failures for the account or from the address: wait this many minutes.
    Throttled(i64),
}

/// The one way in, for pages and API alike: throttled per account and address (the attempt
/// counted before the password is checked), and on the audit trail either way.
async fn sign_in(state: &AppState, ctx: &Ctx, username: &str, password: &str) -> Result<SignIn, StoreError> {
    let now = state.clock().now();
    let throttle = state.login_throttle();
    if let Err(minutes) = throttle.begin(username, ctx.address, now) {
        return Ok(SignIn::Throttled(minutes));
    }
    match users::sign_in(&state.context(&ctx.actor()), username, password).await? {
        Some((user, token)) => {
            throttle.succeeded(username, ctx.address);
            Ok(SignIn::Opened { user, token })
        }
        None => Ok(SignIn::WrongCredentials),
    }
}

fn throttled_message(lang: Lang, minutes: i64) -> String {
    Tr::new(lang).f("auth-throttled", &[("minutes", &minutes)])
}

pub async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(form): HtmlForm<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(&form.next);
    match sign_in(&state, &ctx, &form.username, &form.password)
        .await
        .or_page(ctx.lang)?
    {
        SignIn::Opened { token, .. } => {
            let mut response = Redirect::to(&next).into_response();
            if let Ok(value) = session_cookie(&token).parse() {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            Ok(response)
        }
        SignIn::WrongCredentials => {
            let message = Tr::new(ctx.lang).s("auth-failed").to_owned();
            login_page_with(
                &ctx,
                next,
                form.username,
                Some((StatusCode::UNAUTHORIZED, message)),
            )
        }
        SignIn::Throttled(minutes) => {
            let message = throttled_message(ctx.lang, minutes);
            login_page_with(
                &ctx,
                next,
                form.username,
                Some((StatusCode::TOO_MANY_REQUESTS, message)),
            )
        }
    }
}

async fn end_session(state: &AppState, headers: &HeaderMap) {
    if let Some(token) = cookies::read(headers, cookies::SESSION) {
        if let Err(e) = users::close_session(state.db(), &token).await {
            tracing::warn!(error = %e, "could not close a session");
        }
    }
}

pub async fn logout_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    _: HtmlForm<NoFields>,
) -> Response {
    end_session(&state, &headers).await;
    (
        [(header::SET_COOKIE, cookies::session_ended())],
        Redirect::to("/"),
    )
        .into_response()
}

/// Remembers the language for a year and goes back.
pub async fn switch_language(Path(code): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let next = q.next.unwrap_or_else(|| "/".into());
    let cookie = cookies::language(lang.code());
    ([(header::SET_COOKIE, cookie)], Redirect::to(&safe_next(&next))).into_response()
}

/// Signs in and sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = Credentials,
    responses((status = 200, body = Me), (status = 401, body = crate::error::ErrorBody)))]
pub async fn api_login(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(c): ApiJson<Credentials>,
) -> Result<Response, ApiError> {
    let lang = ctx.lang;
    match sign_in(&state, &ctx, &c.username, &c.password)
        .await
        .or_api(lang)?
    {
        SignIn::Opened { user, token } => Ok((
            [(header::SET_COOKIE, session_cookie(&token))],
            Json(Me::of(&state, user, lang).await?),
        )
            .into_response()),
        SignIn::WrongCredentials => Err(ApiError {
            lang,
            ..ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                Tr::new(lang).s("auth-failed"),
            )
        }),
        SignIn::Throttled(minutes) => Err(ApiError {
            lang,
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                throttled_message(lang, minutes),
            )
        }),
    }
}

/// Ends the session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
pub async fn api_logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    end_session(&state, &headers).await;
    (
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, cookies::session_ended())],
    )
        .into_response()
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = crate::error::ErrorBody)))]
pub async fn api_me(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Me>, ApiError> {
    let user = ctx.api_user()?.clone();
    Ok(Json(Me::of(&state, user, ctx.lang).await?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next("/organisations?q=a"), "/organisations?q=a");
        assert_eq!(super::safe_next("//evil.example"), "/");
        assert_eq!(super::safe_next("https://evil.example"), "/");
        assert_eq!(super::safe_next("/\\evil"), "/");
        assert_eq!(super::safe_next("/\t/evil.example"), "/");
        assert_eq!(super::safe_next("/%09/evil.example"), "/");
        assert_eq!(super::safe_next("/%2F/evil.example"), "/");
        assert_eq!(super::safe_next("/%5Cevil.example"), "/");
        assert_eq!(super::safe_next("/reports?period=2024"), "/reports?period=2024");
        assert_eq!(
            super::safe_next("/organisations?q=hợp tác"),
            "/organisations?q=h%E1%BB%A3p%20t%C3%A1c"
        );
    }
}
