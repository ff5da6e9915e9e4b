//! The supervisor's queue, designed for a tablet: the direct reports' submitted self-assessments
//! and training records as large cards; opening one shows what the employee wrote, lets the
//! supervisor set their own level per competency (large buttons) and approve or return with a
//! comment, or confirm or reject a training record. Works offline like everything else.

use leptos::prelude::*;
use shared::command::{Command, Record};
use shared::kinds::{training, self_assessment};
use shared::domain::Level;
use shared::kinds::self_assessment::{AssessmentStatus, SelfAssessment, SupervisorRating};
use shared::kinds::training::{TrainingRecord, TrainingStatus};
use shared::ids::{CompetencyId, EmployeeId};

use crate::components::shell::Shell;
use crate::i18n;
use crate::router::{Link, Route};
use crate::sync::{Dictionary, SyncState};
use crate::ui::{Action, StatusTag, WaitingTag, assessment_tone, training_tone};

#[component]
pub fn TeamPage() -> impl IntoView {
    view! { <Shell><TeamQueue /></Shell> }
}

#[component]
pub fn ReviewPage(id: uuid::Uuid) -> impl IntoView {
    let load: crate::screens::Load = std::sync::Arc::new(move || Box::pin(review_screen(id)));
    view! { <Shell><crate::screens::OnDemand load=load.clone() /></Shell> }
}

#[leptos::wasm_split::wasm_split(review, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload))]
pub(crate) fn review_screen(id: uuid::Uuid) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <ReviewScreen id=id /> }.into_any())
}

/// The team's records waiting for this supervisor, oldest first (found person by person).
fn queue(replica: &shared::sync::replica::Replica, team: &[EmployeeId]) -> Vec<Record> {
    let mut waiting: Vec<Record> = team
        .iter()
        .flat_map(|member| replica.records_of(*member))
        .filter(|record| match record {
            Record::SelfAssessment(a) => a.status == AssessmentStatus::Submitted,
            Record::Training(t) => t.status == TrainingStatus::Submitted,
            // The SKP plans have a board of their own (to come), not this queue.
            Record::SkpPlan(_) => false,
        })
        .cloned()
        .collect();
    waiting.sort_by_key(Record::updated_at_ms);
    waiting
}

