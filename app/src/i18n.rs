//! Every text the user reads, in Bahasa Indonesia first and English second, in one place. The
//! language is chosen once per page load (the user's choice is kept in the browser's local
//! storage; Indonesian unless they chose English), so each text is a plain function call.
//!
//! Written out here rather than with an i18n crate: the texts are few, have no plurals that
//! Indonesian or English need rules for here, and the crates that do this for Leptos bring
//! locale data that the first-load budget cannot afford. Terms of the civil service (PNS, JP,
//! klasikal, rank names) and the competency dictionary's own texts stay as they are.

use std::cell::Cell;

use shared::ApiError;
use shared::domain::NipError;

use crate::api::ClientError;
use crate::sync::engine::ChangeError;

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

fn english() -> bool {
    language() == Lang::En
}

/// The text in the language in use.
fn pick(indonesian: &'static str, english_text: &'static str) -> &'static str {
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

/// What exactly is wrong with a typed NIP.
pub fn nip_error(error: &NipError) -> String {
    let en = english();
    match error {
        NipError::WrongLength { digits: 0 } => pick("NIP wajib diisi.", "Enter your NIP.").to_owned(),
        NipError::WrongLength { digits } if en => format!("A NIP has 18 digits; this one has {digits}."),
        NipError::WrongLength { digits } => format!("NIP terdiri dari 18 digit; yang diisi {digits} digit."),
        NipError::NotDigits => pick("NIP hanya berisi angka (boleh dengan spasi).", "A NIP has digits only (spaces allowed).").to_owned(),
        NipError::InvalidBirthDate => pick(
            "Digit 1–8 NIP harus tanggal lahir yang sah (TTTTBBHH).",
            "Digits 1–8 of a NIP must be a valid date of birth (YYYYMMDD).",
        )
        .to_owned(),
        NipError::InvalidAppointment => pick(
            "Digit 9–14 NIP harus tahun dan bulan pengangkatan yang sah.",
            "Digits 9–14 of a NIP must be a valid year and month of appointment.",
        )
        .to_owned(),
        NipError::AppointedBeforeBirth => pick(
            "Tanggal pengangkatan pada NIP lebih awal dari tanggal lahir.",
            "The appointment date in the NIP is before the date of birth.",
        )
        .to_owned(),
        NipError::InvalidSex => pick(
            "Digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan).",
            "Digit 15 of a NIP must be 1 (male) or 2 (female).",
        )
        .to_owned(),
        NipError::ZeroSerial => pick(
            "Tiga digit terakhir NIP (nomor urut) tidak boleh 000.",
            "The last three digits of a NIP (the serial number) cannot be 000.",
        )
        .to_owned(),
    }
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
            format!("Too many failed sign-in attempts. Try again in {}.", duration(*retry_after_secs))
        }
        ApiError::TooManyAttempts { retry_after_secs } => {
            format!("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {}.", duration(*retry_after_secs))
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
        ApiError::NotFound => pick("Data tidak ditemukan.", "Not found.").to_owned(),
        ApiError::BadRequest { .. } | ApiError::MethodNotAllowed => pick(
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
pub fn nav_attention() -> &'static str {
    pick("Perlu Perhatian", "Needs attention")
}

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

// Self-assessment.
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
pub fn jp_recognised(jp: u16) -> String {
    if english() { format!("{jp} JP recognised") } else { format!("{jp} JP diakui") }
}

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
pub fn jp_recognised_label() -> &'static str {
    pick("JP diakui", "JP recognised")
}
pub fn verify() -> &'static str {
    pick("Verifikasi", "Verify")
}

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

pub fn assessment_status(status: shared::domain::AssessmentStatus) -> &'static str {
    use shared::domain::AssessmentStatus::*;
    match status {
        Draft => pick("Draf", "Draft"),
        Submitted => pick("Diajukan", "Submitted"),
        Approved => pick("Disetujui", "Approved"),
        Returned => pick("Dikembalikan", "Returned"),
    }
}

pub fn training_status(status: shared::domain::TrainingStatus) -> &'static str {
    use shared::domain::TrainingStatus::*;
    match status {
        Draft => pick("Draf", "Draft"),
        Submitted => pick("Diajukan", "Submitted"),
        Confirmed => pick("Dikonfirmasi atasan", "Confirmed by supervisor"),
        Verified => pick("Diverifikasi", "Verified"),
        Rejected => pick("Ditolak", "Rejected"),
    }
}

/// What a command did, in a few words ("Simpan pelatihan “Diklat Arsip”").
pub fn command_summary(command: &shared::command::Command) -> String {
    use shared::command::Command::*;
    let en = english();
    match command {
        SaveSelfAssessment { period, amends: None, .. } if en => format!("Save self-assessment {period}"),
        SaveSelfAssessment { period, amends: None, .. } => format!("Simpan penilaian mandiri {period}"),
        SaveSelfAssessment { period, amends: Some(_), .. } if en => format!("Amendment of self-assessment {period}"),
        SaveSelfAssessment { period, amends: Some(_), .. } => format!("Perubahan penilaian mandiri {period}"),
        SubmitSelfAssessment { .. } => pick("Ajukan penilaian mandiri", "Submit self-assessment").to_owned(),
        ApproveSelfAssessment { .. } => pick("Setujui penilaian mandiri", "Approve self-assessment").to_owned(),
        ReturnSelfAssessment { .. } => pick("Kembalikan penilaian mandiri", "Return self-assessment").to_owned(),
        SaveTraining { details, .. } if en => format!("Save training “{}”", details.title),
        SaveTraining { details, .. } => format!("Simpan pelatihan “{}”", details.title),
        SubmitTraining { .. } => pick("Ajukan pelatihan", "Submit training").to_owned(),
        ConfirmTraining { .. } => pick("Konfirmasi pelatihan", "Confirm training").to_owned(),
        VerifyTraining { .. } => pick("Verifikasi pelatihan", "Verify training").to_owned(),
        RejectTraining { .. } => pick("Tolak pelatihan", "Reject training").to_owned(),
        DiscardDraft { .. } => pick("Hapus draf", "Delete draft").to_owned(),
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
        Unreadable => text(
            "Server tidak dapat membaca perubahan ini (versi aplikasi berbeda). Muat ulang aplikasi, lalu isi kembali.",
            "The server cannot read this change (a different app version). Reload the app, then enter it again.",
        ),
    }
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
