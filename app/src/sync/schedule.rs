//! Syncing on its own: at start, on the browser's `online` event, soon after each change, every
//! minute, and after a failure with backoff. One tab syncs at a time (Web Lock
//! `kompeten-sync-<user>`). What a round does (push the outbox in batches, take the answers, pull
//! every page) is decided by `shared::sync::run::Round`, the loop the tests' client runs too;
//! this module is its transport (the API) and its store (each step stored as it comes).

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ApiError;
use shared::sync::PushRequest;
use shared::sync::run::{HEALTHY_INTERVAL, OTHER_TAB_RETRY, Round, Step, retry_after};

use super::changes::Told;
use super::state::{ChangeError, Problem, SyncState, Ticket};
use super::{device, lock, tabs};
use crate::api::{self, ClientError};

/// While the session is over, ask the server now and then whether it is back (signed in again
/// from another tab).
pub(super) const EXPIRED_CHECK: Duration = Duration::from_secs(60);

thread_local! {
    /// The one pending wake-up of this page's engine (a sync, or a session check).
    static TIMER: RefCell<Option<gloo_timers::callback::Timeout>> = const { RefCell::new(None) };
}

/// Why a round stopped.
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
            ChangeError::SignedOut | ChangeError::Refused(_) | ChangeError::Diverged(_) => SyncError::Ended,
        }
    }
}

impl SyncState {
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
    pub(super) async fn check_session(self) {
        let Some(ticket) = self.ticket() else { return };
        match api::session().await {
            Ok(Some(profile)) if profile.id == ticket.user && self.is_current(ticket) => {
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
        // The user's others' records are still loading: loading starts the first sync.
        if self.paused() || !self.loaded.get_untracked() {
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
        let result = lock::if_free(&format!("kompeten-sync-{}", ticket.user), self.round(ticket)).await;
        if std::mem::take(&mut *self.untold.write_value()) {
            tabs::tell_other_tabs(&format!("changed:{}", ticket.user));
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
                let _ = device::set_last_sync(ticket.user, now).await;
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
                retry_after(failures)
            }
        };
        if again {
            self.sync_soon();
        } else {
            schedule(next, move || self.sync_soon());
        }
    }

    /// The next step of `round`, decided on the ticket's replica if that opening is current.
    fn next_step(self, ticket: Ticket, round: &mut Round) -> Result<Step, SyncError> {
        if !self.is_current(ticket) {
            return Err(SyncError::Ended);
        }
        self.replica
            .with_untracked(|r| r.as_ref().filter(|r| r.actor.id == ticket.user).map(|r| round.next(r)))
            .ok_or(SyncError::Ended)
    }

    /// One round for the ticket's user, each step's result stored before the next step.
    async fn round(self, ticket: Ticket) -> Result<(), SyncError> {
        // Whatever another tab stored goes first.
        self.reload().await;
        let round = std::rc::Rc::new(RefCell::new(Round::new(self.pull_page.get_value())));
        let result = self.steps(ticket, &round).await;
        self.pull_page.set_value(round.borrow().page_size());
        result
    }

    async fn steps(self, ticket: Ticket, round: &std::rc::Rc<RefCell<Round>>) -> Result<(), SyncError> {
        loop {
            let step = self.next_step(ticket, &mut round.borrow_mut())?;
            match step {
                Step::Done => return Ok(()),
                Step::Push(batch) => {
                    let request = PushRequest { commands: batch };
                    match api::push(&request).await {
                        Ok(response) => {
                            let round = round.clone();
                            let sent = request.commands;
                            let answered = self.update(ticket, Told::AfterSync, move |replica| Ok(round.borrow_mut().pushed(replica, &sent, &response))).await?;
                            // Every command sent is answered: one left over would be sent again at
                            // once, for ever.
                            if answered.is_err() {
                                return Err(SyncError::Server("the server left commands of a push unanswered".into()));
                            }
                        }
                        // The server cannot read the batch at all (an app older or newer than it).
                        Err(ClientError::Api(ApiError::BadRequest { .. })) => {
                            let round = round.clone();
                            let sent = request.commands;
                            self.update(ticket, Told::AfterSync, move |replica| {
                                round.borrow_mut().unreadable(replica, sent.clone());
                                Ok(())
                            })
                            .await?;
                        }
                        Err(error) => return Err(error.into()),
                    }
                }
                Step::Pull { cursor, limit } => {
                    let page = match api::pull(ticket.user, cursor.as_deref(), limit).await {
                        Ok(page) => page,
                        Err(error) => {
                            if matches!(error, ClientError::Unreachable) {
                                round.borrow_mut().pull_unanswered();
                            }
                            return Err(error.into());
                        }
                    };
                    self.received.update(|count| *count += page.changes.len());
                    // Each page stored as it comes (only its records and the cursor are written).
                    let round = round.clone();
                    self.update(ticket, Told::AfterSync, move |replica| {
                        round.borrow_mut().pulled(replica, page.clone());
                        Ok(())
                    })
                    .await?;
                }
            }
        }
    }
}

/// Sets the engine's one wake-up (replacing any other). `run` must only start work (spawn), so
/// that replacing the timer from within that work never drops a running callback.
pub(super) fn schedule(after: Duration, run: impl FnOnce() + 'static) {
    let millis = u32::try_from(after.as_millis()).unwrap_or(u32::MAX);
    let timeout = gloo_timers::callback::Timeout::new(millis, run);
    // The previous one, if any, is cancelled (and its callback freed) as it is dropped.
    TIMER.with(|timer| timer.replace(Some(timeout)));
}

pub(super) fn cancel_timer() {
    TIMER.with(|timer| timer.take());
}