#[component]
fn TeamQueue() -> impl IntoView {
    let sync = SyncState::get();
    let team = Memo::new(move |_| {
        sync.with(|r| r.reference().map(|reference| reference.team.iter().map(|m| m.person.id).collect::<Vec<_>>())).flatten()
    });
    // The team's records load after the app opens: until then, "loading" (not "nothing waits").
    let items = Memo::new(move |_| team.get().filter(|_| sync.loaded.get()).and_then(|team| sync.with(|r| queue(r, &team))));
    view! {
        <h1>{i18n::team_title()}</h1>
        <p class="lead">{i18n::team_intro()}</p>
        {move || match (team.get(), items.get()) {
            (None, _) | (_, None) => view! { <p class="loading" role="status">{i18n::loading_data()}</p> }.into_any(),
            (Some(team), _) if team.is_empty() => view! { <p class="card empty">{i18n::team_nobody()}</p> }.into_any(),
            (_, Some(items)) if items.is_empty() => view! { <p class="card empty" data-testid="queue-empty">{i18n::team_empty()}</p> }.into_any(),
            (_, Some(items)) => view! {
                <ul class="queue" data-testid="queue">
                    {items.into_iter().map(|record| view! { <li><QueueCard record=record /></li> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn QueueCard(record: Record) -> impl IntoView {
    let sync = SyncState::get();
    let owner = record.subject();
    let name = sync.with(|r| r.person(owner).map(|p| p.name.clone())).flatten().unwrap_or_default();
    let (kind, what) = match &record {
        Record::SelfAssessment(a) => (i18n::kind_assessment(), format!("{} {}", i18n::nav_assessment(), a.period)),
        Record::Training(t) => (i18n::kind_training(), format!("{} · {}", t.details.title, i18n::jp_claimed(t.details.jp_claimed))),
        Record::SkpPlan(p) => (i18n::kind_plan(), format!("SKP {}", p.year)),
    };
    view! {
        <Link to=Route::Review(record.id()) class="queue-card" test_id="queue-item">
            <span class="queue-kind">{kind}</span>
            <strong class="queue-name">{name}</strong>
            <span class="queue-what">{what}</span>
            <span class="queue-open" aria-hidden="true">"›"</span>
        </Link>
    }
}

/// What decides which review form is shown: the kind of record, its status and version (a newer
/// version is what the decision must be about), and whether the dictionary has come. A sync that
/// changes anything else leaves the form, and what the supervisor has set in it, alone.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    Assessment(AssessmentStatus, u64),
    Training(TrainingStatus, u64),
    /// A record this screen does not review (an SKP plan).
    Other,
}

#[component]
fn ReviewScreen(id: uuid::Uuid) -> impl IntoView {
    let sync = SyncState::get();
    let shown = Memo::new(move |_| {
        let shown = sync.with(|r| {
            r.record(id).map(|record| match record {
                Record::SelfAssessment(a) => Shown::Assessment(a.status, a.version),
                Record::Training(t) => Shown::Training(t.status, t.version),
                Record::SkpPlan(_) => Shown::Other,
            })
        });
        (shown.flatten(), sync.dictionary.with(Option::is_some), sync.loaded.get())
    });
    view! {
        <p><Link to=Route::Team class="button button-quiet">"‹ " {i18n::back()}</Link></p>
        {move || {
            let (_, _, loaded) = shown.get();
            let record = sync.with_untracked(|r| r.record(id).cloned()).flatten();
            match (record, sync.dictionary.get_untracked()) {
                // A report's records load after the app opens.
                (None, _) if !loaded => view! { <p class="loading" role="status">{i18n::loading_data()}</p> }.into_any(),
                (Some(Record::SelfAssessment(assessment)), Some(dictionary)) => {
                    view! { <AssessmentReview assessment=assessment dictionary=dictionary /> }.into_any()
                }
                (Some(Record::Training(training)), _) => view! { <TrainingReview training=training /> }.into_any(),
                // Reviewed on the SKP board (to come), not here.
                (Some(Record::SkpPlan(_)), _) => view! { <p class="card empty">{i18n::not_found_record()}</p> }.into_any(),
                // The shell shows this page only once the replica is open: an absent record is absent.
                (None, _) => view! { <p class="card empty">{i18n::not_found_record()}</p> }.into_any(),
                _ => view! { <p class="loading" role="status">{i18n::loading_data()}</p> }.into_any(),
            }
        }}
    }
}

/// The competencies of the employee's standard, from the reference data (their own standard, in
/// the order HR set it).
fn standard_of(employee: EmployeeId) -> Vec<(CompetencyId, Level)> {
    let sync = SyncState::get();
    sync.with(|r| {
        r.reference()
            .and_then(|reference| reference.team.iter().find(|m| m.person.id == employee))
            .map(|member| member.standard.iter().map(|line| (line.competency, line.level)).collect())
    })
    .flatten()
    .unwrap_or_default()
}

#[component]
fn AssessmentReview(assessment: SelfAssessment, dictionary: Dictionary) -> impl IntoView {
    let sync = SyncState::get();
    let name = sync.with(|r| r.person(assessment.employee).map(|p| p.name.clone())).flatten().unwrap_or_default();
    let standard = standard_of(assessment.employee);
    let id = assessment.id;
    let editable = assessment.status == AssessmentStatus::Submitted;
    // The supervisor's levels start at the employee's own.
    let levels: Vec<(CompetencyId, RwSignal<Option<Level>>)> = standard
        .iter()
        .map(|(competency, _)| {
            let own = assessment.ratings.iter().find(|r| r.competency == *competency).map(|r| r.level);
            (*competency, RwSignal::new(own))
        })
        .collect();
    let comment = RwSignal::new(String::new());
    let action = Action::default();
    let decide = {
        let levels = levels.clone();
        move |approve: bool| {
            let levels = levels.clone();
            move |_| {
                let ratings: Vec<SupervisorRating> = levels
                    .iter()
                    .filter_map(|(competency, level)| level.get_untracked().map(|level| SupervisorRating { competency: *competency, level }))
                    .collect();
                let comment = comment.get_untracked().trim().to_owned();
                let command = if approve {
                    Command::ApproveSelfAssessment(self_assessment::Approve { id, ratings, comment })
                } else {
                    Command::ReturnSelfAssessment(self_assessment::Return { id, ratings, comment })
                };
                action.run(sync.change(command), || crate::router::go_to(Route::Team));
            }
        }
    };
    let rows = levels
        .iter()
        .zip(&standard)
        .map(|((competency, level), (_, required))| {
            let entry = dictionary.get(competency);
            let title = entry.map_or_else(String::new, |c| format!("{} {}", c.code, c.name));
            let own = assessment.ratings.iter().find(|r| r.competency == *competency);
            let own_text = own.map_or_else(|| i18n::not_rated().to_owned(), |r| {
                let label = entry.and_then(|c| c.level(r.level)).map(|d| d.label.clone()).unwrap_or_default();
                format!("{} {}", r.level, label)
            });
            let evidence = own.map(|r| r.evidence.clone()).filter(|e| !e.is_empty()).unwrap_or_else(|| i18n::no_evidence().to_owned());
            let level = *level;
            let buttons = Level::all()
                .map(|value| {
                    let label = entry.and_then(|c| c.level(value)).map(|d| d.label.clone()).unwrap_or_default();
                    view! {
                        <button
                            type="button"
                            class="level-button"
                            class:chosen=move || level.get() == Some(value)
                            aria-pressed=move || if level.get() == Some(value) { "true" } else { "false" }
                            title=label
                            data-testid=format!("sup-level-{}", value.get())
                            on:click=move |_| level.set(Some(value))
                            disabled=!editable
                        >
                            {value.get()}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <div class="card review-row" data-testid="review-row">
                    <h3>{title}<span class="muted">{format!(" · {}: {}", i18n::required_level(), required)}</span></h3>
                    <p><span class="muted">{i18n::self_level()}": "</span><strong>{own_text}</strong></p>
                    <p class="evidence">{evidence}</p>
                    <div class="level-buttons" role="group" aria-label=i18n::supervisor_level()>{buttons}</div>
                </div>
            }
        })
        .collect_view();
    view! {
        <h1>{i18n::review_title()}</h1>
        <div class="row">
            <strong data-testid="review-name">{name}</strong>
            <span class="muted">{format!("{} {}", i18n::nav_assessment(), assessment.period)}</span>
            <StatusTag label=i18n::assessment_status(assessment.status) tone=assessment_tone(assessment.status) />
            <WaitingTag record=id.0 />
        </div>
        {rows}
        {editable.then(|| view! {
            <section class="card">
                <div class="field">
                    <label for="review-comment">{i18n::comment_label()}</label>
                    <textarea id="review-comment" data-testid="review-comment" rows="3" maxlength="2000" aria-describedby="review-comment-hint"
                        prop:value=move || comment.get() on:input=move |e| comment.set(event_target_value(&e))></textarea>
                    <p class="hint" id="review-comment-hint">{i18n::comment_hint()}</p>
                </div>
                <p class="form-error" role="alert" data-testid="review-error">{move || action.error.get()}</p>
                <div class="actions actions-large">
                    <button type="button" class="button button-quiet button-large" data-testid="return" on:click=decide(false) disabled=move || action.busy.get()>{i18n::return_button()}</button>
                    <button type="button" class="button button-primary button-large" data-testid="approve" on:click=decide(true) disabled=move || action.busy.get()>{i18n::approve()}</button>
                </div>
            </section>
        })}
    }
}

#[component]
fn TrainingReview(training: TrainingRecord) -> impl IntoView {
    let sync = SyncState::get();
    let name = sync.with(|r| r.person(training.employee).map(|p| p.name.clone())).flatten().unwrap_or_default();
    let id = training.id;
    let editable = training.status == TrainingStatus::Submitted;
    let reason = RwSignal::new(String::new());
    let action = Action::default();
    let error = action.error;
    let run = move |confirm: bool| {
        move |_| {
            let command = if confirm { Command::ConfirmTraining(training::Confirm { id }) } else { Command::RejectTraining(training::Reject { id, reason: reason.get_untracked().trim().to_owned() }) };
            action.run(sync.change(command), || crate::router::go_to(Route::Team));
        }
    };
    let d = &training.details;
    view! {
        <h1>{i18n::kind_training()}": " {d.title.clone()}</h1>
        <div class="row">
            <strong>{name}</strong>
            <StatusTag label=i18n::training_status(training.status) tone=training_tone(training.status) />
            {crate::ui::entered_by_hr(&training)}
        </div>
        <section class="card">
            <dl class="facts">
                <div><dt>{i18n::form_label()}</dt><dd>{d.form.label()}</dd></div>
                <div><dt>{i18n::provider_label()}</dt><dd>{d.provider.clone()}</dd></div>
                <div><dt>{i18n::start_label()}</dt><dd>{i18n::date(d.start)}</dd></div>
                <div><dt>{i18n::end_label()}</dt><dd>{i18n::date(d.end)}</dd></div>
                <div><dt>{i18n::jp_label()}</dt><dd>{i18n::jp_claimed(d.jp_claimed)}</dd></div>
                <div><dt>{i18n::certificate_label()}</dt><dd>{d.certificate_number.clone()}</dd></div>
            </dl>
        </section>
        {editable.then(|| view! {
            <section class="card">
                <div class="field">
                    <label for="reject-reason">{i18n::rejection_reason()}</label>
                    <textarea id="reject-reason" data-testid="reject-reason" rows="2" maxlength="2000"
                        prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e))></textarea>
                </div>
                <p class="form-error" role="alert">{move || error.get()}</p>
                <div class="actions actions-large">
                    <button type="button" class="button button-quiet button-large" data-testid="reject" disabled=move || action.busy.get() on:click=run(false)>{i18n::reject()}</button>
                    <button type="button" class="button button-primary button-large" data-testid="confirm" disabled=move || action.busy.get() on:click=run(true)>{i18n::confirm()}</button>
                </div>
            </section>
        })}
    }
}
