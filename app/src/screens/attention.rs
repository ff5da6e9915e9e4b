//! "Perlu perhatian": every change the server refused, with the reason in plain Indonesian and the
//! user's data as they entered it, until they rework it or discard it explicitly. Needed now and
//! then, not to open the app: a chunk of its own, fetched in the background once the app is up
//! (so it is there offline too).

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use shared::command::{Command, Rejection};
use shared::kinds::{training, self_assessment};
use shared::sync::replica::Attention;

use crate::router::Route;
use crate::components::shell::Shell;
use crate::screens::OnDemand;
use crate::i18n;
use crate::sync::SyncState;
use crate::ui::Action;

#[component]
pub fn AttentionPage() -> impl IntoView {
    view! { <Shell><OnDemand load=std::sync::Arc::new(load) /></Shell> }
}

fn load() -> crate::screens::Loading {
    Box::pin(attention_list())
}

/// The split point (see `screens/mod.rs`); `preload` fetches the chunk without showing it.
#[wasm_split(attention, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload))]
pub(super) fn attention_list() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <AttentionList /> }.into_any())
}

#[component]
fn AttentionList() -> impl IntoView {
    let sync = SyncState::get();
    let items = Memo::new(move |_| sync.with(|r| r.attention().to_vec()).unwrap_or_default());
    view! {
        <h1>{i18n::attention_title()}</h1>
        <p class="lead">{i18n::attention_intro()}</p>
        <Show
            when=move || !items.with(Vec::is_empty)
            fallback=|| view! { <p class="card empty" data-testid="attention-empty">{i18n::attention_empty()}</p> }
        >
            <ul class="queue" data-testid="attention-list">
                <For each=move || items.get() key=|item| item.envelope.command_id let:item>
                    <li><AttentionCard item=item /></li>
                </For>
            </ul>
        </Show>
    }
}

