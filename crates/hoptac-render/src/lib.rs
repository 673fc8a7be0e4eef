//! Documents out of domain values: the OCOP certificate as an A4 PDF with its QR code, and QR
//! codes as SVG for the pages. The fonts ship with the crate (DejaVu Sans, which covers every
//! Vietnamese letter), so a document renders the same on any machine.

pub mod ocop;
mod pdf;
pub mod qr;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the text is too long for a QR code: {0}")]
    QrTooLong(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}
