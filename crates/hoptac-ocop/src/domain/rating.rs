//! From points to stars. A council's members each fill a sheet; the consolidated score is the
//! average of their totals; the star class follows from the thresholds of the rule set in force,
//! provided the product meets every minimum criterion of that class and of the classes below it.
//! Averages are kept as a sum over a count so that a threshold is never missed by rounding.

use super::scorecard::{Criterion, GradeOption, Scorecard};
use super::Level;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One star class of a rule set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StarClass {
    pub stars: u8,
    /// The lowest average total that reaches the class.
    pub min_score: u32,
    /// How long its certificate is valid; `None` when the class earns no certificate.
    pub validity_months: Option<u32>,
    /// The council that rates the class.
    pub level: Level,
}

/// The thresholds, validity and levels in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StarRules {
    pub effective_from: NaiveDate,
    /// The legal source, e.g. "1489/QĐ-TTg".
    pub source: String,
    /// Ordered by stars, lowest first.
    pub classes: Vec<StarClass>,
}

/// The lowest star class that makes a product an "OCOP product" with a certificate.
pub const RECOGNISED_STARS: u8 = 3;

impl StarRules {
    pub fn class(&self, stars: u8) -> Option<&StarClass> {
        self.classes.iter().find(|c| c.stars == stars)
    }

    /// The highest class whose threshold the score reaches (0 when it reaches none).
    pub fn stars_by_total(&self, score: Score) -> u8 {
        self.classes
            .iter()
            .filter(|c| score.at_least(c.min_score))
            .map(|c| c.stars)
            .max()
            .unwrap_or(0)
    }

    /// The rule set in force on `date` among several (each with its own effective date).
    pub fn in_force(sets: &[StarRules], date: NaiveDate) -> Option<&StarRules> {
        sets.iter()
            .filter(|s| s.effective_from <= date)
            .max_by_key(|s| s.effective_from)
    }
}

/// An average kept exactly: `sum / count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Score {
    pub sum: u32,
    pub count: u32,
}

impl Score {
    pub fn single(points: u32) -> Score {
        Score {
            sum: points,
            count: 1,
        }
    }

    pub fn at_least(self, threshold: u32) -> bool {
        self.count > 0 && self.sum >= threshold * self.count
    }

    pub fn value(self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            f64::from(self.sum) / f64::from(self.count)
        }
    }
}

/// The sheets of one product put together: per criterion and in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Consolidated {
    pub total: Score,
    /// Each criterion's points summed over the sheets (divide by `total.count` for the average).
    pub by_criterion: BTreeMap<String, u32>,
    /// The lowest and highest total among the sheets: the council's spread.
    pub lowest: u32,
    pub highest: u32,
}

impl Consolidated {
    /// Puts checked sheets together; `None` when there are none.
    pub fn of(sheets: &[BTreeMap<String, u32>]) -> Option<Consolidated> {
        let totals: Vec<u32> = sheets.iter().map(|s| s.values().sum()).collect();
        let mut by_criterion = BTreeMap::new();
        for sheet in sheets {
            for (code, points) in sheet {
                *by_criterion.entry(code.clone()).or_insert(0) += points;
            }
        }
        Some(Consolidated {
            total: Score {
                sum: totals.iter().sum(),
                count: u32::try_from(sheets.len()).ok()?,
            },
            by_criterion,
            lowest: *totals.iter().min()?,
            highest: *totals.iter().max()?,
        })
    }

    pub fn criterion(&self, code: &str) -> Score {
        Score {
            sum: self.by_criterion.get(code).copied().unwrap_or(0),
            count: self.total.count,
        }
    }
}

/// A minimum criterion the product does not meet.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct MissedMinimum {
    pub stars: u8,
    pub criterion: String,
    pub at_least: u32,
    /// The product's (average) points on it.
    pub points: f64,
}

/// The stars a consolidated score earns.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Rating {
    /// The stars awarded (0 when the score reaches no class).
    pub stars: u8,
    /// The stars the total alone would reach.
    pub stars_by_total: u8,
    /// Minimums of the classes up to `stars_by_total` that the product misses.
    pub missed_minimums: Vec<MissedMinimum>,
    /// A class the product reaches that a council of this level cannot award: it goes up.
    pub referred_stars: Option<u8>,
    /// Reaches five stars at province level: "tiềm năng 5 sao" until the national council decides.
    pub potential_five_stars: bool,
}

impl Rating {
    pub fn is_recognised(&self) -> bool {
        self.stars >= RECOGNISED_STARS
    }
}

/// The minimums of a class and of every class below it that the product misses.
pub fn missed_minimums(card: &Scorecard, consolidated: &Consolidated, stars: u8) -> Vec<MissedMinimum> {
    card.minimums
        .iter()
        .filter(|m| m.stars <= stars)
        .filter_map(|m| {
            let score = consolidated.criterion(&m.criterion);
            (!score.at_least(m.at_least)).then(|| MissedMinimum {
                stars: m.stars,
                criterion: m.criterion.clone(),
                at_least: m.at_least,
                points: score.value(),
            })
        })
        .collect()
}

