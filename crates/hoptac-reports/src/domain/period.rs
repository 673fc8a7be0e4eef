//! Report periods: a month, a quarter, a half-year, a year, or any run of days ("from 1 January
//! to 15 May"); any of them may be cut at an earlier day, for a report as of the day of a meeting
//! ("6 tháng đầu năm 2024, tính đến ngày 15/06/2024"). Stocks are counted on the last day, flows
//! over all days.

use chrono::{Datelike, Months, NaiveDate};
use hoptac_core::errors::check::parse_date;
use hoptac_core::i18n::Lang;
use hoptac_core::numbers::format_date;
use hoptac_core::FieldErrors;
use serde::Serialize;

/// The kinds of period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Half,
    Year,
    /// Any first and last day.
    Days,
}

/// A run of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The earliest and latest years a period may name.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The last day of the month `months` after the first of `year`/`month`, counting that month.
fn span(kind: PeriodKind, year: i32, first_month: u32, months: u32) -> Option<Period> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    let start = ymd(year, first_month, 1)?;
    let end = start.checked_add_months(Months::new(months))?.pred_opt()?;
    Some(Period { kind, start, end })
}

impl Period {
    pub fn year(year: i32) -> Option<Period> {
        span(PeriodKind::Year, year, 1, 12)
    }

    /// The first (1) or second (2) half of a year.
    pub fn half(year: i32, half: u32) -> Option<Period> {
        matches!(half, 1 | 2).then(|| span(PeriodKind::Half, year, 1 + (half - 1) * 6, 6))?
    }

    pub fn quarter(year: i32, quarter: u32) -> Option<Period> {
        (1..=4)
            .contains(&quarter)
            .then(|| span(PeriodKind::Quarter, year, 1 + (quarter - 1) * 3, 3))?
    }

    pub fn month(year: i32, month: u32) -> Option<Period> {
        (1..=12)
            .contains(&month)
            .then(|| span(PeriodKind::Month, year, month, 1))?
    }

    /// Any run of days; `None` when it ends before it starts.
    pub fn days(start: NaiveDate, end: NaiveDate) -> Option<Period> {
        (start <= end).then_some(Period {
            kind: PeriodKind::Days,
            start,
            end,
        })
    }

    /// The period cut at `day`, for a report as of that day: its flows counted from its first
    /// day to `day`, its stocks on `day`. `None` when `day` lies outside the period.
    pub fn until(self, day: NaiveDate) -> Option<Period> {
        self.contains(day).then_some(Period { end: day, ..self })
    }

    /// The last day of a month, quarter, half or year as the calendar ends it.
    fn calendar_end(&self) -> Option<NaiveDate> {
        (self.kind != PeriodKind::Days)
            .then(|| span(self.kind, self.start.year(), self.start.month(), self.months()))?
            .map(|p| p.end)
    }

    /// True for a month, quarter, half or year cut before its calendar end ([`Period::until`]).
    pub fn is_cut(&self) -> bool {
        self.calendar_end().is_some_and(|end| end != self.end)
    }

