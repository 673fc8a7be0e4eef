//! OCOP products and their subjects' self-assessments. Products, their stars and their certificate
//! history are public; registering and editing a product, and the self-assessment, belong to whoever
//! may edit the subject's record (its manager, the officers of its place).

use super::certificates::Certificate;
use super::scorecards::{self, ProductSet, ScorecardVersion};
use super::{assessment, Assessment, StarRuleSets};
use crate::domain::inputs::{is_subject_kind, IpProtection, ProductFields, ProductInput, SheetInput};
use crate::domain::ProductGroup;
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::Permission;
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::gate;
use hoptac_core::sql::{insert_sql, update_sql, Tx};
use hoptac_core::Context;
use hoptac_core::{bind_args, on_pool, Arg, Conditions, Db, Page, Paging, StoreError, StoreResult};
use hoptac_core::{text, FieldErrors};
use hoptac_registry::domain::organisation::{OrgKind, OrgStatus};
use serde::Serialize;
use std::collections::BTreeMap;

/// A product as lists and its page show it, with the stars its certificate gives on the day asked.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Product {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    #[sqlx(try_from = "String")]
    pub organisation_kind: OrgKind,
    pub province_code: String,
    pub province_name: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub product_group: ProductGroup,
    pub product_set_id: Option<i64>,
    pub product_set_name: Option<String>,
    pub description: Option<String>,
    pub has_quality_declaration: bool,
    pub ip_protection: Option<String>,
    pub has_traceability: bool,
    pub is_value_chain: bool,
    /// The stars of the certificate that holds on the day asked; `None` when none holds.
    pub stars: Option<i32>,
    /// When that certificate stops holding.
    pub expires_on: Option<NaiveDate>,
    /// Raised by every edit; send it back with an edit (`version`, or `If-Match`).
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Product {
    /// The product's own fields, as a write makes them.
    fn fields(&self) -> ProductFields {
        ProductFields {
            organisation_id: self.organisation_id,
            name: self.name.clone(),
            product_group: self.product_group,
            product_set_id: self.product_set_id,
            description: self.description.clone(),
            has_quality_declaration: self.has_quality_declaration,
            ip_protection: self.ip_protection(),
            has_traceability: self.has_traceability,
            is_value_chain: self.is_value_chain,
        }
    }

    /// The product as its edit form shows it, carrying its version and what it showed
    /// (`original`).
    pub fn to_input(&self) -> ProductInput {
        let input = ProductInput {
            organisation_id: Some(self.organisation_id.to_string()),
            name: self.name.clone(),
            product_group: self.product_group.as_str().to_owned(),
            product_set_id: self.product_set_id.map(|id| id.to_string()),
            description: self.description.clone(),
            has_quality_declaration: self.has_quality_declaration,
            ip_protection: self.ip_protection.clone(),
            has_traceability: self.has_traceability,
            is_value_chain: self.is_value_chain,
            version: Some(self.version),
            original: None,
        };
        ProductInput {
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }

    pub fn ip_protection(&self) -> Option<IpProtection> {
        self.ip_protection.as_deref().and_then(IpProtection::parse)
    }
}

/// The certificate that holds on a day, as a join: `cert` is the alias, `today` the placeholder.
pub(crate) fn holding_certificate(product: &str, today: &str) -> String {
    format!(
        "LEFT JOIN ocop_certificates cert ON cert.product_id = {product} AND {}",
        super::certificates::holds_on("cert", today)
    )
}

fn select_products(today: &str) -> String {
    format!(
        "SELECT p.id, p.organisation_id, o.name AS organisation_name, o.kind AS organisation_kind, \
         o.province_code, pr.name AS province_name, p.name, p.product_group, p.product_set_id, \
         s.name AS product_set_name, p.description, p.has_quality_declaration, p.ip_protection, \
         p.has_traceability, p.is_value_chain, cert.stars, cert.expires_on, p.version, p.created_at, \
         p.updated_at \
         FROM ocop_products p \
         JOIN organisations o ON o.id = p.organisation_id \
         JOIN provinces pr ON pr.era = '2025' AND pr.code = o.province_code \
         LEFT JOIN ocop_product_sets s ON s.id = p.product_set_id \
         {}",
        holding_certificate("p.id", today)
    )
}

/// What a product list can be narrowed by.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    /// Words of the product's or the subject's name, with or without diacritics.
    pub query: Option<String>,
    pub province: Option<String>,
    pub organisation_id: Option<i64>,
    pub group: Option<ProductGroup>,
    /// Only products holding a certificate of this many stars.
    pub stars: Option<i32>,
    /// Only products holding a certificate (3 stars or more): "OCOP products".
    pub certified_only: bool,
}

