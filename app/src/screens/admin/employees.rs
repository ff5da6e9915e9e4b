//! The employees, found by NIP or name a page at a time, with their accounts: HR creates an
//! account (one at a time, or for everyone on the page without one), resets a password, grants
//! or revokes HR rights. A one-time password is shown here once, to hand to its employee.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::{AccountState, AppraiserRequest, CreateAccountsRequest, EmployeeLine, EmployeePage, HrRightsRequest, IssuedPassword, MoveRequest, ResetPasswordRequest, ServiceRequest};
use shared::domain::DepartureReason;

use super::employee_form;
use crate::api;
use crate::i18n;

/// A change to an account: the one-time passwords it made, if it made any.
type Change = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Option<Vec<IssuedPassword>>, api::ClientError>>>>;

#[component]
pub fn EmployeesScreen() -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let page_number = RwSignal::new(0u32);
    // Bumped after a change, to read the page again.
    let generation = RwSignal::new(0u32);
    let page = RwSignal::new(None::<EmployeePage>);
    let error = RwSignal::new(None::<String>);
    let issued = RwSignal::new(None::<Vec<IssuedPassword>>);
    let busy = RwSignal::new(false);

    Effect::new(move |_| {
        let (query, number) = (query.get(), page_number.get());
        generation.track();
        spawn_local(async move {
            match api::employees(&query, number).await {
                Ok(answer) => {
                    page.set(Some(answer));
                    error.set(None);
                }
                Err(failure) => error.set(Some(i18n::screen_error(&failure))),
            }
        });
    });
    // One change at a time; the page is read again after it.
    let act = move |change: Change, done: &'static str| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let answer = change.await;
            busy.set(false);
            match answer {
                Ok(passwords) => {
                    error.set(None);
                    if passwords.is_some() {
                        issued.set(passwords);
                    } else {
                        crate::ui::announce(done);
                    }
                    generation.update(|g| *g += 1);
                }
                Err(failure) => error.set(Some(i18n::screen_error(&failure))),
            }
        });
    };
    let create = move |nips: Vec<String>| act(Box::pin(async move { Ok(Some(api::create_accounts(&CreateAccountsRequest { nips }).await?.issued)) }), "");
    let reset = move |line: EmployeeLine| {
        if crate::ui::confirm(&i18n::reset_confirm(&line.name)) {
            let nip = line.nip.as_str().to_owned();
            act(Box::pin(async move { Ok(Some(api::reset_password(&ResetPasswordRequest { nip }).await?.issued)) }), "");
        }
    };
    let rights = move |line: EmployeeLine| {
        let grant = !line.hr_admin;
        if crate::ui::confirm(&i18n::rights_confirm(&line.name, grant)) {
            let nip = line.nip.as_str().to_owned();
            act(Box::pin(async move { api::hr_rights(&HrRightsRequest { nip, hr_admin: grant }).await.map(|_| None) }), i18n::rights_changed());
        }
    };
    let appraise = move |position: String, appraiser: Option<String>| {
        act(Box::pin(async move { api::appraiser(&AppraiserRequest { position, appraiser }).await.map(|_| None) }), i18n::appraiser_changed())
    };
    let relocate = move |nip: String, position: String| act(Box::pin(async move { api::move_employee(&MoveRequest { nip, position }).await.map(|_| None) }), i18n::moved());
    let service = move |line: EmployeeLine, leaving: Option<DepartureReason>| {
        let asked = match leaving {
            Some(reason) => crate::ui::confirm(&i18n::leave_confirm(&line.name, reason == DepartureReason::Retired)),
            None => true,
        };
        if asked {
            let nip = line.nip.as_str().to_owned();
            let done = if leaving.is_some() { i18n::left_service() } else { i18n::back_in_service() };
            act(Box::pin(async move { api::service(&ServiceRequest { nip, leaving }).await.map(|_| None) }), done);
        }
    };
    // The one-employee form: closed, adding someone (`Some(None)`), or changing someone.
    let editing = RwSignal::new(None::<Option<EmployeeLine>>);
    let form_done = Callback::new(move |said: Option<&'static str>| {
        editing.set(None);
        if let Some(said) = said {
            crate::ui::announce(said);
            generation.update(|g| *g += 1);
        }
    });
    let edit = Callback::new(move |line: EmployeeLine| editing.set(Some(Some(line))));
    let without_account = move || page.with(|p| p.as_ref().map(|p| p.employees.iter().filter(|e| e.account == AccountState::None).map(|e| e.nip.as_str().to_owned()).collect::<Vec<_>>()).unwrap_or_default());

    view! {
        <div class="page-head">
            <h1>{i18n::employees_title()}</h1>
            <button type="button" class="button button-primary" data-testid="add-employee" on:click=move |_| editing.set(Some(None))>"+ " {i18n::add_employee()}</button>
        </div>
        {move || editing.get().map(|line| view! { <employee_form::EmployeeFormCard line=line done=form_done /> })}
        <form class="search" role="search" on:submit=move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            page_number.set(0);
            query.set(typed.get_untracked().trim().to_owned());
        }>
            <label for="employee-search">{i18n::search_label()}</label>
            <input id="employee-search" type="search" data-testid="employee-search" prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e)) />
            <button type="submit" class="button button-primary" data-testid="employee-search-button">{i18n::search_button()}</button>
        </form>
        {move || issued.get().map(|passwords| view! { <Issued passwords=passwords close=Callback::new(move |()| {
            issued.set(None);
            // Back where the work goes on.
            if let Some(search) = document().get_element_by_id("employee-search").and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
                let _ = search.focus();
            }
        }) /> })}
        <p class="form-error" role="alert" data-testid="employees-error">{move || error.get()}</p>
        {move || page.get().map(|current| {
            let total = current.total;
            let pages = total.div_ceil(u64::from(current.page_size.max(1))).max(1);
            let number = current.page;
            let rows = current.employees.into_iter().map(|line| view! { <EmployeeRow line=line busy=busy edit=edit create=Callback::new(move |nip: String| create(vec![nip])) reset=Callback::new(reset) rights=Callback::new(rights) appraise=Callback::new(move |(position, nip)| appraise(position, nip))
                relocate=Callback::new(move |(nip, position)| relocate(nip, position)) service=Callback::new(move |(line, leaving)| service(line, leaving)) /> }).collect_view();
            view! {
                <p class="muted" role="status" data-testid="employees-count">{i18n::employees_found(total)}</p>
                {if total == 0 {
                    view! { <p class="card empty">{i18n::no_employees()}</p> }.into_any()
                } else {
                    view! { <ul class="queue" data-testid="employees">{rows}</ul> }.into_any()
                }}
                <div class="actions">
                    <button type="button" class="button button-quiet" data-testid="create-accounts-page"
                        disabled=move || busy.get() || without_account().is_empty()
                        on:click=move |_| create(without_account())>{i18n::create_accounts_on_page()}</button>
                </div>
                <nav class="pager" aria-label=i18n::page_of(number, pages)>
                    <button type="button" class="button button-quiet" disabled=number == 0 on:click=move |_| page_number.update(|n| *n = n.saturating_sub(1))>{i18n::previous_page()}</button>
                    <span>{i18n::page_of(number, pages)}</span>
                    <button type="button" class="button button-quiet" data-testid="next-page" disabled=u64::from(number) + 1 >= pages on:click=move |_| page_number.update(|n| *n += 1)>{i18n::next_page()}</button>
                </nav>
            }
        })}
    }
}

