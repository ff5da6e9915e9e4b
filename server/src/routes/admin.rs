//! HR's administrative endpoints, under `/admin`. Each takes [`HrAdmin`], so the HR role is
//! checked on the server before anything is read.
//!
//! - `POST /admin/import/preview`: the files of an import (multipart fields `units`, `positions`,
//!   `employees`, any of them), checked against the organisation; answers an [`ImportReport`]
//!   with every problem by row and column, or what the import will change. Changes nothing.
//! - `POST /admin/import/apply`: the same files and the preview's `fingerprint`; applies them in
//!   one transaction if they have no problems and the organisation is still the one previewed
//!   (`stale_preview` otherwise).

use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::routing::post;
use axum::{Json, Router};
use shared::ApiError;
use shared::import::{ImportFile, ImportReport};

use crate::auth::HrAdmin;
use crate::db::Applied;
use crate::error::AppError;
use crate::import::{Files, random_id};
use crate::state::AppState;

/// A personnel export of 100,000 employees is about 12 MB.
const IMPORT_BODY_LIMIT: usize = 64 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/import/preview", post(preview).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)))
        .route("/admin/import/apply", post(apply).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)))
}

async fn preview(State(state): State<AppState>, HrAdmin(_): HrAdmin, form: Multipart) -> Result<Json<ImportReport>, AppError> {
    let (files, _) = read_form(form).await?;
    Ok(Json(state.store(move |store| store.preview_import(&files)).await?))
}

async fn apply(State(state): State<AppState>, HrAdmin(user): HrAdmin, form: Multipart) -> Result<Json<ImportReport>, AppError> {
    let (files, fingerprint) = read_form(form).await?;
    let fingerprint = fingerprint.ok_or_else(|| bad("a confirmation needs the preview's `fingerprint`"))?;
    let applied = state.store(move |store| store.apply_import(&files, Some(&fingerprint), &mut random_id)).await?;
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
        files.set(file, field.bytes().await.map_err(|e| bad(&e.body_text()))?.to_vec());
    }
    if ImportFile::ALL.iter().all(|&file| files.get(file).is_none()) {
        return Err(bad("no file: send `units`, `positions` or `employees`"));
    }
    Ok((files, fingerprint))
}

fn bad(detail: &str) -> AppError {
    ApiError::BadRequest { detail: detail.to_owned() }.into()
}
