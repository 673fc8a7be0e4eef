//! What people type about OCOP products, rounds, applications, scores and decisions, and the checks
//! that need no database. The store adds those that do (the subject exists, the set fits the group,
//! a certificate number is free).

use super::scorecard::points_field;
use super::{ApplicationKind, ProductGroup};
use chrono::NaiveDate;
use hoptac_core::admin::is_province_code;
use hoptac_core::errors::check;
use hoptac_core::{vocabulary, FieldErrors};
use hoptac_registry::domain::organisation::{amount_text, flag, OrgKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

vocabulary! {
    /// Intellectual property protecting a product's name or origin.
    IpProtection {
        Trademark = "trademark";
        CollectiveMark = "collective_mark";
        CertificationMark = "certification_mark";
        GeographicalIndication = "geographical_indication";
    }
}

/// The kinds of organisation that can be OCOP subjects (chủ thể OCOP).
pub fn is_subject_kind(kind: OrgKind) -> bool {
    matches!(
        kind,
        OrgKind::Htx | OrgKind::Tht | OrgKind::Enterprise | OrgKind::HouseholdBusiness
    )
}

/// Reads a required positive id typed in a form or sent as a number.
fn required_id(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    code: &'static str,
) -> Option<i64> {
    let raw = value.map(str::trim).unwrap_or("");
    match raw.parse::<i64>() {
        _ if raw.is_empty() => errors.add(field, "required"),
        Ok(id) if id > 0 => return Some(id),
        _ => errors.add_with(field, code, vec![("value", raw.to_owned())]),
    }
    None
}

fn choice<T>(errors: &mut FieldErrors, field: &str, value: &str, parse: fn(&str) -> Option<T>) -> Option<T> {
    match value.trim() {
        "" => {
            errors.add(field, "required");
            None
        }
        raw => {
            let parsed = parse(raw);
            if parsed.is_none() {
                errors.add_with(field, "invalid_choice", vec![("value", raw.to_owned())]);
            }
            parsed
        }
    }
}

/// A product as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ProductInput {
    /// The subject: a cooperative, a cooperative group, an enterprise or a household business.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub organisation_id: Option<String>,
    pub name: String,
    /// A product group code of either scheme (`food`, `drinks`... or `1048_food`...).
    pub product_group: String,
    /// A product set of that group, when its scorecard is known.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub product_set_id: Option<String>,
    pub description: Option<String>,
    #[serde(deserialize_with = "flag")]
    pub has_quality_declaration: bool,
    /// `trademark`, `collective_mark`, `certification_mark` or `geographical_indication`.
    pub ip_protection: Option<String>,
    #[serde(deserialize_with = "flag")]
    pub has_traceability: bool,
    #[serde(deserialize_with = "flag")]
    pub is_value_chain: bool,
    /// The version of the product this edit was made from (the API also takes it as `If-Match`):
    /// an edit from an older version is refused with 409. Ignored when registering.
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    /// The record as the edit form showed it (JSON; forms only), so that a stale save can be
    /// merged field by field.
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(ProductInput);

/// A product that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFields {
    pub organisation_id: i64,
    pub name: String,
    pub product_group: ProductGroup,
    pub product_set_id: Option<i64>,
    pub description: Option<String>,
    pub has_quality_declaration: bool,
    pub ip_protection: Option<IpProtection>,
    pub has_traceability: bool,
    pub is_value_chain: bool,
}

