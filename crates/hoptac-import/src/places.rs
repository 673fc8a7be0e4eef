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

/// A commune's name as written, without its kind, in lower case with its accents: "Xã Thanh Vận"
/// and "Xã Thanh Văn" are two communes, so names are matched with their accents; and the kind it
/// was written with, if any ("xa", "phuong", "thi tran").
fn exact_key(name: &str) -> (String, Option<&'static str>) {
    let composed: String = hoptac_core::text::received(name).unwrap_or_else(|_| name.to_owned());
    let lower = composed.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let folded = |w: &[&str]| fold(&w.join(" "));
    let (kind, skip) = if words.len() > 2 && folded(&words[..2]) == "thi tran" {
        (Some("thi tran"), 2)
    } else {
        match words.first().map(|w| fold(w)).as_deref() {
            Some("tt." | "tt") if words.len() > 1 => (Some("thi tran"), 1),
            Some("phuong" | "p." | "p") if words.len() > 1 => (Some("phuong"), 1),
            Some("xa" | "x." | "x") if words.len() > 1 => (Some("xa"), 1),
            _ => (None, 0),
        }
    };
    let rest = words[skip..].join(" ");
    // "P.Đức Xuân", "TT.Chợ Rã": the kind glued to the name.
    for (glued, glued_kind) in [("tt.", "thi tran"), ("p.", "phuong"), ("x.", "xa")] {
        if kind.is_none() && fold(&rest).starts_with(glued) && rest.len() > glued.len() {
            return (rest[glued.len()..].trim().to_owned(), Some(glued_kind));
        }
    }
    (rest, kind)
}

struct Entry {
    commune: Commune,
    /// The name without its kind, with its accents (see [`exact_key`]), and its kind.
    exact: String,
    kind: Option<&'static str>,
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
            .map(|commune| {
                let (exact, kind) = exact_key(&commune.name);
                Entry {
                    key: key(&commune.name, &COMMUNE_PREFIXES),
                    exact,
                    kind,
                    district: district_of(&commune.district_code),
                    commune,
                }
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
        let (wanted, written_kind) = exact_key(written);
        let district = district
            .map(|d| key(d, &DISTRICT_PREFIXES))
            .filter(|d| !d.is_empty());
        let named: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.exact == wanted && (written_kind.is_none() || e.kind == written_kind))
            .collect();
        let candidates: Vec<&Entry> = match &district {
            // A district is written: the commune is one of that district's (2008 units).
            Some(d) => named.iter().copied().filter(|e| &e.district == d).collect(),
            // None is: a 2025 commune if one has the name, else one of 2008.
            None => {
                let current: Vec<&Entry> = named
                    .iter()
                    .copied()
                    .filter(|e| e.commune.era == "2025")
                    .collect();
                if current.is_empty() {
                    named
                } else {
                    current
                }
            }
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
        if near.is_empty() {
            // Nothing near to offer: the message says only what was not found.
            return Problem {
                code: "unknown_commune",
                args: vec![("value", written.to_owned())],
            };
        }
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
    fn names_keep_their_accents_and_say_their_kind() {
        assert_eq!(exact_key("Xã Thanh Vận"), ("thanh vận".to_owned(), Some("xa")));
        assert_ne!(exact_key("Xã Thanh Văn").0, exact_key("Xã Thanh Vận").0);
        assert_eq!(exact_key("TT. Chợ Rã"), ("chợ rã".to_owned(), Some("thi tran")));
        assert_eq!(
            exact_key("Thị trấn Chợ Rã"),
            ("chợ rã".to_owned(), Some("thi tran"))
        );
        assert_eq!(exact_key("P.Đức Xuân"), ("đức xuân".to_owned(), Some("phuong")));
        assert_eq!(exact_key("Bành Trạch"), ("bành trạch".to_owned(), None));
    }

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
