//! Texts of "Perlu perhatian" (refused changes) and of what a command did.

use super::{english, pick};

// Attention.
pub fn attention_title() -> &'static str {
    pick("Perlu Perhatian", "Needs attention")
}
pub fn attention_intro() -> &'static str {
    pick("Perubahan yang ditolak server. Data Anda tetap tersimpan di sini sampai Anda mengubahnya lagi atau membuangnya.", "Changes the server refused. Your data stays here until you edit it again or discard it.")
}
pub fn attention_empty() -> &'static str {
    pick("Tidak ada yang perlu diperhatikan.", "Nothing needs your attention.")
}
pub fn discard() -> &'static str {
    pick("Buang", "Discard")
}
pub fn edit_again() -> &'static str {
    pick("Ubah lagi", "Edit again")
}
pub fn make_amendment() -> &'static str {
    pick("Jadikan draf perubahan", "Turn into a draft amendment")
}
pub fn review_again() -> &'static str {
    pick("Tinjau lagi", "Review again")
}
pub fn your_data() -> &'static str {
    pick("Data Anda", "Your data")
}

/// What a command did, in a few words ("Simpan pelatihan “Diklat Arsip”").
pub fn command_summary(command: &shared::command::Command) -> String {
    use shared::kinds::Command::*;
    let en = english();
    match command {
        SaveSelfAssessment(save) => match (save.amends, en) {
            (None, true) => format!("Save self-assessment {}", save.period),
            (None, false) => format!("Simpan penilaian mandiri {}", save.period),
            (Some(_), true) => format!("Amendment of self-assessment {}", save.period),
            (Some(_), false) => format!("Perubahan penilaian mandiri {}", save.period),
        },
        SubmitSelfAssessment(_) => pick("Ajukan penilaian mandiri", "Submit self-assessment").to_owned(),
        ApproveSelfAssessment(_) => pick("Setujui penilaian mandiri", "Approve self-assessment").to_owned(),
        ReturnSelfAssessment(_) => pick("Kembalikan penilaian mandiri", "Return self-assessment").to_owned(),
        SaveTraining(save) if en => format!("Save training “{}”", save.details.title),
        SaveTraining(save) => format!("Simpan pelatihan “{}”", save.details.title),
        SubmitTraining(_) => pick("Ajukan pelatihan", "Submit training").to_owned(),
        ConfirmTraining(_) => pick("Konfirmasi pelatihan", "Confirm training").to_owned(),
        VerifyTraining(_) => pick("Verifikasi pelatihan", "Verify training").to_owned(),
        RejectTraining(_) => pick("Tolak pelatihan", "Reject training").to_owned(),
        DiscardDraft(_) => pick("Hapus draf", "Delete draft").to_owned(),
        SaveSkpPlan(save) if en => format!("Save SKP plan {}", save.year),
        SaveSkpPlan(save) => format!("Simpan rencana SKP {}", save.year),
        SubmitSkpPlan(_) => pick("Ajukan rencana SKP", "Submit SKP plan").to_owned(),
        ApproveSkpPlan(_) => pick("Setujui rencana SKP", "Approve SKP plan").to_owned(),
        ReturnSkpPlan(_) => pick("Kembalikan rencana SKP", "Return SKP plan").to_owned(),
    }
}
