//! The audit trail as people read it: a field's value shown as the forms show it, in the reader's
//! language, with names in place of ids. A snapshot keeps what the store writes (`htx`,
//! `2024-03-15`, `1500000000`, `{"kind":"organisation","id":9}`); each area declares how the fields
//! of its records read ([`FieldShape`], in `Area::trail_fields`), and the rest follows general
//! rules: a day is `15/03/2024`, a number `1.250`, yes or no in words.

use crate::i18n::text;
use crate::numbers::{format_date, format_int};
use crate::{Db, Lang, StoreResult};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::sync::{OnceLock, RwLock};

/// How the values of a field read, where the stored value is not already what a person reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An amount of money: `1.500.000 đồng`.
    Money,
    /// A count of people or things: `1.250`.
    Count,
    /// A number written as it is, without the dots of thousands: a year (`2024`).
    Plain,
    /// A code of one of these vocabularies, read as the words `{vocabulary}-{code}` of the first
    /// that has them (`OrgKind` gives `htx` as "Hợp tác xã").
    Choice(&'static [&'static str]),
    /// The id of a row of `table`, read as its `column` (an organisation by its name).
    Named {
        table: &'static str,
        column: &'static str,
    },
    /// A 2025 province by its code.
    Province,
    /// Where a role applies (`{"kind":"province","id":"19"}`): the province, commune, organisation or
    /// OCOP round by name.
    Scope,
}

/// A field of the records an area writes to the trail, and how its values read.
#[derive(Debug, Clone, Copy)]
pub struct FieldShape {
    pub field: &'static str,
    pub shape: Shape,
}

/// The core's own: accounts, roles.
pub const CORE_FIELDS: &[FieldShape] = &[
    FieldShape {
        field: "role",
        shape: Shape::Choice(&["Role"]),
    },
    FieldShape {
        field: "scope",
        shape: Shape::Scope,
    },
    FieldShape {
        field: "user_id",
        shape: Shape::Named {
            table: "users",
            column: "display_name",
        },
    },
    FieldShape {
        field: "organisation_id",
        shape: Shape::Named {
            table: "organisations",
            column: "name",
        },
    },
    FieldShape {
        field: "province",
        shape: Shape::Province,
    },
    FieldShape {
        field: "year",
        shape: Shape::Plain,
    },
];

fn installed() -> &'static RwLock<HashMap<&'static str, Vec<Shape>>> {
    static SHAPES: OnceLock<RwLock<HashMap<&'static str, Vec<Shape>>>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut shapes: HashMap<&'static str, Vec<Shape>> = HashMap::new();
        for f in CORE_FIELDS {
            shapes.entry(f.field).or_default().push(f.shape);
        }
        RwLock::new(shapes)
    })
}

/// Adds an area's fields; a field several areas declare reads by the first shape that fits.
pub fn install(fields: &[FieldShape]) {
    let Ok(mut shapes) = installed().write() else {
        return;
    };
    for f in fields {
        let known = shapes.entry(f.field).or_default();
        if !known.contains(&f.shape) {
            known.push(f.shape);
        }
    }
}

fn shapes_of(field: &str) -> Vec<Shape> {
    installed()
        .read()
        .map(|shapes| shapes.get(field).cloned().unwrap_or_default())
        .unwrap_or_default()
}

