//! What every area knows of an organisation: its kind, its sector and its legal status, the
//! vocabularies the registry records and the other areas count and check against.

use crate::vocabulary;

vocabulary! {
    /// The kind of organisation (Law 17/2023/QH15 art. 4 for THT, HTX and LHHTX).
    OrgKind {
        Tht = "tht";
        Htx = "htx";
        Lhhtx = "lhhtx";
        Farm = "farm";
        Enterprise = "enterprise";
        HouseholdBusiness = "household_business";
    }
}

impl OrgKind {
    /// The short form officials write: THT, HTX, LHHTX.
    pub fn abbreviation(self) -> &'static str {
        match self {
            OrgKind::Tht => "THT",
            OrgKind::Htx => "HTX",
            OrgKind::Lhhtx => "LHHTX",
            OrgKind::Farm => "TT",
            OrgKind::Enterprise => "DN",
            OrgKind::HouseholdBusiness => "HKD",
        }
    }

    /// Cooperative groups, cooperatives and unions have members; the others do not.
    pub fn has_members(self) -> bool {
        matches!(self, OrgKind::Tht | OrgKind::Htx | OrgKind::Lhhtx)
    }

    /// Kinds that may use a 12-digit personal number as their tax code.
    pub fn may_use_personal_tax_code(self) -> bool {
        matches!(self, OrgKind::Tht | OrgKind::Farm | OrgKind::HouseholdBusiness)
    }
}

vocabulary! {
    /// Field of activity, as provincial reports group them.
    Sector {
        Agriculture = "agriculture";
        IndustryHandicraft = "industry_handicraft";
        TradeServices = "trade_services";
        Transport = "transport";
        Construction = "construction";
        Credit = "credit";
        Environment = "environment";
        Other = "other";
    }
}

vocabulary! {
    /// The legal state of an organisation from a given date.
    OrgStatus {
        Active = "active";
        Suspended = "suspended";
        Dissolved = "dissolved";
        Bankrupt = "bankrupt";
    }
}

impl OrgStatus {
    /// Dissolution and bankruptcy end an organisation: nothing follows them.
    pub fn is_final(self) -> bool {
        matches!(self, OrgStatus::Dissolved | OrgStatus::Bankrupt)
    }
}
