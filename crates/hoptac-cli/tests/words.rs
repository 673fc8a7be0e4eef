//! The words of every check raised in the code: each literal `errors.add("field", "code")`,
//! `add_with("field", "code", vec![("param", ...)])` and `FieldErrors::single("field", "code")` in
//! every crate names its field and has a message that needs no parameter it is not given (a message
//! that quotes `$date` for a check raised without one would show `{$date}` to the user).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use hoptac_core::i18n::{self, error_message, field_label};
use hoptac_core::{FieldErrors, Lang};
use std::path::{Path, PathBuf};

/// One check as the code raises it: where, the field, the code and the names of its parameters.
struct Raised {
    at: String,
    field: String,
    code: String,
    params: Vec<String>,
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals at the start of `text`, separated by commas and spaces.
fn literals(text: &str, count: usize) -> Option<Vec<String>> {
    let mut rest = text;
    let mut found = Vec::new();
    while found.len() < count {
        rest = rest.trim_start().strip_prefix(',').unwrap_or(rest).trim_start();
        let inner = rest.strip_prefix('"')?;
        let end = inner.find('"')?;
        found.push(inner[..end].to_owned());
        rest = &inner[end + 1..];
    }
    Some(found)
}

fn raised_in(path: &Path) -> Vec<Raised> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut raised = Vec::new();
    for call in [".add(", "add_with(", "single("] {
        for (offset, _) in text.match_indices(call) {
            let after = &text[offset + call.len()..];
            let Some(found) = literals(after, 2) else { continue };
            let (field, code) = (&found[0], &found[1]);
            // The parameters of `add_with` are read from a `vec![...]` written in the call; a list
            // built elsewhere cannot be read here, and that check is left to its own tests.
            let params = if call == "add_with(" {
                let third = after.splitn(3, ',').nth(2).unwrap_or("").trim_start();
                let Some(list) = third.strip_prefix("vec![") else {
                    continue;
                };
                let list = &list[..list.find(']').unwrap_or(0)];
                list.split("(\"")
                    .skip(1)
                    .filter_map(|p| p.split('"').next())
                    .map(str::to_owned)
                    .collect()
            } else {
                Vec::new()
            };
            let line = text[..offset].lines().count();
            raised.push(Raised {
                at: format!("{}:{line}", path.display()),
                field: field.clone(),
                code: code.clone(),
                params,
            });
        }
    }
    raised
}

#[test]
fn every_literal_check_names_its_field_and_has_its_parameters() {
    let areas = hoptac_cli::areas();
    let mut sets = vec![hoptac_web::TRANSLATIONS];
    sets.extend(areas.iter().map(|a| a.area.translations));
    i18n::install(&sets);
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&crates).unwrap().flatten() {
        let src = entry.path().join("src");
        if src.is_dir() {
            sources(&src, &mut files);
        }
    }
    let mut raised = Vec::new();
    for file in &files {
        raised.extend(raised_in(file));
    }
    assert!(raised.len() > 20, "the scan found only {} checks", raised.len());
    let unknown = field_label("", Lang::Vi);
    let mut wrong = Vec::new();
    for r in &raised {
        // Fields named by position (`points.A1`, `certificates[0].number`) are worded by the catalogue.
        if !r.field.contains(['.', '[']) && field_label(&r.field, Lang::Vi) == unknown {
            wrong.push(format!(
                "{}: field {} has no name (field-{})",
                r.at, r.field, r.field
            ));
        }
        let mut errors = FieldErrors::new();
        let params = r.params.iter().map(|p| (leak(p), "x".to_owned())).collect();
        errors.add_with(&r.field, leak(&r.code), params);
        for lang in [Lang::Vi, Lang::En] {
            let message = error_message(&errors.0[0], lang);
            if message.contains("{$") || message.contains(&format!("({})", r.code)) {
                wrong.push(format!("{}: {} reads «{message}»", r.at, r.code));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}
