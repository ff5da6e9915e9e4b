//! The employee's training records: the year's recognised JP against the 20 JP target, the list
//! with each record's status, and a form to add or correct one. A refused change opened from
//! "Perlu perhatian" (`?ulang=<command id>`) comes back into the form with what the user typed.

use leptos::prelude::*;
use shared::command::{Command, Record};
use shared::kinds::{DiscardDraft, Divergence, Prefer, training};
use shared::domain::iso_date;
use shared::kinds::training::{TrainingDetails, TrainingForm, TrainingRecord, TrainingStatus};
use shared::ids::{CommandId, CompetencyId, EmployeeId, TrainingId};
use shared::rules::jp::{YEARLY_TARGET_JP, year_jp};

use crate::components::shell::Shell;
use crate::i18n;
use crate::sync::{ChangeError, Edited, SyncState};
use crate::ui::{Action, DivergenceChoice, DivergentField, StatusTag, WaitingTag, current_year, training_tone};

#[component]
pub fn TrainingPage() -> impl IntoView {
    view! { <Shell><TrainingScreen /></Shell> }
}

/// What the form is editing.
#[derive(Clone, Debug, PartialEq)]
enum Editing {
    New,
    /// An existing record (Draft or Rejected).
    Record(TrainingId, TrainingDetails),
    /// A refused save, brought back with what the user typed, and whom it was about (HR's entry
    /// for an employee stays theirs).
    Retry(CommandId, TrainingId, TrainingDetails, Option<EmployeeId>),
}

/// The training form: what it edits (if open), and whether the user has typed anything in it.
#[derive(Clone, Copy)]
struct Form {
    editing: RwSignal<Option<Editing>>,
    touched: StoredValue<bool>,
    /// Goes up each time the form is opened, closed or switched.
    opened: StoredValue<u64>,
    /// Whom a new record is about: `None`, the user; HR entering one for an employee, them.
    subject: Option<EmployeeId>,
}

impl Form {
    fn new(subject: Option<EmployeeId>) -> Form {
        Form { editing: RwSignal::new(None), touched: StoredValue::new(false), opened: StoredValue::new(0), subject }
    }

    fn show(self, what: Option<Editing>) {
        self.touched.set_value(false);
        self.opened.update_value(|opened| *opened += 1);
        self.editing.set(what);
    }
}

/// Opens the form for `next`. Asking again for the form already open leaves it as it is, and a
/// form open for something else, with something typed in it, is closed only if the user agrees
/// (what was typed is lost); an untouched one is simply replaced.
fn open_form(form: Form, next: Editing) {
    let same = form.editing.with_untracked(|current| match current {
        Some(current) if *current == next => Some(true),
        Some(_) => Some(false),
        None => None,
    });
    match same {
        Some(true) => {}
        Some(false) if form.touched.get_value() && !crate::ui::confirm(i18n::confirm_close_form()) => {}
        _ => form.show(Some(next)),
    }
}

#[component]
fn TrainingScreen() -> impl IntoView {
    let sync = SyncState::get();
    let year = current_year();
    let me = Memo::new(move |_| sync.with(|r| r.actor.id));
    let records = trainings_of(me);
    let jp = Memo::new(move |_| me.get().map(|me| records.with(|records| year_jp(records, me, year))).unwrap_or_default());
    // The agency's target, from its policy (20 JP unless HR set another).
    let target = Memo::new(move |_| sync.with(|r| u32::from(r.policy().jp_target)).unwrap_or(YEARLY_TARGET_JP));
    let form = Form::new(None);
    // Coming from "Perlu perhatian": the refused save, back in the form.
    let retry = crate::router::query("ulang").and_then(|id| id.parse().ok()).map(CommandId);
    if let Some(command_id) = retry {
        let kept = sync.with(|r| {
            r.attention().iter().find(|a| a.envelope.command_id == command_id).and_then(|a| match &a.envelope.command {
                Command::SaveTraining(training::Save { id, details, subject }) => Some((*id, details.clone(), *subject)),
                _ => None,
            })
        });
        if let Some(Some((id, details, subject))) = kept {
            form.show(Some(Editing::Retry(command_id, id, details, subject)));
        }
    }

    view! {
        <div class="page-head">
            <h1>{i18n::training_title()}</h1>
            <button class="button button-primary" data-testid="add-training" on:click=move |_| open_form(form, Editing::New)>
                "+ " {i18n::add_training()}
            </button>
        </div>
        <section class="card jp-card" aria-labelledby="jp-heading" data-testid="jp-progress">
            <h2 id="jp-heading">{format!("{} {year}", i18n::jp_title())}</h2>
            <progress
                class="jp-bar"
                max=move || target.get()
                value=move || jp.get().recognised.min(target.get())
                aria-labelledby="jp-heading"
                aria-describedby="jp-text"
            ></progress>
            <p id="jp-text" data-testid="jp-text">{move || i18n::jp_progress(jp.get().recognised, target.get(), jp.get().pending)}</p>
            {move || jp.get().met(target.get()).then(|| view! { <p class="good">{i18n::jp_met()}</p> })}
        </section>
        <TrainingList records=records form=form empty=i18n::training_empty() />
    }
}

