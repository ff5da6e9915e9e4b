//! The top bar: the app's name, and when signed in, who is signed in and the sign-out button.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::router::{Link, Route};
use crate::session::{Session, SessionState};
use crate::sync::SyncState;
use crate::{api, i18n};

#[component]
pub fn Header() -> impl IntoView {
    let session = SessionState::get();
    let signing_out = RwSignal::new(false);
    // The sign-out choices are open (keep the data on this device, or remove it).
    let choosing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sign_out = move |remove: bool| {
        signing_out.set(true);
        error.set(None);
        spawn_local(async move {
            // Signing out clears the cookie on the server; if the server cannot be reached the
            // session stays valid there, so the user is told instead of being shown signed out.
            match api::sign_out().await {
                Ok(()) => {
                    choosing.set(false);
                    let removed = session.sign_out_here(remove).await;
                    crate::router::navigate(&Route::SignIn.href());
                    if remove && removed.is_err() {
                        crate::ui::announce(i18n::data_not_removed());
                    } else if remove {
                        crate::ui::announce(i18n::data_removed());
                    }
                }
                Err(failure) => error.set(Some(i18n::client_error(&failure))),
            }
            signing_out.set(false);
        });
    };
    view! {
        <header class="topbar">
            <Link to=Route::Home class="brand" exact=true>
                <span class="brand-mark" aria-hidden="true">"K"</span>
                <span class="brand-name">{i18n::app_name()}</span>
            </Link>
            <div class="topbar-actions">
            {move || match session.current() {
                Session::SignedIn(profile) => Some(view! {
                    <div class="topbar-user">
                        <span class="topbar-name">{profile.name.clone()}</span>
                        <Link to=Route::Password class="button button-quiet" test_id="password-link">{i18n::password_link()}</Link>
                        <button
                            class="button button-quiet"
                            data-testid="sign-out"
                            aria-expanded=move || choosing.get().to_string()
                            aria-controls="sign-out-choices"
                            on:click=move |_| choosing.update(|open| *open = !*open)
                            disabled=move || signing_out.get()
                        >
                            {i18n::sign_out_button()}
                        </button>
                        <Show when=move || choosing.get()>
                            {
                                let load: crate::screens::Load = std::sync::Arc::new(move || Box::pin(sign_out_choices(choosing, signing_out, Callback::new(sign_out))));
                                view! { <crate::screens::OnDemand load=load /> }
                            }
                        </Show>
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

/// The sign-out choices: keep the data on this device, or (a shared device, with nothing waiting
/// to be sent) remove it. In the chunk `later` (fetched in the background once the app is up).
#[leptos::wasm_split::wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sign_out_choices(choosing: RwSignal<bool>, signing_out: RwSignal<bool>, sign_out: Callback<bool>) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <SignOutChoices choosing=choosing signing_out=signing_out sign_out=sign_out /> }.into_any())
}

#[component]
fn SignOutChoices(choosing: RwSignal<bool>, signing_out: RwSignal<bool>, sign_out: Callback<bool>) -> impl IntoView {
    let sync = SyncState::get();
    view! {
        <div
            class="sign-out-choices card"
            id="sign-out-choices"
            role="group"
            aria-label=i18n::sign_out_button()
            on:keydown=move |event| if event.key() == "Escape" { choosing.set(false) }
        >
            <button class="button button-primary" data-testid="sign-out-keep" disabled=move || signing_out.get() on:click=move |_| sign_out.run(false)>
                {i18n::sign_out_keep()}
            </button>
            {move || if sync.has_unsent() {
                view! { <p class="muted" data-testid="sign-out-unsent">{i18n::sign_out_unsent()}</p> }.into_any()
            } else {
                view! {
                    <button class="button button-quiet" data-testid="sign-out-remove" disabled=move || signing_out.get() on:click=move |_| sign_out.run(true)>
                        {i18n::sign_out_remove()}
                    </button>
                    <p class="muted">{i18n::sign_out_remove_hint()}</p>
                }.into_any()
            }}
        </div>
    }
}
