//! The OCOP programme's JSON API under `/api/v1/ocop`. Products, stars, decided rounds and the
//! verification of certificates are public; everything else is checked by the store against the
//! caller's roles: subjects' managers register and self-assess products and apply, alliance
//! officers run rounds, council members score.

use super::application_pages::sent_file;
use super::ProductQuery;
use crate::domain::certificate::KindSummary;
use crate::domain::inputs::{ApplicationInput, DecisionInput, ProductInput, RoundInput, SheetInput};
use crate::domain::rating::StarRules;
use crate::domain::scorecard::Scorecard;
use crate::store::certificates::{self, Certificate, Notice};
use crate::store::files::{self, StoredFile};
use crate::store::products::{self, Product, ProductDetail};
use crate::store::rounds::{self, Application, CouncilSheets, Round, ScoringSheet};
use crate::store::scorecards::{self, ProductSet, ScorecardVersion};
use crate::store::{star_rules, Assessment};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use hoptac_core::roles::GrantRecord;
use hoptac_core::{Page, StoreError};
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{ApiError, ErrorBody, StoreOutcome};
use hoptac_web::extract::{etag, ApiJson, ApiUpload, IfMatch};
use hoptac_web::extract::{Path, Query};
use hoptac_web::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn created<T: Serialize>(location: String, body: T) -> impl IntoResponse {
    (StatusCode::CREATED, [(header::LOCATION, location)], Json(body))
}

/// Every scorecard version, the newest of each product set first.
#[utoipa::path(get, path = "/api/v1/ocop/scorecards", tag = "ocop",
    responses((status = 200, body = Vec<ScorecardVersion>)))]
pub async fn list_scorecards(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<ScorecardVersion>>, ApiError> {
    Ok(Json(scorecards::list(state.db()).await.or_api(ctx.lang)?))
}

#[utoipa::path(get, path = "/api/v1/ocop/scorecards/{id}", tag = "ocop",
    responses((status = 200, body = ScorecardVersion), (status = 404, body = ErrorBody)))]
pub async fn get_scorecard(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<ScorecardVersion>, ApiError> {
    Ok(Json(scorecards::get(state.db(), id).await.or_api(ctx.lang)?))
}

/// A scorecard spreadsheet to check or load.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ScorecardUpload {
    /// The product group the set belongs to; of the scorecard's decision.
    pub product_group: String,
    /// The spreadsheet saved as CSV (UTF-8), with the columns of the shipped 1048 tree:
    /// scorecard, product_set, part, section, code, criterion_vi, criterion_en, max_points,
    /// options, and optionally minimums (`3:1|4:2`).
    pub csv: String,
    /// `true` to check the sheet and see the tree without saving it.
    pub preview: bool,
}

