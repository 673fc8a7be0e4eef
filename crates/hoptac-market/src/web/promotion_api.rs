//! Trade promotion in the API under `/api/v1/market`: cooperation programmes between provinces'
//! alliances (`programmes`), OCOP shops and points of sale (`shops`), trade fairs (`fairs`).
//! Signed programmes, shops and fairs are public; every write is checked by the store against
//! the caller's right to run trade promotion in the province (`Permission::Promote`), or to trade
//! for the organisation concerned.

use super::{paging, province_filter};
use crate::domain::fairs::{FairInput, ParticipantInput};
use crate::domain::programmes::{ActivityInput, AnswerInput, ProgrammeInput};
use crate::domain::shops::{ShopInput, ShopProductsInput};
use crate::store::fairs::{self, Fair, FairFilter, Participant};
use crate::store::programmes::{self, Activity, Programme, ProgrammeFilter};
use crate::store::shops::{self, Shop, ShopFilter};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use hoptac_core::{FieldErrors, Page, Paging};
use hoptac_ocop::store::products::Product;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{ApiError, ErrorBody, StoreOutcome};
use hoptac_web::extract::{etag, ApiJson, IfMatch, Path, Query};
use hoptac_web::routes::blank;
use hoptac_web::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(crate) fn created<T: Serialize>(location: String, body: T) -> impl IntoResponse {
    (StatusCode::CREATED, [(header::LOCATION, location)], Json(body))
}

fn invalid_query(errors: FieldErrors, lang: hoptac_core::Lang) -> ApiError {
    ApiError::fields(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        errors,
        lang,
    )
}

/// A whole number from a query string, or `invalid_choice` naming what was sent.
fn number_filter<T: std::str::FromStr>(
    errors: &mut FieldErrors,
    field: &str,
    value: &Option<String>,
) -> Option<T> {
    let raw = blank(value)?;
    let parsed = raw.parse::<T>().ok();
    if parsed.is_none() {
        errors.add_with(field, "invalid_choice", vec![("value", raw.to_owned())]);
    }
    parsed
}

/// A year from a query string, from 2000 to 2100, or `not_a_year` naming what was sent.
fn year_filter(errors: &mut FieldErrors, value: &Option<String>) -> Option<i32> {
    let raw = blank(value)?;
    let year = raw.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        errors.add_with("year", "not_a_year", vec![("value", raw.to_owned())]);
    }
    year
}

/// The filters of a list of programmes, shops or fairs. Blank means any.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PromotionQuery {
    /// Words of the name or title, diacritics optional.
    pub q: Option<String>,
    /// A 2025 province code: its alliance's programmes, the shops in it, the fairs it organised or
    /// held.
    pub province: Option<String>,
    /// Fairs: held in this year.
    pub year: Option<String>,
    /// Fairs: those this organisation took part in.
    pub organisation_id: Option<String>,
    /// Shops: those that carry this OCOP product.
    pub product_id: Option<String>,
    pub page: Option<String>,
    /// 1 to 200; 24 by default.
    pub per_page: Option<String>,
}

impl PromotionQuery {
    fn parts(&self) -> (FieldErrors, Option<String>, Paging) {
        let mut errors = FieldErrors::new();
        let province = province_filter(&mut errors, "province", &self.province);
        (errors, province, paging(&self.page, &self.per_page))
    }

    pub fn programmes(&self) -> Result<(ProgrammeFilter, Paging), FieldErrors> {
        let (errors, province, paging) = self.parts();
        let filter = ProgrammeFilter {
            province,
            query: blank(&self.q).map(str::to_owned),
        };
        errors.into_result((filter, paging))
    }

    pub fn shops(&self) -> Result<(ShopFilter, Paging), FieldErrors> {
        let (mut errors, province, paging) = self.parts();
        let filter = ShopFilter {
            query: blank(&self.q).map(str::to_owned),
            province,
            product_id: number_filter(&mut errors, "product_id", &self.product_id),
            open_only: false,
        };
        errors.into_result((filter, paging))
    }

    pub fn fairs(&self) -> Result<(FairFilter, Paging), FieldErrors> {
        let (mut errors, province, paging) = self.parts();
        let filter = FairFilter {
            query: blank(&self.q).map(str::to_owned),
            province,
            year: year_filter(&mut errors, &self.year),
            organisation_id: number_filter(&mut errors, "organisation_id", &self.organisation_id),
        };
        errors.into_result((filter, paging))
    }
}

/// A programme with the activities held under it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeOut {
    pub programme: Programme,
    pub activities: Vec<Activity>,
}

async fn programme_out(state: &AppState, ctx: &Ctx, id: i64) -> Result<ProgrammeOut, ApiError> {
    let access = ctx.actor().access;
    let programme = programmes::get(state.db(), &access, id).await.or_api(ctx.lang)?;
    let activities = programmes::activities(state.db(), &access, id)
        .await
        .or_api(ctx.lang)?;
    Ok(ProgrammeOut {
        programme,
        activities,
    })
}

