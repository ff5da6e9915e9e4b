//! The storage module: the only code that touches redb. It owns the table definitions, the value
//! codec and the schema version, and offers typed, synchronous operations, one transaction each.
//! Callers on the async runtime run them through [`tokio::task::spawn_blocking`] (see `state.rs`).
//!
//! - `open.rs`: opening a file, its schema version and the migrations of older ones
//!   (`migrations.rs` holds the conversions);
//! - `sessions.rs`: accounts and sessions; `accounts.rs`: accounts as HR and their users keep
//!   them (one-time passwords, resets, HR's list of employees);
//! - `org.rs`: the organisation (units, positions, people) and the position tree's rules;
//!   `import.rs`: applying an import of it (planned by `crate::import`);
//! - `profile.rs`: what a user and their device are told about themselves and their team;
//! - `push.rs`: applying commands exactly once, with the facts the rules need (`index.rs`: the
//!   unique keys of every kind);
//! - `changelog.rs`: the change log pulls page through, and its retention;
//! - `pull.rs`: a page of the changes a user may see (`scope.rs`: who sees whose records);
//! - `moves.rs`: changes of who sees whom (a reassignment, HR rights granted or revoked, an
//!   appraiser named); `service.rs`: HR's moves, and employees leaving or returning to service;
//! - `settings.rs`: the agency's policy;
//! - `audit.rs`: the audit log of commands; `admin_audit.rs`: the audit trail of administrative
//!   changes; `records.rs`: reading records back.

mod accounts;
mod admin_audit;
mod audit;
mod changelog;
mod codec;
mod import;
mod index;
mod migrations;
mod moves;
mod open;
mod org;
mod profile;
mod pull;
mod push;
mod records;
mod scope;
mod service;
mod sessions;
mod settings;
mod structure;
mod tables;
#[cfg(test)]
mod test_support;

pub use admin_audit::AuditFilter;
pub use audit::AuditEntry;
pub use import::Applied;
pub use open::SCHEMA_VERSION;
pub use org::ReferenceData;
pub use pull::{Cursor, PullPage};
pub use push::PushBatch;
pub use scope::Viewer;
pub use service::ServiceChange;
pub use structure::{Closing, CompetencySave};
pub use moves::{AppraiserChange, HrRights};
pub use sessions::{Access, Account, Session, SESSION_CACHE_TTL};

use std::collections::HashMap;
use std::sync::Mutex;

use redb::Database;

/// What the storage layer can fail with. Every variant is an internal error for the client.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] redb::Error),
    #[error("stored value does not decode: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("stored record does not decode: {0}")]
    CorruptRecord(#[from] postcard::Error),
    #[error(
        "the database has schema version {found}, newer than this server's {SCHEMA_VERSION}; \
         upgrade the server, or restore a backup made by this version"
    )]
    NewerSchema { found: u64 },
}

macro_rules! from_redb {
    ($($error:ty),*) => {$(
        impl From<$error> for StoreError {
            fn from(error: $error) -> Self {
                StoreError::Database(error.into())
            }
        }
    )*};
}
from_redb!(redb::DatabaseError, redb::TransactionError, redb::TableError, redb::StorageError, redb::CommitError);

pub type StoreResult<T> = Result<T, StoreError>;

/// The open database.
#[derive(Debug)]
pub struct Store {
    db: Database,
    /// Recently seen sessions, so an authenticated request needs no database read (nor a hop to
    /// the blocking pool) just to learn who is asking. Every session write goes through this
    /// module and updates it (a change of HR rights forgets that person's); entries also expire
    /// after [`SESSION_CACHE_TTL`].
    sessions: Mutex<HashMap<[u8; 32], sessions::CachedSession>>,
}

/// The memory redb may use for the pages it reads and writes, unless told otherwise. redb's own
/// default is 1 GiB, which a large agency's database would fill; the server's whole footprint is
/// budgeted at 300 MB (DESIGN.md).
pub const DEFAULT_CACHE_BYTES: usize = 128 * 1024 * 1024;

