//! Vietnamese tax codes (mã số thuế).
//!
//! - An organisation's code has 10 digits, the last a check digit: with weights 31, 29, 23, 19, 17,
//!   13, 7, 5, 3 on the first nine, the tenth is `10 - (sum mod 11)`; a remainder that would give 10
//!   is never issued.
//! - A branch or dependent unit adds a three-digit suffix, written `0101248141-001` (13 digits).
//! - Individuals, and so household businesses, use their 12-digit citizen identity number.

use serde::{Deserialize, Serialize};
use std::fmt;

const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// A tax code that has passed its format and check-digit rules, kept in its canonical spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TaxCode(String);

/// Why a tax code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxCodeError {
    /// Not 10 digits, 10 digits and a 3-digit suffix, or 12 digits.
    Format,
    /// Ten digits whose last is not the check digit of the first nine.
    CheckDigit,
    /// A branch suffix of 000.
    BranchSuffix,
}

impl TaxCodeError {
    pub fn code(self) -> &'static str {
        match self {
            TaxCodeError::Format => "invalid_tax_code",
            TaxCodeError::CheckDigit => "tax_code_check_digit",
            TaxCodeError::BranchSuffix => "invalid_tax_code",
        }
    }
}

impl TaxCode {
    /// Accepts `0101248141`, `0101248141-001`, `0101248141001` and a 12-digit personal number,
    /// with spaces ignored.
    pub fn parse(input: &str) -> Result<Self, TaxCodeError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let digits: String = compact.chars().filter(|c| *c != '-').collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TaxCodeError::Format);
        }
        let dashes = compact.matches('-').count();
        match (digits.len(), dashes) {
            (10, 0) => {
                check_digit_ok(&digits)?;
                Ok(Self(digits))
            }
            (13, 0) | (13, 1) => {
                if dashes == 1 && compact.find('-') != Some(10) {
                    return Err(TaxCodeError::Format);
                }
                check_digit_ok(&digits[..10])?;
                if &digits[10..] == "000" {
                    return Err(TaxCodeError::BranchSuffix);
                }
                Ok(Self(format!("{}-{}", &digits[..10], &digits[10..])))
            }
            (12, 0) => Ok(Self(digits)),
            _ => Err(TaxCodeError::Format),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for a 12-digit personal number (household businesses, farm owners).
    pub fn is_personal(&self) -> bool {
        self.0.len() == 12
    }

    /// The check digit for nine leading digits, or `None` when no code with them can be issued.
    pub fn check_digit(first_nine: &[u8; 9]) -> Option<u8> {
        let sum: u32 = first_nine
            .iter()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(*d) * w)
            .sum();
        let digit = 10 - (sum % 11);
        // 10 - 0 = 10 cannot be written as a digit; 10 - 10 = 0 is fine.
        (digit < 10).then_some(digit as u8)
    }
}

fn check_digit_ok(ten: &str) -> Result<(), TaxCodeError> {
    let bytes = ten.as_bytes();
    let mut nine = [0u8; 9];
    for (slot, b) in nine.iter_mut().zip(bytes) {
        *slot = b - b'0';
    }
    match TaxCode::check_digit(&nine) {
        Some(d) if d == bytes[9] - b'0' => Ok(()),
        _ => Err(TaxCodeError::CheckDigit),
    }
}

impl fmt::Display for TaxCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TaxCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        TaxCode::parse(&value).map_err(|e| e.code().to_owned())
    }
}

impl From<TaxCode> for String {
    fn from(value: TaxCode) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_published_codes() {
        for code in ["0300588569", "0100109106", "0101248141"] {
            assert_eq!(TaxCode::parse(code).map(|c| c.to_string()), Ok(code.to_owned()));
        }
    }

    #[test]
    fn canonicalises_branches() {
        let want = Ok("0101248141-001".to_owned());
        assert_eq!(TaxCode::parse("0101248141-001").map(String::from), want);
        assert_eq!(TaxCode::parse("0101248141001").map(String::from), want);
        assert_eq!(TaxCode::parse(" 0101248141 - 001 ").map(String::from), want);
        assert_eq!(TaxCode::parse("0101248141-000"), Err(TaxCodeError::BranchSuffix));
        assert_eq!(TaxCode::parse("010124814-1001"), Err(TaxCodeError::Format));
    }

    #[test]
    fn refuses_bad_codes() {
        assert_eq!(TaxCode::parse("0101248142"), Err(TaxCodeError::CheckDigit));
        assert_eq!(TaxCode::parse("12345"), Err(TaxCodeError::Format));
        assert_eq!(TaxCode::parse("01012481AB"), Err(TaxCodeError::Format));
        assert_eq!(TaxCode::parse(""), Err(TaxCodeError::Format));
    }

    #[test]
    fn personal_numbers_have_twelve_digits() {
        let code = TaxCode::parse("001089012345");
        assert!(code.as_ref().is_ok_and(TaxCode::is_personal));
    }

    proptest! {
        #[test]
        fn every_issuable_code_round_trips(nine in proptest::array::uniform9(0u8..10)) {
            if let Some(check) = TaxCode::check_digit(&nine) {
                let text: String = nine.iter().chain([check].iter()).map(|d| char::from(b'0' + d)).collect();
                prop_assert_eq!(TaxCode::parse(&text).map(String::from), Ok(text.clone()));
                // Any other last digit is refused.
                let wrong = (check + 1) % 10;
                let bad: String = nine.iter().chain([wrong].iter()).map(|d| char::from(b'0' + d)).collect();
                prop_assert_eq!(TaxCode::parse(&bad), Err(TaxCodeError::CheckDigit));
            }
        }
    }
}
