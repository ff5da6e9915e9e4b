//! Opening a user's replica on this page, and closing it. The user's own records, outbox and
//! reference data open the app (what the first screen needs, whatever the size of the agency);
//! the others' records (the team's, HR's queue) load after, a chunk at a time, while the user
//! works. Sync waits until they are in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::Profile;
use shared::command::{Actor, Subject};
use shared::sync::replica::Replica;

use super::idb::StoreError;
use super::schedule::{EXPIRED_CHECK, cancel_timer, schedule};
use super::state::{SyncState, Ticket};
use super::{device, lock, persist};

pub(super) fn state_lock(user: shared::ids::EmployeeId) -> String {
    format!("kompeten-state-{user}")
}

impl SyncState {
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
        self.loaded.set(false);
        self.loading.set(0);
        self.actor.set_value(Some(actor));
        let ticket = Ticket { user: profile.id, epoch };
        let profile = profile.clone();
        // Loaded and shown under the replica's lock: a sync woken meanwhile (the network came
        // back, the tab became visible) waits for it, and cannot store a newer revision that this
        // opening would then cover with the older one it loaded.
        let opened = lock::exclusive(&state_lock(profile.id), async move {
            let (revision, mut replica, stored) = match persist::open(profile.id).await? {
                Some((revision, replica)) => (revision, replica, true),
                None => {
                    let subject = Subject {
                        employee: profile.id,
                        supervisor: profile.supervisor.as_ref().map(|s| s.id),
                        standard: profile.standard.iter().map(|line| line.competency).collect(),
                    };
                    (0, Replica::new(actor, device::device_id().await?, subject), false)
                }
            };
            let last_sync = device::last_sync(profile.id).await?;
            if !self.is_current(ticket) {
                return Ok(None);
            }
            // An unconfirmed opening comes from the profile stored already.
            if confirmed {
                device::set_current_profile(Some(&profile)).await?;
                if !self.is_current(ticket) {
                    return Ok(None);
                }
            }
            // The roles as they are now (HR granted or revoked since, or confirmed meanwhile).
            replica.actor = self.actor.get_value().unwrap_or(actor);
            self.revision.set_value(revision);
            self.last_sync_ms.set(last_sync);
            self.replica.set(Some(replica));
            Ok::<_, StoreError>(Some(stored))
        })
        .await;
        let stored = match opened {
            Ok(Some(stored)) => stored,
            Ok(None) => return Ok(()),
            Err(error) => {
                // The next `open` of this user tries again.
                if self.is_current(ticket) {
                    self.actor.set_value(None);
                }
                return Err(error);
            }
        };
        if confirmed {
            self.problem.set(None);
        }
        self.failures.set_value(0);
        if stored {
            spawn_local(self.load_rest(ticket, self.revision.get_value()));
        } else {
            self.loaded.set(true);
            self.start_syncing();
        }
        Ok(())
    }

    /// Loads the others' records of the open replica (opened at revision `opened`), then lets
    /// sync begin.
    async fn load_rest(self, ticket: Ticket, opened: u64) {
        let loaded = persist::load_rest(
            ticket.user,
            Box::new(move |count| {
                if self.is_current(ticket) {
                    self.loading.set(count);
                }
            }),
        )
        .await;
        if !self.is_current(ticket) {
            return;
        }
        let merged = lock::exclusive(&state_lock(ticket.user), async move {
            let (records, people) = loaded?;
            if !self.is_current(ticket) {
                return Ok(());
            }
            // One update of the screens for all of them.
            self.replica.update(|replica| {
                if let Some(replica) = replica.as_mut().filter(|r| r.actor.id == ticket.user) {
                    replica.add_stored(records);
                    replica.add_people(people);
                }
            });
            // Chunks read while other tabs stored may be older than what they stored: what was
            // stored since the opening is taken again (a removal among it, too).
            self.catch_up_from(ticket, opened).await
        })
        .await;
        match merged {
            Ok(()) if self.is_current(ticket) => {
                self.loaded.set(true);
                self.start_syncing();
            }
            Ok(()) => {}
            Err(error) => self.problem.set(Some(super::Problem::Storage(error.0))),
        }
    }

    fn start_syncing(self) {
        if self.paused() {
            schedule(EXPIRED_CHECK, move || spawn_local(self.check_session()));
        } else {
            self.sync_soon();
        }
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
        device::set_current_profile(Some(profile)).await?;
        self.bump_session_gen();
        self.problem.set(None);
        self.failures.set_value(0);
        if self.loaded.get_untracked() {
            self.sync_soon();
        }
        Ok(())
    }

    /// Forgets the signed-in user on this page (signing out). Their stored replica stays unless
    /// `remove` (a shared device, with nothing waiting to be sent): an outbox is never thrown away.
    pub async fn close(self, remove: bool) -> Result<(), StoreError> {
        let user = self.ticket().map(|t| t.user);
        self.suspend();
        self.problem.set(None);
        // Remembered outside IndexedDB too (see `device::set_current_profile`).
        let forgotten = device::set_current_profile(None).await;
        super::tabs::tell_other_tabs("signed-out");
        if let (true, Some(user)) = (remove, user) {
            lock::exclusive(&state_lock(user), async move {
                // Checked again under the lock: another tab may have queued something meanwhile.
                persist::remove_if_nothing_waits(user).await
            })
            .await?;
        }
        forgotten
    }

    /// Whether the open user has anything waiting to be sent or looked at (tracked).
    pub fn has_unsent(self) -> bool {
        self.with(|r| !r.outbox().is_empty() || !r.attention().is_empty()).unwrap_or(false)
    }

    /// Stops work for the open user on this page (another session is about to begin); `open`
    /// starts it again.
    pub fn suspend(self) {
        self.next_epoch();
        cancel_timer();
        self.actor.set_value(None);
        self.revision.set_value(0);
        self.replica.set(None);
        self.loaded.set(false);
        self.last_sync_ms.set(None);
    }

    /// Tells the other tabs that `user` has just signed in (their page may belong to someone
    /// else, whose session this replaced, or to the same user, whose session is back).
    pub fn announce_sign_in(self, user: shared::ids::EmployeeId) {
        super::tabs::tell_other_tabs(&format!("signed-in:{user}"));
    }
}
