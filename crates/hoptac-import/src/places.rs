//! Communes as officers write them in a province's workbook: with or without their prefix, the
//! prefix abbreviated ("TT. Chợ Rã", "P. Đức Xuân", "Bành Trạch"), the district beside them ("H. Ba
//! Bể", "TP Bắc Kạn"), in the units of either era. Resolved within the province, and within the
//! district when one is given; an unknown or ambiguous name comes back with suggestions.

use crate::values::Problem;
use hoptac_core::admin::Era;
use hoptac_core::admin_units::{self, Commune};
use hoptac_core::text::fold;
use hoptac_core::{on_pool, Db, StoreResult};

/// Prefixes of a commune's name, folded, longest first: "thị trấn", "phường", "xã" and their
/// abbreviations.
const COMMUNE_PREFIXES: [&str; 9] = [
    "thi tran ",
    "phuong ",
    "tt. ",
    "tt ",
    "xa ",
    "p. ",
    "x. ",
    "p.",
    "x.",
];
/// Prefixes of a district's name, folded: "huyện", "thành phố", "thị xã", "quận" and theirs.
const DISTRICT_PREFIXES: [&str; 11] = [
    "thanh pho ",
    "thi xa ",
    "huyen ",
    "quan ",
    "tp. ",
    "tx. ",
    "tp ",
    "tx ",
    "h. ",
    "q. ",
    "h.",
];
/// How many names an unknown commune's message suggests.
const SUGGESTIONS: usize = 5;

/// A place's name as compared: folded, without its kind.
fn key(name: &str, prefixes: &[&str]) -> String {
    let folded = fold(name);
    prefixes
        .iter()
        .find_map(|p| folded.strip_prefix(p))
        .unwrap_or(&folded)
        .trim()
        .to_owned()
}

struct Entry {
    commune: Commune,
    key: String,
    /// The 2008 district's name, as compared; empty for a 2025 commune (districts ended then).
    district: String,
}

/// The communes of a 2025 province and of the 2008 provinces that merged into it.
pub struct CommuneIndex {
    entries: Vec<Entry>,
}

impl CommuneIndex {
    pub async fn load(db: &Db, province: &str) -> StoreResult<CommuneIndex> {
        let mut communes = admin_units::communes(db, Era::Y2025, province).await?;
        let mut districts: Vec<(String, String)> = Vec::new();
        for old in admin_units::predecessors(db, province).await? {
            communes.extend(admin_units::communes(db, Era::Y2008, &old.code).await?);
            let names: Vec<(String, String)> = on_pool!(db, |pool| sqlx::query_as(
                "SELECT code, name FROM districts WHERE province_code = $1"
            )
            .bind(&old.code)
            .fetch_all(pool)
            .await)?;
            districts.extend(names);
        }
        let district_of = |code: &Option<String>| {
            code.as_ref()
                .and_then(|c| districts.iter().find(|(d, _)| d == c))
                .map(|(_, name)| key(name, &DISTRICT_PREFIXES))
                .unwrap_or_default()
        };
        let entries = communes
            .into_iter()
            .map(|commune| Entry {
                key: key(&commune.name, &COMMUNE_PREFIXES),
                district: district_of(&commune.district_code),
                commune,
            })
            .collect();
        Ok(CommuneIndex { entries })
    }

    /// The commune written `commune` (a name, or a 5-digit code), in the district written
    /// `district` when given. A name found in both eras is taken in the era that has the district
    /// (2008) when a district is written, else in 2025.
    pub fn find(&self, commune: &str, district: Option<&str>) -> Result<&Commune, Problem> {
        let written = commune.trim();
        if written.len() == 5 && written.chars().all(|c| c.is_ascii_digit()) {
            let by_code: Vec<&Commune> = self
                .entries
                .iter()
                .map(|e| &e.commune)
                .filter(|c| c.code == written)
                .collect();
            // A code used in both eras means the 2025 unit.
            return by_code
                .iter()
                .find(|c| c.era == "2025")
                .or(by_code.first())
                .copied()
                .ok_or_else(|| self.unknown(written, None));
        }
        let wanted = key(written, &COMMUNE_PREFIXES);
        let district = district
            .map(|d| key(d, &DISTRICT_PREFIXES))
            .filter(|d| !d.is_empty());
        let named: Vec<&Entry> = self.entries.iter().filter(|e| e.key == wanted).collect();
        let in_district: Vec<&Entry> = match &district {
            Some(d) => named.iter().copied().filter(|e| &e.district == d).collect(),
            None => named
                .iter()
                .copied()
                .filter(|e| e.commune.era == "2025")
                .collect(),
        };
        let candidates = if in_district.is_empty() && district.is_none() {
            named.clone()
        } else if in_district.is_empty() {
            // The district may be written in a way not known: the name alone, if it is unique.
            named
                .iter()
                .copied()
                .filter(|e| e.commune.era == "2008")
                .collect()
        } else {
            in_district
        };
        match candidates.as_slice() {
            [one] => Ok(&one.commune),
            [] => Err(self.unknown(written, district.as_deref())),
            several => Err(Problem {
                code: "ambiguous_commune_among",
                args: vec![
                    ("value", written.to_owned()),
                    ("suggestions", names(several.iter().map(|e| &e.commune))),
                ],
            }),
        }
    }

    /// An unknown commune, with the names of the district's (or province's) communes that are
    /// nearest to what was written.
    fn unknown(&self, written: &str, district: Option<&str>) -> Problem {
        let wanted = key(written, &COMMUNE_PREFIXES);
        let first_word = wanted.split(' ').next().unwrap_or_default().to_owned();
        let mut near: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| district.is_none_or(|d| e.district == d))
            .filter(|e| {
                !first_word.is_empty()
                    && (e.key.contains(&first_word)
                        || wanted.contains(e.key.split(' ').next().unwrap_or("-")))
            })
            .collect();
        near.truncate(SUGGESTIONS);
        Problem {
            code: "unknown_commune_near",
            args: vec![
                ("value", written.to_owned()),
                ("suggestions", names(near.iter().map(|e| &e.commune))),
            ],
        }
    }
}

fn names<'a>(communes: impl Iterator<Item = &'a Commune>) -> String {
    let list: Vec<String> = communes.map(|c| format!("{} ({})", c.name, c.code)).collect();
    if list.is_empty() {
        "—".to_owned()
    } else {
        list.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_kind_whatever_its_spelling() {
        assert_eq!(key("TT. Chợ Rã", &COMMUNE_PREFIXES), "cho ra");
        assert_eq!(key("Thị trấn Chợ Rã", &COMMUNE_PREFIXES), "cho ra");
        assert_eq!(key("P. Đức Xuân", &COMMUNE_PREFIXES), "duc xuan");
        assert_eq!(key("Bành Trạch", &COMMUNE_PREFIXES), "banh trach");
        assert_eq!(key("H. Ba Bể", &DISTRICT_PREFIXES), "ba be");
        assert_eq!(key("TP Bắc Kạn", &DISTRICT_PREFIXES), "bac kan");
        assert_eq!(key("Thành Phố Bắc Kạn", &DISTRICT_PREFIXES), "bac kan");
    }
}
