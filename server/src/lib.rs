//! Kompeten's server as a library: [`router`] builds the whole HTTP application and [`serve`] runs
//! it on a listener until a shutdown signal. `main.rs` only reads the configuration and calls them,
//! so tests start exactly the same server on port 0.

pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
mod extract;
pub mod import;
pub mod maintenance;
mod routes;
pub mod seed;
pub mod state;
mod writer;

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// The whole application: the API under `/api/v1` and the web app for every other path.
pub fn router(state: AppState) -> Router {
    Router::new()
        .nest("/api/v1", routes::api_router())
        .merge(routes::assets::router(&state.assets_dir))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves the application on `listener` until `shutdown` completes, then lets requests in flight
/// finish. Accepted connections get TCP_NODELAY: without it a response whose headers and body
/// leave in separate writes waits ~40 ms for a delayed ACK on a keep-alive connection.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "could not set TCP_NODELAY");
        }
    });
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
