//! Administrative units: a page that shows the 34 provinces and what they were formed from, and the
//! API that the organisation form uses to offer communes.

use crate::ctx::Ctx;
use crate::error::StoreOutcome;
use crate::error::{ApiError, ErrorBody, PageError};
use crate::extract::Query;
use crate::ui::{Chrome, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use hoptac_core::admin::{is_province_code, Era};
use hoptac_core::admin_units::{self, Commune, Province};
use hoptac_core::{FieldErrors, Lang};
use serde::Deserialize;

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitsQuery {
    /// `2025` (default) or `2008`.
    pub era: Option<String>,
    /// A province code of that era (for communes).
    pub province: Option<String>,
}

impl UnitsQuery {
    fn era(&self) -> Result<Era, FieldErrors> {
        match self.era.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            None => Ok(Era::Y2025),
            Some(e) => Era::parse(e).ok_or_else(|| {
                let mut errors = FieldErrors::new();
                errors.add_with("era", "invalid_choice", vec![("value", e.to_owned())]);
                errors
            }),
        }
    }
}

fn invalid(lang: Lang) -> impl Fn(FieldErrors) -> ApiError {
    move |e| ApiError::fields(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", e, lang)
}

/// The provinces of an era, with the 2025 province each 2008 one merged into.
#[utoipa::path(get, path = "/api/v1/admin-units/provinces", tag = "admin-units", params(UnitsQuery),
    responses((status = 200, body = Vec<Province>), (status = 422, body = ErrorBody)))]
pub async fn api_provinces(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<UnitsQuery>,
) -> Result<Json<Vec<Province>>, ApiError> {
    let era = q.era().map_err(invalid(ctx.lang))?;
    Ok(Json(
        admin_units::provinces(state.db(), era).await.or_api(ctx.lang)?,
    ))
}

/// The communes of a province in an era.
#[utoipa::path(get, path = "/api/v1/admin-units/communes", tag = "admin-units", params(UnitsQuery),
    responses((status = 200, body = Vec<Commune>), (status = 422, body = ErrorBody)))]
pub async fn api_communes(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<UnitsQuery>,
) -> Result<Json<Vec<Commune>>, ApiError> {
    let era = q.era().map_err(invalid(ctx.lang))?;
    let province = q.province.as_deref().unwrap_or("").trim();
    if !is_province_code(province) {
        let mut errors = FieldErrors::new();
        if province.is_empty() {
            errors.add("province", "required");
        } else {
            errors.add_with("province", "invalid_choice", vec![("value", province.to_owned())]);
        }
        return Err(invalid(ctx.lang)(errors));
    }
    Ok(Json(
        admin_units::communes(state.db(), era, province)
            .await
            .or_api(ctx.lang)?,
    ))
}

struct ProvinceRow {
    code: String,
    name: String,
    predecessors: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    t: Tr,
    chrome: Chrome,
    rows: Vec<ProvinceRow>,
    selected: Option<String>,
    communes: Vec<Commune>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<UnitsQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let era = q.era().map_err(|_| PageError::NotFound(lang))?;
    let db = state.db();
    let mut page = UnitsPage {
        t: Tr::new(lang),
        chrome: Chrome::new(&ctx),
        rows: Vec::new(),
        selected: None,
        communes: Vec::new(),
    };
    if let Some(code) = q.province.as_deref().filter(|c| is_province_code(c)) {
        let province = admin_units::province(db, era, code)
            .await
            .or_page(lang)?
            .ok_or(PageError::NotFound(lang))?;
        page.communes = admin_units::communes(db, era, code).await.or_page(lang)?;
        page.selected = Some(province.name);
    } else {
        for p in admin_units::provinces(db, Era::Y2025).await.or_page(lang)? {
            let predecessors = admin_units::predecessors(db, &p.code)
                .await
                .or_page(lang)?
                .into_iter()
                .map(|o| (o.code, o.name))
                .collect();
            page.rows.push(ProvinceRow {
                code: p.code,
                name: p.name,
                predecessors,
            });
        }
    }
    let html = page
        .render()
        .map_err(|e| PageError::Internal(lang, e.to_string()))?;
    Ok(Html(html).into_response())
}
