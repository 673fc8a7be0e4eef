//! The OCOP pages of evaluation rounds and scorecards: the rounds of a province and the form that
//! opens one; a round's page with its applications, the spread of the council's scores for the
//! officer, the council and the decision; a council member's scoring sheet; the scorecard
//! versions and the upload that checks a spreadsheet before saving it.

use super::pages::{sheet_input, subject_place, typed_points, SheetHeading, SheetPage};
use super::view::{assessment_view, scorecard_text, sheet_parts, stars_text, AssessmentView, SheetPart};
use crate::domain::certificate::{KindSummary, Outcome};
use crate::domain::inputs::{CertificateNumberInput, DecisionInput, RoundInput};
use crate::domain::scorecard::Scorecard;

use crate::store::rounds::{self, Application, Round};
use crate::store::scorecards::{self, ScorecardVersion};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hoptac_core::access::{Permission, Place};
use hoptac_core::admin::Era;
use hoptac_core::numbers::{format_date, format_int};
use hoptac_core::FieldErrors;
use hoptac_web::confirm::ConfirmedForm;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::HtmlForm;
use hoptac_web::extract::Path;
use hoptac_web::routes::{province_options, render, render_form};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::AppState;
use std::collections::BTreeMap;

// ----- the rounds -----

struct RoundRow {
    id: i64,
    name: String,
    province: String,
    opened: String,
    closes: String,
    applications: i64,
    decision: String,
}

#[derive(Template)]
#[template(path = "ocop_rounds.html")]
struct RoundsPage {
    t: Tr,
    chrome: Chrome,
    rows: Vec<RoundRow>,
    may_open: bool,
    provinces: Vec<(String, String)>,
    input: RoundInput,
    errors: FormErrors,
}

impl RoundsPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

async fn rounds_page(
    state: &AppState,
    ctx: &Ctx,
    input: Option<RoundInput>,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let rows = rounds::list(state.db(), None)
        .await
        .or_page(lang)?
        .into_iter()
        .map(|r| RoundRow {
            decision: match (&r.decision_number, r.decision_date) {
                (Some(number), Some(date)) => format!("{number} ({})", format_date(date)),
                _ => String::new(),
            },
            id: r.id,
            name: r.name,
            province: r.province_name,
            opened: format_date(r.opened_on),
            closes: r.closes_on.map(format_date).unwrap_or_default(),
            applications: r.applications,
        })
        .collect();
    let may_open = ctx.access.allows_anywhere(Permission::ManageOcop);
    let input = input.unwrap_or_else(|| RoundInput {
        opened_on: state.clock().today().to_string(),
        ..Default::default()
    });
    let refused = !errors.is_empty();
    render_form(
        refused,
        RoundsPage {
            t,
            chrome: Chrome::new(ctx),
            rows,
            may_open,
            provinces: province_options(state, Era::Y2025, lang).await?,
            input,
            errors: FormErrors::new(lang, errors),
        },
    )
}

pub async fn rounds_list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    rounds_page(&state, &ctx, None, FieldErrors::new()).await
}

pub async fn open_round(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<RoundInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match rounds::open(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/ocop/rounds/{id}")).into_response()),
        Err(errors) => rounds_page(&state, &ctx, Some(input), errors).await,
    }
}

// ----- one round -----

struct ApplicationRow {
    id: i64,
    product_id: i64,
    product_name: String,
    organisation_id: i64,
    organisation_name: String,
    kind: &'static str,
    previous: String,
    submitted: String,
    sheets: i64,
    withdrawn: bool,
    /// The decision's outcome and stars.
    outcome: String,
    /// For the officer: the consolidated score, the spread and the stars it earns.
    assessment: Option<AssessmentView>,
    spread: String,
    /// For a council member: their own total, and whether they may still score.
    own_total: String,
    may_score: bool,
    may_withdraw: bool,
    /// For the decision form.
    number_field: String,
    number: String,
}

