//! The import area in the demo: the alliance officer imports the workbooks the former Bắc Kạn kept,
//! as a province starts with hoptac: `data/samples/bac-kan-htx-2024.xlsx` (49 cooperatives in 8
//! districts with their 2024 figures, and a cooperative's 20 members), then
//! `data/samples/bac-kan-ocop-2024.xlsx` (the OCOP products of those cooperatives with their
//! certificates, and the table of 2024 indicators with the year's plan). Their valid rows are saved;
//! the refused ones stay in the preview and the file of refused rows.

use crate::plan::{Saving, SourceFile};
use crate::sheets::{self, SheetPlan};
use crate::{store, workbook};
use chrono::{DateTime, Utc};
use hoptac_core::audit::Actor;
use hoptac_core::{Context, Db, StoreError, StoreResult};

/// The province's workbook: a registry sheet laid out for printing and a members sheet.
pub const SAMPLE: &[u8] = include_bytes!("../data/samples/bac-kan-htx-2024.xlsx");

/// The province's list of OCOP products and its table of indicators.
pub const OCOP_SAMPLE: &[u8] = include_bytes!("../data/samples/bac-kan-ocop-2024.xlsx");

/// The files as the officer uploaded them, in the order they are imported: the registry first,
/// since members and products belong to its organisations.
const FILES: [(&str, &[u8]); 2] = [
    ("DS HTX Bac Kan 2024.xlsx", SAMPLE),
    ("San pham OCOP va chi tieu 2024.xlsx", OCOP_SAMPLE),
];

/// Imports the samples into Thái Nguyên (19, which the former Bắc Kạn became part of) as
/// `username`, file by file and sheet by sheet; the imports made.
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
    let mut imports = Vec::new();
    for (name, bytes) in FILES {
        let upload = store::keep_upload(&cx, name, bytes, province).await?;
        let sheets = workbook::read(bytes.to_vec()).map_err(|e| StoreError::Config(e.to_string()))?;
        let file = SourceFile::of(name, bytes);
        // The registry first: the members' cooperative must be in it.
        for importable in sheets::importable(&sheets) {
            let plan = SheetPlan::of(&cx, &importable, province).await?;
            let saved = plan
                .save(
                    &cx,
                    &Saving {
                        upload: Some(upload),
                        ..Saving::of(&file, province).only_valid_rows()
                    },
                    |_, _| {},
                )
                .await
                .map_err(|e| {
                    StoreError::Config(format!("the demo import of {}: {e}", importable.sheet.name))
                })?;
            imports.push(saved.import_id);
        }
    }
    Ok(imports)
}
