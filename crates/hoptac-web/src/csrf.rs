//! Protection of forms against cross-site request forgery, by double submission: every visitor gets a
//! random token in a cookie that only this site can read back, every form carries the same token in
//! a hidden field, and a form whose field does not match the cookie is refused. A page on another
//! site can make a browser post to us, but cannot read the cookie to fill the field.
//!
//! The check lives in the form extractor ([`crate::extract::HtmlForm`]), so no form handler can
//! forget it. JSON requests need no token: browsers do not send `application/json` across sites
//! without the site's consent, and the API refuses any other content type.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use rand::RngCore;

/// The cookie holding the token; forms send it back in the field `csrf_token`.
pub const CSRF_COOKIE: &str = crate::cookies::CSRF;

/// The request's token, put into request extensions for the pages to render into forms.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

fn is_token(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Gives every request a token, setting the cookie when the browser has none yet.
pub async fn issue(mut request: Request, next: Next) -> Response {
    let existing = crate::cookies::read(request.headers(), CSRF_COOKIE).filter(|t| is_token(t));
    let fresh = existing.is_none();
    let token = existing.unwrap_or_else(new_token);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if fresh {
        if let Ok(value) = HeaderValue::from_str(&crate::cookies::csrf(&token)) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// True when the form's token is the cookie's.
pub fn verify(headers: &HeaderMap, form_token: Option<&str>) -> bool {
    match (crate::cookies::read(headers, CSRF_COOKIE), form_token) {
        (Some(expected), Some(given)) if is_token(&expected) => {
            constant_time_eq(expected.as_bytes(), given.as_bytes())
        }
        _ => false,
    }
}

/// Compares without stopping at the first difference, so timing tells nothing of the token.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_must_echo_the_cookie() {
        let token = new_token();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; {CSRF_COOKIE}={token}")).unwrap(),
        );
        assert!(verify(&headers, Some(&token)));
        assert!(!verify(&headers, Some(&new_token())));
        assert!(!verify(&headers, None));
        assert!(!verify(&HeaderMap::new(), Some(&token)));
    }
}
