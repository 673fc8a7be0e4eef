//! The pages of linkage contracts: the list a person's organisations are party to, the form of a
//! new contract and of new terms (rows of products and of deliveries due; blank rows are left
//! out), and a contract's page with its terms, versions, signatures, states, deliveries and
//! fulfilment, and the forms its parties act with.

use super::tr;
use super::view;
use crate::domain::contracts::{
    ContractKind, ContractState, DeliveryInput, DueInput, LineInput, Terms, TermsInput,
};
use crate::domain::{Unit, UnitPrice};
use crate::store::contracts::{self, ContractDetail, ContractInput, StateInput};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hoptac_core::access::Permission;
use hoptac_core::numbers::{format_date, format_int};
use hoptac_core::{FieldErrors, StoreError};
use hoptac_web::confirm::ConfirmedForm;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::{HtmlForm, Path, Query};
use hoptac_web::routes::{blank, render, render_refused, Refusal};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::AppState;
use serde::Deserialize;

/// How many product rows and delivery rows a terms form offers beyond those filled.
const SPARE_LINES: usize = 3;
const SPARE_DUES: usize = 6;

/// A contract's form as a browser sends it: each column of the rows repeated, row by row.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ContractForm {
    kind: String,
    name: String,
    contract_number: Option<String>,
    buyer_id: Option<String>,
    demand_id: Option<String>,
    starts_on: String,
    ends_on: String,
    line_seller_id: Vec<String>,
    line_product: Vec<String>,
    line_quantity: Vec<String>,
    line_unit: Vec<String>,
    line_price: Vec<String>,
    due_line: Vec<String>,
    due_on: Vec<String>,
    due_quantity: Vec<String>,
    price_terms: Option<String>,
    change_note: Option<String>,
    version: Option<i64>,
}

fn nth(column: &[String], i: usize) -> String {
    column.get(i).cloned().unwrap_or_default()
}

impl ContractForm {
    fn terms(&self) -> TermsInput {
        let lines = (0..self.line_product.len().max(self.line_seller_id.len()))
            .map(|i| LineInput {
                seller_id: Some(nth(&self.line_seller_id, i)),
                product: nth(&self.line_product, i),
                quantity: Some(nth(&self.line_quantity, i)),
                unit: nth(&self.line_unit, i),
                price: Some(nth(&self.line_price, i)),
            })
            .collect();
        let schedule = (0..self.due_on.len().max(self.due_line.len()))
            .map(|i| DueInput {
                line: Some(nth(&self.due_line, i)),
                due_on: nth(&self.due_on, i),
                quantity: Some(nth(&self.due_quantity, i)),
            })
            .collect();
        TermsInput {
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            lines,
            schedule,
            price_terms: self.price_terms.clone(),
            change_note: self.change_note.clone(),
        }
    }

    fn contract(&self) -> ContractInput {
        ContractInput {
            kind: self.kind.clone(),
            name: self.name.clone(),
            contract_number: self.contract_number.clone(),
            buyer_id: self.buyer_id.clone(),
            demand_id: self.demand_id.clone(),
            terms: self.terms(),
        }
    }

    /// The form showing `terms` again, as they were saved.
    fn of_terms(terms: &TermsInput) -> ContractForm {
        let column = |f: &dyn Fn(&LineInput) -> String| terms.lines.iter().map(f).collect::<Vec<_>>();
        let dues = |f: &dyn Fn(&DueInput) -> String| terms.schedule.iter().map(f).collect::<Vec<_>>();
        ContractForm {
            starts_on: terms.starts_on.clone(),
            ends_on: terms.ends_on.clone(),
            line_seller_id: column(&|l| l.seller_id.clone().unwrap_or_default()),
            line_product: column(&|l| l.product.clone()),
            line_quantity: column(&|l| l.quantity.clone().unwrap_or_default()),
            line_unit: column(&|l| l.unit.clone()),
            line_price: column(&|l| l.price.clone().unwrap_or_default()),
            due_line: dues(&|d| d.line.clone().unwrap_or_default()),
            due_on: dues(&|d| d.due_on.clone()),
            due_quantity: dues(&|d| d.quantity.clone().unwrap_or_default()),
            price_terms: terms.price_terms.clone(),
            ..ContractForm::default()
        }
    }
}

