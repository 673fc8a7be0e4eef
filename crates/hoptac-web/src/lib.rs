//! What every area's pages and API are built with, and the application they are composed into:
//! the request's context (language, user, rights), errors as pages and as JSON, form and JSON
//! extractors with the anti-forgery check, the page frame and its words, sessions, accounts, the
//! audit trail's pages, administrative units, health, and [`app`], which puts the areas together
//! under one set of security headers. Handlers are thin: they parse, call one store function, and
//! render.

pub mod area;
pub mod confirm;
pub mod cookies;
mod csrf;
pub mod ctx;
pub mod error;
pub mod extract;
pub mod once;
pub mod openapi;
pub mod routes;
#[cfg(feature = "testing")]
pub mod testing;
mod throttle;
pub mod ui;

pub use area::{Area, NavLink};
pub use cookies::SESSION as SESSION_COOKIE;
pub use error::{ApiError, PageError};
pub use hoptac_core::clock::Clock;
pub use hoptac_core::mail::MailSettings;
/// The platform's own words (see `ui::TRANSLATIONS`).
pub use ui::TRANSLATIONS;

use axum::Router;
use hoptac_core::Db;
use std::sync::Arc;
use tokio::net::TcpListener;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    clock: Clock,
    settings: Settings,
    login_throttle: throttle::LoginThrottle,
    areas: area::Composed,
}

/// How this installation is set up.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The address people reach the site at, e.g. `https://ocop.thainguyen.gov.vn`, printed in the
    /// QR code of certificates. Unset: the address the request came to.
    pub public_url: Option<String>,
    /// Where e-mail goes out; unset, notices stay in the application.
    pub mail: Option<MailSettings>,
    /// The language pages speak to a visitor who has not chosen one with the language switch, whatever
    /// their browser's first language: a Vietnamese office's site is Vietnamese. Unset: the
    /// browser's first language hoptac speaks. The API always answers in the caller's
    /// `Accept-Language`, which an integration sets on purpose.
    pub language: Option<hoptac_core::Lang>,
}

impl AppState {
    pub fn new(db: Db, clock: Clock) -> AppState {
        AppState::with_settings(db, clock, Settings::default())
    }

    pub fn with_settings(db: Db, clock: Clock, settings: Settings) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                db,
                clock,
                settings,
                login_throttle: Default::default(),
                areas: Default::default(),
            }),
        }
    }

    /// The same database, clock and settings with the areas' links, home sections and jobs.
    fn with_areas(&self, areas: area::Composed) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                db: self.inner.db.clone(),
                clock: self.inner.clock.clone(),
                settings: self.inner.settings.clone(),
                login_throttle: Default::default(),
                areas,
            }),
        }
    }

    pub(crate) fn areas(&self) -> &area::Composed {
        &self.inner.areas
    }

    /// What the areas show on an organisation's page, in their order, as HTML.
    pub async fn organisation_sections(
        &self,
        ctx: &ctx::Ctx,
        organisation_id: i64,
    ) -> Result<Vec<String>, error::PageError> {
        let shown: Vec<area::OrganisationSection> =
            self.areas().organisation.iter().map(|(_, s)| *s).collect();
        let mut sections = Vec::new();
        for section in shown {
            sections.extend(section(self, ctx, organisation_id).await?);
        }
        Ok(sections)
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The address people reach the site at, without a trailing slash, for links that leave the
    /// page (QR codes, linksets): the configured public address, else the one the request came to.
    pub fn site_address(&self, headers: &axum::http::HeaderMap) -> String {
        match &self.settings().public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => {
                let host = headers
                    .get(axum::http::header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .unwrap_or("localhost:8080");
                format!("http://{host}")
            }
        }
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The context of an action by `actor` now: this state's database and clock.
    pub fn context(&self, actor: &hoptac_core::audit::Actor) -> hoptac_core::Context {
        hoptac_core::Context::at(self.db(), actor, self.clock().now())
    }

    pub(crate) fn login_throttle(&self) -> &throttle::LoginThrottle {
        &self.inner.login_throttle
    }
}

/// The application of the given areas: their pages and API with the platform's own (sign-in,
/// accounts, people and roles, the audit trail, units, health), the OpenAPI document of them all,
/// and the security headers around everything.
pub struct App {
    pub router: Router,
    /// The state the handlers see, with the areas' links, home sections and jobs.
    pub state: AppState,
}

/// Composes the application.
pub fn app(state: AppState, areas: Vec<Area>) -> App {
    let (router, state) = routes::compose(state, areas);
    App { router, state }
}

impl App {
    /// Runs every area's hourly job, then refreshes the planner's statistics, now and every hour
    /// while the server lives.
    pub fn spawn_hourly(&self) {
        let state = self.state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                tick.tick().await;
                for job in state.areas().hourly.clone() {
                    job(&state).await;
                }
                // After the areas' jobs, which may have told organisations something.
                routes::notifications::mail_waiting(&state).await;
                if let Err(e) = hoptac_core::submissions::forget_old(state.db(), state.clock().now()).await {
                    tracing::error!(error = %e, "forgetting old submission keys failed");
                }
                // Planner statistics that follow the registry's growth keep reports on good plans.
                if let Err(e) = state.db().optimize().await {
                    tracing::error!(error = %e, "refreshing the planner's statistics failed");
                }
            }
        });
    }

    /// Starts every area's worker, to run while the server lives.
    pub fn spawn_workers(&self) {
        for worker in self.state.areas().workers.clone() {
            tokio::spawn(worker(self.state.clone()));
        }
    }

    /// Serves until the process receives Ctrl-C or SIGTERM.
    pub async fn serve(self, listener: TcpListener) -> std::io::Result<()> {
        self.serve_until(listener, shutdown_signal()).await
    }

    /// Serves until `stop` completes. Each request knows the address it came from.
    pub async fn serve_until(
        self,
        listener: TcpListener,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, service).with_graceful_shutdown(stop).await
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
