//! The registry's JSON API under `/api/v1`. Organisations' registered details are published;
//! members, yearly figures, history and every write are checked by the store against the caller's
//! roles and scopes.

use super::{ListQuery, MembersQuery};
use crate::domain::members::MemberInput;
use crate::domain::organisation::{OrganisationInput, StatusChangeInput};
use crate::domain::yearly::YearlyFiguresInput;
use crate::store::figures::{self, SaveMode, YearlyFiguresRow};
use crate::store::members::{self, Member};
use crate::store::organisations::{self, Edited, Organisation, OrganisationSummary, StatusEntry};
use crate::store::proposals::{self, IdentityProposal};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use hoptac_core::{Lang, Page};
use hoptac_web::ctx::Ctx;
use hoptac_web::error::StoreOutcome;
use hoptac_web::error::{ApiError, ErrorBody};
use hoptac_web::extract::{etag, ApiJson, IfMatch};
use hoptac_web::extract::{Path, Query};
use hoptac_web::AppState;
use serde::Serialize;
use utoipa::ToSchema;

/// An organisation with its status history and, for those who may read its members, any
/// breach of the membership rules.
#[derive(Serialize, ToSchema)]
pub struct OrganisationDetail {
    #[serde(flatten)]
    pub organisation: Organisation,
    pub statuses: Vec<StatusEntry>,
    /// Present only for those who may read the full record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compliance: Option<Vec<ComplianceView>>,
    /// A change of the legal identity waiting for an officer, shown to those who may read the full
    /// record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_proposal: Option<IdentityProposal>,
}

/// A way in which the records break a rule of the law.
#[derive(Serialize, ToSchema)]
pub struct ComplianceView {
    /// `too_few_members`, `capital_cap_exceeded`, `member_under_age` or `member_kind_not_allowed`.
    pub code: String,
    pub member_id: Option<i64>,
    pub message: String,
    /// The legal text the rule comes from.
    pub source: String,
}

#[derive(Serialize, ToSchema)]
pub struct CountResult {
    pub count: i64,
}

fn query_err(lang: Lang) -> impl Fn(hoptac_core::FieldErrors) -> ApiError {
    move |e| ApiError::fields(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", e, lang)
}

pub async fn detail_of(state: &AppState, ctx: &Ctx, id: i64) -> Result<OrganisationDetail, ApiError> {
    let lang = ctx.lang;
    let view = organisations::view(&state.context(&ctx.actor()), id)
        .await
        .or_api(lang)?;
    let compliance = view.compliance.map(|issues| {
        issues
            .into_iter()
            .map(|i| ComplianceView {
                code: i.code.to_owned(),
                member_id: i.member_id,
                message: i.message(lang),
                source: i.source.to_owned(),
            })
            .collect()
    });
    Ok(OrganisationDetail {
        organisation: view.organisation,
        statuses: view.statuses,
        compliance,
        identity_proposal: view.identity_proposal,
    })
}

/// Lists organisations with filters, search and pagination.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "registry", params(ListQuery),
    responses((status = 200, body = Page<OrganisationSummary>), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<OrganisationSummary>>, ApiError> {
    let (filter, paging) = q.to_filter().map_err(query_err(ctx.lang))?;
    let page = organisations::list(state.db(), &filter, paging)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(page))
}

/// Counts organisations with the same filters as the list: `kind=htx&status=active&on=2022-12-31`
/// answers how many cooperatives were active on 31/12/2022.
#[utoipa::path(get, path = "/api/v1/organisations/count", tag = "registry", params(ListQuery),
    responses((status = 200, body = CountResult), (status = 422, body = ErrorBody)))]
