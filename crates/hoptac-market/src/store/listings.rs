//! Listings: a cooperative's product offered for sale. Listings are public; listing a product and
//! editing the listing belong to whoever may trade for the product's organisation (its manager,
//! an alliance officer of its province: [`Permission::Trade`]).

use crate::domain::inputs::{DemandFields, ListingFields, ListingInput};
use crate::domain::matching::{Held, Offer};
use crate::domain::{ListingState, Season, Unit};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::Permission;
use hoptac_core::audit::{self, Action, Change};
use hoptac_core::sql::{insert_sql, update_sql, Tx};
use hoptac_core::{bind_args, gate, on_pool, text};
use hoptac_core::{Arg, Backend, Conditions, Context, Db, Page, Paging, StoreError, StoreResult};
use hoptac_ocop::domain::ProductGroup;
use hoptac_ocop::store::certificates::holds_on;
use serde::Serialize;
use std::collections::HashMap;

/// A listing as the catalogue and its page show it, with the stars its product's certificate gives
/// on the day asked.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Listing {
    pub id: i64,
    pub product_id: i64,
    pub product_name: String,
    #[sqlx(try_from = "String")]
    pub product_group: ProductGroup,
    pub has_quality_declaration: bool,
    /// `trademark`, `collective_mark`, `certification_mark` or `geographical_indication`.
    pub ip_protection: Option<String>,
    pub organisation_id: i64,
    pub organisation_name: String,
    /// The producer's 2025 province.
    pub province_code: String,
    pub province_name: String,
    pub description: Option<String>,
    /// The months in season, 1 to 12.
    #[sqlx(skip)]
    pub season: Vec<u32>,
    #[serde(skip)]
    pub season_mask: i64,
    #[sqlx(try_from = "String")]
    pub unit: Unit,
    /// In `unit`, a month in season.
    pub monthly_volume: i64,
    /// Đồng per `unit`.
    pub price_min: i64,
    pub price_max: i64,
    pub min_order: Option<i64>,
    /// True when it delivers to the whole country.
    pub delivers_nationwide: bool,
    /// The 2025 provinces it delivers to besides its own, when not nationwide.
    #[sqlx(skip)]
    pub delivers_to: Vec<String>,
    pub vietgap: bool,
    pub organic: bool,
    /// The product's page on the Cooperative Alliance's e-commerce platform.
    pub platform_url: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: ListingState,
    /// The stars of the product's certificate holding on the day asked; `None` when none holds.
    pub stars: Option<i32>,
    /// The first day that certificate no longer holds.
    pub expires_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Listing {
    pub fn season(&self) -> Season {
        Season::from_bits(self.season_mask)
    }

    /// The listing as matching weighs it, the certificate being the one held on the day it was
    /// read for.
    pub fn offer(&self) -> Offer {
        Offer {
            listing_id: self.id,
            province_code: self.province_code.clone(),
            // The product's name only: a description's words ("đóng thùng", "đậu xanh") name
            // other things.
            words: text::searchable(&self.product_name),
            product_group: self.product_group,
            season: self.season(),
            unit: self.unit,
            monthly_volume: self.monthly_volume,
            price_min: self.price_min,
            min_order: self.min_order,
            delivers_to: if self.delivers_nationwide {
                Vec::new()
            } else {
                self.delivers_to.clone()
            },
            vietgap: self.vietgap,
            organic: self.organic,
            certificate: held(self.stars, self.expires_on),
            // Its producer's record is read with the candidates ([`delivery_records`]).
            contracts_delivered: 0,
        }
    }

    /// The listing as its edit form shows it.
    pub fn to_input(&self) -> ListingInput {
        let input = ListingInput {
            product_id: Some(self.product_id.to_string()),
            description: self.description.clone(),
            season: self.season.iter().map(u32::to_string).collect(),
            unit: self.unit.as_str().to_owned(),
            monthly_volume: Some(self.monthly_volume.to_string()),
            price_min: Some(self.price_min.to_string()),
            price_max: Some(self.price_max.to_string()),
            min_order: self.min_order.map(|n| n.to_string()),
            delivers_to: self.delivers_to.clone(),
            vietgap: self.vietgap,
            organic: self.organic,
            platform_url: self.platform_url.clone(),
            state: Some(self.state.as_str().to_owned()),
            version: Some(self.version),
            original: None,
        };
        ListingInput {
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }

    fn fields(&self) -> ListingFields {
        ListingFields {
            product_id: self.product_id,
            description: self.description.clone(),
            season: self.season(),
            unit: self.unit,
            monthly_volume: self.monthly_volume,
            price_min: self.price_min,
            price_max: self.price_max,
            min_order: self.min_order,
            delivers_to: if self.delivers_nationwide {
                Vec::new()
            } else {
                self.delivers_to.clone()
            },
            vietgap: self.vietgap,
            organic: self.organic,
            platform_url: self.platform_url.clone(),
            state: self.state,
        }
    }
}

/// The select of listings with their product, producer and the certificate holding on the day in
/// placeholder `day`.
fn select_listings(day: &str) -> String {
    format!(
        "SELECT l.id, l.product_id, p.name AS product_name, p.product_group, p.has_quality_declaration, \
         p.ip_protection, l.organisation_id, o.name AS organisation_name, o.province_code, \
         pr.name AS province_name, l.description, l.season_mask, l.unit, l.monthly_volume, l.price_min, \
         l.price_max, l.min_order, l.delivers_nationwide, l.vietgap, l.organic, l.platform_url, l.state, cert.stars, \
         cert.expires_on, l.version, l.created_at, l.updated_at \
         FROM market_listings l \
         JOIN ocop_products p ON p.id = l.product_id \
         JOIN organisations o ON o.id = l.organisation_id \
         JOIN provinces pr ON pr.era = '2025' AND pr.code = o.province_code \
         {}",
        certificate_join(day)
    )
}

fn certificate_join(day: &str) -> String {
    format!(
        "LEFT JOIN ocop_certificates cert ON cert.product_id = l.product_id AND {}",
        holds_on("cert", day)
    )
}

/// Listings that deliver to a province (its code twice): to the whole country, from the province,
/// or there among others (the province's listings looked up once, from its index).
const DELIVERS_TO: &str = "(l.delivers_nationwide OR l.province_code = ? OR l.id IN \
     (SELECT d.listing_id FROM market_listing_provinces d WHERE d.province_code = ?))";

/// What the catalogue can be narrowed by. Blank means any.
#[derive(Debug, Clone, Default)]
pub struct ListingFilter {
    /// Words of the product's, the producer's or the listing's text, diacritics optional.
    pub query: Option<String>,
    /// The producer's 2025 province.
    pub province: Option<String>,
    pub group: Option<ProductGroup>,
    /// At least this many stars, on a certificate holding on the day asked.
    pub min_stars: Option<i32>,
    /// Only products whose OCOP certificate holds on the day asked.
    pub certified: bool,
    /// In season in this month (1 to 12).
    pub month: Option<u32>,
    /// Delivers to this 2025 province.
    pub delivers_to: Option<String>,
    pub organisation_id: Option<i64>,
    /// The states shown; active only when empty.
    pub states: Vec<ListingState>,
    /// Count the listings found only up to one more than this: a page says "more than 1,000"
    /// rather than read every listing of a broad filter to count it. `None`: count them all.
    pub count_up_to: Option<i64>,
}

/// How far the catalogue's pages count what they find.
pub const COUNTED_UP_TO: i64 = 1_000;

/// Listings with a word beginning with each of `terms` in the product's name, the producer's name
/// or the listing's description, through each engine's full-text index. The terms are letters
/// and digits only ([`text::search_terms`]), so they are safe inside either engine's query syntax.
fn push_words(c: &mut Conditions, backend: Backend, terms: &[String]) {
    if terms.is_empty() {
        return;
    }
    match backend {
        Backend::Sqlite => {
            let all: Vec<String> = terms.iter().map(|t| format!("\"{t}\"*")).collect();
            c.push(
                "l.id IN (SELECT rowid FROM market_listing_search WHERE market_listing_search MATCH ?)",
                [Arg::Text(all.join(" "))],
            );
        }
        Backend::Postgres => {
            let all: Vec<String> = terms.iter().map(|t| format!("{t}:*")).collect();
            c.push(
                "to_tsvector('simple', l.product_words || ' ' || l.words) @@ to_tsquery('simple', ?)",
                [Arg::Text(all.join(" & "))],
            );
        }
    }
}

/// Listings whose product's name has one of `words` (whole words).
fn push_product_words(c: &mut Conditions, backend: Backend, words: &[String]) {
    match backend {
        Backend::Sqlite => {
            let any: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
            c.push(
                "l.id IN (SELECT rowid FROM market_listing_search WHERE market_listing_search MATCH ?)",
                [Arg::Text(format!("product_words : ({})", any.join(" OR ")))],
            );
        }
        Backend::Postgres => {
            c.push(
                "to_tsvector('simple', l.product_words) @@ to_tsquery('simple', ?)",
                [Arg::Text(words.join(" | "))],
            );
        }
    }
}

impl ListingFilter {
    fn conditions(&self, backend: Backend, day: NaiveDate) -> Conditions {
        let mut c = Conditions::default();
        let terms = self.query.as_deref().map(text::search_terms).unwrap_or_default();
        push_words(&mut c, backend, &terms);
        let states = if self.states.is_empty() {
            vec![ListingState::Active]
        } else {
            self.states.clone()
        };
        let marks = vec!["?"; states.len()].join(", ");
        c.push(
            &format!("l.state IN ({marks})"),
            states.iter().map(|s| Arg::Text(s.as_str().to_owned())),
        );
        if let Some(code) = &self.province {
            c.push("l.province_code = ?", [Arg::Text(code.clone())]);
        }
        if let Some(group) = self.group {
            c.push("l.product_group = ?", [Arg::Text(group.as_str().to_owned())]);
        }
        // Asked of the listing's product's certificates (by their product's index), so that the
        // count joins nothing.
        if self.certified || self.min_stars.is_some() {
            let stars = self.min_stars.unwrap_or(1);
            c.push(
                &format!(
                    "EXISTS (SELECT 1 FROM ocop_certificates held WHERE held.product_id = l.product_id \
                     AND {} AND held.stars >= ?)",
                    holds_on("held", "?")
                ),
                [Arg::Date(day), Arg::Date(day), Arg::Date(day), Arg::I32(stars)],
            );
        }
        if let Some(month) = self.month.filter(|m| (1..=12).contains(m)) {
            c.push("(l.season_mask & ?) <> 0", [Arg::I64(1 << (month - 1))]);
        }
        if let Some(code) = &self.delivers_to {
            c.push(DELIVERS_TO, [Arg::Text(code.clone()), Arg::Text(code.clone())]);
        }
        if let Some(id) = self.organisation_id {
            c.push("l.organisation_id = ?", [Arg::I64(id)]);
        }
        c
    }
}

/// The provinces each of `ids` delivers to besides its own, by listing.
async fn delivery_provinces(db: &Db, ids: &[i64]) -> StoreResult<HashMap<i64, Vec<String>>> {
    let rows: Vec<(i64, String)> = hoptac_core::sql::fetch_for_ids(
        db,
        "SELECT listing_id, province_code FROM market_listing_provinces WHERE listing_id IN {ids} \
         ORDER BY province_code",
        ids,
    )
    .await?;
    let mut provinces: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, code) in rows {
        provinces.entry(id).or_default().push(code);
    }
    Ok(provinces)
}

