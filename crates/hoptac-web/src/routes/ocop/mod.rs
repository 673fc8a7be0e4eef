//! The OCOP programme: products and their stars, self-assessment, evaluation rounds, council
//! scoring, decisions, certificates and their public verification.

pub mod api;
pub mod pages;
pub mod round_pages;
mod view;
pub(crate) mod words;

use super::blank;
use hoptac_core::admin::is_province_code;
use hoptac_core::FieldErrors;
use hoptac_core::Paging;
use hoptac_ocop::domain::ProductGroup;
use hoptac_ocop::store::products::ProductFilter;
use serde::Deserialize;

/// The filters of a product list, from the page's form or the API's query string. Blank means any.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    /// Words of the product's or the subject's name, without diacritics if you like.
    pub q: Option<String>,
    /// A 2025 province code.
    pub province: Option<String>,
    /// A product group code.
    pub group: Option<String>,
    /// 3, 4 or 5: products holding a certificate of that many stars.
    pub stars: Option<String>,
    /// `true`: only products holding a certificate ("OCOP products").
    pub certified: Option<String>,
    pub organisation_id: Option<String>,
    pub page: Option<String>,
    /// 1 to 200; 25 by default.
    pub per_page: Option<String>,
}

impl ProductQuery {
    pub fn to_filter(&self) -> Result<(ProductFilter, Paging), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut invalid = |field: &str, value: &str| {
            errors.add_with(field, "invalid_choice", vec![("value", value.to_owned())]);
        };
        let mut filter = ProductFilter {
            query: blank(&self.q).map(str::to_owned),
            certified_only: blank(&self.certified) == Some("true"),
            ..ProductFilter::default()
        };
        if let Some(code) = blank(&self.province) {
            if is_province_code(code) {
                filter.province = Some(code.to_owned());
            } else {
                invalid("province", code);
            }
        }
        if let Some(group) = blank(&self.group) {
            match ProductGroup::parse(group) {
                Some(g) => filter.group = Some(g),
                None => invalid("group", group),
            }
        }
        if let Some(stars) = blank(&self.stars) {
            match stars.parse::<i32>() {
                Ok(s) if (3..=5).contains(&s) => filter.stars = Some(s),
                _ => invalid("stars", stars),
            }
        }
        if let Some(id) = blank(&self.organisation_id) {
            match id.parse::<i64>() {
                Ok(id) => filter.organisation_id = Some(id),
                Err(_) => invalid("organisation_id", id),
            }
        }
        let number = |v: &Option<String>| blank(v).and_then(|v| v.parse::<i64>().ok());
        let paging = Paging::new(number(&self.page), number(&self.per_page));
        errors.into_result((filter, paging))
    }
}
