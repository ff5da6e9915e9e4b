//! Texts of HR's organisation screen: units, positions with their standards, and the agency's
//! technical competencies.

use super::{english, pick};

pub fn organisation_title() -> &'static str {
    pick("Organisasi", "Organisation")
}
pub fn organisation_intro() -> &'static str {
    pick(
        "Unit, jabatan beserta standar kompetensinya (SKJ), dan kompetensi teknis instansi. Perubahan diperiksa seperti baris impor dan sampai ke perangkat pegawai pada sinkronisasi berikutnya.",
        "Units, positions with their competency standards (SKJ), and the agency's technical competencies. Changes are checked as an import's rows are, and reach employees' devices at their next sync.",
    )
}
pub fn units_title() -> &'static str {
    pick("Unit organisasi", "Units")
}
pub fn add_unit() -> &'static str {
    pick("Tambah unit", "Add unit")
}
pub fn edit_unit() -> &'static str {
    pick("Ubah unit", "Edit unit")
}
pub fn unit_saved() -> &'static str {
    pick("Unit disimpan.", "Unit saved.")
}
pub fn part_of(parent: &str) -> String {
    if english() { format!("part of {parent}") } else { format!("bagian dari {parent}") }
}
pub fn parent_unit() -> &'static str {
    pick("Unit induk", "Parent unit")
}
pub fn no_parent() -> &'static str {
    pick("— (instansi itu sendiri)", "— (the agency itself)")
}
pub fn code_label() -> &'static str {
    pick("Kode", "Code")
}
pub fn positions_title() -> &'static str {
    pick("Jabatan", "Positions")
}
pub fn add_position() -> &'static str {
    pick("Tambah jabatan", "Add position")
}
pub fn edit_position() -> &'static str {
    pick("Ubah jabatan dan SKJ-nya", "Edit position and its standard")
}
pub fn position_saved() -> &'static str {
    pick("Jabatan disimpan.", "Position saved.")
}
pub fn position_search() -> &'static str {
    pick("Cari jabatan (kode, nama, atau kode unit)", "Find a position (code, name or unit code)")
}
pub fn positions_found(count: usize, shown: usize) -> String {
    match (english(), count > shown) {
        (false, false) => format!("{count} jabatan"),
        (false, true) => format!("{count} jabatan; {shown} pertama ditampilkan, persempit pencarian untuk yang lain"),
        (true, false) => format!("{count} positions"),
        (true, true) => format!("{count} positions; the first {shown} shown, narrow the search for the others"),
    }
}
pub fn no_positions() -> &'static str {
    pick("Tidak ada jabatan yang cocok.", "No position matches.")
}
pub fn top_of_agency() -> &'static str {
    pick("pucuk instansi", "top of the agency")
}
pub fn reports_to(code: &str) -> String {
    if english() { format!("reports to {code}") } else { format!("atasan {code}") }
}
pub fn holders(count: u32) -> String {
    match (english(), count) {
        (false, 0) => "lowong".to_owned(),
        (false, n) => format!("{n} pemegang"),
        (true, 0) => "vacant".to_owned(),
        (true, 1) => "1 holder".to_owned(),
        (true, n) => format!("{n} holders"),
    }
}
pub fn closed_tag() -> &'static str {
    pick("Ditutup", "Closed")
}
pub fn close_position() -> &'static str {
    pick("Tutup jabatan", "Close position")
}
pub fn reopen_position() -> &'static str {
    pick("Buka kembali", "Reopen")
}
pub fn close_position_confirm(name: &str) -> String {
    if english() {
        format!("Close the position {name}? Nobody can be placed in it until it is opened again; its history stays.")
    } else {
        format!("Tutup jabatan {name}? Tidak ada yang dapat ditempatkan di sana sampai dibuka kembali; riwayatnya tetap tersimpan.")
    }
}
pub fn position_closed() -> &'static str {
    pick("Jabatan ditutup.", "Position closed.")
}
pub fn position_reopened() -> &'static str {
    pick("Jabatan dibuka kembali.", "Position reopened.")
}
pub fn tier_label() -> &'static str {
    pick("Jenjang", "Tier")
}
pub fn unit_label() -> &'static str {
    pick("Unit", "Unit")
}
pub fn superior_label() -> &'static str {
    pick("Kode jabatan atasan", "Superior position's code")
}
pub fn superior_hint() -> &'static str {
    pick("Kosongkan untuk pucuk instansi. Pemegang jabatan ini akan dinilai oleh pemegang jabatan atasan.", "Leave empty for the top of the agency. The holders of this position are appraised by the superior position's holder.")
}
pub fn standard_legend() -> &'static str {
    pick("Standar Kompetensi Jabatan (SKJ)", "Competency standard (SKJ)")
}
pub fn competency_column() -> &'static str {
    pick("Kompetensi", "Competency")
}
pub fn kind_column() -> &'static str {
    pick("Jenis", "Kind")
}
pub fn required_column() -> &'static str {
    pick("Tingkat yang dipersyaratkan", "Required level")
}
pub fn not_required() -> &'static str {
    pick("Tidak dipersyaratkan", "Not required")
}
pub fn tier_default(level: u8) -> String {
    if english() { format!("The tier's default ({level})") } else { format!("Bawaan jenjang ({level})") }
}
pub fn level_needed() -> &'static str {
    pick("— pilih tingkat (jabatan fungsional)", "— choose a level (functional position)")
}
pub fn technical_title() -> &'static str {
    pick("Kompetensi teknis instansi", "The agency's technical competencies")
}
pub fn technical_intro() -> &'static str {
    pick(
        "Kompetensi manajerial dan sosial kultural ditetapkan secara nasional; kompetensi teknis ditetapkan instansi. Penilaian yang sudah disetujui tidak ikut berubah.",
        "Managerial and socio-cultural competencies are set nationally; technical ones by the agency. Approved assessments do not change with them.",
    )
}
pub fn add_competency() -> &'static str {
    pick("Tambah kompetensi teknis", "Add technical competency")
}
pub fn edit_competency() -> &'static str {
    pick("Ubah kompetensi teknis", "Edit technical competency")
}
pub fn competency_form_hint() -> &'static str {
    pick(
        "Setiap tingkat berisi nama, deskripsi singkat, dan 2 sampai 4 indikator perilaku (satu per baris).",
        "Each level has a name, a short description and 2 to 4 behavioural indicators (one per line).",
    )
}
pub fn competency_saved() -> &'static str {
    pick("Kompetensi disimpan. Perangkat pegawai menerimanya pada sinkronisasi berikutnya.", "Competency saved. Employees' devices get it at their next sync.")
}
pub fn definition_label() -> &'static str {
    pick("Definisi", "Definition")
}
pub fn level_legend(level: u8) -> String {
    if english() { format!("Level {level}") } else { format!("Tingkat {level}") }
}
pub fn level_label_label() -> &'static str {
    pick("Nama tingkat", "Level name")
}
pub fn level_description_label() -> &'static str {
    pick("Deskripsi", "Description")
}
pub fn indicators_label() -> &'static str {
    pick("Indikator perilaku (satu per baris)", "Behavioural indicators (one per line)")
}
pub fn code_taken(code: &str) -> String {
    if english() { format!("Another competency has the code {code}.") } else { format!("Kode {code} sudah dipakai kompetensi lain.") }
}
