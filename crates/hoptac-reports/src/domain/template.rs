//! The reports provinces write, kept as data: the six-month review (báo cáo sơ kết 6 tháng) and the
//! yearly review (báo cáo tổng kết năm). A template names its sections in order, the indicators
//! each states (its paragraphs and its table), and the closing "phương hướng, nhiệm vụ" section
//! with the indicators whose targets for the next period it states. Headings may say `{year}` (the
//! report's year) and `{next_year}`.
//!
//! The shipped templates are in `data/templates/`; alliances save their own beside them.

use super::{Indicator, Period, PeriodKind};
use chrono::Datelike;
use hoptac_core::FieldErrors;
use hoptac_core::Lang;
use serde::{Deserialize, Serialize};

/// Which reports a template writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// The six-month review: the first half of a year (or part of it, as of a meeting's day); its
    /// closing section looks to the second half and the year's targets.
    SixMonth,
    /// The yearly review; its closing section states the next year's targets.
    Year,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 2] = [TemplateKind::SixMonth, TemplateKind::Year];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::SixMonth => "six_month",
            TemplateKind::Year => "year",
        }
    }

    pub fn parse(code: &str) -> Option<TemplateKind> {
        TemplateKind::ALL.into_iter().find(|k| k.as_str() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TemplateKind::SixMonth => lang.pick("Sơ kết 6 tháng đầu năm", "Six-month review"),
            TemplateKind::Year => lang.pick("Tổng kết năm", "Yearly review"),
        }
    }

    /// Whether a report of `period` is one this kind writes: the first half of a year for the
    /// six-month review, a calendar year for the yearly one, either cut at a day within it.
    pub fn fits(self, period: &Period) -> bool {
        match self {
            TemplateKind::SixMonth => period.kind == PeriodKind::Half && period.start.month() == 1,
            TemplateKind::Year => period.kind == PeriodKind::Year,
        }
    }
}

/// One section of a template: its heading and the indicators it states, in the table's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSection {
    pub heading: String,
    pub indicators: Vec<Indicator>,
}

/// A report's layout, checked: every indicator is in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTemplate {
    /// `so-ket-6-thang`: lower-case letters, digits and hyphens.
    pub code: String,
    /// "Sơ kết 6 tháng (mẫu chung)".
    pub name: String,
    pub kind: TemplateKind,
    /// "Báo cáo sơ kết 6 tháng đầu năm {year}".
    pub title: String,
    pub sections: Vec<TemplateSection>,
    /// The closing "phương hướng, nhiệm vụ" section: indicators whose targets it states.
    pub outlook: TemplateSection,
    /// The 2025 province whose alliance keeps the template; `None` for one every place may use.
    pub province: Option<String>,
    /// Shipped with hoptac (read only) rather than saved by a user.
    pub shipped: bool,
}

impl ReportTemplate {
    /// A heading or the title with its `{year}` and `{next_year}` filled for `period`.
    pub fn fill(text: &str, period: &Period) -> String {
        let year = period.plan_year();
        text.replace("{year}", &year.to_string())
            .replace("{next_year}", &(year + 1).to_string())
    }

    /// The template in the shape it is saved and sent in.
    pub fn input(&self) -> TemplateInput {
        let section = |s: &TemplateSection| SectionInput {
            heading: s.heading.clone(),
            indicators: s.indicators.iter().map(|i| i.as_str().to_owned()).collect(),
        };
        TemplateInput {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind.as_str().to_owned(),
            title: self.title.clone(),
            sections: self.sections.iter().map(section).collect(),
            outlook: section(&self.outlook),
            province: self.province.clone(),
        }
    }
}

/// A section as a user writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SectionInput {
    /// "I. Tình hình phát triển tổ hợp tác, hợp tác xã".
    pub heading: String,
    /// Indicator codes from the catalogue (`/api/v1/reports/indicators`), in the table's order.
    pub indicators: Vec<String>,
}

