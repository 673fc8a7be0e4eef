//! The pages of OCOP shops and points of sale: the list, a shop with the products it carries,
//! the shop's form, and the page that chooses its products.

use super::programme_pages::promotes_anywhere;
use super::promotion_api::PromotionQuery;
use super::{refused_edit, tr, view};
use crate::domain::shops::{ShopInput, ShopKind, ShopProductsInput, ShopState};
use crate::store::shops::{self, Shop};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hoptac_core::access::Permission;
use hoptac_core::admin::Era;
use hoptac_core::numbers::format_date;
use hoptac_core::{Paging, StoreError};
use hoptac_ocop::store::products::{self, Product, ProductFilter};
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::{HtmlForm, Path, Query};
use hoptac_web::routes::{blank, province_options, render, render_refused, Refusal};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::AppState;
use serde::Deserialize;

type Options = Vec<(String, String)>;

/// A shop as a row of the list.
struct ShopRow {
    id: i64,
    name: String,
    kind: &'static str,
    province_name: String,
    address: String,
    operator: String,
    products: String,
    closed: bool,
}

fn shop_row(t: Tr, s: &Shop) -> ShopRow {
    ShopRow {
        id: s.id,
        name: s.name.clone(),
        kind: s.kind.label(t.lang()),
        province_name: s.province_name.clone(),
        address: s.address.clone(),
        operator: s.operator_name.clone().unwrap_or_default(),
        products: t.count("market-product_count", s.product_count, &[]),
        closed: s.state == ShopState::Closed,
    }
}

#[derive(Template)]
#[template(path = "market_shops.html")]
struct ShopsPage {
    t: Tr,
    chrome: Chrome,
    q: PromotionQuery,
    provinces: Options,
    rows: Vec<ShopRow>,
    total_text: String,
    filter_error: Option<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
    may_add: bool,
}

impl ShopsPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

/// True when the person may record a shop somewhere: runs trade promotion, or trades for an
/// organisation that may run one.
fn may_add_shop(ctx: &Ctx) -> bool {
    promotes_anywhere(ctx) || (ctx.user.is_some() && ctx.access.allows_anywhere(Permission::Trade))
}

pub async fn shops_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PromotionQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let mut page = ShopsPage {
        t,
        chrome: Chrome::new(&ctx),
        provinces: province_options(&state, Era::Y2025, lang).await?,
        rows: Vec::new(),
        total_text: String::new(),
        filter_error: None,
        prev_href: None,
        next_href: None,
        may_add: may_add_shop(&ctx),
        q: q.clone(),
    };
    match q.shops() {
        Ok((filter, paging)) => {
            let found = shops::list(state.db(), &filter, paging).await.or_page(lang)?;
            let pairs = [
                ("q", &q.q),
                ("province", &q.province),
                ("product_id", &q.product_id),
            ];
            let href = |n| super::pages::list_href("/market/shops", &pairs, n);
            page.total_text = t.count("market-shop_count", found.total, &[]);
            (page.prev_href, page.next_href) = hoptac_web::ui::pager(&found, href);
            page.rows = found.items.iter().map(|s| shop_row(t, s)).collect();
        }
        Err(errors) => page.filter_error = Some(super::pages::filter_message(&errors, lang)),
    }
    render(page)
}

/// A product as a shop's or a fair's page lists it.
pub(super) struct ProductItem {
    pub id: i64,
    pub name: String,
    pub organisation_name: String,
    pub province_name: String,
    pub stars: String,
    pub star_count: i32,
}

pub(super) fn product_item(p: &Product) -> ProductItem {
    ProductItem {
        id: p.id,
        name: p.name.clone(),
        organisation_name: p.organisation_name.clone(),
        province_name: p.province_name.clone(),
        stars: p.stars.map(view::stars).unwrap_or_default(),
        star_count: p.stars.unwrap_or(0),
    }
}

#[derive(Template)]
#[template(path = "market_shop.html")]
struct ShopPage {
    t: Tr,
    chrome: Chrome,
    shop: Shop,
    row: ShopRow,
    opened_on: String,
    products: Vec<ProductItem>,
    may_edit: bool,
}

