//! The demo province's OCOP programme, made through the same repository functions as the pages:
//! products of its cooperatives, a 2022 round scored on the shipped Decision 1048 fresh-produce
//! scorecard, a round whose certificates enter their last month about now, a round decided five
//! months ago (with a product of 90 points, "potential 5 stars", and one not recognised) and a
//! round receiving applications today. Dates are counted from today so that the demo shows the
//! same states whenever it is loaded. Scores use only the shipped cards: the 1048 tree and the
//! cards by parts; no criterion is made up.

use super::{products, rounds, scorecards};
use crate::domain::inputs::{ApplicationInput, DecisionInput, ProductInput, RoundInput, SheetInput};
use crate::domain::scorecard::Scorecard;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use hoptac_core::audit::Actor;
use hoptac_core::Context;
use hoptac_core::{gate, users, Db, StoreError, StoreResult};
use hoptac_registry::store::demo;
use serde_json::json;
use std::collections::BTreeMap;

/// What the OCOP demo made.
pub struct OcopDemo {
    pub products: usize,
    pub rounds: usize,
    pub certificates: usize,
}

/// A product of the demo: its name, group and, for the 1048-era one, its product set's name; the
/// trade of the cooperative that makes it and the former province it comes from (see
/// [`demo::maker`]).
struct DemoProduct {
    name: &'static str,
    trade: &'static str,
    old_province: &'static str,
    group: &'static str,
    set: Option<&'static str>,
}

const PRODUCTS: [DemoProduct; 7] = [
    DemoProduct {
        name: "Cam sành Bắc Kạn",
        trade: "Nông nghiệp",
        old_province: "06",
        group: "1048_food",
        set: Some("Rau củ quả hạt tươi"),
    },
    DemoProduct {
        name: "Chè búp Tân Cương",
        trade: demo::MANAGED_TRADE,
        old_province: "19",
        group: "drinks",
        set: None,
    },
    DemoProduct {
        name: "Gạo Bao thai Định Hóa",
        trade: "Gạo Bao Thai",
        old_province: "19",
        group: "food",
        set: None,
    },
    DemoProduct {
        name: "Miến dong Na Rì",
        trade: "Miến dong",
        old_province: "06",
        group: "food",
        set: None,
    },
    DemoProduct {
        name: "Chè đinh La Bằng",
        trade: "Chè",
        old_province: "19",
        group: "drinks",
        set: None,
    },
    DemoProduct {
        name: "Mật ong rừng Võ Nhai",
        trade: "Chăn nuôi",
        old_province: "19",
        group: "food",
        set: None,
    },
    DemoProduct {
        name: "Bánh chưng Bờ Đậu",
        trade: "Nông nghiệp",
        old_province: "19",
        group: "food",
        set: None,
    },
];

/// Two council members' sheets by parts (A, B, C) for a product.
type Sheets = [[u32; 3]; 2];

