//! The officer's dashboard on the home page: the key figures of the first place whose reports
//! they read, for the year so far against the same day a year earlier and the year's plan, with
//! the charts over five years.

use super::pages::place_groups;
use super::ReportQuery;
use crate::document::{chart_images, charts, report_with_trend, table_text};
use crate::domain::{Indicator, Period, ReportPlace};
use crate::render::signed;
use chrono::Datelike;
use hoptac_core::numbers::format_date;
use hoptac_render::chart::Chart;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::ui::Tr;
use hoptac_web::AppState;

/// What the dashboard counts, in the order it shows them.
const KEY_FIGURES: [Indicator; 8] = [
    Indicator::ThtActive,
    Indicator::HtxActive,
    Indicator::LhhtxActive,
    Indicator::HtxMembers,
    Indicator::HtxFounded,
    Indicator::ThtFounded,
    Indicator::FarmsActive,
    Indicator::OcopProducts,
];

/// One key figure.
pub struct Card {
    pub label: &'static str,
    pub value: String,
    /// "+3 so với cùng kỳ năm 2025"; empty when the year before is not known.
    pub change: String,
    /// "Đạt 50,0% kế hoạch năm 2026"; empty without a plan.
    pub achievement: String,
}

pub struct Dashboard {
    /// "Tỉnh Thái Nguyên, năm 2026 (đến ngày 28/11/2026)".
    pub heading: String,
    pub cards: Vec<Card>,
    /// The charts over years, as SVG.
    pub charts: Vec<String>,
    /// The whole report of the place and year.
    pub report_href: String,
}

/// The dashboard of a signed-in person who reads some place's reports; `None` for anyone else.
pub async fn dashboard(state: &AppState, ctx: &Ctx) -> Result<Option<Dashboard>, PageError> {
    if ctx.user.is_none() {
        return Ok(None);
    }
    let lang = ctx.lang;
    let groups = place_groups(state, ctx).await?;
    let Some(place) = groups
        .first()
        .and_then(|g| g.choices.first())
        .and_then(|c| ReportPlace::parse(&c.code))
    else {
        return Ok(None);
    };
    let actor = ctx.page_actor()?;
    let today = state.clock().today();
    let Some(period) = Period::year(today.year()) else {
        return Ok(None);
    };
    let (report, trend) = report_with_trend(state.db(), &actor, &place, period, today)
        .await
        .or_page(lang)?;
    let t = super::tr(lang);
    let compared = format!(
        "{} {}",
        t.s("dashboard-compared"),
        report.previous_period.label(lang)
    );
    let cards = KEY_FIGURES
        .iter()
        .filter_map(|&indicator| {
            let figure = report.figure(indicator)?;
            let value = figure.value()?;
            let unit = indicator.unit();
            Some(Card {
                label: indicator.label(lang),
                value: table_text(unit, value),
                change: figure
                    .change()
                    .map(|c| format!("{} {compared}", signed(c)))
                    .unwrap_or_default(),
                achievement: figure
                    .achievement()
                    .map(|a| format!("{} {a}% {}", t.s("dashboard-reached"), t.s("dashboard-of_plan")))
                    .unwrap_or_default(),
            })
        })
        .collect();
    let over_years: Vec<Chart> = charts(&report, &trend, lang)
        .into_iter()
        .filter(|c| matches!(c, Chart::Columns { .. }))
        .collect();
    let place_name = if report.place.name.is_empty() {
        t.s("reports-country").to_owned()
    } else {
        report.place.name.clone()
    };
    Ok(Some(Dashboard {
        heading: format!(
            "{place_name}, {} ({} {})",
            period.label(lang),
            t.s("dashboard-to"),
            format_date(report.as_of)
        ),
        cards,
        charts: chart_images(&over_years, "dashboard-chart"),
        report_href: format!("/reports?{}", ReportQuery::of(&place, &period)),
    }))
}

/// The dashboard as a section of the home page.
#[derive(askama::Template)]
#[template(path = "dashboard.html")]
struct Section {
    t: Tr,
    d: Dashboard,
}

/// The reports area's section of the home page: the dashboard, for those who read reports.
pub fn home_section<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
) -> hoptac_core::BoxFuture<'a, Result<Option<String>, PageError>> {
    Box::pin(async move {
        let Some(d) = dashboard(state, ctx).await? else {
            return Ok(None);
        };
        let section = Section {
            t: super::tr(ctx.lang),
            d,
        };
        askama::Template::render(&section)
            .map(Some)
            .map_err(|e| PageError::Internal(ctx.lang, e.to_string()))
    })
}
