//! Administrative units in two eras.
//!
//! Until 30 June 2025 Vietnam had 63 provinces, about 700 districts and about 10,000 communes; from
//! 1 July 2025 (Resolution 202/2025/QH15) it has 34 provinces and 3,321 communes with no districts.
//! Codes are the statistics office's: two digits for a province, five for a commune. Commune codes
//! of the two eras overlap, so a commune is known by its era and its code together.

use crate::text::tidy;
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

/// The scheme of administrative units a record refers to, named by the year it took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub enum Era {
    /// 63 provinces, districts and communes: 2008 (Hà Tây joined Hà Nội) to 30 June 2025.
    #[serde(rename = "2008")]
    Y2008,
    /// 34 provinces and communes, no districts: from 1 July 2025.
    #[serde(rename = "2025")]
    Y2025,
}

impl Era {
    pub const ALL: [Era; 2] = [Era::Y2025, Era::Y2008];

    /// The first day of the 2025 scheme.
    pub fn reform_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The scheme in force on `date`.
    pub fn on(date: NaiveDate) -> Era {
        if date < Self::reform_day() {
            Era::Y2008
        } else {
            Era::Y2025
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Era::Y2008 => "2008",
            Era::Y2025 => "2025",
        }
    }

    pub fn parse(value: &str) -> Option<Era> {
        match value.trim() {
            "2008" => Some(Era::Y2008),
            "2025" => Some(Era::Y2025),
            _ => None,
        }
    }
}

impl fmt::Display for Era {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// True for a two-digit province code.
pub fn is_province_code(value: &str) -> bool {
    value.len() == 2 && value.bytes().all(|b| b.is_ascii_digit())
}

/// True for a five-digit commune code.
pub fn is_commune_code(value: &str) -> bool {
    value.len() == 5 && value.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reform_splits_eras() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(Era::on(d(2025, 6, 30)), Era::Y2008);
        assert_eq!(Era::on(d(2025, 7, 1)), Era::Y2025);
        assert_eq!(Era::on(d(2022, 1, 1)), Era::Y2008);
    }

    #[test]
    fn codes_have_fixed_width() {
        assert!(is_province_code("06"));
        assert!(!is_province_code("6"));
        assert!(is_commune_code("01834"));
        assert!(!is_commune_code("1834"));
        assert!(!is_commune_code("0183a"));
    }
}

/// Where a commune reference points before the store has looked it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommuneRef {
    Code { era: Era, code: String },
    Name { era: Era, name: String },
}

/// Reads a commune as typed: a 5-digit code or a name, in the era given (2025 when none). Errors
/// go on the fields `commune` and `commune_era`.
pub fn parse_commune_ref(commune: &str, era: Option<&str>, errors: &mut FieldErrors) -> Option<CommuneRef> {
    let era = match era.map(str::trim).filter(|e| !e.is_empty()) {
        None => Era::Y2025,
        Some(raw) => match Era::parse(raw) {
            Some(era) => era,
            None => {
                errors.add_with("commune_era", "invalid_choice", vec![("value", raw.to_owned())]);
                return None;
            }
        },
    };
    let commune = tidy(commune);
    if commune.is_empty() {
        errors.add("commune", "required");
        None
    } else if commune.bytes().all(|b| b.is_ascii_digit()) {
        if is_commune_code(&commune) {
            Some(CommuneRef::Code { era, code: commune })
        } else {
            errors.add_with("commune", "unknown_commune", vec![("value", commune)]);
            None
        }
    } else {
        Some(CommuneRef::Name { era, name: commune })
    }
}
