//! Signing in and out, and "who am I": `GET /me` (401 without a session, as the first release's
//! apps expect) and `GET /session` (always 200, the profile or `null`, so that a signed-out app's
//! first question is not an error in the browser's console).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_extra::extract::cookie::CookieJar;
use shared::ApiError;
use shared::api::{ChangePasswordRequest, Profile, SessionResponse, SignInRequest};
use shared::domain::Nip;

use crate::auth::{self, CurrentUser, SignedIn};
use crate::db::Session;
use crate::error::AppError;
use crate::extract::{ApiJson, ClientAddress};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/sign-in", post(post_sign_in))
        .route("/auth/sign-out", post(post_sign_out))
        .route("/auth/password", post(post_password))
        .route("/me", get(get_me))
        .route("/session", get(get_session))
}

/// Checks NIP and password; on success starts a session (cookie) and answers the profile.
async fn post_sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    jar: CookieJar,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<(CookieJar, Json<Profile>), AppError> {
    let nip = Nip::parse(&request.nip).map_err(|reason| ApiError::InvalidNip { reason })?;
    // The attempt counts as a failure from here on, unless it succeeds.
    state.limiter.reserve(nip.as_str(), address)?;

    let lookup = nip.clone();
    let (found, person) = state.store(move |store| Ok((store.account_by_nip(&lookup)?, store.employee_by_nip(&lookup)?))).await?;
    let Some((employee, account)) = found else {
        return Err(ApiError::UnknownNip.into());
    };
    // Someone out of service no longer signs in (said only to the right password, below).
    let out_of_service = person.is_some_and(|p| p.departure.is_some());
    let password = request.password;
    // argon2id takes 7 MiB (19 for a hash made before 0.4) and tens of milliseconds per check:
    // only a few at a time.
    let permit = state.password_checks.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    let matches = tokio::task::spawn_blocking(move || auth::verify_password(&password, &account.password_hash)).await?;
    drop(permit);
    if !matches {
        tracing::info!(nip = nip.as_str(), "sign-in with a wrong password");
        return Err(ApiError::WrongPassword.into());
    }
    state.limiter.record_success(nip.as_str(), address);
    if out_of_service {
        return Err(ApiError::OutOfService.into());
    }
    // A one-time password not used in time is not a key any more: HR issues a new one.
    if account.must_change_password && account.one_time_since_ms.is_some_and(|since| auth::unix_now_ms() - since > auth::ONE_TIME_PASSWORD_LIFETIME_MS) {
        return Err(ApiError::OneTimePasswordExpired.into());
    }

    let token = auth::new_session_token().map_err(|e| AppError::Internal(anyhow::anyhow!("random token: {e}")))?;
    let session = Session { employee, expires_at: auth::unix_now() + auth::SESSION_LIFETIME.as_secs() };
    let digest = auth::token_digest(&token);
    let started = state
        .store(move |store| Ok(if store.insert_session(&digest, session)? { Ok(store.profile(employee)?) } else { Err(ApiError::OutOfService) }))
        .await?;
    let profile = started?.ok_or(ApiError::UnknownNip)?;
    tracing::info!(nip = nip.as_str(), "signed in");
    Ok((jar.add(auth::session_cookie(token, state.secure_cookies)), Json(profile)))
}

/// Ends the session, if there is one, and clears the cookie. Always succeeds.
async fn post_sign_out(State(state): State<AppState>, jar: CookieJar) -> Result<(CookieJar, StatusCode), AppError> {
    if let Some(cookie) = jar.get(auth::SESSION_COOKIE) {
        let digest = auth::token_digest(cookie.value());
        state.store(move |store| store.delete_session(&digest)).await?;
    }
    Ok((jar.add(auth::removal_cookie()), StatusCode::NO_CONTENT))
}

/// The signed-in user's profile. Also slides the session forward (once a day at most), so a
/// session stays alive for as long as the user keeps opening the app within its lifetime.
async fn get_me(State(state): State<AppState>, SignedIn(user): SignedIn, jar: CookieJar) -> Result<(CookieJar, Json<Profile>), AppError> {
    let (jar, profile) = profile_of(state, user, jar).await?;
    Ok((jar, Json(profile)))
}

/// Who is signed in: the profile as `/me` answers it (sliding the session the same way), or
/// nobody.
async fn get_session(State(state): State<AppState>, user: Result<SignedIn, AppError>, jar: CookieJar) -> Result<(CookieJar, Json<SessionResponse>), AppError> {
    let user = match user {
        Ok(SignedIn(user)) => user,
        Err(AppError::Api(ApiError::Unauthenticated)) => return Ok((jar, Json(SessionResponse { profile: None }))),
        Err(error) => return Err(error),
    };
    match profile_of(state, user, jar.clone()).await {
        Ok((jar, profile)) => Ok((jar, Json(SessionResponse { profile: Some(profile) }))),
        Err(AppError::Api(ApiError::Unauthenticated)) => Ok((jar, Json(SessionResponse { profile: None }))),
        Err(error) => Err(error),
    }
}

/// The signed-in user changes their password (a one-time password must be, before anything
/// else): the current one, then a new one that keeps the rules of `shared::rules::password`.
/// Their other sessions end; this one goes on. Answers the profile.
async fn post_password(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    SignedIn(user): SignedIn,
    ApiJson(request): ApiJson<ChangePasswordRequest>,
) -> Result<Json<Profile>, AppError> {
    let employee = user.employee;
    let Some((nip, account)) = state.store(move |store| store.account(employee)).await? else {
        return Err(ApiError::Unauthenticated.into());
    };
    // Guessing the current password is limited as guessing at sign-in is.
    state.limiter.reserve(nip.as_str(), address)?;
    let ChangePasswordRequest { current, new } = request;
    let permit = state.password_checks.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    let (matches, current) = tokio::task::spawn_blocking(move || (auth::verify_password(&current, &account.password_hash), current)).await?;
    if !matches {
        return Err(ApiError::WrongPassword.into());
    }
    state.limiter.record_success(nip.as_str(), address);
    shared::rules::password::check(&new, &current, nip.as_str()).map_err(|reason| ApiError::WeakPassword { reason })?;
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&new))
        .await?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing a password: {e}")))?;
    drop(permit);
    let digest = user.session_digest;
    let profile = state
        .store(move |store| {
            store.set_password(Some(employee), employee, hash, false, Some(&digest), auth::unix_now_ms())?;
            store.profile(employee)
        })
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    tracing::info!(nip = nip.as_str(), "password changed");
    Ok(Json(profile))
}

/// The user's profile, with the session slid forward when it is due.
async fn profile_of(state: AppState, user: CurrentUser, jar: CookieJar) -> Result<(CookieJar, Profile), AppError> {
    let now = auth::unix_now();
    let slide = user.expires_at.saturating_sub(now) < auth::SESSION_REFRESH_BELOW.as_secs();
    let renewed = Session { employee: user.employee, expires_at: now + auth::SESSION_LIFETIME.as_secs() };
    let (slid, profile) = state
        .store(move |store| {
            // Only a session that still exists is slid: a sign-out meanwhile must stick.
            let slid = slide && store.refresh_session(&user.session_digest, renewed)?;
            Ok((slid, store.profile(user.employee)?))
        })
        .await?;
    let profile = profile.ok_or(ApiError::Unauthenticated)?;
    let jar = match (slid, jar.get(auth::SESSION_COOKIE).map(|c| c.value().to_owned())) {
        (true, Some(token)) => jar.add(auth::session_cookie(token, state.secure_cookies)),
        _ => jar,
    };
    Ok((jar, profile))
}
