//! The one typed door to the server: every request goes through here and returns
//! `Result<T, ClientError>`, with the server's error envelope decoded into [`ApiError`].

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use shared::api::{Profile, SignInRequest};
use shared::sync::{PullResponse, PushRequest, PushResponse};
use shared::{ApiError, ErrorEnvelope};

/// Why a request did not give the expected answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    /// The server answered with an error from the API's closed set.
    Api(ApiError),
    /// No answer at all: offline, or the server is down.
    Unreachable,
    /// An answer that is not what the API promises (a proxy's error page, a broken deployment).
    Unexpected(String),
}

pub async fn me() -> Result<Profile, ClientError> {
    decode(Request::get("/api/v1/me").send().await.map_err(|_| ClientError::Unreachable)?).await
}

pub async fn sign_in(request: &SignInRequest) -> Result<Profile, ClientError> {
    let request = Request::post("/api/v1/auth/sign-in")
        .json(request)
        .map_err(|e| ClientError::Unexpected(e.to_string()))?;
    decode(request.send().await.map_err(|_| ClientError::Unreachable)?).await
}

pub async fn sign_out() -> Result<(), ClientError> {
    let response = Request::post("/api/v1/auth/sign-out").send().await.map_err(|_| ClientError::Unreachable)?;
    if response.ok() { Ok(()) } else { Err(error_of(response).await) }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    if response.ok() {
        response.json::<T>().await.map_err(|e| ClientError::Unexpected(e.to_string()))
    } else {
        Err(error_of(response).await)
    }
}

async fn error_of(response: Response) -> ClientError {
    let status = response.status();
    match response.json::<ErrorEnvelope>().await {
        Ok(envelope) => ClientError::Api(envelope.error),
        // A gateway between us and the server answered instead (it is down or restarting).
        Err(_) if matches!(status, 502..=504) => ClientError::Unreachable,
        Err(_) => ClientError::Unexpected(format!("HTTP {status}")),
    }
}

/// How long a sync request may take before it counts as unanswered (a stalled connection must
/// not hold sync up for ever; a push cut off this way is answered by replay next time).
const SYNC_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

pub async fn push(request: &PushRequest) -> Result<PushResponse, ClientError> {
    let deadline = Deadline::start();
    let request = Request::post("/api/v1/sync/push")
        .abort_signal(deadline.signal().as_ref())
        .json(request)
        .map_err(|e| ClientError::Unexpected(e.to_string()))?;
    decode(request.send().await.map_err(|_| ClientError::Unreachable)?).await
}

/// One pull page for `user` (the server refuses it if the session is someone else's).
pub async fn pull(user: shared::ids::EmployeeId, cursor: Option<&str>, limit: usize) -> Result<PullResponse, ClientError> {
    let deadline = Deadline::start();
    let (limit, user) = (limit.to_string(), user.to_string());
    let mut query = vec![("limit", limit.as_str()), ("user", user.as_str())];
    if let Some(cursor) = cursor {
        query.push(("cursor", cursor));
    }
    let request = Request::get("/api/v1/sync/pull").query(query).abort_signal(deadline.signal().as_ref());
    decode(request.send().await.map_err(|_| ClientError::Unreachable)?).await
}

/// Aborts a request (and the reading of its body) after [`SYNC_REQUEST_TIMEOUT`], unless dropped
/// first.
struct Deadline {
    controller: Option<web_sys::AbortController>,
    timer: Option<leptos::prelude::TimeoutHandle>,
}

impl Deadline {
    fn start() -> Deadline {
        let controller = web_sys::AbortController::new().ok();
        let timer = controller.clone().and_then(|controller| {
            leptos::prelude::set_timeout_with_handle(move || controller.abort(), SYNC_REQUEST_TIMEOUT).ok()
        });
        Deadline { controller, timer }
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(web_sys::AbortController::signal)
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
    }
}
