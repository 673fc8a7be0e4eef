//! A scorecard version: the criterion tree of one decision and product set, each criterion's
//! maximum and graded options, and the minimum criteria of each star class. Versions are data,
//! loaded from a spreadsheet whose columns are those of the shipped 1048 fresh-produce tree; this
//! module checks such a sheet and checks the points a council member or a subject gives.

use super::{PartShape, Scheme};
use hoptac_core::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One graded answer of a criterion: the points it gives and what it describes, in Vietnamese and
/// in English (either may be empty when the card was written in one language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GradeOption {
    pub points: u32,
    /// What the answer describes, in Vietnamese; empty when the card gives it in English only.
    #[serde(default)]
    pub label_vi: String,
    /// In English; empty when the card gives it in Vietnamese only. Trees stored before the two
    /// languages hold their one label as `label`.
    #[serde(alias = "label")]
    pub label_en: String,
}

impl GradeOption {
    /// What the answer describes in `lang`, else in the other language.
    pub fn label(&self, lang: hoptac_core::Lang) -> &str {
        let (wanted, other) = match lang {
            hoptac_core::Lang::Vi => (&self.label_vi, &self.label_en),
            hoptac_core::Lang::En => (&self.label_en, &self.label_vi),
        };
        if wanted.is_empty() {
            other
        } else {
            wanted
        }
    }
}

/// A leaf of the tree: what is scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Criterion {
    /// `A1.1`, or the part's letter when the card is scored per part.
    pub code: String,
    /// `A`, `B` or `C`.
    pub part: String,
    pub section: String,
    pub name_vi: String,
    pub name_en: String,
    pub max: u32,
    /// The graded answers; empty when any whole number from 0 to the maximum may be given.
    pub options: Vec<GradeOption>,
}

impl Criterion {
    /// True when `points` is a score this criterion can take.
    pub fn accepts(&self, points: u32) -> bool {
        if self.options.is_empty() {
            points <= self.max
        } else {
            self.options.iter().any(|o| o.points == points)
        }
    }

    /// The first graded answer above `points`, for showing what the next step would be.
    pub fn next_option_above(&self, points: u32) -> Option<&GradeOption> {
        self.options
            .iter()
            .filter(|o| o.points > points)
            .min_by_key(|o| o.points)
    }
}

/// A star class's demand on one criterion: a product below it does not reach the class,
/// whatever its total (Decision 781/QĐ-TTg for the 1048 scorecard).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Minimum {
    pub stars: u8,
    pub criterion: String,
    pub at_least: u32,
}

/// A whole scorecard version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Scorecard {
    pub scheme: Scheme,
    /// The product set the tree is for; `None` for the card scored per part, used for a
    /// set whose tree is not loaded yet.
    pub product_set: Option<String>,
    pub criteria: Vec<Criterion>,
    pub minimums: Vec<Minimum>,
}

/// One line of a scorecard spreadsheet. `minimums` is optional: `3:1|4:2` means the criterion
/// needs at least 1 point for 3 stars and at least 2 for 4 stars.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScorecardRow {
    pub scorecard: String,
    pub product_set: String,
    pub part: String,
    pub section: String,
    pub code: String,
    pub criterion_vi: String,
    pub criterion_en: String,
    pub max_points: String,
    /// The graded answers, `points:label|...`, in Vietnamese and in English: the two lists give
    /// the same points. Either may be left empty, and the other's labels are shown.
    #[serde(default)]
    pub options_vi: String,
    #[serde(default)]
    pub options_en: String,
    /// One list for both languages, as files written before the two columns have it.
    #[serde(default)]
    pub options: String,
    #[serde(default)]
    pub minimums: String,
}

/// Where a scorecard spreadsheet's errors are reported: the whole file, with the line and the
/// column quoted.
pub const FILE_FIELD: &str = "file";

/// A line number as the officer sees it in the spreadsheet (the header is line 1).
fn line_of(index: usize) -> String {
    (index + 2).to_string()
}

