//! The market's pages: the public catalogue and a listing's page, buyers' demands and a demand's
//! page with the supply that answers it, the forms to list a product and post a demand, and the
//! listings on an organisation's page.

use super::view;
use super::{tr, DemandQuery, ListingQuery};
use crate::domain::inputs::{DemandInput, ListingInput};
use crate::domain::{DemandState, ListingState, UnitPrice};
use crate::store::demands::{self, Demand};
use crate::store::listings::{self, Listing, ListingFilter};
use crate::store::{matches_for_demand, matches_for_listing};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hoptac_core::access::{Permission, Scope};
use hoptac_core::admin::Era;
use hoptac_core::i18n::error_message;
use hoptac_core::numbers::{format_date, format_int};
use hoptac_core::{gate, FieldErrors, Paging, StoreError};
use hoptac_ocop::store::products::{self, ProductFilter};
use hoptac_ocop::web::pages::{groups, GroupsByScheme};
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::{HtmlForm, Path, Query};
use hoptac_web::routes::{
    blank, province_options, render, render_fragment, render_refused, Conflict, Refusal,
};
use hoptac_web::ui::{filters_set, url_encode, Chrome, FormErrors, Tr};
use hoptac_web::AppState;
use std::collections::HashMap;

type Options = Vec<(String, String)>;

pub(super) fn filter_message(errors: &FieldErrors, lang: hoptac_core::Lang) -> String {
    errors
        .iter()
        .map(|e| error_message(e, lang))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The address of a list page with its filters and page number.
pub(super) fn list_href(path: &str, pairs: &[(&str, &Option<String>)], page: i64) -> String {
    let mut query: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", url_encode(v))))
        .collect();
    query.push(format!("page={page}"));
    format!("{path}?{}", query.join("&"))
}

/// True when the person may trade for some organisation (to offer the forms).
fn trades(ctx: &Ctx) -> bool {
    ctx.user.is_some() && ctx.access.allows_anywhere(Permission::Trade)
}

/// True when the person may list products: trades for a producer (a buyer buys).
fn sells(ctx: &Ctx) -> bool {
    ctx.user.is_some()
        && (ctx.access.admin
            || ctx
                .access
                .grants
                .iter()
                .any(|g| g.role.permits(Permission::Trade) && g.role != hoptac_core::access::Role::Buyer))
}

// ----- the catalogue -----

/// A listing as a card of the catalogue.
pub(super) struct ListingCard {
    id: i64,
    product_name: String,
    organisation_name: String,
    province_name: String,
    photo: Option<i64>,
    stars: String,
    star_count: i32,
    season: String,
    price: String,
    volume: String,
    state: Option<&'static str>,
    tags: Vec<&'static str>,
}

fn tags(t: Tr, listing: &Listing) -> Vec<&'static str> {
    let mut tags = Vec::new();
    if listing.vietgap {
        tags.push(t.s("market-vietgap"));
    }
    if listing.organic {
        tags.push(t.s("market-organic"));
    }
    if listing.has_quality_declaration {
        tags.push(t.s("market-quality_declared"));
    }
    if let Some(ip) = listing
        .ip_protection
        .as_deref()
        .and_then(hoptac_ocop::domain::inputs::IpProtection::parse)
    {
        tags.push(ip.label(t.lang()));
    }
    tags
}

