//! A cell's value as officers type it. Each reader takes a [`Cell`] and gives the value in the
//! registry's terms (đồng, a date, a tax code), nothing for an empty cell, or a [`Problem`] that
//! names what is wrong in the words of the error catalogue (`check-{code}`).

use chrono::{Datelike, Duration, NaiveDate};
use hoptac_core::errors::check::parse_date;
use hoptac_core::org::OrgStatus;
use hoptac_core::text::{fold, received};
use hoptac_registry::domain::members::Membership;
use hoptac_registry::domain::tax_code::TaxCode;
use hoptac_registry::domain::yearly::YearlyRating;

/// A cell as a workbook or a CSV file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell (Excel keeps every number as a double; integers up to 2^53 are exact).
    Number(f64),
    /// A cell formatted as a date.
    Date(NaiveDate),
    /// A formula whose value the file does not hold (a workbook written by a program that never
    /// computed it): never evaluated here, and refused where a value is read.
    Formula(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as it would print: numbers without a needless ".0", dates dd/mm/yyyy.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Formula(f) => format!("={f}"),
        }
    }
}

/// Why a value was not read: a code of the error catalogue (`check-{code}`) and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    fn new(code: &'static str, value: &str) -> Problem {
        Problem {
            code,
            args: vec![("value", value.to_owned())],
        }
    }
}

/// Text as the registry keeps it: NFC, without control characters or damaged characters (refused),
/// trimmed, runs of spaces made one ("  Hợp  tác xã " is "Hợp tác xã"); `None` when empty.
pub fn text(cell: &Cell) -> Result<Option<String>, Problem> {
    let raw = cell.as_text();
    let kept = received(&raw).map_err(|refusal| Problem::new(refusal.code(), &raw))?;
    let tidy = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    // The apostrophe an export puts before text a spreadsheet would take for a formula.
    let tidy = match tidy.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => tidy,
    };
    Ok((!tidy.is_empty()).then_some(tidy))
}

/// A date as read: a day, or only a year (kept as a founding year and flagged for the officer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRead {
    Day(NaiveDate),
    Year(i32),
}

/// The first day Excel's serial numbers count from (serial 1 is 1 January 1900; the serial
/// numbers past February 1900 are one too many, for Lotus 1-2-3's 29 February 1900, so counting
/// from 30 December 1899 gives every later date right).
const EXCEL_EPOCH: (i32, u32, u32) = (1899, 12, 30);
/// The years a bare number may stand for; anything else is an Excel serial date.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A date typed as dd/mm/yyyy, d/m/yyyy (with `/`, `-` or `.`), yyyy-mm-dd, a date cell, an Excel
/// serial number left as a number, or a bare year.
pub fn date(cell: &Cell) -> Result<Option<DateRead>, Problem> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(day) => Ok(Some(DateRead::Day(*day))),
        Cell::Number(n) if n.fract() == 0.0 && YEARS.contains(&(*n as i32)) => {
            Ok(Some(DateRead::Year(*n as i32)))
        }
        Cell::Number(n) => excel_serial(*n)
            .map(|d| Some(DateRead::Day(d)))
            .ok_or_else(|| Problem::new("invalid_date", &cell.as_text())),
        Cell::Formula(_) => Err(Problem::new("formula_without_value", &cell.as_text())),
        Cell::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if let Some(day) = parse_date(t) {
                return Ok(Some(DateRead::Day(day)));
            }
            match t.parse::<i32>() {
                Ok(year) if t.len() == 4 && YEARS.contains(&year) => Ok(Some(DateRead::Year(year))),
                _ => Err(Problem::new("invalid_date", t)),
            }
        }
    }
}

/// The day of an Excel serial number (whole days; a time of day is dropped).
pub fn excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let (y, m, d) = EXCEL_EPOCH;
    NaiveDate::from_ymd_opt(y, m, d)?.checked_add_signed(Duration::days(serial.trunc() as i64))
}

