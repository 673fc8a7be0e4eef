//! The certificate PDF as a reader sees it: poppler turns it into an image that is not blank and
//! into text that carries the Vietnamese names with their diacritics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use hoptac_ocop::certificate_pdf::{certificate_pdf, CertificateDocument};
use std::process::Command;

fn certificate() -> CertificateDocument {
    CertificateDocument {
        province_name: "Tỉnh Thái Nguyên".into(),
        number: "1234/QĐ-UBND-001".into(),
        product_name: "Chè đinh Tân Cương đặc biệt".into(),
        subject_name: "Hợp tác xã chè Tân Hương".into(),
        subject_address: Some("Xóm Nam Đồng, xã Tân Cương".into()),
        stars: 4,
        issued_on: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        expires_on: NaiveDate::from_ymd_opt(2029, 6, 30).unwrap(),
        decision_number: Some("1234/QĐ-UBND".into()),
        decision_date: NaiveDate::from_ymd_opt(2026, 7, 1),
        signer: Some("Nguyễn Văn An".into()),
        verify_url: "http://localhost:8080/ocop/verify/abcdefghjkmn".into(),
    }
}

fn poppler(tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} is needed for this test (Debian: poppler-utils): {e}"))
}

#[test]
fn the_certificate_renders_with_its_text_and_qr_code() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("certificate.pdf");
    let bytes = certificate_pdf(&certificate()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The font is embedded as a subset, not the whole 750 kB face.
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    std::fs::write(&pdf, &bytes).unwrap();

    // One A4 page.
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    let info = String::from_utf8(info.stdout).unwrap();
    assert!(info.contains("Pages:           1"), "{info}");
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");

    // As an image: enough dark pixels for text, frame and QR code, and far from all dark.
    let image = dir.path().join("page");
    let out = poppler(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "40",
            "-singlefile",
            pdf.to_str().unwrap(),
            image.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pgm = std::fs::read(dir.path().join("page.pgm")).unwrap();
    let pixels = pgm_pixels(&pgm);
    let dark = pixels.iter().filter(|p| **p < 128).count();
    let share = dark as f64 / pixels.len() as f64;
    assert!((0.02..0.5).contains(&share), "dark share {share}");

    // As text: the names with their diacritics, the stars and the validity.
    let out = poppler("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "Chè đinh Tân Cương đặc biệt",
        "Hợp tác xã chè Tân Hương",
        "ỦY BAN NHÂN DÂN",
        "TỈNH THÁI NGUYÊN",
        "HẠNG 4 SAO",
        "★★★★",
        "Số: 1234/QĐ-UBND-001",
        "có giá trị đến hết ngày 29 tháng 6 năm 2029",
        "Nguyễn Văn An",
        "http://localhost:8080/ocop/verify/abcdefghjkmn",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    assert!(!text.contains("★★★★★"), "four stars, not five");
}

/// The grey values of a binary PGM (P5) image.
fn pgm_pixels(pgm: &[u8]) -> &[u8] {
    // Header: "P5", width, height, maximum value, each followed by whitespace.
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    &pgm[i + 1..]
}

#[test]
fn the_registration_form_is_filled_from_the_record() {
    use hoptac_ocop::registration_pdf::{registration_pdf, RegistrationForm};
    let form = RegistrationForm {
        province_name: "Tỉnh Thái Nguyên".into(),
        subject_name: "Hợp tác xã Chè Tân Cương".into(),
        tax_code: Some("4600123456".into()),
        subject_address: Some("Xóm Nam Đồng, xã Tân Cương".into()),
        representative: Some("Nguyễn Thị Hoa".into()),
        phone: Some("0208 3852 111".into()),
        email: None,
        product_name: "Chè búp Tân Cương".into(),
        product_group: "Đồ uống".into(),
        kind: "Đánh giá lần đầu".into(),
        round_name: "Đợt 2 năm 2026".into(),
        submitted_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    };
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("form.pdf");
    std::fs::write(&pdf, registration_pdf(&form).unwrap()).unwrap();
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in [
        "PHIẾU ĐĂNG KÝ SẢN PHẨM THAM GIA ĐÁNH GIÁ",
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Thái Nguyên",
        "1. Tên chủ thể: Hợp tác xã Chè Tân Cương",
        "2. Mã số thuế: 4600123456",
        "6. Tên sản phẩm đăng ký: Chè búp Tân Cương",
        "Thư điện tử: …",
        "8. Hình thức đăng ký: Đánh giá lần đầu",
        "Thái Nguyên, ngày 20 tháng 11 năm 2026",
        "Nguyễn Thị Hoa",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
}
