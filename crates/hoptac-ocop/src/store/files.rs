//! Files kept with OCOP records: a product's photos, public on its page, and the documents of an
//! application's dossier (hồ sơ: the registration form, the product's quality declaration, test
//! results, labels), which the round's officers and council read and the subject's keepers add.
//!
//! A file's kind is read from its content (`hoptac_core::files`): photos are JPEG, PNG or WebP,
//! documents PDF or a photo of a page. The bytes are kept in the database, so a backup holds them.

use super::products;
use super::rounds::{self, Application, Round};
use crate::registration_pdf::RegistrationForm;
use hoptac_core::access::Permission;
use hoptac_core::audit::{self, Action, Actor, Change};
use hoptac_core::files::{check_file, CheckedFile, FileKind};
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::{gate, on_pool, Arg, Context, Db, FieldErrors, Lang, StoreError, StoreResult};
use serde::Serialize;
use serde_json::json;

/// The largest photo taken, in bytes (5 MB: what a phone's camera makes, and still light enough
/// to show on a product's public page).
pub const PHOTO_MAX_BYTES: usize = 5 * 1024 * 1024;
/// The largest document of a dossier, in bytes (10 MB: a scanned form of several pages).
pub const DOCUMENT_MAX_BYTES: usize = 10 * 1024 * 1024;
/// The most photos a product shows.
pub const PHOTOS_PER_PRODUCT: i64 = 8;
/// The most documents one application's dossier holds.
pub const DOCUMENTS_PER_APPLICATION: i64 = 30;

/// A kept file without its bytes: what lists show and the API returns.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StoredFile {
    pub id: i64,
    pub product_id: i64,
    /// The application whose dossier holds it; `None` for a product's photo.
    pub application_id: Option<i64>,
    /// Its name as sent, without folders.
    pub file_name: String,
    /// What its content is: `application/pdf`, `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: String,
    /// Its size in bytes.
    pub byte_size: i64,
    /// SHA-256 of its bytes, in hex.
    pub sha256: String,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
}

impl StoredFile {
    pub fn is_image(&self) -> bool {
        FileKind::parse(&self.content_type).is_some_and(FileKind::is_image)
    }
}

/// What adding a file did: kept it as a new file, or found the same bytes kept already in the same
/// place (a form sent twice, a file chosen twice), which it leaves as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New(i64),
    Kept(i64),
}

impl Added {
    /// The file's id, new or kept.
    pub fn id(self) -> i64 {
        match self {
            Added::New(id) | Added::Kept(id) => id,
        }
    }
}

const SELECT_FILES: &str = "SELECT id, product_id, application_id, file_name, content_type, byte_size, \
     sha256, uploaded_at FROM ocop_files";

/// A product's photos, as uploaded. Public, as the product is.
pub async fn photos(db: &Db, product_id: i64) -> StoreResult<Vec<StoredFile>> {
    let sql = format!("{SELECT_FILES} WHERE product_id = $1 AND application_id IS NULL ORDER BY id");
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(product_id)
        .fetch_all(pool)
        .await)?)
}

/// The first photo of each of these products that has one: what a list of products shows.
pub async fn first_photos(db: &Db, product_ids: &[i64]) -> StoreResult<std::collections::HashMap<i64, i64>> {
    if product_ids.is_empty() {
        return Ok(Default::default());
    }
    let sql = "SELECT product_id, MIN(id) FROM ocop_files WHERE application_id IS NULL \
               AND product_id IN {ids} GROUP BY product_id";
    let rows: Vec<(i64, i64)> = hoptac_core::sql::fetch_for_ids(db, sql, product_ids).await?;
    Ok(rows.into_iter().collect())
}

/// The documents of an application's dossier, for those who may read it ([`reads_dossier`]).
pub async fn dossier(db: &Db, actor: &Actor, application_id: i64) -> StoreResult<Vec<StoredFile>> {
    let (application, round) = application_and_round(db, application_id).await?;
    check_reads_dossier(db, actor, &round, &application).await?;
    documents(db, application_id).await
}

/// The documents of an application's dossier, for a caller that has checked who reads them
/// ([`reads_dossier`]).
pub(crate) async fn documents(db: &Db, application_id: i64) -> StoreResult<Vec<StoredFile>> {
    let sql = format!("{SELECT_FILES} WHERE application_id = $1 ORDER BY id");
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(application_id)
        .fetch_all(pool)
        .await)?)
}

