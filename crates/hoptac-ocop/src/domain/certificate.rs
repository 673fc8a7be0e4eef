//! Certificates and what a round's decision makes of each application: how long a certificate
//! holds, when its subject is warned, and the outcome counted in the round's summary.

use super::{ApplicationKind, RECOGNISED};
use chrono::{Months, NaiveDate};
use hoptac_core::vocabulary;
use serde::Serialize;

/// How many days before expiry the subject is warned (DOMAIN: at least 30 days).
pub const NOTICE_DAYS: i64 = 30;

/// How long a certificate of 3 to 5 stars holds when the star rules do not say otherwise: 36
/// months (Decision 148/QĐ-TTg).
pub const VALIDITY_MONTHS: u32 = 36;

/// The number a certificate recorded from an earlier decision (one no round of hoptac issued) is
/// given when the province's list gives it none: the decision's and the product's record number,
/// "123/QĐ-UBND/SP42", which no round's numbering ([`number_in_decision`]) writes.
pub fn number_of_earlier(decision_number: &str, product_id: i64) -> String {
    format!("{decision_number}/SP{product_id}")
}

/// The number a decision gives the `sequence`-th certificate it issues when it lists no numbers of
/// its own: "123/QĐ-UBND-001".
pub fn number_in_decision(decision_number: &str, sequence: i64) -> String {
    format!("{decision_number}-{sequence:03}")
}

/// The first day a certificate no longer holds: `months` after the day it was issued.
pub fn expires_on(issued_on: NaiveDate, months: u32) -> NaiveDate {
    issued_on
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

vocabulary! {
    /// A certificate on a given day.
    CertificateState {
        Valid = "valid";
        ExpiringSoon = "expiring_soon";
        Expired = "expired";
        Replaced = "replaced";
        NotYetIssued = "not_yet_issued";
    }
}

impl CertificateState {
    /// A certificate counts as an OCOP product only while it holds.
    pub fn holds(self) -> bool {
        matches!(self, CertificateState::Valid | CertificateState::ExpiringSoon)
    }
}

/// The state of a certificate issued on `issued_on`, ending on `expires_on` (exclusive) or on the
/// day a later certificate replaced it.
pub fn state_on(
    issued_on: NaiveDate,
    expires_on: NaiveDate,
    replaced_on: Option<NaiveDate>,
    today: NaiveDate,
) -> CertificateState {
    if today < issued_on {
        CertificateState::NotYetIssued
    } else if replaced_on.is_some_and(|d| d <= today) {
        CertificateState::Replaced
    } else if today >= expires_on {
        CertificateState::Expired
    } else if (expires_on - today).num_days() <= NOTICE_DAYS {
        CertificateState::ExpiringSoon
    } else {
        CertificateState::Valid
    }
}

vocabulary! {
    /// What came of one application.
    Outcome {
        Recognised = "recognised";
        Rerecognised = "rerecognised";
        Upgraded = "upgraded";
        NotUpgraded = "not_upgraded";
        NotRecognised = "not_recognised";
        Withdrawn = "withdrawn";
    }
}

/// The outcome of a rated application. `previous` is the stars the product held when it applied.
pub fn outcome(kind: ApplicationKind, previous: Option<u8>, stars: u8) -> Outcome {
    let recognised = stars >= RECOGNISED;
    match kind {
        ApplicationKind::First if recognised => Outcome::Recognised,
        ApplicationKind::Rerecognition if recognised => Outcome::Rerecognised,
        ApplicationKind::Upgrade if stars > previous.unwrap_or(0) && recognised => Outcome::Upgraded,
        ApplicationKind::Upgrade => Outcome::NotUpgraded,
        _ => Outcome::NotRecognised,
    }
}

impl Outcome {
    /// True when the decision issues a new certificate for it.
    pub fn issues_certificate(self) -> bool {
        matches!(
            self,
            Outcome::Recognised | Outcome::Rerecognised | Outcome::Upgraded
        )
    }
}

/// One decided application, as the summary counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    pub kind: ApplicationKind,
    pub outcome: Outcome,
    pub previous: Option<u8>,
    pub stars: u8,
}

/// A count of products at a number of stars, or moved from one number to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StarCount {
    pub from_stars: Option<u8>,
    pub stars: u8,
    pub count: u32,
}

/// One line of a round's summary: a type of application and what came of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct KindSummary {
    pub kind: ApplicationKind,
    pub submitted: u32,
    /// Recognised, re-recognised or upgraded, by stars (upgrades with the stars they came from).
    pub succeeded: Vec<StarCount>,
    pub not_upgraded: u32,
    pub not_recognised: u32,
    pub withdrawn: u32,
}

