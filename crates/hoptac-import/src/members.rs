//! What importing a sheet of members would do. A cooperative's member list names the cooperative
//! in its title ("Hợp tác xã: Hợp tác xã Chăn nuôi An Khang"); a list of many cooperatives' members
//! names it on each row (a "Tên HTX" or "Mã số thuế" column). Each row is read into a member (the
//! birth year from the man's or the woman's column, which gives the member's sex), checked by the
//! same rules as the member form against its organisation, matched against the members the
//! registry holds (by identity number, then by name and year of birth) and against the rows above
//! it, and found new, changed, unchanged or rejected.

use crate::layout::Layout;
use crate::plan::{or_held, CellNote, ImportOf, Outcome, RowReader, SaveError, Saved, Saving};
use crate::values::{self, DateRead};
use crate::workbook::Sheet;
use hoptac_core::access::Permission;
use hoptac_core::audit;
use hoptac_core::gate;
use hoptac_core::text::fold;
use hoptac_core::{Context, StoreResult};
use hoptac_registry::domain::members::{Gender, MemberContext, MemberFields, MemberInput, MemberKind};
use hoptac_registry::store::members;
use std::collections::HashMap;

/// One member's row as it would be imported.
#[derive(Debug, Clone)]
pub struct MemberRecord {
    pub row: usize,
    /// The organisation the member belongs to (its id and name), when the registry has it.
    pub organisation: Option<(i64, String)>,
    pub input: MemberInput,
    pub notes: Vec<CellNote>,
    pub problems: Vec<CellNote>,
    pub outcome: Outcome,
}

// A member is named with their organisation: a list of several cooperatives' members reads so.
crate::plan::record_row!(MemberRecord, |r| match &r.organisation {
    Some((_, organisation)) => format!("{} ({organisation})", r.input.full_name),
    None => r.input.full_name.clone(),
});

/// What importing a sheet of members would do.
pub type Plan = crate::plan::Plan<MemberRecord>;

/// Whether a sheet laid out as `layout` lists members: its headings name a person's full name.
pub fn is_members_sheet(layout: &Layout) -> bool {
    layout.column("full_name").is_some()
}

/// The organisation a sheet's title names: "Hợp tác xã: X", "HTX: X", "Tổ hợp tác: X", "Đơn vị: X",
/// "Tên HTX: X" in a title row.
pub fn named_in_title(sheet: &Sheet, layout: &Layout) -> Option<String> {
    const NAMING: [&str; 8] = [
        "hop tac xa",
        "htx",
        "to hop tac",
        "tht",
        "lien hiep hop tac xa",
        "don vi",
        "ten htx",
        "ten hop tac xa",
    ];
    sheet
        .rows
        .iter()
        .zip(&layout.rows)
        .filter(|(_, kind)| **kind == crate::layout::RowKind::Title)
        .flat_map(|(row, _)| row.iter())
        .find_map(|cell| {
            let text = cell.as_text();
            let (before, after) = text.split_once(':')?;
            let named = after.split_whitespace().collect::<Vec<_>>().join(" ");
            (NAMING.contains(&fold(before).as_str()) && !named.is_empty()).then_some(named)
        })
}

/// What the member validation needs of an organisation, and whether the importer may edit its
/// members, read once per organisation.
struct OrganisationFacts {
    context: MemberContext,
    within_reach: bool,
}

