//! Which parts of a report's place each figure has data for: the former provinces of a 2025
//! province formed by merger, the provinces of the country. A figure known for only some of its
//! parts is no figure of the whole, and the report says whose it is, as reporting completeness is
//! shown in DHIS2: parts expected, parts with data, counted or entered.

use super::figures::{Node, Source};
use super::indicators::{Indicator, Measure};
use super::place::ReportPlace;
use hoptac_core::admin::Era;
use hoptac_core::text::lower_first;
use serde::Serialize;
use std::collections::HashMap;

/// One part of a report's place that figures are expected from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportPart {
    pub place: ReportPlace,
    /// As the administrative list names it: "Tỉnh Bắc Kạn", "Thành phố Hà Nội".
    pub name: String,
}

impl ReportPart {
    /// How a sentence names the part: "tỉnh Bắc Kạn (cũ)" for a former province, "thành phố Hà
    /// Nội" for a 2025 one.
    pub fn in_text(&self) -> String {
        let lower = lower_first(&self.name);
        match self.place {
            ReportPlace::Province { era: Era::Y2008, .. } => format!("{lower} (cũ)"),
            _ => lower,
        }
    }
}

/// Where one figure's data comes from, part by part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub indicator: Indicator,
    /// Per part, in the order of [`Completeness::parts`]: where its value came from, or `None`
    /// when it has none.
    pub parts: Vec<Option<Source>>,
}

impl Coverage {
    /// The coverage of a figure from its tree: each child is a part. A place whose own entered
    /// figure stands for it (no part holds records) is covered in every part by that entry.
    pub fn of(indicator: Indicator, node: &Node) -> Coverage {
        let parts: Vec<Option<Source>> = node
            .children
            .iter()
            .map(|part| part.resolve().map(|s| s.source))
            .collect();
        let records = node.computed.is_some() || parts.iter().flatten().any(|s| s.has_records());
        let parts = match node.entered {
            Some(_) if !records => vec![Some(Source::Entered); parts.len()],
            _ => parts,
        };
        Coverage { indicator, parts }
    }

    /// A ratio has data in a part where both its terms have.
    fn of_ratio(indicator: Indicator, numerator: &Coverage, denominator: &Coverage) -> Coverage {
        let parts = numerator
            .parts
            .iter()
            .zip(&denominator.parts)
            .map(|(n, d)| Some(n.as_ref()?.with(*d.as_ref()?)))
            .collect();
        Coverage { indicator, parts }
    }

    /// A sum has data in a part where any of its terms has, as its value does.
    fn of_sum(indicator: Indicator, terms: &[&Coverage]) -> Coverage {
        let parts = (0..terms.first().map_or(0, |t| t.parts.len()))
            .map(|part| terms.iter().filter_map(|t| t.parts[part]).reduce(Source::with))
            .collect();
        Coverage { indicator, parts }
    }

    pub fn expected(&self) -> usize {
        self.parts.len()
    }

    pub fn with_data(&self) -> usize {
        self.parts.iter().flatten().count()
    }

    /// Parts whose value counts records (some of them entered, for a province of the country).
    pub fn computed(&self) -> usize {
        self.parts.iter().flatten().filter(|s| s.has_records()).count()
    }

    /// Parts known only by entered figures.
    pub fn entered(&self) -> usize {
        self.parts.iter().flatten().filter(|s| !s.has_records()).count()
    }

    /// True when some part has data and another has none.
    pub fn is_partial(&self) -> bool {
        (1..self.expected()).contains(&self.with_data())
    }

    /// The indexes of the parts without data.
    pub fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        self.parts
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_none())
            .map(|(i, _)| i)
    }
}

/// The parts of a report's place and each figure's coverage of them. A place of one part (a
/// province that no merger formed, a former province, a commune) has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Completeness {
    pub parts: Vec<ReportPart>,
    /// Every indicator of the catalogue, totals and ratios.
    pub figures: Vec<Coverage>,
}

