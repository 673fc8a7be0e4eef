//! What a request carries, read so that what cannot be read comes back as our own error page or
//! body in the person's language: HTML forms (with repeated keys for checkboxes), JSON, the
//! address's parameters and the query string.

use crate::ctx::lang_of;
use crate::error::{ApiError, PageError};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use hoptac_core::{FieldErrors, Lang};
use serde::de::DeserializeOwned;

/// The most a request body may carry, in megabytes; more is answered 413.
pub const BODY_LIMIT_MEGABYTES: usize = 2;

/// The most an upload of a workbook may carry, in megabytes (on the routes that take one): a
/// province's registry with its figures is a few megabytes, its members' list tens.
pub const UPLOAD_LIMIT_MEGABYTES: usize = 32;
/// The longest value of one query parameter, in characters; longer is answered 422.
pub const QUERY_VALUE_MAX_CHARS: usize = 200;
/// The most words a search (the parameter `q`) may hold: each word is one more condition on every
/// row searched.
pub const SEARCH_MAX_WORDS: usize = 12;

/// Fields whose value is kept exactly as sent: a password may begin with a space, and tokens are
/// compared byte for byte. They are still refused with a control character.
fn is_verbatim(field: &str) -> bool {
    field.contains("password") || field == "csrf_token"
}

/// One received value as hoptac keeps text ([`hoptac_core::text::received`]), or the error naming
/// its field.
fn receive(field: &str, value: &str, errors: &mut FieldErrors) -> String {
    let received = if is_verbatim(field) {
        hoptac_core::text::check_received(value).map(|()| value.to_owned())
    } else {
        hoptac_core::text::received(value)
    };
    received.unwrap_or_else(|refusal| {
        errors.add(field, refusal.code());
        value.to_owned()
    })
}

/// One component of url-encoded text, decoded byte-exactly: bytes that are not UTF-8 are an error,
/// not replacement characters.
fn decode_component(raw: &[u8]) -> Option<String> {
    let spaced: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
    String::from_utf8(bytes).ok()
}

/// The key-value pairs of `application/x-www-form-urlencoded` text (a form's body, a query
/// string), each value received; every value that cannot be is named in the errors.
fn received_pairs(input: &[u8]) -> Result<Vec<(String, String)>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut pairs = Vec::new();
    for part in input.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = match part.iter().position(|&b| b == b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &[][..]),
        };
        let key = decode_component(raw_key).unwrap_or_else(|| String::from_utf8_lossy(raw_key).into_owned());
        match decode_component(raw_value) {
            Some(value) => {
                let value = receive(&key, &value, &mut errors);
                pairs.push((key, value));
            }
            None => errors.add(&key, hoptac_core::text::Refusal::Damaged.code()),
        }
    }
    errors.into_result(pairs)
}

/// What a query string may ask of one request: no value longer than [`QUERY_VALUE_MAX_CHARS`], no
/// search of more than [`SEARCH_MAX_WORDS`] words.
fn bounded_query(pairs: &[(String, String)]) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    for (key, value) in pairs {
        if value.chars().count() > QUERY_VALUE_MAX_CHARS {
            errors.add_with(key, "too_long", vec![("max", QUERY_VALUE_MAX_CHARS.to_string())]);
        } else if key == "q" && hoptac_core::text::search_terms(value).len() > SEARCH_MAX_WORDS {
            errors.add_with(key, "too_many_words", vec![("max", SEARCH_MAX_WORDS.to_string())]);
        }
    }
    errors.into_result(())
}

/// A value serde could not read, as an error of the field it belongs to; an error of no one field
/// (a missing one) is `whole`'s: `body` or `query`.
fn unreadable<E: std::fmt::Display>(error: serde_path_to_error::Error<E>, whole: &str) -> FieldErrors {
    let path = error.path().to_string();
    let field = if path == "." || path.is_empty() {
        whole.to_owned()
    } else {
        path
    };
    let detail = error.into_inner().to_string();
    let mut errors = FieldErrors::new();
    if detail == hoptac_core::form::NOT_A_FLAG {
        errors.add(&field, "invalid_flag");
    } else {
        errors.add_with(&field, "malformed", vec![("detail", detail)]);
    }
    errors
}

