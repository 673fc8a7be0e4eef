//! Organisations of the collective economy and the businesses around them: types, sectors, status
//! over time, and the validation of what a user enters about one.

use crate::domain::tax_code::TaxCode;
use chrono::NaiveDate;
pub use hoptac_core::admin::{parse_commune_ref, CommuneRef};
use hoptac_core::errors::check;
pub use hoptac_core::form::{amount_text, flag};
pub use hoptac_core::org::{OrgKind, OrgStatus, Sector};
use hoptac_core::text::searchable;
pub use hoptac_core::text::{is_email, is_phone};
use hoptac_core::FieldErrors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a user enters about an organisation, exactly as typed, from a form or a JSON body.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct OrganisationInput {
    /// `tht`, `htx`, `lhhtx`, `farm`, `enterprise` or `household_business`.
    pub kind: String,
    pub name: String,
    pub short_name: Option<String>,
    /// 10 digits with a valid check digit, `0101248141-001` for a branch, or a 12-digit personal number.
    pub tax_code: Option<String>,
    pub registration_number: Option<String>,
    /// `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub registration_date: Option<String>,
    /// `YYYY-MM-DD` or `DD/MM/YYYY`; not in the future.
    pub founding_date: String,
    /// Sector codes; at least one.
    pub sectors: Vec<String>,
    /// Village, street and house number.
    pub address: Option<String>,
    /// The era of the commune code: `2025` (default) or `2008` for a unit from before 1 July 2025.
    pub commune_era: Option<String>,
    /// The commune's 5-digit code, or its exact name.
    pub commune: String,
    /// The province (of the commune's era) in which to look a commune name up.
    pub commune_province: Option<String>,
    pub representative_name: Option<String>,
    pub representative_title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    #[serde(deserialize_with = "flag")]
    pub is_new_model: bool,
    #[serde(deserialize_with = "flag")]
    pub is_value_chain: bool,
    #[serde(deserialize_with = "flag")]
    pub is_on_ecommerce: bool,
    /// Registered charter capital in đồng.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub charter_capital: Option<String>,
    pub description: Option<String>,
    /// The version of the record this edit was made from (`version` of the record as read; the
    /// API also takes it as `If-Match`). An edit from an older version is refused with 409, so that
    /// no one silently undoes another's save. Ignored when registering.
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    /// The record as the edit form showed it (JSON; forms only), so that a stale save can be
    /// merged field by field.
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(OrganisationInput);

/// An input kept as JSON (a proposal's), read back.
impl TryFrom<String> for OrganisationInput {
    type Error = serde_json::Error;

    fn try_from(json: String) -> Result<Self, Self::Error> {
        serde_json::from_str(&json)
    }
}

/// The fields of an organisation's legal identity, as its input names them: the authorities' to
/// change (see `Permission::EditIdentity`).
pub const IDENTITY_FIELDS: [&str; 6] = [
    "kind",
    "tax_code",
    "registration_number",
    "registration_date",
    "founding_date",
    "commune",
];

impl OrganisationInput {
    /// This input with the legal identity of `other`: what a manager's edit saves while its change
    /// of identity waits for an officer, and what an officer accepting the change saves.
    pub fn with_identity_of(&self, other: &OrganisationInput) -> OrganisationInput {
        OrganisationInput {
            kind: other.kind.clone(),
            tax_code: other.tax_code.clone(),
            registration_number: other.registration_number.clone(),
            registration_date: other.registration_date.clone(),
            founding_date: other.founding_date.clone(),
            commune_era: other.commune_era.clone(),
            commune: other.commune.clone(),
            commune_province: other.commune_province.clone(),
            ..self.clone()
        }
    }

    /// The identity fields in which this input and `other` differ, both in stored spelling (ISO
    /// dates, the commune by era and code).
    pub fn identity_changes(&self, other: &OrganisationInput) -> Vec<&'static str> {
        let pairs: [(&str, bool); 6] = [
            ("kind", self.kind == other.kind),
            ("tax_code", self.tax_code == other.tax_code),
            (
                "registration_number",
                self.registration_number == other.registration_number,
            ),
            (
                "registration_date",
                self.registration_date == other.registration_date,
            ),
            ("founding_date", self.founding_date == other.founding_date),
            (
                "commune",
                (&self.commune_era, &self.commune) == (&other.commune_era, &other.commune),
            ),
        ];
        pairs
            .iter()
            .filter(|(_, same)| !same)
            .map(|(field, _)| *field)
            .collect()
    }
}

