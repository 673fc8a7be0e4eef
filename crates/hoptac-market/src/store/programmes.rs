//! Cooperation programmes between two provinces' alliances, and the activities held under them.
//!
//! A signed programme is public, as its signing ceremony was. A proposal, and one declined or
//! withdrawn, is read by the two alliances' officers only. Whoever may run trade promotion in a
//! province ([`Permission::Promote`]) proposes for it, answers a proposal made to it, edits the
//! programmes it is a party to and records their activities.

use super::{save_edit, Edit};
use crate::domain::programmes::{
    ActivityFields, ActivityInput, ActivityKind, AnswerInput, ProgrammeFields, ProgrammeInput, ProgrammeKind,
    ProgrammeState, Side,
};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::{Access, Permission, Place};
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::sql::{fetch_page, insert_sql, Tx};
use hoptac_core::{bind_args, on_pool, text};
use hoptac_core::{Arg, Conditions, Context, Db, Page, Paging, StoreError, StoreResult};
use serde::Serialize;

/// A programme as its list and page show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Programme {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: ProgrammeKind,
    pub proposer_province: String,
    pub proposer_province_name: String,
    pub partner_province: String,
    pub partner_province_name: String,
    #[sqlx(try_from = "String")]
    pub state: ProgrammeState,
    pub signed_on: Option<NaiveDate>,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub content: Option<String>,
    /// Why it was declined or withdrawn.
    pub answer_reason: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Programme {
    pub fn fields(&self) -> ProgrammeFields {
        ProgrammeFields {
            name: self.name.clone(),
            kind: self.kind,
            proposer_province: self.proposer_province.clone(),
            partner_province: self.partner_province.clone(),
            signed_on: self.signed_on,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            content: self.content.clone(),
        }
    }

    /// The programme as its edit form shows it.
    pub fn to_input(&self) -> ProgrammeInput {
        let input = ProgrammeInput {
            name: self.name.clone(),
            kind: self.kind.as_str().to_owned(),
            proposer_province: self.proposer_province.clone(),
            partner_province: self.partner_province.clone(),
            signed_on: self.signed_on.map(|d| d.to_string()),
            valid_from: self.valid_from.to_string(),
            valid_until: self.valid_until.map(|d| d.to_string()),
            content: self.content.clone(),
            version: Some(self.version),
            original: None,
        };
        ProgrammeInput {
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }

    /// The sides the person speaks for: both for an administrator or a national officer.
    pub fn sides(&self, access: &Access) -> Vec<Side> {
        let mut sides = Vec::new();
        if promotes(access, &self.proposer_province) {
            sides.push(Side::Proposer);
        }
        if promotes(access, &self.partner_province) {
            sides.push(Side::Partner);
        }
        sides
    }
}

impl Programme {
    /// Whether the person may edit the programme: a proposal, by its proposer. An answered
    /// programme is refused on `state` (`programme_answered`, 409), anyone else as forbidden.
    pub fn editable_by(&self, access: &Access) -> StoreResult<()> {
        if self.state != ProgrammeState::Proposed {
            let errors = hoptac_core::FieldErrors::single("state", "programme_answered");
            return Err(StoreError::Conflict(errors));
        }
        if !self.sides(access).contains(&Side::Proposer) {
            return Err(StoreError::Forbidden);
        }
        Ok(())
    }
}

/// True when the person may run trade promotion for the province.
pub fn promotes(access: &Access, province: &str) -> bool {
    access.allows(Permission::Promote, &Place::province(province))
}

const SELECT: &str = "SELECT p.id, p.name, p.kind, p.proposer_province, a.name AS proposer_province_name, \
     p.partner_province, b.name AS partner_province_name, p.state, p.signed_on, p.valid_from, p.valid_until, \
     p.content, p.answer_reason, p.version, p.created_at, p.updated_at \
     FROM market_programmes p \
     JOIN provinces a ON a.era = '2025' AND a.code = p.proposer_province \
     JOIN provinces b ON b.era = '2025' AND b.code = p.partner_province";

/// Narrows a query to the programmes the person may read: the signed ones, and every one of the
/// provinces they run trade promotion for.
fn readable(c: &mut Conditions, access: &Access) {
    let Some(provinces) = access.provinces_for(Permission::Promote) else {
        return;
    };
    let signed = Arg::Text(ProgrammeState::Signed.as_str().to_owned());
    if provinces.is_empty() {
        c.push("p.state = ?", [signed]);
        return;
    }
    let marks = vec!["?"; provinces.len()].join(", ");
    let mut args = vec![signed];
    args.extend(provinces.iter().map(|code| Arg::Text(code.clone())));
    args.extend(provinces.iter().map(|code| Arg::Text(code.clone())));
    c.push(
        &format!("(p.state = ? OR p.proposer_province IN ({marks}) OR p.partner_province IN ({marks}))"),
        args,
    );
}

/// What a list of programmes can be narrowed by. Blank means any.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeFilter {
    /// Programmes this 2025 province's alliance is a party to.
    pub province: Option<String>,
    /// Words of the name, diacritics optional.
    pub query: Option<String>,
}