impl ProductInput {
    pub fn validate(&self) -> Result<ProductFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let organisation_id = required_id(
            &mut errors,
            "organisation_id",
            self.organisation_id.as_deref(),
            "unknown_organisation",
        );
        let name = check::required_text(&mut errors, "name", &self.name, 255);
        let product_group = choice(
            &mut errors,
            "product_group",
            &self.product_group,
            ProductGroup::parse,
        );
        let set_text = self.product_set_id.as_deref().map(str::trim).unwrap_or("");
        let product_set_id = match set_text.parse::<i64>() {
            _ if set_text.is_empty() => None,
            Ok(id) if id > 0 => Some(id),
            _ => {
                errors.add_with(
                    "product_set_id",
                    "invalid_choice",
                    vec![("value", set_text.to_owned())],
                );
                None
            }
        };
        let description = check::optional_text(&mut errors, "description", self.description.as_deref(), 4000);
        let ip_text = self.ip_protection.as_deref().unwrap_or("").trim();
        let ip_protection = if ip_text.is_empty() {
            None
        } else {
            choice(&mut errors, "ip_protection", ip_text, IpProtection::parse)
        };
        match (organisation_id, product_group) {
            (Some(organisation_id), Some(product_group)) if errors.is_empty() => Ok(ProductFields {
                organisation_id,
                name,
                product_group,
                product_set_id,
                description,
                has_quality_declaration: self.has_quality_declaration,
                ip_protection,
                has_traceability: self.has_traceability,
                is_value_chain: self.is_value_chain,
            }),
            _ => Err(errors),
        }
    }
}

/// An evaluation round as typed by the officer who opens it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct RoundInput {
    /// The 2025 province that holds the round.
    pub province: String,
    /// How the province calls it, e.g. "Đợt 1 năm 2026".
    pub name: String,
    /// `YYYY-MM-DD` or `DD/MM/YYYY`; not in the future.
    pub opened_on: String,
    /// The last day applications are received; optional.
    pub closes_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundFields {
    pub province_code: String,
    pub name: String,
    pub opened_on: NaiveDate,
    pub closes_on: Option<NaiveDate>,
}

impl RoundInput {
    pub fn validate(&self, today: NaiveDate) -> Result<RoundFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let province = self.province.trim();
        if province.is_empty() {
            errors.add("province", "required");
        } else if !is_province_code(province) {
            errors.add_with("province", "invalid_choice", vec![("value", province.to_owned())]);
        }
        let name = check::required_text(&mut errors, "name", &self.name, 200);
        let opened_on = check::required_past_date(&mut errors, "opened_on", &self.opened_on, today);
        let closes_on = match self.closes_on.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => None,
            Some(text) => match check::parse_date(text) {
                None => {
                    errors.add("closes_on", "invalid_date");
                    None
                }
                Some(date) if opened_on.is_some_and(|o| date < o) => {
                    let opened = opened_on
                        .map(hoptac_core::numbers::format_date)
                        .unwrap_or_default();
                    errors.add_with("closes_on", "before_opening", vec![("date", opened)]);
                    None
                }
                Some(date) => Some(date),
            },
        };
        match opened_on {
            Some(opened_on) if errors.is_empty() => Ok(RoundFields {
                province_code: province.to_owned(),
                name,
                opened_on,
                closes_on,
            }),
            _ => Err(errors),
        }
    }
}

/// An application of a product to a round.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ApplicationInput {
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub product_id: Option<String>,
    /// `first`, `rerecognition` or `upgrade`.
    pub kind: String,
}

impl ApplicationInput {
    pub fn validate(&self) -> Result<(i64, ApplicationKind), FieldErrors> {
        let mut errors = FieldErrors::new();
        let product = required_id(
            &mut errors,
            "product_id",
            self.product_id.as_deref(),
            "unknown_product",
        );
        let kind = choice(&mut errors, "kind", &self.kind, ApplicationKind::parse);
        match (product, kind) {
            (Some(product), Some(kind)) => Ok((product, kind)),
            _ => Err(errors),
        }
    }
}

/// One scoring sheet: the points per criterion code. Forms send `points.A1.1=3`; the API sends
/// `{"points": {"A1.1": 3}}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct SheetInput {
    /// The scorecard version scored on; when given it must be the one the product is scored on.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub scorecard_id: Option<String>,
    #[schema(value_type = Object)]
    pub points: BTreeMap<String, serde_json::Value>,
}

