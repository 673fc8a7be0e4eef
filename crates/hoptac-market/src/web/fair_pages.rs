//! The pages of trade fairs: the list, a fair with its participants and totals, the fair's
//! form, and a participant's part (booths, products shown, sales, agreements).

use super::programme_pages::promotes_anywhere;
use super::promotion_api::PromotionQuery;
use super::shop_pages::{product_item, ProductItem};
use super::{refused_edit, tr, view};
use crate::domain::fairs::{FairInput, FairKind, ParticipantInput};
use crate::store::fairs::{self, Fair, Participant};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hoptac_core::admin::Era;
use hoptac_core::numbers::format_int;
use hoptac_core::{Paging, StoreError};
use hoptac_ocop::store::products::{self, ProductFilter};
use hoptac_web::confirm::ConfirmedForm;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::{HtmlForm, Path, Query};
use hoptac_web::routes::{province_options, render, render_refused, Refusal};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::AppState;

type Options = Vec<(String, String)>;

/// A fair as a row of the list and the head of its page.
struct FairRow {
    id: i64,
    name: String,
    kind: &'static str,
    days: String,
    place: String,
    totals: String,
}

fn fair_row(t: Tr, f: &Fair) -> FairRow {
    let place = match &f.venue {
        Some(venue) => format!("{venue}, {}", f.venue_province_name),
        None => f.venue_province_name.clone(),
    };
    FairRow {
        id: f.id,
        name: f.name.clone(),
        kind: f.kind.label(t.lang()),
        days: view::days(f.opening_day, Some(f.closing_day)),
        place,
        totals: t.f(
            "market-fair_totals",
            &[
                ("participants", &format_int(f.participants)),
                ("products", &format_int(f.products)),
                ("sales", &view::dong(t, f.sales.unwrap_or(0))),
                ("agreements", &format_int(f.agreements.unwrap_or(0))),
            ],
        ),
    }
}

#[derive(Template)]
#[template(path = "market_fairs.html")]
struct FairsPage {
    t: Tr,
    chrome: Chrome,
    q: PromotionQuery,
    provinces: Options,
    rows: Vec<FairRow>,
    total_text: String,
    filter_error: Option<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
    may_add: bool,
}

impl FairsPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

pub async fn fairs_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PromotionQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let mut page = FairsPage {
        t,
        chrome: Chrome::new(&ctx),
        provinces: province_options(&state, Era::Y2025, lang).await?,
        rows: Vec::new(),
        total_text: String::new(),
        filter_error: None,
        prev_href: None,
        next_href: None,
        may_add: promotes_anywhere(&ctx),
        q: q.clone(),
    };
    match q.fairs() {
        Ok((filter, paging)) => {
            let found = fairs::list(state.db(), &filter, paging).await.or_page(lang)?;
            let pairs = [
                ("q", &q.q),
                ("province", &q.province),
                ("year", &q.year),
                ("organisation_id", &q.organisation_id),
            ];
            let href = |n| super::pages::list_href("/market/fairs", &pairs, n);
            page.total_text = t.count("market-fair_count", found.total, &[]);
            (page.prev_href, page.next_href) = hoptac_web::ui::pager(&found, href);
            page.rows = found.items.iter().map(|f| fair_row(t, f)).collect();
        }
        Err(errors) => page.filter_error = Some(super::pages::filter_message(&errors, lang)),
    }
    render(page)
}

/// A participant as a row of its fair's page.
struct ParticipantRow {
    organisation_id: i64,
    organisation_name: String,
    province_name: String,
    booths: String,
    sales: String,
    agreements: String,
    products: Vec<ProductItem>,
    may_record: bool,
}

#[derive(Template)]
#[template(path = "market_fair.html")]
struct FairPage {
    t: Tr,
    chrome: Chrome,
    fair: Fair,
    row: FairRow,
    participants: Vec<ParticipantRow>,
    may_edit: bool,
    errors: FormErrors,
    organisation_id: String,
}

fn participant_row(t: Tr, p: &Participant, may_record: bool) -> ParticipantRow {
    let agreements = match (p.agreements, p.agreement_value) {
        (Some(n), Some(value)) => t.f(
            "market-agreements_worth",
            &[("n", &format_int(n)), ("value", &view::dong(t, value))],
        ),
        (n, _) => view::reported(n, format_int),
    };
    ParticipantRow {
        organisation_id: p.organisation_id,
        organisation_name: p.organisation_name.clone(),
        province_name: p.province_name.clone(),
        booths: view::reported(p.booths, format_int),
        sales: view::reported(p.sales, |n| view::dong(t, n)),
        agreements,
        products: p.products.iter().map(product_item).collect(),
        may_record,
    }
}

