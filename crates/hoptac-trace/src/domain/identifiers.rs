//! GS1 identifiers as traceability writes them: GTIN (a trade item), GLN (a location), lot and
//! serial numbers, their EPC URNs and their GS1 Digital Link paths.
//!
//! Sources: GS1 General Specifications (check digit, §7.9.1; the characters of AI 10 and AI 21,
//! "GS1 AI encodable character set 82", §7.11), the EPC Tag Data Standard (URN forms `sgtin`,
//! `lgtin`, `sgln`) and GS1 Digital Link URI Syntax 1.2 (primary key `01` with its key qualifiers
//! `10` and `21`, in that order; a GTIN of 8, 12 or 13 digits is written padded to 14).

use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an identifier was refused; [`IdentifierError::code`] names it for the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentifierError {
    /// A GTIN that is not 8, 12, 13 or 14 digits.
    GtinFormat,
    /// A GLN that is not 13 digits.
    GlnFormat,
    /// Digits whose last is not the GS1 check digit of the others.
    CheckDigit,
    /// A lot or serial that is empty, longer than 20 characters, or has a character outside the
    /// GS1 set of 82.
    AttributeFormat,
    /// An EPC or Digital Link that names no identifier this system reads.
    UnknownScheme,
}

impl fmt::Display for IdentifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl IdentifierError {
    pub fn code(self) -> &'static str {
        match self {
            IdentifierError::GtinFormat => "gtin_format",
            IdentifierError::GlnFormat => "gln_format",
            IdentifierError::CheckDigit => "gs1_check_digit",
            IdentifierError::AttributeFormat => "gs1_attribute_format",
            IdentifierError::UnknownScheme => "unknown_identifier",
        }
    }
}

/// The GS1 check digit of `digits` (the identifier without its last digit): weights 3 and 1
/// alternate from the rightmost digit, and the check digit brings the sum to a multiple of ten.
/// `digits` are ASCII digits; callers check them first.
pub fn check_digit(digits: &str) -> u8 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b.wrapping_sub(b'0')) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// True when the last digit of `digits` is the check digit of the others.
fn checks(digits: &str) -> bool {
    let (body, last) = digits.split_at(digits.len() - 1);
    last.as_bytes()[0] - b'0' == check_digit(body)
}

fn all_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// A Global Trade Item Number, kept as 14 digits (GTIN-8, -12 and -13 padded with zeros on the
/// left, as GS1 Digital Link and EPCIS write them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Gtin(String);

impl Gtin {
    /// Accepts 8, 12, 13 or 14 digits (spaces ignored) whose last is the check digit.
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if !all_digits(&digits) || ![8, 12, 13, 14].contains(&digits.len()) {
            return Err(IdentifierError::GtinFormat);
        }
        if !checks(&digits) {
            return Err(IdentifierError::CheckDigit);
        }
        Ok(Self(format!("{digits:0>14}")))
    }

    /// The 14 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Gtin {
    type Error = IdentifierError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Gtin> for String {
    fn from(value: Gtin) -> Self {
        value.0
    }
}

/// A Global Location Number: 13 digits, the last a check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Gln(String);

impl Gln {
    pub fn parse(input: &str) -> Result<Self, IdentifierError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if !all_digits(&digits) || digits.len() != 13 {
            return Err(IdentifierError::GlnFormat);
        }
        if !checks(&digits) {
            return Err(IdentifierError::CheckDigit);
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Gln {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Gln {
    type Error = IdentifierError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Gln> for String {
    fn from(value: Gln) -> Self {
        value.0
    }
}

/// The longest lot (AI 10) or serial (AI 21), in characters.
pub const LONGEST_ATTRIBUTE: usize = 20;

/// True for a character of the GS1 AI encodable character set 82: digits, Latin letters and
/// `! " % & ' ( ) * + , - . / : ; < = > ? _`.
fn in_set_82(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c)
}

/// A lot (batch) number, AI 10, or a serial number, AI 21: 1 to 20 characters of the set of 82.
pub fn check_attribute(text: &str) -> Result<(), IdentifierError> {
    let length = text.chars().count();
    if length == 0 || length > LONGEST_ATTRIBUTE || !text.chars().all(in_set_82) {
        return Err(IdentifierError::AttributeFormat);
    }
    Ok(())
}

/// What a Digital Link or an EPC names: a trade item, one lot of it, or one instance.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ItemKey {
    pub gtin: Gtin,
    pub lot: Option<String>,
    pub serial: Option<String>,
}

impl ItemKey {
    /// The GS1 Digital Link path: `/01/{gtin}`, then `/10/{lot}` and `/21/{serial}` when known,
    /// each value percent-encoded where the URI syntax asks.
    pub fn digital_link_path(&self) -> String {
        let mut path = format!("/01/{}", self.gtin);
        if let Some(lot) = &self.lot {
            path.push_str("/10/");
            path.push_str(&encode_segment(lot));
        }
        if let Some(serial) = &self.serial {
            path.push_str("/21/");
            path.push_str(&encode_segment(serial));
        }
        path
    }
}

/// Characters of the set of 82 that a URI path segment may not hold as they are.
const SEGMENT_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b'"')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'#');

