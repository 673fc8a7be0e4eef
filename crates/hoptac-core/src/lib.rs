//! What every area of hoptac shares: the database handle and its transactions, who may do what
//! where (the access rule and the gate every read and write passes), the audit trail, errors and
//! their messages in both languages, administrative units of both eras, accounts and roles, text
//! folding and Vietnamese number formatting, paging.
//!
//! The areas (`hoptac-registry`, `hoptac-ocop`, `hoptac-reports`...) build on this crate and on
//! nothing of each other's that they do not name in their manifest.

pub mod access;
pub mod admin;
pub mod admin_units;
pub mod area;
pub mod audit;
pub mod backup;
pub mod clock;
pub mod context;
pub mod counting;
pub mod db;
pub mod error;
pub mod errors;
pub mod files;
pub mod form;
pub mod gate;
pub mod i18n;
pub mod invitations;
pub mod mail;
pub mod money;
pub mod notifications;
pub mod numbers;
pub mod org;
pub mod readable;
pub mod roles;
pub mod sql;
pub mod submissions;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;
pub mod users;

pub use context::Context;
pub use db::{Arg, Backend, Conditions, Db, Page, Paging, Pool};
pub use error::{StoreError, StoreResult};
pub use errors::{FieldError, FieldErrors};
pub use i18n::Lang;
/// The core's own words, as every crate names its own (`word!`, vocabularies).
pub use i18n::TRANSLATIONS;

/// A future that may be sent between threads, as the areas' hooks return (loading reference data,
/// an hourly job, a section of the home page).
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