/// The fair's page; `refused` and `typed` are the add-a-participant form's refusal and what was
/// typed in it.
async fn fair_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    refused: hoptac_core::FieldErrors,
    typed: String,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let fair = fairs::get(state.db(), id).await.or_page(lang)?;
    let found = fairs::participants(state.db(), id, state.clock().today())
        .await
        .or_page(lang)?;
    let signed_in = ctx.user.is_some();
    let may_edit = signed_in && fairs::may_keep(&ctx.access, &fair);
    let actor = ctx.actor();
    let cx = state.context(&actor);
    let mut participants = Vec::new();
    for p in &found {
        let may_record = signed_in && fairs::may_record_for(&cx, &fair, p.organisation_id).await;
        participants.push(participant_row(t, p, may_record));
    }
    let status = if refused.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    render_refused(
        status,
        FairPage {
            t,
            chrome: Chrome::new(ctx),
            row: fair_row(t, &fair),
            fair,
            participants,
            may_edit,
            errors: FormErrors::new(lang, refused),
            organisation_id: typed,
        },
    )
}

pub async fn fair(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    fair_page(&state, &ctx, id, hoptac_core::FieldErrors::new(), String::new()).await
}

#[derive(Template)]
#[template(path = "market_fair_form.html")]
struct FairFormPage {
    t: Tr,
    chrome: Chrome,
    title: String,
    action: String,
    cancel: String,
    input: FairInput,
    errors: FormErrors,
    conflict: Option<hoptac_web::routes::Conflict>,
    kinds: Options,
    own_provinces: Options,
    provinces: Options,
}

impl FairFormPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

async fn fair_form(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    input: FairInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let (title, action, cancel) = match id {
        Some(id) => (
            t.s("market-edit_fair"),
            format!("/market/fairs/{id}/edit"),
            format!("/market/fairs/{id}"),
        ),
        None => (
            t.s("market-new_fair"),
            "/market/fairs".to_owned(),
            "/market/fairs".to_owned(),
        ),
    };
    let provinces = province_options(state, Era::Y2025, lang).await?;
    let own_provinces = provinces
        .iter()
        .filter(|p| crate::store::programmes::promotes(&ctx.access, &p.0))
        .cloned()
        .collect();
    let (status, errors, conflict) = refusal.into_parts();
    render_refused(
        status,
        FairFormPage {
            t,
            chrome: Chrome::new(ctx),
            title: title.to_owned(),
            action,
            cancel,
            input,
            errors: FormErrors::new(lang, errors),
            conflict,
            kinds: view::choices(FairKind::ALL, FairKind::as_str, |k| k.label(lang)),
            own_provinces,
            provinces,
        },
    )
}

pub async fn new_fair(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    ctx.page_user()?;
    if !promotes_anywhere(&ctx) {
        return Err(PageError::from_store(StoreError::Forbidden, ctx.lang));
    }
    let province = view::sole_promoted_province(&ctx.access);
    let input = FairInput {
        kind: FairKind::Fair.as_str().to_owned(),
        organiser_province: province.clone(),
        venue_province: province,
        ..FairInput::default()
    };
    fair_form(&state, &ctx, None, input, Refusal::None).await
}

pub async fn create_fair(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<FairInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match fairs::create(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/market/fairs/{id}")).into_response()),
        Err(errors) => fair_form(&state, &ctx, None, input, Refusal::Errors(errors)).await,
    }
}

/// A fair the person keeps.
async fn kept_fair(state: &AppState, ctx: &Ctx, id: i64) -> Result<Fair, PageError> {
    let fair = fairs::get(state.db(), id).await.or_page(ctx.lang)?;
    if !fairs::may_keep(&ctx.access, &fair) {
        return Err(PageError::from_store(StoreError::Forbidden, ctx.lang));
    }
    Ok(fair)
}

pub async fn edit_fair(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let fair = kept_fair(&state, &ctx, id).await?;
    fair_form(&state, &ctx, Some(id), fair.to_input(), Refusal::None).await
}

pub async fn update_fair(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<FairInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let outcome = fairs::update(&state.context(&actor), id, &input).await;
    let saved = async || {
        let f = kept_fair(&state, &ctx, id).await?;
        Ok((f.to_input(), f.updated_at))
    };
    match refused_edit(outcome, input, saved, ctx.lang).await? {
        None => Ok(Redirect::to(&format!("/market/fairs/{id}")).into_response()),
        Some((input, refusal)) => fair_form(&state, &ctx, Some(id), input, refusal).await,
    }
}

