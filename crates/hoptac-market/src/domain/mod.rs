//! The market's rules, free of I/O: units and quantities, seasons, the listing and the demand as
//! typed and as checked, and the matching between them ([`matching`]) with the distance between
//! provinces it weighs ([`distance`]).

pub mod contracts;
pub mod conversations;
pub mod distance;
pub mod fairs;
pub mod inputs;
pub mod matching;
pub mod programmes;
pub mod shops;

use chrono::{Datelike, NaiveDate};
use hoptac_core::errors::check;
use hoptac_core::{vocabulary, FieldErrors};

/// The largest quantity taken, in its unit: a million million (no cooperative sells more, and
/// products of quantities and prices stay far inside 64 bits).
pub const MOST_QUANTITY: i64 = 1_000_000_000_000;
/// The largest price per unit, and value of a line, a contract or a delivery, in đồng: a million
/// billion đồng.
pub const MOST_DONG: i64 = 1_000_000_000_000_000;

/// A vocabulary's code: `required` when blank and needed, `invalid_choice` naming it when unknown.
pub(crate) fn choice<T>(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    required: bool,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    match value.trim() {
        "" => {
            if required {
                errors.add(field, "required");
            }
            None
        }
        raw => {
            let found = parse(raw);
            if found.is_none() {
                errors.add_with(field, "invalid_choice", vec![("value", raw.to_owned())]);
            }
            found
        }
    }
}

/// A unit code: `required` when blank, `invalid_choice` naming it when unknown.
pub(crate) fn unit(errors: &mut FieldErrors, field: &str, value: &str) -> Option<Unit> {
    choice(errors, field, value, true, Unit::parse)
}

/// The code of a province of the 2025 scheme: `required` when blank and needed,
/// `invalid_choice` naming it when it is no such province.
pub(crate) fn province(errors: &mut FieldErrors, field: &str, value: &str, required: bool) -> Option<String> {
    let known = |code: &str| distance::is_2025_province(code).then(|| code.to_owned());
    choice(errors, field, value, required, known)
}

/// A record's id as typed: `required` when blank and needed, `code` naming the value when it is
/// not a number above zero.
pub(crate) fn record_id(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    required: bool,
    code: &'static str,
) -> Option<i64> {
    let parse = |raw: &str| raw.parse::<i64>().ok().filter(|id| *id > 0);
    match value.map(str::trim).unwrap_or("") {
        "" if required => {
            errors.add(field, "required");
            None
        }
        "" => None,
        raw => {
            let id = parse(raw);
            if id.is_none() {
                errors.add_with(field, code, vec![("value", raw.to_owned())]);
            }
            id
        }
    }
}

/// The state an edit gives: the one typed, or, when it says none, the one the record has (an
/// edit that leaves the state out keeps it).
pub fn state_kept(typed: &Option<String>, current: &str) -> Option<String> {
    match typed.as_deref().map(str::trim) {
        None | Some("") => Some(current.to_owned()),
        Some(_) => typed.clone(),
    }
}

/// A record's state as typed: `fresh` when blank (a new record, or an edit that leaves it),
/// `invalid_choice` when unknown.
pub(crate) fn state_or<T>(
    errors: &mut FieldErrors,
    value: Option<&str>,
    fresh: T,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    match value.map(str::trim).unwrap_or("") {
        "" => Some(fresh),
        raw => choice(errors, "state", raw, true, parse),
    }
}

/// A count or an amount that may be zero but not below, nor above `most`.
pub(crate) fn tally(errors: &mut FieldErrors, field: &str, value: Option<&str>, most: i64) -> Option<i64> {
    let n = check::optional_amount(errors, field, value, false)?;
    if n > most {
        let max = hoptac_core::numbers::format_int(most);
        errors.add_with(field, "above_most", vec![("max", max)]);
        return None;
    }
    Some(n)
}

