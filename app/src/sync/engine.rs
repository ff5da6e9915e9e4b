//! The sync engine: it holds the signed-in user's replica for the screens, writes every change to
//! IndexedDB before showing it, and pushes and pulls by itself: when the app opens, when the
//! browser comes back online, soon after each change, and periodically (more slowly after each
//! failure). One tab syncs at a time; the others reload what it stored when it tells them to.
//!
//! Every piece of work is done for one opening of one user's replica (a [`Ticket`]): signing out,
//! or someone else signing in, ends it, and work still under way for it stops at its next step
//! without touching what the page shows. What the server had already applied is settled when the
//! user's outbox is sent again (a replayed command answers its stored outcome).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ApiError;
use shared::api::Profile;
use shared::command::{Actor, Command, Record, RecordId, Rejection, Subject};
use shared::domain::Competency;
use shared::ids::{CommandId, CompetencyId, EmployeeId};
use shared::replica::Replica;
use shared::sync::{PullResponse, PushRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::lock;
use super::store::{self, StoreError};
use crate::api::{self, ClientError};

/// Commands per push, and changes per pull page.
const PUSH_BATCH: usize = 100;
const PULL_PAGE: usize = 500;
/// After a pull page went unanswered (a slow link cut off by the deadline), pages shrink by half
/// down to this, and grow back as pages arrive.
const SMALLEST_PULL_PAGE: usize = 50;
/// During a pull of many pages, what has arrived is stored when the next page comes at least this
/// long (ms) after the last store, and at the end.
const STORE_PAGES_EVERY_MS: f64 = 2_000.0;
/// Sync this often while all is well (changes made elsewhere arrive this late at the latest).
const HEALTHY_INTERVAL: Duration = Duration::from_secs(60);
/// After a failure, retry after 2 s, then 4, 8, 16, and every 30 s from then on.
const FIRST_RETRY: Duration = Duration::from_secs(2);
const LONGEST_RETRY: Duration = Duration::from_secs(30);
/// Another tab is syncing: look again this soon (a change made here should not wait a minute).
const OTHER_TAB_RETRY: Duration = Duration::from_secs(3);
/// While the session is over, ask the server now and then whether it is back (signed in again
/// from another tab).
const EXPIRED_CHECK: Duration = Duration::from_secs(60);
const CHANNEL: &str = "kompeten-sync";

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

/// When other tabs hear of a stored change.
#[derive(Clone, Copy)]
enum Told {
    Now,
    AfterSync,
}

enum SyncError {
    /// The opening this sync was for has ended (signed out, or another user signed in).
    Ended,
    Unreachable,
    /// No session.
    Expired,
    /// The browser's session is someone else's now.
    OtherUser,
    Storage(String),
    Server(String),
}

impl From<ClientError> for SyncError {
    fn from(error: ClientError) -> Self {
        match error {
            ClientError::Unreachable => SyncError::Unreachable,
            ClientError::Api(ApiError::Unauthenticated) => SyncError::Expired,
            ClientError::Api(ApiError::OtherUserSignedIn) => SyncError::OtherUser,
            ClientError::Api(error) => SyncError::Server(error.status().to_string()),
            ClientError::Unexpected(detail) => SyncError::Server(detail),
        }
    }
}

impl From<ChangeError> for SyncError {
    fn from(error: ChangeError) -> Self {
        match error {
            ChangeError::Storage(detail) => SyncError::Storage(detail),
            ChangeError::SignedOut | ChangeError::Refused(_) => SyncError::Ended,
        }
    }
}

/// A change to a replica, run again if another tab stored first.
type ReplicaChange = Box<dyn Fn(&mut Replica) -> Result<(), ChangeError>>;

/// One opening of one user's replica on this page.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ticket {
    user: EmployeeId,
    epoch: u64,
}

