//! The one typed door to the server: every request goes through here and returns
//! `Result<T, ClientError>`, with the server's error envelope decoded into [`ApiError`].

use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::api::{ChangePasswordRequest, Profile, SessionResponse, SignInRequest};
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

/// How long a request may wait for the server's answer to begin, and then for the rest of it,
/// before it counts as unanswered (a stalled connection must not hold the app up for ever).
const ANSWER_LIMIT: Duration = Duration::from_secs(20);
const BODY_LIMIT: Duration = Duration::from_secs(120);

/// Who is signed in, if anyone (a signed-out answer is not an error, nor one in the console).
pub async fn session() -> Result<Option<Profile>, ClientError> {
    call::<SessionResponse>(Request::get("/api/v1/session"), None::<&()>).await.map(|answer| answer.profile)
}

pub async fn sign_in(request: &SignInRequest) -> Result<Profile, ClientError> {
    call(Request::post("/api/v1/auth/sign-in"), Some(request)).await
}

pub async fn change_password(request: &ChangePasswordRequest) -> Result<Profile, ClientError> {
    call(Request::post("/api/v1/auth/password"), Some(request)).await
}

pub async fn sign_out() -> Result<(), ClientError> {
    answer(Request::post("/api/v1/auth/sign-out"), None).await.map(drop)
}

/// Pushes commands (a push cut off by the deadline is answered by replay next time).
pub async fn push(request: &PushRequest) -> Result<PushResponse, ClientError> {
    call(Request::post("/api/v1/sync/push"), Some(request)).await
}

/// One pull page for `user` (the server refuses it if the session is someone else's).
pub async fn pull(user: shared::ids::EmployeeId, cursor: Option<&str>, limit: usize) -> Result<PullResponse, ClientError> {
    let (limit, user) = (limit.to_string(), user.to_string());
    let mut query = vec![("limit", limit.as_str()), ("user", user.as_str())];
    if let Some(cursor) = cursor {
        query.push(("cursor", cursor));
    }
    call(Request::get("/api/v1/sync/pull").query(query), None::<&()>).await
}

/// How long HR's import may take to answer: a large agency's files take seconds to upload and
/// to check, and an answer cut off by the deadline would hide an import the server applied.
const IMPORT_LIMIT: Duration = Duration::from_secs(300);

/// HR's import: the form with the files (and, to apply, the preview's fingerprint).
pub async fn import(apply: bool, form: &web_sys::FormData) -> Result<shared::import::ImportReport, ClientError> {
    let path = if apply { "/api/v1/admin/import/apply" } else { "/api/v1/admin/import/preview" };
    let deadline = Deadline::start();
    deadline.extend(IMPORT_LIMIT);
    let request = Request::post(path).abort_signal(deadline.signal().as_ref()).body(form.clone()).map_err(unexpected)?;
    let text = answer_of(request, &deadline).await?;
    crate::json::from_str(&text).map_err(|error| ClientError::Unexpected(error.to_string()))
}

/// HR's list of employees: those whose NIP or name matches `query`, page `page`.
pub async fn employees(query: &str, page: u32) -> Result<shared::api::EmployeePage, ClientError> {
    let page = page.to_string();
    call(Request::get("/api/v1/admin/employees").query([("q", query), ("page", page.as_str())]), None::<&()>).await
}

/// HR's audit trail: a page of the entries matching `query` (already a URL query, as the CSV
/// export's link uses it too).
pub async fn audit(query: &str) -> Result<shared::api::AdminAuditPage, ClientError> {
    call(Request::get(&format!("/api/v1/admin/audit?{query}")), None::<&()>).await
}

pub async fn create_accounts(request: &shared::api::CreateAccountsRequest) -> Result<shared::api::IssuedPasswords, ClientError> {
    call(Request::post("/api/v1/admin/accounts"), Some(request)).await
}

pub async fn reset_password(request: &shared::api::ResetPasswordRequest) -> Result<shared::api::IssuedPasswords, ClientError> {
    call(Request::post("/api/v1/admin/accounts/reset"), Some(request)).await
}

pub async fn appraiser(request: &shared::api::AppraiserRequest) -> Result<Vec<shared::api::EmployeeLine>, ClientError> {
    call(Request::post("/api/v1/admin/positions/appraiser"), Some(request)).await
}

pub async fn save_employee(form: &shared::api::EmployeeForm) -> Result<shared::import::ImportReport, ClientError> {
    call(Request::post("/api/v1/admin/employees/save"), Some(form)).await
}

pub async fn organisation() -> Result<shared::api::OrganisationView, ClientError> {
    call(Request::get("/api/v1/admin/organisation"), None::<&()>).await
}

pub async fn save_unit(form: &shared::api::UnitForm) -> Result<shared::import::ImportReport, ClientError> {
    call(Request::post("/api/v1/admin/units/save"), Some(form)).await
}

pub async fn save_position(form: &shared::api::PositionForm) -> Result<shared::import::ImportReport, ClientError> {
    call(Request::post("/api/v1/admin/positions/save"), Some(form)).await
}

