//! A listing and a demand as typed in a form or sent to the API, and as they are once checked.
//! A check names every failing field; nothing is saved until all pass.

use super::distance::is_2025_province;
use super::{
    choice, positive, province, record_id, required_date, state_or, unit, DemandState, ListingState, Season,
    Unit, UnitPrice, MOST_DONG, MOST_QUANTITY,
};
use chrono::NaiveDate;
use hoptac_core::errors::check;
use hoptac_core::form::{amount_text, flag};
use hoptac_core::FieldErrors;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// The longest period a demand or a contract may cover: five years of deliveries.
pub const LONGEST_PERIOD_DAYS: i64 = 5 * 366;

/// Accepts a list of numbers or of texts (`[10, 11]` from JSON, `["10", "11"]` from a form's
/// checkboxes), as texts for the check to read.
pub(crate) fn text_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Number(i64),
        Text(String),
    }
    Ok(Option::<Vec<Item>>::deserialize(deserializer)?
        .unwrap_or_default()
        .into_iter()
        .map(|item| match item {
            Item::Number(n) => n.to_string(),
            Item::Text(t) => t,
        })
        .collect())
}

/// A listing as typed: a product of the organisation offered for sale.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ListingInput {
    /// The product offered: one of the organisation's products in the OCOP records (its stars and
    /// certificate follow from them).
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub product_id: Option<String>,
    /// Grade, packing, how it is sold.
    pub description: Option<String>,
    /// The months it is on offer, 1 to 12; at least one.
    #[serde(deserialize_with = "text_list")]
    #[schema(value_type = Vec<u32>)]
    pub season: Vec<String>,
    /// `kg`, `quintal`, `tonne`, `litre`, `piece`, `box`, `bottle` or `pack`.
    pub unit: String,
    /// How much it can supply a month in season, in `unit`.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub monthly_volume: Option<String>,
    /// The lowest price asked, đồng per `unit`.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub price_min: Option<String>,
    /// The highest price asked, đồng per `unit`; blank for a single price.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub price_max: Option<String>,
    /// The smallest order taken, in `unit`; blank for any.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub min_order: Option<String>,
    /// The 2025 provinces it delivers to; none for the whole country.
    #[serde(deserialize_with = "text_list")]
    pub delivers_to: Vec<String>,
    #[serde(deserialize_with = "flag")]
    pub vietgap: bool,
    #[serde(deserialize_with = "flag")]
    pub organic: bool,
    /// The product's page on the Cooperative Alliance's e-commerce platform, when it is listed
    /// there (`https://...`); reports count the products listed there.
    pub platform_url: Option<String>,
    /// `active` (the default), `paused` or `closed`.
    pub state: Option<String>,
    /// The version this edit was made from: an edit from an older one is refused with 409.
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    /// The listing as the edit form showed it (JSON; forms only).
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(ListingInput);

/// A listing that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListingFields {
    pub product_id: i64,
    pub description: Option<String>,
    #[serde(serialize_with = "season_months")]
    pub season: Season,
    pub unit: Unit,
    pub monthly_volume: i64,
    /// Đồng per unit.
    pub price_min: i64,
    pub price_max: i64,
    pub min_order: Option<i64>,
    /// Sorted; empty for the whole country.
    pub delivers_to: Vec<String>,
    pub vietgap: bool,
    pub organic: bool,
    pub platform_url: Option<String>,
    pub state: ListingState,
}

fn season_months<S: serde::Serializer>(season: &Season, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(season.months())
}

impl ListingFields {
    pub fn price_from(&self) -> UnitPrice {
        UnitPrice {
            amount: self.price_min,
            unit: self.unit,
        }
    }
}

