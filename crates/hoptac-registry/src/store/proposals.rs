//! Proposals of a new legal identity. An organisation's kind, tax code, registration, founding date
//! and commune are the authorities' (`Permission::EditIdentity`); when a manager edits them, the
//! rest of the edit is saved and the new identity waits here until an officer in scope accepts it
//! (saving it as their own edit, with every check an officer's edit passes) or rejects it with a
//! reason. One proposal waits at a time: a new one replaces the one before. Every step is on the
//! audit trail as an `identity_proposal`.

use super::organisations::{self, apply_edit, prepare_edit};
use crate::domain::organisation::OrganisationInput;
use chrono::{DateTime, Utc};
use hoptac_core::access::Permission;
use hoptac_core::audit::{self, Action, Change};
use hoptac_core::errors::check;
use hoptac_core::gate;
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::{on_pool, vocabulary, Arg, Context, FieldErrors, StoreError, StoreResult};
use serde::Serialize;

vocabulary! {
    /// Where a proposal stands.
    ProposalState {
        Pending = "pending";
        Accepted = "accepted";
        Rejected = "rejected";
        Withdrawn = "withdrawn";
    }
}

/// A proposed legal identity, as its organisation's page and the API show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct IdentityProposal {
    pub id: i64,
    pub organisation_id: i64,
    /// The proposed identity (kind, tax code, registration number and date, founding date,
    /// commune by era and code), with the rest of the organisation as it was proposed.
    #[sqlx(try_from = "String")]
    #[schema(value_type = Object)]
    pub proposed: OrganisationInput,
    /// Who proposed it (username).
    pub proposer: String,
    pub proposed_at: DateTime<Utc>,
    /// `pending`, `accepted`, `rejected` or `withdrawn`.
    pub state: String,
    pub decider: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was rejected.
    pub reason: Option<String>,
}

const SELECT: &str = "SELECT id, organisation_id, proposed_json AS proposed, proposer, proposed_at, \
     state, decider, decided_at, reason FROM identity_proposals";

/// The longest reason for a rejection, in characters.
pub const REASON_MAX: usize = 1000;

/// Records `proposed` as the organisation's waiting identity, replacing one that waited, inside the
/// edit's transaction; returns its id.
pub(crate) async fn propose(
    tx: &mut Tx<'_>,
    cx: &Context,
    organisation_id: i64,
    proposed: &OrganisationInput,
) -> StoreResult<i64> {
    let (actor, now) = (&cx.actor, cx.now);
    let replaced = tx
        .execute(
            "UPDATE identity_proposals SET state = $1, decided_by = $2, decider = $3, decided_at = $4 \
             WHERE organisation_id = $5 AND state = $6",
            &[
                Arg::Text(ProposalState::Withdrawn.as_str().into()),
                Arg::OptI64(actor.user_id),
                Arg::Text(actor.name.clone()),
                Arg::Time(now),
                Arg::I64(organisation_id),
                Arg::Text(ProposalState::Pending.as_str().into()),
            ],
        )
        .await?;
    let json = serde_json::to_string(proposed).map_err(|e| StoreError::Config(e.to_string()))?;
    let columns = [
        "organisation_id",
        "proposed_json",
        "proposed_by",
        "proposer",
        "proposed_at",
        "state",
    ];
    let args = [
        Arg::I64(organisation_id),
        Arg::Text(json),
        Arg::OptI64(actor.user_id),
        Arg::Text(actor.name.clone()),
        Arg::Time(now),
        Arg::Text(ProposalState::Pending.as_str().into()),
    ];
    let id = tx
        .insert_returning_id(&insert_sql("identity_proposals", &columns), &args)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "identity_proposal",
        entity_id: id.to_string(),
        organisation_id: Some(organisation_id),
        before: None,
        after: Some(serde_json::json!({
            "proposed": audit::snapshot(proposed),
            "replaced_one_waiting": replaced > 0,
        })),
    };
    audit::record(tx, actor, change, now).await?;
    Ok(id)
}

/// The proposal waiting for the organisation, for those who may read its full record.
pub async fn pending(cx: &Context, organisation_id: i64) -> StoreResult<Option<IdentityProposal>> {
    gate::authorize(&cx.db, &cx.actor, Permission::ReadPrivate, organisation_id).await?;
    let sql = format!("{SELECT} WHERE organisation_id = $1 AND state = $2");
    Ok(on_pool!(&cx.db, |pool| sqlx::query_as(&sql)
        .bind(organisation_id)
        .bind(ProposalState::Pending.as_str())
        .fetch_optional(pool)
        .await)?)
}

/// The proposals waiting for the actor's decision (those of organisations whose legal identity the
/// actor may change), oldest first, as (organisation id, organisation name, proposer): an
/// officer's work.
pub async fn waiting_for(cx: &Context) -> StoreResult<Vec<(i64, String, String)>> {
    let rows: Vec<(i64, String, String)> = on_pool!(&cx.db, |pool| sqlx::query_as(
        "SELECT p.organisation_id, o.name, p.proposer FROM identity_proposals p \
         JOIN organisations o ON o.id = p.organisation_id WHERE p.state = $1 ORDER BY p.proposed_at, p.id"
    )
    .bind(ProposalState::Pending.as_str())
    .fetch_all(pool)
    .await)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let places = gate::places_of(&cx.db, &ids).await?;
    Ok(rows
        .into_iter()
        .filter(|(id, _, _)| {
            places
                .get(id)
                .is_some_and(|place| cx.actor.access.allows(Permission::EditIdentity, place))
        })
        .collect())
}

