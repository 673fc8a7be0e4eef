//! What every area's documents are drawn with: PDF pages with text that wraps and measures itself,
//! charts laid out once and written as SVG or drawn on a PDF page, QR codes. The areas write
//! their own documents with these (`hoptac_ocop::certificate_pdf`, `hoptac_reports::render`).
//! The fonts ship with the crate (DejaVu Sans, which covers every Vietnamese letter), so a
//! document renders the same on any machine.

pub mod chart;
pub mod pdf;
pub mod qr;

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