/// Programmes the person may read, the latest to start first.
pub async fn list(
    db: &Db,
    access: &Access,
    filter: &ProgrammeFilter,
    paging: Paging,
) -> StoreResult<Page<Programme>> {
    let mut c = Conditions::default();
    readable(&mut c, access);
    if let Some(code) = &filter.province {
        c.push(
            "(p.proposer_province = ? OR p.partner_province = ?)",
            [Arg::Text(code.clone()), Arg::Text(code.clone())],
        );
    }
    let words = filter
        .query
        .as_deref()
        .map(text::search_terms)
        .unwrap_or_default();
    for word in words {
        c.push("p.search_text LIKE ?", [Arg::Text(format!("%{word}%"))]);
    }
    let select = format!("{SELECT} {{where}} ORDER BY p.valid_from DESC, p.id DESC");
    Ok(fetch_page(
        db,
        &select,
        "SELECT COUNT(*) FROM market_programmes p {where}",
        &c,
        paging,
    )
    .await?)
}

/// The proposals that await the answer of one of `provinces` (every province when `None`), the
/// oldest first.
pub async fn awaiting_answer(db: &Db, provinces: Option<&[String]>) -> StoreResult<Vec<Programme>> {
    let mut c = Conditions::default();
    c.push(
        "p.state = ?",
        [Arg::Text(ProgrammeState::Proposed.as_str().to_owned())],
    );
    if let Some(codes) = provinces {
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; codes.len()].join(", ");
        c.push(
            &format!("p.partner_province IN ({marks})"),
            codes.iter().map(|code| Arg::Text(code.clone())),
        );
    }
    let sql = format!("{SELECT} {} ORDER BY p.created_at, p.id LIMIT 50", c.where_sql());
    Ok(on_pool!(db, |pool| bind_args!(
        sqlx::query_as::<_, Programme>(&sql),
        &c.args
    )
    .fetch_all(pool)
    .await)?)
}

async fn find(db: &Db, id: i64) -> StoreResult<Programme> {
    let sql = format!("{SELECT} WHERE p.id = $1");
    let found: Option<Programme> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    found.ok_or(StoreError::NotFound)
}

/// One programme, for those who may read it (others are told it does not exist).
pub async fn get(db: &Db, access: &Access, id: i64) -> StoreResult<Programme> {
    let programme = find(db, id).await?;
    if programme.state == ProgrammeState::Signed || !programme.sides(access).is_empty() {
        Ok(programme)
    } else {
        Err(StoreError::NotFound)
    }
}

/// A programme the actor is a party to, for a write: hidden when they may not read it, refused
/// when they may read but not act for either side.
async fn kept(db: &Db, actor: &Actor, id: i64) -> StoreResult<Programme> {
    let programme = get(db, &actor.access, id).await?;
    if programme.sides(&actor.access).is_empty() {
        return Err(StoreError::Forbidden);
    }
    Ok(programme)
}

