//! Why something failed, as a sentence for the user: a typed NIP, an API error, a refused or
//! unstored change.

use shared::ApiError;
use shared::domain::NipError;

use crate::api::ClientError;
use crate::sync::ChangeError;
use super::{english, pick, storage_problem};

/// What exactly is wrong with a typed NIP (the texts are shared with HR's import).
pub fn nip_error(error: &NipError) -> String {
    error.describe(english())
}

/// An API error as a sentence for the user.
pub fn api_error(error: &ApiError) -> String {
    match error {
        ApiError::InvalidNip { reason } => nip_error(reason),
        ApiError::UnknownNip => pick(
            "NIP tidak terdaftar. Periksa kembali NIP Anda atau hubungi Admin SDM.",
            "This NIP is not registered. Check your NIP or contact HR.",
        )
        .to_owned(),
        ApiError::WrongPassword => {
            pick("Kata sandi salah. Periksa kembali, lalu coba lagi.", "Wrong password. Check it, then try again.").to_owned()
        }
        ApiError::TooManyAttempts { retry_after_secs } if english() => {
            format!("Too many failed password attempts. Try again in {}.", duration(*retry_after_secs))
        }
        ApiError::TooManyAttempts { retry_after_secs } => {
            format!("Terlalu banyak percobaan kata sandi yang gagal. Coba lagi dalam {}.", duration(*retry_after_secs))
        }
        ApiError::Unauthenticated => {
            pick("Sesi Anda telah berakhir. Silakan masuk kembali.", "Your session has ended. Please sign in again.").to_owned()
        }
        ApiError::Forbidden => pick("Anda tidak berwenang melakukan tindakan ini.", "You are not allowed to do this.").to_owned(),
        ApiError::OtherUserSignedIn => pick(
            "Pengguna lain telah masuk di peramban ini. Masuk lagi untuk melanjutkan.",
            "Someone else has signed in on this browser. Sign in again to continue.",
        )
        .to_owned(),
        ApiError::OutOfService => pick(
            "Akun ini tidak aktif lagi (pensiun atau nonaktif). Hubungi Admin SDM bila ini keliru.",
            "This account is no longer active (retired or deactivated). Contact HR if this is a mistake.",
        )
        .to_owned(),
        ApiError::OneTimePasswordExpired => pick(
            "Kata sandi sekali pakai ini sudah kedaluwarsa (berlaku 7 hari). Minta Admin SDM membuatkan yang baru.",
            "This one-time password has expired (it is valid for 7 days). Ask HR for a new one.",
        )
        .to_owned(),
        ApiError::PasswordChangeRequired => pick(
            "Ganti dulu kata sandi sekali pakai Anda.",
            "Change your one-time password first.",
        )
        .to_owned(),
        ApiError::NotFound => pick("Data tidak ditemukan.", "Not found.").to_owned(),
        // The answers of the password and administration screens only, which say them
        // themselves (`i18n::admin::screen_error`), keeping their texts out of the first load.
        ApiError::BadRequest { .. } | ApiError::MethodNotAllowed | ApiError::WeakPassword { .. } | ApiError::LastHrAdmin | ApiError::SelfAppraisal | ApiError::StalePreview | ApiError::PositionInUse | ApiError::PositionClosed => pick(
            "Permintaan tidak valid. Muat ulang halaman, lalu coba lagi.",
            "The request was not valid. Reload the page, then try again.",
        )
        .to_owned(),
        ApiError::Internal | ApiError::Unknown => pick(
            "Terjadi kesalahan pada server. Coba lagi beberapa saat lagi.",
            "Something went wrong on the server. Try again in a moment.",
        )
        .to_owned(),
    }
}

