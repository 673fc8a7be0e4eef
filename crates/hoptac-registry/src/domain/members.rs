//! Members of cooperative groups, cooperatives and unions, and the rules the Law on Cooperatives
//! sets on them.
//!
//! The rules are data ([`MembershipRule`]) with their source, because some numbers are not confirmed
//! from a primary text and the 2012 and 2023 laws differ.

use crate::domain::organisation::{amount_text, OrgKind};
use chrono::{Datelike, NaiveDate};
use hoptac_core::errors::check;
use hoptac_core::numbers::format_int;
use hoptac_core::{vocabulary, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

vocabulary! {
    /// Who the member is.
    MemberKind {
        Person = "person";
        Household = "household";
        CoopGroup = "coop_group";
        LegalEntity = "legal_entity";
    }
}

vocabulary! {
    /// A person's sex, as member lists record it (many keep the birth year in a column for men and
    /// one for women).
    Gender {
        Male = "male";
        Female = "female";
    }
}

vocabulary! {
    /// Official members contribute capital and use the services; associate members use the services
    /// without the rights of an official member.
    Membership {
        Official = "official";
        Associate = "associate";
    }
}

/// The law's numbers for one kind of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct MembershipRule {
    /// Fewest official members the organisation must have.
    pub min_official_members: u32,
    /// Most one member may hold of the charter capital, in percent.
    pub capital_cap_percent: Option<u32>,
    /// Only legal entities may join (unions are formed by cooperatives).
    pub legal_entities_only: bool,
    /// Where the numbers come from.
    pub source: &'static str,
}

/// The rules in force under Law 17/2023/QH15 (from 1 July 2024).
pub fn rule_for(kind: OrgKind) -> Option<MembershipRule> {
    match kind {
        OrgKind::Tht => Some(MembershipRule {
            min_official_members: 2,
            capital_cap_percent: None,
            legal_entities_only: false,
            source: "Luật HTX 17/2023/QH15, điều 4",
        }),
        OrgKind::Htx => Some(MembershipRule {
            min_official_members: 5,
            capital_cap_percent: Some(30),
            legal_entities_only: false,
            source: "Luật HTX 17/2023/QH15, điều 4 (5 thành viên chính thức); vốn góp tối đa 30% vốn điều lệ",
        }),
        OrgKind::Lhhtx => Some(MembershipRule {
            min_official_members: 3,
            capital_cap_percent: Some(40),
            legal_entities_only: true,
            source: "Luật HTX 17/2023/QH15 (3 HTX thành viên: chưa xác nhận từ văn bản gốc); vốn góp tối đa 40% vốn điều lệ",
        }),
        OrgKind::Farm | OrgKind::Enterprise | OrgKind::HouseholdBusiness => None,
    }
}

/// The largest contribution one member may hold, given the registered charter capital.
pub fn capital_cap(kind: OrgKind, charter_capital: i64) -> Option<(u32, i64)> {
    let percent = rule_for(kind)?.capital_cap_percent?;
    Some((percent, charter_capital.saturating_mul(i64::from(percent)) / 100))
}

/// A member as entered.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MemberInput {
    /// `person`, `household`, `coop_group` or `legal_entity`.
    pub kind: String,
    pub full_name: String,
    /// Citizen identity number of a person, or tax code of an entity.
    pub id_number: Option<String>,
    pub birth_date: Option<String>,
    /// The year of birth, when the day is not known (member lists often keep only the year). With
    /// a birth date it must be that date's year; without one, it is what is known.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i32>)]
    pub birth_year: Option<String>,
    /// `male` or `female`, for a person.
    pub gender: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// `official` or `associate`.
    pub membership: String,
    pub joined_on: String,
    pub left_on: Option<String>,
    /// Capital contributed, in đồng.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub capital_contribution: Option<String>,
    /// The version of the member this edit was made from (the API also takes it as `If-Match`): an
    /// edit from an older version is refused with 409. Ignored when adding a member.
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    /// The record as the edit form showed it (JSON; forms only), so that a stale save can be
    /// merged field by field.
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(MemberInput);

/// A member once the rules that need no database have passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFields {
    pub kind: MemberKind,
    pub full_name: String,
    pub search_text: String,
    pub id_number: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// The birth date's year, or the year alone when the day is not known.
    pub birth_year: Option<i32>,
    pub gender: Option<Gender>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub membership: Membership,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    pub capital_contribution: i64,
}

