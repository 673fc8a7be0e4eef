//! Linkage contracts and memoranda (hợp đồng / biên bản ghi nhớ liên kết tiêu thụ): one buyer, one or
//! many cooperatives, the products with quantities and prices, a delivery schedule and the price
//! terms; their states and the moves between them; and fulfilment, what was delivered against what
//! was agreed.
//!
//! Terms are kept as versions that are never edited: each draft or revision is a new version, so the
//! record shows who changed what. A version is signed by every party; the contract then holds those
//! terms, and deliveries are counted against the version signed.

use super::inputs::LONGEST_PERIOD_DAYS;
use super::{positive, required_date, unit, Unit, UnitPrice, MOST_DONG, MOST_QUANTITY};
use chrono::NaiveDate;
use hoptac_core::errors::check;
use hoptac_core::form::amount_text;
use hoptac_core::{vocabulary, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

vocabulary! {
    /// Whether the parties bind themselves (a contract) or record an intent (a memorandum).
    ContractKind {
        /// Hợp đồng liên kết tiêu thụ.
        Contract = "contract";
        /// Biên bản ghi nhớ liên kết tiêu thụ.
        Memorandum = "memorandum";
    }
}

vocabulary! {
    /// Where a contract stands. Each move is dated, by whom, and on the audit trail.
    ContractState {
        /// Being written; its terms may change.
        Draft = "draft";
        /// Sent to the parties to sign; its terms may still change (the signatures then start over).
        Proposed = "proposed";
        /// Every party signed the version in force.
        Signed = "signed";
        /// Deliveries under way.
        InForce = "in_force";
        Completed = "completed";
        /// Ended before its term, with a reason.
        Terminated = "terminated";
    }
}

impl ContractState {
    /// The states a person may move a contract to from this one. Signing is not among them: a
    /// contract becomes signed when its last party signs.
    pub fn next(self) -> &'static [ContractState] {
        use ContractState::*;
        match self {
            Draft => &[Proposed, Terminated],
            Proposed => &[Draft, Terminated],
            Signed => &[InForce, Terminated],
            InForce => &[Completed, Terminated],
            Completed | Terminated => &[],
        }
    }

    /// True while new terms may be written (a draft, a proposal, or an amendment of a signed or
    /// running contract, which goes back to the parties to sign).
    pub fn takes_new_terms(self) -> bool {
        !matches!(self, ContractState::Completed | ContractState::Terminated)
    }

    /// True when a move to this state needs a reason (ending a contract before its term).
    pub fn needs_reason(self) -> bool {
        self == ContractState::Terminated
    }
}

/// One line of a contract's terms as typed: a seller's product, quantity and price.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct LineInput {
    /// The selling cooperative.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub seller_id: Option<String>,
    pub product: String,
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub quantity: Option<String>,
    /// A unit code (`kg`, `tonne`...).
    pub unit: String,
    /// Đồng per `unit`.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub price: Option<String>,
}

impl LineInput {
    fn is_blank(&self) -> bool {
        self.seller_id.as_deref().unwrap_or("").trim().is_empty()
            && self.product.trim().is_empty()
            && self.quantity.as_deref().unwrap_or("").trim().is_empty()
            && self.price.as_deref().unwrap_or("").trim().is_empty()
    }
}

/// One delivery due, as typed: which line (1 for the first), when, how much.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DueInput {
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub line: Option<String>,
    pub due_on: String,
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub quantity: Option<String>,
}

impl DueInput {
    fn is_blank(&self) -> bool {
        self.line.as_deref().unwrap_or("").trim().is_empty()
            && self.due_on.trim().is_empty()
            && self.quantity.as_deref().unwrap_or("").trim().is_empty()
    }
}

