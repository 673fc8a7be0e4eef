//! The OCOP pages of products: the list with today's stars, a product's page with its certificate
//! history, the product form, the self-assessment with what stands between the product and the
//! next star, the application to a round, the public verification page behind a certificate's QR
//! code, and the certificate as PDF.

use super::application_pages::{state_text, FileRow};
use super::view::{
    assessment_view, certificate_rows, scorecard_text, sheet_parts, stars_text, verify_url, AssessmentView,
    CertificateRow, SheetPart,
};
use super::ProductQuery;
use crate::certificate_pdf::{certificate_pdf, CertificateDocument};
use crate::domain::certificate::CertificateState;
use crate::domain::inputs::{ApplicationInput, IpProtection, ProductInput, SheetInput};
use crate::domain::{ApplicationKind, ProductGroup, Scheme};
use crate::store::certificates::{self, Certificate};
use crate::store::products::{self, Product, ProductFilter};
use crate::store::scorecards::{self, ScorecardVersion};
use crate::store::{files, rounds, star_rules};
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use hoptac_core::access::{Permission, Place};
use hoptac_core::admin::Era;
use hoptac_core::gate;
use hoptac_core::i18n::error_message;
use hoptac_core::numbers::{format_date, format_int};
use hoptac_core::{FieldErrors, Paging, StoreError};
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::HtmlForm;
use hoptac_web::extract::{Path, Query};
use hoptac_web::routes::{
    blank, province_options, render, render_form, render_fragment, render_refused, Conflict, Refusal,
};
use hoptac_web::ui::{filters_set, options, url_encode, Chrome, FormErrors, Tr};
use hoptac_web::AppState;
use std::collections::BTreeMap;

pub type Options = Vec<(&'static str, &'static str)>;

/// The product groups under the decision each belongs to (a select's option groups), the one in
/// force first: the two decisions name groups alike ("Thực phẩm"), and a product keeps its own.
pub type GroupsByScheme = Vec<(&'static str, Options)>;

pub fn groups(t: Tr) -> GroupsByScheme {
    Scheme::ALL
        .iter()
        .map(|scheme| {
            let of_scheme: Vec<ProductGroup> = ProductGroup::of_scheme(*scheme).collect();
            let labels = options(&of_scheme, ProductGroup::as_str, |g| g.label(t.lang()));
            (scheme.label(t.lang()), labels)
        })
        .collect()
}

// ----- list -----

struct ProductRow {
    id: i64,
    name: String,
    organisation_id: i64,
    organisation_name: String,
    province: String,
    group: &'static str,
    stars: String,
    expires: String,
}

struct NoticeRow {
    product_id: i64,
    text: String,
}

#[derive(Template)]
#[template(path = "ocop_products.html")]
struct ProductsPage {
    t: Tr,
    chrome: Chrome,
    q: ProductQuery,
    groups: GroupsByScheme,
    provinces: Vec<(String, String)>,
    rows: Vec<ProductRow>,
    notices: Vec<NoticeRow>,
    filter_error: Option<String>,
    total_text: String,
    prev_href: Option<String>,
    next_href: Option<String>,
    may_register: bool,
}

impl ProductsPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    /// How many filters beyond the search words are set.
    fn beyond_search(&self) -> usize {
        let q = &self.q;
        filters_set(&[&q.province, &q.group, &q.stars, &q.certified].map(|v| self.value(v)))
    }
}

fn product_list_href(q: &ProductQuery, page: i64) -> String {
    let pairs = [
        ("q", &q.q),
        ("province", &q.province),
        ("group", &q.group),
        ("stars", &q.stars),
        ("certified", &q.certified),
        ("organisation_id", &q.organisation_id),
    ];
    let mut query: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", url_encode(v))))
        .collect();
    query.push(format!("page={page}"));
    format!("/ocop?{}", query.join("&"))
}

