//! A report written to a file: a workbook, a CSV file or a PDF, from the report page's links,
//! the API and the command line alike.

use super::view::{document, report_with_trend};
use super::ReportQuery;
use crate::render::{report_csv, report_pdf, report_xlsx};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use hoptac_core::audit::Actor;
use hoptac_core::Lang;
use hoptac_core::{Db, StoreError};
use hoptac_render::RenderError;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{ApiError, PageError};
use hoptac_web::extract::{Path, Query};
use hoptac_web::AppState;

/// The kinds of file a report is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Xlsx,
    Csv,
    Pdf,
}

impl ExportFormat {
    pub fn parse(text: &str) -> Option<ExportFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(ExportFormat::Xlsx),
            "csv" => Some(ExportFormat::Csv),
            "pdf" => Some(ExportFormat::Pdf),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Pdf => "pdf",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Pdf => "application/pdf",
        }
    }
}

/// A written report.
pub struct ReportFile {
    pub bytes: Vec<u8>,
    pub format: ExportFormat,
    /// `bao-cao-province-19-2024.xlsx`.
    pub file_name: String,
}

impl IntoResponse for ReportFile {
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, self.format.content_type().to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", self.file_name),
                ),
            ],
            self.bytes,
        )
            .into_response()
    }
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Bad input, no right to the place, or the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl ExportError {
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

/// The report of the query's place and period, with its charts over the last five years, as a
/// file of the format.
pub async fn write_report(
    db: &Db,
    actor: &Actor,
    query: &ReportQuery,
    format: ExportFormat,
    lang: Lang,
    today: NaiveDate,
) -> Result<ReportFile, ExportError> {
    let (place, period) = query.read(today).map_err(StoreError::Validation)?;
    let (report, trend) = report_with_trend(db, actor, &place, period, today).await?;
    let doc = document(&report, &trend, lang);
    let bytes = match format {
        ExportFormat::Xlsx => report_xlsx(&doc)?,
        ExportFormat::Csv => report_csv(&doc)?,
        ExportFormat::Pdf => report_pdf(&doc)?,
    };
    Ok(ReportFile {
        bytes,
        format,
        file_name: format!(
            "bao-cao-{}-{}.{}",
            place.code(),
            period.code().replace("..", "_"),
            format.extension()
        ),
    })
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
    let today = state.clock().today();
    match write_report(state.db(), &actor, &query, format, ctx.lang, today).await {
        Ok(file) => Ok(file.into_response()),
        Err(ExportError::Store(StoreError::Validation(_))) => Ok(query.back_to_the_form()),
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
) -> Result<ReportFile, ApiError> {
    let actor = ctx.api_actor()?;
    let format = ExportFormat::parse(&format).ok_or(ApiError::not_found(ctx.lang))?;
    let today = state.clock().today();
    write_report(state.db(), &actor, &query, format, ctx.lang, today)
        .await
        .map_err(|e| e.api(ctx.lang))
}
