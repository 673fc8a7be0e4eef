//! A running hoptac for tests: the real server of the given areas on a free port over a fresh
//! database, and an HTTP client that keeps cookies.
// Test support: a failure here should stop the test loudly, so unwrapping is the point.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use crate::{AppState, Clock};
use chrono::{TimeZone, Utc};
use hoptac_core::testing::TestDb;
use hoptac_core::users;
use reqwest::cookie::{CookieStore, Jar};
use serde_json::{json, Value};
use std::sync::Arc;

pub const USERNAME: &str = "officer";
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    browser: Browser,
    pub db: TestDb,
    /// The server's clock, to move time forward.
    pub clock: Clock,
    server: tokio::task::JoinHandle<()>,
}

/// A browser of the running app: an HTTP client with its own cookies.
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
    jar: Arc<Jar>,
}

impl std::ops::Deref for TestApp {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
}

/// The tests' today: 22/11/2026, 15:00 in Vietnam.
pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 8, 0, 0).unwrap()
}

pub fn client(jar: Arc<Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl TestApp {
    /// The platform and `areas` over a fresh database with what each area loads into it.
    pub async fn spawn(areas: Vec<crate::Area>) -> TestApp {
        TestApp::spawn_with(areas, crate::Settings::default()).await
    }

    /// [`TestApp::spawn`] for an installation set up with `settings`.
    pub async fn spawn_with(areas: Vec<crate::Area>, settings: crate::Settings) -> TestApp {
        let db = TestDb::of(&crate::area::cores(&areas)).await.unwrap();
        users::create(&db.db, USERNAME, "Cán bộ thử", PASSWORD, true, now())
            .await
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let clock = Clock::fixed(now());
        let app = crate::app(
            AppState::with_settings(db.db.clone(), clock.clone(), settings),
            areas,
        );
        app.spawn_workers();
        let server = tokio::spawn(async move {
            app.serve_until(listener, std::future::pending()).await.unwrap();
        });
        let jar = Arc::new(Jar::default());
        TestApp {
            browser: Browser {
                base,
                client: client(jar.clone()),
                jar,
            },
            db,
            clock,
            server,
        }
    }

    pub async fn stop(self) {
        self.server.abort();
        self.db.cleanup().await;
    }
}

impl Browser {
    /// Another browser on the same server, with the helpers of this one and cookies of its own.
    pub fn browser(&self) -> Browser {
        let jar = Arc::new(Jar::default());
        Browser {
            base: self.base.clone(),
            client: client(jar.clone()),
            jar,
        }
    }

    /// Another browser on the same server, with cookies of its own.
    pub fn client(&self) -> reqwest::Client {
        client(Arc::new(Jar::default()))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signs the app's client in through the API.
    pub async fn sign_in(&self) {
        self.sign_in_as(USERNAME, PASSWORD).await;
    }

    /// Signs this browser in as someone, through the API.
    pub async fn sign_in_as(&self, username: &str, password: &str) {
        let r = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "signing in as {username}");
    }

    /// The audit trail's events matching `query` (`entity=account`), oldest first, each as (actor,
    /// action, entity).
    pub async fn trail(&self, query: &str) -> Vec<(String, String, String)> {
        let (status, trail) = self
            .get_json(&format!("/api/v1/audit?per_page=200&{query}"))
            .await;
        assert_eq!(status, 200, "{trail}");
        let text = |event: &Value, key: &str| event[key].as_str().unwrap_or_default().to_owned();
        let mut events: Vec<_> = trail["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (text(e, "actor"), text(e, "action"), text(e, "entity")))
            .collect();
        events.reverse();
        events
    }

    /// The whole response to a GET, for its headers.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn send_json(&self, method: reqwest::Method, path: &str, body: &Value) -> (u16, Value) {
        let r = self
            .client
            .request(method, self.url(path))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send_json(reqwest::Method::POST, path, body).await
    }

    /// A file: the status, the content type, the content disposition and the bytes.
    pub async fn get_file(&self, path: &str) -> (u16, String, String, Vec<u8>) {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        let header = |name: reqwest::header::HeaderName| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let (kind, disposition) = (
            header(reqwest::header::CONTENT_TYPE),
            header(reqwest::header::CONTENT_DISPOSITION),
        );
        (
            r.status().as_u16(),
            kind,
            disposition,
            r.bytes().await.unwrap().to_vec(),
        )
    }

    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The page as this browser asks for it when its first language is `language` (`en`, `vi`).
    pub async fn get_html_in(&self, path: &str, language: &str) -> (u16, String) {
        let r = self
            .client
            .get(self.url(path))
            .header("accept-language", language)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// The anti-forgery token the site gave this client, fetching a page first if it has none.
    pub async fn csrf_token(&self) -> String {
        let read = || {
            let url = self.base.parse().unwrap();
            let header = self.jar.cookies(&url)?;
            let cookies = header.to_str().ok()?.to_owned();
            cookies
                .split("; ")
                .find_map(|c| c.strip_prefix("hoptac_csrf="))
                .map(str::to_owned)
        };
        if let Some(token) = read() {
            return token;
        }
        self.client.get(self.url("/healthz")).send().await.unwrap();
        read().expect("the site sets its anti-forgery cookie")
    }

    /// Posts a form as a browser does from one of the site's pages: with the token, keys may repeat.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut with_token = vec![("csrf_token", token.as_str())];
        with_token.extend_from_slice(fields);
        self.post_form_as_is(path, &with_token).await
    }

    /// Sends an upload form as a browser does from one of the site's pages: the token, the text
    /// fields and one file in `file_field`.
    pub async fn post_upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_field: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut with_token = vec![("csrf_token", token.as_str())];
        with_token.extend_from_slice(fields);
        let (content_type, body) = multipart_body(&with_token, file_field, file_name, bytes);
        self.client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Posts exactly these fields, as a forged form on another site would.
    pub async fn post_form_as_is(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }
}

/// A `multipart/form-data` body of text fields and one file in `file_field`, with its content type.
pub fn multipart_body(
    fields: &[(&str, &str)],
    file_field: &str,
    file_name: &str,
    bytes: &[u8],
) -> (String, Vec<u8>) {
    let boundary = "----hoptac-upload-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .into_bytes(),
        );
    }
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The password of the accounts [`person`] makes.
pub const PERSON_PASSWORD: &str = "a long enough passphrase";

/// A new account holding `grant` (given by the administrator), signed in.
pub async fn person(app: &TestApp, username: &str, grant: Option<Value>) -> Browser {
    users::create(&app.db.db, username, username, PERSON_PASSWORD, false, now())
        .await
        .unwrap();
    if let Some(mut grant) = grant {
        grant["username"] = json!(username);
        let (status, body) = app.post_json("/api/v1/grants", &grant).await;
        assert_eq!(status, 201, "{body}");
    }
    let browser = app.browser();
    browser.sign_in_as(username, PERSON_PASSWORD).await;
    browser
}

/// A cooperative registered in 2022 in commune 01834 of Bắc Kạn (2008 era).
pub fn cooperative() -> Value {
    json!({
        "kind": "htx",
        "name": "HTX Tiến Linh",
        "tax_code": "0101248141",
        "founding_date": "2022-03-15",
        "sectors": ["agriculture"],
        "commune_era": "2008",
        "commune": "01834",
        "charter_capital": 1_000_000_000i64,
        "is_new_model": true
    })
}

/// The (field, code) pairs of an error body.
pub fn field_codes(body: &Value) -> Vec<(String, String)> {
    body["error"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap().to_owned(),
                        f["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