fn encode_segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, SEGMENT_ESCAPES).to_string()
}

/// A path segment or URN part with its percent-escapes decoded; a `%` not followed by two hex
/// digits, or an escape that is not UTF-8, is refused rather than kept as written.
fn decode_segment(segment: &str) -> Result<String, IdentifierError> {
    let bytes = segment.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, b)| {
        *b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return Err(IdentifierError::AttributeFormat);
    }
    percent_decode_str(segment)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| IdentifierError::AttributeFormat)
}

/// Reads a GS1 Digital Link path (`/01/{gtin}`, `/01/{gtin}/10/{lot}`, `/01/{gtin}/21/{serial}`,
/// `/01/{gtin}/10/{lot}/21/{serial}`), with or without the address before it, the query after it
/// ignored.
pub fn parse_digital_link(uri: &str) -> Result<ItemKey, IdentifierError> {
    let without_query = uri.split(['?', '#']).next().unwrap_or_default();
    let path = match without_query.find("://") {
        Some(scheme_end) => {
            let rest = &without_query[scheme_end + 3..];
            rest.find('/').map(|slash| &rest[slash..]).unwrap_or_default()
        }
        None => without_query,
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // The primary key may sit below a path prefix of the resolver's own (`/dl/01/…`).
    let start = segments
        .iter()
        .position(|s| *s == "01")
        .ok_or(IdentifierError::UnknownScheme)?;
    let pairs = &segments[start..];
    if !pairs.len().is_multiple_of(2) {
        return Err(IdentifierError::UnknownScheme);
    }
    let gtin_text = decode_segment(pairs[1])?;
    if !all_digits(&gtin_text) {
        return Err(IdentifierError::GtinFormat);
    }
    let gtin = Gtin::parse(&gtin_text)?;
    let mut key = ItemKey {
        gtin,
        lot: None,
        serial: None,
    };
    // Qualifiers in the order the syntax fixes: lot before serial, each at most once.
    let mut last_order = 0;
    for pair in pairs[2..].chunks(2) {
        let value = decode_segment(pair[1])?;
        check_attribute(&value)?;
        let order = match pair[0] {
            "10" => 1,
            "21" => 2,
            _ => return Err(IdentifierError::UnknownScheme),
        };
        if order <= last_order {
            return Err(IdentifierError::UnknownScheme);
        }
        last_order = order;
        match order {
            1 => key.lot = Some(value),
            _ => key.serial = Some(value),
        }
    }
    Ok(key)
}

/// How an event names a place of this system that has no GLN: `urn:hoptac:location:{id}`.
pub const LOCAL_LOCATION: &str = "urn:hoptac:location:";

/// An identifier as an EPCIS event names things and places.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Epc {
    /// One instance: `urn:epc:id:sgtin:…` or a Digital Link with a serial.
    Instance(ItemKey),
    /// A lot of a trade item: `urn:epc:class:lgtin:…` or a Digital Link with a lot.
    Lot(ItemKey),
    /// A trade item as a class: `urn:epc:idpat:sgtin:….*` or a Digital Link of the GTIN alone.
    Class(Gtin),
    /// A location: `urn:epc:id:sgln:…` with extension 0, or a Digital Link `/414/{gln}`.
    Location(Gln),
    /// Any other URI, kept as sent: local codes, other EPC schemes.
    Other(String),
}

