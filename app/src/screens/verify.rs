//! HR's verification queue: training records their supervisors confirmed, each with the JP to
//! recognise (the claim by default) or a reason to reject.

use leptos::prelude::*;
use shared::command::{Command, Record};
use shared::kinds::training;
use shared::kinds::training::{TrainingRecord, TrainingStatus};

use crate::components::shell::Shell;
use crate::i18n;
use crate::sync::SyncState;
use crate::ui::{Action, WaitingTag};

#[component]
pub fn VerifyPage() -> impl IntoView {
    view! { <Shell><VerifyQueue /></Shell> }
}

#[component]
fn VerifyQueue() -> impl IntoView {
    let sync = SyncState::get();
    // HR's device holds their queue (confirmed trainings) besides their own records.
    let confirmed = Memo::new(move |_| {
        let mut records: Vec<TrainingRecord> = sync
            .with(|r| {
                r.records()
                    .filter_map(|record| match record {
                        Record::Training(t) if t.status == TrainingStatus::Confirmed && t.employee != r.actor.id => Some(t.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        records.sort_by_key(|t| t.updated_at_ms);
        records
    });
    view! {
        <h1>{i18n::verify_title()}</h1>
        <p class="lead">{i18n::verify_intro()}</p>
        <Show
            when=move || !confirmed.with(Vec::is_empty)
            fallback=move || if sync.loaded.get() {
                view! { <p class="card empty" data-testid="verify-empty">{i18n::verify_empty()}</p> }.into_any()
            } else {
                view! { <p class="loading" role="status">{i18n::loading_records(sync.loading.get())}</p> }.into_any()
            }
        >
            // Keyed, so deciding one card leaves what is typed in the others alone.
            <ul class="queue">
                <For each=move || confirmed.get() key=|t| (t.id, t.version) let:training>
                    <li><VerifyCard training=training /></li>
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn VerifyCard(training: TrainingRecord) -> impl IntoView {
    let sync = SyncState::get();
    let id = training.id;
    let name = sync.with(|r| r.person(training.employee).map(|p| format!("{} · {}", p.name, p.position))).flatten().unwrap_or_default();
    let jp = RwSignal::new(training.details.jp_claimed.to_string());
    let reason = RwSignal::new(String::new());
    let action = Action::default();
    let run = move |command: Command| action.run(sync.change(command), || ());
    let verify = move |_| match jp.get_untracked().trim().parse::<u16>() {
        Ok(jp_recognised) => run(Command::VerifyTraining(training::Verify { id, jp_recognised })),
        Err(_) => action.error.set(Some(i18n::jp_number().to_owned())),
    };
    let reject = move |_| run(Command::RejectTraining(training::Reject { id, reason: reason.get_untracked().trim().to_owned() }));
    let d = &training.details;
    let jp_id = format!("jp-{}", id.0);
    let reason_id = format!("reason-{}", id.0);
    view! {
        <article class="card verify-card" data-testid="verify-item">
            <div class="row">
                <strong>{name}</strong>
                <WaitingTag record=id.0 />
            </div>
            <h2 class="training-title">{d.title.clone()}</h2>
            <p class="muted">{format!("{} · {} · {} – {} · {}", d.form.label(), d.provider, i18n::date(d.start), i18n::date(d.end), i18n::jp_claimed(d.jp_claimed))}</p>
            {(!d.certificate_number.is_empty()).then(|| view! { <p class="muted">{i18n::certificate_label()}": "{d.certificate_number.clone()}</p> })}
            <div class="verify-actions">
                <div class="field">
                    <label for=jp_id.clone()>{i18n::jp_recognised_label()}</label>
                    <input id=jp_id type="number" min="1" max=d.jp_claimed step="1" inputmode="numeric" data-testid="jp-recognised"
                        prop:value=move || jp.get() on:input=move |e| jp.set(event_target_value(&e)) />
                </div>
                <button type="button" class="button button-primary" data-testid="verify" disabled=move || action.busy.get() on:click=verify>{i18n::verify()}</button>
                <div class="field">
                    <label for=reason_id.clone()>{i18n::rejection_reason()}</label>
                    <input id=reason_id maxlength="2000" data-testid="verify-reason" prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e)) />
                </div>
                <button type="button" class="button button-quiet" data-testid="verify-reject" disabled=move || action.busy.get() on:click=reject>{i18n::reject()}</button>
            </div>
            <p class="form-error" role="alert" data-testid="verify-error">{move || action.error.get()}</p>
        </article>
    }
}
