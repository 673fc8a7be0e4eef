//! An area of hoptac as every entry point sees it (the server, the command line, tests): its
//! words, its tables, the reference data it loads into a database, the kinds of record it writes to
//! the audit trail and its counts for reports. The web application adds its pages and API
//! (`hoptac_web::Area`); the binary lists the areas once.

use crate::counting::{self, Counter};
use crate::db::Schema;
use crate::i18n::{self, Translations};
use crate::{BoxFuture, Db, StoreResult};

/// Loads what an area needs in a database after the migrations (a shipped scorecard...); safe to
/// run any number of times.
pub type Prepare = for<'a> fn(&'a Db) -> BoxFuture<'a, StoreResult<()>>;

/// One area.
pub struct Area {
    /// The words of its pages, fields and checks.
    pub translations: Translations,
    /// Its own tables, beyond the core's.
    pub schema: Option<&'static Schema>,
    pub prepare: Option<Prepare>,
    /// The kinds of record it writes to the audit trail (`ocop_round`...), each named by the
    /// message `audit-entity-{kind}` of its translations.
    pub audited: &'static [&'static str],
    /// How the fields of those records read on the trail, where not as written
    /// ([`crate::readable`]).
    pub trail_fields: &'static [crate::readable::FieldShape],
    /// Its answer to reports.
    pub counter: Option<&'static Counter>,
    /// The names and provinces of the evaluation rounds council seats are granted for, when the
    /// area keeps them.
    pub round_places: Option<crate::roles::RoundPlaces>,
}

impl Area {
    /// An area of words alone.
    pub const fn new(translations: Translations) -> Area {
        Area {
            translations,
            schema: None,
            prepare: None,
            audited: &[],
            trail_fields: &[],
            counter: None,
            round_places: None,
        }
    }
}

/// Readies a database for the areas: the migrations of the core and of every area, the
/// administrative units, then what each area loads ([`Prepare`]); and [`attach`]es them.
pub async fn prepare(db: &Db, areas: &[&Area]) -> StoreResult<()> {
    db.prepare(&schemas(areas)).await?;
    load(db, areas).await
}

/// The areas' own tables.
pub fn schemas(areas: &[&Area]) -> Vec<&'static Schema> {
    areas.iter().filter_map(|a| a.schema).collect()
}

/// What each area loads into a migrated database, then [`attach`].
pub async fn load(db: &Db, areas: &[&Area]) -> StoreResult<()> {
    for prepare in areas.iter().filter_map(|a| a.prepare) {
        prepare(db).await?;
    }
    attach(db, areas);
    Ok(())
}

/// Makes the areas answer for a database that is already prepared: their words join the catalogue
/// and their counters answer reports asked of `db`.
pub fn attach(db: &Db, areas: &[&Area]) {
    i18n::install(&areas.iter().map(|a| a.translations).collect::<Vec<_>>());
    for area in areas {
        crate::readable::install(area.trail_fields);
    }
    for counter in areas.iter().filter_map(|a| a.counter) {
        counting::register(db, counter);
    }
    for places in areas.iter().filter_map(|a| a.round_places) {
        crate::roles::register_round_places(db, places);
    }
}

/// The kinds of record on the audit trail: the core's, then each area's.
pub fn audited(areas: &[&Area]) -> Vec<&'static str> {
    let mut kinds = crate::audit::ENTITIES.to_vec();
    kinds.extend(areas.iter().flat_map(|a| a.audited.iter().copied()));
    kinds
}
