//! What importing a province's list of OCOP products would do. Provinces keep the products their
//! People's Committee recognised as one list: the product, its subject, its group, the stars, the
//! decision that recognised it (number and date) and the day its certificate expires; a product
//! recognised again or upgraded is listed once per decision. Each row is read into a product of
//! its subject and one certificate of its history, checked by the product form's rules and against
//! the importer's reach (those who run the programme at the subject's place record certificates),
//! matched against the products and certificates the registry holds and the rows above it, and
//! found new (the product with its certificate), changed (a product the registry has, given a
//! certificate), unchanged or rejected. A certificate is never changed by an import: one that
//! differs from the registry's for the same decision is refused.

use crate::layout::Layout;
use crate::named::Organisations;
use crate::plan::{CellNote, ImportOf, Imported, Outcome, RowReader, SaveError, Saved, Saving};
use crate::values::{self, DateRead};
use crate::workbook::Sheet;
use chrono::NaiveDate;
use hoptac_core::access::Permission;
use hoptac_core::audit::FieldChange;
use hoptac_core::gate;
use hoptac_core::numbers::format_date;
use hoptac_core::text::fold;
use hoptac_core::{Context, StoreResult};
use hoptac_ocop::domain::certificate::{self, expires_on, VALIDITY_MONTHS};
use hoptac_ocop::domain::inputs::ProductInput;
use hoptac_ocop::domain::ProductGroup;
use hoptac_ocop::store::certificates::{self, EarlierCertificate};
use hoptac_ocop::store::products;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// One row of a list of OCOP products: a product and one certificate of its history.
#[derive(Debug, Clone)]
pub struct OcopRecord {
    pub row: usize,
    /// The subject (its id and name), when the registry has it.
    pub organisation: Option<(i64, String)>,
    /// The product as registering it would take it.
    pub product: ProductInput,
    /// The registry's product the row is of; none for a product the registry does not have yet.
    pub product_id: Option<i64>,
    pub certificate: Option<EarlierCertificate>,
    pub notes: Vec<CellNote>,
    pub problems: Vec<CellNote>,
    pub outcome: Outcome,
}

// A product is named with its subject: two subjects may make a "Mật ong".
crate::plan::record_row!(OcopRecord, |r| match &r.organisation {
    Some((_, subject)) => format!("{} ({subject})", r.product.name),
    None => r.product.name.clone(),
});

/// What importing a list of OCOP products would do.
pub type Plan = crate::plan::Plan<OcopRecord>;

/// Whether a sheet laid out as `layout` lists OCOP products: its headings name a product.
pub fn is_ocop_sheet(layout: &Layout) -> bool {
    layout.column("product_name").is_some()
}

/// A product as the registry and the file are matched by: its subject and its name, folded.
type ProductKey = (i64, String);

fn product_key(organisation_id: i64, name: &str) -> ProductKey {
    (organisation_id, fold(name))
}

/// How a product's certificate is known again: the decision that issued it, by its number folded
/// and without spaces ("123/QĐ-UBND" and "123 / QĐ-UBND" are one). A decision has one day: the
/// same number on another day is the same decision mistyped, not another certificate.
fn decision_key(number: &str) -> String {
    fold(number).replace(' ', "")
}

/// The certificate as a change of its product records it (and [`crate::plan::describe_changes`]
/// states it: "4 sao, Quyết định 123/QĐ-UBND ngày 12/05/2023, đến 12/05/2026").
fn certificate_change(c: &EarlierCertificate) -> serde_json::Value {
    serde_json::json!({
        "stars": c.stars,
        "decision_number": c.decision_number,
        "decision_date": c.decision_date,
        "expires_on": c.expires_on,
    })
}

