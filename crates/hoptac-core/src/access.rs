//! Who may do what, and where: roles, the scopes they are granted in, and the rule that decides a
//! request. The store asks [`Access::check`] before every non-public read and every write, so the
//! pages, the API and the command line all answer to this one rule.
//!
//! A scope is a place in the administrative hierarchy or a single record. Organisations keep their
//! 2025 province whatever era their commune belongs to, so an officer of a 2025 province sees the
//! organisations registered in the provinces that merged into it. Communes have no mapping across
//! the 2025 change in the reference data; a commune officer is granted each commune to follow, of
//! either era.

use crate::admin::is_province_code;
use crate::admin::{parse_commune_ref, CommuneRef};
use crate::form::amount_text;
use crate::{vocabulary, FieldErrors};
use serde::{Deserialize, Serialize};

vocabulary! {
    /// A role a person holds in a scope. System administrators are not a role here: they are
    /// marked on the account and reach everything.
    Role {
        AllianceOfficer = "alliance_officer";
        CommuneOfficer = "commune_officer";
        Manager = "manager";
        Buyer = "buyer";
        Evaluator = "evaluator";
    }
}

/// Something a person asks to do with a record of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Read what the public does not see: members, yearly figures, the record's history.
    ReadPrivate,
    /// Register a new organisation at a place.
    Create,
    /// Edit an organisation's registered details.
    Edit,
    /// Change an organisation's legal identity: its kind, tax code, registration number and date,
    /// founding date and commune. The authorities' (the business registration office and the
    /// alliance, Law on Cooperatives 2023 art. 24); a manager's change waits as a proposal.
    EditIdentity,
    /// Record a suspension, a dissolution, a return to activity.
    ChangeStatus,
    EditMembers,
    EditFigures,
    /// Invite people to manage an organisation and take that right away again.
    ManageAccess,
    /// Run the OCOP programme at a place: open evaluation rounds, receive applications, assign
    /// council members, record the decision; at the national level, load scorecard versions.
    ManageOcop,
    /// Score the products of an evaluation round as a member of its council.
    Score,
    /// Read the reports and the dashboard of a place: figures over every organisation in it.
    ReadReports,
    /// Enter a place's figures from documents and set its plan targets.
    EditPlans,
    /// Trade for an organisation on the market: list its products for sale, post its buyers'
    /// demands, propose and sign linkage contracts in its name. An alliance officer does it for a
    /// cooperative of the province that asks.
    Trade,
    /// Run a province's trade promotion (xúc tiến thương mại): its alliance's cooperation
    /// programmes with other provinces, the OCOP shops and points of sale in it, the trade fairs
    /// it holds.
    Promote,
    /// Record what happens to an organisation's products from field to shelf: its places, its
    /// products' GTINs, its traceability events (EPCIS).
    Trace,
}

use Permission::*;

impl Role {
    /// What the role may do inside its scope.
    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Role::AllianceOfficer => &[
                ReadPrivate,
                Create,
                Edit,
                EditIdentity,
                ChangeStatus,
                EditMembers,
                EditFigures,
                ManageAccess,
                ManageOcop,
                ReadReports,
                EditPlans,
                Trade,
                Promote,
                Trace,
            ],
            // The commune checks the local facts of OCOP dossiers; rounds are the province's.
            Role::CommuneOfficer => &[
                ReadPrivate,
                Create,
                Edit,
                EditIdentity,
                ChangeStatus,
                EditMembers,
                EditFigures,
                ManageAccess,
                ReadReports,
            ],
            // A manager keeps the organisation's own data; its legal identity and status are the
            // authorities' (a manager proposes a change of identity, an officer accepts it).
            Role::Manager => &[ReadPrivate, Edit, EditMembers, EditFigures, Trade, Trace],
            // A buyer speaks for its enterprise on the market, and records what it receives and
            // sells on.
            Role::Buyer => &[ReadPrivate, Edit, Trade, Trace],
            // A council member's rights are over the products of their rounds, not the registry.
            Role::Evaluator => &[Score],
        }
    }

    pub fn permits(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// The kind of scope the role is granted in.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::AllianceOfficer => ScopeKind::Province,
            Role::CommuneOfficer => ScopeKind::Commune,
            Role::Manager | Role::Buyer => ScopeKind::Organisation,
            Role::Evaluator => ScopeKind::Round,
        }
    }

    /// Who, besides an administrator, may grant the role (inside their own scope). Alliance
    /// officers are appointed by administrators only.
    pub fn granted_by(self) -> &'static [Role] {
        match self {
            Role::AllianceOfficer => &[],
            Role::CommuneOfficer | Role::Evaluator => &[Role::AllianceOfficer],
            Role::Manager | Role::Buyer => &[Role::AllianceOfficer, Role::CommuneOfficer],
        }
    }
}