struct CouncilRow {
    grant_id: i64,
    name: String,
    /// For the officer: how many of the round's applications the member has scored.
    progress: String,
}

struct SummaryRow {
    kind: &'static str,
    submitted: u32,
    lines: Vec<String>,
}

#[derive(Template)]
#[template(path = "ocop_round.html")]
struct RoundPage {
    t: Tr,
    chrome: Chrome,
    round: Round,
    /// How many applications the viewer does not see while the council scores them, in words.
    hidden: String,
    level: &'static str,
    opened: String,
    closes: String,
    decided: String,
    receiving: bool,
    manages: bool,
    scores: bool,
    rows: Vec<ApplicationRow>,
    summary: Vec<SummaryRow>,
    council: Vec<CouncilRow>,
    council_username: String,
    council_errors: FormErrors,
    decision: DecisionForm,
    decision_errors: FormErrors,
    unscored: Vec<String>,
}

/// The decision form as typed; certificate numbers come as `number.<application id>`.
#[derive(Debug, Default, Clone)]
pub struct DecisionForm {
    number: String,
    date: String,
    signer: String,
    certificates: BTreeMap<i64, String>,
}

impl DecisionForm {
    fn from_fields(fields: &[(String, String)]) -> DecisionForm {
        let get = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        DecisionForm {
            number: get("number"),
            date: get("date"),
            signer: get("signer"),
            certificates: fields
                .iter()
                .filter_map(|(k, v)| {
                    let id = k.strip_prefix("certificate.")?.parse().ok()?;
                    Some((id, v.clone()))
                })
                .collect(),
        }
    }

    fn input(&self) -> DecisionInput {
        DecisionInput {
            number: self.number.clone(),
            date: self.date.clone(),
            signer: self.signer.clone(),
            certificates: self
                .certificates
                .iter()
                .filter(|(_, number)| !number.trim().is_empty())
                .map(|(id, number)| CertificateNumberInput {
                    application_id: Some(id.to_string()),
                    number: number.clone(),
                })
                .collect(),
        }
    }
}

fn summary_rows(summary: &[KindSummary], t: Tr) -> Vec<SummaryRow> {
    summary
        .iter()
        .map(|s| {
            let mut lines: Vec<String> = s
                .succeeded
                .iter()
                // The plural form is the language's: one product, two products; "sản phẩm" either way.
                .map(|c| match c.from_stars {
                    Some(from) => t.count(
                        "ocop-summary_upgraded",
                        i64::from(c.count),
                        &[("from", &from), ("to", &c.stars)],
                    ),
                    None => t.count("ocop-summary_stars", i64::from(c.count), &[("stars", &c.stars)]),
                })
                .collect();
            for (count, outcome) in [
                (s.not_upgraded, Outcome::NotUpgraded),
                (s.not_recognised, Outcome::NotRecognised),
                (s.withdrawn, Outcome::Withdrawn),
            ] {
                if count > 0 {
                    lines.push(format!(
                        "{}: {}",
                        outcome.label(t.lang()),
                        format_int(i64::from(count))
                    ));
                }
            }
            SummaryRow {
                kind: s.kind.label(t.lang()),
                submitted: s.submitted,
                lines,
            }
        })
        .collect()
}

