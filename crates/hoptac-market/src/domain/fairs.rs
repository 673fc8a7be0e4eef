//! Trade fairs and exhibitions (hội chợ, triển lãm, phiên chợ, hội chợ trực tuyến): their dates
//! and place, the cooperatives that took part with the products they brought, and the sales and
//! agreements that came of them.

use super::shops::product_ids;
use super::{
    choice, plausible, province, record_id, required_date, tally, LONGEST_EVENT_DAYS, MOST_COUNTED, MOST_DONG,
};
use chrono::NaiveDate;
use hoptac_core::errors::check;
use hoptac_core::{vocabulary, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

vocabulary! {
    FairKind {
        Fair = "fair";
        Exhibition = "exhibition";
        Festival = "festival";
        Online = "online";
    }
}

/// A fair as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FairInput {
    pub name: String,
    /// `fair`, `exhibition`, `festival` or `online`.
    pub kind: String,
    /// The 2025 province whose alliance records it.
    pub organiser_province: String,
    /// Who organises it, in words ("Liên minh HTX tỉnh, Sở Công Thương").
    pub organiser: Option<String>,
    /// Where it is held: the venue, and its 2025 province.
    pub venue: Option<String>,
    pub venue_province: String,
    /// The first day and the last.
    pub opening_day: String,
    pub closing_day: String,
    /// What came of it, in words.
    pub results: Option<String>,
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(FairInput);

/// A fair that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FairFields {
    pub name: String,
    pub kind: FairKind,
    pub organiser_province: String,
    pub organiser: Option<String>,
    pub venue: Option<String>,
    pub venue_province: String,
    pub opening_day: NaiveDate,
    pub closing_day: NaiveDate,
    pub results: Option<String>,
}

impl FairInput {
    /// Checks the fair: its days run forward, within a year and within reason of `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<FairFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = check::required_text(&mut errors, "name", &self.name, 255);
        let kind = choice(&mut errors, "kind", &self.kind, true, FairKind::parse);
        let organiser_province = province(&mut errors, "organiser_province", &self.organiser_province, true);
        let organiser = check::optional_text(&mut errors, "organiser", self.organiser.as_deref(), 500);
        let venue = check::optional_text(&mut errors, "venue", self.venue.as_deref(), 500);
        let venue_province = province(&mut errors, "venue_province", &self.venue_province, true);
        let opening_day = required_date(&mut errors, "opening_day", &self.opening_day);
        let opening_day = plausible(&mut errors, "opening_day", opening_day, today);
        let closing_day = required_date(&mut errors, "closing_day", &self.closing_day);
        let closing_day = plausible(&mut errors, "closing_day", closing_day, today);
        if let (Some(first), Some(last)) = (opening_day, closing_day) {
            if last < first {
                errors.add("closing_day", "before_start");
            } else if (last - first).num_days() >= LONGEST_EVENT_DAYS {
                errors.add_with("closing_day", "period_too_long", vec![("years", "1".to_owned())]);
            }
        }
        let results = check::optional_text(&mut errors, "results", self.results.as_deref(), 4000);
        match (kind, organiser_province, venue_province, opening_day, closing_day) {
            (
                Some(kind),
                Some(organiser_province),
                Some(venue_province),
                Some(opening_day),
                Some(closing_day),
            ) if errors.is_empty() => Ok(FairFields {
                name,
                kind,
                organiser_province,
                organiser,
                venue,
                venue_province,
                opening_day,
                closing_day,
                results,
            }),
            _ => Err(errors),
        }
    }
}

