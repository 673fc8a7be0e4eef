//! An organisation's figures for one year: members, workers, capital, revenue, profit, income and the
//! yearly rating (xếp loại).

use crate::domain::organisation::amount_text;
use hoptac_core::errors::check;
use hoptac_core::{vocabulary, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

vocabulary! {
    /// The yearly rating of a cooperative. Circular 01/2020/TT-BKHĐT: a 100-point self-assessment,
    /// good 80–100, fair 65–<80, average 50–<65, weak < 50; not rated when active under 12 months.
    YearlyRating {
        Good = "good";
        Fair = "fair";
        Average = "average";
        Weak = "weak";
        NotRated = "not_rated";
    }
}

/// The earliest year figures may be entered for.
pub const FIRST_YEAR: i32 = 1990;

/// Yearly figures as entered. Every figure is optional: a province often knows some and not others.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct YearlyFiguresInput {
    #[schema(value_type = Option<i32>)]
    #[serde(deserialize_with = "amount_text")]
    pub year: Option<String>,
    #[schema(value_type = Option<i64>)]
    #[serde(deserialize_with = "amount_text")]
    pub members: Option<String>,
    #[schema(value_type = Option<i64>)]
    #[serde(deserialize_with = "amount_text")]
    pub regular_workers: Option<String>,
    /// Đồng.
    #[schema(value_type = Option<i64>)]
    #[serde(deserialize_with = "amount_text")]
    pub charter_capital: Option<String>,
    /// Đồng.
    #[schema(value_type = Option<i64>)]
    #[serde(deserialize_with = "amount_text")]
    pub revenue: Option<String>,
    /// Đồng; may be negative (a loss).
    #[schema(value_type = Option<i64>)]
    #[serde(deserialize_with = "amount_text")]
    pub profit: Option<String>,
    /// Average income of a worker, đồng per person per year.
    #[schema(value_type = Option<i64>)]
    #[serde(deserialize_with = "amount_text")]
    pub average_income: Option<String>,
    /// `good`, `fair`, `average`, `weak` or `not_rated`.
    pub rating: Option<String>,
    /// Where the figures come from (the cooperative's report, a survey, the statistics office...).
    pub source: Option<String>,
    /// The version of the year's figures this edit was made from (the API also takes it as
    /// `If-Match`): an edit from an older version is refused with 409. Ignored when adding a year.
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    /// `true` once the person has checked figures that differ a hundredfold from the year
    /// before's ([`YearlyFigures::implausible_against`]) and keeps them.
    #[serde(skip_serializing, default, deserialize_with = "hoptac_core::form::flag")]
    #[schema(value_type = bool)]
    pub unusual_checked: bool,
    /// The record as the edit form showed it (JSON; forms only), so that a stale save can be
    /// merged field by field.
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(YearlyFiguresInput);

/// Validated yearly figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct YearlyFigures {
    pub year: i32,
    pub members: Option<i64>,
    pub regular_workers: Option<i64>,
    pub charter_capital: Option<i64>,
    pub revenue: Option<i64>,
    pub profit: Option<i64>,
    pub average_income: Option<i64>,
    pub rating: Option<YearlyRating>,
    pub source: Option<String>,
}

/// How many times larger (or smaller) than the year before's a figure must be to be asked about:
/// a hundredfold is what a slip of the unit (thousand đồng typed as đồng) or of two zeros gives,
/// and hardly any cooperative's business does.
pub const IMPLAUSIBLE_FACTOR: i64 = 100;

