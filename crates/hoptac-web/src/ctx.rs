//! Who is asking, with what rights, and in which language: read from the session cookie (or an
//! API token), the person's roles as they stand now, the `lang` cookie and `Accept-Language`, once
//! per request.

use crate::error::{ApiError, PageError};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use hoptac_core::access::Access;
use hoptac_core::audit::Actor;
use hoptac_core::users::{self, User};
use hoptac_core::Lang;

/// The request's language, user and address, for handlers of pages and API alike.
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<User>,
    /// What the user may do, read afresh on every request so that a revoked role is gone at once.
    pub access: Access,
    /// Path and query, to come back to after signing in.
    pub here: String,
    /// The anti-forgery token for the page's forms.
    pub csrf: String,
    /// Where the request came from (the peer's address).
    pub address: Option<std::net::IpAddr>,
    /// The areas' navigation links this person sees, as (address, label).
    pub nav: Vec<(&'static str, &'static str)>,
    /// The notifications this person has not read, when it acts for an organisation.
    pub unread: Option<i64>,
}

impl Ctx {
    /// The signed-in user, or a redirect to the sign-in page.
    pub fn page_user(&self) -> Result<&User, PageError> {
        self.user.as_ref().ok_or_else(|| PageError::SignIn {
            next: self.here.clone(),
        })
    }

    /// The signed-in user, or 401.
    pub fn api_user(&self) -> Result<&User, ApiError> {
        self.user
            .as_ref()
            .ok_or_else(|| ApiError::unauthenticated(self.lang))
    }

    /// The signed-in administrator. For anyone else an administrators' page does not exist: 404,
    /// or the sign-in page for a visitor.
    pub fn page_admin(&self) -> Result<&User, PageError> {
        let user = self.page_user()?;
        if user.is_admin {
            Ok(user)
        } else {
            Err(PageError::NotFound(self.lang))
        }
    }

    /// The signed-in administrator, or 401 for a visitor and 404 for anyone else.
    pub fn api_admin(&self) -> Result<&User, ApiError> {
        let user = self.api_user()?;
        if user.is_admin {
            Ok(user)
        } else {
            Err(ApiError::not_found(self.lang))
        }
    }

    /// Who asks, for the store's checks and the audit trail: the signed-in user or a visitor,
    /// from this address.
    pub fn actor(&self) -> Actor {
        let address = self.address.map(|a| a.to_string());
        match &self.user {
            Some(user) => Actor {
                user_id: Some(user.id),
                name: user.username.clone(),
                address,
                access: self.access.clone(),
            },
            None => Actor::visitor(address),
        }
    }

    /// The writer of a form, or a redirect to the sign-in page.
    pub fn page_actor(&self) -> Result<Actor, PageError> {
        self.page_user().map(|_| self.actor())
    }

    /// The writer of an API request, or 401.
    pub fn api_actor(&self) -> Result<Actor, ApiError> {
        self.api_user().map(|_| self.actor())
    }
}

/// The page on this site a form was sent from, as the browser names it (`Referer`, which the
/// referrer policy `same-origin` sends to this site only).
fn page_sent_from(headers: &HeaderMap) -> Option<String> {
    let referer: axum::http::Uri = headers.get(header::REFERER)?.to_str().ok()?.parse().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    if referer.authority()?.as_str() != host {
        return None;
    }
    referer.path_and_query().map(|p| p.as_str().to_owned())
}

/// Puts the deployment's language ([`crate::Settings::language`]) in the place of the browser's
/// first choice for every page, before anything reads it; the language switch's cookie still wins
/// ([`lang_of`]), and the API keeps the caller's `Accept-Language`.
pub async fn site_language(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if let Some(lang) = state.settings().language {
        if !request.uri().path().starts_with("/api/") {
            request.headers_mut().insert(
                header::ACCEPT_LANGUAGE,
                axum::http::HeaderValue::from_static(lang.code()),
            );
        }
    }
    next.run(request).await
}

/// The language from the cookie, else the browser's first choice we speak, else Vietnamese.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    if let Some(lang) = crate::cookies::read(headers, crate::cookies::LANGUAGE)
        .as_deref()
        .and_then(Lang::parse)
    {
        return lang;
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',')
                .find_map(|part| Lang::parse(part.split(';').next().unwrap_or("")))
        })
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = lang_of(&parts.headers);
        // An integration's personal token, or else a browser's session cookie. A request that names
        // a token acts as the token's holder or no one: uploads trusted for carrying a bearer token
        // (see `extract::ApiUpload`) never act on a cookie sent beside a token that is not one.
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let now = state.clock().now();
        let user = match (
            crate::cookies::read(&parts.headers, crate::cookies::SESSION),
            bearer,
        ) {
            (_, Some(secret)) => users::token_user(state.db(), secret.trim(), now)
                .await
                .map_err(|e| ApiError::from_store(e, lang))?,
            (Some(token), None) if !token.is_empty() => users::session_user(state.db(), &token, now)
                .await
                .map_err(|e| ApiError::from_store(e, lang))?,
            _ => None,
        };
        let access = match &user {
            Some(u) => hoptac_core::gate::access_of(state.db(), u.id, u.is_admin)
                .await
                .map_err(|e| ApiError::from_store(e, lang))?,
            None => Access::public(),
        };
        let asked = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        // A form sent without a session comes back to the page it was filled on, where the
        // browser gives back what was typed (see `app.js`), not to the address it was sent to.
        let here = match parts.method {
            axum::http::Method::GET | axum::http::Method::HEAD => asked,
            _ => page_sent_from(&parts.headers).unwrap_or(asked),
        };
        let csrf = parts
            .extensions
            .get::<crate::csrf::CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let address = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        let nav = state
            .areas()
            .nav
            .iter()
            .filter(|link| (link.shown)(&access))
            .map(|link| (link.href, link.label(lang)))
            .collect();
        // Pages show the count of unread notifications; the API has its own way to them.
        let is_page = !parts.uri.path().starts_with("/api/");
        let unread = match &user {
            Some(u) if is_page && access.acts_for_an_organisation() => Some(
                hoptac_core::notifications::unread(state.db(), u.id)
                    .await
                    .map_err(|e| ApiError::from_store(e, lang))?,
            ),
            _ => None,
        };
        Ok(Ctx {
            lang,
            user,
            access,
            here,
            csrf,
            address,
            nav,
            unread,
        })
    }
}