/// Rates a product. `level` is the council's: a class rated above it is not awarded here but
/// referred up, and the product keeps the highest class this council may award.
pub fn rate(rules: &StarRules, card: &Scorecard, consolidated: &Consolidated, level: Level) -> Rating {
    let by_total = rules.stars_by_total(consolidated.total);
    let missed = missed_minimums(card, consolidated, by_total);
    let meets = |stars: u8| missed.iter().all(|m| m.stars > stars);
    let earned = (0..=by_total).rev().find(|&s| meets(s)).unwrap_or(0);
    let may_award = |stars: u8| rules.class(stars).is_none_or(|c| c.level <= level);
    let awarded = (0..=earned).rev().find(|&s| may_award(s)).unwrap_or(0);
    let referred_stars = (awarded < earned).then_some(earned);
    Rating {
        stars: awarded,
        stars_by_total: by_total,
        missed_minimums: missed,
        referred_stars,
        potential_five_stars: referred_stars == Some(5) && level == Level::Province,
    }
}

/// One criterion where points can still be won.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Headroom {
    pub criterion: Criterion,
    pub points: u32,
    /// The next graded answer above the present one, when the criterion has options.
    pub next: Option<GradeOption>,
}

/// What stands between a self-assessed product and the next star.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct NextStar {
    pub stars: u8,
    /// Points still missing from the total (0 when only minimums hold it back).
    pub points_needed: u32,
    /// Minimums of the next class not yet met.
    pub missed_minimums: Vec<MissedMinimum>,
    /// Criteria with points still to win, the largest first.
    pub headroom: Vec<Headroom>,
}

