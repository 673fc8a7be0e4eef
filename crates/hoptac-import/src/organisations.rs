//! What importing a province's registry sheet would do, record by record, before anything is
//! saved: each record row read into an organisation (and its year's figures, and a status written
//! in its notes), checked by the same rules as the form, matched against the registry (by tax code,
//! then registration number, then name in the same commune) and against the rows above it, and
//! found new, changed (field by field), unchanged or rejected, with every problem named by row,
//! column and field.

use crate::layout::Layout;
use crate::places::CommuneIndex;
use crate::plan::{or_held, ImportOf, RowReader, Saving};
pub use crate::plan::{CellNote, Outcome, SaveError, Saved, SourceFile};
use crate::values::{self, DateRead};
use crate::workbook::Sheet;
use chrono::NaiveDate;
use hoptac_core::access::{Permission, Place};
use hoptac_core::audit;
use hoptac_core::gate;
use hoptac_core::org::{OrgKind, OrgStatus, Sector};
use hoptac_core::text::fold;
use hoptac_core::{on_pool, Context, StoreResult};
use hoptac_registry::domain::organisation::OrganisationInput;
use hoptac_registry::domain::yearly::YearlyFiguresInput;
use hoptac_registry::store::figures::YearlyFiguresRow;
use hoptac_registry::store::organisations;
use std::collections::HashMap;

/// One record row as it would be imported.
#[derive(Debug, Clone)]
pub struct RecordPlan {
    pub row: usize,
    /// The section (district) the row lies in.
    pub section: Option<String>,
    pub input: OrganisationInput,
    /// The figures of the sheet's year, when the sheet has a year and the row any figure.
    pub figures: Option<YearlyFiguresInput>,
    /// A change of status written in the notes.
    pub status: Option<(OrgStatus, NaiveDate)>,
    /// Whether the row names the sectors (else an organisation in the registry keeps its own).
    pub sectors_written: bool,
    /// Whether the row says if it is a new-model cooperative (else the registry's record keeps
    /// what it says).
    pub new_model_written: bool,
    /// hoptac's number of the record, in a file hoptac exported ("Mã hồ sơ"): the organisation it
    /// is, before any tax code or name.
    pub record_id: Option<i64>,
    /// Where the record's commune is, for the importer's reach.
    pub place: Option<Place>,
    /// What the officer is told without the row being refused (a tax code's zero put back...).
    pub notes: Vec<CellNote>,
    pub problems: Vec<CellNote>,
    pub outcome: Outcome,
}

crate::plan::record_row!(RecordPlan, |r| r.input.name.clone());

/// What importing a registry sheet would do.
pub type Plan = crate::plan::Plan<RecordPlan>;

