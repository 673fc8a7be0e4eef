//! The composed application: every area's API in one OpenAPI document, and the headers every
//! response carries.

use hoptac_web::testing::TestApp;

#[tokio::test]
async fn health_and_openapi() {
    let app = TestApp::spawn(hoptac_cli::areas()).await;
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    for header in [
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
        "x-request-id",
    ] {
        assert!(r.headers().contains_key(header), "{header} missing");
    }
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("openapi", doc);
    app.stop().await;
}

/// The document names values as the API takes them ("htx", not the Rust name "Htx"), and two
/// types of the same name in different areas do not share one schema.
#[tokio::test]
async fn the_document_says_what_the_api_takes() {
    let app = TestApp::spawn(hoptac_cli::areas()).await;
    let (_, doc) = app.get_json("/api/v1/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["OrgKind"]["enum"],
        serde_json::json!(["tht", "htx", "lhhtx", "farm", "enterprise", "household_business"])
    );
    assert_eq!(schemas["YearlyRating"]["enum"][4], "not_rated");
    // The OCOP rating is an object of stars; the yearly rating of a cooperative is a word.
    assert_eq!(schemas["Rating"]["type"], "object");
    let yearly = &schemas["YearlyFiguresRow"]["properties"]["rating"];
    assert!(
        yearly.to_string().contains("#/components/schemas/YearlyRating"),
        "{yearly}"
    );
    app.stop().await;
}

/// The words of the platform and of every area read together: no message defined twice, none in
/// one language only, no syntax error.
#[test]
fn the_areas_words_are_one_catalogue() {
    let areas = hoptac_cli::areas();
    let mut sets = vec![hoptac_web::ui::TRANSLATIONS];
    sets.extend(areas.iter().map(|a| a.area.translations));
    assert_eq!(hoptac_core::i18n::problems(&sets), Vec::<String>::new());
}

/// Every area's migrations form one sequence with no number used twice, the same numbers on both
/// engines, in the order a database has always had them (1 to 6 the core's, 7 OCOP's, 8 and 9 the
/// reports', 10, 12 and 14 the registry's, 11 and 16 to 18 the core's again, 13 and 15 OCOP's...
/// 31 to 33 the market's, 34 the core's notifications, 35 and 36 the market's, 37 traceability's), so a
/// database migrated before the areas had their own folders needs nothing new.
#[test]
fn the_areas_migrations_are_one_sequence() {
    use hoptac_core::db::migrations;
    use hoptac_core::Backend;
    let areas = hoptac_cli::areas();
    let schemas = hoptac_core::area::schemas(&hoptac_web::area::cores(&areas));
    let versions = |backend| -> Vec<i64> {
        migrations(backend, &schemas)
            .unwrap()
            .iter()
            .map(|m| m.version)
            .collect()
    };
    assert_eq!(versions(Backend::Sqlite), (1..=37).collect::<Vec<_>>());
    assert_eq!(versions(Backend::Postgres), versions(Backend::Sqlite));
    let areas: Vec<&str> = schemas.iter().map(|s| s.area).collect();
    assert_eq!(areas, vec!["registry", "ocop", "market", "trace", "reports"]);
    // An area that takes a number already used is refused, naming both.
    let clash = migrations(
        Backend::Sqlite,
        &[&hoptac_ocop::store::SCHEMA, &hoptac_ocop::store::SCHEMA],
    );
    assert!(
        matches!(&clash, Err(hoptac_core::StoreError::Config(m)) if m.contains("ocop")),
        "{clash:?}"
    );
}

