//! The report pages: a place's report for a period (narrative and table), its communes side by
//! side, the figures entered and plan targets with their forms, the catalogue of indicators.

use super::ReportQuery;
use crate::document::{
    chart_images, charts, completeness, report_with_trend, sections, table_text, title, SectionRows,
};
use crate::domain::narrative::NarrativePart;
use crate::domain::{EntryInput, Indicator, Measure, Period, PeriodInput, ReportPlace, TargetInput};
use crate::render::CompletenessTable;
use crate::store::templates::{self, Asked};
use crate::store::{self as reports, entries, Report, TrendYear};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use hoptac_core::access::{Permission, Place, Scope};
use hoptac_core::admin::Era;
use hoptac_core::admin_units;
use hoptac_core::numbers::format_date;
use hoptac_core::{FieldErrors, Lang};
use hoptac_web::confirm::ConfirmedForm;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::HtmlForm;
use hoptac_web::extract::{Path, Query};
use hoptac_web::routes::{render, render_form};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::AppState;
use serde::Deserialize;

/// A place a person may choose in a report form.
pub struct PlaceChoice {
    pub code: String,
    pub label: String,
}

pub struct PlaceGroup {
    pub label: &'static str,
    pub choices: Vec<PlaceChoice>,
}

/// The places whose reports the person may read, grouped as the form offers them.
pub(crate) async fn place_groups(state: &AppState, ctx: &Ctx) -> Result<Vec<PlaceGroup>, PageError> {
    let t = super::tr(ctx.lang);
    let may = |place: &Place| ctx.access.allows(Permission::ReadReports, place);
    let db = state.db();
    let mut groups = Vec::new();
    if may(&Place::country()) {
        let choices = vec![PlaceChoice {
            code: ReportPlace::Country.code(),
            label: t.s("reports-country").to_owned(),
        }];
        groups.push(PlaceGroup {
            label: t.s("reports-country"),
            choices,
        });
    }
    let provinces = |era: Era| async move { admin_units::provinces(db, era).await.or_page(ctx.lang) };
    let current: Vec<PlaceChoice> = provinces(Era::Y2025)
        .await?
        .into_iter()
        .filter(|p| may(&Place::province(&p.code)))
        .map(|p| PlaceChoice {
            code: ReportPlace::province(&p.code).code(),
            label: p.name,
        })
        .collect();
    let former: Vec<PlaceChoice> = provinces(Era::Y2008)
        .await?
        .into_iter()
        .filter(|p| {
            p.successor_code
                .as_deref()
                .is_some_and(|s| may(&Place::province(s)))
        })
        .map(|p| PlaceChoice {
            code: ReportPlace::Province {
                era: Era::Y2008,
                code: p.code,
            }
            .code(),
            label: p.name,
        })
        .collect();
    let mut communes = Vec::new();
    for grant in &ctx.access.grants {
        if let Scope::Commune(id) = grant.scope {
            if grant.role.permits(Permission::ReadReports) {
                let c = admin_units::commune_by_id(db, id).await.or_page(ctx.lang)?;
                communes.push(PlaceChoice {
                    code: ReportPlace::Commune {
                        era: c.era(),
                        code: c.code.clone(),
                    }
                    .code(),
                    label: format!("{} ({})", c.name, c.province_name),
                });
            }
        }
    }
    for (label, choices) in [
        (t.s("reports-provinces_2025"), current),
        (t.s("reports-provinces_2008"), former),
        (t.s("reports-communes_granted"), communes),
    ] {
        if !choices.is_empty() {
            groups.push(PlaceGroup { label, choices });
        }
    }
    Ok(groups)
}

/// The periods the form offers: the years back to ten years ago, the halves of the last three
/// years and the quarters of the last two, those begun by today only.
pub(crate) fn period_choices(today: NaiveDate, lang: Lang) -> Vec<(String, String)> {
    let current = today.year();
    let mut choices = Vec::new();
    for year in (current - 10..=current).rev() {
        let mut periods: Vec<Period> = Period::year(year).into_iter().collect();
        if year >= current - 2 {
            periods.extend((1..=2).filter_map(|h| Period::half(year, h)));
        }
        if year >= current - 1 {
            periods.extend((1..=4).filter_map(|q| Period::quarter(year, q)));
        }
        for period in periods.into_iter().filter(|p| p.start <= today) {
            let mut label = period.label(lang);
            if !period.is_over(today) {
                label = format!("{label} ({})", super::tr(lang).s("reports-running"));
            }
            choices.push((period.code(), label));
        }
    }
    choices
}

