//! How a sheet laid out for printing is read: where its headings are (one row, or two with merged
//! cells over the second), which column holds which field (by the headings' words, kept as data in
//! `data/headings.csv`), and what each row below is: a district's section, a subtotal ("Cộng"), the
//! grand total ("TỔNG CỘNG"), the signature block, or a record.

use crate::values::{Cell, Unit};
use hoptac_core::text::fold;

/// Headings as provinces write them, and the field each names: `field,heading` per line, the
/// heading as written (diacritics and case do not matter). Two-row headings are written
/// "parent / sub" ("Năm sinh / Nam").
const HEADINGS: &str = include_str!("../data/headings.csv");

/// How far down the headings are looked for.
const HEADINGS_WITHIN_ROWS: usize = 40;
/// The fields that name a sheet's record, one for each kind of sheet: a row without it is no
/// record unless its other fields are filled. A product's name comes before its subject's.
const NAMING_FIELDS: [&str; 4] = ["product_name", "indicator", "full_name", "name"];

/// How many columns must be recognised for a row to be taken as the headings.
const RECOGNISED_FOR_HEADINGS: usize = 3;

/// A heading's words as compared: folded, without what is in brackets (the unit), without a year
/// ("năm 2024"), without a leading "trong đó:", without trailing punctuation.
pub fn heading_key(heading: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in heading.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let folded = fold(&out);
    let words: Vec<&str> = folded.split(' ').collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // "năm 2024": a year the sheet is about, not part of the heading's meaning.
        if words[i] == "nam"
            && words
                .get(i + 1)
                .is_some_and(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
        {
            i += 2;
            continue;
        }
        kept.push(words[i]);
        i += 1;
    }
    let joined = kept.join(" ");
    let joined = joined.strip_prefix("trong do:").unwrap_or(&joined).trim();
    joined
        .replace(" /", "/")
        .replace("/ ", "/")
        .trim_matches(|c: char| c == ':' || c == '.' || c == '*' || c.is_whitespace())
        .to_owned()
}

/// The field a heading names, if any: the whole "parent / sub" first, then the sub-heading, then the
/// parent (so "Năm sinh / Nam" is a man's birth year, and "Kết quả SXKD / Doanh thu" is revenue).
pub fn field_of(parent: &str, sub: &str) -> Option<&'static str> {
    let lookup = |heading: &str| {
        let key = heading_key(heading);
        (!key.is_empty())
            .then(|| synonyms().find(|(_, synonym)| heading_key(synonym) == key))
            .flatten()
            .map(|(field, _)| field)
    };
    if sub.trim().is_empty() {
        // Two rows of headings written on one ("Địa chỉ trụ sở / Xã, phường, thị trấn"), as the file
        // of refused rows writes them, read as they were on two.
        return match parent.rsplit_once(" / ") {
            Some((above, below)) => lookup(parent).or_else(|| lookup(below)).or_else(|| lookup(above)),
            None => lookup(parent),
        };
    }
    lookup(&format!("{parent} / {sub}"))
        .or_else(|| lookup(sub))
        .or_else(|| lookup(parent))
}

/// How an officer corrected the reading of a sheet's columns: for a heading (by its key, see
/// [`heading_key`]), the field its column holds, or none ("not read"). Kept with an upload, and
/// under a name as a template for the files of next month.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping(pub std::collections::BTreeMap<String, String>);

impl Mapping {
    /// The field the mapping gives a heading: `Some(None)` for a column not to be read, `None` when
    /// the mapping says nothing of it.
    fn field(&self, heading: &str) -> Option<Option<&'static str>> {
        let chosen = self.0.get(&heading_key(heading))?;
        Some(known_field(chosen))
    }

    /// Sets what `heading`'s column holds (`None`: not read).
    pub fn set(&mut self, heading: &str, field: Option<&str>) {
        self.0
            .insert(heading_key(heading), field.unwrap_or_default().to_owned());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// This mapping with `other`'s choices over it.
    pub fn merged(&self, other: &Mapping) -> Mapping {
        let mut out = self.clone();
        out.0.extend(other.0.clone());
        out
    }
}

/// Every field a heading may name, as the code the importer reads it by.
pub fn known_fields() -> Vec<&'static str> {
    let mut fields: Vec<&'static str> = Vec::new();
    for (field, _) in synonyms() {
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    fields
}

fn known_field(code: &str) -> Option<&'static str> {
    known_fields().into_iter().find(|f| *f == code)
}

