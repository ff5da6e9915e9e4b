//! Training records (riwayat pengembangan kompetensi). A record counts towards the yearly 20 JP
//! only once verified:
//!
//! ```text
//! Draft ──submit──> Submitted ──confirm (supervisor)──> Confirmed ──verify (HR, JP recognised)──> Verified (locked)
//!   ^   ^               │                                   │
//!   │   └──edit── Rejected <──────── reject (with a reason) ┘ (supervisor from Submitted, HR from Confirmed)
//! ```

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ids::{CompetencyId, EmployeeId, TrainingId};

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
    #[serde(with = "iso_date")]
    pub start: Date,
    #[serde(with = "iso_date")]
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
}

/// The key under which two records count as the same training: the person, the title (trimmed,
/// case and inner spacing ignored) and the dates.
pub fn duplicate_key(employee: EmployeeId, details: &TrainingDetails) -> String {
    use std::fmt::Write;
    // Built in one buffer: the server makes one of these for every training record it saves.
    let mut key = String::with_capacity(64 + details.title.len());
    let _ = write!(key, "{employee}|");
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
        let employee = EmployeeId::from_u128(7);
        let key = duplicate_key(employee, &details("  Diklat   ARSIP Digital "));
        assert_eq!(key, format!("{employee}|diklat arsip digital|2026-05-04|2026-05-05"));
        assert_eq!(key, duplicate_key(employee, &details("diklat arsip digital")));
        assert_ne!(key, duplicate_key(employee, &details("diklat arsip digital 2")));
        assert_ne!(key, duplicate_key(EmployeeId::from_u128(8), &details("diklat arsip digital")));
    }
}

/// Dates on the wire and on disk as `"2026-05-04"`. Written here rather than with `time`'s own
/// serde support, which brings its whole format-description parser into the browser bundle.
pub mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};
    use time::{Date, Month};

    /// `2026-05-04`: the stored and wire form, and what a date input in a browser holds.
    pub fn format(date: Date) -> String {
        format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
    }

    /// The ten characters [`format`] writes, without allocating (every training record's two
    /// dates are written on every save): years 0 to 9999, `None` for others.
    fn digits(date: Date) -> Option<[u8; 10]> {
        let year = u16::try_from(date.year()).ok().filter(|year| *year <= 9999)?;
        let (month, day) = (u16::from(u8::from(date.month())), u16::from(date.day()));
        let digit = |n: u16| b'0' + (n % 10) as u8;
        Some([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(month / 10),
            digit(month),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }

    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        match digits(*date) {
            Some(text) => serializer.serialize_str(std::str::from_utf8(&text).expect("digits and dashes are ASCII")),
            None => serializer.serialize_str(&format(*date)),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).ok_or_else(|| D::Error::custom(format!("expected a date as YYYY-MM-DD, got {text:?}")))
    }

    /// A date written as [`format`] writes it; anything else (`2026-5-4`, a time) is `None`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
        Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
    }

    #[cfg(test)]
    mod tests {
        use time::macros::date;

        #[test]
        fn dates_read_back_and_bad_ones_are_refused() {
            let cases = [
                ("2026-05-04", Some(date!(2026 - 05 - 04))),
                ("2024-02-29", Some(date!(2024 - 02 - 29))),
                ("2026-02-29", None),
                ("2026-13-01", None),
                ("2026-5-4", None),
                ("26-05-04", None),
                ("2026-05-04T00:00", None),
                ("", None),
            ];
            for (text, expected) in cases {
                assert_eq!(super::parse(text), expected, "{text:?}");
                let json = format!("\"{text}\"");
                match expected {
                    Some(date) => {
                        assert_eq!(serde_json::to_string(&Wrapper(date)).unwrap(), json);
                        assert_eq!(super::format(date), text);
                        assert_eq!(serde_json::from_str::<Wrapper>(&json).unwrap(), Wrapper(date));
                    }
                    None => assert!(serde_json::from_str::<Wrapper>(&json).is_err(), "{text:?}"),
                }
            }
            // A year outside 0 to 9999 is written as `format` writes it.
            let far = date!(2026 - 01 - 09).replace_year(-12).unwrap();
            assert_eq!(serde_json::to_string(&Wrapper(far)).unwrap(), format!("\"{}\"", super::format(far)));
        }

        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct Wrapper(#[serde(with = "super")] time::Date);
    }
}
