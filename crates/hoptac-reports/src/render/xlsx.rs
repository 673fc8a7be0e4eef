//! The report as a workbook: a first sheet with the title and the narrative, one sheet per part
//! of the table with typed numeric cells and Vietnamese-ready number formats, and a sheet with
//! each chart's figures beside the same chart drawn by the spreadsheet program; for a place with
//! parts, a sheet of each figure's coverage of them.

use super::{completeness_headings, headings, CompletenessTable, ReportDocument, TableSection};
use hoptac_core::numbers::Fixed;
use hoptac_core::word;
use hoptac_render::chart::Chart;
use hoptac_render::RenderError;
use rust_xlsxwriter::{
    Chart as SheetChart, ChartType, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// Cell formats, made once per workbook.
struct Formats {
    title: Format,
    /// A template section's heading above its paragraphs.
    bold: Format,
    heading: Format,
    text: Format,
    wrapped: Format,
    /// Whole numbers and numbers with one decimal.
    number: [Format; 2],
    change: [Format; 2],
    percent: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = || Format::new().set_border(FormatBorder::Thin);
        let number = |decimals: &str| cell().set_num_format(format!("#,##0{decimals}"));
        let change = |d: &str| cell().set_num_format(format!("+#,##0{d};-#,##0{d};0{d}"));
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            heading: cell()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xDDEBF7),
            text: cell(),
            wrapped: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            number: [number(""), number(".0")],
            change: [change(""), change(".0")],
            percent: cell().set_num_format("0.0%"),
        }
    }
}

pub fn report_xlsx(doc: &ReportDocument) -> Result<Vec<u8>, RenderError> {
    write(doc).map_err(|e| RenderError::Xlsx(e.to_string()))
}

fn write(doc: &ReportDocument) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_title(&doc.title).set_author("hoptac"));
    summary_sheet(workbook.add_worksheet(), doc, &formats)?;
    for section in &doc.sections {
        table_sheet(workbook.add_worksheet(), doc, section, &formats)?;
    }
    if let Some(completeness) = &doc.completeness {
        completeness_sheet(workbook.add_worksheet(), doc, completeness, &formats)?;
    }
    let charts: Vec<&Chart> = doc.charts.iter().filter(|c| c.has_values()).collect();
    if !charts.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(word!(doc.lang, "report-charts"))?;
        chart_sheet(sheet, &charts, &formats)?;
    }
    workbook.save_to_buffer()
}

fn summary_sheet(sheet: &mut Worksheet, doc: &ReportDocument, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(word!(doc.lang, "report-report"))?;
    sheet.set_column_width(0, 110)?;
    sheet.write_string_with_format(0, 0, &doc.title, &formats.title)?;
    sheet.write_string(1, 0, &doc.subtitle)?;
    let mut row = 3;
    for part in &doc.narrative {
        if let Some(heading) = &part.heading {
            sheet.write_string_with_format(row, 0, heading, &formats.bold)?;
            row += 1;
        }
        for paragraph in &part.paragraphs {
            sheet.write_string_with_format(row, 0, paragraph, &formats.wrapped)?;
            // A wrapped cell does not grow by itself: about 120 characters fit on a line.
            let lines = paragraph.chars().count().div_ceil(120).max(1);
            sheet.set_row_height(row, 15 * lines as u32)?;
            row += 1;
        }
    }
    Ok(())
}