/// A failed change as a sentence for the user.
pub fn change_error(error: &ChangeError) -> String {
    match error {
        ChangeError::Refused(rejection) => self::rejection(rejection),
        ChangeError::Diverged(_) => pick(
            "Data ini diubah di tab atau perangkat lain sejak formulir dibuka, pada isian yang juga Anda ubah. Pilih yang dipakai.",
            "This record was changed in another tab or device since the form was opened, in fields you changed too. Choose which to keep.",
        )
        .to_owned(),
        ChangeError::Storage(_) => storage_problem().to_owned(),
        ChangeError::SignedOut => api_error(&ApiError::Unauthenticated),
    }
}

/// A client-side failure as a sentence for the user.
pub fn client_error(error: &ClientError) -> String {
    match error {
        ClientError::Api(error) => api_error(error),
        ClientError::Unreachable => pick(
            "Server tidak dapat dihubungi. Periksa sambungan internet Anda, lalu coba lagi.",
            "The server cannot be reached. Check your internet connection, then try again.",
        )
        .to_owned(),
        ClientError::Unexpected(_) => pick(
            "Jawaban server tidak dikenali. Coba lagi beberapa saat lagi.",
            "The server's answer was not understood. Try again in a moment.",
        )
        .to_owned(),
    }
}

/// "30 detik", "5 menit", "15 menit".
fn duration(seconds: u64) -> String {
    match (english(), seconds < 60) {
        (false, true) => format!("{seconds} detik"),
        (false, false) => format!("{} menit", seconds.div_ceil(60)),
        (true, true) => format!("{seconds} seconds"),
        (true, false) => format!("{} minutes", seconds.div_ceil(60)),
    }
}

/// Why the rules refused a change, as a sentence for the user.
pub fn rejection(rejection: &shared::command::Rejection) -> String {
    use shared::command::Rejection;
    match rejection {
        Rejection::Conflict { current_version: 0 } => pick(
            "Data ini sudah tidak ada (dihapus sebelum perubahan Anda terkirim).",
            "This record no longer exists (it was deleted before your change was sent).",
        )
        .to_owned(),
        Rejection::Conflict { .. } => pick(
            "Data ini sudah diubah orang lain sejak Anda membukanya. Periksa versi terbarunya, lalu ulangi.",
            "Someone changed this record since you opened it. Check the latest version, then try again.",
        )
        .to_owned(),
        Rejection::Locked => pick(
            "Terkunci: data ini sudah final (penilaian yang disetujui atau pelatihan yang diverifikasi) dan tidak dapat diubah langsung; buat perubahan (amandemen) bila perlu.",
            "Locked: this record is final (an approved assessment or a verified training) and cannot be changed directly; propose an amendment if needed.",
        )
        .to_owned(),
        Rejection::Forbidden => pick("Anda tidak berwenang melakukan perubahan ini.", "You are not allowed to make this change.").to_owned(),
        Rejection::Invalid { reason } => invalid_reason(reason),
    }
}

