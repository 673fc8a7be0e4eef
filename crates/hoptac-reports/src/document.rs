//! A report as the page, the API and the exports show it: each figure's value in the report's
//! units (money in millions of đồng, as provincial tables give it), where it came from, the plan,
//! the achievement, the year before and the change; the charts over years and of the breakdowns.

use crate::domain::{Figure, Indicator, Section, Unit};
use crate::domain::{Period, ReportPlace, ReportTemplate};
use crate::render::{CompletenessRow, CompletenessTable, ReportDocument, TableRow, TableSection};
use crate::store::{self as reports, Report, TrendYear};
use chrono::NaiveDate;
use hoptac_core::admin::Era;
use hoptac_core::audit::Actor;
use hoptac_core::numbers::format_date;
use hoptac_core::word;
use hoptac_core::Lang;
use hoptac_core::{Db, StoreResult};
use hoptac_render::chart::{Chart, Series};

/// The unit a table column states: money in millions of đồng.
pub fn table_unit(unit: Unit, lang: Lang) -> &'static str {
    match unit {
        Unit::Dong => word!(lang, "report-million_vnd"),
        Unit::DongPerCoop => word!(lang, "report-million_vnd_per_cooperative"),
        Unit::DongPerWorkerYear => word!(lang, "report-million_vnd_per_worker_per_year"),
        Unit::DongPerTht => word!(lang, "report-million_vnd_per_cooperative_group"),
        Unit::DongPerFarm => word!(lang, "report-million_vnd_per_farm"),
        other => other.label(lang),
    }
}

/// A value in the table's unit, written the Vietnamese way: whole triệu đồng for totals, one
/// decimal for money per cooperative or per worker, counts as they are ([`Unit::stated`]).
pub fn table_text(unit: Unit, value: i64) -> String {
    unit.stated(value).vietnamese()
}

/// One figure's line, with numbers for the exports.
fn table_row(figure: &Figure, lang: Lang) -> TableRow {
    let unit = figure.indicator.unit();
    TableRow {
        code: figure.indicator.as_str().to_owned(),
        name: figure.indicator.label(lang).to_owned(),
        unit: table_unit(unit, lang).to_owned(),
        places: unit.places(),
        value: figure.stated(),
        source: figure.value.map(|v| v.source),
        target: figure.stated_target(),
        achievement: figure.achievement(),
        previous: figure.stated_previous(),
        change: figure.change(),
        note: figure.disagreement().map(|entered| {
            format!(
                "{} {} ({})",
                word!(lang, "reports-disagrees"),
                table_text(unit, entered.value),
                entered.source
            )
        }),
    }
}

/// One line of the report's table on the page.
pub struct Row {
    pub code: &'static str,
    pub name: String,
    pub unit: String,
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
    fn of(figure: &Figure, lang: Lang) -> Row {
        let line = table_row(figure, lang);
        let unit = figure.indicator.unit();
        Row {
            code: figure.indicator.as_str(),
            value: line.text(line.value),
            source: line.source.map(|s| s.label(lang)).unwrap_or(""),
            source_code: line.source.map(|s| s.as_str()).unwrap_or(""),
            disagreement: figure
                .disagreement()
                .map(|e| (table_text(unit, e.value), e.source.clone())),
            target: line.text(line.target),
            achievement: line.achievement_text(),
            previous: line.text(line.previous),
            change: line.change_text(),
            name: line.name,
            unit: line.unit,
        }
    }
}

/// The report's table on the page, section by section.
pub struct SectionRows {
    pub label: String,
    pub rows: Vec<Row>,
}

/// A part of the report's table: a catalogue section, or a template's.
struct TableGroup<'a> {
    label: String,
    sheet: String,
    figures: Vec<&'a Figure>,
}

/// The longest name a worksheet tab holds.
const SHEET_NAME_CHARS: usize = 31;

/// A template section's tab: its number and as many whole words of its heading as fit, without
/// the characters a sheet's name may not hold.
fn section_sheet(number: usize, heading: &str) -> String {
    let name: String = format!("{number}. {heading}")
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    if name.chars().count() <= SHEET_NAME_CHARS {
        return name;
    }
    let cut: String = name.chars().take(SHEET_NAME_CHARS + 1).collect();
    match cut.rfind(' ') {
        Some(space) => cut[..space].trim_end_matches([',', ' ']).to_owned(),
        None => cut.chars().take(SHEET_NAME_CHARS).collect(),
    }
}

