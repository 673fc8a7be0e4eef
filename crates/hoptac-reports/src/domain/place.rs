//! The places a report covers: the whole country, a province of either era, a commune of either
//! era. A 2025 province's figures include the provinces that merged into it, whatever the year.

use hoptac_core::admin::{is_province_code, Era};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum ReportPlace {
    Country,
    Province { era: Era, code: String },
    Commune { era: Era, code: String },
}

impl ReportPlace {
    pub fn province(code: &str) -> ReportPlace {
        ReportPlace::Province {
            era: Era::Y2025,
            code: code.to_owned(),
        }
    }

    /// Reads what [`ReportPlace::code`] writes: `country`, `province-19` (2025), `province-2008-06`,
    /// `commune-08794` (2025), `commune-2008-02032`. A bare province code is a 2025 province.
    pub fn parse(value: &str) -> Option<ReportPlace> {
        let value = value.trim();
        if value == "country" {
            return Some(ReportPlace::Country);
        }
        if is_province_code(value) {
            return Some(ReportPlace::province(value));
        }
        let (level, rest) = value.split_once('-')?;
        let (era, code) = match rest.split_once('-') {
            Some((era, code)) => (Era::parse(era)?, code),
            None => (Era::Y2025, rest),
        };
        let digits = |n: usize| code.len() == n && code.bytes().all(|b| b.is_ascii_digit());
        match level {
            "province" if digits(2) => Some(ReportPlace::Province {
                era,
                code: code.to_owned(),
            }),
            "commune" if digits(5) => Some(ReportPlace::Commune {
                era,
                code: code.to_owned(),
            }),
            _ => None,
        }
    }

    pub fn code(&self) -> String {
        match self {
            ReportPlace::Country => "country".to_owned(),
            ReportPlace::Province {
                era: Era::Y2025,
                code,
            } => format!("province-{code}"),
            ReportPlace::Commune {
                era: Era::Y2025,
                code,
            } => format!("commune-{code}"),
            ReportPlace::Province { era, code } => format!("province-{}-{code}", era.as_str()),
            ReportPlace::Commune { era, code } => format!("commune-{}-{code}", era.as_str()),
        }
    }

    /// The level's word, as stored with entered figures.
    pub fn level(&self) -> &'static str {
        match self {
            ReportPlace::Country => "country",
            ReportPlace::Province { .. } => "province",
            ReportPlace::Commune { .. } => "commune",
        }
    }

    /// The era and code stored with entered figures (empty for the country).
    pub fn era_and_code(&self) -> (&'static str, &str) {
        match self {
            ReportPlace::Country => ("", ""),
            ReportPlace::Province { era, code } | ReportPlace::Commune { era, code } => (era.as_str(), code),
        }
    }

    /// Rebuilds a place from its stored level, era and code.
    pub fn from_parts(level: &str, era: &str, code: &str) -> Option<ReportPlace> {
        match level {
            "country" => Some(ReportPlace::Country),
            "province" => Some(ReportPlace::Province {
                era: Era::parse(era)?,
                code: code.to_owned(),
            }),
            "commune" => Some(ReportPlace::Commune {
                era: Era::parse(era)?,
                code: code.to_owned(),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in [
            "country",
            "province-19",
            "province-2008-06",
            "commune-08794",
            "commune-2008-02032",
        ] {
            let place = ReportPlace::parse(code).unwrap_or_else(|| panic!("{code}"));
            assert_eq!(place.code(), code);
            let (era, c) = place.era_and_code();
            assert_eq!(ReportPlace::from_parts(place.level(), era, c), Some(place));
        }
        assert_eq!(ReportPlace::parse("19"), Some(ReportPlace::province("19")));
        for bad in [
            "province-1",
            "commune-2019-08794",
            "district-001",
            "",
            "province-ab",
        ] {
            assert_eq!(ReportPlace::parse(bad), None, "{bad}");
        }
    }
}
