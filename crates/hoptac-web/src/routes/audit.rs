//! Reading the audit trail: a record's history on its page (signed-in users), and the whole trail
//! filtered by person, record and date (administrators only; for others it does not exist).

use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody, PageError, StoreOutcome};
use crate::extract::{Path, Query};
use crate::ui::{filters_set, url_encode, Chrome, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use hoptac_core::audit::{self, AuditEvent, AuditFilter};
use hoptac_core::errors::check;
use hoptac_core::i18n::field_label;
use hoptac_core::numbers::format_int;
use hoptac_core::readable::{show, Names};
use hoptac_core::{Db, StoreResult};
use hoptac_core::{FieldErrors, Lang};
use hoptac_core::{Page, Paging};
use serde::Deserialize;
use serde_json::Value;

/// The trail's filters as the page's form and the API's query string send them.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Username of the person who wrote.
    pub actor: Option<String>,
    /// A kind of record, as each area names the records it writes (`organisation`, `member`,
    /// `role_grant`, `ocop_round`, `report_entry`...; the audit page lists them all); another is
    /// refused.
    pub entity: Option<String>,
    /// The record's id (`12`, or `12/2024` for a year's figures).
    pub entity_id: Option<String>,
    /// Every record of one organisation: its id, or words of its name matched without diacritics
    /// (`htx che ba hang`).
    pub organisation: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

fn blank(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

impl AuditQuery {
    /// The store filter; `audited` are the kinds of record the application's areas write.
    fn to_filter(&self, audited: &[&str]) -> Result<(AuditFilter, Paging), FieldErrors> {
        let mut errors = FieldErrors::new();
        let from = check::optional_date(&mut errors, "from", self.from.as_deref());
        let to = check::optional_date(&mut errors, "to", self.to.as_deref());
        let mut number = |field: &str, raw: &Option<String>| {
            check::optional_counting_number(&mut errors, field, raw.as_deref())
        };
        // A number is the organisation's id; words are its name.
        let organisation = blank(&self.organisation);
        let by_id = organisation
            .as_deref()
            .is_some_and(|o| o.chars().all(|c| c.is_ascii_digit()));
        let organisation_id = if by_id {
            number("organisation", &organisation)
        } else {
            None
        };
        let organisation_name = organisation.filter(|_| !by_id);
        let paging = Paging::new(number("page", &self.page), number("per_page", &self.per_page));
        let entity = blank(&self.entity);
        if let Some(e) = &entity {
            if !audited.contains(&e.as_str()) {
                errors.add_with("entity", "invalid_choice", vec![("value", e.clone())]);
            }
        }
        let filter = AuditFilter {
            actor: blank(&self.actor),
            organisation_id,
            organisation_name,
            entity,
            entity_id: blank(&self.entity_id),
            from,
            to,
        };
        errors.into_result((filter, paging))
    }
}

/// The whole trail, newest first, filtered. Administrators only.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = Page<AuditEvent>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn api_trail(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Page<AuditEvent>>, ApiError> {
    ctx.api_admin()?;
    let (filter, paging) = q
        .to_filter(&state.areas().audited)
        .map_err(|e| ApiError::fields(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", e, ctx.lang))?;
    let page = audit::list(state.db(), &ctx.actor(), &filter, paging)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(page))
}

/// The history of one organisation and its members and figures, newest first, for those who may
/// read its full record.
#[utoipa::path(get, path = "/api/v1/organisations/{id}/history", tag = "audit",
    responses((status = 200, body = Page<AuditEvent>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Page<AuditEvent>>, ApiError> {
    ctx.api_user()?;
    let (_, paging) = q
        .to_filter(&state.areas().audited)
        .map_err(|e| ApiError::fields(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", e, ctx.lang))?;
    let filter = AuditFilter {
        organisation_id: Some(id),
        ..Default::default()
    };
    let page = audit::list(state.db(), &ctx.actor(), &filter, paging)
        .await
        .or_api(ctx.lang)?;
    Ok(Json(page))
}

/// How two versions of a record differ, field by field: (the field's name, one value, the other),
/// in the person's words.
pub type Differences = Vec<(&'static str, String, String)>;

/// A trail entry as a page shows it.
pub struct EventView {
    pub when: String,
    pub actor: String,
    pub address: String,
    pub what: String,
    /// The organisation's name, for an entry of one of its members, figures, products...
    pub organisation: Option<String>,
    pub link: Option<String>,
    pub changes: Differences,
}

/// The fields in which two snapshots of a record differ, each as (its name, the value in `before`,
/// the value in `after`) in the person's words: the two versions of a record that two people saved
/// at once, or a proposed change. Their values are the forms' own, so no names are read.
pub fn differences(
    before: Option<&Value>,
    after: Option<&Value>,
    lang: Lang,
) -> Vec<(&'static str, String, String)> {
    audit::diff(before, after)
        .iter()
        .map(|c| change_view(c, lang, &Names::default()))
        .collect()
}

fn change_view(c: &audit::FieldChange, lang: Lang, names: &Names) -> (&'static str, String, String) {
    (
        field_label(&c.field, lang),
        show(&c.field, &c.before, lang, names),
        show(&c.field, &c.after, lang, names),
    )
}

/// What a trail entry's record is called: its name in the snapshot (an organisation's, a member's,
/// a certificate's number), the year of a year's figures, else its id.
fn record_name(event: &AuditEvent, lang: Lang) -> String {
    let snapshot = |json: &Option<String>| {
        json.as_deref()
            .and_then(|j| serde_json::from_str::<Value>(j).ok())
    };
    let named = [snapshot(&event.after_json), snapshot(&event.before_json)]
        .into_iter()
        .flatten()
        .find_map(|s| {
            ["name", "full_name", "number", "username"]
                .iter()
                .find_map(|f| s.get(*f).and_then(Value::as_str).map(|n| format!("«{n}»")))
                // A year's figures are named by their year: "Thêm số liệu năm 2024".
                .or_else(|| s.get("year").map(|y| show("year", y, lang, &Names::default())))
        });
    named.unwrap_or_else(|| event.entity_id.clone())
}

/// The trail entries as a page shows them, with the names their ids point at read once for all.
pub async fn event_views(db: &Db, events: &[AuditEvent], lang: Lang) -> StoreResult<Vec<EventView>> {
    let organisations: Vec<Value> = events
        .iter()
        .filter_map(|e| e.organisation_id)
        .map(Value::from)
        .collect();
    let mut values: Vec<(&str, &Value)> = organisations.iter().map(|id| ("organisation_id", id)).collect();
    for change in events.iter().flat_map(|e| &e.changes) {
        values.push((&change.field, &change.before));
        values.push((&change.field, &change.after));
    }
    let names = Names::read(db, values.into_iter()).await?;
    Ok(events.iter().map(|e| event_view(e, lang, &names)).collect())
}

fn event_view(event: &AuditEvent, lang: Lang, names: &Names) -> EventView {
    let t = Tr::new(lang);
    let what = format!(
        "{} {} {}",
        t.s(&format!("audit-action-{}", event.action)),
        t.s(&format!("audit-entity-{}", event.entity)),
        record_name(event, lang)
    );
    // The organisation an entry belongs to, unless the entry is the organisation itself.
    let organisation = event
        .organisation_id
        .filter(|_| event.entity != "organisation")
        .map(|id| show("organisation_id", &Value::from(id), lang, names));
    EventView {
        when: hoptac_core::numbers::format_moment(event.at),
        actor: event.actor.clone(),
        address: event.address.clone().unwrap_or_default(),
        what,
        organisation,
        link: event.organisation_id.map(|id| format!("/organisations/{id}")),
        changes: event
            .changes
            .iter()
            .map(|c| change_view(c, lang, names))
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct TrailPage {
    t: Tr,
    chrome: Chrome,
    q: AuditQuery,
    events: Vec<EventView>,
    error: Option<String>,
    total_text: String,
    prev_href: Option<String>,
    next_href: Option<String>,
    entities: Vec<&'static str>,
}

impl TrailPage {
    fn value(&self, field: &str) -> String {
        let v = match field {
            "actor" => &self.q.actor,
            "entity_id" => &self.q.entity_id,
            "organisation" => &self.q.organisation,
            "from" => &self.q.from,
            "to" => &self.q.to,
            _ => &self.q.entity,
        };
        v.clone().unwrap_or_default()
    }

    /// How many filters beyond the person's name are set.
    fn beyond_search(&self) -> usize {
        filters_set(
            &["entity", "entity_id", "organisation", "from", "to"]
                .map(|f| self.value(f))
                .each_ref()
                .map(String::as_str),
        )
    }

    /// The download of the trail as filtered here.
    fn export_href(&self) -> String {
        TrailPage::href(&self.q, 1).replacen("/audit?", "/audit/export.csv?", 1)
    }

    fn href(q: &AuditQuery, page: i64) -> String {
        let pairs = [
            ("actor", &q.actor),
            ("entity", &q.entity),
            ("entity_id", &q.entity_id),
            ("organisation", &q.organisation),
            ("from", &q.from),
            ("to", &q.to),
        ];
        let mut parts: Vec<String> = pairs
            .iter()
            .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", url_encode(&v))))
            .collect();
        parts.push(format!("page={page}"));
        format!("/audit?{}", parts.join("&"))
    }
}

/// The trail page. Administrators only; for everyone else it does not exist.
pub async fn trail_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    ctx.page_admin()?;
    let lang = ctx.lang;
    let t = Tr::new(lang);
    let mut page = TrailPage {
        t,
        chrome: Chrome::new(&ctx),
        q: q.clone(),
        events: Vec::new(),
        error: None,
        total_text: String::new(),
        prev_href: None,
        next_href: None,
        entities: state.areas().audited.clone(),
    };
    match q.to_filter(&state.areas().audited) {
        Ok((filter, paging)) => {
            let found = audit::list(state.db(), &ctx.actor(), &filter, paging)
                .await
                .or_page(lang)?;
            page.total_text = t.count("audit-count", found.total, &[]);
            page.prev_href = (found.page > 1).then(|| TrailPage::href(&q, found.page - 1));
            page.next_href = (found.page < found.page_count()).then(|| TrailPage::href(&q, found.page + 1));
            page.events = event_views(state.db(), &found.items, lang).await.or_page(lang)?;
        }
        Err(errors) => {
            let messages: Vec<String> = errors
                .iter()
                .map(|e| hoptac_core::i18n::error_message(e, lang))
                .collect();
            page.error = Some(messages.join(" "));
        }
    }
    let html = page
        .render()
        .map_err(|e| PageError::Internal(lang, e.to_string()))?;
    Ok(Html(html).into_response())
}

/// The most entries one download holds, newest first; a narrower filter reaches older ones.
const EXPORT_MOST: i64 = 20_000;

/// The trail as filtered on its page, as a CSV file (UTF-8 with a byte-order mark, which
/// spreadsheet programs need to read Vietnamese): a row per changed field, values as the page shows
/// them. Administrators only.
pub async fn trail_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    ctx.page_admin()?;
    let lang = ctx.lang;
    let t = Tr::new(lang);
    let (filter, _) = q
        .to_filter(&state.areas().audited)
        .map_err(|errors| PageError::Refused {
            lang,
            status: StatusCode::UNPROCESSABLE_ENTITY,
            errors,
        })?;
    // The trail is read a page at a time, as the page reads it, up to the download's bound.
    let (mut events, mut page, mut total) = (Vec::new(), 1, 0);
    loop {
        let found = audit::list(
            state.db(),
            &ctx.actor(),
            &filter,
            Paging::new(Some(page), Some(Paging::MAX_PER_PAGE)),
        )
        .await
        .or_page(lang)?;
        total = found.total.max(total);
        let last = page >= found.page_count();
        events.extend(found.items);
        if last || events.len() as i64 >= EXPORT_MOST {
            break;
        }
        page += 1;
    }
    events.truncate(EXPORT_MOST as usize);
    let views = event_views(state.db(), &events, lang).await.or_page(lang)?;
    // Flexible: the closing note of a download cut short is one cell.
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let headings = [
        "audit-when",
        "audit-actor",
        "audit-address",
        "audit-what",
        "audit-organisation_name",
        "audit-field",
        "audit-before",
        "audit-after",
    ];
    let write_error = |e: csv::Error| PageError::Internal(lang, e.to_string());
    out.write_record(headings.map(|h| t.s(h))).map_err(write_error)?;
    for e in &views {
        // What people typed (names, reasons) is written so that no spreadsheet runs it.
        let cell = hoptac_core::text::csv_cell;
        let organisation = e.organisation.clone().unwrap_or_default();
        let first = [&e.when, &e.actor, &e.address, &e.what, &organisation].map(|v| cell(v));
        if e.changes.is_empty() {
            out.write_record(first.iter().map(String::as_str).chain(["", "", ""]))
                .map_err(write_error)?;
        }
        for (field, before, after) in &e.changes {
            let change = [cell(field), cell(before), cell(after)];
            out.write_record(first.iter().chain(change.iter()))
                .map_err(write_error)?;
        }
    }
    if total > events.len() as i64 {
        let note = t.f(
            "audit-export_cut",
            &[
                ("n", &format_int(events.len() as i64)),
                ("total", &format_int(total)),
            ],
        );
        out.write_record([note.as_str()]).map_err(write_error)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| PageError::Internal(lang, e.to_string()))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"nhat-ky-thay-doi.csv\"",
            ),
        ],
        bytes,
    )
        .into_response())
}
