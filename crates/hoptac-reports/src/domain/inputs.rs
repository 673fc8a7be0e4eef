//! What officers enter for reports: a value of an indicator for a place and period taken from a
//! document (many provinces hold only totals for past years), and the year's plan.

use super::indicators::Indicator;
use super::period::{Period, PeriodInput};
use super::place::ReportPlace;
use chrono::{Datelike, NaiveDate};
use hoptac_core::errors::check;
use hoptac_core::FieldErrors;
use serde::{Deserialize, Serialize};

/// An entered value as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct EntryInput {
    /// An indicator code (`htx_active`...).
    #[serde(default)]
    pub indicator: String,
    /// A place code (`province-19`, `province-2008-06`, `commune-08794`, `country`).
    #[serde(default)]
    pub place: String,
    #[serde(flatten)]
    pub period: PeriodInput,
    #[serde(default, deserialize_with = "hoptac_core::form::amount_text")]
    pub value: Option<String>,
    /// The document the value was taken from.
    #[serde(default)]
    pub source: String,
}

/// A checked entered value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub indicator: Indicator,
    pub place: ReportPlace,
    pub period: Period,
    pub value: i64,
    pub source: String,
}

/// A plan target as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
pub struct TargetInput {
    #[serde(default)]
    pub indicator: String,
    #[serde(default)]
    pub place: String,
    #[serde(default, deserialize_with = "hoptac_core::form::amount_text")]
    pub year: Option<String>,
    #[serde(default, deserialize_with = "hoptac_core::form::amount_text")]
    pub target: Option<String>,
    /// The plan or resolution the target comes from.
    #[serde(default)]
    pub note: Option<String>,
}

/// A checked plan target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub indicator: Indicator,
    pub place: ReportPlace,
    pub year: i32,
    pub target: i64,
    pub note: Option<String>,
}

/// The largest figure entered or planned: ten million tỷ đồng, above the country's yearly GDP (a
/// count that large is a mistake too).
pub const MAX_FIGURE: i64 = 10_000_000_000_000_000;

/// How far ahead a plan may be set.
pub const PLAN_YEARS_AHEAD: i32 = 10;

fn indicator(errors: &mut FieldErrors, code: &str) -> Option<Indicator> {
    let code = code.trim();
    if code.is_empty() {
        errors.add("indicator", "required");
        return None;
    }
    match Indicator::parse(code) {
        Some(i) if i.may_be_entered() => Some(i),
        Some(_) => {
            errors.add_with("indicator", "indicator_derived", vec![("value", code.to_owned())]);
            None
        }
        None => {
            errors.add_with("indicator", "unknown_indicator", vec![("value", code.to_owned())]);
            None
        }
    }
}

fn place(errors: &mut FieldErrors, code: &str) -> Option<ReportPlace> {
    let code = code.trim();
    if code.is_empty() {
        errors.add("place", "required");
        return None;
    }
    let place = ReportPlace::parse(code);
    if place.is_none() {
        errors.add_with("place", "unknown_place", vec![("value", code.to_owned())]);
    }
    place
}

/// A whole number that may be negative only where the indicator allows it.
fn amount(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    indicator: Option<Indicator>,
) -> Option<i64> {
    let may_be_negative = indicator.is_some_and(|i| i.definition().may_be_negative);
    let amount = check::optional_amount(errors, field, value, may_be_negative);
    // A figure beyond any the sector reports is a typing or unit mistake, and would saturate the
    // sums of a report.
    if let Some(n) = amount.filter(|n| n.abs() > MAX_FIGURE) {
        let args = vec![
            ("value", n.to_string()),
            ("max", hoptac_core::numbers::format_int(MAX_FIGURE)),
        ];
        errors.add_with(field, "too_large", args);
        return None;
    }
    if amount.is_none() && value.is_none_or(|v| v.trim().is_empty()) {
        errors.add(field, "required");
    }
    amount
}

