//! Evaluation rounds (đợt đánh giá, phân hạng). An alliance officer opens a round for the province,
//! receives applications, assigns the council; each council member scores each product on its own
//! sheet, unseen by the others; the officer follows the consolidated scores and their spread and
//! closes the round with the People's Committee's decision, which issues the certificates.
//!
//! Who sees what: rounds are public; before the decision their applications are seen by the
//! province's officers (with every sheet and the spread) and by the council (each member their own
//! sheets); after it, the results are public.

use super::products::{self, Product};
use super::scorecards::{self, ScorecardVersion};
use super::{assessment, checked_points, insert_sheet, star_rules, Assessment};
use crate::domain::certificate::{self, expires_on, summarise, Decided, KindSummary, Outcome};
use crate::domain::inputs::{ApplicationInput, DecisionInput, RoundInput, SheetInput};
use crate::domain::{ApplicationKind, Level, Scheme};
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::access::{Grant, Permission, Place, Role, Scope};
use hoptac_core::admin::Era;
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::error::is_unique_violation;
use hoptac_core::gate::{self};
use hoptac_core::roles::{self, GrantRecord, Holder};
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::text::compare_names;
use hoptac_core::Context;
use hoptac_core::FieldErrors;
use hoptac_core::{admin_units, on_pool, Arg, Db, StoreError, StoreResult};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// A round as lists and its page show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Round {
    pub id: i64,
    pub province_code: String,
    pub province_name: String,
    pub name: String,
    pub opened_on: NaiveDate,
    pub closes_on: Option<NaiveDate>,
    #[sqlx(try_from = "String")]
    pub level: Level,
    pub decision_number: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub decision_signer: Option<String>,
    /// Applications received, withdrawn ones included.
    pub applications: i64,
}

impl Round {
    pub fn is_decided(&self) -> bool {
        self.decision_date.is_some()
    }

    /// Where the round sits for the access rule.
    pub fn place(&self) -> Place {
        Place {
            round_id: Some(self.id),
            ..Place::province(&self.province_code)
        }
    }

    /// True while applications are received.
    pub fn receives_on(&self, today: NaiveDate) -> bool {
        !self.is_decided() && self.closes_on.is_none_or(|d| today <= d)
    }
}

const SELECT_ROUNDS: &str = "SELECT r.id, r.province_code, p.name AS province_name, r.name, r.opened_on, \
     r.closes_on, r.level, r.decision_number, r.decision_date, r.decision_signer, \
     (SELECT COUNT(*) FROM ocop_applications a WHERE a.round_id = r.id) AS applications \
     FROM ocop_rounds r JOIN provinces p ON p.era = '2025' AND p.code = r.province_code";

/// Rounds of a province (or all), the latest first.
pub async fn list(db: &Db, province: Option<&str>) -> StoreResult<Vec<Round>> {
    let sql = format!(
        "{SELECT_ROUNDS} WHERE ($1 = '' OR r.province_code = $1) ORDER BY r.opened_on DESC, r.id DESC"
    );
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(province.unwrap_or(""))
        .fetch_all(pool)
        .await)?)
}

