//! Scorecard versions and product sets. A version is loaded whole from a spreadsheet and never
//! edited; loading the same set again makes the next version. The shipped tree (Decision 1048,
//! fresh produce) and each scheme's card by parts are installed when the database is prepared.

use crate::domain::scorecard::{Scorecard, ScorecardRow, FILE_FIELD};
use crate::domain::{ProductGroup, Scheme};
use chrono::{DateTime, Utc};
use hoptac_core::access::{Permission, Place};
use hoptac_core::audit::{self, Action, Change};
use hoptac_core::gate;
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::Context;
use hoptac_core::{on_pool, Arg, Db, StoreError, StoreResult};
use hoptac_core::{text, FieldErrors};
use serde::Serialize;
use serde_json::json;

const FRESH_PRODUCE_1048: &str = include_str!("../../data/ocop-scorecard-1048-fresh-produce.csv");

/// A product set (bộ sản phẩm) of a scheme's product group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ProductSet {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub scheme: Scheme,
    #[sqlx(try_from = "String")]
    pub product_group: ProductGroup,
    pub name: String,
}

/// One stored scorecard version.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScorecardVersion {
    pub id: i64,
    pub scheme: Scheme,
    /// The set the tree is for; `None` for the scheme's card scored per part.
    pub product_set: Option<ProductSet>,
    pub version: i32,
    pub card: Scorecard,
    pub loaded_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    scheme: String,
    product_set_id: Option<i64>,
    version: i32,
    tree: String,
    loaded_at: DateTime<Utc>,
}

const SELECT_VERSION: &str =
    "SELECT id, scheme, product_set_id, version, tree, loaded_at FROM ocop_scorecards";

async fn product_set(db: &Db, id: i64) -> StoreResult<Option<ProductSet>> {
    let sql = "SELECT id, scheme, product_group, name FROM ocop_product_sets WHERE id = $1";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

/// Every product set, by scheme and name.
pub async fn product_sets(db: &Db) -> StoreResult<Vec<ProductSet>> {
    let sql = "SELECT id, scheme, product_group, name FROM ocop_product_sets ORDER BY scheme DESC, product_group, name";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql).fetch_all(pool).await)?)
}

/// A product set by id, or a validation error on `field`.
pub async fn known_product_set(db: &Db, id: i64, field: &str) -> StoreResult<ProductSet> {
    product_set(db, id).await?.ok_or_else(|| {
        let mut e = FieldErrors::new();
        e.add_with(field, "invalid_choice", vec![("value", id.to_string())]);
        StoreError::Validation(e)
    })
}

async fn version_of(db: &Db, row: VersionRow) -> StoreResult<ScorecardVersion> {
    let card: Scorecard = serde_json::from_str(&row.tree)
        .map_err(|e| StoreError::Config(format!("scorecard {} is unreadable: {e}", row.id)))?;
    let product_set = match row.product_set_id {
        Some(id) => product_set(db, id).await?,
        None => None,
    };
    Ok(ScorecardVersion {
        id: row.id,
        scheme: Scheme::parse(&row.scheme).unwrap_or(card.scheme),
        product_set,
        version: row.version,
        card,
        loaded_at: row.loaded_at,
    })
}

pub async fn get(db: &Db, id: i64) -> StoreResult<ScorecardVersion> {
    let sql = format!("{SELECT_VERSION} WHERE id = $1");
    let row: Option<VersionRow> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    version_of(db, row.ok_or(StoreError::NotFound)?).await
}

/// Every version, the newest of each set first.
pub async fn list(db: &Db) -> StoreResult<Vec<ScorecardVersion>> {
    let sql = format!("{SELECT_VERSION} ORDER BY scheme DESC, product_set_id, version DESC");
    let rows: Vec<VersionRow> = on_pool!(db, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?;
    let mut versions = Vec::with_capacity(rows.len());
    for row in rows {
        versions.push(version_of(db, row).await?);
    }
    Ok(versions)
}

/// The card a product of `scheme` in `product_set` is scored on: the newest tree loaded for the
/// set, or else the scheme's card by parts.
pub async fn current_for(
    db: &Db,
    scheme: Scheme,
    product_set_id: Option<i64>,
) -> StoreResult<ScorecardVersion> {
    let sql = format!(
        "{SELECT_VERSION} WHERE scheme = $1 AND (product_set_id = $2 OR product_set_id IS NULL) \
         ORDER BY product_set_id IS NULL, version DESC LIMIT 1"
    );
    let row: Option<VersionRow> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(scheme.as_str())
        .bind(product_set_id.unwrap_or(0))
        .fetch_optional(pool)
        .await)?;
    let row = row.ok_or_else(|| StoreError::Config(format!("no scorecard for scheme {scheme}")))?;
    version_of(db, row).await
}

