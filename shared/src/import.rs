//! Loading the agency from a spreadsheet export: what an import found wrong, row by row, and what
//! it will change. The files are read and checked on the server (`server/src/import/`); these are
//! the messages its preview answers with, and their texts in both languages.
//!
//! Three files, each optional, with a header row (Indonesian column names, any case):
//!
//! | file | columns |
//! |---|---|
//! | units | `kode`, `nama`, `induk` (the parent unit's code; empty for the agency itself) |
//! | positions | `kode`, `nama`, `jenjang`, `unit`, `atasan` (the superior position's code), then one column per competency code (`M.01`, `SK.01`, `T.01`, ...) with the required level |
//! | employees | `nip`, `nama`, `pangkat` (`III/a`, or a PPPK golongan `IX`), `jenis` (`PNS`, `CPNS`, `PPPK`), `jabatan` (the position's code), `tanggal_lahir`, `tmt` (start of service) |

use serde::{Deserialize, Serialize};

use crate::domain::NipError;

/// One of the three files of an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFile {
    Units,
    Positions,
    Employees,
}

impl ImportFile {
    pub const ALL: [ImportFile; 3] = [ImportFile::Units, ImportFile::Positions, ImportFile::Employees];

    /// The form field (and the usual file name, without `.csv`) of the file.
    pub const fn field(self) -> &'static str {
        match self {
            ImportFile::Units => "units",
            ImportFile::Positions => "positions",
            ImportFile::Employees => "employees",
        }
    }

    pub fn label(self, english: bool) -> &'static str {
        match (self, english) {
            (ImportFile::Units, false) => "Unit organisasi",
            (ImportFile::Units, true) => "Units",
            (ImportFile::Positions, false) => "Jabatan",
            (ImportFile::Positions, true) => "Positions",
            (ImportFile::Employees, false) => "Pegawai",
            (ImportFile::Employees, true) => "Employees",
        }
    }
}

/// Something wrong in a file, where it is: the row as a spreadsheet numbers it (the header is row
/// 1, so the first data row is 2; 0 for the file as a whole) and the column's name, if one cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    pub file: ImportFile,
    pub row: u64,
    pub column: Option<String>,
    pub problem: Problem,
}

/// What is wrong. Each says exactly what to fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The file has no header row.
    Empty,
    /// A row has more or fewer cells than the header.
    FieldCount { expected: u64, found: u64 },
    /// The file could not be read as CSV.
    Unreadable { detail: String },
    MissingColumn,
    UnknownColumn,
    DuplicateColumn,
    /// A cell that must be filled in is empty.
    Required,
    Nip(NipError),
    /// The same NIP or code appears in an earlier row.
    Duplicate { first_row: u64 },
    UnknownUnit { code: String },
    UnknownPosition { code: String },
    /// The superior positions, or parent units, go round in a circle through these codes.
    Cycle { codes: Vec<String> },
    Tier { value: String },
    Level { value: String },
    Rank { value: String },
    /// A PNS grade for a PPPK employee, or the other way round.
    RankForEmployment { employment: String },
    Employment { value: String },
    Date { value: String },
    /// The birth date disagrees with the one in the NIP's first eight digits.
    BirthDateNotInNip { in_nip: String },
    /// A functional position has no default managerial level: the file must give one.
    LevelForFunctional,
    /// The unit or position this row names is in the file, in a row with problems of its own.
    FaultyRow { file: ImportFile, code: String, row: u64 },
    /// The NIP's form says PPPK (21 in place of the month) and the employment does not, or the
    /// other way round.
    NipForEmployment { employment: String },
    /// Adding one employee: the NIP is already someone's.
    Registered,
    /// The position named is closed.
    ClosedPosition { code: String },
    /// Changing one employee: nobody has the NIP.
    NotRegistered,
    /// Adding a unit or position: another already has the code.
    CodeTaken,
    /// Changing a unit or position: none has the code.
    UnknownCode,
}

