//! The refused rows of a sheet as a workbook to correct and import again: the sheet's title, one
//! row of its headings, each refused row as it was written (under its district's section row when
//! the sheet has sections) and, in a last column, what is wrong with it.

use crate::layout::{Layout, RowKind};
use crate::plan::Record;
use crate::values::Cell;
use crate::workbook::Sheet;
use hoptac_core::Lang;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The refused `records` of `sheet` as an XLSX workbook, the problems in `lang`. The importer reads
/// it back as it read the sheet: its headings are the sheet's, written on one row ("Năm sinh / Nam").
pub fn workbook(
    sheet: &Sheet,
    layout: &Layout,
    records: &[&dyn Record],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let out = book.add_worksheet();
    // Excel refuses a sheet name over 31 characters.
    let name: String = sheet.name.chars().take(31).collect();
    out.set_name(&name)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut at: u32 = 0;
    let write_row =
        |out: &mut rust_xlsxwriter::Worksheet, at: u32, cells: &[Cell]| -> Result<(), XlsxError> {
            for (col, cell) in cells.iter().enumerate() {
                let col = u16::try_from(col).unwrap_or(u16::MAX);
                match cell {
                    Cell::Empty => {}
                    Cell::Text(text) => {
                        out.write_string(at, col, text)?;
                    }
                    Cell::Number(n) => {
                        out.write_number(at, col, *n)?;
                    }
                    // Back as it came, for the officer to compute and send again.
                    Cell::Formula(formula) => {
                        out.write_formula(at, col, formula.as_str())?;
                    }
                    Cell::Date(day) => {
                        let moment = rust_xlsxwriter::ExcelDateTime::parse_from_str(&day.to_string())?;
                        out.write_datetime_with_format(at, col, &moment, &date)?;
                    }
                }
            }
            Ok(())
        };
    for (row, kind) in sheet.rows.iter().zip(&layout.rows) {
        if *kind == RowKind::Title {
            write_row(out, at, row)?;
            at += 1;
        }
    }
    let width = layout.columns.iter().map(|c| c.index + 1).max().unwrap_or(0);
    for column in &layout.columns {
        let col = u16::try_from(column.index).unwrap_or(u16::MAX);
        out.write_string_with_format(at, col, &column.heading, &bold)?;
    }
    let problems_col = u16::try_from(width).unwrap_or(u16::MAX);
    out.write_string_with_format(
        at,
        problems_col,
        hoptac_core::i18n::text(lang, "rejected-problems").unwrap_or("Lỗi"),
        &bold,
    )?;
    out.set_column_width(problems_col, 80)?;
    at += 1;
    let mut section_written: Option<usize> = None;
    for record in records {
        let index = record.row() - 1;
        let section = layout.rows[..index]
            .iter()
            .rposition(|k| matches!(k, RowKind::Section(_)));
        if let Some(section) = section {
            if section_written != Some(section) {
                write_row(out, at, &sheet.rows[section])?;
                at += 1;
                section_written = Some(section);
            }
        }
        write_row(out, at, &sheet.rows[index])?;
        let problems = record
            .problems()
            .iter()
            .map(|p| p.describe(lang))
            .collect::<Vec<_>>()
            .join("\n");
        out.write_string(at, problems_col, &problems)?;
        at += 1;
    }
    book.save_to_buffer()
}