/// A cooperative's part in a fair as typed: who, how many booths, the products it brought, what
/// it sold and signed there.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ParticipantInput {
    /// The organisation of the registry, by id or as typed.
    #[schema(value_type = String)]
    pub organisation_id: Option<String>,
    #[serde(deserialize_with = "hoptac_core::form::amount_text")]
    #[schema(value_type = Option<i64>)]
    pub booths: Option<String>,
    /// Its OCOP products shown there.
    #[serde(deserialize_with = "super::inputs::text_list")]
    #[schema(value_type = Vec<i64>)]
    pub product_ids: Vec<String>,
    /// Sold at the fair, in đồng.
    #[serde(deserialize_with = "hoptac_core::form::amount_text")]
    #[schema(value_type = Option<i64>)]
    pub sales: Option<String>,
    /// Contracts and memoranda signed there.
    #[serde(deserialize_with = "hoptac_core::form::amount_text")]
    #[schema(value_type = Option<i64>)]
    pub agreements: Option<String>,
    /// Their value, in đồng.
    #[serde(deserialize_with = "hoptac_core::form::amount_text")]
    #[schema(value_type = Option<i64>)]
    pub agreement_value: Option<String>,
    /// The version of the part this was made from, when it takes part already: a record made from
    /// an older one is refused with 409.
    pub version: Option<i64>,
}

/// A participation that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantFields {
    pub organisation_id: i64,
    pub booths: Option<i64>,
    pub product_ids: Vec<i64>,
    /// Đồng.
    pub sales: Option<i64>,
    pub agreements: Option<i64>,
    /// Đồng.
    pub agreement_value: Option<i64>,
}

impl ParticipantInput {
    pub fn validate(&self) -> Result<ParticipantFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let organisation_id = record_id(
            &mut errors,
            "organisation_id",
            self.organisation_id.as_deref(),
            true,
            "unknown_organisation",
        );
        let booths = tally(&mut errors, "booths", self.booths.as_deref(), 1_000);
        let product_ids = product_ids(&mut errors, "product_ids", &self.product_ids);
        let sales = tally(&mut errors, "sales", self.sales.as_deref(), MOST_DONG);
        let agreements = tally(
            &mut errors,
            "agreements",
            self.agreements.as_deref(),
            MOST_COUNTED,
        );
        let agreement_value = tally(
            &mut errors,
            "agreement_value",
            self.agreement_value.as_deref(),
            MOST_DONG,
        );
        if agreement_value.is_some_and(|v| v > 0) && agreements.unwrap_or(0) == 0 {
            errors.add("agreement_value", "value_without_agreements");
        }
        match organisation_id {
            Some(organisation_id) if errors.is_empty() => Ok(ParticipantFields {
                organisation_id,
                booths,
                product_ids,
                sales,
                agreements,
                agreement_value,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn a_fair_ends_on_or_after_its_first_day_within_a_year() {
        let input = FairInput {
            name: "Hội chợ OCOP".into(),
            kind: "fair".into(),
            organiser_province: "19".into(),
            venue_province: "01".into(),
            opening_day: "2026-10-10".into(),
            closing_day: "2026-10-09".into(),
            ..FairInput::default()
        };
        let codes: Vec<_> = input
            .validate(today())
            .unwrap_err()
            .iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(codes, ["before_start"]);
        let long = FairInput {
            closing_day: "2027-10-11".into(),
            ..input.clone()
        };
        let codes: Vec<_> = long
            .validate(today())
            .unwrap_err()
            .iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(codes, ["period_too_long"]);
        let fine = FairInput {
            closing_day: "2026-10-14".into(),
            ..input
        };
        assert_eq!(fine.validate(today()).unwrap().kind, FairKind::Fair);
    }

    #[test]
    fn a_participation_has_an_organisation_and_no_value_without_agreements() {
        let input = ParticipantInput {
            sales: Some("-1".into()),
            agreement_value: Some("50.000.000".into()),
            ..ParticipantInput::default()
        };
        let errors: Vec<_> = input
            .validate()
            .unwrap_err()
            .iter()
            .map(|e| (e.field.clone(), e.code))
            .collect();
        assert_eq!(
            errors,
            [
                ("organisation_id".to_owned(), "required"),
                ("sales".to_owned(), "negative"),
                ("agreement_value".to_owned(), "value_without_agreements"),
            ]
        );
    }
}