/// Products on `today`'s stars, best first, then by name.
pub async fn list(
    db: &Db,
    filter: &ProductFilter,
    paging: Paging,
    today: NaiveDate,
) -> StoreResult<Page<Product>> {
    let mut c = Conditions::default();
    for word in filter
        .query
        .as_deref()
        .map(text::search_terms)
        .unwrap_or_default()
    {
        c.push(
            "(p.search_name LIKE ? OR o.search_text LIKE ?)",
            [Arg::Text(format!("%{word}%")), Arg::Text(format!("%{word}%"))],
        );
    }
    if let Some(code) = &filter.province {
        c.push("o.province_code = ?", [Arg::Text(code.clone())]);
    }
    if let Some(id) = filter.organisation_id {
        c.push("p.organisation_id = ?", [Arg::I64(id)]);
    }
    if let Some(group) = filter.group {
        c.push("p.product_group = ?", [Arg::Text(group.as_str().into())]);
    }
    if let Some(stars) = filter.stars {
        c.push("cert.stars = ?", [Arg::I32(stars)]);
    }
    if filter.certified_only {
        c.push("cert.id IS NOT NULL", []);
    }
    // The day is bound after the conditions, though the join that uses it comes first.
    let where_sql = c.where_sql();
    let n = c.next_placeholder();
    let today_mark = format!("${n}");
    let sql = format!(
        "{} {where_sql} ORDER BY cert.stars IS NULL, cert.stars DESC, p.name_key, p.id LIMIT ${} OFFSET ${}",
        select_products(&today_mark),
        n + 1,
        n + 2
    );
    let count_sql = format!(
        "SELECT COUNT(*) FROM ocop_products p JOIN organisations o ON o.id = p.organisation_id {} {where_sql}",
        holding_certificate("p.id", &today_mark)
    );
    let (items, total) = on_pool!(db, |pool| {
        let items = bind_args!(sqlx::query_as::<_, Product>(&sql), &c.args)
            .bind(today)
            .bind(paging.per_page)
            .bind(paging.offset())
            .fetch_all(pool)
            .await?;
        let total: i64 = bind_args!(sqlx::query_scalar(&count_sql), &c.args)
            .bind(today)
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((items, total))
    })?;
    Ok(Page::new(items, total, paging))
}

/// One product with the stars it holds on `today`.
pub async fn get(db: &Db, id: i64, today: NaiveDate) -> StoreResult<Product> {
    let sql = format!("{} WHERE p.id = $2", select_products("$1"));
    let product: Option<Product> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(today)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    product.ok_or(StoreError::NotFound)
}

/// The products of `ids` with the stars they hold on `today`, by name; ids of no product are
/// left out.
pub async fn with_ids(db: &Db, ids: &[i64], today: NaiveDate) -> StoreResult<Vec<Product>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (2..ids.len() + 2).map(|n| format!("${n}")).collect();
    let sql = format!(
        "{} WHERE p.id IN ({}) ORDER BY p.name_key, p.id",
        select_products("$1"),
        marks.join(", ")
    );
    let args: Vec<Arg> = std::iter::once(Arg::Date(today))
        .chain(ids.iter().map(|id| Arg::I64(*id)))
        .collect();
    Ok(on_pool!(db, |pool| bind_args!(
        sqlx::query_as::<_, Product>(&sql),
        &args
    )
    .fetch_all(pool)
    .await)?)
}

/// Who makes a product, as its public page presents them: where they are and how to reach them,
/// the facts the registry shows anyone.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Producer {
    pub organisation_id: i64,
    pub name: String,
    pub tax_code: Option<String>,
    pub address: Option<String>,
    /// The 2025 commune it lies in; the commune it was registered in when that one was split
    /// between several 2025 communes and which is not settled yet.
    pub commune_name: String,
    pub representative_name: Option<String>,
    pub representative_title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