/// The applications of undecided rounds that council member `user_id` sits on and has not scored
/// yet, as (application id, product, round) in the round's and the product's order: the sheets
/// waiting for them.
pub async fn sheets_waiting(db: &Db, user_id: i64) -> StoreResult<Vec<(i64, String, String)>> {
    Ok(on_pool!(db, |pool| {
        sqlx::query_as(
        "SELECT a.id, p.name, r.name FROM role_grants g \
         JOIN ocop_rounds r ON r.id = g.round_id \
         JOIN ocop_applications a ON a.round_id = r.id AND a.withdrawn_on IS NULL \
         JOIN ocop_products p ON p.id = a.product_id \
         WHERE g.user_id = $1 AND g.role = 'evaluator' AND g.revoked_at IS NULL AND r.decision_number IS NULL \
         AND NOT EXISTS (SELECT 1 FROM ocop_sheets s WHERE s.application_id = a.id AND s.evaluator_id = $1) \
         AND NOT EXISTS (SELECT 1 FROM role_grants m WHERE m.user_id = $1 AND m.role = 'manager' \
         AND m.revoked_at IS NULL AND m.organisation_id = p.organisation_id) \
         ORDER BY r.opened_on, r.id, p.name, a.id"
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    })?)
}

pub async fn get(db: &Db, id: i64) -> StoreResult<Round> {
    let sql = format!("{SELECT_ROUNDS} WHERE r.id = $1");
    let round: Option<Round> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    round.ok_or(StoreError::NotFound)
}

fn invalid(field: &str, code: &'static str, value: &str) -> StoreError {
    let mut e = FieldErrors::new();
    e.add_with(field, code, vec![("value", value.to_owned())]);
    StoreError::Validation(e)
}

/// Opens a round in a province the officer runs OCOP for. Rounds are rated at province level.
pub async fn open(cx: &Context, input: &RoundInput) -> StoreResult<i64> {
    let (db, actor, today, now) = (&cx.db, &cx.actor, cx.today, cx.now);
    if !actor.access.allows_anywhere(Permission::ManageOcop) {
        return Err(StoreError::Forbidden);
    }
    let fields = input.validate(today)?;
    // A round is rated by the star rules in force on the day it opens: none before the first.
    let rules = super::star_rules(db).await?;
    if let Some(first) = rules.0.iter().map(|r| r.effective_from).min() {
        if fields.opened_on < first {
            let mut errors = FieldErrors::new();
            let first = hoptac_core::numbers::format_date(first);
            errors.add_with("opened_on", "before_star_rules", vec![("date", first)]);
            return Err(StoreError::Validation(errors));
        }
    }
    if admin_units::province(db, Era::Y2025, &fields.province_code)
        .await?
        .is_none()
    {
        return Err(invalid("province", "invalid_choice", &fields.province_code));
    }
    if !actor
        .access
        .allows(Permission::ManageOcop, &Place::province(&fields.province_code))
    {
        return Err(invalid("province", "outside_scope", &fields.province_code));
    }
    let names = [
        "province_code",
        "name",
        "opened_on",
        "closes_on",
        "level",
        "created_at",
        "created_by",
    ];
    let args = [
        Arg::Text(fields.province_code.clone()),
        Arg::Text(fields.name.clone()),
        Arg::Date(fields.opened_on),
        Arg::OptDate(fields.closes_on),
        Arg::Text(Level::Province.as_str().into()),
        Arg::Time(now),
        Arg::OptI64(actor.user_id),
    ];
    let mut tx = Tx::begin(db).await?;
    let id = tx
        .insert_returning_id(&insert_sql("ocop_rounds", &names), &args)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "ocop_round",
        entity_id: id.to_string(),
        organisation_id: None,
        before: None,
        after: Some(
            json!({"province": fields.province_code, "name": fields.name, "opened_on": fields.opened_on, "closes_on": fields.closes_on}),
        ),
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The round, if the actor runs it.
async fn managed(db: &Db, actor: &Actor, round_id: i64) -> StoreResult<Round> {
    let round = get(db, round_id).await?;
    // Rounds are published: one out of the actor's reach is still seen, so refusing is 403.
    gate::check(actor, Permission::ManageOcop, &round.place()).map_err(|_| StoreError::Forbidden)?;
    Ok(round)
}

fn open_for_change(round: &Round) -> StoreResult<()> {
    if round.is_decided() {
        return Err(StoreError::Conflict(FieldErrors::single(
            "round",
            "round_decided",
        )));
    }
    Ok(())
}

/// Inside a write's transaction: holds the round against other writers (a decision, a sheet, a
/// withdrawal) until the write commits, and reads it as it stands now, refusing when it has been
/// decided since the caller first looked.
async fn lock_open_round(tx: &mut Tx<'_>, round_id: i64) -> StoreResult<Round> {
    if !tx.lock("ocop_rounds", round_id).await? {
        return Err(StoreError::NotFound);
    }
    let sql = format!("{SELECT_ROUNDS} WHERE r.id = $1");
    let round: Round = tx
        .fetch_optional(&sql, &[Arg::I64(round_id)])
        .await?
        .ok_or(StoreError::NotFound)?;
    open_for_change(&round)?;
    Ok(round)
}

/// Inside a write's transaction, with its round locked: the application as it stands now,
/// refused when it has been withdrawn.
async fn application_still_in(tx: &mut Tx<'_>, application_id: i64) -> StoreResult<Application> {
    let sql = format!("{SELECT_APPLICATIONS} WHERE a.id = $1");
    let application: Application = tx
        .fetch_optional(&sql, &[Arg::I64(application_id)])
        .await?
        .ok_or(StoreError::NotFound)?;
    if application.is_withdrawn() {
        return Err(StoreError::Conflict(FieldErrors::single(
            "application",
            "application_withdrawn",
        )));
    }
    Ok(application)
}

/// Inside a write's transaction on an application (a dossier's document): its round held open and
/// the application still standing, both as they are now.
pub(crate) async fn lock_open_application(
    tx: &mut Tx<'_>,
    round: &Round,
    application_id: i64,
) -> StoreResult<Application> {
    open_for_change(round)?;
    lock_open_round(tx, round.id).await?;
    application_still_in(tx, application_id).await
}

/// The applications of round `$2` still standing, joined to their products as `p`: the subjects
/// whose managers may not sit on its council.
const APPLYING_SUBJECT: &str =
    "SELECT 1 FROM ocop_applications a JOIN ocop_products p ON p.id = a.product_id \
     WHERE a.round_id = $2 AND a.withdrawn_on IS NULL";

/// Whether the actor manages the subject (a manager's role on it): they may not score it.
fn manages_subject(actor: &Actor, organisation_id: i64) -> bool {
    actor
        .access
        .grants
        .iter()
        .any(|g| g.role == Role::Manager && g.scope == Scope::Organisation(organisation_id))
}

/// Assigns an account to the round's council: it holds the council member's role for this round.
pub async fn assign_member(cx: &Context, round_id: i64, username: &str) -> StoreResult<i64> {
    let (db, actor, now) = (&cx.db, &cx.actor, cx.now);
    let round = managed(db, actor, round_id).await?;
    open_for_change(&round)?;
    let username = username.trim().to_lowercase();
    let user_id: Option<i64> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM users WHERE username = $1"
    )
    .bind(&username)
    .fetch_optional(pool)
    .await)?;
    let Some(user_id) = user_id else {
        return Err(invalid("username", "unknown_account", &username));
    };
    let grant = Grant {
        role: Role::Evaluator,
        scope: Scope::Round(round_id),
    };
    let mut tx = Tx::begin(db).await?;
    lock_open_round(&mut tx, round_id).await?;
    // No one judges their own product: a manager of a subject applying is not seated.
    let own: Vec<(String,)> = tx
        .fetch_all(
            &format!(
                "SELECT o.name FROM role_grants g JOIN organisations o ON o.id = g.organisation_id \
                 WHERE g.user_id = $1 AND g.role = 'manager' AND g.revoked_at IS NULL AND EXISTS \
                 ({APPLYING_SUBJECT} AND p.organisation_id = g.organisation_id) ORDER BY o.name"
            ),
            &[Arg::I64(user_id), Arg::I64(round_id)],
        )
        .await?;
    if let Some((name,)) = own.into_iter().next() {
        let mut errors = FieldErrors::new();
        errors.add_with("username", "conflict_of_interest", vec![("organisation", name)]);
        return Err(StoreError::Conflict(errors));
    }
    if roles::holds(&mut tx, user_id, &grant).await? {
        return Err(StoreError::Conflict(FieldErrors::single(
            "username",
            "already_granted",
        )));
    }
    let id = roles::insert(&mut tx, &grant, Holder::Account(user_id), actor, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Per round among `ids`, its name and its province: how council seats are named and placed in
/// the lists of roles (`hoptac_core::roles::RoundPlaces`).
pub fn places<'a>(
    db: &'a Db,
    ids: &'a [i64],
) -> hoptac_core::BoxFuture<'a, StoreResult<HashMap<i64, (String, String)>>> {
    Box::pin(async move {
        let mut conditions = hoptac_core::Conditions::default();
        let marks = vec!["?"; ids.len()].join(", ");
        conditions.push(&format!("id IN ({marks})"), ids.iter().map(|id| Arg::I64(*id)));
        let sql = format!(
            "SELECT id, name, province_code FROM ocop_rounds {}",
            conditions.where_sql()
        );
        let rows: Vec<(i64, String, String)> = on_pool!(db, |pool| hoptac_core::bind_args!(
            sqlx::query_as(&sql),
            &conditions.args
        )
        .fetch_all(pool)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, province)| (id, (name, province)))
            .collect())
    })
}