/// What the report page shows once a place and period are read.
struct ReportView {
    title: String,
    as_of: String,
    narrative: Vec<NarrativePart>,
    sections: Vec<SectionRows>,
    /// Which parts of the place each figure has data for, for a place of several.
    completeness: Option<CompletenessTable>,
    /// The charts as SVG images.
    charts: Vec<String>,
    /// The report's query, with its template, for the exports.
    query: String,
    /// The place and period alone, for the communes' page.
    communes_query: String,
    /// A province's communes can be shown side by side.
    has_communes: bool,
    may_edit: bool,
    place: String,
    previous_label: String,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportPage {
    t: Tr,
    chrome: Chrome,
    groups: Vec<PlaceGroup>,
    periods: Vec<(String, String)>,
    /// Every template, by code, as the form offers it.
    templates: Vec<(String, String)>,
    query: ReportQuery,
    errors: FormErrors,
    report: Option<ReportView>,
}

impl ReportPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

/// The query with the defaults a first visit needs: the first place offered, this year.
fn with_defaults(mut query: ReportQuery, groups: &[PlaceGroup], today: NaiveDate) -> ReportQuery {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    if blank(&query.place) {
        query.place = groups
            .first()
            .and_then(|g| g.choices.first())
            .map(|c| c.code.clone());
    }
    if blank(&query.period) && blank(&query.from) && blank(&query.to) {
        query.period = Some(today.year().to_string());
    }
    query
}

/// The report a query asks for, with what it asked and the trend its charts show.
async fn asked_report(
    state: &AppState,
    actor: &hoptac_core::audit::Actor,
    query: &ReportQuery,
    today: NaiveDate,
) -> hoptac_core::StoreResult<(Asked, Report, Vec<TrendYear>)> {
    let asked = templates::asked(state.db(), query, today).await?;
    let (report, trend) = report_with_trend(state.db(), actor, &asked.place, asked.period, today).await?;
    Ok((asked, report, trend))
}

pub async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let lang = ctx.lang;
    let today = state.clock().today();
    let groups = place_groups(&state, &ctx).await?;
    let query = with_defaults(query, &groups, today);
    let mut errors = FieldErrors::new();
    let mut view = None;
    if !groups.is_empty() {
        match asked_report(&state, &actor, &query, today).await.or_form(lang)? {
            Err(e) => errors = e,
            Ok((asked, report, trend)) => {
                let template = asked.template.as_ref();
                let (place, period) = (&asked.place, &asked.period);
                view = Some(ReportView {
                    charts: chart_images(&charts(&report, &trend, lang), "chart"),
                    title: title(&report, template, lang),
                    as_of: format_date(report.as_of),
                    narrative: report.narrative_in(template),
                    sections: sections(&report, template, lang),
                    completeness: completeness(&report, template, lang),
                    query: ReportQuery::in_template(place, period, template.map(|t| t.code.as_str())),
                    communes_query: ReportQuery::of(place, period),
                    has_communes: matches!(place, ReportPlace::Province { .. }),
                    may_edit: ctx
                        .access
                        .allows(Permission::EditPlans, report.place.access_place()),
                    place: place.code(),
                    previous_label: report.previous_period.label(lang),
                })
            }
        }
    }
    let template_choices = templates::list(state.db())
        .await
        .or_page(lang)?
        .into_iter()
        .map(|t| (t.code.clone(), format!("{} ({})", t.name, t.kind.label(lang))))
        .collect();
    let refused = !errors.is_empty();
    render_form(
        refused,
        ReportPage {
            t: super::tr(lang),
            chrome: Chrome::new(&ctx),
            groups,
            periods: period_choices(today, lang),
            templates: template_choices,
            query,
            errors: FormErrors::new(lang, errors),
            report: view,
        },
    )
}

// ----- communes -----

/// The indicators the communes' table shows.
const COMMUNE_COLUMNS: [Indicator; 7] = [
    Indicator::ThtActive,
    Indicator::HtxActive,
    Indicator::HtxMembers,
    Indicator::LhhtxActive,
    Indicator::FarmsActive,
    Indicator::Workers,
    Indicator::OcopProducts,
];

