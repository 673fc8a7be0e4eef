//! Matching a buyer's demand with cooperatives' supply, across provinces, each match explained.
//!
//! An offer answers a demand when all of these hold (otherwise it is left out, and why is said
//! for offers of the product asked):
//!
//! - at least half the demand's words are words of the product's name (diacritics aside), and its OCOP group is the demand's when the demand names one;
//! - its unit measures what the demand's does (kg and tonnes compare, boxes and bottles do not);
//! - its season gives something over the demand's period;
//! - it delivers to the demand's province (the producer's own province always);
//! - the demand is not smaller than the offer's minimum order;
//! - when the demand asks for stars, the product holds an OCOP certificate of that many stars on
//!   the period's first day (or today, if the period has begun), and until the period's last day
//!   when the demand asks that;
//! - VietGAP and organic when asked;
//! - its lowest price is not above the demand's ceiling.
//!
//! Offers that answer are scored out of 100:
//!
//! | part | points |
//! |---|---|
//! | how much of the quantity its season gives over the period | 40 × share, at most 40 |
//! | OCOP stars holding | 4 per star (20 for 5 stars) |
//! | distance from the producer's province to the delivery province | 15 × (1 − km / 1,500), at least 0 |
//! | past deliveries: linkage contracts the producer delivered under in the two years before | 2 per contract, at most 10 |
//! | price against the cheapest offer that answers | 15 × cheapest / this |
//!
//! Ties go to the larger supply, then to the older listing. When no one offer covers the
//! quantity, the best offers are taken in rank order until they do together ([`Together`]).

use super::inputs::DemandFields;
use super::{distance, Season, Unit, UnitPrice};
use chrono::NaiveDate;
use hoptac_ocop::domain::ProductGroup;
use std::collections::HashSet;

/// The distance at which an offer's distance points reach zero: about the length of the country.
pub const FAR_KM: f64 = 1_500.0;

/// The years of past deliveries a producer's record counts.
pub const RECORD_YEARS: u32 = 2;

/// An OCOP certificate a product holds on the day the demand asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub stars: u8,
    /// The first day it no longer holds.
    pub expires_on: NaiveDate,
}

/// One listing as matching weighs it.
#[derive(Debug, Clone)]
pub struct Offer {
    pub listing_id: i64,
    /// The producer's 2025 province.
    pub province_code: String,
    /// The product's name, as [`hoptac_core::text::searchable`] keeps it.
    pub words: String,
    pub product_group: ProductGroup,
    pub season: Season,
    pub unit: Unit,
    /// In `unit`.
    pub monthly_volume: i64,
    /// Đồng per `unit`.
    pub price_min: i64,
    /// In `unit`.
    pub min_order: Option<i64>,
    /// 2025 provinces; empty for the whole country.
    pub delivers_to: Vec<String>,
    pub vietgap: bool,
    pub organic: bool,
    /// The certificate holding on [`check_day`].
    pub certificate: Option<Held>,
    /// The linkage contracts the producer delivered under in the [`RECORD_YEARS`] before the
    /// day matching reads: its record of delivering.
    pub contracts_delivered: u32,
}

impl Offer {
    fn price(&self) -> UnitPrice {
        UnitPrice {
            amount: self.price_min,
            unit: self.unit,
        }
    }

    fn delivers_to(&self, province: &str) -> bool {
        self.delivers_to.is_empty()
            || self.province_code == province
            || self.delivers_to.iter().any(|p| p == province)
    }
}

/// The day a demand's certificate requirement is checked on: its first day, or today when the
/// period has begun.
pub fn check_day(demand: &DemandFields, today: NaiveDate) -> NaiveDate {
    demand.starts_on.max(today)
}