impl Problem {
    /// The problem as a sentence for HR.
    pub fn describe(&self, english: bool) -> String {
        let pick = |id: &str, en: &str| if english { en.to_owned() } else { id.to_owned() };
        match self {
            Problem::NotUtf8 => pick(
                "Berkas bukan teks UTF-8. Simpan ulang dari spreadsheet sebagai \"CSV UTF-8\".",
                "The file is not UTF-8 text. Save it again from the spreadsheet as \"CSV UTF-8\".",
            ),
            Problem::Empty => pick("Berkas kosong: baris judul kolom tidak ada.", "The file is empty: it has no header row."),
            Problem::FieldCount { expected, found } if english => {
                format!("This row has {found} cells; the header has {expected}.")
            }
            Problem::FieldCount { expected, found } => format!("Baris ini berisi {found} sel; judul kolom berisi {expected}."),
            Problem::Unreadable { detail } if english => format!("The row cannot be read as CSV ({detail})."),
            Problem::Unreadable { detail } => format!("Baris tidak dapat dibaca sebagai CSV ({detail})."),
            Problem::MissingColumn => pick("Kolom ini wajib ada di baris judul.", "The header must have this column."),
            Problem::UnknownColumn => pick(
                "Kolom tidak dikenal (periksa ejaannya, atau kode kompetensi yang belum ada di kamus).",
                "Unknown column (check its spelling, or a competency code not in the dictionary).",
            ),
            Problem::DuplicateColumn => pick("Kolom ini muncul dua kali.", "This column appears twice."),
            Problem::Required => pick("Wajib diisi.", "Must be filled in."),
            Problem::Nip(error) => error.describe(english),
            Problem::Duplicate { first_row } if english => format!("Already in row {first_row}."),
            Problem::Duplicate { first_row } => format!("Sudah ada di baris {first_row}."),
            Problem::UnknownUnit { code } if english => format!("No unit has code \"{code}\", in the file or in Kompeten."),
            Problem::UnknownUnit { code } => format!("Tidak ada unit berkode \"{code}\", di berkas maupun di Kompeten."),
            Problem::UnknownPosition { code } if english => {
                format!("No position has code \"{code}\", in the file or in Kompeten.")
            }
            Problem::UnknownPosition { code } => format!("Tidak ada jabatan berkode \"{code}\", di berkas maupun di Kompeten."),
            Problem::Cycle { codes } if english => format!("A circle: {} leads back to itself.", codes.join(" → ")),
            Problem::Cycle { codes } => format!("Berputar: {} kembali ke dirinya sendiri.", codes.join(" → ")),
            Problem::Tier { value } if english => format!(
                "\"{value}\" is not a tier: JPT Madya, JPT Pratama, Administrator, Pengawas, Pelaksana or Fungsional."
            ),
            Problem::Tier { value } => format!(
                "\"{value}\" bukan jenjang jabatan: JPT Madya, JPT Pratama, Administrator, Pengawas, Pelaksana atau Fungsional."
            ),
            Problem::Level { value } if english => format!("\"{value}\" is not a level: 1 to 5, or empty."),
            Problem::Level { value } => format!("\"{value}\" bukan tingkat kompetensi: 1 sampai 5, atau kosong."),
            Problem::Rank { value } if english => {
                format!("\"{value}\" is not a rank: a grade such as III/a, or a PPPK golongan I to XVII.")
            }
            Problem::Rank { value } => {
                format!("\"{value}\" bukan golongan: misalnya III/a, atau golongan PPPK I sampai XVII.")
            }
            Problem::RankForEmployment { employment } if english => {
                format!("This rank does not go with {employment}: PNS and CPNS have a grade such as III/a, PPPK a golongan I to XVII.")
            }
            Problem::RankForEmployment { employment } => format!(
                "Golongan ini tidak cocok untuk {employment}: PNS dan CPNS bergolongan seperti III/a, PPPK bergolongan I sampai XVII."
            ),
            Problem::Employment { value } if english => format!("\"{value}\" is not PNS, CPNS or PPPK."),
            Problem::Employment { value } => format!("\"{value}\" bukan PNS, CPNS atau PPPK."),
            Problem::Date { value } if english => format!("\"{value}\" is not a date: write 2026-05-04 or 04/05/2026."),
            Problem::Date { value } => format!("\"{value}\" bukan tanggal: tulis 2026-05-04 atau 04/05/2026."),
            Problem::BirthDateNotInNip { in_nip } if english => format!("The NIP says the date of birth is {in_nip}."),
            Problem::BirthDateNotInNip { in_nip } => format!("Menurut NIP, tanggal lahirnya {in_nip}."),
            Problem::FaultyRow { file, code, row } if english => {
                let what = if *file == ImportFile::Units { "Unit" } else { "Position" };
                format!("{what} \"{code}\" is in row {row} of the {} file, which has problems of its own: fix that row first.", file.label(true).to_lowercase())
            }
            Problem::FaultyRow { file, code, row } => {
                let what = if *file == ImportFile::Units { "Unit" } else { "Jabatan" };
                format!("{what} \"{code}\" ada di baris {row} berkas {}, yang bermasalah sendiri: perbaiki baris itu dulu.", file.label(false).to_lowercase())
            }
            Problem::NipForEmployment { employment } if english => format!(
                "The NIP does not go with {employment}: a PPPK NIP has 21 in place of the month of appointment (digits 13–14), a PNS or CPNS NIP never does."
            ),
            Problem::NipForEmployment { employment } => format!(
                "NIP tidak cocok dengan {employment}: NIP PPPK berisi 21 sebagai pengganti bulan pengangkatan (digit 13–14), NIP PNS dan CPNS tidak."
            ),
            Problem::Registered => pick(
                "NIP ini sudah terdaftar. Cari pegawainya dan ubah datanya di sana.",
                "This NIP is already registered. Find the employee and change their details there.",
            ),
            Problem::ClosedPosition { code } if english => {
                format!("The position \"{code}\" is closed: open it again on the Organisation screen, or choose another.")
            }
            Problem::ClosedPosition { code } => {
                format!("Jabatan \"{code}\" sudah ditutup: buka kembali di layar Organisasi, atau pilih jabatan lain.")
            }
            Problem::CodeTaken => pick(
                "Kode ini sudah dipakai. Cari yang memakainya dan ubah di sana, atau pilih kode lain.",
                "This code is already used. Find what uses it and change it there, or choose another code.",
            ),
            Problem::UnknownCode => pick("Tidak ada yang berkode ini.", "Nothing has this code."),
            Problem::NotRegistered => pick("Tidak ada pegawai dengan NIP ini.", "No employee has this NIP."),
            Problem::LevelForFunctional => pick(
                "Jabatan fungsional tidak punya tingkat bawaan: isi tingkat kompetensi ini.",
                "A functional position has no default level: fill in this competency's level.",
            ),
        }
    }
}

