//! Changing one's password: the form every user reaches from the top bar, and the one that
//! replaces every page while the account still has a one-time password from HR. Loaded on
//! demand (the chunk `account`): a user needs it rarely, and a new user only once, right after
//! signing in online.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use shared::api::ChangePasswordRequest;

use crate::components::shell::Shell;
use crate::screens::OnDemand;
use crate::session::SessionState;
use crate::{api, i18n};

/// The page at `/kata-sandi`.
#[component]
pub fn PasswordPage() -> impl IntoView {
    view! { <Shell><OnDemand load=std::sync::Arc::new(|| Box::pin(password_form(false))) /></Shell> }
}

/// What the frame shows instead of any page while the password is a one-time one.
#[component]
pub fn ForcedChange() -> impl IntoView {
    view! { <OnDemand load=std::sync::Arc::new(|| Box::pin(password_form(true))) /> }
}

#[wasm_split(account, wasm_split_path = ::leptos::wasm_split, fallible)]
fn password_form(forced: bool) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <PasswordForm forced=forced /> }.into_any())
}

#[component]
fn PasswordForm(forced: bool) -> impl IntoView {
    let session = SessionState::get();
    // The one-time password just typed at sign-in is not asked for again.
    let known = if forced { crate::session::one_time_password() } else { None };
    let ask_current = known.is_none();
    let current = RwSignal::new(known.unwrap_or_default());
    let (new, repeat) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(profile) = session.profile() else { return };
        let (current_text, new_text) = (current.get_untracked(), new.get_untracked());
        if current_text.is_empty() {
            error.set(Some(i18n::password_required().to_owned()));
            return;
        }
        if let Err(problem) = shared::rules::password::check(&new_text, &current_text, profile.nip.as_str()) {
            error.set(Some(problem.describe(i18n::english()).to_owned()));
            return;
        }
        if new_text != repeat.get_untracked() {
            error.set(Some(i18n::passwords_differ().to_owned()));
            return;
        }
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let answer = api::change_password(&ChangePasswordRequest { current: current_text, new: new_text }).await;
            busy.set(false);
            match answer {
                Ok(profile) => {
                    crate::session::remember_one_time_password(None);
                    session.signed_in(profile);
                    crate::ui::announce(i18n::password_changed());
                    if !forced {
                        crate::router::go_to(crate::router::Route::Home);
                    }
                }
                Err(failure) => error.set(Some(i18n::screen_error(&failure))),
            }
        });
    };
    let field = move |id: &'static str, label: &'static str, value: RwSignal<String>, autocomplete: &'static str, described: bool| {
        // The error below the form is about these fields: said with them.
        let described_by = if described { "new-password-hint password-error" } else { "password-error" };
        view! {
            <div class="field">
                <label for=id>{label}</label>
                {described.then(|| view! { <p class="hint" id="new-password-hint">{i18n::new_password_hint()}</p> })}
                <input id=id type="password" autocomplete=autocomplete required=true data-testid=id
                    aria-describedby=described_by aria-invalid=move || error.with(Option::is_some).to_string()
                    prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
            </div>
        }
    };
    // For the browser's password manager: whose password this is.
    let username = session.profile().map(|p| p.nip.as_str().to_owned()).unwrap_or_default();
    view! {
        <section class="card narrow" aria-labelledby="password-title">
            <h1 id="password-title">{if forced { i18n::forced_password_title() } else { i18n::password_title() }}</h1>
            {forced.then(|| view! { <p class="lead">{i18n::forced_password_intro()}</p> })}
            <form on:submit=submit novalidate=true data-testid="password-form">
                <input type="text" name="username" autocomplete="username" value=username readonly=true hidden=true />
                {ask_current.then(|| field("current-password", i18n::current_password_label(), current, "current-password", false))}
                {field("new-password", i18n::new_password_label(), new, "new-password", true)}
                {field("repeat-password", i18n::repeat_password_label(), repeat, "new-password", false)}
                <p class="form-error" role="alert" id="password-error" data-testid="password-error">{move || error.get()}</p>
                <button type="submit" class="button button-primary" data-testid="save-password" disabled=move || busy.get()>
                    {move || if busy.get() { i18n::saving_password() } else { i18n::save_password() }}
                </button>
            </form>
        </section>
    }
}
