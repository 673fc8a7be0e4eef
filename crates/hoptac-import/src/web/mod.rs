//! The import pages: `/imports` (upload a workbook, see the imports made), the preview of an
//! upload (how the file was read, what saving would do row by row), saving it, and each import's
//! record with the organisations it wrote.

use crate::export::{self, FileFormat};
use crate::jobs;
use crate::plan::{CellNote, Outcome};
use crate::sheets::{self, Importable, SheetKind, SheetPlan};
use crate::store::{self, Upload};
use crate::workbook::{self, Sheet};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use hoptac_core::access::{Access, Permission, Place, Scope};
use hoptac_core::admin::Era;
use hoptac_core::i18n::field_label;
use hoptac_core::numbers::{format_int, format_moment};
use hoptac_core::{FieldErrors, Lang};
use hoptac_registry::store::organisations::OrganisationFilter;
use hoptac_registry::web::ListQuery;
use hoptac_web::confirm::ConfirmedForm;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::{HtmlForm, NoFields, Path, Query, UploadForm};
use hoptac_web::routes::{province_options, render_refused};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::{AppState, Area, NavLink};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// How many problems, notes and rows to save a preview lists of each.
const SHOWN: usize = 500;

/// How many imports the list shows.
const RECENT: i64 = 30;

fn tr(lang: Lang) -> Tr {
    Tr::with(lang, &[crate::TRANSLATIONS])
}

/// Importing as an area of the application: its pages and its link, for those who may register
/// organisations.
pub fn area() -> Area {
    // A province's workbook is larger than a form: the uploads take more.
    let uploads = OpenApiRouter::new()
        .routes(utoipa_axum::routes!(upload_api))
        .route("/imports", get(imports_page).post(upload))
        .route_layer(axum::extract::DefaultBodyLimit::max(
            hoptac_web::extract::UPLOAD_LIMIT_MEGABYTES * 1024 * 1024,
        ));
    let router = OpenApiRouter::with_openapi(ApiTags::openapi())
        .merge(uploads)
        .routes(utoipa_axum::routes!(export_api))
        .route("/exports/{file}", get(export_page))
        .route("/imports/uploads/{id}", get(preview))
        .route("/imports/uploads/{id}/save", post(save))
        .route("/imports/uploads/{id}/columns", post(set_columns))
        .route("/imports/templates/{id}/delete", post(delete_template))
        .route("/imports/uploads/{id}/rejected.xlsx", get(rejected_rows))
        .route("/imports/{id}", get(import_page))
        .route("/imports/jobs/{id}", get(job_page))
        .route("/imports/jobs/{id}/status", get(job_status_fragment))
        .routes(utoipa_axum::routes!(job_api))
        .routes(utoipa_axum::routes!(enqueue_api))
        .routes(utoipa_axum::routes!(preview_api));
    Area {
        nav: Some(NavLink {
            href: "/imports",
            label: "nav-imports",
            shown: may_import,
        }),
        hourly: Some(forget_old_uploads),
        worker: Some(save_queued_sheets),
        home: vec![(7, work_section)],
        ..Area::new(crate::area(), router)
    }
}

#[derive(OpenApi)]
#[openapi(tags((name = "imports", description = "Spreadsheets in and out: the registry as files an import reads back")))]
struct ApiTags;

/// An officer's uploads left unsaved on the home page, each linked to its preview, while they are
/// kept.
fn work_section<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
) -> hoptac_core::BoxFuture<'a, Result<Option<String>, hoptac_web::PageError>> {
    Box::pin(async move {
        if ctx.user.is_none() {
            return Ok(None);
        }
        let lang = ctx.lang;
        let t = tr(lang);
        let actor = ctx.actor();
        let items: Vec<(String, String)> = crate::store::unsaved_uploads(&state.context(&actor))
            .await
            .or_page(lang)?
            .into_iter()
            .map(|(id, name, at)| {
                (
                    t.f(
                        "home-upload_unsaved",
                        &[("name", &name), ("day", &hoptac_core::numbers::format_day_of(at))],
                    ),
                    format!("/imports/uploads/{id}"),
                )
            })
            .collect();
        hoptac_web::routes::home::work_section(lang, "work-imports", t.s("home-imports_work"), &items)
    })
}

/// Saves the sheets queued to be saved, for as long as the server runs.
fn save_queued_sheets(state: AppState) -> hoptac_core::BoxFuture<'static, ()> {
    Box::pin(crate::jobs::work(state.db().clone(), state.clock().clone()))
}

/// Forgets the uploaded files past their keeping time.
fn forget_old_uploads(state: &AppState) -> hoptac_core::BoxFuture<'_, ()> {
    Box::pin(async move {
        if let Err(e) = store::forget_old_uploads(state.db(), state.clock().now()).await {
            tracing::error!(error = %e, "forgetting old uploads failed");
        }
    })
}

/// Those who register organisations across a province (or the country) import a province's
/// workbook: administrators and alliance officers, not a commune's officer.
fn may_import(access: &Access) -> bool {
    access.admin
        || access.grants.iter().any(|g| {
            g.role.permits(Permission::Create) && matches!(g.scope, Scope::Country | Scope::Province(_))
        })
}

// ----- the list and the upload form -----

#[derive(Template)]
#[template(path = "imports.html")]
struct ImportsPage {
    t: Tr,
    chrome: Chrome,
    provinces: Vec<(String, String)>,
    province: String,
    errors: FormErrors,
    imports: Vec<ImportRow>,
    /// The template chosen, by id.
    template: String,
    /// The named ways of reading columns kept: (id, name).
    templates: Vec<(i64, String)>,
}

struct ImportRow {
    id: i64,
    when: String,
    who: String,
    file: String,
    result: String,
}

/// The provinces where the person may register organisations.
async fn provinces_of(state: &AppState, ctx: &Ctx) -> Result<Vec<(String, String)>, PageError> {
    Ok(province_options(state, Era::Y2025, ctx.lang)
        .await?
        .into_iter()
        .filter(|(code, _)| ctx.access.allows(Permission::Create, &Place::province(code)))
        .collect())
}