/// Reads the sheet's records into organisations of `province` (a 2025 province code, whose communes
/// of both eras the rows' communes are looked up in), without saving anything; `progress` hears
/// (rows checked, rows in all).
pub async fn plan(
    cx: &Context,
    sheet: &Sheet,
    layout: &Layout,
    province: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> StoreResult<Plan> {
    let total = layout.records().len();
    let communes = CommuneIndex::load(&cx.db, province).await?;
    let year = year_of(sheet, layout);
    // First every row as written, then what the registry holds of them, in a few queries.
    let mut read = Vec::with_capacity(total);
    let mut seen_tax_codes: HashMap<String, usize> = HashMap::new();
    let mut seen_names: HashMap<(String, String), usize> = HashMap::new();
    let mut seen_records: HashMap<i64, usize> = HashMap::new();
    for (index, section) in layout.records() {
        let mut reader = RowReader {
            row: &sheet.rows[index],
            number: index + 1,
            layout,
            notes: Vec::new(),
            problems: Vec::new(),
        };
        let mut record = reader.organisation(&communes, cx.today, year);
        // The same organisation twice in one file: the first row stands, the others are refused.
        if let Some(id) = record.record_id {
            if let Some(first) = seen_records.insert(id, reader.number) {
                seen_records.insert(id, first);
                reader.problem("record_id", "duplicate_in_file", vec![("row", first.to_string())]);
            }
        }
        if let Some(code) = record.input.tax_code.clone() {
            if let Some(first) = seen_tax_codes.insert(code.clone(), reader.number) {
                seen_tax_codes.insert(code, first);
                reader.problem("tax_code", "duplicate_in_file", vec![("row", first.to_string())]);
            }
        }
        let name_here = (fold(&record.input.name), record.input.commune.clone());
        // Two organisations may share a name in a commune when the file tells them apart by number.
        if record.record_id.is_none() && !record.input.name.is_empty() && !record.input.commune.is_empty() {
            if let Some(first) = seen_names.insert(name_here.clone(), reader.number) {
                seen_names.insert(name_here, first);
                reader.problem("name", "duplicate_in_file", vec![("row", first.to_string())]);
            }
        }
        record.section = section.map(str::to_owned);
        record.notes = reader.notes;
        record.problems = reader.problems;
        read.push(record);
    }
    let known = Known::load(cx, province, &read).await?;
    // The registry's organisation each row is, then those organisations, their figures and their
    // places in a few queries for all rows.
    // A row lacking only what its organisation's record holds is matched too, and keeps the record's.
    let found: Vec<Option<i64>> = read
        .iter_mut()
        .map(|record| match lacks_only_kept_fields(record) {
            true => known.organisation_of(record, province, layout),
            false => None,
        })
        .collect();
    let ids: Vec<i64> = found.iter().flatten().copied().collect();
    let held = organisations::get_many(&cx.db, &ids).await?;
    let places = hoptac_core::gate::places_of(&cx.db, &ids).await?;
    let years: Vec<(i64, i32)> = read
        .iter()
        .zip(&found)
        .filter_map(|(record, id)| Some(((*id)?, figures_year(record)?)))
        .collect();
    let held_figures = hoptac_registry::store::figures::get_many(&cx.db, &cx.actor, &years).await?;
    let mut records = Vec::with_capacity(read.len());
    // The registry's organisation each row is, by the first row that names it.
    let mut rows_of: HashMap<i64, usize> = HashMap::new();
    for (mut record, found) in read.into_iter().zip(found) {
        let there = found.and_then(|id| held.get(&id));
        if let Some(there) = there.filter(|_| !record.problems.is_empty()) {
            keep_held_fields(&mut record, there);
        }
        if record.problems.is_empty() {
            record.outcome = match there {
                None => Outcome::New,
                Some(there) => outcome(there, &held_figures, &mut record, province, layout),
            };
        }
        // A tax code the row gives its organisation that another one holds: refused here, as the
        // save would refuse it.
        if let (Outcome::Changed { id, .. }, Some(code)) = (&record.outcome, &record.input.tax_code) {
            if known.by_tax_code.get(code).is_some_and(|holder| holder != id) {
                let args = vec![("value", code.clone())];
                let note = CellNote::at(layout, record.row, "tax_code", "duplicate_tax_code", args);
                record.problems.push(note);
            }
        }
        if let Outcome::Changed { id, .. } | Outcome::Unchanged { id } = record.outcome {
            // Two rows naming one organisation by different keys (its number, its tax code).
            if let Some(first) = rows_of.get(&id) {
                let args = vec![("row", first.to_string())];
                record.problems.push(CellNote::at(
                    layout,
                    record.row,
                    "name",
                    "duplicate_in_file",
                    args,
                ));
            } else {
                rows_of.insert(id, record.row);
            }
        }
        check_status_and_figures(cx, there, &mut record, layout);
        // An officer imports only inside their reach, as they register and edit; an organisation of
        // another province is refused as such already.
        let within_reach = match (&record.outcome, &record.place) {
            (Outcome::Changed { id, .. } | Outcome::Unchanged { id }, _) => places
                .get(id)
                .is_some_and(|place| hoptac_core::gate::check(&cx.actor, Permission::Edit, place).is_ok()),
            (_, Some(place)) => cx.actor.access.allows(Permission::Create, place),
            (_, None) => true,
        };
        let of_another_province = record
            .problems
            .iter()
            .any(|p| p.problem.code == "of_another_province");
        if !within_reach && !of_another_province {
            let args = vec![("value", record.input.commune.clone())];
            let note = CellNote::at(layout, record.row, "commune", "outside_scope", args);
            record.problems.push(note);
        }
        if !record.problems.is_empty() {
            record.outcome = Outcome::Rejected;
        }
        records.push(record);
        progress(records.len(), total);
    }
    Ok(Plan {
        sheet: sheet.name.clone(),
        year,
        columns: layout.columns.clone(),
        records,
    })
}

/// What saving would refuse of a row's status note and figures, found before saving: a status
/// change its history does not allow (in the future, before the founding or the latest change, after
/// a dissolution), figures of a year before the founding. `there`: the registry's record the row is.
fn check_status_and_figures(
    cx: &Context,
    there: Option<&organisations::Organisation>,
    record: &mut RecordPlan,
    layout: &Layout,
) {
    use hoptac_registry::domain::organisation::{LatestStatus, StatusChangeInput};
    let Ok(founded) = NaiveDate::parse_from_str(&record.input.founding_date, "%Y-%m-%d") else {
        return;
    };
    let latest = match (&record.outcome, there) {
        (Outcome::New, _) => LatestStatus {
            status: OrgStatus::Active,
            effective_date: founded,
        },
        (Outcome::Changed { .. } | Outcome::Unchanged { .. }, Some(there)) => LatestStatus {
            status: there.status,
            effective_date: there.status_since,
        },
        _ => return,
    };
    if let Some((status, since)) = record.status {
        if status != latest.status {
            let change = StatusChangeInput {
                status: status.as_str().to_owned(),
                effective_date: since.to_string(),
                reason: None,
            };
            if let Err(errors) = change.validate(latest, cx.today) {
                for e in errors.iter() {
                    record.problems.push(CellNote::at(
                        layout,
                        record.row,
                        "notes",
                        e.code,
                        e.params.clone(),
                    ));
                }
            }
        }
    }
    if figures_year(record).is_some_and(|year| year < chrono::Datelike::year(&founded)) {
        record.problems.push(CellNote::at(
            layout,
            record.row,
            "founding_date",
            "figures_before_founding",
            Vec::new(),
        ));
    }
}

/// The fields a row of an organisation the registry holds may leave empty: the record keeps its
/// own (its founding date, its commune), as for every other field.
const KEPT_WHEN_EMPTY: [&str; 2] = ["founding_date", "commune"];

/// Whether the row's only problems are fields of [`KEPT_WHEN_EMPTY`] left empty (or it has none).
fn lacks_only_kept_fields(record: &RecordPlan) -> bool {
    record
        .problems
        .iter()
        .all(|p| p.problem.code == "required" && KEPT_WHEN_EMPTY.contains(&p.field.as_str()))
}

/// Fills the fields of [`KEPT_WHEN_EMPTY`] the row left empty from `there`, the registry's record
/// it is, and takes back their problems.
fn keep_held_fields(record: &mut RecordPlan, there: &organisations::Organisation) {
    for note in std::mem::take(&mut record.problems) {
        match note.field.as_str() {
            "founding_date" => record.input.founding_date = there.founding_date.to_string(),
            "commune" => {
                record.input.commune = there.commune_code.clone();
                record.input.commune_era = Some(there.commune_era.clone());
            }
            _ => record.problems.push(note),
        }
    }
}

/// The year of the row's figures, when it has figures.
fn figures_year(record: &RecordPlan) -> Option<i32> {
    record.figures.as_ref()?.year.as_deref()?.parse().ok()
}

/// What the registry holds of the organisations a sheet names: by tax code (in any province, to
/// refuse moving one), by registration number and by name in each commune of the province.
struct Known {
    /// The records the sheet's record numbers name, by number.
    numbered: HashMap<i64, Numbered>,
    by_tax_code: HashMap<String, i64>,
    by_registration: HashMap<String, i64>,
    /// (id, tax code) of the organisations of a name in a commune.
    by_place_name: HashMap<NameInCommune, Vec<(i64, Option<String>)>>,
}

/// A commune's era and code, and an organisation's name there, folded.
type NameInCommune = (String, String, String);

/// What tells whether a record number names the row's organisation.
#[derive(sqlx::FromRow)]
struct Numbered {
    id: i64,
    province_code: String,
    tax_code: Option<String>,
    name: String,
    commune_code: String,
}

impl Known {
    async fn load(cx: &Context, province: &str, records: &[RecordPlan]) -> StoreResult<Known> {
        let mut known = Known {
            numbered: HashMap::new(),
            by_tax_code: HashMap::new(),
            by_registration: HashMap::new(),
            by_place_name: HashMap::new(),
        };
        // A tax code is the country's; a registration number is only its issuing district's or
        // province's, so it is matched within the province.
        for (column, values, slot, within) in [
            (
                "tax_code",
                records
                    .iter()
                    .filter_map(|r| r.input.tax_code.clone())
                    .collect::<Vec<_>>(),
                &mut known.by_tax_code,
                None,
            ),
            (
                "registration_number",
                records
                    .iter()
                    .filter_map(|r| r.input.registration_number.clone())
                    .collect::<Vec<_>>(),
                &mut known.by_registration,
                Some(province),
            ),
        ] {
            for chunk in values.chunks(500) {
                let mut c = hoptac_core::Conditions::default();
                let marks: Vec<&str> = chunk.iter().map(|_| "?").collect();
                c.push(
                    &format!("{column} IN ({})", marks.join(", ")),
                    chunk.iter().map(|v| hoptac_core::Arg::Text(v.clone())),
                );
                if let Some(province) = within {
                    c.push("province_code = ?", [hoptac_core::Arg::Text(province.to_owned())]);
                }
                let sql = format!(
                    "SELECT {column}, id FROM organisations {} ORDER BY id",
                    c.where_sql()
                );
                let rows: Vec<(String, i64)> = on_pool!(&cx.db, |pool| hoptac_core::bind_args!(
                    sqlx::query_as(&sql),
                    &c.args
                )
                .fetch_all(pool)
                .await)?;
                for (value, id) in rows {
                    slot.entry(value).or_insert(id);
                }
            }
        }
        let numbers: Vec<i64> = records.iter().filter_map(|r| r.record_id).collect();
        let sql = "SELECT o.id, o.province_code, o.tax_code, o.name, c.code AS commune_code \
                   FROM organisations o JOIN communes c ON c.id = o.commune_id WHERE o.id IN {ids}";
        let numbered: Vec<Numbered> = hoptac_core::sql::fetch_for_ids(&cx.db, sql, &numbers).await?;
        known.numbered = numbered.into_iter().map(|row| (row.id, row)).collect();
        let in_province: Vec<(i64, String, Option<String>, String, String)> =
            on_pool!(&cx.db, |pool| sqlx::query_as(
                "SELECT o.id, o.name, o.tax_code, c.era, c.code FROM organisations o \
             JOIN communes c ON c.id = o.commune_id WHERE o.province_code = $1 ORDER BY o.id"
            )
            .bind(province)
            .fetch_all(pool)
            .await)?;
        for (id, name, tax_code, era, code) in in_province {
            known
                .by_place_name
                .entry((era, code, fold(&name)))
                .or_default()
                .push((id, tax_code));
        }
        Ok(known)
    }

    /// The registry's organisation the record is, if any: the one its record number names, else
    /// [`Known::existing`]. A number names the registry's record when that record is the row's: in
    /// the province, and with its tax code, name or commune. A number of another installation of
    /// hoptac (a file it exported) names nothing here, or another record: that is said, and the
    /// row matched as a row without one.
    fn organisation_of(&self, record: &mut RecordPlan, province: &str, layout: &Layout) -> Option<i64> {
        let Some(id) = record.record_id else {
            return self.existing(&record.input);
        };
        let named = self.numbered.get(&id).is_some_and(|there| {
            there.province_code == province
                && (there.tax_code.is_some() && there.tax_code == record.input.tax_code
                    || fold(&there.name) == fold(&record.input.name)
                    || there.commune_code == record.input.commune)
        });
        if named {
            return Some(id);
        }
        let args = vec![("value", id.to_string())];
        record.notes.push(CellNote::at(
            layout,
            record.row,
            "record_id",
            "unknown_record",
            args,
        ));
        self.existing(&record.input)
    }

    /// The organisation the record is, when the registry has it: by tax code, then registration
    /// number, then the same name in the same commune (unless their tax codes differ).
    fn existing(&self, input: &OrganisationInput) -> Option<i64> {
        if let Some(id) = input.tax_code.as_ref().and_then(|t| self.by_tax_code.get(t)) {
            return Some(*id);
        }
        if let Some(id) = input
            .registration_number
            .as_ref()
            .and_then(|r| self.by_registration.get(r))
        {
            return Some(*id);
        }
        let key = (
            input.commune_era.clone().unwrap_or_else(|| "2025".to_owned()),
            input.commune.clone(),
            fold(&input.name),
        );
        let (id, held) = self.by_place_name.get(&key)?.first()?;
        match (held, &input.tax_code) {
            (Some(held), Some(sent)) if held != sent => None,
            _ => Some(*id),
        }
    }
}

/// The year a sheet's figures are for: "năm 2024" in a heading, else in the title rows.
pub(crate) fn year_of(sheet: &Sheet, layout: &Layout) -> Option<i32> {
    let year_in = |text: &str| {
        let folded = fold(text);
        let words: Vec<&str> = folded.split(' ').collect();
        words.windows(2).find_map(|pair| {
            (pair[0] == "nam" && pair[1].len() == 4)
                .then(|| pair[1].parse::<i32>().ok())
                .flatten()
        })
    };
    layout
        .columns
        .iter()
        .find_map(|c| year_in(&c.heading))
        .or_else(|| {
            sheet
                .rows
                .iter()
                .zip(&layout.rows)
                .filter(|(_, kind)| **kind == crate::layout::RowKind::Title)
                .flat_map(|(row, _)| row.iter())
                .find_map(|cell| year_in(&cell.as_text()))
        })
}

impl RowReader<'_> {
    fn organisation(&mut self, communes: &CommuneIndex, today: NaiveDate, year: Option<i32>) -> RecordPlan {
        let name = self.text("name").unwrap_or_default();
        if name.is_empty() {
            self.problem("name", "required", Vec::new());
        }
        let record_id = self.record_id("record_id");
        let tax_code = self.read("tax_code", |c, _| values::tax_code(c)).map(|read| {
            if read.zero_restored {
                self.note(
                    "tax_code",
                    "tax_code_zero_restored",
                    read.tax_code.as_str().to_owned(),
                );
            }
            read.tax_code.as_str().to_owned()
        });
        let founding_date = match self.read("founding_date", |c, _| values::date(c)) {
            Some(DateRead::Day(day)) => day.to_string(),
            Some(DateRead::Year(year)) => {
                self.note("founding_date", "founding_year_only", year.to_string());
                format!("{year}-01-01")
            }
            None => {
                if !self.problems.iter().any(|p| p.field == "founding_date") {
                    self.problem("founding_date", "required", Vec::new());
                }
                String::new()
            }
        };
        let (commune_era, commune, place) = match self.text("commune") {
            None => {
                self.problem("commune", "required", Vec::new());
                (None, String::new(), None)
            }
            Some(written) => {
                let district = self.text("district");
                match communes.find(&written, district.as_deref()) {
                    Ok(found) => (
                        Some(found.era.clone()),
                        found.code.clone(),
                        Some(gate::place_in(found, None)),
                    ),
                    Err(problem) => {
                        self.problem("commune", problem.code, problem.args);
                        (None, written, None)
                    }
                }
            }
        };
        // Several sectors are written one after the other, separated by semicolons.
        let mut sectors = Vec::new();
        for written in self.text("sector").iter().flat_map(|s| s.split(';')) {
            let written = written.trim();
            if written.is_empty() {
                continue;
            }
            match sector_of(written) {
                Some(sector) if !sectors.contains(&sector) => sectors.push(sector),
                Some(_) => {}
                None => self.problem("sector", "invalid_choice", vec![("value", written.to_owned())]),
            }
        }
        // None written: a new organisation's sector is "other"; a known one keeps its own.
        let sectors_written = !sectors.is_empty();
        if !sectors_written {
            sectors.push(Sector::Other);
        }
        let kind = self
            .read("kind", |c, _| {
                values::choice(c, OrgKind::ALL, OrgKind::as_str, OrgKind::label)
            })
            .unwrap_or_else(|| kind_of_name(&name));
        let charter_capital = self.read("charter_capital", values::amount);
        let is_new_model = self
            .cell("is_new_model")
            .map(|(_, c)| values::flag(&c))
            .transpose()
            .unwrap_or_else(|problem| {
                self.problem("is_new_model", problem.code, problem.args);
                None
            });
        let status = self.text("notes").and_then(|note| values::status_note(&note));
        // The preview says which status the notes give, so that no row is saved dissolved or
        // suspended unseen.
        if let Some((status, day)) = status {
            let code = match status {
                OrgStatus::Active => "status_note_active",
                OrgStatus::Suspended => "status_note_suspended",
                OrgStatus::Dissolved => "status_note_dissolved",
                OrgStatus::Bankrupt => "status_note_bankrupt",
            };
            self.note("notes", code, day.format("%d/%m/%Y").to_string());
        }
        let input = OrganisationInput {
            kind: kind.as_str().to_owned(),
            name,
            tax_code,
            registration_number: self.text("registration_number"),
            founding_date,
            sectors: sectors.iter().map(|s| s.as_str().to_owned()).collect(),
            address: self.text("address"),
            commune_era,
            commune,
            representative_name: self.text("representative_name"),
            phone: self.text("phone"),
            is_new_model: is_new_model.unwrap_or(false),
            charter_capital: charter_capital.map(|c| c.to_string()),
            ..OrganisationInput::default()
        };
        if self.problems.is_empty() {
            if let Err(errors) = input.validate(today) {
                for e in errors.iter() {
                    self.problem(&e.field, e.code, e.params.clone());
                }
            }
        }
        let figures = year.and_then(|year| self.figures(year, today));
        RecordPlan {
            row: self.number,
            section: None,
            input,
            figures,
            status,
            sectors_written,
            new_model_written: is_new_model.is_some(),
            record_id,
            place,
            notes: Vec::new(),
            problems: Vec::new(),
            outcome: Outcome::Rejected,
        }
    }

    /// The year's figures of the row, when it has any.
    fn figures(&mut self, year: i32, today: NaiveDate) -> Option<YearlyFiguresInput> {
        let text = |v: Option<i64>| v.map(|v| v.to_string());
        let figures = YearlyFiguresInput {
            year: Some(year.to_string()),
            members: text(self.read("members", |c, _| values::count(c))),
            regular_workers: text(self.read("regular_workers", |c, _| values::count(c))),
            // The sheet's charter capital is the registered one, an organisation's field: the
            // year's figure keeps what the registry holds.
            charter_capital: None,
            revenue: text(self.read("revenue", values::amount)),
            profit: text(self.read("profit", values::amount)),
            average_income: text(self.read("average_income", values::amount)),
            rating: self
                .read("rating", |c, _| values::rating(c))
                .map(|r| r.as_str().to_owned()),
            ..YearlyFiguresInput::default()
        };
        let any = [
            &figures.members,
            &figures.regular_workers,
            &figures.revenue,
            &figures.profit,
            &figures.average_income,
            &figures.rating,
        ]
        .iter()
        .any(|v| v.is_some());
        if let Err(errors) = figures.validate(chrono::Datelike::year(&today)) {
            for e in errors.iter() {
                self.problem(&e.field, e.code, e.params.clone());
            }
        }
        any.then_some(figures)
    }
}

