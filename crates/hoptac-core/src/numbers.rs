//! Numbers and dates written the Vietnamese way: `7.210` thành viên, `166,1%`, `133.779 triệu
//! đồng`, `27/12/2022`; decimals rounded once, half away from zero ([`Fixed`]).

use chrono::NaiveDate;

/// A whole number with dots between thousands: 7210 -> "7.210".
pub fn format_int(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A decimal with a comma and `places` digits after it, thousands dotted: 1234.56 -> "1.234,6".
/// Trailing zeros are kept so that columns line up ("166,0").
pub fn format_decimal(value: f64, places: usize) -> String {
    let scale = 10f64.powi(places as i32);
    let scaled = (value * scale).round();
    // Whole part and fraction are formatted from the rounded integer so 0.96 -> "1,0", not "0,10".
    let scaled = scaled as i64;
    let factor = 10i64.pow(places as u32);
    let whole = scaled / factor;
    let frac = (scaled % factor).unsigned_abs();
    let sign = if scaled < 0 && whole == 0 { "-" } else { "" };
    if places == 0 {
        return format_int(whole);
    }
    format!("{sign}{},{:0width$}", format_int(whole), frac, width = places)
}

/// A decimal number held exactly, as a whole count of its last digit: 1125 units with one place
/// is 112,5. What reports state (a percentage, an amount in triệu đồng) is rounded once, into a
/// `Fixed`, and every output writes that same value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fixed {
    units: i64,
    places: u32,
}

/// `numerator / denominator` rounded to a whole number, half away from zero (2,5 is 3 and -2,5
/// is -3), the rule by which figures are rounded in Vietnamese statistics and accounting.
pub fn round_half_away(numerator: i128, denominator: i128) -> Option<i128> {
    if denominator == 0 {
        return None;
    }
    let (n, d) = if denominator < 0 {
        (-numerator, -denominator)
    } else {
        (numerator, denominator)
    };
    let half_up = (2 * n.abs() + d) / (2 * d);
    Some(if n < 0 { -half_up } else { half_up })
}

impl Fixed {
    /// A whole number.
    pub const fn whole(value: i64) -> Fixed {
        Fixed {
            units: value,
            places: 0,
        }
    }

    /// `numerator / denominator` with `places` digits after the comma, the last rounded half away
    /// from zero; `None` for a zero denominator or a value beyond 64 bits.
    pub fn quotient(numerator: i64, denominator: i64, places: u32) -> Option<Fixed> {
        let scaled = i128::from(numerator) * 10i128.pow(places);
        let units = round_half_away(scaled, i128::from(denominator))?;
        Some(Fixed {
            units: i64::try_from(units).ok()?,
            places,
        })
    }

    /// `part` as a percentage of `whole`, with one decimal: 9 of 8 is 112,5 (%). Both are taken
    /// as written, so that a reader who divides the two numbers shown finds the same percentage.
    pub fn percent(part: Fixed, whole: Fixed) -> Option<Fixed> {
        // Bring both to the same places, then divide the units.
        let places = part.places.max(whole.places);
        let (p, w) = (part.units_at(places)?, whole.units_at(places)?);
        let units = round_half_away(p * 1000, w)?;
        Some(Fixed {
            units: i64::try_from(units).ok()?,
            places: 1,
        })
    }

    fn units_at(self, places: u32) -> Option<i128> {
        i128::from(self.units).checked_mul(10i128.pow(places.checked_sub(self.places)?))
    }

    /// The count of the last digit: 1125 for 112,5.
    pub fn units(self) -> i64 {
        self.units
    }

    /// Digits after the comma.
    pub fn places(self) -> u32 {
        self.places
    }

    pub fn is_positive(self) -> bool {
        self.units > 0
    }

    pub fn is_negative(self) -> bool {
        self.units < 0
    }

    /// The value without its sign.
    pub fn abs(self) -> Fixed {
        Fixed {
            units: self.units.saturating_abs(),
            places: self.places,
        }
    }

    /// `self - other`, at the places of the finer of the two.
    pub fn minus(self, other: Fixed) -> Option<Fixed> {
        let places = self.places.max(other.places);
        let units = self.units_at(places)? - other.units_at(places)?;
        Some(Fixed {
            units: i64::try_from(units).ok()?,
            places,
        })
    }

    /// The nearest binary number, for a spreadsheet cell or JSON: 112.5.
    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(self.places as i32)
    }

    /// A percentage as the share a spreadsheet's percent format shows: 28,8 (%) is 0.288.
    pub fn share_of_percent(self) -> f64 {
        self.units as f64 / 10f64.powi(self.places as i32 + 2)
    }

    /// Written plainly, as programs read it: "1234.5", "-0.3".
    pub fn plain(self) -> String {
        self.written("", '.')
    }

    /// Written the Vietnamese way, thousands dotted and a decimal comma: "1.234,5". Trailing
    /// zeros are kept so that columns line up ("166,0").
    pub fn vietnamese(self) -> String {
        self.written(".", ',')
    }

    fn written(self, thousands: &str, comma: char) -> String {
        let factor = 10u64.pow(self.places);
        let magnitude = self.units.unsigned_abs();
        let (whole, fraction) = (magnitude / factor, magnitude % factor);
        let digits = whole.to_string();
        let mut out = String::with_capacity(digits.len() * 2);
        if self.units < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(thousands);
            }
            out.push(c);
        }
        if self.places > 0 {
            out.push(comma);
            out.push_str(&format!("{fraction:0width$}", width = self.places as usize));
        }
        out
    }
}