/// The round's council, for its officers and its members.
pub async fn council(db: &Db, actor: &Actor, round_id: i64) -> StoreResult<Vec<GrantRecord>> {
    let round = get(db, round_id).await?;
    let place = round.place();
    if !actor.access.allows(Permission::ManageOcop, &place) && !actor.access.allows(Permission::Score, &place)
    {
        return Err(StoreError::Forbidden);
    }
    roles::of_round(db, round_id).await
}

/// How many sheets each council member of a round has sent, by account, over its applications not
/// withdrawn: who has scored and who has not, for the officer who runs the round.
pub async fn sheets_by_member(db: &Db, round_id: i64) -> StoreResult<std::collections::HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = on_pool!(db, |pool| {
        sqlx::query_as(
        "SELECT s.evaluator_id, COUNT(*) FROM ocop_sheets s JOIN ocop_applications a ON a.id = s.application_id \
         WHERE a.round_id = $1 AND a.withdrawn_on IS NULL AND s.evaluator_id IS NOT NULL GROUP BY s.evaluator_id"
    )
    .bind(round_id)
    .fetch_all(pool)
    .await
    })?;
    Ok(rows.into_iter().collect())
}

/// One application with what the viewer may see of its scoring.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Application {
    pub id: i64,
    pub round_id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    #[sqlx(try_from = "String")]
    pub kind: ApplicationKind,
    pub submitted_on: NaiveDate,
    pub scorecard_id: i64,
    /// The certificate held on applying, which a new one replaces.
    pub previous_certificate_id: Option<i64>,
    pub previous_stars: Option<i32>,
    pub withdrawn_on: Option<NaiveDate>,
    /// Set by the decision.
    pub outcome: Option<String>,
    pub stars: Option<i32>,
    pub score_sum: Option<i32>,
    pub score_count: Option<i32>,
    pub potential_five_stars: bool,
    /// Sheets filled so far by the council.
    pub sheets: i64,
    /// The viewer's own sheet total, for a council member.
    #[sqlx(skip)]
    pub own_total: Option<i32>,
    /// The consolidated score with its spread and stars: for the round's officers while it runs.
    #[sqlx(skip)]
    pub assessment: Option<Assessment>,
}

impl Application {
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.as_deref().and_then(Outcome::parse)
    }

    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn_on.is_some()
    }
}

const SELECT_APPLICATIONS: &str = "SELECT a.id, a.round_id, a.product_id, p.name AS product_name, \
     p.organisation_id, o.name AS organisation_name, a.kind, a.submitted_on, a.scorecard_id, a.previous_certificate_id, a.previous_stars, \
     a.withdrawn_on, a.outcome, a.stars, a.score_sum, a.score_count, a.potential_five_stars, \
     (SELECT COUNT(*) FROM ocop_sheets s WHERE s.application_id = a.id) AS sheets \
     FROM ocop_applications a JOIN ocop_products p ON p.id = a.product_id \
     JOIN organisations o ON o.id = p.organisation_id";

pub(crate) async fn application_row(db: &Db, id: i64) -> StoreResult<Application> {
    let sql = format!("{SELECT_APPLICATIONS} WHERE a.id = $1");
    let row: Option<Application> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    row.ok_or(StoreError::NotFound)
}

/// The sheets of an application: evaluator id and points.
async fn sheets_of(db: &Db, application_id: i64) -> StoreResult<Vec<(i64, BTreeMap<String, u32>)>> {
    let rows: Vec<(i64, String)> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT evaluator_id, points FROM ocop_sheets WHERE application_id = $1 ORDER BY id"
    )
    .bind(application_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(who, points)| (who, serde_json::from_str(&points).unwrap_or_default()))
        .collect())
}

/// Every sheet of a round's applications, in one query.
const SHEETS_OF_ROUND: &str = "SELECT s.application_id, s.evaluator_id, s.points FROM ocop_sheets s \
     JOIN ocop_applications a ON a.id = s.application_id WHERE a.round_id = $1 ORDER BY s.id";

/// A sheet's evaluator and points.
type Sheet = (i64, BTreeMap<String, u32>);

/// The rows of [`SHEETS_OF_ROUND`] by application.
fn sheets_by_application(rows: Vec<(i64, i64, String)>) -> BTreeMap<i64, Vec<Sheet>> {
    let mut sheets: BTreeMap<i64, Vec<Sheet>> = BTreeMap::new();
    for (application, who, points) in rows {
        let points = serde_json::from_str(&points).unwrap_or_default();
        sheets.entry(application).or_default().push((who, points));
    }
    sheets
}

/// The scorecards of the given ids, each read once.
async fn cards_of(db: &Db, applications: &[Application]) -> StoreResult<BTreeMap<i64, ScorecardVersion>> {
    let ids: Vec<i64> = applications.iter().map(|a| a.scorecard_id).collect();
    cards_by_id(db, ids).await
}

async fn cards_by_id(db: &Db, ids: Vec<i64>) -> StoreResult<BTreeMap<i64, ScorecardVersion>> {
    let mut cards = BTreeMap::new();
    for id in ids {
        if let std::collections::btree_map::Entry::Vacant(slot) = cards.entry(id) {
            slot.insert(scorecards::get(db, id).await?);
        }
    }
    Ok(cards)
}