async fn cards(state: &AppState, t: Tr, items: &[Listing]) -> Result<Vec<ListingCard>, PageError> {
    let ids: Vec<i64> = items.iter().map(|l| l.product_id).collect();
    let photos = hoptac_ocop::store::files::first_photos(state.db(), &ids)
        .await
        .or_page(t.lang())?;
    Ok(items
        .iter()
        .map(|l| ListingCard {
            id: l.id,
            product_name: l.product_name.clone(),
            organisation_name: l.organisation_name.clone(),
            province_name: l.province_name.clone(),
            photo: photos.get(&l.product_id).copied(),
            stars: l.stars.map(view::stars).unwrap_or_default(),
            star_count: l.stars.unwrap_or(0),
            season: view::season(t, l.season()),
            price: view::price_range(t, l.price_min, l.price_max, l.unit),
            volume: t.f(
                "market-per_month",
                &[("quantity", &view::quantity(t, l.monthly_volume, l.unit))],
            ),
            state: (l.state != ListingState::Active).then(|| l.state.label(t.lang())),
            tags: tags(t, l),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "market_catalogue.html")]
struct CataloguePage {
    t: Tr,
    chrome: Chrome,
    q: ListingQuery,
    provinces: Options,
    groups: GroupsByScheme,
    months: Options,
    cards: Vec<ListingCard>,
    total_text: String,
    filter_error: Option<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
    may_trade: bool,
    may_sell: bool,
}

impl CataloguePage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn beyond_search(&self) -> usize {
        let q = &self.q;
        filters_set(
            &[
                &q.province,
                &q.group,
                &q.stars,
                &q.certified,
                &q.month,
                &q.delivers_to,
            ]
            .map(|v| self.value(v)),
        )
    }
}

fn catalogue_href(q: &ListingQuery, page: i64) -> String {
    list_href(
        "/market",
        &[
            ("q", &q.q),
            ("province", &q.province),
            ("group", &q.group),
            ("stars", &q.stars),
            ("certified", &q.certified),
            ("month", &q.month),
            ("delivers_to", &q.delivers_to),
            ("organisation_id", &q.organisation_id),
        ],
        page,
    )
}

/// The public catalogue: listings on offer, searched without diacritics and filtered.
pub async fn catalogue(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListingQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let mut page = CataloguePage {
        t,
        chrome: Chrome::new(&ctx),
        provinces: province_options(&state, Era::Y2025, lang).await?,
        groups: groups(t),
        months: view::month_options(t),
        cards: Vec::new(),
        total_text: String::new(),
        filter_error: None,
        prev_href: None,
        next_href: None,
        may_trade: trades(&ctx),
        may_sell: sells(&ctx),
        q: q.clone(),
    };
    match q.to_filter() {
        Ok((mut filter, paging)) => {
            listings::within_reach(state.db(), &ctx.actor(), &mut filter).await;
            filter.count_up_to = Some(listings::COUNTED_UP_TO);
            let found = listings::list(state.db(), &filter, paging, state.clock().today())
                .await
                .or_page(lang)?;
            page.total_text = if found.total > listings::COUNTED_UP_TO {
                t.count("market-count_more", listings::COUNTED_UP_TO, &[])
            } else {
                t.count("market-count", found.total, &[])
            };
            (page.prev_href, page.next_href) = hoptac_web::ui::pager(&found, |n| catalogue_href(&q, n));
            page.cards = cards(&state, t, &found.items).await?;
        }
        Err(errors) => page.filter_error = Some(filter_message(&errors, lang)),
    }
    render(page)
}

// ----- one listing -----

/// A demand as a row of a list, with the score of a listing for it when there is one.
struct DemandRow {
    id: i64,
    product: String,
    buyer_name: String,
    quantity: String,
    period: String,
    delivery: String,
    wants: String,
    state: &'static str,
    open: bool,
    score: Option<u32>,
    reasons: Vec<String>,
    /// Where to open a conversation with the buyer about it, for a listing's keepers.
    talk_href: Option<String>,
}

/// What a demand asks besides its product and quantity: stars, VietGAP, organic, a price ceiling.
fn wants(t: Tr, d: &Demand) -> String {
    let mut parts = Vec::new();
    if let Some(stars) = d.min_stars {
        let key = if d.certificate_through_period {
            "market-wants_stars_through"
        } else {
            "market-wants_stars"
        };
        parts.push(t.f(key, &[("stars", &stars)]));
    }
    if d.vietgap {
        parts.push(t.s("market-vietgap").to_owned());
    }
    if d.organic {
        parts.push(t.s("market-organic").to_owned());
    }
    if let Some(ceiling) = d.price_ceiling {
        let ceiling = view::price(
            t,
            UnitPrice {
                amount: ceiling,
                unit: d.unit,
            },
        );
        parts.push(t.f("market-wants_ceiling", &[("price", &ceiling)]));
    }
    parts.join(" · ")
}

fn demand_row(t: Tr, d: &Demand) -> DemandRow {
    DemandRow {
        id: d.id,
        product: d.product.clone(),
        buyer_name: d.buyer_name.clone(),
        quantity: t.f(
            "market-in_total",
            &[("quantity", &view::quantity(t, d.quantity, d.unit))],
        ),
        period: t.f(
            "market-period",
            &[
                ("from", &format_date(d.starts_on)),
                ("to", &format_date(d.ends_on)),
            ],
        ),
        delivery: d.delivery_province_name.clone(),
        wants: wants(t, d),
        state: d.state.label(t.lang()),
        open: d.state == DemandState::Open,
        score: None,
        reasons: Vec::new(),
        talk_href: None,
    }
}

#[derive(Template)]
#[template(path = "market_listing.html")]
struct ListingPage {
    t: Tr,
    chrome: Chrome,
    listing: Listing,
    stars: String,
    holds_until: String,
    photos: Vec<i64>,
    facts: Vec<(&'static str, String)>,
    tags: Vec<&'static str>,
    state: Option<&'static str>,
    may_edit: bool,
    /// A buyer who may write to the seller about it: signed in, trading for someone else.
    may_contact: bool,
    demands: Vec<DemandRow>,
    /// The open shops that carry the product: where to buy it.
    shops: Vec<crate::store::shops::Shop>,
}

async fn province_names(
    state: &AppState,
    lang: hoptac_core::Lang,
) -> Result<HashMap<String, String>, PageError> {
    Ok(province_options(state, Era::Y2025, lang)
        .await?
        .into_iter()
        .collect())
}

/// A listing's page: the product, its producer, season, volumes, prices, delivery and
/// certificates; for its keepers, the open demands it answers.
pub async fn listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let today = state.clock().today();
    let actor = ctx.actor();
    let listing = listings::visible(state.db(), &actor, id, today)
        .await
        .or_page(lang)?;
    let may_edit = ctx.user.is_some()
        && gate::authorize(state.db(), &actor, Permission::Trade, listing.organisation_id)
            .await
            .is_ok();
    let demands = if may_edit {
        matches_for_listing(state.db(), &actor, id, today)
            .await
            .or_page(lang)?
            .into_iter()
            .map(|m| DemandRow {
                score: Some(m.score),
                reasons: m.reasons.iter().map(|r| view::reason(t, r)).collect(),
                talk_href: Some(format!(
                    "/market/conversations/new?listing_id={id}&demand_id={}",
                    m.demand.id
                )),
                ..demand_row(t, &m.demand)
            })
            .collect()
    } else {
        Vec::new()
    };
    let photos = hoptac_ocop::store::files::photos(state.db(), listing.product_id)
        .await
        .or_page(lang)?
        .into_iter()
        .map(|f| f.id)
        .collect();
    let provinces = province_names(&state, lang).await?;
    let mut facts = vec![
        (t.s("field-season"), view::season(t, listing.season())),
        (
            t.s("field-monthly_volume"),
            view::quantity(t, listing.monthly_volume, listing.unit),
        ),
        (
            t.s("market-price"),
            view::price_range(t, listing.price_min, listing.price_max, listing.unit),
        ),
        (t.s("field-delivers_to"), view::delivery(t, &listing, &provinces)),
        (
            t.s("field-product_group"),
            listing.product_group.label(lang).to_owned(),
        ),
    ];
    if let Some(min) = listing.min_order {
        facts.push((t.s("field-min_order"), view::quantity(t, min, listing.unit)));
    }
    facts.push((
        t.s("market-listed_on"),
        hoptac_core::numbers::format_day_of(listing.created_at),
    ));
    let shops = crate::store::shops::carrying(state.db(), listing.product_id)
        .await
        .or_page(lang)?;
    let page = ListingPage {
        t,
        chrome: Chrome::new(&ctx),
        shops,
        stars: listing.stars.map(view::stars).unwrap_or_default(),
        // Said as the OCOP pages say it: the day the certificate expires.
        holds_until: listing.expires_on.map(format_date).unwrap_or_default(),
        photos,
        facts,
        tags: tags(t, &listing),
        state: (listing.state != ListingState::Active).then(|| listing.state.label(lang)),
        may_contact: !may_edit
            && listing.state == ListingState::Active
            && ctx.access.allows_anywhere(Permission::Trade),
        may_edit,
        demands,
        listing,
    };
    render(page)
}

// ----- the listing form -----

#[derive(Template)]
#[template(path = "market_listing_form.html")]
struct ListingFormPage {
    t: Tr,
    chrome: Chrome,
    title: &'static str,
    action: String,
    cancel: String,
    input: ListingInput,
    errors: FormErrors,
    conflict: Option<Conflict>,
    products: Options,
    units: Vec<(&'static str, &'static str)>,
    months: Options,
    provinces: Options,
    states: Vec<(&'static str, &'static str)>,
    is_new: bool,
}

impl ListingFormPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn has_month(&self, month: &str) -> bool {
        self.input.season.iter().any(|m| m.trim() == month)
    }

    fn delivers(&self, code: &str) -> bool {
        self.input.delivers_to.iter().any(|c| c.trim() == code)
    }
}