/// The kinds of scope, one per role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// A 2025 province, or the whole country.
    Province,
    Commune,
    Organisation,
    Round,
}

/// Where a grant applies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    Country,
    /// A province of the 2025 scheme, by its code.
    Province(String),
    /// A commune of either era, by its id in the store.
    Commune(i64),
    Organisation(i64),
    /// An OCOP evaluation round.
    Round(i64),
}

impl Scope {
    pub fn kind(&self) -> ScopeKind {
        match self {
            Scope::Country | Scope::Province(_) => ScopeKind::Province,
            Scope::Commune(_) => ScopeKind::Commune,
            Scope::Organisation(_) => ScopeKind::Organisation,
            Scope::Round(_) => ScopeKind::Round,
        }
    }

    /// True when the place lies inside the scope.
    pub fn covers(&self, place: &Place) -> bool {
        match self {
            Scope::Country => true,
            Scope::Province(code) => *code == place.province_code,
            // A 2025 commune's officer follows the old communes that became part of it.
            Scope::Commune(id) => place.commune_id == Some(*id) || place.current_commune_id == Some(*id),
            Scope::Organisation(id) => place.organisation_id == Some(*id),
            Scope::Round(id) => place.round_id == Some(*id),
        }
    }
}

/// Where a record sits, as far as scopes care. An organisation has its commune and province; a
/// commune being granted has no organisation; a province has neither commune nor organisation; an
/// application to an evaluation round has its round besides its subject's place. The whole
/// country is a place with an empty province, reached only by national scopes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    pub organisation_id: Option<i64>,
    pub commune_id: Option<i64>,
    /// The 2025 commune the place counts in, when `commune_id` is of 2008 and its successor known.
    pub current_commune_id: Option<i64>,
    /// The 2025 province.
    pub province_code: String,
    pub round_id: Option<i64>,
}

impl Place {
    /// A province of the 2025 scheme as a whole.
    pub fn province(code: &str) -> Place {
        Place {
            province_code: code.to_owned(),
            ..Place::default()
        }
    }

    /// The whole country: what national data (scorecard versions, star rules) belongs to.
    pub fn country() -> Place {
        Place::default()
    }
}

/// A role in a scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The record is outside everything the person may read: answer as if it did not exist.
    Hidden,
    /// The person may read the record but not do this to it.
    Forbidden,
}

/// Everything one person may do: the administrator's mark and the roles held now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Access {
    pub admin: bool,
    pub grants: Vec<Grant>,
}

impl Access {
    /// True when a grant is scoped to an organisation: the person acts for one and is told its
    /// notifications (see [`crate::notifications`]).
    pub fn acts_for_an_organisation(&self) -> bool {
        self.grants
            .iter()
            .any(|g| matches!(g.scope, Scope::Organisation(_)))
    }

    /// A visitor who has not signed in: what is published, nothing more.
    pub fn public() -> Access {
        Access::default()
    }

    /// A system administrator, or the operator at the command line.
    pub fn administrator() -> Access {
        Access {
            admin: true,
            grants: Vec::new(),
        }
    }

    pub fn allows(&self, permission: Permission, place: &Place) -> bool {
        self.admin
            || self
                .grants
                .iter()
                .any(|g| g.role.permits(permission) && g.scope.covers(place))
    }

    /// The 2025 provinces where some role lets the person do this over the whole province:
    /// `None` when it reaches the whole country (an administrator, a national grant).
    pub fn provinces_for(&self, permission: Permission) -> Option<Vec<String>> {
        if self.admin {
            return None;
        }
        let mut codes = Vec::new();
        for grant in self.grants.iter().filter(|g| g.role.permits(permission)) {
            match &grant.scope {
                Scope::Country => return None,
                Scope::Province(code) => codes.push(code.clone()),
                Scope::Commune(_) | Scope::Organisation(_) | Scope::Round(_) => {}
            }
        }
        codes.sort();
        codes.dedup();
        Some(codes)
    }

    /// True when some role lets the person do this somewhere (to offer the way to it).
    pub fn allows_anywhere(&self, permission: Permission) -> bool {
        self.admin || self.grants.iter().any(|g| g.role.permits(permission))
    }

    /// Decides a request: a refusal says whether the record may even be acknowledged.
    pub fn check(&self, permission: Permission, place: &Place) -> Result<(), Denied> {
        if self.allows(permission, place) {
            Ok(())
        } else if self.allows(ReadPrivate, place) {
            Err(Denied::Forbidden)
        } else {
            Err(Denied::Hidden)
        }
    }

    /// True when this person may grant the role at a place (the place of the scope granted:
    /// the province, the commune or the organisation).
    pub fn may_grant(&self, role: Role, place: &Place) -> bool {
        self.admin
            || self.grants.iter().any(|g| {
                role.granted_by().contains(&g.role) && g.role.permits(ManageAccess) && g.scope.covers(place)
            })
    }