/// The years a programme, an activity or a fair may fall in: from 2000 (no record of the
/// collective economy kept here reaches further back) to ten years ahead of today; a day outside
/// is a typing slip, refused as `too_early` or `too_far_ahead`.
pub(crate) fn plausible(
    errors: &mut FieldErrors,
    field: &str,
    day: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let day = day?;
    let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
    let latest = NaiveDate::from_ymd_opt(today.year() + 10, 12, 31).unwrap_or(NaiveDate::MAX);
    if day < earliest {
        errors.add(field, "too_early");
        None
    } else if day > latest {
        errors.add_with(field, "too_far_ahead", vec![("year", latest.year().to_string())]);
        None
    } else {
        Some(day)
    }
}

/// The most cooperatives or agreements one activity or fair counts.
pub const MOST_COUNTED: i64 = 100_000;

/// The longest an activity or a fair lasts, in days.
pub const LONGEST_EVENT_DAYS: i64 = 366;

/// A required date, in either form dates are typed (`YYYY-MM-DD`, `DD/MM/YYYY`).
pub(crate) fn required_date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        errors.add(field, "required");
        return None;
    }
    hoptac_core::errors::check::optional_date(errors, field, Some(value))
}

/// A whole number above zero and at most `most`, typed with or without thousands separators:
/// `required` when blank and needed, `not_positive` at zero or below, `above_most` past `most`,
/// `invalid_number` when not a number.
pub(crate) fn positive(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    required: bool,
    most: i64,
) -> Option<i64> {
    let raw = value.map(str::trim).unwrap_or("");
    if raw.is_empty() {
        if required {
            errors.add(field, "required");
        }
        return None;
    }
    match hoptac_core::money::parse_amount(raw) {
        Some(n) if n > most => {
            errors.add_with(
                field,
                "above_most",
                vec![("max", hoptac_core::numbers::format_int(most))],
            );
            None
        }
        Some(n) if n > 0 => Some(n),
        Some(_) => {
            errors.add(field, "not_positive");
            None
        }
        None => {
            errors.add(field, "invalid_number");
            None
        }
    }
}

vocabulary! {
    /// The unit a quantity and a price are given in. Mass and volume convert between their units;
    /// pieces, boxes, bottles and packs are each their own measure.
    Unit {
        Kg = "kg";
        /// Tạ: 100 kg.
        Quintal = "quintal";
        /// Tấn: 1,000 kg.
        Tonne = "tonne";
        Litre = "litre";
        /// Quả, cái, con: counted one by one.
        Piece = "piece";
        Box = "box";
        Bottle = "bottle";
        Pack = "pack";
    }
}

/// What a unit measures: quantities of one measure compare, of two do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Mass,
    Volume,
    /// Counted units, each its own: a box is not a bottle.
    Count(Unit),
}

impl Unit {
    /// The unit's measure and how many of the measure's smallest unit (kg, litre, one) it holds.
    pub fn measure(self) -> (Measure, i64) {
        match self {
            Unit::Kg => (Measure::Mass, 1),
            Unit::Quintal => (Measure::Mass, 100),
            Unit::Tonne => (Measure::Mass, 1_000),
            Unit::Litre => (Measure::Volume, 1),
            other => (Measure::Count(other), 1),
        }
    }

    /// The smallest unit of the same measure, which quantities are compared in.
    pub fn base(self) -> Unit {
        match self.measure().0 {
            Measure::Mass => Unit::Kg,
            Measure::Volume => Unit::Litre,
            Measure::Count(unit) => unit,
        }
    }

    /// `quantity` of this unit in the measure's smallest unit (2 tonnes are 2,000 kg).
    pub fn to_base(self, quantity: i64) -> i64 {
        quantity.saturating_mul(self.measure().1)
    }

    /// True when quantities of the two units compare.
    pub fn compares_with(self, other: Unit) -> bool {
        self.measure().0 == other.measure().0
    }
}

/// A price per unit in đồng, compared across units of one measure: 20,000,000 đồng a tonne is
/// 20,000 đồng a kg.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitPrice {
    /// Đồng.
    pub amount: i64,
    pub unit: Unit,
}

