//! HR's administration screens, loaded on demand in the chunk `admin` (only HR opens them):
//! loading the agency from spreadsheet exports (`import.rs`), the employees with their accounts
//! (`employees.rs`), the audit trail of administrative changes (`audit.rs`), and the agency's
//! settings (`settings.rs`). They work online: what they change is the organisation and the
//! accounts, which the server keeps; devices learn of it at their next pull.

mod audit;
mod employee_form;
mod employees;
mod competency_form;
mod import;
mod organisation;
mod position_form;
mod settings;

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};

use crate::components::shell::Shell;
use crate::screens::OnDemand;

/// The page at `/impor`.
#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <Shell><OnDemand load=std::sync::Arc::new(|| Box::pin(admin_screen(Screen::Import))) /></Shell> }
}

/// The page at `/pegawai`.
#[component]
pub fn EmployeesPage() -> impl IntoView {
    view! { <Shell><OnDemand load=std::sync::Arc::new(|| Box::pin(admin_screen(Screen::Employees))) /></Shell> }
}

/// The page at `/jejak-audit`.
#[component]
pub fn AuditPage() -> impl IntoView {
    view! { <Shell><OnDemand load=std::sync::Arc::new(|| Box::pin(admin_screen(Screen::Audit))) /></Shell> }
}

/// The page at `/pengaturan`.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! { <Shell><OnDemand load=std::sync::Arc::new(|| Box::pin(admin_screen(Screen::Settings))) /></Shell> }
}

/// The page at `/organisasi`.
#[component]
pub fn OrganisationPage() -> impl IntoView {
    view! { <Shell><OnDemand load=std::sync::Arc::new(|| Box::pin(admin_screen(Screen::Organisation))) /></Shell> }
}

/// Which of HR's screens.
#[derive(Clone, Copy, Debug)]
pub enum Screen {
    Import,
    Employees,
    Audit,
    Settings,
    Organisation,
}

/// The split point of the chunk `admin`.
#[wasm_split(admin, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload))]
pub(crate) fn admin_screen(screen: Screen) -> Result<AnyView, SplitLoaderError> {
    add_style();
    Ok(match screen {
        Screen::Import => view! { <import::ImportScreen /> }.into_any(),
        Screen::Employees => view! { <employees::EmployeesScreen /> }.into_any(),
        Screen::Audit => view! { <audit::AuditScreen /> }.into_any(),
        Screen::Settings => view! { <settings::SettingsScreen /> }.into_any(),
        Screen::Organisation => view! { <organisation::OrganisationScreen /> }.into_any(),
    })
}

/// Adds the screens' own stylesheet to the page, once.
fn add_style() {
    const ID: &str = "kompeten-admin-style";
    let document = document();
    if document.get_element_by_id(ID).is_some() {
        return;
    }
    if let (Ok(style), Some(root)) = (document.create_element("style"), document.document_element()) {
        style.set_id(ID);
        style.set_text_content(Some(include_str!("admin.css")));
        let _ = root.append_child(&style);
    }
}
