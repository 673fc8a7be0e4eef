//! Documents out of domain values: the OCOP certificate as an A4 PDF with its QR code, QR codes
//! and charts as SVG for the pages, and a report as a workbook, a CSV file or a PDF. The fonts
//! ship with the crate (DejaVu Sans, which covers every Vietnamese letter), so a document renders
//! the same on any machine.

pub mod chart;
pub mod ocop;
mod pdf;
pub mod qr;
pub mod report;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the text is too long for a QR code: {0}")]
    QrTooLong(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the CSV file could not be written: {0}")]
    Csv(String),
    #[error("the workbook could not be written: {0}")]
    Xlsx(String),
}

/// Text made safe inside XML elements and attributes.
pub(crate) fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