/// The producer of a product: its subject's public facts.
pub async fn producer(db: &Db, organisation_id: i64) -> StoreResult<Producer> {
    let found: Option<Producer> = on_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT o.id AS organisation_id, o.name, o.tax_code, o.address, COALESCE(now.name, c.name) AS commune_name, \
         o.representative_name, o.representative_title, o.phone, o.email, o.website \
         FROM organisations o JOIN communes c ON c.id = o.commune_id \
         LEFT JOIN communes now ON now.id = o.current_commune_id WHERE o.id = $1",
        )
        .bind(organisation_id)
        .fetch_optional(pool)
        .await
    })?;
    found.ok_or(StoreError::NotFound)
}

/// A product with its stars today and every certificate it was given.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProductDetail {
    #[serde(flatten)]
    pub product: Product,
    pub certificates: Vec<Certificate>,
}

/// The one view of a product that its page and the API render.
pub async fn detail(cx: &Context, id: i64) -> StoreResult<ProductDetail> {
    Ok(ProductDetail {
        product: get(&cx.db, id, cx.today).await?,
        certificates: super::certificates::of_product(&cx.db, id, cx.today).await?,
    })
}

fn invalid(field: &str, code: &'static str, value: &str) -> StoreError {
    let mut e = FieldErrors::new();
    e.add_with(field, code, vec![("value", value.to_owned())]);
    StoreError::Validation(e)
}

/// The subject must be in the registry, be of a kind that can hold OCOP products, and be active.
pub(crate) async fn check_subject(db: &Db, organisation_id: i64) -> StoreResult<()> {
    let row: Option<(String, String)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT kind, status FROM organisations WHERE id = $1"
    )
    .bind(organisation_id)
    .fetch_optional(pool)
    .await)?;
    let id = organisation_id.to_string();
    let Some((kind, status)) = row else {
        return Err(invalid("organisation_id", "unknown_organisation", &id));
    };
    if !OrgKind::parse(&kind).is_some_and(is_subject_kind) {
        return Err(invalid("organisation_id", "not_an_ocop_subject", &id));
    }
    if OrgStatus::parse(&status) != Some(OrgStatus::Active) {
        return Err(invalid("organisation_id", "organisation_not_active", &id));
    }
    Ok(())
}

/// A product's set must belong to the product's group.
async fn check_set(db: &Db, fields: &ProductFields) -> StoreResult<Option<ProductSet>> {
    let Some(id) = fields.product_set_id else {
        return Ok(None);
    };
    let set = scorecards::known_product_set(db, id, "product_set_id").await?;
    if set.product_group != fields.product_group {
        return Err(invalid("product_set_id", "set_not_in_group", &set.name));
    }
    Ok(Some(set))
}

const COLUMNS: [&str; 11] = [
    "organisation_id",
    "name",
    "search_name",
    "name_key",
    "product_group",
    "product_set_id",
    "description",
    "has_quality_declaration",
    "ip_protection",
    "has_traceability",
    "is_value_chain",
];

fn args(f: &ProductFields) -> Vec<Arg> {
    vec![
        Arg::I64(f.organisation_id),
        Arg::Text(f.name.clone()),
        Arg::Text(text::searchable(&f.name)),
        Arg::Text(text::name_key(&f.name)),
        Arg::Text(f.product_group.as_str().into()),
        Arg::OptI64(f.product_set_id),
        Arg::OptText(f.description.clone()),
        Arg::Bool(f.has_quality_declaration),
        Arg::OptText(f.ip_protection.map(|p| p.as_str().to_owned())),
        Arg::Bool(f.has_traceability),
        Arg::Bool(f.is_value_chain),
    ]
}