/// (field, heading) for every heading known.
fn synonyms() -> impl Iterator<Item = (&'static str, &'static str)> {
    HEADINGS
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(','))
        .map(|(field, heading)| (field.trim(), heading.trim()))
}

/// A column as read: its position (from 0), its heading as written, the field it holds (none when
/// the heading is not known, or names a field an earlier column holds) and the unit of its amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub index: usize,
    pub heading: String,
    pub field: Option<&'static str>,
    pub unit: Unit,
}

/// What a row of the sheet is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// Above the headings: the title block.
    Title,
    Heading,
    /// The row of column numbers under the headings: "(1)", "(2)", ...
    ColumnNumbers,
    Blank,
    /// A section's heading row ("I", "HUYỆN BA BỂ"), with its label.
    Section(String),
    Subtotal,
    Total,
    /// The signature block, and whatever follows the grand total.
    Signature,
    /// A record.
    Record,
}

/// A sheet as read: its columns and what each of its rows is (by row index from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub columns: Vec<Column>,
    pub rows: Vec<RowKind>,
}

impl Layout {
    /// The column holding `field`.
    pub fn column(&self, field: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == Some(field))
    }

    /// How many rows are of each kind that an officer is told about.
    pub fn count(&self, kind: fn(&RowKind) -> bool) -> usize {
        self.rows.iter().filter(|k| kind(k)).count()
    }

    /// The indexes of the record rows, and the section each lies in.
    pub fn records(&self) -> Vec<(usize, Option<&str>)> {
        let mut section = None;
        let mut out = Vec::new();
        for (index, kind) in self.rows.iter().enumerate() {
            match kind {
                RowKind::Section(label) => section = Some(label.as_str()),
                RowKind::Record => out.push((index, section)),
                _ => {}
            }
        }
        out
    }
}

/// Reads a sheet's layout; `None` when no row within the first forty holds three known headings.
pub fn read(rows: &[Vec<Cell>]) -> Option<Layout> {
    read_with(rows, &Mapping::default())
}

/// Reads a sheet's layout with the officer's corrections: a heading the mapping names is read as
/// the mapping says, before the headings' words are looked up.
pub fn read_with(rows: &[Vec<Cell>], mapping: &Mapping) -> Option<Layout> {
    let field_of = |parent: &str, sub: &str| {
        let whole = if sub.trim().is_empty() {
            parent.to_owned()
        } else {
            format!("{parent} / {sub}")
        };
        match mapping.field(&whole) {
            Some(chosen) => chosen,
            None => field_of(parent, sub),
        }
    };
    let text = |row: &[Cell], col: usize| row.get(col).map(Cell::as_text).unwrap_or_default();
    let recognised = |row: &[Cell]| {
        (0..row.len())
            .filter(|&col| field_of(&text(row, col), "").is_some())
            .count()
    };
    let top = (0..rows.len().min(HEADINGS_WITHIN_ROWS))
        .find(|&r| recognised(&rows[r]) >= RECOGNISED_FOR_HEADINGS)?;
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let name_col = NAMING_FIELDS
        .iter()
        .find_map(|&naming| (0..width).find(|&col| field_of(&text(&rows[top], col), "") == Some(naming)));
    let has_sub_row = rows.get(top + 1).is_some_and(|next| {
        let all_text = next.iter().all(|c| matches!(c, Cell::Empty | Cell::Text(_)));
        let some_text = next.iter().any(|c| !c.is_empty());
        let under_merged_name = name_col.is_none_or(|col| next.get(col).is_none_or(Cell::is_empty));
        all_text && some_text && under_merged_name && !is_column_numbers(next)
    });
    let mut columns = Vec::new();
    let mut taken: Vec<&'static str> = Vec::new();
    let mut parent = String::new();
    for col in 0..width {
        let own = text(&rows[top], col).trim().to_owned();
        let sub = if has_sub_row {
            text(&rows[top + 1], col).trim().to_owned()
        } else {
            String::new()
        };
        if !own.is_empty() || sub.is_empty() {
            // A heading over one column, or the start of one merged over several.
            parent = own.clone();
        }
        let parent_here = if own.is_empty() && !sub.is_empty() {
            parent.clone()
        } else {
            own.clone()
        };
        let heading = match (parent_here.is_empty(), sub.is_empty()) {
            (_, true) => parent_here.clone(),
            (true, false) => sub.clone(),
            (false, false) => format!("{parent_here} / {sub}"),
        };
        if heading.is_empty() {
            continue;
        }
        let field = field_of(&parent_here, &sub).filter(|f| !taken.contains(f));
        taken.extend(field);
        columns.push(Column {
            index: col,
            unit: Unit::of_heading(&heading),
            heading,
            field,
        });
    }
    let first_body_row = top + if has_sub_row { 2 } else { 1 };
    let mut kinds = vec![RowKind::Title; top];
    kinds.extend(std::iter::repeat_n(RowKind::Heading, first_body_row - top));
    let mut after_total = false;
    let name = |row: &[Cell]| name_col.map(|col| text(row, col)).unwrap_or_default();
    // A row whose name is missing (a formula without its value, a cell left empty) but with other
    // fields filled is a record, refused for its missing name rather than passed over unseen.
    let fields_at: Vec<usize> = columns
        .iter()
        .filter(|c| c.field.is_some_and(|f| f != "seq"))
        .map(|c| c.index)
        .collect();
    let filled_fields = |row: &[Cell]| {
        fields_at
            .iter()
            .filter(|&&col| row.get(col).is_some_and(|c| !c.is_empty()))
            .count()
    };
    for row in &rows[first_body_row.min(rows.len())..] {
        let kind = if row.iter().all(Cell::is_empty) {
            RowKind::Blank
        } else if after_total {
            RowKind::Signature
        } else if is_column_numbers(row) {
            RowKind::ColumnNumbers
        } else {
            let label = fold(&name(row));
            let leading = fold(&text(row, 0));
            if ["tong cong", "tong so", "tong", "total", "grand total"].contains(&label.as_str())
                || leading == "tong cong"
            {
                after_total = true;
                RowKind::Total
            } else if is_subtotal(&name(row)) || label == "subtotal" || leading == "cong" {
                RowKind::Subtotal
            } else if is_signature(row) {
                RowKind::Signature
            } else if is_roman(&text(row, 0)) && !name(row).trim().is_empty() {
                RowKind::Section(name(row).trim().to_owned())
            } else if name(row).trim().is_empty() && filled_fields(row) < 2 {
                // A stray value without a name (a note under the table): no record.
                RowKind::Signature
            } else {
                RowKind::Record
            }
        };
        kinds.push(kind);
    }
    Some(Layout { columns, rows: kinds })
}

