//! Administrative units of both eras, shipped inside the binary from the statistics office's lists,
//! and the merger of 63 provinces into 34 on 1 July 2025.
//!
//! Provinces merged whole, so a 2008-era unit always has one 2025 province. Communes were redrawn:
//! a record keeps the commune of the era it was recorded in, and [`SUCCESSORS_2025`] says which 2025
//! commune (or communes, when it was split) each old one became part of.

use crate::admin::CommuneRef;
use crate::admin::Era;
use crate::sql::Tx;
use crate::text::fold;
use crate::FieldErrors;
use crate::{on_pool, Arg, Db, StoreError, StoreResult};
use serde::Serialize;

const UNITS_2008: &str = include_str!("../data/admin-units-2008-2025.csv");
const UNITS_2025: &str = include_str!("../data/admin-units-2025.csv");
const MERGER_2025: &str = include_str!("../data/province-merger-2025.csv");
/// Pairs of a 2008-era commune and the 2025 commune it became (part of): 10,305 pairs covering 9,992
/// of the 10,051 old communes and 3,309 of the 3,321 new ones; 295 old communes were split between
/// several new ones. Derived from a public mapping (MIT licence, `data/commune-merger-2025.LICENSE.txt`)
/// joined to the statistics office's codes by name.
pub const SUCCESSORS_2025: &str = include_str!("../data/commune-merger-2025.csv");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Province {
    #[schema(value_type = String)]
    pub era: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    /// For a 2008-era province, the 2025 province it became part of.
    pub successor_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Commune {
    #[serde(skip)]
    pub id: i64,
    pub era: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub province_code: String,
    pub district_code: Option<String>,
    pub province_name: String,
    /// The 2025 province the commune counts in.
    pub current_province_code: String,
    /// The 2025 commune it counts in (see [`current_commune_sql`]).
    #[serde(skip)]
    pub current_commune_id: Option<i64>,
}

impl Commune {
    pub fn era(&self) -> Era {
        Era::parse(&self.era).unwrap_or(Era::Y2025)
    }
}

/// The lists as rows of text, in the column order of their tables.
struct UnitRows {
    provinces: Vec<Vec<String>>,
    districts: Vec<Vec<String>>,
    communes: Vec<Vec<String>>,
}

fn read_csv(text: &str) -> StoreResult<Vec<csv::StringRecord>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| StoreError::ReferenceData(e.to_string()))
}

/// A 2025 province's name as the list gives it lacks the "Tỉnh" that the 2008 list carries; add it so
/// both eras read alike.
fn full_province_name(name: &str, kind: &str) -> String {
    if name.starts_with("Tỉnh ") || name.starts_with("Thành phố ") || kind != "tỉnh" {
        name.to_owned()
    } else {
        format!("Tỉnh {name}")
    }
}

fn parse_reference_data() -> StoreResult<UnitRows> {
    let successors: std::collections::HashMap<String, String> = read_csv(MERGER_2025)?
        .iter()
        .map(|r| (r[0].to_owned(), r[2].to_owned()))
        .collect();
    let mut rows = UnitRows {
        provinces: Vec::new(),
        districts: Vec::new(),
        communes: Vec::new(),
    };
    let mut seen_provinces = std::collections::HashSet::new();
    let mut seen_districts = std::collections::HashSet::new();
    for r in read_csv(UNITS_2008)? {
        let (pcode, pname, dcode) = (&r[0], &r[1], &r[3]);
        if seen_provinces.insert(("2008", pcode.to_owned())) {
            let successor = successors.get(pcode).cloned().ok_or_else(|| {
                StoreError::ReferenceData(format!("province {pcode} has no entry in the 2025 merger list"))
            })?;
            rows.provinces.push(vec![
                "2008".into(),
                pcode.into(),
                pname.into(),
                r[2].into(),
                successor,
            ]);
        }
        if seen_districts.insert(dcode.to_owned()) {
            rows.districts
                .push(vec![dcode.into(), pcode.into(), r[4].into(), r[5].into()]);
        }
        rows.communes.push(vec![
            "2008".into(),
            r[6].into(),
            r[7].into(),
            r[8].into(),
            pcode.into(),
            dcode.into(),
            fold(&r[7]),
        ]);
    }
    for r in read_csv(UNITS_2025)? {
        let pcode = &r[0];
        if seen_provinces.insert(("2025", pcode.to_owned())) {
            rows.provinces.push(vec![
                "2025".into(),
                pcode.into(),
                full_province_name(&r[1], &r[2]),
                r[2].into(),
                String::new(),
            ]);
        }
        rows.communes.push(vec![
            "2025".into(),
            r[3].into(),
            r[4].into(),
            r[5].into(),
            pcode.into(),
            String::new(),
            fold(&r[4]),
        ]);
    }
    Ok(rows)
}

