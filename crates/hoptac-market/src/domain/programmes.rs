//! Cooperation programmes between two provinces' Cooperative Alliances (chương trình phối hợp,
//! chương trình kết nghĩa), like the one Ninh Bình's alliance signed with Bạc Liêu's: the parties,
//! the signing date, the term, and the activities held under it (fairs, study visits, product
//! exchanges) with their results.
//!
//! One alliance proposes; the other's officers sign or decline, or the proposer withdraws. A
//! programme signed on paper before hoptac is recorded with its signing date and is signed at once.

use super::{choice, plausible, province, required_date, tally, LONGEST_EVENT_DAYS, MOST_COUNTED, MOST_DONG};
use chrono::NaiveDate;
use hoptac_core::errors::check;
use hoptac_core::numbers::format_date;
use hoptac_core::{vocabulary, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

vocabulary! {
    /// What binds the two alliances: a programme of cooperation (phối hợp) or a twinning
    /// (kết nghĩa) between provinces.
    ProgrammeKind {
        Cooperation = "cooperation";
        Twinning = "twinning";
    }
}

vocabulary! {
    /// Where a programme stands. Only a proposed one moves: the partner signs or declines it, the
    /// proposer withdraws it.
    ProgrammeState {
        Proposed = "proposed";
        Signed = "signed";
        Declined = "declined";
        Withdrawn = "withdrawn";
    }
}

vocabulary! {
    /// What was done under a programme.
    ActivityKind {
        Fair = "fair";
        StudyVisit = "study_visit";
        ProductExchange = "product_exchange";
        Training = "training";
        Conference = "conference";
        Other = "other";
    }
}

/// Which of the two alliances a person speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Proposer,
    Partner,
}

impl ProgrammeState {
    /// The side that may move a proposed programme to `to`; none for any other move.
    pub fn decided_by(self, to: ProgrammeState) -> Option<Side> {
        match (self, to) {
            (ProgrammeState::Proposed, ProgrammeState::Signed | ProgrammeState::Declined) => {
                Some(Side::Partner)
            }
            (ProgrammeState::Proposed, ProgrammeState::Withdrawn) => Some(Side::Proposer),
            _ => None,
        }
    }
}

/// A programme as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ProgrammeInput {
    pub name: String,
    /// `cooperation` or `twinning`.
    pub kind: String,
    /// The 2025 province whose alliance proposes it.
    pub proposer_province: String,
    /// The other alliance's 2025 province.
    pub partner_province: String,
    /// When both signed, for a programme signed before it is recorded; blank for a proposal the
    /// partner is to answer.
    pub signed_on: Option<String>,
    pub valid_from: String,
    /// Blank for a programme without an end.
    pub valid_until: Option<String>,
    /// What the two alliances agreed to do.
    pub content: Option<String>,
    /// The version this edit was made from: an edit from an older one is refused with 409.
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(ProgrammeInput);

/// A programme that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeFields {
    pub name: String,
    pub kind: ProgrammeKind,
    pub proposer_province: String,
    pub partner_province: String,
    pub signed_on: Option<NaiveDate>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub content: Option<String>,
}

