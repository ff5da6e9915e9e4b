//! Kompeten's browser app: a Leptos single-page app rendered in the browser (CSR) and compiled to
//! WebAssembly. `App` holds the session state and the routes; pages live in `pages/`, reusable
//! pieces in `components/`, every server call in `api.rs`, every user-facing text in `i18n/`.

mod api;
mod boot;
mod components;
mod i18n;
mod json;
mod pages;
mod router;
mod screens;
mod session;
mod sync;
mod ui;

use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::router::Route;
use crate::session::SessionState;
use crate::sync::SyncState;

/// Entry point called by the generated JS glue once the module is loaded.
#[wasm_bindgen(start)]
pub fn start() {
    // index.html's static shell is only for the seconds before this module runs.
    boot::replace_shell();
    i18n::load_language();
    leptos::mount::mount_to_body(App);
}

/// The whole app: the session, known as soon as `/api/v1/me` answers, and the pages.
#[component]
pub fn App() -> impl IntoView {
    SyncState::provide();
    SessionState::provide();
    router::listen();
    // Once this user's data is open, the screens they may need later are fetched in the
    // background (kept for offline use).
    let sync = SyncState::get();
    let session = SessionState::get();
    Effect::new(move |_| {
        if sync.loaded.get() && let Some(profile) = session.profile() {
            screens::prefetch(profile.roles.contains(&shared::domain::Role::Supervisor), profile.roles.contains(&shared::domain::Role::HrAdmin));
        }
    });
    let page = move || match Route::current() {
        Route::Home => view! { <pages::home::HomePage /> }.into_any(),
        Route::SignIn => view! { <pages::sign_in::SignInPage /> }.into_any(),
        Route::Assessment(_) => view! { <pages::assessment::AssessmentPage /> }.into_any(),
        Route::Training(_) => view! { <pages::training::TrainingPage /> }.into_any(),
        Route::Team => view! { <pages::team::TeamPage /> }.into_any(),
        Route::Review(id) => view! { <pages::team::ReviewPage id=id /> }.into_any(),
        Route::Verify => view! { <screens::verify::VerifyPage /> }.into_any(),
        Route::Attention => view! { <screens::attention::AttentionPage /> }.into_any(),
        Route::Password => view! { <screens::password::PasswordPage /> }.into_any(),
        Route::Import => view! { <screens::admin::ImportPage /> }.into_any(),
        Route::Employees => view! { <screens::admin::EmployeesPage /> }.into_any(),
        Route::Audit => view! { <screens::admin::AuditPage /> }.into_any(),
        Route::Settings => view! { <screens::admin::SettingsPage /> }.into_any(),
        Route::Organisation => view! { <screens::admin::OrganisationPage /> }.into_any(),
        Route::NotFound => view! { <pages::not_found::NotFoundPage /> }.into_any(),
    };
    view! {
        {page}
        <ui::Announcer />
    }
}

/// The page's local storage (small settings kept between visits), if the browser allows it.
pub(crate) fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A new id for a record or command: a time-ordered UUID (version 7), the browser's clock in
/// milliseconds followed by 74 random bits from its crypto source. Ids made one after the other
/// sort one after the other, so the server's B-trees take new records at their end instead of on
/// random pages (a wrong clock only costs that locality: ids stay unique by their random part).
pub(crate) fn new_uuid() -> uuid::Uuid {
    let mut bytes = [0u8; 10];
    let crypto = window().crypto().expect("the browser offers crypto.getRandomValues");
    crypto.get_random_values_with_u8_array(&mut bytes).expect("random bytes");
    uuid::Builder::from_unix_timestamp_millis(js_sys::Date::now() as u64, &bytes).into_uuid()
}