/// Reads the sheet's member rows, without saving anything. `province`: the 2025 province whose
/// organisations the members belong to; `progress` hears (rows checked, rows in all).
pub async fn plan(
    cx: &Context,
    sheet: &Sheet,
    layout: &Layout,
    province: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> StoreResult<Plan> {
    let total = layout.records().len();
    let organisations = crate::named::Organisations::load(cx, province).await?;
    let of_sheet = named_in_title(sheet, layout).map(|name| organisations.find(&name));
    // The organisations the rows name, and their members, in a few queries for all of them.
    let mut named: Vec<i64> = layout
        .records()
        .iter()
        .filter_map(|(index, _)| {
            let mut reader = RowReader {
                row: &sheet.rows[*index],
                number: index + 1,
                layout,
                notes: Vec::new(),
                problems: Vec::new(),
            };
            reader
                .belongs_to(&organisations, of_sheet.as_ref())
                .map(|(id, _)| id)
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    let facts = organisation_facts(cx, &named).await?;
    let held: HashMap<i64, HeldMembers> = members::list_many(&cx.db, &cx.actor, &named)
        .await?
        .into_iter()
        .map(|(id, list)| (id, HeldMembers::of(list)))
        .collect();
    let no_members = HeldMembers::of(Vec::new());
    let mut seen: HashMap<(i64, String), usize> = HashMap::new();
    // The registry's member each row is, by the first row that names them.
    let mut rows_of: HashMap<i64, usize> = HashMap::new();
    let mut records = Vec::new();
    for (index, _) in layout.records() {
        let mut reader = RowReader {
            row: &sheet.rows[index],
            number: index + 1,
            layout,
            notes: Vec::new(),
            problems: Vec::new(),
        };
        let input = reader.member();
        let member_record = reader.record_id("member_record_id");
        let organisation = reader.belongs_to(&organisations, of_sheet.as_ref());
        let mut record = MemberRecord {
            row: reader.number,
            organisation: organisation.clone(),
            input,
            notes: Vec::new(),
            problems: Vec::new(),
            outcome: Outcome::Rejected,
        };
        if let Some((org_id, _)) = &organisation {
            let org_id = *org_id;
            // Found among the province's organisations moments ago.
            let of = facts.get(&org_id).ok_or(hoptac_core::StoreError::NotFound)?;
            if !of.within_reach {
                let args = vec![("value", organisation.clone().unwrap_or_default().1)];
                reader.problem("organisation", "outside_scope", args);
            }
            // The same person twice in one organisation's list: the first row stands.
            let key = match member_record {
                Some(id) => Some(format!("#{id}")),
                None => identity(&record.input),
            };
            if let Some(key) = key {
                if let Some(first) = seen.insert((org_id, key.clone()), reader.number) {
                    seen.insert((org_id, key), first);
                    let column = identifying_column(member_record, &record.input);
                    reader.problem(column, "duplicate_in_file", vec![("row", first.to_string())]);
                }
            }
            if reader.problems.is_empty() {
                let held = held.get(&org_id).unwrap_or(&no_members);
                record.outcome = match member_record {
                    Some(id) => match held.by_number(id) {
                        Some(there) => compare(&mut record.input, there),
                        None => {
                            // Not this organisation's member (or not this registry's number):
                            // said, and the row matched by who the member is.
                            reader.note("member_record_id", "not_a_member_here", id.to_string());
                            outcome(&mut record.input, held)
                        }
                    },
                    None => outcome(&mut record.input, held),
                };
                // One member named twice by different keys (their number, their identity number).
                if let Outcome::Changed { id, .. } | Outcome::Unchanged { id } = record.outcome {
                    match rows_of.get(&id) {
                        Some(first) => {
                            let args = vec![("row", first.to_string())];
                            let column = identifying_column(member_record, &record.input);
                            reader.problem(column, "duplicate_in_file", args);
                        }
                        None => {
                            rows_of.insert(id, reader.number);
                        }
                    }
                }
                // The member as it would be saved, by the form's rules. A row the registry already
                // holds as written changes nothing: a rule it breaks (a charter capital lowered after
                // the member contributed) is told, not refused.
                if let Err(errors) = record.input.validate(of.context, cx.today) {
                    let unchanged = matches!(record.outcome, Outcome::Unchanged { .. });
                    for e in errors.iter() {
                        let field = column_of(&e.field, &record.input, layout);
                        if unchanged {
                            reader.notes.push(crate::plan::CellNote::at(
                                layout,
                                reader.number,
                                field,
                                e.code,
                                e.params.clone(),
                            ));
                        } else {
                            reader.problem(field, e.code, e.params.clone());
                        }
                    }
                }
            }
        }
        record.notes = reader.notes;
        record.problems = reader.problems;
        if !record.problems.is_empty() {
            record.outcome = Outcome::Rejected;
        }
        records.push(record);
        progress(records.len(), total);
    }
    Ok(Plan {
        sheet: sheet.name.clone(),
        year: None,
        columns: layout.columns.clone(),
        records,
    })
}

/// The column a member's field was read from: a year of birth (and the sex it gives) from the
/// men's or the women's column, or from a column of birth dates.
fn column_of<'f>(field: &'f str, input: &MemberInput, layout: &Layout) -> &'f str {
    match field {
        "birth_year" | "gender" if layout.column("birth_year_male").is_some() => {
            if input.gender.as_deref() == Some(Gender::Female.as_str()) {
                "birth_year_female"
            } else {
                "birth_year_male"
            }
        }
        "birth_year" => "birth_date",
        "kind" => "member_kind",
        other => other,
    }
}

/// What the rows of the organisations `ids` are checked against, by organisation.
async fn organisation_facts(cx: &Context, ids: &[i64]) -> StoreResult<HashMap<i64, OrganisationFacts>> {
    let places = gate::places_of(&cx.db, ids).await?;
    let organisations = hoptac_registry::store::organisations::get_many(&cx.db, ids).await?;
    Ok(organisations
        .into_iter()
        .map(|(id, org)| {
            let within_reach = places
                .get(&id)
                .is_some_and(|place| gate::check(&cx.actor, Permission::EditMembers, place).is_ok());
            let facts = OrganisationFacts {
                context: members::member_context(&org),
                within_reach,
            };
            (id, facts)
        })
        .collect())
}

/// Who a member is, to know them again: their identity number, else their name and year of birth.
/// The column that names who a row's member is, where a second row for them is said: the
/// member's record number, else their identity number, else their name.
fn identifying_column(member_record: Option<i64>, input: &MemberInput) -> &'static str {
    if member_record.is_some() {
        "member_record_id"
    } else if input.id_number.is_some() {
        "id_number"
    } else {
        "full_name"
    }
}

