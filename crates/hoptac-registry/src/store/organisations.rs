//! Organisations: create, edit, change status, find, list with filters, count at a date.
//!
//! An organisation's status is a history (`organisation_statuses`): the first entry is "active" on
//! the founding date, later ones follow in date order. The latest is copied onto the organisation so
//! that lists filter by it cheaply; "how many were active on a date" reads the history.

use crate::domain::members::ComplianceIssue;
use crate::domain::organisation::{
    LatestStatus, OrgKind, OrgStatus, OrganisationFields, OrganisationInput, Sector, StatusChange,
    StatusChangeInput,
};
use crate::store::members;
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::Permission;
use hoptac_core::admin::Era;
use hoptac_core::admin_units::{self, Commune, Places};
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::error::is_unique_violation;
use hoptac_core::gate;
use hoptac_core::sql::{insert_sql, update_sql, Tx};
use hoptac_core::text::search_terms;
use hoptac_core::Context;
use hoptac_core::FieldErrors;
use hoptac_core::{bind_args, on_pool, Arg, Backend, Conditions, Db, Page, Paging, StoreError, StoreResult};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

/// The one SQL spelling of an organisation's status on a day (the row is `o`; the day is bound
/// to its three `?` by [`status_on_args`]): none before its founding day; the current status when
/// it began by then, which is most organisations and needs no other read; otherwise the latest
/// entry of its history up to the day. Lists, counts and reports all ask this.
pub const STATUS_ON: &str = "(CASE WHEN o.founding_date > ? THEN NULL \
     WHEN o.status_since <= ? THEN o.status ELSE \
     (SELECT h.status FROM organisation_statuses h WHERE h.organisation_id = o.id \
     AND h.effective_date <= ? ORDER BY h.effective_date DESC, h.id DESC LIMIT 1) END)";

/// The day, for each `?` of [`STATUS_ON`].
pub fn status_on_args(day: NaiveDate) -> [Arg; 3] {
    [Arg::Date(day), Arg::Date(day), Arg::Date(day)]
}

/// One row of a list of organisations.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct OrganisationSummary {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: OrgKind,
    pub name: String,
    pub short_name: Option<String>,
    pub tax_code: Option<String>,
    pub founding_date: NaiveDate,
    #[sqlx(try_from = "String")]
    pub status: OrgStatus,
    /// The 2025 province.
    pub province_code: String,
    pub province_name: String,
    pub commune_name: String,
    /// `2008` when the organisation is registered in a commune from before 1 July 2025.
    pub commune_era: String,
    pub is_new_model: bool,
    pub is_value_chain: bool,
    pub is_on_ecommerce: bool,
}

/// Everything recorded about one organisation.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Organisation {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: OrgKind,
    pub name: String,
    pub short_name: Option<String>,
    pub tax_code: Option<String>,
    pub registration_number: Option<String>,
    pub registration_date: Option<NaiveDate>,
    pub founding_date: NaiveDate,
    #[sqlx(skip)]
    pub sectors: Vec<Sector>,
    pub address: Option<String>,
    pub commune_era: String,
    pub commune_code: String,
    pub commune_name: String,
    /// The 2025 province the organisation counts in.
    pub province_code: String,
    pub province_name: String,
    /// The 2008 province, where known.
    pub old_province_code: Option<String>,
    pub old_province_name: Option<String>,
    pub representative_name: Option<String>,
    pub representative_title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub is_new_model: bool,
    pub is_value_chain: bool,
    pub is_on_ecommerce: bool,
    /// Registered charter capital, đồng.
    pub charter_capital: Option<i64>,
    pub description: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: OrgStatus,
    pub status_since: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Raised by every edit; send it back with an edit (`version`, or `If-Match`).
    pub version: i64,
}

impl Organisation {
    /// The organisation as an edit form shows it, carrying its version and what it showed
    /// (`original`).
    pub fn to_input(&self) -> OrganisationInput {
        let input = OrganisationInput {
            kind: self.kind.as_str().to_owned(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            tax_code: self.tax_code.clone(),
            registration_number: self.registration_number.clone(),
            registration_date: self.registration_date.map(|d| d.to_string()),
            founding_date: self.founding_date.to_string(),
            sectors: self.sectors.iter().map(|s| s.as_str().to_owned()).collect(),
            address: self.address.clone(),
            commune_era: Some(self.commune_era.clone()),
            commune: self.commune_code.clone(),
            commune_province: Some(if self.commune_era == "2008" {
                self.old_province_code.clone().unwrap_or_default()
            } else {
                self.province_code.clone()
            }),
            representative_name: self.representative_name.clone(),
            representative_title: self.representative_title.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            website: self.website.clone(),
            is_new_model: self.is_new_model,
            is_value_chain: self.is_value_chain,
            is_on_ecommerce: self.is_on_ecommerce,
            charter_capital: self.charter_capital.map(|c| c.to_string()),
            description: self.description.clone(),
            version: Some(self.version),
            original: None,
        };
        OrganisationInput {
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }

    /// The record as an input in stored spelling with its commune by era and code, as edits are
    /// compared with it.
    fn as_stored(&self) -> OrganisationInput {
        OrganisationInput {
            commune_province: None,
            version: None,
            original: None,
            ..self.to_input()
        }
    }
}

/// One entry of an organisation's status history.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StatusEntry {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub status: OrgStatus,
    pub effective_date: NaiveDate,
    pub reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

/// How a list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    #[default]
    Name,
    NewestFounded,
    RecentlyUpdated,
}

impl SortOrder {
    pub fn parse(value: &str) -> Option<SortOrder> {
        match value {
            "name" => Some(SortOrder::Name),
            "founded" => Some(SortOrder::NewestFounded),
            "updated" => Some(SortOrder::RecentlyUpdated),
            _ => None,
        }
    }

    fn sql(self) -> &'static str {
        match self {
            SortOrder::Name => "o.name_key, o.id",
            SortOrder::NewestFounded => "o.founding_date DESC, o.id DESC",
            SortOrder::RecentlyUpdated => "o.updated_at DESC, o.id DESC",
        }
    }
}

/// What a list or a count is narrowed to. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    /// Search words, matched without diacritics against name, short name and tax code.
    pub query: Option<String>,
    pub kinds: Vec<OrgKind>,
    /// A 2025 province: includes organisations registered in the 2008 provinces merged into it.
    pub province: Option<String>,
    /// A 2008 province.
    pub old_province: Option<String>,
    /// A commune of either era.
    pub commune: Option<(Era, String)>,
    pub sector: Option<Sector>,
    /// The status, today or (with `on`) on a date.
    pub status: Option<OrgStatus>,
    /// The date at which `status` is read; only organisations founded by then are counted.
    pub on: Option<NaiveDate>,
    pub founded_year: Option<i32>,
    pub is_new_model: Option<bool>,
    pub is_value_chain: Option<bool>,
    pub is_on_ecommerce: Option<bool>,
    pub sort: SortOrder,
}

