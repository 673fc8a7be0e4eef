//! The notices of OCOP certificates entering their last 30 days: written, and e-mailed to each
//! subject that has an address where an SMTP server is configured. The server runs this every hour
//! (the OCOP area's hourly job) and `hoptac ocop notify` on demand. Both steps can run any number
//! of times: a certificate gets one notice, a notice is mailed once, and one that could not be sent
//! is tried again on the next run.

use crate::store::certificates::{self, Notice};
use hoptac_core::clock::Clock;
pub use hoptac_core::mail::MailSettings;
use hoptac_core::mail::{MailError, Mailer};
use hoptac_core::numbers::format_date;
use hoptac_core::{Db, StoreError};

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
    #[error("{0}")]
    Mail(#[from] MailError),
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
    let mailer = Mailer::new(mail)?;
    for notice in certificates::unsent_by_email(db).await? {
        let Some(to) = notice.organisation_email.as_deref() else {
            continue;
        };
        let (subject, body) = expiry_email(&notice, public_url);
        match mailer.send(to, &subject, body).await {
            Ok(()) => {
                certificates::mark_emailed(db, notice.id, clock.now()).await?;
                run.emailed += 1;
            }
            Err(e) => {
                tracing::warn!(notice = notice.id, error = %e, "expiry notice not sent");
                run.failed += 1;
            }
        }
    }
    Ok(run)
}

/// The subject and text of an expiry notice's e-mail, in Vietnamese as the subject reads it.
fn expiry_email(notice: &Notice, public_url: Option<&str>) -> (String, String) {
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
    let subject = format!(
        "Giấy chứng nhận OCOP {} sắp hết hạn ({})",
        notice.certificate_number,
        format_date(notice.expires_on)
    );
    (subject, body)
}
