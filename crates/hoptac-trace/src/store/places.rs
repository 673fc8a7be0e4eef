//! The places an organisation's events happen at, and its products' GTINs: what an event's
//! `readPoint`, `bizLocation` and identifiers are checked against when it is captured.

use crate::domain::identifiers::{Gln, Gtin};
use chrono::{DateTime, Utc};
use hoptac_core::access::Permission;
use hoptac_core::admin::Era;
use hoptac_core::audit::{self, Action, Change};
use hoptac_core::sql::Tx;
use hoptac_core::{admin_units, gate, on_pool, Arg, Context, Db, FieldErrors, StoreError, StoreResult};
use serde::{Deserialize, Serialize};

pub use crate::domain::identifiers::LOCAL_LOCATION;

/// A place as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PlaceInput {
    pub organisation_id: i64,
    /// "Đồi chè số 3", "Xưởng sao chè".
    pub name: String,
    /// 13 digits, when the place has a GS1 location number.
    pub gln: Option<String>,
    /// The 2025 commune it lies in.
    pub commune_code: Option<String>,
}

/// A place kept.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Place {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub gln: Option<String>,
    pub commune_code: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl Place {
    /// The identifier events name it by: its GLN as an EPC URN's Digital Link form, or its local
    /// URN.
    pub fn uri(&self) -> String {
        match &self.gln {
            Some(gln) => format!("https://id.gs1.org/414/{gln}"),
            None => format!("{LOCAL_LOCATION}{}", self.id),
        }
    }
}

/// The longest name of a place, in characters.
pub const LONGEST_NAME: usize = 200;

/// Adds a place to an organisation, for whoever may record its traceability.
///
/// Errors: `name` blank; `gln` not 13 digits or failing its check digit, or another place's;
/// `commune_code` not a 2025 commune; [`StoreError::NotFound`]/[`StoreError::Forbidden`] from the
/// gate.
pub async fn add(cx: &Context, input: &PlaceInput) -> StoreResult<i64> {
    gate::authorize(&cx.db, &cx.actor, Permission::Trace, input.organisation_id).await?;
    let mut errors = FieldErrors::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.add("name", "required");
    } else if name.chars().count() > LONGEST_NAME {
        errors.add_with("name", "too_long", vec![("max", LONGEST_NAME.to_string())]);
    }
    let gln = match input.gln.as_deref().map(str::trim).filter(|g| !g.is_empty()) {
        Some(text) => Gln::parse(text).map_err(|why| errors.add("gln", why.code())).ok(),
        None => None,
    };
    let commune = input
        .commune_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if let Some(code) = commune {
        if admin_units::commune_by_code(&cx.db, Era::Y2025, code)
            .await?
            .is_none()
        {
            errors.add_with(
                "commune_code",
                "unknown_commune",
                vec![("value", code.to_owned())],
            );
        }
    }
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    let mut tx = Tx::begin(&cx.db).await?;
    if let Some(gln) = &gln {
        let taken: Option<(i64,)> = tx
            .fetch_optional(
                "SELECT id FROM trace_locations WHERE gln = $1",
                &[Arg::Text(gln.to_string())],
            )
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(FieldErrors::single("gln", "gln_taken")));
        }
    }
    let id = tx
        .insert_returning_id(
            "INSERT INTO trace_locations (organisation_id, name, gln, commune_code, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                Arg::I64(input.organisation_id),
                Arg::Text(name.to_owned()),
                Arg::OptText(gln.map(String::from)),
                Arg::OptText(commune.map(str::to_owned)),
                Arg::Time(cx.now),
            ],
        )
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "trace_location",
        entity_id: id.to_string(),
        organisation_id: Some(input.organisation_id),
        before: None,
        after: audit::snapshot(input),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(id)
}

/// An organisation's places, by name, for whoever may read its records or record its
/// traceability; [`StoreError::NotFound`] for anyone else.
pub async fn kept_by(
    db: &Db,
    actor: &hoptac_core::audit::Actor,
    organisation_id: i64,
) -> StoreResult<Vec<Place>> {
    let place = gate::place_of(db, organisation_id).await?;
    let allowed = [Permission::ReadPrivate, Permission::Trace]
        .iter()
        .any(|p| actor.access.allows(*p, &place));
    if !allowed {
        return Err(StoreError::NotFound);
    }
    of_organisation(db, organisation_id).await
}

