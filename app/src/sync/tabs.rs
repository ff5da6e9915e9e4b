//! Hearing from the browser and from other tabs: the network coming and going, the tab becoming
//! visible again, and other tabs saying they stored something (show it here too) or that someone
//! signed in or out (this page's session may have changed with it).

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::schedule::{EXPIRED_CHECK, schedule};
use super::state::{Problem, SyncState};

const CHANNEL: &str = "kompeten-sync";

thread_local! {
    static CHANNEL_HANDLE: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// Tells the other tabs of this browser.
pub(super) fn tell_other_tabs(message: &str) {
    CHANNEL_HANDLE.with(|handle| {
        if let Some(channel) = handle.borrow().as_ref() {
            let _ = channel.post_message(&message.into());
        }
    });
}

impl SyncState {
    /// Starts listening (once, at start). The app lives as long as the page: the listeners are
    /// never removed.
    pub(super) fn listen_to_the_browser(self) {
        let on_online = window_event_listener(leptos::ev::online, move |_| {
            self.online.set(true);
            self.wake();
        });
        let on_offline = window_event_listener(leptos::ev::offline, move |_| self.online.set(false));
        let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                self.wake();
            }
        });
        std::mem::forget((on_online, on_offline, on_visible));
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
    }
}
