//! How the market's values read on its pages and in the API's words: quantities with their unit,
//! prices in đồng per unit, seasons as runs of months, and the reasons of a match.

use crate::domain::matching::{Exclusion, Reason};
use crate::domain::{Season, Unit, UnitPrice};
use crate::store::listings::Listing;
use hoptac_core::numbers::{format_date, format_int};
use hoptac_web::ui::Tr;
use std::collections::HashMap;

/// "1.500 kg".
pub fn quantity(t: Tr, amount: i64, unit: Unit) -> String {
    format!("{} {}", format_int(amount), unit.label(t.lang()))
}

/// An amount of a measure's smallest unit (kg, litre, one) said in `unit` when it divides
/// evenly ("105 tấn" rather than "105.000 kg"), else in the smallest unit.
pub fn quantity_in(t: Tr, base_amount: i64, unit: Unit) -> String {
    let per = unit.measure().1;
    if per > 1 && base_amount % per == 0 {
        quantity(t, base_amount / per, unit)
    } else {
        quantity(t, base_amount, unit.base())
    }
}

/// "25.000 đ/kg".
pub fn price(t: Tr, price: UnitPrice) -> String {
    t.f(
        "market-price_per",
        &[
            ("price", &format_int(price.amount)),
            ("unit", &price.unit.label(t.lang())),
        ],
    )
}

/// "25.000–35.000 đ/kg", or one price when both ends are the same.
pub fn price_range(t: Tr, min: i64, max: i64, unit: Unit) -> String {
    if min == max {
        return price(t, UnitPrice { amount: min, unit });
    }
    t.f(
        "market-price_range",
        &[
            ("min", &format_int(min)),
            ("max", &format_int(max)),
            ("unit", &unit.label(t.lang())),
        ],
    )
}

/// "tháng 10 – tháng 1", "tháng 3 – tháng 4, tháng 8", or "quanh năm".
pub fn season(t: Tr, season: Season) -> String {
    let runs = season.runs();
    if runs == [(1, 12)] {
        return t.s("market-all_year").to_owned();
    }
    runs.iter()
        .map(|&(from, to)| {
            if from == to {
                t.f("market-month", &[("month", &from)])
            } else {
                t.f("market-months", &[("from", &from), ("to", &to)])
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub use hoptac_ocop::web::view::stars_text as stars;

/// Where a listing delivers: the whole country, or its own province and those it names.
pub fn delivery(t: Tr, listing: &Listing, province_names: &HashMap<String, String>) -> String {
    if listing.delivers_nationwide {
        return t.s("market-nationwide").to_owned();
    }
    let mut names = vec![listing.province_name.clone()];
    names.extend(
        listing
            .delivers_to
            .iter()
            .filter(|c| **c != listing.province_code)
            .map(|c| province_names.get(c).cloned().unwrap_or_else(|| c.clone())),
    );
    names.join(", ")
}

/// One reason of a match in the reader's words.
pub fn reason(t: Tr, reason: &Reason) -> String {
    match reason {
        Reason::Words { found, of } => t.f("market-reason_words", &[("found", found), ("of", of)]),
        Reason::Supply {
            percent,
            quantity: amount,
            unit,
        } => t.f(
            "market-reason_supply",
            &[("percent", percent), ("quantity", &quantity(t, *amount, *unit))],
        ),
        Reason::PartSeason { in_season, months } => t.f(
            "market-reason_part_season",
            &[("in_season", in_season), ("months", months)],
        ),
        Reason::Stars { stars, expires_on } => t.f(
            "market-reason_stars",
            &[
                ("stars", stars),
                (
                    "until",
                    &format_date(expires_on.pred_opt().unwrap_or(*expires_on)),
                ),
            ],
        ),
        Reason::NoCertificate => t.s("market-reason_no_certificate").to_owned(),
        Reason::SameProvince => t.s("market-reason_same_province").to_owned(),
        Reason::Delivered { contracts } => t.count("market-reason_delivered", i64::from(*contracts), &[]),
        Reason::Distance { km } => t.f("market-reason_distance", &[("km", &format_int(i64::from(*km)))]),
        Reason::Cheapest => t.s("market-reason_cheapest").to_owned(),
        Reason::Dearer { percent } => t.f("market-reason_dearer", &[("percent", percent)]),
    }
}

/// Why an offer of the product asked does not answer, in the reader's words.
pub fn exclusion(t: Tr, why: &Exclusion) -> String {
    match why {
        Exclusion::OtherGroup => t.s("market-excluded_group").to_owned(),
        Exclusion::OtherMeasure { unit } => {
            t.f("market-excluded_measure", &[("unit", &unit.label(t.lang()))])
        }
        Exclusion::OutOfSeason => t.s("market-excluded_season").to_owned(),
        Exclusion::NoDelivery => t.s("market-excluded_delivery").to_owned(),
        Exclusion::BelowMinOrder { min_order, unit } => t.f(
            "market-excluded_min_order",
            &[("quantity", &quantity(t, *min_order, *unit))],
        ),
        Exclusion::TooFewStars { wanted, held } => match held {
            Some(held) => t.f("market-excluded_stars", &[("wanted", wanted), ("held", held)]),
            None => t.f("market-excluded_no_certificate", &[("wanted", wanted)]),
        },
        Exclusion::ExpiresInPeriod { expires_on } => {
            t.f("market-excluded_expires", &[("date", &format_date(*expires_on))])
        }
        Exclusion::NoVietGap => t.s("market-excluded_vietgap").to_owned(),
        Exclusion::NotOrganic => t.s("market-excluded_organic").to_owned(),
        Exclusion::AboveCeiling {
            price: asked,
            ceiling,
        } => t.f(
            "market-excluded_ceiling",
            &[("price", &price(t, *asked)), ("ceiling", &price(t, *ceiling))],
        ),
    }
}

/// The options of the months, 1 to 12, as a form offers them.
pub fn month_options(t: Tr) -> Vec<(String, String)> {
    (1..=12u32)
        .map(|m| (m.to_string(), t.f("market-month", &[("month", &m)])))
        .collect()
}

/// The units as a select offers them.
pub fn unit_options(t: Tr) -> Vec<(&'static str, &'static str)> {
    hoptac_web::ui::options(Unit::ALL, Unit::as_str, |u| u.label(t.lang()))
}

/// "1.500.000 đồng".
pub fn dong(t: Tr, amount: i64) -> String {
    t.f("market-dong", &[("amount", &format_int(amount))])
}

/// A figure that may not have been reported: its words, or a dash.
pub fn reported(figure: Option<i64>, words: impl Fn(i64) -> String) -> String {
    figure.map(words).unwrap_or_else(|| "—".to_owned())
}

/// "12/03/2026", or "12/03/2026 – 15/03/2026" for several days.
pub fn days(first: chrono::NaiveDate, last: Option<chrono::NaiveDate>) -> String {
    match last {
        Some(last) if last != first => format!("{} – {}", format_date(first), format_date(last)),
        _ => format_date(first),
    }
}

/// A vocabulary's choices (code, words) as a form's options.
pub fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    words: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_owned(), words(*v).to_owned()))
        .collect()
}

/// The one 2025 province the person runs trade promotion for, as a new form's first choice;
/// blank when they run it for several or none.
pub fn sole_promoted_province(access: &hoptac_core::access::Access) -> String {
    match access
        .provinces_for(hoptac_core::access::Permission::Promote)
        .as_deref()
    {
        Some([only]) => only.clone(),
        _ => String::new(),
    }
}