/// The waiting proposal with this id, held inside `tx`; anything else is not found.
async fn held_pending(tx: &mut Tx<'_>, id: i64) -> StoreResult<IdentityProposal> {
    if !tx.lock("identity_proposals", id).await? {
        return Err(StoreError::NotFound);
    }
    let sql = format!("{SELECT} WHERE id = $1 AND state = $2");
    tx.fetch_optional(
        &sql,
        &[Arg::I64(id), Arg::Text(ProposalState::Pending.as_str().into())],
    )
    .await?
    .ok_or(StoreError::NotFound)
}

/// The organisation a proposal is about, whatever its state; not found for an unknown one.
pub async fn organisation_of(cx: &Context, id: i64) -> StoreResult<i64> {
    let sql = "SELECT organisation_id FROM identity_proposals WHERE id = $1";
    on_pool!(&cx.db, |pool| sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?
    .ok_or(StoreError::NotFound)
}

/// Accepts a waiting proposal: its identity is saved as the officer's own edit of the organisation
/// as it stands now (an officer who may not move it there cannot accept a move there).
pub async fn accept(cx: &Context, id: i64) -> StoreResult<()> {
    let organisation_id = organisation_of(cx, id).await?;
    gate::authorize(&cx.db, &cx.actor, Permission::EditIdentity, organisation_id).await?;
    let proposal = pending_by_id(cx, id).await?;
    let current = organisations::get(&cx.db, organisation_id).await?;
    let input = current.to_input().with_identity_of(&proposal.proposed);
    let edit = prepare_edit(cx, organisation_id, &input, true).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let proposal = held_pending(&mut tx, id).await?;
    // The rest of the record is written as read above: an edit saved since is not undone (409).
    apply_edit(&mut tx, cx, organisation_id, Some(current.version), edit).await?;
    decide(&mut tx, cx, &proposal, ProposalState::Accepted, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Rejects a waiting proposal, saying why.
pub async fn reject(cx: &Context, id: i64, reason: &str) -> StoreResult<()> {
    let organisation_id = organisation_of(cx, id).await?;
    gate::authorize(&cx.db, &cx.actor, Permission::EditIdentity, organisation_id).await?;
    let mut errors = FieldErrors::new();
    let reason = check::required_text(&mut errors, "reason", reason, REASON_MAX);
    errors.into_result(())?;
    let mut tx = Tx::begin(&cx.db).await?;
    let proposal = held_pending(&mut tx, id).await?;
    decide(&mut tx, cx, &proposal, ProposalState::Rejected, Some(reason)).await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a waiting proposal: its proposer, or anyone who may edit the organisation.
pub async fn withdraw(cx: &Context, id: i64) -> StoreResult<()> {
    let organisation_id = organisation_of(cx, id).await?;
    gate::authorize(&cx.db, &cx.actor, Permission::Edit, organisation_id).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    let proposal = held_pending(&mut tx, id).await?;
    decide(&mut tx, cx, &proposal, ProposalState::Withdrawn, None).await?;
    tx.commit().await?;
    Ok(())
}

async fn pending_by_id(cx: &Context, id: i64) -> StoreResult<IdentityProposal> {
    let sql = format!("{SELECT} WHERE id = $1 AND state = $2");
    on_pool!(&cx.db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .bind(ProposalState::Pending.as_str())
        .fetch_optional(pool)
        .await)?
    .ok_or(StoreError::NotFound)
}

/// Ends a waiting proposal in `state`, on the trail.
async fn decide(
    tx: &mut Tx<'_>,
    cx: &Context,
    proposal: &IdentityProposal,
    state: ProposalState,
    reason: Option<String>,
) -> StoreResult<()> {
    let (actor, now) = (&cx.actor, cx.now);
    tx.execute(
        "UPDATE identity_proposals SET state = $1, decided_by = $2, decider = $3, decided_at = $4, reason = $5 \
         WHERE id = $6",
        &[
            Arg::Text(state.as_str().into()),
            Arg::OptI64(actor.user_id),
            Arg::Text(actor.name.clone()),
            Arg::Time(now),
            Arg::OptText(reason.clone()),
            Arg::I64(proposal.id),
        ],
    )
    .await?;
    let change = Change {
        action: Action::Update,
        entity: "identity_proposal",
        entity_id: proposal.id.to_string(),
        organisation_id: Some(proposal.organisation_id),
        before: Some(serde_json::json!({"state": ProposalState::Pending.as_str()})),
        after: Some(serde_json::json!({"state": state.as_str(), "reason": reason})),
    };
    audit::record(tx, actor, change, now).await?;
    Ok(())
}
