//! The import: up to three files chosen, checked by the server (every problem by file, row and
//! column), what they would change, and only then, on HR's word, applied.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::ApiError;
use shared::import::{Counts, ImportFile, ImportReport, ImportSummary};

use crate::api::{self, ClientError};
use crate::i18n;
use crate::router::{Link, Route};

#[component]
pub fn ImportScreen() -> impl IntoView {
    // The chosen file of each kind (a browser `File`, which stays on this thread).
    let chosen: [StoredValue<Option<web_sys::File>, LocalStorage>; 3] = std::array::from_fn(|_| StoredValue::new_local(None));
    let names: [RwSignal<Option<String>>; 3] = std::array::from_fn(|_| RwSignal::new(None));
    let report = RwSignal::new(None::<ImportReport>);
    let applied = RwSignal::new(None::<ImportSummary>);
    let busy = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<String>);
    let results = NodeRef::<leptos::html::Section>::new();

    // The form to send: the chosen files, and the preview's fingerprint to apply it.
    let form = move |fingerprint: Option<String>| -> Option<web_sys::FormData> {
        let form = web_sys::FormData::new().ok()?;
        let mut any = false;
        for (index, file) in ImportFile::ALL.iter().enumerate() {
            if let Some(chosen) = chosen[index].get_value() {
                form.append_with_blob_and_filename(file.field(), &chosen, &chosen.name()).ok()?;
                any = true;
            }
        }
        if let Some(fingerprint) = fingerprint {
            form.append_with_str("fingerprint", &fingerprint).ok()?;
        }
        any.then_some(form)
    };
    let focus_results = move || {
        request_animation_frame(move || {
            if let Some(section) = results.get_untracked() {
                let _ = section.focus();
            }
        })
    };
    let check = move || {
        let Some(form) = form(None) else {
            error.set(Some(i18n::choose_a_file().to_owned()));
            return;
        };
        error.set(None);
        applied.set(None);
        busy.set(Some(i18n::checking_files()));
        spawn_local(async move {
            let answer = api::import(false, &form).await;
            busy.set(None);
            match answer {
                Ok(answer) => {
                    report.set(Some(answer));
                    focus_results();
                }
                Err(failure) => error.set(Some(i18n::screen_error(&failure))),
            }
        });
    };
    let apply = move |_| {
        let Some(fingerprint) = report.with_untracked(|r| r.as_ref().map(|r| r.summary.fingerprint.clone())) else { return };
        let Some(form) = form(Some(fingerprint)) else { return };
        busy.set(Some(i18n::applying_import()));
        spawn_local(async move {
            let answer = api::import(true, &form).await;
            busy.set(None);
            match answer {
                Ok(answer) if answer.applied => {
                    // Said by the status card, focused.
                    applied.set(Some(answer.summary));
                    report.set(None);
                    focus_results();
                }
                // Refused after all (the problems are in it): shown as a preview's.
                Ok(answer) => report.set(Some(answer)),
                // Someone changed the organisation since: a new preview, with the reason.
                Err(failure @ ClientError::Api(ApiError::StalePreview)) => {
                    check();
                    error.set(Some(i18n::screen_error(&failure)));
                }
                Err(failure) => error.set(Some(i18n::screen_error(&failure))),
            }
        });
    };

    let pickers = ImportFile::ALL
        .iter()
        .enumerate()
        .map(|(index, &file)| {
            let id = format!("import-{}", file.field());
            let hint = format!("{id}-hint");
            let on_change = move |event: leptos::ev::Event| {
                let input: web_sys::HtmlInputElement = event_target(&event);
                let picked = input.files().and_then(|list| list.get(0));
                names[index].set(picked.as_ref().map(web_sys::File::name));
                chosen[index].set_value(picked);
                report.set(None);
                applied.set(None);
            };
            view! {
                <div class="field">
                    <label for=id.clone()>{i18n::file_label(file)}</label>
                    <p class="hint" id=hint.clone()>{i18n::file_columns(file)}</p>
                    <input id=id.clone() type="file" accept=".csv,text/csv" aria-describedby=hint data-testid=id on:change=on_change />
                </div>
            }
        })
        .collect_view();

    view! {
        <h1>{i18n::import_title()}</h1>
        <p class="lead">{i18n::import_intro()}</p>
        <form class="card" novalidate=true on:submit=move |event: leptos::ev::SubmitEvent| { event.prevent_default(); check(); }>
            {pickers}
            <p class="form-error" role="alert" data-testid="import-error">{move || error.get()}</p>
            <button type="submit" class="button button-primary" data-testid="import-check" disabled=move || busy.get().is_some()>
                {move || busy.get().unwrap_or(i18n::check_files())}
            </button>
        </form>
        <section tabindex="-1" node_ref=results aria-label=i18n::results_label() data-testid="import-results">
            {move || report.get().map(|report| view! { <Report report=report names=names busy=busy apply=Callback::new(apply) /> })}
            {move || applied.get().map(|summary| view! {
                <div class="card" role="status" data-testid="import-applied">
                    <p>{i18n::import_applied(summary.employees.added)}</p>
                    <Link to=Route::Employees class="button button-primary">{i18n::go_to_employees()}</Link>
                </div>
            })}
        </section>
    }
}