/// An organisation's id as its field shows it: "Name (#id)", the form's suggestion; anything
/// else (a name typed, nothing) as it is.
async fn shown_organisation(state: &AppState, value: &str) -> String {
    match value.trim().parse::<i64>() {
        Ok(id) => match hoptac_registry::store::organisations::get(state.db(), id).await {
            Ok(org) => format!("{} (#{id})", org.name),
            Err(_) => value.to_owned(),
        },
        Err(_) => value.to_owned(),
    }
}

/// The form with the organisations it names shown by name.
async fn named(state: &AppState, mut form: ContractForm) -> ContractForm {
    if let Some(buyer) = form.buyer_id.as_deref() {
        form.buyer_id = Some(shown_organisation(state, buyer).await);
    }
    let mut sellers = Vec::new();
    for seller in &form.line_seller_id {
        sellers.push(shown_organisation(state, seller).await);
    }
    form.line_seller_id = sellers;
    form
}

/// A row of products as the form shows it, with its errors.
struct LineRow {
    seller_id: String,
    product: String,
    quantity: String,
    unit: String,
    price: String,
    errors: Vec<String>,
}

struct DueRow {
    line: String,
    due_on: String,
    quantity: String,
    errors: Vec<String>,
}

/// The messages of the errors of row `i` of `list`.
fn row_errors(errors: &FieldErrors, list: &str, i: usize, lang: hoptac_core::Lang) -> Vec<String> {
    let prefix = format!("{list}[{i}].");
    errors
        .iter()
        .filter(|e| e.field.starts_with(&prefix))
        .map(|e| hoptac_core::i18n::error_message(e, lang))
        .collect()
}

#[derive(Template)]
#[template(path = "market_contract_form.html")]
struct ContractFormPage {
    t: Tr,
    chrome: Chrome,
    title_text: &'static str,
    action: String,
    cancel: String,
    form: ContractForm,
    is_new: bool,
    lines: Vec<LineRow>,
    dues: Vec<DueRow>,
    errors: FormErrors,
    kinds: Vec<(&'static str, &'static str)>,
    units: Vec<(&'static str, &'static str)>,
}

impl ContractFormPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

fn contract_form(
    ctx: &Ctx,
    id: Option<i64>,
    form: ContractForm,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    // Rows are numbered as the store names them: blank rows left out.
    let typed_lines: Vec<usize> = (0..form.line_product.len().max(form.line_seller_id.len()))
        .filter(|i| {
            ![
                &form.line_seller_id,
                &form.line_product,
                &form.line_quantity,
                &form.line_price,
            ]
            .iter()
            .all(|c| nth(c, *i).trim().is_empty())
        })
        .collect();
    let mut lines: Vec<LineRow> = typed_lines
        .iter()
        .enumerate()
        .map(|(n, &i)| LineRow {
            seller_id: nth(&form.line_seller_id, i),
            product: nth(&form.line_product, i),
            quantity: nth(&form.line_quantity, i),
            unit: nth(&form.line_unit, i),
            price: nth(&form.line_price, i),
            errors: row_errors(&errors, "lines", n, lang),
        })
        .collect();
    lines.extend((0..SPARE_LINES).map(|_| LineRow {
        seller_id: String::new(),
        product: String::new(),
        quantity: String::new(),
        unit: Unit::Kg.as_str().to_owned(),
        price: String::new(),
        errors: Vec::new(),
    }));
    let typed_dues: Vec<usize> = (0..form.due_on.len().max(form.due_line.len()))
        .filter(|i| {
            ![&form.due_line, &form.due_on, &form.due_quantity]
                .iter()
                .all(|c| nth(c, *i).trim().is_empty())
        })
        .collect();
    let mut dues: Vec<DueRow> = typed_dues
        .iter()
        .enumerate()
        .map(|(n, &i)| DueRow {
            line: nth(&form.due_line, i),
            due_on: nth(&form.due_on, i),
            quantity: nth(&form.due_quantity, i),
            errors: row_errors(&errors, "schedule", n, lang),
        })
        .collect();
    dues.extend((0..SPARE_DUES).map(|_| DueRow {
        line: String::new(),
        due_on: String::new(),
        quantity: String::new(),
        errors: Vec::new(),
    }));
    let (title_text, action, cancel) = match id {
        Some(id) => (
            t.s("market-new_terms"),
            format!("/market/contracts/{id}/terms"),
            format!("/market/contracts/{id}"),
        ),
        None => (
            t.s("market-new_contract"),
            "/market/contracts".to_owned(),
            "/market/contracts".to_owned(),
        ),
    };
    let refused = !errors.is_empty();
    let page = ContractFormPage {
        t,
        chrome: Chrome::new(ctx),
        title_text,
        action,
        cancel,
        is_new: id.is_none(),
        lines,
        dues,
        errors: FormErrors::new(lang, errors),
        kinds: hoptac_web::ui::options(ContractKind::ALL, ContractKind::as_str, |k| k.label(lang)),
        units: view::unit_options(t),
        form,
    };
    hoptac_web::routes::render_form(refused, page)
}

