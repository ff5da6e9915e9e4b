//! Texts of HR's administration: the import and the employees with their accounts. (The import's
//! problems are described by `shared::import`, in both languages.)

use super::{english, pick};
use shared::ApiError;
use shared::import::ImportFile;

use crate::api::ClientError;

/// A failure of the password or administration screens, as a sentence: their own errors said
/// here (in their chunks), the rest as anywhere else.
pub fn screen_error(error: &ClientError) -> String {
    match error {
        ClientError::Api(ApiError::WeakPassword { reason }) => reason.describe(english()).to_owned(),
        ClientError::Api(ApiError::SelfAppraisal) => pick(
            "Pejabat penilai tidak boleh memegang jabatan yang dinilainya.",
            "The appraiser cannot hold the position they appraise.",
        )
        .to_owned(),
        ClientError::Api(ApiError::OutOfService) => pick(
            "Pegawai ini sudah tidak aktif (pensiun atau nonaktif); aktifkan kembali dulu bila perlu.",
            "This employee is no longer in service (retired or deactivated); bring them back first if need be.",
        )
        .to_owned(),
        ClientError::Api(ApiError::LastHrAdmin) => pick(
            "Admin SDM terakhir yang masih aktif tetap memegang haknya dan tidak dapat dinonaktifkan.",
            "The agency's last HR officer in service keeps their rights and cannot be taken out of service.",
        )
        .to_owned(),
        ClientError::Api(ApiError::NotFound) => pick(
            "NIP atau jabatan itu tidak ada di Kompeten.",
            "No such NIP or position in Kompeten.",
        )
        .to_owned(),
        ClientError::Api(ApiError::PositionInUse) => pick(
            "Jabatan ini masih dijabat atau masih membawahi jabatan lain yang terbuka: pindahkan pemegang dan jabatan bawahannya dulu.",
            "This position is still held, or open positions still report to it: move its holders and subordinate positions first.",
        )
        .to_owned(),
        ClientError::Api(ApiError::PositionClosed) => pick(
            "Jabatan itu, atau jabatan atasannya, sudah ditutup: buka kembali dulu di layar Organisasi.",
            "That position, or its superior, is closed: open it again on the Organisation screen first.",
        )
        .to_owned(),
        ClientError::Api(ApiError::StalePreview) => pick(
            "Data di Kompeten berubah sejak pratinjau ini; belum ada yang diterapkan. Periksa pratinjau yang baru di bawah.",
            "Kompeten's data changed since this preview; nothing was applied. Check the new preview below.",
        )
        .to_owned(),
        other => super::client_error(other),
    }
}

