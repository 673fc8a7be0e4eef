//! Report templates on the web: the list, a template's form (sections with their headings and
//! indicators, the closing "phương hướng, nhiệm vụ" section), saving and removing; and the same
//! under `/api/v1/report-templates`. Anyone signed in reads them; those who keep a province's
//! plans save their province's, the national level those of every place.

use crate::domain::template::{codes, MAX_SECTIONS};
use crate::domain::{Indicator, ReportTemplate, SectionInput, TemplateInput, TemplateKind};
use crate::store::templates;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use hoptac_core::access::Access;
use hoptac_core::admin::Era;
use hoptac_core::admin_units;
use hoptac_core::{FieldErrors, Lang};
use hoptac_web::confirm::ConfirmedForm;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{ApiError, ErrorBody, PageError, StoreOutcome};
use hoptac_web::extract::{ApiJson, HtmlForm, NoFields, Path, Query};
use hoptac_web::routes::{render, render_form};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

// ----- pages -----

struct TemplateLine {
    code: String,
    name: String,
    kind: &'static str,
    scope: String,
    sections: usize,
    shipped: bool,
    may_edit: bool,
}

#[derive(Template)]
#[template(path = "report_templates.html")]
struct ListPage {
    t: Tr,
    chrome: Chrome,
    lines: Vec<TemplateLine>,
    may_create: bool,
}

/// Where a template is used, as the list names it.
fn scope_name(province: Option<&str>, provinces: &[(String, String)], lang: Lang) -> String {
    match province {
        None => super::tr(lang).s("reports-every_place").to_owned(),
        Some(code) => provinces
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| code.to_owned()),
    }
}

/// The 2025 provinces by code and name.
async fn provinces(state: &AppState) -> hoptac_core::StoreResult<Vec<(String, String)>> {
    Ok(admin_units::provinces(state.db(), Era::Y2025)
        .await?
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect())
}

/// The provinces whose templates `access` may keep, with "every place" first where it may.
fn keepable(access: &Access, provinces: &[(String, String)], lang: Lang) -> Vec<(String, String)> {
    let every = templates::may_keep(access, None)
        .then(|| (String::new(), super::tr(lang).s("reports-every_place").to_owned()));
    every
        .into_iter()
        .chain(
            provinces
                .iter()
                .filter(|(code, _)| templates::may_keep(access, Some(code)))
                .cloned(),
        )
        .collect()
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    ctx.page_actor()?;
    let lang = ctx.lang;
    let provinces = provinces(&state).await.or_page(lang)?;
    let lines = templates::list(state.db())
        .await
        .or_page(lang)?
        .into_iter()
        .map(|t| TemplateLine {
            scope: scope_name(t.province.as_deref(), &provinces, lang),
            may_edit: !t.shipped && templates::may_keep(&ctx.access, t.province.as_deref()),
            kind: t.kind.label(lang),
            sections: t.sections.len(),
            shipped: t.shipped,
            code: t.code,
            name: t.name,
        })
        .collect();
    render(ListPage {
        t: super::tr(lang),
        chrome: Chrome::new(&ctx),
        may_create: !keepable(&ctx.access, &provinces, lang).is_empty(),
        lines,
    })
}

/// One section's boxes in the form.
struct SectionBoxes {
    heading: String,
    /// The codes, one per line.
    indicators: String,
}

impl SectionBoxes {
    fn of(section: &SectionInput) -> SectionBoxes {
        SectionBoxes {
            heading: section.heading.clone(),
            indicators: section.indicators.join("\n"),
        }
    }
}

#[derive(Template)]
#[template(path = "report_template.html")]
struct FormPage {
    t: Tr,
    chrome: Chrome,
    title: String,
    input: TemplateInput,
    sections: Vec<SectionBoxes>,
    outlook: SectionBoxes,
    kinds: Vec<(&'static str, &'static str)>,
    provinces: Vec<(String, String)>,
    /// The catalogue's shown indicators: code, name, whether a target may be set.
    catalogue: Vec<(&'static str, &'static str, bool)>,
    /// Saving is offered: a template of the person's own that is not shipped.
    may_save: bool,
    /// The template is saved already: it may be removed.
    saved: bool,
    errors: FormErrors,
}

impl FormPage {
    fn province_selected(&self, code: &str) -> bool {
        self.input.province.as_deref().unwrap_or("") == code
    }
}

/// The form with what the template holds or what was typed, and room for more sections.
async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    input: TemplateInput,
    saved: Option<&ReportTemplate>,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let provinces = keepable(&ctx.access, &provinces(state).await.or_page(lang)?, lang);
    let may_save = !provinces.is_empty()
        && saved.is_none_or(|t| !t.shipped && templates::may_keep(&ctx.access, t.province.as_deref()));
    let mut sections: Vec<SectionBoxes> = input.sections.iter().map(SectionBoxes::of).collect();
    let room = (sections.len() + 2).clamp(4, MAX_SECTIONS);
    while sections.len() < room {
        sections.push(SectionBoxes::of(&SectionInput::default()));
    }
    let title = match saved {
        Some(t) => t.name.clone(),
        None => super::tr(lang).s("reports-new_template").to_owned(),
    };
    render_form(
        !errors.is_empty(),
        FormPage {
            t: super::tr(lang),
            chrome: Chrome::new(ctx),
            title,
            outlook: SectionBoxes::of(&input.outlook),
            sections,
            kinds: TemplateKind::ALL
                .iter()
                .map(|k| (k.as_str(), k.label(lang)))
                .collect(),
            provinces,
            catalogue: Indicator::shown()
                .map(|i| (i.as_str(), i.label(lang), i.may_be_entered()))
                .collect(),
            may_save,
            saved: saved.is_some_and(|t| !t.shipped),
            input,
            errors: FormErrors::new(lang, errors),
        },
    )
}

