//! EPCIS capture and query through the API: a tea cooperative's places and GTIN, one event of
//! each type captured and found again, a duplicate refused with 409, a bad document refused whole
//! with every fault named, an error declaration, and no one recording for another's organisation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hoptac_web::testing::{cooperative, field_codes, person, Browser, TestApp};
use serde_json::{json, Value};

fn areas() -> Vec<hoptac_web::Area> {
    vec![
        hoptac_registry::web::area(),
        hoptac_ocop::web::area(),
        hoptac_trace::web::area(),
    ]
}

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/every-event-type.json")).unwrap()
}

async fn created(who: &Browser, path: &str, body: &Value) -> i64 {
    let (status, body) = who.post_json(path, body).await;
    assert_eq!(status, 201, "{path}: {body}");
    body["id"].as_i64().unwrap()
}

/// Signs in the administrator and sets up Tân Cương's tea cooperative: its product with the
/// fixture's GTIN and the fixture's two places. Returns the cooperative's id.
async fn tea_cooperative(app: &TestApp) -> i64 {
    app.sign_in().await;
    let htx = created(app, "/api/v1/organisations", &cooperative()).await;
    let tea = created(
        app,
        "/api/v1/ocop/products",
        &json!({"organisation_id": htx, "name": "Chè búp Tân Cương", "product_group": "drinks"}),
    )
    .await;
    let (status, body) = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/trace/products/{tea}/gtin"),
            &json!({"gtin": "8935001234562"}),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    for (name, gln) in [
        ("Đồi chè số 3", "8935001000013"),
        ("Xưởng sao chè", "8935001000020"),
    ] {
        let (status, body) = app
            .post_json(
                "/api/v1/trace/places",
                &json!({"organisation_id": htx, "name": name, "gln": gln}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    htx
}

/// The events of a query's answer.
fn events(body: &Value) -> &Vec<Value> {
    body["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
        .as_array()
        .expect("an EPCIS query document")
}

/// The types of a query's events, in order.
fn types(body: &Value) -> Vec<&str> {
    events(body).iter().map(|e| e["type"].as_str().unwrap()).collect()
}

/// Another tea cooperative of the province, with no places of its own.
async fn la_bang(app: &TestApp) -> i64 {
    let mut other = cooperative();
    other["name"] = json!("Hợp tác xã Chè La Bằng");
    other["tax_code"] = Value::Null;
    created(app, "/api/v1/organisations", &other).await
}

/// The fixture's first event with an error declaration made at `at`.
fn declared_wrong(at: &str) -> Value {
    let mut event = fixture()["epcisBody"]["eventList"][0].clone();
    event["errorDeclaration"] = json!({ "declarationTime": at });
    event
}

/// A document of `events`.
fn document_of(events: Value) -> Value {
    let mut document = fixture();
    document["epcisBody"]["eventList"] = events;
    document
}

fn capture_path(organisation: i64) -> String {
    format!("/api/v1/epcis/capture?organisation_id={organisation}")
}

#[tokio::test]
async fn a_document_is_captured_whole_and_queried_back() {
    let app = TestApp::spawn(areas()).await;
    let htx = tea_cooperative(&app).await;
    let (status, body) = app.post_json(&capture_path(htx), &fixture()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["captured"], 5);

    let (status, body) = app.get_json("/api/v1/epcis/events").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["type"], "EPCISQueryDocument");
    assert_eq!(events(&body).len(), 5);
    assert!(events(&body)
        .iter()
        .all(|e| e["recordTime"].is_string() && e["eventID"].is_string()));

    // The lot by its URN finds the events that name it by URN or by Digital Link.
    let lot = "urn:epc:class:lgtin:8935001.023456.CHE-2611";
    let (_, body) = app
        .get_json(&format!("/api/v1/epcis/events?MATCH_anyEPC={lot}"))
        .await;
    assert_eq!(types(&body), ["ObjectEvent", "TransformationEvent"]);
    let (_, body) = app
        .get_json("/api/v1/epcis/events?EQ_bizStep=shipping|packing&perPage=1")
        .await;
    assert_eq!(types(&body), ["AggregationEvent"]);
    let token = body["nextPageToken"].as_str().expect("a second page");
    let (_, body) = app
        .get_json(&format!(
            "/api/v1/epcis/events?EQ_bizStep=shipping|packing&perPage=1&nextPageToken={token}"
        ))
        .await;
    assert_eq!(events(&body)[0]["type"], "TransactionEvent");
    assert!(body.get("nextPageToken").is_none());
    let (_, body) = app
        .get_json("/api/v1/epcis/events?GE_eventTime=2026-11-04T00:00:00%2B07:00&LT_eventTime=2026-11-05T12:00:00%2B07:00")
        .await;
    // 07:00 UTC on the 5th is 14:00 in Vietnam: after the range.
    assert_eq!(types(&body), ["AggregationEvent", "AssociationEvent"]);

    // The same events again: refused, nothing added.
    let (status, body) = app.post_json(&capture_path(htx), &fixture()).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(field_codes(&body).len(), 5);
    let (_, body) = app.get_json("/api/v1/epcis/events").await;
    assert_eq!(events(&body).len(), 5);
    app.stop().await;
}

#[tokio::test]
async fn a_bad_document_changes_nothing_and_names_each_fault() {
    let app = TestApp::spawn(areas()).await;
    let htx = tea_cooperative(&app).await;
    let mut document = fixture();
    let list = document["epcisBody"]["eventList"].as_array_mut().unwrap();
    list[0]["eventTime"] = json!("2026-11-02T06:30:00");
    list[2]["childEPCs"][0] = json!("https://id.gs1.org/01/08935001234563/21/T0001");
    list[3]["bizStep"] = json!("harvesting");
    let (status, body) = app.post_json(&capture_path(htx), &document).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_codes(&body),
        [
            (
                "eventList[0].eventTime".to_owned(),
                "epcis_time_without_offset".to_owned()
            ),
            (
                "eventList[2].childEPCs[0]".to_owned(),
                "gs1_check_digit".to_owned()
            ),
            ("eventList[3].bizStep".to_owned(), "epcis_not_in_cbv".to_owned()),
        ]
    );
    let message = body["error"]["fields"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("eventTime") && message.contains("thiếu múi giờ"),
        "{message}"
    );

    // A GTIN no product has, a place that is not the cooperative's: named, nothing kept.
    let mut document = fixture();
    let list = document["epcisBody"]["eventList"].as_array_mut().unwrap();
    list[1]["outputEPCList"][0] = json!("https://id.gs1.org/01/09521234543213/21/T0001");
    list[0]["readPoint"]["id"] = json!("urn:epc:id:sgln:8935001.00009.0");
    let (status, body) = app.post_json(&capture_path(htx), &document).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_codes(&body),
        [
            (
                "eventList[0].readPoint.id".to_owned(),
                "epcis_location_unknown".to_owned()
            ),
            (
                "eventList[1].outputEPCList[0]".to_owned(),
                "epcis_unknown_product".to_owned()
            ),
        ]
    );
    let (_, body) = app.get_json("/api/v1/epcis/events").await;
    assert_eq!(events(&body).len(), 0);
    app.stop().await;
}

#[tokio::test]
async fn an_error_declaration_corrects_an_event_once() {
    let app = TestApp::spawn(areas()).await;
    let htx = tea_cooperative(&app).await;
    let (status, _) = app.post_json(&capture_path(htx), &fixture()).await;
    assert_eq!(status, 201);
    let declaration = document_of(json!([declared_wrong("2026-11-06T10:00:00+07:00")]));
    let (status, body) = app.post_json(&capture_path(htx), &declaration).await;
    assert_eq!(status, 201, "{body}");
    // Declaring it wrong again is refused; the declaration itself is a duplicate.
    let again = document_of(json!([declared_wrong("2026-11-07T10:00:00+07:00")]));
    let (status, body) = app.post_json(&capture_path(htx), &again).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_codes(&body),
        [(
            "eventList[0].errorDeclaration".to_owned(),
            "epcis_declared_already".to_owned()
        )]
    );
    app.stop().await;
}

