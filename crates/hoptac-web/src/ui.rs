//! The words of the pages in both languages, and small helpers that templates call. Field names and
//! page words come from one catalogue so that a form label and an error message never disagree.

use hoptac_core::i18n::{self, error_message, Translations};
use hoptac_core::{FieldErrors, Lang};

/// The platform's own words: the page frame, signing in, accounts, people and roles, the audit
/// trail.
pub const TRANSLATIONS: Translations = hoptac_core::translations!();

/// Translates page text into the request's language from the catalogue of every installed set of
/// words (see [`hoptac_core::i18n`]).
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    lang: Lang,
}

impl Tr {
    /// The platform's words.
    pub fn new(lang: Lang) -> Tr {
        Tr::with(lang, &[])
    }

    /// The platform's words and an area's, which join the catalogue on first use.
    pub fn with(lang: Lang, area: &[Translations]) -> Tr {
        i18n::install(&[TRANSLATIONS]);
        i18n::install(area);
        Tr { lang }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn is_vi(&self) -> bool {
        self.lang == Lang::Vi
    }

    /// The text of message `key`; the key itself when it has none, which the template test catches.
    pub fn s(&self, key: &str) -> &'static str {
        i18n::text(self.lang, key).unwrap_or_else(|| leak_key(key))
    }

    /// The text of message `key` when there is one: for words drawn from data (one's own
    /// vocabulary), which are shown as written when they have no translation.
    pub fn known(&self, key: &str) -> Option<&'static str> {
        i18n::text(self.lang, key)
    }

    /// Message `key` with its variables, as (name, value); the key itself when there is no such
    /// message.
    pub fn f(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        with_texts(args, |args| i18n::format(self.lang, key, args)).unwrap_or_else(|| key.to_owned())
    }

    /// Message `key` about `count` things, in the plural form the language gives that number (see
    /// [`i18n::format_counted`]), with its other variables.
    pub fn count(&self, key: &str, count: i64, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        with_texts(args, |args| i18n::format_counted(self.lang, key, count, args))
            .unwrap_or_else(|| key.to_owned())
    }

    /// Message `key` with its one variable: [`Tr::f`] for templates, which cannot build the list.
    pub fn f1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.f(key, &[(name, &value)])
    }
}

/// Calls `format` with the variables written out as text.
fn with_texts<T>(args: &[(&str, &dyn std::fmt::Display)], format: impl FnOnce(&[(&str, &str)]) -> T) -> T {
    let texts: Vec<(&str, String)> = args
        .iter()
        .map(|(name, value)| (*name, value.to_string()))
        .collect();
    let args: Vec<(&str, &str)> = texts.iter().map(|(name, text)| (*name, text.as_str())).collect();
    format(&args)
}

/// Unknown keys are shown as themselves; interned so `s` can keep returning `&'static str`.
fn leak_key(key: &str) -> &'static str {
    static UNKNOWN: std::sync::OnceLock<std::sync::Mutex<Vec<&'static str>>> = std::sync::OnceLock::new();
    let mut seen = UNKNOWN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(k) = seen.iter().find(|k| **k == key) {
        return k;
    }
    let leaked: &'static str = Box::leak(key.to_owned().into_boxed_str());
    seen.push(leaked);
    leaked
}

/// The page frame's facts: who is signed in and where to come back to.
pub struct Chrome {
    pub user_name: Option<String>,
    pub here_encoded: String,
    /// The anti-forgery token every form on the page carries.
    pub csrf: String,
    /// The one-time submission token the page's forms carry (see [`crate::once`]).
    pub submission: String,
    pub is_admin: bool,
    /// Administrators and officers, who invite people and grant roles.
    pub manages_people: bool,
    /// The areas' links the person sees, as (address, label).
    pub nav: Vec<(&'static str, &'static str)>,
    /// The notifications not read, for a person acting for an organisation.
    pub unread: Option<i64>,
}

