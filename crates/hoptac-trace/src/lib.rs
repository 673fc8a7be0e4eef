//! Value chains and traceability (truy xuất nguồn gốc): what happened to a product's lots from
//! field to shelf, recorded as GS1 EPCIS 2.0 events and named by GS1 identifiers (GTIN, GLN, lot,
//! serial) that a GS1 Digital Link QR code carries to the consumer's phone.
//!
//! `domain` holds the rules, free of I/O: identifiers with their check digits, Digital Link paths,
//! and the reading and checking of EPCIS capture documents; `store` keeps places, GTINs and
//! events behind the gate (`hoptac_core::gate`); `web` serves the API.

pub mod domain;
pub mod labels;
pub mod store;
pub mod web;

/// The words of this area's errors and pages, in `locales/`.
pub const TRANSLATIONS: hoptac_core::i18n::Translations = hoptac_core::translations!();

/// Traceability as every entry point knows it: its words, tables and the records it audits.
pub fn area() -> hoptac_core::area::Area {
    hoptac_core::area::Area {
        schema: Some(&store::SCHEMA),
        audited: &["trace_location", "trace_product"],
        ..hoptac_core::area::Area::new(TRANSLATIONS)
    }
}
