//! The market's JSON API under `/api/v1/market`. Listings and open demands are public, and so are
//! a demand's matches; listing, posting and editing are checked by the store against the caller's
//! right to trade for the organisation (its manager or buyer, an alliance officer of its
//! province). Reasons are given in the caller's `Accept-Language`. Contracts are read and written by
//! their parties' keepers only.

use super::view;
use super::{tr, DemandQuery, ListingQuery};
use crate::domain::contracts::{DeliveryInput, TermsInput};
use crate::domain::inputs::{DemandInput, ListingInput};
use crate::domain::Unit;
use crate::store::contracts::{self, Contract, ContractDetail, ContractInput, StateInput};
use crate::store::demands::{self, Demand};
use crate::store::listings::{self, Listing};
use crate::store::{matches_for_demand, matches_for_listing};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use hoptac_core::Page;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{ApiError, ErrorBody, StoreOutcome};
use hoptac_web::extract::{etag, ApiJson, IfMatch};
use hoptac_web::extract::{Path, Query};
use hoptac_web::AppState;
use serde::Serialize;
use utoipa::ToSchema;

fn created<T: Serialize>(location: String, body: T) -> impl IntoResponse {
    (StatusCode::CREATED, [(header::LOCATION, location)], Json(body))
}

fn invalid_query(errors: hoptac_core::FieldErrors, lang: hoptac_core::Lang) -> ApiError {
    ApiError::fields(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        errors,
        lang,
    )
}

/// Listings on offer, the best stars first; filtered as the catalogue is.
#[utoipa::path(get, path = "/api/v1/market/listings", tag = "market", params(ListingQuery),
    responses((status = 200, body = Page<Listing>), (status = 422, body = ErrorBody)))]
pub async fn list_listings(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListingQuery>,
) -> Result<Json<Page<Listing>>, ApiError> {
    let (mut filter, paging) = query.to_filter().map_err(|e| invalid_query(e, ctx.lang))?;
    listings::within_reach(state.db(), &ctx.actor(), &mut filter).await;
    let page = listings::list(state.db(), &filter, paging, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    Ok(Json(page))
}

/// Lists a product of an organisation the caller trades for.
#[utoipa::path(post, path = "/api/v1/market/listings", tag = "market", request_body = ListingInput,
    responses((status = 201, body = Listing), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ListingInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = listings::create(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let listing = listings::get(state.db(), id, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    Ok(created(format!("/api/v1/market/listings/{id}"), listing))
}

/// One listing; its `ETag` is its version, for `If-Match` on an edit.
#[utoipa::path(get, path = "/api/v1/market/listings/{id}", tag = "market",
    responses((status = 200, body = Listing, headers(("ETag" = String, description = "The listing's version"))),
              (status = 404, body = ErrorBody)))]
pub async fn get_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let listing = listings::visible(state.db(), &ctx.actor(), id, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    Ok(([etag(listing.version)], Json(listing)))
}

/// Edits a listing: season, volumes, prices, delivery, state (`paused`, `closed`, `active`).
/// With `If-Match` (or `version`), an edit from an older version is refused with 409.
#[utoipa::path(put, path = "/api/v1/market/listings/{id}", tag = "market", request_body = ListingInput,
    responses((status = 200, body = Listing), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(mut input): ApiJson<ListingInput>,
) -> Result<Json<Listing>, ApiError> {
    let actor = ctx.api_actor()?;
    input.version = input.version.or(version);
    listings::update(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(
        listings::get(state.db(), id, state.clock().today())
            .await
            .or_api(ctx.lang)?,
    ))
}

/// An open demand a listing answers, with the listing's score for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DemandMatchOut {
    pub demand: Demand,
    /// 0 to 100.
    pub score: u32,
    /// What the listing's season gives over the demand's period, in `supply_unit`.
    pub supply: i64,
    pub supply_unit: Unit,
    /// Why it ranks there, in the caller's language.
    pub reasons: Vec<String>,
}