/// The table's parts: a template's sections in its order, each with every figure it lists; or,
/// without a template, the catalogue's sections that hold a value or a plan.
fn table_groups<'a>(
    report: &'a Report,
    template: Option<&ReportTemplate>,
    lang: Lang,
) -> Vec<TableGroup<'a>> {
    if let Some(template) = template {
        return template
            .sections
            .iter()
            .enumerate()
            .map(|(i, section)| {
                let heading = ReportTemplate::fill(&section.heading, &report.period);
                TableGroup {
                    sheet: section_sheet(i + 1, &heading),
                    label: heading,
                    figures: section
                        .indicators
                        .iter()
                        .filter_map(|i| report.figure(*i))
                        .collect(),
                }
            })
            .collect();
    }
    Section::ALL
        .into_iter()
        .filter_map(|section| {
            let figures: Vec<&Figure> = report
                .figures
                .iter()
                .filter(|f| f.indicator.section() == section)
                .collect();
            figures
                .iter()
                .any(|f| f.value.is_some() || f.target.is_some())
                .then(|| TableGroup {
                    label: section.label(lang).to_owned(),
                    sheet: sheet_name(section, lang).to_owned(),
                    figures,
                })
        })
        .collect()
}

pub fn sections(report: &Report, template: Option<&ReportTemplate>, lang: Lang) -> Vec<SectionRows> {
    table_groups(report, template, lang)
        .into_iter()
        .map(|group| SectionRows {
            label: group.label,
            rows: group.figures.into_iter().map(|f| Row::of(f, lang)).collect(),
        })
        .collect()
}

/// The coverage of the parts of the place by the figures the table shows; `None` for a place of
/// one part.
pub fn completeness(
    report: &Report,
    template: Option<&ReportTemplate>,
    lang: Lang,
) -> Option<CompletenessTable> {
    let parts = &report.completeness.parts;
    let kind = match parts.first()?.place {
        ReportPlace::Province { era: Era::Y2008, .. } => word!(lang, "report-former_provinces"),
        _ => word!(lang, "report-provinces"),
    };
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    let rows = table_groups(report, template, lang)
        .into_iter()
        .flat_map(|group| group.figures)
        .filter_map(|figure| {
            let coverage = report.completeness.of_indicator(figure.indicator)?;
            Some(CompletenessRow {
                code: figure.indicator.as_str().to_owned(),
                name: figure.indicator.label(lang).to_owned(),
                expected: coverage.expected(),
                with_data: coverage.with_data(),
                computed: coverage.computed(),
                entered: coverage.entered(),
                missing: coverage.missing().map(|i| parts[i].name.clone()).collect(),
            })
        })
        .collect();
    Some(CompletenessTable {
        label: word!(lang, "report-completeness").to_owned(),
        sheet: word!(lang, "report-completeness_sheet").to_owned(),
        parts: format!("{kind}: {}", names.join(", ")),
        rows,
    })
}

/// A worksheet's name for a section: short, as a tab holds it.
fn sheet_name(section: Section, lang: Lang) -> &'static str {
    match section {
        Section::Organisations => word!(lang, "report-groups_and_cooperatives"),
        Section::Business => word!(lang, "report-business"),
        Section::Farms => word!(lang, "report-farms"),
        Section::Ocop => word!(lang, "report-ocop_products"),
        Section::OcopRound => word!(lang, "report-ocop_evaluation"),
        Section::Products => word!(lang, "report-product_quality"),
        Section::Market => word!(lang, "report-market_sheet"),
    }
}

/// The report's title: "Báo cáo kinh tế tập thể năm 2024 — Tỉnh Thái Nguyên", or the template's
/// ("Báo cáo sơ kết tình hình kinh tế tập thể 6 tháng đầu năm 2024 — Tỉnh Thái Nguyên").
pub fn title(report: &Report, template: Option<&ReportTemplate>, lang: Lang) -> String {
    let place = if report.place.name.is_empty() {
        word!(lang, "report-whole_country").to_owned()
    } else {
        report.place.name.clone()
    };
    let what = match template {
        Some(template) => ReportTemplate::fill(&template.title, &report.period),
        None => format!(
            "{} {}",
            word!(lang, "report-collective_economy_report"),
            report.period.label(lang)
        ),
    };
    format!("{what} — {place}")
}

