//! The sheets of a workbook hoptac can import, and what each holds: a registry of organisations
//! or a list of members. A plan of either kind answers the same questions (counts, rows, problems)
//! and is saved the same way, so the pages and the command treat them alike.

use crate::layout::Layout;
use crate::plan::{Counts, Record, SaveError, Saved, SourceFile};
use crate::workbook::Sheet;
use crate::{members, organisations};
use hoptac_core::{Context, StoreResult};

/// What a sheet lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Organisations,
    Members,
}

impl SheetKind {
    /// The code of the kind (`organisations`, `members`), as the command and the import record
    /// name it.
    pub fn as_str(self) -> &'static str {
        match self {
            SheetKind::Organisations => "organisations",
            SheetKind::Members => "members",
        }
    }
}

/// A visible sheet whose headings hoptac knows, how it is laid out, and what it lists.
pub struct Importable<'a> {
    pub sheet: &'a Sheet,
    pub layout: Layout,
    pub kind: SheetKind,
}

/// The workbook's sheets hoptac can import, in the workbook's order. A hidden sheet is left out:
/// it is not what the officer sees when they open the file.
pub fn importable(sheets: &[Sheet]) -> Vec<Importable<'_>> {
    sheets
        .iter()
        .filter(|s| s.visible)
        .filter_map(|sheet| {
            let layout = crate::layout::read(&sheet.rows)?;
            let kind = if members::is_members_sheet(&layout) {
                SheetKind::Members
            } else if layout.column("name").is_some() {
                SheetKind::Organisations
            } else {
                return None;
            };
            Some(Importable { sheet, layout, kind })
        })
        .collect()
}

/// The sheet to import when none is named: the only registry sheet, else the only sheet. Two
/// registries, or only lists of members among several, are for the officer to choose.
pub fn default_sheet<'s, 'a>(found: &'s [Importable<'a>]) -> Option<&'s Importable<'a>> {
    let registries: Vec<&Importable> = found
        .iter()
        .filter(|i| i.kind == SheetKind::Organisations)
        .collect();
    match (registries.as_slice(), found) {
        ([only], _) => Some(only),
        ([], [only]) => Some(only),
        _ => None,
    }
}

/// What importing one sheet would do, of either kind.
pub enum SheetPlan {
    Organisations(organisations::Plan),
    Members(members::Plan),
}

impl SheetPlan {
    /// Reads the sheet into a plan, saving nothing.
    pub async fn of(cx: &Context, importable: &Importable<'_>, province: &str) -> StoreResult<SheetPlan> {
        let (sheet, layout) = (importable.sheet, &importable.layout);
        Ok(match importable.kind {
            SheetKind::Organisations => {
                SheetPlan::Organisations(organisations::plan(cx, sheet, layout, province).await?)
            }
            SheetKind::Members => SheetPlan::Members(members::plan(cx, sheet, layout, province).await?),
        })
    }

    pub fn kind(&self) -> SheetKind {
        match self {
            SheetPlan::Organisations(_) => SheetKind::Organisations,
            SheetPlan::Members(_) => SheetKind::Members,
        }
    }

    pub fn counts(&self) -> Counts {
        match self {
            SheetPlan::Organisations(plan) => plan.counts(),
            SheetPlan::Members(plan) => plan.counts(),
        }
    }

    pub fn digest(&self) -> String {
        match self {
            SheetPlan::Organisations(plan) => plan.digest(),
            SheetPlan::Members(plan) => plan.digest(),
        }
    }

    /// The year the sheet's figures are for, when it says.
    pub fn year(&self) -> Option<i32> {
        match self {
            SheetPlan::Organisations(plan) => plan.year,
            SheetPlan::Members(plan) => plan.year,
        }
    }

    /// Every record row, in the sheet's order.
    pub fn records(&self) -> Vec<&dyn Record> {
        match self {
            SheetPlan::Organisations(plan) => plan.records.iter().map(|r| r as &dyn Record).collect(),
            SheetPlan::Members(plan) => plan.records.iter().map(|r| r as &dyn Record).collect(),
        }
    }

    /// Saves the plan (see [`organisations::save`] and [`members::save`]).
    pub async fn save(
        &self,
        cx: &Context,
        file: &SourceFile,
        province: &str,
        valid_rows_only: bool,
        upload: Option<i64>,
        progress: impl FnMut(usize, usize),
    ) -> Result<Saved, SaveError> {
        match self {
            SheetPlan::Organisations(plan) => {
                organisations::save(cx, plan, file, province, valid_rows_only, upload, progress).await
            }
            SheetPlan::Members(plan) => {
                members::save(cx, plan, file, province, valid_rows_only, upload, progress).await
            }
        }
    }
}