impl Scorecard {
    /// The card of a scheme scored per part (A, B, C with their maxima), for a product set whose
    /// criterion tree has not been loaded. It invents nothing below the parts the decision fixes.
    pub fn by_parts(scheme: Scheme) -> Scorecard {
        Scorecard {
            scheme,
            product_set: None,
            criteria: scheme
                .parts()
                .iter()
                .map(|part| Criterion {
                    code: part.code.to_owned(),
                    part: part.code.to_owned(),
                    section: part.name_vi.to_owned(),
                    name_vi: part.name_vi.to_owned(),
                    name_en: part.name_en.to_owned(),
                    max: part.max,
                    options: Vec::new(),
                })
                .collect(),
            minimums: Vec::new(),
        }
    }

    pub fn is_by_parts(&self) -> bool {
        self.product_set.is_none()
    }

    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.code == code)
    }

    pub fn parts(&self) -> [PartShape; 3] {
        self.scheme.parts()
    }

    /// Reads a spreadsheet's lines into a version, or names every line and cell at fault.
    pub fn from_rows(rows: &[ScorecardRow]) -> Result<Scorecard, FieldErrors> {
        let mut errors = FieldErrors::new();
        let Some(first) = rows.first() else {
            errors.add(FILE_FIELD, "scorecard_empty");
            return Err(errors);
        };
        let Some(scheme) = Scheme::from_decision(&first.scorecard) else {
            errors.add_with(
                FILE_FIELD,
                "scorecard_unknown_decision",
                vec![("line", line_of(0)), ("value", first.scorecard.clone())],
            );
            return Err(errors);
        };
        let product_set = hoptac_core::text::tidy(&first.product_set);
        if product_set.is_empty() {
            cell_error(&mut errors, "required_cell", 0, "product_set", "");
        }
        let mut criteria = Vec::with_capacity(rows.len());
        let mut minimums = Vec::new();
        let mut codes = BTreeSet::new();
        for (index, row) in rows.iter().enumerate() {
            if Scheme::from_decision(&row.scorecard) != Some(scheme)
                || hoptac_core::text::tidy(&row.product_set) != product_set
            {
                cell_error(&mut errors, "scorecard_mixed", index, "scorecard", &row.scorecard);
            }
            if let Some(criterion) = read_criterion(&mut errors, index, row, scheme) {
                if !codes.insert(criterion.code.clone()) {
                    cell_error(&mut errors, "criterion_duplicate", index, "code", &criterion.code);
                }
                for (stars, at_least) in read_minimums(&mut errors, index, row, &criterion) {
                    minimums.push(Minimum {
                        stars,
                        criterion: criterion.code.clone(),
                        at_least,
                    });
                }
                criteria.push(criterion);
            }
        }
        if errors.is_empty() {
            check_part_totals(&mut errors, scheme, &criteria);
        }
        minimums.sort_by(|a, b| (a.stars, &a.criterion).cmp(&(b.stars, &b.criterion)));
        errors.into_result(Scorecard {
            scheme,
            product_set: Some(product_set),
            criteria,
            minimums,
        })
    }

    /// Checks one sheet of points: every criterion scored, none above its maximum, each one of its
    /// graded options. Errors name the criterion (`points.A1.2`).
    pub fn check(&self, points: &BTreeMap<String, u32>) -> Result<u32, FieldErrors> {
        let mut errors = FieldErrors::new();
        for code in points.keys() {
            if self.criterion(code).is_none() {
                errors.add_with(
                    &points_field(code),
                    "unknown_criterion",
                    vec![("value", code.clone())],
                );
            }
        }
        let mut total = 0;
        for criterion in &self.criteria {
            let field = points_field(&criterion.code);
            match points.get(&criterion.code) {
                None => errors.add(&field, "required"),
                Some(&p) if p > criterion.max => {
                    errors.add_with(&field, "above_max", vec![("max", criterion.max.to_string())])
                }
                Some(&p) if !criterion.accepts(p) => {
                    let allowed: Vec<String> =
                        criterion.options.iter().map(|o| o.points.to_string()).collect();
                    errors.add_with(
                        &field,
                        "not_an_option",
                        vec![("value", p.to_string()), ("options", allowed.join(", "))],
                    );
                }
                Some(&p) => total += p,
            }
        }
        errors.into_result(total)
    }

    /// Points per part of one checked sheet, in the order A, B, C.
    pub fn part_totals(&self, points: &BTreeMap<String, u32>) -> Vec<(&'static str, u32)> {
        self.parts()
            .iter()
            .map(|part| {
                let sum = self
                    .criteria
                    .iter()
                    .filter(|c| c.part == part.code)
                    .filter_map(|c| points.get(&c.code))
                    .sum();
                (part.code, sum)
            })
            .collect()
    }
}

