//! The rules of traceability, free of I/O: GS1 identifiers and EPCIS 2.0 events.

pub mod epcis;
pub mod identifiers;