struct CommuneRow {
    name: String,
    former: bool,
    href: String,
    values: Vec<String>,
}

#[derive(Template)]
#[template(path = "report_communes.html")]
struct CommunesPage {
    t: Tr,
    chrome: Chrome,
    title: String,
    back: String,
    columns: Vec<&'static str>,
    rows: Vec<CommuneRow>,
}

pub async fn communes(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let lang = ctx.lang;
    let today = state.clock().today();
    let Ok((place, period)) = query.read(today) else {
        return Ok(super::back_to_the_form(&query));
    };
    let Ok(info) = reports::find_place(state.db(), &place).await.or_form(lang)? else {
        return Ok(super::back_to_the_form(&query));
    };
    let lines = reports::communes(state.db(), &actor, &place, period, today)
        .await
        .or_page(lang)?;
    let rows = lines
        .into_iter()
        .map(|line| {
            let commune_place = ReportPlace::Commune {
                era: line.commune.era(),
                code: line.commune.code.clone(),
            };
            CommuneRow {
                former: line.commune.era() == Era::Y2008,
                href: format!("/reports?{}", ReportQuery::of(&commune_place, &period)),
                name: line.commune.name,
                values: COMMUNE_COLUMNS
                    .iter()
                    .map(|i| {
                        line.values
                            .get(i)
                            .map(|v| table_text(i.unit(), v.value))
                            .unwrap_or_default()
                    })
                    .collect(),
            }
        })
        .collect();
    render(CommunesPage {
        t: super::tr(lang),
        chrome: Chrome::new(&ctx),
        title: format!(
            "{} — {} {}",
            super::tr(lang).s("reports-communes"),
            info.name,
            period.label(lang)
        ),
        back: format!("/reports?{}", ReportQuery::of(&place, &period)),
        columns: COMMUNE_COLUMNS.iter().map(|i| i.label(lang)).collect(),
        rows,
    })
}

// ----- entered figures and plans -----

struct EntryLine {
    id: i64,
    indicator: String,
    period: String,
    value: String,
    source: String,
    entered: String,
}

struct TargetLine {
    id: i64,
    indicator: String,
    year: i32,
    target: String,
    note: String,
}

#[derive(Template)]
#[template(path = "report_entries.html")]
struct EntriesPage {
    t: Tr,
    chrome: Chrome,
    place: String,
    place_name: String,
    entries: Vec<EntryLine>,
    targets: Vec<TargetLine>,
    may_edit: bool,
    indicators: Vec<(&'static str, &'static str)>,
    periods: Vec<(String, String)>,
    entry: EntryInput,
    entry_errors: FormErrors,
    target: TargetInput,
    target_errors: FormErrors,
}

impl EntriesPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

/// The place the entries page is about.
#[derive(Debug, Deserialize)]
pub struct PlaceParam {
    #[serde(default)]
    pub place: String,
}