impl OrganisationFilter {
    async fn conditions(&self, db: &Db) -> StoreResult<Conditions> {
        let mut c = Conditions::default();
        let terms = self.query.as_deref().map(search_terms).unwrap_or_default();
        // Every word of the query must begin a word of the name, short name or tax code. The terms
        // are letters and digits only, so they are safe inside either engine's query syntax.
        match (db.backend(), terms.is_empty()) {
            (_, true) => {}
            (Backend::Sqlite, false) if self.has_place() => {
                // A place's index yields a few thousand rows; testing each is cheaper than listing
                // every name in the country that has a common word. The search text is single-spaced
                // words, so this is the same word-prefix match as the full-text index's.
                for term in &terms {
                    c.push("(' ' || o.search_text) LIKE ?", [Arg::Text(format!("% {term}%"))]);
                }
            }
            (Backend::Sqlite, false) => c.push(
                "o.id IN (SELECT rowid FROM organisation_search WHERE organisation_search MATCH ?)",
                [Arg::Text(fts5_query(&terms))],
            ),
            (Backend::Postgres, false) => {
                let query = terms
                    .iter()
                    .map(|t| format!("{t}:*"))
                    .collect::<Vec<_>>()
                    .join(" & ");
                c.push(
                    "to_tsvector('simple', o.search_text) @@ to_tsquery('simple', ?)",
                    [Arg::Text(query)],
                );
            }
        }
        if !self.kinds.is_empty() {
            let marks = vec!["?"; self.kinds.len()].join(", ");
            c.push(
                &format!("o.kind IN ({marks})"),
                self.kinds.iter().map(|k| Arg::Text(k.as_str().into())),
            );
        }
        if let Some(p) = &self.province {
            c.push("o.province_code = ?", [Arg::Text(p.clone())]);
        }
        if let Some(p) = &self.old_province {
            c.push("o.old_province_code = ?", [Arg::Text(p.clone())]);
        }
        if let Some((era, code)) = &self.commune {
            let commune = admin_units::commune_by_code(db, *era, code)
                .await?
                .ok_or_else(|| {
                    let mut e = FieldErrors::new();
                    e.add_with("commune", "unknown_commune", vec![("value", code.clone())]);
                    StoreError::Validation(e)
                })?;
            // A 2025 commune holds the organisations of the old communes that became part of it.
            let column = match era {
                Era::Y2025 => "o.current_commune_id",
                Era::Y2008 => "o.commune_id",
            };
            c.push(&format!("{column} = ?"), [Arg::I64(commune.id)]);
        }
        if let Some(s) = self.sector {
            c.push(
                "EXISTS (SELECT 1 FROM organisation_sectors s WHERE s.organisation_id = o.id AND s.sector = ?)",
                [Arg::Text(s.as_str().into())],
            );
        }
        match (self.status, self.on) {
            (Some(status), None) => c.push("o.status = ?", [Arg::Text(status.as_str().into())]),
            (status, Some(on)) => {
                c.push("o.founding_date <= ?", [Arg::Date(on)]);
                if let Some(status) = status {
                    // When the current status began by then, it was the status then; only the others
                    // need their history read.
                    let [a, b, c_] = status_on_args(on);
                    c.push(
                        &format!("{STATUS_ON} = ?"),
                        [a, b, c_, Arg::Text(status.as_str().into())],
                    );
                }
            }
            (None, None) => {}
        }
        if let Some(year) = self.founded_year {
            let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
            let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
            c.push(
                "o.founding_date BETWEEN ? AND ?",
                [Arg::Date(first), Arg::Date(last)],
            );
        }
        for (column, value) in [
            ("o.is_new_model", self.is_new_model),
            ("o.is_value_chain", self.is_value_chain),
            ("o.is_on_ecommerce", self.is_on_ecommerce),
        ] {
            if let Some(v) = value {
                c.push(&format!("{column} = ?"), [Arg::Bool(v)]);
            }
        }
        Ok(c)
    }
}