fn table_sheet(
    sheet: &mut Worksheet,
    doc: &ReportDocument,
    section: &TableSection,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(&section.sheet)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.write_string_with_format(0, 0, &section.label, &formats.title)?;
    sheet.write_string(1, 0, &doc.subtitle)?;
    for (col, (heading, width)) in headings(doc)
        .iter()
        .zip([18, 46, 18, 12, 22, 12, 12, 14, 12, 40])
        .enumerate()
    {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(3, col as u16, heading, &formats.heading)?;
    }
    sheet.set_row_height(3, 32)?;
    sheet.set_freeze_panes(4, 2)?;
    for (i, row) in section.rows.iter().enumerate() {
        let r = 4 + i as u32;
        let d = row.places.min(1) as usize;
        // Each cell holds the number the report states, so that its format shows that number.
        let number = |sheet: &mut Worksheet, col: u16, value: Option<f64>, format: &Format| match value {
            Some(v) => sheet.write_number_with_format(r, col, v, format).map(|_| ()),
            None => sheet.write_blank(r, col, &formats.text).map(|_| ()),
        };
        sheet.write_string_with_format(r, 0, &row.code, &formats.text)?;
        sheet.write_string_with_format(r, 1, &row.name, &formats.text)?;
        sheet.write_string_with_format(r, 2, &row.unit, &formats.text)?;
        number(sheet, 3, row.value.map(Fixed::to_f64), &formats.number[d])?;
        let source = row.source.map(|s| s.label(doc.lang)).unwrap_or("");
        sheet.write_string_with_format(r, 4, source, &formats.text)?;
        number(sheet, 5, row.target.map(Fixed::to_f64), &formats.number[d])?;
        // A percent-formatted cell holds the share: 1.125 shows 112,5%.
        let share = row.achievement.map(Fixed::share_of_percent);
        number(sheet, 6, share, &formats.percent)?;
        number(sheet, 7, row.previous.map(Fixed::to_f64), &formats.number[d])?;
        number(sheet, 8, row.change.map(Fixed::to_f64), &formats.change[d])?;
        sheet.write_string_with_format(r, 9, row.note.as_deref().unwrap_or(""), &formats.text)?;
    }
    Ok(())
}

fn completeness_sheet(
    sheet: &mut Worksheet,
    doc: &ReportDocument,
    table: &CompletenessTable,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(&table.sheet)?;
    sheet.write_string_with_format(0, 0, &table.label, &formats.title)?;
    sheet.write_string(1, 0, &table.parts)?;
    for (col, (heading, width)) in completeness_headings(doc.lang)
        .iter()
        .zip([18, 46, 14, 14, 18, 14, 40])
        .enumerate()
    {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(3, col as u16, *heading, &formats.heading)?;
    }
    sheet.set_row_height(3, 32)?;
    sheet.set_freeze_panes(4, 2)?;
    for (i, row) in table.rows.iter().enumerate() {
        let r = 4 + i as u32;
        sheet.write_string_with_format(r, 0, &row.code, &formats.text)?;
        sheet.write_string_with_format(r, 1, &row.name, &formats.text)?;
        for (c, n) in [row.expected, row.with_data, row.computed, row.entered]
            .into_iter()
            .enumerate()
        {
            sheet.write_number_with_format(r, 2 + c as u16, n as f64, &formats.number[0])?;
        }
        sheet.write_string_with_format(r, 6, row.missing_text(), &formats.text)?;
    }
    Ok(())
}

