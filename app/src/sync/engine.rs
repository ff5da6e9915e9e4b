//! The sync engine: it holds the signed-in user's replica for the screens, writes every change to
//! IndexedDB before showing it, and pushes and pulls by itself: when the app opens, when the
//! browser comes back online, soon after each change, and periodically (more slowly after each
//! failure). One tab syncs at a time; the others reload what it stored when it tells them to.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ApiError;
use shared::api::Profile;
use shared::command::{Actor, Command, Record, RecordId, Rejection, Subject};
use shared::ids::{CommandId, EmployeeId};
use shared::replica::Replica;
use shared::sync::PushRequest;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::lock;
use super::store::{self, StoreError};
use crate::api::{self, ClientError};

/// Commands per push, and changes per pull page.
const PUSH_BATCH: usize = 100;
const PULL_PAGE: usize = 500;
/// Sync this often while all is well (changes made elsewhere arrive this late at the latest).
const HEALTHY_INTERVAL: Duration = Duration::from_secs(60);
/// After a failure, retry after 2 s, then 4, 8, 16, and every 30 s from then on.
const FIRST_RETRY: Duration = Duration::from_secs(2);
const LONGEST_RETRY: Duration = Duration::from_secs(30);
const CHANNEL: &str = "kompeten-sync";

/// Something the user should know about sync, beyond online/offline.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The server ended the session: sync waits until the same user signs in again. Nothing
    /// stored on the device is lost meanwhile.
    SessionExpired,
    /// The device could not store data (IndexedDB refused).
    Storage(String),
    /// The server gave an answer the app does not understand.
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

enum SyncError {
    /// The user this sync was for is no longer signed in on this page.
    SignedOut,
    Unreachable,
    Expired,
    Storage(String),
    Server(String),
}

impl From<ClientError> for SyncError {
    fn from(error: ClientError) -> Self {
        match error {
            ClientError::Unreachable => SyncError::Unreachable,
            ClientError::Api(ApiError::Unauthenticated) => SyncError::Expired,
            ClientError::Api(error) => SyncError::Server(format!("{error:?}")),
            ClientError::Unexpected(detail) => SyncError::Server(detail),
        }
    }
}

impl From<ChangeError> for SyncError {
    fn from(error: ChangeError) -> Self {
        match error {
            ChangeError::Storage(detail) => SyncError::Storage(detail),
            ChangeError::SignedOut => SyncError::SignedOut,
            ChangeError::Refused(_) => SyncError::Server("refused".into()),
        }
    }
}

