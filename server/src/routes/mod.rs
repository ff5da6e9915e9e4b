//! The HTTP routes, one module per area, each with its own `router()`; merged here.

mod admin;
pub mod assets;
mod auth;
mod health;
mod organisation;
mod sync;

use axum::Router;
use shared::ApiError;

use crate::error::AppError;
use crate::state::AppState;

/// Every route under `/api/v1`. An unknown API path answers `not_found`, a known one with the
/// wrong method `method_not_allowed`, both in the error envelope (never the web app's HTML).
pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(admin::router())
        .merge(organisation::router())
        .merge(auth::router())
        .merge(sync::router())
        .fallback(|| async { AppError::from(ApiError::NotFound) })
        .method_not_allowed_fallback(|| async { AppError::from(ApiError::MethodNotAllowed) })
}
