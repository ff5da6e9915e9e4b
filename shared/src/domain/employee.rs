//! Employees (pegawai): identity by NIP, rank, employment type and the roles they hold.

use serde::{Deserialize, Serialize};

use crate::ids::{EmployeeId, PositionId};
pub use crate::rules::nip::{Nip, NipError};

/// The three kinds of ASN employment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EmploymentType {
    /// Pegawai Negeri Sipil: a permanent civil servant.
    Pns,
    /// Calon PNS: in the probation year before becoming PNS.
    Cpns,
    /// Pegawai Pemerintah dengan Perjanjian Kerja: a civil servant on contract.
    Pppk,
}

impl EmploymentType {
    /// The abbreviation as the UI shows it.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Pns => "PNS",
            Self::Cpns => "CPNS",
            Self::Pppk => "PPPK",
        }
    }
}

/// The seventeen PNS grades (golongan/ruang), lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PnsGrade {
    #[serde(rename = "I/a")]
    Ia,
    #[serde(rename = "I/b")]
    Ib,
    #[serde(rename = "I/c")]
    Ic,
    #[serde(rename = "I/d")]
    Id,
    #[serde(rename = "II/a")]
    IIa,
    #[serde(rename = "II/b")]
    IIb,
    #[serde(rename = "II/c")]
    IIc,
    #[serde(rename = "II/d")]
    IId,
    #[serde(rename = "III/a")]
    IIIa,
    #[serde(rename = "III/b")]
    IIIb,
    #[serde(rename = "III/c")]
    IIIc,
    #[serde(rename = "III/d")]
    IIId,
    #[serde(rename = "IV/a")]
    IVa,
    #[serde(rename = "IV/b")]
    IVb,
    #[serde(rename = "IV/c")]
    IVc,
    #[serde(rename = "IV/d")]
    IVd,
    #[serde(rename = "IV/e")]
    IVe,
}

impl PnsGrade {
    /// Every grade, lowest first.
    pub const ALL: [PnsGrade; 17] = {
        use PnsGrade::*;
        [Ia, Ib, Ic, Id, IIa, IIb, IIc, IId, IIIa, IIIb, IIIc, IIId, IVa, IVb, IVc, IVd, IVe]
    };

    /// The grade's code, e.g. "III/a".
    pub const fn code(self) -> &'static str {
        self.code_and_pangkat().0
    }

    /// The rank name (pangkat) that goes with the grade, e.g. "Penata Muda" for III/a.
    pub const fn pangkat(self) -> &'static str {
        self.code_and_pangkat().1
    }

    const fn code_and_pangkat(self) -> (&'static str, &'static str) {
        match self {
            Self::Ia => ("I/a", "Juru Muda"),
            Self::Ib => ("I/b", "Juru Muda Tingkat I"),
            Self::Ic => ("I/c", "Juru"),
            Self::Id => ("I/d", "Juru Tingkat I"),
            Self::IIa => ("II/a", "Pengatur Muda"),
            Self::IIb => ("II/b", "Pengatur Muda Tingkat I"),
            Self::IIc => ("II/c", "Pengatur"),
            Self::IId => ("II/d", "Pengatur Tingkat I"),
            Self::IIIa => ("III/a", "Penata Muda"),
            Self::IIIb => ("III/b", "Penata Muda Tingkat I"),
            Self::IIIc => ("III/c", "Penata"),
            Self::IIId => ("III/d", "Penata Tingkat I"),
            Self::IVa => ("IV/a", "Pembina"),
            Self::IVb => ("IV/b", "Pembina Tingkat I"),
            Self::IVc => ("IV/c", "Pembina Utama Muda"),
            Self::IVd => ("IV/d", "Pembina Utama Madya"),
            Self::IVe => ("IV/e", "Pembina Utama"),
        }
    }
}

/// An employee's rank. PNS and CPNS hold a grade with a pangkat; PPPK hold a contract grade
/// (golongan I to XVII) without one. On the wire `{"scheme": "pns", "grade": "III/a"}` or
/// `{"scheme": "pppk", "grade": 9}`; read by hand (below), written by serde's derive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "scheme", content = "grade", rename_all = "snake_case")]
pub enum Rank {
    Pns(PnsGrade),
    /// PPPK golongan, 1 to 17.
    Pppk(u8),
}

/// Reads a [`Rank`] as the derived `Serialize` writes it, `scheme` first. serde's derived reader
/// for an adjacently tagged enum also accepts `grade` first by buffering it into a generic value,
/// and that generic reader (with the float parsing and formatting it brings) cost the browser
/// app 2.7 kB compressed.
impl<'de> Deserialize<'de> for Rank {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RankVisitor)
    }
}

struct RankVisitor;