/// An organisation's fields once every rule that needs no database has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationFields {
    pub kind: OrgKind,
    pub name: String,
    pub search_text: String,
    pub short_name: Option<String>,
    pub tax_code: Option<TaxCode>,
    pub registration_number: Option<String>,
    pub registration_date: Option<NaiveDate>,
    pub founding_date: NaiveDate,
    pub sectors: Vec<Sector>,
    pub address: Option<String>,
    pub commune: CommuneRef,
    pub representative_name: Option<String>,
    pub representative_title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub is_new_model: bool,
    pub is_value_chain: bool,
    pub is_on_ecommerce: bool,
    pub charter_capital: Option<i64>,
    pub description: Option<String>,
}

pub const NAME_MAX: usize = 255;

impl OrganisationFields {
    /// The fields as an input in their stored spelling (ISO dates, plain amounts), for the audit
    /// trail to compare with the record before.
    pub fn to_input(&self) -> OrganisationInput {
        let (commune_era, commune) = match &self.commune {
            CommuneRef::Code { era, code } => (era.as_str().to_owned(), code.clone()),
            CommuneRef::Name { era, name } => (era.as_str().to_owned(), name.clone()),
        };
        OrganisationInput {
            kind: self.kind.as_str().to_owned(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            tax_code: self.tax_code.as_ref().map(|t| t.as_str().to_owned()),
            registration_number: self.registration_number.clone(),
            registration_date: self.registration_date.map(|d| d.to_string()),
            founding_date: self.founding_date.to_string(),
            sectors: self.sectors.iter().map(|s| s.as_str().to_owned()).collect(),
            address: self.address.clone(),
            commune_era: Some(commune_era),
            commune,
            commune_province: None,
            representative_name: self.representative_name.clone(),
            representative_title: self.representative_title.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            website: self.website.clone(),
            is_new_model: self.is_new_model,
            is_value_chain: self.is_value_chain,
            is_on_ecommerce: self.is_on_ecommerce,
            charter_capital: self.charter_capital.map(|c| c.to_string()),
            description: self.description.clone(),
            version: None,
            original: None,
        }
    }
}

impl OrganisationInput {
    /// Checks every field, collecting all errors.
    pub fn validate(&self, today: NaiveDate) -> Result<OrganisationFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = OrgKind::parse(&self.kind);
        if kind.is_none() {
            if self.kind.trim().is_empty() {
                errors.add("kind", "required");
            } else {
                errors.add_with("kind", "invalid_choice", vec![("value", self.kind.clone())]);
            }
        }
        let name = check::required_text(&mut errors, "name", &self.name, NAME_MAX);
        let short_name = check::optional_text(&mut errors, "short_name", self.short_name.as_deref(), 100);
        let tax_code = self
            .tax_code
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .and_then(|t| match TaxCode::parse(t) {
                Ok(code) if code.is_personal() && !kind.is_some_and(OrgKind::may_use_personal_tax_code) => {
                    errors.add("tax_code", "personal_tax_code_not_allowed");
                    None
                }
                Ok(code) => Some(code),
                Err(e) => {
                    errors.add("tax_code", e.code());
                    None
                }
            });
        let registration_number = check::optional_text(
            &mut errors,
            "registration_number",
            self.registration_number.as_deref(),
            50,
        );
        let founding_date =
            check::required_past_date(&mut errors, "founding_date", &self.founding_date, today);
        let registration_date = check::optional_past_date(
            &mut errors,
            "registration_date",
            self.registration_date.as_deref(),
            today,
        );
        if let (Some(reg), Some(founded)) = (registration_date, founding_date) {
            if reg < founded {
                errors.add("registration_date", "before_founding");
            }
        }
        let mut sectors = Vec::new();
        for raw in self.sectors.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match Sector::parse(raw) {
                Some(s) if !sectors.contains(&s) => sectors.push(s),
                Some(_) => {}
                None => errors.add_with("sectors", "invalid_choice", vec![("value", raw.to_owned())]),
            }
        }
        if sectors.is_empty() && errors.for_field("sectors").is_none() {
            errors.add("sectors", "required");
        }
        sectors.sort();
        let address = check::optional_text(&mut errors, "address", self.address.as_deref(), 255);
        let commune = self.commune_ref(&mut errors);
        let representative_name = check::optional_text(
            &mut errors,
            "representative_name",
            self.representative_name.as_deref(),
            120,
        );
        let representative_title = check::optional_text(
            &mut errors,
            "representative_title",
            self.representative_title.as_deref(),
            80,
        );
        let phone = check::optional_text(&mut errors, "phone", self.phone.as_deref(), 30);
        if let Some(p) = &phone {
            if !is_phone(p) {
                errors.add("phone", "invalid_phone");
            }
        }
        let email = check::optional_text(&mut errors, "email", self.email.as_deref(), 120);
        if let Some(e) = &email {
            if !is_email(e) {
                errors.add("email", "invalid_email");
            }
        }
        let website = check::optional_text(&mut errors, "website", self.website.as_deref(), 255);
        if self.is_new_model && !matches!(kind, Some(OrgKind::Htx | OrgKind::Lhhtx)) && kind.is_some() {
            errors.add("is_new_model", "flag_not_applicable");
        }
        let charter_capital = check::optional_amount(
            &mut errors,
            "charter_capital",
            self.charter_capital.as_deref(),
            false,
        );
        let description = check::optional_text(&mut errors, "description", self.description.as_deref(), 4000);