/// Why an offer ranks where it does; each is said in the reader's language by the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// `found` of the demand's `of` words are in the product's name or description.
    Words {
        found: usize,
        of: usize,
    },
    /// Its season gives `quantity` (in `unit`, the measure's smallest) over the period: `percent`
    /// of the demand, at most 100.
    Supply {
        percent: u32,
        quantity: i64,
        unit: Unit,
    },
    /// Only `in_season` of the `months` the period touches are in its season.
    PartSeason {
        in_season: u32,
        months: u32,
    },
    /// An OCOP certificate of `stars` stars, holding until the day before `expires_on`.
    Stars {
        stars: u8,
        expires_on: NaiveDate,
    },
    NoCertificate,
    SameProvince,
    /// The producer's province seat lies `km` from the delivery province's.
    Distance {
        km: u32,
    },
    /// The producer delivered under `contracts` linkage contracts in the last [`RECORD_YEARS`].
    Delivered {
        contracts: u32,
    },
    /// The cheapest of the offers that answer.
    Cheapest,
    /// `percent` dearer than the cheapest offer that answers.
    Dearer {
        percent: u32,
    },
}

/// Why an offer of the product asked does not answer the demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    OtherGroup,
    /// Its unit measures something else than the demand's.
    OtherMeasure {
        unit: Unit,
    },
    /// Its season gives nothing over the period.
    OutOfSeason,
    NoDelivery,
    /// The demand is smaller than its minimum order (`min_order` in `unit`).
    BelowMinOrder {
        min_order: i64,
        unit: Unit,
    },
    /// It holds no certificate of the stars asked on the day checked.
    TooFewStars {
        wanted: u8,
        held: Option<u8>,
    },
    /// Its certificate stops holding on `expires_on`, before the period's end.
    ExpiresInPeriod {
        expires_on: NaiveDate,
    },
    NoVietGap,
    NotOrganic,
    /// Its lowest price (per its unit) is above the ceiling (per the demand's unit).
    AboveCeiling {
        price: UnitPrice,
        ceiling: UnitPrice,
    },
}

/// An offer that answers, with its score and reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub listing_id: i64,
    /// 0 to 100.
    pub score: u32,
    /// What its season gives over the period, in the demand's measure's smallest unit.
    pub supply: i64,
    pub reasons: Vec<Reason>,
}

/// Several offers that meet one demand together, in rank order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Together {
    pub listing_ids: Vec<i64>,
    /// What they give together, in the measure's smallest unit.
    pub supply: i64,
    /// True when they cover the whole quantity.
    pub covers: bool,
}

/// The offers that answer a demand, best first; those of the product asked that do not, and why;
/// and the best offers together when no one covers the quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub matches: Vec<Match>,
    pub excluded: Vec<(i64, Exclusion)>,
    pub together: Option<Together>,
}

/// How an offer stands against a demand before prices are compared.
struct Eligible {
    listing_id: i64,
    points: f64,
    supply: i64,
    price_per_base: f64,
    reasons: Vec<Reason>,
}

/// The words of a demand that matter: those [`hoptac_core::text::search_terms`] keeps.
fn words_found(demand_words: &[String], offer_words: &str) -> (usize, usize) {
    let offered: HashSet<&str> = offer_words.split(' ').collect();
    let found = demand_words
        .iter()
        .filter(|w| offered.contains(w.as_str()))
        .count();
    (found, demand_words.len())
}

/// True when an offer names the product a demand asks for (half its words or more).
pub fn names_the_product(demand_words: &[String], offer_words: &str) -> bool {
    let (found, of) = words_found(demand_words, offer_words);
    found > 0 && found * 2 >= of
}

