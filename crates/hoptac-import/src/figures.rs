//! What importing a sheet of report figures would do. Provinces report their collective economy's
//! figures as a table of indicators ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ... NĂM 2024"): an indicator
//! per row in the officers' words, its unit, the year's plan ("Kế hoạch") and what was achieved
//! ("Thực hiện"). Each row is read into an entered value and a plan target of the report catalogue's
//! indicator (by its name, its code or the words provinces use, kept as data in
//! `data/indicators.csv`), for the place the sheet's title names (a former province for a year
//! before the 2025 change, else the import's province) and the period it gives (the year, or its
//! first six months), checked as the entry forms check them, compared with what the registry
//! holds and found new, changed, unchanged or rejected.

use crate::layout::{Layout, RowKind};
use crate::plan::{CellNote, ImportOf, Imported, Outcome, RowReader, SaveError, Saved, Saving};
use crate::values::{self, Cell, Problem, Unit};
use crate::workbook::Sheet;
use hoptac_core::admin::Era;
use hoptac_core::audit::FieldChange;
use hoptac_core::text::fold;
use hoptac_core::{admin_units, Context, FieldError, Lang, StoreError, StoreResult};
use hoptac_reports::domain::{
    EntryInput, Indicator, Period, PeriodInput, PeriodKind, ReportPlace, TargetInput,
};
use hoptac_reports::store::entries;
use std::collections::HashMap;

/// Words provinces write for the catalogue's indicators: `indicator,words` per line.
const WORDS: &str = include_str!("../data/indicators.csv");

/// One indicator's row: its entered value for the sheet's period and its target for the year.
#[derive(Debug, Clone)]
pub struct FiguresRecord {
    pub row: usize,
    /// The indicator as the sheet writes it.
    pub written: String,
    pub indicator: Option<Indicator>,
    /// The value achieved in the period, as the entry form takes it (none when the row gives none).
    pub entry: Option<EntryInput>,
    /// The year's plan, as the target form takes it.
    pub target: Option<TargetInput>,
    pub notes: Vec<CellNote>,
    pub problems: Vec<CellNote>,
    pub outcome: Outcome,
}

crate::plan::record_row!(FiguresRecord, |r| r.written.clone());

/// What importing a sheet of figures would do.
pub type Plan = crate::plan::Plan<FiguresRecord>;

/// Whether a sheet laid out as `layout` is a table of indicators: an indicator column with a
/// plan or an achievement beside it.
pub fn is_figures_sheet(layout: &Layout) -> bool {
    layout.column("indicator").is_some()
        && (layout.column("value").is_some() || layout.column("target").is_some())
}

/// The catalogue's indicator a sheet's words name: its code, its name in either language, or the
/// words provinces use; "Số ..." and "Tổng số ..." before them aside.
pub fn indicator_named(written: &str) -> Option<Indicator> {
    let bare = |text: &str| {
        let folded = fold(text);
        let folded = folded.trim_start_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
        let folded = folded.strip_prefix("tong so ").unwrap_or(folded);
        folded.strip_prefix("so ").unwrap_or(folded).trim().to_owned()
    };
    let key = bare(written);
    if key.is_empty() {
        return None;
    }
    if let Some(indicator) = Indicator::parse(written.trim()) {
        return Some(indicator);
    }
    let by_label = Indicator::ALL.iter().copied().find(|i| {
        [Lang::Vi, Lang::En]
            .iter()
            .any(|lang| bare(i.label(*lang)) == key)
    });
    by_label.or_else(|| {
        WORDS
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(','))
            .find(|(_, words)| bare(words) == key)
            .and_then(|(code, _)| Indicator::parse(code.trim()))
    })
}