fn identity(input: &MemberInput) -> Option<String> {
    if let Some(number) = &input.id_number {
        return Some(number.clone());
    }
    (!input.full_name.is_empty()).then(|| {
        format!(
            "{}|{}",
            fold(&input.full_name),
            input.birth_year.as_deref().unwrap_or_default()
        )
    })
}

/// An organisation's members as the registry holds them, found by their number and by who they
/// are ([`identity`]) without going through the list: a cooperative may have thousands.
struct HeldMembers {
    members: Vec<members::Member>,
    by_number: HashMap<i64, usize>,
    /// The first member in the list's order of each identity.
    by_identity: HashMap<String, usize>,
}

impl HeldMembers {
    fn of(members: Vec<members::Member>) -> HeldMembers {
        let by_number = members.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        let mut by_identity = HashMap::new();
        for (i, member) in members.iter().enumerate() {
            if let Some(key) = identity(&member.to_input()) {
                by_identity.entry(key).or_insert(i);
            }
        }
        HeldMembers {
            members,
            by_number,
            by_identity,
        }
    }

    fn by_number(&self, id: i64) -> Option<&members::Member> {
        self.by_number.get(&id).map(|i| &self.members[*i])
    }
}

/// New, changed or unchanged: the row against the organisation's members. A field the sheet
/// leaves empty keeps what the registry holds.
fn outcome(input: &mut MemberInput, held: &HeldMembers) -> Outcome {
    let there = identity(input).and_then(|key| held.by_identity.get(&key));
    match there {
        Some(i) => compare(input, &held.members[*i]),
        None => Outcome::New,
    }
}

