//! The market's answer to reports (`hoptac_core::counting`): what the place's organisations offer
//! and ask on the market, the linkage contracts their cooperatives signed and carry out, what they
//! delivered under them (and of that, to buyers of other provinces), the fairs they took part
//! in, and their products on the Cooperative Alliance's e-commerce platform. Each value is keyed by the code of the indicator of the reports' catalogue that it counts.
//!
//! Listings and demands are counted in the state they are in now (no history of it is kept); the
//! contracts' states are read from their dated history, deliveries and fairs by their days.

use hoptac_core::counting::{add_columns, Counter, Counts, Grouped, Question};
use hoptac_core::{Arg, Db, StoreResult};

/// The market's counter.
pub static COUNTER: Counter = Counter {
    count: |db, question| Box::pin(count(db, question)),
    tables: &[
        "market_listings",
        "market_demands",
        "market_contract_states",
        "market_deliveries",
        "market_fairs",
    ],
};

async fn count(db: &Db, question: &Question) -> StoreResult<Counts> {
    let mut counts = Counts::new();
    let days = &question.days;
    // The first instant after a day, for the timestamps of records made that day.
    let after = |day: chrono::NaiveDate| {
        Arg::Time(
            day.succ_opt()
                .unwrap_or(day)
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default()
                .and_utc(),
        )
    };
    let before = |day: chrono::NaiveDate| Arg::Time(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());

    // Every organisation of the place opens its bucket, so that a place whose organisations have
    // no market records counts zero: hoptac holds the market's records, there are no others.
    let of_place = "FROM organisations o";
    // Organisations founded by the period's end, as every count of the registry has them.
    let founded = Arg::Date(days.end);
    // Stocks: products on offer and demands open on the day stocks are counted, by the
    // organisation that offers or asks.
    let listings = Grouped::new(
        question,
        "NULL, COUNT(DISTINCT l.product_id)",
        &format!(
            "{of_place} LEFT JOIN market_listings l ON l.organisation_id = o.id AND l.state = 'active' \
             AND l.created_at < ? WHERE o.founding_date <= ?"
        ),
        vec![after(days.as_of), founded.clone()],
    );
    add_columns(&mut counts, listings.rows(db).await?, &["market_listings"]);
    let on_platform = Grouped::new(
        question,
        "NULL, COUNT(DISTINCT l.product_id)",
        &format!(
            "{of_place} LEFT JOIN market_listings l ON l.organisation_id = o.id AND l.state = 'active' \
             AND l.platform_url IS NOT NULL AND l.created_at < ? WHERE o.founding_date <= ?"
        ),
        vec![after(days.as_of), founded.clone()],
    );
    add_columns(
        &mut counts,
        on_platform.rows(db).await?,
        &["market_products_on_platform"],
    );
    let demands = Grouped::new(
        question,
        "NULL, COUNT(d.id)",
        &format!(
            "{of_place} LEFT JOIN market_demands d ON d.buyer_id = o.id AND d.state = 'open' \
             AND d.created_at < ? AND d.ends_on >= ? WHERE o.founding_date <= ?"
        ),
        vec![after(days.as_of), Arg::Date(days.as_of), founded.clone()],
    );
    add_columns(&mut counts, demands.rows(db).await?, &["market_demands_open"]);

    // Contracts with a seller of the place: signed in the period (all parties signed), and in
    // force on the stocks' day (their last change of state by then put them in force).
    let sellers = format!(
        "{of_place} LEFT JOIN market_contract_parties pa ON pa.organisation_id = o.id AND pa.role = 'seller'"
    );
    let signed = Grouped::new(
        question,
        "NULL, COUNT(DISTINCT s.contract_id)",
        &format!(
            "{sellers} LEFT JOIN market_contract_states s ON s.contract_id = pa.contract_id \
             AND s.state = 'signed' AND s.changed_at >= ? AND s.changed_at < ? WHERE o.founding_date <= ?"
        ),
        vec![before(days.start), after(days.end), founded.clone()],
    );
    add_columns(&mut counts, signed.rows(db).await?, &["market_contracts_signed"]);
    let in_force = Grouped::new(
        question,
        "NULL, COUNT(DISTINCT s.contract_id)",
        &format!(
            "{sellers} LEFT JOIN market_contract_states s ON s.contract_id = pa.contract_id \
             AND s.state = 'in_force' AND s.id = (SELECT MAX(l.id) FROM market_contract_states l \
             WHERE l.contract_id = s.contract_id AND l.changed_at < ?) WHERE o.founding_date <= ?"
        ),
        vec![after(days.as_of), founded.clone()],
    );
    add_columns(
        &mut counts,
        in_force.rows(db).await?,
        &["market_contracts_in_force"],
    );
    // The demands of the place's buyers that a contract signed in the period answers.
    let answered = Grouped::new(
        question,
        "NULL, COUNT(DISTINCT CASE WHEN s.id IS NOT NULL THEN c.demand_id END)",
        &format!(
            "{of_place} LEFT JOIN market_contracts c ON c.buyer_id = o.id AND c.demand_id IS NOT NULL \
             LEFT JOIN market_contract_states s ON s.contract_id = c.id AND s.state = 'signed' \
             AND s.changed_at >= ? AND s.changed_at < ? WHERE o.founding_date <= ?"
        ),
        vec![before(days.start), after(days.end), founded.clone()],
    );
    add_columns(
        &mut counts,
        answered.rows(db).await?,
        &["market_demands_contracted"],
    );

    // What the place's cooperatives delivered in the period, and of that to buyers elsewhere;
    // the fairs they took part in.
    if !question.stocks_only {
        let delivered = Grouped::new(
            question,
            "NULL, CAST(COALESCE(SUM(d.value), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN b.province_code <> o.province_code THEN d.value ELSE 0 END), 0) AS BIGINT)",
            &format!(
                "{of_place} LEFT JOIN market_deliveries d ON d.seller_id = o.id AND d.delivered_on BETWEEN ? AND ? \
                 LEFT JOIN market_contracts c ON c.id = d.contract_id \
                 LEFT JOIN organisations b ON b.id = c.buyer_id WHERE o.founding_date <= ?"
            ),
            vec![Arg::Date(days.start), Arg::Date(days.end), founded.clone()],
        );
        add_columns(
            &mut counts,
            delivered.rows(db).await?,
            &["market_delivered_value", "market_delivered_outside"],
        );
        let fairs = Grouped::new(
            question,
            "NULL, COUNT(DISTINCT fp.organisation_id), CAST(COALESCE(SUM(fp.sales), 0) AS BIGINT)",
            &format!(
                "{of_place} LEFT JOIN (market_fair_participants fp JOIN market_fairs f ON f.id = fp.fair_id \
                 AND f.opening_day BETWEEN ? AND ?) ON fp.organisation_id = o.id WHERE o.founding_date <= ?"
            ),
            vec![Arg::Date(days.start), Arg::Date(days.end), founded.clone()],
        );
        add_columns(
            &mut counts,
            fairs.rows(db).await?,
            &["market_fair_participants", "market_fair_sales"],
        );
    }
    Ok(counts)
}
