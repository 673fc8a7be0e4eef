//! The report's text, written the way the provinces' six-month and yearly reports are: "Tính đến
//! ngày 31/12/2024, toàn tỉnh có 2 tổ hợp tác (THT) với 5 thành viên, tăng 1 THT so với năm 2023;
//! thành lập mới 1 THT, đạt 100,0% so với kế hoạch năm 2024." Every sentence states figures the report
//! holds; a figure that is missing leaves its clause out, never a guess in its place.

use super::coverage::{Completeness, Coverage};
use super::figures::Figure;
use super::indicators::{Indicator, Section, Unit};
use super::period::{Period, PeriodKind};
use super::place::ReportPlace;
use super::template::{ReportTemplate, TemplateKind, TemplateSection};
use chrono::NaiveDate;
use hoptac_core::admin::Era;
use hoptac_core::numbers::{format_date, format_int, Fixed};
use hoptac_core::text::{lower_first, upper_first};
use hoptac_core::Lang;
use serde::Serialize;
use std::cell::RefCell;

/// What the narrative needs besides the figures.
#[derive(Debug, Clone)]
pub struct Setting<'a> {
    /// How the report names its whole area: "toàn tỉnh", "toàn thành phố", "toàn xã", "cả nước".
    pub whole: &'a str,
    pub period: &'a Period,
    pub previous: &'a Period,
    /// The day stocks are counted on.
    pub as_of: NaiveDate,
    /// The parts of the place each figure has data for.
    pub completeness: &'a Completeness,
}

/// The paragraphs of the narrative, in the report's order; sections without figures are left out.
pub fn write(setting: &Setting<'_>, figures: &[Figure]) -> Vec<String> {
    let text = Text {
        setting,
        figures,
        planned: RefCell::default(),
    };
    // In this order: the plans paragraph states the targets no earlier sentence has.
    [
        (Section::Organisations, text.organisations()),
        (Section::Business, text.business()),
        (Section::Farms, text.farms()),
        (Section::Ocop, text.ocop()),
        (Section::OcopRound, text.rounds()),
        (Section::Products, text.products()),
        (Section::Market, text.market()),
    ]
    .into_iter()
    .filter_map(|(section, paragraph)| {
        let gaps = text.gaps(section).map(|g| format!(" {}", text.say_gaps(&g)));
        Some(paragraph? + gaps.as_deref().unwrap_or(""))
    })
    .chain(text.plans())
    .collect()
}

/// A part of the narrative under its heading, as a template lays the report out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NarrativePart {
    /// "I. Tình hình phát triển tổ hợp tác, hợp tác xã"; `None` for a report without a template.
    pub heading: Option<String>,
    pub paragraphs: Vec<String>,
}

/// The narrative in a template's sections: each states the figures it lists (a section without
/// any says so), and the closing section states the targets ahead, the year's for a six-month
/// review and `targets_ahead` (next year's, in the indicator's unit) for a yearly one.
pub fn write_in(
    setting: &Setting<'_>,
    figures: &[Figure],
    template: &ReportTemplate,
    targets_ahead: &[(Indicator, i64)],
) -> Vec<NarrativePart> {
    let heading = |section: &TemplateSection| Some(ReportTemplate::fill(&section.heading, setting.period));
    let mut parts: Vec<NarrativePart> = template
        .sections
        .iter()
        .map(|section| {
            // The hidden parts go with every section: they only qualify the figures it lists.
            let listed: Vec<Figure> = figures
                .iter()
                .filter(|f| section.indicators.contains(&f.indicator) || f.indicator.definition().hidden)
                .cloned()
                .collect();
            let mut paragraphs = write(setting, &listed);
            if paragraphs.is_empty() {
                paragraphs.push("Chưa có số liệu về các chỉ tiêu của mục này.".to_owned());
            }
            NarrativePart {
                heading: heading(section),
                paragraphs,
            }
        })
        .collect();
    parts.push(NarrativePart {
        heading: heading(&template.outlook),
        paragraphs: outlook(setting, figures, template, targets_ahead),
    });
    parts
}

/// The closing "phương hướng, nhiệm vụ" section's figures: "Phấn đấu hoàn thành các chỉ tiêu kế
/// hoạch năm 2024: hợp tác xã thành lập mới 20 HTX (đã thực hiện 12 HTX, đạt 60,0%; còn 8 HTX)."
/// in a six-month review; "Phấn đấu thực hiện các chỉ tiêu kế hoạch năm 2025: ... (năm 2024 đạt 45
/// THT)." in a yearly one. Indicators without a target are named as such.
fn outlook(
    setting: &Setting<'_>,
    figures: &[Figure],
    template: &ReportTemplate,
    targets_ahead: &[(Indicator, i64)],
) -> Vec<String> {
    let year = setting.period.plan_year();
    let figure = |i: Indicator| figures.iter().find(|f| f.indicator == i);
    let (plan_year, lead) = match template.kind {
        TemplateKind::SixMonth => (year, "Phấn đấu hoàn thành các chỉ tiêu kế hoạch năm"),
        TemplateKind::Year => (year + 1, "Phấn đấu thực hiện các chỉ tiêu kế hoạch năm"),
    };
    let mut planned = Vec::new();
    let mut unplanned = Vec::new();
    for &indicator in &template.outlook.indicators {
        let unit = indicator.unit();
        let label = lower_first(indicator.label(Lang::Vi));
        let target = match template.kind {
            TemplateKind::SixMonth => figure(indicator).and_then(|f| f.target),
            TemplateKind::Year => targets_ahead
                .iter()
                .find(|(i, _)| *i == indicator)
                .map(|(_, t)| *t),
        };
        let Some(target) = target.filter(|t| *t > 0) else {
            unplanned.push(label);
            continue;
        };
        let stated_target = unit.stated(target);
        let done = figure(indicator).and_then(Figure::stated);
        let progress = match (template.kind, done) {
            (TemplateKind::SixMonth, Some(done)) => {
                let mut s = format!("đã thực hiện {}", amount(unit, done));
                if let Some(share) = Fixed::percent(done, stated_target) {
                    s.push_str(&format!(", đạt {share}%"));
                }
                if let Some(left) = stated_target.minus(done).filter(|l| l.is_positive()) {
                    s.push_str(&format!("; còn {}", amount(unit, left)));
                }
                format!(" ({s})")
            }
            (TemplateKind::Year, Some(done)) => format!(" (năm {year} đạt {})", amount(unit, done)),
            (_, None) => String::new(),
        };
        planned.push(format!("{label} {}{progress}", amount(unit, stated_target)));
    }
    let mut sentences = Vec::new();
    if !planned.is_empty() {
        sentences.push(format!("{lead} {plan_year}: {}.", planned.join("; ")));
    }
    if !unplanned.is_empty() {
        sentences.push(format!(
            "Chưa có kế hoạch năm {plan_year} về {}.",
            unplanned.join(", ")
        ));
    }
    sentences
}