/// Changed or unchanged: the row against the member it is.
fn compare(input: &mut MemberInput, there: &members::Member) -> Outcome {
    let before = there.to_input();
    let merged = MemberInput {
        kind: input.kind.clone(),
        full_name: input.full_name.clone(),
        id_number: or_held(&input.id_number, &before.id_number),
        birth_date: or_held(&input.birth_date, &before.birth_date),
        birth_year: or_held(&input.birth_year, &before.birth_year),
        gender: or_held(&input.gender, &before.gender),
        phone: or_held(&input.phone, &before.phone),
        address: or_held(&input.address, &before.address),
        membership: input.membership.clone(),
        joined_on: input.joined_on.clone(),
        left_on: or_held(&input.left_on, &before.left_on),
        capital_contribution: or_held(&input.capital_contribution, &before.capital_contribution),
        version: Some(there.version),
        original: None,
    };
    // The version and the form's original are not serialised: the snapshots hold the fields only.
    let changes = audit::diff(
        audit::snapshot(&before).as_ref(),
        audit::snapshot(&merged).as_ref(),
    );
    *input = merged;
    if changes.is_empty() {
        Outcome::Unchanged { id: there.id }
    } else {
        Outcome::Changed {
            id: there.id,
            changes,
        }
    }
}

impl RowReader<'_> {
    /// The row as a member, as the member form would take it.
    fn member(&mut self) -> MemberInput {
        let full_name = self.text("full_name").unwrap_or_default();
        if full_name.is_empty() {
            self.problem("full_name", "required", Vec::new());
        }
        let kind = self
            .read("member_kind", |c, _| {
                values::choice(c, MemberKind::ALL, MemberKind::as_str, MemberKind::label)
            })
            .unwrap_or_else(|| kind_of_name(&full_name));
        let male = self.read("birth_year_male", |c, _| values::birth_year(c));
        let female = self.read("birth_year_female", |c, _| values::birth_year(c));
        let (mut birth_year, gender) = match (male, female) {
            (Some(_), Some(_)) => {
                self.problem("birth_year_female", "both_sexes", Vec::new());
                (None, None)
            }
            (Some(year), None) => (Some(year), Some(Gender::Male)),
            (None, Some(year)) => (Some(year), Some(Gender::Female)),
            (None, None) => (None, None),
        };
        let birth_date = match self.read("birth_date", |c, _| values::date(c)) {
            Some(DateRead::Day(day)) => Some(day.to_string()),
            Some(DateRead::Year(year)) => {
                birth_year = Some(year);
                None
            }
            None => None,
        };
        let id_number = self.read("id_number", |c, _| values::id_number(c)).map(|read| {
            if read.zero_restored {
                self.note("id_number", "id_number_zero_restored", read.digits.clone());
            }
            read.digits
        });
        let joined_on = match self.read("joined_on", |c, _| values::date(c)) {
            Some(DateRead::Day(day)) => day.to_string(),
            Some(DateRead::Year(year)) => {
                self.note("joined_on", "joined_year_only", year.to_string());
                format!("{year}-01-01")
            }
            None => String::new(),
        };
        let membership = self
            .read("membership", |c, _| values::membership(c))
            .map(|m| m.as_str().to_owned())
            .unwrap_or_else(|| "official".to_owned());
        MemberInput {
            kind: kind.as_str().to_owned(),
            full_name,
            id_number,
            birth_date,
            birth_year: birth_year.map(|y| y.to_string()),
            gender: gender
                .filter(|_| kind == MemberKind::Person)
                .map(|g| g.as_str().to_owned()),
            phone: self.text("phone"),
            address: self.text("address"),
            membership,
            joined_on,
            left_on: self
                .read("left_on", |c, _| values::date(c))
                .and_then(|read| match read {
                    DateRead::Day(day) => Some(day.to_string()),
                    DateRead::Year(year) => {
                        self.problem("left_on", "invalid_date", vec![("value", year.to_string())]);
                        None
                    }
                }),
            capital_contribution: self
                .read("capital_contribution", values::amount)
                .map(|a| a.to_string()),
            version: None,
            original: None,
        }
    }
}