impl Chrome {
    pub fn new(ctx: &crate::ctx::Ctx) -> Chrome {
        Chrome {
            user_name: ctx.user.as_ref().map(|u| u.display_name.clone()),
            here_encoded: url_encode(&ctx.here),
            csrf: ctx.csrf.clone(),
            submission: crate::once::new_token(),
            is_admin: ctx.user.as_ref().is_some_and(|u| u.is_admin),
            manages_people: ctx.user.is_some() && ctx.access.grants_anything(),
            nav: ctx.nav.clone(),
            unread: ctx.unread,
        }
    }
}

/// A form's field errors, worded in the user's language.
pub struct FormErrors {
    lang: Lang,
    errors: FieldErrors,
}

impl FormErrors {
    pub fn new(lang: Lang, errors: FieldErrors) -> FormErrors {
        FormErrors { lang, errors }
    }

    /// True when some field was refused with `code`.
    pub fn any(&self, code: &str) -> bool {
        self.errors.iter().any(|e| e.code == code)
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.for_field(field).is_some()
    }

    pub fn get(&self, field: &str) -> Option<String> {
        self.errors.for_field(field).map(|e| error_message(e, self.lang))
    }

    /// (field, message) for the summary at the top of a form, each linking to its input.
    pub fn summary(&self) -> Vec<(String, String)> {
        self.errors
            .iter()
            .map(|e| (e.field.clone(), error_message(e, self.lang)))
            .collect()
    }
}

/// Percent-encodes a value for a query string.
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How many of a list's filters beyond its search words are set: the count its folded filters show
/// on a phone, which also stand open when any is set.
pub fn filters_set(values: &[&str]) -> usize {
    values.iter().filter(|v| !v.trim().is_empty()).count()
}

/// (code, label) pairs for a select.
pub fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|v| (code(*v), label(*v))).collect()
}

/// What is wrong with an area's words: keys of its templates (in `templates/` under `manifest_dir`)
/// without words in both languages, and problems of its catalogue read with the platform's (a
/// syntax error, an id defined twice, a message in one language only). Every area's template test
/// asks this; empty is right.
pub fn area_word_problems(manifest_dir: &str, tr: fn(Lang) -> Tr, area: Translations) -> Vec<String> {
    let dir = std::path::Path::new(manifest_dir).join("templates");
    let mut problems = untranslated(&dir, tr);
    problems.extend(i18n::problems(&[TRANSLATIONS, area]));
    problems
}

/// The `t.s("...")` keys of the templates in `dir` that `tr` has no words for in one of the two
/// languages, as "key (lang)": every area's template test asks this of its own templates.
pub fn untranslated(dir: &std::path::Path, tr: fn(Lang) -> Tr) -> Vec<String> {
    let mut missing = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![format!("{} cannot be read", dir.display())];
    };
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for (call, part) in ["t.s(\"", "t.f(\"", "t.f1(\""]
            .into_iter()
            .flat_map(|call| text.split(call).skip(1).map(move |part| (call, part)))
        {
            let key = part.split('"').next().unwrap_or_default();
            for lang in [Lang::Vi, Lang::En] {
                let found = match call {
                    "t.s(\"" => tr(lang).s(key) != key,
                    _ => tr(lang).f(key, &[]) != key,
                };
                if !found {
                    missing.push(format!("{key} ({})", lang.code()));
                }
            }
        }
    }
    missing
}

/// The addresses of a list's page before and page after, where there are such pages; `href`
/// makes the address of page `n`.
pub fn pager<T>(
    found: &hoptac_core::Page<T>,
    href: impl Fn(i64) -> String,
) -> (Option<String>, Option<String>) {
    let before = (found.page > 1).then(|| href(found.page - 1));
    let after = (found.page < found.page_count()).then(|| href(found.page + 1));
    (before, after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_key_is_translated() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let missing = untranslated(&dir, Tr::new);
        assert!(missing.is_empty(), "untranslated: {missing:?}");
        assert_eq!(i18n::problems(&[TRANSLATIONS]), Vec::<String>::new());
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(
            url_encode("/organisations?q=tiến linh"),
            "/organisations%3Fq%3Dti%E1%BA%BFn%20linh"
        );
    }
}
