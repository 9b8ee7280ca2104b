//! The HTTP JSON API and the web page, served from one [`Store`]. The only crate that knows
//! the wire format.
//!
//! Routes (see [`openapi::document`], served at `/api/openapi.json`):
//! `GET /api/stories`, `GET /api/stories/{id}`, `GET /api/articles/{id}`, `GET /api/search`,
//! `POST /api/articles` (bearer token), and the page: `/`, `/stories/{id}`,
//! `/articles/{id}?hl=START-END`. Pages are rendered on the server by the `render` crate and
//! read without script; the one script (`/assets/app.js`) only adds comforts.
//!
//! ```
//! use std::sync::Arc;
//! let store = Arc::new(store::SqliteStore::open_in_memory().unwrap());
//! let app = server::router(server::AppState::new(store, server::Config::default()));
//! # let _ = app;
//! ```

mod api;
pub mod cache;
pub mod engine;
pub mod openapi;
mod pages;

pub use engine::{add_documents, pipeline_engine, rebuild, replay, Added, Engine, Outcome};
pub use pages::{page_renderer, story_page};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::{Arc, Mutex};
use store::Store;
use tower_http::set_header::SetResponseHeaderLayer;

/// Everything that can go wrong serving.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("background task failed: {0}")]
    Join(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Makes a fresh pipeline for ingestion.
pub type EngineFactory = Arc<dyn Fn() -> Box<dyn Engine> + Send + Sync>;

/// Reads one uploaded file into documents (`ingest::read_bytes`): the format comes from the
/// name's extension.
pub type Reader =
    fn(&str, &[u8], &mut dyn FnMut(std::result::Result<model::Document, model::InputError>));

/// How the server runs.
#[derive(Clone)]
pub struct Config {
    /// The bearer token `POST /api/articles` requires; without one, posting is refused.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
    /// The pipeline for `POST /api/articles`; without one, posting answers 503.
    pub engine: Option<EngineFactory>,
    /// How uploaded files are read; without one, each upload is read as plain text.
    pub reader: Option<Reader>,
    /// Bytes of story answers (JSON records and rendered pages) kept in memory; 0 keeps none.
    pub cache_bytes: usize,
    /// How many reads of the store may run at once; more requests wait their turn in order
    /// (set it to the store's reader count: more would only queue inside the store).
    pub concurrent_reads: usize,
}

impl Config {
    /// The configuration `storyline serve` uses: the real pipeline and readers.
    pub fn with_pipeline(token: Option<String>) -> Config {
        Config {
            token,
            engine: Some(pipeline_engine()),
            reader: Some(ingest::read_bytes),
            ..Config::default()
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            token: None,
            max_body: 8 * 1024 * 1024,
            engine: None,
            reader: None,
            cache_bytes: 256 * 1024 * 1024,
            concurrent_reads: store::reader_count(),
        }
    }
}

/// Shared state of the handlers.
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Config,
    /// The pipeline, replayed from the store on the first post and kept warm after.
    warm: Mutex<Option<Box<dyn Engine>>>,
    /// Story answers already built, valid for the store's current generation.
    pub(crate) cache: cache::Cache,
    /// Turns for reading the store (fair: first come, first served).
    reads: tokio::sync::Semaphore,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: Config) -> Arc<AppState> {
        Arc::new(AppState {
            store,
            cache: cache::Cache::new(config.cache_bytes),
            reads: tokio::sync::Semaphore::new(config.concurrent_reads.max(1)),
            config,
            warm: Mutex::new(None),
        })
    }
}

/// The content security policy of every answer: nothing but the page's own script, inline
/// style only from the page's own style sheet, no frames, forms post only here.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The whole application.
pub fn router(state: Arc<AppState>) -> Router {
    let max_body = state.config.max_body;
    Router::new()
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route(
            "/api/articles",
            axum::routing::post(api::post_articles)
                .layer::<_, std::convert::Infallible>(axum::extract::DefaultBodyLimit::disable())
                .layer::<_, std::convert::Infallible>(
                    tower_http::limit::RequestBodyLimitLayer::new(max_body),
                ),
        )
        .route("/api/articles/{id}", get(api::article))
        .route("/api/search", get(api::search))
        .route("/api/openapi.json", get(api::openapi))
        .route("/", get(pages::index))
        .route("/stories/{id}", get(pages::story))
        .route("/articles/{id}", get(pages::article))
        .route("/assets/app.js", get(pages::script))
        .fallback(pages::not_found)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .with_state(state)
}

/// Serves on a runtime of its own until Ctrl-C (for callers without one); `bound` is told the
/// address once listening (useful with port 0).
pub fn run(
    addr: &str,
    state: Arc<AppState>,
    bound: impl FnOnce(std::net::SocketAddr),
) -> Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            bound(listener.local_addr()?);
            serve(listener, state).await
        })
}

/// Serves on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<AppState>) -> Result<()> {
    tracing::info!(addr = %listener.local_addr()?, "serving");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// An error answer: a status and a message, as JSON for the API.
#[derive(Debug)]
pub(crate) struct ApiError(pub StatusCode, pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, axum::Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        tracing::error!(error = %e, "request failed");
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

impl From<store::Error> for ApiError {
    fn from(e: store::Error) -> ApiError {
        match e {
            store::Error::Query(m) => ApiError(StatusCode::BAD_REQUEST, m),
            e => Error::from(e).into(),
        }
    }
}

/// Runs blocking store reads off the async threads, at most [`Config::concurrent_reads`] at a
/// time: the others wait in arrival order without holding a thread.
pub(crate) async fn read<T: Send + 'static>(
    st: &AppState,
    f: impl FnOnce() -> std::result::Result<T, ApiError> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    let _turn = st
        .reads
        .acquire()
        .await
        .map_err(|e| ApiError::from(Error::Join(e.to_string())))?;
    blocking(f).await
}

/// Runs blocking store work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> std::result::Result<T, ApiError> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::from(Error::Join(e.to_string())))?
}
