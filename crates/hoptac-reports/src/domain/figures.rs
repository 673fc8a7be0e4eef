//! How a report's value is chosen between what the records give and what officers entered, and
//! what it is compared with: the year's plan and the same period a year earlier.
//!
//! A place is a tree: the country holds the 2025 provinces, a 2025 province holds the 2008
//! provinces that merged into it (and the records known only by their 2025 commune), a 2008
//! province or a commune is a leaf. Each part of the tree that holds records gives the computed
//! value; a part without records gives what was entered for it, so a 2025 province's 2022 figure
//! includes a merged province known only by its entered totals.

use super::indicators::{Indicator, Unit};
use hoptac_core::i18n::Lang;
use hoptac_core::numbers::{round_half_away, Fixed};
use hoptac_core::word;
use serde::Serialize;

/// Where a report's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Counted from the records.
    Computed,
    /// Entered by an officer for this place or for every part of it.
    Entered,
    /// Counted from the records for some parts of the place and entered for the others.
    Mixed,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Computed => "computed",
            Source::Entered => "entered",
            Source::Mixed => "mixed",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Source::Computed => word!(lang, "report-counted_from_the_records"),
            Source::Entered => word!(lang, "report-entered_figure"),
            Source::Mixed => word!(lang, "report-records_and_entered_figures"),
        }
    }

    /// The label in a narrow table column.
    pub fn short_label(self, lang: Lang) -> &'static str {
        match self {
            Source::Computed => word!(lang, "report-records"),
            Source::Entered => word!(lang, "report-entered"),
            Source::Mixed => word!(lang, "report-mixed"),
        }
    }

    /// The source of a sum of two values.
    pub(crate) fn with(self, other: Source) -> Source {
        if self == other {
            self
        } else {
            Source::Mixed
        }
    }

    /// True when records contributed to the value.
    pub fn has_records(self) -> bool {
        matches!(self, Source::Computed | Source::Mixed)
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sourced {
    pub value: i64,
    pub source: Source,
}

impl Sourced {
    /// The sum of two values, from both their sources.
    pub fn plus(self, other: Sourced) -> Sourced {
        Sourced {
            value: self.value.saturating_add(other.value),
            source: self.source.with(other.source),
        }
    }
}

/// One place in the tree, for one indicator and period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node {
    /// The records that belong to this place and to none of its children; `None` when there are
    /// none (a count of zero over existing records is `Some(0)`).
    pub computed: Option<i64>,
    /// The value an officer entered for this place.
    pub entered: Option<i64>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn leaf(computed: Option<i64>, entered: Option<i64>) -> Node {
        Node {
            computed,
            entered,
            children: Vec::new(),
        }
    }

    /// The place's value: the sum over its parts where any part holds records (each part
    /// giving its records, or its entered value when it holds none); otherwise the value entered
    /// for the place itself; otherwise the sum of what was entered for its parts.
    pub fn resolve(&self) -> Option<Sourced> {
        let parts: Vec<Sourced> = self
            .computed
            .map(|value| Sourced {
                value,
                source: Source::Computed,
            })
            .into_iter()
            .chain(self.children.iter().filter_map(Node::resolve))
            .collect();
        let sum = |parts: &[Sourced]| parts.iter().copied().reduce(Sourced::plus);
        if parts.iter().any(|p| p.source.has_records()) {
            return sum(&parts);
        }
        match self.entered {
            Some(value) => Some(Sourced {
                value,
                source: Source::Entered,
            }),
            None => sum(&parts),
        }
    }

    /// What the records alone give for the place and its parts.
    pub fn computed_total(&self) -> Option<i64> {
        self.children
            .iter()
            .filter_map(Node::computed_total)
            .chain(self.computed)
            .reduce(i64::saturating_add)
    }
}

/// A ratio of two resolved values in `unit`, rounded once, half away from zero, to the step the
/// report states it in (100.000 đồng for an amount per cooperative), so that stating it rounds
/// nothing again; none when either is missing or the denominator is zero.
pub fn ratio(numerator: Option<Sourced>, denominator: Option<Sourced>, unit: Unit) -> Option<Sourced> {
    let (n, d) = (numerator?, denominator?);
    let step = i128::from(unit.step());
    let steps = round_half_away(i128::from(n.value), i128::from(d.value) * step)?;
    Some(Sourced {
        value: i64::try_from(steps * step).ok()?,
        source: n.source.with(d.source),
    })
}

/// One line of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub indicator: Indicator,
    /// What the report states, and where it came from.
    pub value: Option<Sourced>,
    /// What the records alone give.
    pub computed: Option<i64>,
    /// What was entered for this place and period, with its source.
    pub entered: Option<Entered>,
    /// The year's plan for this place.
    pub target: Option<i64>,
    /// The value for the same period a year earlier.
    pub previous: Option<i64>,
}

/// A value entered by an officer, with the document it was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entered {
    pub value: i64,
    pub source: String,
}

impl Figure {
    pub fn value(&self) -> Option<i64> {
        self.value.map(|v| v.value)
    }

    fn unit(&self) -> Unit {
        self.indicator.unit()
    }

    /// The value as every output states it ([`Unit::stated`]).
    pub fn stated(&self) -> Option<Fixed> {
        self.value().map(|v| self.unit().stated(v))
    }

    pub fn stated_target(&self) -> Option<Fixed> {
        self.target.map(|v| self.unit().stated(v))
    }

    pub fn stated_previous(&self) -> Option<Fixed> {
        self.previous.map(|v| self.unit().stated(v))
    }

