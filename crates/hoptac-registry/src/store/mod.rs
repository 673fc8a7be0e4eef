//! The registry's records: organisations with their status history and search text, members,
//! yearly figures, and the demo and national-scale data.

pub mod counts;
pub mod demo;
pub mod figures;
pub mod members;
pub mod organisations;