/// The organisations the person keeps by a grant of their own (a manager's, a buyer's).
pub(super) fn own_organisations(ctx: &Ctx) -> Vec<i64> {
    ctx.access
        .grants
        .iter()
        .filter(|g| g.role.permits(Permission::Trade))
        .filter_map(|g| match g.scope {
            Scope::Organisation(id) => Some(id),
            _ => None,
        })
        .collect()
}

/// The products a listing may be of: those of the organisation asked, or of the person's own
/// organisations, and the one already chosen.
async fn product_options(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: Option<i64>,
    chosen: Option<&str>,
) -> Result<Options, PageError> {
    let lang = ctx.lang;
    let mut organisations = own_organisations(ctx);
    organisations.extend(organisation_id);
    let mut options: Options = Vec::new();
    let today = state.clock().today();
    for id in organisations {
        let filter = ProductFilter {
            organisation_id: Some(id),
            ..ProductFilter::default()
        };
        let found = products::list(
            state.db(),
            &filter,
            Paging::new(Some(1), Some(Paging::MAX_PER_PAGE)),
            today,
        )
        .await
        .or_page(lang)?;
        for p in found.items {
            options.push((p.id.to_string(), format!("{} ({})", p.name, p.organisation_name)));
        }
    }
    if let Some(id) = chosen.and_then(|c| c.trim().parse::<i64>().ok()) {
        if !options.iter().any(|(value, _)| *value == id.to_string()) {
            if let Ok(p) = products::get(state.db(), id, today).await {
                options.push((p.id.to_string(), format!("{} ({})", p.name, p.organisation_name)));
            }
        }
    }
    options.sort_by(|a, b| hoptac_core::text::compare_names(&a.1, &b.1));
    options.dedup();
    Ok(options)
}

