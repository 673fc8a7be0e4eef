//! The pages of cooperation programmes between provinces' alliances: the list, a programme with
//! its activities and the answer to a proposal, the forms of a programme and of an activity.

use super::promotion_api::PromotionQuery;
use super::{refused_edit, tr, view};
use crate::domain::programmes::{
    ActivityInput, ActivityKind, AnswerInput, ProgrammeInput, ProgrammeKind, ProgrammeState, Side,
};
use crate::store::programmes::{self, promotes, Activity, Programme};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hoptac_core::access::Permission;
use hoptac_core::admin::Era;
use hoptac_core::numbers::{format_date, format_int};
use hoptac_web::confirm::ConfirmedForm;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::{HtmlForm, Path, Query};
use hoptac_web::routes::{province_options, render, render_refused, Refusal};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::AppState;

type Options = Vec<(String, String)>;

/// True when the person runs trade promotion somewhere (to offer the forms).
pub(super) fn promotes_anywhere(ctx: &Ctx) -> bool {
    ctx.user.is_some() && ctx.access.allows_anywhere(Permission::Promote)
}

/// A programme as a row of the list and the head of its page.
struct ProgrammeRow {
    id: i64,
    title: String,
    kind: &'static str,
    parties: String,
    state: &'static str,
    signed: bool,
    term: String,
    signed_on: String,
}

fn programme_row(t: Tr, p: &Programme) -> ProgrammeRow {
    let lang = t.lang();
    let term = match p.valid_until {
        Some(end) => format!("{} – {}", format_date(p.valid_from), format_date(end)),
        None => t.f("market-from_day", &[("day", &format_date(p.valid_from))]),
    };
    ProgrammeRow {
        id: p.id,
        title: p.name.clone(),
        kind: p.kind.label(lang),
        parties: format!("{} – {}", p.proposer_province_name, p.partner_province_name),
        state: p.state.label(lang),
        signed: p.state == ProgrammeState::Signed,
        term,
        signed_on: p.signed_on.map(format_date).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "market_programmes.html")]
struct ProgrammesPage {
    t: Tr,
    chrome: Chrome,
    q: PromotionQuery,
    provinces: Options,
    rows: Vec<ProgrammeRow>,
    total_text: String,
    filter_error: Option<String>,
    prev_href: Option<String>,
    next_href: Option<String>,
    may_propose: bool,
}

impl ProgrammesPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

pub async fn programmes_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PromotionQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let mut page = ProgrammesPage {
        t,
        chrome: Chrome::new(&ctx),
        provinces: province_options(&state, Era::Y2025, lang).await?,
        rows: Vec::new(),
        total_text: String::new(),
        filter_error: None,
        prev_href: None,
        next_href: None,
        may_propose: promotes_anywhere(&ctx),
        q: q.clone(),
    };
    match q.programmes() {
        Ok((filter, paging)) => {
            let found = programmes::list(state.db(), &ctx.access, &filter, paging)
                .await
                .or_page(lang)?;
            let href = |n| {
                super::pages::list_href("/market/programmes", &[("q", &q.q), ("province", &q.province)], n)
            };
            page.total_text = t.count("market-programme_count", found.total, &[]);
            (page.prev_href, page.next_href) = hoptac_web::ui::pager(&found, href);
            page.rows = found.items.iter().map(|p| programme_row(t, p)).collect();
        }
        Err(errors) => page.filter_error = Some(super::pages::filter_message(&errors, lang)),
    }
    render(page)
}

/// An activity as a row of its programme's page.
struct ActivityRow {
    id: i64,
    days: String,
    kind: &'static str,
    title: String,
    place: String,
    cooperatives: String,
    sales: String,
    agreements: String,
    results: String,
}

#[derive(Template)]
#[template(path = "market_programme.html")]
struct ProgrammePage {
    t: Tr,
    chrome: Chrome,
    programme: Programme,
    row: ProgrammeRow,
    activities: Vec<ActivityRow>,
    totals: String,
    /// The proposer may edit its proposal.
    may_edit: bool,
    /// Either side records the activities of a signed programme.
    may_record: bool,
    may_sign: bool,
    may_withdraw: bool,
    today: String,
}

