//! The two languages of hoptac and the catalogue of their words. Vietnamese comes first; English is
//! a switch away. The words live in Fluent files, one pair per crate (`locales/vi.ftl`,
//! `locales/en.ftl`), and are looked up in one catalogue that each area's set joins.

use crate::errors::FieldError;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError, RwLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "vi")]
    Vi,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every language the site speaks.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(value: &str) -> Option<Lang> {
        match value.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("vi") => Some(Lang::Vi),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks `vi` or `en` text.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A nullable column holding a vocabulary's code, as rows decode it:
/// `#[sqlx(try_from = "hoptac_core::i18n::OptionalCode")] rating: Option<YearlyRating>`. A code the
/// vocabulary does not know is a decoding error, not a silent `None`.
#[derive(sqlx::Type)]
#[sqlx(transparent)]
pub struct OptionalCode(pub Option<String>);

impl<T: TryFrom<String, Error = String>> TryFrom<OptionalCode> for Option<T> {
    type Error = String;
    fn try_from(value: OptionalCode) -> Result<Self, Self::Error> {
        value.0.map(T::try_from).transpose()
    }
}

/// Defines a closed vocabulary: an enum whose values have a stable code (used in URLs, JSON and the
/// database) and a label in each language, the message `{Enum}-{code}` of the crate's translations
/// (`OrgKind-htx = Hợp tác xã`). Its OpenAPI schema is a string of those codes, with the enum's doc
/// comment as its description.
// `crate::TRANSLATIONS` is the calling crate's words, on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! vocabulary {
    ($(#[doc = $doc:expr])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal;)+ }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }

        // Written out rather than derived: the derive cannot read the codes through this macro and
        // documented the variants' Rust names, which the API refuses.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let lines: &[&str] = &[$($doc),*];
                let description = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description(Some(description).filter(|d| !d.is_empty()))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value.trim() { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The messages of values that have no label in one of the languages, for tests.
            pub fn unlabelled() -> Vec<String> {
                $crate::i18n::install(&[crate::TRANSLATIONS]);
                let ids = [$(concat!(stringify!($name), "-", $code)),+];
                let mut missing = Vec::new();
                for lang in [$crate::i18n::Lang::Vi, $crate::i18n::Lang::En] {
                    for id in ids {
                        if $crate::i18n::text(lang, id).is_none() {
                            missing.push(format!("{id} ({})", lang.code()));
                        }
                    }
                }
                missing
            }

            /// The value's name in `lang`.
            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                match self {
                    $($name::$variant => $crate::word!(lang, concat!(stringify!($name), "-", $code))),+
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                $name::parse(&value).ok_or_else(|| format!("unknown {} code {value:?}", stringify!($name)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The words of one part of hoptac (the core, the platform's pages, an area) as two Fluent files,
/// `locales/vi.ftl` and `locales/en.ftl` in the crate's folder. Message ids are
/// `{page}-{word}` for page text, `field-{field}` for the name of an input field and
/// `check-{code}` for the message of a failed check, whose variables are `$field` (the field's
/// name) and the check's parameters.
#[derive(Debug, Clone, Copy)]
pub struct Translations {
    /// The crate's name; each set joins the catalogue once.
    pub name: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

impl Translations {
    fn source(&self, lang: Lang) -> &'static str {
        lang.pick(self.vi, self.en)
    }
}

/// The translations in the calling crate's `locales/` folder.
#[macro_export]
macro_rules! translations {
    () => {
        $crate::i18n::Translations {
            name: env!("CARGO_PKG_NAME"),
            vi: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/vi.ftl")),
            en: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en.ftl")),
        }
    };
}

/// The core's own words: the names of shared fields and the messages of shared checks.
pub const TRANSLATIONS: Translations = translations!();

type Bundle = FluentBundle<FluentResource>;

/// Every installed set's messages, one bundle per language.
struct Catalogue {
    sets: Vec<Translations>,
    vi: Bundle,
    en: Bundle,
    /// Texts of several pieces, formatted once and kept.
    joined: Mutex<HashMap<(Lang, String), &'static str>>,
}

impl Catalogue {
    /// The catalogue of `sets`, with the problems found reading them.
    fn build(sets: Vec<Translations>) -> (Catalogue, Vec<String>) {
        let mut problems = Vec::new();
        let vi = bundle(Lang::Vi, &sets, &mut problems);
        let en = bundle(Lang::En, &sets, &mut problems);
        for set in &sets {
            let (vi_ids, en_ids) = (message_ids(set.vi), message_ids(set.en));
            for id in vi_ids.symmetric_difference(&en_ids) {
                problems.push(format!("{}: {id} is in one language only", set.name));
            }
        }
        let catalogue = Catalogue {
            sets,
            vi,
            en,
            joined: Mutex::default(),
        };
        (catalogue, problems)
    }

    fn holds(&self, sets: &[Translations]) -> bool {
        sets.iter()
            .all(|s| self.sets.iter().any(|held| held.name == s.name))
    }

    fn bundle(&self, lang: Lang) -> &Bundle {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

fn bundle(lang: Lang, sets: &[Translations], problems: &mut Vec<String>) -> Bundle {
    let locale = lang.code().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![locale]);
    // Unicode isolation marks around variables would end up in CSV cells and HTML attributes.
    bundle.set_use_isolating(false);
    for set in sets {
        let file = format!("{}/locales/{}.ftl", set.name, lang.code());
        let resource = match FluentResource::try_new(set.source(lang).to_owned()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                problems.extend(errors.iter().map(|e| format!("{file}: {e}")));
                resource
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            problems.extend(errors.iter().map(|e| format!("{file}: {e}")));
        }
    }
    bundle
}

fn message_ids(source: &str) -> std::collections::BTreeSet<String> {
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(resource) | Err((resource, _)) => resource,
    };
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// The process's catalogue. Each version is leaked so that message texts can be lent out as
/// `&'static str`; a new version is built only when a set joins, a handful of times at most.
static CATALOGUE: RwLock<Option<&'static Catalogue>> = RwLock::new(None);

fn catalogue() -> &'static Catalogue {
    let current = *CATALOGUE.read().unwrap_or_else(PoisonError::into_inner);
    current.unwrap_or_else(|| join(&[]))
}

/// Adds translation sets to the catalogue every message is looked up in, each set once; the core's
/// own is always there. Problems in the files (a syntax error, an id defined twice, a message in one
/// language only) are logged here and listed by [`problems`] for tests.
pub fn install(sets: &[Translations]) {
    join(sets);
}

fn join(sets: &[Translations]) -> &'static Catalogue {
    if let Some(current) = *CATALOGUE.read().unwrap_or_else(PoisonError::into_inner) {
        if current.holds(sets) {
            return current;
        }
    }
    let mut slot = CATALOGUE.write().unwrap_or_else(PoisonError::into_inner);
    if let Some(current) = *slot {
        if current.holds(sets) {
            return current;
        }
    }
    let mut all = slot.map_or_else(|| vec![TRANSLATIONS], |c| c.sets.clone());
    for set in sets {
        if !all.iter().any(|held| held.name == set.name) {
            all.push(*set);
        }
    }
    let (catalogue, problems) = Catalogue::build(all);
    for problem in problems {
        tracing::error!("translations: {problem}");
    }
    let catalogue: &'static Catalogue = Box::leak(Box::new(catalogue));
    *slot = Some(catalogue);
    catalogue
}

/// What is wrong in these translation sets read together with the core's.
pub fn problems(sets: &[Translations]) -> Vec<String> {
    let mut all = vec![TRANSLATIONS];
    all.extend(sets.iter().filter(|s| s.name != TRANSLATIONS.name));
    Catalogue::build(all).1
}

/// The text of message `id`, when it has one and needs no variables.
pub fn text(lang: Lang, id: &str) -> Option<&'static str> {
    let catalogue = catalogue();
    let bundle = catalogue.bundle(lang);
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, None, &mut errors);
    if !errors.is_empty() {
        return None;
    }
    Some(match text {
        Cow::Borrowed(text) => text,
        // A pattern of several pieces (an escaped brace...): joined once per language and kept.
        Cow::Owned(text) => {
            let mut joined = catalogue.joined.lock().unwrap_or_else(PoisonError::into_inner);
            joined
                .entry((lang, id.to_owned()))
                .or_insert_with(|| Box::leak(text.into_boxed_str()))
        }
    })
}

/// The text of message `id`, or the id itself when there is none (which the template tests catch).
pub fn word(lang: Lang, id: &'static str) -> &'static str {
    text(lang, id).unwrap_or(id)
}

/// The text of message `id` from the calling crate's translations (its `TRANSLATIONS`, which join
/// the catalogue on first use, so that a document or a label reads right even where no application
/// installed them, as in the crate's own tests).
// `crate::TRANSLATIONS` is the calling crate's words, on purpose.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! word {
    ($lang:expr, $id:expr) => {{
        $crate::i18n::install(&[crate::TRANSLATIONS]);
        $crate::i18n::word($lang, $id)
    }};
}

/// Message `id` with its variables, as (name, value).
pub fn format(lang: Lang, id: &str, args: &[(&str, &str)]) -> Option<String> {
    format_with(lang, id, texts(args))
}

/// Message `id` about `count` things: `$count` is the number (for the plural forms a language has:
/// `[one]`, `*[other]` in English, none in Vietnamese) and `$n` the same number as a reader writes it
/// (`1.234`), with the other variables as (name, value).
pub fn format_counted(lang: Lang, id: &str, count: i64, args: &[(&str, &str)]) -> Option<String> {
    let mut values = texts(args);
    values.set("count", FluentValue::from(count));
    values.set("n", FluentValue::from(crate::numbers::format_int(count)));
    format_with(lang, id, values)
}

fn texts<'a>(args: &[(&'a str, &'a str)]) -> FluentArgs<'a> {
    let mut values = FluentArgs::with_capacity(args.len() + 2);
    for (name, value) in args {
        values.set(*name, FluentValue::from(*value));
    }
    values
}

fn format_with(lang: Lang, id: &str, values: FluentArgs<'_>) -> Option<String> {
    let bundle = catalogue().bundle(lang);
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&values), &mut errors);
    if !errors.is_empty() {
        tracing::warn!("message {id} is missing variables: {errors:?}");
    }
    Some(text.into_owned())
}

/// The name of an input field as a user knows it (message `field-{field}`).
pub fn field_label(field: &str, lang: Lang) -> &'static str {
    text(lang, &format!("field-{field}"))
        .or_else(|| text(lang, "field-unknown"))
        .unwrap_or("?")
}

/// The sentence a user reads for one field error, naming the field (message `check-{code}`).
pub fn error_message(error: &FieldError, lang: Lang) -> String {
    let field = match error.field.strip_prefix("points.") {
        Some(code) => format!("{} {code}", field_label("criterion", lang)),
        None if error.field.starts_with("certificates[") => field_label("certificates", lang).to_owned(),
        None => match item_field(&error.field) {
            // A field of the n-th row of a list (`lines[2].quantity`): named with its row.
            Some((list, n, field)) => format(
                lang,
                "field-of_row",
                &[
                    ("field", &named_or_as_written(field, lang)),
                    ("list", field_label(list, lang)),
                    ("n", &(n + 1).to_string()),
                ],
            )
            .unwrap_or_else(|| field_label(field, lang).to_owned()),
            None => named_or_as_written(&error.field, lang),
        },
    };
    error_message_as(error, &field, lang)
}

/// A field's name, or, for a path into a document that has none (`quantityList[0].quantity` of
/// an EPCIS event, `epcisBody.eventList`), the path as written: what an integrator reads best.
fn named_or_as_written(field: &str, lang: Lang) -> String {
    match text(lang, &format!("field-{field}")) {
        Some(name) => name.to_owned(),
        None if field.contains(['.', '[']) => field.to_owned(),
        None => field_label(field, lang).to_owned(),
    }
}

/// A field of a list's row, `list[n].field`, as (list, n, field).
fn item_field(path: &str) -> Option<(&str, usize, &str)> {
    let (head, field) = path.split_once("].")?;
    let (list, n) = head.split_once('[')?;
    Some((list, n.parse().ok()?, field))
}

/// The message of a refused field, naming it `label` (a column's heading in a spreadsheet, say).
pub fn error_message_as(error: &FieldError, label: &str, lang: Lang) -> String {
    let mut args: Vec<(&str, &str)> = error.params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    args.extend([("field", label), ("code", error.code)]);
    // A number with a lower bound says so: the one check whose wording depends on a parameter.
    let variant = match error.code {
        "invalid_number" if error.params.iter().any(|(k, _)| *k == "min") => "-min",
        _ => "",
    };
    format(lang, &format!("check-{}{variant}", error.code), &args)
        .or_else(|| format(lang, "check-other", &args))
        .unwrap_or_else(|| label.to_owned())
}
/// Every message of `errors`, in order, as one text.
pub fn errors_message(errors: &crate::FieldErrors, lang: Lang) -> String {
    errors
        .iter()
        .map(|e| error_message(e, lang))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldErrors;

    #[test]
    fn messages_name_the_field_and_quote_params() {
        let mut errors = FieldErrors::new();
        errors.add_with("name", "too_long", vec![("max", "255".into())]);
        let e = &errors.0[0];
        assert_eq!(error_message(e, Lang::Vi), "Tên: dài quá 255 ký tự.");
        assert_eq!(error_message(e, Lang::En), "Name: longer than 255 characters.");
        errors.add("points.A1.2", "required");
        assert_eq!(
            error_message(&errors.0[1], Lang::Vi),
            "Tiêu chí A1.2: bắt buộc nhập."
        );
    }

    #[test]
    fn a_text_of_several_pieces_is_joined_once() {
        let escaped = Translations {
            name: "escaped-test",
            vi: "test-escaped = a {\"{\"} b\n",
            en: "test-escaped = c {\"}\"} d\n",
        };
        install(&[escaped]);
        let first = text(Lang::Vi, "test-escaped");
        assert_eq!(first, Some("a { b"));
        assert!(std::ptr::eq(
            first.unwrap_or_default(),
            text(Lang::Vi, "test-escaped").unwrap_or_default()
        ));
        assert_eq!(text(Lang::En, "test-escaped"), Some("c } d"));
    }

    #[test]
    fn counts_take_the_plural_form_of_the_language() {
        let counted = Translations {
            name: "counted-test",
            vi: "test-found = Tìm thấy { $n } tổ chức.\n",
            en: "test-found =\n    { $count ->\n        [one] { $n } organisation found.\n       *[other] { $n } organisations found.\n    }\n",
        };
        install(&[counted]);
        let found = |lang, count| format_counted(lang, "test-found", count, &[]).unwrap_or_default();
        assert_eq!(found(Lang::En, 1), "1 organisation found.");
        assert_eq!(found(Lang::En, 1234), "1.234 organisations found.");
        assert_eq!(found(Lang::Vi, 1), "Tìm thấy 1 tổ chức.");
    }

    #[test]
    fn the_core_vocabularies_have_labels() {
        use crate::access::Role;
        use crate::org::{OrgKind, OrgStatus, Sector};
        let missing = [
            OrgKind::unlabelled(),
            Sector::unlabelled(),
            OrgStatus::unlabelled(),
            Role::unlabelled(),
        ];
        assert_eq!(missing.concat(), Vec::<String>::new());
        assert_eq!(OrgKind::Htx.label(Lang::Vi), "Hợp tác xã");
    }

    #[test]
    fn parses_accept_language_prefixes() {
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("fr"), None);
    }
}