/// The list and the upload form, with the province and template chosen (kept when refused).
async fn imports_form(
    state: &AppState,
    ctx: &Ctx,
    province: String,
    template: String,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let t = tr(ctx.lang);
    let actor = ctx.actor();
    let imports = store::recent(&state.context(&actor), RECENT)
        .await
        .or_page(ctx.lang)?
        .into_iter()
        .map(|i| ImportRow {
            id: i.id,
            when: format_moment(i.imported_at),
            who: i.actor,
            file: format!("{} ({})", i.file_name, i.sheet),
            result: result_line(t, i.created, i.changed, i.unchanged, i.rejected),
        })
        .collect();
    let provinces = provinces_of(state, ctx).await?;
    let province_name = |code: &str| {
        provinces
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| code.to_owned())
    };
    let templates = store::templates(&state.context(&actor))
        .await
        .or_page(ctx.lang)?
        .into_iter()
        .map(|tpl| {
            (
                tpl.id,
                format!("{} ({})", tpl.name, province_name(&tpl.province_code)),
            )
        })
        .collect();
    render_refused(
        answered(!errors.is_empty()),
        ImportsPage {
            t,
            chrome: Chrome::new(ctx),
            provinces,
            province,
            errors: FormErrors::new(ctx.lang, errors),
            imports,
            template,
            templates,
        },
    )
}

/// A page's status: 422 when it shows why what was sent was refused.
fn answered(refused: bool) -> axum::http::StatusCode {
    if refused {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    }
}

fn result_line(t: Tr, created: i64, changed: i64, unchanged: i64, rejected: i64) -> String {
    t.f(
        "imports-result_line",
        &[
            ("created", &format_int(created)),
            ("changed", &format_int(changed)),
            ("unchanged", &format_int(unchanged)),
            ("rejected", &format_int(rejected)),
        ],
    )
}

fn require_importer(ctx: &Ctx) -> Result<(), PageError> {
    ctx.page_user()?;
    if may_import(&ctx.access) {
        Ok(())
    } else {
        Err(PageError::Forbidden(ctx.lang))
    }
}

pub async fn imports_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    require_importer(&ctx)?;
    // One province to choose is chosen; among several (an administrator's), the person chooses.
    let provinces = provinces_of(&state, &ctx).await?;
    let province = match provinces.as_slice() {
        [(code, _)] => code.clone(),
        _ => String::new(),
    };
    imports_form(&state, &ctx, province, String::new(), FieldErrors::new()).await
}

pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    form: UploadForm,
) -> Result<Response, PageError> {
    require_importer(&ctx)?;
    let actor = ctx.page_actor()?;
    match accept_upload(&state, &actor, &form).await.or_page(ctx.lang)? {
        Ok(id) => Ok(Redirect::to(&format!("/imports/uploads/{id}")).into_response()),
        Err(errors) => {
            let province = form.field("province").unwrap_or_default().to_owned();
            let template = form.field("template").unwrap_or_default().to_owned();
            imports_form(&state, &ctx, province, template, errors).await
        }
    }
}

/// Keeps an uploaded workbook for its uploader when it can be imported: the province is one the
/// uploader registers in, the file a workbook or CSV with a sheet of known headings (read with the
/// chosen template, whose reading is then kept for every sheet). Otherwise the reasons, by field.
async fn accept_upload(
    state: &AppState,
    actor: &hoptac_core::audit::Actor,
    form: &UploadForm,
) -> hoptac_core::StoreResult<Result<i64, FieldErrors>> {
    let province = form.field("province").unwrap_or_default().trim().to_owned();
    let mut errors = FieldErrors::new();
    let in_reach = hoptac_core::admin_units::province(state.db(), Era::Y2025, &province)
        .await?
        .is_some()
        && actor
            .access
            .allows(Permission::Create, &Place::province(&province));
    if province.is_empty() {
        errors.add("province", "required");
    } else if !in_reach {
        errors.add_with("province", "outside_scope", vec![("value", province.clone())]);
    }
    // A template chosen: every sheet's columns are read its way from the start.
    let cx = state.context(actor);
    let template = match form.field("template").filter(|t| !t.is_empty()) {
        None => None,
        Some(written) => {
            let kept = match written.parse::<i64>() {
                Ok(id) => match store::template(&cx, id).await {
                    Ok(kept) => Some(kept),
                    Err(hoptac_core::StoreError::NotFound) => None,
                    Err(e) => return Err(e),
                },
                Err(_) => None,
            };
            // A province's template reads that province's files.
            match kept.filter(|k| k.province_code == province) {
                Some(kept) => Some(kept.mapping()),
                None => {
                    errors.add_with("template", "invalid_choice", vec![("value", written.to_owned())]);
                    None
                }
            }
        }
    };
    let Some(file) = form.file("workbook") else {
        // A file chosen but empty is not a file forgotten.
        let sent_empty = form
            .files
            .iter()
            .any(|f| f.field == "workbook" && !f.name.is_empty());
        errors.add("workbook", if sent_empty { "empty_file" } else { "required" });
        return Ok(Err(errors));
    };
    let bytes = file.bytes.clone();
    let read = tokio::task::spawn_blocking(move || workbook::read(bytes))
        .await
        .map_err(|e| hoptac_core::StoreError::Config(e.to_string()))?;
    let mut sheet_names = Vec::new();
    match read {
        Err(e) => errors.add_with("workbook", e.code(), e.args()),
        Ok(sheets) => {
            if sheets::importable_with(&sheets, |_| template.clone().unwrap_or_default()).is_empty() {
                match sheets.first().and_then(Sheet::separator_name) {
                    // A CSV file read with a separator it does not use is one column of text.
                    Some(separator) => errors.add_with(
                        "workbook",
                        "no_known_headings_csv",
                        vec![("separator", separator)],
                    ),
                    None => errors.add("workbook", "no_known_headings"),
                }
            }
            sheet_names = sheets.into_iter().filter(|s| s.visible).map(|s| s.name).collect();
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let id = store::keep_upload(&cx, &file.name, &file.bytes, &province).await?;
    if let Some(mapping) = template {
        for sheet in sheet_names {
            store::set_columns(&cx, id, &sheet, &mapping).await?;
        }
    }
    Ok(Ok(id))
}

// ----- the API of uploads -----

/// An upload as the API gives it: its sheets that can be imported.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct UploadView {
    pub id: i64,
    pub file_name: String,
    /// The 2025 province whose communes and organisations its rows are looked up in.
    pub province: String,
    pub sheets: Vec<SheetView>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SheetView {
    pub name: String,
    /// `organisations` or `members`.
    pub lists: &'static str,
    /// The import it was saved as.
    pub saved_as: Option<i64>,
}

async fn upload_view(
    state: &AppState,
    actor: &hoptac_core::audit::Actor,
    id: i64,
) -> hoptac_core::StoreResult<UploadView> {
    let (upload, workbook) = read_upload(state, actor, id).await?;
    let saved = crate::plan::saved_sheets(state.db(), id).await?;
    let sheets = readable(&upload, &workbook)
        .iter()
        .map(|i| SheetView {
            name: i.sheet.name.clone(),
            lists: i.kind.as_str(),
            saved_as: saved.iter().find(|(s, _)| *s == i.sheet.name).map(|(_, id)| *id),
        })
        .collect();
    Ok(UploadView {
        id,
        file_name: upload.file_name,
        province: upload.province_code,
        sheets,
    })
}

/// Uploads a workbook (XLSX, XLS, ODS) or CSV file to import into a province: multipart fields
/// `province` (a 2025 province code the caller registers in), `workbook` (the file) and, optionally,
/// `template` (a kept reading of columns, by id). Sent with a personal token (`Authorization: Bearer`):
/// a session's cookie alone does not upload. 201 with its sheets; 422 naming what is wrong with the
/// file or the province.
#[utoipa::path(post, path = "/api/v1/import-uploads", tag = "imports",
    request_body(content_type = "multipart/form-data", description = "province, workbook (the file), template (optional)"),
    responses((status = 201, body = UploadView), (status = 401, body = hoptac_web::error::ErrorBody),
              (status = 403, body = hoptac_web::error::ErrorBody), (status = 422, body = hoptac_web::error::ErrorBody)))]