pub async fn programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let programme = programmes::get(state.db(), &ctx.access, id).await.or_page(lang)?;
    let found = programmes::activities(state.db(), &ctx.access, id)
        .await
        .or_page(lang)?;
    let sides = if ctx.user.is_some() {
        programme.sides(&ctx.access)
    } else {
        Vec::new()
    };
    let proposed = programme.state == ProgrammeState::Proposed;
    let may_edit = ctx.user.is_some() && programme.editable_by(&ctx.access).is_ok();
    let signed = programme.state == ProgrammeState::Signed;
    let sum = |figure: fn(&Activity) -> Option<i64>| found.iter().filter_map(figure).sum::<i64>();
    let totals = t.f(
        "market-activity_totals",
        &[
            ("n", &found.len()),
            ("cooperatives", &format_int(sum(|a| a.cooperatives))),
            ("sales", &view::dong(t, sum(|a| a.sales))),
            ("agreements", &format_int(sum(|a| a.agreements))),
        ],
    );
    let activities = found
        .iter()
        .map(|a| ActivityRow {
            id: a.id,
            days: view::days(a.held_on, a.last_day),
            kind: a.kind.label(lang),
            title: a.name.clone(),
            place: a.province_name.clone().unwrap_or_default(),
            cooperatives: view::reported(a.cooperatives, format_int),
            sales: view::reported(a.sales, |n| view::dong(t, n)),
            agreements: view::reported(a.agreements, format_int),
            results: a.results.clone().unwrap_or_default(),
        })
        .collect();
    render(ProgrammePage {
        t,
        chrome: Chrome::new(&ctx),
        row: programme_row(t, &programme),
        programme,
        activities,
        totals,
        may_edit,
        may_record: signed && !sides.is_empty(),
        may_sign: proposed && sides.contains(&Side::Partner),
        may_withdraw: proposed && sides.contains(&Side::Proposer),
        today: state.clock().today().to_string(),
    })
}

#[derive(Template)]
#[template(path = "market_programme_form.html")]
struct ProgrammeFormPage {
    t: Tr,
    chrome: Chrome,
    title: String,
    action: String,
    cancel: String,
    input: ProgrammeInput,
    errors: FormErrors,
    conflict: Option<hoptac_web::routes::Conflict>,
    kinds: Options,
    /// The provinces the person may propose for.
    own_provinces: Options,
    provinces: Options,
    is_new: bool,
}

impl ProgrammeFormPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn province_name(&self, code: &str) -> String {
        self.provinces
            .iter()
            .find(|p| p.0 == code)
            .map(|p| p.1.clone())
            .unwrap_or_else(|| code.to_owned())
    }
}

async fn programme_form(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    input: ProgrammeInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let (title, action, cancel) = match id {
        Some(id) => (
            t.s("market-edit_programme"),
            format!("/market/programmes/{id}/edit"),
            format!("/market/programmes/{id}"),
        ),
        None => (
            t.s("market-new_programme"),
            "/market/programmes".to_owned(),
            "/market/programmes".to_owned(),
        ),
    };
    let provinces = province_options(state, Era::Y2025, lang).await?;
    let own_provinces = provinces
        .iter()
        .filter(|p| promotes(&ctx.access, &p.0))
        .cloned()
        .collect();
    let (status, errors, conflict) = refusal.into_parts();
    render_refused(
        status,
        ProgrammeFormPage {
            t,
            chrome: Chrome::new(ctx),
            title: title.to_owned(),
            action,
            cancel,
            input,
            errors: FormErrors::new(lang, errors),
            conflict,
            kinds: view::choices(ProgrammeKind::ALL, ProgrammeKind::as_str, |k| k.label(lang)),
            own_provinces,
            provinces,
            is_new: id.is_none(),
        },
    )
}

pub async fn new_programme(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    ctx.page_user()?;
    if !promotes_anywhere(&ctx) {
        return Err(PageError::from_store(
            hoptac_core::StoreError::Forbidden,
            ctx.lang,
        ));
    }
    let input = ProgrammeInput {
        kind: ProgrammeKind::Cooperation.as_str().to_owned(),
        proposer_province: view::sole_promoted_province(&ctx.access),
        ..ProgrammeInput::default()
    };
    programme_form(&state, &ctx, None, input, Refusal::None).await
}

pub async fn create_programme(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<ProgrammeInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match programmes::create(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/market/programmes/{id}")).into_response()),
        Err(errors) => programme_form(&state, &ctx, None, input, Refusal::Errors(errors)).await,
    }
}

/// A programme the person speaks for one side of, to edit.
async fn kept_programme(state: &AppState, ctx: &Ctx, id: i64) -> Result<Programme, PageError> {
    let programme = programmes::get(state.db(), &ctx.access, id)
        .await
        .or_page(ctx.lang)?;
    if programme.sides(&ctx.access).is_empty() {
        return Err(PageError::from_store(
            hoptac_core::StoreError::Forbidden,
            ctx.lang,
        ));
    }
    Ok(programme)
}

pub async fn edit_programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    // The form is offered only to whoever may save it: the proposer, while it is a proposal.
    let programme = kept_programme(&state, &ctx, id).await?;
    programme.editable_by(&ctx.access).or_page(ctx.lang)?;
    programme_form(&state, &ctx, Some(id), programme.to_input(), Refusal::None).await
}

pub async fn update_programme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<ProgrammeInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let outcome = programmes::update(&state.context(&actor), id, &input).await;
    let saved = async || {
        let p = kept_programme(&state, &ctx, id).await?;
        Ok((p.to_input(), p.updated_at))
    };
    match refused_edit(outcome, input, saved, ctx.lang).await? {
        None => Ok(Redirect::to(&format!("/market/programmes/{id}")).into_response()),
        Some((input, refusal)) => programme_form(&state, &ctx, Some(id), input, refusal).await,
    }
}

