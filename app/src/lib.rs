//! Kompeten's browser app: a Leptos single-page app rendered in the browser (CSR) and compiled to
//! WebAssembly. `App` holds the session state and the routes; pages live in `pages/`, reusable
//! pieces in `components/`, every server call in `api.rs`, every user-facing text in `i18n.rs`.

mod api;
mod components;
mod i18n;
mod pages;
mod session;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::session::SessionState;

/// Entry point called by the generated JS glue once the module is loaded.
#[wasm_bindgen(start)]
pub fn start() {
    // The static "loading" note in index.html is only for the seconds before this module runs.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// The whole app: the session, known as soon as `/api/v1/me` answers, and the pages.
#[component]
pub fn App() -> impl IntoView {
    SessionState::provide();
    view! {
        <Router>
            <Routes fallback=pages::not_found::NotFoundPage>
                <Route path=path!("/") view=pages::home::HomePage />
                <Route path=path!("/masuk") view=pages::sign_in::SignInPage />
            </Routes>
        </Router>
    }
}
