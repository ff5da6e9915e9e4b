//! Screens loaded on demand: large screens that few users need (HR's, later reports and
//! recruitment) live in wasm chunks of their own, fetched the first time one opens and kept by
//! the service worker from then on (so it opens offline afterwards). The first load of the
//! employee's and supervisor's path stays within its budget however many such screens there are.
//!
//! A screen's split point is a function marked `#[wasm_split(<chunk>, ...)]` that returns the
//! screen as a view; `cargo xtask dist` moves it, and everything only it reaches, into the
//! chunk `<chunk>` (see `xtask/src/dist.rs`). Its page shows it through [`OnDemand`].

pub mod admin;
pub mod attention;
pub mod password;
pub mod verify;

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

use crate::i18n;

/// Fetches, in the background, the chunks of the screens this user may open, once the app is up
/// (after the first screen, never before it), so that each opens at once the first time. (The
/// service worker keeps every chunk for offline use anyway, from its installation on.)
pub fn prefetch(supervisor: bool, hr: bool) {
    thread_local! {
        /// The chunks fetched by this page so far: everyone's, the supervisor's, HR's.
        static FETCHED: std::cell::Cell<(bool, bool, bool)> = const { std::cell::Cell::new((false, false, false)) };
    }
    let (everyone, review, verify) = FETCHED.with(std::cell::Cell::get);
    let (want_everyone, want_review, want_verify) = (!everyone, supervisor && !review, hr && !verify);
    if !(want_everyone || want_review || want_verify) {
        return;
    }
    // Taken as fetched now, so that a second call while these are on their way fetches nothing
    // twice; a failure (offline) is tried again at the next call.
    FETCHED.with(|fetched| fetched.set((true, review || want_review, verify || want_verify)));
    leptos::task::spawn_local(async move {
        // Everyone's: "Perlu perhatian", the training form and the rarer parts of forms and the
        // top bar; the supervisor's review; HR's verification queue and administration.
        let everyone = everyone
            || (attention::preload().await.is_ok() && crate::pages::training::preload_form().await.is_ok() && crate::ui::preload_later().await.is_ok());
        let review = review || !want_review || crate::pages::team::preload().await.is_ok();
        let verify = verify || !want_verify || (verify::preload().await.is_ok() && admin::preload().await.is_ok());
        FETCHED.with(|fetched| {
            let (e, r, v) = fetched.get();
            fetched.set((e && everyone, r && review, v && verify));
        });
    });
}

/// A screen, once its chunk is fetched (the call of a split point).
pub type Loading = Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>>>>;

/// What starts the fetch (again, after a failure).
pub type Load = std::sync::Arc<dyn Fn() -> Loading + Send + Sync>;

/// Shows the screen `load` brings: "Memuat…" while its chunk is fetched (the first time only;
/// then it answers at once), the screen once it is there, or, if the chunk cannot be fetched
/// (offline before the screen was ever opened, or a new version replaced it on the server), a
/// sentence saying so and a button to try again.
#[component]
pub fn OnDemand(load: Load) -> impl IntoView {
    // None while loading; the screen (or the failure) is taken out by the one run that mounts it.
    let state = RwSignal::new_local(None::<Result<AnyView, SplitLoaderError>>);
    let owner = Owner::current().expect("a component has an owner");
    let fetch = move || {
        state.set(None);
        let loading = load();
        // In the component's owner, also when a click starts it: the screen reads its context.
        // Dropped if the component goes before the chunk arrives (no screen built for nobody).
        owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(async move { state.set(Some(loading.await)) }));
    };
    fetch();
    move || {
        state.track();
        match state.try_update_untracked(Option::take).flatten() {
            None => view! { <p class="loading" role="status" data-testid="screen-loading">{i18n::loading()}</p> }.into_any(),
            Some(Ok(screen)) => screen,
            Some(Err(_)) => {
                let fetch = fetch.clone();
                view! {
                    <div class="card" role="alert" data-testid="screen-unavailable">
                        <p>{i18n::page_unavailable()}</p>
                        <button type="button" class="button button-primary" on:click=move |_| fetch()>{i18n::try_again()}</button>
                    </div>
                }
                .into_any()
            }
        }
    }
}