/// An FTS5 query that every word must begin a word of the text: `"htx"* "tien"*`.
fn fts5_query(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The list's columns; `{from}` is the organisations table with any index hint.
const SUMMARY_SELECT: &str =
    "SELECT o.id, o.kind, o.name, o.short_name, o.tax_code, o.founding_date, o.status, \
     o.province_code, p.name AS province_name, c.name AS commune_name, c.era AS commune_era, \
     o.is_new_model, o.is_value_chain, o.is_on_ecommerce \
     FROM {from} \
     JOIN communes c ON c.id = o.commune_id \
     JOIN provinces p ON p.era = '2025' AND p.code = o.province_code";

/// Above this many matches, walking the name index in order and stopping at the page's end beats
/// sorting every match (measured in docs/benchmarks.md).
const MANY_MATCHES: i64 = 1_000;

impl OrganisationFilter {
    /// True when the search words are the only thing narrowing the list. Destructured in full so
    /// that a new filter cannot be forgotten here.
    fn is_search_only(&self) -> bool {
        let OrganisationFilter {
            query,
            kinds,
            province,
            old_province,
            commune,
            sector,
            status,
            on,
            founded_year,
            is_new_model,
            is_value_chain,
            is_on_ecommerce,
            sort: _,
        } = self;
        query.is_some()
            && kinds.is_empty()
            && province.is_none()
            && old_province.is_none()
            && commune.is_none()
            && sector.is_none()
            && status.is_none()
            && on.is_none()
            && founded_year.is_none()
            && is_new_model.is_none()
            && is_value_chain.is_none()
            && is_on_ecommerce.is_none()
    }

    /// True when a place narrows the list, so its own index already yields names in order.
    fn has_place(&self) -> bool {
        self.province.is_some() || self.old_province.is_some() || self.commune.is_some()
    }
}

/// SQLite's plan for a search list: how many names match the words, and how to read the page.
struct SearchPlan {
    matches: Option<i64>,
    from: &'static str,
}

async fn search_plan(db: &Db, filter: &OrganisationFilter) -> StoreResult<SearchPlan> {
    const PLAIN: SearchPlan = SearchPlan {
        matches: None,
        from: "organisations o",
    };
    let terms = filter.query.as_deref().map(search_terms).unwrap_or_default();
    // SQLite's full-text index; PostgreSQL's trigram index needs no plan.
    let pool = match db.pool() {
        #[cfg(feature = "sqlite")]
        hoptac_core::Pool::Sqlite(pool) => pool,
        #[allow(unreachable_patterns)]
        _ => return Ok(PLAIN),
    };
    // With a place, the words are tested row by row (see `conditions`), not looked up.
    if terms.is_empty() || filter.has_place() {
        return Ok(PLAIN);
    }
    let matches: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM organisation_search WHERE organisation_search MATCH $1")
            .bind(fts5_query(&terms))
            .fetch_one(pool)
            .await?;
    let walk_names = matches > MANY_MATCHES && filter.sort == SortOrder::Name;
    let from = if walk_names {
        "organisations o INDEXED BY organisations_by_name"
    } else {
        "organisations o"
    };
    Ok(SearchPlan {
        matches: Some(matches),
        from,
    })
}

/// A page of organisations matching `filter`.
pub async fn list(
    db: &Db,
    filter: &OrganisationFilter,
    paging: Paging,
) -> StoreResult<Page<OrganisationSummary>> {
    let conditions = filter.conditions(db).await?;
    let plan = search_plan(db, filter).await?;
    let where_sql = conditions.where_sql();
    let n = conditions.next_placeholder();
    let select = format!(
        "{} {where_sql} ORDER BY {} LIMIT ${n} OFFSET ${}",
        SUMMARY_SELECT.replace("{from}", plan.from),
        filter.sort.sql(),
        n + 1
    );
    let known_total = plan.matches.filter(|_| filter.is_search_only());
    let count_sql = format!("SELECT COUNT(*) FROM organisations o {where_sql}");
    let (items, total) = on_pool!(db, |pool| {
        let items = bind_args!(
            sqlx::query_as::<_, OrganisationSummary>(&select),
            &conditions.args
        )
        .bind(paging.per_page)
        .bind(paging.offset())
        .fetch_all(pool)
        .await?;
        let total: i64 = match known_total {
            Some(total) => total,
            None => {
                bind_args!(sqlx::query_scalar(&count_sql), &conditions.args)
                    .fetch_one(pool)
                    .await?
            }
        };
        Ok::<_, sqlx::Error>((items, total))
    })?;
    Ok(Page::new(items, total, paging))
}

/// Every organisation matching `filter`, as ids in the filter's order: what an export walks, a
/// chunk of ids at a time, however many there are.
pub async fn matching_ids(db: &Db, filter: &OrganisationFilter) -> StoreResult<Vec<i64>> {
    let conditions = filter.conditions(db).await?;
    let sql = format!(
        "SELECT o.id FROM organisations o {} ORDER BY {}",
        conditions.where_sql(),
        filter.sort.sql()
    );
    Ok(on_pool!(db, |pool| bind_args!(
        sqlx::query_scalar(&sql),
        &conditions.args
    )
    .fetch_all(pool)
    .await)?)
}

/// How many organisations match `filter`: with `status` and `on`, "how many HTX were active on
/// 31/12/2022" has one answer.
pub async fn count(db: &Db, filter: &OrganisationFilter) -> StoreResult<i64> {
    let conditions = filter.conditions(db).await?;
    let sql = format!("SELECT COUNT(*) FROM organisations o {}", conditions.where_sql());
    Ok(on_pool!(db, |pool| bind_args!(
        sqlx::query_scalar(&sql),
        &conditions.args
    )
    .fetch_one(pool)
    .await)?)
}

const DETAIL_SELECT: &str = "SELECT o.id, o.kind, o.name, o.short_name, o.tax_code, o.registration_number, \
     o.registration_date, o.founding_date, o.address, c.era AS commune_era, c.code AS commune_code, \
     c.name AS commune_name, o.province_code, p.name AS province_name, o.old_province_code, \
     op.name AS old_province_name, o.representative_name, o.representative_title, o.phone, o.email, \
     o.website, o.is_new_model, o.is_value_chain, o.is_on_ecommerce, o.charter_capital, o.description, \
     o.status, o.status_since, o.created_at, o.updated_at, o.version \
     FROM organisations o \
     JOIN communes c ON c.id = o.commune_id \
     JOIN provinces p ON p.era = '2025' AND p.code = o.province_code \
     LEFT JOIN provinces op ON op.era = '2008' AND op.code = o.old_province_code";

pub async fn get(db: &Db, id: i64) -> StoreResult<Organisation> {
    let sql = format!("{DETAIL_SELECT} WHERE o.id = $1");
    let sectors_sql = "SELECT sector FROM organisation_sectors WHERE organisation_id = $1 ORDER BY sector";
    let (org, sectors) = on_pool!(db, |pool| {
        let org: Option<Organisation> = sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?;
        let sectors: Vec<String> = sqlx::query_scalar(sectors_sql).bind(id).fetch_all(pool).await?;
        Ok::<_, sqlx::Error>((org, sectors))
    })?;
    let mut org = org.ok_or(StoreError::NotFound)?;
    org.sectors = sectors.iter().filter_map(|s| Sector::parse(s)).collect();
    Ok(org)
}

/// [`get`] for many organisations, a few hundred a statement: an import's matched records. Those
/// not there are left out.
pub async fn get_many(db: &Db, ids: &[i64]) -> StoreResult<HashMap<i64, Organisation>> {
    let sql = format!("{DETAIL_SELECT} WHERE o.id IN {{ids}}");
    let organisations: Vec<Organisation> = hoptac_core::sql::fetch_for_ids(db, &sql, ids).await?;
    let sectors_sql = "SELECT organisation_id, sector FROM organisation_sectors \
                       WHERE organisation_id IN {ids} ORDER BY organisation_id, sector";
    let sectors: Vec<(i64, String)> = hoptac_core::sql::fetch_for_ids(db, sectors_sql, ids).await?;
    let mut found: HashMap<i64, Organisation> = organisations.into_iter().map(|o| (o.id, o)).collect();
    for (id, sector) in sectors {
        if let (Some(org), Some(sector)) = (found.get_mut(&id), Sector::parse(&sector)) {
            org.sectors.push(sector);
        }
    }
    Ok(found)
}

/// The organisation as it stands inside a writing transaction, held against other writers until
/// the transaction ends: what the write's checks and its audit "before" must read.
pub(crate) async fn get_held(tx: &mut Tx<'_>, id: i64) -> StoreResult<Organisation> {
    if !tx.lock("organisations", id).await? {
        return Err(StoreError::NotFound);
    }
    let sql = format!("{DETAIL_SELECT} WHERE o.id = $1");
    let mut org: Organisation = tx
        .fetch_optional(&sql, &[Arg::I64(id)])
        .await?
        .ok_or(StoreError::NotFound)?;
    let sectors: Vec<(String,)> = tx
        .fetch_all(
            "SELECT sector FROM organisation_sectors WHERE organisation_id = $1 ORDER BY sector",
            &[Arg::I64(id)],
        )
        .await?;
    org.sectors = sectors.iter().filter_map(|(s,)| Sector::parse(s)).collect();
    Ok(org)
}

/// An organisation's statuses, oldest first.
const STATUS_HISTORY: &str =
    "SELECT id, status, effective_date, reason, recorded_at FROM organisation_statuses \
                              WHERE organisation_id = $1 ORDER BY effective_date, id";

pub async fn status_history(db: &Db, id: i64) -> StoreResult<Vec<StatusEntry>> {
    Ok(on_pool!(db, |pool| sqlx::query_as(STATUS_HISTORY)
        .bind(id)
        .fetch_all(pool)
        .await)?)
}

/// An organisation as its page and the API show it to one actor: what everyone may read, and the
/// breaches of the membership rules only for those who may read its members.
pub struct OrganisationView {
    pub organisation: Organisation,
    /// Its statuses, oldest first.
    pub statuses: Vec<StatusEntry>,
    /// `None` when the members are out of the actor's reach (see `members::compliance_seen_by`).
    pub compliance: Option<Vec<ComplianceIssue>>,
    /// Members on the register today.
    pub members_now: i64,
    /// A change of the legal identity waiting for an officer; `None` also when the actor may not
    /// read the full record.
    pub identity_proposal: Option<super::proposals::IdentityProposal>,
}

/// The one view of an organisation that its page and the API render.
pub async fn view(cx: &Context, id: i64) -> StoreResult<OrganisationView> {
    let organisation = get(&cx.db, id).await?;
    let statuses = status_history(&cx.db, id).await?;
    let compliance = members::compliance_seen_by(&cx.db, &cx.actor, &organisation, cx.today).await?;
    let members_now = members::count_current(&cx.db, id, cx.today).await?;
    let identity_proposal = match super::proposals::pending(cx, id).await {
        Ok(proposal) => proposal,
        Err(StoreError::NotFound | StoreError::Forbidden) => None,
        Err(other) => return Err(other),
    };
    Ok(OrganisationView {
        organisation,
        statuses,
        compliance,
        members_now,
        identity_proposal,
    })
}

/// Where a new or edited organisation is located, resolved against the units.
struct Location {
    commune: Commune,
    old_province_code: Option<String>,
}

/// Validates the input and finds its commune. When fields fail, the commune is still looked up so
/// that its error is reported with theirs.
async fn validate_and_locate(
    places: &mut Places<'_>,
    input: &OrganisationInput,
    today: NaiveDate,
) -> StoreResult<(OrganisationFields, Location)> {
    let validated = input.validate(today);
    let province = input.commune_province_code();
    let commune = match input.commune_reference() {
        Some(reference) => match places.resolve(&reference, province, "commune").await {
            Ok(commune) => Some(commune),
            Err(StoreError::Validation(e)) => {
                let mut errors = validated.clone().err().unwrap_or_default();
                errors.extend(e);
                return Err(StoreError::Validation(errors));
            }
            Err(other) => return Err(other),
        },
        None => None,
    };
    let fields = validated?;
    let commune = commune.ok_or(StoreError::NotFound)?;
    let old_province_code = places.old_province_of(&commune).await?;
    Ok((
        fields,
        Location {
            commune,
            old_province_code,
        },
    ))
}

/// A new or moved organisation must land where the writer may still act: an officer cannot
/// register an organisation in, or move one to, a commune outside their scope.
fn ensure_within_reach(
    actor: &Actor,
    permission: Permission,
    at: &Location,
    organisation_id: Option<i64>,
) -> StoreResult<()> {
    let place = gate::place_in(&at.commune, organisation_id);
    if actor.access.allows(permission, &place) {
        return Ok(());
    }
    let mut e = FieldErrors::new();
    e.add_with(
        "commune",
        "outside_scope",
        vec![("value", at.commune.name.clone())],
    );
    Err(StoreError::Validation(e))
}

fn duplicate_tax_code(tax_code: &str) -> StoreError {
    let mut e = FieldErrors::new();
    e.add_with(
        "tax_code",
        "duplicate_tax_code",
        vec![("value", tax_code.to_owned())],
    );
    StoreError::Conflict(e)
}

/// Refuses a tax code another organisation holds, read inside the writing transaction.
async fn ensure_tax_code_free_in(
    tx: &mut Tx<'_>,
    fields: &OrganisationFields,
    except: Option<i64>,
) -> StoreResult<()> {
    let Some(code) = &fields.tax_code else {
        return Ok(());
    };
    let holder: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT id FROM organisations WHERE tax_code = $1",
            &[Arg::Text(code.as_str().to_owned())],
        )
        .await?;
    match holder {
        Some((id,)) if Some(id) != except => Err(duplicate_tax_code(code.as_str())),
        _ => Ok(()),
    }
}

