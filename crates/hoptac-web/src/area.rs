//! An area of hoptac as the web application sees it: its pages and documented API, its link in the
//! navigation, its section of the home page, the reference data it loads into a database and the
//! work it does every hour. The binary lists the areas once; [`crate::app`] composes them, so
//! adding an area touches no list here.

use crate::ctx::Ctx;
use crate::error::PageError;
use crate::AppState;
use hoptac_core::access::Access;
use hoptac_core::db::Schema;
use hoptac_core::i18n::{self, Translations};
use hoptac_core::{BoxFuture, Db, Lang, StoreResult};
use utoipa_axum::router::OpenApiRouter;

/// Loads what an area needs in a database after the migrations (a shipped scorecard...); safe to
/// run any number of times.
pub type Prepare = for<'a> fn(&'a Db) -> BoxFuture<'a, StoreResult<()>>;

/// A section of the home page for this request, as HTML; `None` when the area has nothing to show
/// the person.
pub type HomeSection = for<'a> fn(&'a AppState, &'a Ctx) -> BoxFuture<'a, Result<Option<String>, PageError>>;

/// Work to do every hour while the server runs; it logs its own failures.
pub type HourlyJob = for<'a> fn(&'a AppState) -> BoxFuture<'a, ()>;

/// One area.
pub struct Area {
    /// Pages and API routes; the API's OpenAPI paths and tags travel with them.
    pub router: OpenApiRouter<AppState>,
    /// The words of its pages, fields and checks.
    pub translations: Translations,
    /// The kinds of record it writes to the audit trail (`ocop_round`...), each named by the
    /// message `audit-entity-{kind}` of its translations.
    pub audited: &'static [&'static str],
    /// The area's entry in the navigation.
    pub nav: Option<NavLink>,
    /// Sections of the home page, each with its rank: lower comes first.
    pub home: Vec<(u8, HomeSection)>,
    /// The area's own tables, beyond the core's.
    pub schema: Option<&'static Schema>,
    pub prepare: Option<Prepare>,
    pub hourly: Option<HourlyJob>,
}

impl Area {
    /// An area of routes and words alone.
    pub fn new(router: OpenApiRouter<AppState>, translations: Translations) -> Area {
        Area {
            router,
            translations,
            audited: &[],
            nav: None,
            home: Vec::new(),
            schema: None,
            prepare: None,
            hourly: None,
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
        i18n::text(lang, self.label).unwrap_or(self.label)
    }

    /// Shown to everyone.
    pub fn always(_: &Access) -> bool {
        true
    }
}

/// The areas' own tables.
pub fn schemas(areas: &[Area]) -> Vec<&'static Schema> {
    areas.iter().filter_map(|a| a.schema).collect()
}

/// Readies a database for the areas: the migrations of the core and of every area, the
/// administrative units, then what each area loads ([`Prepare`]).
pub async fn prepare(db: &Db, areas: &[Area]) -> StoreResult<()> {
    install_translations(areas);
    db.prepare(&schemas(areas)).await?;
    for prepare in areas.iter().filter_map(|a| a.prepare) {
        prepare(db).await?;
    }
    Ok(())
}

/// Puts the platform's words and every area's in the catalogue messages are looked up in.
pub(crate) fn install_translations(areas: &[Area]) {
    i18n::install(&[crate::ui::TRANSLATIONS]);
    i18n::install(&areas.iter().map(|a| a.translations).collect::<Vec<_>>());
}

/// What the composed application keeps of its areas for every request.
#[derive(Default)]
pub(crate) struct Composed {
    /// The kinds of record on the audit trail: the platform's, then each area's.
    pub audited: Vec<&'static str>,
    pub nav: Vec<NavLink>,
    pub home: Vec<(u8, HomeSection)>,
    pub hourly: Vec<HourlyJob>,
}