pub async fn shop(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let shop = shops::get(state.db(), id).await.or_page(lang)?;
    let carried = shops::products_of(state.db(), id, state.clock().today())
        .await
        .or_page(lang)?;
    let may_edit = ctx.user.is_some() && shops::may_edit(state.db(), &ctx.access, &shop).await;
    render(ShopPage {
        t,
        chrome: Chrome::new(&ctx),
        row: shop_row(t, &shop),
        opened_on: shop.open_since.map(format_date).unwrap_or_default(),
        shop,
        products: carried.iter().map(product_item).collect(),
        may_edit,
    })
}

#[derive(Template)]
#[template(path = "market_shop_form.html")]
struct ShopFormPage {
    t: Tr,
    chrome: Chrome,
    title: String,
    action: String,
    cancel: String,
    input: ShopInput,
    errors: FormErrors,
    conflict: Option<hoptac_web::routes::Conflict>,
    kinds: Options,
    provinces: Options,
    states: Options,
    is_new: bool,
}

impl ShopFormPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

async fn shop_form(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    input: ShopInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let (title, action, cancel) = match id {
        Some(id) => (
            t.s("market-edit_shop"),
            format!("/market/shops/{id}/edit"),
            format!("/market/shops/{id}"),
        ),
        None => (
            t.s("market-new_shop"),
            "/market/shops".to_owned(),
            "/market/shops".to_owned(),
        ),
    };
    let (status, errors, conflict) = refusal.into_parts();
    render_refused(
        status,
        ShopFormPage {
            t,
            chrome: Chrome::new(ctx),
            title: title.to_owned(),
            action,
            cancel,
            input,
            errors: FormErrors::new(lang, errors),
            conflict,
            kinds: view::choices(ShopKind::ALL, ShopKind::as_str, |k| k.label(lang)),
            provinces: province_options(state, Era::Y2025, lang).await?,
            states: view::choices(ShopState::ALL, ShopState::as_str, |s| s.label(lang)),
            is_new: id.is_none(),
        },
    )
}

pub async fn new_shop(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    ctx.page_user()?;
    if !may_add_shop(&ctx) {
        return Err(PageError::from_store(StoreError::Forbidden, ctx.lang));
    }
    let input = ShopInput {
        kind: ShopKind::OcopShop.as_str().to_owned(),
        province_code: view::sole_promoted_province(&ctx.access),
        ..ShopInput::default()
    };
    shop_form(&state, &ctx, None, input, Refusal::None).await
}

pub async fn create_shop(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<ShopInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match shops::create(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/market/shops/{id}/products")).into_response()),
        Err(errors) => shop_form(&state, &ctx, None, input, Refusal::Errors(errors)).await,
    }
}

/// A shop the person may keep.
async fn kept_shop(state: &AppState, ctx: &Ctx, id: i64) -> Result<Shop, PageError> {
    let shop = shops::get(state.db(), id).await.or_page(ctx.lang)?;
    if !shops::may_edit(state.db(), &ctx.access, &shop).await {
        return Err(PageError::from_store(StoreError::Forbidden, ctx.lang));
    }
    Ok(shop)
}

pub async fn edit_shop(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let shop = kept_shop(&state, &ctx, id).await?;
    shop_form(&state, &ctx, Some(id), shop.to_input(), Refusal::None).await
}

pub async fn update_shop(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<ShopInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let outcome = shops::update(&state.context(&actor), id, &input).await;
    let saved = async || {
        let s = kept_shop(&state, &ctx, id).await?;
        Ok((s.to_input(), s.updated_at))
    };
    match refused_edit(outcome, input, saved, ctx.lang).await? {
        None => Ok(Redirect::to(&format!("/market/shops/{id}")).into_response()),
        Some((input, refusal)) => shop_form(&state, &ctx, Some(id), input, refusal).await,
    }
}

/// The products page's search: words of a product's or its producer's name.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProductSearch {
    pub q: Option<String>,
}

/// A product to tick on the products page.
struct ProductChoice {
    item: ProductItem,
    carried: bool,
}