impl SheetInput {
    /// The points as whole numbers; anything else is named by its criterion.
    pub fn whole_points(&self) -> Result<BTreeMap<String, u32>, FieldErrors> {
        let (points, errors) = self.read_points();
        errors.into_result(points)
    }

    /// The points that read as whole numbers, and an error for each that does not: so that a
    /// sheet's every fault is named at once, the card's checks run on what did read.
    pub fn read_points(&self) -> (BTreeMap<String, u32>, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut points = BTreeMap::new();
        for (code, value) in &self.points {
            let number = match value {
                serde_json::Value::Number(n) => n.as_u64(),
                serde_json::Value::String(s) if s.trim().is_empty() => continue,
                serde_json::Value::String(s) => s.trim().parse::<u64>().ok(),
                _ => None,
            };
            match number.and_then(|n| u32::try_from(n).ok()) {
                Some(n) => {
                    points.insert(code.trim().to_owned(), n);
                }
                None => errors.add_with(
                    &points_field(code),
                    "invalid_points",
                    vec![("value", value.to_string())],
                ),
            }
        }
        (points, errors)
    }
}

/// A certificate number for one application, typed on the decision; blank to let hoptac number it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct CertificateNumberInput {
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub application_id: Option<String>,
    pub number: String,
}

/// The decision of the People's Committee that closes a round.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionInput {
    /// As written on the decision, e.g. "1234/QĐ-UBND".
    pub number: String,
    /// `YYYY-MM-DD` or `DD/MM/YYYY`; not before the round opened, not in the future.
    pub date: String,
    /// Who signed it.
    pub signer: String,
    /// Certificate numbers for the applications that earn one; those left out are numbered
    /// `<decision number>/<sequence>`.
    pub certificates: Vec<CertificateNumberInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionFields {
    pub number: String,
    pub date: NaiveDate,
    pub signer: String,
    /// Application id to the certificate number typed for it.
    pub certificate_numbers: BTreeMap<i64, String>,
}

