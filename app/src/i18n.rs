//! Every text the user reads, in Bahasa Indonesia. Kept in one place so that a second language
//! (English) can be added as a table beside this one without touching the pages.

use shared::ApiError;
use shared::domain::NipError;

use crate::api::ClientError;

pub const APP_NAME: &str = "Kompeten";
pub const APP_TAGLINE: &str = "Manajemen kompetensi ASN";
pub const LOADING: &str = "Memuat…";

pub const SIGN_IN_TITLE: &str = "Masuk ke Kompeten";
pub const SIGN_IN_INTRO: &str = "Masuk dengan NIP dan kata sandi Anda.";
pub const NIP_LABEL: &str = "NIP";
pub const NIP_HINT: &str = "18 digit, boleh dengan spasi";
pub const PASSWORD_LABEL: &str = "Kata sandi";
pub const SIGN_IN_BUTTON: &str = "Masuk";
pub const SIGNING_IN: &str = "Sedang masuk…";
pub const PASSWORD_REQUIRED: &str = "Kata sandi wajib diisi.";
pub const SHOW_PASSWORD: &str = "Tampilkan kata sandi";

pub const SIGN_OUT_BUTTON: &str = "Keluar";
pub const PROFILE_HEADING: &str = "Profil Pegawai";
pub const NIP: &str = "NIP";
pub const RANK: &str = "Pangkat/Golongan";
pub const EMPLOYMENT: &str = "Status kepegawaian";
pub const POSITION: &str = "Jabatan";
pub const UNIT: &str = "Unit kerja";
pub const SUPERVISOR: &str = "Atasan langsung";
pub const NO_SUPERVISOR: &str = "Tidak ada (pimpinan tertinggi)";
pub const STANDARD_HEADING: &str = "Standar Kompetensi Jabatan";
pub const STANDARD_EMPTY: &str = "Standar kompetensi untuk jabatan ini belum ditetapkan. Hubungi Admin SDM.";
pub const COMPETENCY: &str = "Kompetensi";
pub const KIND: &str = "Jenis";
pub const REQUIRED_LEVEL: &str = "Level yang dipersyaratkan";
pub const ROLES: &str = "Peran";

pub const UNREACHABLE_TITLE: &str = "Server tidak dapat dihubungi";
pub const UNREACHABLE_BODY: &str =
    "Periksa sambungan internet Anda, lalu coba lagi. Data Anda tidak hilang.";
pub const TRY_AGAIN: &str = "Coba lagi";
pub const NOT_FOUND_TITLE: &str = "Halaman tidak ditemukan";
pub const BACK_HOME: &str = "Kembali ke beranda";

/// The role names as the UI shows them.
pub fn role(role: shared::domain::Role) -> &'static str {
    match role {
        shared::domain::Role::Employee => "Pegawai",
        shared::domain::Role::Supervisor => "Atasan",
        shared::domain::Role::HrAdmin => "Admin SDM",
    }
}

/// What exactly is wrong with a typed NIP.
pub fn nip_error(error: &NipError) -> String {
    match error {
        NipError::WrongLength { digits: 0 } => "NIP wajib diisi.".to_owned(),
        NipError::WrongLength { digits } => format!("NIP terdiri dari 18 digit; yang diisi {digits} digit."),
        NipError::NotDigits => "NIP hanya berisi angka (boleh dengan spasi).".to_owned(),
        NipError::InvalidBirthDate => "Digit 1–8 NIP harus tanggal lahir yang sah (TTTTBBHH).".to_owned(),
        NipError::InvalidAppointment => "Digit 9–14 NIP harus tahun dan bulan pengangkatan yang sah.".to_owned(),
        NipError::AppointedBeforeBirth => "Tanggal pengangkatan pada NIP lebih awal dari tanggal lahir.".to_owned(),
        NipError::InvalidSex => "Digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan).".to_owned(),
        NipError::ZeroSerial => "Tiga digit terakhir NIP (nomor urut) tidak boleh 000.".to_owned(),
    }
}