/// Reads a scorecard spreadsheet saved as CSV (UTF-8, header line first) into its lines.
pub fn read_csv(text: &str) -> Result<Vec<ScorecardRow>, FieldErrors> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.deserialize::<ScorecardRow>().enumerate() {
        match record {
            Ok(row) => rows.push(row),
            Err(e) => {
                let mut errors = FieldErrors::new();
                errors.add_with(
                    FILE_FIELD,
                    "unreadable_line",
                    vec![("line", (index + 2).to_string()), ("detail", e.to_string())],
                );
                return Err(errors);
            }
        }
    }
    Ok(rows)
}

/// Checks a spreadsheet for a product group (its code, as typed) without saving anything: the
/// tree, or every error of the group and of the sheet together.
pub fn preview(csv_text: &str, group: &str) -> Result<Scorecard, FieldErrors> {
    checked_upload(csv_text, group).map(|(card, _)| card)
}

fn checked_upload(csv_text: &str, group_code: &str) -> Result<(Scorecard, ProductGroup), FieldErrors> {
    let mut errors = FieldErrors::new();
    let group = ProductGroup::parse(group_code);
    if group.is_none() {
        errors.add_with(
            "product_group",
            "invalid_choice",
            vec![("value", group_code.trim().to_owned())],
        );
    }
    let card = read_csv(csv_text).and_then(|rows| Scorecard::from_rows(&rows));
    match (card, group) {
        (Err(sheet), _) => {
            errors.extend(sheet);
            Err(errors)
        }
        (Ok(_), None) => Err(errors),
        (Ok(card), Some(group)) if group.scheme() != card.scheme => {
            Err(FieldErrors::single("product_group", "group_not_in_scheme"))
        }
        (Ok(card), Some(group)) => Ok((card, group)),
    }
}

