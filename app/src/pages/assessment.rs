//! The employee's self-assessment for the current period: for each competency of their position's
//! standard, the five levels with their descriptions and indicators to choose from, and a note of
//! evidence; saved as a draft or submitted to the supervisor, whose decision and comment show here,
//! with the gap view (required, self, supervisor) underneath.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::command::{Command, Record};
use shared::domain::{Level, RequiredCompetency};
use shared::kinds::self_assessment::{self, AssessmentStatus, Review, SelfAssessment, SelfRating};
use shared::kinds::{Divergence, Prefer};
use shared::ids::{CompetencyId, SelfAssessmentId};
use shared::rules::gap::{gap_lines, job_person_match};

use crate::components::shell::Shell;
use crate::ui::{DivergenceChoice, DivergentField};
use crate::sync::{ChangeError, Dictionary, Edited, SyncState};
use crate::ui::{StatusTag, WaitingTag, assessment_tone, current_year};
use crate::i18n;

#[component]
pub fn AssessmentPage() -> impl IntoView {
    view! { <Shell><AssessmentScreen /></Shell> }
}

/// The user's assessment for `period`: the head of its chain of amendments (the one no other
/// record amends), preferring one still being worked on.
pub fn own_assessment(replica: &shared::sync::replica::Replica, period: u16) -> Option<SelfAssessment> {
    let mine: Vec<&SelfAssessment> = replica
        .records_of(replica.actor.id)
        .filter_map(|record| match record {
            Record::SelfAssessment(a) if a.period == period => Some(a),
            _ => None,
        })
        .collect();
    let amended: std::collections::HashSet<SelfAssessmentId> = mine.iter().filter_map(|a| a.amends).collect();
    mine.into_iter()
        .filter(|a| !amended.contains(&a.id))
        .max_by_key(|a| (a.status != AssessmentStatus::Approved, a.updated_at_ms))
        .cloned()
}

/// A new version of the approved assessment `of`, starting as a draft with `ratings`.
pub fn amendment(of: SelfAssessmentId, period: u16, ratings: Vec<SelfRating>) -> Command {
    Command::SaveSelfAssessment(self_assessment::Save { id: SelfAssessmentId(crate::new_uuid()), period, ratings, amends: Some(of) })
}

