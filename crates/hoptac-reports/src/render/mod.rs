//! A report of a place and period as plain values, and the files made from it: a workbook with a
//! sheet per table, a CSV file of the table, and a PDF of the whole report. Values are in the
//! table's units (money in triệu đồng), each rounded once ([`Unit::stated`]), so that every file
//! shows the numbers the page and the narrative show.
//!
//! [`Unit::stated`]: crate::domain::Unit::stated

mod csv;
mod pdf;
mod xlsx;

pub use self::csv::report_csv;
pub use self::pdf::report_pdf;
pub use self::xlsx::report_xlsx;

use crate::domain::narrative::NarrativePart;
use crate::domain::Source;
use hoptac_core::numbers::Fixed;
use hoptac_core::word;
use hoptac_core::Lang;
use hoptac_render::chart::Chart;

/// What a report says, ready to be written out.
#[derive(Debug, Clone)]
pub struct ReportDocument {
    pub lang: Lang,
    /// "Báo cáo kinh tế tập thể năm 2024 — Tỉnh Thái Nguyên".
    pub title: String,
    /// The day stocks are counted on and what the report compares with.
    pub subtitle: String,
    /// The previous period as the column heading names it ("Năm 2023").
    pub previous_label: String,
    /// The text under the template's headings (one part without a heading when there is none).
    pub narrative: Vec<NarrativePart>,
    pub sections: Vec<TableSection>,
    /// Which parts of the place each figure has data for; `None` for a place of one part.
    pub completeness: Option<CompletenessTable>,
    pub charts: Vec<Chart>,
}

/// The completeness of a report's figures over the parts of its place (former provinces, the
/// provinces of the country).
#[derive(Debug, Clone)]
pub struct CompletenessTable {
    /// "Mức độ đầy đủ của số liệu".
    pub label: String,
    /// A name short enough for a worksheet tab.
    pub sheet: String,
    /// What the parts are, with their names: "Tỉnh (cũ): Tỉnh Thái Nguyên, Tỉnh Bắc Kạn".
    pub parts: String,
    pub rows: Vec<CompletenessRow>,
}

/// One figure's coverage of the parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletenessRow {
    pub code: String,
    pub name: String,
    pub expected: usize,
    pub with_data: usize,
    /// Parts whose value counts records.
    pub computed: usize,
    /// Parts known only by entered figures.
    pub entered: usize,
    /// The parts without data, by name.
    pub missing: Vec<String>,
}

impl CompletenessRow {
    /// The missing parts as a cell writes them.
    pub fn missing_text(&self) -> String {
        self.missing.join(", ")
    }
}

/// The completeness table's column headings, in order: code, indicator, parts expected, with
/// data, counted from the records, entered, without data.
fn completeness_headings(lang: Lang) -> [&'static str; 7] {
    [
        word!(lang, "report-code"),
        word!(lang, "report-indicator"),
        word!(lang, "report-parts_expected"),
        word!(lang, "report-parts_with_data"),
        word!(lang, "report-counted_from_the_records"),
        word!(lang, "report-entered_figure"),
        word!(lang, "report-parts_without_data"),
    ]
}

/// One part of the report's table.
#[derive(Debug, Clone)]
pub struct TableSection {
    pub label: String,
    /// A name short enough for a worksheet tab (31 characters at most).
    pub sheet: String,
    pub rows: Vec<TableRow>,
}

/// One indicator's line, its numbers as the report states them.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub code: String,
    pub name: String,
    pub unit: String,
    /// Digits after the decimal comma: 0 for counts and totals of money, 1 for averages.
    pub places: u32,
    pub value: Option<Fixed>,
    pub source: Option<Source>,
    pub target: Option<Fixed>,
    /// Value over target as a percentage with one decimal: 150,0.
    pub achievement: Option<Fixed>,
    pub previous: Option<Fixed>,
    pub change: Option<Fixed>,
    /// What a reader should know about the value: an entered figure the records disagree with.
    pub note: Option<String>,
}

impl TableRow {
    /// A number as the table writes it, Vietnamese style: "7.210", "53,1".
    pub fn text(&self, value: Option<Fixed>) -> String {
        value.map(Fixed::vietnamese).unwrap_or_default()
    }

    pub fn change_text(&self) -> String {
        self.change.map(signed).unwrap_or_default()
    }

    pub fn achievement_text(&self) -> String {
        self.achievement.map(|a| format!("{a}%")).unwrap_or_default()
    }
}

/// A change with its sign: "+3", "-1", "0", "+2,5".
pub fn signed(change: Fixed) -> String {
    if change.is_positive() {
        format!("+{change}")
    } else {
        change.vietnamese()
    }
}