/// A preview's answer: the problems, or what will change and the button that applies it.
#[component]
fn Report(report: ImportReport, names: [RwSignal<Option<String>>; 3], busy: RwSignal<Option<&'static str>>, apply: Callback<()>) -> impl IntoView {
    if !report.problems.is_empty() {
        let listed = report.problems.len() as u64;
        let rows = report
            .problems
            .into_iter()
            .map(|problem| {
                let row = if problem.row == 0 { i18n::whole_file().to_owned() } else { problem.row.to_string() };
                view! {
                    <tr data-testid="import-problem">
                        <td>{i18n::file_label(problem.file)}</td>
                        <td data-testid="problem-row">{row}</td>
                        <td data-testid="problem-column">{problem.column.unwrap_or_default()}</td>
                        <td data-testid="problem-text">{problem.problem.describe(i18n::english())}</td>
                    </tr>
                }
            })
            .collect_view();
        return view! {
            <div class="card" data-testid="import-problems">
                <p class="form-error" role="alert">{i18n::problems_found(report.problem_count)}</p>
                <div class="table-scroll">
                    <table class="standard">
                        <thead><tr>
                            <th scope="col">{i18n::column_file()}</th>
                            <th scope="col">{i18n::column_row()}</th>
                            <th scope="col">{i18n::column_column()}</th>
                            <th scope="col">{i18n::column_problem()}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {(report.problem_count > listed).then(|| view! { <p class="muted">{i18n::more_problems(report.problem_count - listed)}</p> })}
            </div>
        }
        .into_any();
    }
    let summary = report.summary;
    if summary.is_empty() {
        return view! { <p class="card empty" role="status" data-testid="import-nothing">{i18n::nothing_to_change()}</p> }.into_any();
    }
    let line = |file: ImportFile, counts: Counts| {
        let given = names[ImportFile::ALL.iter().position(|f| *f == file).unwrap_or(0)].get_untracked().is_some();
        given.then(|| view! {
            <tr data-testid=format!("import-count-{}", file.field())>
                <th scope="row">{i18n::file_label(file)}</th>
                <td data-testid="count-added">{counts.added}</td>
                <td data-testid="count-changed">{counts.changed}</td>
                <td data-testid="count-moved">{if file == ImportFile::Employees { counts.moved.to_string() } else { "—".to_owned() }}</td>
                <td data-testid="count-unchanged">{counts.unchanged}</td>
            </tr>
        })
    };
    let moves = summary
        .moves
        .iter()
        .map(|m| view! { <li data-testid="import-move">{format!("{} ({}): {} → {}", m.name, m.nip, m.from, m.to)}</li> })
        .collect_view();
    let has_moves = !summary.moves.is_empty();
    let unlisted = summary.employees.moved.saturating_sub(summary.moves.len() as u64);
    view! {
        <div class="card" data-testid="import-preview">
            <h2>{i18n::preview_title()}</h2>
            <div class="table-scroll">
                <table class="standard">
                    <thead><tr>
                        <th scope="col">{i18n::column_file()}</th>
                        <th scope="col">{i18n::count_added()}</th>
                        <th scope="col">{i18n::count_changed()}</th>
                        <th scope="col">{i18n::count_moved()}</th>
                        <th scope="col">{i18n::count_unchanged()}</th>
                    </tr></thead>
                    <tbody>
                        {line(ImportFile::Units, summary.units)}
                        {line(ImportFile::Positions, summary.positions)}
                        {line(ImportFile::Employees, summary.employees)}
                    </tbody>
                </table>
            </div>
            {has_moves.then(|| view! { <h3>{i18n::moves_title()}</h3><ul class="moves">{moves}</ul> })}
            {(unlisted > 0).then(|| view! { <p class="muted">{i18n::more_moves(unlisted)}</p> })}
            <button type="button" class="button button-primary" data-testid="import-apply" disabled=move || busy.get().is_some() on:click=move |_| apply.run(())>
                {move || busy.get().unwrap_or(i18n::apply_import())}
            </button>
        </div>
    }
    .into_any()
}
