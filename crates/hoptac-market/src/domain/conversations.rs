//! Conversations between a buyer and a cooperative about a listing, and the demand it answers when
//! there is one: the way from a match to a contract.

use super::record_id;
use hoptac_core::form::amount_text;
use hoptac_core::FieldErrors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The longest message, in characters.
pub const MESSAGE_CHARS: usize = 4000;

/// A conversation opened with its first message.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct ConversationInput {
    /// The listing talked about.
    #[serde(default, deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub listing_id: Option<String>,
    /// The demand the listing answers, when the talk is about one; its buyer is the buyer.
    #[serde(default, deserialize_with = "amount_text")]
    #[schema(value_type = Option<i64>)]
    pub demand_id: Option<String>,
    /// The buyer, when there is no demand: an organisation the writer trades for (its id, or its
    /// name as typed). Left out when the writer trades for one buyer only.
    #[serde(default, deserialize_with = "amount_text")]
    pub buyer_id: Option<String>,
    /// The first message.
    #[serde(default)]
    pub message: String,
}

/// A conversation to open, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub listing_id: i64,
    pub demand_id: Option<i64>,
    pub buyer_id: Option<i64>,
    pub message: String,
}

impl ConversationInput {
    pub fn validate(&self) -> Result<Opening, FieldErrors> {
        let mut errors = FieldErrors::new();
        let listing_id = record_id(
            &mut errors,
            "listing_id",
            self.listing_id.as_deref(),
            true,
            "unknown_listing",
        );
        let demand_id = record_id(
            &mut errors,
            "demand_id",
            self.demand_id.as_deref(),
            false,
            "unknown_demand",
        );
        let buyer_id = record_id(
            &mut errors,
            "buyer_id",
            self.buyer_id.as_deref(),
            false,
            "unknown_organisation",
        );
        let message = message_text(&mut errors, &self.message);
        match listing_id {
            Some(listing_id) if errors.is_empty() => Ok(Opening {
                listing_id,
                demand_id,
                buyer_id,
                message,
            }),
            _ => Err(errors),
        }
    }
}

/// A message to send.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct MessageInput {
    #[serde(default)]
    pub message: String,
}

impl MessageInput {
    /// The message's text (see [`message_text`]).
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::new();
        let message = message_text(&mut errors, &self.message);
        if errors.is_empty() {
            Ok(message)
        } else {
            Err(errors)
        }
    }
}

/// A message as kept: its lines as typed without trailing spaces, no blank lines at its ends;
/// required, at most [`MESSAGE_CHARS`] characters, without control or invisible characters.
fn message_text(errors: &mut FieldErrors, typed: &str) -> String {
    let body = typed
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_owned();
    if body.trim().is_empty() {
        errors.add("message", "required");
    } else if body.chars().count() > MESSAGE_CHARS {
        errors.add_with("message", "too_long", vec![("max", MESSAGE_CHARS.to_string())]);
    } else if body
        .chars()
        .any(|c| (c.is_control() && c != '\n' && c != '\t') || hoptac_core::text::is_format_character(c))
    {
        errors.add("message", "hidden_characters");
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_keeps_its_lines_and_refuses_what_cannot_be_read() {
        let sent = MessageInput {
            message: "  Chào anh,  \r\n\r\nBên em cần 2 tấn.\n\n".into(),
        };
        assert_eq!(sent.validate().unwrap(), "  Chào anh,\n\nBên em cần 2 tấn.");
        let blank = MessageInput {
            message: " \n ".into(),
        };
        assert_eq!(
            blank.validate().unwrap_err().codes(),
            [("message".into(), "required")]
        );
        let long = MessageInput {
            message: "a".repeat(MESSAGE_CHARS + 1),
        };
        assert_eq!(
            long.validate().unwrap_err().codes(),
            [("message".into(), "too_long")]
        );
        let hidden = MessageInput {
            message: "giá\u{202E}tốt".into(),
        };
        assert_eq!(
            hidden.validate().unwrap_err().codes(),
            [("message".into(), "hidden_characters")]
        );
    }
}