/// A subtotal's label: "Cộng", "Cộng huyện Ba Bể", "Cộng: 5 HTX", or "Cong" typed without
/// accents. Only the accented word begins a longer label: "Công ty TNHH ..." folds to the same
/// letters and is a record.
fn is_subtotal(label: &str) -> bool {
    let lower = label.trim().to_lowercase();
    fold(&lower) == "cong"
        || lower
            .strip_prefix("cộng")
            .is_some_and(|rest| rest.starts_with([' ', ':', '(']))
}

/// "(1)", "(2)", ... or 1, 2, ... under the headings.
fn is_column_numbers(row: &[Cell]) -> bool {
    let numbered: Vec<bool> = row
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(col, c)| {
            let t = c.as_text();
            let inner = t.trim().trim_start_matches('(').trim_end_matches(')');
            inner.parse::<usize>().is_ok_and(|n| n == col + 1)
        })
        .collect();
    numbered.len() >= RECOGNISED_FOR_HEADINGS && numbered.iter().all(|n| *n)
}

/// Words of a signature block: who drew up the table and who signs it.
fn is_signature(row: &[Cell]) -> bool {
    const WORDS: [&str; 7] = [
        "nguoi lap bieu",
        "nguoi lap",
        "chu tich",
        "giam doc",
        "thu truong don vi",
        "ky ten",
        "xac nhan",
    ];
    row.iter()
        .any(|c| WORDS.iter().any(|w| fold(&c.as_text()).starts_with(w)))
}