/// A template as a user writes it (and as `data/templates/` keeps the shipped ones).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TemplateInput {
    pub code: String,
    pub name: String,
    /// `six_month` or `year`.
    pub kind: String,
    pub title: String,
    pub sections: Vec<SectionInput>,
    pub outlook: SectionInput,
    /// The 2025 province code of the alliance keeping it; absent for every place.
    #[serde(default)]
    pub province: Option<String>,
}

/// The longest code, name, title or heading.
const MAX_TEXT: usize = 200;

/// At most this many sections besides the closing one.
pub const MAX_SECTIONS: usize = 12;

impl TemplateInput {
    /// The template, or every problem by field: `code`, `name`, `kind`, `title`, `sections` (with
    /// the section's number), `outlook`. An indicator not in the catalogue is refused
    /// (`section_unknown_indicator`), as is one the outlook would state a target for but cannot
    /// have one (a ratio, a sum: `section_indicator_derived`).
    pub fn validate(&self) -> Result<ReportTemplate, FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = self.code.trim();
        if code.is_empty() {
            errors.add("code", "required");
        } else if code.len() > 40
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            errors.add_with("code", "template_code", vec![("value", code.to_owned())]);
        }
        let name = text(&mut errors, "name", &self.name);
        let title = text(&mut errors, "title", &self.title);
        let kind = TemplateKind::parse(self.kind.trim());
        if kind.is_none() {
            errors.add_with(
                "kind",
                "unknown_template_kind",
                vec![("value", self.kind.clone())],
            );
        }
        let written: Vec<&SectionInput> = self
            .sections
            .iter()
            .filter(|s| !s.heading.trim().is_empty() || !s.indicators.is_empty())
            .collect();
        if written.is_empty() {
            errors.add("sections", "template_without_sections");
        } else if written.len() > MAX_SECTIONS {
            errors.add_with(
                "sections",
                "too_many_sections",
                vec![("max", MAX_SECTIONS.to_string())],
            );
        }
        let sections: Vec<TemplateSection> = written
            .iter()
            .enumerate()
            .map(|(i, s)| section(&mut errors, "sections", Some(i + 1), s))
            .collect();
        let outlook = section(&mut errors, "outlook", None, &self.outlook);
        for code in &self.outlook.indicators {
            if Indicator::parse(code.trim()).is_some_and(|i| !i.definition().hidden && !i.may_be_entered()) {
                errors.add_with(
                    "outlook",
                    "section_indicator_derived",
                    vec![("value", code.trim().to_owned()), ("section", String::new())],
                );
            }
        }
        let province = self
            .province
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned);
        match kind {
            Some(kind) if errors.is_empty() => Ok(ReportTemplate {
                code: code.to_owned(),
                name,
                kind,
                title,
                sections,
                outlook,
                province,
                shipped: false,
            }),
            _ => Err(errors),
        }
    }
}

/// A required line of text, trimmed; its placeholders are `{year}` and `{next_year}` only.
fn text(errors: &mut FieldErrors, field: &str, value: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, "required");
    } else if value.chars().count() > MAX_TEXT {
        errors.add_with(field, "too_long", vec![("max", MAX_TEXT.to_string())]);
    } else if let Some(unknown) = unknown_placeholder(value) {
        errors.add_with(field, "unknown_placeholder", vec![("value", unknown)]);
    }
    value.to_owned()
}

/// The first `{...}` of `text` that is neither `{year}` nor `{next_year}`.
fn unknown_placeholder(text: &str) -> Option<String> {
    let rest = text.replace("{year}", "").replace("{next_year}", "");
    let start = rest.find('{')?;
    let end = rest[start..]
        .find('}')
        .map(|e| start + e + 1)
        .unwrap_or(rest.len());
    Some(rest[start..end].to_owned())
}