/// Fills each listing's season and the provinces it delivers to.
async fn complete(db: &Db, listings: &mut [Listing]) -> StoreResult<()> {
    let ids: Vec<i64> = listings
        .iter()
        .filter(|l| !l.delivers_nationwide)
        .map(|l| l.id)
        .collect();
    let mut provinces = delivery_provinces(db, &ids).await?;
    for listing in listings {
        listing.season = listing.season().months().collect();
        listing.delivers_to = provinces.remove(&listing.id).unwrap_or_default();
    }
    Ok(())
}

/// Listings with the stars their products hold on `day`, the newest first: a page is read down
/// an index and stops at its end, whatever the catalogue holds. `total` is at most one more than
/// the filter's `count_up_to`.
pub async fn list(
    db: &Db,
    filter: &ListingFilter,
    paging: Paging,
    day: NaiveDate,
) -> StoreResult<Page<Listing>> {
    let c = filter.conditions(db.backend(), day);
    let where_sql = c.where_sql();
    let n = c.next_placeholder();
    let sql = format!(
        "{} {where_sql} ORDER BY l.id DESC LIMIT ${} OFFSET ${}",
        select_listings(&format!("${n}")),
        n + 1,
        n + 2
    );
    // Every condition reads the listing alone: the count joins nothing.
    let count_sql = match filter.count_up_to {
        Some(most) => format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM market_listings l {where_sql} LIMIT {}) AS found",
            most.saturating_add(1)
        ),
        None => format!("SELECT COUNT(*) FROM market_listings l {where_sql}"),
    };
    let (mut items, total) = on_pool!(db, |pool| {
        let items = bind_args!(sqlx::query_as::<_, Listing>(&sql), &c.args)
            .bind(day)
            .bind(paging.per_page)
            .bind(paging.offset())
            .fetch_all(pool)
            .await?;
        let total: i64 = bind_args!(sqlx::query_scalar(&count_sql), &c.args)
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((items, total))
    })?;
    complete(db, &mut items).await?;
    Ok(Page::new(items, total, paging))
}

