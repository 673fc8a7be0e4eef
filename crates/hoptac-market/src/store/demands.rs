//! Buyers' demands. An open demand is public, so that cooperatives everywhere see what is wanted;
//! a demand met or withdrawn is seen by those who may read the buyer's records. Posting and editing
//! a demand belong to whoever may trade for the buyer (its buyer accounts, an alliance officer of
//! its province: [`Permission::Trade`]).

use crate::domain::inputs::{DemandFields, DemandInput};
use crate::domain::{DemandState, Unit};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::Permission;
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::sql::{fetch_page, insert_sql, Tx};
use hoptac_core::{bind_args, gate, on_pool, text};
use hoptac_core::{Arg, Conditions, Context, Db, Page, Paging, StoreError, StoreResult};
use hoptac_ocop::domain::ProductGroup;
use serde::Serialize;

/// A demand as lists and its page show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Demand {
    pub id: i64,
    pub buyer_id: i64,
    pub buyer_name: String,
    /// The buyer's 2025 province.
    pub buyer_province: String,
    pub product: String,
    pub product_group: Option<String>,
    /// In `unit`, over the whole period.
    pub quantity: i64,
    #[sqlx(try_from = "String")]
    pub unit: Unit,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub delivery_province: String,
    pub delivery_province_name: String,
    pub min_stars: Option<i32>,
    pub certificate_through_period: bool,
    pub vietgap: bool,
    pub organic: bool,
    /// Đồng per `unit`.
    pub price_ceiling: Option<i64>,
    pub notes: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: DemandState,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Demand {
    /// The demand as matching reads it.
    pub fn fields(&self) -> DemandFields {
        DemandFields {
            buyer_id: self.buyer_id,
            product: self.product.clone(),
            product_group: self.product_group.as_deref().and_then(ProductGroup::parse),
            quantity: self.quantity,
            unit: self.unit,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            delivery_province: self.delivery_province.clone(),
            min_stars: self.min_stars.and_then(|s| u8::try_from(s).ok()),
            certificate_through_period: self.certificate_through_period,
            vietgap: self.vietgap,
            organic: self.organic,
            price_ceiling: self.price_ceiling,
            notes: self.notes.clone(),
            state: self.state,
        }
    }

    /// The demand as its edit form shows it.
    pub fn to_input(&self) -> DemandInput {
        let input = DemandInput {
            buyer_id: Some(self.buyer_id.to_string()),
            product: self.product.clone(),
            product_group: self.product_group.clone(),
            quantity: Some(self.quantity.to_string()),
            unit: self.unit.as_str().to_owned(),
            starts_on: self.starts_on.to_string(),
            ends_on: self.ends_on.to_string(),
            delivery_province: self.delivery_province.clone(),
            min_stars: self.min_stars.map(|s| s.to_string()),
            certificate_through_period: self.certificate_through_period,
            vietgap: self.vietgap,
            organic: self.organic,
            price_ceiling: self.price_ceiling.map(|p| p.to_string()),
            notes: self.notes.clone(),
            state: Some(self.state.as_str().to_owned()),
            version: Some(self.version),
            original: None,
        };
        DemandInput {
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }
}

const SELECT: &str = "SELECT d.id, d.buyer_id, o.name AS buyer_name, o.province_code AS buyer_province, \
     d.product, d.product_group, d.quantity, d.unit, d.starts_on, d.ends_on, d.delivery_province, \
     pr.name AS delivery_province_name, d.min_stars, d.certificate_through_period, d.vietgap, d.organic, \
     d.price_ceiling, d.notes, d.state, d.version, d.created_at, d.updated_at \
     FROM market_demands d \
     JOIN organisations o ON o.id = d.buyer_id \
     JOIN provinces pr ON pr.era = '2025' AND pr.code = d.delivery_province";

/// What a list of demands can be narrowed by. Blank means any.
#[derive(Debug, Clone, Default)]
pub struct DemandFilter {
    /// Words of the product wanted or of the buyer's name, diacritics optional.
    pub query: Option<String>,
    /// Delivered to this 2025 province.
    pub delivery_province: Option<String>,
    pub group: Option<ProductGroup>,
    /// One buyer's demands: all of them, met and withdrawn too, for those who may read the buyer's
    /// records; its open ones for anyone else.
    pub buyer_id: Option<i64>,
    /// Only demands whose period has not ended before this day.
    pub current_on: Option<NaiveDate>,
}

/// Demands, the newest first: the open ones, and a buyer's others for those who may read them.
pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &DemandFilter,
    paging: Paging,
) -> StoreResult<Page<Demand>> {
    let mut c = Conditions::default();
    for word in filter
        .query
        .as_deref()
        .map(text::search_terms)
        .unwrap_or_default()
    {
        let like = format!("%{word}%");
        c.push(
            "(d.search_text LIKE ? OR o.search_text LIKE ?)",
            [Arg::Text(like.clone()), Arg::Text(like)],
        );
    }
    let all_states = match filter.buyer_id {
        Some(id) => gate::authorize(db, actor, Permission::ReadPrivate, id)
            .await
            .is_ok(),
        None => false,
    };
    if !all_states {
        c.push("d.state = ?", [Arg::Text(DemandState::Open.as_str().to_owned())]);
    }
    if let Some(id) = filter.buyer_id {
        c.push("d.buyer_id = ?", [Arg::I64(id)]);
    }
    if let Some(code) = &filter.delivery_province {
        c.push("d.delivery_province = ?", [Arg::Text(code.clone())]);
    }
    if let Some(group) = filter.group {
        c.push(
            "(d.product_group = ? OR d.product_group IS NULL)",
            [Arg::Text(group.as_str().to_owned())],
        );
    }
    if let Some(day) = filter.current_on {
        c.push("d.ends_on >= ?", [Arg::Date(day)]);
    }
    let select = format!("{SELECT} {{where}} ORDER BY d.id DESC");
    let count = "SELECT COUNT(*) FROM market_demands d JOIN organisations o ON o.id = d.buyer_id {where}";
    Ok(fetch_page(db, &select, count, &c, paging).await?)
}

