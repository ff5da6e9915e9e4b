//! Addresses: the app's pages as one typed [`Route`] (every address the app makes or reads goes
//! through it), the address bar's path and query as a signal, links that change it without a
//! page load, and the browser's back and forward buttons.
//!
//! Written here rather than taken from `leptos_router`: the app has a dozen flat routes and one
//! parameter, and that crate was about 95 kB of the first load's WebAssembly (raw, before
//! compression) for matching machinery the app does not need.

use leptos::ev;
use leptos::prelude::*;

/// Every page of the app, with its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    SignIn,
    /// The user's self-assessment, with the command id of a refused save brought back from
    /// "Perlu perhatian" to work on again, if any.
    Assessment(Option<uuid::Uuid>),
    /// The user's training records, with a refused save to work on again, as for the assessment.
    Training(Option<uuid::Uuid>),
    /// The supervisor's queue.
    Team,
    /// The supervisor's review of one record.
    Review(uuid::Uuid),
    /// HR's verification queue.
    Verify,
    /// The refused changes ("Perlu perhatian").
    Attention,
    /// Changing one's password.
    Password,
    /// HR: loading the agency from spreadsheet exports.
    Import,
    /// HR: employees and their accounts.
    Employees,
    /// HR: the audit trail of administrative changes.
    Audit,
    /// HR: the agency's settings.
    Settings,
    /// HR: units, positions with their standards, and the technical competencies.
    Organisation,
    NotFound,
}

impl Route {
    /// The page at `path` (the query gives the retry of a refused save).
    pub fn parse(path: &str, query: impl Fn(&str) -> Option<String>) -> Route {
        let retry = || query("ulang").and_then(|id| id.parse().ok());
        match path {
            "/" => Route::Home,
            "/masuk" => Route::SignIn,
            "/penilaian" => Route::Assessment(retry()),
            "/pelatihan" => Route::Training(retry()),
            "/tim" => Route::Team,
            "/verifikasi" => Route::Verify,
            "/perhatian" => Route::Attention,
            "/kata-sandi" => Route::Password,
            "/impor" => Route::Import,
            "/pegawai" => Route::Employees,
            "/jejak-audit" => Route::Audit,
            "/pengaturan" => Route::Settings,
            "/organisasi" => Route::Organisation,
            other => match other.strip_prefix("/tim/").map(str::parse::<uuid::Uuid>) {
                Some(Ok(id)) => Route::Review(id),
                _ => Route::NotFound,
            },
        }
    }

    /// The page's address.
    pub fn href(self) -> String {
        let with_retry = |path: &str, retry: Option<uuid::Uuid>| match retry {
            Some(id) => format!("{path}?ulang={id}"),
            None => path.to_owned(),
        };
        match self {
            Route::Home => "/".to_owned(),
            Route::SignIn => "/masuk".to_owned(),
            Route::Assessment(retry) => with_retry("/penilaian", retry),
            Route::Training(retry) => with_retry("/pelatihan", retry),
            Route::Team => "/tim".to_owned(),
            Route::Review(id) => format!("/tim/{id}"),
            Route::Verify => "/verifikasi".to_owned(),
            Route::Attention => "/perhatian".to_owned(),
            Route::Password => "/kata-sandi".to_owned(),
            Route::Import => "/impor".to_owned(),
            Route::Employees => "/pegawai".to_owned(),
            Route::Audit => "/jejak-audit".to_owned(),
            Route::Settings => "/pengaturan".to_owned(),
            Route::Organisation => "/organisasi".to_owned(),
            Route::NotFound => "/404".to_owned(),
        }
    }

    /// The page shown now (tracked).
    pub fn current() -> Route {
        Route::parse(&path(), query)
    }
}

thread_local! {
    /// The current address within the app, path and query (`/pelatihan?ulang=…`), reactive: the
    /// page is chosen from the path, and made again when either changes. Kept here rather than in
    /// a context so that event handlers and tasks, which run outside any component, can navigate.
    static ADDRESS: ArcRwSignal<String> = ArcRwSignal::new(address_bar());
}

