//! The import area in the demo: the alliance officer imports the workbook the former Bắc Kạn kept
//! (`data/samples/bac-kan-htx-2024.xlsx`: 49 cooperatives in 8 districts with their 2024 figures, and
//! a cooperative's 20 members), as a province starts with hoptac. Its valid rows are saved; the
//! refused ones stay in the preview and the file of refused rows.

use crate::plan::SourceFile;
use crate::sheets::{self, SheetPlan};
use crate::{store, workbook};
use chrono::{DateTime, Utc};
use hoptac_core::audit::Actor;
use hoptac_core::{Context, Db, StoreError, StoreResult};

/// The province's workbook: a registry sheet laid out for printing and a members sheet.
pub const SAMPLE: &[u8] = include_bytes!("../data/samples/bac-kan-htx-2024.xlsx");

/// The file's name as the officer uploaded it.
const FILE_NAME: &str = "DS HTX Bac Kan 2024.xlsx";

/// Imports the sample into Thái Nguyên (19, which the former Bắc Kạn became part of) as
/// `username`, sheet by sheet; the imports made.
pub async fn load(db: &Db, username: &str, now: DateTime<Utc>) -> StoreResult<Vec<i64>> {
    let user = hoptac_core::users::by_username(db, username)
        .await?
        .ok_or(StoreError::NotFound)?;
    let actor = Actor {
        user_id: Some(user.id),
        name: user.username.clone(),
        address: None,
        access: hoptac_core::gate::access_of(db, user.id, user.is_admin).await?,
    };
    let cx = Context::at(db, &actor, now);
    let province = "19";
    let upload = store::keep_upload(&cx, FILE_NAME, SAMPLE, province).await?;
    let sheets = workbook::read(SAMPLE.to_vec()).map_err(|e| StoreError::Config(e.to_string()))?;
    let file = SourceFile::of(FILE_NAME, SAMPLE);
    let mut imports = Vec::new();
    // The registry first: the members' cooperative must be in it.
    for importable in sheets::importable(&sheets) {
        let plan = SheetPlan::of(&cx, &importable, province).await?;
        let saved = plan
            .save(&cx, &file, province, true, Some(upload), |_, _| {})
            .await
            .map_err(|e| StoreError::Config(format!("the demo import of {}: {e}", importable.sheet.name)))?;
        imports.push(saved.import_id);
    }
    Ok(imports)
}