pub async fn upload_api(
    State(state): State<AppState>,
    ctx: Ctx,
    hoptac_web::extract::ApiUpload(form): hoptac_web::extract::ApiUpload,
) -> Result<Response, hoptac_web::error::ApiError> {
    let actor = ctx.api_actor()?;
    let api = |e| hoptac_web::error::ApiError::from_store(e, ctx.lang);
    if !may_import(&actor.access) {
        return Err(api(hoptac_core::StoreError::Forbidden));
    }
    match accept_upload(&state, &actor, &form).await.map_err(api)? {
        Ok(id) => Ok((
            axum::http::StatusCode::CREATED,
            axum::Json(upload_view(&state, &actor, id).await.map_err(api)?),
        )
            .into_response()),
        Err(errors) => Err(api(hoptac_core::StoreError::Validation(errors))),
    }
}

/// A problem or note on a cell, as the API gives it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NoteView {
    /// The sheet's row, from 1.
    pub row: usize,
    /// The column's heading, when the field has a column.
    pub column: Option<String>,
    pub field: String,
    pub code: &'static str,
    /// "Dòng 17, cột Mã số thuế: ...", in the caller's language.
    pub message: String,
}

/// A record row of a preview.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RecordView {
    pub row: usize,
    /// The organisation's or the member's name.
    pub label: String,
    /// `new`, `changed`, `unchanged` or `rejected`.
    pub outcome: &'static str,
    /// The record it is, when the registry has it.
    pub record_id: Option<i64>,
    pub changes: Vec<hoptac_core::audit::FieldChange>,
    pub problems: Vec<NoteView>,
    pub notes: Vec<NoteView>,
}

/// What importing a sheet would do, as the API gives it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PreviewView {
    pub sheet: String,
    /// `organisations` or `members`.
    pub lists: &'static str,
    /// The year the sheet's figures are for, when it says.
    pub year: Option<i32>,
    /// Each column's heading and the field it is read as (none: not read).
    pub columns: Vec<(String, Option<&'static str>)>,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// The plan's fingerprint: send it with the save, so that a registry changed since fails it.
    pub digest: String,
    pub records: Vec<RecordView>,
}

/// What importing a sheet of an upload would do, row by row, without saving anything (`sheet`:
/// by name; unset, the one sheet a preview shows unasked, or 422 `choose_sheet` naming the sheets
/// when the workbook has several to choose from). For the uploader.
#[utoipa::path(get, path = "/api/v1/import-uploads/{id}", tag = "imports", params(("sheet" = Option<String>, Query, description = "The sheet, by name")),
    responses((status = 200, body = PreviewView), (status = 401, body = hoptac_web::error::ErrorBody),
              (status = 404, body = hoptac_web::error::ErrorBody), (status = 422, body = hoptac_web::error::ErrorBody)))]
pub async fn preview_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::extract::Query(query): axum::extract::Query<SheetQuery>,
) -> Result<axum::Json<PreviewView>, hoptac_web::error::ApiError> {
    let actor = ctx.api_actor()?;
    let lang = ctx.lang;
    let api = |e| hoptac_web::error::ApiError::from_store(e, lang);
    let cx = state.context(&actor);
    let (upload, workbook) = read_upload(&state, &actor, id).await.map_err(api)?;
    let found = readable(&upload, &workbook);
    let asked = query.sheet.as_deref().filter(|s| !s.is_empty());
    let importable = match (chosen(&found, asked), asked) {
        (Some(importable), _) => importable,
        (None, Some(_)) => return Err(hoptac_web::error::ApiError::not_found(lang)),
        // Several sheets and none asked: which there are, to ask for one.
        (None, None) => {
            let names: Vec<String> = found.iter().map(|i| format!("«{}»", i.sheet.name)).collect();
            let mut errors = FieldErrors::new();
            errors.add_with("sheet", "choose_sheet", vec![("sheets", names.join(", "))]);
            return Err(api(hoptac_core::StoreError::Validation(errors)));
        }
    };
    let plan = SheetPlan::of(&cx, importable, &upload.province_code)
        .await
        .map_err(api)?;
    let notes = |notes: &[CellNote]| {
        notes
            .iter()
            .map(|n| NoteView {
                row: n.row,
                column: n.column.clone(),
                field: n.field.clone(),
                code: n.problem.code,
                message: n.describe(lang),
            })
            .collect()
    };
    let counts = plan.counts();
    Ok(axum::Json(PreviewView {
        sheet: importable.sheet.name.clone(),
        lists: importable.kind.as_str(),
        year: plan.year(),
        columns: importable
            .layout
            .columns
            .iter()
            .map(|c| (c.heading.clone(), c.field))
            .collect(),
        new: counts.new,
        changed: counts.changed,
        unchanged: counts.unchanged,
        rejected: counts.rejected,
        digest: plan.digest(),
        records: plan
            .records()
            .iter()
            .map(|r| {
                let (outcome, record_id, changes) = match r.outcome() {
                    Outcome::New => ("new", None, Vec::new()),
                    Outcome::Changed { id, changes } => ("changed", Some(*id), changes.clone()),
                    Outcome::Unchanged { id } => ("unchanged", Some(*id), Vec::new()),
                    Outcome::Rejected => ("rejected", None, Vec::new()),
                };
                RecordView {
                    row: r.row(),
                    label: r.label(),
                    outcome,
                    record_id,
                    changes,
                    problems: notes(r.problems()),
                    notes: notes(r.notes()),
                }
            })
            .collect(),
    }))
}