/// Validates a product against the registry and the actor's reach.
async fn checked(db: &Db, actor: &Actor, input: &ProductInput) -> StoreResult<ProductFields> {
    // The subject may be typed by name; its refusal then stands for the field.
    let mut input = input.clone();
    let typed =
        hoptac_core::org::settle_typed_organisation(db, "organisation_id", &mut input.organisation_id).await;
    let fields = match (typed, input.validate()) {
        (Ok(()), checked) => checked?,
        (Err(StoreError::Validation(mut errors)), checked) => {
            if let Err(others) = checked {
                errors
                    .0
                    .extend(others.0.into_iter().filter(|e| e.field != "organisation_id"));
            }
            return Err(StoreError::Validation(errors));
        }
        (Err(other), _) => return Err(other),
    };
    check_subject(db, fields.organisation_id).await?;
    gate::authorize(db, actor, Permission::Edit, fields.organisation_id)
        .await
        .map_err(|e| match e {
            // Someone who cannot see the subject is told so on the field, not with a 404 page.
            StoreError::NotFound => invalid(
                "organisation_id",
                "outside_scope",
                &fields.organisation_id.to_string(),
            ),
            other => other,
        })?;
    check_set(db, &fields).await?;
    Ok(fields)
}

fn audit_view(fields: &ProductFields) -> Option<serde_json::Value> {
    Some(serde_json::json!({
        "organisation_id": fields.organisation_id,
        "name": fields.name,
        "product_group": fields.product_group,
        "product_set_id": fields.product_set_id,
        "description": fields.description,
        "has_quality_declaration": fields.has_quality_declaration,
        "ip_protection": fields.ip_protection,
        "has_traceability": fields.has_traceability,
        "is_value_chain": fields.is_value_chain,
    }))
}

/// Registers a product of a subject.
pub async fn create(cx: &Context, input: &ProductInput) -> StoreResult<i64> {
    let fields = check(cx, input).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let id = insert_in(&mut tx, cx, &fields).await?;
    tx.commit().await?;
    Ok(id)
}

/// A product as registering it would save it: checked by the form's rules, against the registry
/// (its subject is a subject of the programme, its set is of its group) and against the actor's
/// reach, before any transaction. An error names every failing field.
pub async fn check(cx: &Context, input: &ProductInput) -> StoreResult<ProductFields> {
    checked(&cx.db, &cx.actor, input).await
}

/// Registers a product [`check`]ed before, inside `tx`, on the audit trail.
pub async fn insert_in(tx: &mut Tx<'_>, cx: &Context, fields: &ProductFields) -> StoreResult<i64> {
    let mut columns = COLUMNS.to_vec();
    columns.extend(["created_at", "updated_at"]);
    let mut values = args(fields);
    values.extend([Arg::Time(cx.now), Arg::Time(cx.now)]);
    let id = tx
        .insert_returning_id(&insert_sql("ocop_products", &columns), &values)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "ocop_product",
        entity_id: id.to_string(),
        organisation_id: Some(fields.organisation_id),
        before: None,
        after: audit_view(fields),
    };
    audit::record(tx, &cx.actor, change, cx.now).await?;
    Ok(id)
}

/// The products of a 2025 province's subjects: (id, subject's id, name).
pub async fn of_province(db: &Db, province: &str) -> StoreResult<Vec<(i64, i64, String)>> {
    Ok(on_pool!(db, |pool| sqlx::query_as(
        "SELECT p.id, p.organisation_id, p.name FROM ocop_products p \
         JOIN organisations o ON o.id = p.organisation_id WHERE o.province_code = $1"
    )
    .bind(province)
    .fetch_all(pool)
    .await)?)
}

