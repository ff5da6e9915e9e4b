//! HR's organisation endpoints, under `/admin`, each behind [`HrAdmin`]:
//!
//! - `GET /admin/organisation`: the units, positions (with their standards, holders and whether
//!   closed) and the dictionary, by code.
//! - `POST /admin/units/save`, `POST /admin/positions/save`: a unit, or a position with its
//!   standard, added or changed as a one-row import; answers its [`ImportReport`].
//! - `POST /admin/positions/close`: a vacant position without open subordinates closed, or a
//!   closed one opened again (`position_in_use` while it is held or others report to it).
//! - `POST /admin/competencies`: a technical competency of the agency's dictionary added or
//!   changed (`shared::rules::dictionary` says what it must have).

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use shared::ApiError;
use shared::api::{ClosePositionRequest, OrganisationView, PositionForm, UnitForm};
use shared::domain::Competency;
use shared::import::ImportReport;

use crate::auth::HrAdmin;
use crate::db::{Closing, CompetencySave};
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/organisation", get(organisation))
        .route("/admin/units/save", post(save_unit))
        .route("/admin/positions/save", post(save_position))
        .route("/admin/positions/close", post(close_position))
        .route("/admin/competencies", post(save_competency))
}

async fn organisation(State(state): State<AppState>, HrAdmin(_): HrAdmin) -> Result<Json<OrganisationView>, AppError> {
    Ok(Json(state.store(|store| store.organisation_view()).await?))
}

async fn save_unit(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(form): ApiJson<UnitForm>) -> Result<Json<ImportReport>, AppError> {
    Ok(Json(state.store(move |store| store.save_unit(&form, user.employee)).await?))
}

async fn save_position(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(form): ApiJson<PositionForm>) -> Result<Json<ImportReport>, AppError> {
    Ok(Json(state.store(move |store| store.save_position(&form, user.employee)).await?))
}

async fn close_position(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(request): ApiJson<ClosePositionRequest>) -> Result<Json<OrganisationView>, AppError> {
    let closing = state.store(move |store| store.set_position_closed(user.employee, &request.code, request.closed)).await?;
    match closing {
        Closing::Changed | Closing::Unchanged => Ok(Json(state.store(|store| store.organisation_view()).await?)),
        Closing::UnknownPosition => Err(ApiError::NotFound.into()),
        Closing::InUse => Err(ApiError::PositionInUse.into()),
        Closing::SuperiorClosed => Err(ApiError::PositionClosed.into()),
    }
}

async fn save_competency(State(state): State<AppState>, HrAdmin(user): HrAdmin, ApiJson(competency): ApiJson<Competency>) -> Result<Json<Competency>, AppError> {
    // The form checks the same rules as HR types; this refuses what bypassed it.
    if let Some(problem) = shared::rules::dictionary::problems(&competency).first() {
        return Err(bad(&problem.describe(true)));
    }
    let saved = competency.clone();
    match state.store(move |store| store.save_competency(user.employee, &competency)).await? {
        CompetencySave::Saved => Ok(Json(saved)),
        CompetencySave::NotTechnical => Err(bad("only technical competencies are the agency's to define")),
        CompetencySave::CodeTaken => Err(bad("another competency has this code")),
    }
}

fn bad(detail: &str) -> AppError {
    ApiError::BadRequest { detail: detail.to_owned() }.into()
}
