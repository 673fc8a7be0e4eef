//! The OCOP programme's answer to reports (`hoptac_core::counting`): products holding a
//! certificate by stars and by the subject's kind, the outcomes of round decisions and the features
//! of the products in the register. Each value is keyed by the code of the indicator of the
//! reports' catalogue that it counts.

use crate::store::certificates::holds_on;
use hoptac_core::counting::{add, add_columns, Counter, Counts, Grouped, Question};
use hoptac_core::org::OrgKind;
use hoptac_core::{Arg, Db, StoreResult};

/// The OCOP programme's counter.
pub static COUNTER: Counter = Counter {
    count: |db, question| Box::pin(count(db, question)),
    tables: &["ocop_products", "ocop_applications", "ocop_certificates"],
};

async fn count(db: &Db, question: &Question) -> StoreResult<Counts> {
    let mut counts = Counts::new();
    certificates(db, question, &mut counts).await?;
    if !question.stocks_only {
        round_outcomes(db, question, &mut counts).await?;
        products(db, question, &mut counts).await?;
    }
    Ok(counts)
}

/// OCOP products holding a certificate on the day stocks are counted, by stars and by the
/// subject's kind, and the subjects holding them. A bucket gets them when a certificate had been
/// issued in it by that day.
async fn certificates(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let from = "FROM ocop_certificates c JOIN ocop_products p ON p.id = c.product_id \
                JOIN organisations o ON o.id = p.organisation_id WHERE c.issued_on <= ?";
    let day = Arg::Date(question.days.as_of);
    // The day of the certificate's test, then of the WHERE clause.
    let days = || vec![day.clone(), day.clone(), day.clone(), day.clone()];
    let select = format!(
        "o.kind || ':' || CAST(c.stars AS TEXT), CAST(SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS BIGINT)",
        holds_on("c", "?")
    );
    for (bucket, tag, v) in Grouped::new(question, &select, from, days()).rows(db).await? {
        let tag = tag.unwrap_or_default();
        let (kind, stars) = tag.split_once(':').unwrap_or(("", ""));
        let by_stars = match stars {
            "3" => Some("ocop_3_stars"),
            "4" => Some("ocop_4_stars"),
            "5" => Some("ocop_5_stars"),
            _ => None,
        };
        let by_kind = match OrgKind::parse(kind) {
            Some(OrgKind::Htx) => Some("ocop_by_htx"),
            Some(OrgKind::Tht) => Some("ocop_by_tht"),
            Some(OrgKind::Enterprise) => Some("ocop_by_enterprise"),
            Some(OrgKind::HouseholdBusiness) => Some("ocop_by_household"),
            _ => None,
        };
        for indicator in [Some("ocop_products"), by_stars, by_kind].into_iter().flatten() {
            add(counts, &bucket, indicator, v[0]);
        }
    }
    // Buckets with certificates count every kind of subject, even as zero.
    for values in counts.values_mut() {
        if values.contains_key("ocop_products") {
            for indicator in [
                "ocop_3_stars",
                "ocop_4_stars",
                "ocop_5_stars",
                "ocop_by_htx",
                "ocop_by_tht",
                "ocop_by_enterprise",
                "ocop_by_household",
                "ocop_subjects",
                "ocop_subjects_htx",
                "ocop_subjects_tht",
                "ocop_subjects_enterprise",
                "ocop_subjects_household",
            ] {
                values.entry(indicator).or_insert(0);
            }
        }
    }
    // The subjects holding them, by kind: an organisation is of one kind, so the kinds add up.
    let select = format!(
        "o.kind, COUNT(DISTINCT CASE WHEN {} THEN o.id END)",
        holds_on("c", "?")
    );
    for (bucket, kind, v) in Grouped::new(question, &select, from, days()).rows(db).await? {
        if let Some(values) = counts.get_mut(&bucket) {
            let subjects = v[0].unwrap_or(0);
            *values.entry("ocop_subjects").or_insert(0) += subjects;
            let of_kind = match kind.as_deref().and_then(OrgKind::parse) {
                Some(OrgKind::Htx) => Some("ocop_subjects_htx"),
                Some(OrgKind::Tht) => Some("ocop_subjects_tht"),
                Some(OrgKind::Enterprise) => Some("ocop_subjects_enterprise"),
                Some(OrgKind::HouseholdBusiness) => Some("ocop_subjects_household"),
                _ => None,
            };
            if let Some(indicator) = of_kind {
                *values.entry(indicator).or_insert(0) += subjects;
            }
        }
    }
    Ok(())
}