/// The open demands current on `day` that name any of `words`: those a listing is weighed against.
pub async fn candidates(db: &Db, words: &[String], day: NaiveDate) -> StoreResult<Vec<Demand>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut c = Conditions::default();
    let any = vec!["d.search_text LIKE ?"; words.len()].join(" OR ");
    c.push(
        &format!("({any})"),
        words.iter().map(|w| Arg::Text(format!("%{w}%"))),
    );
    c.push("d.state = ?", [Arg::Text(DemandState::Open.as_str().to_owned())]);
    c.push("d.ends_on >= ?", [Arg::Date(day)]);
    let sql = format!("{SELECT} {} ORDER BY d.id", c.where_sql());
    Ok(on_pool!(db, |pool| bind_args!(
        sqlx::query_as::<_, Demand>(&sql),
        &c.args
    )
    .fetch_all(pool)
    .await)?)
}

async fn find(db: &Db, id: i64) -> StoreResult<Demand> {
    let sql = format!("{SELECT} WHERE d.id = $1");
    let found: Option<Demand> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    found.ok_or(StoreError::NotFound)
}

/// One demand: an open one for anyone, another for those who may read the buyer's records.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> StoreResult<Demand> {
    let demand = find(db, id).await?;
    if demand.state != DemandState::Open {
        gate::authorize(db, actor, Permission::ReadPrivate, demand.buyer_id).await?;
    }
    Ok(demand)
}

/// True when the actor may edit the demand (to offer the way to it).
pub async fn may_edit(db: &Db, actor: &Actor, demand: &Demand) -> bool {
    gate::authorize(db, actor, Permission::Trade, demand.buyer_id)
        .await
        .is_ok()
}

