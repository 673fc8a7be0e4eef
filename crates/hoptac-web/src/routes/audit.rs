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
use hoptac_core::word;
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
    /// Every record of one organisation.
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
        let organisation_id = number("organisation", &self.organisation);
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
    pub link: Option<String>,
    pub changes: Differences,
}

fn show(value: &Value, lang: Lang) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::Bool(true) => word!(lang, "audit-yes").to_owned(),
        Value::Bool(false) => word!(lang, "audit-no").to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(|v| show(v, lang)).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The fields in which two snapshots of a record differ, each as (its name, the value in `before`,
/// the value in `after`) in the person's words: a trail entry's change, or the two versions of a
/// record that two people saved at once.
pub fn differences(
    before: Option<&Value>,
    after: Option<&Value>,
    lang: Lang,
) -> Vec<(&'static str, String, String)> {
    audit::diff(before, after)
        .iter()
        .map(|c| change_view(c, lang))
        .collect()
}

fn change_view(c: &audit::FieldChange, lang: Lang) -> (&'static str, String, String) {
    (
        field_label(&c.field, lang),
        show(&c.before, lang),
        show(&c.after, lang),
    )
}

pub fn event_view(event: &AuditEvent, lang: Lang) -> EventView {
    let t = Tr::new(lang);
    let what = format!(
        "{} {} {}",
        t.s(&format!("audit-action-{}", event.action)),
        t.s(&format!("audit-entity-{}", event.entity)),
        event.entity_id
    );
    EventView {
        when: hoptac_core::numbers::format_moment(event.at),
        actor: event.actor.clone(),
        address: event.address.clone().unwrap_or_default(),
        what,
        link: event.organisation_id.map(|id| format!("/organisations/{id}")),
        changes: event.changes.iter().map(|c| change_view(c, lang)).collect(),
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
            page.events = found.items.iter().map(|e| event_view(e, lang)).collect();
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
