//! Notifications: what an organisation's people are told by the areas (a buyer's demand that fits
//! a cooperative's product, a message in a conversation, a contract to sign). A notification is
//! addressed to an organisation; every account acting for it (a grant scoped to it: its manager,
//! its buyer) sees it in the application and reads it for itself, and it is e-mailed once to the
//! organisation's address where the installation sends e-mail.
//!
//! Its words are kept as a message of the catalogue of words with arguments, so each reader sees
//! them in their own language and the e-mail is written in Vietnamese.

use crate::db::Arg;
use crate::i18n::{self, Lang};
use crate::mail::{MailError, Mailer};
use crate::sql::Tx;
use crate::{on_pool, Db, Page, Paging, StoreError, StoreResult};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;

/// How long a notification waits for its e-mail: one older than this is not mailed, so an
/// organisation that gains an address is not sent its whole past (days).
pub const MAIL_WITHIN_DAYS: i64 = 7;

/// Something to tell an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub organisation_id: i64,
    /// What it is about; an organisation is told about a topic once
    /// (`market-match:demand:7:listing:12`).
    pub topic: String,
    /// The id of its words in the catalogue, e.g. `notify-market-match`.
    pub message: &'static str,
    /// The message's variables, as (name, value).
    pub args: Vec<(&'static str, String)>,
    /// The page it leads to, a path of this site (`/market/demands/7`).
    pub link: String,
}

/// Records `notice` in the transaction; false when the organisation was already told about its
/// topic.
pub async fn tell(tx: &mut Tx<'_>, notice: &Notice, now: DateTime<Utc>) -> StoreResult<bool> {
    let args: BTreeMap<&str, &str> = notice.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let args = serde_json::to_string(&args).map_err(|e| StoreError::Config(e.to_string()))?;
    let written = tx
        .execute(
            "INSERT INTO notifications (organisation_id, topic, message, args, link, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (organisation_id, topic) DO NOTHING",
            &[
                Arg::I64(notice.organisation_id),
                Arg::Text(notice.topic.clone()),
                Arg::Text(notice.message.to_owned()),
                Arg::Text(args),
                Arg::Text(notice.link.clone()),
                Arg::Time(now),
            ],
        )
        .await?;
    Ok(written > 0)
}

/// Records every notice in one transaction; returns how many were new.
pub async fn tell_all(db: &Db, notices: &[Notice], now: DateTime<Utc>) -> StoreResult<usize> {
    if notices.is_empty() {
        return Ok(0);
    }
    let mut tx = Tx::begin(db).await?;
    let mut new = 0;
    for notice in notices {
        new += usize::from(tell(&mut tx, notice, now).await?);
    }
    tx.commit().await?;
    Ok(new)
}

/// A notification as its reader sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Notification {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub message: String,
    /// The message's variables, a JSON object of strings.
    pub args: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    /// True once this reader has read it.
    pub read: bool,
}

impl Notification {
    /// Its words in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        words(lang, &self.message, &self.args)
    }
}

/// Message `message` of the catalogue with its variables (a JSON object of strings) in `lang`;
/// the message id itself when the catalogue lacks it (logged).
fn words(lang: Lang, message: &str, args: &str) -> String {
    let args: BTreeMap<String, String> = serde_json::from_str(args).unwrap_or_default();
    let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    i18n::format(lang, message, &pairs).unwrap_or_else(|| {
        tracing::warn!(%message, "a notification's words are not in the catalogue");
        message.to_owned()
    })
}

/// The organisations `user_id` acts for: those its grants in force are scoped to.
const READERS_ORGANISATIONS: &str = "SELECT organisation_id FROM role_grants \
     WHERE user_id = $1 AND revoked_at IS NULL AND organisation_id IS NOT NULL";

/// A reader's notifications, the newest first.
pub async fn for_reader(db: &Db, user_id: i64, paging: Paging) -> StoreResult<Page<Notification>> {
    let select = format!(
        "SELECT n.id, n.organisation_id, o.name AS organisation_name, n.message, n.args, n.link, \
         n.created_at, EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id \
         AND r.user_id = $1) AS read \
         FROM notifications n JOIN organisations o ON o.id = n.organisation_id \
         WHERE n.organisation_id IN ({READERS_ORGANISATIONS}) ORDER BY n.id DESC LIMIT $2 OFFSET $3"
    );
    let count =
        format!("SELECT COUNT(*) FROM notifications n WHERE n.organisation_id IN ({READERS_ORGANISATIONS})");
    let (items, total) = on_pool!(db, |pool| {
        let items = sqlx::query_as::<_, Notification>(&select)
            .bind(user_id)
            .bind(paging.per_page)
            .bind(paging.offset())
            .fetch_all(pool)
            .await?;
        let total: i64 = sqlx::query_scalar(&count).bind(user_id).fetch_one(pool).await?;
        Ok::<_, sqlx::Error>((items, total))
    })?;
    Ok(Page::new(items, total, paging))
}