/// What a member's name says they are: a household ("Hộ ông..."), a cooperative group, a legal
/// entity (a cooperative, a company), else a person.
fn kind_of_name(name: &str) -> MemberKind {
    let folded = fold(name);
    let starts = |prefix: &str| folded.starts_with(prefix);
    if starts("ho ") {
        MemberKind::Household
    } else if starts("to hop tac") || starts("tht ") {
        MemberKind::CoopGroup
    } else if starts("hop tac xa") || starts("htx ") || starts("cong ty") || starts("doanh nghiep") {
        MemberKind::LegalEntity
    } else {
        MemberKind::Person
    }
}

/// Saves a plan of members in one transaction, each write on the audit trail under the importer's
/// name and listed under one import record; all or nothing as [`crate::organisations::save`].
pub async fn save(
    cx: &Context,
    plan: &Plan,
    saving: &Saving<'_>,
    mut progress: impl FnMut(usize, usize),
) -> Result<Saved, SaveError> {
    let counts = plan.counts();
    crate::plan::check_refused(counts, saving.valid_rows_only)?;
    // Checked against the registry as it stands before the transaction, as a form is.
    let writes: Vec<(&MemberRecord, i64)> = plan
        .records
        .iter()
        .filter_map(|record| match (&record.organisation, &record.outcome) {
            (Some((org_id, _)), Outcome::New | Outcome::Changed { .. }) => Some((record, *org_id)),
            _ => None,
        })
        .collect();
    let inputs: Vec<(i64, &MemberInput)> = writes
        .iter()
        .map(|(record, org_id)| (*org_id, &record.input))
        .collect();
    let at_row = |index: usize, error| SaveError::Row {
        row: writes[index].0.row,
        error,
    };
    let fields = members::prepare_many(cx, &inputs)
        .await
        .map_err(|(index, error)| at_row(index, error))?;
    let total = writes.len();
    let of = ImportOf::new(plan, "members", saving);
    let (mut tx, import_id) = crate::plan::open(cx, &of, total).await?;
    // The new members in a few statements for all of them, then the changed ones one by one.
    let (new, edits): (Vec<_>, Vec<_>) = writes
        .iter()
        .zip(&fields)
        .enumerate()
        .partition(|(_, ((record, _), _))| !matches!(record.outcome, Outcome::Changed { .. }));
    let batch: Vec<(i64, &MemberFields)> = new
        .iter()
        .map(|(_, ((_, org_id), fields))| (*org_id, *fields))
        .collect();
    let first_new = new.first().map_or(0, |(index, _)| *index);
    let ids = members::insert_many_in(&mut tx, cx, &batch)
        .await
        .map_err(|e| at_row(first_new, e.into()))?;
    let mut listed: Vec<(usize, crate::plan::Imported, &'static str)> = Vec::new();
    for ((_, ((record, org_id), _)), id) in new.iter().zip(&ids) {
        listed.push((record.row, crate::plan::Imported::member(*id, *org_id), "create"));
    }
    let created = listed.len();
    progress(created, total);
    for (index, ((record, org_id), fields)) in edits {
        let Outcome::Changed { id, .. } = record.outcome else {
            unreachable!("the new members are written above")
        };
        members::update_in(&mut tx, cx, id, fields, record.input.version)
            .await
            .map_err(|error| at_row(index, error))?;
        listed.push((record.row, crate::plan::Imported::member(id, *org_id), "update"));
        progress(listed.len(), total);
    }
    let changed = listed.len() - created;
    crate::plan::records_written(&mut tx, import_id, &listed).await?;
    crate::plan::finish(cx, tx, import_id, created, changed, counts).await
}