async fn listing_form(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    organisation_id: Option<i64>,
    input: ListingInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let (title, action, cancel) = match id {
        Some(id) => (
            t.s("market-edit_listing"),
            format!("/market/listings/{id}/edit"),
            format!("/market/listings/{id}"),
        ),
        None => (
            t.s("market-new_listing"),
            "/market/listings".to_owned(),
            "/market".to_owned(),
        ),
    };
    let products = product_options(state, ctx, organisation_id, input.product_id.as_deref()).await?;
    let (status, errors, conflict) = refusal.into_parts();
    render_refused(
        status,
        ListingFormPage {
            t,
            chrome: Chrome::new(ctx),
            title,
            action,
            cancel,
            input,
            errors: FormErrors::new(lang, errors),
            conflict,
            products,
            units: view::unit_options(t),
            months: view::month_options(t),
            provinces: province_options(state, Era::Y2025, lang).await?,
            states: hoptac_web::ui::options(ListingState::ALL, ListingState::as_str, |s| s.label(lang)),
            is_new: id.is_none(),
        },
    )
}

/// What a new listing's form may start from.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NewListingQuery {
    product_id: Option<String>,
    organisation_id: Option<String>,
}

pub async fn new_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewListingQuery>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let input = ListingInput {
        product_id: blank(&q.product_id).map(str::to_owned),
        unit: "kg".into(),
        ..ListingInput::default()
    };
    let organisation_id = blank(&q.organisation_id).and_then(|id| id.parse().ok());
    listing_form(&state, &ctx, None, organisation_id, input, Refusal::None).await
}

pub async fn create_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<ListingInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match listings::create(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/market/listings/{id}")).into_response()),
        Err(errors) => listing_form(&state, &ctx, None, None, input, Refusal::Errors(errors)).await,
    }
}