impl MemberFields {
    /// The fields as an input in their stored spelling, for the audit trail.
    pub fn to_input(&self) -> MemberInput {
        MemberInput {
            kind: self.kind.as_str().to_owned(),
            full_name: self.full_name.clone(),
            id_number: self.id_number.clone(),
            birth_date: self.birth_date.map(|d| d.to_string()),
            birth_year: self.birth_year.map(|y| y.to_string()),
            gender: self.gender.map(|g| g.as_str().to_owned()),
            phone: self.phone.clone(),
            address: self.address.clone(),
            membership: self.membership.as_str().to_owned(),
            joined_on: self.joined_on.to_string(),
            left_on: self.left_on.map(|d| d.to_string()),
            capital_contribution: Some(self.capital_contribution.to_string()),
            version: None,
            original: None,
        }
    }
}

/// What validation of a member needs to know of the organisation.
#[derive(Debug, Clone, Copy)]
pub struct MemberContext {
    pub org_kind: OrgKind,
    pub founding_date: NaiveDate,
    /// The registered charter capital; the capital cap is checked against it when known.
    pub charter_capital: Option<i64>,
    /// The day the organisation ended (dissolved or bankrupt), when it has: no one joins after.
    pub ended_on: Option<NaiveDate>,
}

impl MemberInput {
    pub fn validate(&self, context: MemberContext, today: NaiveDate) -> Result<MemberFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let Some(rule) = rule_for(context.org_kind) else {
            errors.add("kind", "members_not_applicable");
            return Err(errors);
        };
        let kind = parse_choice(&mut errors, "kind", &self.kind, MemberKind::parse);
        if rule.legal_entities_only && kind.is_some_and(|k| k != MemberKind::LegalEntity) {
            errors.add("kind", "member_kind_not_allowed");
        }
        let full_name = check::required_text(&mut errors, "full_name", &self.full_name, 200);
        let id_number = check::optional_text(&mut errors, "id_number", self.id_number.as_deref(), 20);
        let birth_date =
            check::optional_past_date(&mut errors, "birth_date", self.birth_date.as_deref(), today);
        let birth_year = self.birth_year(&mut errors, birth_date, today);
        let gender = match self.gender.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
            None => None,
            Some(_) if kind.is_some_and(|k| k != MemberKind::Person) => {
                errors.add("gender", "gender_of_a_person_only");
                None
            }
            Some(g) => parse_choice(&mut errors, "gender", g, Gender::parse),
        };
        let phone = check::optional_text(&mut errors, "phone", self.phone.as_deref(), 30);
        let address = check::optional_text(&mut errors, "address", self.address.as_deref(), 255);
        let membership = parse_choice(&mut errors, "membership", &self.membership, Membership::parse);
        let joined_on = check::required_past_date(&mut errors, "joined_on", &self.joined_on, today);
        let left_on = check::optional_past_date(&mut errors, "left_on", self.left_on.as_deref(), today);
        if let (Some(joined), Some(left)) = (joined_on, left_on) {
            if left < joined {
                errors.add("left_on", "before_joining");
            }
        }
        if let Some(joined) = joined_on {
            if joined < context.founding_date {
                errors.add("joined_on", "before_founding");
            }
            if let Some(ended) = context.ended_on.filter(|ended| joined > *ended) {
                let day = ended.format("%d/%m/%Y").to_string();
                errors.add_with("joined_on", "after_organisation_ended", vec![("value", day)]);
            }
        }
        if let (Some(MemberKind::Person), Some(joined)) = (kind, joined_on) {
            if under_age_on_joining(birth_date, birth_year, joined) {
                let field = if birth_date.is_some() {
                    "birth_date"
                } else {
                    "birth_year"
                };
                errors.add(field, "under_age");
            }
        }
        let capital_contribution = check::optional_amount(
            &mut errors,
            "capital_contribution",
            self.capital_contribution.as_deref(),
            false,
        )
        .unwrap_or(0);
        if let Some(charter) = context.charter_capital {
            if let Some((percent, cap)) = capital_cap(context.org_kind, charter) {
                if capital_contribution > cap {
                    errors.add_with(
                        "capital_contribution",
                        "capital_cap_exceeded",
                        vec![
                            ("value", format_int(capital_contribution)),
                            ("percent", percent.to_string()),
                            ("cap", format_int(cap)),
                        ],
                    );
                }
            }
        }
        match (kind, membership, joined_on) {
            (Some(kind), Some(membership), Some(joined_on)) if errors.is_empty() => Ok(MemberFields {
                kind,
                search_text: hoptac_core::text::fold(&full_name),
                full_name,
                id_number,
                birth_date,
                birth_year,
                gender,
                phone,
                address,
                membership,
                joined_on,
                left_on,
                capital_contribution,
            }),
            _ => Err(errors),
        }
    }

    /// The year of birth: the birth date's, or the year given alone (from 1900 to this year). A
    /// year that contradicts the birth date is `differs_from_birth_date`.
    fn birth_year(
        &self,
        errors: &mut FieldErrors,
        birth_date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Option<i32> {
        let typed = self
            .birth_year
            .as_deref()
            .map(str::trim)
            .filter(|y| !y.is_empty());
        let year = match typed.map(str::parse::<i32>) {
            None => None,
            Some(Ok(year)) if (1900..=today.year()).contains(&year) => Some(year),
            Some(_) => {
                errors.add_with(
                    "birth_year",
                    "invalid_year",
                    vec![("min", "1900".to_owned()), ("max", today.year().to_string())],
                );
                return None;
            }
        };
        match (birth_date, year) {
            (Some(born), Some(year)) if born.year() != year => {
                errors.add_with(
                    "birth_year",
                    "differs_from_birth_date",
                    vec![("value", born.year().to_string())],
                );
                None
            }
            (Some(born), _) => Some(born.year()),
            (None, year) => year,
        }
    }
}

