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