/// Loads a version from a spreadsheet for a product group. Only those who run OCOP for the whole
/// country may: a version applies in every province.
pub async fn load(cx: &Context, csv_text: &str, group: &str) -> StoreResult<ScorecardVersion> {
    let (db, actor, now) = (&cx.db, &cx.actor, cx.now);
    gate::check(actor, Permission::ManageOcop, &Place::country())?;
    let (card, group) = checked_upload(csv_text, group)?;
    let mut tx = Tx::begin(db).await?;
    let id = insert_version(&mut tx, db, &card, Some(group), actor.user_id, now).await?;
    let change = Change {
        action: Action::Create,
        entity: "ocop_scorecard",
        entity_id: id.to_string(),
        organisation_id: None,
        before: None,
        after: Some(
            json!({"scheme": card.scheme, "product_set": card.product_set, "criteria": card.criteria.len()}),
        ),
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    get(db, id).await
}

/// Gives the shipped tree's versions installed before their options had Vietnamese words those
/// words (`shipped`'s), and nothing else: a version is never edited, but its criteria, maxima and
/// points stay as they were, and only a tree whose every criterion grades the shipped points is
/// taken for the shipped one.
async fn translate_shipped(db: &Db, shipped: &Scorecard) -> StoreResult<()> {
    let sql =
        format!("{SELECT_VERSION} WHERE scheme = $1 AND loaded_by IS NULL AND product_set_id IS NOT NULL");
    let rows: Vec<VersionRow> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(shipped.scheme.as_str())
        .fetch_all(pool)
        .await)?;
    for row in rows {
        let Ok(mut card) = serde_json::from_str::<Scorecard>(&row.tree) else {
            continue;
        };
        let untranslated = card
            .criteria
            .iter()
            .any(|c| c.options.iter().any(|o| o.label_vi.is_empty()));
        let same_tree = card.product_set == shipped.product_set
            && card.criteria.len() == shipped.criteria.len()
            && card.criteria.iter().zip(&shipped.criteria).all(|(held, ours)| {
                held.code == ours.code
                    && held.max == ours.max
                    && held
                        .options
                        .iter()
                        .map(|o| o.points)
                        .eq(ours.options.iter().map(|o| o.points))
            });
        if !untranslated || !same_tree {
            continue;
        }
        for (held, ours) in card.criteria.iter_mut().zip(&shipped.criteria) {
            for (option, words) in held.options.iter_mut().zip(&ours.options) {
                option.label_vi = words.label_vi.clone();
            }
        }
        let tree = serde_json::to_string(&card).map_err(|e| StoreError::Config(e.to_string()))?;
        on_pool!(db, |pool| sqlx::query(
            "UPDATE ocop_scorecards SET tree = $1 WHERE id = $2"
        )
        .bind(&tree)
        .bind(row.id)
        .execute(pool)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

async fn insert_version(
    tx: &mut Tx<'_>,
    db: &Db,
    card: &Scorecard,
    group: Option<ProductGroup>,
    loaded_by: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<i64> {
    let set_id = match (&card.product_set, group) {
        (Some(name), Some(group)) => Some(ensure_product_set(tx, db, card.scheme, group, name).await?),
        _ => None,
    };
    let version: Option<i32> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT MAX(version) FROM ocop_scorecards WHERE scheme = $1 AND COALESCE(product_set_id, 0) = $2"
    )
    .bind(card.scheme.as_str())
    .bind(set_id.unwrap_or(0))
    .fetch_one(pool)
    .await)?;
    let tree = serde_json::to_string(card).map_err(|e| StoreError::Config(e.to_string()))?;
    let names = [
        "scheme",
        "product_set_id",
        "version",
        "tree",
        "loaded_at",
        "loaded_by",
    ];
    let args = [
        Arg::Text(card.scheme.as_str().into()),
        Arg::OptI64(set_id),
        Arg::I32(version.unwrap_or(0) + 1),
        Arg::Text(tree),
        Arg::Time(now),
        Arg::OptI64(loaded_by),
    ];
    Ok(tx
        .insert_returning_id(&insert_sql("ocop_scorecards", &names), &args)
        .await?)
}

/// The set of that name in the scheme, made when new. A set belongs to one group.
async fn ensure_product_set(
    tx: &mut Tx<'_>,
    db: &Db,
    scheme: Scheme,
    group: ProductGroup,
    name: &str,
) -> StoreResult<i64> {
    let folded = text::fold(name);
    let found: Option<(i64, String)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT id, product_group FROM ocop_product_sets WHERE scheme = $1 AND name_folded = $2"
    )
    .bind(scheme.as_str())
    .bind(&folded)
    .fetch_optional(pool)
    .await)?;
    match found {
        Some((id, existing)) if existing == group.as_str() => Ok(id),
        Some((_, existing)) => {
            let mut e = FieldErrors::new();
            e.add_with("product_group", "set_in_other_group", vec![("value", existing)]);
            Err(StoreError::Validation(e))
        }
        None => {
            let names = ["scheme", "product_group", "name", "name_folded"];
            let args = [
                Arg::Text(scheme.as_str().into()),
                Arg::Text(group.as_str().into()),
                Arg::Text(name.to_owned()),
                Arg::Text(folded),
            ];
            Ok(tx
                .insert_returning_id(&insert_sql("ocop_product_sets", &names), &args)
                .await?)
        }
    }
}

/// Installs the shipped versions when missing: each scheme's card by parts and the real 1048
/// fresh-produce tree.
pub async fn ensure_builtin(db: &Db) -> StoreResult<()> {
    let count: i64 = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM ocop_scorecards"
    )
    .fetch_one(pool)
    .await)?;
    let fresh_produce = preview(FRESH_PRODUCE_1048, ProductGroup::OldFood.as_str())
        .map_err(|e| StoreError::Config(format!("the shipped 1048 scorecard does not load: {e}")))?;
    if count > 0 {
        return translate_shipped(db, &fresh_produce).await;
    }
    let now = Utc::now();
    let mut tx = Tx::begin(db).await?;
    for scheme in Scheme::ALL {
        insert_version(&mut tx, db, &Scorecard::by_parts(*scheme), None, None, now).await?;
    }
    insert_version(
        &mut tx,
        db,
        &fresh_produce,
        Some(ProductGroup::OldFood),
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