/// Reads received pairs into `T`, naming the field of a value that does not fit.
fn from_pairs<T: DeserializeOwned>(pairs: &[(String, String)], whole: &str) -> Result<T, FieldErrors> {
    let encoded = serde_urlencoded::to_string(pairs).unwrap_or_default();
    serde_path_to_error::deserialize(serde_html_form::Deserializer::from_bytes(encoded.as_bytes()))
        .map_err(|e| unreadable(e, whole))
}

/// Every string of a JSON value received in place; `path` names where it lies
/// (`members[2].name`).
fn receive_json(value: &mut serde_json::Value, path: &str, errors: &mut FieldErrors) {
    match value {
        serde_json::Value::String(text) => *text = receive(path, text, errors),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                receive_json(item, &format!("{path}[{i}]"), errors);
            }
        }
        serde_json::Value::Object(fields) => {
            // Keys are text received like values: composed to NFC, refused with a control
            // character or damaged bytes (a document's extension fields are keys).
            for (key, mut item) in std::mem::take(fields) {
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let key = match hoptac_core::text::received(&key) {
                    Ok(received) => received,
                    Err(refusal) => {
                        errors.add(&inner, refusal.code());
                        key
                    }
                };
                receive_json(&mut item, &inner, errors);
                fields.insert(key, item);
            }
        }
        _ => {}
    }
}

/// Whether a body was refused for its size: 413, not a malformed request.
fn too_large(rejection: &axum::extract::rejection::BytesRejection) -> bool {
    rejection.status() == StatusCode::PAYLOAD_TOO_LARGE
}

/// A JSON body, its strings received as every text is; a malformed one is a 422 that says where
/// it broke, another content type a 415, a body over [`BODY_LIMIT_MEGABYTES`] a 413.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = lang_of(req.headers());
        let refused = |errors: FieldErrors| {
            ApiError::fields(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                errors,
                lang,
            )
        };
        let malformed = |detail: String| {
            let mut e = FieldErrors::new();
            e.add_with("body", "malformed", vec![("detail", detail)]);
            refused(e)
        };
        if !is_json(req.headers()) {
            return Err(ApiError::unsupported_media_type(lang));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if too_large(&e) {
                ApiError::too_large(lang)
            } else {
                malformed(e.body_text())
            }
        })?;
        let mut value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| malformed(e.to_string()))?;
        let mut errors = FieldErrors::new();
        receive_json(&mut value, "", &mut errors);
        if !errors.is_empty() {
            return Err(refused(errors));
        }
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|e| refused(unreadable(e, "body")))
    }
}

/// Whether the request says its body is JSON.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            // JSON-LD is JSON: EPCIS 2.0 documents come as either.
            let v = v.trim_start().to_ascii_lowercase();
            v.starts_with("application/json") || v.starts_with("application/ld+json")
        })
}

/// Refuses an API write whose body says it is something other than JSON (415), whatever its
/// handler reads: a cross-site form can post `text/plain` with the person's cookies, but cannot
/// post JSON. A file upload (`multipart/form-data`) is taken with a personal token
/// (`Authorization`), which no other site's page can send.
pub async fn api_takes_json(request: Request, next: axum::middleware::Next) -> axum::response::Response {
    let writes = !matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    let declares_type = request.headers().contains_key(axum::http::header::CONTENT_TYPE);
    let upload_with_token = request.headers().contains_key(axum::http::header::AUTHORIZATION)
        && request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
    if writes
        && declares_type
        && request.uri().path().starts_with("/api/")
        && !is_json(request.headers())
        && !upload_with_token
    {
        return ApiError::unsupported_media_type(lang_of(request.headers())).into_response();
    }
    next.run(request).await
}

/// The version an API write was made from, as `If-Match: "7"` names it (the `ETag` the record was
/// read with); `None` without the header. A value that is not one of this API's entity tags is a
/// 400 that says so.
pub struct IfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(axum::http::header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        // `*`: whatever version the record is at (RFC 9110, 13.1.1).
        if value.as_bytes() == b"*" {
            return Ok(IfMatch(None));
        }
        let version = value
            .to_str()
            .ok()
            .map(|v| v.trim().trim_matches('"'))
            .and_then(|v| v.parse::<i64>().ok());
        version.map(|v| IfMatch(Some(v))).ok_or_else(|| {
            let mut e = FieldErrors::new();
            e.add_with(
                "If-Match",
                "malformed",
                vec![("detail", "\"<version>\"".to_owned())],
            );
            ApiError::fields(StatusCode::BAD_REQUEST, "bad_request", e, lang_of(&parts.headers))
        })
    }
}

