//! HR's administrative endpoints, under `/admin`. Each takes [`HrAdmin`], so the HR role is
//! checked on the server before anything is read.
//!
//! - `POST /admin/import/preview`: the files of an import (multipart fields `units`, `positions`,
//!   `employees`, any of them), checked against the organisation; answers an [`ImportReport`]
//!   with every problem by row and column, or what the import will change. Changes nothing.
//! - `POST /admin/import/apply`: the same files and the preview's `fingerprint`; applies them in
//!   one transaction if they have no problems and the organisation is still the one previewed
//!   (`stale_preview` otherwise).
//! - `GET /admin/employees?q=&page=`: employees by NIP or name, with their accounts, a page at a
//!   time.
//! - `POST /admin/accounts`: accounts with one-time passwords; `POST /admin/accounts/reset`: a
//!   new one-time password (ending the user's sessions); `POST /admin/accounts/hr`: HR rights
//!   granted or revoked (ending the user's sessions).
//! - `POST /admin/employees/save`: one employee added or changed (an [`EmployeeForm`]), checked
//!   and applied as a one-row import; answers the [`ImportReport`].
//! - `POST /admin/employees/move`: an employee to another position; `POST
//!   /admin/employees/service`: out of service (retired, deactivated) or back in.
//! - `POST /admin/positions/appraiser`: the appraiser of a position's holders who have no
//!   supervisor in the agency (the agency head).
//! - `GET /admin/policy`, `PUT /admin/policy`: the agency's settings (JP target, JP per day, the
//!   self-assessment period and its deadline, the SKP year and its evaluation frequency).
//! - `GET /admin/audit`: the audit trail of administrative changes, filtered, newest first, a
//!   page at a time; `GET /admin/audit.csv`: the same, whole, as CSV.

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use shared::ApiError;
use shared::api::{AdminAuditPage, AppraiserRequest, EmployeeForm, MoveRequest, ServiceRequest, CreateAccountsRequest, EmployeeLine, EmployeePage, HrRightsRequest, IssuedPassword, IssuedPasswords, ResetPasswordRequest};
use shared::command::Policy;
use shared::domain::{Employee, Nip};
use shared::import::{ImportFile, ImportReport};

use crate::auth::{self, HrAdmin};
use crate::db::{AppraiserChange, Applied, AuditFilter, HrRights, ServiceChange};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::import::{Files, random_id};
use crate::state::AppState;

/// Employees a page of HR's list shows.
const EMPLOYEE_PAGE: u32 = 50;

/// Accounts one request may create: each costs an argon2id hash (tens of milliseconds).
const MAX_NEW_ACCOUNTS: usize = 500;

/// A personnel export of 100,000 employees is about 12 MB.
const IMPORT_BODY_LIMIT: usize = 64 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/import/preview", post(preview).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)))
        .route("/admin/import/apply", post(apply).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)))
        .route("/admin/employees", get(employees))
        .route("/admin/accounts", post(create_accounts))
        .route("/admin/accounts/reset", post(reset_password))
        .route("/admin/accounts/hr", post(hr_rights))
        .route("/admin/positions/appraiser", post(appraiser))
        .route("/admin/employees/save", post(save_employee))
        .route("/admin/employees/move", post(move_employee))
        .route("/admin/employees/service", post(service))
        .route("/admin/policy", get(get_policy).put(put_policy))
        .route("/admin/audit", get(audit))
        .route("/admin/audit.csv", get(audit_csv))
}

/// Names (or removes) the appraiser of a position's holders; answers the first holder's line.
async fn appraiser(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(request): ApiJson<AppraiserRequest>) -> Result<Json<Vec<EmployeeLine>>, AppError> {
    let by = user.employee;
    let appraiser = match &request.appraiser {
        Some(nip) => Some(employee(&state, nip).await?.id),
        None => None,
    };
    let code = request.position.trim().to_owned();
    let lookup = code.clone();
    let position = state.store(move |store| store.position_by_code(&lookup)).await?.ok_or(ApiError::NotFound)?;
    let id = position.id;
    match state.store(move |store| store.set_appraiser(Some(by), id, appraiser)).await? {
        AppraiserChange::Changed => tracing::info!(by = %by, position = code.as_str(), "appraiser named"),
        AppraiserChange::Unchanged => {}
        AppraiserChange::UnknownPosition | AppraiserChange::UnknownAppraiser => return Err(ApiError::NotFound.into()),
        AppraiserChange::HoldsThePosition => return Err(ApiError::SelfAppraisal.into()),
        AppraiserChange::OutOfService => return Err(ApiError::OutOfService.into()),
    }
    let holders = state.store(move |store| store.holder_lines(id)).await?;
    Ok(Json(holders))
}

