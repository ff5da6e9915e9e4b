//! Small helpers the pages share: the current year, reading form fields, status tags.

use leptos::prelude::*;

use crate::i18n;

/// The calendar year on this device (the self-assessment period and the JP year).
pub fn current_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

/// "2026-05-04" from a date input, if complete and valid.
pub fn parse_date(text: &str) -> Option<time::Date> {
    let mut parts = text.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = time::Month::try_from(parts.next()?.parse::<u8>().ok()?).ok()?;
    let day = parts.next()?.parse().ok()?;
    time::Date::from_calendar_date(year, month, day).ok()
}

/// The value a date input shows for `date`.
pub fn date_input(date: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// A status badge; `tone` picks its colour (neutral, info, good, warn, bad).
#[component]
pub fn StatusTag(label: &'static str, tone: &'static str) -> impl IntoView {
    view! { <span class=format!("status status-{tone}") data-testid="status">{label}</span> }
}

/// The "waiting to sync" marker for a record with commands in the outbox.
#[component]
pub fn WaitingTag() -> impl IntoView {
    view! {
        <span class="status status-waiting" data-testid="waiting" title=i18n::waiting_hint()>
            <span class="dot" aria-hidden="true"></span>
            {i18n::waiting()}
        </span>
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

/// Asks the user to confirm something that cannot be undone (the browser's own dialog, which
/// screen readers and keyboards handle).
pub fn confirm(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}
