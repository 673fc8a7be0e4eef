//! Reports of a place and period: every indicator of the catalogue counted from the records,
//! completed by the figures officers entered where the records hold nothing, set against the
//! year's plan and the same period a year earlier; the communes of a province side by side.

pub(crate) mod cache;
mod compute;
pub mod entries;
pub mod templates;

/// The reports' tables and indexes (migrations 8, 9 and 26): entered figures, plan targets, the
/// indexes that counting reads, and the templates alliances save.
pub static SCHEMA: hoptac_core::db::Schema = hoptac_core::db::Schema {
    area: "reports",
    sqlite: &SQLITE_MIGRATIONS,
    postgres: &POSTGRES_MIGRATIONS,
};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

use crate::domain::figures::ratio;
use crate::domain::narrative::{self, NarrativePart};
use crate::domain::ReportTemplate;
use crate::domain::{
    Completeness, Entered, Figure, Indicator, Measure, Node, Period, ReportPart, ReportPlace, Source, Sourced,
};
use cache::Part;
use chrono::NaiveDate;
use compute::{days_of, province_part_key, Buckets, Filter, Grouping};
use hoptac_core::access::{Permission, Place};
use hoptac_core::admin::Era;
use hoptac_core::admin_units::{self, Commune};
use hoptac_core::audit::Actor;
use hoptac_core::gate;
use hoptac_core::FieldErrors;
use hoptac_core::{on_pool, Db, StoreError, StoreResult};
use serde::Serialize;
use std::collections::HashMap;

/// A report's place as the store knows it.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceInfo {
    pub place: ReportPlace,
    /// "Tỉnh Thái Nguyên", "Xã Tân Cương (Tỉnh Thái Nguyên)"; empty for the country.
    pub name: String,
    /// The unit's kind as the lists give it ("tỉnh", "thành phố trung ương", "xã", "phường"); empty
    /// for the country.
    pub kind: String,
    /// For a 2008 province, the 2025 province it is part of.
    pub successor: Option<String>,
    /// The 2025 province the place lies in; `None` for the country.
    pub province_code: Option<String>,
    #[serde(skip)]
    access: Place,
    #[serde(skip)]
    filter: Filter,
}

impl PlaceInfo {
    /// Where the place sits, as access rules see it.
    pub fn access_place(&self) -> &Place {
        &self.access
    }

    /// How a report names the whole place: "cả nước", "toàn tỉnh", "toàn thành phố", "toàn xã".
    pub fn whole(&self) -> String {
        match (&self.place, self.kind.as_str()) {
            (ReportPlace::Country, _) => "cả nước".to_owned(),
            (_, "thành phố trung ương") => "toàn thành phố".to_owned(),
            (_, "") => "toàn địa bàn".to_owned(),
            (_, kind) => format!("toàn {kind}"),
        }
    }
}

fn unknown_place(place: &ReportPlace) -> StoreError {
    let mut e = FieldErrors::new();
    e.add_with("place", "unknown_place", vec![("value", place.code())]);
    StoreError::Validation(e)
}

/// Finds a place in the administrative units; an unknown one is a validation error on `place`.
pub async fn find_place(db: &Db, place: &ReportPlace) -> StoreResult<PlaceInfo> {
    let info =
        |name: String, kind: String, province: Option<String>, access: Place, filter: Filter| PlaceInfo {
            place: place.clone(),
            name,
            kind,
            successor: None,
            province_code: province,
            access,
            filter,
        };
    match place {
        ReportPlace::Country => Ok(info(
            String::new(),
            String::new(),
            None,
            Place::country(),
            Filter::Everything,
        )),
        ReportPlace::Province { era, code } => {
            let province = admin_units::province(db, *era, code)
                .await?
                .ok_or_else(|| unknown_place(place))?;
            let current = province.successor_code.clone().unwrap_or_else(|| code.clone());
            let filter = match era {
                Era::Y2025 => Filter::Province(code.clone()),
                Era::Y2008 => Filter::OldProvince(code.clone()),
            };
            Ok(PlaceInfo {
                successor: province.successor_code,
                ..info(
                    province.name,
                    province.kind,
                    Some(current.clone()),
                    Place::province(&current),
                    filter,
                )
            })
        }
        ReportPlace::Commune { era, code } => {
            let commune = admin_units::commune_by_code(db, *era, code)
                .await?
                .ok_or_else(|| unknown_place(place))?;
            let name = format!("{} ({})", commune.name, commune.province_name);
            Ok(info(
                name,
                commune.kind.clone(),
                Some(commune.current_province_code.clone()),
                gate::place_in(&commune, None),
                Filter::Commune(commune.id),
            ))
        }
    }
}