/// Maps a unique violation on the tax code (a race with another writer) to the same conflict the
/// pre-check reports.
fn map_write_error(error: sqlx::Error, fields: &OrganisationFields) -> StoreError {
    match (&fields.tax_code, is_unique_violation(&error)) {
        (Some(code), true) => duplicate_tax_code(code.as_str()),
        _ => StoreError::from(error),
    }
}

/// The columns an organisation's entered fields are written to, in the order of [`field_args`].
pub(crate) const FIELD_COLUMNS: [&str; 23] = [
    "kind",
    "name",
    "short_name",
    "search_text",
    "name_key",
    "tax_code",
    "registration_number",
    "registration_date",
    "founding_date",
    "address",
    "commune_id",
    "province_code",
    "old_province_code",
    "representative_name",
    "representative_title",
    "phone",
    "email",
    "website",
    "is_new_model",
    "is_value_chain",
    "is_on_ecommerce",
    "charter_capital",
    "description",
];

/// The values of [`FIELD_COLUMNS`] for validated fields at a location.
pub(crate) fn field_args(
    f: &OrganisationFields,
    commune: &Commune,
    old_province_code: Option<&str>,
) -> Vec<Arg> {
    vec![
        Arg::Text(f.kind.as_str().into()),
        Arg::Text(f.name.clone()),
        Arg::OptText(f.short_name.clone()),
        Arg::Text(f.search_text.clone()),
        Arg::Text(hoptac_core::text::name_key(&f.name)),
        Arg::OptText(f.tax_code.as_ref().map(|t| t.as_str().to_owned())),
        Arg::OptText(f.registration_number.clone()),
        Arg::OptDate(f.registration_date),
        Arg::Date(f.founding_date),
        Arg::OptText(f.address.clone()),
        Arg::I64(commune.id),
        Arg::Text(commune.current_province_code.clone()),
        Arg::OptText(old_province_code.map(str::to_owned)),
        Arg::OptText(f.representative_name.clone()),
        Arg::OptText(f.representative_title.clone()),
        Arg::OptText(f.phone.clone()),
        Arg::OptText(f.email.clone()),
        Arg::OptText(f.website.clone()),
        Arg::Bool(f.is_new_model),
        Arg::Bool(f.is_value_chain),
        Arg::Bool(f.is_on_ecommerce),
        Arg::OptI64(f.charter_capital),
        Arg::OptText(f.description.clone()),
    ]
}