/// `subject`'s training records, newest first, found by person (not by going through every
/// record).
fn trainings_of(subject: Memo<Option<EmployeeId>>) -> Memo<Vec<TrainingRecord>> {
    let sync = SyncState::get();
    Memo::new(move |_| {
        let mut records: Vec<TrainingRecord> = subject
            .get()
            .and_then(|subject| {
                sync.with(|r| {
                    r.records_of(subject)
                        .filter_map(|record| match record {
                            Record::Training(t) => Some(t.clone()),
                            _ => None,
                        })
                        .collect()
                })
            })
            .unwrap_or_default();
        records.sort_by(|a, b| b.details.start.cmp(&a.details.start).then_with(|| a.details.title.cmp(&b.details.title)));
        records
    })
}

/// The form when open (from its chunk), then the records, or `empty` when there are none.
#[component]
fn TrainingList(records: Memo<Vec<TrainingRecord>>, form: Form, empty: &'static str) -> impl IntoView {
    view! {
        {move || form.editing.get().map(|what| {
            // A save finishing late closes its own form only, not one opened meanwhile.
            let opening = form.opened.get_value();
            let on_done = move || {
                if form.opened.get_value() == opening {
                    form.show(None);
                }
            };
            let touched = form.touched;
            // A retried save keeps its subject; a new one is the form's.
            let subject = match &what {
                Editing::Retry(_, _, _, Some(subject)) => Some(*subject),
                _ => form.subject,
            };
            let on_done = Callback::new(move |()| on_done());
            let load: crate::screens::Load = std::sync::Arc::new(move || Box::pin(training_form(what.clone(), subject, touched, on_done)));
            view! { <crate::screens::OnDemand load=load.clone() /> }
        })}
        <section aria-label=i18n::training_title() class="list">
            <Show
                when=move || !records.with(Vec::is_empty)
                fallback=move || view! { <p class="card empty" data-testid="training-empty">{empty}</p> }
            >
                <For each=move || records.get() key=|t| (t.id, t.version, t.status) let:record>
                    <TrainingCard record=record form=form />
                </For>
            </Show>
        </section>
    }
}

/// The trainings HR entered for an employee without a device (HR's employees screen): HR adds
/// one, submits it for their supervisor to confirm, and corrects it if it comes back rejected.
/// HR's device holds these until they are verified.
#[component]
pub(crate) fn EnteredTrainings(subject: EmployeeId, name: String) -> impl IntoView {
    let records = trainings_of(Memo::new(move |_| Some(subject)));
    let entered = Memo::new(move |_| records.get().into_iter().filter(|t| t.entered_by.is_some()).collect::<Vec<_>>());
    let form = Form::new(Some(subject));
    let heading = format!("entered-{}", subject.0);
    let labelled_by = heading.clone();
    view! {
        <section class="entered-trainings" aria-labelledby=labelled_by data-testid="entered-trainings">
            <div class="page-head">
                <h3 id=heading>{i18n::entered_trainings(&name)}</h3>
                <button type="button" class="button button-primary" data-testid="enter-training" on:click=move |_| open_form(form, Editing::New)>
                    "+ " {i18n::add_training()}
                </button>
            </div>
            <TrainingList records=entered form=form empty=i18n::entered_trainings_empty() />
        </section>
    }
}