/// The charts of a report: organisations and OCOP products over the years of `trend`, and the
/// period's breakdowns by type, by stars and by subject. Charts with nothing to show are left out.
pub fn charts(report: &Report, trend: &[TrendYear], lang: Lang) -> Vec<Chart> {
    let years: Vec<String> = trend.iter().map(|y| y.year.to_string()).collect();
    let over_years = |indicators: &[(Indicator, &str)]| -> Vec<Series> {
        indicators
            .iter()
            .map(|(indicator, name)| Series {
                name: (*name).to_owned(),
                values: trend
                    .iter()
                    .map(|y| y.values.get(indicator).map(|v| v.value))
                    .collect(),
            })
            .filter(|s| s.values.iter().any(Option::is_some))
            .collect()
    };
    let breakdown = |title: String, parts: &[(Indicator, &str)]| Chart::Bars {
        title,
        items: parts
            .iter()
            .filter_map(|(indicator, label)| {
                let value = report.figure(*indicator)?.value()?;
                Some(((*label).to_owned(), value))
            })
            .collect(),
    };
    let period = report.period.label(lang);
    let charts = vec![
        Chart::Columns {
            title: word!(lang, "report-groups_and_cooperatives_by_year").to_owned(),
            categories: years.clone(),
            series: over_years(&[
                (Indicator::ThtActive, "THT"),
                (Indicator::HtxActive, "HTX"),
                (Indicator::LhhtxActive, "LHHTX"),
            ]),
        },
        Chart::Columns {
            title: word!(lang, "report-ocop_products_by_year").to_owned(),
            categories: years,
            series: over_years(&[
                (Indicator::Ocop3Stars, word!(lang, "report-3_stars")),
                (Indicator::Ocop4Stars, word!(lang, "report-4_stars")),
                (Indicator::Ocop5Stars, word!(lang, "report-5_stars")),
            ]),
        },
        breakdown(
            format!("{} — {period}", word!(lang, "report-by_type")),
            &[
                (Indicator::ThtActive, word!(lang, "report-cooperative_groups")),
                (Indicator::HtxActive, word!(lang, "report-cooperatives")),
                (Indicator::LhhtxActive, word!(lang, "report-unions")),
                (Indicator::FarmsActive, word!(lang, "report-farms")),
            ],
        ),
        breakdown(
            format!("{} — {period}", word!(lang, "report-ocop_products_by_stars")),
            &[
                (Indicator::Ocop3Stars, word!(lang, "report-3_stars")),
                (Indicator::Ocop4Stars, word!(lang, "report-4_stars")),
                (Indicator::Ocop5Stars, word!(lang, "report-5_stars")),
            ],
        ),
        breakdown(
            format!("{} — {period}", word!(lang, "report-ocop_products_by_subject")),
            &[
                (Indicator::OcopByHtx, word!(lang, "report-cooperatives")),
                (Indicator::OcopByTht, word!(lang, "report-cooperative_groups")),
                (Indicator::OcopByEnterprise, word!(lang, "report-enterprises")),
                (
                    Indicator::OcopByHousehold,
                    word!(lang, "report-household_businesses"),
                ),
            ],
        ),
    ];
    charts.into_iter().filter(Chart::has_values).collect()
}

/// Charts as SVG images for a page, each with an id of its own: `{prefix}-0`, `{prefix}-1`...
pub fn chart_images<'a>(charts: impl IntoIterator<Item = &'a Chart>, prefix: &str) -> Vec<String> {
    charts
        .into_iter()
        .enumerate()
        .map(|(i, chart)| chart.svg(&format!("{prefix}-{i}")))
        .collect()
}

/// A place's report for a period with the stocks of the five years, ending with the report's,
/// that its charts show.
pub async fn report_with_trend(
    db: &Db,
    actor: &Actor,
    place: &ReportPlace,
    period: Period,
    today: NaiveDate,
) -> StoreResult<(Report, Vec<TrendYear>)> {
    let report = reports::report(db, actor, place, period, today).await?;
    let last = period.plan_year();
    let trend = reports::trend(db, actor, place, last - 4..=last, today).await?;
    Ok((report, trend))
}

/// The whole report for the exports, laid out by `template` when there is one.
pub fn document(
    report: &Report,
    trend: &[TrendYear],
    template: Option<&ReportTemplate>,
    lang: Lang,
) -> ReportDocument {
    let previous_label = report.previous_period.label(lang);
    ReportDocument {
        lang,
        title: title(report, template, lang),
        subtitle: format!(
            "{} {}; {} {}.",
            word!(lang, "reports-as_of"),
            format_date(report.as_of),
            word!(lang, "report-compared_with"),
            previous_label
        ),
        previous_label,
        narrative: report.narrative_in(template),
        sections: table_groups(report, template, lang)
            .into_iter()
            .map(|group| TableSection {
                label: group.label,
                sheet: group.sheet,
                rows: group.figures.into_iter().map(|f| table_row(f, lang)).collect(),
            })
            .collect(),
        completeness: completeness(report, template, lang),
        charts: charts(report, trend, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_in_millions() {
        assert_eq!(table_text(Unit::Dong, 133_779_000_000), "133.779");
        assert_eq!(table_text(Unit::DongPerWorkerYear, 53_076_923), "53,1");
        assert_eq!(table_text(Unit::Htx, 7210), "7.210");
        // Half a million rounds away from zero, up for a gain and down for a loss.
        assert_eq!(table_text(Unit::Dong, 2_500_000), "3");
        assert_eq!(table_text(Unit::Dong, -2_500_000), "-3");
    }

    #[test]
    fn a_sections_sheet_is_numbered_and_fits_a_tab() {
        assert_eq!(
            section_sheet(4, "IV. Chương trình mỗi xã một sản phẩm (OCOP)"),
            "4. IV. Chương trình mỗi xã một"
        );
        assert_eq!(
            section_sheet(2, "II. Thu/chi: [kết quả]?"),
            "2. II. Thuchi kết quả"
        );
    }
}