/// A listing as matching weighs it, read without its producer's and province's names: matching
/// reads every listing of the product asked, and names only the best.
#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    organisation_id: i64,
    province_code: String,
    product_words: String,
    #[sqlx(try_from = "String")]
    product_group: ProductGroup,
    season_mask: i64,
    #[sqlx(try_from = "String")]
    unit: Unit,
    monthly_volume: i64,
    price_min: i64,
    min_order: Option<i64>,
    delivers_nationwide: bool,
    vietgap: bool,
    organic: bool,
    stars: Option<i32>,
    expires_on: Option<NaiveDate>,
}

/// The listings a demand's matching weighs, each with its producer: the active listings whose
/// product's name has one of the demand's words and, with `answering`, meeting the demand's
/// conditions the store can read (OCOP group, delivery province, season, stars through the
/// period asked, VietGAP, organic); without, those that do not, at most `limit`. Certificates
/// are read on `day` ([`crate::domain::matching::check_day`]). The rest of the rules, and every
/// rule again, are [`crate::domain::matching::rank`]'s.
pub async fn offers_for(
    db: &Db,
    demand: &DemandFields,
    day: NaiveDate,
    answering: bool,
    limit: i64,
) -> StoreResult<Vec<(Offer, i64)>> {
    let words = text::search_terms(&demand.product);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut c = Conditions::default();
    push_product_words(&mut c, db.backend(), &words);
    c.push(
        "l.state = ?",
        [Arg::Text(ListingState::Active.as_str().to_owned())],
    );
    // Each condition with `?` for its arguments, pushed as they are or, for the listings that do
    // not answer, denied together.
    let mut hard: Vec<(&str, Vec<Arg>)> = Vec::new();
    if let Some(group) = demand.product_group {
        hard.push(("l.product_group = ?", vec![Arg::Text(group.as_str().to_owned())]));
    }
    let province = demand.delivery_province.clone();
    hard.push((
        DELIVERS_TO,
        vec![Arg::Text(province.clone()), Arg::Text(province)],
    ));
    hard.push((
        "(l.season_mask & ?) <> 0",
        vec![Arg::I64(Season::touched(demand.starts_on, demand.ends_on).bits())],
    ));
    if let Some(stars) = demand.min_stars {
        let last_needed = if demand.certificate_through_period {
            demand.ends_on
        } else {
            demand.starts_on
        };
        // Never NULL, so that its denial is true where it is false.
        hard.push((
            "(cert.id IS NOT NULL AND cert.stars >= ? AND cert.expires_on > ?)",
            vec![Arg::I32(i32::from(stars)), Arg::Date(last_needed)],
        ));
    }
    if demand.vietgap {
        hard.push(("l.vietgap", Vec::new()));
    }
    if demand.organic {
        hard.push(("l.organic", Vec::new()));
    }
    if answering {
        for (clause, args) in hard {
            c.push(clause, args);
        }
    } else {
        let clauses: Vec<&str> = hard.iter().map(|(clause, _)| *clause).collect();
        c.push(
            &format!("NOT ({})", clauses.join(" AND ")),
            hard.into_iter().flat_map(|(_, args)| args),
        );
    }
    let n = c.next_placeholder();
    let sql = format!(
        "SELECT l.id, l.organisation_id, l.province_code, l.product_words, l.product_group, l.season_mask, \
         l.unit, l.monthly_volume, l.price_min, l.min_order, l.delivers_nationwide, l.vietgap, l.organic, \
         cert.stars, cert.expires_on \
         FROM market_listings l {} {} LIMIT ${}",
        certificate_join(&format!("${n}")),
        c.where_sql(),
        n + 1
    );
    // Read in no order, which lets a limited read stop at its limit instead of sorting every
    // candidate first; sorted here, so that the same listings always come in the same order.
    let mut rows: Vec<OfferRow> = on_pool!(db, |pool| bind_args!(
        sqlx::query_as::<_, OfferRow>(&sql),
        &c.args
    )
    .bind(day)
    .bind(limit)
    .fetch_all(pool)
    .await)?;
    rows.sort_unstable_by_key(|r| r.id);
    // Those that answer deliver to the demand's province; those that do not may not, which
    // matching then says.
    let mut provinces: HashMap<i64, Vec<String>> = HashMap::new();
    if !answering {
        let ids: Vec<i64> = rows
            .iter()
            .filter(|r| !r.delivers_nationwide)
            .map(|r| r.id)
            .collect();
        provinces = delivery_provinces(db, &ids).await?;
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let offer = Offer {
                listing_id: r.id,
                province_code: r.province_code,
                words: r.product_words,
                product_group: r.product_group,
                season: Season::from_bits(r.season_mask),
                unit: r.unit,
                monthly_volume: r.monthly_volume,
                price_min: r.price_min,
                min_order: r.min_order,
                delivers_to: provinces.remove(&r.id).unwrap_or_default(),
                vietgap: r.vietgap,
                organic: r.organic,
                certificate: held(r.stars, r.expires_on),
                contracts_delivered: 0,
            };
            (offer, r.organisation_id)
        })
        .collect())
}

