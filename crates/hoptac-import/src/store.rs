//! The files uploaded to be imported (kept while their officer looks at the preview, only for
//! them), and the imports made (who, when, which file, what came of it, and the records written).

use crate::layout::Mapping;
use chrono::{DateTime, Utc};
use hoptac_core::access::Permission;
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::{on_pool, Arg, Context, StoreError, StoreResult};
use std::collections::BTreeMap;

/// A workbook waiting to be imported.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Upload {
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub content: Vec<u8>,
    /// The 2025 province whose communes its rows are looked up in.
    pub province_code: String,
    pub uploaded_at: DateTime<Utc>,
    /// The officer's corrections of how its sheets' columns are read (JSON, by sheet).
    pub columns: Option<String>,
}

impl Upload {
    /// How the officer corrected the reading of the sheet `sheet`'s columns.
    pub fn mapping(&self, sheet: &str) -> Mapping {
        self.mappings().remove(sheet).unwrap_or_default()
    }

    fn mappings(&self) -> BTreeMap<String, Mapping> {
        self.columns
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }
}

/// Keeps an uploaded workbook for its uploader, who must be someone who may register
/// organisations.
pub async fn keep_upload(cx: &Context, file_name: &str, content: &[u8], province: &str) -> StoreResult<i64> {
    let Some(user_id) = cx.actor.user_id else {
        return Err(StoreError::Forbidden);
    };
    if !cx.actor.access.allows_anywhere(Permission::Create) {
        return Err(StoreError::Forbidden);
    }
    let file = crate::plan::SourceFile::of(file_name, content);
    let mut tx = Tx::begin(&cx.db).await?;
    let id = tx
        .insert_returning_id(
            &insert_sql(
                "import_uploads",
                &[
                    "user_id",
                    "file_name",
                    "sha256",
                    "content",
                    "province_code",
                    "uploaded_at",
                ],
            ),
            &[
                Arg::I64(user_id),
                Arg::Text(file.name),
                Arg::Text(file.sha256),
                Arg::Bytes(content.to_vec()),
                Arg::Text(province.to_owned()),
                Arg::Time(cx.now),
            ],
        )
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Refuses anyone but the upload's uploader (as not found), without reading the file.
pub async fn check_uploader(cx: &Context, id: i64) -> StoreResult<()> {
    let user_id = cx.actor.user_id.ok_or(StoreError::NotFound)?;
    let found: Option<(i64,)> = on_pool!(&cx.db, |pool| sqlx::query_as(
        "SELECT id FROM import_uploads WHERE id = $1 AND user_id = $2"
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(pool)
    .await)?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// The name of an uploaded file, for saying which file a job saves (to whoever may see the job).
pub async fn file_name_of(db: &hoptac_core::Db, id: i64) -> StoreResult<Option<String>> {
    Ok(on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT file_name FROM import_uploads WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(pool)
    .await)?)
}

/// An upload, for its uploader only (anyone else: not found).
pub async fn upload(cx: &Context, id: i64) -> StoreResult<Upload> {
    let user_id = cx.actor.user_id.ok_or(StoreError::NotFound)?;
    on_pool!(&cx.db, |pool| sqlx::query_as(
        "SELECT id, file_name, sha256, content, province_code, uploaded_at, columns \
         FROM import_uploads WHERE id = $1 AND user_id = $2"
    )
    .bind(id)
    .bind(user_id)
    .fetch_optional(pool)
    .await)?
    .ok_or(StoreError::NotFound)
}

/// Keeps how the officer reads the columns of the upload's sheet `sheet` (the upload's own: anyone
/// else gets not found).
pub async fn set_columns(cx: &Context, id: i64, sheet: &str, mapping: &Mapping) -> StoreResult<()> {
    let upload = upload(cx, id).await?;
    let mut all = upload.mappings();
    all.insert(sheet.to_owned(), mapping.clone());
    let json = serde_json::to_string(&all).map_err(|e| StoreError::Config(e.to_string()))?;
    let mut tx = Tx::begin(&cx.db).await?;
    tx.execute(
        "UPDATE import_uploads SET columns = $1 WHERE id = $2",
        &[Arg::Text(json), Arg::I64(id)],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A named way of reading columns, kept for the importers of a province.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Template {
    pub id: i64,
    /// The 2025 province whose importers use it.
    pub province_code: String,
    pub name: String,
    columns: String,
}

impl Template {
    pub fn mapping(&self) -> Mapping {
        serde_json::from_str(&self.columns).unwrap_or_default()
    }
}

/// Whether the actor imports into `province`.
fn imports_into(cx: &Context, province: &str) -> bool {
    cx.actor.access.allows(
        Permission::Create,
        &hoptac_core::access::Place::province(province),
    )
}

/// The templates of the provinces the actor imports into, by province then name in Vietnamese order.
pub async fn templates(cx: &Context) -> StoreResult<Vec<Template>> {
    let mut found: Vec<Template> = on_pool!(&cx.db, |pool| sqlx::query_as(
        "SELECT id, province_code, name, columns FROM import_templates"
    )
    .fetch_all(pool)
    .await)?;
    found.retain(|t| imports_into(cx, &t.province_code));
    found.sort_by(|a, b| {
        a.province_code
            .cmp(&b.province_code)
            .then_with(|| hoptac_core::text::compare_names(&a.name, &b.name))
    });
    Ok(found)
}

/// One template, for those who import into its province (anyone else: not found).
pub async fn template(cx: &Context, id: i64) -> StoreResult<Template> {
    let found: Template = on_pool!(&cx.db, |pool| sqlx::query_as(
        "SELECT id, province_code, name, columns FROM import_templates WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(pool)
    .await)?
    .ok_or(StoreError::NotFound)?;
    if imports_into(cx, &found.province_code) {
        Ok(found)
    } else {
        Err(StoreError::NotFound)
    }
}

/// Keeps `mapping` under `name` for the importers of `province`; that province's template of the
/// name is replaced. The name is required, at most 100 characters; only those who import into the
/// province keep its templates.
pub async fn save_template(cx: &Context, province: &str, name: &str, mapping: &Mapping) -> StoreResult<i64> {
    if !imports_into(cx, province) {
        return Err(StoreError::Forbidden);
    }
    let mut errors = hoptac_core::FieldErrors::new();
    let name = hoptac_core::errors::check::required_text(&mut errors, "template_name", name, 100);
    if !errors.is_empty() {
        return Err(StoreError::Validation(errors));
    }
    let json = serde_json::to_string(mapping).map_err(|e| StoreError::Config(e.to_string()))?;
    let mut tx = Tx::begin(&cx.db).await?;
    let held: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT id FROM import_templates WHERE province_code = $1 AND name = $2",
            &[Arg::Text(province.to_owned()), Arg::Text(name.clone())],
        )
        .await?;
    let id = match held {
        Some((id,)) => {
            tx.execute(
                "UPDATE import_templates SET columns = $1, user_id = $2, saved_at = $3 WHERE id = $4",
                &[
                    Arg::Text(json),
                    Arg::OptI64(cx.actor.user_id),
                    Arg::Time(cx.now),
                    Arg::I64(id),
                ],
            )
            .await?;
            id
        }
        None => {
            tx.insert_returning_id(
                &insert_sql(
                    "import_templates",
                    &["province_code", "name", "columns", "user_id", "saved_at"],
                ),
                &[
                    Arg::Text(province.to_owned()),
                    Arg::Text(name),
                    Arg::Text(json),
                    Arg::OptI64(cx.actor.user_id),
                    Arg::Time(cx.now),
                ],
            )
            .await?
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// Removes a template, for those who import into its province.
pub async fn delete_template(cx: &Context, id: i64) -> StoreResult<()> {
    template(cx, id).await?;
    let mut tx = Tx::begin(&cx.db).await?;
    tx.execute("DELETE FROM import_templates WHERE id = $1", &[Arg::I64(id)])
        .await?;
    tx.commit().await?;
    Ok(())
}

/// How long an uploaded file is kept, saved or not, in days: the import record keeps what it wrote.
pub const UPLOADS_KEPT_DAYS: i64 = 7;

/// Forgets the uploads older than [`UPLOADS_KEPT_DAYS`]; the server does it every hour.
pub async fn forget_old_uploads(db: &hoptac_core::Db, now: DateTime<Utc>) -> StoreResult<u64> {
    let before = now - chrono::Duration::days(UPLOADS_KEPT_DAYS);
    Ok(on_pool!(db, |pool| sqlx::query(
        "DELETE FROM import_uploads WHERE uploaded_at < $1"
    )
    .bind(before)
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))?)
}

/// The actor's uploads not saved, with no save queued or running, newest first, as (id, file name,
/// when): previews an officer left to look at again, before they are forgotten.
pub async fn unsaved_uploads(cx: &Context) -> StoreResult<Vec<(i64, String, DateTime<Utc>)>> {
    let Some(user_id) = cx.actor.user_id else {
        return Ok(Vec::new());
    };
    Ok(on_pool!(&cx.db, |pool| sqlx::query_as(
        "SELECT u.id, u.file_name, u.uploaded_at FROM import_uploads u WHERE u.user_id = $1 \
         AND u.import_id IS NULL AND NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.upload_id = u.id \
         AND j.state IN ('queued', 'running', 'done')) ORDER BY u.uploaded_at DESC, u.id DESC"
    )
    .bind(user_id)
    .fetch_all(pool)
    .await)?)
}

/// An import made.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Import {
    pub id: i64,
    pub actor: String,
    pub file_name: String,
    pub sha256: String,
    pub sheet: String,
    pub province_code: String,
    pub created: i64,
    pub changed: i64,
    pub unchanged: i64,
    pub rejected: i64,
    pub imported_at: DateTime<Utc>,
    /// The upload it was saved from (none from the command line); kept 7 days.
    pub upload_id: Option<i64>,
}

const SELECT: &str = "SELECT id, actor, file_name, sha256, sheet, province_code, created, changed, \
                      unchanged, rejected, imported_at, upload_id FROM imports";

/// Which imports an actor sees: an administrator every one; anyone else their own and those made
/// into a province they import into (an administrator's import into their province, say).
fn seen_by(cx: &Context) -> (String, Vec<Arg>) {
    use hoptac_core::access::Scope;
    let access = &cx.actor.access;
    let nationwide = access
        .grants
        .iter()
        .any(|g| g.role.permits(Permission::Create) && g.scope == Scope::Country);
    if access.admin || nationwide {
        return (String::new(), Vec::new());
    }
    let provinces: Vec<String> = access
        .grants
        .iter()
        .filter(|g| g.role.permits(Permission::Create))
        .filter_map(|g| match &g.scope {
            Scope::Province(code) => Some(code.clone()),
            _ => None,
        })
        .collect();
    let mut args = vec![Arg::I64(cx.actor.user_id.unwrap_or(-1))];
    let marks: Vec<String> = provinces
        .iter()
        .enumerate()
        .map(|(at, _)| format!("${}", at + 2))
        .collect();
    args.extend(provinces.into_iter().map(Arg::Text));
    let condition = if marks.is_empty() {
        "WHERE user_id = $1".to_owned()
    } else {
        format!("WHERE (user_id = $1 OR province_code IN ({}))", marks.join(", "))
    };
    (condition, args)
}

/// The latest imports the actor sees, newest first.
pub async fn recent(cx: &Context, limit: i64) -> StoreResult<Vec<Import>> {
    let (condition, mut args) = seen_by(cx);
    args.push(Arg::I64(limit));
    let sql = format!("{SELECT} {condition} ORDER BY id DESC LIMIT ${}", args.len());
    Ok(on_pool!(&cx.db, |pool| hoptac_core::bind_args!(
        sqlx::query_as(&sql),
        &args
    )
    .fetch_all(pool)
    .await)?)
}

/// A record an import wrote.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Written {
    /// The sheet's row it came from.
    pub row_number: i64,
    /// As the audit trail names it: `organisation`, `member`, `ocop_product`, `ocop_certificate`,
    /// `report_entry` or `report_target`.
    pub entity: String,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    /// The member's name, for a list of members (none once the member was removed).
    pub member_name: Option<String>,
    /// The OCOP product, for a product or one of its certificates.
    pub product_id: Option<i64>,
    pub product_name: Option<String>,
    pub certificate_number: Option<String>,
    /// The indicator's code, for an entered value or a plan target.
    pub indicator: Option<String>,
    /// The place of an entered value or a plan target: its level, era and code.
    pub place_level: Option<String>,
    pub place_era: Option<String>,
    pub place_code: Option<String>,
    /// `create` or `update`.
    pub action: String,
}

/// One import the actor sees, with the records it wrote.
pub async fn import(cx: &Context, id: i64) -> StoreResult<(Import, Vec<Written>)> {
    let (condition, mut args) = seen_by(cx);
    args.push(Arg::I64(id));
    let sql = if condition.is_empty() {
        format!("{SELECT} WHERE id = $1")
    } else {
        format!("{SELECT} {condition} AND id = ${}", args.len())
    };
    let import: Import = on_pool!(&cx.db, |pool| hoptac_core::bind_args!(
        sqlx::query_as(&sql),
        &args
    )
    .fetch_optional(pool)
    .await)?
    .ok_or(StoreError::NotFound)?;
    let records = on_pool!(&cx.db, |pool| {
        sqlx::query_as(
            "SELECT r.row_number, r.entity, r.organisation_id, o.name AS organisation_name, \
         m.full_name AS member_name, COALESCE(p.id, cp.id) AS product_id, \
         COALESCE(p.name, cp.name) AS product_name, c.number AS certificate_number, \
         COALESCE(e.indicator, tg.indicator) AS indicator, \
         COALESCE(e.place_level, tg.place_level) AS place_level, \
         COALESCE(e.place_era, tg.place_era) AS place_era, \
         COALESCE(e.place_code, tg.place_code) AS place_code, r.action \
         FROM import_records r LEFT JOIN organisations o ON o.id = r.organisation_id \
         LEFT JOIN members m ON m.id = r.member_id \
         LEFT JOIN ocop_products p ON r.entity = 'ocop_product' AND p.id = r.entity_id \
         LEFT JOIN ocop_certificates c ON r.entity = 'ocop_certificate' AND c.id = r.entity_id \
         LEFT JOIN ocop_products cp ON cp.id = c.product_id \
         LEFT JOIN report_entries e ON r.entity = 'report_entry' AND e.id = r.entity_id \
         LEFT JOIN report_targets tg ON r.entity = 'report_target' AND tg.id = r.entity_id \
         WHERE r.import_id = $1 ORDER BY r.row_number, r.entity",
        )
        .bind(id)
        .fetch_all(pool)
        .await
    })?;
    Ok((import, records))
}