/// A round of the demo and the products sent to it, by index into [`PRODUCTS`].
struct DemoRound {
    name: String,
    opened: NaiveDate,
    /// The decision's date; `None` while the round receives applications.
    decided: Option<NaiveDate>,
    applications: Vec<(usize, &'static str, Sheets)>,
}

/// Loads the OCOP demo into a database holding the demo province and no OCOP products; makes the
/// council members' accounts `hoidong1` and `hoidong2` with `password`.
pub async fn load(db: &Db, password: &str, today: NaiveDate, now: DateTime<Utc>) -> StoreResult<OcopDemo> {
    let operator = Actor::system("demo");
    // Each product is made by a cooperative of its trade: tea by a tea cooperative.
    let mut subjects: Vec<i64> = Vec::new();
    for product in &PRODUCTS {
        let maker = demo::maker(db, product.trade, product.old_province, &subjects)
            .await?
            .ok_or_else(|| {
                StoreError::Config(format!(
                    "the OCOP demo needs an active HTX or THT {} in Thái Nguyên (19) for «{}»; load the demo province first",
                    product.trade, product.name
                ))
            })?;
        subjects.push(maker);
    }
    let sets = scorecards::product_sets(db).await?;
    let mut product_ids = Vec::new();
    for (product, organisation_id) in PRODUCTS.iter().zip(&subjects) {
        let set_id = product
            .set
            .and_then(|name| sets.iter().find(|s| s.name == name))
            .map(|s| s.id.to_string());
        let input = ProductInput {
            organisation_id: Some(organisation_id.to_string()),
            name: product.name.into(),
            product_group: product.group.into(),
            product_set_id: set_id,
            has_quality_declaration: true,
            has_traceability: product_ids.len() % 2 == 0,
            ..ProductInput::default()
        };
        product_ids.push(products::create(&Context::at(db, &operator, now), &input).await?);
    }

    let mut council = Vec::new();
    // Two experts of the province's council, each known by name on the officer's pages.
    for (username, name) in [("hoidong1", "Nguyễn Thị Thu"), ("hoidong2", "Hoàng Văn Bình")] {
        let id = users::create(db, username, name, password, false, now).await?;
        council.push((username, id));
    }

    let months_ago = |n: u32| today.checked_sub_months(Months::new(n)).unwrap_or(today);
    let expiring = months_ago(36) + Duration::days(20);
    let fresh_produce = fresh_produce_sheet(db, product_ids[0], today).await?;
    let plans = [
        DemoRound {
            name: "Đợt 1 năm 2022".into(),
            opened: NaiveDate::from_ymd_opt(2022, 4, 1).unwrap_or(today),
            decided: NaiveDate::from_ymd_opt(2022, 6, 15),
            applications: vec![(0, "first", [[0; 3]; 2])],
        },
        DemoRound {
            name: format!("Đợt 2 năm {}", expiring.year()),
            opened: expiring - Duration::days(60),
            decided: Some(expiring),
            applications: vec![
                (1, "first", [[32, 20, 26], [30, 21, 25]]),
                (2, "first", [[25, 15, 20], [24, 14, 21]]),
            ],
        },
        DemoRound {
            name: format!("Đợt 1 năm {}", months_ago(5).year()),
            opened: months_ago(7),
            decided: Some(months_ago(5)),
            applications: vec![
                (3, "first", [[28, 18, 24], [27, 17, 23]]),
                (4, "first", [[38, 23, 31], [37, 22, 32]]),
                (5, "first", [[15, 10, 20], [16, 9, 19]]),
            ],
        },
        DemoRound {
            name: format!("Đợt 2 năm {}", today.year()),
            opened: today - Duration::days(10),
            decided: None,
            applications: vec![(6, "first", [[26, 16, 22], [0; 3]])],
        },
    ];
    let mut certificates = 0;
    for DemoRound {
        name,
        opened,
        decided,
        applications,
    } in &plans
    {
        let input = RoundInput {
            province: "19".into(),
            name: name.clone(),
            opened_on: opened.to_string(),
            closes_on: decided
                .is_none()
                .then(|| (today + Duration::days(30)).to_string()),
        };
        let on = |date: NaiveDate| date.and_hms_opt(3, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
        let round = rounds::open(&Context::on(db, &operator, *opened, on(*opened)), &input).await?;
        let mut members = Vec::new();
        for (username, id) in &council {
            rounds::assign_member(&Context::at(db, &operator, on(*opened)), round, username).await?;
            // Read after the grant, as a member's next request would.
            members.push(Actor {
                user_id: Some(*id),
                name: (*username).to_owned(),
                address: None,
                access: gate::access_of(db, *id, false).await?,
            });
        }
        let applied_on = *opened + Duration::days(5);
        for (index, kind, sheets) in applications {
            let application = ApplicationInput {
                product_id: Some(product_ids[*index].to_string()),
                kind: (*kind).into(),
            };
            let id = rounds::apply(
                &Context::on(db, &operator, applied_on, on(applied_on)),
                round,
                &application,
            )
            .await?;
            // The registration form the subject filled in, as the dossier's first document.
            let applied = Context::on(db, &operator, applied_on, on(applied_on));
            let form = super::files::registration_form(db, &operator, id, applied_on).await?;
            let pdf = crate::registration_pdf::registration_pdf(&form)
                .map_err(|e| hoptac_core::StoreError::Config(e.to_string()))?;
            super::files::add_document(&applied, id, "Phiếu đăng ký sản phẩm OCOP.pdf", pdf).await?;
            for (i, parts) in sheets.iter().enumerate() {
                let points = if *index == 0 {
                    fresh_produce.clone()
                } else if parts.iter().sum::<u32>() == 0 {
                    continue;
                } else {
                    BTreeMap::from([("A", parts[0]), ("B", parts[1]), ("C", parts[2])])
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), json!(v)))
                        .collect()
                };
                let sheet = SheetInput {
                    scorecard_id: None,
                    points,
                };
                // Scored ten days after applying, or today for a round that opened lately.
                let scored_on = (applied_on + Duration::days(10)).min(today);
                rounds::score(
                    &Context::on(db, &members[i], scored_on, on(scored_on)),
                    id,
                    &sheet,
                )
                .await?;
            }
        }
        if let Some(date) = decided {
            let decision = DecisionInput {
                number: format!("{}/QĐ-UBND", 1000 + date.ordinal()),
                date: date.to_string(),
                signer: "Phó Chủ tịch UBND tỉnh".into(),
                certificates: Vec::new(),
            };
            certificates += rounds::decide(&Context::on(db, &operator, *date, on(*date)), round, &decision)
                .await?
                .len();
        }
    }
    Ok(OcopDemo {
        products: product_ids.len(),
        rounds: plans.len(),
        certificates,
    })
}

/// A sheet on the shipped 1048 fresh-produce tree: the highest answer of every criterion but a
/// few, which take the one below, for a total in the 4-star class.
async fn fresh_produce_sheet(
    db: &Db,
    product_id: i64,
    today: NaiveDate,
) -> StoreResult<BTreeMap<String, serde_json::Value>> {
    let product = products::get(db, product_id, today).await?;
    let card: Scorecard = products::scorecard_for(db, &product).await?.card;
    Ok(card
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut answers: Vec<u32> = c.options.iter().map(|o| o.points).collect();
            if answers.is_empty() {
                answers = (0..=c.max).collect();
            }
            answers.sort_unstable();
            let top = answers.len() - 1;
            let pick = if i % 3 == 0 && top > 0 {
                answers[top - 1]
            } else {
                answers[top]
            };
            (c.code.clone(), json!(pick))
        })
        .collect())
}