/// An API error as a sentence for the user.
pub fn api_error(error: &ApiError) -> String {
    match error {
        ApiError::InvalidNip { reason } => nip_error(reason),
        ApiError::UnknownNip => "NIP tidak terdaftar. Periksa kembali NIP Anda atau hubungi Admin SDM.".to_owned(),
        ApiError::WrongPassword => "Kata sandi salah. Periksa kembali, lalu coba lagi.".to_owned(),
        ApiError::TooManyAttempts { retry_after_secs } => format!(
            "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {}.",
            duration(*retry_after_secs)
        ),
        ApiError::Unauthenticated => "Sesi Anda telah berakhir. Silakan masuk kembali.".to_owned(),
        ApiError::Forbidden => "Anda tidak berwenang melakukan tindakan ini.".to_owned(),
        ApiError::OtherUserSignedIn => "Pengguna lain telah masuk di peramban ini. Masuk lagi untuk melanjutkan.".to_owned(),
        ApiError::NotFound => "Data tidak ditemukan.".to_owned(),
        ApiError::BadRequest { .. } | ApiError::MethodNotAllowed => "Permintaan tidak valid. Muat ulang halaman, lalu coba lagi.".to_owned(),
        ApiError::Internal | ApiError::Unknown => {
            "Terjadi kesalahan pada server. Coba lagi beberapa saat lagi.".to_owned()
        }
    }
}

/// A client-side failure as a sentence for the user.
pub fn client_error(error: &ClientError) -> String {
    match error {
        ClientError::Api(error) => api_error(error),
        ClientError::Unreachable => {
            "Server tidak dapat dihubungi. Periksa sambungan internet Anda, lalu coba lagi.".to_owned()
        }
        ClientError::Unexpected(_) => "Jawaban server tidak dikenali. Coba lagi beberapa saat lagi.".to_owned(),
    }
}

/// "30 detik", "5 menit", "15 menit".
fn duration(seconds: u64) -> String {
    if seconds < 60 { format!("{seconds} detik") } else { format!("{} menit", seconds.div_ceil(60)) }
}

// Navigation.
pub const NAV_LABEL: &str = "Menu utama";
pub const NAV_HOME: &str = "Beranda";
pub const NAV_ASSESSMENT: &str = "Penilaian Mandiri";
pub const NAV_TRAINING: &str = "Pelatihan";
pub const NAV_TEAM: &str = "Persetujuan Tim";
pub const NAV_VERIFY: &str = "Verifikasi JP";
pub const NAV_ATTENTION: &str = "Perlu Perhatian";

// Sync status.
pub const ONLINE: &str = "Daring";
pub const OFFLINE: &str = "Luring";
pub const SYNCING: &str = "Menyinkronkan…";
pub const ALL_SYNCED: &str = "Semua perubahan sudah tersinkronisasi";
pub const NEVER_SYNCED: &str = "Belum pernah disinkronkan di perangkat ini";
pub const SYNC_NOW: &str = "Sinkronkan sekarang";
pub const SESSION_EXPIRED: &str =
    "Sesi Anda berakhir. Masuk lagi untuk mengirim perubahan; semuanya tetap tersimpan di perangkat ini.";
pub const SIGN_IN_AGAIN: &str = "Masuk lagi";
pub const OTHER_USER_SIGNED_IN: &str =
    "Pengguna lain telah masuk di peramban ini. Masuk lagi untuk mengirim perubahan Anda; semuanya tetap tersimpan di perangkat ini.";

pub fn changes_waiting_to_send(count: usize) -> String {
    format!("Ada {count} perubahan yang menunggu dikirim.")
}
pub const STORAGE_PROBLEM: &str =
    "Perangkat ini tidak dapat menyimpan data (penyimpanan peramban penuh atau dinonaktifkan). Perubahan baru tidak dapat dibuat.";
pub const SERVER_PROBLEM: &str = "Server memberi jawaban yang tidak dikenali. Sinkronisasi dicoba lagi otomatis.";

pub fn pending_changes(count: usize) -> String {
    format!("{count} perubahan menunggu sinkronisasi")
}

pub fn received_records(count: usize) -> String {
    format!("{count} data diterima")
}

pub fn last_sync(time: &str) -> String {
    format!("Sinkronisasi terakhir {time}")
}

pub fn attention_count(count: usize) -> String {
    format!("{count} perlu perhatian")
}