#[component]
fn AssessmentScreen() -> impl IntoView {
    let sync = SyncState::get();
    let period = current_year() as u16;
    // The form is built from the user's standard: a pull that changes anything else (records,
    // the team, a dictionary text) leaves it, and what is being typed in it, alone.
    let standard = Memo::new(move |_| sync.with(|r| r.reference().map(|reference| reference.me.standard.clone())).flatten());
    let record = Memo::new(move |_| sync.with(|r| own_assessment(r, period)).flatten());
    // Something typed in the form and not saved yet: the form is not made again under the user's
    // hands (a save from it merges with what another tab or device stored meanwhile).
    let dirty = RwSignal::new(false);
    // The version the form shows: the one it was made from, or the one its own last save made.
    // Another tab's or device's save moves the record past it; a form with nothing unsaved then
    // shows that version (one with something unsaved keeps it, and merges when saved).
    let shown_version = StoredValue::new(None::<u64>);
    // The id a first save will give the assessment, chosen here so that the form does not count
    // that save as another record.
    let new_id = SelfAssessmentId(crate::new_uuid());
    // The form keeps what the user types: it is made again only when the record becomes another
    // one, moves to another status, or gets a decision (not when a save comes back stamped).
    type FormKey = (SelfAssessmentId, AssessmentStatus, Option<Review>, Option<u64>);
    let form_key = Memo::new(move |previous: Option<&FormKey>| {
        let (now, version) = record.with(|r| match r {
            Some(a) => ((a.id, a.status, a.review.clone()), Some(a.version)),
            None => ((new_id, AssessmentStatus::Draft, None), None),
        });
        let dirty = dirty.get();
        match previous {
            Some(shown) if dirty => shown.clone(),
            // Its own save: the same form goes on.
            Some(shown) if (&shown.0, &shown.1, &shown.2) == (&now.0, &now.1, &now.2) && version == shown_version.get_value() => shown.clone(),
            _ => {
                shown_version.set_value(version);
                (now.0, now.1, now.2, version)
            }
        }
    });
    // Coming from "Perlu perhatian": a refused save of the self-assessment, back in the form.
    let retry = crate::router::query("ulang").and_then(|id| id.parse().ok()).map(shared::ids::CommandId);
    // Kept at the screen, and let go once saved: a form made again later starts from the record.
    let kept = StoredValue::new(retry.and_then(|command_id| {
        sync.with(|r| {
            r.attention().iter().find(|a| a.envelope.command_id == command_id).and_then(|a| match &a.envelope.command {
                Command::SaveSelfAssessment(self_assessment::Save { ratings, .. }) => Some((command_id, ratings.clone())),
                _ => None,
            })
        })
        .flatten()
    }));
    // Outlives the form, which is re-created once the change it reports is stored.
    let message = RwSignal::new(None::<(bool, String)>);

    view! {
        <h1>{i18n::assessment_title()}</h1>
        <p class="lead">{i18n::assessment_intro(period)}</p>
        {move || match standard.get() {
            None => view! { <p class="loading" role="status">{i18n::loading_data()}</p> }.into_any(),
            Some(standard) if standard.is_empty() => view! { <p class="card empty">{i18n::no_standard()}</p> }.into_any(),
            Some(standard) => {
                // Both come with the reference data: a standard means a dictionary.
                let dictionary = sync.dictionary.get_untracked().unwrap_or_default();
                let gap_standard = standard.clone();
                let gap_dictionary = dictionary.clone();
                view! {
                    {move || {
                        // Read (not just tracked) so the memo recomputes and says when it changed.
                        let _key = form_key.get();
                        let current = record.get_untracked();
                        // An approved one shows what it was assessed against, not today's standard.
                        let (standard, dictionary) = match current.as_ref().map(|a| &a.assessed_against) {
                            Some(against) if !against.is_empty() => as_kept(against),
                            _ => (standard.clone(), dictionary.clone()),
                        };
                        let inputs = FormInputs { record: current, new_id, standard, dictionary, period, message, kept, dirty, shown_version };
                        let load: crate::screens::Load = std::sync::Arc::new(move || Box::pin(assessment_form(inputs.clone())));
                        view! { <crate::screens::OnDemand load=load /> }
                    }}
                    // Follows every saved change (the form above keeps what is being typed).
                    {move || view! {
                        <GapTable lines=gap_lines(&gap_standard, record.get().as_ref()) dictionary=gap_dictionary.clone() kept=record.with(|r| r.as_ref().map(|a| a.assessed_against.clone()).unwrap_or_default()) />
                    }}
                }
                .into_any()
            }
        }}
    }
}

/// The standard an approval kept, and the dictionary's texts it kept (the names and level
/// labels; the longer descriptions that guide a choice are today's, so they are not shown).
fn as_kept(against: &[self_assessment::AssessedCompetency]) -> (Vec<RequiredCompetency>, Dictionary) {
    let standard = against.iter().map(|c| RequiredCompetency { competency: c.competency, level: c.required }).collect();
    let dictionary = against
        .iter()
        .map(|c| {
            let levels = Level::all()
                .zip(&c.labels)
                .map(|(level, label)| shared::domain::LevelDescription { level, label: label.clone(), description: String::new(), indicators: Vec::new() })
                .collect();
            let entry = shared::domain::Competency { id: c.competency, code: c.code.clone(), name: c.name.clone(), kind: shared::domain::CompetencyKind::Teknis, definition: String::new(), levels };
            (c.competency, entry)
        })
        .collect();
    (standard, std::sync::Arc::new(dictionary))
}

