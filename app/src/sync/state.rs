//! The sync engine's state, which the screens read: the signed-in user's replica, whether all of
//! it has loaded, the network and sync status, and what the user should know about. The engine's
//! work is in the modules beside this one: opening a replica (`opening.rs`), making changes
//! (`changes.rs`), syncing on its own (`schedule.rs`), and hearing from other tabs (`tabs.rs`).
//!
//! Every piece of work is done for one opening of one user's replica (a [`Ticket`]): signing out,
//! or someone else signing in, ends it, and work still under way for it stops at its next step
//! without touching what the page shows.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use shared::command::{Actor, Rejection};
use shared::domain::Competency;
use shared::ids::{CompetencyId, EmployeeId};
use shared::kinds::Divergence;
use shared::sync::replica::Replica;
use shared::sync::run::PULL_PAGE;

use super::idb::StoreError;

/// Something the user should know about sync, beyond online/offline.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The server ended the session (or someone else signed in on this browser): sync waits until
    /// the same user signs in again. Nothing stored on the device is lost meanwhile.
    SessionExpired,
    /// Someone else signed in on this browser (in another tab): this page's user must sign in
    /// again before anything more is sent. Nothing is lost meanwhile.
    OtherUserSignedIn,
    /// The device could not store data (IndexedDB refused).
    Storage(String),
    /// The server gave an answer the app does not understand; the short code is for support.
    Server(String),
}

/// Why a change was not made.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeError {
    /// The rules refuse it (the same answer the server would give).
    Refused(Rejection),
    /// The record changed since the form was opened (another tab or device saved it) and both
    /// changed these fields: the user chooses which to keep.
    Diverged(Vec<Divergence>),
    /// The device could not store it, so it was not made.
    Storage(String),
    /// Nobody is signed in (the page was left open after signing out).
    SignedOut,
}

impl From<StoreError> for ChangeError {
    fn from(error: StoreError) -> Self {
        ChangeError::Storage(error.0)
    }
}

/// One opening of one user's replica on this page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Ticket {
    pub user: EmployeeId,
    pub epoch: u64,
}

/// The competency dictionary by id (names, level descriptions and indicators for the screens).
pub type Dictionary = Arc<HashMap<CompetencyId, Competency>>;

/// The engine's state, as context: a copyable handle to signals.
#[derive(Clone, Copy, Debug)]
pub struct SyncState {
    /// The open replica. Changed in place (never cloned whole) and announced once stored.
    pub(super) replica: RwSignal<Option<Replica>>,
    /// Who the open replica belongs to, with their current role (applied to whatever is loaded).
    pub(super) actor: StoredValue<Option<Actor>>,
    /// Goes up with every open, close and suspend: work for an older opening stops.
    pub(super) epoch: StoredValue<u64>,
    /// The stored revision the in-memory replica matches.
    pub(super) revision: StoredValue<u64>,
    /// The dictionary of the reference data, once pulled. Changes only when the dictionary does
    /// (not with each record), so forms built from it are not made again by a sync.
    pub dictionary: Memo<Option<Dictionary>>,
    /// Whether a replica is open (changes only when one opens or closes, not with each change).
    open: Memo<bool>,
    /// Every stored record is in memory: the user's own open the app, the others (the team's, HR's
    /// queue) follow; screens that list them wait for this, and so does sync.
    pub loaded: RwSignal<bool>,
    /// Records of others loaded so far (progress while they load).
    pub loading: RwSignal<usize>,
    /// The browser says it is online and the server answered last time.
    pub online: RwSignal<bool>,
    pub syncing: RwSignal<bool>,
    /// Records received so far in the running sync (progress for a large first pull).
    pub received: RwSignal<usize>,
    /// When the last sync finished well (ms since the epoch).
    pub last_sync_ms: RwSignal<Option<u64>>,
    pub problem: RwSignal<Option<Problem>>,
    pub(super) failures: StoredValue<u32>,
    /// A change came while a sync was running: sync again when it ends.
    pub(super) again: StoredValue<bool>,
    /// The running sync stored something other tabs have not been told of yet.
    pub(super) untold: StoredValue<bool>,
    /// The pull page size now (smaller after a page went unanswered).
    pub(super) pull_page: StoredValue<usize>,
    /// Goes up whenever what is known about the browser's session changes (another tab signed
    /// in or out, a check found it back): a sync that began before leaves `problem` alone.
    pub(super) session_gen: StoredValue<u64>,
}