impl EntryInput {
    /// Checks everything but whether the place exists, which needs the store.
    pub fn validate(&self, today: NaiveDate) -> Result<Entry, FieldErrors> {
        let mut errors = FieldErrors::new();
        let indicator = indicator(&mut errors, &self.indicator);
        let place = place(&mut errors, &self.place);
        let period = self.period.validate(today).map_err(|e| errors.extend(e)).ok();
        let value = amount(&mut errors, "value", self.value.as_deref(), indicator);
        let source = check::required_text(&mut errors, "source", &self.source, 500);
        match (indicator, place, period, value) {
            (Some(indicator), Some(place), Some(period), Some(value)) if errors.is_empty() => Ok(Entry {
                indicator,
                place,
                period,
                value,
                source,
            }),
            _ => Err(errors),
        }
    }
}

impl TargetInput {
    pub fn validate(&self, today: NaiveDate) -> Result<Target, FieldErrors> {
        let mut errors = FieldErrors::new();
        let indicator = indicator(&mut errors, &self.indicator);
        let place = place(&mut errors, &self.place);
        let (first, last) = (super::period::FIRST_YEAR, today.year() + PLAN_YEARS_AHEAD);
        let year = match self.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
            None => {
                errors.add("year", "required");
                None
            }
            Some(y) => match y.parse::<i32>() {
                Ok(y) if (first..=last).contains(&y) => Some(y),
                _ => {
                    let range = vec![("min", first.to_string()), ("max", last.to_string())];
                    errors.add_with("year", "year_out_of_range", range);
                    None
                }
            },
        };
        let target = amount(&mut errors, "target", self.target.as_deref(), indicator);
        let note = check::optional_text(&mut errors, "note", self.note.as_deref(), 500);
        match (indicator, place, year, target) {
            (Some(indicator), Some(place), Some(year), Some(target)) if errors.is_empty() => Ok(Target {
                indicator,
                place,
                year,
                target,
                note,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
    }

    fn codes(errors: FieldErrors) -> Vec<(String, &'static str)> {
        errors.0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    fn entry(indicator: &str, value: &str) -> EntryInput {
        EntryInput {
            indicator: indicator.into(),
            place: "province-2008-06".into(),
            period: PeriodInput {
                period: Some("2022".into()),
                ..PeriodInput::default()
            },
            value: Some(value.into()),
            source: "Báo cáo tổng kết năm 2022 của Liên minh HTX tỉnh Bắc Kạn".into(),
        }
    }

    #[test]
    fn an_entry_reads_grouped_numbers_and_keeps_its_source() {
        let e = entry("htx_active", "1.234")
            .validate(today())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.value, 1234);
        assert_eq!(e.period, Period::year(2022).unwrap_or_else(|| panic!()));
        assert_eq!(e.place.code(), "province-2008-06");
    }

    #[test]
    fn an_entry_refuses_negative_counts_but_not_losses() {
        let refused = entry("htx_active", "-3").validate(today()).err().map(codes);
        assert_eq!(refused, Some(vec![("value".to_owned(), "negative")]));
        assert!(entry("profit", "-2.000.000").validate(today()).is_ok());
    }

    #[test]
    fn an_entry_names_unknown_and_derived_indicators_and_places() {
        let mut input = entry("htx_magic", "1");
        input.place = "province-99x".into();
        input.source = " ".into();
        let errors = input.validate(today()).err().map(codes).unwrap_or_default();
        assert_eq!(
            errors,
            [
                ("indicator".to_owned(), "unknown_indicator"),
                ("place".to_owned(), "unknown_place"),
                ("source".to_owned(), "required"),
            ]
        );
        let derived = entry("average_income", "1").validate(today()).err().map(codes);
        assert_eq!(derived, Some(vec![("indicator".to_owned(), "indicator_derived")]));
    }

    #[test]
    fn a_target_needs_a_year_in_range_and_a_number() {
        let input = TargetInput {
            indicator: "htx_founded".into(),
            place: "19".into(),
            year: Some("2026".into()),
            target: Some("20".into()),
            note: Some("Kế hoạch phát triển KTTT năm 2026".into()),
        };
        let target = input.validate(today()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((target.year, target.target), (2026, 20));
        let far = TargetInput {
            year: Some("2040".into()),
            target: Some("".into()),
            ..input
        };
        assert_eq!(
            far.validate(today()).err().map(codes),
            Some(vec![
                ("year".to_owned(), "year_out_of_range"),
                ("target".to_owned(), "required")
            ])
        );
    }
}
