//! A report written to a file: a workbook, a CSV file or a PDF, for the report page's links, the
//! API and the command line alike.

use crate::document::{document, report_with_trend};
use crate::domain::ReportQuery;
use crate::render::{report_csv, report_pdf, report_xlsx};
use crate::store::templates::{self, Asked};
use hoptac_core::{Context, Lang, StoreError};
use hoptac_render::RenderError;

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

    /// The media type of the file.
    pub fn content_type(self) -> &'static str {
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

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Bad input, no right to the place, or the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// The report of the query's place and period, with its charts over the last five years, as a
/// file of the format.
pub async fn write_report(
    cx: &Context,
    query: &ReportQuery,
    format: ExportFormat,
    lang: Lang,
) -> Result<ReportFile, ExportError> {
    let Asked {
        place,
        period,
        template,
    } = templates::asked(&cx.db, query, cx.today).await?;
    let (report, trend) = report_with_trend(&cx.db, &cx.actor, &place, period, cx.today).await?;
    let doc = document(&report, &trend, template.as_ref(), lang);
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
