//! An area of hoptac as the web application sees it: what every entry point knows of it
//! (`hoptac_core::area::Area`: words, tables, reference data, audited records, counts) with its
//! pages and documented API, its link in the navigation, its section of the home page and the work
//! it does every hour. The binary lists the areas once; [`crate::app`] composes them, so
//! adding an area touches no list here.

use crate::ctx::Ctx;
use crate::error::PageError;
use crate::AppState;
use hoptac_core::access::Access;
use hoptac_core::i18n;
use hoptac_core::{BoxFuture, Lang};
use utoipa_axum::router::OpenApiRouter;

/// A section of the home page for this request, as HTML; `None` when the area has nothing to show
/// the person.
pub type HomeSection = for<'a> fn(&'a AppState, &'a Ctx) -> BoxFuture<'a, Result<Option<String>, PageError>>;

/// An area's results for words searched on the one search page (`/search`), as HTML; `None` when
/// it finds nothing. The words are received text, at most the query bound.
pub type SearchSection =
    for<'a> fn(&'a AppState, &'a Ctx, &'a str) -> BoxFuture<'a, Result<Option<String>, PageError>>;

/// What an area shows on an organisation's public page (the OCOP products it makes), as HTML;
/// `None` when it has nothing for this organisation.
pub type OrganisationSection =
    for<'a> fn(&'a AppState, &'a Ctx, i64) -> BoxFuture<'a, Result<Option<String>, PageError>>;

/// Work to do every hour while the server runs; it logs its own failures.
pub type HourlyJob = for<'a> fn(&'a AppState) -> BoxFuture<'a, ()>;

/// Work that runs for as long as the server does (a queue's worker), started once with the
/// server; it logs its own failures and never returns.
pub type Worker = fn(AppState) -> BoxFuture<'static, ()>;

/// One area as the web application serves it.
pub struct Area {
    /// What every entry point knows of it: words, tables, reference data, audited records, counts.
    pub area: hoptac_core::area::Area,
    /// Pages and API routes; the API's OpenAPI paths and tags travel with them.
    pub router: OpenApiRouter<AppState>,
    /// The area's entry in the navigation.
    pub nav: Option<NavLink>,
    /// Sections of the home page, each with its rank: lower comes first.
    pub home: Vec<(u8, HomeSection)>,
    /// What it finds on the one search page, with its rank: lower comes first.
    pub search: Vec<(u8, SearchSection)>,
    /// Sections of an organisation's page, with their rank: lower comes first.
    pub organisation: Vec<(u8, OrganisationSection)>,
    pub hourly: Option<HourlyJob>,
    pub worker: Option<Worker>,
}

impl Area {
    /// An area's routes, without navigation, home sections, hourly job or worker.
    pub fn new(area: hoptac_core::area::Area, router: OpenApiRouter<AppState>) -> Area {
        Area {
            area,
            router,
            nav: None,
            home: Vec::new(),
            search: Vec::new(),
            organisation: Vec::new(),
            hourly: None,
            worker: None,
        }
    }
}

/// A link of the main navigation.
#[derive(Clone, Copy)]
pub struct NavLink {
    pub href: &'static str,
    /// The id of its label in the area's translations.
    pub label: &'static str,
    /// Whether the person sees the link.
    pub shown: fn(&Access) -> bool,
}

impl NavLink {
    pub fn label(&self, lang: Lang) -> &'static str {
        i18n::word(lang, self.label)
    }

    /// Shown to everyone.
    pub fn always(_: &Access) -> bool {
        true
    }
}

/// What every entry point knows of the areas.
pub fn cores(areas: &[Area]) -> Vec<&hoptac_core::area::Area> {
    areas.iter().map(|a| &a.area).collect()
}

/// What the composed application keeps of its areas for every request.
#[derive(Default)]
pub(crate) struct Composed {
    /// The kinds of record on the audit trail: the platform's, then each area's.
    pub audited: Vec<&'static str>,
    pub nav: Vec<NavLink>,
    pub home: Vec<(u8, HomeSection)>,
    pub search: Vec<(u8, SearchSection)>,
    pub organisation: Vec<(u8, OrganisationSection)>,
    pub hourly: Vec<HourlyJob>,
    pub workers: Vec<Worker>,
}