pub async fn products_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ProductQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let today = state.clock().today();
    let mut page = ProductsPage {
        t,
        chrome: Chrome::new(&ctx),
        groups: groups(t),
        provinces: province_options(&state, Era::Y2025, lang).await?,
        rows: Vec::new(),
        notices: Vec::new(),
        filter_error: None,
        total_text: String::new(),
        prev_href: None,
        next_href: None,
        may_register: ctx.user.is_some(),
        q: q.clone(),
    };
    if ctx.user.is_some() {
        page.notices = certificates::notices_for(state.db(), &ctx.actor())
            .await
            .or_page(lang)?
            .into_iter()
            .map(|n| NoticeRow {
                product_id: n.product_id,
                text: t.f(
                    "ocop-notice_expiry",
                    &[
                        ("number", &n.certificate_number),
                        ("product", &n.product_name),
                        ("date", &format_date(n.expires_on)),
                    ],
                ),
            })
            .collect();
    }
    match q.to_filter() {
        Ok((filter, paging)) => {
            let found = products::list(state.db(), &filter, paging, today)
                .await
                .or_page(lang)?;
            page.total_text = t.count("ocop-count", found.total, &[]);
            page.prev_href = (found.page > 1).then(|| product_list_href(&q, found.page - 1));
            page.next_href = (found.page < found.page_count()).then(|| product_list_href(&q, found.page + 1));
            page.rows = found
                .items
                .into_iter()
                .map(|p| ProductRow {
                    id: p.id,
                    group: p.product_group.label(lang),
                    stars: p.stars.map(stars_text).unwrap_or_default(),
                    expires: p.expires_on.map(format_date).unwrap_or_default(),
                    name: p.name,
                    organisation_id: p.organisation_id,
                    organisation_name: p.organisation_name,
                    province: p.province_name,
                })
                .collect();
        }
        Err(errors) => {
            page.filter_error = Some(
                errors
                    .iter()
                    .map(|e| error_message(e, lang))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    render(page)
}

// ----- one product -----

struct OpenRound {
    id: i64,
    name: String,
}

#[derive(Template)]
#[template(path = "ocop_product.html")]
struct ProductPage {
    t: Tr,
    chrome: Chrome,
    product: Product,
    group: &'static str,
    stars: String,
    holds_until: String,
    facts: Vec<(&'static str, String)>,
    certificates: Vec<CertificateRow>,
    may_edit: bool,
    /// The latest self-assessment, for those who may read it.
    assessment: Option<AssessmentView>,
    open_rounds: Vec<OpenRound>,
    kinds: Options,
    apply: ApplyForm,
    errors: FormErrors,
    photos: Vec<FileRow>,
    photo_hint: String,
    photo_errors: FormErrors,
    /// Fewer photos than a product may show: the upload form is offered.
    photo_room: bool,
    producer: ProducerView,
    /// The producer's other products, best first.
    others: Vec<ProductCard>,
    /// The product's applications the viewer may see: (id, round, kind, state).
    applications: Vec<(i64, String, &'static str, String)>,
}

/// Who makes a product and how to reach them, as its page shows it.
struct ProducerView {
    id: i64,
    /// The phone as written and as dialled.
    phone: Option<(String, String)>,
    name: String,
    place: String,
    facts: Vec<(&'static str, String)>,
}

/// A product in a grid of cards: its first photo, name, stars and group.
pub(super) struct ProductCard {
    id: i64,
    name: String,
    photo: Option<i64>,
    stars: String,
    star_count: i32,
    group: &'static str,
}

/// The cards of products, each with its first photo.
pub(super) async fn product_cards(
    state: &AppState,
    items: &[Product],
    lang: hoptac_core::Lang,
) -> Result<Vec<ProductCard>, PageError> {
    let ids: Vec<i64> = items.iter().map(|p| p.id).collect();
    let photos = files::first_photos(state.db(), &ids).await.or_page(lang)?;
    Ok(items
        .iter()
        .map(|p| ProductCard {
            id: p.id,
            name: p.name.clone(),
            photo: photos.get(&p.id).copied(),
            stars: p.stars.map(stars_text).unwrap_or_default(),
            star_count: p.stars.unwrap_or(0),
            group: p.product_group.label(lang),
        })
        .collect())
}

/// How many of a producer's other products its product's page shows.
const OTHER_PRODUCTS_SHOWN: i64 = 12;

/// The application form as typed.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ApplyForm {
    round_id: String,
    kind: String,
}

async fn product_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    apply: Option<ApplyForm>,
    errors: FieldErrors,
    photo_errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let db = state.db();
    let today = state.clock().today();
    let detail = products::detail(&state.context(&ctx.actor()), id)
        .await
        .or_page(lang)?;
    let (product, history) = (detail.product, detail.certificates);
    let place = gate::place_of(db, product.organisation_id).await.or_page(lang)?;
    let may_edit = ctx.access.allows(Permission::Edit, &place);
    let assessment = if ctx.access.allows(Permission::ReadPrivate, &place) {
        let rules = star_rules(db).await.or_page(lang)?;
        match products::latest_self_assessment(db, &ctx.actor(), id, &rules, today)
            .await
            .or_page(lang)?
        {
            Some(a) => {
                let card = scorecards::get(db, a.scorecard_id).await.or_page(lang)?;
                Some(assessment_view(&a, &card, t))
            }
            None => None,
        }
    } else {
        None
    };
    let open_rounds = if may_edit {
        rounds::list(db, Some(&product.province_code))
            .await
            .or_page(lang)?
            .into_iter()
            .filter(|r| r.receives_on(today))
            .map(|r| OpenRound {
                id: r.id,
                name: r.name,
            })
            .collect()
    } else {
        Vec::new()
    };
    // The most likely kind: re-recognition for a certificate about to lapse, else first evaluation.
    let apply = apply.unwrap_or_else(|| ApplyForm {
        round_id: String::new(),
        kind: match history.first().and_then(|c| c.state) {
            Some(CertificateState::ExpiringSoon) => ApplicationKind::Rerecognition,
            Some(CertificateState::Valid) => ApplicationKind::Upgrade,
            _ => ApplicationKind::First,
        }
        .as_str()
        .to_owned(),
    });
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let yes = |on: bool| if on { t.s("ocop-yes") } else { t.s("ocop-no") }.to_owned();
    let mut facts = vec![
        (t.s("field-product_set_id"), opt(&product.product_set_name)),
        (t.s("field-description"), opt(&product.description)),
        (
            t.s("field-has_quality_declaration"),
            yes(product.has_quality_declaration),
        ),
        (
            t.s("field-ip_protection"),
            product
                .ip_protection()
                .map(|p| p.label(lang).to_owned())
                .unwrap_or_default(),
        ),
        (t.s("field-has_traceability"), yes(product.has_traceability)),
        (t.s("field-is_value_chain"), yes(product.is_value_chain)),
    ];
    facts.retain(|(_, v)| !v.is_empty());
    let photos = files::photos(db, id).await.or_page(lang)?;
    let maker = products::producer(db, product.organisation_id)
        .await
        .or_page(lang)?;
    let mut producer_facts = vec![
        (t.s("field-address"), opt(&maker.address)),
        (
            t.s("field-representative_name"),
            match (&maker.representative_name, &maker.representative_title) {
                (Some(name), Some(title)) => format!("{name} ({title})"),
                (Some(name), None) => name.clone(),
                _ => String::new(),
            },
        ),
        (t.s("field-email"), opt(&maker.email)),
        (t.s("field-website"), opt(&maker.website)),
    ];
    producer_facts.retain(|(_, v)| !v.is_empty());
    let producer = ProducerView {
        // A number to call with a tap: its digits, and the plus of a country code.
        phone: hoptac_core::text::dialled(maker.phone.as_deref()),
        id: maker.organisation_id,
        place: format!("{}, {}", maker.commune_name, product.province_name),
        name: maker.name,
        facts: producer_facts,
    };
    let others_filter = ProductFilter {
        organisation_id: Some(product.organisation_id),
        ..Default::default()
    };
    let mut others = products::list(
        db,
        &others_filter,
        Paging::new(Some(1), Some(OTHER_PRODUCTS_SHOWN + 1)),
        today,
    )
    .await
    .or_page(lang)?
    .items;
    others.retain(|p| p.id != id);
    others.truncate(OTHER_PRODUCTS_SHOWN as usize);
    let applications = rounds::of_product(db, &ctx.actor(), id)
        .await
        .or_page(lang)?
        .into_iter()
        .map(|(a, round)| {
            let state = state_text(&a, &round, today, t);
            (a.id, round.name, a.kind.label(lang), state)
        })
        .collect();
    let others = product_cards(state, &others, lang).await?;
    let refused = !errors.is_empty() || !photo_errors.is_empty();
    render_form(
        refused,
        ProductPage {
            photo_room: (photos.len() as i64) < files::PHOTOS_PER_PRODUCT,
            photos: photos.iter().map(|f| FileRow::of(f, t)).collect(),
            photo_hint: t.f(
                "ocop-photo_hint",
                &[
                    ("megabytes", &(files::PHOTO_MAX_BYTES / (1024 * 1024))),
                    ("max", &files::PHOTOS_PER_PRODUCT),
                ],
            ),
            photo_errors: FormErrors::new(lang, photo_errors),
            producer,
            others,
            applications,
            t,
            chrome: Chrome::new(ctx),
            group: product.product_group.label(lang),
            stars: product.stars.map(stars_text).unwrap_or_default(),
            holds_until: product.expires_on.map(format_date).unwrap_or_default(),
            facts,
            certificates: certificate_rows(&history, ctx.access.allows(Permission::ReadPrivate, &place), t),
            may_edit,
            assessment,
            open_rounds,
            kinds: options(ApplicationKind::ALL, ApplicationKind::as_str, |k| k.label(lang)),
            apply,
            errors: FormErrors::new(lang, errors),
            product,
        },
    )
}

pub async fn product(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    product_page(&state, &ctx, id, None, FieldErrors::new(), FieldErrors::new()).await
}

/// The product's page with a photo refused, and why.
pub(super) async fn product_page_refused(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    photo_errors: FieldErrors,
) -> Result<Response, PageError> {
    product_page(state, ctx, id, None, FieldErrors::new(), photo_errors).await
}

/// A subject's manager sends the product to a round.
pub async fn apply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(form): HtmlForm<ApplyForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let Ok(round_id) = form.round_id.trim().parse::<i64>() else {
        let mut errors = FieldErrors::new();
        errors.add("round_id", "required");
        return product_page(&state, &ctx, id, Some(form), errors, FieldErrors::new()).await;
    };
    let input = ApplicationInput {
        product_id: Some(id.to_string()),
        kind: form.kind.clone(),
    };
    match rounds::apply(&state.context(&actor), round_id, &input)
        .await
        .or_form(ctx.lang)?
    {
        // To the application's own page: the dossier waits there, and the round's list is the
        // council's while it runs.
        Ok(application) => {
            Ok(Redirect::to(&format!("/ocop/applications/{application}#documents")).into_response())
        }
        Err(errors) => product_page(&state, &ctx, id, Some(form), errors, FieldErrors::new()).await,
    }
}

// ----- product form -----

#[derive(Template)]
#[template(path = "ocop_product_form.html")]
struct ProductFormPage {
    t: Tr,
    chrome: Chrome,
    title: &'static str,
    action: String,
    cancel: String,
    input: ProductInput,
    errors: FormErrors,
    conflict: Option<Conflict>,
    groups: GroupsByScheme,
    sets: Vec<(String, String)>,
    protections: Options,
}

impl ProductFormPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

async fn product_form(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    input: ProductInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let sets = scorecards::product_sets(state.db())
        .await
        .or_page(lang)?
        .into_iter()
        .map(|s| {
            let group = s.product_group.label(lang);
            (s.id.to_string(), format!("{} ({group})", s.name))
        })
        .collect();
    let (title, action, cancel) = match id {
        Some(id) => (
            t.s("ocop-edit_product"),
            format!("/ocop/products/{id}/edit"),
            format!("/ocop/products/{id}"),
        ),
        None => (
            t.s("ocop-new_product"),
            "/ocop/products".to_owned(),
            "/ocop".to_owned(),
        ),
    };
    let (status, errors, conflict) = refusal.into_parts();
    render_refused(
        status,
        ProductFormPage {
            t,
            chrome: Chrome::new(ctx),
            title,
            action,
            cancel,
            input,
            errors: FormErrors::new(lang, errors),
            conflict,
            groups: groups(t),
            sets,
            protections: options(IpProtection::ALL, IpProtection::as_str, |p| p.label(lang)),
        },
    )
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct NewProductQuery {
    organisation_id: Option<String>,
}

pub async fn new_product(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewProductQuery>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let organisation_id = match blank(&q.organisation_id) {
        Some(id) => Some(id.to_owned()),
        None => only_organisation(&state, &ctx).await?,
    };
    let input = ProductInput {
        organisation_id,
        product_group: ProductGroup::Food.as_str().to_owned(),
        ..Default::default()
    };
    product_form(&state, &ctx, None, input, Refusal::None).await
}

pub async fn create_product(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<ProductInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match products::create(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/ocop/products/{id}")).into_response()),
        Err(errors) => product_form(&state, &ctx, None, input, Refusal::Errors(errors)).await,
    }
}

pub async fn edit_product(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let product = products::get(state.db(), id, state.clock().today())
        .await
        .or_page(ctx.lang)?;
    gate::authorize(
        state.db(),
        &ctx.actor(),
        Permission::Edit,
        product.organisation_id,
    )
    .await
    .or_page(ctx.lang)?;
    product_form(&state, &ctx, Some(id), product.to_input(), Refusal::None).await
}

pub async fn update_product(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<ProductInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let refusal = match products::update(&state.context(&actor), id, &input).await {
        Ok(()) => return Ok(Redirect::to(&format!("/ocop/products/{id}")).into_response()),
        Err(StoreError::Stale { .. }) => {
            let saved = products::get(state.db(), id, state.clock().today())
                .await
                .or_page(ctx.lang)?;
            let (input, conflict) = Conflict::merge(&saved.to_input(), input, saved.updated_at, ctx.lang);
            return product_form(&state, &ctx, Some(id), input, conflict).await;
        }
        Err(StoreError::Validation(e) | StoreError::Conflict(e)) => Refusal::Errors(e),
        Err(other) => return Err(PageError::from_store(other, ctx.lang)),
    };
    product_form(&state, &ctx, Some(id), input, refusal).await
}

// ----- self-assessment -----

#[derive(Template)]
#[template(path = "ocop_sheet.html")]
pub(super) struct SheetPage {
    t: Tr,
    chrome: Chrome,
    heading: SheetHeading,
    scorecard_id: i64,
    scorecard_text: String,
    by_parts: bool,
    parts: Vec<SheetPart>,
    errors: FormErrors,
    /// The result of the sheet saved last, when there is one.
    result: Option<AssessmentView>,
}

/// What a sheet is for: its title and lead, where it came from and where it is sent.
pub(super) struct SheetHeading {
    pub title: String,
    pub lead: String,
    pub back: String,
    pub back_text: String,
    pub action: String,
    /// A council member's sheet: the application's page and its dossier's documents, to read
    /// while scoring.
    pub dossier: Option<(String, Vec<FileRow>)>,
}

impl SheetPage {
    /// A sheet on `card`, filled with `values` (as typed or as saved) and the errors of a refusal.
    pub(super) fn new(
        ctx: &Ctx,
        heading: SheetHeading,
        card: &ScorecardVersion,
        values: &BTreeMap<String, String>,
        errors: FieldErrors,
        result: Option<AssessmentView>,
    ) -> SheetPage {
        let t = super::tr(ctx.lang);
        let errors = FormErrors::new(ctx.lang, errors);
        SheetPage {
            t,
            chrome: Chrome::new(ctx),
            heading,
            scorecard_id: card.id,
            scorecard_text: scorecard_text(card, t),
            by_parts: card.card.is_by_parts(),
            parts: sheet_parts(&card.card, values, Some(&errors), t),
            errors,
            result,
        }
    }
}

/// The points of a sheet form as typed, by criterion: `points.A1.1=3`.
pub(super) fn typed_points(fields: &[(String, String)]) -> BTreeMap<String, String> {
    fields
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("points.").map(|code| (code.to_owned(), v.clone())))
        .collect()
}

/// A sheet form's fields as the store takes them.
pub(super) fn sheet_input(fields: &[(String, String)]) -> SheetInput {
    let points = typed_points(fields)
        .into_iter()
        .map(|(code, v)| (code, serde_json::Value::String(v)))
        .collect();
    SheetInput {
        scorecard_id: fields
            .iter()
            .find(|(k, _)| k == "scorecard_id")
            .map(|(_, v)| v.clone()),
        points,
    }
}

async fn self_assessment_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: Option<BTreeMap<String, String>>,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    ctx.page_user()?;
    let db = state.db();
    let today = state.clock().today();
    let product = products::get(db, id, today).await.or_page(lang)?;
    gate::authorize(db, &ctx.actor(), Permission::Edit, product.organisation_id)
        .await
        .or_page(lang)?;
    let card = products::scorecard_for(db, &product).await.or_page(lang)?;
    let rules = star_rules(db).await.or_page(lang)?;
    let latest = products::latest_self_assessment(db, &ctx.actor(), id, &rules, today)
        .await
        .or_page(lang)?;
    // Start from what was typed, else from the last sheet on this card.
    let values: BTreeMap<String, String> = typed.unwrap_or_else(|| match &latest {
        Some(a) if a.scorecard_id == card.id => {
            a.points.iter().map(|(k, v)| (k.clone(), v.to_string())).collect()
        }
        _ => BTreeMap::new(),
    });
    let result = match &latest {
        Some(a) => {
            let shown = if a.scorecard_id == card.id {
                card.clone()
            } else {
                scorecards::get(db, a.scorecard_id).await.or_page(lang)?
            };
            Some(assessment_view(a, &shown, t))
        }
        None => None,
    };
    let heading = SheetHeading {
        title: format!("{}: {}", t.s("ocop-self_assessment"), product.name),
        lead: t.s("ocop-self_assessment_lead").to_owned(),
        back: format!("/ocop/products/{id}"),
        back_text: product.name.clone(),
        action: format!("/ocop/products/{id}/self-assessment"),
        dossier: None,
    };
    render_form(
        !errors.is_empty(),
        SheetPage::new(ctx, heading, &card, &values, errors, result),
    )
}

pub async fn self_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    self_assessment_page(&state, &ctx, id, None, FieldErrors::new()).await
}