// ----- the preview and saving -----

#[derive(Template)]
#[template(path = "import_preview.html")]
struct PreviewPage {
    t: Tr,
    chrome: Chrome,
    id: i64,
    file: String,
    /// The workbook's sheets that can be imported: (name, what it lists, its preview's address,
    /// the import it was saved as, whether it is the one shown).
    sheets: Vec<SheetLink>,
    /// The sheet shown, when one is chosen.
    shown: Option<ShownSheet>,
    /// Why the last press of Save saved nothing.
    refusal: Option<String>,
    /// The named ways of reading columns kept: (id, name).
    templates: Vec<(i64, String)>,
}

struct SheetLink {
    name: String,
    lists: &'static str,
    href: String,
    saved_as: Option<i64>,
    current: bool,
}

struct ShownSheet {
    name: String,
    sheet_line: String,
    columns: Vec<ColumnRead>,
    /// The fields a column of this sheet may be read as: (code, name).
    field_options: Vec<(&'static str, String)>,
    counts: crate::plan::Counts,
    problems: Vec<String>,
    notes: Vec<String>,
    rows: Vec<PreviewRow>,
    /// "Nothing to save: 47 rows are in the registry as written, 2 are refused".
    nothing_but_refused: String,
    /// "… and 1.234 more", under a list cut at [`SHOWN`].
    more_problems: Option<String>,
    more_notes: Option<String>,
    more_rows: Option<String>,
    saved_as: Option<i64>,
    /// The fingerprint of what the preview shows (see `Plan::digest`).
    digest: String,
    /// Where the refused rows download, to be corrected.
    rejected_href: String,
}

/// A column as read: its position, heading, and the field it is read as ("" when not read).
struct ColumnRead {
    index: usize,
    heading: String,
    field: &'static str,
    read_as: String,
}

struct PreviewRow {
    row: usize,
    name: String,
    outcome: &'static str,
    changes: String,
}

/// An upload read again.
async fn upload_of(state: &AppState, ctx: &Ctx, id: i64) -> Result<(Upload, Vec<Sheet>), PageError> {
    read_upload(state, &ctx.actor(), id).await.or_page(ctx.lang)
}

/// An upload, for its uploader, and its sheets read again (off the async threads: a workbook is
/// unpacked). It was read when it was kept, so a failure to read it now is the system's.
async fn read_upload(
    state: &AppState,
    actor: &hoptac_core::audit::Actor,
    id: i64,
) -> hoptac_core::StoreResult<(Upload, Vec<Sheet>)> {
    let upload = store::upload(&state.context(actor), id).await?;
    let content = upload.content.clone();
    let sheets = tokio::task::spawn_blocking(move || workbook::read(content))
        .await
        .map_err(|e| hoptac_core::StoreError::Config(e.to_string()))?
        .map_err(|e| hoptac_core::StoreError::Config(e.to_string()))?;
    Ok((upload, sheets))
}

/// The upload's sheets hoptac can import, their columns read as the officer corrected them.
fn readable<'a>(upload: &Upload, workbook: &'a [Sheet]) -> Vec<Importable<'a>> {
    sheets::importable_with(workbook, |name| upload.mapping(name))
}

/// The sheet asked for by name, else the one to show unasked (see [`sheets::default_sheet`]).
fn chosen<'s, 'a>(found: &'s [Importable<'a>], asked: Option<&str>) -> Option<&'s Importable<'a>> {
    match asked.filter(|name| !name.is_empty()) {
        Some(name) => found.iter().find(|i| i.sheet.name == name),
        None => sheets::default_sheet(found),
    }
}

/// Which sheet of the upload a page is about (`?sheet=`, or the save form's field).
#[derive(Debug, Default, serde::Deserialize)]
pub struct SheetQuery {
    #[serde(default)]
    sheet: Option<String>,
}

fn preview_href(id: i64, sheet: &str) -> String {
    format!(
        "/imports/uploads/{id}?sheet={}",
        hoptac_web::ui::url_encode(sheet)
    )
}

async fn preview_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    asked: Option<&str>,
    refusal: Option<String>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let (upload, workbook) = upload_of(state, ctx, id).await?;
    let found = readable(&upload, &workbook);
    let current = chosen(&found, asked);
    if asked.is_some_and(|a| !a.is_empty()) && current.is_none() {
        return Err(PageError::NotFound(lang));
    }
    let saved = crate::plan::saved_sheets(state.db(), id).await.or_page(lang)?;
    let saved_as = |name: &str| saved.iter().find(|(sheet, _)| sheet == name).map(|(_, id)| *id);
    let links = found
        .iter()
        .map(|i| SheetLink {
            name: i.sheet.name.clone(),
            lists: t.s(match i.kind {
                SheetKind::Organisations => "preview-lists_organisations",
                SheetKind::Members => "preview-lists_members",
                SheetKind::OcopProducts => "preview-lists_ocop_products",
                SheetKind::ReportFigures => "preview-lists_report_figures",
            }),
            href: preview_href(id, &i.sheet.name),
            saved_as: saved_as(&i.sheet.name),
            current: current.is_some_and(|c| c.sheet.name == i.sheet.name),
        })
        .collect();
    let shown = match current {
        None => None,
        Some(importable) => {
            let actor = ctx.actor();
            let plan = SheetPlan::of(&state.context(&actor), importable, &upload.province_code)
                .await
                .or_page(lang)?;
            let mut shown = shown_sheet(t, importable, &plan, saved_as(&importable.sheet.name));
            shown.rejected_href = format!(
                "/imports/uploads/{id}/rejected.xlsx?sheet={}",
                hoptac_web::ui::url_encode(&importable.sheet.name)
            );
            Some(shown)
        }
    };
    render_refused(
        answered(refusal.is_some()),
        PreviewPage {
            t,
            chrome: Chrome::new(ctx),
            id,
            file: upload.file_name,
            sheets: links,
            shown,
            refusal,
            templates: store::templates(&state.context(&ctx.actor()))
                .await
                .or_page(lang)?
                .into_iter()
                .filter(|tpl| tpl.province_code == upload.province_code)
                .map(|tpl| (tpl.id, tpl.name))
                .collect(),
        },
    )
}

