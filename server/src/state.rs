//! The state every handler shares.

use std::path::PathBuf;
use std::sync::Arc;

use crate::auth::{LimitPolicy, SignInLimiter};
use crate::db::{Store, StoreResult};
use crate::error::AppError;
use crate::writer::PushWriter;

/// Cheap to clone: everything is behind an `Arc`.
#[derive(Clone, Debug)]
pub struct AppState {
    store: Arc<Store>,
    /// Applies pushes with group commit (see `writer.rs`).
    pushes: PushWriter,
    pub limiter: Arc<SignInLimiter>,
    /// Where the built web app is (`index.html` and `assets/`).
    pub assets_dir: PathBuf,
    /// Bounds the password checks running at once (each argon2id check holds ~19 MiB).
    pub password_checks: Arc<tokio::sync::Semaphore>,
    /// Reverse proxies whose `X-Forwarded-For` names the real client (for the sign-in limiter).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Mark the session cookie `Secure` (the server is reached over HTTPS through a proxy).
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(store: Store, assets_dir: PathBuf) -> Self {
        let store = Arc::new(store);
        Self {
            pushes: PushWriter::start(Arc::clone(&store)),
            store,
            limiter: Arc::new(SignInLimiter::new(LimitPolicy::default())),
            password_checks: Arc::new(tokio::sync::Semaphore::new(4)),
            trusted_proxies: Vec::new(),
            assets_dir,
            secure_cookies: false,
        }
    }

    /// The store itself, for callers already off the async workers (tests, maintenance).
    pub fn database(&self) -> &Store {
        &self.store
    }

    /// Applies a push (one device's commands, in order) and answers once it is durable.
    pub async fn push(
        &self,
        actor: shared::command::Actor,
        commands: Vec<shared::command::CommandEnvelope>,
        now_ms: i64,
    ) -> Result<Vec<shared::sync::CommandResult>, AppError> {
        self.pushes.push(actor, commands, now_ms).await.map_err(|()| shared::ApiError::Internal.into())
    }

    /// Runs a storage operation on the blocking pool: redb calls block (disk I/O, fsync) and must
    /// not stall the async workers.
    pub async fn store<T, F>(&self, operation: F) -> Result<T, AppError>
    where
        F: FnOnce(&Store) -> StoreResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let store = Arc::clone(&self.store);
        Ok(tokio::task::spawn_blocking(move || operation(&store)).await??)
    }
}