#[component]
fn TrainingCard(record: TrainingRecord, form: Form) -> impl IntoView {
    let sync = SyncState::get();
    let id = record.id;
    let editable = matches!(record.status, TrainingStatus::Draft | TrainingStatus::Rejected);
    let action = Action::default();
    let run = move |command: Command| action.run(sync.change(command), || ());
    let details = record.details.clone();
    let title = record.details.title.clone();
    let d = &record.details;
    let dates = if d.start == d.end { i18n::date(d.start) } else { format!("{} – {}", i18n::date(d.start), i18n::date(d.end)) };
    view! {
        <article class="card training" data-testid="training-card">
            <div class="row">
                <StatusTag label=i18n::training_status(record.status) tone=training_tone(record.status) />
                {crate::ui::entered_by_hr(&record)}
                <WaitingTag record=id.0 />
            </div>
            <h2 class="training-title" data-testid="training-title">{d.title.clone()}</h2>
            <p class="muted">{format!("{} · {} · {}", d.form.label(), d.provider, dates)}</p>
            <p>
                <strong>{i18n::jp_claimed(d.jp_claimed)}</strong>
                {record.verification.map(|v| format!(" · {}", i18n::jp_recognised(v.jp_recognised)))}
            </p>
            {record.rejection.as_ref().map(|note| view! {
                <p class="notice notice-warning" data-testid="rejection-reason">{i18n::rejection_reason()}": "{note.reason.clone()}</p>
            })}
            <p class="form-error" role="alert">{move || action.error.get()}</p>
            {editable.then(|| view! {
                <div class="actions">
                    <button class="button button-quiet" aria-label=format!("{}: {}", i18n::edit(), title) data-testid="edit-training" on:click=move |_| open_form(form, Editing::Record(id, details.clone()))>{i18n::edit()}</button>
                    <button class="button button-quiet" aria-label=format!("{}: {}", i18n::delete_draft(), title) disabled=move || action.busy.get() on:click=move |_| {
                        if crate::ui::confirm(i18n::confirm_delete_draft()) { run(Command::DiscardDraft(DiscardDraft { id: id.0 })) }
                    }>{i18n::delete_draft()}</button>
                    <button class="button button-primary" data-testid="submit-training" aria-label=format!("{}: {}", i18n::submit(), title) disabled=move || action.busy.get() on:click=move |_| run(Command::SubmitTraining(training::Submit { id }))>{i18n::submit()}</button>
                </div>
            })}
        </article>
    }
}

/// The form, from a chunk of its own: what the list needs comes with the app; the form, fetched
/// in the background once the app is up, follows (kept for offline use like the app).
#[leptos::wasm_split::wasm_split(forms, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_form))]
pub(crate) fn training_form(editing: Editing, subject: Option<EmployeeId>, touched: StoredValue<bool>, on_done: Callback<()>) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    let on_done = move || on_done.run(());
    Ok(view! { <TrainingFormCard editing=editing subject=subject touched=touched on_done=on_done /> }.into_any())
}