#[component]
fn EmployeeRow(
    line: EmployeeLine,
    busy: RwSignal<bool>,
    edit: Callback<EmployeeLine>,
    create: Callback<String>,
    reset: Callback<EmployeeLine>,
    rights: Callback<EmployeeLine>,
    appraise: Callback<(String, Option<String>)>,
    relocate: Callback<(String, String)>,
    service: Callback<(EmployeeLine, Option<DepartureReason>)>,
) -> impl IntoView {
    let (label, tone) = match line.account {
        AccountState::None => (i18n::account_none(), "neutral"),
        AccountState::OneTime => (i18n::account_one_time(), "warn"),
        AccountState::Active => (i18n::account_active(), "good"),
    };
    let nip = line.nip.as_str().to_owned();
    let nip_attribute = nip.clone();
    let has_account = line.account != AccountState::None;
    let (for_reset, for_rights, for_edit) = (line.clone(), line.clone(), line.clone());
    let edit_label = format!("{}: {}", i18n::edit_employee(), line.name);
    // Each button names its employee, for a screen reader's list of buttons.
    let labelled = |action: &str| format!("{action}: {}", line.name);
    let (reset_label, create_label) = (labelled(i18n::reset_password()), labelled(i18n::create_account()));
    let rights_label = labelled(if line.hr_admin { i18n::revoke_hr() } else { i18n::grant_hr() });
    view! {
        <li class="card employee" data-testid="employee" data-nip=nip_attribute>
            <div class="row">
                <strong>{line.name.clone()}</strong>
                <crate::ui::StatusTag label=label tone=tone />
                {line.hr_admin.then(|| view! { <crate::ui::StatusTag label=i18n::hr_badge() tone="info" /> })}
            </div>
            <p class="muted">{format!("NIP {} · {} · {}", line.nip.formatted(), line.position, line.unit)}</p>
            {match line.departure {
                Some(departure) => {
                    let back = line.clone();
                    let back_label = format!("{}: {}", i18n::reactivate(), line.name);
                    view! {
                        <p class="status status-neutral" data-testid="departed">{i18n::departed(departure.reason, departure.on)}</p>
                        <div class="actions">
                            <button type="button" class="button button-quiet" data-testid="reactivate" aria-label=back_label disabled=move || busy.get()
                                on:click=move |_| service.run((back.clone(), None))>{i18n::reactivate()}</button>
                        </div>
                    }.into_any()
                }
                None => view! { <InService line=line.clone() busy=busy appraise=appraise relocate=relocate service=service /> }.into_any(),
            }}
            <div class="actions">
                <button type="button" class="button button-quiet" data-testid="edit-employee" aria-label=edit_label on:click=move |_| edit.run(for_edit.clone())>{i18n::edit_employee()}</button>
                {if has_account {
                    view! {
                        <button type="button" class="button button-quiet" data-testid="reset-password" aria-label=reset_label disabled=move || busy.get() on:click=move |_| reset.run(for_reset.clone())>{i18n::reset_password()}</button>
                        <button type="button" class="button button-quiet" data-testid="toggle-hr" aria-label=rights_label disabled=move || busy.get() on:click=move |_| rights.run(for_rights.clone())>
                            {if line.hr_admin { i18n::revoke_hr() } else { i18n::grant_hr() }}
                        </button>
                    }.into_any()
                } else {
                    view! { <button type="button" class="button button-primary" data-testid="create-account" aria-label=create_label disabled=move || busy.get() on:click=move |_| create.run(nip.clone())>{i18n::create_account()}</button> }.into_any()
                }}
            </div>
        </li>
    }
}

