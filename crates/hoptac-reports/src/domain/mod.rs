//! Plans, indicators and the provincial reports: the catalogue of what reports count, periods and
//! places, how a value is chosen between records and entered figures, what officers enter, and the
//! narrative written the way the provinces' reports are.

pub mod coverage;
pub mod figures;
pub mod indicators;
pub mod inputs;
pub mod narrative;
pub mod period;
pub mod place;
pub mod query;
pub mod template;

pub use coverage::{Completeness, Coverage, ReportPart};
pub use figures::{Entered, Figure, Node, Source, Sourced};
pub use indicators::{Definition, Indicator, Measure, Section, Unit};
pub use inputs::{Entry, EntryInput, Target, TargetInput};
pub use period::{Period, PeriodInput, PeriodKind};
pub use place::ReportPlace;
pub use query::ReportQuery;
pub use template::{ReportTemplate, SectionInput, TemplateInput, TemplateKind, TemplateSection};
