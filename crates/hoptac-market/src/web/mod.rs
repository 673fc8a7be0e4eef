//! The market's pages and API: the public catalogue of listings (`/market`), a listing's page,
//! buyers' demands with their matches, and the forms to list a product and post a demand.

pub mod api;
pub mod contract_pages;
pub mod conversation_api;
pub mod conversation_pages;
pub mod fair_pages;
pub mod pages;
pub mod programme_pages;
pub mod promotion_api;
pub mod shop_pages;
mod view;

use crate::domain::distance::is_2025_province;
use crate::store::demands::DemandFilter;
use crate::store::listings::ListingFilter;
use axum::routing::{get, post};
use hoptac_core::{FieldErrors, Paging};
use hoptac_ocop::domain::ProductGroup;
use hoptac_web::routes::blank;
use hoptac_web::ui::Tr;
use hoptac_web::{Area, NavLink};
use serde::Deserialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The catalogue's filters, from the page's form or the API's query string. Blank means any.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListingQuery {
    /// Words of the product's, the producer's or the listing's text, diacritics optional.
    pub q: Option<String>,
    /// The producer's 2025 province code.
    pub province: Option<String>,
    /// An OCOP product group code.
    pub group: Option<String>,
    /// 3, 4 or 5: products holding a certificate of at least that many stars today.
    pub stars: Option<String>,
    /// `true`: only products whose OCOP certificate holds today.
    pub certified: Option<String>,
    /// 1 to 12: in season that month.
    pub month: Option<String>,
    /// A 2025 province code the listing delivers to.
    pub delivers_to: Option<String>,
    pub organisation_id: Option<String>,
    /// `all`: paused and closed listings too (a producer's own list); active only otherwise.
    pub state: Option<String>,
    pub page: Option<String>,
    /// 1 to 200; 24 by default.
    pub per_page: Option<String>,
}

fn province_filter(errors: &mut FieldErrors, field: &str, value: &Option<String>) -> Option<String> {
    let code = blank(value)?;
    if is_2025_province(code) {
        Some(code.to_owned())
    } else {
        errors.add_with(field, "invalid_choice", vec![("value", code.to_owned())]);
        None
    }
}

fn group_filter(errors: &mut FieldErrors, value: &Option<String>) -> Option<ProductGroup> {
    let raw = blank(value)?;
    let group = ProductGroup::parse(raw);
    if group.is_none() {
        errors.add_with("group", "invalid_choice", vec![("value", raw.to_owned())]);
    }
    group
}

fn paging(page: &Option<String>, per_page: &Option<String>) -> Paging {
    let number = |v: &Option<String>| blank(v).and_then(|v| v.parse::<i64>().ok());
    Paging::new(number(page), number(per_page).or(Some(24)))
}

impl ListingQuery {
    pub fn to_filter(&self) -> Result<(ListingFilter, Paging), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut filter = ListingFilter {
            query: blank(&self.q).map(str::to_owned),
            certified: blank(&self.certified) == Some("true"),
            province: province_filter(&mut errors, "province", &self.province),
            delivers_to: province_filter(&mut errors, "delivers_to", &self.delivers_to),
            group: group_filter(&mut errors, &self.group),
            ..ListingFilter::default()
        };
        if let Some(stars) = blank(&self.stars) {
            match stars.parse::<i32>() {
                Ok(s) if (3..=5).contains(&s) => filter.min_stars = Some(s),
                _ => errors.add_with("stars", "invalid_choice", vec![("value", stars.to_owned())]),
            }
        }
        if let Some(month) = blank(&self.month) {
            match month.parse::<u32>() {
                Ok(m) if (1..=12).contains(&m) => filter.month = Some(m),
                _ => errors.add_with("month", "not_a_month", vec![("value", month.to_owned())]),
            }
        }
        if let Some(id) = blank(&self.organisation_id) {
            match id.parse::<i64>() {
                Ok(id) => filter.organisation_id = Some(id),
                Err(_) => errors.add_with(
                    "organisation_id",
                    "invalid_choice",
                    vec![("value", id.to_owned())],
                ),
            }
        }
        match blank(&self.state) {
            None => {}
            Some("all") => filter.states = crate::domain::ListingState::ALL.to_vec(),
            Some(other) => errors.add_with("state", "invalid_choice", vec![("value", other.to_owned())]),
        }
        errors.into_result((filter, paging(&self.page, &self.per_page)))
    }
}

/// The filters of a list of demands. Blank means any.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DemandQuery {
    /// Words of the product wanted or of the buyer's name, diacritics optional.
    pub q: Option<String>,
    /// The 2025 province delivered to.
    pub delivery_province: Option<String>,
    /// An OCOP product group code.
    pub group: Option<String>,
    /// One buyer's demands (all of them for those who may read the buyer's records).
    pub buyer_id: Option<String>,
    pub page: Option<String>,
    /// 1 to 200; 24 by default.
    pub per_page: Option<String>,
}

