//! Cookies sent over HTTPS carry `Secure`, so a browser never sends the session, the anti-forgery
//! token or the language back over plain HTTP. One layer marks every `Set-Cookie` of a response,
//! whichever handler wrote it.
//!
//! A request counts as HTTPS when the installation's public address is `https://...`, or when the
//! proxy in front says so (`X-Forwarded-Proto: https`); hoptac itself speaks plain HTTP behind it.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Adds `Secure` to the response's cookies when the request came over HTTPS.
pub async fn mark_secure(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let public_https = state
        .settings()
        .public_url
        .as_deref()
        .is_some_and(|url| url.starts_with("https://"));
    let forwarded_https = request
        .headers()
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"));
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
    }
    response
}

/// The cookie with `Secure` among its attributes, once.
fn secure(cookie: &str) -> String {
    let has_it = cookie
        .split(';')
        .skip(1)
        .any(|attribute| attribute.trim().eq_ignore_ascii_case("secure"));
    if has_it {
        cookie.to_owned()
    } else {
        format!("{cookie}; Secure")
    }
}

#[cfg(test)]
mod tests {
    use super::secure;

    #[test]
    fn secure_is_added_once() {
        assert_eq!(secure("a=1; Path=/"), "a=1; Path=/; Secure");
        assert_eq!(secure("a=1; Path=/; Secure"), "a=1; Path=/; Secure");
        // A value that merely contains the word is still marked.
        assert_eq!(secure("secure=1"), "secure=1; Secure");
    }
}
