//! Small helpers the pages share: the current year, status tags, confirmation, announcements,
//! and the choice offered when a form's record was changed elsewhere meanwhile.

use leptos::prelude::*;

use crate::i18n;
use crate::sync::SyncState;
use crate::sync::ChangeError;

/// The calendar year on this device (the self-assessment period and the JP year).
pub fn current_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

/// A status badge; `tone` picks its colour (neutral, info, good, warn, bad).
#[component]
pub fn StatusTag(label: &'static str, tone: &'static str) -> impl IntoView {
    view! { <span class=format!("status status-{tone}") data-testid="status">{label}</span> }
}

/// "Entered by HR", on a training HR recorded for an employee without a device.
pub fn entered_by_hr(training: &shared::kinds::training::TrainingRecord) -> Option<impl IntoView + use<>> {
    training.entered_by.is_some().then(|| view! { <span class="status status-info" data-testid="entered-by-hr">{i18n::entered_by_hr()}</span> })
}

/// The "waiting to sync" marker, shown while `record` has commands in the outbox.
#[component]
pub fn WaitingTag(record: uuid::Uuid) -> impl IntoView {
    let sync = SyncState::get();
    move || {
        sync.is_pending(record).then(|| {
            view! {
                <span class="status status-waiting" data-testid="waiting" title=i18n::waiting_hint()>
                    <span class="dot" aria-hidden="true"></span>
                    {i18n::waiting()}
                </span>
            }
        })
    }
}

pub fn assessment_tone(status: shared::kinds::self_assessment::AssessmentStatus) -> &'static str {
    use shared::kinds::self_assessment::AssessmentStatus::*;
    match status {
        Draft => "neutral",
        Submitted => "info",
        Approved => "good",
        Returned => "warn",
    }
}

pub fn training_tone(status: shared::kinds::training::TrainingStatus) -> &'static str {
    use shared::kinds::training::TrainingStatus::*;
    match status {
        Draft => "neutral",
        Submitted | Confirmed => "info",
        Verified => "good",
        Rejected => "bad",
    }
}

/// One change at a time from a card: `busy` while it is being stored (its buttons are disabled
/// meanwhile, so a double tap does not send it twice), and its refusal, if any, as a sentence.
#[derive(Clone, Copy)]
pub struct Action {
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
}

impl Default for Action {
    fn default() -> Self {
        Action { busy: RwSignal::new(false), error: RwSignal::new(None) }
    }
}

impl Action {
    /// Runs `change` unless one is running; `done` follows a change that was stored.
    pub fn run(self, change: impl Future<Output = Result<(), ChangeError>> + 'static, done: impl FnOnce() + 'static) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        leptos::task::spawn_local(async move {
            let result = change.await;
            self.busy.set(false);
            match result {
                Ok(()) => done(),
                Err(failure) => self.error.set(Some(i18n::change_error(&failure))),
            }
        });
    }
}

/// Asks the user to confirm something that cannot be undone (the browser's own dialog, which
/// screen readers and keyboards handle).
pub fn confirm(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

thread_local! {
    /// What the app last announced (a sentence for everyone, screen readers included).
    static ANNOUNCEMENT: ArcRwSignal<Option<String>> = ArcRwSignal::new(None);
}

/// Says `text` to the user, wherever they are in the app (it outlives the page that said it), for
/// a few seconds.
pub fn announce(text: &str) {
    let text = text.to_owned();
    ANNOUNCEMENT.with(|announcement| announcement.set(Some(text.clone())));
    let clear = move || ANNOUNCEMENT.with(|announcement| announcement.update(|shown| if shown.as_deref() == Some(text.as_str()) { *shown = None }));
    gloo_timers::callback::Timeout::new(8_000, clear).forget();
}

/// Where announcements are shown and read out (once, in `App`).
#[component]
pub fn Announcer() -> impl IntoView {
    let announcement = ANNOUNCEMENT.with(Clone::clone);
    view! {
        <p class="announcement" role="status" aria-live="polite" data-testid="announcement">
            {move || announcement.get()}
        </p>
    }
}

/// One field both this form and the stored record changed: its name, and both values as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct DivergentField {
    pub label: String,
    pub stored: String,
    pub mine: String,
}

/// The record was changed elsewhere (another tab or device) since the form was opened, in fields
/// the form changed too: both values side by side, and the user chooses which to keep. Rarely
/// needed, so in the chunk `later` (fetched in the background once the app is up).
#[component]
pub fn DivergenceChoice(fields: Vec<DivergentField>, choose: Callback<shared::kinds::Prefer>) -> impl IntoView {
    let load: crate::screens::Load = std::sync::Arc::new(move || Box::pin(divergence_choice(fields.clone(), choose)));
    view! { <crate::screens::OnDemand load=load /> }
}

#[leptos::wasm_split::wasm_split(later, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_later))]
pub(crate) fn divergence_choice(fields: Vec<DivergentField>, choose: Callback<shared::kinds::Prefer>) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <DivergenceTable fields=fields choose=choose /> }.into_any())
}

#[component]
fn DivergenceTable(fields: Vec<DivergentField>, choose: Callback<shared::kinds::Prefer>) -> impl IntoView {
    use shared::kinds::Prefer;
    let rows = fields
        .into_iter()
        .map(|field| {
            view! {
                <tr data-testid="divergent-field">
                    <th scope="row">{field.label}</th>
                    <td data-testid="divergent-stored">{field.stored}</td>
                    <td data-testid="divergent-mine">{field.mine}</td>
                </tr>
            }
        })
        .collect_view();
    // Shown where the user is, and focused: it needs an answer before the save can go on.
    let shown = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(section) = shown.get() {
            let _ = section.focus();
        }
    });
    view! {
        <section class="card divergence" role="alertdialog" tabindex="-1" node_ref=shown aria-labelledby="divergence-title" aria-describedby="divergence-text" data-testid="divergence">
            <h2 id="divergence-title">{i18n::diverged_title()}</h2>
            <p id="divergence-text">{i18n::change_error(&ChangeError::Diverged(Vec::new()))}</p>
            <div class="table-scroll">
                <table class="standard">
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            <th scope="col">{i18n::diverged_stored()}</th>
                            <th scope="col">{i18n::diverged_mine()}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="actions">
                <button type="button" class="button button-primary" data-testid="keep-mine" on:click=move |_| choose.run(Prefer::Mine)>
                    {i18n::keep_mine()}
                </button>
                <button type="button" class="button button-quiet" data-testid="keep-stored" on:click=move |_| choose.run(Prefer::Stored)>
                    {i18n::keep_stored()}
                </button>
            </div>
        </section>
    }
}