impl UnitPrice {
    /// The price of the measure's smallest unit, in đồng (a fraction when the unit is larger).
    pub fn per_base(self) -> f64 {
        self.amount as f64 / self.unit.measure().1 as f64
    }

    /// True when this price is at most `ceiling`, both of one measure (integer arithmetic: no
    /// rounding decides it).
    pub fn at_most(self, ceiling: UnitPrice) -> bool {
        i128::from(self.amount) * i128::from(ceiling.unit.measure().1)
            <= i128::from(ceiling.amount) * i128::from(self.unit.measure().1)
    }
}

/// The months of the year a product is on offer, as a set (bit `m - 1` for month `m`). A season
/// may run over the new year (October to January).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Season(u16);

impl Season {
    pub const ALL_YEAR: Season = Season(0x0fff);

    /// The season of the months given (1 to 12); `None` if one is out of range.
    pub fn of_months(months: impl IntoIterator<Item = u32>) -> Option<Season> {
        let mut bits = 0u16;
        for month in months {
            if !(1..=12).contains(&month) {
                return None;
            }
            bits |= 1 << (month - 1);
        }
        Some(Season(bits))
    }

    /// The stored form: bit `m - 1` for month `m`.
    /// The months a period from `start` to `end` touches (all twelve for a year or more).
    pub fn touched(start: NaiveDate, end: NaiveDate) -> Season {
        let mut bits = 0u16;
        let (mut year, mut month) = (start.year(), start.month());
        for _ in 0..12 {
            if (year, month) > (end.year(), end.month()) {
                break;
            }
            bits |= 1 << (month - 1);
            (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
        }
        Season(bits)
    }

    pub fn from_bits(bits: i64) -> Season {
        Season((bits & 0x0fff) as u16)
    }

    pub fn bits(self) -> i64 {
        i64::from(self.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, month: u32) -> bool {
        (1..=12).contains(&month) && self.0 & (1 << (month - 1)) != 0
    }

    /// The months, 1 to 12, in calendar order.
    pub fn months(self) -> impl Iterator<Item = u32> {
        (1..=12).filter(move |m| self.contains(*m))
    }

    /// The season as runs of months, each run's first and last month, a run over the new year as
    /// one (October to January is `[(10, 1)]`). All year is `[(1, 12)]`.
    pub fn runs(self) -> Vec<(u32, u32)> {
        if self == Season::ALL_YEAR {
            return vec![(1, 12)];
        }
        // Start from a month out of season so that a run over the new year is read whole.
        let Some(gap) = (1..=12).find(|m| !self.contains(*m)) else {
            return Vec::new();
        };
        let mut runs = Vec::new();
        let mut current: Option<(u32, u32)> = None;
        for step in 1..=12 {
            let month = (gap - 1 + step) % 12 + 1;
            match (self.contains(month), current) {
                (true, None) => current = Some((month, month)),
                (true, Some((first, _))) => current = Some((first, month)),
                (false, Some(run)) => {
                    runs.push(run);
                    current = None;
                }
                (false, None) => {}
            }
        }
        runs.extend(current);
        runs
    }

    /// How much a supply of `monthly` a month in this season gives over the days from `start` to
    /// `end`, both counted: each month of the season counts for the share of its days inside the
    /// period (16 days of November give 16/30 of a month). Rounded down. Also says how many of
    /// the period's months fall in the season, and how many months the period touches.
    pub fn supply_over(self, monthly: i64, start: NaiveDate, end: NaiveDate) -> SeasonSupply {
        let mut total = 0f64;
        let mut months_in_season = 0;
        let mut months_touched = 0;
        let mut month_start = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap_or(start);
        while month_start <= end {
            let next = month_start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDate::MAX);
            let days_in_month = (next - month_start).num_days();
            let first = month_start.max(start);
            let last = next.pred_opt().unwrap_or(next).min(end);
            let days = (last - first).num_days() + 1;
            months_touched += 1;
            if self.contains(month_start.month()) && days > 0 {
                months_in_season += 1;
                total += monthly as f64 * days as f64 / days_in_month as f64;
            }
            month_start = next;
        }
        SeasonSupply {
            quantity: total.floor() as i64,
            months_in_season,
            months_touched,
        }
    }
}

/// What a season gives over a period ([`Season::supply_over`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeasonSupply {
    /// In the unit of the monthly supply.
    pub quantity: i64,
    pub months_in_season: u32,
    pub months_touched: u32,
}