const COLUMNS: [&str; 17] = [
    "buyer_id",
    "product",
    "search_text",
    "product_group",
    "quantity",
    "unit",
    "starts_on",
    "ends_on",
    "delivery_province",
    "min_stars",
    "certificate_through_period",
    "vietgap",
    "organic",
    "price_ceiling",
    "notes",
    "state",
    "updated_at",
];

fn args(fields: &DemandFields, now: DateTime<Utc>) -> Vec<Arg> {
    vec![
        Arg::I64(fields.buyer_id),
        Arg::Text(fields.product.clone()),
        Arg::Text(text::searchable(&fields.product)),
        Arg::OptText(fields.product_group.map(|g| g.as_str().to_owned())),
        Arg::I64(fields.quantity),
        Arg::Text(fields.unit.as_str().to_owned()),
        Arg::Date(fields.starts_on),
        Arg::Date(fields.ends_on),
        Arg::Text(fields.delivery_province.clone()),
        Arg::OptI32(fields.min_stars.map(i32::from)),
        Arg::Bool(fields.certificate_through_period),
        Arg::Bool(fields.vietgap),
        Arg::Bool(fields.organic),
        Arg::OptI64(fields.price_ceiling),
        Arg::OptText(fields.notes.clone()),
        Arg::Text(fields.state.as_str().to_owned()),
        Arg::Time(now),
    ]
}

/// Checks a demand and that the actor may trade for its buyer.
async fn checked(cx: &Context, input: &DemandInput, is_new: bool) -> StoreResult<DemandFields> {
    // The buyer as typed: its id, the form's suggestion or its name.
    let mut input = input.clone();
    hoptac_core::org::settle_typed_organisation(&cx.db, "buyer_id", &mut input.buyer_id).await?;
    let fields = input.validate(cx.today, is_new).map_err(StoreError::Validation)?;
    super::may_trade_for(cx, fields.buyer_id, "buyer_id").await?;
    Ok(fields)
}

/// Posts a demand. Refused with the fields named when a check fails, a buyer the actor may not
/// trade for among them.
pub async fn create(cx: &Context, input: &DemandInput) -> StoreResult<i64> {
    let fields = checked(cx, input, true).await?;
    let mut columns = COLUMNS.to_vec();
    columns.push("created_at");
    let mut values = args(&fields, cx.now);
    values.push(Arg::Time(cx.now));
    let mut tx = Tx::begin(&cx.db).await?;
    let id = tx
        .insert_returning_id(&insert_sql("market_demands", &columns), &values)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "market_demand",
        entity_id: id.to_string(),
        organisation_id: Some(fields.buyer_id),
        before: None,
        after: audit::snapshot(&fields),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    super::tell_matches_for_demand(cx, id).await;
    Ok(id)
}

/// Edits a demand, its state too (met, withdrawn, open again). An edit from an older version is
/// refused ([`StoreError::Stale`]).
pub async fn update(cx: &Context, id: i64, input: &DemandInput) -> StoreResult<()> {
    let found = find(&cx.db, id).await?;
    gate::authorize(&cx.db, &cx.actor, Permission::Trade, found.buyer_id).await?;
    let input = DemandInput {
        state: crate::domain::state_kept(&input.state, found.state.as_str()),
        ..input.clone()
    };
    let fields = checked(cx, &input, false).await?;
    let edit = super::Edit {
        table: "market_demands",
        entity: "market_demand",
        id,
        select: format!("{SELECT} WHERE d.id = $1"),
        select_args: vec![Arg::I64(id)],
        from_version: input.version,
        fields: &fields,
        columns: COLUMNS.to_vec(),
        values: args(&fields, cx.now),
        organisation_id: Some(fields.buyer_id),
    };
    super::save_edit(cx, edit, |d: &Demand| (d.version, d.fields())).await
}