/// Reads the sheet's product rows, without saving anything. `province`: the 2025 province whose
/// subjects the products belong to; `progress` hears (rows checked, rows in all).
pub async fn plan(
    cx: &Context,
    sheet: &Sheet,
    layout: &Layout,
    province: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> StoreResult<Plan> {
    let total = layout.records().len();
    let organisations = Organisations::load(cx, province).await?;
    let of_sheet = crate::members::named_in_title(sheet, layout).map(|name| organisations.find(&name));
    let held_products: HashMap<ProductKey, i64> = products::of_province(&cx.db, province)
        .await?
        .into_iter()
        .map(|(id, subject, name)| (product_key(subject, &name), id))
        .collect();
    let mut held_certificates: HashMap<i64, Vec<certificates::Certificate>> = HashMap::new();
    let mut held_numbers: HashMap<String, i64> = HashMap::new();
    for c in certificates::of_province(&cx.db, province, cx.today).await? {
        held_numbers.insert(fold(&c.number), c.product_id);
        held_certificates.entry(c.product_id).or_default().push(c);
    }
    let mut within_reach: HashMap<i64, bool> = HashMap::new();
    let mut seen: HashMap<(ProductKey, String), usize> = HashMap::new();
    let mut seen_numbers: HashMap<String, usize> = HashMap::new();
    let mut records = Vec::new();
    for (index, _) in layout.records() {
        let mut reader = RowReader {
            row: &sheet.rows[index],
            number: index + 1,
            layout,
            notes: Vec::new(),
            problems: Vec::new(),
        };
        let mut product = reader.product();
        let certificate = reader.certificate(cx.today);
        let organisation = reader.belongs_to(&organisations, of_sheet.as_ref());
        let mut product_id = None;
        let mut outcome = Outcome::Rejected;
        if let Some((subject, subject_name)) = &organisation {
            let reach = match within_reach.entry(*subject) {
                Entry::Occupied(known) => *known.get(),
                Entry::Vacant(slot) => *slot.insert(
                    gate::authorize(&cx.db, &cx.actor, Permission::ManageOcop, *subject)
                        .await
                        .is_ok(),
                ),
            };
            if !reach {
                reader.problem("name", "outside_scope", vec![("value", subject_name.clone())]);
            }
            product.organisation_id = Some(subject.to_string());
            let key = product_key(*subject, &product.name);
            product_id = held_products.get(&key).copied();
            if product_id.is_none() {
                // A product the registry does not have is registered by the product form's rules.
                if let Err(errors) = product.validate() {
                    for e in errors.iter() {
                        let field = match e.field.as_str() {
                            "name" => "product_name",
                            "organisation_id" => "name",
                            other => other,
                        };
                        // A cell that did not read is not also said to be missing.
                        if !reader.has_problem(field) {
                            reader.problem(field, e.code, e.params.clone());
                        }
                    }
                }
            }
            if let Some(c) = &certificate {
                let decision = decision_key(&c.decision_number);
                if let Some(first) = seen.insert((key.clone(), decision.clone()), reader.number) {
                    seen.insert((key, decision.clone()), first);
                    let args = vec![("row", first.to_string())];
                    reader.problem("decision_number", "duplicate_in_file", args);
                }
                let there = product_id
                    .and_then(|id| held_certificates.get(&id))
                    .and_then(|held| {
                        held.iter().find(|h| {
                            h.decision_number
                                .as_deref()
                                .is_some_and(|n| decision_key(n) == decision)
                        })
                    });
                outcome = match (there, product_id) {
                    (Some(h), Some(id))
                        if h.stars == i32::from(c.stars)
                            && h.issued_on == c.decision_date
                            && h.expires_on == c.expires_on =>
                    {
                        Outcome::Unchanged { id }
                    }
                    (Some(h), _) => {
                        let args = vec![
                            ("date", format_date(h.issued_on)),
                            ("stars", h.stars.to_string()),
                            ("expires", format_date(h.expires_on)),
                        ];
                        reader.problem("stars", "certificate_differs", args);
                        Outcome::Rejected
                    }
                    (None, found) => {
                        // The number it would be recorded under: its own, else the one made
                        // of its decision and its product (known once the product is).
                        let number = c.number.clone().or_else(|| {
                            found.map(|id| certificate::number_of_earlier(&c.decision_number, id))
                        });
                        if let Some(number) = number {
                            if held_numbers.contains_key(&fold(&number)) {
                                let args = vec![("value", number)];
                                reader.problem("certificate_number", "certificate_number_taken", args);
                            } else if let Some(first) = seen_numbers.get(&fold(&number)) {
                                let args = vec![("row", first.to_string())];
                                reader.problem("certificate_number", "duplicate_in_file", args);
                            } else {
                                seen_numbers.insert(fold(&number), reader.number);
                            }
                        }
                        match found {
                            None => Outcome::New,
                            Some(id) => Outcome::Changed {
                                id,
                                changes: vec![FieldChange {
                                    field: "certificate".into(),
                                    before: serde_json::Value::Null,
                                    after: certificate_change(c),
                                }],
                            },
                        }
                    }
                };
            }
        }
        let problems = reader.problems;
        records.push(OcopRecord {
            row: reader.number,
            organisation,
            product,
            product_id,
            outcome: if problems.is_empty() {
                outcome
            } else {
                Outcome::Rejected
            },
            certificate,
            notes: reader.notes,
            problems,
        });
        progress(records.len(), total);
    }
    Ok(Plan {
        sheet: sheet.name.clone(),
        year: None,
        columns: layout.columns.clone(),
        records,
    })
}

impl RowReader<'_> {
    /// The row's product, as the product form would take it (its subject is found apart).
    fn product(&mut self) -> ProductInput {
        let name = self.text("product_name").unwrap_or_default();
        if name.is_empty() {
            self.problem("product_name", "required", Vec::new());
        }
        let group = self.read("product_group", |c, _| {
            values::choice(c, ProductGroup::ALL, ProductGroup::as_str, ProductGroup::label)
        });
        ProductInput {
            name,
            product_group: group.map(|g| g.as_str().to_owned()).unwrap_or_default(),
            ..ProductInput::default()
        }
    }

    /// The row's certificate: the stars (3 to 5: only they are certified), the decision's number
    /// and day (not after `today`), and the day it expires (36 months after the decision when the
    /// row leaves it empty, and said so).
    fn certificate(&mut self, today: NaiveDate) -> Option<EarlierCertificate> {
        let stars = self.read("stars", |c, _| values::stars(c));
        let stars = self.required("stars", stars);
        if let Some(s @ 1..=2) = stars {
            self.problem("stars", "not_certified_stars", vec![("value", s.to_string())]);
        }
        let number = self.text("decision_number");
        let decision_number = self.required("decision_number", number);
        let day = self.day("decision_date");
        let decision_date = self.required("decision_date", day);
        if decision_date.is_some_and(|d| d > today) {
            self.problem("decision_date", "in_future", Vec::new());
        }
        let written = self.day("expires_on");
        let expires = match (written, decision_date) {
            (Some(day), _) => Some(day),
            (None, Some(issued)) if !self.has_problem("expires_on") && stars.is_some_and(|s| s >= 3) => {
                let day = expires_on(issued, VALIDITY_MONTHS);
                self.note("expires_on", "expiry_computed", format_date(day));
                Some(day)
            }
            (None, _) => None,
        };
        if let (Some(issued), Some(ends)) = (decision_date, expires) {
            if ends <= issued {
                self.problem(
                    "expires_on",
                    "expires_before_decision",
                    vec![("value", format_date(ends))],
                );
            }
        }
        Some(EarlierCertificate {
            number: self.text("certificate_number"),
            stars: stars.filter(|s| *s >= 3)?,
            decision_number: decision_number?,
            decision_date: decision_date?,
            expires_on: expires?,
        })
    }

    /// A day in the field's column; a year alone is not a day.
    fn day(&mut self, field: &str) -> Option<NaiveDate> {
        match self.read(field, |c, _| values::date(c))? {
            DateRead::Day(day) => Some(day),
            DateRead::Year(year) => {
                self.problem(field, "invalid_date", vec![("value", year.to_string())]);
                None
            }
        }
    }
}