impl IfMatch {
    /// The version an edit was made from: `If-Match`'s, or the body's `version`; both, only when
    /// they agree (else 422 naming `version`).
    pub fn or_body(self, body: Option<i64>, lang: Lang) -> Result<Option<i64>, ApiError> {
        match (self.0, body) {
            (Some(header), Some(sent)) if header != sent => {
                let mut e = FieldErrors::new();
                e.add_with(
                    "version",
                    "differs_from_if_match",
                    vec![("value", header.to_string())],
                );
                Err(ApiError::fields(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation_failed",
                    e,
                    lang,
                ))
            }
            (header, sent) => Ok(header.or(sent)),
        }
    }
}

/// The `ETag` header of a record at `version`, which `If-Match` sends back.
pub fn etag(version: i64) -> (axum::http::HeaderName, String) {
    (axum::http::header::ETAG, format!("\"{version}\""))
}

/// An `application/x-www-form-urlencoded` body, where a key may repeat (`sectors=a&sectors=b`),
/// accepted only with this site's anti-forgery token (see [`crate::csrf`]), its values received as
/// every text is.
pub struct HtmlForm<T>(pub T);

/// The body of a form that sends nothing but its token (sign out, delete).
#[derive(serde::Deserialize)]
pub struct NoFields {}

/// The body of a form that sends the version of the record it acts on, and nothing else (a
/// delete): acting on an older version is refused, as an edit from one is.
#[derive(serde::Deserialize)]
pub struct VersionField {
    pub version: Option<i64>,
}

#[derive(serde::Deserialize)]
struct TokenField {
    csrf_token: Option<String>,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for HtmlForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = lang_of(req.headers());
        let pairs = form_pairs(req, state).await?;
        from_pairs(&pairs, "body")
            .map(HtmlForm)
            .map_err(|errors| refused(lang, errors))
    }
}

/// A form's fields as received, in the order sent, once its anti-forgery token holds.
pub(crate) async fn form_pairs<S: Send + Sync>(
    req: Request,
    state: &S,
) -> Result<Vec<(String, String)>, PageError> {
    let lang = lang_of(req.headers());
    let headers = req.headers().clone();
    let bytes = Bytes::from_request(req, state).await.map_err(|e| {
        if too_large(&e) {
            PageError::TooLarge(lang)
        } else {
            PageError::BadRequest(lang)
        }
    })?;
    let token: TokenField = serde_html_form::from_bytes(&bytes).map_err(|_| PageError::BadRequest(lang))?;
    if !crate::csrf::verify(&headers, token.csrf_token.as_deref()) {
        return Err(PageError::FormNotAccepted(lang));
    }
    received_pairs(&bytes).map_err(|errors| refused(lang, errors))
}

/// A form refused on its fields: shown again with them (422).
fn refused(lang: Lang, errors: FieldErrors) -> PageError {
    PageError::Refused {
        lang,
        status: StatusCode::UNPROCESSABLE_ENTITY,
        errors,
    }
}

/// The fields of a form as `T`, from pairs already received (see [`form_pairs`]).
pub(crate) fn form_from_pairs<T: DeserializeOwned>(
    pairs: &[(String, String)],
    lang: Lang,
) -> Result<T, PageError> {
    from_pairs(pairs, "body").map_err(|errors| refused(lang, errors))
}

/// A `multipart/form-data` body (a form that uploads a file), accepted only with this site's
/// anti-forgery token like [`HtmlForm`]: its text fields received as every text is, and its files.
pub struct UploadForm {
    pub fields: Vec<(String, String)>,
    pub files: Vec<UploadedFile>,
}

/// A file sent with a form.
pub struct UploadedFile {
    /// The form field it came in.
    pub field: String,
    /// Its name on the sender's computer, without any folder.
    pub name: String,
    pub bytes: Vec<u8>,
}