async fn entries_page(
    state: &AppState,
    ctx: &Ctx,
    place_code: &str,
    entry: Option<(EntryInput, FieldErrors)>,
    target: Option<(TargetInput, FieldErrors)>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let lang = ctx.lang;
    let place = ReportPlace::parse(place_code).ok_or(PageError::NotFound(lang))?;
    let info = reports::find_place(state.db(), &place).await.or_page(lang)?;
    let unit_text = |indicator: Option<Indicator>, value: i64| match indicator {
        Some(i) => format!(
            "{} {}",
            table_text(i.unit(), value),
            crate::document::table_unit(i.unit(), lang)
        ),
        None => value.to_string(),
    };
    let entries = entries::list(state.db(), &actor, &place)
        .await
        .or_page(lang)?
        .into_iter()
        .map(|row| EntryLine {
            id: row.id,
            indicator: row
                .indicator()
                .map(|i| i.label(lang))
                .unwrap_or(&row.indicator)
                .to_owned(),
            period: row.period().label(lang),
            value: unit_text(row.indicator(), row.value),
            source: row.source.clone(),
            entered: hoptac_core::numbers::format_day_of(row.entered_at),
        })
        .collect();
    let targets = entries::list_targets(state.db(), &actor, &place)
        .await
        .or_page(lang)?
        .into_iter()
        .map(|row| TargetLine {
            id: row.id,
            indicator: row
                .indicator()
                .map(|i| i.label(lang))
                .unwrap_or(&row.indicator)
                .to_owned(),
            year: row.year,
            target: unit_text(row.indicator(), row.target),
            note: row.note.clone().unwrap_or_default(),
        })
        .collect();
    let today = state.clock().today();
    let (entry, entry_errors) = entry.unwrap_or_else(|| {
        let blank = EntryInput {
            place: place.code(),
            period: PeriodInput {
                period: Some((today.year() - 1).to_string()),
                ..PeriodInput::default()
            },
            ..EntryInput::default()
        };
        (blank, FieldErrors::new())
    });
    let (target, target_errors) = target.unwrap_or_else(|| {
        let blank = TargetInput {
            place: place.code(),
            year: Some(today.year().to_string()),
            ..TargetInput::default()
        };
        (blank, FieldErrors::new())
    });
    let refused = !(entry_errors.is_empty() && target_errors.is_empty());
    render_form(
        refused,
        EntriesPage {
            t: super::tr(lang),
            chrome: Chrome::new(ctx),
            place: place.code(),
            place_name: if info.name.is_empty() {
                super::tr(lang).s("reports-country").to_owned()
            } else {
                info.name.clone()
            },
            entries,
            targets,
            may_edit: ctx.access.allows(Permission::EditPlans, info.access_place()),
            indicators: Indicator::ALL
                .iter()
                .filter(|i| i.may_be_entered())
                .map(|i| (i.as_str(), i.label(lang)))
                .collect(),
            periods: period_choices(today, lang),
            entry,
            entry_errors: FormErrors::new(lang, entry_errors),
            target,
            target_errors: FormErrors::new(lang, target_errors),
        },
    )
}

pub async fn entries(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(param): Query<PlaceParam>,
) -> Result<Response, PageError> {
    entries_page(&state, &ctx, &param.place, None, None).await
}

fn back_to_entries(place: &str) -> Response {
    let place = ReportPlace::parse(place).map(|p| p.code()).unwrap_or_default();
    Redirect::to(&format!("/reports/entries?place={place}")).into_response()
}

pub async fn save_entry(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<EntryInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match entries::save(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(back_to_entries(&input.place)),
        Err(errors) => {
            let place = input.place.clone();
            entries_page(&state, &ctx, &place, Some((input, errors)), None).await
        }
    }
}

pub async fn save_target(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<TargetInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match entries::save_target(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(back_to_entries(&input.place)),
        Err(errors) => {
            let place = input.place.clone();
            entries_page(&state, &ctx, &place, None, Some((input, errors))).await
        }
    }
}

pub async fn delete_entry(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ConfirmedForm(param): ConfirmedForm<PlaceParam>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    entries::delete(&state.context(&actor), id)
        .await
        .or_page(ctx.lang)?;
    Ok(back_to_entries(&param.place))
}

pub async fn delete_target(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ConfirmedForm(param): ConfirmedForm<PlaceParam>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    entries::delete_target(&state.context(&actor), id)
        .await
        .or_page(ctx.lang)?;
    Ok(back_to_entries(&param.place))
}

// ----- the catalogue -----

struct CatalogueRow {
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    measure: &'static str,
    how: &'static str,
}

#[derive(Template)]
#[template(path = "report_indicators.html")]
struct CataloguePage {
    t: Tr,
    chrome: Chrome,
    rows: Vec<CatalogueRow>,
}

pub async fn indicators(ctx: Ctx) -> Result<Response, PageError> {
    let t = super::tr(ctx.lang);
    let rows = Indicator::shown()
        .map(|i| {
            let d = i.definition();
            CatalogueRow {
                code: i.as_str(),
                name: i.label(ctx.lang),
                unit: d.unit.label(ctx.lang),
                measure: t.s(match d.measure {
                    Measure::Stock => "reports-measure-stock",
                    Measure::Flow => "reports-measure-flow",
                    Measure::Yearly => "reports-measure-yearly",
                    Measure::Ratio { .. } => "reports-measure-ratio",
                    Measure::Sum(_) => "reports-measure-sum",
                }),
                how: i.how(ctx.lang),
            }
        })
        .collect();
    render(CataloguePage {
        t,
        chrome: Chrome::new(&ctx),
        rows,
    })
}
