//! The rules of hoptac, free of I/O: value types that validate when built (tax codes, administrative
//! unit codes, money), the registry's vocabularies, the membership rules of the Law on Cooperatives,
//! Vietnamese text folding and number formatting, the message catalogue in both languages, and who
//! may do what where.
//!
//! Nothing here touches a database, a clock or the network: callers pass `today` in.

pub mod access;
pub mod admin;
pub mod errors;
pub mod i18n;
pub mod members;
pub mod money;
pub mod numbers;
pub mod ocop;
pub mod organisation;
pub mod reports;
pub mod tax_code;
pub mod text;
pub mod yearly;

pub use errors::{FieldError, FieldErrors};
pub use i18n::Lang;
