//! Certificates: the public verification behind the QR code, a product's history, and the notices
//! sent to subjects before a certificate expires.

use crate::domain::certificate::{state_on, CertificateState, NOTICE_DAYS};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hoptac_core::access::{Permission, Place};
use hoptac_core::audit::Actor;
use hoptac_core::sql::{insert_sql, Tx};
use hoptac_core::{on_pool, Arg, Db, StoreError, StoreResult};
use rand::Rng;
use serde::Serialize;

/// The one SQL spelling of "the certificate holds on the day" ([`state_on`] answering valid or
/// expiring soon): issued by the day, not yet expired on it, not replaced by it. `alias` names the
/// certificate row, `day` the expression of the day (a placeholder, or a column); every query that
/// asks whether a certificate counts on a day asks this.
///
/// [`state_on`]: crate::domain::certificate::state_on
pub fn holds_on(alias: &str, day: &str) -> String {
    format!(
        "({alias}.issued_on <= {day} AND {alias}.expires_on > {day} \
         AND ({alias}.replaced_on IS NULL OR {alias}.replaced_on > {day}))"
    )
}

/// A fresh code for a certificate's QR: twelve characters of an alphabet without look-alikes.
pub(crate) fn new_verification_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..12)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// A certificate with its product, subject and round, as the public sees it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Certificate {
    pub id: i64,
    pub number: String,
    pub verification_code: String,
    pub product_id: i64,
    pub product_name: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub organisation_address: Option<String>,
    pub province_name: String,
    pub stars: i32,
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub replaced_on: Option<NaiveDate>,
    pub round_id: Option<i64>,
    pub round_name: Option<String>,
    pub decision_number: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub decision_signer: Option<String>,
    /// The state on the day asked.
    #[sqlx(skip)]
    pub state: Option<CertificateState>,
}

impl Certificate {
    fn on(mut self, today: NaiveDate) -> Self {
        self.state = Some(state_on(self.issued_on, self.expires_on, self.replaced_on, today));
        self
    }
}

const SELECT_CERTIFICATES: &str = "SELECT c.id, c.number, c.verification_code, c.product_id, p.name AS product_name, \
     p.organisation_id, o.name AS organisation_name, o.address AS organisation_address, pr.name AS province_name, \
     c.stars, c.issued_on, c.expires_on, c.replaced_on, r.id AS round_id, r.name AS round_name, \
     COALESCE(r.decision_number, c.decision_number) AS decision_number, \
     COALESCE(r.decision_date, c.decision_date) AS decision_date, r.decision_signer \
     FROM ocop_certificates c JOIN ocop_products p ON p.id = c.product_id \
     JOIN organisations o ON o.id = p.organisation_id \
     JOIN provinces pr ON pr.era = '2025' AND pr.code = o.province_code \
     LEFT JOIN ocop_applications a ON a.id = c.application_id \
     LEFT JOIN ocop_rounds r ON r.id = a.round_id";

/// Certificates whose number holds `words` as typed (`1250/QĐ-UBND`, or its digits `1250`), or
/// whose verification code they are, newest first, at most `most`: the one search's. Public, as
/// the verification page is.
pub async fn numbered(db: &Db, words: &str, most: i64, today: NaiveDate) -> StoreResult<Vec<Certificate>> {
    let sql = format!(
        "{SELECT_CERTIFICATES} WHERE c.number LIKE $1 ESCAPE '\\' OR c.verification_code = $2 \
         ORDER BY c.issued_on DESC, c.id DESC LIMIT $3"
    );
    let found: Vec<Certificate> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(hoptac_core::sql::like_contains(words.trim()))
        .bind(words.trim())
        .bind(most)
        .fetch_all(pool)
        .await)?;
    Ok(found.into_iter().map(|c| c.on(today)).collect())
}

/// The certificate behind a QR code, with its state on `today`; `None` when no certificate has
/// that code. Public.
pub async fn verify(db: &Db, code: &str, today: NaiveDate) -> StoreResult<Option<Certificate>> {
    let sql = format!("{SELECT_CERTIFICATES} WHERE c.verification_code = $1");
    let found: Option<Certificate> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(code.trim().to_lowercase())
        .fetch_optional(pool)
        .await)?;
    Ok(found.map(|c| c.on(today)))
}

pub async fn get(db: &Db, id: i64, today: NaiveDate) -> StoreResult<Certificate> {
    let sql = format!("{SELECT_CERTIFICATES} WHERE c.id = $1");
    let found: Option<Certificate> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?;
    found.map(|c| c.on(today)).ok_or(StoreError::NotFound)
}

/// Every certificate a product was given, the latest first. Public.
pub async fn of_product(db: &Db, product_id: i64, today: NaiveDate) -> StoreResult<Vec<Certificate>> {
    let sql = format!("{SELECT_CERTIFICATES} WHERE c.product_id = $1 ORDER BY c.issued_on DESC, c.id DESC");
    let rows: Vec<Certificate> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(product_id)
        .fetch_all(pool)
        .await)?;
    Ok(rows.into_iter().map(|c| c.on(today)).collect())
}