impl std::fmt::Display for Fixed {
    /// The Vietnamese writing of [`Fixed::vietnamese`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.vietnamese())
    }
}

/// A date as dd/mm/yyyy.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The day of a moment, as people in Vietnam read it: dd/mm/yyyy.
pub fn format_day_of(at: chrono::DateTime<chrono::Utc>) -> String {
    format_date(crate::clock::vietnam_date(at))
}

/// A moment as people in Vietnam read it: "dd/mm/yyyy HH:MM" in Vietnam's time.
pub fn format_moment(at: chrono::DateTime<chrono::Utc>) -> String {
    let local = crate::clock::vietnam_time(at);
    format!("{} {}", format_date(local.date()), local.format("%H:%M"))
}

/// A date as an administrative document writes it: "ngày 05 tháng 02 năm 2026". Days below 10 and
/// the months January and February take a leading zero (Decree 30/2020/NĐ-CP on the form of
/// administrative documents), so that nothing can be written in front of them.
pub fn format_date_words(date: NaiveDate) -> String {
    use chrono::Datelike;
    let month = date.month();
    let month = if month < 3 {
        format!("0{month}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", date.day(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words_follow_the_decree() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(format_date_words(date(2026, 2, 5)), "ngày 05 tháng 02 năm 2026");
        assert_eq!(format_date_words(date(2026, 3, 5)), "ngày 05 tháng 3 năm 2026");
        assert_eq!(format_date_words(date(2029, 12, 31)), "ngày 31 tháng 12 năm 2029");
    }

    #[test]
    fn integers_take_dots() {
        assert_eq!(format_int(0), "0");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(7210), "7.210");
        assert_eq!(format_int(1_000_000), "1.000.000");
        assert_eq!(format_int(-33_335), "-33.335");
        assert_eq!(format_int(i64::MIN), "-9.223.372.036.854.775.808");
    }

    #[test]
    fn decimals_take_a_comma() {
        assert_eq!(format_decimal(166.12, 1), "166,1");
        assert_eq!(format_decimal(0.96, 1), "1,0");
        assert_eq!(format_decimal(1234.56, 1), "1.234,6");
        assert_eq!(format_decimal(-0.25, 1), "-0,3");
    }

    #[test]
    fn fixed_rounds_once_half_away_from_zero() {
        let q = |n, d, places| Fixed::quotient(n, d, places).map(|f| f.vietnamese());
        assert_eq!(q(123_456, 100, 1).as_deref(), Some("1.234,6"));
        assert_eq!(q(25, 10, 0).as_deref(), Some("3"));
        assert_eq!(q(-25, 10, 0).as_deref(), Some("-3"));
        assert_eq!(q(-25, 100, 1).as_deref(), Some("-0,3"));
        assert_eq!(q(950_450_000, 1_000_000, 1).as_deref(), Some("950,5"));
        assert_eq!(q(1, 0, 1), None);
        assert_eq!(Fixed::whole(7210).vietnamese(), "7.210");
        assert_eq!(Fixed::whole(i64::MIN).vietnamese(), "-9.223.372.036.854.775.808");
        assert_eq!(
            Fixed::quotient(-12345, 10, 1).map(Fixed::plain).as_deref(),
            Some("-1234.5")
        );
    }

    #[test]
    fn percentages_are_rounded_from_the_numbers_shown() {
        let percent =
            |part, whole| Fixed::percent(Fixed::whole(part), Fixed::whole(whole)).map(|f| f.vietnamese());
        assert_eq!(percent(9, 8).as_deref(), Some("112,5"));
        // 23 of 80 is 28,75 %: a binary division gives 28,749999... and rounds down.
        assert_eq!(percent(23, 80).as_deref(), Some("28,8"));
        assert_eq!(percent(1, 0), None);
        let millions = |n| Fixed::quotient(n, 1_000_000, 1).unwrap_or(Fixed::whole(0));
        assert_eq!(
            Fixed::percent(millions(950_450_000), Fixed::whole(1000))
                .map(Fixed::plain)
                .as_deref(),
            Some("95.1")
        );
    }

    #[test]
    fn differences_keep_the_finer_places() {
        let a = Fixed::quotient(75, 10, 1).unwrap_or(Fixed::whole(0));
        assert_eq!(
            a.minus(Fixed::whole(5)).map(Fixed::vietnamese).as_deref(),
            Some("2,5")
        );
        assert_eq!(
            Fixed::whole(5).minus(a).map(|f| f.abs().vietnamese()).as_deref(),
            Some("2,5")
        );
    }

    #[test]
    fn dates_day_first() {
        let d = NaiveDate::from_ymd_opt(2022, 12, 27).unwrap_or_default();
        assert_eq!(format_date(d), "27/12/2022");
    }
}
