//! Spreadsheets in. Provinces keep their registries in workbooks laid out for printing: a title
//! block, headings over two rows, a row of column numbers, a section per district with its
//! subtotal, a grand total and a signature block. This crate reads such a workbook the way an
//! officer reads it:
//!
//! - [`values`]: a cell's value as officers type it (dates in four spellings, amounts with dots and
//!   commas and a unit in the heading, tax codes that lost their leading zero, statuses written in
//!   the notes);
//! - [`layout`]: which rows are headings, sections, subtotals, the total and the signature, and
//!   which column holds which field, by the headings' Vietnamese or English words;
//! - [`workbook`]: the cells of a workbook's sheets (XLSX, ODS), formulas as their cached values;
//! - [`places`]: communes as officers write them, resolved within the province and district;
//! - [`plan`]: what every import shares: notes by row and column, outcomes, the import record;
//! - [`organisations`]: what importing a registry sheet would do, record by record, and saving it;
//! - [`members`]: the same for a list of members, of one cooperative or of many;
//! - [`ocop`]: the same for a list of OCOP products with their certificates;
//! - [`figures`]: the same for a table of report figures and plan targets;
//! - [`rejected`]: the refused rows as a workbook with a column of errors, to correct;
//! - [`sheets`]: which sheets of a workbook can be imported, and a plan of either kind;
//! - [`jobs`]: saving a sheet as a queued job, with its progress;
//! - [`store`]: the uploaded files waiting to be saved, and the imports made;
//! - [`demo`]: the province's workbook the demo imports;
//! - [`export`]: the registry's organisations and members as files the importer reads back;
//! - [`web`]: the pages (`/imports`): upload, preview, save, and each import's record.

pub mod demo;
pub mod export;
pub mod figures;
pub mod jobs;
pub mod layout;
pub mod members;
mod named;
pub mod ocop;
pub mod organisations;
pub mod places;
pub mod plan;
pub mod rejected;
pub mod sheets;
pub mod store;
pub mod values;
pub mod web;
pub mod workbook;

/// The import area's words: its pages and the messages of its checks.
pub const TRANSLATIONS: hoptac_core::i18n::Translations = hoptac_core::translations!();

/// Importing as every entry point knows it: its words. Its tables are the foundation's
/// (migrations 17 and 18), since an import writes the registry's records.
pub fn area() -> hoptac_core::area::Area {
    hoptac_core::area::Area::new(TRANSLATIONS)
}