/// Listings by id, whole, with the stars their products hold on `day`, in the order of `ids`.
pub async fn with_ids(db: &Db, ids: &[i64], day: NaiveDate) -> StoreResult<Vec<Listing>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (2..ids.len() + 2).map(|n| format!("${n}")).collect();
    let sql = format!("{} WHERE l.id IN ({})", select_listings("$1"), marks.join(", "));
    let mut found: Vec<Listing> = on_pool!(db, |pool| {
        let mut query = sqlx::query_as::<_, Listing>(&sql).bind(day);
        for id in ids {
            query = query.bind(*id);
        }
        query.fetch_all(pool).await
    })?;
    complete(db, &mut found).await?;
    let order: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    found.sort_by_key(|l| order.get(&l.id).copied().unwrap_or(usize::MAX));
    Ok(found)
}

/// The certificate a listing's product holds, as matching reads it.
fn held(stars: Option<i32>, expires_on: Option<NaiveDate>) -> Option<Held> {
    match (stars, expires_on) {
        (Some(stars), Some(expires_on)) => Some(Held {
            stars: u8::try_from(stars).unwrap_or(0),
            expires_on,
        }),
        _ => None,
    }
}

/// True when the actor keeps the organisation's listings: may trade for it or read its records.
async fn keeps(db: &Db, actor: &hoptac_core::audit::Actor, organisation_id: i64) -> bool {
    match gate::place_of(db, organisation_id).await {
        Ok(place) => {
            actor.access.allows(Permission::Trade, &place)
                || actor.access.allows(Permission::ReadPrivate, &place)
        }
        Err(_) => false,
    }
}