/// How a sheet was read and what saving it would do, as the preview shows it.
fn shown_sheet(t: Tr, importable: &Importable, plan: &SheetPlan, saved_as: Option<i64>) -> ShownSheet {
    let lang = t.lang();
    let records = plan.records();
    let year = plan
        .year()
        .map(|y| t.f1("preview-year", "year", y))
        .unwrap_or_default();
    let sheet_line = t.f(
        "preview-sheet",
        &[
            ("sheet", &importable.sheet.name),
            ("year", &year),
            ("records", &records.len()),
            ("skipped", &(importable.layout.rows.len() - records.len())),
        ],
    );
    let columns = importable
        .layout
        .columns
        .iter()
        .map(|c| {
            // A field the sheet's kind does not save is shown as what it is: not used.
            let used = c.field.filter(|f| importable.kind.fields().contains(f));
            ColumnRead {
                index: c.index,
                heading: c.heading.clone(),
                field: used.unwrap_or_default(),
                read_as: used
                    .map(|f| importable.kind.field_label(f, lang).to_owned())
                    .unwrap_or_else(|| t.s("preview-unused").to_owned()),
            }
        })
        .collect();
    let field_options = importable
        .kind
        .fields()
        .iter()
        .map(|f| (*f, importable.kind.field_label(f, lang).to_owned()))
        .collect();
    let describe = |notes: &[CellNote]| notes.iter().map(|n| n.describe(lang)).collect::<Vec<_>>();
    // A province's file of thousands of rows: the page shows the first of each list and says how
    // many more there are (the file of refused rows has every one).
    let more = |shown: usize, all: usize| {
        (all > shown).then(|| t.f1("preview-more", "count", format_int((all - shown) as i64)))
    };
    let all_problems: Vec<String> = records.iter().flat_map(|r| describe(r.problems())).collect();
    let all_notes: Vec<String> = records.iter().flat_map(|r| describe(r.notes())).collect();
    let more_problems = more(SHOWN, all_problems.len());
    let more_notes = more(SHOWN, all_notes.len());
    let problems = all_problems.into_iter().take(SHOWN).collect();
    let notes = all_notes.into_iter().take(SHOWN).collect();
    let saving = records
        .iter()
        .filter(|r| matches!(r.outcome(), Outcome::New | Outcome::Changed { .. }))
        .count();
    let more_rows = more(SHOWN, saving);
    let rows = records
        .iter()
        .filter_map(|r| {
            let (outcome, changes) = match r.outcome() {
                Outcome::New => ("outcome-new", String::new()),
                Outcome::Changed { changes, .. } => {
                    ("outcome-changed", crate::plan::describe_changes(changes, lang))
                }
                Outcome::Unchanged { .. } | Outcome::Rejected => return None,
            };
            Some(PreviewRow {
                row: r.row(),
                name: r.label(),
                outcome: t.s(outcome),
                changes,
            })
        })
        .take(SHOWN)
        .collect();
    let counts = plan.counts();
    ShownSheet {
        name: importable.sheet.name.clone(),
        sheet_line,
        columns,
        field_options,
        counts,
        problems,
        notes,
        rows,
        nothing_but_refused: t.f(
            "preview-nothing_but_refused",
            &[
                ("unchanged", &format_int(counts.unchanged as i64)),
                ("rejected", &format_int(counts.rejected as i64)),
            ],
        ),
        more_problems,
        more_notes,
        more_rows,
        saved_as,
        digest: plan.digest(),
        rejected_href: String::new(),
    }
}

pub async fn preview(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::extract::Query(query): axum::extract::Query<SheetQuery>,
) -> Result<Response, PageError> {
    require_importer(&ctx)?;
    preview_page(&state, &ctx, id, query.sheet.as_deref(), None).await
}

/// The choice on the preview: the sheet, everything or the valid rows only; and the fingerprint
/// of the plan the preview showed.
#[derive(serde::Deserialize)]
pub struct SaveChoice {
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default, deserialize_with = "hoptac_core::form::flag")]
    valid_rows_only: bool,
    #[serde(default)]
    plan: Option<String>,
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(choice): HtmlForm<SaveChoice>,
) -> Result<Response, PageError> {
    require_importer(&ctx)?;
    let lang = ctx.lang;
    // The preview names its sheet; without one, the sheet a preview shows unasked. A sheet the
    // upload does not have is refused now, not by a job that fails later (as the API does).
    let (upload, workbook) = upload_of(&state, &ctx, id).await?;
    let found = readable(&upload, &workbook);
    let asked = choice.sheet.filter(|s| !s.is_empty());
    let importable = chosen(&found, asked.as_deref()).ok_or(PageError::NotFound(lang))?;
    let sheet = importable.sheet.name.clone();
    let actor = ctx.page_actor()?;
    store::check_uploader(&state.context(&actor), id)
        .await
        .or_page(lang)?;
    // Pressed again once saved: the import it was saved as.
    let saved = crate::plan::saved_sheets(state.db(), id).await.or_page(lang)?;
    if let Some((_, import_id)) = saved.iter().find(|(name, _)| *name == sheet) {
        return Ok(Redirect::to(&format!("/imports/{import_id}")).into_response());
    }
    let job = jobs::enqueue(
        &state.context(&actor),
        id,
        &sheet,
        choice.valid_rows_only,
        choice.plan.as_deref(),
        lang,
    )
    .await
    .or_page(lang)?;
    Ok(Redirect::to(&format!("/imports/jobs/{job}")).into_response())
}

