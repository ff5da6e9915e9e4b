//! Training records (riwayat pengembangan kompetensi). A record counts towards the yearly 20 JP
//! only once verified:
//!
//! ```text
//! Draft ──submit──> Submitted ──confirm (supervisor)──> Confirmed ──verify (HR, JP recognised)──> Verified (locked)
//!   ^   ^               │                                   │
//!   │   └──edit── Rejected <──────── reject (with a reason) ┘ (supervisor from Submitted, HR from Confirmed)
//! ```

mod commands;
mod merge;

use serde::{Deserialize, Serialize};
use time::Date;

pub use commands::{Confirm, Reject, Save, Submit, Verify, check_details};

use crate::command::{Facts, IndexKey, InvalidReason, Rejection, Relation};
use crate::ids::{CompetencyId, EmployeeId, TrainingId};
use crate::kinds::{Kind, KindRecord, Record, RecordId};

/// The form of development (Peraturan LAN 10/2018): classical (klasikal, face to face) or
/// non-classical (non-klasikal).
// The server stores this by variant number: a new form goes at the end, whatever its kind
// (`ALL` orders them for the screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingForm {
    // Klasikal.
    PelatihanKepemimpinan,
    PelatihanManajerial,
    PelatihanTeknis,
    PelatihanFungsional,
    Seminar,
    Lokakarya,
    Kursus,
    BimbinganTeknis,
    // Non-klasikal.
    Coaching,
    Mentoring,
    ELearning,
    PelatihanJarakJauh,
    Detasering,
    PatokBanding,
    BelajarMandiri,
    KomunitasBelajar,
    BimbinganDiTempatKerja,
    Magang,
}

impl TrainingForm {
    /// Every form, klasikal first.
    pub const ALL: [TrainingForm; 18] = [
        Self::PelatihanKepemimpinan,
        Self::PelatihanManajerial,
        Self::PelatihanTeknis,
        Self::PelatihanFungsional,
        Self::Seminar,
        Self::Lokakarya,
        Self::Kursus,
        Self::BimbinganTeknis,
        Self::Coaching,
        Self::Mentoring,
        Self::ELearning,
        Self::PelatihanJarakJauh,
        Self::Detasering,
        Self::PatokBanding,
        Self::BelajarMandiri,
        Self::KomunitasBelajar,
        Self::BimbinganDiTempatKerja,
        Self::Magang,
    ];

    /// Whether the form is klasikal (face to face).
    pub const fn is_klasikal(self) -> bool {
        matches!(
            self,
            Self::PelatihanKepemimpinan
                | Self::PelatihanManajerial
                | Self::PelatihanTeknis
                | Self::PelatihanFungsional
                | Self::Seminar
                | Self::Lokakarya
                | Self::Kursus
                | Self::BimbinganTeknis
        )
    }

    /// The form's name as the UI shows it.
    pub const fn label(self) -> &'static str {
        match self {
            Self::PelatihanKepemimpinan => "Pelatihan Kepemimpinan",
            Self::PelatihanManajerial => "Pelatihan Manajerial",
            Self::PelatihanTeknis => "Pelatihan Teknis",
            Self::PelatihanFungsional => "Pelatihan Fungsional",
            Self::Seminar => "Seminar/Konferensi",
            Self::Lokakarya => "Lokakarya/Workshop",
            Self::Kursus => "Kursus",
            Self::BimbinganTeknis => "Bimbingan Teknis",
            Self::Coaching => "Coaching",
            Self::Mentoring => "Mentoring",
            Self::ELearning => "E-Learning",
            Self::PelatihanJarakJauh => "Pelatihan Jarak Jauh",
            Self::Detasering => "Detasering (Secondment)",
            Self::PatokBanding => "Patok Banding (Benchmarking)",
            Self::BelajarMandiri => "Belajar Mandiri",
            Self::KomunitasBelajar => "Komunitas Belajar",
            Self::BimbinganDiTempatKerja => "Bimbingan di Tempat Kerja",
            Self::Magang => "Magang/Praktik Kerja",
        }
    }
}

// The server stores this by variant number: a new variant goes at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingStatus {
    Draft,
    Submitted,
    Confirmed,
    Verified,
    Rejected,
}

/// What the employee fills in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingDetails {
    pub title: String,
    pub form: TrainingForm,
    pub provider: String,
    #[serde(with = "crate::domain::iso_date")]
    pub start: Date,
    #[serde(with = "crate::domain::iso_date")]
    pub end: Date,
    /// Jam pelajaran claimed (1 JP = 45 minutes).
    pub jp_claimed: u16,
    /// The competencies the training develops.
    #[serde(default)]
    pub competencies: Vec<CompetencyId>,
    /// The certificate's number; may be empty for forms without a certificate.
    #[serde(default)]
    pub certificate_number: String,
}

/// HR's verification: the JP that count towards the yearly target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub verifier: EmployeeId,
    pub jp_recognised: u16,
}

/// Why a record was rejected, and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectionNote {
    pub by: EmployeeId,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingRecord {
    pub id: TrainingId,
    /// The person the training is about (the record's subject).
    pub employee: EmployeeId,
    pub version: u64,
    pub status: TrainingStatus,
    pub details: TrainingDetails,
    // Every field is always written: the server stores records in a compact binary form that
    // has no field names, so a field cannot be left out. `default` still reads JSON written
    // before (by devices) that left empty fields out.
    #[serde(default)]
    pub confirmed_by: Option<EmployeeId>,
    #[serde(default)]
    pub verification: Option<Verification>,
    /// The latest rejection; kept while the employee corrects the record.
    #[serde(default)]
    pub rejection: Option<RejectionNote>,
    pub updated_at_ms: i64,
    /// The HR officer who entered it for an employee without a device (DOMAIN §4a); `None`: the
    /// employee entered it. Added in schema 5, last, so older stored records gain it as `None`.
    #[serde(default)]
    pub entered_by: Option<EmployeeId>,
}