pub async fn save_self_assessment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(fields): HtmlForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let input = sheet_input(&fields);
    match products::self_assess(&state.context(&actor), id, &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(Redirect::to(&format!("/ocop/products/{id}/self-assessment#result")).into_response()),
        Err(errors) => {
            let typed = typed_points(&fields);
            self_assessment_page(&state, &ctx, id, Some(typed), errors).await
        }
    }
}

// ----- verification and the PDF -----

#[derive(Template)]
#[template(path = "ocop_verify.html")]
struct VerifyPage {
    t: Tr,
    chrome: Chrome,
    code: String,
    /// `None` with a code typed: no certificate has it.
    found: Option<Certificate>,
    state_label: &'static str,
    state_code: &'static str,
    holds: bool,
    stars: String,
    issued: String,
    expires: String,
    replaced: String,
    /// The product's first photo, when it has one.
    photo: Option<i64>,
    /// For a replaced certificate, the one that holds now: its number, verification code and
    /// expiry, so that a scan of an old label still leads to the product's standing.
    successor: Option<(String, String, String)>,
}

async fn verify_page(state: &AppState, ctx: &Ctx, code: String) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let found = if code.trim().is_empty() {
        None
    } else {
        certificates::verify(state.db(), &code, state.clock().today())
            .await
            .or_page(lang)?
    };
    let state_of = found.as_ref().and_then(|c| c.state);
    let photo = match &found {
        Some(c) => files::first_photos(state.db(), &[c.product_id])
            .await
            .or_page(lang)?
            .get(&c.product_id)
            .copied(),
        None => None,
    };
    let successor = match &found {
        Some(c) if c.replaced_on.is_some() => {
            certificates::of_product(state.db(), c.product_id, state.clock().today())
                .await
                .or_page(lang)?
                .into_iter()
                .find(|later| later.state.is_some_and(|s| s.holds()))
                .map(|later| {
                    let until = super::tr(lang).s("ocop-valid_until");
                    let until = format!(
                        "{} {}",
                        hoptac_core::text::lower_first(until),
                        format_date(later.expires_on)
                    );
                    (later.number, later.verification_code, until)
                })
        }
        _ => None,
    };
    let page = VerifyPage {
        photo,
        successor,
        t: super::tr(lang),
        chrome: Chrome::new(ctx),
        state_label: state_of.map(|s| s.label(lang)).unwrap_or(""),
        state_code: state_of.map(|s| s.as_str()).unwrap_or(""),
        holds: state_of.is_some_and(|s| s.holds()),
        stars: found.as_ref().map(|c| stars_text(c.stars)).unwrap_or_default(),
        issued: found
            .as_ref()
            .map(|c| format_date(c.issued_on))
            .unwrap_or_default(),
        expires: found
            .as_ref()
            .map(|c| format_date(c.expires_on))
            .unwrap_or_default(),
        replaced: found
            .as_ref()
            .and_then(|c| c.replaced_on)
            .map(format_date)
            .unwrap_or_default(),
        found,
        code,
    };
    let unknown = page.found.is_none() && !page.code.trim().is_empty();
    let response = render(page)?;
    Ok(if unknown {
        (axum::http::StatusCode::NOT_FOUND, response).into_response()
    } else {
        response
    })
}

