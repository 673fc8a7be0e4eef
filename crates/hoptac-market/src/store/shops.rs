//! OCOP shops and points of sale, and the products they carry. Shops are public: a visitor looks
//! for where to buy a product. A shop is kept by whoever runs trade promotion in its province
//! ([`Permission::Promote`]) and by whoever trades for the organisation that runs it.

use super::refused;
use super::{save_edit, Edit};
use crate::domain::shops::{product_ids, ShopFields, ShopInput, ShopKind, ShopProductsInput, ShopState};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::{Access, Permission, Place};
use hoptac_core::audit::{self, Action, Change};
use hoptac_core::sql::{fetch_page, insert_sql, Tx};
use hoptac_core::{bind_args, gate, on_pool, text};
use hoptac_core::{Arg, Conditions, Context, Db, Page, Paging, StoreError, StoreResult};
use hoptac_ocop::store::products::{self, Product};
use serde::Serialize;

/// A shop as lists and its page show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Shop {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: ShopKind,
    pub province_code: String,
    pub province_name: String,
    pub address: String,
    /// The organisation of the registry that runs it.
    pub operator_id: Option<i64>,
    /// Who runs it: that organisation's name, or the name recorded.
    pub operator_name: Option<String>,
    pub phone: Option<String>,
    pub open_since: Option<NaiveDate>,
    #[sqlx(try_from = "String")]
    pub state: ShopState,
    /// How many OCOP products it carries.
    pub product_count: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Shop {
    pub fn fields(&self) -> ShopFields {
        ShopFields {
            name: self.name.clone(),
            kind: self.kind,
            province_code: self.province_code.clone(),
            address: self.address.clone(),
            operator_id: self.operator_id,
            operator_name: self.operator_name.clone().filter(|_| self.operator_id.is_none()),
            phone: self.phone.clone(),
            open_since: self.open_since,
            state: self.state,
        }
    }

    pub fn to_input(&self) -> ShopInput {
        let fields = self.fields();
        let input = ShopInput {
            name: fields.name,
            kind: fields.kind.as_str().to_owned(),
            province_code: fields.province_code,
            address: fields.address,
            // As the form's suggestions name an organisation, which the check reads back.
            operator_id: fields.operator_id.map(|id| match &self.operator_name {
                Some(name) => format!("{name} (#{id})"),
                None => id.to_string(),
            }),
            operator_name: fields.operator_name,
            phone: fields.phone,
            open_since: fields.open_since.map(|d| d.to_string()),
            state: Some(fields.state.as_str().to_owned()),
            version: Some(self.version),
            original: None,
        };
        ShopInput {
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }
}

const SELECT: &str = "SELECT s.id, s.name, s.kind, s.province_code, pr.name AS province_name, s.address, \
     s.operator_id, COALESCE(o.name, s.operator_name) AS operator_name, s.phone, s.open_since, s.state, \
     (SELECT COUNT(*) FROM market_shop_products sp WHERE sp.shop_id = s.id) AS product_count, \
     s.version, s.created_at, s.updated_at \
     FROM market_shops s \
     JOIN provinces pr ON pr.era = '2025' AND pr.code = s.province_code \
     LEFT JOIN organisations o ON o.id = s.operator_id";

/// What a list of shops can be narrowed by. Blank means any.
#[derive(Debug, Clone, Default)]
pub struct ShopFilter {
    /// Words of the name or the address, diacritics optional.
    pub query: Option<String>,
    pub province: Option<String>,
    /// Shops that carry this OCOP product.
    pub product_id: Option<i64>,
    /// Open ones only.
    pub open_only: bool,
}

/// Shops by province and name.
pub async fn list(db: &Db, filter: &ShopFilter, paging: Paging) -> StoreResult<Page<Shop>> {
    let mut c = Conditions::default();
    for word in filter
        .query
        .as_deref()
        .map(text::search_terms)
        .unwrap_or_default()
    {
        c.push("s.search_text LIKE ?", [Arg::Text(format!("%{word}%"))]);
    }
    if let Some(code) = &filter.province {
        c.push("s.province_code = ?", [Arg::Text(code.clone())]);
    }
    if let Some(id) = filter.product_id {
        c.push(
            "s.id IN (SELECT sp.shop_id FROM market_shop_products sp WHERE sp.product_id = ?)",
            [Arg::I64(id)],
        );
    }
    if filter.open_only {
        c.push(
            "s.state = ?",
            [Arg::Text(ShopState::Operating.as_str().to_owned())],
        );
    }
    let select = format!("{SELECT} {{where}} ORDER BY pr.name, s.search_text, s.id");
    Ok(fetch_page(
        db,
        &select,
        "SELECT COUNT(*) FROM market_shops s {where}",
        &c,
        paging,
    )
    .await?)
}

/// One shop.
pub async fn get(db: &Db, id: i64) -> StoreResult<Shop> {
    let sql = format!("{SELECT} WHERE s.id = $1");
    let found: Option<Shop> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    found.ok_or(StoreError::NotFound)
}

/// The OCOP products a shop carries, with the stars they hold on `today`.
pub async fn products_of(db: &Db, id: i64, today: NaiveDate) -> StoreResult<Vec<Product>> {
    let ids: Vec<i64> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT product_id FROM market_shop_products WHERE shop_id = $1"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?;
    products::with_ids(db, &ids, today).await
}

/// True when the person may keep a shop of the province run by `operator_id`: trade promotion
/// in the province, or trading for the operator.
async fn may_keep(db: &Db, access: &Access, province: &str, operator_id: Option<i64>) -> StoreResult<bool> {
    if access.allows(Permission::Promote, &Place::province(province)) {
        return Ok(true);
    }
    let Some(operator) = operator_id else {
        return Ok(false);
    };
    match gate::place_of(db, operator).await {
        Ok(place) => Ok(access.allows(Permission::Trade, &place)),
        Err(StoreError::NotFound) => Ok(false),
        Err(other) => Err(other),
    }
}

/// True when the person may edit the shop (to offer the way to it).
pub async fn may_edit(db: &Db, access: &Access, shop: &Shop) -> bool {
    may_keep(db, access, &shop.province_code, shop.operator_id)
        .await
        .unwrap_or(false)
}

async fn checked(cx: &Context, input: &ShopInput) -> StoreResult<ShopFields> {
    let mut input = input.clone();
    hoptac_core::org::settle_typed_organisation(&cx.db, "operator_id", &mut input.operator_id).await?;
    let fields = input.validate(cx.today).map_err(StoreError::Validation)?;
    if let Some(operator) = fields.operator_id {
        if let Err(StoreError::NotFound) = gate::place_of(&cx.db, operator).await {
            return Err(refused(
                "operator_id",
                "unknown_organisation",
                vec![("value", operator.to_string())],
            ));
        }
    }
    if !may_keep(
        &cx.db,
        &cx.actor.access,
        &fields.province_code,
        fields.operator_id,
    )
    .await?
    {
        // Either would do: trade promotion in the province, or trading for who runs it.
        let mut errors = hoptac_core::FieldErrors::new();
        errors.add("province_code", "cannot_promote_for");
        if fields.operator_id.is_some() {
            errors.add("operator_id", "cannot_trade_for");
        }
        return Err(StoreError::Validation(errors));
    }
    Ok(fields)
}

const COLUMNS: [&str; 11] = [
    "name",
    "search_text",
    "kind",
    "province_code",
    "address",
    "operator_id",
    "operator_name",
    "phone",
    "open_since",
    "state",
    "updated_at",
];

fn args(fields: &ShopFields, now: DateTime<Utc>) -> Vec<Arg> {
    vec![
        Arg::Text(fields.name.clone()),
        Arg::Text(text::searchable(&format!("{} {}", fields.name, fields.address))),
        Arg::Text(fields.kind.as_str().to_owned()),
        Arg::Text(fields.province_code.clone()),
        Arg::Text(fields.address.clone()),
        Arg::OptI64(fields.operator_id),
        Arg::OptText(fields.operator_name.clone()),
        Arg::OptText(fields.phone.clone()),
        Arg::OptDate(fields.open_since),
        Arg::Text(fields.state.as_str().to_owned()),
        Arg::Time(now),
    ]
}

/// Records a shop. Refused on `province_code` when the actor may neither promote trade there nor
/// trade for the operator.
pub async fn create(cx: &Context, input: &ShopInput) -> StoreResult<i64> {
    let fields = checked(cx, input).await?;
    let mut columns = COLUMNS.to_vec();
    columns.push("created_at");
    let mut values = args(&fields, cx.now);
    values.push(Arg::Time(cx.now));
    let mut tx = Tx::begin(&cx.db).await?;
    let id = tx
        .insert_returning_id(&insert_sql("market_shops", &columns), &values)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "market_shop",
        entity_id: id.to_string(),
        organisation_id: fields.operator_id,
        before: None,
        after: audit::snapshot(&fields),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(id)
}

/// A shop the actor may keep, for a write: refused when they may not.
async fn kept(cx: &Context, id: i64) -> StoreResult<Shop> {
    let shop = get(&cx.db, id).await?;
    if !may_keep(&cx.db, &cx.actor.access, &shop.province_code, shop.operator_id).await? {
        return Err(StoreError::Forbidden);
    }
    Ok(shop)
}

/// Edits a shop, its state too (closed, open again).
pub async fn update(cx: &Context, id: i64, input: &ShopInput) -> StoreResult<()> {
    let found = kept(cx, id).await?;
    let input = ShopInput {
        state: crate::domain::state_kept(&input.state, found.state.as_str()),
        ..input.clone()
    };
    let fields = checked(cx, &input).await?;
    let edit = Edit {
        table: "market_shops",
        entity: "market_shop",
        id,
        select: format!("{SELECT} WHERE s.id = $1"),
        select_args: vec![Arg::I64(id)],
        from_version: input.version,
        fields: &fields,
        columns: COLUMNS.to_vec(),
        values: args(&fields, cx.now),
        organisation_id: fields.operator_id,
    };
    save_edit(cx, edit, |s: &Shop| (s.version, s.fields())).await
}

/// Refuses, on `field`, the first of `ids` that is no OCOP product.
pub(crate) async fn ensure_products(db: &Db, field: &str, ids: &[i64]) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!("SELECT id FROM ocop_products WHERE id IN ({})", marks.join(", "));
    let args: Vec<Arg> = ids.iter().map(|id| Arg::I64(*id)).collect();
    let found: Vec<i64> = on_pool!(db, |pool| bind_args!(sqlx::query_scalar(&sql), &args)
        .fetch_all(pool)
        .await)?;
    match ids.iter().find(|id| !found.contains(id)) {
        Some(missing) => Err(refused(
            field,
            "invalid_choice",
            vec![("value", missing.to_string())],
        )),
        None => Ok(()),
    }
}