/// The address bar's path (without a trailing `/`) and query.
fn address_bar() -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    // "/tim/" is "/tim"; "" (never from a browser, but cheap to be sure) is "/".
    let path = match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    };
    format!("{path}{}", location.search().unwrap_or_default())
}

/// Starts following the browser's back and forward buttons (once, in `App`).
pub fn listen() {
    // The handle is dropped on purpose: the listener lives as long as the page.
    let _ = window_event_listener(ev::popstate, |_| follow_address_bar());
}

/// Takes the address bar's address, if it is another one (the same page is not made again, so a
/// link to the page one is on keeps what is typed in it).
fn follow_address_bar() {
    let now = address_bar();
    ADDRESS.with(|address| {
        if address.with_untracked(|current| *current != now) {
            address.set(now);
        }
    });
}

/// The current path, tracked (the page changes with the query too).
pub fn path() -> String {
    ADDRESS.with(|address| address.with(|address| address.split('?').next().unwrap_or_default().to_owned()))
}

/// A parameter of the current address's query (`?ulang=…`), read once.
pub fn query(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Goes to `route` as a new history entry, at the top of the page.
pub fn go_to(route: Route) {
    navigate(&route.href());
}

/// Goes to `href` (a path in the app, with or without a query) as a new history entry, at the top
/// of the page. Going where one already is adds no history entry.
pub fn navigate(href: &str) {
    let here = ADDRESS.with(|address| address.with_untracked(|address| address == href));
    go(href, here);
}

/// Goes to `href` in place of the current history entry (a redirect, not a step back).
pub fn redirect(href: &str) {
    go(href, true);
}

fn go(href: &str, replace: bool) {
    let history = window().history();
    let moved = history.and_then(|history| {
        if replace {
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
        } else {
            history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
        }
    });
    if moved.is_err() {
        // No History API: an ordinary page load still gets there.
        let _ = window().location().set_href(href);
        return;
    }
    follow_address_bar();
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// Sends the visitor to `path` as soon as the current rendering is done (changing the address
/// while a page is being built would tear that page down under itself).
#[component]
pub fn Redirect(to: Route) -> impl IntoView {
    leptos::prelude::queue_microtask(move || redirect(&to.href()));
}

/// A link within the app: an ordinary `<a href>` (so it can be opened in a new tab, and works
/// with the keyboard and screen readers) that changes page without a reload on a plain click,
/// marked `aria-current="page"` while its page is shown. `exact` links match only their own
/// path; others also match the paths below them.
#[component]
pub fn Link(
    /// The page (or, for a page's own address with a query, its `href`).
    #[prop(into)] to: LinkTarget,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] exact: bool,
    #[prop(optional)] test_id: &'static str,
    children: Children,
) -> impl IntoView {
    let href = to.0;
    let target = href.split('?').next().unwrap_or_default().to_owned();
    let current = move || {
        let path = path();
        let below = !exact
            && path
                .strip_prefix(target.as_str())
                .is_some_and(|rest| rest.starts_with('/'));
        (path == target || below).then_some("page")
    };
    let follow = href.clone();
    let on_click = move |event: ev::MouseEvent| {
        let plain = event.button() == 0
            && !(event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key());
        if plain {
            event.prevent_default();
            navigate(&follow);
        }
    };
    view! {
        <a
            href=href
            class=(!class.is_empty()).then_some(class)
            data-testid=(!test_id.is_empty()).then_some(test_id)
            aria-current=current
            on:click=on_click
        >
            {children()}
        </a>
    }
}

/// Where a [`Link`] goes: a [`Route`] (the usual case) or its address.
pub struct LinkTarget(String);

impl From<Route> for LinkTarget {
    fn from(route: Route) -> Self {
        LinkTarget(route.href())
    }
}