        match (kind, founding_date, commune) {
            (Some(kind), Some(founding_date), Some(commune)) if errors.is_empty() => Ok(OrganisationFields {
                kind,
                search_text: search_text(&name, short_name.as_deref(), tax_code.as_ref()),
                name,
                short_name,
                tax_code,
                registration_number,
                registration_date,
                founding_date,
                sectors,
                address,
                commune,
                representative_name,
                representative_title,
                phone,
                email,
                website,
                is_new_model: self.is_new_model,
                is_value_chain: self.is_value_chain,
                is_on_ecommerce: self.is_on_ecommerce,
                charter_capital,
                description,
            }),
            _ => Err(errors),
        }
    }

    /// The commune as entered, for looking it up even when other fields fail, so the user hears of
    /// every problem at once.
    pub fn commune_reference(&self) -> Option<CommuneRef> {
        self.commune_ref(&mut FieldErrors::new())
    }

    /// The province hint, when it is a province code.
    pub fn commune_province_code(&self) -> Option<&str> {
        self.commune_province
            .as_deref()
            .map(str::trim)
            .filter(|p| hoptac_core::admin::is_province_code(p))
    }

    fn commune_ref(&self, errors: &mut FieldErrors) -> Option<CommuneRef> {
        parse_commune_ref(&self.commune, self.commune_era.as_deref(), errors)
    }
}

/// The text that search matches against: name, short name and tax code, folded into words.
pub fn search_text(name: &str, short_name: Option<&str>, tax_code: Option<&TaxCode>) -> String {
    let parts = [Some(name), short_name, tax_code.map(TaxCode::as_str)];
    searchable(&parts.into_iter().flatten().collect::<Vec<_>>().join(" "))
}

/// A change of status as entered.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct StatusChangeInput {
    /// `active`, `suspended`, `dissolved` or `bankrupt`.
    pub status: String,
    /// `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub effective_date: String,
    pub reason: Option<String>,
}

/// A validated change of status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: OrgStatus,
    pub effective_date: NaiveDate,
    pub reason: Option<String>,
}

/// The organisation's latest status change, against which a new one is checked.
#[derive(Debug, Clone, Copy)]
pub struct LatestStatus {
    pub status: OrgStatus,
    pub effective_date: NaiveDate,
}

