//! Trade fairs and exhibitions, the cooperatives that took part and the products they showed.
//! Fairs and their results are public, as the alliances publish them. A fair is kept by whoever
//! runs trade promotion in the province that organised it ([`Permission::Promote`]); a
//! participant's own figures also by whoever trades for it.

use super::refused;
use super::shops::ensure_products;
use super::{save_edit, Edit};
use crate::domain::fairs::{FairFields, FairInput, FairKind, ParticipantFields, ParticipantInput};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::{Access, Permission, Place};
use hoptac_core::audit::{self, Action, Change};
use hoptac_core::sql::{fetch_page, insert_sql, Tx};
use hoptac_core::{gate, on_pool, text};
use hoptac_core::{Arg, Conditions, Context, Db, Page, Paging, StoreError, StoreResult};
use hoptac_ocop::store::products::{self, Product};
use serde::Serialize;

/// A fair with its totals over the participants.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Fair {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: FairKind,
    pub organiser_province: String,
    pub organiser_province_name: String,
    pub organiser: Option<String>,
    pub venue: Option<String>,
    pub venue_province: String,
    pub venue_province_name: String,
    pub opening_day: NaiveDate,
    pub closing_day: NaiveDate,
    pub results: Option<String>,
    /// Cooperatives and other organisations that took part.
    pub participants: i64,
    /// OCOP products shown.
    pub products: i64,
    /// Sold there, đồng, over the participants that reported it.
    pub sales: Option<i64>,
    /// Contracts and memoranda signed there.
    pub agreements: Option<i64>,
    /// Their value, đồng.
    pub agreement_value: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Fair {
    pub fn fields(&self) -> FairFields {
        FairFields {
            name: self.name.clone(),
            kind: self.kind,
            organiser_province: self.organiser_province.clone(),
            organiser: self.organiser.clone(),
            venue: self.venue.clone(),
            venue_province: self.venue_province.clone(),
            opening_day: self.opening_day,
            closing_day: self.closing_day,
            results: self.results.clone(),
        }
    }

    pub fn to_input(&self) -> FairInput {
        let input = FairInput {
            name: self.name.clone(),
            kind: self.kind.as_str().to_owned(),
            organiser_province: self.organiser_province.clone(),
            organiser: self.organiser.clone(),
            venue: self.venue.clone(),
            venue_province: self.venue_province.clone(),
            opening_day: self.opening_day.to_string(),
            closing_day: self.closing_day.to_string(),
            results: self.results.clone(),
            version: Some(self.version),
            original: None,
        };
        FairInput {
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }
}

// PostgreSQL sums BIGINT as NUMERIC: the casts bring the totals back to whole numbers.
const SELECT: &str = "SELECT f.id, f.name, f.kind, f.organiser_province, a.name AS organiser_province_name, \
     f.organiser, f.venue, f.venue_province, b.name AS venue_province_name, f.opening_day, f.closing_day, f.results, \
     (SELECT COUNT(*) FROM market_fair_participants fp WHERE fp.fair_id = f.id) AS participants, \
     (SELECT COUNT(*) FROM market_fair_products fx WHERE fx.fair_id = f.id) AS products, \
     (SELECT CAST(SUM(fp.sales) AS BIGINT) FROM market_fair_participants fp WHERE fp.fair_id = f.id) AS sales, \
     (SELECT CAST(SUM(fp.agreements) AS BIGINT) FROM market_fair_participants fp WHERE fp.fair_id = f.id) AS agreements, \
     (SELECT CAST(SUM(fp.agreement_value) AS BIGINT) FROM market_fair_participants fp WHERE fp.fair_id = f.id) AS agreement_value, \
     f.version, f.created_at, f.updated_at \
     FROM market_fairs f \
     JOIN provinces a ON a.era = '2025' AND a.code = f.organiser_province \
     JOIN provinces b ON b.era = '2025' AND b.code = f.venue_province";

/// What a list of fairs can be narrowed by. Blank means any.
#[derive(Debug, Clone, Default)]
pub struct FairFilter {
    /// Words of the name, diacritics optional.
    pub query: Option<String>,
    /// Organised by, or held in, this 2025 province.
    pub province: Option<String>,
    /// Held in this year.
    pub year: Option<i32>,
    /// Fairs this organisation took part in.
    pub organisation_id: Option<i64>,
}

/// Fairs, the latest first.
pub async fn list(db: &Db, filter: &FairFilter, paging: Paging) -> StoreResult<Page<Fair>> {
    let mut c = Conditions::default();
    for word in filter
        .query
        .as_deref()
        .map(text::search_terms)
        .unwrap_or_default()
    {
        c.push("f.search_text LIKE ?", [Arg::Text(format!("%{word}%"))]);
    }
    if let Some(code) = &filter.province {
        c.push(
            "(f.organiser_province = ? OR f.venue_province = ?)",
            [Arg::Text(code.clone()), Arg::Text(code.clone())],
        );
    }
    let year = filter.year.and_then(|y| {
        Some((
            NaiveDate::from_ymd_opt(y, 1, 1)?,
            NaiveDate::from_ymd_opt(y + 1, 1, 1)?,
        ))
    });
    if let Some((first, next)) = year {
        c.push(
            "f.opening_day >= ? AND f.opening_day < ?",
            [Arg::Date(first), Arg::Date(next)],
        );
    }
    if let Some(id) = filter.organisation_id {
        c.push(
            "f.id IN (SELECT fp.fair_id FROM market_fair_participants fp WHERE fp.organisation_id = ?)",
            [Arg::I64(id)],
        );
    }
    let select = format!("{SELECT} {{where}} ORDER BY f.opening_day DESC, f.id DESC");
    Ok(fetch_page(
        db,
        &select,
        "SELECT COUNT(*) FROM market_fairs f {where}",
        &c,
        paging,
    )
    .await?)
}

/// One fair.
pub async fn get(db: &Db, id: i64) -> StoreResult<Fair> {
    let sql = format!("{SELECT} WHERE f.id = $1");
    let found: Option<Fair> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    found.ok_or(StoreError::NotFound)
}

/// True when the person may keep the fairs of the province.
pub fn may_keep(access: &Access, fair: &Fair) -> bool {
    access.allows(Permission::Promote, &Place::province(&fair.organiser_province))
}

const COLUMNS: [&str; 11] = [
    "name",
    "search_text",
    "kind",
    "organiser_province",
    "organiser",
    "venue",
    "venue_province",
    "opening_day",
    "closing_day",
    "results",
    "updated_at",
];

fn args(fields: &FairFields, now: DateTime<Utc>) -> Vec<Arg> {
    vec![
        Arg::Text(fields.name.clone()),
        Arg::Text(text::searchable(&fields.name)),
        Arg::Text(fields.kind.as_str().to_owned()),
        Arg::Text(fields.organiser_province.clone()),
        Arg::OptText(fields.organiser.clone()),
        Arg::OptText(fields.venue.clone()),
        Arg::Text(fields.venue_province.clone()),
        Arg::Date(fields.opening_day),
        Arg::Date(fields.closing_day),
        Arg::OptText(fields.results.clone()),
        Arg::Time(now),
    ]
}

fn checked(cx: &Context, input: &FairInput) -> StoreResult<FairFields> {
    let fields = input.validate(cx.today).map_err(StoreError::Validation)?;
    if !cx
        .actor
        .access
        .allows(Permission::Promote, &Place::province(&fields.organiser_province))
    {
        return Err(refused("organiser_province", "cannot_promote_for", Vec::new()));
    }
    Ok(fields)
}

/// Records a fair for the organiser province's alliance.
pub async fn create(cx: &Context, input: &FairInput) -> StoreResult<i64> {
    let fields = checked(cx, input)?;
    let mut columns = COLUMNS.to_vec();
    columns.push("created_at");
    let mut values = args(&fields, cx.now);
    values.push(Arg::Time(cx.now));
    let mut tx = Tx::begin(&cx.db).await?;
    let id = tx
        .insert_returning_id(&insert_sql("market_fairs", &columns), &values)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "market_fair",
        entity_id: id.to_string(),
        organisation_id: None,
        before: None,
        after: audit::snapshot(&fields),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Edits a fair: its results, most often, once it is over.
pub async fn update(cx: &Context, id: i64, input: &FairInput) -> StoreResult<()> {
    let found = get(&cx.db, id).await?;
    if !may_keep(&cx.actor.access, &found) {
        return Err(StoreError::Forbidden);
    }
    let fields = checked(cx, input)?;
    let edit = Edit {
        table: "market_fairs",
        entity: "market_fair",
        id,
        select: format!("{SELECT} WHERE f.id = $1"),
        select_args: vec![Arg::I64(id)],
        from_version: input.version,
        fields: &fields,
        columns: COLUMNS.to_vec(),
        values: args(&fields, cx.now),
        organisation_id: None,
    };
    save_edit(cx, edit, |f: &Fair| (f.version, f.fields())).await
}

/// An organisation's part in a fair, with the products it showed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Participant {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub province_name: String,
    pub booths: Option<i64>,
    /// Đồng.
    pub sales: Option<i64>,
    pub agreements: Option<i64>,
    /// Đồng.
    pub agreement_value: Option<i64>,
    pub products: Vec<Product>,
    /// Raised by every record of its part; send it back with the next.
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct ParticipantRow {
    organisation_id: i64,
    organisation_name: String,
    province_name: String,
    booths: Option<i64>,
    sales: Option<i64>,
    agreements: Option<i64>,
    agreement_value: Option<i64>,
    version: i64,
}

impl ParticipantRow {
    fn fields(&self, product_ids: Vec<i64>) -> ParticipantFields {
        ParticipantFields {
            organisation_id: self.organisation_id,
            booths: self.booths,
            product_ids,
            sales: self.sales,
            agreements: self.agreements,
            agreement_value: self.agreement_value,
        }
    }
}

const PARTICIPANT_SELECT: &str =
    "SELECT fp.organisation_id, o.name AS organisation_name, pr.name AS province_name, \
     fp.booths, fp.sales, fp.agreements, fp.agreement_value, fp.version \
     FROM market_fair_participants fp \
     JOIN organisations o ON o.id = fp.organisation_id \
     JOIN provinces pr ON pr.era = '2025' AND pr.code = o.province_code";

/// A fair's participants by name, each with the products it showed (their stars on `today`).
pub async fn participants(db: &Db, fair_id: i64, today: NaiveDate) -> StoreResult<Vec<Participant>> {
    let sql = format!("{PARTICIPANT_SELECT} WHERE fp.fair_id = $1 ORDER BY o.name, o.id");
    let rows: Vec<ParticipantRow> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(fair_id)
        .fetch_all(pool)
        .await)?;
    let ids: Vec<i64> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT product_id FROM market_fair_products WHERE fair_id = $1"
    )
    .bind(fair_id)
    .fetch_all(pool)
    .await)?;
    let mut shown = products::with_ids(db, &ids, today).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (theirs, rest): (Vec<Product>, Vec<Product>) = shown
                .drain(..)
                .partition(|p| p.organisation_id == row.organisation_id);
            shown = rest;
            Participant {
                organisation_id: row.organisation_id,
                organisation_name: row.organisation_name,
                province_name: row.province_name,
                booths: row.booths,
                sales: row.sales,
                agreements: row.agreements,
                agreement_value: row.agreement_value,
                products: theirs,
                version: row.version,
            }
        })
        .collect())
}