impl UploadForm {
    /// The text field `name`, if sent.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The file sent in `field`, if a non-empty one was.
    pub fn file(&self, field: &str) -> Option<&UploadedFile> {
        self.files.iter().find(|f| f.is_in(field))
    }

    /// The file sent in `field`, taken from the form (its bytes not copied), if a non-empty one
    /// was.
    pub fn take_file(self, field: &str) -> Option<UploadedFile> {
        self.files.into_iter().find(|f| f.is_in(field))
    }
}

impl UploadedFile {
    /// Whether it is a non-empty file sent in `field`.
    fn is_in(&self, field: &str) -> bool {
        self.field == field && !self.bytes.is_empty()
    }
}

impl UploadForm {
    /// Reads a multipart body; `trusted` says whether the request may skip the anti-forgery token
    /// (it names its caller in a header no other site's page can set).
    async fn read<S: Send + Sync>(req: Request, state: &S, trusted: bool) -> Result<UploadForm, PageError> {
        let lang = lang_of(req.headers());
        let headers = req.headers().clone();
        let mut multipart = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|_| PageError::BadRequest(lang))?;
        let (mut fields, mut files) = (Vec::new(), Vec::new());
        loop {
            let part = match multipart.next_field().await {
                Ok(Some(part)) => part,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(PageError::TooLarge(lang))
                }
                Err(_) => return Err(PageError::BadRequest(lang)),
            };
            let field = part.name().unwrap_or_default().to_owned();
            let file_name = part
                .file_name()
                .map(|n| n.rsplit(['/', '\\']).next().unwrap_or_default().to_owned());
            let bytes = part.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    PageError::TooLarge(lang)
                } else {
                    PageError::BadRequest(lang)
                }
            })?;
            match file_name {
                Some(name) => files.push(UploadedFile {
                    field,
                    name,
                    bytes: bytes.to_vec(),
                }),
                None => {
                    let text = String::from_utf8(bytes.to_vec()).map_err(|_| PageError::BadRequest(lang))?;
                    fields.push((field, text));
                }
            }
        }
        let token = fields
            .iter()
            .find(|(k, _)| k == "csrf_token")
            .map(|(_, v)| v.as_str());
        if !trusted && !crate::csrf::verify(&headers, token) {
            return Err(PageError::FormNotAccepted(lang));
        }
        let mut received = Vec::with_capacity(fields.len());
        let mut errors = FieldErrors::new();
        for (key, value) in fields {
            match hoptac_core::text::received(&value) {
                Ok(value) => received.push((key, value)),
                Err(refusal) => errors.add(&key, refusal.code()),
            }
        }
        if !errors.is_empty() {
            return Err(PageError::Refused {
                lang,
                status: StatusCode::UNPROCESSABLE_ENTITY,
                errors,
            });
        }
        Ok(UploadForm {
            fields: received,
            files,
        })
    }
}

impl<S: Send + Sync> FromRequest<S> for UploadForm {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        UploadForm::read(req, state, false).await
    }
}

/// A `multipart/form-data` body sent to the API with a personal token (`Authorization: Bearer`),
/// which no other site's page can send (see [`api_takes_json`]), so without a form's anti-forgery
/// token.
pub struct ApiUpload(pub UploadForm);

impl<S: Send + Sync> FromRequest<S> for ApiUpload {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = lang_of(req.headers());
        // Only a bearer token: a browser sends no such header by itself (it may resend cached
        // Basic credentials, which prove nothing about the page that sent the form).
        let trusted = req
            .headers()
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("Bearer "));
        UploadForm::read(req, state, trusted)
            .await
            .map(ApiUpload)
            .map_err(|e| e.into_api(lang))
    }
}

/// What the address says (`/organisations/{id}`), as axum's `Path` reads it; an address it cannot
/// read (`/organisations/abc`) names no record, so it is the not-found page or JSON error in the
/// person's language rather than a line of plain text naming a Rust type.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = axum::response::Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => {
                let lang = lang_of(&parts.headers);
                Err(if parts.uri.path().starts_with("/api/") {
                    ApiError::not_found(lang).into_response()
                } else {
                    PageError::NotFound(lang).into_response()
                })
            }
        }
    }
}