/// The figures of one place and period.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub place: PlaceInfo,
    pub period: Period,
    /// The day stocks are counted on.
    pub as_of: NaiveDate,
    pub previous_period: Period,
    /// Every indicator the report shows, in catalogue order.
    pub figures: Vec<Figure>,
    /// The parts of figures that reports do not show on their own but the narrative tells
    /// (members taken from yearly figures, organisations without member figures).
    #[serde(skip)]
    pub details: Vec<Figure>,
    /// Which parts of the place (former provinces, provinces of the country) each figure has
    /// data for; empty for a place of one part.
    pub completeness: Completeness,
    /// The next year's plan targets, which a yearly review's closing section states.
    #[serde(skip)]
    pub targets_ahead: Vec<(Indicator, i64)>,
}

impl Report {
    pub fn figure(&self, indicator: Indicator) -> Option<&Figure> {
        self.figures.iter().find(|f| f.indicator == indicator)
    }

    /// The report's text, paragraph by paragraph.
    pub fn narrative(&self) -> Vec<String> {
        self.told(narrative::write)
    }

    /// The report's text in the sections of `template`, or as one part without a heading.
    pub fn narrative_in(&self, template: Option<&ReportTemplate>) -> Vec<NarrativePart> {
        match template {
            None => vec![NarrativePart {
                heading: None,
                paragraphs: self.narrative(),
            }],
            Some(template) => self.told(|setting, figures| {
                narrative::write_in(setting, figures, template, &self.targets_ahead)
            }),
        }
    }