impl YearlyFigures {
    /// The fields whose value is at least [`IMPLAUSIBLE_FACTOR`] times the same field of
    /// `before` (another year's figures: the year before's, or the year after's), or at most its
    /// hundredth; each refused as
    /// `implausible_change` with the value and the year before's, for the person to check. Zeros
    /// and missing values are not compared; a profit is compared by its size.
    pub fn implausible_against(&self, before: &YearlyFigures) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let fields = [
            ("members", self.members, before.members),
            ("regular_workers", self.regular_workers, before.regular_workers),
            ("charter_capital", self.charter_capital, before.charter_capital),
            ("revenue", self.revenue, before.revenue),
            ("profit", self.profit, before.profit),
            ("average_income", self.average_income, before.average_income),
        ];
        for (field, now, then) in fields {
            let (Some(now), Some(then)) = (now.map(i64::saturating_abs), then.map(i64::saturating_abs))
            else {
                continue;
            };
            let apart = |big: i64, small: i64| big >= small.saturating_mul(IMPLAUSIBLE_FACTOR);
            if now > 0 && then > 0 && (apart(now, then) || apart(then, now)) {
                errors.add_with(
                    field,
                    "implausible_change",
                    vec![
                        ("value", hoptac_core::numbers::format_int(now)),
                        ("previous", hoptac_core::numbers::format_int(then)),
                        ("year", before.year.to_string()),
                    ],
                );
            }
        }
        errors
    }

    /// The figures as an input in their stored spelling, for the audit trail.
    pub fn to_input(&self) -> YearlyFiguresInput {
        let text = |v: Option<i64>| v.map(|v| v.to_string());
        YearlyFiguresInput {
            year: Some(self.year.to_string()),
            members: text(self.members),
            regular_workers: text(self.regular_workers),
            charter_capital: text(self.charter_capital),
            revenue: text(self.revenue),
            profit: text(self.profit),
            average_income: text(self.average_income),
            rating: self.rating.map(|r| r.as_str().to_owned()),
            source: self.source.clone(),
            version: None,
            unusual_checked: false,
            original: None,
        }
    }
}

impl YearlyFiguresInput {
    /// `current_year` bounds the year: figures are for years that have begun.
    pub fn validate(&self, current_year: i32) -> Result<YearlyFigures, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = match self.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
            None => {
                errors.add("year", "required");
                None
            }
            Some(raw) => match raw.parse::<i32>() {
                Ok(y) if (FIRST_YEAR..=current_year).contains(&y) => Some(y),
                _ => {
                    errors.add_with(
                        "year",
                        "year_out_of_range",
                        vec![("min", FIRST_YEAR.to_string()), ("max", current_year.to_string())],
                    );
                    None
                }
            },
        };
        let mut amount = |field: &str, raw: &Option<String>, allow_negative| {
            check::optional_amount(&mut errors, field, raw.as_deref(), allow_negative)
        };
        let members = amount("members", &self.members, false);
        let regular_workers = amount("regular_workers", &self.regular_workers, false);
        let charter_capital = amount("charter_capital", &self.charter_capital, false);
        let revenue = amount("revenue", &self.revenue, false);
        let profit = amount("profit", &self.profit, true);
        let average_income = amount("average_income", &self.average_income, false);
        let rating = match self.rating.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some(raw) => {
                let rating = YearlyRating::parse(raw);
                if rating.is_none() {
                    errors.add_with("rating", "invalid_choice", vec![("value", raw.to_owned())]);
                }
                rating
            }
        };
        let source = check::optional_text(&mut errors, "source", self.source.as_deref(), 200);
        match year {
            Some(year) if errors.is_empty() => Ok(YearlyFigures {
                year,
                members,
                regular_workers,
                charter_capital,
                revenue,
                profit,
                average_income,
                rating,
                source,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_checked_field_by_field() {
        let input = YearlyFiguresInput {
            year: Some("2031".into()),
            members: Some("-3".into()),
            profit: Some("-12.000.000".into()),
            rating: Some("excellent".into()),
            ..Default::default()
        };
        let errors = input.validate(2026).err().unwrap_or_default();
        let codes: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("year", "year_out_of_range"),
                ("members", "negative"),
                ("rating", "invalid_choice")
            ]
        );
    }

    #[test]
    fn a_loss_is_a_valid_profit() {
        let input = YearlyFiguresInput {
            year: Some("2024".into()),
            profit: Some("-12.000.000".into()),
            rating: Some("fair".into()),
            ..Default::default()
        };
        let figures = input.validate(2026);
        assert_eq!(figures.as_ref().map(|f| f.profit), Ok(Some(-12_000_000)));
        assert_eq!(figures.map(|f| f.rating), Ok(Some(YearlyRating::Fair)));
    }
}