#[tokio::test]
async fn no_one_records_for_an_organisation_they_do_not_keep() {
    let app = TestApp::spawn(areas()).await;
    let htx = tea_cooperative(&app).await;
    let other = la_bang(&app).await;
    let manager = person(
        &app,
        "giamdoc",
        Some(json!({"role": "manager", "organisation_id": other})),
    )
    .await;
    // The other cooperative's manager may not capture for Tân Cương's, nor claim its places.
    let (status, _) = manager.post_json(&capture_path(htx), &fixture()).await;
    assert!(status == 403 || status == 404, "{status}");
    let (status, body) = manager.post_json("/api/v1/epcis/capture", &fixture()).await;
    assert_eq!(status, 422, "{body}");
    let codes: Vec<String> = field_codes(&body).into_iter().map(|(_, code)| code).collect();
    assert!(codes.contains(&"epcis_location_not_yours".to_owned()), "{body}");
    // Nor read its events.
    let (status, _) = app.post_json(&capture_path(htx), &fixture()).await;
    assert_eq!(status, 201);
    let (_, body) = manager.get_json("/api/v1/epcis/events").await;
    assert_eq!(events(&body).len(), 0);
    let anonymous = app.browser();
    let (status, _) = anonymous.post_json(&capture_path(htx), &fixture()).await;
    assert_eq!(status, 401);
    app.stop().await;
}

