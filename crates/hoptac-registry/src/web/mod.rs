//! The registry: organisations, their members, status and yearly figures, as pages and as API.

pub mod api;
pub mod pages;

use crate::domain::organisation::{OrgKind, OrgStatus, Sector};
use crate::store::organisations::{OrganisationFilter, SortOrder};
use axum::routing::{get, post};
use hoptac_core::admin::{is_commune_code, is_province_code, Era};
use hoptac_core::errors::check;
use hoptac_core::FieldErrors;
use hoptac_core::Paging;
use hoptac_web::routes::blank;
use hoptac_web::{Area, NavLink};
use serde::Deserialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The filters of a list of organisations, as the page's form and the API's query string send them.
/// Blank values mean "any".
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Search words, matched without diacritics in name, short name and tax code.
    pub q: Option<String>,
    /// Organisation type: `tht`, `htx`, `lhhtx`, `farm`, `enterprise`, `household_business`.
    pub kind: Option<String>,
    /// A 2025 province code (34 provinces); includes organisations of the provinces merged into it.
    pub province: Option<String>,
    /// A province code from before 1 July 2025 (63 provinces).
    pub old_province: Option<String>,
    /// A 5-digit commune code, in the era given by `commune_era`.
    pub commune: Option<String>,
    /// `2025` (default) or `2008`.
    pub commune_era: Option<String>,
    /// A sector code.
    pub sector: Option<String>,
    /// `active`, `suspended`, `dissolved` or `bankrupt`: today, or on the date `on`.
    pub status: Option<String>,
    /// `YYYY-MM-DD`: read the status on this date and count only organisations founded by then.
    pub on: Option<String>,
    pub founded_year: Option<String>,
    /// `true` or `false`.
    pub new_model: Option<String>,
    pub value_chain: Option<String>,
    pub ecommerce: Option<String>,
    /// `name` (default), `founded` or `updated`.
    pub sort: Option<String>,
    pub page: Option<String>,
    /// 1 to 200; 25 by default.
    pub per_page: Option<String>,
}

impl ListQuery {
    /// The store filter, or an error for each parameter that does not parse.
    pub fn to_filter(&self) -> Result<(OrganisationFilter, Paging), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut invalid = |field: &str, value: &str| {
            errors.add_with(field, "invalid_choice", vec![("value", value.to_owned())]);
        };
        let mut filter = OrganisationFilter {
            query: blank(&self.q).map(str::to_owned),
            ..Default::default()
        };
        if let Some(k) = blank(&self.kind) {
            match OrgKind::parse(k) {
                Some(kind) => filter.kinds = vec![kind],
                None => invalid("kind", k),
            }
        }
        for (field, raw, slot) in [
            ("province", &self.province, &mut filter.province),
            ("old_province", &self.old_province, &mut filter.old_province),
        ] {
            if let Some(p) = blank(raw) {
                if is_province_code(p) {
                    *slot = Some(p.to_owned());
                } else {
                    invalid(field, p);
                }
            }
        }
        let era = match blank(&self.commune_era) {
            None => Some(Era::Y2025),
            Some(e) => Era::parse(e).or_else(|| {
                invalid("commune_era", e);
                None
            }),
        };
        if let (Some(c), Some(era)) = (blank(&self.commune), era) {
            if is_commune_code(c) {
                filter.commune = Some((era, c.to_owned()));
            } else {
                invalid("commune", c);
            }
        }
        if let Some(s) = blank(&self.sector) {
            filter.sector = Sector::parse(s).or_else(|| {
                invalid("sector", s);
                None
            });
        }
        if let Some(s) = blank(&self.status) {
            filter.status = OrgStatus::parse(s).or_else(|| {
                invalid("status", s);
                None
            });
        }
        filter.on = check::optional_date(&mut errors, "on", self.on.as_deref());
        if let Some(y) = blank(&self.founded_year) {
            match y.parse::<i32>() {
                Ok(year) if (1900..=9999).contains(&year) => filter.founded_year = Some(year),
                _ => errors.add("founded_year", "invalid_number"),
            }
        }
        for (field, raw, slot) in [
            ("new_model", &self.new_model, &mut filter.is_new_model),
            ("value_chain", &self.value_chain, &mut filter.is_value_chain),
            ("ecommerce", &self.ecommerce, &mut filter.is_on_ecommerce),
        ] {
            match blank(raw) {
                None => {}
                Some("true") => *slot = Some(true),
                Some("false") => *slot = Some(false),
                Some(other) => errors.add_with(field, "invalid_choice", vec![("value", other.to_owned())]),
            }
        }
        if let Some(s) = blank(&self.sort) {
            match SortOrder::parse(s) {
                Some(order) => filter.sort = order,
                None => errors.add_with("sort", "invalid_choice", vec![("value", s.to_owned())]),
            }
        }
        let paging = paging_of(&mut errors, &self.page, &self.per_page);
        errors.into_result((filter, paging))
    }
}

/// The page asked for by `page` and `per_page` (1 to 200, 25 by default); a value that is not a
/// counting number is an error of its field.
fn paging_of(errors: &mut FieldErrors, page: &Option<String>, per_page: &Option<String>) -> Paging {
    let mut number =
        |field: &str, raw: &Option<String>| check::optional_counting_number(errors, field, raw.as_deref());
    Paging::new(number("page", page), number("per_page", per_page))
}