thread_local! {
    static TIMER: Cell<Option<TimeoutHandle>> = const { Cell::new(None) };
    static CHANNEL_HANDLE: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// The engine's state, as context: a copyable handle to signals.
#[derive(Clone, Copy, Debug)]
pub struct SyncState {
    replica: RwSignal<Option<Replica>>,
    /// The stored revision the in-memory replica matches.
    revision: StoredValue<u64>,
    /// What the user sees: pulled records with the pending commands replayed on top.
    pub view: Memo<BTreeMap<RecordId, Record>>,
    /// The ids of records with commands waiting to be sent.
    pub pending: Memo<HashSet<RecordId>>,
    /// The browser says it is online and the server answered last time.
    pub online: RwSignal<bool>,
    pub syncing: RwSignal<bool>,
    /// Records received so far in the running sync (progress for a large first pull).
    pub received: RwSignal<usize>,
    /// When the last sync finished well (ms since the epoch).
    pub last_sync_ms: RwSignal<Option<f64>>,
    pub problem: RwSignal<Option<Problem>>,
    failures: StoredValue<u32>,
    /// A change came while a sync was running: sync again when it ends.
    again: StoredValue<bool>,
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
        let online = window().navigator().on_line();
        let state = SyncState {
            replica,
            revision: StoredValue::new(0),
            view,
            pending,
            online: RwSignal::new(online),
            syncing: RwSignal::new(false),
            received: RwSignal::new(0),
            last_sync_ms: RwSignal::new(None),
            problem: RwSignal::new(None),
            failures: StoredValue::new(0),
            again: StoredValue::new(false),
        };
        provide_context(state);
        let on_online = window_event_listener(leptos::ev::online, move |_| {
            state.online.set(true);
            state.sync_soon();
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

    fn user(self) -> Option<EmployeeId> {
        self.replica.with_untracked(|replica| replica.as_ref().map(|r| r.actor.id))
    }

    /// Opens `profile`'s replica (from IndexedDB, or a new one) and syncs it.
    pub async fn open(self, profile: &Profile) -> Result<(), StoreError> {
        let actor = Actor { id: profile.id, hr_admin: profile.roles.contains(&shared::domain::Role::HrAdmin) };
        let replica = match store::load(profile.id).await? {
            Some((revision, mut replica)) => {
                self.revision.set_value(revision);
                // The role may have changed since (HR granted or revoked).
                replica.actor = actor;
                replica
            }
            None => {
                self.revision.set_value(0);
                let subject = Subject {
                    employee: profile.id,
                    supervisor: profile.supervisor.as_ref().map(|s| s.id),
                    standard: profile.standard.iter().map(|line| line.competency).collect(),
                };
                Replica::new(actor, store::device_id().await?, subject)
            }
        };
        store::set_current_profile(Some(profile)).await?;
        self.last_sync_ms.set(store::last_sync(profile.id).await?);
        self.replica.set(Some(replica));
        self.problem.set(None);
        self.failures.set_value(0);
        self.sync_soon();
        Ok(())
    }

    /// Forgets the signed-in user on this page (signing out). Their stored replica stays: its
    /// outbox is sent the next time they sign in.
    pub async fn close(self) {
        cancel_timer();
        self.replica.set(None);
        self.last_sync_ms.set(None);
        self.problem.set(None);
        let _ = store::set_current_profile(None).await;
    }

    /// Stops work for the open user on this page (another session is about to begin); `open`
    /// starts it again.
    pub fn suspend(self) {
        cancel_timer();
        self.replica.set(None);
    }

    /// Makes a change: checks it with the rules, stores it with its outbox entry, shows it, and
    /// sends it soon.
    pub async fn change(self, command: Command) -> Result<(), ChangeError> {
        let user = self.user().ok_or(ChangeError::SignedOut)?;
        let command_id = CommandId(crate::random_uuid());
        let now_ms = js_sys::Date::now() as i64;
        self.update(user, move |replica| replica.queue(command, command_id, now_ms).map(drop).map_err(ChangeError::Refused))
            .await?;
        self.sync_soon();
        Ok(())
    }

    /// Gives up a refused command (the user chose to).
    pub async fn discard(self, command_id: CommandId) -> Result<(), ChangeError> {
        let user = self.user().ok_or(ChangeError::SignedOut)?;
        self.update(user, move |replica| {
            replica.discard(command_id);
            Ok(())
        })
        .await
    }

    /// Changes `user`'s stored replica under the lock, starting from what is stored (another tab
    /// may have changed it), and shows the result. Nothing is shown that was not stored, and
    /// nothing is done once another user is signed in on this page (work begun for the previous
    /// user stops; what the server already applied is settled by a replay next time).
    async fn update<R: 'static>(
        self,
        user: EmployeeId,
        change: impl FnOnce(&mut Replica) -> Result<R, ChangeError> + 'static,
    ) -> Result<R, ChangeError> {
        lock::exclusive(&format!("kompeten-state-{user}"), async move {
            if self.user() != Some(user) {
                return Err(ChangeError::SignedOut);
            }
            let stored = store::revision(user).await?;
            let mut replica = match stored != self.revision.get_value() {
                true => store::load(user).await?.map(|(_, replica)| replica),
                false => None,
            }
            .or_else(|| self.replica.get_untracked())
            .ok_or(ChangeError::SignedOut)?;
            let result = change(&mut replica)?;
            // Signed out (or another user signed in) meanwhile: store nothing under the old name.
            if self.user() != Some(user) {
                return Err(ChangeError::SignedOut);
            }
            store::save(&replica, stored + 1).await?;
            self.revision.set_value(stored + 1);
            self.replica.set(Some(replica));
            tell_other_tabs(user);
            Ok(result)
        })
        .await
    }

    /// Loads the stored replica if another tab changed it.
    async fn reload(self) {
        let Some(user) = self.user() else { return };
        if let Ok(stored) = store::revision(user).await
            && stored != self.revision.get_value()
            && let Ok(Some((revision, replica))) = store::load(user).await
            && self.user() == Some(user)
        {
            self.revision.set_value(revision);
            self.replica.set(Some(replica));
        }
    }

    /// Starts a sync now (or right after the one running).
    pub fn sync_soon(self) {
        spawn_local(self.sync());
    }

    async fn sync(self) {
        let Some(user) = self.user() else { return };
        if self.problem.get_untracked() == Some(Problem::SessionExpired) {
            return;
        }
        if self.syncing.get_untracked() {
            self.again.set_value(true);
            return;
        }
        cancel_timer();
        self.syncing.set(true);
        self.received.set(0);
        let result = lock::if_free(&format!("kompeten-sync-{user}"), self.push_and_pull(user)).await;
        self.syncing.set(false);
        if self.user() != Some(user) {
            // Signed out (or someone else signed in) meanwhile: this result is not theirs.
            if std::mem::take(&mut *self.again.write_value()) {
                self.sync_soon();
            }
            return;
        }
        let next = match result {
            // Another tab is syncing; it will tell this one what it stored.
            None => HEALTHY_INTERVAL,
            Some(Ok(())) => {
                self.online.set(true);
                self.problem.set(None);
                let now = js_sys::Date::now();
                self.last_sync_ms.set(Some(now));
                let _ = store::set_last_sync(user, now).await;
                self.failures.set_value(0);
                HEALTHY_INTERVAL
            }
            Some(Err(error)) => {
                match error {
                    SyncError::Unreachable => self.online.set(false),
                    SyncError::Expired => {
                        self.online.set(true);
                        self.problem.set(Some(Problem::SessionExpired));
                        return;
                    }
                    SyncError::SignedOut => return,
                    SyncError::Storage(detail) => self.problem.set(Some(Problem::Storage(detail))),
                    SyncError::Server(detail) => self.problem.set(Some(Problem::Server(detail))),
                }
                let failures = self.failures.get_value() + 1;
                self.failures.set_value(failures);
                (FIRST_RETRY * 2u32.saturating_pow(failures - 1)).min(LONGEST_RETRY)
            }
        };
        if std::mem::take(&mut *self.again.write_value()) {
            self.sync_soon();
        } else if self.user() == Some(user) {
            schedule(next, move || self.sync_soon());
        }
    }

    /// Reads `user`'s replica, if it is the one open.
    fn read<R>(self, user: EmployeeId, read: impl FnOnce(&Replica) -> R) -> Result<R, SyncError> {
        self.replica
            .with_untracked(|r| r.as_ref().filter(|r| r.actor.id == user).map(read))
            .ok_or(SyncError::SignedOut)
    }

    /// Pushes `user`'s outbox oldest first, then pulls every page.
    async fn push_and_pull(self, user: EmployeeId) -> Result<(), SyncError> {
        self.reload().await;
        loop {
            let batch = self.read(user, |r| r.to_push(PUSH_BATCH))?;
            if batch.is_empty() {
                break;
            }
            let response = api::push(&PushRequest { commands: batch }).await?;
            self.update(user, move |replica| {
                replica.settle(&response.results);
                Ok(())
            })
            .await?;
        }
        loop {
            let cursor = self.read(user, |r| r.cursor().map(str::to_owned))?;
            let page = api::pull(cursor.as_deref(), PULL_PAGE).await?;
            let received = page.changes.len();
            let more = self.update(user, move |replica| Ok(replica.apply_pull(page))).await?;
            self.received.update(|count| *count += received);
            if !more || self.user() != Some(user) {
                return Ok(());
            }
        }
    }

    /// Other tabs say when they stored something: show it here too.
    fn listen_to_other_tabs(self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
        let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            if event.data().as_string().is_some_and(|user| Some(user) == self.user().map(|u| u.to_string())) {
                spawn_local(self.reload());
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        CHANNEL_HANDLE.with(|handle| *handle.borrow_mut() = Some(channel));
    }
}

fn tell_other_tabs(user: EmployeeId) {
    CHANNEL_HANDLE.with(|handle| {
        if let Some(channel) = handle.borrow().as_ref() {
            let _ = channel.post_message(&user.to_string().into());
        }
    });
}

fn schedule(after: Duration, run: impl FnOnce() + 'static) {
    cancel_timer();
    if let Ok(handle) = set_timeout_with_handle(run, after) {
        TIMER.with(|timer| timer.set(Some(handle)));
    }
}

fn cancel_timer() {
    if let Some(handle) = TIMER.with(Cell::take) {
        handle.clear();
    }
}
