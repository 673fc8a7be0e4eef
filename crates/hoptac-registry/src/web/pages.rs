//! The registry's pages: list with filters, detail, and the forms that create and edit. A rejected
//! form is shown again with every message and everything the user typed.

use super::ListQuery;
use crate::domain::members::{capital_cap, Gender, MemberInput, MemberKind, Membership};
use crate::domain::organisation::{OrgKind, OrgStatus, OrganisationInput, Sector, StatusChangeInput};
use crate::domain::yearly::{YearlyFiguresInput, YearlyRating};
use crate::store::figures::{self, SaveMode};
use crate::store::members;
use crate::store::organisations::{self, Organisation, OrganisationFilter};
use crate::store::proposals;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use hoptac_core::access::{Access, Permission, Place};
use hoptac_core::admin::Era;
use hoptac_core::audit::{self, AuditFilter};
use hoptac_core::i18n::error_message;
use hoptac_core::numbers::{format_date, format_int};
use hoptac_core::BoxFuture;
use hoptac_core::{gate, roles, Page, Paging, StoreError};
use hoptac_core::{FieldErrors, Lang};
use hoptac_web::confirm::ConfirmedForm;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::PageError;
use hoptac_web::error::StoreOutcome;
use hoptac_web::extract::{HtmlForm, VersionField};
use hoptac_web::extract::{Path, Query};
use hoptac_web::routes::audit::Differences;
use hoptac_web::routes::{blank, province_options, render, render_form, render_refused, Conflict, Refusal};
use hoptac_web::ui::{options, url_encode, Chrome, FormErrors, Tr};
use hoptac_web::AppState;

type Options = Vec<(&'static str, &'static str)>;

fn kinds(lang: Lang) -> Options {
    options(OrgKind::ALL, OrgKind::as_str, |k| k.label(lang))
}

fn sectors(lang: Lang) -> Options {
    options(Sector::ALL, Sector::as_str, |s| s.label(lang))
}

fn statuses(lang: Lang) -> Options {
    options(OrgStatus::ALL, OrgStatus::as_str, |s| s.label(lang))
}

// ----- home -----

/// The registry's section of the home page: organisations active now by kind, and the question
/// officers ask most ("how many were active on ...").
#[derive(Template)]
#[template(path = "home_counts.html")]
struct HomeCounts {
    t: Tr,
    counts: Vec<KindCount>,
    kinds: Options,
    default_on: String,
}

struct KindCount {
    kind: &'static str,
    label: &'static str,
    count: String,
}

pub fn home_section<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
) -> BoxFuture<'a, Result<Option<String>, PageError>> {
    Box::pin(async move {
        let mut counts = Vec::new();
        for kind in OrgKind::ALL {
            let filter = OrganisationFilter {
                kinds: vec![*kind],
                status: Some(OrgStatus::Active),
                ..Default::default()
            };
            let n = organisations::count(state.db(), &filter)
                .await
                .or_page(ctx.lang)?;
            counts.push(KindCount {
                kind: kind.as_str(),
                label: kind.label(ctx.lang),
                count: format_int(n),
            });
        }
        let last_year_end =
            chrono::NaiveDate::from_ymd_opt(state.clock().today().year() - 1, 12, 31).unwrap_or_default();
        let section = HomeCounts {
            t: super::tr(ctx.lang),
            counts,
            kinds: kinds(ctx.lang),
            default_on: last_year_end.to_string(),
        };
        section
            .render()
            .map(Some)
            .map_err(|e| PageError::Internal(ctx.lang, e.to_string()))
    })
}

/// The registry's work for the person signed in: the organisations they manage that have not
/// entered last year's figures, each with the form to enter them.
pub fn work_section<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
) -> BoxFuture<'a, Result<Option<String>, PageError>> {
    Box::pin(async move {
        let Some(user) = &ctx.user else { return Ok(None) };
        let last_year = state.clock().today().year() - 1;
        let missing = figures::missing_for_manager(state.db(), user.id, last_year)
            .await
            .or_page(ctx.lang)?;
        let t = super::tr(ctx.lang);
        let mut items: Vec<(String, String)> = missing
            .into_iter()
            .map(|(id, name)| {
                (
                    t.f("home-figures_missing", &[("year", &last_year), ("name", &name)]),
                    format!("/organisations/{id}/figures/new"),
                )
            })
            .collect();
        // An officer decides the changes of legal identity that managers proposed.
        let actor = ctx.actor();
        let waiting = proposals::waiting_for(&state.context(&actor))
            .await
            .or_page(ctx.lang)?;
        items.extend(waiting.into_iter().map(|(id, name, proposer)| {
            (
                t.f(
                    "home-proposal_waiting",
                    &[("name", &name), ("proposer", &proposer)],
                ),
                format!("/organisations/{id}#proposal"),
            )
        }));
        hoptac_web::routes::home::work_section(ctx.lang, "work-registry", t.s("home-your_work"), &items)
    })
}

/// How many of an area's results the one search shows before its link to the whole list.
const SEARCH_SHOWN: i64 = 8;

