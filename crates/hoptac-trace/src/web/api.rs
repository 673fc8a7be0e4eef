//! Traceability in the API: EPCIS 2.0 capture and query (`/api/v1/epcis/capture`,
//! `/api/v1/epcis/events`, the standard's REST binding as far as it goes here), and the places
//! and GTINs events are checked against (`/api/v1/trace/...`). Every write is checked by the
//! store against the caller's right to record the organisation's traceability
//! (`Permission::Trace`).

use crate::domain::epcis::EventType;
use crate::store::events::{self, EventQuery};
use crate::store::places::{self, Place, PlaceInput};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::{DateTime, Utc};
use hoptac_core::access::Permission;
use hoptac_core::access::Scope;
use hoptac_core::FieldErrors;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{ApiError, ErrorBody, StoreOutcome};
use hoptac_web::extract::{ApiJson, Path, Query};
use hoptac_web::routes::blank;
use hoptac_web::AppState;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

fn invalid(errors: FieldErrors, lang: hoptac_core::Lang) -> ApiError {
    ApiError::fields(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        errors,
        lang,
    )
}

/// For whom a capture is made.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaptureQuery {
    /// The organisation the events are its; may be left out by someone who records the
    /// traceability of one organisation only.
    pub organisation_id: Option<String>,
}

/// What a capture kept.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaptureOut {
    /// How many events were kept.
    pub captured: usize,
    /// Their ids, in the document's order.
    pub ids: Vec<i64>,
}

