//! A sheet of QR labels for a lot: one A4 page of labels, each the lot's GS1 Digital Link as a QR
//! code (which a phone opens as the consumer's page and a GS1 scanner reads as GTIN and lot) with
//! its human-readable interpretation under it, `(01) 08935001234562 (10) B261119`, the way GS1
//! General Specifications §4.15 writes element strings for people, and the product's name.

use crate::domain::identifiers::ItemKey;
use hoptac_render::pdf::{one_a4_page, text_width, Align, Canvas, Weight, A4_HEIGHT, A4_WIDTH, BLACK};
use hoptac_render::qr::QrMatrix;
use hoptac_render::RenderError;

/// Labels across and down a sheet.
pub const COLUMNS: usize = 3;
pub const ROWS: usize = 5;

/// The text under a label's code: each GS1 element string with its application identifier in
/// brackets.
pub fn human_readable(key: &ItemKey) -> String {
    let mut text = format!("(01) {}", key.gtin);
    if let Some(lot) = &key.lot {
        text.push_str(&format!(" (10) {lot}"));
    }
    if let Some(serial) = &key.serial {
        text.push_str(&format!(" (21) {serial}"));
    }
    text
}

/// The sheet of [`COLUMNS`] × [`ROWS`] labels for `key`, each encoding `site` (this site's
/// address, where the resolver answers) followed by the key's Digital Link path.
///
/// Errors: a code too long for a QR code, or a PDF that cannot be written.
pub fn label_sheet(product_name: &str, key: &ItemKey, site: &str) -> Result<Vec<u8>, RenderError> {
    let link = format!("{site}{}", key.digital_link_path());
    let code = QrMatrix::encode(&link)?;
    let caption = human_readable(key);
    let name = product_name.to_owned();
    one_a4_page(format!("{name}: {caption}"), |canvas| {
        draw(canvas, &code, &caption, &name)
    })
}

/// The sheet's margins, and the size of a QR code on a label, in points.
pub const MARGIN: f32 = 28.0;
const CODE_SIZE: f32 = 100.0;

fn draw(canvas: &mut Canvas, code: &QrMatrix, caption: &str, name: &str) {
    let cell_width = (A4_WIDTH - 2.0 * MARGIN) / COLUMNS as f32;
    let cell_height = (A4_HEIGHT - 2.0 * MARGIN) / ROWS as f32;
    let caption_size = fitted(Weight::Regular, 8.0, cell_width - 8.0, caption);
    let name_size = fitted(Weight::Bold, 8.0, cell_width - 8.0, name);
    for row in 0..ROWS {
        for column in 0..COLUMNS {
            let left = MARGIN + column as f32 * cell_width;
            let top = MARGIN + row as f32 * cell_height;
            // A thin frame to cut along.
            canvas.frame((left, top, cell_width, cell_height), 0.3, (190, 190, 190));
            let centre = left + cell_width / 2.0;
            canvas.qr(centre - CODE_SIZE / 2.0, top + 10.0, CODE_SIZE, code);
            let below = top + 10.0 + CODE_SIZE + 12.0;
            canvas.text(
                (centre, below),
                Align::Centre,
                (Weight::Regular, caption_size, BLACK),
                caption,
            );
            canvas.text(
                (centre, below + 12.0),
                Align::Centre,
                (Weight::Bold, name_size, BLACK),
                name,
            );
        }
    }
}

/// `size`, or smaller so that `text` fits `width`.
fn fitted(weight: Weight, size: f32, width: f32, text: &str) -> f32 {
    let natural = text_width(weight, size, text);
    if natural <= width {
        size
    } else {
        (size * width / natural).max(4.0)
    }
}
