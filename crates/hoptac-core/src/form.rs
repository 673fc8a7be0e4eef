//! How typed values arrive from forms and JSON alike: amounts as numbers or text, checkboxes as
//! flags.

use serde::{Deserialize, Deserializer};

/// Accepts a JSON number or a string for an amount, so the API takes `1500000` and forms take
/// "1.500.000"; both go through the same validation.
pub fn amount_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Amount {
        Number(i64),
        Text(String),
    }
    Ok(match Option::<Amount>::deserialize(deserializer)? {
        None => None,
        Some(Amount::Number(n)) => Some(n.to_string()),
        Some(Amount::Text(t)) => Some(t),
    })
}

/// What [`flag`] fails with; the extractors report it as the field's `invalid_flag`.
pub const NOT_A_FLAG: &str = "expected true or false";

/// Accepts `true`/`false` from JSON, and from a form "on" (what a ticked checkbox sends), "true",
/// "1" or "yes" for true and "false", "0", "off", "no" or nothing for false. Anything else is
/// refused with [`NOT_A_FLAG`]: "maybe" is not false.
pub fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Flag>::deserialize(deserializer)? {
        None => false,
        Some(Flag::Bool(b)) => b,
        Some(Flag::Text(t)) => match t.trim() {
            "on" | "true" | "1" | "yes" => true,
            "" | "off" | "false" | "0" | "no" => false,
            _ => return Err(serde::de::Error::custom(NOT_A_FLAG)),
        },
    })
}

/// A parameter or field with something in it, trimmed: blank means "any" in a filter and "not
/// given" in a form.
pub fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// An input an edit form sends back: besides the fields, the version of the record it was made from
/// and the record as the form showed it (`original`, JSON), so that a save from an older version can
/// be refused and then merged field by field.
pub trait EditInput: serde::Serialize + serde::de::DeserializeOwned + Clone {
    /// The record as the form showed it.
    fn original(&self) -> Option<&str>;
    /// These fields, as an edit of the record `shown` (its version and original).
    fn editing(self, shown: &Self) -> Self;
}

/// Implements [`EditInput`] for an input with the fields `version` and `original`.
#[macro_export]
macro_rules! edit_input {
    ($input:ty) => {
        impl $crate::form::EditInput for $input {
            fn original(&self) -> Option<&str> {
                self.original.as_deref()
            }
            fn editing(self, shown: &Self) -> Self {
                Self {
                    version: shown.version,
                    original: shown.original.clone(),
                    ..self
                }
            }
        }
    };
}