/// The kind an organisation's name says it is, when no column says: a cooperative group, a union,
/// else a cooperative.
fn kind_of_name(name: &str) -> OrgKind {
    let folded = fold(name);
    if folded.starts_with("to hop tac") || folded.starts_with("tht ") {
        OrgKind::Tht
    } else if folded.starts_with("lien hiep") || folded.starts_with("lhhtx") {
        OrgKind::Lhhtx
    } else {
        OrgKind::Htx
    }
}

/// A sector as provincial lists write it ("Nông, lâm nghiệp", "Công nghiệp - TTCN", "Quỹ TDND"...).
fn sector_of(written: &str) -> Option<Sector> {
    let folded = fold(written);
    let has = |word: &str| folded.contains(word);
    Some(if has("nong") || has("lam nghiep") || has("thuy san") {
        Sector::Agriculture
    } else if has("cong nghiep") || has("ttcn") || has("tieu thu cong") {
        Sector::IndustryHandicraft
    } else if has("thuong mai") || has("dich vu") {
        Sector::TradeServices
    } else if has("van tai") {
        Sector::Transport
    } else if has("xay dung") {
        Sector::Construction
    } else if has("tin dung") || has("tdnd") {
        Sector::Credit
    } else if has("moi truong") {
        Sector::Environment
    } else if has("khac") {
        Sector::Other
    } else {
        return Sector::parse(written.trim());
    })
}