#[derive(Template)]
#[template(path = "market_shop_products.html")]
struct ShopProductsPage {
    t: Tr,
    chrome: Chrome,
    shop: Shop,
    q: String,
    choices: Vec<ProductChoice>,
    found_none: bool,
    errors: FormErrors,
}

/// The products a shop carries or that were ticked, ticked, then those a search finds (the shop's
/// province's certified products without words), to tick.
async fn products_page(
    state: &AppState,
    ctx: &Ctx,
    shop: Shop,
    q: Option<String>,
    ticked: Option<Vec<i64>>,
    errors: hoptac_core::FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let today = state.clock().today();
    let carried = shops::products_of(state.db(), shop.id, today)
        .await
        .or_page(lang)?;
    let ticked = ticked.unwrap_or_else(|| carried.iter().map(|p| p.id).collect());
    // Without words, the certified products of the shop's province; words find any product of
    // the OCOP register, of any province, with or without stars.
    let filter = ProductFilter {
        query: q.clone(),
        province: q.is_none().then(|| shop.province_code.clone()),
        certified_only: q.is_none(),
        ..ProductFilter::default()
    };
    let found = products::list(state.db(), &filter, Paging::new(Some(1), Some(100)), today)
        .await
        .or_page(lang)?;
    let found_none = q.is_some() && found.items.is_empty();
    // What was ticked stays on the page whatever the words, saved or not.
    let ticked_elsewhere: Vec<i64> = ticked
        .iter()
        .copied()
        .filter(|id| !carried.iter().any(|c| c.id == *id))
        .collect();
    let ticked_products = products::with_ids(state.db(), &ticked_elsewhere, today)
        .await
        .or_page(lang)?;
    let mut shown: Vec<i64> = Vec::new();
    let mut choices: Vec<ProductChoice> = Vec::new();
    for p in carried.iter().chain(&ticked_products).chain(&found.items) {
        if shown.contains(&p.id) {
            continue;
        }
        shown.push(p.id);
        choices.push(ProductChoice {
            item: product_item(p),
            carried: ticked.contains(&p.id),
        });
    }
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    render_refused(
        status,
        ShopProductsPage {
            t: tr(lang),
            chrome: Chrome::new(ctx),
            shop,
            q: q.unwrap_or_default(),
            found_none,
            choices,
            errors: FormErrors::new(lang, errors),
        },
    )
}

pub async fn shop_products(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(search): Query<ProductSearch>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let shop = kept_shop(&state, &ctx, id).await?;
    let q = blank(&search.q).map(str::to_owned);
    products_page(&state, &ctx, shop, q, None, hoptac_core::FieldErrors::new()).await
}

/// The products page's form: the ticks, the shop's version, and the words of a search asked with
/// the "find" button (which keeps the ticks and saves nothing).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProductsForm {
    #[serde(deserialize_with = "crate::domain::inputs::text_list")]
    pub product_ids: Vec<String>,
    pub version: Option<i64>,
    pub q: Option<String>,
    pub find: Option<String>,
}

pub async fn set_shop_products(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(form): HtmlForm<ProductsForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let ticked: Vec<i64> = form
        .product_ids
        .iter()
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    if form.find.is_some() {
        let shop = kept_shop(&state, &ctx, id).await?;
        let q = blank(&form.q).map(str::to_owned);
        return products_page(
            &state,
            &ctx,
            shop,
            q,
            Some(ticked),
            hoptac_core::FieldErrors::new(),
        )
        .await;
    }
    let input = ShopProductsInput {
        product_ids: form.product_ids,
        version: form.version,
    };
    // Refused, the ticks come back as they were sent; someone's save meanwhile is said, and the
    // page then carries the shop's version now.
    let saved = shops::set_products(&state.context(&actor), id, &input).await;
    match super::or_typed(saved, ctx.lang)? {
        Ok(()) => Ok(Redirect::to(&format!("/market/shops/{id}")).into_response()),
        Err((errors, _)) => {
            let shop = kept_shop(&state, &ctx, id).await?;
            products_page(&state, &ctx, shop, None, Some(ticked), errors).await
        }
    }
}