/// The registry's results on the one search: organisations whose name, short name or tax code
/// holds the words, with their kind, commune and province.
pub fn search_section<'a>(
    state: &'a AppState,
    ctx: &'a Ctx,
    words: &'a str,
) -> BoxFuture<'a, Result<Option<String>, PageError>> {
    Box::pin(async move {
        let lang = ctx.lang;
        let t = super::tr(lang);
        let filter = OrganisationFilter {
            query: Some(words.to_owned()),
            ..Default::default()
        };
        let found = organisations::list(state.db(), &filter, Paging::new(Some(1), Some(SEARCH_SHOWN)))
            .await
            .or_page(lang)?;
        let items: Vec<(String, String, String)> = found
            .items
            .iter()
            .map(|o| {
                (
                    o.name.clone(),
                    format!("/organisations/{}", o.id),
                    format!("{} · {}, {}", o.kind.label(lang), o.commune_name, o.province_name),
                )
            })
            .collect();
        let all = (found.total > SEARCH_SHOWN).then(|| {
            (
                t.f("search-all_organisations", &[("n", &format_int(found.total))]),
                format!("/organisations?q={}", url_encode(words)),
            )
        });
        hoptac_web::routes::home::found_section(
            lang,
            &t.f("search-organisations", &[("n", &format_int(found.total))]),
            &items,
            all.as_ref().map(|(text, href)| (text.as_str(), href.clone())),
        )
    })
}

// ----- list -----

struct Row {
    id: i64,
    name: String,
    tax_code: Option<String>,
    kind: &'static str,
    commune: String,
    province: String,
    old_era: bool,
    founded: String,
    status: &'static str,
    status_code: &'static str,
}

/// The filter form's values as typed, so the form shows them again.
#[derive(Default)]
struct FilterValues {
    q: String,
    kind: String,
    province: String,
    old_province: String,
    commune: String,
    commune_era: String,
    sector: String,
    status: String,
    on: String,
    founded_year: String,
    new_model: String,
    value_chain: String,
    ecommerce: String,
    sort: String,
}

impl FilterValues {
    fn from(q: &ListQuery) -> FilterValues {
        let v = |o: &Option<String>| o.clone().unwrap_or_default();
        FilterValues {
            q: v(&q.q),
            kind: v(&q.kind),
            province: v(&q.province),
            old_province: v(&q.old_province),
            commune: v(&q.commune),
            commune_era: v(&q.commune_era),
            sector: v(&q.sector),
            status: v(&q.status),
            on: v(&q.on),
            founded_year: v(&q.founded_year),
            new_model: v(&q.new_model),
            value_chain: v(&q.value_chain),
            ecommerce: v(&q.ecommerce),
            sort: v(&q.sort),
        }
    }

    /// The query string of these filters with another page number.
    fn href(&self, page: i64) -> String {
        let filters = self.query();
        let page = format!("page={page}");
        let query: Vec<&str> = [filters.as_str(), page.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        format!("/organisations?{}", query.join("&"))
    }

    /// How many filters beyond the search words are set (the sort order is not a filter).
    fn beyond_search(&self) -> usize {
        self.pairs()
            .iter()
            .filter(|(k, _)| !matches!(*k, "q" | "sort" | "commune_era"))
            .count()
    }

    /// The filters set, as (name, value) pairs: what the download form sends along.
    fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("q", &self.q),
            ("kind", &self.kind),
            ("province", &self.province),
            ("old_province", &self.old_province),
            ("commune", &self.commune),
            ("commune_era", &self.commune_era),
            ("sector", &self.sector),
            ("status", &self.status),
            ("on", &self.on),
            ("founded_year", &self.founded_year),
            ("new_model", &self.new_model),
            ("value_chain", &self.value_chain),
            ("ecommerce", &self.ecommerce),
            ("sort", &self.sort),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect()
    }