/// The columns of a status entry, in the order of [`status_args`].
pub(crate) const STATUS_COLUMNS: [&str; 5] = [
    "organisation_id",
    "status",
    "effective_date",
    "reason",
    "recorded_at",
];

pub(crate) fn status_args(
    organisation_id: i64,
    status: OrgStatus,
    date: NaiveDate,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Vec<Arg> {
    vec![
        Arg::I64(organisation_id),
        Arg::Text(status.as_str().into()),
        Arg::Date(date),
        Arg::OptText(reason.map(str::to_owned)),
        Arg::Time(now),
    ]
}

/// One row per sector of an organisation.
pub(crate) fn sector_rows(organisation_id: i64, sectors: &[Sector]) -> Vec<Vec<Arg>> {
    sectors
        .iter()
        .map(|s| vec![Arg::I64(organisation_id), Arg::Text(s.as_str().into())])
        .collect()
}

pub(crate) const SECTOR_COLUMNS: [&str; 2] = ["organisation_id", "sector"];

async fn replace_sectors(
    tx: &mut Tx<'_>,
    organisation_id: i64,
    sectors: &[Sector],
) -> Result<(), sqlx::Error> {
    tx.execute(
        "DELETE FROM organisation_sectors WHERE organisation_id = $1",
        &[Arg::I64(organisation_id)],
    )
    .await?;
    tx.insert_many(
        "organisation_sectors",
        &SECTOR_COLUMNS,
        &sector_rows(organisation_id, sectors),
    )
    .await
}

/// An organisation as the trail shows it: its fields as entered, with the commune resolved to its
/// code (the province hint is how it was found, not part of the record).
fn audit_view(input: OrganisationInput, at: &Location) -> Option<serde_json::Value> {
    audit::snapshot(&located(input, at))
}

/// The input with its commune as the era and code it was found at (the province hint is how it
/// was found, not part of the record).
fn located(mut input: OrganisationInput, at: &Location) -> OrganisationInput {
    input.commune = at.commune.code.clone();
    input.commune_era = Some(at.commune.era.clone());
    input.commune_province = None;
    input.version = None;
    input
}

/// Validates and records a new organisation with its first status ("active" from the founding date).
pub async fn create(cx: &Context, input: &OrganisationInput) -> StoreResult<i64> {
    let registration = prepare_registration(cx, input).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let id = register_in(&mut tx, cx, &registration).await?;
    tx.commit().await?;
    Ok(id)
}

/// A new organisation checked against everything but the registry as it stands when written: the
/// writer's right to register, the fields, the commune and the writer's reach there.
pub struct Registration {
    fields: OrganisationFields,
    at: Location,
    /// A status it came to after its founding, as a registry sheet's notes tell it ("giải thể
    /// 2023"): written with it by [`register_many_in`].
    later: Option<StatusChange>,
}

impl Registration {
    pub fn founding_date(&self) -> NaiveDate {
        self.fields.founding_date
    }

    /// Records that the organisation came to `change`'s status after its founding, checked as a
    /// change of status is ([`StatusChangeInput::validate`], from "active" at the founding date).
    pub fn then(&mut self, change: &StatusChangeInput, today: NaiveDate) -> StoreResult<()> {
        let founded = LatestStatus {
            status: OrgStatus::Active,
            effective_date: self.fields.founding_date,
        };
        self.later = Some(change.validate(founded, today)?);
        Ok(())
    }
}

/// Checks a new organisation (see [`Registration`]).
pub async fn prepare_registration(cx: &Context, input: &OrganisationInput) -> StoreResult<Registration> {
    prepare_registration_among(&mut Places::new(&cx.db), cx, input).await
}

/// [`prepare_registration`] for one of many, their communes looked up once in `places`.
pub async fn prepare_registration_among(
    places: &mut Places<'_>,
    cx: &Context,
    input: &OrganisationInput,
) -> StoreResult<Registration> {
    let (actor, today) = (&cx.actor, cx.today);
    if !actor.access.allows_anywhere(Permission::Create) {
        return Err(StoreError::Forbidden);
    }
    let (fields, at) = validate_and_locate(places, input, today).await?;
    ensure_within_reach(actor, Permission::Create, &at, None)?;
    Ok(Registration {
        fields,
        at,
        later: None,
    })
}

/// Writes a checked new organisation inside `tx` (which the caller commits), with its first status
/// and its trail entry; refuses a tax code another organisation holds.
pub async fn register_in(tx: &mut Tx<'_>, cx: &Context, registration: &Registration) -> StoreResult<i64> {
    let (actor, now) = (&cx.actor, cx.now);
    let (f, at) = (&registration.fields, &registration.at);
    ensure_tax_code_free_in(tx, f, None).await?;
    let write = async {
        let columns = [
            &FIELD_COLUMNS[..],
            &["status", "status_since", "created_at", "updated_at"],
        ]
        .concat();
        let mut args = field_args(f, &at.commune, at.old_province_code.as_deref());
        args.extend([
            Arg::Text(OrgStatus::Active.as_str().into()),
            Arg::Date(f.founding_date),
            Arg::Time(now),
            Arg::Time(now),
        ]);
        let id = tx
            .insert_returning_id(&insert_sql("organisations", &columns), &args)
            .await?;
        locate_in_2025(tx, Some(id)).await?;
        // A new organisation has no sectors to replace.
        tx.insert_many(
            "organisation_sectors",
            &SECTOR_COLUMNS,
            &sector_rows(id, &f.sectors),
        )
        .await?;
        let first = status_args(id, OrgStatus::Active, f.founding_date, None, now);
        tx.execute(&insert_sql("organisation_statuses", &STATUS_COLUMNS), &first)
            .await?;
        audit::record(tx, actor, registered(id, f, at), now).await?;
        Ok(id)
    };
    write.await.map_err(|e| map_write_error(e, f))
}

/// Writes many checked new organisations inside `tx`, each as [`register_in`] writes one (its
/// first status, sectors, 2025 commune and trail entry), in a few statements for all of them: an
/// import's new records. A tax code another organisation holds refuses the batch; the error comes
/// with the index of the registration it is about. Their ids, in order.
pub async fn register_many_in(
    tx: &mut Tx<'_>,
    cx: &Context,
    registrations: &[&Registration],
) -> Result<Vec<i64>, (usize, StoreError)> {
    let (actor, now) = (&cx.actor, cx.now);
    // The tax codes held already, read in a few statements rather than one a registration.
    let codes: Vec<(usize, &str)> = registrations
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.fields.tax_code.as_ref().map(|c| (i, c.as_str())))
        .collect();
    for chunk in codes.chunks(500) {
        let sql = format!(
            "SELECT tax_code FROM organisations WHERE tax_code IN {}",
            hoptac_core::sql::value_list(chunk.len())
        );
        let args: Vec<Arg> = chunk.iter().map(|(_, c)| Arg::Text((*c).to_owned())).collect();
        let held: Vec<(String,)> = tx
            .fetch_all(&sql, &args)
            .await
            .map_err(|e| (chunk[0].0, e.into()))?;
        if let Some((taken,)) = held.first() {
            let index = chunk
                .iter()
                .find(|(_, c)| c == taken)
                .map_or(chunk[0].0, |(i, _)| *i);
            return Err((index, duplicate_tax_code(taken)));
        }
    }
    let all = |e: sqlx::Error| (0, StoreError::from(e));
    let ids = tx
        .reserve_ids("organisations", registrations.len())
        .await
        .map_err(all)?;
    let columns = [
        &["id"][..],
        &FIELD_COLUMNS[..],
        &["status", "status_since", "created_at", "updated_at"],
    ]
    .concat();
    let (mut rows, mut sectors, mut statuses, mut changes) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (registration, &id) in registrations.iter().zip(&ids) {
        let (f, at) = (&registration.fields, &registration.at);
        let (status, since) = registration
            .later
            .as_ref()
            .map_or((OrgStatus::Active, f.founding_date), |l| {
                (l.status, l.effective_date)
            });
        let mut args = vec![Arg::I64(id)];
        args.extend(field_args(f, &at.commune, at.old_province_code.as_deref()));
        args.extend([
            Arg::Text(status.as_str().into()),
            Arg::Date(since),
            Arg::Time(now),
            Arg::Time(now),
        ]);
        rows.push(args);
        sectors.extend(sector_rows(id, &f.sectors));
        statuses.push(status_args(id, OrgStatus::Active, f.founding_date, None, now));
        changes.push(registered(id, f, at));
        if let Some(later) = &registration.later {
            let reason = later.reason.as_deref();
            statuses.push(status_args(id, later.status, later.effective_date, reason, now));
            changes.push(status_change(id, (OrgStatus::Active, f.founding_date), later));
        }
    }
    tx.insert_many("organisations", &columns, &rows)
        .await
        .map_err(|e| match is_unique_violation(&e) {
            // A tax code registered by another writer since the check above (PostgreSQL, whose
            // writers do not queue): trying again finds it, and names its row.
            true => (0, StoreError::Busy),
            false => all(e),
        })?;
    locate_all_in_2025(tx, &ids).await.map_err(all)?;
    tx.insert_many("organisation_sectors", &SECTOR_COLUMNS, &sectors)
        .await
        .map_err(all)?;
    tx.insert_many("organisation_statuses", &STATUS_COLUMNS, &statuses)
        .await
        .map_err(all)?;
    audit::record_many(tx, actor, changes, now).await.map_err(all)?;
    Ok(ids)
}