/// A kept file with its bytes, for whoever may see it: anyone for a photo, those who read the
/// dossier for a document; anyone else is told it does not exist.
pub async fn content(db: &Db, actor: &Actor, file_id: i64) -> StoreResult<(StoredFile, Vec<u8>)> {
    let file = stored(db, file_id).await?;
    if let Some(application_id) = file.application_id {
        let (application, round) = application_and_round(db, application_id).await?;
        if !reads_dossier(db, actor, &round, &application).await? {
            return Err(StoreError::NotFound);
        }
    }
    let bytes: Vec<u8> = on_pool!(db, |pool| sqlx::query_scalar(
        "SELECT content FROM ocop_files WHERE id = $1"
    )
    .bind(file_id)
    .fetch_one(pool)
    .await)?;
    Ok((file, bytes))
}

/// Adds a photo to a product: by whoever may edit the product (its subject's keepers). Errors:
/// the file's checks on `photo` (`file_empty`, `file_too_large`, `file_type_not_allowed`: JPEG,
/// PNG or WebP), `too_many_files` when the product shows [`PHOTOS_PER_PRODUCT`] already.
pub async fn add_photo(cx: &Context, product_id: i64, file_name: &str, bytes: Vec<u8>) -> StoreResult<Added> {
    let product = products::get(&cx.db, product_id, cx.today).await?;
    check_edits_product(&cx.db, &cx.actor, product.organisation_id).await?;
    let file = check_file("photo", file_name, bytes, FileKind::IMAGES, PHOTO_MAX_BYTES)
        .map_err(StoreError::Validation)?;
    let mut tx = Tx::begin(&cx.db).await?;
    tx.lock("ocop_products", product_id).await?;
    let place = "product_id = $1 AND application_id IS NULL";
    if let Some(id) = same_file(&mut tx, place, product_id, &file.sha256).await? {
        return Ok(Added::Kept(id));
    }
    refuse_beyond(
        "photo",
        count(&mut tx, place, product_id).await?,
        PHOTOS_PER_PRODUCT,
    )?;
    let id = insert(&mut tx, cx, product_id, None, product.organisation_id, file).await?;
    tx.commit().await?;
    Ok(Added::New(id))
}

