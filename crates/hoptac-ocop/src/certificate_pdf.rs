//! The OCOP certificate (giấy chứng nhận sản phẩm OCOP) as an A4 page: the issuing People's
//! Committee, the product, its subject, the stars, the decision, the validity, and the QR code
//! that leads to the public verification page.

use chrono::NaiveDate;
use hoptac_core::numbers::{format_date, format_date_words};
use hoptac_core::text::lower_first;
use hoptac_render::pdf::{
    one_a4_page, text_width, Align, Canvas, Colour, Weight, A4_HEIGHT, A4_WIDTH, BLACK,
};
use hoptac_render::qr::QrMatrix;
use hoptac_render::RenderError;

/// What a certificate says, as plain values.
#[derive(Debug, Clone)]
pub struct CertificateDocument {
    /// The province whose People's Committee issues it, as the unit list names it
    /// ("Tỉnh Thái Nguyên", "Thành phố Hà Nội").
    pub province_name: String,
    pub number: String,
    pub product_name: String,
    pub subject_name: String,
    pub subject_address: Option<String>,
    pub stars: i32,
    pub issued_on: NaiveDate,
    /// The day it stops holding.
    pub expires_on: NaiveDate,
    pub decision_number: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub signer: Option<String>,
    /// The public verification page the QR code leads to.
    pub verify_url: String,
}

const RED: Colour = (170, 20, 20);
const GOLD: Colour = (196, 140, 0);
const GREY: Colour = (90, 90, 90);
const MARGIN: f32 = 36.0;

/// "Tỉnh Thái Nguyên" → "Thái Nguyên", the place a document is dated from.
pub(crate) fn place_name(province_name: &str) -> &str {
    ["Thành phố ", "Tỉnh "]
        .iter()
        .find_map(|prefix| province_name.strip_prefix(prefix))
        .unwrap_or(province_name)
}

/// The certificate as a PDF file.
pub fn certificate_pdf(doc: &CertificateDocument) -> Result<Vec<u8>, RenderError> {
    let qr = QrMatrix::encode(&doc.verify_url)?;
    one_a4_page(
        format!("Giấy chứng nhận sản phẩm OCOP số {}", doc.number),
        |canvas| draw(canvas, doc, &qr),
    )
}