/// A version of a contract's terms as typed. Blank lines and blank schedule rows (as a form sends
/// them) are left out.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TermsInput {
    pub starts_on: String,
    pub ends_on: String,
    pub lines: Vec<LineInput>,
    pub schedule: Vec<DueInput>,
    /// How prices are set and paid ("giá cố định cả vụ, thanh toán 30 ngày sau mỗi lần giao").
    pub price_terms: Option<String>,
    /// What this version changes, for the record ("thêm 2 tấn cam tháng 1").
    pub change_note: Option<String>,
}

/// A line of terms that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Line {
    pub seller_id: i64,
    pub product: String,
    pub quantity: i64,
    pub unit: Unit,
    /// Đồng per `unit`.
    pub price: i64,
}

impl Line {
    /// The line's value in đồng.
    pub fn value(&self) -> i64 {
        self.quantity.saturating_mul(self.price)
    }

    /// The product's measure: what may be compared or added with another line's.
    pub fn same_goods(&self, other: &Line) -> bool {
        self.seller_id == other.seller_id && self.product == other.product && self.unit == other.unit
    }
}

/// A delivery due that passed the checks; `line` counts from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Due {
    pub line: usize,
    pub due_on: NaiveDate,
    pub quantity: i64,
}

/// Terms that passed the checks, as a version keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Terms {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub lines: Vec<Line>,
    pub schedule: Vec<Due>,
    pub price_terms: Option<String>,
}

impl Terms {
    /// The selling cooperatives, each once, in the order their lines name them.
    pub fn sellers(&self) -> Vec<i64> {
        let mut sellers: Vec<i64> = Vec::new();
        for line in &self.lines {
            if !sellers.contains(&line.seller_id) {
                sellers.push(line.seller_id);
            }
        }
        sellers
    }

    /// The whole contract's value in đồng.
    pub fn value(&self) -> i64 {
        self.lines
            .iter()
            .fold(0i64, |sum, line| sum.saturating_add(line.value()))
    }

    /// The terms as their form shows them again.
    pub fn to_input(&self) -> TermsInput {
        TermsInput {
            starts_on: self.starts_on.to_string(),
            ends_on: self.ends_on.to_string(),
            lines: self
                .lines
                .iter()
                .map(|l| LineInput {
                    seller_id: Some(l.seller_id.to_string()),
                    product: l.product.clone(),
                    quantity: Some(l.quantity.to_string()),
                    unit: l.unit.as_str().to_owned(),
                    price: Some(l.price.to_string()),
                })
                .collect(),
            schedule: self
                .schedule
                .iter()
                .map(|d| DueInput {
                    line: Some(d.line.to_string()),
                    due_on: d.due_on.to_string(),
                    quantity: Some(d.quantity.to_string()),
                })
                .collect(),
            price_terms: self.price_terms.clone(),
            change_note: None,
        }
    }
}

/// The most lines and schedule rows a version holds.
pub const MOST_LINES: usize = 50;
pub const MOST_DUES: usize = 200;