/// The form and JSON field of one criterion's points.
pub fn points_field(code: &str) -> String {
    format!("points.{code}")
}

fn cell_error(errors: &mut FieldErrors, code: &'static str, index: usize, column: &str, value: &str) {
    errors.add_with(
        FILE_FIELD,
        code,
        vec![
            ("line", line_of(index)),
            ("column", column.to_owned()),
            ("value", value.to_owned()),
        ],
    );
}

fn read_criterion(
    errors: &mut FieldErrors,
    index: usize,
    row: &ScorecardRow,
    scheme: Scheme,
) -> Option<Criterion> {
    let before = errors.0.len();
    let text = |errors: &mut FieldErrors, column: &str, value: &str| {
        let value = hoptac_core::text::tidy(value);
        if value.is_empty() {
            cell_error(errors, "required_cell", index, column, "");
        }
        value
    };
    let code = text(errors, "code", &row.code);
    let section = text(errors, "section", &row.section);
    let name_vi = text(errors, "criterion_vi", &row.criterion_vi);
    let name_en = hoptac_core::text::tidy(&row.criterion_en);
    let part = row.part.trim().to_owned();
    if !scheme.parts().iter().any(|p| p.code == part) {
        cell_error(errors, "part_unknown", index, "part", &part);
    }
    let max = match row.max_points.trim().parse::<u32>() {
        Ok(max) if max > 0 && max <= 100 => max,
        _ => {
            cell_error(
                errors,
                "criterion_max_invalid",
                index,
                "max_points",
                &row.max_points,
            );
            0
        }
    };
    let options = read_both_options(errors, index, row, max);
    (errors.0.len() == before).then_some(Criterion {
        code,
        part,
        section,
        name_vi,
        name_en,
        max,
        options,
    })
}

/// The graded answers of a line in both languages (see [`ScorecardRow::options_vi`]): each list
/// read by [`read_options`], and the two refused when their points differ.
fn read_both_options(
    errors: &mut FieldErrors,
    index: usize,
    row: &ScorecardRow,
    max: u32,
) -> Vec<GradeOption> {
    let written = |text: &str| !text.trim().is_empty();
    let (vi_text, vi_column) = match written(&row.options_vi) {
        true => (&row.options_vi, "options_vi"),
        false => (&row.options, "options"),
    };
    let (en_text, en_column) = match written(&row.options_en) {
        true => (&row.options_en, "options_en"),
        false => (&row.options, "options"),
    };
    let vi = read_options(errors, index, vi_text, vi_column, max);
    if en_column == vi_column {
        return vi
            .into_iter()
            .map(|(points, label)| GradeOption {
                points,
                label_vi: label.clone(),
                label_en: label,
            })
            .collect();
    }
    let en = read_options(errors, index, en_text, en_column, max);
    let points = |list: &[(u32, String)]| list.iter().map(|(p, _)| *p).collect::<Vec<_>>();
    match (vi.is_empty(), en.is_empty()) {
        (false, false) if points(&vi) != points(&en) => {
            cell_error(
                errors,
                "options_languages_differ",
                index,
                "options_en",
                en_text.trim(),
            );
            Vec::new()
        }
        (false, false) => vi
            .into_iter()
            .zip(en)
            .map(|((points, label_vi), (_, label_en))| GradeOption {
                points,
                label_vi,
                label_en,
            })
            .collect(),
        (false, true) => vi
            .into_iter()
            .map(|(points, label_vi)| GradeOption {
                points,
                label_vi,
                label_en: String::new(),
            })
            .collect(),
        (true, _) => en
            .into_iter()
            .map(|(points, label_en)| GradeOption {
                points,
                label_vi: String::new(),
                label_en,
            })
            .collect(),
    }
}