/// Narrows a filter to what the actor may see: paused and closed listings are their
/// organisation's keepers' only, asked for one organisation at a time.
pub async fn within_reach(db: &Db, actor: &hoptac_core::audit::Actor, filter: &mut ListingFilter) {
    let only_active = filter.states.is_empty() || filter.states == [ListingState::Active];
    if only_active {
        return;
    }
    let kept = match filter.organisation_id {
        Some(id) => keeps(db, actor, id).await,
        None => actor.access.admin,
    };
    if !kept {
        filter.states = Vec::new();
    }
}

/// One listing as the actor may see it: an active one for anyone, a paused or closed one for its
/// organisation's keepers only.
pub async fn visible(
    db: &Db,
    actor: &hoptac_core::audit::Actor,
    id: i64,
    day: NaiveDate,
) -> StoreResult<Listing> {
    let listing = get(db, id, day).await?;
    if listing.state == ListingState::Active || keeps(db, actor, listing.organisation_id).await {
        Ok(listing)
    } else {
        Err(StoreError::NotFound)
    }
}

/// One listing with the stars its product holds on `day`.
pub async fn get(db: &Db, id: i64, day: NaiveDate) -> StoreResult<Listing> {
    let sql = format!("{} WHERE l.id = $2", select_listings("$1"));
    let found: Option<Listing> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(day)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    let mut listing = found.ok_or(StoreError::NotFound)?;
    complete(db, std::slice::from_mut(&mut listing)).await?;
    Ok(listing)
}