/// How the officer reads a sheet's columns: a field for each (`col-{index}`, blank for not read),
/// or a template kept (`template`, its id); `template_name` keeps the result under that name.
pub async fn set_columns(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(form): HtmlForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    require_importer(&ctx)?;
    let lang = ctx.lang;
    let (upload, workbook) = upload_of(&state, &ctx, id).await?;
    let asked = form.get("sheet").map(String::as_str).unwrap_or_default();
    let Some(sheet) = workbook.iter().find(|s| s.name == asked && s.visible) else {
        return Err(PageError::NotFound(lang));
    };
    let held = upload.mapping(asked);
    let actor = ctx.page_actor()?;
    let cx = state.context(&actor);
    let refuse = |message: String| preview_page(&state, &ctx, id, Some(asked), Some(message));
    let mapping = match form.get("template").filter(|t| !t.is_empty()) {
        Some(template) => {
            let template_id = template.parse::<i64>().map_err(|_| PageError::NotFound(lang))?;
            let kept = store::template(&cx, template_id).await.or_page(lang)?;
            if kept.province_code != upload.province_code {
                return Err(PageError::NotFound(lang));
            }
            held.merged(&kept.mapping())
        }
        None => {
            let found = readable(&upload, &workbook);
            let Some(importable) = found.iter().find(|i| i.sheet.name == asked) else {
                return Err(PageError::NotFound(lang));
            };
            // The fields a sheet of its kind holds, and nothing else: a list of members is not read
            // as a registry by a column chosen wrongly.
            let offered = importable.kind.fields();
            let mut chosen = held.clone();
            let mut taken: Vec<&str> = Vec::new();
            for column in &importable.layout.columns {
                let written = form
                    .get(&format!("col-{}", column.index))
                    .map(String::as_str)
                    .unwrap_or_default();
                let field = match offered.iter().find(|f| **f == written) {
                    Some(field) => Some(*field),
                    None if written.is_empty() => None,
                    None => {
                        let message = tr(lang).f(
                            "columns-unknown_field",
                            &[("field", &written), ("heading", &column.heading)],
                        );
                        return refuse(message).await;
                    }
                };
                if let Some(field) = field {
                    if taken.contains(&field) {
                        return refuse(tr(lang).f1(
                            "columns-chosen_twice",
                            "field",
                            field_label(field, lang),
                        ))
                        .await;
                    }
                    taken.push(field);
                }
                chosen.set(&column.heading, field);
            }
            chosen
        }
    };
    // A reading that no longer finds the names is not kept: the sheet would vanish from the preview.
    let readable = crate::layout::read_with(&sheet.rows, &mapping)
        .is_some_and(|l| l.column("name").is_some() || l.column("full_name").is_some());
    if !readable {
        return refuse(tr(lang).s("columns-no_names").to_owned()).await;
    }
    let template_name = form
        .get("template_name")
        .map(|n| n.trim())
        .filter(|n| !n.is_empty());
    if template_name.is_some_and(|n| n.chars().count() > 100) {
        return refuse(tr(lang).s("columns-name_too_long").to_owned()).await;
    }
    store::set_columns(&cx, id, asked, &mapping).await.or_page(lang)?;
    if let Some(name) = template_name {
        store::save_template(&cx, &upload.province_code, name, &mapping)
            .await
            .or_page(lang)?;
    }
    Ok(Redirect::to(&preview_href(id, asked)).into_response())
}

/// Removes a template of columns, for those who import into its province.
pub async fn delete_template(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _: ConfirmedForm<NoFields>,
) -> Result<Response, PageError> {
    require_importer(&ctx)?;
    let actor = ctx.page_actor()?;
    store::delete_template(&state.context(&actor), id)
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to("/imports#templates").into_response())
}

/// The refused rows of a sheet of an upload, with what is wrong with each, as a workbook to
/// correct and upload again.
pub async fn rejected_rows(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    axum::extract::Query(query): axum::extract::Query<SheetQuery>,
) -> Result<Response, PageError> {
    require_importer(&ctx)?;
    let lang = ctx.lang;
    let (upload, workbook) = upload_of(&state, &ctx, id).await?;
    let found = readable(&upload, &workbook);
    let importable = chosen(&found, query.sheet.as_deref()).ok_or(PageError::NotFound(lang))?;
    let actor = ctx.actor();
    let plan = SheetPlan::of(&state.context(&actor), importable, &upload.province_code)
        .await
        .or_page(lang)?;
    let records = plan.records();
    let refused: Vec<&dyn crate::plan::Record> = records
        .into_iter()
        .filter(|r| matches!(r.outcome(), Outcome::Rejected))
        .collect();
    let bytes = crate::rejected::workbook(importable.sheet, &importable.layout, &refused, lang)
        .map_err(|e| PageError::Internal(lang, e.to_string()))?;
    let stem = upload
        .file_name
        .rsplit_once('.')
        .map_or(upload.file_name.as_str(), |(stem, _)| stem);
    let file_name = format!(
        "{}-{}-tu-choi.xlsx",
        hoptac_core::text::slug(stem),
        hoptac_core::text::slug(&importable.sheet.name)
    );
    Ok(hoptac_web::routes::file_response(
        "attachment",
        hoptac_web::routes::XLSX,
        &file_name,
        bytes,
    ))
}

// ----- exports -----

/// The year whose figures an export of organisations holds.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportYear {
    /// The year of the figures (`YYYY`); last year by default.
    pub year: Option<String>,
}

/// What an export's address asks for: its file, the list's filters and the year.
fn export_of(
    file: &str,
    list: &ListQuery,
    year: &ExportYear,
    today: chrono::NaiveDate,
) -> Result<(&'static str, FileFormat, OrganisationFilter, i32), FieldErrors> {
    let mut errors = FieldErrors::new();
    let (what, format) = match file.rsplit_once('.') {
        Some(("organisations", ext)) => ("organisations", FileFormat::parse(ext)),
        Some(("members", ext)) => ("members", FileFormat::parse(ext)),
        _ => ("", None),
    };
    let Some(format) = format else {
        errors.add_with("export_file", "invalid_choice", vec![("value", file.to_owned())]);
        return Err(errors);
    };
    let last_year = chrono::Datelike::year(&today) - 1;
    let year = match year.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => last_year,
        Some(written) => match written.parse::<i32>() {
            Ok(y) if (1990..=last_year + 1).contains(&y) => y,
            _ => {
                errors.add_with(
                    "year",
                    "invalid_year",
                    vec![("min", "1990".to_owned()), ("max", (last_year + 1).to_string())],
                );
                last_year
            }
        },
    };
    let filter = match list.to_filter() {
        Ok((filter, _)) => filter,
        Err(e) => {
            errors.extend(e);
            OrganisationFilter::default()
        }
    };
    errors.into_result((what, format, filter, year))
}

/// Writes the export asked for; its file's name says what it holds.
async fn export_file(
    state: &AppState,
    actor: &hoptac_core::audit::Actor,
    file: &str,
    list: &ListQuery,
    year: &ExportYear,
) -> Result<Response, hoptac_core::StoreError> {
    let cx = state.context(actor);
    let (what, format, filter, year) =
        export_of(file, list, year, cx.today).map_err(hoptac_core::StoreError::Validation)?;
    let written = match what {
        "members" => export::members(&cx, &filter, format).await,
        _ => export::organisations(&cx, &filter, year, format).await,
    };
    let bytes = written.map_err(|e| match e {
        export::ExportError::Store(e) => e,
        other => hoptac_core::StoreError::Config(other.to_string()),
    })?;
    let place = match (&filter.province, &filter.old_province) {
        (Some(province), _) => format!("tinh-{province}"),
        (None, Some(old)) => format!("tinh-cu-{old}"),
        (None, None) => "ca-nuoc".to_owned(),
    };
    let file_name = match what {
        "members" => format!("thanh-vien-{place}.{}", format.extension()),
        _ => format!("to-chuc-{place}-{year}.{}", format.extension()),
    };
    Ok(hoptac_web::routes::file_response(
        "attachment",
        format.content_type(),
        &file_name,
        bytes,
    ))
}