/// Adds an organisation, typed by name, then opens its part to record (one already taking part
/// is opened as it is).
pub async fn add_participant(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<ParticipantInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let joined = fairs::join(&state.context(&actor), id, &input.organisation_id).await;
    match joined.or_form(ctx.lang)? {
        Ok(organisation) => {
            Ok(Redirect::to(&format!("/market/fairs/{id}/participants/{organisation}")).into_response())
        }
        Err(errors) => {
            fair_page(
                &state,
                &ctx,
                id,
                errors,
                input.organisation_id.unwrap_or_default(),
            )
            .await
        }
    }
}

/// A product of the participant to tick.
struct ProductChoice {
    item: ProductItem,
    shown: bool,
}

#[derive(Template)]
#[template(path = "market_participant_form.html")]
struct ParticipantFormPage {
    t: Tr,
    chrome: Chrome,
    fair: Fair,
    organisation_id: i64,
    organisation_name: String,
    input: ParticipantInput,
    choices: Vec<ProductChoice>,
    errors: FormErrors,
    may_remove: bool,
}

impl ParticipantFormPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

async fn participant_form(
    state: &AppState,
    ctx: &Ctx,
    fair_id: i64,
    organisation_id: i64,
    input: Option<ParticipantInput>,
    refused: hoptac_core::FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let today = state.clock().today();
    let fair = fairs::get(state.db(), fair_id).await.or_page(lang)?;
    let actor = ctx.actor();
    if !fairs::may_record_for(&state.context(&actor), &fair, organisation_id).await {
        return Err(PageError::from_store(StoreError::Forbidden, lang));
    }
    let found = fairs::participants(state.db(), fair_id, today)
        .await
        .or_page(lang)?;
    let Some(part) = found.into_iter().find(|p| p.organisation_id == organisation_id) else {
        return Err(PageError::from_store(StoreError::NotFound, lang));
    };
    // As the form's hints write amounts: with thousands separators.
    let number = |n: Option<i64>| n.map(hoptac_core::numbers::format_int);
    let input = input.unwrap_or_else(|| ParticipantInput {
        organisation_id: Some(organisation_id.to_string()),
        booths: number(part.booths),
        product_ids: part.products.iter().map(|p| p.id.to_string()).collect(),
        sales: number(part.sales),
        agreements: number(part.agreements),
        agreement_value: number(part.agreement_value),
        version: Some(part.version),
    });
    let filter = ProductFilter {
        organisation_id: Some(organisation_id),
        ..ProductFilter::default()
    };
    let theirs = products::list(state.db(), &filter, Paging::new(Some(1), Some(200)), today)
        .await
        .or_page(lang)?;
    let choices = theirs
        .items
        .iter()
        .map(|p| ProductChoice {
            item: product_item(p),
            shown: input.product_ids.contains(&p.id.to_string()),
        })
        .collect();
    let status = if refused.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    render_refused(
        status,
        ParticipantFormPage {
            t: tr(lang),
            chrome: Chrome::new(ctx),
            may_remove: fairs::may_keep(&ctx.access, &fair),
            fair,
            organisation_id,
            organisation_name: part.organisation_name,
            input,
            choices,
            errors: FormErrors::new(lang, refused),
        },
    )
}

pub async fn participant(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, organisation_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    participant_form(
        &state,
        &ctx,
        id,
        organisation_id,
        None,
        hoptac_core::FieldErrors::new(),
    )
    .await
}

pub async fn update_participant(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, organisation_id)): Path<(i64, i64)>,
    HtmlForm(input): HtmlForm<ParticipantInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    // The organisation is the page's, whatever the form says.
    let input = ParticipantInput {
        organisation_id: Some(organisation_id.to_string()),
        ..input
    };
    let saved = fairs::put_participant(&state.context(&actor), id, &input).await;
    match super::or_typed(saved, ctx.lang)? {
        Ok(()) => Ok(Redirect::to(&format!("/market/fairs/{id}#participants")).into_response()),
        Err((errors, current)) => {
            let input = ParticipantInput {
                version: current.or(input.version),
                ..input
            };
            participant_form(&state, &ctx, id, organisation_id, Some(input), errors).await
        }
    }
}

/// The removal form: the version of the part it was asked on, besides its confirmation.
#[derive(Debug, serde::Deserialize)]
pub struct RemoveForm {
    pub version: Option<i64>,
}

pub async fn remove_participant(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, organisation_id)): Path<(i64, i64)>,
    ConfirmedForm(form): ConfirmedForm<RemoveForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    fairs::remove_participant(&state.context(&actor), id, organisation_id, form.version)
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to(&format!("/market/fairs/{id}#participants")).into_response())
}
