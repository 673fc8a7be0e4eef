//! The cells of a workbook's sheets (XLSX, XLS, ODS), read with calamine, or of a CSV file. Formulas
//! come as the values the spreadsheet program last computed for them: nothing is evaluated here.
//!
//! A workbook is a zip archive (XLSX, ODS) that may unpack to far more than its size, and a sheet
//! may claim a cell at row 1,048,576 of column XFD: both are bounded before anything is unpacked or
//! laid out in memory ([`MAX_UNPACKED_BYTES`], [`MAX_ROWS`], [`MAX_COLUMNS`]).

use crate::values::Cell;
use calamine::{open_workbook_auto_from_rs, Data, Reader, SheetVisible, Sheets};
use std::io::Cursor;

/// The most a workbook's archive may unpack to, in bytes: a province's registry of thousands of
/// rows is a few megabytes unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The most rows and columns a sheet may use.
pub const MAX_ROWS: u32 = 200_000;
pub const MAX_COLUMNS: u32 = 200;

/// A sheet: its name, whether the workbook shows it, and its cells by row and column from the
/// sheet's first row and column (so that row 7 here is the sheet's row 8).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub visible: bool,
    pub rows: Vec<Vec<Cell>>,
    /// The separator a CSV file was read with (`,` `;` or a tab); none for a workbook.
    pub separator: Option<char>,
}

impl Sheet {
    /// The separator as a message names it: "«;»", or "tab".
    pub fn separator_name(&self) -> Option<String> {
        self.separator.map(separator_name)
    }
}

/// A CSV separator as a message names it.
fn separator_name(separator: char) -> String {
    match separator {
        '\t' => "tab".to_owned(),
        other => format!("«{other}»"),
    }
}

/// Why a file could not be read as a workbook; each is a code of the error catalogue
/// (`check-{code}`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookError {
    #[error("the file is empty")]
    Empty,
    /// Not a workbook calamine knows (XLSX, XLSM, XLSB, XLS, ODS), or a damaged one.
    #[error("not a spreadsheet")]
    NotASpreadsheet,
    /// Encrypted with a password: the spreadsheet program must save it without one.
    #[error("protected by a password")]
    Protected,
    /// Its archive unpacks to more than [`MAX_UNPACKED_BYTES`].
    #[error("unpacks to more than {} MB", MAX_UNPACKED_BYTES / 1024 / 1024)]
    TooLargeUnpacked,
    /// A sheet uses more than [`MAX_ROWS`] rows or [`MAX_COLUMNS`] columns.
    #[error("sheet {0} is larger than {MAX_ROWS} rows or {MAX_COLUMNS} columns")]
    SheetTooLarge(String),
    /// Text in an encoding of the days before Unicode that hoptac cannot decode (TCVN3).
    #[error("text in {0}")]
    LegacyEncoding(&'static str),
    /// A line of a CSV file that does not read with the separator its first lines use.
    #[error("line {line} does not read with the separator {separator:?}")]
    CsvLine { line: u64, separator: char },
}

impl WorkbookError {
    /// The code of the error catalogue that says it.
    pub fn code(&self) -> &'static str {
        match self {
            WorkbookError::Empty => "empty_file",
            WorkbookError::NotASpreadsheet => "not_a_spreadsheet",
            WorkbookError::Protected => "protected_workbook",
            WorkbookError::TooLargeUnpacked => "unpacks_too_large",
            WorkbookError::SheetTooLarge(_) => "sheet_too_large",
            WorkbookError::LegacyEncoding(_) => "legacy_encoding",
            WorkbookError::CsvLine { .. } => "csv_line",
        }
    }

    /// The values its message quotes.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            WorkbookError::TooLargeUnpacked => vec![("max", (MAX_UNPACKED_BYTES / 1024 / 1024).to_string())],
            WorkbookError::SheetTooLarge(sheet) => vec![
                ("sheet", sheet.clone()),
                ("rows", MAX_ROWS.to_string()),
                ("columns", MAX_COLUMNS.to_string()),
            ],
            WorkbookError::LegacyEncoding(encoding) => vec![("encoding", (*encoding).to_owned())],
            WorkbookError::CsvLine { line, separator } => vec![
                ("line", line.to_string()),
                ("separator", separator_name(*separator)),
            ],
            _ => Vec::new(),
        }
    }
}