thread_local! {
    /// The one pending wake-up of this page's engine (a sync, or a session check).
    static TIMER: RefCell<Option<gloo_timers::callback::Timeout>> = const { RefCell::new(None) };
    static CHANNEL_HANDLE: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// The competency dictionary by id (names, level descriptions and indicators for the screens).
pub type Dictionary = Arc<HashMap<CompetencyId, Competency>>;

/// The engine's state, as context: a copyable handle to signals.
#[derive(Clone, Copy, Debug)]
pub struct SyncState {
    replica: RwSignal<Option<Replica>>,
    /// Who the open replica belongs to, with their current role (applied to whatever is loaded).
    actor: StoredValue<Option<Actor>>,
    /// Goes up with every open, close and suspend: work for an older opening stops.
    epoch: StoredValue<u64>,
    /// The stored revision the in-memory replica matches.
    revision: StoredValue<u64>,
    /// What the user sees: pulled records with the pending commands replayed on top.
    pub view: Memo<BTreeMap<RecordId, Record>>,
    /// The ids of records with commands waiting to be sent.
    pub pending: Memo<HashSet<RecordId>>,
    /// The dictionary of the reference data, once pulled. Changes only when the dictionary does
    /// (not with each record), so forms built from it are not made again by a sync.
    pub dictionary: Memo<Option<Dictionary>>,
    /// Whether a replica is open (changes only when one opens or closes, not with each change).
    open: Memo<bool>,
    /// The browser says it is online and the server answered last time.
    pub online: RwSignal<bool>,
    pub syncing: RwSignal<bool>,
    /// Records received so far in the running sync (progress for a large first pull).
    pub received: RwSignal<usize>,
    /// When the last sync finished well (ms since the epoch).
    pub last_sync_ms: RwSignal<Option<u64>>,
    pub problem: RwSignal<Option<Problem>>,
    failures: StoredValue<u32>,
    /// A change came while a sync was running: sync again when it ends.
    again: StoredValue<bool>,
    /// The running sync stored something other tabs have not been told of yet.
    untold: StoredValue<bool>,
    /// The pull page size now (smaller after a page went unanswered).
    pull_page: StoredValue<usize>,
    /// Goes up whenever what is known about the browser's session changes (another tab signed
    /// in or out, a check found it back): a sync that began before leaves `problem` alone.
    session_gen: StoredValue<u64>,
}

impl SyncState {
    /// Creates the engine, provides it as context and starts listening to the browser.
    pub fn provide() -> SyncState {
        let replica = RwSignal::new(None::<Replica>);
        let view = Memo::new(move |_| replica.with(|r| r.as_ref().map(Replica::view).unwrap_or_default()));
        let pending = Memo::new(move |_| {
            replica.with(|r| {
                r.iter().flat_map(|r| r.outbox()).map(|envelope| envelope.command.record_id()).collect::<HashSet<_>>()
            })
        });
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
            view,
            pending,
            dictionary,
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
        let on_online = window_event_listener(leptos::ev::online, move |_| {
            state.online.set(true);
            state.wake();
        });
        let on_offline = window_event_listener(leptos::ev::offline, move |_| state.online.set(false));
        // The app lives as long as the page: the listeners are never removed.
        std::mem::forget((on_online, on_offline));
        state.listen_to_other_tabs();
        state
    }

    pub fn get() -> SyncState {
        expect_context::<SyncState>()
    }

    /// Reads the replica (tracked); `None` before it is open.
    pub fn with<R>(self, read: impl FnOnce(&Replica) -> R) -> Option<R> {
        self.replica.with(|replica| replica.as_ref().map(read))
    }

    /// Whether a replica is open (tracked): screens show "loading" until it is.
    pub fn is_open(self) -> bool {
        self.open.get()
    }

    fn ticket(self) -> Option<Ticket> {
        let user = self.actor.get_value()?.id;
        Some(Ticket { user, epoch: self.epoch.get_value() })
    }

    fn is_current(self, ticket: Ticket) -> bool {
        self.ticket() == Some(ticket)
    }

    /// Sync waits for the user to sign in again.
    pub fn paused(self) -> bool {
        matches!(self.problem.get_untracked(), Some(Problem::SessionExpired | Problem::OtherUserSignedIn))
    }

    fn bump_session_gen(self) {
        self.session_gen.update_value(|generation| *generation += 1);
    }

    /// Ends the current opening: its work stops at its next step.
    fn next_epoch(self) -> u64 {
        let epoch = self.epoch.get_value() + 1;
        self.epoch.set_value(epoch);
        epoch
    }

    /// Opens `profile`'s replica (from IndexedDB, or a new one) and syncs it. `confirmed` says the
    /// server has just accepted this user's session (any "session over" notice goes).
    pub async fn open(self, profile: &Profile, confirmed: bool) -> Result<(), StoreError> {
        let actor = Actor { id: profile.id, hr_admin: profile.roles.contains(&shared::domain::Role::HrAdmin) };
        // The actor is set from the start of an opening, and cleared if it fails: this user's
        // replica is open, or being opened.
        if self.actor.get_value().map(|a| a.id) == Some(profile.id) {
            // Open or opening (from the device's store at start-up, or before a session ended):
            // the server's word needs no second load, only the profile as it is now.
            if confirmed {
                self.confirm(profile, actor).await?;
            }
            return Ok(());
        }
        let epoch = self.next_epoch();
        cancel_timer();
        // Nothing of the previous user stays on screen (or within reach of this user's work).
        self.replica.set(None);
        self.actor.set_value(Some(actor));
        let ticket = Ticket { user: profile.id, epoch };
        let profile = profile.clone();
        // Loaded and shown under the replica's lock: a sync woken meanwhile (the network came
        // back, the tab became visible) waits for it, and cannot store a newer revision that this
        // opening would then cover with the older one it loaded.
        let opened = lock::exclusive(&format!("kompeten-state-{}", profile.id), async move {
            let (revision, mut replica) = match store::load(profile.id).await? {
                Some(stored) => stored,
                None => {
                    let subject = Subject {
                        employee: profile.id,
                        supervisor: profile.supervisor.as_ref().map(|s| s.id),
                        standard: profile.standard.iter().map(|line| line.competency).collect(),
                    };
                    (0, Replica::new(actor, store::device_id().await?, subject))
                }
            };
            let last_sync = store::last_sync(profile.id).await?;
            if !self.is_current(ticket) {
                return Ok(false);
            }
            // An unconfirmed opening comes from the profile stored already.
            if confirmed {
                store::set_current_profile(Some(&profile)).await?;
                if !self.is_current(ticket) {
                    return Ok(false);
                }
            }
            // The roles as they are now (HR granted or revoked since, or confirmed meanwhile).
            replica.actor = self.actor.get_value().unwrap_or(actor);
            self.revision.set_value(revision);
            self.last_sync_ms.set(last_sync);
            self.replica.set(Some(replica));
            Ok::<_, StoreError>(true)
        })
        .await;
        let opened = match opened {
            Ok(opened) => opened,
            Err(error) => {
                // The next `open` of this user tries again.
                if self.is_current(ticket) {
                    self.actor.set_value(None);
                }
                return Err(error);
            }
        };
        if !opened {
            return Ok(());
        }
        if confirmed {
            self.problem.set(None);
        }
        self.failures.set_value(0);
        if self.paused() {
            schedule(EXPIRED_CHECK, move || spawn_local(self.check_session()));
        } else {
            self.sync_soon();
        }
        Ok(())
    }

    /// The server has confirmed the open user's session: their roles and profile as it says, any
    /// "session over" notice gone, and a sync (what a sync started before this learns about the
    /// session is stale, so it syncs again).
    async fn confirm(self, profile: &Profile, actor: Actor) -> Result<(), StoreError> {
        self.actor.set_value(Some(actor));
        if self.replica.with_untracked(|replica| replica.as_ref().is_some_and(|r| r.actor != actor)) {
            self.replica.update(|replica| {
                if let Some(replica) = replica {
                    replica.actor = actor;
                }
            });
        }
        store::set_current_profile(Some(profile)).await?;
        self.bump_session_gen();
        self.problem.set(None);
        self.failures.set_value(0);
        self.sync_soon();
        Ok(())
    }

    /// Forgets the signed-in user on this page (signing out). Their stored replica stays: its
    /// outbox is sent the next time they sign in.
    pub async fn close(self) {
        self.suspend();
        self.problem.set(None);
        // Remembered outside IndexedDB too (see `store::set_current_profile`).
        let _ = store::set_current_profile(None).await;
        tell_other_tabs("signed-out");
    }

    /// Stops work for the open user on this page (another session is about to begin); `open`
    /// starts it again.
    pub fn suspend(self) {
        self.next_epoch();
        cancel_timer();
        self.actor.set_value(None);
        self.revision.set_value(0);
        self.replica.set(None);
        self.last_sync_ms.set(None);
    }

    /// Tells the other tabs that `user` has just signed in (their page may belong to someone
    /// else, whose session this replaced, or to the same user, whose session is back).
    pub fn announce_sign_in(self, user: EmployeeId) {
        tell_other_tabs(&format!("signed-in:{user}"));
    }

    /// Makes a change: checks it with the rules, stores it with its outbox entry, shows it, and
    /// sends it soon.
    pub async fn change(self, command: Command) -> Result<(), ChangeError> {
        let ticket = self.ticket().ok_or(ChangeError::SignedOut)?;
        let command_id = CommandId(crate::new_uuid());
        let now_ms = js_sys::Date::now() as i64;
        self.update(ticket, Told::Now, move |replica| {
            replica.queue(command.clone(), command_id, now_ms).map(drop).map_err(ChangeError::Refused)
        })
        .await?;
        self.sync_soon();
        Ok(())
    }

    /// Gives up a refused command (the user chose to).
    pub async fn discard(self, command_id: CommandId) -> Result<(), ChangeError> {
        let ticket = self.ticket().ok_or(ChangeError::SignedOut)?;
        self.update(ticket, Told::Now, move |replica| {
            replica.discard(command_id);
            Ok(())
        })
        .await
    }

    /// Changes the ticket's user's stored replica under the lock, starting from what is stored
    /// (another tab may have changed it), and shows the result. Nothing is shown that was not
    /// stored, and nothing is done for an opening that has ended. If another tab saved first
    /// (possible only without Web Locks), the change is made again on what it stored. Other
    /// tabs are told at once of a `Told::Now` change; a sync's own steps (`Told::AfterSync`)
    /// are told once when it ends, not once per pull page.
    async fn update<R: 'static>(
        self,
        ticket: Ticket,
        told: Told,
        change: impl Fn(&mut Replica) -> Result<R, ChangeError> + 'static,
    ) -> Result<R, ChangeError> {
        // The value of the run that was stored (a retry runs the change again).
        let result = Rc::new(RefCell::new(None));
        let slot = result.clone();
        let change: ReplicaChange = Box::new(move |replica| {
            *slot.borrow_mut() = Some(change(replica)?);
            Ok(())
        });
        self.store_change(ticket, told, change).await?;
        Ok(result.take().expect("a stored change has run"))
    }

    /// [`Self::update`]'s work, compiled once for every kind of change.
    async fn store_change(self, ticket: Ticket, told: Told, change: ReplicaChange) -> Result<(), ChangeError> {
        let user = ticket.user;
        lock::exclusive(&format!("kompeten-state-{user}"), async move {
            loop {
                if !self.is_current(ticket) {
                    return Err(ChangeError::SignedOut);
                }
                let stored = store::revision(user).await?;
                // Another tab stored a newer one: start from that, at the revision it was read at.
                let (base, newer) = match stored != self.revision.get_value() {
                    true => match store::load(user).await? {
                        Some((revision, replica)) => (revision, Some(replica)),
                        None => (stored, None),
                    },
                    false => (stored, None),
                };
                let mut replica = newer
                    .or_else(|| self.replica.get_untracked().filter(|r| r.actor.id == user))
                    .ok_or(ChangeError::SignedOut)?;
                if !self.is_current(ticket) {
                    return Err(ChangeError::SignedOut);
                }
                if let Some(actor) = self.actor.get_value() {
                    replica.actor = actor;
                }
                change(&mut replica)?;
                let revision = match store::save(&replica, base).await? {
                    store::Saved::As(revision) => revision,
                    store::Saved::Moved => continue,
                };
                // Stored for its user either way; shown only if the page still belongs to them.
                if !self.is_current(ticket) {
                    return Err(ChangeError::SignedOut);
                }
                self.revision.set_value(revision);
                self.replica.set(Some(replica));
                match told {
                    Told::Now => tell_other_tabs(&format!("changed:{user}")),
                    Told::AfterSync => self.untold.set_value(true),
                }
                return Ok(());
            }
        })
        .await
    }

    /// Loads the stored replica if another tab stored a newer one.
    async fn reload(self) {
        let Some(ticket) = self.ticket() else { return };
        let user = ticket.user;
        lock::exclusive(&format!("kompeten-state-{user}"), async move {
            let Ok(stored) = store::revision(user).await else { return };
            if stored <= self.revision.get_value() {
                return;
            }
            if let Ok(Some((revision, mut replica))) = store::load(user).await
                && self.is_current(ticket)
                && revision > self.revision.get_value()
            {
                if let Some(actor) = self.actor.get_value() {
                    replica.actor = actor;
                }
                self.revision.set_value(revision);
                self.replica.set(Some(replica));
            }
        })
        .await;
    }

    /// Starts a sync now (or right after the one running).
    pub fn sync_soon(self) {
        spawn_local(self.sync());
    }

    /// The network is back, the tab is visible again, or another tab says the session may be:
    /// if the session was over, ask whether it is back; then sync.
    pub fn wake(self) {
        if self.paused() {
            spawn_local(self.check_session());
        } else {
            self.sync_soon();
        }
    }

    /// The server says the session of the user this page opened from its store is over (found at
    /// start-up): their work goes on, and sync waits until they sign in again, as when a session
    /// ends while offline.
    pub fn session_expired(self) {
        self.problem.set(Some(Problem::SessionExpired));
        schedule(EXPIRED_CHECK, move || spawn_local(self.check_session()));
    }

    /// While the session is over: is this user signed in again (in another tab)? Then sync.
    async fn check_session(self) {
        let Some(ticket) = self.ticket() else { return };
        match api::me().await {
            Ok(profile) if profile.id == ticket.user && self.is_current(ticket) => {
                self.bump_session_gen();
                self.problem.set(None);
                self.sync_soon();
            }
            _ if self.is_current(ticket) => schedule(EXPIRED_CHECK, move || spawn_local(self.check_session())),
            _ => {}
        }
    }

    async fn sync(self) {
        let Some(ticket) = self.ticket() else { return };
        if self.paused() {
            return;
        }
        if self.syncing.get_untracked() {
            self.again.set_value(true);
            return;
        }
        cancel_timer();
        let session_gen = self.session_gen.get_value();
        self.syncing.set(true);
        self.received.set(0);
        let result = lock::if_free(&format!("kompeten-sync-{}", ticket.user), self.push_and_pull(ticket)).await;
        if std::mem::take(&mut *self.untold.write_value()) {
            tell_other_tabs(&format!("changed:{}", ticket.user));
        }
        self.syncing.set(false);
        let again = std::mem::take(&mut *self.again.write_value());
        if !self.is_current(ticket) {
            // Signed out, or someone else signed in, meanwhile: this result is not theirs.
            if again {
                self.sync_soon();
            }
            return;
        }
        if self.session_gen.get_value() != session_gen {
            // What is known about the session changed while this sync ran: its answer is stale.
            if self.paused() {
                schedule(EXPIRED_CHECK, move || spawn_local(self.check_session()));
            } else {
                self.sync_soon();
            }
            return;
        }
        let next = match result {
            None => OTHER_TAB_RETRY,
            Some(Ok(())) => {
                self.online.set(true);
                self.problem.set(None);
                // Whole milliseconds: a float would bring float formatting and parsing into the bundle.
                let now = js_sys::Date::now() as u64;
                self.last_sync_ms.set(Some(now));
                let _ = store::set_last_sync(ticket.user, now).await;
                self.failures.set_value(0);
                HEALTHY_INTERVAL
            }
            Some(Err(error @ (SyncError::Expired | SyncError::OtherUser))) => {
                self.online.set(true);
                let problem = if matches!(error, SyncError::Expired) { Problem::SessionExpired } else { Problem::OtherUserSignedIn };
                self.problem.set(Some(problem));
                schedule(EXPIRED_CHECK, move || spawn_local(self.check_session()));
                return;
            }
            Some(Err(error)) => {
                match error {
                    SyncError::Unreachable => self.online.set(false),
                    SyncError::Storage(detail) => self.problem.set(Some(Problem::Storage(detail))),
                    SyncError::Server(detail) => self.problem.set(Some(Problem::Server(detail))),
                    SyncError::Ended | SyncError::Expired | SyncError::OtherUser => {}
                }
                let failures = self.failures.get_value() + 1;
                self.failures.set_value(failures);
                (FIRST_RETRY * 2u32.saturating_pow(failures.min(8) - 1)).min(LONGEST_RETRY)
            }
        };
        if again {
            self.sync_soon();
        } else {
            schedule(next, move || self.sync_soon());
        }
    }

    /// Reads the ticket's replica, if that opening is still current.
    fn read<R>(self, ticket: Ticket, read: impl FnOnce(&Replica) -> R) -> Result<R, SyncError> {
        if !self.is_current(ticket) {
            return Err(SyncError::Ended);
        }
        self.replica
            .with_untracked(|r| r.as_ref().filter(|r| r.actor.id == ticket.user).map(read))
            .ok_or(SyncError::Ended)
    }

    /// Pushes the ticket's user's outbox oldest first, then pulls every page.
    async fn push_and_pull(self, ticket: Ticket) -> Result<(), SyncError> {
        self.reload().await;
        loop {
            let batch = self.read(ticket, |r| r.to_push(PUSH_BATCH))?;
            if batch.is_empty() {
                break;
            }
            let request = PushRequest { commands: batch };
            let response = match api::push(&request).await {
                Ok(response) => response,
                // The server cannot read the batch at all (an app older or newer than it): send
                // the commands one at a time, and list any it cannot read under "Perlu perhatian"
                // so that they neither hold up the rest nor get lost.
                Err(ClientError::Api(ApiError::BadRequest { .. })) => {
                    self.push_one_by_one(ticket, request.commands).await?;
                    continue;
                }
                Err(error) => return Err(error.into()),
            };
            let pushed: HashSet<CommandId> = request.commands.iter().map(|envelope| envelope.command_id).collect();
            let left = self
                .update(ticket, Told::AfterSync, move |replica| {
                    replica.settle(&response.results);
                    Ok(replica.outbox().iter().any(|envelope| pushed.contains(&envelope.command_id)))
                })
                .await?;
            // Every command sent is answered: one left over would be sent again at once, for ever.
            if left {
                return Err(SyncError::Server("the server left commands of a push unanswered".into()));
            }
        }
        // Pages received are stored together, at the end and, on the way, with the first page to
        // come `STORE_PAGES_EVERY_MS` after the last store: the replica is one stored value, so storing it for every page made a large
        // first pull (HR's, of a whole agency) quadratic. The cursor is stored with the records
        // it covers, so pages received but not yet stored are simply asked for again after a
        // reload.
        let mut cursor = self.read(ticket, |r| r.cursor().map(str::to_owned))?;
        let mut received: Vec<PullResponse> = Vec::new();
        let mut stored_at = js_sys::Date::now();
        loop {
            if !self.is_current(ticket) {
                return Err(SyncError::Ended);
            }
            let size = self.pull_page.get_value();
            let page = match api::pull(ticket.user, cursor.as_deref(), size).await {
                Ok(page) => {
                    self.pull_page.set_value((size * 2).min(PULL_PAGE));
                    page
                }
                Err(error) => {
                    if matches!(error, ClientError::Unreachable) {
                        self.pull_page.set_value((size / 2).max(SMALLEST_PULL_PAGE));
                    }
                    // What did arrive is kept.
                    self.store_pages(ticket, received).await?;
                    return Err(error.into());
                }
            };
            self.received.update(|count| *count += page.changes.len());
            cursor = page.next_cursor().map(str::to_owned);
            let more = page.continues();
            received.push(page);
            if !more || js_sys::Date::now() - stored_at >= STORE_PAGES_EVERY_MS {
                self.store_pages(ticket, std::mem::take(&mut received)).await?;
                stored_at = js_sys::Date::now();
            }
            if !more {
                return Ok(());
            }
        }
    }

    /// Applies pull pages, in the order received, and stores the result.
    async fn store_pages(self, ticket: Ticket, pages: Vec<PullResponse>) -> Result<(), SyncError> {
        if pages.is_empty() {
            return Ok(());
        }
        self.update(ticket, Told::AfterSync, move |replica| {
            for page in pages.iter().cloned() {
                replica.apply_pull(page);
            }
            Ok(())
        })
        .await?;
        Ok(())
    }

    async fn push_one_by_one(self, ticket: Ticket, batch: Vec<shared::command::CommandEnvelope>) -> Result<(), SyncError> {
        for envelope in batch {
            let command_id = envelope.command_id;
            match api::push(&PushRequest { commands: vec![envelope] }).await {
                Ok(response) => {
                    let left = self
                        .update(ticket, Told::AfterSync, move |replica| {
                            replica.settle(&response.results);
                            Ok(replica.outbox().iter().any(|envelope| envelope.command_id == command_id))
                        })
                        .await?;
                    if left {
                        return Err(SyncError::Server("the server left a pushed command unanswered".into()));
                    }
                }
                Err(ClientError::Api(ApiError::BadRequest { .. })) => {
                    let rejection = Rejection::Invalid { reason: shared::command::InvalidReason::Unreadable };
                    self.update(ticket, Told::AfterSync, move |replica| {
                        replica.refuse(command_id, rejection.clone());
                        Ok(())
                    })
                    .await?
                }
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }

    /// Other tabs say when they stored something (show it here too) and when someone signed in
    /// or out (this page's session may have changed with it).
    fn listen_to_other_tabs(self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
        let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let Some(message) = event.data().as_string() else { return };
            let Some(user) = self.ticket().map(|t| t.user.to_string()) else { return };
            if message == format!("changed:{user}") {
                spawn_local(self.reload());
            } else if message == format!("signed-in:{user}") {
                self.bump_session_gen();
                self.wake();
            } else if message == "signed-out" || message.starts_with("signed-in:") {
                // The browser's session is someone else's now, or nobody's: this page's user must
                // sign in again before anything more is sent. Their work here goes on meanwhile.
                self.bump_session_gen();
                let problem = if message == "signed-out" { Problem::SessionExpired } else { Problem::OtherUserSignedIn };
                self.problem.set(Some(problem));
                schedule(EXPIRED_CHECK, move || spawn_local(self.check_session()));
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        CHANNEL_HANDLE.with(|handle| *handle.borrow_mut() = Some(channel));
        let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                self.wake();
            }
        });
        std::mem::forget(on_visible);
    }
}

fn tell_other_tabs(message: &str) {
    CHANNEL_HANDLE.with(|handle| {
        if let Some(channel) = handle.borrow().as_ref() {
            let _ = channel.post_message(&message.into());
        }
    });
}

/// Sets the engine's one wake-up (replacing any other). `run` must only start work (spawn), so
/// that replacing the timer from within that work never drops a running callback.
fn schedule(after: Duration, run: impl FnOnce() + 'static) {
    let millis = u32::try_from(after.as_millis()).unwrap_or(u32::MAX);
    let timeout = gloo_timers::callback::Timeout::new(millis, run);
    // The previous one, if any, is cancelled (and its callback freed) as it is dropped.
    TIMER.with(|timer| timer.replace(Some(timeout)));
}

fn cancel_timer() {
    TIMER.with(|timer| timer.take());
}
