//! Work the server does on its own: once an hour it writes the notices of OCOP certificates
//! entering their last 30 days and, where an SMTP server is configured, e-mails each subject that
//! has an address. Both steps can run any number of times: a certificate gets one notice, a notice
//! is mailed once, and one that could not be sent is tried again on the next run.

use crate::{AppState, Clock};
use hoptac_core::numbers::format_date;
use hoptac_core::{Db, StoreError};
use hoptac_ocop::store::certificates::{self, Notice};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How to send e-mail.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://host:25`, `smtp://user:password@host:587?tls=required` or `smtps://host:465`.
    pub url: String,
    /// The sender, e.g. `hoptac <ocop@lienminhhtx.vn>`.
    pub from: String,
}

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct NoticeRun {
    pub created: usize,
    pub emailed: usize,
    /// Notices whose e-mail failed; tried again next time.
    pub failed: usize,
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("mail settings: {0}")]
    Mail(String),
}

/// Writes today's notices and mails those not yet mailed.
pub async fn run_notices(
    db: &Db,
    mail: Option<&MailSettings>,
    clock: &Clock,
    public_url: Option<&str>,
) -> Result<NoticeRun, JobError> {
    let created = certificates::notify_expiring(db, clock.today(), clock.now()).await?;
    let mut run = NoticeRun {
        created: created.len(),
        ..NoticeRun::default()
    };
    let Some(mail) = mail else {
        return Ok(run);
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&mail.url)
        .map_err(|e| JobError::Mail(e.to_string()))?
        .timeout(Some(Duration::from_secs(30)))
        .build();
    let from: Mailbox = mail
        .from
        .parse()
        .map_err(|e| JobError::Mail(format!("sender «{}»: {e}", mail.from)))?;
    for notice in certificates::unsent_by_email(db).await? {
        match expiry_email(&notice, &from, public_url) {
            Some(message) => match transport.send(message).await {
                Ok(_) => {
                    certificates::mark_emailed(db, notice.id, clock.now()).await?;
                    run.emailed += 1;
                }
                Err(e) => {
                    tracing::warn!(notice = notice.id, error = %e, "expiry notice not sent");
                    run.failed += 1;
                }
            },
            None => {
                tracing::warn!(notice = notice.id, "the subject's e-mail address cannot be used");
                run.failed += 1;
            }
        }
    }
    Ok(run)
}

/// The e-mail of an expiry notice, in Vietnamese as the subject reads it; `None` when the
/// subject's address is not one.
fn expiry_email(notice: &Notice, from: &Mailbox, public_url: Option<&str>) -> Option<Message> {
    let to: Mailbox = notice.organisation_email.as_deref()?.trim().parse().ok()?;
    let link = public_url
        .map(|base| {
            format!(
                "\nTrang sản phẩm: {}/ocop/products/{}\n",
                base.trim_end_matches('/'),
                notice.product_id
            )
        })
        .unwrap_or_default();
    let body = format!(
        "Kính gửi {organisation},\n\n\
         Giấy chứng nhận sản phẩm OCOP số {number} của sản phẩm «{product}» hết hiệu lực \
         ngày {expires}. Để sản phẩm tiếp tục được công nhận, đề nghị đơn vị đăng ký đánh giá lại \
         trong đợt đánh giá, phân hạng sản phẩm OCOP gần nhất của tỉnh.\n{link}\n\
         Thư này do hệ thống hoptac gửi tự động.\n",
        organisation = notice.organisation_name,
        number = notice.certificate_number,
        product = notice.product_name,
        expires = format_date(notice.expires_on),
    );
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(format!(
            "Giấy chứng nhận OCOP {} sắp hết hạn ({})",
            notice.certificate_number,
            format_date(notice.expires_on)
        ))
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .ok()
}

/// Runs [`run_notices`] and refreshes the planner's statistics now and then every hour while the
/// server lives.
pub fn spawn_hourly(state: AppState, mail: Option<MailSettings>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let public_url = state.settings().public_url.clone();
            match run_notices(state.db(), mail.as_ref(), state.clock(), public_url.as_deref()).await {
                Ok(run) if run == NoticeRun::default() => {}
                Ok(run) => tracing::info!(
                    created = run.created,
                    emailed = run.emailed,
                    failed = run.failed,
                    "OCOP expiry notices"
                ),
                Err(e) => tracing::error!(error = %e, "OCOP expiry notices failed"),
            }
            // Planner statistics that follow the registry's growth keep reports on good plans.
            if let Err(e) = state.db().optimize().await {
                tracing::error!(error = %e, "refreshing the planner's statistics failed");
            }
        }
    });
}