/// The "magic" of an OLE compound file: old .xls, and the wrapper of an encrypted .xlsx.
const COMPOUND_FILE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Every sheet of the workbook in `bytes` that can be read, in the workbook's order; a sheet that
/// cannot be read is left out when another can.
pub fn read(bytes: Vec<u8>) -> Result<Vec<Sheet>, WorkbookError> {
    if bytes.is_empty() {
        return Err(WorkbookError::Empty);
    }
    if bytes.starts_with(b"PK") {
        ensure_unpacks_within_bounds(&bytes)?;
    }
    if bytes.starts_with(&COMPOUND_FILE) && utf16_contains(&bytes, "EncryptionInfo") {
        return Err(WorkbookError::Protected);
    }
    if !bytes.starts_with(b"PK") && !bytes.starts_with(&COMPOUND_FILE) {
        return csv_sheet(&bytes).map(|sheet| vec![sheet]);
    }
    let mut workbook =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| WorkbookError::NotASpreadsheet)?;
    let sheets: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let mut out = Vec::with_capacity(sheets.len());
    for (name, visible) in sheets {
        let rows = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx_rows(xlsx, &name)?,
            other => match other.worksheet_range(&name) {
                Ok(range) => {
                    let (first_row, first_col) = range.start().unwrap_or((0, 0));
                    let (height, width) = range.get_size();
                    if first_row as usize + height > MAX_ROWS as usize
                        || first_col as usize + width > MAX_COLUMNS as usize
                    {
                        return Err(WorkbookError::SheetTooLarge(name));
                    }
                    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); first_row as usize];
                    for row in range.rows() {
                        let mut cells = vec![Cell::Empty; first_col as usize];
                        cells.extend(row.iter().map(cell_of));
                        rows.push(cells);
                    }
                    Some(rows)
                }
                Err(_) => None,
            },
        };
        if let Some(rows) = rows {
            out.push(Sheet {
                name,
                visible,
                rows,
                separator: None,
            });
        }
    }
    if out.is_empty() {
        return Err(WorkbookError::NotASpreadsheet);
    }
    Ok(out)
}

/// A CSV file as one sheet: UTF-8 (with or without its byte-order mark), else Windows-1258, the
/// code page Vietnamese Windows saves text in; the separator (`,` `;` or tab) is the one the first
/// lines use most evenly. Text that is neither is not a spreadsheet.
fn csv_sheet(bytes: &[u8]) -> Result<Sheet, WorkbookError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) if looks_like_tcvn3(bytes) => return Err(WorkbookError::LegacyEncoding("TCVN3")),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::WINDOWS_1258.decode(bytes);
            if had_errors {
                return Err(WorkbookError::NotASpreadsheet);
            }
            decoded.into_owned()
        }
    };
    if text.contains('\0') {
        return Err(WorkbookError::NotASpreadsheet);
    }
    let separator = separator_of(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| WorkbookError::CsvLine {
            line: e.position().map_or(0, |p| p.line()),
            separator: char::from(separator),
        })?;
        if rows.len() >= MAX_ROWS as usize || record.len() > MAX_COLUMNS as usize {
            return Err(WorkbookError::SheetTooLarge("CSV".into()));
        }
        rows.push(
            record
                .iter()
                .map(|value| {
                    if value.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(value.to_owned())
                    }
                })
                .collect(),
        );
    }
    Ok(Sheet {
        name: "CSV".into(),
        visible: true,
        rows,
        separator: Some(char::from(separator)),
    })
}

/// Whether bytes that are not UTF-8 are Vietnamese in TCVN3 (TCVN 5712:1993, the encoding of the
/// ".Vn" fonts), which encoding_rs does not know. TCVN3 puts the lower-case letters with marks at
/// 0xA1–0xBF, where Windows-1258 has punctuation and symbols that Vietnamese text seldom holds:
/// text whose bytes above 0x7F fall there a third of the time or more is taken for TCVN3.
fn looks_like_tcvn3(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|b| **b >= 0x80).count();
    let symbols = bytes.iter().filter(|b| (0xA1..=0xBF).contains(*b)).count();
    high >= 3 && symbols * 3 >= high
}