fn parse_choice<T>(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let value = parse(raw);
    if value.is_none() {
        if raw.trim().is_empty() {
            errors.add(field, "required");
        } else {
            errors.add_with(field, "invalid_choice", vec![("value", raw.to_owned())]);
        }
    }
    value
}

/// Whether a person was certainly under 18 on joining (Law 17/2023/QH15, art. 30: a member who is
/// a person is of full age). With the year of birth alone, only someone who turned at most 17 in
/// the year they joined certainly was.
pub fn under_age_on_joining(
    birth_date: Option<NaiveDate>,
    birth_year: Option<i32>,
    joined: NaiveDate,
) -> bool {
    match (birth_date, birth_year) {
        (Some(born), _) => age_on(born, joined) < 18,
        (None, Some(year)) => joined.year() - year < 18,
        (None, None) => false,
    }
}

/// Whole years between `born` and `on`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// The facts about one member that the compliance checks read.
#[derive(Debug, Clone)]
pub struct MemberFacts {
    pub id: i64,
    pub full_name: String,
    pub kind: MemberKind,
    pub membership: Membership,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    pub birth_date: Option<NaiveDate>,
    pub birth_year: Option<i32>,
    pub capital_contribution: i64,
}

impl MemberFacts {
    pub fn is_current(&self, on: NaiveDate) -> bool {
        self.joined_on <= on && self.left_on.is_none_or(|left| left > on)
    }
}

/// A way in which existing records break a rule of the law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ComplianceIssue {
    /// `too_few_members`, `capital_cap_exceeded`, `member_under_age` or `member_kind_not_allowed`.
    pub code: &'static str,
    /// The member concerned, when the issue is about one.
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    /// Figures the message quotes.
    pub params: Vec<(String, String)>,
    pub source: &'static str,
}

impl ComplianceIssue {
    pub fn message(&self, lang: hoptac_core::Lang) -> String {
        let p = |k: &str| {
            self.params
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        };
        let who = self.member_name.as_deref().unwrap_or("");
        match (self.code, lang) {
            ("too_few_members", hoptac_core::Lang::Vi) => format!(
                "Có {} thành viên chính thức, ít hơn mức tối thiểu {} theo luật.",
                p("count"),
                p("min")
            ),
            ("too_few_members", hoptac_core::Lang::En) => {
                format!(
                    "{} official members, fewer than the legal minimum of {}.",
                    p("count"),
                    p("min")
                )
            }
            ("capital_cap_exceeded", hoptac_core::Lang::Vi) => format!(
                "Thành viên {who} góp {} đồng, vượt mức tối đa {}% vốn điều lệ ({} đồng).",
                p("value"),
                p("percent"),
                p("cap")
            ),
            ("capital_cap_exceeded", hoptac_core::Lang::En) => format!(
                "Member {who} holds {} đồng, above the {}% cap of the charter capital ({} đồng).",
                p("value"),
                p("percent"),
                p("cap")
            ),
            ("member_under_age", hoptac_core::Lang::Vi) => {
                format!("Thành viên {who} chưa đủ 18 tuổi khi gia nhập.")
            }
            ("member_under_age", hoptac_core::Lang::En) => format!("Member {who} was under 18 on joining."),
            ("member_kind_not_allowed", hoptac_core::Lang::Vi) => {
                format!("Thành viên {who} không phải pháp nhân, trong khi liên hiệp HTX chỉ gồm pháp nhân.")
            }
            ("member_kind_not_allowed", hoptac_core::Lang::En) => {
                format!("Member {who} is not a legal entity, but a union's members must be.")
            }
            (code, _) => code.to_owned(),
        }
    }
}