/// What a new contract's form may start from: the demand it answers, and the listing of the
/// cooperative chosen among its matches.
#[derive(Debug, Default, Deserialize)]
pub struct NewContractQuery {
    demand_id: Option<String>,
    listing_id: Option<String>,
    buyer_id: Option<String>,
}

pub async fn new_contract(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewContractQuery>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let mut form = ContractForm {
        kind: ContractKind::Contract.as_str().to_owned(),
        buyer_id: blank(&q.buyer_id).map(str::to_owned),
        ..ContractForm::default()
    };
    let today = state.clock().today();
    let listing = match blank(&q.listing_id).and_then(|l| l.parse::<i64>().ok()) {
        Some(id) => Some(
            crate::store::listings::visible(state.db(), &ctx.actor(), id, today)
                .await
                .or_page(ctx.lang)?,
        ),
        None => None,
    };
    // From a demand: its buyer, product, quantity and period, to complete.
    let demand = match blank(&q.demand_id).and_then(|d| d.parse::<i64>().ok()) {
        Some(id) => Some(
            crate::store::demands::get(state.db(), &ctx.actor(), id)
                .await
                .or_page(ctx.lang)?,
        ),
        None => None,
    };
    if let Some(demand) = &demand {
        form.demand_id = Some(demand.id.to_string());
        form.buyer_id = Some(demand.buyer_id.to_string());
        form.name = demand.product.clone();
        form.starts_on = demand.starts_on.to_string();
        form.ends_on = demand.ends_on.to_string();
        form.line_product = vec![demand.product.clone()];
        form.line_quantity = vec![demand.quantity.to_string()];
        form.line_unit = vec![demand.unit.as_str().to_owned()];
        form.line_seller_id = vec![String::new()];
        form.line_price = vec![demand.price_ceiling.map(|p| p.to_string()).unwrap_or_default()];
    }
    // From a listing (one of the demand's matches, or a conversation about it): that
    // cooperative's product at its asking price, the demand's quantity said in the listing's unit.
    if let Some(listing) = &listing {
        let (quantity, unit) = match &demand {
            Some(demand) => {
                let wanted = demand.unit.to_base(demand.quantity);
                let per = listing.unit.measure().1;
                if demand.unit.compares_with(listing.unit) && wanted % per == 0 {
                    ((wanted / per).to_string(), listing.unit)
                } else {
                    (demand.quantity.to_string(), demand.unit)
                }
            }
            None => (String::new(), listing.unit),
        };
        if demand.is_none() {
            form.name = listing.product_name.clone();
        }
        form.line_seller_id = vec![listing.organisation_id.to_string()];
        form.line_product = vec![listing.product_name.clone()];
        form.line_quantity = vec![quantity];
        form.line_unit = vec![unit.as_str().to_owned()];
        form.line_price = vec![if unit == listing.unit {
            listing.price_min.to_string()
        } else {
            String::new()
        }];
    }
    let form = named(&state, form).await;
    contract_form(&ctx, None, form, FieldErrors::new())
}

pub async fn create_contract(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(form): HtmlForm<ContractForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match contracts::create(&state.context(&actor), &form.contract())
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/market/contracts/{id}")).into_response()),
        Err(errors) => contract_form(&ctx, None, form, errors),
    }
}

pub async fn edit_terms(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let detail = contracts::detail(state.db(), &ctx.actor(), id)
        .await
        .or_page(ctx.lang)?;
    let mut form = detail
        .latest()
        .map(|v| ContractForm::of_terms(&v.terms.to_input()))
        .unwrap_or_default();
    form.version = Some(detail.contract.version);
    let form = named(&state, form).await;
    contract_form(&ctx, Some(id), form, FieldErrors::new())
}

