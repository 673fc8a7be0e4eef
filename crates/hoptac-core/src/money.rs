//! Money is whole đồng in an `i64` (the đồng has no minor unit). People type amounts with dots or
//! spaces between thousands, the Vietnamese way: "1.500.000".

/// Parses "1500000", "1.500.000" or "1 500 000" (optionally negative). Groups after a separator must
/// have three digits, so "1.5" (a decimal written the English way) is refused rather than misread.
pub fn parse_amount(input: &str) -> Option<i64> {
    let input = input.trim();
    let (negative, digits) = match input.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, input),
    };
    let groups: Vec<&str> = digits.split(['.', ' ', '\u{a0}']).collect();
    let first = groups.first()?;
    if first.is_empty() || first.len() > 19 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if groups.len() > 1 && (first.len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return None;
    }
    if !groups[1..].iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let value: i64 = groups.concat().parse().ok()?;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::parse_amount;

    #[test]
    fn reads_vietnamese_grouping() {
        assert_eq!(parse_amount("1.500.000"), Some(1_500_000));
        assert_eq!(parse_amount("1 500 000"), Some(1_500_000));
        assert_eq!(parse_amount("1500000"), Some(1_500_000));
        assert_eq!(parse_amount("-20.000"), Some(-20_000));
        assert_eq!(parse_amount("0"), Some(0));
    }

    #[test]
    fn refuses_what_is_not_whole_dong() {
        for bad in [
            "",
            "1.5",
            "1,5",
            "abc",
            "1.50.000",
            "12345.000",
            "1e6",
            "--1",
            "99999999999999999999",
        ] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }
}