/// What a section's figures lack, by index into the place's parts: the parts with data for any of
/// its figures, those with data for none, and the figures each of the first lacks.
struct Gaps {
    with: Vec<usize>,
    without: Vec<usize>,
    partly: Vec<(usize, Vec<Indicator>)>,
}

/// "1 THT", "7.210 thành viên".
fn count(value: i64, noun: &str) -> String {
    format!("{} {noun}", format_int(value))
}

/// Beyond this many, parts are counted rather than named.
const MAX_NAMED_PARTS: usize = 5;

/// Beyond this many, the figures a part lacks are counted, and the completeness table names them.
const MAX_NAMED_FIGURES: usize = 3;

/// An amount as the narrative writes it: "8 HTX", "7.600 triệu đồng", "53,1 triệu đồng/người/năm".
fn amount(unit: Unit, stated: Fixed) -> String {
    match unit {
        Unit::Dong => format!("{stated} triệu đồng"),
        Unit::DongPerCoop => format!("{stated} triệu đồng/HTX"),
        Unit::DongPerWorkerYear => format!("{stated} triệu đồng/người/năm"),
        Unit::DongPerTht => format!("{stated} triệu đồng/THT"),
        Unit::DongPerFarm => format!("{stated} triệu đồng/trang trại"),
        counted => format!("{stated} {}", counted.label(Lang::Vi)),
    }
}

/// The indicators of one kind of organisation and how the narrative names it.
struct Kind {
    name: &'static str,
    short: &'static str,
    active: Indicator,
    members: Indicator,
    members_reported: Indicator,
    without_members: Indicator,
    founded: Indicator,
    dissolved: Indicator,
    workers: Indicator,
}

const KINDS: [Kind; 3] = [
    Kind {
        name: "tổ hợp tác",
        short: "THT",
        active: Indicator::ThtActive,
        members: Indicator::ThtMembers,
        members_reported: Indicator::ThtMembersReported,
        without_members: Indicator::ThtWithoutMembers,
        founded: Indicator::ThtFounded,
        dissolved: Indicator::ThtDissolved,
        workers: Indicator::ThtWorkers,
    },
    Kind {
        name: "hợp tác xã",
        short: "HTX",
        active: Indicator::HtxActive,
        members: Indicator::HtxMembers,
        members_reported: Indicator::HtxMembersReported,
        without_members: Indicator::HtxWithoutMembers,
        founded: Indicator::HtxFounded,
        dissolved: Indicator::HtxDissolved,
        workers: Indicator::HtxWorkers,
    },
    Kind {
        name: "liên hiệp hợp tác xã",
        short: "LHHTX",
        active: Indicator::LhhtxActive,
        members: Indicator::LhhtxMembers,
        members_reported: Indicator::LhhtxMembersReported,
        without_members: Indicator::LhhtxWithoutMembers,
        founded: Indicator::LhhtxFounded,
        dissolved: Indicator::LhhtxDissolved,
        workers: Indicator::LhhtxWorkers,
    },
];

struct Text<'a> {
    setting: &'a Setting<'a>,
    figures: &'a [Figure],
    /// The indicators whose achievement a sentence has stated, so that [`Text::plans`] states
    /// every other target.
    planned: RefCell<Vec<Indicator>>,
}