async fn round_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    council_form: (String, FieldErrors),
    decision_form: (Option<DecisionForm>, FieldErrors),
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let db = state.db();
    let today = state.clock().today();
    let round = rounds::get(db, id).await.or_page(lang)?;
    let place = round.place();
    let manages = ctx.access.allows(Permission::ManageOcop, &place);
    let scores = ctx.access.allows(Permission::Score, &place);
    // The round is published; its applications while it is under way are the council's, so the
    // public sees the round without them, as the API's round does.
    let (applications, hidden) = match rounds::applications(db, &ctx.actor(), id).await {
        Err(hoptac_core::StoreError::Forbidden) => (Vec::new(), round.applications),
        other => (other.or_page(lang)?, 0),
    };
    let mut cards: BTreeMap<i64, ScorecardVersion> = BTreeMap::new();
    for a in &applications {
        if a.assessment.is_some() && !cards.contains_key(&a.scorecard_id) {
            cards.insert(
                a.scorecard_id,
                scorecards::get(db, a.scorecard_id).await.or_page(lang)?,
            );
        }
    }
    let decision = decision_form.0.unwrap_or_else(|| DecisionForm {
        date: today.to_string(),
        ..Default::default()
    });
    let rows = applications
        .iter()
        .map(|a| application_row(a, &round, &cards, &decision, ctx, t))
        .collect();
    let members = if manages || scores {
        rounds::council(db, &ctx.actor(), id).await.or_page(lang)?
    } else {
        Vec::new()
    };
    let scored = if manages {
        rounds::sheets_by_member(db, id).await.or_page(lang)?
    } else {
        Default::default()
    };
    let open_applications = applications.iter().filter(|a| !a.is_withdrawn()).count() as i64;
    let council: Vec<CouncilRow> = members
        .iter()
        .map(|g| CouncilRow {
            grant_id: g.id,
            name: hoptac_web::routes::invitations::holder_text(g, lang),
            progress: if manages {
                let done = g.user_id.and_then(|u| scored.get(&u).copied()).unwrap_or(0);
                t.f(
                    "ocop-member_progress",
                    &[("done", &done), ("of", &open_applications)],
                )
            } else {
                String::new()
            },
        })
        .collect();
    // Before the decision the officer is told which applications lack some member's sheet.
    let unscored = if manages && !round.is_decided() {
        let seats = (members.len() as i64).max(1);
        applications
            .iter()
            .filter(|a| !a.is_withdrawn() && a.sheets < seats)
            .map(|a| format!("{} ({}/{seats})", a.product_name, a.sheets))
            .collect()
    } else {
        Vec::new()
    };
    let summary = if round.is_decided() {
        summary_rows(&rounds::summary(db, id).await.or_page(lang)?, t)
    } else {
        Vec::new()
    };
    let refused = !(council_form.1.is_empty() && decision_form.1.is_empty());
    render_form(
        refused,
        RoundPage {
            level: round.level.label(lang),
            opened: format_date(round.opened_on),
            closes: round.closes_on.map(format_date).unwrap_or_default(),
            decided: match (&round.decision_number, round.decision_date) {
                (Some(number), Some(date)) => t.f(
                    "ocop-decided_by",
                    &[
                        ("number", &number),
                        ("date", &format_date(date)),
                        ("signer", &round.decision_signer.as_deref().unwrap_or("")),
                    ],
                ),
                _ => String::new(),
            },
            receiving: round.receives_on(today),
            hidden: if hidden > 0 {
                t.f("ocop-applications_hidden", &[("n", &hidden)])
            } else {
                String::new()
            },
            manages,
            scores,
            rows,
            summary,
            council,
            council_username: council_form.0,
            council_errors: FormErrors::new(lang, council_form.1),
            decision,
            decision_errors: FormErrors::new(lang, decision_form.1),
            unscored,
            round,
            t,
            chrome: Chrome::new(ctx),
        },
    )
}