/// What came of an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    /// Saved as sent.
    Saved,
    /// Saved, except for a change of the legal identity, which waits as this proposal for an
    /// officer in scope (the editor may not change it: see `Permission::EditIdentity`).
    Proposed(i64),
}

/// Validates and saves an edit. The first status entry moves with the founding date, which may not
/// pass a later status change.
///
/// The legal identity ([`IDENTITY_FIELDS`]) changes only for those who may change it; anyone else's
/// change of it is saved as a proposal ([`super::proposals`]) and the rest of the edit is saved.
/// An organisation never moves out of its editor's reach, or into a place they do not act in.
/// An edit made from an older version than the record's is refused ([`StoreError::Stale`]). The
/// record is read, checked and written in one transaction.
pub async fn update(cx: &Context, id: i64, input: &OrganisationInput) -> StoreResult<Edited> {
    let edit = prepare_update(cx, id, input).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let edited = apply_edit(&mut tx, cx, id, input.version, edit).await?;
    tx.commit().await?;
    Ok(edited)
}

/// Checks an edit by the writer (their right to edit, and to change the legal identity or only
/// propose it) against everything but the record as it stands; [`apply_edit`] writes it.
pub async fn prepare_update(cx: &Context, id: i64, input: &OrganisationInput) -> StoreResult<PreparedEdit> {
    let (db, actor) = (&cx.db, &cx.actor);
    gate::authorize(db, actor, Permission::Edit, id).await?;
    let may_change_identity = match gate::authorize(db, actor, Permission::EditIdentity, id).await {
        Ok(_) => true,
        Err(StoreError::Forbidden | StoreError::NotFound) => false,
        Err(other) => return Err(other),
    };
    prepare_edit(cx, id, input, may_change_identity).await
}

/// An edit checked against everything but the record as it stands.
pub struct PreparedEdit {
    /// What is saved now.
    fields: OrganisationFields,
    at: Location,
    /// The input sent, when its identity is to wait for an officer.
    proposed: Option<OrganisationInput>,
}

/// Validates an edit and finds its place. `may_change_identity`: whether the editor's change of
/// the legal identity is saved, or proposed.
pub(crate) async fn prepare_edit(
    cx: &Context,
    id: i64,
    input: &OrganisationInput,
    may_change_identity: bool,
) -> StoreResult<PreparedEdit> {
    let (db, actor) = (&cx.db, &cx.actor);
    let mut places = Places::new(db);
    let (fields, at) = validate_and_locate(&mut places, input, cx.today).await?;
    let sent = located(fields.to_input(), &at);
    let current = get(db, id).await?.as_stored();
    let changes = sent.identity_changes(&current);
    if changes.is_empty() || may_change_identity {
        ensure_within_reach(actor, Permission::Edit, &at, Some(id))?;
        if changes.contains(&"commune") {
            // A move must land where the editor acts by place, not only through this organisation.
            ensure_within_reach(actor, Permission::EditIdentity, &at, None)?;
        }
        return Ok(PreparedEdit {
            fields,
            at,
            proposed: None,
        });
    }
    let kept = input.with_identity_of(&current);
    let (fields, at) = validate_and_locate(&mut places, &kept, cx.today).await?;
    Ok(PreparedEdit {
        fields,
        at,
        proposed: Some(sent),
    })
}