impl<'de> serde::de::Visitor<'de> for RankVisitor {
    type Value = Rank;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a rank: its `scheme` first, then its `grade`")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Rank, A::Error> {
        use serde::de::Error;
        if map.next_key::<String>()?.as_deref() != Some("scheme") {
            return Err(A::Error::missing_field("scheme"));
        }
        let scheme: String = map.next_value()?;
        if map.next_key::<String>()?.as_deref() != Some("grade") {
            return Err(A::Error::missing_field("grade"));
        }
        let rank = match scheme.as_str() {
            "pns" => Rank::Pns(map.next_value()?),
            "pppk" => Rank::Pppk(map.next_value()?),
            other => return Err(A::Error::unknown_variant(other, &["pns", "pppk"])),
        };
        match map.next_key::<String>()? {
            None => Ok(rank),
            Some(key) => Err(A::Error::unknown_field(&key, &["scheme", "grade"])),
        }
    }
}

impl std::fmt::Display for Rank {
    /// "Penata Muda (III/a)" for PNS, "Golongan IX" for PPPK.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const ROMAN: [&str; 17] = [
            "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
            "XV", "XVI", "XVII",
        ];
        match self {
            Rank::Pns(grade) => write!(f, "{} ({})", grade.pangkat(), grade.code()),
            Rank::Pppk(number) => match ROMAN.get(usize::from(*number).wrapping_sub(1)) {
                Some(roman) => write!(f, "Golongan {roman}"),
                None => write!(f, "Golongan {number}"),
            },
        }
    }
}

/// What a signed-in user may do. Supervisor is derived from the position tree (someone reports to
/// them), never typed in; HR admin is granted to an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Employee,
    Supervisor,
    HrAdmin,
}

/// One civil servant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employee {
    pub id: EmployeeId,
    pub nip: Nip,
    pub name: String,
    pub rank: Rank,
    pub employment: EmploymentType,
    /// The position held; the unit is the position's unit.
    pub position: PositionId,
    /// Start of service (TMT) in the current employment, if known. The date of birth is in the
    /// NIP.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::iso_date::optional")]
    pub service_start: Option<time::Date>,
    /// Set when they left the agency's service (retired or deactivated): they can no longer sign
    /// in, they hold their position no longer (it is vacant unless others hold it), and their
    /// records stay for the reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub departure: Option<Departure>,
}

/// Why, and since when, an employee is no longer in service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departure {
    pub reason: DepartureReason,
    #[serde(with = "crate::domain::iso_date")]
    pub on: time::Date,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DepartureReason {
    /// Pensiun.
    Retired,
    /// Nonaktif: any other end of service (a transfer out, a dismissal, leave outside the state).
    Deactivated,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_reads_as_pangkat_and_grade() {
        let cases = [
            (Rank::Pns(PnsGrade::IIIa), "Penata Muda (III/a)"),
            (Rank::Pns(PnsGrade::IVe), "Pembina Utama (IV/e)"),
            (Rank::Pppk(9), "Golongan IX"),
            (Rank::Pppk(17), "Golongan XVII"),
            (Rank::Pppk(0), "Golongan 0"),
        ];
        for (rank, expected) in cases {
            assert_eq!(rank.to_string(), expected);
        }
    }

    #[test]
    fn grades_serialise_as_their_codes() {
        assert_eq!(serde_json::to_string(&PnsGrade::IIIb).unwrap(), "\"III/b\"");
        let rank: Rank = serde_json::from_str(r#"{"scheme":"pns","grade":"IV/a"}"#).unwrap();
        assert_eq!(rank, Rank::Pns(PnsGrade::IVa));
    }

    #[test]
    fn ranks_read_back_as_written_and_malformed_ones_are_refused() {
        for rank in [Rank::Pns(PnsGrade::Ia), Rank::Pns(PnsGrade::IIIa), Rank::Pns(PnsGrade::IVe), Rank::Pppk(1), Rank::Pppk(17)] {
            let json = serde_json::to_string(&rank).unwrap();
            assert!(json.starts_with(r#"{"scheme":"#), "{json}");
            assert_eq!(serde_json::from_str::<Rank>(&json).unwrap(), rank, "{json}");
        }
        for bad in [
            r#"{"grade":"IV/a","scheme":"pns"}"#,
            r#"{"scheme":"pns"}"#,
            r#"{"scheme":"pns","grade":9}"#,
            r#"{"scheme":"pppk","grade":"IV/a"}"#,
            r#"{"scheme":"pppk","grade":300}"#,
            r#"{"scheme":"honorer","grade":1}"#,
            r#"{"scheme":"pns","grade":"IV/a","extra":1}"#,
        ] {
            assert!(serde_json::from_str::<Rank>(bad).is_err(), "{bad} was accepted");
        }
    }
}