pub async fn close_position(request: &shared::api::ClosePositionRequest) -> Result<shared::api::OrganisationView, ClientError> {
    call(Request::post("/api/v1/admin/positions/close"), Some(request)).await
}

pub async fn save_competency(competency: &shared::domain::Competency) -> Result<shared::domain::Competency, ClientError> {
    call(Request::post("/api/v1/admin/competencies"), Some(competency)).await
}

pub async fn move_employee(request: &shared::api::MoveRequest) -> Result<shared::api::EmployeeLine, ClientError> {
    call(Request::post("/api/v1/admin/employees/move"), Some(request)).await
}

pub async fn service(request: &shared::api::ServiceRequest) -> Result<shared::api::EmployeeLine, ClientError> {
    call(Request::post("/api/v1/admin/employees/service"), Some(request)).await
}

pub async fn policy() -> Result<shared::command::Policy, ClientError> {
    call(Request::get("/api/v1/admin/policy"), None::<&()>).await
}

pub async fn set_policy(policy: &shared::command::Policy) -> Result<shared::command::Policy, ClientError> {
    call(Request::put("/api/v1/admin/policy"), Some(policy)).await
}

pub async fn hr_rights(request: &shared::api::HrRightsRequest) -> Result<shared::api::EmployeeLine, ClientError> {
    call(Request::post("/api/v1/admin/accounts/hr"), Some(request)).await
}

/// A request with a deadline and an optional JSON body, answered with JSON. Only the encoding and
/// decoding are per type; the request itself is one function for all ([`answer`]), which keeps
/// the bundle small.
async fn call<T: DeserializeOwned>(builder: RequestBuilder, body: Option<&impl Serialize>) -> Result<T, ClientError> {
    let body = body.map(serde_json::to_string).transpose().map_err(|error| ClientError::Unexpected(error.to_string()))?;
    let text = answer(builder, body).await?;
    crate::json::from_str(&text).map_err(|error| ClientError::Unexpected(error.to_string()))
}

/// The text of a successful answer.
async fn answer(builder: RequestBuilder, body: Option<String>) -> Result<String, ClientError> {
    let (request, deadline) = prepare(builder, body)?;
    answer_of(request, &deadline).await
}

/// The text of a successful answer to `request`, within `deadline`.
async fn answer_of(request: Request, deadline: &Deadline) -> Result<String, ClientError> {
    let response = send(request, deadline).await?;
    if !response.ok() {
        return Err(error_of(response).await);
    }
    match response.text().await {
        Ok(text) => Ok(text),
        // Cut off while reading: the answer never fully came.
        Err(_) if deadline.aborted() => Err(ClientError::Unreachable),
        Err(error) => Err(unexpected(error)),
    }
}

/// The request, aborted by its deadline unless answered in time.
fn prepare(builder: RequestBuilder, body: Option<String>) -> Result<(Request, Deadline), ClientError> {
    let deadline = Deadline::start();
    let builder = builder.abort_signal(deadline.signal().as_ref());
    let request = match body {
        Some(body) => builder.header("Content-Type", "application/json").body(body),
        None => builder.build(),
    };
    Ok((request.map_err(unexpected)?, deadline))
}

fn unexpected(error: gloo_net::Error) -> ClientError {
    ClientError::Unexpected(error.to_string())
}

/// Sends; once the answer begins, the rest of it gets the longer body limit.
async fn send(request: Request, deadline: &Deadline) -> Result<Response, ClientError> {
    let response = request.send().await.map_err(|_| ClientError::Unreachable)?;
    deadline.extend(BODY_LIMIT);
    Ok(response)
}

/// Aborts a request after a limit, unless dropped first (which cancels the timer and frees it).
struct Deadline {
    controller: Option<web_sys::AbortController>,
    timer: std::cell::RefCell<Option<gloo_timers::callback::Timeout>>,
}

impl Deadline {
    fn start() -> Deadline {
        let deadline = Deadline { controller: web_sys::AbortController::new().ok(), timer: Default::default() };
        deadline.extend(ANSWER_LIMIT);
        deadline
    }

    /// From now, the request has `limit` more.
    fn extend(&self, limit: Duration) {
        let timer = self.controller.clone().map(|controller| {
            let millis = u32::try_from(limit.as_millis()).unwrap_or(u32::MAX);
            gloo_timers::callback::Timeout::new(millis, move || controller.abort())
        });
        self.timer.replace(timer);
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().map(web_sys::AbortController::signal)
    }

    fn aborted(&self) -> bool {
        self.signal().is_some_and(|signal| signal.aborted())
    }
}

async fn error_of(response: Response) -> ClientError {
    let status = response.status();
    let envelope = response.text().await.ok().and_then(|text| crate::json::from_str::<ErrorEnvelope>(&text).ok());
    match envelope {
        Some(envelope) => ClientError::Api(envelope.error),
        // A gateway between us and the server answered instead (it is down or restarting).
        None if matches!(status, 502..=504) => ClientError::Unreachable,
        None => ClientError::Unexpected(format!("HTTP {status}")),
    }
}