    /// What `write` makes of the report's setting and every figure, the hidden parts included.
    fn told<T>(&self, write: impl FnOnce(&narrative::Setting<'_>, &[Figure]) -> T) -> T {
        let whole = self.place.whole();
        let setting = narrative::Setting {
            whole: &whole,
            period: &self.period,
            previous: &self.previous_period,
            as_of: self.as_of,
            completeness: &self.completeness,
        };
        let figures: Vec<Figure> = self.figures.iter().chain(&self.details).cloned().collect();
        write(&setting, &figures)
    }
}

/// Resolved values of one period, with what the records alone gave and the parts each has data
/// for.
struct Values {
    resolved: HashMap<Indicator, Sourced>,
    computed: HashMap<Indicator, i64>,
    completeness: Completeness,
}

/// Entered values of a period, by indicator and place.
type EntryMap = HashMap<(Indicator, ReportPlace), Entered>;

/// The report of a place and period for someone who may read it.
pub async fn report(
    db: &Db,
    actor: &Actor,
    place: &ReportPlace,
    period: Period,
    today: NaiveDate,
) -> StoreResult<Report> {
    let info = find_place(db, place).await?;
    gate::check(actor, Permission::ReadReports, &info.access)?;
    let previous_period = period.compared_on(today);
    let shape = Shape::of(db, &info).await?;
    let (current_entries, previous_entries) = tokio::try_join!(
        entries::for_period(db, &info, &period),
        entries::for_period(db, &info, &previous_period)
    )?;
    // The two periods are counted side by side, each on a connection of its own.
    let (current, previous) = tokio::try_join!(
        values(db, &info, &shape, &period, today, &current_entries),
        values(db, &info, &shape, &previous_period, today, &previous_entries)
    )?;
    let (targets, ahead) = tokio::try_join!(
        entries::targets_of(db, place, period.plan_year()),
        entries::targets_of(db, place, period.plan_year() + 1)
    )?;
    // While the year runs and only some cooperatives have reported its figures, a sum of theirs
    // is set against no earlier year (the narrative says why).
    let value_of = |i: Indicator| current.resolved.get(&i).map(|s| s.value);
    let partly_reported = !period.is_over(today)
        && matches!((value_of(Indicator::CoopsReporting), value_of(Indicator::CoopsActive)), (Some(r), Some(a)) if r < a);
    let (figures, details): (Vec<Figure>, Vec<Figure>) = Indicator::ALL
        .iter()
        .map(|&indicator| Figure {
            indicator,
            value: current.resolved.get(&indicator).copied(),
            computed: current.computed.get(&indicator).copied(),
            entered: current_entries.get(&(indicator, place.clone())).cloned(),
            target: targets.get(&indicator).copied(),
            previous: previous
                .resolved
                .get(&indicator)
                .map(|s| s.value)
                .filter(|_| !(partly_reported && indicator.definition().measure.reads_yearly_figures())),
        })
        .partition(|f| !f.indicator.definition().hidden);
    Ok(Report {
        as_of: period.as_of(today),
        place: info,
        period,
        previous_period,
        figures,
        details,
        completeness: current.completeness,
        targets_ahead: Indicator::ALL
            .iter()
            .filter_map(|i| Some((*i, *ahead.get(i)?)))
            .collect(),
    })
}

/// How a place's parts nest: the 2025 provinces of the country and the 2008 provinces of each.
#[derive(Default)]
struct Shape {
    /// 2025 province code to the 2008 provinces that merged into it.
    predecessors: HashMap<String, Vec<String>>,
    /// The provinces' names by era and code.
    names: HashMap<(Era, String), String>,
}

impl Shape {
    async fn of(db: &Db, info: &PlaceInfo) -> StoreResult<Shape> {
        let mut shape = Shape::default();
        if matches!(info.filter, Filter::Everything | Filter::Province(_)) {
            for old in admin_units::provinces(db, Era::Y2008).await? {
                if let Some(current) = old.successor_code {
                    shape
                        .predecessors
                        .entry(current)
                        .or_default()
                        .push(old.code.clone());
                }
                shape.names.insert((Era::Y2008, old.code), old.name);
            }
            for current in admin_units::provinces(db, Era::Y2025).await? {
                shape.predecessors.entry(current.code.clone()).or_default();
                shape.names.insert((Era::Y2025, current.code), current.name);
            }
        }
        Ok(shape)
    }

    /// The 2025 provinces of the country, in code order.
    fn provinces(&self) -> Vec<&String> {
        let mut codes: Vec<&String> = self.predecessors.keys().collect();
        codes.sort();
        codes
    }

    /// The parts the place's figures are expected from, in the order of [`Shape::node`]'s
    /// children: the provinces of the country, the former provinces of a 2025 province.
    fn parts(&self, info: &PlaceInfo) -> Vec<ReportPart> {
        let part = |era: Era, code: &String| ReportPart {
            place: ReportPlace::Province {
                era,
                code: code.clone(),
            },
            name: self
                .names
                .get(&(era, code.clone()))
                .cloned()
                .unwrap_or_else(|| code.clone()),
        };
        match &info.filter {
            Filter::Everything => self
                .provinces()
                .into_iter()
                .map(|c| part(Era::Y2025, c))
                .collect(),
            Filter::Province(code) => self.predecessors.get(code).map_or_else(Vec::new, |olds| {
                olds.iter().map(|c| part(Era::Y2008, c)).collect()
            }),
            Filter::OldProvince(_) | Filter::Commune(_) => Vec::new(),
        }
    }