/// The unit a column's amounts are written in, from its heading: "(triệu đồng)", "(nghìn đồng)",
/// "(tỷ đồng)"; đồng otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Dong,
    Thousand,
    Million,
    Billion,
}

impl Unit {
    /// Đồng in one of the unit.
    pub fn dong(self) -> i64 {
        match self {
            Unit::Dong => 1,
            Unit::Thousand => 1_000,
            Unit::Million => 1_000_000,
            Unit::Billion => 1_000_000_000,
        }
    }

    /// The unit a heading names; đồng when it names none.
    pub fn of_heading(heading: &str) -> Unit {
        let folded = fold(heading);
        if folded.contains("trieu dong") || folded.contains("tr.d") || folded.contains("million") {
            Unit::Million
        } else if folded.contains("nghin dong") || folded.contains("ngan dong") || folded.contains("thousand")
        {
            Unit::Thousand
        } else if folded.contains("ty dong") || folded.contains("billion") {
            Unit::Billion
        } else {
            Unit::Dong
        }
    }
}

/// A number written the Vietnamese way: `.` between thousands and `,` before decimals ("1.250" is
/// one thousand two hundred and fifty, "441,0" is four hundred and forty-one, "4.177,4"), or with
/// a single `.` before decimals when what follows it is not a group of three digits ("7307.5");
/// a minus sign or brackets for a negative. Gives the number as (digits, decimals after the point).
pub fn vietnamese_number(text: &str) -> Option<(i128, u32)> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            Some(inner) => (true, inner.to_owned()),
            None => (false, t),
        },
    };
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let grouped = |whole: &str| {
        let groups: Vec<&str> = whole.split('.').collect();
        groups.len() > 1 && (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3)
    };
    let (whole, decimals) = if let Some((whole, decimals)) = t.split_once(',') {
        if decimals.contains([',', '.']) || (whole.contains('.') && !grouped(whole)) {
            return None;
        }
        (whole.replace('.', ""), decimals.to_owned())
    } else if t.contains('.') && grouped(&t) {
        (t.replace('.', ""), String::new())
    } else if let Some((whole, decimals)) = t.split_once('.') {
        if decimals.contains('.') {
            return None;
        }
        (whole.to_owned(), decimals.to_owned())
    } else {
        (t, String::new())
    };
    if whole.is_empty() || whole.len() + decimals.len() > 30 {
        return None;
    }
    let digits: i128 = format!("{whole}{decimals}").parse().ok()?;
    Some((if negative { -digits } else { digits }, decimals.len() as u32))
}

/// An amount in đồng, written in `unit` (the column's heading says which), rounded to the đồng.
pub fn amount(cell: &Cell, unit: Unit) -> Result<Option<i64>, Problem> {
    at_most(whole(cell, unit, "fraction_of_dong")?, MAX_AMOUNT, cell)
}

/// More đồng than any amount a cooperative or a province reports: ten million tỷ đồng, above the
/// country's yearly GDP. A cell above it is a typing or unit mistake.
pub const MAX_AMOUNT: i64 = 10_000_000_000_000_000;

/// More than any count the sector has: a hundred million (the country's cooperatives had 5.8
/// million members at the end of 2024, DOMAIN).
pub const MAX_COUNT: i64 = 100_000_000;

/// `value`, or the problem that it exceeds `max`.
fn at_most(value: Option<i64>, max: i64, cell: &Cell) -> Result<Option<i64>, Problem> {
    match value {
        Some(n) if n.abs() > max => Err(Problem {
            code: "too_large",
            args: vec![
                ("value", cell.as_text()),
                ("max", hoptac_core::numbers::format_int(max)),
            ],
        }),
        other => Ok(other),
    }
}

