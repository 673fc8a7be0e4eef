//! The reports' JSON API under `/api/v1/reports`: the catalogue of indicators (public), a place's
//! report and its communes, entered values and plan targets. Reading needs the permission to read
//! the place's reports; entering needs the one to keep its plans.

use super::ReportQuery;
use crate::document::table_unit;
use crate::domain::narrative::NarrativePart;
use crate::domain::ReportTemplate;
use crate::domain::{
    Completeness, EntryInput, Figure, Indicator, Measure, Period, ReportPlace, Source, TargetInput,
};
use crate::store::entries::{self, EntryRow, TargetRow};
use crate::store::templates;
use crate::store::{self as reports, Report};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::NaiveDate;
use hoptac_core::numbers::Fixed;
use hoptac_core::StoreError;
use hoptac_core::{FieldErrors, Lang};
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{ApiError, ErrorBody, StoreOutcome};
use hoptac_web::extract::ApiJson;
use hoptac_web::extract::{Path, Query};
use hoptac_web::AppState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// One indicator of the catalogue.
#[derive(Serialize, ToSchema)]
pub struct IndicatorBody {
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
    /// What one counts: `HTX`, `thành viên`, `đồng`...
    pub unit: &'static str,
    pub section: &'static str,
    /// `stock` (on the last day), `flow` (over the period), `yearly` (the year's figures) or
    /// `ratio`.
    pub measure: &'static str,
    /// How it is computed from the records, in the request's language.
    pub definition: &'static str,
    /// Whether officers may enter a value or set a target for it.
    pub may_be_entered: bool,
}

/// The catalogue of indicators a report shows.
#[utoipa::path(get, path = "/api/v1/reports/indicators", tag = "reports",
    responses((status = 200, body = Vec<IndicatorBody>)))]
pub async fn indicators(ctx: Ctx) -> Json<Vec<IndicatorBody>> {
    Json(Indicator::shown().map(|i| indicator_body(i, ctx.lang)).collect())
}

fn indicator_body(indicator: Indicator, lang: Lang) -> IndicatorBody {
    let d = indicator.definition();
    IndicatorBody {
        code: indicator.as_str(),
        name_vi: indicator.label(Lang::Vi),
        name_en: indicator.label(Lang::En),
        unit: d.unit.label(Lang::Vi),
        section: d.section.label(lang),
        measure: match d.measure {
            Measure::Stock => "stock",
            Measure::Flow => "flow",
            Measure::Yearly => "yearly",
            Measure::Ratio { .. } => "ratio",
            Measure::Sum(_) => "sum",
        },
        definition: indicator.how(lang),
        may_be_entered: indicator.may_be_entered(),
    }
}

/// A value entered by an officer, with its document.
#[derive(Serialize, ToSchema)]
pub struct EnteredBody {
    pub value: i64,
    pub source: String,
}

/// One line of a report. Money is in đồng.
#[derive(Serialize, ToSchema)]
pub struct FigureBody {
    pub indicator: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub value: Option<i64>,
    /// `computed` (from the records), `entered`, or `mixed` (records for some parts of the
    /// place, entered figures for the others).
    #[schema(value_type = Option<String>)]
    pub source: Option<Source>,
    /// What the records alone give.
    pub computed: Option<i64>,
    /// What was entered for this place and period.
    pub entered: Option<EnteredBody>,
    /// True when an entered value differs from the value the records give.
    pub disagrees: bool,
    /// The year's plan.
    pub target: Option<i64>,
    /// The value as the report's page, text and files state it, in `stated_unit`: counts as they
    /// are, money in triệu đồng (one decimal for amounts per cooperative or per worker), rounded
    /// once, half away from zero.
    pub stated: Option<f64>,
    pub stated_unit: &'static str,
    /// The stated value as a percentage of the stated plan, one decimal.
    pub achievement_percent: Option<f64>,
    /// The same period a year earlier.
    pub previous: Option<i64>,
    /// `value` less `previous`.
    pub change: Option<i64>,
    /// The change as the report states it: the stated values' difference, in `stated_unit`.
    pub stated_change: Option<f64>,
}