impl DemandQuery {
    pub fn to_filter(&self) -> Result<(DemandFilter, Paging), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut filter = DemandFilter {
            query: blank(&self.q).map(str::to_owned),
            delivery_province: province_filter(&mut errors, "delivery_province", &self.delivery_province),
            group: group_filter(&mut errors, &self.group),
            ..DemandFilter::default()
        };
        if let Some(id) = blank(&self.buyer_id) {
            match id.parse::<i64>() {
                Ok(id) => filter.buyer_id = Some(id),
                Err(_) => errors.add_with("buyer_id", "invalid_choice", vec![("value", id.to_owned())]),
            }
        }
        errors.into_result((filter, paging(&self.page, &self.per_page)))
    }
}

/// What saving an edit form came to: `None` when saved; otherwise the form to show again, with
/// the fields refused or, when someone saved the record meanwhile, merged with what they saved
/// (`saved` reads it, with when it was saved).
pub(crate) async fn refused_edit<T: hoptac_core::form::EditInput>(
    outcome: Result<(), hoptac_core::StoreError>,
    typed: T,
    saved: impl AsyncFnOnce() -> Result<(T, chrono::DateTime<chrono::Utc>), hoptac_web::error::PageError>,
    lang: hoptac_core::Lang,
) -> Result<Option<(T, hoptac_web::routes::Refusal)>, hoptac_web::error::PageError> {
    use hoptac_core::StoreError;
    match outcome {
        Ok(()) => Ok(None),
        Err(StoreError::Stale { .. }) => {
            let (record, saved_at) = saved().await?;
            Ok(Some(hoptac_web::routes::Conflict::merge(
                &record, typed, saved_at, lang,
            )))
        }
        Err(StoreError::Validation(e) | StoreError::Conflict(e)) => {
            Ok(Some((typed, hoptac_web::routes::Refusal::Errors(e))))
        }
        Err(other) => Err(hoptac_web::error::PageError::from_store(other, lang)),
    }
}

/// What a save from a form came to, for a form that is shown again as typed when refused: the
/// fields refused, or, when someone saved the record meanwhile, a note saying so with the version
/// now saved (so that saving again, having looked, replaces it).
pub(crate) fn or_typed<T>(
    outcome: Result<T, hoptac_core::StoreError>,
    lang: hoptac_core::Lang,
) -> Result<Result<T, (FieldErrors, Option<i64>)>, hoptac_web::error::PageError> {
    use hoptac_core::StoreError;
    match outcome {
        Ok(value) => Ok(Ok(value)),
        Err(StoreError::Stale { current }) => Ok(Err((
            FieldErrors::single("version", "saved_meanwhile"),
            Some(current),
        ))),
        Err(StoreError::Validation(e) | StoreError::Conflict(e)) => Ok(Err((e, None))),
        Err(other) => Err(hoptac_web::error::PageError::from_store(other, lang)),
    }
}

/// The words of the market's pages, falling back on the OCOP programme's and the platform's.
pub(crate) fn tr(lang: hoptac_core::Lang) -> Tr {
    Tr::with(lang, &[crate::TRANSLATIONS, hoptac_ocop::TRANSLATIONS])
}