/// Moves an employee to another position; answers their line.
async fn move_employee(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(request): ApiJson<MoveRequest>) -> Result<Json<EmployeeLine>, AppError> {
    let by = user.employee;
    let moving = employee(&state, &request.nip).await?;
    let code = request.position.trim().to_owned();
    let position = state.store(move |store| store.position_by_code(&code)).await?.ok_or(ApiError::NotFound)?;
    let (id, to) = (moving.id, position.id);
    service_answer(state.store(move |store| store.move_employee(Some(by), id, to)).await?)?;
    line_of(&state, moving).await
}

/// Takes an employee out of service, or back into it; answers their line.
async fn service(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(request): ApiJson<ServiceRequest>) -> Result<Json<EmployeeLine>, AppError> {
    let by = user.employee;
    let person = employee(&state, &request.nip).await?;
    if person.id == by && request.leaving.is_some() {
        // Taking oneself out of service would end this very session halfway through.
        return Err(ApiError::Forbidden.into());
    }
    let today = time::OffsetDateTime::now_utc().date();
    let departure = request.leaving.map(|reason| shared::domain::Departure { reason, on: today });
    let id = person.id;
    service_answer(state.store(move |store| store.set_departure(Some(by), id, departure)).await?)?;
    line_of(&state, person).await
}

/// A change of service as the API answers it.
fn service_answer(change: ServiceChange) -> Result<(), AppError> {
    Err(match change {
        ServiceChange::Changed | ServiceChange::Unchanged => return Ok(()),
        ServiceChange::UnknownEmployee | ServiceChange::UnknownPosition => ApiError::NotFound,
        ServiceChange::OutOfService => ApiError::OutOfService,
        ServiceChange::SelfAppraisal => ApiError::SelfAppraisal,
        ServiceChange::LastHrAdmin => ApiError::LastHrAdmin,
        ServiceChange::ClosedPosition => ApiError::PositionClosed,
    }
    .into())
}

/// The employee's line as the employees page shows it, as it is now.
async fn line_of(state: &AppState, employee: Employee) -> Result<Json<EmployeeLine>, AppError> {
    let nip = employee.nip.as_str().to_owned();
    let page = state.store(move |store| store.search_employees(&nip, 0, 1)).await?;
    page.employees.into_iter().next().map(Json).ok_or_else(|| ApiError::NotFound.into())
}

async fn get_policy(State(state): State<AppState>, HrAdmin(_): HrAdmin) -> Result<Json<Policy>, AppError> {
    Ok(Json(state.store(|store| store.policy()).await?))
}

/// Replaces the agency's policy (checked first: a value out of range changes nothing); devices
/// get it at their next pull. Answers the policy as stored.
async fn put_policy(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(policy): ApiJson<Policy>) -> Result<Json<Policy>, AppError> {
    if let Some(problem) = policy.problem() {
        return Err(bad(problem.describe(false)));
    }
    let by = user.employee;
    let stored = policy.clone();
    if state.store(move |store| store.set_policy(Some(by), &stored)).await? {
        tracing::info!(by = %by, "policy changed");
    }
    Ok(Json(policy))
}

/// Entries of the audit trail a page shows.
const AUDIT_PAGE: usize = 100;

/// At most this many entries go into one CSV export.
const AUDIT_EXPORT_MAX: usize = 200_000;

#[derive(Deserialize)]
struct AuditQuery {
    /// A NIP: entries by or about this person.
    #[serde(default)]
    person: String,
    /// A unit or position code, or a NIP: entries about it.
    #[serde(default)]
    record: String,
    /// Unix milliseconds: entries from (inclusive) and to (exclusive), as the browser reads the
    /// dates HR picks in its own time zone.
    from_ms: Option<i64>,
    to_ms: Option<i64>,
    /// Entries older than this one (the previous page's `next`).
    before: Option<u64>,
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        let text = |value: &str| {
            let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            (!value.is_empty()).then_some(value)
        };
        AuditFilter { person: text(&self.person), record: text(&self.record), from_ms: self.from_ms, to_ms: self.to_ms }
    }
}

async fn audit(State(state): State<AppState>, HrAdmin(_): HrAdmin, ApiQuery(query): ApiQuery<AuditQuery>) -> Result<Json<AdminAuditPage>, AppError> {
    let filter = query.filter();
    Ok(Json(state.store(move |store| store.admin_audit(&filter, query.before, AUDIT_PAGE)).await?))
}