/// What the viewer may see of a round's applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Officer,
    Member(Option<i64>),
    Public,
}

fn view_of(actor: &Actor, round: &Round) -> StoreResult<View> {
    let place = round.place();
    if actor.access.allows(Permission::ManageOcop, &place) {
        Ok(View::Officer)
    } else if actor.access.allows(Permission::Score, &place) {
        Ok(View::Member(actor.user_id))
    } else if round.is_decided() {
        Ok(View::Public)
    } else {
        // The round is published; its applications while it is under way are the council's.
        Err(StoreError::Forbidden)
    }
}

/// Who sees an application: the round's officers and council, its subject's managers, and
/// everyone once the round is decided. To anyone else it is out of reach and does not exist.
fn sees_application(actor: &Actor, round: &Round, subject: &Place) -> bool {
    view_of(actor, round).is_ok() || actor.access.allows(Permission::Edit, subject)
}

/// 403 to someone who sees the application, 404 to anyone else.
pub(crate) async fn refusal(
    db: &Db,
    actor: &Actor,
    round: &Round,
    application: &Application,
) -> StoreResult<StoreError> {
    let subject = gate::place_of(db, application.organisation_id).await?;
    Ok(if sees_application(actor, round, &subject) {
        StoreError::Forbidden
    } else {
        StoreError::NotFound
    })
}

/// May the actor score the application: only the round's council.
async fn may_score(db: &Db, actor: &Actor, round: &Round, application: &Application) -> StoreResult<()> {
    if actor.access.allows(Permission::Score, &round.place()) {
        if manages_subject(actor, application.organisation_id) {
            return Err(StoreError::Forbidden);
        }
        return Ok(());
    }
    Err(refusal(db, actor, round, application).await?)
}

/// Adds to each application the scoring the viewer may see: the officer every sheet's
/// consolidation, a council member their own total.
async fn fill_scoring(db: &Db, round: &Round, view: View, items: &mut [Application]) -> StoreResult<()> {
    if view == View::Public {
        return Ok(());
    }
    let rules = star_rules(db).await?;
    let rules = rules.in_force(round.decision_date.unwrap_or(round.opened_on))?;
    let rows = on_pool!(db, |pool| sqlx::query_as(SHEETS_OF_ROUND)
        .bind(round.id)
        .fetch_all(pool)
        .await)?;
    let mut sheets = sheets_by_application(rows);
    // A round's applications share a few scorecard versions.
    let cards = cards_of(db, items).await?;
    for item in items {
        let sheets = sheets.remove(&item.id).unwrap_or_default();
        if let View::Member(me) = view {
            item.own_total = sheets
                .iter()
                .find(|(who, _)| Some(*who) == me)
                .map(|(_, points)| i32::try_from(points.values().sum::<u32>()).unwrap_or(i32::MAX));
        } else if let (false, Some(card)) = (sheets.is_empty(), cards.get(&item.scorecard_id)) {
            let points: Vec<_> = sheets.into_iter().map(|(_, p)| p).collect();
            item.assessment = Some(assessment(card, &points, rules, false));
        }
    }
    Ok(())
}

/// Applications by subject, then product, in Vietnamese alphabetical order (then as filed).
fn in_name_order(items: &mut [Application]) {
    items.sort_by(|a, b| {
        compare_names(&a.organisation_name, &b.organisation_name)
            .then_with(|| compare_names(&a.product_name, &b.product_name))
    });
}

/// The applications of a round, with the scoring the viewer may see.
pub async fn applications(db: &Db, actor: &Actor, round_id: i64) -> StoreResult<Vec<Application>> {
    let round = get(db, round_id).await?;
    let view = view_of(actor, &round)?;
    let sql = format!("{SELECT_APPLICATIONS} WHERE a.round_id = $1 ORDER BY a.id");
    let mut items: Vec<Application> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(round_id)
        .fetch_all(pool)
        .await)?;
    in_name_order(&mut items);
    fill_scoring(db, &round, view, &mut items).await?;
    Ok(items)
}

/// One application, for the round's officers and council, the subject's keepers, and everyone
/// once the round is decided; with the scoring the viewer may see.
pub async fn application(db: &Db, actor: &Actor, application_id: i64) -> StoreResult<Application> {
    let mut item = application_row(db, application_id).await?;
    let round = get(db, item.round_id).await?;
    let subject = gate::place_of(db, item.organisation_id).await?;
    if !sees_application(actor, &round, &subject) {
        return Err(StoreError::NotFound);
    }
    // Its subject sees it as the public would once decided: without the council's scores.
    let view = view_of(actor, &round).unwrap_or(View::Public);
    fill_scoring(db, &round, view, std::slice::from_mut(&mut item)).await?;
    Ok(item)
}

/// A product's applications the actor may see (see [`application`]), latest first, each with its
/// round; without the council's scores.
pub async fn of_product(db: &Db, actor: &Actor, product_id: i64) -> StoreResult<Vec<(Application, Round)>> {
    let sql =
        format!("{SELECT_APPLICATIONS} WHERE a.product_id = $1 ORDER BY a.submitted_on DESC, a.id DESC");
    let items: Vec<Application> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(product_id)
        .fetch_all(pool)
        .await)?;
    let mut seen = Vec::new();
    for item in items {
        let round = get(db, item.round_id).await?;
        let subject = gate::place_of(db, item.organisation_id).await?;
        if sees_application(actor, &round, &subject) {
            seen.push((item, round));
        }
    }
    Ok(seen)
}

/// A certificate a product holds, or held last.
#[derive(Debug, Clone, sqlx::FromRow)]
struct HeldCertificate {
    id: i64,
    stars: i32,
    issued_on: NaiveDate,
    expires_on: NaiveDate,
}

/// The product's latest certificate not replaced by another.
async fn latest_certificate(db: &Db, product_id: i64) -> StoreResult<Option<HeldCertificate>> {
    Ok(on_pool!(db, |pool| sqlx::query_as(
        "SELECT id, stars, issued_on, expires_on FROM ocop_certificates \
         WHERE product_id = $1 AND replaced_on IS NULL ORDER BY issued_on DESC, id DESC LIMIT 1"
    )
    .bind(product_id)
    .fetch_optional(pool)
    .await)?)
}