/// New, changed or unchanged: the record against `there`, the registry's organisation it is. A
/// field the sheet leaves empty keeps what the registry holds. A row naming an organisation of
/// another province than the import's gets a problem: an import does not move an organisation.
/// `held_figures`: the registry's figures of the matched organisations, by organisation and year.
fn outcome(
    there: &organisations::Organisation,
    held_figures: &HashMap<(i64, i32), YearlyFiguresRow>,
    record: &mut RecordPlan,
    province: &str,
    layout: &Layout,
) -> Outcome {
    let id = there.id;
    if there.province_code != province {
        let args = vec![
            ("value", there.name.clone()),
            ("province", there.province_name.clone()),
        ];
        let note = CellNote::at(layout, record.row, "name", "of_another_province", args);
        record.problems.push(note);
    }
    let held = there.to_input();
    let sent = &record.input;
    let merged = OrganisationInput {
        name: sent.name.clone(),
        tax_code: or_held(&sent.tax_code, &held.tax_code),
        registration_number: or_held(&sent.registration_number, &held.registration_number),
        founding_date: sent.founding_date.clone(),
        sectors: if record.sectors_written {
            sent.sectors.clone()
        } else {
            held.sectors.clone()
        },
        address: or_held(&sent.address, &held.address),
        commune_era: sent.commune_era.clone(),
        commune: sent.commune.clone(),
        representative_name: or_held(&sent.representative_name, &held.representative_name),
        phone: or_held(&sent.phone, &held.phone),
        is_new_model: if record.new_model_written {
            sent.is_new_model
        } else {
            held.is_new_model
        },
        charter_capital: or_held(&sent.charter_capital, &held.charter_capital),
        ..held.clone()
    };
    let mut changes = audit::diff(audit::snapshot(&held).as_ref(), audit::snapshot(&merged).as_ref());
    record.input = merged;
    if let Some(sent) = record.figures.take() {
        let year: i32 = sent
            .year
            .as_deref()
            .unwrap_or_default()
            .parse()
            .unwrap_or_default();
        let held = held_figures.get(&(id, year)).map(YearlyFiguresRow::to_input);
        // A figure the sheet leaves empty keeps what the registry holds, as a field does.
        let merged = match &held {
            None => sent,
            Some(held) => YearlyFiguresInput {
                year: sent.year.clone(),
                members: or_held(&sent.members, &held.members),
                regular_workers: or_held(&sent.regular_workers, &held.regular_workers),
                charter_capital: or_held(&sent.charter_capital, &held.charter_capital),
                revenue: or_held(&sent.revenue, &held.revenue),
                profit: or_held(&sent.profit, &held.profit),
                average_income: or_held(&sent.average_income, &held.average_income),
                rating: or_held(&sent.rating, &held.rating),
                source: or_held(&sent.source, &held.source),
                version: None,
                original: None,
                unusual_checked: false,
            },
        };
        // The version and the form's original are not serialised: the snapshots hold the figures.
        let before = held.as_ref().and_then(audit::snapshot);
        for mut change in audit::diff(before.as_ref(), audit::snapshot(&merged).as_ref()) {
            if change.field == "year" {
                continue;
            }
            change.field = format!("figures.{}", change.field);
            changes.push(change);
        }
        record.figures = Some(merged);
    }
    if changes.is_empty() {
        Outcome::Unchanged { id }
    } else {
        Outcome::Changed { id, changes }
    }
}