pub async fn count(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Json<CountResult>, ApiError> {
    let (filter, _) = q.to_filter().map_err(query_err(ctx.lang))?;
    let count = organisations::count(state.db(), &filter).await.or_api(ctx.lang)?;
    Ok(Json(CountResult { count }))
}

/// One organisation with its status history and compliance; its `ETag` is its version, for
/// `If-Match` on an edit.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "registry",
    responses((status = 200, body = OrganisationDetail, headers(("ETag" = String, description = "The record's version"))),
              (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let detail = detail_of(&state, &ctx, id).await?;
    Ok(([etag(detail.organisation.version)], Json(detail)))
}

/// Registers an organisation. Its first status is "active" from the founding date.
#[utoipa::path(post, path = "/api/v1/organisations", tag = "registry", request_body = OrganisationInput,
    responses((status = 201, body = OrganisationDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = organisations::create(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let detail = detail_of(&state, &ctx, id).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/organisations/{id}"))],
        Json(detail),
    ))
}

/// Replaces an organisation's fields. Send the version read (`If-Match: "7"`, or `version`): an edit
/// from an older version is refused with 409 `stale`. A change of the legal identity by someone who
/// may not make it is saved as a proposal (202, `identity_proposal`); the other fields are saved.
#[utoipa::path(put, path = "/api/v1/organisations/{id}", tag = "registry", request_body = OrganisationInput,
    params(("If-Match" = Option<String>, Header, description = "The version the edit was made from, as `ETag` gave it")),
    responses((status = 200, body = OrganisationDetail), (status = 202, body = OrganisationDetail, description = "Saved, and the change of identity proposed"),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    if_match: IfMatch,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let input = OrganisationInput {
        version: if_match.or_body(input.version, ctx.lang)?,
        ..input
    };
    let edited = organisations::update(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    let status = match edited {
        Edited::Saved => StatusCode::OK,
        Edited::Proposed(_) => StatusCode::ACCEPTED,
    };
    let detail = detail_of(&state, &ctx, id).await?;
    Ok((status, [etag(detail.organisation.version)], Json(detail)))
}

/// Accepts a proposed legal identity: saved as the officer's own edit, with every check one
/// passes (an officer cannot accept a move out of their reach).
#[utoipa::path(post, path = "/api/v1/identity-proposals/{id}/accept", tag = "registry",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn accept_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    proposals::accept(&state.context(&actor), id)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Why a proposal is rejected.
#[derive(serde::Deserialize, ToSchema, Default)]
pub struct Rejection {
    #[serde(default)]
    pub reason: String,
}

/// Rejects a proposed legal identity, saying why.
#[utoipa::path(post, path = "/api/v1/identity-proposals/{id}/reject", tag = "registry", request_body = Rejection,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reject_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(rejection): ApiJson<Rejection>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    proposals::reject(&state.context(&actor), id, &rejection.reason)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws a proposed legal identity.
#[utoipa::path(post, path = "/api/v1/identity-proposals/{id}/withdraw", tag = "registry",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn withdraw_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    proposals::withdraw(&state.context(&actor), id)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a change of status: suspension, return to activity, dissolution or bankruptcy.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/statuses", tag = "registry", request_body = StatusChangeInput,
    responses((status = 201, body = OrganisationDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<StatusChangeInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    organisations::change_status(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, &ctx, id).await?)))
}

/// Where an organisation registered in a commune of before 1 July 2025 counts since: the 2025
/// commune, settled or not, and for an old commune split between several new ones, the candidates
/// and the one its address names. 404 for an organisation registered in a 2025 commune.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/current-commune", tag = "registry",
    responses((status = 200, body = organisations::CurrentCommune), (status = 404, body = ErrorBody)))]
pub async fn current_commune(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<organisations::CurrentCommune>, ApiError> {
    organisations::current_commune(state.db(), id)
        .await
        .or_api(ctx.lang)?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(ctx.lang))
}

/// The 2025 commune chosen for an organisation of an old commune split between several.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct SettleCommuneInput {
    /// The 5-digit code of one of the candidates.
    pub commune: String,
}

/// Settles which 2025 commune an organisation of a split old commune counts in: 422
/// `not_a_successor` for a commune its old one did not become part of, `not_split` for an old
/// commune that was not split.
#[utoipa::path(put, path = "/api/v1/organisations/{id}/current-commune", tag = "registry", request_body = SettleCommuneInput,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn settle_current_commune(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SettleCommuneInput>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    organisations::settle_current_commune(&state.context(&actor), id, &input.commune)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The members the organisation has had, a page at a time (current ones first, then by name in
/// Vietnamese order), for those who may read its full record: members' personal data is not
/// published.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/members", tag = "members", params(MembersQuery),
    responses((status = 200, body = Page<Member>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<MembersQuery>,
) -> Result<Json<Page<Member>>, ApiError> {
    ctx.api_user()?;
    let (search, paging) = q.to_search().map_err(query_err(ctx.lang))?;
    let page = members::page(state.db(), &ctx.actor(), id, search.as_deref(), paging)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(page))
}

/// Adds a member, checking the law's rules (age, who may join a union, the capital cap).
#[utoipa::path(post, path = "/api/v1/organisations/{id}/members", tag = "members", request_body = MemberInput,
    responses((status = 201, body = Member), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MemberInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let member_id = members::create(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    let member = members::get(state.db(), &actor, member_id)
        .await
        .or_api(ctx.lang)?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/members/{member_id}"))],
        Json(member),
    ))
}

/// One member, for those who may read the organisation's full record; its `ETag` is its version,
/// for `If-Match` on an edit.
#[utoipa::path(get, path = "/api/v1/members/{id}", tag = "members",
    responses((status = 200, body = Member, headers(("ETag" = String, description = "The member's version"))),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    ctx.api_user()?;
    let member = members::get(state.db(), &ctx.actor(), id)
        .await
        .or_api(ctx.lang)?;
    Ok(([etag(member.version)], Json(member)))
}

