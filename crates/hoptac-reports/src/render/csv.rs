//! The report's table as CSV: one line per indicator with its section, numbers written plainly
//! (a dot before decimals, no thousands separator) so that any program reads them; UTF-8 with a
//! byte-order mark, which spreadsheet programs need to read Vietnamese letters right.

use super::{headings, ReportDocument};
use hoptac_core::numbers::Fixed;
use hoptac_core::word;
use hoptac_render::RenderError;

pub fn report_csv(doc: &ReportDocument) -> Result<Vec<u8>, RenderError> {
    let fail = |e: ::csv::Error| RenderError::Csv(e.to_string());
    let mut out = ::csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut heading = vec![word!(doc.lang, "report-section").to_owned()];
    heading.extend(headings(doc));
    out.write_record(&heading).map_err(fail)?;
    let number = |v: Option<Fixed>| v.map(Fixed::plain).unwrap_or_default();
    for section in &doc.sections {
        for row in &section.rows {
            out.write_record([
                section.label.clone(),
                row.code.clone(),
                row.name.clone(),
                row.unit.clone(),
                number(row.value),
                row.source
                    .map(|s| s.label(doc.lang))
                    .unwrap_or_default()
                    .to_owned(),
                number(row.target),
                number(row.achievement),
                number(row.previous),
                number(row.change),
                row.note.clone().unwrap_or_default(),
            ])
            .map_err(fail)?;
        }
    }
    out.into_inner().map_err(|e| RenderError::Csv(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn every_row_is_a_line_with_plain_numbers() {
        let bytes = report_csv(&sample::document()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let text = text.strip_prefix('\u{feff}').expect("byte-order mark");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert!(lines[0].starts_with("Phần,Mã,Chỉ tiêu,Đơn vị tính,Thực hiện,"));
        assert!(lines[0].contains("Cùng kỳ năm 2023"));
        assert_eq!(
            lines[2],
            "\"Tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã\",htx_founded,Hợp tác xã thành lập mới,HTX,3,\
             Tính từ sổ đăng ký,2,150.0,1,2,"
        );
        assert!(lines[4].contains(",53.1,"), "{}", lines[4]);
    }
}
