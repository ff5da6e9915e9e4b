//! The state every handler shares.

use std::path::PathBuf;
use std::sync::Arc;

use crate::auth::{LimitPolicy, SignInLimiter};
use crate::db::{Store, StoreResult};
use crate::error::AppError;
use crate::writer::PushWriter;

/// Storage operations that may run at once, per core: enough to keep the cores busy while some
/// wait on the disk, few enough that they do not crowd each other out. Measured with 100 clients
/// reading flat out on two cores: one per core served fewer reads (12.7-13.6k/s instead of
/// 15-16k); four per core served as many, with a longer tail in one run of two.
const STORE_OPERATIONS_PER_CORE: usize = 2;

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}

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
    /// Bounds the storage operations running at once on the blocking pool (see [`AppState::store`]).
    store_operations: Arc<tokio::sync::Semaphore>,
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
            store_operations: Arc::new(tokio::sync::Semaphore::new(STORE_OPERATIONS_PER_CORE * cores())),
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
    /// not stall the async workers. At most [`STORE_OPERATIONS_PER_CORE`] per core run at once;
    /// the others wait their turn here. Under a flood of requests, a thread for each one only
    /// made them take turns on the cores at random: with 100 clients reading flat out, the
    /// slowest 1 % took 17-36 ms instead of 9-12 (measured, `cargo xtask bench api`).
    pub async fn store<T, F>(&self, operation: F) -> Result<T, AppError>
    where
        F: FnOnce(&Store) -> StoreResult<T> + Send + 'static,
        T: Send + 'static,
    {
        // Held by the operation itself, so that it counts until it ends even if the request that
        // started it is dropped meanwhile.
        let turn = Arc::clone(&self.store_operations).acquire_owned().await.map_err(|e| AppError::Internal(e.into()))?;
        let store = Arc::clone(&self.store);
        Ok(tokio::task::spawn_blocking(move || {
            let _turn = turn;
            operation(&store)
        })
        .await??)
    }
}