/// The registry list as a file: `organisations.xlsx` or `.csv` (with the figures of `year` the
/// reader may read), `members.xlsx` or `.csv` (of the organisations whose members the reader may
/// read), filtered as the list is.
pub async fn export_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(file): Path<String>,
    Query(list): Query<ListQuery>,
    Query(year): Query<ExportYear>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    export_file(&state, &actor, &file, &list, &year)
        .await
        .map_err(|e| PageError::from_store(e, ctx.lang))
}

/// The registry as a file an import reads back: `organisations.xlsx` or `organisations.csv` (one
/// row per organisation, with the figures of `year` where the caller may read them; amounts in
/// đồng), `members.xlsx` or `members.csv` (the members of the organisations whose members the
/// caller may read). Filtered as `GET /api/v1/organisations`; every match, not a page.
#[utoipa::path(get, path = "/api/v1/exports/{file}", tag = "imports",
    params(("file" = String, Path, description = "organisations.xlsx, organisations.csv, members.xlsx or members.csv"), ListQuery, ExportYear),
    responses((status = 200, description = "The file (XLSX, or CSV in UTF-8 with a byte-order mark)"),
              (status = 401, body = hoptac_web::error::ErrorBody), (status = 422, body = hoptac_web::error::ErrorBody)))]
pub async fn export_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(file): Path<String>,
    Query(list): Query<ListQuery>,
    Query(year): Query<ExportYear>,
) -> Result<Response, hoptac_web::error::ApiError> {
    let actor = ctx.api_actor()?;
    export_file(&state, &actor, &file, &list, &year)
        .await
        .map_err(|e| hoptac_web::error::ApiError::from_store(e, ctx.lang))
}

// ----- saving as a job -----

#[derive(Template)]
#[template(path = "import_job.html")]
struct JobPage {
    t: Tr,
    chrome: Chrome,
    title: String,
    status: JobStatus,
}

#[derive(Template)]
#[template(path = "_job_status.html")]
struct JobStatusFragment {
    t: Tr,
    status: JobStatus,
}

/// Where a job stands, as its page says it.
struct JobStatus {
    id: i64,
    finished: bool,
    state: &'static str,
    phase: Option<&'static str>,
    rows: Option<(usize, usize)>,
    rows_line: Option<String>,
    waiting: Option<&'static str>,
    import_id: Option<i64>,
    refusal: Option<String>,
    /// What a job that had nothing to save says.
    note: Option<String>,
    preview_href: String,
}

fn job_status(t: Tr, job: &jobs::Job) -> JobStatus {
    use jobs::{JobState, Phase};
    let progress = jobs::progress(job.id).filter(|_| job.state == JobState::Running);
    JobStatus {
        id: job.id,
        finished: matches!(job.state, JobState::Done | JobState::Failed),
        state: job.state.label(t.lang()),
        phase: progress.map(|p| {
            t.s(match p.phase {
                Phase::Reading => "job-phase-reading",
                Phase::Checking => "job-phase-checking",
                Phase::Saving => "job-phase-saving",
            })
        }),
        rows: progress.filter(|p| p.total > 0).map(|p| (p.done, p.total)),
        rows_line: progress.filter(|p| p.total > 0).map(|p| {
            t.f(
                "job-rows",
                &[
                    ("done", &format_int(p.done as i64)),
                    ("total", &format_int(p.total as i64)),
                    ("rate", &format_int(p.rows_per_second.round() as i64)),
                ],
            )
        }),
        waiting: match (job.state, progress) {
            (JobState::Queued, _) => Some(t.s("job-waiting")),
            (JobState::Running, None) => Some(t.s("job-running_elsewhere")),
            _ => None,
        },
        import_id: job.import_id,
        refusal: job.refusal.clone().filter(|_| job.state == JobState::Failed),
        note: job.refusal.clone().filter(|_| job.state == JobState::Done),
        preview_href: preview_href(job.upload_id, &job.sheet),
    }
}

/// The job, for the one who asked for it, and the words to show it in.
async fn seen_job(state: &AppState, ctx: &Ctx, id: i64) -> Result<(Tr, jobs::Job), PageError> {
    require_importer(ctx)?;
    let actor = ctx.actor();
    let job = jobs::job(&state.context(&actor), id).await.or_page(ctx.lang)?;
    Ok((tr(ctx.lang), job.told_in(ctx.lang)))
}

/// A job's page: its progress while it runs (updating itself), then the import it made or why it
/// saved nothing.
pub async fn job_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (t, job) = seen_job(&state, &ctx, id).await?;
    let file = store::file_name_of(state.db(), job.upload_id)
        .await
        .or_page(ctx.lang)?
        .unwrap_or_default();
    hoptac_web::routes::render(JobPage {
        t,
        chrome: Chrome::new(&ctx),
        title: t.f("job-title", &[("sheet", &job.sheet), ("file", &file)]),
        status: job_status(t, &job),
    })
}

/// The status part of a job's page, which the page fetches again while the job runs.
pub async fn job_status_fragment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (t, job) = seen_job(&state, &ctx, id).await?;
    hoptac_web::routes::render(JobStatusFragment {
        t,
        status: job_status(t, &job),
    })
}

/// A job as the API gives it: where it stands and, while it runs on the server answering, how far
/// it has come.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct JobView {
    #[serde(flatten)]
    job: jobs::Job,
    progress: Option<jobs::Progress>,
}

/// Where a job saving an upload's sheet stands: `queued`, `running` (with its phase, rows done,
/// rows in all and rows per second, when the server answering runs it), `done` (with the import
/// it made) or `failed` (with why nothing was saved, in the language of the one who asked).
#[utoipa::path(get, path = "/api/v1/import-jobs/{id}", tag = "imports",
    responses((status = 200, body = JobView), (status = 401, body = hoptac_web::error::ErrorBody),
              (status = 404, body = hoptac_web::error::ErrorBody)))]
pub async fn job_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<axum::Json<JobView>, hoptac_web::error::ApiError> {
    let actor = ctx.api_actor()?;
    let job = jobs::job(&state.context(&actor), id)
        .await
        .map_err(|e| hoptac_web::error::ApiError::from_store(e, ctx.lang))?
        .told_in(ctx.lang);
    let progress = jobs::progress(id).filter(|_| job.state == jobs::JobState::Running);
    Ok(axum::Json(JobView { job, progress }))
}