impl Epc {
    /// The one spelling of what it names, whatever form it was sent in: a GS1 Digital Link path
    /// (`/01/08935001234562/10/CHE-2611`, `/414/8935001000013`) or, for other schemes, the URI
    /// as sent. Events are found by thing through it.
    pub fn key(&self) -> String {
        match self {
            Epc::Instance(key) | Epc::Lot(key) => key.digital_link_path(),
            Epc::Class(gtin) => format!("/01/{gtin}"),
            Epc::Location(gln) => format!("/414/{gln}"),
            Epc::Other(uri) => uri.clone(),
        }
    }

    /// The GTIN of a trade item, one of its lots or one instance.
    pub fn gtin(&self) -> Option<&Gtin> {
        match self {
            Epc::Instance(key) | Epc::Lot(key) => Some(&key.gtin),
            Epc::Class(gtin) => Some(gtin),
            Epc::Location(_) | Epc::Other(_) => None,
        }
    }

    /// Reads an identifier. A GS1 form whose digits do not check is refused rather than kept as
    /// "other": it names a wrong thing.
    pub fn parse(uri: &str) -> Result<Self, IdentifierError> {
        let uri = uri.trim();
        // Schemes, and a URN's namespace, are case-insensitive (RFC 3986, RFC 8141).
        let strip = |prefix: &str| {
            uri.get(..prefix.len())
                .filter(|head| head.eq_ignore_ascii_case(prefix))
                .map(|_| &uri[prefix.len()..])
        };
        if let Some(rest) = strip("urn:epc:id:sgtin:") {
            let [prefix, item, serial] = three_parts(rest)?;
            let serial = decode_segment(serial)?;
            check_attribute(&serial)?;
            return Ok(Epc::Instance(ItemKey {
                gtin: gtin_of(prefix, item)?,
                lot: None,
                serial: Some(serial),
            }));
        }
        if let Some(rest) = strip("urn:epc:class:lgtin:") {
            let [prefix, item, lot] = three_parts(rest)?;
            let lot = decode_segment(lot)?;
            check_attribute(&lot)?;
            return Ok(Epc::Lot(ItemKey {
                gtin: gtin_of(prefix, item)?,
                lot: Some(lot),
                serial: None,
            }));
        }
        if let Some(rest) = strip("urn:epc:idpat:sgtin:") {
            let [prefix, item, star] = three_parts(rest)?;
            if star != "*" {
                return Err(IdentifierError::UnknownScheme);
            }
            return Ok(Epc::Class(gtin_of(prefix, item)?));
        }
        if let Some(rest) = strip("urn:epc:id:sgln:") {
            let [prefix, location, extension] = three_parts(rest)?;
            // A GLN extension (AI 254) names a place within the location: kept as sent.
            if extension != "0" {
                return Ok(Epc::Other(uri.to_owned()));
            }
            let body = format!("{prefix}{location}");
            if !all_digits(&body) || body.len() != 12 {
                return Err(IdentifierError::GlnFormat);
            }
            let gln = format!("{body}{}", check_digit(&body));
            return Ok(Epc::Location(Gln(gln)));
        }
        if strip("https://").is_some() || strip("http://").is_some() {
            if let Some(gln) = gln_of_link(uri) {
                return gln.map(Epc::Location);
            }
            if uri.contains("/01/") {
                let key = parse_digital_link(uri)?;
                return Ok(match (&key.lot, &key.serial) {
                    (_, Some(_)) => Epc::Instance(key),
                    (Some(_), None) => Epc::Lot(key),
                    (None, None) => Epc::Class(key.gtin),
                });
            }
        }
        if uri.is_empty() || uri.chars().any(char::is_whitespace) || !uri.contains(':') {
            return Err(IdentifierError::UnknownScheme);
        }
        // This system's own places, `urn:hoptac:location:{id}`, in one spelling of the id.
        if let Some(id) = strip(LOCAL_LOCATION) {
            let id: u64 = id.parse().map_err(|_| IdentifierError::UnknownScheme)?;
            return Ok(Epc::Other(format!("{LOCAL_LOCATION}{id}")));
        }
        Ok(Epc::Other(uri.to_owned()))
    }
}

