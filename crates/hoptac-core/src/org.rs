//! What every area knows of an organisation: its kind, its sector and its legal status, the
//! vocabularies the registry records and the other areas count and check against.

use crate::vocabulary;

vocabulary! {
    /// The kind of organisation (Law 17/2023/QH15 art. 4 for THT, HTX and LHHTX).
    OrgKind {
        Tht = "tht";
        Htx = "htx";
        Lhhtx = "lhhtx";
        Farm = "farm";
        Enterprise = "enterprise";
        HouseholdBusiness = "household_business";
    }
}

impl OrgKind {
    /// The short form officials write: THT, HTX, LHHTX.
    pub fn abbreviation(self) -> &'static str {
        match self {
            OrgKind::Tht => "THT",
            OrgKind::Htx => "HTX",
            OrgKind::Lhhtx => "LHHTX",
            OrgKind::Farm => "TT",
            OrgKind::Enterprise => "DN",
            OrgKind::HouseholdBusiness => "HKD",
        }
    }

    /// Cooperative groups, cooperatives and unions have members; the others do not.
    pub fn has_members(self) -> bool {
        matches!(self, OrgKind::Tht | OrgKind::Htx | OrgKind::Lhhtx)
    }

    /// Kinds that may use a 12-digit personal number as their tax code.
    pub fn may_use_personal_tax_code(self) -> bool {
        matches!(self, OrgKind::Tht | OrgKind::Farm | OrgKind::HouseholdBusiness)
    }
}

vocabulary! {
    /// Field of activity, as provincial reports group them.
    Sector {
        Agriculture = "agriculture";
        IndustryHandicraft = "industry_handicraft";
        TradeServices = "trade_services";
        Transport = "transport";
        Construction = "construction";
        Credit = "credit";
        Environment = "environment";
        Other = "other";
    }
}

vocabulary! {
    /// The legal state of an organisation from a given date.
    OrgStatus {
        Active = "active";
        Suspended = "suspended";
        Dissolved = "dissolved";
        Bankrupt = "bankrupt";
    }
}

impl OrgStatus {
    /// Dissolution and bankruptcy end an organisation: nothing follows them.
    pub fn is_final(self) -> bool {
        matches!(self, OrgStatus::Dissolved | OrgStatus::Bankrupt)
    }
}

/// The longest name an organisation field takes, in characters.
const NAME_MAX_CHARS: usize = 300;

/// The most organisations an ambiguous name lists to choose from.
const CHOICES_NAMED: usize = 5;

/// The id an organisation field holds as a person typed it: the id itself (`36`), the form's
/// suggestion (`HTX Chè Ba Hàng (#36)`), or the organisation's name, found without diacritics
/// ("htx che ba hang"): the one whose name is exactly that, else the one whose name holds every
/// word. Refused on `field` as `unknown_organisation` when none is, and as `several_organisations_match`
/// naming up to five with their communes and ids when several are (the form shown again is then the
/// page to choose from). `None` for an empty field. Whether the organisation exists at an id is
/// the caller's check.
pub async fn typed_organisation(
    db: &crate::Db,
    field: &str,
    typed: Option<&str>,
) -> crate::StoreResult<Option<i64>> {
    let Some(typed) = typed.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let refuse = |code: &'static str, params: Vec<(&'static str, String)>| {
        let mut errors = crate::FieldErrors::new();
        errors.add_with(field, code, params);
        Err(crate::StoreError::Validation(errors))
    };
    if typed.chars().count() > NAME_MAX_CHARS {
        return refuse("too_long", vec![("max", NAME_MAX_CHARS.to_string())]);
    }
    if let Ok(id) = typed.parse::<i64>() {
        return Ok(Some(id));
    }
    // The form's suggestion stands for its organisation while the name beside the number is that
    // organisation's; otherwise the whole text is a name.
    let suggested = typed
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once("(#"))
        .and_then(|(name, id)| Some((name.trim(), id.parse::<i64>().ok()?)));
    if let Some((name, id)) = suggested {
        let held: Option<String> = crate::on_pool!(db, |pool| sqlx::query_scalar(
            "SELECT name FROM organisations WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(pool)
        .await)?;
        if held.is_some_and(|held| crate::text::fold(&held) == crate::text::fold(name)) {
            return Ok(Some(id));
        }
    }
    let folded = crate::text::fold(typed);
    let mut conditions = Vec::new();
    let mut args = Vec::new();
    for (i, word) in folded.split_whitespace().take(12).enumerate() {
        conditions.push(format!("o.search_text LIKE ${} ESCAPE '\\'", i + 1));
        args.push(crate::Arg::Text(crate::sql::like_contains(word)));
    }
    let sql = format!(
        "SELECT o.id, o.name, c.name FROM organisations o JOIN communes c ON c.id = o.commune_id \
         WHERE {} ORDER BY o.name, o.id LIMIT 200",
        conditions.join(" AND ")
    );
    if conditions.is_empty() {
        return refuse("unknown_organisation", vec![("value", typed.to_owned())]);
    }
    let found: Vec<(i64, String, String)> =
        crate::on_pool!(db, |pool| crate::bind_args!(sqlx::query_as(&sql), &args)
            .fetch_all(pool)
            .await)?;
    let exact: Vec<&(i64, String, String)> = found
        .iter()
        .filter(|(_, name, _)| crate::text::fold(name) == folded)
        .collect();
    match (exact.as_slice(), found.as_slice()) {
        ([(id, _, _)], _) | ([], [(id, _, _)]) => Ok(Some(*id)),
        (_, []) => refuse("unknown_organisation", vec![("value", typed.to_owned())]),
        (several, all) => {
            let among = if several.is_empty() {
                all.iter().collect()
            } else {
                several.to_vec()
            };
            let choices: Vec<String> = among
                .iter()
                .take(CHOICES_NAMED)
                .map(|(id, name, commune)| format!("{name}, {commune} (#{id})"))
                .collect();
            refuse(
                "several_organisations_match",
                vec![
                    ("value", typed.to_owned()),
                    ("count", among.len().to_string()),
                    ("choices", choices.join("; ")),
                ],
            )
        }
    }
}

/// [`typed_organisation`] written back into the field as the id, for the checks that read it.
pub async fn settle_typed_organisation(
    db: &crate::Db,
    field: &str,
    value: &mut Option<String>,
) -> crate::StoreResult<()> {
    if let Some(id) = typed_organisation(db, field, value.as_deref()).await? {
        *value = Some(id.to_string());
    }
    Ok(())
}
