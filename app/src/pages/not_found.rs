//! The page for an address the app does not know.

use leptos::prelude::*;

use crate::components::header::Header;
use crate::i18n;
use crate::router::{Link, Route};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Header />
        <main class="page page-narrow" id="main">
            <h1>{i18n::not_found_title()}</h1>
            <p><Link to=Route::Home class="button">{i18n::back_home()}</Link></p>
        </main>
    }
}