/// The three dot-separated parts of an EPC URN's body.
fn three_parts(body: &str) -> Result<[&str; 3], IdentifierError> {
    let mut parts = body.splitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), Some(c)) if !a.is_empty() && !b.is_empty() && !c.is_empty() => Ok([a, b, c]),
        _ => Err(IdentifierError::UnknownScheme),
    }
}

/// The GTIN an EPC URN's company prefix and item reference name: the item reference's first digit
/// is the indicator, and the check digit is computed.
fn gtin_of(prefix: &str, item: &str) -> Result<Gtin, IdentifierError> {
    if !all_digits(prefix) || !all_digits(item) || prefix.len() + item.len() != 13 {
        return Err(IdentifierError::GtinFormat);
    }
    let body = format!("{}{prefix}{}", &item[..1], &item[1..]);
    Ok(Gtin(format!("{body}{}", check_digit(&body))))
}

/// The GLN of a Digital Link with primary key 414, when it is one.
fn gln_of_link(uri: &str) -> Option<Result<Gln, IdentifierError>> {
    let at = uri.find("/414/")?;
    let value = uri[at + 5..].split(['/', '?', '#']).next().unwrap_or_default();
    Some(Gln::parse(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_the_general_specifications_examples() {
        // GS1 General Specifications §7.9.1: GTIN-13 629104150021 → 3.
        assert_eq!(check_digit("629104150021"), 3);
        assert_eq!(check_digit("952123454321"), 3);
        assert!(Gtin::parse("9521234543213").is_ok());
        assert_eq!(Gtin::parse("9521234543214"), Err(IdentifierError::CheckDigit));
    }

    #[test]
    fn short_gtins_are_padded_to_fourteen_digits() {
        assert_eq!(Gtin::parse("95012346").unwrap().as_str(), "00000095012346");
        assert_eq!(Gtin::parse("614141123452").unwrap().as_str(), "00614141123452");
        assert_eq!(Gtin::parse("8 935001 234562").unwrap().as_str(), "08935001234562");
        assert_eq!(Gtin::parse("12345"), Err(IdentifierError::GtinFormat));
        assert_eq!(Gtin::parse("95O1234G"), Err(IdentifierError::GtinFormat));
    }

    #[test]
    fn glns_check_their_last_digit() {
        assert_eq!(
            Gln::parse("0614141000005").map(|g| g.to_string()).as_deref(),
            Ok("0614141000005")
        );
        assert_eq!(Gln::parse("0614141000006"), Err(IdentifierError::CheckDigit));
        assert_eq!(Gln::parse("061414100000"), Err(IdentifierError::GlnFormat));
    }

    #[test]
    fn lots_and_serials_keep_to_the_set_of_82() {
        assert!(check_attribute("L-2026/11.A").is_ok());
        assert_eq!(check_attribute(""), Err(IdentifierError::AttributeFormat));
        assert_eq!(check_attribute("LÔ1"), Err(IdentifierError::AttributeFormat));
        assert_eq!(check_attribute("A B"), Err(IdentifierError::AttributeFormat));
        assert_eq!(
            check_attribute(&"9".repeat(21)),
            Err(IdentifierError::AttributeFormat)
        );
    }

    #[test]
    fn digital_links_read_and_write_alike() {
        let key = parse_digital_link("https://id.gs1.org/01/09521234543213/10/ABC%2F1/21/12345?linkType=all")
            .unwrap();
        assert_eq!(key.gtin.as_str(), "09521234543213");
        assert_eq!(key.lot.as_deref(), Some("ABC/1"));
        assert_eq!(key.serial.as_deref(), Some("12345"));
        assert_eq!(key.digital_link_path(), "/01/09521234543213/10/ABC%2F1/21/12345");
        assert_eq!(parse_digital_link(&key.digital_link_path()), Ok(key));
        let short = parse_digital_link("/01/9521234543213").unwrap();
        assert_eq!(short.gtin.as_str(), "09521234543213");
    }

    #[test]
    fn digital_links_out_of_order_or_unknown_are_refused() {
        let refused = |uri| parse_digital_link(uri).err();
        assert_eq!(
            refused("/01/09521234543213/21/1/10/L"),
            Some(IdentifierError::UnknownScheme)
        );
        assert_eq!(
            refused("/01/09521234543213/17/261231"),
            Some(IdentifierError::UnknownScheme)
        );
        assert_eq!(refused("/01/09521234543212"), Some(IdentifierError::CheckDigit));
        assert_eq!(
            refused("/02/09521234543213"),
            Some(IdentifierError::UnknownScheme)
        );
        assert_eq!(
            refused("/01/09521234543213/10"),
            Some(IdentifierError::UnknownScheme)
        );
    }

    #[test]
    fn epc_urns_become_gs1_keys() {
        // Tag Data Standard's example: company prefix 0614141, item reference 812345, serial 6789.
        let Epc::Instance(key) = Epc::parse("urn:epc:id:sgtin:0614141.812345.6789").unwrap() else {
            panic!("an instance")
        };
        assert_eq!(key.gtin.as_str(), "80614141123458");
        assert_eq!(key.serial.as_deref(), Some("6789"));
        let Epc::Lot(lot) = Epc::parse("urn:epc:class:lgtin:4012345.012345.998877").unwrap() else {
            panic!("a lot")
        };
        assert_eq!(lot.gtin.as_str(), "04012345123456");
        assert_eq!(lot.lot.as_deref(), Some("998877"));
        assert_eq!(
            Epc::parse("urn:epc:id:sgln:0614141.07346.0"),
            Ok(Epc::Location(Gln("0614141073467".into())))
        );
        assert_eq!(
            Epc::parse("urn:epc:idpat:sgtin:4012345.098765.*"),
            Ok(Epc::Class(Gtin("04012345987652".into())))
        );
    }

    #[test]
    fn digital_link_uris_serve_as_epcs() {
        assert!(matches!(
            Epc::parse("https://id.gs1.org/01/09521234543213/21/1"),
            Ok(Epc::Instance(_))
        ));
        assert!(matches!(
            Epc::parse("https://id.gs1.org/01/09521234543213/10/L1"),
            Ok(Epc::Lot(_))
        ));
        assert!(matches!(
            Epc::parse("https://id.gs1.org/01/09521234543213"),
            Ok(Epc::Class(_))
        ));
        assert!(matches!(
            Epc::parse("https://id.gs1.org/414/0614141000005"),
            Ok(Epc::Location(_))
        ));
        assert_eq!(
            Epc::parse("https://id.gs1.org/414/0614141000006"),
            Err(IdentifierError::CheckDigit)
        );
        assert_eq!(
            Epc::parse("urn:hoptac:lot:htx-12:L7"),
            Ok(Epc::Other("urn:hoptac:lot:htx-12:L7".into()))
        );
        assert_eq!(Epc::parse("lot 7"), Err(IdentifierError::UnknownScheme));
    }

    #[test]
    fn schemes_are_case_insensitive_and_escapes_strict() {
        // An upper-case scheme is the same identifier, checked the same.
        assert_eq!(
            Epc::parse("HTTPS://id.gs1.org/01/08935001234563/21/X1"),
            Err(IdentifierError::CheckDigit)
        );
        assert!(matches!(
            Epc::parse("URN:EPC:ID:SGTIN:0614141.812345.6789"),
            Ok(Epc::Instance(_))
        ));
        // A GTIN segment with a space, a broken escape: refused, not read around.
        let refused = |uri| parse_digital_link(uri).err();
        assert_eq!(
            refused("/01/0893500%201234562"),
            Some(IdentifierError::GtinFormat)
        );
        assert_eq!(
            refused("/01/08935001234562/21/%2"),
            Some(IdentifierError::AttributeFormat)
        );
        // A URN's escapes are decoded: the same lot as its Digital Link.
        let urn = Epc::parse("urn:epc:class:lgtin:8935001.023456.A%2FB").unwrap();
        let link = Epc::parse("https://id.gs1.org/01/08935001234562/10/A%2FB").unwrap();
        assert_eq!(urn.key(), link.key());
        // One spelling of a local place.
        assert_eq!(
            Epc::parse("urn:hoptac:location:05").map(|e| e.key()),
            Ok("urn:hoptac:location:5".to_owned())
        );
    }
}
