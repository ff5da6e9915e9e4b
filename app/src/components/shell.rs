//! The frame of every signed-in page: the top bar, the navigation and the sync status, and the
//! page itself once the session is known (a signed-out visitor is sent to the sign-in page).

use leptos::prelude::*;
use shared::domain::Role;

use crate::components::header::Header;
use crate::components::status::SyncStatus;
use crate::i18n;
use crate::router::{Link, Redirect, Route};
use crate::session::{Session, SessionState};
use crate::sync::SyncState;

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let session = SessionState::get();
    let sync = SyncState::get();
    // Who, and with which roles: the frame (and the page in it, with whatever is being typed)
    // is made again only when these change, not when the server confirms a profile that differs
    // in some other detail.
    let signed_in = Memo::new(move |_| match session.current() {
        Session::SignedIn(profile) => Some((profile.id, profile.roles, profile.must_change_password)),
        _ => None,
    });
    let checking = Memo::new(move |_| session.current() == Session::Checking);
    move || {
        if checking.get() {
            return view! {
                <Header />
                <main class="page" id="main" aria-busy="true">
                    <p class="loading" role="status">{i18n::loading()}</p>
                </main>
            }
            .into_any();
        }
        match signed_in.get() {
            None => view! { <Redirect to=Route::SignIn /> }.into_any(),
            // A one-time password: nothing else until it is changed (the server refuses the rest).
            Some((_, _, true)) => view! {
                <Header />
                <main class="page" id="main">
                    <crate::screens::password::ForcedChange />
                </main>
            }
            .into_any(),
            Some((_, roles, false)) => {
                let children = children.clone();
                view! {
                    <Header />
                    <Nav roles=roles />
                    <SyncStatus />
                    <main class="page" id="main">
                        {move || if sync.is_open() {
                            children().into_any()
                        } else {
                            view! { <p class="loading" role="status">{i18n::loading()}</p> }.into_any()
                        }}
                    </main>
                }
                .into_any()
            }
        }
    }
}

/// The pages this user has: everyone has their own; supervisors their team's queue; HR the
/// verification queue, the employees and their accounts, and the import.
#[component]
fn Nav(roles: Vec<Role>) -> impl IntoView {
    let sync = SyncState::get();
    let attention = move || sync.with(|r| r.attention().len()).unwrap_or(0);
    let supervisor = roles.contains(&Role::Supervisor);
    let hr = roles.contains(&Role::HrAdmin);
    view! {
        <nav class="nav" aria-label=i18n::nav_label()>
            <Link to=Route::Home exact=true>{i18n::nav_home()}</Link>
            <Link to=Route::Assessment(None)>{i18n::nav_assessment()}</Link>
            <Link to=Route::Training(None)>{i18n::nav_training()}</Link>
            {supervisor.then(|| view! { <Link to=Route::Team>{i18n::nav_team()}</Link> })}
            {hr.then(|| view! {
                <Link to=Route::Verify>{i18n::nav_verify()}</Link>
                <Link to=Route::Employees>{i18n::nav_employees()}</Link>
                <Link to=Route::Organisation>{i18n::nav_organisation()}</Link>
                <Link to=Route::Import>{i18n::nav_import()}</Link>
                <Link to=Route::Audit>{i18n::nav_audit()}</Link>
                <Link to=Route::Settings>{i18n::nav_settings()}</Link>
            })}
            <Link to=Route::Attention>
                {i18n::nav_attention()}
                {move || (attention() > 0).then(|| view! { <span class="badge badge-alert" data-testid="attention-count">{attention()}</span> })}
            </Link>
        </nav>
    }
}