/// A Roman numeral as sections are numbered (I to XXXIX).
fn is_roman(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.');
    !t.is_empty() && t.len() <= 6 && t.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_known_by_their_words_whatever_their_unit_year_or_accents() {
        assert_eq!(field_of("Tên hợp tác xã", ""), Some("name"));
        assert_eq!(field_of("TÊN HTX", ""), Some("name"));
        assert_eq!(field_of("MST", ""), Some("tax_code"));
        assert_eq!(field_of("Vốn điều lệ (triệu đồng)", ""), Some("charter_capital"));
        assert_eq!(
            field_of("Kết quả SXKD năm 2024 (triệu đồng)", "Doanh thu"),
            Some("revenue")
        );
        assert_eq!(field_of("Số thành viên", "Tổng số"), Some("members"));
        assert_eq!(
            field_of("Số thành viên", "Trong đó: thành viên chính thức"),
            Some("official_members")
        );
        assert_eq!(field_of("Năm sinh", "Nam"), Some("birth_year_male"));
        assert_eq!(field_of("Năm sinh", "Nữ"), Some("birth_year_female"));
        assert_eq!(
            field_of("Địa chỉ trụ sở", "Xã, phường, thị trấn"),
            Some("commune")
        );
        assert_eq!(field_of("Địa chỉ (thôn, xã)", ""), Some("address"));
        assert_eq!(field_of("Màu sắc", ""), None);
    }

    #[test]
    fn every_heading_of_the_list_names_a_field_hoptac_reads() {
        use crate::sheets::SheetKind;
        // Read and shown as not used: the yearly figures keep members only.
        const KNOWN_NOT_KEPT: [&str; 1] = ["official_members"];
        for (field, heading) in synonyms() {
            let read = SheetKind::ALL.iter().any(|kind| kind.fields().contains(&field));
            assert!(read || KNOWN_NOT_KEPT.contains(&field), "{field} ({heading})");
        }
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn a_printed_list_with_sections_subtotals_a_total_and_signatures() {
        let e = || Cell::Empty;
        let rows = vec![
            vec![t("LIÊN MINH HỢP TÁC XÃ"), e(), e(), e()],
            vec![t("DANH SÁCH HỢP TÁC XÃ NĂM 2024"), e(), e(), e()],
            vec![
                t("STT"),
                t("Tên hợp tác xã"),
                t("Mã số thuế"),
                t("Số thành viên"),
                e(),
            ],
            vec![e(), e(), e(), t("Tổng số"), t("Trong đó: thành viên chính thức")],
            vec![t("(1)"), t("(2)"), t("(3)"), t("(4)"), t("(5)")],
            vec![t("I"), t("HUYỆN BA BỂ"), e(), e(), e()],
            vec![
                Cell::Number(1.0),
                t("HTX Chè Ba Bể"),
                t("0101248141"),
                Cell::Number(12.0),
                Cell::Number(10.0),
            ],
            vec![
                Cell::Number(2.0),
                t("Công ty TNHH Chè Ba Bể"),
                t("0300588569"),
                Cell::Number(5.0),
                e(),
            ],
            vec![
                e(),
                t("Cộng huyện Ba Bể"),
                e(),
                Cell::Number(17.0),
                Cell::Number(10.0),
            ],
            vec![e(), t("TỔNG CỘNG"), e(), Cell::Number(17.0), e()],
            vec![e(), e(), t("NGƯỜI LẬP BIỂU"), e(), t("CHỦ TỊCH")],
        ];
        let layout = read(&rows).unwrap();
        let fields: Vec<Option<&str>> = layout.columns.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            vec![
                Some("seq"),
                Some("name"),
                Some("tax_code"),
                Some("members"),
                Some("official_members")
            ]
        );
        assert_eq!(
            layout.rows,
            vec![
                RowKind::Title,
                RowKind::Title,
                RowKind::Heading,
                RowKind::Heading,
                RowKind::ColumnNumbers,
                RowKind::Section("HUYỆN BA BỂ".into()),
                RowKind::Record,
                RowKind::Record,
                RowKind::Subtotal,
                RowKind::Total,
                RowKind::Signature,
            ]
        );
        assert_eq!(
            layout.records(),
            vec![(6, Some("HUYỆN BA BỂ")), (7, Some("HUYỆN BA BỂ"))]
        );
    }

    #[test]
    fn a_row_without_its_name_but_with_its_fields_is_a_record_not_passed_over() {
        let e = || Cell::Empty;
        let rows = vec![
            vec![
                t("STT"),
                t("Tên hợp tác xã"),
                t("Mã số thuế"),
                t("Ngày thành lập"),
            ],
            vec![Cell::Number(1.0), e(), t("0101248141"), t("01/02/2020")],
            vec![e(), e(), e(), t("Ghi chú: số liệu tạm tính")],
        ];
        let layout = read(&rows).unwrap();
        assert_eq!(
            layout.rows,
            vec![RowKind::Heading, RowKind::Record, RowKind::Signature]
        );
    }

    #[test]
    fn a_sheet_without_known_headings_is_not_read() {
        let rows = vec![vec![t("a"), t("b"), t("c")], vec![t("1"), t("2"), t("3")]];
        assert_eq!(read(&rows), None);
    }
}
