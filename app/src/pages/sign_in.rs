//! Signing in with NIP and password. The NIP is checked as it is typed against the same rule the
//! server uses (`shared::rules::nip`), so a malformed one is explained before anything is sent;
//! every answer of the server gets its own message beside the field it concerns.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use crate::router::{Redirect, Route};
use shared::ApiError;
use leptos::task::spawn_local;
use shared::api::SignInRequest;
use shared::domain::Nip;

use crate::api::{self, ClientError};
use crate::components::header::Header;
use crate::i18n;
use crate::session::{Session, SessionState};
use crate::sync::{Problem, SyncState};

/// Which field an error belongs to, so that it is shown (and announced) beside it.
#[derive(Clone, Debug, PartialEq)]
enum FormError {
    Nip(String),
    Password(String),
    Form(String),
}

impl FormError {
    fn of(error: &ClientError) -> FormError {
        let message = i18n::client_error(error);
        match error {
            ClientError::Api(ApiError::InvalidNip { .. } | ApiError::UnknownNip) => FormError::Nip(message),
            ClientError::Api(ApiError::WrongPassword) => FormError::Password(message),
            _ => FormError::Form(message),
        }
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = SessionState::get();
    let sync = SyncState::get();
    // A session that ended while the app was open is renewed here, with the page still signed in.
    let expired = move || matches!(sync.problem.get(), Some(Problem::SessionExpired | Problem::OtherUserSignedIn));
    // A memo, so the form (and what is typed in it) stays while the session changes in ways
    // that do not matter here.
    let show_form = Memo::new(move |_| !matches!(session.current(), Session::SignedIn(_)) || expired());
    view! {
        <Show when=move || show_form.get() fallback=|| view! { <Redirect to=Route::Home /> }>
            <SignInForm />
        </Show>
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let session = SessionState::get();
    let sync = SyncState::get();
    let expired = sync.paused();
    let waiting = sync.with(|r| r.outbox().len()).unwrap_or(0);
    // What was typed into index.html's shell while the app loaded is kept.
    let typed = crate::boot::take_typed().unwrap_or_default();
    let nip = RwSignal::new(match (expired, session.current()) {
        (true, Session::SignedIn(profile)) => profile.nip.to_string(),
        _ => typed.nip,
    });
    let password = RwSignal::new(typed.password);
    if let Some(id) = typed.focus {
        request_animation_frame(move || {
            if let Some(field) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = field.focus();
            }
        });
    }
    let show_password = RwSignal::new(typed.show_password);
    let error = RwSignal::new(None::<FormError>);

    let pending = RwSignal::new(false);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Err(reason) = Nip::parse(&nip.get_untracked()) {
            error.set(Some(FormError::Nip(i18n::nip_error(&reason))));
            return;
        }
        if password.get_untracked().is_empty() {
            error.set(Some(FormError::Password(i18n::password_required().to_owned())));
            return;
        }
        error.set(None);
        pending.set(true);
        let request = SignInRequest { nip: nip.get_untracked(), password: password.get_untracked() };
        // Someone else's data open on this page stops syncing before the new session's cookie
        // arrives, so no outbox is ever sent under another user's session.
        let open = match session.current_untracked() {
            Session::SignedIn(profile) => Some(*profile),
            _ => None,
        };
        let typed = Nip::parse(&request.nip).ok();
        let switching = open.as_ref().filter(|profile| Some(&profile.nip) != typed.as_ref()).cloned();
        if switching.is_some() {
            sync.suspend();
        }
        spawn_local(async move {
            let result = api::sign_in(&request).await;
            pending.set(false);
            match result {
                Ok(profile) => {
                    // A one-time password is changed next: the form that does it need not ask for it again.
                    crate::session::remember_one_time_password(profile.must_change_password.then(|| request.password.clone()));
                    sync.announce_sign_in(profile.id);
                    session.signed_in(profile);
                    crate::router::go_to(Route::Home);
                }
                Err(failure) => {
                    error.set(Some(FormError::of(&failure)));
                    // Still the previous user's page: their data opens again, as it was.
                    if let Some(previous) = switching {
                        session.open_unconfirmed(previous);
                    }
                }
            }
        });
    };

    let nip_error = move || match error.get() {
        Some(FormError::Nip(message)) => Some(message),
        _ => None,
    };
    let password_error = move || match error.get() {
        Some(FormError::Password(message)) => Some(message),
        _ => None,
    };
    let form_error = move || match error.get() {
        Some(FormError::Form(message)) => Some(message),
        _ => None,
    };
    let unreachable_at_start = move || session.current() == Session::Unreachable;

    view! {
        <Header />
        <main class="page page-narrow" id="main">
            <section class="card sign-in" aria-labelledby="sign-in-title">
                <h1 id="sign-in-title">{i18n::sign_in_title()}</h1>
                <p class="muted">{i18n::app_tagline()}". "{i18n::sign_in_intro()}</p>
                {expired.then(|| view! {
                    <p class="notice notice-warning" role="status" data-testid="sign-in-again">
                        {i18n::session_expired()} " " {(waiting > 0).then(|| i18n::changes_waiting_to_send(waiting))}
                    </p>
                })}
                <Show when=unreachable_at_start>
                    <div class="notice notice-warning" role="status">
                        <strong>{i18n::unreachable_title()}</strong>
                        <p>{i18n::unreachable_body()}</p>
                        <button class="button button-quiet" type="button" on:click=move |_| session.refresh()>
                            {i18n::try_again()}
                        </button>
                    </div>
                </Show>
                <form on:submit=submit novalidate>
                    <div class="field">
                        <label for="nip">{i18n::nip_label()}</label>
                        <input
                            id="nip"
                            name="username"
                            data-testid="nip"
                            inputmode="numeric"
                            autocomplete="username"
                            spellcheck="false"
                            maxlength="24"
                            aria-describedby="nip-hint nip-error"
                            aria-invalid=move || if nip_error().is_some() { "true" } else { "false" }
                            prop:value=move || nip.get()
                            on:input=move |event| nip.set(event_target_value(&event))
                        />
                        <p class="hint" id="nip-hint">{i18n::nip_hint()}</p>
                        <p class="field-error" id="nip-error" data-testid="nip-error" role="alert">{nip_error}</p>
                    </div>
                    <div class="field">
                        <label for="password">{i18n::password_label()}</label>
                        <input
                            id="password"
                            name="password"
                            data-testid="password"
                            type=move || if show_password.get() { "text" } else { "password" }
                            autocomplete="current-password"
                            aria-describedby="password-error"
                            aria-invalid=move || if password_error().is_some() { "true" } else { "false" }
                            prop:value=move || password.get()
                            on:input=move |event| password.set(event_target_value(&event))
                        />
                        <label class="checkbox">
                            <input
                                type="checkbox"
                                prop:checked=move || show_password.get()
                                on:change=move |event| show_password.set(event_target_checked(&event))
                            />
                            {i18n::show_password()}
                        </label>
                        <p class="field-error" id="password-error" data-testid="password-error" role="alert">
                            {password_error}
                        </p>
                    </div>
                    <p class="form-error" data-testid="form-error" role="alert">{form_error}</p>
                    <button class="button button-primary button-block" type="submit" data-testid="sign-in" disabled=move || pending.get()>
                        {move || if pending.get() { i18n::signing_in() } else { i18n::sign_in_button() }}
                    </button>
                </form>
            </section>
        </main>
    }
}
