//! The sheets of a workbook hoptac can import, and what each holds: a registry of organisations,
//! a list of members, a list of OCOP products or a table of report figures and plan targets. A plan of either kind answers the same questions (counts, rows, problems)
//! and is saved the same way, so the pages and the command treat them alike.

use crate::layout::{Layout, Mapping};
use crate::plan::{Counts, Record, SaveError, Saved, Saving};
use crate::workbook::Sheet;
use crate::{figures, members, ocop, organisations};
use hoptac_core::{Context, StoreResult};

/// What a sheet lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Organisations,
    Members,
    OcopProducts,
    ReportFigures,
}

impl SheetKind {
    pub const ALL: [SheetKind; 4] = [
        SheetKind::Organisations,
        SheetKind::Members,
        SheetKind::OcopProducts,
        SheetKind::ReportFigures,
    ];

    /// The fields a sheet of this kind may hold, in the order the officer chooses among them. A
    /// heading of another field (official members: the yearly figures keep members only) is read
    /// and shown as not used.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            SheetKind::Organisations => &[
                "seq",
                "record_id",
                "kind",
                "name",
                "tax_code",
                "registration_number",
                "founding_date",
                "sector",
                "address",
                "commune",
                "district",
                "province",
                "representative_name",
                "phone",
                "is_new_model",
                "charter_capital",
                "members",
                "regular_workers",
                "revenue",
                "profit",
                "average_income",
                "rating",
                "notes",
            ],
            SheetKind::Members => &[
                "seq",
                "organisation_record_id",
                "name",
                "tax_code",
                "member_record_id",
                "full_name",
                "member_kind",
                "birth_year_male",
                "birth_year_female",
                "birth_date",
                "id_number",
                "address",
                "phone",
                "membership",
                "capital_contribution",
                "joined_on",
                "left_on",
            ],
            SheetKind::OcopProducts => &[
                "seq",
                "product_name",
                "organisation_record_id",
                "name",
                "tax_code",
                "product_group",
                "stars",
                "certificate_number",
                "decision_number",
                "decision_date",
                "expires_on",
                "notes",
            ],
            SheetKind::ReportFigures => &["seq", "indicator", "unit", "target", "value", "source", "notes"],
        }
    }

    /// What a field of this kind's sheets is called: in a list of members or of OCOP products,
    /// the name and the tax code are the organisation's (the subject's), not the row's own.
    pub fn field_label(self, field: &str, lang: hoptac_core::Lang) -> &'static str {
        let own = match (self, field) {
            (SheetKind::Members, "name" | "tax_code") => Some(format!("field-organisation_{field}")),
            (SheetKind::OcopProducts, "name" | "tax_code") => Some(format!("field-subject_{field}")),
            _ => None,
        };
        own.and_then(|key| hoptac_core::i18n::text(lang, &key))
            .unwrap_or_else(|| hoptac_core::i18n::field_label(field, lang))
    }

    /// The code of the kind (`organisations`, `members`), as the command and the import record
    /// name it.
    pub fn as_str(self) -> &'static str {
        match self {
            SheetKind::Organisations => "organisations",
            SheetKind::Members => "members",
            SheetKind::OcopProducts => "ocop_products",
            SheetKind::ReportFigures => "report_figures",
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
    importable_with(sheets, |_| Mapping::default())
}