/// An organisation's places, by name.
pub async fn of_organisation(db: &Db, organisation_id: i64) -> StoreResult<Vec<Place>> {
    Ok(on_pool!(db, |pool| sqlx::query_as::<_, Place>(
        "SELECT id, organisation_id, name, gln, commune_code, created_at FROM trace_locations \
         WHERE organisation_id = $1 ORDER BY name, id"
    )
    .bind(organisation_id)
    .fetch_all(pool)
    .await)?)
}

/// Gives a product its GTIN, for whoever may record its maker's traceability.
///
/// Errors: `gtin` malformed or failing its check digit, or another product's; the product
/// unknown ([`StoreError::NotFound`]).
pub async fn set_gtin(cx: &Context, product_id: i64, gtin: &str) -> StoreResult<()> {
    let maker: Option<i64> = on_pool!(&cx.db, |pool| sqlx::query_scalar(
        "SELECT organisation_id FROM ocop_products WHERE id = $1"
    )
    .bind(product_id)
    .fetch_optional(pool)
    .await)?;
    let maker = maker.ok_or(StoreError::NotFound)?;
    gate::authorize(&cx.db, &cx.actor, Permission::Trace, maker).await?;
    let gtin =
        Gtin::parse(gtin).map_err(|why| StoreError::Validation(FieldErrors::single("gtin", why.code())))?;
    let mut tx = Tx::begin(&cx.db).await?;
    let holder: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT product_id FROM trace_products WHERE gtin = $1",
            &[Arg::Text(gtin.to_string())],
        )
        .await?;
    match holder {
        Some((holder,)) if holder != product_id => {
            return Err(StoreError::Conflict(FieldErrors::single("gtin", "gtin_taken")))
        }
        Some(_) => return Ok(()),
        None => {}
    }
    let before: Option<(String,)> = tx
        .fetch_optional(
            "SELECT gtin FROM trace_products WHERE product_id = $1",
            &[Arg::I64(product_id)],
        )
        .await?;
    tx.execute(
        "DELETE FROM trace_products WHERE product_id = $1",
        &[Arg::I64(product_id)],
    )
    .await?;
    tx.execute(
        "INSERT INTO trace_products (product_id, gtin) VALUES ($1, $2)",
        &[Arg::I64(product_id), Arg::Text(gtin.to_string())],
    )
    .await?;
    let change = Change {
        action: if before.is_some() {
            Action::Update
        } else {
            Action::Create
        },
        entity: "trace_product",
        entity_id: product_id.to_string(),
        organisation_id: Some(maker),
        before: before.map(|(g,)| serde_json::json!({ "gtin": g })),
        after: Some(serde_json::json!({ "gtin": gtin.as_str() })),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// The names of the places events name, by the key events keep them under (`/414/{gln}`,
/// `urn:hoptac:location:{id}`); keys of no known place are left out.
pub async fn names(db: &Db, keys: &[String]) -> StoreResult<std::collections::HashMap<String, String>> {
    let mut glns: Vec<String> = Vec::new();
    let mut ids: Vec<i64> = Vec::new();
    for key in keys {
        if let Some(gln) = key.strip_prefix("/414/") {
            glns.push(gln.to_owned());
        } else if let Some(id) = key.strip_prefix(LOCAL_LOCATION).and_then(|id| id.parse().ok()) {
            ids.push(id);
        }
    }
    glns.sort_unstable();
    glns.dedup();
    ids.sort_unstable();
    ids.dedup();
    let mut names = std::collections::HashMap::new();
    if !glns.is_empty() {
        let sql = format!(
            "SELECT gln, name FROM trace_locations WHERE gln IN {}",
            hoptac_core::sql::value_list(glns.len())
        );
        let found: Vec<(String, String)> = on_pool!(db, |pool| {
            let mut query = sqlx::query_as(&sql);
            for gln in &glns {
                query = query.bind(gln.as_str());
            }
            query.fetch_all(pool).await
        })?;
        names.extend(found.into_iter().map(|(gln, name)| (format!("/414/{gln}"), name)));
    }
    let sql = "SELECT id, name FROM trace_locations WHERE id IN {ids}";
    let found: Vec<(i64, String)> = hoptac_core::sql::fetch_for_ids(db, sql, &ids).await?;
    names.extend(
        found
            .into_iter()
            .map(|(id, name)| (format!("{LOCAL_LOCATION}{id}"), name)),
    );
    Ok(names)
}