/// The round's summary, one line per type of application that occurred, in the vocabulary's order.
pub fn summarise(decided: &[Decided]) -> Vec<KindSummary> {
    ApplicationKind::ALL
        .iter()
        .filter_map(|&kind| {
            let of_kind: Vec<&Decided> = decided.iter().filter(|d| d.kind == kind).collect();
            if of_kind.is_empty() {
                return None;
            }
            let count = |outcome: Outcome| of_kind.iter().filter(|d| d.outcome == outcome).count() as u32;
            let mut succeeded: Vec<StarCount> = Vec::new();
            for d in of_kind.iter().filter(|d| d.outcome.issues_certificate()) {
                let from_stars = (d.outcome == Outcome::Upgraded).then_some(d.previous).flatten();
                match succeeded
                    .iter_mut()
                    .find(|c| c.stars == d.stars && c.from_stars == from_stars)
                {
                    Some(c) => c.count += 1,
                    None => succeeded.push(StarCount {
                        from_stars,
                        stars: d.stars,
                        count: 1,
                    }),
                }
            }
            succeeded.sort_by_key(|c| (c.stars, c.from_stars));
            Some(KindSummary {
                kind,
                submitted: of_kind.len() as u32,
                succeeded,
                not_upgraded: count(Outcome::NotUpgraded),
                not_recognised: count(Outcome::NotRecognised),
                withdrawn: count(Outcome::Withdrawn),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_certificate_holds_thirty_six_months_and_warns_thirty_days_ahead() {
        let issued = date(2023, 11, 30);
        let ends = expires_on(issued, 36);
        assert_eq!(ends, date(2026, 11, 30));
        let on = |d| state_on(issued, ends, None, d);
        assert_eq!(on(date(2023, 11, 29)), CertificateState::NotYetIssued);
        assert_eq!(on(date(2026, 10, 30)), CertificateState::Valid);
        assert_eq!(on(date(2026, 10, 31)), CertificateState::ExpiringSoon);
        assert_eq!(on(date(2026, 11, 29)), CertificateState::ExpiringSoon);
        assert!(on(date(2026, 11, 29)).holds());
        assert_eq!(on(date(2026, 11, 30)), CertificateState::Expired);
        assert!(!on(date(2026, 11, 30)).holds());
        assert_eq!(
            state_on(issued, ends, Some(date(2025, 1, 1)), date(2025, 1, 1)),
            CertificateState::Replaced
        );
        // The end of a month with no such day.
        assert_eq!(expires_on(date(2024, 2, 29), 36), date(2027, 2, 28));
    }

    #[test]
    fn outcomes_follow_the_kind_of_application() {
        use ApplicationKind::*;
        assert_eq!(outcome(First, None, 4), Outcome::Recognised);
        assert_eq!(outcome(First, None, 2), Outcome::NotRecognised);
        assert_eq!(outcome(Rerecognition, Some(4), 3), Outcome::Rerecognised);
        assert_eq!(outcome(Rerecognition, Some(3), 2), Outcome::NotRecognised);
        assert_eq!(outcome(Upgrade, Some(3), 4), Outcome::Upgraded);
        assert_eq!(outcome(Upgrade, Some(4), 4), Outcome::NotUpgraded);
    }

    #[test]
    fn the_summary_counts_per_kind_and_stars() {
        use ApplicationKind::*;
        let d = |kind, outcome, previous, stars| Decided {
            kind,
            outcome,
            previous,
            stars,
        };
        let summary = summarise(&[
            d(First, Outcome::Recognised, None, 3),
            d(First, Outcome::Recognised, None, 3),
            d(First, Outcome::Recognised, None, 4),
            d(First, Outcome::NotRecognised, None, 2),
            d(First, Outcome::Withdrawn, None, 0),
            d(Upgrade, Outcome::Upgraded, Some(3), 4),
            d(Upgrade, Outcome::NotUpgraded, Some(4), 4),
        ]);
        assert_eq!(summary.len(), 2);
        let first = &summary[0];
        assert_eq!(
            (first.submitted, first.not_recognised, first.withdrawn),
            (5, 1, 1)
        );
        assert_eq!(
            first.succeeded,
            vec![
                StarCount {
                    from_stars: None,
                    stars: 3,
                    count: 2
                },
                StarCount {
                    from_stars: None,
                    stars: 4,
                    count: 1
                },
            ]
        );
        assert_eq!(summary[1].kind, Upgrade);
        assert_eq!(
            summary[1].succeeded,
            vec![StarCount {
                from_stars: Some(3),
                stars: 4,
                count: 1
            }]
        );
        assert_eq!(summary[1].not_upgraded, 1);
    }
}
