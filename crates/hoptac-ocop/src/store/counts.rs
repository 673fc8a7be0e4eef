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
            ] {
                values.entry(indicator).or_insert(0);
            }
        }
    }
    let select = format!(
        "NULL, COUNT(DISTINCT CASE WHEN {} THEN o.id END)",
        holds_on("c", "?")
    );
    for (bucket, _, v) in Grouped::new(question, &select, from, days()).rows(db).await? {
        if let Some(values) = counts.get_mut(&bucket) {
            values.insert("ocop_subjects", v[0].unwrap_or(0));
        }
    }
    Ok(())
}

/// Outcomes of the applications in round decisions signed during the period.
async fn round_outcomes(db: &Db, question: &Question, counts: &mut Counts) -> StoreResult<()> {
    let from = "FROM ocop_applications a JOIN ocop_rounds r ON r.id = a.round_id \
                JOIN ocop_products p ON p.id = a.product_id JOIN organisations o ON o.id = p.organisation_id \
                WHERE r.decision_date BETWEEN ? AND ? AND a.outcome IS NOT NULL";
    let select =
        "a.outcome, COUNT(*), CAST(SUM(CASE WHEN a.potential_five_stars THEN 1 ELSE 0 END) AS BIGINT)";
    let args = vec![Arg::Date(question.days.start), Arg::Date(question.days.end)];
    const OUTCOMES: [&str; 5] = [
        "ocop_recognised",
        "ocop_rerecognised",
        "ocop_upgraded",
        "ocop_not_recognised",
        "ocop_potential_five",
    ];
    for (bucket, outcome, v) in Grouped::new(question, select, from, args).rows(db).await? {
        let values = counts.entry(bucket).or_default();
        for indicator in OUTCOMES {
            values.entry(indicator).or_insert(0);
        }
        let counted = match outcome.as_deref() {
            Some("recognised") => Some("ocop_recognised"),
            Some("rerecognised") => Some("ocop_rerecognised"),
            Some("upgraded") => Some("ocop_upgraded"),
            Some("not_recognised") => Some("ocop_not_recognised"),
            _ => None,
        };
        if let Some(indicator) = counted {
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