fn draw(canvas: &mut Canvas, doc: &CertificateDocument, qr: &QrMatrix) {
    let width = A4_WIDTH - 2.0 * MARGIN;
    canvas.frame(
        (
            MARGIN - 12.0,
            MARGIN - 12.0,
            width + 24.0,
            A4_HEIGHT - 2.0 * MARGIN + 24.0,
        ),
        3.0,
        RED,
    );
    canvas.frame(
        (
            MARGIN - 6.0,
            MARGIN - 6.0,
            width + 12.0,
            A4_HEIGHT - 2.0 * MARGIN + 12.0,
        ),
        0.8,
        GOLD,
    );

    // The heading of an administrative document: the issuer on the left, the national motto on
    // the right.
    let left = MARGIN + width * 0.22;
    let right = MARGIN + width * 0.70;
    let bold = |size| (Weight::Bold, size, BLACK);
    canvas.text((left, 70.0), Align::Centre, bold(10.5), "ỦY BAN NHÂN DÂN");
    canvas.text(
        (left, 84.0),
        Align::Centre,
        bold(10.5),
        &doc.province_name.to_uppercase(),
    );
    canvas.text(
        (right, 70.0),
        Align::Centre,
        bold(10.5),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    canvas.text(
        (right, 84.0),
        Align::Centre,
        bold(10.5),
        "Độc lập - Tự do - Hạnh phúc",
    );
    let motto = text_width(Weight::Bold, 10.5, "Độc lập - Tự do - Hạnh phúc");
    canvas.frame((right - motto / 2.0, 88.0, motto, 0.01), 0.6, BLACK);
    canvas.text(
        (left, 104.0),
        Align::Centre,
        (Weight::Regular, 10.5, BLACK),
        &format!("Số: {}", doc.number),
    );

    let centre = A4_WIDTH / 2.0;
    canvas.text(
        (centre, 190.0),
        Align::Centre,
        (Weight::Bold, 30.0, RED),
        "GIẤY CHỨNG NHẬN",
    );
    canvas.text(
        (centre, 224.0),
        Align::Centre,
        (Weight::Bold, 20.0, RED),
        "SẢN PHẨM OCOP",
    );
    let stars = "★".repeat(doc.stars.clamp(0, 5) as usize);
    canvas.text(
        (centre, 272.0),
        Align::Centre,
        (Weight::Regular, 40.0, GOLD),
        &stars,
    );
    canvas.text(
        (centre, 300.0),
        Align::Centre,
        (Weight::Bold, 14.0, BLACK),
        &format!("HẠNG {} SAO", doc.stars),
    );

    let regular = (Weight::Regular, 12.0, BLACK);
    canvas.text((centre, 350.0), Align::Centre, regular, "Chứng nhận sản phẩm");
    let mut y = canvas.paragraph(
        (centre, 380.0),
        width - 40.0,
        26.0,
        Align::Centre,
        bold(20.0),
        &doc.product_name,
    );
    y += 8.0;
    canvas.text((centre, y), Align::Centre, regular, "của chủ thể");
    y = canvas.paragraph(
        (centre, y + 24.0),
        width - 40.0,
        20.0,
        Align::Centre,
        bold(15.0),
        &doc.subject_name,
    );
    if let Some(address) = doc.subject_address.as_deref().filter(|a| !a.trim().is_empty()) {
        y = canvas.paragraph(
            (centre, y + 2.0),
            width - 60.0,
            16.0,
            Align::Centre,
            regular,
            &format!("Địa chỉ: {address}"),
        );
    }

    let decided = match (&doc.decision_number, doc.decision_date) {
        (Some(number), Some(date)) => format!(
            "Đạt hạng {} sao theo Quyết định số {number} {} của Ủy ban nhân dân {} về việc công nhận kết quả đánh giá, phân hạng sản phẩm OCOP.",
            doc.stars,
            format_date_words(date),
            lower_first(&doc.province_name),
        ),
        _ => format!("Đạt hạng {} sao theo kết quả đánh giá, phân hạng sản phẩm OCOP.", doc.stars),
    };
    y = canvas.paragraph(
        (centre, y + 22.0),
        width - 40.0,
        17.0,
        Align::Centre,
        regular,
        &decided,
    );
    canvas.text(
        (centre, y + 10.0),
        Align::Centre,
        bold(12.0),
        // A certificate stops holding on its expiry day, so it is good through the day before.
        &format!(
            "Giấy chứng nhận có giá trị đến hết {}.",
            format_date_words(doc.expires_on.pred_opt().unwrap_or(doc.expires_on))
        ),
    );

    // The foot: the QR code on the left, the date and signature on the right.
    let qr_size = 118.0;
    let qr_top = A4_HEIGHT - MARGIN - qr_size - 40.0;
    canvas.qr(MARGIN + 8.0, qr_top, qr_size, qr);
    let small = (Weight::Regular, 8.0, GREY);
    canvas.text(
        (MARGIN + 12.0, qr_top + qr_size + 10.0),
        Align::Left,
        small,
        "Quét mã để kiểm tra giấy chứng nhận:",
    );
    canvas.paragraph(
        (MARGIN + 12.0, qr_top + qr_size + 21.0),
        230.0,
        10.0,
        Align::Left,
        small,
        &doc.verify_url,
    );

    let sign = MARGIN + width * 0.70;
    let dated = format!(
        "{}, {}",
        place_name(&doc.province_name),
        format_date_words(doc.issued_on)
    );
    canvas.text(
        (sign, qr_top + 4.0),
        Align::Centre,
        (Weight::Regular, 11.0, BLACK),
        &dated,
    );
    canvas.text(
        (sign, qr_top + 22.0),
        Align::Centre,
        bold(11.0),
        "TM. ỦY BAN NHÂN DÂN",
    );
    if let Some(signer) = doc.signer.as_deref().filter(|s| !s.trim().is_empty()) {
        canvas.paragraph(
            (sign, qr_top + 104.0),
            220.0,
            15.0,
            Align::Centre,
            bold(12.0),
            signer,
        );
    }
    canvas.text(
        (sign, qr_top + qr_size + 21.0),
        Align::Centre,
        small,
        &format!(
            "Ngày cấp {} · hết hạn {}",
            format_date(doc.issued_on),
            format_date(doc.expires_on)
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_in_documents() {
        assert_eq!(lower_first("Tỉnh Thái Nguyên"), "tỉnh Thái Nguyên");
        assert_eq!(place_name("Tỉnh Thái Nguyên"), "Thái Nguyên");
        assert_eq!(place_name("Thành phố Hà Nội"), "Hà Nội");
        assert_eq!(place_name("Huế"), "Huế");
    }
}