/// Saves a plan of OCOP products in one transaction: each product the registry does not have
/// (registered once, however many of its certificates the file lists) and each certificate, on the
/// audit trail under the importer's name and listed under one import record; all or nothing as
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
    let mut registering: HashMap<ProductKey, usize> = HashMap::new();
    for record in &plan.records {
        let (Some((subject, _)), Some(certificate), Outcome::New | Outcome::Changed { .. }) =
            (&record.organisation, &record.certificate, &record.outcome)
        else {
            continue;
        };
        let at_row = |error| SaveError::Row {
            row: record.row,
            error,
        };
        gate::authorize(&cx.db, &cx.actor, Permission::ManageOcop, *subject)
            .await
            .map_err(at_row)?;
        let key = product_key(*subject, &record.product.name);
        let fields = match record.product_id {
            None if !registering.contains_key(&key) => {
                registering.insert(key.clone(), record.row);
                Some(products::check(cx, &record.product).await.map_err(at_row)?)
            }
            _ => None,
        };
        writes.push((record, *subject, key, fields, certificate));
    }
    let total = writes.len();
    let of = ImportOf::new(plan, "ocop_products", saving);
    let (mut tx, import_id) = crate::plan::open(cx, &of, total).await?;
    let (mut created, mut changed) = (0, 0);
    let mut registered: HashMap<ProductKey, i64> = HashMap::new();
    for (done, (record, subject, key, fields, certificate)) in writes.into_iter().enumerate() {
        let at_row = |error| SaveError::Row {
            row: record.row,
            error,
        };
        let product_id = match (record.product_id, fields) {
            (Some(id), _) => id,
            (None, Some(fields)) => {
                let id = products::insert_in(&mut tx, cx, &fields).await.map_err(at_row)?;
                registered.insert(key, id);
                let written = Imported {
                    entity: "ocop_product",
                    entity_id: id,
                    organisation_id: Some(subject),
                };
                crate::plan::record_written(&mut tx, import_id, record.row, written, "create").await?;
                id
            }
            // A later certificate of a product an earlier row registers.
            (None, None) => *registered.get(&key).ok_or(SaveError::Row {
                row: record.row,
                error: hoptac_core::StoreError::NotFound,
            })?,
        };
        let id =
            certificates::record_earlier_in(&mut tx, &cx.actor, cx.now, product_id, subject, certificate)
                .await
                .map_err(at_row)?;
        let written = Imported {
            entity: "ocop_certificate",
            entity_id: id,
            organisation_id: Some(subject),
        };
        crate::plan::record_written(&mut tx, import_id, record.row, written, "create").await?;
        match record.outcome {
            Outcome::New => created += 1,
            _ => changed += 1,
        }
        progress(done + 1, total);
    }
    crate::plan::finish(cx, tx, import_id, created, changed, counts).await
}