impl KindRecord for TrainingRecord {
    const KIND: Kind = Kind::Training;

    fn id(&self) -> RecordId {
        self.id.0
    }

    fn subject(&self) -> EmployeeId {
        self.employee
    }

    fn version(&self) -> u64 {
        self.version
    }

    fn set_version(&mut self, version: u64) {
        self.version = version;
    }

    fn updated_at_ms(&self) -> i64 {
        self.updated_at_ms
    }

    /// The subject sees every state; their supervisor sees it from its submission on (a draft,
    /// or one edited again after a rejection, is nobody else's business); HR sees it while it
    /// waits for their verification, and one HR entered for an employee until it is verified
    /// (the employee has no device: HR submits it and corrects it when it is rejected).
    fn visible_to(&self, relation: Relation) -> bool {
        relation.subject
            || (relation.supervisor && self.status != TrainingStatus::Draft)
            || (relation.hr && (self.status == TrainingStatus::Confirmed || (self.entered_by.is_some() && self.status != TrainingStatus::Verified)))
    }

    /// One training per person, title and dates.
    fn unique_keys(&self) -> Vec<IndexKey> {
        vec![key_of(self.employee, &self.details)]
    }

    /// The key is made of the title and dates: equal fields, equal keys, nothing to make.
    fn same_keys(&self, other: &Self) -> bool {
        self.employee == other.employee && same_duplicate_fields(&self.details, &other.details)
    }

    /// The subject throws away a draft or a rejected record, and HR one that HR entered (never
    /// one the employee entered); a verified one is final.
    fn check_discard(facts: &Facts<'_, Self>) -> Result<(), Rejection> {
        let Some(training) = facts.current else { return Err(Rejection::invalid(InvalidReason::UnknownRecord)) };
        if !(facts.by_subject() || commands::by_hr_for(training, facts)) {
            return Err(Rejection::Forbidden);
        }
        if training.status == TrainingStatus::Verified {
            return Err(Rejection::Locked);
        }
        facts.check_version()?;
        if !matches!(training.status, TrainingStatus::Draft | TrainingStatus::Rejected) {
            return Err(Rejection::invalid(InvalidReason::WrongStatus));
        }
        Ok(())
    }

    fn into_record(self) -> Record {
        Record::Training(self)
    }

    fn from_record(record: &Record) -> Option<&Self> {
        match record {
            Record::Training(training) => Some(training),
            _ => None,
        }
    }
}

/// The unique key of `subject`'s training with these details.
pub fn key_of(subject: EmployeeId, details: &TrainingDetails) -> IndexKey {
    IndexKey { kind: Kind::Training, subject, key: duplicate_key(details) }
}

/// Whether two versions of a training have the same fields the duplicate key is made of (and
/// so the same key), without making it.
pub fn same_duplicate_fields(a: &TrainingDetails, b: &TrainingDetails) -> bool {
    (&a.title, a.start, a.end) == (&b.title, b.start, b.end)
}

/// The key under which two trainings of one person count as the same: the title (trimmed, case
/// and inner spacing ignored) and the dates.
pub fn duplicate_key(details: &TrainingDetails) -> String {
    use std::fmt::Write;
    // Built in one buffer: the server makes one of these for every training record it saves.
    let mut key = String::with_capacity(32 + details.title.len());
    for (n, word) in details.title.split_whitespace().enumerate() {
        if n > 0 {
            key.push(' ');
        }
        for c in word.chars() {
            if c.is_ascii() {
                key.push(c.to_ascii_lowercase());
            } else {
                push_lowercase(c, &mut key);
            }
        }
    }
    let _ = write!(key, "|{}|{}", details.start, details.end);
    key
}

/// Appends `c` lowercased by Unicode's default mapping, as one character without context.
#[cfg(not(target_arch = "wasm32"))]
fn push_lowercase(c: char, key: &mut String) {
    key.extend(c.to_lowercase());
}

/// In the browser, the browser's own `toLowerCase` lowercases: the same Unicode default mapping
/// (for a single character nothing depends on context), without shipping Rust's case tables,
/// which cost 5 kB of the compressed first load. The device's key only predicts the server's
/// check, which is the one that counts.
#[cfg(target_arch = "wasm32")]
fn push_lowercase(c: char, key: &mut String) {
    let mut buffer = [0; 4];
    key.push_str(&String::from(js_sys::JsString::from(&*c.encode_utf8(&mut buffer)).to_lower_case()));
}

#[cfg(test)]
mod duplicate_key_tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_key_ignores_case_and_spacing_of_the_title_only() {
        let details = |title: &str| TrainingDetails {
            title: title.into(),
            form: TrainingForm::Kursus,
            provider: "X".into(),
            start: date!(2026 - 05 - 04),
            end: date!(2026 - 05 - 05),
            jp_claimed: 8,
            competencies: Vec::new(),
            certificate_number: String::new(),
        };
        let key = duplicate_key(&details("  Diklat   ARSIP Digital "));
        assert_eq!(key, "diklat arsip digital|2026-05-04|2026-05-05");
        assert_eq!(key, duplicate_key(&details("diklat arsip digital")));
        assert_ne!(key, duplicate_key(&details("diklat arsip digital 2")));
        assert_ne!(key, duplicate_key(&TrainingDetails { end: date!(2026 - 05 - 06), ..details("diklat arsip digital") }));
    }
}