/// Checks the kind of application against the certificate the product holds; returns the
/// certificate it builds on.
fn check_kind(
    kind: ApplicationKind,
    held: Option<HeldCertificate>,
    today: NaiveDate,
) -> StoreResult<Option<HeldCertificate>> {
    let holds = held
        .as_ref()
        .is_some_and(|c| certificate::state_on(c.issued_on, c.expires_on, None, today).holds());
    match kind {
        ApplicationKind::First if holds => Err(invalid("kind", "already_certified", kind.as_str())),
        ApplicationKind::First => Ok(None),
        ApplicationKind::Rerecognition if held.is_none() => {
            Err(invalid("kind", "no_certificate", kind.as_str()))
        }
        ApplicationKind::Upgrade if !holds => Err(invalid("kind", "no_certificate", kind.as_str())),
        ApplicationKind::Upgrade if held.as_ref().is_some_and(|c| c.stars >= 5) => {
            Err(invalid("kind", "already_top", kind.as_str()))
        }
        _ => Ok(held),
    }
}

/// The card an application is scored on: the scheme in force when the round opened must be the
/// scheme of the product's group.
async fn card_for_round(db: &Db, round: &Round, product: &Product) -> StoreResult<ScorecardVersion> {
    let scheme = Scheme::in_force_on(round.opened_on);
    if product.product_group.scheme() != scheme {
        return Err(invalid("product_id", "group_of_other_scheme", scheme.decision()));
    }
    products::scorecard_for(db, product).await
}