    /// The query string of the filters set.
    fn query(&self) -> String {
        self.pairs()
            .iter()
            .map(|(k, v)| format!("{k}={}", url_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct ListPage {
    t: Tr,
    chrome: Chrome,
    f: FilterValues,
    kinds: Options,
    sectors: Options,
    statuses: Options,
    provinces: Vec<(String, String)>,
    old_provinces: Vec<(String, String)>,
    rows: Vec<Row>,
    /// The person may register an organisation somewhere: the "add" button is theirs.
    may_create: bool,
    filter_error: Option<String>,
    total_text: String,
    page_text: String,
    prev_href: Option<String>,
    next_href: Option<String>,
    /// The list as files, for those signed in: the filters the download form sends along, and
    /// the years whose figures it offers (last year first).
    exports: Option<Exports>,
}

struct Exports {
    filters: Vec<(&'static str, String)>,
    years: Vec<i32>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let f = FilterValues::from(&q);
    let mut page = ListPage {
        t,
        may_create: ctx.user.is_some() && ctx.access.allows_anywhere(Permission::Create),
        chrome: Chrome::new(&ctx),
        f,
        kinds: kinds(lang),
        sectors: sectors(lang),
        statuses: statuses(lang),
        provinces: province_options(&state, Era::Y2025, lang).await?,
        old_provinces: province_options(&state, Era::Y2008, lang).await?,
        rows: Vec::new(),
        filter_error: None,
        total_text: String::new(),
        page_text: String::new(),
        prev_href: None,
        next_href: None,
        exports: None,
    };
    let parsed = q.to_filter().map_err(StoreError::Validation);
    let result = match parsed {
        Ok((filter, paging)) => organisations::list(state.db(), &filter, paging)
            .await
            .map(|p| (filter, p)),
        Err(e) => Err(e),
    };
    match result {
        Ok((filter, found)) => {
            let count_key = if filter.on.is_some() {
                "registry-count_on"
            } else {
                "registry-count"
            };
            page.total_text = t.count(
                count_key,
                found.total,
                &[("date", &filter.on.map(format_date).unwrap_or_default())],
            );
            page.page_text = t.f(
                "pager-text",
                &[("page", &found.page), ("pages", &found.page_count())],
            );
            page.prev_href = (found.page > 1).then(|| page.f.href(found.page - 1));
            page.next_href = (found.page < found.page_count()).then(|| page.f.href(found.page + 1));
            if ctx.user.is_some() && found.total > 0 {
                let last = chrono::Datelike::year(&state.clock().today()) - 1;
                page.exports = Some(Exports {
                    filters: page.f.pairs(),
                    years: (2015..=last + 1).rev().collect(),
                });
            }
            page.rows = found
                .items
                .into_iter()
                .map(|o| Row {
                    id: o.id,
                    name: o.name,
                    tax_code: o.tax_code,
                    kind: o.kind.label(lang),
                    commune: o.commune_name,
                    province: o.province_name,
                    old_era: o.commune_era == "2008",
                    founded: format_date(o.founding_date),
                    status: o.status.label(lang),
                    status_code: o.status.as_str(),
                })
                .collect();
        }
        Err(StoreError::Validation(errors)) => {
            page.filter_error = Some(
                errors
                    .iter()
                    .map(|e| error_message(e, lang))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        Err(other) => return Err(PageError::from_store(other, lang)),
    }
    render(page)
}

// ----- detail -----

struct MemberRow {
    id: i64,
    name: String,
    kind: &'static str,
    membership: &'static str,
    joined: String,
    left_on: String,
    left: bool,
    capital: String,
}

/// The members' search and pages on an organisation's page.
struct MembersPager {
    search: String,
    /// How many the search found, in words; none without a search.
    found: Option<String>,
    text: Option<String>,
    prev: Option<String>,
    next: Option<String>,
}

struct FiguresRowView {
    year: i32,
    cells: Vec<String>,
    rating: &'static str,
    source: String,
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct DetailPage {
    t: Tr,
    chrome: Chrome,
    can: Rights,
    /// The latest changes, for those who may read the full record.
    events: Vec<hoptac_web::routes::audit::EventView>,
    /// How many of the record's changes the page shows, of how many.
    changes_count: String,
    /// Who manages the organisation.
    managers: Vec<ManagerRow>,
    org: Organisation,
    kind_label: &'static str,
    status_label: &'static str,
    status_since: String,
    flags: Vec<&'static str>,
    issues: Vec<String>,
    facts: Vec<(&'static str, String)>,
    has_members: bool,
    member_count: i64,
    members: Vec<MemberRow>,
    members_pager: MembersPager,
    figures: Vec<FiguresRowView>,
    history: Vec<(String, &'static str, String)>,
    statuses: Options,
    status_form: StatusChangeInput,
    status_errors: Vec<String>,
    /// A change of the legal identity waiting for an officer: who proposed it, when, and what
    /// differs (field, now, proposed).
    proposal: Option<ProposalView>,
    /// What other areas show of the organisation (its OCOP products), as HTML.
    area_sections: Vec<String>,
    /// The undo of a removal just made.
    undo: Option<UndoNotice>,
    /// The phone as written and as a `tel:` link dials it.
    phone: Option<(String, String)>,
    /// For an organisation of an old commune split between several 2025 communes: the candidates
    /// (code, name), the one settled on or suggested, and whether it is settled.
    split: Option<SplitCommune>,
}

struct SplitCommune {
    candidates: Vec<(String, String)>,
    chosen: String,
    settled: bool,
}

struct ProposalView {
    id: i64,
    /// Who proposed it and when, in a sentence.
    by: String,
    changes: Differences,
}

/// Opens a form only to those who may submit it: a visitor is sent to sign in, anyone else out of
/// reach gets "not found", in reach without the right "forbidden".
async fn require(state: &AppState, ctx: &Ctx, permission: Permission, org_id: i64) -> Result<(), PageError> {
    ctx.page_user()?;
    gate::authorize(state.db(), &ctx.actor(), permission, org_id)
        .await
        .or_page(ctx.lang)?;
    Ok(())
}

/// What the viewer may do with one organisation, to offer only the ways that will work (the
/// store checks each again).
#[derive(Default)]
struct Rights {
    read_private: bool,
    edit: bool,
    change_status: bool,
    edit_members: bool,
    edit_figures: bool,
    manage_access: bool,
    edit_identity: bool,
}

impl Rights {
    fn of(access: &Access, place: &Place) -> Rights {
        Rights {
            read_private: access.allows(Permission::ReadPrivate, place),
            edit: access.allows(Permission::Edit, place),
            change_status: access.allows(Permission::ChangeStatus, place),
            edit_members: access.allows(Permission::EditMembers, place),
            edit_figures: access.allows(Permission::EditFigures, place),
            manage_access: access.allows(Permission::ManageAccess, place),
            edit_identity: access.allows(Permission::EditIdentity, place),
        }
    }
}

struct ManagerRow {
    id: i64,
    holder: String,
    role: String,
}

async fn detail_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    members_query: MembersQuery,
    status_form: Option<StatusChangeInput>,
    status_errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let db = state.db();
    let actor = ctx.actor();
    let cx = state.context(&actor);
    let today = cx.today;
    let view = organisations::view(&cx, id).await.or_page(lang)?;
    let org = view.organisation;
    let can = Rights::of(&ctx.access, &gate::place_of(db, id).await.or_page(lang)?);
    let undo = match undo_notice(db, id, members_query.removed.as_deref(), &can, t)
        .await
        .or_page(lang)?
    {
        Some(notice) => Some(notice),
        None => restored_notice(members_query.restored.as_deref(), t),
    };
    // What the public does not see is fetched only for those who may read it.
    let members_search = blank(&members_query.members_q).map(str::to_owned);
    let members_page = members_query
        .members_page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1);
    let members_paging = Paging::new(members_page, Some(MEMBERS_PER_PAGE));
    let mut changes_total = 0;
    let (member_page, figure_rows, events, managers) = if can.read_private {
        let filter = AuditFilter {
            organisation_id: Some(id),
            ..Default::default()
        };
        let latest = audit::list(db, &actor, &filter, Paging::new(None, Some(20)))
            .await
            .or_page(lang)?;
        changes_total = latest.total;
        let managers = roles::of_organisation(db, &actor, id)
            .await
            .or_page(lang)?
            .into_iter()
            .map(|g| ManagerRow {
                id: g.id,
                holder: hoptac_web::routes::invitations::holder_text(&g, lang),
                role: g.role.label(lang).to_owned(),
            })
            .collect();
        (
            members::page(db, &actor, id, members_search.as_deref(), members_paging)
                .await
                .or_page(lang)?,
            figures::list(db, &actor, id).await.or_page(lang)?,
            hoptac_web::routes::audit::event_views(db, &latest.items, lang)
                .await
                .or_page(lang)?,
            managers,
        )
    } else {
        let none = Page {
            items: Vec::new(),
            total: 0,
            page: 1,
            per_page: MEMBERS_PER_PAGE,
        };
        (none, Vec::new(), Vec::new(), Vec::new())
    };
    let issues = view.compliance.unwrap_or_default();
    let member_count = view.members_now;
    let proposal = view.identity_proposal.map(|p| {
        let when = hoptac_core::numbers::format_moment(p.proposed_at);
        ProposalView {
            id: p.id,
            by: t.f("proposal-by", &[("who", &p.proposer), ("when", &when)]),
            changes: {
                let now = OrganisationInput {
                    commune_province: None,
                    ..org.to_input()
                };
                hoptac_web::routes::audit::differences(
                    audit::snapshot(&now).as_ref(),
                    audit::snapshot(&now.with_identity_of(&p.proposed)).as_ref(),
                    lang,
                )
            },
        }
    });
    // Unless the user's rejected input is shown again, offer the change most often made.
    let status_form = status_form.unwrap_or_else(|| {
        let next = if org.status == OrgStatus::Active {
            OrgStatus::Suspended
        } else {
            OrgStatus::Active
        };
        StatusChangeInput {
            status: next.as_str().to_owned(),
            effective_date: today.to_string(),
            reason: None,
        }
    });
    let history = view.statuses;
    let current = organisations::current_commune(db, id).await.or_page(lang)?;
    let split = current
        .as_ref()
        .filter(|c| !c.candidates.is_empty())
        .map(|c| SplitCommune {
            candidates: c
                .candidates
                .iter()
                .map(|k| (k.code.clone(), k.name.clone()))
                .collect(),
            chosen: c
                .settled
                .as_ref()
                .map(|s| s.code.clone())
                .or_else(|| c.suggested.clone())
                .unwrap_or_default(),
            settled: c.settled.is_some(),
        });
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut facts = vec![
        (t.s("field-kind"), org.kind.label(lang).to_owned()),
        (t.s("field-short_name"), opt(&org.short_name)),
        (t.s("field-tax_code"), opt(&org.tax_code)),
        (t.s("field-registration_number"), opt(&org.registration_number)),
        (
            t.s("field-registration_date"),
            org.registration_date.map(format_date).unwrap_or_default(),
        ),
        (t.s("field-founding_date"), format_date(org.founding_date)),
        (
            t.s("field-sectors"),
            org.sectors
                .iter()
                .map(|s| s.label(lang))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (t.s("field-address"), opt(&org.address)),
        (
            t.s("field-commune"),
            format!(
                "{} ({}, {})",
                org.commune_name,
                org.commune_code,
                if org.commune_era == "2008" {
                    t.s("era-2008")
                } else {
                    t.s("era-2025")
                }
            ),
        ),
        (
            t.s("field-current_commune"),
            match &current {
                None => String::new(),
                Some(c) => match &c.settled {
                    Some(settled) => format!("{} ({})", settled.name, settled.code),
                    None if c.candidates.is_empty() => t.s("detail-current_commune_unknown").to_owned(),
                    None => t.s("detail-current_commune_unsettled").to_owned(),
                },
            },
        ),
        (t.s("field-province"), org.province_name.clone()),
        (t.s("field-old_province"), opt(&org.old_province_name)),
        (t.s("field-representative_name"), {
            let title = opt(&org.representative_title);
            let name = opt(&org.representative_name);
            if title.is_empty() {
                name
            } else {
                format!("{name} ({title})")
            }
        }),
        (t.s("field-email"), opt(&org.email)),
        (t.s("field-website"), opt(&org.website)),
        (
            t.s("field-charter_capital"),
            org.charter_capital
                .map(|c| format!("{} đồng", format_int(c)))
                .unwrap_or_default(),
        ),
        (t.s("field-description"), opt(&org.description)),
        (
            t.s("detail-recorded"),
            hoptac_core::numbers::format_day_of(org.updated_at),
        ),
    ];
    facts.retain(|(_, v)| !v.is_empty());
    let flags = [
        (org.is_new_model, "field-is_new_model"),
        (org.is_value_chain, "field-is_value_chain"),
        (org.is_on_ecommerce, "field-is_on_ecommerce"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, key)| t.s(key))
    .collect();
    let members_href = |page: i64| {
        let search = members_search
            .as_deref()
            .map(|q| format!("&members_q={}", url_encode(q)))
            .unwrap_or_default();
        format!("/organisations/{id}?members_page={page}{search}#members")
    };
    let members_pager = MembersPager {
        search: members_search.clone().unwrap_or_default(),
        found: members_search
            .is_some()
            .then(|| t.count("detail-members_found", member_page.total, &[])),
        text: (member_page.page_count() > 1).then(|| {
            t.f(
                "pager-text",
                &[("page", &member_page.page), ("pages", &member_page.page_count())],
            )
        }),
        prev: (member_page.page > 1).then(|| members_href(member_page.page - 1)),
        next: (member_page.page < member_page.page_count()).then(|| members_href(member_page.page + 1)),
    };
    let members_view: Vec<MemberRow> = member_page
        .items
        .iter()
        .map(|m| MemberRow {
            id: m.id,
            name: m.full_name.clone(),
            kind: m.kind.label(lang),
            membership: m.membership.label(lang),
            joined: format_date(m.joined_on),
            left_on: m.left_on.map(format_date).unwrap_or_default(),
            left: m.left_on.is_some_and(|d| d <= today),
            capital: format_int(m.capital_contribution),
        })
        .collect();
    let cell = |v: Option<i64>| v.map(format_int).unwrap_or_default();
    let figures_view = figure_rows
        .iter()
        .map(|y| FiguresRowView {
            year: y.year,
            cells: vec![
                cell(y.members),
                cell(y.regular_workers),
                cell(y.charter_capital),
                cell(y.revenue),
                cell(y.profit),
                cell(y.average_income),
            ],
            rating: y.rating.map(|r| r.label(lang)).unwrap_or(""),
            source: y.source.clone().unwrap_or_default(),
        })
        .collect();
    let status_errors: Vec<String> = status_errors.iter().map(|e| error_message(e, lang)).collect();
    let refused = !status_errors.is_empty();
    let area_sections = state.organisation_sections(ctx, org.id).await?;
    render_form(
        refused,
        DetailPage {
            t,
            chrome: Chrome::new(ctx),
            can,
            changes_count: t.count("detail-changes_count", changes_total, &[("shown", &events.len())]),
            events,
            managers,
            kind_label: org.kind.label(lang),
            status_label: org.status.label(lang),
            status_since: format_date(org.status_since),
            flags,
            issues: issues.iter().map(|i| i.message(lang)).collect(),
            facts,
            area_sections,
            undo,
            phone: hoptac_core::text::dialled(org.phone.as_deref()),
            has_members: org.kind.has_members(),
            // Visitors see how many members there are, not who they are.
            member_count,
            members: members_view,
            members_pager,
            figures: figures_view,
            history: history
                .iter()
                .map(|h| {
                    (
                        format_date(h.effective_date),
                        h.status.label(lang),
                        h.reason.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            statuses: statuses(lang),
            status_form,
            status_errors,
            proposal,
            split,
            org,
        },
    )
}

/// Which members an organisation's page shows: a search inside the organisation, and a page.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MembersQuery {
    members_q: Option<String>,
    members_page: Option<String>,
    /// What was just removed from the page (`member-12`, `figures-2024`), to offer its undo.
    removed: Option<String>,
    /// What an undo just put back, to say so.
    restored: Option<String>,
}

/// The notice after a removal, with the form that puts the record back (`action`), or after the
/// undo, saying it was put back (no action).
struct UndoNotice {
    text: String,
    action: Option<String>,
}

/// The undo of what the address says was just removed from organisation `org_id`: offered while
/// the record's last write is its removal, to whoever may put it back.
async fn undo_notice(
    db: &hoptac_core::Db,
    org_id: i64,
    removed: Option<&str>,
    can: &Rights,
    t: Tr,
) -> hoptac_core::StoreResult<Option<UndoNotice>> {
    let Some((kind, key)) = removed.and_then(|r| r.split_once('-')) else {
        return Ok(None);
    };
    let (entity, entity_id, action) = match (kind, key.parse::<i64>()) {
        ("member", Ok(id)) if can.edit_members => {
            ("member", id.to_string(), format!("/members/{id}/restore"))
        }
        ("figures", Ok(year)) if can.edit_figures => (
            "yearly_figures",
            format!("{org_id}/{year}"),
            format!("/organisations/{org_id}/figures/{year}/restore"),
        ),
        _ => return Ok(None),
    };
    let Some(deletion) = audit::deleted(db, entity, &entity_id).await? else {
        return Ok(None);
    };
    if deletion.organisation_id != Some(org_id) {
        return Ok(None);
    }
    let text = if entity == "member" {
        let name = deletion.before["full_name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        t.f("undo-member_removed", &[("name", &name)])
    } else {
        // The year as the page writes years, not as the address spelled it ("+2025").
        let year = key.parse::<i64>().unwrap_or_default().to_string();
        t.f("undo-figures_removed", &[("year", &year)])
    };
    Ok(Some(UndoNotice {
        text,
        action: Some(action),
    }))
}

/// What the address says an undo just put back, in words.
fn restored_notice(restored: Option<&str>, t: Tr) -> Option<UndoNotice> {
    let (kind, key) = restored?.split_once('-')?;
    let number = key.parse::<i64>().ok()?;
    let text = match kind {
        "member" => t.s("undo-member_restored").to_owned(),
        "figures" => t.f("undo-figures_restored", &[("year", &number.to_string())]),
        _ => return None,
    };
    Some(UndoNotice { text, action: None })
}

/// Members shown on one page of an organisation's page.
const MEMBERS_PER_PAGE: i64 = 50;

pub async fn detail(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(members): Query<MembersQuery>,
) -> Result<Response, PageError> {
    detail_page(&state, &ctx, id, members, None, FieldErrors::new()).await
}

/// Accepts, rejects or withdraws a proposed legal identity, then shows the organisation.
pub async fn decide_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision)): Path<(i64, String)>,
    HtmlForm(form): HtmlForm<ProposalDecision>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let cx = state.context(&actor);
    let organisation_id = proposals::organisation_of(&cx, id).await.or_page(ctx.lang)?;
    let done = match decision.as_str() {
        "accept" => proposals::accept(&cx, id).await,
        "reject" => proposals::reject(&cx, id, &form.reason).await,
        "withdraw" => proposals::withdraw(&cx, id).await,
        _ => Err(StoreError::NotFound),
    };
    done.or_page(ctx.lang)?;
    Ok(Redirect::to(&format!("/organisations/{organisation_id}")).into_response())
}

/// What an officer sends with a decision on a proposal.
#[derive(serde::Deserialize, Default)]
pub struct ProposalDecision {
    #[serde(default)]
    reason: String,
}

pub async fn change_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<StatusChangeInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match organisations::change_status(&state.context(&actor), id, &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(()) => Ok(Redirect::to(&format!("/organisations/{id}#history")).into_response()),
        Err(errors) => detail_page(&state, &ctx, id, MembersQuery::default(), Some(input), errors).await,
    }
}

/// The 2025 commune an organisation of a split old commune counts in, settled by an officer.
#[derive(serde::Deserialize)]
pub struct SettleCommune {
    #[serde(default)]
    commune: String,
}

pub async fn settle_current_commune(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<SettleCommune>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match organisations::settle_current_commune(&state.context(&actor), id, &input.commune)
        .await
        .or_form(ctx.lang)?
    {
        Ok(()) => Ok(Redirect::to(&format!("/organisations/{id}")).into_response()),
        Err(errors) => detail_page(&state, &ctx, id, MembersQuery::default(), None, errors).await,
    }
}

// ----- organisation form -----

#[derive(Template)]
#[template(path = "organisation_form.html")]
struct OrganisationFormPage {
    t: Tr,
    chrome: Chrome,
    title: &'static str,
    action: String,
    cancel: String,
    id: Option<i64>,
    input: OrganisationInput,
    errors: FormErrors,
    kinds: Options,
    sectors: Options,
    provinces: Vec<(String, String)>,
    old_provinces: Vec<(String, String)>,
    /// The editor may not change the legal identity: a change of it is sent as a proposal.
    identity_proposed: bool,
    /// Someone saved the record since this form was opened.
    conflict: Option<Conflict>,
}

impl OrganisationFormPage {
    fn has_sector(&self, code: &str) -> bool {
        self.input.sectors.iter().any(|s| s == code)
    }
}

/// The organisation form, new or editing `id`; shown again with the reasons of a refusal (422) or
/// with the version someone else saved meanwhile (409).
async fn organisation_form(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    input: OrganisationInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let (title, action, cancel) = match id {
        Some(id) => (
            t.s("org-edit_title"),
            format!("/organisations/{id}/edit"),
            format!("/organisations/{id}"),
        ),
        None => (
            t.s("org-new_title"),
            "/organisations".to_owned(),
            "/organisations".to_owned(),
        ),
    };
    let identity_proposed = match id {
        Some(id) => gate::authorize(state.db(), &ctx.actor(), Permission::EditIdentity, id)
            .await
            .is_err(),
        None => false,
    };
    let (status, errors, conflict) = refusal.into_parts();
    let page = OrganisationFormPage {
        t,
        chrome: Chrome::new(ctx),
        title,
        action,
        cancel,
        id,
        input,
        errors: FormErrors::new(lang, errors),
        kinds: kinds(lang),
        sectors: sectors(lang),
        provinces: province_options(state, Era::Y2025, lang).await?,
        old_provinces: province_options(state, Era::Y2008, lang).await?,
        identity_proposed,
        conflict,
    };
    render_refused(status, page)
}

pub async fn new_organisation(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    ctx.page_user()?;
    if !ctx.access.allows_anywhere(Permission::Create) {
        return Err(PageError::Forbidden(ctx.lang));
    }
    let input = OrganisationInput {
        kind: "htx".into(),
        ..Default::default()
    };
    organisation_form(&state, &ctx, None, input, Refusal::None).await
}

pub async fn create_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<OrganisationInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match organisations::create(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/organisations/{id}")).into_response()),
        Err(e) => organisation_form(&state, &ctx, None, input, Refusal::Errors(e)).await,
    }
}

pub async fn edit_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    require(&state, &ctx, Permission::Edit, id).await?;
    let org = organisations::get(state.db(), id).await.or_page(ctx.lang)?;
    organisation_form(&state, &ctx, Some(id), org.to_input(), Refusal::None).await
}

pub async fn update_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<OrganisationInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match organisations::update(&state.context(&actor), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/organisations/{id}")).into_response()),
        Err(StoreError::Stale { .. }) => {
            let saved = organisations::get(state.db(), id).await.or_page(ctx.lang)?;
            let (input, conflict) = Conflict::merge(&saved.to_input(), input, saved.updated_at, ctx.lang);
            organisation_form(&state, &ctx, Some(id), input, conflict).await
        }
        Err(StoreError::Validation(e) | StoreError::Conflict(e)) => {
            organisation_form(&state, &ctx, Some(id), input, Refusal::Errors(e)).await
        }
        Err(other) => Err(PageError::from_store(other, ctx.lang)),
    }
}

// ----- member form -----

#[derive(Template)]
#[template(path = "member_form.html")]
struct MemberFormPage {
    t: Tr,
    chrome: Chrome,
    title: &'static str,
    action: String,
    delete_action: Option<String>,
    org_id: i64,
    org_name: String,
    input: MemberInput,
    errors: FormErrors,
    conflict: Option<Conflict>,
    kinds: Options,
    memberships: Options,
    genders: Options,
    cap_hint: String,
}

async fn member_form(
    state: &AppState,
    ctx: &Ctx,
    org_id: i64,
    member_id: Option<i64>,
    input: MemberInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let org = organisations::get(state.db(), org_id).await.or_page(lang)?;
    let cap_hint = match org.charter_capital.and_then(|c| capital_cap(org.kind, c)) {
        Some((percent, cap)) => t.f(
            "member-cap_hint",
            &[("percent", &percent), ("cap", &format_int(cap))],
        ),
        None => t.s("member-no_cap").to_owned(),
    };
    let (title, action, delete_action) = match member_id {
        Some(id) => (
            t.s("member-edit_title"),
            format!("/members/{id}/edit"),
            Some(format!("/members/{id}/delete")),
        ),
        None => (
            t.s("member-new_title"),
            format!("/organisations/{org_id}/members"),
            None,
        ),
    };
    let (status, errors, conflict) = refusal.into_parts();
    render_refused(
        status,
        MemberFormPage {
            t,
            chrome: Chrome::new(ctx),
            title,
            action,
            delete_action,
            org_id,
            org_name: org.name,
            input,
            errors: FormErrors::new(lang, errors),
            conflict,
            kinds: options(MemberKind::ALL, MemberKind::as_str, |k| k.label(lang)),
            memberships: options(Membership::ALL, Membership::as_str, |k| k.label(lang)),
            genders: options(Gender::ALL, Gender::as_str, |g| g.label(lang)),
            cap_hint,
        },
    )
}

pub async fn new_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
) -> Result<Response, PageError> {
    require(&state, &ctx, Permission::EditMembers, org_id).await?;
    let input = MemberInput {
        kind: "person".into(),
        membership: "official".into(),
        joined_on: state.clock().today().to_string(),
        ..Default::default()
    };
    member_form(&state, &ctx, org_id, None, input, Refusal::None).await
}

pub async fn create_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
    HtmlForm(input): HtmlForm<MemberInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match members::create(&state.context(&actor), org_id, &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(Redirect::to(&format!("/organisations/{org_id}#members")).into_response()),
        Err(e) => member_form(&state, &ctx, org_id, None, input, Refusal::Errors(e)).await,
    }
}

pub async fn edit_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.page_user()?;
    let member = members::get(state.db(), &ctx.actor(), id)
        .await
        .or_page(ctx.lang)?;
    require(&state, &ctx, Permission::EditMembers, member.organisation_id).await?;
    member_form(
        &state,
        &ctx,
        member.organisation_id,
        Some(id),
        member.to_input(),
        Refusal::None,
    )
    .await
}

pub async fn update_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<MemberInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let member = members::get(state.db(), &actor, id).await.or_page(ctx.lang)?;
    let org_id = member.organisation_id;
    let refusal = match members::update(&state.context(&actor), id, &input).await {
        Ok(()) => return Ok(Redirect::to(&format!("/organisations/{org_id}#members")).into_response()),
        Err(StoreError::Stale { .. }) => {
            let saved = members::get(state.db(), &actor, id).await.or_page(ctx.lang)?;
            let (input, conflict) = Conflict::merge(&saved.to_input(), input, saved.updated_at, ctx.lang);
            return member_form(&state, &ctx, org_id, Some(id), input, conflict).await;
        }
        Err(StoreError::Validation(e) | StoreError::Conflict(e)) => Refusal::Errors(e),
        Err(other) => return Err(PageError::from_store(other, ctx.lang)),
    };
    member_form(&state, &ctx, org_id, Some(id), input, refusal).await
}

pub async fn delete_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ConfirmedForm(sent): ConfirmedForm<VersionField>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let member = members::delete(&state.context(&actor), id, sent.version)
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to(&format!(
        "/organisations/{}?removed=member-{id}#undo",
        member.organisation_id
    ))
    .into_response())
}