/// The page a certificate's QR code opens. Public.
pub async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    verify_page(&state, &ctx, code).await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct VerifyQuery {
    code: Option<String>,
}

/// The same page for a code typed by hand.
pub async fn verify_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<VerifyQuery>,
) -> Result<Response, PageError> {
    verify_page(&state, &ctx, q.code.unwrap_or_default()).await
}

/// The certificate as a printable PDF, for its subject's managers and the officers.
pub async fn certificate_pdf_file(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    ctx.page_user()?;
    let db = state.db();
    let certificate = certificates::get(db, id, state.clock().today())
        .await
        .or_page(lang)?;
    gate::authorize(
        db,
        &ctx.actor(),
        Permission::ReadPrivate,
        certificate.organisation_id,
    )
    .await
    .or_page(lang)?;
    let document = CertificateDocument {
        province_name: certificate.province_name.clone(),
        number: certificate.number.clone(),
        product_name: certificate.product_name.clone(),
        subject_name: certificate.organisation_name.clone(),
        subject_address: certificate.organisation_address.clone(),
        stars: certificate.stars,
        issued_on: certificate.issued_on,
        expires_on: certificate.expires_on,
        decision_number: certificate.decision_number.clone(),
        decision_date: certificate.decision_date,
        signer: certificate.decision_signer.clone(),
        verify_url: verify_url(&state, &headers, &certificate.verification_code),
    };
    let pdf = certificate_pdf(&document).map_err(|e| PageError::Internal(lang, e.to_string()))?;
    let file_name = format!("ocop-{}.pdf", certificate.id);
    Ok(hoptac_web::routes::file_response(
        "inline",
        "application/pdf",
        &file_name,
        pdf,
    ))
}