/// What the form is made from.
#[derive(Clone)]
struct FormInputs {
    record: Option<SelfAssessment>,
    /// The id of the assessment a first save creates, when there is no record yet.
    new_id: SelfAssessmentId,
    standard: Vec<RequiredCompetency>,
    dictionary: Dictionary,
    period: u16,
    message: RwSignal<Option<(bool, String)>>,
    /// A refused save brought back from "Perlu perhatian": its levels and notes fill the form,
    /// and a successful save replaces it.
    kept: StoredValue<Option<(shared::ids::CommandId, Vec<SelfRating>)>>,
    /// Set while the form holds something not saved yet.
    dirty: RwSignal<bool>,
    /// The version of the record the form shows (moved on by its own saves).
    shown_version: StoredValue<Option<u64>>,
}

/// The form, from the chunk the training form is in (fetched in the background once the app is
/// up, and kept for offline use like the app): the page, its status and its gap table come with
/// the first load.
#[leptos::wasm_split::wasm_split(forms, wasm_split_path = ::leptos::wasm_split, fallible)]
fn assessment_form(inputs: FormInputs) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    // Made as a component's body is: reading signals here subscribes nothing.
    Ok(untrack(move || assessment_form_view(inputs).into_any()))
}

fn assessment_form_view(FormInputs { record, new_id, standard, dictionary, period, message, kept, dirty, shown_version }: FormInputs) -> impl IntoView {
    let sync = SyncState::get();
    let editable = record.as_ref().is_none_or(|a| matches!(a.status, AssessmentStatus::Draft | AssessmentStatus::Returned));
    let id = record.as_ref().map_or(new_id, |a| a.id);
    let amends = record.as_ref().and_then(|a| a.amends);
    let kept_store = kept;
    let kept = kept.get_value().filter(|_| editable);
    let editable_kept = kept.as_ref();
    let rating_of = |competency: CompetencyId| match editable_kept {
        Some((_, ratings)) => ratings.iter().find(|r| r.competency == competency),
        None => record.as_ref().and_then(|a| a.ratings.iter().find(|r| r.competency == competency)),
    };
    let retried = editable_kept.map(|(command, _)| *command);
    // One pair of signals per competency: the chosen level and the evidence note.
    let fields: Vec<(CompetencyId, RwSignal<Option<Level>>, RwSignal<String>)> = standard
        .iter()
        .map(|line| {
            let rating = rating_of(line.competency);
            (line.competency, RwSignal::new(rating.map(|r| r.level)), RwSignal::new(rating.map(|r| r.evidence.clone()).unwrap_or_default()))
        })
        .collect();
    let busy = RwSignal::new(false);
    let tried_submit = RwSignal::new(false);
    // The record as this form found it (none for a new one): what a save is merged against.
    let form_base = StoredValue::new(record.clone().map(Record::SelfAssessment));
    // Competencies both this form and another tab or device changed, for the user to choose.
    let divergence = RwSignal::new(None::<(Vec<DivergentField>, bool)>);

    let ratings = {
        let fields = fields.clone();
        move || -> Vec<SelfRating> {
            fields
                .iter()
                .filter_map(|(competency, level, evidence)| {
                    level.get_untracked().map(|level| SelfRating { competency: *competency, level, evidence: evidence.get_untracked().trim().to_owned() })
                })
                .collect()
        }
    };
    // Evidence typed under a competency with no level yet: a save would have nothing to put it
    // in, so the user is told which competencies need a level instead.
    let evidence_without_level = {
        let fields = fields.clone();
        let dictionary = dictionary.clone();
        move || -> Vec<String> {
            fields
                .iter()
                .filter(|(_, level, evidence)| level.get_untracked().is_none() && evidence.with_untracked(|e| !e.trim().is_empty()))
                .map(|(competency, _, _)| dictionary.get(competency).map_or_else(|| competency.to_string(), |c| c.code.clone()))
                .collect()
        }
    };
    let act = {
        let dictionary = dictionary.clone();
        move |submit: bool, prefer: Option<Prefer>| {
            // One save per tap, however fast the taps come (as for an amendment below).
            if busy.get_untracked() {
                return;
            }
            message.set(None);
            divergence.set(None);
            tried_submit.set(submit);
            let unrated = evidence_without_level();
            if !unrated.is_empty() {
                message.set(Some((false, i18n::evidence_without_level(&unrated.join(", ")))));
                return;
            }
            busy.set(true);
            let mine = ratings();
            // A first save from a form opened before another tab or device created the period's
            // assessment goes to that one (merged with it), not to a second record.
            let (target, base) = match form_base.get_value() {
                Some(base) => (id, Some(base)),
                None => match sync.with_untracked(|r| own_assessment(r, period)).flatten() {
                    Some(existing) if existing.amends.is_none() && amends.is_none() => (existing.id, None),
                    _ => (id, None),
                },
            };
            let save = Command::SaveSelfAssessment(self_assessment::Save { id: target, period, ratings: mine.clone(), amends });
            let dictionary = dictionary.clone();
            spawn_local(async move {
                let mut result = sync.edit(save, base, prefer).await.map(Some);
                if let Err(ChangeError::Diverged(fields)) = &result
                    && let Some(Some(Record::SelfAssessment(stored))) = sync.with_untracked(|r| r.record(target.0).cloned())
                {
                    divergence.set(Some((divergent_ratings(fields, &stored.ratings, &mine, &dictionary), submit)));
                }
                if result.is_ok()
                    && let Some(command) = retried
                {
                    result = sync.discard(command).await.map(|()| None);
                    if result.is_ok() {
                        kept_store.set_value(None);
                    }
                }
                let merged = matches!(result, Ok(Some(Edited::Merged)));
                let mut result = result.map(drop);
                if submit && result.is_ok() {
                    result = sync.change(Command::SubmitSelfAssessment(self_assessment::Submit { id: target })).await;
                }
                busy.set(false);
                if result.is_ok() && merged {
                    // Saved merged with what another tab or device stored: the form is made again
                    // from the record as it is now, both sides' ratings in it, so that its next
                    // save is based on (and keeps) all of them.
                    shown_version.set_value(None);
                    dirty.set(false);
                } else if result.is_ok() {
                    // What this form saved is what it shows now, and what its next save is based on.
                    let saved = sync.with_untracked(|r| r.record(target.0).cloned()).flatten();
                    shown_version.set_value(saved.as_ref().map(Record::version));
                    form_base.set_value(saved);
                    dirty.set(false);
                }
                message.set(Some(match result {
                    Ok(()) if merged => (true, i18n::merged().to_owned()),
                    Ok(()) => (true, if submit { i18n::submitted() } else { i18n::saved() }.to_owned()),
                    Err(error) => (false, i18n::change_error(&error)),
                }));
            });
        }
    };
    let choose = {
        let act = act.clone();
        Callback::new(move |prefer: Prefer| {
            if let Some((_, submit)) = divergence.get_untracked() {
                act(submit, Some(prefer));
            }
        })
    };

    let status = record.as_ref().map(|a| a.status);
    // An approved assessment stays as it is; a change starts a new version (an amendment) that
    // begins with the approved levels and goes through review again.
    let amend = {
        let ratings = record.as_ref().map(|a| a.ratings.clone()).unwrap_or_default();
        move |_| {
            // One amendment per tap, however fast the taps come.
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let amendment = amendment(id, period, ratings.clone());
            spawn_local(async move {
                let result = sync.change(amendment).await;
                busy.set(false);
                message.set(Some(match result {
                    Ok(()) => (true, i18n::amendment_started().to_owned()),
                    Err(error) => (false, i18n::change_error(&error)),
                }));
            });
        }
    };
    let review = record.as_ref().and_then(|a| a.review.clone());

    let competency_fields = fields
        .iter()
        .zip(&standard)
        .map(|((competency, level, evidence), line)| {
            let entry = dictionary.get(competency).cloned();
            let name = entry.as_ref().map_or_else(String::new, |c| format!("{} {}", c.code, c.name));
            let definition = entry.as_ref().map(|c| c.definition.clone()).unwrap_or_default();
            let group = format!("level-{competency}");
            let required = line.level;
            let (level, evidence) = (*level, *evidence);
            let unrated = move || tried_submit.get() && level.get().is_none();
            let options = Level::all()
                .map(|value| {
                    let description = entry.as_ref().and_then(|c| c.level(value)).cloned();
                    let label = description.as_ref().map(|d| d.label.clone()).unwrap_or_default();
                    let text = description.as_ref().map(|d| d.description.clone()).unwrap_or_default();
                    let indicators = description.map(|d| d.indicators).unwrap_or_default();
                    // The whole card is the radio button's label (a large target), but its name is
                    // only the level and its title; the description and indicators describe it.
                    let head_id = format!("{group}-{}-head", value.get());
                    let text_id = format!("{group}-{}-text", value.get());
                    view! {
                        <label class="level-option" class:chosen=move || level.get() == Some(value) class:required=value == required>
                            <input
                                type="radio"
                                name=group.clone()
                                value=value.get()
                                aria-labelledby=head_id.clone()
                                aria-describedby=text_id.clone()
                                data-testid=format!("level-{}-{}", value.get(), competency)
                                prop:checked=move || level.get() == Some(value)
                                on:change=move |_| level.set(Some(value))
                                disabled=!editable
                            />
                            <span class="level-option-head" id=head_id>
                                <span class="level">{value.get()}</span>
                                <strong>{label}</strong>
                                {(value == required).then(|| view! { <span class="tag">{i18n::required()}</span> })}
                            </span>
                            // Phrasing content only (a label may hold no block elements): the
                            // indicators are a list by role.
                            <span class="level-option-detail" id=text_id>
                                <span class="level-option-text">{text}</span>
                                {(!indicators.is_empty()).then(|| view! {
                                    <span class="indicators" role="list" aria-label=i18n::indicators()>
                                        {indicators.into_iter().map(|i| view! { <span role="listitem">{i}</span> }).collect_view()}
                                    </span>
                                })}
                            </span>
                        </label>
                    }
                })
                .collect_view();
            let evidence_id = format!("evidence-{competency}");
            view! {
                <fieldset class="card competency-field" class:invalid=unrated data-testid="competency-field">
                    <legend>
                        <span class="competency-name">{name}</span>
                        <span class="muted">{format!(" · {}: {}", i18n::required_level(), required)}</span>
                        {move || unrated().then(|| view! { <strong class="unrated">" · " {i18n::not_chosen()}</strong> })}
                    </legend>
                    <p class="muted definition">{definition}</p>
                    <div class="level-options">{options}</div>
                    <div class="field">
                        <label for=evidence_id.clone()>{i18n::evidence_label()}</label>
                        <textarea
                            id=evidence_id
                            rows="2"
                            maxlength="2000"
                            data-testid="evidence"
                            prop:value=move || evidence.get()
                            on:input=move |event| evidence.set(event_target_value(&event))
                            disabled=!editable
                        ></textarea>
                    </div>
                </fieldset>
            }
        })
        .collect_view();

    view! {
        <section class="card assessment-head">
            <div class="row">
                {status.map(|s| view! { <StatusTag label=i18n::assessment_status(s) tone=assessment_tone(s) /> })}
                <WaitingTag record=id.0 />
            </div>
            {review.as_ref().map(|review| view! {
                <div class="review-note" data-testid="review">
                    <strong>{i18n::supervisor_decision()}": "{status.map(i18n::assessment_status)}</strong>
                    {(!review.comment.is_empty()).then(|| view! { <p data-testid="review-comment">{i18n::supervisor_comment()}": "{review.comment.clone()}</p> })}
                </div>
            })}
            {match status {
                Some(AssessmentStatus::Approved) => Some(view! {
                    <p class="muted">{i18n::locked_note()}</p>
                    <p><button type="button" class="button button-quiet" data-testid="amend" on:click=amend disabled=move || busy.get()>{i18n::start_amendment()}</button></p>
                }.into_any()),
                Some(AssessmentStatus::Submitted) => Some(view! { <p class="muted">{i18n::under_review_note()}</p> }.into_any()),
                _ => None,
            }}
        </section>
        <form class="assessment" on:submit=|event| event.prevent_default() on:input=move |_| dirty.set(true)>
            {competency_fields}
            <Show when=move || editable || message.get().is_some()>
                <div class="actions sticky-actions">
                    {move || divergence.get().map(|(fields, _)| view! { <DivergenceChoice fields=fields choose=choose /> })}
                    <p class="form-message" class:form-error=move || message.get().is_some_and(|(ok, _)| !ok) role="alert" data-testid="form-message">
                        {move || message.get().map(|(_, text)| text)}
                    </p>
                    {editable.then(|| view! {
                        <button type="button" class="button button-quiet" data-testid="save-draft" on:click={
                            let act = act.clone();
                            move |_| act(false, None)
                        } disabled=move || busy.get()>
                            {i18n::save_draft()}
                        </button>
                        <button type="button" class="button button-primary" data-testid="submit" on:click={
                            let act = act.clone();
                            move |_| act(true, None)
                        } disabled=move || busy.get()>
                            {i18n::submit()}
                        </button>
                    })}
                </div>
            </Show>
        </form>
    }
}