/// An address or a query string that cannot be read answers like any other refusal, in the
/// person's language and in the form of the page or of the API, never as plain text naming a Rust
/// type.
#[tokio::test]
async fn unreadable_addresses_and_queries_answer_in_kind() {
    let app = TestApp::spawn(hoptac_cli::areas()).await;
    app.sign_in().await;
    for page in [
        "/organisations/abc",
        "/ocop/rounds/abc",
        "/ocop/applications/abc/sheet",
    ] {
        let (status, html) = app.get_html(page).await;
        assert_eq!(status, 404, "{page}");
        assert!(html.contains("<html") && !html.contains("i64"), "{page}: {html}");
    }
    let (status, body) = app.get_json("/api/v1/organisations/abc").await;
    assert_eq!((status, body["error"]["code"].as_str()), (404, Some("not_found")));
    // A filter's error names the filter.
    for (path, label) in [
        ("/api/v1/ocop/products?stars=9", "Số sao"),
        ("/api/v1/organisations?page=abc", "Trang"),
    ] {
        let (status, body) = app.get_json(path).await;
        let message = body["error"]["fields"][0]["message"].as_str().unwrap_or_default();
        assert_eq!(status, 422, "{path}: {body}");
        assert!(message.starts_with(label), "{path}: {message}");
    }
    let (status, body) = app.get_json("/api/v1/reports/entries").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("bad_request")),
        "{body}"
    );
    // A form's address opened in the browser (a language switch, a reload) leads to its page; the
    // API says the method is not allowed.
    for (form, page) in [
        ("/users/invitations", "/users"),
        ("/account/tokens", "/account"),
        ("/ocop/products", "/ocop"),
    ] {
        let r = app.client.get(app.url(form)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{form}");
        assert_eq!(r.headers()["location"], page, "{form}");
    }
    let r = app
        .client
        .delete(app.url("/api/v1/organisations"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed", "{body}");
    app.stop().await;
}

/// What a request may carry: bounded queries, text without control characters or damage, flags that
/// are true or false, JSON for the API, a body of reasonable size, and a `next` that stays on the
/// site. Each refusal names its field and says why, with the status that means it.
#[tokio::test]
async fn input_is_bounded_and_clean() {
    use serde_json::json;
    let app = TestApp::spawn(hoptac_cli::areas()).await;
    app.sign_in().await;
    let field_code = |body: &serde_json::Value| {
        let f = &body["error"]["fields"][0];
        (
            f["field"].as_str().unwrap_or_default().to_owned(),
            f["code"].as_str().unwrap_or_default().to_owned(),
        )
    };
    // A search of 9,000 one-letter words, or of more words than a search takes.
    let words = vec!["a"; 9000].join("+");
    let (status, body) = app.get_json(&format!("/api/v1/organisations?q={words}")).await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("q".into(), "too_long".into()))
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("200"),
        "{body}"
    );
    let (status, body) = app
        .get_json(&format!("/api/v1/ocop/products?q={}", vec!["ab"; 13].join("+")))
        .await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("q".into(), "too_many_words".into()))
    );
    // The message names the search field in the person's words.
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Từ khóa tìm kiếm:"),
        "{body}"
    );
    let (status, _) = app.get_html(&format!("/organisations?q={words}")).await;
    assert_eq!(status, 422);
    // A NUL in a JSON text, in a form, in a query.
    let mut coop = hoptac_web::testing::cooperative();
    coop["name"] = json!("HTX\u{0}Tiến Linh");
    let (status, body) = app.post_json("/api/v1/organisations", &coop).await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("name".into(), "control_characters".into()))
    );
    let r = app
        .browser()
        .post_form("/login", &[("username", "officer\u{0}"), ("password", "x")])
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("ký tự điều khiển"));
    let (status, _) = app.get_json("/api/v1/organisations?q=a%00b").await;
    assert_eq!(status, 422);
    // Bytes that are not UTF-8, and text already damaged, are refused, never stored.
    let token = app.csrf_token().await;
    for name in ["Nguy%FF%FEn", "Nguy%EF%BF%BD%EF%BF%BDn"] {
        let r = app
            .client
            .post(app.url("/organisations"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf_token={token}&kind=htx&name={name}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{name}");
        assert!(r.text().await.unwrap().contains("bị hỏng"), "{name}");
    }
    // A name of only invisible characters is no name; composed and trimmed otherwise.
    coop["name"] = json!("\u{200B}\u{FEFF} ");
    let (status, body) = app.post_json("/api/v1/organisations", &coop).await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("name".into(), "required".into()))
    );
    coop["name"] = json!(" HTX Tie\u{0302}\u{0301}n Linh\u{200B}");
    let (status, created) = app.post_json("/api/v1/organisations", &coop).await;
    assert_eq!(
        (status, created["name"].as_str()),
        (201, Some("HTX Tiến Linh")),
        "{created}"
    );
    // A flag is true or false, not "maybe".
    coop["is_value_chain"] = json!("maybe");
    coop["tax_code"] = json!("4700123456");
    let (status, body) = app.post_json("/api/v1/organisations", &coop).await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("is_value_chain".into(), "invalid_flag".into()))
    );
    // The API takes JSON only, whatever the handler reads; and a body of reasonable size.
    for path in ["/api/v1/auth/logout", "/api/v1/organisations"] {
        let r = app
            .client
            .post(app.url(path))
            .header("content-type", "text/plain")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415, "{path}");
    }
    let big = json!({"name": "x".repeat(3 * 1024 * 1024)});
    let (status, body) = app.post_json("/api/v1/organisations", &big).await;
    assert_eq!((status, body["error"]["code"].as_str()), (413, Some("too_large")));
    // `next` leads only to this site's pages, after decoding.
    let plain = app.client();
    for next in [
        "/%09/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "https://evil.example",
    ] {
        let r = plain
            .get(app.url(&format!("/lang/en?next={next}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], "/", "{next}");
    }
    let r = plain
        .get(app.url("/lang/en?next=/organisations%3Fq%3Dh%E1%BB%A3p"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/organisations?q=h%E1%BB%A3p");
    // Dates as Vietnamese users write them, in every filter.
    for path in [
        "/api/v1/organisations?on=31/03/2024",
        "/api/v1/organisations?on=31-03-2024",
        "/api/v1/audit?from=1/3/2024&to=31.03.2024",
    ] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    let (status, body) = app.get_json("/api/v1/organisations?on=31/13/2024").await;
    assert_eq!(
        (status, field_code(&body)),
        (422, ("on".into(), "invalid_date".into()))
    );
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("dd/mm/yyyy"));
    app.stop().await;
}
