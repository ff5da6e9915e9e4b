//! The top bar: the app's name, and when signed in, who is signed in and the sign-out button.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::session::{Session, SessionState};
use crate::router::Link;
use crate::{api, i18n};

#[component]
pub fn Header() -> impl IntoView {
    let session = SessionState::get();
    let signing_out = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sign_out = move |_| {
        signing_out.set(true);
        error.set(None);
        spawn_local(async move {
            // Signing out clears the cookie on the server; if the server cannot be reached the
            // session stays valid there, so the user is told instead of being shown signed out.
            match api::sign_out().await {
                Ok(()) => {
                    session.signed_out();
                    crate::router::navigate("/masuk");
                }
                Err(failure) => error.set(Some(i18n::client_error(&failure))),
            }
            signing_out.set(false);
        });
    };
    view! {
        <header class="topbar">
            <Link href="/" class="brand" exact=true>
                <span class="brand-mark" aria-hidden="true">"K"</span>
                <span class="brand-name">{i18n::app_name()}</span>
            </Link>
            <div class="topbar-actions">
            {move || match session.current() {
                Session::SignedIn(profile) => Some(view! {
                    <div class="topbar-user">
                        <span class="topbar-name">{profile.name.clone()}</span>
                        <button
                            class="button button-quiet"
                            data-testid="sign-out"
                            on:click=sign_out
                            disabled=move || signing_out.get()
                        >
                            {i18n::sign_out_button()}
                        </button>
                        <p class="topbar-error" role="alert">{move || error.get()}</p>
                    </div>
                }),
                _ => None,
            }}
            <LanguageSwitch />
            </div>
        </header>
    }
}

/// Switches between Bahasa Indonesia and English (the page reloads in the other language; all
/// entered data is stored, so nothing is lost).
#[component]
fn LanguageSwitch() -> impl IntoView {
    let (other, name) = i18n::other_language();
    let (code, label) = if other == i18n::Lang::En { ("en", "EN") } else { ("id", "ID") };
    view! {
        <button
            class="button button-quiet language"
            type="button"
            lang=code
            aria-label=name
            title=name
            data-testid="language"
            on:click=move |_| i18n::choose_language(other)
        >
            {label}
        </button>
    }
}