/// The place a sheet reports on: a province its title names ("UBND TỈNH BẮC KẠN"), a former one
/// when the figures are of a year before the 2025 change, else the import's 2025 province; with
/// its name.
async fn place_of(
    cx: &Context,
    title: &str,
    province: &str,
    year: Option<i32>,
) -> StoreResult<(ReportPlace, String)> {
    let current = admin_units::province(&cx.db, Era::Y2025, province)
        .await?
        .ok_or(StoreError::NotFound)?;
    let named = |name: &str| title.contains(&fold(name));
    if year.is_some_and(|y| y < 2025) {
        let former = admin_units::provinces(&cx.db, Era::Y2008).await?;
        if let Some(old) = former
            .into_iter()
            .filter(|p| p.successor_code.as_deref() == Some(province))
            .find(|p| named(&p.name))
        {
            let place = ReportPlace::Province {
                era: Era::Y2008,
                code: old.code,
            };
            return Ok((place, old.name));
        }
    }
    Ok((ReportPlace::province(province), current.name))
}

/// A province the title names that is neither the import's 2025 province nor one of the former
/// provinces it was formed from ("UBND TỈNH CAO BẰNG" on a file imported for Thái Nguyên): its name.
async fn foreign_province(cx: &Context, title: &str, province: &str) -> StoreResult<Option<String>> {
    let mut all = admin_units::provinces(&cx.db, Era::Y2025).await?;
    all.extend(admin_units::provinces(&cx.db, Era::Y2008).await?);
    let ours = |p: &admin_units::Province| {
        p.code == province && p.era == Era::Y2025.as_str() || p.successor_code.as_deref() == Some(province)
    };
    let named = |p: &admin_units::Province| title.contains(&fold(&p.name));
    // A province named that is also ours by another era's list (Thái Nguyên of 2008 and of 2025).
    let our_names: Vec<String> = all.iter().filter(|p| ours(p)).map(|p| fold(&p.name)).collect();
    Ok(all
        .iter()
        .filter(|p| !ours(p) && !our_names.contains(&fold(&p.name)))
        .find(|p| named(p))
        .map(|p| p.name.clone()))
}