#[tokio::test]
async fn a_scanned_code_shows_the_lot_s_journey_from_the_field() {
    let app = TestApp::spawn(areas()).await;
    let htx = tea_cooperative(&app).await;
    let (status, _) = app.post_json(&capture_path(htx), &fixture()).await;
    assert_eq!(status, 201);
    let consumer = app.browser();

    // The roasted lot's code tells its roasting and, through it, the harvest of the leaves it
    // was made from, where it happened, in Vietnam's time.
    let (status, html) = consumer.get_html("/01/08935001234562/10/B2611").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Chè búp Tân Cương"), "{html}");
    let harvest = html
        .find("02/11/2026\u{a0}06:30")
        .expect("the harvest, in Vietnam's time");
    let roasting = html.find("03/11/2026\u{a0}14:00").expect("the roasting");
    assert!(harvest < roasting, "the earliest step first");
    assert!(html.contains("Đồi chè số 3"), "the harvest's place");

    // The product's code alone: the product, no journey.
    let (status, html) = consumer.get_html("/01/8935001234562").await;
    assert_eq!(status, 200);
    assert!(html.contains("Chè búp Tân Cương") && !html.contains("06:30"));
    // A lot the records do not know is said to be unknown, not shown as if it were real.
    let (status, html) = consumer.get_html("/01/08935001234562/10/B9999").await;
    assert_eq!(status, 200);
    assert!(html.contains("Không tìm thấy lô «B9999»"), "{html}");
    // Codes no product has, or that do not check: a plain 404.
    for unknown in [
        "/01/09521234543213/10/L1",
        "/01/08935001234563/10/B2611",
        "/01/08935001234562/17/270101",
    ] {
        let (status, _) = consumer.get_html(unknown).await;
        assert_eq!(status, 404, "{unknown}");
    }

    // The linkset, asked for by media type.
    let response = app
        .client()
        .get(app.url("/01/08935001234562/10/B2611"))
        .header("Accept", "application/linkset+json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/linkset+json");
    let linkset: Value = response.json().await.unwrap();
    let links = &linkset["linkset"][0];
    assert!(links["anchor"]
        .as_str()
        .unwrap()
        .ends_with("/01/08935001234562/10/B2611"));
    assert_eq!(links["https://gs1.org/voc/pip"][0]["title"], "Chè búp Tân Cương");
    assert!(links["https://gs1.org/voc/traceability"][0]["href"].is_string());

    // The harvest declared wrong leaves the journey and stays in the record.
    let declaration = document_of(json!([declared_wrong("2026-11-06T10:00:00+07:00")]));
    let (status, body) = app.post_json(&capture_path(htx), &declaration).await;
    assert_eq!(status, 201, "{body}");
    let (_, html) = consumer.get_html("/01/08935001234562/10/B2611").await;
    assert!(
        !html.contains("02/11/2026\u{a0}06:30") && html.contains("03/11/2026\u{a0}14:00"),
        "{html}"
    );
    let (_, body) = app
        .get_json("/api/v1/epcis/events?EQ_bizStep=commissioning&eventType=ObjectEvent")
        .await;
    assert_eq!(events(&body).len(), 2, "the event and its declaration");
    app.stop().await;
}