/// Weighs one offer against a demand: its points before price, or why it does not answer.
fn weigh(offer: &Offer, demand: &DemandFields, words: (usize, usize)) -> Result<Eligible, Exclusion> {
    if demand.product_group.is_some_and(|g| g != offer.product_group) {
        return Err(Exclusion::OtherGroup);
    }
    if !offer.unit.compares_with(demand.unit) {
        return Err(Exclusion::OtherMeasure { unit: offer.unit });
    }
    let season = offer
        .season
        .supply_over(offer.monthly_volume, demand.starts_on, demand.ends_on);
    let supply = offer.unit.to_base(season.quantity);
    if supply <= 0 {
        return Err(Exclusion::OutOfSeason);
    }
    if !offer.delivers_to(&demand.delivery_province) {
        return Err(Exclusion::NoDelivery);
    }
    let wanted = demand.unit.to_base(demand.quantity);
    if let Some(min_order) = offer.min_order {
        if wanted < offer.unit.to_base(min_order) {
            return Err(Exclusion::BelowMinOrder {
                min_order,
                unit: offer.unit,
            });
        }
    }
    // A certificate read on an earlier day (a listing weighed against many demands) that ends
    // before the period begins holds nothing for it.
    let certificate = offer
        .certificate
        .filter(|held| held.expires_on > demand.starts_on);
    if let Some(stars) = demand.min_stars {
        match certificate {
            Some(held) if held.stars >= stars => {
                // Read on another day than the period's first (a listing weighed against
                // demands), a certificate may end before the period begins.
                let last_needed = if demand.certificate_through_period {
                    demand.ends_on
                } else {
                    demand.starts_on
                };
                if held.expires_on <= last_needed {
                    return Err(Exclusion::ExpiresInPeriod {
                        expires_on: held.expires_on,
                    });
                }
            }
            held => {
                return Err(Exclusion::TooFewStars {
                    wanted: stars,
                    held: held.map(|h| h.stars),
                })
            }
        }
    }
    if demand.vietgap && !offer.vietgap {
        return Err(Exclusion::NoVietGap);
    }
    if demand.organic && !offer.organic {
        return Err(Exclusion::NotOrganic);
    }
    if let Some(ceiling) = demand.ceiling() {
        if !offer.price().at_most(ceiling) {
            return Err(Exclusion::AboveCeiling {
                price: offer.price(),
                ceiling,
            });
        }
    }
    let share = (supply as f64 / wanted.max(1) as f64).min(1.0);
    let mut reasons = vec![
        Reason::Words {
            found: words.0,
            of: words.1,
        },
        Reason::Supply {
            percent: (share * 100.0).floor() as u32,
            quantity: supply,
            unit: offer.unit.base(),
        },
    ];
    if season.months_in_season < season.months_touched {
        reasons.push(Reason::PartSeason {
            in_season: season.months_in_season,
            months: season.months_touched,
        });
    }
    let mut points = 40.0 * share;
    match certificate {
        Some(held) => {
            points += 4.0 * f64::from(held.stars.min(5));
            reasons.push(Reason::Stars {
                stars: held.stars,
                expires_on: held.expires_on,
            });
        }
        None => reasons.push(Reason::NoCertificate),
    }
    let km = distance::between_provinces(&offer.province_code, &demand.delivery_province);
    match km {
        Some(0) => reasons.push(Reason::SameProvince),
        Some(km) => reasons.push(Reason::Distance { km }),
        None => {}
    }
    points += 15.0 * (1.0 - f64::from(km.unwrap_or(0)) / FAR_KM).max(0.0);
    if offer.contracts_delivered > 0 {
        points += 2.0 * f64::from(offer.contracts_delivered.min(5));
        reasons.push(Reason::Delivered {
            contracts: offer.contracts_delivered,
        });
    }
    Ok(Eligible {
        listing_id: offer.listing_id,
        points,
        supply,
        price_per_base: offer.price().per_base(),
        reasons,
    })
}

