//! The cells of a workbook's sheets (XLSX, XLS, ODS), read with calamine. Formulas come as the
//! values the spreadsheet program last computed for them: nothing is evaluated here.

use crate::values::Cell;
use calamine::{open_workbook_auto_from_rs, Data, Reader, SheetVisible};
use std::io::Cursor;

/// A sheet: its name, whether the workbook shows it, and its cells by row and column from the
/// sheet's first row and column (so that row 7 here is the sheet's row 8).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub visible: bool,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a file could not be read as a workbook.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// Not a workbook calamine knows (XLSX, XLSM, XLSB, XLS, ODS), or a damaged or protected one.
    #[error("not a spreadsheet: {0}")]
    NotASpreadsheet(String),
    #[error("sheet {sheet}: {detail}")]
    Sheet { sheet: String, detail: String },
}

/// Every sheet of the workbook in `bytes`, in the workbook's order.
pub fn read(bytes: Vec<u8>) -> Result<Vec<Sheet>, WorkbookError> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| WorkbookError::NotASpreadsheet(e.to_string()))?;
    let sheets: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let mut out = Vec::with_capacity(sheets.len());
    for (name, visible) in sheets {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| WorkbookError::Sheet {
                sheet: name.clone(),
                detail: e.to_string(),
            })?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); first_row as usize];
        for row in range.rows() {
            let mut cells = vec![Cell::Empty; first_col as usize];
            cells.extend(row.iter().map(cell_of));
            rows.push(cells);
        }
        out.push(Sheet { name, visible, rows });
    }
    Ok(out)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "x".into() } else { String::new() }),
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(at) => Cell::Date(at.date()),
            None => Cell::Number(moment.as_f64()),
        },
        Data::DateTimeIso(text) | Data::DurationIso(text) => {
            match chrono::NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d") {
                Ok(day) => Cell::Date(day),
                Err(_) => Cell::Text(text.clone()),
            }
        }
        // A formula whose value could not be computed (#DIV/0!, #REF!): shown as the spreadsheet shows it.
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}
