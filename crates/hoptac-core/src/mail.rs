//! How this installation sends e-mail, for the areas that notify people (OCOP expiry notices...).

/// An SMTP server and the sender's address.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://host:25`, `smtp://user:password@host:587?tls=required` or `smtps://host:465`.
    pub url: String,
    /// The sender, e.g. `hoptac <ocop@lienminhhtx.vn>`.
    pub from: String,
}