/// Where a place-scoped right would apply to a subject: enough for showing buttons; the store
/// checks again.
pub(super) fn subject_place(organisation_id: i64, province_code: &str) -> Place {
    Place {
        organisation_id: Some(organisation_id),
        ..Place::province(province_code)
    }
}

/// How many products and certificates the one search shows before its link to the whole list.
const SEARCH_SHOWN: i64 = 8;

/// OCOP's results on the one search: products whose name or subject's name holds the words, with
/// their stars today, and certificates whose number holds them, each with its verification page.
pub fn search_section<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
    words: &'a str,
) -> hoptac_core::BoxFuture<'a, Result<Option<String>, PageError>> {
    Box::pin(async move {
        let lang = ctx.lang;
        let t = super::tr(lang);
        let today = state.clock().today();
        let filter = ProductFilter {
            query: Some(words.to_owned()),
            ..Default::default()
        };
        let found = products::list(
            state.db(),
            &filter,
            Paging::new(Some(1), Some(SEARCH_SHOWN)),
            today,
        )
        .await
        .or_page(lang)?;
        let stars = |n: Option<i32>| {
            n.map(|n| format!(" · {} {}", "★".repeat(n.max(0) as usize), t.s("ocop-stars_word")))
                .unwrap_or_default()
        };
        let items: Vec<(String, String, String)> = found
            .items
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    format!("/ocop/products/{}", p.id),
                    format!("{}, {}{}", p.organisation_name, p.province_name, stars(p.stars)),
                )
            })
            .collect();
        let all = (found.total > SEARCH_SHOWN).then(|| {
            (
                t.f("search-all_products", &[("n", &format_int(found.total))]),
                format!("/ocop?q={}", url_encode(words)),
            )
        });
        let mut sections: Vec<String> = hoptac_web::routes::home::found_section(
            lang,
            &t.f("search-products", &[("n", &format_int(found.total))]),
            &items,
            all.as_ref().map(|(text, href)| (text.as_str(), href.clone())),
        )?
        .into_iter()
        .collect();
        let certificates: Vec<(String, String, String)> =
            certificates::numbered(state.db(), words, SEARCH_SHOWN, today)
                .await
                .or_page(lang)?
                .into_iter()
                .map(|c| {
                    (
                        c.number.clone(),
                        format!("/ocop/verify/{}", c.verification_code),
                        format!("{} · {}", c.product_name, c.organisation_name),
                    )
                })
                .collect();
        sections.extend(hoptac_web::routes::home::found_section(
            lang,
            t.s("search-certificates"),
            &certificates,
            None,
        )?);
        Ok((!sections.is_empty()).then(|| sections.concat()))
    })
}