fn invalid_reason(reason: &shared::command::InvalidReason) -> String {
    use shared::command::InvalidReason::*;
    let en = english();
    let text = |id: &'static str, english_text: &'static str| pick(id, english_text).to_owned();
    match reason {
        UnknownRecord => text("Data ini tidak ditemukan (mungkin pembuatannya ditolak).", "This record was not found (perhaps creating it was refused)."),
        WrongKind => text("Perubahan ini tidak sesuai dengan jenis datanya.", "This change does not fit this kind of record."),
        WrongStatus => text("Perubahan ini tidak dapat dilakukan pada status data sekarang.", "This change cannot be made in the record's current status."),
        DuplicatePeriod { .. } => text("Anda sudah memiliki penilaian mandiri untuk periode ini.", "You already have a self-assessment for this period."),
        NotAmendable => text("Hanya penilaian yang sudah disetujui yang dapat diajukan perubahannya.", "Only an approved assessment can be amended."),
        PeriodOutOfRange => text("Periode penilaian di luar rentang yang diterima.", "The assessment period is outside the accepted range."),
        CompetencyNotInStandard { .. } => text("Kompetensi ini tidak termasuk standar jabatan Anda.", "This competency is not in your position's standard."),
        DuplicateCompetency { .. } => text("Satu kompetensi dinilai lebih dari sekali.", "A competency is rated more than once."),
        IncompleteRatings { missing } if en => format!("{missing} competencies still have no level."),
        IncompleteRatings { missing } => format!("Masih ada {missing} kompetensi yang belum diberi level."),
        TextTooLong { max } if en => format!("The text is too long (at most {max} characters)."),
        TextTooLong { max } => format!("Teks terlalu panjang (paling banyak {max} karakter)."),
        CommentRequired => text("Catatan wajib diisi saat mengembalikan penilaian.", "A comment is required when returning an assessment."),
        ReasonRequired => text("Alasan penolakan wajib diisi.", "A reason for the rejection is required."),
        TitleRequired => text("Nama pelatihan wajib diisi.", "Enter the training's name."),
        ProviderRequired => text("Penyelenggara wajib diisi.", "Enter the provider."),
        EndBeforeStart => text("Tanggal selesai tidak boleh sebelum tanggal mulai.", "The end date cannot be before the start date."),
        JpNotPositive => text("JP harus lebih dari 0.", "JP must be more than 0."),
        JpImplausible { max } if en => format!("Too many JP for these dates (at most {max} JP)."),
        JpImplausible { max } => format!("JP terlalu banyak untuk tanggal tersebut (paling banyak {max} JP)."),
        DuplicateTraining { .. } => text(
            "Pelatihan dengan nama dan tanggal yang sama sudah tercatat.",
            "A training with the same name and dates is already recorded.",
        ),
        JpRecognisedOutOfRange { claimed } if en => format!("The JP recognised must be between 1 and {claimed} (the JP claimed)."),
        JpRecognisedOutOfRange { claimed } => format!("JP yang diakui harus antara 1 dan {claimed} (JP yang diklaim)."),
        TooManyCompetencies { max } if en => format!("At most {max} competencies per training."),
        TooManyCompetencies { max } => format!("Paling banyak {max} kompetensi per pelatihan."),
        DuplicatePlan { .. } => text("Anda sudah memiliki rencana SKP untuk tahun ini.", "You already have an SKP plan for this year."),
        NotRevisable => text("Hanya rencana SKP yang sudah disetujui yang dapat direvisi.", "Only an approved SKP plan can be revised."),
        IncompletePlan { incomplete_rhk } if en => format!("The plan needs at least one main RHK, and every RHK a text and an indicator with its target ({incomplete_rhk} RHK incomplete)."),
        IncompletePlan { incomplete_rhk } => format!("Rencana memerlukan minimal satu RHK utama, dan setiap RHK berisi uraian serta indikator dengan targetnya ({incomplete_rhk} RHK belum lengkap)."),
        PlanTooLarge { max_rhk, max_indicators } if en => format!("At most {max_rhk} RHK, each with at most {max_indicators} indicators."),
        PlanTooLarge { max_rhk, max_indicators } => format!("Paling banyak {max_rhk} RHK, masing-masing dengan paling banyak {max_indicators} indikator."),
        DuplicateRhk => text("Dua RHK dalam rencana ini sama.", "Two RHK of this plan are the same."),
        Expectations { expected } if en => format!("Give an expectation for each of the {expected} BerAKHLAK values (it may be empty)."),
        Expectations { expected } => format!("Isi ekspektasi untuk setiap {expected} nilai BerAKHLAK (boleh kosong)."),
        WrongSubject => text("Perubahan ini menyebut pegawai lain dari yang dicatat pada data ini.", "This change names another employee than the one the record is about."),
        Unreadable => text(
            "Server tidak dapat membaca perubahan ini (versi aplikasi berbeda). Muat ulang aplikasi, lalu isi kembali.",
            "The server cannot read this change (a different app version). Reload the app, then enter it again.",
        ),
    }
}
