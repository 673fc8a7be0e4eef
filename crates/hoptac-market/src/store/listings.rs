//! Listings: a cooperative's product offered for sale. Listings are public; listing a product and
//! editing the listing belong to whoever may trade for the product's organisation (its manager,
//! an alliance officer of its province: [`Permission::Trade`]).

use crate::domain::inputs::{ListingFields, ListingInput};
use crate::domain::matching::{Held, Offer};
use crate::domain::{ListingState, Season, Unit};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::Permission;
use hoptac_core::audit::{self, Action, Change};
use hoptac_core::sql::{insert_sql, update_sql, Tx};
use hoptac_core::{bind_args, gate, on_pool, text};
use hoptac_core::{Arg, Conditions, Context, Db, Page, Paging, StoreError, StoreResult};
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
            certificate: match (self.stars, self.expires_on) {
                (Some(stars), Some(expires_on)) => Some(Held {
                    stars: u8::try_from(stars).unwrap_or(0),
                    expires_on,
                }),
                _ => None,
            },
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
         l.price_max, l.min_order, l.delivers_nationwide, l.vietgap, l.organic, l.state, cert.stars, \
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
}

/// Those of `words` found in a product's, producer's or listing's text.
fn push_words(c: &mut Conditions, words: &[String]) {
    for word in words {
        let like = format!("%{word}%");
        c.push(
            "(p.search_name LIKE ? OR o.search_text LIKE ? OR l.search_text LIKE ?)",
            [Arg::Text(like.clone()), Arg::Text(like.clone()), Arg::Text(like)],
        );
    }
}

impl ListingFilter {
    fn conditions(&self) -> Conditions {
        let mut c = Conditions::default();
        push_words(
            &mut c,
            &self.query.as_deref().map(text::search_terms).unwrap_or_default(),
        );
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
            c.push("o.province_code = ?", [Arg::Text(code.clone())]);
        }
        if let Some(group) = self.group {
            c.push("p.product_group = ?", [Arg::Text(group.as_str().to_owned())]);
        }
        if let Some(stars) = self.min_stars {
            c.push("cert.stars >= ?", [Arg::I32(stars)]);
        }
        if self.certified {
            c.push("cert.id IS NOT NULL", []);
        }
        if let Some(month) = self.month.filter(|m| (1..=12).contains(m)) {
            c.push("(l.season_mask & ?) <> 0", [Arg::I64(1 << (month - 1))]);
        }
        if let Some(code) = &self.delivers_to {
            c.push(
                "(l.delivers_nationwide OR o.province_code = ? OR EXISTS (SELECT 1 FROM market_listing_provinces d \
                 WHERE d.listing_id = l.id AND d.province_code = ?))",
                [Arg::Text(code.clone()), Arg::Text(code.clone())],
            );
        }
        if let Some(id) = self.organisation_id {
            c.push("l.organisation_id = ?", [Arg::I64(id)]);
        }
        c
    }
}

/// Fills each listing's season and the provinces it delivers to.
async fn complete(db: &Db, listings: &mut [Listing]) -> StoreResult<()> {
    let ids: Vec<i64> = listings
        .iter()
        .filter(|l| !l.delivers_nationwide)
        .map(|l| l.id)
        .collect();
    let rows: Vec<(i64, String)> = hoptac_core::sql::fetch_for_ids(
        db,
        "SELECT listing_id, province_code FROM market_listing_provinces WHERE listing_id IN {ids} \
         ORDER BY province_code",
        &ids,
    )
    .await?;
    let mut provinces: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, code) in rows {
        provinces.entry(id).or_default().push(code);
    }
    for listing in listings {
        listing.season = listing.season().months().collect();
        listing.delivers_to = provinces.remove(&listing.id).unwrap_or_default();
    }
    Ok(())
}

/// Listings on `day`'s stars, the best stars first, then the newest.
pub async fn list(
    db: &Db,
    filter: &ListingFilter,
    paging: Paging,
    day: NaiveDate,
) -> StoreResult<Page<Listing>> {
    let c = filter.conditions();
    let where_sql = c.where_sql();
    let n = c.next_placeholder();
    let day_mark = format!("${n}");
    let sql = format!(
        "{} {where_sql} ORDER BY cert.stars IS NULL, cert.stars DESC, l.id DESC LIMIT ${} OFFSET ${}",
        select_listings(&day_mark),
        n + 1,
        n + 2
    );
    // The certificates are joined for the count only when a condition reads them: looking up
    // every listing's certificate is most of what a count of the whole catalogue costs.
    let counts_certificates = filter.min_stars.is_some() || filter.certified;
    let certificates = if counts_certificates {
        certificate_join(&day_mark)
    } else {
        String::new()
    };
    let count_sql = format!(
        "SELECT COUNT(*) FROM market_listings l JOIN ocop_products p ON p.id = l.product_id \
         JOIN organisations o ON o.id = l.organisation_id {certificates} {where_sql}"
    );
    let (mut items, total) = on_pool!(db, |pool| {
        let items = bind_args!(sqlx::query_as::<_, Listing>(&sql), &c.args)
            .bind(day)
            .bind(paging.per_page)
            .bind(paging.offset())
            .fetch_all(pool)
            .await?;
        let mut count = bind_args!(sqlx::query_scalar(&count_sql), &c.args);
        if counts_certificates {
            count = count.bind(day);
        }
        let total: i64 = count.fetch_one(pool).await?;
        Ok::<_, sqlx::Error>((items, total))
    })?;
    complete(db, &mut items).await?;
    Ok(Page::new(items, total, paging))
}

/// The active listings that name any of `words`, with the certificate holding on `day`: the
/// candidates matching weighs for a demand.
pub async fn candidates(db: &Db, words: &[String], day: NaiveDate) -> StoreResult<Vec<Listing>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut c = Conditions::default();
    let any: Vec<String> = words.iter().map(|_| "p.search_name LIKE ?".to_owned()).collect();
    c.push(
        &format!("({})", any.join(" OR ")),
        words.iter().map(|w| Arg::Text(format!("%{w}%"))),
    );
    c.push(
        "l.state = ?",
        [Arg::Text(ListingState::Active.as_str().to_owned())],
    );
    let n = c.next_placeholder();
    let sql = format!(
        "{} {} ORDER BY l.id",
        select_listings(&format!("${n}")),
        c.where_sql()
    );
    let mut items: Vec<Listing> =
        on_pool!(db, |pool| bind_args!(sqlx::query_as::<_, Listing>(&sql), &c.args)
            .bind(day)
            .fetch_all(pool)
            .await)?;
    complete(db, &mut items).await?;
    Ok(items)
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

const COLUMNS: [&str; 14] = [
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