const COLUMNS: [&str; 15] = [
    "product_id",
    "organisation_id",
    "description",
    "search_text",
    "season_mask",
    "unit",
    "monthly_volume",
    "price_min",
    "price_max",
    "min_order",
    "delivers_nationwide",
    "vietgap",
    "organic",
    "platform_url",
    "state",
];

fn args(fields: &ListingFields, organisation_id: i64) -> Vec<Arg> {
    vec![
        Arg::I64(fields.product_id),
        Arg::I64(organisation_id),
        Arg::OptText(fields.description.clone()),
        Arg::Text(text::searchable(fields.description.as_deref().unwrap_or(""))),
        Arg::I64(fields.season.bits()),
        Arg::Text(fields.unit.as_str().to_owned()),
        Arg::I64(fields.monthly_volume),
        Arg::I64(fields.price_min),
        Arg::I64(fields.price_max),
        Arg::OptI64(fields.min_order),
        Arg::Bool(fields.delivers_to.is_empty()),
        Arg::Bool(fields.vietgap),
        Arg::Bool(fields.organic),
        Arg::OptText(fields.platform_url.clone()),
        Arg::Text(fields.state.as_str().to_owned()),
    ]
}

/// Checks a listing and finds the organisation it trades for: the product's, which the actor must
/// be allowed to trade for.
async fn checked(cx: &Context, input: &ListingInput) -> StoreResult<(ListingFields, i64)> {
    let fields = input.validate().map_err(StoreError::Validation)?;
    let product = match hoptac_ocop::store::products::get(&cx.db, fields.product_id, cx.today).await {
        Ok(product) => product,
        Err(StoreError::NotFound) => {
            let mut errors = hoptac_core::FieldErrors::new();
            errors.add_with(
                "product_id",
                "invalid_choice",
                vec![("value", fields.product_id.to_string())],
            );
            return Err(StoreError::Validation(errors));
        }
        Err(other) => return Err(other),
    };
    super::may_trade_for(cx, product.organisation_id, "product_id").await?;
    Ok((fields, product.organisation_id))
}

async fn write_provinces(tx: &mut Tx<'_>, id: i64, fields: &ListingFields) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM market_listing_provinces WHERE listing_id = $1",
        &[Arg::I64(id)],
    )
    .await?;
    for code in &fields.delivers_to {
        tx.execute(
            "INSERT INTO market_listing_provinces (listing_id, province_code) VALUES ($1, $2)",
            &[Arg::I64(id), Arg::Text(code.clone())],
        )
        .await?;
    }
    Ok(())
}

