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