impl StatusChangeInput {
    /// Statuses only move forward in time; nothing follows dissolution or bankruptcy.
    pub fn validate(&self, latest: LatestStatus, today: NaiveDate) -> Result<StatusChange, FieldErrors> {
        let mut errors = FieldErrors::new();
        if latest.status.is_final() {
            errors.add("status", "status_final");
            return Err(errors);
        }
        let status = match OrgStatus::parse(&self.status) {
            Some(s) if s == latest.status => {
                errors.add("status", "status_unchanged");
                None
            }
            Some(s) => Some(s),
            None if self.status.trim().is_empty() => {
                errors.add("status", "required");
                None
            }
            None => {
                errors.add_with("status", "invalid_choice", vec![("value", self.status.clone())]);
                None
            }
        };
        let effective_date =
            check::required_past_date(&mut errors, "effective_date", &self.effective_date, today);
        if let Some(date) = effective_date {
            if date < latest.effective_date {
                errors.add_with(
                    "effective_date",
                    "before_last_status",
                    vec![("date", hoptac_core::numbers::format_date(latest.effective_date))],
                );
            }
        }
        let reason = check::optional_text(&mut errors, "reason", self.reason.as_deref(), 500);
        match (status, effective_date) {
            (Some(status), Some(effective_date)) if errors.is_empty() => Ok(StatusChange {
                status,
                effective_date,
                reason,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoptac_core::admin::Era;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
    }

    fn valid_input() -> OrganisationInput {
        OrganisationInput {
            kind: "htx".into(),
            name: "  HTX Nông nghiệp   Tiến Linh ".into(),
            tax_code: Some("0101248141".into()),
            founding_date: "15/03/2019".into(),
            sectors: vec!["agriculture".into(), "agriculture".into()],
            commune: "01834".into(),
            commune_era: Some("2008".into()),
            charter_capital: Some("1.500.000.000".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_cooperative_is_tidied() {
        let fields = valid_input().validate(today()).map_err(|e| e.to_string());
        let fields = fields.as_ref();
        assert_eq!(fields.map(|f| f.name.as_str()), Ok("HTX Nông nghiệp Tiến Linh"));
        assert_eq!(
            fields.map(|f| f.search_text.as_str()),
            Ok("htx nong nghiep tien linh 0101248141")
        );
        assert_eq!(fields.map(|f| f.sectors.clone()), Ok(vec![Sector::Agriculture]));
        assert_eq!(fields.map(|f| f.charter_capital), Ok(Some(1_500_000_000)));
        assert_eq!(
            fields.map(|f| f.commune.clone()),
            Ok(CommuneRef::Code {
                era: Era::Y2008,
                code: "01834".into()
            })
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let input = OrganisationInput {
            kind: "bank".into(),
            name: "x".repeat(300),
            tax_code: Some("0101248142".into()),
            founding_date: "2030-01-01".into(),
            sectors: vec!["mining".into()],
            commune: "".into(),
            email: Some("not-an-email".into()),
            charter_capital: Some("-5".into()),
            ..Default::default()
        };
        let errors = input.validate(today()).err().unwrap_or_default();
        let codes: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("kind", "invalid_choice"),
                ("name", "too_long"),
                ("tax_code", "tax_code_check_digit"),
                ("founding_date", "in_future"),
                ("sectors", "invalid_choice"),
                ("commune", "required"),
                ("email", "invalid_email"),
                ("charter_capital", "negative"),
            ]
        );
    }

    #[test]
    fn personal_tax_codes_only_for_individual_businesses() {
        let mut input = valid_input();
        input.tax_code = Some("001089012345".into());
        let errors = input.validate(today()).err().unwrap_or_default();
        assert_eq!(
            errors.for_field("tax_code").map(|e| e.code),
            Some("personal_tax_code_not_allowed")
        );
        input.kind = "household_business".into();
        assert!(input.validate(today()).is_ok());
    }

    #[test]
    fn status_moves_forward_only() {
        let latest = LatestStatus {
            status: OrgStatus::Active,
            effective_date: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default(),
        };
        let change = |status: &str, date: &str| StatusChangeInput {
            status: status.into(),
            effective_date: date.into(),
            reason: None,
        };
        assert!(change("suspended", "2021-05-01")
            .validate(latest, today())
            .is_ok());
        let err = change("suspended", "2019-05-01")
            .validate(latest, today())
            .err()
            .unwrap_or_default();
        assert_eq!(err.0[0].code, "before_last_status");
        let err = change("active", "2021-05-01")
            .validate(latest, today())
            .err()
            .unwrap_or_default();
        assert_eq!(err.0[0].code, "status_unchanged");
        let dissolved = LatestStatus {
            status: OrgStatus::Dissolved,
            ..latest
        };
        let err = change("active", "2021-05-01")
            .validate(dissolved, today())
            .err()
            .unwrap_or_default();
        assert_eq!(err.0[0].code, "status_final");
    }
}