vocabulary! {
    /// Where a listing stands: on offer, paused by its keepers (out of stock, between seasons),
    /// or closed for good.
    ListingState {
        Active = "active";
        Paused = "paused";
        Closed = "closed";
    }
}

vocabulary! {
    /// Where a buyer's demand stands: open to offers, met (the buyer found its supply), or
    /// withdrawn.
    DemandState {
        Open = "open";
        Met = "met";
        Withdrawn = "withdrawn";
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_period_touches_its_months_across_the_new_year() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let months = |a, b| Season::touched(d(a), d(b)).months().collect::<Vec<_>>();
        assert_eq!(months("2026-11-20", "2027-02-01"), vec![1, 2, 11, 12]);
        assert_eq!(months("2027-03-01", "2027-03-31"), vec![3]);
        assert_eq!(months("2026-06-15", "2028-01-01").len(), 12);
    }

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_season_over_the_new_year_reads_as_one_run() {
        let oranges = Season::of_months([10, 11, 12, 1]).unwrap_or_default();
        assert_eq!(oranges.runs(), vec![(10, 1)]);
        let two = Season::of_months([3, 4, 8]).unwrap_or_default();
        assert_eq!(two.runs(), vec![(3, 4), (8, 8)]);
        assert_eq!(Season::ALL_YEAR.runs(), vec![(1, 12)]);
        assert_eq!(Season::of_months([13]), None);
        assert_eq!(Season::of_months([0]), None);
        assert_eq!(Season::from_bits(oranges.bits()), oranges);
    }

    #[test]
    fn supply_counts_the_days_of_each_month_in_season() {
        // 15 November to 15 January, a season of October to December, 3,000 kg a month: 16 of
        // November's 30 days give 1,600 kg, December 3,000 kg, January is out of season.
        let season = Season::of_months([10, 11, 12]).unwrap_or_default();
        let supply = season.supply_over(3_000, day(2026, 11, 15), day(2027, 1, 15));
        assert_eq!(
            supply,
            SeasonSupply {
                quantity: 4_600,
                months_in_season: 2,
                months_touched: 3
            }
        );
        // A whole leap February.
        let all = Season::ALL_YEAR.supply_over(2_900, day(2028, 2, 1), day(2028, 2, 29));
        assert_eq!(all.quantity, 2_900);
        // One day.
        let one = Season::ALL_YEAR.supply_over(3_100, day(2026, 1, 31), day(2026, 1, 31));
        assert_eq!(one.quantity, 100);
    }

    #[test]
    fn units_of_one_measure_compare_and_convert() {
        assert_eq!(Unit::Tonne.to_base(2), 2_000);
        assert!(Unit::Tonne.compares_with(Unit::Kg));
        assert!(!Unit::Box.compares_with(Unit::Bottle));
        assert!(!Unit::Kg.compares_with(Unit::Litre));
        let per_kg = UnitPrice {
            amount: 20_000,
            unit: Unit::Kg,
        };
        let per_tonne = UnitPrice {
            amount: 20_000_000,
            unit: Unit::Tonne,
        };
        assert!(per_kg.at_most(per_tonne) && per_tonne.at_most(per_kg));
        assert!(!UnitPrice {
            amount: 20_001,
            unit: Unit::Kg
        }
        .at_most(per_tonne));
        assert_eq!(per_tonne.per_base(), 20_000.0);
    }
}