// Common words.
pub const SAVE_DRAFT: &str = "Simpan draf";
pub const SUBMIT: &str = "Ajukan";
pub const CANCEL: &str = "Batal";
pub const EDIT: &str = "Ubah";
pub const DELETE_DRAFT: &str = "Hapus draf";
pub const WAITING: &str = "Menunggu sinkronisasi";
pub const WAITING_HINT: &str = "Tersimpan di perangkat ini; dikirim otomatis saat tersambung.";
pub const LOADING_DATA: &str = "Memuat data dari server…";
pub const SAVED: &str = "Tersimpan.";
pub const SUBMITTED: &str = "Diajukan.";
pub const BACK: &str = "Kembali";

// Self-assessment.
pub const ASSESSMENT_TITLE: &str = "Penilaian Mandiri Kompetensi";
pub fn assessment_intro(period: u16) -> String {
    format!("Periode {period}. Pilih level yang paling sesuai dengan perilaku Anda sehari-hari untuk setiap kompetensi, lalu tulis bukti singkatnya.")
}
pub const REQUIRED: &str = "Dipersyaratkan";
pub const REQUIRED_LEVEL_SHORT: &str = "Level yang dipersyaratkan";
pub const NOT_CHOSEN: &str = "Belum dipilih";
pub const CONFIRM_DISCARD: &str = "Buang perubahan ini? Data yang Anda isi akan hilang dari perangkat ini.";
pub const CONFIRM_DELETE_DRAFT: &str = "Hapus draf pelatihan ini?";
pub const EVIDENCE_LABEL: &str = "Bukti (kegiatan, hasil kerja, sertifikat)";
pub const INDICATORS: &str = "Indikator perilaku";
pub const NO_STANDARD: &str = "Jabatan Anda belum memiliki standar kompetensi. Hubungi Admin SDM.";
pub const SUPERVISOR_DECISION: &str = "Keputusan atasan";
pub const SUPERVISOR_COMMENT: &str = "Catatan atasan";
pub const LOCKED_NOTE: &str =
    "Penilaian ini sudah disetujui. Perubahan diajukan sebagai amandemen; penilaian yang disetujui tetap tersimpan.";
pub const START_AMENDMENT: &str = "Buat perubahan (amandemen)";
pub const AMENDMENT_STARTED: &str = "Draf perubahan dibuat dari penilaian yang disetujui. Ubah, lalu ajukan.";
pub const UNDER_REVIEW_NOTE: &str = "Penilaian ini sedang ditinjau atasan Anda. Anda dapat mengubahnya lagi bila dikembalikan.";
pub const GAP_TITLE: &str = "Kesenjangan Kompetensi";
pub const GAP_SELF: &str = "Mandiri";
pub const GAP_SUPERVISOR: &str = "Atasan";
pub const GAP: &str = "Kesenjangan";
pub const NOT_RATED: &str = "–";
pub fn job_person_match(percent: u8) -> String {
    format!("Kesesuaian jabatan (Job Person Match): {percent}%")
}

// Training.
pub const TRAINING_TITLE: &str = "Riwayat Pelatihan";
pub const ADD_TRAINING: &str = "Tambah pelatihan";
pub const EDIT_TRAINING: &str = "Ubah pelatihan";
pub const TRAINING_EMPTY: &str = "Belum ada pelatihan yang dicatat. Tambahkan pelatihan, kursus, seminar, atau pengembangan lain yang Anda ikuti.";
pub const JP_TITLE: &str = "Jam Pelajaran (JP) tahun ini";
pub fn jp_progress(recognised: u32, target: u32, pending: u32) -> String {
    let pending = if pending > 0 { format!(" · {pending} JP masih diproses") } else { String::new() };
    format!("{recognised} dari {target} JP diakui{pending}")
}
pub const JP_MET: &str = "Target 20 JP tahun ini terpenuhi.";
pub const TITLE_LABEL: &str = "Nama pelatihan";
pub const FORM_LABEL: &str = "Bentuk pengembangan";
pub const KLASIKAL: &str = "Klasikal";
pub const NON_KLASIKAL: &str = "Non-klasikal";
pub const PROVIDER_LABEL: &str = "Penyelenggara";
pub const START_LABEL: &str = "Tanggal mulai";
pub const END_LABEL: &str = "Tanggal selesai";
pub const JP_LABEL: &str = "JP yang diklaim";
pub const JP_HINT: &str = "1 JP = 45 menit";
pub const CERTIFICATE_LABEL: &str = "Nomor sertifikat (bila ada)";
pub const COMPETENCIES_LABEL: &str = "Kompetensi yang dikembangkan";
pub const DATE_REQUIRED: &str = "Isi tanggal dengan lengkap.";
pub const JP_NUMBER: &str = "JP harus berupa bilangan bulat positif.";
pub const REJECTION_REASON: &str = "Alasan penolakan";
pub fn jp_claimed(jp: u16) -> String {
    format!("{jp} JP")
}
pub fn jp_recognised(jp: u16) -> String {
    format!("{jp} JP diakui")
}