/// Checks an organisation's current members against the law, for records entered before a rule
/// existed or imported from elsewhere. Returns every issue found, worst first.
pub fn compliance(
    kind: OrgKind,
    charter_capital: Option<i64>,
    members: &[MemberFacts],
    on: NaiveDate,
) -> Vec<ComplianceIssue> {
    let Some(rule) = rule_for(kind) else {
        return Vec::new();
    };
    let current: Vec<&MemberFacts> = members.iter().filter(|m| m.is_current(on)).collect();
    let mut issues = Vec::new();
    let official = current
        .iter()
        .filter(|m| m.membership == Membership::Official)
        .count();
    if (official as u32) < rule.min_official_members {
        issues.push(ComplianceIssue {
            code: "too_few_members",
            member_id: None,
            member_name: None,
            params: vec![
                ("count".into(), official.to_string()),
                ("min".into(), rule.min_official_members.to_string()),
            ],
            source: rule.source,
        });
    }
    let cap = charter_capital.and_then(|c| capital_cap(kind, c));
    for member in &current {
        let mut issue = |code: &'static str, params: Vec<(String, String)>| {
            issues.push(ComplianceIssue {
                code,
                member_id: Some(member.id),
                member_name: Some(member.full_name.clone()),
                params,
                source: rule.source,
            })
        };
        if let Some((percent, cap)) = cap {
            if member.capital_contribution > cap {
                issue(
                    "capital_cap_exceeded",
                    vec![
                        ("value".into(), format_int(member.capital_contribution)),
                        ("percent".into(), percent.to_string()),
                        ("cap".into(), format_int(cap)),
                    ],
                );
            }
        }
        if member.kind == MemberKind::Person
            && under_age_on_joining(member.birth_date, member.birth_year, member.joined_on)
        {
            issue("member_under_age", Vec::new());
        }
        if rule.legal_entities_only && member.kind != MemberKind::LegalEntity {
            issue("member_kind_not_allowed", Vec::new());
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn htx() -> MemberContext {
        MemberContext {
            org_kind: OrgKind::Htx,
            founding_date: d(2019, 1, 1),
            charter_capital: Some(1_000_000_000),
            ended_on: None,
        }
    }

    fn member(contribution: &str) -> MemberInput {
        MemberInput {
            kind: "person".into(),
            full_name: "Nguyễn Văn An".into(),
            membership: "official".into(),
            joined_on: "2019-02-01".into(),
            birth_date: Some("1980-05-05".into()),
            capital_contribution: Some(contribution.into()),
            ..Default::default()
        }
    }

    #[test]
    fn the_capital_cap_is_thirty_percent_for_a_cooperative() {
        assert!(member("300.000.000").validate(htx(), d(2026, 1, 1)).is_ok());
        let err = member("300.000.001")
            .validate(htx(), d(2026, 1, 1))
            .err()
            .unwrap_or_default();
        assert_eq!(err.0[0].code, "capital_cap_exceeded");
        assert_eq!(err.0[0].params[2], ("cap", "300.000.000".to_owned()));
    }

    #[test]
    fn no_one_joins_an_organisation_after_it_ended() {
        let dissolved = MemberContext {
            ended_on: Some(d(2022, 6, 30)),
            ..htx()
        };
        let mut input = member("0");
        input.joined_on = "2022-07-01".into();
        let err = input.validate(dissolved, d(2026, 1, 1)).err().unwrap_or_default();
        assert_eq!(err.0[0].code, "after_organisation_ended");
        assert_eq!(err.0[0].params, vec![("value", "30/06/2022".to_owned())]);
        input.joined_on = "2022-06-30".into();
        assert!(input.validate(dissolved, d(2026, 1, 1)).is_ok());
    }

    #[test]
    fn a_union_takes_only_legal_entities() {
        let ctx = MemberContext {
            org_kind: OrgKind::Lhhtx,
            ..htx()
        };
        let err = member("0").validate(ctx, d(2026, 1, 1)).err().unwrap_or_default();
        assert_eq!(err.0[0].code, "member_kind_not_allowed");
    }

    #[test]
    fn a_person_must_be_adult_on_joining() {
        let mut input = member("0");
        input.birth_date = Some("2002-02-02".into());
        let err = input.validate(htx(), d(2026, 1, 1)).err().unwrap_or_default();
        assert_eq!(err.0[0].code, "under_age");
        assert_eq!(age_on(d(2002, 2, 2), d(2020, 2, 1)), 17);
        assert_eq!(age_on(d(2002, 2, 2), d(2020, 2, 2)), 18);
    }

    #[test]
    fn a_year_of_birth_alone_is_kept_and_judged_for_age_only_when_certain() {
        let mut input = member("0");
        input.birth_date = None;
        input.birth_year = Some("1964".into());
        input.gender = Some("female".into());
        let fields = input.validate(htx(), d(2026, 1, 1)).expect("valid");
        assert_eq!(
            (fields.birth_year, fields.gender),
            (Some(1964), Some(Gender::Female))
        );
        assert_eq!(fields.birth_date, None);
        // Joined in 2019: born in 2002, 17 at most that year; born in 2001, perhaps 18.
        input.birth_year = Some("2002".into());
        let err = input.validate(htx(), d(2026, 1, 1)).err().unwrap_or_default();
        assert_eq!(
            (err.0[0].field.as_str(), err.0[0].code),
            ("birth_year", "under_age")
        );
        input.birth_year = Some("2001".into());
        assert!(input.validate(htx(), d(2026, 1, 1)).is_ok());
        for wrong in ["1899", "2027", "năm"] {
            input.birth_year = Some(wrong.into());
            let err = input.validate(htx(), d(2026, 1, 1)).err().unwrap_or_default();
            assert_eq!(err.0[0].code, "invalid_year", "{wrong}");
        }
    }

    #[test]
    fn a_year_of_birth_agrees_with_the_date_and_a_sex_is_a_persons() {
        let mut input = member("0");
        input.birth_date = Some("1980-05-05".into());
        let fields = input.validate(htx(), d(2026, 1, 1)).expect("valid");
        assert_eq!(fields.birth_year, Some(1980));
        input.birth_year = Some("1981".into());
        let err = input.validate(htx(), d(2026, 1, 1)).err().unwrap_or_default();
        assert_eq!(err.0[0].code, "differs_from_birth_date");
        input.birth_year = None;
        input.kind = "household".into();
        input.birth_date = None;
        input.gender = Some("male".into());
        let err = input.validate(htx(), d(2026, 1, 1)).err().unwrap_or_default();
        assert_eq!(err.0[0].code, "gender_of_a_person_only");
        input.kind = "person".into();
        input.gender = Some("other".into());
        let err = input.validate(htx(), d(2026, 1, 1)).err().unwrap_or_default();
        assert_eq!(err.0[0].code, "invalid_choice");
    }

    #[test]
    fn farms_have_no_members() {
        let ctx = MemberContext {
            org_kind: OrgKind::Farm,
            ..htx()
        };
        assert!(member("0").validate(ctx, d(2026, 1, 1)).is_err());
    }

    #[test]
    fn compliance_reports_every_breach() {
        let facts = |id, kind, contribution, left_on| MemberFacts {
            id,
            full_name: format!("M{id}"),
            kind,
            membership: Membership::Official,
            joined_on: d(2020, 1, 1),
            left_on,
            birth_date: None,
            birth_year: None,
            capital_contribution: contribution,
        };
        let members = vec![
            facts(1, MemberKind::Person, 500, None),
            facts(2, MemberKind::Person, 100, None),
            facts(3, MemberKind::Person, 900, Some(d(2021, 1, 1))),
        ];
        let issues = compliance(OrgKind::Htx, Some(1000), &members, d(2026, 1, 1));
        let codes: Vec<_> = issues.iter().map(|i| (i.code, i.member_id)).collect();
        assert_eq!(
            codes,
            vec![("too_few_members", None), ("capital_cap_exceeded", Some(1))]
        );
        assert_eq!(
            issues[0].message(hoptac_core::Lang::Vi),
            "Có 2 thành viên chính thức, ít hơn mức tối thiểu 5 theo luật."
        );
    }
}
