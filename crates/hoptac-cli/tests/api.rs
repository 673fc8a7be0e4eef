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

/// Every area's migrations form one sequence with no number used twice, the same numbers on both
/// engines, in the order a database has always had them (1 to 6 the core's, 7 OCOP's, 8 and 9 the
/// reports'), so a database migrated before the areas had their own folders needs nothing new.
/// The words of the platform and of every area read together: no message defined twice, none in
/// one language only, no syntax error.
#[test]
fn the_areas_words_are_one_catalogue() {
    let areas = hoptac_cli::areas();
    let mut sets = vec![hoptac_web::ui::TRANSLATIONS];
    sets.extend(areas.iter().map(|a| a.area.translations));
    assert_eq!(hoptac_core::i18n::problems(&sets), Vec::<String>::new());
}

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
    assert_eq!(versions(Backend::Sqlite), (1..=9).collect::<Vec<_>>());
    assert_eq!(versions(Backend::Postgres), versions(Backend::Sqlite));
    let areas: Vec<&str> = schemas.iter().map(|s| s.area).collect();
    assert_eq!(areas, vec!["ocop", "reports"]);
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