/// Puts back a member just removed (the notice's undo).
pub async fn restore_member(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(_): HtmlForm<hoptac_web::extract::NoFields>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let cx = state.context(&actor);
    members::restore(&cx, id).await.or_page(ctx.lang)?;
    let member = members::get(&cx.db, &actor, id).await.or_page(ctx.lang)?;
    Ok(Redirect::to(&format!(
        "/organisations/{}?restored=member-{id}#undo",
        member.organisation_id
    ))
    .into_response())
}

// ----- yearly figures form -----

#[derive(Template)]
#[template(path = "figures_form.html")]
struct FiguresFormPage {
    t: Tr,
    chrome: Chrome,
    title: String,
    action: String,
    delete_action: Option<(String, String)>,
    editing: bool,
    org_id: i64,
    org_name: String,
    input: YearlyFiguresInput,
    number_fields: Vec<(&'static str, &'static str, String)>,
    ratings: Options,
    errors: FormErrors,
    conflict: Option<Conflict>,
}

async fn figures_form(
    state: &AppState,
    ctx: &Ctx,
    org_id: i64,
    year: Option<i32>,
    input: YearlyFiguresInput,
    refusal: Refusal,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let t = super::tr(lang);
    let org = organisations::get(state.db(), org_id).await.or_page(lang)?;
    let (title, action, delete_action) = match year {
        Some(y) => (
            t.f("figures-edit_title", &[("year", &y)]),
            format!("/organisations/{org_id}/figures/{y}/edit"),
            // The form and what its removal names: the year and whose figures they are.
            Some((
                format!("/organisations/{org_id}/figures/{y}/delete"),
                format!("{} {y} – {}", t.s("field-year"), org.name),
            )),
        ),
        None => (
            t.s("figures-new_title").to_owned(),
            format!("/organisations/{org_id}/figures"),
            None,
        ),
    };
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let number_fields = vec![
        ("members", t.s("field-members"), value(&input.members)),
        (
            "regular_workers",
            t.s("field-regular_workers"),
            value(&input.regular_workers),
        ),
        (
            "charter_capital",
            t.s("field-charter_capital"),
            value(&input.charter_capital),
        ),
        ("revenue", t.s("field-revenue"), value(&input.revenue)),
        ("profit", t.s("field-profit"), value(&input.profit)),
        (
            "average_income",
            t.s("field-average_income"),
            value(&input.average_income),
        ),
    ];
    let (status, errors, conflict) = refusal.into_parts();
    render_refused(
        status,
        FiguresFormPage {
            t,
            chrome: Chrome::new(ctx),
            title,
            action,
            delete_action,
            editing: year.is_some(),
            org_id,
            org_name: org.name,
            input,
            number_fields,
            ratings: options(YearlyRating::ALL, YearlyRating::as_str, |r| r.label(lang)),
            errors: FormErrors::new(lang, errors),
            conflict,
        },
    )
}