#[component]
fn TrainingFormCard(editing: Editing, subject: Option<EmployeeId>, touched: StoredValue<bool>, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let sync = SyncState::get();
    let dictionary = sync.with(|r| r.reference().map(|r| r.dictionary.clone())).flatten().unwrap_or_default();
    let (id, details, retry) = match &editing {
        Editing::New => (TrainingId(crate::new_uuid()), None, None),
        Editing::Record(id, details) => (*id, Some(details.clone()), None),
        Editing::Retry(command, id, details, _) => (*id, Some(details.clone()), Some(*command)),
    };
    let title = RwSignal::new(details.as_ref().map(|d| d.title.clone()).unwrap_or_default());
    let form = RwSignal::new(details.as_ref().map_or(TrainingForm::PelatihanTeknis, |d| d.form));
    let provider = RwSignal::new(details.as_ref().map(|d| d.provider.clone()).unwrap_or_default());
    let start = RwSignal::new(details.as_ref().map(|d| iso_date::format(d.start)).unwrap_or_default());
    let end = RwSignal::new(details.as_ref().map(|d| iso_date::format(d.end)).unwrap_or_default());
    let jp = RwSignal::new(details.as_ref().map(|d| d.jp_claimed.to_string()).unwrap_or_default());
    let certificate = RwSignal::new(details.as_ref().map(|d| d.certificate_number.clone()).unwrap_or_default());
    let competencies = RwSignal::new(details.as_ref().map(|d| d.competencies.clone()).unwrap_or_default());
    let action = Action::default();
    let error = action.error;
    // The record as this form found it: a save is merged into what is stored if another tab or
    // device changed it since.
    let form_base = StoredValue::new(sync.with_untracked(|r| r.record(id.0).cloned()).flatten());
    // Fields both this form and another tab or device changed: shown, for the user to choose.
    let divergence = RwSignal::new(None::<(Vec<DivergentField>, bool)>);
    // The form opens where the user will type: focus goes to its first field.
    let first_field = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = first_field.get() {
            let _ = input.focus();
        }
    });

    let save = move |submit: bool, prefer: Option<Prefer>| {
        {
            let (Some(start_date), Some(end_date)) = (iso_date::parse(&start.get_untracked()), iso_date::parse(&end.get_untracked())) else {
                error.set(Some(i18n::date_required().to_owned()));
                return;
            };
            let Ok(jp_claimed) = jp.get_untracked().trim().parse::<u16>() else {
                error.set(Some(i18n::jp_number().to_owned()));
                return;
            };
            let details = TrainingDetails {
                title: title.get_untracked().trim().to_owned(),
                form: form.get_untracked(),
                provider: provider.get_untracked().trim().to_owned(),
                start: start_date,
                end: end_date,
                jp_claimed,
                competencies: competencies.get_untracked(),
                certificate_number: certificate.get_untracked().trim().to_owned(),
            };
            divergence.set(None);
            let base = form_base.get_value();
            let steps = async move {
                let mine = details.clone();
                let saved = sync.edit(Command::SaveTraining(training::Save { id, details, subject }), base, prefer).await;
                if let Err(ChangeError::Diverged(fields)) = &saved {
                    let stored = sync.with_untracked(|r| match r.record(id.0) {
                        Some(Record::Training(t)) => Some(t.details.clone()),
                        _ => None,
                    });
                    if let Some(Some(stored)) = stored {
                        divergence.set(Some((divergent_fields(fields, &stored, &mine), submit)));
                    }
                }
                let edited = saved?;
                if submit {
                    sync.change(Command::SubmitTraining(training::Submit { id })).await?;
                }
                if let Some(command) = retry {
                    // The corrected save replaces the refused one.
                    sync.discard(command).await?;
                }
                if edited == Edited::Merged {
                    crate::ui::announce(i18n::merged());
                }
                Ok(())
            };
            action.run(steps, on_done);
        }
    };
    let choose = Callback::new(move |prefer: Prefer| {
        if let Some((_, submit)) = divergence.get_untracked() {
            save(submit, Some(prefer));
        }
    });

    let form_options = |klasikal: bool| {
        TrainingForm::ALL
            .into_iter()
            .filter(move |f| f.is_klasikal() == klasikal)
            .map(move |f| view! { <option value=f.label() selected=move || form.get() == f>{f.label()}</option> })
            .collect_view()
    };
    let competency_boxes = dictionary
        .into_iter()
        .map(|c| {
            let cid: CompetencyId = c.id;
            view! {
                <label class="checkbox">
                    <input
                        type="checkbox"
                        prop:checked=move || competencies.with(|list| list.contains(&cid))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            competencies.update(|list| {
                                list.retain(|x| *x != cid);
                                if on { list.push(cid) }
                            });
                        }
                    />
                    {format!("{} {}", c.code, c.name)}
                </label>
            }
        })
        .collect_view();
    let heading = if matches!(editing, Editing::New) { i18n::add_training() } else { i18n::edit_training() };

    view! {
        <section class="card training-form" aria-labelledby="training-form-heading">
            <h2 id="training-form-heading">{heading}</h2>
            // Any field typed in or changed (their `input` events bubble here) makes switching away ask first.
            <form class="form-grid" on:submit=|event| event.prevent_default() on:input=move |_| touched.set_value(true) novalidate>
                <div class="field span-2">
                    <label for="t-title">{i18n::title_label()}</label>
                     <input id="t-title" node_ref=first_field data-testid="t-title" maxlength="300" prop:value=move || title.get() on:input=move |e| title.set(event_target_value(&e)) />
                </div>
                <div class="field">
                    <label for="t-form">{i18n::form_label()}</label>
                    <select id="t-form" data-testid="t-form" on:change=move |e| {
                        let label = event_target_value(&e);
                        if let Some(f) = TrainingForm::ALL.into_iter().find(|f| f.label() == label) { form.set(f) }
                    }>
                        <optgroup label=i18n::klasikal()>{form_options(true)}</optgroup>
                        <optgroup label=i18n::non_klasikal()>{form_options(false)}</optgroup>
                    </select>
                </div>
                <div class="field">
                    <label for="t-provider">{i18n::provider_label()}</label>
                    <input id="t-provider" data-testid="t-provider" maxlength="300" prop:value=move || provider.get() on:input=move |e| provider.set(event_target_value(&e)) />
                </div>
                <div class="field">
                    <label for="t-start">{i18n::start_label()}</label>
                    <input id="t-start" data-testid="t-start" type="date" prop:value=move || start.get() on:input=move |e| start.set(event_target_value(&e)) />
                </div>
                <div class="field">
                    <label for="t-end">{i18n::end_label()}</label>
                    <input id="t-end" data-testid="t-end" type="date" prop:value=move || end.get() on:input=move |e| end.set(event_target_value(&e)) />
                </div>
                <div class="field">
                    <label for="t-jp">{i18n::jp_label()}</label>
                    <input id="t-jp" data-testid="t-jp" type="number" inputmode="numeric" min="1" step="1" aria-describedby="t-jp-hint" prop:value=move || jp.get() on:input=move |e| jp.set(event_target_value(&e)) />
                    <p class="hint" id="t-jp-hint">{i18n::jp_hint()}</p>
                </div>
                <div class="field">
                    <label for="t-cert">{i18n::certificate_label()}</label>
                    <input id="t-cert" data-testid="t-cert" maxlength="200" prop:value=move || certificate.get() on:input=move |e| certificate.set(event_target_value(&e)) />
                </div>
                <fieldset class="field span-2 competency-boxes">
                    <legend>{i18n::competencies_label()}</legend>
                    {competency_boxes}
                </fieldset>
                <p class="form-error span-2" role="alert" data-testid="training-error">{move || error.get()}</p>
                {move || divergence.get().map(|(fields, _)| view! { <div class="span-2"><DivergenceChoice fields=fields choose=choose /></div> })}
                <div class="actions span-2">
                    <button type="button" class="button button-quiet" data-testid="t-cancel" on:click=move |_| on_done()>{i18n::cancel()}</button>
                    <button type="button" class="button button-quiet" data-testid="t-save" on:click=move |_| save(false, None) disabled=move || action.busy.get()>{i18n::save_draft()}</button>
                    <button type="button" class="button button-primary" data-testid="t-submit" on:click=move |_| save(true, None) disabled=move || action.busy.get()>{i18n::submit()}</button>
                </div>
            </form>
        </section>
    }
}

