//! What every action of every area takes first: the database, who acts, and when. The page and the
//! API of an action call the same function with the same context, so neither can skip a check the
//! other makes, and tests fix the day by building the context themselves.

use crate::audit::Actor;
use crate::clock::vietnam_date;
use crate::Db;
use chrono::{DateTime, NaiveDate, Utc};

/// The database, the actor and the moment of one action.
#[derive(Debug, Clone)]
pub struct Context {
    pub db: Db,
    pub actor: Actor,
    /// The day in Vietnam: what dates are checked against (not in the future, still open...).
    pub today: NaiveDate,
    /// When the action happens: what the records and the audit trail are stamped with.
    pub now: DateTime<Utc>,
}

impl Context {
    /// At `now`, on the day it is then in Vietnam.
    pub fn at(db: &Db, actor: &Actor, now: DateTime<Utc>) -> Context {
        Context::on(db, actor, vietnam_date(now), now)
    }

    /// On `today` at `now`, for tests and loaders that fix the day apart from the hour.
    pub fn on(db: &Db, actor: &Actor, today: NaiveDate, now: DateTime<Utc>) -> Context {
        Context {
            db: db.clone(),
            actor: actor.clone(),
            today,
            now,
        }
    }
}