/// Loads both eras' units unless they are there already. Runs at every start; costs one count when
/// the data is loaded.
pub async fn ensure_loaded(db: &Db) -> StoreResult<()> {
    let count: i64 = on_pool!(db, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM provinces")
        .fetch_one(pool)
        .await)?;
    if count > 0 {
        return Ok(());
    }
    let rows = parse_reference_data()?;
    // Empty text in the lists means "none".
    let args = |rows: &[Vec<String>]| -> Vec<Vec<Arg>> {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|v| Arg::OptText((!v.is_empty()).then(|| v.clone())))
                    .collect()
            })
            .collect()
    };
    let mut tx = Tx::begin(db).await?;
    tx.insert_many(
        "provinces",
        &["era", "code", "name", "kind", "successor_code"],
        &args(&rows.provinces),
    )
    .await?;
    tx.insert_many(
        "districts",
        &["code", "province_code", "name", "kind"],
        &args(&rows.districts),
    )
    .await?;
    let commune_columns = [
        "era",
        "code",
        "name",
        "kind",
        "province_code",
        "district_code",
        "search_name",
    ];
    tx.insert_many("communes", &commune_columns, &args(&rows.communes))
        .await?;
    tx.commit().await?;
    tracing::info!(
        provinces = rows.provinces.len(),
        districts = rows.districts.len(),
        communes = rows.communes.len(),
        "loaded administrative units"
    );
    Ok(())
}

/// Loads the communes' successors ([`SUCCESSORS_2025`]) unless they are there already; runs at every
/// start, after the units. A pair naming a code missing from either list is skipped.
pub async fn ensure_successors_loaded(db: &Db) -> StoreResult<()> {
    let count: i64 = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM commune_successors"
    )
    .fetch_one(pool)
    .await)?;
    if count > 0 {
        return Ok(());
    }
    let ids: Vec<(String, String, i64)> =
        on_pool!(db, |pool| sqlx::query_as("SELECT era, code, id FROM communes")
            .fetch_all(pool)
            .await)?;
    let ids: std::collections::HashMap<(String, String), i64> =
        ids.into_iter().map(|(era, code, id)| ((era, code), id)).collect();
    let id_of = |era: &str, code: &str| ids.get(&(era.to_owned(), code.to_owned())).copied();
    let mut pairs = std::collections::BTreeSet::new();
    for r in read_csv(SUCCESSORS_2025)? {
        if let (Some(old), Some(new)) = (id_of("2008", &r[0]), id_of("2025", &r[4])) {
            pairs.insert((old, new));
        }
    }
    let rows: Vec<Vec<Arg>> = pairs
        .iter()
        .map(|(old, new)| vec![Arg::I64(*old), Arg::I64(*new)])
        .collect();
    let mut tx = Tx::begin(db).await?;
    tx.insert_many("commune_successors", &["old_commune_id", "new_commune_id"], &rows)
        .await?;
    tx.commit().await?;
    tracing::info!(pairs = rows.len(), "loaded the communes' successors");
    Ok(())
}

/// The 2025 commune a commune counts in: itself for a 2025 commune, the one it became part of for a
/// 2008 commune; `None` for an old commune split between several (where in it a record sits
/// decides) or missing from the list. An SQL expression over the column `commune`.
pub fn current_commune_sql(commune: &str) -> String {
    format!(
        "(SELECT CASE WHEN cur.era = '2025' THEN cur.id ELSE \
         (SELECT MIN(succ.new_commune_id) FROM commune_successors succ \
          WHERE succ.old_commune_id = cur.id HAVING COUNT(*) = 1) END \
         FROM communes cur WHERE cur.id = {commune})"
    )
}