/// Adds a document to an application's dossier: by the subject's keepers or the round's officers,
/// until the round is decided and while the application stands. Errors: the file's checks on
/// `document` (PDF, JPEG, PNG or WebP), `too_many_files` beyond [`DOCUMENTS_PER_APPLICATION`],
/// `round_decided` and `application_withdrawn` (409).
pub async fn add_document(
    cx: &Context,
    application_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> StoreResult<Added> {
    let (application, round) = application_and_round(&cx.db, application_id).await?;
    check_keeps_dossier(&cx.db, &cx.actor, &round, &application).await?;
    let file = check_file(
        "document",
        file_name,
        bytes,
        FileKind::DOCUMENTS,
        DOCUMENT_MAX_BYTES,
    )
    .map_err(StoreError::Validation)?;
    let mut tx = Tx::begin(&cx.db).await?;
    rounds::lock_open_application(&mut tx, &round, application_id).await?;
    let place = "application_id = $1";
    if let Some(id) = same_file(&mut tx, place, application_id, &file.sha256).await? {
        return Ok(Added::Kept(id));
    }
    refuse_beyond(
        "document",
        count(&mut tx, place, application_id).await?,
        DOCUMENTS_PER_APPLICATION,
    )?;
    let id = insert(
        &mut tx,
        cx,
        application.product_id,
        Some(application_id),
        application.organisation_id,
        file,
    )
    .await?;
    tx.commit().await?;
    Ok(Added::New(id))
}

/// Removes a photo (by whoever may edit the product) or a dossier's document (as [`add_document`]
/// allows, while the round runs). The trail keeps what it was: name, type, size and digest.
pub async fn remove(cx: &Context, file_id: i64) -> StoreResult<StoredFile> {
    let (db, actor) = (&cx.db, &cx.actor);
    let file = stored(db, file_id).await?;
    let (mut tx, organisation_id) = match file.application_id {
        Some(application_id) => {
            let (application, round) = application_and_round(db, application_id).await?;
            check_keeps_dossier(db, actor, &round, &application).await?;
            let mut tx = Tx::begin(db).await?;
            rounds::lock_open_application(&mut tx, &round, application_id).await?;
            (tx, application.organisation_id)
        }
        None => {
            let product = products::get(db, file.product_id, cx.today).await?;
            check_edits_product(db, actor, product.organisation_id).await?;
            (Tx::begin(db).await?, product.organisation_id)
        }
    };
    // Two removals at once: the second finds nothing left and is told so.
    let removed = tx
        .execute("DELETE FROM ocop_files WHERE id = $1", &[Arg::I64(file_id)])
        .await?;
    if removed == 0 {
        return Err(StoreError::NotFound);
    }
    let change = Change {
        action: Action::Delete,
        entity: "ocop_file",
        entity_id: file_id.to_string(),
        organisation_id: Some(organisation_id),
        before: Some(trail_of(
            file.product_id,
            file.application_id,
            &file.file_name,
            &file.content_type,
            file.byte_size,
            &file.sha256,
        )),
        after: None,
    };
    audit::record(&mut tx, actor, change, cx.now).await?;
    tx.commit().await?;
    Ok(file)
}

/// The registration form of an application, filled from the record (see
/// [`crate::registration_pdf`]): for those who read its dossier, 404 to anyone else.
pub async fn registration_form(
    db: &Db,
    actor: &Actor,
    application_id: i64,
    today: chrono::NaiveDate,
) -> StoreResult<RegistrationForm> {
    let (application, round) = application_and_round(db, application_id).await?;
    if !reads_dossier(db, actor, &round, &application).await? {
        return Err(StoreError::NotFound);
    }
    let product = products::get(db, application.product_id, today).await?;
    let maker = products::producer(db, application.organisation_id).await?;
    // The address as a letter carries it: the street or hamlet, the commune, the province.
    let address = [
        maker.address,
        Some(maker.commune_name),
        Some(round.province_name.clone()),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.trim().is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    Ok(RegistrationForm {
        province_name: round.province_name,
        subject_address: Some(address),
        representative: maker.representative_name,
        subject_name: maker.name,
        tax_code: maker.tax_code,
        phone: maker.phone,
        email: maker.email,
        product_name: product.name,
        product_group: product.product_group.label(Lang::Vi).to_owned(),
        kind: application.kind.label(Lang::Vi).to_owned(),
        round_name: round.name,
        submitted_on: application.submitted_on,
    })
}

/// Who reads an application's dossier: the round's officers and council, and the subject's
/// keepers. Not the public, even once the round is decided: a dossier holds the subject's papers.
pub async fn reads_dossier(
    db: &Db,
    actor: &Actor,
    round: &Round,
    application: &Application,
) -> StoreResult<bool> {
    let place = round.place();
    if actor.access.allows(Permission::ManageOcop, &place) || actor.access.allows(Permission::Score, &place) {
        return Ok(true);
    }
    let subject = gate::place_of(db, application.organisation_id).await?;
    Ok(actor.access.allows(Permission::Edit, &subject))
}

/// Who adds to and removes from a dossier: the round's officers and the subject's keepers.
pub async fn keeps_dossier(
    db: &Db,
    actor: &Actor,
    round: &Round,
    application: &Application,
) -> StoreResult<bool> {
    if actor.access.allows(Permission::ManageOcop, &round.place()) {
        return Ok(true);
    }
    let subject = gate::place_of(db, application.organisation_id).await?;
    Ok(actor.access.allows(Permission::Edit, &subject))
}

/// Whoever may edit the product's subject; anyone else is refused (403), as a product is public.
async fn check_edits_product(db: &Db, actor: &Actor, organisation_id: i64) -> StoreResult<()> {
    match gate::authorize(db, actor, Permission::Edit, organisation_id).await {
        Err(StoreError::NotFound) => Err(StoreError::Forbidden),
        other => other.map(|_| ()),
    }
}

async fn check_reads_dossier(
    db: &Db,
    actor: &Actor,
    round: &Round,
    application: &Application,
) -> StoreResult<()> {
    if reads_dossier(db, actor, round, application).await? {
        Ok(())
    } else {
        Err(rounds::refusal(db, actor, round, application).await?)
    }
}

async fn check_keeps_dossier(
    db: &Db,
    actor: &Actor,
    round: &Round,
    application: &Application,
) -> StoreResult<()> {
    if keeps_dossier(db, actor, round, application).await? {
        Ok(())
    } else {
        Err(rounds::refusal(db, actor, round, application).await?)
    }
}

async fn application_and_round(db: &Db, application_id: i64) -> StoreResult<(Application, Round)> {
    let application = rounds::application_row(db, application_id).await?;
    let round = rounds::get(db, application.round_id).await?;
    Ok((application, round))
}

async fn stored(db: &Db, file_id: i64) -> StoreResult<StoredFile> {
    let sql = format!("{SELECT_FILES} WHERE id = $1");
    let found: Option<StoredFile> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(file_id)
        .fetch_optional(pool)
        .await)?;
    found.ok_or(StoreError::NotFound)
}

async fn count(tx: &mut Tx<'_>, condition: &str, id: i64) -> StoreResult<i64> {
    let sql = format!("SELECT COUNT(*) AS n FROM ocop_files WHERE {condition}");
    let rows: Vec<(i64,)> = tx.fetch_all(&sql, &[Arg::I64(id)]).await?;
    Ok(rows.first().map(|r| r.0).unwrap_or(0))
}

/// A file of the same bytes kept already in the place `condition` names.
async fn same_file(tx: &mut Tx<'_>, condition: &str, id: i64, sha256: &str) -> StoreResult<Option<i64>> {
    let sql = format!("SELECT id FROM ocop_files WHERE {condition} AND sha256 = $2 ORDER BY id LIMIT 1");
    let rows: Vec<(i64,)> = tx
        .fetch_all(&sql, &[Arg::I64(id), Arg::Text(sha256.to_owned())])
        .await?;
    Ok(rows.first().map(|r| r.0))
}

fn refuse_beyond(field: &str, held: i64, most: i64) -> StoreResult<()> {
    if held < most {
        return Ok(());
    }
    let mut errors = FieldErrors::new();
    errors.add_with(field, "too_many_files", vec![("max", most.to_string())]);
    Err(StoreError::Conflict(errors))
}

/// What the trail keeps of a file: where it belongs and what it is, never its bytes.
fn trail_of(
    product_id: i64,
    application_id: Option<i64>,
    name: &str,
    content_type: &str,
    size: i64,
    sha256: &str,
) -> serde_json::Value {
    let mut value = json!({
        "product_id": product_id,
        "file_name": name,
        "content_type": content_type,
        "byte_size": size,
        "sha256": sha256,
    });
    if let Some(application_id) = application_id {
        value["application_id"] = json!(application_id);
    }
    value
}

async fn insert(
    tx: &mut Tx<'_>,
    cx: &Context,
    product_id: i64,
    application_id: Option<i64>,
    organisation_id: i64,
    file: CheckedFile,
) -> StoreResult<i64> {
    let names = [
        "product_id",
        "application_id",
        "file_name",
        "content_type",
        "byte_size",
        "sha256",
        "content",
        "uploaded_at",
        "uploaded_by",
    ];
    let content_type = file.kind.content_type();
    let args = [
        Arg::I64(product_id),
        Arg::OptI64(application_id),
        Arg::Text(file.name.clone()),
        Arg::Text(content_type.to_owned()),
        Arg::I64(file.size),
        Arg::Text(file.sha256.clone()),
        Arg::Bytes(file.bytes),
        Arg::Time(cx.now),
        Arg::OptI64(cx.actor.user_id),
    ];
    let id = tx
        .insert_returning_id(&insert_sql("ocop_files", &names), &args)
        .await?;
    let change = Change {
        action: Action::Create,
        entity: "ocop_file",
        entity_id: id.to_string(),
        organisation_id: Some(organisation_id),
        before: None,
        after: Some(trail_of(
            product_id,
            application_id,
            &file.name,
            content_type,
            file.size,
            &file.sha256,
        )),
    };
    audit::record(tx, &cx.actor, change, cx.now).await?;
    Ok(id)
}