pub async fn revise_terms(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(form): HtmlForm<ContractForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match contracts::revise(&state.context(&actor), id, &form.terms(), form.version).await {
        Ok(_) => Ok(Redirect::to(&format!("/market/contracts/{id}")).into_response()),
        Err(StoreError::Validation(errors) | StoreError::Conflict(errors)) => {
            contract_form(&ctx, Some(id), form, errors)
        }
        Err(StoreError::Stale { .. }) => {
            let errors = FieldErrors::single("version", "stale_contract");
            contract_form(
                &ctx,
                Some(id),
                ContractForm {
                    version: None,
                    ..form
                },
                errors,
            )
        }
        Err(other) => Err(PageError::from_store(other, ctx.lang)),
    }
}

// ----- the list -----

struct ContractRow {
    id: i64,
    title: String,
    number: String,
    kind: &'static str,
    buyer_name: String,
    period: String,
    value: String,
    state: &'static str,
}

#[derive(Template)]
#[template(path = "market_contracts.html")]
struct ContractsPage {
    t: Tr,
    chrome: Chrome,
    rows: Vec<ContractRow>,
}

/// The contracts of the organisations the person keeps, the newest first.
pub async fn contracts_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    ctx.page_user()?;
    let lang = ctx.lang;
    let t = tr(lang);
    let found = contracts::list(state.db(), &ctx.access).await.or_page(lang)?;
    let rows = found
        .into_iter()
        .map(|c| ContractRow {
            id: c.id,
            title: c.title,
            number: c.number.unwrap_or_default(),
            kind: c.kind.label(lang),
            buyer_name: c.buyer_name,
            period: t.f(
                "market-period",
                &[
                    ("from", &format_date(c.starts_on)),
                    ("to", &format_date(c.ends_on)),
                ],
            ),
            value: view::dong(t, c.value),
            state: c.state.label(lang),
        })
        .collect();
    render(ContractsPage {
        t,
        chrome: Chrome::new(&ctx),
        rows,
    })
}

// ----- one contract -----

struct TermsLine {
    n: usize,
    seller: String,
    product: String,
    quantity: String,
    price: String,
    value: String,
    delivered: Option<String>,
    percent: Option<u32>,
}

struct VersionRow {
    number: i64,
    by: String,
    at: String,
    note: String,
    lines: Vec<String>,
    signed: bool,
}

#[derive(Template)]
#[template(path = "market_contract.html")]
struct ContractPage {
    t: Tr,
    chrome: Chrome,
    detail: ContractDetail,
    kind: &'static str,
    state: &'static str,
    period: String,
    value: String,
    lines: Vec<TermsLine>,
    schedule: Vec<(String, usize, String)>,
    price_terms: Option<String>,
    versions: Vec<VersionRow>,
    signatures: Vec<String>,
    /// The parties this person may still sign for: (id, name).
    may_sign: Vec<(i64, String)>,
    unsigned: Vec<String>,
    /// The latest version is the one every party signed.
    fully_signed: bool,
    moves: Vec<(&'static str, &'static str)>,
    /// A draft the person may put to the parties, with its own button.
    propose: bool,
    takes_terms: bool,
    history: Vec<String>,
    deliveries: Vec<(String, String, String, String, String)>,
    fulfilment: Option<(u32, Option<u32>, String)>,
    may_deliver: bool,
    delivery: DeliveryInput,
    errors: FormErrors,
}

fn quantity_of(t: Tr, n: i64, unit: Unit) -> String {
    view::quantity(t, n, unit)
}

fn terms_lines(
    t: Tr,
    terms: &Terms,
    names: &dyn Fn(i64) -> String,
    detail: &ContractDetail,
) -> Vec<TermsLine> {
    terms
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let done = detail.fulfilment.as_ref().and_then(|f| f.lines.get(i));
            TermsLine {
                n: i + 1,
                seller: names(l.seller_id),
                product: l.product.clone(),
                quantity: quantity_of(t, l.quantity, l.unit),
                price: view::price(
                    t,
                    UnitPrice {
                        amount: l.price,
                        unit: l.unit,
                    },
                ),
                value: view::dong(t, l.value()),
                delivered: done.map(|d| quantity_of(t, d.delivered, l.unit)),
                percent: done.map(|d| d.percent),
            }
        })
        .collect()
}