/// Lists a product for sale. Refused with the fields named when a check fails; not found when
/// the actor may not trade for the product's organisation, or forbidden when they may see it.
pub async fn create(cx: &Context, input: &ListingInput) -> StoreResult<i64> {
    let (fields, organisation_id) = checked(cx, input).await?;
    let mut columns = COLUMNS.to_vec();
    columns.extend(["created_at", "updated_at"]);
    let mut values = args(&fields, organisation_id);
    values.extend([Arg::Time(cx.now), Arg::Time(cx.now)]);
    let mut tx = Tx::begin(&cx.db).await?;
    let id = tx
        .insert_returning_id(&insert_sql("market_listings", &columns), &values)
        .await?;
    write_provinces(&mut tx, id, &fields).await?;
    let change = Change {
        action: Action::Create,
        entity: "market_listing",
        entity_id: id.to_string(),
        organisation_id: Some(organisation_id),
        before: None,
        after: audit::snapshot(&fields),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    super::tell_matches_for_listing(cx, id).await;
    Ok(id)
}

/// Edits a listing: its season, volumes, prices, delivery, state. An edit from an older version
/// is refused ([`StoreError::Stale`]); the actor must be allowed to trade for the organisation it
/// was listed for and for the product's.
pub async fn update(cx: &Context, id: i64, input: &ListingInput) -> StoreResult<()> {
    let found = get(&cx.db, id, cx.today).await?;
    gate::authorize(&cx.db, &cx.actor, Permission::Trade, found.organisation_id).await?;
    let input = ListingInput {
        state: crate::domain::state_kept(&input.state, found.state.as_str()),
        ..input.clone()
    };
    let (fields, organisation_id) = checked(cx, &input).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    if !tx.lock("market_listings", id).await? {
        return Err(StoreError::NotFound);
    }
    // The trail's "before" is the listing as this write finds it, under the lock.
    let sql = format!("{} WHERE l.id = $2", select_listings("$1"));
    let mut before: Listing = tx
        .fetch_optional(&sql, &[Arg::Date(cx.today), Arg::I64(id)])
        .await?
        .ok_or(StoreError::NotFound)?;
    let provinces: Vec<(String,)> = tx
        .fetch_all(
            "SELECT province_code FROM market_listing_provinces WHERE listing_id = $1 ORDER BY province_code",
            &[Arg::I64(id)],
        )
        .await?;
    before.delivers_to = provinces.into_iter().map(|(code,)| code).collect();
    let version = before.version;
    hoptac_core::error::ensure_current(input.version, version)?;
    if before.fields() == fields {
        return Ok(());
    }
    let mut columns = COLUMNS.to_vec();
    columns.extend(["updated_at", "version"]);
    let mut values = args(&fields, organisation_id);
    values.extend([Arg::Time(cx.now), Arg::I64(version + 1), Arg::I64(id)]);
    tx.execute(&update_sql("market_listings", &columns), &values)
        .await?;
    write_provinces(&mut tx, id, &fields).await?;
    let change = Change {
        action: Action::Update,
        entity: "market_listing",
        entity_id: id.to_string(),
        organisation_id: Some(organisation_id),
        before: audit::snapshot(&before.fields()),
        after: audit::snapshot(&fields),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// For each of `organisations` that delivered under linkage contracts on or after `since`, how
/// many contracts it delivered under: the producers' records matching weighs. Deliveries are few
/// beside listings, so every seller's record is read at once and the ones asked kept.
pub async fn delivery_records(
    db: &Db,
    organisations: &[i64],
    since: NaiveDate,
) -> StoreResult<HashMap<i64, u32>> {
    if organisations.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT seller_id, COUNT(DISTINCT contract_id) FROM market_deliveries \
         WHERE delivered_on >= $1 AND seller_id IS NOT NULL GROUP BY seller_id"
    )
    .bind(since)
    .fetch_all(pool)
    .await)?;
    let asked: std::collections::HashSet<i64> = organisations.iter().copied().collect();
    Ok(rows
        .into_iter()
        .filter(|(id, _)| asked.contains(id))
        .map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}
