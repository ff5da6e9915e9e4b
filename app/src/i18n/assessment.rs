//! Texts of the self-assessment page.

use super::{english, pick};

// Self-assessment.
pub fn assessed_against_note() -> &'static str {
    pick("Standar dan nama kompetensi seperti saat penilaian ini disetujui.", "The standard and competency names as they were when this assessment was approved.")
}

pub fn assessment_title() -> &'static str {
    pick("Penilaian Mandiri Kompetensi", "Competency self-assessment")
}
pub fn assessment_intro(period: u16) -> String {
    if english() { format!("Period {period}. For each competency, choose the level that best matches how you work day to day, then note the evidence briefly.") } else { format!("Periode {period}. Pilih level yang paling sesuai dengan perilaku Anda sehari-hari untuk setiap kompetensi, lalu tulis bukti singkatnya.") }
}
pub fn required() -> &'static str {
    pick("Dipersyaratkan", "Required")
}
pub fn not_chosen() -> &'static str {
    pick("Belum dipilih", "Not chosen yet")
}
pub fn confirm_discard() -> &'static str {
    pick("Buang perubahan ini? Data yang Anda isi akan hilang dari perangkat ini.", "Discard this change? What you entered will be removed from this device.")
}
pub fn confirm_close_form() -> &'static str {
    pick("Tutup formulir yang sedang diisi? Isian yang belum disimpan akan hilang.", "Close the form being filled in? What has not been saved will be lost.")
}
pub fn confirm_delete_draft() -> &'static str {
    pick("Hapus draf pelatihan ini?", "Delete this training draft?")
}
pub fn evidence_label() -> &'static str {
    pick("Bukti (kegiatan, hasil kerja, sertifikat)", "Evidence (activity, work result, certificate)")
}
pub fn indicators() -> &'static str {
    pick("Indikator perilaku", "Behavioural indicators")
}
pub fn no_standard() -> &'static str {
    pick("Jabatan Anda belum memiliki standar kompetensi. Hubungi Admin SDM.", "Your position has no competency standard yet. Contact HR.")
}
pub fn supervisor_decision() -> &'static str {
    pick("Keputusan atasan", "Supervisor's decision")
}
pub fn supervisor_comment() -> &'static str {
    pick("Catatan atasan", "Supervisor's comment")
}
pub fn locked_note() -> &'static str {
    pick("Penilaian ini sudah disetujui. Perubahan diajukan sebagai amandemen; penilaian yang disetujui tetap tersimpan.", "This assessment has been approved. Changes are proposed as an amendment; the approved assessment is kept.")
}
pub fn start_amendment() -> &'static str {
    pick("Buat perubahan (amandemen)", "Propose a change (amendment)")
}
pub fn amendment_started() -> &'static str {
    pick("Draf perubahan dibuat dari penilaian yang disetujui. Ubah, lalu ajukan.", "A draft amendment was made from the approved assessment. Edit it, then submit.")
}
pub fn under_review_note() -> &'static str {
    pick("Penilaian ini sedang ditinjau atasan Anda. Anda dapat mengubahnya lagi bila dikembalikan.", "Your supervisor is reviewing this assessment. You can edit it again if it is returned.")
}
pub fn gap_title() -> &'static str {
    pick("Kesenjangan Kompetensi", "Competency gap")
}
pub fn gap_self() -> &'static str {
    pick("Mandiri", "Self")
}
pub fn gap_supervisor() -> &'static str {
    pick("Atasan", "Supervisor")
}
pub fn gap() -> &'static str {
    pick("Kesenjangan", "Gap")
}
pub fn not_rated() -> &'static str {
    pick("–", "–")
}
pub fn job_person_match(percent: u8) -> String {
    if english() { format!("Job Person Match: {percent}%") } else { format!("Kesesuaian jabatan (Job Person Match): {percent}%") }
}

pub fn assessment_status(status: shared::kinds::self_assessment::AssessmentStatus) -> &'static str {
    use shared::kinds::self_assessment::AssessmentStatus::*;
    match status {
        Draft => pick("Draf", "Draft"),
        Submitted => pick("Diajukan", "Submitted"),
        Approved => pick("Disetujui", "Approved"),
        Returned => pick("Dikembalikan", "Returned"),
    }
}