const COLUMNS: [&str; 10] = [
    "name",
    "search_text",
    "kind",
    "proposer_province",
    "partner_province",
    "signed_on",
    "valid_from",
    "valid_until",
    "content",
    "updated_at",
];

fn args(fields: &ProgrammeFields, now: DateTime<Utc>) -> Vec<Arg> {
    vec![
        Arg::Text(fields.name.clone()),
        Arg::Text(text::searchable(&fields.name)),
        Arg::Text(fields.kind.as_str().to_owned()),
        Arg::Text(fields.proposer_province.clone()),
        Arg::Text(fields.partner_province.clone()),
        Arg::OptDate(fields.signed_on),
        Arg::Date(fields.valid_from),
        Arg::OptDate(fields.valid_until),
        Arg::OptText(fields.content.clone()),
        Arg::Time(now),
    ]
}

fn refused(field: &str, code: &'static str) -> StoreError {
    StoreError::Validation(hoptac_core::FieldErrors::single(field, code))
}

/// Proposes a programme for the proposer's province, or records one already signed (with its
/// signing date). Refused on `proposer_province` when the actor may not act for it.
pub async fn create(cx: &Context, input: &ProgrammeInput) -> StoreResult<i64> {
    let fields = input.validate(cx.today).map_err(StoreError::Validation)?;
    if !promotes(&cx.actor.access, &fields.proposer_province) {
        return Err(refused("proposer_province", "cannot_promote_for"));
    }
    let state = match fields.signed_on {
        Some(_) => ProgrammeState::Signed,
        None => ProgrammeState::Proposed,
    };
    let mut columns = COLUMNS.to_vec();
    columns.extend(["state", "created_at"]);
    let mut values = args(&fields, cx.now);
    values.extend([Arg::Text(state.as_str().to_owned()), Arg::Time(cx.now)]);
    let mut tx = Tx::begin(&cx.db).await?;
    let id = tx
        .insert_returning_id(&insert_sql("market_programmes", &columns), &values)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "market_programme",
        entity_id: id.to_string(),
        organisation_id: None,
        before: None,
        after: audit::snapshot(&(&fields, state)),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Edits a proposal, by its proposer: what the partner signs is what the proposer wrote, and
/// once answered a programme is not edited (its activities record what follows). The two
/// provinces stay as they were (a programme with another partner is another programme); the
/// signing date is given by answering. An answered programme is refused on `state`
/// (`programme_answered`, 409), the partner's edit as forbidden.
pub async fn update(cx: &Context, id: i64, input: &ProgrammeInput) -> StoreResult<()> {
    let found = kept(&cx.db, &cx.actor, id).await?;
    found.editable_by(&cx.actor.access)?;
    let fields = input.validate(cx.today).map_err(StoreError::Validation)?;
    let mut errors = hoptac_core::FieldErrors::new();
    if fields.proposer_province != found.proposer_province {
        errors.add("proposer_province", "fixed_after_creation");
    }
    if fields.partner_province != found.partner_province {
        errors.add("partner_province", "fixed_after_creation");
    }
    if fields.signed_on.is_some() && found.state != ProgrammeState::Signed {
        errors.add("signed_on", "signed_by_answer");
    }
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    let edit = Edit {
        table: "market_programmes",
        entity: "market_programme",
        id,
        select: format!("{SELECT} WHERE p.id = $1"),
        select_args: vec![Arg::I64(id)],
        from_version: input.version,
        fields: &fields,
        columns: COLUMNS.to_vec(),
        values: args(&fields, cx.now),
        organisation_id: None,
    };
    save_edit(cx, edit, |p: &Programme| (p.version, p.fields())).await
}

/// Answers a proposal: the partner signs or declines it, the proposer withdraws it. A programme
/// no longer proposed is refused on `state` (`not_a_next_state`), as is an answer from the wrong
/// side (`not_your_side`); an answer to a version the proposer has changed since is stale (409).
pub async fn answer(cx: &Context, id: i64, input: &AnswerInput) -> StoreResult<()> {
    let found = kept(&cx.db, &cx.actor, id).await?;
    let answer = input.validate(cx.today).map_err(StoreError::Validation)?;
    hoptac_core::error::ensure_current(input.version, found.version)?;
    let Some(side) = found.state.decided_by(answer.state) else {
        let errors = hoptac_core::FieldErrors::single("state", "not_a_next_state");
        return Err(StoreError::Conflict(errors));
    };
    if !found.sides(&cx.actor.access).contains(&side) {
        return Err(refused("state", "not_your_side"));
    }
    let mut tx = Tx::begin(&cx.db).await?;
    // Written only if the programme is still the version read: of two answers at once, or an
    // answer and the proposer's edit, the second finds it changed.
    let changed = tx
        .execute(
            "UPDATE market_programmes SET state = $1, signed_on = $2, answer_reason = $3, \
             version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6",
            &[
                Arg::Text(answer.state.as_str().to_owned()),
                Arg::OptDate(answer.signed_on),
                Arg::OptText(answer.reason.clone()),
                Arg::Time(cx.now),
                Arg::I64(id),
                Arg::I64(found.version),
            ],
        )
        .await?;
    if changed == 0 {
        drop(tx);
        let now = find(&cx.db, id).await?;
        return Err(if now.state == ProgrammeState::Proposed {
            StoreError::Stale { current: now.version }
        } else {
            StoreError::Conflict(hoptac_core::FieldErrors::single("state", "not_a_next_state"))
        });
    }
    let change = Change {
        action: Action::Update,
        entity: "market_programme",
        entity_id: id.to_string(),
        organisation_id: None,
        before: audit::snapshot(&serde_json::json!({ "state": found.state })),
        after: audit::snapshot(&answer),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(())
}

/// An activity held under a programme.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Activity {
    pub id: i64,
    pub programme_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: ActivityKind,
    pub name: String,
    pub held_on: NaiveDate,
    pub last_day: Option<NaiveDate>,
    pub province_code: Option<String>,
    pub province_name: Option<String>,
    pub results: Option<String>,
    pub cooperatives: Option<i64>,
    /// Đồng.
    pub sales: Option<i64>,
    pub agreements: Option<i64>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl Activity {
    pub fn fields(&self) -> ActivityFields {
        ActivityFields {
            kind: self.kind,
            name: self.name.clone(),
            held_on: self.held_on,
            last_day: self.last_day,
            province_code: self.province_code.clone(),
            results: self.results.clone(),
            cooperatives: self.cooperatives,
            sales: self.sales,
            agreements: self.agreements,
        }
    }

    pub fn to_input(&self) -> ActivityInput {
        // As the form's hints write amounts: with thousands separators.
        let number = |n: Option<i64>| n.map(hoptac_core::numbers::format_int);
        let input = ActivityInput {
            kind: self.kind.as_str().to_owned(),
            name: self.name.clone(),
            held_on: self.held_on.to_string(),
            last_day: self.last_day.map(|d| d.to_string()),
            province_code: self.province_code.clone(),
            results: self.results.clone(),
            cooperatives: number(self.cooperatives),
            sales: number(self.sales),
            agreements: number(self.agreements),
            version: Some(self.version),
            original: None,
        };
        ActivityInput {
            original: serde_json::to_string(&input).ok(),
            ..input
        }
    }
}

const ACTIVITY_SELECT: &str =
    "SELECT a.id, a.programme_id, a.kind, a.name, a.held_on, a.last_day, a.province_code, \
     pr.name AS province_name, a.results, a.cooperatives, a.sales, a.agreements, a.version, a.updated_at \
     FROM market_programme_activities a \
     LEFT JOIN provinces pr ON pr.era = '2025' AND pr.code = a.province_code";

/// A programme's activities in the order they were held.
pub async fn activities(db: &Db, access: &Access, programme_id: i64) -> StoreResult<Vec<Activity>> {
    get(db, access, programme_id).await?;
    let sql = format!("{ACTIVITY_SELECT} WHERE a.programme_id = $1 ORDER BY a.held_on, a.id");
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(programme_id)
        .fetch_all(pool)
        .await)?)
}