#[component]
fn GapTable(lines: Vec<shared::rules::gap::GapLine>, dictionary: Dictionary, kept: Vec<self_assessment::AssessedCompetency>) -> impl IntoView {
    let jpm = job_person_match(&lines);
    // An approved assessment names its competencies as the dictionary did on the day.
    let was_kept = !kept.is_empty();
    let show = |level: Option<Level>| level.map_or_else(|| i18n::not_rated().to_owned(), |l| l.to_string());
    let rows = lines
        .iter()
        .map(|line| {
            let name = match kept.iter().find(|c| c.competency == line.competency) {
                Some(c) => format!("{} {}", c.code, c.name),
                None => dictionary.get(&line.competency).map_or_else(String::new, |c| format!("{} {}", c.code, c.name)),
            };
            let gap = line.gap();
            view! {
                <tr data-testid="gap-row">
                    <th scope="row">{name}</th>
                    <td>{line.required.get()}</td>
                    <td>{show(line.self_level)}</td>
                    <td>{show(line.supervisor_level)}</td>
                    <td class:gap-positive=gap.is_some_and(|g| g > 0)>{gap.map_or_else(|| i18n::not_rated().to_owned(), |g| g.to_string())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="gap-heading">
            <h2 id="gap-heading">{i18n::gap_title()}</h2>
            {jpm.map(|percent| view! { <p data-testid="jpm">{i18n::job_person_match(percent)}</p> })}
            {was_kept.then(|| view! { <p class="hint" data-testid="assessed-against">{i18n::assessed_against_note()}</p> })}
            <div class="table-scroll" tabindex="0" role="region" aria-label=i18n::gap_title()>
                <table class="standard gap-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n::competency()}</th>
                            <th scope="col">{i18n::required()}</th>
                            <th scope="col">{i18n::gap_self()}</th>
                            <th scope="col">{i18n::gap_supervisor()}</th>
                            <th scope="col">{i18n::gap()}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The divergent competencies as the screen shows them: the stored level and note, and this form's.
fn divergent_ratings(fields: &[Divergence], stored: &[SelfRating], mine: &[SelfRating], dictionary: &Dictionary) -> Vec<DivergentField> {
    let show = |ratings: &[SelfRating], competency: CompetencyId| match ratings.iter().find(|r| r.competency == competency) {
        Some(rating) if rating.evidence.is_empty() => rating.level.to_string(),
        Some(rating) => format!("{} — {}", rating.level, rating.evidence),
        None => i18n::not_rated().to_owned(),
    };
    fields
        .iter()
        .filter_map(|field| match field {
            Divergence::Rating(competency) => Some(DivergentField {
                label: dictionary.get(competency).map_or_else(|| competency.to_string(), |c| format!("{} {}", c.code, c.name)),
                stored: show(stored, *competency),
                mine: show(mine, *competency),
            }),
            _ => None,
        })
        .collect()
}