/// The open demands a listing answers, best first: for those who trade for its organisation.
#[utoipa::path(get, path = "/api/v1/market/listings/{id}/matches", tag = "market",
    responses((status = 200, body = Vec<DemandMatchOut>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn listing_matches(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<DemandMatchOut>>, ApiError> {
    let actor = ctx.api_actor()?;
    let t = tr(ctx.lang);
    let found = matches_for_listing(state.db(), &actor, id, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    Ok(Json(
        found
            .into_iter()
            .map(|m| DemandMatchOut {
                supply_unit: m.demand.unit.base(),
                reasons: m.reasons.iter().map(|r| view::reason(t, r)).collect(),
                demand: m.demand,
                score: m.score,
                supply: m.supply,
            })
            .collect(),
    ))
}

/// Demands, the newest first: the open ones, and a buyer's others for those who may read them.
#[utoipa::path(get, path = "/api/v1/market/demands", tag = "market", params(DemandQuery),
    responses((status = 200, body = Page<Demand>), (status = 422, body = ErrorBody)))]
pub async fn list_demands(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<DemandQuery>,
) -> Result<Json<Page<Demand>>, ApiError> {
    let (filter, paging) = query.to_filter().map_err(|e| invalid_query(e, ctx.lang))?;
    let page = demands::list(state.db(), &ctx.actor(), &filter, paging)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(page))
}

/// Posts a demand for a buyer the caller trades for.
#[utoipa::path(post, path = "/api/v1/market/demands", tag = "market", request_body = DemandInput,
    responses((status = 201, body = Demand), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_demand(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<DemandInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = demands::create(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let demand = demands::get(state.db(), &actor, id).await.or_api(ctx.lang)?;
    Ok(created(format!("/api/v1/market/demands/{id}"), demand))
}

/// One demand: an open one for anyone, another for those who may read the buyer's records.
#[utoipa::path(get, path = "/api/v1/market/demands/{id}", tag = "market",
    responses((status = 200, body = Demand, headers(("ETag" = String, description = "The demand's version"))),
              (status = 404, body = ErrorBody)))]
pub async fn get_demand(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let demand = demands::get(state.db(), &ctx.actor(), id)
        .await
        .or_api(ctx.lang)?;
    Ok(([etag(demand.version)], Json(demand)))
}

/// Edits a demand, its state too (`met`, `withdrawn`, `open`).
#[utoipa::path(put, path = "/api/v1/market/demands/{id}", tag = "market", request_body = DemandInput,
    responses((status = 200, body = Demand), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_demand(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(mut input): ApiJson<DemandInput>,
) -> Result<Json<Demand>, ApiError> {
    let actor = ctx.api_actor()?;
    input.version = input.version.or(version);
    demands::update(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(demands::get(state.db(), &actor, id).await.or_api(ctx.lang)?))
}

/// A listing that answers a demand.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchOut {
    pub listing: Listing,
    /// 0 to 100.
    pub score: u32,
    /// What its season gives over the demand's period, in `supply_unit` (the smallest unit of
    /// the demand's measure: kg, litre, one).
    pub supply: i64,
    pub supply_unit: Unit,
    /// Why it ranks there, in the caller's language.
    pub reasons: Vec<String>,
}

/// A listing of the product asked that does not answer, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExcludedOut {
    pub listing_id: i64,
    pub reason: String,
}

/// The best listings taken together when no one covers the quantity.
#[derive(Debug, Serialize, ToSchema)]
pub struct TogetherOut {
    pub listing_ids: Vec<i64>,
    pub supply: i64,
    /// True when together they cover the whole quantity.
    pub covers: bool,
}

/// A demand's supply, ranked across every province.
#[derive(Debug, Serialize, ToSchema)]
pub struct DemandMatchesOut {
    pub demand: Demand,
    /// The best listings that answer, at most 50.
    pub matches: Vec<MatchOut>,
    /// How many listings answer in all.
    pub answering: usize,
    pub together: Option<TogetherOut>,
    pub excluded: Vec<ExcludedOut>,
}

/// The listings that answer a demand, best first (the best 50, with how many answer in all), each
/// with its score out of 100 and its reasons; the best together when no one covers the quantity;
/// those of the product that do not answer (at most 50).
#[utoipa::path(get, path = "/api/v1/market/demands/{id}/matches", tag = "market",
    responses((status = 200, body = DemandMatchesOut), (status = 404, body = ErrorBody)))]
pub async fn demand_matches(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<DemandMatchesOut>, ApiError> {
    let t = tr(ctx.lang);
    let found = matches_for_demand(state.db(), &ctx.actor(), id, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    let supply_unit = found.demand.unit.base();
    Ok(Json(DemandMatchesOut {
        answering: found.answering,
        matches: found
            .matches
            .into_iter()
            .map(|m| MatchOut {
                reasons: m.reasons.iter().map(|r| view::reason(t, r)).collect(),
                listing: m.listing,
                score: m.score,
                supply: m.supply,
                supply_unit,
            })
            .collect(),
        together: found.together.map(|g| TogetherOut {
            listing_ids: g.listing_ids,
            supply: g.supply,
            covers: g.covers,
        }),
        excluded: found
            .excluded
            .iter()
            .map(|(l, why)| ExcludedOut {
                listing_id: l.id,
                reason: view::exclusion(t, why),
            })
            .collect(),
        demand: found.demand,
    }))
}

/// The contracts of the organisations the caller keeps, the newest first (at most 200).
#[utoipa::path(get, path = "/api/v1/market/contracts", tag = "market",
    responses((status = 200, body = Vec<Contract>), (status = 401, body = ErrorBody)))]