/// What HR does with someone in service: their supervisor or appraiser, a move, their leaving.
#[component]
fn InService(
    line: EmployeeLine,
    busy: RwSignal<bool>,
    appraise: Callback<(String, Option<String>)>,
    relocate: Callback<(String, String)>,
    service: Callback<(EmployeeLine, Option<DepartureReason>)>,
) -> impl IntoView {
    let to = RwSignal::new(String::new());
    let id = format!("move-{}", line.nip.as_str());
    let nip = line.nip.as_str().to_owned();
    let (retiring, deactivating) = (line.clone(), line.clone());
    let labelled = |action: &str| format!("{action}: {}", line.name);
    let (move_label, retire_label, deactivate_label) = (labelled(i18n::move_button()), labelled(i18n::retire()), labelled(i18n::deactivate()));
    let enter_label = labelled(i18n::enter_training());
    // The trainings HR enters for them, shown on demand (they come from HR's device).
    let entering = RwSignal::new(false);
    let (subject, name) = (line.id, line.name.clone());
    view! {
        <Appraiser line=line.clone() busy=busy appraise=appraise />
        <form class="search" data-testid="move-form" on:submit=move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            relocate.run((nip.clone(), to.get_untracked().trim().to_owned()));
        }>
            <label for=id.clone()>{i18n::move_to()}</label>
            <input id=id type="search" data-testid="move-position" prop:value=move || to.get() on:input=move |e| to.set(event_target_value(&e)) />
            <button type="submit" class="button button-quiet" data-testid="move" aria-label=move_label disabled=move || busy.get()>{i18n::move_button()}</button>
        </form>
        <div class="actions">
            <button type="button" class="button button-quiet" data-testid="retire" aria-label=retire_label disabled=move || busy.get()
                on:click=move |_| service.run((retiring.clone(), Some(DepartureReason::Retired)))>{i18n::retire()}</button>
            <button type="button" class="button button-quiet" data-testid="deactivate" aria-label=deactivate_label disabled=move || busy.get()
                on:click=move |_| service.run((deactivating.clone(), Some(DepartureReason::Deactivated)))>{i18n::deactivate()}</button>
            <button type="button" class="button button-quiet" data-testid="show-entered-trainings" aria-label=enter_label aria-expanded=move || entering.get().to_string()
                on:click=move |_| entering.update(|open| *open = !*open)>{i18n::enter_training()}</button>
        </div>
        {move || entering.get().then(|| view! { <crate::pages::training::EnteredTrainings subject=subject name=name.clone() /> })}
    }
}