#[derive(Deserialize)]
pub struct FromParam {
    from: Option<String>,
}

/// A new template, blank or a copy of `from` under a new code.
pub async fn new(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(param): Query<FromParam>,
) -> Result<Response, PageError> {
    ctx.page_actor()?;
    let mut input = TemplateInput::default();
    if let Some(code) = param.from.as_deref().filter(|c| !c.is_empty()) {
        let from = templates::find(state.db(), code).await.or_page(ctx.lang)?;
        let from = from.ok_or(PageError::NotFound(ctx.lang))?;
        input = TemplateInput {
            code: format!("{}-rieng", from.code),
            province: None,
            ..from.input()
        };
    }
    form_page(&state, &ctx, input, None, FieldErrors::new()).await
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    ctx.page_actor()?;
    let template = templates::find(state.db(), &code).await.or_page(ctx.lang)?;
    let template = template.ok_or(PageError::NotFound(ctx.lang))?;
    form_page(
        &state,
        &ctx,
        template.input(),
        Some(&template),
        FieldErrors::new(),
    )
    .await
}

/// The form as posted: the sections' boxes side by side, in order.
#[derive(Deserialize)]
pub struct TemplateForm {
    code: String,
    name: String,
    kind: String,
    title: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    section_heading: Vec<String>,
    #[serde(default)]
    section_indicators: Vec<String>,
    #[serde(default)]
    outlook_heading: String,
    #[serde(default)]
    outlook_indicators: String,
}

impl TemplateForm {
    fn input(self) -> TemplateInput {
        let sections = self
            .section_heading
            .iter()
            .zip(
                self.section_indicators
                    .iter()
                    .map(String::as_str)
                    .chain(std::iter::repeat("")),
            )
            .map(|(heading, indicators)| SectionInput {
                heading: heading.clone(),
                indicators: codes(indicators),
            })
            .collect();
        TemplateInput {
            code: self.code,
            name: self.name,
            kind: self.kind,
            title: self.title,
            sections,
            outlook: SectionInput {
                heading: self.outlook_heading,
                indicators: codes(&self.outlook_indicators),
            },
            province: Some(self.province).filter(|p| !p.trim().is_empty()),
        }
    }
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(form): HtmlForm<TemplateForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let input = form.input();
    match templates::save(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(saved) => Ok(Redirect::to(&format!("/reports/templates/{}", saved.code)).into_response()),
        Err(errors) => {
            let saved = templates::find(state.db(), input.code.trim())
                .await
                .or_page(ctx.lang)?;
            form_page(&state, &ctx, input, saved.as_ref().filter(|t| !t.shipped), errors).await
        }
    }
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    _: ConfirmedForm<NoFields>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    templates::delete(&state.context(&actor), &code)
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to("/reports/templates").into_response())
}

// ----- API -----

/// A report template as the API gives it.
#[derive(Serialize, ToSchema)]
pub struct TemplateBody {
    #[serde(flatten)]
    pub template: TemplateInput,
    /// Shipped with hoptac: read only (copy it under a code of your own to change it).
    pub shipped: bool,
}

fn body(template: &ReportTemplate) -> TemplateBody {
    TemplateBody {
        template: template.input(),
        shipped: template.shipped,
    }
}

/// Every report template: the shipped six-month and yearly reviews, then those saved.
#[utoipa::path(get, path = "/api/v1/report-templates", tag = "reports",
    responses((status = 200, body = Vec<TemplateBody>), (status = 401, body = ErrorBody)))]
pub async fn api_list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<TemplateBody>>, ApiError> {
    ctx.api_actor()?;
    let all = templates::list(state.db()).await.or_api(ctx.lang)?;
    Ok(Json(all.iter().map(body).collect()))
}

#[utoipa::path(get, path = "/api/v1/report-templates/{code}", tag = "reports",
    responses((status = 200, body = TemplateBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<TemplateBody>, ApiError> {
    ctx.api_actor()?;
    let template = templates::find(state.db(), &code).await.or_api(ctx.lang)?;
    let template = template.ok_or(ApiError::not_found(ctx.lang))?;
    Ok(Json(body(&template)))
}

/// Saves a template under the code of the path (the body's code is not read), replacing the one
/// saved there. Every indicator must be in the catalogue, and those of the closing section must
/// be ones a target may be set for; nothing is saved otherwise.
#[utoipa::path(put, path = "/api/v1/report-templates/{code}", tag = "reports", request_body = TemplateInput,
    responses((status = 200, body = TemplateBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn api_save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<TemplateInput>,
) -> Result<Json<TemplateBody>, ApiError> {
    let actor = ctx.api_actor()?;
    let input = TemplateInput { code, ..input };
    let saved = templates::save(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(body(&saved)))
}

#[utoipa::path(delete, path = "/api/v1/report-templates/{code}", tag = "reports",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    templates::delete(&state.context(&actor), &code)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}