/// A page of an organisation's members, as the API's query string asks for it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MembersQuery {
    /// Words of the name, matched without diacritics.
    pub q: Option<String>,
    pub page: Option<String>,
    /// 1 to 200; 25 by default.
    pub per_page: Option<String>,
}

impl MembersQuery {
    /// The search and the page, or an error for each parameter that does not parse.
    pub fn to_search(&self) -> Result<(Option<String>, Paging), FieldErrors> {
        let mut errors = FieldErrors::new();
        let paging = paging_of(&mut errors, &self.page, &self.per_page);
        errors.into_result((blank(&self.q).map(str::to_owned), paging))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_parameters_mean_any() {
        let q = ListQuery {
            kind: Some(String::new()),
            q: Some("  ".into()),
            ..Default::default()
        };
        let (filter, paging) = q.to_filter().unwrap();
        assert!(filter.kinds.is_empty() && filter.query.is_none());
        assert_eq!((paging.page, paging.per_page), (1, 25));
    }

    #[test]
    fn bad_parameters_are_named() {
        let q = ListQuery {
            kind: Some("bank".into()),
            province: Some("6".into()),
            // A day that does not exist; "31/12/2022" is read as people write it.
            on: Some("32/12/2022".into()),
            new_model: Some("yes".into()),
            page: Some("0".into()),
            ..Default::default()
        };
        let errors = q.to_filter().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["kind", "province", "on", "new_model", "page"]);
    }
}

/// The words of the registry's pages, falling back on the platform's.
pub(crate) fn tr(lang: hoptac_core::Lang) -> hoptac_web::ui::Tr {
    hoptac_web::ui::Tr::with(lang, &[crate::TRANSLATIONS])
}

/// The registry as an area of the application: its pages and API, its link, and its section of
/// the home page.
pub fn area() -> Area {
    let router = OpenApiRouter::with_openapi(ApiTags::openapi())
        .route(
            "/organisations",
            get(pages::list).post(pages::create_organisation),
        )
        .route("/organisations/new", get(pages::new_organisation))
        .route("/organisations/{id}", get(pages::detail))
        .route(
            "/organisations/{id}/edit",
            get(pages::edit_organisation).post(pages::update_organisation),
        )
        .route("/organisations/{id}/status", post(pages::change_status))
        .route(
            "/organisations/{id}/current-commune",
            post(pages::settle_current_commune),
        )
        .route(
            "/identity-proposals/{id}/{decision}",
            post(pages::decide_proposal),
        )
        .route("/organisations/{id}/members", post(pages::create_member))
        .route("/organisations/{id}/members/new", get(pages::new_member))
        .route(
            "/members/{id}/edit",
            get(pages::edit_member).post(pages::update_member),
        )
        .route("/members/{id}/delete", post(pages::delete_member))
        .route("/members/{id}/restore", post(pages::restore_member))
        .route("/organisations/{id}/figures", post(pages::create_figures))
        .route("/organisations/{id}/figures/new", get(pages::new_figures))
        .route(
            "/organisations/{id}/figures/{year}/edit",
            get(pages::edit_figures).post(pages::update_figures),
        )
        .route(
            "/organisations/{id}/figures/{year}/delete",
            post(pages::delete_figures),
        )
        .route(
            "/organisations/{id}/figures/{year}/restore",
            post(pages::restore_figures),
        )
        .routes(routes!(api::list, api::create))
        .routes(routes!(api::count))
        .routes(routes!(api::get, api::update))
        .routes(routes!(api::change_status))
        .routes(routes!(api::current_commune, api::settle_current_commune))
        .routes(routes!(api::accept_proposal))
        .routes(routes!(api::reject_proposal))
        .routes(routes!(api::withdraw_proposal))
        .routes(routes!(api::list_members, api::create_member))
        .routes(routes!(api::get_member, api::update_member, api::delete_member))
        .routes(routes!(api::restore_member))
        .routes(routes!(api::restore_figures))
        .routes(routes!(api::list_figures, api::create_figures))
        .routes(routes!(
            api::get_figures,
            api::update_figures,
            api::delete_figures
        ));
    Area {
        nav: Some(NavLink {
            href: "/organisations",
            label: "nav-registry",
            shown: NavLink::always,
        }),
        home: vec![(5, pages::work_section), (20, pages::home_section)],
        search: vec![(10, pages::search_section)],
        ..Area::new(crate::area(), router)
    }
}

#[derive(utoipa::OpenApi)]
#[openapi(tags(
    (name = "registry", description = "Organisations, their status over time, counts at a date"),
    (name = "members", description = "Members and the law's rules on them"),
    (name = "figures", description = "Yearly figures of an organisation"),
))]
struct ApiTags;

#[cfg(test)]
mod template_tests {
    /// Every `t.s("...")` in this area's templates has words in both languages.
    #[test]
    fn every_template_key_is_translated() {
        let problems =
            hoptac_web::ui::area_word_problems(env!("CARGO_MANIFEST_DIR"), super::tr, crate::TRANSLATIONS);
        assert_eq!(problems, Vec::<String>::new());
        // Every value of the area's vocabularies is named in both languages.
        use crate::domain::members::{Gender, MemberKind, Membership};
        use crate::domain::yearly::YearlyRating;
        let unlabelled = [
            MemberKind::unlabelled(),
            Membership::unlabelled(),
            Gender::unlabelled(),
            YearlyRating::unlabelled(),
        ];
        assert_eq!(unlabelled.concat(), Vec::<String>::new());
    }
}