impl Text<'_> {
    fn figure(&self, indicator: Indicator) -> Option<&Figure> {
        self.figures
            .iter()
            .find(|f| f.indicator == indicator && f.value.is_some())
    }

    fn value(&self, indicator: Indicator) -> Option<i64> {
        self.figure(indicator).and_then(Figure::value)
    }

    /// How the section's sentences name the area: "toàn tỉnh" when its figures cover every part,
    /// otherwise the parts they cover ("tỉnh Bắc Kạn (cũ)").
    fn whole(&self, section: Section) -> String {
        match self.gaps(section) {
            Some(gaps) if !gaps.without.is_empty() => self.parts(&gaps.with),
            _ => self.setting.whole.to_owned(),
        }
    }

    /// The coverage of a section's shown figures that the narrative states, when any of them lacks
    /// a part. Zeros are not stated (no cooperative dissolved), so their coverage is not told.
    fn gaps(&self, section: Section) -> Option<Gaps> {
        let covered: Vec<&Coverage> = self
            .figures
            .iter()
            .filter(|f| f.value().is_some_and(|v| v != 0) && f.indicator.section() == section)
            .filter(|f| !f.indicator.definition().hidden)
            .filter_map(|f| self.setting.completeness.of_indicator(f.indicator))
            .collect();
        if covered.iter().all(|c| c.with_data() == c.expected()) {
            return None;
        }
        let parts = self.setting.completeness.parts.len();
        let lacking = |part: usize| -> Vec<Indicator> {
            covered
                .iter()
                .filter(|c| c.parts[part].is_none())
                .map(|c| c.indicator)
                .collect()
        };
        let mut gaps = Gaps {
            with: Vec::new(),
            without: Vec::new(),
            partly: Vec::new(),
        };
        for part in 0..parts {
            let lacks = lacking(part);
            if lacks.len() == covered.len() {
                gaps.without.push(part);
            } else {
                gaps.with.push(part);
                if !lacks.is_empty() {
                    gaps.partly.push((part, lacks));
                }
            }
        }
        Some(gaps)
    }

    /// "Số liệu trên là số liệu của tỉnh Bắc Kạn (cũ); tỉnh Thái Nguyên (cũ) chưa có số liệu.";
    /// "Tỉnh Thái Nguyên (cũ) chưa có số liệu về liên hiệp hợp tác xã đang hoạt động." when every
    /// part has some of the section's figures.
    fn say_gaps(&self, gaps: &Gaps) -> String {
        let mut clauses = Vec::new();
        if !gaps.without.is_empty() {
            clauses.push(format!("Số liệu trên là số liệu của {}", self.parts(&gaps.with)));
            clauses.push(format!("{} chưa có số liệu", self.parts(&gaps.without)));
        }
        if gaps.partly.len() > MAX_NAMED_PARTS {
            clauses.push(format!(
                "{} {} chưa có đủ số liệu",
                gaps.partly.len(),
                self.parts_noun()
            ));
        } else {
            for (part, lacks) in &gaps.partly {
                let what = if lacks.len() > MAX_NAMED_FIGURES {
                    format!("{} chỉ tiêu (xem biểu mức độ đầy đủ của số liệu)", lacks.len())
                } else {
                    let labels: Vec<String> = lacks.iter().map(|i| lower_first(i.label(Lang::Vi))).collect();
                    labels.join(", ")
                };
                clauses.push(format!("{} chưa có số liệu về {what}", self.parts(&[*part])));
            }
        }
        upper_first(&clauses.join("; ")) + "."
    }

    /// Parts by name, or by their count among all when there are many: "tỉnh Bắc Kạn (cũ)",
    /// "30/34 tỉnh, thành phố".
    fn parts(&self, which: &[usize]) -> String {
        let all = &self.setting.completeness.parts;
        if which.len() > MAX_NAMED_PARTS {
            return format!("{}/{} {}", which.len(), all.len(), self.parts_noun());
        }
        let names: Vec<String> = which.iter().map(|&i| all[i].in_text()).collect();
        names.join(", ")
    }

    /// What the parts are: the provinces of the country, the former provinces of a province.
    fn parts_noun(&self) -> &'static str {
        match self.setting.completeness.parts.first().map(|p| &p.place) {
            Some(ReportPlace::Province { era: Era::Y2008, .. }) => "tỉnh (cũ)",
            _ => "tỉnh, thành phố",
        }
    }

    /// "so với năm 2023" for a year, "so với cùng kỳ năm 2023" otherwise.
    fn compared(&self) -> String {
        let year = self.setting.previous.plan_year();
        match self.setting.period.kind {
            PeriodKind::Year if !self.setting.previous.is_cut() => format!("so với năm {year}"),
            _ => format!("so với cùng kỳ năm {year}"),
        }
    }

    /// "tăng 1 THT so với năm 2023", "giảm 3 thành viên ...", "bằng năm 2023".
    fn change(&self, indicator: Indicator, noun: &str) -> Option<String> {
        let change = self.figure(indicator)?.change()?;
        Some(self.rise_or_fall(change, &format!("{} {noun}", change.abs())))
    }

    /// "tăng 50,0% so với năm 2023" for money.
    fn relative_change(&self, indicator: Indicator) -> Option<String> {
        let change = self.figure(indicator)?.relative_change()?;
        Some(self.rise_or_fall(change, &format!("{}%", change.abs())))
    }

    fn rise_or_fall(&self, change: Fixed, by: &str) -> String {
        if change.is_positive() {
            format!("tăng {by} {}", self.compared())
        } else if change.is_negative() {
            format!("giảm {by} {}", self.compared())
        } else {
            format!("bằng {}", self.compared().trim_start_matches("so với "))
        }
    }

    /// "đạt 112,5% so với kế hoạch năm 2024".
    fn achievement(&self, indicator: Indicator) -> Option<String> {
        let share = self.figure(indicator)?.achievement()?;
        self.planned.borrow_mut().push(indicator);
        Some(format!(
            "đạt {share}% so với kế hoạch năm {}",
            self.setting.period.plan_year()
        ))
    }

    /// ", đạt 112,5% so với kế hoạch năm 2024" after a figure's clause, or nothing without a plan.
    fn with_plan(&self, indicator: Indicator) -> String {
        self.achievement(indicator)
            .map(|a| format!(", {a}"))
            .unwrap_or_default()
    }

    /// Every target that no sentence before has set against its figure: "Hợp tác xã kiểu mới: 8
    /// HTX, đạt 80,0% so với kế hoạch năm 2024." A target whose figure is unknown is said to be
    /// so rather than left out.
    fn plans(&self) -> Option<String> {
        let year = self.setting.period.plan_year();
        let sentences: Vec<String> = self
            .figures
            .iter()
            .filter(|f| f.target.is_some() && !self.planned.borrow().contains(&f.indicator))
            .filter_map(|f| {
                let unit = f.indicator.unit();
                let label = f.indicator.label(Lang::Vi);
                match (f.stated(), self.achievement(f.indicator)) {
                    (Some(stated), Some(achievement)) => {
                        Some(format!("{label}: {}, {achievement}.", amount(unit, stated)))
                    }
                    (None, _) => Some(format!(
                        "{label}: kế hoạch năm {year} là {}, chưa có số liệu thực hiện.",
                        amount(unit, f.stated_target()?)
                    )),
                    // A plan of zero has no achievement to state.
                    (Some(_), None) => None,
                }
            })
            .collect();
        (!sentences.is_empty()).then(|| sentences.join(" "))
    }

    /// An amount of money as the report's table states it: "7.600 triệu đồng", "950,5 triệu
    /// đồng/HTX"; a loss as such ("lỗ 50 triệu đồng").
    fn money(&self, indicator: Indicator) -> Option<String> {
        let stated = self.figure(indicator)?.stated()?;
        let amount = format!("{} triệu đồng", stated.abs());
        Some(if stated.is_negative() {
            format!("lỗ {amount}")
        } else {
            amount
        })
    }

    /// One kind of organisation: "có 2 tổ hợp tác (THT) với 5 thành viên, tăng 1 THT so với năm
    /// 2023; thành lập mới 1 THT, đạt 100,0% kế hoạch năm 2024; giải thể 1 THT". Members known
    /// without the count of organisations are stated on their own ("các HTX có 120 thành viên").
    fn kind(&self, kind: &Kind) -> Option<String> {
        let (name, short) = (kind.name, kind.short);
        let mut clauses = Vec::new();
        let members = self
            .value(kind.members)
            .map(|m| format!("{}{}", count(m, "thành viên"), self.members_source(kind, m)));
        match (self.value(kind.active), members) {
            (Some(n), members) => {
                let mut clause = format!("có {} {name} ({short})", format_int(n));
                match members {
                    Some(members) => clause.push_str(&format!(" với {members}")),
                    None if self.value(kind.without_members).is_some_and(|w| w > 0) => {
                        clause.push_str(" (chưa có số liệu thành viên)")
                    }
                    None => {}
                }
                if let Some(change) = self.change(kind.active, short) {
                    clause.push_str(&format!(", {change}"));
                }
                clause.push_str(&self.with_plan(kind.active));
                clauses.push(clause);
            }
            (None, Some(members)) => clauses.push(format!("các {short} có {members}")),
            (None, None) => {}
        }
        if let Some(n) = self
            .value(kind.founded)
            .filter(|n| *n > 0 || self.figure(kind.founded).is_some_and(|f| f.target.is_some()))
        {
            clauses.push(format!(
                "thành lập mới {}{}",
                count(n, short),
                self.with_plan(kind.founded)
            ));
        }
        if let Some(n) = self.value(kind.dissolved).filter(|n| *n > 0) {
            clauses.push(format!("giải thể {}", count(n, short)));
        }
        (!clauses.is_empty()).then(|| clauses.join("; "))
    }

    /// Where `members` of a kind come from when not all from member registers: " (theo số liệu
    /// năm 2024 của các HTX)", " (trong đó 35 thành viên theo số liệu năm 2024 của các HTX chưa
    /// có sổ thành viên; 1 HTX chưa có số liệu thành viên)"; nothing otherwise.
    fn members_source(&self, kind: &Kind, members: i64) -> String {
        let year = self.setting.period.plan_year();
        let short = kind.short;
        let mut notes = Vec::new();
        match self.value(kind.members_reported).filter(|r| *r > 0) {
            Some(reported) if reported == members => {
                notes.push(format!("theo số liệu năm {year} của các {short}"))
            }
            Some(reported) => notes.push(format!(
                "trong đó {} theo số liệu năm {year} của các {short} chưa có sổ thành viên",
                count(reported, "thành viên")
            )),
            None => {}
        }
        if let Some(without) = self.value(kind.without_members).filter(|w| *w > 0) {
            notes.push(format!("{} chưa có số liệu thành viên", count(without, short)));
        }
        if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        }
    }

    fn organisations(&self) -> Option<String> {
        use Indicator::*;
        let kinds: Vec<String> = KINDS.iter().filter_map(|k| self.kind(k)).collect();
        if kinds.is_empty() {
            return None;
        }
        // The first kind follows the date and the area; each further kind starts its own sentence.
        let mut sentences = vec![format!(
            "Tính đến ngày {}, {} {}.",
            format_date(self.setting.as_of),
            self.whole(Section::Organisations),
            kinds[0]
        )];
        sentences.extend(kinds[1..].iter().map(|k| upper_first(k) + "."));
        sentences.extend(self.fields());
        let mut text = sentences.join(" ");
        let marks: Vec<String> = [
            (HtxNewModel, "HTX kiểu mới"),
            (HtxValueChain, "HTX gắn với chuỗi giá trị"),
        ]
        .into_iter()
        .filter_map(|(i, noun)| {
            self.value(i)
                .filter(|n| *n > 0)
                .map(|n| format!("{} {noun}", format_int(n)))
        })
        .collect();
        if !marks.is_empty() {
            text.push_str(&format!(" Trong số HTX đang hoạt động có {}.", marks.join(", ")));
        }
        if let Some(n) = self.value(OnEcommerce).filter(|n| *n > 0) {
            text.push_str(&format!(
                " Có {} có mặt trên sàn thương mại điện tử của Liên minh HTX Việt Nam.",
                count(n, "tổ chức")
            ));
        }
        Some(text)
    }

    /// Cooperatives and unions together and by main field: "Tổng số HTX, LHHTX đang hoạt động là
    /// 3, phân theo lĩnh vực: nông, lâm nghiệp, thủy sản 2; thương mại, dịch vụ 1." The total is stated when unions
    /// are counted beside the cooperatives; without any it would repeat the cooperatives.
    fn fields(&self) -> Option<String> {
        use Indicator::*;
        let fields: Vec<(&str, i64)> = [
            (CoopsAgriculture, "nông, lâm nghiệp, thủy sản"),
            (CoopsIndustryHandicraft, "công nghiệp, tiểu thủ công nghiệp"),
            (CoopsTradeServices, "thương mại, dịch vụ"),
            (CoopsTransport, "vận tải"),
            (CoopsConstruction, "xây dựng"),
            (CoopsCredit, "tín dụng"),
            (CoopsEnvironment, "môi trường"),
            (CoopsOther, "lĩnh vực khác"),
        ]
        .into_iter()
        .filter_map(|(i, field)| Some((field, self.value(i).filter(|n| *n > 0)?)))
        .collect();
        let total = self
            .value(CoopsActive)
            .filter(|_| self.value(LhhtxActive).is_some_and(|n| n > 0));
        // Organisations known only by entered totals have no field.
        let by_field: i64 = fields.iter().map(|(_, n)| n).sum();
        let unplaced = total.map(|t| t - by_field).filter(|n| *n > 0 && by_field > 0);
        let mut fields: Vec<String> = fields
            .into_iter()
            .map(|(field, n)| format!("{field} {}", format_int(n)))
            .collect();
        if let Some(n) = unplaced {
            fields.push(format!("chưa có số liệu theo lĩnh vực {}", format_int(n)));
        }
        match (total, fields.is_empty()) {
            (Some(total), false) => Some(format!(
                "Tổng số HTX, LHHTX đang hoạt động là {}, phân theo lĩnh vực: {}.",
                format_int(total),
                fields.join("; ")
            )),
            (Some(total), true) => Some(format!(
                "Tổng số HTX, LHHTX đang hoạt động là {}.",
                format_int(total)
            )),
            (None, false) => Some(format!(
                "Phân theo lĩnh vực, số HTX, LHHTX đang hoạt động gồm: {}.",
                fields.join("; ")
            )),
            (None, true) => None,
        }
    }

    fn business(&self) -> Option<String> {
        use Indicator::*;
        let mut sentences = Vec::new();
        if let Some(workers) = self.workers() {
            sentences.push(workers);
        }
        let year = self.setting.period.plan_year();
        // While the year runs, few have reported its figures: a sum over some is no change.
        let running = self.setting.as_of < self.setting.period.end;
        let money_with_average = |total: Indicator, average: Indicator, reporting: Indicator, what: &str| {
            let value = self.value(total)?;
            let verb = if value < 0 { "" } else { "đạt " };
            let mut s = format!("{what} {verb}{}", self.money(total)?);
            if let Some(avg) = self.money(average) {
                s.push_str(&format!(", bình quân {avg}/HTX"));
            }
            let partly = match (self.value(reporting), self.value(CoopsActive)) {
                (Some(reported), Some(active)) if reported < active => Some(format!(
                    "{}/{} HTX, LHHTX đã báo cáo số liệu năm {year}",
                    format_int(reported),
                    format_int(active)
                )),
                _ => None,
            };
            match (&partly, self.relative_change(total)) {
                (Some(partly), _) if running => {
                    s.push_str(&format!(" (mới có {partly}, chưa so sánh được với năm trước)"))
                }
                (Some(partly), change) => {
                    s.push_str(&format!(" ({partly})"));
                    s.extend(change.map(|c| format!(", {c}")));
                }
                (None, change) => s.extend(change.map(|c| format!(", {c}"))),
            }
            s.push_str(&self.with_plan(total));
            Some(s)
        };
        let revenue = money_with_average(
            Revenue,
            RevenuePerCoop,
            CoopsReporting,
            "tổng doanh thu của HTX, LHHTX",
        );
        let profit = money_with_average(Profit, ProfitPerCoop, CoopsReportingProfit, "lợi nhuận");
        let money: Vec<String> = [revenue, profit].into_iter().flatten().collect();
        if !money.is_empty() {
            sentences.push(upper_first(&money.join("; ")) + ".");
        }
        if let Some(groups) = self.tht_business() {
            sentences.push(groups);
        }
        if let Some(income) = self.money(AverageIncome) {
            sentences.push(format!(
                "Thu nhập bình quân của người lao động đạt {income}/người/năm."
            ));
        }
        (!sentences.is_empty()).then(|| sentences.join(" "))
    }

    /// Cooperative groups' business: "Doanh thu của các THT đạt 450 triệu đồng; lợi nhuận bình
    /// quân 45,0 triệu đồng/THT/năm."
    fn tht_business(&self) -> Option<String> {
        use Indicator::*;
        let mut clauses = Vec::new();
        if let Some(revenue) = self.money(ThtRevenue) {
            clauses.push(format!(
                "doanh thu của các THT đạt {revenue}{}",
                self.with_plan(ThtRevenue)
            ));
        }
        match (self.money(ThtProfitPerTht), self.money(ThtProfit)) {
            (Some(average), _) => clauses.push(format!("lợi nhuận bình quân {average}/THT/năm")),
            (None, Some(total)) => clauses.push(format!("lợi nhuận của các THT {total}")),
            (None, None) => {}
        }
        (!clauses.is_empty()).then(|| upper_first(&clauses.join("; ")) + ".")
    }

    /// Regular workers, attributed to the kinds of organisation they were counted or entered for:
    /// "Các THT, HTX thu hút 620 lao động thường xuyên (THT 120, HTX 500), tăng ..."; "Các HTX
    /// thu hút 500 lao động thường xuyên." when only cooperatives' are known.
    fn workers(&self) -> Option<String> {
        let by_kind: Vec<(&str, i64)> = KINDS
            .iter()
            .filter_map(|k| Some((k.short, self.value(k.workers).filter(|n| *n > 0)?)))
            .collect();
        let of_kinds = |kinds: &[(&str, i64)]| {
            let names: Vec<&str> = kinds.iter().map(|(short, _)| *short).collect();
            format!("Các {}", names.join(", "))
        };
        let Some(total) = self.value(Indicator::Workers) else {
            let each: Vec<String> = by_kind
                .iter()
                .map(|&(short, n)| format!("các {short} thu hút {}", count(n, "lao động thường xuyên")))
                .collect();
            return (!each.is_empty()).then(|| upper_first(&each.join("; ")) + ".");
        };
        let whole = by_kind.iter().map(|(_, n)| n).sum::<i64>() == total && !by_kind.is_empty();
        let subject = if whole {
            of_kinds(&by_kind)
        } else {
            "Các THT, HTX, LHHTX".to_owned()
        };
        let mut s = format!("{subject} thu hút {}", count(total, "lao động thường xuyên"));
        if whole && by_kind.len() > 1 {
            let parts: Vec<String> = by_kind
                .iter()
                .map(|(short, n)| format!("{short} {}", format_int(*n)))
                .collect();
            s.push_str(&format!(" ({})", parts.join(", ")));
        }
        if let Some(change) = self.change(Indicator::Workers, "lao động") {
            s.push_str(&format!(", {change}"));
        }
        s.push_str(&self.with_plan(Indicator::Workers));
        Some(s + ".")
    }

    fn farms(&self) -> Option<String> {
        let farms = self.value(Indicator::FarmsActive)?;
        let mut s = format!(
            "{} có {}",
            upper_first(&self.whole(Section::Farms)),
            count(farms, "trang trại")
        );
        if let Some(capital) = self.money(Indicator::FarmCapital) {
            s.push_str(&format!(" với tổng vốn đầu tư {capital}"));
            if let Some(average) = self.money(Indicator::FarmCapitalPerFarm) {
                s.push_str(&format!(", bình quân {average}/trang trại"));
            }
        }
        s.push_str(&self.with_plan(Indicator::FarmsActive));
        Some(s + ".")
    }

    fn ocop(&self) -> Option<String> {
        use Indicator::*;
        let total = self.value(OcopProducts)?;
        let mut s = format!(
            "{} có {} OCOP từ 3 sao trở lên",
            upper_first(&self.whole(Section::Ocop)),
            count(total, "sản phẩm")
        );
        let stars: Vec<String> = [(Ocop3Stars, 3), (Ocop4Stars, 4), (Ocop5Stars, 5)]
            .into_iter()
            .filter_map(|(i, stars)| {
                self.value(i)
                    .filter(|n| *n > 0)
                    .map(|n| format!("{} {stars} sao", count(n, "sản phẩm")))
            })
            .collect();
        if !stars.is_empty() {
            s.push_str(&format!(" ({})", stars.join(", ")));
        }
        if let Some(subjects) = self.value(OcopSubjects).filter(|n| *n > 0) {
            s.push_str(&format!(" của {}", count(subjects, "chủ thể")));
        }
        // "5 HTX có 6 sản phẩm" where the subjects of the kind are known, "6 sản phẩm của HTX"
        // otherwise.
        let by_kind: Vec<String> = [
            (OcopByHtx, OcopSubjectsHtx, "HTX"),
            (OcopByTht, OcopSubjectsTht, "THT"),
            (OcopByEnterprise, OcopSubjectsEnterprise, "doanh nghiệp"),
            (OcopByHousehold, OcopSubjectsHousehold, "hộ kinh doanh"),
        ]
        .into_iter()
        .filter_map(|(products, subjects, of)| {
            let products = self.value(products).filter(|n| *n > 0)?;
            Some(match self.value(subjects).filter(|n| *n > 0) {
                Some(subjects) => format!("{} có {}", count(subjects, of), count(products, "sản phẩm")),
                None => format!("{} của {of}", count(products, "sản phẩm")),
            })
        })
        .collect();
        if !by_kind.is_empty() {
            s.push_str(&format!(", trong đó {}", by_kind.join(", ")));
        }
        if let Some(change) = self.change(OcopProducts, "sản phẩm") {
            s.push_str(&format!("; {change}"));
        }
        s.push_str(&self.with_plan(OcopProducts));
        Some(s + ".")
    }

    /// The period's evaluation as reports tell it: "Trong kỳ, có 4 sản phẩm tham gia đánh giá,
    /// phân hạng (3 sản phẩm đánh giá lần đầu, 1 sản phẩm đề nghị nâng hạng). Kết quả: 2 sản phẩm
    /// OCOP mới được công nhận, trong đó có 1 sản phẩm 4 sao; 1 sản phẩm đủ điều kiện nâng hạng từ 3
    /// sao lên 4 sao; 1 sản phẩm chưa đạt."
    fn rounds(&self) -> Option<String> {
        use Indicator::*;
        let nonzero = |i| self.value(i).filter(|n| *n > 0);
        let products = |n| count(n, "sản phẩm");
        let applied: Vec<(i64, &str)> = [
            (OcopAppliedFirst, "đánh giá lần đầu"),
            (OcopAppliedRerecognition, "đánh giá để công nhận lại"),
            (OcopAppliedUpgrade, "đề nghị nâng hạng"),
        ]
        .into_iter()
        .filter_map(|(i, what)| Some((nonzero(i)?, what)))
        .collect();
        // Within an outcome, the stars given: "trong đó có 1 sản phẩm 3 sao, 1 sản phẩm 4 sao".
        let with_stars = |total: i64, noun: &str, by_stars: [(Indicator, &str); 3]| {
            let parts: Vec<String> = by_stars
                .iter()
                .filter_map(|&(i, stars)| Some(format!("{} {stars}", products(nonzero(i)?))))
                .collect();
            let mut s = format!("{} {noun}", products(total));
            if !parts.is_empty() {
                s.push_str(&format!(", trong đó có {}", parts.join(", ")));
            }
            s
        };
        let mut outcomes = Vec::new();
        if let Some(n) = nonzero(OcopRecognised) {
            let by_stars = [
                (OcopRecognised3Stars, "3 sao"),
                (OcopRecognised4Stars, "4 sao"),
                (OcopRecognised5Stars, "5 sao"),
            ];
            outcomes.push(with_stars(n, "OCOP mới được công nhận", by_stars));
        }
        if let Some(n) = nonzero(OcopRerecognised) {
            let by_stars = [
                (OcopRerecognised3Stars, "3 sao"),
                (OcopRerecognised4Stars, "4 sao"),
                (OcopRerecognised5Stars, "5 sao"),
            ];
            outcomes.push(with_stars(n, "được công nhận lại", by_stars));
        }
        if let Some(n) = nonzero(OcopUpgraded) {
            let steps: Vec<(i64, &str)> = [
                (OcopUpgraded3To4, "từ 3 sao lên 4 sao"),
                (OcopUpgraded3To5, "từ 3 sao lên 5 sao"),
                (OcopUpgraded4To5, "từ 4 sao lên 5 sao"),
            ]
            .into_iter()
            .filter_map(|(i, step)| Some((nonzero(i)?, step)))
            .collect();
            if steps.iter().map(|(k, _)| k).sum::<i64>() == n {
                outcomes.extend(
                    steps
                        .iter()
                        .map(|(k, step)| format!("{} đủ điều kiện nâng hạng {step}", products(*k))),
                );
            } else {
                let mut s = format!("{} được nâng hạng", products(n));
                let each: Vec<String> = steps
                    .iter()
                    .map(|(k, step)| format!("{} {step}", products(*k)))
                    .collect();
                if !each.is_empty() {
                    s.push_str(&format!(", trong đó {}", each.join(", ")));
                }
                outcomes.push(s);
            }
        }
        if let Some(n) = nonzero(OcopNotRecognised) {
            outcomes.push(format!("{} chưa đạt", products(n)));
        }
        if let Some(n) = nonzero(OcopPotentialFive) {
            outcomes.push(format!("{} đạt từ 90 điểm, tiềm năng 5 sao", products(n)));
        }
        let mut sentences = Vec::new();
        if !applied.is_empty() {
            let total: i64 = applied.iter().map(|(n, _)| n).sum();
            let kinds: Vec<String> = applied
                .iter()
                .map(|(n, what)| format!("{} {what}", products(*n)))
                .collect();
            sentences.push(format!(
                "Trong kỳ, có {} tham gia đánh giá, phân hạng ({}).",
                products(total),
                kinds.join(", ")
            ));
        }
        if !outcomes.is_empty() {
            let lead = if applied.is_empty() {
                "Trong kỳ, qua đánh giá, phân hạng: "
            } else {
                "Kết quả: "
            };
            sentences.push(format!("{lead}{}.", outcomes.join("; ")));
        }
        (!sentences.is_empty()).then(|| sentences.join(" "))
    }

    fn products(&self) -> Option<String> {
        use Indicator::*;
        let features: Vec<String> = [
            (ProductsQualityDeclaration, "có công bố chất lượng"),
            (ProductsIp, "được bảo hộ sở hữu trí tuệ"),
            (ProductsTraceability, "có truy xuất nguồn gốc"),
            (ProductsValueChain, "sản xuất theo chuỗi giá trị"),
        ]
        .into_iter()
        .filter_map(|(i, what)| {
            self.value(i)
                .filter(|n| *n > 0)
                .map(|n| format!("{} {what}", count(n, "sản phẩm")))
        })
        .collect();
        (!features.is_empty()).then(|| format!("Về chất lượng và thương hiệu, có {}.", features.join(", ")))
    }
}