/// The trail as CSV, for a spreadsheet: semicolons and a byte-order mark, newest first.
async fn audit_csv(State(state): State<AppState>, HrAdmin(_): HrAdmin, ApiQuery(query): ApiQuery<AuditQuery>) -> Result<impl axum::response::IntoResponse, AppError> {
    let filter = query.filter();
    let page = state.store(move |store| store.admin_audit(&filter, query.before, AUDIT_EXPORT_MAX)).await?;
    let mut csv = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| AppError::Internal(e.into());
    csv.write_record(["waktu_utc", "oleh_nip", "oleh_nama", "tindakan", "jenis", "kode", "nama", "sebelum", "sesudah"]).map_err(failed)?;
    for entry in &page.entries {
        let action = serde_json::to_value(entry.action).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let subject = serde_json::to_value(entry.subject).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let author_nip = if entry.author.is_some() { entry.author_nip.clone() } else { "baris-perintah".to_owned() };
        csv.write_record([
            utc(entry.at_ms),
            author_nip,
            entry.author_name.clone(),
            action,
            subject,
            entry.key.clone(),
            entry.name.clone(),
            entry.before.clone().unwrap_or_default(),
            entry.after.clone().unwrap_or_default(),
        ])
        .map_err(failed)?;
    }
    let body = csv.into_inner().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"jejak-audit.csv\""),
        ],
        body,
    ))
}

/// Unix milliseconds as `2026-12-04T01:44:42Z`.
fn utc(ms: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) {
        Ok(at) => format!(
            "{}T{:02}:{:02}:{:02}Z",
            shared::domain::iso_date::format(at.date()),
            at.hour(),
            at.minute(),
            at.second()
        ),
        Err(_) => ms.to_string(),
    }
}

#[derive(Deserialize)]
struct EmployeeQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: u32,
}

async fn employees(State(state): State<AppState>, HrAdmin(_): HrAdmin, ApiQuery(query): ApiQuery<EmployeeQuery>) -> Result<Json<EmployeePage>, AppError> {
    Ok(Json(state.store(move |store| store.search_employees(&query.q, query.page, EMPLOYEE_PAGE)).await?))
}

/// The employee a NIP names: `invalid_nip` if it is malformed, `not_found` if nobody has it.
async fn employee(state: &AppState, nip: &str) -> Result<Employee, AppError> {
    let nip = Nip::parse(nip).map_err(|reason| ApiError::InvalidNip { reason })?;
    state.store(move |store| store.employee_by_nip(&nip)).await?.ok_or_else(|| ApiError::NotFound.into())
}