/// Replaces a member's fields (record a leaving date here when a member leaves). Send the version
/// read (`If-Match: "3"`, or `version`): an edit from an older version is refused with 409 `stale`.
#[utoipa::path(put, path = "/api/v1/members/{id}", tag = "members", request_body = MemberInput,
    params(("If-Match" = Option<String>, Header, description = "The version the edit was made from, as `ETag` gave it")),
    responses((status = 200, body = Member), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    if_match: IfMatch,
    ApiJson(input): ApiJson<MemberInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let input = MemberInput {
        version: if_match.or_body(input.version, ctx.lang)?,
        ..input
    };
    members::update(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    let member = members::get(state.db(), &actor, id).await.or_api(ctx.lang)?;
    Ok(([etag(member.version)], Json(member)))
}

/// Deletes a member entered by mistake. With `If-Match`, a member changed since that version is
/// not deleted (409 `stale`).
#[utoipa::path(delete, path = "/api/v1/members/{id}", tag = "members",
    params(("If-Match" = Option<String>, Header, description = "The version the deletion was decided on")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn delete_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(if_match): IfMatch,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    members::delete(&state.context(&actor), id, if_match)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organisation's yearly figures, latest year first, for those who may read its full record.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/figures", tag = "figures",
    responses((status = 200, body = Vec<YearlyFiguresRow>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<YearlyFiguresRow>>, ApiError> {
    ctx.api_user()?;
    Ok(Json(
        figures::list(state.db(), &ctx.actor(), id)
            .await
            .or_api(ctx.lang)?,
    ))
}

/// Adds the figures of a year that has none yet.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/figures", tag = "figures", request_body = YearlyFiguresInput,
    responses((status = 201, body = YearlyFiguresRow), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<YearlyFiguresInput>,
) -> Result<impl IntoResponse, ApiError> {
    save_figures(&state, &ctx, id, &input, SaveMode::Create)
        .await
        .map(|row| (StatusCode::CREATED, Json(row)))
}

/// One year's figures, for those who may read the organisation's full record; its `ETag` is its
/// version, for `If-Match` on an edit.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/figures/{year}", tag = "figures",
    responses((status = 200, body = YearlyFiguresRow, headers(("ETag" = String, description = "The figures' version"))),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, year)): Path<(i64, i32)>,
) -> Result<impl IntoResponse, ApiError> {
    ctx.api_user()?;
    let row = figures::get(state.db(), &ctx.actor(), id, year)
        .await
        .or_api(ctx.lang)?;
    Ok(([etag(row.version)], Json(row)))
}

/// Replaces the figures of a year. Send the version read (`If-Match: "2"`, or `version`): an edit
/// from an older version is refused with 409 `stale`.
#[utoipa::path(put, path = "/api/v1/organisations/{id}/figures/{year}", tag = "figures", request_body = YearlyFiguresInput,
    params(("If-Match" = Option<String>, Header, description = "The version the edit was made from, as `ETag` gave it")),
    responses((status = 200, body = YearlyFiguresRow), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, year)): Path<(i64, i32)>,
    if_match: IfMatch,
    ApiJson(input): ApiJson<YearlyFiguresInput>,
) -> Result<impl IntoResponse, ApiError> {
    let input = YearlyFiguresInput {
        version: if_match.or_body(input.version, ctx.lang)?,
        ..input
    };
    let row = save_figures(&state, &ctx, id, &input, SaveMode::Replace(year)).await?;
    Ok(([etag(row.version)], Json(row)))
}

async fn save_figures(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &YearlyFiguresInput,
    mode: SaveMode,
) -> Result<YearlyFiguresRow, ApiError> {
    let actor = ctx.api_actor()?;
    let year = figures::save(&state.context(&actor), id, input, mode)
        .await
        .or_api(ctx.lang)?;
    figures::get(state.db(), &actor, id, year).await.or_api(ctx.lang)
}

/// Deletes a year's figures. With `If-Match`, figures changed since that version are not deleted
/// (409 `stale`).
#[utoipa::path(delete, path = "/api/v1/organisations/{id}/figures/{year}", tag = "figures",
    params(("If-Match" = Option<String>, Header, description = "The version the deletion was decided on")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn delete_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, year)): Path<(i64, i32)>,
    IfMatch(if_match): IfMatch,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    figures::delete(&state.context(&actor), id, year, if_match)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts back a member deleted by mistake, as the audit trail kept them, under the same id and
/// checked as a new member is: the undo of a deletion. 404 when the member's last write was not
/// its deletion (put back already, or never deleted).
#[utoipa::path(post, path = "/api/v1/members/{id}/restore", tag = "members",
    responses((status = 201, body = Member), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn restore_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    members::restore(&state.context(&actor), id)
        .await
        .or_api(ctx.lang)?;
    let member = members::get(state.db(), &actor, id).await.or_api(ctx.lang)?;
    Ok((StatusCode::CREATED, [etag(member.version)], Json(member)))
}

/// Puts back a year's figures deleted by mistake, as the audit trail kept them: the undo of a
/// deletion. 404 when the year's last write was not its deletion; 409 when the year was entered
/// again since.
#[utoipa::path(post, path = "/api/v1/organisations/{id}/figures/{year}/restore", tag = "figures",
    responses((status = 201, body = YearlyFiguresRow), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn restore_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, year)): Path<(i64, i32)>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    figures::restore(&state.context(&actor), id, year)
        .await
        .or_api(ctx.lang)?;
    let row = figures::get(state.db(), &actor, id, year)
        .await
        .or_api(ctx.lang)?;
    Ok((StatusCode::CREATED, [etag(row.version)], Json(row)))
}