/// Cooperation programmes: the signed ones, and every one of the provinces the caller runs
/// trade promotion for; the latest to start first.
#[utoipa::path(get, path = "/api/v1/market/programmes", tag = "market", params(PromotionQuery),
    responses((status = 200, body = Page<Programme>), (status = 422, body = ErrorBody)))]
pub async fn list_programmes(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<PromotionQuery>,
) -> Result<Json<Page<Programme>>, ApiError> {
    let (filter, paging) = query.programmes().map_err(|e| invalid_query(e, ctx.lang))?;
    let page = programmes::list(state.db(), &ctx.actor().access, &filter, paging)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(page))
}

/// Proposes a programme to another province's alliance, or records one signed before (with
/// `signed_on`).
#[utoipa::path(post, path = "/api/v1/market/programmes", tag = "market", request_body = ProgrammeInput,
    responses((status = 201, body = ProgrammeOut), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_programme(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ProgrammeInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = programmes::create(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let out = programme_out(&state, &ctx, id).await?;
    Ok(created(format!("/api/v1/market/programmes/{id}"), out))
}

/// One programme with its activities; its `ETag` is its version.
#[utoipa::path(get, path = "/api/v1/market/programmes/{id}", tag = "market",
    responses((status = 200, body = ProgrammeOut), (status = 404, body = ErrorBody)))]
pub async fn get_programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let out = programme_out(&state, &ctx, id).await?;
    Ok(([etag(out.programme.version)], Json(out)))
}

/// Edits a proposal, by its proposer (its two provinces stay); an answered programme is refused
/// with 409.
#[utoipa::path(put, path = "/api/v1/market/programmes/{id}", tag = "market", request_body = ProgrammeInput,
    responses((status = 200, body = ProgrammeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(mut input): ApiJson<ProgrammeInput>,
) -> Result<Json<ProgrammeOut>, ApiError> {
    let actor = ctx.api_actor()?;
    input.version = input.version.or(version);
    programmes::update(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(programme_out(&state, &ctx, id).await?))
}

/// Answers a proposal: the partner `signed` (with `signed_on`) or `declined`; the proposer
/// `withdrawn`. With `version`, an answer to a proposal the proposer has changed since is refused
/// with 409.
#[utoipa::path(post, path = "/api/v1/market/programmes/{id}/answer", tag = "market", request_body = AnswerInput,
    responses((status = 200, body = ProgrammeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer_programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AnswerInput>,
) -> Result<Json<ProgrammeOut>, ApiError> {
    let actor = ctx.api_actor()?;
    programmes::answer(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(programme_out(&state, &ctx, id).await?))
}

/// Records an activity held under a signed programme.
#[utoipa::path(post, path = "/api/v1/market/programmes/{id}/activities", tag = "market", request_body = ActivityInput,
    responses((status = 201, body = Activity), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ActivityInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let activity_id = programmes::add_activity(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    let activity = programmes::activity(state.db(), &actor.access, id, activity_id)
        .await
        .or_api(ctx.lang)?;
    Ok(created(
        format!("/api/v1/market/programmes/{id}/activities/{activity_id}"),
        activity,
    ))
}

/// Edits an activity: its results once held.
#[utoipa::path(put, path = "/api/v1/market/programmes/{id}/activities/{activity_id}", tag = "market",
    request_body = ActivityInput,
    responses((status = 200, body = Activity), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, activity_id)): Path<(i64, i64)>,
    IfMatch(version): IfMatch,
    ApiJson(mut input): ApiJson<ActivityInput>,
) -> Result<Json<Activity>, ApiError> {
    let actor = ctx.api_actor()?;
    input.version = input.version.or(version);
    programmes::update_activity(&state.context(&actor), id, activity_id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(
        programmes::activity(state.db(), &actor.access, id, activity_id)
            .await
            .or_api(ctx.lang)?,
    ))
}

/// A shop with the OCOP products it carries (their stars today).
#[derive(Debug, Serialize, ToSchema)]
pub struct ShopOut {
    pub shop: Shop,
    pub products: Vec<Product>,
}

async fn shop_out(state: &AppState, ctx: &Ctx, id: i64) -> Result<ShopOut, ApiError> {
    let shop = shops::get(state.db(), id).await.or_api(ctx.lang)?;
    let products = shops::products_of(state.db(), id, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    Ok(ShopOut { shop, products })
}

/// OCOP shops and points of sale, by province and name.
#[utoipa::path(get, path = "/api/v1/market/shops", tag = "market", params(PromotionQuery),
    responses((status = 200, body = Page<Shop>), (status = 422, body = ErrorBody)))]
pub async fn list_shops(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<PromotionQuery>,
) -> Result<Json<Page<Shop>>, ApiError> {
    let (filter, paging) = query.shops().map_err(|e| invalid_query(e, ctx.lang))?;
    Ok(Json(
        shops::list(state.db(), &filter, paging).await.or_api(ctx.lang)?,
    ))
}

