//! Validation errors that name the field at fault. Codes are machine-readable; the words a user reads
//! come from [`crate::i18n`].

use serde::Serialize;

/// One thing wrong with one field of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The input field, as named in the form and the JSON body (`tax_code`, `members[2].name`...).
    pub field: String,
    /// Machine-readable reason, e.g. `invalid_tax_code`, `too_long`, `in_future`.
    pub code: &'static str,
    /// Values that the message quotes (`max`, `min`, `value`...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<(&'static str, String)>,
}

/// Every failing field of one input, collected so the user sees them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, code: &'static str) -> Self {
        let mut errors = Self::new();
        errors.add(field, code);
        errors
    }

    pub fn add(&mut self, field: &str, code: &'static str) {
        self.0.push(FieldError {
            field: field.to_owned(),
            code,
            params: Vec::new(),
        });
    }

    pub fn add_with(&mut self, field: &str, code: &'static str, params: Vec<(&'static str, String)>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            code,
            params,
        });
    }

    /// Adds every error of `other` after these.
    pub fn extend(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// Every error as (field, code), in the order recorded: what a test compares.
    pub fn codes(&self) -> Vec<(String, &'static str)> {
        self.0.iter().map(|e| (e.field.clone(), e.code)).collect()
    }

    /// The first error recorded for `field`, for showing beside that form input.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.code))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

impl std::error::Error for FieldErrors {}

/// Small helpers shared by the input validators.
pub mod check {
    use super::FieldErrors;
    use chrono::NaiveDate;

    /// A required text field, tidied; records `required` or `too_long`.
    pub fn required_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
        let value = crate::text::tidy(value);
        if value.is_empty() {
            errors.add(field, "required");
        } else {
            too_long(errors, field, &value, max);
        }
        value
    }

    /// An optional text field: `None` when blank.
    pub fn optional_text(
        errors: &mut FieldErrors,
        field: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let value = crate::text::tidy(value.unwrap_or(""));
        if value.is_empty() {
            return None;
        }
        too_long(errors, field, &value, max);
        Some(value)
    }

    /// An optional web address: `http://` or `https://`, a host with a dot, no spaces; at most
    /// 500 characters. `not_a_web_address` otherwise.
    pub fn optional_web_address(
        errors: &mut FieldErrors,
        field: &str,
        value: Option<&str>,
    ) -> Option<String> {
        let value = optional_text(errors, field, value, 500)?;
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"));
        let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
        let fine = host.is_some_and(|h| h.contains('.') && !h.starts_with('.') && !h.ends_with('.'))
            && !value.contains(char::is_whitespace);
        if !fine {
            errors.add_with(field, "not_a_web_address", vec![("value", value.clone())]);
        }
        Some(value)
    }

    fn too_long(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            errors.add_with(field, "too_long", vec![("max", max.to_string())]);
        }
    }

    /// A date typed as `YYYY-MM-DD` (what HTML date inputs send) or as Vietnamese users write it:
    /// day, month, year, with `/`, `-` or `.` between them and the day and month with or without
    /// a leading zero ("31/03/2024", "1-3-2024", "31.03.2024"). The year has four digits.
    pub fn parse_date(value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        let iso = value.len() == 10 && value.as_bytes()[4] == b'-';
        if iso {
            return NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
        }
        let parts: Vec<&str> = value.split(['/', '-', '.']).collect();
        match parts.as_slice() {
            [day, month, year] if year.len() == 4 && day.len() <= 2 && month.len() <= 2 => {
                NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
            }
            _ => None,
        }
    }

    /// An optional date, in either form [`parse_date`] reads; blank is none.
    pub fn optional_date(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<NaiveDate> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        let date = parse_date(value);
        if date.is_none() {
            errors.add(field, "invalid_date");
        }
        date
    }

    /// An optional count from 1 up (a page, a number of rows, an id); blank is none. Anything else
    /// is `invalid_number`, whose message names the minimum.
    pub fn optional_counting_number(
        errors: &mut FieldErrors,
        field: &str,
        value: Option<&str>,
    ) -> Option<i64> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        match value.parse::<i64>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                errors.add_with(field, "invalid_number", vec![("min", "1".to_owned())]);
                None
            }
        }
    }

    /// An optional date that may not lie after `today`.
    pub fn optional_past_date(
        errors: &mut FieldErrors,
        field: &str,
        value: Option<&str>,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        match parse_date(value) {
            None => {
                errors.add(field, "invalid_date");
                None
            }
            Some(date) if date > today => {
                errors.add(field, "in_future");
                None
            }
            Some(date) if date.year_ce().1 < 1900 => {
                errors.add(field, "too_early");
                None
            }
            Some(date) => Some(date),
        }
    }

    use chrono::Datelike;

    /// A required date that may not lie after `today`.
    pub fn required_past_date(
        errors: &mut FieldErrors,
        field: &str,
        value: &str,
        today: NaiveDate,
    ) -> Option<NaiveDate> {
        if value.trim().is_empty() {
            errors.add(field, "required");
            return None;
        }
        optional_past_date(errors, field, Some(value), today)
    }

    /// An optional whole number typed with or without thousands separators ("1.500.000").
    pub fn optional_amount(
        errors: &mut FieldErrors,
        field: &str,
        value: Option<&str>,
        allow_negative: bool,
    ) -> Option<i64> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        match crate::money::parse_amount(value) {
            Some(n) if n < 0 && !allow_negative => {
                errors.add(field, "negative");
                None
            }
            Some(n) => Some(n),
            None => {
                errors.add(field, "invalid_number");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check::parse_date;
    use chrono::NaiveDate;

    #[test]
    fn dates_are_read_as_vietnamese_users_write_them() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 31);
        for typed in [
            "2024-03-31",
            "31/03/2024",
            "31/3/2024",
            "31-03-2024",
            "31.03.2024",
            " 31/03/2024 ",
        ] {
            assert_eq!(parse_date(typed), day, "{typed}");
        }
        assert_eq!(parse_date("1/3/2024"), NaiveDate::from_ymd_opt(2024, 3, 1));
        for wrong in [
            "31/13/2024",
            "30/02/2024",
            "31/03/24",
            "03/31/2024",
            "2024/03/31",
            "31/03",
            "",
        ] {
            assert_eq!(parse_date(wrong), None, "{wrong}");
        }
    }
}
