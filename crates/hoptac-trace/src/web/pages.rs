//! The GS1 Digital Link resolver on the site's root (`/01/{gtin}`, `/01/{gtin}/10/{lot}`,
//! `/01/{gtin}/21/{serial}`, `/01/{gtin}/10/{lot}/21/{serial}`): what a phone opens when it scans
//! a product's QR code. It answers with the consumer's page by default and with the linkset
//! (RFC 9264, `application/linkset+json`) when asked by `Accept` or `?linkType=all`; a code it does
//! not know is a 404.

use super::tr;
use crate::domain::identifiers::{parse_digital_link, IdentifierError, ItemKey};
use crate::store::journey::{self, Scanned, Step};
use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hoptac_core::numbers::format_date;
use hoptac_core::{Lang, StoreError};
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::Query;
use hoptac_web::routes::{blank, render};
use hoptac_web::ui::{url_encode, Chrome, Tr};
use hoptac_web::AppState;
use serde::Deserialize;
use serde_json::json;

/// The resolver's query: `linkType=all` asks for the linkset.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ResolveQuery {
    #[serde(rename = "linkType")]
    pub link_type: Option<String>,
}

/// One step of the journey as the page shows it.
pub struct StepRow {
    pub when: String,
    pub what: String,
    pub place: Option<String>,
    pub who: String,
}

#[derive(Template)]
#[template(path = "trace_product.html")]
struct ProductPage {
    t: Tr,
    chrome: Chrome,
    scanned: Scanned,
    key: ItemKey,
    stars: String,
    holds_until: String,
    steps: Vec<StepRow>,
    /// Where the lot's labels print, for those who keep the product's traceability.
    labels_href: Option<String>,
}

/// Which labels to print.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LabelsQuery {
    pub gtin: Option<String>,
    pub lot: Option<String>,
}

/// A sheet of QR labels for a lot of a product (`/trace/labels?gtin=…&lot=…`), for whoever may
/// record its maker's traceability: an A4 PDF to print and cut.
pub async fn labels(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(query): Query<LabelsQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    ctx.page_user()?;
    let refused = |field: &str, code: &'static str| PageError::Refused {
        lang,
        status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        errors: hoptac_core::FieldErrors::single(field, code),
    };
    let gtin = blank(&query.gtin).ok_or_else(|| refused("gtin", "required"))?;
    let lot = blank(&query.lot).ok_or_else(|| refused("lot", "required"))?;
    let key = parse_digital_link(&format!("/01/{gtin}/10/{}", url_encode(lot))).map_err(|why| {
        let field = if why == IdentifierError::AttributeFormat {
            "lot"
        } else {
            "gtin"
        };
        refused(field, why.code())
    })?;

    let scanned = journey::product_of(state.db(), key.gtin.as_str(), state.clock().today())
        .await
        .or_page(lang)?;
    keeps_traceability(&state, &ctx, scanned.product.organisation_id)
        .await
        .then_some(())
        .ok_or_else(|| PageError::from_store(StoreError::NotFound, lang))?;
    let pdf = crate::labels::label_sheet(&scanned.product.name, &key, &state.site_address(&headers))
        .map_err(|e| PageError::Internal(lang, e.to_string()))?;
    let file_name = format!("tem-{}-{}.pdf", key.gtin, key.lot.as_deref().unwrap_or_default());
    Ok(hoptac_web::routes::file_response(
        "inline",
        "application/pdf",
        &file_name,
        pdf,
    ))
}

/// True when the signed-in person may record the organisation's traceability.
async fn keeps_traceability(state: &AppState, ctx: &Ctx, organisation_id: i64) -> bool {
    ctx.user.is_some()
        && hoptac_core::gate::authorize(
            state.db(),
            &ctx.actor(),
            hoptac_core::access::Permission::Trace,
            organisation_id,
        )
        .await
        .is_ok()
}