#[tokio::test]
async fn what_a_first_attempt_to_break_capture_and_query_found() {
    let app = TestApp::spawn(areas()).await;
    let htx = tea_cooperative(&app).await;
    let (status, _) = app.post_json(&capture_path(htx), &fixture()).await;
    assert_eq!(status, 201);

    // One event declared wrong twice in one document: the second is refused, not a failure.
    let declaration = document_of(json!([
        declared_wrong("2026-11-06T10:00:00+07:00"),
        declared_wrong("2026-11-07T10:00:00+07:00")
    ]));
    let (status, body) = app.post_json(&capture_path(htx), &declaration).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_codes(&body),
        [(
            "eventList[1].errorDeclaration".to_owned(),
            "epcis_declared_already".to_owned()
        )]
    );

    // An upper-case scheme is read, and its check digit checked.
    let mut document = fixture();
    document["epcisBody"]["eventList"][1]["outputEPCList"][0] =
        json!("HTTPS://id.gs1.org/01/08935001234563/21/X1");
    let (status, body) = app.post_json(&capture_path(htx), &document).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        field_codes(&body),
        [(
            "eventList[1].outputEPCList[0]".to_owned(),
            "gs1_check_digit".to_owned()
        )]
    );

    // A key with a control character is refused like a value.
    let mut document = fixture();
    document["epcisBody"]["eventList"][0]["ilmd"]["vn:a\u{0}"] = json!("1");
    let (status, body) = app.post_json(&capture_path(htx), &document).await;
    assert_eq!(status, 422, "{body}");

    // Another organisation may record the same happening: the duplicate is the organisation's.
    let other = la_bang(&app).await;
    let mut unplaced = fixture();
    for event in unplaced["epcisBody"]["eventList"].as_array_mut().unwrap() {
        let event = event.as_object_mut().unwrap();
        event.remove("readPoint");
        event.remove("bizLocation");
    }
    // Three of these are the cooperative's events exactly (they name no place).
    let (status, body) = app.post_json(&capture_path(other), &unplaced).await;
    assert_eq!(status, 201, "{body}");

    // A CBV word as a URI finds what its bare form does; the next page keeps the filters.
    let (_, bare) = app.get_json("/api/v1/epcis/events?EQ_bizStep=packing").await;
    let (_, uri) = app
        .get_json("/api/v1/epcis/events?EQ_bizStep=urn:epcglobal:cbv:bizstep:packing")
        .await;
    assert_eq!(types(&bare), types(&uri));
    assert!(!types(&bare).is_empty());
    let response = app
        .get("/api/v1/epcis/events?eventType=TransformationEvent&perPage=1")
        .await;
    let link = response.headers()["link"].to_str().unwrap().to_owned();
    assert!(link.contains("eventType=TransformationEvent"), "{link}");
    let next = link.trim_start_matches('<').split('>').next().unwrap().to_owned();
    let (_, body) = app.get_json(&next).await;
    assert_eq!(types(&body), ["TransformationEvent"]);
    // A GTIN alone finds its lots' and items' events.
    let (_, body) = app
        .get_json("/api/v1/epcis/events?MATCH_anyEPC=urn:epc:idpat:sgtin:8935001.023456.*")
        .await;
    assert!(types(&body).len() >= 4, "{body}");

    // A parameter the query does not know is refused; a stranger's query is asked to sign in.
    let (status, _) = app.get_json("/api/v1/epcis/events?orderBy=eventTime").await;
    assert_eq!(status, 400);
    let (status, _) = app.browser().get_json("/api/v1/epcis/events").await;
    assert_eq!(status, 401);
    // The places' address answers with the places.
    let (status, body) = app
        .get_json(&format!("/api/v1/trace/places?organisation_id={htx}"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body.as_array().unwrap().len(), 2);
    app.stop().await;
}