    /// True when the person holds at least one role that grants others (shows the way to do it).
    pub fn grants_anything(&self) -> bool {
        self.admin || self.grants.iter().any(|g| g.role.permits(ManageAccess))
    }
}

/// A role to grant, as typed in a form or sent to the API. Which scope field counts depends on
/// the role.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GrantInput {
    /// `alliance_officer`, `commune_officer`, `manager` or `buyer`. Council members are
    /// assigned from their evaluation round.
    pub role: String,
    /// An alliance officer's province (a 2025 code); empty for the whole country.
    pub province: String,
    /// A commune officer's commune: its 5-digit code or its exact name.
    pub commune: String,
    /// `2025` (the default) or `2008`: the scheme the commune belongs to.
    pub commune_era: String,
    /// The province to look a commune name up in.
    pub commune_province: String,
    /// A manager's or a buyer's organisation.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<String>)]
    pub organisation_id: Option<String>,
}

/// What a grant's scope refers to, before the store has looked it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeRef {
    Country,
    Province(String),
    Commune {
        reference: CommuneRef,
        province_hint: Option<String>,
    },
    Organisation(i64),
}

impl GrantInput {
    /// Checks what needs no database: a role that can be granted here and the scope it takes.
    pub fn validate(&self) -> Result<(Role, ScopeRef), FieldErrors> {
        let mut errors = FieldErrors::new();
        let role = match self.role.trim() {
            "" => {
                errors.add("role", "required");
                return Err(errors);
            }
            raw => match Role::parse(raw) {
                Some(role) => role,
                None => {
                    errors.add_with("role", "invalid_choice", vec![("value", raw.to_owned())]);
                    return Err(errors);
                }
            },
        };
        let scope = match role.scope_kind() {
            ScopeKind::Province => self.province_ref(&mut errors),
            ScopeKind::Commune => self.commune_ref(&mut errors),
            ScopeKind::Organisation => self.organisation_ref(&mut errors),
            ScopeKind::Round => {
                errors.add("role", "assigned_in_round");
                None
            }
        };
        match scope {
            Some(scope) if errors.is_empty() => Ok((role, scope)),
            _ => Err(errors),
        }
    }

    fn province_ref(&self, errors: &mut FieldErrors) -> Option<ScopeRef> {
        match self.province.trim() {
            "" => Some(ScopeRef::Country),
            code if is_province_code(code) => Some(ScopeRef::Province(code.to_owned())),
            other => {
                errors.add_with("province", "invalid_choice", vec![("value", other.to_owned())]);
                None
            }
        }
    }

    fn commune_ref(&self, errors: &mut FieldErrors) -> Option<ScopeRef> {
        let reference = parse_commune_ref(&self.commune, Some(&self.commune_era), errors)?;
        let hint = self.commune_province.trim();
        Some(ScopeRef::Commune {
            reference,
            province_hint: is_province_code(hint).then(|| hint.to_owned()),
        })
    }

