//! A technical competency of the agency's dictionary: its code, name and definition, and for each
//! of the five levels a label, a short description and two to four behavioural indicators (one
//! per line). Checked here by the server's own rules (`shared::rules::dictionary`) before it is
//! sent. A new entry starts with the common level labels and the next free code.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::domain::{Competency, CompetencyKind, Level, LevelDescription};
use shared::ids::CompetencyId;
use shared::rules::dictionary::problems;

use crate::{api, i18n};

/// The common labels of the five levels (PermenPANRB 38/2017).
const LABELS: [&str; 5] = ["Paham", "Dasar", "Menengah", "Mumpuni", "Ahli"];

/// One level's fields: label, description, indicators (one per line).
type LevelFields = (RwSignal<String>, RwSignal<String>, RwSignal<String>);

#[component]
pub fn CompetencyFormCard(entry: Option<Competency>, dictionary: Vec<Competency>, done: Callback<Option<&'static str>>) -> impl IntoView {
    let adding = entry.is_none();
    let next_code = {
        let taken = |n: usize| dictionary.iter().any(|c| c.code.to_lowercase() == format!("t.{n:02}"));
        format!("T.{:02}", (1..).find(|&n| !taken(n)).unwrap_or(1))
    };
    let entry = entry.unwrap_or_else(|| Competency {
        id: CompetencyId(crate::new_uuid()),
        code: next_code,
        name: String::new(),
        kind: CompetencyKind::Teknis,
        definition: String::new(),
        levels: Level::all().zip(LABELS).map(|(level, label)| LevelDescription { level, label: label.to_owned(), description: String::new(), indicators: Vec::new() }).collect(),
    });
    let id = entry.id;
    let code = RwSignal::new(entry.code.clone());
    let name = RwSignal::new(entry.name.clone());
    let definition = RwSignal::new(entry.definition.clone());
    let levels: Vec<(Level, LevelFields)> = entry
        .levels
        .iter()
        .map(|l| (l.level, (RwSignal::new(l.label.clone()), RwSignal::new(l.description.clone()), RwSignal::new(l.indicators.join("\n")))))
        .collect();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let others: Vec<String> = dictionary.iter().filter(|c| c.id != id).map(|c| c.code.to_lowercase()).collect();
    let save = {
        let levels = levels.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let competency = Competency {
                id,
                code: code.get_untracked().trim().to_owned(),
                name: name.get_untracked().trim().to_owned(),
                kind: CompetencyKind::Teknis,
                definition: definition.get_untracked().trim().to_owned(),
                levels: levels
                    .iter()
                    .map(|(level, (label, description, indicators))| LevelDescription {
                        level: *level,
                        label: label.get_untracked().trim().to_owned(),
                        description: description.get_untracked().trim().to_owned(),
                        indicators: indicators.get_untracked().lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_owned).collect(),
                    })
                    .collect(),
            };
            let mut found: Vec<String> = problems(&competency).into_iter().map(|p| p.describe(i18n::english())).collect();
            if others.contains(&competency.code.to_lowercase()) {
                found.insert(0, i18n::code_taken(&competency.code));
            }
            if !found.is_empty() {
                error.set(Some(found.join(" ")));
                return;
            }
            error.set(None);
            busy.set(true);
            spawn_local(async move {
                let answer = api::save_competency(&competency).await;
                busy.set(false);
                match answer {
                    Ok(_) => done.run(Some(i18n::competency_saved())),
                    Err(failure) => error.set(Some(i18n::screen_error(&failure))),
                }
            });
        }
    };
    let level_fields = levels
        .into_iter()
        .map(|(level, (label, description, indicators))| {
            let n = level.get();
            view! {
                <fieldset class="span-2" data-testid=format!("competency-level-{n}")>
                    <legend>{i18n::level_legend(n)}</legend>
                    <div class="form-grid">
                        <div class="field">
                            <label for=format!("level-label-{n}")>{i18n::level_label_label()}</label>
                            <input id=format!("level-label-{n}") data-testid=format!("level-label-{n}") prop:value=move || label.get() on:input=move |e| label.set(event_target_value(&e)) />
                        </div>
                        <div class="field">
                            <label for=format!("level-description-{n}")>{i18n::level_description_label()}</label>
                            <textarea id=format!("level-description-{n}") data-testid=format!("level-description-{n}") rows="2" prop:value=move || description.get() on:input=move |e| description.set(event_target_value(&e))></textarea>
                        </div>
                        <div class="field span-2">
                            <label for=format!("level-indicators-{n}")>{i18n::indicators_label()}</label>
                            <textarea id=format!("level-indicators-{n}") data-testid=format!("level-indicators-{n}") rows="3" prop:value=move || indicators.get() on:input=move |e| indicators.set(event_target_value(&e))></textarea>
                        </div>
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="competency-form-title" data-testid="competency-form">
            <h2 id="competency-form-title">{if adding { i18n::add_competency() } else { i18n::edit_competency() }}</h2>
            <p class="hint">{i18n::competency_form_hint()}</p>
            <form class="form-grid" on:submit=save novalidate>
                <div class="field">
                    <label for="competency-code">{i18n::code_label()}</label>
                    <input id="competency-code" data-testid="competency-code" prop:value=move || code.get() on:input=move |e| code.set(event_target_value(&e)) />
                </div>
                <div class="field">
                    <label for="competency-name">{i18n::issued_name()}</label>
                    <input id="competency-name" data-testid="competency-name" prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) />
                </div>
                <div class="field span-2">
                    <label for="competency-definition">{i18n::definition_label()}</label>
                    <textarea id="competency-definition" data-testid="competency-definition" rows="2" prop:value=move || definition.get() on:input=move |e| definition.set(event_target_value(&e))></textarea>
                </div>
                {level_fields}
                <p class="form-error span-2" role="alert" data-testid="competency-error">{move || error.get()}</p>
                <div class="actions span-2">
                    <button type="button" class="button button-quiet" on:click=move |_| done.run(None)>{i18n::cancel()}</button>
                    <button type="submit" class="button button-primary" data-testid="competency-save" disabled=move || busy.get()>{i18n::save_employee()}</button>
                </div>
            </form>
        </section>
    }
}
