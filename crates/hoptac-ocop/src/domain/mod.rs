//! The OCOP programme (Mỗi xã một sản phẩm): product groups of both schemes, scorecards as data,
//! the star rule, evaluation outcomes and certificate validity.
//!
//! Everything that the law may change is data handed in by the caller: a scorecard version (its
//! criterion tree, maxima, options and minimum criteria per star class) and a star rule set (the
//! thresholds, validity months and evaluation level of each class, with the date it took effect).
//! The functions here only apply them.

pub mod certificate;
pub mod inputs;
pub mod rating;
pub mod scorecard;

use chrono::NaiveDate;
use hoptac_core::vocabulary;

pub use rating::RECOGNISED_STARS as RECOGNISED;

vocabulary! {
    /// The decision whose criteria and product groups a product or a scorecard belongs to.
    Scheme {
        /// Decision 148/QĐ-TTg of 24 February 2023, in force.
        D148 = "148";
        /// Decision 1048/QĐ-TTg of 2019, replaced by Decision 148; old products keep its groups.
        D1048 = "1048";
    }
}

/// One of the three parts of a 100-point scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PartShape {
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
    pub max: u32,
}

impl Scheme {
    /// The decision's number as officials cite it.
    pub fn decision(self) -> &'static str {
        match self {
            Scheme::D148 => "148/QĐ-TTg",
            Scheme::D1048 => "1048/QĐ-TTg",
        }
    }

    /// Reads "148", "148/QĐ-TTg", "1048/QĐ-TTg" or "1048".
    pub fn from_decision(text: &str) -> Option<Scheme> {
        let number = text.trim().split('/').next().unwrap_or("").trim();
        Scheme::parse(number)
    }

    /// The day the decision's criteria took effect (148: signed 24/02/2023; 1048: 21/08/2019).
    pub fn in_force_from(self) -> NaiveDate {
        match self {
            Scheme::D148 => NaiveDate::from_ymd_opt(2023, 2, 24),
            Scheme::D1048 => NaiveDate::from_ymd_opt(2019, 8, 21),
        }
        .unwrap_or_default()
    }

    /// The scheme whose criteria apply to an evaluation held on `date`.
    pub fn in_force_on(date: NaiveDate) -> Scheme {
        if date >= Scheme::D148.in_force_from() {
            Scheme::D148
        } else {
            Scheme::D1048
        }
    }

    /// The three parts and their maxima (DOMAIN: 148 is 40/25/35, 1048 is 35/25/40).
    pub fn parts(self) -> [PartShape; 3] {
        let (a, c) = match self {
            Scheme::D148 => (40, 35),
            Scheme::D1048 => (35, 40),
        };
        [
            PartShape {
                code: "A",
                name_vi: "Tổ chức sản xuất và sức mạnh cộng đồng",
                name_en: "Production organisation and community strength",
                max: a,
            },
            PartShape {
                code: "B",
                name_vi: "Tiếp thị và câu chuyện sản phẩm",
                name_en: "Marketing and the product's story",
                max: 25,
            },
            PartShape {
                code: "C",
                name_vi: "Chất lượng sản phẩm",
                name_en: "Product quality",
                max: c,
            },
        ]
    }
}

vocabulary! {
    /// The product groups of both schemes. A product keeps the group it was registered in.
    ProductGroup {
        Food = "food";
        Drinks = "drinks";
        Herbs = "herbs";
        Handicrafts = "handicrafts";
        Ornamental = "ornamental";
        Tourism = "tourism";
        OldFood = "1048_food";
        OldDrinks = "1048_drinks";
        OldHerbs = "1048_herbs";
        OldTextiles = "1048_textiles";
        OldSouvenirs = "1048_souvenirs";
        OldTourism = "1048_tourism";
    }
}

impl ProductGroup {
    pub fn scheme(self) -> Scheme {
        use ProductGroup::*;
        match self {
            Food | Drinks | Herbs | Handicrafts | Ornamental | Tourism => Scheme::D148,
            OldFood | OldDrinks | OldHerbs | OldTextiles | OldSouvenirs | OldTourism => Scheme::D1048,
        }
    }

    pub fn of_scheme(scheme: Scheme) -> impl Iterator<Item = ProductGroup> {
        ProductGroup::ALL
            .iter()
            .copied()
            .filter(move |g| g.scheme() == scheme)
    }
}

vocabulary! {
    /// Why a product comes to a round.
    ApplicationKind {
        First = "first";
        Rerecognition = "rerecognition";
        Upgrade = "upgrade";
    }
}

vocabulary! {
    /// The level of council that rates a star class.
    Level {
        District = "district";
        Province = "province";
        Central = "central";
    }
}