/// The sheet's title rows as one folded text.
fn title_of(sheet: &Sheet, layout: &Layout) -> String {
    sheet
        .rows
        .iter()
        .zip(&layout.rows)
        .filter(|(_, kind)| **kind == RowKind::Title)
        .flat_map(|(row, _)| row.iter().map(Cell::as_text))
        .map(|text| fold(&text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The document a sheet's figures come from, when the row does not say: the title's line that
/// names it ("Kèm theo Báo cáo số 152/BC-LMHTX ngày 20/12/2024 ..."), else its heading line.
fn document_of(sheet: &Sheet, layout: &Layout) -> String {
    let lines: Vec<String> = sheet
        .rows
        .iter()
        .zip(&layout.rows)
        .filter(|(_, kind)| **kind == RowKind::Title)
        .flat_map(|(row, _)| row.iter().map(Cell::as_text))
        .map(|text| {
            text.trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .trim()
                .to_owned()
        })
        .filter(|text| !text.is_empty())
        .collect();
    let names_document = |text: &&String| {
        let folded = fold(text);
        folded.contains("bao cao so") || folded.starts_with("kem theo")
    };
    let line = lines
        .iter()
        .find(names_document)
        .or_else(|| lines.iter().find(|l| fold(l).contains(" nam ")))
        .cloned()
        .unwrap_or_else(|| sheet.name.clone());
    // "Kèm theo" (attached to) is the table's, not the document's name.
    match fold(&line).starts_with("kem theo ") {
        true => line.chars().skip("kèm theo ".chars().count()).collect(),
        false => line,
    }
}

/// The period a sheet's figures are for, from its title and its value column's heading (folded):
/// the first six months ("6 tháng đầu năm 2024", "sơ kết 6 tháng năm 2024"), the last six ("6 tháng
/// cuối năm"), a quarter ("quý III năm 2024"), the first nine months ("9 tháng đầu năm"), else the
/// year.
fn period_of(text: &str, year: i32) -> Option<Period> {
    let has = |words: &str| text.contains(words);
    if has("6 thang cuoi nam") {
        return Period::half(year, 2);
    }
    if has("6 thang dau nam") || has("6 thang nam") || has("sau thang dau nam") {
        return Period::half(year, 1);
    }
    if has("9 thang dau nam") || has("9 thang nam") {
        let start = chrono::NaiveDate::from_ymd_opt(year, 1, 1)?;
        let end = chrono::NaiveDate::from_ymd_opt(year, 9, 30)?;
        return Period::days(start, end);
    }
    let quarters = [
        ("iv", 4),
        ("iii", 3),
        ("ii", 2),
        ("i", 1),
        ("4", 4),
        ("3", 3),
        ("2", 2),
        ("1", 1),
    ];
    if let Some((_, quarter)) = quarters
        .iter()
        .find(|(numeral, _)| has(&format!("quy {numeral} nam")) || has(&format!("quy {numeral}/")))
    {
        return Period::quarter(year, *quarter);
    }
    Period::year(year)
}

/// The years written in a sheet's title and in its headings, when they disagree: (title's, headings').
fn years_disagree(title: &str, layout: &Layout) -> Option<(i32, i32)> {
    let year_in = |text: &str| {
        let words: Vec<&str> = text.split(' ').collect();
        words.windows(2).find_map(|pair| {
            (pair[0] == "nam" && pair[1].len() == 4)
                .then(|| pair[1].parse::<i32>().ok())
                .flatten()
        })
    };
    let in_title = year_in(title)?;
    let in_headings = layout.columns.iter().find_map(|c| year_in(&fold(&c.heading)))?;
    (in_title != in_headings).then_some((in_title, in_headings))
}

/// The entry form's period: a code, or the first and last day of a run of days.
fn period_input(period: Option<&Period>) -> PeriodInput {
    match period {
        Some(p) if p.kind == PeriodKind::Days => PeriodInput {
            from: Some(p.start.to_string()),
            to: Some(p.end.to_string()),
            ..PeriodInput::default()
        },
        other => PeriodInput {
            period: other.map(Period::code),
            ..PeriodInput::default()
        },
    }
}

/// Reads the sheet's indicator rows, without saving anything. `province`: the import's 2025
/// province; `progress` hears (rows checked, rows in all).
pub async fn plan(
    cx: &Context,
    sheet: &Sheet,
    layout: &Layout,
    province: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> StoreResult<Plan> {
    let total = layout.records().len();
    let year = crate::organisations::year_of(sheet, layout);
    let title = title_of(sheet, layout);
    let (place, place_name) = place_of(cx, &title, province, year).await?;
    // The value column's heading may say the period the title leaves out ("Thực hiện 6 tháng đầu
    // năm 2024").
    let value_heading = layout
        .column("value")
        .map(|c| fold(&c.heading))
        .unwrap_or_default();
    let period = year.and_then(|y| period_of(&format!("{title} {value_heading}"), y));
    let disagree = years_disagree(&title, layout);
    let foreign = foreign_province(cx, &title, province).await?;
    let document = document_of(sheet, layout);
    let (held_entries, held_targets) = match (&period, year) {
        (Some(period), Some(year)) => (
            entries::entered_rows(&cx.db, &place, period).await?,
            entries::target_rows(&cx.db, &place, year).await?,
        ),
        _ => (HashMap::new(), HashMap::new()),
    };
    let mut seen: HashMap<Indicator, usize> = HashMap::new();
    let mut records = Vec::new();
    for (index, _) in layout.records() {
        let mut reader = RowReader {
            row: &sheet.rows[index],
            number: index + 1,
            layout,
            notes: Vec::new(),
            problems: Vec::new(),
        };
        let written = reader.text("indicator").unwrap_or_default();
        let indicator = indicator_named(&written);
        match indicator {
            None if written.is_empty() => reader.problem("indicator", "required", Vec::new()),
            None => reader.problem(
                "indicator",
                "unknown_indicator_named",
                vec![("value", written.clone())],
            ),
            Some(found) if !found.may_be_entered() => {
                reader.problem("indicator", "indicator_derived", vec![("value", written.clone())]);
            }
            Some(found) => {
                if let Some(first) = seen.insert(found, reader.number) {
                    seen.insert(found, first);
                    reader.problem("indicator", "duplicate_in_file", vec![("row", first.to_string())]);
                }
            }
        }
        if year.is_none() {
            reader.problem("indicator", "figures_without_year", Vec::new());
        }
        if let Some((in_title, in_headings)) = disagree {
            let args = vec![
                ("title", in_title.to_string()),
                ("headings", in_headings.to_string()),
            ];
            reader.problem("indicator", "years_disagree", args);
        }
        if let Some(named) = &foreign {
            reader.problem(
                "indicator",
                "figures_of_another_province",
                vec![("value", named.clone())],
            );
        }
        // The figures are read as the indicator counts them: of an unknown one, not at all.
        let money = indicator.is_some_and(|i| i.is_money());
        let (value, planned) = match indicator {
            Some(_) => {
                let unit = reader.unit(money);
                (
                    reader.figure("value", money, unit),
                    reader.figure("target", money, unit),
                )
            }
            None => (None, None),
        };
        if indicator.is_some()
            && value.is_none()
            && planned.is_none()
            && !reader.has_problem("value")
            && !reader.has_problem("target")
        {
            let field = if layout.column("value").is_some() {
                "value"
            } else {
                "target"
            };
            reader.problem(field, "required", Vec::new());
        }
        let source = reader.text("source").unwrap_or_else(|| document.clone());
        let code = indicator.map(|i| i.as_str().to_owned()).unwrap_or_default();
        let entry = value.map(|v| EntryInput {
            indicator: code.clone(),
            place: place.code(),
            period: period_input(period.as_ref()),
            value: Some(v.to_string()),
            source: source.clone(),
        });
        let target = planned.map(|t| TargetInput {
            indicator: code.clone(),
            place: place.code(),
            year: year.map(|y| y.to_string()),
            target: Some(t.to_string()),
            note: Some(source.clone()),
        });
        let mut outcome = Outcome::Rejected;
        if let (Some(found), true) = (indicator, reader.problems.is_empty()) {
            // Checked as the entry forms check them, with the place and the officer's right to
            // keep its plans; nothing is written.
            let mut errors = Vec::new();
            if let Some(input) = &entry {
                errors.extend(refusals(entries::check_entry(cx, input).await)?);
            }
            if let Some(input) = &target {
                errors.extend(refusals(entries::check_target(cx, input).await)?);
            }
            // The value and the target share their place and indicator: one problem each.
            let mut told = Vec::new();
            for error in errors {
                let field = match error.field.as_str() {
                    "value" | "target" | "source" | "indicator" => error.field,
                    _ => "place".to_owned(),
                };
                if !told.contains(&(field.clone(), error.code)) {
                    told.push((field.clone(), error.code));
                    reader.problem(&field, error.code, error.params);
                }
            }
            let mut changes = Vec::new();
            let mut held_id = None;
            if let Some(v) = &value {
                let there = held_entries.get(&found);
                held_id = held_id.or(there.map(|r| r.id));
                if there.is_none_or(|r| r.value != *v) {
                    changes.push(change("value", there.map(|r| r.value), *v));
                }
            }
            if let Some(t) = &planned {
                let there = held_targets.get(&found);
                held_id = held_id.or(there.map(|r| r.id));
                if there.is_none_or(|r| r.target != *t) {
                    changes.push(change("target", there.map(|r| r.target), *t));
                }
            }
            outcome = match (held_id, changes.is_empty()) {
                (None, _) => Outcome::New,
                (Some(id), true) => Outcome::Unchanged { id },
                (Some(id), false) => Outcome::Changed { id, changes },
            };
        }
        let problems = reader.problems;
        records.push(FiguresRecord {
            row: reader.number,
            written: format!(
                "{written} ({place_name}, {})",
                period.as_ref().map(Period::code).unwrap_or_default()
            ),
            indicator,
            entry,
            target,
            outcome: if problems.is_empty() {
                outcome
            } else {
                Outcome::Rejected
            },
            notes: reader.notes,
            problems,
        });
        progress(records.len(), total);
    }
    Ok(Plan {
        sheet: sheet.name.clone(),
        year,
        columns: layout.columns.clone(),
        records,
    })
}

/// A figure's change as the preview states it (amounts as people write them).
fn change(field: &str, before: Option<i64>, after: i64) -> FieldChange {
    let amount = |v: i64| serde_json::Value::String(v.to_string());
    FieldChange {
        field: field.to_owned(),
        before: before.map(amount).unwrap_or(serde_json::Value::Null),
        after: amount(after),
    }
}

/// The fields a check refused; a store failure stays an error.
fn refusals<T>(checked: StoreResult<T>) -> StoreResult<Vec<FieldError>> {
    match checked {
        Ok(_) => Ok(Vec::new()),
        Err(StoreError::Validation(errors)) | Err(StoreError::Conflict(errors)) => Ok(errors.0),
        Err(StoreError::Forbidden) | Err(StoreError::NotFound) => Ok(vec![FieldError {
            field: "place".to_owned(),
            code: "outside_scope",
            params: Vec::new(),
        }]),
        Err(other) => Err(other),
    }
}

impl RowReader<'_> {
    /// The unit the row's amounts are written in: its unit column ("triệu đồng"), else the
    /// amount columns' headings. A unit of money on a count is the row's problem.
    fn unit(&mut self, money: bool) -> Option<Unit> {
        let written = self.text("unit")?;
        let unit = Unit::of_heading(&written);
        let names_money = unit != Unit::Dong || fold(&written).contains("dong");
        if names_money && !money {
            self.problem("unit", "unit_of_money_on_count", vec![("value", written)]);
        }
        Some(unit)
    }

    /// A figure of the row: an amount in đồng for an indicator of money (scaled by the row's
    /// unit, else its column's), else a count.
    fn figure(&mut self, field: &str, money: bool, unit: Option<Unit>) -> Option<i64> {
        let (column_unit, cell) = self.cell(field)?;
        let read = if money {
            values::amount(&cell, unit.unwrap_or(column_unit))
        } else {
            values::count(&cell)
        };
        match read {
            Ok(value) => value,
            Err(Problem { code, args }) => {
                self.problem(field, code, args);
                None
            }
        }
    }
}

/// Saves a plan of figures in one transaction: each row's value and target, on the audit trail
/// under the importer's name and listed under one import record; all or nothing as
/// [`crate::organisations::save`].
pub async fn save(
    cx: &Context,
    plan: &Plan,
    saving: &Saving<'_>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Saved, SaveError> {
    let counts = plan.counts();
    crate::plan::check_refused(counts, saving.valid_rows_only)?;
    // Checked against the registry as it stands before the transaction, as a form is.
    let mut writes = Vec::new();
    for record in &plan.records {
        if !matches!(record.outcome, Outcome::New | Outcome::Changed { .. }) {
            continue;
        }
        let at_row = |error| SaveError::Row {
            row: record.row,
            error,
        };
        let entry = match &record.entry {
            Some(input) => Some(entries::check_entry(cx, input).await.map_err(at_row)?),
            None => None,
        };
        let target = match &record.target {
            Some(input) => Some(entries::check_target(cx, input).await.map_err(at_row)?),
            None => None,
        };
        writes.push((record, entry, target));
    }
    let total = writes.len();
    let of = ImportOf::new(plan, "report_figures", saving);
    let (mut tx, import_id) = crate::plan::open(cx, &of, total).await?;
    let (mut created, mut changed) = (0, 0);
    for (done, (record, entry, target)) in writes.into_iter().enumerate() {
        let at_row = |error| SaveError::Row {
            row: record.row,
            error,
        };
        // A row's value and target are written where they are new or changed, not where the
        // registry holds them as the row gives them.
        let (action, writes_value, writes_target) = match &record.outcome {
            Outcome::Changed { changes, .. } => {
                let changed = |field: &str| changes.iter().any(|c| c.field == field);
                ("update", changed("value"), changed("target"))
            }
            _ => ("create", true, true),
        };
        let entry = entry.filter(|_| writes_value);
        let target = target.filter(|_| writes_target);
        if let Some(checked) = &entry {
            let id = entries::save_entry_in(&mut tx, cx, checked)
                .await
                .map_err(at_row)?;
            let written = Imported {
                entity: "report_entry",
                entity_id: id,
                organisation_id: None,
            };
            crate::plan::record_written(&mut tx, import_id, record.row, written, action).await?;
        }
        if let Some(checked) = &target {
            let id = entries::save_target_in(&mut tx, cx, checked)
                .await
                .map_err(at_row)?;
            let written = Imported {
                entity: "report_target",
                entity_id: id,
                organisation_id: None,
            };
            crate::plan::record_written(&mut tx, import_id, record.row, written, action).await?;
        }
        match record.outcome {
            Outcome::New => created += 1,
            _ => changed += 1,
        }
        progress(done + 1, total);
    }
    crate::plan::finish(cx, tx, import_id, created, changed, counts).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_are_known_by_their_names_codes_and_the_words_provinces_use() {
        hoptac_core::i18n::install(&[hoptac_reports::TRANSLATIONS]);
        assert_eq!(
            indicator_named("Hợp tác xã đang hoạt động"),
            Some(Indicator::HtxActive)
        );
        assert_eq!(
            indicator_named("Số hợp tác xã đang hoạt động"),
            Some(Indicator::HtxActive)
        );
        assert_eq!(
            indicator_named("- Số HTX thành lập mới"),
            Some(Indicator::HtxFounded)
        );
        assert_eq!(indicator_named("htx_members"), Some(Indicator::HtxMembers));
        assert_eq!(indicator_named("Tổng doanh thu"), Some(Indicator::Revenue));
        assert_eq!(indicator_named("SỐ TỔ HỢP TÁC"), Some(Indicator::ThtActive));
        assert_eq!(indicator_named("Tỷ lệ HTX hoạt động hiệu quả"), None);
        assert_eq!(indicator_named(""), None);
    }

    #[test]
    fn periods_as_titles_and_headings_write_them() {
        let code = |text: &str| period_of(text, 2024).map(|p| p.code());
        assert_eq!(code("so ket 6 thang nam 2024"), Some("2024-H1".into()));
        assert_eq!(code("thuc hien 6 thang cuoi nam 2024"), Some("2024-H2".into()));
        assert_eq!(code("bao cao quy iii nam 2024"), Some("2024-Q3".into()));
        assert_eq!(code("bao cao quy i nam 2024"), Some("2024-Q1".into()));
        let nine = period_of("ket qua 9 thang dau nam 2024", 2024).expect("nine months");
        assert_eq!(
            (nine.kind, nine.end.to_string()),
            (PeriodKind::Days, "2024-09-30".to_owned())
        );
    }

    #[test]
    fn the_first_six_months_are_a_half_and_anything_else_the_year() {
        assert_eq!(
            period_of("bao cao 6 thang dau nam 2024", 2024).map(|p| p.code()),
            Some("2024-H1".into())
        );
        assert_eq!(
            period_of("ket qua nam 2024", 2024).map(|p| p.code()),
            Some("2024".into())
        );
    }
}
