//! The agency's settings: the JP target, JP per day, the time zone deadlines end in, the
//! self-assessment period with its deadline, the SKP year and its evaluation frequency. Checked
//! here as on the server (`Policy::problem`); devices get them at their next pull.

use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::command::Policy;

use crate::{api, i18n};

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let loaded = RwSignal::new(None::<Policy>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::policy().await {
            Ok(policy) => loaded.set(Some(policy)),
            Err(failure) => error.set(Some(i18n::screen_error(&failure))),
        }
    });
    move || match loaded.get() {
        Some(policy) => view! { <SettingsForm policy=policy /> }.into_any(),
        None => view! {
            <h1>{i18n::settings_title()}</h1>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || error.get().is_none().then(|| view! { <p class="loading" role="status">{i18n::loading()}</p> })}
        }
        .into_any(),
    }
}

#[component]
fn SettingsForm(policy: Policy) -> impl IntoView {
    let text = |value: String| RwSignal::new(value);
    let jp_target = text(policy.jp_target.to_string());
    let jp_per_day = text(policy.max_jp_per_day.to_string());
    let offset = RwSignal::new(policy.utc_offset_hours);
    let period_set = RwSignal::new(policy.assessment_period != 0);
    let period = text(if policy.assessment_period != 0 { policy.assessment_period } else { policy.skp_year }.to_string());
    let open = RwSignal::new(policy.assessment_open);
    let deadline = text(policy.assessment_deadline.clone());
    let skp_year = text(policy.skp_year.to_string());
    let evaluation = RwSignal::new(policy.evaluations_per_year);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let base = StoredValue::new(policy);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let number = |value: RwSignal<String>| value.get_untracked().trim().parse::<u16>().ok();
        let (Some(jp_target), Some(max_jp_per_day), Some(skp_year), Some(period_year)) = (number(jp_target), number(jp_per_day), number(skp_year), number(period)) else {
            error.set(Some(i18n::number_required().to_owned()));
            return;
        };
        let set = period_set.get_untracked();
        let policy = Policy {
            jp_target,
            max_jp_per_day,
            skp_year,
            assessment_period: if set { period_year } else { 0 },
            assessment_open: set && open.get_untracked(),
            assessment_deadline: if set { deadline.get_untracked().trim().to_owned() } else { String::new() },
            evaluations_per_year: evaluation.get_untracked(),
            utc_offset_hours: offset.get_untracked(),
            ..base.get_value()
        };
        if let Some(problem) = policy.problem() {
            error.set(Some(problem.describe(i18n::english()).to_owned()));
            return;
        }
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let answer = api::set_policy(&policy).await;
            busy.set(false);
            match answer {
                Ok(stored) => {
                    base.set_value(stored);
                    crate::ui::announce(i18n::settings_saved());
                }
                Err(failure) => error.set(Some(i18n::screen_error(&failure))),
            }
        });
    };
    let number_field = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="number" inputmode="numeric" data-testid=id prop:value=move || value.get() on:input=move |e| value.set(event_target_value(&e)) />
            </div>
        }
    };
    let frequencies: [u8; 4] = [12, 4, 2, 1];
    view! {
        <h1>{i18n::settings_title()}</h1>
        <p class="lead">{i18n::settings_intro()}</p>
        <form class="card narrow" novalidate=true on:submit=submit data-testid="settings-form">
            {number_field("setting-jp-target", i18n::jp_target_label(), jp_target)}
            {number_field("setting-jp-per-day", i18n::jp_per_day_label(), jp_per_day)}
            <div class="field">
                <label for="setting-timezone">{i18n::timezone_label()}</label>
                <select id="setting-timezone" data-testid="setting-timezone" on:change=move |e| offset.set(event_target_value(&e).parse().unwrap_or(7))>
                    {[(7, "WIB (UTC+7)"), (8, "WITA (UTC+8)"), (9, "WIT (UTC+9)")].into_iter().map(|(hours, name)| view! {
                        <option value=hours.to_string() selected=move || offset.get() == hours>{name}</option>
                    }).collect_view()}
                </select>
            </div>
            <fieldset>
                <legend>{i18n::assessment_period_heading()}</legend>
                <p class="hint">{i18n::assessment_period_hint()}</p>
                <label class="checkbox">
                    <input type="checkbox" data-testid="setting-period-set" prop:checked=move || period_set.get() on:change=move |e| period_set.set(event_target_checked(&e)) />
                    {move || if period_set.get() { i18n::period_open_label() } else { i18n::no_period_set() }}
                </label>
                <Show when=move || period_set.get()>
                    {number_field("setting-period", i18n::period_year_label(), period)}
                    <label class="checkbox">
                        <input type="checkbox" data-testid="setting-period-open" prop:checked=move || open.get() on:change=move |e| open.set(event_target_checked(&e)) />
                        {i18n::period_open_label()}
                    </label>
                    <div class="field">
                        <label for="setting-deadline">{i18n::period_deadline_label()}</label>
                        <input id="setting-deadline" type="date" data-testid="setting-deadline" prop:value=move || deadline.get() on:input=move |e| deadline.set(event_target_value(&e)) />
                    </div>
                </Show>
            </fieldset>
            <fieldset>
                <legend>{i18n::skp_heading()}</legend>
                {number_field("setting-skp-year", i18n::skp_year_label(), skp_year)}
                <div class="field">
                    <label for="setting-evaluation">{i18n::evaluation_label()}</label>
                    <select id="setting-evaluation" data-testid="setting-evaluation" on:change=move |e| evaluation.set(event_target_value(&e).parse().unwrap_or(4))>
                        {frequencies.into_iter().map(|times| view! {
                            <option value=times.to_string() selected=move || evaluation.get() == times>{i18n::evaluation(times)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </fieldset>
            <p class="form-error" role="alert" data-testid="settings-error">{move || error.get()}</p>
            <button type="submit" class="button button-primary" data-testid="save-settings" disabled=move || busy.get()>{i18n::save_settings()}</button>
        </form>
    }
}