    fn organisation_ref(&self, errors: &mut FieldErrors) -> Option<ScopeRef> {
        let raw = self.organisation_id.as_deref().map(str::trim).unwrap_or("");
        match raw.parse::<i64>() {
            _ if raw.is_empty() => errors.add("organisation_id", "required"),
            Ok(id) if id > 0 => return Some(ScopeRef::Organisation(id)),
            _ => errors.add_with(
                "organisation_id",
                "unknown_organisation",
                vec![("value", raw.to_owned())],
            ),
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: i64, commune: i64, province: &str) -> Place {
        Place {
            organisation_id: Some(id),
            commune_id: Some(commune),
            current_commune_id: None,
            province_code: province.into(),
            round_id: None,
        }
    }

    fn holding(role: Role, scope: Scope) -> Access {
        Access {
            admin: false,
            grants: vec![Grant { role, scope }],
        }
    }

    #[test]
    fn a_province_officer_acts_inside_the_province_only() {
        let officer = holding(Role::AllianceOfficer, Scope::Province("19".into()));
        let inside = org(1, 100, "19");
        let outside = org(2, 200, "01");
        for p in [ReadPrivate, Edit, ChangeStatus, EditMembers, EditFigures, Create] {
            assert_eq!(officer.check(p, &inside), Ok(()), "{p:?}");
            assert_eq!(officer.check(p, &outside), Err(Denied::Hidden), "{p:?}");
        }
        let national = holding(Role::AllianceOfficer, Scope::Country);
        assert!(national.allows(Edit, &outside));
    }

    #[test]
    fn a_manager_keeps_its_data_but_not_its_status() {
        let manager = holding(Role::Manager, Scope::Organisation(1));
        let own = org(1, 100, "19");
        assert_eq!(manager.check(EditMembers, &own), Ok(()));
        assert_eq!(manager.check(ChangeStatus, &own), Err(Denied::Forbidden));
        assert_eq!(
            manager.check(ReadPrivate, &org(2, 100, "19")),
            Err(Denied::Hidden)
        );
    }

    #[test]
    fn a_commune_officer_reaches_the_communes_granted() {
        let officer = holding(Role::CommuneOfficer, Scope::Commune(100));
        assert!(officer.allows(Edit, &org(1, 100, "19")));
        assert!(!officer.allows(Edit, &org(2, 101, "19")));
        // An organisation recorded in an old commune that became part of commune 100.
        let in_old_commune = Place {
            current_commune_id: Some(100),
            ..org(3, 55, "19")
        };
        assert!(officer.allows(Edit, &in_old_commune));
    }

    #[test]
    fn the_public_and_evaluators_read_what_is_published_only() {
        let place = org(1, 100, "19");
        assert_eq!(Access::public().check(ReadPrivate, &place), Err(Denied::Hidden));
        let evaluator = holding(Role::Evaluator, Scope::Round(7));
        assert_eq!(evaluator.check(ReadPrivate, &place), Err(Denied::Hidden));
        assert!(Access::administrator().allows(ChangeStatus, &place));
    }

    #[test]
    fn a_grant_input_names_what_is_wrong() {
        let input = |role: &str, province: &str, org: Option<&str>| GrantInput {
            role: role.into(),
            province: province.into(),
            organisation_id: org.map(str::to_owned),
            ..GrantInput::default()
        };
        let codes = |i: GrantInput| {
            i.validate()
                .err()
                .map(|e| e.iter().map(|f| (f.field.clone(), f.code)).collect::<Vec<_>>())
        };
        assert_eq!(
            input("alliance_officer", "19", None).validate(),
            Ok((Role::AllianceOfficer, ScopeRef::Province("19".into())))
        );
        assert_eq!(
            input("alliance_officer", "", None).validate(),
            Ok((Role::AllianceOfficer, ScopeRef::Country))
        );
        assert_eq!(
            codes(input("alliance_officer", "1x", None)),
            Some(vec![("province".into(), "invalid_choice")])
        );
        assert_eq!(
            codes(input("", "", None)),
            Some(vec![("role".into(), "required")])
        );
        assert_eq!(
            codes(input("manager", "", Some("abc"))),
            Some(vec![("organisation_id".into(), "unknown_organisation")])
        );
        assert_eq!(
            codes(input("evaluator", "", None)),
            Some(vec![("role".into(), "assigned_in_round")])
        );
        assert_eq!(
            input("buyer", "", Some("12")).validate(),
            Ok((Role::Buyer, ScopeRef::Organisation(12)))
        );
    }

    #[test]
    fn granting_follows_the_granters_role_and_scope() {
        let officer = holding(Role::AllianceOfficer, Scope::Province("19".into()));
        let commune = Place {
            commune_id: Some(100),
            ..Place::province("19")
        };
        assert!(officer.may_grant(Role::CommuneOfficer, &commune));
        assert!(officer.may_grant(Role::Manager, &org(1, 100, "19")));
        assert!(!officer.may_grant(Role::Manager, &org(2, 200, "01")));
        assert!(!officer.may_grant(Role::AllianceOfficer, &commune));
        let commune_officer = holding(Role::CommuneOfficer, Scope::Commune(100));
        assert!(commune_officer.may_grant(Role::Manager, &org(1, 100, "19")));
        assert!(!commune_officer.may_grant(Role::CommuneOfficer, &commune));
        let manager = holding(Role::Manager, Scope::Organisation(1));
        assert!(!manager.may_grant(Role::Manager, &org(1, 100, "19")));
    }

    #[test]
    fn council_members_score_their_round_and_officers_run_it() {
        let round = Place {
            round_id: Some(7),
            ..Place::province("19")
        };
        let member = holding(Role::Evaluator, Scope::Round(7));
        assert!(member.allows(Score, &round));
        assert!(!member.allows(
            Score,
            &Place {
                round_id: Some(8),
                ..round.clone()
            }
        ));
        assert!(!member.allows(ManageOcop, &round));
        let officer = holding(Role::AllianceOfficer, Scope::Province("19".into()));
        assert!(officer.allows(ManageOcop, &round));
        assert!(!officer.allows(Score, &round));
        assert!(officer.may_grant(Role::Evaluator, &round));
        assert!(!officer.allows(ManageOcop, &Place::country()));
        let commune_officer = holding(Role::CommuneOfficer, Scope::Commune(100));
        assert!(!commune_officer.allows(ManageOcop, &round));
        assert!(holding(Role::AllianceOfficer, Scope::Country).allows(ManageOcop, &Place::country()));
    }
}