/// The next class above `rating` for one sheet, criterion by criterion; `None` at the top.
pub fn next_star(
    rules: &StarRules,
    card: &Scorecard,
    sheet: &BTreeMap<String, u32>,
    rating: &Rating,
) -> Option<NextStar> {
    let next = rules.classes.iter().find(|c| c.stars > rating.stars)?;
    let consolidated = Consolidated::of(std::slice::from_ref(sheet))?;
    let total = consolidated.total.sum;
    let mut headroom: Vec<Headroom> = card
        .criteria
        .iter()
        .filter_map(|criterion| {
            let points = sheet.get(&criterion.code).copied().unwrap_or(0);
            (points < criterion.max).then(|| Headroom {
                criterion: criterion.clone(),
                points,
                next: criterion.next_option_above(points).cloned(),
            })
        })
        .collect();
    headroom.sort_by_key(|h| std::cmp::Reverse(h.criterion.max - h.points));
    Some(NextStar {
        stars: next.stars,
        points_needed: next.min_score.saturating_sub(total),
        missed_minimums: missed_minimums(card, &consolidated, next.stars),
        headroom,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::scorecard::tests::small_rows;
    use proptest::prelude::*;

    /// The thresholds of DOMAIN.md with the levels of Decision 1489 (July 2025).
    pub fn rules_2025() -> StarRules {
        let class = |stars, min_score, months, level| StarClass {
            stars,
            min_score,
            validity_months: months,
            level,
        };
        StarRules {
            effective_from: NaiveDate::from_ymd_opt(2025, 7, 1).expect("date"),
            source: "1489/QĐ-TTg".into(),
            classes: vec![
                class(1, 0, None, Level::Province),
                class(2, 30, None, Level::Province),
                class(3, 50, Some(36), Level::Province),
                class(4, 70, Some(36), Level::Province),
                class(5, 90, Some(36), Level::Central),
            ],
        }
    }

    fn card() -> Scorecard {
        Scorecard::from_rows(&small_rows()).expect("valid")
    }

    /// A sheet of the small card totalling `total`, with C2 (the 3-star minimum) at `c2` and C1
    /// (the 4-star minimum, 20) as high as the total allows.
    fn sheet(total: u32, c2: u32) -> BTreeMap<String, u32> {
        let mut rest = total - c2;
        let mut take = |max: u32| {
            let p = rest.min(max);
            rest -= p;
            p
        };
        let c1 = take(35);
        let a1 = take(35);
        let b1 = take(25);
        BTreeMap::from([
            ("A1".into(), a1),
            ("B1".into(), b1),
            ("C1".into(), c1),
            ("C2".into(), c2),
        ])
    }

    fn stars_of(total: u32) -> u8 {
        let c2 = if total >= 5 { 5 } else { 0 };
        let c = Consolidated::of(&[sheet(total, c2)]).expect("one sheet");
        rate(&rules_2025(), &card(), &c, Level::Central).stars
    }

    #[test]
    fn every_threshold_edge() {
        for (below, at, stars) in [(29, 30, 2), (49, 50, 3), (69, 70, 4), (89, 90, 5)] {
            assert_eq!(stars_of(below), stars - 1, "{below}");
            assert_eq!(stars_of(at), stars, "{at}");
        }
        assert_eq!(stars_of(100), 5);
        assert_eq!(stars_of(0), 1);
    }

    #[test]
    fn an_average_just_below_a_threshold_stays_below() {
        // 69 and 70 average 69.5: still three stars.
        let c = Consolidated::of(&[sheet(69, 5), sheet(70, 5)]).expect("sheets");
        assert_eq!(c.total, Score { sum: 139, count: 2 });
        assert_eq!((c.lowest, c.highest), (69, 70));
        assert_eq!(rate(&rules_2025(), &card(), &c, Level::Province).stars, 3);
    }

    #[test]
    fn a_missed_minimum_holds_the_product_below_the_class() {
        // 75 points, but C2 (needed for 3 stars) at 0: the total says four, the product gets two.
        let c = Consolidated::of(&[sheet(75, 0)]).expect("sheet");
        let rating = rate(&rules_2025(), &card(), &c, Level::Province);
        assert_eq!(rating.stars_by_total, 4);
        assert_eq!(rating.stars, 2);
        assert_eq!(rating.missed_minimums[0].criterion, "C2");
        assert!(!rating.is_recognised());
        // 70 points with C1 at 15 < 20: three stars, not four.
        let mut s = sheet(70, 5);
        s.insert("C1".into(), 15);
        s.insert("A1".into(), 35);
        s.insert("B1".into(), 15);
        let c = Consolidated::of(&[s]).expect("sheet");
        assert_eq!(c.total.sum, 70);
        assert_eq!(rate(&rules_2025(), &card(), &c, Level::Province).stars, 3);
    }

    #[test]
    fn ninety_at_province_level_is_potential_five_stars() {
        let c = Consolidated::of(&[sheet(92, 5)]).expect("sheet");
        let rating = rate(&rules_2025(), &card(), &c, Level::Province);
        assert_eq!(rating.stars, 4);
        assert_eq!(rating.referred_stars, Some(5));
        assert!(rating.potential_five_stars);
        assert_eq!(rate(&rules_2025(), &card(), &c, Level::Central).stars, 5);
    }

    #[test]
    fn the_next_star_names_the_points_and_the_criteria() {
        let s = sheet(62, 1);
        let c = Consolidated::of(std::slice::from_ref(&s)).expect("sheet");
        let rating = rate(&rules_2025(), &card(), &c, Level::Province);
        assert_eq!(rating.stars, 3);
        let next = next_star(&rules_2025(), &card(), &s, &rating).expect("four stars above");
        assert_eq!(next.stars, 4);
        assert_eq!(next.points_needed, 8);
        // The sheet fills C1, then A1 (26 of 35); B1 has all its 25 points still to win.
        assert_eq!(next.headroom[0].criterion.code, "B1");
        let c2 = next
            .headroom
            .iter()
            .find(|h| h.criterion.code == "C2")
            .expect("C2");
        assert_eq!((c2.points, c2.next.as_ref().map(|o| o.points)), (1, Some(5)));
        assert!(next.missed_minimums.is_empty());
    }

    #[test]
    fn rule_sets_apply_from_their_date() {
        let mut old = rules_2025();
        old.effective_from = NaiveDate::from_ymd_opt(2023, 2, 24).expect("date");
        let sets = [old.clone(), rules_2025()];
        let on = |y, m, d| StarRules::in_force(&sets, NaiveDate::from_ymd_opt(y, m, d).expect("date"));
        assert_eq!(on(2025, 6, 30), Some(&old));
        assert_eq!(on(2025, 7, 1), Some(&rules_2025()));
        assert_eq!(on(2020, 1, 1), None);
    }

    proptest! {
        #[test]
        fn stars_follow_the_thresholds(total in 0u32..=100) {
            let expected = match total { 90.. => 5, 70..=89 => 4, 50..=69 => 3, 30..=49 => 2, _ => 1 };
            prop_assert_eq!(stars_of(total), expected);
        }

        #[test]
        fn more_points_never_mean_fewer_stars(a in 0u32..=100, b in 0u32..=100) {
            let (low, high) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(stars_of(low) <= stars_of(high));
        }

        #[test]
        fn a_council_average_is_compared_exactly(totals in proptest::collection::vec(0u32..=100, 1..8)) {
            let sheets: Vec<_> = totals.iter().map(|&t| sheet(t.max(5), 5)).collect();
            let c = Consolidated::of(&sheets).expect("sheets");
            let rating = rate(&rules_2025(), &card(), &c, Level::Central);
            let n = sheets.len() as u32;
            let sum: u32 = totals.iter().map(|&t| t.max(5)).sum();
            // Five stars exactly when the sum reaches 90 per sheet, and so on down.
            let expected = [90, 70, 50, 30].iter().position(|&t| sum >= t * n).map_or(1, |i| 5 - i as u8);
            prop_assert_eq!(rating.stars, expected);
        }
    }
}