/// Signs, declines or withdraws a proposal, then shows the programme; a refusal (an answer
/// already given by someone else, the wrong side) is an error page that says why.
pub async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ConfirmedForm(input): ConfirmedForm<AnswerInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    programmes::answer(&state.context(&actor), id, &input)
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to(&format!("/market/programmes/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "market_activity_form.html")]
struct ActivityFormPage {
    t: Tr,
    chrome: Chrome,
    programme: Programme,
    title: String,
    action: String,
    input: ActivityInput,
    errors: FormErrors,
    conflict: Option<hoptac_web::routes::Conflict>,
    kinds: Options,
    provinces: Options,
}

impl ActivityFormPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

async fn activity_form(
    state: &AppState,
    ctx: &Ctx,
    programme: Programme,
    activity_id: Option<i64>,
    input: ActivityInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let (title, action) = match activity_id {
        Some(a) => (
            t.s("market-edit_activity"),
            format!("/market/programmes/{}/activities/{a}/edit", programme.id),
        ),
        None => (
            t.s("market-new_activity"),
            format!("/market/programmes/{}/activities", programme.id),
        ),
    };
    let (status, errors, conflict) = refusal.into_parts();
    render_refused(
        status,
        ActivityFormPage {
            t,
            chrome: Chrome::new(ctx),
            programme,
            title: title.to_owned(),
            action,
            input,
            errors: FormErrors::new(lang, errors),
            conflict,
            kinds: view::choices(ActivityKind::ALL, ActivityKind::as_str, |k| k.label(lang)),
            provinces: province_options(state, Era::Y2025, lang).await?,
        },
    )
}

pub async fn new_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let programme = kept_programme(&state, &ctx, id).await?;
    if programme.state != ProgrammeState::Signed {
        let errors = hoptac_core::FieldErrors::single("state", "programme_not_signed");
        return Err(PageError::from_store(
            hoptac_core::StoreError::Conflict(errors),
            ctx.lang,
        ));
    }
    let input = ActivityInput {
        kind: ActivityKind::Fair.as_str().to_owned(),
        ..ActivityInput::default()
    };
    activity_form(&state, &ctx, programme, None, input, Refusal::None).await
}

pub async fn add_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<ActivityInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match programmes::add_activity(&state.context(&actor), id, &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(Redirect::to(&format!("/market/programmes/{id}#activities")).into_response()),
        Err(errors) => {
            let programme = kept_programme(&state, &ctx, id).await?;
            activity_form(&state, &ctx, programme, None, input, Refusal::Errors(errors)).await
        }
    }
}

pub async fn edit_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, activity_id)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let programme = kept_programme(&state, &ctx, id).await?;
    let activity = programmes::activity(state.db(), &ctx.access, id, activity_id)
        .await
        .or_page(ctx.lang)?;
    activity_form(
        &state,
        &ctx,
        programme,
        Some(activity_id),
        activity.to_input(),
        Refusal::None,
    )
    .await
}

pub async fn update_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, activity_id)): Path<(i64, i64)>,
    HtmlForm(input): HtmlForm<ActivityInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let outcome = programmes::update_activity(&state.context(&actor), id, activity_id, &input).await;
    let saved = async || {
        let a = programmes::activity(state.db(), &ctx.access, id, activity_id)
            .await
            .or_page(ctx.lang)?;
        Ok((a.to_input(), a.updated_at))
    };
    match refused_edit(outcome, input, saved, ctx.lang).await? {
        None => Ok(Redirect::to(&format!("/market/programmes/{id}#activities")).into_response()),
        Some((input, refusal)) => {
            let programme = kept_programme(&state, &ctx, id).await?;
            activity_form(&state, &ctx, programme, Some(activity_id), input, refusal).await
        }
    }
}

/// The home page's part: the proposed programmes waiting for the answer of a province the person
/// runs trade promotion for.
pub fn home_section<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
) -> hoptac_core::BoxFuture<'a, Result<Option<String>, PageError>> {
    Box::pin(async move {
        if !promotes_anywhere(ctx) {
            return Ok(None);
        }
        let lang = ctx.lang;
        let t = tr(lang);
        let provinces = ctx.access.provinces_for(Permission::Promote);
        let items: Vec<(String, String)> = programmes::awaiting_answer(state.db(), provinces.as_deref())
            .await
            .or_page(lang)?
            .into_iter()
            .map(|p| {
                (
                    t.f(
                        "market-awaiting_answer",
                        &[("programme", &p.name), ("province", &p.proposer_province_name)],
                    ),
                    format!("/market/programmes/{}#answer", p.id),
                )
            })
            .collect();
        hoptac_web::routes::home::work_section(lang, "work-programmes", t.s("market-home_programmes"), &items)
    })
}