    /// The tree of one indicator's values for the place.
    fn node(&self, info: &PlaceInfo, indicator: Indicator, buckets: &Buckets, entered: &EntryMap) -> Node {
        let computed = |key: &str| buckets.get(key).and_then(|v| v.get(&indicator)).copied();
        let entry = |place: ReportPlace| entered.get(&(indicator, place)).map(|e| e.value);
        let province = |code: &str| Node {
            computed: computed(&province_part_key(code, None)),
            entered: entry(ReportPlace::province(code)),
            children: self.predecessors.get(code).map_or_else(Vec::new, |olds| {
                olds.iter()
                    .map(|old| {
                        let place = ReportPlace::Province {
                            era: Era::Y2008,
                            code: old.clone(),
                        };
                        Node::leaf(computed(&province_part_key(code, Some(old))), entry(place))
                    })
                    .collect()
            }),
        };
        match &info.filter {
            Filter::Everything => Node {
                computed: None,
                entered: entry(ReportPlace::Country),
                children: self.provinces().into_iter().map(|c| province(c)).collect(),
            },
            Filter::Province(code) => province(code),
            Filter::OldProvince(code) => {
                let current = info.province_code.as_deref().unwrap_or("");
                Node::leaf(
                    computed(&province_part_key(current, Some(code))),
                    entry(info.place.clone()),
                )
            }
            Filter::Commune(id) => Node::leaf(computed(&id.to_string()), entry(info.place.clone())),
        }
    }
}

/// A commune's records are bucketed by commune, anything larger by the parts of its provinces.
fn grouping_of(info: &PlaceInfo) -> Grouping {
    match info.filter {
        Filter::Commune(_) => Grouping::Commune,
        _ => Grouping::ProvincePart,
    }
}

async fn values(
    db: &Db,
    info: &PlaceInfo,
    shape: &Shape,
    period: &Period,
    today: NaiveDate,
    entered: &EntryMap,
) -> StoreResult<Values> {
    let days = days_of(period, today);
    let buckets = cache::counts(db, &info.filter, grouping_of(info), days, Part::All).await?;
    let node = |indicator| shape.node(info, indicator, &buckets, entered);
    Ok(Values {
        completeness: Completeness::of(shape.parts(info), node),
        ..resolve_all(node)
    })
}

/// Every indicator's value from its tree: totals first, then the ratios of their totals.
fn resolve_all(node: impl Fn(Indicator) -> Node) -> Values {
    let mut resolved = HashMap::new();
    let mut computed = HashMap::new();
    let totals = Indicator::ALL
        .iter()
        .copied()
        .filter(|i| !i.definition().measure.is_derived());
    for indicator in totals {
        let node = node(indicator);
        if let Some(value) = node.resolve() {
            resolved.insert(indicator, value);
        }
        if let Some(value) = node.computed_total() {
            computed.insert(indicator, value);
        }
    }
    for indicator in Indicator::ALL.iter().copied() {
        if let Measure::Sum(parts) = indicator.definition().measure {
            let resolved_parts = parts.iter().filter_map(|p| resolved.get(p).copied());
            if let Some(sum) = resolved_parts.reduce(Sourced::plus) {
                resolved.insert(indicator, sum);
            }
            let computed_parts = parts.iter().filter_map(|p| computed.get(p).copied());
            if let Some(sum) = computed_parts.reduce(i64::saturating_add) {
                computed.insert(indicator, sum);
            }
        }
    }
    for indicator in Indicator::ALL.iter().copied() {
        if let Measure::Ratio {
            numerator,
            denominator,
        } = indicator.definition().measure
        {
            let unit = indicator.unit();
            if let Some(value) = ratio(
                resolved.get(&numerator).copied(),
                resolved.get(&denominator).copied(),
                unit,
            ) {
                resolved.insert(indicator, value);
            }
            let total = |i| {
                computed.get(&i).map(|&value| Sourced {
                    value,
                    source: Source::Computed,
                })
            };
            if let Some(value) = ratio(total(numerator), total(denominator), unit) {
                computed.insert(indicator, value.value);
            }
        }
    }
    Values {
        resolved,
        computed,
        completeness: Completeness::default(),
    }
}

/// What the charts over years show: the organisations of each kind and the OCOP products.
pub const TREND_INDICATORS: [Indicator; 8] = [
    Indicator::ThtActive,
    Indicator::HtxActive,
    Indicator::LhhtxActive,
    Indicator::FarmsActive,
    Indicator::OcopProducts,
    Indicator::Ocop3Stars,
    Indicator::Ocop4Stars,
    Indicator::Ocop5Stars,
];

/// A place's stocks at the end of one year (or today, for the year under way).
#[derive(Debug, Clone, Serialize)]
pub struct TrendYear {
    pub year: i32,
    pub values: HashMap<Indicator, Sourced>,
}

/// The stocks of [`TREND_INDICATORS`] year by year, from records and entered figures as the
/// report chooses them. Years that have not begun, and the first years that know nothing, are
/// left out.
pub async fn trend(
    db: &Db,
    actor: &Actor,
    place: &ReportPlace,
    years: std::ops::RangeInclusive<i32>,
    today: NaiveDate,
) -> StoreResult<Vec<TrendYear>> {
    let info = find_place(db, place).await?;
    gate::check(actor, Permission::ReadReports, &info.access)?;
    let shape = Shape::of(db, &info).await?;
    let mut trend = Vec::new();
    for year in years {
        let Some(period) = Period::year(year).filter(|p| p.start <= today) else {
            continue;
        };
        let entered = entries::for_period(db, &info, &period).await?;
        let days = days_of(&period, today);
        let buckets = cache::counts(db, &info.filter, grouping_of(&info), days, Part::Stocks).await?;
        let values: HashMap<Indicator, Sourced> = TREND_INDICATORS
            .iter()
            .filter_map(|&i| Some((i, shape.node(&info, i, &buckets, &entered).resolve()?)))
            .collect();
        if trend.is_empty() && values.is_empty() {
            continue;
        }
        trend.push(TrendYear { year, values });
    }
    Ok(trend)
}

/// One commune's line in a province's drill-down.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneLine {
    pub commune: Commune,
    pub values: HashMap<Indicator, Sourced>,
}

