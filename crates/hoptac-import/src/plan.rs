//! What every import has in common, whatever its sheet holds: notes on cells named by row and
//! column, the outcome of each record row (new, changed field by field, unchanged, rejected), the
//! plan's fingerprint and counts, and the import record a save writes its records under.

use crate::layout::Layout;
use crate::values::{self, Cell, Problem, Unit};
use hoptac_core::audit::FieldChange;
use hoptac_core::i18n::field_label;
use hoptac_core::numbers::format_int;
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::Lang;
use hoptac_core::{on_pool, Arg, Context};
use hoptac_registry::domain::members::{Gender, Membership};

/// Something to tell about a cell: where it is (the sheet's row number, from 1, and the column's
/// heading), the field, and the problem or note in the words of the error catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellNote {
    pub row: usize,
    pub column: Option<String>,
    pub field: String,
    pub problem: Problem,
}

impl CellNote {
    /// A note on `field` of the sheet's row `row`, in the column `layout` reads it from.
    pub fn at(
        layout: &Layout,
        row: usize,
        field: &str,
        code: &'static str,
        args: Vec<(&'static str, String)>,
    ) -> CellNote {
        CellNote {
            row,
            column: layout.column(field).map(|c| c.heading.clone()),
            field: field.to_owned(),
            problem: Problem { code, args },
        }
    }

    /// "Dòng 17, cột Mã số thuế: chữ số kiểm tra sai", in the person's language.
    pub fn describe(&self, lang: hoptac_core::Lang) -> String {
        let error = hoptac_core::FieldError {
            field: self.field.clone(),
            code: self.problem.code,
            params: self.problem.args.clone(),
        };
        let row = self.row.to_string();
        match &self.column {
            Some(heading) => {
                let message = hoptac_core::i18n::error_message_as(&error, heading, lang);
                hoptac_core::i18n::format(lang, "import-at_cell", &[("row", &row), ("message", &message)])
            }
            None => {
                let message = hoptac_core::i18n::error_message(&error, lang);
                hoptac_core::i18n::format(lang, "import-at_row", &[("row", &row), ("message", &message)])
            }
        }
        .unwrap_or_default()
    }
}

/// What saving a record would do.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    New,
    /// The record `id` is there; these of its fields would change.
    Changed {
        id: i64,
        changes: Vec<FieldChange>,
    },
    Unchanged {
        id: i64,
    },
    /// Nothing is saved of the row: see its problems.
    Rejected,
}