pub async fn list_contracts(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<Contract>>, ApiError> {
    ctx.api_user()?;
    Ok(Json(
        contracts::list(state.db(), &ctx.access).await.or_api(ctx.lang)?,
    ))
}

/// Writes a contract or memorandum as a draft with its first terms (`terms.lines`, each a seller's
/// product, quantity, unit and price; `terms.schedule`, the deliveries due). The caller trades for
/// the buyer or one of the sellers.
#[utoipa::path(post, path = "/api/v1/market/contracts", tag = "market", request_body = ContractInput,
    responses((status = 201, body = ContractDetail), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_contract(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ContractInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = contracts::create(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let detail = contracts::detail(state.db(), &actor, id).await.or_api(ctx.lang)?;
    Ok(created(format!("/api/v1/market/contracts/{id}"), detail))
}

/// A contract with its versions (newest first), the signatures of its latest version, its states,
/// deliveries and fulfilment: for its parties' keepers. Its `ETag` is its version.
#[utoipa::path(get, path = "/api/v1/market/contracts/{id}", tag = "market",
    responses((status = 200, body = ContractDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_contract(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let detail = contracts::detail(state.db(), &actor, id).await.or_api(ctx.lang)?;
    Ok(([etag(detail.contract.version)], Json(detail)))
}

/// New terms as the next version: a revision of a draft or proposal, or an amendment of signed
/// terms (the contract goes back to the parties to sign). 409 once completed or terminated, or
/// when `If-Match` is not the contract's version.
#[utoipa::path(post, path = "/api/v1/market/contracts/{id}/versions", tag = "market", request_body = TermsInput,
    responses((status = 201, body = ContractDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<TermsInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let number = contracts::revise(&state.context(&actor), id, &input, version)
        .await
        .or_api(ctx.lang)?;
    let detail = contracts::detail(state.db(), &actor, id).await.or_api(ctx.lang)?;
    Ok(created(
        format!("/api/v1/market/contracts/{id}/versions/{number}"),
        detail,
    ))
}

/// Moves a contract: `proposed`, back to `draft`, `in_force` (from its first day), `completed`, or
/// `terminated` with a `reason`.
#[utoipa::path(post, path = "/api/v1/market/contracts/{id}/state", tag = "market", request_body = StateInput,
    responses((status = 200, body = ContractDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_contract_state(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<StateInput>,
) -> Result<Json<ContractDetail>, ApiError> {
    let actor = ctx.api_actor()?;
    contracts::change_state(&state.context(&actor), id, &input, version)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(
        contracts::detail(state.db(), &actor, id).await.or_api(ctx.lang)?,
    ))
}

/// Who signs.
#[derive(Debug, Default, serde::Deserialize, ToSchema)]
#[serde(default)]
pub struct SignInput {
    /// The party signing: an organisation of the contract the caller trades for.
    pub organisation_id: i64,
}

/// Signs the latest version of a proposed contract for one party; when the last party signs, the
/// contract is signed, and in force from its first day.
#[utoipa::path(post, path = "/api/v1/market/contracts/{id}/signatures", tag = "market", request_body = SignInput,
    responses((status = 200, body = ContractDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sign_contract(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(input): ApiJson<SignInput>,
) -> Result<Json<ContractDetail>, ApiError> {
    let actor = ctx.api_actor()?;
    contracts::sign(&state.context(&actor), id, input.organisation_id, version)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(
        contracts::detail(state.db(), &actor, id).await.or_api(ctx.lang)?,
    ))
}

/// Records a delivery against a line of the signed terms while the contract is in force; more
/// than what remains of the line is refused (422 `exceeds_remaining`).
#[utoipa::path(post, path = "/api/v1/market/contracts/{id}/deliveries", tag = "market", request_body = DeliveryInput,
    responses((status = 201, body = ContractDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_delivery(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DeliveryInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let delivery = contracts::deliver(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    let detail = contracts::detail(state.db(), &actor, id).await.or_api(ctx.lang)?;
    Ok(created(
        format!("/api/v1/market/contracts/{id}/deliveries/{delivery}"),
        detail,
    ))
}