/// The indicators of the applications a round decided: by type, and by outcome and stars.
const ROUND_INDICATORS: [&str; 17] = [
    "ocop_applied_first",
    "ocop_applied_rerecognition",
    "ocop_applied_upgrade",
    "ocop_recognised",
    "ocop_rerecognised",
    "ocop_upgraded",
    "ocop_not_recognised",
    "ocop_potential_five",
    "ocop_recognised_3_stars",
    "ocop_recognised_4_stars",
    "ocop_recognised_5_stars",
    "ocop_rerecognised_3_stars",
    "ocop_rerecognised_4_stars",
    "ocop_rerecognised_5_stars",
    "ocop_upgraded_3_to_4",
    "ocop_upgraded_3_to_5",
    "ocop_upgraded_4_to_5",
];

/// What one decided application counts towards: its type, its outcome, and its outcome with the
/// stars it was given (and, for an upgrade, the stars it held).
fn round_indicators(kind: &str, outcome: &str, held: &str, given: &str) -> Vec<&'static str> {
    let applied = match kind {
        "first" => Some("ocop_applied_first"),
        "rerecognition" => Some("ocop_applied_rerecognition"),
        "upgrade" => Some("ocop_applied_upgrade"),
        _ => None,
    };
    let (outcome, with_stars) = match (outcome, held, given) {
        ("recognised", _, "3") => (Some("ocop_recognised"), Some("ocop_recognised_3_stars")),
        ("recognised", _, "4") => (Some("ocop_recognised"), Some("ocop_recognised_4_stars")),
        ("recognised", _, "5") => (Some("ocop_recognised"), Some("ocop_recognised_5_stars")),
        ("recognised", _, _) => (Some("ocop_recognised"), None),
        ("rerecognised", _, "3") => (Some("ocop_rerecognised"), Some("ocop_rerecognised_3_stars")),
        ("rerecognised", _, "4") => (Some("ocop_rerecognised"), Some("ocop_rerecognised_4_stars")),
        ("rerecognised", _, "5") => (Some("ocop_rerecognised"), Some("ocop_rerecognised_5_stars")),
        ("rerecognised", _, _) => (Some("ocop_rerecognised"), None),
        ("upgraded", "3", "4") => (Some("ocop_upgraded"), Some("ocop_upgraded_3_to_4")),
        ("upgraded", "3", "5") => (Some("ocop_upgraded"), Some("ocop_upgraded_3_to_5")),
        ("upgraded", "4", "5") => (Some("ocop_upgraded"), Some("ocop_upgraded_4_to_5")),
        ("upgraded", _, _) => (Some("ocop_upgraded"), None),
        ("not_recognised", _, _) => (Some("ocop_not_recognised"), None),
        _ => (None, None),
    };
    [applied, outcome, with_stars].into_iter().flatten().collect()
}

/// The applications in round decisions signed during the period (those taking part in the
/// period's evaluation), by type, by outcome and by the stars given.
async fn round_outcomes(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let from = "FROM ocop_applications a JOIN ocop_rounds r ON r.id = a.round_id \
                JOIN ocop_products p ON p.id = a.product_id JOIN organisations o ON o.id = p.organisation_id \
                WHERE r.decision_date BETWEEN ? AND ? AND a.outcome IS NOT NULL";
    let select = "a.kind || ':' || a.outcome || ':' || COALESCE(CAST(a.previous_stars AS TEXT), '') || ':' \
                  || COALESCE(CAST(a.stars AS TEXT), ''), COUNT(*), \
                  CAST(SUM(CASE WHEN a.potential_five_stars THEN 1 ELSE 0 END) AS BIGINT)";
    let args = vec![Arg::Date(question.days.start), Arg::Date(question.days.end)];
    for (bucket, tag, v) in Grouped::new(question, select, from, args).rows(db).await? {
        let values = counts.entry(bucket).or_default();
        for indicator in ROUND_INDICATORS {
            values.entry(indicator).or_insert(0);
        }
        let tag = tag.unwrap_or_default();
        let mut parts = tag.split(':');
        let mut next = || parts.next().unwrap_or("");
        let (kind, outcome, held, given) = (next(), next(), next(), next());
        for indicator in round_indicators(kind, outcome, held, given) {
            *values.entry(indicator).or_insert(0) += v[0].unwrap_or(0);
        }
        *values.entry("ocop_potential_five").or_insert(0) += v[1].unwrap_or(0);
    }
    Ok(())
}

/// Features of the products in the OCOP register whose subject was founded by the period's end.
async fn products(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let select = "NULL, \
         CAST(SUM(CASE WHEN p.has_traceability THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN p.is_value_chain THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN p.has_quality_declaration THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN p.ip_protection IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT)";
    let from =
        "FROM ocop_products p JOIN organisations o ON o.id = p.organisation_id WHERE o.founding_date <= ?";
    let query = Grouped::new(question, select, from, vec![Arg::Date(question.days.end)]);
    let columns = [
        "products_traceability",
        "products_value_chain",
        "products_quality_declaration",
        "products_ip",
    ];
    add_columns(counts, query.rows(db).await?, &columns);
    Ok(())
}