pub fn import_title() -> &'static str {
    pick("Impor data kepegawaian", "Import personnel data")
}
pub fn import_intro() -> &'static str {
    pick(
        "Unggah ekspor spreadsheet (CSV, pemisah titik koma atau koma) dari sistem kepegawaian. Kompeten memeriksa setiap baris lebih dulu; tidak ada yang diubah sebelum Anda menerapkannya. Baris dicocokkan dengan kode unit dan jabatan serta NIP, jadi mengimpor berkas yang sama lagi tidak mengubah apa pun.",
        "Upload spreadsheet exports (CSV, separated by semicolons or commas) of the personnel system. Kompeten checks every row first; nothing changes until you apply it. Rows are matched by unit and position code and by NIP, so importing the same files again changes nothing.",
    )
}
pub fn file_label(file: ImportFile) -> &'static str {
    file.label(english())
}
pub fn file_columns(file: ImportFile) -> &'static str {
    match file {
        ImportFile::Units => pick("Kolom: kode, nama, induk (kode unit induk; kosong untuk instansi).", "Columns: kode, nama, induk (the parent unit's code; empty for the agency)."),
        ImportFile::Positions => pick(
            "Kolom: kode, nama, jenjang, unit, atasan (kode jabatan atasan), lalu satu kolom per kode kompetensi (M.01 … SK.01, T.01 …) berisi tingkat 1–5. Kosong: tingkat bawaan jenjang untuk kompetensi manajerial dan sosial kultural.",
            "Columns: kode, nama, jenjang, unit, atasan (the superior position's code), then one column per competency code (M.01 … SK.01, T.01 …) with the level 1–5. Empty: the tier's default for managerial and socio-cultural competencies.",
        ),
        ImportFile::Employees => pick(
            "Kolom: nip, nama, pangkat (mis. III/a, atau golongan PPPK), jenis (PNS, CPNS, PPPK), jabatan (kode), tanggal_lahir, tmt.",
            "Columns: nip, nama, pangkat (e.g. III/a, or a PPPK golongan), jenis (PNS, CPNS, PPPK), jabatan (code), tanggal_lahir, tmt.",
        ),
    }
}
pub fn choose_a_file() -> &'static str {
    pick("Pilih setidaknya satu berkas.", "Choose at least one file.")
}
pub fn check_files() -> &'static str {
    pick("Periksa berkas", "Check the files")
}
pub fn checking_files() -> &'static str {
    pick("Memeriksa…", "Checking…")
}
pub fn problems_found(count: u64) -> String {
    if english() {
        format!("{count} problem(s) found. Nothing was changed: fix the files, then check them again.")
    } else {
        format!("Ditemukan {count} masalah. Belum ada yang diubah: perbaiki berkasnya, lalu periksa lagi.")
    }
}
pub fn more_problems(count: u64) -> String {
    if english() { format!("… and {count} more.") } else { format!("… dan {count} masalah lagi.") }
}
pub fn column_file() -> &'static str {
    pick("Berkas", "File")
}
pub fn column_row() -> &'static str {
    pick("Baris", "Row")
}
pub fn column_column() -> &'static str {
    pick("Kolom", "Column")
}
pub fn column_problem() -> &'static str {
    pick("Masalah", "Problem")
}
pub fn whole_file() -> &'static str {
    pick("seluruh berkas", "whole file")
}
pub fn preview_title() -> &'static str {
    pick("Yang akan berubah", "What will change")
}
pub fn nothing_to_change() -> &'static str {
    pick(
        "Tidak ada perubahan: isi berkas sudah sama dengan data di Kompeten.",
        "Nothing to change: the files say what Kompeten already holds.",
    )
}
pub fn count_added() -> &'static str {
    pick("Baru", "New")
}
pub fn count_changed() -> &'static str {
    pick("Berubah", "Changed")
}
pub fn count_moved() -> &'static str {
    pick("Pindah jabatan", "Moved")
}
pub fn count_unchanged() -> &'static str {
    pick("Tetap", "Unchanged")
}
pub fn moves_title() -> &'static str {
    pick("Pegawai yang pindah jabatan (atasan dan datanya ikut berpindah)", "Employees who move (their supervisor, and their records, change with them)")
}
pub fn apply_import() -> &'static str {
    pick("Terapkan impor", "Apply the import")
}
pub fn applying_import() -> &'static str {
    pick("Menerapkan…", "Applying…")
}
pub fn import_applied(added: u64) -> String {
    if english() {
        format!("Import applied. {added} new employee(s): create their accounts on the Employees page.")
    } else {
        format!("Impor diterapkan. {added} pegawai baru: buat akun mereka di halaman Pegawai.")
    }
}
pub fn go_to_employees() -> &'static str {
    pick("Ke halaman Pegawai", "To the Employees page")
}

pub fn employees_title() -> &'static str {
    pick("Pegawai dan akun", "Employees and accounts")
}
pub fn search_label() -> &'static str {
    pick("Cari NIP atau nama", "Search by NIP or name")
}
pub fn search_button() -> &'static str {
    pick("Cari", "Search")
}
pub fn employees_found(total: u64) -> String {
    if english() { format!("{total} employee(s)") } else { format!("{total} pegawai") }
}
pub fn no_employees() -> &'static str {
    pick("Tidak ada pegawai yang cocok.", "No employee matches.")
}
pub fn previous_page() -> &'static str {
    pick("Sebelumnya", "Previous")
}
pub fn next_page() -> &'static str {
    pick("Berikutnya", "Next")
}
pub fn page_of(page: u32, pages: u64) -> String {
    if english() { format!("Page {} of {pages}", page + 1) } else { format!("Halaman {} dari {pages}", page + 1) }
}
pub fn account_none() -> &'static str {
    pick("Belum punya akun", "No account")
}
pub fn account_one_time() -> &'static str {
    pick("Kata sandi sekali pakai", "One-time password")
}
pub fn account_active() -> &'static str {
    pick("Akun aktif", "Active account")
}
pub fn hr_badge() -> &'static str {
    pick("Admin SDM", "HR")
}
pub fn create_account() -> &'static str {
    pick("Buat akun", "Create account")
}
pub fn create_accounts_on_page() -> &'static str {
    pick("Buat akun untuk semua di halaman ini yang belum punya", "Create accounts for everyone on this page without one")
}
pub fn reset_password() -> &'static str {
    pick("Atur ulang kata sandi", "Reset password")
}
pub fn reset_confirm(name: &str) -> String {
    if english() {
        format!("Reset the password of {name}? Their sessions on every device end, and they sign in with a new one-time password.")
    } else {
        format!("Atur ulang kata sandi {name}? Sesinya di semua perangkat berakhir, dan ia masuk dengan kata sandi sekali pakai yang baru.")
    }
}
pub fn grant_hr() -> &'static str {
    pick("Beri hak Admin SDM", "Grant HR rights")
}
pub fn revoke_hr() -> &'static str {
    pick("Cabut hak Admin SDM", "Revoke HR rights")
}
pub fn rights_confirm(name: &str, grant: bool) -> String {
    match (english(), grant) {
        (true, true) => format!("Grant HR rights to {name}? They sign in again."),
        (true, false) => format!("Revoke the HR rights of {name}? They sign in again."),
        (false, true) => format!("Beri hak Admin SDM kepada {name}? Ia perlu masuk lagi."),
        (false, false) => format!("Cabut hak Admin SDM dari {name}? Ia perlu masuk lagi."),
    }
}
pub fn issued_title() -> &'static str {
    pick("Kata sandi sekali pakai", "One-time passwords")
}
pub fn issued_intro() -> &'static str {
    pick(
        "Sampaikan kepada masing-masing pegawai. Kata sandi ini hanya ditampilkan sekarang dan wajib diganti saat pertama masuk.",
        "Hand each one to its employee. They are shown only now, and must be changed at the first sign-in.",
    )
}
pub fn issued_none() -> &'static str {
    pick("Semua pegawai di halaman ini sudah punya akun.", "Everyone on this page already has an account.")
}
pub fn rights_changed() -> &'static str {
    pick("Hak akses diubah.", "Rights changed.")
}
pub fn close() -> &'static str {
    pick("Tutup", "Close")
}