/// Ranks `offers` for a demand (see the module's rules).
pub fn rank(demand: &DemandFields, offers: &[Offer]) -> Ranking {
    let demand_words = hoptac_core::text::search_terms(&demand.product);
    let mut eligible = Vec::new();
    let mut excluded = Vec::new();
    for offer in offers {
        let words = words_found(&demand_words, &offer.words);
        if !names_the_product(&demand_words, &offer.words) {
            continue;
        }
        match weigh(offer, demand, words) {
            Ok(e) => eligible.push(e),
            Err(why) => excluded.push((offer.listing_id, why)),
        }
    }
    let cheapest = eligible
        .iter()
        .map(|e| e.price_per_base)
        .fold(f64::INFINITY, f64::min);
    let mut matches: Vec<Match> = eligible
        .into_iter()
        .map(|mut e| {
            let ratio = cheapest / e.price_per_base;
            e.points += 15.0 * ratio;
            if ratio >= 1.0 {
                e.reasons.push(Reason::Cheapest);
            } else {
                let dearer = (e.price_per_base / cheapest - 1.0) * 100.0;
                e.reasons.push(Reason::Dearer {
                    percent: dearer.round() as u32,
                });
            }
            Match {
                listing_id: e.listing_id,
                score: e.points.round().clamp(0.0, 100.0) as u32,
                supply: e.supply,
                reasons: e.reasons,
            }
        })
        .collect();
    matches.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.supply.cmp(&a.supply))
            .then(a.listing_id.cmp(&b.listing_id))
    });
    let together = together(&matches, demand.unit.to_base(demand.quantity));
    Ranking {
        matches,
        excluded,
        together,
    }
}

/// The best offers in rank order until they cover `wanted`; `None` when the first covers it alone
/// or fewer than two answer.
fn together(matches: &[Match], wanted: i64) -> Option<Together> {
    if matches.len() < 2 || matches[0].supply >= wanted {
        return None;
    }
    let mut taken = Vec::new();
    let mut supply = 0i64;
    for m in matches {
        taken.push(m.listing_id);
        supply = supply.saturating_add(m.supply);
        if supply >= wanted {
            break;
        }
    }
    Some(Together {
        listing_ids: taken,
        supply,
        covers: supply >= wanted,
    })
}

