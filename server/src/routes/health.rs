//! `GET /api/v1/health`: is the server up, and with which database schema.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::HealthResponse;

use crate::error::AppError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(get_health))
}

async fn get_health(State(state): State<AppState>) -> Result<Json<HealthResponse>, AppError> {
    let schema_version = state.store(|store| store.schema_version()).await?;
    Ok(Json(HealthResponse {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        schema_version,
    }))
}