/// Answers a scanned code.
pub async fn resolve(
    State(state): State<AppState>,
    ctx: Ctx,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<ResolveQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let not_found = || PageError::from_store(StoreError::NotFound, lang);
    let key = parse_digital_link(uri.path()).map_err(|_| not_found())?;
    let today = state.clock().today();
    let scanned = journey::product_of(state.db(), key.gtin.as_str(), today)
        .await
        .or_page(lang)?;
    if wants_linkset(&headers, &query) {
        return Ok(linkset(&state.site_address(&headers), &key, &scanned, lang));
    }
    let steps = if key.lot.is_some() || key.serial.is_some() {
        journey::journey(state.db(), &key).await.or_page(lang)?
    } else {
        Vec::new()
    };
    let keeps = keeps_traceability(&state, &ctx, scanned.product.organisation_id).await;
    let labels_href = match (&key.lot, keeps) {
        (Some(lot), true) => Some(format!("/trace/labels?gtin={}&lot={}", key.gtin, url_encode(lot))),
        _ => None,
    };
    let t = tr(lang);
    let page = ProductPage {
        labels_href,
        stars: scanned
            .product
            .stars
            .map(|n| "★".repeat(usize::try_from(n).unwrap_or(0)))
            .unwrap_or_default(),
        holds_until: scanned.product.expires_on.map(format_date).unwrap_or_default(),
        steps: steps.iter().map(|s| step_row(t, s)).collect(),
        chrome: Chrome::new(&ctx),
        t,
        scanned,
        key,
    };
    render(page)
}

fn step_row(t: Tr, step: &Step) -> StepRow {
    // A transformation that brings new goods into being (CBV's `commissioning`) is told as
    // processing, its kind, rather than as the picking that also commissions.
    let told_by_kind = step.event_type == "TransformationEvent"
        && step.biz_step.as_deref().is_none_or(|w| w == "commissioning");
    let what = match &step.biz_step {
        Some(word) if !told_by_kind => t
            .known(&format!("BizStep-{word}"))
            .map(str::to_owned)
            .unwrap_or_else(|| word.clone()),
        _ => t.s(&format!("EventType-{}", step.event_type)).to_owned(),
    };
    StepRow {
        // A no-break space: the date and the hour stay on one line on a phone.
        when: step.local_time().format("%d/%m/%Y\u{a0}%H:%M").to_string(),
        what,
        place: step.place.clone(),
        who: step.organisation.clone(),
    }
}

/// True when the client asks for the linkset rather than the page.
fn wants_linkset(headers: &HeaderMap, query: &ResolveQuery) -> bool {
    let asks = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/linkset+json"));
    asks || query.link_type.as_deref() == Some("all")
}

/// The links a code resolves to (RFC 9264), titled in the reader's language: the product's page
/// on this site (GS1's `pip`), its events (`traceability`), and its certificate's public check
/// (`certificationInfo`) when one holds.
fn linkset(base: &str, key: &ItemKey, scanned: &Scanned, lang: Lang) -> Response {
    let t = tr(lang);
    let anchor = format!("{base}{}", key.digital_link_path());
    let language = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    let mut links = json!({
        "anchor": anchor,
        "https://gs1.org/voc/pip": [{
            "href": anchor,
            "title": scanned.product.name,
            "type": "text/html",
            "hreflang": [language],
        }],
    });
    // The OCOP record lists the certificate that holds, with its public check.
    if scanned.product.stars.is_some() {
        links["https://gs1.org/voc/certificationInfo"] = json!([{
            "href": format!("{base}/ocop/products/{}", scanned.product.id),
            "title": t.s("trace-product_record"),
            "type": "text/html",
            "hreflang": [language],
        }]);
    }
    if key.lot.is_some() || key.serial.is_some() {
        links["https://gs1.org/voc/traceability"] = json!([{
            "href": anchor,
            "title": t.s("trace-journey"),
            "type": "text/html",
            "hreflang": [language],
        }]);
    }
    let mut response = Json(json!({ "linkset": [links] })).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/linkset+json"),
    );
    response
}
