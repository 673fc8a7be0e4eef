//! The organisation a row belongs to, as a province's lists name it: by hoptac's record number in
//! a file it exported, by tax code or name in the row's own column, or by the title of a sheet
//! that lists one organisation's members or products ("Hợp tác xã: ...").

use crate::plan::RowReader;
use crate::values;
use hoptac_core::text::fold;
use hoptac_core::{on_pool, Context, StoreResult};
use std::collections::HashMap;

/// The organisations of a province, to find a sheet's or a row's organisation by tax code or name.
pub(crate) struct Organisations {
    by_id: HashMap<i64, String>,
    by_tax_code: HashMap<String, (i64, String)>,
    by_name: HashMap<String, Vec<(i64, String)>>,
}

impl Organisations {
    pub(crate) async fn load(cx: &Context, province: &str) -> StoreResult<Organisations> {
        let rows: Vec<(i64, String, Option<String>)> = on_pool!(&cx.db, |pool| sqlx::query_as(
            "SELECT id, name, tax_code FROM organisations WHERE province_code = $1"
        )
        .bind(province)
        .fetch_all(pool)
        .await)?;
        let mut found = Organisations {
            by_id: HashMap::new(),
            by_tax_code: HashMap::new(),
            by_name: HashMap::new(),
        };
        for (id, name, tax_code) in rows {
            found.by_id.insert(id, name.clone());
            if let Some(code) = tax_code {
                found.by_tax_code.insert(code, (id, name.clone()));
            }
            found.by_name.entry(fold(&name)).or_default().push((id, name));
        }
        Ok(found)
    }

    /// The organisation written as `written` (a tax code or a name), or the problem with it.
    pub(crate) fn find(&self, written: &str) -> Result<(i64, String), values::Problem> {
        let compact: String = written.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(found) = self.by_tax_code.get(&compact) {
            return Ok(found.clone());
        }
        let problem = |code| values::Problem {
            code,
            args: vec![("value", written.to_owned())],
        };
        match self.by_name.get(&fold(written)).map(Vec::as_slice) {
            Some([one]) => Ok(one.clone()),
            Some([_, _, ..]) => Err(problem("ambiguous_organisation")),
            _ => Err(problem("organisation_not_in_registry")),
        }
    }
}

impl RowReader<'_> {
    /// The organisation the row belongs to: its record number in a file hoptac exported, else
    /// the row's own organisation column (tax code, else name), else the one the sheet's title
    /// names (`of_sheet`). What names nothing is the row's problem; a record number this registry
    /// does not know (a file of another installation) is said, and the row's other columns name
    /// the organisation.
    pub(crate) fn belongs_to(
        &mut self,
        organisations: &Organisations,
        of_sheet: Option<&Result<(i64, String), values::Problem>>,
    ) -> Option<(i64, String)> {
        let record = self.record_id("organisation_record_id");
        // The problem is the column's the organisation was written in.
        let written = match self.text("tax_code") {
            Some(code) => Some(("tax_code", code)),
            None => self.text("name").map(|name| ("name", name)),
        };
        let by_number = match record {
            Some(id) => match organisations.by_id.get(&id) {
                Some(name) => Some((id, name.clone())),
                None => {
                    self.note("organisation_record_id", "unknown_record", id.to_string());
                    None
                }
            },
            None => None,
        };
        let by_tax_code = written.as_ref().is_some_and(|(field, _)| *field == "tax_code");
        let found = match (by_number, written, of_sheet) {
            // A number and a tax code that name two organisations: which one is meant cannot be
            // told, so the row waits for the officer.
            (Some(found), Some(("tax_code", code)), _) => match organisations.find(&code) {
                Ok((other, name)) if other != found.0 => {
                    let args = vec![("value", name), ("record", found.1.clone())];
                    self.problem("tax_code", "record_and_tax_code_differ", args);
                    None
                }
                _ => Some(found),
            },
            (Some(found), _, _) => Some(found),
            (None, Some((field, written)), _) => organisations
                .find(&written)
                .map_err(|p| self.problem(field, p.code, p.args))
                .ok(),
            (None, None, Some(Ok(found))) => Some(found.clone()),
            (None, None, Some(Err(p))) => {
                self.problem("organisation", p.code, p.args.clone());
                None
            }
            (None, None, None) => {
                self.problem("organisation", "organisation_not_named", Vec::new());
                None
            }
        };
        // A name beside the tax code that names someone else is said: the tax code decides.
        if let (true, Some((_, there)), Some(name)) = (by_tax_code, &found, self.text("name")) {
            if fold(there) != fold(&name) {
                let args = vec![("value", there.clone()), ("written", name)];
                let note = crate::plan::CellNote::at(
                    self.layout,
                    self.number,
                    "name",
                    "name_differs_from_tax_code",
                    args,
                );
                self.notes.push(note);
            }
        }
        found
    }
}
