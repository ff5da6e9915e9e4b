//! The audit trail of administrative changes: filtered by person, record and dates (read in the
//! browser's own time zone), newest first, a page at a time, and the same as a CSV download.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::AdminAuditEntry;

use crate::{api, i18n};

#[component]
pub fn AuditScreen() -> impl IntoView {
    let (person, record, from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    // The query of the entries shown (also the CSV link's).
    let query = RwSignal::new(String::new());
    let entries = RwSignal::new(Vec::<AdminAuditEntry>::new());
    let next = RwSignal::new(None::<u64>);
    let loaded = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let load = move |more: bool| {
        let mut address = query.get_untracked();
        if more && let Some(before) = next.get_untracked() {
            address.push_str(&format!("&before={before}"));
        }
        busy.set(true);
        spawn_local(async move {
            let answer = api::audit(&address).await;
            busy.set(false);
            match answer {
                Ok(page) => {
                    if more {
                        entries.update(|shown| shown.extend(page.entries));
                    } else {
                        entries.set(page.entries);
                    }
                    next.set(page.next);
                    loaded.set(true);
                    error.set(None);
                }
                Err(failure) => error.set(Some(i18n::screen_error(&failure))),
            }
        });
    };
    let show = move || {
        let mut parts = Vec::new();
        for (name, value) in [("person", person.get_untracked()), ("record", record.get_untracked())] {
            if !value.trim().is_empty() {
                parts.push(format!("{name}={}", String::from(js_sys::encode_uri_component(value.trim()))));
            }
        }
        if let Some(ms) = local_midnight(&from.get_untracked(), 0) {
            parts.push(format!("from_ms={ms}"));
        }
        // Up to the end of the chosen day.
        if let Some(ms) = local_midnight(&to.get_untracked(), 1) {
            parts.push(format!("to_ms={ms}"));
        }
        query.set(parts.join("&"));
        load(false);
    };
    show();

    let text_field = |id: &'static str, label: &'static str, value: RwSignal<String>, kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type=kind data-testid=id prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
            </div>
        }
    };
    view! {
        <h1>{i18n::audit_title()}</h1>
        <p class="lead">{i18n::audit_intro()}</p>
        <form class="card audit-filter" role="search" on:submit=move |event: leptos::ev::SubmitEvent| { event.prevent_default(); show(); }>
            {text_field("audit-person", i18n::audit_person(), person, "search")}
            {text_field("audit-record", i18n::audit_record(), record, "search")}
            {text_field("audit-from", i18n::audit_from(), from, "date")}
            {text_field("audit-to", i18n::audit_to(), to, "date")}
            <div class="actions">
                <a class="button button-quiet" data-testid="audit-download" download="jejak-audit.csv" href=move || format!("/api/v1/admin/audit.csv?{}", query.get())>{i18n::audit_download()}</a>
                <button type="submit" class="button button-primary" data-testid="audit-show" disabled=move || busy.get()>{i18n::audit_filter()}</button>
            </div>
        </form>
        <p class="form-error" role="alert">{move || error.get()}</p>
        {move || {
            if !loaded.get() {
                return view! { <p class="loading" role="status">{i18n::loading()}</p> }.into_any();
            }
            if entries.with(Vec::is_empty) {
                return view! { <p class="card empty" role="status" data-testid="audit-empty">{i18n::audit_empty()}</p> }.into_any();
            }
            let rows = entries.get().into_iter().map(|entry| view! { <AuditRow entry=entry /> }).collect_view();
            view! {
                <div class="table-scroll">
                    <table class="standard audit" data-testid="audit-table">
                        <thead><tr>
                            <th scope="col">{i18n::audit_when()}</th>
                            <th scope="col">{i18n::audit_who()}</th>
                            <th scope="col">{i18n::audit_what()}</th>
                            <th scope="col">{i18n::audit_about()}</th>
                            <th scope="col">{i18n::audit_before()}</th>
                            <th scope="col">{i18n::audit_after()}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        <Show when=move || next.get().is_some()>
            <button type="button" class="button button-quiet button-block" data-testid="audit-more" disabled=move || busy.get() on:click=move |_| load(true)>{i18n::audit_more()}</button>
        </Show>
    }
}

#[component]
fn AuditRow(entry: AdminAuditEntry) -> impl IntoView {
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(entry.at_ms as f64));
    let locale = if i18n::english() { "en-GB" } else { "id-ID" };
    let when = String::from(when.to_locale_string(locale, &wasm_bindgen::JsValue::UNDEFINED));
    let who = match entry.author {
        Some(_) => format!("{} ({})", entry.author_name, entry.author_nip),
        None => i18n::command_line().to_owned(),
    };
    let value = |text: Option<String>| text.map(|text| view! { <code class="audit-value">{text}</code> });
    view! {
        <tr data-testid="audit-entry">
            <td>{when}</td>
            <td>{who}</td>
            <td data-testid="audit-action">{i18n::audit_action(entry.action)}</td>
            <td>{format!("{} {} · {}", i18n::audit_subject(entry.subject), entry.key, entry.name)}</td>
            <td>{value(entry.before)}</td>
            <td>{value(entry.after)}</td>
        </tr>
    }
}

/// Midnight at the start of `date` (`2026-05-04`) plus `days`, in the browser's time zone, as
/// Unix milliseconds.
fn local_midnight(date: &str, days: u32) -> Option<i64> {
    let date = shared::domain::iso_date::parse(date)?;
    let at = js_sys::Date::new_with_year_month_day(date.year() as u32, i32::from(u8::from(date.month())) - 1, i32::from(date.day()) + days as i32);
    let ms = at.get_time();
    ms.is_finite().then_some(ms as i64)
}
