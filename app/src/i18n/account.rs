//! Texts of signing in and of the home page: the profile, the standard, the roles.

use super::pick;

pub fn sign_in_title() -> &'static str {
    pick("Masuk ke Kompeten", "Sign in to Kompeten")
}
pub fn sign_in_intro() -> &'static str {
    pick("Masuk dengan NIP dan kata sandi Anda.", "Sign in with your NIP and password.")
}
pub fn nip_label() -> &'static str {
    pick("NIP", "NIP")
}
pub fn nip_hint() -> &'static str {
    pick("18 digit, boleh dengan spasi", "18 digits, spaces allowed")
}
pub fn password_label() -> &'static str {
    pick("Kata sandi", "Password")
}
pub fn sign_in_button() -> &'static str {
    pick("Masuk", "Sign in")
}
pub fn signing_in() -> &'static str {
    pick("Sedang masuk…", "Signing in…")
}
pub fn password_required() -> &'static str {
    pick("Kata sandi wajib diisi.", "Enter your password.")
}
pub fn show_password() -> &'static str {
    pick("Tampilkan kata sandi", "Show password")
}

pub fn sign_out_button() -> &'static str {
    pick("Keluar", "Sign out")
}
pub fn profile_heading() -> &'static str {
    pick("Profil Pegawai", "Employee profile")
}
pub fn nip() -> &'static str {
    pick("NIP", "NIP")
}
pub fn rank() -> &'static str {
    pick("Pangkat/Golongan", "Rank/grade")
}
pub fn employment() -> &'static str {
    pick("Status kepegawaian", "Employment status")
}
pub fn position() -> &'static str {
    pick("Jabatan", "Position")
}
pub fn unit() -> &'static str {
    pick("Unit kerja", "Unit")
}
pub fn supervisor() -> &'static str {
    pick("Atasan langsung", "Direct supervisor")
}
pub fn no_supervisor() -> &'static str {
    pick("Tidak ada (pimpinan tertinggi)", "None (head of the agency)")
}
pub fn standard_heading() -> &'static str {
    pick("Standar Kompetensi Jabatan", "Position competency standard")
}
pub fn standard_empty() -> &'static str {
    pick("Standar kompetensi untuk jabatan ini belum ditetapkan. Hubungi Admin SDM.", "No competency standard has been set for this position yet. Contact HR.")
}
pub fn competency() -> &'static str {
    pick("Kompetensi", "Competency")
}
pub fn kind() -> &'static str {
    pick("Jenis", "Kind")
}
pub fn required_level() -> &'static str {
    pick("Level yang dipersyaratkan", "Required level")
}
pub fn roles() -> &'static str {
    pick("Peran", "Roles")
}

pub fn unreachable_title() -> &'static str {
    pick("Server tidak dapat dihubungi", "The server cannot be reached")
}
pub fn unreachable_body() -> &'static str {
    pick("Periksa sambungan internet Anda, lalu coba lagi. Data Anda tidak hilang.", "Check your internet connection, then try again. Your data is not lost.")
}
pub fn page_unavailable() -> &'static str {
    pick(
        "Halaman ini belum dapat dibuka: bagiannya belum diunduh. Periksa sambungan internet Anda, lalu coba lagi.",
        "This page cannot open yet: its part of the app has not been downloaded. Check your internet connection, then try again.",
    )
}
pub fn try_again() -> &'static str {
    pick("Coba lagi", "Try again")
}
pub fn not_found_title() -> &'static str {
    pick("Halaman tidak ditemukan", "Page not found")
}
pub fn back_home() -> &'static str {
    pick("Kembali ke beranda", "Back to the home page")
}

/// The role names as the UI shows them.
pub fn role(role: shared::domain::Role) -> &'static str {
    match role {
        shared::domain::Role::Employee => pick("Pegawai", "Employee"),
        shared::domain::Role::Supervisor => pick("Atasan", "Supervisor"),
        shared::domain::Role::HrAdmin => pick("Admin SDM", "HR admin"),
    }
}

// Signing out of a (shared) device.
pub fn sign_out_keep() -> &'static str {
    pick("Keluar", "Sign out")
}
pub fn sign_out_remove() -> &'static str {
    pick("Keluar dan hapus data saya dari perangkat ini", "Sign out and remove my data from this device")
}
pub fn sign_out_remove_hint() -> &'static str {
    pick(
        "Untuk perangkat yang dipakai bersama. Data Anda tetap aman di server dan dimuat lagi saat Anda masuk.",
        "For a shared device. Your data stays safe on the server and loads again when you sign in.",
    )
}
pub fn sign_out_unsent() -> &'static str {
    pick(
        "Ada perubahan yang belum terkirim atau perlu perhatian: data Anda tetap disimpan di perangkat ini sampai terkirim.",
        "Some changes are not sent yet or need attention: your data stays on this device until they are sent.",
    )
}
pub fn data_removed() -> &'static str {
    pick("Data Anda sudah dihapus dari perangkat ini.", "Your data has been removed from this device.")
}
pub fn data_not_removed() -> &'static str {
    pick(
        "Anda sudah keluar, tetapi data Anda belum dapat dihapus dari perangkat ini (ada yang belum terkirim, atau penyimpanan menolak).",
        "You are signed out, but your data could not be removed from this device (something is not sent yet, or the storage refused).",
    )
}

pub fn password_title() -> &'static str {
    pick("Ubah kata sandi", "Change password")
}
pub fn password_link() -> &'static str {
    pick("Kata sandi", "Password")
}
pub fn forced_password_title() -> &'static str {
    pick("Buat kata sandi Anda", "Choose your password")
}
pub fn forced_password_intro() -> &'static str {
    pick(
        "Anda masuk dengan kata sandi sekali pakai dari Admin SDM. Buat kata sandi Anda sendiri untuk melanjutkan.",
        "You signed in with a one-time password from HR. Choose a password of your own to go on.",
    )
}
pub fn current_password_label() -> &'static str {
    pick("Kata sandi saat ini", "Current password")
}
pub fn new_password_label() -> &'static str {
    pick("Kata sandi baru", "New password")
}
pub fn new_password_hint() -> &'static str {
    pick("Minimal 8 karakter, bukan NIP Anda.", "At least 8 characters, not your NIP.")
}
pub fn repeat_password_label() -> &'static str {
    pick("Ulangi kata sandi baru", "Repeat the new password")
}
pub fn passwords_differ() -> &'static str {
    pick("Kedua kata sandi baru tidak sama.", "The two new passwords differ.")
}
pub fn save_password() -> &'static str {
    pick("Simpan kata sandi", "Save password")
}
pub fn saving_password() -> &'static str {
    pick("Menyimpan…", "Saving…")
}
pub fn password_changed() -> &'static str {
    pick(
        "Kata sandi diganti. Sesi di perangkat lain telah diakhiri.",
        "Password changed. Your sessions on other devices have ended.",
    )
}