/// The separator the first lines of a CSV text use: of `,` `;` and tab, the one found most often
/// in its busiest line among the first twenty, ties going to `,`.
fn separator_of(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let most = |c: char| lines.iter().map(|l| l.matches(c).count()).max().unwrap_or(0);
    [(b',', most(',')), (b';', most(';')), (b'\t', most('\t'))]
        .into_iter()
        .fold(
            (b',', 0),
            |best, (sep, n)| if n > best.1 { (sep, n) } else { best },
        )
        .0
}

/// An XLSX sheet's rows, read cell by cell so that no sheet is laid out larger than its bounds.
/// `None` when the sheet cannot be read.
fn xlsx_rows(
    xlsx: &mut calamine::Xlsx<Cursor<Vec<u8>>>,
    name: &str,
) -> Result<Option<Vec<Vec<Cell>>>, WorkbookError> {
    let Ok(mut reader) = xlsx.worksheet_cells_reader(name) else {
        return Ok(None);
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(_) => return Ok(None),
        };
        let (row, col) = cell.get_position();
        let value: Data = cell.get_value().clone().into();
        if value == Data::Empty {
            continue;
        }
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(WorkbookError::SheetTooLarge(name.to_owned()));
        }
        let (row, col) = (row as usize, col as usize);
        if rows.len() <= row {
            rows.resize(row + 1, Vec::new());
        }
        let cells = &mut rows[row];
        if cells.len() <= col {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = cell_of(&value);
    }
    drop(reader);
    // A formula the file holds no value for (a workbook a program wrote without computing it)
    // would read as an empty cell; it is kept as a formula, refused where a value is read.
    if let Ok(formulas) = xlsx.worksheet_formula(name) {
        let (first_row, first_col) = formulas.start().unwrap_or((0, 0));
        for (r, c, formula) in formulas.used_cells() {
            let (row, col) = (first_row as usize + r, first_col as usize + c);
            if formula.is_empty() || row >= MAX_ROWS as usize || col >= MAX_COLUMNS as usize {
                continue;
            }
            if rows.len() <= row {
                rows.resize(row + 1, Vec::new());
            }
            let cells = &mut rows[row];
            if cells.len() <= col {
                cells.resize(col + 1, Cell::Empty);
            }
            if cells[col] == Cell::Empty {
                cells[col] = Cell::Formula(formula.clone());
            }
        }
    }
    Ok(Some(rows))
}

/// Refuses an archive whose entries unpack to more than [`MAX_UNPACKED_BYTES`], from what its
/// directory declares and, since a directory can lie, by unpacking at most that much.
fn ensure_unpacks_within_bounds(bytes: &[u8]) -> Result<(), WorkbookError> {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Err(WorkbookError::NotASpreadsheet);
    };
    let mut budget = MAX_UNPACKED_BYTES;
    for index in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(index) else {
            return Err(WorkbookError::NotASpreadsheet);
        };
        if entry.size() > budget {
            return Err(WorkbookError::TooLargeUnpacked);
        }
        let read = std::io::copy(&mut (&mut entry).take(budget + 1), &mut std::io::sink())
            .map_err(|_| WorkbookError::NotASpreadsheet)?;
        if read > budget {
            return Err(WorkbookError::TooLargeUnpacked);
        }
        budget -= read;
    }
    Ok(())
}