/// Saves a plan in one transaction: every record it finds new or changed, with its year's figures
/// and the status its notes give, each write on the audit trail under the importer's name and listed
/// under one import record. All or nothing: with `valid_rows_only` the refused rows are left out,
/// otherwise any refused row saves nothing. `upload`: the uploaded file the plan was read from,
/// claimed in the same transaction so that it is saved once however often saving is pressed.
/// `progress` hears (rows done, rows in all).
pub async fn save(
    cx: &Context,
    plan: &Plan,
    saving: &Saving<'_>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Saved, SaveError> {
    let Saving {
        file,
        valid_rows_only,
        ..
    } = *saving;
    use hoptac_core::Arg;
    use hoptac_registry::domain::organisation::StatusChangeInput;
    use hoptac_registry::store::figures::{self, SaveMode};

    let counts = plan.counts();
    crate::plan::check_refused(counts, valid_rows_only)?;
    // Everything that needs the registry as it stands is checked before the transaction.
    enum Write {
        Create(Box<organisations::Registration>),
        Update(i64, Box<organisations::PreparedEdit>, NaiveDate),
    }
    // A status from a row's notes, with the file and sheet it came from as its reason.
    let status_change = |status: OrgStatus, since: NaiveDate| StatusChangeInput {
        status: status.as_str().to_owned(),
        effective_date: since.to_string(),
        reason: Some(format!("{} ({})", file.name, plan.sheet)),
    };
    let mut writes = Vec::new();
    let mut places = hoptac_core::admin_units::Places::new(&cx.db);
    for record in &plan.records {
        let at_row = |error| SaveError::Row {
            row: record.row,
            error,
        };
        let write = match &record.outcome {
            Outcome::New => {
                let mut registration =
                    organisations::prepare_registration_among(&mut places, cx, &record.input)
                        .await
                        .map_err(at_row)?;
                if let Some((status, since)) = record.status.filter(|(s, _)| *s != OrgStatus::Active) {
                    registration
                        .then(&status_change(status, since), cx.today)
                        .map_err(at_row)?;
                }
                Write::Create(Box::new(registration))
            }
            Outcome::Changed { id, .. } => {
                let founded =
                    NaiveDate::parse_from_str(&record.input.founding_date, "%Y-%m-%d").unwrap_or(cx.today);
                Write::Update(
                    *id,
                    Box::new(
                        organisations::prepare_update(cx, *id, &record.input)
                            .await
                            .map_err(at_row)?,
                    ),
                    founded,
                )
            }
            Outcome::Unchanged { .. } | Outcome::Rejected => continue,
        };
        writes.push((record, write));
    }
    let total = writes.len();
    let of = ImportOf::new(plan, "organisations", saving);
    let (mut tx, import_id) = crate::plan::open(cx, &of, total).await?;
    let (mut created, mut changed) = (0usize, 0usize);
    let mut listed: Vec<(usize, crate::plan::Imported, &'static str)> = Vec::new();
    // The new organisations first, in a few statements for all of them, with their first figures:
    // a province's first import is mostly new records.
    let (new, edits): (Vec<_>, Vec<_>) = writes
        .into_iter()
        .partition(|(_, write)| matches!(write, Write::Create(_)));
    let registrations: Vec<&organisations::Registration> = new
        .iter()
        .filter_map(|(_, write)| match write {
            Write::Create(registration) => Some(registration.as_ref()),
            Write::Update(..) => None,
        })
        .collect();
    let row_of = |index: usize, error| SaveError::Row {
        row: new[index].0.row,
        error,
    };
    let ids = organisations::register_many_in(&mut tx, cx, &registrations)
        .await
        .map_err(|(index, error)| row_of(index, error))?;
    let first_figures: Vec<(usize, (i64, NaiveDate, &YearlyFiguresInput))> = new
        .iter()
        .zip(&registrations)
        .zip(&ids)
        .enumerate()
        .filter_map(|(index, (((record, _), registration), id))| {
            let year_figures = record.figures.as_ref()?;
            Some((index, (*id, registration.founding_date(), year_figures)))
        })
        .collect();
    let batch: Vec<(i64, NaiveDate, &YearlyFiguresInput)> = first_figures.iter().map(|(_, f)| *f).collect();
    figures::create_many_in(&mut tx, cx, &batch)
        .await
        .map_err(|(index, error)| row_of(first_figures[index].0, error))?;
    for ((record, _), id) in new.iter().zip(&ids) {
        listed.push((record.row, crate::plan::Imported::organisation(*id), "create"));
        created += 1;
    }
    progress(created, total);
    // Then, one by one, the changed organisations, with their figures and the status their notes give.
    for (record, write) in edits {
        let Write::Update(id, edit, founded) = write else {
            unreachable!("the new organisations are written above")
        };
        let at_row = |error| SaveError::Row {
            row: record.row,
            error,
        };
        organisations::apply_edit(&mut tx, cx, id, None, *edit)
            .await
            .map_err(at_row)?;
        if let Some(year_figures) = &record.figures {
            let year: i32 = year_figures
                .year
                .as_deref()
                .unwrap_or_default()
                .parse()
                .unwrap_or_default();
            let held: Option<(i32,)> = tx
                .fetch_optional(
                    "SELECT year FROM yearly_figures WHERE organisation_id = $1 AND year = $2",
                    &[Arg::I64(id), Arg::I32(year)],
                )
                .await
                .map_err(|e| at_row(e.into()))?;
            let mode = if held.is_some() {
                SaveMode::Replace(year)
            } else {
                SaveMode::Create
            };
            figures::save_in(&mut tx, cx, id, founded, year_figures, mode)
                .await
                .map_err(at_row)?;
        }
        listed.push((record.row, crate::plan::Imported::organisation(id), "update"));
        changed += 1;
        progress(created + changed, total);
        if let Some((status, since)) = record.status {
            let latest: Option<(String,)> = tx
                .fetch_optional("SELECT status FROM organisations WHERE id = $1", &[Arg::I64(id)])
                .await
                .map_err(|e| at_row(e.into()))?;
            if latest.is_some_and(|(now,)| now != status.as_str()) {
                organisations::change_status_in(&mut tx, cx, id, &status_change(status, since))
                    .await
                    .map_err(at_row)?;
            }
        }
    }
    crate::plan::records_written(&mut tx, import_id, &listed).await?;
    crate::plan::finish(cx, tx, import_id, created, changed, counts).await
}
