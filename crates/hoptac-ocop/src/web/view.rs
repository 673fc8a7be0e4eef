//! How OCOP records read on a page: stars, certificate rows, a rated assessment with its next
//! star, and a scorecard laid out as a form, part by part and section by section.

use crate::domain::rating::MissedMinimum;
use crate::domain::scorecard::{points_field, GradeOption, Scorecard};
use crate::store::certificates::Certificate;
use crate::store::scorecards::ScorecardVersion;
use crate::store::Assessment;
use axum::http::HeaderMap;
use hoptac_core::numbers::{format_date, format_decimal};
use hoptac_web::ui::{FormErrors, Tr};
use hoptac_web::AppState;
use std::collections::BTreeMap;

/// "★★★" for three stars.
pub fn stars_text(stars: i32) -> String {
    "★".repeat(stars.clamp(0, 5) as usize)
}

/// A score as Vietnamese write it: "72,5", "70".
pub fn score_text(score: f64) -> String {
    if score.fract() == 0.0 {
        format!("{score:.0}")
    } else {
        format_decimal(score, 1)
    }
}

/// The address of a certificate's public verification page, for its QR code: the configured
/// public address, else the one the request came to.
pub fn verify_url(state: &AppState, headers: &HeaderMap, code: &str) -> String {
    format!("{}/ocop/verify/{code}", state.site_address(headers))
}

pub struct CertificateRow {
    pub id: i64,
    pub number: String,
    pub stars: String,
    /// The stars as a number, for those who hear the page.
    pub star_count: i32,
    pub issued: String,
    pub expires: String,
    pub state_label: &'static str,
    pub state_code: &'static str,
    pub verification_code: String,
    pub round: Option<(i64, String)>,
    /// "Quyết định 1520/QĐ-UBND ngày 28/08/2024": the decision that issued it, a round's or one
    /// made before hoptac kept the rounds.
    pub decision: Option<String>,
    /// The viewer may download the PDF.
    pub printable: bool,
}

pub fn certificate_rows(certificates: &[Certificate], printable: bool, t: Tr) -> Vec<CertificateRow> {
    certificates
        .iter()
        .map(|c| CertificateRow {
            id: c.id,
            number: c.number.clone(),
            stars: stars_text(c.stars),
            star_count: c.stars,
            issued: format_date(c.issued_on),
            expires: format_date(c.expires_on),
            state_label: c.state.map(|s| s.label(t.lang())).unwrap_or(""),
            state_code: c.state.map(|s| s.as_str()).unwrap_or(""),
            verification_code: c.verification_code.clone(),
            round: c.round_id.zip(c.round_name.clone()),
            decision: c.decision_number.as_ref().map(|number| {
                let date = c.decision_date.map(format_date).unwrap_or_default();
                t.f("ocop-decision_of", &[("number", number), ("date", &date)])
            }),
            printable,
        })
        .collect()
}

/// A rated sheet (or sheets) as the page shows it.
pub struct AssessmentView {
    pub score: String,
    pub stars: u8,
    /// The stars earn recognition (3 or more: [`crate::domain::rating::Rating::is_recognised`]).
    pub recognised: bool,
    pub stars_text: String,
    /// The class the total alone reaches, when minimums hold the product below it.
    pub held_back_from: Option<u8>,
    pub missed: Vec<String>,
    pub potential_five: bool,
    /// (part, points, maximum).
    pub parts: Vec<(String, String, u32)>,
    pub next: Option<NextStarView>,
}

pub struct NextStarView {
    pub stars: u8,
    pub points_needed: u32,
    pub missed: Vec<String>,
    /// (criterion, points now, maximum, the next answer up).
    pub headroom: Vec<(String, u32, u32, String)>,
}

fn criterion_name(card: &ScorecardVersion, code: &str, t: Tr) -> String {
    match card.card.criterion(code) {
        Some(c) => format!("{} {}", c.code, t.lang().pick(&c.name_vi, &c.name_en)),
        None => code.to_owned(),
    }
}

fn missed_text(m: &MissedMinimum, card: &ScorecardVersion, t: Tr) -> String {
    t.f(
        "ocop-missed_minimum",
        &[
            ("criterion", &criterion_name(card, &m.criterion, t)),
            ("at_least", &m.at_least),
            ("stars", &m.stars),
            ("points", &score_text(m.points)),
        ],
    )
}

