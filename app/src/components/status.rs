//! The sync status, always visible under the top bar: online or offline, how many changes wait to
//! be sent, when the last sync finished, progress while a sync runs, and what needs the user
//! (a session to renew, refused changes to look at).

use leptos::prelude::*;

use crate::i18n;
use crate::router::{Link, Route};
use crate::sync::{Problem, SyncState};

#[component]
pub fn SyncStatus() -> impl IntoView {
    let sync = SyncState::get();
    let waiting = move || sync.with(|r| r.outbox().len()).unwrap_or(0);
    let attention = move || sync.with(|r| r.attention().len()).unwrap_or(0);
    let online = move || sync.online.get();
    let last = move || {
        sync.last_sync_ms.get().map(|ms| {
            let date = js_sys::Date::new(&(ms as f64).into());
            let today = js_sys::Date::new_0().to_date_string() == date.to_date_string();
            let time = format!("{:02}.{:02}", date.get_hours(), date.get_minutes());
            i18n::last_sync(&if today { time } else { format!("{} {}, {time}", date.get_date(), i18n::month(date.get_month() as usize)) })
        })
    };
    view! {
        <section class="sync-status" aria-label=i18n::sync_status_label() data-testid="sync-status" data-loaded=move || sync.loaded.get().to_string()>
            <div class="sync-line">
                // Only the connection and the count are announced (not every progress tick).
                <span class="sync-state" class:offline=move || !online() data-testid="connection" role="status" aria-live="polite">
                    <span class="dot" aria-hidden="true"></span>
                    {move || if online() { i18n::online() } else { i18n::offline() }}
                </span>
                <span data-testid="pending" role="status" aria-live="polite">
                    {move || match (sync.is_open(), waiting()) {
                        (false, _) => i18n::loading().to_owned(),
                        (true, 0) => i18n::all_synced().to_owned(),
                        (true, n) => i18n::pending_changes(n),
                    }}
                </span>
                <span class="sync-last" data-testid="last-sync">
                    {move || last().unwrap_or_else(|| i18n::never_synced().to_owned())}
                </span>
                // The team's records (or HR's queue) load after the app opens, for a moment or two.
                {move || (sync.is_open() && !sync.loaded.get()).then(|| view! {
                    <span class="sync-progress" data-testid="loading-records">{i18n::loading_records(sync.loading.get())}</span>
                })}
                {move || sync.syncing.get().then(|| view! {
                    <span class="sync-progress" data-testid="sync-progress">
                        <progress aria-label=i18n::syncing()></progress>
                        {i18n::syncing()}
                        " "
                        {move || match sync.received.get() { 0 => String::new(), n => i18n::received_records(n) }}
                    </span>
                })}
                {move || (attention() > 0).then(|| view! {
                    <Link to=Route::Attention class="sync-attention">{i18n::attention_count(attention())}</Link>
                })}
                <button
                    class="button button-quiet button-small"
                    data-testid="sync-now"
                    // Not disabled while a sync runs: a click then asks for one more sync after
                    // it, so what changed on the server since it began is fetched too.
                    on:click=move |_| sync.wake()
                >
                    {i18n::sync_now()}
                </button>
            </div>
            {move || sync.problem.get().map(|problem| match problem {
                Problem::SessionExpired => view! {
                    <p class="notice notice-warning" role="alert" data-testid="session-expired">
                        {i18n::session_expired()} " " <Link to=Route::SignIn>{i18n::sign_in_again()}</Link>
                    </p>
                }.into_any(),
                Problem::OtherUserSignedIn => view! {
                    <p class="notice notice-warning" role="alert" data-testid="session-expired">
                        {i18n::other_user_signed_in()} " " <Link to=Route::SignIn>{i18n::sign_in_again()}</Link>
                    </p>
                }.into_any(),
                Problem::Storage(detail) => view! {
                    <p class="notice notice-warning" role="alert">{i18n::storage_problem()} <small class="muted">{i18n::problem_code(&detail)}</small></p>
                }.into_any(),
                Problem::Server(detail) => view! {
                    <p class="notice notice-warning" role="alert">{i18n::server_problem()} <small class="muted">{i18n::problem_code(&detail)}</small></p>
                }.into_any(),
            })}
        </section>
    }
}