impl Text<'_> {
    /// Market linkage as the provinces report it: "Về liên kết tiêu thụ, xúc tiến thương mại, toàn
    /// tỉnh có 9 sản phẩm chào bán trên sàn liên kết tiêu thụ, 3 sản phẩm có mặt trên sàn thương mại
    /// điện tử của Liên minh HTX, 4 nhu cầu mua đang mở. Trong kỳ, ký 1
    /// hợp đồng, biên bản ghi nhớ liên kết tiêu thụ (1 nhu cầu mua có hợp đồng liên kết); 1 hợp
    /// đồng đang thực hiện; giá trị sản phẩm giao theo hợp đồng liên kết đạt 290 triệu đồng, trong
    /// đó giao cho người mua ngoài tỉnh 290 triệu đồng (chiếm 100,0%); 4 tổ chức tham gia hội chợ,
    /// triển lãm, doanh thu tại hội chợ đạt 160 triệu đồng."
    fn market(&self) -> Option<String> {
        use Indicator::*;
        let nonzero = |i| self.value(i).filter(|n| *n > 0);
        let stock: Vec<String> = [
            (MarketListings, "sản phẩm chào bán trên sàn liên kết tiêu thụ"),
            (
                MarketProductsOnPlatform,
                "sản phẩm có mặt trên sàn thương mại điện tử của Liên minh HTX",
            ),
            (MarketDemandsOpen, "nhu cầu mua đang mở"),
        ]
        .into_iter()
        .filter_map(|(i, what)| nonzero(i).map(|n| count(n, what)))
        .collect();
        let mut period = Vec::new();
        if let Some(signed) = nonzero(MarketContractsSigned) {
            let mut clause = format!(
                "ký {}, biên bản ghi nhớ liên kết tiêu thụ",
                count(signed, "hợp đồng")
            );
            if let Some(demands) = nonzero(MarketDemandsContracted) {
                clause.push_str(&format!(
                    " ({} có hợp đồng liên kết)",
                    count(demands, "nhu cầu mua")
                ));
            }
            period.push(clause);
        }
        if let Some(in_force) = nonzero(MarketContractsInForce) {
            period.push(format!("{} đang thực hiện", count(in_force, "hợp đồng")));
        }
        if let (Some(_), Some(value)) = (nonzero(MarketDeliveredValue), self.money(MarketDeliveredValue)) {
            let mut clause = format!("giá trị sản phẩm giao theo hợp đồng liên kết đạt {value}");
            let outside = (
                nonzero(MarketDeliveredOutside),
                self.money(MarketDeliveredOutside),
            );
            if let (Some(part), Some(money)) = outside {
                let share = self
                    .value(MarketDeliveredValue)
                    .and_then(|whole| Fixed::quotient(part.saturating_mul(100), whole, 1));
                clause.push_str(&format!(", trong đó giao cho người mua ngoài tỉnh {money}"));
                if let Some(share) = share {
                    clause.push_str(&format!(" (chiếm {share}%)"));
                }
            }
            period.push(clause);
        }
        if let Some(participants) = nonzero(MarketFairParticipants) {
            let mut clause = format!("{} tham gia hội chợ, triển lãm", count(participants, "tổ chức"));
            if let (Some(_), Some(sales)) = (nonzero(MarketFairSales), self.money(MarketFairSales)) {
                clause.push_str(&format!(", doanh thu tại hội chợ đạt {sales}"));
            }
            period.push(clause);
        }
        if stock.is_empty() && period.is_empty() {
            return None;
        }
        let mut s = String::from("Về liên kết tiêu thụ, xúc tiến thương mại");
        if !stock.is_empty() {
            s.push_str(&format!(
                ", {} có {}",
                self.whole(Section::Market),
                stock.join(", ")
            ));
        }
        if !period.is_empty() {
            s.push_str(&format!(". Trong kỳ, {}", period.join("; ")));
        }
        Some(s + ".")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::figures::{Source, Sourced};

    fn figure(indicator: Indicator, value: i64, previous: Option<i64>, target: Option<i64>) -> Figure {
        Figure {
            indicator,
            value: Some(Sourced {
                value,
                source: Source::Computed,
            }),
            computed: Some(value),
            entered: None,
            target,
            previous,
        }
    }

    fn setting_text(period: &str, figures: &[Figure]) -> Vec<String> {
        covered_text(period, figures, &Completeness::default())
    }

    fn covered_text(period: &str, figures: &[Figure], completeness: &Completeness) -> Vec<String> {
        let period = Period::parse(period).unwrap_or_else(|| panic!("{period}"));
        let previous = period.year_before();
        let setting = Setting {
            whole: "toàn tỉnh",
            period: &period,
            previous: &previous,
            as_of: period.end,
            completeness,
        };
        write(&setting, figures)
    }

    /// The former provinces of Thái Nguyên, and figures known for the parts marked `true`.
    fn merged(figures: &[(Indicator, [bool; 2])]) -> Completeness {
        let part = |code: &str, name: &str| crate::domain::ReportPart {
            place: ReportPlace::Province {
                era: Era::Y2008,
                code: code.into(),
            },
            name: name.into(),
        };
        Completeness {
            parts: vec![part("19", "Tỉnh Thái Nguyên"), part("06", "Tỉnh Bắc Kạn")],
            figures: figures
                .iter()
                .map(|(indicator, known)| Coverage {
                    indicator: *indicator,
                    parts: known.map(|k| k.then_some(Source::Computed)).to_vec(),
                })
                .collect(),
        }
    }

    #[test]
    fn rounds_tell_types_outcomes_and_stars_as_far_as_known() {
        let text = setting_text(
            "2024",
            &[
                figure(Indicator::OcopAppliedFirst, 40, None, None),
                figure(Indicator::OcopAppliedUpgrade, 3, None, None),
                figure(Indicator::OcopRecognised, 37, None, None),
                figure(Indicator::OcopRecognised4Stars, 4, None, None),
                figure(Indicator::OcopUpgraded, 3, None, None),
                figure(Indicator::OcopUpgraded3To4, 2, None, None),
                figure(Indicator::OcopNotRecognised, 3, None, None),
            ],
        );
        assert_eq!(
            text,
            ["Trong kỳ, có 43 sản phẩm tham gia đánh giá, phân hạng (40 sản phẩm đánh giá lần đầu, 3 sản phẩm \
              đề nghị nâng hạng). Kết quả: 37 sản phẩm OCOP mới được công nhận, trong đó có 4 sản phẩm 4 sao; 3 \
              sản phẩm được nâng hạng, trong đó 2 sản phẩm từ 3 sao lên 4 sao; 3 sản phẩm chưa đạt."]
        );
        // Entered outcomes without the applications or the stars.
        let text = setting_text(
            "2024",
            &[
                figure(Indicator::OcopRerecognised, 5, None, None),
                figure(Indicator::OcopUpgraded, 2, None, None),
                figure(Indicator::OcopUpgraded3To4, 2, None, None),
            ],
        );
        assert_eq!(
            text,
            ["Trong kỳ, qua đánh giá, phân hạng: 5 sản phẩm được công nhận lại; 2 sản phẩm đủ điều kiện nâng \
              hạng từ 3 sao lên 4 sao."]
        );
    }

    #[test]
    fn figures_of_some_parts_name_whose_they_are() {
        let figures = [
            figure(Indicator::HtxActive, 4, None, None),
            figure(Indicator::HtxMembers, 90, None, None),
            figure(Indicator::FarmsActive, 3, None, None),
        ];
        let completeness = merged(&[
            (Indicator::HtxActive, [false, true]),
            (Indicator::HtxMembers, [false, true]),
            (Indicator::FarmsActive, [true, true]),
        ]);
        let text = covered_text("2024", &figures, &completeness);
        assert_eq!(
            text[0],
            "Tính đến ngày 31/12/2024, tỉnh Bắc Kạn (cũ) có 4 hợp tác xã (HTX) với 90 thành viên. \
             Số liệu trên là số liệu của tỉnh Bắc Kạn (cũ); tỉnh Thái Nguyên (cũ) chưa có số liệu."
        );
        // Farms are known in both parts: the whole province is named.
        assert_eq!(text[1], "Toàn tỉnh có 3 trang trại.");
        // A part that lacks one of the section's figures is told which.
        let some = merged(&[
            (Indicator::HtxActive, [true, true]),
            (Indicator::HtxMembers, [false, true]),
        ]);
        let text = covered_text("2024", &figures[..2], &some);
        assert!(
            text[0].ends_with(
                "(HTX) với 90 thành viên. Tỉnh Thái Nguyên (cũ) chưa có số liệu về thành viên hợp tác xã."
            ),
            "{}",
            text[0]
        );
    }

    #[test]
    fn market_linkage_is_told_with_the_share_sold_outside_the_province() {
        use Indicator::*;
        let figures = [
            figure(MarketListings, 9, None, None),
            figure(MarketProductsOnPlatform, 3, None, None),
            figure(MarketDemandsOpen, 4, None, None),
            figure(MarketContractsSigned, 2, None, None),
            figure(MarketDemandsContracted, 1, None, None),
            figure(MarketContractsInForce, 1, None, None),
            figure(MarketDeliveredValue, 400_000_000, None, None),
            figure(MarketDeliveredOutside, 300_000_000, None, None),
            figure(MarketFairParticipants, 4, None, None),
            figure(MarketFairSales, 0, None, None),
        ];
        let text = setting_text("2026", &figures);
        assert_eq!(
            text,
            ["Về liên kết tiêu thụ, xúc tiến thương mại, toàn tỉnh có 9 sản phẩm chào bán trên sàn liên kết \
              tiêu thụ, 3 sản phẩm có mặt trên sàn thương mại điện tử của Liên minh HTX, 4 nhu cầu mua \
              đang mở. Trong kỳ, ký 2 hợp đồng, biên bản ghi nhớ liên kết tiêu thụ \
              (1 nhu cầu mua có hợp đồng liên kết); 1 hợp đồng đang thực hiện; giá trị sản phẩm giao theo \
              hợp đồng liên kết đạt 400 triệu đồng, trong đó giao cho người mua ngoài tỉnh 300 triệu đồng \
              (chiếm 75,0%); 4 tổ chức tham gia hội chợ, triển lãm."]
        );
    }

    #[test]
    fn nothing_known_says_nothing() {
        assert!(setting_text("2024", &[]).is_empty());
    }

    #[test]
    fn a_half_year_compares_with_the_same_half_of_the_year_before() {
        let text = setting_text(
            "2021-H1",
            &[
                figure(Indicator::HtxActive, 210, Some(205), None),
                figure(Indicator::HtxMembers, 7210, None, None),
                figure(Indicator::HtxFounded, 12, None, Some(20)),
            ],
        );
        assert_eq!(
            text,
            ["Tính đến ngày 30/06/2021, toàn tỉnh có 210 hợp tác xã (HTX) với 7.210 thành viên, tăng 5 HTX so \
              với cùng kỳ năm 2020; thành lập mới 12 HTX, đạt 60,0% so với kế hoạch năm 2021."]
        );
    }

    #[test]
    fn every_target_is_stated_with_its_achievement() {
        let text = setting_text(
            "2024",
            &[
                figure(Indicator::ThtActive, 45, Some(40), Some(40)),
                figure(Indicator::HtxNewModel, 8, None, Some(10)),
                Figure {
                    value: None,
                    computed: None,
                    ..figure(Indicator::HtxMembers, 0, None, Some(200))
                },
            ],
        );
        assert_eq!(
            text,
            [
                "Tính đến ngày 31/12/2024, toàn tỉnh có 45 tổ hợp tác (THT), tăng 5 THT so với năm 2023, đạt \
                 112,5% so với kế hoạch năm 2024. Trong số HTX đang hoạt động có 8 HTX kiểu mới.",
                "Hợp tác xã kiểu mới: 8 HTX, đạt 80,0% so với kế hoạch năm 2024. Thành viên hợp tác xã: kế \
                 hoạch năm 2024 là 200 thành viên, chưa có số liệu thực hiện."
            ]
        );
    }

    #[test]
    fn members_without_registers_name_their_source_and_stand_without_the_count() {
        let text = setting_text(
            "2024",
            &[
                figure(Indicator::HtxActive, 4, None, None),
                figure(Indicator::HtxMembers, 120, None, None),
                figure(Indicator::HtxMembersReported, 120, None, None),
                figure(Indicator::LhhtxMembers, 9, None, None),
                figure(Indicator::ThtActive, 3, None, None),
                figure(Indicator::ThtWithoutMembers, 3, None, None),
            ],
        );
        assert_eq!(
            text,
            ["Tính đến ngày 31/12/2024, toàn tỉnh có 3 tổ hợp tác (THT) (chưa có số liệu thành viên). Có 4 \
              hợp tác xã (HTX) với 120 thành viên (theo số liệu năm 2024 của các HTX). Các LHHTX có 9 thành \
              viên."]
        );
        let mixed = setting_text(
            "2024",
            &[
                figure(Indicator::HtxActive, 4, None, None),
                figure(Indicator::HtxMembers, 120, None, None),
                figure(Indicator::HtxMembersReported, 35, None, None),
                figure(Indicator::HtxWithoutMembers, 1, None, None),
            ],
        );
        assert_eq!(
            mixed,
            ["Tính đến ngày 31/12/2024, toàn tỉnh có 4 hợp tác xã (HTX) với 120 thành viên (trong đó 35 thành \
              viên theo số liệu năm 2024 của các HTX chưa có sổ thành viên; 1 HTX chưa có số liệu thành viên)."]
        );
    }

    #[test]
    fn workers_belong_to_the_kinds_they_were_counted_for() {
        let htx_only = setting_text(
            "2024",
            &[
                figure(Indicator::Workers, 500, None, None),
                figure(Indicator::HtxWorkers, 500, None, None),
            ],
        );
        assert_eq!(htx_only, ["Các HTX thu hút 500 lao động thường xuyên."]);
        let two = setting_text(
            "2024",
            &[
                figure(Indicator::Workers, 620, Some(600), None),
                figure(Indicator::ThtWorkers, 120, None, None),
                figure(Indicator::HtxWorkers, 500, None, None),
            ],
        );
        assert_eq!(
            two,
            ["Các THT, HTX thu hút 620 lao động thường xuyên (THT 120, HTX 500), tăng 20 lao động so với năm \
              2023."]
        );
        let entered_for_a_kind = setting_text("2024", &[figure(Indicator::ThtWorkers, 80, None, None)]);
        assert_eq!(entered_for_a_kind, ["Các THT thu hút 80 lao động thường xuyên."]);
    }

    #[test]
    fn a_loss_is_written_as_a_loss() {
        let text = setting_text(
            "2024",
            &[
                figure(Indicator::Profit, -50_000_000, None, None),
                figure(Indicator::ProfitPerCoop, -25_000_000, None, None),
            ],
        );
        assert_eq!(
            text,
            ["Lợi nhuận lỗ 50 triệu đồng, bình quân lỗ 25,0 triệu đồng/HTX."]
        );
    }

    #[test]
    fn money_reads_in_millions_as_the_table_states_it() {
        let text = setting_text(
            "2024",
            &[
                figure(Indicator::Revenue, 7_600_400_000, Some(5_000_000_000), None),
                figure(Indicator::RevenuePerCoop, 950_500_000, None, None),
            ],
        );
        assert_eq!(
            text,
            ["Tổng doanh thu của HTX, LHHTX đạt 7.600 triệu đồng, bình quân 950,5 triệu đồng/HTX, tăng 52,0% so \
              với năm 2023."]
        );
    }

    /// While the year runs, a sum over the few who have reported is not set against last year's
    /// whole; once it is over, the share who reported is still said.
    #[test]
    fn money_of_a_year_few_have_reported_is_not_compared_while_it_runs() {
        let figures = [
            figure(Indicator::Revenue, 120_000_000, Some(40_000_000_000), None),
            figure(Indicator::CoopsReporting, 3, None, None),
            figure(Indicator::CoopsActive, 41, None, None),
        ];
        let period = Period::parse("2026").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let previous = period.compared_on(today);
        let setting = Setting {
            whole: "toàn tỉnh",
            period: &period,
            previous: &previous,
            as_of: today,
            completeness: &Completeness::default(),
        };
        let running = write(&setting, &figures);
        assert!(
            running.join(" ").contains(
                "Tổng doanh thu của HTX, LHHTX đạt 120 triệu đồng (mới có 3/41 HTX, LHHTX đã báo cáo số liệu năm \
                 2026, chưa so sánh được với năm trước)."
            ),
            "{running:?}"
        );
        let over = setting_text("2024", &figures);
        assert!(
            over.join(" ").contains(
                "Tổng doanh thu của HTX, LHHTX đạt 120 triệu đồng (3/41 HTX, LHHTX đã báo cáo số liệu năm 2024), giảm \
                 99,7% so với năm 2023."
            ),
            "{over:?}"
        );
    }
}