async fn kept_listing(state: &AppState, ctx: &Ctx, id: i64) -> Result<Listing, PageError> {
    let listing = listings::get(state.db(), id, state.clock().today())
        .await
        .or_page(ctx.lang)?;
    gate::authorize(
        state.db(),
        &ctx.actor(),
        Permission::Trade,
        listing.organisation_id,
    )
    .await
    .or_page(ctx.lang)?;
    Ok(listing)
}

pub async fn edit_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let listing = kept_listing(&state, &ctx, id).await?;
    listing_form(&state, &ctx, Some(id), None, listing.to_input(), Refusal::None).await
}

pub async fn update_listing(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<ListingInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let refusal = match listings::update(&state.context(&actor), id, &input).await {
        Ok(()) => return Ok(Redirect::to(&format!("/market/listings/{id}")).into_response()),
        Err(StoreError::Stale { .. }) => {
            let saved = kept_listing(&state, &ctx, id).await?;
            let (input, conflict) = Conflict::merge(&saved.to_input(), input, saved.updated_at, ctx.lang);
            return listing_form(&state, &ctx, Some(id), None, input, conflict).await;
        }
        Err(StoreError::Validation(e) | StoreError::Conflict(e)) => Refusal::Errors(e),
        Err(other) => return Err(PageError::from_store(other, ctx.lang)),
    };
    listing_form(&state, &ctx, Some(id), None, input, refusal).await
}

// ----- demands -----

#[derive(Template)]
#[template(path = "market_demands.html")]
struct DemandsPage {
    t: Tr,
    chrome: Chrome,
    q: DemandQuery,
    provinces: Options,
    groups: GroupsByScheme,
    rows: Vec<DemandRow>,
    total_text: String,
    filter_error: Option<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
    may_trade: bool,
}

impl DemandsPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

fn demands_href(q: &DemandQuery, page: i64) -> String {
    list_href(
        "/market/demands",
        &[
            ("q", &q.q),
            ("delivery_province", &q.delivery_province),
            ("group", &q.group),
            ("buyer_id", &q.buyer_id),
        ],
        page,
    )
}

/// Buyers' open demands, the newest first; a buyer's own in every state.
pub async fn demands_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DemandQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let mut page = DemandsPage {
        t,
        chrome: Chrome::new(&ctx),
        provinces: province_options(&state, Era::Y2025, lang).await?,
        groups: groups(t),
        rows: Vec::new(),
        total_text: String::new(),
        filter_error: None,
        prev_href: None,
        next_href: None,
        may_trade: trades(&ctx),
        q: q.clone(),
    };
    match q.to_filter() {
        Ok((filter, paging)) => {
            let found = demands::list(state.db(), &ctx.actor(), &filter, paging)
                .await
                .or_page(lang)?;
            page.total_text = t.count("market-demand_count", found.total, &[]);
            (page.prev_href, page.next_href) = hoptac_web::ui::pager(&found, |n| demands_href(&q, n));
            page.rows = found.items.iter().map(|d| demand_row(t, d)).collect();
        }
        Err(errors) => page.filter_error = Some(filter_message(&errors, lang)),
    }
    render(page)
}

/// A listing that answers a demand, as a row of the demand's page.
struct MatchRow {
    listing_id: i64,
    product_name: String,
    organisation_id: i64,
    organisation_name: String,
    province_name: String,
    stars: String,
    star_count: i32,
    score: u32,
    price: String,
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "market_demand.html")]
struct DemandPage {
    t: Tr,
    chrome: Chrome,
    demand: Demand,
    row: DemandRow,
    matches: Vec<MatchRow>,
    together: Option<String>,
    excluded: Vec<(i64, String, String, String)>,
    /// How many answer, when more than the page shows.
    answering: Option<String>,
    may_edit: bool,
}