/// One activity of a programme the person may read.
pub async fn activity(db: &Db, access: &Access, programme_id: i64, id: i64) -> StoreResult<Activity> {
    get(db, access, programme_id).await?;
    let sql = format!("{ACTIVITY_SELECT} WHERE a.programme_id = $1 AND a.id = $2");
    let found: Option<Activity> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(programme_id)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    found.ok_or(StoreError::NotFound)
}

const ACTIVITY_COLUMNS: [&str; 10] = [
    "kind",
    "name",
    "held_on",
    "last_day",
    "province_code",
    "results",
    "cooperatives",
    "sales",
    "agreements",
    "updated_at",
];

fn activity_args(fields: &ActivityFields, now: DateTime<Utc>) -> Vec<Arg> {
    vec![
        Arg::Text(fields.kind.as_str().to_owned()),
        Arg::Text(fields.name.clone()),
        Arg::Date(fields.held_on),
        Arg::OptDate(fields.last_day),
        Arg::OptText(fields.province_code.clone()),
        Arg::OptText(fields.results.clone()),
        Arg::OptI64(fields.cooperatives),
        Arg::OptI64(fields.sales),
        Arg::OptI64(fields.agreements),
        Arg::Time(now),
    ]
}

/// A signed programme the actor is a party to, with the activity checked against its term.
async fn checked_activity(
    cx: &Context,
    programme_id: i64,
    input: &ActivityInput,
) -> StoreResult<ActivityFields> {
    let programme = kept(&cx.db, &cx.actor, programme_id).await?;
    if programme.state != ProgrammeState::Signed {
        return Err(refused("held_on", "programme_not_signed"));
    }
    input
        // An activity may be held from the signing day (the signing conference itself), which
        // may come before the term begins.
        .validate(
            programme
                .signed_on
                .map_or(programme.valid_from, |d| d.min(programme.valid_from)),
            programme.valid_until,
        )
        .map_err(StoreError::Validation)
}