/// The 2025 communes an old commune became (part of), by name; empty for a 2025 commune.
pub async fn successors(db: &Db, commune_id: i64) -> StoreResult<Vec<Commune>> {
    let sql = format!(
        "{COMMUNE_SELECT} WHERE c.id IN \
         (SELECT new_commune_id FROM commune_successors WHERE old_commune_id = $1) ORDER BY c.code"
    );
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(commune_id)
        .fetch_all(pool)
        .await)?)
}

/// Changes whenever the shipped lists do.
#[cfg(feature = "testing")]
pub fn fingerprint() -> String {
    format!(
        "{}:{}:{}:{}",
        UNITS_2008.len(),
        UNITS_2025.len(),
        MERGER_2025.len(),
        SUCCESSORS_2025.len()
    )
}

pub async fn provinces(db: &Db, era: Era) -> StoreResult<Vec<Province>> {
    let sql = "SELECT era, code, name, kind, successor_code FROM provinces WHERE era = $1 ORDER BY code";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(era.as_str())
        .fetch_all(pool)
        .await)?)
}

pub async fn province(db: &Db, era: Era, code: &str) -> StoreResult<Option<Province>> {
    let sql = "SELECT era, code, name, kind, successor_code FROM provinces WHERE era = $1 AND code = $2";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(era.as_str())
        .bind(code)
        .fetch_optional(pool)
        .await)?)
}

pub const COMMUNE_SELECT: &str =
    "SELECT c.id, c.era, c.code, c.name, c.kind, c.province_code, c.district_code, \
     p.name AS province_name, COALESCE(p.successor_code, p.code) AS current_province_code, \
     CASE WHEN c.era = '2025' THEN c.id ELSE (SELECT MIN(succ.new_commune_id) \
     FROM commune_successors succ WHERE succ.old_commune_id = c.id HAVING COUNT(*) = 1) END \
     AS current_commune_id \
     FROM communes c JOIN provinces p ON p.era = c.era AND p.code = c.province_code";

/// The communes of a province, by name.
pub async fn communes(db: &Db, era: Era, province_code: &str) -> StoreResult<Vec<Commune>> {
    let sql = format!("{COMMUNE_SELECT} WHERE c.era = $1 AND c.province_code = $2 ORDER BY c.search_name");
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(era.as_str())
        .bind(province_code)
        .fetch_all(pool)
        .await)?)
}

pub async fn commune_by_id(db: &Db, id: i64) -> StoreResult<Commune> {
    let sql = format!("{COMMUNE_SELECT} WHERE c.id = $1");
    on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?
    .ok_or(StoreError::NotFound)
}

pub async fn commune_by_code(db: &Db, era: Era, code: &str) -> StoreResult<Option<Commune>> {
    let sql = format!("{COMMUNE_SELECT} WHERE c.era = $1 AND c.code = $2");
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(era.as_str())
        .bind(code)
        .fetch_optional(pool)
        .await)?)
}

/// Finds the commune a user meant: by code, or by its exact name (diacritics and case ignored),
/// narrowed to `province_code` when given. An unknown or ambiguous name is a field error on `field`.
pub async fn resolve(
    db: &Db,
    reference: &CommuneRef,
    province_code: Option<&str>,
    field: &str,
) -> StoreResult<Commune> {
    let unknown = |value: &str| {
        let mut e = FieldErrors::new();
        e.add_with(field, "unknown_commune", vec![("value", value.to_owned())]);
        StoreError::Validation(e)
    };
    match reference {
        CommuneRef::Code { era, code } => commune_by_code(db, *era, code)
            .await?
            .ok_or_else(|| unknown(code)),
        CommuneRef::Name { era, name } => {
            let folded = fold(name);
            let mut sql = format!("{COMMUNE_SELECT} WHERE c.era = $1 AND c.search_name = $2");
            if province_code.is_some() {
                sql.push_str(" AND c.province_code = $3");
            }
            let found: Vec<Commune> = on_pool!(db, |pool| {
                let mut q = sqlx::query_as(&sql).bind(era.as_str()).bind(folded.as_str());
                if let Some(p) = province_code {
                    q = q.bind(p);
                }
                q.fetch_all(pool).await
            })?;
            match found.len() {
                0 => Err(unknown(name)),
                1 => Ok(found.into_iter().next().ok_or(StoreError::NotFound)?),
                _ => {
                    let mut e = FieldErrors::new();
                    e.add_with(field, "ambiguous_commune", vec![("value", name.clone())]);
                    Err(StoreError::Validation(e))
                }
            }
        }
    }
}