/// A query string, its values received as every text is and bounded ([`QUERY_VALUE_MAX_CHARS`],
/// [`SEARCH_MAX_WORDS`]); one that cannot be read or breaks a bound is a 422 that names the
/// parameter, as a JSON error under the API and a page elsewhere.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = axum::response::Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("").as_bytes();
        let lang = lang_of(&parts.headers);
        let api = parts.uri.path().starts_with("/api/");
        // Text that may not be kept, or a query over its bounds: 422, naming the parameter.
        let pairs = received_pairs(query)
            .and_then(|pairs| bounded_query(&pairs).map(|()| pairs))
            .map_err(|errors| {
                if api {
                    ApiError::fields(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "validation_failed",
                        errors,
                        lang,
                    )
                    .into_response()
                } else {
                    PageError::Refused {
                        lang,
                        status: StatusCode::UNPROCESSABLE_ENTITY,
                        errors,
                    }
                    .into_response()
                }
            })?;
        // A query whose shape does not fit (a required parameter missing): 400.
        from_pairs(&pairs, "query").map(Query).map_err(|errors| {
            if api {
                ApiError::fields(StatusCode::BAD_REQUEST, "bad_request", errors, lang).into_response()
            } else {
                PageError::BadRequest(lang).into_response()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(result: Result<Vec<(String, String)>, FieldErrors>) -> Vec<(String, &'static str)> {
        result
            .err()
            .map(|e| e.iter().map(|e| (e.field.clone(), e.code)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn form_values_arrive_composed_and_trimmed() {
        let pairs = received_pairs(b"name=+Tie%CC%82%CC%81n+&password=+a+b+&x").ok();
        assert_eq!(
            pairs,
            Some(vec![
                ("name".into(), "Tiến".into()),
                ("password".into(), " a b ".into()),
                ("x".into(), String::new()),
            ])
        );
    }

    #[test]
    fn damaged_and_control_text_is_named_by_its_field() {
        assert_eq!(
            codes(received_pairs(b"name=Nguy%FF%FEn&note=a%00b&next=/%01/evil")),
            vec![
                ("name".into(), "damaged_text"),
                ("note".into(), "control_characters"),
                ("next".into(), "control_characters"),
            ]
        );
        assert_eq!(
            codes(received_pairs("name=%EF%BF%BD%EF%BF%BD".as_bytes())),
            vec![("name".into(), "damaged_text")]
        );
    }

    #[test]
    fn queries_are_bounded() {
        let words = vec!["a"; 9000].join("+");
        let pairs = received_pairs(format!("q={words}").as_bytes()).unwrap_or_default();
        let errors = bounded_query(&pairs).err().unwrap_or_default();
        assert_eq!(
            errors.iter().map(|e| e.code).collect::<Vec<_>>(),
            vec!["too_long"]
        );
        let pairs = received_pairs(vec!["a"; 13].join("+").replace("a", "ab").as_bytes()).unwrap_or_default();
        assert!(bounded_query(&pairs).is_ok(), "only `q` is a search");
        let pairs = vec![("q".to_owned(), vec!["a"; 13].join(" "))];
        let errors = bounded_query(&pairs).err().unwrap_or_default();
        assert_eq!(
            errors.iter().map(|e| e.code).collect::<Vec<_>>(),
            vec!["too_many_words"]
        );
    }

    #[test]
    fn json_strings_are_received_where_they_lie() {
        let mut value = serde_json::json!({"name": " An ", "members": [{"name": "x\u{0}"}]});
        let mut errors = FieldErrors::new();
        receive_json(&mut value, "", &mut errors);
        assert_eq!(value["name"], "An");
        assert_eq!(errors.0[0].field, "members[0].name");
        assert_eq!(errors.0[0].code, "control_characters");
    }

    #[test]
    fn a_flag_that_is_neither_true_nor_false_is_named() {
        #[derive(serde::Deserialize, Debug)]
        struct Flags {
            #[serde(default, deserialize_with = "hoptac_core::form::flag")]
            #[allow(dead_code)]
            is_new_model: bool,
        }
        let pairs = vec![("is_new_model".to_owned(), "maybe".to_owned())];
        let errors = from_pairs::<Flags>(&pairs, "body").err().unwrap_or_default();
        assert_eq!(errors.0[0].field, "is_new_model");
        assert_eq!(errors.0[0].code, "invalid_flag");
    }
}
