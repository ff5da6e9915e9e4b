//! Who is signed in, as the app knows it. Provided once by `App` as context; pages read it and
//! change it through the methods here, never by setting the signal ad hoc.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ApiError;
use shared::api::Profile;

use crate::api::{self, ClientError};

/// What the app knows about the session.
#[derive(Clone, Debug, PartialEq)]
pub enum Session {
    /// Asking the server (the first moments after the app opens).
    Checking,
    SignedOut,
    SignedIn(Box<Profile>),
    /// The server could not be reached to ask.
    Unreachable,
}

/// The session as context: a copyable handle to one signal.
#[derive(Clone, Copy, Debug)]
pub struct SessionState(RwSignal<Session>);

impl SessionState {
    /// Creates the state, provides it as context and starts asking the server who is signed in.
    pub fn provide() {
        let state = SessionState(RwSignal::new(Session::Checking));
        provide_context(state);
        state.refresh();
    }

    /// The state provided by `App`.
    pub fn get() -> SessionState {
        expect_context::<SessionState>()
    }

    /// Asks the server again who is signed in.
    pub fn refresh(self) {
        self.0.set(Session::Checking);
        spawn_local(async move {
            let next = match api::me().await {
                Ok(profile) => Session::SignedIn(Box::new(profile)),
                Err(ClientError::Api(ApiError::Unauthenticated)) => Session::SignedOut,
                Err(ClientError::Unreachable) => Session::Unreachable,
                Err(_) => Session::SignedOut,
            };
            self.0.set(next);
        });
    }

    pub fn signed_in(self, profile: Profile) {
        self.0.set(Session::SignedIn(Box::new(profile)));
    }

    pub fn signed_out(self) {
        self.0.set(Session::SignedOut);
    }

    /// The current state, tracked (re-runs the reader when it changes).
    pub fn current(self) -> Session {
        self.0.get()
    }
}