impl FigureBody {
    fn of(figure: &Figure, lang: Lang) -> FigureBody {
        FigureBody {
            indicator: figure.indicator.as_str(),
            name: figure.indicator.label(lang),
            unit: figure.indicator.unit().label(lang),
            value: figure.value(),
            source: figure.value.map(|v| v.source),
            computed: figure.computed,
            entered: figure.entered.as_ref().map(|e| EnteredBody {
                value: e.value,
                source: e.source.clone(),
            }),
            disagrees: figure.disagreement().is_some(),
            target: figure.target,
            stated: figure.stated().map(Fixed::to_f64),
            stated_unit: table_unit(figure.indicator.unit(), lang),
            achievement_percent: figure.achievement().map(Fixed::to_f64),
            previous: figure.previous,
            change: figure.value().zip(figure.previous).map(|(v, p)| v - p),
            stated_change: figure.change().map(Fixed::to_f64),
        }
    }
}

/// A period as a report names it.
#[derive(Serialize, ToSchema)]
pub struct PeriodBody {
    pub code: String,
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A place's report for a period.
#[derive(Serialize, ToSchema)]
pub struct ReportBody {
    pub place: String,
    pub place_name: String,
    pub period: PeriodBody,
    pub previous_period: PeriodBody,
    /// The day stocks are counted on: the period's last day, or today while it runs.
    pub as_of: NaiveDate,
    pub figures: Vec<FigureBody>,
    /// The report's text in Vietnamese, paragraph by paragraph.
    pub narrative: Vec<String>,
    /// The template the report is written in, when one was asked for.
    pub template: Option<String>,
    /// The text under the template's headings, the closing "phương hướng, nhiệm vụ" last; one
    /// part without a heading when no template was asked for.
    pub outline: Vec<NarrativePart>,
    /// Which parts of the place (the former provinces of a 2025 province formed by merger, the
    /// provinces of the country) each figure has data for; absent for a place of one part.
    pub completeness: Option<CompletenessBody>,
}

/// A part of a report's place.
#[derive(Serialize, ToSchema)]
pub struct PartBody {
    /// The part's place code, as `place` takes it: `province:2008:06`.
    pub place: String,
    pub name: String,
}

/// One figure's coverage of the parts.
#[derive(Serialize, ToSchema)]
pub struct CoverageBody {
    pub indicator: &'static str,
    pub expected: usize,
    pub with_data: usize,
    /// Parts whose value counts records.
    pub computed: usize,
    /// Parts known only by entered figures.
    pub entered: usize,
    /// The codes of the parts without data.
    pub missing: Vec<String>,
}

/// The parts of a report's place and every indicator's coverage of them.
#[derive(Serialize, ToSchema)]
pub struct CompletenessBody {
    pub parts: Vec<PartBody>,
    pub figures: Vec<CoverageBody>,
}

fn completeness_body(completeness: &Completeness) -> Option<CompletenessBody> {
    let parts = &completeness.parts;
    (!parts.is_empty()).then(|| CompletenessBody {
        parts: parts
            .iter()
            .map(|p| PartBody {
                place: p.place.code(),
                name: p.name.clone(),
            })
            .collect(),
        figures: completeness
            .figures
            .iter()
            .filter(|c| !c.indicator.definition().hidden)
            .map(|c| CoverageBody {
                indicator: c.indicator.as_str(),
                expected: c.expected(),
                with_data: c.with_data(),
                computed: c.computed(),
                entered: c.entered(),
                missing: c.missing().map(|i| parts[i].place.code()).collect(),
            })
            .collect(),
    })
}

fn period_body(period: &Period, lang: Lang) -> PeriodBody {
    PeriodBody {
        code: period.code(),
        label: period.label(lang),
        start: period.start,
        end: period.end,
    }
}

fn report_body(report: &Report, template: Option<&ReportTemplate>, lang: Lang) -> ReportBody {
    let outline = report.narrative_in(template);
    ReportBody {
        place: report.place.place.code(),
        place_name: report.place.name.clone(),
        period: period_body(&report.period, lang),
        previous_period: period_body(&report.previous_period, lang),
        as_of: report.as_of,
        figures: report.figures.iter().map(|f| FigureBody::of(f, lang)).collect(),
        narrative: outline.iter().flat_map(|p| p.paragraphs.clone()).collect(),
        template: template.map(|t| t.code.clone()),
        outline,
        completeness: completeness_body(&report.completeness),
    }
}

fn read_query(query: &ReportQuery, today: NaiveDate, lang: Lang) -> Result<(ReportPlace, Period), ApiError> {
    query.read(today).map_err(StoreError::Validation).or_api(lang)
}

/// The report of a place for a period: every indicator with its source, plan, achievement and
/// the same period a year earlier, and the narrative.
#[utoipa::path(get, path = "/api/v1/reports", tag = "reports", params(ReportQuery),
    responses((status = 200, body = ReportBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ReportQuery>,
) -> Result<Json<ReportBody>, ApiError> {
    let actor = ctx.api_actor()?;
    let today = state.clock().today();
    let asked = templates::asked(state.db(), &query, today)
        .await
        .or_api(ctx.lang)?;
    let report = reports::report(state.db(), &actor, &asked.place, asked.period, today)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(report_body(&report, asked.template.as_ref(), ctx.lang)))
}

/// One commune's values, by indicator code.
#[derive(Serialize, ToSchema)]
pub struct CommuneBody {
    /// The commune as a report place (`commune-2008-05431`).
    pub place: String,
    pub name: String,
    pub era: String,
    pub values: BTreeMap<&'static str, i64>,
}

/// The communes of a province (of either era) side by side for a period.
#[utoipa::path(get, path = "/api/v1/reports/communes", tag = "reports", params(ReportQuery),
    responses((status = 200, body = Vec<CommuneBody>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn communes(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ReportQuery>,
) -> Result<Json<Vec<CommuneBody>>, ApiError> {
    let actor = ctx.api_actor()?;
    let today = state.clock().today();
    let (place, period) = read_query(&query, today, ctx.lang)?;
    let lines = reports::communes(state.db(), &actor, &place, period, today)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(
        lines
            .into_iter()
            .map(|line| CommuneBody {
                place: format!("commune-{}-{}", line.commune.era, line.commune.code),
                name: line.commune.name,
                era: line.commune.era,
                values: line.values.iter().map(|(i, v)| (i.as_str(), v.value)).collect(),
            })
            .collect(),
    ))
}

/// The place whose entries or targets to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlaceQuery {
    /// A report place (`province-19`...).
    pub place: String,
}

fn place_of(query: &PlaceQuery, lang: Lang) -> Result<ReportPlace, ApiError> {
    ReportPlace::parse(&query.place)
        .ok_or_else(|| {
            let mut e = FieldErrors::new();
            e.add_with("place", "unknown_place", vec![("value", query.place.clone())]);
            StoreError::Validation(e)
        })
        .or_api(lang)
}

fn created<T: Serialize>(location: String, body: T) -> impl IntoResponse {
    (StatusCode::CREATED, [(header::LOCATION, location)], Json(body))
}

/// The values entered for a place, latest period first.
#[utoipa::path(get, path = "/api/v1/reports/entries", tag = "reports", params(PlaceQuery),
    responses((status = 200, body = Vec<EntryRow>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_entries(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<PlaceQuery>,
) -> Result<Json<Vec<EntryRow>>, ApiError> {
    let actor = ctx.api_actor()?;
    let place = place_of(&query, ctx.lang)?;
    Ok(Json(
        entries::list(state.db(), &actor, &place).await.or_api(ctx.lang)?,
    ))
}

/// Enters an indicator's value for a place and period with the document it comes from; a value
/// entered before for the same indicator, place and period is replaced.
#[utoipa::path(post, path = "/api/v1/reports/entries", tag = "reports", request_body = EntryInput,
    responses((status = 201, body = EntryRow), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_entry(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<EntryInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let row = entries::save(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    Ok(created(
        format!("/api/v1/reports/entries?place={}", input.place.trim()),
        row,
    ))
}

#[utoipa::path(delete, path = "/api/v1/reports/entries/{id}", tag = "reports",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_entry(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    entries::delete(&state.context(&actor), id)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The plan targets of a place, latest year first.
#[utoipa::path(get, path = "/api/v1/reports/targets", tag = "reports", params(PlaceQuery),
    responses((status = 200, body = Vec<TargetRow>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_targets(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<PlaceQuery>,
) -> Result<Json<Vec<TargetRow>>, ApiError> {
    let actor = ctx.api_actor()?;
    let place = place_of(&query, ctx.lang)?;
    Ok(Json(
        entries::list_targets(state.db(), &actor, &place)
            .await
            .or_api(ctx.lang)?,
    ))
}

/// Sets the year's target of an indicator for a place; a target set before for the same
/// indicator, place and year is replaced.
#[utoipa::path(post, path = "/api/v1/reports/targets", tag = "reports", request_body = TargetInput,
    responses((status = 201, body = TargetRow), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_target(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<TargetInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let row = entries::save_target(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    Ok(created(
        format!("/api/v1/reports/targets?place={}", input.place.trim()),
        row,
    ))
}

#[utoipa::path(delete, path = "/api/v1/reports/targets/{id}", tag = "reports",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_target(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    entries::delete_target(&state.context(&actor), id)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}
