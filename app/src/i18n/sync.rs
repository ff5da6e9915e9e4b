//! Texts of the sync status under the top bar.

use super::{english, pick};

// Sync status.
pub fn online() -> &'static str {
    pick("Daring", "Online")
}
pub fn offline() -> &'static str {
    pick("Luring", "Offline")
}
pub fn syncing() -> &'static str {
    pick("Menyinkronkan…", "Syncing…")
}
pub fn all_synced() -> &'static str {
    pick("Semua perubahan sudah tersinkronisasi", "All changes synced")
}
pub fn never_synced() -> &'static str {
    pick("Belum pernah disinkronkan di perangkat ini", "Never synced on this device")
}
pub fn sync_now() -> &'static str {
    pick("Sinkronkan sekarang", "Sync now")
}
pub fn session_expired() -> &'static str {
    pick("Sesi Anda berakhir. Masuk lagi untuk mengirim perubahan; semuanya tetap tersimpan di perangkat ini.", "Your session has ended. Sign in again to send your changes; everything stays saved on this device.")
}
pub fn sign_in_again() -> &'static str {
    pick("Masuk lagi", "Sign in again")
}
pub fn other_user_signed_in() -> &'static str {
    pick("Pengguna lain telah masuk di peramban ini. Masuk lagi untuk mengirim perubahan Anda; semuanya tetap tersimpan di perangkat ini.", "Someone else has signed in on this browser. Sign in again to send your changes; everything stays saved on this device.")
}

pub fn changes_waiting_to_send(count: usize) -> String {
    if english() { format!("{count} changes are waiting to be sent.") } else { format!("Ada {count} perubahan yang menunggu dikirim.") }
}
pub fn storage_problem() -> &'static str {
    pick("Perangkat ini tidak dapat menyimpan data (penyimpanan peramban penuh atau dinonaktifkan). Perubahan baru tidak dapat dibuat.", "This device cannot store data (the browser's storage is full or disabled). New changes cannot be made.")
}
pub fn server_problem() -> &'static str {
    pick("Server memberi jawaban yang tidak dikenali. Sinkronisasi dicoba lagi otomatis.", "The server gave an answer the app does not understand. Sync will retry by itself.")
}

pub fn pending_changes(count: usize) -> String {
    if english() { format!("{count} changes waiting to sync") } else { format!("{count} perubahan menunggu sinkronisasi") }
}

pub fn received_records(count: usize) -> String {
    if english() { format!("{count} records received") } else { format!("{count} data diterima") }
}

pub fn last_sync(time: &str) -> String {
    if english() { format!("Last synced {time}") } else { format!("Sinkronisasi terakhir {time}") }
}

pub fn attention_count(count: usize) -> String {
    if english() { format!("{count} need attention") } else { format!("{count} perlu perhatian") }
}

/// While the others' records load after the app opened ("1.200 data dimuat").
pub fn loading_records(count: usize) -> String {
    if english() { format!("Loading the team's records… {count}") } else { format!("Memuat data tim… {count}") }
}