/// Checks a scorecard spreadsheet (`preview`) or loads it as the product set's next version.
/// Loading needs an alliance officer of the whole country or an administrator.
#[utoipa::path(post, path = "/api/v1/ocop/scorecards", tag = "ocop", request_body = ScorecardUpload,
    responses((status = 200, description = "Preview", body = Scorecard), (status = 201, body = ScorecardVersion),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn load_scorecard(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(upload): ApiJson<ScorecardUpload>,
) -> Result<axum::response::Response, ApiError> {
    let actor = ctx.api_actor()?;
    if upload.preview {
        let card = scorecards::preview(&upload.csv, &upload.product_group)
            .map_err(StoreError::Validation)
            .or_api(ctx.lang)?;
        return Ok(Json(card).into_response());
    }
    let version = scorecards::load(&state.context(&actor), &upload.csv, &upload.product_group)
        .await
        .or_api(ctx.lang)?;
    Ok(created(format!("/api/v1/ocop/scorecards/{}", version.id), version).into_response())
}

/// Product sets of both schemes.
#[utoipa::path(get, path = "/api/v1/ocop/product-sets", tag = "ocop", responses((status = 200, body = Vec<ProductSet>)))]
pub async fn list_product_sets(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<ProductSet>>, ApiError> {
    Ok(Json(scorecards::product_sets(state.db()).await.or_api(ctx.lang)?))
}

/// The star rules: thresholds, certificate validity and rating council per class, each set
/// from the date it took effect.
#[utoipa::path(get, path = "/api/v1/ocop/star-rules", tag = "ocop", responses((status = 200, body = Vec<StarRules>)))]
pub async fn list_star_rules(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<StarRules>>, ApiError> {
    Ok(Json(star_rules(state.db()).await.or_api(ctx.lang)?.0))
}

/// Products with the stars their certificate gives today, best first.
#[utoipa::path(get, path = "/api/v1/ocop/products", tag = "ocop", params(ProductQuery),
    responses((status = 200, body = Page<Product>), (status = 422, body = ErrorBody)))]
pub async fn list_products(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ProductQuery>,
) -> Result<Json<Page<Product>>, ApiError> {
    let (filter, paging) = query
        .to_filter()
        .map_err(|e| ApiError::fields(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", e, ctx.lang))?;
    let page = products::list(state.db(), &filter, paging, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    Ok(Json(page))
}

async fn product_detail(state: &AppState, ctx: &Ctx, id: i64) -> Result<ProductDetail, ApiError> {
    products::detail(&state.context(&ctx.actor()), id)
        .await
        .or_api(ctx.lang)
}

/// One product with its certificates; its `ETag` is its version, for `If-Match` on an edit.
#[utoipa::path(get, path = "/api/v1/ocop/products/{id}", tag = "ocop",
    responses((status = 200, body = ProductDetail, headers(("ETag" = String, description = "The product's version"))),
              (status = 404, body = ErrorBody)))]
pub async fn get_product(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let detail = product_detail(&state, &ctx, id).await?;
    Ok(([etag(detail.product.version)], Json(detail)))
}

/// Registers a product of an OCOP subject (a cooperative, a cooperative group, an enterprise or a
/// household business) that the caller may edit.
#[utoipa::path(post, path = "/api/v1/ocop/products", tag = "ocop", request_body = ProductInput,
    responses((status = 201, body = ProductDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_product(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = products::create(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    Ok(created(
        format!("/api/v1/ocop/products/{id}"),
        product_detail(&state, &ctx, id).await?,
    ))
}

/// Replaces a product's fields. Send the version read (`If-Match: "4"`, or `version`): an edit from
/// an older version is refused with 409 `stale`.
#[utoipa::path(put, path = "/api/v1/ocop/products/{id}", tag = "ocop", request_body = ProductInput,
    params(("If-Match" = Option<String>, Header, description = "The version the edit was made from, as `ETag` gave it")),
    responses((status = 200, body = ProductDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_product(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    if_match: IfMatch,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let input = ProductInput {
        version: if_match.or_body(input.version, ctx.lang)?,
        ..input
    };
    products::update(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    let detail = product_detail(&state, &ctx, id).await?;
    Ok(([etag(detail.product.version)], Json(detail)))
}

/// The scorecard version a product's self-assessment is filled on today.
#[utoipa::path(get, path = "/api/v1/ocop/products/{id}/scorecard", tag = "ocop",
    responses((status = 200, body = ScorecardVersion), (status = 404, body = ErrorBody)))]
pub async fn product_scorecard(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<ScorecardVersion>, ApiError> {
    let product = products::get(state.db(), id, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    Ok(Json(
        products::scorecard_for(state.db(), &product)
            .await
            .or_api(ctx.lang)?,
    ))
}

async fn latest_assessment(state: &AppState, ctx: &Ctx, id: i64) -> Result<Assessment, ApiError> {
    let rules = star_rules(state.db()).await.or_api(ctx.lang)?;
    products::latest_self_assessment(state.db(), &ctx.actor(), id, &rules, state.clock().today())
        .await
        .or_api(ctx.lang)?
        .ok_or_else(|| ApiError::not_found(ctx.lang))
}

/// The latest self-assessment: score, projected stars and, criterion by criterion, what stands
/// between the product and the next star.
#[utoipa::path(get, path = "/api/v1/ocop/products/{id}/self-assessment", tag = "ocop",
    responses((status = 200, body = Assessment), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_self_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Assessment>, ApiError> {
    ctx.api_user()?;
    Ok(Json(latest_assessment(&state, &ctx, id).await?))
}

/// Fills the product's scorecard as a self-assessment.
#[utoipa::path(post, path = "/api/v1/ocop/products/{id}/self-assessment", tag = "ocop", request_body = SheetInput,
    responses((status = 201, body = Assessment), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn self_assess(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SheetInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    products::self_assess(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(created(
        format!("/api/v1/ocop/products/{id}/self-assessment"),
        latest_assessment(&state, &ctx, id).await?,
    ))
}

/// Rounds of a province, or of every province.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundQuery {
    pub province: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/ocop/rounds", tag = "ocop", params(RoundQuery), responses((status = 200, body = Vec<Round>)))]
pub async fn list_rounds(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<RoundQuery>,
) -> Result<Json<Vec<Round>>, ApiError> {
    let province = query.province.as_deref().map(str::trim).filter(|p| !p.is_empty());
    Ok(Json(rounds::list(state.db(), province).await.or_api(ctx.lang)?))
}

/// A round with, once decided, its summary by type of application.
#[derive(Serialize, ToSchema)]
pub struct RoundDetail {
    #[serde(flatten)]
    pub round: Round,
    pub summary: Vec<KindSummary>,
}

async fn round_detail(state: &AppState, ctx: &Ctx, id: i64) -> Result<RoundDetail, ApiError> {
    let round = rounds::get(state.db(), id).await.or_api(ctx.lang)?;
    let summary = rounds::summary(state.db(), id).await.or_api(ctx.lang)?;
    Ok(RoundDetail { round, summary })
}

#[utoipa::path(get, path = "/api/v1/ocop/rounds/{id}", tag = "ocop",
    responses((status = 200, body = RoundDetail), (status = 404, body = ErrorBody)))]
pub async fn get_round(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<RoundDetail>, ApiError> {
    Ok(Json(round_detail(&state, &ctx, id).await?))
}

/// Opens an evaluation round in a province the caller runs OCOP for.
#[utoipa::path(post, path = "/api/v1/ocop/rounds", tag = "ocop", request_body = RoundInput,
    responses((status = 201, body = RoundDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn open_round(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<RoundInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = rounds::open(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    Ok(created(
        format!("/api/v1/ocop/rounds/{id}"),
        round_detail(&state, &ctx, id).await?,
    ))
}

/// The round's applications: with every sheet's consolidation and spread for its officers, each
/// member's own total for the council, the results for everyone once decided.
#[utoipa::path(get, path = "/api/v1/ocop/rounds/{id}/applications", tag = "ocop",
    responses((status = 200, body = Vec<Application>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_applications(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Application>>, ApiError> {
    Ok(Json(
        rounds::applications(state.db(), &ctx.actor(), id)
            .await
            .or_api(ctx.lang)?,
    ))
}

/// Files an application: the subject's manager for its product, or the round's officer.
#[utoipa::path(post, path = "/api/v1/ocop/rounds/{id}/applications", tag = "ocop", request_body = ApplicationInput,
    responses((status = 201, body = Application), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn apply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ApplicationInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let application = rounds::apply(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    let body = rounds::application(state.db(), &actor, application)
        .await
        .or_api(ctx.lang)?;
    Ok(created(format!("/api/v1/ocop/applications/{application}"), body))
}

/// One application: its officers and council see its scoring, its subject its state, everyone
/// its result once the round is decided.
#[utoipa::path(get, path = "/api/v1/ocop/applications/{id}", tag = "ocop",
    responses((status = 200, body = Application), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_application(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Application>, ApiError> {
    Ok(Json(
        rounds::application(state.db(), &ctx.actor(), id)
            .await
            .or_api(ctx.lang)?,
    ))
}

/// Withdraws an application before the decision.
#[utoipa::path(post, path = "/api/v1/ocop/applications/{id}/withdraw", tag = "ocop",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    rounds::withdraw(&state.context(&actor), id)
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The council member's own sheet for an application, with the card it is scored on.
#[utoipa::path(get, path = "/api/v1/ocop/applications/{id}/sheet", tag = "ocop",
    responses((status = 200, body = ScoringSheet), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn get_sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<ScoringSheet>, ApiError> {
    let actor = ctx.api_actor()?;
    Ok(Json(
        rounds::sheet(state.db(), &actor, id).await.or_api(ctx.lang)?,
    ))
}

/// Scores an application as a member of the round's council; scoring again replaces the sheet.
#[utoipa::path(put, path = "/api/v1/ocop/applications/{id}/sheet", tag = "ocop", request_body = SheetInput,
    responses((status = 200, body = ScoringSheet), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn score(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SheetInput>,
) -> Result<Json<ScoringSheet>, ApiError> {
    let actor = ctx.api_actor()?;
    rounds::score(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(
        rounds::sheet(state.db(), &actor, id).await.or_api(ctx.lang)?,
    ))
}

/// The round's council, for its officers and members.
#[utoipa::path(get, path = "/api/v1/ocop/rounds/{id}/council", tag = "ocop",
    responses((status = 200, body = Vec<GrantRecord>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_council(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<GrantRecord>>, ApiError> {
    let actor = ctx.api_actor()?;
    Ok(Json(
        rounds::council(state.db(), &actor, id).await.or_api(ctx.lang)?,
    ))
}

/// An account to seat on a round's council.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CouncilMemberInput {
    pub username: String,
}

/// Assigns an account to the round's council: it may score the round's products from its next
/// request. Revoke with `DELETE /api/v1/grants/{id}`.
#[utoipa::path(post, path = "/api/v1/ocop/rounds/{id}/council", tag = "ocop", request_body = CouncilMemberInput,
    responses((status = 201, body = GrantRecord), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assign_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CouncilMemberInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let grant = rounds::assign_member(&state.context(&actor), id, &input.username)
        .await
        .or_api(ctx.lang)?;
    let record = hoptac_core::roles::get(state.db(), grant)
        .await
        .or_api(ctx.lang)?;
    Ok(created(format!("/api/v1/grants/{grant}"), record))
}

/// Closes the round with the People's Committee's decision: outcomes recorded and certificates
/// issued for 36 months, or nothing changed when a product is unscored or a number is taken.
#[utoipa::path(post, path = "/api/v1/ocop/rounds/{id}/decision", tag = "ocop", request_body = DecisionInput,
    responses((status = 201, body = RoundDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    rounds::decide(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    Ok(created(
        format!("/api/v1/ocop/rounds/{id}"),
        round_detail(&state, &ctx, id).await?,
    ))
}

/// Verifies a certificate from the code its QR carries: valid, expiring soon, expired or
/// replaced, for which product and subject, until when. Public.
#[utoipa::path(get, path = "/api/v1/ocop/certificates/verify/{code}", tag = "ocop",
    responses((status = 200, body = Certificate), (status = 404, body = ErrorBody)))]
pub async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Json<Certificate>, ApiError> {
    certificates::verify(state.db(), &code, state.clock().today())
        .await
        .or_api(ctx.lang)?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(ctx.lang))
}

/// Notices about the certificates of the organisations the caller keeps (expiry within 30 days).
#[utoipa::path(get, path = "/api/v1/ocop/notices", tag = "ocop",
    responses((status = 200, body = Vec<Notice>), (status = 401, body = ErrorBody)))]
pub async fn list_notices(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<Notice>>, ApiError> {
    let actor = ctx.api_actor()?;
    Ok(Json(
        certificates::notices_for(state.db(), &actor)
            .await
            .or_api(ctx.lang)?,
    ))
}

// ----- files: a product's photos, an application's dossier -----

/// A product's photos (JPEG, PNG or WebP), public as the product is; each file's bytes are at
/// `/api/v1/ocop/files/{id}`.
#[utoipa::path(get, path = "/api/v1/ocop/products/{id}/photos", tag = "ocop",
    responses((status = 200, body = [StoredFile]), (status = 404, body = ErrorBody)))]
pub async fn list_photos(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<StoredFile>>, ApiError> {
    products::get(state.db(), id, state.clock().today())
        .await
        .or_api(ctx.lang)?;
    Ok(Json(files::photos(state.db(), id).await.or_api(ctx.lang)?))
}

/// Adds a photo to a product: multipart field `photo` (JPEG, PNG or WebP by its content, at most
/// 5 MB; 8 photos a product), by whoever may edit the product. Sent with a personal token. The same
/// file sent again is the photo already kept (200), not a second one.
#[utoipa::path(post, path = "/api/v1/ocop/products/{id}/photos", tag = "ocop",
    request_body(content_type = "multipart/form-data", description = "photo (the file)"),
    responses((status = 201, body = StoredFile), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiUpload(form): ApiUpload,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let (name, bytes) =
        sent_file(form, "photo").map_err(|e| ApiError::from_store(StoreError::Validation(e), ctx.lang))?;
    let file = files::add_photo(&state.context(&actor), id, &name, bytes)
        .await
        .or_api(ctx.lang)?;
    stored_file(&state, &actor, file, ctx.lang).await
}

/// The documents of an application's dossier, for the round's officers and council and the
/// subject's keepers (404 to anyone else).
#[utoipa::path(get, path = "/api/v1/ocop/applications/{id}/documents", tag = "ocop",
    responses((status = 200, body = [StoredFile]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_documents(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<Vec<StoredFile>>, ApiError> {
    Ok(Json(
        files::dossier(state.db(), &ctx.actor(), id)
            .await
            .or_api(ctx.lang)?,
    ))
}

/// Adds a document to an application's dossier: multipart field `document` (PDF, JPEG, PNG or
/// WebP by its content, at most 10 MB; 30 documents a dossier), by the subject's keepers or the
/// round's officers until the decision. Sent with a personal token. The same file sent again is
/// the document already kept (200).
#[utoipa::path(post, path = "/api/v1/ocop/applications/{id}/documents", tag = "ocop",
    request_body(content_type = "multipart/form-data", description = "document (the file)"),
    responses((status = 201, body = StoredFile), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiUpload(form): ApiUpload,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let (name, bytes) =
        sent_file(form, "document").map_err(|e| ApiError::from_store(StoreError::Validation(e), ctx.lang))?;
    let file = files::add_document(&state.context(&actor), id, &name, bytes)
        .await
        .or_api(ctx.lang)?;
    stored_file(&state, &actor, file, ctx.lang).await
}

/// 201 with the file just kept, or 200 with the one kept already when the same bytes came again.
async fn stored_file(
    state: &AppState,
    actor: &hoptac_core::audit::Actor,
    added: files::Added,
    lang: hoptac_core::Lang,
) -> Result<axum::response::Response, ApiError> {
    let (file, _) = files::content(state.db(), actor, added.id()).await.or_api(lang)?;
    Ok(match added {
        files::Added::New(id) => created(format!("/api/v1/ocop/files/{id}"), file).into_response(),
        files::Added::Kept(_) => Json(file).into_response(),
    })
}

/// A kept file's bytes, with the type read from its content: a photo to anyone, a dossier's
/// document to those who read the dossier (404 to anyone else).
#[utoipa::path(get, path = "/api/v1/ocop/files/{id}", tag = "ocop",
    responses((status = 200, description = "the file's bytes", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
pub async fn get_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    let (file, bytes) = files::content(state.db(), &ctx.actor(), id)
        .await
        .or_api(ctx.lang)?;
    Ok(hoptac_web::routes::file_response(
        "attachment",
        &file.content_type,
        &file.file_name,
        bytes,
    ))
}

/// Removes a photo (by whoever may edit the product) or a dossier's document (by its keepers,
/// until the decision).
#[utoipa::path(delete, path = "/api/v1/ocop/files/{id}", tag = "ocop",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn remove_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let actor = ctx.api_actor()?;
    files::remove(&state.context(&actor), id).await.or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every council member's sheet of an application side by side, for the round's officers: each
/// seated member with their points by criterion or none yet, then anyone who scored and left.
#[utoipa::path(get, path = "/api/v1/ocop/applications/{id}/sheets", tag = "ocop",
    responses((status = 200, body = CouncilSheets), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn council_sheets(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<CouncilSheets>, ApiError> {
    Ok(Json(
        rounds::council_sheets(state.db(), &ctx.actor(), id)
            .await
            .or_api(ctx.lang)?,
    ))
}