/// Each chart's figures as a small table, with the spreadsheet's own chart of them beside it.
fn chart_sheet(sheet: &mut Worksheet, charts: &[&Chart], formats: &Formats) -> Result<(), XlsxError> {
    let name = sheet.name();
    sheet.set_column_width(0, 28)?;
    let mut top: u32 = 0;
    for chart in charts {
        sheet.write_string_with_format(top, 0, chart.title(), &formats.title)?;
        let (categories, series) = chart.data();
        let head = top + 1;
        sheet.write_blank(head, 0, &formats.heading)?;
        for (s, one) in series.iter().enumerate() {
            let col = 1 + s as u16;
            sheet.write_string_with_format(head, col, &one.name, &formats.heading)?;
            for (c, value) in one.values.iter().enumerate() {
                let row = head + 1 + c as u32;
                match value {
                    Some(v) => sheet.write_number_with_format(row, col, *v as f64, &formats.number[0])?,
                    None => sheet.write_blank(row, col, &formats.text)?,
                };
            }
        }
        for (c, category) in categories.iter().enumerate() {
            sheet.write_string_with_format(head + 1 + c as u32, 0, category, &formats.text)?;
        }
        let last = head + categories.len() as u32;
        let mut drawn = SheetChart::new(match chart {
            Chart::Columns { .. } => ChartType::Column,
            Chart::Bars { .. } => ChartType::Bar,
        });
        drawn.title().set_name(chart.title());
        for s in 0..series.len() {
            let col = 1 + s as u16;
            let added = drawn
                .add_series()
                .set_categories((name.as_str(), head + 1, 0, last, 0))
                .set_values((name.as_str(), head + 1, col, last, col));
            if series.len() > 1 {
                added.set_name((name.as_str(), head, col));
            }
        }
        if series.len() == 1 {
            drawn.legend().set_hidden();
        }
        drawn.set_width(560).set_height(260);
        sheet.insert_chart(top, 2 + series.len() as u16, &drawn)?;
        // Room for the larger of the table and the chart, then a gap.
        top = (last + 2).max(top + 15);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    #[test]
    fn the_workbook_reads_back_cell_by_cell() {
        let bytes = report_xlsx(&sample::document()).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            [
                "Báo cáo",
                "Tổ chức KTTT",
                "Sản xuất kinh doanh",
                "Độ đầy đủ số liệu",
                "Biểu đồ"
            ]
        );
        let coverage = book.worksheet_range("Độ đầy đủ số liệu").unwrap();
        assert_eq!(
            coverage.get_value((4, 0)),
            Some(&Data::String("htx_active".into()))
        );
        assert_eq!(coverage.get_value((4, 3)), Some(&Data::Float(1.0)));
        assert_eq!(
            coverage.get_value((4, 6)),
            Some(&Data::String("Tỉnh Thái Nguyên".into()))
        );
        let summary = book.worksheet_range("Báo cáo").unwrap();
        assert_eq!(
            summary.get_value((0, 0)),
            Some(&Data::String(
                "Báo cáo kinh tế tập thể năm 2024 — Tỉnh Thái Nguyên".into()
            ))
        );
        assert_eq!(
            summary.get_value((5, 0)),
            Some(&Data::String("II. Kết quả sản xuất, kinh doanh".into()))
        );
        assert_eq!(
            summary.get_value((6, 0)),
            Some(&Data::String(
                "Thu nhập bình quân của người lao động đạt 53,1 triệu đồng/người/năm.".into()
            ))
        );
        let table = book.worksheet_range("Tổ chức KTTT").unwrap();
        let at = |r: u32, c: u32| table.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(at(3, 3), Data::String("Thực hiện".into()));
        assert_eq!(at(3, 7), Data::String("Cùng kỳ năm 2023".into()));
        // Founded: value 3, plan 2, 150% as a fraction, the year before 1, change +2.
        assert_eq!(at(5, 0), Data::String("htx_founded".into()));
        assert_eq!(at(5, 3), Data::Float(3.0));
        assert_eq!(at(5, 4), Data::String("Tính từ sổ đăng ký".into()));
        assert_eq!(at(5, 5), Data::Float(2.0));
        assert_eq!(at(5, 6), Data::Float(1.5));
        assert_eq!(at(5, 7), Data::Float(1.0));
        assert_eq!(at(5, 8), Data::Float(2.0));
        assert_eq!(at(4, 3), Data::Float(1210.0));
        assert_eq!(
            at(4, 9),
            Data::String("Số liệu nhập: 1.200 (Báo cáo số 12/BC-LMHTX)".into())
        );
        // Nothing known stays empty rather than zero.
        assert_eq!(at(6, 3), Data::Empty);
        assert_eq!(at(6, 7), Data::Float(4.0));
        let money = book.worksheet_range("Sản xuất kinh doanh").unwrap();
        assert_eq!(money.get_value((4, 3)), Some(&Data::Float(53.1)));
        let charts = book.worksheet_range("Biểu đồ").unwrap();
        assert_eq!(charts.get_value((2, 0)), Some(&Data::String("2023".into())));
        assert_eq!(charts.get_value((3, 1)), Some(&Data::Float(1210.0)));
    }
}