/// The 2008 province of a commune: its own for a 2008-era commune; for a 2025 commune, the one
/// province its 2025 province was formed from, when there was only one.
pub async fn old_province_of(db: &Db, commune: &Commune) -> StoreResult<Option<String>> {
    if commune.era() == Era::Y2008 {
        return Ok(Some(commune.province_code.clone()));
    }
    let sql = "SELECT code FROM provinces WHERE era = '2008' AND successor_code = $1";
    let codes: Vec<String> = on_pool!(db, |pool| sqlx::query_scalar(sql)
        .bind(&commune.province_code)
        .fetch_all(pool)
        .await)?;
    Ok(if codes.len() == 1 {
        codes.into_iter().next()
    } else {
        None
    })
}

/// The communes a batch of records names, each looked up once: an import's thousands of rows
/// name a province's few hundred communes, and the administrative units do not change while a
/// batch is checked. Unknown and ambiguous names are looked up again each time (they are rare, and
/// their errors name the row's field).
pub struct Places<'a> {
    db: &'a Db,
    communes: std::collections::HashMap<(Era, String, Option<String>), Commune>,
    old_provinces: std::collections::HashMap<String, Option<String>>,
}

impl<'a> Places<'a> {
    pub fn new(db: &'a Db) -> Places<'a> {
        Places {
            db,
            communes: std::collections::HashMap::new(),
            old_provinces: std::collections::HashMap::new(),
        }
    }

    /// [`resolve`], remembered.
    pub async fn resolve(
        &mut self,
        reference: &CommuneRef,
        province_code: Option<&str>,
        field: &str,
    ) -> StoreResult<Commune> {
        let key = match reference {
            CommuneRef::Code { era, code } => (*era, code.clone(), None),
            CommuneRef::Name { era, name } => (*era, fold(name), province_code.map(str::to_owned)),
        };
        if let Some(commune) = self.communes.get(&key) {
            return Ok(commune.clone());
        }
        let commune = resolve(self.db, reference, province_code, field).await?;
        self.communes.insert(key, commune.clone());
        Ok(commune)
    }

    /// [`old_province_of`], remembered by the commune's province.
    pub async fn old_province_of(&mut self, commune: &Commune) -> StoreResult<Option<String>> {
        if commune.era() == Era::Y2008 {
            return Ok(Some(commune.province_code.clone()));
        }
        if let Some(old) = self.old_provinces.get(&commune.province_code) {
            return Ok(old.clone());
        }
        let old = old_province_of(self.db, commune).await?;
        self.old_provinces
            .insert(commune.province_code.clone(), old.clone());
        Ok(old)
    }
}

/// The 2008 provinces that merged into a 2025 province.
pub async fn predecessors(db: &Db, current_code: &str) -> StoreResult<Vec<Province>> {
    let sql = "SELECT era, code, name, kind, successor_code FROM provinces \
               WHERE era = '2008' AND successor_code = $1 ORDER BY code";
    Ok(on_pool!(db, |pool| sqlx::query_as(sql)
        .bind(current_code)
        .fetch_all(pool)
        .await)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lists_are_complete() {
        let rows = parse_reference_data().map_err(|e| e.to_string());
        let rows = rows.as_ref();
        let count = |era: &str| rows.map(|r| r.provinces.iter().filter(|p| p[0] == era).count());
        assert_eq!(count("2008"), Ok(63));
        assert_eq!(count("2025"), Ok(34));
        assert_eq!(
            rows.map(|r| r.communes.iter().filter(|c| c[0] == "2025").count()),
            Ok(3321)
        );
        assert_eq!(
            rows.map(|r| r.communes.iter().filter(|c| c[0] == "2008").count()),
            Ok(10051)
        );
    }

    #[test]
    fn provinces_read_alike_in_both_eras() {
        assert_eq!(full_province_name("Tuyên Quang", "tỉnh"), "Tỉnh Tuyên Quang");
        assert_eq!(
            full_province_name("Thành phố Huế", "thành phố trung ương"),
            "Thành phố Huế"
        );
    }
}