/// The cell's number in `unit`s as a whole number of đồng (or of people, in [`Unit::Dong`]); a
/// part of one left over is `fraction`, never rounded away.
fn whole(cell: &Cell, unit: Unit, fraction: &'static str) -> Result<Option<i64>, Problem> {
    let invalid = || Problem::new("invalid_number", &cell.as_text());
    let (digits, scale) = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(_) => return Err(invalid()),
        Cell::Formula(_) => return Err(Problem::new("formula_without_value", &cell.as_text())),
        Cell::Number(n) => {
            // Up to six decimals: a typed 438.2 is 438.2, not its binary neighbour.
            let scaled = (n * 1e6).round();
            if !scaled.is_finite() || scaled.abs() > 1e27 {
                return Err(invalid());
            }
            (scaled as i128, 6)
        }
        Cell::Text(t) if t.trim().is_empty() => return Ok(None),
        Cell::Text(t) => vietnamese_number(t).ok_or_else(invalid)?,
    };
    let times = i128::from(unit.dong());
    let divisor = 10i128.checked_pow(scale).ok_or_else(invalid)?;
    let product = digits.checked_mul(times).ok_or_else(invalid)?;
    // Too large to be a figure whatever its decimals (which a float this large no longer keeps).
    let too_large = || Problem {
        code: "too_large",
        args: vec![
            ("value", cell.as_text()),
            ("max", hoptac_core::numbers::format_int(i64::MAX)),
        ],
    };
    if product.abs() / divisor > i128::from(i64::MAX) {
        return Err(too_large());
    }
    if product % divisor != 0 {
        return Err(Problem::new(fraction, &cell.as_text()));
    }
    i64::try_from(product / divisor)
        .map(Some)
        .map_err(|_| too_large())
}

/// A count (members, workers): a whole number from 0.
pub fn count(cell: &Cell) -> Result<Option<i64>, Problem> {
    match whole(cell, Unit::Dong, "not_whole")? {
        Some(n) if n < 0 => Err(Problem::new("negative", &cell.as_text())),
        other => at_most(other, MAX_COUNT, cell),
    }
}

/// A tax code as read, and whether its leading zero was restored: a code kept in a number cell
/// loses it ("101248141" for 0101248141); it is put back when the check digit then holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxCodeRead {
    pub tax_code: TaxCode,
    pub zero_restored: bool,
}

/// A tax code in a text or number cell (see [`TaxCodeRead`]).
pub fn tax_code(cell: &Cell) -> Result<Option<TaxCodeRead>, Problem> {
    let written = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(_) => return Err(Problem::new("invalid_tax_code", &cell.as_text())),
        Cell::Formula(_) => return Err(Problem::new("formula_without_value", &cell.as_text())),
        Cell::Number(n) if n.fract() != 0.0 || *n < 0.0 => {
            return Err(Problem::new("invalid_tax_code", &cell.as_text()))
        }
        Cell::Number(_) => cell.as_text(),
        Cell::Text(t) => t.chars().filter(|c| !c.is_whitespace()).collect(),
    };
    if written.is_empty() {
        return Ok(None);
    }
    let refused = |e: hoptac_registry::domain::tax_code::TaxCodeError| Problem::new(e.code(), &written);
    match TaxCode::parse(&written) {
        Ok(tax_code) => Ok(Some(TaxCodeRead {
            tax_code,
            zero_restored: false,
        })),
        Err(first) if written.len() == 9 && written.chars().all(|c| c.is_ascii_digit()) => {
            TaxCode::parse(&format!("0{written}"))
                .map(|tax_code| {
                    Some(TaxCodeRead {
                        tax_code,
                        zero_restored: true,
                    })
                })
                .map_err(|_| refused(first))
        }
        Err(e) => Err(refused(e)),
    }
}

/// A yes/no column ("HTX kiểu mới"): "x", "có", "✓", "1", "yes", "true" are yes; empty, "không",
/// "0", "no", "false" are no.
pub fn flag(cell: &Cell) -> Result<bool, Problem> {
    let folded = fold(&cell.as_text());
    match folded.as_str() {
        "" | "khong" | "0" | "no" | "false" | "-" => Ok(false),
        "x" | "co" | "✓" | "v" | "1" | "yes" | "true" => Ok(true),
        _ => Err(Problem::new("invalid_flag", &cell.as_text())),
    }
}