/// A section's heading and indicators; errors name `field` and the section's number.
fn section(
    errors: &mut FieldErrors,
    field: &str,
    number: Option<usize>,
    input: &SectionInput,
) -> TemplateSection {
    let number = number.map(|n| format!(" {n}")).unwrap_or_default();
    let where_ = |mut params: Vec<(&'static str, String)>| {
        params.push(("section", number.clone()));
        params
    };
    let heading = input.heading.trim();
    if heading.is_empty() {
        errors.add_with(field, "section_heading_required", where_(vec![]));
    } else if heading.chars().count() > MAX_TEXT {
        errors.add_with(field, "too_long", vec![("max", MAX_TEXT.to_string())]);
    } else if let Some(unknown) = unknown_placeholder(heading) {
        errors.add_with(field, "unknown_placeholder", vec![("value", unknown)]);
    }
    let mut indicators = Vec::new();
    for code in input
        .indicators
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
    {
        match Indicator::parse(code).filter(|i| !i.definition().hidden) {
            Some(i) if indicators.contains(&i) => errors.add_with(
                field,
                "repeated_indicator",
                where_(vec![("value", code.to_owned())]),
            ),
            Some(i) => indicators.push(i),
            None => errors.add_with(
                field,
                "section_unknown_indicator",
                where_(vec![("value", code.to_owned())]),
            ),
        }
    }
    if indicators.is_empty() && input.indicators.iter().all(|c| c.trim().is_empty()) {
        errors.add_with(field, "section_without_indicators", where_(vec![]));
    }
    TemplateSection {
        heading: heading.to_owned(),
        indicators,
    }
}

/// Indicator codes as a user types them in one box: separated by commas, semicolons, spaces or
/// lines.
pub fn codes(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The shipped templates' files, in the order they are offered.
const SHIPPED: [&str; 2] = [
    include_str!("../../data/templates/so-ket-6-thang.json"),
    include_str!("../../data/templates/tong-ket-nam.json"),
];

impl ReportTemplate {
    /// The templates hoptac ships, from `data/templates/` (a test holds every one valid), read
    /// once.
    pub fn shipped() -> &'static [ReportTemplate] {
        static TEMPLATES: std::sync::LazyLock<Vec<ReportTemplate>> = std::sync::LazyLock::new(read_shipped);
        &TEMPLATES
    }
}