/// Files an application: by the subject (whoever may edit it) or by the round's officer.
pub async fn apply(cx: &Context, round_id: i64, input: &ApplicationInput) -> StoreResult<i64> {
    let (db, actor, today, now) = (&cx.db, &cx.actor, cx.today, cx.now);
    let round = get(db, round_id).await?;
    let (product_id, kind) = input.validate()?;
    let product = match products::get(db, product_id, today).await {
        Err(StoreError::NotFound) => {
            return Err(invalid("product_id", "unknown_product", &product_id.to_string()))
        }
        other => other?,
    };
    let subject = gate::place_of(db, product.organisation_id).await?;
    if !actor.access.allows(Permission::Edit, &subject)
        && !actor.access.allows(Permission::ManageOcop, &round.place())
    {
        return Err(StoreError::Forbidden);
    }
    if !round.receives_on(today) {
        return Err(invalid("round", "round_closed", &round.name));
    }
    products::check_subject(db, product.organisation_id)
        .await
        .map_err(|_| {
            invalid(
                "product_id",
                "organisation_not_active",
                &product.organisation_name,
            )
        })?;
    if product.province_code != round.province_code {
        return Err(invalid(
            "product_id",
            "outside_round_province",
            &product.province_name,
        ));
    }
    let card = card_for_round(db, &round, &product).await?;
    let previous = check_kind(kind, latest_certificate(db, product_id).await?, today)?;
    let names = [
        "round_id",
        "product_id",
        "kind",
        "submitted_on",
        "scorecard_id",
        "previous_certificate_id",
        "previous_stars",
        "created_at",
        "created_by",
    ];
    let args = [
        Arg::I64(round_id),
        Arg::I64(product_id),
        Arg::Text(kind.as_str().into()),
        Arg::Date(today),
        Arg::I64(card.id),
        Arg::OptI64(previous.as_ref().map(|c| c.id)),
        Arg::OptI64(previous.as_ref().map(|c| i64::from(c.stars))),
        Arg::Time(now),
        Arg::OptI64(actor.user_id),
    ];
    let mut tx = Tx::begin(db).await?;
    lock_open_round(&mut tx, round_id).await?;
    // A product withdrawn from the round may come back while it receives applications: its
    // application stands again (with the sheets the council gave it, on the same card).
    let withdrawn: Option<(i64, String, NaiveDate)> = tx
        .fetch_optional(
            "SELECT id, kind, withdrawn_on FROM ocop_applications \
             WHERE round_id = $1 AND product_id = $2 AND withdrawn_on IS NOT NULL",
            &[Arg::I64(round_id), Arg::I64(product_id)],
        )
        .await?;
    if let Some((id, was, withdrawn_on)) = withdrawn {
        tx.execute(
            "UPDATE ocop_applications SET kind = $1, submitted_on = $2, previous_certificate_id = $3, \
             previous_stars = $4, withdrawn_on = NULL WHERE id = $5",
            &[
                Arg::Text(kind.as_str().into()),
                Arg::Date(today),
                Arg::OptI64(previous.as_ref().map(|c| c.id)),
                Arg::OptI64(previous.as_ref().map(|c| i64::from(c.stars))),
                Arg::I64(id),
            ],
        )
        .await?;
        let change = Change {
            action: Action::Update,
            entity: "ocop_application",
            entity_id: id.to_string(),
            organisation_id: Some(product.organisation_id),
            before: Some(json!({"kind": was, "withdrawn_on": withdrawn_on})),
            after: Some(json!({"kind": kind, "withdrawn_on": null})),
        };
        audit::record(&mut tx, actor, change, now).await?;
        tx.commit().await?;
        return Ok(id);
    }
    let id = match tx
        .insert_returning_id(&insert_sql("ocop_applications", &names), &args)
        .await
    {
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::Conflict(FieldErrors::single(
                "product_id",
                "already_applied",
            )))
        }
        other => other?,
    };
    let change = Change {
        action: Action::Create,
        entity: "ocop_application",
        entity_id: id.to_string(),
        organisation_id: Some(product.organisation_id),
        before: None,
        after: Some(json!({"round_id": round_id, "product_id": product_id, "kind": kind})),
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Withdraws an application before the decision; its sheets stay on record.
pub async fn withdraw(cx: &Context, application_id: i64) -> StoreResult<()> {
    let (db, actor, today, now) = (&cx.db, &cx.actor, cx.today, cx.now);
    let app = application_row(db, application_id).await?;
    let round = get(db, app.round_id).await?;
    let subject = gate::place_of(db, app.organisation_id).await?;
    if !actor.access.allows(Permission::Edit, &subject)
        && !actor.access.allows(Permission::ManageOcop, &round.place())
    {
        return Err(refusal(db, actor, &round, &app).await?);
    }
    open_for_change(&round)?;
    if app.is_withdrawn() {
        return Err(StoreError::Conflict(FieldErrors::single(
            "application",
            "application_withdrawn",
        )));
    }
    let mut tx = Tx::begin(db).await?;
    lock_open_round(&mut tx, round.id).await?;
    application_still_in(&mut tx, application_id).await?;
    tx.execute(
        "UPDATE ocop_applications SET withdrawn_on = $1 WHERE id = $2",
        &[Arg::Date(today), Arg::I64(application_id)],
    )
    .await?;
    let change = Change {
        action: Action::Update,
        entity: "ocop_application",
        entity_id: application_id.to_string(),
        organisation_id: Some(app.organisation_id),
        before: None,
        after: Some(json!({"withdrawn_on": today})),
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    Ok(())
}

/// An application with the card it is scored on and the viewer's own sheet, for the scoring form.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScoringSheet {
    pub application: Application,
    pub scorecard: ScorecardVersion,
    /// The points the viewer gave, if they scored it already.
    pub points: Option<BTreeMap<String, u32>>,
}

/// The council member's own sheet of an application.
pub async fn sheet(db: &Db, actor: &Actor, application_id: i64) -> StoreResult<ScoringSheet> {
    let application = application_row(db, application_id).await?;
    let round = get(db, application.round_id).await?;
    may_score(db, actor, &round, &application).await?;
    let scorecard = scorecards::get(db, application.scorecard_id).await?;
    let points = sheets_of(db, application_id)
        .await?
        .into_iter()
        .find(|(who, _)| Some(*who) == actor.user_id)
        .map(|(_, points)| points);
    Ok(ScoringSheet {
        application,
        scorecard,
        points,
    })
}

/// A council member scores an application; scoring again replaces their sheet until the decision.
pub async fn score(cx: &Context, application_id: i64, input: &SheetInput) -> StoreResult<i64> {
    let (db, actor, now) = (&cx.db, &cx.actor, cx.now);
    let application = application_row(db, application_id).await?;
    let round = get(db, application.round_id).await?;
    may_score(db, actor, &round, &application).await?;
    let Some(evaluator) = actor.user_id else {
        return Err(StoreError::Forbidden);
    };
    open_for_change(&round)?;
    if application.is_withdrawn() {
        return Err(StoreError::Conflict(FieldErrors::single(
            "application",
            "application_withdrawn",
        )));
    }
    let card = scorecards::get(db, application.scorecard_id).await?;
    let points = checked_points(&card, input)?;
    let mut tx = Tx::begin(db).await?;
    lock_open_round(&mut tx, round.id).await?;
    application_still_in(&mut tx, application_id).await?;
    tx.execute(
        "DELETE FROM ocop_sheets WHERE application_id = $1 AND evaluator_id = $2",
        &[Arg::I64(application_id), Arg::I64(evaluator)],
    )
    .await?;
    let id = insert_sheet(
        &mut tx,
        application.product_id,
        Some(application_id),
        Some(evaluator),
        &card,
        &points,
        actor,
        now,
    )
    .await?;
    let change = Change {
        action: Action::Create,
        entity: "ocop_sheet",
        entity_id: id.to_string(),
        organisation_id: Some(application.organisation_id),
        before: None,
        after: Some(json!({"application_id": application_id, "total": points.values().sum::<u32>()})),
    };
    audit::record(&mut tx, actor, change, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// One council member's sheet of an application, as the round's officer reads it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberSheet {
    /// The member's account; their name as the account shows it.
    pub user_id: i64,
    pub name: String,
    /// Still on the council: a member whose role was revoked after scoring keeps their sheet.
    pub seated: bool,
    /// Points by criterion code; `None` while the member has not scored.
    pub points: Option<BTreeMap<String, u32>>,
    pub total: Option<u32>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// Every council member's sheet of an application side by side, read only, for the round's
/// officers: who has scored, who has not, and where the members differ.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CouncilSheets {
    pub application: Application,
    pub scorecard: ScorecardVersion,
    pub members: Vec<MemberSheet>,
}

#[derive(sqlx::FromRow)]
struct SheetRow {
    evaluator_id: i64,
    name: String,
    points: String,
    submitted_at: DateTime<Utc>,
}

/// The council's sheets of an application: the seated members in the order they were assigned,
/// each with their sheet or none, then anyone who scored and has left the council. Only the
/// round's officers (403 to its council, 404 to anyone who does not see the application).
pub async fn council_sheets(db: &Db, actor: &Actor, application_id: i64) -> StoreResult<CouncilSheets> {
    let mut application = application_row(db, application_id).await?;
    let round = get(db, application.round_id).await?;
    if !matches!(view_of(actor, &round), Ok(View::Officer)) {
        return Err(refusal(db, actor, &round, &application).await?);
    }
    let rows: Vec<SheetRow> = on_pool!(db, |pool| {
        sqlx::query_as(
        "SELECT s.evaluator_id, u.display_name || ' (' || u.username || ')' AS name, s.points, s.submitted_at \
         FROM ocop_sheets s JOIN users u ON u.id = s.evaluator_id WHERE s.application_id = $1 ORDER BY s.id"
    )
    .bind(application_id)
    .fetch_all(pool)
    .await
    })?;
    let mut sheets: BTreeMap<i64, SheetRow> = rows.into_iter().map(|r| (r.evaluator_id, r)).collect();
    let sheet_of = |user_id: i64, name: String, seated: bool, row: Option<SheetRow>| {
        let points: Option<BTreeMap<String, u32>> = row
            .as_ref()
            .map(|r| serde_json::from_str(&r.points).unwrap_or_default());
        MemberSheet {
            user_id,
            name,
            seated,
            total: points.as_ref().map(|p| p.values().sum()),
            points,
            submitted_at: row.map(|r| r.submitted_at),
        }
    };
    let mut members = Vec::new();
    for grant in roles::of_round(db, round.id).await? {
        if let (Some(user_id), Some(name), Some(username)) =
            (grant.user_id, grant.display_name, grant.username)
        {
            let row = sheets.remove(&user_id);
            members.push(sheet_of(user_id, format!("{name} ({username})"), true, row));
        }
    }
    for (user_id, row) in std::mem::take(&mut sheets) {
        let name = row.name.clone();
        members.push(sheet_of(user_id, name, false, Some(row)));
    }
    fill_scoring(db, &round, View::Officer, std::slice::from_mut(&mut application)).await?;
    let scorecard = scorecards::get(db, application.scorecard_id).await?;
    Ok(CouncilSheets {
        application,
        scorecard,
        members,
    })
}

/// True when the actor sits on the council of a round the product applied to.
pub(crate) async fn scores_product(db: &Db, actor: &Actor, product_id: i64) -> StoreResult<bool> {
    for grant in &actor.access.grants {
        if let (Role::Evaluator, Scope::Round(round_id)) = (grant.role, &grant.scope) {
            let found: Option<i64> = on_pool!(db, |pool| sqlx::query_scalar(
                "SELECT id FROM ocop_applications WHERE product_id = $1 AND round_id = $2"
            )
            .bind(product_id)
            .bind(*round_id)
            .fetch_optional(pool)
            .await)?;
            if found.is_some() {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// What the decision makes of one application.
struct Ruling {
    application: Application,
    outcome: Outcome,
    stars: u8,
    score: (u32, u32),
    potential_five: bool,
    previous_certificate: Option<i64>,
    certificate: Option<(String, NaiveDate)>,
}

/// Closes a round with the People's Committee's decision: rates every application that was not
/// withdrawn, records the outcomes and issues the certificates, or changes nothing.
pub async fn decide(cx: &Context, round_id: i64, input: &DecisionInput) -> StoreResult<Vec<i64>> {
    let (db, actor, today, now) = (&cx.db, &cx.actor, cx.today, cx.now);
    let round = managed(db, actor, round_id).await?;
    open_for_change(&round)?;
    let fields = input.validate(round.opened_on, today)?;
    let rules_sets = star_rules(db).await?;
    let rules = rules_sets.in_force(fields.date)?;
    // Scorecard versions are never edited: they are read before the transaction, which must not
    // wait on a second connection while it holds the write lock.
    let card_ids: Vec<i64> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT DISTINCT scorecard_id FROM ocop_applications WHERE round_id = $1"
    )
    .bind(round_id)
    .fetch_all(pool)
    .await)?;
    let cards = cards_by_id(db, card_ids).await?;
    // What is decided is what the round holds at the decision: no sheet, withdrawal or member can
    // slip in between reading the applications and writing their outcomes.
    let mut tx = Tx::begin(db).await?;
    let round = lock_open_round(&mut tx, round_id).await?;
    let sql = format!("{SELECT_APPLICATIONS} WHERE a.round_id = $1 ORDER BY a.id");
    let mut items: Vec<Application> = tx.fetch_all(&sql, &[Arg::I64(round_id)]).await?;
    in_name_order(&mut items);
    let mut sheets = sheets_by_application(tx.fetch_all(SHEETS_OF_ROUND, &[Arg::I64(round_id)]).await?);
    for id in fields.certificate_numbers.keys() {
        if !items.iter().any(|a| a.id == *id) {
            return Err(invalid("certificates", "unknown_application", &id.to_string()));
        }
    }
    // A decision (and the certificates it issues, dated with it) cannot precede what it decides.
    if let Some(latest) = items
        .iter()
        .filter(|a| !a.is_withdrawn())
        .map(|a| a.submitted_on)
        .max()
        .filter(|submitted| *submitted > fields.date)
    {
        return Err(invalid(
            "date",
            "before_applications",
            &hoptac_core::numbers::format_date(latest),
        ));
    }
    let mut unscored = Vec::new();
    let mut results = Vec::new();
    let mut sequence = 0;
    for application in items {
        if application.is_withdrawn() {
            results.push(Ruling {
                previous_certificate: None,
                outcome: Outcome::Withdrawn,
                stars: 0,
                score: (0, 0),
                potential_five: false,
                certificate: None,
                application,
            });
            continue;
        }
        let sheets: Vec<_> = sheets
            .remove(&application.id)
            .unwrap_or_default()
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        if sheets.is_empty() {
            unscored.push(application.product_name.clone());
            continue;
        }
        // An application filed between reading the cards and holding the round.
        let card = cards
            .get(&application.scorecard_id)
            .ok_or_else(|| StoreError::Conflict(FieldErrors::single("round", "round_changed")))?;
        let rated = assessment(card, &sheets, rules, false);
        let stars = rated.rating.stars;
        let previous = application.previous_stars.and_then(|s| u8::try_from(s).ok());
        let outcome = certificate::outcome(application.kind, previous, stars);
        let certificate = if outcome.issues_certificate() {
            sequence += 1;
            let number = fields
                .certificate_numbers
                .get(&application.id)
                .cloned()
                .unwrap_or_else(|| certificate::number_in_decision(&fields.number, sequence));
            let months = rules
                .class(stars)
                .and_then(|c| c.validity_months)
                .unwrap_or(certificate::VALIDITY_MONTHS);
            Some((number, expires_on(fields.date, months)))
        } else {
            if fields.certificate_numbers.contains_key(&application.id) {
                return Err(invalid(
                    "certificates",
                    "certificate_not_earned",
                    &application.product_name,
                ));
            }
            None
        };
        results.push(Ruling {
            previous_certificate: application.previous_certificate_id,
            outcome,
            stars,
            score: (rated.consolidated.total.sum, rated.consolidated.total.count),
            potential_five: rated.rating.potential_five_stars,
            certificate,
            application,
        });
    }
    if !unscored.is_empty() {
        let mut e = FieldErrors::new();
        e.add_with(
            "round",
            "unscored_applications",
            vec![("value", unscored.join(", "))],
        );
        return Err(StoreError::Validation(e));
    }
    check_numbers_free(&mut tx, &results).await?;
    let issued = write_decision(&mut tx, actor, &round, &fields, &results, now).await?;
    tx.commit().await?;
    Ok(issued)
}

/// Certificate numbers may not be in use already (compared without case), read in one query.
async fn check_numbers_free(tx: &mut Tx<'_>, results: &[Ruling]) -> StoreResult<()> {
    let numbers: Vec<&str> = results
        .iter()
        .filter_map(|r| r.certificate.as_ref())
        .map(|(number, _)| number.as_str())
        .collect();
    if numbers.is_empty() {
        return Ok(());
    }
    let marks: Vec<String> = (1..=numbers.len()).map(|i| format!("LOWER(${i})")).collect();
    let sql = format!(
        "SELECT number FROM ocop_certificates WHERE LOWER(number) IN ({})",
        marks.join(", ")
    );
    let args: Vec<Arg> = numbers.iter().map(|n| Arg::Text((*n).to_owned())).collect();
    let taken: Vec<(String,)> = tx.fetch_all(&sql, &args).await?;
    match taken.first() {
        Some((number,)) => Err(duplicate_number(number)),
        None => Ok(()),
    }
}

fn duplicate_number(number: &str) -> StoreError {
    let mut e = FieldErrors::new();
    e.add_with(
        "certificates",
        "duplicate_certificate_number",
        vec![("value", number.to_owned())],
    );
    StoreError::Conflict(e)
}

async fn write_decision(
    tx: &mut Tx<'_>,
    actor: &Actor,
    round: &Round,
    fields: &crate::domain::inputs::DecisionFields,
    results: &[Ruling],
    now: DateTime<Utc>,
) -> StoreResult<Vec<i64>> {
    let mut issued = Vec::new();
    for r in results {
        tx.execute(
            "UPDATE ocop_applications SET outcome = $1, stars = $2, score_sum = $3, score_count = $4, \
             potential_five_stars = $5 WHERE id = $6",
            &[
                Arg::Text(r.outcome.as_str().into()),
                Arg::OptI64((r.outcome != Outcome::Withdrawn).then_some(i64::from(r.stars))),
                Arg::OptI64((r.score.1 > 0).then_some(i64::from(r.score.0))),
                Arg::OptI64((r.score.1 > 0).then_some(i64::from(r.score.1))),
                Arg::Bool(r.potential_five),
                Arg::I64(r.application.id),
            ],
        )
        .await?;
        let Some((number, expires)) = &r.certificate else {
            continue;
        };
        if let Some(previous) = r.previous_certificate {
            tx.execute(
                "UPDATE ocop_certificates SET replaced_on = $1 WHERE id = $2 AND replaced_on IS NULL",
                &[Arg::Date(fields.date), Arg::I64(previous)],
            )
            .await?;
        }
        let names = [
            "number",
            "verification_code",
            "product_id",
            "application_id",
            "stars",
            "issued_on",
            "expires_on",
            "created_at",
        ];
        let args = [
            Arg::Text(number.clone()),
            Arg::Text(super::certificates::new_verification_code()),
            Arg::I64(r.application.product_id),
            Arg::I64(r.application.id),
            Arg::I32(i32::from(r.stars)),
            Arg::Date(fields.date),
            Arg::Date(*expires),
            Arg::Time(now),
        ];
        let id = match tx
            .insert_returning_id(&insert_sql("ocop_certificates", &names), &args)
            .await
        {
            Err(e) if is_unique_violation(&e) => return Err(duplicate_number(number)),
            other => other?,
        };
        issued.push(id);
    }
    tx.execute(
        "UPDATE ocop_rounds SET decision_number = $1, decision_date = $2, decision_signer = $3, decided_at = $4 WHERE id = $5",
        &[
            Arg::Text(fields.number.clone()),
            Arg::Date(fields.date),
            Arg::Text(fields.signer.clone()),
            Arg::Time(now),
            Arg::I64(round.id),
        ],
    )
    .await?;
    let change = Change {
        action: Action::Update,
        entity: "ocop_round",
        entity_id: round.id.to_string(),
        organisation_id: None,
        before: None,
        after: Some(json!({
            "decision_number": fields.number,
            "decision_date": fields.date,
            "signer": fields.signer,
            "certificates": issued.len(),
        })),
    };
    audit::record(tx, actor, change, now).await?;
    Ok(issued)
}

#[derive(sqlx::FromRow)]
struct DecidedRow {
    kind: String,
    outcome: Option<String>,
    previous_stars: Option<i32>,
    stars: Option<i32>,
}

impl DecidedRow {
    fn decided(&self) -> Option<Decided> {
        let stars = |s: Option<i32>| s.and_then(|s| u8::try_from(s).ok());
        Some(Decided {
            kind: ApplicationKind::parse(&self.kind)?,
            outcome: Outcome::parse(self.outcome.as_deref()?)?,
            previous: stars(self.previous_stars),
            stars: stars(self.stars).unwrap_or(0),
        })
    }
}

/// The round's summary by type of application: public, and empty until the round is decided.
pub async fn summary(db: &Db, round_id: i64) -> StoreResult<Vec<KindSummary>> {
    let round = get(db, round_id).await?;
    if !round.is_decided() {
        return Ok(Vec::new());
    }
    let rows: Vec<DecidedRow> = on_pool!(db, |pool| sqlx::query_as(
        "SELECT kind, outcome, previous_stars, stars FROM ocop_applications WHERE round_id = $1"
    )
    .bind(round_id)
    .fetch_all(pool)
    .await)?;
    let decided: Vec<Decided> = rows.iter().filter_map(DecidedRow::decided).collect();
    Ok(summarise(&decided))
}