/// A yearly rating as reports write it ("Tốt", "Khá", "Trung bình", "Yếu", "Chưa xếp loại"), or
/// its code.
pub fn rating(cell: &Cell) -> Result<Option<YearlyRating>, Problem> {
    let folded = fold(&cell.as_text());
    let rating = match folded.as_str() {
        "" => return Ok(None),
        "tot" => YearlyRating::Good,
        "kha" => YearlyRating::Fair,
        "trung binh" => YearlyRating::Average,
        "yeu" | "kem" => YearlyRating::Weak,
        "chua xep loai" | "khong xep loai" => YearlyRating::NotRated,
        code => YearlyRating::parse(code).ok_or_else(|| Problem::new("invalid_choice", &cell.as_text()))?,
    };
    Ok(Some(rating))
}

/// A value of a vocabulary written as its label in either language ("Hợp tác xã", "Cooperative")
/// or as its code (`htx`), accents and case aside.
pub fn choice<T: Copy>(
    cell: &Cell,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T, hoptac_core::Lang) -> &'static str,
) -> Result<Option<T>, Problem> {
    let written = fold(&cell.as_text());
    if written.is_empty() {
        return Ok(None);
    }
    all.iter()
        .copied()
        .find(|value| {
            code(*value) == written
                || [hoptac_core::Lang::Vi, hoptac_core::Lang::En]
                    .iter()
                    .any(|lang| fold(label(*value, *lang)) == written)
        })
        .map(Some)
        .ok_or_else(|| Problem::new("invalid_choice", &cell.as_text()))
}

/// A kind of membership ("Chính thức", "Liên kết"), or its code.
pub fn membership(cell: &Cell) -> Result<Option<Membership>, Problem> {
    let folded = fold(&cell.as_text());
    let membership = match folded.as_str() {
        "" => return Ok(None),
        "chinh thuc" | "thanh vien chinh thuc" => Membership::Official,
        "lien ket" | "thanh vien lien ket" => Membership::Associate,
        code => Membership::parse(code).ok_or_else(|| Problem::new("invalid_choice", &cell.as_text()))?,
    };
    Ok(Some(membership))
}

/// A change of status written in the notes, offered to the officer as a status change:
/// "Tạm ngừng hoạt động từ 01/7/2024" (suspended), "Đã giải thể 15/10/2024" (dissolved),
/// "Phá sản ..." (bankrupt), "Hoạt động trở lại từ ..." (active again). Each status phrase takes
/// the first date written after it (a day, "tháng 3/2023" as its first day, "năm 2023" as the
/// year's first day); a note that tells a story ("Đã giải thể 15/10/2024 (trước đó tạm ngừng hoạt
/// động từ 01/07/2022)") is read as its latest change. Dates of anything else ("Thành lập lại
/// 01/01/2015") are not a status's.
pub fn status_note(note: &str) -> Option<(OrgStatus, NaiveDate)> {
    const PHRASES: [(&[&str], OrgStatus); 5] = [
        (&["tam", "ngung"], OrgStatus::Suspended),
        (&["tam", "dung"], OrgStatus::Suspended),
        (&["giai", "the"], OrgStatus::Dissolved),
        (&["pha", "san"], OrgStatus::Bankrupt),
        (&["hoat", "dong", "tro", "lai"], OrgStatus::Active),
    ];
    let folded = fold(note);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '…' | ':'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut pending: Option<OrgStatus> = None;
    let mut changes: Vec<(OrgStatus, NaiveDate)> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if let Some((_, status)) = PHRASES.iter().find(|(phrase, _)| words[i..].starts_with(phrase)) {
            pending = Some(*status);
            continue;
        }
        let after_year_word = i > 0 && words[i - 1] == "nam";
        if let (Some(status), Some(day)) = (pending, note_date(word, after_year_word)) {
            changes.push((status, day));
            pending = None;
        }
    }
    // The latest change; of two on one day, the one written last.
    changes.into_iter().rev().max_by_key(|(_, day)| *day)
}