/// The one organisation a manager keeps, as the form's suggestion names it ("name (#id)"): the
/// subject of their products, filled in; nothing for anyone who keeps none or several.
async fn only_organisation(state: &AppState, ctx: &Ctx) -> Result<Option<String>, PageError> {
    let kept: Vec<i64> = ctx
        .access
        .grants
        .iter()
        .filter_map(|g| match g.scope {
            hoptac_core::access::Scope::Organisation(id) if g.role == hoptac_core::access::Role::Manager => {
                Some(id)
            }
            _ => None,
        })
        .collect();
    let [id] = kept[..] else { return Ok(None) };
    let producer = products::producer(state.db(), id).await.or_page(ctx.lang)?;
    Ok(Some(format!("{} (#{id})", producer.name)))
}

/// The OCOP products an organisation makes, on its page.
#[derive(Template)]
#[template(path = "_ocop_organisation.html")]
struct OrganisationProducts {
    t: Tr,
    heading: String,
    cards: Vec<ProductCard>,
    /// The whole list, when there are more than the page shows.
    all: Option<(String, String)>,
}

/// How many of an organisation's products its page shows.
const ORGANISATION_PRODUCTS_SHOWN: i64 = 24;

/// OCOP's section of an organisation's page: the products it makes, with their photos and stars;
/// nothing for an organisation that makes none.
pub fn organisation_section(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: i64,
) -> hoptac_core::BoxFuture<'static, Result<Option<String>, PageError>> {
    let (state, lang) = (state.clone(), ctx.lang);
    Box::pin(async move {
        let t = super::tr(lang);
        let filter = ProductFilter {
            organisation_id: Some(organisation_id),
            ..Default::default()
        };
        let paging = Paging::new(Some(1), Some(ORGANISATION_PRODUCTS_SHOWN));
        let found = products::list(state.db(), &filter, paging, state.clock().today())
            .await
            .or_page(lang)?;
        if found.items.is_empty() {
            return Ok(None);
        }
        let all = (found.total > ORGANISATION_PRODUCTS_SHOWN).then(|| {
            (
                t.f("search-all_products", &[("n", &format_int(found.total))]),
                format!("/ocop?organisation_id={organisation_id}"),
            )
        });
        let cards = product_cards(&state, &found.items, lang).await?;
        let page = OrganisationProducts {
            heading: t.f("ocop-products_of", &[("n", &format_int(found.total))]),
            cards,
            all,
            t,
        };
        Ok(Some(render_fragment(lang, page)?))
    })
}