/// Captures an EPCIS 2.0 document (JSON or JSON-LD): every event or none. A malformed event is
/// named by its place and field (`eventList[2].eventTimeZoneOffset`) in a 422; an event captured
/// before is a 409.
#[utoipa::path(post, path = "/api/v1/epcis/capture", tag = "trace", params(CaptureQuery),
    request_body(content = Object, description = "An EPCISDocument", content_type = "application/ld+json"),
    responses((status = 201, body = CaptureOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn capture(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<CaptureQuery>,
    ApiJson(document): ApiJson<Value>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let organisation_id = match organisation_param(&query.organisation_id, ctx.lang)? {
        Some(id) => id,
        None => only_organisation(&actor.access)
            .ok_or_else(|| invalid(FieldErrors::single("organisation_id", "required"), ctx.lang))?,
    };
    let captured = events::capture(&state.context(&actor), organisation_id, &document)
        .await
        .or_api(ctx.lang)?;
    Ok((
        StatusCode::CREATED,
        Json(CaptureOut {
            captured: captured.ids.len(),
            ids: captured.ids,
        }),
    ))
}

/// The `organisation_id` parameter, when given: a number, or a 422 naming what was sent.
fn organisation_param(value: &Option<String>, lang: hoptac_core::Lang) -> Result<Option<i64>, ApiError> {
    let Some(text) = blank(value) else {
        return Ok(None);
    };
    text.parse::<i64>().map(Some).map_err(|_| {
        let mut errors = FieldErrors::new();
        errors.add_with(
            "organisation_id",
            "invalid_choice",
            vec![("value", text.to_owned())],
        );
        invalid(errors, lang)
    })
}

/// The one organisation a person records traceability for, when there is one.
fn only_organisation(access: &hoptac_core::access::Access) -> Option<i64> {
    let mut found = access.grants.iter().filter_map(|g| match g.scope {
        Scope::Organisation(id) if g.role.permits(Permission::Trace) => Some(id),
        _ => None,
    });
    let first = found.next()?;
    found.all(|id| id == first).then_some(first)
}

/// The EPCIS 2.0 query parameters read (names as the standard's REST binding has them); any
/// other is refused (400), as the standard's QueryParameterException.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// `ObjectEvent`, `AggregationEvent`, `TransactionEvent`, `TransformationEvent`,
    /// `AssociationEvent`; several separated by `|`.
    #[serde(rename = "eventType")]
    #[param(rename = "eventType")]
    pub event_type: Option<String>,
    /// Events at or after this time (RFC 3339, with its offset).
    #[serde(rename = "GE_eventTime")]
    #[param(rename = "GE_eventTime")]
    pub ge_event_time: Option<String>,
    /// Events before this time.
    #[serde(rename = "LT_eventTime")]
    #[param(rename = "LT_eventTime")]
    pub lt_event_time: Option<String>,
    /// Business steps (CBV words or URIs), `|`-separated.
    #[serde(rename = "EQ_bizStep")]
    #[param(rename = "EQ_bizStep")]
    pub eq_biz_step: Option<String>,
    #[serde(rename = "EQ_disposition")]
    #[param(rename = "EQ_disposition")]
    pub eq_disposition: Option<String>,
    #[serde(rename = "EQ_readPoint")]
    #[param(rename = "EQ_readPoint")]
    pub eq_read_point: Option<String>,
    #[serde(rename = "EQ_bizLocation")]
    #[param(rename = "EQ_bizLocation")]
    pub eq_biz_location: Option<String>,
    /// EPCs in any role, `|`-separated: URNs or Digital Links alike.
    #[serde(rename = "MATCH_anyEPC")]
    #[param(rename = "MATCH_anyEPC")]
    pub match_any_epc: Option<String>,
    /// 1 to 1000; 100 by default.
    #[serde(rename = "perPage")]
    #[param(rename = "perPage")]
    pub per_page: Option<String>,
    /// The `nextPageToken` of the page before.
    #[serde(rename = "nextPageToken")]
    #[param(rename = "nextPageToken")]
    pub next_page_token: Option<String>,
}

impl EventsQuery {
    fn to_query(&self) -> Result<EventQuery, FieldErrors> {
        let mut errors = FieldErrors::new();
        let list = |v: &Option<String>| -> Vec<String> {
            blank(v)
                .map(|v| {
                    v.split('|')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut event_types = Vec::new();
        for name in list(&self.event_type) {
            match EventType::parse(&name) {
                Some(t) => event_types.push(t),
                None => errors.add_with("eventType", "invalid_choice", vec![("value", name)]),
            }
        }
        let mut time = |field: &str, v: &Option<String>| -> Option<DateTime<Utc>> {
            let text = blank(v)?;
            match DateTime::parse_from_rfc3339(text) {
                Ok(t) => Some(t.with_timezone(&Utc)),
                Err(_) => {
                    errors.add(field, "epcis_time");
                    None
                }
            }
        };
        let from = time("GE_eventTime", &self.ge_event_time);
        let until = time("LT_eventTime", &self.lt_event_time);
        let number = |field: &str, v: &Option<String>, errors: &mut FieldErrors| -> Option<i64> {
            let text = blank(v)?;
            match text.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    errors.add_with(field, "invalid_choice", vec![("value", text.to_owned())]);
                    None
                }
            }
        };
        let limit = number("perPage", &self.per_page, &mut errors).unwrap_or(100);
        let after = number("nextPageToken", &self.next_page_token, &mut errors);
        errors.into_result(EventQuery {
            event_types,
            from,
            until,
            biz_steps: list(&self.eq_biz_step),
            dispositions: list(&self.eq_disposition),
            read_points: list(&self.eq_read_point),
            biz_locations: list(&self.eq_biz_location),
            any_epcs: list(&self.match_any_epc),
            after,
            limit: limit.min(events::MOST_PER_PAGE),
        })
    }
}

/// The events the caller reaches that meet the query, as an EPCIS query document; a further
/// page is named by `nextPageToken` in the body and a `Link: <…>; rel="next"` header that keeps
/// the query's filters.
#[utoipa::path(get, path = "/api/v1/epcis/events", tag = "trace", params(EventsQuery),
    responses((status = 200, body = Object, description = "An EPCISQueryDocument"), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn query_events(
    State(state): State<AppState>,
    ctx: Ctx,
    uri: axum::http::Uri,
    Query(params): Query<EventsQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let query = params.to_query().map_err(|e| invalid(e, ctx.lang))?;
    let page = events::query(state.db(), &actor.access, &query)
        .await
        .or_api(ctx.lang)?;
    let now = state
        .clock()
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut body = json!({
        "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
        "type": "EPCISQueryDocument",
        "schemaVersion": "2.0",
        "creationDate": now,
        "epcisBody": {
            "queryResults": {
                "queryName": "SimpleEventQuery",
                "resultsBody": { "eventList": page.events }
            }
        }
    });
    let mut headers = axum::http::HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/ld+json"),
    );
    if let Some(next) = page.next {
        body["nextPageToken"] = json!(next.to_string());
        let kept: Vec<&str> = uri
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with("nextPageToken="))
            .collect();
        let mut next_query = kept.join("&");
        if !next_query.is_empty() {
            next_query.push('&');
        }
        let link = format!("</api/v1/epcis/events?{next_query}nextPageToken={next}>; rel=\"next\"");
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    Ok((headers, Json(body)))
}

/// Adds a place to an organisation: a farm, a plot, a workshop, a shop; by GLN or as a local
/// place (named in events by `urn:hoptac:location:{id}`).
#[utoipa::path(post, path = "/api/v1/trace/places", tag = "trace", request_body = PlaceInput,
    responses((status = 201, body = Place), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_place(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<PlaceInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = places::add(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let place = places::kept_by(state.db(), &actor, input.organisation_id)
        .await
        .or_api(ctx.lang)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| ApiError::not_found(ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/v1/trace/places?organisation_id={}", input.organisation_id),
        )],
        Json(place),
    ))
}

/// Whose places.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlacesQuery {
    pub organisation_id: Option<String>,
}

/// An organisation's places, by name: for whoever may read its records or record its
/// traceability.
#[utoipa::path(get, path = "/api/v1/trace/places", tag = "trace", params(PlacesQuery),
    responses((status = 200, body = Vec<Place>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn list_places(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<PlacesQuery>,
) -> Result<Json<Vec<Place>>, ApiError> {
    let actor = ctx.api_actor()?;
    let organisation_id = organisation_param(&query.organisation_id, ctx.lang)?
        .ok_or_else(|| invalid(FieldErrors::single("organisation_id", "required"), ctx.lang))?;
    let found = places::kept_by(state.db(), &actor, organisation_id)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(found))
}

/// A product's GTIN, as typed.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct GtinInput {
    /// 8, 12, 13 or 14 digits, the last the check digit.
    pub gtin: String,
}

/// Gives a product its GTIN; events then name it by GS1 identifiers.
#[utoipa::path(put, path = "/api/v1/trace/products/{id}/gtin", tag = "trace", request_body = GtinInput,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_gtin(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<GtinInput>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    places::set_gtin(&state.context(&actor), id, &input.gtin)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}
