//! The hoptac web application: server-rendered pages in Vietnamese and English, and the JSON API
//! under `/api/v1` with its OpenAPI document. Handlers are thin: they parse, call one store
//! function, and render.

mod cookies;
mod csrf;
mod ctx;
mod error;
mod extract;
pub mod jobs;
pub mod openapi;
mod routes;
mod throttle;
mod ui;

pub use ctx::SESSION_COOKIE;
pub use error::{ApiError, PageError};
pub use routes::reports::export::{write_report, ExportError, ExportFormat, ReportFile};
pub use routes::reports::ReportQuery;

use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use hoptac_core::Db;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Where "now" comes from: the system clock, or a fixed instant that tests may move (to see
/// certificates expire).
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed: Option<Arc<std::sync::RwLock<DateTime<Utc>>>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { fixed: None }
    }

    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock {
            fixed: Some(Arc::new(std::sync::RwLock::new(at))),
        }
    }

    /// Moves a fixed clock; a system clock keeps the system's time.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(fixed) = &self.fixed {
            if let Ok(mut now) = fixed.write() {
                *now = at;
            }
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(fixed) => fixed.read().map(|now| *now).unwrap_or_else(|e| *e.into_inner()),
            None => Utc::now(),
        }
    }

    /// Today in Vietnam (UTC+7), which is the day users mean.
    pub fn today(&self) -> NaiveDate {
        (self.now() + chrono::Duration::hours(7)).date_naive()
    }
}

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
}

/// How this installation is set up.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The address people reach the site at, e.g. `https://ocop.thainguyen.gov.vn`, printed in the
    /// QR code of certificates. Unset: the address the request came to.
    pub public_url: Option<String>,
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
            }),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    pub(crate) fn login_throttle(&self) -> &throttle::LoginThrottle {
        &self.inner.login_throttle
    }
}

/// The whole application: pages, API, health and static files.
pub fn router(state: AppState) -> Router {
    routes::router(state)
}

/// Serves until the process receives Ctrl-C or SIGTERM.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    serve_until(listener, state, shutdown_signal()).await
}

/// Serves until `stop` completes. Each request knows the address it came from.
pub async fn serve_until(
    listener: TcpListener,
    state: AppState,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(stop).await
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
