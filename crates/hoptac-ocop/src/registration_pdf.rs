//! The registration form of an application (phiếu đăng ký sản phẩm tham gia đánh giá, phân hạng
//! sản phẩm OCOP) as an A4 page, filled from the record: the subject, its representative and
//! contact, the product, the kind of evaluation asked for and the round. The subject prints it,
//! signs and stamps it, and adds the signed scan to the dossier.

use crate::certificate_pdf::place_name;
use chrono::NaiveDate;
use hoptac_core::numbers::format_date_words;
use hoptac_render::pdf::{one_a4_page, text_width, Align, Canvas, Weight, A4_WIDTH, BLACK};
use hoptac_render::RenderError;

/// What the form says, as plain values.
#[derive(Debug, Clone)]
pub struct RegistrationForm {
    /// The province whose council rates the product ("Tỉnh Thái Nguyên").
    pub province_name: String,
    pub subject_name: String,
    pub tax_code: Option<String>,
    pub subject_address: Option<String>,
    pub representative: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub product_name: String,
    /// The product group in words ("Đồ uống").
    pub product_group: String,
    /// First evaluation, re-recognition or upgrade, in words.
    pub kind: String,
    pub round_name: String,
    pub submitted_on: NaiveDate,
}

const MARGIN: f32 = 56.0;

/// The form as a PDF file.
pub fn registration_pdf(form: &RegistrationForm) -> Result<Vec<u8>, RenderError> {
    one_a4_page(
        format!("Phiếu đăng ký sản phẩm OCOP: {}", form.product_name),
        |canvas| draw(canvas, form),
    )
}

fn draw(canvas: &mut Canvas, form: &RegistrationForm) {
    let width = A4_WIDTH - 2.0 * MARGIN;
    let centre = A4_WIDTH / 2.0;
    let bold = |size| (Weight::Bold, size, BLACK);
    let regular = (Weight::Regular, 12.0, BLACK);
    let motto = "Độc lập - Tự do - Hạnh phúc";
    canvas.text(
        (centre, 70.0),
        Align::Centre,
        bold(12.0),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    );
    canvas.text((centre, 86.0), Align::Centre, bold(12.0), motto);
    let motto_width = text_width(Weight::Bold, 12.0, motto);
    canvas.frame((centre - motto_width / 2.0, 90.0, motto_width, 0.01), 0.6, BLACK);
    let mut y = canvas.paragraph(
        (centre, 140.0),
        width,
        18.0,
        Align::Centre,
        bold(14.0),
        "PHIẾU ĐĂNG KÝ SẢN PHẨM THAM GIA ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
    );
    y = canvas.paragraph(
        (centre, y + 10.0),
        width,
        16.0,
        Align::Centre,
        regular,
        &format!(
            "Kính gửi: Hội đồng đánh giá, phân hạng sản phẩm OCOP {}",
            hoptac_core::text::lower_first(&form.province_name)
        ),
    );
    let or_blank = |v: &Option<String>| v.clone().unwrap_or_else(|| "…".to_owned());
    let lines = [
        format!("1. Tên chủ thể: {}", form.subject_name),
        format!("2. Mã số thuế: {}", or_blank(&form.tax_code)),
        format!("3. Địa chỉ: {}", or_blank(&form.subject_address)),
        format!("4. Người đại diện: {}", or_blank(&form.representative)),
        format!(
            "5. Điện thoại: {}    Thư điện tử: {}",
            or_blank(&form.phone),
            or_blank(&form.email)
        ),
        format!("6. Tên sản phẩm đăng ký: {}", form.product_name),
        format!("7. Nhóm sản phẩm: {}", form.product_group),
        format!("8. Hình thức đăng ký: {}", form.kind),
        format!("9. Đợt đánh giá: {}", form.round_name),
    ];
    y += 20.0;
    for line in &lines {
        y = canvas.paragraph((MARGIN, y), width, 16.0, Align::Left, regular, line) + 6.0;
    }
    y = canvas.paragraph(
        (MARGIN, y + 10.0),
        width,
        16.0,
        Align::Left,
        regular,
        "Chúng tôi cam kết các thông tin trong hồ sơ là đúng sự thật và chấp hành quy định của \
         Chương trình Mỗi xã một sản phẩm.",
    );
    let signature = MARGIN + width * 0.72;
    canvas.text(
        (signature, y + 36.0),
        Align::Centre,
        (Weight::Regular, 12.0, BLACK),
        &format!(
            "{}, {}",
            place_name(&form.province_name),
            format_date_words(form.submitted_on)
        ),
    );
    canvas.text(
        (signature, y + 54.0),
        Align::Centre,
        bold(12.0),
        "ĐẠI DIỆN CHỦ THỂ",
    );
    canvas.text(
        (signature, y + 70.0),
        Align::Centre,
        (Weight::Regular, 11.0, BLACK),
        "(Ký, ghi rõ họ tên, đóng dấu)",
    );
    if let Some(name) = &form.representative {
        canvas.text((signature, y + 150.0), Align::Centre, bold(12.0), name);
    }
}
