//! OCOP shops and points of sale (cửa hàng OCOP, điểm giới thiệu và bán sản phẩm OCOP): where
//! they are, who runs them, and which OCOP products they carry.

use super::{choice, province, record_id, state_or};
use chrono::NaiveDate;
use hoptac_core::errors::check;
use hoptac_core::text::is_phone;
use hoptac_core::{vocabulary, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

vocabulary! {
    /// What kind of outlet: a shop of OCOP products, a point where they are shown and sold
    /// (often in a supermarket, a market or a tourist site), or a showroom of a province's
    /// products.
    ShopKind {
        OcopShop = "ocop_shop";
        PointOfSale = "point_of_sale";
        Showroom = "showroom";
    }
}

vocabulary! {
    /// Whether a shop still sells.
    ShopState {
        Operating = "operating";
        Closed = "closed";
    }
}

/// The most products one outlet is recorded as carrying.
pub const MOST_PRODUCTS: usize = 2_000;

/// A shop as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ShopInput {
    pub name: String,
    /// `ocop_shop`, `point_of_sale` or `showroom`.
    pub kind: String,
    /// The 2025 province it is in; its alliance keeps the record.
    pub province_code: String,
    pub address: String,
    /// The organisation of the registry that runs it, by id or as typed.
    #[schema(value_type = Option<String>)]
    pub operator_id: Option<String>,
    /// Who runs it when that is not in the registry (a trade promotion centre, a family business).
    pub operator_name: Option<String>,
    pub phone: Option<String>,
    /// The day it opened.
    pub open_since: Option<String>,
    /// `operating` (the default) or `closed`.
    pub state: Option<String>,
    #[serde(skip_serializing)]
    pub version: Option<i64>,
    #[serde(skip_serializing)]
    #[schema(ignore)]
    pub original: Option<String>,
}

hoptac_core::edit_input!(ShopInput);

/// A shop that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShopFields {
    pub name: String,
    pub kind: ShopKind,
    pub province_code: String,
    pub address: String,
    pub operator_id: Option<i64>,
    pub operator_name: Option<String>,
    pub phone: Option<String>,
    pub open_since: Option<NaiveDate>,
    pub state: ShopState,
}

impl ShopInput {
    /// Checks the shop: someone runs it (an organisation of the registry or a name), its phone
    /// is a phone number, it did not open after `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<ShopFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = check::required_text(&mut errors, "name", &self.name, 255);
        let kind = choice(&mut errors, "kind", &self.kind, true, ShopKind::parse);
        let province_code = province(&mut errors, "province_code", &self.province_code, true);
        let address = check::required_text(&mut errors, "address", &self.address, 500);
        let operator_id = record_id(
            &mut errors,
            "operator_id",
            self.operator_id.as_deref(),
            false,
            "unknown_organisation",
        );
        let operator_name =
            check::optional_text(&mut errors, "operator_name", self.operator_name.as_deref(), 255);
        if operator_id.is_none() && operator_name.is_none() && errors.for_field("operator_id").is_none() {
            errors.add("operator_id", "operator_required");
        }
        let phone = check::optional_text(&mut errors, "phone", self.phone.as_deref(), 30);
        if phone.as_deref().is_some_and(|p| !is_phone(p)) {
            errors.add("phone", "invalid_phone");
        }
        let open_since =
            check::optional_past_date(&mut errors, "open_since", self.open_since.as_deref(), today);
        let state = state_or(
            &mut errors,
            self.state.as_deref(),
            ShopState::Operating,
            ShopState::parse,
        );
        match (kind, province_code, state) {
            (Some(kind), Some(province_code), Some(state)) if errors.is_empty() => Ok(ShopFields {
                name,
                kind,
                province_code,
                address,
                // The registry's organisation names who runs it; a name beside it would be a
                // second answer to one question.
                operator_name: operator_name.filter(|_| operator_id.is_none()),
                operator_id,
                phone,
                open_since,
                state,
            }),
            _ => Err(errors),
        }
    }
}

/// The ids of OCOP products as typed or sent (`["12", "15"]`, `[12, 15]`), each once.
pub fn product_ids(errors: &mut FieldErrors, field: &str, values: &[String]) -> Vec<i64> {
    let mut ids = Vec::new();
    for raw in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => ids.push(id),
            _ => errors.add_with(field, "invalid_choice", vec![("value", raw.to_owned())]),
        }
    }
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MOST_PRODUCTS {
        errors.add_with(
            field,
            "too_many_products",
            vec![("max", MOST_PRODUCTS.to_string())],
        );
    }
    ids
}

/// The products an outlet carries, all of them: the list replaces the one before.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ShopProductsInput {
    #[serde(deserialize_with = "super::inputs::text_list")]
    #[schema(value_type = Vec<i64>)]
    pub product_ids: Vec<String>,
    /// The version of the shop the list was chosen on: a list chosen on an older one is refused
    /// with 409.
    pub version: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn someone_runs_a_shop_and_its_phone_is_a_number() {
        let input = ShopInput {
            name: "Cửa hàng OCOP Thái Nguyên".into(),
            kind: "ocop_shop".into(),
            province_code: "19".into(),
            address: "Số 1 Hoàng Văn Thụ".into(),
            phone: Some("gọi tôi".into()),
            ..ShopInput::default()
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let codes: Vec<_> = input
            .validate(today)
            .unwrap_err()
            .iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(codes, ["operator_required", "invalid_phone"]);
        let run = ShopInput {
            operator_name: Some("Trung tâm Xúc tiến thương mại".into()),
            phone: Some("0208 3855 123".into()),
            ..input
        };
        assert_eq!(run.validate(today).unwrap().state, ShopState::Operating);
    }

    #[test]
    fn product_ids_are_numbers_each_once() {
        let mut errors = FieldErrors::new();
        let ids = product_ids(
            &mut errors,
            "product_ids",
            &["5".into(), "3".into(), "5".into(), "x".into()],
        );
        assert_eq!(ids, [3, 5]);
        assert_eq!(
            errors.iter().map(|e| e.code).collect::<Vec<_>>(),
            ["invalid_choice"]
        );
    }
}