/// True when the person may record an organisation's part in the fair: the fair's keepers, and
/// whoever trades for the organisation once it takes part.
async fn may_record(cx: &Context, fair: &Fair, organisation_id: i64, takes_part: bool) -> StoreResult<bool> {
    if may_keep(&cx.actor.access, fair) {
        return Ok(true);
    }
    if !takes_part {
        return Ok(false);
    }
    let place = gate::place_of(&cx.db, organisation_id).await?;
    Ok(cx.actor.access.allows(Permission::Trade, &place))
}

/// True when the person may record this participant's figures (to offer the way to it).
pub async fn may_record_for(cx: &Context, fair: &Fair, organisation_id: i64) -> bool {
    may_record(cx, fair, organisation_id, true).await.unwrap_or(false)
}

/// The organisation an add or a record names, typed by id or name, once it is known to be in the
/// registry.
async fn named_participant(cx: &Context, typed: &Option<String>) -> StoreResult<i64> {
    let mut typed = typed.clone();
    hoptac_core::org::settle_typed_organisation(&cx.db, "organisation_id", &mut typed).await?;
    let mut errors = hoptac_core::FieldErrors::new();
    let id = crate::domain::record_id(
        &mut errors,
        "organisation_id",
        typed.as_deref(),
        true,
        "unknown_organisation",
    );
    let Some(id) = id else {
        return Err(StoreError::Validation(errors));
    };
    match gate::place_of(&cx.db, id).await {
        Ok(_) => Ok(id),
        Err(StoreError::NotFound) => Err(refused(
            "organisation_id",
            "unknown_organisation",
            vec![("value", id.to_string())],
        )),
        Err(other) => Err(other),
    }
}