impl TermsInput {
    /// Checks the terms for a contract whose buyer is `buyer_id`. Fields of lines and schedule rows
    /// are named by their place: `lines[2].quantity` is the third line's (as the form numbers them,
    /// blank rows left out).
    pub fn validate(&self, buyer_id: i64) -> Result<Terms, FieldErrors> {
        let mut errors = FieldErrors::new();
        let starts_on = required_date(&mut errors, "starts_on", &self.starts_on);
        let ends_on = required_date(&mut errors, "ends_on", &self.ends_on);
        if let (Some(start), Some(end)) = (starts_on, ends_on) {
            if end < start {
                errors.add("ends_on", "before_start");
            } else if (end - start).num_days() > LONGEST_PERIOD_DAYS {
                errors.add_with("ends_on", "period_too_long", vec![("years", "5".to_owned())]);
            }
        }
        let typed: Vec<&LineInput> = self.lines.iter().filter(|l| !l.is_blank()).collect();
        if typed.is_empty() {
            errors.add("lines", "required");
        }
        if typed.len() > MOST_LINES {
            errors.add_with("lines", "too_many", vec![("max", MOST_LINES.to_string())]);
        }
        let mut lines = Vec::new();
        for (i, line) in typed.iter().enumerate() {
            let field = |name: &str| format!("lines[{i}].{name}");
            let seller_id = match line.seller_id.as_deref().map(str::trim).unwrap_or("") {
                "" => {
                    errors.add(&field("seller_id"), "required");
                    None
                }
                raw => match raw.parse::<i64>() {
                    Ok(id) if id == buyer_id => {
                        errors.add(&field("seller_id"), "seller_is_buyer");
                        None
                    }
                    Ok(id) if id > 0 => Some(id),
                    _ => {
                        errors.add_with(
                            &field("seller_id"),
                            "unknown_organisation",
                            vec![("value", raw.to_owned())],
                        );
                        None
                    }
                },
            };
            let product = check::required_text(&mut errors, &field("product"), &line.product, 255);
            let quantity = positive(
                &mut errors,
                &field("quantity"),
                line.quantity.as_deref(),
                true,
                MOST_QUANTITY,
            );
            let unit = unit(&mut errors, &field("unit"), &line.unit);
            let price = positive(
                &mut errors,
                &field("price"),
                line.price.as_deref(),
                true,
                MOST_DONG,
            );
            if let (Some(quantity), Some(price)) = (quantity, price) {
                if i128::from(quantity) * i128::from(price) > i128::from(MOST_DONG) {
                    let most = hoptac_core::numbers::format_int(MOST_DONG);
                    errors.add_with(&field("price"), "line_value_above_most", vec![("max", most)]);
                }
            }
            if let (Some(seller_id), Some(quantity), Some(unit), Some(price)) =
                (seller_id, quantity, unit, price)
            {
                lines.push(Line {
                    seller_id,
                    product,
                    quantity,
                    unit,
                    price,
                });
            }
        }
        let dues: Vec<&DueInput> = self.schedule.iter().filter(|d| !d.is_blank()).collect();
        if dues.len() > MOST_DUES {
            errors.add_with("schedule", "too_many", vec![("max", MOST_DUES.to_string())]);
        }
        let mut schedule = Vec::new();
        let mut scheduled = vec![0i64; typed.len()];
        for (i, due) in dues.iter().enumerate() {
            let field = |name: &str| format!("schedule[{i}].{name}");
            let line = match due.line.as_deref().map(str::trim).unwrap_or("").parse::<usize>() {
                Ok(n) if (1..=typed.len()).contains(&n) => Some(n),
                _ => {
                    let value = due.line.clone().unwrap_or_default();
                    errors.add_with(&field("line"), "no_such_line", vec![("value", value)]);
                    None
                }
            };
            let due_on = required_date(&mut errors, &field("due_on"), &due.due_on);
            if let (Some(day), Some(start), Some(end)) = (due_on, starts_on, ends_on) {
                if day < start || day > end {
                    errors.add(&field("due_on"), "outside_period");
                }
            }
            let quantity = positive(
                &mut errors,
                &field("quantity"),
                due.quantity.as_deref(),
                true,
                MOST_QUANTITY,
            );
            if let (Some(line), Some(due_on), Some(quantity)) = (line, due_on, quantity) {
                scheduled[line - 1] += quantity;
                schedule.push(Due {
                    line,
                    due_on,
                    quantity,
                });
            }
        }
        for (i, line) in lines.iter().enumerate() {
            if scheduled.get(i).copied().unwrap_or(0) > line.quantity {
                errors.add_with(
                    &format!("lines[{i}].quantity"),
                    "schedule_exceeds_line",
                    vec![("scheduled", scheduled[i].to_string())],
                );
            }
        }
        schedule.sort_by_key(|d| (d.due_on, d.line));
        let price_terms = check::optional_text(&mut errors, "price_terms", self.price_terms.as_deref(), 2000);
        check::optional_text(&mut errors, "change_note", self.change_note.as_deref(), 500);
        match (starts_on, ends_on) {
            (Some(starts_on), Some(ends_on)) if errors.is_empty() => Ok(Terms {
                starts_on,
                ends_on,
                lines,
                schedule,
                price_terms,
            }),
            _ => Err(errors),
        }
    }
}