/// Records an activity held under a signed programme.
pub async fn add_activity(cx: &Context, programme_id: i64, input: &ActivityInput) -> StoreResult<i64> {
    let fields = checked_activity(cx, programme_id, input).await?;
    let mut columns = ACTIVITY_COLUMNS.to_vec();
    columns.extend(["programme_id", "created_at"]);
    let mut values = activity_args(&fields, cx.now);
    values.extend([Arg::I64(programme_id), Arg::Time(cx.now)]);
    let mut tx = Tx::begin(&cx.db).await?;
    let id = tx
        .insert_returning_id(&insert_sql("market_programme_activities", &columns), &values)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "market_programme_activity",
        entity_id: id.to_string(),
        organisation_id: None,
        before: None,
        after: audit::snapshot(&fields),
    };
    audit::record(&mut tx, &cx.actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Edits an activity: its results, most often, once it has been held.
pub async fn update_activity(
    cx: &Context,
    programme_id: i64,
    id: i64,
    input: &ActivityInput,
) -> StoreResult<()> {
    let fields = checked_activity(cx, programme_id, input).await?;
    let edit = Edit {
        table: "market_programme_activities",
        entity: "market_programme_activity",
        id,
        select: format!("{ACTIVITY_SELECT} WHERE a.programme_id = $1 AND a.id = $2"),
        select_args: vec![Arg::I64(programme_id), Arg::I64(id)],
        from_version: input.version,
        fields: &fields,
        columns: ACTIVITY_COLUMNS.to_vec(),
        values: activity_args(&fields, cx.now),
        organisation_id: None,
    };
    save_edit(cx, edit, |a: &Activity| (a.version, a.fields())).await
}
