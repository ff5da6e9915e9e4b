//! Kompeten's browser app: a Leptos single-page app rendered in the browser (CSR) and compiled to
//! WebAssembly. `App` holds the session state and the routes; pages live in `pages/`, reusable
//! pieces in `components/`, every server call in `api.rs`, every user-facing text in `i18n.rs`.

mod api;
mod components;
mod i18n;
mod pages;
mod session;
mod sync;
mod ui;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::session::SessionState;
use crate::sync::SyncState;

/// Entry point called by the generated JS glue once the module is loaded.
#[wasm_bindgen(start)]
pub fn start() {
    // The static "loading" note in index.html is only for the seconds before this module runs.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    i18n::load_language();
    leptos::mount::mount_to_body(App);
}

/// The whole app: the session, known as soon as `/api/v1/me` answers, and the pages.
#[component]
pub fn App() -> impl IntoView {
    SyncState::provide();
    SessionState::provide();
    view! {
        <Router>
            <Routes fallback=pages::not_found::NotFoundPage>
                <Route path=path!("/") view=pages::home::HomePage />
                <Route path=path!("/masuk") view=pages::sign_in::SignInPage />
                <Route path=path!("/penilaian") view=pages::assessment::AssessmentPage />
                <Route path=path!("/pelatihan") view=pages::training::TrainingPage />
                <Route path=path!("/tim") view=pages::team::TeamPage />
                <Route path=path!("/tim/:id") view=pages::team::ReviewPage />
                <Route path=path!("/verifikasi") view=pages::verify::VerifyPage />
                <Route path=path!("/perhatian") view=pages::attention::AttentionPage />
            </Routes>
        </Router>
    }
}

/// A random (version 4) UUID for a new record or command, from the browser's crypto source.
pub(crate) fn random_uuid() -> uuid::Uuid {
    let mut bytes = [0u8; 16];
    let crypto = window().crypto().expect("the browser offers crypto.getRandomValues");
    crypto.get_random_values_with_u8_array(&mut bytes).expect("random bytes");
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}
