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
//! - [`organisations`]: what importing a registry sheet would do, record by record, before saving.

pub mod layout;
pub mod organisations;
pub mod places;
pub mod values;
pub mod workbook;