/// Every certificate of the subjects of a 2025 province, the latest first. Public.
pub async fn of_province(db: &Db, province: &str, today: NaiveDate) -> StoreResult<Vec<Certificate>> {
    let sql =
        format!("{SELECT_CERTIFICATES} WHERE o.province_code = $1 ORDER BY c.issued_on DESC, c.id DESC");
    let rows: Vec<Certificate> = on_pool!(db, |pool| sqlx::query_as(&sql)
        .bind(province)
        .fetch_all(pool)
        .await)?;
    Ok(rows.into_iter().map(|c| c.on(today)).collect())
}

/// A certificate a decision issued before hoptac kept the province's rounds, as the province's
/// list of OCOP products records it: the decision's number and date (the day it was issued), its
/// stars (3 to 5) and the day it stops holding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierCertificate {
    /// The certificate's own number; unset, the decision's with the product's record number
    /// ([`crate::domain::certificate::number_of_earlier`]).
    pub number: Option<String>,
    pub stars: u8,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    pub expires_on: NaiveDate,
}

/// Records an earlier certificate of a product inside `tx`, on the audit trail. The product's
/// certificates stay one history: one issued before it is replaced on its day, and it is replaced
/// on the day of one issued after it. The caller has checked that the actor runs the programme at
/// the subject's place. A number in use is [`StoreError::Conflict`] on `certificate_number`.
pub async fn record_earlier_in(
    tx: &mut Tx<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    product_id: i64,
    organisation_id: i64,
    c: &EarlierCertificate,
) -> StoreResult<i64> {
    let number = c
        .number
        .clone()
        .unwrap_or_else(|| crate::domain::certificate::number_of_earlier(&c.decision_number, product_id));
    let issued = c.decision_date;
    tx.execute(
        "UPDATE ocop_certificates SET replaced_on = $1 WHERE product_id = $2 AND issued_on < $1 \
         AND (replaced_on IS NULL OR replaced_on > $1)",
        &[Arg::Date(issued), Arg::I64(product_id)],
    )
    .await?;
    let later: Option<(NaiveDate,)> = tx
        .fetch_optional(
            "SELECT issued_on FROM ocop_certificates WHERE product_id = $1 AND issued_on > $2 \
             ORDER BY issued_on LIMIT 1",
            &[Arg::I64(product_id), Arg::Date(issued)],
        )
        .await?;
    let names = [
        "number",
        "verification_code",
        "product_id",
        "stars",
        "issued_on",
        "expires_on",
        "replaced_on",
        "decision_number",
        "decision_date",
        "created_at",
    ];
    let args = [
        Arg::Text(number.clone()),
        Arg::Text(new_verification_code()),
        Arg::I64(product_id),
        Arg::I32(i32::from(c.stars)),
        Arg::Date(issued),
        Arg::Date(c.expires_on),
        Arg::OptDate(later.map(|(day,)| day)),
        Arg::Text(c.decision_number.clone()),
        Arg::Date(c.decision_date),
        Arg::Time(now),
    ];
    let id = match tx
        .insert_returning_id(&insert_sql("ocop_certificates", &names), &args)
        .await
    {
        Err(e) if hoptac_core::error::is_unique_violation(&e) => {
            let mut errors = hoptac_core::FieldErrors::new();
            errors.add_with(
                "certificate_number",
                "duplicate_certificate_number",
                vec![("value", number)],
            );
            return Err(StoreError::Conflict(errors));
        }
        other => other?,
    };
    let change = hoptac_core::audit::Change {
        action: hoptac_core::audit::Action::Create,
        entity: "ocop_certificate",
        entity_id: id.to_string(),
        organisation_id: Some(organisation_id),
        before: None,
        after: Some(serde_json::json!({
            "product_id": product_id,
            "number": number,
            "stars": c.stars,
            "issued_on": issued,
            "expires_on": c.expires_on,
            "decision_number": c.decision_number,
            "decision_date": c.decision_date,
        })),
    };
    hoptac_core::audit::record(tx, actor, change, now).await?;
    Ok(id)
}

/// A notice to a subject about one of its certificates.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Notice {
    pub id: i64,
    pub kind: String,
    pub certificate_id: i64,
    pub certificate_number: String,
    pub product_id: i64,
    pub product_name: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub organisation_email: Option<String>,
    pub expires_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub emailed_at: Option<DateTime<Utc>>,
    /// Where the organisation sits, for deciding who reads the notice.
    #[serde(skip)]
    #[schema(ignore)]
    pub commune_id: i64,
    #[serde(skip)]
    #[schema(ignore)]
    pub current_commune_id: Option<i64>,
    #[serde(skip)]
    #[schema(ignore)]
    pub province_code: String,
}

/// The one kind of notice so far: a certificate expires within [`NOTICE_DAYS`].
pub const EXPIRY_NOTICE: &str = "expiry";