fn application_row(
    a: &Application,
    round: &Round,
    cards: &BTreeMap<i64, ScorecardVersion>,
    decision: &DecisionForm,
    ctx: &Ctx,
    t: Tr,
) -> ApplicationRow {
    let lang = t.lang();
    let outcome = match (a.outcome(), a.stars) {
        (Some(o), Some(stars)) if stars > 0 => format!("{} · {}", o.label(lang), stars_text(stars)),
        (Some(o), _) => o.label(lang).to_owned(),
        _ => String::new(),
    };
    let assessment = a
        .assessment
        .as_ref()
        .zip(cards.get(&a.scorecard_id))
        .map(|(assessment, card)| assessment_view(assessment, card, t));
    let spread = a
        .assessment
        .as_ref()
        .filter(|x| x.consolidated.total.count > 0)
        .map(|x| format!("{}–{}", x.consolidated.lowest, x.consolidated.highest))
        .unwrap_or_default();
    ApplicationRow {
        id: a.id,
        product_id: a.product_id,
        product_name: a.product_name.clone(),
        organisation_id: a.organisation_id,
        organisation_name: a.organisation_name.clone(),
        kind: a.kind.label(lang),
        previous: a.previous_stars.map(stars_text).unwrap_or_default(),
        submitted: format_date(a.submitted_on),
        sheets: a.sheets,
        withdrawn: a.is_withdrawn(),
        outcome,
        assessment,
        spread,
        own_total: a.own_total.map(|n| n.to_string()).unwrap_or_default(),
        may_score: !round.is_decided() && !a.is_withdrawn(),
        may_withdraw: !round.is_decided()
            && !a.is_withdrawn()
            && ctx.access.allows(
                Permission::Edit,
                &subject_place(a.organisation_id, &round.province_code),
            ),
        number_field: format!("certificate.{}", a.id),
        number: decision.certificates.get(&a.id).cloned().unwrap_or_default(),
    }
}

pub async fn round(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    round_page(
        &state,
        &ctx,
        id,
        (String::new(), FieldErrors::new()),
        (None, FieldErrors::new()),
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CouncilForm {
    username: String,
}

/// The council and decision forms are gone from a decided round's page, so a refusal because the
/// round was decided meanwhile cannot go back to them: it is the page of its reasons (409).
async fn refused_if_decided(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    errors: &FieldErrors,
) -> Result<(), PageError> {
    let round = rounds::get(state.db(), id).await.or_page(ctx.lang)?;
    if round.is_decided() {
        return Err(PageError::Refused {
            lang: ctx.lang,
            status: axum::http::StatusCode::CONFLICT,
            errors: errors.clone(),
        });
    }
    Ok(())
}

pub async fn assign_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(form): HtmlForm<CouncilForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match rounds::assign_member(&state.context(&actor), id, &form.username)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(Redirect::to(&format!("/ocop/rounds/{id}#council")).into_response()),
        Err(errors) => {
            refused_if_decided(&state, &ctx, id, &errors).await?;
            round_page(
                &state,
                &ctx,
                id,
                (form.username, errors),
                (None, FieldErrors::new()),
            )
            .await
        }
    }
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ConfirmedForm(fields): ConfirmedForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let form = DecisionForm::from_fields(&fields);
    match rounds::decide(&state.context(&actor), id, &form.input())
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(Redirect::to(&format!("/ocop/rounds/{id}#summary")).into_response()),
        Err(errors) => {
            refused_if_decided(&state, &ctx, id, &errors).await?;
            round_page(
                &state,
                &ctx,
                id,
                (String::new(), FieldErrors::new()),
                (Some(form), errors),
            )
            .await
        }
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    _: ConfirmedForm<hoptac_web::extract::NoFields>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    rounds::withdraw(&state.context(&actor), id)
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to(&format!("/ocop/applications/{id}")).into_response())
}

// ----- a council member's sheet -----

async fn scoring_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: Option<BTreeMap<String, String>>,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let actor = ctx.page_actor()?;
    let sheet = rounds::sheet(state.db(), &actor, id).await.or_page(lang)?;
    let documents = crate::store::files::dossier(state.db(), &actor, id)
        .await
        .or_page(lang)?
        .iter()
        .map(|f| super::application_pages::FileRow::of(f, t))
        .collect();
    let values = typed.unwrap_or_else(|| {
        sheet
            .points
            .as_ref()
            .map(|p| p.iter().map(|(k, v)| (k.clone(), v.to_string())).collect())
            .unwrap_or_default()
    });
    let a = &sheet.application;
    let own_total = sheet.points.as_ref().map(|p| p.values().sum::<u32>());
    let heading = SheetHeading {
        title: format!("{}: {}", t.s("ocop-score_title"), a.product_name),
        lead: match own_total {
            Some(total) => t.f("ocop-scored_already", &[("total", &total)]),
            None => t.s("ocop-score_lead").to_owned(),
        },
        back: format!("/ocop/rounds/{}#applications", a.round_id),
        back_text: t.s("ocop-back_to_round").to_owned(),
        action: format!("/ocop/applications/{id}/sheet"),
        dossier: Some((format!("/ocop/applications/{id}#documents"), documents)),
    };
    // A council member sees their own total only, not the stars it would give.
    render_form(
        !errors.is_empty(),
        SheetPage::new(ctx, heading, &sheet.scorecard, &values, errors, None),
    )
}

