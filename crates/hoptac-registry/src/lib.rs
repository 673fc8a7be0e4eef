//! The registry of the collective economy: cooperative groups (THT), cooperatives (HTX), unions
//! (LHHTX), farms and the businesses around them, with their members, yearly figures and status
//! over time, across the 2025 change of administrative units.
//!
//! `domain` holds the rules, free of I/O (what a valid tax code, organisation, member or year's
//! figures is; the Law on Cooperatives' membership rules); `store` keeps the records, asking the
//! gate (`hoptac_core::gate`) before every read that is not public and every write.

pub mod domain;
pub mod store;
pub mod web;

/// The words of this area's pages, fields and checks, in `locales/`.
pub const TRANSLATIONS: hoptac_core::i18n::Translations = hoptac_core::translations!();

/// The registry as every entry point knows it: its words, the records it audits and its counts for
/// reports. Most of its tables are the foundation's (`hoptac_core`'s migrations); its own are in
/// `migrations/`.
use hoptac_core::readable::{FieldShape, Shape};

pub fn area() -> hoptac_core::area::Area {
    hoptac_core::area::Area {
        schema: Some(&store::SCHEMA),
        prepare: Some(|db| Box::pin(store::organisations::prepare(db))),
        audited: &["organisation", "member", "yearly_figures", "identity_proposal"],
        trail_fields: TRAIL_FIELDS,
        counter: Some(&store::counts::COUNTER),
        ..hoptac_core::area::Area::new(TRANSLATIONS)
    }
}

/// How the fields of organisations, members and yearly figures read on the audit trail.
const TRAIL_FIELDS: &[FieldShape] = &[
    FieldShape {
        field: "kind",
        shape: Shape::Choice(&["OrgKind", "MemberKind"]),
    },
    FieldShape {
        field: "status",
        shape: Shape::Choice(&["OrgStatus"]),
    },
    FieldShape {
        field: "commune_era",
        shape: Shape::Choice(&["era"]),
    },
    FieldShape {
        field: "sectors",
        shape: Shape::Choice(&["Sector"]),
    },
    FieldShape {
        field: "membership",
        shape: Shape::Choice(&["Membership"]),
    },
    FieldShape {
        field: "gender",
        shape: Shape::Choice(&["Gender"]),
    },
    FieldShape {
        field: "rating",
        shape: Shape::Choice(&["YearlyRating"]),
    },
    FieldShape {
        field: "state",
        shape: Shape::Choice(&["ProposalState"]),
    },
    FieldShape {
        field: "charter_capital",
        shape: Shape::Money,
    },
    FieldShape {
        field: "capital_contribution",
        shape: Shape::Money,
    },
    FieldShape {
        field: "revenue",
        shape: Shape::Money,
    },
    FieldShape {
        field: "profit",
        shape: Shape::Money,
    },
    FieldShape {
        field: "average_income",
        shape: Shape::Money,
    },
    FieldShape {
        field: "members",
        shape: Shape::Count,
    },
    FieldShape {
        field: "regular_workers",
        shape: Shape::Count,
    },
];