impl Terms {
    /// Checks an amendment of these signed terms by `new`, given what was delivered: every line
    /// signed stays, in its place, of the same seller, product and unit (deliveries were made
    /// against it), with at least what was delivered of it; lines may be added after them.
    pub fn check_amendment(&self, new: &Terms, done: &Fulfilment) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        for (i, signed) in self.lines.iter().enumerate() {
            match new.lines.get(i) {
                None => errors.add_with(
                    "lines",
                    "signed_line_dropped",
                    vec![("line", (i + 1).to_string()), ("product", signed.product.clone())],
                ),
                Some(line) if !line.same_goods(signed) => errors.add_with(
                    &format!("lines[{i}].product"),
                    "signed_line_changed",
                    vec![("product", signed.product.clone())],
                ),
                Some(line) => {
                    let delivered = done.lines.get(i).map(|f| f.delivered).unwrap_or(0);
                    if line.quantity < delivered {
                        errors.add_with(
                            &format!("lines[{i}].quantity"),
                            "below_delivered",
                            vec![("delivered", hoptac_core::numbers::format_int(delivered))],
                        );
                    }
                }
            }
        }
        errors.into_result(())
    }
}

/// A delivery made, as fulfilment counts it: against which line, how much (in the line's unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub line: usize,
    pub quantity: i64,
    /// Đồng.
    pub value: i64,
}

/// What was delivered of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct LineFulfilment {
    /// From 1.
    pub line: usize,
    pub agreed: i64,
    pub delivered: i64,
    /// What may still be delivered (never below 0).
    pub remaining: i64,
    /// Delivered of agreed, in whole per cent, at most 100.
    pub percent: u32,
}

/// Fulfilment of a contract's terms: per line, and for the whole by value (đồng) and, when every
/// line is of one measure, by quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Fulfilment {
    pub lines: Vec<LineFulfilment>,
    /// Đồng agreed and delivered.
    pub value_agreed: i64,
    pub value_delivered: i64,
    pub percent_by_value: u32,
    /// `None` when the lines measure different things (kg and boxes).
    pub percent_by_quantity: Option<u32>,
}

fn percent(part: i64, whole: i64) -> u32 {
    if whole <= 0 {
        return 0;
    }
    // Whole per cent, rounded down so that 100 % means all of it.
    ((i128::from(part.min(whole)) * 100) / i128::from(whole)) as u32
}

/// Fulfilment of `terms` by `deliveries`.
pub fn fulfilment(terms: &Terms, deliveries: &[Delivered]) -> Fulfilment {
    let lines: Vec<LineFulfilment> = terms
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let delivered = deliveries
                .iter()
                .filter(|d| d.line == i + 1)
                .fold(0i64, |sum, d| sum.saturating_add(d.quantity));
            LineFulfilment {
                line: i + 1,
                agreed: line.quantity,
                delivered,
                remaining: (line.quantity - delivered).max(0),
                percent: percent(delivered, line.quantity),
            }
        })
        .collect();
    let value_agreed = terms.value();
    let value_delivered = deliveries.iter().fold(0i64, |sum, d| sum.saturating_add(d.value));
    let one_measure = terms
        .lines
        .windows(2)
        .all(|pair| pair[0].unit.compares_with(pair[1].unit));
    let percent_by_quantity = (one_measure && !terms.lines.is_empty()).then(|| {
        let agreed = terms
            .lines
            .iter()
            .fold(0i64, |sum, l| sum.saturating_add(l.unit.to_base(l.quantity)));
        let delivered = lines.iter().zip(&terms.lines).fold(0i64, |sum, (f, l)| {
            sum.saturating_add(l.unit.to_base(f.delivered.min(f.agreed)))
        });
        percent(delivered, agreed)
    });
    Fulfilment {
        lines,
        value_agreed,
        value_delivered,
        percent_by_value: percent(value_delivered, value_agreed),
        percent_by_quantity,
    }
}

