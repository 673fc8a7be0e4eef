//! QR codes: the matrix of modules, drawn as SVG for a page or as squares on a PDF.

use crate::{xml_escape, RenderError};
use qrcode::{Color, EcLevel, QrCode};

/// The modules of a QR code, with the four-module quiet zone the standard asks around it left to
/// whoever draws it.
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

/// Modules of light margin on each side, so that a phone finds the code on a busy page.
pub const QUIET_ZONE: usize = 4;

impl QrMatrix {
    /// Encodes `text` with medium error correction (15% of the code may be damaged: a certificate
    /// gets folded and handled).
    pub fn encode(text: &str) -> Result<QrMatrix, RenderError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|_| RenderError::QrTooLong(text.to_owned()))?;
        Ok(QrMatrix {
            width: code.width(),
            dark: code.to_colors().into_iter().map(|c| c == Color::Dark).collect(),
        })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The dark modules as (column, row), from the top left.
    pub fn dark_modules(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.dark
            .iter()
            .enumerate()
            .filter(|(_, dark)| **dark)
            .map(|(i, _)| (i % self.width, i / self.width))
    }

    /// The code as an SVG image that scales to `size` pixels, quiet zone included; one path, so
    /// that it stays small and crisp.
    pub fn svg(&self, size: u32, title: &str) -> String {
        let side = self.width + 2 * QUIET_ZONE;
        let mut path = String::new();
        for (x, y) in self.dark_modules() {
            path.push_str(&format!("M{} {}h1v1h-1z", x + QUIET_ZONE, y + QUIET_ZONE));
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" width=\"{size}\" \
             height=\"{size}\" role=\"img\" shape-rendering=\"crispEdges\"><title>{}</title>\
             <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
            xml_escape(title)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verification_address_fits_a_small_code() {
        let qr = QrMatrix::encode("https://hoptac.example.vn/ocop/verify/abcdefghjkmn").unwrap();
        // Version 3 (29 modules) or 4 (33): small enough to scan from a printed page.
        assert!((25..=33).contains(&qr.width()), "width {}", qr.width());
        // The three finder patterns' corners are dark.
        let dark: std::collections::HashSet<_> = qr.dark_modules().collect();
        let w = qr.width();
        for corner in [(0, 0), (w - 1, 0), (0, w - 1)] {
            assert!(dark.contains(&corner), "{corner:?}");
        }
        assert!(!dark.contains(&(w - 1, w - 1)) || dark.len() < w * w);
    }

    #[test]
    fn svg_is_one_path_with_a_title() {
        let svg = QrMatrix::encode("x").unwrap().svg(160, "Mã <QR>");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<title>Mã &lt;QR&gt;</title>"));
        assert_eq!(svg.matches("<path").count(), 1);
    }
}
