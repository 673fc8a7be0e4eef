//! A report as it is asked for: a place and a period in the words of an address, a form or the
//! command line.

use super::{Period, PeriodInput, ReportPlace};
use chrono::NaiveDate;
use hoptac_core::errors::check::parse_date;
use hoptac_core::form::blank;
use hoptac_core::numbers::format_date;
use hoptac_core::FieldErrors;
use serde::{Deserialize, Serialize};

/// A report's place and period as the address or the form gives them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `country`, `province-19` (a 2025 province), `province-2008-06` (a province before 1 July
    /// 2025), `commune-08794`, `commune-2008-02032`.
    pub place: Option<String>,
    /// `2024`, `2024-H1`, `2024-Q3`, `2024-05`; or leave it out and give `from` and `to`.
    pub period: Option<String>,
    /// The first day of a run of days (`YYYY-MM-DD` or `DD/MM/YYYY`).
    pub from: Option<String>,
    /// The last day of a run of days.
    pub to: Option<String>,
    /// "Tính đến ngày": a day within the period (the day of a meeting) to report as of: stocks
    /// counted on it, flows from the period's first day to it. Not after today.
    pub as_of: Option<String>,
    /// The layout to write the report in: `so-ket-6-thang` (the six-month review, for the first
    /// half of a year), `tong-ket-nam` (the yearly review) or a saved template's code
    /// (`/api/v1/report-templates`); left out, the catalogue's order.
    pub template: Option<String>,
}

impl ReportQuery {
    /// The place and the period, cut at `as_of` when given; errors name `place`, `period`, `from`,
    /// `to` or `as_of`.
    pub fn read(&self, today: chrono::NaiveDate) -> Result<(ReportPlace, Period), FieldErrors> {
        let mut errors = FieldErrors::new();
        let place = match blank(&self.place) {
            None => {
                errors.add("place", "required");
                None
            }
            Some(code) => {
                let place = ReportPlace::parse(code);
                if place.is_none() {
                    errors.add_with("place", "unknown_place", vec![("value", code.to_owned())]);
                }
                place
            }
        };
        let period = PeriodInput {
            period: self.period.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
        .validate(today)
        .map_err(|e| errors.extend(e))
        .ok();
        let period = match (period, blank(&self.as_of)) {
            (Some(period), Some(day)) => cut(period, day, today, &mut errors),
            (period, _) => period,
        };
        match (place, period) {
            (Some(place), Some(period)) if errors.is_empty() => Ok((place, period)),
            _ => Err(errors),
        }
    }

    /// The query string of a place and period, for links between report pages.
    pub fn of(place: &ReportPlace, period: &Period) -> String {
        format!("place={}&period={}", place.code(), period.code())
    }

    /// [`ReportQuery::of`] with the code of the template the report is written in (lower-case
    /// letters, digits and hyphens, which need no escaping).
    pub fn in_template(place: &ReportPlace, period: &Period, template: Option<&str>) -> String {
        let query = ReportQuery::of(place, period);
        match template {
            Some(code) => format!("{query}&template={code}"),
            None => query,
        }
    }
}

/// The period as of `day`: a day that is readable, not after today, and within the period.
fn cut(period: Period, day: &str, today: NaiveDate, errors: &mut FieldErrors) -> Option<Period> {
    let Some(date) = parse_date(day) else {
        errors.add("as_of", "invalid_date");
        return None;
    };
    if date > today {
        errors.add_with("as_of", "as_of_in_future", vec![("date", format_date(date))]);
        return None;
    }
    let cut = period.until(date);
    if cut.is_none() {
        errors.add_with(
            "as_of",
            "as_of_outside_period",
            vec![
                ("start", format_date(period.start)),
                ("end", format_date(period.end)),
            ],
        );
    }
    cut
}