async fn contract_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    delivery: DeliveryInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = tr(lang);
    let actor = ctx.actor();
    let detail = contracts::detail(state.db(), &actor, id).await.or_page(lang)?;
    let names = |id: i64| {
        detail
            .parties
            .iter()
            .find(|p| p.organisation_id == id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let places = hoptac_core::gate::places_of(
        state.db(),
        &detail
            .parties
            .iter()
            .map(|p| p.organisation_id)
            .collect::<Vec<_>>(),
    )
    .await
    .or_page(lang)?;
    let trades_for = |id: i64| {
        ctx.user.is_some()
            && places
                .get(&id)
                .is_some_and(|p| ctx.access.allows(Permission::Trade, p))
    };
    let may_write = detail.parties.iter().any(|p| trades_for(p.organisation_id));
    let c = &detail.contract;
    let shown = detail.signed().or(detail.latest());
    let lines = shown
        .map(|v| terms_lines(t, &v.terms, &names, &detail))
        .unwrap_or_default();
    let schedule = shown
        .map(|v| {
            v.terms
                .schedule
                .iter()
                .map(|d| {
                    let unit = v.terms.lines[d.line - 1].unit;
                    (format_date(d.due_on), d.line, quantity_of(t, d.quantity, unit))
                })
                .collect()
        })
        .unwrap_or_default();
    let signed_ids: Vec<i64> = detail.signatures.iter().map(|s| s.organisation_id).collect();
    let may_sign = if c.state == ContractState::Proposed {
        detail
            .parties
            .iter()
            .filter(|p| !signed_ids.contains(&p.organisation_id) && trades_for(p.organisation_id))
            .map(|p| (p.organisation_id, p.name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let unsigned = detail
        .parties
        .iter()
        .filter(|p| !signed_ids.contains(&p.organisation_id))
        .map(|p| p.name.clone())
        .collect();
    let signatures = detail
        .signatures
        .iter()
        .map(|s| {
            t.f(
                "market-signed_by",
                &[
                    ("party", &s.organisation_name),
                    ("person", &s.signed_by_name),
                    ("at", &hoptac_core::numbers::format_moment(s.signed_at)),
                ],
            )
        })
        .collect();
    let versions = detail
        .versions
        .iter()
        .map(|v| VersionRow {
            number: v.number,
            by: v.created_by_name.clone(),
            at: hoptac_core::numbers::format_moment(v.created_at),
            note: v.note.clone().unwrap_or_default(),
            lines: v
                .terms
                .lines
                .iter()
                .map(|l| {
                    format!(
                        "{}: {} {}, {}",
                        names(l.seller_id),
                        l.product,
                        quantity_of(t, l.quantity, l.unit),
                        view::price(
                            t,
                            UnitPrice {
                                amount: l.price,
                                unit: l.unit
                            }
                        )
                    )
                })
                .collect(),
            signed: c.signed_version == Some(v.number),
        })
        .collect();
    let history = detail
        .states
        .iter()
        .map(|s| {
            let mut line = t.f(
                "market-state_change",
                &[
                    ("state", &s.state.label(lang)),
                    ("person", &s.changed_by_name),
                    ("at", &hoptac_core::numbers::format_moment(s.changed_at)),
                ],
            );
            if let Some(reason) = &s.reason {
                line.push_str(": ");
                line.push_str(reason);
            }
            line
        })
        .collect();
    let units: Vec<Unit> = shown
        .map(|v| v.terms.lines.iter().map(|l| l.unit).collect())
        .unwrap_or_default();
    let deliveries = detail
        .deliveries
        .iter()
        .map(|d| {
            let unit = units
                .get((d.line - 1).max(0) as usize)
                .copied()
                .unwrap_or(Unit::Kg);
            (
                format_date(d.delivered_on),
                d.line.to_string(),
                quantity_of(t, d.quantity, unit),
                view::dong(t, d.value),
                d.note.clone().unwrap_or_default(),
            )
        })
        .collect();
    let fulfilment = detail.fulfilment.as_ref().map(|f| {
        (
            f.percent_by_value,
            f.percent_by_quantity,
            t.f(
                "market-delivered_value",
                &[
                    ("delivered", &format_int(f.value_delivered)),
                    ("agreed", &format_int(f.value_agreed)),
                ],
            ),
        )
    });
    let moves = if may_write {
        c.state
            .next()
            .iter()
            .filter(|s| **s != ContractState::InForce || state.clock().today() >= c.starts_on)
            .map(|s| (s.as_str(), s.label(lang)))
            .collect()
    } else {
        Vec::new()
    };
    let (status, errors, _) = refusal.into_parts();
    let page = ContractPage {
        t,
        chrome: Chrome::new(ctx),
        kind: c.kind.label(lang),
        state: c.state.label(lang),
        // The terms shown: those signed, once they are.
        period: shown
            .map(|v| {
                t.f(
                    "market-period",
                    &[
                        ("from", &format_date(v.terms.starts_on)),
                        ("to", &format_date(v.terms.ends_on)),
                    ],
                )
            })
            .unwrap_or_default(),
        value: t.f(
            "market-dong",
            &[(
                "amount",
                &format_int(shown.map(|v| v.terms.value()).unwrap_or(c.value)),
            )],
        ),
        propose: may_write && c.state == ContractState::Draft,
        price_terms: shown.and_then(|v| v.terms.price_terms.clone()),
        lines,
        schedule,
        versions,
        signatures,
        may_sign,
        unsigned,
        fully_signed: c.signed_version == Some(c.latest_version),
        moves,
        takes_terms: may_write && c.state.takes_new_terms(),
        may_deliver: may_write && c.state == ContractState::InForce,
        history,
        deliveries,
        fulfilment,
        delivery,
        errors: FormErrors::new(lang, errors),
        detail,
    };
    render_refused(status, page)
}

pub async fn contract(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    contract_page(&state, &ctx, id, DeliveryInput::default(), Refusal::None).await
}

/// The answer to one of a contract's forms: back to its page, or the page with the reasons.
async fn after(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    done: Result<(), StoreError>,
    delivery: DeliveryInput,
) -> Result<Response, PageError> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/market/contracts/{id}")).into_response()),
        Err(StoreError::Validation(errors) | StoreError::Conflict(errors)) => {
            contract_page(state, ctx, id, delivery, Refusal::Errors(errors)).await
        }
        Err(StoreError::Stale { .. }) => {
            let errors = FieldErrors::single("version", "stale_contract");
            contract_page(state, ctx, id, delivery, Refusal::Errors(errors)).await
        }
        Err(other) => Err(PageError::from_store(other, ctx.lang)),
    }
}

/// A move to another state, from the contract's page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StateForm {
    state: String,
    reason: Option<String>,
    version: Option<i64>,
}

pub async fn change_state(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(form): HtmlForm<StateForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let input = StateInput {
        state: form.state,
        reason: form.reason,
    };
    let done = contracts::change_state(&state.context(&actor), id, &input, form.version).await;
    after(&state, &ctx, id, done, DeliveryInput::default()).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignForm {
    organisation_id: Option<String>,
    version: Option<i64>,
}

/// Signs for one party, once the person confirmed it (a signature is not taken back).
pub async fn sign(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ConfirmedForm(form): ConfirmedForm<SignForm>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let organisation_id = blank(&form.organisation_id)
        .and_then(|o| o.parse::<i64>().ok())
        .unwrap_or(0);
    let done = contracts::sign(&state.context(&actor), id, organisation_id, form.version)
        .await
        .map(|_| ());
    after(&state, &ctx, id, done, DeliveryInput::default()).await
}

pub async fn deliver(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<DeliveryInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let done = contracts::deliver(&state.context(&actor), id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, done, input).await
}

/// The contracts waiting for the signature of an organisation the person keeps, on their home page.
pub fn home_section<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
) -> hoptac_core::BoxFuture<'a, Result<Option<String>, PageError>> {
    Box::pin(async move {
        if ctx.user.is_none() {
            return Ok(None);
        }
        let lang = ctx.lang;
        let t = tr(lang);
        let own = super::pages::own_organisations(ctx);
        if own.is_empty() {
            return Ok(None);
        }
        let items: Vec<(String, String)> = contracts::awaiting_signature(state.db(), &own)
            .await
            .or_page(lang)?
            .into_iter()
            .map(|(id, name, party)| {
                (
                    t.f(
                        "market-awaiting_signature",
                        &[("contract", &name), ("party", &party)],
                    ),
                    format!("/market/contracts/{id}#signatures"),
                )
            })
            .collect();
        hoptac_web::routes::home::work_section(lang, "work-market", t.s("market-home_work"), &items)
    })
}
