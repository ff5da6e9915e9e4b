//! Adding one employee, or changing one, on HR's employees screen. The server checks and applies
//! the form as a one-row import, so its problems come back by column: each is shown under its
//! field, in the user's language, and nothing is stored until there are none.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{EmployeeForm, EmployeeLine};
use shared::import::ImportReport;

use crate::api;
use crate::i18n;

/// The form's fields, the column of the employees file each one is, and its label.
const FIELDS: [(&str, &str); 6] = [("nip", "nip"), ("nama", "name"), ("jenis", "employment"), ("pangkat", "rank"), ("jabatan", "position"), ("tmt", "service-start")];

/// The form, empty to add someone (`line` absent) or filled with `line` to change them (the NIP,
/// who they are, is then not editable). `done` gets what to announce once it is saved.
#[component]
pub fn EmployeeFormCard(line: Option<EmployeeLine>, done: Callback<Option<&'static str>>) -> impl IntoView {
    let adding = line.is_none();
    let start = line.map(|l| EmployeeForm {
        adding: false,
        nip: l.nip.as_str().to_owned(),
        name: l.name,
        rank: l.rank,
        employment: l.employment,
        position: l.position_code,
        service_start: l.service_start,
    });
    let form = RwSignal::new(start.unwrap_or(EmployeeForm { adding: true, employment: "PNS".to_owned(), ..EmployeeForm::default() }));
    // The problems of the last try, by column (`None`: not about one field).
    let problems = RwSignal::new(Vec::<(Option<String>, String)>::new());
    let busy = RwSignal::new(false);
    let first = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = first.get() {
            let _ = input.focus();
        }
    });
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let sent = form.get_untracked();
        let said = if adding { i18n::employee_added() } else { i18n::employee_saved() };
        send(busy, problems, async move { api::save_employee(&sent).await }, move || done.run(Some(said)));
    };
    let field_problem = move |column: &'static str| move || problem_of(problems, column);
    let general = move || general(problems, &FIELDS.map(|(column, _)| column));
    // One text field: its id, the form's value it edits, its label, its column.
    let text_field = move |column: &'static str, label: &'static str, get: fn(&EmployeeForm) -> &String, set: fn(&mut EmployeeForm, String), extra: (&'static str, &'static str)| {
        let id = format!("employee-{}", FIELDS.iter().find(|(c, _)| *c == column).map_or(column, |(_, name)| name));
        let error_id = format!("{id}-error");
        let problem = field_problem(column);
        let invalid = move || problem().is_some().to_string();
        let (input_type, hint) = extra;
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id.clone() type=input_type data-testid=id.clone() aria-describedby=error_id.clone() aria-invalid=invalid
                    prop:value=move || form.with(|f| get(f).clone()) on:input=move |e| form.update(|f| set(f, event_target_value(&e))) />
                {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
                <p class="form-error" id=error_id data-testid=format!("{id}-problem")>{field_problem(column)}</p>
            </div>
        }
    };
    view! {
        <section class="card employee-form" aria-labelledby="employee-form-title" data-testid="employee-form">
            <h2 id="employee-form-title">{if adding { i18n::add_employee() } else { i18n::edit_employee() }}</h2>
            <form class="form-grid" on:submit=save novalidate>
                <div class="field">
                    <label for="employee-nip">{i18n::nip()}</label>
                    <input id="employee-nip" node_ref=first data-testid="employee-nip" inputmode="numeric" maxlength="21" readonly=!adding aria-describedby="employee-nip-error" aria-invalid=invalid(problems, "nip")
                        prop:value=move || form.with(|f| f.nip.clone()) on:input=move |e| form.update(|f| f.nip = event_target_value(&e)) />
                    <p class="form-error" id="employee-nip-error" data-testid="employee-nip-problem">{field_problem("nip")}</p>
                </div>
                {text_field("nama", i18n::issued_name(), |f| &f.name, |f, v| f.name = v, ("text", ""))}
                <div class="field">
                    <label for="employee-employment">{i18n::employment_label()}</label>
                    <select id="employee-employment" data-testid="employee-employment" aria-describedby="employee-employment-error" aria-invalid=invalid(problems, "jenis")
                        on:change=move |e| form.update(|f| f.employment = event_target_value(&e))>
                        {["PNS", "CPNS", "PPPK"].map(|kind| view! { <option value=kind selected=move || form.with(|f| f.employment.eq_ignore_ascii_case(kind))>{kind}</option> })}
                    </select>
                    <p class="form-error" id="employee-employment-error" data-testid="employee-employment-problem">{field_problem("jenis")}</p>
                </div>
                {text_field("pangkat", i18n::rank_label(), |f| &f.rank, |f, v| f.rank = v, ("text", i18n::rank_hint()))}
                {text_field("jabatan", i18n::position_code_label(), |f| &f.position, |f, v| f.position = v, ("text", i18n::position_code_hint()))}
                {text_field("tmt", i18n::service_start_label(), |f| &f.service_start, |f, v| f.service_start = v, ("date", ""))}
                <p class="form-error span-2" role="alert" data-testid="employee-form-error">{general}</p>
                <div class="actions span-2">
                    <button type="button" class="button button-quiet" data-testid="employee-cancel" on:click=move |_| done.run(None)>{i18n::cancel()}</button>
                    <button type="submit" class="button button-primary" data-testid="employee-save" disabled=move || busy.get()>
                        {move || if busy.get() { i18n::saving() } else if adding { i18n::add_employee() } else { i18n::save_employee() }}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The problems a form's last try was answered with: (column, sentence), in the user's language.
pub(super) type Problems = RwSignal<Vec<(Option<String>, String)>>;

/// Sends a form applied as a one-row import, one try at a time (`busy`): `applied` once stored,
/// else its problems by column (or the failure) into `problems`.
pub(super) fn send(busy: RwSignal<bool>, problems: Problems, sending: impl std::future::Future<Output = Result<ImportReport, api::ClientError>> + 'static, applied: impl FnOnce() + 'static) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    spawn_local(async move {
        let answer = sending.await;
        busy.set(false);
        match answer {
            Ok(ImportReport { applied: true, .. }) => {
                problems.set(Vec::new());
                applied();
            }
            Ok(report) => {
                let found = by_column(report);
                // Said once for a screen reader; each problem stands under its field.
                crate::ui::announce(&i18n::fields_to_fix(found.len()));
                problems.set(found);
            }
            Err(failure) => problems.set(vec![(None, i18n::screen_error(&failure))]),
        }
    });
}

/// `aria-invalid` of the field for `column`.
pub(super) fn invalid(problems: Problems, column: &'static str) -> impl Fn() -> &'static str + Copy {
    move || if problem_of(problems, column).is_some() { "true" } else { "false" }
}

/// A form's refused report as (column, sentence) pairs, in the user's language.
pub(super) fn by_column(report: ImportReport) -> Vec<(Option<String>, String)> {
    report.problems.into_iter().map(|p| (p.column, p.problem.describe(i18n::english()))).collect()
}

/// The first problem of the field for `column`, if any.
pub(super) fn problem_of(problems: Problems, column: &str) -> Option<String> {
    problems.with(|all| all.iter().find(|(c, _)| c.as_deref() == Some(column)).map(|(_, text)| text.clone()))
}

/// The problems about none of the form's `columns`, as one text.
pub(super) fn general<S: AsRef<str>>(problems: Problems, columns: &[S]) -> String {
    let known = |column: &str| columns.iter().any(|c| c.as_ref() == column);
    problems.with(|all| all.iter().filter(|(c, _)| !c.as_deref().is_some_and(known)).map(|(_, text)| text.clone()).collect::<Vec<_>>().join(" "))
}