    /// The value as a percentage of the year's plan, one decimal (166,1), from the two numbers
    /// as stated; none without a plan above zero.
    pub fn achievement(&self) -> Option<Fixed> {
        let target = self.stated_target().filter(|t| t.is_positive())?;
        Fixed::percent(self.stated()?, target)
    }

    /// The change since the same period a year earlier, as the stated values differ.
    pub fn change(&self) -> Option<Fixed> {
        self.stated()?.minus(self.stated_previous()?)
    }

    /// The change as a percentage of the year before's value (52,0 for a rise by half and a
    /// bit); none when that value is not above zero.
    pub fn relative_change(&self) -> Option<Fixed> {
        let previous = self.stated_previous().filter(|p| p.is_positive())?;
        Fixed::percent(self.change()?, previous)
    }

    /// The entered value, when the report states a different one counted from the records.
    pub fn disagreement(&self) -> Option<&Entered> {
        let value = self.value?;
        self.entered
            .as_ref()
            .filter(|e| value.source.has_records() && e.value != value.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn computed(value: i64) -> Option<Sourced> {
        Some(Sourced {
            value,
            source: Source::Computed,
        })
    }

    #[test]
    fn records_win_and_parts_without_records_give_their_entered_value() {
        // A 2025 province made of an old province with records and one known only by its totals.
        let province = Node {
            computed: None,
            entered: Some(900),
            children: vec![Node::leaf(Some(500), Some(480)), Node::leaf(None, Some(300))],
        };
        assert_eq!(
            province.resolve(),
            Some(Sourced {
                value: 800,
                source: Source::Mixed
            })
        );
        assert_eq!(province.computed_total(), Some(500));
        // The same province with records everywhere.
        let all = Node {
            children: vec![Node::leaf(Some(500), None), Node::leaf(Some(20), None)],
            ..province.clone()
        };
        assert_eq!(all.resolve(), computed(520));
    }

    #[test]
    fn a_place_without_records_reads_its_own_entry_before_its_parts() {
        let parts_entered = Node {
            computed: None,
            entered: None,
            children: vec![Node::leaf(None, Some(3)), Node::leaf(None, Some(4))],
        };
        assert_eq!(
            parts_entered.resolve().map(|s| (s.value, s.source)),
            Some((7, Source::Entered))
        );
        let own = Node {
            entered: Some(10),
            ..parts_entered
        };
        assert_eq!(own.resolve().map(|s| s.value), Some(10));
        assert_eq!(Node::default().resolve(), None);
        // Zero counted over existing records is a value, not a gap.
        assert_eq!(Node::leaf(Some(0), Some(5)).resolve(), computed(0));
    }

    #[test]
    fn figures_compare_with_plan_previous_and_entry() {
        let figure = Figure {
            indicator: Indicator::HtxFounded,
            value: computed(33),
            computed: Some(33),
            entered: Some(Entered {
                value: 30,
                source: "Báo cáo số 12/BC-LMHTX".into(),
            }),
            target: Some(20),
            previous: Some(25),
        };
        assert_eq!(
            figure.achievement().map(Fixed::vietnamese).as_deref(),
            Some("165,0")
        );
        assert_eq!(figure.change(), Some(Fixed::whole(8)));
        assert_eq!(figure.disagreement().map(|e| e.value), Some(30));
        let agreeing = Figure {
            entered: Some(Entered {
                value: 33,
                source: String::new(),
            }),
            ..figure.clone()
        };
        assert_eq!(agreeing.disagreement(), None);
        let no_plan = Figure {
            target: Some(0),
            ..figure
        };
        assert_eq!(no_plan.achievement(), None);
    }

    #[test]
    fn ratios_need_both_parts_and_a_denominator() {
        assert_eq!(ratio(computed(10), computed(4), Unit::Htx), computed(3));
        assert_eq!(ratio(computed(10), computed(0), Unit::Htx), None);
        assert_eq!(ratio(None, computed(4), Unit::Htx), None);
    }

    #[test]
    fn a_ratio_is_rounded_once_to_the_step_it_is_stated_in() {
        // 1.900.899.999 đồng over 2 cooperatives is 950.449.999,5 đồng each: rounded to a whole
        // đồng first (950.450.000) and to a tenth of a million then, it would read 950,5.
        let per_coop = ratio(computed(1_900_899_999), computed(2), Unit::DongPerCoop);
        assert_eq!(per_coop, computed(950_400_000));
        assert_eq!(Unit::DongPerCoop.stated(950_400_000).vietnamese(), "950,4");
        assert_eq!(
            ratio(computed(1_900_900_000), computed(2), Unit::DongPerCoop),
            computed(950_500_000)
        );
    }

    #[test]
    fn achievement_and_change_come_from_the_numbers_as_stated() {
        let revenue = Figure {
            indicator: Indicator::Revenue,
            value: computed(7_600_400_000),
            computed: Some(7_600_400_000),
            entered: None,
            target: Some(8_000_000_000),
            previous: Some(5_000_600_000),
        };
        assert_eq!(revenue.stated().map(Fixed::vietnamese).as_deref(), Some("7.600"));
        assert_eq!(revenue.change().map(Fixed::vietnamese).as_deref(), Some("2.599"));
        assert_eq!(
            revenue.achievement().map(Fixed::vietnamese).as_deref(),
            Some("95,0")
        );
        assert_eq!(
            revenue.relative_change().map(Fixed::vietnamese).as_deref(),
            Some("52,0")
        );
        let founded = Figure {
            indicator: Indicator::HtxFounded,
            value: computed(23),
            target: Some(80),
            ..revenue
        };
        // 28,75 %: a binary division gives 28,749999... and would round down.
        assert_eq!(
            founded.achievement().map(Fixed::vietnamese).as_deref(),
            Some("28,8")
        );
    }
}