/// How one offer stands against each of several demands, for the listing's side: the demands it
/// answers, best first, as (demand's index, match). Price points are full: the offer is compared
/// with itself.
pub fn rank_demands(offer: &Offer, demands: &[DemandFields]) -> Vec<(usize, Match)> {
    let mut found: Vec<(usize, Match)> = demands
        .iter()
        .enumerate()
        .filter_map(|(i, demand)| {
            let ranking = rank(demand, std::slice::from_ref(offer));
            // Compared with itself, the offer is always the cheapest: not a reason worth saying.
            ranking.matches.into_iter().next().map(|mut m| {
                m.reasons.retain(|r| *r != Reason::Cheapest);
                (i, m)
            })
        })
        .collect();
    found.sort_by(|(ia, a), (ib, b)| b.score.cmp(&a.score).then(ia.cmp(ib)));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DemandState;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn tea(id: i64, province: &str) -> Offer {
        Offer {
            listing_id: id,
            province_code: province.into(),
            words: "che bup tan cuong".into(),
            product_group: ProductGroup::Drinks,
            season: Season::ALL_YEAR,
            unit: Unit::Kg,
            monthly_volume: 1_000,
            price_min: 200_000,
            min_order: None,
            delivers_to: Vec::new(),
            vietgap: false,
            organic: false,
            certificate: None,
            contracts_delivered: 0,
        }
    }

    /// 6 tonnes of tea to Hà Nội from January to June 2027, 4-star certificates through the period.
    fn demand() -> DemandFields {
        DemandFields {
            buyer_id: 1,
            product: "Chè búp".into(),
            product_group: None,
            quantity: 6,
            unit: Unit::Tonne,
            starts_on: day(2027, 1, 1),
            ends_on: day(2027, 6, 30),
            delivery_province: "01".into(),
            min_stars: Some(4),
            certificate_through_period: true,
            vietgap: false,
            organic: false,
            price_ceiling: Some(250_000_000),
            notes: None,
            state: DemandState::Open,
        }
    }

    #[test]
    fn past_deliveries_count_two_points_a_contract_up_to_five() {
        let held = Some(Held {
            stars: 4,
            expires_on: day(2028, 1, 1),
        });
        let new_one = Offer {
            certificate: held,
            ..tea(1, "19")
        };
        let proven = Offer {
            listing_id: 2,
            contracts_delivered: 3,
            ..new_one.clone()
        };
        let veteran = Offer {
            listing_id: 3,
            contracts_delivered: 9,
            ..new_one.clone()
        };
        let ranking = rank(&demand(), &[new_one, proven, veteran]);
        let scores: Vec<(i64, u32)> = ranking.matches.iter().map(|m| (m.listing_id, m.score)).collect();
        // 85 without a record (see the test below); 3 contracts add 6, 9 count as 5 and add 10.
        assert_eq!(scores, [(3, 95), (2, 91), (1, 85)]);
        assert!(ranking.matches[1]
            .reasons
            .contains(&Reason::Delivered { contracts: 3 }));
        assert!(!ranking.matches[2]
            .reasons
            .iter()
            .any(|r| matches!(r, Reason::Delivered { .. })));
    }

    #[test]
    fn a_match_is_scored_and_explained_by_hand() {
        // Thái Nguyên (62 km from Hà Nội), 1,000 kg a month all year: 6,000 kg over six months,
        // the whole demand (40); 4 stars (16); 15 × (1 − 62/1500) = 14.38; the only offer, so
        // the cheapest (15); no deliveries before. 85.38 rounds to 85.
        let offer = Offer {
            certificate: Some(Held {
                stars: 4,
                expires_on: day(2028, 3, 1),
            }),
            ..tea(1, "19")
        };
        let ranking = rank(&demand(), &[offer]);
        assert_eq!(ranking.excluded, vec![]);
        let m = &ranking.matches[0];
        let km = distance::between_provinces("19", "01").unwrap_or_default();
        let expected = 40.0 + 16.0 + 15.0 * (1.0 - f64::from(km) / FAR_KM) + 15.0;
        assert_eq!(m.score, expected.round() as u32);
        assert_eq!(m.supply, 6_000);
        assert_eq!(
            m.reasons,
            vec![
                Reason::Words { found: 2, of: 2 },
                Reason::Supply {
                    percent: 100,
                    quantity: 6_000,
                    unit: Unit::Kg
                },
                Reason::Stars {
                    stars: 4,
                    expires_on: day(2028, 3, 1)
                },
                Reason::Distance { km },
                Reason::Cheapest,
            ]
        );
    }

    #[test]
    fn a_certificate_that_expires_mid_period_leaves_the_product_out() {
        let expiring = Offer {
            certificate: Some(Held {
                stars: 5,
                expires_on: day(2027, 4, 1),
            }),
            ..tea(1, "19")
        };
        let ranking = rank(&demand(), std::slice::from_ref(&expiring));
        assert_eq!(ranking.matches, vec![]);
        assert_eq!(
            ranking.excluded,
            vec![(
                1,
                Exclusion::ExpiresInPeriod {
                    expires_on: day(2027, 4, 1)
                }
            )]
        );
        // Asked only at the start, the same certificate answers.
        let at_start = DemandFields {
            certificate_through_period: false,
            ..demand()
        };
        assert_eq!(rank(&at_start, &[expiring]).matches.len(), 1);
        let three = Offer {
            certificate: Some(Held {
                stars: 3,
                expires_on: day(2029, 1, 1),
            }),
            ..tea(2, "19")
        };
        assert_eq!(
            rank(&demand(), &[three]).excluded,
            vec![(
                2,
                Exclusion::TooFewStars {
                    wanted: 4,
                    held: Some(3)
                }
            )]
        );
    }

    #[test]
    fn capacity_over_a_period_that_crosses_a_seasons_end() {
        // Oranges from October to December, 3,000 kg a month; wanted 10 tonnes from 15 November
        // to 15 January: 16/30 of November (1,600) and December (3,000) give 4,600 kg, 46 %.
        let oranges = Offer {
            words: "cam sanh bac kan".into(),
            product_group: ProductGroup::Food,
            season: Season::of_months([10, 11, 12]).unwrap_or_default(),
            monthly_volume: 3_000,
            price_min: 25_000,
            ..tea(3, "19")
        };
        let wanted = DemandFields {
            product: "Cam sành".into(),
            quantity: 10,
            starts_on: day(2026, 11, 15),
            ends_on: day(2027, 1, 15),
            min_stars: None,
            certificate_through_period: false,
            price_ceiling: None,
            ..demand()
        };
        let ranking = rank(&wanted, &[oranges]);
        let m = &ranking.matches[0];
        assert_eq!(m.supply, 4_600);
        assert!(m.reasons.contains(&Reason::Supply {
            percent: 46,
            quantity: 4_600,
            unit: Unit::Kg
        }));
        assert!(m.reasons.contains(&Reason::PartSeason {
            in_season: 2,
            months: 3
        }));
        // 40 × 0.46 + 0 stars + distance + 15 cheapest.
        let km = distance::between_provinces("19", "01").unwrap_or_default();
        let expected = 40.0 * 0.46 + 15.0 * (1.0 - f64::from(km) / FAR_KM) + 15.0;
        assert_eq!(m.score, expected.round() as u32);
    }

    #[test]
    fn several_cooperatives_meet_one_demand_together() {
        // 6 tonnes wanted; three offers of 500 kg a month (3,000 kg over six months) each, no
        // stars asked. The first two in rank cover it together.
        let wanted = DemandFields {
            min_stars: None,
            certificate_through_period: false,
            ..demand()
        };
        let offers = [
            Offer {
                monthly_volume: 500,
                ..tea(1, "96")
            },
            Offer {
                monthly_volume: 500,
                ..tea(2, "19")
            },
            Offer {
                monthly_volume: 500,
                ..tea(3, "01")
            },
        ];
        let ranking = rank(&wanted, &offers);
        let order: Vec<i64> = ranking.matches.iter().map(|m| m.listing_id).collect();
        // Hà Nội itself first, then Thái Nguyên, then Cà Mau, far away.
        assert_eq!(order, vec![3, 2, 1]);
        assert_eq!(
            ranking.together,
            Some(Together {
                listing_ids: vec![3, 2],
                supply: 6_000,
                covers: true
            })
        );
    }

    #[test]
    fn price_ceiling_units_and_delivery_leave_offers_out() {
        let wanted = DemandFields {
            min_stars: None,
            certificate_through_period: false,
            ..demand()
        };
        let dear = Offer {
            price_min: 260_000,
            ..tea(1, "19")
        };
        let boxed = Offer {
            unit: Unit::Box,
            ..tea(2, "19")
        };
        let local = Offer {
            delivers_to: vec!["19".into()],
            ..tea(3, "19")
        };
        let other = Offer {
            words: "mat ong rung".into(),
            ..tea(4, "19")
        };
        let ranking = rank(&wanted, &[dear, boxed, local, other]);
        assert_eq!(ranking.matches, vec![]);
        assert_eq!(
            ranking.excluded,
            vec![
                (
                    1,
                    Exclusion::AboveCeiling {
                        price: UnitPrice {
                            amount: 260_000,
                            unit: Unit::Kg
                        },
                        ceiling: UnitPrice {
                            amount: 250_000_000,
                            unit: Unit::Tonne
                        }
                    }
                ),
                (2, Exclusion::OtherMeasure { unit: Unit::Box }),
                (3, Exclusion::NoDelivery),
            ]
        );
    }

    #[test]
    fn a_dearer_offer_is_told_by_how_much() {
        let wanted = DemandFields {
            min_stars: None,
            certificate_through_period: false,
            price_ceiling: None,
            ..demand()
        };
        let cheap = tea(1, "19");
        let dear = Offer {
            price_min: 250_000,
            ..tea(2, "19")
        };
        let ranking = rank(&wanted, &[cheap, dear]);
        assert!(ranking.matches[1]
            .reasons
            .contains(&Reason::Dearer { percent: 25 }));
        // 15 × 200/250 = 12 price points against 15: three points apart.
        assert_eq!(ranking.matches[0].score - ranking.matches[1].score, 3);
    }
}