impl DecisionInput {
    pub fn validate(&self, opened_on: NaiveDate, today: NaiveDate) -> Result<DecisionFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let number = check::required_text(&mut errors, "number", &self.number, 100);
        let signer = check::required_text(&mut errors, "signer", &self.signer, 200);
        let date = check::required_past_date(&mut errors, "date", &self.date, today);
        if date.is_some_and(|d| d < opened_on) {
            errors.add_with(
                "date",
                "before_opening",
                vec![("date", hoptac_core::numbers::format_date(opened_on))],
            );
        }
        let mut certificate_numbers = BTreeMap::new();
        for (index, item) in self.certificates.iter().enumerate() {
            let field = format!("certificates[{index}].number");
            let number = hoptac_core::text::tidy(&item.number);
            if number.is_empty() {
                continue;
            }
            if number.chars().count() > 100 {
                errors.add_with(&field, "too_long", vec![("max", "100".into())]);
            }
            let Some(id) = item
                .application_id
                .as_deref()
                .and_then(|v| v.trim().parse::<i64>().ok())
            else {
                errors.add(&format!("certificates[{index}].application_id"), "required");
                continue;
            };
            if certificate_numbers.contains_key(&id) {
                // One application earns one certificate: a second number for it is not dropped silently.
                errors.add_with(
                    &format!("certificates[{index}].application_id"),
                    "application_numbered_twice",
                    vec![("value", id.to_string())],
                );
                continue;
            }
            if certificate_numbers
                .values()
                .any(|n: &String| hoptac_core::text::fold(n) == hoptac_core::text::fold(&number))
            {
                errors.add_with(
                    &field,
                    "duplicate_certificate_number",
                    vec![("value", number.clone())],
                );
            }
            certificate_numbers.insert(id, number);
        }
        match date {
            Some(date) if errors.is_empty() => Ok(DecisionFields {
                number,
                date,
                signer,
                certificate_numbers,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn codes(errors: FieldErrors) -> Vec<(String, &'static str)> {
        errors.iter().map(|e| (e.field.clone(), e.code)).collect()
    }

    #[test]
    fn a_product_names_every_bad_field() {
        let input = ProductInput {
            organisation_id: Some("x".into()),
            name: " ".into(),
            product_group: "fruit".into(),
            ip_protection: Some("patent".into()),
            ..ProductInput::default()
        };
        assert_eq!(
            codes(input.validate().expect_err("bad")),
            vec![
                ("organisation_id".into(), "unknown_organisation"),
                ("name".into(), "required"),
                ("product_group".into(), "invalid_choice"),
                ("ip_protection".into(), "invalid_choice"),
            ]
        );
        let good = ProductInput {
            organisation_id: Some("3".into()),
            name: "Chè  Tân Cương".into(),
            product_group: "drinks".into(),
            ip_protection: Some("collective_mark".into()),
            ..ProductInput::default()
        };
        let fields = good.validate().expect("good");
        assert_eq!(fields.name, "Chè Tân Cương");
        assert_eq!(fields.ip_protection, Some(IpProtection::CollectiveMark));
    }

    #[test]
    fn a_round_closes_after_it_opens() {
        let input = RoundInput {
            province: "19".into(),
            name: "Đợt 1 năm 2026".into(),
            opened_on: "01/03/2026".into(),
            closes_on: Some("2026-02-01".into()),
        };
        let errors = input.validate(date(2026, 11, 22)).expect_err("closes first");
        assert_eq!(
            codes(errors.clone()),
            vec![("closes_on".into(), "before_opening")]
        );
        // The message names the day the round opened.
        hoptac_core::i18n::install(&[crate::TRANSLATIONS]);
        let message = hoptac_core::i18n::error_message(&errors.0[0], hoptac_core::Lang::Vi);
        assert_eq!(
            message,
            "Hạn nhận hồ sơ: không được trước ngày mở đợt 01/03/2026."
        );
    }

    #[test]
    fn points_are_whole_numbers() {
        let input: SheetInput =
            serde_json::from_str(r#"{"points": {"A": 30, "B": "12", "C": -1, "D": 2.5, "E": ""}}"#)
                .expect("json");
        let errors = input.whole_points().expect_err("bad points");
        assert_eq!(
            codes(errors),
            vec![
                ("points.C".into(), "invalid_points"),
                ("points.D".into(), "invalid_points")
            ]
        );
    }

    #[test]
    fn a_decision_refuses_a_number_typed_twice() {
        let input = DecisionInput {
            number: "12/QĐ-UBND".into(),
            date: "2026-06-30".into(),
            signer: "Nguyễn Văn A".into(),
            certificates: vec![
                CertificateNumberInput {
                    application_id: Some("1".into()),
                    number: "01/OCOP".into(),
                },
                CertificateNumberInput {
                    application_id: Some("2".into()),
                    number: "01/ocop".into(),
                },
            ],
        };
        assert_eq!(
            codes(
                input
                    .validate(date(2026, 3, 1), date(2026, 11, 22))
                    .expect_err("twice")
            ),
            vec![("certificates[1].number".into(), "duplicate_certificate_number")]
        );
        assert_eq!(
            codes(
                input
                    .validate(date(2026, 7, 1), date(2026, 11, 22))
                    .expect_err("early")
            ),
            vec![
                ("date".into(), "before_opening"),
                ("certificates[1].number".into(), "duplicate_certificate_number")
            ]
        );
        // Two numbers for one application: the second is refused, not dropped.
        let twice = DecisionInput {
            certificates: vec![
                CertificateNumberInput {
                    application_id: Some("8".into()),
                    number: "A".into(),
                },
                CertificateNumberInput {
                    application_id: Some("8".into()),
                    number: "B".into(),
                },
            ],
            ..input
        };
        assert_eq!(
            codes(
                twice
                    .validate(date(2026, 3, 1), date(2026, 11, 22))
                    .expect_err("one application, two numbers")
            ),
            vec![(
                "certificates[1].application_id".into(),
                "application_numbered_twice"
            )]
        );
    }
}
