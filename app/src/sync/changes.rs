//! Making changes: each is checked by the rules, applied to the replica in memory, stored (only
//! the keys it touched, with its outbox entry, in one transaction) and only then shown. Other
//! tabs are told, and follow what was stored key by key.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use shared::ids::CommandId;
use shared::kinds::{Command, Prefer, Record};
use shared::sync::replica::{EditError, Queued, Replica};

use super::idb::StoreError;
use super::opening::state_lock;
use super::persist::{self, Saved, Since};
use super::state::{ChangeError, SyncState, Ticket};
use super::{lock, tabs};

/// When other tabs hear of a stored change.
#[derive(Clone, Copy)]
pub(super) enum Told {
    Now,
    AfterSync,
}

/// A change to a replica, run again if it could not be stored as made.
type ReplicaChange = Box<dyn Fn(&mut Replica) -> Result<(), ChangeError>>;

/// How a change made from a form went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edited {
    /// Saved as the form said.
    AsIs,
    /// The record had changed meanwhile (another tab or device): saved with the form's changes
    /// applied to it, keeping what only the other side changed.
    Merged,
}

impl SyncState {
    /// Makes a change: checks it with the rules, stores it with its outbox entry, shows it, and
    /// sends it soon.
    pub async fn change(self, command: Command) -> Result<(), ChangeError> {
        let ticket = self.ticket().ok_or(ChangeError::SignedOut)?;
        let command_id = CommandId(crate::new_uuid());
        let now_ms = js_sys::Date::now() as i64;
        self.update(ticket, Told::Now, move |replica| replica.queue(command.clone(), command_id, now_ms).map(drop).map_err(ChangeError::Refused)).await?;
        self.sync_soon();
        Ok(())
    }

    /// Makes a change from a form that showed `form_base` (the record when the form was opened;
    /// `None` for a new one). If the record changed since, the form's changes are merged into
    /// it; where both changed a field, the user's `prefer`ence decides, or, with none, the change
    /// is not made and the fields are returned ([`ChangeError::Diverged`]). Never overwrites
    /// silently.
    pub async fn edit(self, command: Command, form_base: Option<Record>, prefer: Option<Prefer>) -> Result<Edited, ChangeError> {
        let ticket = self.ticket().ok_or(ChangeError::SignedOut)?;
        let command_id = CommandId(crate::new_uuid());
        let now_ms = js_sys::Date::now() as i64;
        let edited = self
            .update(ticket, Told::Now, move |replica| match replica.queue_edit(command.clone(), form_base.as_ref(), prefer, command_id, now_ms) {
                Ok(Queued::AsIs(_)) => Ok(Edited::AsIs),
                Ok(Queued::Merged(_)) => Ok(Edited::Merged),
                Err(EditError::Refused(rejection)) => Err(ChangeError::Refused(rejection)),
                Err(EditError::Diverged(fields)) => Err(ChangeError::Diverged(fields)),
            })
            .await?;
        self.sync_soon();
        Ok(edited)
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

    /// Changes the ticket's user's replica under the lock, after catching up with what another
    /// tab stored, and stores what changed before the screens hear of it. Nothing is shown that
    /// was not stored, and nothing is done for an opening that has ended. Other tabs are told at
    /// once of a `Told::Now` change; a sync's own steps (`Told::AfterSync`) are told once when it
    /// ends, not once per pull page.
    pub(super) async fn update<R: 'static>(
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
        lock::exclusive(&state_lock(ticket.user), async move {
            loop {
                if !self.is_current(ticket) {
                    return Err(ChangeError::SignedOut);
                }
                let (stored, mine) = (persist::revision(ticket.user).await?, self.revision.get_value());
                // Revisions only go up, unless another tab removed the user's data from this
                // device (signed out of it): there is nothing left to change, and no catching up.
                if stored < mine {
                    return Err(ChangeError::SignedOut);
                }
                // Another tab stored something since: take it first.
                if stored != mine {
                    self.catch_up(ticket).await?;
                    continue;
                }
                // Made in place, unannounced, and announced once stored.
                let made = self
                    .replica
                    .try_update_untracked(|replica| {
                        let replica = replica.as_mut().filter(|r| r.actor.id == ticket.user).ok_or(ChangeError::SignedOut)?;
                        if let Some(actor) = self.actor.get_value() {
                            replica.actor = actor;
                        }
                        change(replica)?;
                        let changes = replica.take_changes();
                        Ok::<_, ChangeError>((!changes.is_empty()).then(|| persist::prepare(replica, &changes)).transpose()?)
                    })
                    .unwrap_or(Err(ChangeError::SignedOut))?;
                let Some(prepared) = made else { return Ok(()) };
                match persist::save(prepared, self.revision.get_value()).await {
                    Ok(Saved::As(revision)) => {
                        self.revision.set_value(revision);
                        // Stored for its user either way; shown only if the page still belongs to them.
                        if !self.is_current(ticket) {
                            return Err(ChangeError::SignedOut);
                        }
                        self.replica.notify();
                        match told {
                            Told::Now => tabs::tell_other_tabs(&format!("changed:{}", ticket.user)),
                            Told::AfterSync => self.untold.set_value(true),
                        }
                        return Ok(());
                    }
                    // Not stored: the replica in memory is ahead of the device; it is read again
                    // from what is stored, and (for a tab that saved first) the change made again.
                    Ok(Saved::Moved) => {
                        self.reopen(ticket).await?;
                    }
                    Err(error) => {
                        self.reopen(ticket).await?;
                        return Err(error.into());
                    }
                }
            }
        })
        .await
    }

    /// Takes what other tabs stored since this one's revision (the lock held by the caller).
    pub(super) async fn catch_up(self, ticket: Ticket) -> Result<(), StoreError> {
        self.catch_up_from(ticket, self.revision.get_value()).await
    }

    /// Takes what was stored after revision `since` (read back from the store, so taking again
    /// what this tab has already changes nothing).
    pub(super) async fn catch_up_from(self, ticket: Ticket, since: u64) -> Result<(), StoreError> {
        match persist::stored_since(ticket.user, since).await? {
            Since::Current => Ok(()),
            Since::Changed(revision, stored) if self.is_current(ticket) => {
                self.replica.update(|replica| {
                    if let Some(replica) = replica.as_mut().filter(|r| r.actor.id == ticket.user) {
                        replica.apply_stored(stored);
                    }
                });
                self.revision.set_value(revision);
                Ok(())
            }
            Since::Changed(..) => Ok(()),
            // Too far behind for the journal: read it all again.
            Since::TooFarBehind => self.reopen(ticket).await,
        }
    }

    /// Reads the ticket's replica again, whole, from what is stored (the lock held by the caller).
    pub(super) async fn reopen(self, ticket: Ticket) -> Result<(), StoreError> {
        let Some((revision, mut replica)) = persist::open(ticket.user).await? else { return Ok(()) };
        let (records, people) = persist::load_rest(ticket.user, Box::new(|_| {})).await?;
        replica.add_stored(records);
        replica.add_people(people);
        if self.is_current(ticket) {
            if let Some(actor) = self.actor.get_value() {
                replica.actor = actor;
            }
            self.revision.set_value(revision);
            self.replica.set(Some(replica));
        }
        Ok(())
    }

    /// Another tab stored something: show it here too (once this tab's replica has loaded).
    pub(super) async fn reload(self) {
        let Some(ticket) = self.ticket() else { return };
        if !self.loaded.get_untracked() {
            return; // Loading catches up when it ends.
        }
        let _ = lock::exclusive(&state_lock(ticket.user), self.catch_up(ticket)).await;
    }
}
