//! The gate of the registry. Every store function that reads what is not published or writes
//! anything asks here first: it finds where the record sits and puts the question to the domain's
//! rule ([`crate::access`]). Pages, the API and the command line reach the data only
//! through those functions, so none of them can skip the check.
//!
//! A person's roles are read from the database on each request, so a role revoked or moved takes
//! effect at the person's next request.

use crate::access::{Access, Denied, Grant, Permission, Place, Role, Scope};
use crate::admin_units::Commune;
use crate::audit::Actor;
use crate::{on_pool, Db, StoreError, StoreResult};
use std::collections::HashMap;

/// A grant's role and scope as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScopeColumns {
    pub role: String,
    pub province_code: Option<String>,
    pub commune_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub round_id: Option<i64>,
}

impl ScopeColumns {
    /// The grant the columns hold; `None` for a role this build does not know.
    pub fn grant(&self) -> Option<Grant> {
        let role = Role::parse(&self.role)?;
        let scope = match (
            &self.province_code,
            self.commune_id,
            self.organisation_id,
            self.round_id,
        ) {
            (Some(code), None, None, None) => Scope::Province(code.clone()),
            (None, Some(id), None, None) => Scope::Commune(id),
            (None, None, Some(id), None) => Scope::Organisation(id),
            (None, None, None, Some(id)) => Scope::Round(id),
            (None, None, None, None) => Scope::Country,
            _ => return None,
        };
        (role.scope_kind() == scope.kind()).then_some(Grant { role, scope })
    }

    pub fn of(grant: &Grant) -> ScopeColumns {
        let mut columns = ScopeColumns {
            role: grant.role.as_str().into(),
            province_code: None,
            commune_id: None,
            organisation_id: None,
            round_id: None,
        };
        match &grant.scope {
            Scope::Country => {}
            Scope::Province(code) => columns.province_code = Some(code.clone()),
            Scope::Commune(id) => columns.commune_id = Some(*id),
            Scope::Organisation(id) => columns.organisation_id = Some(*id),
            Scope::Round(id) => columns.round_id = Some(*id),
        }
        columns
    }
}

pub const SCOPE_COLUMNS: &str = "role, province_code, commune_id, organisation_id, round_id";

/// What a user may do now: the administrator's mark and the roles not revoked.
pub async fn access_of(db: &Db, user_id: i64, is_admin: bool) -> StoreResult<Access> {
    let sql = format!(
        "SELECT {SCOPE_COLUMNS} FROM role_grants WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id"
    );
    let rows: Vec<ScopeColumns> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(user_id)
        .fetch_all(pool)
        .await)?;
    Ok(Access {
        admin: is_admin,
        grants: rows.iter().filter_map(ScopeColumns::grant).collect(),
    })
}

/// Where an organisation sits.
pub async fn place_of(db: &Db, organisation_id: i64) -> StoreResult<Place> {
    places_of(db, &[organisation_id])
        .await?
        .remove(&organisation_id)
        .ok_or(StoreError::NotFound)
}

/// [`place_of`] for many organisations, a few hundred a statement; those not there are left out.
pub async fn places_of(db: &Db, organisation_ids: &[i64]) -> StoreResult<HashMap<i64, Place>> {
    let sql = "SELECT id, commune_id, current_commune_id, province_code FROM organisations WHERE id IN {ids}";
    let rows: Vec<(i64, i64, Option<i64>, String)> =
        crate::sql::fetch_for_ids(db, sql, organisation_ids).await?;
    Ok(rows
        .into_iter()
        .map(|(id, commune_id, current_commune_id, province_code)| {
            let place = Place {
                organisation_id: Some(id),
                commune_id: Some(commune_id),
                current_commune_id,
                province_code,
                round_id: None,
            };
            (id, place)
        })
        .collect())
}

/// The place of a commune, or of an organisation in it.
pub fn place_in(commune: &Commune, organisation_id: Option<i64>) -> Place {
    Place {
        organisation_id,
        commune_id: Some(commune.id),
        current_commune_id: commune.current_commune_id,
        province_code: commune.current_province_code.clone(),
        round_id: None,
    }
}

/// Puts the question to the rule: out of reach is "not found", in reach but not allowed is
/// "forbidden".
pub fn check(actor: &Actor, permission: Permission, place: &Place) -> StoreResult<()> {
    actor
        .access
        .check(permission, place)
        .map_err(|denied| match denied {
            Denied::Hidden => StoreError::NotFound,
            Denied::Forbidden => StoreError::Forbidden,
        })
}

/// Checks a permission on an organisation and returns where it sits.
pub async fn authorize(
    db: &Db,
    actor: &Actor,
    permission: Permission,
    organisation_id: i64,
) -> StoreResult<Place> {
    let place = place_of(db, organisation_id).await?;
    check(actor, permission, &place)?;
    Ok(place)
}

/// Only administrators: anyone else is told the thing does not exist.
pub fn require_admin(actor: &Actor) -> StoreResult<()> {
    if actor.access.admin {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// The organisations a person reaches for some purpose, as a condition a list can add.
#[derive(Debug, Clone)]
pub enum Reach {
    /// Every organisation (an administrator, a national grant).
    Everything,
    Nothing,
    /// Those meeting `condition`, written over an `organisations o` with `?` for each of `args`
    /// (see [`crate::Conditions`]).
    Organisations {
        condition: String,
        args: Vec<crate::Arg>,
    },
}

/// The organisations in which `access` holds a grant permitting one of `permissions`.
pub fn reach(access: &Access, permissions: &[Permission]) -> Reach {
    use crate::Arg;
    if access.admin {
        return Reach::Everything;
    }
    let mut reach: Vec<&str> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    for grant in &access.grants {
        if !permissions.iter().any(|p| grant.role.permits(*p)) {
            continue;
        }
        match &grant.scope {
            Scope::Country => return Reach::Everything,
            Scope::Province(code) => {
                reach.push("o.province_code = ?");
                args.push(Arg::Text(code.clone()));
            }
            Scope::Commune(id) => {
                reach.push("(o.commune_id = ? OR o.current_commune_id = ?)");
                args.extend([Arg::I64(*id), Arg::I64(*id)]);
            }
            Scope::Organisation(id) => {
                reach.push("o.id = ?");
                args.push(Arg::I64(*id));
            }
            Scope::Round(_) => {}
        }
    }
    if reach.is_empty() {
        Reach::Nothing
    } else {
        Reach::Organisations {
            condition: format!("({})", reach.join(" OR ")),
            args,
        }
    }
}
