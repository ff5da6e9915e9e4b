//! HR's verification queue: training records their supervisors confirmed, each with the JP to
//! recognise (the claim by default) or a reason to reject. Loaded on demand (only HR opens it):
//! [`load`] is its split point.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use shared::command::{Command, Record};
use shared::kinds::training;
use shared::kinds::training::{TrainingRecord, TrainingStatus};
use shared::sync::replica::Replica;

use crate::components::shell::Shell;
use crate::screens::OnDemand;
use crate::i18n;
use crate::sync::SyncState;
use crate::ui::{Action, WaitingTag};

#[component]
pub fn VerifyPage() -> impl IntoView {
    view! { <Shell><OnDemand load=std::sync::Arc::new(load) /></Shell> }
}

/// The screen, from its chunk.
fn load() -> crate::screens::Loading {
    Box::pin(verify_queue())
}

/// The split point: this function and everything only it reaches go to the chunk `verify`; the
/// first call fetches it. (`#[lazy]` would do the same, but its wrapper panics when the fetch
/// fails, and a panic stops the whole app; `fallible` answers the failure instead.)
#[wasm_split(verify, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload))]
pub(super) fn verify_queue() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <VerifyQueue /> }.into_any())
}

/// How many cards the queue shows at first, and how many more each "show more" adds: a large
/// agency's queue holds many thousands, and the oldest are the ones to do first.
const PAGE: usize = 50;

/// The confirmed trainings of others (that someone else confirmed), oldest first: the first `limit` of them, and how many
/// there are. One pass over the records, cloning only those shown.
fn queue(replica: &Replica, limit: usize) -> (Vec<TrainingRecord>, usize) {
    let mut waiting: Vec<&TrainingRecord> = replica
        .records()
        .filter_map(|record| match record {
            // Not their own, nor one they confirmed themselves (the rules refuse both).
            Record::Training(t) if t.status == TrainingStatus::Confirmed && t.employee != replica.actor.id && t.confirmed_by != Some(replica.actor.id) => Some(t),
            _ => None,
        })
        .collect();
    let total = waiting.len();
    let order = |t: &&TrainingRecord| (t.updated_at_ms, t.id.0);
    if waiting.len() > limit {
        waiting.select_nth_unstable_by_key(limit, order);
        waiting.truncate(limit);
    }
    waiting.sort_unstable_by_key(order);
    (waiting.into_iter().cloned().collect(), total)
}

#[component]
fn VerifyQueue() -> impl IntoView {
    let sync = SyncState::get();
    let limit = RwSignal::new(PAGE);
    // HR's device holds their queue (confirmed trainings) besides their own records.
    let page = Memo::new(move |_| sync.with(|r| queue(r, limit.get())).unwrap_or_default());
    let shown = move || page.with(|(records, _)| records.clone());
    let more = move || page.with(|(records, total)| total - records.len());
    view! {
        <h1>{i18n::verify_title()}</h1>
        <p class="lead">{i18n::verify_intro()}</p>
        <Show
            when=move || page.with(|(_, total)| *total > 0)
            fallback=move || if sync.loaded.get() {
                view! { <p class="card empty" data-testid="verify-empty">{i18n::verify_empty()}</p> }.into_any()
            } else {
                view! { <p class="loading" role="status">{i18n::loading_records(sync.loading.get())}</p> }.into_any()
            }
        >
            <p class="muted" role="status" data-testid="verify-count">{move || i18n::verify_waiting(page.with(|(_, total)| *total))}</p>
            // Keyed, so deciding one card leaves what is typed in the others alone.
            <ul class="queue">
                <For each=shown key=|t| (t.id, t.version) let:training>
                    <li><VerifyCard training=training /></li>
                </For>
            </ul>
            <Show when=move || { more() > 0 }>
                <button type="button" class="button button-quiet button-block" data-testid="verify-more" on:click=move |_| limit.update(|l| *l += PAGE)>
                    {move || i18n::show_more(more().min(PAGE))}
                </button>
            </Show>
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
                {crate::ui::entered_by_hr(&training)}
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