/// `1:under 50%|2:50 to under 75%|3:75 to 100%` in the column `column`: strictly rising points, the
/// last equal to the maximum so that the maxima of the tree are reachable; (points, label) each.
fn read_options(
    errors: &mut FieldErrors,
    index: usize,
    text: &str,
    column: &str,
    max: u32,
) -> Vec<(u32, String)> {
    let mut options: Vec<(u32, String)> = Vec::new();
    if text.trim().is_empty() {
        return options;
    }
    for piece in text.split('|') {
        let parsed = piece
            .split_once(':')
            .and_then(|(points, label)| {
                Some((points.trim().parse::<u32>().ok()?, hoptac_core::text::tidy(label)))
            })
            .filter(|(_, label)| !label.is_empty());
        match parsed {
            Some((points, _)) if points > max => {
                cell_error(errors, "option_above_max", index, column, piece.trim());
            }
            Some((points, _)) if options.last().is_some_and(|(last, _)| *last >= points) => {
                cell_error(errors, "option_order", index, column, piece.trim());
            }
            Some(option) => options.push(option),
            None => cell_error(errors, "option_invalid", index, column, piece.trim()),
        }
    }
    if max > 0 && options.last().is_some_and(|(last, _)| *last != max) {
        cell_error(errors, "option_max_missing", index, column, &max.to_string());
    }
    options
}

fn read_minimums(
    errors: &mut FieldErrors,
    index: usize,
    row: &ScorecardRow,
    criterion: &Criterion,
) -> Vec<(u8, u32)> {
    let mut found = Vec::new();
    for piece in row.minimums.split('|').map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = piece.split_once(':').and_then(|(stars, points)| {
            Some((
                stars.trim().parse::<u8>().ok()?,
                points.trim().parse::<u32>().ok()?,
            ))
        });
        match parsed {
            Some((stars, at_least)) if (1..=5).contains(&stars) && criterion.accepts(at_least) => {
                found.push((stars, at_least))
            }
            _ => cell_error(errors, "minimum_invalid", index, "minimums", piece),
        }
    }
    found
}

