//! The OpenAPI document of `/api/v1`, generated from the handlers' annotations.

use crate::routes::{account, audit, auth, invitations, registry::api, units};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "hoptac API",
        description = "The registry of Vietnam's collective economy: cooperative groups (THT), cooperatives (HTX), \
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
    ),
    tags(
        (name = "registry", description = "Organisations, their status over time, counts at a date"),
        (name = "members", description = "Members and the law's rules on them"),
        (name = "figures", description = "Yearly figures of an organisation"),
        (name = "admin-units", description = "Provinces and communes of both eras"),
        (name = "audit", description = "Who changed what, when and from where"),
        (name = "auth", description = "Sessions, accounts, invitations and roles"),
    )
)]
struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
