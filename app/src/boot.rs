//! index.html's static shell: the sign-in page painted before this module arrives. When the app
//! starts, what was typed into the shell's form (and which field had the focus) is taken over by
//! the app's form, so nothing typed while the app loaded is lost.

use std::cell::RefCell;

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// What the shell's sign-in form held when the app started.
#[derive(Clone, Debug, Default)]
pub struct Typed {
    pub nip: String,
    pub password: String,
    pub show_password: bool,
    /// The id of the field that had the focus, if one did.
    pub focus: Option<String>,
}

thread_local! {
    static TYPED: RefCell<Option<Typed>> = const { RefCell::new(None) };
}

/// Keeps what was typed into the shell, then takes the shell away.
pub fn replace_shell() {
    let Some(shell) = document().get_element_by_id("boot") else { return };
    let input = |id: &str| document().get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
    let value = |id: &str| input(id).map(|input| input.value()).unwrap_or_default();
    let focus = document().active_element().map(|e| e.id()).filter(|id| id == "nip" || id == "password");
    let show_password = input("show-password").is_some_and(|input| input.checked());
    let typed = Typed { nip: value("nip"), password: value("password"), show_password, focus };
    if !typed.nip.is_empty() || !typed.password.is_empty() || show_password || typed.focus.is_some() {
        TYPED.with(|cell| *cell.borrow_mut() = Some(typed));
    }
    shell.remove();
}

/// What was typed into the shell, once (the first sign-in form takes it).
pub fn take_typed() -> Option<Typed> {
    TYPED.with(|cell| cell.borrow_mut().take())
}

/// Lets go of what was typed into the shell (someone signed in or out meanwhile).
pub fn forget_typed() {
    TYPED.with(|cell| cell.borrow_mut().take());
}
