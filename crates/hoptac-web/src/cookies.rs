//! The cookies hoptac sets, read and written in one place with axum-extra's cookie types: the
//! session (12 hours), the anti-forgery token and the language (a year each), all `Path=/` and
//! `HttpOnly`: no script of the pages reads them.
//!
//! Cookies sent over HTTPS carry `Secure`, so a browser never sends them back over plain HTTP. One
//! layer marks every `Set-Cookie` of a response, whichever handler wrote it, and tells the browser
//! to come back over HTTPS only (`Strict-Transport-Security`, a year). A request counts as
//! HTTPS when the installation's public address is `https://...`, or when the proxy in front says
//! so (`X-Forwarded-Proto: https`); hoptac itself speaks plain HTTP behind it.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use cookie::time::Duration;

/// The cookie that carries the session token.
pub const SESSION: &str = "hoptac_session";
/// The cookie that remembers the chosen language.
pub const LANGUAGE: &str = "hoptac_lang";
/// The cookie the anti-forgery token of forms is checked against.
pub const CSRF: &str = "hoptac_csrf";

/// The value of one cookie the browser sent.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(name)
        .map(|c| c.value().to_owned())
}

fn build(name: &'static str, value: String, max_age: Duration, same_site: SameSite) -> String {
    Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(same_site)
        .max_age(max_age)
        .build()
        .to_string()
}

/// A new session for `hours` hours.
pub fn session(token: &str, hours: i64) -> String {
    build(SESSION, token.to_owned(), Duration::hours(hours), SameSite::Lax)
}

/// The session's end: the browser drops the cookie.
pub fn session_ended() -> String {
    build(SESSION, String::new(), Duration::ZERO, SameSite::Lax)
}

/// The anti-forgery token, kept a year; sent only with requests from this site's own pages.
pub fn csrf(token: &str) -> String {
    build(CSRF, token.to_owned(), Duration::days(365), SameSite::Strict)
}

/// The chosen language, kept a year.
pub fn language(code: &str) -> String {
    build(LANGUAGE, code.to_owned(), Duration::days(365), SameSite::Lax)
}

/// How long a browser keeps to HTTPS once told, in seconds (a year).
const HSTS_SECONDS: u32 = 365 * 24 * 3600;

/// Adds `Secure` to the response's cookies, and HSTS, when the request came over HTTPS.
pub async fn mark_secure(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let public_https = state
        .settings()
        .public_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"));
    let forwarded_https = came_over_https(request.headers());
    let mut response = next.run(request).await;
    if public_https || forwarded_https {
        let headers = response.headers_mut();
        let marked: Vec<HeaderValue> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter_map(|cookie| HeaderValue::from_str(&secure(cookie)).ok())
            .collect();
        headers.remove(header::SET_COOKIE);
        for value in marked {
            headers.append(header::SET_COOKIE, value);
        }
        if let Ok(value) = HeaderValue::from_str(&format!("max-age={HSTS_SECONDS}")) {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, value);
        }
    }
    response
}

/// What the proxy nearest the browser says of the request's scheme: the first entry of
/// `X-Forwarded-Proto` (each proxy on the way appends its own), or the `proto` of the first
/// element of `Forwarded` (RFC 7239).
fn came_over_https(headers: &HeaderMap) -> bool {
    let first = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
    };
    let forwarded_proto = first(header::FORWARDED).and_then(|element| {
        element.split(';').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case("proto")
                .then(|| value.trim().trim_matches('"'))
        })
    });
    first(header::HeaderName::from_static("x-forwarded-proto"))
        .into_iter()
        .chain(forwarded_proto)
        .any(|proto| proto.eq_ignore_ascii_case("https"))
}

/// The cookie with `Secure` among its attributes, once.
fn secure(set_cookie: &str) -> String {
    match Cookie::parse(set_cookie) {
        Ok(mut cookie) => {
            cookie.set_secure(true);
            cookie.to_string()
        }
        Err(_) => set_cookie.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_is_added_once() {
        assert_eq!(secure("a=1; Path=/"), "a=1; Secure; Path=/");
        assert_eq!(secure("a=1; Path=/; Secure"), "a=1; Secure; Path=/");
        // A value that merely contains the word is still marked.
        assert_eq!(secure("secure=1"), "secure=1; Secure");
    }

    #[test]
    fn https_is_read_from_the_nearest_proxy() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, HeaderValue::from_static(v));
            }
            h
        };
        assert!(came_over_https(&headers(&[("x-forwarded-proto", "https")])));
        assert!(came_over_https(&headers(&[("x-forwarded-proto", "https, http")])));
        assert!(!came_over_https(&headers(&[(
            "x-forwarded-proto",
            "http, https"
        )])));
        assert!(came_over_https(&headers(&[(
            "forwarded",
            "for=1.2.3.4;proto=https, proto=http"
        )])));
        assert!(!came_over_https(&headers(&[])));
    }

    #[test]
    fn cookies_say_what_they_are() {
        assert_eq!(
            super::session("abc", 12),
            "hoptac_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=43200"
        );
        assert_eq!(
            super::session_ended(),
            "hoptac_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"
        );
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; hoptac_lang=en"));
        assert_eq!(super::read(&headers, LANGUAGE).as_deref(), Some("en"));
        assert_eq!(super::read(&headers, SESSION), None);
    }
}