#[component]
fn AttentionCard(item: Attention) -> impl IntoView {
    let sync = SyncState::get();
    let command_id = item.envelope.command_id;
    let action = Action::default();
    let error = action.error;
    let discard = move |_| {
        if crate::ui::confirm(i18n::confirm_discard()) {
            action.run(sync.discard(command_id), || ());
        }
    };
    let command = item.envelope.command.clone();
    // What the user entered, shown as it was.
    let code_of = |competency| {
        sync.with(|r| r.reference().and_then(|reference| reference.dictionary.iter().find(|c| c.id == competency)).map(|c| c.code.clone()))
            .flatten()
            .unwrap_or_default()
    };
    let kept = match &command {
        Command::SaveSelfAssessment(self_assessment::Save { ratings, .. }) => ratings
            .iter()
            .map(|r| {
                let line = format!("{} · level {}", code_of(r.competency), r.level);
                if r.evidence.is_empty() { line } else { format!("{line} — {}", r.evidence) }
            })
            .collect::<Vec<_>>(),
        Command::SaveTraining(training::Save { details, .. }) => vec![format!(
            "{} · {} · {} – {} · {}",
            details.title,
            details.provider,
            i18n::date(details.start),
            i18n::date(details.end),
            i18n::jp_claimed(details.jp_claimed)
        )],
        Command::ApproveSelfAssessment(self_assessment::Approve { comment, .. }) | Command::ReturnSelfAssessment(self_assessment::Return { comment, .. }) if !comment.is_empty() => {
            vec![comment.clone()]
        }
        Command::RejectTraining(training::Reject { reason, .. }) if !reason.is_empty() => vec![reason.clone()],
        Command::VerifyTraining(training::Verify { jp_recognised, .. }) => vec![format!("{}: {jp_recognised}", i18n::jp_recognised_label())],
        // The RHK as typed; the notes and expectations of a decision.
        Command::SaveSkpPlan(shared::kinds::skp_plan::Save { rhk, .. }) => rhk.iter().map(|r| r.text.clone()).collect(),
        Command::ReturnSkpPlan(shared::kinds::skp_plan::Return { comment, .. }) if !comment.is_empty() => vec![comment.clone()],
        Command::ApproveSkpPlan(shared::kinds::skp_plan::Approve { expectations, comment, .. }) => {
            expectations.iter().chain(std::iter::once(comment)).filter(|t| !t.is_empty()).cloned().collect()
        }
        // Nothing typed (every command is named, so a new one is decided here, not forgotten).
        Command::ApproveSelfAssessment(_)
        | Command::ReturnSelfAssessment(_)
        | Command::RejectTraining(_)
        | Command::SubmitSelfAssessment(_)
        | Command::SubmitTraining(_)
        | Command::ConfirmTraining(_)
        | Command::ReturnSkpPlan(_)
        | Command::SubmitSkpPlan(_)
        | Command::DiscardDraft(_) => Vec::new(),
    };
    // The way back to work on it.
    let rework = match (&command, &item.rejection) {
        // An edit of an approved assessment becomes a proposed amendment with the same levels.
        (Command::SaveSelfAssessment(self_assessment::Save { id, period, ratings, amends: None }), Rejection::Locked) => {
            let (old, period, ratings) = (*id, *period, ratings.clone());
            Some((i18n::make_amendment(), Callback::new(move |()| {
                let amendment = crate::pages::assessment::amendment(old, period, ratings.clone());
                let made = async move {
                    sync.change(amendment).await?;
                    sync.discard(command_id).await
                };
                action.run(made, || crate::router::go_to(Route::Assessment(None)));
            })))
        }
        (Command::SaveSelfAssessment(self_assessment::Save { .. }), _) => {
            Some((i18n::edit_again(), Callback::new(move |()| crate::router::go_to(Route::Assessment(Some(command_id.0))))))
        }
        (Command::SubmitSelfAssessment(self_assessment::Submit { .. }), _) => {
            Some((i18n::edit_again(), Callback::new(move |()| crate::router::go_to(Route::Assessment(None)))))
        }
        (Command::SaveTraining(training::Save { .. }), _) => {
            Some((i18n::edit_again(), Callback::new(move |()| crate::router::go_to(Route::Training(Some(command_id.0))))))
        }
        (Command::ApproveSelfAssessment(self_assessment::Approve { id, .. }) | Command::ReturnSelfAssessment(self_assessment::Return { id, .. }), _) => {
            let id = *id;
            Some((i18n::review_again(), Callback::new(move |()| crate::router::go_to(Route::Review(id.0)))))
        }
        (Command::VerifyTraining(_), _) => Some((i18n::review_again(), Callback::new(move |()| crate::router::go_to(Route::Verify)))),
        // The record is on its screen as it is now; nothing to take back to.
        (Command::SubmitTraining(_) | Command::ConfirmTraining(_) | Command::RejectTraining(_) | Command::DiscardDraft(_), _) => None,
        // The SKP screens (to come) take these back; the data stays shown above until then.
        (Command::SaveSkpPlan(_) | Command::SubmitSkpPlan(_) | Command::ApproveSkpPlan(_) | Command::ReturnSkpPlan(_), _) => None,
    };
    view! {
        <article class="card attention-card" data-testid="attention-item">
            <h2>{i18n::command_summary(&command)}</h2>
            <p class="notice notice-warning" data-testid="attention-reason">{i18n::rejection(&item.rejection)}</p>
            {(!kept.is_empty()).then(|| view! {
                <div class="kept">
                    <p class="muted">{i18n::your_data()}":"</p>
                    <ul data-testid="attention-data">{kept.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                </div>
            })}
            <p class="form-error" role="alert">{move || error.get()}</p>
            <div class="actions">
                <button type="button" class="button button-quiet" data-testid="attention-discard" disabled=move || action.busy.get() on:click=discard>{i18n::discard()}</button>
                {rework.map(|(label, rework)| view! {
                    <button type="button" class="button button-primary" data-testid="attention-rework" disabled=move || action.busy.get() on:click=move |_| rework.run(())>{label}</button>
                })}
            </div>
        </article>
    }
}
