//! The report's files over HTTP: the report page's download links and the API.

use crate::domain::ReportQuery;
use crate::export::{write_report, ExportError, ExportFormat, ReportFile};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use hoptac_core::{Lang, StoreError};
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{ApiError, PageError};
use hoptac_web::extract::{Path, Query};
use hoptac_web::AppState;

/// A written report as an attachment.
struct Attachment(ReportFile);

impl IntoResponse for Attachment {
    fn into_response(self) -> Response {
        hoptac_web::routes::file_response(
            "attachment",
            self.0.format.content_type(),
            &self.0.file_name,
            self.0.bytes,
        )
    }
}

/// How a report that could not be written is answered.
trait Answer {
    fn page(self, lang: Lang) -> PageError;
    fn api(self, lang: Lang) -> ApiError;
}

impl Answer for ExportError {
    fn page(self, lang: Lang) -> PageError {
        match self {
            ExportError::Store(e) => PageError::from_store(e, lang),
            ExportError::Render(e) => PageError::Internal(lang, e.to_string()),
        }
    }

    fn api(self, lang: Lang) -> ApiError {
        match self {
            ExportError::Store(e) => ApiError::from_store(e, lang),
            ExportError::Render(e) => ApiError::internal(lang, &e.to_string()),
        }
    }
}

/// `/reports/export/{format}`: the report page's download links. A place or period that cannot be
/// read sends the reader back to the report form, which names what is wrong and keeps what was asked.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(format): Path<String>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let format = ExportFormat::parse(&format).ok_or(PageError::NotFound(ctx.lang))?;
    match write_report(&state.context(&actor), &query, format, ctx.lang).await {
        Ok(file) => Ok(Attachment(file).into_response()),
        Err(ExportError::Store(StoreError::Validation(_))) => Ok(super::back_to_the_form(&query)),
        Err(e) => Err(e.page(ctx.lang)),
    }
}

/// The report of a place for a period as a file: `xlsx` (a sheet per table, numbers as numbers),
/// `csv` (one line per indicator) or `pdf` (the whole report with its charts).
#[utoipa::path(get, path = "/api/v1/reports/export/{format}", tag = "reports",
    params(("format" = String, Path, description = "`xlsx`, `csv` or `pdf`"), ReportQuery),
    responses((status = 200, description = "The file, as an attachment", content_type = "application/octet-stream"),
              (status = 401, body = hoptac_web::error::ErrorBody), (status = 404, body = hoptac_web::error::ErrorBody),
              (status = 422, body = hoptac_web::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(format): Path<String>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let actor = ctx.api_actor()?;
    let format = ExportFormat::parse(&format).ok_or(ApiError::not_found(ctx.lang))?;
    write_report(&state.context(&actor), &query, format, ctx.lang)
        .await
        .map(|file| Attachment(file).into_response())
        .map_err(|e| e.api(ctx.lang))
}