/// Adds an organisation to a fair's participants, its part yet to record; one already taking
/// part is left as it is. Gives the organisation's id. The fair's keepers'.
pub async fn join(cx: &Context, fair_id: i64, organisation: &Option<String>) -> StoreResult<i64> {
    let fair = get(&cx.db, fair_id).await?;
    let organisation = named_participant(cx, organisation).await?;
    if !may_keep(&cx.actor.access, &fair) {
        return Err(StoreError::Forbidden);
    }
    let mut tx = Tx::begin(&cx.db).await?;
    if !tx.lock("market_fairs", fair_id).await? {
        return Err(StoreError::NotFound);
    }
    if participant_in(&mut tx, fair_id, organisation).await?.is_some() {
        return Ok(organisation);
    }
    tx.execute(
        "INSERT INTO market_fair_participants (fair_id, organisation_id, updated_at) VALUES ($1, $2, $3)",
        &[Arg::I64(fair_id), Arg::I64(organisation), Arg::Time(cx.now)],
    )
    .await?;
    let change = Change {
        action: Action::Create,
        entity: "market_fair_participant",
        entity_id: format!("{fair_id}/{organisation}"),
        organisation_id: Some(organisation),
        before: None,
        after: audit::snapshot(&serde_json::json!({ "organisation_id": organisation })),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(organisation)
}

/// Records an organisation's part in a fair, adding it when it does not take part yet: booths,
/// the products it showed (its own OCOP products), sales and agreements; the whole part, as a
/// PUT does. Refused on `product_ids` for a product of another organisation; a record made from an
/// older version of the part is stale (409).
pub async fn put_participant(cx: &Context, fair_id: i64, input: &ParticipantInput) -> StoreResult<()> {
    let fair = get(&cx.db, fair_id).await?;
    let organisation = named_participant(cx, &input.organisation_id).await?;
    let input = ParticipantInput {
        organisation_id: Some(organisation.to_string()),
        ..input.clone()
    };
    let fields = input.validate().map_err(StoreError::Validation)?;
    let takes_part = participant_row(&cx.db, fair_id, organisation).await?.is_some();
    if !may_record(cx, &fair, organisation, takes_part).await? {
        return Err(StoreError::Forbidden);
    }
    ensure_products(&cx.db, "product_ids", &fields.product_ids).await?;
    let theirs = products::with_ids(&cx.db, &fields.product_ids, cx.today).await?;
    if let Some(other) = theirs.iter().find(|p| p.organisation_id != organisation) {
        return Err(refused(
            "product_ids",
            "not_their_product",
            vec![("value", other.name.clone())],
        ));
    }
    let mut tx = Tx::begin(&cx.db).await?;
    if !tx.lock("market_fairs", fair_id).await? {
        return Err(StoreError::NotFound);
    }
    // The part as this write finds it, under the fair's lock.
    let before = match participant_in(&mut tx, fair_id, organisation).await? {
        Some(row) => {
            hoptac_core::error::ensure_current(input.version, row.version)?;
            let shown = shown_by(&mut tx, fair_id, organisation).await?;
            Some(row.fields(shown))
        }
        None => None,
    };
    if before.as_ref() == Some(&fields) {
        return Ok(());
    }
    let key = [Arg::I64(fair_id), Arg::I64(organisation)];
    tx.execute(
        "DELETE FROM market_fair_products WHERE fair_id = $1 AND organisation_id = $2",
        &key,
    )
    .await?;
    let figures = [
        Arg::OptI64(fields.booths),
        Arg::OptI64(fields.sales),
        Arg::OptI64(fields.agreements),
        Arg::OptI64(fields.agreement_value),
        Arg::Time(cx.now),
    ];
    let sql = if before.is_some() {
        "UPDATE market_fair_participants SET booths = $1, sales = $2, agreements = $3, agreement_value = $4, \
         updated_at = $5, version = version + 1 WHERE fair_id = $6 AND organisation_id = $7"
    } else {
        "INSERT INTO market_fair_participants (booths, sales, agreements, agreement_value, updated_at, fair_id, \
         organisation_id) VALUES ($1, $2, $3, $4, $5, $6, $7)"
    };
    let args: Vec<Arg> = figures.into_iter().chain(key).collect();
    tx.execute(sql, &args).await?;
    let rows: Vec<Vec<Arg>> = fields
        .product_ids
        .iter()
        .map(|p| vec![Arg::I64(fair_id), Arg::I64(organisation), Arg::I64(*p)])
        .collect();
    tx.insert_many(
        "market_fair_products",
        &["fair_id", "organisation_id", "product_id"],
        &rows,
    )
    .await?;
    let change = Change {
        action: if before.is_some() {
            Action::Update
        } else {
            Action::Create
        },
        entity: "market_fair_participant",
        entity_id: format!("{fair_id}/{organisation}"),
        organisation_id: Some(organisation),
        before: before.as_ref().and_then(audit::snapshot),
        after: audit::snapshot(&fields),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes an organisation off a fair's list, with the products it showed: the fair's keepers'.
/// With `version`, refused as stale when the part was recorded anew since.
pub async fn remove_participant(
    cx: &Context,
    fair_id: i64,
    organisation_id: i64,
    version: Option<i64>,
) -> StoreResult<()> {
    let fair = get(&cx.db, fair_id).await?;
    if !may_keep(&cx.actor.access, &fair) {
        return Err(StoreError::Forbidden);
    }
    let mut tx = Tx::begin(&cx.db).await?;
    if !tx.lock("market_fairs", fair_id).await? {
        return Err(StoreError::NotFound);
    }
    let Some(row) = participant_in(&mut tx, fair_id, organisation_id).await? else {
        return Err(StoreError::NotFound);
    };
    hoptac_core::error::ensure_current(version, row.version)?;
    let products = shown_by(&mut tx, fair_id, organisation_id).await?;
    let key = [Arg::I64(fair_id), Arg::I64(organisation_id)];
    tx.execute(
        "DELETE FROM market_fair_products WHERE fair_id = $1 AND organisation_id = $2",
        &key,
    )
    .await?;
    tx.execute(
        "DELETE FROM market_fair_participants WHERE fair_id = $1 AND organisation_id = $2",
        &key,
    )
    .await?;
    let change = Change {
        action: Action::Delete,
        entity: "market_fair_participant",
        entity_id: format!("{fair_id}/{organisation_id}"),
        organisation_id: Some(organisation_id),
        before: audit::snapshot(&row.fields(products)),
        after: None,
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

async fn participant_row(db: &Db, fair_id: i64, organisation_id: i64) -> StoreResult<Option<ParticipantRow>> {
    let sql = format!("{PARTICIPANT_SELECT} WHERE fp.fair_id = $1 AND fp.organisation_id = $2");
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(fair_id)
        .bind(organisation_id)
        .fetch_optional(pool)
        .await)?)
}

async fn participant_in(
    tx: &mut Tx<'_>,
    fair_id: i64,
    organisation_id: i64,
) -> StoreResult<Option<ParticipantRow>> {
    let sql = format!("{PARTICIPANT_SELECT} WHERE fp.fair_id = $1 AND fp.organisation_id = $2");
    Ok(tx
        .fetch_optional(&sql, &[Arg::I64(fair_id), Arg::I64(organisation_id)])
        .await?)
}

async fn shown_by(tx: &mut Tx<'_>, fair_id: i64, organisation_id: i64) -> StoreResult<Vec<i64>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        product_id: i64,
    }
    let rows: Vec<Row> = tx
        .fetch_all(
            "SELECT product_id FROM market_fair_products WHERE fair_id = $1 AND organisation_id = $2 \
             ORDER BY product_id",
            &[Arg::I64(fair_id), Arg::I64(organisation_id)],
        )
        .await?;
    Ok(rows.into_iter().map(|r| r.product_id).collect())
}
