//! Market linkage between regions (liên kết tiêu thụ): cooperatives list their products for sale,
//! buyers post what they want, and each demand is matched with supply across every province, each
//! match saying why it ranks where it does. Listings draw their OCOP stars and certificate validity
//! from the OCOP records, so a star shown is a certificate that holds.
//!
//! `domain` holds the rules, free of I/O (units, seasons, the checks of a listing and a demand,
//! matching, distances between provinces); `store` keeps the records behind the gate
//! (`hoptac_core::gate`); `web` serves the public catalogue, the forms and the API.

pub mod domain;
pub mod store;
pub mod web;

use hoptac_core::readable::{FieldShape, Shape};

/// The words of this area's pages, fields and checks, in `locales/`.
pub const TRANSLATIONS: hoptac_core::i18n::Translations = hoptac_core::translations!();

/// The market as every entry point knows it: its words, tables and the records it audits.
pub fn area() -> hoptac_core::area::Area {
    hoptac_core::area::Area {
        schema: Some(&store::SCHEMA),
        counter: Some(&store::counts::COUNTER),
        audited: &[
            "market_listing",
            "market_demand",
            "market_contract",
            "market_contract_version",
            "market_contract_signature",
            "market_delivery",
            "market_programme",
            "market_programme_activity",
            "market_shop",
            "market_fair",
            "market_fair_participant",
        ],
        trail_fields: &[
            FieldShape {
                field: "unit",
                shape: Shape::Choice(&["Unit"]),
            },
            FieldShape {
                field: "province_code",
                shape: Shape::Province,
            },
            FieldShape {
                field: "sales",
                shape: Shape::Money,
            },
            FieldShape {
                field: "agreement_value",
                shape: Shape::Money,
            },
            FieldShape {
                field: "proposer_province",
                shape: Shape::Province,
            },
            FieldShape {
                field: "partner_province",
                shape: Shape::Province,
            },
            FieldShape {
                field: "organiser_province",
                shape: Shape::Province,
            },
            FieldShape {
                field: "venue_province",
                shape: Shape::Province,
            },
            FieldShape {
                field: "operator_id",
                shape: Shape::Named {
                    table: "organisations",
                    column: "name",
                },
            },
            FieldShape {
                field: "state",
                shape: Shape::Choice(&[
                    "ListingState",
                    "DemandState",
                    "ContractState",
                    "ProgrammeState",
                    "ShopState",
                ]),
            },
            FieldShape {
                field: "kind",
                shape: Shape::Choice(&[
                    "ContractKind",
                    "ProgrammeKind",
                    "ActivityKind",
                    "ShopKind",
                    "FairKind",
                ]),
            },
            FieldShape {
                field: "seller_id",
                shape: Shape::Named {
                    table: "organisations",
                    column: "name",
                },
            },
            FieldShape {
                field: "delivery_province",
                shape: Shape::Province,
            },
            FieldShape {
                field: "buyer_id",
                shape: Shape::Named {
                    table: "organisations",
                    column: "name",
                },
            },
        ],
        ..hoptac_core::area::Area::new(TRANSLATIONS)
    }
}

/// Fresh databases for tests, with what the market needs loaded.
#[cfg(feature = "testing")]
pub mod testing {
    use hoptac_core::testing::TestDb;

    /// A new database with the registry, the OCOP programme and the market.
    pub async fn db() -> hoptac_core::StoreResult<TestDb> {
        TestDb::of(&[&hoptac_registry::area(), &hoptac_ocop::area(), &super::area()]).await
    }
}
