//! The registry's rules, pure: organisations and their status, members and the law's rules on
//! them, yearly figures, tax codes.

pub mod members;
pub mod organisation;
pub mod tax_code;
pub mod yearly;
