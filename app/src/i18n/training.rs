//! Texts of the training page.

use super::{english, pick};

// Training.
pub fn training_title() -> &'static str {
    pick("Riwayat Pelatihan", "Training records")
}
pub fn add_training() -> &'static str {
    pick("Tambah pelatihan", "Add training")
}
pub fn edit_training() -> &'static str {
    pick("Ubah pelatihan", "Edit training")
}
pub fn training_empty() -> &'static str {
    pick("Belum ada pelatihan yang dicatat. Tambahkan pelatihan, kursus, seminar, atau pengembangan lain yang Anda ikuti.", "No training recorded yet. Add the training, courses, seminars or other development you took part in.")
}
pub fn jp_title() -> &'static str {
    pick("Jam Pelajaran (JP) tahun ini", "Learning hours (JP) this year")
}
pub fn jp_progress(recognised: u32, target: u32, pending: u32) -> String {
    match (english(), pending > 0) {
        (false, false) => format!("{recognised} dari {target} JP diakui"),
        (false, true) => format!("{recognised} dari {target} JP diakui · {pending} JP masih diproses"),
        (true, false) => format!("{recognised} of {target} JP recognised"),
        (true, true) => format!("{recognised} of {target} JP recognised · {pending} JP still in progress"),
    }
}
pub fn jp_met() -> &'static str {
    pick("Target 20 JP tahun ini terpenuhi.", "This year's 20 JP target is met.")
}
pub fn title_label() -> &'static str {
    pick("Nama pelatihan", "Training name")
}
pub fn form_label() -> &'static str {
    pick("Bentuk pengembangan", "Form of development")
}
pub fn klasikal() -> &'static str {
    pick("Klasikal", "Classical (klasikal)")
}
pub fn non_klasikal() -> &'static str {
    pick("Non-klasikal", "Non-classical (non-klasikal)")
}
pub fn provider_label() -> &'static str {
    pick("Penyelenggara", "Provider")
}
pub fn start_label() -> &'static str {
    pick("Tanggal mulai", "Start date")
}
pub fn end_label() -> &'static str {
    pick("Tanggal selesai", "End date")
}
pub fn jp_label() -> &'static str {
    pick("JP yang diklaim", "JP claimed")
}
pub fn jp_hint() -> &'static str {
    pick("1 JP = 45 menit", "1 JP = 45 minutes")
}
pub fn certificate_label() -> &'static str {
    pick("Nomor sertifikat (bila ada)", "Certificate number (if any)")
}
pub fn competencies_label() -> &'static str {
    pick("Kompetensi yang dikembangkan", "Competencies developed")
}
pub fn date_required() -> &'static str {
    pick("Isi tanggal dengan lengkap.", "Enter complete dates.")
}
pub fn jp_number() -> &'static str {
    pick("JP harus berupa bilangan bulat positif.", "JP must be a positive whole number.")
}
pub fn rejection_reason() -> &'static str {
    pick("Alasan penolakan", "Reason for rejection")
}
pub fn jp_claimed(jp: u16) -> String {
    // The same in both languages.
    format!("{jp} JP")
}
pub fn entered_by_hr() -> &'static str {
    pick("Dicatat oleh Admin SDM", "Entered by HR")
}
pub fn entered_trainings(name: &str) -> String {
    if english() { format!("Training entered by HR for {name}") } else { format!("Pelatihan yang dicatat Admin SDM untuk {name}") }
}
pub fn entered_trainings_empty() -> &'static str {
    pick(
        "Admin SDM belum mencatat pelatihan untuk pegawai ini, atau semuanya sudah diverifikasi. Catat di sini pelatihan pegawai yang tidak memakai perangkat sendiri.",
        "HR has entered no training for this employee, or all of it is verified. Enter here the training of an employee who has no device of their own.",
    )
}
pub fn jp_recognised(jp: u16) -> String {
    if english() { format!("{jp} JP recognised") } else { format!("{jp} JP diakui") }
}

pub fn training_status(status: shared::kinds::training::TrainingStatus) -> &'static str {
    use shared::kinds::training::TrainingStatus::*;
    match status {
        Draft => pick("Draf", "Draft"),
        Submitted => pick("Diajukan", "Submitted"),
        Confirmed => pick("Dikonfirmasi atasan", "Confirmed by supervisor"),
        Verified => pick("Diverifikasi", "Verified"),
        Rejected => pick("Ditolak", "Rejected"),
    }
}