/// Whether `text` appears in `bytes` as UTF-16LE (the names inside a compound file).
fn utf16_contains(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A workbook with a name in A1, a number in A2 and, in B2, a formula whose computed value
    /// the file does not hold, as programs that write workbooks without computing them leave it.
    fn uncomputed_formula() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Tên HTX").unwrap();
        sheet.write_number(1, 0, 12.0).unwrap();
        sheet.write_formula(1, 1, "=A2*2").unwrap();
        let written = book.save_to_buffer().unwrap();
        // rust_xlsxwriter writes a result of 0; the value is taken out, as openpyxl leaves it.
        let mut archive = zip::ZipArchive::new(Cursor::new(written)).unwrap();
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let text = String::from_utf8(content).unwrap().replace("<v>0</v>", "");
                content = text.into_bytes();
            }
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(&content).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_formula_without_its_value_is_kept_as_a_formula_never_computed() {
        let sheets = read(uncomputed_formula()).unwrap();
        let row = &sheets[0].rows[1];
        assert_eq!(row[0], Cell::Number(12.0));
        assert_eq!(row[1], Cell::Formula("A2*2".to_owned()));
    }

    /// A zip archive of one entry of `size` zero bytes: a few kilobytes that unpack to `size`.
    fn bomb(size: usize) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let chunk = vec![0u8; 1024 * 1024];
        for _ in 0..size / chunk.len() {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn what_is_not_a_workbook_says_why() {
        assert_eq!(read(Vec::new()), Err(WorkbookError::Empty));
        assert_eq!(
            read(vec![0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe]),
            Err(WorkbookError::NotASpreadsheet)
        );
        let mut encrypted = COMPOUND_FILE.to_vec();
        encrypted.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read(encrypted), Err(WorkbookError::Protected));
        let bomb = bomb((MAX_UNPACKED_BYTES + 1024 * 1024) as usize);
        assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
        assert_eq!(read(bomb), Err(WorkbookError::TooLargeUnpacked));
    }

    #[test]
    fn a_csv_in_tcvn3_is_refused_by_the_name_of_its_encoding() {
        // "Tên hợp tác xã, Mã số thuế / HTX Chè Tân Cương" as the .Vn fonts' encoding writes it.
        let tcvn3: Vec<u8> = "STT,Tªn hîp t¸c x·,M· sè thuÕ\n1,HTX ChÌ T©n C\u{ad}¬ng,0101248141\n"
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        assert!(std::str::from_utf8(&tcvn3).is_err());
        let refused = read(tcvn3).unwrap_err();
        assert_eq!(refused, WorkbookError::LegacyEncoding("TCVN3"));
        assert_eq!(refused.args(), vec![("encoding", "TCVN3".to_owned())]);
    }

    #[test]
    fn a_csv_line_that_does_not_read_names_its_line_and_separator() {
        let broken = "STT;Tên HTX;Mã số thuế\n1;\"HTX Chè;0101248141\n2;HTX Lúa;0300588569\n\"x\"y;1;2\n";
        match read(broken.as_bytes().to_vec()) {
            Err(WorkbookError::CsvLine { separator, .. }) => assert_eq!(separator, ';'),
            // The csv reader takes an unclosed quote to the end of the file: then it is one record.
            Ok(sheets) => assert_eq!(sheets[0].separator, Some(';')),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_csv_in_utf8_or_windows_1258_with_any_separator() {
        let utf8 = "\u{feff}STT;Tên hợp tác xã;Mã số thuế\n1;HTX Chè Tân Cương;0101248141\n";
        let sheet = &read(utf8.as_bytes().to_vec()).unwrap()[0];
        assert_eq!(sheet.rows[1][1], Cell::Text("HTX Chè Tân Cương".into()));
        assert_eq!(sheet.separator_name(), Some("«;»".to_owned()));
        // Windows writes Vietnamese in code page 1258 with the tone marks apart from their letter.
        let written = "STT\tTên h\u{01a1}\u{0323}p tác xa\u{0303}\n1\tHTX Chè Tân Cương\n";
        let (cp1258, _, unmappable) = encoding_rs::WINDOWS_1258.encode(written);
        assert!(
            !unmappable && std::str::from_utf8(&cp1258).is_err(),
            "a code page 1258 sample"
        );
        let sheet = &read(cp1258.into_owned()).unwrap()[0];
        let text = |row: usize, col: usize| crate::values::text(&sheet.rows[row][col]).unwrap();
        assert_eq!(text(0, 1).as_deref(), Some("Tên hợp tác xã"));
        assert_eq!(text(1, 1).as_deref(), Some("HTX Chè Tân Cương"));
        assert_eq!(sheet.separator_name(), Some("tab".to_owned()));
        assert_eq!(separator_of("a,b;c\n1,2,3"), b',');
        assert_eq!(separator_of("a;b;c\n1,5;2;3"), b';');
    }

    #[test]
    fn a_sheet_claiming_its_last_cell_is_refused_before_it_is_laid_out() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Tên hợp tác xã").unwrap();
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(read(bytes), Err(WorkbookError::SheetTooLarge("Sheet1".into())));
    }
}