/// A date as a note writes it: a day ("15/10/2024"), a month ("3/2023", its first day), or a
/// year after "năm" ("năm 2023", its first day).
fn note_date(word: &str, after_year_word: bool) -> Option<NaiveDate> {
    if let Some(day) = parse_date(word) {
        return Some(day);
    }
    let year_of = |w: &str| w.parse::<i32>().ok().filter(|y| YEARS.contains(y));
    if let Some((month, year)) = word.split_once(['/', '-', '.']) {
        let month = month.parse::<u32>().ok()?;
        return NaiveDate::from_ymd_opt(year_of(year)?, month, 1);
    }
    if after_year_word {
        return NaiveDate::from_ymd_opt(year_of(word)?, 1, 1);
    }
    None
}

/// A year of birth (member lists split it into a man's and a woman's column); a full date in the
/// column gives its year.
pub fn birth_year(cell: &Cell) -> Result<Option<i32>, Problem> {
    match date(cell)? {
        None => Ok(None),
        Some(DateRead::Year(year)) => Ok(Some(year)),
        Some(DateRead::Day(day)) => Ok(Some(day.year())),
    }
}

/// An OCOP star class as lists write it: "4", "4 sao", "4*", "★★★★", "4 stars" (1 to 5).
pub fn stars(cell: &Cell) -> Result<Option<u8>, Problem> {
    let written = cell.as_text();
    let t = fold(&written);
    if t.is_empty() {
        return Ok(None);
    }
    let drawn = written.chars().filter(|c| *c == '★' || *c == '⭐').count();
    let number = t
        .trim_end_matches(|c: char| c == '*' || c.is_whitespace())
        .trim_end_matches("sao")
        .trim_end_matches("stars")
        .trim_end_matches("star")
        .trim()
        .parse::<u8>()
        .ok();
    match (drawn, number) {
        (1..=5, None)
            if written
                .chars()
                .all(|c| c == '★' || c == '⭐' || c.is_whitespace()) =>
        {
            Ok(Some(drawn as u8))
        }
        (_, Some(n @ 1..=5)) => Ok(Some(n)),
        _ => Err(Problem::new("invalid_stars", &written)),
    }
}

/// A person's identity number as read, and whether its leading zero was restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumberRead {
    pub digits: String,
    pub zero_restored: bool,
}