pub async fn sheet(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    scoring_page(&state, &ctx, id, None, FieldErrors::new()).await
}

pub async fn score(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(fields): HtmlForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let input = sheet_input(&fields);
    match rounds::score(&state.context(&actor), id, &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => {
            let application = rounds::application(state.db(), &actor, id)
                .await
                .or_page(ctx.lang)?;
            Ok(Redirect::to(&format!("/ocop/rounds/{}#applications", application.round_id)).into_response())
        }
        Err(errors) => {
            let typed = typed_points(&fields);
            scoring_page(&state, &ctx, id, Some(typed), errors).await
        }
    }
}

// ----- scorecards -----

struct VersionRow {
    id: i64,
    text: String,
    criteria: usize,
    minimums: usize,
    loaded: String,
}

#[derive(Template)]
#[template(path = "ocop_scorecards.html")]
struct ScorecardsPage {
    t: Tr,
    chrome: Chrome,
    rows: Vec<VersionRow>,
    may_load: bool,
    groups: super::pages::GroupsByScheme,
    group: String,
    csv: String,
    errors: FormErrors,
    /// The checked tree of an upload being previewed.
    preview: Option<TreeView>,
}

/// A scorecard's tree to read: part, section, criterion with its maximum and graded answers.
pub struct TreeView {
    pub title: String,
    pub parts: Vec<SheetPart>,
    pub minimums: Vec<String>,
}

fn tree_view(card: &Scorecard, title: String, t: Tr) -> TreeView {
    let minimums = card
        .minimums
        .iter()
        .map(|m| {
            t.f(
                "ocop-minimum_rule",
                &[
                    ("stars", &m.stars),
                    ("criterion", &m.criterion),
                    ("at_least", &m.at_least),
                ],
            )
        })
        .collect();
    TreeView {
        title,
        parts: sheet_parts(card, &BTreeMap::new(), None, t),
        minimums,
    }
}

async fn scorecards_page(
    state: &AppState,
    ctx: &Ctx,
    upload: Option<ScorecardForm>,
    preview: Option<Scorecard>,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let rows = scorecards::list(state.db())
        .await
        .or_page(lang)?
        .iter()
        .map(|v| VersionRow {
            id: v.id,
            text: scorecard_text(v, t),
            criteria: v.card.criteria.len(),
            minimums: v.card.minimums.len(),
            loaded: hoptac_core::numbers::format_day_of(v.loaded_at),
        })
        .collect();
    let upload = upload.unwrap_or_default();
    let refused = !errors.is_empty();
    render_form(
        refused,
        ScorecardsPage {
            t,
            chrome: Chrome::new(ctx),
            rows,
            may_load: ctx.access.allows(Permission::ManageOcop, &Place::country()),
            groups: super::pages::groups(t),
            preview: preview.map(|card| tree_view(&card, t.s("ocop-preview").to_owned(), t)),
            group: upload.product_group,
            csv: upload.csv,
            errors: FormErrors::new(lang, errors),
        },
    )
}

pub async fn scorecards_list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    scorecards_page(&state, &ctx, None, None, FieldErrors::new()).await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ScorecardForm {
    product_group: String,
    csv: String,
    /// Set by the "check" button: show the tree without saving.
    preview: Option<String>,
}

