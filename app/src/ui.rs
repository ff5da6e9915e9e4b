//! Small helpers the pages share: the current year, status tags, confirmation.

use leptos::prelude::*;

use crate::i18n;
use crate::sync::SyncState;
use crate::sync::engine::ChangeError;

/// The calendar year on this device (the self-assessment period and the JP year).
pub fn current_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

/// A status badge; `tone` picks its colour (neutral, info, good, warn, bad).
#[component]
pub fn StatusTag(label: &'static str, tone: &'static str) -> impl IntoView {
    view! { <span class=format!("status status-{tone}") data-testid="status">{label}</span> }
}

/// The "waiting to sync" marker, shown while `record` has commands in the outbox.
#[component]
pub fn WaitingTag(record: uuid::Uuid) -> impl IntoView {
    let sync = SyncState::get();
    move || {
        sync.pending.with(|pending| pending.contains(&record)).then(|| {
            view! {
                <span class="status status-waiting" data-testid="waiting" title=i18n::waiting_hint()>
                    <span class="dot" aria-hidden="true"></span>
                    {i18n::waiting()}
                </span>
            }
        })
    }
}

pub fn assessment_tone(status: shared::domain::AssessmentStatus) -> &'static str {
    use shared::domain::AssessmentStatus::*;
    match status {
        Draft => "neutral",
        Submitted => "info",
        Approved => "good",
        Returned => "warn",
    }
}

pub fn training_tone(status: shared::domain::TrainingStatus) -> &'static str {
    use shared::domain::TrainingStatus::*;
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
