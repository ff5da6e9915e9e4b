//! Every text the user reads, in Bahasa Indonesia first and English second, one file per area
//! (this one holds the language choice and the words every page uses). The
//! language is chosen once per page load (the user's choice is kept in the browser's local
//! storage; Indonesian unless they chose English), so each text is a plain function call.
//!
//! Written out here rather than with an i18n crate: the texts are few, have no plurals that
//! Indonesian or English need rules for here, and the crates that do this for Leptos bring
//! locale data that the first-load budget cannot afford. Terms of the civil service (PNS, JP,
//! klasikal, rank names) and the competency dictionary's own texts stay as they are.

mod account;
mod admin;
mod assessment;
mod attention;
mod errors;
mod organisation;
mod review;
mod sync;
mod training;

pub use account::*;
pub use admin::*;
pub use assessment::*;
pub use attention::*;
pub use errors::*;
pub use organisation::*;
pub use review::*;
pub use sync::*;
pub use training::*;

use std::cell::Cell;

/// The two languages of the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

const LANG_KEY: &str = "kompeten-lang";

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::Id) };
}

/// Reads the user's choice (at start).
pub fn load_language() {
    let chosen = crate::local_storage().and_then(|storage| storage.get_item(LANG_KEY).ok().flatten());
    let lang = if chosen.as_deref() == Some("en") { Lang::En } else { Lang::Id };
    LANG.with(|current| current.set(lang));
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("lang", if lang == Lang::En { "en" } else { "id" });
    }
}

/// The language in use.
fn language() -> Lang {
    LANG.with(Cell::get)
}

/// Keeps `lang` as the user's choice and reloads the page in it (the app shell comes from the
/// service worker, so this works offline too; nothing entered is lost: it is all stored).
pub fn choose_language(lang: Lang) {
    if let Some(storage) = crate::local_storage() {
        let _ = storage.set_item(LANG_KEY, if lang == Lang::En { "en" } else { "id" });
    }
    let _ = leptos::prelude::window().location().reload();
}

pub(crate) fn english() -> bool {
    language() == Lang::En
}

/// The text in the language in use.
pub(crate) fn pick(indonesian: &'static str, english_text: &'static str) -> &'static str {
    if english() { english_text } else { indonesian }
}

/// The other language's name, for the switch ("English" while Indonesian is shown).
pub fn other_language() -> (Lang, &'static str) {
    if english() { (Lang::Id, "Bahasa Indonesia") } else { (Lang::En, "English") }
}

pub fn app_name() -> &'static str {
    pick("Kompeten", "Kompeten")
}
pub fn app_tagline() -> &'static str {
    pick("Manajemen kompetensi ASN", "Competency management for civil servants (ASN)")
}
pub fn loading() -> &'static str {
    pick("Memuat…", "Loading…")
}


// Navigation.
pub fn nav_label() -> &'static str {
    pick("Menu utama", "Main menu")
}
pub fn nav_home() -> &'static str {
    pick("Beranda", "Home")
}
pub fn nav_assessment() -> &'static str {
    pick("Penilaian Mandiri", "Self-assessment")
}
pub fn nav_training() -> &'static str {
    pick("Pelatihan", "Training")
}
pub fn nav_team() -> &'static str {
    pick("Persetujuan Tim", "Team approvals")
}
pub fn nav_verify() -> &'static str {
    pick("Verifikasi JP", "JP verification")
}
pub fn nav_employees() -> &'static str {
    pick("Pegawai", "Employees")
}
pub fn nav_import() -> &'static str {
    pick("Impor data", "Import")
}
pub fn nav_attention() -> &'static str {
    pick("Perlu Perhatian", "Needs attention")
}


// Common words.
pub fn save_draft() -> &'static str {
    pick("Simpan draf", "Save draft")
}
pub fn submit() -> &'static str {
    pick("Ajukan", "Submit")
}
pub fn cancel() -> &'static str {
    pick("Batal", "Cancel")
}
pub fn edit() -> &'static str {
    pick("Ubah", "Edit")
}
pub fn delete_draft() -> &'static str {
    pick("Hapus draf", "Delete draft")
}
pub fn waiting() -> &'static str {
    pick("Menunggu sinkronisasi", "Waiting to sync")
}
pub fn waiting_hint() -> &'static str {
    pick("Tersimpan di perangkat ini; dikirim otomatis saat tersambung.", "Saved on this device; sent automatically when connected.")
}
pub fn loading_data() -> &'static str {
    pick("Memuat data dari server…", "Loading data from the server…")
}
pub fn evidence_without_level(competencies: &str) -> String {
    if english() {
        format!("Choose a level for {competencies} as well: a note of evidence is kept with its level. Nothing was saved.")
    } else {
        format!("Pilih juga level untuk {competencies}: catatan bukti disimpan bersama levelnya. Belum ada yang disimpan.")
    }
}
pub fn sync_status_label() -> &'static str {
    pick("Status sinkronisasi", "Sync status")
}
pub fn problem_code(detail: &str) -> String {
    if english() { format!(" (code: {detail})") } else { format!(" (kode: {detail})") }
}
pub fn saved() -> &'static str {
    pick("Tersimpan.", "Saved.")
}
pub fn submitted() -> &'static str {
    pick("Diajukan.", "Submitted.")
}
pub fn back() -> &'static str {
    pick("Kembali", "Back")
}


/// Short month name, January = 0.
pub fn month(index: usize) -> &'static str {
    const ID: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    if english() { EN[index % 12] } else { ID[index % 12] }
}

/// "28 Nov 2026".
pub fn date(date: time::Date) -> String {
    format!("{} {} {}", date.day(), month(usize::from(u8::from(date.month())) - 1), date.year())
}


/// A saved form whose record had changed meanwhile: what both sides changed is kept.
pub fn merged() -> &'static str {
    pick(
        "Tersimpan. Data ini juga diubah di tab atau perangkat lain; perubahan keduanya digabungkan.",
        "Saved. This record was also changed in another tab or device; both sets of changes were combined.",
    )
}
pub fn diverged_title() -> &'static str {
    pick("Diubah di tempat lain", "Changed elsewhere")
}
pub fn diverged_stored() -> &'static str {
    pick("Yang tersimpan", "What is stored")
}
pub fn diverged_mine() -> &'static str {
    pick("Isian Anda", "What you entered")
}
pub fn keep_mine() -> &'static str {
    pick("Pakai isian saya", "Keep what I entered")
}
pub fn keep_stored() -> &'static str {
    pick("Pakai yang tersimpan", "Keep what is stored")
}
