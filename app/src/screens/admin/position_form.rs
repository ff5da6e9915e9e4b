//! A position's form: its code (fixed once made), name, tier, unit and superior position, and its
//! standard (SKJ): a required level for each competency of the dictionary. A managerial or
//! socio-cultural competency left at "the tier's default" takes the level of the tier (JPT
//! Madya 5 … Pelaksana 1; a functional position has none and must be given one); a technical
//! one left empty is not required. Saved as a one-row import.

use leptos::prelude::*;
use shared::api::{OrganisationView, PositionForm, PositionLine};
use shared::domain::{CompetencyKind, PositionTier};
use shared::rules::org::default_managerial_level;

use super::employee_form::{general, invalid, problem_of, send};
use crate::{api, i18n};

const TIERS: [PositionTier; 6] =
    [PositionTier::JptMadya, PositionTier::JptPratama, PositionTier::Administrator, PositionTier::Pengawas, PositionTier::Pelaksana, PositionTier::Fungsional];

#[component]
pub fn PositionFormCard(line: Option<PositionLine>, organisation: OrganisationView, done: Callback<Option<&'static str>>) -> impl IntoView {
    let adding = line.is_none();
    let OrganisationView { units, positions, dictionary } = organisation;
    let (code, name, tier, unit, superior, levels) = match &line {
        Some(l) => (l.code.clone(), l.name.clone(), l.tier, l.unit.clone(), l.superior.clone(), l.levels.clone()),
        None => (String::new(), String::new(), PositionTier::Pelaksana, units.first().map(|u| u.code.clone()).unwrap_or_default(), String::new(), Vec::new()),
    };
    let code = RwSignal::new(code);
    let name = RwSignal::new(name);
    let tier = RwSignal::new(tier);
    let unit = RwSignal::new(unit);
    let superior = RwSignal::new(superior);
    // One cell per competency, in the dictionary's order: "" or "1".."5".
    // A managerial or socio-cultural level equal to the tier's default shows as "the tier's
    // default", so that a change of tier moves it to the new tier's default.
    let default = default_managerial_level(tier.get_untracked());
    let cells: Vec<RwSignal<String>> = dictionary
        .iter()
        .enumerate()
        .map(|(at, competency)| {
            let level = levels.get(at).copied().flatten().filter(|l| competency.kind == CompetencyKind::Teknis || Some(*l) != default);
            RwSignal::new(level.map(|l| l.get().to_string()).unwrap_or_default())
        })
        .collect();
    let problems = RwSignal::new(Vec::<(Option<String>, String)>::new());
    let busy = RwSignal::new(false);
    let codes: Vec<String> = dictionary.iter().map(|c| c.code.clone()).collect();
    let save = {
        let (cells, codes) = (cells.clone(), codes.clone());
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let form = PositionForm {
                adding,
                code: code.get_untracked(),
                name: name.get_untracked(),
                tier: tier.get_untracked().label().to_owned(),
                unit: unit.get_untracked(),
                superior: superior.get_untracked(),
                levels: codes.iter().cloned().zip(cells.iter().map(|c| c.get_untracked())).collect(),
            };
            send(busy, problems, async move { api::save_position(&form).await }, move || done.run(Some(i18n::position_saved())));
        }
    };
    let problem = move |column: &'static str| move || problem_of(problems, column);
    let standard_rows = dictionary
        .into_iter()
        .zip(cells)
        .map(|(competency, cell)| {
            let id = format!("level-{}", competency.code);
            let error_id = format!("{id}-error");
            let column = competency.code.clone();
            let kind = competency.kind;
            let default_label = move || match (kind, default_managerial_level(tier.get())) {
                (CompetencyKind::Teknis, _) => i18n::not_required().to_owned(),
                (_, Some(level)) => i18n::tier_default(level.get()),
                (_, None) => i18n::level_needed().to_owned(),
            };
            let options = competency
                .levels
                .iter()
                .map(|description| {
                    let value = description.level.get().to_string();
                    let chosen = value.clone();
                    view! { <option value=value selected=move || cell.get() == chosen>{format!("{} · {}", description.level, description.label)}</option> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row"><label for=id.clone()>{format!("{} {}", competency.code, competency.name)}</label></th>
                    <td>{kind.label()}</td>
                    <td>
                        <select id=id data-testid=format!("level-{}", competency.code) aria-describedby=error_id.clone() on:change=move |e| cell.set(event_target_value(&e))>
                            <option value="" selected=move || cell.get().is_empty()>{default_label}</option>
                            {options}
                        </select>
                        <p class="form-error" id=error_id>{move || problem_of(problems, &column)}</p>
                    </td>
                </tr>
            }
        })
        .collect_view();
    // The columns with a field of their own; a problem of any other is shown under the form.
    let columns: Vec<String> = ["kode", "nama", "jenjang", "unit", "atasan"].map(str::to_owned).into_iter().chain(codes).collect();
    view! {
        <section class="card" aria-labelledby="position-form-title" data-testid="position-form">
            <h2 id="position-form-title">{if adding { i18n::add_position() } else { i18n::edit_position() }}</h2>
            <form class="form-grid" on:submit=save novalidate>
                <div class="field">
                    <label for="position-code">{i18n::code_label()}</label>
                    <input id="position-code" data-testid="position-code" aria-invalid=invalid(problems, "kode") aria-describedby="position-code-error" readonly=!adding prop:value=move || code.get() on:input=move |e| code.set(event_target_value(&e)) />
                    <p class="form-error" id="position-code-error" data-testid="position-code-problem">{problem("kode")}</p>
                </div>
                <div class="field">
                    <label for="position-name">{i18n::issued_name()}</label>
                    <input id="position-name" data-testid="position-name" aria-invalid=invalid(problems, "nama") aria-describedby="position-name-error" prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) />
                    <p class="form-error" id="position-name-error" data-testid="position-name-problem">{problem("nama")}</p>
                </div>
                <div class="field">
                    <label for="position-tier">{i18n::tier_label()}</label>
                    <select id="position-tier" data-testid="position-tier" aria-invalid=invalid(problems, "jenjang") aria-describedby="position-tier-error" on:change=move |e| {
                        let label = event_target_value(&e);
                        if let Some(chosen) = TIERS.into_iter().find(|t| t.label() == label) { tier.set(chosen) }
                    }>
                        {TIERS.map(|t| view! { <option value=t.label() selected=move || tier.get() == t>{t.label()}</option> })}
                    </select>
                    <p class="form-error" id="position-tier-error" data-testid="position-tier-problem">{problem("jenjang")}</p>
                </div>
                <div class="field">
                    <label for="position-unit">{i18n::unit_label()}</label>
                    <select id="position-unit" data-testid="position-unit" aria-invalid=invalid(problems, "unit") aria-describedby="position-unit-error" on:change=move |e| unit.set(event_target_value(&e))>
                        {units.into_iter().map(|u| {
                            let chosen = u.code.clone();
                            view! { <option value=u.code.clone() selected=move || unit.get() == chosen>{format!("{} · {}", u.code, u.name)}</option> }
                        }).collect_view()}
                    </select>
                    <p class="form-error" id="position-unit-error" data-testid="position-unit-problem">{problem("unit")}</p>
                </div>
                <div class="field span-2">
                    <label for="position-superior">{i18n::superior_label()}</label>
                    <input id="position-superior" data-testid="position-superior" aria-invalid=invalid(problems, "atasan") list="position-codes" aria-describedby="position-superior-hint position-superior-error" prop:value=move || superior.get() on:input=move |e| superior.set(event_target_value(&e)) />
                    <datalist id="position-codes">
                        {positions.into_iter().filter(|p| !p.closed).map(|p| view! { <option value=p.code.clone()>{p.name}</option> }).collect_view()}
                    </datalist>
                    <p class="hint" id="position-superior-hint">{i18n::superior_hint()}</p>
                    <p class="form-error" id="position-superior-error" data-testid="position-superior-problem">{problem("atasan")}</p>
                </div>
                <fieldset class="span-2">
                    <legend>{i18n::standard_legend()}</legend>
                    <div class="table-scroll"><table class="standard" data-testid="position-standard">
                        <thead><tr><th scope="col">{i18n::competency_column()}</th><th scope="col">{i18n::kind_column()}</th><th scope="col">{i18n::required_column()}</th></tr></thead>
                        <tbody>{standard_rows}</tbody>
                    </table></div>
                </fieldset>
                <p class="form-error span-2" role="alert" data-testid="position-form-error">{move || general(problems, &columns)}</p>
                <div class="actions span-2">
                    <button type="button" class="button button-quiet" on:click=move |_| done.run(None)>{i18n::cancel()}</button>
                    <button type="submit" class="button button-primary" data-testid="position-save" disabled=move || busy.get()>{i18n::save_employee()}</button>
                </div>
            </form>
        </section>
    }
}