pub fn nav_audit() -> &'static str {
    pick("Jejak audit", "Audit trail")
}
pub fn audit_title() -> &'static str {
    pick("Jejak audit administrasi", "Administrative audit trail")
}
pub fn audit_intro() -> &'static str {
    pick(
        "Setiap perubahan administratif: impor, akun, kata sandi, hak Admin SDM, pejabat penilai, perpindahan jabatan, dan keluar atau kembali dari dinas, dengan pelaku, waktu, serta nilai sebelum dan sesudahnya. Yang terbaru di atas.",
        "Every administrative change: imports, accounts, passwords, HR rights, appraisers, moves, and leaving or returning to service, with who made it, when, and the value before and after. Newest first.",
    )
}
pub fn audit_person() -> &'static str {
    pick("NIP pelaku atau pegawai", "NIP of who made it or whom it is about")
}
pub fn audit_record() -> &'static str {
    pick("Kode unit atau jabatan, atau NIP", "Unit or position code, or NIP")
}
pub fn audit_from() -> &'static str {
    pick("Dari tanggal", "From")
}
pub fn audit_to() -> &'static str {
    pick("Sampai tanggal", "To")
}
pub fn audit_filter() -> &'static str {
    pick("Tampilkan", "Show")
}
pub fn audit_download() -> &'static str {
    pick("Unduh CSV", "Download CSV")
}
pub fn audit_empty() -> &'static str {
    pick("Tidak ada perubahan yang cocok.", "No change matches.")
}
pub fn audit_more() -> &'static str {
    pick("Muat lebih banyak", "Load more")
}
pub fn audit_when() -> &'static str {
    pick("Waktu", "When")
}
pub fn audit_who() -> &'static str {
    pick("Oleh", "By")
}
pub fn audit_what() -> &'static str {
    pick("Tindakan", "Action")
}
pub fn audit_about() -> &'static str {
    pick("Tentang", "About")
}
pub fn audit_before() -> &'static str {
    pick("Sebelum", "Before")
}
pub fn audit_after() -> &'static str {
    pick("Sesudah", "After")
}
pub fn command_line() -> &'static str {
    pick("Server (baris perintah)", "Server (command line)")
}
pub fn audit_action(action: shared::api::AdminAction) -> &'static str {
    use shared::api::AdminAction::*;
    match action {
        Imported => pick("Impor", "Import"),
        AccountCreated => pick("Akun dibuat", "Account created"),
        PasswordReset => pick("Kata sandi diatur ulang", "Password reset"),
        PasswordChanged => pick("Kata sandi diganti", "Password changed"),
        HrGranted => pick("Hak Admin SDM diberikan", "HR rights granted"),
        HrRevoked => pick("Hak Admin SDM dicabut", "HR rights revoked"),
        AppraiserNamed => pick("Pejabat penilai ditetapkan", "Appraiser named"),
        Moved => pick("Pindah jabatan", "Moved"),
        LeftService => pick("Keluar dari dinas", "Left the service"),
        ReturnedToService => pick("Kembali aktif", "Back in service"),
        PolicyChanged => pick("Pengaturan diubah", "Settings changed"),
        EmployeeSaved => pick("Data pegawai disimpan", "Employee saved"),
        OrganisationSaved => pick("Organisasi diubah", "Organisation changed"),
        PositionClosed => pick("Jabatan ditutup", "Position closed"),
        PositionReopened => pick("Jabatan dibuka kembali", "Position reopened"),
        CompetencySaved => pick("Kamus kompetensi diubah", "Dictionary changed"),
    }
}
pub fn audit_subject(subject: shared::api::AuditSubject) -> &'static str {
    use shared::api::AuditSubject::*;
    match subject {
        Unit => pick("Unit", "Unit"),
        Position => pick("Jabatan", "Position"),
        Employee => pick("Pegawai", "Employee"),
        Agency => pick("Instansi", "Agency"),
        Competency => pick("Kompetensi", "Competency"),
    }
}
pub fn issued_name() -> &'static str {
    pick("Nama", "Name")
}
pub fn results_label() -> &'static str {
    pick("Hasil pemeriksaan", "Check results")
}
pub fn more_moves(count: u64) -> String {
    if english() { format!("… and {count} more.") } else { format!("… dan {count} lagi.") }
}
pub fn no_supervisor_in_agency() -> &'static str {
    pick(
        "Tidak ada atasan di instansi: tetapkan pejabat penilai yang menyetujui dan menilai pegawai ini.",
        "Nobody above them in the agency: name the appraiser who approves and rates them.",
    )
}
pub fn appraiser_is(name: &str) -> String {
    if english() { format!("Appraiser (named by HR): {name}") } else { format!("Pejabat penilai (ditetapkan Admin SDM): {name}") }
}
pub fn appraiser_nip() -> &'static str {
    pick("NIP pejabat penilai", "Appraiser's NIP")
}
pub fn name_appraiser() -> &'static str {
    pick("Tetapkan", "Name")
}
pub fn remove_appraiser() -> &'static str {
    pick("Hapus pejabat penilai", "Remove the appraiser")
}
pub fn supervisor_is(name: &str) -> String {
    if english() { format!("Supervisor: {name}") } else { format!("Atasan: {name}") }
}
pub fn move_to() -> &'static str {
    pick("Kode jabatan baru", "New position's code")
}
pub fn enter_training() -> &'static str {
    pick("Catat pelatihan", "Enter training")
}
pub fn move_button() -> &'static str {
    pick("Pindahkan", "Move")
}
pub fn retire() -> &'static str {
    pick("Pensiunkan", "Retire")
}
pub fn deactivate() -> &'static str {
    pick("Nonaktifkan", "Deactivate")
}
pub fn reactivate() -> &'static str {
    pick("Aktifkan kembali", "Back in service")
}
pub fn leave_confirm(name: &str, retire: bool) -> String {
    match (english(), retire) {
        (true, true) => format!("Retire {name}? They can no longer sign in and their position falls vacant; their records stay."),
        (true, false) => format!("Deactivate {name}? They can no longer sign in and their position falls vacant; their records stay."),
        (false, true) => format!("Pensiunkan {name}? Ia tidak dapat masuk lagi dan jabatannya menjadi kosong; datanya tetap tersimpan."),
        (false, false) => format!("Nonaktifkan {name}? Ia tidak dapat masuk lagi dan jabatannya menjadi kosong; datanya tetap tersimpan."),
    }
}
pub fn departed(reason: shared::domain::DepartureReason, on: time::Date) -> String {
    let date = super::date(on);
    match (english(), reason) {
        (true, shared::domain::DepartureReason::Retired) => format!("Retired since {date}"),
        (true, shared::domain::DepartureReason::Deactivated) => format!("Deactivated since {date}"),
        (false, shared::domain::DepartureReason::Retired) => format!("Pensiun sejak {date}"),
        (false, shared::domain::DepartureReason::Deactivated) => format!("Nonaktif sejak {date}"),
    }
}
pub fn appraiser_changed() -> &'static str {
    pick("Pejabat penilai diubah.", "Appraiser changed.")
}
pub fn moved() -> &'static str {
    pick("Pegawai dipindahkan.", "Employee moved.")
}
pub fn left_service() -> &'static str {
    pick("Pegawai tidak aktif lagi.", "Employee out of service.")
}
pub fn back_in_service() -> &'static str {
    pick("Pegawai aktif kembali.", "Employee back in service.")
}
pub fn nav_organisation() -> &'static str {
    pick("Organisasi", "Organisation")
}
pub fn nav_settings() -> &'static str {
    pick("Pengaturan", "Settings")
}
pub fn settings_title() -> &'static str {
    pick("Pengaturan instansi", "Agency settings")
}
pub fn settings_intro() -> &'static str {
    pick(
        "Nilai yang dipakai aturan Kompeten. Perangkat pegawai menerimanya pada sinkronisasi berikutnya.",
        "The values Kompeten's rules use. Employees' devices get them at their next sync.",
    )
}
pub fn jp_target_label() -> &'static str {
    pick("Target JP setahun", "Yearly JP target")
}
pub fn jp_per_day_label() -> &'static str {
    pick("JP terbanyak per hari pelatihan", "Most JP per training day")
}
pub fn timezone_label() -> &'static str {
    pick("Zona waktu instansi (batas waktu berakhir tengah malam di sana)", "The agency's time zone (deadlines end at midnight there)")
}
pub fn assessment_period_heading() -> &'static str {
    pick("Periode penilaian mandiri", "Self-assessment period")
}
pub fn assessment_period_hint() -> &'static str {
    pick(
        "Bila periode dibuka, penilaian mandiri hanya dapat diajukan untuk tahun ini, selama dibuka dan sampai batas waktunya; pengajuan terlambat ditolak dengan alasannya, juga dari perangkat yang luring melewati batas waktu.",
        "Once a period is opened, self-assessments are taken for this year only, while it is open and up to its deadline; a late submission is refused with the reason, also from a device that was offline past the deadline.",
    )
}
pub fn period_year_label() -> &'static str {
    pick("Tahun periode", "Period year")
}
pub fn period_open_label() -> &'static str {
    pick("Periode dibuka", "Period open")
}
pub fn period_deadline_label() -> &'static str {
    pick("Batas waktu pengajuan", "Submission deadline")
}
pub fn no_period_set() -> &'static str {
    pick("Tanpa periode (pengajuan diterima kapan saja)", "No period (submissions taken at any time)")
}
pub fn skp_heading() -> &'static str {
    pick("SKP", "SKP")
}
pub fn skp_year_label() -> &'static str {
    pick("Tahun SKP", "SKP year")
}
pub fn evaluation_label() -> &'static str {
    pick("Frekuensi evaluasi kinerja", "Evaluation frequency")
}
pub fn evaluation(times_a_year: u8) -> &'static str {
    match times_a_year {
        12 => pick("Bulanan", "Monthly"),
        2 => pick("Semesteran", "Every six months"),
        1 => pick("Tahunan", "Yearly"),
        _ => pick("Triwulanan", "Quarterly"),
    }
}
pub fn save_settings() -> &'static str {
    pick("Simpan pengaturan", "Save settings")
}
pub fn settings_saved() -> &'static str {
    pick("Pengaturan disimpan.", "Settings saved.")
}
pub fn number_required() -> &'static str {
    pick("Isi dengan angka.", "Enter a number.")
}