/// Sets the products a shop carries: the list replaces the one before (an empty list empties
/// it). A list chosen on an older version of the shop is stale (409).
pub async fn set_products(cx: &Context, id: i64, input: &ShopProductsInput) -> StoreResult<()> {
    kept(cx, id).await?;
    let mut errors = hoptac_core::FieldErrors::new();
    let ids = product_ids(&mut errors, "product_ids", &input.product_ids);
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    ensure_products(&cx.db, "product_ids", &ids).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    if !tx.lock("market_shops", id).await? {
        return Err(StoreError::NotFound);
    }
    // The list is chosen on a version of the shop: one chosen on an older one would undo what
    // was ticked since.
    let shop: Shop = tx
        .fetch_optional(&format!("{SELECT} WHERE s.id = $1"), &[Arg::I64(id)])
        .await?
        .ok_or(StoreError::NotFound)?;
    hoptac_core::error::ensure_current(input.version, shop.version)?;
    let before: Vec<i64> = carried(&mut tx, id).await?;
    if before == ids {
        return Ok(());
    }
    tx.execute(
        "DELETE FROM market_shop_products WHERE shop_id = $1",
        &[Arg::I64(id)],
    )
    .await?;
    let rows: Vec<Vec<Arg>> = ids.iter().map(|p| vec![Arg::I64(id), Arg::I64(*p)]).collect();
    tx.insert_many("market_shop_products", &["shop_id", "product_id"], &rows)
        .await?;
    tx.execute(
        "UPDATE market_shops SET version = version + 1, updated_at = $1 WHERE id = $2",
        &[Arg::Time(cx.now), Arg::I64(id)],
    )
    .await?;
    let operator = shop.operator_id;
    let change = Change {
        action: Action::Update,
        entity: "market_shop",
        entity_id: id.to_string(),
        organisation_id: operator,
        before: audit::snapshot(&serde_json::json!({ "product_ids": before })),
        after: audit::snapshot(&serde_json::json!({ "product_ids": ids })),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

async fn carried(tx: &mut Tx<'_>, id: i64) -> StoreResult<Vec<i64>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        product_id: i64,
    }
    let rows: Vec<Row> = tx
        .fetch_all(
            "SELECT product_id FROM market_shop_products WHERE shop_id = $1 ORDER BY product_id",
            &[Arg::I64(id)],
        )
        .await?;
    Ok(rows.into_iter().map(|r| r.product_id).collect())
}

/// The open shops carrying a product: where to buy it.
pub async fn carrying(db: &Db, product_id: i64) -> StoreResult<Vec<Shop>> {
    let filter = ShopFilter {
        product_id: Some(product_id),
        open_only: true,
        ..ShopFilter::default()
    };
    Ok(list(db, &filter, Paging::new(Some(1), Some(50))).await?.items)
}
