//! The OpenAPI document of `/api/v1`, generated from the handlers' annotations.

use crate::routes::{account, audit, auth, invitations, ocop, registry::api, reports, units};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "hoptac API",
        description = "The registry of Vietnam's collective economy and its OCOP programme: cooperative groups (THT), cooperatives (HTX), \
                       unions (LHHTX), farms and related businesses, their members and yearly figures, across the \
                       2025 change of administrative units. Organisations' registered details are published; members, \
                       yearly figures, history and every write need a session from POST /api/v1/auth/login or a \
                       personal token (Authorization: Bearer), and are limited to the caller's roles and scopes: \
                       a record outside them answers 404, an action the role does not allow answers 403. Errors carry a machine-readable code and, for invalid input, one \
                       entry per failing field. Send Accept-Language: en for English messages.",
        version = "1"
    ),
    paths(
        api::list, api::count, api::get, api::create, api::update, api::change_status,
        api::list_members, api::create_member, api::get_member, api::update_member, api::delete_member,
        api::list_figures, api::create_figures, api::update_figures, api::delete_figures,
        units::api_provinces, units::api_communes,
        audit::api_history, audit::api_trail,
        invitations::api_invite, invitations::api_accept, invitations::api_reset,
        invitations::api_grants, invitations::api_grant, invitations::api_revoke, invitations::api_organisation_grants,
        account::api_change_password, account::api_tokens, account::api_create_token, account::api_revoke_token,
        auth::api_login, auth::api_logout, auth::api_me,
        ocop::api::list_scorecards, ocop::api::get_scorecard, ocop::api::load_scorecard, ocop::api::list_product_sets,
        ocop::api::list_star_rules, ocop::api::list_products, ocop::api::get_product, ocop::api::create_product,
        ocop::api::update_product, ocop::api::product_scorecard, ocop::api::get_self_assessment, ocop::api::self_assess,
        ocop::api::list_rounds, ocop::api::get_round, ocop::api::open_round, ocop::api::list_applications, ocop::api::apply, ocop::api::get_application,
        ocop::api::withdraw, ocop::api::get_sheet, ocop::api::score, ocop::api::list_council, ocop::api::assign_member,
        ocop::api::decide, ocop::api::verify, ocop::api::list_notices,
        reports::api::indicators, reports::api::report, reports::api::communes, reports::export::api, reports::api::list_entries,
        reports::api::create_entry, reports::api::delete_entry, reports::api::list_targets, reports::api::create_target,
        reports::api::delete_target,
    ),
    tags(
        (name = "registry", description = "Organisations, their status over time, counts at a date"),
        (name = "members", description = "Members and the law's rules on them"),
        (name = "figures", description = "Yearly figures of an organisation"),
        (name = "admin-units", description = "Provinces and communes of both eras"),
        (name = "audit", description = "Who changed what, when and from where"),
        (name = "auth", description = "Sessions, accounts, invitations and roles"),
        (name = "ocop", description = "OCOP products, scorecards, evaluation rounds, decisions and certificates"),
        (name = "reports", description = "Indicators, a place's report for a period, entered figures and plan targets"),
    )
)]
struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