/// Records a shop of a province the caller runs trade promotion for, or run by an organisation
/// the caller trades for.
#[utoipa::path(post, path = "/api/v1/market/shops", tag = "market", request_body = ShopInput,
    responses((status = 201, body = ShopOut), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_shop(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ShopInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = shops::create(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let out = shop_out(&state, &ctx, id).await?;
    Ok(created(format!("/api/v1/market/shops/{id}"), out))
}

/// One shop with its products; its `ETag` is its version.
#[utoipa::path(get, path = "/api/v1/market/shops/{id}", tag = "market",
    responses((status = 200, body = ShopOut), (status = 404, body = ErrorBody)))]
pub async fn get_shop(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let out = shop_out(&state, &ctx, id).await?;
    Ok(([etag(out.shop.version)], Json(out)))
}

/// Edits a shop, its state too (`closed`, `operating`).
#[utoipa::path(put, path = "/api/v1/market/shops/{id}", tag = "market", request_body = ShopInput,
    responses((status = 200, body = ShopOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_shop(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(mut input): ApiJson<ShopInput>,
) -> Result<Json<ShopOut>, ApiError> {
    let actor = ctx.api_actor()?;
    input.version = input.version.or(version);
    shops::update(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(shop_out(&state, &ctx, id).await?))
}

/// Sets the OCOP products a shop carries: the list replaces the one before (an empty or missing
/// list empties it). With `If-Match` (or `version`) the shop's version, a list chosen on an older
/// one is refused with 409.
#[utoipa::path(put, path = "/api/v1/market/shops/{id}/products", tag = "market", request_body = ShopProductsInput,
    responses((status = 200, body = ShopOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_shop_products(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(mut input): ApiJson<ShopProductsInput>,
) -> Result<Json<ShopOut>, ApiError> {
    let actor = ctx.api_actor()?;
    input.version = input.version.or(version);
    shops::set_products(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(shop_out(&state, &ctx, id).await?))
}

/// A fair with its participants and the products each showed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FairOut {
    pub fair: Fair,
    pub participants: Vec<Participant>,
}

async fn fair_out(state: &AppState, ctx: &Ctx, id: i64) -> Result<FairOut, ApiError> {
    let fair = fairs::get(state.db(), id).await.or_api(ctx.lang)?;
    let participants = fairs::participants(state.db(), id, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    Ok(FairOut { fair, participants })
}

/// Trade fairs and exhibitions, the latest first, with their totals.
#[utoipa::path(get, path = "/api/v1/market/fairs", tag = "market", params(PromotionQuery),
    responses((status = 200, body = Page<Fair>), (status = 422, body = ErrorBody)))]
pub async fn list_fairs(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<PromotionQuery>,
) -> Result<Json<Page<Fair>>, ApiError> {
    let (filter, paging) = query.fairs().map_err(|e| invalid_query(e, ctx.lang))?;
    Ok(Json(
        fairs::list(state.db(), &filter, paging).await.or_api(ctx.lang)?,
    ))
}

/// Records a fair for a province the caller runs trade promotion for.
#[utoipa::path(post, path = "/api/v1/market/fairs", tag = "market", request_body = FairInput,
    responses((status = 201, body = FairOut), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_fair(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<FairInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = fairs::create(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let out = fair_out(&state, &ctx, id).await?;
    Ok(created(format!("/api/v1/market/fairs/{id}"), out))
}

/// One fair with its participants; its `ETag` is its version.
#[utoipa::path(get, path = "/api/v1/market/fairs/{id}", tag = "market",
    responses((status = 200, body = FairOut), (status = 404, body = ErrorBody)))]
pub async fn get_fair(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let out = fair_out(&state, &ctx, id).await?;
    Ok(([etag(out.fair.version)], Json(out)))
}

/// Edits a fair: its dates, place, results.
#[utoipa::path(put, path = "/api/v1/market/fairs/{id}", tag = "market", request_body = FairInput,
    responses((status = 200, body = FairOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_fair(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(mut input): ApiJson<FairInput>,
) -> Result<Json<FairOut>, ApiError> {
    let actor = ctx.api_actor()?;
    input.version = input.version.or(version);
    fairs::update(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(fair_out(&state, &ctx, id).await?))
}

/// Records an organisation's whole part in a fair (booths, products shown, sales, agreements),
/// adding it when it does not take part yet. With `If-Match` (or `version`) the part's version
/// (`participants[].version`), a record made from an older one is refused with 409.
#[utoipa::path(put, path = "/api/v1/market/fairs/{id}/participants", tag = "market", request_body = ParticipantInput,
    responses((status = 200, body = FairOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_participant(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    IfMatch(version): IfMatch,
    ApiJson(mut input): ApiJson<ParticipantInput>,
) -> Result<Json<FairOut>, ApiError> {
    let actor = ctx.api_actor()?;
    input.version = input.version.or(version);
    fairs::put_participant(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(fair_out(&state, &ctx, id).await?))
}

/// Takes an organisation off a fair's list; with `If-Match`, only if its part is of that version.
#[utoipa::path(delete, path = "/api/v1/market/fairs/{id}/participants/{organisation_id}", tag = "market",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn remove_participant(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, organisation_id)): Path<(i64, i64)>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    fairs::remove_participant(&state.context(&actor), id, organisation_id, version)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}