/// A demand's page: what is wanted, and the listings that answer it across every province, best
/// first and each explained; several together when no one covers it; those of the product that
/// do not, and why.
pub async fn demand(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let actor = ctx.actor();
    let found = matches_for_demand(state.db(), &actor, id, state.clock().today())
        .await
        .or_page(lang)?;
    let may_edit = ctx.user.is_some() && demands::may_edit(state.db(), &actor, &found.demand).await;
    let names: HashMap<i64, String> = found
        .matches
        .iter()
        .map(|m| {
            (
                m.listing.id,
                format!("{} ({})", m.listing.product_name, m.listing.organisation_name),
            )
        })
        .collect();
    let together = found.together.as_ref().map(|together| {
        let listed: Vec<String> = together
            .listing_ids
            .iter()
            .filter_map(|id| names.get(id).cloned())
            .collect();
        let key = if together.covers {
            "market-together_covers"
        } else {
            "market-together_short"
        };
        t.f(
            key,
            &[
                ("n", &listed.len()),
                ("listings", &listed.join("; ")),
                (
                    "quantity",
                    &view::quantity_in(t, together.supply, found.demand.unit),
                ),
            ],
        )
    });
    let matches = found
        .matches
        .iter()
        .map(|m| MatchRow {
            listing_id: m.listing.id,
            product_name: m.listing.product_name.clone(),
            organisation_id: m.listing.organisation_id,
            organisation_name: m.listing.organisation_name.clone(),
            province_name: m.listing.province_name.clone(),
            stars: m.listing.stars.map(view::stars).unwrap_or_default(),
            star_count: m.listing.stars.unwrap_or(0),
            score: m.score,
            price: view::price_range(t, m.listing.price_min, m.listing.price_max, m.listing.unit),
            reasons: m.reasons.iter().map(|r| view::reason(t, r)).collect(),
        })
        .collect();
    let excluded = found
        .excluded
        .iter()
        .map(|(l, why)| {
            (
                l.id,
                l.product_name.clone(),
                l.organisation_name.clone(),
                view::exclusion(t, why),
            )
        })
        .collect();
    let answering = (found.answering > found.matches.len()).then(|| {
        t.count(
            "market-best_of",
            found.answering as i64,
            &[("shown", &found.matches.len().to_string())],
        )
    });
    let page = DemandPage {
        t,
        chrome: Chrome::new(&ctx),
        answering,
        row: demand_row(t, &found.demand),
        demand: found.demand,
        matches,
        together,
        excluded,
        may_edit,
    };
    render(page)
}

#[derive(Template)]
#[template(path = "market_demand_form.html")]
struct DemandFormPage {
    t: Tr,
    chrome: Chrome,
    title: &'static str,
    action: String,
    cancel: String,
    input: DemandInput,
    errors: FormErrors,
    conflict: Option<Conflict>,
    buyers: Options,
    groups: GroupsByScheme,
    units: Vec<(&'static str, &'static str)>,
    provinces: Options,
    states: Vec<(&'static str, &'static str)>,
    is_new: bool,
}

impl DemandFormPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

/// The organisations a demand may be posted for without typing: the person's own.
async fn buyer_options(state: &AppState, ctx: &Ctx, chosen: Option<&str>) -> Result<Options, PageError> {
    let mut ids = own_organisations(ctx);
    ids.extend(chosen.and_then(|c| c.trim().parse::<i64>().ok()));
    ids.sort_unstable();
    ids.dedup();
    let mut options = Vec::new();
    for id in ids {
        if let Ok(org) = hoptac_registry::store::organisations::get(state.db(), id).await {
            options.push((id.to_string(), org.name));
        }
    }
    Ok(options)
}

async fn demand_form(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    input: DemandInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let (title, action, cancel) = match id {
        Some(id) => (
            t.s("market-edit_demand"),
            format!("/market/demands/{id}/edit"),
            format!("/market/demands/{id}"),
        ),
        None => (
            t.s("market-new_demand"),
            "/market/demands".to_owned(),
            "/market/demands".to_owned(),
        ),
    };
    let buyers = buyer_options(state, ctx, input.buyer_id.as_deref()).await?;
    let (status, errors, conflict) = refusal.into_parts();
    render_refused(
        status,
        DemandFormPage {
            t,
            chrome: Chrome::new(ctx),
            title,
            action,
            cancel,
            input,
            errors: FormErrors::new(lang, errors),
            conflict,
            buyers,
            groups: groups(t),
            units: view::unit_options(t),
            provinces: province_options(state, Era::Y2025, lang).await?,
            states: hoptac_web::ui::options(DemandState::ALL, DemandState::as_str, |s| s.label(lang)),
            is_new: id.is_none(),
        },
    )
}