pub fn assessment_view(a: &Assessment, card: &ScorecardVersion, t: Tr) -> AssessmentView {
    let rating = &a.rating;
    AssessmentView {
        score: score_text(a.score),
        stars: rating.stars,
        recognised: rating.is_recognised(),
        stars_text: stars_text(i32::from(rating.stars)),
        held_back_from: (rating.stars_by_total > rating.stars).then_some(rating.stars_by_total),
        missed: rating
            .missed_minimums
            .iter()
            .map(|m| missed_text(m, card, t))
            .collect(),
        potential_five: rating.potential_five_stars,
        parts: a
            .parts
            .iter()
            .map(|p| {
                (
                    format!("{}. {}", p.code, t.lang().pick(p.name_vi, p.name_en)),
                    score_text(p.points),
                    p.max,
                )
            })
            .collect(),
        next: a.next_star.as_ref().map(|n| NextStarView {
            stars: n.stars,
            points_needed: n.points_needed,
            missed: n
                .missed_minimums
                .iter()
                .map(|m| missed_text(m, card, t))
                .collect(),
            headroom: n
                .headroom
                .iter()
                .take(8)
                .map(|h| {
                    let next = h.next.as_ref().map(|o| option_text(o, t)).unwrap_or_default();
                    (
                        criterion_name(card, &h.criterion.code, t),
                        h.points,
                        h.criterion.max,
                        next,
                    )
                })
                .collect(),
        }),
    }
}

/// "Quyết định 1048/QĐ-TTg (2019) · Rau, củ, quả tươi · phiên bản 1".
pub fn scorecard_text(card: &ScorecardVersion, t: Tr) -> String {
    let set = match &card.product_set {
        Some(set) => set.name.clone(),
        None => t.s("ocop-by_parts").to_owned(),
    };
    format!(
        "{} · {set} · {} {}",
        card.scheme.label(t.lang()),
        t.s("ocop-version"),
        card.version
    )
}

/// One criterion as a form field.
pub struct SheetCriterion {
    pub field: String,
    pub code: String,
    pub name: String,
    pub max: u32,
    /// (points, "points: label"); empty: any whole number up to the maximum.
    pub options: Vec<(String, String)>,
    pub value: String,
    pub error: Option<String>,
}

pub struct SheetSection {
    pub name: String,
    pub criteria: Vec<SheetCriterion>,
}

pub struct SheetPart {
    pub name: String,
    pub max: u32,
    pub sections: Vec<SheetSection>,
}

/// The card laid out part by part and section by section, with the values to show in a form.
pub fn sheet_parts(
    card: &Scorecard,
    values: &BTreeMap<String, String>,
    errors: Option<&FormErrors>,
    t: Tr,
) -> Vec<SheetPart> {
    card.parts()
        .iter()
        .map(|part| {
            let mut sections: Vec<SheetSection> = Vec::new();
            for c in card.criteria.iter().filter(|c| c.part == part.code) {
                let field = points_field(&c.code);
                let criterion = SheetCriterion {
                    error: errors.and_then(|e| e.get(&field)),
                    field,
                    code: c.code.clone(),
                    name: t.lang().pick(&c.name_vi, &c.name_en).to_owned(),
                    max: c.max,
                    options: c
                        .options
                        .iter()
                        .map(|o| (o.points.to_string(), option_text(o, t)))
                        .collect(),
                    value: values.get(&c.code).cloned().unwrap_or_default(),
                };
                match sections.last_mut() {
                    Some(s) if s.name == c.section => s.criteria.push(criterion),
                    _ => sections.push(SheetSection {
                        name: c.section.clone(),
                        criteria: vec![criterion],
                    }),
                }
            }
            // A section that is its part whole (a card scored by parts) is not headed twice.
            for section in &mut sections {
                if section.name == part.name_vi {
                    section.name.clear();
                }
            }
            SheetPart {
                name: format!("{}. {}", part.code, t.lang().pick(part.name_vi, part.name_en)),
                max: part.max,
                sections,
            }
        })
        .collect()
}

/// A graded answer as the scoring pages offer it: "2: từ 50% đến dưới 75%", in the reader's
/// language; only its points when the card gives no words.
fn option_text(option: &GradeOption, t: Tr) -> String {
    match option.label(t.lang()) {
        "" => option.points.to_string(),
        label => format!("{}: {label}", option.points),
    }
}