/// The divergent fields of a training as the screen shows them: the stored value and this form's.
fn divergent_fields(fields: &[Divergence], stored: &TrainingDetails, mine: &TrainingDetails) -> Vec<DivergentField> {
    let dates = |d: &TrainingDetails| format!("{} – {}", i18n::date(d.start), i18n::date(d.end));
    let codes = |d: &TrainingDetails| d.competencies.len().to_string();
    fields
        .iter()
        .filter_map(|field| {
            let (label, show): (&str, &dyn Fn(&TrainingDetails) -> String) = match field {
                Divergence::TrainingTitle => (i18n::title_label(), &|d| d.title.clone()),
                Divergence::TrainingForm => (i18n::form_label(), &|d| d.form.label().to_owned()),
                Divergence::TrainingProvider => (i18n::provider_label(), &|d| d.provider.clone()),
                Divergence::TrainingDates => (i18n::start_label(), &dates),
                Divergence::TrainingJp => (i18n::jp_label(), &|d| d.jp_claimed.to_string()),
                Divergence::TrainingCompetencies => (i18n::competencies_label(), &codes),
                Divergence::TrainingCertificate => (i18n::certificate_label(), &|d| d.certificate_number.clone()),
                Divergence::Rating(_) | Divergence::Rhk(_) => return None,
            };
            Some(DivergentField { label: label.to_owned(), stored: show(stored), mine: show(mine) })
        })
        .collect()
}