impl Completeness {
    /// The coverage of every indicator from its tree, ratios from their terms. Nothing when the
    /// place has fewer than two parts.
    pub fn of(parts: Vec<ReportPart>, node: impl Fn(Indicator) -> Node) -> Completeness {
        if parts.len() < 2 {
            return Completeness::default();
        }
        let mut by_indicator: HashMap<Indicator, Coverage> = Indicator::ALL
            .iter()
            .filter(|i| !i.definition().measure.is_derived())
            .map(|&i| (i, Coverage::of(i, &node(i))))
            .collect();
        for &indicator in Indicator::ALL {
            if let Measure::Sum(terms) = indicator.definition().measure {
                let terms: Vec<&Coverage> = terms.iter().map(|t| &by_indicator[t]).collect();
                let sum = Coverage::of_sum(indicator, &terms);
                by_indicator.insert(indicator, sum);
            }
        }
        for &indicator in Indicator::ALL {
            if let Measure::Ratio {
                numerator,
                denominator,
            } = indicator.definition().measure
            {
                let ratio =
                    Coverage::of_ratio(indicator, &by_indicator[&numerator], &by_indicator[&denominator]);
                by_indicator.insert(indicator, ratio);
            }
        }
        let figures = Indicator::ALL
            .iter()
            .filter_map(|i| by_indicator.remove(i))
            .collect();
        Completeness { parts, figures }
    }

    pub fn of_indicator(&self, indicator: Indicator) -> Option<&Coverage> {
        self.figures.iter().find(|c| c.indicator == indicator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(code: &str, name: &str) -> ReportPart {
        ReportPart {
            place: ReportPlace::Province {
                era: Era::Y2008,
                code: code.into(),
            },
            name: name.into(),
        }
    }

    #[test]
    fn a_part_without_records_or_entries_has_no_data() {
        let province = Node {
            computed: None,
            entered: None,
            children: vec![Node::leaf(None, None), Node::leaf(Some(4), None)],
        };
        let coverage = Coverage::of(Indicator::HtxActive, &province);
        assert_eq!(coverage.parts, [None, Some(Source::Computed)]);
        assert!(coverage.is_partial());
        assert_eq!(coverage.missing().collect::<Vec<_>>(), [0]);
        assert_eq!((coverage.computed(), coverage.entered()), (1, 0));
    }

    #[test]
    fn a_figure_entered_for_the_whole_covers_every_part() {
        let province = Node {
            computed: None,
            entered: Some(12),
            children: vec![Node::leaf(None, None), Node::leaf(None, Some(5))],
        };
        let coverage = Coverage::of(Indicator::HtxActive, &province);
        assert_eq!(coverage.parts, [Some(Source::Entered); 2]);
        assert!(!coverage.is_partial());
        // Once a part holds records, the whole's entry no longer stands for the others.
        let counted = Node {
            children: vec![Node::leaf(None, None), Node::leaf(Some(3), None)],
            ..province
        };
        assert!(Coverage::of(Indicator::HtxActive, &counted).is_partial());
    }

    #[test]
    fn a_ratio_is_covered_where_both_terms_are() {
        let parts = vec![part("06", "Tỉnh Bắc Kạn"), part("19", "Tỉnh Thái Nguyên")];
        let completeness = Completeness::of(parts, |indicator| match indicator {
            Indicator::Revenue => Node {
                children: vec![Node::leaf(Some(10), None), Node::leaf(None, Some(7))],
                ..Node::default()
            },
            _ => Node {
                children: vec![Node::leaf(Some(2), None), Node::leaf(None, None)],
                ..Node::default()
            },
        });
        let per_coop = completeness.of_indicator(Indicator::RevenuePerCoop).unwrap();
        assert_eq!(per_coop.parts, [Some(Source::Computed), None]);
        let revenue = completeness.of_indicator(Indicator::Revenue).unwrap();
        assert_eq!(revenue.parts, [Some(Source::Computed), Some(Source::Entered)]);
        assert_eq!(completeness.parts[0].in_text(), "tỉnh Bắc Kạn (cũ)");
    }

    #[test]
    fn a_place_of_one_part_has_no_completeness() {
        let one = Completeness::of(vec![part("19", "Tỉnh Thái Nguyên")], |_| Node::default());
        assert!(one.figures.is_empty() && one.parts.is_empty());
    }
}
