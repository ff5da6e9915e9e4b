//! `POST /sync/push` and `GET /sync/pull`: the only way user data changes or reaches a device.

use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::ApiError;
use shared::sync::{DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, MAX_PUSH_COMMANDS, PullQuery, PullResponse, PushRequest, PushResponse};

use crate::auth::{CurrentUser, unix_now_ms};
use crate::db::Cursor;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

/// A push of the largest batch with long texts stays well under this.
const PUSH_BODY_LIMIT: usize = 16 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sync/push", post(post_push).layer(DefaultBodyLimit::max(PUSH_BODY_LIMIT)))
        .route("/sync/pull", get(get_pull))
}

/// Applies the commands in order, exactly once each; answers only after the batch is durable.
async fn post_push(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, AppError> {
    if request.commands.len() > MAX_PUSH_COMMANDS {
        return Err(ApiError::BadRequest { detail: format!("at most {MAX_PUSH_COMMANDS} commands per push") }.into());
    }
    let actor = user.actor();
    // An outbox is only ever sent by its author's session. A device that sends one under another
    // session (someone else signed in from another tab) is told so, and nothing is recorded: the
    // author can still send it once they sign in again.
    if request.commands.iter().any(|envelope| envelope.author != actor.id) {
        return Err(ApiError::OtherUserSignedIn.into());
    }
    let now_ms = unix_now_ms();
    let results = state.push(actor, request.commands, now_ms).await?;
    Ok(Json(PushResponse { results }))
}

/// One page of the changes after the cursor that the user may see.
async fn get_pull(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<PullQuery>,
) -> Result<Json<PullResponse>, AppError> {
    let cursor = Cursor::parse(query.cursor.as_deref().unwrap_or_default())
        .ok_or_else(|| ApiError::BadRequest { detail: "cursor: use the one the previous pull returned".into() })?;
    let limit = query.limit.unwrap_or(DEFAULT_PULL_LIMIT).clamp(1, MAX_PULL_LIMIT);
    let actor = user.actor();
    if query.user.is_some_and(|expected| expected != actor.id) {
        return Err(ApiError::OtherUserSignedIn.into());
    }
    let page = state
        .store(move |store| store.pull(actor, cursor, limit))
        .await?;
    Ok(Json(PullResponse {
        changes: page.changes,
        cursor: page.cursor.to_string(),
        more: page.more,
        reset_required: page.reset_required,
        reference: page.reference,
        people: page.people,
    }))
}