    /// Reads what [`Period::code`] writes: `2024`, `2024-H1`, `2024-Q3`, `2024-05`,
    /// `2024-01-01..2024-05-15`, or a period cut at a day, `2024-H1..2024-06-15`.
    pub fn parse(code: &str) -> Option<Period> {
        let code = code.trim();
        if let Some((start, end)) = code.split_once("..") {
            let end = parse_date(end)?;
            return match parse_date(start) {
                Some(start) => Period::days(start, end),
                None => Period::parse(start)
                    .filter(|p| p.kind != PeriodKind::Days)?
                    .until(end),
            };
        }
        let (year, rest) = match code.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (code, None),
        };
        if year.len() != 4 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let number = |s: &str| s.parse::<u32>().ok();
        match rest {
            None => Period::year(year),
            Some(r) if r.starts_with(['H', 'h']) => Period::half(year, number(&r[1..])?),
            Some(r) if r.starts_with(['Q', 'q']) => Period::quarter(year, number(&r[1..])?),
            Some(r) if r.len() == 2 => Period::month(year, number(r)?),
            Some(_) => None,
        }
    }

    /// A short code for addresses and the command line, read back by [`Period::parse`].
    pub fn code(&self) -> String {
        let year = self.start.year();
        let code = match self.kind {
            PeriodKind::Year => year.to_string(),
            PeriodKind::Half => format!("{year}-H{}", self.start.month().div_ceil(6)),
            PeriodKind::Quarter => format!("{year}-Q{}", self.start.month().div_ceil(3)),
            PeriodKind::Month => format!("{year}-{:02}", self.start.month()),
            PeriodKind::Days => format!("{}..{}", self.start, self.end),
        };
        if self.is_cut() {
            format!("{code}..{}", self.end)
        } else {
            code
        }
    }

    /// The period as a report's title names it: "năm 2024", "6 tháng đầu năm 2024", "quý III năm
    /// 2024", "tháng 5 năm 2024", "từ 01/01/2024 đến 15/05/2024".
    pub fn label(&self, lang: Lang) -> String {
        let label = self.calendar_label(lang);
        match (self.is_cut(), lang) {
            (false, _) => label,
            (true, Lang::Vi) => format!("{label} (tính đến ngày {})", format_date(self.end)),
            (true, Lang::En) => format!("{label} (as of {})", format_date(self.end)),
        }
    }

    /// The label of the calendar period, uncut.
    fn calendar_label(&self, lang: Lang) -> String {
        let year = self.start.year();
        let month = self.start.month();
        match (self.kind, lang) {
            (PeriodKind::Year, Lang::Vi) => format!("năm {year}"),
            (PeriodKind::Year, Lang::En) => format!("year {year}"),
            (PeriodKind::Half, Lang::Vi) if month == 1 => format!("6 tháng đầu năm {year}"),
            (PeriodKind::Half, Lang::Vi) => format!("6 tháng cuối năm {year}"),
            (PeriodKind::Half, Lang::En) if month == 1 => format!("first half of {year}"),
            (PeriodKind::Half, Lang::En) => format!("second half of {year}"),
            (PeriodKind::Quarter, Lang::Vi) => {
                let roman = ["I", "II", "III", "IV"][(month as usize - 1) / 3];
                format!("quý {roman} năm {year}")
            }
            (PeriodKind::Quarter, Lang::En) => format!("Q{} {year}", month.div_ceil(3)),
            (PeriodKind::Month, Lang::Vi) => format!("tháng {month} năm {year}"),
            (PeriodKind::Month, Lang::En) => self.start.format("%B %Y").to_string(),
            (PeriodKind::Days, Lang::Vi) => {
                format!(
                    "từ ngày {} đến ngày {}",
                    format_date(self.start),
                    format_date(self.end)
                )
            }
            (PeriodKind::Days, Lang::En) => {
                format!("{} to {}", format_date(self.start), format_date(self.end))
            }
        }
    }

    /// The same days a year earlier: the previous year for a year, "the same period last year"
    /// (cùng kỳ) for the rest.
    pub fn year_before(&self) -> Period {
        let back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
        let mut previous = Period {
            kind: self.kind,
            start: back(self.start),
            end: back(self.end),
        };
        // The last day of February stays the last day of the month.
        if self.kind != PeriodKind::Days && !self.is_cut() {
            previous = span(
                self.kind,
                previous.start.year(),
                previous.start.month(),
                self.months(),
            )
            .unwrap_or(previous);
        }
        previous
    }

    /// The period a report compares with on `today`: [`Period::year_before`], but for a period
    /// still running the same days of last year up to today's date ("cùng kỳ"), so that eleven
    /// months of this year are not set against the whole of last year.
    pub fn compared_on(&self, today: NaiveDate) -> Period {
        match self.until(today) {
            Some(so_far) if !self.is_over(today) && so_far.end != self.end => so_far.year_before(),
            _ => self.year_before(),
        }
    }

    fn months(&self) -> u32 {
        match self.kind {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Half => 6,
            PeriodKind::Year => 12,
            PeriodKind::Days => 0,
        }
    }

    /// The year whose plan and yearly figures the period is read against.
    pub fn plan_year(&self) -> i32 {
        self.end.year()
    }

    /// The day stocks are counted on: the last day, or today while the period runs.
    pub fn as_of(&self, today: NaiveDate) -> NaiveDate {
        self.end.min(today)
    }

    /// True once the last day has passed.
    pub fn is_over(&self, today: NaiveDate) -> bool {
        self.end < today
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// A period as a form or the API sends it: either a code (`2024`, `2024-H1`...) in `period`, or
/// the first and last days in `from` and `to`.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize, utoipa::ToSchema)]
pub struct PeriodInput {
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

impl PeriodInput {
    /// The period, if it has begun by `today`. Errors name `period`, `from` or `to`.
    pub fn validate(&self, today: NaiveDate) -> Result<Period, FieldErrors> {
        let mut errors = FieldErrors::new();
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        let period = if !blank(&self.period) {
            let code = self.period.as_deref().unwrap_or("");
            let period = Period::parse(code);
            if period.is_none() {
                errors.add_with(
                    "period",
                    "invalid_period",
                    vec![("value", code.trim().to_owned())],
                );
            }
            period
        } else if blank(&self.from) && blank(&self.to) {
            errors.add("period", "required");
            None
        } else {
            let mut day = |field: &str, value: &Option<String>| {
                let value = value.as_deref().unwrap_or("").trim();
                if value.is_empty() {
                    errors.add(field, "required");
                    return None;
                }
                let date = parse_date(value).filter(|d| (FIRST_YEAR..=LAST_YEAR).contains(&d.year()));
                if date.is_none() {
                    errors.add(field, "invalid_date");
                }
                date
            };
            let (from, to) = (day("from", &self.from), day("to", &self.to));
            match (from, to) {
                (Some(from), Some(to)) if to < from => {
                    errors.add_with("to", "period_end_before_start", vec![("date", format_date(from))]);
                    None
                }
                (Some(from), Some(to)) => Period::days(from, to),
                _ => None,
            }
        };
        if let Some(p) = period.filter(|p| p.start > today) {
            let field = if p.kind == PeriodKind::Days {
                "from"
            } else {
                "period"
            };
            errors.add_with(field, "period_in_future", vec![("date", format_date(p.start))]);
        }
        errors.into_result(period.unwrap_or(Period {
            kind: PeriodKind::Days,
            start: today,
            end: today,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn codes_round_trip_and_name_their_days() {
        for (code, start, end) in [
            ("2024", date(2024, 1, 1), date(2024, 12, 31)),
            ("2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
            ("2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
            ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
            ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
            ("2024-01-01..2024-05-15", date(2024, 1, 1), date(2024, 5, 15)),
            ("2024-H1..2024-06-15", date(2024, 1, 1), date(2024, 6, 15)),
            ("2024..2024-11-20", date(2024, 1, 1), date(2024, 11, 20)),
        ] {
            let period = Period::parse(code).unwrap_or_else(|| panic!("{code}"));
            assert_eq!((period.start, period.end), (start, end), "{code}");
            assert_eq!(period.code(), code);
        }
        for bad in [
            "24",
            "2024-H3",
            "2024-Q5",
            "2024-13",
            "2024-05-15..2024-01-01",
            // A cut outside its period, and a run of days cut again.
            "2024-H1..2024-07-01",
            "2024-01-01..2024-05-15..2024-05-01",
            "abcd",
            "",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn labels_read_as_reports_write_them() {
        let p = |c| Period::parse(c).unwrap_or_else(|| panic!("{c}"));
        assert_eq!(p("2024").label(Lang::Vi), "năm 2024");
        assert_eq!(p("2021-H1").label(Lang::Vi), "6 tháng đầu năm 2021");
        assert_eq!(p("2021-H2").label(Lang::Vi), "6 tháng cuối năm 2021");
        assert_eq!(p("2024-Q3").label(Lang::Vi), "quý III năm 2024");
        assert_eq!(p("2024-05").label(Lang::Vi), "tháng 5 năm 2024");
        assert_eq!(p("2024-05").label(Lang::En), "May 2024");
        assert_eq!(
            p("2026-01-01..2026-05-15").label(Lang::Vi),
            "từ ngày 01/01/2026 đến ngày 15/05/2026"
        );
        assert_eq!(
            p("2024-H1..2024-06-15").label(Lang::Vi),
            "6 tháng đầu năm 2024 (tính đến ngày 15/06/2024)"
        );
        // A period cut at its calendar end is the period itself.
        assert_eq!(p("2024-H1..2024-06-30"), p("2024-H1"));
    }

    #[test]
    fn the_year_before_keeps_the_kind_and_month_ends() {
        let p = |c| Period::parse(c).unwrap_or_else(|| panic!("{c}"));
        assert_eq!(p("2024").year_before(), p("2023"));
        assert_eq!(p("2024-H1").year_before(), p("2023-H1"));
        assert_eq!(p("2025-02").year_before(), p("2024-02"));
        assert_eq!(p("2024-02").year_before().end, date(2023, 2, 28));
        assert_eq!(
            p("2024-01-01..2024-05-15").year_before(),
            p("2023-01-01..2023-05-15")
        );
        // A report as of a day compares with the same days a year earlier.
        assert_eq!(p("2024-H1..2024-06-15").year_before(), p("2023-H1..2023-06-15"));
    }

    #[test]
    fn a_running_period_is_compared_with_the_same_days_of_last_year() {
        let year = Period::year(2026).unwrap();
        let before = year.compared_on(date(2026, 12, 7));
        assert_eq!((before.start, before.end), (date(2025, 1, 1), date(2025, 12, 7)));
        assert_eq!(before.label(Lang::Vi), "năm 2025 (tính đến ngày 07/12/2025)");
        // A period that has ended compares with the whole of the one before.
        let over = year.compared_on(date(2027, 1, 5));
        assert_eq!((over.start, over.end), (date(2025, 1, 1), date(2025, 12, 31)));
        // On its last day the period is whole.
        assert_eq!(year.compared_on(date(2026, 12, 31)).end, date(2025, 12, 31));
    }

    #[test]
    fn input_refuses_reversed_future_and_unreadable_periods() {
        let today = date(2026, 11, 22);
        let input = |period: Option<&str>, from: Option<&str>, to: Option<&str>| PeriodInput {
            period: period.map(str::to_owned),
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
        };
        let codes = |r: Result<Period, FieldErrors>| -> Vec<(String, &'static str)> {
            r.err()
                .map(|e| e.0.into_iter().map(|e| (e.field, e.code)).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            codes(input(None, Some("15/05/2026"), Some("01/05/2026")).validate(today)),
            [("to".to_owned(), "period_end_before_start")]
        );
        assert_eq!(
            codes(input(Some("2027"), None, None).validate(today)),
            [("period".to_owned(), "period_in_future")]
        );
        assert_eq!(
            codes(input(Some("2026-H3"), None, None).validate(today)),
            [("period".to_owned(), "invalid_period")]
        );
        assert_eq!(
            codes(input(None, None, None).validate(today)),
            [("period".to_owned(), "required")]
        );
        // A period under way is allowed: its stocks are counted today.
        let running = input(Some("2026"), None, None).validate(today).ok();
        assert_eq!(running.map(|p| p.as_of(today)), Some(today));
        assert!(input(None, Some("2026-01-01"), Some("2026-05-15"))
            .validate(today)
            .is_ok());
    }
}