const SELECT_NOTICES: &str =
    "SELECT n.id, n.kind, n.certificate_id, c.number AS certificate_number, c.product_id, \
     p.name AS product_name, p.organisation_id, o.name AS organisation_name, o.email AS organisation_email, \
     c.expires_on, n.created_at, n.emailed_at, o.commune_id, o.current_commune_id, o.province_code \
     FROM ocop_notices n JOIN ocop_certificates c ON c.id = n.certificate_id \
     JOIN ocop_products p ON p.id = c.product_id JOIN organisations o ON o.id = p.organisation_id";

/// Writes a notice for every certificate that expires within the notice period of `today` and has
/// none yet; returns the new notices. Run daily by the server and by `hoptac ocop notify`.
pub async fn notify_expiring(db: &Db, today: NaiveDate, now: DateTime<Utc>) -> StoreResult<Vec<Notice>> {
    let horizon = today + Duration::days(NOTICE_DAYS);
    let due: Vec<i64> = on_pool!(db, |pool| {
        sqlx::query_scalar(
        "SELECT c.id FROM ocop_certificates c WHERE c.replaced_on IS NULL AND c.expires_on > $1 \
         AND c.expires_on <= $2 AND NOT EXISTS (SELECT 1 FROM ocop_notices n WHERE n.certificate_id = c.id AND n.kind = $3) \
         ORDER BY c.expires_on, c.id"
    )
    .bind(today)
    .bind(horizon)
    .bind(EXPIRY_NOTICE)
    .fetch_all(pool)
    .await
    })?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = Tx::begin(db).await?;
    let mut ids = Vec::with_capacity(due.len());
    for certificate_id in due {
        let args = [
            Arg::I64(certificate_id),
            Arg::Text(EXPIRY_NOTICE.into()),
            Arg::Time(now),
        ];
        ids.push(
            tx.insert_returning_id(
                &insert_sql("ocop_notices", &["certificate_id", "kind", "created_at"]),
                &args,
            )
            .await?,
        );
    }
    tx.commit().await?;
    let mut notices = Vec::with_capacity(ids.len());
    for id in ids {
        let sql = format!("{SELECT_NOTICES} WHERE n.id = $1");
        let notice: Notice = on_pool!(db, |pool| sqlx::query_as(&sql).bind(id).fetch_one(pool).await)?;
        notices.push(notice);
    }
    Ok(notices)
}

/// The notices not yet sent by e-mail to subjects that have an address, the oldest first; a
/// failed sending leaves a notice here for the next run.
pub async fn unsent_by_email(db: &Db) -> StoreResult<Vec<Notice>> {
    let sql = format!(
        "{SELECT_NOTICES} WHERE n.emailed_at IS NULL AND o.email IS NOT NULL AND o.email <> '' \
         ORDER BY n.created_at, n.id"
    );
    Ok(on_pool!(db, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?)
}

/// The notices still asking for re-recognition of certificates of these organisations (a
/// manager's), one per certificate, the latest first.
pub async fn asking_of(db: &Db, organisation_ids: &[i64]) -> StoreResult<Vec<Notice>> {
    if organisation_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{SELECT_NOTICES} WHERE {STILL_ASKING} AND p.organisation_id IN {{ids}} \
         ORDER BY n.created_at DESC, n.id DESC"
    );
    let mut notices: Vec<Notice> = hoptac_core::sql::fetch_for_ids(db, &sql, organisation_ids).await?;
    let mut told = std::collections::HashSet::new();
    notices.retain(|n| told.insert(n.certificate_id));
    Ok(notices)
}

/// Marks a notice as sent by e-mail.
pub async fn mark_emailed(db: &Db, notice_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
    on_pool!(db, |pool| sqlx::query(
        "UPDATE ocop_notices SET emailed_at = $1 WHERE id = $2"
    )
    .bind(now)
    .bind(notice_id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A notice still asks for something while its certificate is not replaced and its product has no
/// application waiting in a round not yet decided: once re-recognition is applied for, or granted,
/// the notice has been answered.
const STILL_ASKING: &str = "c.replaced_on IS NULL AND NOT EXISTS (SELECT 1 FROM ocop_applications a \
     JOIN ocop_rounds r ON r.id = a.round_id WHERE a.product_id = c.product_id \
     AND a.withdrawn_on IS NULL AND r.decided_at IS NULL)";

/// The notices still asking for re-recognition (see [`STILL_ASKING`]) about certificates of the
/// organisations the actor keeps (its managers and the officers of its place); the latest first.
pub async fn notices_for(db: &Db, actor: &Actor) -> StoreResult<Vec<Notice>> {
    if actor.user_id.is_none() && !actor.access.admin {
        return Ok(Vec::new());
    }
    let sql =
        format!("{SELECT_NOTICES} WHERE {STILL_ASKING} ORDER BY n.created_at DESC, n.id DESC LIMIT 500");
    let all: Vec<Notice> = on_pool!(db, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?;
    Ok(all
        .into_iter()
        .filter(|n| {
            let place = Place {
                organisation_id: Some(n.organisation_id),
                commune_id: Some(n.commune_id),
                current_commune_id: n.current_commune_id,
                province_code: n.province_code.clone(),
                round_id: None,
            };
            actor.access.allows(Permission::Edit, &place)
        })
        .collect())
}