/// How many of a reader's notifications it has not read.
pub async fn unread(db: &Db, user_id: i64) -> StoreResult<i64> {
    let sql = format!(
        "SELECT COUNT(*) FROM notifications n WHERE n.organisation_id IN ({READERS_ORGANISATIONS}) \
         AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id \
         AND r.user_id = $1)"
    );
    Ok(on_pool!(db, |pool| sqlx::query_scalar(&sql)
        .bind(user_id)
        .fetch_one(pool)
        .await)?)
}

/// Marks read for `user_id` one notification (`Some(id)`) or all of its notifications, and
/// returns the page the one leads to. A notification that is not the reader's is
/// [`StoreError::NotFound`].
pub async fn mark_read(
    db: &Db,
    user_id: i64,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<Option<String>> {
    let mut tx = Tx::begin(db).await?;
    let mut args = vec![Arg::I64(user_id), Arg::Time(now)];
    let one = match id {
        Some(id) => {
            let link: Option<String> = tx
                .fetch_optional::<(String,)>(
                    &format!(
                        "SELECT link FROM notifications WHERE id = $2 \
                         AND organisation_id IN ({READERS_ORGANISATIONS})"
                    ),
                    &[Arg::I64(user_id), Arg::I64(id)],
                )
                .await?
                .map(|(link,)| link);
            let Some(link) = link else {
                return Err(StoreError::NotFound);
            };
            args.push(Arg::I64(id));
            Some(link)
        }
        None => None,
    };
    let which = if one.is_some() { "n.id = $3" } else { "TRUE" };
    tx.execute(
        &format!(
            "INSERT INTO notification_reads (notification_id, user_id, read_at) \
             SELECT n.id, $1, $2 FROM notifications n \
             WHERE {which} AND n.organisation_id IN ({READERS_ORGANISATIONS}) \
             ON CONFLICT (notification_id, user_id) DO NOTHING"
        ),
        &args,
    )
    .await?;
    tx.commit().await?;
    Ok(one)
}

/// A notification waiting for its e-mail.
#[derive(Debug, sqlx::FromRow)]
struct Unmailed {
    id: i64,
    organisation_name: String,
    email: String,
    message: String,
    args: String,
    link: String,
}

/// What one mailing did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MailRun {
    pub emailed: usize,
    /// Letters the server refused or could not take; tried again next time.
    pub failed: usize,
}

/// E-mails, in Vietnamese, the notifications of the last [`MAIL_WITHIN_DAYS`] not yet mailed to
/// organisations that have an address; each is mailed once. `public_url` (the site's address as
/// its users reach it) makes the link whole.
pub async fn mail_waiting(
    db: &Db,
    mailer: &Mailer,
    now: DateTime<Utc>,
    public_url: Option<&str>,
) -> Result<MailRun, MailingError> {
    let sql = "SELECT n.id, o.name AS organisation_name, o.email, n.message, n.args, n.link \
               FROM notifications n JOIN organisations o ON o.id = n.organisation_id \
               WHERE n.emailed_at IS NULL AND n.created_at >= $1 \
               AND o.email IS NOT NULL AND o.email <> '' ORDER BY n.id";
    let since = now - Duration::days(MAIL_WITHIN_DAYS);
    let waiting: Vec<Unmailed> = on_pool!(db, |pool| sqlx::query_as(sql).bind(since).fetch_all(pool).await)?;
    let mut run = MailRun::default();
    for letter in waiting {
        let text = words(Lang::Vi, &letter.message, &letter.args);
        let link = match public_url {
            Some(base) => format!("{}{}", base.trim_end_matches('/'), letter.link),
            None => letter.link.clone(),
        };
        let body = format!(
            "Kính gửi {},\n\n{text}\n\nXem tại: {link}\n\nThư này do hệ thống hoptac gửi tự động.\n",
            letter.organisation_name
        );
        match mailer
            .send(&letter.email, &format!("[hoptac] {text}"), body)
            .await
        {
            Ok(()) => {
                on_pool!(db, |pool| sqlx::query(
                    "UPDATE notifications SET emailed_at = $1 WHERE id = $2"
                )
                .bind(now)
                .bind(letter.id)
                .execute(pool)
                .await
                .map(|_| ()))?;
                run.emailed += 1;
            }
            Err(MailError::Settings(e)) => return Err(MailingError::Mail(MailError::Settings(e))),
            Err(e) => {
                tracing::warn!(notification = letter.id, error = %e, "notification not e-mailed");
                run.failed += 1;
            }
        }
    }
    Ok(run)
}

/// Why a mailing stopped.
#[derive(Debug, thiserror::Error)]
pub enum MailingError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Mail(#[from] MailError),
}

impl From<sqlx::Error> for MailingError {
    fn from(e: sqlx::Error) -> Self {
        MailingError::Store(e.into())
    }
}