pub async fn new_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
) -> Result<Response, PageError> {
    require(&state, &ctx, Permission::EditFigures, org_id).await?;
    // The latest past year that has no figures yet: the one a person comes to enter.
    let entered: Vec<i32> = figures::list(state.db(), &ctx.actor(), org_id)
        .await
        .or_page(ctx.lang)?
        .iter()
        .map(|row| row.year)
        .collect();
    let last_year = state.clock().today().year() - 1;
    let year = (crate::domain::yearly::FIRST_YEAR..=last_year)
        .rev()
        .find(|y| !entered.contains(y))
        .unwrap_or(last_year);
    let input = YearlyFiguresInput {
        year: Some(year.to_string()),
        ..Default::default()
    };
    figures_form(&state, &ctx, org_id, None, input, Refusal::None).await
}

async fn save_figures_page(
    state: AppState,
    ctx: Ctx,
    org_id: i64,
    year: Option<i32>,
    input: YearlyFiguresInput,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let mode = year.map_or(SaveMode::Create, SaveMode::Replace);
    let refusal = match (
        figures::save(&state.context(&actor), org_id, &input, mode).await,
        year,
    ) {
        (Ok(_), _) => return Ok(Redirect::to(&format!("/organisations/{org_id}#figures")).into_response()),
        // Only a replaced year can have been saved by someone else meanwhile.
        (Err(StoreError::Stale { .. }), Some(edited)) => {
            let saved = figures::get(state.db(), &actor, org_id, edited)
                .await
                .or_page(ctx.lang)?;
            let (input, conflict) = Conflict::merge(&saved.to_input(), input, saved.updated_at, ctx.lang);
            return figures_form(&state, &ctx, org_id, year, input, conflict).await;
        }
        (Err(StoreError::Validation(e) | StoreError::Conflict(e)), _) => Refusal::Errors(e),
        (Err(other), _) => return Err(PageError::from_store(other, ctx.lang)),
    };
    figures_form(&state, &ctx, org_id, year, input, refusal).await
}