/// The names of the rows the ids of a page of trail entries point at, read once for the page.
#[derive(Debug, Default, Clone)]
pub struct Names {
    rows: HashMap<(&'static str, i64), String>,
    provinces: HashMap<String, String>,
    communes: HashMap<i64, String>,
}

/// An id as a snapshot holds it: a number, or a number written as text.
fn id_of(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

impl Names {
    /// Reads the names `changes` need: every (field, value) of the entries to show.
    pub async fn read<'a>(
        db: &Db,
        changes: impl Iterator<Item = (&'a str, &'a Value)>,
    ) -> StoreResult<Names> {
        let mut wanted: HashMap<(&'static str, &'static str), BTreeSet<i64>> = HashMap::new();
        let mut provinces = BTreeSet::new();
        let mut communes = BTreeSet::new();
        for (field, value) in changes {
            for shape in shapes_of(field) {
                match (shape, value) {
                    (Shape::Named { table, column }, v) => {
                        wanted.entry((table, column)).or_default().extend(id_of(v));
                    }
                    (Shape::Province, Value::String(code)) => {
                        provinces.insert(code.clone());
                    }
                    (Shape::Scope, Value::Object(scope)) => {
                        let id = scope.get("id");
                        match scope.get("kind").and_then(Value::as_str) {
                            Some("province") => {
                                provinces.extend(id.and_then(Value::as_str).map(str::to_owned))
                            }
                            Some("commune") => communes.extend(id.and_then(id_of)),
                            Some("organisation") => wanted
                                .entry(("organisations", "name"))
                                .or_default()
                                .extend(id.and_then(id_of)),
                            Some("round") => wanted
                                .entry(("ocop_rounds", "name"))
                                .or_default()
                                .extend(id.and_then(id_of)),
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut names = Names::default();
        for ((table, column), ids) in wanted {
            let ids: Vec<i64> = ids.into_iter().collect();
            // Only the installed areas declare tables, and a round's scope exists only where OCOP is.
            let sql = format!("SELECT id, {column} FROM {table} WHERE id IN {{ids}}");
            let rows = crate::sql::fetch_for_ids::<(i64, String)>(db, &sql, &ids).await?;
            names
                .rows
                .extend(rows.into_iter().map(|(id, name)| ((table, id), name)));
        }
        let communes: Vec<i64> = communes.into_iter().collect();
        let sql = "SELECT c.id, c.name || ', ' || p.name FROM communes c \
                   JOIN provinces p ON p.era = c.era AND p.code = c.province_code WHERE c.id IN {ids}";
        names.communes = crate::sql::fetch_for_ids::<(i64, String)>(db, sql, &communes)
            .await?
            .into_iter()
            .collect();
        for code in provinces {
            let name: Option<String> = crate::on_pool!(db, |pool| sqlx::query_scalar(
                "SELECT name FROM provinces WHERE era = '2025' AND code = $1"
            )
            .bind(&code)
            .fetch_optional(pool)
            .await)?;
            names.provinces.extend(name.map(|n| (code, n)));
        }
        Ok(names)
    }
}

/// A field's value as a person reads it (see the module's note); `names` are those read for the
/// page, and an id without one reads as `#id`.
pub fn show(field: &str, value: &Value, lang: Lang, names: &Names) -> String {
    if let Value::Array(items) = value {
        return items
            .iter()
            .map(|v| show(field, v, lang, names))
            .collect::<Vec<_>>()
            .join(", ");
    }
    for shape in shapes_of(field) {
        if let Some(shown) = shaped(shape, value, lang, names) {
            return shown;
        }
    }
    match value {
        Value::Null => "—".to_owned(),
        Value::Bool(yes) => text(lang, if *yes { "audit-yes" } else { "audit-no" })
            .unwrap_or_default()
            .to_owned(),
        Value::Number(n) => n.as_i64().map(format_int).unwrap_or_else(|| n.to_string()),
        Value::String(s) => day_or_moment(s).unwrap_or_else(|| s.clone()),
        other => other.to_string(),
    }
}

/// A day (`2024-03-15`) or an instant as a person reads it.
fn day_or_moment(s: &str) -> Option<String> {
    if let Ok(day) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(format_date(day));
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|at| crate::numbers::format_moment(at.with_timezone(&chrono::Utc)))
}

fn shaped(shape: Shape, value: &Value, lang: Lang, names: &Names) -> Option<String> {
    let number = || match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    };
    match shape {
        Shape::Money => {
            number().map(|n| format!("{} {}", format_int(n), text(lang, "unit-dong").unwrap_or("đồng")))
        }
        Shape::Count => number().map(format_int),
        Shape::Plain => number().map(|n| n.to_string()),
        Shape::Choice(vocabularies) => {
            let code = value.as_str()?;
            vocabularies
                .iter()
                .find_map(|v| text(lang, &format!("{v}-{code}")))
                .map(str::to_owned)
        }
        Shape::Named { table, .. } => {
            let id = id_of(value)?;
            Some(
                names
                    .rows
                    .get(&(table, id))
                    .cloned()
                    .unwrap_or_else(|| format!("#{id}")),
            )
        }
        Shape::Province => {
            let code = value.as_str()?;
            names.provinces.get(code).cloned()
        }
        Shape::Scope => {
            let scope = value.as_object()?;
            let id = scope.get("id");
            let name = match scope.get("kind").and_then(Value::as_str)? {
                "country" => text(lang, "access-whole_country").map(str::to_owned),
                "province" => id
                    .and_then(Value::as_str)
                    .and_then(|c| names.provinces.get(c).cloned()),
                "commune" => id.and_then(id_of).and_then(|c| names.communes.get(&c).cloned()),
                "organisation" => id
                    .and_then(id_of)
                    .and_then(|o| names.rows.get(&("organisations", o)).cloned()),
                "round" => id
                    .and_then(id_of)
                    .and_then(|r| names.rows.get(&("ocop_rounds", r)).cloned()),
                _ => None,
            };
            Some(name.unwrap_or_else(|| value.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_as_the_forms_show_them() {
        install(&[FieldShape {
            field: "revenue",
            shape: Shape::Money,
        }]);
        let none = Names::default();
        assert_eq!(
            show("founding_date", &json!("2019-03-15"), Lang::Vi, &none),
            "15/03/2019"
        );
        assert_eq!(show("members", &json!(1250), Lang::Vi, &none), "1.250");
        assert_eq!(show("year", &json!(2024), Lang::Vi, &none), "2024");
        assert_eq!(
            show("revenue", &json!("1500000000"), Lang::Vi, &none),
            "1.500.000.000 đồng"
        );
        assert_eq!(show("address", &json!("Thôn 3"), Lang::Vi, &none), "Thôn 3");
        // Digits that are a code, not an amount, stay as written.
        assert_eq!(
            show("tax_code", &json!("0429057109"), Lang::Vi, &none),
            "0429057109"
        );
        assert_eq!(show("address", &Value::Null, Lang::Vi, &none), "—");
        assert_eq!(show("organisation_id", &json!(9), Lang::Vi, &none), "#9");
        let names = Names {
            rows: HashMap::from([(("organisations", 9), "HTX Chè Ba Hàng".to_owned())]),
            provinces: HashMap::from([("19".to_owned(), "Tỉnh Thái Nguyên".to_owned())]),
            communes: HashMap::new(),
        };
        assert_eq!(
            show("organisation_id", &json!("9"), Lang::Vi, &names),
            "HTX Chè Ba Hàng"
        );
        assert_eq!(
            show(
                "scope",
                &json!({"kind": "organisation", "id": 9}),
                Lang::Vi,
                &names
            ),
            "HTX Chè Ba Hàng"
        );
        assert_eq!(
            show(
                "scope",
                &json!({"kind": "province", "id": "19"}),
                Lang::Vi,
                &names
            ),
            "Tỉnh Thái Nguyên"
        );
    }
}