/// What to save of an upload.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct SaveRequest {
    /// The sheet, by name.
    pub sheet: String,
    /// Save the valid rows and leave the refused ones out; otherwise any refused row saves nothing.
    #[serde(default)]
    pub valid_rows_only: bool,
    /// The fingerprint of the preview the caller saw (`digest`); a registry changed since fails the job.
    pub plan: Option<String>,
}

/// Queues the saving of a sheet of an upload made on the import page (the uploader's own): 202
/// with the job to follow at `GET /api/v1/import-jobs/{id}`; 422 `invalid_choice` for a sheet the
/// upload does not have. A job of that sheet waiting or running already is that job.
#[utoipa::path(post, path = "/api/v1/import-uploads/{id}/jobs", tag = "imports", request_body = SaveRequest,
    responses((status = 202, body = JobView), (status = 401, body = hoptac_web::error::ErrorBody),
              (status = 404, body = hoptac_web::error::ErrorBody), (status = 422, body = hoptac_web::error::ErrorBody)))]
pub async fn enqueue_api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    hoptac_web::extract::ApiJson(request): hoptac_web::extract::ApiJson<SaveRequest>,
) -> Result<Response, hoptac_web::error::ApiError> {
    let actor = ctx.api_actor()?;
    let cx = state.context(&actor);
    let api = |e| hoptac_web::error::ApiError::from_store(e, ctx.lang);
    if !may_import(&actor.access) {
        return Err(api(hoptac_core::StoreError::Forbidden));
    }
    // A sheet the upload does not have is refused now, not by a job that fails later.
    let (upload, workbook) = read_upload(&state, &actor, id).await.map_err(api)?;
    if !readable(&upload, &workbook)
        .iter()
        .any(|i| i.sheet.name == request.sheet)
    {
        let mut errors = FieldErrors::new();
        errors.add_with("sheet", "invalid_choice", vec![("value", request.sheet.clone())]);
        return Err(api(hoptac_core::StoreError::Validation(errors)));
    }
    let job_id = jobs::enqueue(
        &cx,
        id,
        &request.sheet,
        request.valid_rows_only,
        request.plan.as_deref(),
        ctx.lang,
    )
    .await
    .map_err(api)?;
    let job = jobs::job(&cx, job_id).await.map_err(api)?.told_in(ctx.lang);
    Ok((
        axum::http::StatusCode::ACCEPTED,
        axum::Json(JobView { job, progress: None }),
    )
        .into_response())
}

// ----- an import's record -----

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    t: Tr,
    chrome: Chrome,
    title: String,
    when: String,
    who: String,
    file: String,
    sha256: String,
    result: String,
    records: Vec<WrittenView>,
    /// The refused rows to correct, while the upload is kept, for its uploader.
    rejected_href: Option<String>,
}

/// A record an import wrote, as its page lists it: the row, the record's name and where it is seen.
struct WrittenView {
    row: i64,
    name: String,
    href: String,
    done: &'static str,
}

fn written_view(t: Tr, w: store::Written) -> WrittenView {
    let done = t.s(if w.action == "create" {
        "import-created"
    } else {
        "import-updated"
    });
    let organisation = w.organisation_name.clone().unwrap_or_default();
    let organisation_href = format!("/organisations/{}", w.organisation_id.unwrap_or_default());
    let product_href = format!("/ocop/products/{}", w.product_id.unwrap_or_default());
    let product = w.product_name.clone().unwrap_or_default();
    let indicator = || {
        w.indicator
            .as_deref()
            .and_then(hoptac_reports::domain::Indicator::parse)
            .map(|i| i.label(t.lang()).to_owned())
            .unwrap_or_default()
    };
    let place = match (&w.place_level, &w.place_era, &w.place_code) {
        (Some(level), Some(era), Some(code)) => {
            hoptac_reports::domain::ReportPlace::from_parts(level, era, code)
        }
        _ => None,
    };
    let entries_href = format!(
        "/reports/entries?place={}",
        place.map(|p| p.code()).unwrap_or_default()
    );
    let (name, href) = match w.entity.as_str() {
        "member" => (
            format!("{} ({organisation})", w.member_name.unwrap_or_default()),
            organisation_href,
        ),
        "ocop_product" => (format!("{product} ({organisation})"), product_href),
        "ocop_certificate" => (
            t.f(
                "import-certificate_of",
                &[
                    ("number", &w.certificate_number.unwrap_or_default()),
                    ("product", &product),
                ],
            ),
            product_href,
        ),
        "report_entry" => (
            t.f1("import-entered_value", "indicator", indicator()),
            entries_href.clone(),
        ),
        "report_target" => (t.f1("import-plan_target", "indicator", indicator()), entries_href),
        _ => (organisation, organisation_href),
    };
    WrittenView {
        row: w.row_number,
        name,
        href,
        done,
    }
}

pub async fn import_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require_importer(&ctx)?;
    let t = tr(ctx.lang);
    let actor = ctx.actor();
    let (import, records) = store::import(&state.context(&actor), id)
        .await
        .or_page(ctx.lang)?;
    let records = records.into_iter().map(|w| written_view(t, w)).collect();
    let rejected_href = match import.upload_id.filter(|_| import.rejected > 0) {
        Some(upload)
            if store::check_uploader(&state.context(&actor), upload)
                .await
                .is_ok() =>
        {
            Some(format!(
                "/imports/uploads/{upload}/rejected.xlsx?sheet={}",
                hoptac_web::ui::url_encode(&import.sheet)
            ))
        }
        _ => None,
    };
    hoptac_web::routes::render(ImportPage {
        t,
        chrome: Chrome::new(&ctx),
        rejected_href,
        title: t.f1("import-title", "id", import.id),
        when: format_moment(import.imported_at),
        who: import.actor,
        file: format!("{} ({})", import.file_name, import.sheet),
        sha256: import.sha256,
        result: result_line(
            t,
            import.created,
            import.changed,
            import.unchanged,
            import.rejected,
        ),
        records,
    })
}

#[cfg(test)]
mod template_tests {
    /// Every `t.s("...")` in this area's templates has words in both languages.
    #[test]
    fn every_template_key_is_translated() {
        let problems =
            hoptac_web::ui::area_word_problems(env!("CARGO_MANIFEST_DIR"), super::tr, crate::TRANSLATIONS);
        assert_eq!(problems, Vec::<String>::new());
    }
}