// One employee's form.
pub fn fields_to_fix(count: usize) -> String {
    if english() { format!("Not saved: {count} field(s) to correct.") } else { format!("Belum disimpan: {count} isian perlu diperbaiki.") }
}
pub fn add_employee() -> &'static str {
    pick("Tambah pegawai", "Add employee")
}
pub fn edit_employee() -> &'static str {
    pick("Ubah data pegawai", "Edit employee")
}
pub fn save_employee() -> &'static str {
    pick("Simpan data", "Save")
}
pub fn saving() -> &'static str {
    pick("Menyimpan…", "Saving…")
}
pub fn employee_added() -> &'static str {
    pick("Pegawai ditambahkan. Buatkan akunnya agar ia dapat masuk.", "Employee added. Create their account so they can sign in.")
}
pub fn employee_saved() -> &'static str {
    pick("Data pegawai disimpan.", "Employee saved.")
}
pub fn employment_label() -> &'static str {
    pick("Jenis kepegawaian", "Employment")
}
pub fn rank_label() -> &'static str {
    pick("Pangkat/golongan", "Rank")
}
pub fn rank_hint() -> &'static str {
    pick("Misalnya III/a untuk PNS dan CPNS, IX untuk PPPK.", "For example III/a for PNS and CPNS, IX for PPPK.")
}
pub fn position_code_label() -> &'static str {
    pick("Kode jabatan", "Position code")
}
pub fn position_code_hint() -> &'static str {
    pick("Kode jabatan seperti pada berkas impor jabatan.", "The position's code, as in the positions import file.")
}
pub fn service_start_label() -> &'static str {
    pick("TMT (mulai bertugas, bila diketahui)", "Start of service (if known)")
}
