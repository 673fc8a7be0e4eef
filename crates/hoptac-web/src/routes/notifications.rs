//! A person's notifications (see [`hoptac_core::notifications`]): the page that lists them, opening
//! one (which marks it read and leads to its page), marking all read, the same through the API,
//! and the hourly e-mailing.

use crate::ctx::Ctx;
use crate::error::{ApiError, ErrorBody, PageError, StoreOutcome};
use crate::extract::{ApiJson, HtmlForm, NoFields, Path};
use crate::ui::{Chrome, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Redirect, Response};
use axum::Json;
use hoptac_core::notifications::{self, Notification};
use hoptac_core::numbers::format_moment;
use hoptac_core::{Lang, Paging};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which page of notifications.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct NotificationQuery {
    /// From 1.
    pub page: Option<i64>,
    /// At most 200; 25 by default.
    pub per_page: Option<i64>,
}

/// A notification as the API gives it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationOut {
    pub id: i64,
    /// The organisation it was addressed to.
    pub organisation_id: i64,
    pub organisation_name: String,
    /// In the reader's language.
    pub text: String,
    /// The page it leads to, a path of this site.
    pub link: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// True once the reader has read it.
    pub read: bool,
}

impl NotificationOut {
    fn of(n: Notification, lang: Lang) -> NotificationOut {
        NotificationOut {
            text: n.text(lang),
            id: n.id,
            organisation_id: n.organisation_id,
            organisation_name: n.organisation_name,
            link: n.link,
            created_at: n.created_at,
            read: n.read,
        }
    }
}

/// One page of the reader's notifications, with how many there are and how many are unread.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<NotificationOut>,
    pub total: i64,
    pub unread: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Which notifications to mark read.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct MarkRead {
    /// One notification; all of the reader's when absent.
    pub id: Option<i64>,
}

struct Row {
    id: i64,
    text: String,
    organisation_name: String,
    when: String,
    read: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    t: Tr,
    chrome: Chrome,
    rows: Vec<Row>,
    total_text: String,
    unread: i64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

/// The signed-in person's notifications, the newest first.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NotificationQuery>,
) -> Result<Response, PageError> {
    let user = ctx.page_user()?;
    let lang = ctx.lang;
    let t = Tr::new(lang);
    let found = notifications::for_reader(state.db(), user.id, Paging::new(q.page, q.per_page))
        .await
        .or_page(lang)?;
    let (prev_href, next_href) = crate::ui::pager(&found, |n| format!("/notifications?page={n}"));
    let page = NotificationsPage {
        t,
        chrome: Chrome::new(&ctx),
        total_text: t.count("notify-count", found.total, &[]),
        unread: ctx.unread.unwrap_or(0),
        rows: found
            .items
            .into_iter()
            .map(|n| Row {
                text: n.text(lang),
                when: format_moment(n.created_at),
                id: n.id,
                organisation_name: n.organisation_name,
                read: n.read,
            })
            .collect(),
        prev_href,
        next_href,
    };
    super::render(page)
}

/// Opens a notification: marks it read for this person and goes to its page.
pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    let user = ctx.page_user()?;
    let link = notifications::mark_read(state.db(), user.id, Some(id), state.clock().now())
        .await
        .or_page(ctx.lang)?
        .unwrap_or_else(|| "/notifications".into());
    Ok(Redirect::to(&link))
}

/// Marks every notification of this person read.
pub async fn read_all_form(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(_): HtmlForm<NoFields>,
) -> Result<Redirect, PageError> {
    let user = ctx.page_user()?;
    notifications::mark_read(state.db(), user.id, None, state.clock().now())
        .await
        .or_page(ctx.lang)?;
    Ok(Redirect::to("/notifications"))
}

/// The signed-in person's notifications, the newest first: those of the organisations it acts
/// for (a grant scoped to the organisation), each in the reader's language.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "auth", params(NotificationQuery),
    responses((status = 200, body = NotificationPage), (status = 401, body = ErrorBody)))]
pub async fn api_list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NotificationQuery>,
) -> Result<Json<NotificationPage>, ApiError> {
    let user = ctx.api_user()?;
    let lang = ctx.lang;
    let found = notifications::for_reader(state.db(), user.id, Paging::new(q.page, q.per_page))
        .await
        .or_api(lang)?;
    let unread = notifications::unread(state.db(), user.id).await.or_api(lang)?;
    Ok(Json(NotificationPage {
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        unread,
        items: found
            .items
            .into_iter()
            .map(|n| NotificationOut::of(n, lang))
            .collect(),
    }))
}

/// Marks one notification read (`id`), or all of the person's; another's notification is 404.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "auth", request_body = MarkRead,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api_mark_read(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(mark): ApiJson<MarkRead>,
) -> Result<StatusCode, ApiError> {
    let user = ctx.api_user()?;
    notifications::mark_read(state.db(), user.id, mark.id, state.clock().now())
        .await
        .or_api(ctx.lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// E-mails the notifications waiting for it, where the installation sends e-mail.
pub async fn mail_waiting(state: &AppState) {
    let settings = state.settings();
    let Some(mail) = settings.mail.as_ref() else {
        return;
    };
    let mailer = match hoptac_core::mail::Mailer::new(mail) {
        Ok(mailer) => mailer,
        Err(e) => {
            tracing::error!(error = %e, "notifications cannot be e-mailed");
            return;
        }
    };
    let run = notifications::mail_waiting(
        state.db(),
        &mailer,
        state.clock().now(),
        settings.public_url.as_deref(),
    )
    .await;
    match run {
        Ok(run) if run == notifications::MailRun::default() => {}
        Ok(run) => tracing::info!(
            emailed = run.emailed,
            failed = run.failed,
            "notifications e-mailed"
        ),
        Err(e) => tracing::error!(error = %e, "e-mailing notifications failed"),
    }
}