/// Edits a product. Moving it to another subject needs the right to edit both. An edit made from
/// an older version than the product's is refused ([`StoreError::Stale`]); the product is read,
/// checked and written in one transaction.
pub async fn update(cx: &Context, id: i64, input: &ProductInput) -> StoreResult<()> {
    let (db, actor, now) = (&cx.db, &cx.actor, cx.now);
    let found = get(db, id, cx.today).await?;
    gate::authorize(db, actor, Permission::Edit, found.organisation_id).await?;
    let fields = checked(db, actor, input).await?;
    let mut columns = COLUMNS.to_vec();
    columns.push("updated_at");
    let mut values = args(&fields);
    values.extend([Arg::Time(now), Arg::I64(id)]);
    let mut tx = Tx::begin(db).await?;
    // The audit's "before" is the product as this write finds it, held until the write ends.
    if !tx.lock("ocop_products", id).await? {
        return Err(StoreError::NotFound);
    }
    let sql = format!("{} WHERE p.id = $2", select_products("$1"));
    let before: Product = tx
        .fetch_optional(&sql, &[Arg::Date(cx.today), Arg::I64(id)])
        .await?
        .ok_or(StoreError::NotFound)?;
    hoptac_core::error::ensure_current(input.version, before.version)?;
    if audit_view(&before.fields()) == audit_view(&fields) {
        return Ok(());
    }
    tx.execute(&update_sql("ocop_products", &columns), &values)
        .await?;
    tx.execute(
        "UPDATE ocop_products SET version = version + 1 WHERE id = $1",
        &[Arg::I64(id)],
    )
    .await?;
    let change = Change {
        action: Action::Update,
        entity: "ocop_product",
        entity_id: id.to_string(),
        organisation_id: Some(fields.organisation_id),
        before: audit_view(&before.fields()),
        after: audit_view(&fields),
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The card a product's self-assessment is filled on today: that of its set, or its scheme's by parts.
pub async fn scorecard_for(db: &Db, product: &Product) -> StoreResult<ScorecardVersion> {
    scorecards::current_for(db, product.product_group.scheme(), product.product_set_id).await
}

/// Records a self-assessment of a product by its subject.
pub async fn self_assess(cx: &Context, product_id: i64, input: &SheetInput) -> StoreResult<i64> {
    let (db, actor, now) = (&cx.db, &cx.actor, cx.now);
    let product = get(db, product_id, cx.today).await?;
    gate::authorize(db, actor, Permission::Edit, product.organisation_id).await?;
    let card = scorecard_for(db, &product).await?;
    let points = super::checked_points(&card, input)?;
    let mut tx = Tx::begin(db).await?;
    let id = super::insert_sheet(&mut tx, product_id, None, None, &card, &points, actor, now).await?;
    let change = Change {
        action: Action::Create,
        entity: "ocop_self_assessment",
        entity_id: id.to_string(),
        organisation_id: Some(product.organisation_id),
        before: None,
        after: Some(serde_json::json!({"product_id": product_id, "scorecard_id": card.id, "points": points})),
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The latest self-assessment of a product, rated on today's rules with the next star spelled out.
/// Its subject's managers and officers read it, and the council members of a round it applied to.
pub async fn latest_self_assessment(
    db: &Db,
    actor: &Actor,
    product_id: i64,
    rules: &StarRuleSets,
    today: NaiveDate,
) -> StoreResult<Option<Assessment>> {
    let product = get(db, product_id, today).await?;
    let place = gate::place_of(db, product.organisation_id).await?;
    if !actor.access.allows(Permission::ReadPrivate, &place)
        && !super::rounds::scores_product(db, actor, product_id).await?
    {
        return Err(StoreError::NotFound);
    }
    let row: Option<(i64, String)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT scorecard_id, points FROM ocop_sheets WHERE product_id = $1 AND application_id IS NULL \
         ORDER BY submitted_at DESC, id DESC LIMIT 1"
    )
    .bind(product_id)
    .fetch_optional(pool)
    .await)?;
    let Some((scorecard_id, points)) = row else {
        return Ok(None);
    };
    let card = scorecards::get(db, scorecard_id).await?;
    let points: BTreeMap<String, u32> = serde_json::from_str(&points).unwrap_or_default();
    Ok(Some(assessment(&card, &[points], rules.in_force(today)?, true)))
}

/// Gives every product whose name has no collation key yet its key (products written before keys
/// were kept); safe to run at every start.
pub async fn key_names(db: &Db) -> StoreResult<()> {
    let unkeyed: Vec<(i64, String)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT id, name FROM ocop_products WHERE name_key IS NULL"
    )
    .fetch_all(pool)
    .await)?;
    if unkeyed.is_empty() {
        return Ok(());
    }
    let mut tx = Tx::begin(db).await?;
    for (id, name) in &unkeyed {
        tx.execute(
            "UPDATE ocop_products SET name_key = $1 WHERE id = $2",
            &[Arg::Text(text::name_key(name)), Arg::I64(*id)],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