/// The communes of a province (of either era) that hold records or entered figures for the
/// period, by name, with every indicator of each.
pub async fn communes(
    db: &Db,
    actor: &Actor,
    place: &ReportPlace,
    period: Period,
    today: NaiveDate,
) -> StoreResult<Vec<CommuneLine>> {
    let info = find_place(db, place).await?;
    gate::check(actor, Permission::ReadReports, &info.access)?;
    if !matches!(info.filter, Filter::Province(_) | Filter::OldProvince(_)) {
        return Ok(Vec::new());
    }
    let days = days_of(&period, today);
    let buckets = cache::counts(db, &info.filter, Grouping::Commune, days, Part::All).await?;
    let entered = entries::for_period(db, &info, &period).await?;
    let mut ids: Vec<i64> = buckets.keys().filter_map(|k| k.parse().ok()).collect();
    let entered_communes = entered_commune_ids(db, &entered).await?;
    ids.extend(entered_communes.values());
    ids.sort_unstable();
    ids.dedup();
    let mut lines = Vec::with_capacity(ids.len());
    // A commune is a leaf: it has no parts.
    let shape = Shape::default();
    for commune in communes_by_ids(db, &ids).await? {
        let place = ReportPlace::Commune {
            era: commune.era(),
            code: commune.code.clone(),
        };
        let info = PlaceInfo {
            place: place.clone(),
            name: commune.name.clone(),
            kind: commune.kind.clone(),
            successor: None,
            province_code: Some(commune.current_province_code.clone()),
            access: gate::place_in(&commune, None),
            filter: Filter::Commune(commune.id),
        };
        let values = resolve_all(|indicator| shape.node(&info, indicator, &buckets, &entered)).resolved;
        lines.push(CommuneLine { commune, values });
    }
    Ok(lines)
}

/// The ids of the communes that entered figures name.
async fn entered_commune_ids(db: &Db, entered: &EntryMap) -> StoreResult<HashMap<ReportPlace, i64>> {
    let mut ids = HashMap::new();
    for (_, place) in entered.keys() {
        if let ReportPlace::Commune { era, code } = place {
            if !ids.contains_key(place) {
                if let Some(c) = admin_units::commune_by_code(db, *era, code).await? {
                    ids.insert(place.clone(), c.id);
                }
            }
        }
    }
    Ok(ids)
}

async fn communes_by_ids(db: &Db, ids: &[i64]) -> StoreResult<Vec<Commune>> {
    let mut communes = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{} WHERE c.id IN ({})",
            admin_units::COMMUNE_SELECT,
            marks.join(", ")
        );
        let found: Vec<Commune> = on_pool!(db, |pool| {
            let mut q = sqlx::query_as(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            q.fetch_all(pool).await
        })?;
        communes.extend(found);
    }
    communes.sort_by_cached_key(|c| hoptac_core::text::fold(&c.name));
    Ok(communes)
}
