//! The report's table as CSV: one line per indicator with its section, numbers written plainly
//! (a dot before decimals, no thousands separator) so that any program reads them; UTF-8 with a
//! byte-order mark, which spreadsheet programs need to read Vietnamese letters right. A report of
//! a place with parts (former provinces, the provinces of the country) gives each line its
//! coverage of them in three further columns.

use super::{completeness_headings, headings, CompletenessRow, ReportDocument};
use hoptac_core::numbers::Fixed;
use hoptac_core::word;
use hoptac_render::RenderError;

pub fn report_csv(doc: &ReportDocument) -> Result<Vec<u8>, RenderError> {
    let fail = |e: ::csv::Error| RenderError::Csv(e.to_string());
    let mut out = ::csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut heading = vec![word!(doc.lang, "report-section").to_owned()];
    heading.extend(headings(doc));
    let coverage = doc.completeness.as_ref().map(|c| &c.rows);
    if coverage.is_some() {
        let [.., expected, with_data, _, _, without] = completeness_headings(doc.lang);
        heading.extend([expected, with_data, without].map(str::to_owned));
    }
    out.write_record(&heading).map_err(fail)?;
    let number = |v: Option<Fixed>| v.map(Fixed::plain).unwrap_or_default();
    for section in &doc.sections {
        for row in &section.rows {
            let mut line = vec![
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
            ];
            if let Some(rows) = coverage {
                let of_row = rows.iter().find(|c| c.code == row.code);
                line.extend(match of_row {
                    Some(c) => coverage_cells(c),
                    None => [String::new(), String::new(), String::new()],
                });
            }
            out.write_record(&line).map_err(fail)?;
        }
    }
    out.into_inner().map_err(|e| RenderError::Csv(e.to_string()))
}

/// Parts expected, parts with data, and the names of those without.
fn coverage_cells(row: &CompletenessRow) -> [String; 3] {
    [
        row.expected.to_string(),
        row.with_data.to_string(),
        row.missing_text(),
    ]
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
        assert!(lines[0]
            .ends_with(",Ghi chú,Số đơn vị cần có số liệu,Số đơn vị có số liệu,Đơn vị chưa có số liệu"));
        assert_eq!(
            lines[2],
            "\"Tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã\",htx_founded,Hợp tác xã thành lập mới,HTX,3,\
             Tính từ sổ đăng ký,2,150.0,1,2,,,,"
        );
        // The line of a figure with a part without data names it.
        assert!(lines[1].ends_with(",2,1,Tỉnh Thái Nguyên"), "{}", lines[1]);
        assert!(lines[4].contains(",53.1,"), "{}", lines[4]);
    }
}
