//! Texts of the supervisor's queue and review, and of HR's verification.

use super::{english, pick};

// Supervisor queue.
pub fn team_title() -> &'static str {
    pick("Persetujuan Tim", "Team approvals")
}
pub fn team_intro() -> &'static str {
    pick("Penilaian mandiri dan pelatihan bawahan langsung Anda yang menunggu keputusan.", "Your direct reports' self-assessments and training records waiting for your decision.")
}
pub fn team_empty() -> &'static str {
    pick("Tidak ada yang menunggu keputusan Anda.", "Nothing is waiting for your decision.")
}
pub fn team_nobody() -> &'static str {
    pick("Anda tidak memiliki bawahan langsung.", "You have no direct reports.")
}
pub fn kind_assessment() -> &'static str {
    pick("Penilaian mandiri", "Self-assessment")
}
pub fn kind_training() -> &'static str {
    pick("Pelatihan", "Training")
}
pub fn kind_plan() -> &'static str {
    pick("Rencana SKP", "SKP plan")
}
pub fn review_title() -> &'static str {
    pick("Tinjau Penilaian Mandiri", "Review self-assessment")
}
pub fn self_level() -> &'static str {
    pick("Level menurut pegawai", "Level according to the employee")
}
pub fn supervisor_level() -> &'static str {
    pick("Level menurut Anda", "Level according to you")
}
pub fn comment_label() -> &'static str {
    pick("Catatan untuk pegawai", "Comment for the employee")
}
pub fn comment_hint() -> &'static str {
    pick("Wajib diisi bila dikembalikan.", "Required when returning.")
}
pub fn approve() -> &'static str {
    pick("Setujui", "Approve")
}
pub fn return_button() -> &'static str {
    pick("Kembalikan", "Return")
}
pub fn confirm() -> &'static str {
    pick("Konfirmasi", "Confirm")
}
pub fn reject() -> &'static str {
    pick("Tolak", "Reject")
}
pub fn not_found_record() -> &'static str {
    pick("Data ini tidak ditemukan di perangkat ini (mungkin sudah diputuskan atau dipindahkan).", "This record is not on this device (it may have been decided or moved).")
}
pub fn no_evidence() -> &'static str {
    pick("(tanpa bukti)", "(no evidence)")
}

// HR verification.
pub fn verify_title() -> &'static str {
    pick("Verifikasi Jam Pelajaran", "Learning hours verification")
}
pub fn verify_intro() -> &'static str {
    pick("Pelatihan yang sudah dikonfirmasi atasan. Tetapkan JP yang diakui, atau tolak dengan alasan.", "Training confirmed by supervisors. Set the JP recognised, or reject with a reason.")
}
pub fn verify_empty() -> &'static str {
    pick("Tidak ada pelatihan yang menunggu verifikasi.", "No training is waiting for verification.")
}
pub fn verify_waiting(count: usize) -> String {
    if english() { format!("{count} waiting for verification, oldest first.") } else { format!("{count} menunggu verifikasi, yang terlama di atas.") }
}
pub fn show_more(count: usize) -> String {
    if english() { format!("Show {count} more") } else { format!("Tampilkan {count} lagi") }
}
pub fn jp_recognised_label() -> &'static str {
    pick("JP diakui", "JP recognised")
}
pub fn verify() -> &'static str {
    pick("Verifikasi", "Verify")
}