/// Their supervisor, or, for someone with nobody above them in the agency, the appraiser HR names.
#[component]
fn Appraiser(line: EmployeeLine, busy: RwSignal<bool>, appraise: Callback<(String, Option<String>)>) -> impl IntoView {
    if !line.appraiser_named && line.supervisor.is_some() {
        return view! { <p class="muted">{i18n::supervisor_is(line.supervisor.as_deref().unwrap_or_default())}</p> }.into_any();
    }
    let typed = RwSignal::new(String::new());
    let id = format!("appraiser-{}", line.nip.as_str());
    let (code, code_for_removal) = (line.position_code.clone(), line.position_code.clone());
    let (name_label, remove_label) = (format!("{}: {}", i18n::name_appraiser(), line.name), format!("{}: {}", i18n::remove_appraiser(), line.name));
    let said = match &line.supervisor {
        Some(name) => i18n::appraiser_is(name),
        None => i18n::no_supervisor_in_agency().to_owned(),
    };
    view! {
        <form class="search appraiser" data-testid="appraiser-form" on:submit=move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            appraise.run((code.clone(), Some(typed.get_untracked().trim().to_owned())));
        }>
            <p class="hint" data-testid="appraiser-status">{said}</p>
            <label for=id.clone()>{i18n::appraiser_nip()}</label>
            <input id=id type="search" inputmode="numeric" data-testid="appraiser-nip" prop:value=move || typed.get() on:input=move |e| typed.set(event_target_value(&e)) />
            <button type="submit" class="button button-primary" data-testid="appraiser-name" aria-label=name_label disabled=move || busy.get()>{i18n::name_appraiser()}</button>
            {line.appraiser_named.then(|| view! {
                <button type="button" class="button button-quiet" data-testid="appraiser-remove" aria-label=remove_label.clone() disabled=move || busy.get()
                    on:click=move |_| appraise.run((code_for_removal.clone(), None))>{i18n::remove_appraiser()}</button>
            })}
        </form>
    }
    .into_any()
}

/// The one-time passwords just made, shown once, focused so a screen reader reads them.
#[component]
fn Issued(passwords: Vec<IssuedPassword>, close: Callback<()>) -> impl IntoView {
    let shown = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(section) = shown.get() {
            let _ = section.focus();
        }
    });
    let empty = passwords.is_empty();
    let rows = passwords
        .into_iter()
        .map(|p| view! {
            <tr data-testid="issued-password">
                <th scope="row">{p.name}</th>
                <td>{p.nip.formatted()}</td>
                <td><code data-testid="one-time-password">{p.password}</code></td>
            </tr>
        })
        .collect_view();
    view! {
        <section class="card issued" tabindex="-1" node_ref=shown aria-labelledby="issued-title" data-testid="issued">
            <h2 id="issued-title">{i18n::issued_title()}</h2>
            {if empty {
                view! { <p>{i18n::issued_none()}</p> }.into_any()
            } else {
                view! {
                    <p>{i18n::issued_intro()}</p>
                    <div class="table-scroll"><table class="standard">
                        <thead><tr>
                            <th scope="col">{i18n::issued_name()}</th>
                            <th scope="col">{i18n::nip()}</th>
                            <th scope="col">{i18n::issued_title()}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                }.into_any()
            }}
            <button type="button" class="button button-quiet" data-testid="issued-close" on:click=move |_| close.run(())>{i18n::close()}</button>
        </section>
    }
}