pub async fn create_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(org_id): Path<i64>,
    HtmlForm(input): HtmlForm<YearlyFiguresInput>,
) -> Result<Response, PageError> {
    save_figures_page(state, ctx, org_id, None, input).await
}

pub async fn edit_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, year)): Path<(i64, i32)>,
) -> Result<Response, PageError> {
    require(&state, &ctx, Permission::EditFigures, org_id).await?;
    let row = figures::get(state.db(), &ctx.actor(), org_id, year)
        .await
        .or_page(ctx.lang)?;
    figures_form(&state, &ctx, org_id, Some(year), row.to_input(), Refusal::None).await
}

pub async fn update_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, year)): Path<(i64, i32)>,
    HtmlForm(input): HtmlForm<YearlyFiguresInput>,
) -> Result<Response, PageError> {
    save_figures_page(state, ctx, org_id, Some(year), input).await
}

pub async fn delete_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, year)): Path<(i64, i32)>,
    ConfirmedForm(sent): ConfirmedForm<VersionField>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    figures::delete(&state.context(&actor), org_id, year, sent.version)
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to(&format!("/organisations/{org_id}?removed=figures-{year}#undo")).into_response())
}

/// Puts back a year's figures just removed (the notice's undo).
pub async fn restore_figures(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((org_id, year)): Path<(i64, i32)>,
    HtmlForm(_): HtmlForm<hoptac_web::extract::NoFields>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    figures::restore(&state.context(&actor), org_id, year)
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to(&format!("/organisations/{org_id}?restored=figures-{year}#undo")).into_response())
}
