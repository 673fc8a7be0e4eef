//! The OpenAPI document of `/api/v1`: its description here, and the paths and tags of each area's
//! API gathered from the areas' routers when the application is composed (`routes::compose`).

use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(info(
    title = "hoptac API",
    description = "The registry of Vietnam's collective economy and its OCOP programme: cooperative groups (THT), cooperatives (HTX), \
                       unions (LHHTX), farms and related businesses, their members and yearly figures, across the \
                       2025 change of administrative units. Organisations' registered details are published; members, \
                       yearly figures, history and every write need a session from POST /api/v1/auth/login or a \
                       personal token (Authorization: Bearer), and are limited to the caller's roles and scopes: \
                       a record outside them answers 404, an action the role does not allow answers 403. Errors carry a machine-readable code and, for invalid input, one \
                       entry per failing field. Send Accept-Language: en for English messages.",
    version = "1"
))]
struct Base;

#[derive(OpenApi)]
#[openapi(
    tags(
        (name = "admin-units", description = "Provinces and communes of both eras"),
        (name = "audit", description = "Who changed what, when and from where"),
        (name = "auth", description = "Sessions, accounts, invitations and roles"),
    )
)]
struct Platform;

/// The document's title and description, with no paths.
pub fn base() -> utoipa::openapi::OpenApi {
    Base::openapi()
}

/// The tags of the platform's own API: units, the audit trail, sessions and accounts.
pub fn platform() -> utoipa::openapi::OpenApi {
    Platform::openapi()
}