/// The table's column headings, in order: code, indicator, unit, value, source, target,
/// achievement, previous period, change, note.
fn headings(doc: &ReportDocument) -> [String; 10] {
    [
        word!(doc.lang, "report-code").to_owned(),
        word!(doc.lang, "report-indicator").to_owned(),
        word!(doc.lang, "report-unit").to_owned(),
        word!(doc.lang, "report-value").to_owned(),
        word!(doc.lang, "report-source").to_owned(),
        word!(doc.lang, "report-plan").to_owned(),
        word!(doc.lang, "report-achievement").to_owned(),
        format!(
            "{} {}",
            word!(doc.lang, "report-same_period").to_owned(),
            doc.previous_label
        ),
        word!(doc.lang, "report-change").to_owned(),
        word!(doc.lang, "report-note").to_owned(),
    ]
}

#[cfg(test)]
pub(crate) mod sample {
    use super::*;
    use hoptac_render::chart::Series;

    fn row(code: &str, name: &str, value: Option<i64>, previous: Option<i64>) -> TableRow {
        let (value, previous) = (value.map(Fixed::whole), previous.map(Fixed::whole));
        TableRow {
            code: code.into(),
            name: name.into(),
            unit: "HTX".into(),
            places: 0,
            value,
            source: value.map(|_| Source::Computed),
            target: None,
            achievement: None,
            previous,
            change: value.zip(previous).and_then(|(v, p)| v.minus(p)),
            note: None,
        }
    }

    fn tenths(units: i64) -> Option<Fixed> {
        Fixed::quotient(units, 10, 1)
    }

    /// A small report with each kind of cell: counts, a plan, money with decimals, a note.
    pub fn document() -> ReportDocument {
        let mut founded = row("htx_founded", "Hợp tác xã thành lập mới", Some(3), Some(1));
        founded.target = Some(Fixed::whole(2));
        founded.achievement = tenths(1500);
        let mut active = row("htx_active", "Hợp tác xã đang hoạt động", Some(1210), Some(1207));
        active.source = Some(Source::Mixed);
        active.note = Some("Số liệu nhập: 1.200 (Báo cáo số 12/BC-LMHTX)".into());
        let mut income = row("average_income", "Thu nhập bình quân", None, None);
        income.value = tenths(531);
        income.source = Some(Source::Computed);
        income.unit = "triệu đồng/người/năm".into();
        income.places = 1;
        ReportDocument {
            lang: Lang::Vi,
            title: "Báo cáo kinh tế tập thể năm 2024 — Tỉnh Thái Nguyên".into(),
            subtitle: "Số liệu tính đến ngày 31/12/2024".into(),
            previous_label: "năm 2023".into(),
            narrative: vec![
                NarrativePart {
                    heading: Some("I. Tổ chức kinh tế tập thể".into()),
                    paragraphs: vec![
                        "Toàn tỉnh có 1.210 hợp tác xã (HTX), tăng 3 HTX so với năm 2023.".into()
                    ],
                },
                NarrativePart {
                    heading: Some("II. Kết quả sản xuất, kinh doanh".into()),
                    paragraphs: vec![
                        "Thu nhập bình quân của người lao động đạt 53,1 triệu đồng/người/năm.".into(),
                    ],
                },
            ],
            sections: vec![
                TableSection {
                    label: "Tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã".into(),
                    sheet: "Tổ chức KTTT".into(),
                    rows: vec![active, founded, row("tht_active", "Tổ hợp tác", None, Some(4))],
                },
                TableSection {
                    label: "Kết quả sản xuất, kinh doanh".into(),
                    sheet: "Sản xuất kinh doanh".into(),
                    rows: vec![income],
                },
            ],
            completeness: Some(CompletenessTable {
                label: "Mức độ đầy đủ của số liệu".into(),
                sheet: "Độ đầy đủ số liệu".into(),
                parts: "Tỉnh (cũ): Tỉnh Thái Nguyên, Tỉnh Bắc Kạn".into(),
                rows: vec![CompletenessRow {
                    code: "htx_active".into(),
                    name: "Hợp tác xã đang hoạt động".into(),
                    expected: 2,
                    with_data: 1,
                    computed: 1,
                    entered: 0,
                    missing: vec!["Tỉnh Thái Nguyên".into()],
                }],
            }),
            charts: vec![Chart::Columns {
                title: "Hợp tác xã qua các năm".into(),
                categories: vec!["2023".into(), "2024".into()],
                series: vec![Series {
                    name: "HTX".into(),
                    values: vec![Some(1207), Some(1210)],
                }],
            }],
        }
    }
}