/// "Số thành viên: 60 → 62; Doanh thu (số liệu năm): — → 4.713.000.000", values as people write them.
pub fn describe_changes(changes: &[hoptac_core::audit::FieldChange], lang: Lang) -> String {
    use serde_json::Value;
    const AMOUNTS: [&str; 9] = [
        "value",
        "target",
        "charter_capital",
        "revenue",
        "profit",
        "average_income",
        "members",
        "regular_workers",
        "capital_contribution",
    ];
    let t = hoptac_web::ui::Tr::with(lang, &[crate::TRANSLATIONS]);
    let value = |field: &str, v: &Value| match v {
        Value::Null => "—".to_owned(),
        Value::Bool(yes) => t.s(if *yes { "audit-yes" } else { "audit-no" }).to_owned(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(|code| {
                hoptac_core::org::Sector::parse(code)
                    .map(|s| s.label(lang).to_owned())
                    .unwrap_or_else(|| code.to_owned())
            })
            .collect::<Vec<_>>()
            .join(", "),
        Value::String(text) if AMOUNTS.contains(&field) => text
            .parse::<i64>()
            .map(format_int)
            .unwrap_or_else(|_| text.clone()),
        Value::String(text) if field == "rating" => {
            hoptac_registry::domain::yearly::YearlyRating::parse(text)
                .map(|r| r.label(lang).to_owned())
                .unwrap_or_else(|| text.clone())
        }
        Value::String(text) if field == "gender" => Gender::parse(text)
            .map(|g| g.label(lang).to_owned())
            .unwrap_or_else(|| text.clone()),
        Value::String(text) if field == "membership" => Membership::parse(text)
            .map(|m| m.label(lang).to_owned())
            .unwrap_or_else(|| text.clone()),
        Value::String(text) if field == "birth_year" => text.clone(),
        Value::Object(c) if field == "certificate" => {
            let text = |key: &str| c.get(key).and_then(Value::as_str).unwrap_or_default();
            let day = |key: &str| {
                chrono::NaiveDate::parse_from_str(text(key), "%Y-%m-%d")
                    .map(hoptac_core::numbers::format_date)
                    .unwrap_or_default()
            };
            let stars = c.get("stars").and_then(Value::as_i64).unwrap_or_default();
            t.f(
                "preview-certificate",
                &[
                    ("stars", &stars),
                    ("decision", &text("decision_number")),
                    ("date", &day("decision_date")),
                    ("expires", &day("expires_on")),
                ],
            )
        }
        Value::String(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(hoptac_core::numbers::format_date)
            .unwrap_or_else(|_| text.clone()),
        other => other.to_string(),
    };
    changes
        .iter()
        .map(|c| {
            let (field, label) = match c.field.strip_prefix("figures.") {
                Some(field) => (
                    field,
                    format!("{} ({})", field_label(field, lang), t.s("preview-of_the_year")),
                ),
                None => (c.field.as_str(), field_label(&c.field, lang).to_owned()),
            };
            format!(
                "{label}: {} → {}",
                value(field, &c.before),
                value(field, &c.after)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A field as a re-import saves it: what the sheet says, else (left empty) what the registry holds.
pub(crate) fn or_held(sent: &Option<String>, held: &Option<String>) -> Option<String> {
    sent.clone().or_else(|| held.clone())
}

/// One record row of a plan, whatever it holds.
pub trait Record {
    /// The sheet's row number, from 1.
    fn row(&self) -> usize;
    /// Who or what the row is, as the preview names it.
    fn label(&self) -> String;
    fn outcome(&self) -> &Outcome;
    fn problems(&self) -> &[CellNote];
    /// What the officer is told without the row being refused.
    fn notes(&self) -> &[CellNote];
}

/// Implements [`Record`] for a record row type with the fields `row`, `outcome`, `problems` and
/// `notes`, labelled by the text `label` gives.
macro_rules! record_row {
    ($row:ty, |$r:ident| $label:expr) => {
        impl $crate::plan::Record for $row {
            fn row(&self) -> usize {
                self.row
            }
            fn label(&self) -> String {
                let $r = self;
                $label
            }
            fn outcome(&self) -> &$crate::plan::Outcome {
                &self.outcome
            }
            fn problems(&self) -> &[$crate::plan::CellNote] {
                &self.problems
            }
            fn notes(&self) -> &[$crate::plan::CellNote] {
                &self.notes
            }
        }
    };
}
pub(crate) use record_row;

/// What importing a sheet would do, record by record.
#[derive(Debug, Clone)]
pub struct Plan<R> {
    pub sheet: String,
    /// The year the sheet's figures are for ("NĂM 2024" in its title, "năm 2024" in a heading).
    pub year: Option<i32>,
    pub columns: Vec<crate::layout::Column>,
    pub records: Vec<R>,
}

impl<R: Record> Plan<R> {
    /// A fingerprint of what saving would do, row by row: the preview shows it and the save sends
    /// it back, so that a save made from a preview the registry has since outrun is refused.
    pub fn digest(&self) -> String {
        use sha2::Digest;
        let mut hash = sha2::Sha256::new();
        for record in &self.records {
            hash.update(format!(
                "{}|{:?}|{}\n",
                record.row(),
                record.outcome(),
                record.problems().len()
            ));
        }
        hex::encode(hash.finalize())
    }

    /// How many records would be new, changed, unchanged and rejected.
    pub fn counts(&self) -> Counts {
        let of = |f: fn(&Outcome) -> bool| self.records.iter().filter(|r| f(r.outcome())).count();
        Counts {
            new: of(|o| matches!(o, Outcome::New)),
            changed: of(|o| matches!(o, Outcome::Changed { .. })),
            unchanged: of(|o| matches!(o, Outcome::Unchanged { .. })),
            rejected: of(|o| matches!(o, Outcome::Rejected)),
        }
    }

    /// The refused records.
    pub fn rejected(&self) -> impl Iterator<Item = &R> {
        self.records
            .iter()
            .filter(|r| matches!(r.outcome(), Outcome::Rejected))
    }
}

/// How many records of a plan would be new, changed, unchanged and rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

/// The file a plan was read from, as the import record keeps it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    /// Of the file's bytes, hex.
    pub sha256: String,
}

impl SourceFile {
    pub fn of(name: &str, bytes: &[u8]) -> SourceFile {
        use sha2::Digest;
        SourceFile {
            name: name.to_owned(),
            sha256: hex::encode(sha2::Sha256::digest(bytes)),
        }
    }
}

/// Why a plan was not saved. Nothing of it was.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Some rows are refused and the officer asked for all or nothing.
    #[error("{0} rows are refused")]
    Refused(usize),
    /// No row would add or change anything.
    #[error("nothing to save")]
    Nothing,
    /// The sheet of this upload was saved meanwhile (a second press, another tab), as this import.
    #[error("saved already as import {0}")]
    AlreadySaved(i64),
    /// The registry changed since the plan was made (another import, a form): the sheet read again
    /// would not do what the plan says, and nothing is saved.
    #[error("the registry changed since the plan was made")]
    Outrun,
    /// A row's write was refused by the registry (a status change its history does not allow,
    /// a tax code taken meanwhile...).
    #[error("row {row}: {error}")]
    Row {
        row: usize,
        error: hoptac_core::StoreError,
    },
    #[error(transparent)]
    Store(#[from] hoptac_core::StoreError),
}

impl From<sqlx::Error> for SaveError {
    fn from(error: sqlx::Error) -> Self {
        SaveError::Store(error.into())
    }
}

/// What saving did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    pub import_id: i64,
    pub created: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

/// What a save is of: the plan's sheet and counts, the file, the province, and the upload it was
/// read from (none from the command line).
pub struct ImportOf<'a> {
    pub saving: Saving<'a>,
    pub sheet: &'a str,
    /// What the sheet held: `organisations`, `members`, `ocop_products` or `report_figures`.
    pub kind: &'static str,
    pub counts: Counts,
    /// The plan's fingerprint, when the sheet is to be read again inside the transaction.
    pub digest: Option<String>,
}

impl<'a> ImportOf<'a> {
    /// A save of `plan`, a sheet of `kind`.
    pub fn new<R: Record>(plan: &'a Plan<R>, kind: &'static str, saving: &Saving<'a>) -> ImportOf<'a> {
        ImportOf {
            saving: *saving,
            sheet: &plan.sheet,
            kind,
            counts: plan.counts(),
            digest: saving.sheet.map(|_| plan.digest()),
        }
    }
}

/// How a plan is saved.
#[derive(Clone, Copy)]
pub struct Saving<'a> {
    /// The file the plan was read from, named in the import's record.
    pub file: &'a SourceFile,
    /// The 2025 province the plan was read for.
    pub province: &'a str,
    /// Leave the refused rows out; otherwise any refused row saves nothing.
    pub valid_rows_only: bool,
    /// The uploaded file the plan was read from, claimed in the same transaction so that it is saved
    /// once however often saving is pressed.
    pub upload: Option<i64>,
    /// The sheet the plan was read from, read again inside the save's transaction, where no other
    /// import of the province can write: a plan the registry has outrun since it was made (another
    /// import of the same file, a form saved meanwhile) saves nothing ([`SaveError::Outrun`]).
    pub sheet: Option<&'a crate::sheets::Importable<'a>>,
}

impl<'a> Saving<'a> {
    /// A save of all or nothing of `file`'s plan for `province`, not read again.
    pub fn of(file: &'a SourceFile, province: &'a str) -> Saving<'a> {
        Saving {
            file,
            province,
            valid_rows_only: false,
            upload: None,
            sheet: None,
        }
    }

    /// The same save of the valid rows only.
    pub fn only_valid_rows(self) -> Saving<'a> {
        Saving {
            valid_rows_only: true,
            ..self
        }
    }
}

/// Refuses a save before anything is written: a plan with refused rows unless only the valid rows
/// are to be saved.
pub fn check_refused(counts: Counts, valid_rows_only: bool) -> Result<(), SaveError> {
    if counts.rejected > 0 && !valid_rows_only {
        return Err(SaveError::Refused(counts.rejected));
    }
    Ok(())
}

/// Opens a save of `writes` records prepared before it: the transaction, with the import record
/// written in it ([`begin`]). No record to write is [`SaveError::Nothing`].
pub async fn open<'c>(cx: &'c Context, of: &ImportOf<'_>, writes: usize) -> Result<(Tx<'c>, i64), SaveError> {
    if writes == 0 {
        return Err(SaveError::Nothing);
    }
    let mut tx = Tx::begin(&cx.db).await?;
    if let (Some(sheet), Some(digest)) = (of.saving.sheet, &of.digest) {
        // Imports of one province wait for each other here (SQLite's writers all do), then the
        // sheet is read again: what the registry holds now is what the plan must still say.
        tx.serialise(&format!("import:{}", of.saving.province)).await?;
        let now = crate::sheets::SheetPlan::of(cx, sheet, of.saving.province).await?;
        if &now.digest() != digest {
            return Err(SaveError::Outrun);
        }
    }
    let import_id = begin(&mut tx, cx, of).await?;
    Ok((tx, import_id))
}

/// Writes the import record inside the save's transaction and returns its id. A sheet of an upload
/// is imported once: a second save of it (pressed twice, from two tabs) is [`SaveError::AlreadySaved`].
pub async fn begin(tx: &mut Tx<'_>, cx: &Context, of: &ImportOf<'_>) -> Result<i64, SaveError> {
    let inserted = tx
        .insert_returning_id(
            &insert_sql(
                "imports",
                &[
                    "user_id",
                    "actor",
                    "file_name",
                    "sha256",
                    "sheet",
                    "province_code",
                    "kind",
                    "created",
                    "changed",
                    "unchanged",
                    "rejected",
                    "imported_at",
                    "upload_id",
                ],
            ),
            &[
                Arg::OptI64(cx.actor.user_id),
                Arg::Text(cx.actor.name.clone()),
                Arg::Text(of.saving.file.name.clone()),
                Arg::Text(of.saving.file.sha256.clone()),
                Arg::Text(of.sheet.to_owned()),
                Arg::Text(of.saving.province.to_owned()),
                Arg::Text(of.kind.into()),
                Arg::I64(0),
                Arg::I64(0),
                Arg::I64(of.counts.unchanged as i64),
                Arg::I64(of.counts.rejected as i64),
                Arg::Time(cx.now),
                Arg::OptI64(of.saving.upload),
            ],
        )
        .await;
    match (inserted, of.saving.upload) {
        (Ok(id), _) => Ok(id),
        (Err(e), Some(upload)) if hoptac_core::error::is_unique_violation(&e) => {
            let saved_as = saved_sheets(&cx.db, upload)
                .await?
                .into_iter()
                .find(|(sheet, _)| sheet == of.sheet)
                .map(|(_, id)| id)
                .unwrap_or_default();
            Err(SaveError::AlreadySaved(saved_as))
        }
        (Err(e), _) => Err(e.into()),
    }
}

/// The sheets of an upload saved already, with their import.
pub async fn saved_sheets(db: &hoptac_core::Db, upload: i64) -> hoptac_core::StoreResult<Vec<(String, i64)>> {
    Ok(on_pool!(db, |pool| sqlx::query_as(
        "SELECT sheet, id FROM imports WHERE upload_id = $1 ORDER BY id"
    )
    .bind(upload)
    .fetch_all(pool)
    .await)?)
}

/// A record an import wrote, as the import's record lists it: the record as the audit trail names
/// it (`organisation`, `member`, `ocop_product`, `ocop_certificate`, `report_entry`,
/// `report_target`), and the organisation it belongs to, where it has one. Read back with names,
/// it is a [`crate::store::Written`].
#[derive(Debug, Clone, Copy)]
pub struct Imported {
    pub entity: &'static str,
    pub entity_id: i64,
    pub organisation_id: Option<i64>,
}

impl Imported {
    pub fn organisation(id: i64) -> Imported {
        Imported {
            entity: "organisation",
            entity_id: id,
            organisation_id: Some(id),
        }
    }

    /// The member `id` of the organisation `organisation_id`.
    pub fn member(id: i64, organisation_id: i64) -> Imported {
        Imported {
            entity: "member",
            entity_id: id,
            organisation_id: Some(organisation_id),
        }
    }
}

/// Lists a record the import wrote from the sheet's row `row`.
pub async fn record_written(
    tx: &mut Tx<'_>,
    import_id: i64,
    row: usize,
    written: Imported,
    action: &'static str,
) -> Result<(), SaveError> {
    records_written(tx, import_id, &[(row, written, action)])
        .await
        .map_err(|e| match e {
            SaveError::Store(error) => SaveError::Row { row, error },
            other => other,
        })
}

/// Lists many records the import wrote, each with the sheet's row it came from, in a few
/// statements.
pub async fn records_written(
    tx: &mut Tx<'_>,
    import_id: i64,
    written: &[(usize, Imported, &'static str)],
) -> Result<(), SaveError> {
    let rows: Vec<Vec<Arg>> = written
        .iter()
        .map(|(row, w, action)| {
            vec![
                Arg::I64(import_id),
                Arg::I64(*row as i64),
                Arg::Text(w.entity.into()),
                Arg::I64(w.entity_id),
                Arg::OptI64(w.organisation_id),
                Arg::OptI64((w.entity == "member").then_some(w.entity_id)),
                Arg::Text((*action).into()),
            ]
        })
        .collect();
    tx.insert_many("import_records", &RECORD_COLUMNS, &rows).await?;
    Ok(())
}

/// The columns of an import's list of the records it wrote.
const RECORD_COLUMNS: [&str; 7] = [
    "import_id",
    "row_number",
    "entity",
    "entity_id",
    "organisation_id",
    "member_id",
    "action",
];

/// Above this many records written, an import is a bulk load: the planner's statistics are taken
/// again after it. SQLite's own refresh (`PRAGMA optimize`) waits for a table to grow tenfold, and
/// with statistics of a registry a tenth the size, it walks the whole table where an index finds a
/// province's rows (measured in docs/benchmarks.md).
const BULK_ROWS: usize = 500;

/// Completes the import record with what was written, commits the save, and after a bulk load
/// refreshes the planner's statistics.
pub async fn finish(
    cx: &Context,
    mut tx: Tx<'_>,
    import_id: i64,
    created: usize,
    changed: usize,
    counts: Counts,
) -> Result<Saved, SaveError> {
    tx.execute(
        "UPDATE imports SET created = $1, changed = $2 WHERE id = $3",
        &[
            Arg::I64(created as i64),
            Arg::I64(changed as i64),
            Arg::I64(import_id),
        ],
    )
    .await?;
    tx.commit().await?;
    if created + changed >= BULK_ROWS {
        cx.db.analyze().await?;
    }
    Ok(Saved {
        import_id,
        created,
        changed,
        unchanged: counts.unchanged,
        rejected: counts.rejected,
    })
}

/// Reads one record row, collecting what it says about its cells.
pub(crate) struct RowReader<'a> {
    pub row: &'a [Cell],
    /// The sheet's row number, from 1.
    pub number: usize,
    pub layout: &'a Layout,
    pub notes: Vec<CellNote>,
    pub problems: Vec<CellNote>,
}

impl RowReader<'_> {
    /// The field's cell and its column's unit. A formula whose value the file does not hold is
    /// the field's problem, and no value: it is never evaluated.
    pub fn cell(&mut self, field: &str) -> Option<(Unit, Cell)> {
        let column = self.layout.column(field)?;
        let unit = column.unit;
        match self.row.get(column.index).cloned().unwrap_or(Cell::Empty) {
            Cell::Formula(formula) => {
                self.problem(
                    field,
                    "formula_without_value",
                    vec![("value", format!("={formula}"))],
                );
                None
            }
            cell => Some((unit, cell)),
        }
    }

    pub fn heading(&self, field: &str) -> Option<String> {
        self.layout.column(field).map(|c| c.heading.clone())
    }

    pub fn problem(&mut self, field: &str, code: &'static str, args: Vec<(&'static str, String)>) {
        self.problems.push(CellNote {
            row: self.number,
            column: self.heading(field),
            field: field.to_owned(),
            problem: Problem { code, args },
        });
    }

    pub fn note(&mut self, field: &str, code: &'static str, value: String) {
        self.notes.push(CellNote {
            row: self.number,
            column: self.heading(field),
            field: field.to_owned(),
            problem: Problem {
                code,
                args: vec![("value", value)],
            },
        });
    }

    /// The field's value by `reader`; a problem is kept and the value taken as missing.
    pub fn read<T>(
        &mut self,
        field: &str,
        reader: impl Fn(&Cell, Unit) -> Result<Option<T>, Problem>,
    ) -> Option<T> {
        let (unit, cell) = self.cell(field)?;
        match reader(&cell, unit) {
            Ok(value) => value,
            Err(problem) => {
                self.problem(field, problem.code, problem.args);
                None
            }
        }
    }

    /// Whether the field's cell already has a problem.
    pub fn has_problem(&self, field: &str) -> bool {
        self.problems.iter().any(|p| p.field == field)
    }

    /// `value`, or the field's problem that it is required (unless its cell has a problem of its
    /// own already: a value that does not read is not also missing).
    pub fn required<T>(&mut self, field: &str, value: Option<T>) -> Option<T> {
        if value.is_none() && !self.has_problem(field) {
            self.problem(field, "required", Vec::new());
        }
        value
    }

    pub fn text(&mut self, field: &str) -> Option<String> {
        self.read(field, |c, _| values::text(c))
    }

    /// hoptac's number of a record in a column of a file it exported; a number that is not one is
    /// the column's problem.
    pub fn record_id(&mut self, field: &str) -> Option<i64> {
        self.read(field, |cell, _| match cell {
            Cell::Empty => Ok(None),
            Cell::Number(n) if n.fract() == 0.0 && *n >= 1.0 => Ok(Some(*n as i64)),
            other => other
                .as_text()
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 1)
                .map(Some)
                .ok_or_else(|| Problem {
                    code: "invalid_record_number",
                    args: vec![("value", other.as_text())],
                }),
        })
    }
}
