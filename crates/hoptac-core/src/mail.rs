//! How this installation sends e-mail, for the areas that notify people (OCOP expiry notices, an
//! organisation's notifications): the settings, and one sender built from them.

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// An SMTP server and the sender's address.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://host:25`, `smtp://user:password@host:587?tls=required` or `smtps://host:465`.
    pub url: String,
    /// The sender, e.g. `hoptac <ocop@lienminhhtx.vn>`.
    pub from: String,
}

/// Why a letter was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The settings cannot be used (the URL or the sender's address): nothing can be sent.
    #[error("mail settings: {0}")]
    Settings(String),
    /// The recipient's address is not one.
    #[error("address «{0}» cannot be used")]
    Address(String),
    /// The server refused the letter or could not be reached; worth trying again later.
    #[error("sending: {0}")]
    Sending(String),
}

/// Sends plain-text letters through the installation's SMTP server (30 s at most a letter).
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> Result<Mailer, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.url)
            .map_err(|e| MailError::Settings(e.to_string()))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = settings
            .from
            .parse()
            .map_err(|e| MailError::Settings(format!("sender «{}»: {e}", settings.from)))?;
        Ok(Mailer { transport, from })
    }

    /// Sends one letter to `to`, an address as the registry keeps it (surrounding spaces aside).
    /// The text goes quoted-printable: Vietnamese letters are encoded, while the links and numbers
    /// stay readable to any mail program.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), MailError> {
        let to: Mailbox = to.trim().parse().map_err(|_| MailError::Address(to.to_owned()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(
                Body::new_with_encoding(body, ContentTransferEncoding::QuotedPrintable)
                    .map_err(|_| MailError::Sending("the text cannot be encoded".into()))?,
            )
            .map_err(|e| MailError::Sending(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| MailError::Sending(e.to_string()))
    }
}
