//! Numbers and dates written the Vietnamese way: `7.210` thành viên, `166,1%`, `7,6 tỷ đồng`,
//! `27/12/2022`.

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

/// A percentage with one decimal: 1.661 -> "166,1%".
pub fn format_percent(ratio: f64) -> String {
    format!("{}%", format_decimal(ratio * 100.0, 1))
}

/// Đồng in full: 1500000 -> "1.500.000 đồng".
pub fn format_dong(amount: i64) -> String {
    format!("{} đồng", format_int(amount))
}

/// Đồng in millions, as reports write working capital: 133_779_000_000 -> "133.779 triệu đồng".
pub fn format_million_dong(amount: i64) -> String {
    format!("{} triệu đồng", format_int((amount as f64 / 1e6).round() as i64))
}

/// Đồng in billions with one decimal: 7_600_000_000 -> "7,6 tỷ đồng".
pub fn format_billion_dong(amount: i64) -> String {
    format!("{} tỷ đồng", format_decimal(amount as f64 / 1e9, 1))
}

/// Money in running text, as reports write it: billions with one decimal from one billion
/// ("7,6 tỷ đồng"), whole millions from one million ("950 triệu đồng"), đồng below.
pub fn format_money(amount: i64) -> String {
    match amount.unsigned_abs() {
        a if a >= 1_000_000_000 => format_billion_dong(amount),
        a if a >= 1_000_000 => format_million_dong(amount),
        _ => format_dong(amount),
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
        assert_eq!(format_percent(1.661), "166,1%");
    }

    #[test]
    fn money_in_report_units() {
        assert_eq!(format_billion_dong(7_600_000_000), "7,6 tỷ đồng");
        assert_eq!(format_million_dong(133_779_000_000), "133.779 triệu đồng");
        assert_eq!(format_dong(1_500_000), "1.500.000 đồng");
        assert_eq!(format_money(7_600_000_000), "7,6 tỷ đồng");
        assert_eq!(format_money(950_400_000), "950 triệu đồng");
        assert_eq!(format_money(500_000), "500.000 đồng");
    }

    #[test]
    fn dates_day_first() {
        let d = NaiveDate::from_ymd_opt(2022, 12, 27).unwrap_or_default();
        assert_eq!(format_date(d), "27/12/2022");
    }
}