fn provinces(errors: &mut FieldErrors, field: &str, values: &[String]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for raw in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if is_2025_province(raw) {
            codes.push(raw.to_owned());
        } else {
            errors.add_with(field, "invalid_choice", vec![("value", raw.to_owned())]);
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

impl ListingInput {
    pub fn validate(&self) -> Result<ListingFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let product_id = record_id(
            &mut errors,
            "product_id",
            self.product_id.as_deref(),
            true,
            "invalid_choice",
        );
        let description = check::optional_text(&mut errors, "description", self.description.as_deref(), 2000);
        let mut months = Vec::new();
        for raw in self.season.iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
            match raw.parse::<u32>() {
                Ok(m) if (1..=12).contains(&m) => months.push(m),
                _ => errors.add_with("season", "not_a_month", vec![("value", raw.to_owned())]),
            }
        }
        let season = Season::of_months(months).unwrap_or_default();
        if season.is_empty() && errors.for_field("season").is_none() {
            errors.add("season", "required");
        }
        let unit = unit(&mut errors, "unit", &self.unit);
        let monthly_volume = positive(
            &mut errors,
            "monthly_volume",
            self.monthly_volume.as_deref(),
            true,
            MOST_QUANTITY,
        );
        let price_min = positive(
            &mut errors,
            "price_min",
            self.price_min.as_deref(),
            true,
            MOST_DONG,
        );
        let price_max = positive(
            &mut errors,
            "price_max",
            self.price_max.as_deref(),
            false,
            MOST_DONG,
        );
        if let (Some(low), Some(high)) = (price_min, price_max) {
            if high < low {
                errors.add("price_max", "below_price_min");
            }
        }
        let min_order = positive(
            &mut errors,
            "min_order",
            self.min_order.as_deref(),
            false,
            MOST_QUANTITY,
        );
        if let (Some(order), Some(monthly)) = (min_order, monthly_volume) {
            if order > monthly {
                errors.add("min_order", "above_monthly_volume");
            }
        }
        let delivers_to = provinces(&mut errors, "delivers_to", &self.delivers_to);
        let platform_url =
            check::optional_web_address(&mut errors, "platform_url", self.platform_url.as_deref());
        let state = state_or(
            &mut errors,
            self.state.as_deref(),
            ListingState::Active,
            ListingState::parse,
        );
        match (product_id, unit, monthly_volume, price_min, state) {
            (Some(product_id), Some(unit), Some(monthly_volume), Some(price_min), Some(state))
                if errors.is_empty() =>
            {
                Ok(ListingFields {
                    product_id,
                    description,
                    season,
                    unit,
                    monthly_volume,
                    price_min,
                    price_max: price_max.unwrap_or(price_min),
                    min_order,
                    delivers_to,
                    vietgap: self.vietgap,
                    organic: self.organic,
                    platform_url,
                    state,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A buyer's demand as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct DemandInput {
    /// The buyer: an enterprise, a cooperative, a shop in the registry.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub buyer_id: Option<String>,
    /// What is wanted, in words ("Chè búp khô"): the words supply is matched on.
    pub product: String,
    /// An OCOP product group code, to keep to one group; blank for any.
    pub product_group: Option<String>,
    /// How much over the period, in `unit`.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub quantity: Option<String>,
    pub unit: String,
    /// The first day of deliveries: `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub starts_on: String,
    /// The last day of deliveries.
    pub ends_on: String,
    /// The 2025 province delivered to.
    pub delivery_province: String,
    /// 3, 4 or 5: only OCOP products of at least that many stars; blank for any product.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub min_stars: Option<String>,
    /// The OCOP certificate must hold until the period's last day, not only at its start.
    #[serde(deserialize_with = "flag")]
    pub certificate_through_period: bool,
    #[serde(deserialize_with = "flag")]
    pub vietgap: bool,
    #[serde(deserialize_with = "flag")]
    pub organic: bool,
    /// The highest price paid, đồng per `unit`; blank for none.
    #[serde(deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub price_ceiling: Option<String>,
    pub notes: Option<String>,
    /// `open` (the default), `met` or `withdrawn`.
    pub state: Option<String>,
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(DemandInput);

/// A demand that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemandFields {
    pub buyer_id: i64,
    pub product: String,
    pub product_group: Option<hoptac_ocop::domain::ProductGroup>,
    pub quantity: i64,
    pub unit: Unit,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub delivery_province: String,
    pub min_stars: Option<u8>,
    pub certificate_through_period: bool,
    pub vietgap: bool,
    pub organic: bool,
    /// Đồng per unit.
    pub price_ceiling: Option<i64>,
    pub notes: Option<String>,
    pub state: DemandState,
}

impl DemandFields {
    pub fn ceiling(&self) -> Option<UnitPrice> {
        self.price_ceiling.map(|amount| UnitPrice {
            amount,
            unit: self.unit,
        })
    }
}

impl DemandInput {
    /// Checks the demand. A new demand's period may not have ended before `today`.
    pub fn validate(&self, today: NaiveDate, is_new: bool) -> Result<DemandFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let buyer_id = record_id(
            &mut errors,
            "buyer_id",
            self.buyer_id.as_deref(),
            true,
            "unknown_organisation",
        );
        let product = check::required_text(&mut errors, "product", &self.product, 255);
        if !product.is_empty() && hoptac_core::text::search_terms(&product).is_empty() {
            errors.add("product", "no_words");
        }
        let product_group = choice(
            &mut errors,
            "product_group",
            self.product_group.as_deref().unwrap_or(""),
            false,
            hoptac_ocop::domain::ProductGroup::parse,
        );
        let quantity = positive(
            &mut errors,
            "quantity",
            self.quantity.as_deref(),
            true,
            MOST_QUANTITY,
        );
        let unit = unit(&mut errors, "unit", &self.unit);
        let starts_on = required_date(&mut errors, "starts_on", &self.starts_on);
        let ends_on = required_date(&mut errors, "ends_on", &self.ends_on);
        if let (Some(start), Some(end)) = (starts_on, ends_on) {
            if end < start {
                errors.add("ends_on", "before_start");
            } else if (end - start).num_days() > LONGEST_PERIOD_DAYS {
                errors.add_with("ends_on", "period_too_long", vec![("years", "5".to_owned())]);
            } else if is_new && end < today {
                errors.add("ends_on", "in_past");
            }
        }
        let delivery_province =
            province(&mut errors, "delivery_province", &self.delivery_province, true).unwrap_or_default();
        let min_stars = match self.min_stars.as_deref().map(str::trim).unwrap_or("") {
            "" => None,
            raw => match raw.parse::<u8>() {
                Ok(s) if (3..=5).contains(&s) => Some(s),
                _ => {
                    errors.add_with("min_stars", "invalid_choice", vec![("value", raw.to_owned())]);
                    None
                }
            },
        };
        if self.certificate_through_period && min_stars.is_none() {
            errors.add("certificate_through_period", "needs_min_stars");
        }
        let price_ceiling = positive(
            &mut errors,
            "price_ceiling",
            self.price_ceiling.as_deref(),
            false,
            MOST_DONG,
        );
        let notes = check::optional_text(&mut errors, "notes", self.notes.as_deref(), 2000);
        let state = state_or(
            &mut errors,
            self.state.as_deref(),
            DemandState::Open,
            DemandState::parse,
        );
        // An open demand asks for deliveries to come: a period already over is refused whether
        // the demand is new or opened again.
        if let (Some(end), Some(DemandState::Open), false) = (ends_on, state, is_new) {
            if end < today && errors.for_field("ends_on").is_none() {
                errors.add("ends_on", "in_past");
            }
        }
        match (buyer_id, quantity, unit, starts_on, ends_on, state) {
            (Some(buyer_id), Some(quantity), Some(unit), Some(starts_on), Some(ends_on), Some(state))
                if errors.is_empty() =>
            {
                Ok(DemandFields {
                    buyer_id,
                    product,
                    product_group,
                    quantity,
                    unit,
                    starts_on,
                    ends_on,
                    delivery_province,
                    min_stars,
                    certificate_through_period: self.certificate_through_period,
                    vietgap: self.vietgap,
                    organic: self.organic,
                    price_ceiling,
                    notes,
                    state,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(errors: FieldErrors) -> Vec<(String, &'static str)> {
        errors.codes()
    }

    #[test]
    fn a_platform_address_is_a_web_address() {
        let with = |url: &str| ListingInput {
            platform_url: Some(url.into()),
            ..listing()
        };
        assert_eq!(
            with(" https://san.lienminhhtx.vn/che-bup ")
                .validate()
                .unwrap()
                .platform_url
                .as_deref(),
            Some("https://san.lienminhhtx.vn/che-bup")
        );
        for wrong in [
            "san.lienminhhtx.vn",
            "https://localhost/a",
            "javascript:alert(1)",
            "https://a b.vn",
        ] {
            assert_eq!(
                codes(with(wrong).validate().unwrap_err()),
                vec![("platform_url".to_owned(), "not_a_web_address")],
                "{wrong}"
            );
        }
    }

    fn listing() -> ListingInput {
        ListingInput {
            product_id: Some("7".into()),
            season: vec!["10".into(), "11".into()],
            unit: "kg".into(),
            monthly_volume: Some("2.000".into()),
            price_min: Some("180.000".into()),
            ..ListingInput::default()
        }
    }

    #[test]
    fn a_listing_reads_amounts_as_typed() {
        let fields = listing().validate().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fields.monthly_volume, 2_000);
        assert_eq!(fields.price_max, 180_000);
        assert_eq!(fields.season.months().collect::<Vec<_>>(), vec![10, 11]);
        assert_eq!(fields.state, ListingState::Active);
    }

    #[test]
    fn a_listing_names_every_wrong_field() {
        let input = ListingInput {
            season: vec!["13".into()],
            monthly_volume: Some("0".into()),
            price_min: Some("-5".into()),
            price_max: Some("abc".into()),
            delivers_to: vec!["99".into()],
            unit: "bao".into(),
            product_id: None,
            ..ListingInput::default()
        };
        assert_eq!(
            codes(input.validate().err().unwrap_or_default()),
            vec![
                ("product_id".into(), "required"),
                ("season".into(), "not_a_month"),
                ("unit".into(), "invalid_choice"),
                ("monthly_volume".into(), "not_positive"),
                ("price_min".into(), "not_positive"),
                ("price_max".into(), "invalid_number"),
                ("delivers_to".into(), "invalid_choice"),
            ]
        );
        let inverted = ListingInput {
            price_max: Some("100.000".into()),
            min_order: Some("5.000".into()),
            season: vec![],
            ..listing()
        };
        assert_eq!(
            codes(inverted.validate().err().unwrap_or_default()),
            vec![
                ("season".into(), "required"),
                ("price_max".into(), "below_price_min"),
                ("min_order".into(), "above_monthly_volume"),
            ]
        );
    }

    fn demand() -> DemandInput {
        DemandInput {
            buyer_id: Some("3".into()),
            product: "Chè búp khô".into(),
            quantity: Some("5".into()),
            unit: "tonne".into(),
            starts_on: "01/01/2027".into(),
            ends_on: "30/06/2027".into(),
            delivery_province: "01".into(),
            ..DemandInput::default()
        }
    }

    #[test]
    fn a_demand_refuses_a_period_that_ends_before_it_starts() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        assert!(demand().validate(today, true).is_ok());
        let backwards = DemandInput {
            ends_on: "31/12/2026".into(),
            ..demand()
        };
        assert_eq!(
            codes(backwards.validate(today, true).err().unwrap_or_default()),
            vec![("ends_on".into(), "before_start")]
        );
        let past = DemandInput {
            starts_on: "01/01/2026".into(),
            ends_on: "30/06/2026".into(),
            ..demand()
        };
        assert_eq!(
            codes(past.validate(today, true).err().unwrap_or_default()),
            vec![("ends_on".into(), "in_past")]
        );
        // An old demand may be edited after its period to mark it met, not to open it again.
        let met = DemandInput {
            state: Some("met".into()),
            ..past.clone()
        };
        assert!(met.validate(today, false).is_ok());
        assert_eq!(
            codes(past.validate(today, false).err().unwrap_or_default()),
            vec![("ends_on".into(), "in_past")]
        );
        let wrong = DemandInput {
            quantity: Some("0".into()),
            min_stars: Some("2".into()),
            certificate_through_period: true,
            product: "  ".into(),
            ..demand()
        };
        assert_eq!(
            codes(wrong.validate(today, true).err().unwrap_or_default()),
            vec![
                ("product".into(), "required"),
                ("quantity".into(), "not_positive"),
                ("min_stars".into(), "invalid_choice"),
                ("certificate_through_period".into(), "needs_min_stars"),
            ]
        );
    }
}