// Supervisor queue.
pub const TEAM_TITLE: &str = "Persetujuan Tim";
pub const TEAM_INTRO: &str = "Penilaian mandiri dan pelatihan bawahan langsung Anda yang menunggu keputusan.";
pub const TEAM_EMPTY: &str = "Tidak ada yang menunggu keputusan Anda.";
pub const TEAM_NOBODY: &str = "Anda tidak memiliki bawahan langsung.";
pub const KIND_ASSESSMENT: &str = "Penilaian mandiri";
pub const KIND_TRAINING: &str = "Pelatihan";
pub const REVIEW_TITLE: &str = "Tinjau Penilaian Mandiri";
pub const SELF_LEVEL: &str = "Level menurut pegawai";
pub const SUPERVISOR_LEVEL: &str = "Level menurut Anda";
pub const COMMENT_LABEL: &str = "Catatan untuk pegawai";
pub const COMMENT_HINT: &str = "Wajib diisi bila dikembalikan.";
pub const APPROVE: &str = "Setujui";
pub const RETURN: &str = "Kembalikan";
pub const CONFIRM: &str = "Konfirmasi";
pub const REJECT: &str = "Tolak";
pub const NOT_FOUND_RECORD: &str = "Data ini tidak ditemukan di perangkat ini (mungkin sudah diputuskan atau dipindahkan).";
pub const NO_EVIDENCE: &str = "(tanpa bukti)";

// HR verification.
pub const VERIFY_TITLE: &str = "Verifikasi Jam Pelajaran";
pub const VERIFY_INTRO: &str = "Pelatihan yang sudah dikonfirmasi atasan. Tetapkan JP yang diakui, atau tolak dengan alasan.";
pub const VERIFY_EMPTY: &str = "Tidak ada pelatihan yang menunggu verifikasi.";
pub const JP_RECOGNISED_LABEL: &str = "JP diakui";
pub const VERIFY: &str = "Verifikasi";

// Attention.
pub const ATTENTION_TITLE: &str = "Perlu Perhatian";
pub const ATTENTION_INTRO: &str = "Perubahan yang ditolak server. Data Anda tetap tersimpan di sini sampai Anda mengubahnya lagi atau membuangnya.";
pub const ATTENTION_EMPTY: &str = "Tidak ada yang perlu diperhatikan.";
pub const DISCARD: &str = "Buang";
pub const EDIT_AGAIN: &str = "Ubah lagi";
pub const MAKE_AMENDMENT: &str = "Jadikan draf perubahan";
pub const REVIEW_AGAIN: &str = "Tinjau lagi";
pub const YOUR_DATA: &str = "Data Anda";

pub fn assessment_status(status: shared::domain::AssessmentStatus) -> &'static str {
    use shared::domain::AssessmentStatus::*;
    match status {
        Draft => "Draf",
        Submitted => "Diajukan",
        Approved => "Disetujui",
        Returned => "Dikembalikan",
    }
}

pub fn training_status(status: shared::domain::TrainingStatus) -> &'static str {
    use shared::domain::TrainingStatus::*;
    match status {
        Draft => "Draf",
        Submitted => "Diajukan",
        Confirmed => "Dikonfirmasi atasan",
        Verified => "Diverifikasi",
        Rejected => "Ditolak",
    }
}