impl ProgrammeInput {
    /// Checks the programme: two different provinces, a start, an end not before it, a signing
    /// date not after `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<ProgrammeFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = check::required_text(&mut errors, "name", &self.name, 255);
        let kind = choice(&mut errors, "kind", &self.kind, true, ProgrammeKind::parse);
        let proposer = province(&mut errors, "proposer_province", &self.proposer_province, true);
        let partner = province(&mut errors, "partner_province", &self.partner_province, true);
        if proposer.is_some() && proposer == partner {
            errors.add("partner_province", "same_as_proposer");
        }
        let signed_on = check::optional_past_date(&mut errors, "signed_on", self.signed_on.as_deref(), today);
        let signed_on = plausible(&mut errors, "signed_on", signed_on, today);
        let valid_from = required_date(&mut errors, "valid_from", &self.valid_from);
        let valid_from = plausible(&mut errors, "valid_from", valid_from, today);
        let valid_until = check::optional_date(&mut errors, "valid_until", self.valid_until.as_deref());
        let valid_until = plausible(&mut errors, "valid_until", valid_until, today);
        if let (Some(start), Some(end)) = (valid_from, valid_until) {
            if end < start {
                errors.add("valid_until", "before_start");
            }
        }
        let content = check::optional_text(&mut errors, "content", self.content.as_deref(), 4000);
        match (kind, proposer, partner, valid_from) {
            (Some(kind), Some(proposer_province), Some(partner_province), Some(valid_from))
                if errors.is_empty() =>
            {
                Ok(ProgrammeFields {
                    name,
                    kind,
                    proposer_province,
                    partner_province,
                    signed_on,
                    valid_from,
                    valid_until,
                    content,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A proposed programme's answer: `signed` (with the day), `declined`, or `withdrawn`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AnswerInput {
    pub state: String,
    /// The day both signed; today when blank.
    pub signed_on: Option<String>,
    /// Why it was declined or withdrawn.
    pub reason: Option<String>,
    /// The version of the programme answered: an answer to an older one (the proposer changed it
    /// since) is refused with 409.
    pub version: Option<i64>,
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub state: ProgrammeState,
    pub signed_on: Option<NaiveDate>,
    pub reason: Option<String>,
}

impl AnswerInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Answer, FieldErrors> {
        let mut errors = FieldErrors::new();
        let answers = |code: &str| ProgrammeState::parse(code).filter(|s| *s != ProgrammeState::Proposed);
        let state = choice(&mut errors, "state", &self.state, true, answers);
        let signed_on = check::optional_past_date(&mut errors, "signed_on", self.signed_on.as_deref(), today);
        let signed_on = plausible(&mut errors, "signed_on", signed_on, today);
        let reason = check::optional_text(&mut errors, "reason", self.reason.as_deref(), 1000);
        match state {
            Some(state) if errors.is_empty() => Ok(Answer {
                state,
                signed_on: (state == ProgrammeState::Signed).then(|| signed_on.unwrap_or(today)),
                reason,
            }),
            _ => Err(errors),
        }
    }
}

/// An activity as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActivityInput {
    /// `fair`, `study_visit`, `product_exchange`, `training`, `conference` or `other`.
    pub kind: String,
    pub name: String,
    pub held_on: String,
    /// The last day, for an activity of several days.
    pub last_day: Option<String>,
    /// The 2025 province it was held in.
    pub province_code: Option<String>,
    /// What came of it, in words.
    pub results: Option<String>,
    /// Cooperatives taking part.
    #[serde(deserialize_with = "hoptac_core::form::amount_text")]
    #[schema(value_type = Option<i64>)]
    pub cooperatives: Option<String>,
    /// Sales made there, in đồng.
    #[serde(deserialize_with = "hoptac_core::form::amount_text")]
    #[schema(value_type = Option<i64>)]
    pub sales: Option<String>,
    /// Contracts and memoranda signed there.
    #[serde(deserialize_with = "hoptac_core::form::amount_text")]
    #[schema(value_type = Option<i64>)]
    pub agreements: Option<String>,
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(ActivityInput);

/// An activity that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityFields {
    pub kind: ActivityKind,
    pub name: String,
    pub held_on: NaiveDate,
    pub last_day: Option<NaiveDate>,
    pub province_code: Option<String>,
    pub results: Option<String>,
    pub cooperatives: Option<i64>,
    /// Đồng.
    pub sales: Option<i64>,
    pub agreements: Option<i64>,
}

impl ActivityInput {
    /// Checks the activity: it falls inside the programme's time (from `valid_from`, which the
    /// caller puts at the signing day when that came first, to `valid_until` when the programme
    /// has an end) and lasts at most a year.
    pub fn validate(
        &self,
        valid_from: NaiveDate,
        valid_until: Option<NaiveDate>,
    ) -> Result<ActivityFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = choice(&mut errors, "kind", &self.kind, true, ActivityKind::parse);
        let name = check::required_text(&mut errors, "name", &self.name, 255);
        let held_on = required_date(&mut errors, "held_on", &self.held_on);
        let last = check::optional_date(&mut errors, "last_day", self.last_day.as_deref());
        if let Some(day) = held_on {
            if day < valid_from || valid_until.is_some_and(|end| day > end) {
                let term = match valid_until {
                    Some(end) => format!("{} – {}", format_date(valid_from), format_date(end)),
                    None => format!("{} –", format_date(valid_from)),
                };
                errors.add_with("held_on", "outside_programme", vec![("term", term)]);
            }
            match last {
                Some(end) if end < day => errors.add("last_day", "before_start"),
                Some(end) if (end - day).num_days() >= LONGEST_EVENT_DAYS => {
                    errors.add_with("last_day", "period_too_long", vec![("years", "1".to_owned())])
                }
                _ => {}
            }
        }
        let province_code = province(
            &mut errors,
            "province_code",
            self.province_code.as_deref().unwrap_or(""),
            false,
        );
        let results = check::optional_text(&mut errors, "results", self.results.as_deref(), 4000);
        let cooperatives = tally(
            &mut errors,
            "cooperatives",
            self.cooperatives.as_deref(),
            MOST_COUNTED,
        );
        let sales = tally(&mut errors, "sales", self.sales.as_deref(), MOST_DONG);
        let agreements = tally(
            &mut errors,
            "agreements",
            self.agreements.as_deref(),
            MOST_COUNTED,
        );
        match (kind, held_on) {
            (Some(kind), Some(held_on)) if errors.is_empty() => Ok(ActivityFields {
                kind,
                name,
                held_on,
                last_day: last,
                province_code,
                results,
                cooperatives,
                sales,
                agreements,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn codes(errors: FieldErrors) -> Vec<(String, &'static str)> {
        errors.codes()
    }

    #[test]
    fn a_programme_needs_two_provinces_and_a_term_that_runs_forward() {
        let input = ProgrammeInput {
            name: "Chương trình phối hợp".into(),
            kind: "cooperation".into(),
            proposer_province: "19".into(),
            partner_province: "19".into(),
            signed_on: Some("2027-01-01".into()),
            valid_from: "2026-01-01".into(),
            valid_until: Some("2025-12-31".into()),
            ..ProgrammeInput::default()
        };
        assert_eq!(
            codes(input.validate(day(2026, 11, 22)).unwrap_err()),
            vec![
                ("partner_province".into(), "same_as_proposer"),
                ("signed_on".into(), "in_future"),
                ("valid_until".into(), "before_start"),
            ]
        );
    }

    #[test]
    fn only_the_partner_signs_and_only_the_proposer_withdraws() {
        use ProgrammeState::*;
        assert_eq!(Proposed.decided_by(Signed), Some(Side::Partner));
        assert_eq!(Proposed.decided_by(Declined), Some(Side::Partner));
        assert_eq!(Proposed.decided_by(Withdrawn), Some(Side::Proposer));
        assert_eq!(Signed.decided_by(Declined), None);
        assert_eq!(Declined.decided_by(Signed), None);
    }

    #[test]
    fn an_activity_falls_inside_the_programme_and_counts_nothing_below_zero() {
        let input = ActivityInput {
            kind: "fair".into(),
            name: "Hội chợ".into(),
            held_on: "2025-12-01".into(),
            sales: Some("-5".into()),
            cooperatives: Some("12".into()),
            ..ActivityInput::default()
        };
        assert_eq!(
            codes(input.validate(day(2026, 1, 1), None).unwrap_err()),
            vec![
                ("held_on".into(), "outside_programme"),
                ("sales".into(), "negative")
            ]
        );
        let inside = ActivityInput {
            held_on: "2026-03-02".into(),
            sales: Some("1.500.000".into()),
            ..input
        };
        let fields = inside.validate(day(2026, 1, 1), Some(day(2028, 12, 31))).unwrap();
        assert_eq!((fields.sales, fields.cooperatives), (Some(1_500_000), Some(12)));
    }
}
