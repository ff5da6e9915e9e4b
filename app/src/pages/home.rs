//! The home page: who the user is, where they sit in the organisation, and the competency
//! standard of their position.

use leptos::prelude::*;
use shared::api::Profile;

use crate::components::shell::Shell;
use crate::i18n;
use crate::session::SessionState;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = SessionState::get();
    view! {
        <Shell>
            {move || session.profile().map(|profile| view! {
                <ProfileCard profile=profile.clone() />
                <StandardTable profile=profile />
            })}
        </Shell>
    }
}

#[component]
fn ProfileCard(profile: Profile) -> impl IntoView {
    let supervisor = match &profile.supervisor {
        Some(boss) => format!("{} — {}", boss.name, boss.position),
        None => i18n::no_supervisor().to_owned(),
    };
    let roles = profile.roles.iter().map(|role| i18n::role(*role)).collect::<Vec<_>>().join(", ");
    view! {
        <section class="card profile" aria-labelledby="profile-name">
            <p class="eyebrow">{i18n::profile_heading()}</p>
            <h1 id="profile-name" data-testid="profile-name">{profile.name.clone()}</h1>
            <dl class="facts">
                <div><dt>{i18n::nip()}</dt><dd data-testid="profile-nip">{profile.nip.formatted()}</dd></div>
                <div><dt>{i18n::rank()}</dt><dd>{profile.rank.to_string()}</dd></div>
                <div><dt>{i18n::employment()}</dt><dd>{profile.employment.label()}</dd></div>
                <div>
                    <dt>{i18n::position()}</dt>
                    <dd data-testid="profile-position">
                        {profile.position.name.clone()}
                        <span class="tag">{profile.position.tier.label()}</span>
                    </dd>
                </div>
                <div><dt>{i18n::unit()}</dt><dd>{profile.unit.name.clone()}</dd></div>
                <div><dt>{i18n::supervisor()}</dt><dd data-testid="profile-supervisor">{supervisor}</dd></div>
                <div><dt>{i18n::roles()}</dt><dd>{roles}</dd></div>
            </dl>
        </section>
    }
}

#[component]
fn StandardTable(profile: Profile) -> impl IntoView {
    let empty = profile.standard.is_empty();
    let rows = profile
        .standard
        .into_iter()
        .map(|line| {
            view! {
                <tr data-testid="standard-row">
                    <th scope="row">
                        <span class="code">{line.code}</span>
                        " "
                        {line.name}
                    </th>
                    <td>{line.kind.label()}</td>
                    <td>
                        <span class="level" aria-label=format!("Level {}", line.required)>
                            {line.required.get()}
                        </span>
                        " "
                        <span class="level-label">{line.level_label}</span>
                        <p class="level-description">{line.level_description}</p>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="standard-heading">
            <h2 id="standard-heading">{i18n::standard_heading()}</h2>
            {if empty {
                view! { <p class="empty" data-testid="standard-empty">{i18n::standard_empty()}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll" tabindex="0" role="region" aria-label=i18n::standard_heading()>
                        <table class="standard" data-testid="standard-table">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n::competency()}</th>
                                    <th scope="col">{i18n::kind()}</th>
                                    <th scope="col">{i18n::required_level()}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}