/// The same, each sheet's columns read with the officer's corrections (`mapping` of its name).
pub fn importable_with(sheets: &[Sheet], mapping: impl Fn(&str) -> Mapping) -> Vec<Importable<'_>> {
    sheets
        .iter()
        .filter(|s| s.visible)
        .filter_map(|sheet| {
            let layout = crate::layout::read_with(&sheet.rows, &mapping(&sheet.name))?;
            let kind = if figures::is_figures_sheet(&layout) {
                SheetKind::ReportFigures
            } else if ocop::is_ocop_sheet(&layout) {
                SheetKind::OcopProducts
            } else if members::is_members_sheet(&layout) {
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
    OcopProducts(ocop::Plan),
    ReportFigures(figures::Plan),
}

impl SheetPlan {
    /// Reads the sheet into a plan, saving nothing.
    pub async fn of(cx: &Context, importable: &Importable<'_>, province: &str) -> StoreResult<SheetPlan> {
        SheetPlan::of_with(cx, importable, province, &|_, _| {}).await
    }

    /// [`SheetPlan::of`], telling `progress` (rows checked, rows in all) as it goes.
    pub async fn of_with(
        cx: &Context,
        importable: &Importable<'_>,
        province: &str,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> StoreResult<SheetPlan> {
        let (sheet, layout) = (importable.sheet, &importable.layout);
        Ok(match importable.kind {
            SheetKind::Organisations => {
                SheetPlan::Organisations(organisations::plan(cx, sheet, layout, province, progress).await?)
            }
            SheetKind::Members => {
                SheetPlan::Members(members::plan(cx, sheet, layout, province, progress).await?)
            }
            SheetKind::OcopProducts => {
                SheetPlan::OcopProducts(ocop::plan(cx, sheet, layout, province, progress).await?)
            }
            SheetKind::ReportFigures => {
                SheetPlan::ReportFigures(figures::plan(cx, sheet, layout, province, progress).await?)
            }
        })
    }

    pub fn kind(&self) -> SheetKind {
        match self {
            SheetPlan::Organisations(_) => SheetKind::Organisations,
            SheetPlan::Members(_) => SheetKind::Members,
            SheetPlan::OcopProducts(_) => SheetKind::OcopProducts,
            SheetPlan::ReportFigures(_) => SheetKind::ReportFigures,
        }
    }

    pub fn counts(&self) -> Counts {
        match self {
            SheetPlan::Organisations(plan) => plan.counts(),
            SheetPlan::Members(plan) => plan.counts(),
            SheetPlan::OcopProducts(plan) => plan.counts(),
            SheetPlan::ReportFigures(plan) => plan.counts(),
        }
    }

    pub fn digest(&self) -> String {
        match self {
            SheetPlan::Organisations(plan) => plan.digest(),
            SheetPlan::Members(plan) => plan.digest(),
            SheetPlan::OcopProducts(plan) => plan.digest(),
            SheetPlan::ReportFigures(plan) => plan.digest(),
        }
    }

    /// The year the sheet's figures are for, when it says.
    pub fn year(&self) -> Option<i32> {
        match self {
            SheetPlan::Organisations(plan) => plan.year,
            SheetPlan::Members(plan) => plan.year,
            SheetPlan::OcopProducts(plan) => plan.year,
            SheetPlan::ReportFigures(plan) => plan.year,
        }
    }

    /// Every record row, in the sheet's order.
    pub fn records(&self) -> Vec<&dyn Record> {
        match self {
            SheetPlan::Organisations(plan) => plan.records.iter().map(|r| r as &dyn Record).collect(),
            SheetPlan::Members(plan) => plan.records.iter().map(|r| r as &dyn Record).collect(),
            SheetPlan::OcopProducts(plan) => plan.records.iter().map(|r| r as &dyn Record).collect(),
            SheetPlan::ReportFigures(plan) => plan.records.iter().map(|r| r as &dyn Record).collect(),
        }
    }

    /// Saves the plan (see [`organisations::save`], [`members::save`], [`ocop::save`] and
    /// [`figures::save`]).
    pub async fn save(
        &self,
        cx: &Context,
        saving: &Saving<'_>,
        progress: impl FnMut(usize, usize),
    ) -> Result<Saved, SaveError> {
        match self {
            SheetPlan::Organisations(plan) => organisations::save(cx, plan, saving, progress).await,
            SheetPlan::Members(plan) => members::save(cx, plan, saving, progress).await,
            SheetPlan::OcopProducts(plan) => ocop::save(cx, plan, saving, progress).await,
            SheetPlan::ReportFigures(plan) => figures::save(cx, plan, saving, progress).await,
        }
    }
}
