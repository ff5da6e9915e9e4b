//! The organisation: a tree of units, and a tree of positions (each with its superior position)
//! that says who reports to whom. Each position carries its competency standard (SKJ).

use serde::{Deserialize, Serialize};

use crate::domain::competency::Level;
use crate::ids::{CompetencyId, EmployeeId, PositionId, UnitId};

/// An organisational unit (unit organisasi): a dinas, bidang, seksi or UPT.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    /// The agency's own code for the unit, which an import matches rows by (empty for a unit
    /// written before codes were kept).
    #[serde(default)]
    pub code: String,
    pub name: String,
    /// The unit this one belongs to; `None` for the agency itself.
    pub parent: Option<UnitId>,
}

/// The tier of a position, which sets its default managerial competency level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionTier {
    /// Jabatan Pimpinan Tinggi Madya (echelon I).
    JptMadya,
    /// Jabatan Pimpinan Tinggi Pratama (echelon II).
    JptPratama,
    /// Jabatan Administrator (echelon III).
    Administrator,
    /// Jabatan Pengawas (echelon IV).
    Pengawas,
    /// Jabatan Pelaksana (non-managerial staff).
    Pelaksana,
    /// Jabatan Fungsional: levels are set per position by HR.
    Fungsional,
}

impl PositionTier {
    /// The tier's name as the UI shows it.
    pub const fn label(self) -> &'static str {
        match self {
            Self::JptMadya => "JPT Madya",
            Self::JptPratama => "JPT Pratama",
            Self::Administrator => "Administrator",
            Self::Pengawas => "Pengawas",
            Self::Pelaksana => "Pelaksana",
            Self::Fungsional => "Fungsional",
        }
    }
}

/// One line of a position's competency standard: the level the position requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredCompetency {
    pub competency: CompetencyId,
    pub level: Level,
}

/// A position (jabatan) in a unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub id: PositionId,
    /// The agency's own code for the position, which an import matches rows by (empty for a
    /// position written before codes were kept).
    #[serde(default)]
    pub code: String,
    pub name: String,
    pub tier: PositionTier,
    pub unit: UnitId,
    /// The superior position (atasan jabatan); `None` at the top of the agency.
    pub superior: Option<PositionId>,
    /// The position's competency standard (Standar Kompetensi Jabatan).
    pub standard: Vec<RequiredCompetency>,
    /// The appraiser (pejabat penilai) HR names for the holders of this position when nobody
    /// above it in the agency supervises them (the agency head): they approve and rate as a
    /// supervisor would. Unused while the position tree gives a supervisor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appraiser: Option<EmployeeId>,
    /// Closed by HR (the position no longer exists in the agency's structure): nobody holds it or
    /// moves into it, no position reports to it; it is kept for the records and the audit trail
    /// that name it, and can be opened again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
}