/// What an import will change (a preview) or changed (once applied).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub units: Counts,
    pub positions: Counts,
    pub employees: Counts,
    /// Employees who move to another position, by NIP order (at most [`ImportSummary::LISTED`]).
    pub moves: Vec<MoveLine>,
    /// Every line of the change, as a fingerprint: a confirmation is applied only if the store
    /// would still change in exactly this way.
    pub fingerprint: String,
}

impl ImportSummary {
    /// How many moves a summary lists by name.
    pub const LISTED: usize = 200;

    /// Whether the import would change nothing.
    pub fn is_empty(&self) -> bool {
        [self.units, self.positions, self.employees].iter().all(|c| c.added == 0 && c.changed == 0 && c.moved == 0)
    }
}

/// How many rows of one file add, change or (employees only) move something; the rest are the
/// same as in Kompeten. An employee who moves and changes in another way too is counted in both
/// `moved` and `changed`. A column left out of a file keeps what Kompeten holds for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub added: u64,
    pub changed: u64,
    pub moved: u64,
    pub unchanged: u64,
}

/// One employee moving to another position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveLine {
    pub nip: String,
    pub name: String,
    pub from: String,
    pub to: String,
}

/// The answer of `POST /api/v1/admin/import/preview` and `.../apply`: the problems (nothing is
/// applied while there are any), and what the import changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub problems: Vec<ImportProblem>,
    /// How many problems there were in all (`problems` holds the first [`ImportReport::LISTED`]).
    pub problem_count: u64,
    pub summary: ImportSummary,
    /// Whether this answer applied the import.
    pub applied: bool,
}

impl ImportReport {
    /// How many problems a report lists.
    pub const LISTED: usize = 500;
}
