//! What every area knows of an organisation: its kind, its sector and its legal status, the
//! vocabularies the registry records and the other areas count and check against.

use crate::vocabulary;

vocabulary! {
    /// The kind of organisation (Law 17/2023/QH15 art. 4 for THT, HTX and LHHTX).
    OrgKind {
        Tht = "tht", "Tổ hợp tác", "Cooperative group";
        Htx = "htx", "Hợp tác xã", "Cooperative";
        Lhhtx = "lhhtx", "Liên hiệp hợp tác xã", "Union of cooperatives";
        Farm = "farm", "Trang trại", "Farm";
        Enterprise = "enterprise", "Doanh nghiệp", "Enterprise";
        HouseholdBusiness = "household_business", "Hộ kinh doanh", "Household business";
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
        Agriculture = "agriculture", "Nông, lâm, ngư nghiệp", "Agriculture, forestry and fishery";
        IndustryHandicraft = "industry_handicraft", "Công nghiệp, tiểu thủ công nghiệp", "Industry and handicraft";
        TradeServices = "trade_services", "Thương mại, dịch vụ", "Trade and services";
        Transport = "transport", "Vận tải", "Transport";
        Construction = "construction", "Xây dựng", "Construction";
        Credit = "credit", "Quỹ tín dụng nhân dân", "People's credit fund";
        Environment = "environment", "Vệ sinh môi trường", "Environmental services";
        Other = "other", "Lĩnh vực khác", "Other";
    }
}

vocabulary! {
    /// The legal state of an organisation from a given date.
    OrgStatus {
        Active = "active", "Đang hoạt động", "Active";
        Suspended = "suspended", "Tạm ngừng hoạt động", "Suspended";
        Dissolved = "dissolved", "Giải thể", "Dissolved";
        Bankrupt = "bankrupt", "Phá sản", "Bankrupt";
    }
}

impl OrgStatus {
    /// Dissolution and bankruptcy end an organisation: nothing follows them.
    pub fn is_final(self) -> bool {
        matches!(self, OrgStatus::Dissolved | OrgStatus::Bankrupt)
    }
}
