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
/// (golongan I to XVII) without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scheme", content = "grade", rename_all = "snake_case")]
pub enum Rank {
    Pns(PnsGrade),
    /// PPPK golongan, 1 to 17.
    Pppk(u8),
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
}