/// Writes a prepared edit inside `tx`, against the record as it stands there.
pub async fn apply_edit(
    tx: &mut Tx<'_>,
    cx: &Context,
    id: i64,
    expected_version: Option<i64>,
    edit: PreparedEdit,
) -> StoreResult<Edited> {
    let (actor, now) = (&cx.actor, cx.now);
    let before = get_held(tx, id).await?;
    hoptac_core::error::ensure_current(expected_version, before.version)?;
    let history: Vec<StatusEntry> = tx.fetch_all(STATUS_HISTORY, &[Arg::I64(id)]).await?;
    let Some(first) = history.first() else {
        return Err(StoreError::NotFound);
    };
    let (f, at) = (&edit.fields, &edit.at);
    if let Some(later) = history
        .iter()
        .skip(1)
        .find(|e| e.effective_date < f.founding_date)
    {
        let mut e = FieldErrors::new();
        e.add_with(
            "founding_date",
            "after_status_change",
            vec![("date", hoptac_core::numbers::format_date(later.effective_date))],
        );
        return Err(StoreError::Validation(e));
    }
    ensure_tax_code_free_in(tx, f, Some(id)).await?;
    let (before_view, after_view) = (audit::snapshot(&before.as_stored()), audit_view(f.to_input(), at));
    // An edit that changes nothing (a manager's whose only change waits as a proposal) is neither
    // written nor versioned nor recorded, so that it cannot make someone else's next save stale.
    let changes_something = !audit::diff(before_view.as_ref(), after_view.as_ref()).is_empty();
    if changes_something {
        let write = async {
            let columns = [&FIELD_COLUMNS[..], &["updated_at"]].concat();
            let mut args = field_args(f, &at.commune, at.old_province_code.as_deref());
            args.extend([Arg::Time(now), Arg::I64(id)]);
            tx.execute(&update_sql("organisations", &columns), &args).await?;
            tx.execute(
                "UPDATE organisations SET version = version + 1 WHERE id = $1",
                &[Arg::I64(id)],
            )
            .await?;
            locate_in_2025(tx, Some(id)).await?;
            replace_sectors(tx, id, &f.sectors).await?;
            tx.execute(
                "UPDATE organisation_statuses SET effective_date = $1 WHERE id = $2",
                &[Arg::Date(f.founding_date), Arg::I64(first.id)],
            )
            .await?;
            if history.len() == 1 {
                // Still in its first status: that status began on the (new) founding date.
                tx.execute(
                    "UPDATE organisations SET status_since = $1 WHERE id = $2",
                    &[Arg::Date(f.founding_date), Arg::I64(id)],
                )
                .await?;
            }
            let change = Change {
                action: Action::Update,
                entity: "organisation",
                entity_id: id.to_string(),
                organisation_id: Some(id),
                before: before_view,
                after: after_view,
            };
            audit::record(tx, actor, change, now).await
        };
        write.await.map_err(|e| map_write_error(e, f))?;
    }
    match edit.proposed {
        None => Ok(Edited::Saved),
        Some(proposed) => Ok(Edited::Proposed(
            super::proposals::propose(tx, cx, id, &proposed).await?,
        )),
    }
}

/// Where an organisation registered in a commune of before 1 July 2025 counts since: the 2025
/// commune its old one became part of, or, for an old commune split between several, the one an
/// officer settled on, with the candidates and the one the address names. Of the 9,992 old communes the
/// shipped crosswalk covers (`crates/hoptac-core/data/commune-merger-2025.csv`), 295 were split.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CurrentCommune {
    /// The 2025 commune, once known.
    pub settled: Option<Commune>,
    /// The 2025 communes the old one was split between; empty when it went whole into one.
    pub candidates: Vec<Commune>,
    /// The candidate whose name the organisation's address holds, when one does.
    pub suggested: Option<String>,
}

/// The organisation's 2025 commune as [`CurrentCommune`] says it; `None` for an organisation
/// registered in a 2025 commune.
pub async fn current_commune(db: &Db, id: i64) -> StoreResult<Option<CurrentCommune>> {
    let row: Option<(i64, Option<i64>, Option<String>)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT o.commune_id, o.current_commune_id, o.address FROM organisations o \
         JOIN communes c ON c.id = o.commune_id WHERE o.id = $1 AND c.era = '2008'"
    )
    .bind(id)
    .fetch_optional(pool)
    .await)?;
    let Some((commune_id, current, address)) = row else {
        return Ok(None);
    };
    let successors = admin_units::successors(db, commune_id).await?;
    let settled = successors.iter().find(|c| Some(c.id) == current).cloned();
    let address = hoptac_core::text::fold(address.as_deref().unwrap_or_default());
    let named = |c: &&Commune| {
        let name = hoptac_core::text::fold(&c.name);
        let bare = name.split_once(' ').map_or(name.as_str(), |(_, rest)| rest);
        !bare.is_empty() && address.contains(bare)
    };
    let candidates = if successors.len() > 1 {
        successors.clone()
    } else {
        Vec::new()
    };
    let suggested = match candidates.iter().filter(named).collect::<Vec<_>>().as_slice() {
        [one] => Some(one.code.clone()),
        _ => None,
    };
    Ok(Some(CurrentCommune {
        settled,
        candidates,
        suggested,
    }))
}