/// One-time passwords for `count` accounts, and their hashes, on the blocking pool.
async fn one_time_passwords(state: &AppState, count: usize) -> Result<Vec<(String, String)>, AppError> {
    let _permit = state.password_checks.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    let made = tokio::task::spawn_blocking(move || {
        (0..count)
            .map(|_| {
                let password = auth::one_time_password().map_err(|e| anyhow::anyhow!("random password: {e}"))?;
                let hash = auth::hash_password(&password).map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
                Ok((password, hash))
            })
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await?;
    made.map_err(AppError::Internal)
}

async fn create_accounts(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(request): ApiJson<CreateAccountsRequest>) -> Result<Json<IssuedPasswords>, AppError> {
    let by = user.employee;
    if request.nips.len() > MAX_NEW_ACCOUNTS {
        return Err(bad(&format!("at most {MAX_NEW_ACCOUNTS} accounts per request")));
    }
    let mut answer = IssuedPasswords { issued: Vec::new(), existing: Vec::new(), unknown: Vec::new() };
    let mut wanted = Vec::new();
    for text in &request.nips {
        let nip = Nip::parse(text).map_err(|reason| ApiError::InvalidNip { reason })?;
        let lookup = nip.clone();
        let found = state.store(move |store| Ok((store.employee_by_nip(&lookup)?, store.account_by_nip(&lookup)?.is_some()))).await?;
        match found {
            (None, _) => answer.unknown.push(nip),
            (Some(_), true) => answer.existing.push(nip),
            (Some(employee), false) if !wanted.iter().any(|e: &Employee| e.id == employee.id) => wanted.push(employee),
            (Some(_), false) => {}
        }
    }
    let passwords = one_time_passwords(&state, wanted.len()).await?;
    let accounts: Vec<_> = wanted.iter().zip(&passwords).map(|(employee, (_, hash))| (employee.id, hash.clone())).collect();
    let created = state.store(move |store| store.create_accounts(Some(by), &accounts, auth::unix_now_ms())).await?;
    for ((employee, (password, _)), created) in wanted.into_iter().zip(passwords).zip(created) {
        if created {
            answer.issued.push(IssuedPassword { nip: employee.nip, name: employee.name, password });
        } else {
            answer.existing.push(employee.nip);
        }
    }
    tracing::info!(by = %user.employee, created = answer.issued.len(), "accounts created");
    Ok(Json(answer))
}

async fn reset_password(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(request): ApiJson<ResetPasswordRequest>) -> Result<Json<IssuedPasswords>, AppError> {
    let by = user.employee;
    let employee = employee(&state, &request.nip).await?;
    let (password, hash) = one_time_passwords(&state, 1).await?.pop().expect("one password");
    let id = employee.id;
    if !state.store(move |store| store.set_password(Some(by), id, hash, true, None, auth::unix_now_ms())).await? {
        return Err(ApiError::NotFound.into());
    }
    tracing::info!(by = %user.employee, nip = employee.nip.as_str(), "password reset");
    let issued = vec![IssuedPassword { nip: employee.nip, name: employee.name, password }];
    Ok(Json(IssuedPasswords { issued, existing: Vec::new(), unknown: Vec::new() }))
}

async fn hr_rights(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(request): ApiJson<HrRightsRequest>) -> Result<Json<EmployeeLine>, AppError> {
    let by = user.employee;
    let employee = employee(&state, &request.nip).await?;
    let (id, hr_admin) = (employee.id, request.hr_admin);
    match state.store(move |store| store.set_hr_admin(Some(by), id, hr_admin)).await? {
        HrRights::Changed => tracing::info!(by = %user.employee, nip = employee.nip.as_str(), hr_admin, "HR rights changed"),
        HrRights::Unchanged => {}
        HrRights::NoAccount => return Err(ApiError::NotFound.into()),
        HrRights::LastHrAdmin => return Err(ApiError::LastHrAdmin.into()),
    }
    let nip = employee.nip.as_str().to_owned();
    let page = state.store(move |store| store.search_employees(&nip, 0, 1)).await?;
    page.employees.into_iter().next().map(Json).ok_or_else(|| ApiError::NotFound.into())
}

async fn save_employee(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(form): ApiJson<EmployeeForm>) -> Result<Json<ImportReport>, AppError> {
    let report = state.store(move |store| store.save_employee(&form, user.employee)).await?;
    if report.applied {
        tracing::info!(by = %user.employee, summary = ?report.summary.employees, "employee saved");
    }
    Ok(Json(report))
}

async fn preview(State(state): State<AppState>, HrAdmin(_): HrAdmin, form: Multipart) -> Result<Json<ImportReport>, AppError> {
    let (files, _) = read_form(form).await?;
    Ok(Json(state.store(move |store| store.preview_import(&files)).await?))
}

async fn apply(State(state): State<AppState>, HrAdmin(user): HrAdmin, form: Multipart) -> Result<Json<ImportReport>, AppError> {
    let (files, fingerprint) = read_form(form).await?;
    let fingerprint = fingerprint.ok_or_else(|| bad("a confirmation needs the preview's `fingerprint`"))?;
    let applied = state.store(move |store| store.apply_import(&files, Some(&fingerprint), Some(user.employee), &mut random_id)).await?;
    match applied {
        Applied::Report(report) => {
            if report.applied {
                tracing::info!(by = %user.employee, summary = ?report.summary, "import applied");
            }
            Ok(Json(report))
        }
        Applied::Stale => Err(ApiError::StalePreview.into()),
    }
}

/// The files and the fingerprint of a multipart form; any other field is a bad request.
async fn read_form(mut form: Multipart) -> Result<(Files, Option<String>), AppError> {
    let (mut files, mut fingerprint) = (Files::default(), None);
    while let Some(field) = form.next_field().await.map_err(|e| bad(&e.body_text()))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "fingerprint" {
            fingerprint = Some(field.text().await.map_err(|e| bad(&e.body_text()))?);
            continue;
        }
        let file = ImportFile::ALL.into_iter().find(|file| file.field() == name).ok_or_else(|| bad(&format!("unknown field `{name}`")))?;
        if files.get(file).is_some() {
            return Err(bad(&format!("field `{name}` twice")));
        }
        files.set(file, field.bytes().await.map_err(|e| bad(&e.body_text()))?.into());
    }
    if ImportFile::ALL.iter().all(|&file| files.get(file).is_none()) {
        return Err(bad("no file: send `units`, `positions` or `employees`"));
    }
    Ok((files, fingerprint))
}

fn bad(detail: &str) -> AppError {
    ApiError::BadRequest { detail: detail.to_owned() }.into()
}