fn check_part_totals(errors: &mut FieldErrors, scheme: Scheme, criteria: &[Criterion]) {
    for part in scheme.parts() {
        let total: u32 = criteria
            .iter()
            .filter(|c| c.part == part.code)
            .map(|c| c.max)
            .sum();
        if total != part.max {
            errors.add_with(
                FILE_FIELD,
                "part_total",
                vec![
                    ("part", part.code.to_owned()),
                    ("total", total.to_string()),
                    ("expected", part.max.to_string()),
                ],
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small 1048 tree whose parts add up: A 35 in one criterion, B 25, C 40 over two.
    pub fn small_rows() -> Vec<ScorecardRow> {
        let row = |part: &str, code: &str, max: &str, options: &str, minimums: &str| ScorecardRow {
            scorecard: "1048/QĐ-TTg".into(),
            product_set: "Rau củ quả hạt tươi".into(),
            part: part.into(),
            section: "Phần".into(),
            code: code.into(),
            criterion_vi: format!("Tiêu chí {code}"),
            criterion_en: format!("Criterion {code}"),
            max_points: max.into(),
            options: options.into(),
            minimums: minimums.into(),
            ..ScorecardRow::default()
        };
        vec![
            row("A", "A1", "35", "", ""),
            row("B", "B1", "25", "", ""),
            row("C", "C1", "35", "", "4:20"),
            row(
                "C",
                "C2",
                "5",
                "0:none|1:standard only|5:standard and declaration",
                "3:1",
            ),
        ]
    }

    fn codes(result: Result<Scorecard, FieldErrors>) -> Vec<&'static str> {
        result
            .err()
            .map(|e| e.iter().map(|f| f.code).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_sheet_whose_parts_add_up_loads_with_its_minimums() {
        let card = Scorecard::from_rows(&small_rows()).expect("valid");
        assert_eq!(card.scheme, Scheme::D1048);
        assert_eq!(card.criteria.len(), 4);
        assert_eq!(
            card.minimums,
            vec![
                Minimum {
                    stars: 3,
                    criterion: "C2".into(),
                    at_least: 1
                },
                Minimum {
                    stars: 4,
                    criterion: "C1".into(),
                    at_least: 20
                },
            ]
        );
    }

    #[test]
    fn a_sheet_names_each_bad_line() {
        let mut rows = small_rows();
        rows[0].max_points = "34".into();
        assert_eq!(codes(Scorecard::from_rows(&rows)), vec!["part_total"]);
        let mut rows = small_rows();
        rows[3].options = "0:none|7:too many".into();
        rows[1].code = "A1".into();
        rows[2].part = "D".into();
        rows[3].minimums = "3:2".into();
        assert_eq!(
            codes(Scorecard::from_rows(&rows)),
            vec![
                "criterion_duplicate",
                "part_unknown",
                "option_above_max",
                "option_max_missing"
            ]
        );
        let mut rows = small_rows();
        rows[3].minimums = "6:1|3:2".into();
        assert_eq!(
            codes(Scorecard::from_rows(&rows)),
            vec!["minimum_invalid", "minimum_invalid"]
        );
        rows[0].scorecard = "999/QĐ-TTg".into();
        assert_eq!(
            codes(Scorecard::from_rows(&rows)),
            vec!["scorecard_unknown_decision"]
        );
        assert_eq!(codes(Scorecard::from_rows(&[])), vec!["scorecard_empty"]);
    }

    #[test]
    fn options_are_read_in_both_languages_with_the_same_points() {
        use hoptac_core::Lang;
        let mut rows = small_rows();
        rows[3].options = String::new();
        rows[3].options_vi = "0:không có|1:chỉ có tiêu chuẩn|5:tiêu chuẩn và công bố".into();
        rows[3].options_en = "0:none|1:standard only|5:standard and declaration".into();
        let card = Scorecard::from_rows(&rows).expect("a card");
        let option = &card.criteria[3].options[1];
        assert_eq!(
            (option.points, option.label(Lang::Vi), option.label(Lang::En)),
            (1, "chỉ có tiêu chuẩn", "standard only")
        );
        // One language given: the other shows it.
        rows[3].options_en = String::new();
        let card = Scorecard::from_rows(&rows).expect("a card");
        assert_eq!(
            card.criteria[3].options[2].label(Lang::En),
            "tiêu chuẩn và công bố"
        );
        // The two lists must grade the same points.
        rows[3].options_en = "0:none|2:standard only|5:standard and declaration".into();
        assert_eq!(
            codes(Scorecard::from_rows(&rows)),
            vec!["options_languages_differ"]
        );
        // A tree stored before the two languages reads its one label as the English one.
        let stored: GradeOption =
            serde_json::from_str(r#"{"points": 3, "label": "75 to 100%"}"#).expect("an option");
        assert_eq!(
            (stored.label(Lang::Vi), stored.label_vi.as_str()),
            ("75 to 100%", "")
        );
    }

    #[test]
    fn points_must_be_options_within_the_maximum() {
        let card = Scorecard::from_rows(&small_rows()).expect("valid");
        let sheet = |c2: u32| {
            BTreeMap::from([
                ("A1".into(), 30),
                ("B1".into(), 20),
                ("C1".into(), 30),
                ("C2".into(), c2),
            ])
        };
        assert_eq!(card.check(&sheet(5)), Ok(85));
        let refused = card.check(&sheet(3)).expect_err("3 is not an option");
        assert_eq!(refused.0[0].field, "points.C2");
        assert_eq!(refused.0[0].code, "not_an_option");
        let refused = card.check(&sheet(6)).expect_err("above the maximum");
        assert_eq!(refused.0[0].code, "above_max");
        let mut missing = sheet(1);
        missing.remove("A1");
        missing.insert("Z9".into(), 1);
        let refused = card.check(&missing).expect_err("incomplete");
        let codes: Vec<_> = refused.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            codes,
            vec![("points.Z9", "unknown_criterion"), ("points.A1", "required")]
        );
        assert_eq!(card.part_totals(&sheet(1)), vec![("A", 30), ("B", 20), ("C", 31)]);
    }

    #[test]
    fn the_card_by_parts_follows_the_decision() {
        let card = Scorecard::by_parts(Scheme::D148);
        let maxima: Vec<u32> = card.criteria.iter().map(|c| c.max).collect();
        assert_eq!(maxima, vec![40, 25, 35]);
        assert!(card.is_by_parts());
        let sheet = BTreeMap::from([("A".into(), 40), ("B".into(), 0), ("C".into(), 36)]);
        assert_eq!(card.check(&sheet).expect_err("C above 35").0[0].code, "above_max");
    }
}