/// Settles which of the 2025 communes its old, split commune became the organisation counts in:
/// `commune_code` must be one of them (`not_a_successor` otherwise). For those who may edit it.
pub async fn settle_current_commune(cx: &Context, id: i64, commune_code: &str) -> StoreResult<()> {
    gate::authorize(&cx.db, &cx.actor, Permission::Edit, id).await?;
    let Some(current) = current_commune(&cx.db, id).await? else {
        return Err(StoreError::Validation(FieldErrors::single(
            "commune",
            "not_split",
        )));
    };
    let Some(chosen) = current.candidates.iter().find(|c| c.code == commune_code) else {
        let mut errors = FieldErrors::new();
        errors.add_with(
            "commune",
            "not_a_successor",
            vec![("value", commune_code.to_owned())],
        );
        return Err(StoreError::Validation(errors));
    };
    if current.settled.as_ref().is_some_and(|s| s.id == chosen.id) {
        return Ok(());
    }
    let mut tx = Tx::begin(&cx.db).await?;
    tx.execute(
        "UPDATE organisations SET current_commune_id = $1, updated_at = $2 WHERE id = $3",
        &[Arg::I64(chosen.id), Arg::Time(cx.now), Arg::I64(id)],
    )
    .await?;
    let change = Change {
        action: Action::Update,
        entity: "organisation",
        entity_id: id.to_string(),
        organisation_id: Some(id),
        before: Some(json!({"current_commune": current.settled.map(|c| c.name)})),
        after: Some(json!({"current_commune": chosen.name})),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// Records a change of status (suspension, return to activity, dissolution, bankruptcy).
pub async fn change_status(cx: &Context, id: i64, input: &StatusChangeInput) -> StoreResult<()> {
    gate::authorize(&cx.db, &cx.actor, Permission::ChangeStatus, id).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    change_status_in(&mut tx, cx, id, input).await?;
    tx.commit().await?;
    Ok(())
}

/// Records a change of status inside `tx` (which the caller commits), the writer's right already
/// checked. The latest status is read in the transaction that writes the next, holding the
/// organisation, so that two changes at once cannot both follow the same latest one (a dissolution
/// is final).
pub async fn change_status_in(
    tx: &mut Tx<'_>,
    cx: &Context,
    id: i64,
    input: &StatusChangeInput,
) -> StoreResult<()> {
    let (actor, today, now) = (&cx.actor, cx.today, cx.now);
    if !tx.lock("organisations", id).await? {
        return Err(StoreError::NotFound);
    }
    let history: Vec<StatusEntry> = tx.fetch_all(STATUS_HISTORY, &[Arg::I64(id)]).await?;
    let latest = history.last().ok_or(StoreError::NotFound)?;
    let change = input.validate(
        LatestStatus {
            status: latest.status,
            effective_date: latest.effective_date,
        },
        today,
    )?;
    let entry = status_args(
        id,
        change.status,
        change.effective_date,
        change.reason.as_deref(),
        now,
    );
    tx.execute(&insert_sql("organisation_statuses", &STATUS_COLUMNS), &entry)
        .await?;
    tx.execute(
        "UPDATE organisations SET status = $1, status_since = $2, updated_at = $3 WHERE id = $4",
        &[
            Arg::Text(change.status.as_str().into()),
            Arg::Date(change.effective_date),
            Arg::Time(now),
            Arg::I64(id),
        ],
    )
    .await?;
    let change = status_change(id, (latest.status, latest.effective_date), &change);
    audit::record(tx, actor, change, now).await?;
    Ok(())
}

/// The trail's entry of the organisation `id` registered with the fields `f` at `at`.
fn registered(id: i64, f: &OrganisationFields, at: &Location) -> Change {
    Change {
        action: Action::Create,
        entity: "organisation",
        entity_id: id.to_string(),
        organisation_id: Some(id),
        before: None,
        after: audit_view(f.to_input(), at),
    }
}

/// The trail's entry of the organisation `id`'s change of status from `(status, since)`.
fn status_change(id: i64, (status, since): (OrgStatus, NaiveDate), change: &StatusChange) -> Change {
    Change {
        action: Action::Status,
        entity: "organisation",
        entity_id: id.to_string(),
        organisation_id: Some(id),
        before: Some(json!({"status": status, "status_since": since})),
        after: Some(
            json!({"status": change.status, "status_since": change.effective_date, "reason": change.reason}),
        ),
    }
}

/// How many names are keyed at once when the keys are recomputed.
const NAME_KEY_BATCH: i64 = 1000;

/// Gives every organisation whose name has no collation key yet its key (rows written before
/// keys were kept, or cleared after an update of the collation data); safe to run at every start.
/// Sets the 2025 commune the organisation `id` counts in from its commune (see
/// `admin_units::current_commune_sql`); `None`: every organisation that has none yet (those
/// written before the list of successors, or loaded in bulk).
pub(crate) async fn locate_in_2025(tx: &mut Tx<'_>, id: Option<i64>) -> Result<u64, sqlx::Error> {
    let current = current_commune_expr();
    match id {
        Some(id) => {
            tx.execute(
                &format!("UPDATE organisations SET current_commune_id = {current} WHERE id = $1"),
                &[Arg::I64(id)],
            )
            .await
        }
        None => {
            tx.execute(
                &format!(
                    "UPDATE organisations SET current_commune_id = {current} \
                     WHERE current_commune_id IS NULL"
                ),
                &[],
            )
            .await
        }
    }
}

/// [`locate_in_2025`] for the organisations `ids`, a few hundred a statement.
async fn locate_all_in_2025(tx: &mut Tx<'_>, ids: &[i64]) -> Result<(), sqlx::Error> {
    let current = current_commune_expr();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "UPDATE organisations SET current_commune_id = {current} WHERE id IN {}",
            hoptac_core::sql::value_list(chunk.len())
        );
        let args: Vec<Arg> = chunk.iter().map(|id| Arg::I64(*id)).collect();
        tx.execute(&sql, &args).await?;
    }
    Ok(())
}

/// The 2025 commune an organisation counts in, as SQL over `organisations`: its old commune's
/// single successor. An old commune split between several new ones has no single successor: the
/// one an officer settled on stays while the organisation stays in that old commune.
fn current_commune_expr() -> String {
    format!(
        "COALESCE({}, CASE WHEN organisations.current_commune_id IN (SELECT s.new_commune_id \
         FROM commune_successors s WHERE s.old_commune_id = organisations.commune_id) \
         THEN organisations.current_commune_id END)",
        admin_units::current_commune_sql("organisations.commune_id")
    )
}

/// Keys the names and finds the 2025 commune of every organisation written without them: at each
/// start, for records loaded in bulk or written before these columns.
pub async fn prepare(db: &Db) -> StoreResult<()> {
    key_names(db).await?;
    let mut tx = Tx::begin(db).await?;
    locate_in_2025(&mut tx, None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn key_names(db: &Db) -> StoreResult<u64> {
    let mut keyed = 0;
    loop {
        let sql = "SELECT id, name FROM organisations WHERE name_key IS NULL ORDER BY id LIMIT $1";
        let batch: Vec<(i64, String)> = on_pool!(db, |pool| sqlx::query_as(sql)
            .bind(NAME_KEY_BATCH)
            .fetch_all(pool)
            .await)?;
        if batch.is_empty() {
            return Ok(keyed);
        }
        let mut tx = Tx::begin(db).await?;
        for (id, name) in &batch {
            tx.execute(
                "UPDATE organisations SET name_key = $1 WHERE id = $2",
                &[Arg::Text(hoptac_core::text::name_key(name)), Arg::I64(*id)],
            )
            .await?;
        }
        tx.commit().await?;
        keyed += batch.len() as u64;
    }
}