/// What a command did, in a few words ("Simpan pelatihan “Diklat Arsip”").
pub fn command_summary(command: &shared::command::Command) -> String {
    use shared::command::Command::*;
    match command {
        SaveSelfAssessment { period, amends: None, .. } => format!("Simpan penilaian mandiri {period}"),
        SaveSelfAssessment { period, amends: Some(_), .. } => format!("Perubahan penilaian mandiri {period}"),
        SubmitSelfAssessment { .. } => "Ajukan penilaian mandiri".to_owned(),
        ApproveSelfAssessment { .. } => "Setujui penilaian mandiri".to_owned(),
        ReturnSelfAssessment { .. } => "Kembalikan penilaian mandiri".to_owned(),
        SaveTraining { details, .. } => format!("Simpan pelatihan “{}”", details.title),
        SubmitTraining { .. } => "Ajukan pelatihan".to_owned(),
        ConfirmTraining { .. } => "Konfirmasi pelatihan".to_owned(),
        VerifyTraining { .. } => "Verifikasi pelatihan".to_owned(),
        RejectTraining { .. } => "Tolak pelatihan".to_owned(),
        DiscardDraft { .. } => "Hapus draf".to_owned(),
    }
}

/// Why the rules refused a change, as a sentence for the user.
pub fn rejection(rejection: &shared::command::Rejection) -> String {
    use shared::command::Rejection;
    match rejection {
        Rejection::Conflict { current_version: 0 } => "Data ini sudah tidak ada (dihapus sebelum perubahan Anda terkirim).".to_owned(),
        Rejection::Conflict { .. } => {
            "Data ini sudah diubah orang lain sejak Anda membukanya. Periksa versi terbarunya, lalu ulangi.".to_owned()
        }
        Rejection::Locked => {
            "Terkunci: data ini sudah final (penilaian yang disetujui atau pelatihan yang diverifikasi) dan tidak dapat diubah langsung; buat perubahan (amandemen) bila perlu.".to_owned()
        }
        Rejection::Forbidden => "Anda tidak berwenang melakukan perubahan ini.".to_owned(),
        Rejection::Invalid { reason } => invalid_reason(reason),
    }
}

fn invalid_reason(reason: &shared::command::InvalidReason) -> String {
    use shared::command::InvalidReason::*;
    match reason {
        UnknownRecord => "Data ini tidak ditemukan (mungkin pembuatannya ditolak).".to_owned(),
        WrongKind => "Perubahan ini tidak sesuai dengan jenis datanya.".to_owned(),
        WrongStatus => "Perubahan ini tidak dapat dilakukan pada status data sekarang.".to_owned(),
        DuplicatePeriod { .. } => "Anda sudah memiliki penilaian mandiri untuk periode ini.".to_owned(),
        NotAmendable => "Hanya penilaian yang sudah disetujui yang dapat diajukan perubahannya.".to_owned(),
        PeriodOutOfRange => "Periode penilaian di luar rentang yang diterima.".to_owned(),
        CompetencyNotInStandard { .. } => "Kompetensi ini tidak termasuk standar jabatan Anda.".to_owned(),
        DuplicateCompetency { .. } => "Satu kompetensi dinilai lebih dari sekali.".to_owned(),
        IncompleteRatings { missing } => format!("Masih ada {missing} kompetensi yang belum diberi level."),
        TextTooLong { max } => format!("Teks terlalu panjang (paling banyak {max} karakter)."),
        CommentRequired => "Catatan wajib diisi saat mengembalikan penilaian.".to_owned(),
        ReasonRequired => "Alasan penolakan wajib diisi.".to_owned(),
        TitleRequired => "Nama pelatihan wajib diisi.".to_owned(),
        ProviderRequired => "Penyelenggara wajib diisi.".to_owned(),
        EndBeforeStart => "Tanggal selesai tidak boleh sebelum tanggal mulai.".to_owned(),
        JpNotPositive => "JP harus lebih dari 0.".to_owned(),
        JpImplausible { max } => format!("JP terlalu banyak untuk tanggal tersebut (paling banyak {max} JP)."),
        DuplicateTraining { .. } => "Pelatihan dengan nama dan tanggal yang sama sudah tercatat.".to_owned(),
        JpRecognisedOutOfRange { claimed } => format!("JP yang diakui harus antara 1 dan {claimed} (JP yang diklaim)."),
        TooManyCompetencies { max } => format!("Paling banyak {max} kompetensi per pelatihan."),
        Unreadable => "Server tidak dapat membaca perubahan ini (versi aplikasi berbeda). Muat ulang aplikasi, lalu isi kembali.".to_owned(),
    }
}

/// Short month names, January first.
pub const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];

/// "28 Nov 2026".
pub fn date(date: time::Date) -> String {
    format!("{} {} {}", date.day(), MONTHS[usize::from(u8::from(date.month())) - 1], date.year())
}