impl SyncState {
    /// Creates the engine, provides it as context and starts listening to the browser.
    pub fn provide() -> SyncState {
        let replica = RwSignal::new(None::<Replica>);
        let dictionary = Memo::new(move |previous: Option<&Option<Dictionary>>| {
            replica.with(|r| {
                let competencies = &r.as_ref()?.reference()?.dictionary;
                // The usual case, a change to records only: the same map again, not a copy.
                if let Some(Some(previous)) = previous
                    && previous.len() == competencies.len()
                    && competencies.iter().all(|c| previous.get(&c.id) == Some(c))
                {
                    return Some(previous.clone());
                }
                Some(Arc::new(competencies.iter().map(|c| (c.id, c.clone())).collect()))
            })
        });
        let online = window().navigator().on_line();
        let open = Memo::new(move |_| replica.with(Option::is_some));
        let state = SyncState {
            replica,
            open,
            actor: StoredValue::new(None),
            epoch: StoredValue::new(0),
            revision: StoredValue::new(0),
            dictionary,
            loaded: RwSignal::new(false),
            loading: RwSignal::new(0),
            online: RwSignal::new(online),
            syncing: RwSignal::new(false),
            received: RwSignal::new(0),
            last_sync_ms: RwSignal::new(None),
            problem: RwSignal::new(None),
            failures: StoredValue::new(0),
            again: StoredValue::new(false),
            untold: StoredValue::new(false),
            session_gen: StoredValue::new(0),
            pull_page: StoredValue::new(PULL_PAGE),
        };
        provide_context(state);
        state.listen_to_the_browser();
        state
    }

    pub fn get() -> SyncState {
        expect_context::<SyncState>()
    }

    /// Reads the replica (tracked); `None` before it is open.
    pub fn with<R>(self, read: impl FnOnce(&Replica) -> R) -> Option<R> {
        self.replica.with(|replica| replica.as_ref().map(read))
    }

    /// Reads the replica without tracking it.
    pub fn with_untracked<R>(self, read: impl FnOnce(&Replica) -> R) -> Option<R> {
        self.replica.with_untracked(|replica| replica.as_ref().map(read))
    }

    /// Whether a replica is open (tracked): screens show "loading" until it is.
    pub fn is_open(self) -> bool {
        self.open.get()
    }

    pub(super) fn ticket(self) -> Option<Ticket> {
        let user = self.actor.get_value()?.id;
        Some(Ticket { user, epoch: self.epoch.get_value() })
    }

    pub(super) fn is_current(self, ticket: Ticket) -> bool {
        self.ticket() == Some(ticket)
    }

    /// Sync waits for the user to sign in again.
    pub fn paused(self) -> bool {
        matches!(self.problem.get_untracked(), Some(Problem::SessionExpired | Problem::OtherUserSignedIn))
    }

    pub(super) fn bump_session_gen(self) {
        self.session_gen.update_value(|generation| *generation += 1);
    }

    /// Ends the current opening: its work stops at its next step.
    pub(super) fn next_epoch(self) -> u64 {
        let epoch = self.epoch.get_value() + 1;
        self.epoch.set_value(epoch);
        epoch
    }

    /// Whether `record` has commands waiting to be sent (tracked).
    pub fn is_pending(self, record: uuid::Uuid) -> bool {
        self.with(|r| r.is_pending(record)).unwrap_or(false)
    }
}
