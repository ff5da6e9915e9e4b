//! Who is signed in, as the app knows it. Provided once by `App` as context; pages read it and
//! change it through the methods here, never by setting the signal ad hoc. Signing in opens the
//! user's replica on this device (see `sync`); with no network, the app opens as whoever was last
//! signed in here, from the profile kept in IndexedDB.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::Profile;

use crate::api;
use crate::sync::SyncState;

/// What the app knows about the session.
#[derive(Clone, Debug, PartialEq)]
pub enum Session {
    /// Asking the server (the first moments after the app opens).
    Checking,
    SignedOut,
    SignedIn(Box<Profile>),
    /// The server could not be reached to ask, and nobody was signed in on this device.
    Unreachable,
}

/// The session as context: a copyable handle to its signal, to the sync engine it drives, and to
/// a generation that goes up with every change, so a late answer to an older question (a slow
/// `/me` from before a sign-in) is ignored.
#[derive(Clone, Copy, Debug)]
pub struct SessionState(RwSignal<Session>, SyncState, StoredValue<u64>);

impl SessionState {
    /// Creates the state, provides it as context and starts asking the server who is signed in.
    /// The sync engine must be provided first.
    pub fn provide() {
        let state = SessionState(RwSignal::new(Session::Checking), SyncState::get(), StoredValue::new(0));
        provide_context(state);
        state.refresh();
    }

    /// The state provided by `App`.
    pub fn get() -> SessionState {
        expect_context::<SessionState>()
    }

    /// Asks the server again who is signed in. Meanwhile the app opens as whoever last used this
    /// device, from what is stored on it: a connection that takes long to answer (or never does)
    /// does not keep the user from their work. The server's answer then confirms them, switches
    /// to another user, or signs them out.
    pub fn refresh(self) {
        self.0.set(Session::Checking);
        let asked = self.next_generation();
        spawn_local(async move {
            if let Some(profile) = crate::sync::last_profile().await
                && self.2.get_value() == asked
            {
                self.show(profile, false);
            }
        });
        spawn_local(async move {
            let answer = api::session().await;
            if self.2.get_value() != asked {
                return;
            }
            match answer {
                Ok(Some(profile)) => self.signed_in(profile),
                // Opened from this device's store meanwhile: the user may have been working for
                // a while, so nothing is taken away; they are asked to sign in again.
                Ok(None) if matches!(self.0.get_untracked(), Session::SignedIn(_)) => self.1.session_expired(),
                Ok(None) => self.signed_out(),
                // No answer, or not one from the API (a captive portal, a proxy's error page):
                // stay as whoever last used this device, as when offline.
                Err(_) if matches!(self.0.get_untracked(), Session::SignedIn(_)) => {}
                Err(_) => match crate::sync::last_profile().await {
                    Some(profile) => self.show(profile, false),
                    None => self.0.set(Session::Unreachable),
                },
            }
        });
    }

    /// The server says this user is signed in: show them, and open their data on this device.
    pub fn signed_in(self, profile: Profile) {
        self.open(profile, true);
    }

    /// Opens as `profile` without the server's word (offline): their data, their pending changes.
    pub fn open_unconfirmed(self, profile: Profile) {
        self.open(profile, false);
    }

    fn next_generation(self) -> u64 {
        self.2.update_value(|generation| *generation += 1);
        self.2.get_value()
    }

    fn open(self, profile: Profile, confirmed: bool) {
        // Whatever an earlier question to the server answers now is out of date.
        self.next_generation();
        self.show(profile, confirmed);
    }

    /// Opens `profile`'s data and shows them as signed in.
    fn show(self, profile: Profile, confirmed: bool) {
        // Someone is signed in for sure: what was typed into the static sign-in page (never
        // taken by a form) is let go, not left for the next person's form.
        if confirmed {
            crate::boot::forget_typed();
        }
        // With a one-time password the server answers nothing but the change of it: this user's
        // data opens once it is changed (the change answers the profile again).
        if !profile.must_change_password {
            let sync = self.1;
            let opened = profile.clone();
            spawn_local(async move {
                if let Err(error) = sync.open(&opened, confirmed).await {
                    sync.problem.set(Some(crate::sync::Problem::Storage(error.0)));
                }
            });
        }
        let next = Session::SignedIn(Box::new(profile));
        if self.0.with_untracked(|current| *current != next) {
            self.0.set(next);
        }
    }

    /// Signed out: this page forgets the user (their stored data stays on the device).
    pub fn signed_out(self) {
        self.next_generation();
        spawn_local(async move {
            let _ = self.1.close(false).await;
        });
        self.0.set(Session::SignedOut);
    }

    /// Signed out by the user, who may also ask to `remove` their data from this device (a shared
    /// one): it goes only if nothing waits to be sent. Err if it could not be removed (the sign-out
    /// stands either way).
    pub async fn sign_out_here(self, remove: bool) -> Result<(), crate::sync::StoreError> {
        crate::boot::forget_typed();
        remember_one_time_password(None);
        self.next_generation();
        self.0.set(Session::SignedOut);
        self.1.close(remove).await
    }

    /// The current state, tracked (re-runs the reader when it changes).
    pub fn current(self) -> Session {
        self.0.get()
    }

    /// The current state, untracked.
    pub fn current_untracked(self) -> Session {
        self.0.get_untracked()
    }

    /// The signed-in profile, tracked.
    pub fn profile(self) -> Option<Profile> {
        self.0.with(|session| match session {
            Session::SignedIn(profile) => Some((**profile).clone()),
            _ => None,
        })
    }
}

thread_local! {
    /// The one-time password just typed at sign-in, kept in this page's memory (never stored) for
    /// the form that replaces it, so the user is not asked to type it twice.
    static ONE_TIME_PASSWORD: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Keeps (or forgets, with `None`) the one-time password typed at sign-in.
pub fn remember_one_time_password(password: Option<String>) {
    ONE_TIME_PASSWORD.with(|kept| *kept.borrow_mut() = password);
}

/// The one-time password typed at sign-in in this page, if any.
pub fn one_time_password() -> Option<String> {
    ONE_TIME_PASSWORD.with(|kept| kept.borrow().clone())
}