/// A delivery as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DeliveryInput {
    /// The line delivered against, from 1.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub line: Option<String>,
    pub delivered_on: String,
    /// In the line's unit.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub quantity: Option<String>,
    /// Đồng; blank for the quantity at the line's price.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub value: Option<String>,
    pub remarks: Option<String>,
}

/// A delivery that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryFields {
    pub line: usize,
    pub delivered_on: NaiveDate,
    pub quantity: i64,
    pub value: i64,
    pub remarks: Option<String>,
}

impl DeliveryInput {
    /// Checks a delivery against the terms in force and what was delivered already: the line
    /// exists, the day is not in the future, and the quantity is not more than what remains of
    /// the line.
    pub fn validate(
        &self,
        terms: &Terms,
        done: &Fulfilment,
        today: NaiveDate,
    ) -> Result<DeliveryFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let line = match self.line.as_deref().map(str::trim).unwrap_or("").parse::<usize>() {
            Ok(n) if (1..=terms.lines.len()).contains(&n) => Some(n),
            _ => {
                let value = self.line.clone().unwrap_or_default();
                errors.add_with("line", "no_such_line", vec![("value", value)]);
                None
            }
        };
        let delivered_on = check::required_past_date(&mut errors, "delivered_on", &self.delivered_on, today);
        if delivered_on.is_some_and(|day| day < terms.starts_on || day > terms.ends_on) {
            errors.add("delivered_on", "outside_period");
        }
        let quantity = positive(
            &mut errors,
            "quantity",
            self.quantity.as_deref(),
            true,
            MOST_QUANTITY,
        );
        if let (Some(line), Some(quantity)) = (line, quantity) {
            let remaining = done.lines.get(line - 1).map(|f| f.remaining).unwrap_or(0);
            if quantity > remaining {
                let remaining = hoptac_core::numbers::format_int(remaining);
                errors.add_with("quantity", "exceeds_remaining", vec![("remaining", remaining)]);
            }
        }
        let value = match self.value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => None,
            Some(raw) => match hoptac_core::money::parse_amount(raw) {
                Some(n) if n > MOST_DONG => {
                    let most = hoptac_core::numbers::format_int(MOST_DONG);
                    errors.add_with("value", "above_most", vec![("max", most)]);
                    None
                }
                Some(n) if n >= 0 => Some(n),
                Some(_) => {
                    errors.add("value", "negative");
                    None
                }
                None => {
                    errors.add("value", "invalid_number");
                    None
                }
            },
        };
        let remarks = check::optional_text(&mut errors, "remarks", self.remarks.as_deref(), 500);
        match (line, delivered_on, quantity) {
            (Some(line), Some(delivered_on), Some(quantity)) if errors.is_empty() => {
                let at_price = UnitPrice {
                    amount: terms.lines[line - 1].price,
                    unit: terms.lines[line - 1].unit,
                };
                Ok(DeliveryFields {
                    line,
                    delivered_on,
                    quantity,
                    value: value.unwrap_or_else(|| quantity.saturating_mul(at_price.amount)),
                    remarks,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn line(seller: &str, product: &str, quantity: &str, unit: &str, price: &str) -> LineInput {
        LineInput {
            seller_id: Some(seller.into()),
            product: product.into(),
            quantity: Some(quantity.into()),
            unit: unit.into(),
            price: Some(price.into()),
        }
    }

    fn due(line: &str, on: &str, quantity: &str) -> DueInput {
        DueInput {
            line: Some(line.into()),
            due_on: on.into(),
            quantity: Some(quantity.into()),
        }
    }

    /// Two cooperatives: 10 tonnes of oranges at 25 million a tonne, 2,000 kg of tea at 200,000 a kg.
    fn terms() -> TermsInput {
        TermsInput {
            starts_on: "2027-01-01".into(),
            ends_on: "2027-06-30".into(),
            lines: vec![
                line("2", "Cam sành", "10", "tonne", "25.000.000"),
                line("3", "Chè búp", "2000", "kg", "200000"),
                LineInput::default(),
            ],
            schedule: vec![
                due("1", "2027-01-15", "6"),
                due("1", "2027-02-15", "4"),
                due("2", "2027-03-01", "2000"),
            ],
            ..TermsInput::default()
        }
    }

    fn codes(errors: FieldErrors) -> Vec<(String, &'static str)> {
        errors.codes()
    }

    #[test]
    fn terms_leave_blank_rows_out_and_know_their_sellers_and_value() {
        let terms = terms().validate(1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(terms.lines.len(), 2);
        assert_eq!(terms.sellers(), vec![2, 3]);
        assert_eq!(terms.value(), 250_000_000 + 400_000_000);
        assert_eq!(terms.schedule[0].due_on, day("2027-01-15"));
    }

    #[test]
    fn terms_name_every_wrong_field_by_its_place() {
        let mut wrong = terms();
        wrong.lines[0].seller_id = Some("1".into());
        wrong.lines[1].quantity = Some("0".into());
        wrong.schedule.push(due("3", "2027-04-01", "1"));
        wrong.schedule.push(due("1", "2027-07-01", "1"));
        wrong.schedule.push(due("2", "2027-04-01", "1"));
        assert_eq!(
            codes(wrong.validate(1).err().unwrap_or_default()),
            vec![
                ("lines[0].seller_id".into(), "seller_is_buyer"),
                ("lines[1].quantity".into(), "not_positive"),
                ("schedule[3].line".into(), "no_such_line"),
                ("schedule[4].due_on".into(), "outside_period"),
            ]
        );
        let mut over = terms();
        over.schedule.push(due("1", "2027-03-15", "1"));
        assert_eq!(
            codes(over.validate(1).err().unwrap_or_default()),
            vec![("lines[0].quantity".into(), "schedule_exceeds_line")]
        );
        let empty = TermsInput {
            lines: vec![LineInput::default()],
            ends_on: "2026-12-31".into(),
            ..terms()
        };
        assert_eq!(
            codes(empty.validate(1).err().unwrap_or_default()),
            vec![
                ("ends_on".into(), "before_start"),
                ("lines".into(), "required"),
                ("schedule[0].line".into(), "no_such_line"),
                ("schedule[0].due_on".into(), "outside_period"),
                ("schedule[1].line".into(), "no_such_line"),
                ("schedule[1].due_on".into(), "outside_period"),
                ("schedule[2].line".into(), "no_such_line"),
                ("schedule[2].due_on".into(), "outside_period"),
            ]
        );
    }

    #[test]
    fn fulfilment_counts_by_line_by_value_and_by_quantity_of_one_measure() {
        let terms = terms().validate(1).unwrap_or_else(|e| panic!("{e}"));
        // 6 of 10 tonnes of oranges at the agreed price; 500 of 2,000 kg of tea, sold for 90 million.
        let done = [
            Delivered {
                line: 1,
                quantity: 6,
                value: 150_000_000,
            },
            Delivered {
                line: 2,
                quantity: 500,
                value: 90_000_000,
            },
        ];
        let f = fulfilment(&terms, &done);
        assert_eq!(
            f.lines
                .iter()
                .map(|l| (l.delivered, l.remaining, l.percent))
                .collect::<Vec<_>>(),
            vec![(6, 4, 60), (500, 1_500, 25)]
        );
        assert_eq!((f.value_agreed, f.value_delivered), (650_000_000, 240_000_000));
        // 240 / 650 = 36.9 %: 36.
        assert_eq!(f.percent_by_value, 36);
        // By mass: 6,000 + 500 kg of 12,000 kg = 54.2 %: 54.
        assert_eq!(f.percent_by_quantity, Some(54));
        let boxes = Terms {
            lines: vec![
                Line {
                    unit: Unit::Box,
                    ..terms.lines[1].clone()
                },
                terms.lines[0].clone(),
            ],
            ..terms.clone()
        };
        assert_eq!(fulfilment(&boxes, &[]).percent_by_quantity, None);
    }

    #[test]
    fn a_delivery_larger_than_what_remains_is_refused() {
        let terms = terms().validate(1).unwrap_or_else(|e| panic!("{e}"));
        let done = fulfilment(
            &terms,
            &[Delivered {
                line: 1,
                quantity: 6,
                value: 150_000_000,
            }],
        );
        let today = day("2027-02-20");
        let too_much = DeliveryInput {
            line: Some("1".into()),
            delivered_on: "2027-02-15".into(),
            quantity: Some("5".into()),
            ..DeliveryInput::default()
        };
        assert_eq!(
            codes(too_much.validate(&terms, &done, today).err().unwrap_or_default()),
            vec![("quantity".into(), "exceeds_remaining")]
        );
        let rest = DeliveryInput {
            quantity: Some("4".into()),
            ..too_much.clone()
        };
        let fields = rest
            .validate(&terms, &done, today)
            .unwrap_or_else(|e| panic!("{e}"));
        // Valued at the line's price when no value is typed.
        assert_eq!(fields.value, 100_000_000);
        let future = DeliveryInput {
            delivered_on: "2027-03-01".into(),
            line: Some("9".into()),
            ..rest
        };
        assert_eq!(
            codes(future.validate(&terms, &done, today).err().unwrap_or_default()),
            vec![
                ("line".into(), "no_such_line"),
                ("delivered_on".into(), "in_future")
            ]
        );
    }

    #[test]
    fn amounts_past_what_any_trade_holds_are_refused_not_overflowed() {
        let mut huge = terms();
        huge.lines[0].quantity = Some("3037000499".into());
        huge.lines[0].price = Some("3037000499".into());
        huge.lines[1].price = Some("9223372036854775807".into());
        assert_eq!(
            codes(huge.validate(1).err().unwrap_or_default()),
            vec![
                ("lines[0].price".into(), "line_value_above_most"),
                ("lines[1].price".into(), "above_most"),
            ]
        );
        let terms = terms().validate(1).unwrap_or_else(|e| panic!("{e}"));
        let done = fulfilment(&terms, &[]);
        let dear = DeliveryInput {
            line: Some("1".into()),
            delivered_on: "2027-01-15".into(),
            quantity: Some("1".into()),
            value: Some("9223372036854775807".into()),
            ..DeliveryInput::default()
        };
        assert_eq!(
            codes(
                dear.validate(&terms, &done, day("2027-02-01"))
                    .err()
                    .unwrap_or_default()
            ),
            vec![("value".into(), "above_most")]
        );
        // Sums saturate rather than wrap, whatever was stored.
        let many = [Delivered {
            line: 1,
            quantity: i64::MAX,
            value: i64::MAX,
        }; 2];
        assert_eq!(fulfilment(&terms, &many).value_delivered, i64::MAX);
    }

    #[test]
    fn states_move_only_along_the_allowed_paths() {
        use ContractState::*;
        assert_eq!(Draft.next(), &[Proposed, Terminated]);
        assert!(!Proposed.next().contains(&Signed), "signing is by signatures");
        assert!(Completed.next().is_empty() && Terminated.next().is_empty());
        assert!(InForce.takes_new_terms() && !Completed.takes_new_terms());
        assert!(Terminated.needs_reason());
    }
}
