//! The agency's structure: its units, its positions with their standards (SKJ), and its technical
//! competencies. HR adds or changes a unit or a position (checked and applied as a one-row
//! import, so a problem is named by its field), closes a vacant position or opens it again, and
//! keeps the technical competencies of the dictionary. Devices get the changes at their next pull.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{ClosePositionRequest, OrganisationView, PositionLine, UnitForm};
use shared::domain::{Competency, CompetencyKind};

use super::competency_form::CompetencyFormCard;
use super::position_form::PositionFormCard;
use crate::{api, i18n};

/// Positions shown at once; a search narrows the list.
const SHOWN: usize = 100;

/// What the screen's form is open for.
#[derive(Clone)]
enum Editing {
    Unit(Option<UnitForm>),
    Position(Option<PositionLine>),
    Competency(Option<Competency>),
}

#[component]
pub fn OrganisationScreen() -> impl IntoView {
    let view_data = RwSignal::new(None::<OrganisationView>);
    let error = RwSignal::new(None::<String>);
    let generation = RwSignal::new(0u32);
    let editing = RwSignal::new(None::<Editing>);
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        generation.track();
        spawn_local(async move {
            match api::organisation().await {
                Ok(answer) => {
                    view_data.set(Some(answer));
                    error.set(None);
                }
                Err(failure) => error.set(Some(i18n::screen_error(&failure))),
            }
        });
    });
    let done = Callback::new(move |said: Option<&'static str>| {
        editing.set(None);
        if let Some(said) = said {
            crate::ui::announce(said);
            generation.update(|g| *g += 1);
        }
    });
    let close = move |line: PositionLine| {
        let closing = !line.closed;
        if busy.get_untracked() || (closing && !crate::ui::confirm(&i18n::close_position_confirm(&line.name))) {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let answer = api::close_position(&ClosePositionRequest { code: line.code.clone(), closed: closing }).await;
            busy.set(false);
            match answer {
                Ok(updated) => {
                    error.set(None);
                    view_data.set(Some(updated));
                    crate::ui::announce(if closing { i18n::position_closed() } else { i18n::position_reopened() });
                }
                Err(failure) => error.set(Some(i18n::screen_error(&failure))),
            }
        });
    };

    view! {
        <h1>{i18n::organisation_title()}</h1>
        <p class="lead">{i18n::organisation_intro()}</p>
        <p class="form-error" role="alert" data-testid="organisation-error">{move || error.get()}</p>
        {move || editing.get().map(|what| {
            let data = view_data.get_untracked().unwrap_or_default();
            match what {
                Editing::Unit(unit) => view! { <UnitFormCard unit=unit units=data.units done=done /> }.into_any(),
                Editing::Position(line) => view! { <PositionFormCard line=line organisation=data done=done /> }.into_any(),
                Editing::Competency(entry) => view! { <CompetencyFormCard entry=entry dictionary=data.dictionary done=done /> }.into_any(),
            }
        })}
        {move || match view_data.get() {
            None => error.get().is_none().then(|| view! { <p class="loading" role="status">{i18n::loading()}</p> }).into_any(),
            Some(data) => {
                let query = typed.get().trim().to_lowercase();
                let unit_names: std::collections::HashMap<String, String> = data.units.iter().map(|u| (u.code.clone(), u.name.clone())).collect();
                let matching: Vec<PositionLine> = data
                    .positions
                    .iter()
                    .filter(|p| query.is_empty() || p.code.to_lowercase().contains(&query) || p.name.to_lowercase().contains(&query) || p.unit.to_lowercase().contains(&query))
                    .cloned()
                    .collect();
                let count = matching.len();
                let units = data.units.clone();
                let technical: Vec<Competency> = data.dictionary.iter().filter(|c| c.kind == CompetencyKind::Teknis).cloned().collect();
                view! {
                    <section class="card" aria-labelledby="units-title">
                        <div class="page-head">
                            <h2 id="units-title">{i18n::units_title()}</h2>
                            <button type="button" class="button button-quiet" data-testid="add-unit" on:click=move |_| editing.set(Some(Editing::Unit(None)))>"+ " {i18n::add_unit()}</button>
                        </div>
                        <ul class="plain-list" data-testid="units">
                            {units.into_iter().map(|unit| {
                                let parent = unit_names.get(&unit.parent).cloned().unwrap_or_default();
                                let label = format!("{}: {}", i18n::edit(), unit.name);
                                let form = UnitForm { adding: false, code: unit.code.clone(), name: unit.name.clone(), parent: unit.parent.clone() };
                                view! {
                                    <li class="row" data-testid="unit">
                                        <span><strong>{unit.code.clone()}</strong>" · "{unit.name.clone()}
                                            {(!parent.is_empty()).then(|| view! { <span class="muted">" · "{i18n::part_of(&parent)}</span> })}</span>
                                        <button type="button" class="button button-quiet" aria-label=label on:click=move |_| editing.set(Some(Editing::Unit(Some(form.clone()))))>{i18n::edit()}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                    <section class="card" aria-labelledby="positions-title">
                        <div class="page-head">
                            <h2 id="positions-title">{i18n::positions_title()}</h2>
                            <button type="button" class="button button-primary" data-testid="add-position" on:click=move |_| editing.set(Some(Editing::Position(None)))>"+ " {i18n::add_position()}</button>
                        </div>
                        <div class="search" role="search">
                            <label for="position-search">{i18n::position_search()}</label>
                            <input id="position-search" type="search" data-testid="position-search" prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e)) />
                        </div>
                        <p class="muted" role="status" data-testid="positions-count">{i18n::positions_found(count, SHOWN)}</p>
                        {if count == 0 {
                            view! { <p class="empty">{i18n::no_positions()}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="queue" data-testid="positions">
                                    {matching.into_iter().take(SHOWN).map(|line| view! { <PositionRow line=line busy=busy edit=Callback::new(move |line| editing.set(Some(Editing::Position(Some(line))))) close=Callback::new(close) /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                    <section class="card" aria-labelledby="dictionary-title">
                        <div class="page-head">
                            <h2 id="dictionary-title">{i18n::technical_title()}</h2>
                            <button type="button" class="button button-quiet" data-testid="add-competency" on:click=move |_| editing.set(Some(Editing::Competency(None)))>"+ " {i18n::add_competency()}</button>
                        </div>
                        <p class="hint">{i18n::technical_intro()}</p>
                        <ul class="plain-list" data-testid="technical-competencies">
                            {technical.into_iter().map(|entry| {
                                let label = format!("{}: {}", i18n::edit(), entry.name);
                                let (code, name) = (entry.code.clone(), entry.name.clone());
                                view! {
                                    <li class="row" data-testid="technical-competency">
                                        <span><strong>{code}</strong>" · "{name}</span>
                                        <button type="button" class="button button-quiet" aria-label=label on:click=move |_| editing.set(Some(Editing::Competency(Some(entry.clone()))))>{i18n::edit()}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn PositionRow(line: PositionLine, busy: RwSignal<bool>, edit: Callback<PositionLine>, close: Callback<PositionLine>) -> impl IntoView {
    let (for_edit, for_close) = (line.clone(), line.clone());
    let edit_label = format!("{}: {}", i18n::edit(), line.name);
    let close_text = if line.closed { i18n::reopen_position() } else { i18n::close_position() };
    let close_label = format!("{close_text}: {}", line.name);
    let above = if line.superior.is_empty() { i18n::top_of_agency().to_owned() } else { i18n::reports_to(&line.superior) };
    view! {
        <li class="card" data-testid="position" data-code=line.code.clone()>
            <div class="row">
                <strong>{format!("{} · {}", line.code, line.name)}</strong>
                {line.closed.then(|| view! { <crate::ui::StatusTag label=i18n::closed_tag() tone="neutral" /> })}
            </div>
            <p class="muted">{format!("{} · {} · {} · {}", line.tier.label(), line.unit, above, i18n::holders(line.holders))}</p>
            <div class="actions">
                <button type="button" class="button button-quiet" data-testid="edit-position" aria-label=edit_label on:click=move |_| edit.run(for_edit.clone())>{i18n::edit()}</button>
                <button type="button" class="button button-quiet" data-testid="close-position" aria-label=close_label disabled=move || busy.get() on:click=move |_| close.run(for_close.clone())>{close_text}</button>
            </div>
        </li>
    }
}

/// A unit's form: its code (fixed once made), name and parent unit.
#[component]
fn UnitFormCard(unit: Option<UnitForm>, units: Vec<shared::api::UnitLine>, done: Callback<Option<&'static str>>) -> impl IntoView {
    let adding = unit.is_none();
    let form = RwSignal::new(unit.unwrap_or(UnitForm { adding: true, ..UnitForm::default() }));
    let problems = RwSignal::new(Vec::<(Option<String>, String)>::new());
    let busy = RwSignal::new(false);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let sent = form.get_untracked();
        super::employee_form::send(busy, problems, async move { api::save_unit(&sent).await }, move || done.run(Some(i18n::unit_saved())));
    };
    let problem = move |column: &'static str| move || super::employee_form::problem_of(problems, column);
    view! {
        <section class="card" aria-labelledby="unit-form-title" data-testid="unit-form">
            <h2 id="unit-form-title">{if adding { i18n::add_unit() } else { i18n::edit_unit() }}</h2>
            <form class="form-grid" on:submit=save novalidate>
                <div class="field">
                    <label for="unit-code">{i18n::code_label()}</label>
                    <input id="unit-code" data-testid="unit-code" aria-describedby="unit-code-error" aria-invalid=super::employee_form::invalid(problems, "kode") readonly=!adding prop:value=move || form.with(|f| f.code.clone()) on:input=move |e| form.update(|f| f.code = event_target_value(&e)) />
                    <p class="form-error" id="unit-code-error">{problem("kode")}</p>
                </div>
                <div class="field">
                    <label for="unit-name">{i18n::issued_name()}</label>
                    <input id="unit-name" data-testid="unit-name" aria-describedby="unit-name-error" aria-invalid=super::employee_form::invalid(problems, "nama") prop:value=move || form.with(|f| f.name.clone()) on:input=move |e| form.update(|f| f.name = event_target_value(&e)) />
                    <p class="form-error" id="unit-name-error">{problem("nama")}</p>
                </div>
                <div class="field span-2">
                    <label for="unit-parent">{i18n::parent_unit()}</label>
                    <select id="unit-parent" data-testid="unit-parent" aria-describedby="unit-parent-error" aria-invalid=super::employee_form::invalid(problems, "induk") on:change=move |e| form.update(|f| f.parent = event_target_value(&e))>
                        <option value="" selected=move || form.with(|f| f.parent.is_empty())>{i18n::no_parent()}</option>
                        {units.into_iter().map(|u| {
                            let code = u.code.clone();
                            view! { <option value=u.code.clone() selected=move || form.with(|f| f.parent == code)>{format!("{} · {}", u.code, u.name)}</option> }
                        }).collect_view()}
                    </select>
                    <p class="form-error" id="unit-parent-error">{problem("induk")}</p>
                </div>
                <p class="form-error span-2" role="alert">{move || super::employee_form::general(problems, &["kode", "nama", "induk"])}</p>
                <div class="actions span-2">
                    <button type="button" class="button button-quiet" on:click=move |_| done.run(None)>{i18n::cancel()}</button>
                    <button type="submit" class="button button-primary" data-testid="unit-save" disabled=move || busy.get()>{i18n::save_employee()}</button>
                </div>
            </form>
        </section>
    }
}
