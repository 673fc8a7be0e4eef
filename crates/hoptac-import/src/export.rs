//! Exports that round-trip: the registry's organisations (with a year's figures) and members, as
//! XLSX or CSV, in the headings the importer reads ([`crate::layout`]). A province downloads its
//! registry, corrects it in the spreadsheet it knows, and imports it again: only what it changed
//! changes. Rows are read a chunk of ids at a time and written as they come, so a national export
//! holds one chunk in memory besides the file being written.

use crate::values::Cell;
use chrono::NaiveDate;
use hoptac_core::access::{Permission, Place};
use hoptac_core::org::{OrgKind, OrgStatus, Sector};
use hoptac_core::{on_pool, Arg, Conditions, Context, Lang, StoreError, StoreResult};
use hoptac_registry::domain::yearly::YearlyRating;
use hoptac_registry::store::organisations::OrganisationFilter;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;

/// How many organisations are read at once.
const CHUNK: usize = 500;

/// The file an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Xlsx,
    /// UTF-8 with a byte-order mark, so that Excel opens it with its accents; comma-separated.
    Csv,
}

impl FileFormat {
    pub fn parse(extension: &str) -> Option<FileFormat> {
        match extension {
            "xlsx" => Some(FileFormat::Xlsx),
            "csv" => Some(FileFormat::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Xlsx => hoptac_web::routes::XLSX,
            FileFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// Why an export was not written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
}

/// A column: its heading as the importer reads it, over two rows when it has a sub-heading
/// ("Năm sinh" over "Nam" and "Nữ"); in CSV, "Năm sinh / Nam".
struct Heading {
    parent: String,
    sub: Option<&'static str>,
}

fn heading(text: impl Into<String>) -> Heading {
    Heading {
        parent: text.into(),
        sub: None,
    }
}

/// A sheet being written, row after row.
enum Sheet {
    Xlsx {
        book: Box<Workbook>,
        sheet: Box<Worksheet>,
        row: u32,
        bold: Format,
        date: Format,
    },
    Csv(csv::Writer<Vec<u8>>),
}

impl Sheet {
    fn new(format: FileFormat, name: &str) -> Result<Sheet, ExportError> {
        Ok(match format {
            FileFormat::Xlsx => {
                let mut book = Workbook::new();
                let mut sheet = book.new_worksheet_with_constant_memory()?;
                sheet.set_name(name.chars().take(31).collect::<String>())?;
                Sheet::Xlsx {
                    book: Box::new(book),
                    sheet: Box::new(sheet),
                    row: 0,
                    bold: Format::new()
                        .set_bold()
                        .set_text_wrap()
                        .set_align(FormatAlign::Center)
                        .set_align(FormatAlign::VerticalCenter),
                    date: Format::new().set_num_format("dd/mm/yyyy"),
                }
            }
            FileFormat::Csv => Sheet::Csv(csv::Writer::from_writer("\u{feff}".as_bytes().to_vec())),
        })
    }

    /// The headings, over two rows where a column has a sub-heading: the parent merged across
    /// its sub-headings, a heading without any left alone on the first row (the importer reads a
    /// blank under a heading as a merged cell, and a sheet in constant memory is written row after
    /// row, so no cell spans the two rows).
    fn headings(&mut self, headings: &[Heading]) -> Result<(), ExportError> {
        match self {
            Sheet::Xlsx { sheet, row, bold, .. } => {
                let mut col = 0u16;
                let mut at = 0;
                while at < headings.len() {
                    let h = &headings[at];
                    // Columns sharing a parent with sub-headings sit under one merged cell.
                    let span = headings[at..]
                        .iter()
                        .take_while(|o| h.sub.is_some() && o.sub.is_some() && o.parent == h.parent)
                        .count()
                        .max(1);
                    let last = col + u16::try_from(span - 1).unwrap_or(0);
                    if span > 1 {
                        sheet.merge_range(*row, col, *row, last, &h.parent, bold)?;
                    } else {
                        sheet.write_string_with_format(*row, col, &h.parent, bold)?;
                    }
                    col = last + 1;
                    at += span;
                }
                *row += 1;
                if headings.iter().any(|h| h.sub.is_some()) {
                    for (col, h) in headings.iter().enumerate() {
                        if let Some(sub) = h.sub {
                            let col = u16::try_from(col).unwrap_or(u16::MAX);
                            sheet.write_string_with_format(*row, col, sub, bold)?;
                        }
                    }
                    *row += 1;
                }
            }
            Sheet::Csv(out) => {
                let texts = headings.iter().map(|h| match h.sub {
                    Some(sub) => format!("{} / {sub}", h.parent),
                    None => h.parent.clone(),
                });
                out.write_record(texts)?;
            }
        }
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), ExportError> {
        match self {
            Sheet::Xlsx { sheet, row, date, .. } => {
                for (col, cell) in cells.iter().enumerate() {
                    let col = u16::try_from(col).unwrap_or(u16::MAX);
                    match cell {
                        Cell::Empty => {}
                        Cell::Text(text) => {
                            sheet.write_string(*row, col, text)?;
                        }
                        Cell::Number(n) => {
                            sheet.write_number(*row, col, *n)?;
                        }
                        Cell::Formula(formula) => {
                            sheet.write_formula(*row, col, formula.as_str())?;
                        }
                        Cell::Date(day) => {
                            let moment = rust_xlsxwriter::ExcelDateTime::parse_from_str(&day.to_string())?;
                            sheet.write_datetime_with_format(*row, col, &moment, date)?;
                        }
                    }
                }
                *row += 1;
            }
            Sheet::Csv(out) => {
                out.write_record(cells.iter().map(|c| match c {
                    // A tax code or an identity number stays text; amounts are whole đồng.
                    Cell::Date(day) => day.format("%d/%m/%Y").to_string(),
                    Cell::Text(text) => csv_text(text),
                    other => other.as_text(),
                }))?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>, ExportError> {
        match self {
            Sheet::Xlsx { mut book, sheet, .. } => {
                book.push_worksheet(*sheet);
                Ok(book.save_to_buffer()?)
            }
            Sheet::Csv(out) => Ok(out.into_inner().map_err(|e| csv::Error::from(e.into_error()))?),
        }
    }
}

/// Text as a CSV cell holds it safely ([`hoptac_core::text::csv_cell`]); the importer takes the
/// apostrophe off again ([`crate::values::text`]).
fn csv_text(text: &str) -> String {
    hoptac_core::text::csv_cell(text)
}

/// An organisation as its export row needs it.
#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
    kind: String,
    name: String,
    tax_code: Option<String>,
    registration_number: Option<String>,
    founding_date: NaiveDate,
    address: Option<String>,
    commune_name: String,
    commune_era: String,
    commune_id: i64,
    current_commune_id: Option<i64>,
    district_name: Option<String>,
    province_code: String,
    province_name: String,
    /// The province before 1 July 2025, for an organisation of an old commune.
    old_province_name: Option<String>,
    representative_name: Option<String>,
    phone: Option<String>,
    is_new_model: bool,
    charter_capital: Option<i64>,
    status: String,
    status_since: NaiveDate,
}

const ORGANISATION_SELECT: &str = "SELECT o.id, o.kind, o.name, o.tax_code, o.registration_number, \
     o.founding_date, o.address, c.name AS commune_name, c.era AS commune_era, c.id AS commune_id, o.current_commune_id, \
     d.name AS district_name, o.province_code, p.name AS province_name, op.name AS old_province_name, o.representative_name, o.phone, \
     o.is_new_model, o.charter_capital, o.status, o.status_since \
     FROM organisations o JOIN communes c ON c.id = o.commune_id \
     LEFT JOIN districts d ON c.era = '2008' AND d.code = c.district_code \
     JOIN provinces p ON p.era = '2025' AND p.code = o.province_code \
     LEFT JOIN provinces op ON op.era = '2008' AND op.code = o.old_province_code";

#[derive(sqlx::FromRow)]
struct FiguresRow {
    organisation_id: i64,
    members: Option<i64>,
    regular_workers: Option<i64>,
    revenue: Option<i64>,
    profit: Option<i64>,
    average_income: Option<i64>,
    rating: Option<String>,
}

/// The rows of `select` whose `id_column` is one of `ids`, besides the `conditions`, in the ids'
/// order.
async fn by_ids<T: hoptac_core::sql::Record>(
    cx: &Context,
    select: &str,
    mut conditions: Conditions,
    id_column: &str,
    ids: &[i64],
    id_of: fn(&T) -> i64,
) -> StoreResult<Vec<T>> {
    let placeholders: Vec<&str> = ids.iter().map(|_| "?").collect();
    conditions.push(
        &format!("{id_column} IN ({})", placeholders.join(", ")),
        ids.iter().map(|id| Arg::I64(*id)),
    );
    let sql = format!("{select} {}", conditions.where_sql());
    let mut rows: Vec<T> = on_pool!(&cx.db, |pool| hoptac_core::bind_args!(
        sqlx::query_as(&sql),
        &conditions.args
    )
    .fetch_all(pool)
    .await)?;
    let position: HashMap<i64, usize> = ids.iter().enumerate().map(|(at, id)| (*id, at)).collect();
    rows.sort_by_key(|r| position.get(&id_of(r)).copied());
    Ok(rows)
}

/// Where an organisation sits, for the reader's right to its figures and members.
fn place_of(row: &OrganisationRow) -> Place {
    Place {
        organisation_id: Some(row.id),
        commune_id: Some(row.commune_id),
        current_commune_id: row.current_commune_id,
        province_code: row.province_code.clone(),
        round_id: None,
    }
}

/// The status as the notes column writes it, which the importer reads back as a status change:
/// "Tạm ngừng hoạt động từ 01/07/2024", "Đã giải thể 15/10/2024", "Phá sản 02/03/2023".
fn status_note(status: &str, since: NaiveDate) -> Option<String> {
    let day = since.format("%d/%m/%Y");
    match OrgStatus::parse(status)? {
        OrgStatus::Active => None,
        OrgStatus::Suspended => Some(format!("Tạm ngừng hoạt động từ {day}")),
        OrgStatus::Dissolved => Some(format!("Đã giải thể {day}")),
        OrgStatus::Bankrupt => Some(format!("Phá sản {day}")),
    }
}

fn text(value: &Option<String>) -> Cell {
    value.clone().map_or(Cell::Empty, Cell::Text)
}

fn number(value: Option<i64>) -> Cell {
    value.map_or(Cell::Empty, |n| Cell::Number(n as f64))
}

/// The organisations matching `filter`, one row each with its record number ("Mã hồ sơ"), with the
/// figures of `year` where the reader may read them: the layout the importer reads, its headings in Vietnamese.
pub async fn organisations(
    cx: &Context,
    filter: &OrganisationFilter,
    year: i32,
    format: FileFormat,
) -> Result<Vec<u8>, ExportError> {
    let lang = Lang::Vi;
    let ids = hoptac_registry::store::organisations::matching_ids(&cx.db, filter).await?;
    let mut sheet = Sheet::new(format, &format!("Danh sách năm {year}"))?;
    let headings = vec![
        heading("STT"),
        heading("Mã hồ sơ"),
        heading("Loại hình"),
        heading("Tên tổ chức"),
        heading("Mã số thuế"),
        heading("Số đăng ký"),
        heading("Ngày thành lập"),
        heading("Ngành nghề"),
        heading("Địa chỉ"),
        heading("Xã, phường, thị trấn"),
        heading("Huyện"),
        heading("Tỉnh"),
        heading("Người đại diện"),
        heading("Điện thoại"),
        heading("Kiểu mới"),
        heading("Vốn điều lệ (đồng)"),
        heading(format!("Số thành viên năm {year}")),
        heading("Lao động thường xuyên"),
        heading("Doanh thu (đồng)"),
        heading("Lợi nhuận (đồng)"),
        heading("Thu nhập bình quân (đồng)"),
        heading("Xếp loại"),
        heading("Ghi chú"),
    ];
    sheet.headings(&headings)?;
    let mut seq = 0usize;
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<OrganisationRow> = organisation_rows(cx, chunk).await?;
        let sectors = sectors_of(cx, chunk).await?;
        let figures: HashMap<i64, FiguresRow> = figures_of(cx, chunk, year)
            .await?
            .into_iter()
            .map(|f| (f.organisation_id, f))
            .collect();
        for row in rows {
            seq += 1;
            let private = cx.actor.access.allows(Permission::ReadPrivate, &place_of(&row));
            let f = figures.get(&row.id).filter(|_| private);
            let sector_names = sectors
                .get(&row.id)
                .map(|codes| {
                    codes
                        .iter()
                        .filter_map(|c| Sector::parse(c))
                        .map(|s| s.label(lang))
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            let cells = vec![
                Cell::Number(seq as f64),
                Cell::Number(row.id as f64),
                OrgKind::parse(&row.kind).map_or(Cell::Empty, |k| Cell::Text(k.label(lang).to_owned())),
                Cell::Text(row.name.clone()),
                text(&row.tax_code),
                text(&row.registration_number),
                Cell::Date(row.founding_date),
                Cell::Text(sector_names),
                text(&row.address),
                Cell::Text(row.commune_name.clone()),
                text(&row.district_name.filter(|_| row.commune_era == "2008")),
                // An old commune is written with its district and province of then.
                Cell::Text(match (&row.old_province_name, row.commune_era.as_str()) {
                    (Some(old), "2008") => old.clone(),
                    _ => row.province_name.clone(),
                }),
                text(&row.representative_name),
                text(&row.phone),
                Cell::Text(if row.is_new_model { "x" } else { "" }.to_owned()),
                number(row.charter_capital),
                number(f.and_then(|f| f.members)),
                number(f.and_then(|f| f.regular_workers)),
                number(f.and_then(|f| f.revenue)),
                number(f.and_then(|f| f.profit)),
                number(f.and_then(|f| f.average_income)),
                f.and_then(|f| f.rating.as_deref())
                    .and_then(YearlyRating::parse)
                    .map_or(Cell::Empty, |r| Cell::Text(r.label(lang).to_owned())),
                text(&status_note(&row.status, row.status_since)),
            ];
            sheet.row(&cells)?;
        }
    }
    sheet.finish()
}

/// The organisations of `ids`, in their order.
async fn organisation_rows(cx: &Context, ids: &[i64]) -> StoreResult<Vec<OrganisationRow>> {
    by_ids(
        cx,
        ORGANISATION_SELECT,
        Conditions::default(),
        "o.id",
        ids,
        |r: &OrganisationRow| r.id,
    )
    .await
}

async fn sectors_of(cx: &Context, ids: &[i64]) -> StoreResult<HashMap<i64, Vec<String>>> {
    #[derive(sqlx::FromRow)]
    struct SectorRow {
        organisation_id: i64,
        sector: String,
    }
    let rows: Vec<SectorRow> = by_ids(
        cx,
        "SELECT organisation_id, sector FROM organisation_sectors",
        Conditions::default(),
        "organisation_id",
        ids,
        |r: &SectorRow| r.organisation_id,
    )
    .await?;
    let mut by_org: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows {
        by_org.entry(row.organisation_id).or_default().push(row.sector);
    }
    Ok(by_org)
}

async fn figures_of(cx: &Context, ids: &[i64], year: i32) -> StoreResult<Vec<FiguresRow>> {
    let mut of_year = Conditions::default();
    of_year.push("year = ?", [Arg::I32(year)]);
    by_ids(
        cx,
        "SELECT organisation_id, members, regular_workers, revenue, profit, average_income, rating \
         FROM yearly_figures",
        of_year,
        "organisation_id",
        ids,
        |r: &FiguresRow| r.organisation_id,
    )
    .await
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: i64,
    organisation_id: i64,
    kind: String,
    full_name: String,
    id_number: Option<String>,
    birth_date: Option<NaiveDate>,
    birth_year: Option<i32>,
    gender: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    membership: String,
    capital_contribution: i64,
    joined_on: NaiveDate,
    left_on: Option<NaiveDate>,
}

/// The members of the organisations matching `filter` that the reader may read in full, one row
/// each, under their organisation's record number, name and tax code, with their own number: the layout the importer reads as a list
/// of many cooperatives' members, the year of birth in the men's or the women's column.
pub async fn members(
    cx: &Context,
    filter: &OrganisationFilter,
    format: FileFormat,
) -> Result<Vec<u8>, ExportError> {
    use hoptac_registry::domain::members::{Gender, MemberKind, Membership};
    let lang = Lang::Vi;
    let ids = hoptac_registry::store::organisations::matching_ids(&cx.db, filter).await?;
    let mut sheet = Sheet::new(format, "Danh sách thành viên")?;
    let born = |sub| Heading {
        parent: "Năm sinh".into(),
        sub: Some(sub),
    };
    sheet.headings(&[
        heading("STT"),
        heading("Mã hồ sơ tổ chức"),
        heading("Tên tổ chức"),
        heading("Mã số thuế"),
        heading("Mã thành viên"),
        heading("Họ và tên"),
        heading("Thành viên là"),
        born("Nam"),
        born("Nữ"),
        heading("Ngày sinh"),
        heading("Số CCCD"),
        heading("Địa chỉ"),
        heading("Điện thoại"),
        heading("Loại thành viên"),
        heading("Vốn góp (đồng)"),
        heading("Ngày gia nhập"),
        heading("Ngày ra khỏi"),
    ])?;
    let mut seq = 0usize;
    for chunk in ids.chunks(CHUNK) {
        let organisations: Vec<OrganisationRow> = organisation_rows(cx, chunk).await?;
        let readable: Vec<&OrganisationRow> = organisations
            .iter()
            .filter(|o| cx.actor.access.allows(Permission::ReadPrivate, &place_of(o)))
            .collect();
        let readable_ids: Vec<i64> = readable.iter().map(|o| o.id).collect();
        if readable_ids.is_empty() {
            continue;
        }
        let mut members: Vec<MemberRow> = by_ids(
            cx,
            "SELECT id, organisation_id, kind, full_name, id_number, birth_date, birth_year, gender, phone, \
             address, membership, capital_contribution, joined_on, left_on FROM members",
            Conditions::default(),
            "organisation_id",
            &readable_ids,
            |m: &MemberRow| m.organisation_id,
        )
        .await?;
        // Within an organisation: current members first, then by name in Vietnamese order.
        let position: HashMap<i64, usize> = readable_ids
            .iter()
            .enumerate()
            .map(|(at, id)| (*id, at))
            .collect();
        members.sort_by(|a, b| {
            position[&a.organisation_id]
                .cmp(&position[&b.organisation_id])
                .then(a.left_on.is_some().cmp(&b.left_on.is_some()))
                .then_with(|| hoptac_core::text::compare_names(&a.full_name, &b.full_name))
        });
        let names: HashMap<i64, &OrganisationRow> = readable.iter().map(|o| (o.id, *o)).collect();
        for m in members {
            seq += 1;
            let org = names[&m.organisation_id];
            let gender = m.gender.as_deref().and_then(Gender::parse);
            let year = |wanted| {
                if gender == Some(wanted) {
                    number(m.birth_year.map(i64::from))
                } else {
                    Cell::Empty
                }
            };
            // A year of birth without a known sex goes in the column of birth dates.
            let birth = match (m.birth_date, gender, m.birth_year) {
                (Some(day), _, _) => Cell::Date(day),
                (None, None, Some(year)) => Cell::Number(f64::from(year)),
                _ => Cell::Empty,
            };
            sheet.row(&[
                Cell::Number(seq as f64),
                Cell::Number(org.id as f64),
                Cell::Text(org.name.clone()),
                text(&org.tax_code),
                Cell::Number(m.id as f64),
                Cell::Text(m.full_name),
                MemberKind::parse(&m.kind).map_or(Cell::Empty, |k| Cell::Text(k.label(lang).to_owned())),
                year(Gender::Male),
                year(Gender::Female),
                birth,
                text(&m.id_number),
                text(&m.address),
                text(&m.phone),
                Membership::parse(&m.membership)
                    .map_or(Cell::Empty, |k| Cell::Text(k.label(lang).to_owned())),
                Cell::Number(m.capital_contribution as f64),
                Cell::Date(m.joined_on),
                m.left_on.map_or(Cell::Empty, Cell::Date),
            ])?;
        }
    }
    sheet.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_is_written_as_text() {
        assert_eq!(
            csv_text("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(csv_text("+cmd"), "'+cmd");
        assert_eq!(csv_text("-2+3"), "'-2+3");
        assert_eq!(csv_text("@SUM(1)"), "'@SUM(1)");
        assert_eq!(csv_text("Hợp tác xã Chè"), "Hợp tác xã Chè");
    }
}