/// Runs one of poppler's tools (Debian: poppler-utils).
fn poppler(tool: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (Debian: poppler-utils): {e}"))
}

/// A binary PGM (P5) image as (width, height, grey values).
fn pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).unwrap().to_owned());
    }
    (
        fields[1].parse().unwrap(),
        fields[2].parse().unwrap(),
        &bytes[i + 1..],
    )
}

#[tokio::test]
async fn a_lot_s_labels_print_as_qr_codes_that_read_back() {
    let app = TestApp::spawn(areas()).await;
    tea_cooperative(&app).await;
    let response = app.get("/trace/labels?gtin=8935001234562&lot=B2611").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("labels.pdf");
    std::fs::write(&pdf, response.bytes().await.unwrap()).unwrap();

    // As text: fifteen labels, each with its GS1 element strings for people and the product.
    let text = String::from_utf8(poppler("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]).stdout)
        .unwrap();
    assert_eq!(
        text.matches("(01) 08935001234562 (10) B2611").count(),
        15,
        "{text}"
    );
    assert_eq!(text.matches("Chè búp Tân Cương").count(), 15, "{text}");

    // As an image: the codes read back as the lot's Digital Link on this site.
    let image = dir.path().join("page");
    let out = poppler(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "200",
            "-singlefile",
            pdf.to_str().unwrap(),
            image.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(dir.path().join("page.pgm")).unwrap();
    let (width, height, pixels) = pgm(&bytes);
    // Each label, cut out along the grid, holds one code that reads back.
    let dpi_scale = 200.0 / 72.0;
    let margin = (hoptac_trace::labels::MARGIN * dpi_scale) as usize;
    let cell_width = (width - 2 * margin) / hoptac_trace::labels::COLUMNS;
    let cell_height = (height - 2 * margin) / hoptac_trace::labels::ROWS;
    for row in 0..hoptac_trace::labels::ROWS {
        for column in 0..hoptac_trace::labels::COLUMNS {
            let (left, top) = (margin + column * cell_width, margin + row * cell_height);
            let mut label = rqrr::PreparedImage::prepare_from_greyscale(cell_width, cell_height, |x, y| {
                pixels[(top + y) * width + left + x]
            });
            let grids = label.detect_grids();
            assert_eq!(grids.len(), 1, "one code on label {row}, {column}");
            let (_, content) = grids[0].decode().expect("a readable code");
            assert_eq!(content, app.url("/01/08935001234562/10/B2611"));
        }
    }

    // Only those who keep the product's traceability print its labels; a bad lot is named.
    let (status, html) = app
        .browser()
        .get_html("/trace/labels?gtin=8935001234562&lot=B2611")
        .await;
    assert_ne!(status, 200, "{html}");
    let stranger = person(&app, "nguoila", None).await;
    let (status, _) = stranger
        .get_html("/trace/labels?gtin=8935001234562&lot=B2611")
        .await;
    assert_eq!(status, 404);
    let (status, _) = app.get_html("/trace/labels?gtin=8935001234562&lot=L%C3%94").await;
    assert_eq!(status, 422);
    app.stop().await;
}
