//! [`AppError`]: what a handler returns when it fails. API errors go to the client as they are, in
//! the shared error envelope; internal errors are logged with their cause and reach the client only
//! as a generic `internal`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::{ApiError, ErrorEnvelope};

use crate::db::StoreError;

#[derive(Debug)]
pub enum AppError {
    Api(ApiError),
    Internal(anyhow::Error),
}

impl From<ApiError> for AppError {
    fn from(error: ApiError) -> Self {
        AppError::Api(error)
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        AppError::Internal(error.into())
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(error: tokio::task::JoinError) -> Self {
        AppError::Internal(error.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let error = match self {
            AppError::Api(error) => error,
            AppError::Internal(cause) => {
                tracing::error!(error = format!("{cause:#}"), "internal error");
                ApiError::Internal
            }
        };
        api_error_response(error)
    }
}

/// The response for an API error: its status and the envelope.
pub fn api_error_response(error: ApiError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let retry_after = match &error {
        ApiError::TooManyAttempts { retry_after_secs } => Some(retry_after_secs.to_string()),
        _ => None,
    };
    let mut response = (status, Json(ErrorEnvelope::from(error))).into_response();
    if let Some(seconds) = retry_after.and_then(|s| s.parse().ok()) {
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds);
    }
    response
}