/// A citizen identity number: 12 digits (căn cước, Law 26/2023/QH15) or 9 (the former identity
/// card, CMND). Kept in a number cell, a number starting with 0 loses it ("17492979834" for
/// 017492979834): put back when the length then holds, and said so.
pub fn id_number(cell: &Cell) -> Result<Option<IdNumberRead>, Problem> {
    let invalid = || Problem::new("invalid_id_number", &cell.as_text());
    let (written, from_number) = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(_) => return Err(invalid()),
        Cell::Formula(_) => return Err(Problem::new("formula_without_value", &cell.as_text())),
        Cell::Number(n) if n.fract() != 0.0 || *n < 0.0 => return Err(invalid()),
        Cell::Number(_) => (cell.as_text(), true),
        Cell::Text(t) => (
            t.chars().filter(|c| !c.is_whitespace() && *c != '.').collect(),
            false,
        ),
    };
    if written.is_empty() {
        return Ok(None);
    }
    if !written.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    match written.len() {
        9 | 12 => Ok(Some(IdNumberRead {
            digits: written,
            zero_restored: false,
        })),
        8 | 11 if from_number => Ok(Some(IdNumberRead {
            digits: format!("0{written}"),
            zero_restored: true,
        })),
        _ => Err(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_spelling_officers_use() {
        let day = |c: Cell| date(&c).unwrap();
        assert_eq!(day(t("9/11/2017")), Some(DateRead::Day(d(2017, 11, 9))));
        assert_eq!(day(t("29/04/2022")), Some(DateRead::Day(d(2022, 4, 29))));
        assert_eq!(day(t("2019-04-30")), Some(DateRead::Day(d(2019, 4, 30))));
        assert_eq!(
            day(Cell::Date(d(2012, 11, 20))),
            Some(DateRead::Day(d(2012, 11, 20)))
        );
        // 45292 is 1 January 2024 in Excel's count.
        assert_eq!(day(Cell::Number(45292.0)), Some(DateRead::Day(d(2024, 1, 1))));
        assert_eq!(day(Cell::Number(2012.0)), Some(DateRead::Year(2012)));
        assert_eq!(day(t("2012")), Some(DateRead::Year(2012)));
        assert_eq!(day(Cell::Empty), None);
        assert_eq!(date(&t("31/02/2020")).unwrap_err().code, "invalid_date");
        assert_eq!(date(&t("năm ngoái")).unwrap_err().code, "invalid_date");
    }

    #[test]
    fn amounts_with_dots_commas_and_the_headings_unit() {
        let million = |c: Cell| amount(&c, Unit::Million).unwrap();
        assert_eq!(million(t("5.472,0")), Some(5_472_000_000));
        assert_eq!(million(t("1.784,6")), Some(1_784_600_000));
        assert_eq!(million(t("286,0")), Some(286_000_000));
        assert_eq!(million(Cell::Number(438.2)), Some(438_200_000));
        assert_eq!(million(Cell::Number(-94.2)), Some(-94_200_000));
        assert_eq!(million(t("-258,3")), Some(-258_300_000));
        assert_eq!(million(t("(12,5)")), Some(-12_500_000));
        assert_eq!(million(t("7307.5")), Some(7_307_500_000));
        assert_eq!(amount(&t("1.250"), Unit::Dong).unwrap(), Some(1_250));
        assert_eq!(amount(&t("3.000.000"), Unit::Dong).unwrap(), Some(3_000_000));
        assert_eq!(amount(&t("441,0"), Unit::Thousand).unwrap(), Some(441_000));
        assert_eq!(
            amount(&t("1,2,3"), Unit::Dong).unwrap_err().code,
            "invalid_number"
        );
        assert_eq!(
            amount(&t("12.34.5"), Unit::Dong).unwrap_err().code,
            "invalid_number"
        );
        assert_eq!(amount(&t("mười"), Unit::Dong).unwrap_err().code, "invalid_number");
        assert_eq!(Unit::of_heading("Vốn điều lệ (triệu đồng)"), Unit::Million);
        assert_eq!(Unit::of_heading("Vốn góp (đồng)"), Unit::Dong);
        assert_eq!(Unit::of_heading("Doanh thu (tỷ đồng)"), Unit::Billion);
        assert_eq!(Unit::of_heading("Lợi nhuận (nghìn đồng)"), Unit::Thousand);
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        assert_eq!(count(&Cell::Number(62.0)).unwrap(), Some(62));
        assert_eq!(count(&t("1.250")).unwrap(), Some(1250));
        assert_eq!(count(&Cell::Number(-3.0)).unwrap_err().code, "negative");
        assert_eq!(count(&Cell::Number(2.5)).unwrap_err().code, "not_whole");
        assert_eq!(count(&t("12,5")).unwrap_err().code, "not_whole");
        // A fraction is never rounded away, whichever separator it is written with.
        assert_eq!(count(&t("12.5")).unwrap_err().code, "not_whole");
        assert_eq!(count(&t("12.4")).unwrap_err().code, "not_whole");
    }

    #[test]
    fn an_apostrophe_that_kept_a_formula_out_is_taken_off() {
        assert_eq!(text(&t("'=SUM(1+1)")).unwrap().as_deref(), Some("=SUM(1+1)"));
        assert_eq!(text(&t("'-2+3")).unwrap().as_deref(), Some("-2+3"));
        assert_eq!(text(&t("'Bắc")).unwrap().as_deref(), Some("'Bắc"));
    }

    #[test]
    fn an_amount_is_a_whole_number_of_dong() {
        assert_eq!(
            amount(&t("1.5"), Unit::Dong).unwrap_err().code,
            "fraction_of_dong"
        );
        assert_eq!(
            amount(&Cell::Number(1.5), Unit::Dong).unwrap_err().code,
            "fraction_of_dong"
        );
        assert_eq!(amount(&t("1,5"), Unit::Thousand).unwrap(), Some(1_500));
        assert_eq!(
            amount(&t("0,0005"), Unit::Thousand).unwrap_err().code,
            "fraction_of_dong"
        );
    }

    #[test]
    fn a_tax_code_that_lost_its_leading_zero_gets_it_back_when_its_check_digit_holds() {
        let read = |c: Cell| tax_code(&c).unwrap().unwrap();
        assert_eq!(
            read(Cell::Number(101_248_141.0)),
            TaxCodeRead {
                tax_code: TaxCode::parse("0101248141").unwrap(),
                zero_restored: true
            }
        );
        assert!(!read(t(" 0101248141 ")).zero_restored);
        assert_eq!(read(Cell::Number(300_588_569.0)).tax_code.as_str(), "0300588569");
        assert_eq!(
            tax_code(&t("0101248142")).unwrap_err().code,
            "tax_code_check_digit"
        );
        assert_eq!(
            tax_code(&Cell::Number(12_345.0)).unwrap_err().code,
            "invalid_tax_code"
        );
        assert_eq!(tax_code(&Cell::Empty).unwrap(), None);
    }

    #[test]
    fn text_is_trimmed_collapsed_and_composed() {
        let decomposed = "Ho\u{302}\u{300}ng".to_owned();
        assert_eq!(text(&t(&decomposed)).unwrap().as_deref(), Some("Hồng"));
        assert_eq!(
            text(&t("  Hợp  tác xã Chè Hoà Thuận ")).unwrap().as_deref(),
            Some("Hợp tác xã Chè Hoà Thuận")
        );
        assert_eq!(text(&t("   ")).unwrap(), None);
        assert_eq!(text(&t("H\u{FFFD}p")).unwrap_err().code, "damaged_text");
    }

    #[test]
    fn yes_no_ratings_memberships_and_statuses_as_written() {
        assert!(flag(&t("x")).unwrap());
        assert!(!flag(&Cell::Empty).unwrap());
        assert_eq!(flag(&t("có lẽ")).unwrap_err().code, "invalid_flag");
        assert_eq!(rating(&t("Trung bình")).unwrap(), Some(YearlyRating::Average));
        assert_eq!(rating(&t("Chưa xếp loại")).unwrap(), Some(YearlyRating::NotRated));
        assert_eq!(membership(&t("Liên kết")).unwrap(), Some(Membership::Associate));
        assert_eq!(
            status_note("Tạm ngừng hoạt động từ 01/7/2024"),
            Some((OrgStatus::Suspended, d(2024, 7, 1)))
        );
        assert_eq!(
            status_note("Đã giải thể 15/10/2024"),
            Some((OrgStatus::Dissolved, d(2024, 10, 15)))
        );
        assert_eq!(status_note("Thành lập mới"), None);
        // A note that tells a story is read as its latest change, each status by its own date.
        assert_eq!(
            status_note("Đã giải thể 15/10/2024 (trước đó tạm ngừng hoạt động từ 01/07/2022)"),
            Some((OrgStatus::Dissolved, d(2024, 10, 15)))
        );
        assert_eq!(
            status_note("Hoạt động trở lại từ 01/03/2024 sau thời gian tạm ngừng"),
            Some((OrgStatus::Active, d(2024, 3, 1)))
        );
        assert_eq!(
            status_note("Thành lập lại 01/01/2015; QĐ giải thể … 20/5/2024"),
            Some((OrgStatus::Dissolved, d(2024, 5, 20)))
        );
        assert_eq!(
            status_note("Đã giải thể năm 2023"),
            Some((OrgStatus::Dissolved, d(2023, 1, 1)))
        );
        assert_eq!(
            status_note("Giải thể tháng 3/2023"),
            Some((OrgStatus::Dissolved, d(2023, 3, 1)))
        );
        assert_eq!(status_note("Tạm ngừng hoạt động"), None, "no date, no change");
        assert_eq!(birth_year(&Cell::Number(1987.0)).unwrap(), Some(1987));
    }

    /// An amount written with dots between thousands, as officers do.
    fn with_thousands(n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        if n < 0 {
            format!("-{out}")
        } else {
            out
        }
    }

    #[test]
    fn an_amount_or_a_count_beyond_any_the_sector_has_is_too_large() {
        let code = |r: Result<Option<i64>, Problem>| r.err().map(|p| p.code);
        assert_eq!(
            code(count(&Cell::Text("9.223.372.036.854.775.807".into()))),
            Some("too_large")
        );
        assert_eq!(code(count(&Cell::Number(1e20))), Some("too_large"));
        assert_eq!(code(count(&Cell::Number(100_000_001.0))), Some("too_large"));
        assert_eq!(count(&Cell::Number(5_800_000.0)), Ok(Some(5_800_000)));
        assert_eq!(
            code(amount(&Cell::Text("20.000.000".into()), Unit::Billion)),
            Some("too_large")
        );
        assert_eq!(
            amount(&Cell::Text("463.250,5".into()), Unit::Million),
            Ok(Some(463_250_500_000))
        );
    }

    #[test]
    fn stars_as_lists_write_them() {
        for (written, stars) in [("4", 4), ("4 sao", 4), ("4*", 4), ("★★★★", 4), ("3 stars", 3)] {
            assert_eq!(
                super::stars(&Cell::Text(written.into())),
                Ok(Some(stars)),
                "{written}"
            );
        }
        assert_eq!(super::stars(&Cell::Number(5.0)), Ok(Some(5)));
        assert_eq!(super::stars(&Cell::Empty), Ok(None));
        for wrong in ["0", "6", "3.5", "năm sao", "IV"] {
            assert!(super::stars(&Cell::Text(wrong.into())).is_err(), "{wrong}");
        }
    }

    proptest! {
        #[test]
        // Up to a tenth of the largest amount, in million đồng: every such amount is whole đồng
        // below [`MAX_AMOUNT`].
        fn any_amount_written_the_vietnamese_way_reads_back(n in -99_999_999_999i64..99_999_999_999) {
            prop_assert_eq!(amount(&Cell::Text(with_thousands(n)), Unit::Dong).unwrap(), Some(n));
            let tenths = format!("{},{}", with_thousands(n / 10), (n % 10).abs());
            let tenths = if n < 0 && n / 10 == 0 { format!("-{tenths}") } else { tenths };
            prop_assert_eq!(amount(&Cell::Text(tenths), Unit::Million).unwrap(), Some(n * 100_000));
        }

        #[test]
        fn any_day_in_any_spelling_reads_back(days in 0i64..73_000) {
            let day = d(1930, 1, 1) + Duration::days(days);
            for written in [
                day.format("%d/%m/%Y").to_string(),
                day.format("%-d/%-m/%Y").to_string(),
                day.format("%Y-%m-%d").to_string(),
                day.format("%d.%m.%Y").to_string(),
            ] {
                prop_assert_eq!(date(&Cell::Text(written)).unwrap(), Some(DateRead::Day(day)));
            }
            let serial = (day - d(1899, 12, 30)).num_days() as f64;
            prop_assert_eq!(date(&Cell::Number(serial)).unwrap(), Some(DateRead::Day(day)));
        }

        #[test]
        fn any_valid_tax_code_survives_a_number_cell(first_nine in 10_000_000u32..1_000_000_000) {
            let nine = format!("{first_nine:09}");
            let code = (0..10).map(|check| format!("{nine}{check}")).find(|c| TaxCode::parse(c).is_ok());
            if let Some(code) = code {
                let as_number: f64 = code.parse().unwrap();
                let read = tax_code(&Cell::Number(as_number)).unwrap().unwrap();
                prop_assert_eq!(read.tax_code.as_str(), code.as_str());
                prop_assert_eq!(read.zero_restored, code.starts_with('0'));
            }
        }
    }
}