/// [`ReportTemplate::shipped`]'s templates, read from their files.
fn read_shipped() -> Vec<ReportTemplate> {
    SHIPPED
        .into_iter()
        .filter_map(|json| {
            let input: TemplateInput = serde_json::from_str(json)
                .map_err(|e| tracing::error!("a shipped report template is not readable: {e}"))
                .ok()?;
            let template = input
                .validate()
                .map_err(|e| tracing::error!("a shipped report template is refused: {e:?}"))
                .ok()?;
            Some(ReportTemplate {
                shipped: true,
                ..template
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> TemplateInput {
        TemplateInput {
            code: "so-ket-thai-nguyen".into(),
            name: "Sơ kết 6 tháng".into(),
            kind: "six_month".into(),
            title: "Báo cáo sơ kết 6 tháng đầu năm {year}".into(),
            sections: vec![SectionInput {
                heading: "I. Tổ hợp tác, hợp tác xã".into(),
                indicators: vec!["tht_active".into(), "htx_active".into()],
            }],
            outlook: SectionInput {
                heading: "II. Phương hướng, nhiệm vụ 6 tháng cuối năm {year}".into(),
                indicators: vec!["htx_founded".into()],
            },
            province: None,
        }
    }

    fn refusals(input: &TemplateInput) -> Vec<(String, &'static str)> {
        match input.validate() {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(|e| (e.field.clone(), e.code)).collect(),
        }
    }

    #[test]
    fn the_shipped_templates_are_valid_and_state_every_shown_indicator() {
        for json in SHIPPED {
            let input: TemplateInput = serde_json::from_str(json).expect("readable");
            assert_eq!(input.validate().err(), None, "{}", input.code);
        }
        let shipped = ReportTemplate::shipped();
        assert_eq!(
            shipped.iter().map(|t| t.code.as_str()).collect::<Vec<_>>(),
            ["so-ket-6-thang", "tong-ket-nam"]
        );
        for template in shipped {
            let stated: Vec<Indicator> = template
                .sections
                .iter()
                .flat_map(|s| s.indicators.clone())
                .collect();
            let missing: Vec<&str> = Indicator::shown()
                .filter(|i| !stated.contains(i))
                .map(|i| i.as_str())
                .collect();
            assert_eq!(missing, Vec::<&str>::new(), "{}", template.code);
            assert!(!template.outlook.indicators.is_empty());
        }
    }

    #[test]
    fn a_template_naming_an_unknown_indicator_is_refused_with_its_section() {
        let mut bad = input();
        bad.sections[0].indicators.push("htx_foo".into());
        let errors = bad.validate().unwrap_err();
        let error = errors.iter().next().unwrap();
        assert_eq!(
            (error.field.as_str(), error.code),
            ("sections", "section_unknown_indicator")
        );
        assert!(error.params.contains(&("value", "htx_foo".to_owned())));
        assert!(error.params.contains(&("section", " 1".to_owned())));
        // A part of a ratio is not a figure a report states.
        bad.sections[0].indicators = vec!["tht_members_reported".into()];
        assert_eq!(
            refusals(&bad),
            [("sections".to_owned(), "section_unknown_indicator")]
        );
    }

    #[test]
    fn the_outlook_states_targets_only_of_figures_that_may_have_one() {
        let mut ratio = input();
        ratio.outlook.indicators = vec!["revenue_per_coop".into()];
        assert_eq!(
            refusals(&ratio),
            [("outlook".to_owned(), "section_indicator_derived")]
        );
        let mut sum = input();
        sum.outlook.indicators = vec!["coops_active".into()];
        assert_eq!(
            refusals(&sum),
            [("outlook".to_owned(), "section_indicator_derived")]
        );
    }

    #[test]
    fn every_part_is_required_and_checked() {
        let blank = TemplateInput::default();
        let fields: Vec<String> = refusals(&blank).into_iter().map(|(f, _)| f).collect();
        for field in ["code", "name", "title", "kind", "sections", "outlook"] {
            assert!(fields.iter().any(|f| f == field), "{field}: {fields:?}");
        }
        let mut odd = input();
        odd.code = "Sơ kết".into();
        odd.title = "Báo cáo {nam}".into();
        odd.sections[0].indicators.push("tht_active".into());
        assert_eq!(
            refusals(&odd),
            [
                ("code".to_owned(), "template_code"),
                ("title".to_owned(), "unknown_placeholder"),
                ("sections".to_owned(), "repeated_indicator")
            ]
        );
        assert!(input().validate().is_ok());
    }

    #[test]
    fn headings_name_the_years_of_the_period() {
        let half = Period::parse("2024-H1").unwrap();
        assert_eq!(
            ReportTemplate::fill("Phương hướng năm {next_year}, sơ kết {year}", &half),
            "Phương hướng năm 2025, sơ kết 2024"
        );
        assert!(TemplateKind::SixMonth.fits(&half));
        assert!(TemplateKind::SixMonth.fits(&half.until(half.start).unwrap()));
        assert!(!TemplateKind::SixMonth.fits(&Period::parse("2024-H2").unwrap()));
        assert!(!TemplateKind::Year.fits(&half));
        assert!(TemplateKind::Year.fits(&Period::parse("2024").unwrap()));
    }

    #[test]
    fn codes_are_read_however_they_are_separated() {
        assert_eq!(
            codes("tht_active, htx_active;\nfarms_active  ocop_products"),
            ["tht_active", "htx_active", "farms_active", "ocop_products"]
        );
    }
}
