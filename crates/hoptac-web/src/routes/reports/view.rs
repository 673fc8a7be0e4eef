//! A report as the page, the API and the exports show it: each figure's value in the report's
//! units (money in millions of đồng, as provincial tables give it), where it came from, the plan,
//! the achievement, the year before and the change.

use hoptac_domain::numbers::{format_decimal, format_int, format_percent};
use hoptac_domain::reports::{Figure, Section, Source, Unit};
use hoptac_domain::Lang;
use hoptac_store::reports::Report;

/// The unit a table column states: money in millions of đồng.
pub fn table_unit(unit: Unit, lang: Lang) -> &'static str {
    match unit {
        Unit::Dong => lang.pick("triệu đồng", "million VND"),
        Unit::DongPerCoop => lang.pick("triệu đồng/HTX", "million VND per cooperative"),
        Unit::DongPerWorkerYear => lang.pick("triệu đồng/người/năm", "million VND per worker per year"),
        other => other.label(lang),
    }
}

/// A value in the table's unit, written the Vietnamese way: whole millions for totals, one
/// decimal for money per cooperative or per worker, counts as they are.
pub fn table_text(unit: Unit, value: i64) -> String {
    match unit {
        Unit::Dong => format_int((value as f64 / 1e6).round() as i64),
        Unit::DongPerCoop | Unit::DongPerWorkerYear => format_decimal(value as f64 / 1e6, 1),
        _ => format_int(value),
    }
}

/// A change with its sign: "+1", "-3", "0".
pub fn signed_text(unit: Unit, change: i64) -> String {
    let text = table_text(unit, change.abs());
    match change {
        c if c > 0 => format!("+{text}"),
        c if c < 0 => format!("-{text}"),
        _ => text,
    }
}

pub fn source_label(source: Source, lang: Lang) -> &'static str {
    match source {
        Source::Computed => lang.pick("Tính từ sổ đăng ký", "Counted from the records"),
        Source::Entered => lang.pick("Số liệu nhập", "Entered figure"),
        Source::Mixed => lang.pick("Sổ đăng ký và số liệu nhập", "Records and entered figures"),
    }
}

/// One line of the report's table.
pub struct Row {
    pub code: &'static str,
    pub name: &'static str,
    pub unit: &'static str,
    pub value: String,
    pub source: &'static str,
    /// `computed`, `entered` or `mixed`; empty without a value.
    pub source_code: &'static str,
    /// The entered value the records disagree with, and its document.
    pub disagreement: Option<(String, String)>,
    pub target: String,
    pub achievement: String,
    pub previous: String,
    pub change: String,
}

impl Row {
    pub fn of(figure: &Figure, lang: Lang) -> Row {
        let unit = figure.indicator.unit();
        let text = |v: Option<i64>| v.map(|v| table_text(unit, v)).unwrap_or_default();
        Row {
            code: figure.indicator.as_str(),
            name: figure.indicator.label(lang),
            unit: table_unit(unit, lang),
            value: text(figure.value()),
            source: figure.value.map(|v| source_label(v.source, lang)).unwrap_or(""),
            source_code: match figure.value.map(|v| v.source) {
                Some(Source::Computed) => "computed",
                Some(Source::Entered) => "entered",
                Some(Source::Mixed) => "mixed",
                None => "",
            },
            disagreement: figure
                .disagreement()
                .map(|e| (table_text(unit, e.value), e.source.clone())),
            target: text(figure.target),
            achievement: figure.achievement().map(format_percent).unwrap_or_default(),
            previous: text(figure.previous),
            change: figure.change().map(|c| signed_text(unit, c)).unwrap_or_default(),
        }
    }
}

/// The report's table, section by section; sections without any value are left out.
pub struct SectionRows {
    pub label: &'static str,
    pub rows: Vec<Row>,
}

pub fn sections(report: &Report, lang: Lang) -> Vec<SectionRows> {
    Section::ALL
        .iter()
        .map(|section| SectionRows {
            label: section.label(lang),
            rows: report
                .figures
                .iter()
                .filter(|f| f.indicator.section() == *section)
                .map(|f| Row::of(f, lang))
                .collect(),
        })
        .filter(|s| s.rows.iter().any(|r| !r.value.is_empty() || !r.target.is_empty()))
        .collect()
}

/// The report's title: "Báo cáo kinh tế tập thể năm 2024 — Tỉnh Thái Nguyên".
pub fn title(report: &Report, lang: Lang) -> String {
    let place = if report.place.name.is_empty() {
        lang.pick("Cả nước", "Whole country").to_owned()
    } else {
        report.place.name.clone()
    };
    let what = lang.pick("Báo cáo kinh tế tập thể", "Collective economy report");
    format!("{what} {} — {place}", report.period.label(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_in_millions() {
        assert_eq!(table_text(Unit::Dong, 133_779_000_000), "133.779");
        assert_eq!(table_text(Unit::DongPerWorkerYear, 53_076_923), "53,1");
        assert_eq!(table_text(Unit::Htx, 7210), "7.210");
        assert_eq!(signed_text(Unit::Htx, -3), "-3");
        assert_eq!(signed_text(Unit::Dong, 1_000_000_000), "+1.000");
    }
}