/// The market as an area of the application: its pages and API, its link, and the listings shown
/// on an organisation's page.
pub fn area() -> Area {
    use api::*;
    let router = OpenApiRouter::with_openapi(ApiTags::openapi())
        .route("/market", get(pages::catalogue))
        .route("/market/listings", post(pages::create_listing))
        .route("/market/listings/new", get(pages::new_listing))
        .route("/market/listings/{id}", get(pages::listing))
        .route(
            "/market/listings/{id}/edit",
            get(pages::edit_listing).post(pages::update_listing),
        )
        .route(
            "/market/demands",
            get(pages::demands_page).post(pages::create_demand),
        )
        .route("/market/demands/new", get(pages::new_demand))
        .route("/market/demands/{id}", get(pages::demand))
        .route(
            "/market/demands/{id}/edit",
            get(pages::edit_demand).post(pages::update_demand),
        )
        .route(
            "/market/contracts",
            get(contract_pages::contracts_page).post(contract_pages::create_contract),
        )
        .route("/market/contracts/new", get(contract_pages::new_contract))
        .route("/market/contracts/{id}", get(contract_pages::contract))
        .route(
            "/market/contracts/{id}/terms",
            get(contract_pages::edit_terms).post(contract_pages::revise_terms),
        )
        .route("/market/contracts/{id}/state", post(contract_pages::change_state))
        .route("/market/contracts/{id}/sign", post(contract_pages::sign))
        .route("/market/contracts/{id}/deliveries", post(contract_pages::deliver))
        .route(
            "/market/conversations",
            get(conversation_pages::conversations_page).post(conversation_pages::open_conversation),
        )
        .route(
            "/market/conversations/new",
            get(conversation_pages::new_conversation),
        )
        .route(
            "/market/conversations/{id}",
            get(conversation_pages::conversation),
        )
        .route(
            "/market/conversations/{id}/messages",
            post(conversation_pages::send_message),
        )
        .route(
            "/market/programmes",
            get(programme_pages::programmes_page).post(programme_pages::create_programme),
        )
        .route("/market/programmes/new", get(programme_pages::new_programme))
        .route("/market/programmes/{id}", get(programme_pages::programme))
        .route(
            "/market/programmes/{id}/edit",
            get(programme_pages::edit_programme).post(programme_pages::update_programme),
        )
        .route("/market/programmes/{id}/answer", post(programme_pages::answer))
        .route(
            "/market/programmes/{id}/activities",
            post(programme_pages::add_activity),
        )
        .route(
            "/market/programmes/{id}/activities/new",
            get(programme_pages::new_activity),
        )
        .route(
            "/market/programmes/{id}/activities/{activity_id}/edit",
            get(programme_pages::edit_activity).post(programme_pages::update_activity),
        )
        .route(
            "/market/shops",
            get(shop_pages::shops_page).post(shop_pages::create_shop),
        )
        .route("/market/shops/new", get(shop_pages::new_shop))
        .route("/market/shops/{id}", get(shop_pages::shop))
        .route(
            "/market/shops/{id}/edit",
            get(shop_pages::edit_shop).post(shop_pages::update_shop),
        )
        .route(
            "/market/shops/{id}/products",
            get(shop_pages::shop_products).post(shop_pages::set_shop_products),
        )
        .route(
            "/market/fairs",
            get(fair_pages::fairs_page).post(fair_pages::create_fair),
        )
        .route("/market/fairs/new", get(fair_pages::new_fair))
        .route("/market/fairs/{id}", get(fair_pages::fair))
        .route(
            "/market/fairs/{id}/edit",
            get(fair_pages::edit_fair).post(fair_pages::update_fair),
        )
        .route(
            "/market/fairs/{id}/participants",
            post(fair_pages::add_participant),
        )
        .route(
            "/market/fairs/{id}/participants/{organisation_id}",
            get(fair_pages::participant).post(fair_pages::update_participant),
        )
        .route(
            "/market/fairs/{id}/participants/{organisation_id}/remove",
            post(fair_pages::remove_participant),
        )
        .routes(routes!(
            promotion_api::list_programmes,
            promotion_api::create_programme
        ))
        .routes(routes!(
            promotion_api::get_programme,
            promotion_api::update_programme
        ))
        .routes(routes!(promotion_api::answer_programme))
        .routes(routes!(promotion_api::add_activity))
        .routes(routes!(promotion_api::update_activity))
        .routes(routes!(promotion_api::list_shops, promotion_api::create_shop))
        .routes(routes!(promotion_api::get_shop, promotion_api::update_shop))
        .routes(routes!(promotion_api::set_shop_products))
        .routes(routes!(promotion_api::list_fairs, promotion_api::create_fair))
        .routes(routes!(promotion_api::get_fair, promotion_api::update_fair))
        .routes(routes!(promotion_api::put_participant))
        .routes(routes!(promotion_api::remove_participant))
        .routes(routes!(
            conversation_api::list_conversations,
            conversation_api::open_conversation
        ))
        .routes(routes!(conversation_api::get_conversation))
        .routes(routes!(conversation_api::send_message))
        .routes(routes!(list_contracts, create_contract))
        .routes(routes!(get_contract))
        .routes(routes!(add_version))
        .routes(routes!(change_contract_state))
        .routes(routes!(sign_contract))
        .routes(routes!(add_delivery))
        .routes(routes!(list_listings, create_listing))
        .routes(routes!(get_listing, update_listing))
        .routes(routes!(listing_matches))
        .routes(routes!(list_demands, create_demand))
        .routes(routes!(get_demand, update_demand))
        .routes(routes!(demand_matches));
    Area {
        nav: Some(NavLink {
            href: "/market",
            label: "nav-market",
            shown: NavLink::always,
        }),
        home: vec![
            (8, contract_pages::home_section),
            (9, programme_pages::home_section),
        ],
        organisation: vec![(20, pages::organisation_section)],
        ..Area::new(crate::area(), router)
    }
}

#[derive(utoipa::OpenApi)]
#[openapi(tags(
    (name = "market", description = "Listings of cooperatives' products, buyers' demands, the matches between them, linkage contracts with their versions, signatures and deliveries, and trade promotion: cooperation programmes between provinces, OCOP shops and trade fairs"),
))]
struct ApiTags;

#[cfg(test)]
mod template_tests {
    /// Every `t.s("...")` in this area's templates has words in both languages, and every value of
    /// its vocabularies a name.
    #[test]
    fn every_template_key_is_translated() {
        let problems =
            hoptac_web::ui::area_word_problems(env!("CARGO_MANIFEST_DIR"), super::tr, crate::TRANSLATIONS);
        assert_eq!(problems, Vec::<String>::new());
        use crate::domain::contracts::{ContractKind, ContractState};
        use crate::domain::{DemandState, ListingState, Unit};
        let unlabelled = [
            ContractKind::unlabelled(),
            ContractState::unlabelled(),
            Unit::unlabelled(),
            ListingState::unlabelled(),
            DemandState::unlabelled(),
        ];
        assert_eq!(unlabelled.concat(), Vec::<String>::new());
    }
}