pub async fn load_scorecard(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(form): HtmlForm<ScorecardForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    if !ctx.access.allows(Permission::ManageOcop, &Place::country()) {
        return Err(PageError::Forbidden(ctx.lang));
    }
    if form.preview.is_some() {
        return match scorecards::preview(&form.csv, &form.product_group) {
            Ok(card) => scorecards_page(&state, &ctx, Some(form), Some(card), FieldErrors::new()).await,
            Err(errors) => scorecards_page(&state, &ctx, Some(form), None, errors).await,
        };
    }
    match scorecards::load(&state.context(&actor), &form.csv, &form.product_group)
        .await
        .or_form(ctx.lang)?
    {
        Ok(version) => Ok(Redirect::to(&format!("/ocop/scorecards/{}", version.id)).into_response()),
        Err(errors) => scorecards_page(&state, &ctx, Some(form), None, errors).await,
    }
}

#[derive(Template)]
#[template(path = "ocop_scorecard.html")]
struct ScorecardPage {
    t: Tr,
    chrome: Chrome,
    tree: TreeView,
}

pub async fn scorecard(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let t = super::tr(ctx.lang);
    let version = scorecards::get(state.db(), id).await.or_page(ctx.lang)?;
    render(ScorecardPage {
        tree: tree_view(&version.card, scorecard_text(&version, t), t),
        t,
        chrome: Chrome::new(&ctx),
    })
}

/// The OCOP work of the person signed in: the sheets waiting for a council member, and for an
/// officer who runs OCOP the undecided rounds with applications, each linked to its page.
pub fn work_section<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
) -> hoptac_core::BoxFuture<'a, Result<Option<String>, PageError>> {
    Box::pin(async move {
        let Some(user) = &ctx.user else { return Ok(None) };
        let lang = ctx.lang;
        let t = super::tr(lang);
        let mut items: Vec<(String, String)> = rounds::sheets_waiting(state.db(), user.id)
            .await
            .or_page(lang)?
            .into_iter()
            .map(|(application, product, round)| {
                (
                    t.f("home-sheet_waiting", &[("product", &product), ("round", &round)]),
                    format!("/ocop/applications/{application}/sheet"),
                )
            })
            .collect();
        for round in rounds::list(state.db(), None).await.or_page(lang)? {
            if !round.is_decided()
                && round.applications > 0
                && ctx.access.allows(Permission::ManageOcop, &round.place())
            {
                // Before its closing day the round still receives applications, not yet the
                // officer's to decide (an open-ended round may be decided any day).
                let today = state.clock().today();
                let words = if round.closes_on.is_some_and(|closes| closes >= today) {
                    "home-round_receiving"
                } else {
                    "home-round_to_decide"
                };
                items.push((
                    t.f(
                        words,
                        &[
                            ("round", &round.name),
                            ("province", &round.province_name),
                            ("n", &round.applications),
                        ],
                    ),
                    format!("/ocop/rounds/{}", round.id),
                ));
            }
        }
        // A manager is told of their own products' certificates about to lapse or lapsed, the
        // latest notice of each, with the way to apply for re-recognition on the product's page.
        let managed: Vec<i64> = ctx
            .access
            .grants
            .iter()
            .filter_map(|g| match g.scope {
                hoptac_core::access::Scope::Organisation(id) => Some(id),
                _ => None,
            })
            .collect();
        for notice in crate::store::certificates::asking_of(state.db(), &managed)
            .await
            .or_page(lang)?
        {
            items.push((
                t.f(
                    "ocop-notice_expiry",
                    &[
                        ("number", &notice.certificate_number),
                        ("product", &notice.product_name),
                        ("date", &format_date(notice.expires_on)),
                    ],
                ),
                format!("/ocop/products/{}#apply", notice.product_id),
            ));
        }
        hoptac_web::routes::home::work_section(lang, "work-ocop", t.s("home-ocop_work"), &items)
    })
}