pub async fn new_demand(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    ctx.page_user()?;
    let own = own_organisations(&ctx);
    let input = DemandInput {
        buyer_id: (own.len() == 1).then(|| own[0].to_string()),
        unit: "kg".into(),
        ..DemandInput::default()
    };
    demand_form(&state, &ctx, None, input, Refusal::None).await
}

pub async fn create_demand(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<DemandInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match demands::create(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/market/demands/{id}")).into_response()),
        Err(errors) => demand_form(&state, &ctx, None, input, Refusal::Errors(errors)).await,
    }
}

async fn kept_demand(state: &AppState, ctx: &Ctx, id: i64) -> Result<Demand, PageError> {
    let actor = ctx.actor();
    let demand = demands::get(state.db(), &actor, id).await.or_page(ctx.lang)?;
    gate::authorize(state.db(), &actor, Permission::Trade, demand.buyer_id)
        .await
        .or_page(ctx.lang)?;
    Ok(demand)
}

pub async fn edit_demand(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let demand = kept_demand(&state, &ctx, id).await?;
    demand_form(&state, &ctx, Some(id), demand.to_input(), Refusal::None).await
}

pub async fn update_demand(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<DemandInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let refusal = match demands::update(&state.context(&actor), id, &input).await {
        Ok(()) => return Ok(Redirect::to(&format!("/market/demands/{id}")).into_response()),
        Err(StoreError::Stale { .. }) => {
            let saved = kept_demand(&state, &ctx, id).await?;
            let (input, conflict) = Conflict::merge(&saved.to_input(), input, saved.updated_at, ctx.lang);
            return demand_form(&state, &ctx, Some(id), input, conflict).await;
        }
        Err(StoreError::Validation(e) | StoreError::Conflict(e)) => Refusal::Errors(e),
        Err(other) => return Err(PageError::from_store(other, ctx.lang)),
    };
    demand_form(&state, &ctx, Some(id), input, refusal).await
}

// ----- on an organisation's page -----

/// How many of an organisation's listings its page shows.
const ORGANISATION_LISTINGS_SHOWN: i64 = 12;

#[derive(Template)]
#[template(path = "_market_organisation.html")]
struct OrganisationListings {
    t: Tr,
    heading: String,
    cards: Vec<ListingCard>,
    all: Option<(String, String)>,
    new_href: Option<String>,
}

/// The organisation's listings on its page, with the way to list a product for those who trade
/// for it; nothing when it lists nothing and the reader may not.
pub fn organisation_section(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: i64,
) -> hoptac_core::BoxFuture<'static, Result<Option<String>, PageError>> {
    let (state, lang, actor, signed_in) = (state.clone(), ctx.lang, ctx.actor(), ctx.user.is_some());
    Box::pin(async move {
        let t = tr(lang);
        let may_trade = signed_in
            && gate::authorize(state.db(), &actor, Permission::Trade, organisation_id)
                .await
                .is_ok();
        let filter = ListingFilter {
            organisation_id: Some(organisation_id),
            states: if may_trade {
                vec![ListingState::Active, ListingState::Paused]
            } else {
                Vec::new()
            },
            ..ListingFilter::default()
        };
        let paging = Paging::new(Some(1), Some(ORGANISATION_LISTINGS_SHOWN));
        let found = listings::list(state.db(), &filter, paging, state.clock().today())
            .await
            .or_page(lang)?;
        if found.items.is_empty() && !may_trade {
            return Ok(None);
        }
        let all = (found.total > ORGANISATION_LISTINGS_SHOWN).then(|| {
            (
                t.f("market-all_listings", &[("n", &format_int(found.total))]),
                format!("/market?organisation_id={organisation_id}"),
            )
        });
        // Awaited before the words are put together: their arguments may not be held across it.
        let cards = cards(&state, t, &found.items).await?;
        let section = OrganisationListings {
            heading: t.f("market-listings_of", &[("n", &format_int(found.total))]),
            cards,
            all,
            new_href: may_trade.then(|| format!("/market/listings/new?organisation_id={organisation_id}")),
            t,
        };
        Ok(Some(render_fragment(lang, section)?))
    })
}
